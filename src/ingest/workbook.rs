//! Workbooks (xlsx, xlsm, xls, xlsb, ods) read through calamine into grids of cell text, with
//! merged regions filled so every row carries the value Excel shows across a merge.

use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader, Sheets};

use super::{Grid, InputFile, read_error};
use crate::error::{Error, Result};
use crate::normalize::clean_cell;

pub(super) fn read_workbook(file: &InputFile, ext: &str) -> Result<Vec<Grid>> {
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
}
