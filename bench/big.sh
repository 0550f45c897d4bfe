#!/usr/bin/env bash
# bench/big.sh — issue 15's big programme on one machine: 10,000,000 samples against 100,000 licences
# (generate.py --scale 1 --samples-scale 10). lode's import, `overlap licences samples --count` (W2),
# `near --within 5km` from 10,000 points (W4a), a map of the whole samples layer and its GeoPackage export,
# each with its wall time and peak memory (target: at most 2 GB each), beside PostGIS's load and its SQL for
# W2 and W4a, and ogr2ogr's export of the same table from PostGIS, on the same server and data.
# run.sh does the data, the loading (its load.txt: lode's import times and peaks) and W2/W4a with their checks;
# this script adds the map and the export and prints one table.
#
#   bench/big.sh [--samples-scale 10] [--scale 1] [--runs 1] [--lode PATH] [--work DIR] [--pg-port P] [--keep-pg]
#   bench/big.sh --scale 0.01 --lode build/tools/lode     a smoke run of the harness (100,000 samples, 1,000 licences)
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=/usr/bin/python3
samples_scale=10 scale=1 runs=1 lode_bin= work=/tmp/lode-bench pg_port=54329 keep_pg=0
while [ $# -gt 0 ]; do
    case "$1" in
        --samples-scale) samples_scale=$2; shift ;;
        --scale) scale=$2; shift ;;
        --runs) runs=$2; shift ;;
        --lode) lode_bin=$2; shift ;;
        --work) work=$2; shift ;;
        --pg-port) pg_port=$2; shift ;;
        --keep-pg) keep_pg=1 ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "big.sh: unknown option '$1'" >&2; exit 2 ;;
    esac
    shift
done

lode_opt=(); [ -z "$lode_bin" ] || lode_opt=(--lode "$lode_bin")
# the PostgreSQL of run.sh stays up for the export below (stopped at the end unless --keep-pg)
"$BENCH/run.sh" --scale "$scale" --samples-scale "$samples_scale" --workloads W2,W4a --tools lode,postgis --runs "$runs" \
    --wait-idle 0 --keep-pg --work "$work" --pg-port "$pg_port" "${lode_opt[@]}"

tag=s$(echo "$scale" | tr . _)-seed20250601-samples$(echo "$samples_scale" | tr . _)
dir=$work/$tag out=$work/$tag/out
pgdb=lode_bench_$(echo "$tag" | tr - _)
[ -n "$lode_bin" ] || lode_bin=$work/build/tools/lode
store=$dir/stores/lode.sqlite
pgdata=$work/pg
postmaster=$(head -1 "$pgdata/postmaster.pid")
stop_pg() { [ "$keep_pg" = 1 ] || runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$pgdata" -m fast -w stop >/dev/null 2>&1 || true; }
trap stop_pg EXIT

big=$out/big.jsonl
: > "$big"
measure() { # WORKLOAD TOOL CMD...
    local w=$1 t=$2; shift 2
    local pm=(); [ "$t" = lode ] || pm=(--postmaster "$postmaster")
    for r in $(seq 1 "$runs"); do
        $PY "$BENCH/measure.py" --result "$big" --workload "$w" --tool "$t" --run "$r" --stdout "$out/$w.$t.out" \
            "${pm[@]}" --timeout 7200 --wait-idle 0 -- "$@"
    done
}
rm -f "$out/big.png" "$out/big.gpkg" "$out/big_pg.gpkg"
measure map lode "$lode_bin" map -l samples -o "$out/big.png" --dpi 100 --date 2026-01-01 --db "$store"
measure export lode "$lode_bin" export -l samples -o "$out/big.gpkg" --db "$store"
rm -f "$out/big.gpkg"
measure export ogr2ogr ogr2ogr -f GPKG "$out/big_pg.gpkg" "PG:host=127.0.0.1 port=$pg_port user=postgres dbname=$pgdb" samples
rm -f "$out/big_pg.gpkg"

$PY - "$out/results.jsonl" "$big" "$dir/load.txt" "$dir/data/manifest.json" <<'EOF'
import json, re, statistics, sys
rows = [json.loads(l) for f in sys.argv[1:3] for l in open(f) if l.strip()]
def figures(w, t):
    runs = [r for r in rows if r["workload"] == w and r["tool"] == t and r["exit"] == 0 and not r["timed_out"]]
    if not runs:
        return None
    return (statistics.median(r["wall_s"] for r in runs),
            max(r["peak_kb"] + r.get("server_peak_kb", 0) for r in runs) / 1024)
c = json.load(open(sys.argv[4]))["counts"]
print(f"\nBig programme: {c['samples']:,} samples, {c['licences']:,} licences, {c['occurrences']:,} W4a points")
print("| step | lode s | lode peak MB | ≤ 2 GB | peer s | peer peak MB |")
print("|---|---:|---:|---|---:|---:|")
for line in open(sys.argv[3]):
    m = re.match(r"lode import (\w+)\.csv: ([\d.]+) s, peak RSS (\d+) kB", line)
    if m and not m.group(1).startswith("w4b"):
        mb = int(m.group(3)) / 1024
        print(f"| import {m.group(1)} | {float(m.group(2)):.1f} | {mb:.0f} | {'MET' if mb <= 2048 else 'MISSED'} | | |")
    m = re.match(r"PostGIS load .*: ([\d.]+) s", line)
    if m:
        print(f"| PostGIS load (all five files, with geography columns and indexes) | | | | {float(m.group(1)):.1f} | |")
for w, peer, name in [("W2", "postgis", "W2 overlap --count (peer: PostGIS SQL)"), ("W4a", "postgis", "W4a near --within 5km (peer: PostGIS SQL)"),
                      ("map", None, "map of the samples (PNG, 100 dpi)"), ("export", "ogr2ogr", "export samples → GeoPackage (peer: ogr2ogr from PostGIS)")]:
    lode, other = figures(w, "lode"), figures(w, peer) if peer else None
    cell = lambda f: (f"{f[0]:.1f} | {f[1]:.0f}" if f else "failed | ")
    verdict = ("MET" if lode[1] <= 2048 else "MISSED") if lode else "MISSED (failed)"
    print(f"| {name} | {cell(lode)} | {verdict} | {cell(other) if peer else ' | '} |")
EOF
