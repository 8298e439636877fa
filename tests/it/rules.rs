//! Each rule: a crafted row that triggers it and one that must not, read back from 问题代码.

use std::collections::HashMap;

use crate::common::*;

/// Columns of the rule fixtures.
pub const COLS: [&str; 9] = [
    "需求单位名称",
    "行政依据",
    "事项名称",
    "情形名称",
    "材料名称",
    "数据字段",
    "材料来源",
    "责任单位名称",
    "使用方式",
];

/// A clean row; `over` replaces fields by header.
pub fn fixture_row(item: &str, over: &[(&str, &str)]) -> Vec<String> {
    let mut m: HashMap<&str, String> = HashMap::from([
        ("需求单位名称", "上海市民政局".to_string()),
        ("行政依据", "《婚姻登记条例》第五条".to_string()),
        ("事项名称", item.to_string()),
        ("情形名称", String::new()),
        ("材料名称", "居民户口簿".to_string()),
        ("数据字段", "姓名、公民身份号码".to_string()),
        ("材料来源", "上海市公安局".to_string()),
        ("责任单位名称", "上海市公安局".to_string()),
        ("使用方式", "数据核验".to_string()),
    ]);
    for (k, v) in over {
        m.insert(*k, v.to_string());
    }
    COLS.iter().map(|c| m[c].clone()).collect()
}

/// Writes rows under the fixture header into `dir/name` and returns the path.
pub fn fixture(dir: &std::path::Path, name: &str, rows: &[Vec<String>]) -> std::path::PathBuf {
    let p = dir.join(name);
    let mut all: Vec<Vec<&str>> = vec![COLS.to_vec()];
    all.extend(rows.iter().map(|r| r.iter().map(String::as_str).collect()));
    write_xlsx(&p, &[("清单", all)], |_, _| {});
    p
}

/// Runs clean on one file and returns each row's codes.
fn codes_of(path: &std::path::Path) -> Vec<Vec<String>> {
    let out = tempfile::tempdir().unwrap();
    let o = clean(path, out.path(), &["-q".as_ref()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    records(&read_sheet(
        &out.path().join("标准化需求清单.xlsx"),
        "标准化需求清单",
    ))
    .iter()
    .map(|r| {
        r["问题代码"]
            .split(';')
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect()
    })
    .collect()
}

/// Field overrides of a fixture row.
pub type Overrides = Vec<(&'static str, &'static str)>;

/// (code, overrides that trigger it, overrides that must not).
pub fn single_row_cases() -> Vec<(&'static str, Overrides, Overrides)> {
    vec![
        ("required-missing", vec![("需求单位名称", "")], vec![]),
        (
            "dept-unmatched",
            vec![
                ("材料来源", "某某科技有限公司"),
                ("责任单位名称", "上海市公安局"),
            ],
            vec![("材料来源", "市公安局")],
        ),
        (
            "dept-review",
            vec![("材料来源", "教育部门")],
            vec![("材料来源", "市教委")],
        ),
        (
            "dept-multiple",
            vec![("材料来源", "市公安局、市民政局")],
            vec![("材料来源", "市公安局")],
        ),
        (
            "dept-out-of-region",
            vec![("材料来源", "杭州市市场监督管理局")],
            vec![("材料来源", "市场监管局")],
        ),
        (
            "material-unmatched",
            vec![("材料名称", "园区企业入驻意向书")],
            vec![("材料名称", "营业执照")],
        ),
        (
            "material-review",
            vec![("材料名称", "营业执证")],
            vec![("材料名称", "营业执照复印件")],
        ),
        (
            "material-multiple",
            vec![("材料名称", "身份证或户口本")],
            vec![("材料名称", "房产证")],
        ),
        (
            "material-vague",
            vec![("材料名称", "相关证明材料")],
            vec![("材料名称", "结婚证")],
        ),
        (
            "method-missing",
            vec![("使用方式", "")],
            vec![("使用方式", "数据核验")],
        ),
        (
            "method-unclear",
            vec![("使用方式", "可减")],
            vec![("使用方式", "通过电子证照库调取")],
        ),
        (
            "method-conflict",
            vec![("使用方式", "数据核验或电子证照")],
            vec![("使用方式", "不可减")],
        ),
        (
            "method-mismatch",
            vec![
                ("材料名称", "社会保险缴费记录"),
                ("使用方式", "电子证照核验"),
            ],
            vec![("材料名称", "结婚证"), ("使用方式", "电子证照核验")],
        ),
        (
            "method-mismatch",
            vec![("数据字段", "")],
            vec![("数据字段", "姓名")],
        ),
        (
            "method-no-basis",
            vec![("行政依据", ""), ("使用方式", "告知承诺")],
            vec![("使用方式", "告知承诺")],
        ),
        ("responsible-inferred", vec![("责任单位名称", "")], vec![]),
        (
            "responsible-unknown",
            vec![
                ("责任单位名称", ""),
                ("材料来源", ""),
                ("材料名称", "园区企业入驻意向书"),
            ],
            vec![("责任单位名称", ""), ("材料来源", "")],
        ),
    ]
}

#[test]
fn each_rule_triggers_on_its_row_and_not_on_the_clean_one() {
    let dir = tempfile::tempdir().unwrap();
    let cases = single_row_cases();
    let mut rows = Vec::new();
    for (i, (_, bad, good)) in cases.iter().enumerate() {
        rows.push(fixture_row(&format!("事项{i}甲"), bad));
        rows.push(fixture_row(&format!("事项{i}乙"), good));
    }
    let codes = codes_of(&fixture(dir.path(), "rules.xlsx", &rows));
    for (i, (code, _, _)) in cases.iter().enumerate() {
        assert!(
            codes[2 * i].iter().any(|c| c == code),
            "{code}: bad row has {:?}",
            codes[2 * i]
        );
        assert!(
            !codes[2 * i + 1].iter().any(|c| c == code),
            "{code}: clean row has {:?}",
            codes[2 * i + 1]
        );
    }
}

#[test]
fn duplicate_rows_across_files_are_flagged_once_each_repeat() {
    let dir = tempfile::tempdir().unwrap();
    let r = fixture_row("婚姻登记", &[]);
    fixture(
        dir.path(),
        "a.xlsx",
        &[r.clone(), fixture_row("婚姻登记", &[("情形名称", "再婚")])],
    );
    fixture(dir.path(), "b.xlsx", &[r]);
    let out = tempfile::tempdir().unwrap();
    let o = clean(dir.path(), out.path(), &["-q".as_ref()]);
    assert_eq!(o.status.code(), Some(0));
    let list = records(&read_sheet(
        &out.path().join("标准化需求清单.xlsx"),
        "标准化需求清单",
    ));
    let dup: Vec<(String, String)> = list
        .iter()
        .filter(|r| r["问题代码"].contains("duplicate-row"))
        .map(|r| (r["来源文件"].clone(), r["来源行"].clone()))
        .collect();
    assert_eq!(dup, [("b.xlsx".to_string(), "2".to_string())]);
}

#[test]
fn kept_by_one_row_and_reduced_by_another_is_inconsistent() {
    let dir = tempfile::tempdir().unwrap();
    let rows = vec![
        fixture_row(
            "婚姻登记",
            &[("需求单位名称", "上海市民政局"), ("使用方式", "不减")],
        ),
        fixture_row(
            "婚姻登记",
            &[("需求单位名称", "上海市公安局"), ("使用方式", "数据核验")],
        ),
        fixture_row("低保审批", &[("使用方式", "数据核验")]),
        fixture_row(
            "低保审批",
            &[
                ("需求单位名称", "上海市公安局"),
                ("使用方式", "电子证照核验"),
                ("材料名称", "居民身份证"),
            ],
        ),
    ];
    let codes = codes_of(&fixture(dir.path(), "inc.xlsx", &rows));
    assert!(codes[0].contains(&"method-inconsistent".to_string()));
    assert!(codes[1].contains(&"method-inconsistent".to_string()));
    assert!(!codes[2].contains(&"method-inconsistent".to_string()));
    assert!(!codes[3].contains(&"method-inconsistent".to_string()));
}
