//! Methods: classifies a 使用方式 cell into a standard reduction method, or says why it cannot.
//!
//! The vocabulary is in methods.csv (phrases per method, "reduce but how is unstated" phrases,
//! check verbs and data sources, not-submitted phrases, undecided phrases, negation markers) and
//! lookalikes.csv (slips); this module holds the rules that combine them. The scan takes the
//! longest phrase at each position, so 不减 wins over 减 and 需提交承诺 over 需提交.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use crate::dictionary::{Dictionaries, MethodKind};
use crate::normalize::{compact, is_ideograph};

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
    /// The phrase, or its part before a `*`.
    text: Vec<char>,
    /// The part after a `*` (电子*证): it follows `text` after one to [`MAX_GAP`] characters
    /// of the same clause; empty for a plain phrase.
    tail: Vec<char>,
    kind: MethodKind,
    method: String,
}

impl Phrase {
    fn new(p: &str, kind: MethodKind, method: &str) -> Phrase {
        let (head, tail) = p.split_once('*').unwrap_or((p, ""));
        Phrase {
            text: head.chars().collect(),
            tail: tail.chars().collect(),
            kind,
            method: method.to_string(),
        }
    }

    /// How many characters the phrase covers at the start of `chars`, if it is there.
    fn len_at(&self, chars: &[char]) -> Option<usize> {
        if !chars.starts_with(&self.text) {
            return None;
        }
        if self.tail.is_empty() {
            return Some(self.text.len());
        }
        let rest = &chars[self.text.len()..];
        // 视*而定 spans the condition it waits on (视数据共享情况而定).
        let most = if self.kind == MethodKind::Undecided {
            UNDECIDED_GAP
        } else {
            MAX_GAP
        };
        (1..=most.min(rest.len()))
            .take_while(|&g| !is_break(rest[g - 1]))
            .find(|&g| rest[g..].starts_with(&self.tail))
            .map(|g| self.text.len() + g + self.tail.len())
    }
}

/// The most characters a `*` in a phrase stands for (电子驾驶证, 电子不动产权证).
const MAX_GAP: usize = 4;

/// The most a `*` stands for in a phrase of doubt: the condition waited on.
const UNDECIDED_GAP: usize = 12;

/// The classifier built from methods.csv.
#[derive(Debug, Clone)]
pub struct Classifier {
    phrases: Vec<Phrase>,
    /// Standard method names in file order.
    pub methods: Vec<String>,
    /// Characters confused by shape or sound (lookalikes.csv): char -> the others.
    lookalike: HashMap<char, Vec<char>>,
}

/// Placeholders that mean "nothing written".
const PLACEHOLDERS: [&str; 10] = [
    "无", "空", "暂无", "na", "n/a", "#n/a", "null", "none", "略", "/",
];

/// A whole cell that only says no (否, ×): the material is kept.
const NO_MARKS: [&str; 10] = ["否", "不", "×", "✗", "✘", "n", "no", "不可", "不能", "不行"];

/// A whole cell that only names the handing in or the paper (提交, 纸质材料): the material
/// is handed in as before.
const PAPER_ALONE: [&str; 12] = [
    "提交",
    "提供",
    "递交",
    "报送",
    "纸质",
    "纸质材料",
    "纸质件",
    "纸质版",
    "原件",
    "申请人提供",
    "由申请人提供",
    "申请人自行提供",
];

/// Words that say the method before failed (数据核验，无法核验的采用告知承诺): any method in
/// that clause, or the one right after, is its fallback, not a second method.
const FAILED: [&str; 23] = [
    // 数据核验，否则提交原件: what is done when the check cannot be.
    "否则",
    // 数据核验（系统无数据的，由申请人提交）, 如共享数据缺失则现场提交: the data is not there.
    "无数据",
    "无记录",
    "查无",
    "缺失",
    // 告知承诺；未承诺的按原方式提交, 电子证照调用；如电子证照未归集，由申请人提供.
    "未承诺",
    "不承诺",
    "不选择",
    "未归集",
    "未汇聚",
    "未共享",
    // 对于外省市核发且未入库的，由申请人提供原件.
    "未入库",
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
];

/// Besides `FAILED`, words that make a clause the fallback of the method before it for paper
/// (核验不成功的提交原件): the paper asked for there is not a second method.
const PAPER_FALLBACK: [&str; 12] = [
    "不适用",
    // A subset of applicants (外省市户籍的仍需提交, 不适用承诺的申请人仍需提供): the rest are
    // served by the method.
    "的仍需",
    "的需",
    "的申请人",
    "的仍",
    // 也可自愿提交原件: paper the applicant may still bring, not asked for.
    "自愿",
    "也可",
    // …的提交原件, …的由申请人补交: paper asked of those the method did not serve.
    "的提交",
    "的提供",
    "的由",
    "的补交",
    "的现场",
];

/// Words that make a check a later verification of a commitment (告知承诺，事后核查): not a
/// second method beside 告知承诺.
const POST_CHECK: [&str; 5] = ["事后", "事中事后", "抽查", "后续核查", "核查属实"];

/// Who a method's act is asked of, written between a negation and the method (不需要申请人
/// 承诺).
const SUBJECTS: [&str; 7] = [
    "申请人",
    "当事人",
    "申请者",
    "办事人",
    "群众",
    "企业",
    "个人",
];

/// Negations that say which method a cell's is not (不采用告知承诺, 不是取消), rather than that
/// one cannot be used yet (暂未共享, 无法核验): beside another method, they name no 不减, and
/// alone they leave open which method is used, if any.
const NOT_THIS: [&str; 17] = [
    "不采用",
    "不使用",
    "不采取",
    "不是",
    "并非",
    "非",
    "不实行",
    "不适用",
    "不通过",
    "不属于",
    "不做",
    "无需",
    "不作",
    "不需要",
    "不用",
    "不接受",
    "不以",
];

/// Negations written after a method that say it is not the cell's method (取消：否,
/// 告知承诺不适用), as `NOT_THIS` before one does.
const NOT_THIS_AFTER: [&str; 2] = ["否", "不适用"];

/// Words between two methods that offer a choice rather than a sequence.
const CHOICE: [&str; 5] = ["或", "还是", "or", "/", "或者"];

/// Words saying one method replaces another (取消，改为数据核验; 取消，以电子证照代替).
const REPLACE: [&str; 10] = [
    "改为", "改用", "改由", "改成", "代替", "替代", "取代", "转为", "通过", "采用",
];

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
                phrases.push(Phrase::new(p, e.kind, &e.name));
            }
        }
        // Longest first, so the scan's first hit at a position is the longest.
        phrases.sort_by_key(|p| std::cmp::Reverse(p.text.len() + p.tail.len()));
        let mut lookalike: HashMap<char, Vec<char>> = HashMap::new();
        for group in &dict.lookalikes {
            for a in group.chars() {
                let others = group.chars().filter(|&b| b != a);
                lookalike.entry(a).or_default().extend(others);
            }
        }
        Classifier {
            phrases,
            methods,
            lookalike,
        }
    }

    /// True when `name` is a standard method.
    pub fn is_method(&self, name: &str) -> bool {
        self.methods.iter().any(|m| m == name)
    }

    /// Classifies one cell.
    pub fn classify(&self, text: &str) -> MethodOutcome {
        // 取消 数据核验: a space between two words that each name a method parts them as a
        // comma does; a space inside one (取 消) is a slip of the hand, compacted away.
        let chunks: Vec<&str> = text.split_whitespace().collect();
        if chunks.len() >= 2
            && (chunks.iter())
                .filter(|w| matches!(self.classify(w).class, MethodClass::Method { .. }))
                .count()
                >= 2
        {
            return self.classify(&chunks.join("，"));
        }
        let c = joined_across_marks(&simplified(&compact(text)));
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
        if let Some(name) = self.slipped_name(&lower) {
            return MethodOutcome {
                class: MethodClass::Method { name: name.clone() },
                phrases: vec![c.clone()],
                why: crate::tr!("method.slipped_name", name = name, text = c),
            };
        }
        let says = if NO_MARKS.contains(&lower.as_str()) {
            Some(crate::tr!("method.says_no", keep = KEEP, text = c))
        } else if PAPER_ALONE.contains(&lower.as_str()) {
            Some(crate::tr!("method.paper_alone", keep = KEEP, text = c))
        } else {
            None
        };
        if let Some(why) = says {
            return MethodOutcome {
                class: MethodClass::Method {
                    name: KEEP.to_string(),
                },
                phrases: vec![c.clone()],
                why,
            };
        }
        let chars: Vec<char> = lower.chars().collect();
        let mut tokens = self.tokens(&chars);
        let mut read = self.read(&tokens, &chars);
        if read.found.is_empty() && read.undecided.is_empty() {
            let slipped = self.slipped_tokens(&chars);
            if !slipped.is_empty() {
                tokens = merge(tokens, slipped);
                read = self.read(&tokens, &chars);
            }
        }
        read.infer();
        drop_fallbacks(&mut read, &chars);
        drop_denied_beside_method(&mut read);
        if !read.undecided.is_empty() {
            return MethodOutcome {
                class: MethodClass::Undecided,
                why: crate::tr!("method.undecided", phrases = read.undecided.join("、")),
                phrases: read.phrases,
            };
        }
        decide(read, &chars)
    }

    /// The standard method a whole cell writes with one slip: a homophone or lookalike of one
    /// character (不剪, 取肖), or two neighbours swapped or one left out in a name of four or
    /// more (数据验核, 告知承).
    /// A whole cell of a standard name's length leaves nothing else to read, so even a short
    /// name's homophone is safe here, where inside a sentence it is not (`is_slip`).
    fn slipped_name(&self, text: &str) -> Option<&String> {
        let chars: Vec<char> = text.chars().collect();
        let sounds: Vec<Option<String>> = chars.iter().map(|&c| toneless(c)).collect();
        self.methods.iter().find(|m| {
            let name: Vec<char> = m.chars().collect();
            // A name of four or more with one character left out (告知承, 电子照核验): what
            // is left can be no other method.
            if name.len() >= 4 && chars.len() + 1 == name.len() {
                return (0..name.len())
                    .any(|k| name[..k] == chars[..k] && name[k + 1..] == chars[k..]);
            }
            if name.len() != chars.len() || name.len() < 2 {
                return false;
            }
            let diff: Vec<usize> = (0..name.len()).filter(|&k| chars[k] != name[k]).collect();
            match diff[..] {
                [k] => self.is_slip(&chars, &sounds, k, name[k], true),
                [a, b] => {
                    name.len() >= 4 && b == a + 1 && chars[a] == name[b] && chars[b] == name[a]
                }
                _ => false,
            }
        })
    }

    /// The phrases found in a cell, left to right, longest first at each position.
    fn tokens(&self, chars: &[char]) -> Vec<Token> {
        let mut tokens = Vec::new();
        let mut at = 0;
        while at < chars.len() {
            let hit = self.phrases.iter().enumerate().find_map(|(phrase, p)| {
                p.len_at(&chars[at..]).map(|len| Token { at, len, phrase })
            });
            match hit {
                Some(t) => {
                    at += t.len;
                    tokens.push(t);
                }
                None => at += 1,
            }
        }
        tokens
    }

    /// The method phrases written with one character slipped (数据核严, 电子证招, 告知承偌,
    /// 取销): tried only when a cell names no method otherwise.
    fn slipped_tokens(&self, chars: &[char]) -> Vec<Token> {
        let sounds: Vec<Option<String>> = chars.iter().map(|&c| toneless(c)).collect();
        let mut tokens = Vec::new();
        for (phrase, p) in self.phrases.iter().enumerate() {
            let len = p.text.len();
            let names_a_method = matches!(p.kind, MethodKind::Method | MethodKind::Fetch);
            if !names_a_method || !p.tail.is_empty() || len < 2 || len > chars.len() {
                continue;
            }
            let slipped_at = |at: usize| {
                let diff: Vec<usize> = (0..len).filter(|&k| chars[at + k] != p.text[k]).collect();
                // A whole cell that is the phrase leaves nothing else to read: a homophone
                // is safe there (保流 for 保留), as in `slipped_name`.
                let by_sound = len >= 4 || len == chars.len();
                diff.len() == 1
                    && self.is_slip(chars, &sounds, at + diff[0], p.text[diff[0]], by_sound)
            };
            if let Some(at) = (0..=chars.len() - len).find(|&at| slipped_at(at)) {
                tokens.push(Token { at, len, phrase });
            }
        }
        tokens.sort_unstable_by_key(|t| t.at);
        tokens
    }

    /// Whether `chars[at]` can be a slip for `meant`: a pair in lookalikes.csv always; a
    /// homophone only `by_sound`, which callers allow in phrases of four characters or more
    /// (short words have too many homophones to guess from) and in a whole cell.
    fn is_slip(
        &self,
        chars: &[char],
        sounds: &[Option<String>],
        at: usize,
        meant: char,
        by_sound: bool,
    ) -> bool {
        let listed = self
            .lookalike
            .get(&meant)
            .is_some_and(|v| v.contains(&chars[at]));
        listed || (by_sound && sounds[at].is_some() && sounds[at] == toneless(meant))
    }

    /// The text a token stands for in an explanation: the dictionary's phrase (so a slip is
    /// shown corrected), or the cell's words where the phrase has a gap.
    fn shown(&self, t: &Token, chars: &[char]) -> String {
        let p = &self.phrases[t.phrase];
        if p.tail.is_empty() {
            p.text.iter().collect()
        } else {
            chars[t.at..t.at + t.len].iter().collect()
        }
    }

    /// Whether negation `neg` turns the reduction `next` into 不减: `next` follows in the same
    /// clause, at once after a one-character negation (无电子证照), or after at most two
    /// characters after a longer one (暂不能共享, 暂不具备减免条件).
    fn negates(&self, neg: &Token, next: &Token, chars: &[char]) -> bool {
        // 否 answers the method before it (数据核验：否); before one it asks (能否共享).
        if chars[neg.at] == '否' {
            return false;
        }
        let gap = &chars[neg.at + neg.len..next.at];
        let most = if neg.len == 1 { 0 } else { 2 };
        // 不需要申请人承诺: who would have done it, between, is no clause of its own.
        let subject = neg.len > 1 && SUBJECTS.contains(&gap.iter().collect::<String>().as_str());
        self.is_reduction(next)
            && (subject || gap.len() <= most)
            && !gap.iter().any(|&c| is_break(c))
    }

    /// Whether a phrase says a reduction: a method other than 不减, a fetch, a check, a
    /// reduction without its method, or that nothing is handed in.
    fn is_reduction(&self, t: &Token) -> bool {
        let n = &self.phrases[t.phrase];
        match n.kind {
            MethodKind::Method => n.method != KEEP,
            MethodKind::ReduceUnstated
            | MethodKind::Fetch
            | MethodKind::Check
            | MethodKind::NotSubmitted => true,
            _ => false,
        }
    }

    /// The last of the reductions joined to token `k` by 或, 和 and the like (数据共享或电子证照):
    /// a negation before the first covers them all.
    fn joined_reductions(&self, tokens: &[Token], k: usize, chars: &[char]) -> usize {
        let mut last = k;
        while let Some(m) = tokens.get(last + 1) {
            let prev = &tokens[last];
            let gap = &chars[prev.at + prev.len..m.at];
            let joined = !gap.is_empty() && gap.iter().all(|c| "或和及与、/".contains(*c));
            if !joined || !self.is_reduction(m) {
                break;
            }
            last += 1;
        }
        last
    }

    /// Whether the reduction `t` is denied by the negation `next` written after it in its
    /// clause (电子证照未归集, 数据暂未共享): a negation of two characters or 未, at most two
    /// characters on. Not when the clause goes on with 的 (电子证照未归集的提交原件): that
    /// names who the fallback is for.
    fn denied_after(&self, t: &Token, next: Option<&Token>, chars: &[char]) -> bool {
        let Some(n) = next else {
            return false;
        };
        let p = &self.phrases[n.phrase];
        if p.kind != MethodKind::Negation || (n.len == 1 && !['未', '否'].contains(&p.text[0])) {
            return false;
        }
        let gap = &chars[t.at + t.len..n.at];
        // 取消：否 answers a form's question: not this method.
        if p.text == ['否'] {
            return gap.iter().all(|c| ":：".contains(*c));
        }
        let rest = chars[n.at..].iter().take_while(|&&c| !is_break(c));
        gap.len() <= 2 && !gap.iter().any(|&c| is_break(c)) && !rest.into_iter().any(|&c| c == '的')
    }

    /// What the phrases say: the methods named (a negated reduction is 不减), whether a
    /// reduction is said without a method, and what is undecided.
    fn read(&self, tokens: &[Token], chars: &[char]) -> Reading {
        let mut r = Reading::default();
        let mut k = 0;
        while k < tokens.len() {
            let t = &tokens[k];
            let p = &self.phrases[t.phrase];
            let text = self.shown(t, chars);
            let found = |method: &str, fetch| Found {
                at: t.at,
                len: t.len,
                method: method.to_string(),
                fetch,
                negated: false,
                denied: false,
            };
            let negated = || Found {
                negated: true,
                ..found(KEEP, false)
            };
            match p.kind {
                MethodKind::Negation => {
                    if tokens.get(k + 1).is_some_and(|n| self.negates(t, n, chars)) {
                        // 无法通过数据共享或电子证照方式获取: both are denied.
                        let last = self.joined_reductions(tokens, k + 1, chars);
                        let end = &tokens[last];
                        r.phrases
                            .push(chars[t.at..end.at + end.len].iter().collect());
                        let word: String = chars[t.at..t.at + t.len].iter().collect();
                        // 不以承诺或核验等方式替代: every other way is denied, not one.
                        let after = &chars[(end.at + end.len).min(chars.len())..];
                        r.denies_every_way |= NOT_THIS.contains(&word.as_str())
                            && (last > k + 1 || after.first() == Some(&'等'));
                        // 不作减免 denies the reduction itself, not one way of it.
                        let one_way =
                            self.phrases[tokens[k + 1].phrase].kind != MethodKind::ReduceUnstated;
                        r.found
                            .push(if NOT_THIS.contains(&word.as_str()) && one_way {
                                negated()
                            } else {
                                Found {
                                    denied: true,
                                    ..found(KEEP, false)
                                }
                            });
                        k = last + 1;
                        continue;
                    }
                }
                MethodKind::Method | MethodKind::Fetch
                    if p.method != KEEP && self.denied_after(t, tokens.get(k + 1), chars) =>
                {
                    let n = &tokens[k + 1];
                    r.phrases.push(chars[t.at..n.at + n.len].iter().collect());
                    // 取消：否 and 告知承诺不适用 say which method it is not, as 不采用 does.
                    let word: String = chars[n.at..n.at + n.len].iter().collect();
                    r.found.push(if NOT_THIS_AFTER.contains(&word.as_str()) {
                        negated()
                    } else {
                        found(KEEP, false)
                    });
                    k += 2;
                    continue;
                }
                MethodKind::Method => r.found.push(found(&p.method, false)),
                MethodKind::Fetch => r.found.push(found(&p.method, true)),
                MethodKind::ReduceUnstated => r.unstated = true,
                MethodKind::Check => {
                    r.check = true;
                    r.checks_at.push(t.at);
                }
                MethodKind::NotSubmitted => r.not_submitted = true,
                MethodKind::Source => {
                    r.source
                        .get_or_insert((found(&p.method, false), text.clone()));
                }
                MethodKind::Outright => {
                    r.outright
                        .get_or_insert((found(&p.method, false), text.clone()));
                }
                MethodKind::Undecided => r.undecided.push(text.clone()),
                MethodKind::Other => {}
            }
            // A source or an outright word is part of the explanation only when it decides.
            if !matches!(
                p.kind,
                MethodKind::Source | MethodKind::Outright | MethodKind::Other
            ) {
                r.phrases.push(text);
            }
            k += 1;
        }
        // 不具备数据核验条件，采用告知承诺: a reduction that cannot be used, then one that is,
        // says why the second was chosen; the paper is not kept.
        for i in 0..r.found.len() {
            let (before, after) = r.found.split_at_mut(i + 1);
            let f = &mut before[i];
            if f.denied && after.iter().any(|g| g.method != KEEP && !g.negated) {
                f.negated = true;
            }
        }
        r
    }
}

/// A phrase found in a cell.
#[derive(Debug, Clone, Copy)]
struct Token {
    /// Where it starts, in characters.
    at: usize,
    /// How many characters it covers.
    len: usize,
    /// Its index in the classifier's phrases.
    phrase: usize,
}

/// The tokens of a cell with its slipped phrases put in, each in place of the plain tokens
/// it overlaps (数据核严: 数据核验 in place of the source 数据).
fn merge(plain: Vec<Token>, slipped: Vec<Token>) -> Vec<Token> {
    let overlaps = |a: &Token, b: &Token| a.at < b.at + b.len && b.at < a.at + a.len;
    let mut all: Vec<Token> = plain
        .into_iter()
        .filter(|t| !slipped.iter().any(|s| overlaps(t, s)))
        .collect();
    all.extend(slipped);
    all.sort_unstable_by_key(|t| t.at);
    all
}

/// A method named in a cell.
#[derive(Debug, Clone)]
struct Found {
    /// Where, in characters.
    at: usize,
    /// How many characters name it.
    len: usize,
    /// The standard method.
    method: String,
    /// Named only by fetching (共享调取).
    fetch: bool,
    /// A 不减 read from a method written after a `NOT_THIS` word (不采用告知承诺).
    negated: bool,
    /// A 不减 read from a reduction that cannot be used (不具备数据核验条件).
    denied: bool,
}

/// The phrases of a cell, read.
#[derive(Default)]
struct Reading {
    /// Each method named.
    found: Vec<Found>,
    /// A reduction is said without saying how (可减).
    unstated: bool,
    /// A check or fetch verb (核验, 获取).
    check: bool,
    /// Where each check verb starts, in characters.
    checks_at: Vec<usize>,
    /// The applicant hands nothing in (免提交).
    not_submitted: bool,
    /// The first data source (人口库) as the method it implies, and its words.
    source: Option<(Found, String)>,
    /// The first word saying a not-submitted phrase is unconditional (直接), likewise.
    outright: Option<(Found, String)>,
    /// Undecided phrases (待定).
    undecided: Vec<String>,
    /// A negation denies every other way (不以承诺或核验等方式替代), not one of them.
    denies_every_way: bool,
    /// Every phrase, as found.
    phrases: Vec<String>,
}

impl Reading {
    /// Methods a cell implies without naming one: a check against a data source is 数据核验
    /// (通过人口库比对); handing nothing in, unconditionally, is 取消 (直接免于提交). Bare,
    /// a check or a not-submitted phrase says to reduce without saying how.
    fn infer(&mut self) {
        // Beside a bare 取消 (核验人口库信息，不再要求提交), the check says how: whether the
        // cancel is only the paper going is `cancel_is_replaced`'s to decide.
        let only_cancel = self.found.iter().all(|f| f.method == CANCEL);
        if only_cancel && self.check && self.source.is_some() {
            let (f, text) = self.source.take().expect("checked");
            let at = self.found.partition_point(|g| g.at < f.at);
            self.found.insert(at, f);
            self.phrases.push(text);
        } else if self.found.is_empty()
            && !self.check
            && self.not_submitted
            && let Some((f, text)) = self.outright.take()
        {
            self.found.push(f);
            self.phrases.push(text);
        } else if self.not_submitted
            && !self.check
            && self.denies_every_way
            && self.found.iter().all(|f| f.negated)
        {
            // 不再要求提交，且不以承诺或核验等方式替代: nothing is handed in, and the ways it
            // could have been fetched or promised are each denied: cancelled outright.
            let first = self.found[0].clone();
            self.found = vec![Found {
                method: CANCEL.to_string(),
                negated: false,
                ..first
            }];
        }
        self.unstated |= self.check || self.not_submitted;
    }
}

/// True for a character that ends a clause or a bracketed note.
/// The method vocabulary's characters in their traditional forms (數據核驗, 電子證照, 告知承諾)
/// and the simplified ones the phrases are written in, sorted for a binary search. Only
/// characters a simplified 使用方式 text does not write (於 survives in simplified text only
/// as a surname), so a simplified text reads as it stands.
const TRADITIONAL: [(char, char); 114] = [
    ('並', '并'),
    ('來', '来'),
    ('係', '系'),
    ('個', '个'),
    ('們', '们'),
    ('備', '备'),
    ('內', '内'),
    ('刪', '删'),
    ('劃', '划'),
    ('動', '动'),
    ('協', '协'),
    ('執', '执'),
    ('場', '场'),
    ('實', '实'),
    ('審', '审'),
    ('將', '将'),
    ('專', '专'),
    ('對', '对'),
    ('庫', '库'),
    ('廢', '废'),
    ('後', '后'),
    ('從', '从'),
    ('復', '复'),
    ('慮', '虑'),
    ('應', '应'),
    ('採', '采'),
    ('換', '换'),
    ('據', '据'),
    ('擬', '拟'),
    ('數', '数'),
    ('於', '于'),
    ('時', '时'),
    ('暫', '暂'),
    ('書', '书'),
    ('業', '业'),
    ('樣', '样'),
    ('歸', '归'),
    ('決', '决'),
    ('沒', '没'),
    ('況', '况'),
    ('減', '减'),
    ('為', '为'),
    ('無', '无'),
    ('營', '营'),
    ('爭', '争'),
    ('獲', '获'),
    ('現', '现'),
    ('確', '确'),
    ('碼', '码'),
    ('礎', '础'),
    ('簡', '简'),
    ('簽', '签'),
    ('紀', '纪'),
    ('納', '纳'),
    ('紙', '纸'),
    ('結', '结'),
    ('統', '统'),
    ('經', '经'),
    ('維', '维'),
    ('網', '网'),
    ('線', '线'),
    ('編', '编'),
    ('繼', '继'),
    ('續', '续'),
    ('聯', '联'),
    ('與', '与'),
    ('舊', '旧'),
    ('號', '号'),
    ('複', '复'),
    ('見', '见'),
    ('規', '规'),
    ('視', '视'),
    ('計', '计'),
    ('記', '记'),
    ('許', '许'),
    ('評', '评'),
    ('詢', '询'),
    ('試', '试'),
    ('該', '该'),
    ('認', '认'),
    ('調', '调'),
    ('請', '请'),
    ('論', '论'),
    ('諾', '诺'),
    ('證', '证'),
    ('議', '议'),
    ('讀', '读'),
    ('變', '变'),
    ('讓', '让'),
    ('質', '质'),
    ('辦', '办'),
    ('這', '这'),
    ('進', '进'),
    ('過', '过'),
    ('遞', '递'),
    ('適', '适'),
    ('還', '还'),
    ('錄', '录'),
    ('鑑', '鉴'),
    ('鑒', '鉴'),
    ('門', '门'),
    ('開', '开'),
    ('間', '间'),
    ('閱', '阅'),
    ('際', '际'),
    ('電', '电'),
    ('靈', '灵'),
    ('項', '项'),
    ('須', '须'),
    ('預', '预'),
    ('題', '题'),
    ('驗', '验'),
    ('體', '体'),
    ('點', '点'),
];

/// `text` with the traditional forms of the method vocabulary's characters simplified.
fn simplified(text: &str) -> String {
    text.chars()
        .map(
            |c| match TRADITIONAL.binary_search_by_key(&c, |&(t, _)| t) {
                Ok(i) => TRADITIONAL[i].1,
                Err(_) => c,
            },
        )
        .collect()
}

/// 原件-提交, 告知·承诺: a dash or dot between two Chinese characters is a slip of the
/// hand inside one phrase, as a space is; between words of other scripts it stays.
fn joined_across_marks(c: &str) -> String {
    let ch: Vec<char> = c.chars().collect();
    let han = |x: Option<&char>| x.is_some_and(|&x| is_ideograph(x));
    (ch.iter().enumerate())
        .filter(|&(i, x)| {
            !("-－—–·・_".contains(*x) && i > 0 && han(ch.get(i - 1)) && han(ch.get(i + 1)))
        })
        .map(|(_, x)| *x)
        .collect()
}

fn is_break(c: char) -> bool {
    "()（）,，;；。、:：/".contains(c)
}

/// A character's toneless pinyin, to tell a homophone slip.
fn toneless(c: char) -> Option<String> {
    use pinyin::ToPinyin;
    c.to_pinyin().map(|p| p.plain().to_string())
}

/// The clause of each character position (and one past the end): clauses end at brackets,
/// at commas, semicolons and full stops, and before a numbered item (2. or 2、; compacting
/// folds ② to 2).
fn clauses(chars: &[char]) -> Vec<usize> {
    let mut clause = vec![0usize; chars.len() + 1];
    for (i, c) in chars.iter().enumerate() {
        if i > 0 && item_starts(&chars[i..]) {
            clause[i] += 1;
        }
        clause[i + 1] = clause[i] + usize::from("()（）,，;；。".contains(*c));
    }
    clause
}

/// Whether a numbered item starts here: a digit and a mark (2. 2、 2）). Compacting folds ②
/// to a bare 2, so `cancel_is_replaced` also takes a bare digit for an item.
fn item_starts(chars: &[char]) -> bool {
    matches!(chars, [d, m, ..] if d.is_ascii_digit() && ".．、)）".contains(*m))
}

/// The clauses holding any of `words`.
fn clauses_with(text: &str, clause: &[usize], words: &[&str]) -> BTreeSet<usize> {
    let mut found = BTreeSet::new();
    for w in words {
        for (byte, _) in text.match_indices(w) {
            found.insert(clause[text[..byte].chars().count()]);
        }
    }
    found
}

/// Drops a 不减 that only says what happens when the method before it fails (数据核验，核验
/// 不成功的提交原件): a clause holding a fallback word, or the clause right after one; any
/// method in a clause saying the one before failed (无法核验的采用告知承诺); and beside 告知承诺,
/// a check in a clause that says it comes afterwards (事后核查).
fn drop_fallbacks(read: &mut Reading, chars: &[char]) {
    if !read.found.iter().any(|f| f.method != KEEP) {
        return;
    }
    let clause = clauses(chars);
    let text: String = chars.iter().collect();
    let failed = clauses_with(&text, &clause, &FAILED);
    let paper = clauses_with(&text, &clause, &PAPER_FALLBACK);
    let or_next =
        |set: &BTreeSet<usize>, c: usize| set.contains(&c) || (c > 0 && set.contains(&(c - 1)));
    let failed_or_next = |c: usize| or_next(&failed, c);
    let fallback_or_next = |c: usize| failed_or_next(c) || or_next(&paper, c);
    read.found
        .retain(|f| f.method != KEEP || !fallback_or_next(clause[f.at]));
    if (read.found.iter()).any(|f| f.method != KEEP && !failed_or_next(clause[f.at])) {
        read.found.retain(|f| !failed_or_next(clause[f.at]));
    }
    // 能共享的共享，不能共享的承诺: the only method is what follows a failure, and the way
    // tried first is a bare check: how it is first reduced is not said.
    let only_fallbacks = (read.found.iter()).all(|f| failed_or_next(clause[f.at]));
    if !read.found.is_empty()
        && only_fallbacks
        && (read.checks_at.iter()).any(|&at| !failed_or_next(clause[at]))
    {
        read.found.clear();
        read.unstated = true;
        return;
    }
    if read.found.iter().any(|f| f.method == COMMITMENT) {
        let post = clauses_with(&text, &clause, &POST_CHECK);
        read.found
            .retain(|f| f.method == COMMITMENT || !post.contains(&clause[f.at]));
    }
}

/// Drops the 不减 read from a reduction written negated when the cell names another
/// reduction as written (不采用告知承诺，通过数据共享核验; 不是取消，是数据共享获取): the
/// negation says which method it is not, and the other says which it is.
fn drop_denied_beside_method(read: &mut Reading) {
    if (read.found.iter()).any(|f| f.method != KEEP) {
        read.found.retain(|f| !f.negated);
    }
}

/// Whether the 取消 beside another reduction only says the paper goes, the other method being
/// how (取消，改为数据核验; 取消纸质证明，调取电子证照): not when the two are offered as a
/// choice (取消或数据核验), nor when a bare 取消 clause stands beside the other method with no
/// word saying it replaces (取消，告知承诺).
fn cancel_is_replaced(found: &[Found], chars: &[char]) -> bool {
    let reductions: Vec<&Found> = found.iter().filter(|f| f.method != KEEP).collect();
    let (Some(first), Some(last)) = (reductions.first(), reductions.last()) else {
        return false;
    };
    let between: String = chars[first.at..last.at + last.len].iter().collect();
    if CHOICE.iter().any(|w| between.contains(w)) {
        return false;
    }
    // 取消和数据核验: two methods joined as one list says both.
    let gap = &chars[first.at + first.len..last.at];
    if !gap.is_empty() && gap.iter().all(|c| "和及与".contains(*c)) {
        return false;
    }
    let text: String = chars.iter().collect();
    let clause = clauses(chars);
    // Something follows the cancel phrase in its clause: what is cancelled is named.
    let names_what = found.iter().filter(|f| f.method == CANCEL).all(|f| {
        let end = f.at + f.len;
        end < chars.len()
            && clause[end] == clause[f.at]
            && !is_break(chars[end])
            && !chars[end].is_ascii_digit()
    });
    names_what || REPLACE.iter().any(|w| text.contains(w))
}

/// Whether the fetch `f` is an item of its own beside the e-licence, not the licence's
/// channel: only a list's separator stands between them (电子证照、数据共享; 数据共享或电子证照),
/// not a comma, after which a clause says how the licence is fetched (电子证照，后台比对).
fn listed_apart(f: &Found, found: &[Found], chars: &[char]) -> bool {
    found
        .iter()
        .filter(|g| g.method == ELICENCE_CHECK)
        .any(|g| {
            let (a, b) = if g.at < f.at { (g, f) } else { (f, g) };
            let gap = &chars[(a.at + a.len).min(b.at)..b.at];
            !gap.is_empty() && gap.iter().all(|c| "、/和及与或+".contains(*c))
        })
}

/// The class of a decided cell: one method, a conflict, a reduction without a method, or
/// nothing known.
fn decide(read: Reading, chars: &[char]) -> MethodOutcome {
    // Fetching by sharing is 数据核验, unless the e-licence is named: then it is how the
    // licence is fetched.
    let licence = read.found.iter().any(|f| f.method == ELICENCE_CHECK);
    let mut names: Vec<String> = Vec::new();
    for f in &read.found {
        let channel_only = f.fetch && licence && !listed_apart(f, &read.found, chars);
        if !channel_only && !names.contains(&f.method) {
            names.push(f.method.clone());
        }
    }
    let mut reductions: Vec<String> = names.iter().filter(|m| *m != KEEP).cloned().collect();
    let keep = names.iter().any(|m| m == KEEP);
    // 原则上免于提交，确需提交的由窗口决定: the applicant hands nothing in and hands the paper
    // in, and no method says how: which holds is a person's to say, not 不减.
    let kept_as_said = read
        .found
        .iter()
        .any(|f| f.method == KEEP && !f.negated && !f.denied);
    let exempt_and_kept = kept_as_said && reductions.is_empty() && read.not_submitted;
    // 不采用告知承诺 alone says which method is not used, not which is, nor that the paper
    // stays: a person decides.
    let only_not_this = reductions.is_empty()
        && !read.unstated
        && !read.found.is_empty()
        && read.found.iter().all(|f| f.negated);
    if reductions.len() == 2
        && reductions.iter().any(|m| m == CANCEL)
        && cancel_is_replaced(&read.found, chars)
    {
        reductions.retain(|m| m != CANCEL);
    }
    let class = if reductions.len() >= 2 || (reductions.len() == 1 && keep) {
        let mut all = reductions.clone();
        if keep {
            all.insert(0, KEEP.to_string());
        }
        MethodClass::Conflict { names: all }
    } else if let Some(m) = reductions.first() {
        MethodClass::Method { name: m.clone() }
    } else if only_not_this || exempt_and_kept {
        // Whether to reduce at all is open, so 不减 stays among the answers a person picks.
        MethodClass::Undecided
    } else if keep {
        MethodClass::Method {
            name: KEEP.to_string(),
        }
    } else if read.unstated {
        MethodClass::ReduceUnstated
    } else {
        MethodClass::Unrecognised
    };
    let phrases = read.phrases;
    let why = match &class {
        MethodClass::Method { name } => {
            crate::tr!("method.from", name = name, phrases = phrases.join("、"))
        }
        MethodClass::Conflict { names } => crate::tr!(
            "method.conflict",
            names = names.join("、"),
            phrases = phrases.join("、"),
        ),
        MethodClass::Undecided if exempt_and_kept => {
            crate::tr!("method.exempt_and_kept", phrases = phrases.join("、"))
        }
        MethodClass::Undecided => crate::tr!("method.only_not_this", phrases = phrases.join("、")),
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
mod tests;
