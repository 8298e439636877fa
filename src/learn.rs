//! Learn: turns reviewers' decisions in 待复核 into dictionary entries.
//!
//! Decisions become aliases (接受 / 改为), never-match entries (不匹配), method phrases, or new
//! standard entries (新增). Nothing is written unless every decision is valid: a decision
//! naming a standard that does not exist, or an alias that would point at two standards,
//! refuses the whole batch. What the dictionaries already hold is not written again, so a
//! second run on the same workbook changes nothing.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};

use crate::dictionary::{CsvTable, Dictionaries};
use crate::error::{Error, Result};
use crate::normalize::compact;
use crate::schema::{Field, Matched};

/// One decided row of 待复核.
#[derive(Debug, Clone)]
pub struct Decided {
    /// Row in the sheet (Excel numbering).
    pub row: u32,
    /// 字段.
    pub field: String,
    /// 原始文本.
    pub text: String,
    /// 建议.
    pub suggestion: String,
    /// 决定.
    pub decision: String,
    /// 标准名称.
    pub standard: String,
}

/// A change to a dictionary file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// Add `alias` to the entry `standard` of `file`.
    Alias {
        /// departments.csv or materials.csv.
        file: &'static str,
        /// The entry's standard name.
        standard: String,
        /// The new alias (the original text).
        alias: String,
    },
    /// The text must match nothing.
    Never {
        /// `dept` or `material`.
        kind: &'static str,
        /// The text.
        text: String,
    },
    /// A new standard entry, with the original text as its alias when it differs.
    Entry {
        /// departments.csv or materials.csv.
        file: &'static str,
        /// The new standard name.
        name: String,
        /// The original text, when it is not the name itself.
        alias: Option<String>,
        /// A department's region (闵行区, 上海市), inferred from its name; may be empty.
        region: String,
    },
    /// Add a phrase to a method of methods.csv.
    Phrase {
        /// The standard method.
        method: String,
        /// The phrase (the original text).
        phrase: String,
    },
}

impl Change {
    /// The dictionary file it changes.
    pub fn file(&self) -> &'static str {
        match self {
            Change::Alias { file, .. } | Change::Entry { file, .. } => file,
            Change::Never { .. } => "never_match.csv",
            Change::Phrase { .. } => "methods.csv",
        }
    }

    /// One line for reports.
    pub fn describe(&self) -> String {
        match self {
            Change::Alias {
                file,
                standard,
                alias,
            } => crate::tr!(
                "learn.alias",
                file = file,
                alias = alias,
                standard = standard
            ),
            Change::Never { kind, text } => {
                crate::tr!("learn.never", kind = kind, text = text)
            }
            Change::Phrase { method, phrase } => {
                crate::tr!("learn.phrase", phrase = phrase, method = method)
            }
            Change::Entry {
                file,
                name,
                alias,
                region,
            } => {
                let mut s = crate::tr!("learn.entry", file = file, name = name);
                if let Some(a) = alias {
                    s.push_str(&crate::tr!("learn.entry_alias", alias = a));
                }
                if !region.is_empty() {
                    s.push_str(&crate::tr!("learn.entry_region", region = region));
                }
                s
            }
        }
    }
}

/// Reads the decided rows of the 待复核 sheet of a workbook `clean` wrote.
pub fn read_review(path: &Path) -> Result<Vec<Decided>> {
    let label = path.display().to_string();
    let mut wb = calamine::open_workbook_auto(path)
        .map_err(|e| Error::new(crate::tr!("learn.not_workbook", label = label, e = e)))?;
    let range = wb.worksheet_range("待复核").map_err(|_| {
        Error::new(crate::tr!("learn.no_review_sheet", label = label))
            .hint(crate::tr!("learn.no_review_sheet_hint"))
    })?;
    let mut rows = range.rows();
    let header: Vec<String> = rows
        .next()
        .map(|r| r.iter().map(crate::ingest::cell_text).collect())
        .unwrap_or_default();
    let col = |name: &str| -> Result<usize> {
        header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| Error::new(crate::tr!("learn.no_column", label = label, name = name)))
    };
    let (cf, ct, cs, cd, cn) = (
        col("字段")?,
        col("原始文本")?,
        col("建议")?,
        col("决定")?,
        col("标准名称")?,
    );
    let start = range.start().map(|s| s.0).unwrap_or(0);
    let mut out = Vec::new();
    for (i, r) in rows.enumerate() {
        let get = |c: usize| r.get(c).map(cell).unwrap_or_default();
        let decision = get(cd);
        if decision.is_empty() {
            continue;
        }
        out.push(Decided {
            row: start + i as u32 + 2,
            field: get(cf),
            text: get(ct),
            suggestion: get(cs),
            decision,
            standard: get(cn),
        });
    }
    Ok(out)
}

fn cell(d: &Data) -> String {
    crate::ingest::cell_text(d).trim().to_string()
}

/// Plans the changes for decided rows against the dictionaries in force. Errors name the row.
pub fn plan(decided: &[Decided], dict: &Dictionaries) -> Result<(Vec<Change>, Vec<String>)> {
    let mut dept_owner: HashMap<String, String> = HashMap::new();
    for d in &dict.departments {
        for n in std::iter::once(&d.name)
            .chain(&d.aliases)
            .chain(&d.former_names)
        {
            dept_owner
                .entry(compact(n))
                .or_insert_with(|| d.name.clone());
        }
    }
    let mut mat_owner: HashMap<String, String> = HashMap::new();
    for m in &dict.materials {
        for n in std::iter::once(&m.name).chain(&m.aliases) {
            mat_owner
                .entry(compact(n))
                .or_insert_with(|| m.name.clone());
        }
    }
    let methods: Vec<&str> = dict
        .methods
        .iter()
        .filter(|m| m.kind == crate::dictionary::MethodKind::Method)
        .map(|m| m.name.as_str())
        .collect();
    let mut changes: Vec<Change> = Vec::new();
    let mut notes = Vec::new();
    let mut batch: HashMap<(&'static str, String), String> = HashMap::new();
    let mut regions: Option<crate::matching::Engine> = None;
    for d in decided {
        let at = format!("待复核 row {}", d.row);
        let field = Field::ALL
            .into_iter()
            .find(|f| f.header() == d.field)
            .ok_or_else(|| {
                Error::new(crate::tr!("learn.unknown_field", at = at, field = d.field))
            })?;
        let target = match d.decision.as_str() {
            "接受" => d.suggestion.clone(),
            "改为" => {
                if d.standard.is_empty() {
                    return Err(Error::new(crate::tr!("learn.change_blank", at = at)));
                }
                d.standard.clone()
            }
            "不匹配" => String::new(),
            "新增" => {
                if d.standard.is_empty() {
                    return Err(Error::new(crate::tr!("learn.new_blank", at = at)));
                }
                d.standard.clone()
            }
            other => {
                return Err(Error::new(crate::tr!(
                    "learn.bad_decision",
                    at = at,
                    other = other
                )));
            }
        };
        let new_entry = d.decision == "新增";
        let text = d.text.trim().to_string();
        if text.is_empty() {
            notes.push(crate::tr!("learn.blank_text", at = at));
            continue;
        }
        match field.matched() {
            Matched::Method => {
                if target.is_empty() || new_entry {
                    notes.push(crate::tr!(
                        "learn.method_decision",
                        at = at,
                        decision = d.decision
                    ));
                    continue;
                }
                if !methods.contains(&target.as_str()) {
                    return Err(Error::new(crate::tr!(
                        "learn.not_method",
                        at = at,
                        target = target,
                        methods = methods.join(" ")
                    )));
                }
                if has_phrase(dict, &target, &text) {
                    notes.push(crate::tr!(
                        "learn.phrase_known",
                        at = at,
                        text = text,
                        target = target
                    ));
                    continue;
                }
                let change = Change::Phrase {
                    method: target,
                    phrase: text,
                };
                if !changes.contains(&change) {
                    changes.push(change);
                }
            }
            Matched::Department | Matched::Material => {
                let (kind, file, owners) = if field.matched() == Matched::Department {
                    ("dept", "departments.csv", &dept_owner)
                } else {
                    ("material", "materials.csv", &mat_owner)
                };
                if target.is_empty() {
                    let c = compact(&text);
                    let known = dict
                        .never_match
                        .iter()
                        .any(|(k, t)| k == kind && compact(t) == c);
                    let change = Change::Never { kind, text };
                    if known {
                        notes.push(crate::tr!("learn.never_known", at = at));
                    } else if !changes.contains(&change) {
                        changes.push(change);
                    }
                    continue;
                }
                if target.contains('|') {
                    notes.push(crate::tr!(
                        "learn.several",
                        at = at,
                        text = text,
                        target = target
                    ));
                    continue;
                }
                let exists = if kind == "dept" {
                    dict.department(&target).is_some()
                } else {
                    dict.material(&target).is_some()
                };
                let c = compact(&text);
                let relative = kind == "dept" && (c.starts_with('区') || c.starts_with("本区"));
                if new_entry && !exists {
                    for n in [&target, &text] {
                        if let Some(owner) = owners.get(&compact(n))
                            && !(relative && n == &text)
                        {
                            return Err(Error::new(crate::tr!(
                                "learn.new_exists",
                                at = at,
                                n = n,
                                owner = owner
                            )));
                        }
                    }
                    // 区教育局 names the entry only on that district's lists: not its alias.
                    let alias = if relative {
                        target.as_str()
                    } else {
                        text.as_str()
                    };
                    let add = (kind, file);
                    match new_entry_change(
                        dict,
                        &mut regions,
                        &mut batch,
                        add,
                        &target,
                        alias,
                        &at,
                    )? {
                        Some(c) => changes.push(c),
                        None => notes.push(crate::tr!("learn.new_twice", at = at, target = target)),
                    }
                    continue;
                }
                if !exists {
                    return Err(Error::new(crate::tr!(
                        "learn.not_standard",
                        at = at,
                        target = target,
                        file = file
                    ))
                    .hint(crate::tr!("learn.not_standard_hint")));
                }
                // 区卫健委 decided as 闵行区's body is 闵行区卫健委: the district's own short name.
                let (text, c) = if relative {
                    match district_alias(dict, &target, &c) {
                        Some(a) => {
                            let ca = compact(&a);
                            (a, ca)
                        }
                        None => {
                            notes.push(crate::tr!("learn.relative", at = at, text = text));
                            continue;
                        }
                    }
                } else {
                    (text, c)
                };
                if let Some(owner) = owners.get(&c) {
                    if *owner == target {
                        notes.push(crate::tr!(
                            "learn.alias_known",
                            at = at,
                            text = text,
                            target = target
                        ));
                        continue;
                    }
                    return Err(Error::new(crate::tr!(
                        "learn.alias_taken",
                        at = at,
                        text = text,
                        owner = owner,
                        target = target
                    )));
                }
                match batch.get(&(kind, c.clone())) {
                    Some(prev) if *prev != target => {
                        return Err(Error::new(crate::tr!(
                            "learn.decided_twice",
                            at = at,
                            text = text,
                            prev = prev,
                            target = target
                        )));
                    }
                    Some(_) => continue,
                    None => {
                        batch.insert((kind, c), target.clone());
                    }
                }
                changes.push(Change::Alias {
                    file,
                    standard: target,
                    alias: text,
                });
            }
            Matched::No => notes.push(crate::tr!(
                "learn.field_unmatched",
                at = at,
                field = d.field
            )),
        }
    }
    Ok((changes, notes))
}

/// A name relative to the submitting district (区卫健委, 本区民政局) with the district of the
/// department it was decided to mean (闵行区卫健委); `None` for a municipal department.
fn district_alias(dict: &Dictionaries, target: &str, text: &str) -> Option<String> {
    let region = &dict.department(target)?.region;
    let rest = text
        .strip_prefix("本区")
        .or_else(|| text.strip_prefix('区'))?;
    (region.ends_with(['区', '县']) && rest.chars().count() >= 2).then(|| format!("{region}{rest}"))
}

/// Whether methods.csv already has `phrase` for `method`.
fn has_phrase(dict: &Dictionaries, method: &str, phrase: &str) -> bool {
    let c = compact(phrase);
    dict.methods
        .iter()
        .filter(|m| m.name == method)
        .any(|m| m.phrases.iter().any(|p| compact(p) == c))
}

/// A 新增 decision: `name` becomes a standard entry of `file`, the original `text` its alias
/// and, for a department, the region its name says its region. `None` when the batch adds it
/// already with the same alias.
fn new_entry_change(
    dict: &Dictionaries,
    regions: &mut Option<crate::matching::Engine>,
    batch: &mut HashMap<(&'static str, String), String>,
    (kind, file): (&'static str, &'static str),
    name: &str,
    text: &str,
    at: &str,
) -> Result<Option<Change>> {
    for n in [name, text] {
        match batch.get(&(kind, compact(n))) {
            Some(prev) if prev != name => {
                return Err(Error::new(crate::tr!(
                    "learn.decided_twice_new",
                    at = at,
                    n = n,
                    prev = prev,
                    name = name
                )));
            }
            Some(_) if n == name => return Ok(None),
            _ => {}
        }
    }
    batch.insert((kind, compact(name)), name.to_string());
    batch.insert((kind, compact(text)), name.to_string());
    let region = if kind == "dept" {
        let e = regions.get_or_insert_with(|| {
            crate::matching::Engine::departments(dict, crate::matching::Thresholds::default())
        });
        e.region_in(name, true)
            .map(|r| e.region_label(r).to_string())
            .unwrap_or_default()
    } else {
        String::new()
    };
    Ok(Some(Change::Entry {
        file,
        name: name.to_string(),
        alias: (compact(text) != compact(name)).then(|| text.to_string()),
        region,
    }))
}

/// Applies changes to the dictionary files of `dir` (starting from the embedded defaults where
/// `dir` has none). Returns each changed file's path and new text; nothing is written here.
pub fn render(dir: &Path, changes: &[Change]) -> Result<Vec<(PathBuf, String)>> {
    let mut by_file: BTreeMap<&'static str, Vec<&Change>> = BTreeMap::new();
    for c in changes {
        by_file.entry(c.file()).or_default().push(c);
    }
    let mut out = Vec::new();
    for (file, cs) in by_file {
        let (text, _) = Dictionaries::file_text(Some(dir), file)?;
        let label = dir.join(file).display().to_string();
        let mut table = CsvTable::parse(&label, &text)?;
        match file {
            "never_match.csv" => {
                for c in cs {
                    if let Change::Never { kind, text } = c {
                        let mut row = vec![String::new(); table.columns.len()];
                        set(&table.columns, &mut row, "kind", kind);
                        set(&table.columns, &mut row, "text", text);
                        table.rows.push((0, row));
                    }
                }
            }
            _ => {
                let (key_col, list_col) = if file == "methods.csv" {
                    ("name", "phrases")
                } else {
                    ("name", "aliases")
                };
                if !table.columns.iter().any(|c| c == list_col) {
                    table.columns.push(list_col.to_string());
                    for (_, r) in &mut table.rows {
                        r.push(String::new());
                    }
                }
                let ki = table.columns.iter().position(|c| c == key_col).unwrap_or(0);
                let li = table
                    .columns
                    .iter()
                    .position(|c| c == list_col)
                    .unwrap_or(0);
                for c in cs {
                    let (standard, item) = match c {
                        Change::Alias {
                            standard, alias, ..
                        } => (standard, alias),
                        Change::Phrase { method, phrase } => (method, phrase),
                        Change::Entry {
                            name,
                            alias,
                            region,
                            ..
                        } => {
                            add_entry(&mut table, name, alias.as_deref(), region);
                            continue;
                        }
                        Change::Never { .. } => continue,
                    };
                    let row = table
                        .rows
                        .iter_mut()
                        .find(|(_, r)| {
                            r[ki] == *standard
                                && (file != "methods.csv"
                                    || r.get(
                                        table.columns.iter().position(|c| c == "kind").unwrap_or(0),
                                    )
                                    .is_some_and(|k| k == "method"))
                        })
                        .ok_or_else(|| {
                            Error::new(crate::tr!(
                                "learn.no_entry",
                                label = label,
                                standard = standard
                            ))
                        })?;
                    let cell = &mut row.1[li];
                    if !cell.is_empty() {
                        cell.push('|');
                    }
                    cell.push_str(item);
                }
            }
        }
        let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
        let err = |e: csv::Error| Error::new(format!("{label}: {e}"));
        w.write_record(&table.columns).map_err(err)?;
        for (_, r) in &table.rows {
            w.write_record(r).map_err(err)?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| Error::new(format!("{label}: {e}")))?;
        out.push((dir.join(file), String::from_utf8_lossy(&bytes).into_owned()));
    }
    Ok(out)
}

/// Appends a new entry's row; a region column is added when the file has none and the
/// entry has a region.
fn add_entry(table: &mut CsvTable, name: &str, alias: Option<&str>, region: &str) {
    if !region.is_empty() && !table.columns.iter().any(|c| c == "region") {
        table.columns.push("region".to_string());
        for (_, r) in &mut table.rows {
            r.push(String::new());
        }
    }
    let mut row = vec![String::new(); table.columns.len()];
    set(&table.columns, &mut row, "name", name);
    set(
        &table.columns,
        &mut row,
        "aliases",
        alias.unwrap_or_default(),
    );
    set(&table.columns, &mut row, "region", region);
    table.rows.push((0, row));
}

fn set(columns: &[String], row: &mut [String], name: &str, value: &str) {
    if let Some(i) = columns.iter().position(|c| c == name) {
        row[i] = value.to_string();
    }
}
