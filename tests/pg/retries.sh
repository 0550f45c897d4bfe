#!/usr/bin/env bash
# lode sync, lode copy and lode checkout run again when the server refuses them as conflicting with
# other writers (SQLSTATE 40001/40P01), as imports and the register's commands do (issue 16). Each
# answer is read with psql on the server and the sqlite3 shell on a copy; how often the server
# refused a run is counted by a sequence of the refusing function (nextval is not rolled back).
# Runs under the pg_cluster fixture of tests/CMakeLists.txt (LODE_TEST_DB=postgresql).
source "$(dirname "$0")/../cli/lib.bash"
[ "$LODE_TEST_DB" = postgresql ] || { echo "skipped: run with LODE_TEST_DB=postgresql (tests/CMakeLists.txt)"; exit 77; }

createdb "$PG_DATABASE" || { echo "cannot create the test database"; exit 1; }
SERVER=$LODE_DB
export LODE_USER=kim
"$LODE" init >/dev/null && "$LODE" project add --from "$GEODATA/projects.csv" >/dev/null &&
    "$LODE" partner add --from "$GEODATA/partners.csv" >/dev/null &&
    "$LODE" import "$GEODATA/uzbekistan/uz_samples.csv" -l samples -p UZ-PEG --s-srs EPSG:4326 >/dev/null &&
    "$LODE" import "$GEODATA/tanzania/tz_licences.geojson" -l licences -p TZ-GRE >/dev/null &&
    "$LODE" milestone add --from "$GEODATA/milestones.csv" >/dev/null || { echo "cannot build the store"; exit 1; }

# --- sync: a row changed on the server after the sync read it -----------------------------------------
# The copy relogs sample UZ24-R-0003. A psql session changes the same sample's lab and holds its
# transaction open; the sync starts (it cannot see that change), decides to push the copy's version
# and waits for the row's lock; psql commits. Written over, the lab change would be lost without a
# conflict ever shown. The server refuses the sync's write instead (its transaction is REPEATABLE
# READ: "could not serialize access due to concurrent update", 40001); run again, the sync reads both
# sides afresh, finds the sample changed on both (a conflict, resolved here by --prefer field) and
# keeps the server's version in its history.
F="$WORK/field.sqlite"
"$LODE" checkout "$SERVER" --project UZ-PEG -o "$F" >/dev/null || { echo "cannot check out UZ-PEG"; exit 1; }
sqlite3 "$F" "UPDATE samples SET lithology = 'lepidolite pegmatite' WHERE id = 'UZ24-R-0003'"
pg_hold "BEGIN; UPDATE samples SET lab = 'office lab' WHERE id = 'UZ24-R-0003';" || fail "the psql session did not start its transaction"
"$LODE" sync "$F" --prefer field >"$WORK/sync.out" 2>&1 & syncing=$!
pg_wait_for "wait_event_type = 'Lock'" || fail "the sync did not wait for the row's lock"
pg_release
wait "$syncing"; rc=$?
expect_eq "sync: run again after the server refused it, it succeeds" "$rc" 0
expect_eq "sync: the second run found the psql change: a conflict, listed with the server's lab (its first could not see it)" \
    "$(grep -E '^(conflict|lab |lithology)' "$WORK/sync.out" | tr -s ' ')" \
    "conflict: samples UZ24-R-0003 (UZ-PEG): the field copy's version kept, the other kept in the server's history
lab ILLUSTRATIVE — not assayed (demo values) ILLUSTRATIVE — not assayed (demo values) office lab
lithology muscovite pegmatite lepidolite pegmatite muscovite pegmatite"
expect_eq "psql: the sample as the copy holds it (the copy preferred)" \
    "$(pg -c "SELECT lithology || ' / ' || lab FROM samples WHERE id = 'UZ24-R-0003'")" \
    "lepidolite pegmatite / ILLUSTRATIVE — not assayed (demo values)"
expect_eq "psql: the office's lab kept in the history, written over by the conflict's resolution (not silently)" \
    "$(pg -c "SELECT action || ' ' || coalesce(old->>'lab', '-') || ' ' || (note LIKE 'lode sync conflict: the field copy''s version%') FROM history WHERE key = 'UZ24-R-0003' AND action = 'update' ORDER BY id")" \
    "update ILLUSTRATIVE — not assayed (demo values) false
update office lab true"
expect_eq "sqlite3: the copy holds the same sample" "$(sqlite3 "$F" "SELECT lithology || ' / ' || lab FROM samples WHERE id = 'UZ24-R-0003'")" \
    "lepidolite pegmatite / ILLUSTRATIVE — not assayed (demo values)"

# --- copy: the filling of the new store refused twice -------------------------------------------------
# An event trigger puts a refusing trigger on the samples table of the stores the copies make: it
# raises 40001 while a counter is at most test_refusals.upto, and counts each refusal.
pg <<'SQL' >/dev/null || fail "the refusing triggers"
CREATE SEQUENCE public.test_runs; CREATE SEQUENCE public.test_refused;
CREATE TABLE public.test_refusals (upto int); INSERT INTO public.test_refusals VALUES (2);
CREATE FUNCTION public.test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  IF nextval('public.test_runs') <= (SELECT upto FROM public.test_refusals) THEN
    PERFORM nextval('public.test_refused');
    RAISE EXCEPTION 'could not serialize access (test)' USING ERRCODE = 'serialization_failure';
  END IF; RETURN NULL; END $$;
CREATE FUNCTION public.test_arm() RETURNS event_trigger LANGUAGE plpgsql AS $$ DECLARE c record; BEGIN
  FOR c IN SELECT * FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'CREATE TABLE'
                                                         AND object_identity IN ('copied.samples', 'refused.samples') LOOP
    EXECUTE format('CREATE TRIGGER test_refuse AFTER INSERT ON %s FOR EACH STATEMENT EXECUTE FUNCTION public.test_refuse()', c.object_identity);
  END LOOP; END $$;
CREATE EVENT TRIGGER test_arm ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION public.test_arm();
SQL
expect_ok "copy: the server refuses its filling twice, it succeeds" "$LODE" copy --from "$SERVER" --to "$SERVER?schema=copied"
expect_eq "psql: refused twice" "$(pg -c "SELECT last_value FROM test_refused")" 2
expect_eq "psql: the copy's samples, history entries and milestones as the original's" \
    "$(pg -c "SELECT (SELECT count(*) FROM copied.samples) || ' ' || (SELECT count(*) FROM copied.history) || ' ' || (SELECT count(*) FROM copied.milestones)")" \
    "$(pg -c "SELECT (SELECT count(*) FROM public.samples) || ' ' || (SELECT count(*) FROM public.history) || ' ' || (SELECT count(*) FROM public.milestones)")"
expect_eq "psql: the copy's samples' values as the original's" \
    "$(pg -c "SELECT string_agg(id || lithology || lab, ',' ORDER BY id) FROM copied.samples")" \
    "$(pg -c "SELECT string_agg(id || lithology || lab, ',' ORDER BY id) FROM public.samples")"
pg -c "UPDATE test_refusals SET upto = 1000000; ALTER SEQUENCE test_refused RESTART" || fail "refusing always"
# (the new store is made and filled in one transaction: nothing of it left, and the original
# untouched: its digest of public's rows)
before=$(pg_dump --data-only --schema=public "$PG_DATABASE" | grep -v -e '^--' -e 'pg_catalog.setval' -e '^\\\(un\)\?restrict ' | sha256sum)
expect_error "copy: refused every time: one line after 8 runs" 1 \
    "the server refused the transaction 8 times as conflicting with other writers (PostgreSQL: could not serialize access (test), SQLSTATE 40001); nothing of it was written" \
    "$LODE" copy --from "$SERVER" --to "$SERVER?schema=refused"
expect_eq "psql: the original store unchanged" \
    "$(pg_dump --data-only --schema=public "$PG_DATABASE" | grep -v -e '^--' -e 'pg_catalog.setval' -e '^\\\(un\)\?restrict ' | sha256sum)" "$before"
expect_eq "psql: it ran 8 times; no schema refused left" \
    "$(pg -c "SELECT last_value FROM test_refused"; pg -c "SELECT count(*) FROM pg_namespace WHERE nspname = 'refused'")" "8
0"
pg -c "DROP EVENT TRIGGER test_arm" || fail "dropping the event trigger"

# --- checkout: a reading refused twice (as a hot standby cancels one, 40001) ---------------------------
# As a partner's login (a superuser is bound by no policy): a restrictive policy on milestones
# raises 40001 while the counter is at most the limit.
R=uz_retry_${PG_DATABASE#lode_}
trap 'dropdb --if-exists --force "$PG_DATABASE" 2>/dev/null; psql -X -q -d postgres -c "DROP ROLE IF EXISTS $R" 2>/dev/null; rm -rf "$WORK"' EXIT
pg -c "CREATE ROLE $R LOGIN" && "$LODE" access grant "Ministry of Mining Industry and Geology of Uzbekistan (article: 'Uzbekistan Mining Geology Department')" --login "$R" >/dev/null ||
    { echo "cannot grant the partner"; exit 1; }
pg <<SQL >/dev/null || fail "the refusing policy"
UPDATE public.test_refusals SET upto = 2; ALTER SEQUENCE public.test_runs RESTART; ALTER SEQUENCE public.test_refused RESTART;
CREATE FUNCTION public.test_refuse_read() RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER AS \$\$ BEGIN
  IF nextval('public.test_runs') <= (SELECT upto FROM public.test_refusals) THEN
    PERFORM nextval('public.test_refused');
    RAISE EXCEPTION 'canceling statement due to conflict with recovery (test)' USING ERRCODE = 'serialization_failure';
  END IF; RETURN true; END \$\$;
CREATE POLICY test_refuse ON milestones AS RESTRICTIVE FOR SELECT TO $R USING (public.test_refuse_read());
SQL
P="$WORK/partner.sqlite"
expect_ok "checkout: its reading refused twice, it succeeds" "$LODE" checkout "postgresql://$R@$PGHOST:$PGPORT/$PG_DATABASE" --project UZ-PEG -o "$P"
expect_eq "psql: refused twice" "$(pg -c "SELECT last_value FROM test_refused")" 2
expect_eq "sqlite3: the copy's milestones and samples, as psql counts UZ-PEG's" \
    "$(sqlite3 "$P" "SELECT (SELECT count(*) FROM milestones) || ' ' || (SELECT count(*) FROM samples)")" \
    "$(pg -c "SELECT (SELECT count(*) FROM milestones WHERE project = 'UZ-PEG') || ' ' || (SELECT count(*) FROM samples WHERE project = 'UZ-PEG')")"
pg -c "UPDATE test_refusals SET upto = 1000000; ALTER SEQUENCE test_refused RESTART" || fail "refusing always"
expect_error "checkout: refused every time: one line after 8 runs" 1 "the server refused the transaction 8 times" \
    "$LODE" checkout "postgresql://$R@$PGHOST:$PGPORT/$PG_DATABASE" --project UZ-PEG -o "$WORK/never.sqlite"
expect_eq "psql: it ran 8 times; no file made (nor anything left beside it)" \
    "$(pg -c "SELECT last_value FROM test_refused"; ls "$WORK" | grep -c never)" "8
0"
finish
