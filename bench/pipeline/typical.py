#!/usr/bin/env python3
"""What a typical Python user writes to standardize a folder of requirement lists.

    python3 typical.py INDIR OUT.xlsx [--dict DIR]

`pd.read_excel` with its defaults (openpyxl for xlsx; every sheet, header row found the same
way as skilled.py so the columns line up), no normalization, `process.extractOne` (default
scorer WRatio) against the dictionaries' standard names for every row's cell, accepted at
score >= 85, `to_excel` with its defaults (openpyxl). Same outputs as skilled.py.

Prints the time of each stage and the peak memory, and a last line for run.sh:
    RESULT read=<s> match=<s> write=<s> total=<s> peak_mb=<MB> rows=<n>
"""

import argparse
import csv
import re
import resource
import sys
import time
from pathlib import Path

import pandas as pd
from rapidfuzz import process

HERE = Path(__file__).resolve().parent
DEFAULT_DICT = HERE.parent.parent / "dictionaries"
CUTOFF = 85
MATCHED = {"需求单位名称": "departments.csv", "材料来源": "departments.csv",
           "材料名称": "materials.csv"}
EXTS = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv"}


def header_key(s):
    s = re.sub(r"\s+", "", str(s))
    s = re.sub(r"[(（\[【][^)）\]】]*[)）\]】]", "", s)
    return s.strip("*＊:：")


def load_headers(dict_dir):
    headers = {}
    with open(dict_dir / "headers.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for s in [row["header"]] + (row.get("synonyms") or "").split("|"):
                if s.strip():
                    headers.setdefault(header_key(s), row["header"])
    return headers


def find_header(df, headers):
    best = None
    for i in range(min(40, len(df))):
        mapping = {}
        for col, v in df.iloc[i].items():
            f = headers.get(header_key(v)) if isinstance(v, str) else None
            if f and f not in mapping.values():
                mapping[col] = f
        fields = set(mapping.values())
        if len(fields) >= 3 and ("材料名称" in fields or "事项名称" in fields):
            if best is None or len(fields) > len(best[1]):
                best = (i, mapping)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("indir", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--dict", type=Path, default=DEFAULT_DICT)
    a = ap.parse_args()
    t0 = time.perf_counter()
    headers = load_headers(a.dict)
    frames = []
    for path in sorted(a.indir.rglob("*")):
        if path.suffix.lower() not in EXTS or path.name.startswith((".", "~$")):
            continue
        if path.suffix.lower() == ".csv":
            sheets = {path.stem: pd.read_csv(path, header=None, encoding="utf-8-sig",
                                              skip_blank_lines=False)}
        else:
            sheets = pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl")
        for name, raw in sheets.items():
            found = find_header(raw, headers)
            if found is None:
                continue
            h, mapping = found
            data = raw.iloc[h + 1:][list(mapping)].rename(columns=mapping)
            data = data.dropna(how="all")
            if "事项名称" in data:
                data["事项名称"] = data["事项名称"].ffill()
            data.insert(0, "来源行", data.index + 1)
            data.insert(0, "来源工作表", name)
            data.insert(0, "来源文件", path.relative_to(a.indir).as_posix())
            frames.append(data)
    df = pd.concat(frames, ignore_index=True)
    t1 = time.perf_counter()

    for field, fname in MATCHED.items():
        with open(a.dict / fname, encoding="utf-8") as f:
            names = [row["name"] for row in csv.DictReader(f)]
        out = []
        for v in df[field] if field in df else []:
            best = None
            if isinstance(v, str) and v.strip():
                best = process.extractOne(v.strip(), names)
            out.append(best[0] if best and best[1] >= CUTOFF else None)
        df["标准_" + field] = out if field in df else None
    t2 = time.perf_counter()
    df.to_excel(a.out, index=False)
    t3 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"typical: {len(df)} rows; read {t1 - t0:.2f}s, match {t2 - t1:.2f}s, "
          f"write {t3 - t2:.2f}s, total {t3 - t0:.2f}s, peak {peak:.0f} MB", file=sys.stderr)
    print(f"RESULT read={t1 - t0:.3f} match={t2 - t1:.3f} write={t3 - t2:.3f} "
          f"total={t3 - t0:.3f} peak_mb={peak:.0f} rows={len(df)}")


if __name__ == "__main__":
    main()
