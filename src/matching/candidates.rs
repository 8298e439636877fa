//! Fuzzy candidates: which variants a query core is scored against. The plain filter
//! (`candidates`) takes the query's sound lists rarest first (weighted CPMerge, as SimString);
//! on a large department list the pruned search (`best_candidates`) lets through exactly what
//! that filter does (`Search::check`) but scores only the variants whose bound can still reach
//! the third best entry found so far.
//!
//! What must stay true: pruning changes no outcome. The pruned search reproduces the plain
//! filter's sums in the same order, its bounds are never below a score, and a variant it left
//! out that an entry's best score needs is scored afterwards (`score_listed`); the unit tests
//! compare both searches on random noisy names.

use super::index::{SLACK, Variant, one_off_key, one_off_positions};
use super::outcome::{CORE, EXACT, FUZZY_CAP, How};
use super::reading::Alt;
use super::region::{Constraint, Region, region_allowed};
use super::{Engine, Kind, sound};

thread_local! {
    static SCRATCH: std::cell::RefCell<FilterScratch> =
        std::cell::RefCell::new(FilterScratch::default());
}

/// Per-thread state of the candidate filter, kept clear between lookups so no lookup pays for
/// clearing it: per variant the weight accumulated, per sound id the query list it is (or
/// `NO_LIST`).
#[derive(Default)]
struct FilterScratch {
    acc: Vec<f32>,
    list_of: Vec<u8>,
}

impl Engine {
    /// Whether a variant may answer a query under the constraint.
    pub(super) fn allowed(&self, v: &Variant, c: Constraint) -> bool {
        region_allowed(v.region, c)
    }

    /// Scores every variant that could match the alternative: (variant, score, how). Exact
    /// and core hits end the search; fuzzy scoring only runs when there are none. With `prune`,
    /// fuzzy candidates that cannot be among the lookup's three best entries may be left out;
    /// the flag says whether they were (`score_listed` then scores any of them exactly).
    pub(super) fn score_all(
        &self,
        alt: &Alt,
        constraint: Constraint,
        prune: Option<Prune>,
    ) -> (Vec<(u32, f32, How)>, bool) {
        let ix = &self.index;
        let mut out: Vec<(u32, f32, How)> = Vec::new();
        // The text equal to a variant is that entry whatever its prefix says (a former
        // district's name, 上海市闸北区人民政府, carries the top-level prefix).
        if alt.exact_text {
            let len = alt.text.chars().count();
            for &id in ix.exact.get(alt.text.as_str()).into_iter().flatten() {
                let v = &ix.variants[id as usize];
                // A top-level body's name without its region (市场监管局 for 上海市市场监督管理局)
                // implies the region, as the name of a district's body does: on a district's
                // list it means that district's.
                let implied = v.region == Region::Top && v.core.len() == len;
                out.push((id, if implied { CORE } else { EXACT }, v.how));
            }
        }
        // A bare core of one or two characters (公安, 民政) says too little to be sure; a
        // town's own name does (堡镇, 庙镇: the dictionary lists every town of the city).
        let township = || {
            let core: Vec<char> = alt.core.chars().collect();
            self.kind == Kind::Department && super::score::names_a_township(&core)
        };
        let core_score =
            if alt.core.chars().count() >= 3 || constraint != Constraint::Any || township() {
                CORE
            } else {
                0.8
            };
        for id in self.core_hits(&alt.core, constraint) {
            let v = &ix.variants[id as usize];
            if self.allowed(v, constraint) && !out.iter().any(|o| o.0 == id) {
                out.push((id, core_score, v.how));
            }
        }
        if alt.former_only {
            out.retain(|o| o.2 == How::FormerName);
        }
        if !out.is_empty() || alt.names_only {
            return (out, false);
        }
        let q: Vec<char> = alt.core.chars().collect();
        let qs: Vec<u32> = q.iter().map(|&c| sound(c)).collect();
        let qw: Vec<f32> = qs.iter().map(|&k| self.weight(k)).collect();
        if self.reads_no_region(constraint) {
            return (self.unread_region_hits(&q, &qs, &qw), false);
        }
        if let Some(mut found) = self.scoped_candidates(&q, &qs, &qw, constraint) {
            self.typo_hits(&q, &qs, &qw, constraint, &mut found);
            return (found, false);
        }
        if let Some(p) = prune.filter(|_| self.kind == Kind::Department && self.pruning.prune)
            && let Some(mut found) = self.best_candidates(&q, &qs, &qw, constraint, p)
        {
            // Slips are found by writing characters back, not through the candidates.
            self.typo_hits(&q, &qs, &qw, constraint, &mut found);
            return (found, true);
        }
        for id in self.candidates(&qs) {
            let v = &ix.variants[id as usize];
            if !self.allowed(v, constraint) {
                continue;
            }
            if let Some((s, how)) = self.score(&q, &qs, &qw, v) {
                out.push((id, s, how));
            }
        }
        self.typo_hits(&q, &qs, &qw, constraint, &mut out);
        (out, false)
    }

    /// The scores the plain filter and `score` give these variants for the alternative (those
    /// the filter lets through): what a pruned `score_all` may have left out of them.
    pub(super) fn score_listed(
        &self,
        alt: &Alt,
        constraint: Constraint,
        vids: &[u32],
    ) -> Vec<(u32, f32, How)> {
        let q: Vec<char> = alt.core.chars().collect();
        let qs: Vec<u32> = q.iter().map(|&c| sound(c)).collect();
        let qw: Vec<f32> = qs.iter().map(|&k| self.weight(k)).collect();
        let Some(l) = self.query_lists(&qs) else {
            return Vec::new();
        };
        let mut s = Search::new(self, &q, &qs, &qw, constraint, Prune::NONE, &l);
        self.check_listed(&mut s, &l, vids);
        // The bar stays at its lowest: every variant pooled is scored.
        s.score_pool();
        s.out
    }

    /// Checks each of `vids` with the filter `candidates` applies, pooling those it lets
    /// through.
    pub(super) fn check_listed(&self, s: &mut Search, l: &QueryLists, vids: &[u32]) {
        PRUNE_SCRATCH.with(|cell| {
            let sc = &mut *cell.borrow_mut();
            sc.mark_lists(self, &l.lists);
            for &v in vids {
                s.check(v, &sc.list_of, f32::INFINITY);
            }
            sc.unmark_lists(&l.lists);
        });
    }

    /// Variants that share enough (inverse-frequency weighted) sound with the query to reach
    /// the review threshold by some rule: all of the query's sounds for an abbreviation, all of
    /// the variant's for a material named inside a longer cell, 30% of both for a fuzzy match.
    /// Weighted CPMerge (SimString): posting lists are taken rarest first; once the weight of
    /// the lists left cannot reach the least a fuzzy candidate needs, no new one can appear,
    /// and the frequent lists (局, 市, 证) are only probed for the candidates already found.
    /// Materials contained in the cell are found apart, by their heaviest sound.
    fn candidates(&self, qs: &[u32]) -> Vec<u32> {
        self.filter(qs, false)
    }

    /// `candidates`, or with `full` every list walked into the sums and no variant found
    /// apart: the plain definition the shortcuts must agree with (compared in the tests).
    pub(super) fn filter(&self, qs: &[u32], full: bool) -> Vec<u32> {
        let Some((sounded, wq, wqd)) = self.sound_lists(qs) else {
            return Vec::new();
        };
        let lists: Vec<(u32, f32)> = sounded.iter().map(|l| (l.0, l.1)).collect();
        let half = 0.5 * self.thresholds.review;
        let floor = fuzzy_floor(wq, wqd, half);
        let need = |v: u32| -> f32 {
            let pack = &self.index.var_pack[v as usize];
            let fuzzy = wqd.min(half * (wq + pack.weight));
            SLACK
                * match self.kind {
                    Kind::Department => fuzzy,
                    Kind::Material => fuzzy.min(pack.distinct),
                }
        };
        let floor = if full { f32::NEG_INFINITY } else { floor };
        let found = SCRATCH.with(|cell| {
            let sc = &mut *cell.borrow_mut();
            let (touched, from) = self.walk(&lists, floor, &mut sc.acc);
            sc.mark(self, &lists);
            // Read while the walk's sums still say which variants it met.
            let unmet = if self.kind == Kind::Material && !full {
                self.contained(&lists, &sc.acc)
            } else {
                Vec::new()
            };
            let rest: f32 = lists[from..].iter().map(|l| l.1).sum();
            let mut found: Vec<(u32, f32, f32)> = Vec::with_capacity(touched.len() + unmet.len());
            found.extend(touched.iter().filter_map(|&v| {
                let s = std::mem::take(&mut sc.acc[v as usize]);
                let n = need(v);
                // Even every list left cannot bring it to what it needs.
                (s + rest + 1e-3 >= n).then(|| (v, self.shared(v, &lists, &sc.list_of, from, s), n))
            }));
            found.extend(
                (unmet.into_iter())
                    .map(|v| (v, self.shared(v, &lists, &sc.list_of, 0, 0.0), need(v))),
            );
            sc.unmark(&lists);
            found
        });
        let mut out: Vec<u32> = found
            .into_iter()
            .filter(|&(_, s, n)| s >= n)
            .map(|(v, _, _)| v)
            .collect();
        out.sort_unstable();
        out
    }

    /// Sums the lists' weights per variant, rarest list first, until the weight left falls
    /// below the floor: then no variant not met yet can reach it. Returns the variants met
    /// (their sums in `acc`) and the first list not summed.
    fn walk(&self, lists: &[(u32, f32)], floor: f32, acc: &mut Vec<f32>) -> (Vec<u32>, usize) {
        if acc.len() < self.index.variants.len() {
            acc.resize(self.index.variants.len(), 0.0);
        }
        let mut remaining: f32 = lists.iter().map(|l| l.1).sum();
        let mut touched: Vec<u32> = Vec::with_capacity(256);
        for (j, &(id, w)) in lists.iter().enumerate() {
            if remaining < floor {
                return (touched, j);
            }
            for &v in &self.index.postings[id as usize] {
                let slot = &mut acc[v as usize];
                if *slot == 0.0 {
                    touched.push(v);
                }
                *slot += w;
            }
            remaining -= w;
        }
        (touched, lists.len())
    }

    /// A variant's shared weight: `start` plus the weights of the lists from `from` on that
    /// hold it, added in list order (so the sum is the one a walk of every list gives).
    fn shared(&self, v: u32, lists: &[(u32, f32)], list_of: &[u8], from: usize, start: f32) -> f32 {
        let ix = &self.index;
        let mut s = start;
        if from >= lists.len() {
            return s;
        }
        if lists.len() > 64 {
            for &(id, w) in &lists[from..] {
                if ix.postings[id as usize].binary_search(&v).is_ok() {
                    s += w;
                }
            }
            return s;
        }
        // The variant's own few sounds, against the lists marked in `list_of`.
        let pack = ix.var_pack[v as usize];
        let mut mask = 0u64;
        for &(id, _) in &ix.sig[pack.sig_at as usize..(pack.sig_at + pack.sig_len) as usize] {
            let l = list_of[id as usize];
            if l != NO_LIST {
                mask |= 1 << l;
            }
        }
        mask &= u64::MAX << from;
        while mask != 0 {
            s += lists[mask.trailing_zeros() as usize].1;
            mask &= mask - 1;
        }
        s
    }

    /// Material variants the cell may contain that the walk did not meet (their sum in `acc`
    /// is still zero: every weight is positive): those filed under one of the query's sounds
    /// as their heaviest, and the light ones.
    fn contained(&self, lists: &[(u32, f32)], acc: &[f32]) -> Vec<u32> {
        let ix = &self.index;
        let mut vs: Vec<u32> = lists
            .iter()
            .flat_map(|l| ix.heaviest[l.0 as usize].iter().copied())
            .chain(ix.light.iter().copied())
            .filter(|&v| acc[v as usize] == 0.0)
            .collect();
        vs.sort_unstable();
        vs.dedup();
        vs
    }

    /// The query's distinct sounds that have posting lists, rarest first (the heaviest
    /// sounds have the shortest lists): (sound id, weight, sound); with the weight of the
    /// query's sounds and of its distinct ones. None for a query without sounds.
    fn sound_lists(&self, qs: &[u32]) -> Option<SoundLists> {
        let mut keys: Vec<(u32, f32)> = qs.iter().map(|&k| (k, self.weight(k))).collect();
        keys.sort_unstable_by_key(|k| k.0);
        keys.dedup_by_key(|k| k.0);
        if keys.is_empty() {
            return None;
        }
        let wq: f32 = qs.iter().map(|&k| self.weight(k)).sum();
        let wqd: f32 = keys.iter().map(|k| k.1).sum();
        let mut lists: Vec<(u32, f32, u32)> = keys
            .iter()
            .filter_map(|&(k, w)| self.index.sound_ids.get(&k).map(|&id| (id, w, k)))
            .collect();
        lists.sort_by_key(|l| self.index.postings[l.0 as usize].len());
        Some((lists, wq, wqd))
    }

    /// The query's sound lists as `candidates` takes them, with the same figures computed in
    /// the same order, so sums agree exactly. None for a query without sounds.
    pub(super) fn query_lists(&self, qs: &[u32]) -> Option<QueryLists> {
        let (sounded, wq, wqd) = self.sound_lists(qs)?;
        let half = 0.5 * self.thresholds.review;
        let slack = SLACK;
        let floor = fuzzy_floor(wq, wqd, half);
        let lists: Vec<(u32, f32, u32)> = sounded
            .into_iter()
            .map(|(id, w, k)| (id, w, qs.iter().filter(|&&x| x == k).count() as u32))
            .collect();
        // Weight of the lists from j on, as `candidates` counts it down.
        let mut rest = Vec::with_capacity(lists.len());
        let mut r: f32 = lists.iter().map(|l| l.1).sum();
        for l in &lists {
            rest.push(r);
            r -= l.1;
        }
        // `candidates` stops taking new variants before the first list where this holds.
        let cut = rest.iter().position(|&r| r < floor).unwrap_or(lists.len());
        Some(QueryLists {
            lists,
            rest,
            cut,
            wq,
            wqd,
            half,
            slack,
        })
    }

    /// The fuzzy candidates of a department query that can matter to the outcome, scored:
    /// those `candidates` returns (the same filter, reproduced exactly) whose score can still
    /// reach the third best entry found so far, given how far the ranking moves a score
    /// (`Prune`). None when the query has too many sounds for the packed search, its lists are
    /// short enough for the plain filter to be cheaper, or the parts index cannot set a bar
    /// (`parts_search`): the plain filter then scores every candidate.
    ///
    /// The variants the query may be a one-character slip of are found exactly and scored
    /// first; the rest come from the parts index, each checked against its own packed sounds
    /// with the filter `candidates` applies, and scored best bound first until the bound falls
    /// below the bar.
    fn best_candidates(
        &self,
        q: &[char],
        qs: &[u32],
        qw: &[f32],
        constraint: Constraint,
        pr: Prune,
    ) -> Option<Vec<(u32, f32, How)>> {
        let Some(l) = self.query_lists(qs) else {
            return Some(Vec::new());
        };
        if l.lists.len() > 64 {
            return None;
        }
        // Short lists (a small dictionary, rare sounds): the plain filter is cheaper.
        let scan: usize = l.lists[..l.cut]
            .iter()
            .map(|x| self.index.postings[x.0 as usize].len())
            .sum();
        if scan < self.pruning.plain_below {
            return None;
        }
        let mut s = Search::new(self, q, qs, qw, constraint, pr, &l);
        let mut found = false;
        PRUNE_SCRATCH.with(|cell| {
            let sc = &mut *cell.borrow_mut();
            let nv = self.index.variants.len();
            if sc.checked.len() < nv {
                sc.checked.resize(nv, false);
            }
            sc.mark_lists(self, &l.lists);
            let mut visits = Visits {
                checked: &mut sc.checked,
                list_of: &sc.list_of,
                touched: Vec::new(),
                pending: Vec::new(),
            };
            // Every variant the query may be a one-character typo of: found exactly, scored
            // first (they score high, so they set the bar early).
            let keys: Vec<u64> = one_off_positions(q.len())
                .map(|b| one_off_key(q, b))
                .collect();
            self.index
                .one_off
                .find_all(&keys, |_, v| visits.visit(v, f32::INFINITY));
            visits.flush(&mut s);
            s.score_pool();
            found = self.parts_search(&mut s, &mut visits);
            visits.clear();
            sc.unmark_lists(&l.lists);
        });
        if !found {
            return None;
        }
        let mut out = s.out;
        out.sort_unstable_by_key(|o| o.0);
        Some(out)
    }
}

/// The least weight a fuzzy candidate shares with a query of weight `wq` (`wqd` over its
/// distinct sounds): a fuzzy score of `review` needs shared >= SLACK * min(wqd, review/2 *
/// (wq + we)), and we >= shared; less a margin for rounding in the sums.
fn fuzzy_floor(wq: f32, wqd: f32, half: f32) -> f32 {
    SLACK * wqd.min(half * wq / (1.0 - SLACK * half)) - 1e-3
}

/// A query's sound lists, rarest first, as (sound id, weight, sound); the weight of its
/// sounds and of its distinct sounds (`Engine::sound_lists`).
type SoundLists = (Vec<(u32, f32, u32)>, f32, f32);

/// How fuzzy candidates are found; other than the default only in tests that check pruning
/// changes nothing.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pruning {
    /// Whether fuzzy candidates that cannot reach the top three are skipped.
    pub(super) prune: bool,
    /// Postings to scan below which fuzzy candidates come from the plain filter anyway
    /// (`PLAIN_BELOW`; 0 in tests of the pruning).
    pub(super) plain_below: usize,
}

/// How far the ranking in `lookup_one` moves a fuzzy score, for one reading of a cell: the
/// rank is the score times `penalty`, raised by at most `bonus` for a variant of region
/// `bonus_region`, lowered by at most `national` for a national one and by at most `district`
/// for a district's.
#[derive(Debug, Clone, Copy)]
pub(super) struct Prune {
    pub(super) penalty: f32,
    pub(super) bonus: f32,
    pub(super) bonus_region: Option<Region>,
    pub(super) national: f32,
    pub(super) district: f32,
    /// No rank below this matters to the lookup (`f32::NEG_INFINITY` but for a lookup that
    /// only resolves): the bar starts there.
    pub(super) floor: f32,
}

impl Prune {
    /// No pruning: ranks are scores and no rank is below the floor.
    pub(super) const NONE: Prune = Prune {
        penalty: 1.0,
        bonus: 0.0,
        bonus_region: None,
        national: 0.0,
        district: 0.0,
        floor: f32::NEG_INFINITY,
    };
}

const NO_LIST: u8 = u8::MAX;

/// Below this many postings to scan, `Engine::candidates` is used as it is: it is cheaper.
pub(super) const PLAIN_BELOW: usize = 1_000;

/// Room for rounding in the bounds.
pub(super) const EPS: f32 = 1e-4;

impl FilterScratch {
    /// Marks each sound id of the query with its list's index, when the lists fit a mask.
    fn mark(&mut self, e: &Engine, lists: &[(u32, f32)]) {
        if lists.len() > 64 {
            return;
        }
        if self.list_of.len() < e.index.postings.len() {
            self.list_of.resize(e.index.postings.len(), NO_LIST);
        }
        for (j, l) in lists.iter().enumerate() {
            self.list_of[l.0 as usize] = j as u8;
        }
    }

    /// Leaves `list_of` clear for the next query.
    fn unmark(&mut self, lists: &[(u32, f32)]) {
        if lists.len() <= 64 {
            for l in lists {
                self.list_of[l.0 as usize] = NO_LIST;
            }
        }
    }
}

/// Per-thread state of `Engine::best_candidates`, kept clear between lookups: per variant
/// whether it was checked; per sound id the query list it is, or `NO_LIST`.
#[derive(Default)]
struct PruneScratch {
    checked: Vec<bool>,
    list_of: Vec<u8>,
}

thread_local! {
    static PRUNE_SCRATCH: std::cell::RefCell<PruneScratch> =
        std::cell::RefCell::new(PruneScratch::default());
}

impl PruneScratch {
    /// Marks each sound id of the query with its list's index.
    fn mark_lists(&mut self, e: &Engine, lists: &[(u32, f32, u32)]) {
        if self.list_of.len() < e.index.postings.len() {
            self.list_of.resize(e.index.postings.len(), NO_LIST);
        }
        for (j, l) in lists.iter().enumerate() {
            self.list_of[l.0 as usize] = j as u8;
        }
    }

    /// Leaves `list_of` clear for the next query.
    fn unmark_lists(&mut self, lists: &[(u32, f32, u32)]) {
        for l in lists {
            self.list_of[l.0 as usize] = NO_LIST;
        }
    }
}

/// A query's sound lists as `Engine::candidates` walks them (`Engine::query_lists`).
pub(super) struct QueryLists {
    /// (sound id, weight, times in the query), rarest first.
    pub(super) lists: Vec<(u32, f32, u32)>,
    /// Weight of lists j.. as `candidates` counts it.
    rest: Vec<f32>,
    /// First list from which `candidates` takes no new variant.
    pub(super) cut: usize,
    pub(super) wq: f32,
    wqd: f32,
    half: f32,
    slack: f32,
}

/// One department query's search in `Engine::best_candidates`.
pub(super) struct Search<'a> {
    e: &'a Engine,
    pub(super) q: &'a [char],
    qs: &'a [u32],
    qw: &'a [f32],
    constraint: Constraint,
    pr: Prune,
    /// The query's sound lists and the filter's figures.
    pub(super) l: &'a QueryLists,
    /// Least rank the third best entry has already reached.
    bar: f32,
    /// (entry, least rank reached) of every entry scored.
    pub(super) entries: Vec<(u32, f32)>,
    /// Variants that pass the filter, not scored yet, with a bound on their rank.
    pool: Vec<(u32, f32)>,
    out: Vec<(u32, f32, How)>,
}

impl<'a> Search<'a> {
    pub(super) fn new(
        e: &'a Engine,
        q: &'a [char],
        qs: &'a [u32],
        qw: &'a [f32],
        constraint: Constraint,
        pr: Prune,
        l: &'a QueryLists,
    ) -> Search<'a> {
        Search {
            e,
            q,
            qs,
            qw,
            constraint,
            pr,
            l,
            bar: pr.floor,
            entries: Vec::new(),
            pool: Vec::new(),
            out: Vec::new(),
        }
    }

    /// The overlap `candidates` requires of a variant (same expression).
    fn need(&self, v: u32) -> f32 {
        let fuzzy = self
            .l
            .wqd
            .min(self.l.half * (self.l.wq + self.e.index.var_pack[v as usize].weight));
        self.l.slack * fuzzy
    }

    /// The most the ranking can raise a variant's score, not knowing its region.
    pub(super) fn max_up(&self) -> f32 {
        if self.pr.bonus_region.is_some() {
            self.pr.bonus
        } else {
            0.0
        }
    }

    /// The most the ranking can raise the score of a variant of this region.
    fn up(&self, region: Region) -> f32 {
        if self.pr.bonus_region == Some(region) {
            self.pr.bonus
        } else {
            0.0
        }
    }

    /// True when a score bound cannot reach the bar, even raised by `up`.
    pub(super) fn below_bar(&self, bound: f32, up: f32) -> bool {
        (bound + EPS) * self.pr.penalty + up < self.bar - EPS
    }

    /// The least score that can still reach the bar, raised as far as ranking goes.
    pub(super) fn least_score(&self) -> f32 {
        (self.bar - EPS - self.max_up()) / self.pr.penalty - EPS
    }

    /// Checks a variant exactly as `candidates` filters it (the same sums, in the same order,
    /// and the same early drops), then bounds its score and adds it to the pool.
    fn check(&mut self, v: u32, list_of: &[u8], most: f32) {
        let e = self.e;
        let pack = e.index.var_pack[v as usize];
        let (a, b) = (pack.sig_at as usize, (pack.sig_at + pack.sig_len) as usize);
        let (mut mask, mut overlap, mut common) = (0u64, 0f32, 0u32);
        for &(id, times) in &e.index.sig[a..b] {
            let l = list_of[id as usize];
            if l != NO_LIST {
                mask |= 1 << l;
                let (_, w, q_times) = self.l.lists[l as usize];
                let k = q_times.min(times);
                common += k;
                overlap += w * k as f32;
            }
        }
        let n = self.l.lists.len();
        if self.l.cut < n && mask & ((1u64 << self.l.cut) - 1) == 0 {
            return;
        }
        let need = self.need(v);
        let mut shared = 0f32;
        for j in 0..n {
            if j >= self.l.cut && shared + self.l.rest[j] < need {
                return;
            }
            if mask >> j & 1 == 1 {
                shared += self.l.lists[j].1;
            }
        }
        let region = pack.region;
        if shared < need || !region_allowed(region, self.constraint) {
            return;
        }
        let (nq, ne) = (self.q.len(), pack.len as usize);
        let common = common as usize;
        let special = common == nq || (nq == ne && ne >= 5 && common + 1 >= nq);
        let bound = if special {
            1.0
        } else {
            let we = pack.weight;
            (2.0 * overlap / (self.l.wq + we))
                .min(2.0 * common as f32 / (nq + ne) as f32 + 0.05)
                .min(FUZZY_CAP)
        }
        .min(most);
        self.pool
            .push((v, (bound + EPS) * self.pr.penalty + self.up(region)));
    }

    /// Scores every variant in the pool, as the plain search scores its candidates.
    pub(super) fn score_every(mut self) -> Vec<(u32, f32, How)> {
        for (v, _) in std::mem::take(&mut self.pool) {
            let var = &self.e.index.variants[v as usize];
            if let Some((s, how)) = self.e.score(self.q, self.qs, self.qw, var) {
                self.out.push((v, s, how));
            }
        }
        self.out
    }

    /// Scores the pool, best bound first, until the bound cannot reach the bar.
    pub(super) fn score_pool(&mut self) {
        let mut pool = std::mem::take(&mut self.pool);
        pool.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        // Bring the variants that can be scored into cache first, their misses overlapping
        // (as `Visits::flush` does for the filter).
        let ahead = pool.partition_point(|x| x.1 >= self.bar - EPS);
        let mut sink = 0u32;
        for &(v, _) in &pool[..ahead] {
            let var = &self.e.index.variants[v as usize];
            sink ^= var.core.first().map_or(0, |&c| c as u32)
                ^ var.sounds.first().copied().unwrap_or(0)
                ^ var.weights.first().map_or(0, |w| w.to_bits());
        }
        std::hint::black_box(sink);
        for (v, most) in pool {
            if most < self.bar - EPS {
                break;
            }
            let var = &self.e.index.variants[v as usize];
            let Some((s, how)) = self.e.score(self.q, self.qs, self.qw, var) else {
                continue;
            };
            self.out.push((v, s, how));
            let least = s * self.pr.penalty
                - match var.region {
                    Region::National => self.pr.national,
                    Region::District(_) => self.pr.district,
                    _ => 0.0,
                };
            match self.entries.iter_mut().find(|x| x.0 == var.entry) {
                Some(x) => x.1 = x.1.max(least),
                None => self.entries.push((var.entry, least)),
            }
            if self.entries.len() >= 3 {
                let mut top = [f32::NEG_INFINITY; 3];
                for &(_, r) in &self.entries {
                    if r > top[2] {
                        top[2] = r;
                        top.sort_unstable_by(|a, b| b.total_cmp(a));
                    }
                }
                self.bar = top[2].max(self.pr.floor);
            }
        }
    }
}

/// The variants a search lets through, each checked once (`Search::check`). Checks are
/// batched: a variant's packed data and sounds are two cache misses, and reading a batch's
/// ahead of checking it lets the misses overlap instead of queueing one by one.
pub(super) struct Visits<'a> {
    /// Per variant, whether it was let through in this lookup.
    checked: &'a mut [bool],
    list_of: &'a [u8],
    /// The variants marked in `checked`, to clear them after the lookup.
    touched: Vec<u32>,
    /// (variant, bound) let through and not checked yet.
    pending: Vec<(u32, f32)>,
}

impl Visits<'_> {
    /// Lets a variant through with a bound on its score, unless it already was.
    pub(super) fn visit(&mut self, v: u32, most: f32) {
        let c = &mut self.checked[v as usize];
        if !*c {
            *c = true;
            self.touched.push(v);
            self.pending.push((v, most));
        }
    }

    /// Leaves `checked` clear for the next lookup.
    fn clear(self) {
        for v in self.touched {
            self.checked[v as usize] = false;
        }
    }

    /// Checks every variant let through since the last flush.
    pub(super) fn flush(&mut self, s: &mut Search) {
        let e = s.e;
        // One pass of independent reads brings the batch's data into cache.
        let mut sink = 0u32;
        for &(v, _) in &self.pending {
            sink ^= e.index.var_pack[v as usize].sig_at;
        }
        for &(v, _) in &self.pending {
            let pack = e.index.var_pack[v as usize];
            // Its first and last sounds: a core's sounds may cross a cache line.
            let (at, last) = (pack.sig_at as usize, (pack.sig_at + pack.sig_len) as usize);
            sink ^= e.index.sig.get(at).map_or(0, |x| x.0)
                ^ e.index.sig.get(last.wrapping_sub(1)).map_or(0, |x| x.0);
        }
        std::hint::black_box(sink);
        for (v, most) in self.pending.drain(..) {
            s.check(v, self.list_of, most);
        }
    }
}
