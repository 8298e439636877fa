//! What a file may claim before it is refused: the limits that keep a damaged or hostile file
//! from costing more than a clear error. Each limit is far above what a real requirement list
//! needs; past one, the file is an input error that names it and says what it claimed, never
//! an allocation attempt.

use crate::error::Error;

/// Sheets in one workbook.
pub const MAX_SHEETS: usize = 1_000;
/// Non-empty cells in one file (a million rows of thirty columns).
pub const MAX_CELLS: usize = 30_000_000;
/// Rows plus columns one merged region may add to a sheet's held cells.
pub const MERGE_SPAN: u64 = 200_000;
/// Merged regions on one sheet.
pub const MAX_MERGES: usize = 1_000_000;
/// Held cells (rows held times columns held) a sheet may always have.
const HELD_FLOOR: u64 = 4_000_000;
/// How many held cells a sheet may have for each cell it really holds.
const HELD_PER_CELL: u64 = 32;
/// Bytes a workbook package may expand to, in all (a million-row sheet's XML is about 300 MB).
pub const MAX_UNPACKED: u64 = 8 << 30;
/// How much a part may expand beyond [`RATIO_FLOOR`]: XML compresses 5 to 50 times; a zip
/// bomb a thousand times.
pub const MAX_RATIO: u64 = 250;
/// Parts smaller than this are not judged by their ratio.
pub const RATIO_FLOOR: u64 = 64 << 20;
/// Entries in one workbook package.
pub const MAX_ENTRIES: usize = 20_000;

/// The held cells a sheet with `cells` real cells may have.
pub fn held_cells(cells: usize) -> u64 {
    HELD_FLOOR.max(HELD_PER_CELL * cells as u64)
}

/// The error for a sheet past a limit.
pub fn refused(file: &str, sheet: &str, claim: &str) -> Error {
    Error::new(crate::tr!(
        "input.sheet_too_big",
        file = file,
        sheet = sheet,
        claim = claim
    ))
    .hint(crate::tr!("input.sheet_too_big_hint"))
}

/// The error for a file past a limit.
pub fn refused_file(file: &str, claim: &str) -> Error {
    Error::new(crate::tr!("input.file_too_big", file = file, claim = claim))
        .hint(crate::tr!("input.resave_hint"))
}

/// Refuses a package (xlsx, xlsb, ods) whose parts claim more than a list can hold: too many
/// entries, too many bytes in all, or a part that expands like a zip bomb. Only the central
/// directory is read.
pub fn check_package<R: std::io::Read + std::io::Seek>(
    file: &str,
    zip: &mut zip::ZipArchive<R>,
) -> crate::error::Result<()> {
    if zip.len() > MAX_ENTRIES {
        return Err(refused_file(
            file,
            &crate::tr!("claim.parts", count = zip.len()),
        ));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let Ok(e) = zip.by_index_raw(i) else {
            continue;
        };
        let (size, packed) = (e.size(), e.compressed_size());
        total = total.saturating_add(size);
        if size > RATIO_FLOOR && size / packed.max(1) > MAX_RATIO {
            return Err(refused_file(
                file,
                &crate::tr!(
                    "claim.zip_bomb",
                    part = e.name().unwrap_or_default(),
                    packed = packed,
                    size = size
                ),
            ));
        }
    }
    if total > MAX_UNPACKED {
        return Err(refused_file(
            file,
            &crate::tr!("claim.unpacked", total = total),
        ));
    }
    check_shared_strings(file, zip)
}

/// The shared string table's `uniqueCount`, which calamine reserves room for before reading a
/// string, cannot exceed what the part could hold: every string takes at least eight bytes
/// of XML (`<si><t/>`).
fn check_shared_strings<R: std::io::Read + std::io::Seek>(
    file: &str,
    zip: &mut zip::ZipArchive<R>,
) -> crate::error::Result<()> {
    use std::io::Read;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .filter(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml"))
        .collect();
    for name in names {
        let Ok(entry) = zip.by_name(&name) else {
            continue;
        };
        let size = entry.size();
        let mut head = Vec::new();
        if entry.take(1 << 16).read_to_end(&mut head).is_err() {
            continue;
        }
        let head = String::from_utf8_lossy(&head);
        let Some(at) = head.find("uniqueCount=\"") else {
            continue;
        };
        let digits: String = head[at + 13..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let claimed: u64 = digits.parse().unwrap_or(u64::MAX);
        if claimed > size / 8 + 1_000 {
            return Err(refused_file(
                file,
                &crate::tr!("claim.strings", digits = digits, size = size),
            ));
        }
    }
    Ok(())
}
