//! The command line's arguments: clap definitions, parsed once into typed values that the
//! commands in `cmd` read (they never see raw flags).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Turns messy 减材料 requirement lists into standardized lists and responsibility lists.
#[derive(Debug, Parser)]
#[command(name = "qingdan", version, about, long_about = None, arg_required_else_help = true)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
    /// Language of messages and workbook texts: zh (中文, the default) or en (overrides
    /// `lang` in qingdan.toml).
    #[arg(long, global = true, value_name = "zh|en", value_parser = ["zh", "en"])]
    pub lang: Option<String>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Standardize requirement lists: writes 标准化需求清单.xlsx and 责任清单.xlsx into OUTDIR.
    Clean(CleanArgs),
    /// Check submitted lists and report findings, for CI: exit 1 when any is at or above --fail-on.
    Check(CheckArgs),
    /// Look names up in the dictionaries, one result row per input.
    Match(MatchArgs),
    /// List every rule code with its default level and meaning.
    Rules,
    /// Draft the resource catalog (资源目录) the requirements call for; `catalog check` checks one.
    Catalog(CatalogArgs),
    /// Write reviewers' decisions from 待复核 into the dictionary CSVs of DIR.
    Learn(LearnArgs),
    /// Check or inspect dictionaries.
    #[command(subcommand)]
    Dict(DictCommand),
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct CatalogArgs {
    #[command(subcommand)]
    pub command: Option<CatalogCommand>,
    #[command(flatten)]
    pub input: InputArgs,
    /// Output folder (created if missing).
    #[arg(short = 'o', long = "out", value_name = "OUTDIR", required = true)]
    pub outdir: Option<PathBuf>,
    /// Write one workbook per department into OUTDIR/资源目录/ instead of one 资源目录.xlsx.
    #[arg(long)]
    pub split: bool,
    /// A catalog drafted before: every identifier it issued is kept for the same resource.
    #[arg(long, value_name = "CATALOG.xlsx")]
    pub previous: Option<PathBuf>,
    /// Write the catalog of the readable inputs even when some cannot be read (exit code stays 2).
    #[arg(long)]
    pub keep_going: bool,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Check a catalog departments filled in; with --requirements, reconcile it (对账).
    Check(CatalogCheckArgs),
}

#[derive(Debug, Args)]
pub struct CatalogCheckArgs {
    /// The catalog workbook (sheets 资源目录 and 信息项).
    #[arg(value_name = "CATALOG.xlsx")]
    pub catalog: PathBuf,
    /// Standardized lists (or raw lists) whose requirements the catalog must cover.
    #[arg(long, value_name = "LIST")]
    pub requirements: Vec<PathBuf>,
    /// Folder whose CSV files replace the embedded dictionaries of the same name.
    #[arg(long, value_name = "DIR")]
    pub dict: Option<PathBuf>,
    /// Configuration file (default: ./qingdan.toml when present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: CheckFormat,
    /// Lowest level that fails the check (exit 1).
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: FailOn,
}

#[derive(Debug, Args)]
pub struct LearnArgs {
    /// The 标准化需求清单.xlsx that `clean` wrote, with 决定 (and 标准名称) filled in 待复核.
    #[arg(value_name = "REVIEWED.xlsx")]
    pub reviewed: PathBuf,
    /// Dictionary folder to write into (files it lacks start from the embedded defaults).
    #[arg(long, value_name = "DIR")]
    pub dict: PathBuf,
    /// Show the changes without writing them.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Subcommand)]
pub enum DictCommand {
    /// Draft a departments.csv for a region of China: its people's government and standard
    /// departments, those of the regions under it, and the national ministries.
    Init {
        /// A province, city or county by name (浙江省, 杭州市, 西湖区, 杭州市西湖区) or by
        /// 行政区划代码 (330106); 全国 for every region.
        #[arg(long, value_name = "REGION")]
        region: String,
        /// Folder to write departments.csv into (created if missing).
        #[arg(short = 'o', long = "out", value_name = "DIR")]
        out: PathBuf,
        /// Replace DIR/departments.csv when it exists.
        #[arg(long)]
        force: bool,
    },
    /// Report duplicate names, names shared by two entries, unknown issuers, malformed lines.
    Check {
        /// Folder whose CSV files replace the embedded dictionaries of the same name.
        #[arg(long, value_name = "DIR")]
        dict: Option<PathBuf>,
        /// Also list the entries whose note says a fact is uncertain (not problems).
        #[arg(long)]
        uncertain: bool,
    },
    /// Show an entry (by name, alias or former name) and everything that points to it.
    Show {
        /// The name to look up.
        name: String,
        /// Folder whose CSV files replace the embedded dictionaries of the same name.
        #[arg(long, value_name = "DIR")]
        dict: Option<PathBuf>,
    },
}

/// Options shared by commands that read lists.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files (.xlsx .xlsm .xls .xlsb .ods .csv) or folders, searched recursively.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Folder whose CSV files replace the embedded dictionaries of the same name.
    #[arg(long, value_name = "DIR")]
    pub dict: Option<PathBuf>,
    /// Encoding of CSV inputs (default: detect UTF-8 or GBK/GB18030).
    #[arg(long, value_name = "ENCODING")]
    pub encoding: Option<String>,
    /// Configuration file (default: ./qingdan.toml when present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The submitting region (闵行区, 上海市), for 区…, 本区… and bare names; without it each
    /// sheet's region is inferred.
    #[arg(long, value_name = "NAME")]
    pub region: Option<String>,
}

#[derive(Debug, Args)]
pub struct CleanArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output folder (created if missing).
    #[arg(short = 'o', long = "out", value_name = "OUTDIR")]
    pub outdir: PathBuf,
    /// Write one workbook per department into OUTDIR/责任清单/ instead of one 责任清单.xlsx.
    #[arg(long)]
    pub split: bool,
    /// Also write 标准化需求清单.csv (UTF-8 with BOM).
    #[arg(long)]
    pub csv: bool,
    /// Write outputs for the readable inputs even when some cannot be read (exit code stays 2).
    #[arg(long)]
    pub keep_going: bool,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Output format of `check`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum CheckFormat {
    /// One block per finding, like a compiler diagnostic, then a summary.
    Human,
    /// One JSON document: findings and summary.
    Json,
    /// GitHub Actions workflow annotations.
    Github,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// JUnit XML, one test case per file.
    Junit,
}

impl From<CheckFormat> for crate::report::Format {
    fn from(f: CheckFormat) -> Self {
        use crate::report::Format;
        match f {
            CheckFormat::Human => Format::Human,
            CheckFormat::Json => Format::Json,
            CheckFormat::Github => Format::Github,
            CheckFormat::Sarif => Format::Sarif,
            CheckFormat::Junit => Format::Junit,
        }
    }
}

impl From<FailOn> for crate::rules::Level {
    fn from(f: FailOn) -> Self {
        match f {
            FailOn::Error => crate::rules::Level::Error,
            FailOn::Warning => crate::rules::Level::Warning,
        }
    }
}

/// The lowest level that fails the check.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FailOn {
    /// Errors fail.
    Error,
    /// Warnings and errors fail.
    Warning,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: CheckFormat,
    /// Lowest level that fails the check (exit 1).
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: FailOn,
    /// Findings recorded in FILE do not fail the check; only new ones do.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record today's findings into the --baseline file and exit 0.
    #[arg(long, requires = "baseline")]
    pub write_baseline: bool,
}

/// What `match` looks up.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum MatchKind {
    /// Departments (需求单位, 材料来源, 责任单位).
    Dept,
    /// Materials (材料名称).
    Material,
    /// Reduction methods (使用方式).
    Method,
}

/// Output format of `match`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum MatchFormat {
    /// Tab-separated, with a header row.
    Tsv,
    /// One JSON array.
    Json,
}

#[derive(Debug, Args)]
pub struct MatchArgs {
    /// Which dictionary to match against.
    #[arg(long, value_enum)]
    pub kind: MatchKind,
    /// Folder whose CSV files replace the embedded dictionaries of the same name.
    #[arg(long, value_name = "DIR")]
    pub dict: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "tsv")]
    pub format: MatchFormat,
    /// The submitting unit (a department name), for 区… and bare names.
    #[arg(long, value_name = "DEPT")]
    pub context: Option<String>,
    /// Configuration file (thresholds, dictionary folder; default: ./qingdan.toml when present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Names to look up; read from standard input, one per line, when none are given.
    #[arg(value_name = "TEXT")]
    pub texts: Vec<String>,
}
