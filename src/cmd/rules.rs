//! `qingdan rules`: every rule code with its default level and meaning.

use std::io::Write;

use crate::error::Result;
use crate::rules::RULES;

/// Prints the rule table; returns the exit code.
pub fn run() -> Result<i32> {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{:<22} {:<8} {}",
        "code",
        "level",
        crate::tr!("rules.meaning")
    );
    for r in RULES.iter() {
        let _ = writeln!(
            out,
            "{:<22} {:<8} {}",
            r.code,
            r.level.as_str(),
            r.meaning()
        );
    }
    Ok(0)
}
