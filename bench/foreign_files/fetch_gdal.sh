#!/usr/bin/env bash
# Makes the GDAL_DIR run.sh reads: each GDAL autotest file named in manifest.tsv, at its listed
# commit, from raw.githubusercontent.com (GDAL's repository is too large to clone for 23 small files).
# Usage: bench/foreign_files/fetch_gdal.sh GDAL_DIR
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:?folder to write}
grep -P '^gdal\t' "$HERE/manifest.tsv" | while IFS=$'\t' read -r source repo commit path; do
    mkdir -p "$OUT/$(dirname "$path")"
    curl -fsSL -o "$OUT/$path" "https://raw.githubusercontent.com/$repo/$commit/$path"
done
