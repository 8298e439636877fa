//! 资源目录.xlsx written: the 资源目录, 信息项 and 汇总 sheets, drafted cells highlighted for the
//! department to confirm; with --split one workbook per department.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{CATALOG_DIR, CATALOG_FILE, ITEM_COLUMNS, InfoItem, RESOURCE_COLUMNS, Resource};
use crate::error::Result;
use crate::output::{Cell, Rendered, new_workbook, styles, text, write_table, xerr};
use crate::rules::Level;

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
            Cell::Num(d.1 as f64, None),
            Cell::Num(d.2 as f64, None),
            Cell::Num(d.3 as f64, None),
            Cell::Num(d.4 as f64, None),
        ]
    };
    write_table(ws, s, &headers, data.len(), row_at, 40).map_err(|e| xerr(CATALOG_FILE, e))
}
