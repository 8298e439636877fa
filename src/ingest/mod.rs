//! Ingest: from paths on disk to tables of data rows keyed by canonical field.
//!
//! Owns file discovery, reading every workbook format and CSV encoding, filling merged cells,
//! finding the header row and telling data rows from blank, repeated-header and note rows.
//! Invariant: every row below a header is either returned as a [`DataRow`] or counted in
//! [`Table::skipped`]; nothing is dropped silently. Unreadable input is an [`Error`] naming the file
//! (and sheet, row and column where known).

mod budget;
mod csv;
mod grid;
mod mark;
mod ods;
mod stats;
mod table;
mod workbook;
mod xls;
mod xlsx_merges;

use std::fs;
use std::path::{Path, PathBuf};

use crate::cell::{MAX_CELL_CHARS, a1};
use crate::error::{Error, Result};

pub use grid::{Grid, RawCell};
pub use mark::{MARK_NAME, MARK_VALUE, written_by_qingdan};
pub use stats::FileStats;
pub use table::{Column, DataRow, HeaderMap, SheetSkip, SkipReason, Table, find_table};
pub use workbook::{cell_text, float_text, in_guard};

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

/// The input files found, and the workbooks qingdan wrote that were passed over.
#[derive(Debug, Default)]
pub struct Discovered {
    /// Files to read, in input order.
    pub files: Vec<InputFile>,
    /// Workbooks found in folders that carry qingdan's mark, not read (its own outputs would
    /// otherwise come back as submissions).
    pub own_outputs: Vec<PathBuf>,
}

/// Finds the input files: given files as they are, folders searched recursively in name order.
/// Excel lock files (`~$*`), hidden files, anything under `exclude` and, in folders, workbooks
/// qingdan wrote are skipped.
pub fn discover(inputs: &[PathBuf], exclude: Option<&Path>) -> Result<Discovered> {
    let mut out = Discovered::default();
    let exclude = exclude.and_then(|p| fs::canonicalize(p).ok());
    for input in inputs {
        let meta = fs::metadata(input).map_err(|e| read_error(input.display(), &e))?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(input, input, exclude.as_deref(), &mut found)?;
            found.sort();
            for f in found {
                if ext_of(&f.path).as_deref() == Some("xlsx") && written_by_qingdan(&f.path) {
                    out.own_outputs.push(f.path);
                } else {
                    out.files.push(f);
                }
            }
        } else {
            if ext_of(input).is_none() {
                return Err(Error::new(crate::tr!(
                    "input.unknown_type",
                    file = input.display()
                )));
            }
            // A file named on the command line is read even when qingdan wrote it (catalog
            // drafts from the 标准化需求清单.xlsx that clean wrote).
            let display = input
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| input.display().to_string());
            out.files.push(InputFile {
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
    Error::new(crate::tr!(
        "input.read_failed",
        what = what,
        reason = io_reason(e)
    ))
}

/// The same for a folder.
fn folder_error(dir: &Path, e: &std::io::Error) -> Error {
    Error::new(crate::tr!(
        "input.folder_failed",
        dir = dir.display(),
        reason = io_reason(e)
    ))
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => crate::tr!("io.not_found"),
        std::io::ErrorKind::PermissionDenied => crate::tr!("io.denied"),
        _ => e.to_string(),
    }
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
        Error::new(crate::tr!("input.encoding_name", name = name))
            .hint(crate::tr!("input.encoding_name_hint"))
    })
}

/// Reads every sheet of a file into grids, in workbook order.
pub fn read_file(
    file: &InputFile,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Result<Vec<Grid>> {
    let ext = ext_of(&file.path).unwrap_or_default();
    let mut grids = if ext == "csv" {
        vec![csv::read_csv(file, encoding)?]
    } else {
        workbook::read_workbook(file, &ext)?
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
                return Err(Error::new(crate::tr!(
                    "input.cell_too_long",
                    file = file.display,
                    sheet = g.name,
                    cell = a1(g.rows[r], g.cols[c]),
                    count = cell.chars().count(),
                    max = MAX_CELL_CHARS
                ))
                .hint(crate::tr!("input.cell_too_long_hint")));
            }
        }
    }
    Ok(())
}
