//! Mutated inputs: damaged copies of real workbooks and CSV never crash the tool, exhaust its
//! memory or hang it. Each case runs the binary under a 1 GiB address-space limit and a time
//! limit; any exit other than 0, 1 or 2, a panic message, a signal or a timeout fails.
//!
//! `cargo test --release --test mutation` runs a few hundred cases (seeded, the same every
//! run). `QINGDAN_MUTATIONS=20000 cargo test --release --test mutation -- --ignored --nocapture`
//! runs as many as asked and prints the exits by kind and the slowest cases; failing inputs
//! are kept under target/mutation-failures for a regression test.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The address space a case may use: far above what these small inputs need.
const MEMORY_LIMIT: u64 = 1 << 30;
/// Wall time a case may take: these inputs are read in milliseconds.
const TIME_LIMIT: Duration = Duration::from_secs(20);

/// A seed file: its extension and bytes.
struct Seed {
    name: String,
    ext: String,
    bytes: Vec<u8>,
}

fn seeds() -> Vec<Seed> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in [root.join("examples"), root.join("tests/fixtures/seeds")] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        for p in paths {
            let ext = p
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_string();
            if ["xlsx", "xls", "xlsb", "ods", "csv"].contains(&ext.as_str()) {
                out.push(Seed {
                    name: p.file_name().unwrap().to_string_lossy().into_owned(),
                    ext,
                    bytes: std::fs::read(&p).unwrap(),
                });
            }
        }
    }
    out
}

/// xorshift64*: seeded, the same cases every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
    fn word(&mut self, v: &[&'static str]) -> &'static str {
        v[self.below(v.len())]
    }
}

const BYTES: [u8; 6] = [0x00, 0xFF, 0x7F, 0x80, 0x01, 0xFE];
const WORDS: [u32; 8] = [
    0xFFFF_FFFF,
    0x7FFF_FFFF,
    0xFFFF,
    0x7FFF,
    0x1_0000,
    0x10_0000,
    0x8000_0000,
    0xFFFF_FFFE,
];

/// Damage as a disk error or a bad transfer would: bits flipped, bytes and words overwritten
/// with values that decoders trip on, chunks dropped, repeated or cut off.
fn mutate_bytes(rng: &mut Rng, data: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(8) {
        if data.is_empty() {
            return;
        }
        let at = rng.below(data.len());
        match rng.below(7) {
            0 => data[at] ^= 1 << rng.below(8),
            1 => data[at] = *rng.pick(&BYTES),
            2 | 3 => {
                let w = rng.pick(&WORDS).to_le_bytes();
                let n = if rng.below(2) == 0 { 2 } else { 4 };
                for (i, b) in w.iter().take(n).enumerate() {
                    if at + i < data.len() {
                        data[at + i] = *b;
                    }
                }
            }
            4 => {
                let n = (1 + rng.below(64)).min(data.len() - at);
                data.drain(at..at + n);
            }
            5 => {
                let n = (1 + rng.below(64)).min(data.len() - at);
                let chunk = data[at..at + n].to_vec();
                let to = rng.below(data.len());
                data.splice(to..to, chunk);
            }
            _ => {
                if rng.below(4) == 0 {
                    data.truncate(at.max(1));
                }
            }
        }
    }
}

const NUMBERS: [&str; 9] = [
    "0",
    "1048576",
    "1048577",
    "16384",
    "4294967295",
    "18446744073709551616",
    "99999999",
    "-1",
    "2147483648",
];
const REFS: [&str; 5] = ["XFD1048576", "A1048576", "XFD1", "ZZZZ1", "A0"];

/// Damage an XML part as a broken tool would: numbers and cell references made huge, the
/// dimension and merged regions claiming the whole sheet, repeats, and broken structure.
fn mutate_xml(rng: &mut Rng, xml: &mut Vec<u8>) {
    let mut s = String::from_utf8_lossy(xml).into_owned();
    for _ in 0..1 + rng.below(4) {
        match rng.below(9) {
            0 | 1 => {
                let starts: Vec<usize> = s
                    .char_indices()
                    .filter(|(i, c)| {
                        c.is_ascii_digit() && (*i == 0 || !s.as_bytes()[i - 1].is_ascii_digit())
                    })
                    .map(|(i, _)| i)
                    .collect();
                if !starts.is_empty() {
                    let a = *rng.pick(&starts);
                    let b = a + s[a..].find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
                    s.replace_range(a..b, rng.word(&NUMBERS));
                }
            }
            2 => {
                let refs: Vec<usize> = s.match_indices(" r=\"").map(|(i, _)| i + 4).collect();
                if !refs.is_empty() {
                    let a = *rng.pick(&refs);
                    if let Some(len) = s[a..].find('"') {
                        s.replace_range(a..a + len, rng.word(&REFS));
                    }
                }
            }
            3 => {
                if let Some(i) = s.find("<dimension ref=\"") {
                    let a = i + 16;
                    if let Some(len) = s[a..].find('"') {
                        s.replace_range(a..a + len, "A1:XFD1048576");
                    }
                }
            }
            4 => {
                if let Some(i) = s.rfind("</worksheet>") {
                    s.insert_str(
                        i,
                        "<mergeCells count=\"1\"><mergeCell ref=\"A1:XFD1048576\"/></mergeCells>",
                    );
                }
            }
            5 => {
                for key in [
                    "table:number-rows-repeated=\"",
                    "table:number-columns-repeated=\"",
                ] {
                    let at: Vec<usize> = s.match_indices(key).map(|(i, _)| i + key.len()).collect();
                    if !at.is_empty() {
                        let a = *rng.pick(&at);
                        if let Some(len) = s[a..].find('"') {
                            s.replace_range(a..a + len, rng.word(&NUMBERS));
                        }
                    }
                }
            }
            6 => {
                // Repeat a run of elements (rows, cells, strings) many times.
                let mut bytes = std::mem::take(&mut s).into_bytes();
                let at = rng.below(bytes.len());
                let a = bytes[..at].iter().rposition(|&b| b == b'<').unwrap_or(0);
                let b = (a + 1 + rng.below(400)).min(bytes.len());
                let chunk = bytes[a..b].repeat(1 + rng.below(50));
                bytes.splice(a..a, chunk);
                s = String::from_utf8_lossy(&bytes).into_owned();
            }
            _ => {
                let mut bytes = s.into_bytes();
                mutate_bytes(rng, &mut bytes);
                s = String::from_utf8_lossy(&bytes).into_owned();
            }
        }
    }
    *xml = s.into_bytes();
}

/// A zip package (xlsx, xlsb, ods) with one part damaged and the package written again;
/// sometimes the container's own bytes instead.
fn mutate_zip(rng: &mut Rng, data: &[u8], xml_parts: bool) -> Vec<u8> {
    let mut out = data.to_vec();
    if rng.below(8) == 0 {
        mutate_bytes(rng, &mut out);
        return out;
    }
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(data)) else {
        return out;
    };
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut buf = Vec::new();
        f.read_to_end(&mut buf).unwrap();
        parts.push((f.name().unwrap_or_default().to_string(), buf));
    }
    let interesting: Vec<usize> = (0..parts.len())
        .filter(|&i| {
            let n = &parts[i].0;
            n.contains("sheet") || n.contains("content") || n.contains("tring")
        })
        .collect();
    let target = if interesting.is_empty() || rng.below(5) == 0 {
        rng.below(parts.len())
    } else {
        *rng.pick(&interesting)
    };
    if xml_parts && parts[target].0.ends_with(".xml") {
        mutate_xml(rng, &mut parts[target].1);
    } else {
        mutate_bytes(rng, &mut parts[target].1);
    }
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in &parts {
        w.start_file(name.as_str(), opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn mutate(rng: &mut Rng, seed: &Seed) -> Vec<u8> {
    match seed.ext.as_str() {
        "xlsx" | "ods" => mutate_zip(rng, &seed.bytes, true),
        "xlsb" => mutate_zip(rng, &seed.bytes, false),
        _ => {
            let mut b = seed.bytes.clone();
            mutate_bytes(rng, &mut b);
            b
        }
    }
}

/// How a case ended.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum End {
    Exit(i32),
    Signal(i32),
    Panic,
    Timeout,
}

fn run_case(path: &Path) -> (End, Duration) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_qingdan"));
    cmd.args(["check", "--format", "json"]).arg(path);
    run_limited(cmd, TIME_LIMIT)
}

/// Runs a command under the memory limit and `time`, and says how it ended.
fn run_limited(mut cmd: Command, time: Duration) -> (End, Duration) {
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    cmd.stdout(Stdio::null())
        .stdin(Stdio::null())
        .stderr(Stdio::piped());
    // SAFETY: setrlimit is async-signal-safe; the closure touches nothing else.
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: MEMORY_LIMIT,
                rlim_max: MEMORY_LIMIT,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let start = Instant::now();
    let mut child = cmd.spawn().expect("run qingdan");
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let took = start.elapsed();
            let err = reader.join().unwrap_or_default();
            if err.contains("panicked") {
                return (End::Panic, took);
            }
            return match (status.code(), status.signal()) {
                (Some(c), _) => (End::Exit(c), took),
                (None, Some(s)) => (End::Signal(s), took),
                _ => (End::Signal(0), took),
            };
        }
        if start.elapsed() > time {
            let _ = child.kill();
            let _ = child.wait();
            return (End::Timeout, start.elapsed());
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Figures of a run of cases.
#[derive(Default)]
struct Tally {
    ends: std::collections::BTreeMap<(String, End), usize>,
    slowest: Vec<(Duration, String)>,
    failures: Vec<(String, End, PathBuf)>,
}

/// Runs `n` cases spread over every seed, from `seed`; failing inputs are kept in `keep`.
fn run_cases(n: usize, seed: u64, keep: &Path) -> Tally {
    let seeds = seeds();
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(seed);
    let mut t = Tally::default();
    for i in 0..n {
        let s = &seeds[i % seeds.len()];
        let bytes = mutate(&mut rng, s);
        let path = dir.path().join(format!("case{i}.{}", s.ext));
        std::fs::write(&path, &bytes).unwrap();
        let (end, took) = run_case(&path);
        *t.ends.entry((s.ext.clone(), end.clone())).or_default() += 1;
        t.slowest.push((took, format!("case {i} of {}", s.name)));
        if !matches!(end, End::Exit(0..=2)) {
            std::fs::create_dir_all(keep).unwrap();
            let kept = keep.join(format!("case{i}_{}", s.name));
            std::fs::copy(&path, &kept).unwrap();
            t.failures
                .push((format!("case {i} of {}", s.name), end, kept));
        }
        let _ = std::fs::remove_file(&path);
    }
    t.slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    t.slowest.truncate(5);
    t
}

fn report(t: &Tally) -> String {
    let mut s = String::new();
    for ((ext, end), n) in &t.ends {
        s.push_str(&format!("  {ext:5} {end:?}: {n}\n"));
    }
    for (d, what) in &t.slowest {
        s.push_str(&format!("  slow: {what} {:.2} s\n", d.as_secs_f64()));
    }
    for (what, end, kept) in &t.failures {
        s.push_str(&format!(
            "  FAILED {what}: {end:?} (kept {})\n",
            kept.display()
        ));
    }
    s
}

fn keep_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/mutation-failures")
}

#[test]
fn mutated_inputs_end_in_a_clear_exit() {
    let t = run_cases(300, 0x9e37_79b9_7f4a_7c15, &keep_dir());
    assert!(t.failures.is_empty(), "\n{}", report(&t));
}

#[test]
#[ignore = "thousands of cases; QINGDAN_MUTATIONS sets how many"]
fn many_mutated_inputs_end_in_a_clear_exit() {
    let n = std::env::var("QINGDAN_MUTATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let seed = std::env::var("QINGDAN_MUTATION_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let t = run_cases(n, seed, &keep_dir());
    println!("{n} mutated inputs (seed {seed}):\n{}", report(&t));
    assert!(t.failures.is_empty());
}

#[test]
fn the_harness_tells_signals_timeouts_and_panics_from_exits() {
    let sh = |script: &str| {
        let mut c = Command::new("sh");
        c.args(["-c", script]);
        run_limited(c, Duration::from_millis(500)).0
    };
    assert_eq!(sh("exit 2"), End::Exit(2));
    assert_eq!(sh("kill -9 $$"), End::Signal(9));
    assert_eq!(sh("sleep 5"), End::Timeout);
    assert_eq!(
        sh("echo \"thread 'main' panicked at x\" >&2; exit 101"),
        End::Panic
    );
    // The address-space limit holds in the child (ulimit -v counts KiB).
    assert_eq!(sh("[ \"$(ulimit -v)\" = 1048576 ]"), End::Exit(0));
}
