#!/usr/bin/env bash
# Runs one test of the sanitized build (cmake -DLODE_SANITIZE=ON; tests/CMakeLists.txt puts it in
# front of every test there) and fails it on any AddressSanitizer, LeakSanitizer or
# UndefinedBehaviorSanitizer report from any process it starts. The reports go to files, not to
# stderr: a CLI test that expects `lode` to fail with exit 1 and discards its stderr would otherwise
# pass over a report (AddressSanitizer's exit code is 1 too). Options a caller sets are kept, after
# these. Only leaks inside third-party libraries are suppressed, in lsan.supp beside this file.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
reports=$(mktemp -d "${TMPDIR:-/tmp}/lode-sanitize.XXXXXX")
trap 'rm -rf "$reports"' EXIT
log="log_path=$reports/report"
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:$log${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0:$log${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:$log${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"

"$@"
rc=$?
shopt -s nullglob
found=("$reports"/report.*)
if [ ${#found[@]} -gt 0 ]; then
    echo "FAIL - ${#found[@]} sanitizer report(s) while running: $*"
    cat "${found[@]}"
    exit 1
fi
exit "$rc"
