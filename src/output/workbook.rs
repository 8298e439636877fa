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

/// A cell of a generic table: its value and the level it is flagged at.
#[derive(Clone)]
pub(crate) enum Cell<'a> {
    Text(std::borrow::Cow<'a, str>, Option<Level>),
    Num(f64, Option<Level>),
}

pub(crate) fn text<'a, T: AsRef<str> + ?Sized>(t: &'a T, l: Option<Level>) -> Cell<'a> {
    Cell::Text(std::borrow::Cow::Borrowed(t.as_ref()), l)
}

/// An input cell's text as an output cell: a number when the text is one as Excel shows a
/// number (序号 1, 2, 3 read from number cells are numbers again), else text.
pub(crate) fn input<'a>(t: &'a str, l: Option<Level>) -> Cell<'a> {
    match plain_number(t) {
        Some(v) => Cell::Num(v, l),
        None => text(t, l),
    }
}

/// Digits a number may have to be written as one: Excel's General format shows longer
/// numbers in scientific notation (1.23457E+11), and longer digit strings are identifiers
/// (ID numbers, codes) that must keep every digit as written.
const MAX_NUMBER_DIGITS: usize = 11;

/// The value of a text written as Excel's General format writes a number: an optional minus,
/// digits without a leading zero, an optional fraction that does not end in zero, at most
/// [`MAX_NUMBER_DIGITS`] digits. `0012`, `1.50`, `+3`, `1e5`, `1,200` and an 18-digit ID
/// number are text.
pub(crate) fn plain_number(t: &str) -> Option<f64> {
    let body = t.strip_prefix('-').unwrap_or(t);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || (int.len() > 1 && int.starts_with('0')) {
        return None;
    }
    if let Some(f) = frac
        && (!digits(f) || f.ends_with('0'))
    {
        return None;
    }
    if int.len() + frac.map_or(0, str::len) > MAX_NUMBER_DIGITS {
        return None;
    }
    let v: f64 = t.parse().ok()?;
    // `-0` is no number Excel shows; the text must come back as it was, in the CSV too.
    (v != 0.0 || !t.starts_with('-'))
        .then_some(v)
        .filter(|v| crate::ingest::float_text(*v) == t)
}

/// A computed figure (a score) to two decimals, as the f64 that prints that way: an f32 score
/// widened as it is prints as 0.9399999976158142.
pub(crate) fn two_decimals(v: f32) -> f64 {
    (f64::from(v) * 100.0).round() / 100.0
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
                    // An explanation can say more than a cell holds (a cell of thousands of
                    // names, each explained): cut, so the workbook is still written.
                    if !t.is_empty() || lvl.is_some() {
                        ws.write_string_with_format(
                            rr,
                            c as u16,
                            crate::cell::clip_cell(&t).as_ref(),
                            level_format(s, lvl),
                        )?;
                    }
                }
                Cell::Num(v, None) => {
                    ws.write_number(rr, c as u16, v)?;
                }
                Cell::Num(v, lvl) => {
                    ws.write_number_with_format(rr, c as u16, v, level_format(s, lvl))?;
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

/// A workbook with qingdan's document properties: its mark, so that a later run finding it in
/// an input folder does not read it as a submission, and a fixed creation date, which keeps
/// the bytes of a report identical across runs.
pub(crate) fn new_workbook() -> Workbook {
    let mut wb = Workbook::new();
    let mut props = DocProperties::new()
        .set_custom_property(crate::ingest::MARK_NAME, crate::ingest::MARK_VALUE);
    if let Ok(dt) = ExcelDateTime::from_ymd(2020, 1, 1) {
        props = props.set_creation_datetime(&dt);
    }
    wb.set_properties(&props);
    wb
}

pub(crate) fn xerr(what: &str, e: XlsxError) -> Error {
    Error::new(crate::tr!("out.build_failed", what = what, error = e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_excel_writes_them_are_numbers_and_the_rest_text() {
        for (t, v) in [("1", 1.0), ("-3", -3.0), ("2.5", 2.5), ("0.25", 0.25)] {
            assert_eq!(plain_number(t), Some(v), "{t}");
        }
        assert_eq!(plain_number("13812345678"), Some(13_812_345_678.0));
        for t in [
            "0012",
            "1.50",
            "+3",
            "1e5",
            "1,200",
            "-0",
            "1.",
            ".5",
            "",
            "-",
            "021-63891234",
            "123456789012",
            "110101199003071234",
        ] {
            assert_eq!(plain_number(t), None, "{t}");
        }
        assert_eq!(two_decimals(0.94_f32).to_string(), "0.94");
    }
}
