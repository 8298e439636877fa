//! Rules over whole sheets: a sheet with content but no header (`sheet-no-header`), and a
//! table without a column for a required field (`column-missing`).

use super::{Finding, Levels};
use crate::ingest::{SheetSkip, Table};
use crate::schema::Field;

/// One `sheet-no-header` finding per skipped sheet (none when the rule is off).
pub fn no_header(skips: &[SheetSkip], levels: &Levels) -> Vec<Finding> {
    let Some(level) = levels.of("sheet-no-header") else {
        return Vec::new();
    };
    skips
        .iter()
        .map(|s| Finding {
            file: s.file.as_str().into(),
            sheet: s.sheet.as_str().into(),
            row: None,
            cell: None,
            code: "sheet-no-header",
            level,
            field: "",
            text: "".into(),
            message: crate::tr!(
                "finding.sheet_skipped",
                rows = s.nonempty_rows,
                reason = s.reason
            )
            .into(),
            suggestion: None,
        })
        .collect()
}

/// The required fields a table has no column for, by their headers.
pub fn missing_columns(t: &Table) -> Vec<&'static str> {
    Field::ALL
        .iter()
        .filter(|f| f.required() && !t.field_cols.contains_key(f))
        .map(|f| f.header())
        .collect()
}

/// One `column-missing` finding per table that lacks a required column, on its header row.
pub fn column_missing(tables: &[Table], levels: &Levels) -> Vec<Finding> {
    let Some(level) = levels.of("column-missing") else {
        return Vec::new();
    };
    tables
        .iter()
        .filter_map(|t| {
            let missing = missing_columns(t);
            (!missing.is_empty()).then(|| Finding {
                file: t.file.clone(),
                sheet: t.sheet.clone(),
                row: Some(t.header_rows.1),
                cell: None,
                code: "column-missing",
                level,
                field: "",
                text: "".into(),
                message: crate::tr!("finding.no_column", fields = missing.join("、")).into(),
                suggestion: Some(crate::tr!("finding.no_column_fix").into()),
            })
        })
        .collect()
}
