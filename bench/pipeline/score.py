#!/usr/bin/env python3
"""Scores tools' standardized answers against gen_workload's truth.tsv.

    python3 score.py TRUTH.tsv NAME=PATH [NAME=PATH ...] [--json OUT.json] [--kinds]

PATH is qingdan's 标准化需求清单.xlsx (any NAME starting with `qingdan`) or the OUT.xlsx of
skilled.py / typical.py. Fields scored: 需求单位名称, 材料名称, 材料来源 (all tools), and for
qingdan also 责任单位名称 and 使用方式 (reported separately, not in the headline).

An answer is *accepted* when the tool commits to a standard name:
- qingdan: the standardized cell consists only of standard dictionary names (several joined
  with 、) and 问题说明 does not say the cell was sent to review, unmatched or vague;
- the Python pipelines: 标准_<field> is not empty.
For every truth cell: `expected` empty means nothing may be accepted. Reported per tool:
  accepted   answers accepted, out of all truth cells of the scored fields
  precision  accepted answers that are right ("accuracy of accepted answers")
  coverage   cells with an expected name that got it right
  wrong      accepted answers that are wrong (a wrong name, or any name where none is right)
"""

import argparse
import csv
import json
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
DICT = HERE.parent.parent / "dictionaries"
HEADLINE = ["需求单位名称", "材料名称", "材料来源"]
QINGDAN_EXTRA = ["责任单位名称", "使用方式"]
KEYS = ["file", "sheet", "row"]


def standard_names():
    names = {}
    for kind, fname in [("dept", "departments.csv"), ("material", "materials.csv"),
                        ("method", "methods.csv")]:
        with open(DICT / fname, encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        if kind == "method":
            names[kind] = {r["name"] for r in rows if r.get("kind", "method") == "method"}
        else:
            names[kind] = {r["name"] for r in rows}
    return names


FIELD_KIND = {"需求单位名称": "dept", "材料来源": "dept", "责任单位名称": "dept",
              "材料名称": "material", "使用方式": "method"}
NOT_ACCEPTED = ("probably means", "matches no dictionary entry", "too generic")


def load_truth(path):
    t = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, quoting=csv.QUOTE_NONE)
    t["row"] = t["row"].astype(int)
    return t


def read_all_sheets(path, prefix=None):
    sheets = pd.read_excel(path, sheet_name=None, dtype=str, engine="calamine")
    frames = [df for name, df in sheets.items() if prefix is None or name.startswith(prefix)]
    return pd.concat(frames, ignore_index=True)


def qingdan_answers(path, fields, names):
    df = read_all_sheets(path, prefix="标准化需求清单")
    df = df.fillna("")
    out = pd.DataFrame({"file": df["来源文件"], "sheet": df["来源工作表"],
                        "row": df["来源行"].astype(float).astype(int)})
    msgs = df["问题说明"].str.split("；")
    for f in fields:
        if f not in df:
            out[f] = ""
            continue
        std = names[FIELD_KIND[f]]
        vals = df[f]
        raw = df.get("原始" + f, vals)

        def accepted(v, r, m):
            if not v:
                return ""
            if any(p.startswith(f"{f} `") and any(x in p for x in NOT_ACCEPTED) for p in m):
                return ""
            if f == "使用方式":
                return v if v in std else ""
            pieces = v.split("、")
            return v if all(p in std for p in pieces) else ""

        out[f] = [accepted(v, r, m) for v, r, m in zip(vals, raw, msgs)]
    return out


def python_answers(path, fields):
    df = read_all_sheets(path).fillna("")
    out = pd.DataFrame({"file": df["来源文件"], "sheet": df["来源工作表"],
                        "row": df["来源行"].astype(float).astype(int)})
    for f in fields:
        col = "标准_" + f
        out[f] = df[col] if col in df else ""
    return out


def score(truth, answers, fields, kinds=False):
    t = truth[truth["field"].isin(fields)]
    long = answers.melt(id_vars=KEYS, value_vars=fields, var_name="field", value_name="answer")
    long = long.drop_duplicates(KEYS + ["field"])
    m = t.merge(long, on=KEYS + ["field"], how="left")
    missing = m["answer"].isna()
    m["answer"] = m["answer"].fillna("")
    acc = m["answer"] != ""
    right = acc & (m["answer"] == m["expected"])
    pos = m["expected"] != ""

    def summary(mask):
        n_acc = int((acc & mask).sum())
        n_right = int((right & mask).sum())
        n_pos = int((pos & mask).sum())
        return {"cells": int(mask.sum()), "positives": n_pos, "accepted": n_acc,
                "right": n_right, "wrong": n_acc - n_right,
                "precision": n_right / n_acc if n_acc else None,
                "coverage": n_right / n_pos if n_pos else None,
                "missing_rows": int((mask & missing).sum())}

    res = {"all": summary(pd.Series(True, index=m.index))}
    for f in fields:
        res[f] = summary(m["field"] == f)
    if kinds:
        res["kinds"] = {}
        for (f, k), idx in m.groupby(["field", "kind"]).groups.items():
            mask = pd.Series(False, index=m.index)
            mask[idx] = True
            res["kinds"][f"{f}/{k}"] = summary(mask)
    return res


def pct(x):
    return "-" if x is None else f"{100 * x:.1f}%"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("truth")
    ap.add_argument("tools", nargs="+", help="NAME=PATH")
    ap.add_argument("--json")
    ap.add_argument("--kinds", action="store_true", help="also break down by noise kind")
    a = ap.parse_args()
    truth = load_truth(a.truth)
    names = standard_names()
    results = {}
    for spec in a.tools:
        name, path = spec.split("=", 1)
        if not Path(path).exists():
            print(f"score: {name}: {path} missing, skipped", file=sys.stderr)
            continue
        if name.startswith("qingdan"):
            ans = qingdan_answers(path, HEADLINE + QINGDAN_EXTRA, names)
            r = score(truth, ans, HEADLINE, a.kinds)
            r["extra"] = score(truth, ans, QINGDAN_EXTRA, a.kinds)
        else:
            ans = python_answers(path, HEADLINE)
            r = score(truth, ans, HEADLINE, a.kinds)
        results[name] = r
        s = r["all"]
        print(f"{name:10s} cells {s['cells']:>8d}  accepted {s['accepted']:>8d}  "
              f"precision {pct(s['precision']):>6s}  coverage {pct(s['coverage']):>6s}  "
              f"wrong {s['wrong']}")
        for f in HEADLINE:
            s = r[f]
            print(f"  {f:8s} precision {pct(s['precision']):>6s}  coverage "
                  f"{pct(s['coverage']):>6s}  wrong {s['wrong']}")
        for f in r.get("extra", {}):
            if f in QINGDAN_EXTRA:
                s = r["extra"][f]
                print(f"  {f:8s} precision {pct(s['precision']):>6s}  coverage "
                      f"{pct(s['coverage']):>6s}  wrong {s['wrong']}  (not in headline)")
        if a.kinds:
            for k, s in sorted(r["kinds"].items()):
                print(f"    {k:24s} n={s['cells']:>7d} accepted {s['accepted']:>7d} "
                      f"precision {pct(s['precision']):>6s} coverage {pct(s['coverage']):>6s}")
    if a.json:
        Path(a.json).write_text(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
