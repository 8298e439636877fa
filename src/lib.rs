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
pub mod pipeline;
pub mod report;
pub mod rules;
pub mod schema;
pub mod standardize;
pub mod trace;

pub use error::{Error, Result};

/// Runs the command line; returns the process exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    cli::run(args)
}
