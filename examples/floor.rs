//! The floor: the least any tool must do to turn a folder of workbooks into one workbook.
//!
//! ```sh
//! cargo run --release --example floor -- DIR OUT.xlsx
//! ```
//!
//! Reads every `.xlsx .xlsm .xls .xlsb .ods` (calamine, all sheets, every cell to a string)
//! and `.csv` (UTF-8, with or without BOM) file under DIR, and writes every non-blank row,
//! prefixed with 来源文件 / 来源工作表 / 来源行, into one xlsx (rust_xlsxwriter), continuing on
//! a new sheet past Excel's 1,048,576 rows. Single-threaded; no header detection, no merged
//! cells, no matching. Read and write times are timed and printed separately; the write time
//! includes saving (compressing) the workbook.

use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use calamine::{Data, Reader, open_workbook_auto};
use rust_xlsxwriter::{Workbook, Worksheet};

type Res<T = ()> = Result<T, Box<dyn Error>>;

/// Rows per output sheet: Excel's limit, less the header row.
const MAX_DATA_ROWS: u32 = 1_048_575;

fn main() -> Res {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, out] = args.as_slice() else {
        return Err("usage: floor DIR OUT.xlsx".into());
    };
    let t_all = Instant::now();
    let mut files = Vec::new();
    walk(Path::new(dir), &mut files)?;
    files.sort();

    let mut read = Duration::ZERO;
    let mut write = Duration::ZERO;
    let mut w = Writer::new();
    let (mut n_sheets, mut n_rows) = (0usize, 0u64);
    for path in &files {
        let display = path
            .strip_prefix(dir)
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned();
        let ext = ext(path);
        // Each sheet is read whole (as a tool must, to find its header), then written.
        let t = Instant::now();
        let sheets: Vec<(String, Vec<Vec<String>>)> = if ext == "csv" {
            vec![(stem(path), read_csv(path)?)]
        } else {
            let mut wb = open_workbook_auto(path)?;
            let mut v = Vec::new();
            for name in wb.sheet_names() {
                let range = wb.worksheet_range(&name)?;
                let (row0, col0) = range.start().unwrap_or((0, 0));
                let mut rows: Vec<Vec<String>> = vec![Vec::new(); row0 as usize];
                rows.extend(range.rows().map(|r| {
                    let mut cells = vec![String::new(); col0 as usize];
                    cells.extend(r.iter().map(text));
                    cells
                }));
                v.push((name, rows));
            }
            v
        };
        read += t.elapsed();

        let t = Instant::now();
        for (sheet, rows) in &sheets {
            n_sheets += 1;
            for (i, cells) in rows.iter().enumerate() {
                if cells.iter().all(String::is_empty) {
                    continue;
                }
                w.row(&display, sheet, i as u32 + 1, cells)?;
                n_rows += 1;
            }
        }
        write += t.elapsed();
    }
    let t = Instant::now();
    w.wb.save(out)?;
    write += t.elapsed();
    println!(
        "floor: {} file(s), {n_sheets} sheet(s), {n_rows} row(s) -> {out} ({} output sheet(s))",
        files.len(),
        w.sheets
    );
    println!(
        "floor: read {:.3}s write {:.3}s total {:.3}s",
        read.as_secs_f64(),
        write.as_secs_f64(),
        t_all.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The output workbook: rows go to the current sheet until it is full.
struct Writer {
    wb: Workbook,
    sheets: usize,
    /// Next row in the current sheet (0 = no sheet yet).
    next: u32,
}

impl Writer {
    fn new() -> Writer {
        Writer {
            wb: Workbook::new(),
            sheets: 0,
            next: 0,
        }
    }

    /// Starts a new sheet when there is none or the current one is full.
    fn ensure_sheet(&mut self) -> Res {
        if self.next == 0 || self.next > MAX_DATA_ROWS {
            self.sheets += 1;
            let ws = add_sheet(&mut self.wb)?;
            ws.set_name(if self.sheets == 1 {
                "全部行".to_string()
            } else {
                format!("全部行({})", self.sheets)
            })?;
            for (c, h) in ["来源文件", "来源工作表", "来源行"].iter().enumerate() {
                ws.write_string(0, c as u16, *h)?;
            }
            self.next = 1;
        }
        Ok(())
    }

    fn row(&mut self, file: &str, sheet: &str, row: u32, cells: &[String]) -> Res {
        self.ensure_sheet()?;
        let r = self.next;
        let ws = self.wb.worksheet_from_index(self.sheets - 1)?;
        ws.write_string(r, 0, file)?;
        ws.write_string(r, 1, sheet)?;
        ws.write_number(r, 2, f64::from(row))?;
        for (c, v) in cells.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r, c as u16 + 3, v)?;
            }
        }
        self.next = r + 1;
        Ok(())
    }
}

/// Adds a worksheet. Rows are written in order, so it streams to a temporary file
/// (rust_xlsxwriter's constant-memory mode) instead of staying in memory.
fn add_sheet(wb: &mut Workbook) -> Res<&mut Worksheet> {
    Ok(wb.add_worksheet_with_constant_memory()?)
}

/// A cell as text: whole numbers without `.0`, dates as calamine gives them.
fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        other => other.to_string(),
    }
}

fn read_csv(path: &Path) -> Res<Vec<Vec<String>>> {
    let bytes = fs::read(path)?;
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body);
    let mut rows = Vec::new();
    for rec in rd.records() {
        rows.push(rec?.iter().map(str::to_string).collect());
    }
    Ok(rows)
}

fn ext(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Res {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else if matches!(
            ext(&path).as_str(),
            "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" | "csv"
        ) {
            out.push(path);
        }
    }
    Ok(())
}
