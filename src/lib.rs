//! qingdan (清单): turns the messy requirement lists that bureaus submit for 减材料 into
//! standardized requirement lists and per-department responsibility lists.
//!
//! Data flows one way: [`ingest`] -> [`normalize`] -> [`dictionary`] -> [`matching`] ->
//! [`methods`] -> [`rules`] (through [`standardize`]) -> [`output`]. The commands in [`cmd`]
//! compose the stages; only they print.

pub mod catalog;
pub mod cell;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod dictionary;
pub mod error;
pub mod eval;
pub mod ingest;
pub mod learn;
pub mod matching;
pub mod methods;
pub mod normalize;
pub mod output;
pub mod report;
pub mod rules;
pub mod schema;
pub mod standardize;

pub use error::{Error, Result};

/// Runs the command line; returns the process exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    cli::run(args)
}

/// With `QINGDAN_TRACE` set, prints a stage's time since the first trace and the memory in
/// use and at peak to stderr (for benchmarks: `bench/pipeline` reads it).
pub fn trace(stage: &str) {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    if std::env::var_os("QINGDAN_TRACE").is_none() {
        return;
    }
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
