//! Rules: the stable finding codes, their default levels, and the finding record.
//!
//! Codes are public interface (SPEC "Rule codes"); add, never rename. A finding is data: it
//! names its code, level, place (file, sheet, row, A1 cell), the cell's original text, a plain
//! message and, where there is one, a suggestion.

use serde::Serialize;
use std::collections::HashMap;

use crate::cell::{A1, Name};

pub mod rows;
pub mod sheet;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Reported for information.
    Info,
    /// Should be looked at.
    Warning,
    /// Must be fixed.
    #[default]
    Error,
}

impl Level {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }

    /// Parses a level name.
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "info" => Some(Level::Info),
            "warning" => Some(Level::Warning),
            "error" => Some(Level::Error),
            _ => None,
        }
    }
}

/// A rule: its code, default level and meaning.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Stable kebab-case code.
    pub code: &'static str,
    /// Default level.
    pub level: Level,
    /// What it means, in English.
    pub meaning: &'static str,
}

/// Every rule, in the order the README lists them.
pub const RULES: [Rule; 35] = [
    Rule {
        code: "required-missing",
        level: Level::Error,
        meaning: "a required field (需求单位名称, 事项名称, 材料名称, 使用方式) is blank",
    },
    Rule {
        code: "dept-unmatched",
        level: Level::Error,
        meaning: "a department cell matches no dictionary entry",
    },
    Rule {
        code: "dept-review",
        level: Level::Warning,
        meaning: "a department was matched, but not surely enough to accept without a person",
    },
    Rule {
        code: "dept-out-of-region",
        level: Level::Warning,
        meaning: "a department named with a region (province, city, county) outside the dictionary's regions (杭州市市场监督管理局 on a Shanghai list); names the region, suggests nothing",
    },
    Rule {
        code: "source-external",
        level: Level::Info,
        meaning: "材料来源 names a body outside government (医疗机构, 用人单位, 银行; external_sources.csv): data cannot be shared from it",
    },
    Rule {
        code: "dept-multiple",
        level: Level::Warning,
        meaning: "one department cell names several departments",
    },
    Rule {
        code: "material-unmatched",
        level: Level::Warning,
        meaning: "a material cell matches no dictionary entry",
    },
    Rule {
        code: "material-review",
        level: Level::Warning,
        meaning: "a material was matched, but not surely enough to accept without a person",
    },
    Rule {
        code: "material-multiple",
        level: Level::Warning,
        meaning: "one material cell names several materials",
    },
    Rule {
        code: "material-vague",
        level: Level::Error,
        meaning: "the material is too generic to identify (相关证明材料, 其他材料)",
    },
    Rule {
        code: "method-missing",
        level: Level::Error,
        meaning: "使用方式 is blank",
    },
    Rule {
        code: "method-unclear",
        level: Level::Error,
        meaning: "使用方式 says to reduce but not how (可减, 共享), is undecided (待定, 视情况) or is not recognised",
    },
    Rule {
        code: "method-conflict",
        level: Level::Error,
        meaning: "使用方式 names two or more methods that exclude each other",
    },
    Rule {
        code: "method-mismatch",
        level: Level::Warning,
        meaning: "the method does not fit the material: 电子证照核验 on a material that is not a 证照, or 数据核验 with no 数据字段",
    },
    Rule {
        code: "method-no-basis",
        level: Level::Info,
        meaning: "取消 or 告知承诺 without a 行政依据",
    },
    Rule {
        code: "method-inconsistent",
        level: Level::Warning,
        meaning: "the same material for the same item is kept (不减) on one row and reduced on another",
    },
    Rule {
        code: "duplicate-row",
        level: Level::Warning,
        meaning: "the same requirement (需求单位, 事项, 情形, 材料) appears more than once, across all inputs",
    },
    Rule {
        code: "requester-inferred",
        level: Level::Info,
        meaning: "the sheet has no 需求单位 column: its 填报单位 is every row's 需求单位名称",
    },
    Rule {
        code: "responsible-inferred",
        level: Level::Info,
        meaning: "责任单位名称 was blank and was inferred from 材料来源 or the material's issuer",
    },
    Rule {
        code: "responsible-unknown",
        level: Level::Warning,
        meaning: "no responsible department could be given or inferred",
    },
    Rule {
        code: "sheet-no-header",
        level: Level::Warning,
        meaning: "a sheet has no recognisable header row and was skipped",
    },
    Rule {
        code: "region-conflict",
        level: Level::Warning,
        meaning: "the sources of a sheet's region (--region, 填报单位, 需求单位, title, file name) name different regions; the first is used",
    },
    Rule {
        code: "column-missing",
        level: Level::Warning,
        meaning: "a sheet has no column for a required field",
    },
    Rule {
        code: "catalog-no-code",
        level: Level::Warning,
        meaning: "a responsible department has no code in departments.csv, so its drafted resources have no 资源标识号",
    },
    Rule {
        code: "catalog-id-format",
        level: Level::Error,
        meaning: "a 资源标识号 is not PREFIX/NNNNNN, or a 信息项标识 is not the 资源标识号 and four digits",
    },
    Rule {
        code: "catalog-id-duplicate",
        level: Level::Error,
        meaning: "a 资源标识号 or 信息项标识 is used twice",
    },
    Rule {
        code: "catalog-item-orphan",
        level: Level::Error,
        meaning: "a 信息项 names no resource of 资源目录, or does not carry its resource's 资源标识号",
    },
    Rule {
        code: "catalog-share-condition",
        level: Level::Error,
        meaning: "有条件共享 without 共享条件",
    },
    Rule {
        code: "catalog-no-share-reason",
        level: Level::Error,
        meaning: "不共享 without the reason and its legal basis in 共享条件",
    },
    Rule {
        code: "catalog-open-condition",
        level: Level::Error,
        meaning: "有条件公开 without 开放条件",
    },
    Rule {
        code: "catalog-no-open-reason",
        level: Level::Error,
        meaning: "不公开 without the reason in 开放条件",
    },
    Rule {
        code: "catalog-security-level",
        level: Level::Error,
        meaning: "安全级别 is not 1, 2, 3 or 4",
    },
    Rule {
        code: "catalog-unknown-value",
        level: Level::Error,
        meaning: "an unknown 资源类型, 更新周期, 共享类型, 开放类型, 部门目录, 基础目录, 事项类别 or 信息项类型, or a missing column",
    },
    Rule {
        code: "catalog-resource-missing",
        level: Level::Error,
        meaning: "a material the standardized list asks to share has no resource of its responsible department (对账)",
    },
    Rule {
        code: "catalog-item-missing",
        level: Level::Error,
        meaning: "a 数据字段 a requirement needs has no 信息项 in its resource (对账)",
    },
];

/// Looks a rule up by code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

/// Levels in force: defaults, possibly changed by configuration; `None` = allowed (off).
#[derive(Debug, Clone)]
pub struct Levels {
    map: HashMap<&'static str, Option<Level>>,
}

impl Default for Levels {
    fn default() -> Self {
        Levels {
            map: RULES.iter().map(|r| (r.code, Some(r.level))).collect(),
        }
    }
}

impl Levels {
    /// The level of a code; `None` when the rule is switched off.
    pub fn of(&self, code: &str) -> Option<Level> {
        self.map.get(code).copied().flatten()
    }

    /// Sets a level (`None` to switch off). Unknown codes are refused.
    pub fn set(&mut self, code: &str, level: Option<Level>) -> Result<(), String> {
        let r = rule(code).ok_or_else(|| format!("unknown rule code `{code}`"))?;
        self.map.insert(r.code, level);
        Ok(())
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, PartialOrd, Ord)]
pub struct Finding {
    /// File (来源文件).
    pub file: Name,
    /// Sheet (来源工作表); empty for CSV-wide findings.
    pub sheet: Name,
    /// Excel row number, when the finding is about a row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    /// Excel A1 reference of the cell, when the column is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<A1>,
    /// Stable code.
    pub code: &'static str,
    /// Level in force.
    pub level: Level,
    /// The field's Chinese header, when about a field.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub field: &'static str,
    /// The cell's original text.
    pub text: Name,
    /// What is wrong, in plain words.
    pub message: Name,
    /// What to write instead, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<Name>,
}

impl Finding {
    /// `file:sheet!A1` (or as much of it as is known).
    pub fn location(&self) -> String {
        place(&self.file, &self.sheet, self.row, self.cell)
    }
}

/// `file:sheet!A1`, or `file:sheet!12:12` when only the row is known; the sheet is left out
/// when empty.
pub fn place(file: &str, sheet: &str, row: Option<u32>, cell: Option<A1>) -> String {
    let mut s = file.to_string();
    if !sheet.is_empty() {
        s.push(':');
        s.push_str(sheet);
    }
    match (cell, row) {
        (Some(c), _) => s.push_str(&format!("!{c}")),
        (None, Some(r)) => s.push_str(&format!("!{r}:{r}")),
        _ => {}
    }
    s
}

/// A cell's text as a message quotes it: whole when short, else its start and its length, so a
/// message stays readable and within what a workbook cell holds.
pub fn quote(text: &str) -> std::borrow::Cow<'_, str> {
    const KEEP: usize = 60;
    match text.char_indices().nth(KEEP) {
        None => text.into(),
        Some((cut, _)) => format!("{}… ({} characters)", &text[..cut], text.chars().count()).into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_keeps_short_text_and_shortens_long_text() {
        assert_eq!(quote("营业执照"), "营业执照");
        let long = "证".repeat(61);
        assert_eq!(
            quote(&long),
            format!("{}… (61 characters)", "证".repeat(60))
        );
    }
}
