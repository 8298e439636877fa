#!/usr/bin/env python3
"""Build dictionaries/regions.csv and scripts/regions/shanghai_streets.csv.

One-off, stdlib only. Input: the dist/ directory of
https://github.com/modood/Administrative-divisions-of-China (provinces.csv,
cities.csv, areas.csv, streets.csv), i.e. the National Bureau of Statistics
统计用区划代码 (2023 vintage at the commit recorded in README.md).

Usage:
    python3 scripts/regions/build_regions.py DIST_DIR [--regions OUT] [--shanghai OUT]

Output regions.csv: code,name,level,parent (6-digit codes; level is
province/city/county; parent empty for provinces), sorted by code.
Output shanghai_streets.csv: name,district,code (9-digit), sorted by code.
A summary of counts and of every skipped row goes to stderr.
"""

import argparse
import csv
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# Pseudo prefecture-level rows of the NBS tables: their counties are attached
# to the province directly.
PSEUDO_CITY_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# NBS-only county-level codes: the 5th-6th digits 71-80 are used by the
# statistics codes for development zones, industrial parks, 管理区, 新区 etc.,
# which are not county-level administrative divisions.
NBS_SPECIAL_ZONE = range(71, 81)

TOWNSHIP_RE = re.compile(r"(街道|街道办事处|镇|乡)$")


def read(dist, name):
    path = os.path.join(dist, name)
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def log(msg):
    print(msg, file=sys.stderr)


def build_regions(dist):
    provinces = read(dist, "provinces.csv")
    cities = read(dist, "cities.csv")
    areas = read(dist, "areas.csv")

    rows = []  # (code, name, level, parent)
    skipped = []  # (code, name, reason)

    for p in provinces:
        rows.append((p["code"] + "0000", p["name"], "province", ""))

    city_parent = {}  # 4-digit city code -> 6-digit parent for its counties
    city_name = {}
    for c in cities:
        pcode = c["provinceCode"] + "0000"
        city_name[c["code"]] = c["name"]
        if c["name"] in PSEUDO_CITY_NAMES:
            city_parent[c["code"]] = pcode
            skipped.append((c["code"] + "00", c["name"], "pseudo city"))
            continue
        code = c["code"] + "00"
        city_parent[c["code"]] = code
        rows.append((code, c["name"], "city", pcode))

    for a in areas:
        code, name, ccode = a["code"], a["name"], a["cityCode"]
        if name == "市辖区":
            skipped.append((code, name, "pseudo county 市辖区"))
        elif code.endswith("00") or name == city_name.get(ccode):
            # The dataset inserts a stand-in county for prefecture-level cities
            # without counties (东莞 441900, 中山 442000, 儋州 460400) and
            # renames 嘉峪关's lone 市辖区 620201 to 嘉峪关市.
            skipped.append((code, name, "stand-in county for a city without counties"))
        elif int(code[4:6]) in NBS_SPECIAL_ZONE:
            skipped.append((code, name, "NBS-only special zone (code xxxx71-80)"))
        else:
            rows.append((code, name, "county", city_parent[ccode]))

    rows.sort(key=lambda r: r[0])

    # Checks.
    codes = [r[0] for r in rows]
    assert len(codes) == len(set(codes)), "duplicate codes"
    assert all(re.fullmatch(r"\d{6}", c) for c in codes), "bad code"
    known = set(codes)
    for code, name, level, parent in rows:
        if level == "province":
            assert parent == "", code
        else:
            assert parent in known, (code, name, parent)
            assert code[:2] == parent[:2], (code, parent)
    return rows, skipped


def build_shanghai(dist):
    areas = {a["code"]: a["name"] for a in read(dist, "areas.csv") if a["provinceCode"] == "31"}
    out, skipped = [], []
    for s in read(dist, "streets.csv"):
        if s["provinceCode"] != "31":
            continue
        district = areas[s["areaCode"]]
        if TOWNSHIP_RE.search(s["name"]):
            out.append((s["name"], district, s["code"]))
        else:
            skipped.append((s["code"], s["name"], district))
    out.sort(key=lambda r: r[2])
    skipped.sort()
    return out, skipped


def write_csv(path, header, rows):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dist", help="dataset directory holding provinces/cities/areas/streets.csv")
    ap.add_argument("--regions", default=os.path.join(REPO, "dictionaries", "regions.csv"))
    ap.add_argument("--shanghai", default=os.path.join(HERE, "shanghai_streets.csv"))
    args = ap.parse_args()

    rows, skipped = build_regions(args.dist)
    write_csv(args.regions, ["code", "name", "level", "parent"], rows)
    counts = {lv: sum(1 for r in rows if r[2] == lv) for lv in ("province", "city", "county")}
    log(f"{args.regions}: {len(rows)} rows {counts}")
    log(f"skipped {len(skipped)} rows from the dataset:")
    for s in skipped:
        log("  %s %s (%s)" % s)

    sh, sh_skipped = build_shanghai(args.dist)
    write_csv(args.shanghai, ["name", "district", "code"], sh)
    log(f"{args.shanghai}: {len(sh)} rows")
    log(f"skipped {len(sh_skipped)} Shanghai township-level units that are not 街道/镇/乡:")
    for s in sh_skipped:
        log("  %s %s (%s)" % s)


if __name__ == "__main__":
    main()
