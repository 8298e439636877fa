//! Workbooks (xlsx, xlsm, xlsb, xls, ods) read into grids of cell text.
//!
//! A file is read as what its bytes say it is, whatever its name: a package (xlsx, xlsb,
//! ods), an OLE compound file (xls, or an encrypted workbook), or text (CSV or HTML saved
//! with a workbook's name, which gets an error that says so). xlsx and xlsb cells stream
//! through calamine's cell readers and .ods through our own reader, so memory follows the
//! cells a sheet holds; .xls goes through the sanitizer of [`super::xls`]. calamine panics
//! on some damaged input: every call into it runs under [`guarded`], which turns a panic into
//! an error naming the file.

use std::cell::Cell as Flag;
use std::fs;
use std::io::{BufReader, Cursor, Read, Seek};

use calamine::{Data, DataRef, Reader, Xls, Xlsb, Xlsx};

use super::grid::{Grid, Merge, RawCell};
use super::{InputFile, budget, read_error};
use crate::error::{Error, Result};
use crate::normalize::clean_cell;

thread_local! {
    /// Set while this thread runs a reader under [`guarded`].
    static GUARDED: Flag<bool> = const { Flag::new(false) };
}

/// Whether this thread is inside a guarded reader: a panic there becomes an error, so a
/// panic hook should stay quiet about it.
pub fn in_guard() -> bool {
    GUARDED.with(Flag::get)
}

/// Runs `f`, a call into a reader that may panic on damaged input; a panic becomes an error
/// naming the file and what was being read.
pub(super) fn guarded<T>(file: &str, what: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    let before = GUARDED.with(|g| g.replace(true));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(before));
    r.unwrap_or_else(|p| {
        let why = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(Error::new(crate::tr!(
            "input.damaged",
            file = file,
            what = what,
            why = why
        ))
        .hint(crate::tr!("input.damaged_hint")))
    })
}

/// Which package a zip file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Xlsx,
    Xlsb,
    Ods,
}

pub(super) fn read_workbook(file: &InputFile, ext: &str) -> Result<Vec<Grid>> {
    let name = file.display.as_str();
    let head = sniff(&file.path).map_err(|e| read_error(name, &e))?;
    if head.is_empty() {
        return Err(Error::new(crate::tr!("input.empty_file", file = name)));
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        if matches!(ext, "xlsx" | "xlsm" | "xlsb") {
            // An OOXML workbook inside an OLE container is how Excel stores a password-protected file.
            return Err(Error::new(crate::tr!("input.encrypted", file = name))
                .hint(crate::tr!("input.encrypted_hint")));
        }
        let bytes = fs::read(&file.path).map_err(|e| read_error(name, &e))?;
        let clean = guarded(name, &crate::tr!("input.xls_container"), || {
            super::xls::sanitize(name, bytes)
        })?;
        return read_xls(name, clean);
    }
    if !head.starts_with(b"PK") {
        return Err(not_a_workbook(name, ext, &file.path));
    }
    let f = fs::File::open(&file.path).map_err(|e| read_error(name, &e))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(f)).map_err(|e| unreadable(name, ext, &e))?;
    budget::check_package(name, &mut zip)?;
    let kind = if zip.index_for_name("xl/workbook.bin").is_some() {
        Kind::Xlsb
    } else if zip.index_for_name("content.xml").is_some() {
        Kind::Ods
    } else {
        Kind::Xlsx
    };
    let reader = zip.into_inner();
    match kind {
        Kind::Xlsx => read_xlsx(name, ext, reader),
        Kind::Xlsb => read_xlsb(name, ext, reader),
        Kind::Ods => super::ods::read_ods(name, reader),
    }
}

/// The error for a file that is neither a package nor a compound file: text saved under a
/// workbook's name says what it is.
fn not_a_workbook(name: &str, ext: &str, path: &std::path::Path) -> Error {
    let mut head = Vec::new();
    let _ = fs::File::open(path).and_then(|f| f.take(4096).read_to_end(&mut head));
    let text = String::from_utf8_lossy(&head).to_lowercase();
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with("<!doctype html")
        || trimmed.starts_with("<html")
        || text.contains("<table")
    {
        return Error::new(crate::tr!("input.is_html", file = name, ext = ext))
            .hint(crate::tr!("input.save_as_xlsx_hint"));
    }
    if trimmed.starts_with("<?xml") {
        return Error::new(crate::tr!("input.is_xml", file = name, ext = ext))
            .hint(crate::tr!("input.save_as_xlsx_hint"));
    }
    if !head.contains(&0) {
        return Error::new(crate::tr!("input.is_text", file = name, ext = ext))
            .hint(crate::tr!("input.is_text_hint"));
    }
    unreadable(name, ext, &crate::tr!("input.neither_zip_nor_ole"))
}

fn sniff(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    let mut f = fs::File::open(path)?;
    let mut buf = [0u8; 8];
    let n = f.read(&mut buf)?;
    Ok(buf[..n].to_vec())
}

fn calamine_reason(e: &impl std::fmt::Display) -> String {
    let s = e.to_string();
    if s.contains("password") || s.contains("Password") {
        crate::tr!("input.password")
    } else {
        s
    }
}

/// The error for a workbook calamine refuses to open.
fn unreadable(name: &str, ext: &str, e: &impl std::fmt::Display) -> Error {
    Error::new(crate::tr!(
        "input.not_readable",
        file = name,
        ext = ext,
        reason = calamine_reason(e)
    ))
    .hint(crate::tr!("input.not_readable_hint"))
}

/// The error for a sheet calamine cannot read.
fn sheet_unreadable(name: &str, sheet: &str, e: &impl std::fmt::Display) -> Error {
    Error::new(crate::tr!(
        "input.sheet_unreadable",
        file = name,
        sheet = sheet,
        reason = calamine_reason(e)
    ))
}

/// Sheet names, at most the budget's.
fn sheet_names(name: &str, names: Vec<String>) -> Result<Vec<String>> {
    if names.len() > budget::MAX_SHEETS {
        return Err(budget::refused_file(
            name,
            &crate::tr!("claim.sheets", count = names.len()),
        ));
    }
    Ok(names)
}

/// Counts cells read from a file against the budget.
struct Tally<'a> {
    file: &'a str,
    cells: usize,
}

impl Tally<'_> {
    fn add(&mut self, sheet: &str) -> Result<()> {
        self.cells += 1;
        if self.cells > budget::MAX_CELLS {
            return Err(budget::refused(
                self.file,
                sheet,
                &crate::tr!("claim.cells", max = budget::MAX_CELLS),
            ));
        }
        Ok(())
    }
}

fn read_xlsx<R: Read + Seek>(name: &str, ext: &str, mut reader: R) -> Result<Vec<Grid>> {
    let mut scanned = zip::ZipArchive::new(&mut reader)
        .ok()
        .and_then(|mut z| super::xlsx_merges::scan(&mut z));
    reader
        .rewind()
        .map_err(|e| Error::new(crate::tr!("input.read_failed", what = name, reason = e)))?;
    let mut wb: Xlsx<R> = guarded(name, &crate::tr!("input.the_workbook"), || {
        Xlsx::new(reader).map_err(|e| unreadable(name, ext, &e))
    })?;
    let mut tally = Tally {
        file: name,
        cells: 0,
    };
    let mut grids = Vec::new();
    for sheet in sheet_names(name, wb.sheet_names())? {
        let cells = guarded(name, &crate::tr!("input.the_sheet", sheet = sheet), || {
            let mut r = wb
                .worksheet_cells_reader(&sheet)
                .map_err(|e| sheet_unreadable(name, &sheet, &e))?;
            drain(name, &sheet, &mut tally, || r.next_cell())
        })?;
        let merges = match scanned.as_mut().and_then(|m| m.remove(&sheet)) {
            Some(m) => m,
            None => guarded(name, &crate::tr!("input.the_sheet", sheet = sheet), || {
                wb.merge_cells_by_sheet_name(&sheet)
                    .map(|d| d.iter().map(|d| (d.start, d.end)).collect())
                    .map_err(|e| {
                        Error::new(crate::tr!(
                            "input.merges",
                            file = name,
                            sheet = sheet,
                            error = e
                        ))
                    })
            })?,
        };
        grids.push(Grid::from_cells(name, sheet, cells, &merges)?);
    }
    Ok(grids)
}

fn read_xlsb<R: Read + Seek>(name: &str, ext: &str, reader: R) -> Result<Vec<Grid>> {
    let mut wb: Xlsb<R> = guarded(name, &crate::tr!("input.the_workbook"), || {
        Xlsb::new(reader).map_err(|e| unreadable(name, ext, &e))
    })?;
    let mut tally = Tally {
        file: name,
        cells: 0,
    };
    let mut grids = Vec::new();
    for sheet in sheet_names(name, wb.sheet_names())? {
        let cells = guarded(name, &crate::tr!("input.the_sheet", sheet = sheet), || {
            let mut r = wb
                .worksheet_cells_reader(&sheet)
                .map_err(|e| sheet_unreadable(name, &sheet, &e))?;
            drain(name, &sheet, &mut tally, || r.next_cell())
        })?;
        // calamine exposes no merged regions for xlsb.
        grids.push(Grid::from_cells(name, sheet, cells, &[])?);
    }
    Ok(grids)
}

fn read_xls(name: &str, clean: Vec<u8>) -> Result<Vec<Grid>> {
    let mut wb: Xls<_> = guarded(name, &crate::tr!("input.the_workbook"), || {
        Xls::new(Cursor::new(clean)).map_err(|e| unreadable(name, "xls", &e))
    })?;
    let mut tally = Tally {
        file: name,
        cells: 0,
    };
    let mut grids = Vec::new();
    for sheet in sheet_names(name, wb.sheet_names())? {
        let (cells, merges) = guarded(name, &crate::tr!("input.the_sheet", sheet = sheet), || {
            let range = wb
                .worksheet_range(&sheet)
                .map_err(|e| sheet_unreadable(name, &sheet, &e))?;
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let mut cells = Vec::new();
            for (r, c, v) in range.used_cells() {
                let pos = (r0 + r as u32, c0 + c as u32);
                push_data(&mut cells, &mut tally, &sheet, pos, v)?;
            }
            let merges: Vec<Merge> = wb
                .merge_cells_by_sheet_name(&sheet)
                .map_err(|e| {
                    Error::new(crate::tr!(
                        "input.merges",
                        file = name,
                        sheet = sheet,
                        error = e
                    ))
                })?
                .iter()
                .map(|d| (d.start, d.end))
                .collect();
            Ok((cells, merges))
        })?;
        grids.push(Grid::from_cells(name, sheet, cells, &merges)?);
    }
    Ok(grids)
}

/// Drains a sheet's cell reader (xlsx or xlsb) into cells, counted against the budget.
fn drain<'a, E: std::fmt::Display>(
    name: &str,
    sheet: &str,
    tally: &mut Tally,
    mut next: impl FnMut() -> std::result::Result<Option<calamine::Cell<DataRef<'a>>>, E>,
) -> Result<Vec<RawCell>> {
    let mut cells = Vec::new();
    while let Some(c) = next().map_err(|e| sheet_unreadable(name, sheet, &e))? {
        push_cell(&mut cells, tally, sheet, c.get_position(), c.get_value())?;
    }
    Ok(cells)
}

/// A streamed cell, as text, unless empty.
fn push_cell(
    cells: &mut Vec<RawCell>,
    tally: &mut Tally,
    sheet: &str,
    (row, col): (u32, u32),
    v: &DataRef,
) -> Result<()> {
    let text = match v {
        DataRef::Empty => return Ok(()),
        DataRef::SharedString(s) => clean_cell(s),
        DataRef::String(s) => clean_cell(s),
        other => cell_text(&Data::from(other.clone())),
    };
    if !text.is_empty() {
        tally.add(sheet)?;
        cells.push(RawCell { row, col, text });
    }
    Ok(())
}

/// A cell of a range, as text, unless empty.
fn push_data(
    cells: &mut Vec<RawCell>,
    tally: &mut Tally,
    sheet: &str,
    (row, col): (u32, u32),
    v: &Data,
) -> Result<()> {
    let text = cell_text(v);
    if !text.is_empty() {
        tally.add(sheet)?;
        cells.push(RawCell { row, col, text });
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_show_as_excel_shows_them() {
        assert_eq!(float_text(13812345678.0), "13812345678");
        assert_eq!(float_text(0.1 + 0.2), "0.3");
        assert_eq!(float_text(2.5), "2.5");
        assert_eq!(float_text(-3.0), "-3");
    }
}
