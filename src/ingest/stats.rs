//! Per-file accounting of what was read: tables, skipped sheets, data rows and non-data rows
//! by reason, for the 统计 sheet and the summary.

use std::collections::BTreeMap;

/// Per-file accounting for the 统计 sheet and the summary.
#[derive(Debug, Clone, Default)]
pub struct FileStats {
    /// 来源文件.
    pub file: String,
    /// Sheets read as tables.
    pub tables: usize,
    /// Sheets skipped.
    pub skipped_sheets: usize,
    /// Data rows read.
    pub data_rows: usize,
    /// Rows written.
    pub written: usize,
    /// Non-data rows by reason label.
    pub non_data: BTreeMap<super::SkipReason, usize>,
    /// Rows above headers (titles, 填报单位 lines).
    pub above_header: usize,
}
