//! Dictionary CSV files parsed: a header row, `|`-separated lists inside cells, and an error
//! naming the file, the line and the problem for anything malformed; nothing is skipped.

use std::collections::HashMap;

use rayon::prelude::*;

use super::entries::*;
use crate::error::{Error, Result};
use crate::normalize::{compact, header_key};
use crate::schema::Field;

/// A row's line number and trimmed cells.
type Row = (usize, Vec<String>);

/// A parsed CSV file: header and rows with their line numbers.
pub struct CsvTable {
    label: String,
    /// Column names, as in the header row.
    pub columns: Vec<String>,
    /// Rows with their line numbers.
    pub rows: Vec<Row>,
}

impl CsvTable {
    /// Parses CSV text; `label` names the file in messages.
    pub fn parse(label: &str, text: &str) -> Result<CsvTable> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        let columns: Vec<String> = rdr
            .headers()
            .map_err(|e| Error::new(format!("{label}: line 1: {e}")))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        let at = rdr.position();
        let body = text.get(at.byte() as usize..).unwrap_or("");
        // A national draft has 129,000 rows: its pieces are parsed on every core.
        let pieces = pieces(body, at.line() as usize);
        let parsed: Vec<Result<Vec<Row>>> = (pieces.par_iter())
            .map(|&(piece, line)| parse_piece(label, piece, line, columns.len()))
            .collect();
        let mut rows = Vec::new();
        for p in parsed {
            rows.extend(p?);
        }
        Ok(CsvTable {
            label: label.to_string(),
            columns,
            rows,
        })
    }

    /// Checks the header against `required` and `optional` columns; returns column positions.
    pub(crate) fn columns(
        &self,
        required: &[&str],
        optional: &[&str],
    ) -> Result<HashMap<String, usize>> {
        let mut map = HashMap::new();
        for (i, c) in self.columns.iter().enumerate() {
            if !required.contains(&c.as_str()) && !optional.contains(&c.as_str()) {
                let mut all: Vec<&str> = required.to_vec();
                all.extend(optional);
                let msg = crate::tr!("dict.unknown_column", column = c, all = all.join(", "));
                return Err(self.err(1, msg));
            }
            if map.insert(c.clone(), i).is_some() {
                return Err(self.err(1, crate::tr!("dict.column_twice", column = c)));
            }
        }
        for r in required {
            if !map.contains_key(*r) {
                let msg = crate::tr!(
                    "dict.column_missing",
                    column = r,
                    header = self.columns.join(",")
                );
                return Err(self.err(1, msg));
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
        let allowed = allowed.join(" ");
        let msg = if may_be_empty {
            crate::tr!(
                "dict.one_of_or_empty",
                col = col,
                value = value,
                allowed = allowed
            )
        } else {
            crate::tr!("dict.one_of", col = col, value = value, allowed = allowed)
        };
        Err(self.err(line, msg))
    }

    pub(crate) fn err(&self, line: usize, msg: impl std::fmt::Display) -> Error {
        Error::new(crate::tr!(
            "dict.at_line",
            file = self.label,
            line = line,
            msg = msg
        ))
    }
}

/// `body` cut at line ends into pieces of about a megabyte, each with its first line's number.
/// A quoted cell may hold a line end, so a body with any quote stays whole.
fn pieces(body: &str, first_line: usize) -> Vec<(&str, usize)> {
    const PIECE: usize = 1 << 20;
    let bytes = body.as_bytes();
    let mut cuts = vec![0];
    if memchr::memchr(b'"', bytes).is_none() {
        let mut at = PIECE;
        while at < bytes.len() {
            match memchr::memchr(b'\n', &bytes[at..]) {
                Some(i) => cuts.push(at + i + 1),
                None => break,
            }
            at = cuts[cuts.len() - 1] + PIECE;
        }
    }
    cuts.push(bytes.len());
    let mut line = first_line;
    let mut out = Vec::with_capacity(cuts.len());
    for w in cuts.windows(2).filter(|w| w[0] < w[1]) {
        let piece = &body[w[0]..w[1]];
        out.push((piece, line));
        line += memchr::memchr_iter(b'\n', piece.as_bytes()).count();
    }
    out
}

/// The rows of one piece that are not blank, with their line numbers; a row whose field
/// count differs from the header's is an error naming its line.
fn parse_piece(label: &str, piece: &str, first_line: usize, width: usize) -> Result<Vec<Row>> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(piece.as_bytes());
    let mut rec = csv::StringRecord::new();
    let mut rows = Vec::new();
    let malformed = |line: usize, why: String| {
        Error::new(format!("{label}: line {line}: malformed CSV: {why}"))
    };
    loop {
        let more = rdr.read_record(&mut rec).map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            malformed(first_line + line.max(1) - 1, csv_reason(&e))
        })?;
        if !more {
            return Ok(rows);
        }
        let line = first_line + rec.position().map_or(1, |p| p.line() as usize) - 1;
        if rec.len() != width {
            let why = crate::tr!("dict.field_count", len = rec.len(), expected = width);
            return Err(malformed(line, why));
        }
        if !rec.iter().all(|c| c.trim().is_empty()) {
            rows.push((line, rec.iter().map(|c| c.trim().to_string()).collect()));
        }
    }
}

fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => crate::tr!("dict.field_count", len = len, expected = expected_len),
        _ => e.to_string(),
    }
}

pub(crate) fn get<'a>(row: &'a [String], cols: &HashMap<String, usize>, name: &str) -> &'a str {
    cols.get(name).map(|&i| row[i].as_str()).unwrap_or("")
}

pub(crate) fn list(s: &str) -> Vec<String> {
    s.split('|')
        .map(|x| x.trim().to_string())
        .filter(|x| !x.is_empty())
        .collect()
}

pub(super) fn parse_departments(mut t: CsvTable) -> Result<Vec<Department>> {
    let cols = t.columns(
        &["name"],
        &["aliases", "former_names", "code", "region", "note"],
    )?;
    // Columns found once: a national draft has 129,000 rows.
    let at = |c: &str| cols.get(c).copied();
    let (aliases, former, code, region, note) = (
        at("aliases"),
        at("former_names"),
        at("code"),
        at("region"),
        at("note"),
    );
    let name = cols["name"];
    // Every core builds entries, moving the cells out of their rows; the first bad row in
    // file order is the error.
    let rows = std::mem::take(&mut t.rows);
    let out: Vec<Result<Department>> = (rows.into_par_iter())
        .map(|(line, mut row)| {
            t.name(line, &row, &cols)?;
            let mut take =
                |i: Option<usize>| i.map_or(String::new(), |i| std::mem::take(&mut row[i]));
            Ok(Department {
                name: take(Some(name)),
                aliases: list(&take(aliases)),
                former_names: list(&take(former)),
                code: take(code),
                region: take(region),
                note: take(note),
                line,
            })
        })
        .collect();
    out.into_iter().collect()
}

pub(super) fn parse_materials(t: &CsvTable) -> Result<Vec<Material>> {
    let cols = t.columns(
        &["name"],
        &[
            "aliases",
            "former_names",
            "issuer",
            "category",
            "fields",
            "note",
        ],
    )?;
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
            former_names: list(get(row, &cols, "former_names")),
            issuer: get(row, &cols, "issuer").to_string(),
            category: category.to_string(),
            fields: list(get(row, &cols, "fields")),
            note: get(row, &cols, "note").to_string(),
            line: *line,
        });
    }
    Ok(out)
}

pub(super) fn parse_methods(t: &CsvTable) -> Result<Vec<MethodEntry>> {
    let cols = t.columns(&["name", "kind", "phrases"], &[])?;
    let mut out = Vec::new();
    for (line, row) in &t.rows {
        let name = t.name(*line, row, &cols)?;
        let kind = match get(row, &cols, "kind") {
            "method" => MethodKind::Method,
            "reduce-unstated" => MethodKind::ReduceUnstated,
            "undecided" => MethodKind::Undecided,
            "negation" => MethodKind::Negation,
            "fetch" => MethodKind::Fetch,
            "check" => MethodKind::Check,
            "source" => MethodKind::Source,
            "not-submitted" => MethodKind::NotSubmitted,
            "outright" => MethodKind::Outright,
            "other" => MethodKind::Other,
            k => {
                return Err(t.err(
                    *line,
                    format!(
                        "`kind` is `{k}`; it must be method, fetch, reduce-unstated, not-submitted, check, source, outright, undecided, negation or other"
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

pub(super) fn parse_headers(t: &CsvTable) -> Result<HashMap<String, Field>> {
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

pub(super) fn parse_never(t: &CsvTable) -> Result<Vec<(String, String)>> {
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

pub(super) fn parse_external(t: &CsvTable) -> Result<Vec<String>> {
    let cols = t.columns(&["name"], &["note"])?;
    let mut out = Vec::new();
    for (line, row) in &t.rows {
        out.push(crate::normalize::compact(t.name(*line, row, &cols)?));
    }
    Ok(out)
}

pub(super) fn parse_former_regions(t: &CsvTable) -> Result<Vec<FormerRegion>> {
    let cols = t.columns(&["name", "current"], &["year", "note"])?;
    let mut out = Vec::new();
    for (line, row) in &t.rows {
        let name = compact(t.name(*line, row, &cols)?);
        let current = compact(get(row, &cols, "current"));
        if current.is_empty() {
            return Err(t.err(*line, "empty `current`"));
        }
        out.push(FormerRegion { name, current });
    }
    Ok(out)
}

pub(super) fn parse_items(t: &CsvTable) -> Result<Vec<DataItem>> {
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

pub(super) fn parse_classes(t: &CsvTable) -> Result<Vec<CatalogClass>> {
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

pub(super) fn parse_reforms(t: &CsvTable) -> Result<Vec<Reform>> {
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
            &["former", "common", "split", "shared"],
            false,
        )? {
            "former" => Relation::Former,
            "split" => Relation::Split,
            "shared" => Relation::Shared,
            _ => Relation::Common,
        };
        let current = compact(get(row, &cols, "current"));
        if current.is_empty() {
            return Err(t.err(*line, "empty `current`"));
        }
        // As written, so explanations quote Business License with its space; compared compacted.
        let names: Vec<String> = list(get(row, &cols, "names"))
            .into_iter()
            .filter(|n| !compact(n).is_empty())
            .collect();
        if names.is_empty() {
            return Err(t.err(*line, "empty `names`"));
        }
        if let Some(n) = names.iter().find(|n| compact(n) == current) {
            return Err(t.err(
                *line,
                format!("`{n}` is both the current name and another name"),
            ));
        }
        let note = get(row, &cols, "note").to_string();
        // The note is what a reviewer reads to choose: without it a shared name says nothing
        // of the others.
        if relation == Relation::Shared && note.trim().is_empty() {
            return Err(t.err(
                *line,
                "a `shared` name needs a `note` saying what else it names",
            ));
        }
        out.push(Reform {
            kind: kind.to_string(),
            scope: level,
            current,
            names,
            relation,
            note,
            line: *line,
        });
    }
    Ok(out)
}

pub(super) fn parse_lookalikes(t: &CsvTable) -> Result<Vec<String>> {
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

pub(super) fn parse_terms(t: &CsvTable) -> Result<Vec<MaterialTerm>> {
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
            "holder-end" => TermKind::HolderEnd,
            "lead" => TermKind::Lead,
            "place" => TermKind::Place,
            "vague" => TermKind::Vague,
            "generic" => TermKind::Generic,
            k => {
                return Err(t.err(
                    *line,
                    format!(
                        "`kind` is `{k}`; it must be qualifier, lead, holder, holder-end, place, vague or generic"
                    ),
                ));
            }
        };
        let note = get(row, &cols, "note").trim().to_string();
        if kind == TermKind::Generic && note.is_empty() {
            return Err(t.err(
                *line,
                "a `generic` term needs a `note` saying what it may mean",
            ));
        }
        out.push(MaterialTerm { term, kind, note });
    }
    Ok(out)
}

pub(super) fn parse_regions(t: &CsvTable) -> Result<Vec<AdminRegion>> {
    let cols = t.columns(&["code", "name", "level"], &["parent"])?;
    let mut out = Vec::with_capacity(t.rows.len());
    for (line, row) in &t.rows {
        let name = t.name(*line, row, &cols)?;
        let code = get(row, &cols, "code");
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(t.err(*line, format!("code `{code}` is not six digits")));
        }
        let level = match t.choice(
            *line,
            "level",
            get(row, &cols, "level"),
            &["province", "city", "county"],
            false,
        )? {
            "province" => AdminLevel::Province,
            "city" => AdminLevel::City,
            _ => AdminLevel::County,
        };
        out.push(AdminRegion {
            code: code.to_string(),
            name: name.to_string(),
            level,
            parent: get(row, &cols, "parent").to_string(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A header and `n` rows; row `i` is on line `i + 2`.
    fn big(n: usize, row: impl Fn(usize) -> String) -> String {
        let mut s = String::from("name,aliases,note\n");
        for i in 0..n {
            s.push_str(&row(i));
            s.push('\n');
        }
        s
    }

    #[test]
    fn a_large_body_is_cut_in_pieces_and_rows_keep_their_lines() {
        let text = big(60_000, |i| match i {
            7 => ",,".to_string(),
            _ => format!("部门{i},别名{i},"),
        });
        let body = &text["name,aliases,note\n".len()..];
        assert!(pieces(body, 2).len() > 1, "1.5 MB should be cut");
        let t = CsvTable::parse("t.csv", &text).unwrap();
        assert_eq!(t.rows.len(), 59_999, "the blank row is left out");
        for (line, row) in [&t.rows[0], &t.rows[7], &t.rows[59_998]] {
            assert_eq!(row[0], format!("部门{}", line - 2));
        }
        let quoted = text.replace("部门9,别名9,", "部门9,别名9,\"注,释\"");
        assert_eq!(pieces(&quoted["name,aliases,note\n".len()..], 2).len(), 1);
        let q = CsvTable::parse("t.csv", &quoted).unwrap();
        assert_eq!(q.rows[8].1[2], "注,释");
        let same =
            |a: &CsvTable, b: &CsvTable| a.rows.iter().zip(&b.rows).filter(|(x, y)| x != y).count();
        assert_eq!(same(&t, &q), 1);
    }

    #[test]
    fn a_row_with_another_field_count_names_its_line_in_any_piece() {
        let text = big(60_000, |i| match i {
            50_000 => format!("部门{i},别名{i},,多余"),
            _ => format!("部门{i},别名{i},"),
        });
        let e = CsvTable::parse("t.csv", &text).err().expect("an error");
        let msg = e.to_string();
        assert!(msg.contains("t.csv: line 50002:"), "{msg}");
        assert!(msg.contains('4') && msg.contains('3'), "{msg}");
    }

    #[test]
    fn a_generic_term_must_say_what_it_may_mean() {
        let ok = "term,kind,note\n营运证,generic,出租汽车车辆营运证、道路运输证\n";
        let t = parse_terms(&CsvTable::parse("material_terms.csv", ok).unwrap()).unwrap();
        assert_eq!(
            (t[0].kind, t[0].note.as_str()),
            (TermKind::Generic, "出租汽车车辆营运证、道路运输证")
        );
        let bare = "term,kind,note\n营运证,generic,\n";
        let e = parse_terms(&CsvTable::parse("material_terms.csv", bare).unwrap()).err();
        let msg = e.expect("an error").to_string();
        assert!(msg.contains(" 2 ") && msg.contains("`note`"), "{msg}");
    }
}
