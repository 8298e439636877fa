//! The candidate index's pieces: every name variant as the scorer and the filter read it
//! (`Variant`, `VarPack`), the keyed tables that find variants by a hash of their core
//! (`KeyIndex`), and the keys themselves.
//!
//! What must stay true: a variant's id is its position in `Index::variants`, and every list of
//! ids is ascending; the index is built and probed with the same key functions (`core_key` of
//! `poly_hash`, `one_off_key`), so a probe finds every variant whose core it names.

use std::sync::Arc;

// Hot maps keyed by names and sounds: FxHash, not SipHash (keys are dictionary text).
use rustc_hash::FxHashMap as HashMap;

use super::Engine;
use super::outcome::How;
use super::region::Region;

/// The dictionary's entries, by index: what an outcome names, and where each entry's variants
/// are.
#[derive(Debug, Clone, Default)]
pub(super) struct Entries {
    /// Standard names.
    pub(super) names: Vec<String>,
    /// Each entry's region.
    pub(super) region: Vec<Region>,
    /// Each entry's variants: `vars[var_at[e]..var_at[e + 1]]`.
    pub(super) var_at: Vec<u32>,
    pub(super) vars: Vec<u32>,
    /// Core of each entry's standard name.
    pub(super) core: Vec<String>,
    /// Materials only: whether each entry is a licence (证照), a document of its own that a
    /// word of purpose before it does not change (新生产场地不动产权证书).
    pub(super) licence: Vec<bool>,
}

/// The variants under one text: almost always one (a national draft's 390,000 texts are
/// all distinct), so one is held without an allocation of its own.
#[derive(Debug, Clone)]
pub(super) enum Ids {
    One(u32),
    Many(Vec<u32>),
}

impl Ids {
    /// Adds `id` (ids arrive ascending).
    pub(super) fn push(&mut self, id: u32) {
        match self {
            Ids::One(first) => *self = Ids::Many(vec![*first, id]),
            Ids::Many(v) => v.push(id),
        }
    }
}

impl std::ops::Deref for Ids {
    type Target = [u32];
    fn deref(&self) -> &[u32] {
        match self {
            Ids::One(id) => std::slice::from_ref(id),
            Ids::Many(v) => v,
        }
    }
}

impl<'a> IntoIterator for &'a Ids {
    type Item = &'a u32;
    type IntoIter = std::slice::Iter<'a, u32>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Every name variant, and the tables that find them.
#[derive(Debug, Clone, Default)]
pub(super) struct Index {
    /// By id (`Variant`).
    pub(super) variants: Vec<Variant>,
    /// Compacted variant text -> variants.
    pub(super) exact: HashMap<String, Ids>,
    /// Core text -> variants.
    pub(super) cores: HashMap<String, Vec<u32>>,
    /// `core_key` of each core -> its variants: a slip written back is looked up by a hash
    /// updated in place, not by a string built for it.
    pub(super) core_hashes: KeyIndex,
    /// Sound -> dense sound id, ids in increasing sound order.
    pub(super) sound_ids: HashMap<u32, u32>,
    /// Sound id -> variants whose core holds it (each variant once per sound), ascending.
    pub(super) postings: Vec<Vec<u32>>,
    /// Per variant, packed for the candidate filter: its core's distinct sound ids with their
    /// counts, sorted (`sig`, at `VarPack::sig_at`), and what else the filter reads of it, in
    /// one place (the filter meets variants at random, so each read is a cache miss).
    pub(super) sig: Vec<(u32, u32)>,
    pub(super) var_pack: Vec<VarPack>,
    /// (key of a core with one position blanked, variant): every variant the query could be
    /// a one-character typo of (`one_off_key`).
    pub(super) one_off: KeyIndex,
    /// Sound -> inverse document frequency over variant cores: rare sounds weigh more.
    pub(super) idf: HashMap<u32, f32>,
    /// Materials only: sound id -> the variants whose heaviest sound it is, ascending. A
    /// variant named inside a longer cell must share nearly all its weight (`SLACK`),
    /// so the cell holds its heaviest sound: these lists find every such variant without
    /// walking the frequent sounds' long lists.
    pub(super) heaviest: Vec<Vec<u32>>,
    /// Materials only: variants whose heaviest sound is light enough to be missing from a
    /// cell that still contains them; checked for every query.
    pub(super) light: Vec<u32>,
    /// Per region constraint, the variants it allows (`Scopes`).
    pub(super) scopes: super::scoped::Scopes,
}

/// Room the candidate filter leaves for rounding and near misses: a variant passes with this
/// share of the weight a rule needs (a material contained in a cell, with this share of its
/// distinct weight).
pub(super) const SLACK: f32 = 0.98;

/// One name of an entry (its standard name, an alias, a former name) as the scorer reads it.
#[derive(Debug, Clone)]
pub(super) struct Variant {
    pub(super) entry: u32,
    pub(super) how: How,
    /// The variant as written in the dictionary.
    pub(super) text: String,
    /// The variant without its region prefix, and its sounds. Shared by the variants of one
    /// core: a national draft's 500,000 variants have a few thousand (民政局 in 3,000
    /// counties), and one copy each keeps the index small and its build short.
    pub(super) core: Arc<[char]>,
    pub(super) sounds: Arc<[u32]>,
    /// Inverse-frequency weight of each sound, and their sum (set when the index is built).
    pub(super) weights: Arc<[f32]>,
    pub(super) weight_sum: f32,
    /// Weight of its distinct sounds.
    pub(super) distinct_weight: f32,
    pub(super) region: Region,
}

impl Variant {
    /// The address of its core's characters, which the variants of one core share: a key for
    /// work done once per core.
    pub(super) fn core_addr(&self) -> usize {
        Arc::as_ptr(&self.core).cast::<char>() as usize
    }
}

/// What the candidate filter (`Search::check`) reads of a variant besides its sounds.
#[derive(Debug, Clone, Copy)]
pub(super) struct VarPack {
    /// Its sounds are `Index::sig[sig_at..sig_at + sig_len]`.
    pub(super) sig_at: u32,
    pub(super) sig_len: u32,
    /// Weight of its core's sounds, and of its distinct sounds.
    pub(super) weight: f32,
    pub(super) distinct: f32,
    /// Length of its core.
    pub(super) len: u32,
    pub(super) region: Region,
}

/// Positions where the one-character-typo rule of `Engine::score` allows the difference: not
/// the last character, in cores of five or more.
pub(super) fn one_off_positions(len: usize) -> std::ops::Range<usize> {
    if len >= 5 { 0..len - 1 } else { 0..0 }
}

/// (key, variant) pairs sorted by key and found through a directory of buckets by the keys'
/// top bits: a probe is one or two cache misses where a binary search of the pairs was a
/// dozen, and the probes of a batch are made together so their misses overlap.
#[derive(Debug, Clone, Default)]
pub(super) struct KeyIndex {
    pairs: Vec<(u64, u32)>,
    dir: Vec<u32>,
    bits: u32,
}

impl KeyIndex {
    /// Files `pairs`, given in ascending variant order, by bucket. A probe scans its whole
    /// bucket, so pairs need no order by key: a stable counting sort by bucket keeps each
    /// key's variants ascending, in two passes where a sort of millions of pairs took ten.
    pub(super) fn build(pairs: Vec<(u64, u32)>) -> KeyIndex {
        // About two keys a bucket.
        let bits = (pairs.len() / 2).max(1).ilog2().clamp(4, 24);
        let bucket = |k: u64| (k >> (64 - bits)) as usize;
        let mut dir = vec![0u32; (1 << bits) + 1];
        for &(k, _) in &pairs {
            dir[bucket(k) + 1] += 1;
        }
        for b in 0..1usize << bits {
            dir[b + 1] += dir[b];
        }
        let mut next = dir.clone();
        let mut filed = vec![(0u64, 0u32); pairs.len()];
        for (k, v) in pairs {
            let at = &mut next[bucket(k)];
            filed[*at as usize] = (k, v);
            *at += 1;
        }
        KeyIndex {
            pairs: filed,
            dir,
            bits,
        }
    }

    /// Calls `f(i, variant)` for every variant filed under `keys[i]`, in the order of `keys`,
    /// each key's variants in ascending order. Keys must spread over their top bits.
    pub(super) fn find_all(&self, keys: &[u64], mut f: impl FnMut(usize, u32)) {
        // The buckets' bounds first, then the buckets: each pass's reads are independent.
        let ranges: Vec<(u32, u32)> = keys
            .iter()
            .map(|&k| {
                let b = (k >> (64 - self.bits)) as usize;
                (self.dir[b], self.dir[b + 1])
            })
            .collect();
        for (i, (&key, &(from, to))) in keys.iter().zip(&ranges).enumerate() {
            for &(k, v) in &self.pairs[from as usize..to as usize] {
                if k == key {
                    f(i, v);
                }
            }
        }
    }
}

/// A `poly_hash` spread over all 64 bits (an odd multiplier is a bijection), for `KeyIndex`.
pub(super) fn core_key(h: u64) -> u64 {
    h.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Multiplier of `poly_hash`.
pub(super) const POLY: u64 = 0x0000_0100_0000_01b3;

/// A polynomial hash of a text: Σ (c_i + 1)·POLY^(n−1−i), wrapping.
pub(super) fn poly_hash(chars: &[char]) -> u64 {
    chars.iter().fold(0u64, |h, &c| {
        h.wrapping_mul(POLY).wrapping_add(c as u64 + 1)
    })
}

/// A hash of a core with position `blank` left out (its length included).
pub(super) fn one_off_key(core: &[char], blank: usize) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    (core.len(), blank).hash(&mut h);
    for (i, c) in core.iter().enumerate() {
        if i != blank {
            c.hash(&mut h);
        }
    }
    h.finish()
}

impl Engine {
    pub(super) fn weight(&self, sound: u32) -> f32 {
        self.index.idf.get(&sound).copied().unwrap_or(3.0)
    }

    /// The variants of an entry.
    pub(super) fn entry_variants(&self, entry: u32) -> impl Iterator<Item = u32> + '_ {
        let e = entry as usize;
        self.entries.vars[self.entries.var_at[e] as usize..self.entries.var_at[e + 1] as usize]
            .iter()
            .copied()
    }

    /// The variants of entry `id` written exactly `text`.
    pub(super) fn written_as(&self, id: usize, text: &str) -> impl Iterator<Item = &Variant> + '_ {
        let ids = self.index.exact.get(text).map(|vs| &vs[..]).unwrap_or(&[]);
        (ids.iter())
            .map(|&v| &self.index.variants[v as usize])
            .filter(move |v| v.entry as usize == id)
    }

    /// True when the dictionary lists `text` itself as a name of entry `id` (a learnt or
    /// shipped alias says what it means, wherever the list comes from).
    pub(super) fn lists_text(&self, id: usize, text: &str) -> bool {
        self.written_as(id, text).any(|v| v.how != How::FormerName)
    }
}
