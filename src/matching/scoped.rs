//! Region-scoped fuzzy candidates: under a region constraint only that region's variants can
//! answer, so on a large list they are checked one by one with the filter `candidates`
//! applies (`Search::check`), instead of walking sound lists that hold every region's bodies.
//! On the national draft a county has a few dozen variants while 局 or 民政 are in tens of
//! thousands.
//!
//! What must stay true: the scoped search finds exactly the variants the plain filter lets
//! through under the constraint, and scores every one of them, so it changes no outcome (the
//! unit tests compare it with the plain search).

use std::borrow::Cow;

use super::candidates::{Prune, QueryLists, Search};
use super::outcome::How;
use super::region::{Constraint, Region};
use super::{Engine, Kind};

/// A region's variants are searched one by one when they are at most this share of all
/// variants (1/8): below it checking each costs less than the sound lists' walk.
const SCOPED_SHARE: usize = 8;

/// A scope of at least this many variants is searched from its variants by sound
/// (`ScopeSounds`); a smaller one is checked whole.
const FILED_FROM: usize = 256;

/// How much a fuzzy match of a name that reads no region is trusted on a national list
/// (`Engine::unread_region_hits`): no fuzzy score reaches 0.95, and 0.95 x 0.9 < 0.86, so
/// such a match is never accepted.
const UNREAD_REGION: f32 = 0.9;

/// Per constraint, the variants it allows, ascending: `[Top ∪ Unknown, National ∪ Unknown,
/// District 0, District 1, …]`; and each one's variants by sound, made when a lookup first
/// searches it.
#[derive(Debug, Clone, Default)]
pub(super) struct Scopes {
    lists: Vec<Vec<u32>>,
    by_sound: Vec<std::sync::OnceLock<ScopeSounds>>,
}

/// A scope's variants under each sound id they hold, ascending: the sound lists of the
/// plain filter cut down to one region, so a search of it starts from the variants that
/// share a sound with the query instead of checking all.
#[derive(Debug, Clone, Default)]
struct ScopeSounds {
    /// Sound ids, ascending; the variants of `sounds[i]` are `vids[at[i]..at[i + 1]]`.
    sounds: Vec<u32>,
    at: Vec<u32>,
    vids: Vec<u32>,
}

impl Scopes {
    /// The lists of every constraint that names a region, from each variant's region.
    pub(super) fn build(regions: impl Iterator<Item = Region>, districts: usize) -> Scopes {
        let mut lists = vec![Vec::new(); 2 + districts];
        for (id, r) in regions.enumerate() {
            let id = id as u32;
            match r {
                Region::Top => lists[0].push(id),
                Region::National => lists[1].push(id),
                Region::Unknown => {
                    lists[0].push(id);
                    lists[1].push(id);
                }
                Region::District(d) => {
                    if let Some(l) = lists.get_mut(2 + d as usize) {
                        l.push(id);
                    }
                }
            }
        }
        let by_sound = (0..lists.len()).map(|_| Default::default()).collect();
        Scopes { lists, by_sound }
    }

    fn slot(c: Constraint) -> Option<usize> {
        match c {
            Constraint::Top | Constraint::OwnCity => Some(0),
            Constraint::National => Some(1),
            Constraint::District(d) => Some(2 + d as usize),
            Constraint::Any | Constraint::OwnDistrict => None,
        }
    }

    /// The variants a constraint allows; None for one that allows any region.
    fn of(&self, c: Constraint) -> Option<&[u32]> {
        self.lists.get(Scopes::slot(c)?).map(Vec::as_slice)
    }
}

impl Engine {
    /// Whether a reading under this constraint reads no region on a national list. Every
    /// local body's core there is its name less its region, so such a name read whole would
    /// be compared with the cores of thousands of bodies alike (卫生健康局 of every county),
    /// which can only tie: it is compared fuzzily with the national ministries alone
    /// (`unread_region_hits`); its exact and core matches are still found among all bodies.
    pub(super) fn reads_no_region(&self, c: Constraint) -> bool {
        c == Constraint::Any && self.places.regions.is_national()
    }

    /// The fuzzy matches and slips of a name that reads no region on a national list: the
    /// ministries', trusted below what an accepted match needs, as the name may be a local
    /// body's with its region misspelt beyond reading (威工粮食和物资储备局 for 威海市…).
    pub(super) fn unread_region_hits(
        &self,
        q: &[char],
        qs: &[u32],
        qw: &[f32],
    ) -> Vec<(u32, f32, How)> {
        let c = Constraint::National;
        let mut found = self.score_scope(q, qs, qw, c).unwrap_or_default();
        self.typo_hits(q, qs, qw, c, &mut found);
        for f in &mut found {
            f.1 *= UNREAD_REGION;
        }
        found
    }

    /// The variants a department constraint allows, when they are few enough to check one
    /// by one (`SCOPED_SHARE`); None with pruning off, as the tests compare with the plain
    /// search then.
    pub(super) fn scope(&self, c: Constraint) -> Option<&[u32]> {
        if self.kind != Kind::Department || !self.pruning.prune {
            return None;
        }
        let vids = self.index.scopes.of(c)?;
        (vids.len() * SCOPED_SHARE <= self.index.variants.len()).then_some(vids)
    }

    /// The variants whose core is `core`, ascending; under a region constraint whose variants
    /// are fewer, from those (民政局 is the core of 3,000 variants on the national draft, a
    /// county has a few dozen), so only variants the constraint may allow are given.
    pub(super) fn core_hits(&self, core: &str, c: Constraint) -> Vec<u32> {
        let all = self.index.cores.get(core).map_or(&[][..], Vec::as_slice);
        match self.index.scopes.of(c) {
            Some(vids) if vids.len() < all.len() && self.pruning.prune => {
                let n = core.chars().count();
                vids.iter()
                    .copied()
                    .filter(|&v| {
                        let vc = &self.index.variants[v as usize].core;
                        vc.len() == n && vc.iter().copied().eq(core.chars())
                    })
                    .collect()
            }
            _ => all.to_vec(),
        }
    }

    /// The fuzzy candidates of a department query under a region constraint, scored, when
    /// the region's variants are few enough to check one by one: what the plain filter and
    /// `score` give, in the same (ascending) order. None when the constraint allows any
    /// region, the region is large, pruning is off, or the query has too many sounds for the packed check.
    pub(super) fn scoped_candidates(
        &self,
        q: &[char],
        qs: &[u32],
        qw: &[f32],
        constraint: Constraint,
    ) -> Option<Vec<(u32, f32, How)>> {
        self.scope(constraint)?;
        self.score_scope(q, qs, qw, constraint)
    }

    /// The variants of the constraint's scope the plain filter lets through, scored,
    /// ascending; None when the query has too many sounds for the packed check.
    fn score_scope(
        &self,
        q: &[char],
        qs: &[u32],
        qw: &[f32],
        constraint: Constraint,
    ) -> Option<Vec<(u32, f32, How)>> {
        let Some(l) = self.query_lists(qs) else {
            return Some(Vec::new());
        };
        if l.lists.len() > 64 {
            return None;
        }
        let mut s = Search::new(self, q, qs, qw, constraint, Prune::NONE, &l);
        let near = self.sharing_a_sound(constraint, &l);
        self.check_listed(&mut s, &l, &near);
        let mut out = s.score_every();
        out.sort_unstable_by_key(|o| o.0);
        Some(out)
    }

    /// The variants of the constraint's scope that the filter can let through, ascending:
    /// those holding a sound of the lists it requires one of (the first `cut`, or any when it
    /// takes every list), as it needs a shared weight above zero. A small scope (a county of
    /// a national draft) is checked whole: that costs less than finding them.
    fn sharing_a_sound(&self, c: Constraint, l: &QueryLists) -> Cow<'_, [u32]> {
        let scopes = &self.index.scopes;
        let Some(i) = Scopes::slot(c).filter(|&i| i < scopes.lists.len()) else {
            return Cow::Borrowed(&[]);
        };
        let vids = &scopes.lists[i];
        if vids.len() < FILED_FROM {
            return Cow::Borrowed(vids);
        }
        let by = scopes.by_sound[i].get_or_init(|| self.scope_sounds(vids));
        let upto = if l.cut < l.lists.len() {
            l.cut
        } else {
            l.lists.len()
        };
        let mut near: Vec<u32> = (l.lists[..upto].iter())
            .filter_map(|x| by.sounds.binary_search(&x.0).ok())
            .flat_map(|i| &by.vids[by.at[i] as usize..by.at[i + 1] as usize])
            .copied()
            .collect();
        near.sort_unstable();
        near.dedup();
        Cow::Owned(near)
    }

    /// `vids` filed by each sound id they hold.
    fn scope_sounds(&self, vids: &[u32]) -> ScopeSounds {
        let ix = &self.index;
        let mut pairs: Vec<(u32, u32)> = (vids.iter())
            .flat_map(|&v| {
                let p = ix.var_pack[v as usize];
                let sig = &ix.sig[p.sig_at as usize..(p.sig_at + p.sig_len) as usize];
                sig.iter().map(move |&(k, _)| (k, v))
            })
            .collect();
        pairs.sort_unstable();
        let mut by = ScopeSounds::default();
        for (k, v) in pairs {
            if by.sounds.last() != Some(&k) {
                by.sounds.push(k);
                by.at.push(by.vids.len() as u32);
            }
            by.vids.push(v);
        }
        by.at.push(by.vids.len() as u32);
        by
    }
}
