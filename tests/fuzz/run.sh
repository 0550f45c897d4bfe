#!/usr/bin/env bash
# tests/fuzz/run.sh BUILD_DIR SECONDS_PER_TARGET [TARGET...]
# Runs each fuzz target of BUILD_DIR (configured with -DLODE_FUZZ=ON and built with --target fuzzers)
# for SECONDS_PER_TARGET, starting from its committed seeds in tests/fuzz/corpus/TARGET (only read:
# what the run adds goes to a scratch folder). Exits 1 when any target reports a finding (a
# sanitizer's report, an escaped exception, a wrong answer, a leak, a timeout or running out of
# memory), with the input that caused it kept as BUILD_DIR/fuzz-findings/TARGET-*.
set -uo pipefail
[ $# -ge 2 ] || { echo "usage: $0 BUILD_DIR SECONDS_PER_TARGET [TARGET...]" >&2; exit 2; }
build=$(cd "$1" && pwd)
seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(where quantity wkt wkb import_csv import_geojson assay)

findings=$build/fuzz-findings
mkdir -p "$findings"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failed=0
for target in "${targets[@]}"; do
    binary=$build/tests/fuzz/$target
    [ -x "$binary" ] || { echo "fuzz: $binary missing (build with --target fuzzers)" >&2; exit 2; }
    mkdir -p "$scratch/$target"
    log=$findings/$target.log
    # The import targets keep their stores under TMPDIR: inside the scratch folder, removed with it.
    TMPDIR=$scratch UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ASAN_OPTIONS=detect_leaks=1 \
        "$binary" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2560 -max_len=8192 -print_final_stats=1 \
        -artifact_prefix="$findings/$target-" "$scratch/$target" "$here/corpus/$target" >"$log" 2>&1
    status=$?
    stats=$(grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added):' "$log" | sed 's/^stat:://' | tr '\n' ' ' | tr -s ' ')
    if [ $status -eq 0 ]; then
        echo "fuzz: $target: no finding in ${seconds} s ($stats)"
    else
        failed=1
        echo "fuzz: $target: FINDING (exit $status), input kept in $findings/$target-*; log $log:"
        grep -E 'ERROR: |runtime error|finding: |terminate called|what\(\)' "$log" | head -5
    fi
done
exit $failed
