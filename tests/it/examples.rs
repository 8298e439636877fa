//! The shipped examples: every data row lands once, with its source file, sheet and row.

use std::collections::BTreeSet;

use crate::common::*;

/// Data rows of each example sheet, as Excel numbers them (from the generator's layout).
fn expected_rows() -> BTreeSet<(String, String, u32)> {
    let mut s = BTreeSet::new();
    let mut add = |file: &str, sheet: &str, rows: Vec<u32>| {
        for r in rows {
            s.insert((file.to_string(), sheet.to_string(), r));
        }
    };
    add(
        "市药监局_减材料需求清单.xlsx",
        "需求清单",
        (5..=42).collect(),
    );
    add(
        "市民政局_数据共享需求.xlsx",
        "市级事项",
        (4..=38).filter(|r| *r != 20 && *r != 30).collect(),
    );
    add("市民政局_数据共享需求.xlsx", "区级事项", (2..=27).collect());
    add(
        "市人社局_减材料清单.csv",
        "市人社局_减材料清单",
        (3..=36).collect(),
    );
    add(
        "市卫健委_减材料需求.csv",
        "市卫健委_减材料需求",
        (2..=26).collect(),
    );
    add(
        "市规划资源局_减材料需求清单.xlsx",
        "减材料清单",
        (4..=31).collect(),
    );
    add("浦东新区市场监管局_清单.xlsx", "Sheet1", (3..=33).collect());
    s
}

#[test]
fn every_example_row_appears_once_with_its_source() {
    let out = tempfile::tempdir().unwrap();
    let o = clean(&examples_dir(), out.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let list = read_sheet(&out.path().join("标准化需求清单.xlsx"), "标准化需求清单");
    assert_eq!(&list[0][..3], ["来源文件", "来源工作表", "来源行"]);
    let got: Vec<(String, String, u32)> = list[1..]
        .iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[2].parse().unwrap()))
        .collect();
    let unique: BTreeSet<_> = got.iter().cloned().collect();
    assert_eq!(unique.len(), got.len(), "a row appears twice");
    assert_eq!(unique, expected_rows());
    let summary = stdout(&o);
    assert!(
        summary.contains("215 data rows read, 215 written"),
        "{summary}"
    );
    assert!(
        summary.contains("1 blank") || summary.contains("2 blank"),
        "{summary}"
    );
}

#[test]
fn merged_item_cells_are_filled_down() {
    let out = tempfile::tempdir().unwrap();
    let o = clean(
        &examples_dir().join("市药监局_减材料需求清单.xlsx"),
        out.path(),
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let recs = records(&read_sheet(
        &out.path().join("标准化需求清单.xlsx"),
        "标准化需求清单",
    ));
    assert_eq!(recs.len(), 38);
    assert!(
        recs.iter().all(|r| !r["事项名称"].is_empty()),
        "every row carries its item"
    );
    // Rows 5..=9 are one item merged over five rows.
    let first: Vec<&str> = recs
        .iter()
        .take(5)
        .map(|r| r["事项名称"].as_str())
        .collect();
    assert!(first.iter().all(|i| *i == first[0]), "{first:?}");
}

#[test]
fn responsibility_workbook_has_one_sheet_per_department_and_an_index() {
    let out = tempfile::tempdir().unwrap();
    let o = clean(&examples_dir(), out.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let sheets = read_sheets(&out.path().join("责任清单.xlsx"));
    assert_eq!(sheets[0].0, "汇总");
    let index = &sheets[0].1;
    assert_eq!(index[0][..3], ["责任单位", "工作表", "材料数"]);
    // One sheet per department in the index, named as the index says.
    let names: Vec<&str> = sheets[1..].iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.len(), index.len() - 1);
    for row in &index[1..] {
        assert!(names.contains(&row[1].as_str()), "no sheet {}", row[1]);
    }
    assert!(names.contains(&"上海市公安局"));
    for (_, rows) in &sheets[1..] {
        assert_eq!(
            rows[0],
            [
                "材料名称",
                "数据字段",
                "使用方式",
                "需求单位",
                "事项数",
                "事项名称",
                "需求条数"
            ]
        );
        assert!(rows.len() > 1);
    }
}

#[test]
fn output_is_byte_for_byte_deterministic() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for d in [&a, &b] {
        let o = clean(
            &examples_dir(),
            d.path(),
            &["--csv".as_ref(), "-q".as_ref()],
        );
        assert_eq!(o.status.code(), Some(0));
    }
    for f in ["标准化需求清单.xlsx", "责任清单.xlsx", "标准化需求清单.csv"] {
        let x = std::fs::read(a.path().join(f)).unwrap();
        let y = std::fs::read(b.path().join(f)).unwrap();
        assert!(x == y, "{f} differs between runs");
    }
}

#[test]
fn split_writes_one_workbook_per_department() {
    let out = tempfile::tempdir().unwrap();
    let o = clean(&examples_dir(), out.path(), &["--split".as_ref()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!out.path().join("责任清单.xlsx").exists());
    let files = files_in(&out.path().join("责任清单"));
    assert!(files.contains(&"汇总.xlsx".to_string()));
    assert!(
        files.contains(&"上海市公安局.xlsx".to_string()),
        "{files:?}"
    );
    let index = read_sheet(&out.path().join("责任清单").join("汇总.xlsx"), "汇总");
    assert_eq!(index.len() - 1, files.len() - 1);
    // Running again replaces the folder: no leftovers, no staging folders.
    let o = clean(&examples_dir(), out.path(), &["--split".as_ref()]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(files_in(&out.path().join("责任清单")), files);
    assert!(
        files_in(out.path())
            .iter()
            .all(|f| !f.starts_with(".qingdan"))
    );
}

#[test]
fn csv_copy_is_utf8_with_bom() {
    let out = tempfile::tempdir().unwrap();
    let o = clean(&examples_dir(), out.path(), &["--csv".as_ref()]);
    assert_eq!(o.status.code(), Some(0));
    let bytes = std::fs::read(out.path().join("标准化需求清单.csv")).unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("来源文件,来源工作表,来源行,需求单位名称,原始需求单位名称"));
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(rdr.records().count(), 215);
}

fn el<'a, 'i>(doc: &'a roxmltree::Document<'i>, tag: &str) -> Vec<roxmltree::Node<'a, 'i>> {
    doc.descendants().filter(|n| n.has_tag_name(tag)).collect()
}

/// The list sheet as Excel reads it: frozen header, autofilter and dimension over every row,
/// flagged cells filled by level, other text cells wrapped and top-aligned.
#[test]
fn list_sheet_is_frozen_filtered_and_highlighted() {
    use std::io::Read;
    let out = tempfile::tempdir().unwrap();
    let o = clean(&examples_dir(), out.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(out.path().join("标准化需求清单.xlsx")).unwrap())
            .unwrap();
    let mut part = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let sheet = part("xl/worksheets/sheet1.xml");
    let styles = part("xl/styles.xml");
    let sheet = roxmltree::Document::parse(&sheet).unwrap();
    let styles = roxmltree::Document::parse(&styles).unwrap();

    // 215 data rows under the header, 27 columns (A..AA).
    let rows = el(&sheet, "row");
    assert_eq!(rows.len(), 216);
    assert_eq!(
        el(&sheet, "dimension")[0].attribute("ref"),
        Some("A1:AA216")
    );
    assert_eq!(
        el(&sheet, "autoFilter")[0].attribute("ref"),
        Some("A1:AA216")
    );
    let pane = el(&sheet, "pane")[0];
    assert_eq!(pane.attribute("ySplit"), Some("1"));
    assert_eq!(pane.attribute("state"), Some("frozen"));

    // Style index -> fill colour and whether text wraps.
    let xfs: Vec<(Option<String>, bool)> = el(&styles, "cellXfs")[0]
        .children()
        .filter(|n| n.has_tag_name("xf"))
        .map(|xf| {
            let fill: usize = xf.attribute("fillId").unwrap_or("0").parse().unwrap();
            let colour = el(&styles, "fills")[0]
                .children()
                .filter(|n| n.has_tag_name("fill"))
                .nth(fill)
                .and_then(|f| f.descendants().find(|n| n.has_tag_name("fgColor")))
                .and_then(|c| c.attribute("rgb").map(str::to_string));
            let wraps = xf
                .children()
                .any(|a| a.has_tag_name("alignment") && a.attribute("wrapText") == Some("1"));
            (colour, wraps)
        })
        .collect();
    let mut seen: BTreeSet<Option<String>> = BTreeSet::new();
    for c in el(&sheet, "c").into_iter().skip(27) {
        let s: usize = c.attribute("s").unwrap_or("0").parse().unwrap();
        if c.attribute("t") == Some("inlineStr") {
            assert!(xfs[s].1, "text cell {:?} does not wrap", c.attribute("r"));
        }
        seen.insert(xfs[s].0.clone());
    }
    // Errors red, warnings yellow, plain cells unfilled.
    for colour in ["FFFFC7CE", "FFFFF2CC"] {
        assert!(
            seen.contains(&Some(colour.to_string())),
            "{colour} in {seen:?}"
        );
    }
    assert!(seen.contains(&None));
}

/// A sheet's cells as calamine reads them, types kept.
fn typed_sheet(path: &std::path::Path, name: &str) -> Vec<Vec<calamine::Data>> {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(name).unwrap();
    range.rows().map(<[calamine::Data]>::to_vec).collect()
}

fn column(rows: &[Vec<calamine::Data>], header: &str) -> Vec<calamine::Data> {
    let at = rows[0]
        .iter()
        .position(|h| *h == header)
        .unwrap_or_else(|| panic!("no column {header} in {:?}", rows[0]));
    rows[1..].iter().map(|r| r[at].clone()).collect()
}

/// Numbers stay numbers: 序号 read from number cells, 得分 to two decimals; digit strings
/// that are identifiers (0012, an ID number) stay text.
#[test]
fn numbers_are_written_as_numbers_and_identifiers_as_text() {
    use calamine::Data;
    let out = tempfile::tempdir().unwrap();
    let o = clean(&examples_dir(), out.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let list_path = out.path().join("标准化需求清单.xlsx");
    let list = typed_sheet(&list_path, "标准化需求清单");
    let files = column(&list, "来源文件");
    let serials: Vec<Data> = column(&list, "序号")
        .into_iter()
        .zip(&files)
        .filter(|(_, f)| **f == "浦东新区市场监管局_清单.xlsx")
        .map(|(s, _)| s)
        .collect();
    assert!(!serials.is_empty());
    for (i, s) in serials.iter().enumerate() {
        assert_eq!(*s, Data::Float((i + 1) as f64), "序号 of row {i}");
    }
    let scores = column(&typed_sheet(&list_path, "待复核"), "得分");
    assert!(!scores.is_empty());
    for s in &scores {
        let Data::Float(v) = s else {
            panic!("得分 {s:?} is not a number")
        };
        assert_eq!(
            *v,
            (v * 100.0).round() / 100.0,
            "得分 {v} has more than two decimals"
        );
    }

    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("编号.xlsx");
    let mut header = HEADER.to_vec();
    header.extend(["编号", "身份证号码"]);
    let mut r = row("婚姻登记", "结婚证", "市民政局", "电子证照核验");
    r.extend(["0012", "310101199003071234"]);
    write_xlsx(&p, &[("清单", vec![header, r])], |_, _| {});
    let o = clean(&p, out.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let list = typed_sheet(&list_path, "标准化需求清单");
    assert_eq!(column(&list, "编号"), [Data::String("0012".into())]);
    assert_eq!(
        column(&list, "身份证号码"),
        [Data::String("310101199003071234".into())]
    );
}
