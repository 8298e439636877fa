//! The workbook conventions every output shares: styles, cells coloured by level, tables with
//! a frozen header, filters and widths from content, fixed document properties.

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

use crate::error::Error;
use crate::rules::Level;

/// The formats of every output workbook: one look for all of them.
pub(crate) struct Styles {
    /// Header row: bold, filled, bordered.
    pub(crate) header: Format,
    /// Ordinary text, wrapped and top-aligned.
    pub(crate) text: Format,
    /// A cell flagged at warning level.
    pub(crate) warn: Format,
    /// A cell flagged at error level.
    pub(crate) error: Format,
    /// A cell flagged at info level.
    pub(crate) info: Format,
    /// Notes under a table.
    pub(crate) note: Format,
}

pub(crate) fn styles() -> Styles {
    let base = Format::new().set_align(FormatAlign::Top).set_text_wrap();
    Styles {
        header: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color(Color::RGB(0xD9E1F2))
            .set_border(FormatBorder::Thin),
        text: base.clone(),
        warn: base.clone().set_background_color(Color::RGB(0xFFF2CC)),
        error: base.clone().set_background_color(Color::RGB(0xFFC7CE)),
        info: base.set_background_color(Color::RGB(0xE2EFDA)),
        note: Format::new()
            .set_italic()
            .set_font_color(Color::RGB(0x595959)),
    }
}

pub(super) fn level_format(s: &Styles, l: Option<Level>) -> &Format {
    match l {
        Some(Level::Error) => &s.error,
        Some(Level::Warning) => &s.warn,
        Some(Level::Info) => &s.info,
        None => &s.text,
    }
}

/// A cell of a generic table.
#[derive(Clone)]
pub(crate) enum Cell<'a> {
    Text(std::borrow::Cow<'a, str>, Option<Level>),
    Num(f64),
}

pub(crate) fn text<'a, T: AsRef<str> + ?Sized>(t: &'a T, l: Option<Level>) -> Cell<'a> {
    Cell::Text(std::borrow::Cow::Borrowed(t.as_ref()), l)
}

pub(crate) fn owned<'a>(t: String, l: Option<Level>) -> Cell<'a> {
    Cell::Text(std::borrow::Cow::Owned(t), l)
}

/// Display width of text in Excel column units: CJK counts double.
fn text_width(s: &str) -> usize {
    s.lines()
        .map(|l| {
            l.chars()
                .map(|c| if (c as u32) > 0x2E80 { 2 } else { 1 })
                .sum::<usize>()
        })
        .max()
        .unwrap_or(0)
}

/// Rows sampled for column widths: enough to see typical content, cheap on a million rows.
const WIDTH_SAMPLE: usize = 2000;

/// Writes a header and `n` rows (made on demand by `row_at`, so a million-row sheet is never
/// held as cells) onto a sheet: widths from content, frozen header, autofilter.
pub(crate) fn write_table<'a>(
    ws: &mut Worksheet,
    s: &Styles,
    headers: &[&str],
    n: usize,
    row_at: impl Fn(usize) -> Vec<Cell<'a>>,
    max_width: usize,
) -> std::result::Result<(), XlsxError> {
    write_head(ws, s, headers, n, &row_at, max_width)?;
    for r in 0..n {
        let rr = (r + 1) as u32;
        for (c, cell) in row_at(r).into_iter().enumerate() {
            match cell {
                Cell::Text(t, lvl) => {
                    if !t.is_empty() || lvl.is_some() {
                        ws.write_string_with_format(
                            rr,
                            c as u16,
                            t.as_ref(),
                            level_format(s, lvl),
                        )?;
                    }
                }
                Cell::Num(v) => {
                    ws.write_number(rr, c as u16, v)?;
                }
            }
        }
    }
    Ok(())
}

/// The part of [`write_table`] above the rows: widths from a sample of the rows, frozen
/// header, autofilter over all `n` rows, the header row.
pub(super) fn write_head<'a>(
    ws: &mut Worksheet,
    s: &Styles,
    headers: &[&str],
    n: usize,
    row_at: &impl Fn(usize) -> Vec<Cell<'a>>,
    max_width: usize,
) -> std::result::Result<(), XlsxError> {
    let mut widths: Vec<usize> = headers.iter().map(|h| text_width(h).max(6)).collect();
    for r in 0..n.min(WIDTH_SAMPLE) {
        for (c, cell) in row_at(r).iter().enumerate() {
            if let Cell::Text(t, _) = cell {
                widths[c] = widths[c].max(text_width(t));
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w + 2).clamp(8, max_width) as f64)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(
        0,
        0,
        n.max(1) as u32,
        headers.len().saturating_sub(1) as u16,
    )?;
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &s.header)?;
    }
    Ok(())
}

pub(crate) fn new_workbook() -> Workbook {
    let mut wb = Workbook::new();
    // A fixed creation date keeps the bytes of a report identical across runs.
    if let Ok(dt) = ExcelDateTime::from_ymd(2020, 1, 1) {
        wb.set_properties(&DocProperties::new().set_creation_datetime(&dt));
    }
    wb
}

pub(crate) fn xerr(what: &str, e: XlsxError) -> Error {
    Error::new(format!("could not build {what}: {e}"))
}
