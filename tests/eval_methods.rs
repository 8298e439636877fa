//! Accuracy of the 使用方式 classifier on the labelled set tests/eval/methods.tsv.
//! Run with `--nocapture` to see the figures and the misclassified rows.

use qingdan::dictionary::Dictionaries;
use qingdan::eval::{self, Half};
use qingdan::methods::Classifier;

const METHODS: &str = include_str!("eval/methods.tsv");

#[test]
fn method_classification_accuracy() {
    let c = Classifier::new(&Dictionaries::embedded().unwrap());
    let mut total = 0;
    let mut right = 0;
    let mut per: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for line in METHODS.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let (text, expected) = (f[0], f.get(1).copied().unwrap_or(""));
        let got = qingdan::eval::method_label(&c.classify(text).class);
        total += 1;
        let e = per.entry(expected.to_string()).or_default();
        e.0 += 1;
        if got == expected {
            right += 1;
            e.1 += 1;
        } else {
            println!(
                "  MISS {text:?}: expected {expected}, got {got} ({})",
                c.classify(text).why
            );
        }
    }
    for (label, (n, ok)) in &per {
        println!("    {label:<8} {ok}/{n}");
    }
    let acc = right as f64 / total as f64;
    println!("methods: {right}/{total} = {:.1}%", 100.0 * acc);
    assert!(total >= 150, "the set has {total} rows");
    assert!(acc >= 0.97, "accuracy fell to {acc:.3}");
}

/// Classifies every text of a probe set, prints its misses and its figures.
fn judge_probe(tsv: &str, label: &str) -> qingdan::eval::MethodTally {
    let c = Classifier::new(&Dictionaries::embedded().unwrap());
    let t = qingdan::eval::MethodTally::judge(&c, tsv, |_| true);
    for (kind, text, expected, got) in &t.misses {
        println!("  MISS {label} [{kind}] {text:?}: expected {expected}, got {got}");
    }
    println!("{label}: {}", t.line());
    t
}

/// A probe set of 420 texts a helper wrote blind (tests/eval/probe/methods.tsv), read once
/// to find what the blind set's dev half lacked, then tuned on: it guards those rules, and
/// measures nothing new. Where its labels differ from the team set's and the blind dev
/// half's (it calls 不再要求提供 and 不取消 unclear; they say 取消 and 不减), theirs stand:
/// those are the accepted-wrong rows the floor allows. A method denied alone (不实行告知承诺)
/// it calls unclear, as probe8 does; since 2026-12-08 the classifier and the team set do too.
#[test]
fn method_probe_set() {
    let t = judge_probe(include_str!("eval/probe/methods.tsv"), "probe");
    assert!(
        t.clear >= 250 && t.ambiguous >= 150,
        "the set has {} + {} rows",
        t.clear,
        t.ambiguous
    );
    t.assert_floors("probe", 0.96, 0.95, 6);
}

/// The second probe set (tests/eval/probe2/methods.tsv), written blind on 2026-12-07, read
/// once before tuning (147/168 clear right, 93/96 flagged, 3 wrong), then tuned on.
#[test]
fn method_probe2_set() {
    let t = judge_probe(include_str!("eval/probe2/methods.tsv"), "probe2");
    // Its accepted-wrong rows: the channel phrases alone (后台核验, 系统核验), which its writer
    // calls unclear and issue 17 and the other sets read as 数据核验.
    t.assert_floors("probe2", 0.97, 0.96, 2);
}

/// The third probe set (tests/eval/probe3/methods.tsv), written blind on 2026-12-07, less
/// every text another set has: sealed, so only its figures print.
#[test]
fn method_probe3_sealed() {
    let c = Classifier::new(&Dictionaries::embedded().unwrap());
    let t =
        qingdan::eval::MethodTally::judge(&c, include_str!("eval/probe3/methods.tsv"), |_| true);
    println!("probe3: {}", t.line());
    // First reading: 73/83 clear right, 46/50 flagged, 4 wrong.
    t.assert_floors("probe3", 0.87, 0.91, 4);
}

/// The fourth probe set (tests/eval/probe4/methods.tsv), written blind on 2026-12-07 by a
/// helper shown only the standard names, read once before tuning (225/240 clear right,
/// 118/124 flagged, 9 wrong), then tuned on.
#[test]
fn method_probe4_set() {
    let t = judge_probe(include_str!("eval/probe4/methods.tsv"), "probe4");
    // Its accepted-wrong rows: 取消，采用电子证照核验 and 取消并签署承诺书, which its writer calls
    // conflicts and the other sets read as the method that replaces the paper.
    t.assert_floors("probe4", 0.99, 0.98, 3);
}

/// The eighth probe (tests/eval/probe8/methods.tsv): 500 使用方式 texts a helper wrote blind on
/// 2026-12-08, shown neither the classifier nor any set, less the 220 texts an earlier set
/// has; split by the hash as the blind set is. First reading: dev 99/102 clear right, 43/52
/// flagged, 9 wrong; sealed 81/86, 32/40, 8 wrong. Most wrong answers were one method denied
/// (不采用告知承诺, 非数据核验): this writer, like the first probe's, calls them unclear, and
/// since 2026-12-08 the classifier does too. Its dev half is tuned on (now 102/102, 51/52, 1
/// wrong: 不能告知承诺, which the other sets' 不能取消 reads as 不减).
#[test]
fn method_probe8_halves() {
    judge_halves(
        "probe8",
        include_str!("eval/probe8/methods.tsv"),
        (0.98, 0.95, 2),
        (0.93, 0.85, 5),
    );
}

/// The ninth probe (tests/eval/probe9/methods.tsv): 500 使用方式 texts a helper wrote blind on
/// 2026-12-08, shown neither the classifier nor any set, less the 186 texts an earlier set
/// has; split by the hash as the blind set is. First reading: dev 93/105 clear right, 48/58
/// flagged, 11 wrong; sealed 83/92, 48/59, 13 wrong. Its dev half is tuned on since (不使用
/// and 暂不能 read as negations: 49/58, 10 wrong). Many of its wrong answers are labels the
/// other sets read otherwise: a bare 否 or × is 不减 here, a population split with paper for
/// the rest is the method, and what cannot be done (不能共享) is unclear.
#[test]
fn method_probe9_halves() {
    judge_halves(
        "probe9",
        include_str!("eval/probe9/methods.tsv"),
        (0.88, 0.84, 11),
        (0.89, 0.80, 14),
    );
}

/// Judges a blind probe split by the hash: prints the dev half's misses and both halves'
/// figures (never a sealed row), and holds each half to its floors (clear right, ambiguous
/// flagged, most accepted wrong).
fn judge_halves(name: &str, tsv: &str, dev: (f64, f64, usize), sealed: (f64, f64, usize)) {
    let c = Classifier::new(&Dictionaries::embedded().unwrap());
    for (h, (clear, flagged, wrong)) in [(Half::Dev, dev), (Half::Sealed, sealed)] {
        let t = qingdan::eval::MethodTally::judge(&c, tsv, |text| eval::half(text) == h);
        if h == Half::Dev {
            for (kind, text, expected, got) in &t.misses {
                println!("  MISS {name} [{kind}] {text:?}: expected {expected}, got {got}");
            }
        }
        println!("{name} methods {h:?}: {}", t.line());
        t.assert_floors(&format!("{name} {h:?}"), clear, flagged, wrong);
    }
}
