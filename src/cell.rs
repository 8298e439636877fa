//! Cells: interned names, A1 references, and what one workbook cell can hold.
//!
//! Every stage names files, sheets and cells; these are the shared pieces. A [`Name`] is an
//! interned string: equal texts share one allocation, so a million rows and findings hold each
//! repeated text once and later stages compare them by address.

use serde::Serialize;

/// Excel's limit on the length of a cell's text; longer text cannot be written back.
pub const MAX_CELL_CHARS: usize = 32_767;

/// An Excel cell reference, kept as numbers (a million findings should not each carry a
/// string) and written as `B12` wherever it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct A1 {
    /// 0-based absolute column.
    pub col: u32,
    /// Excel row number (1-based).
    pub row: u32,
}

impl std::fmt::Display for A1 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", col_letters(self.col), self.row)
    }
}

impl Serialize for A1 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A file or sheet name, shared by every row and finding that names it.
pub type Name = std::sync::Arc<str>;

/// Shares equal strings: the same cell text and the same message recur on many rows, and a
/// million findings should not each carry their own copy.
#[derive(Debug, Default)]
pub struct Interner(rustc_hash::FxHashSet<Name>);

impl Interner {
    /// The shared copy of `s`.
    pub fn get(&mut self, s: &str) -> Name {
        if let Some(n) = self.0.get(s) {
            return n.clone();
        }
        let n: Name = s.into();
        self.0.insert(n.clone());
        n
    }
}

/// An [`Interner`] shared by threads (the files are read in parallel): equal cell texts of all
/// inputs become one string, so a million rows hold each repeated text once and later stages
/// can compare texts by address.
pub struct SyncInterner {
    shards: Vec<std::sync::Mutex<Interner>>,
    empty: Name,
}

impl Default for SyncInterner {
    fn default() -> Self {
        SyncInterner {
            shards: (0..16).map(|_| Default::default()).collect(),
            empty: "".into(),
        }
    }
}

impl SyncInterner {
    /// The shared copy of `s`.
    pub fn get(&self, s: &str) -> Name {
        if s.is_empty() {
            return self.empty.clone();
        }
        use std::hash::BuildHasher;
        let h = rustc_hash::FxBuildHasher.hash_one(s);
        self.shards[(h >> 60) as usize % self.shards.len()]
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(s)
    }

    /// The shared empty string.
    pub fn empty(&self) -> Name {
        self.empty.clone()
    }
}

/// Whether `text` fits in one workbook cell: 32,767 characters, counted in UTF-16 units as
/// Excel counts them (the byte length is a cheap first answer for nearly every cell).
pub fn fits_cell(text: &str) -> bool {
    let max = MAX_CELL_CHARS;
    text.len() <= max || text.encode_utf16().count() <= max
}

/// `text` cut to what one workbook cell holds (32,767 UTF-16 units), ending in … when cut.
pub fn clip_cell(text: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = MAX_CELL_CHARS;
    if fits_cell(text) {
        return text.into();
    }
    let mut units = 0;
    for (i, c) in text.char_indices() {
        units += c.len_utf16();
        if units > MAX - 1 {
            return format!("{}…", &text[..i]).into();
        }
    }
    text.into()
}

/// An Excel A1 reference for 0-based absolute row and column.
pub fn a1(row: u32, col: u32) -> String {
    A1 { col, row: row + 1 }.to_string()
}

/// Excel column letters for a 0-based column.
pub fn col_letters(mut col: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Identity of an interned string: equal texts share one allocation, so its address is a
/// cheap, exact key.
pub fn name_id(n: &Name) -> usize {
    std::sync::Arc::as_ptr(n) as *const u8 as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(col_letters(0), "A");
        assert_eq!(col_letters(25), "Z");
        assert_eq!(col_letters(26), "AA");
        assert_eq!(col_letters(701), "ZZ");
        assert_eq!(col_letters(702), "AAA");
        assert_eq!(a1(0, 2), "C1");
    }

    #[test]
    fn clip_cell_counts_utf16_units() {
        let fits = "字".repeat(32_767);
        assert!(clip_cell(&fits) == fits.as_str());
        // 𠀀 is outside the BMP: two UTF-16 units, as Excel counts it.
        let wide = "𠀀".repeat(20_000);
        let clipped = clip_cell(&wide);
        assert!(clipped.ends_with('…'));
        assert!(clipped.encode_utf16().count() <= 32_767);
        assert_eq!(clipped.chars().count(), 16_383 + 1);
    }
}
