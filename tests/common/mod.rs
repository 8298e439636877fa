//! What the split probe sets (probe5, probe6, probe7) share: which half a cell is in, and
//! how a kind is judged and reported. Only the dev half's misses print (`--nocapture`;
//! `SHOW_ALL=1` adds reviews); the sealed half's are counted and never shown.
//!
//! probe5 and probe6 put a cell any earlier set has in the dev half, the others by a fixed
//! hash of the text. That showed cells of earlier sealed halves (probe3, the blind set's) as
//! dev misses, so from probe7 on a cell keeps the half it had where it was first seen: dev in a
//! set tuned whole or in a dev half, sealed in probe3 or a sealed half, else by the hash.

use std::collections::HashSet;

use qingdan::dictionary::Dictionaries;
use qingdan::eval::{self, Half, MethodTally, Tally};
use qingdan::methods::Classifier;

/// The sets tuned on whole (the team's, the first probe, probe2, probe4).
const TUNED: [&str; 12] = [
    include_str!("../eval/departments.tsv"),
    include_str!("../eval/materials.tsv"),
    include_str!("../eval/methods.tsv"),
    include_str!("../eval/probe/departments.tsv"),
    include_str!("../eval/probe/materials.tsv"),
    include_str!("../eval/probe/methods.tsv"),
    include_str!("../eval/probe2/departments.tsv"),
    include_str!("../eval/probe2/materials.tsv"),
    include_str!("../eval/probe2/methods.tsv"),
    include_str!("../eval/probe4/departments.tsv"),
    include_str!("../eval/probe4/materials.tsv"),
    include_str!("../eval/probe4/methods.tsv"),
];

/// probe3, sealed whole: never tuned on.
const PROBE3: [&str; 2] = [
    include_str!("../eval/probe3/departments.tsv"),
    include_str!("../eval/probe3/materials.tsv"),
];

/// The blind set, split by the hash alone (tests/eval_blind.rs).
const BLIND: [&str; 3] = [
    include_str!("../eval/blind/departments.tsv"),
    include_str!("../eval/blind/materials.tsv"),
    include_str!("../eval/blind/methods.tsv"),
];

/// The first column of every row of `files`.
fn firsts<'a>(files: impl IntoIterator<Item = &'a str>) -> HashSet<&'a str> {
    files
        .into_iter()
        .flat_map(|t| t.lines().skip(1))
        .filter_map(|l| l.split('\t').next())
        .collect()
}

/// The fifth probe (tests/eval_probe5.rs), which the sixth was written after.
pub const PROBE5: Probe = Probe {
    name: "probe5",
    departments: include_str!("../eval/probe5/departments.tsv"),
    materials: include_str!("../eval/probe5/materials.tsv"),
    methods: include_str!("../eval/probe5/methods.tsv"),
    earlier: &[],
    seen_is_dev: true,
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
    seen_is_dev: true,
};

/// One probe set: its files, and the split probes written before it.
pub struct Probe {
    /// The name its report lines start with.
    pub name: &'static str,
    pub departments: &'static str,
    pub materials: &'static str,
    pub methods: &'static str,
    /// The split probes written before it.
    pub earlier: &'static [&'static Probe],
    /// probe5's and probe6's rule: a cell any earlier set has is dev, wherever it was.
    pub seen_is_dev: bool,
}

impl Probe {
    /// This probe's files.
    fn files(&self) -> [&'static str; 3] {
        [self.departments, self.materials, self.methods]
    }

    /// Which half of this probe each cell of the earlier sets is in, as the split needs it:
    /// the cells that are dev, and (with the kept rule) the cells that are sealed.
    fn halves(&self) -> Split {
        let earlier = self.earlier.iter().flat_map(|p| p.files());
        if self.seen_is_dev {
            let all = (TUNED.into_iter().chain(PROBE3).chain(BLIND)).chain(earlier);
            return Split {
                dev: firsts(all),
                sealed: HashSet::new(),
            };
        }
        let mut dev = firsts(TUNED);
        let mut sealed = firsts(PROBE3);
        for t in firsts(BLIND) {
            if eval::half(t) == Half::Dev {
                dev.insert(t);
            } else {
                sealed.insert(t);
            }
        }
        for p in self.earlier {
            let split = p.halves();
            for t in firsts(p.files()) {
                match split.half(t) {
                    Half::Dev => dev.insert(t),
                    Half::Sealed => sealed.insert(t),
                };
            }
        }
        Split { dev, sealed }
    }

    /// Checks the kept rule: a cell of probe3 or of the blind set's sealed half that no set
    /// tuned whole and no earlier probe has is sealed here, and every cell of a set tuned
    /// whole is dev. Returns how many of this probe's cells were kept sealed so.
    #[allow(dead_code)] // only probes with the kept rule call it
    pub fn check_kept_halves(&self) -> usize {
        let split = self.halves();
        let shown = firsts(
            TUNED
                .into_iter()
                .chain(self.earlier.iter().flat_map(|p| p.files())),
        );
        let blind_sealed = firsts(BLIND)
            .into_iter()
            .filter(|t| eval::half(t) == Half::Sealed);
        let mine = firsts(self.files());
        let mut kept = 0;
        for t in firsts(PROBE3).into_iter().chain(blind_sealed) {
            if !shown.contains(t) {
                assert_eq!(split.half(t), Half::Sealed);
                kept += usize::from(mine.contains(t));
            }
        }
        for t in firsts(TUNED) {
            assert_eq!(split.half(t), Half::Dev);
        }
        kept
    }

    /// Judges one kind with one dictionary; prints both halves (the dev half's misses too)
    /// and returns each half's tally.
    pub fn run(&self, dict: &Dictionaries, departments: bool, label: &str) -> [(Half, Tally); 2] {
        let split = self.halves();
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
        let (halves, lines) = eval::report_halves(&judged, &label, |t| split.half(t), all);
        for line in lines {
            println!("{line}");
        }
        halves
    }

    /// Judges the 使用方式 texts; prints each half (the dev half's misses too) and fails
    /// below `floors` (clear right, flagged, wrong) of that half.
    pub fn methods(&self, floors: [(f64, f64, usize); 2]) {
        let c = Classifier::new(&Dictionaries::embedded().unwrap());
        let split = self.halves();
        for (h, (clear, flagged, wrong)) in [Half::Dev, Half::Sealed].into_iter().zip(floors) {
            let t = MethodTally::judge(&c, self.methods, |text| split.half(text) == h);
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

/// The cells of earlier sets whose half is settled where they were seen.
struct Split {
    dev: HashSet<&'static str>,
    sealed: HashSet<&'static str>,
}

impl Split {
    /// Which half a cell is in: a dev cell is dev first, as it was shown.
    fn half(&self, text: &str) -> Half {
        if self.dev.contains(text) {
            Half::Dev
        } else if self.sealed.contains(text) {
            Half::Sealed
        } else {
            eval::half(text)
        }
    }
}

/// Fails below `correct` accepted right or above `wrong` accepted wrong, per half.
pub fn floor(halves: &[(Half, Tally); 2], floors: [(f64, f64); 2]) {
    for ((h, t), (correct, wrong)) in halves.iter().zip(floors) {
        t.assert_floor(&format!("{h:?}"), correct, wrong);
    }
}
