//! What the split probe sets (probe5, probe6) share: which half a cell is in, and how a
//! kind is judged and reported. A cell any earlier set has was seen, so it goes to the dev
//! half; the others split by a fixed hash of the text. Only the dev half's misses print
//! (`--nocapture`; `SHOW_ALL=1` adds reviews); the sealed half's are counted and never shown.

use std::collections::HashSet;

use qingdan::dictionary::Dictionaries;
use qingdan::eval::{self, Half, MethodTally, Tally};
use qingdan::methods::Classifier;

/// One probe set: its files, and every file of the sets written before it.
pub struct Probe {
    /// The name its report lines start with.
    pub name: &'static str,
    pub departments: &'static str,
    pub materials: &'static str,
    pub methods: &'static str,
    /// The earlier sets' files: a cell they have is never sealed.
    pub others: &'static [&'static str],
}

impl Probe {
    /// The first column of every row of the earlier sets.
    fn seen(&self) -> HashSet<&'static str> {
        self.others
            .iter()
            .flat_map(|t| t.lines().skip(1))
            .filter_map(|l| l.split('\t').next())
            .collect()
    }

    /// Judges one kind with one dictionary; prints both halves (the dev half's misses too)
    /// and returns each half's tally.
    pub fn run(&self, dict: &Dictionaries, departments: bool, label: &str) -> [(Half, Tally); 2] {
        let seen = self.seen();
        let text = if departments {
            self.departments
        } else {
            self.materials
        };
        let mut judged = eval::judge_set(dict, departments, text);
        // The writers were asked to label a cell naming several bodies `none`, as no one
        // body: the engine names each and flags the cell (dept-multiple), no wrong answer.
        for j in &mut judged {
            if j.case.note == "multi_none" && j.got.len() >= 2 {
                j.decision = qingdan::matching::Decision::Review;
            }
        }
        let all = std::env::var_os("SHOW_ALL").is_some();
        let label = format!("{} {label}", self.name);
        let (halves, lines) = eval::report_halves(&judged, &label, |t| half_of(t, &seen), all);
        for line in lines {
            println!("{line}");
        }
        halves
    }

    /// Judges the 使用方式 texts; prints each half (the dev half's misses too) and fails
    /// below `floors` (clear right, flagged, wrong) of that half.
    pub fn methods(&self, floors: [(f64, f64, usize); 2]) {
        let c = Classifier::new(&Dictionaries::embedded().unwrap());
        let seen = self.seen();
        for (h, (clear, flagged, wrong)) in [Half::Dev, Half::Sealed].into_iter().zip(floors) {
            let t = MethodTally::judge(&c, self.methods, |text| half_of(text, &seen) == h);
            if h == Half::Dev {
                for (kind, text, expected, got) in &t.misses {
                    println!(
                        "  MISS {} methods [{kind}] {text:?}: expected {expected}, got {got}",
                        self.name
                    );
                }
            }
            println!("{} methods {h:?}: {}", self.name, t.line());
            t.assert_floors(&format!("{h:?}"), clear, flagged, wrong);
        }
    }
}

/// Which half a cell is in.
fn half_of(text: &str, seen: &HashSet<&str>) -> Half {
    if seen.contains(text) {
        Half::Dev
    } else {
        eval::half(text)
    }
}

/// Fails below `correct` accepted right or above `wrong` accepted wrong, per half.
pub fn floor(halves: &[(Half, Tally); 2], floors: [(f64, f64); 2]) {
    for ((h, t), (correct, wrong)) in halves.iter().zip(floors) {
        t.assert_floor(&format!("{h:?}"), correct, wrong);
    }
}
