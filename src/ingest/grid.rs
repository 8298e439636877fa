//! A sheet's cells as text, held in proportion to the cells it really has.
//!
//! Readers hand over the non-empty cells they found, wherever they lie; the grid keeps only
//! the rows and the columns that hold one, so a stray cell at XFD1048576 adds one row and one
//! column, not a million rows. Merged regions are filled within the extent of the real cells.
//! What must stay true: memory is bounded by the cells a sheet holds (the [`budget`] refuses a
//! sheet whose few cells are spread over a vast box), and every held row keeps its absolute
//! row number, so rows are reported as Excel numbers them.

use super::budget;
use crate::error::Result;

/// A cell read from a sheet: 0-based absolute row and column, and its text (never empty).
#[derive(Debug, Clone)]
pub struct RawCell {
    /// 0-based row.
    pub row: u32,
    /// 0-based column.
    pub col: u32,
    /// The text Excel shows.
    pub text: String,
}

/// A merged region, 0-based and inclusive: (first row, first column), (last row, last column).
pub type Merge = ((u32, u32), (u32, u32));

/// A sheet's cells as text, after merged regions were filled.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// Sheet name (for CSV: the file stem).
    pub name: String,
    /// 0-based absolute row of each row held, ascending: rows with a cell, or a merged value.
    pub rows: Vec<u32>,
    /// 0-based absolute column of each column held, ascending.
    pub cols: Vec<u32>,
    /// `cells[i][j]` is the text at (`rows[i]`, `cols[j]`).
    pub cells: Vec<Vec<String>>,
}

impl Grid {
    /// The grid of `cells` (in any order; empty texts are ignored), with each merged region's
    /// top-left value copied into every held cell of the region. A sheet whose cells span a
    /// box far larger than they fill is refused, naming the file and the sheet.
    pub fn from_cells(
        file: &str,
        name: String,
        mut cells: Vec<RawCell>,
        merges: &[Merge],
    ) -> Result<Grid> {
        cells.retain(|c| !c.text.is_empty());
        if cells.is_empty() {
            return Ok(Grid {
                name,
                ..Default::default()
            });
        }
        let mut rows: Vec<u32> = cells.iter().map(|c| c.row).collect();
        let mut cols: Vec<u32> = cells.iter().map(|c| c.col).collect();
        let extent = (
            (
                *rows.iter().min().unwrap_or(&0),
                *cols.iter().min().unwrap_or(&0),
            ),
            (
                *rows.iter().max().unwrap_or(&0),
                *cols.iter().max().unwrap_or(&0),
            ),
        );
        // A merged region carries its value onto rows and columns that have no cell of their
        // own, within the extent of the real cells (as Excel shows them); one that starts on
        // an empty cell shows nothing.
        let starts: rustc_hash::FxHashSet<(u32, u32)> =
            cells.iter().map(|c| (c.row, c.col)).collect();
        let merges: Vec<Merge> = merges
            .iter()
            .filter(|m| starts.contains(&m.0))
            .filter_map(|m| clip(m, extent))
            .collect();
        for m in &merges {
            if u64::from(m.1.0 - m.0.0) + u64::from(m.1.1 - m.0.1) > budget::MERGE_SPAN {
                return Err(budget::refused(
                    file,
                    &name,
                    &crate::tr!(
                        "claim.merge_span",
                        rows = m.1.0 - m.0.0 + 1,
                        cols = m.1.1 - m.0.1 + 1
                    ),
                ));
            }
            rows.extend(m.0.0..=m.1.0);
            cols.extend(m.0.1..=m.1.1);
        }
        rows.sort_unstable();
        rows.dedup();
        cols.sort_unstable();
        cols.dedup();
        let held = rows.len() as u64 * cols.len() as u64;
        if held > budget::held_cells(cells.len()) {
            return Err(budget::refused(
                file,
                &name,
                &crate::tr!(
                    "claim.spread",
                    cells = cells.len(),
                    rows = rows.len(),
                    cols = cols.len(),
                    from = crate::cell::a1(extent.0.0, extent.0.1),
                    to = crate::cell::a1(extent.1.0, extent.1.1),
                ),
            ));
        }
        let mut grid = Grid {
            name,
            cells: vec![vec![String::new(); cols.len()]; rows.len()],
            rows,
            cols,
        };
        for c in cells {
            let (r, k) = (grid.row_index(c.row), grid.col_index(c.col));
            grid.cells[r][k] = c.text;
        }
        grid.fill(&merges);
        Ok(grid)
    }

    /// Index of an absolute row that is held.
    fn row_index(&self, row: u32) -> usize {
        self.rows.binary_search(&row).unwrap_or(0)
    }

    /// Index of an absolute column that is held.
    fn col_index(&self, col: u32) -> usize {
        self.cols.binary_search(&col).unwrap_or(0)
    }

    /// Copies each merged region's top-left value into every empty cell of the region, so
    /// every row carries the value Excel shows across the merge. A cell under a region that
    /// holds its own value (a damaged or hostile file: Excel empties such cells when it
    /// merges) keeps it, so no text is lost to a region claiming the whole sheet.
    fn fill(&mut self, merges: &[Merge]) {
        for m in merges {
            let v = self.cells[self.row_index(m.0.0)][self.col_index(m.0.1)].clone();
            let rows = self.rows.partition_point(|&r| r < m.0.0)
                ..self.rows.partition_point(|&r| r <= m.1.0);
            let cols = self.cols.partition_point(|&c| c < m.0.1)
                ..self.cols.partition_point(|&c| c <= m.1.1);
            for r in rows {
                for c in cols.clone() {
                    if self.cells[r][c].is_empty() {
                        self.cells[r][c].clone_from(&v);
                    }
                }
            }
        }
    }

    /// The number of held rows with a non-empty cell.
    pub fn nonempty_rows(&self) -> usize {
        self.cells
            .iter()
            .filter(|r| r.iter().any(|c| !c.is_empty()))
            .count()
    }
}

/// A region cut to the extent of the real cells; `None` when it lies outside.
fn clip(m: &Merge, extent: ((u32, u32), (u32, u32))) -> Option<Merge> {
    let ((r1, c1), (r2, c2)) = *m;
    let (r1, c1) = (r1.max(extent.0.0), c1.max(extent.0.1));
    let (r2, c2) = (r2.min(extent.1.0), c2.min(extent.1.1));
    (r1 <= r2 && c1 <= c2).then_some(((r1, c1), (r2, c2)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(row: u32, col: u32, text: &str) -> RawCell {
        RawCell {
            row,
            col,
            text: text.into(),
        }
    }

    #[test]
    fn a_far_cell_adds_one_row_and_one_column() {
        let cells = vec![
            cell(0, 0, "材料名称"),
            cell(0, 1, "使用方式"),
            cell(1, 0, "营业执照"),
            cell(1_048_575, 16_383, "x"),
        ];
        let g = Grid::from_cells("f", "s".into(), cells, &[]).unwrap();
        assert_eq!(g.rows, [0, 1, 1_048_575]);
        assert_eq!(g.cols, [0, 1, 16_383]);
        assert_eq!(g.cells[2][2], "x");
        assert_eq!(g.cells[1][1], "");
    }

    #[test]
    fn merges_fill_within_the_real_cells_only() {
        let cells = vec![cell(2, 0, "事项"), cell(2, 1, "a"), cell(4, 1, "b")];
        // A region claiming the whole sheet fills only the extent of the real cells.
        let merges = [((2, 0), (4, 0)), ((9, 9), (1_048_575, 16_383))];
        let g = Grid::from_cells("f", "s".into(), cells, &merges).unwrap();
        assert_eq!(g.rows, [2, 3, 4]);
        assert_eq!(g.cells[1][0], "事项");
        assert_eq!(g.cells[2][0], "事项");
        assert_eq!(g.cells[1][1], "");
    }

    #[test]
    fn a_few_cells_over_a_vast_box_are_refused() {
        let cells: Vec<RawCell> = (0..5_000).map(|i| cell(i * 3, i * 3, "x")).collect();
        let e = Grid::from_cells("f.xlsx", "s".into(), cells, &[]).unwrap_err();
        assert!(
            e.message.contains("“f.xlsx”：无法读取工作表“s”"),
            "{}",
            e.message
        );
        assert!(e.message.contains("5000 个单元格"), "{}", e.message);
    }
}
