//! Standardize: turns ingested tables into standardized records and findings.
//!
//! Composes the matching engines, the method classifier and the row rules. Each distinct
//! (field kind, text, context) is matched once, in parallel, then applied to every row that
//! holds it. Invariant: one [`Record`] per input data row, in input order.

use std::collections::BTreeMap;

// Keyed by cell texts, hashed millions of times: FxHash, not SipHash (no untrusted keys here
// that could be chosen to collide).
use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;

use crate::dictionary::Dictionaries;
use crate::ingest::{Table, col_letters};
use crate::matching::{Context, Decision, Engine, Matchers, Outcome, Region};
use crate::methods::{self, Classifier, MethodClass, MethodOutcome};
use crate::normalize::{compact, split_list};
use crate::rules::{Finding, Levels};
use crate::schema::Field;

/// A standardized data row.
#[derive(Debug, Clone)]
pub struct Record {
    /// 来源文件.
    pub file: crate::rules::Name,
    /// 来源工作表.
    pub sheet: crate::rules::Name,
    /// 来源行.
    pub row: u32,
    /// Original cell texts by field.
    pub raw: [crate::rules::Name; Field::COUNT],
    /// Standardized texts that differ from the original (most fields do not change, and a
    /// million rows should not hold them twice); read through [`Record::std`].
    std_over: Vec<(Field, crate::rules::Name)>,
    /// Which fields are flagged, with the worst level (for highlighting).
    pub flagged: [Option<crate::rules::Level>; Field::COUNT],
    /// Extra columns: (global extra column index, value).
    pub extras: Vec<(usize, String)>,
    /// Codes of this row's findings, in order, without repeats.
    pub codes: Vec<&'static str>,
    /// This row's findings: indices into [`Standardized::findings`], in the order found.
    pub findings: Vec<u32>,
    /// Responsible departments (standard names), possibly several.
    pub responsible: Vec<String>,
    /// The standard method, when there is exactly one.
    pub method: Option<String>,
}

impl Record {
    /// The standardized text of a field.
    pub fn std(&self, f: Field) -> &str {
        self.std_over
            .iter()
            .find(|(g, _)| *g == f)
            .map(|(_, v)| &**v)
            .unwrap_or(&self.raw[f.index()])
    }

    /// Sets the standardized text of a field.
    fn set_std(&mut self, f: Field, v: String) {
        self.std_over.retain(|(g, _)| *g != f);
        if *v != *self.raw[f.index()] {
            self.std_over.push((f, v.into()));
        }
    }
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
    /// Where it occurs: file:sheet!A1.
    pub places: Vec<String>,
}

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
    /// Shared copies of finding texts and messages.
    strings: crate::rules::Interner,
}

#[derive(Hash, PartialEq, Eq, Clone, Copy)]
enum Which {
    Dept,
    Material,
}

/// Runs matching, classification and row rules over the tables.
pub fn standardize(
    tables: &mut [Table],
    dict: &Dictionaries,
    matchers: &Matchers,
    classifier: &Classifier,
    levels: &Levels,
) -> Standardized {
    // The region of each distinct requester, resolved once, in parallel: it is the context
    // of that row's 材料来源 and 责任单位名称.
    let mut requesters: Vec<&str> = tables
        .iter()
        .flat_map(|t| {
            t.rows
                .iter()
                .map(|r| r.values[Field::Requester.index()].as_str())
        })
        .filter(|v| !v.is_empty())
        .collect();
    requesters.sort_unstable();
    requesters.dedup();
    let req_region: HashMap<String, Option<Region>> = requesters
        .par_iter()
        .map(|r| (r.to_string(), resolved_region(&matchers.dept, r)))
        .collect();
    // Context: the region of each sheet's submitting unit (填报单位, else first requester).
    let sheet_ctx: Vec<Option<Region>> = tables
        .iter()
        .map(|t| {
            let from_submitter = t
                .submitter
                .as_deref()
                .and_then(|s| resolved_region(&matchers.dept, s));
            from_submitter.or_else(|| {
                t.rows
                    .iter()
                    .map(|r| r.values[Field::Requester.index()].as_str())
                    .find(|v| !v.is_empty())
                    .and_then(|v| req_region.get(v).copied().flatten())
            })
        })
        .collect();
    let row_context = |requester: &str, sheet: Option<Region>| -> Option<Region> {
        req_region.get(requester).copied().flatten().or(sheet)
    };

    // Distinct lookups, matched once each, in parallel.
    let mut keys: Vec<(Which, String, Option<Region>)> = Vec::new();
    let mut seen: HashMap<(Which, String, Option<Region>), ()> = HashMap::default();
    let mut add = |k: (Which, String, Option<Region>)| {
        if !k.1.is_empty() && seen.insert(k.clone(), ()).is_none() {
            keys.push(k);
        }
    };
    for (t, ctx) in tables.iter().zip(&sheet_ctx) {
        for r in &t.rows {
            let req = &r.values[Field::Requester.index()];
            add((Which::Dept, req.clone(), *ctx));
            let row_ctx = row_context(req, *ctx);
            for f in [Field::Source, Field::Responsible] {
                add((Which::Dept, r.values[f.index()].clone(), row_ctx));
            }
            add((
                Which::Material,
                r.values[Field::Material.index()].clone(),
                None,
            ));
        }
    }
    let outcomes: Vec<Outcome> = keys
        .par_iter()
        .map(|(w, text, region)| {
            let ctx = Context { region: *region };
            match w {
                Which::Dept => matchers.dept.lookup(text, ctx),
                Which::Material => matchers.material.lookup(text, ctx),
            }
        })
        .collect();
    let cache: HashMap<(Which, String, Option<Region>), Outcome> =
        keys.into_iter().zip(outcomes).collect();
    let mut method_cache: HashMap<String, MethodOutcome> = HashMap::default();

    let mut out = Standardized::default();
    // One record per row: reserve them all, instead of doubling (and leaving up to half of a
    // million large records' room unused).
    out.records
        .reserve_exact(tables.iter().map(|t| t.rows.len()).sum());
    let mut extra_index: HashMap<String, usize> = HashMap::default();
    let mut review: BTreeMap<(&'static str, String), ReviewItem> = BTreeMap::new();

    for (t, ctx) in tables.iter_mut().zip(&sheet_ctx) {
        // The rows move into the records: each cell is held once.
        let rows = std::mem::take(&mut t.rows);
        let t = &*t;
        let extra_ids: Vec<usize> = t
            .extras
            .iter()
            .map(|h| {
                let n = extra_index.len();
                let id = *extra_index.entry(h.clone()).or_insert(n);
                if id == out.extras.len() {
                    out.extras.push(h.clone());
                }
                id
            })
            .collect();
        for r in rows {
            let row = r.row;
            let at = |f: Field| At {
                file: &t.file,
                sheet: &t.sheet,
                col: t.field_cols.get(&f).copied(),
                row,
            };
            let mut rec = Record {
                file: t.file.clone(),
                sheet: t.sheet.clone(),
                row,
                std_over: Vec::new(),
                raw: r.values.map(|v| out.strings.get(&v)),
                flagged: [None; Field::COUNT],
                extras: extra_ids.iter().copied().zip(r.extras).collect(),
                codes: Vec::new(),
                findings: Vec::new(),
                responsible: Vec::new(),
                method: None,
            };
            let mut emit = |rec: &mut Record,
                            field: Option<Field>,
                            code: &'static str,
                            message: String,
                            suggestion: Option<String>| {
                let Some(level) = levels.of(code) else { return };
                let cell = field
                    .and_then(|f| t.field_cols.get(&f))
                    .map(|c| format!("{}{}", col_letters(*c), row));
                if let Some(f) = field {
                    let slot = &mut rec.flagged[f.index()];
                    *slot = Some(slot.map_or(level, |l| l.max(level)));
                }
                if !rec.codes.contains(&code) {
                    rec.codes.push(code);
                }
                rec.findings.push(out.findings.len() as u32);
                out.findings.push(Finding {
                    file: t.file.clone(),
                    sheet: t.sheet.clone(),
                    row: Some(row),
                    cell,
                    code,
                    level,
                    field: field.map(|f| f.header()).unwrap_or_default(),
                    text: out
                        .strings
                        .get(field.map(|f| &*rec.raw[f.index()]).unwrap_or_default()),
                    message: out.strings.get(&message),
                    suggestion: suggestion.map(|s| out.strings.get(&s)),
                });
            };

            for f in Field::ALL.iter().filter(|f| f.required()) {
                if compact(&rec.raw[f.index()]).is_empty() && *f != Field::Method {
                    emit(
                        &mut rec,
                        Some(*f),
                        "required-missing",
                        format!("{} is blank", f.header()),
                        None,
                    );
                }
            }

            // Departments.
            let req_text = rec.raw[Field::Requester.index()].to_string();
            let row_ctx = row_context(&req_text, *ctx);
            let mut dept_out: [Option<&Outcome>; Field::COUNT] = [None; Field::COUNT];
            for (f, c) in [
                (Field::Requester, *ctx),
                (Field::Source, row_ctx),
                (Field::Responsible, row_ctx),
            ] {
                let text = rec.raw[f.index()].to_string();
                if compact(&text).is_empty() {
                    continue;
                }
                let o = &cache[&(Which::Dept, text.clone(), c)];
                dept_out[f.index()] = Some(o);
                apply_match(&mut rec, f, o, "dept", &mut emit, &mut review, at(f));
            }

            // Material.
            let mtext = rec.raw[Field::Material.index()].to_string();
            let mut material_ids: Vec<usize> = Vec::new();
            if !compact(&mtext).is_empty() {
                let o = &cache[&(Which::Material, mtext.clone(), None)];
                if o.decision == Decision::Auto {
                    material_ids = o.hits.iter().map(|h| h.id).collect();
                }
                apply_match(
                    &mut rec,
                    Field::Material,
                    o,
                    "material",
                    &mut emit,
                    &mut review,
                    at(Field::Material),
                );
            }

            // 数据字段: one list, one separator.
            let fields = split_list(&rec.raw[Field::Fields.index()]);
            rec.set_std(Field::Fields, fields.join("、"));

            // Responsible department: given, else 材料来源, else the material's issuer.
            let auto_names = |o: Option<&Outcome>| -> Vec<String> {
                o.filter(|o| o.decision == Decision::Auto)
                    .map(|o| o.hits.iter().map(|h| h.name.clone()).collect())
                    .unwrap_or_default()
            };
            let given = !compact(&rec.raw[Field::Responsible.index()]).is_empty();
            if given {
                rec.responsible = auto_names(dept_out[Field::Responsible.index()]);
            } else {
                let from_source = auto_names(dept_out[Field::Source.index()]);
                let (names, whence) = if !from_source.is_empty() {
                    (from_source, "材料来源".to_string())
                } else {
                    let issuers: Vec<String> = material_ids
                        .iter()
                        .filter_map(|&id| dict.materials.get(id))
                        .filter(|m| !m.issuer.is_empty())
                        .map(|m| m.issuer.clone())
                        .collect();
                    (
                        issuers,
                        "the material's issuer in the dictionary".to_string(),
                    )
                };
                if !names.is_empty() {
                    rec.set_std(Field::Responsible, names.join("、"));
                    let msg = format!(
                        "责任单位名称 is blank; inferred {} from {whence}",
                        names.join("、")
                    );
                    emit(
                        &mut rec,
                        Some(Field::Responsible),
                        "responsible-inferred",
                        msg,
                        Some(names.join("、")),
                    );
                    rec.responsible = names;
                }
            }
            if rec.responsible.is_empty()
                && !(given
                    && dept_out[Field::Responsible.index()]
                        .is_some_and(|o| o.decision != Decision::Auto))
            {
                emit(&mut rec, Some(Field::Responsible), "responsible-unknown", "no responsible department: 责任单位名称 and 材料来源 are blank or unresolved and the material has no known issuer".into(), None);
            }

            // 使用方式.
            let mtext_raw = rec.raw[Field::Method.index()].to_string();
            let mo = method_cache
                .entry(mtext_raw.clone())
                .or_insert_with(|| classifier.classify(&mtext_raw))
                .clone();
            apply_method(&mut rec, &mo, &mut emit, &mut review, at(Field::Method));

            // Method against material and row.
            if let Some(m) = rec.method.clone() {
                let cats: Vec<&str> = material_ids
                    .iter()
                    .filter_map(|&id| dict.materials.get(id))
                    .map(|m| m.category.as_str())
                    .collect();
                if m == methods::ELICENCE_CHECK
                    && !cats.is_empty()
                    && cats.iter().all(|c| !c.is_empty() && *c != "证照")
                {
                    let msg = format!(
                        "电子证照核验 on {}, which is a {} and not a 证照",
                        rec.std(Field::Material),
                        cats.join("/")
                    );
                    emit(
                        &mut rec,
                        Some(Field::Method),
                        "method-mismatch",
                        msg,
                        Some(methods::DATA_CHECK.to_string()),
                    );
                }
                if m == methods::DATA_CHECK && fields.is_empty() {
                    let typical: Vec<String> = material_ids
                        .iter()
                        .filter_map(|&id| dict.materials.get(id))
                        .flat_map(|m| m.fields.iter().cloned())
                        .collect();
                    let sugg = (!typical.is_empty()).then(|| {
                        format!(
                            "list the 数据字段 to check, e.g. {}",
                            typical
                                .iter()
                                .take(5)
                                .cloned()
                                .collect::<Vec<_>>()
                                .join("、")
                        )
                    });
                    emit(
                        &mut rec,
                        Some(Field::Fields),
                        "method-mismatch",
                        "数据核验 with no 数据字段: say which data items are to be checked".into(),
                        sugg,
                    );
                }
                if (m == methods::CANCEL || m == methods::COMMITMENT)
                    && compact(&rec.raw[Field::LegalBasis.index()]).is_empty()
                {
                    emit(
                        &mut rec,
                        Some(Field::LegalBasis),
                        "method-no-basis",
                        format!("{m} without a 行政依据"),
                        None,
                    );
                }
            }
            out.records.push(rec);
        }
    }
    row_rules(&mut out, tables, levels);
    out.review = review.into_values().collect();
    out.review.sort_by(|a, b| {
        field_rank(a.field)
            .cmp(&field_rank(b.field))
            .then(b.places.len().cmp(&a.places.len()))
            .then(a.text.cmp(&b.text))
    });
    out
}

fn field_rank(header: &str) -> usize {
    Field::ALL
        .iter()
        .position(|f| f.header() == header)
        .unwrap_or(usize::MAX)
}

fn resolved_region(dept: &Engine, text: &str) -> Option<Region> {
    let o = dept.lookup(text, Context::default());
    (o.decision == Decision::Auto && o.hits.len() == 1)
        .then(|| dept.region_of(o.hits[0].id))
        .filter(|r| !matches!(r, Region::Unknown | Region::National))
}

#[allow(clippy::too_many_arguments)]
fn apply_match<F>(
    rec: &mut Record,
    field: Field,
    o: &Outcome,
    prefix: &'static str,
    emit: &mut F,
    review: &mut BTreeMap<(&'static str, String), ReviewItem>,
    at: At<'_>,
) where
    F: FnMut(&mut Record, Option<Field>, &'static str, String, Option<String>),
{
    let text = rec.raw[field.index()].to_string();
    let header = field.header();
    let (code, message, suggestion): (&'static str, String, Option<String>) = if o.vague {
        (
            "material-vague",
            format!(
                "{header} `{text}` is too generic to identify a material: {}",
                o.why
            ),
            None,
        )
    } else {
        match o.decision {
            Decision::Auto => {
                let names = o
                    .hits
                    .iter()
                    .map(|h| h.name.as_str())
                    .collect::<Vec<_>>()
                    .join("、");
                rec.set_std(field, names);
                if o.hits.len() > 1 {
                    let code = if prefix == "dept" {
                        "dept-multiple"
                    } else {
                        "material-multiple"
                    };
                    emit(
                        rec,
                        Some(field),
                        code,
                        format!("{header} names {} entries: {}", o.hits.len(), o.why),
                        Some(o.joined()),
                    );
                }
                return;
            }
            Decision::Review => {
                let code = if prefix == "dept" {
                    "dept-review"
                } else {
                    "material-review"
                };
                (
                    code,
                    format!(
                        "{header} `{text}` probably means {} ({}), but a person must confirm",
                        o.joined(),
                        o.why
                    ),
                    Some(o.joined()),
                )
            }
            Decision::None => {
                let code = if prefix == "dept" {
                    "dept-unmatched"
                } else {
                    "material-unmatched"
                };
                (
                    code,
                    format!("{header} `{text}` matches no dictionary entry ({})", o.why),
                    None,
                )
            }
        }
    };
    emit(rec, Some(field), code, message, suggestion.clone());
    if o.never {
        // Already decided by a reviewer: flagged, but not asked again.
        return;
    }
    to_review(review, at, (header, text.clone()), || ReviewItem {
        field: header,
        text: text.clone(),
        suggestion: if o.decision == Decision::Review {
            o.joined()
        } else {
            String::new()
        },
        score: o.score(),
        candidates: o
            .candidates
            .iter()
            .map(|h| format!("{} ({:.2})", h.name, h.score))
            .collect::<Vec<_>>()
            .join("; "),
        why: o.why.clone(),
        code,
        places: Vec::new(),
    });
}

fn apply_method<F>(
    rec: &mut Record,
    mo: &MethodOutcome,
    emit: &mut F,
    review: &mut BTreeMap<(&'static str, String), ReviewItem>,
    at: At<'_>,
) where
    F: FnMut(&mut Record, Option<Field>, &'static str, String, Option<String>),
{
    let text = rec.raw[Field::Method.index()].to_string();
    let (code, message, suggestion): (&'static str, String, String) = match &mo.class {
        MethodClass::Method { name } => {
            rec.set_std(Field::Method, name.clone());
            rec.method = Some(name.clone());
            return;
        }
        MethodClass::Missing => (
            "method-missing",
            "使用方式 is blank: choose 不减, 取消, 数据核验, 电子证照核验 or 告知承诺".into(),
            String::new(),
        ),
        MethodClass::ReduceUnstated => (
            "method-unclear",
            format!(
                "使用方式 `{text}` {}: choose 数据核验, 电子证照核验, 告知承诺 or 取消",
                mo.why
            ),
            String::new(),
        ),
        MethodClass::Undecided => (
            "method-unclear",
            format!("使用方式 `{text}` is {}: decide the method", mo.why),
            String::new(),
        ),
        MethodClass::Unrecognised => (
            "method-unclear",
            format!("使用方式 `{text}` names no known method"),
            String::new(),
        ),
        MethodClass::Conflict { names } => (
            "method-conflict",
            format!("使用方式 `{text}` {}: choose one", mo.why),
            names.join("|"),
        ),
    };
    emit(
        rec,
        Some(Field::Method),
        code,
        message,
        (!suggestion.is_empty()).then(|| suggestion.clone()),
    );
    to_review(review, at, (Field::Method.header(), text.clone()), || {
        ReviewItem {
            field: Field::Method.header(),
            text: text.clone(),
            suggestion,
            score: 0.0,
            candidates: String::new(),
            why: mo.why.clone(),
            code,
            places: Vec::new(),
        }
    });
}

/// Where a cell is, for 待复核's 位置 column.
#[derive(Clone, Copy)]
struct At<'a> {
    file: &'a str,
    sheet: &'a str,
    col: Option<u32>,
    row: u32,
}

/// Adds a place to the review item for `key`, creating the item on first sight.
fn to_review(
    review: &mut BTreeMap<(&'static str, String), ReviewItem>,
    at: At<'_>,
    key: (&'static str, String),
    item: impl FnOnce() -> ReviewItem,
) {
    let cell = at
        .col
        .map(|c| format!("{}{}", col_letters(c), at.row))
        .unwrap_or_else(|| format!("{0}:{0}", at.row));
    review
        .entry(key)
        .or_insert_with(item)
        .places
        .push(format!("{}:{}!{cell}", at.file, at.sheet));
}

/// Rules over several rows: duplicates and inconsistent methods, across all inputs.
fn row_rules(out: &mut Standardized, tables: &[Table], levels: &Levels) {
    let by_sheet: HashMap<(&str, &str), &Table> =
        tables.iter().map(|t| ((&*t.file, &*t.sheet), t)).collect();
    let col_of = |file: &str, sheet: &str, f: Field| -> Option<u32> {
        by_sheet
            .get(&(file, sheet))
            .and_then(|t| t.field_cols.get(&f).copied())
    };
    let key = |r: &Record, with_requester: bool| -> Option<String> {
        let m = compact(r.std(Field::Material));
        let i = compact(r.std(Field::Item));
        if m.is_empty() || i.is_empty() {
            return None;
        }
        let q = if with_requester {
            compact(r.std(Field::Requester))
        } else {
            String::new()
        };
        Some(format!(
            "{q}\u{1}{i}\u{1}{}\u{1}{m}",
            compact(r.std(Field::Situation))
        ))
    };
    let mut first: HashMap<String, usize> = HashMap::default();
    let base = out.findings.len();
    let mut extra: Vec<Finding> = Vec::new();
    let mut add =
        |out: &mut Standardized, idx: usize, code: &'static str, field: Field, message: String| {
            let Some(level) = levels.of(code) else { return };
            let text = out.strings.get(&out.records[idx].raw[field.index()]);
            let message = out.strings.get(&message);
            let r = &mut out.records[idx];
            if !r.codes.contains(&code) {
                r.codes.push(code);
            }
            r.findings.push((base + extra.len()) as u32);
            let slot = &mut r.flagged[field.index()];
            *slot = Some(slot.map_or(level, |l| l.max(level)));
            extra.push(Finding {
                file: r.file.clone(),
                sheet: r.sheet.clone(),
                row: Some(r.row),
                cell: col_of(&r.file, &r.sheet, field)
                    .map(|c| format!("{}{}", col_letters(c), r.row)),
                code,
                level,
                field: field.header(),
                text,
                message,
                suggestion: None,
            });
        };
    for idx in 0..out.records.len() {
        let Some(k) = key(&out.records[idx], true) else {
            continue;
        };
        match first.get(&k) {
            Some(&f) => {
                let o = &out.records[f];
                let msg = format!(
                    "the same requirement as {}:{} row {}",
                    o.file, o.sheet, o.row
                );
                add(out, idx, "duplicate-row", Field::Material, msg);
            }
            None => {
                first.insert(k, idx);
            }
        }
    }
    // Kept by one row, reduced by another, for the same item, situation and material.
    let mut by_item: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for idx in 0..out.records.len() {
        if let (Some(k), Some(_)) = (key(&out.records[idx], false), &out.records[idx].method) {
            by_item.entry(k).or_default().push(idx);
        }
    }
    for idxs in by_item.values() {
        let keep: Vec<usize> = idxs
            .iter()
            .copied()
            .filter(|&i| out.records[i].method.as_deref() == Some(methods::KEEP))
            .collect();
        let reduce: Vec<usize> = idxs
            .iter()
            .copied()
            .filter(|&i| {
                out.records[i]
                    .method
                    .as_deref()
                    .is_some_and(|m| m != methods::KEEP)
            })
            .collect();
        if keep.is_empty() || reduce.is_empty() {
            continue;
        }
        for &i in keep.iter().chain(&reduce) {
            let other = if keep.contains(&i) {
                reduce[0]
            } else {
                keep[0]
            };
            let o = &out.records[other];
            let msg = format!(
                "{} for this material and item, but {} at {}:{} row {}",
                out.records[i].method.clone().unwrap_or_default(),
                o.method.clone().unwrap_or_default(),
                o.file,
                o.sheet,
                o.row
            );
            add(out, i, "method-inconsistent", Field::Method, msg);
        }
    }
    out.findings.extend(extra);
}
