//! The doubts `Engine::decide` applies to a ranked answer: what reforms.csv says of the name
//! that matched, and the cases where an answer that scored high enough is still only a
//! suggestion (another body's own name, characters left before a name on a national list, a
//! 市 that names the city's own department).

use crate::dictionary::Relation;
use crate::normalize::compact;

use super::lookup::{Ranked, Verdict};
use super::outcome::{Decision, EXACT, Hit, How};
use super::reading::Alt;
use super::region::{Constraint, NATIONAL_PREFIXES};
use super::score::is_subsequence;
use super::{Engine, sound};

impl Engine {
    /// What reforms.csv says of the variant that matched; the old name of a body that was
    /// split, and a name others go by too, are only a suggestion. The premises said before a
    /// shared name (经营场所租赁合同) say which: a property's; so does a bracket that names
    /// this material and none of the others the note lists (鉴定意见书（司法鉴定）).
    pub(super) fn reform_note(
        &self,
        top_variant: Option<u32>,
        alt: &Alt,
        top: &Hit,
        v: &mut Verdict,
    ) {
        if let Some((row, relation)) = top_variant.and_then(|x| self.knowledge.reforms.get(&x)) {
            let what = &self.knowledge.reform_whys[*row as usize];
            // 大绿本 是 机动车登记证书的俗称（reforms.csv）: said once, where the explanation
            // opens with the name it matched, not as an alias and then again as a common name.
            // A department's row speaks of its type (市场监督管理局), so the body's own name
            // stays in the clause before it.
            let via = if top.via.is_empty() {
                &top.name
            } else {
                &top.via
            };
            let head = match top.how {
                _ if self.kind != super::Kind::Material => String::new(),
                How::Alias => crate::tr!("match.alias", via = via, name = top.name),
                How::FormerName => crate::tr!("match.former", via = via, name = top.name),
                _ => String::new(),
            };
            match v
                .why
                .strip_prefix(head.as_str())
                .filter(|_| !head.is_empty())
            {
                Some(rest) => {
                    v.why = crate::tr!("match.reform_is", via = via, what = what) + rest;
                }
                None => v.why.push_str(&crate::tr!("match.reform", what = what)),
            }
            let note = &self.knowledge.reform_notes[*row as usize];
            let held = |name: &str| super::lookup::bracket_held(&alt.bracket, name);
            let bracket_decides = held(&top.name) && !held(note);
            if *relation == Relation::Shared && bracket_decides {
                super::lookup::say_bracket_decided(&mut v.why, &alt.bracket);
            }
            let doubt = match relation {
                Relation::Split => Some(crate::tr!("match.split_old_name")),
                Relation::Shared if !alt.premises && !bracket_decides => {
                    Some(crate::tr!("match.shared_name"))
                }
                Relation::Shared | Relation::Former | Relation::Common => None,
            };
            if let Some(doubt) = doubt.filter(|_| v.decision == Decision::Auto) {
                v.decision = Decision::Review;
                v.why.push_str(&doubt);
            }
        }
    }

    /// 浦东新区周家桥街道: a name written as another body's own name (长宁区's 周家桥街道, the
    /// one body with that core) is that body's, misplaced, as likely as a slip in the name of
    /// one the region allows: a person decides.
    pub(super) fn check_another_bodys_name(&self, alt: &Alt, top: &Hit, v: &mut Verdict) {
        // Said on a review too: the other body is what a person should weigh.
        if v.decision == Decision::None || top.how != How::Fuzzy {
            return;
        }
        // One body's own name: a core many share is a kind of body (民政局), or what is left
        // of short forms after their region (场监督管理局 of 南昌市场监督管理局).
        let mut owners = (self
            .index
            .cores
            .get(alt.core.as_str())
            .into_iter()
            .flatten())
        .map(|&id| self.index.variants[id as usize].entry as usize);
        let Some(e) = owners.next() else {
            return;
        };
        if e != top.id && owners.all(|o| o == e) {
            v.decision = Decision::Review;
            v.why.push_str(&crate::tr!(
                "match.another_bodys_name",
                text = alt.core,
                name = self.entries.names[e]
            ));
        }
    }

    /// 宁县津公共资源交易中心 on a national list: a fuzzy match whose name is the cell's rest
    /// less one or two characters before it, after a region written whole, left part of the
    /// region unread (宁津县 with its characters swapped), so the region read is in doubt: a
    /// person decides.
    pub(super) fn check_left_of_region(
        &self,
        alt: &Alt,
        top: &Hit,
        variant: Option<u32>,
        v: &mut Verdict,
    ) {
        if v.decision != Decision::Auto
            || top.how != How::Fuzzy
            || !self.places.regions.is_national()
        {
            return;
        }
        let Some(core) = variant.map(|x| &self.index.variants[x as usize].core) else {
            return;
        };
        // A region written whole (宁县, 汕尾市) then more: a slip in place of its type
        // character (南漳对人力资源…) leaves the region short, and is read as it should be.
        let whole_region = (alt.text.strip_suffix(alt.core.as_str()))
            .and_then(|r| r.chars().last())
            .is_some_and(|c| matches!(c, '县' | '市' | '区' | '旗'));
        let q: Vec<char> = alt.core.chars().collect();
        let extra = q.len().saturating_sub(core.len());
        if whole_region && (1..=2).contains(&extra) && q[extra..] == core[..] {
            v.decision = Decision::Review;
            let left: String = q[..extra].iter().collect();
            v.why
                .push_str(&crate::tr!("match.left_of_region", left = left));
        }
    }

    /// 市金融监管局: a cell that says 市 names the city's own department; a national body's
    /// office in the city is reached only by a name of its own, not by an implied prefix.
    pub(super) fn check_shi_names_the_city(
        &self,
        alt: &Alt,
        top: &Hit,
        constraint: Constraint,
        v: &mut Verdict,
    ) {
        if v.decision == Decision::Auto
            && top.score < EXACT
            && constraint == Constraint::Top
            && (alt.text.starts_with('市')
                || (self.places.regions.top.first())
                    .is_some_and(|t| alt.text.starts_with(t.as_str())))
        {
            let name = compact(&self.entries.names[top.id]);
            if NATIONAL_PREFIXES.iter().any(|p| name.starts_with(p))
                && self.places.regions.split_branch(&name).is_none()
            {
                v.decision = Decision::Review;
                v.why
                    .push_str(&crate::tr!("match.shi_national", name = top.name));
            }
        }
    }

    /// 股东决议: a material written short, its first and last characters kept, is as much a
    /// short form of another material ranked (股东会决议, 股东大会决议): whichever word it
    /// left out told the two apart, so the one that scored higher is only a suggestion.
    pub(super) fn check_sibling_short_form(&self, alt: &Alt, ranked: &[Ranked], v: &mut Verdict) {
        let q: Vec<char> = alt.core.chars().collect();
        let keeps_ends = |h: &Hit| {
            let e = matched_chars(h);
            h.how == How::Abbreviation
                && q.len() >= 3
                && e.first() == q.first()
                && e.last() == q.last()
                && is_subsequence(&q, &e)
        };
        let Some((top, others)) = ranked.split_first() else {
            return;
        };
        if v.decision != Decision::Auto || !keeps_ends(&top.1) {
            return;
        }
        // 居民身证 of 居民身份证, not of 居民身份证领取凭证: a material named after another and
        // more words (its 领取凭证) is not meant by a short form that has none of them.
        let built_on_top = |r: &Ranked| r.1.name.starts_with(top.1.name.as_str());
        if let Some(r) = others
            .iter()
            .find(|r| r.1.id != top.1.id && keeps_ends(&r.1) && !built_on_top(r))
        {
            v.decision = Decision::Review;
            v.why
                .push_str(&crate::tr!("match.sibling_short_form", name = r.1.name));
        }
    }

    /// 生明书, 专力证书: a short form of four characters or fewer (of 生效证明书, 专项职业能力
    /// 证书) that is as much another listed name with one character slipped to one that sounds
    /// alike (声明书, 专利证书): so short a form is no surer than the slip, so the first is only
    /// a suggestion.
    pub(super) fn check_homophone_rival(&self, alt: &Alt, ranked: &[Ranked], v: &mut Verdict) {
        let q: Vec<char> = alt.core.chars().collect();
        let Some((top, others)) = ranked.split_first() else {
            return;
        };
        if v.decision != Decision::Auto || top.1.how != How::Abbreviation || q.len() > 4 {
            return;
        }
        let slipped_from = |r: &Ranked| {
            let e = matched_chars(&r.1);
            let diff: Vec<usize> = (0..q.len()).filter(|&i| e.get(i) != Some(&q[i])).collect();
            e.len() == q.len() && diff.len() == 1 && sound(q[diff[0]]) == sound(e[diff[0]])
        };
        if let Some(r) = others
            .iter()
            .find(|r| r.1.id != top.1.id && slipped_from(r))
        {
            v.decision = Decision::Review;
            v.why
                .push_str(&crate::tr!("match.homophone_rival", name = r.1.name));
        }
    }

    /// 签证申请表（外国人赴华）: a short form read without its bracket, which leaves out a head
    /// of the name (外国留学人员来华), while the bracket speaks of that head (shares a
    /// character with it) and says otherwise: the bracket names whose or which it is, and
    /// the name is not that. A bracket of another matter (复印件, 如有) says nothing of it.
    pub(super) fn check_bracket_against_head(&self, alt: &Alt, top: &Hit, v: &mut Verdict) {
        if v.decision != Decision::Auto || top.how != How::Abbreviation || alt.bracket.is_empty() {
            return;
        }
        let e = matched_chars(top);
        let q: Vec<char> = alt.core.chars().collect();
        let b: Vec<char> = alt.bracket.chars().collect();
        if !is_subsequence(&q, &e) {
            return;
        }
        let dropped = dropped_chars(&q, &e);
        if b.iter().any(|c| dropped.contains(c)) && !is_subsequence(&b, &e) {
            v.decision = Decision::Review;
            v.why.push_str(&crate::tr!(
                "match.bracket_not_head",
                bracket = alt.bracket,
                name = top.name
            ));
        }
    }

    /// 检测报告, 营运证: a name several materials go by (material_terms.csv `generic`) that the
    /// dictionary lists for none, read as one material's short form or by likeness: only a
    /// suggestion, which says what else it may mean.
    pub(super) fn check_generic_name(&self, alt: &Alt, top: &Hit, v: &mut Verdict) {
        if v.decision != Decision::Auto || !matches!(top.how, How::Abbreviation | How::Fuzzy) {
            return;
        }
        if let Some(meanings) = self.terms.generic.get(alt.text.as_str()) {
            // 报关单（出口）: the bracket says which of the meanings it is.
            let holds = |name: &str| super::lookup::bracket_held(&alt.bracket, name);
            if holds(&top.name) && (meanings.split('、')).all(|m| m == top.name || !holds(m)) {
                return;
            }
            v.decision = Decision::Review;
            v.why.push_str(&crate::tr!(
                "match.generic",
                term = alt.text,
                meanings = meanings
            ));
        }
    }

    /// 台湾居民定居证: a likeness that adds a character at one place (定 before 居) and leaves
    /// out another at another (住 after 居), where the added one makes with its neighbour a
    /// word of another material and not of this one (定居 of 华侨回国定居证): the cell says
    /// another word, not this name with a slip, so it may name a material the dictionary
    /// lacks. A character in place of another (社保缴纳证明 for 缴费) is a slip or a synonym.
    pub(super) fn check_word_of_another(
        &self,
        alt: &Alt,
        top: &Hit,
        variant: Option<u32>,
        v: &mut Verdict,
    ) {
        if v.decision != Decision::Auto || top.how != How::Fuzzy {
            return;
        }
        let Some(e) = variant.map(|x| &self.index.variants[x as usize].core) else {
            return;
        };
        let q: Vec<char> = alt.core.chars().collect();
        let (q_kept, e_kept) = lcs_kept(&q, e);
        let e_left: Vec<char> = (0..e.len()).filter(|&j| !e_kept[j]).map(|j| e[j]).collect();
        // Where each character left out stands: after how many kept ones.
        let gap = |kept: &[bool], i: usize| kept[..i].iter().filter(|&&k| k).count();
        let e_gaps: Vec<usize> = (0..e.len())
            .filter(|&j| !e_kept[j])
            .map(|j| gap(&e_kept, j))
            .collect();
        let slip_of = |i: usize| {
            let c = q[i];
            e_gaps.contains(&gap(&q_kept, i))
                || e_left.iter().any(|&x| {
                    super::sound(x) == super::sound(c)
                        || self.typos.lookalike.get(&c).is_some_and(|l| l.contains(&x))
                })
        };
        let others_word = |a: char, b: char| {
            self.knowledge.pairs.get(&[a, b]).is_some_and(|es| {
                !es.contains(&(top.id as u32)) && es.iter().any(|&x| x as usize != top.id)
            })
        };
        // 住宅质量保修书 for 住宅质量保证书: a character in place of another that starts the end
        // of another material's name (建设工程质量保修书) names that material's kind.
        let one_in_place =
            q.len() == e.len() && q.iter().zip(e.iter()).filter(|(a, b)| a != b).count() == 1;
        let ends_anothers = |i: usize| {
            let tail = &q[i.saturating_sub(1)..];
            one_in_place
                && tail.len() >= 3
                && (self.index.variants.iter())
                    .any(|x| x.entry as usize != top.id && x.core.ends_with(tail))
        };
        let word = (0..q.len())
            .filter(|&i| !q_kept[i] && !e_left.is_empty() && (!slip_of(i) || ends_anothers(i)))
            .find_map(|i| {
                let before = (i > 0 && others_word(q[i - 1], q[i])).then(|| i - 1);
                // The last character is the document's kind (证, 书), which follows words of
                // every sort: pairing with it says nothing (户口证 has 口证).
                let after = (i + 2 < q.len() && others_word(q[i], q[i + 1])).then_some(i);
                before.or(after)
            });
        if let Some(at) = word {
            let w: String = q[at..at + 2].iter().collect();
            v.decision = Decision::Review;
            v.why
                .push_str(&crate::tr!("match.word_of_another", word = w));
        }
    }

    /// 自考毕业证: read as a word before a name (毕业证), while another ranked material's name
    /// holds the whole text in order from its first character (自学考试毕业证书): the word is
    /// that name's head written short, so the answer is only a suggestion.
    pub(super) fn check_head_written_short(&self, alt: &Alt, ranked: &[Ranked], v: &mut Verdict) {
        let Some((top, others)) = ranked.split_first() else {
            return;
        };
        let q: Vec<char> = alt.core.chars().collect();
        let e = matched_chars(&top.1);
        let read_off_end = e.len() + 2 <= q.len() && q.ends_with(&e);
        if v.decision != Decision::Auto || top.1.how != How::Abbreviation || !read_off_end {
            return;
        }
        let holds = |h: &Hit| {
            let n = matched_chars(h);
            n.first() == q.first() && is_subsequence(&q, &n)
        };
        if let Some(r) = others.iter().find(|r| r.1.id != top.1.id && holds(&r.1)) {
            v.decision = Decision::Review;
            v.why
                .push_str(&crate::tr!("match.sibling_short_form", name = r.1.name));
        }
    }

    /// 操作证（建筑施工）: a bracket read as a note, whose words another ranked material's name
    /// has and the answer's has not: the bracket says which one (建筑施工…操作资格证书), so
    /// the answer, reached without it, is only a suggestion.
    pub(super) fn check_bracket_names_another(
        &self,
        alt: &Alt,
        ranked: &[Ranked],
        v: &mut Verdict,
    ) {
        let Some((top, others)) = ranked.split_first() else {
            return;
        };
        let b = alt.bracket.as_str();
        if v.decision != Decision::Auto || b.chars().count() < 2 || top.1.name.contains(b) {
            return;
        }
        // Only entries ranked where a lookup that only resolves ranks them too.
        let floor = self.rank_floor(true);
        let named = |r: &&Ranked| r.0 >= floor && r.1.id != top.1.id && r.1.name.contains(b);
        if let Some(r) = others.iter().find(named) {
            v.decision = Decision::Review;
            v.why.push_str(&crate::tr!(
                "match.bracket_not_head",
                bracket = b,
                name = top.1.name
            ));
            v.why
                .push_str(&crate::tr!("match.sibling_named", name = r.1.name));
        }
    }

    /// 环境影响报告书（表）: a bracket of one character that ends names (表, 证, 书), after a
    /// name that ends with another, writes the name with that ending too: two materials,
    /// or either, which the name alone is not: a person decides.
    pub(super) fn check_bracket_ending(&self, alt: &Alt, v: &mut Verdict) {
        let mut b = alt.bracket.chars();
        let (Some(c), None) = (b.next(), b.next()) else {
            return;
        };
        if v.decision == Decision::Auto
            && self.typos.last_chars.contains(&c)
            && alt.core.chars().last().is_some_and(|l| l != c)
        {
            v.decision = Decision::Review;
            v.why
                .push_str(&crate::tr!("match.bracket_ending", bracket = alt.bracket));
        }
    }

    /// 企业社保证明: a holder taken off before a name, where another material's name is that
    /// holder before nearly the same rest (单位参保缴费证明): the word said whose material it
    /// is, and that one is listed, so the holder was not to be dropped. A holder no such name
    /// begins with (申请人身份证) says nothing.
    pub(super) fn check_holder_names_another(&self, alt: &Alt, top: &Hit, v: &mut Verdict) {
        if v.decision != Decision::Auto || alt.holder.is_empty() {
            return;
        }
        let q: Vec<char> = alt.core.chars().collect();
        // Its name less the holder is the rest with a word in place of another (参保 for 社保,
        // 信用 for 征信): more than half the rest kept in order, its ending the same.
        let kept = |rest: &str| {
            let r: Vec<char> = rest.chars().collect();
            let k = lcs_kept(&q, &r).0.iter().filter(|&&k| k).count();
            if r.last() == q.last() { k } else { 0 }
        };
        let other = (self.entries.names.iter().enumerate())
            .filter(|(id, _)| *id != top.id)
            .filter_map(|(_, n)| Some((kept(n.strip_prefix(alt.holder.as_str())?), n)))
            .filter(|(k, _)| 2 * k > q.len())
            .max_by_key(|(k, _)| *k);
        if let Some((_, name)) = other {
            v.decision = Decision::Review;
            v.why.push_str(&crate::tr!(
                "match.holder_names_another",
                who = alt.holder,
                name = name
            ));
        }
    }

    /// 相关部门批准文件: a word that leaves open which one (相关, 有关, 其他) where the name
    /// has a word that says it (上级主管部门批准文件): the cell names a kind, not that
    /// material, and is a suggestion of it.
    pub(super) fn check_open_word(&self, alt: &Alt, top: &Hit, v: &mut Verdict) {
        const OPEN: [&str; 4] = ["相关", "有关", "其他", "其它"];
        if v.decision != Decision::Auto {
            return;
        }
        let e: String = matched_chars(top).into_iter().collect();
        if let Some(w) = OPEN
            .iter()
            .find(|w| alt.core.contains(*w) && !e.contains(*w))
        {
            v.decision = Decision::Review;
            v.why.push_str(&crate::tr!("match.open_word", word = w));
        }
    }

    /// GCP证书, GMP证书: a code of letters and a bare document ending names a standard, which
    /// many fields certify (药品GMP证书, 兽药GMP证书), and whose certificate a person or a
    /// body may hold: reached only as a short form of a longer name, it is a suggestion.
    pub(super) fn check_letters_alone(&self, alt: &Alt, top: &Hit, v: &mut Verdict) {
        let rest = alt
            .core
            .trim_start_matches(|c: char| c.is_ascii_alphanumeric());
        let letters = alt
            .core
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .count();
        if v.decision == Decision::Auto
            && top.how == How::Abbreviation
            && letters >= 2
            && rest.chars().count() <= 2
        {
            v.decision = Decision::Review;
            v.why.push_str(&crate::tr!("match.letters_alone"));
        }
    }
}

impl Engine {
    /// 香港非永久性居民身份证, 非机动车行驶证: 非 before a word says the material is not that
    /// one but its counterpart. A cell and the name it matched that differ in their 非 name
    /// two materials, however close the rest reads: only a suggestion.
    pub(super) fn check_negated_word(&self, alt: &Alt, top: &Hit, v: &mut Verdict) {
        if v.decision != Decision::Auto {
            return;
        }
        let count = |t: &[char]| t.iter().filter(|&&c| c == '非').count();
        let in_cell = alt.core.chars().filter(|&c| c == '非').count();
        let differs = |t: &[char]| in_cell != count(t);
        // The standard name may say the 非 its short name leaves out (非药品类… before an
        // alias without it).
        let name = || compact(&top.name).chars().collect::<Vec<char>>();
        if differs(&matched_chars(top)) && differs(&name()) {
            v.decision = Decision::Review;
            v.why.push_str(&crate::tr!("match.negated_word"));
        }
    }
}

/// The name a hit matched through (its variant, else its standard name), compacted.
fn matched_chars(h: &Hit) -> Vec<char> {
    let text = if h.via.is_empty() { &h.name } else { &h.via };
    compact(text).chars().collect()
}

/// Which characters of `q` and of `e` a longest common subsequence of the two keeps.
fn lcs_kept(q: &[char], e: &[char]) -> (Vec<bool>, Vec<bool>) {
    let (n, m) = (q.len(), e.len());
    let mut t = vec![vec![0u16; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i][j] = if q[i] == e[j] {
                t[i + 1][j + 1] + 1
            } else {
                t[i + 1][j].max(t[i][j + 1])
            };
        }
    }
    let (mut qk, mut ek) = (vec![false; n], vec![false; m]);
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if q[i] == e[j] {
            (qk[i], ek[j]) = (true, true);
            (i, j) = (i + 1, j + 1);
        } else if t[i + 1][j] >= t[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    (qk, ek)
}

/// The characters of `e` a greedy reading of `q` as its subsequence leaves out.
fn dropped_chars(q: &[char], e: &[char]) -> Vec<char> {
    let mut j = 0;
    e.iter()
        .filter(|&&c| {
            let kept = j < q.len() && c == q[j];
            j += usize::from(kept);
            !kept
        })
        .copied()
        .collect()
}
