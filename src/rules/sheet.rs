//! Rules over whole sheets: a sheet with content but no header (`sheet-no-header`), a
//! table without a column for a required field (`column-missing`), and a sheet whose region's
//! sources disagree (`region-conflict`).

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
            requirement: None,
        })
        .collect()
}

/// The required fields a table has no column for, by their headers; a 填报单位 line stands
/// in for the 需求单位 column.
pub fn missing_columns(t: &Table) -> Vec<&'static str> {
    let filled = t.requester_filler().is_some();
    Field::ALL
        .iter()
        .filter(|f| f.required() && !t.field_cols.contains_key(f))
        .filter(|f| !(filled && **f == Field::Requester))
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
                requirement: None,
            })
        })
        .collect()
}
