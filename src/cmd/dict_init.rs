//! `qingdan dict init`: drafts DIR/departments.csv for a region and says what it holds.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::dictionary::{Department, Dictionaries};
use crate::draft::{Draft, LevelCount, RegionTree, Types};
use crate::error::{Error, Result};

/// Writes DIR/departments.csv for `region`; returns the exit code.
pub fn run(region: &str, dir: &Path, force: bool) -> Result<i32> {
    let dict = Dictionaries::embedded()?;
    let tree = RegionTree::new(&dict.regions);
    let scope = tree.resolve(region)?;
    // Only the national ministries: a Shanghai body must never reach another region's draft.
    let national: Vec<Department> = dict
        .departments
        .iter()
        .filter(|d| d.region == "国家")
        .cloned()
        .collect();
    let draft = crate::draft::draft(&tree, scope, &Types::embedded()?, &national)?;
    let path = target(dir, force)?;
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::new(format!("无法创建文件夹 `{}`：{e}", dir.display())))?;
    crate::output::write_file_atomic(&path, crate::draft::to_csv(&draft.departments).as_bytes())?;
    report(&draft, &path, dir);
    Ok(0)
}

/// DIR/departments.csv, unless writing it would destroy a file the user may have edited.
fn target(dir: &Path, force: bool) -> Result<PathBuf> {
    if dir.is_file() {
        return Err(
            Error::new(format!("`{}` 是一个文件", dir.display())).hint("-o 请给出一个文件夹")
        );
    }
    let path = dir.join("departments.csv");
    if path.exists() && !force {
        return Err(Error::new(format!(
            "`{}` 已存在，其中可能有您自己的条目；未写入任何内容",
            path.display()
        ))
        .hint("如需替换请加 --force，或换一个文件夹"));
    }
    Ok(path)
}

/// The level as people say it.
fn level_zh(l: &LevelCount) -> &'static str {
    match l.level {
        "province" => "省级",
        "city" => "市级",
        "county" => "县级",
        _ => "国家部委",
    }
}

fn report(draft: &Draft, path: &Path, dir: &Path) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "qingdan dict init：已为 {} 写入 {}，共 {} 条",
        draft.title,
        path.display(),
        draft.departments.len()
    );
    for l in &draft.levels {
        let whence = if l.level == "national" {
            "取自内置 departments.csv".to_string()
        } else {
            format!("{} 个地区", l.regions)
        };
        let _ = writeln!(
            out,
            "  {:　<4}{:>6} 条，其中 {:>5} 条待确认（{whence}）",
            level_zh(l),
            l.entries,
            l.uncertain
        );
    }
    for s in &draft.skipped {
        let _ = writeln!(out, "  未收录 {s}：不是设有自己部门的县级单位");
    }
    let marked: usize = draft.levels.iter().map(|l| l.uncertain).sum();
    let shown = dir.display();
    let _ = writeln!(
        out,
        "共 {marked} 条标为 `uncertain:`，请逐条确认：qingdan dict check --dict {shown} --uncertain"
    );
    let _ = writeln!(
        out,
        "这是按全国通用的部门设置和已知的地方差异（dictionaries/dept_types.csv、dept_variants.csv）\
         生成的草稿，不是官方名录：请对照本地区的机构编制核对、修改；\
         之后 `qingdan clean 清单 --dict {shown}` 即可使用。"
    );
}
