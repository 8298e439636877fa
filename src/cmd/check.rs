//! `qingdan check`: the CI gate. Runs ingest, matching and rules, writes no workbook, and
//! reports findings in the chosen format. Exit 0: nothing new at or above --fail-on; 1:
//! findings; 2: usage error or an unreadable input.

use crate::cli::CheckArgs;
use crate::cmd::run_pipeline;
use crate::error::{Error, Result};
use crate::pipeline::Options;
use crate::report::{self, Summary};

/// Runs `check`; returns the exit code.
pub fn run(args: &CheckArgs) -> Result<i32> {
    let config = super::input_config(&args.input)?;
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
            .ok_or_else(|| Error::new(crate::tr!("check.baseline_needs_file")))?;
        crate::output::write_file_atomic(
            path,
            report::baseline_text(&run.std.findings).as_bytes(),
        )?;
        eprintln!(
            "{}",
            crate::tr!(
                "check.recorded",
                count = run.std.findings.len(),
                path = path.display()
            )
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
        own_outputs: run.own_outputs.len(),
        ..Default::default()
    };
    report::emit(
        &mut std::io::stdout().lock(),
        &checked,
        &run.failures,
        Summary {
            fail_on: args.fail_on.into(),
            ..summary
        },
        args.format.into(),
        &run.paths,
        &files,
    )
}
