//! `qingdan clean`: standardized list, review sheet, statistics and responsibility lists.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::cli::CleanArgs;
use crate::cmd::{level_counts, run_for_writing};
use crate::error::{Error, Result};
use crate::output;
use crate::rules::RULES;

/// Runs `clean`; returns the exit code.
pub fn run(args: &CleanArgs) -> Result<i32> {
    let outdir = &args.outdir;
    let (_, run) = run_for_writing(&args.input, outdir, args.quiet, args.keep_going)?;

    let bar = if !args.quiet && std::io::stderr().is_terminal() {
        let b = indicatif::ProgressBar::new_spinner();
        b.enable_steady_tick(std::time::Duration::from_millis(120));
        b.set_message(crate::tr!("progress.writing"));
        b
    } else {
        indicatif::ProgressBar::hidden()
    };
    // The list is the big workbook; the responsibility lists and CSV are built beside it.
    let (list, rest) = rayon::join(
        || {
            output::render_list(
                &run.std,
                &run.stats,
                &run.skips,
                &run.tables,
                &run.dict.origins,
            )
        },
        || -> Result<Vec<output::Rendered>> {
            let mut v = output::render_responsibilities(&run.std.records, args.split)?;
            if args.csv {
                v.push(output::render_csv(&run.std)?);
            }
            Ok(v)
        },
    );
    crate::trace::stage("rendered");
    let mut files = vec![list?];
    files.extend(rest?);
    refuse_overwriting_inputs(outdir, &files, &args.input.inputs)?;
    output::write_all(outdir, &files)?;
    bar.finish_and_clear();
    crate::trace::stage("written");

    if !args.quiet {
        let _ = print_summary(&run, outdir, &files, args.split);
    }
    let code = if run.failures.is_empty() { 0 } else { 2 };
    // Freeing a million records and findings one by one takes most of a second, and the
    // process ends right after this: the system takes the memory back at once.
    std::mem::forget(run);
    Ok(code)
}

/// Refuses when an output would land on an input file (`clean out/标准化需求清单.xlsx -o out`).
fn refuse_overwriting_inputs(
    outdir: &Path,
    files: &[output::Rendered],
    inputs: &[PathBuf],
) -> Result<()> {
    let inputs: Vec<PathBuf> = inputs
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    for f in files {
        let dest = outdir.join(&f.path);
        if let Ok(d) = std::fs::canonicalize(&dest)
            && inputs.contains(&d)
        {
            return Err(
                Error::new(crate::tr!("cli.output_is_input", path = dest.display()))
                    .hint(crate::tr!("cli.output_is_input_hint")),
            );
        }
    }
    Ok(())
}

fn print_summary(
    run: &crate::pipeline::Run,
    outdir: &Path,
    files: &[output::Rendered],
    split: bool,
) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    let sheets: usize = run.stats.iter().map(|s| s.tables).sum();
    let rows: usize = run.stats.iter().map(|s| s.data_rows).sum();
    let written = run.std.records.len();
    let mut non_data: BTreeMap<crate::ingest::SkipReason, usize> = BTreeMap::new();
    for s in &run.stats {
        for (k, v) in &s.non_data {
            *non_data.entry(*k).or_default() += v;
        }
    }
    let summary = crate::tr!(
        "clean.summary",
        files = run.stats.len(),
        sheets = sheets,
        skipped = run.skips.len(),
        rows = rows,
        written = written
    );
    writeln!(out, "{summary}")?;
    if let Some(note) = crate::cmd::own_outputs_note(run) {
        writeln!(out, "  {note}")?;
    }
    if !non_data.is_empty() {
        let parts: Vec<String> = non_data
            .iter()
            .map(|(k, v)| crate::tr!("clean.count_of", count = v, what = k.said()))
            .collect();
        let line = crate::tr!("clean.non_data", parts = parts.join("，"));
        writeln!(out, "  {line}")?;
    }
    for s in &run.skips {
        let line = crate::tr!(
            "clean.skipped_sheet",
            file = s.file,
            sheet = s.sheet,
            reason = s.reason
        );
        writeln!(out, "  {line}")?;
    }
    let [e, w, i] = level_counts(&run.std.findings);
    let line = crate::tr!("clean.findings", errors = e, warnings = w, infos = i);
    writeln!(out, "  {line}")?;
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &run.std.findings {
        *by_code.entry(f.code).or_default() += 1;
    }
    for r in RULES.iter() {
        if let Some(n) = by_code.get(r.code) {
            writeln!(out, "    {:<22} {:<8} {n}", r.code, r.level.as_str())?;
        }
    }
    let line = crate::tr!("clean.to_review", count = run.std.review.len());
    writeln!(out, "  {line}")?;
    let depts = files
        .iter()
        .filter(|f| f.path.starts_with(output::RESP_DIR))
        .count()
        .saturating_sub(1);
    for f in files {
        if !split || !f.path.starts_with(output::RESP_DIR) {
            let line = crate::tr!("cli.wrote", path = outdir.join(&f.path).display());
            writeln!(out, "  {line}")?;
        }
    }
    if split {
        let line = crate::tr!(
            "clean.wrote_split",
            path = outdir.join(output::RESP_DIR).display(),
            depts = depts
        );
        writeln!(out, "  {line}")?;
    }
    Ok(())
}
