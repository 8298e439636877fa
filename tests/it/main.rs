//! Integration tests: the real binary on real files. One test binary, modules by area.

mod bad_input;
mod catalog;
mod charts;
mod check;
mod common;
mod district;
mod examples;
mod golden;
mod hostile;
mod init;
mod injection;
mod learn;
mod lookup;
mod pairing;
mod quirks;
mod rules;
mod suggest;
