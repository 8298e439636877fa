//! Fast rows for the standardized list: a million rows straight to deflated sheet XML on both
//! cores, spliced into the workbook rust_xlsxwriter builds.
//!
//! rust_xlsxwriter builds everything around the rows (styles, widths, frozen header,
//! autofilter, the other sheets). A list sheet gets its header row there plus one probe row of
//! blank cells, one per style, from which the style indices are read back; then the probe row
//! is replaced by the real rows. Writing them through rust_xlsxwriter costs about a
//! microsecond a cell (a cell map, a format hash per cell, escaping copies) and deflates on one
//! thread; here a cell is a few appends to a buffer, and the sheet is cut into parts that are
//! deflated in parallel and concatenated (as pigz does: each part ends on a byte boundary with
//! a sync flush, only the last is final). The zip around it is rewritten as it was, entries
//! copied raw, with ZIP64 fields where a size needs them.

use std::io::Read;

use flate2::{Compress, Compression, FlushCompress, Status};
use rayon::prelude::*;

use super::Cell;
use crate::cell::{MAX_CELL_CHARS, col_letters};
use crate::error::{Error, Result};
use crate::rules::Level;

/// Rows per deflated part: big enough to compress well, small enough to spread over cores
/// and to keep one part's XML small in memory.
const PART_ROWS: usize = 8_192;
/// zlib level: at 100k rows, 3 writes a file about 15% larger than the default 6 does, in
/// about two thirds of the CPU time.
const LEVEL: u32 = 3;

/// The styles a row cell can take, in the order of the probe row's cells.
pub(crate) const PROBE_LEVELS: [Option<Level>; 4] = [
    None,
    Some(Level::Warning),
    Some(Level::Error),
    Some(Level::Info),
];

/// Rows to put on one sheet of the workbook.
pub(crate) struct SheetRows<'f, 'a> {
    /// 1-based position of the sheet in the workbook (`xl/worksheets/sheet{n}.xml`).
    pub sheet: usize,
    /// How many rows, written from Excel row 2 on.
    pub rows: usize,
    /// Columns per row.
    pub cols: usize,
    /// Makes row `i` (0-based).
    pub row_at: &'f (dyn Fn(usize, &mut Vec<Cell<'a>>) + Sync),
}

/// Replaces the probe row of each listed sheet of `workbook` (an xlsx in memory) with its rows.
pub(crate) fn splice(
    workbook: &[u8],
    sheets: &[SheetRows<'_, '_>],
    what: &str,
) -> Result<Vec<Vec<u8>>> {
    let bad = |why: &str| Error::new(format!("could not build {what}: {why}"));
    let entries = read_zip(workbook).map_err(|e| bad(&e))?;
    let mut out = ZipOut::default();
    for e in &entries {
        let target = sheets
            .iter()
            .find(|s| e.name == format!("xl/worksheets/sheet{}.xml", s.sheet));
        match target {
            None => out.entry(
                e.name.as_bytes(),
                vec![e.raw(workbook).to_vec()],
                e.method,
                e.crc,
                e.size,
                e.time,
                e.flags,
            ),
            Some(s) => {
                let mut xml = Vec::new();
                match e.method {
                    0 => xml.extend_from_slice(e.raw(workbook)),
                    _ => {
                        flate2::read::DeflateDecoder::new(e.raw(workbook))
                            .read_to_end(&mut xml)
                            .map_err(|e| bad(&format!("template sheet: {e}")))?;
                    }
                }
                let (parts, crc, size) = sheet_parts(&xml, s).map_err(|e| bad(&e))?;
                out.entry(e.name.as_bytes(), parts, 8, crc, size, e.time, e.flags);
            }
        }
    }
    Ok(out.finish())
}

/// The sheet's XML as deflated parts, with its CRC-32 and uncompressed size.
fn sheet_parts(
    template: &[u8],
    s: &SheetRows<'_, '_>,
) -> std::result::Result<(Vec<Vec<u8>>, u32, u64), String> {
    let xml = std::str::from_utf8(template).map_err(|_| "template sheet is not UTF-8")?;
    let start = xml
        .find("<row r=\"2\"")
        .ok_or("template sheet has no probe row")?;
    let end = start
        + xml[start..]
            .find("</row>")
            .ok_or("unterminated probe row")?
        + "</row>".len();
    let styles = probe_styles(&xml[start..end])?;
    let last_col = col_letters(s.cols.max(1) as u32 - 1);
    let mut head = xml[..start].to_string();
    if let Some(d) = head.find("<dimension ref=\"") {
        let from = d + "<dimension ref=\"".len();
        let to = from + head[from..].find('"').ok_or("bad dimension")?;
        head.replace_range(from..to, &format!("A1:{last_col}{}", s.rows + 1));
    }
    let tail = &xml[end..];

    let cols: Vec<Vec<u8>> = (0..s.cols as u32)
        .map(|c| col_letters(c).into_bytes())
        .collect();
    let n_parts = s.rows.div_ceil(PART_ROWS);
    let bodies: Vec<std::result::Result<Part, String>> = (0..n_parts)
        .into_par_iter()
        .map(|p| {
            let rows = p * PART_ROWS..((p + 1) * PART_ROWS).min(s.rows);
            let mut buf: Vec<u8> = Vec::with_capacity(rows.len() * s.cols * 48);
            let mut cells = Vec::with_capacity(s.cols);
            for i in rows {
                cells.clear();
                (s.row_at)(i, &mut cells);
                write_row(&mut buf, (i + 2) as u32, &cells, &cols, &styles)?;
            }
            let mut h = crc32fast::Hasher::new();
            h.update(&buf);
            Ok(Part {
                deflated: deflate(&buf, false),
                crc: h.finalize(),
                len: buf.len() as u64,
            })
        })
        .collect();
    let mut parts = Vec::with_capacity(n_parts + 2);
    let mut crc = crc32fast::Hasher::new();
    crc.update(head.as_bytes());
    parts.push(deflate(head.as_bytes(), false));
    let mut size = head.len() as u64;
    for b in bodies {
        let p = b?;
        crc.combine(&crc32fast::Hasher::new_with_initial_len(p.crc, p.len));
        size += p.len;
        parts.push(p.deflated);
    }
    crc.update(tail.as_bytes());
    size += tail.len() as u64;
    parts.push(deflate(tail.as_bytes(), true));
    Ok((parts, crc.finalize(), size))
}

/// Rows of a sheet, deflated, with what the zip needs to know of them.
struct Part {
    deflated: Vec<u8>,
    crc: u32,
    len: u64,
}

/// The `s` index of each probe cell, in [`PROBE_LEVELS`] order (0: no style attribute).
fn probe_styles(row: &str) -> std::result::Result<[u32; 4], String> {
    let mut out = [0u32; 4];
    let cells: Vec<&str> = row.split("<c ").skip(1).collect();
    if cells.len() != out.len() {
        return Err(format!(
            "probe row has {} cells, not {}",
            cells.len(),
            out.len()
        ));
    }
    for (slot, c) in out.iter_mut().zip(cells) {
        if let Some(i) = c.find(" s=\"") {
            let v = &c[i + 4..];
            *slot = v[..v.find('"').unwrap_or(0)]
                .parse()
                .map_err(|_| "bad style index in probe row")?;
        }
    }
    Ok(out)
}

fn write_row(
    buf: &mut Vec<u8>,
    r: u32,
    cells: &[Cell<'_>],
    cols: &[Vec<u8>],
    styles: &[u32; 4],
) -> std::result::Result<(), String> {
    let mut num = itoa::Buffer::new();
    let rs = num.format(r).as_bytes().to_vec();
    buf.extend_from_slice(b"<row r=\"");
    buf.extend_from_slice(&rs);
    buf.extend_from_slice(b"\">");
    for (c, cell) in cells.iter().enumerate() {
        let open = |buf: &mut Vec<u8>, style: u32| {
            buf.extend_from_slice(b"<c r=\"");
            buf.extend_from_slice(&cols[c]);
            buf.extend_from_slice(&rs);
            buf.push(b'"');
            if style != 0 {
                buf.extend_from_slice(b" s=\"");
                buf.extend_from_slice(itoa::Buffer::new().format(style).as_bytes());
                buf.push(b'"');
            }
        };
        match cell {
            Cell::Text(t, level) => {
                let style = styles[PROBE_LEVELS.iter().position(|l| l == level).unwrap_or(0)];
                if t.is_empty() {
                    if level.is_some() {
                        open(buf, style);
                        buf.extend_from_slice(b"/>");
                    }
                    continue;
                }
                if !crate::cell::fits_cell(t) {
                    return Err(format!(
                        "row {r}, column {}: a cell of more than {MAX_CELL_CHARS} characters",
                        String::from_utf8_lossy(&cols[c])
                    ));
                }
                open(buf, style);
                let ws = [' ', '\t', '\n'];
                if t.starts_with(ws) || t.ends_with(ws) {
                    buf.extend_from_slice(b" t=\"inlineStr\"><is><t xml:space=\"preserve\">");
                } else {
                    buf.extend_from_slice(b" t=\"inlineStr\"><is><t>");
                }
                escape(buf, t);
                buf.extend_from_slice(b"</t></is></c>");
            }
            Cell::Num(v, level) => {
                // A number takes its row's look, as the text beside it does.
                open(
                    buf,
                    styles[PROBE_LEVELS.iter().position(|l| l == level).unwrap_or(0)],
                );
                buf.extend_from_slice(b"><v>");
                if v.fract() == 0.0 && v.abs() < 1e15 {
                    buf.extend_from_slice(num.format(*v as i64).as_bytes());
                } else {
                    buf.extend_from_slice(v.to_string().as_bytes());
                }
                buf.extend_from_slice(b"</v></c>");
            }
        }
    }
    buf.extend_from_slice(b"</row>");
    Ok(())
}

/// XML text escaping as Excel writes it: `& < >`, control characters as `_xHHHH_`, and a
/// literal `_xHHHH_` protected by escaping its underscore.
fn escape(buf: &mut Vec<u8>, t: &str) {
    let b = t.as_bytes();
    let mut from = 0;
    for (i, &c) in b.iter().enumerate() {
        let rep: &[u8] = match c {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'\t' | b'\n' => continue,
            0..=0x1f => {
                buf.extend_from_slice(&b[from..i]);
                buf.extend_from_slice(format!("_x{c:04X}_").as_bytes());
                from = i + 1;
                continue;
            }
            b'_' if is_escape_like(&b[i..]) => {
                // `_x0041_` becomes `_x005F_x0041_`: the underscore itself is copied on.
                buf.extend_from_slice(&b[from..i]);
                buf.extend_from_slice(b"_x005F");
                from = i;
                continue;
            }
            _ => continue,
        };
        buf.extend_from_slice(&b[from..i]);
        buf.extend_from_slice(rep);
        from = i + 1;
    }
    buf.extend_from_slice(&b[from..]);
}

fn is_escape_like(b: &[u8]) -> bool {
    b.len() >= 7 && b[1] == b'x' && b[6] == b'_' && b[2..6].iter().all(u8::is_ascii_hexdigit)
}

/// Raw deflate of one part; every part but the last ends with a sync flush so that parts
/// concatenate into one stream.
fn deflate(data: &[u8], last: bool) -> Vec<u8> {
    let mut c = Compress::new(Compression::new(LEVEL), false);
    let mut out: Vec<u8> = Vec::with_capacity(data.len() / 4 + 64);
    let flush = if last {
        FlushCompress::Finish
    } else {
        FlushCompress::Sync
    };
    loop {
        if out.capacity() - out.len() < 1024 {
            out.reserve(out.capacity().max(4096));
        }
        let fed = c.total_in() as usize;
        let status = c
            .compress_vec(&data[fed..], &mut out, flush)
            .unwrap_or(Status::StreamEnd);
        let all_in = c.total_in() as usize == data.len();
        let done = if last {
            status == Status::StreamEnd
        } else {
            // A sync flush is complete once a call returns with output room to spare.
            all_in && out.len() < out.capacity()
        };
        if done {
            return out;
        }
    }
}

/// An entry of the template zip.
struct Entry {
    name: String,
    method: u16,
    flags: u16,
    time: u32,
    crc: u32,
    size: u64,
    data: std::ops::Range<usize>,
}

impl Entry {
    fn raw<'a>(&self, zip: &'a [u8]) -> &'a [u8] {
        &zip[self.data.clone()]
    }
}

/// The entries of an xlsx in memory, in order, with where each one's stored bytes lie.
fn read_zip(z: &[u8]) -> std::result::Result<Vec<Entry>, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(z)).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(|e| e.to_string())?;
        let method = match f.compression() {
            zip::CompressionMethod::Stored => 0,
            zip::CompressionMethod::Deflated => 8,
            other => return Err(format!("unexpected compression {other}")),
        };
        let (date, time): (u16, u16) = f.last_modified().unwrap_or_default().into();
        let start = f.data_start().ok_or("entry without data")? as usize;
        let end = start + f.compressed_size() as usize;
        if end > z.len() {
            return Err("truncated zip".into());
        }
        out.push(Entry {
            name: f.name().map_err(|e| e.to_string())?.into_owned(),
            method,
            // Names are written as bytes; rust_xlsxwriter's are ASCII, so no UTF-8 flag.
            flags: 0,
            time: u32::from(time) | u32::from(date) << 16,
            crc: f.crc32(),
            size: f.size(),
            data: start..end,
        });
    }
    Ok(out)
}

/// A zip written in order, in memory as a list of pieces (entry data is moved in, not
/// copied), with ZIP64 fields only where a value needs them.
struct ZipOut {
    pieces: Vec<Vec<u8>>,
    len: u64,
    central: Vec<u8>,
    count: u64,
    /// Sizes and offsets from this one on are written as ZIP64 (lowered by a test).
    limit: u64,
}

impl Default for ZipOut {
    fn default() -> Self {
        ZipOut {
            pieces: Vec::new(),
            len: 0,
            central: Vec::new(),
            count: 0,
            limit: 0xFFFF_FFFF,
        }
    }
}

impl ZipOut {
    #[allow(clippy::too_many_arguments)]
    fn entry(
        &mut self,
        name: &[u8],
        parts: Vec<Vec<u8>>,
        method: u16,
        crc: u32,
        size: u64,
        time: u32,
        flags: u16,
    ) {
        let csize: u64 = parts.iter().map(|p| p.len() as u64).sum();
        let offset = self.len;
        let big = size >= self.limit || csize >= self.limit;
        let flags = flags & !0x0008; // sizes are in the header: no data descriptor
        // Local header.
        let mut b: Vec<u8> = Vec::with_capacity(30 + name.len() + 20);
        b.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        b.extend_from_slice(&(if big { 45u16 } else { 20 }).to_le_bytes());
        b.extend_from_slice(&flags.to_le_bytes());
        b.extend_from_slice(&method.to_le_bytes());
        b.extend_from_slice(&time.to_le_bytes());
        b.extend_from_slice(&crc.to_le_bytes());
        if big {
            b.extend_from_slice(&u32::MAX.to_le_bytes());
            b.extend_from_slice(&u32::MAX.to_le_bytes());
        } else {
            b.extend_from_slice(&(csize as u32).to_le_bytes());
            b.extend_from_slice(&(size as u32).to_le_bytes());
        }
        b.extend_from_slice(&(name.len() as u16).to_le_bytes());
        b.extend_from_slice(&(if big { 20u16 } else { 0 }).to_le_bytes());
        b.extend_from_slice(name);
        if big {
            b.extend_from_slice(&1u16.to_le_bytes());
            b.extend_from_slice(&16u16.to_le_bytes());
            b.extend_from_slice(&size.to_le_bytes());
            b.extend_from_slice(&csize.to_le_bytes());
        }
        self.len += b.len() as u64 + csize;
        self.pieces.push(b);
        self.pieces.extend(parts);
        // Central directory entry.
        let far = offset >= self.limit;
        let mut extra: Vec<u8> = Vec::new();
        if big {
            extra.extend_from_slice(&size.to_le_bytes());
            extra.extend_from_slice(&csize.to_le_bytes());
        }
        if far {
            extra.extend_from_slice(&offset.to_le_bytes());
        }
        let c = &mut self.central;
        c.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        let version: u16 = if big || far { 45 } else { 20 };
        c.extend_from_slice(&version.to_le_bytes()); // made by
        c.extend_from_slice(&version.to_le_bytes()); // needed
        c.extend_from_slice(&flags.to_le_bytes());
        c.extend_from_slice(&method.to_le_bytes());
        c.extend_from_slice(&time.to_le_bytes());
        c.extend_from_slice(&crc.to_le_bytes());
        if big {
            c.extend_from_slice(&u32::MAX.to_le_bytes());
            c.extend_from_slice(&u32::MAX.to_le_bytes());
        } else {
            c.extend_from_slice(&(csize as u32).to_le_bytes());
            c.extend_from_slice(&(size as u32).to_le_bytes());
        }
        c.extend_from_slice(&(name.len() as u16).to_le_bytes());
        let xlen = if extra.is_empty() { 0 } else { extra.len() + 4 };
        c.extend_from_slice(&(xlen as u16).to_le_bytes());
        c.extend_from_slice(&0u16.to_le_bytes()); // comment
        c.extend_from_slice(&0u16.to_le_bytes()); // disk
        c.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
        c.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        c.extend_from_slice(&(if far { u32::MAX } else { offset as u32 }).to_le_bytes());
        c.extend_from_slice(name);
        if !extra.is_empty() {
            c.extend_from_slice(&1u16.to_le_bytes());
            c.extend_from_slice(&(extra.len() as u16).to_le_bytes());
            c.extend_from_slice(&extra);
        }
        self.count += 1;
    }

    fn finish(mut self) -> Vec<Vec<u8>> {
        let cd_offset = self.len;
        let cd_size = self.central.len() as u64;
        let z64 = cd_offset >= self.limit || cd_size >= self.limit || self.count >= 0xFFFF;
        let b = &mut self.central;
        if z64 {
            let at = cd_offset + cd_size;
            b.extend_from_slice(&0x0606_4b50u32.to_le_bytes());
            b.extend_from_slice(&44u64.to_le_bytes());
            b.extend_from_slice(&45u16.to_le_bytes());
            b.extend_from_slice(&45u16.to_le_bytes());
            b.extend_from_slice(&0u32.to_le_bytes());
            b.extend_from_slice(&0u32.to_le_bytes());
            b.extend_from_slice(&self.count.to_le_bytes());
            b.extend_from_slice(&self.count.to_le_bytes());
            b.extend_from_slice(&cd_size.to_le_bytes());
            b.extend_from_slice(&cd_offset.to_le_bytes());
            b.extend_from_slice(&0x0706_4b50u32.to_le_bytes());
            b.extend_from_slice(&0u32.to_le_bytes());
            b.extend_from_slice(&at.to_le_bytes());
            b.extend_from_slice(&1u32.to_le_bytes());
        }
        let clamp16 = |v: u64| if v >= 0xFFFF { 0xFFFF } else { v as u16 };
        let limit = self.limit;
        let clamp32 = |v: u64| if v >= limit { u32::MAX } else { v as u32 };
        b.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        b.extend_from_slice(&0u16.to_le_bytes());
        b.extend_from_slice(&0u16.to_le_bytes());
        b.extend_from_slice(&clamp16(self.count).to_le_bytes());
        b.extend_from_slice(&clamp16(self.count).to_le_bytes());
        b.extend_from_slice(&clamp32(cd_size).to_le_bytes());
        b.extend_from_slice(&clamp32(cd_offset).to_le_bytes());
        b.extend_from_slice(&0u16.to_le_bytes());
        self.pieces.push(self.central);
        self.pieces
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(t: &str) -> String {
        let mut b = Vec::new();
        escape(&mut b, t);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn escapes_as_excel_does() {
        assert_eq!(escaped("a&b<c>d"), "a&amp;b&lt;c&gt;d");
        assert_eq!(escaped("行\t一\n二"), "行\t一\n二");
        assert_eq!(escaped("x\u{1}y\rz"), "x_x0001_y_x000D_z");
        assert_eq!(escaped("_x0041_ and _x12_"), "_x005F_x0041_ and _x12_");
        assert_eq!(escaped("上海市公安局"), "上海市公安局");
    }

    #[test]
    fn parts_deflate_into_one_stream() {
        let a: Vec<u8> = (0..200_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        let b = b"<row r=\"2\"></row>".repeat(5000);
        let c = b"</sheetData></worksheet>";
        let mut z = deflate(&a, false);
        z.extend(deflate(&b, false));
        z.extend(deflate(&[], false));
        z.extend(deflate(c, true));
        let mut back = Vec::new();
        flate2::read::DeflateDecoder::new(&z[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, [a.as_slice(), &b, c].concat());
    }

    #[test]
    fn zip64_fields_read_back() {
        // Every size and offset past a tiny limit: the ZIP64 paths a >4 GiB sheet takes.
        let mut out = ZipOut {
            limit: 8,
            ..ZipOut::default()
        };
        let body = b"<sheetData>0123456789</sheetData>".repeat(20);
        for name in ["a.xml", "b.xml"] {
            let z = deflate(&body, true);
            out.entry(
                name.as_bytes(),
                vec![z],
                8,
                crc32fast::hash(&body),
                body.len() as u64,
                0,
                0,
            );
        }
        let zip = out.finish().concat();
        let mut a = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
        assert_eq!(a.len(), 2);
        for i in 0..2 {
            let mut back = Vec::new();
            a.by_index(i).unwrap().read_to_end(&mut back).unwrap();
            assert_eq!(back, body);
        }
    }

    #[test]
    fn rewritten_zip_reads_back() {
        let mut out = ZipOut::default();
        let body = b"hello hello hello".to_vec();
        let z = deflate(&body, true);
        let crc = crc32fast::hash(&body);
        out.entry(b"a.txt", vec![z], 8, crc, body.len() as u64, 0, 0);
        out.entry(
            b"b.txt",
            vec![b"raw".to_vec()],
            0,
            crc32fast::hash(b"raw"),
            3,
            0,
            0,
        );
        let zip = out.finish().concat();
        let entries = read_zip(&zip).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].name, "a.txt");
        assert_eq!(entries[1].raw(&zip), b"raw");
        let mut back = Vec::new();
        flate2::read::DeflateDecoder::new(entries[0].raw(&zip))
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, body);
    }
}
