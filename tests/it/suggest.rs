//! Suggestions share the kind of body the cell names and, on a district's list, its district:
//! a 协会 is not offered as a 委员会, a 医院 not as a 法院, nor a 分局 as another district's.

use crate::common::*;
use crate::rules::{fixture, fixture_row};

fn responsible(item: &str, dept: &str) -> Vec<String> {
    fixture_row(
        item,
        &[
            ("需求单位名称", "上海市闵行区民政局"),
            ("材料来源", ""),
            ("责任单位名称", dept),
        ],
    )
}

/// What the standardized list proposes: 责任单位名称 of every row, 建议 and 候选 of every
/// decision in 待复核 (问题说明 may name the entry it did not suggest, and why).
fn proposed(out: &std::path::Path) -> Vec<String> {
    let book = out.join("标准化需求清单.xlsx");
    let list = records(&read_sheet(&book, "标准化需求清单"));
    let review = records(&read_sheet(&book, "待复核"));
    let mut cells: Vec<String> = list.iter().map(|r| r["责任单位名称"].clone()).collect();
    cells.extend(
        review
            .iter()
            .flat_map(|r| [r["建议"].clone(), r["候选"].clone()]),
    );
    cells
}

#[test]
fn a_body_of_another_kind_or_district_is_never_suggested() {
    let dir = tempfile::tempdir().unwrap();
    let p = fixture(
        dir.path(),
        "闵行.xlsx",
        &[
            responsible("科普活动", "区科学技术协会"),
            responsible("医疗救助", "区人民医院"),
            responsible("户籍核验", "公安分局"),
        ],
    );
    let out = tempfile::tempdir().unwrap();
    // The list's district is that of its requesting unit, 闵行区.
    let o = clean(&p, out.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let cells = proposed(out.path());
    for wrong in ["科学技术委员会", "人民法院"] {
        let hit = cells.iter().find(|c| c.contains(wrong));
        assert!(hit.is_none(), "{wrong} suggested: {hit:?}");
    }
    let other_branch = cells
        .iter()
        .find(|c| c.contains("分局") && c.contains("上海市公安局") && !c.contains("闵行分局"));
    assert!(other_branch.is_none(), "{other_branch:?}");
}
