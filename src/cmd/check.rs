//! `qingdan check`: the CI gate. Runs ingest, matching and rules, writes no workbook, and
//! reports findings in the chosen format. Exit 0: nothing new at or above --fail-on; 1:
//! findings; 2: usage error or an unreadable input.

use std::io::Write;

use crate::cli::{CheckArgs, CheckFormat, FailOn};
use crate::cmd::run_pipeline;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::pipeline::Options;
use crate::report::{self, Summary};
use crate::rules::Level;

/// Runs `check`; returns the exit code.
pub fn run(args: &CheckArgs) -> Result<i32> {
    let config = Config::load(args.input.config.as_deref())?;
    let run = run_pipeline(
        &Options {
            inputs: &args.input.inputs,
            dict: args.input.dict.as_deref(),
            encoding: args.input.encoding.as_deref(),
            exclude: None,
            config: &config,
        },
        false,
    )?;
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
    // Findings come in the order rules ran; people read them by place.
    let mut findings = run.std.findings.clone();
    findings.sort_by(|a, b| (&*a.file, &*a.sheet, a.row).cmp(&(&*b.file, &*b.sheet, b.row)));
    let checked = report::apply_baseline(findings, args.baseline.as_deref())?;
    let files: Vec<String> = run.stats.iter().map(|s| s.file.clone()).collect();
    let summary = Summary {
        files: run.stats.len(),
        sheets: run.stats.iter().map(|s| s.tables).sum(),
        rows: run.stats.iter().map(|s| s.data_rows).sum(),
        ..Default::default()
    };
    emit(
        &checked,
        &run.failures,
        summary,
        args.format,
        args.fail_on,
        &run.paths,
        &files,
    )
}

/// Renders checked findings in `format`, prints them, and returns the exit code: 2 when an
/// input could not be read, 1 when a new finding is at or above `fail_on`, else 0.
pub fn emit(
    checked: &[report::Checked],
    failures: &[Error],
    summary: Summary,
    format: CheckFormat,
    fail_on: FailOn,
    paths: &std::collections::BTreeMap<String, std::path::PathBuf>,
    files: &[String],
) -> Result<i32> {
    let summary = report::summarize(
        checked,
        Summary {
            unreadable: failures.len(),
            fail_on: match fail_on {
                FailOn::Error => Level::Error,
                FailOn::Warning => Level::Warning,
            },
            ..summary
        },
    );
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match format {
        CheckFormat::Human => out.write_all(report::human(checked, failures, &summary).as_bytes()),
        CheckFormat::Json => report::json(&mut out, checked, failures, &summary),
        CheckFormat::Github => {
            out.write_all(report::github(checked, failures, &summary, paths).as_bytes())
        }
        CheckFormat::Sarif => report::sarif(&mut out, checked, failures, paths),
        CheckFormat::Junit => {
            out.write_all(report::junit(checked, failures, &summary, files).as_bytes())
        }
    };
    if let Err(e) = written.and_then(|_| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(Error::new(format!("could not write the report: {e}")));
    }
    Ok(if !failures.is_empty() {
        2
    } else if summary.failed {
        1
    } else {
        0
    })
}
