//! The fifth probe set (tests/eval/probe5/), written blind on 2026-12-07 by a helper shown
//! only the standard names: 1,408 material cells, 602 department cells and 380 使用方式
//! texts. Split as the blind set is, by a fixed hash of the text; a cell any other set has
//! (tests/eval/*) goes to the dev half, so the sealed half holds only cells no set showed.
//!
//! Only the dev half's misses print (`--nocapture`; `SHOW_ALL=1` adds reviews); the sealed
//! half's are counted and never shown, so nobody tunes on them.
//!
//! First read, at bc89ec4 (shipped dictionary, accepted right / wrong): materials dev 90.3% /
//! 1.27%, sealed 86.3% / 0.22%; departments dev 97.4% / 0.20%, sealed 74.4% / 0.98%;
//! 使用方式 dev 169/187 clear, 69/79 flagged, 10 wrong, sealed 74/89, 21/25, 4 wrong.

use std::collections::HashSet;

use qingdan::dictionary::Dictionaries;
use qingdan::eval::{self, Half, MethodTally, Tally};
use qingdan::methods::Classifier;

const DEPARTMENTS: &str = include_str!("eval/probe5/departments.tsv");
const MATERIALS: &str = include_str!("eval/probe5/materials.tsv");
const METHODS: &str = include_str!("eval/probe5/methods.tsv");

/// Every other set's files: a cell they have was seen, so it is never sealed.
const OTHERS: [&str; 17] = [
    include_str!("eval/departments.tsv"),
    include_str!("eval/materials.tsv"),
    include_str!("eval/methods.tsv"),
    include_str!("eval/blind/departments.tsv"),
    include_str!("eval/blind/materials.tsv"),
    include_str!("eval/blind/methods.tsv"),
    include_str!("eval/probe/departments.tsv"),
    include_str!("eval/probe/materials.tsv"),
    include_str!("eval/probe/methods.tsv"),
    include_str!("eval/probe2/departments.tsv"),
    include_str!("eval/probe2/materials.tsv"),
    include_str!("eval/probe2/methods.tsv"),
    include_str!("eval/probe3/departments.tsv"),
    include_str!("eval/probe3/materials.tsv"),
    include_str!("eval/probe4/departments.tsv"),
    include_str!("eval/probe4/materials.tsv"),
    include_str!("eval/probe4/methods.tsv"),
];

/// The first column of every row of the other sets.
fn seen() -> HashSet<&'static str> {
    OTHERS
        .iter()
        .flat_map(|t| t.lines().skip(1))
        .filter_map(|l| l.split('\t').next())
        .collect()
}

/// Which half a cell is in.
fn half_of(text: &str, seen: &HashSet<&str>) -> Half {
    if seen.contains(text) {
        Half::Dev
    } else {
        eval::half(text)
    }
}

/// Judges one kind with one dictionary; prints both halves (the dev half's misses too) and
/// returns each half's tally.
fn run(dict: &Dictionaries, departments: bool, label: &str) -> [(Half, Tally); 2] {
    let seen = seen();
    let text = if departments { DEPARTMENTS } else { MATERIALS };
    let mut judged = eval::judge_set(dict, departments, text);
    // The writer was asked to label a cell naming several bodies `none`, as no one body: the
    // engine names each and flags the cell (dept-multiple), which is no wrong answer.
    for j in &mut judged {
        if j.case.note == "multi_none" && j.got.len() >= 2 {
            j.decision = qingdan::matching::Decision::Review;
        }
    }
    let all = std::env::var_os("SHOW_ALL").is_some();
    let (halves, lines) = eval::report_halves(&judged, label, |t| half_of(t, &seen), all);
    for line in lines {
        println!("{line}");
    }
    halves
}

/// Fails below `correct` accepted right or above `wrong` accepted wrong, per half.
fn floor(halves: &[(Half, Tally); 2], floors: [(f64, f64); 2]) {
    for ((h, t), (correct, wrong)) in halves.iter().zip(floors) {
        t.assert_floor(&format!("{h:?}"), correct, wrong);
    }
}

#[test]
fn probe5_departments_with_standard_names_only() {
    let dict = eval::names_only(&Dictionaries::embedded().unwrap());
    floor(
        &run(&dict, true, "probe5 departments/names"),
        [(0.90, 0.005), (0.77, 0.012)],
    );
}

#[test]
fn probe5_departments_with_the_shipped_dictionary() {
    let dict = Dictionaries::embedded().unwrap();
    floor(
        &run(&dict, true, "probe5 departments"),
        [(0.98, 0.005), (0.78, 0.012)],
    );
}

#[test]
fn probe5_materials_with_standard_names_only() {
    let dict = eval::names_only(&Dictionaries::embedded().unwrap());
    floor(
        &run(&dict, false, "probe5 materials/names"),
        [(0.80, 0.007), (0.83, 0.005)],
    );
}

#[test]
fn probe5_materials_with_the_shipped_dictionary() {
    let dict = Dictionaries::embedded().unwrap();
    floor(
        &run(&dict, false, "probe5 materials"),
        [(0.92, 0.009), (0.89, 0.005)],
    );
}

#[test]
fn probe5_methods() {
    let c = Classifier::new(&Dictionaries::embedded().unwrap());
    let seen = seen();
    for h in [Half::Dev, Half::Sealed] {
        let t = MethodTally::judge(&c, METHODS, |text| half_of(text, &seen) == h);
        if h == Half::Dev {
            for (kind, text, expected, got) in &t.misses {
                println!("  MISS probe5 methods [{kind}] {text:?}: expected {expected}, got {got}");
            }
        }
        println!("probe5 methods {h:?}: {}", t.line());
        // Floors under each half as measured on 2026-12-07 after tuning on the dev half.
        let (clear, flagged, wrong) = match h {
            Half::Dev => (0.97, 0.87, 10),
            Half::Sealed => (0.85, 0.84, 4),
        };
        t.assert_floors(&format!("{h:?}"), clear, flagged, wrong);
    }
}
