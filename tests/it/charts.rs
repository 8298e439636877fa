//! Charts where people look rather than read: findings by code in 统计, each department's
//! requirements by 使用方式 in 责任清单's 汇总, the same bytes on every run.

use std::io::Read;

use crate::common::*;
use crate::rules::{fixture, fixture_row};

/// The chart parts of a workbook: (part name, XML).
fn charts(path: &std::path::Path) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        if name.starts_with("xl/charts/chart") {
            let mut xml = String::new();
            f.read_to_string(&mut xml).unwrap();
            out.push((name, xml));
        }
    }
    out.sort();
    out
}

fn run(input: &std::path::Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let o = clean(input, out.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    out
}

#[test]
fn statistics_and_the_index_carry_native_charts_that_do_not_change_between_runs() {
    let dir = tempfile::tempdir().unwrap();
    let p = fixture(
        dir.path(),
        "图表.xlsx",
        &[
            fixture_row("婚姻登记", &[]),
            fixture_row("婚姻登记", &[("使用方式", "数据共享")]),
            fixture_row("户籍迁入", &[("使用方式", "")]),
            fixture_row("户籍迁入", &[("责任单位名称", "某某科技有限公司")]),
        ],
    );
    let (a, b) = (run(&p), run(&p));
    let list = charts(&a.path().join("标准化需求清单.xlsx"));
    assert_eq!(list.len(), 1, "{list:?}");
    let xml = &list[0].1;
    assert!(xml.contains("<c:barChart>"), "{xml}");
    assert!(xml.contains("统计!$A$"), "{xml}");
    let resp = charts(&a.path().join("责任清单.xlsx"));
    assert_eq!(resp.len(), 1, "{resp:?}");
    let xml = &resp[0].1;
    assert!(xml.contains(r#"<c:grouping val="stacked"/>"#), "{xml}");
    assert!(xml.contains("汇总!$A$2"), "{xml}");
    for name in ["标准化需求清单.xlsx", "责任清单.xlsx"] {
        let (x, y) = (a.path().join(name), b.path().join(name));
        assert!(
            std::fs::read(x).unwrap() == std::fs::read(y).unwrap(),
            "{name} differs"
        );
    }
}
