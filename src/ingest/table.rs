//! Tables: the header row found on a sheet, its columns mapped to canonical fields, and the
//! rows below sorted into data rows and non-data rows (blank, repeated header, note), each
//! counted by reason: nothing below a header is dropped silently.

use std::collections::BTreeMap;

use super::Grid;
use crate::cell::{Name, SyncInterner, col_letters};
use crate::normalize::{compact, header_key};
use crate::schema::Field;

/// How many rows from the top are searched for the header.
const HEADER_SEARCH_ROWS: usize = 40;
/// Why a row below the header is not a data row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkipReason {
    /// Every cell empty.
    Blank,
    /// The header again (lists pasted together).
    RepeatedHeader,
    /// 填表说明, 备注：…, signatures.
    Note,
    /// Content only in columns without a header, or a lone cell far from the table: a stray
    /// cell, not a requirement.
    Stray,
}

impl SkipReason {
    /// Every reason, in the order the statistics list them.
    pub const ALL: [SkipReason; 4] = [
        SkipReason::Blank,
        SkipReason::RepeatedHeader,
        SkipReason::Note,
        SkipReason::Stray,
    ];

    /// Chinese label for the statistics sheet.
    pub fn label(self) -> &'static str {
        match self {
            SkipReason::Blank => "空行",
            SkipReason::RepeatedHeader => "重复表头行",
            SkipReason::Note => "说明/备注行",
            SkipReason::Stray => "零散单元格行",
        }
    }

    /// Label for the terminal summary, in the language of the run.
    pub fn said(self) -> String {
        match self {
            SkipReason::Blank => crate::tr!("skip.blank"),
            SkipReason::RepeatedHeader => crate::tr!("skip.repeated_header"),
            SkipReason::Note => crate::tr!("skip.note"),
            SkipReason::Stray => crate::tr!("skip.stray"),
        }
    }
}

/// A column of a table: a canonical field or a kept extra column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    /// Mapped to a canonical field.
    Field(Field),
    /// Kept under its header.
    Extra(String),
    /// No header text and no data: dropped.
    Empty,
}

/// One data row.
#[derive(Debug, Clone)]
pub struct DataRow {
    /// Row number as Excel shows it (1-based).
    pub row: u32,
    /// Canonical field values, by [`Field::index`]; empty when the column is absent. Shared
    /// through the run's [`SyncInterner`]: equal texts are one string.
    pub values: [Name; Field::COUNT],
    /// Extra column values, aligned with [`Table::extras`].
    pub extras: Vec<String>,
}

/// A sheet's rows after its header was found.
#[derive(Debug, Clone)]
pub struct Table {
    /// 来源文件.
    pub file: Name,
    /// 来源工作表.
    pub sheet: Name,
    /// Excel row number(s) of the header (two for a two-row header).
    pub header_rows: (u32, u32),
    /// 0-based absolute column of each canonical field present.
    pub field_cols: BTreeMap<Field, u32>,
    /// Headers of extra columns, in sheet order.
    pub extras: Vec<String>,
    /// Data rows in sheet order (taken by standardization).
    pub rows: Vec<DataRow>,
    /// How many data rows the sheet had.
    pub data_rows: usize,
    /// Non-data rows below the header, counted by reason.
    pub skipped: BTreeMap<SkipReason, usize>,
    /// Rows above the header (titles, 填报单位 lines), not counted as data.
    pub above_header: u32,
    /// The submitting unit from a 填报单位 line above the header.
    pub submitter: Option<String>,
    /// The other texts above the header (the title rows), a few at most.
    pub title: Vec<String>,
}

impl Table {
    /// The 填报单位 of a sheet without a 需求单位 column: every row's requester.
    pub fn requester_filler(&self) -> Option<crate::cell::Name> {
        if self.field_cols.contains_key(&Field::Requester) {
            return None;
        }
        self.submitter.as_deref().map(crate::cell::Name::from)
    }
}

/// A sheet that was not read as a table, and why.
#[derive(Debug, Clone)]
pub struct SheetSkip {
    /// 来源文件.
    pub file: String,
    /// 来源工作表.
    pub sheet: String,
    /// Non-empty rows on the sheet.
    pub nonempty_rows: usize,
    /// Why.
    pub reason: String,
}

/// Header synonyms: compacted header text -> field.
pub type HeaderMap = std::collections::HashMap<String, Field>;

fn match_header(headers: &HeaderMap, cell: &str) -> Option<Field> {
    if cell.is_empty() || cell.chars().count() > 40 {
        return None;
    }
    headers.get(&header_key(cell)).copied()
}

/// Minimum number of distinct canonical fields that make a header row.
const MIN_HEADER_FIELDS: usize = 3;

/// The header found: its score, top row, number of rows and each column's field.
type Header = (usize, usize, usize, Vec<Option<Field>>);

/// Finds the header and sorts the rows below it. `Err` when the sheet is empty or has no
/// recognisable header; the caller reports it.
pub fn find_table(
    file: &str,
    mut grid: Grid,
    headers: &HeaderMap,
    strings: &SyncInterner,
) -> std::result::Result<Table, SheetSkip> {
    let nonempty_rows = grid.nonempty_rows();
    let skip = |reason: String| SheetSkip {
        file: file.to_string(),
        sheet: grid.name.clone(),
        nonempty_rows,
        reason,
    };
    if nonempty_rows == 0 {
        return Err(skip(crate::tr!("input.sheet_empty")));
    }
    let Some((score, top, used, mapping)) = best_header(&grid, headers) else {
        return Err(skip(no_header_reason()));
    };
    let has_core = mapping
        .iter()
        .any(|f| matches!(f, Some(Field::Material) | Some(Field::Item)));
    if score < MIN_HEADER_FIELDS || !has_core {
        return Err(skip(no_header_reason()));
    }

    let header_end = top + used; // first row below the header
    let stray = stray_rows(&grid, top, header_end, &mapping);
    let (field_cols, columns, extras) = map_columns(&grid, top, header_end, &mapping, &stray);
    let submitter = grid.cells[..top]
        .iter()
        .flat_map(|r| r.iter())
        .find_map(|c| submitter_of(c));
    // A title names its region at most once or twice; a page of notes above the header is
    // not read whole.
    let title: Vec<String> = grid.cells[..top]
        .iter()
        .flat_map(|r| r.iter())
        .filter(|c| !c.is_empty() && submitter_of(c).is_none())
        .take(6)
        .map(|c| c.to_string())
        .collect();

    let mut table = Table {
        file: file.into(),
        sheet: grid.name.as_str().into(),
        header_rows: (grid.rows[top] + 1, grid.rows[header_end - 1] + 1),
        field_cols,
        extras,
        rows: Vec::new(),
        data_rows: 0,
        skipped: BTreeMap::new(),
        above_header: grid.cells[..top]
            .iter()
            .filter(|r| r.iter().any(|c| !c.is_empty()))
            .count() as u32,
        submitter,
        title,
    };
    take_rows(
        &mut table, &mut grid, header_end, &columns, &stray, headers, strings,
    );
    Ok(table)
}

/// The best header among the first rows: the row, or pair of rows, naming the most distinct
/// canonical fields. A two-row header is tried as each column's lower cell, its upper cell,
/// or the two joined (材料 / 名称).
fn best_header(grid: &Grid, headers: &HeaderMap) -> Option<Header> {
    let width = grid.cells.first().map(Vec::len).unwrap_or(0);
    let limit = grid.cells.len().min(HEADER_SEARCH_ROWS);
    let mut best: Option<Header> = None;
    // Rows of data above the real header repeat their texts: each is looked up once.
    let mut seen: rustc_hash::FxHashMap<&str, Option<Field>> = Default::default();
    let singles: Vec<Vec<Option<Field>>> = (0..grid.cells.len().min(limit + 1))
        .map(|r| {
            (0..width)
                .map(|c| {
                    let cell = grid.cells[r][c].as_str();
                    *seen
                        .entry(cell)
                        .or_insert_with(|| match_header(headers, cell))
                })
                .collect()
        })
        .collect();
    for r in 0..limit {
        consider(&mut best, r, 1, singles[r].clone());
        // A two-row header has some column whose own cell is a header in one of its rows (a
        // cell merged down both rows, or a lower cell that names the field); rows of data
        // have none, and joining their cells pairwise would only cost normalizations.
        let header_like = |row: &[Option<Field>]| row.iter().any(Option::is_some);
        if r + 1 < singles.len() && (header_like(&singles[r]) || header_like(&singles[r + 1])) {
            let double: Vec<Option<Field>> = (0..width)
                .map(|c| {
                    let up = &grid.cells[r][c];
                    let low = &grid.cells[r + 1][c];
                    singles[r + 1][c]
                        .or_else(|| if low.is_empty() { singles[r][c] } else { None })
                        .or_else(|| {
                            if up != low {
                                match_header(headers, &format!("{up}{low}"))
                            } else {
                                None
                            }
                        })
                })
                .collect();
            // Two rows only when both rows are needed: better than either row alone.
            if distinct_fields(&double)
                > distinct_fields(&singles[r]).max(distinct_fields(&singles[r + 1]))
            {
                consider(&mut best, r, 2, double);
            }
        }
    }
    best
}

/// Each column's role under the header: the first column of a field maps it; any other
/// column with a header text or data is kept as an extra column under its (unique) header.
fn map_columns(
    grid: &Grid,
    top: usize,
    header_end: usize,
    mapping: &[Option<Field>],
    stray: &[bool],
) -> (BTreeMap<Field, u32>, Vec<Column>, Vec<String>) {
    let width = mapping.len();
    let mut field_cols = BTreeMap::new();
    let mut columns = Vec::with_capacity(width);
    let mut extras = Vec::new();
    for c in 0..width {
        match mapping[c] {
            Some(f) if !field_cols.contains_key(&f) => {
                field_cols.insert(f, grid.cols[c]);
                columns.push(Column::Field(f));
            }
            _ => {
                let text = (top..header_end)
                    .map(|r| grid.cells[r][c].as_str())
                    .filter(|t| !t.is_empty())
                    .fold(String::new(), |mut acc, t| {
                        if !acc.ends_with(t) {
                            if !acc.is_empty() {
                                acc.push('/');
                            }
                            acc.push_str(t);
                        }
                        acc
                    });
                let has_data = grid.cells[header_end..]
                    .iter()
                    .zip(stray)
                    .any(|(r, s)| !s && !r[c].is_empty());
                if text.is_empty() && !has_data {
                    columns.push(Column::Empty);
                } else {
                    let name = if text.is_empty() {
                        format!("列{}", col_letters(grid.cols[c]))
                    } else {
                        compact_header(&text)
                    };
                    extras.push(unique_name(&extras, name));
                    columns.push(Column::Extra(extras.last().cloned().unwrap_or_default()));
                }
            }
        }
    }
    (field_cols, columns, extras)
}

/// Moves the rows below the header into the table: data rows with their values interned,
/// non-data rows counted by reason (the grid holds no empty row: the gaps between the rows it
/// holds are the blank rows). The cells move, so a sheet is held once, not twice.
fn take_rows(
    table: &mut Table,
    grid: &mut Grid,
    header_end: usize,
    columns: &[Column],
    stray: &[bool],
    headers: &HeaderMap,
    strings: &SyncInterner,
) {
    let mut header_like = HeaderLike::default();
    let mut previous = grid.rows[header_end - 1];
    for (i, mut cells) in std::mem::take(&mut grid.cells)
        .into_iter()
        .enumerate()
        .skip(header_end)
    {
        let row = grid.rows[i];
        let blank = (row - previous - 1) as usize;
        if blank > 0 {
            *table.skipped.entry(SkipReason::Blank).or_default() += blank;
        }
        previous = row;
        let row_no = row + 1;
        if stray[i - header_end] {
            *table.skipped.entry(SkipReason::Stray).or_default() += 1;
            continue;
        }
        if let Some(reason) = non_data(&cells, columns, headers, &mut header_like) {
            *table.skipped.entry(reason).or_default() += 1;
            continue;
        }
        let mut values: [Name; Field::COUNT] = std::array::from_fn(|_| strings.empty());
        let mut extra_vals = Vec::with_capacity(table.extras.len());
        for (c, col) in columns.iter().enumerate() {
            match col {
                Column::Field(f) => values[f.index()] = strings.get(&cells[c]),
                Column::Extra(_) => extra_vals.push(std::mem::take(&mut cells[c])),
                Column::Empty => {}
            }
        }
        table.rows.push(DataRow {
            row: row_no,
            values,
            extras: extra_vals,
        });
    }
    table.data_rows = table.rows.len();
}

/// Blank rows on each side that make a lone cell stray rather than a row of the table.
const STRAY_GAP: u32 = 50;

/// Which rows below the header are stray cells: rows whose content lies only in columns
/// without a header, and lone cells with at least [`STRAY_GAP`] blank rows on each side.
fn stray_rows(grid: &Grid, top: usize, header_end: usize, mapping: &[Option<Field>]) -> Vec<bool> {
    let headed: Vec<bool> = (0..mapping.len())
        .map(|c| mapping[c].is_some() || (top..header_end).any(|r| !grid.cells[r][c].is_empty()))
        .collect();
    let below = &grid.rows[header_end..];
    (header_end..grid.cells.len())
        .map(|i| {
            let filled: Vec<usize> = (0..mapping.len())
                .filter(|&c| !grid.cells[i][c].is_empty())
                .collect();
            if filled.iter().all(|&c| !headed[c]) {
                return true;
            }
            let k = i - header_end;
            let before = grid.rows[i] - grid.rows[i - 1] - 1;
            let after = below
                .get(k + 1)
                .map_or(u32::MAX, |next| next - grid.rows[i] - 1);
            filled.len() == 1 && before >= STRAY_GAP && after >= STRAY_GAP
        })
        .collect()
}

fn no_header_reason() -> String {
    crate::tr!(
        "input.no_header_row",
        rows = HEADER_SEARCH_ROWS,
        min = MIN_HEADER_FIELDS,
        headers = Field::ALL.map(|f| f.header()).join(" ")
    )
}

fn consider(best: &mut Option<Header>, top: usize, used: usize, mapping: Vec<Option<Field>>) {
    let score = distinct_fields(&mapping);
    let better = match best {
        None => score > 0,
        Some((s, _, _, _)) => score > *s,
    };
    if better {
        *best = Some((score, top, used, mapping));
    }
}

fn distinct_fields(mapping: &[Option<Field>]) -> usize {
    let mut d: Vec<Field> = mapping.iter().flatten().copied().collect();
    d.sort();
    d.dedup();
    d.len()
}

fn compact_header(s: &str) -> String {
    let c = compact(s);
    if c.is_empty() {
        s.trim().to_string()
    } else {
        c
    }
}

fn unique_name(existing: &[String], name: String) -> String {
    if !existing.contains(&name) {
        return name;
    }
    (2..)
        .map(|i| format!("{name}_{i}"))
        .find(|n| !existing.contains(n))
        .unwrap_or(name)
}

/// Prefixes that open a note row rather than data.
const NOTE_PREFIXES: [&str; 14] = [
    "填表说明",
    "填报说明",
    "说明:",
    "说明",
    "备注:",
    "注:",
    "注意:",
    "附注",
    "填报人:",
    "填表人:",
    "审核人:",
    "填报日期:",
    "制表人:",
    "负责人:",
];

fn is_note_text(text: &str) -> bool {
    let c = compact(text);
    NOTE_PREFIXES.iter().any(|p| c.starts_with(p))
        || (c.starts_with("注")
            && c.chars()
                .nth(1)
                .is_some_and(|ch| ch.is_ascii_digit() || ch == ':'))
}

/// Fields whose cells repeat most from row to row, first.
const REPEATING: [Field; 6] = [
    Field::Requester,
    Field::Method,
    Field::Source,
    Field::Responsible,
    Field::ItemCategory,
    Field::Material,
];

/// Whether each distinct cell text of a sheet reads as a header, worked out once: a sheet's
/// data cells repeat, and every row is checked for a repeated header.
type HeaderLike = rustc_hash::FxHashMap<String, bool>;

fn non_data(
    cells: &[String],
    columns: &[Column],
    headers: &HeaderMap,
    memo: &mut HeaderLike,
) -> Option<SkipReason> {
    let nonempty: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
    if nonempty.is_empty() {
        return Some(SkipReason::Blank);
    }
    let mapped: Vec<(usize, Field)> = columns
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match c {
            Column::Field(f) => Some((i, *f)),
            _ => None,
        })
        .collect();
    // More than half of the mapped cells must read as headers. Cells are tried in the order
    // of the columns whose texts repeat most (names, methods: answered from the memo), and
    // the count stops as soon as the half cannot be reached, so a data row's one-off texts
    // (事项, 依据, 场景) are rarely normalized.
    let mut order: Vec<&(usize, Field)> = mapped.iter().collect();
    order.sort_by_key(|(_, f)| {
        REPEATING
            .iter()
            .position(|r| r == f)
            .unwrap_or(REPEATING.len())
    });
    let mut header_like = 0;
    let mut misses = 0;
    for (i, _) in order {
        let cell = &cells[*i];
        let b = match memo.get(cell.as_str()) {
            Some(&b) => b,
            None => {
                let b = match_header(headers, cell).is_some();
                memo.insert(cell.clone(), b);
                b
            }
        };
        if b {
            header_like += 1;
        } else {
            misses += 1;
            if misses * 2 >= mapped.len() {
                break;
            }
        }
    }
    if !mapped.is_empty()
        && header_like * 2 > mapped.len()
        && header_like >= MIN_HEADER_FIELDS.min(mapped.len())
    {
        return Some(SkipReason::RepeatedHeader);
    }
    let mut distinct: Vec<&String> = nonempty.clone();
    distinct.dedup();
    distinct.sort();
    distinct.dedup();
    if distinct.len() <= 2 && is_note_text(nonempty[0]) {
        return Some(SkipReason::Note);
    }
    None
}

/// The unit named in a `填报单位：XXX` line above the header.
fn submitter_of(cell: &str) -> Option<String> {
    let c = compact(cell);
    for key in ["填报单位", "报送单位", "填报部门", "需求单位", "单位名称"] {
        if let Some(rest) = c.strip_prefix(key) {
            let rest = rest.trim_start_matches([':', '：']);
            // The same line often goes on with 填报日期：…
            let end = ["填报日期", "日期", "联系人", "填报人"]
                .iter()
                .filter_map(|k| rest.find(k))
                .min()
                .unwrap_or(rest.len());
            let name = crate::normalize::trim_punct(&rest[..end]);
            if !name.is_empty() {
                return Some(name.to_string());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn submitter_line() {
        assert_eq!(
            submitter_of("填报单位：上海市药品监督管理局    填报日期：2024年3月").as_deref(),
            Some("上海市药品监督管理局")
        );
    }
}
