#!/usr/bin/env bash
# Load (issue 18): 4 writers and 4 readers on one store for a bounded time (LODE_LOAD_SECONDS,
# default 15), then a store whose write lock another program (the sqlite3 shell) holds. No row is
# lost (the final count is the sum of what the writers were told they wrote), every read succeeds and
# sees whole imports only, nothing says "database is locked", and an import that cannot wait long
# enough fails in lode's one line while one that may wait goes ahead once the lock is released.
source "$(dirname "$0")/lib.bash"
SECONDS_OF_LOAD=${LODE_LOAD_SECONDS:-15}
M=300            # points per import
WRITERS=4
READERS=4

command -v jq >/dev/null || { echo "jq is missing (apt-get install jq)"; exit 77; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing (apt-get install sqlite3)"; exit 77; }
new_store || { echo "cannot create the store"; exit 1; }

# integrity: PRAGMA integrity_check of the store ("ok" when it is sound).
# SpatiaLite-specific: the one place this test reads the store other than through lode.
integrity() { sqlite3 "$LODE_DB" 'PRAGMA integrity_check' 2>&1 | tr '\n' ' ' | sed 's/ $//'; }

# samples_csv PREFIX: M sample points in Uzbekistan, ids PREFIX-0001...
samples_csv() {
    awk -v n="$M" -v prefix="$1" 'BEGIN {
        srand()
        print "id,longitude,latitude,sample_type,li2o_pct"
        for (i = 1; i <= n; i++)
            printf "%s-%04d,%.6f,%.6f,soil,%.3f\n", prefix, i, 69 + rand(), 40.5 + rand(), rand() * 2
    }'
}
samples() { "$LODE" layers --format json | jq '[.[] | select(.layer == "samples") | .features] | add // 0'; }
IMPORT=("$LODE" import -l samples -p UZ-PEG --s-srs EPSG:4326)

# writer W: imports M new points at a time until the deadline; W.rows: the points lode said it wrote,
# W.failures: imports that failed, W.err: every stderr.
writer() {
    local w=$1 i=0 rows=0 failures=0 out
    while [ "$(date +%s)" -lt "$deadline" ]; do
        i=$((i + 1))
        samples_csv "W$w-$i" >"$WORK/w$w.csv"
        if out=$("${IMPORT[@]}" "$WORK/w$w.csv" 2>>"$WORK/w$w.err") && [[ "$out" == *"$M written"* ]]; then
            rows=$((rows + M))
        else
            failures=$((failures + 1))
            echo "import $i: $out" >>"$WORK/w$w.err"
        fi
    done
    echo "$rows" >"$WORK/w$w.rows"
    echo "$failures" >"$WORK/w$w.failures"
}

# reader R: reads the samples three ways until the deadline; every count must be a whole number of
# imports and never fewer than the last one it saw. R.reads, R.failures, R.err.
reader() {
    local r=$1 reads=0 failures=0 last=$M n out
    while [ "$(date +%s)" -lt "$deadline" ]; do
        reads=$((reads + 1))
        case $((reads % 3)) in
        0) n=$("$LODE" layers --format json 2>>"$WORK/r$r.err" | jq '[.[] | select(.layer == "samples") | .features] | add // 0') ;;
        1) n=$("$LODE" export -o - --format geojson --layers samples 2>>"$WORK/r$r.err" | jq '.features | length') ;;
        2) if out=$("$LODE" near -l samples --at 69.5,41 --nearest 1 2>>"$WORK/r$r.err"); then n=$last; else n=""; fi ;;
        esac
        if [ -z "$n" ] || [ $((n % M)) != 0 ] || [ "$n" -lt "$last" ]; then
            failures=$((failures + 1))
            echo "read $reads (kind $((reads % 3))): '$n' after $last" >>"$WORK/r$r.err"
        else
            last=$n
        fi
    done
    echo "$reads" >"$WORK/r$r.reads"
    echo "$failures" >"$WORK/r$r.failures"
}

# --- 4 writers and 4 readers -----------------------------------------------------------------------
# (the layer has features before the readers start: exporting an empty layer is an error)
samples_csv FIRST >"$WORK/first.csv"
"${IMPORT[@]}" "$WORK/first.csv" >/dev/null || fail "the first import"
deadline=$(($(date +%s) + SECONDS_OF_LOAD))
pids=()
for w in $(seq 1 $WRITERS); do : >"$WORK/w$w.err"; writer "$w" & pids+=($!); done
for r in $(seq 1 $READERS); do : >"$WORK/r$r.err"; reader "$r" & pids+=($!); done
wait "${pids[@]}"

total=$M writer_failures=0 reads=0 read_failures=0
for w in $(seq 1 $WRITERS); do
    echo "# writer $w: $(cat "$WORK/w$w.rows") rows, $(cat "$WORK/w$w.failures") failures"
    total=$((total + $(cat "$WORK/w$w.rows")))
    writer_failures=$((writer_failures + $(cat "$WORK/w$w.failures")))
done
for r in $(seq 1 $READERS); do
    echo "# reader $r: $(cat "$WORK/r$r.reads") reads, $(cat "$WORK/r$r.failures") failures"
    reads=$((reads + $(cat "$WORK/r$r.reads")))
    read_failures=$((read_failures + $(cat "$WORK/r$r.failures")))
done
cat "$WORK"/w*.err "$WORK"/r*.err | head -5 | sed 's/^/# stderr: /'
[ "$total" -ge $((WRITERS * M)) ] && pass "every writer wrote ($total rows in $SECONDS_OF_LOAD s)" || fail "only $total rows written"
expect_eq "no import failed" "$writer_failures" 0
expect_eq "no read failed or saw part of an import ($reads reads)" "$read_failures" 0
expect_eq "no row lost: the store holds what the writers wrote" "$(samples)" "$total"
if grep -qi "locked" "$WORK"/w*.err "$WORK"/r*.err; then
    fail "'database is locked': $(grep -hi locked "$WORK"/w*.err "$WORK"/r*.err | head -3)"
else
    pass "no 'database is locked'"
fi
expect_eq "integrity_check" "$(integrity)" ok

# --- another program holding the write lock ---------------------------------------------------------
# The sqlite3 shell begins a write (BEGIN IMMEDIATE and a table made), says so, and holds it until
# told to let go.
sqlite3 "$LODE_DB" >"$WORK/holder.out" 2>&1 3>&- <<SQL &
BEGIN IMMEDIATE;
CREATE TABLE held_by_sqlite3(x);
.shell touch '$WORK/held'
.shell while [ ! -e '$WORK/release' ]; do sleep 0.05; done
ROLLBACK;
SQL
holder=$!
for _ in $(seq 1 200); do [ -e "$WORK/held" ] && break; sleep 0.05; done
[ -e "$WORK/held" ] && pass "sqlite3 holds the write lock" || fail "sqlite3 did not begin its write: $(cat "$WORK/holder.out")"
before=$(samples)
samples_csv HELD >"$WORK/held.csv"
start=$(date +%s.%N)
err=$("${IMPORT[@]}" "$WORK/held.csv" --wait 1 2>&1 >/dev/null)
rc=$?
took=$(echo "$(date +%s.%N) - $start" | bc)
expect_eq "held, --wait 1: exit 1" "$rc" 1
expect_eq "held, --wait 1: lode's one line" "$err" \
    "lode: error: $LODE_DB: the store is being written by another program, which held it longer than --wait allows (close the other program, or wait longer with --wait SECONDS)"
[ "$(echo "$took >= 1 && $took < 8" | bc)" = 1 ] && pass "held, --wait 1: waited a second ($took s)" || fail "held, --wait 1: took $took s"
expect_eq "held: reading works, nothing added" "$(samples)" "$before"

"${IMPORT[@]}" "$WORK/held.csv" --wait 30 >"$WORK/waited.out" 2>"$WORK/waited.err" 3>&- &
waiter=$!
start=$(date +%s.%N)
sleep 2   # the other program keeps the lock 2 s longer while the import waits
kill -0 "$waiter" 2>/dev/null && pass "held, --wait 30: the import waits" || fail "held, --wait 30: the import did not wait"
touch "$WORK/release"
wait "$holder"
wait "$waiter"; rc=$?
took=$(echo "$(date +%s.%N) - $start" | bc)
expect_eq "held, --wait 30: exit 0 once released ($(cat "$WORK/waited.err"))" "$rc" 0
grep -q "$M written" "$WORK/waited.out" && pass "held, --wait 30: wrote $M" || fail "held, --wait 30: $(cat "$WORK/waited.out")"
[ "$(echo "$took >= 2" | bc)" = 1 ] && pass "held, --wait 30: it finished after the release ($took s)" || fail "held, --wait 30: finished in $took s, before the release"
expect_eq "held, --wait 30: nothing on stderr (not a terminal)" "$(cat "$WORK/waited.err")" ""
expect_eq "held, then released: the points are in" "$(samples)" "$((before + M))"
expect_eq "integrity_check after the holder" "$(integrity)" ok
if [ -e "$LODE_DB-wal" ]; then fail "-wal left behind"; else pass "no -wal left"; fi

finish
