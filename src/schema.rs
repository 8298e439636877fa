//! The canonical fields of a requirement list (SPEC "Canonical fields"), in output order.
//!
//! The order of [`Field::ALL`] is the column order of every output; the Chinese headers are
//! public interface.

/// One canonical column of a requirement list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Requester,
    Proposer,
    Contact,
    LegalBasis,
    Scenario,
    ItemCategory,
    Item,
    Situation,
    Material,
    Fields,
    Source,
    Responsible,
    Method,
}

/// How a field's cells are standardized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matched {
    No,
    Department,
    Material,
    Method,
}

impl Field {
    /// Every field, in output order.
    pub const ALL: [Field; 13] = [
        Field::Requester,
        Field::Proposer,
        Field::Contact,
        Field::LegalBasis,
        Field::Scenario,
        Field::ItemCategory,
        Field::Item,
        Field::Situation,
        Field::Material,
        Field::Fields,
        Field::Source,
        Field::Responsible,
        Field::Method,
    ];

    /// Number of canonical fields.
    pub const COUNT: usize = 13;

    /// Position in [`Field::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The SPEC key (`requester`, `material`, …) used in headers.csv and JSON.
    pub fn key(self) -> &'static str {
        match self {
            Field::Requester => "requester",
            Field::Proposer => "proposer",
            Field::Contact => "contact",
            Field::LegalBasis => "legal_basis",
            Field::Scenario => "scenario",
            Field::ItemCategory => "item_category",
            Field::Item => "item",
            Field::Situation => "situation",
            Field::Material => "material",
            Field::Fields => "fields",
            Field::Source => "source",
            Field::Responsible => "responsible",
            Field::Method => "method",
        }
    }

    /// The standard Chinese header (表头).
    pub fn header(self) -> &'static str {
        match self {
            Field::Requester => "需求单位名称",
            Field::Proposer => "需求提出人",
            Field::Contact => "联系方式",
            Field::LegalBasis => "行政依据",
            Field::Scenario => "应用场景",
            Field::ItemCategory => "事项类别",
            Field::Item => "事项名称",
            Field::Situation => "情形名称",
            Field::Material => "材料名称",
            Field::Fields => "数据字段",
            Field::Source => "材料来源",
            Field::Responsible => "责任单位名称",
            Field::Method => "使用方式",
        }
    }

    /// Parses a SPEC key.
    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }

    /// Required on a data row (SPEC `*`).
    pub fn required(self) -> bool {
        matches!(
            self,
            Field::Requester | Field::Item | Field::Material | Field::Method
        )
    }

    /// Which dictionary standardizes this field.
    pub fn matched(self) -> Matched {
        match self {
            Field::Requester | Field::Source | Field::Responsible => Matched::Department,
            Field::Material => Matched::Material,
            Field::Method => Matched::Method,
            _ => Matched::No,
        }
    }
}
