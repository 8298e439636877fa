//! 标准化需求清单.xlsx: the standardized list, 待复核 and 统计.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rust_xlsxwriter::{Chart, ChartType, DataValidation, Worksheet, XlsxError};

use super::fast_rows;
use super::workbook::{
    Cell, Styles, input, level_format, new_workbook, owned, styles, text, two_decimals, write_head,
    write_table, xerr,
};
use super::{LIST_FILE, MAX_SHEET_ROWS, Rendered};
use crate::error::Result;
use crate::ingest::{FileStats, SheetSkip, SkipReason, Table};
use crate::rules::{Level, RULES};
use crate::schema::{Field, Matched};
use crate::standardize::{Record, ReviewItem, Standardized};

/// Columns of the standardized list, after 来源文件/来源工作表/来源行.
pub fn list_headers(extras: &[String]) -> Vec<String> {
    let mut h: Vec<String> = vec!["来源文件".into(), "来源工作表".into(), "来源行".into()];
    for f in Field::ALL {
        h.push(f.header().to_string());
        if f.matched() != Matched::No {
            h.push(format!("原始{}", f.header()));
        }
    }
    h.push("问题代码".into());
    h.push("问题说明".into());
    h.extend(extras.iter().cloned());
    h
}

/// One record as a row of the standardized list, aligned with [`list_headers`]; the one
/// place that fixes the column order for both the workbook and the CSV.
pub(super) fn list_row<'a>(
    r: &'a Record,
    extras_len: usize,
    findings: &[crate::rules::Finding],
) -> Vec<Cell<'a>> {
    let mut v: Vec<Cell> = Vec::with_capacity(24 + extras_len);
    list_row_into(r, extras_len, findings, &mut v);
    v
}

/// Fills rows of one list sheet for [`fast_rows`].
fn list_filler<'a>(
    chunk: &'a [Record],
    extras_len: usize,
    findings: &'a [crate::rules::Finding],
) -> impl Fn(usize, &mut Vec<Cell<'a>>) + Sync + 'a {
    move |i, v| list_row_into(&chunk[i], extras_len, findings, v)
}

/// [`list_row`] into a buffer that is reused from row to row.
fn list_row_into<'a>(
    r: &'a Record,
    extras_len: usize,
    findings: &[crate::rules::Finding],
    v: &mut Vec<Cell<'a>>,
) {
    v.extend([
        text(&r.file, None),
        text(&r.sheet, None),
        Cell::Num(r.row as f64, None),
    ]);
    for f in Field::ALL {
        let i = f.index();
        v.push(input(r.std(f), r.flagged[i]));
        if f.matched() != Matched::No {
            v.push(input(&r.raw[i], None));
        }
    }
    v.push(owned(r.codes(findings).join(";"), None));
    let mut messages = String::new();
    for (n, &i) in r.findings.iter().enumerate() {
        if n > 0 {
            messages.push('；');
        }
        messages.push_str(&findings[i as usize].message);
    }
    // Many findings on one row can say more than a cell holds; the list must still be written.
    if let std::borrow::Cow::Owned(clipped) = crate::cell::clip_cell(&messages) {
        messages = clipped;
    }
    v.push(owned(messages, None));
    let at = v.len();
    v.extend((0..extras_len).map(|_| text("", None)));
    for (i, val) in &r.extras {
        v[at + *i] = input(val.as_str(), None);
    }
}

/// Renders 标准化需求清单.xlsx.
pub fn render_list(
    std: &Standardized,
    stats: &[FileStats],
    skips: &[SheetSkip],
    tables: &[Table],
    dict_origins: &[(String, String)],
) -> Result<Rendered> {
    let s = styles();
    let mut wb = new_workbook();
    let headers = list_headers(&std.extras);
    let hdr: Vec<&str> = headers.iter().map(String::as_str).collect();
    let per_sheet = MAX_SHEET_ROWS - 1;
    let chunks: Vec<&[Record]> = if std.records.is_empty() {
        vec![&[]]
    } else {
        std.records.chunks(per_sheet).collect()
    };
    // The list sheets get their header and a probe row here; their rows are streamed in
    // after the workbook is built (xlsx_rows), in parallel and without a cell map.
    for (n, chunk) in chunks.iter().enumerate() {
        let ws = wb.add_worksheet();
        let name = if n == 0 {
            "标准化需求清单".to_string()
        } else {
            format!("标准化需求清单({})", n + 1)
        };
        ws.set_name(&name).map_err(|e| xerr(LIST_FILE, e))?;
        let row_at = |i: usize| list_row(&chunk[i], std.extras.len(), &std.findings);
        write_head(ws, &s, &hdr, chunk.len(), &row_at, 40).map_err(|e| xerr(LIST_FILE, e))?;
        for (c, l) in fast_rows::PROBE_LEVELS.iter().enumerate() {
            ws.write_blank(1, c as u16, level_format(&s, *l))
                .map_err(|e| xerr(LIST_FILE, e))?;
        }
    }

    // 待复核: one row per distinct decision.
    let ws = wb.add_worksheet();
    ws.set_name("待复核").map_err(|e| xerr(LIST_FILE, e))?;
    let rh = [
        "字段",
        "原始文本",
        "建议",
        "得分",
        "候选",
        "出现次数",
        "位置",
        "决定",
        "标准名称",
        "说明",
        "问题代码",
    ];
    let places: Vec<String> = std.review.iter().map(places_text).collect();
    let rows: Vec<Vec<Cell>> = std
        .review
        .iter()
        .zip(&places)
        .map(|(i, p)| {
            vec![
                text(i.field, None),
                text(&i.text, None),
                text(&i.suggestion, None),
                Cell::Num(two_decimals(i.score), None),
                text(&i.candidates, None),
                Cell::Num(i.count as f64, None),
                text(p, None),
                text("", Some(Level::Warning)),
                text("", Some(Level::Warning)),
                text(&i.why, None),
                text(i.code, None),
            ]
        })
        .collect();
    write_table(ws, &s, &rh, rows.len(), |i| rows[i].clone(), 60)
        .map_err(|e| xerr(LIST_FILE, e))?;
    if !rows.is_empty() {
        let dv = DataValidation::new()
            .allow_list_strings(&["接受", "改为", "不匹配", "新增"])
            .map_err(|e| xerr(LIST_FILE, e))?
            .set_input_title("决定")
            .map_err(|e| xerr(LIST_FILE, e))?
            .set_input_message("接受：采用建议；改为：在“标准名称”列填写正确名称；不匹配：该文本不应匹配任何标准名称；新增：把“标准名称”列的名称加为新的标准条目")
            .map_err(|e| xerr(LIST_FILE, e))?;
        ws.add_data_validation(1, 7, rows.len() as u32, 7, &dv)
            .map_err(|e| xerr(LIST_FILE, e))?;
    }

    // 统计.
    let ws = wb.add_worksheet();
    ws.set_name("统计").map_err(|e| xerr(LIST_FILE, e))?;
    write_stats(ws, &s, std, stats, skips, tables, dict_origins).map_err(|e| xerr(LIST_FILE, e))?;
    let template = wb.save_to_buffer().map_err(|e| xerr(LIST_FILE, e))?;
    let extras = std.extras.len();
    let fills: Vec<_> = chunks
        .iter()
        .map(|c| list_filler(c, extras, &std.findings))
        .collect();
    let sheets: Vec<fast_rows::SheetRows> = chunks
        .iter()
        .zip(&fills)
        .enumerate()
        .map(|(n, (c, f))| fast_rows::SheetRows {
            sheet: n + 1,
            rows: c.len(),
            cols: hdr.len(),
            row_at: f,
        })
        .collect();
    let bytes = fast_rows::splice(&template, &sheets, LIST_FILE)?;
    Ok(Rendered {
        path: PathBuf::from(LIST_FILE),
        bytes,
    })
}

fn places_text(item: &ReviewItem) -> String {
    let mut s = item.places.join("\n");
    if item.count > item.places.len() {
        s.push_str(&format!("\n…另有 {} 处", item.count - item.places.len()));
    }
    s
}

/// The 统计 sheet: per file, per sheet, findings by code, the dictionaries used.
fn write_stats(
    ws: &mut Worksheet,
    s: &Styles,
    std: &Standardized,
    stats: &[FileStats],
    skips: &[SheetSkip],
    tables: &[Table],
    dict_origins: &[(String, String)],
) -> std::result::Result<(), XlsxError> {
    let mut r = stats_by_file(ws, s, stats)?;
    r = stats_by_sheet(ws, s, r + 2, skips, tables, &std.regions)?;
    r = stats_by_code(ws, s, r + 2, std)?;
    r = stats_dictionaries(ws, s, r + 2, dict_origins)?;
    r += 2;
    ws.write_string_with_format(
        r,
        0,
        "责任清单只列需要责任单位共享数据的需求：使用方式为不减或取消的行不列入。",
        &s.note,
    )?;
    let widths = [36.0, 14.0, 12.0, 10.0, 60.0, 12.0, 12.0, 12.0, 12.0, 12.0];
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Per file and in total: sheets, data rows, non-data rows by reason. Returns the last row.
fn stats_by_file(
    ws: &mut Worksheet,
    s: &Styles,
    stats: &[FileStats],
) -> std::result::Result<u32, XlsxError> {
    let mut r: u32 = 0;
    let mut heads = vec!["来源文件", "工作表数", "跳过工作表", "数据行", "写出行"];
    heads.extend(SkipReason::ALL.map(SkipReason::label));
    heads.push("表头以上行");
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *h, &s.header)?;
    }
    let mut total = FileStats {
        file: "合计".into(),
        ..Default::default()
    };
    for st in stats {
        total.tables += st.tables;
        total.skipped_sheets += st.skipped_sheets;
        total.data_rows += st.data_rows;
        total.written += st.written;
        total.above_header += st.above_header;
        for (k, v) in &st.non_data {
            *total.non_data.entry(*k).or_default() += v;
        }
    }
    for st in stats.iter().chain(std::iter::once(&total)) {
        r += 1;
        let fmt = if st.file == "合计" {
            &s.header
        } else {
            &s.text
        };
        ws.write_string_with_format(r, 0, &st.file, fmt)?;
        let mut nums = vec![st.tables, st.skipped_sheets, st.data_rows, st.written];
        nums.extend(SkipReason::ALL.map(|k| st.non_data.get(&k).copied().unwrap_or(0)));
        nums.push(st.above_header);
        for (c, n) in nums.iter().enumerate() {
            ws.write_number(r, (c + 1) as u16, *n as f64)?;
        }
    }
    Ok(r)
}

/// A sheet's region and where it came from; the other sources too when they disagree.
fn stats_region(
    ws: &mut Worksheet,
    s: &Styles,
    r: u32,
    reg: &crate::standardize::SheetRegion,
) -> std::result::Result<(), XlsxError> {
    let Some((whence, name)) = reg.chosen() else {
        ws.write_string(r, 5, "未知")?;
        return ws.write_string(r, 6, "无来源指明地区").map(|_| ());
    };
    ws.write_string(r, 5, name)?;
    if reg.conflicts() {
        let said: Vec<String> = reg.said.iter().map(|(w, n)| format!("{w}：{n}")).collect();
        ws.write_string_with_format(
            r,
            6,
            format!("{whence}（不一致：{}）", said.join("；")),
            &s.warn,
        )?;
    } else {
        ws.write_string(r, 6, *whence)?;
    }
    Ok(())
}

/// Per sheet read: its header row, data rows, missing columns and region with its source;
/// then the sheets skipped.
fn stats_by_sheet(
    ws: &mut Worksheet,
    s: &Styles,
    mut r: u32,
    skips: &[SheetSkip],
    tables: &[Table],
    regions: &[crate::standardize::SheetRegion],
) -> std::result::Result<u32, XlsxError> {
    for (c, h) in [
        "来源文件",
        "工作表",
        "表头行",
        "数据行",
        "说明",
        "地区",
        "地区依据",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(r, c as u16, *h, &s.header)?;
    }
    for (t, reg) in tables.iter().zip(regions) {
        r += 1;
        stats_region(ws, s, r, reg)?;
        ws.write_string(r, 0, &*t.file)?;
        ws.write_string(r, 1, &*t.sheet)?;
        let hr = if t.header_rows.0 == t.header_rows.1 {
            t.header_rows.0.to_string()
        } else {
            format!("{}-{}", t.header_rows.0, t.header_rows.1)
        };
        ws.write_string(r, 2, &hr)?;
        ws.write_number(r, 3, t.data_rows as f64)?;
        let missing = crate::rules::sheet::missing_columns(t);
        if !missing.is_empty() {
            ws.write_string_with_format(
                r,
                4,
                format!("缺少必填列：{}", missing.join("、")),
                &s.warn,
            )?;
        }
    }
    for sk in skips {
        r += 1;
        ws.write_string(r, 0, &sk.file)?;
        ws.write_string(r, 1, &sk.sheet)?;
        ws.write_string(r, 2, "—")?;
        ws.write_number(r, 3, 0.0)?;
        ws.write_string_with_format(
            r,
            4,
            format!("已跳过（{} 个非空行）：{}", sk.nonempty_rows, sk.reason),
            &s.warn,
        )?;
    }
    Ok(r)
}

/// Findings by code, in the README's order.
fn stats_by_code(
    ws: &mut Worksheet,
    s: &Styles,
    mut r: u32,
    std: &Standardized,
) -> std::result::Result<u32, XlsxError> {
    for (c, h) in ["问题代码", "级别", "数量", "含义"].iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *h, &s.header)?;
    }
    let head = r;
    let mut counts: BTreeMap<&str, (Level, usize)> = BTreeMap::new();
    for f in &std.findings {
        counts.entry(f.code).or_insert((f.level, 0)).1 += 1;
    }
    for rule in RULES.iter() {
        if let Some((lvl, n)) = counts.get(rule.code) {
            r += 1;
            ws.write_string(r, 0, rule.code)?;
            ws.write_string_with_format(r, 1, lvl.as_str(), level_format(s, Some(*lvl)))?;
            ws.write_number(r, 2, *n as f64)?;
            ws.write_string(r, 3, rule.meaning())?;
        }
    }
    if r > head {
        ws.insert_chart(head, 5, &findings_chart(head + 1, r))?;
    }
    Ok(r)
}

/// A bar per code of the table at rows `first..=last` of 统计: what dominates is seen, not
/// read.
fn findings_chart(first: u32, last: u32) -> Chart {
    let mut chart = Chart::new(ChartType::Bar);
    chart
        .add_series()
        .set_name("数量")
        .set_categories(("统计", first, 0, last, 0))
        .set_values(("统计", first, 2, last, 2));
    chart.title().set_name("问题代码分布");
    chart.legend().set_hidden();
    // Bars are listed top-down in the table's order, each tall enough for its label.
    chart.y_axis().set_reverse();
    chart.set_height(120 + 22 * (last - first + 1));
    chart.set_width(640);
    chart
}

/// Which dictionary files were used, and where each came from.
fn stats_dictionaries(
    ws: &mut Worksheet,
    s: &Styles,
    mut r: u32,
    dict_origins: &[(String, String)],
) -> std::result::Result<u32, XlsxError> {
    for (c, h) in ["词典文件", "来源"].iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *h, &s.header)?;
    }
    for (name, origin) in dict_origins {
        r += 1;
        ws.write_string(r, 0, name)?;
        ws.write_string(
            r,
            1,
            if origin == "embedded" {
                "内置"
            } else {
                origin
            },
        )?;
    }
    Ok(r)
}
