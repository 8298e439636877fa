//! Output: the workbooks and CSV that analysts review and forward.
//!
//! Every file is rendered completely in memory first and only then written, each through a
//! temporary file in the target folder renamed into place, so a failed run never leaves a
//! half-written file behind. Workbooks are deterministic: fixed document dates, sorted
//! groupings, no clocks.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    Color, DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder,
    Workbook, Worksheet, XlsxError,
};

use crate::cell::Name;
use crate::error::{Error, Result};
use crate::ingest::{SheetSkip, Table};
use crate::rules::{Level, RULES};
use crate::schema::{Field, Matched};
use crate::standardize::{Record, ReviewItem, Standardized};
use crate::xlsx_rows;
use rustc_hash::FxHashMap;

/// File name of the standardized list.
pub const LIST_FILE: &str = "标准化需求清单.xlsx";
/// File name of the responsibility lists.
pub const RESP_FILE: &str = "责任清单.xlsx";
/// Folder of per-department workbooks with `--split`.
pub const RESP_DIR: &str = "责任清单";
/// File name of the CSV copy of the standardized list.
pub const CSV_FILE: &str = "标准化需求清单.csv";
/// Name of the index sheet of 责任清单.
pub const INDEX_SHEET: &str = "汇总";
/// Rows per sheet, header included (Excel's limit).
pub const MAX_SHEET_ROWS: usize = 1_048_576;
/// Methods that need nothing shared by the responsible department.
const NO_SHARING: [&str; 2] = [crate::methods::KEEP, crate::methods::CANCEL];

/// One file to write: relative path and bytes.
pub struct Rendered {
    /// Path relative to OUTDIR.
    pub path: PathBuf,
    /// Content, in pieces written one after another (a big workbook is not copied into one
    /// buffer).
    pub bytes: Vec<Vec<u8>>,
}

/// Per-file accounting for the 统计 sheet and the summary.
#[derive(Debug, Clone, Default)]
pub struct FileStats {
    /// 来源文件.
    pub file: String,
    /// Sheets read as tables.
    pub tables: usize,
    /// Sheets skipped.
    pub skipped_sheets: usize,
    /// Data rows read.
    pub data_rows: usize,
    /// Rows written.
    pub written: usize,
    /// Non-data rows by reason label.
    pub non_data: BTreeMap<&'static str, usize>,
    /// Rows above headers (titles, 填报单位 lines).
    pub above_header: usize,
}

pub(crate) struct Styles {
    header: Format,
    text: Format,
    warn: Format,
    error: Format,
    info: Format,
    note: Format,
}

pub(crate) fn styles() -> Styles {
    let base = Format::new().set_align(FormatAlign::Top).set_text_wrap();
    Styles {
        header: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color(Color::RGB(0xD9E1F2))
            .set_border(FormatBorder::Thin),
        text: base.clone(),
        warn: base.clone().set_background_color(Color::RGB(0xFFF2CC)),
        error: base.clone().set_background_color(Color::RGB(0xFFC7CE)),
        info: base.set_background_color(Color::RGB(0xE2EFDA)),
        note: Format::new()
            .set_italic()
            .set_font_color(Color::RGB(0x595959)),
    }
}

fn level_format(s: &Styles, l: Option<Level>) -> &Format {
    match l {
        Some(Level::Error) => &s.error,
        Some(Level::Warning) => &s.warn,
        Some(Level::Info) => &s.info,
        None => &s.text,
    }
}

/// A cell of a generic table.
#[derive(Clone)]
pub(crate) enum Cell<'a> {
    Text(std::borrow::Cow<'a, str>, Option<Level>),
    Num(f64),
}

pub(crate) fn text<'a, T: AsRef<str> + ?Sized>(t: &'a T, l: Option<Level>) -> Cell<'a> {
    Cell::Text(std::borrow::Cow::Borrowed(t.as_ref()), l)
}

pub(crate) fn owned<'a>(t: String, l: Option<Level>) -> Cell<'a> {
    Cell::Text(std::borrow::Cow::Owned(t), l)
}

/// Display width of text in Excel column units: CJK counts double.
fn text_width(s: &str) -> usize {
    s.lines()
        .map(|l| {
            l.chars()
                .map(|c| if (c as u32) > 0x2E80 { 2 } else { 1 })
                .sum::<usize>()
        })
        .max()
        .unwrap_or(0)
}

/// Rows sampled for column widths: enough to see typical content, cheap on a million rows.
const WIDTH_SAMPLE: usize = 2000;

/// Writes a header and `n` rows (made on demand by `row_at`, so a million-row sheet is never
/// held as cells) onto a sheet: widths from content, frozen header, autofilter.
pub(crate) fn write_table<'a>(
    ws: &mut Worksheet,
    s: &Styles,
    headers: &[&str],
    n: usize,
    row_at: impl Fn(usize) -> Vec<Cell<'a>>,
    max_width: usize,
) -> std::result::Result<(), XlsxError> {
    write_head(ws, s, headers, n, &row_at, max_width)?;
    for r in 0..n {
        let rr = (r + 1) as u32;
        for (c, cell) in row_at(r).into_iter().enumerate() {
            match cell {
                Cell::Text(t, lvl) => {
                    if !t.is_empty() || lvl.is_some() {
                        ws.write_string_with_format(
                            rr,
                            c as u16,
                            t.as_ref(),
                            level_format(s, lvl),
                        )?;
                    }
                }
                Cell::Num(v) => {
                    ws.write_number(rr, c as u16, v)?;
                }
            }
        }
    }
    Ok(())
}

/// The part of [`write_table`] above the rows: widths from a sample of the rows, frozen
/// header, autofilter over all `n` rows, the header row.
fn write_head<'a>(
    ws: &mut Worksheet,
    s: &Styles,
    headers: &[&str],
    n: usize,
    row_at: &impl Fn(usize) -> Vec<Cell<'a>>,
    max_width: usize,
) -> std::result::Result<(), XlsxError> {
    let mut widths: Vec<usize> = headers.iter().map(|h| text_width(h).max(6)).collect();
    for r in 0..n.min(WIDTH_SAMPLE) {
        for (c, cell) in row_at(r).iter().enumerate() {
            if let Cell::Text(t, _) = cell {
                widths[c] = widths[c].max(text_width(t));
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w + 2).clamp(8, max_width) as f64)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(
        0,
        0,
        n.max(1) as u32,
        headers.len().saturating_sub(1) as u16,
    )?;
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &s.header)?;
    }
    Ok(())
}

pub(crate) fn new_workbook() -> Workbook {
    let mut wb = Workbook::new();
    // A fixed creation date keeps the bytes of a report identical across runs.
    if let Ok(dt) = ExcelDateTime::from_ymd(2020, 1, 1) {
        wb.set_properties(&DocProperties::new().set_creation_datetime(&dt));
    }
    wb
}

pub(crate) fn xerr(what: &str, e: XlsxError) -> Error {
    Error::new(format!("could not build {what}: {e}"))
}

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
fn list_row<'a>(
    r: &'a Record,
    extras_len: usize,
    findings: &[crate::rules::Finding],
) -> Vec<Cell<'a>> {
    let mut v: Vec<Cell> = Vec::with_capacity(24 + extras_len);
    list_row_into(r, extras_len, findings, &mut v);
    v
}

/// Fills rows of one list sheet for [`xlsx_rows`].
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
        Cell::Num(r.row as f64),
    ]);
    for f in Field::ALL {
        let i = f.index();
        v.push(text(r.std(f), r.flagged[i]));
        if f.matched() != Matched::No {
            v.push(text(&r.raw[i], None));
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
        v[at + *i] = text(val.as_str(), None);
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
        for (c, l) in xlsx_rows::PROBE_LEVELS.iter().enumerate() {
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
                Cell::Num(((i.score * 100.0).round() / 100.0) as f64),
                text(&i.candidates, None),
                Cell::Num(i.count as f64),
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
            .allow_list_strings(&["接受", "改为", "不匹配"])
            .map_err(|e| xerr(LIST_FILE, e))?
            .set_input_title("决定")
            .map_err(|e| xerr(LIST_FILE, e))?
            .set_input_message("接受：采用建议；改为：在“标准名称”列填写正确名称；不匹配：该文本不应匹配任何标准名称")
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
    let sheets: Vec<xlsx_rows::SheetRows> = chunks
        .iter()
        .zip(&fills)
        .enumerate()
        .map(|(n, (c, f))| xlsx_rows::SheetRows {
            sheet: n + 1,
            rows: c.len(),
            cols: hdr.len(),
            row_at: f,
        })
        .collect();
    let bytes = xlsx_rows::splice(&template, &sheets, LIST_FILE)?;
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

fn write_stats(
    ws: &mut Worksheet,
    s: &Styles,
    std: &Standardized,
    stats: &[FileStats],
    skips: &[SheetSkip],
    tables: &[Table],
    dict_origins: &[(String, String)],
) -> std::result::Result<(), XlsxError> {
    let mut r: u32 = 0;
    let heads = [
        "来源文件",
        "工作表数",
        "跳过工作表",
        "数据行",
        "写出行",
        "空行",
        "重复表头行",
        "说明/备注行",
        "表头以上行",
    ];
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
            *total.non_data.entry(k).or_default() += v;
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
        let nums = [
            st.tables,
            st.skipped_sheets,
            st.data_rows,
            st.written,
            st.non_data.get("空行").copied().unwrap_or(0),
            st.non_data.get("重复表头行").copied().unwrap_or(0),
            st.non_data.get("说明/备注行").copied().unwrap_or(0),
            st.above_header,
        ];
        for (c, n) in nums.iter().enumerate() {
            ws.write_number(r, (c + 1) as u16, *n as f64)?;
        }
    }
    r += 2;
    for (c, h) in ["来源文件", "工作表", "表头行", "数据行", "说明"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(r, c as u16, *h, &s.header)?;
    }
    for t in tables {
        r += 1;
        ws.write_string(r, 0, &*t.file)?;
        ws.write_string(r, 1, &*t.sheet)?;
        let hr = if t.header_rows.0 == t.header_rows.1 {
            t.header_rows.0.to_string()
        } else {
            format!("{}-{}", t.header_rows.0, t.header_rows.1)
        };
        ws.write_string(r, 2, &hr)?;
        ws.write_number(r, 3, t.data_rows as f64)?;
        let missing: Vec<&str> = Field::ALL
            .iter()
            .filter(|f| f.required() && !t.field_cols.contains_key(f))
            .map(|f| f.header())
            .collect();
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
    r += 2;
    for (c, h) in ["问题代码", "级别", "数量", "含义"].iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *h, &s.header)?;
    }
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
            ws.write_string(r, 3, rule.meaning)?;
        }
    }
    r += 2;
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
    r += 2;
    ws.write_string_with_format(
        r,
        0,
        "责任清单只列需要责任单位共享数据的需求：使用方式为不减或取消的行不列入。",
        &s.note,
    )?;
    let widths = [36.0, 14.0, 12.0, 10.0, 60.0, 12.0, 12.0, 12.0, 12.0];
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

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

/// Unassigned rows are listed under this name so nothing is lost.
pub const UNASSIGNED: &str = "未明确责任单位";

fn group_responsibilities(records: &[Record]) -> BTreeMap<Name, Resp> {
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
        let material = r.std_name(Field::Material);
        let fields_name = r.std_name(Field::Fields);
        let fields = split_fields.entry(key(fields_name)).or_insert_with(|| {
            fields_name
                .split('、')
                .filter(|f| !f.is_empty())
                .map(|f| strings.get(f))
                .collect()
        });
        let depts = if r.responsible.is_empty() {
            std::slice::from_ref(&unassigned)
        } else {
            r.responsible.as_slice()
        };
        let q = r.std_name(Field::Requester);
        let i = r.std_name(Field::Item);
        for d in depts {
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
    let mut by_dept: BTreeMap<Name, Resp> = BTreeMap::new();
    for ([d, m, method], g) in lines {
        let line = by_dept
            .entry(d)
            .or_default()
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
                Cell::Num(l.items.len() as f64),
                text(it, None),
                Cell::Num(l.rows as f64),
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
    by_dept: &BTreeMap<Name, Resp>,
    names: &BTreeMap<Name, String>,
) -> std::result::Result<(), XlsxError> {
    let headers = [
        "责任单位",
        "工作表",
        "材料数",
        "需求单位数",
        "事项数",
        "需求条数",
        "待明确使用方式",
    ];
    let data: Vec<(String, String, usize, usize, usize, usize, usize)> = by_dept
        .iter()
        .map(|(d, resp)| {
            let materials: BTreeSet<&Name> = resp.keys().map(|(m, _)| m).collect();
            let requesters: BTreeSet<&Name> =
                resp.values().flat_map(|l| l.requesters.iter()).collect();
            let items: BTreeSet<&Name> = resp.values().flat_map(|l| l.items.iter()).collect();
            let rows: usize = resp.values().map(|l| l.rows).sum();
            let unsettled: usize = resp
                .iter()
                .filter(|((_, m), _)| m.starts_with("待明确"))
                .map(|(_, l)| l.rows)
                .sum();
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
        .map(|d| {
            vec![
                text(&d.0, (d.0 == UNASSIGNED).then_some(Level::Error)),
                text(&d.1, None),
                Cell::Num(d.2 as f64),
                Cell::Num(d.3 as f64),
                Cell::Num(d.4 as f64),
                Cell::Num(d.5 as f64),
                Cell::Num(d.6 as f64),
            ]
        })
        .collect();
    write_table(ws, s, &headers, rows.len(), |i| rows[i].clone(), 40)
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
            write_resp_sheet(ws, &s, resp).map_err(|e| xerr(RESP_DIR, e))?;
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
            write_resp_sheet(ws, &s, resp).map_err(|e| xerr(RESP_FILE, e))?;
        }
        out.push(Rendered {
            path: PathBuf::from(RESP_FILE),
            bytes: vec![wb.save_to_buffer().map_err(|e| xerr(RESP_FILE, e))?],
        });
    }
    Ok(out)
}

/// Renders the CSV copy: UTF-8 with BOM so Excel opens it as Chinese text.
pub fn render_csv(std: &Standardized) -> Result<Rendered> {
    let mut buf: Vec<u8> = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut buf);
        let err = |e: csv::Error| Error::new(format!("could not build {CSV_FILE}: {e}"));
        w.write_record(list_headers(&std.extras)).map_err(err)?;
        for r in &std.records {
            let row: Vec<String> = list_row(r, std.extras.len(), &std.findings)
                .into_iter()
                .map(|c| match c {
                    Cell::Text(t, _) => t.into_owned(),
                    Cell::Num(n) => crate::ingest::float_text(n),
                })
                .collect();
            w.write_record(&row).map_err(err)?;
        }
        w.flush()
            .map_err(|e| Error::new(format!("could not build {CSV_FILE}: {e}")))?;
    }
    Ok(Rendered {
        path: PathBuf::from(CSV_FILE),
        bytes: vec![buf],
    })
}

/// A temporary-file builder in OUTDIR. Outputs are ordinary files for analysts to share, not
/// private temporaries (which tempfile creates as 0600), so they get the usual modes.
fn staging(mode: u32) -> tempfile::Builder<'static, 'static> {
    let mut b = tempfile::Builder::new();
    b.prefix(".qingdan-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = mode;
    b
}

/// Writes one file atomically: a temporary file beside it, then a rename.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let err = |e: &dyn std::fmt::Display| {
        Error::new(format!("could not write `{}`: {e}", path.display()))
    };
    let mut tmp = staging(0o644).tempfile_in(dir).map_err(|e| err(&e))?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.flush())
        .map_err(|e| err(&e))?;
    tmp.persist(path).map_err(|e| err(&e.error))?;
    Ok(())
}

/// Writes rendered files under `outdir`, each atomically (temporary file, then rename). With
/// a split, the 责任清单 folder is rebuilt beside and swapped in, so no stale workbook from an
/// earlier run survives.
pub fn write_all(outdir: &Path, files: &[Rendered]) -> Result<()> {
    std::fs::create_dir_all(outdir).map_err(|e| {
        Error::new(format!(
            "could not create output folder `{}`: {e}",
            outdir.display()
        ))
    })?;
    let into =
        |e: std::io::Error| Error::new(format!("could not write into `{}`: {e}", outdir.display()));
    // Files in a subfolder (责任清单/…) are staged as a whole folder, swapped in at the end.
    let mut folders: BTreeMap<PathBuf, tempfile::TempDir> = BTreeMap::new();
    let mut staged = Vec::new();
    for f in files {
        let mut parts = f.path.components();
        let first = PathBuf::from(parts.next().map(|c| c.as_os_str()).unwrap_or_default());
        let rest = parts.as_path();
        if rest.as_os_str().is_empty() {
            let mut tmp = staging(0o644).tempfile_in(outdir).map_err(into)?;
            f.bytes
                .iter()
                .try_for_each(|b| tmp.write_all(b))
                .and_then(|_| tmp.flush())
                .map_err(|e| {
                    Error::new(format!(
                        "could not write `{}`: {e}",
                        outdir.join(&f.path).display()
                    ))
                })?;
            staged.push((tmp, outdir.join(&f.path)));
        } else {
            if !folders.contains_key(&first) {
                folders.insert(
                    first.clone(),
                    staging(0o755).tempdir_in(outdir).map_err(into)?,
                );
            }
            let dir = &folders[&first];
            std::fs::write(dir.path().join(rest), f.bytes.concat())
                .map_err(|e| Error::new(format!("could not write `{}`: {e}", f.path.display())))?;
        }
    }
    // Everything is on disk; now move each into place.
    for (tmp, dest) in staged {
        tmp.persist(&dest).map_err(|e| {
            Error::new(format!("could not write `{}`: {}", dest.display(), e.error))
        })?;
    }
    for (name, dir) in folders {
        let dest = outdir.join(&name);
        let old = outdir.join(format!(".qingdan-old-{}", name.display()));
        let _ = std::fs::remove_dir_all(&old);
        if dest.exists() {
            std::fs::rename(&dest, &old)
                .map_err(|e| Error::new(format!("could not replace `{}`: {e}", dest.display())))?;
        }
        std::fs::rename(dir.keep(), &dest)
            .map_err(|e| Error::new(format!("could not write `{}`: {e}", dest.display())))?;
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}
