//! `qingdan learn`: reviewers' decisions from 待复核 into the dictionary CSVs.

use std::io::Write;

use crate::cli::LearnArgs;
use crate::dictionary::Dictionaries;
use crate::error::{Error, Result};
use crate::learn;

/// Runs `learn`; returns the exit code.
pub fn run(args: &LearnArgs) -> Result<i32> {
    if !args.dict.is_dir() {
        return Err(
            Error::new(crate::tr!("learn.no_dict", dir = args.dict.display()))
                .hint(crate::tr!("learn.no_dict_hint")),
        );
    }
    let dict = Dictionaries::load(Some(&args.dict))?;
    let decided = learn::read_review(&args.reviewed)?;
    let (changes, notes) = learn::plan(&decided, &dict)?;
    let files = learn::render(&args.dict, &changes)?;
    // The new files must load, or nothing is written.
    let staged =
        tempfile::tempdir().map_err(|e| Error::new(crate::tr!("learn.stage_failed", error = e)))?;
    for entry in std::fs::read_dir(&args.dict)
        .map_err(|e| {
            Error::new(crate::tr!(
                "input.read_failed",
                what = args.dict.display(),
                reason = e
            ))
        })?
        .flatten()
    {
        let _ = std::fs::copy(entry.path(), staged.path().join(entry.file_name()));
    }
    for (path, text) in &files {
        let name = path.file_name().unwrap_or_default();
        std::fs::write(staged.path().join(name), text)
            .map_err(|e| Error::new(crate::tr!("learn.stage_failed", error = e)))?;
    }
    Dictionaries::load(Some(staged.path()))
        .map_err(|e| Error::new(crate::tr!("learn.would_not_load", error = e.message)))?;

    let mut out = std::io::stdout().lock();
    for n in &notes {
        let _ = writeln!(out, "{}", crate::tr!("learn.note", note = n));
    }
    for c in &changes {
        let line = if args.dry_run {
            crate::tr!("learn.would_add", change = c.describe())
        } else {
            crate::tr!("learn.added", change = c.describe())
        };
        let _ = writeln!(out, "{line}");
    }
    if !args.dry_run {
        for (path, text) in &files {
            crate::output::write_file_atomic(path, text.as_bytes())?;
        }
    }
    if changes.is_empty() {
        let _ = writeln!(out, "{}", crate::tr!("learn.unchanged"));
    }
    let mut summary = crate::tr!(
        "learn.summary",
        decisions = decided.len(),
        changes = changes.len()
    );
    if args.dry_run {
        summary.push_str(&crate::tr!("learn.dry_run"));
    }
    let _ = writeln!(out, "{summary}");
    Ok(0)
}
