//! `dict init`: a draft for a region used by `clean`, `learn`, `dict check` and `dict show`,
//! and its errors. The drafts themselves are pinned in tests/golden (the init-* cases).

use std::collections::HashMap;
use std::path::Path;

use rust_xlsxwriter::Workbook;

use crate::common::*;

fn init(region: &str, dir: &Path) -> std::process::Output {
    qingdan([
        "dict".as_ref(),
        "init".as_ref(),
        "--region".as_ref(),
        region.as_ref(),
        "-o".as_ref(),
        dir.as_os_str(),
    ])
}

/// (cell as the bureau wrote it in 材料来源, the department it means).
const SOURCES: [(&str, &str); 17] = [
    ("西湖区公安分局", "杭州市公安局西湖分局"),
    ("西湖区市场监管局", "杭州市西湖区市场监督管理局"),
    ("杭州市人社局", "杭州市人力资源和社会保障局"),
    ("区民政局", "杭州市西湖区民政局"),
    ("西湖区卫健局", "杭州市西湖区卫生健康局"),
    ("市规划资源局", "杭州市规划和自然资源局"),
    ("西湖区税务局", "国家税务总局杭州市西湖区税务局"),
    ("西湖区医保局", "杭州市西湖区医疗保障局"),
    ("市残联", "杭州市残疾人联合会"),
    ("桐庐县市场监管局", "桐庐县市场监督管理局"),
    ("民政局", "杭州市西湖区民政局"),
    ("市公安局", "杭州市公安局"),
    ("杭州市市场监督管理局", "杭州市市场监督管理局"),
    ("余杭区工商局", "杭州市余杭区市场监督管理局"),
    ("西湖区人设局", "杭州市西湖区人力资源和社会保障局"),
    ("区市场监管局", "杭州市西湖区市场监督管理局"),
    ("西湖区卫健委", "杭州市西湖区卫生健康局"),
];

/// Cells a person must confirm: none since a county's 卫生健康局 carries 卫健委 as an alias
/// (a county has one or the other). 西湖区人设局 is accepted: a homophone slip in a district's
/// name that makes no word of any name (人设), the rest written as listed.
const REVIEWED: [&str; 0] = [];

/// A Hangzhou district bureau's list: a title, a 填报单位 line, cells as bureaus write them.
fn hangzhou_list(path: &Path) {
    let mut rows = vec![
        vec!["杭州市西湖区民政局减材料需求清单"],
        vec!["填报单位：杭州市西湖区民政局    填报日期：2024年5月"],
        HEADER.to_vec(),
    ];
    for (i, (src, _)) in SOURCES.iter().enumerate() {
        let requester = if i % 2 == 0 {
            "西湖区民政局"
        } else {
            "区民政局"
        };
        rows.push(vec![
            requester,
            "最低生活保障审批",
            [
                "居民户口簿",
                "营业执照",
                "结婚证",
                "出生医学证明",
                "残疾人证",
            ][i % 5],
            "姓名、公民身份号码",
            src,
            "",
            "数据核验",
        ]);
    }
    // No source: the material's issuer in the embedded materials is Shanghai's, never ours.
    rows.push(vec![
        "西湖区民政局",
        "临时救助",
        "居民身份证",
        "姓名",
        "",
        "",
        "数据核验",
    ]);
    write_xlsx(path, &[("需求清单", rows)], |_, _| {});
}

fn list_rows(out: &Path) -> Vec<HashMap<String, String>> {
    records(&read_sheet(
        &out.join("标准化需求清单.xlsx"),
        "标准化需求清单",
    ))
}

/// Every cell of every sheet of the outputs, joined.
fn all_text(out: &Path) -> String {
    let mut s = String::new();
    for f in ["标准化需求清单.xlsx", "责任清单.xlsx"] {
        for (name, rows) in read_sheets(&out.join(f)) {
            s.push_str(&name);
            for r in rows {
                s.push_str(&r.join("\t"));
                s.push('\n');
            }
        }
    }
    s
}

#[test]
fn a_hangzhou_list_is_resolved_against_its_draft() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("d");
    let o = init("杭州市", &d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let list = dir.path().join("西湖区民政局_清单.xlsx");
    hangzhou_list(&list);
    let dict_arg: [&std::ffi::OsStr; 2] = ["--dict".as_ref(), d.as_os_str()];
    let out = dir.path().join("out");
    let o = clean(&list, &out, &dict_arg);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = list_rows(&out);
    assert_eq!(rows.len(), SOURCES.len() + 1);
    let mut right = 0;
    for (r, (src, want)) in rows.iter().zip(SOURCES) {
        assert_eq!(r["原始材料来源"], src);
        assert_eq!(r["需求单位名称"], "杭州市西湖区民政局", "{src}");
        let reviewed = r["问题代码"].contains("dept-review");
        if reviewed {
            // A suggestion for a person, never a wrong answer.
            assert!(REVIEWED.contains(&src), "{r:?}");
        } else {
            assert_eq!(r["材料来源"], want, "{src}: {r:?}");
            right += 1;
        }
        assert!(!r["问题代码"].contains("dept-unmatched"), "{r:?}");
        assert!(!r["问题代码"].contains("dept-out-of-region"), "{r:?}");
    }
    assert_eq!(right, SOURCES.len() - REVIEWED.len());
    let last = &rows[SOURCES.len()];
    assert!(last["问题代码"].contains("responsible-unknown"), "{last:?}");
    assert!(
        !all_text(&out).contains("上海"),
        "a Shanghai body in a Hangzhou output"
    );

    // The review loop works on the draft: accept the suggestion, learn, clean again.
    let reviewed = dir.path().join("reviewed.xlsx");
    accept_departments(&out.join("标准化需求清单.xlsx"), &reviewed);
    let o = qingdan([
        "learn".as_ref(),
        reviewed.as_os_str(),
        "--dict".as_ref(),
        d.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let again = dir.path().join("again");
    let o = clean(&list, &again, &dict_arg);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for (r, (src, want)) in list_rows(&again).iter().zip(SOURCES) {
        assert_eq!(r["材料来源"], want, "{src}");
        assert!(!r["问题代码"].contains("dept-review"), "{r:?}");
    }
    let o = qingdan([
        "dict".as_ref(),
        "check".as_ref(),
        "--dict".as_ref(),
        d.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

/// A reviewed copy of 待复核: every department suggestion accepted.
fn accept_departments(list: &Path, reviewed: &Path) {
    let rows = read_sheet(list, "待复核");
    let header = &rows[0];
    let col = |n: &str| header.iter().position(|h| h == n).unwrap() as u16;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("待复核").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, v).unwrap();
        }
        if r > 0 && row[col("字段") as usize] == "材料来源" {
            ws.write_string(r as u32, col("决定"), "接受").unwrap();
        }
    }
    wb.save(reviewed).unwrap();
}

#[test]
fn a_draft_passes_dict_check_and_dict_show_finds_its_entries() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("d");
    let o = init("舟山市", &d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let said = stdout(&o);
    let marked: usize = said
        .lines()
        .find_map(|l| l.split(" entries are marked").next()?.trim().parse().ok())
        .expect("the count of entries to confirm");
    let o = qingdan([
        "dict".as_ref(),
        "check".as_ref(),
        "--dict".as_ref(),
        d.as_os_str(),
        "--uncertain".as_ref(),
    ]);
    let text = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{text}");
    assert!(text.contains(" 0 problem(s)"), "{text}");
    let listed = text
        .lines()
        .filter(|l| l.starts_with("departments.csv: line") && l.contains(": uncertain:"))
        .count();
    assert_eq!(listed, marked, "{text}");
    let o = qingdan([
        "dict".as_ref(),
        "show".as_ref(),
        "普陀区市场监管局".as_ref(),
        "--dict".as_ref(),
        d.as_os_str(),
    ]);
    let text = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{text}");
    assert!(
        text.contains("department 舟山市普陀区市场监督管理局"),
        "{text}"
    );
    assert!(text.contains("region:       普陀区"), "{text}");
    // An existing departments.csv is kept unless --force.
    let o = init("舟山市", &d);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
}

#[test]
fn an_unknown_or_ambiguous_region_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("d");
    let o = init("西湖区", &d);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("region `西湖区` is ambiguous"), "{err}");
    assert!(err.contains("西湖区 330106 (in 浙江省杭州市)"), "{err}");
    assert!(err.contains("西湖区 360103 (in 江西省南昌市)"), "{err}");
    let o = init("鼓楼区", &d);
    assert_eq!(o.status.code(), Some(2));
    for code in ["320106", "320302", "350102", "410204"] {
        assert!(stderr(&o).contains(code), "{code}: {}", stderr(&o));
    }
    let o = init("杭州", &d);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("unknown region `杭州`"), "{err}");
    assert!(err.contains("杭州市 330100"), "{err}");
    let o = init("123456", &d);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown region `123456`"),
        "{}",
        stderr(&o)
    );
    assert!(!d.exists(), "nothing is written on an error");
    // The name with its city, or the code, is one region.
    assert_eq!(init("杭州市西湖区", &d).status.code(), Some(0));
    assert_eq!(
        init("330106", &d).status.code(),
        Some(2),
        "departments.csv exists"
    );
}

#[test]
fn a_county_level_citys_list_says_shi_of_itself() {
    // 太仓市's bureaus write 市医疗保障局 for their own city's bureau; the submitting unit (太仓市
    // 民政局) says whose list it is, and 苏州市's bodies are written with 苏州.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("d");
    let o = init("苏州市", &d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let list = dir.path().join("太仓清单.csv");
    std::fs::write(
        &list,
        "需求单位名称,事项名称,材料名称,材料来源,使用方式\n\
         太仓市民政局,最低生活保障审批,户口簿,市公安局,数据核验\n\
         太仓市民政局,临时救助,户口簿,苏州市公安局,数据核验\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = clean(&list, &out, &["--dict".as_ref(), d.as_os_str()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = list_rows(&out);
    let sources: Vec<&str> = rows.iter().map(|r| r["材料来源"].as_str()).collect();
    assert_eq!(sources, ["太仓市公安局", "苏州市公安局"]);
}
