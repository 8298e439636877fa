#!/usr/bin/env python3
"""RapidFuzz on the blind evaluation set (tests/eval/blind/), per half, as issue 17 asks.

For each cell, process.extractOne(cell, choices, scorer=fuzz.WRatio,
processor=utils.default_process); the best choice is accepted when its score is at least the
cutoff (90, and 80 for a looser reading). Choices are the standard names only, or every name
of the shipped dictionary (aliases and former names pointing to their entry). Counted as
qingdan's eval::Tally counts: accepted right over the cells that expect a name (a cell
expecting several names is right only if it expects exactly the one given), accepted wrong
(a wrong name, or any name where none is right) over all cells, and must-not-match cells
accepted over the cells that expect none. The half of a cell is
qingdan's eval::half (FNV-1a of its bytes, lowest bit: 0 dev, 1 sealed). Only totals are
printed, never a sealed row.

    python3 bench/rapidfuzz_blind.py            # tests/eval/blind
    python3 bench/rapidfuzz_blind.py probe5     # tests/eval/probe5: a cell an earlier set has
                                                # is dev, as tests/common splits it (probe6 too)
    python3 bench/rapidfuzz_blind.py probe7     # a cell keeps the half it had where first seen

Needs `pip install rapidfuzz`. Not part of the tests or CI.
"""

import csv
import sys
from pathlib import Path

from rapidfuzz import fuzz, process, utils

ROOT = Path(__file__).resolve().parent.parent


def half(text):
    h = 0xCBF29CE484222325
    for b in text.encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return "dev" if h & 1 == 0 else "sealed"


def choices(fname, shipped):
    out = {}
    with open(ROOT / "dictionaries" / fname, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out[row["name"]] = row["name"]
            if shipped:
                for col in ("aliases", "former_names"):
                    for a in filter(None, (row.get(col) or "").split("|")):
                        out.setdefault(a, row["name"])
    # The nationwide common and former names of materials live in reforms.csv since
    # 2026-12-08; the shipped dictionary's names include them.
    if shipped and fname == "materials.csv":
        with open(ROOT / "dictionaries" / "reforms.csv", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                ok = row["kind"] == "material" and row["relation"] in ("common", "former")
                if ok and row["current"] in out:
                    for a in filter(None, row["names"].split("|")):
                        out.setdefault(a, row["current"])
    return out


SET = sys.argv[1] if len(sys.argv) > 1 else "blind"


# Probes split as tests/common splits them: a cell a set written before has is dev.
SPLIT_BY_SEEN = ("probe5", "probe6")


def seen():
    """The first column of every earlier set's rows (split probes only: those cells are dev)."""
    if SET not in SPLIT_BY_SEEN:
        return set()
    later = SPLIT_BY_SEEN[SPLIT_BY_SEEN.index(SET):]
    out = set()
    for path in (ROOT / "tests" / "eval").rglob("*.tsv"):
        if path.parent.name in later or path.parent.name == "suzhou":
            continue
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            out.add(line.split("\t")[0])
    return out


SEEN = seen()


def firsts(*dirs):
    out = set()
    for d in dirs:
        for path in (ROOT / "tests" / "eval" / d).glob("*.tsv"):
            for line in path.read_text(encoding="utf-8").splitlines()[1:]:
                out.add(line.split("\t")[0])
    return out


def kept_split():
    """probe7 on: a cell keeps the half it had where it was first seen (tests/common)."""
    if SET != "probe7":
        return set(), set()
    dev = firsts("probe", "probe2", "probe4") | {
        line.split("\t")[0]
        for path in (ROOT / "tests" / "eval").glob("*.tsv")
        for line in path.read_text(encoding="utf-8").splitlines()[1:]
    }
    sealed = set(firsts("probe3"))
    for t in firsts("blind"):
        (dev if half(t) == "dev" else sealed).add(t)
    # probe5 and probe6 by their own rule: a cell any earlier set has is dev.
    earlier = firsts("blind", "probe", "probe2", "probe3", "probe4") | dev
    for d in ("probe5", "probe6"):
        for t in firsts(d):
            (dev if t in earlier or half(t) == "dev" else sealed).add(t)
        earlier |= firsts(d)
    return dev, sealed - dev


KEPT_DEV, KEPT_SEALED = kept_split()


def half_of(text):
    if text in SEEN or text in KEPT_DEV:
        return "dev"
    return "sealed" if text in KEPT_SEALED else half(text)


def cases(fname):
    with open(ROOT / "tests" / "eval" / SET / fname, encoding="utf-8") as f:
        lines = f.read().splitlines()
    head = lines[0].split("\t")
    ci, ce = head.index("input"), head.index("expected")
    for line in filter(None, lines[1:]):
        f = line.split("\t")
        yield f[ci], [x for x in f[ce].split("|") if x]


def tally(kind_file, dict_file, shipped, cutoff):
    names = choices(dict_file, shipped)
    keys = list(names)
    t = {h: dict(pos=0, right=0, wrong=0, neg=0, neg_acc=0) for h in ("dev", "sealed")}
    for text, expected in cases(kind_file):
        x = t[half_of(text)]
        best = process.extractOne(
            text, keys, scorer=fuzz.WRatio, processor=utils.default_process
        )
        got = names[best[0]] if best and best[1] >= cutoff else None
        if expected:
            x["pos"] += 1
            if got is not None:
                x["right" if expected == [got] else "wrong"] += 1
        else:
            x["neg"] += 1
            x["neg_acc"] += got is not None
    return t


def main():
    for label, kind_file, dict_file in [
        ("departments", "departments.tsv", "departments.csv"),
        ("materials", "materials.tsv", "materials.csv"),
    ]:
        for shipped in (False, True):
            for cutoff in (90, 80):
                t = tally(kind_file, dict_file, shipped, cutoff)
                for h in ("dev", "sealed"):
                    x = t[h]
                    print(
                        f"{label:11s} {'shipped' if shipped else 'names  '} >= {cutoff} {h:6s}: "
                        f"accepted right {100 * x['right'] / x['pos']:5.1f}%, "
                        f"wrong {100 * (x['wrong'] + x['neg_acc']) / (x['pos'] + x['neg']):5.2f}%, "
                        f"must-not-match accepted {x['neg_acc']}/{x['neg']}"
                    )


if __name__ == "__main__":
    main()
