//! The department types of each level of government (dictionaries/dept_types.csv) and their
//! known local variants (dictionaries/dept_variants.csv): the knowledge `dict init` drafts a
//! region's departments from. They are embedded but never loaded into `Dictionaries`: an
//! ordinary run matches against departments.csv only.
//!
//! What must stay true: every `replaces` names a type of the row's level, every placeholder is
//! one the drafter fills, every `applies` names unit kinds of the row's level; a bad row is an
//! error naming the file and the line.

use crate::dictionary::csv::{CsvTable, get, list};
use crate::error::Result;

/// dictionaries/dept_types.csv, embedded.
pub const DEPT_TYPES: &str = include_str!("../../dictionaries/dept_types.csv");
/// dictionaries/dept_variants.csv, embedded.
pub const DEPT_VARIANTS: &str = include_str!("../../dictionaries/dept_variants.csv");

/// The placeholders a name may hold: the parent city's name (杭州市, 上海市), the unit's short
/// name (西湖, 浦东), its name (西湖区) and what its bodies' names start with (杭州市西湖区).
pub const PLACEHOLDERS: [&str; 4] = ["{city}", "{short}", "{name}", "{region}"];

/// A level of government as the type tables distinguish them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// 省, 自治区.
    Province,
    /// 直辖市: 北京, 天津, 上海, 重庆.
    Municipality,
    /// A 直辖市's 区 (and 重庆's 县).
    DistrictOfMunicipality,
    /// 地级市, 自治州, 地区, 盟.
    City,
    /// 县, 县级市, 市辖区, 旗.
    County,
}

impl Level {
    /// Every level, in the order of the files.
    pub const ALL: [Level; 5] = [
        Level::Province,
        Level::Municipality,
        Level::DistrictOfMunicipality,
        Level::City,
        Level::County,
    ];

    /// The key the files use.
    pub fn key(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::Municipality => "municipality",
            Level::DistrictOfMunicipality => "district_of_municipality",
            Level::City => "city",
            Level::County => "county",
        }
    }

    fn from_key(k: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.key() == k)
    }

    /// The kinds of unit a row's `applies` may name on this level.
    pub fn unit_kinds(self) -> &'static [&'static str] {
        match self {
            Level::Province | Level::Municipality => &[],
            Level::City => &["地级市", "州", "地区", "盟"],
            Level::DistrictOfMunicipality => &["区", "县"],
            Level::County => &["区", "县", "市", "直管"],
        }
    }
}

/// The kinds of body (`kind` of dept_types.csv): `vertical` is a body managed from above
/// (税务局) and `mass` a 群团 organisation (残疾人联合会), neither the people's government's.
pub const KINDS: [&str; 9] = [
    "government",
    "office",
    "department",
    "direct",
    "managed",
    "institution",
    "branch",
    "vertical",
    "mass",
];

/// One row of dept_types.csv: a type of body on one level, without its region.
#[derive(Debug, Clone)]
pub struct DeptType {
    /// Level of government.
    pub level: Level,
    /// The type's name without region (人力资源和社会保障局); what `replaces` refers to.
    pub name: String,
    /// The full name when it is not region + name: a pattern with placeholders
    /// (`{city}公安局{short}分局`).
    pub pattern: String,
    /// Short names without region (人社局), or patterns.
    pub aliases: Vec<String>,
    /// Names before reforms without region (劳动和社会保障局), or patterns.
    pub former_names: Vec<String>,
    /// One of [`KINDS`].
    pub kind: String,
    /// Unit kinds it applies to (`Level::unit_kinds`); empty for every unit of the level.
    pub applies: Vec<String>,
    /// In the usual structure of every unit; else only where a variant adds it.
    pub common: bool,
    /// What the row is based on.
    pub based_on: String,
    /// Whether a person should confirm it.
    pub uncertain: bool,
    /// What is worth knowing.
    pub note: String,
    /// Line in its file.
    pub line: usize,
}

/// One row of dept_variants.csv: how one region departs from the types.
#[derive(Debug, Clone)]
pub struct Variant {
    /// The region (a name unique in regions.csv, or a 行政区划代码) it holds for: the region
    /// itself when `level` is its own level, else every unit of `level` under it.
    pub region: String,
    /// The level of the units it changes.
    pub level: Level,
    /// The body: a full name on the region's own level; below it a name without region (or a
    /// pattern), which is then the same for every unit.
    pub name: String,
    /// Other names, written as `name` is.
    pub aliases: Vec<String>,
    /// Names before reforms, written as `name` is.
    pub former_names: Vec<String>,
    /// Types of `level` the body stands for (removed); empty when it is added.
    pub replaces: Vec<String>,
    /// Unit kinds it applies to; empty for all.
    pub applies: Vec<String>,
    /// What the row is based on.
    pub based_on: String,
    /// Whether a person should confirm it.
    pub uncertain: bool,
    /// What is worth knowing.
    pub note: String,
    /// Line in its file.
    pub line: usize,
}

/// Both tables.
#[derive(Debug, Clone)]
pub struct Types {
    /// dept_types.csv rows, in file order.
    pub types: Vec<DeptType>,
    /// dept_variants.csv rows, in file order.
    pub variants: Vec<Variant>,
}

impl Types {
    /// The embedded tables.
    pub fn embedded() -> Result<Types> {
        Types::parse(DEPT_TYPES, DEPT_VARIANTS)
    }

    /// Parses and checks both tables.
    pub fn parse(types_text: &str, variants_text: &str) -> Result<Types> {
        let types = parse_types(&CsvTable::parse(
            "dictionaries/dept_types.csv (embedded)",
            types_text,
        )?)?;
        let variants = parse_variants(
            &CsvTable::parse("dictionaries/dept_variants.csv (embedded)", variants_text)?,
            &types,
        )?;
        Ok(Types { types, variants })
    }

    /// The type of `level` named `name`.
    pub fn get(&self, level: Level, name: &str) -> Option<&DeptType> {
        self.types
            .iter()
            .find(|t| t.level == level && t.name == name)
    }
}

fn level(t: &CsvTable, line: usize, v: &str) -> Result<Level> {
    Level::from_key(v).ok_or_else(|| {
        t.err(
            line,
            format!(
                "`level` is `{v}`; it must be one of {}",
                Level::ALL.map(|l| l.key()).join(" ")
            ),
        )
    })
}

fn flag(t: &CsvTable, line: usize, col: &str, v: &str) -> Result<bool> {
    match v {
        "0" => Ok(false),
        "1" => Ok(true),
        _ => Err(t.err(line, format!("`{col}` is `{v}`; it must be 0 or 1"))),
    }
}

/// Placeholders are the known ones, and braces only open them.
fn check_text(t: &CsvTable, line: usize, text: &str) -> Result<()> {
    let mut rest = text;
    while let Some(at) = rest.find('{') {
        let tail = &rest[at..];
        match PLACEHOLDERS.iter().find(|p| tail.starts_with(**p)) {
            Some(p) => rest = &tail[p.len()..],
            None => {
                return Err(t.err(
                    line,
                    format!(
                        "`{text}` has an unknown placeholder; the placeholders are {}",
                        PLACEHOLDERS.join(" ")
                    ),
                ));
            }
        }
    }
    if rest.contains('}') {
        return Err(t.err(line, format!("`{text}` has a `}}` that closes nothing")));
    }
    Ok(())
}

fn applies(t: &CsvTable, line: usize, level: Level, v: &str) -> Result<Vec<String>> {
    let kinds = list(v);
    for k in &kinds {
        if !level.unit_kinds().contains(&k.as_str()) {
            let allowed = level.unit_kinds();
            let which = if allowed.is_empty() {
                "it must be empty on this level".to_string()
            } else {
                format!(
                    "the kinds of unit of {} are {}",
                    level.key(),
                    allowed.join(" ")
                )
            };
            return Err(t.err(line, format!("`applies` names `{k}`; {which}")));
        }
    }
    Ok(kinds)
}

fn parse_types(t: &CsvTable) -> Result<Vec<DeptType>> {
    let cols = t.columns(
        &["level", "name", "kind", "based_on", "uncertain"],
        &[
            "pattern",
            "aliases",
            "former_names",
            "applies",
            "common",
            "note",
        ],
    )?;
    let mut out: Vec<DeptType> = Vec::new();
    for (line, row) in &t.rows {
        let line = *line;
        let lv = level(t, line, get(row, &cols, "level"))?;
        let name = get(row, &cols, "name");
        if name.is_empty() || name.contains('{') {
            return Err(t.err(line, "`name` must be a type name without placeholders"));
        }
        if out.iter().any(|x| x.level == lv && x.name == name) {
            return Err(t.err(line, format!("type `{name}` appears twice on {}", lv.key())));
        }
        let kind = get(row, &cols, "kind");
        if !KINDS.contains(&kind) {
            return Err(t.err(
                line,
                format!("`kind` is `{kind}`; it must be one of {}", KINDS.join(" ")),
            ));
        }
        let based_on = get(row, &cols, "based_on");
        if based_on.is_empty() {
            return Err(t.err(line, "`based_on` is empty: say what the row is based on"));
        }
        let common = match get(row, &cols, "common") {
            "" => true,
            v => flag(t, line, "common", v)?,
        };
        let d = DeptType {
            level: lv,
            name: name.to_string(),
            pattern: get(row, &cols, "pattern").to_string(),
            aliases: list(get(row, &cols, "aliases")),
            former_names: list(get(row, &cols, "former_names")),
            kind: kind.to_string(),
            applies: applies(t, line, lv, get(row, &cols, "applies"))?,
            common,
            based_on: based_on.to_string(),
            uncertain: flag(t, line, "uncertain", get(row, &cols, "uncertain"))?,
            note: get(row, &cols, "note").to_string(),
            line,
        };
        for x in std::iter::once(&d.pattern)
            .chain(&d.aliases)
            .chain(&d.former_names)
        {
            check_text(t, line, x)?;
        }
        out.push(d);
    }
    Ok(out)
}

fn parse_variants(t: &CsvTable, types: &[DeptType]) -> Result<Vec<Variant>> {
    let cols = t.columns(
        &[
            "region",
            "level",
            "name",
            "replaces",
            "based_on",
            "uncertain",
        ],
        &["aliases", "former_names", "applies", "note"],
    )?;
    let mut out = Vec::new();
    for (line, row) in &t.rows {
        let line = *line;
        let lv = level(t, line, get(row, &cols, "level"))?;
        let region = get(row, &cols, "region");
        let name = get(row, &cols, "name");
        if region.is_empty() || name.is_empty() {
            return Err(t.err(line, "`region` and `name` must not be empty"));
        }
        let replaces = list(get(row, &cols, "replaces"));
        for r in &replaces {
            if !types.iter().any(|x| x.level == lv && x.name == *r) {
                return Err(t.err(
                    line,
                    format!(
                        "`replaces` names `{r}`, which is no type of {} in dept_types.csv",
                        lv.key()
                    ),
                ));
            }
        }
        let based_on = get(row, &cols, "based_on");
        if based_on.is_empty() {
            return Err(t.err(line, "`based_on` is empty: say what the row is based on"));
        }
        let v = Variant {
            region: region.to_string(),
            level: lv,
            name: name.to_string(),
            aliases: list(get(row, &cols, "aliases")),
            former_names: list(get(row, &cols, "former_names")),
            replaces,
            applies: applies(t, line, lv, get(row, &cols, "applies"))?,
            based_on: based_on.to_string(),
            uncertain: flag(t, line, "uncertain", get(row, &cols, "uncertain"))?,
            note: get(row, &cols, "note").to_string(),
            line,
        };
        for x in std::iter::once(&v.name)
            .chain(&v.aliases)
            .chain(&v.former_names)
        {
            check_text(t, line, x)?;
        }
        out.push(v);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_tables_parse() {
        let t = Types::embedded().expect("embedded tables");
        assert!(t.types.len() > 200, "{}", t.types.len());
        assert!(t.variants.len() > 180, "{}", t.variants.len());
        for l in Level::ALL {
            let gov = t
                .types
                .iter()
                .filter(|x| x.level == l && x.kind == "government");
            assert!(gov.count() >= 1, "{} has a government", l.key());
        }
    }

    #[test]
    fn a_bad_row_names_its_line() {
        let head = "level,name,kind,based_on,uncertain\n";
        let bad_level = Types::parse(&format!("{head}town,民政局,department,x,0\n"), "").err();
        assert!(bad_level.unwrap().message.contains("第 2 行"));
        let no_basis = Types::parse(&format!("{head}city,民政局,department,,0\n"), "").err();
        assert!(no_basis.unwrap().message.contains("based_on"));
        let types = format!("{head}city,民政局,department,x,0\n");
        let vhead = "region,level,name,replaces,based_on,uncertain\n";
        let unknown = Types::parse(&types, &format!("{vhead}杭州市,city,x局,教育局,y,0\n"));
        assert!(unknown.err().unwrap().message.contains("`教育局`"));
        let placeholder = Types::parse(&types, &format!("{vhead}杭州市,county,{{town}}局,,y,0\n"));
        assert!(placeholder.err().unwrap().message.contains("placeholder"));
        let kinds = "level,name,kind,based_on,uncertain,applies\ncity,民政局,department,x,0,区\n";
        assert!(
            Types::parse(kinds, "")
                .err()
                .unwrap()
                .message
                .contains("applies")
        );
    }
}
