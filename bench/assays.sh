#!/bin/bash
# The speed targets of issue 13 (assays as data), lode beside its peer in one run, alternating,
# medians of the runs, ratios, peak memory (/usr/bin/time -f %M), MET/MISSED:
#
#   bench/assays.sh [--lab N] [--scale F] [--runs R] [--lode PATH] [--work DIR]
#
# A1  a lab CSV of N samples (default 100,000) x 48 analytes (ALS's ME-MS61 four-acid suite less Re,
#     and Au by fire assay in ppb; 5% of the results below their detection limit, written "<DL"):
#     `lode import` into a fresh store (the samples as points, every analyte cell a result with its
#     unit and qualifier) against `ogr2ogr -f GPKG` loading the same CSV as a wide table. Target: lode
#     at least as fast.
# A2  on the benchmark store of bench/generate.py at --scale F (1: 1,000,000 samples, 100,000 licences)
#     whose samples carry the same 48 analytes as results (imported with --assays, not timed):
#     `lode overlap licences samples --count --stat max:Au_ppb` against the same with
#     `--stat max:li2o_pct`, the samples' own column. Target: within 1.5x.
# A3  `lode export --layers samples --where "Au_ppb > 100" --analytes Au_ppb -o - --format csv` over the
#     same store (beside the same with --where "li2o_pct > 2"). Target: under a second at --scale 1.
set -u
here=$(cd "$(dirname "$0")" && pwd)
lab_n=100000 scale=1 runs=2 lode=$here/../build/tools/lode work=/tmp/lode-bench-assays
while [ $# -gt 0 ]; do
    case "$1" in
        --lab) lab_n=$2; shift 2 ;; --scale) scale=$2; shift 2 ;; --runs) runs=$2; shift 2 ;;
        --lode) lode=$2; shift 2 ;; --work) work=$2; shift 2 ;;
        *) echo "usage: bench/assays.sh [--lab N] [--scale F] [--runs R] [--lode PATH] [--work DIR]" >&2; exit 2 ;;
    esac
done
command -v ogr2ogr >/dev/null && [ -x /usr/bin/time ] || { echo "needs ogr2ogr (gdal-bin) and /usr/bin/time (time)" >&2; exit 2; }
lode=$(realpath "$lode")
mkdir -p "$work" && cd "$work" || exit 2
export LODE_NOW=2026-01-01T00:00:00Z LODE_USER=bench
geodata=$here/../geodata

# lab.py IDS_FROM N: a wide lab CSV. IDS_FROM "-": N new samples with coordinates in Uzbekistan (A1);
# else the ids of that samples.csv, without coordinates (the results of A2/A3's samples).
cat >lab.py <<'EOF'
import csv, math, random, sys
ids_from, n = sys.argv[1], int(sys.argv[2])
random.seed(20250601)
# (column, median, log-SD): ALS ME-MS61 (48 elements; Re left out) in its units, and Au-AA23 in ppb.
# Medians near the upper continental crust's (Rudnick & Gao 2003), rounded; log-SDs 0.6-1.5.
suite = [("Au_ppb", 5, 1.5), ("Ag_ppm", 0.08, 1.0), ("Al_pct", 7.5, 0.3), ("As_ppm", 5, 1.0), ("Ba_ppm", 600, 0.6),
         ("Be_ppm", 2, 0.8), ("Bi_ppm", 0.2, 1.0), ("Ca_pct", 2, 0.8), ("Cd_ppm", 0.1, 0.8), ("Ce_ppm", 60, 0.6),
         ("Co_ppm", 15, 0.7), ("Cr_ppm", 90, 0.7), ("Cs_ppm", 5, 1.0), ("Cu_ppm", 28, 1.0), ("Fe_pct", 4, 0.5),
         ("Ga_ppm", 17, 0.4), ("Ge_ppm", 0.15, 0.5), ("Hf_ppm", 5, 0.6), ("In_ppm", 0.06, 0.8), ("K_pct", 2.3, 0.5),
         ("La_ppm", 30, 0.6), ("Li_ppm", 40, 1.2), ("Mg_pct", 1.5, 0.7), ("Mn_ppm", 770, 0.6), ("Mo_ppm", 1.1, 1.0),
         ("Na_pct", 2.4, 0.5), ("Nb_ppm", 12, 0.8), ("Ni_ppm", 47, 0.8), ("P_ppm", 650, 0.6), ("Pb_ppm", 17, 0.9),
         ("Rb_ppm", 84, 0.8), ("S_pct", 0.06, 1.2), ("Sb_ppm", 0.4, 1.0), ("Sc_ppm", 14, 0.5), ("Se_ppm", 0.09, 0.8),
         ("Sn_ppm", 2.1, 1.0), ("Sr_ppm", 320, 0.7), ("Ta_ppm", 0.9, 1.0), ("Te_ppm", 0.05, 0.8), ("Th_ppm", 10.5, 0.6),
         ("Ti_pct", 0.38, 0.5), ("Tl_ppm", 0.9, 0.8), ("U_ppm", 2.7, 0.7), ("V_ppm", 97, 0.6), ("W_ppm", 1.9, 1.0),
         ("Y_ppm", 21, 0.5), ("Zn_ppm", 67, 0.7), ("Zr_ppm", 190, 0.5)]
assert len(suite) == 48
limits = [m * math.exp(-1.645 * s) for _, m, s in suite]   # each analyte's 5th percentile: 5% below it
def sig(v):
    return f"{v:.3g}"
out = csv.writer(sys.stdout, lineterminator="\n")
if ids_from == "-":
    out.writerow(["SampleID", "longitude", "latitude", "sample_type"] + [c for c, _, _ in suite])
    rows = ((f"LAB-{i:08d}", f"{63 + random.random() * 3.5:.6f}", f"{40.5 + random.random() * 1.5:.6f}", "soil") for i in range(n))
else:
    out.writerow(["SampleID"] + [c for c, _, _ in suite])
    reader = csv.reader(open(ids_from))
    next(reader)
    rows = ((r[0],) for r in reader)
for head in rows:
    cells = []
    for (c, m, s), dl in zip(suite, limits):
        v = m * math.exp(random.gauss(0, s))
        cells.append("<" + sig(dl) if v < dl else sig(v))
    out.writerow(list(head) + cells)
EOF

results=$work/results.txt
: >"$results"
source "$here/runs.bash"

# --- A1: the lab file -----------------------------------------------------------------------------------
lab=lab_$lab_n.csv
[ -s "$lab" ] || python3 lab.py - "$lab_n" >"$lab" || exit 1
csv_oo=(-oo X_POSSIBLE_NAMES=longitude -oo Y_POSSIBLE_NAMES=latitude -oo KEEP_GEOM_COLUMNS=NO -a_srs EPSG:4326)
for r in $(seq 1 "$runs"); do
    fresh_store a1.sqlite; timed A1 lode "$lode" import "$lab" -l samples -p UZ-PEG --s-srs EPSG:4326 --db a1.sqlite
    rm -f a1.gpkg; timed A1 ogr2ogr ogr2ogr -f GPKG a1.gpkg "$lab" "${csv_oo[@]}" -nln lab
done
a1_results=$(sqlite3 a1.sqlite "SELECT count(*) || ' results, ' || sum(qualifier = '<') || ' below a limit' FROM assay_results" 2>/dev/null)

# --- A2, A3: the benchmark store with 48 analytes -------------------------------------------------------
data=data_$scale store=store_$scale.sqlite
[ -s "$data/samples.csv" ] || /usr/bin/python3 "$here/generate.py" --out "$data" --scale "$scale" >/dev/null || exit 1
if [ ! -s "$store" ]; then
    python3 lab.py "$data/samples.csv" 0 >"$data/lab.csv" || exit 1
    rm -f build.sqlite*
    "$lode" init --db build.sqlite >/dev/null && "$lode" project add BENCH --name Benchmark --phase MOU --db build.sqlite >/dev/null || exit 1
    "$lode" import "$data/licences.csv" -l licences -p BENCH --s-srs EPSG:4326 --db build.sqlite >/dev/null || exit 1
    "$lode" import "$data/samples.csv" -l samples -p BENCH --s-srs EPSG:4326 --db build.sqlite >/dev/null || exit 1
    # The results in files of 100,000 samples: an --assays import holds a file's results in memory
    # (about 0.6 KB a result) before it writes them.
    tail -n +2 "$data/lab.csv" | split -l 100000 - lab_part_
    : >store.txt
    for part in lab_part_*; do
        { head -n 1 "$data/lab.csv"; cat "$part"; } >part.csv
        /usr/bin/time -f "%e %M" -o time.out "$lode" import part.csv --assays --sample-field SampleID --again --db build.sqlite >/dev/null || exit 1
        echo "store: --assays import of $(($(wc -l <part.csv) - 1)) samples x 48 analytes: $(cat time.out) (s, peak KB)" >>store.txt
    done
    rm -f lab_part_* part.csv
    mv build.sqlite "$store"
fi
for r in $(seq 1 "$runs"); do
    timed A2 lode-li2o_pct "$lode" overlap licences samples --count --stat max:li2o_pct --format csv --db "$store"
    timed A2 lode-Au_ppb "$lode" overlap licences samples --count --stat max:Au_ppb --format csv --db "$store"
    timed A3 lode-li2o_pct "$lode" export --layers samples --where "li2o_pct > 2" --analytes Au_ppb -o - --format csv --db "$store"
    timed A3 lode-Au_ppb "$lode" export --layers samples --where "Au_ppb > 100" --analytes Au_ppb -o - --format csv --db "$store"
    a3_rows=$(($(wc -l <run.out) - 1))
done

echo
echo "bench/assays.sh: A1 $lab_n samples x 48 analytes ($a1_results), A2/A3 generate.py --scale $scale;" \
    "$runs runs each, alternating ($(date -u +%Y-%m-%d), $(nproc) cores)"
cat store.txt
echo "A3: $a3_rows samples with Au_ppb > 100"
python3 - "$results" "$here" <<'EOF'
import sys
sys.path.insert(0, sys.argv[2])
import runs as bench_runs
runs = bench_runs.read(sys.argv[1])
def med(name, tool):
    return bench_runs.median_and_peak(runs[(name, tool)])
print("| workload | lode s | lode peak MB | peer | peer s | ratio | target | |")
print("|---|---:|---:|---|---:|---:|---|---|")
ls, lm = med("A1", "lode"); os_, om = med("A1", "ogr2ogr")
print(f"| A1 import lab CSV | {ls:.2f} | {lm:.0f} | ogr2ogr -f GPKG | {os_:.2f} | {os_ / ls:.2f}x | >= 1x | {'MET' if os_ >= ls else 'MISSED'} |")
au, aum = med("A2", "lode-Au_ppb"); li, _ = med("A2", "lode-li2o_pct")
print(f"| A2 overlap --stat max:Au_ppb | {au:.2f} | {aum:.0f} | --stat max:li2o_pct | {li:.2f} | {au / li:.2f}x | <= 1.5x | {'MET' if au <= 1.5 * li else 'MISSED'} |")
au, aum = med("A3", "lode-Au_ppb"); li, _ = med("A3", "lode-li2o_pct")
print(f"| A3 --where \"Au_ppb > 100\" | {au:.2f} | {aum:.0f} | --where \"li2o_pct > 2\" | {li:.2f} | {au / li:.2f}x | < 1 s | {'MET' if au < 1 else 'MISSED'} |")
EOF
