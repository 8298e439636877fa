//! `qingdan catalog` (draft 资源目录.xlsx) and `qingdan catalog check`.

use std::io::Write;

use crate::catalog;
use crate::cli::{CatalogArgs, CatalogCheckArgs, CatalogCommand};
use crate::cmd::run_pipeline;
use crate::error::{Error, Result};
use crate::output;
use crate::pipeline::Options;
use crate::report::{self, Summary};

/// Runs `catalog`; returns the exit code.
pub fn run(args: &CatalogArgs) -> Result<i32> {
    if let Some(CatalogCommand::Check(c)) = &args.command {
        return check(c);
    }
    let outdir = args
        .outdir
        .as_deref()
        .ok_or_else(|| Error::new(crate::tr!("catalog.needs_outdir")))?;
    let (config, run) =
        crate::cmd::run_for_writing(&args.input, outdir, args.quiet, args.keep_going)?;
    let previous = match &args.previous {
        Some(p) => catalog::previous_ids(&catalog::read_catalog(p)?),
        None => catalog::Previous::default(),
    };
    let (resources, items, findings) =
        catalog::draft(&run.std.records, &run.dict, &previous, &config.levels);
    let files = catalog::render(&resources, &items, args.split)?;
    output::write_all(outdir, &files)?;
    if !args.quiet {
        let mut out = std::io::stdout().lock();
        let depts: std::collections::BTreeSet<&str> =
            resources.iter().map(|r| r.dept.as_str()).collect();
        let summary = crate::tr!(
            "catalog.summary",
            resources = resources.len(),
            depts = depts.len(),
            items = items.len(),
            rows = run.std.records.len()
        );
        let _ = writeln!(out, "{summary}");
        if let Some(note) = crate::cmd::own_outputs_note(&run) {
            let _ = writeln!(out, "  {note}");
        }
        for f in &findings {
            let _ = writeln!(out, "  {}[{}]: {}", f.level.label(), f.code, f.message);
        }
        for f in &files {
            let line = crate::tr!("cli.wrote", path = outdir.join(&f.path).display());
            let _ = writeln!(out, "  {line}");
        }
    }
    Ok(if run.failures.is_empty() { 0 } else { 2 })
}

fn check(args: &CatalogCheckArgs) -> Result<i32> {
    let config = super::load_config(args.config.as_deref())?;
    let book = catalog::read_catalog(&args.catalog)?;
    let mut failures = Vec::new();
    let mut paths = std::collections::BTreeMap::new();
    paths.insert(book.file.clone(), args.catalog.clone());
    let (dict, records) = if args.requirements.is_empty() {
        (config.dictionaries(args.dict.as_deref())?, None)
    } else {
        let run = run_pipeline(
            &Options {
                inputs: &args.requirements,
                dict: args.dict.as_deref(),
                encoding: None,
                exclude: None,
                config: &config,
            },
            false,
        )?;
        failures = run.failures;
        paths.extend(run.paths);
        (run.dict, Some(run.std.records))
    };
    let findings = catalog::check(&book, records.as_deref(), &dict, &config.levels);
    let checked = report::apply_baseline(findings, None)?;
    let summary = Summary {
        files: 1 + args.requirements.len(),
        sheets: 2,
        rows: book.resources.1.len() + book.items.1.len(),
        ..Default::default()
    };
    report::emit(
        &mut std::io::stdout().lock(),
        &checked,
        &failures,
        Summary {
            fail_on: args.fail_on.into(),
            ..summary
        },
        args.format.into(),
        &paths,
        std::slice::from_ref(&book.file),
    )
}
