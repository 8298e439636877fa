//! The seventh probe set (tests/eval/probe7/), written blind on 2026-12-07 by three helpers
//! shown only the standard names (the 使用方式 writer only the five methods): 2,149
//! material cells, 1,163 department cells and 501 使用方式 texts as bureaus write them.
//! Split as probe5 and probe6 are (tests/common): a cell any earlier set has goes to the dev
//! half, the rest by a fixed hash of the text.
//!
//! First read, at 34796b3 (accepted right / wrong, names only then shipped): departments dev
//! 93.1% / 0.45%, 95.9% / 0.34%, sealed 87.1% / 0.35%, 87.6% / 0.71%; materials dev 77.2% /
//! 0.58%, 90.0% / 0.84%, sealed 75.0% / 1.16%, 82.2% / 1.66%; 使用方式 dev 240/250 clear,
//! 118/120 flagged, 3 wrong, sealed 64/76, 51/55, 4 wrong. Floors sit under the first read.

mod common;

use common::{Probe, floor};
use qingdan::dictionary::Dictionaries;
use qingdan::eval;

const PROBE: Probe = Probe {
    name: "probe7",
    departments: include_str!("eval/probe7/departments.tsv"),
    materials: include_str!("eval/probe7/materials.tsv"),
    methods: include_str!("eval/probe7/methods.tsv"),
    earlier: &[&common::PROBE5, &common::PROBE6],
};

#[test]
fn probe7_departments_with_standard_names_only() {
    let dict = eval::names_only(&Dictionaries::embedded().unwrap());
    floor(
        &PROBE.run(&dict, true, "departments/names"),
        [(0.925, 0.006), (0.865, 0.005)],
    );
}

#[test]
fn probe7_departments_with_the_shipped_dictionary() {
    let dict = Dictionaries::embedded().unwrap();
    floor(
        &PROBE.run(&dict, true, "departments"),
        [(0.955, 0.005), (0.87, 0.009)],
    );
}

#[test]
fn probe7_methods() {
    PROBE.methods([(0.955, 0.98, 3), (0.84, 0.92, 4)]);
}

#[test]
fn probe7_materials_with_standard_names_only() {
    let dict = eval::names_only(&Dictionaries::embedded().unwrap());
    floor(
        &PROBE.run(&dict, false, "materials/names"),
        [(0.765, 0.007), (0.745, 0.013)],
    );
}

#[test]
fn probe7_materials_with_the_shipped_dictionary() {
    let dict = Dictionaries::embedded().unwrap();
    floor(
        &PROBE.run(&dict, false, "materials"),
        [(0.895, 0.010), (0.815, 0.018)],
    );
}
