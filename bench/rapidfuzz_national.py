#!/usr/bin/env python3
"""RapidFuzz on issue 18's case: the national draft and its noisy names (see bench/README.md).

Reads what `cargo run --release --example bench_match -- --national` writes (default
target/bench): national/departments.csv (the `dict init --region 全国` draft) and
answers_national.tsv (every query, the entry it was made from, its region, and qingdan's
answer). Every name, alias and former name of the draft is a choice, compacted once as
qingdan compacts it; the queries are compacted per call.

A full scan per query over ~400,000 choices is far slower than qingdan's index, so a sample of
the queries (--sample, every k-th) is timed with process.cdist(scorer=fuzz.WRatio, workers=2)
and the time for all of them is extrapolated. Accuracy on the sample: the best choice accepted
when its score >= 90 (and >= 80), right when it is the expected entry, in the wrong region when
its entry's region is not the query's; qingdan's answers on the same sample beside it.

Needs `pip install rapidfuzz numpy`. Not part of the tests or CI.
"""

import argparse
import csv
import os
import sys
import time

try:
    from rapidfuzz import __version__ as RF_VERSION
    from rapidfuzz import fuzz, process
except ImportError:  # pragma: no cover
    sys.exit("rapidfuzz is not installed: pip install rapidfuzz numpy")

sys.path.insert(0, os.path.dirname(__file__))
from rapidfuzz_bench import compact, read_tsv  # noqa: E402  (the same normalization)


def choices_of(path):
    """(compacted variants, entry name per variant, region per entry name)."""
    variants, owner, region = [], [], {}
    with open(path, encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            region[row["name"]] = row.get("region", "")
            names = [row["name"]] + [x for x in row["aliases"].split("|") if x]
            names += [x for x in row["former_names"].split("|") if x]
            for v in dict.fromkeys(compact(x) for x in names):
                variants.append(v)
                owner.append(row["name"])
    return variants, owner, region


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", default="target/bench")
    ap.add_argument("--sample", type=int, default=1000, help="queries timed and scored")
    a = ap.parse_args()
    t0 = time.perf_counter()
    variants, owner, region = choices_of(os.path.join(a.dir, "national", "departments.csv"))
    load = time.perf_counter() - t0
    rows = read_tsv(os.path.join(a.dir, "answers_national.tsv"))
    step = max(1, len(rows) // a.sample)
    sample = rows[::step][: a.sample]
    queries = [compact(r["query"]) for r in sample]
    t0 = time.perf_counter()
    scores = process.cdist(queries, variants, scorer=fuzz.WRatio, workers=2, dtype="uint8")
    wall = time.perf_counter() - t0
    best = scores.argmax(axis=1)
    per = wall / len(queries)
    print(f"RapidFuzz {RF_VERSION}: {len(variants)} choices of {len(region)} entries "
          f"(read and compacted in {load:.2f} s)")
    print(f"{len(queries)} of {len(rows)} queries, cdist WRatio on 2 workers: {wall:.1f} s, "
          f"{per * 1000:.1f} ms a query; all {len(rows)}: ~{per * len(rows):.0f} s")
    for cutoff in (90, 80):
        acc = right = elsewhere = 0
        for r, i, q in zip(sample, best, range(len(sample))):
            if scores[q, i] < cutoff:
                continue
            acc += 1
            got = owner[i]
            right += got == r["expected"]
            elsewhere += region.get(got) != r["expected_region"]
        n = len(sample)
        print(f"  WRatio >= {cutoff}: accepted {100 * acc / n:.1f}%, right {100 * right / n:.1f}%, "
              f"wrong {100 * (acc - right) / n:.1f}%, in the wrong region {elsewhere}")
    q_auto = [r for r in sample if r["decision"] == "auto"]
    q_right = sum(r["got"] == r["expected"] for r in q_auto)
    q_else = sum(r["got_region"] != r["expected_region"] for r in q_auto)
    n = len(sample)
    print(f"  qingdan on the same queries: accepted {100 * len(q_auto) / n:.1f}%, right "
          f"{100 * q_right / n:.1f}%, wrong {100 * (len(q_auto) - q_right) / n:.1f}%, "
          f"in the wrong region {q_else}")


if __name__ == "__main__":
    main()
