//! The commands. Each composes the pipeline stages and is the only place that prints.

pub mod catalog;
pub mod check;
pub mod clean;
pub mod dict;
pub mod dict_init;
pub mod learn;
pub mod lookup;
pub mod rules;

use std::io::Write;
use std::path::Path;

use clap::Parser;

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
                ProgressStyle::with_template(&crate::tr!("progress.reading"))
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
            bar.set_message(crate::tr!("progress.matching"));
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
            Error::new(crate::tr!("cli.outdir_is_file", path = outdir.display()))
                .hint(crate::tr!("cli.outdir_is_file_hint")),
        );
    }
    refuse_mixing(&input.inputs, outdir)?;
    let config = input_config(input)?;
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
        report_error(e);
    }
    if !run.failures.is_empty() && !keep_going {
        return Err(Error::new(crate::tr!(
            "cli.unreadable_inputs",
            count = run.failures.len()
        ))
        .hint(crate::tr!("cli.unreadable_inputs_hint")));
    }
    Ok((config, run))
}

/// Refuses an output folder that is an input folder or holds one. Outputs would lie among
/// the lists they come from, and OUTDIR is qingdan's: --split replaces its 责任清单/ and
/// 资源目录/ folders whole. An output folder inside an input folder is fine: it is never read,
/// nor is any workbook qingdan wrote found in an input folder.
fn refuse_mixing(inputs: &[std::path::PathBuf], outdir: &Path) -> Result<()> {
    let Ok(out) = std::fs::canonicalize(outdir) else {
        // Not there yet: it holds nothing.
        return Ok(());
    };
    for input in inputs.iter().filter(|p| p.is_dir()) {
        let Ok(dir) = std::fs::canonicalize(input) else {
            continue;
        };
        if dir != out && !dir.starts_with(&out) {
            continue;
        }
        let (shown_out, shown_in) = (outdir.display(), input.display());
        let message = if dir == out {
            crate::tr!("cli.outdir_is_input", out = shown_out, input = shown_in)
        } else {
            crate::tr!("cli.input_in_outdir", out = shown_out, input = shown_in)
        };
        let elsewhere = input.join("qingdan-out");
        return Err(Error::new(message).hint(crate::tr!(
            "cli.outdir_own_folder_hint",
            path = elsewhere.display()
        )));
    }
    Ok(())
}

/// The line that says how many workbooks qingdan wrote were found in input folders and not read.
pub fn own_outputs_note(run: &Run) -> Option<String> {
    (!run.own_outputs.is_empty())
        .then(|| crate::tr!("cli.own_outputs_note", count = run.own_outputs.len()))
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

// --lang wins over the configuration's `lang`.
static LANG_FROM_FLAG: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Loads the configuration (`explicit`, else ./qingdan.toml) and takes its `lang` unless
/// --lang was given.
pub fn load_config(explicit: Option<&Path>) -> Result<Config> {
    let c = Config::load(explicit)?;
    if let Some(l) = c.lang
        && !LANG_FROM_FLAG.load(std::sync::atomic::Ordering::Relaxed)
    {
        crate::messages::set_lang(l);
    }
    Ok(c)
}

/// The configuration of a command that reads lists, with `--region` over the file's `region`.
pub fn input_config(input: &crate::cli::InputArgs) -> Result<Config> {
    let mut c = load_config(input.config.as_deref())?;
    if let Some(r) = &input.region {
        c.region = Some(r.clone());
    }
    Ok(c)
}

/// Parses arguments, runs the command and returns the exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match crate::cli::Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    if let Some(l) = cli.lang.as_deref().and_then(crate::messages::Lang::parse) {
        crate::messages::set_lang(l);
        LANG_FROM_FLAG.store(true, std::sync::atomic::Ordering::Relaxed);
    }
    if std::env::var_os("QINGDAN_TRACE").is_some() {
        crate::trace::set_sink(print_trace);
    }
    quiet_guarded_panics();
    let result = match cli.command {
        crate::cli::Command::Clean(a) => clean::run(&a),
        crate::cli::Command::Check(a) => check::run(&a),
        crate::cli::Command::Match(a) => lookup::run(&a),
        crate::cli::Command::Rules => rules::run(),
        crate::cli::Command::Learn(a) => learn::run(&a),
        crate::cli::Command::Catalog(a) => catalog::run(&a),
        crate::cli::Command::Dict(d) => dict::run(&d),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            report_error(&e);
            e.code()
        }
    }
}

/// A reader's panic on a damaged file is caught and reported as that file's error; the
/// default hook would still print it as a crash, so it stays quiet for those. Any other
/// panic is a bug and is printed as usual.
fn quiet_guarded_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !crate::ingest::in_guard() {
            default(info);
        }
    }));
}

/// Prints a stage's time since the first mark and the memory in use and at peak to stderr
/// (`QINGDAN_TRACE`; bench/pipeline reads it).
fn print_trace(stage: &str) {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    let t = START.get_or_init(std::time::Instant::now).elapsed();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |key: &str| -> u64 {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    eprintln!(
        "qingdan-trace {stage} t={:.3} rss_mb={} peak_mb={}",
        t.as_secs_f64(),
        kb("VmRSS:") / 1024,
        kb("VmHWM:") / 1024
    );
}

/// Prints an error as `error: …` with its hint.
pub fn report_error(e: &Error) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", crate::tr!("cli.error", message = e.message));
    if let Some(h) = &e.hint {
        let _ = writeln!(err, "  {}", crate::tr!("report.hint", hint = h));
    }
}
