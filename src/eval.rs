//! Evaluation: scores the matching engine against a labelled set (tests/eval/*.tsv).
//!
//! Shared by the accuracy tests and the benchmark so both count the same way. A row's
//! `expected` is the standard name, several joined with `|`, or empty when the cell must match
//! nothing.

use std::collections::BTreeMap;

use crate::dictionary::Dictionaries;
use crate::matching::{Context, Decision, Engine, Thresholds};

/// One labelled row.
#[derive(Debug, Clone)]
pub struct Case {
    /// The cell as written.
    pub input: String,
    /// Expected standard names; empty = must not match.
    pub expected: Vec<String>,
    /// Region of the submitting unit, when the row depends on it.
    pub context: String,
    /// Variant type.
    pub note: String,
}

/// Reads a labelled TSV (header `input expected [context] note`; `kind` is read as `note`).
pub fn load(text: &str) -> Vec<Case> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name);
    let (ci, ce, cc) = (col("input"), col("expected"), col("context"));
    let cn = col("note").or_else(|| col("kind"));
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let get = |c: Option<usize>| c.and_then(|i| f.get(i)).copied().unwrap_or("");
            Case {
                input: get(ci).to_string(),
                expected: get(ce)
                    .split('|')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
                context: get(cc).to_string(),
                note: get(cn).to_string(),
            }
        })
        .collect()
}

/// Counts of one evaluation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    /// Rows with an expected answer.
    pub positives: usize,
    /// Positives accepted with the right answer.
    pub auto_correct: usize,
    /// Positives accepted with a wrong answer.
    pub auto_wrong: usize,
    /// Positives sent to review.
    pub review: usize,
    /// Positives with the right answer among review suggestions.
    pub review_correct: usize,
    /// Must-not-match rows.
    pub negatives: usize,
    /// Must-not-match rows accepted (as anything).
    pub negatives_accepted: usize,
    /// Must-not-match rows sent to review.
    pub negatives_review: usize,
}

impl Tally {
    /// Share of positives accepted correctly.
    pub fn auto_correct_rate(&self) -> f64 {
        ratio(self.auto_correct, self.positives)
    }
    /// Share of all rows accepted wrongly (positives with a wrong answer, negatives accepted).
    pub fn auto_wrong_rate(&self) -> f64 {
        ratio(
            self.auto_wrong + self.negatives_accepted,
            self.positives + self.negatives,
        )
    }
    /// Share of all rows sent to review.
    pub fn review_rate(&self) -> f64 {
        ratio(
            self.review + self.negatives_review,
            self.positives + self.negatives,
        )
    }
    /// Share of must-not-match rows accepted.
    pub fn negatives_accepted_rate(&self) -> f64 {
        ratio(self.negatives_accepted, self.negatives)
    }
    /// One line for reports.
    pub fn line(&self) -> String {
        format!(
            "auto-correct {:.1}% ({}/{}), auto-wrong {:.2}%, review {:.1}%, must-not-match accepted {:.1}% ({}/{})",
            100.0 * self.auto_correct_rate(),
            self.auto_correct,
            self.positives,
            100.0 * self.auto_wrong_rate(),
            100.0 * self.review_rate(),
            100.0 * self.negatives_accepted_rate(),
            self.negatives_accepted,
            self.negatives
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// What the engine said about one case.
#[derive(Debug, Clone)]
pub struct Judged {
    /// The case.
    pub case: Case,
    /// The decision.
    pub decision: Decision,
    /// Names matched (or suggested).
    pub got: Vec<String>,
    /// The explanation.
    pub why: String,
}

/// Runs every case through the engine. Departments use the case's context.
pub fn judge(engine: &Engine, dept_context: Option<&Engine>, cases: &[Case]) -> Vec<Judged> {
    cases
        .iter()
        .map(|c| {
            let ctx = match (dept_context, c.context.is_empty()) {
                (Some(d), false) => Context {
                    region: d.region_named(&c.context),
                },
                _ => Context::default(),
            };
            let o = engine.lookup(&c.input, ctx);
            Judged {
                case: c.clone(),
                decision: o.decision,
                got: o.hits.iter().map(|h| h.name.clone()).collect(),
                why: o.why,
            }
        })
        .collect()
}

/// Judges a labelled set (`load`'s format) of departments or materials with the engines of
/// `dict`, the department engine reading each case's context.
pub fn judge_set(dict: &Dictionaries, departments: bool, tsv: &str) -> Vec<Judged> {
    let dept = Engine::departments(dict, Thresholds::default());
    let cases = load(tsv);
    if departments {
        judge(&dept, Some(&dept), &cases)
    } else {
        judge(
            &Engine::materials(dict, Thresholds::default()),
            Some(&dept),
            &cases,
        )
    }
}

/// The line a test prints for a case accepted wrong, or, with `missed`, for one that expected
/// a name and was not accepted; None for a case judged right.
pub fn miss_line(label: &str, j: &Judged, missed: bool) -> Option<String> {
    let wrong = j.decision == Decision::Auto && j.got != j.case.expected;
    let miss = missed && j.decision != Decision::Auto && !j.case.expected.is_empty();
    (wrong || miss).then(|| {
        format!(
            "  {} {label} [{}] {} [{}] -> {:?} {:?} expected {:?} ({})",
            if wrong { "WRONG" } else { "MISSED" },
            j.case.note,
            j.case.input,
            j.case.context,
            j.decision,
            j.got,
            j.case.expected,
            j.why
        )
    })
}

/// Tallies judged cases, in total and per note.
pub fn tally(judged: &[Judged]) -> (Tally, BTreeMap<String, Tally>) {
    let mut total = Tally::default();
    let mut by_note: BTreeMap<String, Tally> = BTreeMap::new();
    for j in judged {
        for t in [&mut total, by_note.entry(j.case.note.clone()).or_default()] {
            if j.case.expected.is_empty() {
                t.negatives += 1;
                match j.decision {
                    Decision::Auto => t.negatives_accepted += 1,
                    Decision::Review => t.negatives_review += 1,
                    Decision::None => {}
                }
            } else {
                t.positives += 1;
                let right = j.got == j.case.expected;
                match j.decision {
                    Decision::Auto if right => t.auto_correct += 1,
                    Decision::Auto => t.auto_wrong += 1,
                    Decision::Review => {
                        t.review += 1;
                        if right {
                            t.review_correct += 1;
                        }
                    }
                    Decision::None => {}
                }
            }
        }
    }
    (total, by_note)
}

/// The dictionaries reduced to standard names only: no aliases, former names, codes or
/// regions, as a user in another city would start. The other files stay: reforms.csv and
/// lookalikes.csv are nationwide knowledge that such a user has too.
pub fn names_only(dict: &Dictionaries) -> Dictionaries {
    let mut d = dict.clone();
    for x in &mut d.departments {
        x.aliases.clear();
        x.former_names.clear();
        x.code.clear();
        x.region.clear();
    }
    for m in &mut d.materials {
        m.aliases.clear();
        m.former_names.clear();
    }
    d
}

/// Which half of a blind set a text is in: a fixed hash of the text decides, so rows keep
/// their half whatever is added or reordered. Tuning looks at the dev half only; the sealed
/// half is reported, never tuned on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Half {
    /// Looked at while improving the engine.
    Dev,
    /// Only its figures are read.
    Sealed,
}

/// The half of a blind set `text` belongs to (FNV-1a of its bytes, lowest bit).
pub fn half(text: &str) -> Half {
    let h = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    if h & 1 == 0 { Half::Dev } else { Half::Sealed }
}

/// The lines a split set's report prints, and each half's tally: each half's figures, and
/// for the dev half only its figures by kind and its misses (`all`: reviews too). A sealed
/// row is never in them.
pub fn report_halves(
    judged: &[Judged],
    label: &str,
    half_of: impl Fn(&str) -> Half,
    all: bool,
) -> ([(Half, Tally); 2], Vec<String>) {
    let mut lines = Vec::new();
    let halves = [Half::Dev, Half::Sealed].map(|h| {
        let mine: Vec<Judged> = (judged.iter())
            .filter(|j| half_of(&j.case.input) == h)
            .cloned()
            .collect();
        let (total, by_kind) = tally(&mine);
        lines.push(format!("{label} {h:?}: {}", total.line()));
        if h == Half::Dev {
            for (kind, t) in &by_kind {
                lines.push(format!("    {kind:<22} {}", t.line()));
            }
            lines.extend(mine.iter().filter_map(|j| miss_line(label, j, all)));
        }
        (h, total)
    });
    (halves, lines)
}

impl Tally {
    /// Fails below `correct` accepted right or above `wrong` accepted wrong.
    pub fn assert_floor(&self, label: &str, correct: f64, wrong: f64) {
        assert!(
            self.auto_correct_rate() >= correct,
            "{label}: accepted right fell below {correct}: {}",
            self.line()
        );
        assert!(
            self.auto_wrong_rate() <= wrong,
            "{label}: accepted wrong rose above {wrong}: {}",
            self.line()
        );
    }
}

/// A 使用方式 classification as the evaluation sets label it: a method's name, or unclear,
/// conflict, missing.
pub fn method_label(c: &crate::methods::MethodClass) -> String {
    use crate::methods::MethodClass;
    match c {
        MethodClass::Method { name } => name.clone(),
        MethodClass::ReduceUnstated | MethodClass::Undecided | MethodClass::Unrecognised => {
            "unclear".into()
        }
        MethodClass::Conflict { .. } => "conflict".into(),
        MethodClass::Missing => "missing".into(),
    }
}

/// A labelled 使用方式 set judged: clear texts classified right, ambiguous texts flagged (not
/// given a method), and texts given a wrong method.
#[derive(Debug, Default)]
pub struct MethodTally {
    /// Clear texts, and those classified right.
    pub clear: usize,
    pub clear_right: usize,
    /// Ambiguous texts, and those flagged.
    pub ambiguous: usize,
    pub flagged: usize,
    /// Texts given a method that is not theirs.
    pub wrong: usize,
    /// Each miss: (kind, text, expected, got).
    pub misses: Vec<(String, String, String, String)>,
}

impl MethodTally {
    /// Fails when clear texts classified right fall below `clear`, ambiguous texts flagged
    /// below `flagged` (shares), or texts given a wrong method rise above `wrong`.
    pub fn assert_floors(&self, label: &str, clear: f64, flagged: f64, wrong: usize) {
        assert!(
            self.clear_right as f64 >= clear * self.clear as f64,
            "{label}: clear texts fell: {}",
            self.line()
        );
        assert!(
            self.flagged as f64 >= flagged * self.ambiguous as f64,
            "{label}: ambiguous texts fell: {}",
            self.line()
        );
        assert!(
            self.wrong <= wrong,
            "{label}: {} accepted wrong",
            self.wrong
        );
    }

    /// Judges rows of `text<TAB>expected<TAB>kind` (kind `clear …` or `ambiguous …`), header
    /// skipped, that `keep` keeps.
    pub fn judge(
        c: &crate::methods::Classifier,
        tsv: &str,
        keep: impl Fn(&str) -> bool,
    ) -> MethodTally {
        let mut t = MethodTally::default();
        for line in tsv.lines().skip(1).filter(|l| !l.is_empty()) {
            let f: Vec<&str> = line.split('\t').collect();
            let (text, expected, kind) = (f[0], f[1], f.get(2).copied().unwrap_or(""));
            if !keep(text) {
                continue;
            }
            let got = method_label(&c.classify(text).class);
            let is_method = !["unclear", "conflict", "missing"].contains(&got.as_str());
            let ok = if kind.starts_with("clear") {
                t.clear += 1;
                t.clear_right += usize::from(got == expected);
                got == expected
            } else {
                t.ambiguous += 1;
                t.flagged += usize::from(!is_method);
                !is_method
            };
            t.wrong += usize::from(is_method && !ok);
            if !ok {
                let m = (kind.into(), text.into(), expected.into(), got);
                t.misses.push(m);
            }
        }
        t
    }

    /// One line of figures.
    pub fn line(&self) -> String {
        format!(
            "clear right {}/{} ({:.1}%), ambiguous flagged {}/{} ({:.1}%), accepted wrong {}",
            self.clear_right,
            self.clear,
            100.0 * self.clear_right as f64 / self.clear.max(1) as f64,
            self.flagged,
            self.ambiguous,
            100.0 * self.flagged as f64 / self.ambiguous.max(1) as f64,
            self.wrong
        )
    }
}
