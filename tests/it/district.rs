//! A district's first real run (issue 19): a 汇总 workbook whose 填报单位 is no dictionary
//! entry, a workbook without a 需求单位 column, sources outside government; then review,
//! learn, clean again, and a check that passes.

use std::collections::HashMap;
use std::path::Path;

use crate::common::*;

/// Districts other than 闵行区: none of their bodies may be suggested for this submission.
const OTHER_DISTRICTS: [&str; 15] = [
    "浦东新区",
    "黄浦区",
    "徐汇区",
    "长宁区",
    "静安区",
    "普陀区",
    "虹口区",
    "杨浦区",
    "宝山区",
    "嘉定区",
    "金山区",
    "松江区",
    "青浦区",
    "奉贤区",
    "崇明区",
];

/// The district's three bureaus' rows, in two workbooks.
fn submission(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let mut summary = vec![
        vec!["2024年数据共享需求汇总表"],
        vec!["填报单位：闵行区政务服务办（汇总）"],
        HEADER.to_vec(),
    ];
    summary.extend([
        vec![
            "区教育局",
            "义务教育入学登记",
            "居民户口簿",
            "姓名、公民身份号码",
            "区公安分局",
            "",
            "数据核验",
        ],
        vec![
            "区教育局",
            "学生资助申请",
            "学生资助申请表",
            "姓名、学校名称",
            "学校",
            "",
            "告知承诺",
        ],
        vec![
            "区市场监管局",
            "食品经营许可",
            "营业执照",
            "统一社会信用代码、名称",
            "区市场监管局",
            "",
            "电子证照核验",
        ],
        vec![
            "区市场监管局",
            "个体工商户登记",
            "居民身份证",
            "姓名、公民身份号码",
            "区公安分局",
            "",
            "数据核验",
        ],
        vec![
            "区卫健局",
            "出生医学证明补发",
            "出生医学证明",
            "姓名、出生日期",
            "医疗机构",
            "",
            "告知承诺",
        ],
        vec![
            "区人社局",
            "就业登记",
            "劳动合用",
            "姓名、合同期限",
            "用人单位",
            "",
            "不减",
        ],
        vec![
            "区人社局",
            "社保补贴申领",
            "社会保险缴费记录",
            "姓名、缴费月数",
            "闵行区政务服务中心",
            "",
            "数据核验",
        ],
        vec![
            "区人社局",
            "退役士兵安置",
            "居民身份证",
            "姓名、公民身份号码",
            "部队",
            "",
            "不减",
        ],
        vec![
            "区人社局",
            "特种设备作业人员",
            "营业执照",
            "统一社会信用代码",
            "特检院",
            "",
            "数据核验",
        ],
        vec![
            "区民政局",
            "廉租住房申请",
            "不动产权证书",
            "权利人、坐落",
            "区房办",
            "",
            "电子证照核验",
        ],
    ]);
    write_xlsx(&dir.join("汇总.xlsx"), &[("汇总", summary)], |_, _| {});
    let header: Vec<&str> = HEADER
        .iter()
        .copied()
        .filter(|h| *h != "需求单位名称")
        .collect();
    let bureau = vec![
        vec!["填报单位：上海市闵行区民政局"],
        header,
        vec![
            "最低生活保障",
            "结婚证",
            "姓名、登记日期",
            "民政局",
            "",
            "电子证照核验",
        ],
        vec![
            "最低生活保障",
            "居民户口簿",
            "姓名、公民身份号码",
            "区公安分局",
            "",
            "数据核验",
        ],
        vec![
            "最低生活保障",
            "存款凭证",
            "账户、余额",
            "银行",
            "",
            "告知承诺",
        ],
    ];
    write_xlsx(&dir.join("民政局需求.xlsx"), &[("需求", bureau)], |_, _| {});
}

fn clean_with(input: &Path, out: &Path, dict: &Path) {
    let o = clean(
        input,
        out,
        &["-q".as_ref(), "--dict".as_ref(), dict.as_os_str()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// Fills 决定 (and 标准名称) of 待复核 as a reviewer would; returns the decisions by kind.
fn review(list: &Path, reviewed: &Path) -> HashMap<&'static str, usize> {
    let rows = read_sheet(list, "待复核");
    let header = rows[0].clone();
    let col = |n: &str| header.iter().position(|h| h == n).unwrap() as u16;
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("待复核").unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    let mut kinds: HashMap<&'static str, usize> = HashMap::new();
    for (r, rec) in records(&rows).iter().enumerate() {
        let r = r as u32 + 1;
        for (c, h) in header.iter().enumerate() {
            ws.write_string(r, c as u16, &rec[h]).unwrap();
        }
        let (d, std) = match rec["原始文本"].as_str() {
            "闵行区政务服务中心" => ("新增", "上海市闵行区政务服务中心"),
            "学生资助申请表" => ("新增", "学生资助申请表"),
            "区房办" => ("改为", "上海市闵行区住房保障和房屋管理局"),
            "特检院" => ("改为", "上海市市场监督管理局"),
            "部队" => ("不匹配", ""),
            _ if !rec["建议"].is_empty() && !rec["建议"].contains('|') => ("接受", ""),
            _ => ("不匹配", ""),
        };
        ws.write_string(r, col("决定"), d).unwrap();
        ws.write_string(r, col("标准名称"), std).unwrap();
        *kinds.entry(d).or_default() += 1;
    }
    wb.save(reviewed).unwrap();
    kinds
}

fn learn(reviewed: &Path, dict: &Path) -> String {
    let o = qingdan([
        "learn".as_ref(),
        reviewed.as_os_str(),
        "--dict".as_ref(),
        dict.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    stdout(&o)
}

fn dict_files(dict: &Path) -> Vec<(String, String)> {
    files_in(dict)
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(dict.join(&f)).unwrap();
            (f, text)
        })
        .collect()
}

#[test]
fn a_district_submission_converges_after_one_review() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("提交");
    submission(&input);
    let dict = work.path().join("dict");
    std::fs::create_dir(&dict).unwrap();
    let first = work.path().join("first");
    clean_with(&input, &first, &dict);
    let list = first.join("标准化需求清单.xlsx");

    // The district is known: no other district's body is suggested or accepted.
    let todo = records(&read_sheet(&list, "待复核"));
    let rows = records(&read_sheet(&list, "标准化需求清单"));
    for text in todo.iter().flat_map(|r| [&r["建议"], &r["候选"]]).chain(
        rows.iter()
            .flat_map(|r| [&r["需求单位名称"], &r["材料来源"], &r["责任单位名称"]]),
    ) {
        assert!(
            !OTHER_DISTRICTS.iter().any(|d| text.contains(d)),
            "another district's body: {text}"
        );
    }
    let std_of = |raw: &str| {
        rows.iter()
            .find(|r| r["原始需求单位名称"] == raw)
            .map(|r| r["需求单位名称"].clone())
    };
    assert_eq!(std_of("区教育局").as_deref(), Some("上海市闵行区教育局"));
    assert_eq!(
        std_of("区市场监管局").as_deref(),
        Some("上海市闵行区市场监督管理局")
    );
    // 统计 says which region each sheet got and from where.
    let stats = read_sheet(&list, "统计");
    let mut said: Vec<String> = stats
        .iter()
        .filter(|r| r.len() > 6 && r[5] == "闵行区")
        .map(|r| format!("{}:{}", r[1], r[6]))
        .collect();
    said.sort();
    assert_eq!(said, ["汇总:填报单位", "需求:填报单位"], "{stats:?}");

    // The workbook without 需求单位 takes its 填报单位.
    let bureau: Vec<_> = rows
        .iter()
        .filter(|r| r["来源文件"] == "民政局需求.xlsx")
        .collect();
    assert_eq!(bureau.len(), 3);
    for r in &bureau {
        assert_eq!(r["需求单位名称"], "上海市闵行区民政局");
        assert!(r["问题代码"].contains("requester-inferred"), "{r:?}");
        assert!(!r["问题代码"].contains("required-missing"), "{r:?}");
    }
    // Sources outside government are said, not asked.
    for r in rows
        .iter()
        .filter(|r| ["医疗机构", "用人单位", "学校", "银行"].contains(&r["原始材料来源"].as_str()))
    {
        assert!(r["问题代码"].contains("source-external"), "{r:?}");
        assert!(!r["问题代码"].contains("dept-unmatched"), "{r:?}");
    }
    assert!(!todo.iter().any(|r| r["原始文本"] == "医疗机构"));

    let reviewed = work.path().join("reviewed.xlsx");
    let kinds = review(&list, &reviewed);
    for k in ["接受", "改为", "不匹配", "新增"] {
        assert!(kinds.get(k).is_some_and(|n| *n > 0), "no {k}: {kinds:?}");
    }
    let said = learn(&reviewed, &dict);
    assert!(
        said.contains(
            "new entry 上海市闵行区政务服务中心 (alias 闵行区政务服务中心) region 闵行区"
        ),
        "{said}"
    );
    assert!(
        said.contains("materials.csv: new entry 学生资助申请表"),
        "{said}"
    );
    let learnt = dict_files(&dict);

    // A second learn on the same workbook changes no file, and says so.
    let again = learn(&reviewed, &dict);
    assert!(again.contains("nothing to change"), "{again}");
    assert_eq!(dict_files(&dict), learnt);
    let o = qingdan([
        "dict".as_ref(),
        "check".as_ref(),
        "--dict".as_ref(),
        dict.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    let second = work.path().join("second");
    clean_with(&input, &second, &dict);
    let left = records(&read_sheet(&second.join("标准化需求清单.xlsx"), "待复核"));
    println!(
        "待复核: {} rows before review ({kinds:?}), {} after learn",
        todo.len(),
        left.len()
    );
    assert!(left.is_empty(), "{left:?}");
    let o = qingdan([
        "check".as_ref(),
        input.as_os_str(),
        "--dict".as_ref(),
        dict.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let not_info: Vec<_> = findings.iter().filter(|f| f["level"] != "info").collect();
    assert!(not_info.is_empty(), "{not_info:#?}");
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn data_cannot_be_checked_at_a_source_outside_government() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("闵行区教育局.xlsx");
    write_xlsx(
        &input,
        &[(
            "需求",
            vec![
                HEADER.to_vec(),
                vec![
                    "区教育局",
                    "学生资助申请",
                    "存款证明",
                    "账户、余额",
                    "银行",
                    "",
                    "数据核验",
                ],
            ],
        )],
        |_, _| {},
    );
    let out = work.path().join("out");
    let o = clean(&input, &out, &["-q".as_ref()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = records(&read_sheet(
        &out.join("标准化需求清单.xlsx"),
        "标准化需求清单",
    ));
    let codes = &rows[0]["问题代码"];
    assert!(
        codes.contains("source-external") && codes.contains("method-mismatch"),
        "{codes}"
    );
    // The region came from the file name alone, and 区教育局 is read in it.
    assert_eq!(rows[0]["需求单位名称"], "上海市闵行区教育局");
}

#[test]
fn a_region_given_wins_and_a_disagreeing_source_is_said() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("浦东新区需求.xlsx");
    write_xlsx(
        &input,
        &[(
            "需求",
            vec![
                HEADER.to_vec(),
                vec![
                    "区教育局",
                    "义务教育入学登记",
                    "居民户口簿",
                    "姓名",
                    "区公安分局",
                    "",
                    "数据核验",
                ],
            ],
        )],
        |_, _| {},
    );
    let o = qingdan([
        "check".as_ref(),
        input.as_os_str(),
        "--region".as_ref(),
        "闵行区".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let codes: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"region-conflict"), "{codes:?}");
    let o = qingdan([
        "check".as_ref(),
        input.as_os_str(),
        "--region".as_ref(),
        "火星区".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}
