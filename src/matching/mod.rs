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
//! One file per job:
//! - `outcome`: what a lookup answers (`Decision`, `Hit`, `Outcome`) and the score scale;
//! - `region`: the regions a dictionary knows, and how the region starting a name is read;
//! - `build`: building an engine: variants, reforms.csv, the never list, indexes, typo tables;
//! - `index`: the variants and the keyed tables that find them;
//! - `reading`: a cell's readings (notes, 等, qualifiers, holders, the region prefix);
//! - `lookup`: one name's lookup: readings scored, entries ranked, the decision and its why;
//! - `split`: cells naming several names;
//! - `station`: a district bureau's stations named by their place (七宝派出所, 税务所);
//! - `score`: how close a query core is to a variant core, and the typo rules;
//! - `candidates`: which variants are scored: the plain filter and the pruned search;
//! - `parts`: the place/kind index that bounds the pruned search on large department lists.
//!
//! What must stay true: a district prefix in the cell only ever matches that district's
//! departments; a decision is `auto` only when the best entry is above the auto threshold and
//! clear of the runner-up; a cell that splits into several names is split only when every piece
//! resolves on its own; pruning changes no outcome, only how many variants are scored; an
//! outcome depends only on the dictionary, the thresholds, the cell and its context (ids are
//! positions and ties are broken by id), never on which lookups ran before on the thread.

use pinyin::ToPinyin;

use crate::dictionary::Dictionaries;
use crate::normalize::{compact, strip_paren_notes};

mod build;
mod candidates;
mod doubts;
mod foreign;
mod index;
mod kind;
mod lookup;
mod memo;
mod nation;
mod outcome;
mod parts;
mod reading;
mod reforms;
mod region;
mod scoped;
mod score;
mod split;
mod station;
mod variants;

use build::Knowledge;
use candidates::Pruning;
use index::{Entries, Index};
use outcome::CORE;
pub use outcome::{Decision, Hit, How, Outcome, Thresholds};
use parts::Parts;
use reading::MaterialTerms;
use region::Places;
pub use region::Region;
use score::Typos;
use split::has_separator;

/// Latin letters in capitals, as dictionaries write the letters naming certificates: gmp证书
/// is GMP证书, and Business License is BUSINESS LICENSE however a list cases it.
/// Borrowed text stays borrowed when it has no lower-case letter, as most cells have none.
fn fold_letters<'a>(s: impl Into<std::borrow::Cow<'a, str>>) -> std::borrow::Cow<'a, str> {
    let s = s.into();
    if s.bytes().any(|b| b.is_ascii_lowercase()) {
        s.to_ascii_uppercase().into()
    } else {
        s
    }
}

/// Which dictionary an engine serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Departments.
    Department,
    /// Materials.
    Material,
}

impl Kind {
    /// The kind as the dictionary files name it (`kind` of reforms.csv and never_match.csv).
    fn label(self) -> &'static str {
        match self {
            Kind::Department => "dept",
            Kind::Material => "material",
        }
    }
}

/// A character's sound: its toneless pinyin when it has one, else the character itself, so
/// homophone typos (管里局) meet the intended character in the index and the scorer. Here, as
/// the region reader, the index and the scorer all compare by it.
fn sound(c: char) -> u32 {
    // The common CJK block from a table: a national dictionary's build asks for millions.
    static TABLE: std::sync::OnceLock<Vec<u32>> = std::sync::OnceLock::new();
    let at = (c as u32).wrapping_sub(CJK.0) as usize;
    if at < (CJK.1 - CJK.0) as usize {
        let table = TABLE.get_or_init(|| {
            (CJK.0..CJK.1)
                .map(|x| char::from_u32(x).map_or(x, pinyin_sound))
                .collect()
        });
        return table[at];
    }
    pinyin_sound(c)
}

/// The CJK Unified Ideographs block, [start, end).
const CJK: (u32, u32) = (0x4e00, 0xa000);

/// `sound` worked out from the pinyin tables.
fn pinyin_sound(c: char) -> u32 {
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
    /// Thresholds in force.
    pub thresholds: Thresholds,
    /// The dictionary's entries: names, regions, and where their variants are.
    entries: Entries,
    /// Every name variant, and the tables that find variants by text, core, sound or key.
    index: Index,
    /// Department cores split into a place and a kind (`Parts`).
    parts: Parts,
    /// What the typo rules read: lookalikes, homophones, the pairs known names make.
    typos: Typos,
    /// Materials only: the words a cell is read without (qualifiers, holders) and the vague.
    terms: MaterialTerms,
    /// The regions the dictionary knows, and the district-level kinds of department.
    places: Places,
    /// What reforms.csv and never_match.csv say, and which material a name's start belongs to.
    knowledge: Knowledge,
    /// How fuzzy candidates are pruned (changed only by tests).
    pruning: Pruning,
    /// The pieces of multi-name cells resolved so far this run.
    memo: memo::PieceMemo,
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
        self.entries.names.len()
    }

    /// True when the dictionary is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.names.is_empty()
    }

    /// Region of an entry.
    pub fn region_of(&self, id: usize) -> Region {
        self.entries
            .region
            .get(id)
            .copied()
            .unwrap_or(Region::Unknown)
    }

    /// The region a name denotes (上海市, a district, 国家), if this dictionary knows it.
    pub fn region_named(&self, name: &str) -> Option<Region> {
        Some(self.places.regions.region_of(name)).filter(|r| *r != Region::Unknown)
    }

    /// The region named anywhere in a text (a 填报单位 line, a title, a file name): one
    /// district, else with `top` the dictionary's top level. See `Regions::named_in`.
    pub fn region_in(&self, text: &str, top: bool) -> Option<Region> {
        self.places.regions.named_in(&compact(text), top)
    }

    /// The name of a region as lists write it (上海市, 闵行区).
    pub fn region_label(&self, r: Region) -> &str {
        self.places.regions.label(r)
    }

    /// Name of a district region.
    pub fn district_name(&self, r: Region) -> Option<&str> {
        self.places.regions.district_name(r)
    }

    /// What a department cell's bracketed notes say of it, when they decide: 普陀区民政局（浙江省
    /// 舟山市）, a note naming another region, makes the body that region's; 上海市人力资源和社会
    /// 保障局（及各区人社局）, a bracket that goes on with 及, lists more bodies, so the body
    /// before it is only one of those the cell means.
    fn dept_notes(&self, full: &str, ctx: Context) -> Option<Outcome> {
        let (body, notes) = strip_paren_notes(full);
        if let Some(region) = notes.iter().find_map(|n| self.places.foreign.named_by(n)) {
            return Some(Outcome::foreign(region));
        }
        // 上海市公安局（闵行分局）: the bracket names the body's unit, which is listed.
        if let [unit] = &notes[..]
            && !body.is_empty()
            && full.ends_with(')')
        {
            let mut o = self.lookup_one(&format!("{body}{unit}"), ctx, true);
            if o.decision == Decision::Auto
                && o.score() >= CORE
                && o.hits.iter().all(|h| !h.by_likeness())
            {
                o.why
                    .push_str(&crate::tr!("match.note_joined", note = unit));
                return Some(o);
            }
        }
        let more = notes
            .iter()
            .find(|n| lists_more(n))
            .filter(|_| !body.is_empty())?;
        let mut o = self.lookup(&body, ctx);
        if o.decision == Decision::Auto {
            o.decision = Decision::Review;
        }
        if o.decision != Decision::None {
            o.why
                .push_str(&crate::tr!("match.note_lists_more", notes = more));
        }
        Some(o)
    }

    /// Matches one cell.
    pub fn lookup(&self, text: &str, ctx: Context) -> Outcome {
        let folded = fold_letters(text);
        let text = folded.as_ref();
        let full = compact(text);
        if full.is_empty() {
            return Outcome::none(crate::tr!("blank"));
        }
        if self.knowledge.never.contains_key(&full) {
            let mut o = Outcome::none(crate::tr!("match.never"));
            o.never = true;
            return o;
        }
        if self.kind == Kind::Material
            && let Some(o) = self
                .bracketed(&full, ctx)
                .or_else(|| self.paired_lead(&full, ctx))
                .or_else(|| self.elliptical_pair(&full, ctx))
        {
            return o;
        }
        if self.kind == Kind::Department
            && let Some(o) = self.dept_notes(&full, ctx)
        {
            return o;
        }
        // 闵行区行政服务中心人社窗口: a body's window in the district's service hall is the
        // body's, read as the district's window of it.
        if self.kind == Kind::Department
            && let Some((rest, hall)) = reading::without_service_hall(&full)
        {
            let mut o = self.lookup(&rest, ctx);
            if o.decision != Decision::None {
                o.why
                    .push_str(&crate::tr!("match.hall_removed", hall = hall));
            }
            return o;
        }
        if let Some(split) = self.split_first(text, &full, ctx) {
            return split;
        }
        let whole = self.lookup_one(&full, ctx, false);
        // Another region's body (杭州市市场监督管理局) is none of ours, unless the cell surely is
        // one of ours (江苏路街道办事处 is a Shanghai street office).
        if !(whole.decision == Decision::Auto && whole.score() >= CORE)
            && let Some(region) = (self.places.foreign.prefix_of(&full))
                .filter(|_| !self.opens_with_own_name(&full))
                .or_else(|| self.national_office_abroad(&full))
        {
            return Outcome::foreign(region);
        }
        if whole.decision != Decision::Auto
            && let Some(o) = self.station_of_district(&full, ctx)
        {
            return o;
        }
        // Only when the cell names nothing, or the same body: a listed unit the cell may
        // name (市公安交警总队) is not overruled by its parent.
        if whole.decision != Decision::Auto
            && !has_separator(text)
            && let Some(o) = self.office_of_short_body(&full, ctx)
            && (whole.decision == Decision::None
                || whole.hits.first().map(|h| h.id) == o.hits.first().map(|h| h.id))
        {
            return o;
        }
        // A sure whole-cell match wins (发展和改革委员会 is one name), unless it was reached
        // loosely and the cell could be several names (身份证、户口本).
        if whole.vague
            || !has_separator(text)
            || (whole.decision == Decision::Auto && whole.score() >= CORE)
        {
            return whole;
        }
        // A split with a piece that names nothing surely is a suggestion: it does not
        // overrule a whole cell that was accepted, loosely as it was reached.
        if let Some(split) = self.try_split(text, Some(&whole), ctx)
            && (split.decision == Decision::Auto || whole.decision != Decision::Auto)
        {
            return split;
        }
        whole
    }
}

impl Engine {
    /// Whether the cell opens with one of the dictionary's own names as a region reads them
    /// (南京东路街道城运中心 opens with a Shanghai street's name, not with 南京).
    fn opens_with_own_name(&self, full: &str) -> bool {
        full.char_indices()
            .skip(4)
            .map(|(i, _)| i)
            .chain([full.len()])
            .any(|end| self.index.cores.contains_key(&full[..end]))
    }

    /// A material cell with a material in brackets after it: the bracket names the material
    /// when the name before it is generic or unsure (有效证件（机动车驾驶证）), and an
    /// alternative when both name materials surely (结婚证（离婚证）, …（或社保缴费记录）).
    /// `None` when the bracket is a note or a qualifier, which the lookup sets aside.
    fn bracketed(&self, full: &str, ctx: Context) -> Option<Outcome> {
        let body = full.strip_suffix(')')?;
        let open = body.rfind('(')?;
        let (outer, inner) = (&body[..open], &body[open + 1..]);
        let (inner, either) = match inner.strip_prefix('或') {
            Some(r) => (r, true),
            None => (inner, false),
        };
        let short = inner.chars().count() < 2 && in_place_of_ending(outer, inner).is_none();
        if outer.is_empty() || short || inner.contains('(') {
            return None;
        }
        let sure = |o: &Outcome| o.decision == Decision::Auto && o.score() >= CORE;
        // 抵押合同（房屋）: the bracket holds the words the name starts with. It may take the
        // place of a word of two the name opened with (税收完税证明（车辆购置税）).
        for (cut, _) in outer.char_indices().take(3) {
            let fronted = format!("{inner}{}", &outer[cut..]);
            // What it replaces is another word (not 鉴定 of 鉴定意见书（司法鉴定）), and leaves a
            // name of three characters or more.
            let skip =
                cut > 0 && (inner.contains(&outer[..cut]) || outer[cut..].chars().count() < 3);
            if either || skip || !self.index.exact.contains_key(fronted.as_str()) {
                continue;
            }
            let mut o = self.lookup_one(&fronted, ctx, false);
            if sure(&o) && o.hits.len() == 1 {
                o.why
                    .push_str(&crate::tr!("match.bracket_fronted", note = inner));
                if cut > 0 {
                    o.why
                        .push_str(&crate::tr!("match.bracket_replaces", words = &outer[..cut]));
                }
                return Some(o);
            }
        }
        let mut oi = self.lookup_one(inner, ctx, false);
        // 民事判决书（调解书）: the bracket's name takes the place of the same kind of ending.
        if !sure(&oi)
            && let Some(whole) = in_place_of_ending(outer, inner)
        {
            let o = self.lookup_one(&whole, ctx, false);
            if sure(&o) && o.hits.len() == 1 && !o.hits[0].by_likeness() {
                oi = o;
            }
        }
        if !sure(&oi) || oi.hits.len() != 1 {
            return (self.bracket_lists(outer, inner, &oi, ctx))
                .or_else(|| self.bracket_may_be_another(outer, inner, &oi, ctx))
                .or_else(|| {
                    either
                        .then(|| self.unread_alternative(outer, inner, ctx))
                        .flatten()
                });
        }
        let oo = self.lookup_one(outer, ctx, false);
        if sure(&oo) && oo.hits.len() == 1 {
            if oo.hits[0].id == oi.hits[0].id {
                return Some(oo);
            }
            if !either && proof_by(outer, inner) {
                return Some(Outcome {
                    why: crate::tr!("match.bracket_proves", outer = outer, why = oi.why),
                    ..oi
                });
            }
            return Some(Outcome {
                why: crate::tr!(
                    "match.bracket_alternative",
                    a = oo.hits[0].name,
                    b = oi.hits[0].name,
                ),
                hits: vec![oo.hits[0].clone(), oi.hits[0].clone()],
                ..oo
            });
        }
        if either {
            return None;
        }
        Some(Outcome {
            why: crate::tr!("match.bracket_names", outer = outer, why = oi.why),
            ..oi
        })
    }
}

/// 民事判决书（调解书） -> 民事调解书: the name before the bracket with the bracket in place of
/// its ending, when that ending is as long as the bracket and of its kind (the same last
/// character). 报告书（表） -> 报告表: one character of a kind of document in place of the one
/// the name ends with, as lists write "either form".
fn in_place_of_ending(outer: &str, inner: &str) -> Option<String> {
    const KINDS: &str = "书表证单函";
    let (o, i): (Vec<char>, Vec<char>) = (outer.chars().collect(), inner.chars().collect());
    let same_kind = i.len() >= 2 && o.last() == i.last();
    let one_kind =
        i.len() == 1 && o.len() >= 4 && [o[o.len() - 1], i[0]].iter().all(|c| KINDS.contains(*c));
    (o.len() > i.len() && (same_kind || one_kind))
        .then(|| o[..o.len() - i.len()].iter().chain(&i).collect::<String>())
}

impl Engine {
    /// 申请人身份证明（身份证或户口簿）: a bracket that names several materials surely says which
    /// materials the name before it stands for, unless that name is surely a material the
    /// bracket does not list.
    fn bracket_lists(
        &self,
        outer: &str,
        inner: &str,
        oi: &Outcome,
        ctx: Context,
    ) -> Option<Outcome> {
        let o = (self.try_split(inner, Some(oi), ctx))
            .filter(|o| o.decision == Decision::Auto && o.hits.len() >= 2)?;
        let oo = self.lookup_one(outer, ctx, true);
        let listed = |id: usize| o.hits.iter().any(|h| h.id == id);
        if oo.decision == Decision::Auto && !oo.hits.iter().any(|h| listed(h.id)) {
            return None;
        }
        Some(Outcome {
            why: crate::tr!("match.bracket_lists", outer = outer, why = o.why),
            ..o
        })
    }

    /// 毕业证书（学历电子注册备案表）: a bracket that reads as another material, though not
    /// surely (a short form, a slip), and ends as that material does, may be an alternative
    /// to the name before it rather than a note: the name alone is only a suggestion.
    fn bracket_may_be_another(
        &self,
        outer: &str,
        inner: &str,
        oi: &Outcome,
        ctx: Context,
    ) -> Option<Outcome> {
        let [hit] = oi.hits.as_slice() else {
            return None;
        };
        if inner.chars().count() < 4 || inner.chars().last() != hit.name.chars().last() {
            return None;
        }
        let oo = self.lookup_one(outer, ctx, false);
        if oo.decision != Decision::Auto || oo.hits.iter().any(|h| h.id == hit.id) {
            return None;
        }
        let why = crate::tr!("match.bracket_maybe", inner = inner, name = hit.name);
        Some(Outcome {
            decision: Decision::Review,
            why: format!("{}{why}", oo.why),
            ..oo
        })
    }

    /// 离婚证（或法院离婚判决书、调解书）: a bracket that begins with 或 offers another
    /// material, which could not be read surely: the name before it is not the whole answer,
    /// so a sure match of it is only a suggestion.
    fn unread_alternative(&self, outer: &str, inner: &str, ctx: Context) -> Option<Outcome> {
        let oo = self.lookup_one(outer, ctx, false);
        if oo.decision != Decision::Auto {
            return None;
        }
        let why = crate::tr!("match.bracket_unread", inner = inner);
        Some(Outcome {
            decision: Decision::Review,
            why: format!("{}{why}", oo.why),
            ..oo
        })
    }
}

/// 收入证明（银行流水）: a 证明 proves a fact (收入), which a document of another kind in
/// brackets after it proves too: the bracket says which document is asked for, not another
/// one that would also do. Two documents (结婚证（离婚证）), or a bracket that begins with 或,
/// are alternatives.
fn proof_by(outer: &str, inner: &str) -> bool {
    outer.ends_with("证明") && !inner.ends_with("证明")
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
        let (dept, material) = rayon::join(
            || Engine::departments(dict, thresholds),
            || Engine::materials(dict, thresholds),
        );
        Matchers { dept, material }
    }
}

#[cfg(test)]
mod tests;

/// Whether a bracket after a body goes on with more bodies (及各区人社局, 、区民政局). A bare 和
/// may open a place's name (和平路派出所): only 和 before 各, 区 or 市 counts.
fn lists_more(note: &str) -> bool {
    ["及", "以及", "与", "或", "、", "和各", "和区", "和市"]
        .iter()
        .any(|m| note.starts_with(m))
}
