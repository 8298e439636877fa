//! Learn: turns reviewers' decisions in 待复核 into dictionary entries.
//!
//! Decisions become aliases (接受 / 改为), never-match entries (不匹配) or method phrases.
//! Nothing is written unless every decision is valid: a decision naming a standard that does
//! not exist, or an alias that would point at two standards, refuses the whole batch.

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
            Change::Alias { file, .. } => file,
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
            } => format!("{file}: alias {alias} -> {standard}"),
            Change::Never { kind, text } => {
                format!("never_match.csv: {kind} `{text}` matches nothing")
            }
            Change::Phrase { method, phrase } => {
                format!("methods.csv: phrase {phrase} -> {method}")
            }
        }
    }
}

/// Reads the decided rows of the 待复核 sheet of a workbook `clean` wrote.
pub fn read_review(path: &Path) -> Result<Vec<Decided>> {
    let label = path.display().to_string();
    let mut wb = calamine::open_workbook_auto(path)
        .map_err(|e| Error::new(format!("`{label}`: not a readable workbook: {e}")))?;
    let range = wb.worksheet_range("待复核").map_err(|_| {
        Error::new(format!("`{label}`: no sheet 待复核"))
            .hint("give the 标准化需求清单.xlsx that qingdan clean wrote, after review")
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
            .ok_or_else(|| Error::new(format!("`{label}`: sheet 待复核 has no column {name}")))
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
    for d in decided {
        let at = format!("待复核 row {}", d.row);
        let field = Field::ALL
            .into_iter()
            .find(|f| f.header() == d.field)
            .ok_or_else(|| Error::new(format!("{at}: unknown 字段 `{}`", d.field)))?;
        let target = match d.decision.as_str() {
            "接受" => d.suggestion.clone(),
            "改为" => {
                if d.standard.is_empty() {
                    return Err(Error::new(format!(
                        "{at}: 决定 is 改为 but 标准名称 is empty"
                    )));
                }
                d.standard.clone()
            }
            "不匹配" => String::new(),
            other => {
                return Err(Error::new(format!(
                    "{at}: 决定 `{other}` is not 接受, 改为 or 不匹配"
                )));
            }
        };
        let text = d.text.trim().to_string();
        if text.is_empty() {
            notes.push(format!("{at}: blank 原始文本, nothing to learn"));
            continue;
        }
        match field.matched() {
            Matched::Method => {
                if target.is_empty() {
                    notes.push(format!("{at}: 不匹配 has no meaning for 使用方式; skipped"));
                    continue;
                }
                if !methods.contains(&target.as_str()) {
                    return Err(Error::new(format!(
                        "{at}: `{target}` is not a standard method ({})",
                        methods.join(" ")
                    )));
                }
                changes.push(Change::Phrase {
                    method: target,
                    phrase: text,
                });
            }
            Matched::Department | Matched::Material => {
                let (kind, file, owners) = if field.matched() == Matched::Department {
                    ("dept", "departments.csv", &dept_owner)
                } else {
                    ("material", "materials.csv", &mat_owner)
                };
                if target.is_empty() {
                    changes.push(Change::Never { kind, text });
                    continue;
                }
                if target.contains('|') {
                    notes.push(format!("{at}: `{text}` names several ({target}); a cell naming several is not learnt as an alias"));
                    continue;
                }
                let exists = if kind == "dept" {
                    dict.department(&target).is_some()
                } else {
                    dict.material(&target).is_some()
                };
                if !exists {
                    return Err(Error::new(format!(
                        "{at}: `{target}` is not a standard name in {file}"
                    ))
                    .hint("type the 标准名称 exactly as the dictionary's name column has it"));
                }
                let c = compact(&text);
                if kind == "dept" && (c.starts_with('区') || c.starts_with("本区")) {
                    notes.push(format!("{at}: `{text}` depends on the submitting unit's district; not learnt as an alias"));
                    continue;
                }
                if let Some(owner) = owners.get(&c) {
                    if *owner == target {
                        notes.push(format!("{at}: `{text}` is already a name of {target}"));
                        continue;
                    }
                    return Err(Error::new(format!(
                        "{at}: `{text}` is already a name of {owner}; it cannot also mean {target}"
                    )));
                }
                match batch.get(&(kind, c.clone())) {
                    Some(prev) if *prev != target => {
                        return Err(Error::new(format!(
                            "{at}: `{text}` is decided as {prev} and as {target}"
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
            Matched::No => notes.push(format!("{at}: 字段 {} is not matched; skipped", d.field)),
        }
    }
    Ok((changes, notes))
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
                        .ok_or_else(|| Error::new(format!("{label}: no entry {standard}")))?;
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

fn set(columns: &[String], row: &mut [String], name: &str, value: &str) {
    if let Some(i) = columns.iter().position(|c| c == name) {
        row[i] = value.to_string();
    }
}
