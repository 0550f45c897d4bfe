#!/usr/bin/env bash
# bench/map.sh — how long `lode map` takes to draw the benchmark store (100,000 licence polygons and
# 1,000,000 samples, made by bench/run.sh) on an A4 page, as PDF and as PNG (200 dpi): wall time and
# peak resident memory from /usr/bin/time -v, the median of N runs. See "Maps" in bench/README.md.
#
#   bench/map.sh STORE [LODE] [RUNS]
#     STORE  the benchmark's lode store, e.g. /tmp/lode-bench/s1-seed20250601/stores/lode.sqlite; it is
#            copied first (lode map only reads, but the copy keeps the original safe from any migration)
#     LODE   the lode binary (default: lode on PATH); RUNS (default 3)
set -euo pipefail

STORE=${1:?usage: bench/map.sh STORE [LODE] [RUNS]}
LODE=${2:-lode}
RUNS=${3:-3}
WORK=$(mktemp -d /tmp/lode-map-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cp "$STORE" "$WORK/lode.sqlite"
export LODE_DB=$WORK/lode.sqlite

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "lode map --layers licences,samples on $(nproc) cores; median of $RUNS runs"
printf '%-6s %10s %14s %12s\n' format "wall (s)" "peak RSS (MB)" "file (KB)"
for format in pdf png; do
    walls=() rss=()
    for ((i = 0; i < RUNS; i++)); do
        /usr/bin/time -v -o "$WORK/time.txt" "$LODE" map -o "$WORK/bench.$format" --layers licences,samples \
            --date 2025-12-12 >"$WORK/out.txt"
        walls+=("$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$WORK/time.txt" |
            awk -F: '{ print (NF == 3 ? $1 * 3600 + $2 * 60 + $3 : $1 * 60 + $2) }')")
        rss+=("$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/time.txt")")
    done
    printf '%-6s %10s %14s %12s\n' "$format" "$(printf '%s\n' "${walls[@]}" | median)" \
        "$(printf '%s\n' "${rss[@]}" | median | awk '{ printf "%.0f", $1 / 1024 }')" \
        "$(( $(stat -c %s "$WORK/bench.$format") / 1024 ))"
done
cat "$WORK/out.txt"
