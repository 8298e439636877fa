//! `qingdan check`: the CI gate. Runs ingest, matching and rules, writes no workbook, and
//! reports findings in the chosen format. Exit 0: nothing new at or above --fail-on; 1:
//! findings; 2: usage error or an unreadable input.

use std::io::Write;

use crate::cli::{CheckArgs, CheckFormat, FailOn};
use crate::cmd::{RunOptions, run_pipeline};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::report::{self, Summary};
use crate::rules::Level;

/// Runs `check`; returns the exit code.
pub fn run(args: &CheckArgs) -> Result<i32> {
    let config = Config::load(args.input.config.as_deref())?;
    let run = run_pipeline(&RunOptions {
        inputs: &args.input.inputs,
        dict: args.input.dict.as_deref(),
        encoding: args.input.encoding.as_deref(),
        exclude: None,
        progress: false,
        config: &config,
    })?;
    if args.write_baseline {
        let path = args
            .baseline
            .as_deref()
            .ok_or_else(|| Error::new("--write-baseline needs --baseline FILE"))?;
        crate::output::write_file_atomic(
            path,
            report::baseline_text(&run.std.findings).as_bytes(),
        )?;
        eprintln!(
            "qingdan check: recorded {} finding(s) in {}",
            run.std.findings.len(),
            path.display()
        );
        return Ok(if run.failures.is_empty() { 0 } else { 2 });
    }
    let checked = report::apply_baseline(run.std.findings.clone(), args.baseline.as_deref())?;
    let summary = report::summarize(
        &checked,
        Summary {
            files: run.stats.len(),
            sheets: run.stats.iter().map(|s| s.tables).sum(),
            rows: run.stats.iter().map(|s| s.data_rows).sum(),
            unreadable: run.failures.len(),
            fail_on: match args.fail_on {
                FailOn::Error => Level::Error,
                FailOn::Warning => Level::Warning,
            },
            ..Default::default()
        },
    );
    let files: Vec<String> = run.stats.iter().map(|s| s.file.clone()).collect();
    let text = match args.format {
        CheckFormat::Human => report::human(&checked, &run.failures, &summary),
        CheckFormat::Json => report::json(&checked, &run.failures, &summary),
        CheckFormat::Github => report::github(&checked, &run.failures, &summary, &run.paths),
        CheckFormat::Sarif => report::sarif(&checked, &run.failures, &run.paths),
        CheckFormat::Junit => report::junit(&checked, &run.failures, &summary, &files),
    };
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(Error::new(format!("could not write the report: {e}")));
    }
    Ok(if !run.failures.is_empty() {
        2
    } else if summary.failed {
        1
    } else {
        0
    })
}
