//! qingdan (清单): turns the messy requirement lists that bureaus submit for 减材料 into
//! standardized requirement lists and per-department responsibility lists.
//!
//! Data flows one way: [`ingest`] -> [`normalize`] -> [`dictionary`] -> [`matching`] ->
//! [`methods`] -> [`rules`] -> [`standardize`] -> [`output`], with [`cell`] and [`schema`]
//! under all of them. [`pipeline`] runs the stages that clean, check and catalog share;
//! [`report`], [`catalog`] and [`learn`] work on what it produced. The command line (`cli`,
//! and `cmd`, a file per command) is private: it parses, calls the library and prints, and
//! is the only place that prints.

// Only the command line prints; `cli` and `cmd` allow it for themselves.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod catalog;
pub mod cell;
#[allow(clippy::print_stdout, clippy::print_stderr)]
mod cli;
#[allow(clippy::print_stdout, clippy::print_stderr)]
mod cmd;
pub mod config;
pub mod dictionary;
pub mod draft;
pub mod error;
pub mod eval;
pub mod ingest;
pub mod learn;
pub mod matching;
pub mod messages;
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
    cmd::run(args)
}
