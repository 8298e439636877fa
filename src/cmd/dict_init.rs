//! `qingdan dict init`: drafts DIR/departments.csv for a region and says what it holds.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::dictionary::Dictionaries;
use crate::draft::{Draft, LevelCount, RegionTree, Types};
use crate::error::{Error, Result};
use crate::messages::Lang;
use crate::tr;

/// Writes DIR/departments.csv for `region`; returns the exit code.
pub fn run(region: &str, dir: &Path, force: bool) -> Result<i32> {
    let dict = Dictionaries::embedded()?;
    let tree = RegionTree::new(&dict.regions);
    let scope = tree.resolve(region)?;
    let national = crate::draft::national_rows(&dict.departments);
    let draft = crate::draft::draft(&tree, scope, &Types::embedded()?, &national)?;
    let path = target(dir, force)?;
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::new(tr!("init.mkdir", path = dir.display(), error = e)))?;
    crate::output::write_file_atomic(&path, crate::draft::to_csv(&draft.departments).as_bytes())?;
    report(&draft, &path, dir);
    Ok(0)
}

/// DIR/departments.csv, unless writing it would destroy a file the user may have edited.
fn target(dir: &Path, force: bool) -> Result<PathBuf> {
    if dir.is_file() {
        return Err(Error::new(tr!("init.dir_is_file", path = dir.display()))
            .hint(tr!("init.dir_is_file_hint")));
    }
    let path = dir.join("departments.csv");
    if path.exists() && !force {
        return Err(
            Error::new(tr!("init.exists", path = path.display())).hint(tr!("init.exists_hint"))
        );
    }
    Ok(path)
}

/// The level as people say it, padded so the counts line up.
fn level_label(l: &LevelCount) -> String {
    let name = match l.level {
        "province" => tr!("init.level_province"),
        "city" => tr!("init.level_city"),
        "county" => tr!("init.level_county"),
        _ => tr!("init.level_national"),
    };
    match crate::messages::lang() {
        // A Chinese character is two columns wide: pad with the ideographic space.
        Lang::Zh => format!("{name:\u{3000}<4}"),
        Lang::En => format!("{name:<9}"),
    }
}

fn report(draft: &Draft, path: &Path, dir: &Path) {
    let mut out = std::io::stdout().lock();
    let count = draft.departments.len();
    let (title, path) = (&draft.title, path.display());
    let _ = writeln!(
        out,
        "{}",
        tr!("init.written", title = title, path = path, count = count)
    );
    for l in &draft.levels {
        let whence = if l.level == "national" {
            tr!("init.whence_national")
        } else {
            tr!("init.whence_regions", count = l.regions)
        };
        let line = tr!(
            "init.level",
            level = level_label(l),
            entries = format!("{:>6}", l.entries),
            marked = format!("{:>5}", l.uncertain),
            whence = whence
        );
        let _ = writeln!(out, "{line}");
    }
    for s in &draft.skipped {
        let _ = writeln!(out, "{}", tr!("init.skipped", region = s));
    }
    let marked: usize = draft.levels.iter().map(|l| l.uncertain).sum();
    let dir = dir.display();
    let _ = writeln!(out, "{}", tr!("init.marked", count = marked, dir = dir));
    let _ = writeln!(out, "{}", tr!("init.draft_note", dir = dir));
}
