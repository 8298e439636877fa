#!/usr/bin/env bash
# Side-by-side timing: runs two commands alternately (A, B, A, B, ...) and prints every wall
# time and each command's median, so that load on the machine hits both alike. A single run
# on this machine varies by 10% or more; compare medians of alternated runs, never one run.
#
#   bench/alternate.sh 5 'old/qingdan clean /tmp/w100k -o /tmp/oa -q' 'target/release/qingdan clean /tmp/w100k -o /tmp/ob -q'
set -euo pipefail
rounds=$1 a=$2 b=$3
ta=() tb=()
now() { date +%s.%N; }
for ((i = 1; i <= rounds; i++)); do
  for which in a b; do
    cmd=${!which}
    t0=$(now); bash -c "$cmd" > /dev/null; t1=$(now)
    t=$(echo "$t1 - $t0" | bc -l)
    if [ "$which" = a ]; then ta+=("$t"); else tb+=("$t"); fi
    printf 'round %d %s %.3f s\n' "$i" "$which" "$t"
  done
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
ma=$(median "${ta[@]}") mb=$(median "${tb[@]}")
printf 'median A %.3f s, B %.3f s, B/A %.3f\n' "$ma" "$mb" "$(echo "$mb / $ma" | bc -l)"
