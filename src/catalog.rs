//! Catalog: drafts the resource catalog (资源目录) that a standardized requirement list calls
//! for, and checks catalogs that departments send back.
//!
//! One resource per responsible department and material that the list asks to be shared (数据
//! 核验 or 电子证照核验); one data item (信息项) per standardized 数据字段. Identifiers are the
//! department's prefix code from departments.csv plus a serial; a department without a code gets
//! no identifier and a finding, never an invented code. Guessed values are conservative and
//! marked as drafted. With a previous catalog, every identifier issued before is kept.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use calamine::Reader;

use crate::dictionary::{BASE_CLASSES, Dictionaries, ITEM_TYPES};
use crate::error::{Error, Result};
use crate::methods::{DATA_CHECK, ELICENCE_CHECK};
use crate::normalize::compact;
use crate::output::{Cell, Rendered, new_workbook, styles, text, write_table, xerr};
use crate::rules::{Finding, Level, Levels};
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
    let mut groups: BTreeMap<(String, String), Resource> = BTreeMap::new();
    for r in records.iter().filter(|r| needs_data(r)) {
        let materials: Vec<&str> = r
            .std(Field::Material)
            .split('、')
            .filter(|m| !m.is_empty())
            .collect();
        for dept in r.responsible.iter().map(|d| d.to_string()) {
            for m in &materials {
                let res = groups
                    .entry((dept.clone(), m.to_string()))
                    .or_insert_with(|| Resource {
                        name: format!("{m}信息"),
                        material: m.to_string(),
                        dept: dept.clone(),
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
    }
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
                message: format!(
                    "{dept} has no code in departments.csv, so its resources have no 资源标识号"
                )
                .into(),
                suggestion: Some(
                    "add the department's 前段码 to the code column of departments.csv".into(),
                ),
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

fn drafted_values(res: &Resource) -> [(usize, String); 6] {
    let requesters: Vec<&str> = res.requesters.iter().map(String::as_str).collect();
    let items: Vec<&str> = res.items.iter().map(String::as_str).collect();
    [
        (5, "每天".into()),
        (6, "有条件共享".into()),
        (
            7,
            format!(
                "仅限{}在办理{}时核验使用，不得用于其他用途",
                requesters.join("、"),
                items.join("、")
            ),
        ),
        (8, "不公开".into()),
        (9, "含个人或法人信息，依法不向社会公开".into()),
        (10, "3".into()),
    ]
}

/// The rows of the 资源目录 sheet, as text, with which cells are drafted.
fn resource_rows(resources: &[Resource]) -> Vec<(Vec<String>, Vec<bool>)> {
    resources
        .iter()
        .map(|r| {
            let mut row = vec![String::new(); RESOURCE_COLUMNS.len()];
            let mut drafted = vec![false; RESOURCE_COLUMNS.len()];
            row[0] = r.id.clone();
            row[1] = r.name.clone();
            row[2] = r.rtype.clone();
            row[3] = r.dept.clone();
            for (i, v) in drafted_values(r) {
                row[i] = v;
                drafted[i] = true;
            }
            row[11] = r.dept_dir.clone();
            row[12] = r.base_dir.clone();
            row[14] = r.categories.iter().cloned().collect::<Vec<_>>().join("、");
            row[15] = format!(
                "需求单位：{}；事项：{}",
                r.requesters.iter().cloned().collect::<Vec<_>>().join("、"),
                r.items.iter().cloned().collect::<Vec<_>>().join("、")
            );
            drafted[1] = true;
            drafted[12] = !r.base_dir.is_empty();
            let mut note =
                "黄色单元格为起草值，请责任单位确认或修改；所属系统、主题目录待填写".to_string();
            if r.id.is_empty() {
                note.push_str("；提供单位缺少前段码，未生成资源标识号");
            }
            row[16] = note;
            (row, drafted)
        })
        .collect()
}

/// Renders 资源目录.xlsx, or with `split` one workbook per department under 资源目录/.
pub fn render(resources: &[Resource], items: &[InfoItem], split: bool) -> Result<Vec<Rendered>> {
    let rows = resource_rows(resources);
    let mut out = Vec::new();
    let mut by_dept: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, r) in resources.iter().enumerate() {
        by_dept.entry(r.dept.as_str()).or_default().push(i);
    }
    let book = |subset: &[usize], with_index: bool| -> Result<Vec<u8>> {
        let s = styles();
        let mut wb = new_workbook();
        let ws = wb.add_worksheet();
        ws.set_name("资源目录").map_err(|e| xerr(CATALOG_FILE, e))?;
        let row_at = |i: usize| -> Vec<Cell> {
            let (row, drafted) = &rows[subset[i]];
            row.iter()
                .zip(drafted)
                .map(|(v, d)| text(v, d.then_some(Level::Warning)))
                .collect()
        };
        write_table(ws, &s, &RESOURCE_COLUMNS, subset.len(), row_at, 40)
            .map_err(|e| xerr(CATALOG_FILE, e))?;
        let its: Vec<&InfoItem> = items
            .iter()
            .filter(|it| subset.contains(&it.resource))
            .collect();
        let ws = wb.add_worksheet();
        ws.set_name("信息项").map_err(|e| xerr(CATALOG_FILE, e))?;
        let item_at = |i: usize| -> Vec<Cell> {
            let it = its[i];
            let r = &resources[it.resource];
            vec![
                text(&it.id, None),
                text(&it.name, None),
                text(&it.itype, Some(Level::Warning)),
                text(&r.id, None),
                text(&r.name, None),
                text(&r.dept, None),
            ]
        };
        write_table(ws, &s, &ITEM_COLUMNS, its.len(), item_at, 40)
            .map_err(|e| xerr(CATALOG_FILE, e))?;
        if with_index {
            let ws = wb.add_worksheet();
            ws.set_name("汇总").map_err(|e| xerr(CATALOG_FILE, e))?;
            write_summary(ws, &s, resources, items, &by_dept)?;
        }
        wb.save_to_buffer().map_err(|e| xerr(CATALOG_FILE, e))
    };
    if split {
        for (dept, idx) in &by_dept {
            out.push(Rendered {
                path: Path::new(CATALOG_DIR).join(crate::output::file_name(dept)),
                bytes: vec![book(idx, false)?],
            });
        }
        let s = styles();
        let mut wb = new_workbook();
        let ws = wb.add_worksheet();
        ws.set_name("汇总").map_err(|e| xerr(CATALOG_FILE, e))?;
        write_summary(ws, &s, resources, items, &by_dept)?;
        out.push(Rendered {
            path: Path::new(CATALOG_DIR).join("汇总.xlsx"),
            bytes: vec![wb.save_to_buffer().map_err(|e| xerr(CATALOG_FILE, e))?],
        });
    } else {
        let all: Vec<usize> = (0..resources.len()).collect();
        out.push(Rendered {
            path: PathBuf::from(CATALOG_FILE),
            bytes: vec![book(&all, true)?],
        });
    }
    Ok(out)
}

fn write_summary(
    ws: &mut rust_xlsxwriter::Worksheet,
    s: &crate::output::Styles,
    resources: &[Resource],
    items: &[InfoItem],
    by_dept: &BTreeMap<&str, Vec<usize>>,
) -> Result<()> {
    let headers = [
        "提供单位",
        "资源数",
        "信息项数",
        "电子证照资源数",
        "已有资源标识号",
    ];
    let data: Vec<(&str, usize, usize, usize, usize)> = by_dept
        .iter()
        .map(|(d, idx)| {
            let n_items = items.iter().filter(|it| idx.contains(&it.resource)).count();
            let lic = idx
                .iter()
                .filter(|&&i| resources[i].rtype == "电子证照")
                .count();
            let ids = idx.iter().filter(|&&i| !resources[i].id.is_empty()).count();
            (*d, idx.len(), n_items, lic, ids)
        })
        .collect();
    let row_at = |i: usize| -> Vec<Cell> {
        let d = &data[i];
        vec![
            text(d.0, None),
            Cell::Num(d.1 as f64),
            Cell::Num(d.2 as f64),
            Cell::Num(d.3 as f64),
            Cell::Num(d.4 as f64),
        ]
    };
    write_table(ws, s, &headers, data.len(), row_at, 40).map_err(|e| xerr(CATALOG_FILE, e))
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
        .map_err(|e| Error::new(format!("`{label}`: not a readable workbook: {e}")))?;
    let mut sheet = |name: &str| -> Result<SheetRows> {
        let range = wb.worksheet_range(name).map_err(|_| {
            Error::new(format!("`{label}`: no sheet {name}"))
                .hint("a catalog has the sheets 资源目录 and 信息项")
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

/// Checks a catalog; with requirements, reconciles it against them (对账).
pub fn check(
    book: &CatalogBook,
    requirements: Option<&[Record]>,
    dict: &Dictionaries,
    levels: &Levels,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut emit = |sheet: &str,
                    row: Option<u32>,
                    col: Option<usize>,
                    code: &'static str,
                    field: &'static str,
                    text: &str,
                    message: String| {
        if let Some(level) = levels.of(code) {
            out.push(Finding {
                file: book.file.as_str().into(),
                sheet: sheet.into(),
                row,
                cell: match (row, col) {
                    (Some(r), Some(c)) => Some(crate::cell::A1 {
                        col: c as u32,
                        row: r,
                    }),
                    _ => None,
                },
                code,
                level,
                field,
                text: text.into(),
                message: message.into(),
                suggestion: None,
            });
        }
    };
    let (rh, rrows) = &book.resources;
    let rc = |n: &str| rh.iter().position(|x| x == n);
    let get =
        |r: &[String], c: Option<usize>| c.and_then(|i| r.get(i)).cloned().unwrap_or_default();
    for name in [
        "资源标识号",
        "资源名称",
        "提供单位",
        "共享类型",
        "开放类型",
        "安全级别",
    ] {
        if rc(name).is_none() {
            emit(
                "资源目录",
                Some(1),
                None,
                "catalog-unknown-value",
                name,
                "",
                format!("the sheet 资源目录 has no column {name}"),
            );
        }
    }
    let mut ids: HashMap<String, u32> = HashMap::new();
    // (提供单位, 资源名称) -> (资源标识号, its items)
    let mut by_name: HashMap<(String, String), String> = HashMap::new();
    for (row, r) in rrows {
        let id = get(r, rc("资源标识号"));
        let idc = rc("资源标识号");
        if id.is_empty() || split_id(&id, 6).is_none() {
            emit(
                "资源目录",
                Some(*row),
                idc,
                "catalog-id-format",
                "资源标识号",
                &id,
                format!(
                    "资源标识号 `{id}` is not a prefix code, `/` and six digits (AA7000/000001)"
                ),
            );
        } else if let Some(first) = ids.insert(id.clone(), *row) {
            emit(
                "资源目录",
                Some(*row),
                idc,
                "catalog-id-duplicate",
                "资源标识号",
                &id,
                format!("资源标识号 {id} is also used on row {first}"),
            );
        }
        by_name.insert((get(r, rc("提供单位")), get(r, rc("资源名称"))), id.clone());
        let share = get(r, rc("共享类型"));
        let share_cond = get(r, rc("共享条件"));
        match share.as_str() {
            "有条件共享" if share_cond.trim().is_empty() => emit(
                "资源目录",
                Some(*row),
                rc("共享条件"),
                "catalog-share-condition",
                "共享条件",
                &share_cond,
                "有条件共享 without 共享条件: say the conditions and the scope".into(),
            ),
            "不共享" if share_cond.trim().is_empty() || !has_basis(&share_cond) => emit(
                "资源目录",
                Some(*row),
                rc("共享条件"),
                "catalog-no-share-reason",
                "共享条件",
                &share_cond,
                "不共享 needs the reason and its legal basis (《…》 or 依据…) in 共享条件".into(),
            ),
            _ => {}
        }
        let open = get(r, rc("开放类型"));
        let open_cond = get(r, rc("开放条件"));
        match open.as_str() {
            "有条件公开" if open_cond.trim().is_empty() => emit(
                "资源目录",
                Some(*row),
                rc("开放条件"),
                "catalog-open-condition",
                "开放条件",
                &open_cond,
                "有条件公开 without 开放条件: say the conditions and the scope".into(),
            ),
            "不公开" if open_cond.trim().is_empty() => emit(
                "资源目录",
                Some(*row),
                rc("开放条件"),
                "catalog-no-open-reason",
                "开放条件",
                &open_cond,
                "不公开 needs the reason in 开放条件".into(),
            ),
            _ => {}
        }
        let level = get(r, rc("安全级别"));
        if !matches!(level.trim(), "1" | "2" | "3" | "4") {
            emit(
                "资源目录",
                Some(*row),
                rc("安全级别"),
                "catalog-security-level",
                "安全级别",
                &level,
                format!("安全级别 `{level}` is not 1, 2, 3 or 4"),
            );
        }
        let checks: [(&str, &[&str]); 6] = [
            ("资源类型", &RESOURCE_TYPES),
            ("更新周期", &UPDATE_CYCLES),
            ("共享类型", &SHARE_TYPES),
            ("开放类型", &OPEN_TYPES),
            ("部门目录", &DEPT_DIRS),
            ("基础目录", &BASE_CLASSES),
        ];
        for (col, allowed) in checks {
            let v = get(r, rc(col));
            let head = v.split('/').next().unwrap_or("");
            if !v.is_empty() && !allowed.contains(&head)
                || (v.is_empty() && ["资源类型", "更新周期", "共享类型", "开放类型"].contains(&col))
            {
                emit(
                    "资源目录",
                    Some(*row),
                    rc(col),
                    "catalog-unknown-value",
                    col,
                    &v,
                    format!("{col} `{v}` is not one of {}", allowed.join(" ")),
                );
            }
        }
        let cats = get(r, rc("事项类别"));
        for c in cats
            .split(['、', ',', '，', ';', '；'])
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            if !ITEM_CATEGORIES.contains(&c) && !ITEM_CATEGORY_SHORT.contains(&c) {
                emit(
                    "资源目录",
                    Some(*row),
                    rc("事项类别"),
                    "catalog-unknown-value",
                    "事项类别",
                    &cats,
                    format!("事项类别 `{c}` is not one of {}", ITEM_CATEGORIES.join(" ")),
                );
            }
        }
    }
    let (ih, irows) = &book.items;
    let ic = |n: &str| ih.iter().position(|x| x == n);
    let mut item_ids: HashMap<String, u32> = HashMap::new();
    let mut items_of: HashMap<String, BTreeSet<String>> = HashMap::new();
    let names = ItemNames::new(dict);
    for (row, r) in irows {
        let id = get(r, ic("信息项标识"));
        let rid = get(r, ic("资源标识号"));
        let name = get(r, ic("信息项名称"));
        items_of
            .entry(rid.clone())
            .or_default()
            .insert(names.standard(&name).0);
        if split_item_id(&id).is_none() {
            emit(
                "信息项",
                Some(*row),
                ic("信息项标识"),
                "catalog-id-format",
                "信息项标识",
                &id,
                format!(
                    "信息项标识 `{id}` is not a 资源标识号 followed by four digits (AA7000/0000010001)"
                ),
            );
        } else if let Some(first) = item_ids.insert(id.clone(), *row) {
            emit(
                "信息项",
                Some(*row),
                ic("信息项标识"),
                "catalog-id-duplicate",
                "信息项标识",
                &id,
                format!("信息项标识 {id} is also used on row {first}"),
            );
        }
        if !ids.contains_key(&rid) {
            emit(
                "信息项",
                Some(*row),
                ic("资源标识号"),
                "catalog-item-orphan",
                "资源标识号",
                &rid,
                format!("资源标识号 `{rid}` is not a resource of 资源目录"),
            );
        } else if !id.starts_with(&rid) {
            emit(
                "信息项",
                Some(*row),
                ic("信息项标识"),
                "catalog-item-orphan",
                "信息项标识",
                &id,
                format!("信息项标识 {id} does not start with its resource's 资源标识号 {rid}"),
            );
        }
        let t = get(r, ic("信息项类型"));
        if !t.is_empty() && !ITEM_TYPES.contains(&t.as_str()) {
            emit(
                "信息项",
                Some(*row),
                ic("信息项类型"),
                "catalog-unknown-value",
                "信息项类型",
                &t,
                format!("信息项类型 `{t}` is not one of {}", ITEM_TYPES.join(" ")),
            );
        }
    }
    if let Some(reqs) = requirements {
        let mut seen: BTreeSet<(String, String, String)> = BTreeSet::new();
        for r in reqs.iter().filter(|r| needs_data(r)) {
            for dept in r.responsible.iter().map(|d| d.to_string()) {
                let dept = &dept;
                for m in r.std(Field::Material).split('、').filter(|m| !m.is_empty()) {
                    let key = (dept.clone(), format!("{m}信息"));
                    let found = by_name.get(&key).cloned().or_else(|| {
                        by_name
                            .iter()
                            .find(|((d, n), _)| d == dept && n.contains(m))
                            .map(|(_, id)| id.clone())
                    });
                    let place =
                        |code: &'static str, message: String, text: &str, field: Field| Finding {
                            file: r.file.clone(),
                            sheet: r.sheet.clone(),
                            row: Some(r.row),
                            cell: None,
                            code,
                            level: levels.of(code).unwrap_or(Level::Error),
                            field: field.header(),
                            text: text.into(),
                            message: message.into(),
                            suggestion: Some(
                                format!(
                                    "{dept} registers it in 资源目录 ({} {})",
                                    book.file, "资源目录"
                                )
                                .into(),
                            ),
                        };
                    match found {
                        None => {
                            if levels.of("catalog-resource-missing").is_some()
                                && seen.insert((dept.clone(), m.to_string(), String::new()))
                            {
                                out.push(place(
                                    "catalog-resource-missing",
                                    format!(
                                        "no resource of {dept} covers {m}, which {} needs for {}",
                                        r.std(Field::Requester),
                                        r.std(Field::Item)
                                    ),
                                    m,
                                    Field::Material,
                                ));
                            }
                        }
                        Some(id) => {
                            let have = items_of.get(&id).cloned().unwrap_or_default();
                            for f in r.std(Field::Fields).split('、').filter(|f| !f.is_empty()) {
                                let n = names.standard(f).0;
                                if !have.contains(&n)
                                    && levels.of("catalog-item-missing").is_some()
                                    && seen.insert((dept.clone(), m.to_string(), n.clone()))
                                {
                                    out.push(place(
                                        "catalog-item-missing",
                                        format!("resource {id} ({m}) of {dept} has no 信息项 {n}"),
                                        f,
                                        Field::Fields,
                                    ));
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

/// A legal basis is named: a 《law》, 依据…, 根据…, or an article (第…条).
fn has_basis(s: &str) -> bool {
    s.contains('《')
        || s.contains("依据")
        || s.contains("根据")
        || (s.contains('第') && s.contains('条'))
}
