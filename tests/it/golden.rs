//! Golden outputs: whole outputs of the shipped examples and a small workload, byte for byte.
//!
//! The net under every refactor: any change of behaviour shows up here. `QINGDAN_BLESS=1`
//! rewrites the expected files (tests/golden/README.md).

use std::path::{Path, PathBuf};

use crate::common::*;

/// One command whose every output is pinned.
struct Case {
    /// Folder under tests/golden/expected.
    name: &'static str,
    /// Arguments; `{examples}`, `{workload}` and `{out}` are replaced.
    args: &'static [&'static str],
}

const CASES: [Case; 11] = [
    Case {
        name: "examples-clean",
        args: &["clean", "{examples}", "-o", "{out}"],
    },
    Case {
        name: "examples-clean-csv-split",
        args: &["clean", "{examples}", "-o", "{out}", "--csv", "--split"],
    },
    Case {
        name: "examples-check-json",
        args: &["check", "{examples}", "--format", "json"],
    },
    Case {
        name: "examples-check-human",
        args: &["check", "{examples}"],
    },
    Case {
        name: "examples-catalog",
        args: &["catalog", "{examples}", "-o", "{out}"],
    },
    Case {
        name: "workload-clean-csv",
        args: &["clean", "{workload}", "-o", "{out}", "--csv"],
    },
    Case {
        name: "workload-check-json",
        args: &["check", "{workload}", "--format", "json"],
    },
    Case {
        name: "examples-check-sarif",
        args: &["check", "{examples}", "--format", "sarif"],
    },
    // dict init: a province (three levels), a city and a district.
    Case {
        name: "init-province-ningxia",
        args: &["dict", "init", "--region", "宁夏回族自治区", "-o", "{out}"],
    },
    Case {
        name: "init-city-zhoushan",
        args: &["dict", "init", "--region", "舟山市", "-o", "{out}"],
    },
    Case {
        name: "init-district-putuo",
        args: &["dict", "init", "--region", "330903", "-o", "{out}"],
    },
];

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// FNV-1a, 64 bits: enough to tell two outputs apart, with no dependency.
fn fnv64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Every file under `dir`, as sorted paths relative to it.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

fn is_text(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("csv" | "json" | "txt" | "sarif" | "xml")
    )
}

/// Runs a case in a fresh folder; returns the folder holding what it produced (its outputs,
/// plus stdout.txt, stderr.txt and exit.txt).
fn produce(case: &Case) -> tempfile::TempDir {
    let work = tempfile::tempdir().unwrap();
    let examples = examples_dir();
    let workload = golden_dir().join("workload");
    let args: Vec<String> = case
        .args
        .iter()
        .map(|a| match *a {
            "{examples}" => examples.display().to_string(),
            "{workload}" => workload.display().to_string(),
            "{out}" => "out".to_string(),
            other => other.to_string(),
        })
        .collect();
    let o = assert_cmd::Command::cargo_bin("qingdan")
        .unwrap()
        .args(&args)
        .current_dir(work.path())
        .env_remove("QINGDAN_TRACE")
        .output()
        .unwrap();
    let got = work.path().join("got");
    std::fs::create_dir_all(&got).unwrap();
    if work.path().join("out").exists() {
        std::fs::rename(work.path().join("out"), got.join("out")).unwrap();
    }
    // Reports name inputs by their path (SARIF's artifact locations): the checkout's own
    // place must not be part of what is pinned.
    let placeless = |b: &[u8]| {
        String::from_utf8_lossy(b)
            .replace(&examples.display().to_string(), "{examples}")
            .replace(&workload.display().to_string(), "{workload}")
    };
    std::fs::write(got.join("stdout.txt"), placeless(&o.stdout)).unwrap();
    std::fs::write(got.join("stderr.txt"), placeless(&o.stderr)).unwrap();
    std::fs::write(got.join("exit.txt"), format!("{:?}\n", o.status.code())).unwrap();
    work
}

fn manifest(dir: &Path) -> String {
    files_under(dir)
        .iter()
        .filter(|p| p.as_os_str() != "manifest.tsv")
        .map(|p| {
            let bytes = std::fs::read(dir.join(p)).unwrap();
            format!("{}\t{}\t{:016x}\n", p.display(), bytes.len(), fnv64(&bytes))
        })
        .collect()
}

/// The first line where two texts differ, for a readable failure.
fn first_difference(want: &str, got: &str) -> String {
    for (i, (w, g)) in want.lines().zip(got.lines()).enumerate() {
        if w != g {
            return format!("line {}:\n  expected: {w}\n  got:      {g}", i + 1);
        }
    }
    format!(
        "lengths differ: {} expected lines, {} got",
        want.lines().count(),
        got.lines().count()
    )
}

fn bless(got: &Path, expected: &Path) {
    let _ = std::fs::remove_dir_all(expected);
    std::fs::create_dir_all(expected).unwrap();
    for p in files_under(got).iter().filter(|p| is_text(p)) {
        let to = expected.join(p);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(got.join(p), to).unwrap();
    }
    std::fs::write(expected.join("manifest.tsv"), manifest(got)).unwrap();
}

fn compare(case: &Case, got: &Path, expected: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for p in files_under(expected)
        .iter()
        .filter(|p| p.as_os_str() != "manifest.tsv")
    {
        let want = std::fs::read_to_string(expected.join(p)).unwrap();
        match std::fs::read_to_string(got.join(p)) {
            Ok(g) if g == want => {}
            Ok(g) => problems.push(format!(
                "{}/{}: {}",
                case.name,
                p.display(),
                first_difference(&want, &g)
            )),
            Err(_) => problems.push(format!("{}/{}: not written", case.name, p.display())),
        }
    }
    let want = std::fs::read_to_string(expected.join("manifest.tsv")).unwrap_or_default();
    let have = manifest(got);
    if want != have {
        problems.push(format!(
            "{}/manifest.tsv: {}",
            case.name,
            first_difference(&want, &have)
        ));
    }
    problems
}

#[test]
fn golden_outputs_are_unchanged() {
    let blessing = std::env::var_os("QINGDAN_BLESS").is_some();
    let mut problems = Vec::new();
    for case in &CASES {
        let work = produce(case);
        let got = work.path().join("got");
        let expected = golden_dir().join("expected").join(case.name);
        if blessing {
            bless(&got, &expected);
        } else {
            problems.extend(compare(case, &got, &expected));
        }
    }
    assert!(
        problems.is_empty(),
        "outputs changed (QINGDAN_BLESS=1 rewrites tests/golden/expected if on purpose):\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_golden_comparison_sees_a_changed_byte() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.xlsx"), b"PK\x03\x04one").unwrap();
    let before = manifest(dir.path());
    std::fs::write(dir.path().join("a.xlsx"), b"PK\x03\x04onf").unwrap();
    assert_ne!(before, manifest(dir.path()));
}
