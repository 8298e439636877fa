//! Standard dictionaries: departments, materials, reduction methods, header synonyms and
//! material terms, loaded from CSV.
//!
//! The defaults under `dictionaries/` are embedded in the binary. `--dict DIR` replaces each
//! file that DIR holds and falls back to the embedded one for the rest (SPEC "Dictionaries").
//! A bad file is an [`Error`] naming the file, the line and the problem; nothing is skipped.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::normalize::{compact, header_key};
use crate::schema::Field;

/// The dictionary files qingdan knows, with their embedded defaults.
pub const FILES: [(&str, &str); 10] = [
    (
        "departments.csv",
        include_str!("../dictionaries/departments.csv"),
    ),
    (
        "materials.csv",
        include_str!("../dictionaries/materials.csv"),
    ),
    ("methods.csv", include_str!("../dictionaries/methods.csv")),
    ("headers.csv", include_str!("../dictionaries/headers.csv")),
    (
        "material_terms.csv",
        include_str!("../dictionaries/material_terms.csv"),
    ),
    (
        "never_match.csv",
        include_str!("../dictionaries/never_match.csv"),
    ),
    (
        "data_items.csv",
        include_str!("../dictionaries/data_items.csv"),
    ),
    (
        "catalog_classes.csv",
        include_str!("../dictionaries/catalog_classes.csv"),
    ),
    ("reforms.csv", include_str!("../dictionaries/reforms.csv")),
    (
        "lookalikes.csv",
        include_str!("../dictionaries/lookalikes.csv"),
    ),
];

/// Data item types of the resource catalog (信息项类型).
pub const ITEM_TYPES: [&str; 5] = ["字符型", "数值型", "日期型", "布尔型", "二进制"];

/// A standard data item (信息项) with the names requirement lists use for it.
#[derive(Debug, Clone, Default)]
pub struct DataItem {
    /// Standard name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// One of [`ITEM_TYPES`], or empty.
    pub itype: String,
}

/// A keyword that places a material in the catalog's basic classification (基础目录).
#[derive(Debug, Clone, Default)]
pub struct CatalogClass {
    /// Found in the material's name.
    pub keyword: String,
    /// 自然人, 法人单位, 空间地理 or 电子证照.
    pub base: String,
    /// Subclass (身份, 婚育, 注册登记 …); may be empty.
    pub subclass: String,
}

/// Which level of government a row of reforms.csv applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Ministries and other national bodies.
    National,
    /// Provinces, cities, districts and counties.
    Local,
    /// Both.
    Any,
}

/// How the names of a row of reforms.csv relate to its current name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// Names before a reorganisation (机构改革) or a change of certificate.
    Former,
    /// Common names in use nationwide.
    Common,
    /// Names of a body that was split (邮政局 into the regulator 邮政管理局 and the operator
    /// 邮政公司): the old name may mean either, so a match through it is only a suggestion.
    Split,
}

/// One row of reforms.csv: nationwide knowledge of other names of a department type
/// (工商行政管理局 for 市场监督管理局) or of a material (户口本 for 居民户口簿). It applies to the
/// entries the dictionary has, never adding one.
#[derive(Debug, Clone)]
pub struct Reform {
    /// `dept` or `material`.
    pub kind: String,
    /// Departments only: the level of government the row holds for.
    pub scope: Scope,
    /// The current type name (市场监督管理局, the core of a department's name after its region)
    /// or standard material name.
    pub current: String,
    /// Other names of it.
    pub names: Vec<String>,
    /// Former or common names.
    pub relation: Relation,
    /// Said in explanations (2018 机构改革 …).
    pub note: String,
    /// Line in its file, for messages.
    pub line: usize,
}

/// A standard department.
#[derive(Debug, Clone, Default)]
pub struct Department {
    /// Official full name.
    pub name: String,
    /// Short and common names.
    pub aliases: Vec<String>,
    /// Names before reorganisations.
    pub former_names: Vec<String>,
    /// Catalog prefix code (资源目录前段码); may be empty.
    pub code: String,
    /// Region (上海市, a district, 国家); may be empty.
    pub region: String,
    /// Line in its file, for messages.
    pub line: usize,
}

/// Material categories (SPEC).
pub const CATEGORIES: [&str; 5] = ["证照", "证明", "合同协议", "申请表", "其他"];

/// A standard material.
#[derive(Debug, Clone, Default)]
pub struct Material {
    /// Standard name.
    pub name: String,
    /// Common names.
    pub aliases: Vec<String>,
    /// Issuing department's standard name; may be empty.
    pub issuer: String,
    /// One of [`CATEGORIES`], or empty.
    pub category: String,
    /// Typical data fields.
    pub fields: Vec<String>,
    /// Line in its file, for messages.
    pub line: usize,
}

/// What a row of methods.csv says about a 使用方式 cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodKind {
    /// A standard reduction method (or 不减).
    Method,
    /// "Reduce", without saying how.
    ReduceUnstated,
    /// Not decided yet.
    Undecided,
    /// A negation marker that turns the reduction after it into 不减.
    Negation,
}

/// One row of methods.csv.
#[derive(Debug, Clone)]
pub struct MethodEntry {
    /// Standard method name, or a label for the non-method kinds.
    pub name: String,
    /// What the phrases indicate.
    pub kind: MethodKind,
    /// Phrases found inside cells.
    pub phrases: Vec<String>,
}

/// What a row of material_terms.csv is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    /// Describes the form of a copy (复印件, 原件): removed before lookup.
    Qualifier,
    /// Names whose copy it is (法人, 申请人): removed when the rest resolves.
    Holder,
    /// Too generic to name a material (相关证明材料).
    Vague,
}

/// One row of material_terms.csv.
#[derive(Debug, Clone)]
pub struct MaterialTerm {
    /// The term, compacted.
    pub term: String,
    /// Its role.
    pub kind: TermKind,
}

/// All dictionaries of a run.
#[derive(Debug, Clone, Default)]
pub struct Dictionaries {
    /// Standard departments.
    pub departments: Vec<Department>,
    /// Standard materials.
    pub materials: Vec<Material>,
    /// Method phrases.
    pub methods: Vec<MethodEntry>,
    /// Header synonyms: compacted header text -> field.
    pub headers: HashMap<String, Field>,
    /// Material qualifiers, holders and vague terms.
    pub material_terms: Vec<MaterialTerm>,
    /// Texts reviewers decided must match nothing: (kind `dept` or `material`, text).
    pub never_match: Vec<(String, String)>,
    /// Standard data items.
    pub data_items: Vec<DataItem>,
    /// Basic-classification keywords.
    pub catalog_classes: Vec<CatalogClass>,
    /// Nationwide former and common names of department types and materials.
    pub reforms: Vec<Reform>,
    /// Groups of characters often confused for one another by their shape (形近字).
    pub lookalikes: Vec<String>,
    /// Where each file came from (`embedded` or a path), in [`FILES`] order.
    pub origins: Vec<(String, String)>,
}

impl Dictionaries {
    /// The embedded defaults.
    pub fn embedded() -> Result<Dictionaries> {
        Dictionaries::load(None)
    }

    /// Loads the defaults, replacing each file that `dir` holds.
    pub fn load(dir: Option<&Path>) -> Result<Dictionaries> {
        if let Some(d) = dir
            && !d.is_dir()
        {
            return Err(Error::new(format!(
                "dictionary folder `{}` does not exist or is not a folder",
                d.display()
            )));
        }
        let mut texts = Vec::new();
        for (name, embedded) in FILES {
            let over = dir.map(|d| d.join(name)).filter(|p| p.is_file());
            match over {
                Some(p) => {
                    let bytes = std::fs::read(&p).map_err(|e| {
                        Error::new(format!("could not read dictionary `{}`: {e}", p.display()))
                    })?;
                    let text = String::from_utf8(bytes).map_err(|_| {
                        Error::new(format!("dictionary `{}` is not UTF-8", p.display()))
                            .hint("save it as CSV UTF-8")
                    })?;
                    texts.push((name, p.display().to_string(), text));
                }
                None => texts.push((name, "embedded".to_string(), embedded.to_string())),
            }
        }
        let mut d = Dictionaries::default();
        for (name, origin, text) in &texts {
            let label = if origin == "embedded" {
                format!("dictionaries/{name} (embedded)")
            } else {
                origin.clone()
            };
            let table = CsvTable::parse(&label, text)?;
            match *name {
                "departments.csv" => d.departments = parse_departments(&table)?,
                "materials.csv" => d.materials = parse_materials(&table)?,
                "methods.csv" => d.methods = parse_methods(&table)?,
                "headers.csv" => d.headers = parse_headers(&table)?,
                "material_terms.csv" => d.material_terms = parse_terms(&table)?,
                "never_match.csv" => d.never_match = parse_never(&table)?,
                "data_items.csv" => d.data_items = parse_items(&table)?,
                "catalog_classes.csv" => d.catalog_classes = parse_classes(&table)?,
                "reforms.csv" => d.reforms = parse_reforms(&table)?,
                "lookalikes.csv" => d.lookalikes = parse_lookalikes(&table)?,
                _ => unreachable!("FILES lists every name"),
            }
            d.origins.push((name.to_string(), origin.clone()));
        }
        Ok(d)
    }

    /// The text of a dictionary file: DIR's when it has one, else the embedded default.
    pub fn file_text(dir: Option<&Path>, name: &str) -> Result<(String, bool)> {
        if let Some(p) = dir.map(|d| d.join(name)).filter(|p| p.is_file()) {
            let text = std::fs::read_to_string(&p).map_err(|e| {
                Error::new(format!("could not read dictionary `{}`: {e}", p.display()))
            })?;
            return Ok((text, true));
        }
        let embedded = FILES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| t.to_string())
            .ok_or_else(|| Error::new(format!("no dictionary file named {name}")))?;
        Ok((embedded, false))
    }

    /// Looks a department up by its exact standard name.
    pub fn department(&self, name: &str) -> Option<&Department> {
        self.departments.iter().find(|x| x.name == name)
    }

    /// Looks a material up by its exact standard name.
    pub fn material(&self, name: &str) -> Option<&Material> {
        self.materials.iter().find(|x| x.name == name)
    }
}

/// A parsed CSV file: header and rows with their line numbers.
pub struct CsvTable {
    label: String,
    /// Column names, as in the header row.
    pub columns: Vec<String>,
    /// Rows with their line numbers.
    pub rows: Vec<(usize, Vec<String>)>,
}

impl CsvTable {
    /// Parses CSV text; `label` names the file in messages.
    pub fn parse(label: &str, text: &str) -> Result<CsvTable> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(text.as_bytes());
        let columns: Vec<String> = rdr
            .headers()
            .map_err(|e| Error::new(format!("{label}: line 1: {e}")))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        let mut rows = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                Error::new(format!(
                    "{label}: line {line}: malformed CSV: {}",
                    csv_reason(&e)
                ))
            })?;
            let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
            if rec.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            rows.push((line, rec.iter().map(|c| c.trim().to_string()).collect()));
        }
        Ok(CsvTable {
            label: label.to_string(),
            columns,
            rows,
        })
    }

    /// Checks the header against `required` and `optional` columns; returns column positions.
    fn columns(&self, required: &[&str], optional: &[&str]) -> Result<HashMap<String, usize>> {
        let mut map = HashMap::new();
        for (i, c) in self.columns.iter().enumerate() {
            if !required.contains(&c.as_str()) && !optional.contains(&c.as_str()) {
                let mut all: Vec<&str> = required.to_vec();
                all.extend(optional);
                return Err(Error::new(format!(
                    "{}: line 1: unknown column `{c}`; the columns are {}",
                    self.label,
                    all.join(", ")
                )));
            }
            if map.insert(c.clone(), i).is_some() {
                return Err(Error::new(format!(
                    "{}: line 1: column `{c}` appears twice",
                    self.label
                )));
            }
        }
        for r in required {
            if !map.contains_key(*r) {
                return Err(Error::new(format!(
                    "{}: line 1: the required column `{r}` is missing (header: {})",
                    self.label,
                    self.columns.join(",")
                )));
            }
        }
        Ok(map)
    }

    /// The row's `name`, which must not be empty.
    fn name<'r>(
        &self,
        line: usize,
        row: &'r [String],
        cols: &HashMap<String, usize>,
    ) -> Result<&'r str> {
        let name = get(row, cols, "name");
        if name.is_empty() {
            return Err(self.err(line, "empty `name`"));
        }
        Ok(name)
    }

    /// `value` of column `col`, which must be one of `allowed` (or empty, when `may_be_empty`).
    fn choice<'v>(
        &self,
        line: usize,
        col: &str,
        value: &'v str,
        allowed: &[&str],
        may_be_empty: bool,
    ) -> Result<&'v str> {
        if allowed.contains(&value) || (may_be_empty && value.is_empty()) {
            return Ok(value);
        }
        let tail = if may_be_empty { " or empty" } else { "" };
        Err(self.err(
            line,
            format!(
                "`{col}` is `{value}`; it must be one of {}{tail}",
                allowed.join(" ")
            ),
        ))
    }

    fn err(&self, line: usize, msg: impl std::fmt::Display) -> Error {
        Error::new(format!("{}: line {line}: {msg}", self.label))
    }
}

fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} fields where the header has {expected_len}"),
        _ => e.to_string(),
    }
}

fn get<'a>(row: &'a [String], cols: &HashMap<String, usize>, name: &str) -> &'a str {
    cols.get(name).map(|&i| row[i].as_str()).unwrap_or("")
}

fn list(s: &str) -> Vec<String> {
    s.split('|')
        .map(|x| x.trim().to_string())
        .filter(|x| !x.is_empty())
        .collect()
}

fn parse_departments(t: &CsvTable) -> Result<Vec<Department>> {
    let cols = t.columns(&["name"], &["aliases", "former_names", "code", "region"])?;
    let mut out = Vec::with_capacity(t.rows.len());
    for (line, row) in &t.rows {
        let name = t.name(*line, row, &cols)?;
        out.push(Department {
            name: name.to_string(),
            aliases: list(get(row, &cols, "aliases")),
            former_names: list(get(row, &cols, "former_names")),
            code: get(row, &cols, "code").to_string(),
            region: get(row, &cols, "region").to_string(),
            line: *line,
        });
    }
    Ok(out)
}

fn parse_materials(t: &CsvTable) -> Result<Vec<Material>> {
    let cols = t.columns(&["name"], &["aliases", "issuer", "category", "fields"])?;
    let mut out = Vec::with_capacity(t.rows.len());
    for (line, row) in &t.rows {
        let name = t.name(*line, row, &cols)?;
        let category = t.choice(
            *line,
            "category",
            get(row, &cols, "category"),
            &CATEGORIES,
            true,
        )?;
        out.push(Material {
            name: name.to_string(),
            aliases: list(get(row, &cols, "aliases")),
            issuer: get(row, &cols, "issuer").to_string(),
            category: category.to_string(),
            fields: list(get(row, &cols, "fields")),
            line: *line,
        });
    }
    Ok(out)
}

fn parse_methods(t: &CsvTable) -> Result<Vec<MethodEntry>> {
    let cols = t.columns(&["name", "kind", "phrases"], &[])?;
    let mut out = Vec::new();
    for (line, row) in &t.rows {
        let name = t.name(*line, row, &cols)?;
        let kind = match get(row, &cols, "kind") {
            "method" => MethodKind::Method,
            "reduce-unstated" => MethodKind::ReduceUnstated,
            "undecided" => MethodKind::Undecided,
            "negation" => MethodKind::Negation,
            k => {
                return Err(t.err(
                    *line,
                    format!(
                        "`kind` is `{k}`; it must be method, reduce-unstated, undecided or negation"
                    ),
                ));
            }
        };
        let mut phrases: Vec<String> = list(get(row, &cols, "phrases"))
            .iter()
            .map(|p| compact(p))
            .filter(|p| !p.is_empty())
            .collect();
        if kind == MethodKind::Method {
            let n = compact(name);
            if !phrases.contains(&n) {
                phrases.push(n);
            }
        }
        out.push(MethodEntry {
            name: name.to_string(),
            kind,
            phrases,
        });
    }
    Ok(out)
}

fn parse_headers(t: &CsvTable) -> Result<HashMap<String, Field>> {
    let cols = t.columns(&["field"], &["header", "synonyms"])?;
    let mut map: HashMap<String, Field> = HashMap::new();
    for (line, row) in &t.rows {
        let key = get(row, &cols, "field");
        let field = Field::from_key(key).ok_or_else(|| {
            t.err(
                *line,
                format!(
                    "unknown field `{key}`; the fields are {}",
                    Field::ALL.map(|f| f.key()).join(", ")
                ),
            )
        })?;
        let mut names = vec![field.header().to_string()];
        names.extend(list(get(row, &cols, "synonyms")));
        for n in names {
            let k = header_key(&n);
            if let Some(prev) = map.insert(k.clone(), field)
                && prev != field
            {
                return Err(t.err(
                    *line,
                    format!(
                        "header synonym `{n}` is given to both `{}` and `{}`",
                        prev.key(),
                        field.key()
                    ),
                ));
            }
        }
    }
    for f in Field::ALL {
        map.entry(header_key(f.header())).or_insert(f);
    }
    Ok(map)
}

fn parse_never(t: &CsvTable) -> Result<Vec<(String, String)>> {
    let cols = t.columns(&["kind", "text"], &["note"])?;
    let mut out = Vec::new();
    for (line, row) in &t.rows {
        let kind = get(row, &cols, "kind");
        if kind != "dept" && kind != "material" {
            return Err(t.err(
                *line,
                format!("`kind` is `{kind}`; it must be dept or material"),
            ));
        }
        let text = get(row, &cols, "text");
        if text.is_empty() {
            return Err(t.err(*line, "empty `text`"));
        }
        out.push((kind.to_string(), text.to_string()));
    }
    Ok(out)
}

fn parse_items(t: &CsvTable) -> Result<Vec<DataItem>> {
    let cols = t.columns(&["name"], &["aliases", "type"])?;
    let mut out = Vec::new();
    for (line, row) in &t.rows {
        let name = t.name(*line, row, &cols)?;
        let itype = t.choice(*line, "type", get(row, &cols, "type"), &ITEM_TYPES, true)?;
        out.push(DataItem {
            name: name.to_string(),
            aliases: list(get(row, &cols, "aliases")),
            itype: itype.to_string(),
        });
    }
    Ok(out)
}

/// The catalog's basic classes (基础目录).
pub const BASE_CLASSES: [&str; 4] = ["自然人", "法人单位", "空间地理", "电子证照"];

fn parse_classes(t: &CsvTable) -> Result<Vec<CatalogClass>> {
    let cols = t.columns(&["keyword", "base"], &["subclass"])?;
    let mut out = Vec::new();
    for (line, row) in &t.rows {
        let base = t.choice(*line, "base", get(row, &cols, "base"), &BASE_CLASSES, false)?;
        out.push(CatalogClass {
            keyword: get(row, &cols, "keyword").to_string(),
            base: base.to_string(),
            subclass: get(row, &cols, "subclass").to_string(),
        });
    }
    Ok(out)
}

fn parse_reforms(t: &CsvTable) -> Result<Vec<Reform>> {
    let cols = t.columns(
        &["kind", "current", "names", "relation"],
        &["level", "note"],
    )?;
    let mut out = Vec::new();
    for (line, row) in &t.rows {
        let kind = t.choice(
            *line,
            "kind",
            get(row, &cols, "kind"),
            &["dept", "material"],
            false,
        )?;
        let level = match t.choice(
            *line,
            "level",
            get(row, &cols, "level"),
            &["national", "local"],
            true,
        )? {
            "national" => Scope::National,
            "local" => Scope::Local,
            _ => Scope::Any,
        };
        if kind == "material" && level != Scope::Any {
            return Err(t.err(
                *line,
                "`level` is for departments; leave it empty for a material",
            ));
        }
        let relation = match t.choice(
            *line,
            "relation",
            get(row, &cols, "relation"),
            &["former", "common", "split"],
            false,
        )? {
            "former" => Relation::Former,
            "split" => Relation::Split,
            _ => Relation::Common,
        };
        let current = compact(get(row, &cols, "current"));
        if current.is_empty() {
            return Err(t.err(*line, "empty `current`"));
        }
        let names: Vec<String> = list(get(row, &cols, "names"))
            .iter()
            .map(|n| compact(n))
            .filter(|n| !n.is_empty())
            .collect();
        if names.is_empty() {
            return Err(t.err(*line, "empty `names`"));
        }
        if let Some(n) = names.iter().find(|n| **n == current) {
            return Err(t.err(
                *line,
                format!("`{n}` is both the current name and another name"),
            ));
        }
        out.push(Reform {
            kind: kind.to_string(),
            scope: level,
            current,
            names,
            relation,
            note: get(row, &cols, "note").to_string(),
            line: *line,
        });
    }
    Ok(out)
}

fn parse_lookalikes(t: &CsvTable) -> Result<Vec<String>> {
    let cols = t.columns(&["chars"], &["note"])?;
    let mut out = Vec::new();
    for (line, row) in &t.rows {
        let chars = compact(get(row, &cols, "chars"));
        let n = chars.chars().count();
        if n < 2 {
            return Err(t.err(*line, "`chars` needs two or more characters"));
        }
        let mut seen: Vec<char> = chars.chars().collect();
        seen.sort_unstable();
        seen.dedup();
        if seen.len() != n {
            return Err(t.err(*line, format!("`chars` `{chars}` repeats a character")));
        }
        out.push(chars);
    }
    Ok(out)
}

fn parse_terms(t: &CsvTable) -> Result<Vec<MaterialTerm>> {
    let cols = t.columns(&["term", "kind"], &["note"])?;
    let mut out = Vec::new();
    for (line, row) in &t.rows {
        let term = compact(get(row, &cols, "term"));
        if term.is_empty() {
            return Err(t.err(*line, "empty `term`"));
        }
        let kind = match get(row, &cols, "kind") {
            "qualifier" => TermKind::Qualifier,
            "holder" => TermKind::Holder,
            "vague" => TermKind::Vague,
            k => {
                return Err(t.err(
                    *line,
                    format!("`kind` is `{k}`; it must be qualifier, holder or vague"),
                ));
            }
        };
        out.push(MaterialTerm { term, kind });
    }
    Ok(out)
}
