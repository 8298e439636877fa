//! The doubts `Engine::decide` applies to a ranked answer: what reforms.csv says of the name
//! that matched, and the cases where an answer that scored high enough is still only a
//! suggestion (another body's own name, characters left before a name on a national list, a
//! 市 that names the city's own department).

use crate::normalize::compact;

use super::Engine;
use super::lookup::{Ranked, Verdict};
use super::outcome::{Decision, EXACT, Hit, How};
use super::reading::Alt;
use super::region::{Constraint, NATIONAL_PREFIXES};
use super::score::is_subsequence;

impl Engine {
    /// What reforms.csv says of the variant that matched; the old name of a body that was
    /// split is only a suggestion.
    pub(super) fn reform_note(&self, top_variant: Option<u32>, v: &mut Verdict) {
        if let Some((row, split)) = top_variant.and_then(|x| self.knowledge.reforms.get(&x)) {
            let what = &self.knowledge.reform_whys[*row as usize];
            v.why.push_str(&crate::tr!("match.reform", what = what));
            if *split && v.decision == Decision::Auto {
                v.decision = Decision::Review;
                v.why.push_str(&crate::tr!("match.split_old_name"));
            }
        }
    }

    /// 浦东新区周家桥街道: a name written as another body's own name (长宁区's 周家桥街道, the
    /// one body with that core) is that body's, misplaced, as likely as a slip in the name of
    /// one the region allows: a person decides.
    pub(super) fn check_another_bodys_name(&self, alt: &Alt, top: &Hit, v: &mut Verdict) {
        if v.decision != Decision::Auto || top.how != How::Fuzzy {
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
            let text = if h.via.is_empty() { &h.name } else { &h.via };
            let e: Vec<char> = compact(text).chars().collect();
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
        if let Some(r) = others
            .iter()
            .find(|r| r.1.id != top.1.id && keeps_ends(&r.1))
        {
            v.decision = Decision::Review;
            v.why
                .push_str(&crate::tr!("match.sibling_short_form", name = r.1.name));
        }
    }
}
