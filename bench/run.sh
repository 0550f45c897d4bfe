#!/usr/bin/env bash
# bench/run.sh — lode against the tools a user would use instead (PostGIS, SpatiaLite SQL, GeoPandas, ogr2ogr), in one
# run on the same generated data: W2 samples per licence, W3 overlapping licence pairs with area, W4a samples within
# 5 km of 10,000 query points, W4b nearest licence to each of 100,000 samples; W1 import and W5 export of as many
# lab samples as the scale's samples (bench/io.sh's rounds, beside ogr2ogr).  See bench/README.md.
# lode-pg is lode itself with its store on the same PostgreSQL server as the PostGIS peer (--db postgresql://...).
#
#   bench/run.sh                 the full workload (1,000,000 samples, 100,000 licences), 3 runs of each
#   bench/run.sh --quick         1% scale, 3 runs: a smoke test of the harness (a minute or two once installed)
#
# Options: --scale F  --samples-scale G (samples.csv G times more: bench/big.sh's 10 M)  --runs N  --seed N  --tools lode,lode-pg,postgis,spatialite,geopandas
#          --workloads W1,W2,W3,W4a,W4b,W5 (W1: W1-csv and W1-gpkg with lode, W1-pg with lode-pg; W5 with lode)
#          --work DIR (default /tmp/lode-bench)  --lode PATH (a lode binary; default: build one, Release, in DIR)
#          --timeout S (per run, default 3600)  --no-install  --keep-pg (leave PostgreSQL running at the end)
#          --pg-port P (default 54329)  --wait-idle S (before each run, wait up to S s for an idle machine; 120,
#          0 with --quick)
# Exit status 0 whenever the harness itself worked, also when a target is missed (that is printed as MISSED).
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH")
PY=/usr/bin/python3

scale=1
samples_scale=1
runs=3
seed=20250601
tools=lode,lode-pg,postgis,spatialite,geopandas
workloads=W1,W2,W3,W4a,W4b,W5
work=/tmp/lode-bench
lode_bin=${LODE:-}
timeout=3600
install=1
keep_pg=0
pg_port=54329
wait_idle=

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) scale=0.01 ;;
        --scale) scale=$2; shift ;;
        --samples-scale) samples_scale=$2; shift ;;
        --runs) runs=$2; shift ;;
        --seed) seed=$2; shift ;;
        --tools) tools=$2; shift ;;
        --workloads) workloads=$2; shift ;;
        --work) work=$2; shift ;;
        --lode) lode_bin=$2; shift ;;
        --timeout) timeout=$2; shift ;;
        --no-install) install=0 ;;
        --keep-pg) keep_pg=1 ;;
        --pg-port) pg_port=$2; shift ;;
        --wait-idle) wait_idle=$2; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
# before each timed run, wait up to this long for the machine to be idle (not in the smoke test)
if [ -z "$wait_idle" ]; then if [ "$scale" = 0.01 ]; then wait_idle=0; else wait_idle=120; fi; fi
[ "$runs" -ge 1 ] || { echo "run.sh: --runs must be at least 1" >&2; exit 2; }
for w in ${workloads//,/ }; do
    case "$w" in W1|W2|W3|W4a|W4b|W5) ;; *) echo "run.sh: unknown workload '$w' (W1,W2,W3,W4a,W4b,W5)" >&2; exit 2 ;; esac
done

step() { printf '\n==> %s\n' "$*" >&2; }
die() { printf '\n*** FAILED: %s\n' "$*" >&2; exit 1; }
has() { case ",$1," in *",$2,"*) return 0 ;; *) return 1 ;; esac; }
# psql_, fresh_store and W1/W5's io_ rounds (bench/io.sh's); their $lode, $geodata and $pg_port are set below
source "$BENCH/runs.bash"
geodata=$REPO/geodata

tag=s$(echo "$scale" | tr . _)-seed$seed
[ "$samples_scale" = 1 ] || tag=$tag-samples$(echo "$samples_scale" | tr . _)
dir=$work/$tag                 # data, stores and outputs of this scale and seed
data=$dir/data
stores=$dir/stores
out=$dir/out
pgdata=$work/pg                # one PostgreSQL cluster for every scale; one database per scale and seed
pgrun=$work/pgrun
pgdb=lode_bench_$(echo "$tag" | tr - _)
mkdir -p "$data" "$stores" "$out"

# ---------------------------------------------------------------------------------------------------------
step "packages"
PACKAGES=(postgresql-15 postgresql-client-15 postgresql-15-postgis-3 python3-numpy python3-pyproj python3-shapely sqlite3
          libsqlite3-mod-spatialite gdal-bin time)
# the GeoPandas peer's, only when it runs
if has "$tools" geopandas; then PACKAGES+=(python3-geopandas python3-pandas python3-rtree); fi
# what building lode needs (as tools/setup.sh), when no --lode binary is given
LODE_BUILD_PACKAGES=(cmake g++ make pkg-config libgdal-dev gdal-bin libproj-dev proj-bin proj-data libgeos-dev
                     libsqlite3-dev sqlite3 libspatialite-dev libsqlite3-mod-spatialite libgeographiclib-dev
                     geographiclib-tools doctest-dev libcli11-dev nlohmann-json3-dev libssl-dev)
if { has "$tools" lode || has "$tools" lode-pg; } && [ -z "$lode_bin" ]; then PACKAGES+=("${LODE_BUILD_PACKAGES[@]}"); fi
missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "all ${#PACKAGES[@]} packages present" >&2
elif [ "$install" = 1 ]; then
    echo "installing: ${missing[*]}" >&2
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq || die "apt-get update"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null || die "apt-get install ${missing[*]}"
else
    die "missing packages (and --no-install): ${missing[*]}"
fi

# ---------------------------------------------------------------------------------------------------------
if has "$tools" lode || has "$tools" lode-pg; then
    if [ -z "$lode_bin" ]; then
        step "building lode (Release) in $work/build"
        cmake -S "$REPO" -B "$work/build" -DCMAKE_BUILD_TYPE=Release >/dev/null || die "cmake configure"
        make -C "$work/build" -j"$(nproc)" --no-print-directory lode_cli 2>&1 | grep -Ev '^\[ *[0-9]+%\]|^(Consolidate|Scanning)|ing directory' >&2 || true
        [ "${PIPESTATUS[0]}" -eq 0 ] || die "building lode"
        lode_bin=$work/build/tools/lode
    fi
    [ -x "$lode_bin" ] || die "no lode binary at $lode_bin"
    lode_bin=$(cd "$(dirname "$lode_bin")" && pwd)/$(basename "$lode_bin")
    echo "lode: $lode_bin" >&2
fi
lode=$lode_bin

# ---------------------------------------------------------------------------------------------------------
step "data (scale $scale, seed $seed) in $data"
if [ -f "$data/manifest.json" ] && $PY -c "
import json, sys; m = json.load(open('$data/manifest.json'))
sys.exit(0 if m['scale'] == float('$scale') and m['seed'] == int('$seed')
         and m.get('samples_scale', 1) == float('$samples_scale') else 1)"; then
    echo "already generated ($data/manifest.json)" >&2
else
    $PY "$BENCH/generate.py" --out "$data" --scale "$scale" --samples-scale "$samples_scale" --seed "$seed" || die "generate.py"
fi
data_sha=$(sha256sum "$data/manifest.json" | cut -c1-16)
$PY -c "
import json; m = json.load(open('$data/manifest.json'))
print('  ' + ', '.join(f'{k} {v:,}' for k, v in m['counts'].items()))" >&2
# W1 and W5: bench/io.sh's lab-style CSV (id, lon/lat, type, date, 4 assays, lab), as many samples as samples.csv
# and with the run's seed, and its GeoPackage; made once, beside the generator's files.
io_wanted=0
if has "$tools" lode || has "$tools" lode-pg; then if has "$workloads" W1 || has "$workloads" W5; then io_wanted=1; fi; fi
if [ $io_wanted = 1 ]; then
    io_n=$($PY -c "import json; print(json.load(open('$data/manifest.json'))['counts']['samples'])")
    io_csv=$data/io_samples_$io_n.csv
    [ -s "$io_csv" ] || echo "W1/W5: $io_n lab samples (bench/io.sh's generator) in $io_csv" >&2
    io_samples "$io_csv" "$io_n" "$seed" || die "the lab CSV of W1/W5 ($io_csv)"
fi

# ---------------------------------------------------------------------------------------------------------
PGBIN=/usr/lib/postgresql/15/bin
stop_pg() {
    if [ "$keep_pg" = 0 ] && [ -f "$pgdata/postmaster.pid" ]; then
        runuser -u postgres -- "$PGBIN/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1 || true
    fi
}
need_pg=0
if has "$tools" postgis || has "$tools" lode-pg; then need_pg=1; fi
if [ $need_pg = 1 ]; then
    step "PostgreSQL 15 + PostGIS on 127.0.0.1:$pg_port (data directory $pgdata)"
    [ "$(id -u)" -eq 0 ] || die "run.sh runs PostgreSQL as the postgres user through runuser: run it as root"
    if [ ! -f "$pgdata/PG_VERSION" ]; then
        mkdir -p "$pgdata"; chown postgres:postgres "$pgdata"; chmod 700 "$pgdata"
        (cd / && runuser -u postgres -- "$PGBIN/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null) \
            || die "initdb"
    fi
    mkdir -p "$pgrun"; chown postgres:postgres "$pgrun"
    # The settings a user of a 2-core, 24 GB machine would set: the data and indexes fit in shared_buffers.
    # fsync and friends are off because nothing measured writes; autovacuum is off because the loader ANALYZEs.
    cat > "$pgdata/bench.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$pgrun'
shared_buffers = 2GB
work_mem = 256MB
maintenance_work_mem = 1GB
effective_cache_size = 16GB
random_page_cost = 1.1
max_parallel_workers_per_gather = 2
autovacuum = off
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    chown postgres:postgres "$pgdata/bench.conf"
    grep -q "^include_if_exists = 'bench.conf'" "$pgdata/postgresql.conf" ||
        echo "include_if_exists = 'bench.conf'" >> "$pgdata/postgresql.conf"
    # (re)start, so that the settings above are the ones in force (stop + start: a restart would keep the old
    # command-line options of postmaster.opts)
    if runuser -u postgres -- "$PGBIN/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
        (cd / && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null) || die "stopping PostgreSQL"
    fi
    (cd / && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$pgdata" -l "$pgrun/server.log" -w start >/dev/null) \
        || { tail -20 "$pgrun/server.log" >&2; die "starting PostgreSQL"; }
    [ "$keep_pg" = 1 ] || trap stop_pg EXIT
    postmaster=$(head -1 "$pgdata/postmaster.pid")
    psql_ -d postgres -Atc "SELECT version()" >&2
fi

# ---------------------------------------------------------------------------------------------------------
# Loading: timed for information only (not part of the workloads).  Each store is stamped with the data's manifest
# hash and reloaded only when the data changed.
loadlog=$dir/load.txt
tick() { date +%s.%N; }
took() { $PY -c "print(f'{$(tick) - $1:.1f}')"; }

S=$stores/lode.sqlite          # W2, W3, W4a
S2=$stores/lode_w4b.sqlite     # W4b
SL=$stores/spatialite.sqlite
if has "$tools" lode; then
    for store in "$S" "$S2"; do
        if [ "$(cat "$store.stamp" 2>/dev/null)" != "$data_sha" ]; then
            step "loading lode store $store"
            rm -f "$store" "$store-wal" "$store-shm" "$store.stamp"
            "$lode_bin" init --db "$store" >/dev/null || die "lode init"
            "$lode_bin" project add BENCH --name "Benchmark" --phase MOU --db "$store" >/dev/null || die "lode project add"
            if [ "$store" = "$S" ]; then files="samples licences occurrences"; else files="w4b_samples w4b_licences"; fi
            for f in $files; do
                layer=${f#w4b_}
                t=$(tick)
                /usr/bin/time -f "%e s, peak RSS %M kB" -o "$stores/time.txt" \
                    "$lode_bin" import "$data/$f.csv" --layer "$layer" --project BENCH --s-srs EPSG:4326 --db "$store" >&2 \
                    || die "lode import $data/$f.csv"
                echo "lode import $f.csv: $(cat "$stores/time.txt")" | tee -a "$loadlog" >&2
            done
            echo "$data_sha" > "$store.stamp"
        fi
        # untimed: a store made by an older lode is migrated when first opened, not in the first timed run
        "$lode_bin" layers --db "$store" >/dev/null || die "lode layers --db $store"
    done
fi

if has "$tools" postgis; then
    if [ "$(psql_ -d postgres -Atc "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$pgdb'")" != "$data_sha" ]; then
        step "loading PostGIS database $pgdb (ogr2ogr, then geography columns, GiST indexes, ANALYZE)"
        psql_ -d postgres -c "DROP DATABASE IF EXISTS $pgdb" -c "CREATE DATABASE $pgdb"
        psql_ -d "$pgdb" -c "CREATE EXTENSION postgis"
        t=$(tick)
        for f in samples licences occurrences w4b_samples w4b_licences; do
            case $f in
                *licences) oo=(-oo GEOM_POSSIBLE_NAMES=wkt -nlt MULTIPOLYGON) ;;
                *) oo=(-oo X_POSSIBLE_NAMES=longitude -oo Y_POSSIBLE_NAMES=latitude -nlt POINT) ;;
            esac
            ogr2ogr -f PostgreSQL "PG:host=127.0.0.1 port=$pg_port user=postgres dbname=$pgdb" "$data/$f.csv" -nln "$f" \
                "${oo[@]}" -oo KEEP_GEOM_COLUMNS=NO -a_srs EPSG:4326 -lco GEOMETRY_NAME=geom -lco FID=fid \
                -lco SPATIAL_INDEX=GIST -lco PRECISION=NO --config PG_USE_COPY YES || die "ogr2ogr $f.csv into PostGIS"
            psql_ -d "$pgdb" -c "ALTER TABLE $f ADD COLUMN geog geography; UPDATE $f SET geog = geom::geography;
                                 CREATE INDEX ${f}_geog_idx ON $f USING gist (geog); CREATE INDEX ${f}_id_idx ON $f (id);" \
                          -c "VACUUM ANALYZE $f"
        done
        psql_ -d postgres -c "COMMENT ON DATABASE $pgdb IS '$data_sha'"
        echo "PostGIS load (ogr2ogr + geography + indexes + VACUUM ANALYZE), all five files: $(took "$t") s" | tee -a "$loadlog" >&2
    fi
fi

# lode-pg: lode's own stores in the PostGIS peer's database, schemas lode (W2, W3, W4a) and lode_w4b (W4b), loaded
# by lode import (COPY) from the same files; stamped with the data's hash as a comment on each schema.
PGURL="postgresql://postgres@127.0.0.1:$pg_port/$pgdb?schema=lode"
PGURL2="postgresql://postgres@127.0.0.1:$pg_port/$pgdb?schema=lode_w4b"
if has "$tools" lode-pg; then
    [ -n "$(psql_ -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$pgdb'")" ] || psql_ -d postgres -c "CREATE DATABASE $pgdb"
    for schema in lode lode_w4b; do
        if [ "$schema" = lode ]; then url=$PGURL files="samples licences occurrences"; else url=$PGURL2 files="w4b_samples w4b_licences"; fi
        if [ "$(psql_ -d "$pgdb" -Atc "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = '$schema'")" != "$data_sha" ]; then
            step "loading lode store $url (lode import: COPY)"
            psql_ -d "$pgdb" -c "DROP SCHEMA IF EXISTS $schema CASCADE"
            "$lode_bin" init --db "$url" >/dev/null || die "lode init --db $url"
            "$lode_bin" project add BENCH --name "Benchmark" --phase MOU --db "$url" >/dev/null || die "lode project add"
            for f in $files; do
                /usr/bin/time -f "%e s, peak RSS %M kB" -o "$stores/time.txt" \
                    "$lode_bin" import "$data/$f.csv" --layer "${f#w4b_}" --project BENCH --s-srs EPSG:4326 --db "$url" >&2 \
                    || die "lode import $data/$f.csv --db $url"
                echo "lode-pg import $f.csv: $(cat "$stores/time.txt")" | tee -a "$loadlog" >&2
            done
            psql_ -d "$pgdb" -c "VACUUM ANALYZE" -c "COMMENT ON SCHEMA $schema IS '$data_sha'"
        fi
        "$lode_bin" layers --db "$url" >/dev/null || die "lode layers --db $url"
    done
fi

if has "$tools" spatialite; then
    if [ "$(cat "$SL.stamp" 2>/dev/null)" != "$data_sha" ]; then
        step "loading SpatiaLite database $SL (ogr2ogr, R*Tree spatial index)"
        rm -f "$SL" "$SL.stamp"
        t=$(tick)
        first=1
        for f in samples licences occurrences w4b_samples w4b_licences; do
            case $f in
                *licences) oo=(-oo GEOM_POSSIBLE_NAMES=wkt -nlt MULTIPOLYGON) ;;
                *) oo=(-oo X_POSSIBLE_NAMES=longitude -oo Y_POSSIBLE_NAMES=latitude -nlt POINT) ;;
            esac
            if [ $first = 1 ]; then mode=(-dsco SPATIALITE=YES); first=0; else mode=(-update); fi
            ogr2ogr -f SQLite "${mode[@]}" "$SL" "$data/$f.csv" -nln "$f" "${oo[@]}" -oo KEEP_GEOM_COLUMNS=NO \
                -a_srs EPSG:4326 -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=YES -gt 200000 || die "ogr2ogr $f.csv into SpatiaLite"
            sqlite3 "$SL" "CREATE INDEX ${f}_id ON $f (id);"
        done
        sqlite3 "$SL" "ANALYZE;"
        echo "$data_sha" > "$SL.stamp"
        echo "SpatiaLite load (ogr2ogr + R*Tree + ANALYZE), all five files: $(took "$t") s" | tee -a "$loadlog" >&2
    fi
fi

# ---------------------------------------------------------------------------------------------------------
lode_has_queries=0
if has "$tools" lode || has "$tools" lode-pg; then
    if "$lode_bin" near --help >/dev/null 2>&1 && "$lode_bin" overlap --help >/dev/null 2>&1; then
        lode_has_queries=1
    else
        step "this lode has no 'near'/'overlap' commands yet: lode is left out of the runs (the peers still run)"
    fi
fi

results=$out/results.jsonl
: > "$results"
date -u +"%Y-%m-%d %H:%M UTC" > "$out/date.txt"

# cmd_for WORKLOAD TOOL: prints the command (one word a line) or nothing when the tool does not take part
cmd_for() {
    local w=$1 t=$2
    case "$t" in
        lode|lode-pg)
            [ $lode_has_queries = 1 ] || return 0
            # the same commands; lode-pg's stores are on the PostGIS server
            local db=$S db4b=$S2
            if [ "$t" = lode-pg ]; then db=$PGURL db4b=$PGURL2; fi
            case "$w" in
                W2) printf '%s\n' "$lode_bin" overlap licences samples --count --format csv --db "$db" ;;
                W3) printf '%s\n' "$lode_bin" overlap licences --format csv --db "$db" ;;
                W4a) printf '%s\n' "$lode_bin" near --layer samples --to-layer occurrences --within 5km --format csv --db "$db" ;;
                W4b) printf '%s\n' "$lode_bin" near --layer licences --to-layer samples --nearest 1 --format csv --db "$db4b" ;;
            esac ;;
        postgis|postgis-knn)
            local sql=$BENCH/sql/postgis_$(echo "$w" | tr A-Z a-z).sql
            [ "$t" = postgis-knn ] && sql=$BENCH/sql/postgis_w4b_knn.sql
            printf '%s\n' psql -X -q --csv -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d "$pgdb" -f "$sql" ;;
        spatialite)
            printf '%s\n' sqlite3 -bail "$SL" ".read $BENCH/sql/spatialite_$(echo "$w" | tr A-Z a-z).sql" ;;
        geopandas)
            printf '%s\n' "$PY" "$BENCH/geopandas_bench.py" "$w" --data "$data" ;;
    esac
}

# W1 and W5: bench/io.sh's rounds (runs.bash), in $io, each command through measure.py as the others are; lode and
# ogr2ogr alternate run by run. W5 exports the store W1 left (lode's import of the GeoPackage, as io.sh's), or,
# when W1 did not run, the same import made untimed, stamped like the other stores.
io=$dir/io
io_store=$stores/io.sqlite
: > "$out/io_counts.txt"
rm -f "$out/io_sizes.txt"
timed() {   # NAME TOOL CMD...: runs.bash's timed, through measure.py into results.jsonl
    local name=$1 tool=$2; shift 2
    local r=$((${io_run[$name.$tool]:-0} + 1)) pm=()
    io_run[$name.$tool]=$r
    [ "$name" != W1-pg ] || pm=(--postmaster "$postmaster")
    $PY "$BENCH/measure.py" --result "$results" --workload "$name" --tool "$tool" --run "$r" \
        --stdout "$io/$name.$tool.out" "${pm[@]}" --timeout "$timeout" --wait-idle "$wait_idle" -- "$@"
}
run_io() {  # W1 or W5, in a subshell in $io (the stores' times and users fixed, as io.sh's)
    mkdir -p "$io"
    ( cd "$io" && export LODE_NOW=2026-01-01T00:00:00Z LODE_USER=bench || exit 1
      declare -A io_run=()
      case "$1" in
          W1)
              if has "$tools" lode; then
                  for r in $(seq 1 "$runs"); do io_w1_round "$io_csv"; done
                  io_counts W1 >> "$out/io_counts.txt" || exit 1
                  rm -f "$io_store-wal" "$io_store-shm" && mv -f w1-gpkg.sqlite "$io_store" && echo "$data_sha" > "$io_store.stamp" || exit 1
                  io_sizes "$io_store" "$io_csv" w1-csv.gpkg > "$out/io_sizes.txt" || exit 1
              fi
              if has "$tools" lode-pg; then
                  io_pg_database || exit 1
                  for r in $(seq 1 "$runs"); do io_w1_pg_round "$io_csv" || exit 1; done
                  io_pg_counts >> "$out/io_counts.txt" || exit 1
              fi ;;
          W5)
              has "$tools" lode || exit 0
              if [ "$(cat "$io_store.stamp" 2>/dev/null)" != "$data_sha" ]; then
                  step "W5's store $io_store (lode import of the lab samples' GeoPackage, untimed)"
                  fresh_store "$io_store" && "$lode" import "${io_csv%.csv}.gpkg" -l samples -p UZ-PEG --db "$io_store" >/dev/null &&
                      echo "$data_sha" > "$io_store.stamp" || exit 1
              fi
              for r in $(seq 1 "$runs"); do io_w5_round "$io_store"; done
              io_counts W5 >> "$out/io_counts.txt" || exit 1 ;;
      esac
      rm -f w1-* w5-* ) || die "$1 (bench/io.sh's rounds in $io)"
}

query_workloads=$(echo "$workloads" | tr , '\n' | grep -vx 'W[15]' | paste -sd, - || true)   # W2-W4, for check.py
step "running: workloads $workloads, tools $tools, $runs runs each"
for w in ${workloads//,/ }; do
    case "$w" in W1|W5) [ $io_wanted = 0 ] || run_io "$w"; continue ;; esac
    tool_list=${tools//,/ }
    if [ "$w" = W4b ] && has "$tools" postgis; then tool_list="$tool_list postgis-knn"; fi
    for t in $tool_list; do
        mapfile -t cmd < <(cmd_for "$w" "$t")
        [ ${#cmd[@]} -gt 0 ] || continue
        pm=()
        case "$t" in postgis*|lode-pg) pm=(--postmaster "$postmaster") ;; esac
        for r in $(seq 1 "$runs"); do
            $PY "$BENCH/measure.py" --result "$results" --workload "$w" --tool "$t" --run "$r" \
                --stdout "$out/$w.$t.run$r.csv" "${pm[@]}" --timeout "$timeout" --wait-idle "$wait_idle" -- "${cmd[@]}"
            # keep the first run's answer for the checks, and only the stderr of a failed run
            if [ "$r" -gt 1 ]; then
                cmp -s "$out/$w.$t.run1.csv" "$out/$w.$t.run$r.csv" || $PY "$BENCH/check.py" --same-answer "$w" \
                    "$out/$w.$t.run1.csv" "$out/$w.$t.run$r.csv" >&2 || true
                rm -f "$out/$w.$t.run$r.csv"
            fi
        done
        mv -f "$out/$w.$t.run1.csv" "$out/$w.$t.csv"
    done
done

# ---------------------------------------------------------------------------------------------------------
step "checking the answers (reference: PostGIS; W4b distances recomputed exactly with GeographicLib)"
$PY "$BENCH/check.py" --out "$out" --data "$data" --workloads "$query_workloads" --pg "host=127.0.0.1 port=$pg_port user=postgres dbname=$pgdb" \
    > "$out/disagreements.txt" || echo "check.py failed (exit $?)" >&2
cat "$out/disagreements.txt"

step "results"
$PY "$BENCH/report.py" --results "$results" --out "$out" --manifest "$data/manifest.json" \
    --load "$loadlog" --checks "$out/disagreements.json" --io-counts "$out/io_counts.txt" --io-sizes "$out/io_sizes.txt" | tee "$out/report.txt"
echo
echo "outputs, per-run figures and the report: $out" >&2
exit 0
