//! Probe sets of department and material cells (tests/eval/probe/), written blind by a helper
//! shown neither the engine nor the other sets, then read and tuned on: they guard the rules
//! they showed, and measure nothing new. The sealed half of tests/eval/blind/ is the honest
//! figure. Misses print with `--nocapture`.

use qingdan::dictionary::Dictionaries;
use qingdan::eval::{self, Judged, Tally};

/// One probe set: its department and material cells.
struct Set {
    departments: &'static str,
    materials: &'static str,
}

const PROBE: Set = Set {
    departments: include_str!("eval/probe/departments.tsv"),
    materials: include_str!("eval/probe/materials.tsv"),
};

/// The second probe set (tests/eval/probe2/), written blind on 2026-12-07 by a helper shown
/// only the standard names; its figures before any tuning are in that day's closing note, and
/// it was tuned on after. Its accepted-wrong floors hold cells where its writer and the
/// dictionary disagree, and the dictionary's reading stands: the certificates merged into
/// 营业执照 (issue 16 asks for them as former names), common names (死亡证明, 工作证明, 租赁合同),
/// 浦东新区's 文化体育和旅游局 for 区体育局, 外国专家局 with 人社局 since the 2024 reform, and a
/// 监督所 or 服务中心 read as its body's.
const PROBE2: Set = Set {
    departments: include_str!("eval/probe2/departments.tsv"),
    materials: include_str!("eval/probe2/materials.tsv"),
};

/// The fourth probe set (tests/eval/probe4/), written blind on 2026-12-07 by a helper shown
/// only the standard names, read once before tuning (departments 91.9% right / 0.80% wrong,
/// 98.0% / 0.80% shipped; materials 71.8% / 1.04%, 83.8% / 1.55% shipped), then tuned on.
const PROBE4: Set = Set {
    departments: include_str!("eval/probe4/departments.tsv"),
    materials: include_str!("eval/probe4/materials.tsv"),
};

/// Judges one probe set with one dictionary, prints its misses, returns its tally.
fn run(set: &Set, dict: &Dictionaries, departments: bool, label: &str) -> Tally {
    let tsv = if departments {
        set.departments
    } else {
        set.materials
    };
    let judged = eval::judge_set(dict, departments, tsv);
    let (total, by_kind) = eval::tally(&judged);
    println!("{label}: {}", total.line());
    for (kind, t) in &by_kind {
        println!("    {kind:<22} {}", t.line());
    }
    show_misses(label, &judged);
    total
}

fn show_misses(label: &str, judged: &[Judged]) {
    for line in judged
        .iter()
        .filter_map(|j| eval::miss_line(label, j, true))
    {
        println!("{line}");
    }
}

/// Fails below `correct` accepted right, above `wrong` accepted wrong or above `negatives`
/// of the must-not-match cells accepted.
fn floor(t: &Tally, correct: f64, wrong: f64, negatives: f64) {
    t.assert_floor("probe", correct, wrong);
    assert!(t.negatives_accepted_rate() <= negatives, "{}", t.line());
}

#[test]
fn probe_departments_with_standard_names_only() {
    let dict = eval::names_only(&Dictionaries::embedded().unwrap());
    floor(
        &run(&PROBE, &dict, true, "departments/names"),
        0.85,
        0.009,
        0.01,
    );
}

#[test]
fn probe_departments_with_the_shipped_dictionary() {
    let dict = Dictionaries::embedded().unwrap();
    floor(&run(&PROBE, &dict, true, "departments"), 0.90, 0.013, 0.027);
}

#[test]
fn probe_materials_with_standard_names_only() {
    let dict = eval::names_only(&Dictionaries::embedded().unwrap());
    // The probe's writer labels former names of merged certificates ambiguous (组织机构代码证,
    // 税务登记证, 暂住证, 建设用地批准书); issue 16 and the reforms make them former names, which
    // reforms.csv now gives a names-only dictionary too: four more accepted against its labels,
    // as the shipped dictionary always had them.
    floor(
        &run(&PROBE, &dict, false, "materials/names"),
        0.74,
        0.04,
        0.16,
    );
}

#[test]
fn probe_materials_with_the_shipped_dictionary() {
    let dict = Dictionaries::embedded().unwrap();
    floor(&run(&PROBE, &dict, false, "materials"), 0.86, 0.05, 0.18);
}

#[test]
fn probe2_departments_with_standard_names_only() {
    let dict = eval::names_only(&Dictionaries::embedded().unwrap());
    floor(
        &run(&PROBE2, &dict, true, "probe2 departments/names"),
        0.91,
        0.009,
        0.03,
    );
}

#[test]
fn probe2_departments_with_the_shipped_dictionary() {
    let dict = Dictionaries::embedded().unwrap();
    floor(
        &run(&PROBE2, &dict, true, "probe2 departments"),
        0.97,
        0.013,
        0.05,
    );
}

#[test]
fn probe2_materials_with_standard_names_only() {
    let dict = eval::names_only(&Dictionaries::embedded().unwrap());
    floor(
        &run(&PROBE2, &dict, false, "probe2 materials/names"),
        0.80,
        0.015,
        0.06,
    );
}

#[test]
fn probe2_materials_with_the_shipped_dictionary() {
    let dict = Dictionaries::embedded().unwrap();
    floor(
        &run(&PROBE2, &dict, false, "probe2 materials"),
        0.89,
        0.015,
        0.06,
    );
}

/// The third probe set (tests/eval/probe3/), written blind on 2026-12-07 by a helper shown
/// only the standard names, less every cell another set has: sealed. Its figures print, its
/// rows never do, and nobody tunes on it; the floors sit under its first reading.
fn sealed(departments: bool, names_only: bool, label: &str) -> Tally {
    let shipped = Dictionaries::embedded().unwrap();
    let dict = if names_only {
        eval::names_only(&shipped)
    } else {
        shipped
    };
    let tsv = if departments {
        include_str!("eval/probe3/departments.tsv")
    } else {
        include_str!("eval/probe3/materials.tsv")
    };
    let (total, _) = eval::tally(&eval::judge_set(&dict, departments, tsv));
    println!("{label}: {}", total.line());
    total
}

#[test]
fn probe3_sealed_departments() {
    // First reading: 75.6% / 0.00% / 0 of 22 names only, 79.5% / 0.00% / 0 shipped.
    let t = sealed(true, true, "probe3 departments/names");
    floor(&t, 0.75, 0.005, 0.01);
    let t = sealed(true, false, "probe3 departments");
    floor(&t, 0.79, 0.005, 0.01);
}

#[test]
fn probe3_sealed_materials() {
    // First reading: 69.6% / 2.88% / 3 of 89 names only, 81.7% / 2.56% / 2 shipped.
    // A sentence read for what it hands in (2026-12-07) took one more cell to a wrong answer
    // here, with either dictionary; its rows stay unread. The generic names (material_terms.csv,
    // 2026-12-07) took one back, and a later rule of that day one more (names only; which of
    // 547471c and db2d0e0, unread): the wrong ceilings follow.
    // The nationwide names moved to reforms.csv (2026-12-08) raised the names-only right rate
    // to 86.6% (read once); its floor follows.
    let t = sealed(false, true, "probe3 materials/names");
    floor(&t, 0.85, 0.018, 0.03);
    let t = sealed(false, false, "probe3 materials");
    floor(&t, 0.81, 0.017, 0.03);
}

#[test]
fn probe4_departments_with_standard_names_only() {
    let dict = eval::names_only(&Dictionaries::embedded().unwrap());
    floor(
        &run(&PROBE4, &dict, true, "probe4 departments/names"),
        0.91,
        0.009,
        0.03,
    );
}

#[test]
fn probe4_departments_with_the_shipped_dictionary() {
    let dict = Dictionaries::embedded().unwrap();
    floor(
        &run(&PROBE4, &dict, true, "probe4 departments"),
        0.97,
        0.009,
        0.03,
    );
}

#[test]
fn probe4_materials_with_standard_names_only() {
    let dict = eval::names_only(&Dictionaries::embedded().unwrap());
    floor(
        &run(&PROBE4, &dict, false, "probe4 materials/names"),
        // The nationwide names of reforms.csv (2026-12-08) carry the shipped aliases that are
        // not Shanghai's, and with them the shipped dictionary's wrong answers here.
        0.88,
        0.009,
        0.043,
    );
}

#[test]
fn probe4_materials_with_the_shipped_dictionary() {
    let dict = Dictionaries::embedded().unwrap();
    floor(
        &run(&PROBE4, &dict, false, "probe4 materials"),
        0.88,
        0.009,
        0.043,
    );
}
