//! Small crafted files, one per quirk of real submissions.

use rust_xlsxwriter::{ExcelDateTime, Format};

use crate::common::*;

fn clean_one(path: &std::path::Path) -> (std::process::Output, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let o = clean(path, out.path(), &[]);
    (o, out)
}

fn list_of(out: &tempfile::TempDir) -> Vec<std::collections::HashMap<String, String>> {
    records(&read_sheet(
        &out.path().join("标准化需求清单.xlsx"),
        "标准化需求清单",
    ))
}

#[test]
fn title_blank_and_submitter_rows_above_the_header() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("title.xlsx");
    let mut rows = vec![
        vec!["上海市民政局减材料需求清单"],
        vec![],
        vec!["填报单位：上海市民政局    填报日期：2024年3月"],
        HEADER.to_vec(),
    ];
    rows.push(row("婚姻登记", "户口本", "市公安局", "数据核验"));
    rows.push(row("婚姻登记", "居民身份证", "市公安局", "电子证照"));
    write_xlsx(&p, &[("清单", rows)], |_, ws| {
        ws.merge_range(0, 0, 0, 6, "上海市民政局减材料需求清单", &Format::new())
            .unwrap();
    });
    let (o, out) = clean_one(&p);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let list = list_of(&out);
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["来源行"], "5");
    assert_eq!(list[0]["材料名称"], "居民户口簿");
    assert_eq!(list[0]["原始材料名称"], "户口本");
    assert_eq!(list[0]["材料来源"], "上海市公安局");
    assert_eq!(list[1]["使用方式"], "电子证照核验");
}

#[test]
fn two_row_header_with_split_header_text() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("two.xlsx");
    // 材料 / 名称 are written over two rows; the group row holds 需求方信息.
    let rows = vec![
        vec![
            "需求方信息",
            "事项",
            "材料",
            "数据字段",
            "材料来源",
            "使用方式",
        ],
        vec!["需求单位名称", "事项名称", "名称", "", "", ""],
        vec![
            "上海市民政局",
            "低保审批",
            "营业执照",
            "企业名称",
            "市场监管局",
            "数据核验",
        ],
    ];
    write_xlsx(&p, &[("Sheet1", rows)], |_, ws| {
        for c in 3..=5 {
            let v = ["数据字段", "材料来源", "使用方式"][c - 3];
            ws.merge_range(0, c as u16, 1, c as u16, v, &Format::new())
                .unwrap();
        }
    });
    let (o, out) = clean_one(&p);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let list = list_of(&out);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["来源行"], "3");
    assert_eq!(list[0]["材料名称"], "营业执照");
    assert_eq!(list[0]["事项名称"], "低保审批");
    assert_eq!(list[0]["使用方式"], "数据核验");
}

#[test]
fn notes_blank_and_repeated_header_rows_are_counted_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("notes.xlsx");
    let rows = vec![
        HEADER.to_vec(),
        row("婚姻登记", "结婚证", "市民政局", "电子证照核验"),
        vec![],
        HEADER.to_vec(),
        row("婚姻登记", "离婚证", "市民政局", "电子证照核验"),
        vec!["填表说明：使用方式请填写数据核验或电子证照核验"],
        vec!["备注：本表由市民政局填报"],
    ];
    write_xlsx(&p, &[("Sheet1", rows)], |_, ws| {
        ws.merge_range(
            5,
            0,
            5,
            6,
            "填表说明：使用方式请填写数据核验或电子证照核验",
            &Format::new(),
        )
        .unwrap();
    });
    let (o, out) = clean_one(&p);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let list = list_of(&out);
    let rows: Vec<&str> = list.iter().map(|r| r["来源行"].as_str()).collect();
    assert_eq!(rows, ["2", "5"]);
    let s = stdout(&o);
    assert!(
        s.contains("1 blank") && s.contains("1 repeated header") && s.contains("2 note"),
        "{s}"
    );
}

#[test]
fn gbk_csv_is_detected_and_a_bom_csv_too() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        "材料名称,事项名称,需求单位名称,使用方式\n\"营业执照,副本\",企业设立,市场监管局,数据核验\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    std::fs::write(dir.path().join("gbk.csv"), &gbk).unwrap();
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    std::fs::write(dir.path().join("bom.csv"), &bom).unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = clean(dir.path(), out.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let list = list_of(&out);
    assert_eq!(list.len(), 2);
    for r in &list {
        assert_eq!(r["原始材料名称"], "营业执照,副本");
        assert_eq!(r["材料名称"], "营业执照");
        assert_eq!(r["来源行"], "2");
    }
    // Forcing the wrong encoding is a clear error, not garbage.
    let o = clean(
        &dir.path().join("gbk.csv"),
        out.path(),
        &["--encoding".as_ref(), "utf-8".as_ref()],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("gbk.csv"), "{}", stderr(&o));
}

#[test]
fn numbers_and_dates_read_as_excel_shows_them_and_extras_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cells.xlsx");
    let mut header = HEADER.to_vec();
    header.extend(["联系方式", "填报日期", "备注"]);
    let rows = vec![
        header,
        row("婚姻登记", "结婚证", "市民政局", "电子证照核验"),
    ];
    write_xlsx(&p, &[("Sheet1", rows)], |_, ws| {
        ws.write_number(1, 7, 13812345678.0).unwrap();
        let date = ExcelDateTime::from_ymd(2024, 3, 12).unwrap();
        ws.write_datetime_with_format(1, 8, &date, &Format::new().set_num_format("yyyy-mm-dd"))
            .unwrap();
        ws.write_string(1, 9, "第一行\n第二行").unwrap();
    });
    let (o, out) = clean_one(&p);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let list = list_of(&out);
    assert_eq!(list[0]["联系方式"], "13812345678");
    assert_eq!(list[0]["填报日期"], "2024-03-12");
    assert_eq!(list[0]["备注"], "第一行\n第二行");
}

#[test]
fn a_second_sheet_is_read_and_a_prose_sheet_is_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("sheets.xlsx");
    write_xlsx(
        &p,
        &[
            (
                "市级",
                vec![
                    HEADER.to_vec(),
                    row("婚姻登记", "结婚证", "市民政局", "电子证照核验"),
                ],
            ),
            (
                "区级",
                vec![
                    HEADER.to_vec(),
                    row("低保", "居民户口簿", "公安局", "数据核验"),
                ],
            ),
            (
                "填表说明",
                vec![
                    vec!["一、本表由各单位填写。"],
                    vec!["二、使用方式请按标准填写。"],
                ],
            ),
        ],
        |_, _| {},
    );
    let (o, out) = clean_one(&p);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let list = list_of(&out);
    let sheets: Vec<&str> = list.iter().map(|r| r["来源工作表"].as_str()).collect();
    assert_eq!(sheets, ["市级", "区级"]);
    let s = stdout(&o);
    assert!(
        s.contains("skipped sheet sheets.xlsx:填表说明: no header row"),
        "{s}"
    );
    let stats = read_sheet(&out.path().join("标准化需求清单.xlsx"), "统计");
    assert!(
        stats
            .iter()
            .any(|r| r.get(1).is_some_and(|c| c == "填表说明") && r[4].contains("已跳过"))
    );
}

#[test]
fn a_blank_method_column_and_missing_required_fields_are_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("flags.xlsx");
    let rows = vec![
        HEADER.to_vec(),
        row("婚姻登记", "结婚证", "市民政局", ""),
        row("", "相关证明材料", "", "可减"),
    ];
    write_xlsx(&p, &[("Sheet1", rows)], |_, _| {});
    let (o, out) = clean_one(&p);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let list = list_of(&out);
    assert_eq!(list[0]["问题代码"], "responsible-inferred;method-missing");
    let codes: Vec<&str> = list[1]["问题代码"].split(';').collect();
    for c in ["required-missing", "material-vague", "method-unclear"] {
        assert!(codes.contains(&c), "{codes:?}");
    }
    let review = records(&read_sheet(
        &out.path().join("标准化需求清单.xlsx"),
        "待复核",
    ));
    assert!(
        review
            .iter()
            .any(|r| r["字段"] == "材料名称" && r["原始文本"] == "相关证明材料")
    );
    for col in [
        "字段",
        "原始文本",
        "建议",
        "得分",
        "候选",
        "出现次数",
        "位置",
        "决定",
        "标准名称",
    ] {
        assert!(review[0].contains_key(col), "待复核 lacks {col}");
    }
}

#[test]
fn responsible_department_is_inferred_from_source_then_issuer() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("resp.xlsx");
    let rows = vec![
        HEADER.to_vec(),
        row("婚姻登记", "结婚证", "市民政局", "电子证照核验"),
        row("婚姻登记", "居民户口簿", "", "数据核验"),
    ];
    write_xlsx(&p, &[("Sheet1", rows)], |_, _| {});
    let (o, out) = clean_one(&p);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let list = list_of(&out);
    assert_eq!(list[0]["责任单位名称"], "上海市民政局");
    assert_eq!(list[1]["责任单位名称"], "上海市公安局");
    assert!(list[1]["问题代码"].contains("responsible-inferred"));
}
