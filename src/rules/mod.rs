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

    /// Its name for people, in the language of the run (错误, 警告, 提示).
    pub fn label(self) -> String {
        match self {
            Level::Info => crate::tr!("level.info"),
            Level::Warning => crate::tr!("level.warning"),
            Level::Error => crate::tr!("level.error"),
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
}

impl Rule {
    /// What it means, in the language of the run (the catalogue's `rule.<code>`).
    pub fn meaning(&self) -> String {
        crate::messages::text(&format!("rule.{}", self.code), &[])
    }
}

/// Every rule, in the order the README lists them.
pub const RULES: [Rule; 36] = [
    Rule {
        code: "required-missing",
        level: Level::Error,
    },
    Rule {
        code: "dept-unmatched",
        level: Level::Error,
    },
    Rule {
        code: "dept-review",
        level: Level::Warning,
    },
    Rule {
        code: "dept-out-of-region",
        level: Level::Warning,
    },
    Rule {
        code: "source-external",
        level: Level::Info,
    },
    Rule {
        code: "dept-multiple",
        level: Level::Warning,
    },
    Rule {
        code: "material-unmatched",
        level: Level::Warning,
    },
    Rule {
        code: "material-review",
        level: Level::Warning,
    },
    Rule {
        code: "material-multiple",
        level: Level::Warning,
    },
    Rule {
        code: "material-vague",
        level: Level::Error,
    },
    Rule {
        code: "method-missing",
        level: Level::Error,
    },
    Rule {
        code: "method-unclear",
        level: Level::Error,
    },
    Rule {
        code: "method-conflict",
        level: Level::Error,
    },
    Rule {
        code: "method-mismatch",
        level: Level::Warning,
    },
    Rule {
        code: "method-no-basis",
        level: Level::Info,
    },
    Rule {
        code: "method-inconsistent",
        level: Level::Warning,
    },
    Rule {
        code: "duplicate-row",
        level: Level::Warning,
    },
    Rule {
        code: "requester-inferred",
        level: Level::Info,
    },
    Rule {
        code: "responsible-inferred",
        level: Level::Info,
    },
    Rule {
        code: "responsible-unknown",
        level: Level::Warning,
    },
    Rule {
        code: "pairing-unclear",
        level: Level::Warning,
    },
    Rule {
        code: "sheet-no-header",
        level: Level::Warning,
    },
    Rule {
        code: "region-conflict",
        level: Level::Warning,
    },
    Rule {
        code: "column-missing",
        level: Level::Warning,
    },
    Rule {
        code: "catalog-no-code",
        level: Level::Warning,
    },
    Rule {
        code: "catalog-id-format",
        level: Level::Error,
    },
    Rule {
        code: "catalog-id-duplicate",
        level: Level::Error,
    },
    Rule {
        code: "catalog-item-orphan",
        level: Level::Error,
    },
    Rule {
        code: "catalog-share-condition",
        level: Level::Error,
    },
    Rule {
        code: "catalog-no-share-reason",
        level: Level::Error,
    },
    Rule {
        code: "catalog-open-condition",
        level: Level::Error,
    },
    Rule {
        code: "catalog-no-open-reason",
        level: Level::Error,
    },
    Rule {
        code: "catalog-security-level",
        level: Level::Error,
    },
    Rule {
        code: "catalog-unknown-value",
        level: Level::Error,
    },
    Rule {
        code: "catalog-resource-missing",
        level: Level::Error,
    },
    Rule {
        code: "catalog-item-missing",
        level: Level::Error,
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
    /// For a finding about a row whose cell is blank: the row's requirement (需求单位名称,
    /// 事项名称, 情形名称, 材料名称 as written), which identifies it across runs in place of the
    /// cell text.
    #[serde(skip)]
    pub requirement: Option<std::sync::Arc<[Name; 4]>>,
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
        Some((cut, _)) => crate::tr!(
            "cell.clipped",
            start = &text[..cut],
            count = text.chars().count()
        )
        .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_keeps_short_text_and_shortens_long_text() {
        assert_eq!(quote("营业执照"), "营业执照");
        let long = "证".repeat(61);
        assert_eq!(quote(&long), format!("{}…（共 61 字）", "证".repeat(60)));
    }
}
