//! The commands. Each composes the pipeline stages and is the only place that prints.

pub mod catalog;
pub mod check;
pub mod clean;
pub mod dict;
pub mod learn;
pub mod lookup;
pub mod rules;

use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::pipeline::{self, Options, Progress, Run};
use crate::rules::{Finding, Level};

/// Runs the pipeline, with a progress bar on stderr when `show` (only drawn on a terminal).
pub fn run_pipeline(opts: &Options<'_>, show: bool) -> Result<Run> {
    let bar = if show {
        ProgressBar::new(0)
    } else {
        ProgressBar::hidden()
    };
    let on = |p: Progress| match p {
        Progress::Reading(n) => {
            bar.set_length(n as u64);
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} reading {pos}/{len} files {wide_bar} {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
        }
        Progress::FileRead => bar.inc(1),
        Progress::Matching => {
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar.set_message("matching names and checking rows");
        }
        Progress::Done => bar.finish_and_clear(),
    };
    let run = pipeline::run(opts, &on);
    bar.finish_and_clear();
    run
}

/// Reads and standardizes the inputs of a command that writes into `outdir` (clean,
/// catalog): the output folder is never read, unreadable files are reported on stderr, and
/// unless `keep_going` any of them stops the command before anything is written.
pub fn run_for_writing(
    input: &crate::cli::InputArgs,
    outdir: &Path,
    quiet: bool,
    keep_going: bool,
) -> Result<(Config, Run)> {
    if outdir.is_file() {
        return Err(
            Error::new(format!("output folder `{}` is a file", outdir.display()))
                .hint("give a folder with -o"),
        );
    }
    let config = Config::load(input.config.as_deref())?;
    let run = run_pipeline(
        &Options {
            inputs: &input.inputs,
            dict: input.dict.as_deref(),
            encoding: input.encoding.as_deref(),
            exclude: Some(outdir),
            config: &config,
        },
        !quiet && std::io::IsTerminal::is_terminal(&std::io::stderr()),
    )?;
    for e in &run.failures {
        crate::cli::report_error(e);
    }
    if !run.failures.is_empty() && !keep_going {
        return Err(Error::new(format!(
            "{} input file(s) could not be read; nothing was written",
            run.failures.len()
        ))
        .hint("fix or remove them, or pass --keep-going (clean) to write outputs for the rest"));
    }
    Ok((config, run))
}

/// Counts findings per level.
pub fn level_counts(findings: &[Finding]) -> [usize; 3] {
    let mut c = [0; 3];
    for f in findings {
        c[match f.level {
            Level::Error => 0,
            Level::Warning => 1,
            Level::Info => 2,
        }] += 1;
    }
    c
}
