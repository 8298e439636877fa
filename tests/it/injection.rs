//! CSV injection: no formula written by a submission comes alive when an analyst opens an
//! output in Excel or WPS.

use calamine::{Reader, open_workbook_auto};

use crate::common::*;

/// Cell texts that a spreadsheet would read as formulas or commands, one per risky start
/// (ingest trims a leading tab or carriage return, which leaves the `=` after it).
const RISKY: [&str; 6] = [
    "=HYPERLINK(\"http://x\",\"点\")",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
];

fn submission(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("注入.xlsx");
    let mut rows: Vec<Vec<&str>> = vec![HEADER.to_vec()];
    for r in RISKY {
        rows.push(vec![
            "上海市民政局",
            r,
            "居民身份证",
            "姓名、公民身份号码",
            "市公安局",
            "",
            "数据核验",
        ]);
    }
    rows.push(vec![
        "上海市民政局",
        "电话 021-63891234",
        "结婚证",
        "姓名",
        "市民政局",
        "",
        "-3",
    ]);
    write_xlsx(&path, &[("清单", rows)], |_, _| {});
    path
}

#[test]
fn the_csv_neutralizes_cells_that_start_a_formula_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let input = submission(dir.path());
    let out = dir.path().join("out");
    let o = clean(&input, &out, &["--csv".as_ref()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bytes = std::fs::read(out.join("标准化需求清单.csv")).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let csv_rows: Vec<Vec<String>> = rdr
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let xlsx_rows = read_sheet(&out.join("标准化需求清单.xlsx"), "标准化需求清单");
    assert_eq!(csv_rows.len(), xlsx_rows.len());
    let item = xlsx_rows[0].iter().position(|h| h == "事项名称").unwrap();
    let mut neutralized = 0;
    for (c, x) in csv_rows.iter().zip(&xlsx_rows) {
        for (cv, xv) in c.iter().zip(x) {
            if RISKY.iter().any(|r| r.trim() == xv) {
                assert_eq!(*cv, format!("'{xv}"), "risky cell written as is");
                neutralized += 1;
            } else {
                assert_eq!(cv, xv, "a safe cell changed");
            }
        }
    }
    assert_eq!(neutralized, RISKY.len());
    // The safe row: a phone number and a number as they are.
    let last = csv_rows.last().unwrap();
    assert_eq!(last[item], "电话 021-63891234");
    assert!(last.iter().any(|v| v == "-3"), "{last:?}");
}

#[test]
fn the_workbooks_keep_such_cells_as_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    let input = submission(dir.path());
    let out = dir.path().join("out");
    let o = clean(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for book in ["标准化需求清单.xlsx", "责任清单.xlsx"] {
        let path = out.join(book);
        let mut wb = open_workbook_auto(&path).unwrap();
        for name in wb.sheet_names() {
            let formulas = wb.worksheet_formula(&name).unwrap();
            assert!(
                formulas.used_cells().all(|(_, _, f)| f.is_empty()),
                "{book}:{name} holds a formula"
            );
        }
    }
    let list = read_sheet(&out.join("标准化需求清单.xlsx"), "标准化需求清单");
    for r in RISKY {
        assert!(
            list.iter().any(|row| row.iter().any(|v| v == r.trim())),
            "{r:?} not kept as text"
        );
    }
}
