//! The commands. Each composes the pipeline stages and is the only place that prints.

pub mod catalog;
pub mod check;
pub mod clean;
pub mod dict;
pub mod learn;
pub mod lookup;
pub mod rules;

use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::config::Config;
use crate::dictionary::Dictionaries;
use crate::error::{Error, Result};
use crate::ingest::FileStats;
use crate::ingest::{self, InputFile, SheetSkip, Table};
use crate::matching::Matchers;
use crate::methods::Classifier;
use crate::rules::{Finding, Level};
use crate::standardize::{Standardized, standardize};

/// Everything a run over inputs produced.
pub struct Run {
    /// The dictionaries used.
    pub dict: Dictionaries,
    /// Per-file accounting, in input order.
    pub stats: Vec<FileStats>,
    /// Tables read, in input order.
    pub tables: Vec<Table>,
    /// Sheets skipped, with reasons.
    pub skips: Vec<SheetSkip>,
    /// Files that could not be read.
    pub failures: Vec<Error>,
    /// Standardized records and findings.
    pub std: Standardized,
    /// Each input's display name (来源文件) and its path on disk.
    pub paths: std::collections::BTreeMap<String, PathBuf>,
}

/// Options of a run.
pub struct RunOptions<'a> {
    /// Inputs as given.
    pub inputs: &'a [PathBuf],
    /// `--dict`.
    pub dict: Option<&'a Path>,
    /// `--encoding`.
    pub encoding: Option<&'a str>,
    /// A folder not to read from (the output folder).
    pub exclude: Option<&'a Path>,
    /// Show a progress bar (only drawn on a terminal).
    pub progress: bool,
    /// Rule levels, thresholds, extra headers and the config's dictionary folder.
    pub config: &'a Config,
}

/// Reads, standardizes and checks the inputs. Unreadable files are collected in
/// [`Run::failures`]; a bad argument or dictionary is an error.
pub fn run_pipeline(opts: &RunOptions<'_>) -> Result<Run> {
    crate::trace("start");
    let mut dict = Dictionaries::load(opts.dict.or(opts.config.dict.as_deref()))?;
    for (field, header) in &opts.config.headers {
        dict.headers
            .insert(crate::normalize::header_key(header), *field);
    }
    let encoding = opts.encoding.map(ingest::parse_encoding).transpose()?;
    let files = ingest::discover(opts.inputs, opts.exclude)?;
    let paths = files
        .iter()
        .map(|f| (f.display.clone(), f.path.clone()))
        .collect();
    if files.is_empty() {
        return Err(Error::new(format!(
            "no .xlsx .xlsm .xls .xlsb .ods or .csv files found in {}",
            opts.inputs
                .iter()
                .map(|p| format!("`{}`", p.display()))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let bar = if opts.progress {
        let b = ProgressBar::new(files.len() as u64);
        b.set_style(
            ProgressStyle::with_template("{spinner} reading {pos}/{len} files {wide_bar} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    // Each file is read and its tables found on one core; its raw grids are gone before the
    // next file's are read, so memory holds tables, not workbooks.
    type Found = Result<Vec<std::result::Result<Table, SheetSkip>>>;
    let strings = crate::cell::SyncInterner::default();
    let read: Vec<(InputFile, Found)> = files
        .par_iter()
        .map(|f| {
            let found = ingest::read_file(f, encoding).map(|grids| {
                grids
                    .into_iter()
                    .map(|g| ingest::find_table(&f.display, g, &dict.headers, &strings))
                    .collect()
            });
            bar.inc(1);
            (f.clone(), found)
        })
        .collect();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar.set_message("matching names and checking rows");

    let mut stats = Vec::new();
    let mut tables = Vec::new();
    let mut skips = Vec::new();
    let mut failures = Vec::new();
    for (file, result) in read {
        let found = match result {
            Ok(g) => g,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        let mut st = FileStats {
            file: file.display.clone(),
            ..Default::default()
        };
        let mut file_skips = Vec::new();
        for table in found {
            match table {
                Ok(t) => {
                    st.tables += 1;
                    st.data_rows += t.data_rows;
                    st.written += t.data_rows;
                    st.above_header += t.above_header as usize;
                    for (reason, rows) in &t.skipped {
                        *st.non_data.entry(reason.label()).or_default() += rows.len();
                    }
                    tables.push(t);
                }
                Err(skip) => {
                    // An empty sheet is not worth a word; a sheet with content but no header is.
                    if skip.nonempty_rows > 0 {
                        st.skipped_sheets += 1;
                        file_skips.push(skip);
                    }
                }
            }
        }
        // A file without a single table is not a requirement list: an input error, not a skip.
        if st.tables == 0 {
            failures.push(match file_skips.first() {
                None => Error::new(format!("`{}`: no data: every sheet is empty", file.display)),
                Some(first) => Error::new(format!(
                    "`{}`: no sheet has a recognisable header (sheet `{}`: {})",
                    file.display, first.sheet, first.reason
                ))
                .hint("check that the file is a requirement list; add missing header synonyms to headers.csv with --dict"),
            });
            continue;
        }
        skips.append(&mut file_skips);
        stats.push(st);
    }
    crate::trace("read");
    let levels = &opts.config.levels;
    let matchers = Matchers::new(&dict, opts.config.thresholds);
    let classifier = Classifier::new(&dict);
    let mut std = standardize(&mut tables, &dict, &matchers, &classifier, levels);
    crate::trace("standardized");
    let mut sheet_findings = Vec::new();
    if let Some(level) = levels.of("sheet-no-header") {
        for s in &skips {
            sheet_findings.push(Finding {
                file: s.file.as_str().into(),
                sheet: s.sheet.as_str().into(),
                row: None,
                cell: None,
                code: "sheet-no-header",
                level,
                field: "",
                text: "".into(),
                message: format!(
                    "sheet skipped ({} non-empty rows): {}",
                    s.nonempty_rows, s.reason
                )
                .into(),
                suggestion: None,
            });
        }
    }
    if let Some(level) = levels.of("column-missing") {
        for t in &tables {
            let missing: Vec<&str> = crate::schema::Field::ALL
                .iter()
                .filter(|f| f.required() && !t.field_cols.contains_key(f))
                .map(|f| f.header())
                .collect();
            if !missing.is_empty() {
                sheet_findings.push(Finding {
                    file: t.file.clone(),
                    sheet: t.sheet.clone(),
                    row: Some(t.header_rows.1),
                    cell: None,
                    code: "column-missing",
                    level,
                    field: "",
                    text: "".into(),
                    message: format!("no column for {}", missing.join("、")).into(),
                    suggestion: Some(
                        "add the column, or a header synonym for it in headers.csv".into(),
                    ),
                });
            }
        }
    }
    bar.finish_and_clear();
    // Rows point into std.findings by index: sheet-level findings go after them.
    std.findings.extend(sheet_findings);
    Ok(Run {
        dict,
        stats,
        tables,
        skips,
        failures,
        std,
        paths,
    })
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
    let run = run_pipeline(&RunOptions {
        inputs: &input.inputs,
        dict: input.dict.as_deref(),
        encoding: input.encoding.as_deref(),
        exclude: Some(outdir),
        progress: !quiet && std::io::IsTerminal::is_terminal(&std::io::stderr()),
        config: &config,
    })?;
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
