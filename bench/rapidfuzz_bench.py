#!/usr/bin/env python3
"""RapidFuzz side of the matching benchmark (see bench/README.md).

Reads the files that `cargo run --release --example bench_match` writes (default
target/bench): name-variant lists, noisy query lists, the eval sets and plan.tsv (how many
queries to time and to score per size), so both sides use exactly the same inputs.

Measures, on one thread, median of 3 runs after a warm-up:
  - process.extractOne(query, choices, scorer=fuzz.WRatio, processor=utils.default_process),
    the usual call (the processor runs on every choice at every call);
  - the same with the choices compacted once beforehand (they are written compacted by the Rust
    side) and only the query compacted per call (processor=None);
  - process.cdist(queries, choices, scorer=fuzz.WRatio, workers=1), best per row.
Accuracy (best choice accepted when its score >= 80 or >= 90), counted as qingdan's
eval::Tally counts: on tests/eval with the shipped dictionary, on the noisy queries, and on
tests/eval departments with the largest dictionary.

If results_rust.tsv is there, prints qingdan / strsim / RapidFuzz side by side and writes
report_combined.md (the tables of bench/README.md).

Needs `pip install rapidfuzz` (and numpy, which rapidfuzz's cdist returns). Not part of the
tests or CI.
"""

import argparse
import os
import statistics
import sys
import time
import unicodedata

try:
    from rapidfuzz import __version__ as RF_VERSION
    from rapidfuzz import fuzz, process, utils
    from rapidfuzz.distance import Levenshtein
except ImportError:  # pragma: no cover
    sys.exit("rapidfuzz is not installed: pip install rapidfuzz")

CUTOFFS = (80, 90)

# --- The same normalization as qingdan::normalize::compact ------------------------------------

EDGE_PUNCT = set("。，,.;；、:：!！?？*＊\"'-—_~·…/\\|#")
BRACKETS = {
    **{c: "(" for c in "【〔［〖「『[{｛"},
    **{c: ")" for c in "】〕］〗」』]}｝"},
    "“": '"',
    "”": '"',
    "＂": '"',
    "‘": "'",
    "’": "'",
}
INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\ufeff", "\u2060", "\u00ad"}


def trim_punct(t):
    t = t.strip("".join(EDGE_PUNCT))
    while True:
        before = len(t)
        if t.startswith(")"):
            t = t[1:]
        if t.endswith("("):
            t = t[:-1]
        if t.startswith("(") and ")" not in t:
            t = t[1:]
        if t.endswith(")") and "(" not in t:
            t = t[:-1]
        t = t.strip("".join(EDGE_PUNCT))
        if len(t) == before:
            return t


def compact(s):
    """NFKC, no whitespace, ASCII brackets, no leading/trailing punctuation."""
    out = []
    for c in unicodedata.normalize("NFKC", s):
        if c.isspace() or c in INVISIBLE:
            continue
        out.append(BRACKETS.get(c, c))
    return trim_punct("".join(out))


# --- Files ------------------------------------------------------------------------------------


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    header = lines[0].split("\t")
    rows = []
    for line in lines[1:]:
        if not line:
            continue
        cells = line.split("\t")
        cells += [""] * (len(header) - len(cells))
        rows.append(dict(zip(header, cells)))
    return rows


def read_variants(path):
    rows = read_tsv(path)
    return [r["variant"] for r in rows], [r["name"] for r in rows]


def read_cases(path):
    """Eval rows as (input, expected names, note), like eval::load."""
    return [
        (r["input"], [e for e in r["expected"].split("|") if e], r.get("note", ""))
        for r in read_tsv(path)
    ]


# --- Counting, as eval::tally does ------------------------------------------------------------


def tally(cases, answers, cutoff):
    """answers: (name, score) of the best choice per case. Returns the rates of eval::Tally."""
    pos = neg = correct = wrong = neg_acc = 0
    for (_, expected, _), (name, score) in zip(cases, answers):
        auto = score >= cutoff
        if not expected:
            neg += 1
            neg_acc += auto
        else:
            pos += 1
            if auto and [name] == expected:
                correct += 1
            elif auto:
                wrong += 1
    ratio = lambda a, b: a / b if b else 0.0  # noqa: E731
    return {
        "auto_correct": ratio(correct, pos),
        "auto_wrong": ratio(wrong + neg_acc, pos + neg),
        "review": 0.0,
        "negatives_accepted": ratio(neg_acc, neg),
    }


def best_by_cdist(queries, choices, names, workers=-1, scorer=fuzz.WRatio):
    """(name, score) of the first best choice per (already compacted) query."""
    if not queries:
        return []
    dtype = "uint8" if scorer is fuzz.WRatio else "float64"
    m = process.cdist(queries, choices, scorer=scorer, dtype=dtype, workers=workers)
    idx = m.argmax(axis=1)
    return [(names[j], float(m[i, j])) for i, j in enumerate(idx)]


def median3(f):
    times = []
    for _ in range(3):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


# --- Main -------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", default="target/bench", help="folder bench_match wrote")
    a = ap.parse_args()
    d = a.dir
    if not os.path.exists(os.path.join(d, "plan.tsv")):
        sys.exit(f"{d}/plan.tsv not found: run `cargo run --release --example bench_match` first")
    t0 = time.perf_counter()

    def progress(what):
        print(f"[{time.perf_counter() - t0:5.1f}s] {what}", file=sys.stderr, flush=True)

    res = []  # (section, size, matcher, metric, value)
    report = [f"RapidFuzz {RF_VERSION}, Python {sys.version.split()[0]}", ""]

    # Accuracy on tests/eval with the shipped dictionary.
    progress("accuracy on tests/eval with the shipped dictionary")
    report += ["== Accuracy on tests/eval, shipped dictionary (WRatio) ==",
               f"{'set':<11} {'matcher':<30} {'auto-correct':>12} {'auto-wrong':>10} "
               f"{'neg. accepted':>13}"]

    def tally_line(set_, m, t):
        return (f"{set_:<11} {m:<30} {100 * t['auto_correct']:>11.1f}% "
                f"{100 * t['auto_wrong']:>9.2f}% {100 * t['negatives_accepted']:>12.1f}%")

    for set_ in ("departments", "materials"):
        choices, names = read_variants(os.path.join(d, f"variants_{set_}.tsv"))
        cases = read_cases(os.path.join(d, f"eval_{set_}.tsv"))
        for proc_name, proc in (("compact", compact), ("default_process", utils.default_process)):
            ch = [proc(c) for c in choices]
            answers = best_by_cdist([proc(c[0]) for c in cases], ch, names)
            for cutoff in CUTOFFS:
                t = tally(cases, answers, cutoff)
                m = f"rapidfuzz>={cutoff}" + ("" if proc_name == "compact" else " (default_p.)")
                report.append(tally_line(set_, m, t))
                if proc_name == "compact":
                    for k, v in t.items():
                        res.append((f"eval_{set_}", "shipped", f"rapidfuzz>={cutoff}", k, v))
        # Cross-check: RapidFuzz's normalized Levenshtein is strsim's metric.
        answers = best_by_cdist([compact(c[0]) for c in cases], choices, names,
                                scorer=Levenshtein.normalized_similarity)
        for cutoff in (0.8, 0.9):
            t = tally(cases, answers, cutoff - 1e-9)
            report.append(tally_line(set_, f"rf-levenshtein>={cutoff}", t))
            for k, v in t.items():
                res.append((f"eval_{set_}", "shipped", f"rf-levenshtein>={cutoff}", k, v))

    plan = read_tsv(os.path.join(d, "plan.tsv"))
    speed = []
    noisy = []
    big = []
    for p in plan:
        size, n_timed, n_scored = p["size"], int(p["timed"]), int(p["scored"])
        choices, names = read_variants(os.path.join(d, f"variants_{size}.tsv"))
        qrows = read_tsv(os.path.join(d, f"queries_{size}.tsv"))
        timed = [r["query"] for r in qrows[:n_timed]]
        warm = timed[: max(1, len(timed) // 5)]

        progress(f"{size} entries: extractOne with default_process, {len(timed)} x 3")
        for q in warm:
            process.extractOne(q, choices, scorer=fuzz.WRatio, processor=utils.default_process)
        t_usual = median3(lambda: [
            process.extractOne(q, choices, scorer=fuzz.WRatio, processor=utils.default_process)
            for q in timed
        ])

        progress(f"{size} entries: extractOne on compacted choices, {len(timed)} x 3")
        for q in warm:
            process.extractOne(compact(q), choices, scorer=fuzz.WRatio)
        t_pre = median3(lambda: [
            process.extractOne(compact(q), choices, scorer=fuzz.WRatio) for q in timed
        ])

        progress(f"{size} entries: cdist, one worker, {len(timed)} x 3")
        best_by_cdist([compact(q) for q in warm], choices, names, workers=1)
        t_cdist = median3(lambda: best_by_cdist([compact(q) for q in timed], choices, names,
                                                workers=1))
        progress(f"{size} entries: extractOne, Levenshtein.normalized_similarity, {len(timed)} x 3")
        lev = Levenshtein.normalized_similarity
        for q in warm:
            process.extractOne(compact(q), choices, scorer=lev)
        t_lev = median3(lambda: [process.extractOne(compact(q), choices, scorer=lev)
                                 for q in timed])
        rates = {
            "extractOne_default_process": len(timed) / t_usual,
            "extractOne_precompacted": len(timed) / t_pre,
            "cdist_1_worker": len(timed) / t_cdist,
            "extractOne_levenshtein": len(timed) / t_lev,
        }
        for k, v in rates.items():
            res.append(("speed", size, "rapidfuzz", k, v))
        speed.append((size, len(choices), rates, len(timed)))

        # Noisy queries: was the source entry found?
        scored = [r for r in qrows[:n_scored] if r["source"] != "eval"]
        progress(f"{size} entries: accuracy on {len(scored)} noisy queries (cdist, all cores)")
        answers = best_by_cdist([compact(r["query"]) for r in scored], choices, names)
        n = max(1, len(scored))
        top1 = sum(name == r["expected"] for r, (name, _) in zip(scored, answers))
        for cutoff in CUTOFFS:
            auto = [(s >= cutoff, name == r["expected"]) for r, (name, s) in zip(scored, answers)]
            ac = sum(1 for x, ok in auto if x and ok)
            aw = sum(1 for x, ok in auto if x and not ok)
            m = f"rapidfuzz>={cutoff}"
            noisy.append((size, m, ac / n, aw / n, top1 / n, len(scored)))
            for k, v in (("auto_correct", ac / n), ("auto_wrong", aw / n), ("top1", top1 / n),
                         ("n", len(scored))):
                res.append(("noisy", size, m, k, v))

        big_eval = os.path.join(d, f"eval_departments_{size}.tsv")
        if os.path.exists(big_eval):
            progress(f"{size} entries: tests/eval departments")
            cases = read_cases(big_eval)
            answers = best_by_cdist([compact(c[0]) for c in cases], choices, names)
            for cutoff in CUTOFFS:
                t = tally(cases, answers, cutoff)
                big.append(tally_line("departments", f"rapidfuzz>={cutoff}", t))
                for k, v in t.items():
                    res.append(("eval_departments", size, f"rapidfuzz>={cutoff}", k, v))

    report += ["", "== Speed, one thread, median of 3 runs (lookups per second) ==",
               f"{'entries':>7} {'variants':>8} {'extractOne':>11} {'precompact.':>11} "
               f"{'cdist':>9} {'levenshtein':>11} {'timed':>6}"]
    for size, nv, r, nt in speed:
        report.append(f"{size:>7} {nv:>8} {r['extractOne_default_process']:>11.1f} "
                      f"{r['extractOne_precompacted']:>11.1f} {r['cdist_1_worker']:>9.1f} "
                      f"{r['extractOne_levenshtein']:>11.1f} {nt:>6}")
    report += ["", "== Noisy queries: was the source entry found? ==",
               f"{'entries':>7} {'matcher':<15} {'auto-correct':>12} {'auto-wrong':>10} "
               f"{'top-1':>7} {'n':>6}"]
    for size, m, ac, aw, t1, n in noisy:
        report.append(f"{size:>7} {m:<15} {100 * ac:>11.1f}% {100 * aw:>9.1f}% "
                      f"{100 * t1:>6.1f}% {n:>6}")
    if big:
        report += ["", "== tests/eval departments with the largest dictionary ==", *big]

    with open(os.path.join(d, "results_python.tsv"), "w", encoding="utf-8") as f:
        f.write("section\tsize\tmatcher\tmetric\tvalue\n")
        for row in res:
            f.write("\t".join(str(x) for x in row) + "\n")
    text = "\n".join(report) + "\n"
    with open(os.path.join(d, "report_python.txt"), "w", encoding="utf-8") as f:
        f.write(text)
    print(text)

    rust_path = os.path.join(d, "results_rust.tsv")
    if os.path.exists(rust_path):
        md = combined(read_tsv(rust_path), res)
        with open(os.path.join(d, "report_combined.md"), "w", encoding="utf-8") as f:
            f.write(md)
        print(md)
    progress(f"done; results_python.tsv, report_python.txt written to {d}")


def combined(rust_rows, py_res):
    """Markdown tables: qingdan vs strsim vs RapidFuzz."""
    v = {}
    for r in rust_rows:
        v[(r["section"], r["size"], r["matcher"], r["metric"])] = float(r["value"])
    for s, size, m, k, x in py_res:
        v[(s, str(size), m, k)] = float(x)
    sizes = sorted({k[1] for k in v if k[0] == "speed"}, key=int)
    out = ["### Speed: lookups per second, one thread (median of 3)", "",
           "| entries | name variants | qingdan | strsim scan | RapidFuzz WRatio extractOne "
           "(default_process) | RapidFuzz WRatio extractOne (pre-compacted) "
           "| RapidFuzz WRatio cdist | RapidFuzz Levenshtein extractOne "
           "| qingdan : strsim : RF WRatio pre-compacted | qingdan index build |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"]
    for size in sizes:
        g = lambda m, k: v.get(("speed", size, m, k), float("nan"))  # noqa: E731
        q, s = g("qingdan", "lookups_per_s"), g("strsim", "lookups_per_s")
        ru, rp = g("rapidfuzz", "extractOne_default_process"), g("rapidfuzz",
                                                                   "extractOne_precompacted")
        rc = g("rapidfuzz", "cdist_1_worker")
        rl = g("rapidfuzz", "extractOne_levenshtein")
        out.append(f"| {int(size):,} | {int(g('all', 'variants')):,} | {q:,.0f} | {s:,.0f} "
                   f"| {ru:,.0f} | {rp:,.0f} | {rc:,.0f} | {rl:,.0f} "
                   f"| 1 : {s / q:.2f} : {rp / q:.2f} "
                   f"| {g('qingdan', 'build_ms'):,.0f} ms |")
    out.append("")

    def acc_table(title, section, size, matchers):
        rows = [title, "", "| matcher | auto-correct | auto-wrong | review "
                "| must-not-match accepted |", "|---|---:|---:|---:|---:|"]
        for m in matchers:
            g = lambda k: v.get((section, size, m, k))  # noqa: E731
            if g("auto_correct") is None:
                continue
            rows.append(f"| {m} | {100 * g('auto_correct'):.1f}% | {100 * g('auto_wrong'):.2f}% "
                        f"| {100 * g('review'):.1f}% | {100 * g('negatives_accepted'):.1f}% |")
        return rows + [""]

    ms = ["qingdan", "strsim>=0.8", "strsim>=0.9", "rapidfuzz>=80", "rapidfuzz>=90"]
    for set_ in ("departments", "materials"):
        out += acc_table(f"### tests/eval/{set_}.tsv, shipped dictionary", f"eval_{set_}",
                         "shipped", ms + ["rf-levenshtein>=0.8", "rf-levenshtein>=0.9"])
    big = [k[1] for k in v if k[0] == "eval_departments" and k[1] != "shipped"]
    if big:
        out += acc_table(f"### tests/eval/departments.tsv, {int(big[0]):,}-entry dictionary",
                         "eval_departments", big[0], ms)
    out += ["### Noisy generated queries: source entry accepted (auto-correct) / wrong accept "
            "(auto-wrong) / best candidate (top-1)", "",
            "| entries | n | " + " | ".join(ms) + " |", "|---:|---:|" + "---|" * len(ms)]
    for size in sizes:
        cells = []
        for m in ms:
            g = lambda k: v.get(("noisy", size, m, k))  # noqa: E731
            if g("auto_correct") is None:
                cells.append("")
                continue
            cells.append(f"{100 * g('auto_correct'):.1f} / {100 * g('auto_wrong'):.1f} / "
                         f"{100 * g('top1'):.1f}")
        n = int(v.get(("noisy", size, "qingdan", "n"), 0))
        out.append(f"| {int(size):,} | {n:,} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()
