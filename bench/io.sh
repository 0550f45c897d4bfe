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
csv=samples_$n.csv gpkg=samples_$n.gpkg
if [ ! -s "$csv" ]; then
    python3 - "$n" >"$csv" <<'EOF'
import sys, random
n = int(sys.argv[1]); random.seed(20250601)
print("id,longitude,latitude,sample_type,date,au_ppm,cu_ppm,ag_ppm,mo_ppm,lab")
for i in range(n):
    print(f"S-{i:08d},{63 + random.random() * 3.5:.6f},{40.5 + random.random() * 1.5:.6f},soil,2024-0{1 + i % 9}-1{i % 10},"
          f"{random.random():.3f},{random.random() * 100:.1f},{random.random():.2f},{random.random() * 10:.2f},ALS")
EOF
fi
csv_oo=(-oo X_POSSIBLE_NAMES=longitude -oo Y_POSSIBLE_NAMES=latitude -oo KEEP_GEOM_COLUMNS=NO -a_srs EPSG:4326)
[ -s "$gpkg" ] || ogr2ogr -f GPKG "$gpkg" "$csv" "${csv_oo[@]}" -nln samples || exit 1

results=$work/results.txt
: >"$results"
source "$here/runs.bash"

store=lode_$n.sqlite
for r in $(seq 1 "$runs"); do
    fresh_store w1.sqlite; timed "W1-csv" lode "$lode" import "$csv" -l samples -p UZ-PEG --s-srs EPSG:4326 --db w1.sqlite
    rm -f w1.gpkg; timed "W1-csv" ogr2ogr ogr2ogr -f GPKG w1.gpkg "$csv" "${csv_oo[@]}" -nln samples
    fresh_store w1.sqlite; timed "W1-gpkg" lode "$lode" import "$gpkg" -l samples -p UZ-PEG --db w1.sqlite
    rm -f w1.gpkg; timed "W1-gpkg" ogr2ogr ogr2ogr -f GPKG w1.gpkg "$gpkg" -nln samples
done
mv -f w1.sqlite "$store"; rm -f w1.sqlite-wal w1.sqlite-shm
rm -f sl.sqlite; ogr2ogr -f SQLite -dsco SPATIALITE=YES sl.sqlite "$csv" "${csv_oo[@]}" -nln samples -lco SPATIAL_INDEX=YES -gt 200000
rm -f w1.gpkg; ogr2ogr -f GPKG w1.gpkg "$csv" "${csv_oo[@]}" -nln samples
if [ -n "$pg_port" ]; then
    # W1-pg: both tools write into the database lode_bench_io of the server at 127.0.0.1:$pg_port, each into a
    # schema made afresh before each run (lode's store: w1; ogr2ogr's table: ogr.samples).
    pgdb=lode_bench_io
    psqlio() { PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres "$@"; }
    [ -n "$(psqlio -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$pgdb'")" ] || psqlio -d postgres -c "CREATE DATABASE $pgdb" || exit 1
    psqlio -d "$pgdb" -c "CREATE EXTENSION IF NOT EXISTS postgis" || exit 1
    url="postgresql://postgres@127.0.0.1:$pg_port/$pgdb?schema=w1"
    for r in $(seq 1 "$runs"); do
        psqlio -d "$pgdb" -c "DROP SCHEMA IF EXISTS w1 CASCADE" && "$lode" init --db "$url" >/dev/null &&
            "$lode" project add --from "$geodata/projects.csv" --db "$url" >/dev/null || exit 1
        timed "W1-pg" lode "$lode" import "$csv" -l samples -p UZ-PEG --s-srs EPSG:4326 --db "$url"
        psqlio -d "$pgdb" -c "DROP SCHEMA IF EXISTS ogr CASCADE" -c "CREATE SCHEMA ogr" || exit 1
        timed "W1-pg" ogr2ogr ogr2ogr -f PostgreSQL "PG:host=127.0.0.1 port=$pg_port user=postgres dbname=$pgdb active_schema=ogr" \
            "$csv" "${csv_oo[@]}" -nln samples -lco SPATIAL_INDEX=GIST --config PG_USE_COPY YES
    done
    pg_rows="W1-pg rows: lode $(psqlio -d "$pgdb" -Atc "SELECT count(*) FROM w1.samples"), ogr2ogr $(psqlio -d "$pgdb" -Atc "SELECT count(*) FROM ogr.samples")"
fi
sizes="store size: lode $(stat -c %s "$store") bytes, ogr2ogr's SpatiaLite $(stat -c %s sl.sqlite) bytes, ogr2ogr's GeoPackage $(stat -c %s w1.gpkg) bytes"

for r in $(seq 1 "$runs"); do
    for f in gpkg fgb geojson csv; do
        rm -f out.*; timed "W5-$f" lode "$lode" export -l samples -o "out.$f" --db "$store"
        rm -f out.*; timed "W5-$f" ogr2ogr ogr2ogr "out.$f" "$store" samples
    done
done

echo
echo "bench/io.sh: $n samples, $runs runs each, lode and ogr2ogr alternating ($(date -u +%Y-%m-%d), $(nproc) cores)"
python3 - "$results" "$here" <<'EOF'
import sys
sys.path.insert(0, sys.argv[2])
import runs as bench_runs
runs = bench_runs.read(sys.argv[1])
names = sorted({k[0] for k in runs}, key=lambda s: (s[:2], ["csv", "gpkg", "fgb", "geojson"].index(s.split("-")[1]) if s.split("-")[1] in ["csv", "gpkg", "fgb", "geojson"] else 9))
print(f"| workload | lode s | lode peak MB | ogr2ogr s | ogr2ogr peak MB | ogr2ogr / lode | target | |")
print(f"|---|---:|---:|---:|---:|---:|---|---|")
for name in names:
    l, o = runs[(name, "lode")], runs[(name, "ogr2ogr")]
    ls, lm = bench_runs.median_and_peak(l)
    os_, om = bench_runs.median_and_peak(o)
    ratio = os_ / ls
    need = 2.0 if name.startswith("W1") and name != "W1-pg" else 1.0
    met = ratio >= need and lm <= 300
    print(f"| {name} | {ls:.1f} | {lm:.0f} | {os_:.1f} | {om:.0f} | {ratio:.2f}x | >= {need:g}x, <= 300 MB | {'MET' if met else 'MISSED'} |")
EOF
echo "$sizes"
[ -z "$pg_port" ] || echo "$pg_rows"
