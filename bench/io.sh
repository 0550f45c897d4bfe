#!/bin/bash
# W1 (import) and W5 (export) of issue "Bulk data at disk speed": lode beside ogr2ogr doing the same
# conversion, alternating run by run, medians, ratios, peak memory (/usr/bin/time -f %M), MET/MISSED.
#
#   bench/io.sh [--n 1000000] [--runs 2] [--lode PATH] [--work DIR] [--pg-port P]
#
# W1: a lab-style CSV of N samples (id, lon/lat, type, date, 4 assays, lab; in Uzbekistan) imported
#     into a fresh store (lode import) and into a fresh GeoPackage (ogr2ogr -f GPKG); the same from a
#     GeoPackage of the samples. Target: lode at least 2x faster than ogr2ogr; peak <= 300 MB.
# W5: the N samples exported from lode's store to GeoPackage, FlatGeobuf, GeoJSON and CSV by
#     `lode export` and by `ogr2ogr` reading the same store. Target: lode at least as fast; peak <= 300 MB.
# W1-pg (with --pg-port P: a PostgreSQL 15 + PostGIS server at 127.0.0.1:P, user postgres, such as the one
#     `bench/run.sh --keep-pg` leaves on 54329): the CSV imported into a fresh lode store on that server
#     (lode import --db postgresql://..., COPY) and by `ogr2ogr -f PostgreSQL --config PG_USE_COPY YES` into a
#     fresh schema of the same database (GiST index, as lode's). Target: lode at least as fast.
# Also the store's size beside ogr2ogr's SpatiaLite (-dsco SPATIALITE=YES) of the same CSV.
set -u
here=$(cd "$(dirname "$0")" && pwd)
n=1000000 runs=2 lode=$here/../build/tools/lode work=/tmp/lode-bench-io pg_port=
while [ $# -gt 0 ]; do
    case "$1" in
        --n) n=$2; shift 2 ;; --runs) runs=$2; shift 2 ;; --lode) lode=$2; shift 2 ;; --work) work=$2; shift 2 ;;
        --pg-port) pg_port=$2; shift 2 ;;
        *) echo "usage: bench/io.sh [--n N] [--runs R] [--lode PATH] [--work DIR] [--pg-port P]" >&2; exit 2 ;;
    esac
done
command -v ogr2ogr >/dev/null && [ -x /usr/bin/time ] || { echo "needs ogr2ogr (gdal-bin) and /usr/bin/time (time)" >&2; exit 2; }
mkdir -p "$work" && cd "$work" || exit 2
export LODE_NOW=2026-01-01T00:00:00Z LODE_USER=bench
geodata=$here/../geodata
results=$work/results.txt
: >"$results"
source "$here/runs.bash"

csv=samples_$n.csv
io_samples "$csv" "$n" || exit 1

store=lode_$n.sqlite
for r in $(seq 1 "$runs"); do io_w1_round "$csv"; done
counts=$(io_counts W1)
mv -f w1-gpkg.sqlite "$store"; rm -f w1-gpkg.sqlite-wal w1-gpkg.sqlite-shm
if [ -n "$pg_port" ]; then
    # W1-pg: both tools write into the database lode_bench_io of the server at 127.0.0.1:$pg_port
    io_pg_database || exit 1
    for r in $(seq 1 "$runs"); do io_w1_pg_round "$csv" || exit 1; done
    pg_counts=$(io_pg_counts) || exit 1
fi
sizes=$(io_sizes "$store" "$csv" w1-csv.gpkg) || exit 1

for r in $(seq 1 "$runs"); do io_w5_round "$store"; done
counts=$(echo "$counts"; echo "${pg_counts:-}"; io_counts W5)
rm -f w1-csv.sqlite* w1-csv.gpkg w1-gpkg.gpkg w5-*

echo
echo "bench/io.sh: $n samples, $runs runs each, lode and ogr2ogr alternating ($(date -u +%Y-%m-%d), $(nproc) cores)"
python3 - "$results" "$here" "$sizes" <<'EOF'
import sys
sys.path.insert(0, sys.argv[2])
import runs as bench_runs
runs = bench_runs.read(sys.argv[1])
print("\n".join(bench_runs.io_table({
    name: bench_runs.median_and_peak(runs[(name, bench_runs.io_subject(name))]) + bench_runs.median_and_peak(runs[(name, "ogr2ogr")])
    for name in bench_runs.IO_WORKLOADS if (name, "ogr2ogr") in runs})))
print(sys.argv[3])
print(bench_runs.store_sizes(sys.argv[3]))
EOF
echo "rows (the last run of each): $(echo "$counts" | grep . | paste -sd, - | sed 's/,/, /g')"
