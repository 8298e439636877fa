//! CSV inputs: the encoding detected (BOM, UTF-8, else GBK/GB18030) or forced, the delimiter
//! sniffed, the sheet named after the file.

use std::fs;

use super::{Grid, InputFile, RawCell, read_error};
use crate::error::{Error, Result};
use crate::normalize::clean_cell;

pub(super) fn read_csv(
    file: &InputFile,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Result<Grid> {
    let bytes = fs::read(&file.path).map_err(|e| read_error(&file.display, &e))?;
    if bytes.is_empty() {
        return Err(Error::new(crate::tr!(
            "input.empty_file",
            file = file.display
        )));
    }
    if let Some(e) = workbook_named_csv(file, &bytes) {
        return Err(e);
    }
    let text = decode(&bytes, encoding).map_err(|msg| {
        Error::new(crate::tr!(
            "input.file_said",
            file = file.display,
            said = msg
        ))
        .hint(crate::tr!("input.encoding_hint"))
    })?;
    let delim = sniff_delimiter(&text);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let mut cells = Vec::new();
    let row_of = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| {
            Error::new(crate::tr!(
                "input.bad_csv",
                file = file.display,
                row = i + 1,
                error = e
            ))
        })?;
        for (j, field) in rec.iter().enumerate() {
            let text = clean_cell(field);
            if !text.is_empty() {
                let col = u32::try_from(j).unwrap_or(u32::MAX);
                cells.push(RawCell {
                    row: row_of(i),
                    col,
                    text,
                });
                if cells.len() > super::budget::MAX_CELLS {
                    return Err(super::budget::refused_file(
                        &file.display,
                        &crate::tr!("claim.cells", max = super::budget::MAX_CELLS),
                    ));
                }
            }
        }
    }
    let name = file
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Grid::from_cells(&file.display, name, cells, &[])
}

/// The error for a workbook saved under a .csv name: what the file really is, and the rename
/// that fixes it. Decoding it as text would give a screen of garbage or a missing header.
fn workbook_named_csv(file: &InputFile, bytes: &[u8]) -> Option<Error> {
    let (what, ext) = if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
            Ok(z) if z.index_for_name("xl/workbook.bin").is_some() => {
                (crate::tr!("input.kind_xlsb"), "xlsb")
            }
            Ok(z) if z.index_for_name("content.xml").is_some() => {
                (crate::tr!("input.kind_ods"), "ods")
            }
            Ok(z) if z.index_for_name("xl/workbook.xml").is_none() => {
                (crate::tr!("input.kind_zip"), "zip")
            }
            _ => (crate::tr!("input.kind_xlsx"), "xlsx"),
        }
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        // Excel keeps a password-protected xlsx in a compound file, in a stream of this name.
        let encrypted: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        if bytes.windows(encrypted.len()).any(|w| w == encrypted) {
            (crate::tr!("input.kind_encrypted"), "xlsx")
        } else {
            (crate::tr!("input.kind_xls"), "xls")
        }
    } else {
        return None;
    };
    let stem = file
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Some(
        Error::new(crate::tr!(
            "input.not_csv",
            file = file.display,
            what = what
        ))
        .hint(crate::tr!(
            "input.rename_hint",
            name = format!("{stem}.{ext}")
        )),
    )
}

/// Decodes CSV bytes: a BOM decides; otherwise UTF-8 when valid, else GB18030 (a superset of
/// GBK, which Excel on Chinese Windows writes).
fn decode(
    bytes: &[u8],
    forced: Option<&'static encoding_rs::Encoding>,
) -> std::result::Result<String, String> {
    if let Some(enc) = forced {
        let (text, _, had_errors) = enc.decode(bytes);
        if had_errors {
            return Err(crate::tr!("input.not_encoding", encoding = enc.name()));
        }
        return Ok(text.into_owned());
    }
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, had_errors) = enc.decode(bytes);
        if had_errors {
            return Err(crate::tr!("input.bad_bom", encoding = enc.name()));
        }
        return Ok(text.into_owned());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    if had_errors {
        return Err(crate::tr!("input.unknown_encoding"));
    }
    Ok(text.into_owned())
}

fn sniff_delimiter(text: &str) -> u8 {
    let sample: Vec<&str> = text.lines().take(20).collect();
    let count = |c: char| sample.iter().map(|l| l.matches(c).count()).sum::<usize>();
    let (commas, tabs, semis) = (count(','), count('\t'), count(';'));
    if tabs > commas && tabs >= semis {
        b'\t'
    } else if semis > commas && semis > tabs {
        b';'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_detected() {
        let (bytes, _, _) = encoding_rs::GBK.encode("材料名称,使用方式\n营业执照,数据核验\n");
        let text = decode(&bytes, None).unwrap();
        assert!(text.starts_with("材料名称"));
    }
}
