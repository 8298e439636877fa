//! Standardize: turns ingested tables into standardized records and findings.
//!
//! Composes the matching engines, the method classifier and the row rules. Each distinct
//! (field kind, text, context) is matched once, in parallel, then applied to every row that
//! holds it. Invariant: one [`Record`] per input data row, in input order.

// Keyed by cell texts, hashed millions of times: FxHash, not SipHash (no untrusted keys here
// that could be chosen to collide).
use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;

mod apply;
mod pairing;
mod region;
mod rows;

pub use region::{SheetRegion, WHENCE, region_conflict};

use crate::cell::{A1, Interner, Name, name_id as id};
use crate::dictionary::Dictionaries;
use crate::ingest::Table;
use crate::matching::{Context, Matchers, Outcome, Region};
use crate::methods::Classifier;
use crate::normalize::compact;
use crate::rules::{Finding, Levels, RULES};
use crate::schema::Field;

use apply::{Fixed, Review, Tables};
use rows::{RowTables, SheetDone, SheetRows};

/// A standardized data row.
#[derive(Debug, Clone)]
pub struct Record {
    /// 来源文件.
    pub file: Name,
    /// 来源工作表.
    pub sheet: Name,
    /// 来源行.
    pub row: u32,
    /// Original cell texts by field.
    pub raw: [Name; Field::COUNT],
    /// Standardized texts that differ from the original (most fields do not change, and a
    /// million rows should not hold them twice); read through [`Record::std`].
    std_over: Vec<(Field, Name)>,
    /// Which fields are flagged, with the worst level (for highlighting).
    pub flagged: [Option<crate::rules::Level>; Field::COUNT],
    /// Extra columns: (global extra column index, value).
    pub extras: Vec<(usize, String)>,
    /// The codes of this row's findings, as bits by position in [`RULES`]: the row's own
    /// list is [`Record::codes`].
    code_bits: u64,
    /// This row's findings: indices into [`Standardized::findings`], in the order found.
    pub findings: Vec<u32>,
    /// Responsible departments (standard names), possibly several.
    pub responsible: Vec<Name>,
    /// When 材料名称 names several materials: each (standard name) with the responsible
    /// department it is paired with, None when it could not be paired; empty otherwise. Read
    /// through [`Record::duties`].
    pub paired: Vec<(Name, Option<Name>)>,
    /// The standard method, when there is exactly one.
    pub method: Option<Name>,
}

impl Record {
    /// The standardized text of a field.
    pub fn std(&self, f: Field) -> &str {
        self.std_name(f)
    }

    /// The standardized text of a field, as the shared string it is.
    pub fn std_name(&self, f: Field) -> &Name {
        self.std_over
            .iter()
            .find(|(g, _)| *g == f)
            .map(|(_, v)| v)
            .unwrap_or(&self.raw[f.index()])
    }

    /// Sets the standardized text of a field.
    fn set_std(&mut self, f: Field, v: &Name) {
        self.std_over.retain(|(g, _)| *g != f);
        if **v != *self.raw[f.index()] {
            self.std_over.push((f, v.clone()));
        }
    }

    /// What the row asks of each department: (department, material). A material of a cell
    /// naming several goes to its own department only; one material goes to every
    /// responsible department. The department is None where none could be given (未明确).
    pub fn duties(&self) -> Vec<(Option<&Name>, &Name)> {
        if !self.paired.is_empty() {
            return self.paired.iter().map(|(m, d)| (d.as_ref(), m)).collect();
        }
        let material = self.std_name(Field::Material);
        if self.responsible.is_empty() {
            return vec![(None, material)];
        }
        self.responsible
            .iter()
            .map(|d| (Some(d), material))
            .collect()
    }

    /// Whether one of this row's findings has `code`.
    pub fn has_code(&self, code: &str) -> bool {
        rule_bit(code).is_some_and(|b| self.code_bits & b != 0)
    }

    /// The codes of this row's findings, in the order found, without repeats.
    pub fn codes(&self, findings: &[Finding]) -> Vec<&'static str> {
        let mut v: Vec<&'static str> = Vec::new();
        for &i in &self.findings {
            let c = findings[i as usize].code;
            if !v.contains(&c) {
                v.push(c);
            }
        }
        v
    }
}

fn rule_bit(code: &str) -> Option<u64> {
    RULES.iter().position(|r| r.code == code).map(|i| 1 << i)
}

/// One distinct thing a person must decide (a row of 待复核).
#[derive(Debug, Clone)]
pub struct ReviewItem {
    /// Field header (需求单位名称, 材料名称, 使用方式, …).
    pub field: &'static str,
    /// The original text.
    pub text: String,
    /// Suggested standard name(s), joined with `|`.
    pub suggestion: String,
    /// Score of the suggestion.
    pub score: f32,
    /// Up to three candidates with scores.
    pub candidates: String,
    /// Why.
    pub why: String,
    /// The codes involved.
    pub code: &'static str,
    /// Where it occurs first: file:sheet!A1, at most [`PLACES_KEPT`] of them.
    pub places: Vec<String>,
    /// How many times it occurs.
    pub count: usize,
}

/// Places kept per review item: enough to find the cells, not a million strings.
pub const PLACES_KEPT: usize = 20;

/// Everything standardization produced.
#[derive(Debug, Default)]
pub struct Standardized {
    /// One per input data row.
    pub records: Vec<Record>,
    /// Every finding, in input order.
    pub findings: Vec<Finding>,
    /// Distinct decisions for 待复核, sorted.
    pub review: Vec<ReviewItem>,
    /// Headers of extra columns across all tables, in first-seen order.
    pub extras: Vec<String>,
    /// Each table's region and what said it, in table order.
    pub regions: Vec<SheetRegion>,
    /// Shared copies of finding texts and messages.
    strings: crate::cell::Interner,
}

#[derive(Hash, PartialEq, Eq, Clone, Copy)]
enum Which {
    Dept,
    Material,
}

/// Marks a field without a value.
const NONE: u32 = u32::MAX;

/// Fields looked up in the dictionaries, in the order of a row's lookup keys.
const LOOKED_UP: [Field; 4] = [
    Field::Requester,
    Field::Source,
    Field::Responsible,
    Field::Material,
];

/// True when a cell holds nothing but spaces and punctuation. Any letter or character means
/// text (normalization never removes one), so only such cells are normalized to be sure.
fn blank(s: &str) -> bool {
    !s.chars().any(char::is_alphanumeric) && compact(s).is_empty()
}

/// Runs matching, classification and row rules over the tables; `region` is the submitting
/// region the user gave, if any.
pub fn standardize(
    tables: &mut [Table],
    dict: &Dictionaries,
    matchers: &Matchers,
    classifier: &Classifier,
    levels: &Levels,
    region: Option<Region>,
) -> Standardized {
    let mut strings = Interner::default();
    let (mut records, spans, extras) = take_records(tables);
    let (regions, req_region) =
        region::sheet_regions(tables, &records, &spans, &matchers.dept, region);
    let sheet_ctx: Vec<Option<Region>> = regions.iter().map(|r| r.region).collect();
    let (keys, row_keys) = lookup_keys(&records, &spans, &sheet_ctx, &req_region);
    let outcomes = match_keys(&keys, matchers);
    crate::trace::stage("matched");

    // What each distinct (lookup, field), 使用方式, 数据字段 and inference does to a row is
    // worked out once, in the order rows first show it; then the rows are done in parallel,
    // one sheet per task, from these read-only tables.
    let mut review = Review::default();
    let applied = Tables::build(
        &records,
        &row_keys,
        &outcomes,
        dict,
        classifier,
        &mut review,
        &mut strings,
    );
    let fixed = Fixed::new(&mut strings);
    let shared = RowTables {
        levels,
        outcomes: &outcomes,
        t: &applied,
        fixed: &fixed,
    };
    let findings = rows_by_sheet(
        tables,
        &spans,
        &mut records,
        &row_keys,
        &shared,
        &mut review,
    );
    drop(applied);
    let mut out = Standardized {
        records,
        findings,
        review: Vec::new(),
        extras,
        regions,
        strings,
    };
    cross_row_rules(&mut out, tables, levels);
    out.review = review.items;
    out.review.sort_by(|a, b| {
        field_rank(a.field)
            .cmp(&field_rank(b.field))
            .then(b.count.cmp(&a.count))
            .then(a.text.cmp(&b.text))
    });
    out
}

/// The records, one per data row, in input order; each table's span of them; and the headers
/// of extra columns across all tables. Ingest interned every cell: equal texts are one string,
/// compared by address from here on.
fn take_records(tables: &mut [Table]) -> (Vec<Record>, Vec<std::ops::Range<usize>>, Vec<String>) {
    let mut records: Vec<Record> = Vec::with_capacity(tables.iter().map(|t| t.rows.len()).sum());
    let mut spans: Vec<std::ops::Range<usize>> = Vec::with_capacity(tables.len());
    let mut extras: Vec<String> = Vec::new();
    let mut extra_index: HashMap<String, usize> = HashMap::default();
    for t in tables.iter_mut() {
        let extra_ids: Vec<usize> = t
            .extras
            .iter()
            .map(|h| {
                let n = extra_index.len();
                let id = *extra_index.entry(h.clone()).or_insert(n);
                if id == extras.len() {
                    extras.push(h.clone());
                }
                id
            })
            .collect();
        let start = records.len();
        let filler = t.requester_filler();
        // The rows move into the records: each cell is held once.
        for r in std::mem::take(&mut t.rows) {
            let mut raw = r.values;
            if let Some(f) = &filler {
                raw[Field::Requester.index()] = f.clone();
            }
            records.push(Record {
                file: t.file.clone(),
                sheet: t.sheet.clone(),
                row: r.row,
                raw,
                std_over: Vec::new(),
                flagged: [None; Field::COUNT],
                extras: extra_ids.iter().copied().zip(r.extras).collect(),
                code_bits: 0,
                findings: Vec::new(),
                responsible: Vec::new(),
                paired: Vec::new(),
                method: None,
            });
        }
        spans.push(start..records.len());
    }
    (records, spans, extras)
}

/// A distinct lookup: which dictionary, the text, and the region it is read in.
type Key = (Which, Name, Option<Region>);

/// The distinct lookups, and for each row the index of its lookups for 需求单位名称, 材料来源,
/// 责任单位名称 and 材料名称 (or [`NONE`]).
fn lookup_keys(
    records: &[Record],
    spans: &[std::ops::Range<usize>],
    sheet_ctx: &[Option<Region>],
    req_region: &HashMap<usize, Option<Region>>,
) -> (Vec<Key>, Vec<[u32; 4]>) {
    let row_context = |requester: &Name, sheet: Option<Region>| -> Option<Region> {
        req_region.get(&id(requester)).copied().flatten().or(sheet)
    };
    let mut keys: Vec<Key> = Vec::new();
    let mut key_index: HashMap<(Which, usize, Option<Region>), u32> = HashMap::default();
    let mut row_keys: Vec<[u32; 4]> = Vec::with_capacity(records.len());
    for (span, ctx) in spans.iter().zip(sheet_ctx) {
        for r in &records[span.clone()] {
            let req = &r.raw[Field::Requester.index()];
            let row_ctx = row_context(req, *ctx);
            let mut k = [NONE; 4];
            for (slot, f) in LOOKED_UP.iter().enumerate() {
                let text = &r.raw[f.index()];
                if blank(text) {
                    continue;
                }
                let (which, region) = match f {
                    Field::Requester => (Which::Dept, *ctx),
                    Field::Material => (Which::Material, None),
                    _ => (Which::Dept, row_ctx),
                };
                let n = keys.len() as u32;
                k[slot] = *key_index
                    .entry((which, id(text), region))
                    .or_insert_with(|| {
                        keys.push((which, text.clone(), region));
                        n
                    });
            }
            row_keys.push(k);
        }
    }
    (keys, row_keys)
}

/// Every distinct lookup matched once, in parallel.
fn match_keys(keys: &[Key], matchers: &Matchers) -> Vec<Outcome> {
    keys.par_iter()
        .map(|(w, text, region)| {
            let ctx = Context { region: *region };
            match w {
                Which::Dept => matchers.dept.lookup(text, ctx),
                Which::Material => matchers.material.lookup(text, ctx),
            }
        })
        .collect()
}

/// Standardizes the rows, one task per sheet over its own rows; findings and review places
/// are gathered per sheet and joined in input order, so the result is the same as one pass.
fn rows_by_sheet(
    tables: &[Table],
    spans: &[std::ops::Range<usize>],
    records: &mut [Record],
    row_keys: &[[u32; 4]],
    shared: &RowTables,
    review: &mut Review,
) -> Vec<Finding> {
    let mut slices: Vec<SheetRows> = Vec::with_capacity(tables.len());
    let mut rest: &mut [Record] = records;
    for (t, span) in tables.iter().zip(spans) {
        let (mine, after) = std::mem::take(&mut rest).split_at_mut(span.len());
        slices.push((t, mine, &row_keys[span.clone()]));
        rest = after;
    }
    let done: Vec<SheetDone> = slices
        .into_par_iter()
        .map(|(t, recs, keys)| shared.sheet(t, recs, keys))
        .collect();
    let mut findings: Vec<Finding> =
        Vec::with_capacity(done.iter().map(|d| d.findings.len()).sum());
    for (d, span) in done.into_iter().zip(spans) {
        let base = findings.len() as u32;
        if base > 0 {
            for r in &mut records[span.clone()] {
                for i in &mut r.findings {
                    *i += base;
                }
            }
        }
        findings.extend(d.findings);
        for (i, at) in d.places {
            review.add(i, at);
        }
    }
    findings
}

/// Rules over several rows (duplicates, inconsistent methods, across all inputs), each
/// finding attached to its row and flagging its cell.
fn cross_row_rules(out: &mut Standardized, tables: &[Table], levels: &Levels) {
    let by_sheet: HashMap<(&str, &str), &Table> =
        tables.iter().map(|t| ((&*t.file, &*t.sheet), t)).collect();
    let col_of = |file: &str, sheet: &str, f: Field| -> Option<u32> {
        by_sheet
            .get(&(file, sheet))
            .and_then(|t| t.field_cols.get(&f).copied())
    };
    // Each distinct text compacted once; texts that compact alike share the same key.
    let mut compacted: HashMap<usize, usize> = HashMap::default();
    let mut canon = |strings: &mut Interner, n: &Name| -> usize {
        *compacted
            .entry(id(n))
            .or_insert_with(|| id(&strings.get(&compact(n))))
    };
    let empty = id(&out.strings.get(""));
    // (requester, item, situation, material), compacted; None when item or material is blank.
    let keys: Vec<Option<[usize; 4]>> = out
        .records
        .iter()
        .map(|r| {
            let m = canon(&mut out.strings, r.std_name(Field::Material));
            let i = canon(&mut out.strings, r.std_name(Field::Item));
            if m == empty || i == empty {
                return None;
            }
            let q = canon(&mut out.strings, r.std_name(Field::Requester));
            let s = canon(&mut out.strings, r.std_name(Field::Situation));
            Some([q, i, s, m])
        })
        .collect();
    let base = out.findings.len();
    let mut extra: Vec<Finding> = Vec::new();
    let mut add =
        |out: &mut Standardized, idx: usize, code: &'static str, field: Field, message: String| {
            let Some(level) = levels.of(code) else { return };
            let message = out.strings.get(&message);
            let r = &mut out.records[idx];
            r.code_bits |= rule_bit(code).unwrap_or(0);
            r.findings.push((base + extra.len()) as u32);
            let slot = &mut r.flagged[field.index()];
            *slot = Some(slot.map_or(level, |l| l.max(level)));
            extra.push(Finding {
                file: r.file.clone(),
                sheet: r.sheet.clone(),
                row: Some(r.row),
                cell: col_of(&r.file, &r.sheet, field).map(|col| A1 { col, row: r.row }),
                code,
                level,
                field: field.header(),
                text: r.raw[field.index()].clone(),
                message,
                suggestion: None,
                requirement: None,
            });
        };
    for (idx, first) in crate::rules::rows::duplicates(&keys) {
        let o = &out.records[first];
        let msg = crate::tr!(
            "finding.duplicate",
            file = o.file,
            sheet = o.sheet,
            row = o.row
        );
        add(out, idx, "duplicate-row", Field::Material, msg);
    }
    let kept: Vec<Option<bool>> = out
        .records
        .iter()
        .map(|r| r.method.as_ref().map(|m| **m == *crate::methods::KEEP))
        .collect();
    for (i, other) in crate::rules::rows::inconsistent_methods(&keys, &kept) {
        let o = &out.records[other];
        let msg = crate::tr!(
            "finding.inconsistent",
            method = out.records[i].method.as_deref().unwrap_or_default(),
            other = o.method.as_deref().unwrap_or_default(),
            file = o.file,
            sheet = o.sheet,
            row = o.row
        );
        add(out, i, "method-inconsistent", Field::Method, msg);
    }
    out.findings.extend(extra);
}

fn field_rank(header: &str) -> usize {
    Field::ALL
        .iter()
        .position(|f| f.header() == header)
        .unwrap_or(usize::MAX)
}
