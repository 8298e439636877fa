//! Report: renders findings for people and machines (human, JSON, GitHub annotations, SARIF
//! 2.1.0, JUnit XML) and applies a baseline.
//!
//! The small renderers return a String and the command prints it; JSON and SARIF, which grow
//! with the findings, write to the output as they go. The JSON document's shape is
//! public (README "check JSON").

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::error::{Error, Result};
use crate::rules::{Finding, Level, RULES};

/// The formats findings are reported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One block per finding, like a compiler diagnostic, then a summary.
    Human,
    /// One JSON document: findings and summary.
    Json,
    /// GitHub Actions workflow annotations.
    Github,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// JUnit XML, one test case per file.
    Junit,
}

/// Writes checked findings to `out` in `format` (`summary.fail_on` says what fails) and
/// returns the exit code: 2 when an input could not be read, 1 when a new finding is at or
/// above the failing level, else 0. A closed pipe is not an error.
pub fn emit(
    out: &mut dyn Write,
    checked: &[Checked],
    failures: &[Error],
    summary: Summary,
    format: Format,
    paths: &BTreeMap<String, PathBuf>,
    files: &[String],
) -> Result<i32> {
    let summary = summarize(
        checked,
        Summary {
            unreadable: failures.len(),
            ..summary
        },
    );
    let mut out = std::io::BufWriter::new(out);
    let written = match format {
        Format::Human => out.write_all(human(checked, failures, &summary).as_bytes()),
        Format::Json => json(&mut out, checked, failures, &summary),
        Format::Github => out.write_all(github(checked, failures, &summary, paths).as_bytes()),
        Format::Sarif => sarif(&mut out, checked, failures, paths),
        Format::Junit => out.write_all(junit(checked, failures, &summary, files).as_bytes()),
    };
    if let Err(e) = written.and_then(|_| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(Error::new(crate::tr!("report.write_failed", error = e)));
    }
    Ok(if !failures.is_empty() {
        2
    } else if summary.failed {
        1
    } else {
        0
    })
}

/// Totals of a check.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Input files read.
    pub files: usize,
    /// Sheets read as tables.
    pub sheets: usize,
    /// Data rows read.
    pub rows: usize,
    /// New findings at level error.
    pub errors: usize,
    /// New findings at level warning.
    pub warnings: usize,
    /// New findings at level info.
    pub infos: usize,
    /// Findings matched by the baseline (not counted above).
    pub baselined: usize,
    /// Files that could not be read.
    pub unreadable: usize,
    /// The lowest failing level.
    pub fail_on: Level,
    /// Whether the check failed.
    pub failed: bool,
    /// Workbooks qingdan wrote, found in input folders and not read.
    #[serde(skip)]
    pub own_outputs: usize,
}

/// A finding that the baseline did not cover, or did.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The finding.
    pub finding: Finding,
    /// Covered by the baseline.
    pub baselined: bool,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Clone)]
struct BaselineEntry {
    file: String,
    sheet: String,
    code: String,
    field: String,
    text: String,
    /// The row's requirement, for a finding on a blank cell (see [`Finding::requirement`]);
    /// absent in baselines written before it was recorded.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    requirement: Vec<String>,
    count: usize,
}

#[derive(Debug, Serialize, Deserialize)]
struct BaselineFile {
    version: u32,
    findings: Vec<BaselineEntry>,
}

/// A finding's identity across runs: where (file, sheet), what (code, field) and the cell's
/// text, not its row, so inserting rows above does not make old findings new.
type Key = (String, String, String, String, String, Vec<String>);

/// The identity of a finding. A blank cell is the same on every row, so a finding on one is
/// identified by its row's requirement (需求单位, 事项, 情形, 材料): a new row's finding is then
/// new, and is reported on that row rather than on an old one.
fn key(f: &Finding) -> Key {
    (
        f.file.to_string(),
        f.sheet.to_string(),
        f.code.to_string(),
        f.field.to_string(),
        f.text.to_string(),
        f.requirement
            .iter()
            .flat_map(|r| r.iter().map(|t| t.to_string()))
            .collect(),
    )
}

/// Serializes findings as a baseline file.
pub fn baseline_text(findings: &[Finding]) -> String {
    let mut counts: BTreeMap<Key, usize> = BTreeMap::new();
    for f in findings {
        *counts.entry(key(f)).or_default() += 1;
    }
    let file = BaselineFile {
        version: 1,
        findings: counts
            .into_iter()
            .map(
                |((file, sheet, code, field, text, requirement), count)| BaselineEntry {
                    file,
                    sheet,
                    code,
                    field,
                    text,
                    requirement,
                    count,
                },
            )
            .collect(),
    };
    serde_json::to_string_pretty(&file).unwrap_or_default() + "\n"
}

/// Marks the findings a baseline covers (each recorded occurrence covers one finding).
pub fn apply_baseline(findings: Vec<Finding>, baseline: Option<&Path>) -> Result<Vec<Checked>> {
    let mut budget: HashMap<Key, usize> = HashMap::new();
    if let Some(p) = baseline {
        let text = std::fs::read_to_string(p).map_err(|e| {
            Error::new(crate::tr!(
                "report.baseline_unreadable",
                path = p.display(),
                error = e
            ))
            .hint(crate::tr!("report.baseline_hint"))
        })?;
        let file: BaselineFile = serde_json::from_str(&text).map_err(|e| {
            Error::new(crate::tr!(
                "report.baseline_bad",
                path = p.display(),
                error = e
            ))
        })?;
        for e in file.findings {
            budget.insert(
                (e.file, e.sheet, e.code, e.field, e.text, e.requirement),
                e.count,
            );
        }
    }
    let mut take = |k: &Key| {
        budget.get_mut(k).is_some_and(|n| {
            let had = *n > 0;
            *n = n.saturating_sub(1);
            had
        })
    };
    Ok(findings
        .into_iter()
        .map(|f| {
            let mut k = key(&f);
            let mut covered = take(&k);
            if !covered && !k.5.is_empty() {
                // A baseline written before requirements were recorded still covers it.
                k.5.clear();
                covered = take(&k);
            }
            Checked {
                finding: f,
                baselined: covered,
            }
        })
        .collect())
}

/// Counts the new findings into the summary and decides failure.
pub fn summarize(checked: &[Checked], mut summary: Summary) -> Summary {
    for c in checked {
        if c.baselined {
            summary.baselined += 1;
            continue;
        }
        match c.finding.level {
            Level::Error => summary.errors += 1,
            Level::Warning => summary.warnings += 1,
            Level::Info => summary.infos += 1,
        }
    }
    let failing = checked
        .iter()
        .any(|c| !c.baselined && c.finding.level >= summary.fail_on);
    summary.failed = failing || summary.unreadable > 0;
    summary
}

fn new_findings(checked: &[Checked]) -> impl Iterator<Item = &Finding> + Clone {
    checked.iter().filter(|c| !c.baselined).map(|c| &c.finding)
}

/// 通过 or 未通过 (passed or FAILED).
fn verdict(s: &Summary) -> String {
    if s.failed {
        crate::tr!("report.failed")
    } else {
        crate::tr!("report.passed")
    }
}

/// Compiler-style blocks, then a summary.
pub fn human(checked: &[Checked], unreadable: &[Error], s: &Summary) -> String {
    let mut out = String::new();
    for e in unreadable {
        let level = crate::tr!("level.error");
        out.push_str(&format!("{level}[unreadable]: {}\n", e.message));
        if let Some(h) = &e.hint {
            out.push_str(&format!("   = {}\n", crate::tr!("report.hint", hint = h)));
        }
        out.push('\n');
    }
    for f in new_findings(checked) {
        out.push_str(&format!("{}[{}]: {}\n", f.level.label(), f.code, f.message));
        out.push_str(&format!("  --> {}\n", f.location()));
        if !f.text.is_empty() {
            let shown: String = f.text.replace('\n', "⏎").chars().take(80).collect();
            out.push_str(&format!("   | {}: {shown}\n", f.field));
        }
        if let Some(sug) = &f.suggestion {
            let line = crate::tr!("report.suggestion", suggestion = sug);
            out.push_str(&format!("   = {line}\n"));
        }
        out.push('\n');
    }
    out.push_str(&crate::tr!(
        "report.summary",
        files = s.files,
        sheets = s.sheets,
        rows = s.rows,
        errors = s.errors,
        warnings = s.warnings,
        infos = s.infos
    ));
    if s.baselined > 0 {
        out.push_str(&crate::tr!("report.baselined", count = s.baselined));
    }
    if s.unreadable > 0 {
        out.push_str(&crate::tr!("report.unreadable", count = s.unreadable));
    }
    if s.own_outputs > 0 {
        out.push_str(crate::messages::sep());
        out.push_str(&crate::tr!("report.own_outputs", count = s.own_outputs));
    }
    out.push_str(crate::messages::sep());
    out.push_str(&verdict(s));
    out.push('\n');
    out
}

/// One JSON document: `{"version": 1, "summary": {...}, "findings": [...], "unreadable": [...]}`,
/// written to `out` as it is made (a 100k-row check says some 73 MB).
pub fn json(
    out: &mut impl std::io::Write,
    checked: &[Checked],
    unreadable: &[Error],
    s: &Summary,
) -> std::io::Result<()> {
    let doc = JsonDoc {
        checked,
        summary: serde_json::to_value(s).unwrap_or_default(),
        unreadable: unreadable
            .iter()
            .map(|e| json!({"message": e.message, "hint": e.hint}))
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}

/// The JSON document, written as one `json!` value would be (keys sorted at every level), but
/// with one finding at a time turned into a value: 100k rows have about 170k findings, and a
/// value of them all doubled `check`'s memory.
struct JsonDoc<'a> {
    checked: &'a [Checked],
    summary: serde_json::Value,
    unreadable: Vec<serde_json::Value>,
}

impl Serialize for JsonDoc<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        // A finding always serializes: its fields are strings, numbers and options of them.
        let findings = Lazy(new_findings(self.checked), |f| {
            serde_json::to_value(f).unwrap_or_default()
        });
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("findings", &findings)?;
        m.serialize_entry("summary", &self.summary)?;
        m.serialize_entry("unreadable", &self.unreadable)?;
        m.serialize_entry("version", &1)?;
        m.end()
    }
}

fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_prop(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The path of a finding's file as given, with forward slashes (what CI tools resolve).
fn path_of(paths: &BTreeMap<String, PathBuf>, file: &str) -> String {
    paths
        .get(file)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_else(|| file.to_string())
        .trim_start_matches("./")
        .to_string()
}

/// GitHub Actions workflow commands: `::error file=…,title=…::…`.
pub fn github(
    checked: &[Checked],
    unreadable: &[Error],
    s: &Summary,
    paths: &BTreeMap<String, PathBuf>,
) -> String {
    let mut out = String::new();
    for e in unreadable {
        // Without file= an annotation shows on no file of the pull request.
        let file = e
            .file
            .as_deref()
            .map(|f| format!("file={},", gh_prop(&path_of(paths, f))))
            .unwrap_or_default();
        out.push_str(&format!(
            "::error {file}title=unreadable::{}\n",
            gh_data(&e.message)
        ));
    }
    for f in new_findings(checked) {
        let cmd = match f.level {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "notice",
        };
        let mut msg = format!("{}: {}", f.location(), f.message);
        if let Some(sug) = &f.suggestion {
            msg.push_str(&crate::tr!("report.suggestion_inline", suggestion = sug));
        }
        out.push_str(&format!(
            "::{cmd} file={},title={}::{}\n",
            gh_prop(&path_of(paths, &f.file)),
            gh_prop(f.code),
            gh_data(&msg)
        ));
    }
    out.push_str(&crate::tr!(
        "report.summary_short",
        errors = s.errors,
        warnings = s.warnings,
        infos = s.infos,
        verdict = verdict(s)
    ));
    out.push('\n');
    out
}

fn sarif_level(l: Level) -> &'static str {
    match l {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "note",
    }
}

/// SARIF 2.1.0: one run, the rule table in the driver, one result per new finding; written to
/// `out` as it is made (a 100k-row check says some 190 MB).
pub fn sarif(
    out: &mut impl std::io::Write,
    checked: &[Checked],
    unreadable: &[Error],
    paths: &BTreeMap<String, PathBuf>,
) -> std::io::Result<()> {
    let rules: Vec<serde_json::Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.code,
                "shortDescription": {"text": r.meaning()},
                "defaultConfiguration": {"level": sarif_level(r.level)},
            })
        })
        .collect();
    let notifications: Vec<serde_json::Value> = unreadable
        .iter()
        .map(|e| json!({"level": "error", "message": {"text": e.message}}))
        .collect();
    let doc = SarifDoc {
        checked,
        paths,
        invocations: json!([{"executionSuccessful": unreadable.is_empty(), "toolExecutionNotifications": notifications}]),
        tool: json!({"driver": {"name": "qingdan", "version": env!("CARGO_PKG_VERSION"), "rules": rules}}),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}

/// The SARIF log, written as one `json!` value would be (keys sorted at every level), but with
/// one result at a time turned into a value: a value of 174k results (100k rows) took 2.3 GB.
struct SarifDoc<'a> {
    checked: &'a [Checked],
    paths: &'a BTreeMap<String, PathBuf>,
    invocations: serde_json::Value,
    tool: serde_json::Value,
}

impl Serialize for SarifDoc<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        struct Run<'r>(&'r SarifDoc<'r>);
        impl Serialize for Run<'_> {
            fn serialize<S: serde::Serializer>(
                &self,
                s: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(3))?;
                m.serialize_entry("invocations", &self.0.invocations)?;
                m.serialize_entry(
                    "results",
                    &Lazy(new_findings(self.0.checked), |f| {
                        sarif_result(f, self.0.paths)
                    }),
                )?;
                m.serialize_entry("tool", &self.0.tool)?;
                m.end()
            }
        }
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("$schema", "https://json.schemastore.org/sarif-2.1.0.json")?;
        m.serialize_entry("runs", &[Run(self)])?;
        m.serialize_entry("version", "2.1.0")?;
        m.end()
    }
}

/// One SARIF result.
fn sarif_result(f: &Finding, paths: &BTreeMap<String, PathBuf>) -> serde_json::Value {
    let mut logical = f.sheet.to_string();
    if let Some(c) = &f.cell {
        logical.push('!');
        logical.push_str(&c.to_string());
    } else if let Some(r) = f.row {
        logical.push_str(&format!("!{r}:{r}"));
    }
    let mut msg = f.message.to_string();
    if let Some(s) = &f.suggestion {
        msg.push_str(&crate::tr!("report.suggestion_inline", suggestion = s));
    }
    json!({
        "ruleId": f.code,
        "ruleIndex": RULES.iter().position(|r| r.code == f.code).unwrap_or(0),
        "level": sarif_level(f.level),
        "message": {"text": msg},
        "locations": [{
            "physicalLocation": {"artifactLocation": {"uri": path_of(paths, &f.file)}},
            "logicalLocations": [{"name": logical, "fullyQualifiedName": f.location(), "kind": "element"}],
        }],
        "properties": {"sheet": f.sheet, "row": f.row, "cell": f.cell, "field": f.field, "text": f.text, "suggestion": f.suggestion},
    })
}

/// A JSON array of items turned into values one at a time, as it is written.
struct Lazy<I, F>(I, F);

impl<'a, I, F> Serialize for Lazy<I, F>
where
    I: Iterator<Item = &'a Finding> + Clone,
    F: Fn(&'a Finding) -> serde_json::Value,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(None)?;
        for f in self.0.clone() {
            seq.serialize_element(&(self.1)(f))?;
        }
        seq.end()
    }
}

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML: one test case per input file, failed when it has a new finding at or above the
/// failing level; unreadable files are errors.
pub fn junit(checked: &[Checked], unreadable: &[Error], s: &Summary, files: &[String]) -> String {
    let mut by_file: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in new_findings(checked) {
        by_file.entry(&*f.file).or_default().push(f);
    }
    let mut cases = String::new();
    let mut failures = 0;
    for file in files {
        let fs = by_file.get(file.as_str()).cloned().unwrap_or_default();
        let failing: Vec<&&Finding> = fs.iter().filter(|f| f.level >= s.fail_on).collect();
        cases.push_str(&format!(
            "    <testcase name=\"{}\" classname=\"qingdan.check\">\n",
            xml(file)
        ));
        let body: String = fs
            .iter()
            .map(|f| {
                format!(
                    "{}[{}] {}: {}\n",
                    f.level.as_str(),
                    f.code,
                    f.location(),
                    f.message
                )
            })
            .collect();
        if !failing.is_empty() {
            failures += 1;
            let message = crate::tr!(
                "report.junit_failure",
                count = failing.len(),
                level = s.fail_on.label()
            );
            cases.push_str(&format!(
                "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                xml(&message),
                failing[0].code,
                xml(&body)
            ));
        } else if !fs.is_empty() {
            cases.push_str(&format!("      <system-out>{}</system-out>\n", xml(&body)));
        }
        cases.push_str("    </testcase>\n");
    }
    for (i, e) in unreadable.iter().enumerate() {
        cases.push_str(&format!(
            "    <testcase name=\"{}\" classname=\"qingdan.check\">\n      <error message=\"{}\" type=\"unreadable\"/>\n    </testcase>\n",
            xml(&crate::tr!("report.junit_unreadable", n = i + 1)),
            xml(&e.message)
        ));
    }
    let tests = files.len() + unreadable.len();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"qingdan\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{}\">\n  <testsuite name=\"qingdan check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{}\">\n{cases}  </testsuite>\n</testsuites>\n",
        unreadable.len(),
        unreadable.len()
    )
}
