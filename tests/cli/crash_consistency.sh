#!/usr/bin/env bash
# Crash consistency (issue 18): `lode import`, an `import --on-duplicate update` and `lode export`
# killed with SIGKILL at many points, each timed by what the process has written so far (the store's
# write-ahead log for the writes, the staging folder for the export), never by sleeps. After each kill:
# the store passes SQLite's integrity check and holds all of an import or none of it, all old or all
# new values of an update; an export leaves nothing at its target (or the old file untouched) and
# the next export to the same place cleans what the killed one left.
source "$(dirname "$0")/lib.bash"
N=12000          # points per import
ROUNDS=8         # kills per kind of write
# Under the sanitizers (tests/sanitize/run.bash sets ASAN_OPTIONS) each kill point costs ~4× as much,
# and what the kills test is SQLite's atomicity, not lode's memory: the plain pass kills at all 8
# points, the sanitized pass at 3 of them (still the first, a middle and a late one).
[ -z "${ASAN_OPTIONS:-}" ] || ROUNDS=3

command -v jq >/dev/null || { echo "jq is missing (apt-get install jq)"; exit 77; }
command -v perl >/dev/null || { echo "perl is missing"; exit 77; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing (apt-get install sqlite3)"; exit 77; }

# kill_when_grows GLOB THRESHOLD OUT ERR -- CMD...: runs CMD (stdout to OUT, stderr to ERR, no file
# descriptor above 2 inherited) and polls the total size of the files matching GLOB; kills CMD with
# SIGKILL as soon as that size reaches THRESHOLD bytes (0: as soon as a file exists; -1: never).
# Prints "killed SIZE" (the size after the kill) or "exit CODE MAX" (MAX: the largest size seen).
cat >"$WORK/kill_when_grows.pl" <<'PERL'
use strict; use warnings; use POSIX (); use Time::HiRes ();
my ($glob, $threshold, $out, $err, $dashes, @cmd) = @ARGV;
sub size { my @f = grep { -f } glob($glob); return -1 unless @f; my $s = 0; $s += (-s $_ // 0) for @f; $s }
my $pid = fork() // die "fork: $!";
if ($pid == 0) {
    open(STDOUT, '>', $out) or die; open(STDERR, '>', $err) or die;
    POSIX::close($_) for 3 .. 255;
    exec(@cmd) or POSIX::_exit(127);
}
my $max = -1;
while (1) {
    if (waitpid($pid, POSIX::WNOHANG()) == $pid) { my $s = size(); $max = $s if $s > $max; print "exit ", $? >> 8, " $max\n"; exit 0 }
    my $s = size();
    $max = $s if $s > $max;
    if ($threshold >= 0 && $s >= $threshold) { kill 'KILL', $pid; waitpid($pid, 0); print "killed ", size(), "\n"; exit 0 }
    Time::HiRes::sleep(0.0003);
}
PERL
kill_when_grows() { perl "$WORK/kill_when_grows.pl" "$@" 3>&-; }

# integrity DB: PRAGMA integrity_check of the store ("ok" when it is sound).
# SpatiaLite-specific: the one place this test reads the store other than through lode.
integrity() { sqlite3 "$1" 'PRAGMA integrity_check' 2>&1 | tr '\n' ' ' | sed 's/ $//'; }

# samples_csv PREFIX VALUE: N sample points in Uzbekistan, ids PREFIX-00001..., every li2o_pct VALUE.
samples_csv() {
    awk -v n="$N" -v prefix="$1" -v value="$2" 'BEGIN {
        srand(7)
        print "id,longitude,latitude,sample_type,li2o_pct"
        for (i = 1; i <= n; i++)
            printf "%s-%05d,%.6f,%.6f,soil,%s\n", prefix, i, 69 + rand(), 40.5 + rand(), value
    }'
}
samples() { "$LODE" layers --format json | jq '[.[] | select(.layer == "samples") | .features] | add // 0'; }
# li2o_values: the distinct li2o_pct of the samples, with their counts ("1.25 12000").
li2o_values() {
    "$LODE" export -o - --format geojson --layers samples |
        jq -r '[.features[].properties.li2o_pct] | group_by(.) | map("\(.[0]) \(length)") | join(", ")'
}

new_store || { echo "cannot create the store"; exit 1; }
"$LODE" info >/dev/null   # every connection closed: the store is one file
cp "$LODE_DB" "$WORK/empty.sqlite"
samples_csv CR 1.25 >"$WORK/old.csv"
samples_csv CR 2.5 >"$WORK/new.csv"
IMPORT=("$LODE" import -l samples -p UZ-PEG --s-srs EPSG:4326)
fresh_store() { rm -f "$LODE_DB" "$LODE_DB-wal" "$LODE_DB-shm"; cp "$1" "$LODE_DB"; }

# thresholds MAX: ROUNDS sizes from 0 (the file just made) to just under MAX, spread evenly.
thresholds() { awk -v max="$1" -v n="$ROUNDS" 'BEGIN { for (i = 0; i < n; i++) printf "%d\n", (i == 0 ? 0 : max * i / n) }'; }

# kill_rounds NAME BASE_STORE CHECK CMD...: calibrates CMD's largest WAL on BASE_STORE, then kills it
# at ROUNDS sizes of the WAL, each on a fresh copy of BASE_STORE, and runs CHECK NAME ROUND after each.
inside=0 kills=0 committed=0
kill_rounds() {
    local name=$1 base=$2 check=$3 result max r=0 threshold; shift 3
    fresh_store "$base"
    result=$(kill_when_grows "$LODE_DB-wal" -1 "$WORK/cmd.out" "$WORK/err" -- "$@")
    max=${result##* }
    expect_eq "$name: uninterrupted run exits 0 ($(cat "$WORK/err"))" "${result% *}" "exit 0"
    echo "# $name: the write-ahead log grows to $max bytes"
    "$check" "$name: uninterrupted" complete
    for threshold in $(thresholds "$max"); do
        r=$((r + 1))
        fresh_store "$base"
        result=$(kill_when_grows "$LODE_DB-wal" "$threshold" "$WORK/cmd.out" "$WORK/err" -- "$@")
        local at=${result#killed }
        if [ "$result" = "$at" ]; then
            echo "# $name round $r: finished before the log reached $threshold bytes ($result)"
            "$check" "$name round $r" complete
            continue
        fi
        kills=$((kills + 1))
        local label="$name round $r (killed at $at bytes of log)"
        expect_eq "$label: integrity_check" "$(integrity "$LODE_DB")" ok
        if [ "$at" -gt 0 ]; then
            "$check" "$label" any
            [ "$CHECK_RESULT" = old ] && inside=$((inside + 1)) || committed=$((committed + 1))
        else
            "$check" "$label" old
        fi
        echo "# $label: $CHECK_RESULT"
    done
}

# import_check LABEL WANT: the samples layer holds none or all N (WANT any), all N (complete) or
# none (old); CHECK_RESULT says which.
import_check() {
    local n; n=$(samples)
    case $n in 0) CHECK_RESULT=old ;; "$N") CHECK_RESULT=new ;; *) CHECK_RESULT="$n" ;; esac
    case $2 in
    any) [ "$CHECK_RESULT" != "$n" ] && pass "$1: all or nothing ($n features)" || fail "$1: $n of $N features" ;;
    complete) expect_eq "$1: every feature" "$n" "$N" ;;
    old) expect_eq "$1: no feature" "$n" 0 ;;
    esac
}
kill_rounds "import" "$WORK/empty.sqlite" import_check "${IMPORT[@]}" "$WORK/old.csv"

# --- an --on-duplicate update: every value old, or every value new ---------------------------------
fresh_store "$WORK/empty.sqlite"
"${IMPORT[@]}" "$WORK/old.csv" >/dev/null || fail "the import to update"
"$LODE" info >/dev/null
cp "$LODE_DB" "$WORK/imported.sqlite"
update_check() {
    local values; values=$(li2o_values)
    case $values in "1.25 $N") CHECK_RESULT=old ;; "2.5 $N") CHECK_RESULT=new ;; *) CHECK_RESULT="$values" ;; esac
    case $2 in
    any) [ "$CHECK_RESULT" = old ] || [ "$CHECK_RESULT" = new ] && pass "$1: all old or all new values" || fail "$1: mixed values: $values" ;;
    complete) expect_eq "$1: every value new" "$values" "2.5 $N" ;;
    old) expect_eq "$1: every value old" "$values" "1.25 $N" ;;
    esac
}
kill_rounds "update" "$WORK/imported.sqlite" update_check "${IMPORT[@]}" "$WORK/new.csv" --on-duplicate update

echo "# $kills kills of writes: $inside inside the write transaction (the log not empty, nothing committed), $committed after the commit"
[ "$inside" -ge 3 ] && pass "at least 3 kills landed inside a write transaction ($inside)" ||
    fail "only $inside kills landed inside a write transaction: the test no longer tests much"

# --- export: nothing at the target, the old file untouched, nothing left after the next export ------
fresh_store "$WORK/imported.sqlite"
OUT=$WORK/out
mkdir -p "$OUT"
staging="$OUT/.samples.gpkg.lode-tmp-*/*"
result=$(kill_when_grows "$staging" -1 "$WORK/cmd.out" "$WORK/err" -- "$LODE" export -o "$OUT/samples.gpkg" --layers samples)
max=${result##* }
rm -f "$OUT/samples.gpkg"
echo "# export: the staging folder grows to $max bytes"
feature_count() { ogrinfo -ro -so "$1" samples 2>/dev/null | sed -n 's/^Feature Count: //p'; }
export_kills=0
r=0
echo "an older export" >"$WORK/older"
for threshold in $(thresholds "$max"); do
    r=$((r + 1))
    # odd rounds: a new file; even rounds: --overwrite of an existing one
    overwrite=()
    if [ $((r % 2)) = 0 ]; then cp "$WORK/older" "$OUT/samples.gpkg"; overwrite=(--overwrite); else rm -f "$OUT/samples.gpkg"; fi
    result=$(kill_when_grows "$staging" "$threshold" "$WORK/cmd.out" "$WORK/err" -- \
        "$LODE" export -o "$OUT/samples.gpkg" --layers samples "${overwrite[@]}")
    label="export round $r (${overwrite[*]:-new file}, $result bytes staged)"
    if [ "${result#killed }" = "$result" ]; then
        echo "# $label: finished first"
        expect_eq "$label: the export is whole" "$(feature_count "$OUT/samples.gpkg")" "$N"
    else
        export_kills=$((export_kills + 1))
        if [ ${#overwrite[@]} = 0 ]; then
            [ ! -e "$OUT/samples.gpkg" ] && pass "$label: nothing at the target" || fail "$label: $(ls -l "$OUT/samples.gpkg")"
        else
            expect_eq "$label: the old file untouched" "$(cat "$OUT/samples.gpkg")" "an older export"
        fi
    fi
    expect_ok "$label: the next export" "$LODE" export -o "$OUT/samples.gpkg" --layers samples --overwrite
    expect_eq "$label: the next export is whole" "$(feature_count "$OUT/samples.gpkg")" "$N"
    left=$(find "$OUT" -mindepth 1 -maxdepth 1 -name '.samples.gpkg.lode-tmp-*' | wc -l)
    expect_eq "$label: no staging folder left" "$left" 0
done
echo "# export: $export_kills kills"
[ "$export_kills" -ge $((ROUNDS / 2)) ] && pass "$export_kills of $ROUNDS exports killed" || fail "only $export_kills of $ROUNDS exports killed"
if [ -e "$LODE_DB-wal" ]; then fail "-wal left behind"; else pass "no -wal left"; fi

finish
