//! Accuracy of the matching engine on the labelled evaluation set (tests/eval), with the
//! shipped dictionary and with a dictionary of standard names only. Thresholds are set from
//! measurement; run with `--nocapture` to see the figures.

use qingdan::dictionary::Dictionaries;
use qingdan::eval::{self, Judged, Tally};

const DEPTS: &str = include_str!("eval/departments.tsv");
const MATERIALS: &str = include_str!("eval/materials.tsv");

fn run(dict: &Dictionaries, dept: bool) -> (Tally, Vec<Judged>) {
    let judged = eval::judge_set(dict, dept, if dept { DEPTS } else { MATERIALS });
    let (total, by_note) = eval::tally(&judged);
    for (note, t) in &by_note {
        println!("    {note:<16} {}", t.line());
    }
    (total, judged)
}

fn show_errors(label: &str, judged: &[Judged]) {
    for j in judged {
        let wrong_auto =
            j.decision == qingdan::matching::Decision::Auto && j.got != j.case.expected;
        if std::env::var("SHOW_ALL").is_ok()
            && j.decision != qingdan::matching::Decision::Auto
            && !j.case.expected.is_empty()
        {
            println!(
                "  MISSED {label} {:?}: {} [{}] -> {:?} expected {:?} ({})",
                j.decision, j.case.input, j.case.context, j.got, j.case.expected, j.why
            );
        }
        if wrong_auto {
            println!(
                "  AUTO-WRONG {label}: {} [{}] -> {:?} expected {:?} ({})",
                j.case.input, j.case.context, j.got, j.case.expected, j.why
            );
        }
    }
}

/// Fails below the measured floor: auto-correct at least `correct`, wrong accepts at most
/// `wrong` of all rows, must-not-match rows accepted at most `negatives`.
fn assert_floor(t: &Tally, correct: f64, wrong: f64, negatives: f64) {
    t.assert_floor("team set", correct, wrong);
    assert!(
        t.negatives_accepted_rate() <= negatives,
        "must-not-match accepted above {negatives}: {}",
        t.line()
    );
}

#[test]
fn departments_with_the_shipped_dictionary() {
    let dict = Dictionaries::embedded().unwrap();
    let (t, judged) = run(&dict, true);
    println!("departments, shipped dictionary: {}", t.line());
    show_errors("dept", &judged);
    assert_floor(&t, 0.985, 0.001, 0.005);
}

#[test]
fn departments_with_standard_names_only() {
    let dict = eval::names_only(&Dictionaries::embedded().unwrap());
    let (t, judged) = run(&dict, true);
    println!("departments, standard names only: {}", t.line());
    show_errors("dept/names", &judged);
    assert_floor(&t, 0.90, 0.001, 0.005);
}

#[test]
fn materials_with_the_shipped_dictionary() {
    let dict = Dictionaries::embedded().unwrap();
    let (t, judged) = run(&dict, false);
    println!("materials, shipped dictionary: {}", t.line());
    show_errors("material", &judged);
    // 0.95 until 经营场所证明 became a name several materials go by (reforms.csv, shared):
    // four blind writers label it vague, this set 场地使用证明.
    assert_floor(&t, 0.945, 0.001, 0.005);
}

#[test]
fn materials_with_standard_names_only() {
    let dict = eval::names_only(&Dictionaries::embedded().unwrap());
    let (t, judged) = run(&dict, false);
    println!("materials, standard names only: {}", t.line());
    show_errors("material/names", &judged);
    assert_floor(&t, 0.91, 0.001, 0.005);
}
