//! `dict init`: a draft departments.csv for a region of China and the regions under it, made
//! from the department types of each level (types.rs) and the nation's regions (regions.csv),
//! with the national ministries of the embedded departments.csv.
//!
//! A body is named as the official names are: region + type (杭州市市场监督管理局); a city
//! district's bodies carry the city (杭州市西湖区市场监督管理局), a county's and a county-level
//! city's their own name only (桐庐县…, 建德市…). Its `region` is the region as the matching
//! engine reads it (src/matching/region.rs): the top region's name for the top level, and
//! below it the prefix the names carry after the top region's (西湖区 in a 杭州市 draft,
//! 杭州市西湖区 in a 浙江省 draft, where two cities may both have a 鼓楼区), so every region
//! of the draft has one unique name.
//!
//! What must stay true: nothing of a region outside the draft's comes into it (variants apply
//! only to their region and the units under it; of the embedded departments only the national
//! rows); codes stay empty; every name is unique and an alias or former name that two bodies
//! would share is given to neither; an entry drawn from an uncertain row says so in its note
//! (`uncertain: …`), so `dict check --uncertain` lists it.

pub mod types;

use std::collections::HashMap;

use crate::dictionary::{AdminLevel, AdminRegion, Department};
use crate::error::{Error, Result};
use crate::normalize::compact;
use crate::tr;

pub use types::{DeptType, Level, Types, Variant};

/// The province-level units that are 直辖市.
const MUNICIPALITIES: [&str; 4] = ["北京市", "天津市", "上海市", "重庆市"];

/// What `--region` may say to mean the whole country.
const NATION: [&str; 4] = ["全国", "中国", "中华人民共和国", "000000"];

/// Names of China's ethnic groups as they stand in the names of autonomous areas (without 族):
/// what is left before the first is the place (恩施土家族苗族自治州 -> 恩施).
const ETHNIC: [&str; 55] = [
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
];

/// The nation's regions (regions.csv) as a tree.
pub struct RegionTree<'a> {
    all: &'a [AdminRegion],
    by_code: HashMap<&'a str, usize>,
    children: HashMap<&'a str, Vec<usize>>,
}

/// What a draft is for.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// Every province, city and county.
    National,
    /// One region and the regions under it.
    Region(&'a AdminRegion),
}

impl<'a> RegionTree<'a> {
    /// The tree of `regions` (in code order, as regions.csv is sorted).
    pub fn new(regions: &'a [AdminRegion]) -> RegionTree<'a> {
        let by_code = regions
            .iter()
            .enumerate()
            .map(|(i, r)| (r.code.as_str(), i))
            .collect();
        let mut children: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, r) in regions.iter().enumerate() {
            children.entry(r.parent.as_str()).or_default().push(i);
        }
        RegionTree {
            all: regions,
            by_code,
            children,
        }
    }

    /// The region of a code.
    pub fn get(&self, code: &str) -> Option<&'a AdminRegion> {
        self.by_code.get(code).map(|&i| &self.all[i])
    }

    /// The region's parent.
    pub fn parent(&self, r: &AdminRegion) -> Option<&'a AdminRegion> {
        self.get(&r.parent)
    }

    /// The region and its ancestors, the region first.
    fn lineage(&self, r: &'a AdminRegion) -> Vec<&'a AdminRegion> {
        let mut out = vec![r];
        while let Some(p) = self.parent(out[out.len() - 1]) {
            if out.len() > 4 {
                break;
            }
            out.push(p);
        }
        out
    }

    /// The region as a person reads it: 浙江省杭州市西湖区.
    pub fn path(&self, r: &'a AdminRegion) -> String {
        let mut l = self.lineage(r);
        l.reverse();
        l.iter().map(|x| x.name.as_str()).collect()
    }

    /// The regions under `r`, depth first, in code order.
    fn descendants(&self, r: &AdminRegion, out: &mut Vec<&'a AdminRegion>) {
        for &i in self.children.get(r.code.as_str()).into_iter().flatten() {
            out.push(&self.all[i]);
            self.descendants(&self.all[i], out);
        }
    }

    /// The provinces, in code order.
    fn provinces(&self) -> Vec<&'a AdminRegion> {
        self.all
            .iter()
            .filter(|r| r.level == AdminLevel::Province)
            .collect()
    }

    /// A region as an error lists it: name, code and where it lies.
    fn candidate(&self, r: &AdminRegion, parent: String) -> String {
        tr!(
            "region.candidate",
            name = r.name,
            code = r.code,
            parent = parent
        )
    }

    /// Reads `--region`: a name as regions.csv writes it (浙江省, 杭州市, 西湖区), a name with
    /// its city or province before it (杭州市西湖区), a 行政区划代码 (330106), or 全国.
    pub fn resolve(&self, query: &str) -> Result<Scope<'a>> {
        let q = compact(query);
        if NATION.contains(&q.as_str()) {
            return Ok(Scope::National);
        }
        if q.len() == 6 && q.bytes().all(|b| b.is_ascii_digit()) {
            return self.get(&q).map(Scope::Region).ok_or_else(|| {
                Error::new(tr!("region.unknown_code", query = query, code = q))
                    .hint(tr!("region.unknown_code_hint"))
            });
        }
        let found: Vec<&AdminRegion> = self
            .all
            .iter()
            .filter(|r| {
                let l = self.lineage(r);
                (1..=l.len()).any(|n| {
                    let mut names: Vec<&str> = l[..n].iter().map(|x| x.name.as_str()).collect();
                    names.reverse();
                    names.concat() == q
                })
            })
            .collect();
        match found.as_slice() {
            [one] => Ok(Scope::Region(one)),
            [] => {
                let near: Vec<String> = self
                    .all
                    .iter()
                    .filter(|r| !q.is_empty() && (r.name.starts_with(&q) || q.starts_with(&r.name)))
                    .take(6)
                    .map(|r| self.candidate(r, self.path(r)))
                    .collect();
                let hint = if near.is_empty() {
                    tr!("region.unknown_name_hint")
                } else {
                    tr!(
                        "region.did_you_mean",
                        list = near.join(crate::messages::sep())
                    )
                };
                Err(Error::new(tr!("region.unknown_name", query = query)).hint(hint))
            }
            many => {
                let list: Vec<String> = many
                    .iter()
                    .map(|r| {
                        let parent = self.parent(r).map(|p| self.path(p)).unwrap_or_default();
                        self.candidate(r, parent)
                    })
                    .collect();
                let example = many
                    .first()
                    .and_then(|r| self.parent(r).map(|p| format!("{}{}", p.name, r.name)))
                    .unwrap_or_default();
                let list = list.join(crate::messages::sep());
                Err(
                    Error::new(tr!("region.ambiguous", query = query, list = list))
                        .hint(tr!("region.ambiguous_hint", example = example)),
                )
            }
        }
    }
}

/// One administrative unit of a draft, with what its bodies' names are made of.
struct Unit<'a> {
    region: &'a AdminRegion,
    level: Level,
    /// The unit kind `applies` names (区, 县, 地级市 …); empty on province level.
    kind: &'static str,
    /// What its bodies' names start with: 杭州市, 杭州市西湖区, 桐庐县.
    prefix: String,
    /// The parent city's name, for `{city}`.
    city: Option<String>,
    /// Short name, for `{short}`: 西湖, 浦东, 桐庐.
    short: String,
    /// Other prefixes people write the unit's bodies with: 西湖区 (without the city), 恩施州.
    alt: Vec<String>,
    /// A 市's name without 市, for type names that begin with 市 (杭州 + 市场监管局).
    shi_short: Option<String>,
    /// Codes of the unit and its ancestors.
    lineage: Vec<&'a str>,
}

impl<'a> Unit<'a> {
    /// The unit, or None for a county-level row that is no county with bureaus (西沙群岛).
    fn new(tree: &RegionTree<'a>, r: &'a AdminRegion) -> Option<Unit<'a>> {
        let parent = tree.parent(r);
        let municipality = |x: &AdminRegion| {
            x.level == AdminLevel::Province && MUNICIPALITIES.contains(&x.name.as_str())
        };
        let (level, kind): (Level, &'static str) = match r.level {
            AdminLevel::Province if municipality(r) => (Level::Municipality, ""),
            AdminLevel::Province => (Level::Province, ""),
            AdminLevel::City => (
                Level::City,
                if r.name.ends_with("自治州") {
                    "州"
                } else if r.name.ends_with("地区") {
                    "地区"
                } else if r.name.ends_with('盟') {
                    "盟"
                } else {
                    "地级市"
                },
            ),
            AdminLevel::County => {
                let under_municipality = parent.is_some_and(municipality);
                let direct =
                    !under_municipality && parent.is_some_and(|p| p.level == AdminLevel::Province);
                let by_suffix = if r.name.ends_with('区') && !r.name.ends_with("林区") {
                    "区"
                } else if r.name.ends_with(['县', '旗']) || r.name.ends_with("林区") {
                    "县"
                } else if r.name.ends_with('市') {
                    "市"
                } else {
                    return None;
                };
                match (under_municipality, direct) {
                    (true, _) if by_suffix == "市" => return None,
                    (true, _) => (Level::DistrictOfMunicipality, by_suffix),
                    (false, true) => (Level::County, "直管"),
                    (false, false) => (Level::County, by_suffix),
                }
            }
        };
        let city = match level {
            Level::County | Level::DistrictOfMunicipality if kind != "直管" => {
                parent.map(|p| p.name.clone())
            }
            _ => None,
        };
        let prefix = match (&city, kind) {
            (Some(c), "区") => format!("{c}{}", r.name),
            _ => r.name.clone(),
        };
        let mut alt = Vec::new();
        if kind == "区" && prefix != r.name {
            alt.push(r.name.clone());
        }
        if let Some(place) = autonomous_place(&r.name) {
            let suffix = if r.name.ends_with("自治州") {
                "州"
            } else if r.name.ends_with("自治旗") {
                "旗"
            } else if r.name.ends_with("自治县") {
                "县"
            } else {
                ""
            };
            if !suffix.is_empty() {
                alt.push(format!("{place}{suffix}"));
            }
        }
        // 安阳市场监管局 is 安阳市's and 安阳县's alike (安阳市 + 市场…, 安阳 + 市场…): a city
        // with a county or district of its own short name gets no such form.
        let shi_short = match level {
            Level::City | Level::Municipality => r
                .name
                .strip_suffix('市')
                .filter(|s| s.chars().count() >= 2)
                .filter(|s| {
                    let mut under = Vec::new();
                    tree.descendants(r, &mut under);
                    !under.iter().any(|u| short_name(&u.name) == *s)
                })
                .map(str::to_string),
            _ => None,
        };
        // A short name two units of one city share (临夏市 and 临夏县) names neither.
        let mut short = short_name(&r.name);
        let shared = tree
            .children
            .get(r.parent.as_str())
            .into_iter()
            .flatten()
            .any(|&i| tree.all[i].code != r.code && short_name(&tree.all[i].name) == short);
        if shared {
            short = r.name.clone();
        }
        Some(Unit {
            region: r,
            level,
            kind,
            prefix,
            city,
            short,
            alt,
            shi_short,
            lineage: tree.lineage(r).iter().map(|x| x.code.as_str()).collect(),
        })
    }

    fn applies(&self, kinds: &[String]) -> bool {
        kinds.is_empty() || kinds.iter().any(|k| k == self.kind)
    }

    /// A text of a row: placeholders filled; else, when `relative`, the unit's prefix before
    /// it. None when it needs a city the unit has not.
    fn expand(&self, text: &str, relative: bool) -> Option<String> {
        if text.contains('{') {
            if text.contains("{city}") && self.city.is_none() {
                return None;
            }
            return Some(
                text.replace("{city}", self.city.as_deref().unwrap_or_default())
                    .replace("{short}", &self.short)
                    .replace("{name}", &self.region.name)
                    .replace("{region}", &self.prefix),
            );
        }
        Some(if relative {
            format!("{}{text}", self.prefix)
        } else {
            text.to_string()
        })
    }

    /// The other forms of a relative text people write: 西湖区民政局, 恩施州民政局,
    /// 杭州市场监管局.
    fn other_forms(&self, text: &str) -> Vec<String> {
        if text.contains('{') {
            return Vec::new();
        }
        let mut out: Vec<String> = self.alt.iter().map(|a| format!("{a}{text}")).collect();
        if let Some(s) = &self.shi_short
            && text.starts_with('市')
        {
            out.push(format!("{s}{text}"));
        }
        out
    }
}

/// The place an autonomous area is named after: 恩施 of 恩施土家族苗族自治州, 东乡 of
/// 东乡族自治县.
fn autonomous_place(name: &str) -> Option<String> {
    if !name.contains("自治") {
        return None;
    }
    let idx: Vec<usize> = name.char_indices().map(|(i, _)| i).collect();
    for &at in idx.iter().skip(2) {
        let rest = &name[at..];
        let ethnic = ETHNIC.iter().any(|e| {
            rest.strip_prefix(e)
                .is_some_and(|r| r.starts_with('族') || r.starts_with("自治"))
        });
        if ethnic || rest.starts_with("各族") || rest.starts_with("自治") {
            let place = name[..at].trim_end_matches('族');
            return (place.chars().count() >= 2).then(|| place.to_string());
        }
    }
    None
}

/// A county-level unit's short name: 西湖 of 西湖区, 浦东 of 浦东新区, 桐庐 of 桐庐县; the full
/// name when less than two characters would be left (城区, 赵县), or when the short name would
/// read as a city (新市区).
pub(crate) fn short_name(name: &str) -> String {
    if let Some(p) = autonomous_place(name) {
        return p;
    }
    // 新市区 and 西市区 keep their 区: 新市 alone reads as a city named 新 (新市教育局 is more
    // likely 新余市's or 新乐市's with a character lost than 乌鲁木齐's 新市区's).
    if name.chars().count() == 3 && name.ends_with("市区") {
        return name.to_string();
    }
    for suffix in ["新区", "林区", "区", "县", "市", "旗"] {
        if let Some(s) = name.strip_suffix(suffix)
            && s.chars().count() >= 2
        {
            return s.to_string();
        }
    }
    name.to_string()
}

/// One body of a unit while the draft is made.
#[derive(Debug, Clone)]
struct Body {
    name: String,
    aliases: Vec<String>,
    former: Vec<String>,
    /// The type names it stands for (what a variant's `replaces` removes).
    slots: Vec<String>,
    uncertain: bool,
    note: String,
}

/// Counts of one level of a draft.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LevelCount {
    /// province, city, county or national.
    pub level: &'static str,
    /// Regions of the level.
    pub regions: usize,
    /// Entries written.
    pub entries: usize,
    /// Entries marked `uncertain:`.
    pub uncertain: usize,
}

/// A region of a draft as its entries name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftUnit {
    /// 行政区划代码.
    pub code: String,
    /// Name in regions.csv (西湖区).
    pub name: String,
    /// Level in regions.csv.
    pub level: AdminLevel,
    /// Its `region` column in the draft.
    pub column: String,
    /// What its bodies' names start with (杭州市西湖区).
    pub prefix: String,
    /// The city it lies in, for a county-level unit (杭州市).
    pub city: Option<String>,
    /// Its short name (西湖, 桐庐; the name itself for a province or city).
    pub short: String,
}

/// A draft departments.csv and what it holds.
#[derive(Debug, Clone)]
pub struct Draft {
    /// What the draft is for: 浙江省杭州市 (330100), or 全国.
    pub title: String,
    /// The entries, in the order written.
    pub departments: Vec<Department>,
    /// Per level, from the top down, national last.
    pub levels: Vec<LevelCount>,
    /// County-level rows of regions.csv that are no county with bureaus, left out.
    pub skipped: Vec<String>,
    /// The regions drafted, in the order of their entries.
    pub units: Vec<DraftUnit>,
}

/// Makes the draft for a scope. `national` are the rows of departments.csv copied as they
/// are (the embedded national ministries).
pub fn draft(
    tree: &RegionTree<'_>,
    scope: Scope<'_>,
    types: &Types,
    national: &[Department],
) -> Result<Draft> {
    let (title, regions, top_prefix) = match scope {
        Scope::National => {
            let mut all = Vec::new();
            for p in tree.provinces() {
                all.push(p);
                tree.descendants(p, &mut all);
            }
            ("全国".to_string(), all, None)
        }
        Scope::Region(r) => {
            let mut all = vec![r];
            tree.descendants(r, &mut all);
            let title = format!("{} ({})", tree.path(r), r.code);
            let top = Unit::new(tree, r).map(|u| u.prefix);
            (title, all, top)
        }
    };
    let variant_codes = resolve_variants(tree, types)?;
    let mut levels: Vec<LevelCount> = ["province", "city", "county"]
        .iter()
        .map(|l| LevelCount {
            level: l,
            ..LevelCount::default()
        })
        .collect();
    let mut skipped = Vec::new();
    let mut units = Vec::new();
    // (level index, region column, body)
    let mut rows: Vec<(usize, String, Body)> = Vec::new();
    for r in regions {
        let Some(mut unit) = Unit::new(tree, r) else {
            skipped.push(format!("{} {}", tree.path(r), r.code));
            continue;
        };
        if top_prefix.is_none() {
            // Nationwide the matching engine cannot read 西湖区 or 恩施州 as a region (they
            // are not the `region` column), so a name written so is compared whole, place and
            // all, and 肥城…局 comes close to 肥乡区…局: no such forms.
            unit.alt.clear();
        }
        let li = match r.level {
            AdminLevel::Province => 0,
            AdminLevel::City => 1,
            AdminLevel::County => 2,
        };
        levels[li].regions += 1;
        let column = match &top_prefix {
            Some(t) if unit.prefix == *t => t.clone(),
            Some(t) => unit
                .prefix
                .strip_prefix(t.as_str())
                .filter(|s| !s.is_empty())
                .unwrap_or(&unit.prefix)
                .to_string(),
            None => unit.prefix.clone(),
        };
        for b in bodies(&unit, types, &variant_codes) {
            rows.push((li, column.clone(), b));
        }
        units.push(DraftUnit {
            code: r.code.clone(),
            name: r.name.clone(),
            level: r.level,
            column,
            prefix: unit.prefix.clone(),
            city: unit.city.clone(),
            short: match r.level {
                AdminLevel::County => unit.short.clone(),
                _ => r.name.clone(),
            },
        });
    }
    let departments = finish(rows, national, &mut levels);
    levels.retain(|l| l.regions > 0);
    levels.push(LevelCount {
        level: "national",
        regions: 1,
        entries: national.len(),
        uncertain: national
            .iter()
            .filter(|d| d.note.trim_start().starts_with("uncertain"))
            .count(),
    });
    Ok(Draft {
        title,
        departments,
        levels,
        skipped,
        units,
    })
}

/// The code of each variant's region; an error for a region regions.csv does not name once.
fn resolve_variants(tree: &RegionTree<'_>, types: &Types) -> Result<Vec<String>> {
    types
        .variants
        .iter()
        .map(|v| match tree.resolve(&v.region) {
            Ok(Scope::Region(r)) => Ok(r.code.clone()),
            Ok(Scope::National) => Err(Error::new(format!(
                "dictionaries/dept_variants.csv: line {}: a variant is for one region, not `{}`",
                v.line, v.region
            ))),
            Err(e) => Err(Error::new(format!(
                "dictionaries/dept_variants.csv: line {}: {}",
                v.line, e.message
            ))),
        })
        .collect()
}

fn note(uncertain: bool, note: &str, based_on: &str, file: &str) -> String {
    let basis = format!("draft from {file}: {based_on}");
    match (uncertain, note.is_empty()) {
        (true, true) => format!("uncertain: not verified for this region; {basis}"),
        (true, false) => format!("uncertain: {note}; {basis}"),
        (false, true) => basis,
        (false, false) => format!("{basis}; {note}"),
    }
}

/// The bodies of one unit: its level's common types, then the variants of its province, its
/// city and itself, in that order.
fn bodies(u: &Unit<'_>, types: &Types, variant_codes: &[String]) -> Vec<Body> {
    let mut out: Vec<Body> = Vec::new();
    for t in types.types.iter().filter(|t| t.level == u.level) {
        if t.common
            && u.applies(&t.applies)
            && let Some(b) = type_body(u, t)
        {
            out.push(b);
        }
    }
    // Variants of the unit's ancestors first (province, then city), then its own.
    let mut vs: Vec<(usize, &Variant)> = types
        .variants
        .iter()
        .zip(variant_codes)
        .filter(|(v, _)| v.level == u.level && u.applies(&v.applies))
        .filter_map(|(v, code)| {
            let depth = u.lineage.iter().position(|c| *c == code.as_str())?;
            Some((usize::MAX - depth, v))
        })
        .collect();
    vs.sort_by_key(|(d, v)| (*d, v.line));
    for (d, v) in vs {
        // On the unit's own level a variant gives full names; for the units under a region,
        // names without region (or patterns) the same for every unit.
        apply_variant(u, types, v, d != usize::MAX, &mut out);
    }
    out
}

fn type_body(u: &Unit<'_>, t: &DeptType) -> Option<Body> {
    let name = if t.pattern.is_empty() {
        u.expand(&t.name, true)?
    } else {
        u.expand(&t.pattern, true)?
    };
    let mut aliases: Vec<String> = t.aliases.iter().filter_map(|a| u.expand(a, true)).collect();
    if t.pattern.is_empty() {
        for x in std::iter::once(&t.name).chain(&t.aliases) {
            aliases.extend(u.other_forms(x));
        }
    }
    Some(Body {
        name,
        aliases,
        former: t
            .former_names
            .iter()
            .filter_map(|f| u.expand(f, true))
            .collect(),
        slots: vec![t.name.clone()],
        uncertain: t.uncertain,
        note: note(t.uncertain, &t.note, &t.based_on, "dept_types.csv"),
    })
}

fn apply_variant(u: &Unit<'_>, types: &Types, v: &Variant, relative: bool, out: &mut Vec<Body>) {
    let Some(name) = u.expand(&v.name, relative) else {
        return;
    };
    let same_type = if relative {
        types.get(v.level, &v.name)
    } else {
        None
    };
    let mut aliases: Vec<String> = v
        .aliases
        .iter()
        .chain(same_type.map(|t| &t.aliases).into_iter().flatten())
        .filter_map(|a| u.expand(a, relative))
        .collect();
    if relative && same_type.is_none_or(|t| t.pattern.is_empty()) {
        let rel = std::iter::once(&v.name)
            .chain(&v.aliases)
            .chain(same_type.map(|t| &t.aliases).into_iter().flatten());
        for x in rel {
            aliases.extend(u.other_forms(x));
        }
    }
    let mut former: Vec<String> = v
        .former_names
        .iter()
        .chain(same_type.map(|t| &t.former_names).into_iter().flatten())
        .filter_map(|f| u.expand(f, relative))
        .collect();
    // What it replaces: the bodies that stand for those types (their former names stay
    // former names of this one), or the types' former names where the unit had no such body.
    let mut at = None;
    let mut slots = v.replaces.clone();
    for r in &v.replaces {
        if let Some(t) = types.get(v.level, r)
            && !out.iter().any(|b| b.slots.contains(r))
        {
            former.extend(t.former_names.iter().filter_map(|f| u.expand(f, true)));
        }
    }
    let mut i = 0;
    while i < out.len() {
        let b = &out[i];
        if b.name == name || b.slots.iter().any(|s| v.replaces.contains(s)) {
            let b = out.remove(i);
            former.extend(b.former);
            slots.extend(b.slots);
            at.get_or_insert(i);
        } else {
            i += 1;
        }
    }
    if relative {
        slots.push(v.name.clone());
    }
    slots.sort();
    slots.dedup();
    let body = Body {
        name,
        aliases,
        former,
        slots,
        uncertain: v.uncertain,
        note: note(v.uncertain, &v.note, &v.based_on, "dept_variants.csv"),
    };
    match at {
        Some(i) => out.insert(i, body),
        None => out.push(body),
    }
}

/// The entries: bodies with their other names cleaned (none equal to the name, none claimed
/// by two entries, none equal to another entry's name), then the national rows.
fn finish(
    rows: Vec<(usize, String, Body)>,
    national: &[Department],
    levels: &mut [LevelCount],
) -> Vec<Department> {
    // Who is called what: entry index by compacted text, for names and for other names.
    let mut named: HashMap<String, usize> = HashMap::new();
    let mut claims: HashMap<String, Vec<usize>> = HashMap::new();
    let n = rows.len();
    let others = |i: usize| -> Vec<&String> {
        if i < n {
            let b = &rows[i].2;
            b.aliases.iter().chain(&b.former).collect()
        } else {
            let d = &national[i - n];
            d.aliases.iter().chain(&d.former_names).collect()
        }
    };
    let name_of = |i: usize| -> &String {
        if i < n {
            &rows[i].2.name
        } else {
            &national[i - n].name
        }
    };
    for i in 0..n + national.len() {
        named.entry(compact(name_of(i))).or_insert(i);
        for t in others(i) {
            let c = compact(t);
            let v = claims.entry(c).or_default();
            if !v.contains(&i) {
                v.push(i);
            }
        }
    }
    let free = |i: usize, text: &str| -> bool {
        let c = compact(text);
        named.get(&c).is_none_or(|&j| j == i) && claims.get(&c).is_none_or(|v| v == &[i])
    };
    let mut out = Vec::with_capacity(n + national.len());
    for (i, (li, column, b)) in rows.iter().enumerate() {
        let mut seen = vec![compact(&b.name)];
        let mut keep = |t: &String| -> bool {
            let c = compact(t);
            if seen.contains(&c) || !free(i, t) {
                return false;
            }
            seen.push(c);
            true
        };
        let aliases: Vec<String> = b.aliases.iter().filter(|t| keep(t)).cloned().collect();
        let former: Vec<String> = b.former.iter().filter(|t| keep(t)).cloned().collect();
        levels[*li].entries += 1;
        if b.uncertain {
            levels[*li].uncertain += 1;
        }
        out.push(Department {
            name: b.name.clone(),
            aliases,
            former_names: former,
            code: String::new(),
            region: column.clone(),
            note: b.note.clone(),
            line: out.len() + 2,
        });
    }
    for d in national {
        out.push(Department {
            line: out.len() + 2,
            ..d.clone()
        });
    }
    out
}

/// The rows of departments.csv a draft copies as they are: the national ministries only, so a
/// Shanghai body never reaches another region's draft.
pub fn national_rows(departments: &[Department]) -> Vec<Department> {
    departments
        .iter()
        .filter(|d| d.region == "国家")
        .cloned()
        .collect()
}

/// departments.csv text: `name,aliases,former_names,code,region,note`, lists joined by `|`.
pub fn to_csv(departments: &[Department]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let _ = w.write_record(["name", "aliases", "former_names", "code", "region", "note"]);
    for d in departments {
        let _ = w.write_record([
            d.name.as_str(),
            &d.aliases.join("|"),
            &d.former_names.join("|"),
            &d.code,
            &d.region,
            &d.note,
        ]);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests;
