//! Stage marks for benchmarks: the library says when a stage of a run ends, and whoever set a
//! sink decides what to do with it. The binary sets one with `QINGDAN_TRACE`, which prints the
//! time and memory at each stage (bench/pipeline reads it); the library itself never prints.

use std::sync::OnceLock;

static SINK: OnceLock<fn(&str)> = OnceLock::new();

/// Sends stage marks to `sink` from now on (the first sink set stays).
pub fn set_sink(sink: fn(&str)) {
    let _ = SINK.set(sink);
}

/// Marks the end of a stage (`read`, `matched`, …).
pub fn stage(name: &str) {
    if let Some(sink) = SINK.get() {
        sink(name);
    }
}
