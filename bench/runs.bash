# Shared by bench/io.sh, bench/assays.sh and bench/run.sh (sourced; they set $lode, $geodata and $results, and
# $pg_port for the PostgreSQL parts).
#
# fresh_store FILE: a new lode store at FILE with the shipped projects.
fresh_store() { rm -f "$1" "$1-wal" "$1-shm"; "$lode" init --db "$1" >/dev/null && "$lode" project add --from "$geodata/projects.csv" --db "$1" >/dev/null; }

# timed NAME TOOL CMD...: one run, its output in run.out; appends "NAME TOOL seconds peak_kb" to
# $results (wall time and peak RSS by /usr/bin/time). A failed run is reported and stops the bench.
# (run.sh defines its own timed, through measure.py into its results.jsonl, before it runs the io_ rounds.)
timed() {
    local name=$1 tool=$2; shift 2
    if ! /usr/bin/time -f "%e %M" -o time.out "$@" >run.out 2>run.err; then
        echo "FAILED: $name $tool: $*" >&2; cat run.err >&2; exit 1
    fi
    echo "$name $tool $(tail -n 1 time.out)" | tee -a "$results" >&2
}

# psql_ ARGS...: psql on the server at 127.0.0.1:$pg_port as postgres, quiet, stopping at the first error.
psql_() { PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres "$@"; }

# ---------------------------------------------------------------------------------------------------------
# W1 (import) and W5 (export) of issue 15, lode beside ogr2ogr doing the same conversion: the rounds of io.sh,
# also run by run.sh. Each io_ round runs every command of its workload once, lode and ogr2ogr alternating,
# in the current directory (its files: w1-SRC.sqlite, w1-SRC.gpkg, w5-TOOL-EXT.*), each through `timed`.

# How ogr2ogr reads the lab CSV: points from longitude/latitude, in WGS 84.
IO_CSV_OO=(-oo X_POSSIBLE_NAMES=longitude -oo Y_POSSIBLE_NAMES=latitude -oo KEEP_GEOM_COLUMNS=NO -a_srs EPSG:4326)
# The database of W1-pg on the server at $pg_port: lode's store in schema w1, ogr2ogr's table in schema ogr.
IO_PGDB=lode_bench_io
IO_FORMATS="gpkg fgb geojson csv"

# io_samples CSV N [SEED]: a lab-style CSV of N samples (id, lon/lat, type, date, 4 assays, lab; in Uzbekistan)
# at CSV, unless it is there, and its GeoPackage CSV's name .gpkg (ogr2ogr; untimed).
io_samples() {
    local csv=$1 n=$2 seed=${3:-20250601} gpkg=${1%.csv}.gpkg
    if [ ! -s "$csv" ]; then
        rm -f "$gpkg"
        python3 - "$n" "$seed" >"$csv.part" <<'EOF' || return 1
import sys, random
n = int(sys.argv[1]); random.seed(int(sys.argv[2]))
print("id,longitude,latitude,sample_type,date,au_ppm,cu_ppm,ag_ppm,mo_ppm,lab")
for i in range(n):
    print(f"S-{i:08d},{63 + random.random() * 3.5:.6f},{40.5 + random.random() * 1.5:.6f},soil,2024-0{1 + i % 9}-1{i % 10},"
          f"{random.random():.3f},{random.random() * 100:.1f},{random.random():.2f},{random.random() * 10:.2f},ALS")
EOF
        mv "$csv.part" "$csv"
    fi
    [ -s "$gpkg" ] || ogr2ogr -f GPKG "$gpkg" "$csv" "${IO_CSV_OO[@]}" -nln samples
}

# io_w1_round CSV: W1-csv (the CSV into a fresh store, lode import, against ogr2ogr -f GPKG into a fresh
# GeoPackage) and W1-gpkg (the same from its GeoPackage). Leaves lode's stores w1-csv.sqlite and w1-gpkg.sqlite
# and ogr2ogr's GeoPackages w1-csv.gpkg and w1-gpkg.gpkg.
io_w1_round() {
    local csv=$1 gpkg=${1%.csv}.gpkg
    fresh_store w1-csv.sqlite; timed "W1-csv" lode "$lode" import "$csv" -l samples -p UZ-PEG --s-srs EPSG:4326 --db w1-csv.sqlite
    rm -f w1-csv.gpkg; timed "W1-csv" ogr2ogr ogr2ogr -f GPKG w1-csv.gpkg "$csv" "${IO_CSV_OO[@]}" -nln samples
    fresh_store w1-gpkg.sqlite; timed "W1-gpkg" lode "$lode" import "$gpkg" -l samples -p UZ-PEG --db w1-gpkg.sqlite
    rm -f w1-gpkg.gpkg; timed "W1-gpkg" ogr2ogr ogr2ogr -f GPKG w1-gpkg.gpkg "$gpkg" -nln samples
}

# io_pg_database: the database $IO_PGDB with PostGIS on the server at $pg_port.
io_pg_database() {
    [ -n "$(psql_ -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$IO_PGDB'")" ] ||
        psql_ -d postgres -c "CREATE DATABASE $IO_PGDB" || return 1
    psql_ -d "$IO_PGDB" -c "CREATE EXTENSION IF NOT EXISTS postgis"
}

# io_w1_pg_round CSV: W1-pg, the CSV into a fresh lode store on the server (lode import --db postgresql://...,
# COPY) against ogr2ogr -f PostgreSQL with PG_USE_COPY into a fresh schema (GiST index, as lode's), each
# schema made afresh before its run.
io_w1_pg_round() {
    local csv=$1 url="postgresql://postgres@127.0.0.1:$pg_port/$IO_PGDB?schema=w1"
    psql_ -d "$IO_PGDB" -c "DROP SCHEMA IF EXISTS w1 CASCADE" && "$lode" init --db "$url" >/dev/null &&
        "$lode" project add --from "$geodata/projects.csv" --db "$url" >/dev/null || return 1
    timed "W1-pg" lode-pg "$lode" import "$csv" -l samples -p UZ-PEG --s-srs EPSG:4326 --db "$url"
    psql_ -d "$IO_PGDB" -c "DROP SCHEMA IF EXISTS ogr CASCADE" -c "CREATE SCHEMA ogr" || return 1
    timed "W1-pg" ogr2ogr ogr2ogr -f PostgreSQL "PG:host=127.0.0.1 port=$pg_port user=postgres dbname=$IO_PGDB active_schema=ogr" \
        "$csv" "${IO_CSV_OO[@]}" -nln samples -lco SPATIAL_INDEX=GIST --config PG_USE_COPY YES
}

# io_w5_round STORE: W5-EXT for each format, the samples of lode's STORE exported by lode export against
# ogr2ogr reading the same store, to w5-lode-EXT.EXT and w5-ogr2ogr-EXT.EXT (each removed before it is written,
# with its side files: lode's .qml style, .csvt).
io_w5_round() {
    local store=$1 f
    for f in $IO_FORMATS; do
        rm -f "w5-lode-$f".*; timed "W5-$f" lode "$lode" export -l samples -o "w5-lode-$f.$f" --db "$store"
        rm -f "w5-ogr2ogr-$f".*; timed "W5-$f" ogr2ogr ogr2ogr "w5-ogr2ogr-$f.$f" "$store" samples
    done
}

# io_count FILE: the number of features in FILE (a CSV's lines but its header; else ogrinfo's count).
io_count() {
    case "$1" in
        *.csv) echo $(($(wc -l <"$1") - 1)) ;;
        *) ogrinfo -ro -so -al "$1" 2>/dev/null | sed -n 's/^Feature Count: //p' | head -n 1 ;;
    esac
}

# io_counts W1|W5: the features the last rounds left in the current directory, counted: "NAME TOOL COUNT" a line,
# for W1-csv and W1-gpkg (w1-SRC.sqlite, w1-SRC.gpkg) or W5 (w5-TOOL-EXT.EXT), for whatever is there.
io_counts() {
    local f t
    if [ "$1" = W1 ]; then
        for f in csv gpkg; do
            [ ! -s "w1-$f.sqlite" ] || echo "W1-$f lode $(sqlite3 "w1-$f.sqlite" "SELECT count(*) FROM samples")"
            [ ! -s "w1-$f.gpkg" ] || echo "W1-$f ogr2ogr $(io_count "w1-$f.gpkg")"
        done
    else
        for f in $IO_FORMATS; do
            for t in lode ogr2ogr; do [ ! -s "w5-$t-$f.$f" ] || echo "W5-$f $t $(io_count "w5-$t-$f.$f")"; done
        done
    fi
}

# io_pg_counts: the same for W1-pg's last round (the schemas w1 and ogr of $IO_PGDB at $pg_port).
io_pg_counts() {
    psql_ -d "$IO_PGDB" -Atc "SELECT 'W1-pg lode-pg ' || count(*) FROM w1.samples" -c "SELECT 'W1-pg ogr2ogr ' || count(*) FROM ogr.samples"
}

# io_sizes STORE CSV GPKG: "store size: lode B bytes, ogr2ogr's SpatiaLite B bytes, ogr2ogr's GeoPackage B bytes"
# of lode's STORE, of ogr2ogr's SpatiaLite (-dsco SPATIALITE=YES, R*Tree) of the CSV (made here, untimed, and
# removed) and of GPKG (ogr2ogr's GeoPackage of the same CSV).
io_sizes() {
    local store=$1 csv=$2 gpkg=$3 line
    rm -f sl.sqlite
    ogr2ogr -f SQLite -dsco SPATIALITE=YES sl.sqlite "$csv" "${IO_CSV_OO[@]}" -nln samples -lco SPATIAL_INDEX=YES -gt 200000 || return 1
    line="store size: lode $(stat -c %s "$store") bytes, ogr2ogr's SpatiaLite $(stat -c %s sl.sqlite) bytes, ogr2ogr's GeoPackage $(stat -c %s "$gpkg") bytes"
    rm -f sl.sqlite
    echo "$line"
}
