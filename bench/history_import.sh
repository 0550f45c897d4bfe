#!/bin/bash
# The history's cost on a bulk import: 100,000 samples imported, then all updated, into a fresh
# store, timed. Usage: bench/history_import.sh LODE [LODE_BEFORE] (e.g. a build of the commit before
# the history) — each binary gets its own store; the store sizes are printed too.
set -eu
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
here=$(cd "$(dirname "$0")/.." && pwd)
python3 - "$dir" <<'PY'
# 100,000 soil samples on a grid near Kaduna (WGS 84), with Li2O and REE assays; then the same with another lab.
import csv, random, sys
random.seed(6)
rows = [[f"BENCH-{i:06d}", f"{7.0 + (i % 400) * 0.001:.6f}", f"{10.0 + (i // 400) * 0.001:.6f}", "soil", "2025-05-01",
         f"{random.uniform(0, 2):.4f}", f"{random.uniform(50, 900):.1f}", "bench lab"] for i in range(100000)]
header = ["id", "longitude", "latitude", "sample_type", "sampled_on", "li2o_pct", "treo_ppm", "lab"]
for name, lab in (("samples.csv", "bench lab"), ("samples_v2.csv", "bench lab 2")):
    with open(f"{sys.argv[1]}/{name}", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(r[:7] + [lab] for r in rows)
PY
for lode in "$@"; do
    export LODE_DB="$dir/$(basename "$lode")-$RANDOM.sqlite"
    "$lode" init >/dev/null
    "$lode" project add --from "$here/geodata/projects.csv" >/dev/null
    /usr/bin/time -f "$lode: import 100,000: %e s" "$lode" import "$dir/samples.csv" -l samples -p NG-LIP --s-srs EPSG:4326 >/dev/null
    /usr/bin/time -f "$lode: update 100,000: %e s" "$lode" import "$dir/samples_v2.csv" -l samples -p NG-LIP --s-srs EPSG:4326 \
        --on-duplicate update >/dev/null
    echo "$lode: store $(du -k "$LODE_DB" | cut -f1) KB"
done
