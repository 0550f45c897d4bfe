# Shared helpers for the CLI tests (sourced, not run). Each test gets a fresh temporary folder.
set -u
: "${LODE:?LODE must point at the built lode binary}"
: "${LODE_SOURCE_DIR:?}"
GEODATA="$LODE_SOURCE_DIR/geodata"
TESTDATA="$LODE_SOURCE_DIR/tests/data"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export LODE_DB="$WORK/lode.sqlite"
PASSED=0
FAILED=0

pass() { PASSED=$((PASSED + 1)); echo "ok - $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL - $1"; }

# expect_ok NAME CMD...: the command exits 0.
expect_ok() {
    local name=$1; shift
    if out=$("$@" 2>&1); then pass "$name"; else fail "$name (exit $?): $out"; fi
}

# expect_error NAME EXIT_CODE 'substring' CMD...: fails with that exit code, one line on stderr containing substring.
expect_error() {
    local name=$1 code=$2 want=$3; shift 3
    local err rc
    err=$("$@" 2>&1 >/dev/null); rc=$?
    if [ "$rc" -ne "$code" ]; then fail "$name: exit $rc, expected $code ($err)"; return; fi
    if [[ "$err" != *"$want"* ]]; then fail "$name: stderr lacks '$want': $err"; return; fi
    if [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ]; then fail "$name: more than one line on stderr: $err"; return; fi
    pass "$name"
}

# expect_eq NAME ACTUAL EXPECTED
expect_eq() {
    if [ "$2" == "$3" ]; then pass "$1"; else fail "$1: got '$2', expected '$3'"; fi
}

# rejected NAME 'substring'... -- CMD...: CMD exits 1 with exactly one line on stderr, starting with
# "lode: error: " and containing every substring; the store's bytes are the same as before and no
# -wal file is left behind.
rejected() {
    local name=$1 want=() err rc before after missing=""; shift
    while [ "$1" != "--" ]; do want+=("$1"); shift; done
    shift
    before=$(sha256sum <"$LODE_DB")
    err=$("$@" 2>&1 >/dev/null); rc=$?
    after=$(sha256sum <"$LODE_DB")
    for w in "${want[@]}"; do [[ "$err" == *"$w"* ]] || missing+=" '$w'"; done
    if [ "$rc" -ne 1 ]; then fail "$name: exit $rc, expected 1 ($err)"
    elif [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ]; then fail "$name: more than one line on stderr: $err"
    elif [[ "$err" != "lode: error: "* ]]; then fail "$name: message does not start with 'lode: error: ': $err"
    elif [ -n "$missing" ]; then fail "$name: stderr lacks$missing: $err"
    else pass "$name"; fi
    expect_eq "$name: store unchanged" "$after" "$before"
    if [ -e "$LODE_DB-wal" ]; then fail "$name: $LODE_DB-wal left behind"; else pass "$name: no -wal left"; fi
}

# A store with the shipped programmes and partners (no features).
new_store() {
    rm -f "$LODE_DB"
    "$LODE" init >/dev/null && "$LODE" project add --from "$GEODATA/projects.csv" >/dev/null &&
        "$LODE" partner add --from "$GEODATA/partners.csv" >/dev/null
}

finish() {
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
}
