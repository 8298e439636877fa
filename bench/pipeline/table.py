#!/usr/bin/env python3
"""Joins run.sh's times.tsv with score.py's accuracy JSON files into one markdown table.

    python3 table.py WORK/times.tsv

times.tsv columns: size tool read match write total wall peak_mb. For each size, the
accuracy of each tool is read from WORK/out<size>/accuracy.json.
"""

import csv
import json
import sys
from pathlib import Path


def num(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def fmt(x, digits=2):
    return "-" if x is None else f"{x:.{digits}f}"


def pct(x):
    return "-" if x is None else f"{100 * x:.1f}%"


def main():
    times = Path(sys.argv[1])
    work = times.parent
    rows = list(csv.DictReader(open(times, encoding="utf-8"), delimiter="\t"))
    print("| rows | tool | read s | match s | write s | total s | peak MB | precision | coverage "
          "| wrong | time ÷ qingdan | memory ÷ qingdan |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    sizes = []
    for r in rows:
        if r["size"] not in sizes:
            sizes.append(r["size"])
    for size in sizes:
        acc_path = work / f"out{size}" / "accuracy.json"
        acc = json.loads(acc_path.read_text()) if acc_path.exists() else {}
        group = [r for r in rows if r["size"] == size]
        q = next((r for r in group if r["tool"] == "qingdan"), None)
        q_wall = num(q["wall"]) if q else None
        q_mem = num(q["peak_mb"]) if q else None
        for r in group:
            a = acc.get(r["tool"], {}).get("all", {})
            wall = num(r["wall"])
            mem = num(r["peak_mb"])
            print(f"| {int(size):,} | {r['tool']} | {fmt(num(r['read']))} | {fmt(num(r['match']))} "
                  f"| {fmt(num(r['write']))} | {fmt(wall)} | {fmt(mem, 0)} "
                  f"| {pct(a.get('precision'))} | {pct(a.get('coverage'))} "
                  f"| {a.get('wrong', '-')} "
                  f"| {fmt(wall / q_wall if wall and q_wall else None)} "
                  f"| {fmt(mem / q_mem if mem and q_mem else None)} |")


if __name__ == "__main__":
    main()
