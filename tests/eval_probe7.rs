//! The seventh probe set (tests/eval/probe7/), written blind on 2026-12-07 by three helpers
//! shown only the standard names (the 使用方式 writer only the five methods): 2,149
//! material cells, 1,163 department cells and 501 使用方式 texts as bureaus write them.
//! A cell keeps the half it had in the set it was first seen in (tests/common): dev in a set
//! tuned whole or a dev half, sealed in probe3 or a sealed half; the rest split by a fixed
//! hash of the text.
//!
//! First read, at 34796b3 (accepted right / wrong, names only then shipped): departments dev
//! 93.6% / 0.37%, 96.3% / 0.25%, sealed 87.2% / 0.56%, 88.3% / 0.84%; materials dev 76.6% /
//! 0.43%, 89.4% / 0.72%, sealed 76.6% / 1.30%, 84.8% / 1.69%; 使用方式 dev 224/234 clear,
//! 116/118 flagged, 3 wrong, sealed 80/92, 53/57, 4 wrong. Floors sit under the first read.

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
    seen_is_dev: false,
};

#[test]
fn probe7_departments_with_standard_names_only() {
    let dict = eval::names_only(&Dictionaries::embedded().unwrap());
    floor(
        &PROBE.run(&dict, true, "departments/names"),
        [(0.93, 0.005), (0.865, 0.007)],
    );
}

#[test]
fn probe7_departments_with_the_shipped_dictionary() {
    let dict = Dictionaries::embedded().unwrap();
    floor(
        &PROBE.run(&dict, true, "departments"),
        [(0.96, 0.004), (0.875, 0.010)],
    );
}

#[test]
fn probe7_methods() {
    PROBE.methods([(0.95, 0.98, 3), (0.86, 0.92, 4)]);
}

#[test]
fn probe7_materials_with_standard_names_only() {
    let dict = eval::names_only(&Dictionaries::embedded().unwrap());
    floor(
        &PROBE.run(&dict, false, "materials/names"),
        [(0.76, 0.006), (0.76, 0.015)],
    );
}

#[test]
fn probe7_materials_with_the_shipped_dictionary() {
    let dict = Dictionaries::embedded().unwrap();
    floor(
        &PROBE.run(&dict, false, "materials"),
        [(0.89, 0.009), (0.84, 0.019)],
    );
}

/// A cell of an earlier sealed half is sealed here too: this probe's dev misses never show it.
#[test]
fn probe7_keeps_earlier_sealed_cells_sealed() {
    assert!(PROBE.check_kept_halves() > 0);
}
