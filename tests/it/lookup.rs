//! `qingdan match` and `qingdan rules` as scripts use them.

use crate::common::*;

#[test]
fn match_tsv_one_row_per_input_line_in_order() {
    let o = qingdan_stdin(
        &["match", "--kind", "dept"],
        "市药监局\n\n浦东新区市场监管局\n市公安局、市民政局\n",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "input\tmatch\tscore\tdecision\thow\trunner_up");
    assert_eq!(lines.len(), 5);
    assert!(
        lines[1].starts_with("市药监局\t上海市药品监督管理局\t1.00\tauto\talias"),
        "{}",
        lines[1]
    );
    assert!(lines[2].starts_with("\t\t0.00\tnone"), "{}", lines[2]);
    assert!(
        lines[3].starts_with("浦东新区市场监管局\t上海市浦东新区市场监督管理局\t"),
        "{}",
        lines[3]
    );
    assert!(
        lines[4].starts_with("市公安局、市民政局\t上海市公安局|上海市民政局\t1.00\tauto\tsplit"),
        "{}",
        lines[4]
    );
}

#[test]
fn match_json_and_method_kind() {
    let o = qingdan([
        "match",
        "--kind",
        "method",
        "--format",
        "json",
        "数据核验",
        "不可减",
        "数据核验或电子证照",
        "待定",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let a = v.as_array().unwrap();
    assert_eq!(a.len(), 4);
    assert_eq!(a[0]["match"][0], "数据核验");
    assert_eq!(a[0]["decision"], "auto");
    assert_eq!(a[1]["match"][0], "不减");
    assert_eq!(a[2]["decision"], "review");
    assert_eq!(a[3]["decision"], "none");
}

#[test]
fn rules_lists_every_code() {
    let o = qingdan(["rules"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for code in [
        "required-missing",
        "dept-unmatched",
        "dept-review",
        "dept-multiple",
        "material-unmatched",
        "material-review",
        "material-multiple",
        "material-vague",
        "method-missing",
        "method-unclear",
        "method-conflict",
        "method-mismatch",
        "duplicate-row",
    ] {
        assert!(out.contains(code), "{code} missing");
    }
}
