#!/usr/bin/env bash
# Side-by-side pipeline benchmark: qingdan vs the floor vs what Python users write.
#
#   bench/pipeline/run.sh [--1m] [--sizes "10000 100000"] [--work DIR] [--typical-max N]
#
# For each size: generates a workload (examples/gen_workload.rs, 1,000 rows per file, 2 sheets
# per file, seed fixed), then on the same files runs
#   qingdan   `qingdan clean DIR -o OUT -q` (release build)
#   floor     examples/floor.rs: calamine read + rust_xlsxwriter write, nothing else
#   skilled   skilled.py (pandas + python-calamine + rapidfuzz cdist on distinct names)
#   typical   typical.py (pandas defaults + openpyxl + extractOne per row), only up to
#             --typical-max rows (default 100000)
# each under /usr/bin/time -v (wall time, peak RSS), scores every tool against truth.tsv
# (score.py) and prints one table (table.py). qingdan's stages (read / match / write) come
# from the timed run itself: QINGDAN_TRACE=1 makes it print each stage's end time on stderr.
# Sizes: 10k and 100k by default, plus 1M with --1m (about 15 minutes).
#
# Needs: cargo, python3 with `pip install pandas python-calamine rapidfuzz xlsxwriter
# openpyxl`, GNU time (`apt-get install -y time`). Don't run two benchmarks
# at once: the numbers are wall times.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=/tmp/qingdan-pipeline-bench
SIZES="10000 100000"
TYPICAL_MAX=100000
while [ $# -gt 0 ]; do
    case "$1" in
        --1m) SIZES="$SIZES 1000000" ;;
        --sizes) SIZES="$2"; shift ;;
        --work) WORK="$2"; shift ;;
        --typical-max) TYPICAL_MAX="$2"; shift ;;
        -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done

[ -x /usr/bin/time ] || { echo "run.sh: needs GNU time: apt-get install -y time" >&2; exit 2; }
python3 -c 'import pandas, python_calamine, rapidfuzz, xlsxwriter, openpyxl' 2>/dev/null || {
    echo "run.sh: pip install pandas python-calamine rapidfuzz xlsxwriter openpyxl" >&2; exit 2; }

echo "== building (release)"
(cd "$ROOT" && cargo build --release --quiet --bin qingdan --example gen_workload --example floor)
# Snapshot the binaries so a rebuild during the run cannot mix versions.
BIN="$WORK/bin"
mkdir -p "$BIN"
cp "$ROOT/target/release/qingdan" "$ROOT/target/release/examples/gen_workload" \
    "$ROOT/target/release/examples/floor" "$BIN/"

TIMES="$WORK/times.tsv"
printf 'size\ttool\tread\tmatch\twrite\ttotal\twall\tpeak_mb\n' > "$TIMES"

# measure LOG CMD...: runs CMD under /usr/bin/time -v; sets WALL (s) and PEAK (MB).
measure() {
    local log="$1"; shift
    local rc=0
    /usr/bin/time -v -o "$log.time" "$@" > "$log.out" 2> "$log.err" || rc=$?
    WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$log.time")
    PEAK=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$log.time")
    return $rc
}

# field NAME FILE: value of NAME=... on the RESULT/PHASES line of FILE.
field() { grep -oE "(^| )$1=[0-9.]+" "$2" | tail -1 | cut -d= -f2; }

for N in $SIZES; do
    W="$WORK/w$N"
    O="$WORK/out$N"
    FILES=$(( N / 1000 > 0 ? N / 1000 : 1 ))
    echo "== $N rows ($FILES files x 2 sheets)"
    # Inputs are reused while the generator and the arguments are the same.
    STAMP="$N $FILES $(sha256sum "$BIN/gen_workload" | cut -c1-16)"
    if [ ! -f "$W/truth.tsv" ] || [ "$(cat "$W/.stamp" 2>/dev/null)" != "$STAMP" ]; then
        rm -rf "$W"
        "$BIN/gen_workload" --rows "$N" --files "$FILES" --sheets 2 --out "$W"
        echo "$STAMP" > "$W/.stamp"
    fi
    rm -rf "$O"
    mkdir -p "$O"

    echo "   qingdan"
    measure "$O/qingdan" env QINGDAN_TRACE=1 "$BIN/qingdan" clean "$W" -o "$O/qingdan" -q ||
        echo "   qingdan failed (exit $?), see $O/qingdan.err" >&2
    Q_WALL=$WALL Q_PEAK=$PEAK
    # Stage ends from the trace: read (files read), standardized (matched and checked),
    # written (workbooks on disk); the rest of the wall time is start-up and exit.
    stage() { grep -oE "qingdan-trace $1 t=[0-9.]+" "$O/qingdan.err" | cut -d= -f2; }
    read -r QR QM QW < <(awk -v r="$(stage read)" -v s="$(stage standardized)" \
        -v w="$(stage written)" 'BEGIN { printf "%.2f %.2f %.2f\n", r, s - r, w - s }')
    printf '%s\tqingdan\t%s\t%s\t%s\t%s\t%s\t%s\n' "$N" "$QR" "$QM" "$QW" "$Q_WALL" "$Q_WALL" "$Q_PEAK" >> "$TIMES"

    echo "   floor"
    if measure "$O/floor" "$BIN/floor" "$W" "$O/floor.xlsx"; then
        FR=$(grep -oE 'read [0-9.]+' "$O/floor.out" | cut -d' ' -f2)
        FW=$(grep -oE 'write [0-9.]+' "$O/floor.out" | cut -d' ' -f2)
        FT=$(grep -oE 'total [0-9.]+' "$O/floor.out" | cut -d' ' -f2)
        printf '%s\tfloor\t%s\t-\t%s\t%s\t%s\t%s\n' "$N" "$FR" "$FW" "$FT" "$WALL" "$PEAK" >> "$TIMES"
    else
        echo "   floor failed, see $O/floor.err" >&2
    fi
    rm -f "$O/floor.xlsx"

    for tool in skilled typical; do
        if [ "$tool" = typical ] && [ "$N" -gt "$TYPICAL_MAX" ]; then
            continue
        fi
        echo "   $tool.py"
        if measure "$O/$tool" python3 "$HERE/$tool.py" "$W" "$O/$tool.xlsx"; then
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$N" "$tool" \
                "$(field read "$O/$tool.out")" "$(field match "$O/$tool.out")" \
                "$(field write "$O/$tool.out")" "$(field total "$O/$tool.out")" \
                "$WALL" "$PEAK" >> "$TIMES"
        else
            echo "   $tool.py failed, see $O/$tool.err" >&2
        fi
    done

    echo "   scoring"
    python3 "$HERE/score.py" "$W/truth.tsv" \
        "qingdan=$O/qingdan/标准化需求清单.xlsx" \
        "skilled=$O/skilled.xlsx" "typical=$O/typical.xlsx" \
        --json "$O/accuracy.json" > "$O/score.out" 2>&1 || echo "   scoring failed, see $O/score.out" >&2
    sed 's/^/   /' "$O/score.out"
done

echo
echo "read/match/write: each tool's own stage times (qingdan: from QINGDAN_TRACE);"
echo "total: wall clock of the whole process (Python: including interpreter start and imports);"
echo "peak MB: maximum RSS; precision: share of accepted answers that are right; coverage: share"
echo "of cells with a standard name that got it right (需求单位名称, 材料名称, 材料来源)."
echo
python3 "$HERE/table.py" "$TIMES" | tee "$WORK/table.md"
