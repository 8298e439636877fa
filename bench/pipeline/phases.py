#!/usr/bin/env python3
"""Where qingdan's wall time goes, from a `perf record` of one `qingdan clean` run.

    perf record -F 499 -o qingdan.perf -- qingdan clean DIR -o OUT -q
    python3 phases.py qingdan.perf

qingdan prints no stage timings, so this attributes its wall time to stages by what the CPU
was running: samples in calamine / quick-xml / inflate / qingdan::ingest are *read*; samples in
rust_xlsxwriter / deflate / zip / qingdan::output are *write*. Stages run one after the other,
so the boundaries are: read ends at the last read sample, write starts at the first write
sample (the time in between is matching, classification and rules), write ends at the last
write sample, and what follows is *teardown* (freeing memory before exit). The 0.5th / 99.5th
percentiles are used instead of min / max so a stray sample does not move a boundary.

Prints one line: `PHASES read=<s> match=<s> write=<s> teardown=<s> total=<s> cpu=<s>`
(cpu = CPU seconds sampled on all threads, to show how much ran in parallel).
"""

import re
import subprocess
import sys

READ = ("calamine", "quick_xml", "inflate", "qingdan::ingest", "encoding_rs", "csv::")
# ingest helpers that later stages call too (cell names for messages), and drops at exit.
NOT_READ = ("deflate", "col_letters", "ingest::a1", "drop_in_place")
WRITE = ("rust_xlsxwriter", "deflate", "zlib_rs::deflate", "zip::", "qingdan::output",
         "crc32")


def samples(path):
    out = subprocess.run(["perf", "script", "-i", path, "-F", "tid,time,ip,sym"],
                         capture_output=True, text=True, check=True).stdout
    cur = None
    for line in out.splitlines():
        m = re.match(r"\s*(\d+)\s+([\d.]+):\s*(.*)", line)
        if m:
            if cur:
                yield cur
            cur = [int(m.group(1)), float(m.group(2)), None]
            rest = m.group(3).split(None, 1)  # without -g: "ip sym" on the same line
            if len(rest) == 2:
                cur[2] = rest[1]
            continue
        s = line.strip()
        if cur is not None and cur[2] is None and s:
            parts = s.split(None, 1)
            cur[2] = parts[1] if len(parts) > 1 else ""
    if cur:
        yield cur


def pctl(xs, p):
    xs = sorted(xs)
    if not xs:
        return None
    return xs[min(len(xs) - 1, int(p / 100 * len(xs)))]


def main():
    path = sys.argv[1]
    freq = None
    hdr = subprocess.run(["perf", "report", "-i", path, "--header-only"],
                         capture_output=True, text=True).stdout
    m = re.search(r"sample_freq\s*\}?\s*=\s*(\d+)", hdr)
    if m:
        freq = int(m.group(1))
    rows = list(samples(path))
    if not rows:
        sys.exit("phases: no samples")
    t0 = min(r[1] for r in rows)
    t_end = max(r[1] for r in rows)
    reads = [t for _, t, s in rows if s and any(k in s for k in READ)
             and not any(k in s for k in NOT_READ)]
    writes = [t for _, t, s in rows if s and any(k in s for k in WRITE)
              and "inflate" not in s and "drop_in_place" not in s]
    read_end = pctl(reads, 99.5) or t0
    write_start = pctl(writes, 0.5) or t_end
    write_end = pctl(writes, 99.5) or t_end
    cpu = len(rows) / freq if freq else float("nan")
    print(f"PHASES read={read_end - t0:.2f} match={write_start - read_end:.2f} "
          f"write={write_end - write_start:.2f} teardown={t_end - write_end:.2f} "
          f"total={t_end - t0:.2f} cpu={cpu:.2f}")


if __name__ == "__main__":
    main()
