//! Ingest: from paths on disk to tables of data rows keyed by canonical field.
//!
//! Owns file discovery, reading every workbook format and CSV encoding, filling merged cells,
//! finding the header row and telling data rows from blank, repeated-header and note rows.
//! Invariant: every row below a header is either returned as a [`DataRow`] or counted in
//! [`Skipped`]; nothing is dropped silently. Unreadable input is an [`Error`] naming the file
//! (and sheet, row and column where known).

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Sheets};

use crate::cell::{MAX_CELL_CHARS, Name, SyncInterner, a1, col_letters};
use crate::error::{Error, Result};
use crate::normalize::{clean_cell, compact, header_key};
use crate::schema::Field;

/// How many rows from the top are searched for the header.
const HEADER_SEARCH_ROWS: usize = 40;

/// File extensions read as workbooks.
pub const WORKBOOK_EXTS: [&str; 5] = ["xlsx", "xlsm", "xls", "xlsb", "ods"];

/// One input file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct InputFile {
    /// Where it is.
    pub path: PathBuf,
    /// How outputs name it (来源文件): the path below the folder it was found in, or the file
    /// name for a file given directly.
    pub display: String,
}

/// Finds the input files: given files as they are, folders searched recursively in name order.
/// Excel lock files (`~$*`), hidden files and anything under `exclude` are skipped.
pub fn discover(inputs: &[PathBuf], exclude: Option<&Path>) -> Result<Vec<InputFile>> {
    let mut out = Vec::new();
    let exclude = exclude.and_then(|p| fs::canonicalize(p).ok());
    for input in inputs {
        let meta = fs::metadata(input).map_err(|e| read_error(input.display(), &e))?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(input, input, exclude.as_deref(), &mut found)?;
            found.sort();
            out.extend(found);
        } else {
            if ext_of(input).is_none() {
                return Err(Error::new(format!(
                    "`{}`: unknown file type; qingdan reads .xlsx .xlsm .xls .xlsb .ods and .csv",
                    input.display()
                )));
            }
            let display = input
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| input.display().to_string());
            out.push(InputFile {
                path: input.clone(),
                display,
            });
        }
    }
    Ok(out)
}

fn walk(root: &Path, dir: &Path, exclude: Option<&Path>, out: &mut Vec<InputFile>) -> Result<()> {
    if let Some(ex) = exclude
        && fs::canonicalize(dir).ok().as_deref() == Some(ex)
    {
        return Ok(());
    }
    let entries = fs::read_dir(dir).map_err(|e| folder_error(dir, &e))?;
    for entry in entries {
        let entry = entry.map_err(|e| folder_error(dir, &e))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        let ft = entry
            .file_type()
            .map_err(|e| read_error(path.display(), &e))?;
        if ft.is_dir() {
            walk(root, &path, exclude, out)?;
        } else if ext_of(&path).is_some() {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let display = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push(InputFile { path, display });
        }
    }
    Ok(())
}

/// The lower-case extension when it is one qingdan reads.
pub fn ext_of(path: &Path) -> Option<String> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    (WORKBOOK_EXTS.contains(&ext.as_str()) || ext == "csv").then_some(ext)
}

/// `could not read `x`: reason`, the message every failed read gives.
fn read_error(what: impl std::fmt::Display, e: &std::io::Error) -> Error {
    Error::new(format!("could not read `{what}`: {}", io_reason(e)))
}

/// The same for a folder.
fn folder_error(dir: &Path, e: &std::io::Error) -> Error {
    Error::new(format!(
        "could not read folder `{}`: {}",
        dir.display(),
        io_reason(e)
    ))
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// A sheet's cells as text, after merged regions were filled.
#[derive(Debug, Clone)]
pub struct Grid {
    /// Sheet name (for CSV: the file stem).
    pub name: String,
    /// 0-based absolute row of `cells[0]`.
    pub row0: u32,
    /// 0-based absolute column of `cells[_][0]`.
    pub col0: u32,
    /// Rows of cell texts, all of one width.
    pub cells: Vec<Vec<String>>,
}

/// Character encodings accepted for CSV.
pub fn parse_encoding(name: &str) -> Result<&'static encoding_rs::Encoding> {
    let lower = name.to_ascii_lowercase();
    let label = match lower.as_str() {
        "utf8" => "utf-8",
        "gbk" | "gb2312" | "cp936" => "gbk",
        "gb18030" => "gb18030",
        other => other,
    };
    encoding_rs::Encoding::for_label(label.as_bytes()).ok_or_else(|| {
        Error::new(format!("unknown encoding `{name}`"))
            .hint("use utf-8, gbk, gb18030, utf-16le or another WHATWG encoding label")
    })
}

/// Reads every sheet of a file into grids, in workbook order.
pub fn read_file(
    file: &InputFile,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Result<Vec<Grid>> {
    let ext = ext_of(&file.path).unwrap_or_default();
    let mut grids = if ext == "csv" {
        vec![read_csv(file, encoding)?]
    } else {
        read_workbook(file, &ext)?
    };
    for g in &mut grids {
        check_cell_sizes(file, g)?;
    }
    Ok(grids)
}

fn check_cell_sizes(file: &InputFile, g: &Grid) -> Result<()> {
    for (r, row) in g.cells.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if cell.len() > MAX_CELL_CHARS && cell.chars().count() > MAX_CELL_CHARS {
                return Err(Error::new(format!(
                    "`{}`: sheet `{}`, cell {}: {} characters, more than Excel's {} per cell",
                    file.display,
                    g.name,
                    a1(g.row0 + r as u32, g.col0 + c as u32),
                    cell.chars().count(),
                    MAX_CELL_CHARS
                ))
                .hint(
                    "shorten the cell; qingdan cannot write it to a workbook without losing text",
                ));
            }
        }
    }
    Ok(())
}

fn read_workbook(file: &InputFile, ext: &str) -> Result<Vec<Grid>> {
    let path = &file.path;
    let head = sniff(path).map_err(|e| read_error(&file.display, &e))?;
    if head.is_empty() {
        return Err(Error::new(format!(
            "`{}`: the file is empty (0 bytes)",
            file.display
        )));
    }
    let is_cfb = head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if is_cfb && matches!(ext, "xlsx" | "xlsm" | "xlsb") {
        // An OOXML workbook inside an OLE container is how Excel stores a password-protected file.
        return Err(Error::new(format!(
            "`{}`: the workbook is encrypted (password-protected)",
            file.display
        ))
        .hint("open it in Excel, remove the password (File > Info > Protect Workbook), save, and run again"));
    }
    let mut wb = calamine::open_workbook_auto(path).map_err(|e| {
        Error::new(format!(
            "`{}`: not a readable {} workbook: {}",
            file.display,
            ext,
            calamine_reason(&e)
        ))
        .hint("check that the file opens in Excel and is saved in the format its extension says")
    })?;
    let names = wb.sheet_names();
    let mut scanned = match wb {
        Sheets::Xlsx(_) => scan_xlsx_merges(path),
        _ => None,
    };
    let mut grids = Vec::with_capacity(names.len());
    for name in names {
        let range = wb.worksheet_range(&name).map_err(|e| {
            Error::new(format!(
                "`{}`: sheet `{name}` cannot be read: {}",
                file.display,
                calamine_reason(&e)
            ))
        })?;
        let merges = match scanned.as_mut().and_then(|m| m.remove(&name)) {
            Some(m) => m,
            None => merged_regions(&mut wb, &name).map_err(|e| {
                Error::new(format!(
                    "`{}`: sheet `{name}`: merged cells cannot be read: {e}",
                    file.display
                ))
            })?,
        };
        grids.push(grid_from_range(name, &range, &merges));
    }
    Ok(grids)
}

fn sniff(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut f = fs::File::open(path)?;
    let mut buf = [0u8; 8];
    let n = f.read(&mut buf)?;
    Ok(buf[..n].to_vec())
}

fn calamine_reason(e: &impl std::fmt::Display) -> String {
    let s = e.to_string();
    if s.contains("password") || s.contains("Password") {
        "the workbook is password-protected".to_string()
    } else {
        s
    }
}

fn merged_regions<RS: std::io::Read + std::io::Seek>(
    wb: &mut Sheets<RS>,
    name: &str,
) -> std::result::Result<Vec<calamine::Dimensions>, String> {
    match wb {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).map_err(|e| e.to_string()),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).map_err(|e| e.to_string()),
        // calamine exposes no merged regions for xlsb and ods.
        Sheets::Xlsb(_) | Sheets::Ods(_) => Ok(Vec::new()),
    }
}

/// Merged regions of every sheet of an xlsx, by sheet name, found by searching each sheet's
/// XML for `<mergeCell ref=…>`. calamine parses the whole sheet as XML events a second time
/// for them, which costs as much as reading the cells. `None` (or a sheet missing from the
/// map) when the package is not laid out as expected: the caller then asks calamine.
fn scan_xlsx_merges(path: &Path) -> Option<HashMap<String, Vec<calamine::Dimensions>>> {
    let f = fs::File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(f)).ok()?;
    let mut entry = |name: &str| -> Option<String> {
        let mut buf = String::new();
        zip.by_name(name).ok()?.read_to_string(&mut buf).ok()?;
        Some(buf)
    };
    let workbook = entry("xl/workbook.xml")?;
    let rels = entry("xl/_rels/workbook.xml.rels")?;
    let targets: HashMap<&str, &str> = tags(&rels, "<Relationship ")
        .filter_map(|t| Some((attr(t, " Id=\"")?, attr(t, " Target=\"")?)))
        .collect();
    let mut out = HashMap::new();
    for t in tags(&workbook, "<sheet ") {
        let (Some(name), Some(rid)) = (attr(t, " name=\""), attr(t, ":id=\"")) else {
            continue;
        };
        let Some(target) = targets.get(rid) else {
            continue;
        };
        let part = match target.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None => format!("xl/{target}"),
        };
        let Some(xml) = entry(&part) else { continue };
        // Elements written with a namespace prefix (<x:mergeCell>) are left to calamine.
        if !xml.contains("<worksheet") {
            continue;
        }
        if let Some(m) = merges_in(&xml) {
            out.insert(xml_unescape(name), m);
        }
    }
    Some(out)
}

/// The opening tags that start with `open` (`<sheet `), each up to its `>`.
fn tags<'a>(xml: &'a str, open: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    xml.match_indices(open).filter_map(move |(i, _)| {
        let rest = &xml[i..];
        rest.find('>').map(|end| &rest[..end])
    })
}

/// The value of the attribute whose name ends `key` (` name="`) in a tag.
fn attr<'a>(tag: &'a str, key: &str) -> Option<&'a str> {
    let from = tag.find(key)? + key.len();
    let len = tag[from..].find('"')?;
    Some(&tag[from..from + len])
}

fn xml_unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The `<mergeCell ref="A1:B3"/>` regions of a sheet's XML, 0-based; `None` on a reference
/// that does not parse.
fn merges_in(xml: &str) -> Option<Vec<calamine::Dimensions>> {
    let Some(at) = xml.rfind("<mergeCells") else {
        return Some(Vec::new());
    };
    let section = &xml[at..];
    let section = &section[..section.find("</mergeCells>").unwrap_or(section.len())];
    tags(section, "<mergeCell ")
        .map(|t| {
            let r = attr(t, " ref=\"")?;
            let (a, b) = r.split_once(':').unwrap_or((r, r));
            Some(calamine::Dimensions {
                start: a1_pos(a)?,
                end: a1_pos(b)?,
            })
        })
        .collect()
}

/// 0-based (row, column) of an A1 reference.
fn a1_pos(r: &str) -> Option<(u32, u32)> {
    let split = r.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = r.split_at(split);
    if letters.is_empty() {
        return None;
    }
    let mut col: u32 = 0;
    for c in letters.chars() {
        if !c.is_ascii_uppercase() {
            return None;
        }
        col = col
            .checked_mul(26)?
            .checked_add(c as u32 - 'A' as u32 + 1)?;
    }
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

fn grid_from_range(
    name: String,
    range: &calamine::Range<Data>,
    merges: &[calamine::Dimensions],
) -> Grid {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut cells: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect();
    fill_merges(&mut cells, row0, col0, merges);
    Grid {
        name,
        row0,
        col0,
        cells,
    }
}

/// Copies each merged region's top-left value into every cell of the region, so every row
/// carries the value Excel shows across the merge.
fn fill_merges(cells: &mut [Vec<String>], row0: u32, col0: u32, merges: &[calamine::Dimensions]) {
    for m in merges {
        let (r1, c1) = m.start;
        let (r2, c2) = m.end;
        if r1 < row0 || c1 < col0 {
            continue;
        }
        let (r1, c1) = ((r1 - row0) as usize, (c1 - col0) as usize);
        let (r2, c2) = ((r2 - row0) as usize, (c2 - col0) as usize);
        let Some(v) = cells.get(r1).and_then(|r| r.get(c1)).cloned() else {
            continue;
        };
        if v.is_empty() {
            continue;
        }
        for row in cells.iter_mut().take(r2 + 1).skip(r1) {
            for c in c1..=c2.min(row.len().saturating_sub(1)) {
                row[c] = v.clone();
            }
        }
    }
}

/// The text Excel shows for a cell: integers without `.0`, dates as dates, errors as `#N/A`.
pub fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => clean_cell(s),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => {
            if dt.is_duration() {
                let secs = (dt.as_f64() * 86_400.0).round() as i64;
                format!("{}:{:02}:{:02}", secs / 3600, (secs / 60) % 60, secs % 60)
            } else {
                let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
                let v = dt.as_f64();
                if v < 1.0 {
                    format!("{h:02}:{mi:02}:{s:02}")
                } else if h == 0 && mi == 0 && s == 0 {
                    format!("{y:04}-{mo:02}-{d:02}")
                } else {
                    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
                }
            }
        }
        Data::DateTimeIso(s) => s.strip_suffix("T00:00:00").unwrap_or(s).replace('T', " "),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// A number as Excel's General format shows it: up to 15 significant digits, no trailing zeros.
pub fn float_text(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{f:.0}");
    }
    let mag = if f == 0.0 {
        0
    } else {
        f.abs().log10().floor() as i32 + 1
    };
    let decimals = (15 - mag).clamp(0, 15) as usize;
    let s = format!("{f:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

fn read_csv(file: &InputFile, encoding: Option<&'static encoding_rs::Encoding>) -> Result<Grid> {
    let bytes = fs::read(&file.path).map_err(|e| read_error(&file.display, &e))?;
    if bytes.is_empty() {
        return Err(Error::new(format!(
            "`{}`: the file is empty (0 bytes)",
            file.display
        )));
    }
    let text = decode(&bytes, encoding).map_err(|msg| {
        Error::new(format!("`{}`: {msg}", file.display))
            .hint("pass --encoding with the file's encoding (utf-8, gbk, gb18030, utf-16le)")
    })?;
    let delim = sniff_delimiter(&text);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let mut cells = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| {
            Error::new(format!(
                "`{}`: row {}: malformed CSV: {e}",
                file.display,
                i + 1
            ))
        })?;
        cells.push(rec.iter().map(clean_cell).collect::<Vec<_>>());
    }
    let width = cells.iter().map(Vec::len).max().unwrap_or(0);
    for r in &mut cells {
        r.resize(width, String::new());
    }
    let name = file
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Grid {
        name,
        row0: 0,
        col0: 0,
        cells,
    })
}

/// Decodes CSV bytes: a BOM decides; otherwise UTF-8 when valid, else GB18030 (a superset of
/// GBK, which Excel on Chinese Windows writes).
fn decode(
    bytes: &[u8],
    forced: Option<&'static encoding_rs::Encoding>,
) -> std::result::Result<String, String> {
    if let Some(enc) = forced {
        let (text, _, had_errors) = enc.decode(bytes);
        if had_errors {
            return Err(format!("the file is not valid {}", enc.name()));
        }
        return Ok(text.into_owned());
    }
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, had_errors) = enc.decode(bytes);
        if had_errors {
            return Err(format!(
                "the file starts with a {} BOM but is not valid {}",
                enc.name(),
                enc.name()
            ));
        }
        return Ok(text.into_owned());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    if had_errors {
        return Err("the file is neither UTF-8 nor GBK/GB18030 text".to_string());
    }
    Ok(text.into_owned())
}

fn sniff_delimiter(text: &str) -> u8 {
    let sample: Vec<&str> = text.lines().take(20).collect();
    let count = |c: char| sample.iter().map(|l| l.matches(c).count()).sum::<usize>();
    let (commas, tabs, semis) = (count(','), count('\t'), count(';'));
    if tabs > commas && tabs >= semis {
        b'\t'
    } else if semis > commas && semis > tabs {
        b';'
    } else {
        b','
    }
}

/// Why a row below the header is not a data row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkipReason {
    /// Every cell empty.
    Blank,
    /// The header again (lists pasted together).
    RepeatedHeader,
    /// 填表说明, 备注：…, signatures.
    Note,
}

impl SkipReason {
    /// Chinese label for the statistics sheet.
    pub fn label(self) -> &'static str {
        match self {
            SkipReason::Blank => "空行",
            SkipReason::RepeatedHeader => "重复表头行",
            SkipReason::Note => "说明/备注行",
        }
    }

    /// English label for the terminal summary.
    pub fn english(self) -> &'static str {
        match self {
            SkipReason::Blank => "blank",
            SkipReason::RepeatedHeader => "repeated header",
            SkipReason::Note => "note",
        }
    }
}

/// A column of a table: a canonical field or a kept extra column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    /// Mapped to a canonical field.
    Field(Field),
    /// Kept under its header.
    Extra(String),
    /// No header text and no data: dropped.
    Empty,
}

/// One data row.
#[derive(Debug, Clone)]
pub struct DataRow {
    /// Row number as Excel shows it (1-based).
    pub row: u32,
    /// Canonical field values, by [`Field::index`]; empty when the column is absent. Shared
    /// through the run's [`SyncInterner`]: equal texts are one string.
    pub values: [Name; Field::COUNT],
    /// Extra column values, aligned with [`Table::extras`].
    pub extras: Vec<String>,
}

/// A sheet's rows after its header was found.
#[derive(Debug, Clone)]
pub struct Table {
    /// 来源文件.
    pub file: Name,
    /// 来源工作表.
    pub sheet: Name,
    /// Excel row number(s) of the header (two for a two-row header).
    pub header_rows: (u32, u32),
    /// 0-based absolute column of each canonical field present.
    pub field_cols: BTreeMap<Field, u32>,
    /// Headers of extra columns, in sheet order.
    pub extras: Vec<String>,
    /// Data rows in sheet order (taken by standardization).
    pub rows: Vec<DataRow>,
    /// How many data rows the sheet had.
    pub data_rows: usize,
    /// Non-data rows below the header, by reason, with their row numbers.
    pub skipped: BTreeMap<SkipReason, Vec<u32>>,
    /// Rows above the header (titles, 填报单位 lines), not counted as data.
    pub above_header: u32,
    /// The submitting unit from a 填报单位 line above the header.
    pub submitter: Option<String>,
}

/// A sheet that was not read as a table, and why.
#[derive(Debug, Clone)]
pub struct SheetSkip {
    /// 来源文件.
    pub file: String,
    /// 来源工作表.
    pub sheet: String,
    /// Non-empty rows on the sheet.
    pub nonempty_rows: usize,
    /// Why.
    pub reason: String,
}

/// Header synonyms: compacted header text -> field.
pub type HeaderMap = std::collections::HashMap<String, Field>;

fn match_header(headers: &HeaderMap, cell: &str) -> Option<Field> {
    if cell.is_empty() || cell.chars().count() > 40 {
        return None;
    }
    headers.get(&header_key(cell)).copied()
}

/// Minimum number of distinct canonical fields that make a header row.
const MIN_HEADER_FIELDS: usize = 3;

/// Finds the header and sorts the rows below it. `Err` when the sheet is empty or has no
/// recognisable header; the caller reports it.
pub fn find_table(
    file: &str,
    mut grid: Grid,
    headers: &HeaderMap,
    strings: &SyncInterner,
) -> std::result::Result<Table, SheetSkip> {
    let nonempty_rows = grid
        .cells
        .iter()
        .filter(|r| r.iter().any(|c| !c.is_empty()))
        .count();
    let skip = |reason: String| SheetSkip {
        file: file.to_string(),
        sheet: grid.name.clone(),
        nonempty_rows,
        reason,
    };
    if nonempty_rows == 0 {
        return Err(skip("the sheet is empty".into()));
    }
    let width = grid.cells.first().map(Vec::len).unwrap_or(0);
    let limit = grid.cells.len().min(HEADER_SEARCH_ROWS);

    // Best (score, top row, rows used, column mapping). A two-row header is tried as each
    // column's lower cell, its upper cell, or the two joined (材料 / 名称).
    let mut best: Option<(usize, usize, usize, Vec<Option<Field>>)> = None;
    // Rows of data above the real header repeat their texts: each is looked up once.
    let mut seen: rustc_hash::FxHashMap<&str, Option<Field>> = Default::default();
    let singles: Vec<Vec<Option<Field>>> = (0..grid.cells.len().min(limit + 1))
        .map(|r| {
            (0..width)
                .map(|c| {
                    let cell = grid.cells[r][c].as_str();
                    *seen
                        .entry(cell)
                        .or_insert_with(|| match_header(headers, cell))
                })
                .collect()
        })
        .collect();
    for r in 0..limit {
        consider(&mut best, r, 1, singles[r].clone());
        // A two-row header has some column whose own cell is a header in one of its rows (a
        // cell merged down both rows, or a lower cell that names the field); rows of data
        // have none, and joining their cells pairwise would only cost normalizations.
        let header_like = |row: &[Option<Field>]| row.iter().any(Option::is_some);
        if r + 1 < singles.len() && (header_like(&singles[r]) || header_like(&singles[r + 1])) {
            let double: Vec<Option<Field>> = (0..width)
                .map(|c| {
                    let up = &grid.cells[r][c];
                    let low = &grid.cells[r + 1][c];
                    singles[r + 1][c]
                        .or_else(|| if low.is_empty() { singles[r][c] } else { None })
                        .or_else(|| {
                            if up != low {
                                match_header(headers, &format!("{up}{low}"))
                            } else {
                                None
                            }
                        })
                })
                .collect();
            // Two rows only when both rows are needed: better than either row alone.
            if distinct_fields(&double)
                > distinct_fields(&singles[r]).max(distinct_fields(&singles[r + 1]))
            {
                consider(&mut best, r, 2, double);
            }
        }
    }
    let Some((score, top, used, mapping)) = best else {
        return Err(skip(no_header_reason()));
    };
    let has_core = mapping
        .iter()
        .any(|f| matches!(f, Some(Field::Material) | Some(Field::Item)));
    if score < MIN_HEADER_FIELDS || !has_core {
        return Err(skip(no_header_reason()));
    }

    let header_end = top + used; // first row below the header
    let mut field_cols = BTreeMap::new();
    let mut columns = Vec::with_capacity(width);
    let mut extras = Vec::new();
    for c in 0..width {
        match mapping[c] {
            Some(f) if !field_cols.contains_key(&f) => {
                field_cols.insert(f, grid.col0 + c as u32);
                columns.push(Column::Field(f));
            }
            _ => {
                let text = (top..header_end)
                    .map(|r| grid.cells[r][c].as_str())
                    .filter(|t| !t.is_empty())
                    .fold(String::new(), |mut acc, t| {
                        if !acc.ends_with(t) {
                            if !acc.is_empty() {
                                acc.push('/');
                            }
                            acc.push_str(t);
                        }
                        acc
                    });
                let has_data = grid.cells[header_end..].iter().any(|r| !r[c].is_empty());
                if text.is_empty() && !has_data {
                    columns.push(Column::Empty);
                } else {
                    let name = if text.is_empty() {
                        format!("列{}", col_letters(grid.col0 + c as u32))
                    } else {
                        compact_header(&text)
                    };
                    extras.push(unique_name(&extras, name));
                    columns.push(Column::Extra(extras.last().cloned().unwrap_or_default()));
                }
            }
        }
    }

    let submitter = grid.cells[..top]
        .iter()
        .flat_map(|r| r.iter())
        .find_map(|c| submitter_of(c));

    let mut table = Table {
        file: file.into(),
        sheet: grid.name.as_str().into(),
        header_rows: (grid.row0 + top as u32 + 1, grid.row0 + header_end as u32),
        field_cols,
        extras,
        rows: Vec::new(),
        data_rows: 0,
        skipped: BTreeMap::new(),
        above_header: grid.cells[..top]
            .iter()
            .filter(|r| r.iter().any(|c| !c.is_empty()))
            .count() as u32,
        submitter,
    };
    // The cells move into the rows: a sheet is held once, not twice.
    let row0 = grid.row0;
    let mut header_like = HeaderLike::default();
    for (i, mut cells) in std::mem::take(&mut grid.cells)
        .into_iter()
        .enumerate()
        .skip(header_end)
    {
        let row_no = row0 + i as u32 + 1;
        if let Some(reason) = non_data(&cells, &columns, headers, &mut header_like) {
            table.skipped.entry(reason).or_default().push(row_no);
            continue;
        }
        let mut values: [Name; Field::COUNT] = std::array::from_fn(|_| strings.empty());
        let mut extra_vals = Vec::with_capacity(table.extras.len());
        for (c, col) in columns.iter().enumerate() {
            match col {
                Column::Field(f) => values[f.index()] = strings.get(&cells[c]),
                Column::Extra(_) => extra_vals.push(std::mem::take(&mut cells[c])),
                Column::Empty => {}
            }
        }
        table.rows.push(DataRow {
            row: row_no,
            values,
            extras: extra_vals,
        });
    }
    table.data_rows = table.rows.len();
    Ok(table)
}

fn no_header_reason() -> String {
    format!(
        "no header row found in the first {HEADER_SEARCH_ROWS} rows: expected at least {MIN_HEADER_FIELDS} of the headers {} (or their synonyms in headers.csv), including 材料名称 or 事项名称",
        Field::ALL.map(|f| f.header()).join(" ")
    )
}

fn consider(
    best: &mut Option<(usize, usize, usize, Vec<Option<Field>>)>,
    top: usize,
    used: usize,
    mapping: Vec<Option<Field>>,
) {
    let score = distinct_fields(&mapping);
    let better = match best {
        None => score > 0,
        Some((s, _, _, _)) => score > *s,
    };
    if better {
        *best = Some((score, top, used, mapping));
    }
}

fn distinct_fields(mapping: &[Option<Field>]) -> usize {
    let mut d: Vec<Field> = mapping.iter().flatten().copied().collect();
    d.sort();
    d.dedup();
    d.len()
}

fn compact_header(s: &str) -> String {
    let c = compact(s);
    if c.is_empty() {
        s.trim().to_string()
    } else {
        c
    }
}

fn unique_name(existing: &[String], name: String) -> String {
    if !existing.contains(&name) {
        return name;
    }
    (2..)
        .map(|i| format!("{name}_{i}"))
        .find(|n| !existing.contains(n))
        .unwrap_or(name)
}

/// Prefixes that open a note row rather than data.
const NOTE_PREFIXES: [&str; 14] = [
    "填表说明",
    "填报说明",
    "说明:",
    "说明",
    "备注:",
    "注:",
    "注意:",
    "附注",
    "填报人:",
    "填表人:",
    "审核人:",
    "填报日期:",
    "制表人:",
    "负责人:",
];

fn is_note_text(text: &str) -> bool {
    let c = compact(text);
    NOTE_PREFIXES.iter().any(|p| c.starts_with(p))
        || (c.starts_with("注")
            && c.chars()
                .nth(1)
                .is_some_and(|ch| ch.is_ascii_digit() || ch == ':'))
}

/// Fields whose cells repeat most from row to row, first.
const REPEATING: [Field; 6] = [
    Field::Requester,
    Field::Method,
    Field::Source,
    Field::Responsible,
    Field::ItemCategory,
    Field::Material,
];

/// Whether each distinct cell text of a sheet reads as a header, worked out once: a sheet's
/// data cells repeat, and every row is checked for a repeated header.
type HeaderLike = rustc_hash::FxHashMap<String, bool>;

fn non_data(
    cells: &[String],
    columns: &[Column],
    headers: &HeaderMap,
    memo: &mut HeaderLike,
) -> Option<SkipReason> {
    let nonempty: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
    if nonempty.is_empty() {
        return Some(SkipReason::Blank);
    }
    let mapped: Vec<(usize, Field)> = columns
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match c {
            Column::Field(f) => Some((i, *f)),
            _ => None,
        })
        .collect();
    // More than half of the mapped cells must read as headers. Cells are tried in the order
    // of the columns whose texts repeat most (names, methods: answered from the memo), and
    // the count stops as soon as the half cannot be reached, so a data row's one-off texts
    // (事项, 依据, 场景) are rarely normalized.
    let mut order: Vec<&(usize, Field)> = mapped.iter().collect();
    order.sort_by_key(|(_, f)| {
        REPEATING
            .iter()
            .position(|r| r == f)
            .unwrap_or(REPEATING.len())
    });
    let mut header_like = 0;
    let mut misses = 0;
    for (i, _) in order {
        let cell = &cells[*i];
        let b = match memo.get(cell.as_str()) {
            Some(&b) => b,
            None => {
                let b = match_header(headers, cell).is_some();
                memo.insert(cell.clone(), b);
                b
            }
        };
        if b {
            header_like += 1;
        } else {
            misses += 1;
            if misses * 2 >= mapped.len() {
                break;
            }
        }
    }
    if !mapped.is_empty()
        && header_like * 2 > mapped.len()
        && header_like >= MIN_HEADER_FIELDS.min(mapped.len())
    {
        return Some(SkipReason::RepeatedHeader);
    }
    let mut distinct: Vec<&String> = nonempty.clone();
    distinct.dedup();
    distinct.sort();
    distinct.dedup();
    if distinct.len() <= 2 && is_note_text(nonempty[0]) {
        return Some(SkipReason::Note);
    }
    None
}

/// The unit named in a `填报单位：XXX` line above the header.
fn submitter_of(cell: &str) -> Option<String> {
    let c = compact(cell);
    for key in ["填报单位", "报送单位", "填报部门", "需求单位", "单位名称"] {
        if let Some(rest) = c.strip_prefix(key) {
            let rest = rest.trim_start_matches([':', '：']);
            // The same line often goes on with 填报日期：…
            let end = ["填报日期", "日期", "联系人", "填报人"]
                .iter()
                .filter_map(|k| rest.find(k))
                .min()
                .unwrap_or(rest.len());
            let name = crate::normalize::trim_punct(&rest[..end]);
            if !name.is_empty() {
                return Some(name.to_string());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_are_found_by_scanning_the_sheet_xml() {
        assert_eq!(a1_pos("A1"), Some((0, 0)));
        assert_eq!(a1_pos("AB12"), Some((11, 27)));
        assert_eq!(a1_pos("12"), None);
        let xml = r#"<worksheet><sheetData/><mergeCells count="2"><mergeCell ref="A1:M1"/><mergeCell ref="B3:B9"/></mergeCells></worksheet>"#;
        let m = merges_in(xml).unwrap();
        assert_eq!(m.len(), 2);
        assert_eq!((m[1].start, m[1].end), ((2, 1), (8, 1)));
        // The same regions as calamine finds, on every sheet of the shipped examples.
        for f in ["市民政局_数据共享需求.xlsx", "浦东新区市场监管局_清单.xlsx"]
        {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("examples")
                .join(f);
            let scanned = scan_xlsx_merges(&path).unwrap();
            let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
            assert!(!scanned.is_empty());
            for name in wb.sheet_names() {
                let theirs = wb.merge_cells_by_sheet_name(&name).unwrap();
                assert_eq!(scanned[&name], theirs, "{f}: {name}");
            }
        }
    }

    #[test]
    fn numbers_show_as_excel_shows_them() {
        assert_eq!(float_text(13812345678.0), "13812345678");
        assert_eq!(float_text(0.1 + 0.2), "0.3");
        assert_eq!(float_text(2.5), "2.5");
        assert_eq!(float_text(-3.0), "-3");
    }

    #[test]
    fn submitter_line() {
        assert_eq!(
            submitter_of("填报单位：上海市药品监督管理局    填报日期：2024年3月").as_deref(),
            Some("上海市药品监督管理局")
        );
    }

    #[test]
    fn gbk_detected() {
        let (bytes, _, _) = encoding_rs::GBK.encode("材料名称,使用方式\n营业执照,数据核验\n");
        let text = decode(&bytes, None).unwrap();
        assert!(text.starts_with("材料名称"));
    }
}
