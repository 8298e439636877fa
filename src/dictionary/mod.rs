//! Standard dictionaries: departments, materials, reduction methods, header synonyms and
//! material terms, loaded from CSV.
//!
//! The defaults under `dictionaries/` are embedded in the binary. `--dict DIR` replaces each
//! file that DIR holds and falls back to the embedded one for the rest (SPEC "Dictionaries").
//! A bad file is an [`Error`] naming the file, the line and the problem; nothing is skipped.

mod check;
pub(crate) mod csv;
mod entries;

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::schema::Field;

pub use check::{Problem, check, duplicate_rows, uncertain, unknown_issuers};
pub use csv::CsvTable;
use csv::{
    parse_classes, parse_departments, parse_external, parse_former_regions, parse_headers,
    parse_items, parse_lookalikes, parse_materials, parse_methods, parse_never, parse_reforms,
    parse_regions, parse_terms,
};
pub use entries::*;

/// The dictionary files qingdan knows, with their embedded defaults.
pub const FILES: [(&str, &str); 13] = [
    (
        "departments.csv",
        include_str!("../../dictionaries/departments.csv"),
    ),
    (
        "materials.csv",
        include_str!("../../dictionaries/materials.csv"),
    ),
    (
        "methods.csv",
        include_str!("../../dictionaries/methods.csv"),
    ),
    (
        "headers.csv",
        include_str!("../../dictionaries/headers.csv"),
    ),
    (
        "material_terms.csv",
        include_str!("../../dictionaries/material_terms.csv"),
    ),
    (
        "never_match.csv",
        include_str!("../../dictionaries/never_match.csv"),
    ),
    (
        "data_items.csv",
        include_str!("../../dictionaries/data_items.csv"),
    ),
    (
        "catalog_classes.csv",
        include_str!("../../dictionaries/catalog_classes.csv"),
    ),
    (
        "reforms.csv",
        include_str!("../../dictionaries/reforms.csv"),
    ),
    (
        "lookalikes.csv",
        include_str!("../../dictionaries/lookalikes.csv"),
    ),
    (
        "regions.csv",
        include_str!("../../dictionaries/regions.csv"),
    ),
    (
        "external_sources.csv",
        include_str!("../../dictionaries/external_sources.csv"),
    ),
    (
        "former_regions.csv",
        include_str!("../../dictionaries/former_regions.csv"),
    ),
];

/// All dictionaries of a run.
#[derive(Debug, Clone, Default)]
pub struct Dictionaries {
    /// Standard departments.
    pub departments: Vec<Department>,
    /// Standard materials.
    pub materials: Vec<Material>,
    /// Method phrases.
    pub methods: Vec<MethodEntry>,
    /// Header synonyms: compacted header text -> field.
    pub headers: HashMap<String, Field>,
    /// Material qualifiers, holders and vague terms.
    pub material_terms: Vec<MaterialTerm>,
    /// Texts reviewers decided must match nothing: (kind `dept` or `material`, text).
    pub never_match: Vec<(String, String)>,
    /// Standard data items.
    pub data_items: Vec<DataItem>,
    /// Basic-classification keywords.
    pub catalog_classes: Vec<CatalogClass>,
    /// Nationwide former and common names of department types and materials.
    pub reforms: Vec<Reform>,
    /// Groups of characters often confused for one another by their shape (形近字).
    pub lookalikes: Vec<String>,
    /// The nation's provinces, prefecture-level cities and counties, with their codes.
    pub regions: Vec<AdminRegion>,
    /// Kinds of source outside government (医疗机构, 用人单位, 银行), compacted.
    pub external_sources: Vec<String>,
    /// Divisions merged into others or renamed (闸北区 into 静安区).
    pub former_regions: Vec<FormerRegion>,
    /// Where each file came from (`embedded` or a path), in [`FILES`] order.
    pub origins: Vec<(String, String)>,
}

impl Dictionaries {
    /// The embedded defaults.
    pub fn embedded() -> Result<Dictionaries> {
        Dictionaries::load(None)
    }

    /// Loads the defaults, replacing each file that `dir` holds.
    pub fn load(dir: Option<&Path>) -> Result<Dictionaries> {
        if let Some(d) = dir
            && !d.is_dir()
        {
            return Err(Error::new(crate::tr!("dict.no_folder", dir = d.display())));
        }
        let mut texts = Vec::new();
        for (name, embedded) in FILES {
            let over = dir.map(|d| d.join(name)).filter(|p| p.is_file());
            match over {
                Some(p) => {
                    let bytes = std::fs::read(&p).map_err(|e| {
                        Error::new(crate::tr!("dict.unreadable", path = p.display(), error = e))
                    })?;
                    let text = String::from_utf8(bytes).map_err(|_| {
                        Error::new(crate::tr!("dict.not_utf8", path = p.display()))
                            .hint(crate::tr!("dict.not_utf8_hint"))
                    })?;
                    texts.push((name, p.display().to_string(), text));
                }
                None => texts.push((name, "embedded".to_string(), embedded.to_string())),
            }
        }
        let mut d = Dictionaries::default();
        for (name, origin, text) in &texts {
            let label = if origin == "embedded" {
                format!("dictionaries/{name} (embedded)")
            } else {
                origin.clone()
            };
            let table = CsvTable::parse(&label, text)?;
            match *name {
                "departments.csv" => d.departments = parse_departments(table)?,
                "materials.csv" => d.materials = parse_materials(&table)?,
                "methods.csv" => d.methods = parse_methods(&table)?,
                "headers.csv" => d.headers = parse_headers(&table)?,
                "material_terms.csv" => d.material_terms = parse_terms(&table)?,
                "never_match.csv" => d.never_match = parse_never(&table)?,
                "data_items.csv" => d.data_items = parse_items(&table)?,
                "catalog_classes.csv" => d.catalog_classes = parse_classes(&table)?,
                "reforms.csv" => d.reforms = parse_reforms(&table)?,
                "lookalikes.csv" => d.lookalikes = parse_lookalikes(&table)?,
                "regions.csv" => d.regions = parse_regions(&table)?,
                "external_sources.csv" => d.external_sources = parse_external(&table)?,
                "former_regions.csv" => d.former_regions = parse_former_regions(&table)?,
                _ => unreachable!("FILES lists every name"),
            }
            d.origins.push((name.to_string(), origin.clone()));
        }
        Ok(d)
    }

    /// The text of a dictionary file: DIR's when it has one, else the embedded default.
    pub fn file_text(dir: Option<&Path>, name: &str) -> Result<(String, bool)> {
        if let Some(p) = dir.map(|d| d.join(name)).filter(|p| p.is_file()) {
            let text = std::fs::read_to_string(&p).map_err(|e| {
                Error::new(crate::tr!("dict.unreadable", path = p.display(), error = e))
            })?;
            return Ok((text, true));
        }
        let embedded = FILES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| t.to_string())
            .ok_or_else(|| Error::new(format!("no dictionary file named {name}")))?;
        Ok((embedded, false))
    }

    /// Looks a department up by its exact standard name.
    pub fn department(&self, name: &str) -> Option<&Department> {
        self.departments.iter().find(|x| x.name == name)
    }

    /// The kind of source outside government a cell names (二级以上医疗机构 is one of
    /// 医疗机构), if any: the longest kind the compacted cell ends with.
    pub fn external_kind(&self, text: &str) -> Option<&str> {
        let c = crate::normalize::compact(text);
        let bank = is_commercial_bank(&c).then_some("银行");
        self.external_sources
            .iter()
            .filter(|k| c.ends_with(k.as_str()) || bank == Some(k.as_str()))
            .max_by_key(|k| k.len())
            .map(String::as_str)
    }

    /// Looks a material up by its exact standard name.
    pub fn material(&self, name: &str) -> Option<&Material> {
        self.materials.iter().find(|x| x.name == name)
    }
}

/// Whether a compacted name is a bank's, or its branch's, that is no government body
/// (中国银行上海市分行, 招商银行浦东支行): the central bank (人民银行) and the regulators
/// (银行业监督管理委员会, 银保监局) are bodies.
pub fn is_commercial_bank(name: &str) -> bool {
    const BODIES: [&str; 5] = ["人民银行", "银行业", "银行保险", "银监", "银保监"];
    name.contains("银行") && !BODIES.iter().any(|b| name.contains(b))
}
