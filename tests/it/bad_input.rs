//! Bad input: a clear message naming the file, exit code 2, and no output written.

use crate::common::*;

fn assert_fails_cleanly(input: &std::path::Path, needle: &str) {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("out");
    let o = clean(input, &target, &[]);
    assert_eq!(o.status.code(), Some(2), "stderr: {}", stderr(&o));
    let err = stderr(&o);
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains(needle), "expected `{needle}` in: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        files_in(&target).is_empty(),
        "output left behind: {:?}",
        files_in(&target)
    );
}

#[test]
fn corrupt_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("坏文件.xlsx");
    std::fs::write(&p, b"PK\x03\x04 this is not really a zip archive at all").unwrap();
    assert_fails_cleanly(&p, "坏文件.xlsx");
}

#[test]
fn empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("empty.xlsx");
    std::fs::write(&p, b"").unwrap();
    assert_fails_cleanly(&p, "`empty.xlsx`: the file is empty");
    let p = dir.path().join("empty.csv");
    std::fs::write(&p, b"").unwrap();
    assert_fails_cleanly(&p, "`empty.csv`: the file is empty");
}

#[test]
fn encrypted_xlsx() {
    // Excel stores a password-protected workbook as an OLE compound file.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("locked.xlsx");
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(4096, 0);
    std::fs::write(&p, bytes).unwrap();
    assert_fails_cleanly(
        &p,
        "`locked.xlsx`: the workbook is encrypted (password-protected)",
    );
}

#[test]
fn workbook_without_a_header() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("prose.xlsx");
    write_xlsx(
        &p,
        &[("说明", vec![vec!["本表为说明"], vec!["没有表头"]])],
        |_, _| {},
    );
    assert_fails_cleanly(
        &p,
        "`prose.xlsx`: no sheet has a recognisable header (sheet `说明`",
    );
}

#[test]
fn unknown_extension() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("list.docx");
    std::fs::write(&p, b"whatever").unwrap();
    assert_fails_cleanly(&p, "list.docx`: unknown file type");
}

#[test]
fn missing_path() {
    let dir = tempfile::tempdir().unwrap();
    assert_fails_cleanly(
        &dir.path().join("nope.xlsx"),
        "nope.xlsx`: no such file or folder",
    );
}

#[test]
fn one_bad_file_among_good_ones_writes_nothing_unless_keep_going() {
    let dir = tempfile::tempdir().unwrap();
    write_xlsx(
        &dir.path().join("good.xlsx"),
        &[(
            "Sheet1",
            vec![
                HEADER.to_vec(),
                row("婚姻登记", "结婚证", "市民政局", "电子证照核验"),
            ],
        )],
        |_, _| {},
    );
    std::fs::write(dir.path().join("bad.xlsx"), b"garbage").unwrap();
    assert_fails_cleanly(dir.path(), "bad.xlsx");
    let out = tempfile::tempdir().unwrap();
    let o = clean(dir.path(), out.path(), &["--keep-going".as_ref()]);
    assert_eq!(o.status.code(), Some(2));
    let list = read_sheet(&out.path().join("标准化需求清单.xlsx"), "标准化需求清单");
    assert_eq!(list.len(), 2);
}

#[test]
fn never_overwrites_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("标准化需求清单.xlsx");
    write_xlsx(
        &p,
        &[(
            "Sheet1",
            vec![
                HEADER.to_vec(),
                row("婚姻登记", "结婚证", "市民政局", "电子证照核验"),
            ],
        )],
        |_, _| {},
    );
    let before = std::fs::read(&p).unwrap();
    let o = clean(&p, dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("it is one of the inputs"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&p).unwrap(), before);
}

#[test]
fn lock_files_and_hidden_files_in_folders_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    write_xlsx(
        &dir.path().join("good.xlsx"),
        &[(
            "Sheet1",
            vec![
                HEADER.to_vec(),
                row("婚姻登记", "结婚证", "市民政局", "电子证照核验"),
            ],
        )],
        |_, _| {},
    );
    std::fs::write(dir.path().join("~$good.xlsx"), b"lock").unwrap();
    std::fs::write(dir.path().join(".hidden.csv"), b"junk").unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = clean(dir.path(), out.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn a_huge_cell_is_an_error_naming_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("huge.csv");
    let big = "字".repeat(40_000);
    std::fs::write(
        &p,
        format!("材料名称,事项名称,需求单位名称,使用方式\n{big},企业设立,市场监管局,数据核验\n"),
    )
    .unwrap();
    assert_fails_cleanly(&p, "`huge.csv`: sheet `huge`, cell A2: 40000 characters");
}

#[test]
fn long_cells_are_quoted_short_and_the_row_is_written() {
    // Two cells of 20,000 characters each are legal input, but the 问题说明 that quoted both
    // in full would not fit in one cell of the list.
    let dir = tempfile::tempdir().unwrap();
    let long = "某".repeat(20_000);
    std::fs::write(
        dir.path().join("long.csv"),
        format!(
            "需求单位名称,事项名称,材料名称,材料来源,使用方式,数据字段,责任单位名称\n\
             上海市民政局,婚姻登记,{long},上海市公安局,数据核验,姓名,{long}\n"
        ),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = clean(dir.path(), out.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = records(&read_sheet(
        &out.path().join("标准化需求清单.xlsx"),
        "标准化需求清单",
    ));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["原始材料名称"].chars().count(), 20_000);
    let quoted = format!("`{}… (20000 characters)`", "某".repeat(60));
    let said = &rows[0]["问题说明"];
    assert!(said.contains(&format!("材料名称 {quoted}")), "{said}");
    assert!(said.contains(&format!("责任单位名称 {quoted}")), "{said}");
}

#[test]
fn a_cell_of_thousands_of_names_is_reviewed_and_its_explanation_cut_to_a_cell() {
    // One known material among 2,500 unknown ones: a suggestion of the known one, whose
    // explanation of every piece would not fit in a cell of 待复核.
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = std::iter::once("居民身份证".to_string())
        .chain((0..2_500).map(|i| format!("未知材料{i}号")))
        .collect();
    std::fs::write(
        dir.path().join("many.csv"),
        format!(
            "需求单位名称,事项名称,材料名称,材料来源,使用方式\n\
             上海市民政局,婚姻登记,\"{}\",上海市公安局,数据核验\n",
            names.join("、")
        ),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = clean(dir.path(), out.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let review = records(&read_sheet(
        &out.path().join("标准化需求清单.xlsx"),
        "待复核",
    ));
    let item = review.iter().find(|r| r["字段"] == "材料名称").unwrap();
    assert_eq!(item["建议"], "居民身份证");
    assert!(item["说明"].ends_with('…'), "{}", item["说明"].len());
    assert_eq!(item["说明"].encode_utf16().count(), 32_767);
}

#[test]
fn a_bad_dictionary_names_file_and_line() {
    let dict = tempfile::tempdir().unwrap();
    std::fs::write(
        dict.path().join("materials.csv"),
        "name,aliases,issuer,category\n营业执照,,,证照\n结婚证,,,证件\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = clean(
        &examples_dir(),
        out.path(),
        &["--dict".as_ref(), dict.path().as_os_str()],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("materials.csv: line 3: `category` is `证件`"),
        "{err}"
    );
    assert!(files_in(out.path()).is_empty());
}

#[test]
fn a_workbook_saved_under_a_csv_name_says_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("清单.xlsx");
    write_xlsx(
        &xlsx,
        &[(
            "Sheet1",
            vec![
                HEADER.to_vec(),
                row("婚姻登记", "结婚证", "市民政局", "电子证照核验"),
            ],
        )],
        |_, _| {},
    );
    let as_csv = dir.path().join("导出.csv");
    std::fs::copy(&xlsx, &as_csv).unwrap();
    assert_fails_cleanly(
        &as_csv,
        "`导出.csv`: the file is an xlsx workbook, not CSV text",
    );
    let o = clean(&as_csv, &dir.path().join("out"), &[]);
    assert!(
        stderr(&o).contains("rename it to 导出.xlsx"),
        "{}",
        stderr(&o)
    );
    // An .xls (a compound file) under a .csv name, from the fixtures.
    let xls =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds/药监局.xls");
    let as_csv = dir.path().join("药监局.csv");
    std::fs::copy(&xls, &as_csv).unwrap();
    assert_fails_cleanly(&as_csv, "`药监局.csv`: the file is an xls workbook");
    let o = clean(&as_csv, &dir.path().join("out"), &[]);
    assert!(
        stderr(&o).contains("rename it to 药监局.xls"),
        "{}",
        stderr(&o)
    );
}

/// A copy of the shipped example lists (no generator sources) in `dir`.
fn copy_examples(dir: &std::path::Path) {
    std::fs::create_dir_all(dir).unwrap();
    for e in std::fs::read_dir(examples_dir()).unwrap().flatten() {
        let p = e.path();
        if matches!(p.extension().and_then(|x| x.to_str()), Some("xlsx" | "csv")) {
            std::fs::copy(&p, dir.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn workbooks_qingdan_wrote_are_not_read_back_from_input_folders() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("lists");
    copy_examples(&input);
    let o = clean(&input, &input.join("out"), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The first run's workbooks now lie in the input folder.
    let other = dir.path().join("other");
    let o = clean(&input, &other, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let said = stdout(&o);
    assert!(said.contains("215 data rows read, 215 written"), "{said}");
    assert!(
        said.contains("skipped 2 workbook(s) qingdan wrote"),
        "{said}"
    );
    assert!(!said.contains("duplicate-row"), "{said}");
    let list = read_sheet(&other.join("标准化需求清单.xlsx"), "标准化需求清单");
    assert_eq!(list.len(), 216);
    let o = qingdan(["check".as_ref(), input.as_os_str()]);
    assert!(
        stdout(&o).contains("skipped 2 workbook(s) qingdan wrote"),
        "{}",
        stdout(&o)
    );
    // Named as a file, a workbook qingdan wrote is read: catalog drafts from the list.
    let o = qingdan([
        "catalog".as_ref(),
        input.join("out/标准化需求清单.xlsx").as_os_str(),
        "-o".as_ref(),
        dir.path().join("catalog").as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("from 215 requirement row(s)"),
        "{}",
        stdout(&o)
    );
    // A damaged copy of an output carries no readable mark: it is read, and reported.
    let bytes = std::fs::read(input.join("out/责任清单.xlsx")).unwrap();
    std::fs::write(input.join("坏.xlsx"), &bytes[..bytes.len() / 2]).unwrap();
    let o = qingdan(["check".as_ref(), input.as_os_str()]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stdout(&o).contains("`坏.xlsx`"), "{}", stdout(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
}

#[test]
fn an_output_folder_that_is_or_holds_an_input_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("lists");
    copy_examples(&input);
    let o = clean(&input, &input, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is the input folder"), "{}", stderr(&o));
    let o = clean(&input, dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is inside the output folder"),
        "{}",
        stderr(&o)
    );
    let o = qingdan([
        "catalog".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        input.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is the input folder"), "{}", stderr(&o));
    assert_eq!(files_in(dir.path()), ["lists"]);
    for output in ["标准化需求清单.xlsx", "责任清单.xlsx", "资源目录.xlsx"] {
        assert!(!input.join(output).exists(), "{output} written");
    }
}
