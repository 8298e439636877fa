//! Merged regions of an xlsx, found by scanning each sheet's XML for `<mergeCell ref=…>` as it
//! streams past. calamine parses a whole sheet as XML events a second time for them, which
//! costs as much as reading its cells; this reads the bytes once, in chunks, so a sheet of
//! any size costs a megabyte. `None` for a sheet whose package is not laid out as expected:
//! the caller then asks calamine.

use std::collections::HashMap;
use std::io::Read;

use super::budget;
use super::grid::Merge;

/// The package parts read whole (workbook.xml and its relations) are at most this long.
const SMALL_PART: u64 = 64 << 20;

/// Merged regions by sheet name, for every sheet whose part could be found.
pub(super) fn scan<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
) -> Option<HashMap<String, Vec<Merge>>> {
    let mut small = |name: &str| -> Option<String> {
        let mut buf = String::new();
        zip.by_name(name)
            .ok()?
            .take(SMALL_PART)
            .read_to_string(&mut buf)
            .ok()?;
        Some(buf)
    };
    let workbook = small("xl/workbook.xml")?;
    let rels = small("xl/_rels/workbook.xml.rels")?;
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
        let Ok(entry) = zip.by_name(&part) else {
            continue;
        };
        if let Some(m) = merges_streamed(entry) {
            out.insert(xml_unescape(name), m);
        }
    }
    Some(out)
}

/// The `<mergeCell ref="A1:B3"/>` regions of a sheet's XML, read in chunks; `None` when the
/// sheet's elements carry a namespace prefix (<x:mergeCell>), a reference does not parse, or
/// there are more than the budget allows.
fn merges_streamed(mut r: impl Read) -> Option<Vec<Merge>> {
    const OPEN: &[u8] = b"<mergeCell ";
    let mut out = Vec::new();
    let mut window: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; 1 << 20];
    let mut seen_root = false;
    loop {
        let n = r.read(&mut chunk).ok()?;
        if n == 0 {
            return seen_root.then_some(out);
        }
        window.extend_from_slice(&chunk[..n]);
        if !seen_root {
            // The root element comes first; until it shows, nothing is dropped.
            seen_root = find(&window, b"<worksheet").is_some();
            if !seen_root {
                if window.len() > 1 << 16 {
                    return None;
                }
                continue;
            }
        }
        let mut at = 0;
        let keep = loop {
            let Some(p) = find(&window[at..], OPEN) else {
                break window.len().saturating_sub(OPEN.len()).max(at);
            };
            let start = at + p;
            let Some(end) = find(&window[start..], b">") else {
                // A tag cut by the chunk: it is read whole with the next one.
                if window.len() - start > 4096 {
                    return None;
                }
                break start;
            };
            let tag = std::str::from_utf8(&window[start..start + end]).ok()?;
            out.push(region(attr(tag, " ref=\"")?)?);
            if out.len() > budget::MAX_MERGES {
                return None;
            }
            at = start + end + 1;
        };
        window.drain(..keep);
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// A merged region from its `A1:B3` reference (a single cell when there is no colon).
pub(super) fn region(r: &str) -> Option<Merge> {
    let (a, b) = r.split_once(':').unwrap_or((r, r));
    Some((a1_pos(a)?, a1_pos(b)?))
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

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::Reader;
    use std::path::Path;

    #[test]
    fn merges_are_found_by_scanning_the_sheet_xml() {
        assert_eq!(a1_pos("A1"), Some((0, 0)));
        assert_eq!(a1_pos("AB12"), Some((11, 27)));
        assert_eq!(a1_pos("12"), None);
        let xml = r#"<worksheet><sheetData/><mergeCells count="2"><mergeCell ref="A1:M1"/><mergeCell ref="B3:B9"/></mergeCells></worksheet>"#;
        let m = merges_streamed(xml.as_bytes()).unwrap();
        assert_eq!(m, [((0, 0), (0, 12)), ((2, 1), (8, 1))]);
        // The same regions as calamine finds, on every sheet of the shipped examples.
        for f in ["市民政局_数据共享需求.xlsx", "浦东新区市场监管局_清单.xlsx"]
        {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("examples")
                .join(f);
            let file = std::fs::File::open(&path).unwrap();
            let scanned = scan(&mut zip::ZipArchive::new(file).unwrap()).unwrap();
            let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
            assert!(!scanned.is_empty());
            for name in wb.sheet_names() {
                let theirs: Vec<Merge> = wb
                    .merge_cells_by_sheet_name(&name)
                    .unwrap()
                    .iter()
                    .map(|d| (d.start, d.end))
                    .collect();
                assert_eq!(scanned[&name], theirs, "{f}: {name}");
            }
        }
    }

    #[test]
    fn a_tag_cut_between_chunks_is_read_whole() {
        // A reader that hands out three bytes at a time cuts every tag.
        struct Dribble<'a>(&'a [u8]);
        impl Read for Dribble<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(3).min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let xml = r#"<worksheet><mergeCells><mergeCell ref="A1:M1"/><mergeCell ref="C3:C9"/></mergeCells></worksheet>"#;
        let m = merges_streamed(Dribble(xml.as_bytes())).unwrap();
        assert_eq!(m, [((0, 0), (0, 12)), ((2, 2), (8, 2))]);
    }
}
