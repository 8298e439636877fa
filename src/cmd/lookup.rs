//! `qingdan match`: looks names up and prints one result row per input, in order.

use std::io::{BufRead, Write};

use serde::Serialize;

use crate::cli::{MatchArgs, MatchFormat, MatchKind};
use crate::error::{Error, Result};
use crate::matching::{Context, Decision, Engine, Region};
use crate::methods::{Classifier, MethodClass};

/// One output row.
#[derive(Debug, Serialize)]
struct Row {
    input: String,
    #[serde(rename = "match")]
    matched: Vec<String>,
    score: f32,
    decision: &'static str,
    how: String,
    runner_up: Option<String>,
    why: String,
}

/// Runs `match`; returns the exit code.
pub fn run(args: &MatchArgs) -> Result<i32> {
    crate::trace::stage("start");
    let config = super::load_config(args.config.as_deref())?;
    let dict = config.dictionaries(args.dict.as_deref())?;
    crate::trace::stage("dictionaries");
    let thresholds = config.thresholds;
    let texts: Vec<String> = if args.texts.is_empty() {
        std::io::stdin()
            .lock()
            .lines()
            .collect::<std::io::Result<Vec<_>>>()
            .map_err(|e| Error::new(crate::tr!("cli.stdin_failed", error = e)))?
    } else {
        args.texts.clone()
    };
    let rows: Vec<Row> = match args.kind {
        MatchKind::Dept | MatchKind::Material => {
            let engine = if args.kind == MatchKind::Dept {
                Engine::departments(&dict, thresholds)
            } else {
                Engine::materials(&dict, thresholds)
            };
            let ctx = match &args.context {
                Some(c) => {
                    let dept = if args.kind == MatchKind::Dept {
                        engine.clone()
                    } else {
                        Engine::departments(&dict, thresholds)
                    };
                    let o = dept.lookup(c, Context::default());
                    if o.decision != Decision::Auto || o.hits.len() != 1 {
                        return Err(Error::new(crate::tr!("match.context_unknown", context = c)));
                    }
                    let r = dept.region_of(o.hits[0].id);
                    Context {
                        region: (!matches!(r, Region::Unknown | Region::National)).then_some(r),
                    }
                }
                None => Context::default(),
            };
            crate::trace::stage("engine");
            let rows = texts.iter().map(|t| name_row(&engine, t, ctx)).collect();
            // Freeing a national dictionary's index takes a tenth of a run: the process ends
            // here and the system takes the memory back at once.
            std::mem::forget(engine);
            rows
        }
        MatchKind::Method => {
            let c = Classifier::new(&dict);
            texts.iter().map(|t| method_row(&c, t)).collect()
        }
    };
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        MatchFormat::Tsv => write_tsv(&mut out, &rows),
        MatchFormat::Json => serde_json::to_writer_pretty(&mut out, &rows)
            .map_err(std::io::Error::other)
            .and_then(|_| writeln!(out)),
    };
    // A closed pipe (`| head`) is not an error.
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(Error::new(crate::tr!("cli.write_failed", error = e)));
    }
    Ok(0)
}

fn name_row(engine: &Engine, text: &str, ctx: Context) -> Row {
    let o = engine.lookup(text, ctx);
    let (matched, runner_up) = if o.decision == Decision::None {
        (
            Vec::new(),
            o.runner_up
                .as_ref()
                .map(|h| format!("{} ({:.2})", h.name, h.score)),
        )
    } else {
        (
            o.hits.iter().map(|h| h.name.clone()).collect(),
            o.runner_up
                .as_ref()
                .map(|h| format!("{} ({:.2})", h.name, h.score)),
        )
    };
    Row {
        input: text.to_string(),
        matched,
        score: round2(o.score()),
        decision: o.decision.as_str(),
        how: o.how().map(|h| h.as_str().to_string()).unwrap_or_default(),
        runner_up,
        why: o.why,
    }
}

fn method_row(c: &Classifier, text: &str) -> Row {
    let o = c.classify(text);
    let (matched, score, decision, how) = match &o.class {
        MethodClass::Method { name } => {
            let how = if crate::normalize::compact(text) == *name {
                "exact"
            } else {
                "phrase"
            };
            (vec![name.clone()], 1.0, Decision::Auto, how)
        }
        MethodClass::Conflict { names } => (names.clone(), 0.5, Decision::Review, "conflict"),
        MethodClass::ReduceUnstated => (Vec::new(), 0.0, Decision::None, "reduce-unstated"),
        MethodClass::Undecided => (Vec::new(), 0.0, Decision::None, "undecided"),
        MethodClass::Unrecognised => (Vec::new(), 0.0, Decision::None, "unrecognised"),
        MethodClass::Missing => (Vec::new(), 0.0, Decision::None, "missing"),
    };
    Row {
        input: text.to_string(),
        matched,
        score,
        decision: decision.as_str(),
        how: how.to_string(),
        runner_up: None,
        why: o.why,
    }
}

fn round2(x: f32) -> f32 {
    (x * 100.0).round() / 100.0
}

fn write_tsv(out: &mut impl Write, rows: &[Row]) -> std::io::Result<()> {
    writeln!(out, "input\tmatch\tscore\tdecision\thow\trunner_up")?;
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    for r in rows {
        writeln!(
            out,
            "{}\t{}\t{:.2}\t{}\t{}\t{}",
            clean(&r.input),
            clean(&r.matched.join("|")),
            r.score,
            r.decision,
            r.how,
            clean(r.runner_up.as_deref().unwrap_or(""))
        )?;
    }
    Ok(())
}
