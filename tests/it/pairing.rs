//! A cell naming several materials beside a cell naming several departments: each material
//! goes to the department that issues it, in 责任清单 and 资源目录, and what cannot be paired
//! goes to 未明确责任单位 with `pairing-unclear`, never to a guess.

use std::collections::BTreeSet;

use crate::common::*;
use crate::rules::{fixture, fixture_row};

fn combined(item: &str, materials: &str, sources: &str) -> Vec<String> {
    fixture_row(
        item,
        &[
            ("材料名称", materials),
            ("材料来源", sources),
            ("责任单位名称", ""),
            ("使用方式", "数据核验"),
        ],
    )
}

/// (department sheet, 材料名称) of every line of 责任清单.xlsx.
fn responsibilities(path: &std::path::Path) -> BTreeSet<(String, String)> {
    read_sheets(path)
        .into_iter()
        .filter(|(name, _)| name != "汇总")
        .flat_map(|(name, rows)| {
            records(&rows)
                .into_iter()
                .map(move |r| (name.clone(), r["材料名称"].clone()))
        })
        .collect()
}

fn pair(dept: &str, material: &str) -> (String, String) {
    (dept.to_string(), material.to_string())
}

#[test]
fn each_material_goes_to_the_department_that_issues_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = fixture(
        dir.path(),
        "combined.xlsx",
        &[
            // The dictionary's issuers decide: 结婚证 by 民政局, 出生医学证明 by 卫健委.
            combined("出生登记", "结婚证、出生医学证明", "市民政局；市卫健委"),
            // No issuer known, as many materials as departments: paired in order.
            combined("人才引进", "个人简历、介绍信", "市民政局；市卫健委"),
            // No issuer known and three departments for two materials: not paired.
            combined(
                "人才落户",
                "个人简历、介绍信",
                "市民政局；市卫健委；市公安局",
            ),
        ],
    );
    let out = tempfile::tempdir().unwrap();
    let o = clean(&p, out.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines = responsibilities(&out.path().join("责任清单.xlsx"));
    let (mz, wj, ga) = ("上海市民政局", "上海市卫生健康委员会", "上海市公安局");
    for expected in [
        pair(mz, "结婚证"),
        pair(wj, "出生医学证明"),
        pair(mz, "个人简历"),
        pair(wj, "介绍信"),
        pair("未明确责任单位", "个人简历"),
        pair("未明确责任单位", "介绍信"),
    ] {
        assert!(lines.contains(&expected), "{expected:?} not in {lines:?}");
    }
    for wrong in [
        pair(wj, "结婚证"),
        pair(mz, "出生医学证明"),
        pair(mz, "结婚证、出生医学证明"),
        pair(wj, "个人简历"),
        pair(mz, "介绍信"),
    ] {
        assert!(!lines.contains(&wrong), "{wrong:?} in {lines:?}");
    }
    assert!(!lines.iter().any(|(d, _)| d == ga), "{lines:?}");
    let list = records(&read_sheet(
        &out.path().join("标准化需求清单.xlsx"),
        "标准化需求清单",
    ));
    let unclear: Vec<&str> = list
        .iter()
        .filter(|r| r["问题代码"].contains("pairing-unclear"))
        .map(|r| r["事项名称"].as_str())
        .collect();
    assert_eq!(unclear, ["人才落户"]);

    let cat = tempfile::tempdir().unwrap();
    let o = qingdan([
        "catalog".as_ref(),
        p.as_os_str(),
        "-o".as_ref(),
        cat.path().as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let resources: BTreeSet<(String, String)> =
        records(&read_sheet(&cat.path().join("资源目录.xlsx"), "资源目录"))
            .into_iter()
            .map(|r| (r["提供单位"].clone(), r["资源名称"].clone()))
            .collect();
    assert!(resources.contains(&pair(mz, "结婚证信息")), "{resources:?}");
    assert!(
        resources.contains(&pair(wj, "出生医学证明信息")),
        "{resources:?}"
    );
    assert!(
        !resources.contains(&pair(wj, "结婚证信息")),
        "{resources:?}"
    );
    assert!(
        !resources.contains(&pair(mz, "出生医学证明信息")),
        "{resources:?}"
    );
    assert!(!resources.iter().any(|(d, _)| d == ga), "{resources:?}");
}
