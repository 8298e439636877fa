//! `qingdan check`: exit codes, cell references, every output format, baseline and config.

use crate::common::*;
use crate::rules::{fixture, fixture_row, single_row_cases};

fn check(args: &[&std::ffi::OsStr]) -> std::process::Output {
    let mut all: Vec<&std::ffi::OsStr> = vec!["check".as_ref()];
    all.extend_from_slice(args);
    qingdan(all)
}

fn json_of(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

#[test]
fn a_clean_workbook_passes() {
    let dir = tempfile::tempdir().unwrap();
    let p = fixture(dir.path(), "clean.xlsx", &[fixture_row("婚姻登记", &[])]);
    let o = check(&[p.as_os_str()]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("0 error(s), 0 warning(s), 0 info; passed"),
        "{}",
        stdout(&o)
    );
}

/// Column of the cell each rule points at, in the fixture layout (A = 需求单位名称 … I = 使用方式).
fn column_of(code: &str, case: usize) -> &'static str {
    match code {
        "required-missing" => "A",
        "method-no-basis" => "B",
        c if c.starts_with("material-") => "E",
        "method-mismatch" if case == 1 => "F",
        c if c.starts_with("dept-") => "G",
        c if c.starts_with("responsible-") => "H",
        _ => "I",
    }
}

#[test]
fn each_rules_bad_case_is_reported_with_its_code_and_cell() {
    let dir = tempfile::tempdir().unwrap();
    let mut seen: std::collections::HashMap<&str, usize> = Default::default();
    for (i, (code, bad, _)) in single_row_cases().into_iter().enumerate() {
        let nth = seen.entry(code).or_default();
        let p = fixture(
            dir.path(),
            &format!("case{i}.xlsx"),
            &[fixture_row("婚姻登记", &bad)],
        );
        let o = check(&[
            p.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
            "--fail-on".as_ref(),
            "warning".as_ref(),
        ]);
        let v = json_of(&o);
        let expected_cell = format!("{}2", column_of(code, *nth));
        *nth += 1;
        let found = v["findings"].as_array().unwrap().iter().any(|f| {
            f["code"] == code
                && f["cell"] == expected_cell.as_str()
                && f["file"] == format!("case{i}.xlsx")
                && f["sheet"] == "清单"
        });
        assert!(
            found,
            "{code}: no finding at {expected_cell} in {}",
            stdout(&o)
        );
        let level = qingdan::rules::rule(code).unwrap().level;
        let expect_exit = if level >= qingdan::rules::Level::Warning {
            1
        } else {
            0
        };
        assert_eq!(o.status.code(), Some(expect_exit), "{code}");
    }
}

#[test]
fn human_format_reads_like_a_compiler_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let p = fixture(
        dir.path(),
        "bad.xlsx",
        &[fixture_row("婚姻登记", &[("使用方式", "待定")])],
    );
    let o = check(&[p.as_os_str()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("error[method-unclear]: 使用方式 `待定` is undecided (待定): decide the method\n  --> bad.xlsx:清单!I2\n   | 使用方式: 待定\n"), "{out}");
    assert!(
        out.ends_with("1 error(s), 0 warning(s), 0 info; FAILED\n"),
        "{out}"
    );
}

#[test]
fn json_format_is_one_document_with_findings_and_summary() {
    let o = check(&[
        examples_dir().as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v = json_of(&o);
    assert_eq!(v["version"], 1);
    let s = &v["summary"];
    assert_eq!(s["files"], 6);
    assert_eq!(s["rows"], 215);
    assert_eq!(s["failed"], true);
    assert_eq!(s["fail_on"], "error");
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(
        findings.len() as u64,
        s["errors"].as_u64().unwrap()
            + s["warnings"].as_u64().unwrap()
            + s["infos"].as_u64().unwrap()
    );
    for f in findings {
        for k in ["file", "sheet", "code", "level", "text", "message"] {
            assert!(f.get(k).is_some(), "finding lacks {k}: {f}");
        }
        assert!(qingdan::rules::rule(f["code"].as_str().unwrap()).is_some());
    }
}

#[test]
fn github_format_writes_workflow_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let p = fixture(
        dir.path(),
        "bad.xlsx",
        &[fixture_row(
            "婚姻登记",
            &[("使用方式", "可减"), ("材料名称", "相关证明材料")],
        )],
    );
    let o = check(&[p.as_os_str(), "--format".as_ref(), "github".as_ref()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let annotations: Vec<&str> = out.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(annotations.len(), 2, "{out}");
    for a in &annotations {
        let (head, msg) = a[2..].split_once("::").expect("::cmd props::message");
        let (cmd, props) = head.split_once(' ').unwrap();
        assert!(["error", "warning", "notice"].contains(&cmd), "{a}");
        assert!(
            props.starts_with("file=") && props.contains(",title="),
            "{a}"
        );
        assert!(
            props.split(',').next().unwrap().ends_with("bad.xlsx"),
            "{a}"
        );
        assert!(msg.contains("bad.xlsx:清单!"), "{a}");
    }
    assert!(
        annotations
            .iter()
            .any(|a| a.starts_with("::error file=") && a.contains("title=material-vague::"))
    );
}

#[test]
fn sarif_format_has_the_required_fields() {
    let o = check(&[
        examples_dir().as_os_str(),
        "--format".as_ref(),
        "sarif".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v = json_of(&o);
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "qingdan");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), qingdan::rules::RULES.len());
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        assert!(r["message"]["text"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], r["ruleId"]);
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(
            uri.starts_with(examples_dir().to_string_lossy().trim_start_matches("./"))
                || uri.contains("examples/"),
            "{uri}"
        );
    }
}

#[test]
fn junit_format_has_one_test_case_per_file() {
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path(), "good.xlsx", &[fixture_row("婚姻登记", &[])]);
    fixture(
        dir.path(),
        "bad.xlsx",
        &[fixture_row("婚姻登记", &[("使用方式", "")])],
    );
    let o = check(&[
        dir.path().as_os_str(),
        "--format".as_ref(),
        "junit".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("not XML ({e}): {text}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("tests"), Some("2"));
    assert_eq!(root.attribute("failures"), Some("1"));
    let cases: Vec<_> = root
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 2);
    for c in &cases {
        assert!(c.attribute("name").is_some() && c.attribute("classname").is_some());
    }
    let bad = cases
        .iter()
        .find(|c| c.attribute("name") == Some("bad.xlsx"))
        .unwrap();
    let failure = bad
        .children()
        .find(|n| n.has_tag_name("failure"))
        .expect("failure element");
    assert!(failure.attribute("message").is_some());
    assert!(failure.text().unwrap().contains("method-missing"));
    let good = cases
        .iter()
        .find(|c| c.attribute("name") == Some("good.xlsx"))
        .unwrap();
    assert!(!good.children().any(|n| n.has_tag_name("failure")));
}

#[test]
fn baseline_passes_an_unchanged_file_and_fails_a_new_finding() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("baseline.json");
    let rows = vec![fixture_row("婚姻登记", &[("使用方式", "待定")])];
    let p = fixture(dir.path(), "list.xlsx", &rows);
    let o = check(&[
        p.as_os_str(),
        "--baseline".as_ref(),
        base.as_os_str(),
        "--write-baseline".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(base.exists());
    let o = check(&[p.as_os_str(), "--baseline".as_ref(), base.as_os_str()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("(1 more in the baseline)"),
        "{}",
        stdout(&o)
    );
    // A row inserted above moves the old finding down; only the new row's finding fails.
    let rows = vec![
        fixture_row("低保审批", &[("使用方式", "")]),
        rows[0].clone(),
    ];
    let p = fixture(dir.path(), "list.xlsx", &rows);
    let o = check(&[
        p.as_os_str(),
        "--baseline".as_ref(),
        base.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v = json_of(&o);
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["method-missing"]);
    assert_eq!(v["summary"]["baselined"], 1);
}

#[test]
fn fail_on_warning_and_config_levels() {
    let dir = tempfile::tempdir().unwrap();
    let p = fixture(
        dir.path(),
        "warn.xlsx",
        &[fixture_row(
            "婚姻登记",
            &[("材料来源", "市公安局、市民政局")],
        )],
    );
    assert_eq!(check(&[p.as_os_str()]).status.code(), Some(0));
    assert_eq!(
        check(&[p.as_os_str(), "--fail-on".as_ref(), "warning".as_ref()])
            .status
            .code(),
        Some(1)
    );
    let cfg = dir.path().join("qingdan.toml");
    std::fs::write(&cfg, "[rules]\ndept-multiple = \"error\"\n").unwrap();
    let o = check(&[p.as_os_str(), "--config".as_ref(), cfg.as_os_str()]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    std::fs::write(&cfg, "[rules]\ndept-multiple = \"allow\"\n").unwrap();
    let o = check(&[
        p.as_os_str(),
        "--config".as_ref(),
        cfg.as_os_str(),
        "--fail-on".as_ref(),
        "warning".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    std::fs::write(&cfg, "[rulez]\n").unwrap();
    let o = check(&[p.as_os_str(), "--config".as_ref(), cfg.as_os_str()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("rulez"), "{}", stderr(&o));
}

#[test]
fn an_unreadable_input_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path(), "good.xlsx", &[fixture_row("婚姻登记", &[])]);
    std::fs::write(dir.path().join("broken.xlsx"), b"not a workbook").unwrap();
    let o = check(&[dir.path().as_os_str()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stdout(&o).contains("error[unreadable]: `broken.xlsx`"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn people_read_chinese_by_default_and_english_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let p = fixture(
        dir.path(),
        "bad.xlsx",
        &[fixture_row("婚姻登记", &[("使用方式", "待定")])],
    );
    let o = qingdan_zh(["check".as_ref(), p.as_os_str()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.starts_with("错误[method-unclear]: 使用方式“待定”未定（待定）：请确定使用方式\n  --> bad.xlsx:清单!I2\n"), "{out}");
    assert!(
        out.ends_with("1 个错误，0 个警告，0 个提示；未通过\n"),
        "{out}"
    );
    // qingdan.toml says English; --lang says Chinese and wins.
    let toml = dir.path().join("qingdan.toml");
    std::fs::write(&toml, "lang = \"en\"\n").unwrap();
    let cfg = ["--config".as_ref(), toml.as_os_str()];
    let en = qingdan_zh([&["check".as_ref(), p.as_os_str()][..], &cfg].concat());
    assert!(
        stdout(&en).starts_with("error[method-unclear]: 使用方式 `待定` is undecided"),
        "{}",
        stdout(&en)
    );
    let zh = qingdan_zh(
        [
            &[
                "--lang".as_ref(),
                "zh".as_ref(),
                "check".as_ref(),
                p.as_os_str(),
            ][..],
            &cfg,
        ]
        .concat(),
    );
    assert_eq!(stdout(&zh), out);
    let missing = qingdan_zh(["check", "没有这个文件.xlsx"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).starts_with("错误："),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn github_annotates_an_unreadable_input_on_its_file() {
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path(), "good.xlsx", &[fixture_row("婚姻登记", &[])]);
    std::fs::write(dir.path().join("broken.xlsx"), b"not a workbook").unwrap();
    let o = check(&[
        dir.path().as_os_str(),
        "--format".as_ref(),
        "github".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    let line = out
        .lines()
        .find(|l| l.contains("title=unreadable"))
        .unwrap_or_else(|| panic!("no annotation of the unreadable file: {out}"));
    let props = line
        .strip_prefix("::error ")
        .and_then(|l| l.split_once("::"))
        .map(|(p, _)| p)
        .unwrap_or_else(|| panic!("not an error annotation: {line}"));
    let file = props
        .split(',')
        .find_map(|p| p.strip_prefix("file="))
        .unwrap_or_else(|| panic!("no file= in {line}"));
    assert!(file.ends_with("/broken.xlsx"), "{line}");
    assert!(std::path::Path::new(file).exists(), "{line}");
}

#[test]
fn a_new_rows_finding_on_a_blank_cell_is_reported_on_the_new_row() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("baseline.json");
    // No responsible department: 责任单位名称 and 材料来源 blank, a material with no issuer.
    let unknown = |item| {
        fixture_row(
            item,
            &[
                ("责任单位名称", ""),
                ("材料来源", ""),
                ("材料名称", "园区企业入驻意向书"),
            ],
        )
    };
    let p = fixture(dir.path(), "list.xlsx", &[unknown("婚姻登记")]);
    let o = check(&[
        p.as_os_str(),
        "--baseline".as_ref(),
        base.as_os_str(),
        "--write-baseline".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // A new row inserted above the old one has the same finding on its own blank cell.
    let p = fixture(
        dir.path(),
        "list.xlsx",
        &[unknown("低保审批"), unknown("婚姻登记")],
    );
    let o = check(&[
        p.as_os_str(),
        "--baseline".as_ref(),
        base.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
        "--fail-on".as_ref(),
        "warning".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let v = json_of(&o);
    let rows: Vec<u64> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "responsible-unknown")
        .map(|f| f["row"].as_u64().unwrap())
        .collect();
    assert_eq!(rows, [2], "{}", stdout(&o));
    // A baseline written before requirements were recorded still covers the old finding.
    let old: serde_json::Value = serde_json::from_slice(&std::fs::read(&base).unwrap()).unwrap();
    let mut old = old;
    for e in old["findings"].as_array_mut().unwrap() {
        e.as_object_mut().unwrap().remove("requirement");
    }
    std::fs::write(&base, serde_json::to_vec(&old).unwrap()).unwrap();
    let p = fixture(dir.path(), "list.xlsx", &[unknown("婚姻登记")]);
    let o = check(&[
        p.as_os_str(),
        "--baseline".as_ref(),
        base.as_os_str(),
        "--fail-on".as_ref(),
        "warning".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}
