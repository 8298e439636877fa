//! `qingdan dict check` and `qingdan dict show` (`dict init` is dict_init.rs).

use std::io::Write;

use crate::cli::DictCommand;
use crate::dictionary::{Dictionaries, Relation};
use crate::error::Result;
use crate::normalize::compact;

/// Runs a `dict` subcommand; returns the exit code.
pub fn run(cmd: &DictCommand) -> Result<i32> {
    match cmd {
        DictCommand::Init { region, out, force } => super::dict_init::run(region, out, *force),
        DictCommand::Check { dict, uncertain } => {
            let mut out = std::io::stdout().lock();
            let d = match Dictionaries::load(dict.as_deref()) {
                Ok(d) => d,
                Err(e) => {
                    // A malformed file is a finding of this command, not a failure to run it.
                    let _ = writeln!(out, "{}", e.message);
                    let _ = writeln!(out, "{}", crate::tr!("dict.one_problem"));
                    return Ok(1);
                }
            };
            let mut problems = crate::dictionary::check(&d);
            problems.extend(crate::dictionary::duplicate_rows(dict.as_deref())?);
            problems.sort();
            for p in &problems {
                print_problem(&mut out, p);
            }
            if *uncertain {
                let listed = crate::dictionary::uncertain(&d);
                for p in &listed {
                    print_problem(&mut out, p);
                }
                let _ = writeln!(
                    out,
                    "{}",
                    crate::tr!("dict.uncertain", count = listed.len())
                );
            }
            let unknown = crate::dictionary::unknown_issuers(&d);
            if unknown > 0 {
                let _ = writeln!(
                    out,
                    "{}",
                    crate::tr!("dict.unknown_issuers", count = unknown)
                );
            }
            let summary = crate::tr!(
                "dict.summary",
                depts = d.departments.len(),
                materials = d.materials.len(),
                problems = problems.len()
            );
            let _ = writeln!(out, "{summary}");
            Ok(if problems.is_empty() { 0 } else { 1 })
        }
        DictCommand::Show { name, dict } => {
            let d = Dictionaries::load(dict.as_deref())?;
            let key = compact(name);
            let mut out = std::io::stdout().lock();
            let mut found = 0;
            for dep in &d.departments {
                let names: Vec<&String> = std::iter::once(&dep.name)
                    .chain(&dep.aliases)
                    .chain(&dep.former_names)
                    .collect();
                if !names.iter().any(|n| compact(n) == key) {
                    continue;
                }
                found += 1;
                let head = crate::tr!("dictshow.department", name = dep.name, line = dep.line);
                let _ = writeln!(out, "{head}");
                let _ = writeln!(out, "  aliases:      {}", dep.aliases.join(" | "));
                let _ = writeln!(out, "  former names: {}", dep.former_names.join(" | "));
                let _ = writeln!(out, "  region:       {}", dep.region);
                let _ = writeln!(out, "  code:         {}", dep.code);
                if !dep.note.is_empty() {
                    let _ = writeln!(out, "  note:         {}", dep.note);
                }
                let issued: Vec<&str> = d
                    .materials
                    .iter()
                    .filter(|m| m.issuer == dep.name)
                    .map(|m| m.name.as_str())
                    .collect();
                let _ = writeln!(out, "  issues:       {}", issued.join("、"));
            }
            // Nationwide other names (reforms.csv) reach a material too (户口本 -> 居民户口簿).
            let through_reforms: Vec<(&str, &str)> = d
                .reforms
                .iter()
                .filter(|r| r.kind == "material" && r.names.iter().any(|n| compact(n) == key))
                .map(|r| (r.current.as_str(), r.note.as_str()))
                .collect();
            for m in &d.materials {
                let reform = through_reforms.iter().find(|(c, _)| *c == compact(&m.name));
                if reform.is_none()
                    && !std::iter::once(&m.name)
                        .chain(&m.aliases)
                        .chain(&m.former_names)
                        .any(|n| compact(n) == key)
                {
                    continue;
                }
                found += 1;
                let head = crate::tr!("dictshow.material", name = m.name, line = m.line);
                let _ = writeln!(out, "{head}");
                if let Some((_, note)) = reform {
                    let line = if note.is_empty() {
                        crate::tr!("dictshow.reform", name = name)
                    } else {
                        crate::tr!("dictshow.reform_note", name = name, note = note)
                    };
                    let _ = writeln!(out, "  {line}");
                }
                print_material(&mut out, &d, m);
            }
            for (kind, text) in &d.never_match {
                if compact(text) == key {
                    found += 1;
                    let line = crate::tr!("dictshow.never", kind = kind, text = text);
                    let _ = writeln!(out, "{line}");
                }
            }
            if found == 0 {
                let _ = writeln!(out, "{}", crate::tr!("dictshow.none", name = name));
                return Ok(1);
            }
            Ok(0)
        }
    }
}

/// A material's names, its own and the nationwide ones reforms.csv gives it, and its facts.
fn print_material(out: &mut impl Write, d: &Dictionaries, m: &crate::dictionary::Material) {
    let _ = writeln!(out, "  aliases:  {}", m.aliases.join(" | "));
    if !m.former_names.is_empty() {
        let _ = writeln!(out, "  former:   {}", m.former_names.join(" | "));
    }
    // What a dictionary with this name gets from reforms.csv, which materials.csv no longer
    // repeats: 大绿本 is a name of 机动车登记证书 in any city.
    let key = compact(&m.name);
    let rows = || {
        d.reforms
            .iter()
            .filter(|r| r.kind == "material" && r.current == key)
    };
    for (relation, label) in [
        (Relation::Common, "common"),
        (Relation::Former, "former"),
        (Relation::Shared, "shared"),
    ] {
        let names: Vec<&str> = rows()
            .filter(|r| r.relation == relation)
            .flat_map(|r| r.names.iter().map(String::as_str))
            .filter(|n| !m.former_names.iter().any(|f| compact(f) == compact(n)))
            .collect();
        if !names.is_empty() {
            let _ = writeln!(
                out,
                "  {label}:{:w$}{} (reforms.csv)",
                "",
                names.join(" | "),
                w = 9 - label.len()
            );
        }
    }
    let _ = writeln!(out, "  issuer:   {}", m.issuer);
    let _ = writeln!(out, "  category: {}", m.category);
    let _ = writeln!(out, "  fields:   {}", m.fields.join("、"));
    if !m.note.is_empty() {
        let _ = writeln!(out, "  note:     {}", m.note);
    }
}

/// One problem as `file：第 N 行：message`.
fn print_problem(out: &mut impl Write, p: &crate::dictionary::Problem) {
    let line = crate::tr!(
        "dict.at_line",
        file = p.file,
        line = p.line,
        msg = p.message
    );
    let _ = writeln!(out, "{line}");
}
