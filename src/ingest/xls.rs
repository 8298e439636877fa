//! Legacy .xls workbooks (BIFF in an OLE compound file), made safe to hand to calamine.
//!
//! calamine reads an .xls whole at open, trusting the container's sector numbers (a damaged
//! one asks for hundreds of gigabytes) and building a dense range from the smallest to the
//! largest cell. So the container is read by the `cfb` crate, which checks every sector chain,
//! and only its workbook stream is passed on, in a new, well-formed container; and the
//! stream's cell records are scanned first, so that a sheet whose cells span a box far larger
//! than they fill is refused before any range is built.

use std::io::{Cursor, Read, Write};

use super::budget;
use crate::error::{Error, Result};

/// BIFF record types that place a cell (BIFF8, and the BIFF2–5 forms calamine reads).
const CELL_RECORDS: [u16; 15] = [
    0x0203, 0x027E, 0x00FD, 0x0204, 0x0006, 0x0206, 0x0406, 0x0205, 0x0201, 0x00D6, 0x0003, 0x0002,
    0x0004, 0x0001, 0x0005,
];
/// Records that place a run of cells in one row: MULRK and MULBLANK.
const RUN_RECORDS: [u16; 2] = [0x00BD, 0x00BE];
const BOF: [u16; 4] = [0x0809, 0x0409, 0x0209, 0x0009];
const EOF: u16 = 0x000A;
const BOUNDSHEET: u16 = 0x0085;

/// The workbook's bytes as a clean compound file holding only its workbook stream, after
/// its cells passed the budget.
pub(super) fn sanitize(file: &str, bytes: Vec<u8>) -> Result<Vec<u8>> {
    let damaged = |what: String| {
        Error::new(crate::tr!(
            "input.not_readable",
            file = file,
            ext = "xls",
            reason = what
        ))
        .hint(crate::tr!("input.not_readable_hint"))
    };
    let mut comp =
        cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| damaged(e.to_string()))?;
    let name = ["/Workbook", "/Book", "/WORKBOOK", "/BOOK"]
        .into_iter()
        .find(|n| comp.is_stream(n))
        .ok_or_else(|| damaged(crate::tr!("input.no_workbook_stream")))?;
    let mut stream = Vec::new();
    comp.open_stream(name)
        .and_then(|mut s| s.read_to_end(&mut stream))
        .map_err(|e| damaged(e.to_string()))?;
    drop(comp);
    prescan(file, &stream)?;
    // Version 3 (512-byte sectors), as Excel writes: calamine refuses a version 4 file
    // without a mini stream.
    let mut clean =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new()))
            .map_err(|e| damaged(e.to_string()))?;
    clean
        .create_stream(name)
        .and_then(|mut s| s.write_all(&stream))
        .and_then(|_| clean.flush())
        .map_err(|e| damaged(e.to_string()))?;
    Ok(clean.into_inner().into_inner())
}

/// One sheet's cells as the scan sees them.
#[derive(Default)]
struct Extent {
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
    cells: usize,
}

impl Extent {
    fn add(&mut self, row: u32, first_col: u32, last_col: u32) {
        let widen = |r: &mut Option<(u32, u32)>, a: u32, b: u32| {
            *r = Some(r.map_or((a, b), |(lo, hi)| (lo.min(a), hi.max(b))));
        };
        widen(&mut self.rows, row, row);
        widen(&mut self.cols, first_col, last_col.max(first_col));
        self.cells += (last_col.max(first_col) - first_col) as usize + 1;
    }

    /// The cells of the box from the first to the last cell, as calamine would hold them.
    fn area(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some(r), Some(c)) => u64::from(r.1 - r.0 + 1) * u64::from(c.1 - c.0 + 1),
            _ => 0,
        }
    }
}

/// Scans the stream's records: every sheet's cells must fit the budget. The first
/// substream holds the workbook's globals, not cells.
fn prescan(file: &str, s: &[u8]) -> Result<()> {
    let mut names: Vec<String> = Vec::new();
    // (index of the substream, its cells); the globals are substream 0.
    let mut current: Option<(usize, Extent)> = None;
    let mut seen = 0usize;
    let mut total = 0usize;
    let mut at = 0usize;
    while at + 4 <= s.len() {
        let typ = u16::from_le_bytes([s[at], s[at + 1]]);
        let len = usize::from(u16::from_le_bytes([s[at + 2], s[at + 3]]));
        let data = &s[at + 4..(at + 4 + len).min(s.len())];
        at += 4 + len;
        let u16_at = |i: usize| {
            data.get(i..i + 2)
                .map(|b| u32::from(u16::from_le_bytes([b[0], b[1]])))
        };
        let sheet = current.as_mut().filter(|(i, _)| *i > 0).map(|(_, e)| e);
        match typ {
            t if BOF.contains(&t) => {
                if let Some((i, e)) = current.take() {
                    check(file, &names, i, &e)?;
                }
                if seen > budget::MAX_SHEETS {
                    return Err(budget::refused_file(
                        file,
                        &crate::tr!("claim.more_sheets", max = budget::MAX_SHEETS),
                    ));
                }
                current = Some((seen, Extent::default()));
                seen += 1;
            }
            EOF => {
                if let Some((i, e)) = current.take() {
                    check(file, &names, i, &e)?;
                }
            }
            BOUNDSHEET => names.push(sheet_name(data)),
            t if CELL_RECORDS.contains(&t) => {
                if let (Some(e), Some(r), Some(c)) = (sheet, u16_at(0), u16_at(2)) {
                    e.add(r, c, c);
                    total += 1;
                }
            }
            t if RUN_RECORDS.contains(&t) => {
                let last = data.len().checked_sub(2).and_then(u16_at);
                if let (Some(e), Some(r), Some(c), Some(last)) = (sheet, u16_at(0), u16_at(2), last)
                {
                    e.add(r, c, last);
                    total += (last.max(c) - c) as usize + 1;
                }
            }
            _ => {}
        }
        if total > budget::MAX_CELLS {
            return Err(budget::refused_file(
                file,
                &crate::tr!("claim.cells", max = budget::MAX_CELLS),
            ));
        }
    }
    if let Some((i, e)) = current {
        check(file, &names, i, &e)?;
    }
    Ok(())
}

/// The substream after the workbook globals is sheet `index - 1` of BOUNDSHEET's order.
fn check(file: &str, names: &[String], index: usize, e: &Extent) -> Result<()> {
    if e.area() <= budget::held_cells(e.cells) {
        return Ok(());
    }
    let name = index
        .checked_sub(1)
        .and_then(|i| names.get(i))
        .cloned()
        .unwrap_or_else(|| format!("#{index}"));
    let (rows, cols) = (e.rows.unwrap_or_default(), e.cols.unwrap_or_default());
    Err(budget::refused(
        file,
        &name,
        &crate::tr!(
            "claim.spread_from",
            cells = e.cells,
            from = crate::cell::a1(rows.0, cols.0),
            to = crate::cell::a1(rows.1, cols.1)
        ),
    ))
}

/// A BOUNDSHEET8 record's sheet name (a ShortXLUnicodeString at offset 6), for messages.
fn sheet_name(data: &[u8]) -> String {
    let (Some(&cch), Some(&flags)) = (data.get(6), data.get(7)) else {
        return String::new();
    };
    let body = &data[8.min(data.len())..];
    if flags & 1 == 1 {
        let units: Vec<u16> = body
            .chunks_exact(2)
            .take(usize::from(cch))
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        body.iter()
            .take(usize::from(cch))
            .map(|&b| char::from(b))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend_from_slice(&(data.len() as u16).to_le_bytes());
        r.extend_from_slice(data);
        r
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend_from_slice(&col.to_le_bytes());
        d.extend_from_slice(&[0; 10]);
        record(0x0203, &d)
    }

    #[test]
    fn a_stray_cell_far_from_the_table_is_refused_before_calamine_sees_it() {
        let mut s = record(0x0809, &[0; 16]);
        let mut sheet = b"\0\0\0\0\0\0".to_vec();
        sheet.extend_from_slice(&[4, 0]);
        sheet.extend_from_slice(b"List");
        s.extend(record(BOUNDSHEET, &sheet));
        s.extend(record(EOF, &[]));
        s.extend(record(0x0809, &[0; 16]));
        for r in 0..3 {
            s.extend(number(r, 0));
        }
        assert!(prescan("a.xls", &s).is_ok());
        s.extend(number(65_535, 255));
        s.extend(record(EOF, &[]));
        let e = prescan("a.xls", &s).unwrap_err();
        assert!(e.message.contains("工作表“List”"), "{}", e.message);
        assert!(e.message.contains("从 A1 到 IV65536"), "{}", e.message);
    }

    #[test]
    fn the_shipped_seeds_pass_and_survive_the_round_trip() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
        for f in ["药监局.xls", "民政局.xls"] {
            let bytes = std::fs::read(dir.join(f)).unwrap();
            let clean = sanitize(f, bytes).unwrap();
            let mut wb = calamine::Xls::new(Cursor::new(clean)).unwrap();
            use calamine::Reader;
            assert!(!wb.sheet_names().is_empty());
            let name = wb.sheet_names()[0].clone();
            assert!(wb.worksheet_range(&name).unwrap().used_cells().count() > 10);
        }
    }
}
