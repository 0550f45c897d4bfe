#!/usr/bin/env bash
# tests/fuzz/run.sh BUILD_DIR SECONDS_PER_TARGET [TARGET...]
# Runs each fuzz target of BUILD_DIR (configured with -DLODE_FUZZ=ON and built with --target fuzzers)
# for SECONDS_PER_TARGET, starting from its committed seeds in tests/fuzz/corpus/TARGET (only read:
# what the run adds goes to a scratch folder). Exits 1 when any target reports a finding (a
# sanitizer's report, an escaped exception, a wrong answer, a leak, a timeout or running out of
# memory), with the input that caused it kept as BUILD_DIR/fuzz-findings/TARGET-*. Targets run
# LODE_FUZZ_JOBS at a time (default: the number of cores).
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
# One target a core at a time (each is a single process): on 2 cores, half the wall time.
jobs=${LODE_FUZZ_JOBS:-$(nproc)}
run_target() {
    local target=$1 binary=$build/tests/fuzz/$1 log=$findings/$1.log
    mkdir -p "$scratch/$target"
    # The import targets keep their stores under TMPDIR: inside the scratch folder, removed with it.
    TMPDIR=$scratch UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ASAN_OPTIONS=detect_leaks=1 \
        "$binary" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2560 -max_len=8192 -print_final_stats=1 \
        -artifact_prefix="$findings/$target-" "$scratch/$target" "$here/corpus/$target" >"$log" 2>&1
    echo $? >"$scratch/$target.status"
}
for target in "${targets[@]}"; do
    [ -x "$build/tests/fuzz/$target" ] || { echo "fuzz: $build/tests/fuzz/$target missing (build with --target fuzzers)" >&2; exit 2; }
done
for target in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
    run_target "$target" &
done
wait
failed=0
for target in "${targets[@]}"; do
    log=$findings/$target.log
    status=$(cat "$scratch/$target.status")
    stats=$(grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added):' "$log" | sed 's/^stat:://' | tr '\n' ' ' | tr -s ' ')
    if [ "$status" -eq 0 ]; then
        echo "fuzz: $target: no finding in ${seconds} s ($stats)"
    else
        failed=1
        echo "fuzz: $target: FINDING (exit $status), input kept in $findings/$target-*; log $log:"
        grep -E 'ERROR: |runtime error|finding: |terminate called|what\(\)' "$log" | head -5
    fi
done
exit $failed
