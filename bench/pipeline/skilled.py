#!/usr/bin/env python3
"""What a skilled Python user writes to standardize a folder of requirement lists.

    python3 skilled.py INDIR OUT.xlsx [--dict DIR]

pandas + python-calamine to read (every sheet; the header row is found by looking for known
header names in the first 40 rows), NFKC once per distinct text, an exact lookup in the
dictionaries (names, aliases and former names), then rapidfuzz `process.cdist` with
`fuzz.ratio` over the *distinct* texts still unmatched against every dictionary spelling,
accepted at score >= 85; xlsxwriter to write. Departments (需求单位名称, 材料来源) and
materials (材料名称) are matched; nothing else is interpreted.

Prints the time of each stage and the peak memory, and a last line for run.sh:
    RESULT read=<s> match=<s> write=<s> total=<s> peak_mb=<MB> rows=<n>
"""

import argparse
import csv
import re
import resource
import sys
import time
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

HERE = Path(__file__).resolve().parent
DEFAULT_DICT = HERE.parent.parent / "dictionaries"
CUTOFF = 85
MATCHED = {"需求单位名称": "dept", "材料来源": "dept", "材料名称": "material"}
EXTS = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv"}


def norm(s: str) -> str:
    """NFKC, no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def header_key(s: str) -> str:
    """A header cell without markers: *材料名称（必填） -> 材料名称."""
    s = norm(s)
    s = re.sub(r"[(\[【][^)\]】]*[)\]】]", "", s)
    return s.strip("*:：")


def load_dict(dict_dir: Path):
    """{spelling: standard name} for departments and materials, and header synonyms."""
    forms = {}
    for kind, fname, cols in [
        ("dept", "departments.csv", ("aliases", "former_names")),
        ("material", "materials.csv", ("aliases",)),
    ]:
        m = {}
        with open(dict_dir / fname, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                name = row["name"].strip()
                spellings = [name]
                for c in cols:
                    spellings += [x for x in (row.get(c) or "").split("|") if x.strip()]
                for s in spellings:
                    m.setdefault(norm(s), name)
        forms[kind] = m
    headers = {}
    with open(dict_dir / "headers.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            field = row["header"].strip()
            for s in [field] + (row.get("synonyms") or "").split("|"):
                if s.strip():
                    headers.setdefault(header_key(s), field)
    return forms, headers


def find_header(df: pd.DataFrame, headers: dict):
    """(row index, {column: field}) of the first row among the first 40 that names at least
    three known headers including 材料名称 or 事项名称; None when there is none."""
    best = None
    for i in range(min(40, len(df))):
        mapping = {}
        for col, v in df.iloc[i].items():
            if isinstance(v, str):
                f = headers.get(header_key(v))
                if f and f not in mapping.values():
                    mapping[col] = f
        fields = set(mapping.values())
        if len(fields) >= 3 and ("材料名称" in fields or "事项名称" in fields):
            if best is None or len(fields) > len(best[1]):
                best = (i, mapping)
    return best


def read_all(indir: Path, headers: dict) -> pd.DataFrame:
    frames = []
    files = sorted(p for p in indir.rglob("*") if p.suffix.lower() in EXTS and p.is_file()
                   and not p.name.startswith((".", "~$")))
    for path in files:
        rel = path.relative_to(indir).as_posix()
        if path.suffix.lower() == ".csv":
            sheets = {path.stem: pd.read_csv(path, header=None, dtype=str, encoding="utf-8-sig",
                                              keep_default_na=False, skip_blank_lines=False)}
        else:
            sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=str,
                                   engine="calamine")
        for name, raw in sheets.items():
            found = find_header(raw, headers)
            if found is None:
                continue
            h, mapping = found
            data = raw.iloc[h + 1:][list(mapping)].rename(columns=mapping)
            data = data.replace("", np.nan)
            data = data.dropna(how="all")
            if "事项名称" in data:  # merged cells come back blank below the first row
                data["事项名称"] = data["事项名称"].ffill()
            data.insert(0, "来源行", data.index + 1)
            data.insert(0, "来源工作表", name)
            data.insert(0, "来源文件", rel)
            frames.append(data)
    return pd.concat(frames, ignore_index=True)


def match(df: pd.DataFrame, forms: dict) -> pd.DataFrame:
    for field, kind in MATCHED.items():
        if field not in df:
            df["标准_" + field] = np.nan
            continue
        table = forms[kind]
        raw = df[field].fillna("").astype(str)
        # NFKC once per distinct text.
        uniq = raw.unique()
        normed = dict(zip(uniq, (norm(u) for u in uniq)))
        keys = raw.map(normed)
        answer = keys.map(table)
        todo = pd.unique(keys[answer.isna() & (keys != "")])
        if len(todo):
            choices = list(table.keys())
            scores = process.cdist(todo, choices, scorer=fuzz.ratio, score_cutoff=CUTOFF,
                                   workers=-1)
            best = scores.argmax(axis=1)
            ok = scores[np.arange(len(todo)), best] >= CUTOFF
            fuzzy = {t: table[choices[b]] for t, b, g in zip(todo, best, ok) if g}
            answer = answer.fillna(keys.map(fuzzy))
        df["标准_" + field] = answer
    return df


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("indir", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--dict", type=Path, default=DEFAULT_DICT)
    a = ap.parse_args()
    t0 = time.perf_counter()
    forms, headers = load_dict(a.dict)
    df = read_all(a.indir, headers)
    t1 = time.perf_counter()
    df = match(df, forms)
    t2 = time.perf_counter()
    df.to_excel(a.out, index=False, engine="xlsxwriter")
    t3 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"skilled: {len(df)} rows; read {t1 - t0:.2f}s, match {t2 - t1:.2f}s, "
          f"write {t3 - t2:.2f}s, total {t3 - t0:.2f}s, peak {peak:.0f} MB", file=sys.stderr)
    print(f"RESULT read={t1 - t0:.3f} match={t2 - t1:.3f} write={t3 - t2:.3f} "
          f"total={t3 - t0:.3f} peak_mb={peak:.0f} rows={len(df)}")


if __name__ == "__main__":
    main()
