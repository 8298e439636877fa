//! Standardize: turns ingested tables into standardized records and findings.
//!
//! Composes the matching engines, the method classifier and the row rules. Each distinct
//! (field kind, text, context) is matched once, in parallel, then applied to every row that
//! holds it. Invariant: one [`Record`] per input data row, in input order.

// Keyed by cell texts, hashed millions of times: FxHash, not SipHash (no untrusted keys here
// that could be chosen to collide).
use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;

use crate::cell::{A1, Interner, Name, name_id as id};
use crate::dictionary::Dictionaries;
use crate::ingest::Table;
use crate::matching::{Context, Decision, Engine, Matchers, Outcome, Region};
use crate::methods::{self, Classifier, MethodClass, MethodOutcome};
use crate::normalize::{compact, split_list};
use crate::rules::{Finding, Levels};
use crate::rules::{Level, RULES, quote};
use crate::schema::Field;

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

/// What a distinct (field, text, outcome) does to every row that holds it, worked out once.
#[derive(Default)]
struct Applied {
    /// The standardized text, when accepted.
    std: Option<Name>,
    /// The accepted standard names.
    names: Vec<Name>,
    /// Their dictionary entries.
    ids: Vec<usize>,
    /// The finding each such row gets: code, message, suggestion.
    finding: Option<(&'static str, Name, Option<Name>)>,
    /// The row of 待复核 it adds a place to.
    review: Option<usize>,
}

/// Review items by (field header, text), in first-seen order.
#[derive(Default)]
struct Review {
    items: Vec<ReviewItem>,
    index: HashMap<(&'static str, usize), usize>,
}

impl Review {
    /// The item for `text` in `field`, made by `item` on first sight.
    fn item(
        &mut self,
        field: &'static str,
        text: &Name,
        item: impl FnOnce() -> ReviewItem,
    ) -> usize {
        let n = self.items.len();
        let i = *self.index.entry((field, id(text))).or_insert(n);
        if i == n {
            self.items.push(item());
        }
        i
    }

    /// Counts an occurrence of item `i`, keeping the first places.
    fn add(&mut self, i: usize, at: PlaceAt) {
        let item = &mut self.items[i];
        item.count += 1;
        if item.places.len() < PLACES_KEPT {
            let cell = at.col.map(|col| A1 { col, row: at.row });
            item.places
                .push(crate::rules::place(&at.file, &at.sheet, Some(at.row), cell));
        }
    }
}

/// A 使用方式 worked out once: what it does to a row, and its message when a method that needs
/// a 行政依据 has none.
struct MethodApplied {
    a: Applied,
    no_basis: Option<Name>,
}

/// A responsibility inferred for rows whose 责任单位名称 is blank.
struct Inferred {
    names: Vec<Name>,
    std: Name,
    message: Name,
}

fn inferred(names: Vec<Name>, whence: &str, strings: &mut Interner) -> Inferred {
    let joined = names.iter().map(|n| &**n).collect::<Vec<_>>().join("、");
    Inferred {
        std: strings.get(&joined),
        message: strings.get(&format!(
            "责任单位名称 is blank; inferred {joined} from {whence}"
        )),
        names,
    }
}

/// A material's messages for methods that do not fit it.
struct MaterialChecks {
    /// 电子证照核验 on a material that is not a 证照.
    not_licence: Option<Name>,
    /// The data items to suggest when 数据核验 lists none.
    typical: Option<Name>,
}

/// Messages that do not depend on the row.
struct Fixed {
    required: [Name; Field::COUNT],
    unknown: Name,
    no_fields: Name,
    data_check: Name,
    empty: Name,
}

/// Everything a sheet's rows are standardized from, read-only.
struct RowTables<'a> {
    levels: &'a Levels,
    outcomes: &'a [Outcome],
    applied: &'a HashMap<(u32, Field), Applied>,
    methods_of: &'a HashMap<usize, MethodApplied>,
    fields_of: &'a HashMap<usize, Name>,
    from_source: &'a HashMap<u32, Inferred>,
    from_material: &'a HashMap<u32, Inferred>,
    material_checks: &'a HashMap<u32, MaterialChecks>,
    fixed: &'a Fixed,
}

/// A sheet, its records and their lookup keys.
type SheetRows<'a> = (&'a Table, &'a mut [Record], &'a [[u32; 4]]);

/// A sheet's findings (row findings index into them) and its review places, in row order.
struct SheetDone {
    findings: Vec<Finding>,
    places: Vec<(usize, PlaceAt)>,
}

/// Where a cell to review is.
#[derive(Clone)]
struct PlaceAt {
    file: Name,
    sheet: Name,
    col: Option<u32>,
    row: u32,
}

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

impl RowTables<'_> {
    /// Standardizes one sheet's rows.
    fn sheet(&self, t: &Table, recs: &mut [Record], keys: &[[u32; 4]]) -> SheetDone {
        let mut cols = [None; Field::COUNT];
        for (f, c) in &t.field_cols {
            cols[f.index()] = Some(*c);
        }
        let mut done = SheetDone {
            findings: Vec::new(),
            places: Vec::new(),
        };
        let place = |f: Field, row: u32| PlaceAt {
            file: t.file.clone(),
            sheet: t.sheet.clone(),
            col: cols[f.index()],
            row,
        };
        for (rec, k) in recs.iter_mut().zip(keys) {
            let mut emit = |rec: &mut Record, field: Option<Field>, code, message, suggestion| {
                self.emit(
                    &mut done.findings,
                    rec,
                    &cols,
                    field,
                    code,
                    message,
                    suggestion,
                )
            };
            let fx = self.fixed;
            for f in Field::ALL.iter().filter(|f| f.required()) {
                if *f != Field::Method && blank(&rec.raw[f.index()]) {
                    emit(
                        rec,
                        Some(*f),
                        "required-missing",
                        fx.required[f.index()].clone(),
                        None,
                    );
                }
            }

            // Departments and material.
            for (slot, f) in LOOKED_UP.iter().enumerate() {
                if k[slot] == NONE {
                    continue;
                }
                let a = &self.applied[&(k[slot], *f)];
                if let Some(s) = &a.std {
                    rec.set_std(*f, s);
                }
                if let Some((code, m, sugg)) = &a.finding {
                    emit(rec, Some(*f), code, m.clone(), sugg.clone());
                }
                if let Some(i) = a.review {
                    done.places.push((i, place(*f, rec.row)));
                }
            }
            let names_of = |slot: usize| -> &[Name] {
                if k[slot] == NONE {
                    return &[];
                }
                &self.applied[&(k[slot], LOOKED_UP[slot])].names
            };

            // 数据字段: one list, one separator.
            let fields = &self.fields_of[&id(&rec.raw[Field::Fields.index()])];
            rec.set_std(Field::Fields, fields);

            // Responsible department: given, else 材料来源, else the material's issuer.
            let given = !blank(&rec.raw[Field::Responsible.index()]);
            if given {
                rec.responsible = names_of(2).to_vec();
            } else {
                let inf = (k[1] != NONE)
                    .then(|| self.from_source.get(&k[1]))
                    .flatten()
                    .or_else(|| {
                        (k[3] != NONE)
                            .then(|| self.from_material.get(&k[3]))
                            .flatten()
                    });
                if let Some(inf) = inf {
                    rec.set_std(Field::Responsible, &inf.std);
                    emit(
                        rec,
                        Some(Field::Responsible),
                        "responsible-inferred",
                        inf.message.clone(),
                        Some(inf.std.clone()),
                    );
                    rec.responsible = inf.names.clone();
                }
            }
            if rec.responsible.is_empty()
                && !(given
                    && k[2] != NONE
                    && self.outcomes[k[2] as usize].decision != Decision::Auto)
            {
                emit(
                    rec,
                    Some(Field::Responsible),
                    "responsible-unknown",
                    fx.unknown.clone(),
                    None,
                );
            }

            // 使用方式.
            let ma = &self.methods_of[&id(&rec.raw[Field::Method.index()])];
            if let Some(s) = &ma.a.std {
                rec.set_std(Field::Method, s);
                rec.method = Some(s.clone());
            }
            if let Some((code, m, sugg)) = &ma.a.finding {
                emit(rec, Some(Field::Method), code, m.clone(), sugg.clone());
            }
            if let Some(i) = ma.a.review {
                done.places.push((i, place(Field::Method, rec.row)));
            }

            // Method against material and row.
            if let Some(m) = rec.method.clone() {
                let checks = (k[3] != NONE)
                    .then(|| self.material_checks.get(&k[3]))
                    .flatten();
                if *m == *methods::ELICENCE_CHECK
                    && let Some(msg) = checks.and_then(|c| c.not_licence.clone())
                {
                    emit(
                        rec,
                        Some(Field::Method),
                        "method-mismatch",
                        msg,
                        Some(fx.data_check.clone()),
                    );
                }
                if *m == *methods::DATA_CHECK && fields.is_empty() {
                    let sugg = checks.and_then(|c| c.typical.clone());
                    emit(
                        rec,
                        Some(Field::Fields),
                        "method-mismatch",
                        fx.no_fields.clone(),
                        sugg,
                    );
                }
                if (*m == *methods::CANCEL || *m == *methods::COMMITMENT)
                    && blank(&rec.raw[Field::LegalBasis.index()])
                    && let Some(msg) = ma.no_basis.clone()
                {
                    emit(rec, Some(Field::LegalBasis), "method-no-basis", msg, None);
                }
            }
        }
        done
    }

    /// Records a finding on `rec` (a no-op when the rule is off); the row keeps its index in
    /// `findings`.
    #[allow(clippy::too_many_arguments)]
    fn emit(
        &self,
        findings: &mut Vec<Finding>,
        rec: &mut Record,
        cols: &[Option<u32>; Field::COUNT],
        field: Option<Field>,
        code: &'static str,
        message: Name,
        suggestion: Option<Name>,
    ) {
        let Some(level) = self.levels.of(code) else {
            return;
        };
        if let Some(f) = field {
            let slot = &mut rec.flagged[f.index()];
            *slot = Some(slot.map_or(level, |l: Level| l.max(level)));
        }
        rec.code_bits |= rule_bit(code).unwrap_or(0);
        rec.findings.push(findings.len() as u32);
        findings.push(Finding {
            file: rec.file.clone(),
            sheet: rec.sheet.clone(),
            row: Some(rec.row),
            cell: field
                .and_then(|f| cols[f.index()])
                .map(|col| A1 { col, row: rec.row }),
            code,
            level,
            field: field.map(|f| f.header()).unwrap_or_default(),
            text: field.map_or_else(|| self.fixed.empty.clone(), |f| rec.raw[f.index()].clone()),
            message,
            suggestion,
        });
    }
}

/// Runs matching, classification and row rules over the tables.
pub fn standardize(
    tables: &mut [Table],
    dict: &Dictionaries,
    matchers: &Matchers,
    classifier: &Classifier,
    levels: &Levels,
) -> Standardized {
    let mut strings = Interner::default();

    // Records first. Ingest interned every cell: equal texts are one string, compared by
    // address from here on.
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
        // The rows move into the records: each cell is held once.
        for r in std::mem::take(&mut t.rows) {
            records.push(Record {
                file: t.file.clone(),
                sheet: t.sheet.clone(),
                row: r.row,
                raw: r.values,
                std_over: Vec::new(),
                flagged: [None; Field::COUNT],
                extras: extra_ids.iter().copied().zip(r.extras).collect(),
                code_bits: 0,
                findings: Vec::new(),
                responsible: Vec::new(),
                method: None,
            });
        }
        spans.push(start..records.len());
    }

    // The region of each distinct requester, resolved once, in parallel: it is the context
    // of that row's 材料来源 and 责任单位名称.
    let mut requesters: Vec<&Name> = records
        .iter()
        .map(|r| &r.raw[Field::Requester.index()])
        .filter(|v| !v.is_empty())
        .collect();
    requesters.sort_unstable_by_key(|n| id(n));
    requesters.dedup_by_key(|n| id(n));
    let req_region: HashMap<usize, Option<Region>> = requesters
        .par_iter()
        .map(|r| (id(r), resolved_region(&matchers.dept, r)))
        .collect();
    // Context: the region of each sheet's submitting unit (填报单位, else first requester).
    let sheet_ctx: Vec<Option<Region>> = tables
        .iter()
        .zip(&spans)
        .map(|(t, span)| {
            let from_submitter = t
                .submitter
                .as_deref()
                .and_then(|s| resolved_region(&matchers.dept, s));
            from_submitter.or_else(|| {
                records[span.clone()]
                    .iter()
                    .map(|r| &r.raw[Field::Requester.index()])
                    .find(|v| !v.is_empty())
                    .and_then(|v| req_region.get(&id(v)).copied().flatten())
            })
        })
        .collect();
    let row_context = |requester: &Name, sheet: Option<Region>| -> Option<Region> {
        req_region.get(&id(requester)).copied().flatten().or(sheet)
    };

    // Distinct lookups, matched once each, in parallel. Each row keeps the index of its
    // lookups for 需求单位名称, 材料来源, 责任单位名称 and 材料名称.
    let mut keys: Vec<(Which, Name, Option<Region>)> = Vec::new();
    let mut key_index: HashMap<(Which, usize, Option<Region>), u32> = HashMap::default();
    let mut row_keys: Vec<[u32; 4]> = Vec::with_capacity(records.len());
    for (span, ctx) in spans.iter().zip(&sheet_ctx) {
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
    drop(key_index);
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

    crate::trace("matched");

    // What each distinct (lookup, field), 使用方式, 数据字段 and inference does to a row is
    // worked out once, in the order rows first show it; then the rows are done in parallel,
    // one sheet per task, from these read-only tables.
    let mut review = Review::default();
    let mut applied: HashMap<(u32, Field), Applied> = HashMap::default();
    let mut methods_of: HashMap<usize, MethodApplied> = HashMap::default();
    let mut fields_of: HashMap<usize, Name> = HashMap::default();
    for (r, k) in records.iter().zip(&row_keys) {
        for (slot, f) in LOOKED_UP.iter().enumerate() {
            if k[slot] != NONE {
                applied.entry((k[slot], *f)).or_insert_with(|| {
                    make_applied(
                        &outcomes[k[slot] as usize],
                        *f,
                        &r.raw[f.index()],
                        &mut review,
                        &mut strings,
                    )
                });
            }
        }
        let m = &r.raw[Field::Method.index()];
        methods_of.entry(id(m)).or_insert_with(|| {
            let mo = classifier.classify(m);
            let a = make_method_applied(&mo, m, &mut review, &mut strings);
            let no_basis = a
                .std
                .as_ref()
                .map(|name| strings.get(&format!("{name} without a 行政依据")));
            MethodApplied { a, no_basis }
        });
        let fr = &r.raw[Field::Fields.index()];
        fields_of
            .entry(id(fr))
            .or_insert_with(|| strings.get(&split_list(fr).join("、")));
    }
    // Responsibility inferred from 材料来源 (by its lookup) or from the material's issuer
    // (by the material's lookup), and the material's checks against the method.
    let mut from_source: HashMap<u32, Inferred> = HashMap::default();
    let mut from_material: HashMap<u32, Inferred> = HashMap::default();
    let mut material_checks: HashMap<u32, MaterialChecks> = HashMap::default();
    for ((k, f), a) in &applied {
        match f {
            Field::Source if !a.names.is_empty() => {
                from_source.insert(*k, inferred(a.names.clone(), "材料来源", &mut strings));
            }
            Field::Material if !a.ids.is_empty() => {
                let entries: Vec<_> = a
                    .ids
                    .iter()
                    .filter_map(|&i| dict.materials.get(i))
                    .collect();
                let issuers: Vec<Name> = entries
                    .iter()
                    .filter(|m| !m.issuer.is_empty())
                    .map(|m| strings.get(&m.issuer))
                    .collect();
                if !issuers.is_empty() {
                    let whence = "the material's issuer in the dictionary";
                    from_material.insert(*k, inferred(issuers, whence, &mut strings));
                }
                let cats: Vec<&str> = entries.iter().map(|m| m.category.as_str()).collect();
                let not_licence =
                    !cats.is_empty() && cats.iter().all(|c| !c.is_empty() && *c != "证照");
                let typical: Vec<&str> = entries
                    .iter()
                    .flat_map(|m| m.fields.iter().map(String::as_str))
                    .take(5)
                    .collect();
                let std = a.std.as_deref().unwrap_or_default();
                material_checks.insert(
                    *k,
                    MaterialChecks {
                        not_licence: not_licence.then(|| {
                            strings.get(&format!(
                                "电子证照核验 on {std}, which is a {} and not a 证照",
                                cats.join("/")
                            ))
                        }),
                        typical: (!typical.is_empty()).then(|| {
                            strings.get(&format!(
                                "list the 数据字段 to check, e.g. {}",
                                typical.join("、")
                            ))
                        }),
                    },
                );
            }
            _ => {}
        }
    }
    let fixed = Fixed {
        required: Field::ALL.map(|f| strings.get(&format!("{} is blank", f.header()))),
        unknown: strings.get("no responsible department: 责任单位名称 and 材料来源 are blank or unresolved and the material has no known issuer"),
        no_fields: strings.get("数据核验 with no 数据字段: say which data items are to be checked"),
        data_check: strings.get(methods::DATA_CHECK),
        empty: strings.get(""),
    };
    let shared = RowTables {
        levels,
        outcomes: &outcomes,
        applied: &applied,
        methods_of: &methods_of,
        fields_of: &fields_of,
        from_source: &from_source,
        from_material: &from_material,
        material_checks: &material_checks,
        fixed: &fixed,
    };

    // One task per sheet over its own rows; findings and review places are gathered per
    // sheet and joined in input order, so the result is the same as one pass.
    let mut slices: Vec<SheetRows> = Vec::with_capacity(tables.len());
    let mut rest: &mut [Record] = &mut records;
    for (t, span) in tables.iter().zip(&spans) {
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
    for (d, span) in done.into_iter().zip(&spans) {
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
    drop(applied);
    let mut out = Standardized {
        records,
        findings,
        review: Vec::new(),
        extras,
        strings,
    };
    row_rules(&mut out, tables, levels);
    out.review = review.items;
    out.review.sort_by(|a, b| {
        field_rank(a.field)
            .cmp(&field_rank(b.field))
            .then(b.count.cmp(&a.count))
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

/// What a match outcome does to the rows of one field that hold `text`.
fn make_applied(
    o: &Outcome,
    field: Field,
    text: &Name,
    review: &mut Review,
    strings: &mut Interner,
) -> Applied {
    let header = field.header();
    let dept = field != Field::Material;
    let mut a = Applied::default();
    let (code, message, suggestion): (&'static str, String, Option<String>) = if o.vague {
        (
            "material-vague",
            format!(
                "{header} `{}` is too generic to identify a material: {}",
                quote(text),
                o.why
            ),
            None,
        )
    } else {
        match o.decision {
            Decision::Auto => {
                a.names = o.hits.iter().map(|h| strings.get(&h.name)).collect();
                a.ids = o.hits.iter().map(|h| h.id).collect();
                let joined = a.names.iter().map(|n| &**n).collect::<Vec<_>>().join("、");
                a.std = Some(strings.get(&joined));
                if o.hits.len() > 1 {
                    let code = if dept {
                        "dept-multiple"
                    } else {
                        "material-multiple"
                    };
                    a.finding = Some((
                        code,
                        strings.get(&format!(
                            "{header} names {} entries: {}",
                            o.hits.len(),
                            o.why
                        )),
                        Some(strings.get(&o.joined())),
                    ));
                }
                return a;
            }
            Decision::Review => (
                if dept {
                    "dept-review"
                } else {
                    "material-review"
                },
                format!(
                    "{header} `{}` probably means {} ({}), but a person must confirm",
                    quote(text),
                    o.joined(),
                    o.why
                ),
                Some(o.joined()),
            ),
            Decision::None => (
                if dept {
                    "dept-unmatched"
                } else {
                    "material-unmatched"
                },
                format!(
                    "{header} `{}` matches no dictionary entry ({})",
                    quote(text),
                    o.why
                ),
                None,
            ),
        }
    };
    a.finding = Some((
        code,
        strings.get(&message),
        suggestion.map(|s| strings.get(&s)),
    ));
    if o.never {
        // Already decided by a reviewer: flagged, but not asked again.
        return a;
    }
    a.review = Some(review.item(header, text, || {
        ReviewItem {
            field: header,
            text: text.to_string(),
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
            count: 0,
        }
    }));
    a
}

/// What a 使用方式 classification does to the rows that hold `text`.
fn make_method_applied(
    mo: &MethodOutcome,
    text: &Name,
    review: &mut Review,
    strings: &mut Interner,
) -> Applied {
    let mut a = Applied::default();
    let (code, message, suggestion): (&'static str, String, String) = match &mo.class {
        MethodClass::Method { name } => {
            a.std = Some(strings.get(name));
            return a;
        }
        MethodClass::Missing => (
            "method-missing",
            "使用方式 is blank: choose 不减, 取消, 数据核验, 电子证照核验 or 告知承诺".into(),
            String::new(),
        ),
        MethodClass::ReduceUnstated => (
            "method-unclear",
            format!(
                "使用方式 `{}` {}: choose 数据核验, 电子证照核验, 告知承诺 or 取消",
                quote(text),
                mo.why
            ),
            String::new(),
        ),
        MethodClass::Undecided => (
            "method-unclear",
            format!(
                "使用方式 `{}` is {}: decide the method",
                quote(text),
                mo.why
            ),
            String::new(),
        ),
        MethodClass::Unrecognised => (
            "method-unclear",
            format!("使用方式 `{}` names no known method", quote(text)),
            String::new(),
        ),
        MethodClass::Conflict { names } => (
            "method-conflict",
            format!("使用方式 `{}` {}: choose one", quote(text), mo.why),
            names.join("|"),
        ),
    };
    a.finding = Some((
        code,
        strings.get(&message),
        (!suggestion.is_empty()).then(|| strings.get(&suggestion)),
    ));
    let header = Field::Method.header();
    a.review = Some(review.item(header, text, || ReviewItem {
        field: header,
        text: text.to_string(),
        suggestion,
        score: 0.0,
        candidates: String::new(),
        why: mo.why.clone(),
        code,
        places: Vec::new(),
        count: 0,
    }));
    a
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
            });
        };
    let mut first: HashMap<[usize; 4], usize> = HashMap::default();
    for (idx, k) in keys.iter().enumerate() {
        let Some(k) = k else { continue };
        match first.get(k) {
            Some(&f) => {
                let o = &out.records[f];
                let msg = format!(
                    "the same requirement as {}:{} row {}",
                    o.file, o.sheet, o.row
                );
                add(out, idx, "duplicate-row", Field::Material, msg);
            }
            None => {
                first.insert(*k, idx);
            }
        }
    }
    // Kept by one row, reduced by another, for the same item, situation and material. Groups
    // in order of their first row, so the findings come out in a stable order.
    let mut group_of: HashMap<[usize; 3], usize> = HashMap::default();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (idx, k) in keys.iter().enumerate() {
        if let (Some([_, i, s, m]), Some(_)) = (k, &out.records[idx].method) {
            let n = groups.len();
            let g = *group_of.entry([*i, *s, *m]).or_insert(n);
            if g == n {
                groups.push(Vec::new());
            }
            groups[g].push(idx);
        }
    }
    for idxs in &groups {
        let is_keep = |i: usize| out.records[i].method.as_deref() == Some(methods::KEEP);
        let keep: Vec<usize> = idxs.iter().copied().filter(|&i| is_keep(i)).collect();
        let reduce: Vec<usize> = idxs.iter().copied().filter(|&i| !is_keep(i)).collect();
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
                out.records[i].method.as_deref().unwrap_or_default(),
                o.method.as_deref().unwrap_or_default(),
                o.file,
                o.sheet,
                o.row
            );
            add(out, i, "method-inconsistent", Field::Method, msg);
        }
    }
    out.findings.extend(extra);
}
