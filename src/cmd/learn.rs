//! `qingdan learn`: reviewers' decisions from 待复核 into the dictionary CSVs.

use std::io::Write;

use crate::cli::LearnArgs;
use crate::dictionary::Dictionaries;
use crate::error::{Error, Result};
use crate::learn;

/// Runs `learn`; returns the exit code.
pub fn run(args: &LearnArgs) -> Result<i32> {
    if !args.dict.is_dir() {
        return Err(Error::new(format!(
            "dictionary folder `{}` does not exist",
            args.dict.display()
        ))
        .hint("create it; files it lacks start from the embedded defaults"));
    }
    let dict = Dictionaries::load(Some(&args.dict))?;
    let decided = learn::read_review(&args.reviewed)?;
    let (changes, notes) = learn::plan(&decided, &dict)?;
    let files = learn::render(&args.dict, &changes)?;
    // The new files must load, or nothing is written.
    let staged =
        tempfile::tempdir().map_err(|e| Error::new(format!("could not stage the changes: {e}")))?;
    for entry in std::fs::read_dir(&args.dict)
        .map_err(|e| Error::new(format!("could not read `{}`: {e}", args.dict.display())))?
        .flatten()
    {
        let _ = std::fs::copy(entry.path(), staged.path().join(entry.file_name()));
    }
    for (path, text) in &files {
        let name = path.file_name().unwrap_or_default();
        std::fs::write(staged.path().join(name), text)
            .map_err(|e| Error::new(format!("could not stage the changes: {e}")))?;
    }
    Dictionaries::load(Some(staged.path())).map_err(|e| {
        Error::new(format!(
            "the learnt dictionaries would not load: {}",
            e.message
        ))
    })?;

    let mut out = std::io::stdout().lock();
    for n in &notes {
        let _ = writeln!(out, "note: {n}");
    }
    for c in &changes {
        let _ = writeln!(
            out,
            "{}{}",
            if args.dry_run { "would add " } else { "added " },
            c.describe()
        );
    }
    if !args.dry_run {
        for (path, text) in &files {
            crate::output::write_file_atomic(path, text.as_bytes())?;
        }
    }
    if changes.is_empty() {
        let _ = writeln!(out, "没有变化：词典已包含全部决定，未改动任何文件");
    }
    let _ = writeln!(
        out,
        "qingdan learn: {} decision(s), {} change(s){}",
        decided.len(),
        changes.len(),
        if args.dry_run {
            " (dry run: nothing written)"
        } else {
            ""
        }
    );
    Ok(0)
}
