//! 标准化需求清单.csv: the list as UTF-8 CSV with a BOM, so Excel opens it as Chinese text.

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
        let err = |e: csv::Error| Error::new(format!("could not build {CSV_FILE}: {e}"));
        w.write_record(list_headers(&std.extras)).map_err(err)?;
        for r in &std.records {
            let row: Vec<String> = list_row(r, std.extras.len(), &std.findings)
                .into_iter()
                .map(|c| match c {
                    Cell::Text(t, _) => t.into_owned(),
                    Cell::Num(n) => crate::ingest::float_text(n),
                })
                .collect();
            w.write_record(&row).map_err(err)?;
        }
        w.flush()
            .map_err(|e| Error::new(format!("could not build {CSV_FILE}: {e}")))?;
    }
    Ok(Rendered {
        path: PathBuf::from(CSV_FILE),
        bytes: vec![buf],
    })
}
