//! Helpers: run the binary, build fixture workbooks, read outputs back with calamine.

use std::path::{Path, PathBuf};
use std::process::Output;

use calamine::{Data, Reader, open_workbook_auto};
use rust_xlsxwriter::{Workbook, Worksheet};

/// Runs qingdan with arguments, in English: the tests read messages by their English words;
/// the Chinese default is held by the golden files and by `qingdan_zh`.
pub fn qingdan<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    assert_cmd::Command::cargo_bin("qingdan")
        .expect("binary")
        .args(["--lang", "en"])
        .args(args)
        .output()
        .expect("run qingdan")
}

/// Runs qingdan with arguments in its default language, Chinese.
pub fn qingdan_zh<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    assert_cmd::Command::cargo_bin("qingdan")
        .expect("binary")
        .args(args)
        .output()
        .expect("run qingdan")
}

/// Runs `qingdan clean INPUT -o OUT` with extra arguments.
pub fn clean(input: &Path, out: &Path, extra: &[&std::ffi::OsStr]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "clean".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ];
    args.extend_from_slice(extra);
    qingdan(args)
}

/// Runs qingdan with standard input.
pub fn qingdan_stdin(args: &[&str], stdin: &str) -> Output {
    assert_cmd::Command::cargo_bin("qingdan")
        .expect("binary")
        .args(["--lang", "en"])
        .args(args)
        .write_stdin(stdin)
        .output()
        .expect("run qingdan")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The repository's examples folder.
pub fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

/// Reads every sheet of a workbook as text rows.
pub fn read_sheets(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let mut wb =
        open_workbook_auto(path).unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|n| {
            let r = wb.worksheet_range(&n).expect("sheet");
            let rows = r
                .rows()
                .map(|row| {
                    row.iter()
                        .map(|c| match c {
                            Data::Empty => String::new(),
                            Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
                            other => other.to_string(),
                        })
                        .collect()
                })
                .collect();
            (n, rows)
        })
        .collect()
}

/// Reads one sheet by name.
pub fn read_sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    read_sheets(path)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no sheet {name} in {}", path.display()))
        .1
}

/// A sheet as a list of maps header -> value (header = first row).
pub fn records(rows: &[Vec<String>]) -> Vec<std::collections::HashMap<String, String>> {
    let header = &rows[0];
    rows[1..]
        .iter()
        .map(|r| header.iter().cloned().zip(r.iter().cloned()).collect())
        .collect()
}

/// Writes a workbook with one sheet per (name, rows); `build` may add merges etc.
pub fn write_xlsx(
    path: &Path,
    sheets: &[(&str, Vec<Vec<&str>>)],
    build: impl Fn(&str, &mut Worksheet),
) {
    let mut wb = Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if !v.is_empty() {
                    ws.write_string(r as u32, c as u16, *v).unwrap();
                }
            }
        }
        build(name, ws);
    }
    wb.save(path).unwrap();
}

/// The standard header row used by crafted fixtures.
pub const HEADER: [&str; 7] = [
    "需求单位名称",
    "事项名称",
    "材料名称",
    "数据字段",
    "材料来源",
    "责任单位名称",
    "使用方式",
];

/// A data row for crafted fixtures.
pub fn row<'a>(item: &'a str, material: &'a str, source: &'a str, method: &'a str) -> Vec<&'a str> {
    vec![
        "上海市民政局",
        item,
        material,
        "姓名、公民身份号码",
        source,
        "",
        method,
    ]
}

/// Files in a folder (names), sorted; empty when the folder is missing.
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}
