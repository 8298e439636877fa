//! 标准化需求清单.csv: the list as UTF-8 CSV with a BOM, so Excel opens it as Chinese text.
//!
//! Submissions are not trusted input, and Excel and WPS evaluate a CSV cell that starts with
//! `=`, `+`, `-` or `@` as a formula (CSV injection): a bureau's cell could fetch a URL or run a
//! command on the analyst's machine. Every text cell that could start a formula is written
//! with a leading apostrophe, as OWASP recommends; nothing else changes.

use std::path::PathBuf;

use super::list::{list_headers, list_row};
use super::workbook::Cell;
use super::{CSV_FILE, Rendered};
use crate::error::{Error, Result};
use crate::standardize::Standardized;

/// Renders the CSV copy: UTF-8 with BOM so Excel opens it as Chinese text.
pub fn render_csv(std: &Standardized) -> Result<Rendered> {
    let mut buf: Vec<u8> = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut buf);
        let err =
            |e: csv::Error| Error::new(crate::tr!("out.build_failed", what = CSV_FILE, error = e));
        w.write_record(list_headers(&std.extras)).map_err(err)?;
        for r in &std.records {
            let row: Vec<String> = list_row(r, std.extras.len(), &std.findings)
                .into_iter()
                .map(|c| match c {
                    Cell::Text(t, _) => neutralized(&t).into_owned(),
                    Cell::Num(n, _) => crate::ingest::float_text(n),
                })
                .collect();
            w.write_record(&row).map_err(err)?;
        }
        w.flush()
            .map_err(|e| Error::new(crate::tr!("out.build_failed", what = CSV_FILE, error = e)))?;
    }
    Ok(Rendered {
        path: PathBuf::from(CSV_FILE),
        bytes: vec![buf],
    })
}

/// `text` as a CSV cell a spreadsheet shows as text: with a leading apostrophe when it starts
/// with `=`, `+`, `-`, `@`, a tab or a carriage return and is not a plain number (-3, +1.5
/// are numbers to Excel, not formulas, and stay as they are).
pub fn neutralized(text: &str) -> std::borrow::Cow<'_, str> {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(text) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// A decimal number with an optional sign, point and exponent, as Excel reads one.
fn is_plain_number(text: &str) -> bool {
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    body.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
        && text.parse::<f64>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralized_and_nothing_else() {
        for t in [
            "=1+1",
            "+cmd",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "-",
            "=HYPERLINK(\"http://x\",\"点\")",
        ] {
            assert_eq!(neutralized(t), format!("'{t}"), "{t}");
        }
        for t in [
            "021-63891234",
            "数据核验",
            "-3",
            "+1.5",
            "1e5",
            "",
            "营业执照",
            "a=b",
        ] {
            assert_eq!(neutralized(t), t, "{t}");
        }
    }
}
