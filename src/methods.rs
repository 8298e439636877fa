//! Methods: classifies a 使用方式 cell into a standard reduction method, or says why it cannot.
//!
//! All knowledge is in methods.csv (phrases per method, "reduce but how is unstated" phrases,
//! undecided phrases, negation markers); this module only scans. The scan takes the longest
//! phrase at each position, so 不减 wins over 减 and 需提交承诺 over 需提交.

use serde::Serialize;

use crate::dictionary::{Dictionaries, MethodKind};
use crate::normalize::compact;

/// The method 不减 (keep the material). Every other standard method reduces it.
pub const KEEP: &str = "不减";
/// The method 取消.
pub const CANCEL: &str = "取消";
/// The method 数据核验.
pub const DATA_CHECK: &str = "数据核验";
/// The method 电子证照核验.
pub const ELICENCE_CHECK: &str = "电子证照核验";
/// The method 告知承诺.
pub const COMMITMENT: &str = "告知承诺";

/// What a cell says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "class", rename_all = "kebab-case")]
pub enum MethodClass {
    /// One standard method.
    Method {
        /// Its standard name.
        name: String,
    },
    /// Reduce, but how is not said.
    ReduceUnstated,
    /// Not decided.
    Undecided,
    /// Nothing recognisable.
    Unrecognised,
    /// Several methods that exclude each other.
    Conflict {
        /// The methods named.
        names: Vec<String>,
    },
    /// Blank or a placeholder.
    Missing,
}

/// A classified cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MethodOutcome {
    /// The class.
    #[serde(flatten)]
    pub class: MethodClass,
    /// The phrases that decided it, for the explanation.
    pub phrases: Vec<String>,
    /// One sentence on why.
    pub why: String,
}

impl MethodOutcome {
    /// The standard method when there is exactly one.
    pub fn method(&self) -> Option<&str> {
        match &self.class {
            MethodClass::Method { name } => Some(name),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
struct Phrase {
    text: Vec<char>,
    kind: MethodKind,
    method: String,
}

/// The classifier built from methods.csv.
#[derive(Debug, Clone)]
pub struct Classifier {
    phrases: Vec<Phrase>,
    /// Standard method names in file order.
    pub methods: Vec<String>,
}

/// Placeholders that mean "nothing written".
const PLACEHOLDERS: [&str; 10] = [
    "无", "空", "暂无", "na", "n/a", "#n/a", "null", "none", "略", "/",
];

/// A whole cell that only says no (否, ×): the material is kept.
const NO_MARKS: [&str; 10] = ["否", "不", "×", "✗", "✘", "n", "no", "不可", "不能", "不行"];

/// Words that make a clause the fallback of the method before it (核验不成功的提交原件):
/// the paper asked for there is not a second method.
const FALLBACK: [&str; 16] = [
    "不成功",
    "失败",
    "无法",
    "不能",
    "未能",
    "不到",
    "不通过",
    "不一致",
    "有误",
    "故障",
    "不愿",
    "不适用",
    // A subset of applicants (外省市户籍的仍需提交, 不适用承诺的申请人仍需提供): the rest are
    // served by the method.
    "的仍需",
    "的需",
    "的申请人",
    "的仍",
];

/// Words that make a check a later verification of a commitment (告知承诺，事后核查): not a
/// second method beside 告知承诺.
const POST_CHECK: [&str; 5] = ["事后", "事中事后", "抽查", "后续核查", "核查属实"];

/// Words between two methods that offer a choice rather than a sequence.
const CHOICE: [&str; 5] = ["或", "还是", "or", "/", "或者"];

impl Classifier {
    /// Builds the classifier.
    pub fn new(dict: &Dictionaries) -> Classifier {
        let mut phrases = Vec::new();
        let mut methods = Vec::new();
        for e in &dict.methods {
            if e.kind == MethodKind::Method && !methods.contains(&e.name) {
                methods.push(e.name.clone());
            }
            for p in &e.phrases {
                phrases.push(Phrase {
                    text: p.chars().collect(),
                    kind: e.kind,
                    method: e.name.clone(),
                });
            }
        }
        // Longest first, so the scan's first hit at a position is the longest.
        phrases.sort_by_key(|p| std::cmp::Reverse(p.text.len()));
        Classifier { phrases, methods }
    }

    /// True when `name` is a standard method.
    pub fn is_method(&self, name: &str) -> bool {
        self.methods.iter().any(|m| m == name)
    }

    /// Classifies one cell.
    pub fn classify(&self, text: &str) -> MethodOutcome {
        let c = compact(text);
        let lower = c.to_lowercase();
        // A question mark is a doubt, even where compacting would trim it off (取消？, ？？).
        if text.contains(['?', '？']) {
            return MethodOutcome {
                class: MethodClass::Undecided,
                phrases: vec!["?".into()],
                why: crate::tr!("method.question_mark"),
            };
        }
        if c.is_empty()
            || PLACEHOLDERS.contains(&lower.as_str())
            || c.chars().all(|ch| "-—–_/\\.。·~…*".contains(ch))
        {
            return MethodOutcome {
                class: MethodClass::Missing,
                phrases: Vec::new(),
                why: crate::tr!("blank"),
            };
        }
        if self.is_method(&c) {
            return MethodOutcome {
                class: MethodClass::Method { name: c.clone() },
                phrases: vec![c.clone()],
                why: crate::tr!("method.standard", name = c),
            };
        }
        if NO_MARKS.contains(&lower.as_str()) {
            return MethodOutcome {
                class: MethodClass::Method {
                    name: KEEP.to_string(),
                },
                phrases: vec![c.clone()],
                why: crate::tr!("method.says_no", keep = KEEP, text = c),
            };
        }
        let chars: Vec<char> = lower.chars().collect();
        let mut read = self.read(&self.tokens(&chars));
        if read.found.is_empty() && !read.unstated && read.undecided.is_empty() {
            read = self.read(&self.slipped_tokens(&chars));
        }
        drop_fallbacks(&mut read, &chars);
        if !read.undecided.is_empty() {
            return MethodOutcome {
                class: MethodClass::Undecided,
                why: crate::tr!("method.undecided", phrases = read.undecided.join("、")),
                phrases: read.phrases,
            };
        }
        decide(read, &chars)
    }

    /// The phrases found in a cell, left to right, longest first at each position: (position,
    /// phrase index).
    fn tokens(&self, chars: &[char]) -> Vec<(usize, usize)> {
        let mut tokens: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            match self
                .phrases
                .iter()
                .position(|p| chars[i..].starts_with(&p.text))
            {
                Some(pi) => {
                    tokens.push((i, pi));
                    i += self.phrases[pi].text.len();
                }
                None => i += 1,
            }
        }
        tokens
    }

    /// The method phrases of four characters or more written with one character slipped for a
    /// homophone (数据核严, 电子证招, 告知成诺): tried only when a cell names nothing otherwise.
    fn slipped_tokens(&self, chars: &[char]) -> Vec<(usize, usize)> {
        let sounds: Vec<Option<String>> = chars.iter().map(|&c| toneless(c)).collect();
        let mut tokens = Vec::new();
        for (pi, p) in self.phrases.iter().enumerate() {
            if p.kind != MethodKind::Method || p.text.len() < 4 || p.text.len() > chars.len() {
                continue;
            }
            for at in 0..=chars.len() - p.text.len() {
                let mut slips = 0;
                let fits = p.text.iter().enumerate().all(|(k, &c)| {
                    let q = chars[at + k];
                    if q == c {
                        return true;
                    }
                    slips += 1;
                    sounds[at + k].is_some() && sounds[at + k] == toneless(c)
                });
                if fits && slips == 1 {
                    tokens.push((at, pi));
                    break;
                }
            }
        }
        tokens.sort_unstable();
        tokens
    }

    /// What the phrases say: the methods named (a negated reduction is 不减), whether a
    /// reduction is said without a method, and what is undecided.
    fn read(&self, tokens: &[(usize, usize)]) -> Reading {
        let mut r = Reading::default();
        let mut k = 0;
        while k < tokens.len() {
            let (pos, pi) = tokens[k];
            let p = &self.phrases[pi];
            let text: String = p.text.iter().collect();
            match p.kind {
                MethodKind::Negation => {
                    // A negation flips the reduction written right after it into 不减.
                    if let Some(&(next_pos, ni)) = tokens.get(k + 1)
                        && next_pos == pos + p.text.len()
                    {
                        let n = &self.phrases[ni];
                        let is_reduction = match n.kind {
                            MethodKind::Method => n.method != KEEP,
                            MethodKind::ReduceUnstated | MethodKind::Fetch => true,
                            _ => false,
                        };
                        if is_reduction {
                            let ntext: String = n.text.iter().collect();
                            r.phrases.push(format!("{text}{ntext}"));
                            r.found.push((pos, KEEP.to_string(), false));
                            k += 2;
                            continue;
                        }
                    }
                }
                MethodKind::Method => {
                    r.phrases.push(text);
                    r.found.push((pos, p.method.clone(), false));
                }
                MethodKind::Fetch => {
                    r.phrases.push(text);
                    r.found.push((pos, p.method.clone(), true));
                }
                MethodKind::ReduceUnstated => {
                    r.unstated = true;
                    r.phrases.push(text);
                }
                MethodKind::Undecided => {
                    r.undecided.push(text.clone());
                    r.phrases.push(text);
                }
            }
            k += 1;
        }
        r
    }
}

/// The phrases of a cell, read.
#[derive(Default)]
struct Reading {
    /// (position, method, named only by fetching) of each method named.
    found: Vec<(usize, String, bool)>,
    /// A reduction is said without saying how (可减).
    unstated: bool,
    /// Undecided phrases (待定).
    undecided: Vec<String>,
    /// Every phrase, as found.
    phrases: Vec<String>,
}

/// A character's toneless pinyin, to tell a homophone slip.
fn toneless(c: char) -> Option<String> {
    use pinyin::ToPinyin;
    c.to_pinyin().map(|p| p.plain().to_string())
}

/// Drops a 不减 that only says what happens when the method before it fails (数据核验，核验
/// 不成功的提交原件): a clause holding a fallback word, or the clause right after one; and
/// beside 告知承诺, a check in a clause that says it comes afterwards (事后核查).
fn drop_fallbacks(read: &mut Reading, chars: &[char]) {
    if !read.found.iter().any(|(_, m, _)| m != KEEP) {
        return;
    }
    // Clauses end at brackets and at commas, semicolons and full stops.
    let mut clause = vec![0usize; chars.len() + 1];
    for (i, c) in chars.iter().enumerate() {
        clause[i + 1] = clause[i] + usize::from("()（）,，;；。".contains(*c));
    }
    let text: String = chars.iter().collect();
    let mut fallback_clauses = std::collections::BTreeSet::new();
    for w in FALLBACK {
        for (byte, _) in text.match_indices(w) {
            let at = text[..byte].chars().count();
            fallback_clauses.insert(clause[at]);
            fallback_clauses.insert(clause[at] + 1);
        }
    }
    read.found
        .retain(|(pos, m, _)| m != KEEP || !fallback_clauses.contains(&clause[*pos]));
    if read.found.iter().any(|(_, m, _)| m == COMMITMENT) {
        let mut post = std::collections::BTreeSet::new();
        for w in POST_CHECK {
            for (byte, _) in text.match_indices(w) {
                post.insert(clause[text[..byte].chars().count()]);
            }
        }
        read.found
            .retain(|(pos, m, _)| m == COMMITMENT || !post.contains(&clause[*pos]));
    }
}

/// The class of a decided cell: one method, a conflict, a reduction without a method, or
/// nothing known.
fn decide(read: Reading, chars: &[char]) -> MethodOutcome {
    let Reading {
        found,
        unstated,
        phrases,
        ..
    } = read;
    // Fetching by sharing is 数据核验, unless the e-licence is named: then it is how the
    // licence is fetched.
    let licence = found.iter().any(|(_, m, _)| m == ELICENCE_CHECK);
    let mut names: Vec<String> = Vec::new();
    for (_, m, fetch) in &found {
        if *fetch && licence {
            continue;
        }
        if !names.contains(m) {
            names.push(m.clone());
        }
    }
    let mut reductions: Vec<String> = names.iter().filter(|m| *m != KEEP).cloned().collect();
    let keep = names.iter().any(|m| m == KEEP);
    // 免提交，通过数据共享获取: "no longer submitted" plus how, unless offered as a choice.
    if reductions.len() == 2 && reductions.iter().any(|m| m == CANCEL) {
        let first = found
            .iter()
            .find(|(_, m, _)| m != KEEP)
            .map(|x| x.0)
            .unwrap_or(0);
        let last = found
            .iter()
            .rev()
            .find(|(_, m, _)| m != KEEP)
            .map(|x| x.0)
            .unwrap_or(0);
        let between: String = chars[first..=last.min(chars.len() - 1)].iter().collect();
        if !CHOICE.iter().any(|w| between.contains(w)) {
            reductions.retain(|m| m != CANCEL);
        }
    }
    let class = if reductions.len() >= 2 || (reductions.len() == 1 && keep) {
        let mut all = reductions.clone();
        if keep {
            all.insert(0, KEEP.to_string());
        }
        MethodClass::Conflict { names: all }
    } else if let Some(m) = reductions.first() {
        MethodClass::Method { name: m.clone() }
    } else if keep {
        MethodClass::Method {
            name: KEEP.to_string(),
        }
    } else if unstated {
        MethodClass::ReduceUnstated
    } else {
        MethodClass::Unrecognised
    };
    let why = match &class {
        MethodClass::Method { name } => {
            crate::tr!("method.from", name = name, phrases = phrases.join("、"))
        }
        MethodClass::Conflict { names } => crate::tr!(
            "method.conflict",
            names = names.join("、"),
            phrases = phrases.join("、"),
        ),
        MethodClass::ReduceUnstated => {
            crate::tr!("method.reduce_unstated", phrases = phrases.join("、"))
        }
        _ => crate::tr!("method.unknown_phrase"),
    };
    MethodOutcome {
        class,
        phrases,
        why,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c() -> Classifier {
        Classifier::new(&Dictionaries::embedded().unwrap())
    }

    #[test]
    fn basics() {
        let c = c();
        assert_eq!(c.classify("数据核验").method(), Some(DATA_CHECK));
        assert_eq!(
            c.classify("通过电子证照库调取").method(),
            Some(ELICENCE_CHECK)
        );
        assert_eq!(c.classify("不可减").method(), Some(KEEP));
        assert_eq!(c.classify("").class, MethodClass::Missing);
        assert_eq!(c.classify("待定").class, MethodClass::Undecided);
        assert_eq!(c.classify("可减").class, MethodClass::ReduceUnstated);
        assert!(matches!(
            c.classify("数据核验或电子证照").class,
            MethodClass::Conflict { .. }
        ));
        assert_eq!(
            c.classify("免提交，通过数据共享获取").method(),
            Some(DATA_CHECK)
        );
    }
}
