//! OpenDocument spreadsheets (.ods) read as a stream of cells from content.xml.
//!
//! calamine builds a dense range of an .ods sheet, and a repeated row or a far cell lets a
//! small file claim a hundred million cells. Here repeated empty rows and cells only move the
//! position, non-empty cells are counted against the budget as they are expanded, and merged
//! regions (number-rows-spanned, number-columns-spanned) are kept, which calamine does not give.

use std::io::{BufRead, BufReader, Read, Seek};

use calamine::Data;
use quick_xml::events::{BytesStart, Event};

use super::budget;
use super::grid::{Grid, Merge, RawCell};
use super::workbook::cell_text;
use crate::error::{Error, Result};

/// Rows and columns past Excel's last one are not read (an .ods may say 2^31).
const LAST_ROW: u64 = 1_048_575;
const LAST_COL: u64 = 16_383;

/// A sheet being read: its name, cells and merged regions.
struct Sheet {
    name: String,
    cells: Vec<RawCell>,
    merges: Vec<Merge>,
}

/// Reads every sheet of an .ods package, in order.
pub(super) fn read_ods<R: Read + Seek>(file: &str, zip: R) -> Result<Vec<Grid>> {
    let damaged = |what: String| {
        Error::new(crate::tr!(
            "input.not_readable",
            file = file,
            ext = "ods",
            reason = what
        ))
        .hint(crate::tr!("input.not_readable_hint"))
    };
    let mut zip = zip::ZipArchive::new(zip).map_err(|e| damaged(e.to_string()))?;
    let content = zip
        .by_name("content.xml")
        .map_err(|e| damaged(format!("content.xml: {e}")))?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(content));
    let mut sheets: Vec<Sheet> = Vec::new();
    let mut total = 0usize;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| damaged(e.to_string()))?;
        match ev {
            Event::Start(e) if e.name().as_ref() == "table:table" => {
                if sheets.len() >= budget::MAX_SHEETS {
                    return Err(budget::refused_file(
                        file,
                        &crate::tr!("claim.more_sheets", max = budget::MAX_SHEETS),
                    ));
                }
                let name = attr(&e, "table:name").unwrap_or_default();
                let mut sheet = Sheet {
                    name,
                    cells: Vec::new(),
                    merges: Vec::new(),
                };
                read_table(&mut reader, &mut sheet, &mut total, file).map_err(|e| match e {
                    Failure::Xml(m) => damaged(m),
                    Failure::Budget(e) => e,
                })?;
                sheets.push(sheet);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    sheets
        .into_iter()
        .map(|s| Grid::from_cells(file, s.name, s.cells, &s.merges))
        .collect()
}

/// Why reading stopped.
enum Failure {
    Xml(String),
    Budget(Error),
}

impl From<quick_xml::Error> for Failure {
    fn from(e: quick_xml::Error) -> Self {
        Failure::Xml(e.to_string())
    }
}

/// Reads one table up to its end tag.
fn read_table<B: BufRead>(
    reader: &mut quick_xml::Reader<B>,
    sheet: &mut Sheet,
    total: &mut usize,
    file: &str,
) -> std::result::Result<(), Failure> {
    let mut buf = Vec::new();
    let mut row: u64 = 0;
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf)? {
            Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                let repeat = number(&e, "table:number-rows-repeated");
                read_row(reader, sheet, row, repeat, total, file)?;
                row = row.saturating_add(repeat);
            }
            Event::Empty(e) if e.name().as_ref() == "table:table-row" => {
                row = row.saturating_add(number(&e, "table:number-rows-repeated"));
            }
            Event::End(e) if e.name().as_ref() == "table:table" => return Ok(()),
            Event::Eof => return Err(Failure::Xml("content.xml ends inside a table".into())),
            _ => {}
        }
    }
}

/// Reads one row (repeated `repeat` times) up to its end tag.
fn read_row<B: BufRead>(
    reader: &mut quick_xml::Reader<B>,
    sheet: &mut Sheet,
    row: u64,
    repeat: u64,
    total: &mut usize,
    file: &str,
) -> std::result::Result<(), Failure> {
    let mut buf = Vec::new();
    let mut col: u64 = 0;
    loop {
        buf.clear();
        let (e, has_content) = match reader.read_event_into(&mut buf)? {
            Event::Start(e) => (e.into_owned(), true),
            Event::Empty(e) => (e.into_owned(), false),
            Event::End(e) if e.name().as_ref() == "table:table-row" => return Ok(()),
            Event::Eof => return Err(Failure::Xml("content.xml ends inside a row".into())),
            _ => continue,
        };
        let name = e.name();
        let covered = name.as_ref() == "table:covered-table-cell";
        if name.as_ref() != "table:table-cell" && !covered {
            continue;
        }
        let cols = number(&e, "table:number-columns-repeated");
        let text = if covered {
            if has_content {
                skip_to_end(reader, e.name().as_ref())?;
            }
            String::new()
        } else {
            cell_value(reader, &e, has_content)?
        };
        if !text.is_empty() && row <= LAST_ROW && col <= LAST_COL {
            let spans = (
                number(&e, "table:number-rows-spanned"),
                number(&e, "table:number-columns-spanned"),
            );
            if spans != (1, 1) && sheet.merges.len() < budget::MAX_MERGES {
                let end = (
                    (row + spans.0 - 1).min(LAST_ROW),
                    (col + spans.1 - 1).min(LAST_COL),
                );
                sheet
                    .merges
                    .push(((row as u32, col as u32), (end.0 as u32, end.1 as u32)));
            }
            let rows = repeat.min(LAST_ROW + 1 - row);
            let cols_in = cols.min(LAST_COL + 1 - col);
            let n = rows.saturating_mul(cols_in) as usize;
            *total = total.saturating_add(n);
            if *total > budget::MAX_CELLS {
                return Err(Failure::Budget(budget::refused(
                    file,
                    &sheet.name,
                    &crate::tr!("claim.repeated", max = budget::MAX_CELLS),
                )));
            }
            for r in row..row + rows {
                for c in col..col + cols_in {
                    sheet.cells.push(RawCell {
                        row: r as u32,
                        col: c as u32,
                        text: text.clone(),
                    });
                }
            }
        }
        col = col.saturating_add(cols);
    }
}

/// The text a cell shows: its typed value, or for text its paragraphs joined by line breaks.
fn cell_value<B: BufRead>(
    reader: &mut quick_xml::Reader<B>,
    e: &BytesStart<'_>,
    has_content: bool,
) -> std::result::Result<String, Failure> {
    let vtype = attr(e, "office:value-type").unwrap_or_default();
    let typed = match vtype.as_str() {
        "float" | "percentage" | "currency" => attr(e, "office:value")
            .and_then(|v| v.trim().parse::<f64>().ok())
            .map(Data::Float),
        "date" => attr(e, "office:date-value").map(Data::DateTimeIso),
        "time" => attr(e, "office:time-value").map(Data::DurationIso),
        "boolean" => {
            attr(e, "office:boolean-value").map(|v| Data::Bool(v.eq_ignore_ascii_case("true")))
        }
        "string" => attr(e, "office:string-value").map(Data::String),
        _ => None,
    };
    let content = if has_content {
        paragraphs(reader)?
    } else {
        String::new()
    };
    Ok(cell_text(&typed.unwrap_or(Data::String(content))))
}

/// The text of a cell's paragraphs, up to the cell's end tag; annotations left out.
fn paragraphs<B: BufRead>(
    reader: &mut quick_xml::Reader<B>,
) -> std::result::Result<String, Failure> {
    let mut s = String::new();
    let mut buf = Vec::new();
    let mut first = true;
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf)? {
            Event::Text(t) => s.push_str(&t.xml10_content()),
            Event::CData(t) => s.push_str(t.as_ref()),
            Event::GeneralRef(r) => {
                if let Some(c) = r.resolve_char_ref().ok().flatten() {
                    s.push(c);
                } else {
                    s.push_str(match r.as_ref() {
                        "lt" => "<",
                        "gt" => ">",
                        "amp" => "&",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Event::Start(e) if e.name().as_ref() == "office:annotation" => {
                skip_to_end(reader, "office:annotation")?;
            }
            Event::Start(e) if e.name().as_ref() == "text:p" => {
                if !first {
                    s.push('\n');
                }
                first = false;
            }
            Event::Empty(e) if e.name().as_ref() == "text:p" => {
                if !first {
                    s.push('\n');
                }
                first = false;
            }
            Event::Empty(e) if e.name().as_ref() == "text:s" => {
                let n = number(&e, "text:c").min(1_000);
                s.extend(std::iter::repeat_n(' ', n as usize));
            }
            Event::Empty(e) if e.name().as_ref() == "text:tab" => s.push('\t'),
            Event::Empty(e) if e.name().as_ref() == "text:line-break" => s.push('\n'),
            Event::End(e)
                if e.name().as_ref() == "table:table-cell"
                    || e.name().as_ref() == "table:covered-table-cell" =>
            {
                return Ok(s);
            }
            Event::Eof => return Err(Failure::Xml("content.xml ends inside a cell".into())),
            _ => {}
        }
        if s.len() > 4 * crate::cell::MAX_CELL_CHARS {
            // Longer than a cell can be: the rest is skipped; ingest reports the cell.
            skip_to_end(reader, "table:table-cell")?;
            return Ok(s);
        }
    }
}

/// Skips to the end tag `name` of the element just opened.
fn skip_to_end<B: BufRead>(
    reader: &mut quick_xml::Reader<B>,
    name: &str,
) -> std::result::Result<(), Failure> {
    let mut buf = Vec::new();
    let mut depth = 0usize;
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf)? {
            Event::Start(e) if e.name().as_ref() == name => depth += 1,
            Event::End(e) if e.name().as_ref() == name => {
                if depth == 0 {
                    return Ok(());
                }
                depth -= 1;
            }
            Event::Eof => return Err(Failure::Xml("content.xml ends inside an element".into())),
            _ => {}
        }
    }
}

/// An attribute's value, unescaped.
fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.to_string())
        })
}

/// A repeat or span count: 1 when absent or not a positive number.
fn number(e: &BytesStart<'_>, key: &str) -> u64 {
    attr(e, key)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|n| *n > 0)
        .unwrap_or(1)
}
