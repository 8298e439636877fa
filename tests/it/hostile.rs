//! Hostile but plausible workbooks: memory follows the cells a file really holds, and what a
//! file claims beyond a budget is a clear error, never an allocation attempt.

use std::io::{Read, Write};
use std::path::Path;

use crate::common::*;

/// Runs qingdan and returns its output with the peak memory it used, in MiB (from wait4).
// The child is reaped by wait4 (for its rusage), which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn run_measured(args: &[&std::ffi::OsStr]) -> (std::process::Output, u64) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_qingdan"))
        .args(["--lang", "en"])
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    child.stdout.take().unwrap().read_to_end(&mut out).unwrap();
    child.stderr.take().unwrap().read_to_end(&mut err).unwrap();
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    // SAFETY: the pointers are to live locals; the child has not been reaped.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid);
    let code = std::os::unix::process::ExitStatusExt::from_raw(status);
    let o = std::process::Output {
        status: code,
        stdout: out,
        stderr: err,
    };
    (o, usage.ru_maxrss as u64 / 1024)
}

/// What a run said, on either stream (`check` reports unreadable files with its findings).
fn said(o: &std::process::Output) -> String {
    format!("{}{}", stdout(o), stderr(o))
}

/// A two-row list, with `build` adding what makes it hostile.
fn two_rows(path: &Path, build: impl Fn(&str, &mut rust_xlsxwriter::Worksheet)) {
    write_xlsx(
        path,
        &[(
            "清单",
            vec![
                HEADER.to_vec(),
                row("婚姻登记", "居民身份证", "市公安局", "数据核验"),
                row("婚姻登记", "居民户口簿", "市公安局", "数据核验"),
            ],
        )],
        build,
    );
}

/// Rewrites one part of a package, as a tool that writes a lying header would.
fn rewrite_part(path: &Path, part: &str, edit: impl Fn(String) -> String) {
    let data = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(data)).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut buf = Vec::new();
        f.read_to_end(&mut buf).unwrap();
        if name == part {
            buf = edit(String::from_utf8(buf).unwrap()).into_bytes();
        }
        w.start_file(name.as_str(), opts).unwrap();
        w.write_all(&buf).unwrap();
    }
    std::fs::write(path, w.finish().unwrap().into_inner()).unwrap();
}

/// The list is read as two data rows, checked and cleaned, each run under 100 MB.
fn assert_read_lightly(input: &Path) {
    let out = input.parent().unwrap().join("out");
    let (o, peak) = run_measured(&["check".as_ref(), input.as_os_str()]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    assert!(peak < 100, "check peaked at {peak} MiB");
    let (o, peak) = run_measured(&[
        "clean".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(peak < 100, "clean peaked at {peak} MiB");
    let list = read_sheet(&out.join("标准化需求清单.xlsx"), "标准化需求清单");
    assert_eq!(list.len(), 3, "{list:?}");
    assert_eq!(list[1][2], "2");
    assert_eq!(list[2][2], "3");
}

#[test]
fn a_stray_cell_in_the_last_cell_of_the_sheet_costs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("远处.xlsx");
    two_rows(&p, |_, ws| {
        ws.write_string(1_048_575, 16_383, "x").unwrap();
    });
    assert_read_lightly(&p);
}

/// A note typed beside the table, past its last column, and a stray `x` far below it: neither
/// is a requirement, and neither adds a column.
#[test]
fn content_outside_the_header_columns_or_far_below_is_a_stray_cell_not_a_row() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("零散.xlsx");
    two_rows(&p, |_, ws| {
        ws.write_string(3, 12, "已核对").unwrap();
        ws.write_string(49_999, 25, "x").unwrap();
    });
    let out = tempfile::tempdir().unwrap();
    let o = clean(&p, out.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let list = read_sheet(&out.path().join("标准化需求清单.xlsx"), "标准化需求清单");
    assert_eq!(list.len(), 3, "{list:?}");
    assert!(
        !list[0].iter().any(|h| h.starts_with("列")),
        "{:?}",
        list[0]
    );
    let stats = read_sheet(&out.path().join("标准化需求清单.xlsx"), "统计");
    let head = stats
        .iter()
        .position(|r| r.iter().any(|c| c == "零散单元格行"));
    let head = head.unwrap_or_else(|| panic!("{stats:?}"));
    let col = stats[head]
        .iter()
        .position(|c| c == "零散单元格行")
        .unwrap();
    assert_eq!(stats[head + 1][col], "2", "{:?}", stats[head + 1]);
}

#[test]
fn a_dimension_and_a_merge_claiming_the_whole_sheet_cost_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("谎称.xlsx");
    two_rows(&p, |_, _| {});
    rewrite_part(&p, "xl/worksheets/sheet1.xml", |xml| {
        let start = xml.find("<dimension ref=\"").unwrap() + 16;
        let end = start + xml[start..].find('"').unwrap();
        let mut xml = format!("{}A1:XFD1048576{}", &xml[..start], &xml[end..]);
        let at = xml.rfind("</worksheet>").unwrap();
        xml.insert_str(
            at,
            r#"<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>"#,
        );
        xml
    });
    assert_read_lightly(&p);
}

#[test]
fn a_shared_string_table_that_claims_billions_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("字符串表.xlsx");
    two_rows(&p, |_, _| {});
    rewrite_part(&p, "xl/sharedStrings.xml", |xml| {
        let start = xml.find("uniqueCount=\"").unwrap() + 13;
        let end = start + xml[start..].find('"').unwrap();
        format!("{}4294967295{}", &xml[..start], &xml[end..])
    });
    let (o, peak) = run_measured(&["check".as_ref(), p.as_os_str()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = said(&o);
    assert!(err.contains("`字符串表.xlsx`"), "{err}");
    assert!(err.contains("claims 4294967295 strings"), "{err}");
    assert!(peak < 100, "{peak} MiB");
}

#[test]
fn a_few_cells_spread_over_the_whole_sheet_are_refused_with_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("散落.xlsx");
    two_rows(&p, |_, ws| {
        for i in 0..3_000u32 {
            ws.write_string(10 + i * 300, (i * 5 % 16_000) as u16, "x")
                .unwrap();
        }
    });
    let (o, _) = run_measured(&["check".as_ref(), p.as_os_str()]);
    assert_eq!(o.status.code(), Some(2), "{}{}", stderr(&o), stdout(&o));
    let err = said(&o);
    assert!(
        err.contains("`散落.xlsx`: sheet `清单` cannot be read"),
        "{err}"
    );
    assert!(err.contains("cells are spread over"), "{err}");
}

#[test]
fn text_saved_under_a_workbook_name_says_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("清单.xlsx");
    std::fs::write(&csv, "材料名称,使用方式\n营业执照,数据核验\n").unwrap();
    let (o, _) = run_measured(&["check".as_ref(), csv.as_os_str()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        said(&o).contains("`清单.xlsx`: the file is text (CSV), not an xlsx workbook"),
        "{}",
        said(&o)
    );
    let html = dir.path().join("导出.xls");
    std::fs::write(
        &html,
        "<html><body><table><tr><td>材料名称</td></tr></table></body></html>",
    )
    .unwrap();
    let (o, _) = run_measured(&["check".as_ref(), html.as_os_str()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(said(&o).contains("is a web page (HTML)"), "{}", stderr(&o));
}
