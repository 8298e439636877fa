//! Accuracy of the 使用方式 classifier on the labelled set tests/eval/methods.tsv.
//! Run with `--nocapture` to see the figures and the misclassified rows.

use qingdan::dictionary::Dictionaries;
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

/// A probe set of 420 texts a helper wrote blind (tests/eval/probe/methods.tsv), read once
/// to find what the blind set's dev half lacked, then tuned on: it guards those rules, and
/// measures nothing new. Where its labels differ from the team set's and the blind dev
/// half's (it calls 不再要求提供 and 不实行告知承诺 unclear; they say 取消 and 不减), theirs
/// stand: those are the accepted-wrong rows the floor allows.
#[test]
fn method_probe_set() {
    const PROBE: &str = include_str!("eval/probe/methods.tsv");
    let c = Classifier::new(&Dictionaries::embedded().unwrap());
    let (mut clear, mut clear_right, mut amb, mut amb_flagged, mut wrong) = (0, 0, 0, 0, 0);
    for line in PROBE.lines().skip(1).filter(|l| !l.is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        let (text, expected, kind) = (f[0], f[1], f[2]);
        let got = qingdan::eval::method_label(&c.classify(text).class);
        let is_method = !["unclear", "conflict", "missing"].contains(&got.as_str());
        let ok = if kind.starts_with("clear") {
            clear += 1;
            got == expected
        } else {
            amb += 1;
            !is_method
        };
        if kind.starts_with("clear") {
            clear_right += usize::from(ok);
        } else {
            amb_flagged += usize::from(ok);
        }
        wrong += usize::from(is_method && !ok);
        if !ok {
            println!("  MISS probe [{kind}] {text:?}: expected {expected}, got {got}");
        }
    }
    println!(
        "probe: clear right {clear_right}/{clear}, ambiguous flagged {amb_flagged}/{amb}, accepted wrong {wrong}"
    );
    assert!(
        clear >= 250 && amb >= 150,
        "the set has {clear} + {amb} rows"
    );
    assert!(
        clear_right as f64 >= 0.93 * clear as f64,
        "clear texts fell"
    );
    assert!(
        amb_flagged as f64 >= 0.92 * amb as f64,
        "ambiguous texts fell"
    );
    assert!(wrong <= 10, "{wrong} accepted wrong");
}
