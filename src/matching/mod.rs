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
mod outcome;
mod parts;
mod reading;
mod region;
mod score;
mod split;

use candidates::{EPS, Prune};
use index::{KeyIndex, VarPack, Variant};
use outcome::{CORE, EXACT};
pub use outcome::{Decision, Hit, How, Outcome, Thresholds};
use parts::Parts;
use reading::Alt;
pub use region::Region;
use region::{Constraint, NATIONAL_PREFIXES, Regions};
use split::has_separator;

/// Extra weight, for ranking only, of an entry in the submitting unit's own region.
const CONTEXT_BONUS: f32 = 0.12;

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

/// An entry's best match so far: (rank, score, how, variant, alternative, constraint).
type Scored = (f32, f32, How, u32, usize, Constraint);

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

    /// One name's outcome. With `resolve`, only whether it is automatic, and if so its hit and
    /// explanation, are those of the full lookup (the runner-up and candidates may be missing):
    /// entries that cannot matter to that are not ranked (`Prune::floor`).
    fn lookup_one(&self, full: &str, ctx: Context, resolve: bool) -> Outcome {
        let alts = match self.kind {
            Kind::Department => self.dept_alts(full),
            Kind::Material => match self.material_alts(full) {
                Ok(a) => a,
                Err(vague) => {
                    let mut o = Outcome::none(format!("too generic to name a material ({vague})"));
                    o.vague = true;
                    return o;
                }
            },
        };
        // Best per entry: (ranking score, hit, alt index, constraint applied).
        // Best per entry: (rank, score, how, variant, alt, constraint); names are only copied
        // for the few entries that end up in the outcome.
        let mut best: HashMap<u32, Scored> = HashMap::default();
        // Takes one scored variant into `best`: its rank in this reading, and the best score
        // its entry reached in any reading.
        let offer = |best: &mut HashMap<u32, Scored>,
                     (vid, score, how, entry): (u32, f32, How, usize),
                     (ai, constraint, bonus): (usize, Constraint, bool)| {
            let v = &self.variants[vid as usize];
            // The text equal to a listed name is that name, however the cell was read.
            let score = if score >= EXACT {
                score
            } else {
                score * alts[ai].penalty
            };
            let mut rank = score;
            if constraint == Constraint::Any {
                if bonus && ctx.region.is_some_and(|r| r == v.region) {
                    rank += CONTEXT_BONUS;
                }
                // Lists are local: a name that does not say 国家 means the local body first.
                if v.region == Region::National && self.entry_region[entry] == Region::National {
                    rank -= 0.06;
                }
            }
            let e = best
                .entry(entry as u32)
                .or_insert((f32::MIN, score, how, vid, ai, constraint));
            // The best-ranked reading explains the match; the score is the best any reading
            // reached.
            let best_score = e.1.max(score);
            if rank > e.0 || (rank == e.0 && how < e.2) {
                *e = (rank, score, how, vid, ai, constraint);
            }
            e.1 = best_score;
        };
        // An automatic match scores at least `auto`, so it ranks at least `auto` less the
        // national 0.06; a runner-up ranked `margin` below that neither stops it being clear
        // nor can outscore it (it would rank higher). Below this rank nothing changes whether
        // a lookup is automatic or what it finds, so a lookup that only resolves skips it.
        let t = self.thresholds;
        let floor = if resolve {
            t.auto - 0.06 - t.margin - 2.0 * EPS
        } else {
            f32::NEG_INFINITY
        };
        // Readings whose fuzzy search was pruned, with the variants it scored, sorted.
        let mut pruned: Vec<(usize, Constraint, bool, Vec<u32>)> = Vec::new();
        let mut unknown_district = false;
        for (ai, alt) in alts.iter().enumerate() {
            let constraint = match alt.constraint {
                Constraint::OwnDistrict => match ctx.region {
                    Some(Region::District(d)) => Constraint::District(d),
                    _ => {
                        unknown_district = true;
                        Constraint::Any
                    }
                },
                c => c,
            };
            // A cell that keeps 市 in the name still says 市: a district's list gives it no
            // preference for that district, but a municipal list's own region is what the 市
            // would name anyway (市场监督管理局 in a municipal bureau's file).
            let bonus = constraint == Constraint::Any
                && (!alt.keeps_shi || ctx.region == Some(Region::Top));
            // How far the ranking below can move a reading's rank from its score: fuzzy
            // candidates that cannot reach the top three are then not scored.
            let prune = Prune {
                penalty: alt.penalty,
                bonus: if bonus { CONTEXT_BONUS } else { 0.0 },
                bonus_region: ctx.region,
                national: if constraint == Constraint::Any {
                    0.06
                } else {
                    0.0
                },
                floor,
            };
            let (found, was_pruned) = self.score_all(alt, constraint, Some(prune));
            if was_pruned {
                let mut vids: Vec<u32> = found.iter().map(|x| x.0).collect();
                vids.sort_unstable();
                pruned.push((ai, constraint, bonus, vids));
            }
            let mut scored: Vec<(u32, f32, How, usize)> = found
                .into_iter()
                .map(|(vid, s, how)| (vid, s, how, self.variants[vid as usize].entry as usize))
                .collect();
            // 浦东新区工商局, 黄浦区卫计委: a district's bureau named by a municipal former name or
            // short form is the district counterpart of what the name means at municipal level.
            if let Constraint::District(d) = constraint {
                for (vid, s, how) in self.score_all(alt, Constraint::Top, None).0 {
                    let top_entry = self.variants[vid as usize].entry as usize;
                    let key = (Region::District(d), self.entry_core[top_entry].clone());
                    if let Some(&id) = self.by_region_core.get(&key) {
                        scored.push((vid, s * 0.98, how, id));
                    }
                }
            }
            for row in scored {
                offer(&mut best, row, (ai, constraint, bonus));
            }
        }
        // Pruning keeps every variant that can rank among the three best entries, so their
        // ranks are exact; but an entry's best score may come from a variant ranked lower (in
        // another reading, or of another region), which pruning may have left out. Score the
        // three entries' variants that were left out, as the full search would have.
        if !pruned.is_empty() {
            let mut top: Vec<(u32, f32)> = best.iter().map(|(&e, sc)| (e, sc.0)).collect();
            top.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            top.truncate(3);
            for (ai, constraint, bonus, seen) in &pruned {
                let vids: Vec<u32> = top
                    .iter()
                    .flat_map(|&(e, _)| self.entry_variants(e))
                    .filter(|v| seen.binary_search(v).is_err())
                    .collect();
                if vids.is_empty() {
                    continue;
                }
                for (vid, s, how) in self.score_listed(&alts[*ai], *constraint, &vids) {
                    let entry = self.variants[vid as usize].entry as usize;
                    offer(&mut best, (vid, s, how, entry), (*ai, *constraint, *bonus));
                }
            }
        }
        let mut light: Vec<(u32, Scored)> = best.into_iter().filter(|x| x.1.0 >= floor).collect();
        light.sort_by(|a, b| b.1.0.total_cmp(&a.1.0).then(a.0.cmp(&b.0)));
        let top_variant = light.first().map(|(_, sc)| sc.3);
        let ranked: Vec<(f32, Hit, usize, Constraint)> = light
            .into_iter()
            .take(3)
            .map(|(entry, (rank, score, how, vid, ai, constraint))| {
                let v = &self.variants[vid as usize];
                let entry = entry as usize;
                let via = if v.how == How::Exact && v.entry as usize == entry {
                    String::new()
                } else {
                    v.text.clone()
                };
                (
                    rank,
                    Hit {
                        id: entry,
                        name: self.names[entry].clone(),
                        score,
                        how,
                        via,
                    },
                    ai,
                    constraint,
                )
            })
            .collect();
        let candidates: Vec<Hit> = ranked.iter().take(3).map(|r| r.1.clone()).collect();
        let Some((rank1, top, ai, constraint)) = ranked.first().cloned() else {
            return Outcome::none(self.nothing_why(&alts));
        };
        let runner = ranked.get(1).cloned();
        let clear = runner.as_ref().is_none_or(|r| rank1 - r.0 >= t.margin);
        // Ranked first through the region preferences while another entry matches the text
        // better (金融监管总橘 in a municipal file: the national 金融监管总局 scores 0.92, its
        // Shanghai office 0.88): a person decides.
        let outscored = runner.as_ref().is_some_and(|r| r.1.score > top.score);
        let mut decision = if top.score >= t.auto && clear && !outscored {
            Decision::Auto
        } else if top.score >= t.review {
            Decision::Review
        } else {
            Decision::None
        };
        let mut why = self.explain(&top, &alts[ai].note, constraint, ctx);
        if let Some((k, split)) = top_variant.and_then(|v| self.knowledge.get(&v)) {
            why = format!("{why}; it is a {k}");
            if *split && decision == Decision::Auto {
                decision = Decision::Review;
                why.push_str("; the old name may mean another body today");
            }
        }
        if top.how == How::Fuzzy
            && let Some(slip) = top_variant.and_then(|v| self.slip(&alts[ai].core, v))
        {
            why = format!("{why}; {slip}");
        }
        // 市金融监管局: a cell that says 市 names the city's own department; a national body's
        // office in the city is reached only by a name of its own, not by an implied prefix.
        if decision == Decision::Auto
            && top.score < EXACT
            && constraint == Constraint::Top
            && (alts[ai].text.starts_with('市')
                || (self.regions.top.first())
                    .is_some_and(|t| alts[ai].text.starts_with(t.as_str())))
        {
            let name = compact(&self.names[top.id]);
            if NATIONAL_PREFIXES.iter().any(|p| name.starts_with(p))
                && self.regions.split_branch(&name).is_none()
            {
                decision = Decision::Review;
                why.push_str(&format!(
                    "; but the cell says 市 and {} is a national body's office, not the city's",
                    top.name
                ));
            }
        }
        if decision == Decision::None {
            return Outcome {
                decision,
                hits: Vec::new(),
                runner_up: Some(top.clone()),
                candidates,
                vague: false,
                never: false,
                why: format!(
                    "no entry scores {:.2} or more; nearest is {} ({:.2})",
                    t.review, top.name, top.score
                ),
            };
        }
        if top.score >= t.auto
            && !clear
            && let Some(r) = &runner
        {
            why.push_str(&format!(
                "; but {} scores as high ({:.2})",
                r.1.name, r.1.score
            ));
        }
        if unknown_district && decision == Decision::Auto {
            decision = Decision::Review;
            why.push_str("; 区/本区 names the submitting unit's district, which is not known");
        }
        // A bare or former name on a district's list (民政局, 工商局) means that district's
        // bureau of the same kind: move a municipal match to its district counterpart.
        let mut top = top;
        if constraint == Constraint::Any
            && let Some(r @ Region::District(d)) = ctx.region
            && self.region_of(top.id) == Region::Top
            && alts[ai].text == alts[ai].core
            && !alts[ai].keeps_shi
            && !self.lists_text(top.id, &alts[ai].text)
            && let Some(&id) = self
                .by_region_core
                .get(&(r, self.entry_core[top.id].clone()))
        {
            why = format!(
                "{why}; {} is the {} counterpart, taken from the submitting unit",
                self.names[id],
                self.regions
                    .district_name(Region::District(d))
                    .unwrap_or("?")
            );
            top = Hit {
                id,
                name: self.names[id].clone(),
                ..top
            };
        }
        // When the district has no such department, the municipal one is only a guess.
        if decision == Decision::Auto
            && constraint == Constraint::Any
            && let Some(Region::District(d)) = ctx.region
            && self.region_of(top.id) != Region::District(d)
            && self.district_cores.contains(&self.entry_core[top.id])
            && alts[ai].text == alts[ai].core
            && !alts[ai].keeps_shi
            && !self.lists_text(top.id, &alts[ai].text)
        {
            decision = Decision::Review;
            why.push_str(&format!(
                "; the list comes from {}, which has no such department in the dictionary",
                self.regions
                    .district_name(Region::District(d))
                    .unwrap_or("?")
            ));
        }
        Outcome {
            decision,
            candidates,
            hits: vec![top],
            runner_up: runner.map(|r| r.1),
            vague: false,
            never: false,
            why,
        }
    }

    fn nothing_why(&self, alts: &[Alt]) -> String {
        match alts.first().map(|a| a.constraint) {
            Some(Constraint::District(d)) => format!(
                "no department of {} in the dictionary looks like this",
                self.regions
                    .districts
                    .get(d as usize)
                    .map(|x| x[0].as_str())
                    .unwrap_or("?")
            ),
            _ => "nothing in the dictionary looks like this".to_string(),
        }
    }

    fn explain(&self, hit: &Hit, note: &str, constraint: Constraint, ctx: Context) -> String {
        let via = if hit.via.is_empty() {
            hit.name.clone()
        } else {
            hit.via.clone()
        };
        let mut s = match hit.how {
            How::Exact => format!("standard name {}", hit.name),
            How::Alias => format!("alias {via} of {}", hit.name),
            How::FormerName if hit.score >= CORE => format!("former name {via} of {}", hit.name),
            How::FormerName => format!("abbreviated or misspelt former name {via} of {}", hit.name),
            How::Abbreviation => format!("abbreviation of {via} (characters in order)"),
            How::Fuzzy => format!("similar to {via}"),
            How::Split => String::new(),
        };
        if (CORE..EXACT).contains(&hit.score) && matches!(hit.how, How::Exact | How::Alias) {
            s.push_str(", region prefix implied");
        }
        if !note.is_empty() {
            s.push_str("; ");
            s.push_str(note);
        }
        if constraint == Constraint::Any
            && let Some(r @ Region::District(_)) = ctx.region
            && self.region_of(hit.id) == r
        {
            let d = self.regions.district_name(r).unwrap_or("?");
            s.push_str(&format!("; district {d} taken from the submitting unit"));
        }
        s
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
