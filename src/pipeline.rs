//! The pipeline that clean, check and catalog share: dictionaries loaded and merged with the
//! configuration, inputs discovered and read in parallel, tables found, rows standardized and
//! checked, sheet rules applied. Options in, records and findings out; progress goes through
//! a callback, so benchmarks and evaluations run it without the command line.
//!
//! What must stay true: every input file is accounted for, in [`Run::stats`] or in
//! [`Run::failures`]; a file with no table at all is a failure, not a skip.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::cell::SyncInterner;
use crate::config::Config;
use crate::dictionary::Dictionaries;
use crate::error::{Error, Result};
use crate::ingest::{self, FileStats, InputFile, SheetSkip, Table};
use crate::matching::{Matchers, Region};
use crate::methods::Classifier;
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
    pub paths: BTreeMap<String, PathBuf>,
    /// Workbooks qingdan wrote, found in input folders and not read.
    pub own_outputs: Vec<PathBuf>,
}

/// Options of a run.
pub struct Options<'a> {
    /// Inputs as given.
    pub inputs: &'a [PathBuf],
    /// `--dict`.
    pub dict: Option<&'a Path>,
    /// `--encoding`.
    pub encoding: Option<&'a str>,
    /// A folder not to read from (the output folder).
    pub exclude: Option<&'a Path>,
    /// Rule levels, thresholds, extra headers and the config's dictionary folder.
    pub config: &'a Config,
}

/// What a run tells the one watching it.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    /// Reading starts: this many files.
    Reading(usize),
    /// One more file was read.
    FileRead,
    /// Every file is read; names are being matched and rows checked.
    Matching,
    /// The run is done.
    Done,
}

/// Reads, standardizes and checks the inputs. Unreadable files are collected in
/// [`Run::failures`]; a bad argument or dictionary is an error.
pub fn run(opts: &Options<'_>, progress: &(dyn Fn(Progress) + Sync)) -> Result<Run> {
    crate::trace::stage("start");
    let dict = opts.config.dictionaries(opts.dict)?;
    let encoding = opts.encoding.map(ingest::parse_encoding).transpose()?;
    let ingest::Discovered { files, own_outputs } = ingest::discover(opts.inputs, opts.exclude)?;
    let paths = files
        .iter()
        .map(|f| (f.display.clone(), f.path.clone()))
        .collect();
    if files.is_empty() {
        let mut e = Error::new(crate::tr!(
            "input.none_found",
            paths = opts
                .inputs
                .iter()
                .map(|p| format!("`{}`", p.display()))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        if !own_outputs.is_empty() {
            let skipped = crate::tr!("input.own_outputs_skipped", count = own_outputs.len());
            e.message.push_str(&skipped);
            e = e.hint(crate::tr!("input.own_outputs_hint"));
        }
        return Err(e);
    }
    progress(Progress::Reading(files.len()));
    // The engines are built while the files are read: a national dictionary's take a second.
    let (read, (matchers, classifier)) = rayon::join(
        || read_all(&files, encoding, &dict, progress),
        || {
            let m = Matchers::new(&dict, opts.config.thresholds);
            (m, Classifier::new(&dict))
        },
    );
    progress(Progress::Matching);
    let (stats, mut tables, skips, failures) = account(read);
    crate::trace::stage("read");
    let levels = &opts.config.levels;
    let region = given_region(opts.config, &matchers)?;
    let mut std = standardize(&mut tables, &dict, &matchers, &classifier, levels, region);
    crate::trace::stage("standardized");
    // Rows point into std.findings by index: sheet-level findings go after them.
    std.findings
        .extend(crate::rules::sheet::no_header(&skips, levels));
    std.findings
        .extend(crate::rules::sheet::column_missing(&tables, levels));
    std.findings.extend(crate::standardize::region_conflict(
        &tables,
        &std.regions,
        levels,
    ));
    progress(Progress::Done);
    Ok(Run {
        dict,
        stats,
        tables,
        skips,
        failures,
        std,
        paths,
        own_outputs,
    })
}

/// The region the user gave (`--region`, `region` in qingdan.toml), as the dictionary knows it.
fn given_region(config: &Config, matchers: &Matchers) -> Result<Option<Region>> {
    let Some(name) = config.region.as_deref() else {
        return Ok(None);
    };
    matchers
        .dept
        .region_in(name, true)
        .map(Some)
        .ok_or_else(|| {
            Error::new(format!("地区 `{name}` 不是词典中的地区"))
                .hint("写区名（闵行区）或市名（上海市），与 departments.csv 的 region 列一致")
        })
}

/// A file's tables and skipped sheets, or why it could not be read.
type Found = Result<Vec<std::result::Result<Table, SheetSkip>>>;

/// Reads every file and finds its tables, each file on one core; a file's raw grids are gone
/// before the next file's are read, so memory holds tables, not workbooks.
fn read_all(
    files: &[InputFile],
    encoding: Option<&'static encoding_rs::Encoding>,
    dict: &Dictionaries,
    progress: &(dyn Fn(Progress) + Sync),
) -> Vec<(InputFile, Found)> {
    let strings = SyncInterner::default();
    files
        .par_iter()
        .map(|f| {
            let found = ingest::read_file(f, encoding).map(|grids| {
                grids
                    .into_iter()
                    .map(|g| ingest::find_table(&f.display, g, &dict.headers, &strings))
                    .collect()
            });
            progress(Progress::FileRead);
            (f.clone(), found)
        })
        .collect()
}

/// What was read, accounted per file: stats, tables, skipped sheets worth a word, and the
/// files that could not be read (a file without a single table among them).
fn account(
    read: Vec<(InputFile, Found)>,
) -> (Vec<FileStats>, Vec<Table>, Vec<SheetSkip>, Vec<Error>) {
    let mut stats = Vec::new();
    let mut tables = Vec::new();
    let mut skips = Vec::new();
    let mut failures = Vec::new();
    for (file, result) in read {
        let found = match result {
            Ok(g) => g,
            Err(e) => {
                failures.push(e.about(&file.display));
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
                    for (reason, n) in &t.skipped {
                        *st.non_data.entry(*reason).or_default() += n;
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
            failures.push(no_table(&file, &file_skips).about(&file.display));
            continue;
        }
        skips.append(&mut file_skips);
        stats.push(st);
    }
    (stats, tables, skips, failures)
}

fn no_table(file: &InputFile, skips: &[SheetSkip]) -> Error {
    match skips.first() {
        None => Error::new(crate::tr!("input.all_empty", file = file.display)),
        Some(first) => Error::new(crate::tr!(
            "input.no_header",
            file = file.display,
            sheet = first.sheet,
            reason = first.reason
        ))
        .hint(crate::tr!("input.no_header_hint")),
    }
}
