//! `dict check`: what a dictionary edit can get wrong and the loader cannot see: duplicate
//! names, one name given to two entries, issuers that are not departments, and other names in
//! reforms.csv that contradict materials.csv.

use std::collections::HashMap;

use super::Dictionaries;
use crate::normalize::compact;

/// A problem `dict check` found.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// File name.
    pub file: String,
    /// Line (1 = header).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Who owns each compacted name of one dictionary file, for `check`.
struct Owners {
    file: &'static str,
    seen: HashMap<String, (String, usize, &'static str)>,
}

impl Owners {
    fn new(file: &'static str) -> Owners {
        Owners {
            file,
            seen: HashMap::new(),
        }
    }

    /// Records that `owner` (at `line`) is called `text`; reports a clash.
    fn claim(
        &mut self,
        problems: &mut Vec<Problem>,
        line: usize,
        owner: &str,
        text: &str,
        what: &'static str,
    ) {
        let c = compact(text);
        let message = match self.seen.get(&c) {
            None => {
                self.seen.insert(c, (owner.to_string(), line, what));
                return;
            }
            // A body that became several (上海市城乡建设和交通委员会): each has its former
            // name, and a match through it is a review.
            Some((_, _, "former name")) if what == "former name" => return,
            Some((o, l, w)) if o != owner => {
                crate::tr!(
                    "dictcheck.shared",
                    what = what_label(what),
                    text = text,
                    owner = owner,
                    w = what_label(w),
                    o = o,
                    l = l
                )
            }
            Some((_, l, "name")) if what == "name" => {
                crate::tr!("dictcheck.duplicate_name", text = text, l = l)
            }
            Some(_) => return,
        };
        problems.push(Problem {
            file: self.file.into(),
            line,
            message,
        });
    }
}

/// Checks dictionaries for duplicate names, names shared by two entries, unknown issuers, and
/// other names in reforms.csv that contradict materials.csv.
pub fn check(dict: &Dictionaries) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut depts = Owners::new("departments.csv");
    // Names first, so an alias equal to another entry's name is reported on the alias.
    for d in &dict.departments {
        depts.claim(&mut problems, d.line, &d.name, &d.name, "name");
    }
    for d in &dict.departments {
        for a in &d.aliases {
            depts.claim(&mut problems, d.line, &d.name, a, "alias");
        }
        for f in &d.former_names {
            depts.claim(&mut problems, d.line, &d.name, f, "former name");
        }
    }
    // The embedded materials name Shanghai's bodies as issuers: with a folder's own
    // departments.csv (a draft for another region) they are not the folder's mistakes, and
    // are not used (`unknown_issuers`).
    let issuers_checked = own(dict, "materials.csv") || !own(dict, "departments.csv");
    let dept_names: std::collections::HashSet<&str> =
        dict.departments.iter().map(|d| d.name.as_str()).collect();
    let mut mats = Owners::new("materials.csv");
    for m in &dict.materials {
        mats.claim(&mut problems, m.line, &m.name, &m.name, "name");
    }
    for m in &dict.materials {
        for a in &m.aliases {
            mats.claim(&mut problems, m.line, &m.name, a, "alias");
        }
        for f in &m.former_names {
            mats.claim(&mut problems, m.line, &m.name, f, "former name");
        }
        if issuers_checked && !m.issuer.is_empty() && !dept_names.contains(m.issuer.as_str()) {
            problems.push(Problem {
                file: "materials.csv".into(),
                line: m.line,
                message: crate::tr!("dictcheck.issuer", issuer = m.issuer, name = m.name),
            });
        }
    }
    check_reforms(dict, &mats, &mut problems);
    problems.sort();
    problems
}

/// Rows that repeat an earlier row of the same file, cell for cell, in every dictionary file
/// in force (`learn` run twice, or a paste done twice, leaves them).
pub fn duplicate_rows(dir: Option<&std::path::Path>) -> crate::error::Result<Vec<Problem>> {
    let mut problems = Vec::new();
    for (name, _) in super::FILES {
        let (text, _) = Dictionaries::file_text(dir, name)?;
        let table = super::CsvTable::parse(name, &text)?;
        let mut seen: HashMap<Vec<&str>, usize> = HashMap::new();
        for (line, row) in &table.rows {
            let key: Vec<&str> = row.iter().map(|c| c.trim()).collect();
            match seen.get(&key) {
                Some(first) => problems.push(Problem {
                    file: name.to_string(),
                    line: *line,
                    message: crate::tr!("dictcheck.duplicate_row", first = first),
                }),
                None => {
                    seen.insert(key, *line);
                }
            }
        }
    }
    Ok(problems)
}

/// Whether the file comes from the user's folder, not the embedded defaults.
fn own(dict: &Dictionaries, file: &str) -> bool {
    dict.origins
        .iter()
        .any(|(n, origin)| n == file && origin != "embedded")
}

/// Issuers of the embedded materials that the folder's own departments.csv does not have
/// (Shanghai's bodies, with a draft for another region), which `check` does not report: how
/// many materials name one. Such an issuer is not used to infer a responsible department.
pub fn unknown_issuers(dict: &Dictionaries) -> usize {
    if own(dict, "materials.csv") || !own(dict, "departments.csv") {
        return 0;
    }
    let names: std::collections::HashSet<&str> =
        dict.departments.iter().map(|d| d.name.as_str()).collect();
    dict.materials
        .iter()
        .filter(|m| !m.issuer.is_empty() && !names.contains(m.issuer.as_str()))
        .count()
}

/// The entries whose note says a fact is uncertain (`uncertain: …`), and the reforms.csv rows
/// whose note, quoted in explanations in Chinese, says 待核实, for a person to confirm.
pub fn uncertain(dict: &Dictionaries) -> Vec<Problem> {
    let is_uncertain = |note: &str| note.trim_start().starts_with("uncertain");
    let depts = dict
        .departments
        .iter()
        .filter(|d| is_uncertain(&d.note))
        .map(|d| Problem {
            file: "departments.csv".into(),
            line: d.line,
            message: format!("{}: {}", d.name, d.note),
        });
    let mats = dict
        .materials
        .iter()
        .filter(|m| is_uncertain(&m.note))
        .map(|m| Problem {
            file: "materials.csv".into(),
            line: m.line,
            message: format!("{}: {}", m.name, m.note),
        });
    let reforms = (dict.reforms.iter())
        .filter(|r| r.note.contains("待核实"))
        .map(|r| Problem {
            file: "reforms.csv".into(),
            line: r.line,
            message: format!("{} ← {}: {}", r.current, r.names.join("|"), r.note),
        });
    depts.chain(mats).chain(reforms).collect()
}

/// reforms.csv: a material's other name that materials.csv gives to another material (the
/// dictionary wins, so the row says something untrue of it), or one name given to two
/// materials in reforms.csv.
fn check_reforms(dict: &Dictionaries, mats: &Owners, problems: &mut Vec<Problem>) {
    let mut given: HashMap<String, (String, usize)> = HashMap::new();
    for r in dict.reforms.iter().filter(|r| r.kind == "material") {
        for n in &r.names {
            let n = &compact(n);
            let mut clash = None;
            if let Some((owner, line, what)) = mats.seen.get(n)
                && compact(owner) != r.current
            {
                clash = Some(crate::tr!(
                    "dictcheck.reform_clash",
                    n = n,
                    current = r.current,
                    what = what_label(what),
                    owner = owner,
                    line = line
                ));
            }
            match given.get(n) {
                Some((cur, line)) if *cur != r.current => {
                    clash = Some(crate::tr!(
                        "dictcheck.given_twice",
                        n = n,
                        current = r.current,
                        cur = cur,
                        line = line
                    ));
                }
                Some(_) => {}
                None => {
                    given.insert(n.clone(), (r.current.clone(), r.line));
                }
            }
            if let Some(message) = clash {
                problems.push(Problem {
                    file: "reforms.csv".into(),
                    line: r.line,
                    message,
                });
            }
        }
    }
}

/// A kind of name (name, alias, former name) as people read it.
fn what_label(what: &str) -> String {
    match what {
        "name" => crate::tr!("dictcheck.name"),
        "alias" => crate::tr!("dictcheck.alias"),
        "former name" => crate::tr!("dictcheck.former"),
        other => other.to_string(),
    }
}
