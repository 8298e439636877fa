//! 责任清单: per responsible department, the materials it must share, who asks for them, for
//! which items and how; one sheet (or with --split one workbook) per department, an index
//! sheet, and the rows no department could be given for under 未明确责任单位.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Chart, ChartType, Worksheet, XlsxError};
use rustc_hash::FxHashMap;

use super::workbook::{Cell, Styles, new_workbook, styles, text, write_table, xerr};
use super::{INDEX_SHEET, NO_SHARING, RESP_DIR, RESP_FILE, Rendered};
use crate::cell::Name;
use crate::error::Result;
use crate::rules::Level;
use crate::schema::Field;
use crate::standardize::Record;

/// One line of a department's responsibility sheet.
#[derive(Debug, Default)]
struct RespLine {
    fields: BTreeSet<Name>,
    requesters: BTreeSet<Name>,
    items: BTreeSet<Name>,
    rows: usize,
}

/// A department's responsibilities: (material, method) -> line.
type Resp = BTreeMap<(Name, Name), RespLine>;

/// A department's lines, and the requirement rows that ask something of it (a row naming two
/// of its materials is one row, on two lines).
#[derive(Debug, Default)]
struct DeptResp {
    lines: Resp,
    rows: usize,
    /// Of them, the rows whose method is still 待明确.
    unsettled: usize,
    /// Of them, the rows of each settled method.
    by_method: BTreeMap<Name, usize>,
}

impl DeptResp {
    /// Counts one row of the department, of `method` (None: still 待明确).
    fn count(&mut self, method: Option<&Name>) {
        self.rows += 1;
        match method {
            Some(m) => *self.by_method.entry(m.clone()).or_default() += 1,
            None => self.unsettled += 1,
        }
    }

    /// Adds the counts of the same department met under another address of its name.
    fn add(&mut self, other: DeptResp) {
        self.rows += other.rows;
        self.unsettled += other.unsettled;
        for (m, n) in other.by_method {
            *self.by_method.entry(m).or_default() += n;
        }
    }
}

/// Unassigned rows are listed under this name so nothing is lost.
pub const UNASSIGNED: &str = "未明确责任单位";

fn group_responsibilities(records: &[Record]) -> BTreeMap<Name, DeptResp> {
    // Texts repeat across rows and are shared strings: rows are gathered by the strings'
    // addresses first (hashing a pointer, not comparing texts in a tree), then the few
    // distinct lines are sorted by text. One text can have two addresses (a cell and the
    // dictionary's name); the second step merges those.
    let key = crate::cell::name_id;
    #[derive(Default)]
    struct Gathered {
        seen: rustc_hash::FxHashSet<(u8, usize)>,
        fields: Vec<Name>,
        requesters: Vec<Name>,
        items: Vec<Name>,
        rows: usize,
    }
    let unassigned: Name = UNASSIGNED.into();
    let mut strings = crate::cell::Interner::default();
    let mut unsettled: FxHashMap<usize, Name> = FxHashMap::default();
    let mut split_fields: FxHashMap<usize, Vec<Name>> = FxHashMap::default();
    let mut index: FxHashMap<[usize; 3], usize> = FxHashMap::default();
    let mut lines: Vec<([Name; 3], Gathered)> = Vec::new();
    let mut dept_rows: FxHashMap<usize, (Name, DeptResp)> = FxHashMap::default();
    for r in records {
        let method: Name = match &r.method {
            Some(m) => m.clone(),
            None => {
                let raw_name = &r.raw[Field::Method.index()];
                unsettled
                    .entry(key(raw_name))
                    .or_insert_with(|| {
                        let raw = raw_name.trim();
                        if raw.is_empty() {
                            "待明确".into()
                        } else {
                            format!("待明确（{raw}）").into()
                        }
                    })
                    .clone()
            }
        };
        if NO_SHARING.contains(&&*method) {
            continue;
        }
        let fields_name = r.std_name(Field::Fields);
        let fields = split_fields.entry(key(fields_name)).or_insert_with(|| {
            fields_name
                .split('、')
                .filter(|f| !f.is_empty())
                .map(|f| strings.get(f))
                .collect()
        });
        let q = r.std_name(Field::Requester);
        let i = r.std_name(Field::Item);
        let duties = r.duties();
        for (n, &(d, material)) in duties.iter().enumerate() {
            let d = d.unwrap_or(&unassigned);
            if !duties[..n]
                .iter()
                .any(|(e, _)| e.unwrap_or(&unassigned) == d)
            {
                let c = &mut dept_rows
                    .entry(key(d))
                    .or_insert_with(|| (d.clone(), DeptResp::default()))
                    .1;
                c.count(r.method.as_ref());
            }
            let n = lines.len();
            let at = *index
                .entry([key(d), key(material), key(&method)])
                .or_insert(n);
            if at == n {
                lines.push((
                    [d.clone(), material.clone(), method.clone()],
                    Gathered::default(),
                ));
            }
            let g = &mut lines[at].1;
            for f in fields.iter() {
                if g.seen.insert((0, key(f))) {
                    g.fields.push(f.clone());
                }
            }
            if !q.is_empty() && g.seen.insert((1, key(q))) {
                g.requesters.push(q.clone());
            }
            if !i.is_empty() && g.seen.insert((2, key(i))) {
                g.items.push(i.clone());
            }
            g.rows += 1;
        }
    }
    let mut by_dept: BTreeMap<Name, DeptResp> = BTreeMap::new();
    for (d, counted) in dept_rows.into_values() {
        by_dept.entry(d).or_default().add(counted);
    }
    for ([d, m, method], g) in lines {
        let line = by_dept
            .entry(d)
            .or_default()
            .lines
            .entry((m, method))
            .or_default();
        line.fields.extend(g.fields);
        line.requesters.extend(g.requesters);
        line.items.extend(g.items);
        line.rows += g.rows;
    }
    by_dept
}

/// Excel sheet name for a department: forbidden characters replaced, at most 31 characters,
/// unique among `taken` (compared case-insensitively, as Excel does).
pub fn sheet_name(name: &str, taken: &mut BTreeSet<String>) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').to_string();
    let base: String = clean.chars().take(31).collect();
    let base = if base.is_empty() {
        "Sheet".to_string()
    } else {
        base
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.contains(&candidate.to_lowercase()) {
        let suffix = format!("({n})");
        let keep = 31 - suffix.chars().count();
        candidate = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
        n += 1;
    }
    taken.insert(candidate.to_lowercase());
    candidate
}

/// A file name for a department's workbook.
pub fn file_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if "/\\:*?\"<>|".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    format!("{}.xlsx", clean.trim_matches(['.', ' ']))
}

fn write_resp_sheet(
    ws: &mut Worksheet,
    s: &Styles,
    resp: &Resp,
) -> std::result::Result<(), XlsxError> {
    let headers = [
        "材料名称",
        "数据字段",
        "使用方式",
        "需求单位",
        "事项数",
        "事项名称",
        "需求条数",
    ];
    let texts: Vec<[String; 4]> = resp
        .iter()
        .map(|((m, method), l)| {
            [
                m.to_string(),
                join(&l.fields, "、"),
                method.to_string(),
                join(&l.requesters, "、"),
            ]
        })
        .collect();
    let items: Vec<String> = resp.values().map(|l| join(&l.items, "\n")).collect();
    let rows: Vec<Vec<Cell>> = resp
        .values()
        .zip(&texts)
        .zip(&items)
        .map(|((l, t), it)| {
            let unsettled = t[2].starts_with("待明确");
            vec![
                text(&t[0], None),
                text(&t[1], None),
                text(&t[2], unsettled.then_some(Level::Warning)),
                text(&t[3], None),
                Cell::Num(l.items.len() as f64, None),
                text(it, None),
                Cell::Num(l.rows as f64, None),
            ]
        })
        .collect();
    write_table(ws, s, &headers, rows.len(), |i| rows[i].clone(), 50)
}

fn join(set: &BTreeSet<Name>, sep: &str) -> String {
    set.iter().map(|n| &**n).collect::<Vec<_>>().join(sep)
}

fn write_index(
    ws: &mut Worksheet,
    s: &Styles,
    by_dept: &BTreeMap<Name, DeptResp>,
    names: &BTreeMap<Name, String>,
) -> std::result::Result<(), XlsxError> {
    let methods: BTreeSet<&Name> = by_dept.values().flat_map(|d| d.by_method.keys()).collect();
    let mut headers = vec![
        "责任单位",
        "工作表",
        "材料数",
        "需求单位数",
        "事项数",
        "需求条数",
        "待明确使用方式",
    ];
    headers.extend(methods.iter().map(|m| &***m));
    let data: Vec<(String, String, usize, usize, usize, usize, usize)> = by_dept
        .iter()
        .map(|(d, dr)| {
            let resp = &dr.lines;
            let materials: BTreeSet<&Name> = resp.keys().map(|(m, _)| m).collect();
            let requesters: BTreeSet<&Name> =
                resp.values().flat_map(|l| l.requesters.iter()).collect();
            let items: BTreeSet<&Name> = resp.values().flat_map(|l| l.items.iter()).collect();
            let (rows, unsettled) = (dr.rows, dr.unsettled);
            (
                d.to_string(),
                names.get(d).cloned().unwrap_or_default(),
                materials.len(),
                requesters.len(),
                items.len(),
                rows,
                unsettled,
            )
        })
        .collect();
    let rows: Vec<Vec<Cell>> = data
        .iter()
        .zip(by_dept.values())
        .map(|(d, dr)| {
            let by_method = methods
                .iter()
                .map(|m| Cell::Num(dr.by_method.get(*m).copied().unwrap_or(0) as f64, None));
            let mut row = vec![
                text(&d.0, (d.0 == UNASSIGNED).then_some(Level::Error)),
                text(&d.1, None),
                Cell::Num(d.2 as f64, None),
                Cell::Num(d.3 as f64, None),
                Cell::Num(d.4 as f64, None),
                Cell::Num(d.5 as f64, None),
                Cell::Num(d.6 as f64, None),
            ];
            row.extend(by_method);
            row
        })
        .collect();
    write_table(ws, s, &headers, rows.len(), |i| rows[i].clone(), 40)?;
    if !rows.is_empty() {
        let chart = methods_chart(rows.len() as u32, headers.len() as u16);
        ws.insert_chart(1, headers.len() as u16 + 1, &chart)?;
    }
    Ok(())
}

/// Each department's rows by method, stacked: 待明确使用方式 (column 6) and the settled
/// methods (columns 7 to `cols`), for the departments at rows 1 to `depts` of 汇总.
fn methods_chart(depts: u32, cols: u16) -> Chart {
    let mut chart = Chart::new(ChartType::BarStacked);
    for c in (7..cols).chain([6]) {
        chart
            .add_series()
            .set_name((INDEX_SHEET, 0, c))
            .set_categories((INDEX_SHEET, 1, 0, depts, 0))
            .set_values((INDEX_SHEET, 1, c, depts, c));
    }
    chart.title().set_name("各责任单位需求条数（按使用方式）");
    // Departments top-down in the sheet's order, each tall enough for its label.
    chart.y_axis().set_reverse();
    chart.set_height(160 + 22 * depts);
    chart.set_width(720);
    chart
}

/// Renders 责任清单.xlsx, or with `split` one workbook per department under 责任清单/ plus
/// its 汇总.xlsx.
pub fn render_responsibilities(records: &[Record], split: bool) -> Result<Vec<Rendered>> {
    let s = styles();
    let by_dept = group_responsibilities(records);
    let mut out = Vec::new();
    let mut taken = BTreeSet::new();
    taken.insert(INDEX_SHEET.to_lowercase());
    let names: BTreeMap<Name, String> = by_dept
        .keys()
        .map(|d| {
            (
                d.clone(),
                if split {
                    file_name(d)
                } else {
                    sheet_name(d, &mut taken)
                },
            )
        })
        .collect();
    if split {
        for (d, resp) in &by_dept {
            let mut wb = new_workbook();
            let ws = wb.add_worksheet();
            let mut t = BTreeSet::new();
            ws.set_name(sheet_name(d, &mut t))
                .map_err(|e| xerr(RESP_DIR, e))?;
            write_resp_sheet(ws, &s, &resp.lines).map_err(|e| xerr(RESP_DIR, e))?;
            out.push(Rendered {
                path: Path::new(RESP_DIR).join(&names[d]),
                bytes: vec![wb.save_to_buffer().map_err(|e| xerr(RESP_DIR, e))?],
            });
        }
        let mut wb = new_workbook();
        let ws = wb.add_worksheet();
        ws.set_name(INDEX_SHEET).map_err(|e| xerr(RESP_DIR, e))?;
        write_index(ws, &s, &by_dept, &names).map_err(|e| xerr(RESP_DIR, e))?;
        out.push(Rendered {
            path: Path::new(RESP_DIR).join(format!("{INDEX_SHEET}.xlsx")),
            bytes: vec![wb.save_to_buffer().map_err(|e| xerr(RESP_DIR, e))?],
        });
    } else {
        let mut wb = new_workbook();
        let ws = wb.add_worksheet();
        ws.set_name(INDEX_SHEET).map_err(|e| xerr(RESP_FILE, e))?;
        write_index(ws, &s, &by_dept, &names).map_err(|e| xerr(RESP_FILE, e))?;
        for (d, resp) in &by_dept {
            let ws = wb.add_worksheet();
            ws.set_name(&names[d]).map_err(|e| xerr(RESP_FILE, e))?;
            write_resp_sheet(ws, &s, &resp.lines).map_err(|e| xerr(RESP_FILE, e))?;
        }
        out.push(Rendered {
            path: PathBuf::from(RESP_FILE),
            bytes: vec![wb.save_to_buffer().map_err(|e| xerr(RESP_FILE, e))?],
        });
    }
    Ok(out)
}
