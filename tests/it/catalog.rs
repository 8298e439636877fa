//! `qingdan catalog`: drafting, stable identifiers, the check rules and reconciliation (对账).

use std::path::{Path, PathBuf};

use rust_xlsxwriter::Workbook;

use crate::common::*;
use crate::rules::{fixture, fixture_row};

/// A dictionary folder whose departments.csv gives 市公安局 and 市民政局 prefix codes.
fn dict_with_codes(dir: &Path) -> PathBuf {
    let d = dir.join("dict");
    std::fs::create_dir(&d).unwrap();
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("dictionaries/departments.csv"),
    )
    .unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    let code = headers.iter().position(|h| h == "code").unwrap();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&headers).unwrap();
    for rec in rdr.records() {
        let mut r: Vec<String> = rec.unwrap().iter().map(str::to_string).collect();
        match r[0].as_str() {
            "上海市公安局" => r[code] = "AA7000".into(),
            "上海市民政局" => r[code] = "BB1000".into(),
            _ => {}
        }
        w.write_record(&r).unwrap();
    }
    std::fs::write(d.join("departments.csv"), w.into_inner().unwrap()).unwrap();
    d
}

fn requirements(dir: &Path, name: &str, with_hukou: bool) -> PathBuf {
    let mut rows = vec![
        fixture_row(
            "婚姻登记",
            &[
                ("材料名称", "结婚证"),
                ("材料来源", "市民政局"),
                ("责任单位名称", ""),
                ("使用方式", "电子证照核验"),
                ("数据字段", "持证人、登记日期"),
            ],
        ),
        fixture_row(
            "居住登记",
            &[("材料名称", "居民身份证"), ("数据字段", "姓名、身份证号")],
        ),
    ];
    if with_hukou {
        rows.push(fixture_row(
            "低保审批",
            &[
                ("材料名称", "户口本"),
                ("数据字段", "姓名、公民身份号码、户籍地址"),
            ],
        ));
    }
    fixture(dir, name, &rows)
}

fn draft(input: &Path, dict: &Path, out: &Path, previous: Option<&Path>) {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "catalog".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--dict".as_ref(),
        dict.as_os_str(),
    ];
    if let Some(p) = previous {
        args.push("--previous".as_ref());
        args.push(p.as_os_str());
    }
    let o = qingdan(args);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

/// (name, identifier) pairs.
type Ids = Vec<(String, String)>;

fn ids(catalog: &Path) -> (Ids, Ids) {
    let res = records(&read_sheet(catalog, "资源目录"))
        .into_iter()
        .map(|r| (r["资源名称"].clone(), r["资源标识号"].clone()))
        .collect();
    let items = records(&read_sheet(catalog, "信息项"))
        .into_iter()
        .map(|r| {
            (
                format!("{}/{}", r["资源名称"], r["信息项名称"]),
                r["信息项标识"].clone(),
            )
        })
        .collect();
    (res, items)
}

#[test]
fn drafts_from_the_examples_with_all_columns_and_no_invented_codes() {
    let out = tempfile::tempdir().unwrap();
    let o = qingdan([
        "catalog".as_ref(),
        examples_dir().as_os_str(),
        "-o".as_ref(),
        out.path().as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("catalog-no-code"), "{}", stdout(&o));
    let sheets = read_sheets(&out.path().join("资源目录.xlsx"));
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["资源目录", "信息项", "汇总"]);
    let res = records(&sheets[0].1);
    assert!(res.len() > 10);
    assert_eq!(
        sheets[0].1[0][..16],
        qingdan::catalog::RESOURCE_COLUMNS[..16]
    );
    for r in &res {
        assert_eq!(
            r["资源标识号"], "",
            "an identifier was invented without a code"
        );
        assert_eq!(r["共享类型"], "有条件共享");
        assert!(!r["共享条件"].is_empty());
        assert_eq!(r["开放类型"], "不公开");
        assert_eq!(r["安全级别"], "3");
        assert!(["库表", "电子证照"].contains(&r["资源类型"].as_str()));
        assert!(r["资源名称"].ends_with("信息"));
    }
    assert!(
        res.iter()
            .any(|r| r["资源名称"] == "居民身份证信息" && r["提供单位"] == "上海市公安局")
    );
}

#[test]
fn identifiers_are_stable_across_runs_and_never_reused() {
    let work = tempfile::tempdir().unwrap();
    let dict = dict_with_codes(work.path());
    let list1 = requirements(work.path(), "list1.xlsx", true);
    let first = work.path().join("first");
    draft(&list1, &dict, &first, None);
    let (res, items) = ids(&first.join("资源目录.xlsx"));
    assert_eq!(
        res,
        [
            ("居民户口簿信息".to_string(), "AA7000/000001".to_string()),
            ("居民身份证信息".into(), "AA7000/000002".into()),
            ("结婚证信息".into(), "BB1000/000001".into())
        ]
    );
    assert!(
        items.contains(&(
            "居民身份证信息/公民身份号码".to_string(),
            "AA7000/0000020002".to_string()
        )),
        "{items:?}"
    );
    // 身份证号 and 公民身份号码 are one item.
    assert_eq!(
        items
            .iter()
            .filter(|(k, _)| k.starts_with("居民户口簿信息/"))
            .count(),
        3
    );

    // The list changes: 户口本 goes, a new field comes. Old IDs stay; nothing is renumbered.
    let list2 = work.path().join("v2");
    std::fs::create_dir(&list2).unwrap();
    let rows = vec![
        fixture_row(
            "婚姻登记",
            &[
                ("材料名称", "结婚证"),
                ("材料来源", "市民政局"),
                ("责任单位名称", ""),
                ("使用方式", "电子证照核验"),
                ("数据字段", "持证人、登记日期、配偶姓名"),
            ],
        ),
        fixture_row(
            "居住登记",
            &[("材料名称", "居民身份证"), ("数据字段", "姓名、身份证号")],
        ),
        fixture_row("户籍迁移", &[("材料名称", "居住证"), ("数据字段", "姓名")]),
    ];
    let list2 = fixture(&list2, "list2.xlsx", &rows);
    let second = work.path().join("second");
    draft(&list2, &dict, &second, Some(&first.join("资源目录.xlsx")));
    let (res2, items2) = ids(&second.join("资源目录.xlsx"));
    assert!(
        res2.contains(&("居民身份证信息".to_string(), "AA7000/000002".to_string())),
        "{res2:?}"
    );
    assert!(res2.contains(&("结婚证信息".to_string(), "BB1000/000001".to_string())));
    // 居住证 is new: after the highest, not the freed 000001.
    assert!(
        res2.contains(&("居住证信息".to_string(), "AA7000/000003".to_string())),
        "{res2:?}"
    );
    for (k, id) in &items {
        if let Some((_, id2)) = items2.iter().find(|(k2, _)| k2 == k) {
            assert_eq!(id, id2, "{k} changed its identifier");
        }
    }
    let new_item = items2
        .iter()
        .find(|(k, _)| k == "结婚证信息/配偶姓名")
        .unwrap();
    assert_eq!(new_item.1, "BB1000/0000010003");
}

fn as_refs(rows: &[Vec<(String, String)>]) -> Vec<Vec<(&str, &str)>> {
    rows.iter()
        .map(|r| r.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect())
        .collect()
}

/// Writes a catalog workbook from rows of (header -> value).
fn catalog_book(path: &Path, resources: &[Vec<(&str, &str)>], items: &[Vec<(&str, &str)>]) {
    let mut wb = Workbook::new();
    for (name, cols, rows) in [
        (
            "资源目录",
            &qingdan::catalog::RESOURCE_COLUMNS[..],
            resources,
        ),
        ("信息项", &qingdan::catalog::ITEM_COLUMNS[..], items),
    ] {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (c, h) in cols.iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for (r, row) in rows.iter().enumerate() {
            for (k, v) in row {
                let c = cols.iter().position(|h| h == k).unwrap();
                ws.write_string(r as u32 + 1, c as u16, *v).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

fn good_resource(id: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("资源标识号", id),
        ("资源名称", "居民身份证信息"),
        ("资源类型", "库表"),
        ("提供单位", "上海市公安局"),
        ("更新周期", "每天"),
        ("共享类型", "有条件共享"),
        ("共享条件", "仅限办理居住登记时核验"),
        ("开放类型", "不公开"),
        ("开放条件", "含个人信息"),
        ("安全级别", "3"),
        ("部门目录", "市级"),
        ("基础目录", "自然人/身份"),
    ]
}

fn with(
    mut base: Vec<(&'static str, &'static str)>,
    k: &'static str,
    v: &'static str,
) -> Vec<(&'static str, &'static str)> {
    base.retain(|(x, _)| *x != k);
    base.push((k, v));
    base
}

#[test]
fn each_catalog_rule_has_a_bad_case_and_a_clean_catalog_passes() {
    let work = tempfile::tempdir().unwrap();
    let clean = work.path().join("clean.xlsx");
    catalog_book(
        &clean,
        &[good_resource("AA7000/000001")],
        &[vec![
            ("信息项标识", "AA7000/0000010001"),
            ("信息项名称", "姓名"),
            ("信息项类型", "字符型"),
            ("资源标识号", "AA7000/000001"),
        ]],
    );
    let o = qingdan(["catalog".as_ref(), "check".as_ref(), clean.as_os_str()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    type Row = Vec<(&'static str, &'static str)>;
    let cases: Vec<(&str, &str, Row)> = vec![
        ("catalog-id-format", "A2", good_resource("AA7000-1")),
        (
            "catalog-share-condition",
            "H2",
            with(good_resource("AA7000/000001"), "共享条件", ""),
        ),
        (
            "catalog-no-share-reason",
            "H2",
            with(
                with(good_resource("AA7000/000001"), "共享类型", "不共享"),
                "共享条件",
                "不方便",
            ),
        ),
        (
            "catalog-open-condition",
            "J2",
            with(
                with(good_resource("AA7000/000001"), "开放类型", "有条件公开"),
                "开放条件",
                "",
            ),
        ),
        (
            "catalog-no-open-reason",
            "J2",
            with(good_resource("AA7000/000001"), "开放条件", ""),
        ),
        (
            "catalog-security-level",
            "K2",
            with(good_resource("AA7000/000001"), "安全级别", "5"),
        ),
        (
            "catalog-unknown-value",
            "F2",
            with(good_resource("AA7000/000001"), "更新周期", "不定期"),
        ),
        (
            "catalog-unknown-value",
            "M2",
            with(good_resource("AA7000/000001"), "基础目录", "个人"),
        ),
    ];
    for (i, (code, cell, row)) in cases.iter().enumerate() {
        let p = work.path().join(format!("bad{i}.xlsx"));
        catalog_book(&p, std::slice::from_ref(row), &[]);
        let o = qingdan([
            "catalog".as_ref(),
            "check".as_ref(),
            p.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
        ]);
        assert_eq!(o.status.code(), Some(1), "{code}: {}", stdout(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let hit = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == *code && f["cell"] == *cell && f["sheet"] == "资源目录");
        assert!(hit, "{code} not at {cell}: {}", stdout(&o));
    }
    // Identifiers: duplicates, an item under no resource, an item without its resource's prefix.
    let p = work.path().join("ids.xlsx");
    catalog_book(
        &p,
        &[
            good_resource("AA7000/000001"),
            good_resource("AA7000/000001"),
        ],
        &[
            vec![
                ("信息项标识", "AA7000/0000090001"),
                ("信息项名称", "姓名"),
                ("资源标识号", "AA7000/000009"),
            ],
            vec![
                ("信息项标识", "BB1000/0000010001"),
                ("信息项名称", "性别"),
                ("资源标识号", "AA7000/000001"),
            ],
            vec![
                ("信息项标识", "AA7000/00000100"),
                ("信息项名称", "民族"),
                ("资源标识号", "AA7000/000001"),
            ],
        ],
    );
    let o = qingdan([
        "catalog".as_ref(),
        "check".as_ref(),
        p.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let got: Vec<(String, String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().into(),
                f["sheet"].as_str().unwrap().into(),
                f["cell"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    for want in [
        ("catalog-id-duplicate", "资源目录", "A3"),
        ("catalog-item-orphan", "信息项", "D2"),
        ("catalog-item-orphan", "信息项", "A3"),
        ("catalog-id-format", "信息项", "A4"),
    ] {
        assert!(
            got.contains(&(want.0.into(), want.1.into(), want.2.into())),
            "{want:?} not in {got:?}"
        );
    }
}

#[test]
fn reconciliation_finds_a_missing_resource_and_a_missing_item() {
    let work = tempfile::tempdir().unwrap();
    let dict = dict_with_codes(work.path());
    let list = requirements(work.path(), "list.xlsx", false);
    let out = work.path().join("out");
    draft(&list, &dict, &out, None);
    let catalog = out.join("资源目录.xlsx");
    let check = |cat: &Path| {
        let o = qingdan([
            "catalog".as_ref(),
            "check".as_ref(),
            cat.as_os_str(),
            "--requirements".as_ref(),
            list.as_os_str(),
            "--dict".as_ref(),
            dict.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
        ]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&o), stderr(&o)));
        (o.status.code(), v)
    };
    let (code, v) = check(&catalog);
    assert_eq!(code, Some(0), "the drafted catalog covers its list: {v}");
    // Drop the 结婚证 resource and one item of 居民身份证.
    let res: Vec<Vec<(String, String)>> = records(&read_sheet(&catalog, "资源目录"))
        .into_iter()
        .filter(|r| r["资源名称"] != "结婚证信息")
        .map(|r| r.into_iter().collect())
        .collect();
    let items: Vec<Vec<(String, String)>> = records(&read_sheet(&catalog, "信息项"))
        .into_iter()
        .filter(|r| r["资源名称"] != "结婚证信息" && r["信息项名称"] != "姓名")
        .map(|r| r.into_iter().collect())
        .collect();
    let gapped = work.path().join("gapped.xlsx");
    catalog_book(&gapped, &as_refs(&res), &as_refs(&items));
    let (code, v) = check(&gapped);
    assert_eq!(code, Some(1));
    let f = v["findings"].as_array().unwrap();
    assert!(
        f.iter().any(|x| x["code"] == "catalog-resource-missing"
            && x["text"] == "结婚证"
            && x["file"] == "list.xlsx"
            && x["row"] == 2),
        "{v}"
    );
    assert!(
        f.iter()
            .any(|x| x["code"] == "catalog-item-missing" && x["text"] == "姓名" && x["row"] == 3),
        "{v}"
    );
}

#[test]
fn keep_going_drafts_the_catalog_of_the_readable_inputs() {
    let dir = tempfile::tempdir().unwrap();
    requirements(dir.path(), "good.xlsx", true);
    // A file with no header row among its first 40 rows is not a requirement list.
    write_xlsx(
        &dir.path().join("notes.xlsx"),
        &[("说明", vec![vec!["填表说明"], vec!["请按模板填写"]])],
        |_, _| {},
    );
    let out = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "catalog".as_ref(),
            dir.path().as_os_str(),
            "-o".as_ref(),
            out.path().as_os_str(),
        ];
        args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
        qingdan(args)
    };
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("notes.xlsx"), "{}", stderr(&o));
    assert!(!out.path().join("资源目录.xlsx").exists());
    let o = run(&["--keep-going"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("notes.xlsx"), "{}", stderr(&o));
    let res = records(&read_sheet(&out.path().join("资源目录.xlsx"), "资源目录"));
    assert!(
        res.iter().any(|r| r["资源名称"] == "居民户口簿信息"),
        "{res:?}"
    );
}
