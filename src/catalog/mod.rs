//! Catalog: drafts the resource catalog (资源目录) that a standardized requirement list calls
//! for, and checks catalogs that departments send back.
//!
//! One resource per responsible department and material that the list asks to be shared (数据
//! 核验 or 电子证照核验); one data item (信息项) per standardized 数据字段. Identifiers are the
//! department's prefix code from departments.csv plus a serial; a department without a code gets
//! no identifier and a finding, never an invented code. Guessed values are conservative and
//! marked as drafted. With a previous catalog, every identifier issued before is kept.

mod check;
mod render;

pub use check::check;
pub use render::render;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use calamine::Reader;

use crate::dictionary::Dictionaries;
use crate::error::{Error, Result};
use crate::methods::{DATA_CHECK, ELICENCE_CHECK};
use crate::normalize::compact;
use crate::rules::{Finding, Levels};
use crate::schema::Field;
use crate::standardize::Record;

/// File name of the drafted catalog.
pub const CATALOG_FILE: &str = "资源目录.xlsx";
/// Folder of per-department catalogs with `--split`.
pub const CATALOG_DIR: &str = "资源目录";
/// Columns of the 资源目录 sheet.
pub const RESOURCE_COLUMNS: [&str; 17] = [
    "资源标识号",
    "资源名称",
    "资源类型",
    "提供单位",
    "所属系统",
    "更新周期",
    "共享类型",
    "共享条件",
    "开放类型",
    "开放条件",
    "安全级别",
    "部门目录",
    "基础目录",
    "主题目录",
    "事项类别",
    "需求来源",
    "起草说明",
];
/// Columns of the 信息项 sheet.
pub const ITEM_COLUMNS: [&str; 6] = [
    "信息项标识",
    "信息项名称",
    "信息项类型",
    "资源标识号",
    "资源名称",
    "提供单位",
];

/// Allowed values (catalog check).
pub const RESOURCE_TYPES: [&str; 4] = ["库表", "文件", "服务接口", "电子证照"];
/// Allowed 更新周期.
pub const UPDATE_CYCLES: [&str; 6] = ["即时", "每天", "每周", "每月", "季度", "年度"];
/// Allowed 共享类型.
pub const SHARE_TYPES: [&str; 3] = ["有条件共享", "无条件共享", "不共享"];
/// Allowed 开放类型.
pub const OPEN_TYPES: [&str; 3] = ["有条件公开", "无条件公开", "不公开"];
/// Allowed 部门目录.
pub const DEPT_DIRS: [&str; 5] = ["国家", "市级", "区县", "国资国企", "社会组织"];
/// Allowed 事项类别.
pub const ITEM_CATEGORIES: [&str; 10] = [
    "行政许可",
    "行政处罚",
    "行政强制",
    "行政征收",
    "行政给付",
    "行政裁决",
    "行政确认",
    "行政奖励",
    "行政监督",
    "其他行政权力和公共服务事项",
];
/// Also accepted as 事项类别: the short forms lists use.
const ITEM_CATEGORY_SHORT: [&str; 2] = ["公共服务", "其他行政权力"];

/// A drafted resource.
#[derive(Debug, Clone, Default)]
pub struct Resource {
    /// 资源标识号 (empty when the department has no code).
    pub id: String,
    /// 资源名称.
    pub name: String,
    /// The material it is drafted from.
    pub material: String,
    /// 资源类型.
    pub rtype: String,
    /// 提供单位.
    pub dept: String,
    /// 部门目录.
    pub dept_dir: String,
    /// 基础目录.
    pub base_dir: String,
    /// 事项类别 values of the requirements.
    pub categories: BTreeSet<String>,
    /// Requesting units.
    pub requesters: BTreeSet<String>,
    /// Service items.
    pub items: BTreeSet<String>,
    /// Data items, standardized, in first-seen order.
    pub fields: Vec<String>,
}

/// A drafted data item.
#[derive(Debug, Clone)]
pub struct InfoItem {
    /// 信息项标识.
    pub id: String,
    /// 信息项名称.
    pub name: String,
    /// 信息项类型.
    pub itype: String,
    /// Index of its resource.
    pub resource: usize,
}

/// Identifiers of a previous catalog.
#[derive(Debug, Clone, Default)]
pub struct Previous {
    /// (提供单位, 资源名称) -> 资源标识号.
    pub resources: HashMap<(String, String), String>,
    /// (资源标识号, 信息项名称) -> 信息项标识.
    pub items: HashMap<(String, String), String>,
}

/// Requirements the catalog must cover: the responsible department's data is needed (数据核验,
/// 电子证照核验) and the material is a standard one (an unresolved or vague material names no
/// resource yet).
pub fn needs_data(r: &Record) -> bool {
    matches!(r.method.as_deref(), Some(DATA_CHECK) | Some(ELICENCE_CHECK))
        && !["material-unmatched", "material-review", "material-vague"]
            .iter()
            .any(|c| r.has_code(c))
}

/// Standardizes data item names (身份证号 and 公民身份号码 are one item).
pub struct ItemNames {
    by_name: HashMap<String, (String, String)>,
}

impl ItemNames {
    /// Builds the lookup from data_items.csv.
    pub fn new(dict: &Dictionaries) -> ItemNames {
        let mut by_name = HashMap::new();
        for it in &dict.data_items {
            for n in std::iter::once(&it.name).chain(&it.aliases) {
                by_name
                    .entry(compact(n))
                    .or_insert((it.name.clone(), it.itype.clone()));
            }
        }
        ItemNames { by_name }
    }

    /// The standard name and type of a data item as written.
    pub fn standard(&self, name: &str) -> (String, String) {
        let c = compact(name);
        match self.by_name.get(&c) {
            Some((n, t)) if !t.is_empty() => (n.clone(), t.clone()),
            Some((n, _)) => (n.clone(), infer_type(n).to_string()),
            None => (c.clone(), infer_type(&c).to_string()),
        }
    }
}

/// The type a data item's name suggests.
fn infer_type(name: &str) -> &'static str {
    if ["日期", "时间", "期限", "年月"]
        .iter()
        .any(|k| name.contains(k))
    {
        "日期型"
    } else if [
        "金额", "数额", "面积", "资本", "数量", "人数", "月数", "基数", "年限", "税额",
    ]
    .iter()
    .any(|k| name.contains(k))
    {
        "数值型"
    } else {
        "字符型"
    }
}

/// Drafts resources and data items from standardized records.
pub fn draft(
    records: &[Record],
    dict: &Dictionaries,
    previous: &Previous,
    levels: &Levels,
) -> (Vec<Resource>, Vec<InfoItem>, Vec<Finding>) {
    let names = ItemNames::new(dict);
    let top_region = top_region(dict);
    let groups = group_resources(records, &names);
    let mut findings = Vec::new();
    let mut resources: Vec<Resource> = groups.into_values().collect();
    // Serials: keep what the previous catalog issued, number the rest after the highest.
    let mut next: HashMap<String, u32> = HashMap::new();
    for id in previous.resources.values() {
        if let Some((p, n)) = split_id(id, 6) {
            let e = next.entry(p.to_string()).or_insert(0);
            *e = (*e).max(n);
        }
    }
    let mut no_code: BTreeSet<String> = BTreeSet::new();
    for res in &mut resources {
        let d = dict.department(&res.dept);
        res.dept_dir = match d.map(|d| d.region.as_str()) {
            Some("国家") => "国家".into(),
            Some(r) if Some(r) == top_region.as_deref() => "市级".into(),
            Some("") | None => String::new(),
            Some(_) => "区县".into(),
        };
        res.base_dir = base_dir(dict, &res.material, &res.rtype);
        let code = d.map(|d| d.code.as_str()).unwrap_or("");
        if let Some(id) = previous
            .resources
            .get(&(res.dept.clone(), res.name.clone()))
        {
            res.id = id.clone();
        } else if code.is_empty() {
            no_code.insert(res.dept.clone());
        } else {
            let n = next.entry(code.to_string()).or_insert(0);
            *n += 1;
            res.id = format!("{code}/{:06}", *n);
        }
    }
    if let Some(level) = levels.of("catalog-no-code") {
        for dept in no_code {
            findings.push(Finding {
                file: "".into(),
                sheet: "资源目录".into(),
                row: None,
                cell: None,
                code: "catalog-no-code",
                level,
                field: "资源标识号",
                text: dept.as_str().into(),
                message: crate::tr!("cat.no_code", dept = dept).into(),
                suggestion: Some(crate::tr!("cat.no_code_fix").into()),
                requirement: None,
            });
        }
    }
    let mut items = Vec::new();
    let mut next_item: HashMap<String, u32> = HashMap::new();
    for (key, id) in &previous.items {
        if let Some((_, n)) = split_item_id(id) {
            let e = next_item.entry(key.0.clone()).or_insert(0);
            *e = (*e).max(n);
        }
    }
    for (ri, res) in resources.iter().enumerate() {
        for f in &res.fields {
            let (name, itype) = names.standard(f);
            let id = if res.id.is_empty() {
                String::new()
            } else if let Some(id) = previous.items.get(&(res.id.clone(), name.clone())) {
                id.clone()
            } else {
                let n = next_item.entry(res.id.clone()).or_insert(0);
                *n += 1;
                format!("{}{:04}", res.id, *n)
            };
            items.push(InfoItem {
                id,
                name,
                itype,
                resource: ri,
            });
        }
    }
    (resources, items, findings)
}

/// The resources the records call for, by (department, material): each material under its own
/// department only (结婚证 from 民政局, not from 卫健委 named beside it).
fn group_resources(records: &[Record], names: &ItemNames) -> BTreeMap<(String, String), Resource> {
    let mut groups: BTreeMap<(String, String), Resource> = BTreeMap::new();
    for r in records.iter().filter(|r| needs_data(r)) {
        for (dept, m) in r.duties() {
            let Some(dept) = dept else {
                continue;
            };
            let res = groups
                .entry((dept.to_string(), m.to_string()))
                .or_insert_with(|| Resource {
                    name: format!("{m}信息"),
                    material: m.to_string(),
                    dept: dept.to_string(),
                    rtype: "库表".into(),
                    ..Default::default()
                });
            if r.method.as_deref() == Some(ELICENCE_CHECK) {
                res.rtype = "电子证照".into();
            }
            for f in r.std(Field::Fields).split('、').filter(|f| !f.is_empty()) {
                let (n, _) = names.standard(f);
                if !res.fields.contains(&n) {
                    res.fields.push(n);
                }
            }
            let add = |set: &mut BTreeSet<String>, v: &str| {
                if !v.trim().is_empty() {
                    set.insert(v.trim().to_string());
                }
            };
            add(&mut res.requesters, r.std(Field::Requester));
            add(&mut res.items, r.std(Field::Item));
            add(&mut res.categories, r.std(Field::ItemCategory));
        }
    }
    groups
}

fn top_region(dict: &Dictionaries) -> Option<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for d in &dict.departments {
        if !d.region.is_empty() && d.region != "国家" {
            *counts.entry(d.region.as_str()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(r, _)| r.to_string())
}

fn base_dir(dict: &Dictionaries, material: &str, rtype: &str) -> String {
    let class = dict
        .catalog_classes
        .iter()
        .filter(|c| material.contains(c.keyword.as_str()))
        .max_by_key(|c| c.keyword.chars().count());
    if rtype == "电子证照" {
        return match class.map(|c| c.base.as_str()) {
            Some("法人单位") => "电子证照/法人证照".into(),
            _ => "电子证照/自然人证照".into(),
        };
    }
    match class {
        Some(c) if c.subclass.is_empty() => c.base.clone(),
        Some(c) => format!("{}/{}", c.base, c.subclass),
        None => String::new(),
    }
}

/// `PREFIX/NNNNNN` -> (prefix, serial).
fn split_id(id: &str, digits: usize) -> Option<(&str, u32)> {
    let (p, n) = id.split_once('/')?;
    (!p.is_empty()
        && p.chars().all(|c| c.is_ascii_alphanumeric())
        && n.len() == digits
        && n.chars().all(|c| c.is_ascii_digit()))
    .then(|| (p, n.parse().unwrap_or(0)))
}

/// `PREFIX/NNNNNNMMMM` -> (resource id, item serial).
fn split_item_id(id: &str) -> Option<(&str, u32)> {
    let (p, n) = id.split_once('/')?;
    if n.len() != 10
        || !n.chars().all(|c| c.is_ascii_digit())
        || p.is_empty()
        || !p.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return None;
    }
    Some((&id[..id.len() - 4], n[6..].parse().unwrap_or(0)))
}

/// A sheet read back: header, then rows with their Excel row numbers.
pub type SheetRows = (Vec<String>, Vec<(u32, Vec<String>)>);

/// A catalog read back from a workbook.
pub struct CatalogBook {
    /// File name for findings.
    pub file: String,
    /// 资源目录.
    pub resources: SheetRows,
    /// 信息项.
    pub items: SheetRows,
}

/// Reads the 资源目录 and 信息项 sheets of a catalog workbook.
pub fn read_catalog(path: &Path) -> Result<CatalogBook> {
    let label = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut wb = calamine::open_workbook_auto(path)
        .map_err(|e| Error::new(crate::tr!("cat.not_workbook", label = label, e = e)))?;
    let mut sheet = |name: &str| -> Result<SheetRows> {
        let range = wb.worksheet_range(name).map_err(|_| {
            Error::new(crate::tr!("cat.no_sheet", label = label, name = name))
                .hint(crate::tr!("cat.sheets_hint"))
        })?;
        let start = range.start().map(|s| s.0).unwrap_or(0);
        let mut rows = range.rows();
        let header: Vec<String> = rows
            .next()
            .map(|r| r.iter().map(crate::ingest::cell_text).collect())
            .unwrap_or_default();
        let body = rows
            .enumerate()
            .map(|(i, r)| {
                (
                    start + i as u32 + 2,
                    r.iter().map(crate::ingest::cell_text).collect::<Vec<_>>(),
                )
            })
            .filter(|(_, r)| r.iter().any(|c| !c.is_empty()))
            .collect();
        Ok((header, body))
    };
    let resources = sheet("资源目录")?;
    let items = sheet("信息项")?;
    Ok(CatalogBook {
        file: label,
        resources,
        items,
    })
}

/// The identifiers of a previous catalog.
pub fn previous_ids(book: &CatalogBook) -> Previous {
    let mut p = Previous::default();
    let col = |h: &[String], n: &str| h.iter().position(|x| x == n);
    let (h, rows) = &book.resources;
    if let (Some(i), Some(n), Some(d)) =
        (col(h, "资源标识号"), col(h, "资源名称"), col(h, "提供单位"))
    {
        for (_, r) in rows {
            if !r[i].is_empty() {
                p.resources
                    .insert((r[d].clone(), r[n].clone()), r[i].clone());
            }
        }
    }
    let (h, rows) = &book.items;
    if let (Some(i), Some(n), Some(ri)) = (
        col(h, "信息项标识"),
        col(h, "信息项名称"),
        col(h, "资源标识号"),
    ) {
        for (_, r) in rows {
            if !r[i].is_empty() {
                p.items.insert((r[ri].clone(), r[n].clone()), r[i].clone());
            }
        }
    }
    p
}
