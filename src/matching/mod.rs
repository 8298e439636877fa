//! Matching: which standard department or material a cell means, how sure we are, and why.
//!
//! The engine is built once per run over every name variant of the dictionary (standard name,
//! aliases, former names). A lookup tries, in order of trust: the exact variant, the variant's
//! core with the region prefix implied, an in-order abbreviation of a core (市发改委 ->
//! 发展和改革委员会), and a homophone-aware fuzzy score. Candidates come from an inverted index
//! keyed by a character's sound, pruned SimString-style (only the rarest keys are scanned), so a
//! lookup scores a handful of variants, not the whole dictionary. On a large department list the
//! cores are also split into place and kind (`Parts`), whose overlaps with the query bound every
//! variant's score without touching it.
//!
//! What must stay true: a district prefix in the cell only ever matches that district's
//! departments; a decision is `auto` only when the best entry is above the auto threshold and
//! clear of the runner-up; a cell that splits into several names is split only when every piece
//! resolves on its own.

// Hot maps keyed by names and sounds: FxHash, not SipHash (keys are dictionary text).
use rustc_hash::FxHashMap as HashMap;

use pinyin::ToPinyin;

use crate::dictionary::Dictionaries;
use crate::normalize::compact;

mod build;
mod candidates;
mod index;
mod lookup;
mod outcome;
mod parts;
mod reading;
mod region;
mod score;
mod split;

use index::{KeyIndex, VarPack, Variant};
use outcome::CORE;
pub use outcome::{Decision, Hit, How, Outcome, Thresholds};
use parts::Parts;
pub use region::Region;
use region::Regions;
use split::has_separator;

/// Which dictionary an engine serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Departments.
    Department,
    /// Materials.
    Material,
}

/// A character's sound: its toneless pinyin when it has one, else the character itself, so
/// homophone typos (管里局) meet the intended character in the index and the scorer.
fn sound(c: char) -> u32 {
    match c.to_pinyin() {
        Some(p) => {
            let mut h: u32 = 0x811c_9dc5;
            for b in p.plain().bytes() {
                h = (h ^ b as u32).wrapping_mul(0x0100_0193);
            }
            h | 0x8000_0000
        }
        None => c as u32,
    }
}

/// A matching engine over one dictionary.
#[derive(Debug, Clone)]
pub struct Engine {
    kind: Kind,
    names: Vec<String>,
    entry_region: Vec<Region>,
    variants: Vec<Variant>,
    /// Compacted variant text -> variants.
    exact: HashMap<String, Vec<u32>>,
    /// Core text -> variants.
    cores: HashMap<String, Vec<u32>>,
    /// `core_key` of each core -> its variants: a slip written back is looked up by a hash
    /// updated in place, not by a string built for it.
    core_hashes: KeyIndex,
    /// Sound -> dense sound id, ids in increasing sound order.
    sound_ids: HashMap<u32, u32>,
    /// Sound id -> variants whose core holds it (each variant once per sound), ascending.
    postings: Vec<Vec<u32>>,
    /// Per variant, packed for the candidate filter: its core's distinct sound ids with their
    /// counts, sorted (`sig`, at `VarPack::sig_at`), and what else the filter reads of it, in
    /// one place (the filter meets variants at random, so each read is a cache miss).
    sig: Vec<(u32, u32)>,
    var_pack: Vec<VarPack>,
    /// Each entry's variants: `entry_vars[entry_var_at[e]..entry_var_at[e + 1]]`.
    entry_var_at: Vec<u32>,
    entry_vars: Vec<u32>,
    /// (key of a core with one position blanked, variant): every variant the query could be
    /// a one-character typo of (`one_off_key`).
    one_off: KeyIndex,
    /// Sound -> inverse document frequency over variant cores: rare sounds weigh more.
    idf: HashMap<u32, f32>,
    /// Core of each entry's standard name.
    entry_core: Vec<String>,
    /// Cores that district-level entries have (民政局, 市场监督管理局, …).
    district_cores: rustc_hash::FxHashSet<String>,
    /// (region, core of the standard name) -> entry, for district counterparts.
    by_region_core: HashMap<(Region, String), usize>,
    regions: Regions,
    qualifiers: Vec<String>,
    holders: Vec<String>,
    vague: Vec<String>,
    never: HashMap<String, ()>,
    /// Variants added from reforms.csv -> what the explanation says of them, and whether a
    /// match through them is only a suggestion (the name of a body that was split).
    knowledge: HashMap<u32, (String, bool)>,
    /// Characters often confused by their shape (lookalikes.csv): char -> its lookalikes.
    lookalike: HashMap<char, Vec<char>>,
    /// Sound -> the characters of known names that have it, to find what a homophone slip meant.
    sound_chars: HashMap<u32, Vec<char>>,
    /// Pairs of adjacent characters found in the names this engine knows (dictionary and
    /// reforms.csv): a typo that forms none of them is unlikely to be another real name.
    bigrams: rustc_hash::FxHashSet<(char, char)>,
    /// The characters of those names.
    known_chars: rustc_hash::FxHashSet<char>,
    /// Materials only: each start of two or more characters of a variant -> the one entry
    /// whose variants start so, or `u32::MAX` when several entries' do (户口: 户口本 of
    /// 居民户口簿, 户口迁移证).
    owner: HashMap<String, u32>,
    /// Thresholds in force.
    pub thresholds: Thresholds,
    /// Whether fuzzy candidates that cannot reach the top three are skipped (off only in tests
    /// that check it changes nothing).
    prune: bool,
    /// Postings to scan below which fuzzy candidates come from the plain filter anyway
    /// (`PLAIN_BELOW`; 0 in tests of the pruning).
    plain_below: usize,
    /// Department cores split into a place and a kind (`Parts`).
    parts: Parts,
}

/// Context of a cell: the region of the unit that submitted the list, when known.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Context {
    /// Region of the submitting unit.
    pub region: Option<Region>,
}

impl Engine {
    /// Number of entries.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when the dictionary is empty.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Region of an entry.
    pub fn region_of(&self, id: usize) -> Region {
        self.entry_region
            .get(id)
            .copied()
            .unwrap_or(Region::Unknown)
    }

    /// The region a name denotes (上海市, a district, 国家), if this dictionary knows it.
    pub fn region_named(&self, name: &str) -> Option<Region> {
        Some(self.regions.region_of(name)).filter(|r| *r != Region::Unknown)
    }

    /// Name of a district region.
    pub fn district_name(&self, r: Region) -> Option<&str> {
        self.regions.district_name(r)
    }

    /// Matches one cell.
    pub fn lookup(&self, text: &str, ctx: Context) -> Outcome {
        let full = compact(text);
        if full.is_empty() {
            return Outcome::none("blank");
        }
        if self.never.contains_key(&full) {
            let mut o = Outcome::none("a reviewer decided it matches nothing (never_match.csv)");
            o.never = true;
            return o;
        }
        let whole = self.lookup_one(&full, ctx, false);
        // A sure whole-cell match wins (发展和改革委员会 is one name), unless it was reached
        // loosely and the cell could be several names (身份证、户口本).
        if whole.vague
            || !has_separator(text)
            || (whole.decision == Decision::Auto && whole.score() >= CORE)
        {
            return whole;
        }
        if let Some(split) = self.try_split(text, &whole, ctx) {
            return split;
        }
        whole
    }
}

/// Both engines of a run.
#[derive(Debug, Clone)]
pub struct Matchers {
    /// Departments.
    pub dept: Engine,
    /// Materials.
    pub material: Engine,
}

impl Matchers {
    /// Builds both engines.
    pub fn new(dict: &Dictionaries, thresholds: Thresholds) -> Matchers {
        Matchers {
            dept: Engine::departments(dict, thresholds),
            material: Engine::materials(dict, thresholds),
        }
    }
}

#[cfg(test)]
mod tests;
