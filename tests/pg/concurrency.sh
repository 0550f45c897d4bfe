#!/usr/bin/env bash
# Eight lode processes on one PostGIS store at once (issue 16's concurrency): 4 writers and 4 readers
# for LODE_CONCURRENCY_SECONDS (60 by default, as the issue asks; shorter for a quick run).
#   writers: each, in a loop, imports a file of 3 new samples; updates 3 of 10 shared samples from a
#            file (--on-duplicate update; overlapping ids in different orders, so that the server
#            finds deadlocks, which lode runs again); and changes its own field of one licence
#            (lode licence update: read, changed, written back; without the row's lock a writer's
#            change of another field would be lost).
#   readers: near, overlap, export to a GeoPackage, history, in a loop.
# Asserted: every process exits 0 and no serialization or deadlock error reaches a user; no write is
# lost: psql (an independent reader) counts the samples, the imports log's rows and sums, and the
# history's entries, and they match the sums of what each writer reported (its own log); each shared
# sample's value now is the one of its last history entry, and the set of values the history holds
# is the set the writers wrote; each licence field holds the last value its writer wrote.
# Then two users updating the same feature from stale copies (GeoPackage exports edited as in QGIS):
# the second is refused, naming who changed it and when (as psql reads the history), the store
# unchanged; --force-update writes over it.
# Runs under the pg_cluster fixture of tests/CMakeLists.txt (LODE_TEST_DB=postgresql).
source "$(dirname "$0")/../cli/lib.bash"
[ "$LODE_TEST_DB" = postgresql ] || { echo "skipped: run with LODE_TEST_DB=postgresql (tests/CMakeLists.txt)"; exit 77; }
SECONDS_TO_RUN=${LODE_CONCURRENCY_SECONDS:-60}
createdb "$PG_DATABASE" || { echo "cannot create the test database"; exit 1; }
export LODE_USER=setup

# --- The store: a project, 40 samples (S-000 … S-039), one licence ---------------------------------
{
    echo "id,longitude,latitude,sample_type,li2o_pct,lab"
    for i in $(seq 0 39); do printf 'S-%03d,%s,%s,soil,1,base\n' "$i" "$(echo "7.5 + $i * 0.01" | bc)" "$(echo "10.25 + $i * 0.005" | bc)"; done
} >"$WORK/base.csv"
"$LODE" init >/dev/null && "$LODE" project add NG-LIP --name "Nigeria lithium pegmatites" --phase MOU --countries NG >/dev/null &&
    "$LODE" import "$WORK/base.csv" -l samples -p NG-LIP --s-srs EPSG:4326 >/dev/null &&
    "$LODE" licence add EL-1 --project NG-LIP --wkt "POLYGON((7.4 10.2,7.9 10.2,7.9 10.5,7.4 10.5,7.4 10.2))" --status granted --holder "Nigerian Geological Survey Agency" >/dev/null ||
    { echo "cannot build the store"; exit 1; }

FIELDS=(name holder source licence_no)   # writer w changes FIELDS[w-1] of EL-1 only
END=$((SECONDS + SECONDS_TO_RUN))

writer() {
    local w=$1 k=0 out a b c
    export LODE_USER="writer$w"
    while [ "$SECONDS" -lt "$END" ]; do
        k=$((k + 1))
        # 3 new samples
        printf 'id,longitude,latitude,sample_type,li2o_pct,lab\nW%d-%d-1,7.6,10.3,soil,2,w%d\nW%d-%d-2,7.61,10.31,soil,2,w%d\nW%d-%d-3,7.62,10.32,soil,2,w%d\n' \
            "$w" "$k" "$w" "$w" "$k" "$w" "$w" "$k" "$w" >"$WORK/w$w-new-$k.csv"
        if out=$("$LODE" import "$WORK/w$w-new-$k.csv" -l samples -p NG-LIP --s-srs EPSG:4326 2>>"$WORK/w$w.err"); then
            echo "insert $(head -1 <<<"$out" | sed -E 's/.*: ([0-9]+) read, ([0-9]+) written, ([0-9]+) updated.*/\2 \3/')" >>"$WORK/w$w.log"
        else echo "FAILED insert $k" >>"$WORK/w$w.log"; fi
        # 3 shared samples of S-000 … S-009, overlapping the other writers' in another order
        a=$(((k + w) % 10)); b=$(((k * 3 + w * 7) % 10)); c=$(((k * 7 + w * 3 + 5) % 10))
        [ "$b" -ne "$a" ] || b=$(((a + 1) % 10))
        while [ "$c" -eq "$a" ] || [ "$c" -eq "$b" ]; do c=$(((c + 1) % 10)); done
        {
            echo "id,longitude,latitude,sample_type,li2o_pct,lab"
            for s in $a $b $c; do printf 'S-%03d,%s,%s,soil,3,w%d-k%d\n' "$s" "$(echo "7.5 + $s * 0.01" | bc)" "$(echo "10.25 + $s * 0.005" | bc)" "$w" "$k"; done
        } >"$WORK/w$w-upd-$k.csv"
        if out=$("$LODE" import "$WORK/w$w-upd-$k.csv" -l samples -p NG-LIP --s-srs EPSG:4326 --on-duplicate update 2>>"$WORK/w$w.err"); then
            echo "update $(head -1 <<<"$out" | sed -E 's/.*: ([0-9]+) read, ([0-9]+) written, ([0-9]+) updated.*/\2 \3/') w$w-k$k" >>"$WORK/w$w.log"
        else echo "FAILED update $k" >>"$WORK/w$w.log"; fi
        # its own field of the licence
        if "$LODE" licence update EL-1 --set "${FIELDS[$((w - 1))]}=w$w-k$k" >/dev/null 2>>"$WORK/w$w.err"; then
            echo "licence w$w-k$k" >>"$WORK/w$w.log"
        else echo "FAILED licence $k" >>"$WORK/w$w.log"; fi
    done
}

reader() {
    local r=$1 i=0
    while [ "$SECONDS" -lt "$END" ]; do
        i=$((i + 1))
        case $r in
        1) "$LODE" near -l samples --at 7.6,10.3 --within 20km --format csv >/dev/null ;;
        2) "$LODE" overlap licences samples --format csv >/dev/null ;;
        3) "$LODE" export -o "$WORK/r3.gpkg" --layers samples --overwrite >/dev/null ;;
        4) "$LODE" history samples --format csv >/dev/null ;;
        esac 2>>"$WORK/r$r.err" && echo "ok $i" >>"$WORK/r$r.log" || echo "FAILED $i" >>"$WORK/r$r.log"
    done
}

server_log="${LODE_TEST_PG_DIR:-}/server.log"   # the cluster's log: the statements it refused
log_start=$( [ -r "$server_log" ] && wc -l <"$server_log" || echo 0)
pids=()
for w in 1 2 3 4; do writer "$w" & pids+=($!); done
for r in 1 2 3 4; do reader "$r" & pids+=($!); done
for p in "${pids[@]}"; do wait "$p"; done

# --- Every process's every run exited 0, and no conflict reached a user ----------------------------
expect_eq "no writer's or reader's command failed" "$(cat "$WORK"/w?.log "$WORK"/r?.log | grep -c FAILED)" 0
expect_eq "nothing on any process's stderr (no serialization or deadlock error)" "$(cat "$WORK"/w?.err "$WORK"/r?.err)" ""
inserts=$(cat "$WORK"/w?.log | grep -c '^insert ')
updates=$(cat "$WORK"/w?.log | grep -c '^update ')
licences=$(cat "$WORK"/w?.log | grep -c '^licence ')
reads=$(cat "$WORK"/r?.log | grep -c '^ok ')
echo "# in ${SECONDS_TO_RUN}s: $inserts imports of new samples, $updates update imports, $licences licence updates, $reads reads"
[ "$inserts" -ge 4 ] && [ "$updates" -ge 4 ] && [ "$reads" -ge 4 ] && pass "every writer and reader ran" || fail "too few runs: $inserts $updates $reads"
if [ -r "$server_log" ]; then
    refused=$(tail -n +$((log_start + 1)) "$server_log" | grep -E 'ERROR: +(deadlock detected|could not serialize)' | sed -E 's/.*ERROR: +//' | sort | uniq -c | tr -s ' ' | tr '\n' ';')
    echo "# the server refused meanwhile: ${refused:-nothing} (each run again by lode)"
fi

# --- No lost writes: psql's counts against the writers' own reports --------------------------------
written=$(cat "$WORK"/w?.log | awk '/^insert /{s += $2} END {print s + 0}')
updated=$(cat "$WORK"/w?.log | awk '/^update /{s += $3} END {print s + 0}')
expect_eq "each import of new samples wrote its 3" "$written" $((3 * inserts))
expect_eq "each update import updated its 3" "$updated" $((3 * updates))
expect_eq "psql: samples in the layer = 40 + those written" "$(pg -c "SELECT count(*) FROM samples")" $((40 + written))
expect_eq "psql: the imports log holds every import (base + each writer's)" \
    "$(pg -c "SELECT count(*) || ' ' || sum(written) || ' ' || sum(updated) FROM imports WHERE layer = 'samples'")" \
    "$((1 + inserts + updates)) $((40 + written)) $updated"
expect_eq "psql: the history holds an insert per sample written" \
    "$(pg -c "SELECT count(*) FROM history WHERE tbl = 'samples' AND action = 'insert'")" $((40 + written))
expect_eq "psql: the history holds an update per sample updated" \
    "$(pg -c "SELECT count(*) FROM history WHERE tbl = 'samples' AND action = 'update'")" "$updated"
expect_eq "psql: the history's update values are the writers' (none lost, none made up)" \
    "$(pg -c "SELECT new->>'lab' FROM history WHERE tbl = 'samples' AND action = 'update' ORDER BY 1" | sort | uniq -c | awk '{print $1, $2}' | sort)" \
    "$(cat "$WORK"/w?.log | awk '/^update /{print 3, $4}' | sort)"
expect_eq "psql: each shared sample holds the value of its last history entry" \
    "$(pg -c "SELECT s.id || ' ' || s.lab FROM samples s WHERE s.id LIKE 'S-00_' AND s.lab <> 'base' ORDER BY s.id")" \
    "$(pg -c "SELECT DISTINCT ON (key) key || ' ' || (new->>'lab') FROM history WHERE tbl = 'samples' AND action = 'update' ORDER BY key, id DESC")"
# Each writer's licence field: its last value (no writer's change lost to another's read-modify-write).
for w in 1 2 3 4; do
    field=${FIELDS[$((w - 1))]}
    last=$(grep '^licence ' "$WORK/w$w.log" | tail -1 | cut -d' ' -f2)
    expect_eq "psql: licence EL-1's $field is writer $w's last ($last)" "$(pg -c "SELECT $field FROM licences WHERE id = 'EL-1'")" "$last"
    expect_eq "psql: the history holds each of writer $w's licence changes" \
        "$(pg -c "SELECT count(*) FROM history WHERE tbl = 'licences' AND key = 'EL-1' AND new ? '$field' AND \"user\" = 'writer$w'")" \
        "$(grep -c '^licence ' "$WORK/w$w.log")"
done

# --- Two users updating the same feature from stale copies -----------------------------------------
"$LODE" export -o "$WORK/alice.gpkg" --layers samples --user alice >/dev/null &&
    "$LODE" export -o "$WORK/bob.gpkg" --layers samples --user bob >/dev/null || fail "the exports"
ogrinfo -q "$WORK/alice.gpkg" -sql "UPDATE samples SET li2o_pct = 4.5 WHERE id = 'S-020'" >/dev/null &&
    ogrinfo -q "$WORK/bob.gpkg" -sql "UPDATE samples SET li2o_pct = 5.5 WHERE id = 'S-020'" >/dev/null || fail "editing the copies"
expect_ok "alice's edited copy written back" "$LODE" import "$WORK/alice.gpkg" -l samples -p NG-LIP --src-layer samples --on-duplicate update --user alice
expect_eq "psql: S-020 holds alice's value" "$(pg -c "SELECT li2o_pct FROM samples WHERE id = 'S-020'")" 4.5
read -r entry at < <(pg -F ' ' -c "SELECT id, at FROM history WHERE tbl = 'samples' AND key = 'S-020' ORDER BY id DESC LIMIT 1")
rejected "bob's stale copy refused, naming who changed S-020 and when" \
    "bob.gpkg" "S-020" "was changed in the store by alice at $at (history entry $entry)" "--force-update" -- \
    "$LODE" import "$WORK/bob.gpkg" -l samples -p NG-LIP --src-layer samples --on-duplicate update --user bob
expect_eq "psql: S-020 still holds alice's value" "$(pg -c "SELECT li2o_pct FROM samples WHERE id = 'S-020'")" 4.5
expect_ok "bob writes over it deliberately (--force-update)" \
    "$LODE" import "$WORK/bob.gpkg" -l samples -p NG-LIP --src-layer samples --on-duplicate update --user bob --force-update
expect_eq "psql: S-020 holds bob's value, and the history both" \
    "$(pg -c "SELECT li2o_pct FROM samples WHERE id = 'S-020'"; pg -c "SELECT \"user\" || ' ' || (new->>'li2o_pct') FROM history WHERE tbl = 'samples' AND key = 'S-020' AND new ? 'li2o_pct' ORDER BY id")" \
    "5.5
alice 4.5
bob 5.5"

# --- The retry itself, made certain: the server refuses the first runs of a transaction ------------
# A trigger raises serialization_failure while a sequence (which no rollback takes back) counts the
# runs: lode's import runs again and succeeds on the third; refused every time, it stops after 8
# runs with one line and writes nothing.
pg -c "CREATE SEQUENCE runs; CREATE TABLE refusals (upto bigint);
       CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS \$\$
       BEGIN IF nextval('runs') <= (SELECT upto FROM refusals) THEN
           RAISE EXCEPTION 'could not serialize access (test)' USING ERRCODE = 'serialization_failure'; END IF;
         RETURN NULL; END \$\$;
       CREATE TRIGGER refuse AFTER INSERT ON samples FOR EACH STATEMENT EXECUTE FUNCTION refuse();
       INSERT INTO refusals VALUES (2)" || fail "the refusing trigger"
printf 'id,longitude,latitude,sample_type,li2o_pct,lab\nR-1,7.7,10.4,soil,1,retried\n' >"$WORK/retried.csv"
expect_ok "an import the server refuses twice (40001) succeeds" "$LODE" import "$WORK/retried.csv" -l samples -p NG-LIP --s-srs EPSG:4326
expect_eq "psql: it ran 3 times, and wrote its sample once" "$(pg -c "SELECT last_value FROM runs"; pg -c "SELECT count(*) FROM samples WHERE id = 'R-1'")" "3
1"
pg -c "UPDATE refusals SET upto = 1000; ALTER SEQUENCE runs RESTART" || fail "refusing always"
printf 'id,longitude,latitude,sample_type,li2o_pct,lab\nR-2,7.7,10.4,soil,1,refused\n' >"$WORK/refused.csv"
rejected "an import the server refuses every time: one line after 8 runs" \
    "the server refused the transaction 8 times as conflicting with other writers" "SQLSTATE 40001" "nothing of it was written" -- \
    "$LODE" import "$WORK/refused.csv" -l samples -p NG-LIP --s-srs EPSG:4326
expect_eq "psql: it ran 8 times" "$(pg -c "SELECT last_value FROM runs")" 8
pg -c "DROP TRIGGER refuse ON samples" || fail "dropping the trigger"

echo "# $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
