//! The review loop: clean, decide in 待复核, learn, clean again; and the dictionary checks.

use std::collections::HashMap;

use rust_xlsxwriter::Workbook;

use crate::common::*;

fn clean_to(input: &std::path::Path, out: &std::path::Path, dict: Option<&std::path::Path>) {
    let mut extra: Vec<&std::ffi::OsStr> = vec!["-q".as_ref()];
    if let Some(d) = dict {
        extra.push("--dict".as_ref());
        extra.push(d.as_os_str());
    }
    let o = clean(input, out, &extra);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// Writes a reviewed copy of 待复核 with `decide` filling 决定 and 标准名称 per row.
fn review(
    list: &std::path::Path,
    reviewed: &std::path::Path,
    decide: impl Fn(&HashMap<String, String>) -> Option<(&'static str, String)>,
) -> usize {
    let rows = read_sheet(list, "待复核");
    let recs = records(&rows);
    let header = &rows[0];
    let ci = |n: &str| header.iter().position(|h| h == n).unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("待复核").unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    let mut decided = 0;
    for (r, rec) in recs.iter().enumerate() {
        for (c, h) in header.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, &rec[h]).unwrap();
        }
        if let Some((d, std)) = decide(rec) {
            ws.write_string(r as u32 + 1, ci("决定") as u16, d).unwrap();
            ws.write_string(r as u32 + 1, ci("标准名称") as u16, &std)
                .unwrap();
            decided += 1;
        }
    }
    wb.save(reviewed).unwrap();
    decided
}

#[test]
fn decisions_flow_back_and_the_next_run_is_cleaner() {
    let work = tempfile::tempdir().unwrap();
    let dict = work.path().join("dict");
    std::fs::create_dir(&dict).unwrap();
    let first = work.path().join("first");
    clean_to(&examples_dir(), &first, None);
    let list = first.join("标准化需求清单.xlsx");
    let reviewed = work.path().join("reviewed.xlsx");
    // Accept every department and material suggestion; say 部队 is nothing we know;
    // map 特检院 to a real department by hand.
    let decided = review(&list, &reviewed, |r| {
        let field = r["字段"].as_str();
        if field == "使用方式" {
            return None;
        }
        match r["原始文本"].as_str() {
            "部队" => Some(("不匹配", String::new())),
            "特检院" => Some(("改为", "上海市市场监督管理局".to_string())),
            // A suggestion drawn from the submitting unit's district holds only on that list;
            // learning it as an alias everywhere is what learn refuses.
            _ if r["说明"].contains("submitting unit") => None,
            _ if !r["建议"].is_empty() && !r["建议"].contains('|') => {
                Some(("接受", String::new()))
            }
            _ => None,
        }
    });
    assert!(decided >= 5, "only {decided} decisions");
    let o = qingdan([
        "learn".as_ref(),
        reviewed.as_os_str(),
        "--dict".as_ref(),
        dict.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("added departments.csv: alias 特检院 -> 上海市市场监督管理局"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("never_match.csv: dept `部队`"),
        "{}",
        stdout(&o)
    );
    let o = qingdan(
        ["dict", "check", "--dict"]
            .iter()
            .map(std::ffi::OsStr::new)
            .chain([dict.as_os_str()]),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    let second = work.path().join("second");
    clean_to(&examples_dir(), &second, Some(&dict));
    let before = records(&read_sheet(&list, "标准化需求清单"));
    let after = records(&read_sheet(
        &second.join("标准化需求清单.xlsx"),
        "标准化需求清单",
    ));
    assert_eq!(before.len(), after.len());
    let accepted: HashMap<String, String> = records(&read_sheet(&list, "待复核"))
        .into_iter()
        .filter(|r| {
            r["字段"] != "使用方式"
                && !r["建议"].is_empty()
                && !r["建议"].contains('|')
                && !r["说明"].contains("submitting unit")
        })
        .map(|r| (r["原始文本"].clone(), r["建议"].clone()))
        .collect();
    let mut changed_cells = 0;
    for (b, a) in before.iter().zip(&after) {
        for (std_col, raw_col) in [
            ("需求单位名称", "原始需求单位名称"),
            ("材料名称", "原始材料名称"),
            ("材料来源", "原始材料来源"),
            ("责任单位名称", "原始责任单位名称"),
        ] {
            let raw = &b[raw_col];
            if b[std_col] == a[std_col] {
                continue;
            }
            changed_cells += 1;
            // Only decided texts change, and they change to the decision.
            match raw.as_str() {
                "特检院" => assert_eq!(a[std_col], "上海市市场监督管理局"),
                _ if std_col == "责任单位名称" && b["原始责任单位名称"].is_empty() => {
                }
                // A cell naming a decided text among others (房产证或租赁合同 once 租赁合同
                // is decided) changes with it.
                _ if accepted.iter().any(|(k, v)| {
                    raw != k && raw.contains(k.as_str()) && a[std_col].contains(v.as_str())
                }) => {}
                _ => assert_eq!(
                    Some(&a[std_col]),
                    accepted.get(raw),
                    "{std_col} `{raw}` changed unexpectedly: {} -> {}",
                    b[std_col],
                    a[std_col]
                ),
            }
        }
        // A new alias may bring an unmatched neighbour within review distance (a suggestion,
        // never an accept); nothing else may start to need review.
        for (code, was) in [
            ("dept-review", "dept-unmatched"),
            ("material-review", "material-unmatched"),
        ] {
            if a["问题代码"].contains(code) {
                assert!(
                    b["问题代码"].contains(code) || b["问题代码"].contains(was),
                    "a new {code} at {}:{}: {}",
                    a["来源文件"],
                    a["来源行"],
                    a["问题说明"]
                );
            }
        }
    }
    assert!(changed_cells > 0);
    let review_after = records(&read_sheet(&second.join("标准化需求清单.xlsx"), "待复核"));
    for r in &review_after {
        assert!(
            !accepted.contains_key(&r["原始文本"]) || r["字段"] == "使用方式",
            "`{}` is still to review",
            r["原始文本"]
        );
        assert_ne!(r["原始文本"], "特检院");
    }
}

#[test]
fn learn_refuses_an_unknown_standard_or_a_clashing_alias_and_writes_nothing() {
    let work = tempfile::tempdir().unwrap();
    let dict = work.path().join("dict");
    std::fs::create_dir(&dict).unwrap();
    let out = work.path().join("out");
    clean_to(&examples_dir(), &out, None);
    let list = out.join("标准化需求清单.xlsx");
    let decide_tejianyuan = |standard: &'static str, path: &std::path::Path| {
        review(&list, path, |r| {
            (r["原始文本"] == "特检院").then(|| ("改为", standard.to_string()))
        });
        qingdan([
            "learn".as_ref(),
            path.as_os_str(),
            "--dict".as_ref(),
            dict.as_os_str(),
        ])
    };
    // A standard that does not exist: refused, nothing written.
    let o = decide_tejianyuan("上海市特种设备检测研究院", &work.path().join("r1.xlsx"));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`上海市特种设备检测研究院` is not a standard name in departments.csv"),
        "{}",
        stderr(&o)
    );
    assert!(
        files_in(&dict).is_empty(),
        "learn wrote {:?}",
        files_in(&dict)
    );
    // A real one is learnt.
    let o = decide_tejianyuan("上海市公安局", &work.path().join("r2.xlsx"));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let before = std::fs::read(dict.join("departments.csv")).unwrap();
    // The same text for another department would point one alias at two: refused.
    let o = decide_tejianyuan("上海市民政局", &work.path().join("r3.xlsx"));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "`特检院` is already a name of 上海市公安局; it cannot also mean 上海市民政局"
        ),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(dict.join("departments.csv")).unwrap(), before);
    // --dry-run shows and writes nothing.
    review(&list, &work.path().join("r4.xlsx"), |r| {
        (r["原始文本"] == "部队").then(|| ("不匹配", String::new()))
    });
    let o = qingdan([
        "learn".as_ref(),
        work.path().join("r4.xlsx").as_os_str(),
        "--dict".as_ref(),
        dict.as_os_str(),
        "--dry-run".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).contains("would add never_match.csv"),
        "{}",
        stdout(&o)
    );
    assert!(!dict.join("never_match.csv").exists());
}

#[test]
fn dict_check_reports_problems_with_file_and_line() {
    let dict = tempfile::tempdir().unwrap();
    std::fs::write(
        dict.path().join("departments.csv"),
        "name,aliases\n上海市公安局,市公安局\n上海市民政局,市公安局\n上海市民政局,\n上海市财政局,上海市民政局\n",
    )
    .unwrap();
    std::fs::write(
        dict.path().join("materials.csv"),
        "name,issuer\n营业执照,上海市工商局\n",
    )
    .unwrap();
    let o = qingdan([
        "dict".as_ref(),
        "check".as_ref(),
        "--dict".as_ref(),
        dict.path().as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    for needle in [
        "departments.csv: line 3: alias `市公安局` of 上海市民政局 is also the alias of 上海市公安局 (line 2)",
        "departments.csv: line 4: duplicate name `上海市民政局` (also line 3)",
        "departments.csv: line 5: alias `上海市民政局` of 上海市财政局 is also the name of 上海市民政局 (line 3)",
        "materials.csv: line 2: issuer `上海市工商局` of 营业执照 is not a department",
    ] {
        assert!(out.contains(needle), "missing `{needle}` in:\n{out}");
    }
    std::fs::write(
        dict.path().join("materials.csv"),
        "name,issuer\n\"营业执照,x\n",
    )
    .unwrap();
    let o = qingdan([
        "dict".as_ref(),
        "check".as_ref(),
        "--dict".as_ref(),
        dict.path().as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("materials.csv"), "{}", stdout(&o));
}

#[test]
fn dict_check_accepts_a_former_name_of_a_body_that_became_two() {
    let dict = tempfile::tempdir().unwrap();
    // 上海市城乡建设和交通委员会 became both in 2014; an alias shared is still a clash.
    std::fs::write(
        dict.path().join("departments.csv"),
        "name,aliases,former_names\n\
         上海市交通委员会,市交通委,上海市城乡建设和交通委员会\n\
         上海市住房和城乡建设管理委员会,市住建委,上海市城乡建设和交通委员会\n\
         上海市水务局,市交通委,\n",
    )
    .unwrap();
    std::fs::write(dict.path().join("materials.csv"), "name\n营业执照\n").unwrap();
    let o = qingdan([
        "dict".as_ref(),
        "check".as_ref(),
        "--dict".as_ref(),
        dict.path().as_os_str(),
    ]);
    let out = stdout(&o);
    assert!(!out.contains("城乡建设和交通委员会"), "{out}");
    assert!(out.contains("市交通委"), "{out}");
    assert_eq!(o.status.code(), Some(1), "{out}");
}

#[test]
fn the_shipped_dictionaries_pass_dict_check() {
    let o = qingdan(["dict", "check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn dict_show_finds_an_entry_by_alias() {
    let o = qingdan(["dict", "show", "户口本"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.starts_with("material 居民户口簿"), "{out}");
    assert!(out.contains("issuer:   上海市公安局"), "{out}");
    assert_eq!(
        qingdan(["dict", "show", "不存在的名字"]).status.code(),
        Some(1)
    );
}

#[test]
fn dict_show_lists_the_nationwide_names_of_a_material() {
    // 大绿本 is in reforms.csv, not materials.csv: the entry still shows it, with its source.
    let out = stdout(&qingdan(["dict", "show", "机动车登记证书"]));
    let common = out.lines().find(|l| l.trim_start().starts_with("common:"));
    assert!(
        common.is_some_and(|l| l.contains("大绿本") && l.ends_with("(reforms.csv)")),
        "{out}"
    );
}

#[test]
fn dict_check_covers_reforms_csv() {
    let dict = tempfile::tempdir().unwrap();
    std::fs::write(
        dict.path().join("materials.csv"),
        "name,aliases\n居民身份证,身份证\n居民户口簿,户口本\n",
    )
    .unwrap();
    std::fs::write(
        dict.path().join("reforms.csv"),
        "kind,level,current,names,relation,note\nmaterial,,居民户口簿,身份证,common,\n",
    )
    .unwrap();
    let args = |d: &std::path::Path| {
        vec![
            "dict".to_string(),
            "check".to_string(),
            "--dict".to_string(),
            d.display().to_string(),
        ]
    };
    let o = qingdan(args(dict.path()));
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains(
            "reforms.csv: line 2: `身份证` is given to 居民户口簿 but is the alias of 居民身份证"
        ),
        "{out}"
    );
    std::fs::write(
        dict.path().join("reforms.csv"),
        "kind,level,current,names,relation\ndept,local,市场监督管理局,工商局,former\ndept,city,民政局,民政,common\n",
    )
    .unwrap();
    let o = qingdan(args(dict.path()));
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("reforms.csv: line 3: `level` is `city`"),
        "{out}"
    );
    // A shared name says what else it names, or a reviewer cannot choose.
    std::fs::write(
        dict.path().join("reforms.csv"),
        "kind,level,current,names,relation,note\nmaterial,,居民户口簿,户籍证明,shared,\n",
    )
    .unwrap();
    let o = qingdan(args(dict.path()));
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("reforms.csv: line 2: a `shared` name needs a `note`"),
        "{out}"
    );
}

#[test]
fn dict_check_uncertain_lists_the_reforms_rows_whose_year_is_not_sure() {
    // 派遣证 -> 报到证 is a fact; its year is not known for sure, and the row says so.
    let out = stdout(&qingdan(["dict", "check", "--uncertain"]));
    assert!(
        out.lines()
            .any(|l| l.starts_with("reforms.csv: line") && l.contains("派遣证")),
        "{out}"
    );
}
