//! What the split probe sets (probe5, probe6, probe7) share: which half a cell is in, and how a
//! kind is judged and reported. A cell any earlier set has was seen, so it goes to the dev
//! half; the others split by a fixed hash of the text. Only the dev half's misses print
//! (`--nocapture`; `SHOW_ALL=1` adds reviews); the sealed half's are counted and never shown.

use std::collections::HashSet;

use qingdan::dictionary::Dictionaries;
use qingdan::eval::{self, Half, MethodTally, Tally};
use qingdan::methods::Classifier;

/// The files of every set written before the split probes: a cell they have was seen.
const UNSPLIT: [&str; 17] = [
    include_str!("../eval/departments.tsv"),
    include_str!("../eval/materials.tsv"),
    include_str!("../eval/methods.tsv"),
    include_str!("../eval/blind/departments.tsv"),
    include_str!("../eval/blind/materials.tsv"),
    include_str!("../eval/blind/methods.tsv"),
    include_str!("../eval/probe/departments.tsv"),
    include_str!("../eval/probe/materials.tsv"),
    include_str!("../eval/probe/methods.tsv"),
    include_str!("../eval/probe2/departments.tsv"),
    include_str!("../eval/probe2/materials.tsv"),
    include_str!("../eval/probe2/methods.tsv"),
    include_str!("../eval/probe3/departments.tsv"),
    include_str!("../eval/probe3/materials.tsv"),
    include_str!("../eval/probe4/departments.tsv"),
    include_str!("../eval/probe4/materials.tsv"),
    include_str!("../eval/probe4/methods.tsv"),
];

/// The fifth probe (tests/eval_probe5.rs), which the sixth was written after.
pub const PROBE5: Probe = Probe {
    name: "probe5",
    departments: include_str!("../eval/probe5/departments.tsv"),
    materials: include_str!("../eval/probe5/materials.tsv"),
    methods: include_str!("../eval/probe5/methods.tsv"),
    earlier: &[],
};

/// The sixth probe (tests/eval_probe6.rs), which the seventh was written after.
// Each test binary compiles this module; eval_probe5's has no use for it.
#[allow(dead_code)]
pub const PROBE6: Probe = Probe {
    name: "probe6",
    departments: include_str!("../eval/probe6/departments.tsv"),
    materials: include_str!("../eval/probe6/materials.tsv"),
    methods: include_str!("../eval/probe6/methods.tsv"),
    earlier: &[&PROBE5],
};

/// One probe set: its files, and the split probes written before it.
pub struct Probe {
    /// The name its report lines start with.
    pub name: &'static str,
    pub departments: &'static str,
    pub materials: &'static str,
    pub methods: &'static str,
    /// The split probes written before it; with `UNSPLIT`, a cell they have is never sealed.
    pub earlier: &'static [&'static Probe],
}

impl Probe {
    /// The first column of every row of the sets written before this one.
    fn seen(&self) -> HashSet<&'static str> {
        let probes = self
            .earlier
            .iter()
            .flat_map(|p| [p.departments, p.materials, p.methods]);
        (UNSPLIT.into_iter().chain(probes))
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
