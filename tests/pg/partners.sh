#!/usr/bin/env bash
# A partner's imports under row-level security (issue 16): a partner's login with write access
# imports assay results (--assays) and downhole surveys and intervals into its own programme's
# samples and holes, and is refused — in one line, nothing written — for another programme's, also
# where it may read them but not change them. Every count is checked with the owner's psql (the
# server's own answer) against the rows of the files written here (counted beside them); psql as
# the partner shows the server, not lode, refusing the other programme's rows.
# Runs under the pg_cluster fixture of tests/CMakeLists.txt (LODE_TEST_DB=postgresql).
source "$(dirname "$0")/../cli/lib.bash"
source "$(dirname "$0")/programmes.bash"
[ "$LODE_TEST_DB" = postgresql ] || { echo "skipped: run with LODE_TEST_DB=postgresql (tests/CMakeLists.txt)"; exit 77; }

createdb "$PG_DATABASE" || { echo "cannot create the test database"; exit 1; }
B=ng_editor_${PG_DATABASE#lode_}   # the Nigerian agency's login (write, NG-LIP)
trap 'dropdb --if-exists --force "$PG_DATABASE" 2>/dev/null; psql -X -q -d postgres -c "DROP ROLE IF EXISTS $B" 2>/dev/null; rm -rf "$WORK"' EXIT
as() { local who=$1; shift; PGUSER=$who psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$PG_DATABASE" "$@"; }
B_URL="postgresql://$B@$PGHOST:$PGPORT/$PG_DATABASE"
as_b() { env LODE_DB="$B_URL" "$LODE" "$@"; }
# The owner's view of what a refused import must leave as it was.
state() { pg -c "SELECT (SELECT count(*) FROM assay_results) || ' ' || (SELECT count(*) FROM drill_surveys) || ' ' ||
                        (SELECT count(*) FROM drill_intervals) || ' ' || (SELECT count(*) FROM imports) || ' ' || (SELECT count(*) FROM history)"; }

# Two programmes: TZ-GRE with samples T1, T2 and hole TH1; NG-LIP with samples N1, N2 and holes NH1, NH2.
printf 'id,longitude,latitude,sample_type\nT1,35.01,-6.01,soil\nT2,35.02,-6.02,soil\n' >"$WORK/tz.csv"
printf 'id,longitude,latitude,sample_type\nN1,8.01,10.01,soil\nN2,8.02,10.02,soil\n' >"$WORK/ng.csv"
printf 'hole_id,longitude,latitude,drill_type,depth_m,azimuth_deg,dip_deg\nTH1,35.1,-6.1,RC,60,0,-90\n' >"$WORK/tz_collars.csv"
printf 'hole_id,longitude,latitude,drill_type,depth_m,azimuth_deg,dip_deg\nNH1,8.1,10.1,RC,80,0,-90\nNH2,8.2,10.2,diamond,100,90,-60\n' >"$WORK/ng_collars.csv"
export LODE_USER=owner
two_programmes &&
    "$LODE" import "$WORK/tz.csv" -l samples -p TZ-GRE --s-srs EPSG:4326 >/dev/null &&
    "$LODE" import "$WORK/ng.csv" -l samples -p NG-LIP --s-srs EPSG:4326 >/dev/null &&
    "$LODE" import "$WORK/tz_collars.csv" -l drillholes -p TZ-GRE --s-srs EPSG:4326 >/dev/null &&
    "$LODE" import "$WORK/ng_collars.csv" -l drillholes -p NG-LIP --s-srs EPSG:4326 >/dev/null ||
    { echo "cannot build the store"; exit 1; }
pg -c "CREATE ROLE $B LOGIN" || { echo "cannot make the role"; exit 1; }
expect_ok "grant B write access to NG-LIP" "$LODE" access grant "Nigerian Geological Survey Agency" --login "$B" --project NG-LIP --write

# --- B's own programme: assay results, surveys, intervals --------------------------------------------
# 2 samples x 2 analytes = 4 results; 2 + 2 survey stations; 3 intervals.
printf 'SampleID,Au_ppb,Cu_ppm\nN1,12,45\nN2,<5,30\n' >"$WORK/ng_lab.csv"
printf 'HoleID,Depth,Azi,Dip\nNH1,0,0,-90\nNH1,50,0,-89\nNH2,0,90,-60\nNH2,60,91,-58\n' >"$WORK/ng_surveys.csv"
printf 'hole,from,to,lith\nNH1,0,10,laterite\nNH1,10,40,pegmatite\nNH2,0,25,schist\n' >"$WORK/ng_intervals.csv"
expect_ok "B imports NG-LIP's assay results" as_b import "$WORK/ng_lab.csv" --assays --sample-field SampleID --user Ngozi
expect_eq "owner's psql: 4 results of N1, N2 (Au 12 ppb, Cu 45 ppm of N1)" \
    "$(pg -c "SELECT count(*) || ' ' || string_agg(DISTINCT sample, ',') || ' ' || max(original) FILTER (WHERE sample = 'N1' AND analyte = 'Au') || ' ' ||
                     max(original) FILTER (WHERE sample = 'N1' AND analyte = 'Cu') FROM assay_results")" "4 N1,N2 12 45"
expect_eq "owner's psql: their history entries carry B's login and lode's user" \
    "$(pg -c "SELECT count(*) || ' ' || string_agg(DISTINCT login || '/' || \"user\", ',') FROM history WHERE tbl = 'assay_results' AND action = 'insert'")" "4 $B/Ngozi"
expect_ok "B imports NG-LIP's surveys" as_b import "$WORK/ng_surveys.csv" --surveys
expect_ok "B imports NG-LIP's intervals" as_b import "$WORK/ng_intervals.csv" --intervals --table lithology
expect_eq "owner's psql: 4 survey stations, 3 intervals, as the files have them" \
    "$(pg -c "SELECT (SELECT count(*) || ':' || sum(depth) FROM drill_surveys) || ' ' || (SELECT count(*) || ':' || string_agg(fields ->> 'lith', ',' ORDER BY hole, depth_from) FROM drill_intervals)")" \
    "4:110 3:laterite,pegmatite,schist"
expect_eq "owner's psql: the import logged under NG-LIP, its 4 result entries linked to it" \
    "$(pg -c "SELECT i.project || ' ' || (SELECT count(*) FROM history h WHERE h.tbl = 'assay_results' AND h.import = i.id) FROM imports i WHERE i.source LIKE '%ng_lab.csv'")" "NG-LIP 4"
expect_eq "lode as B lists N1's results" "$(as_b assay list N1 --format json | jq -r '[.[] | .analyte + "=" + .["as written"]] | sort | join(" ")')" "Au=12 Cu=45"
expect_eq "lode as B: the 4 results' history entries" "$(as_b history --format json | jq '[.[] | select(.what | startswith("assay_results:N"))] | length')" 4

# --- another programme's: refused in one line, nothing written --------------------------------------
before=$(state)
printf 'SampleID,Ag_ppm\nN1,1.5\nT1,2.5\n' >"$WORK/mixed_lab.csv"
expect_error "B's assays of TZ-GRE's sample: refused, naming it" 1 "1 sample id is not in layer 'samples': T1; nothing was written" \
    as_b import "$WORK/mixed_lab.csv" --assays --sample-field SampleID
printf 'HoleID,Depth,Azi,Dip\nTH1,0,0,-90\n' >"$WORK/tz_surveys.csv"
out=$(as_b import "$WORK/tz_surveys.csv" --surveys 2>&1); rc=$?
expect_eq "B's survey of TZ-GRE's hole: refused (exit 1, one line naming TH1)" "$rc $(wc -l <<<"$out") $(grep -c "TH1" <<<"$out")" "1 1 1"
expect_eq "owner's psql: nothing written (results, surveys, intervals, imports, history)" "$(state)" "$before"
# B may read TZ-GRE (as the Tanzanian survey, read only) but not change it.
expect_ok "grant B read access to TZ-GRE as the Tanzanian survey" "$LODE" access grant "Tanzania Geological Survey" --login "$B"
before=$(state)   # the grant's own history entry added
expect_error "B's assays of a sample it may only read: refused, naming it" 1 \
    "the Ag result of sample 'T1' (layer 'samples') is in a project login '$B' may not change" \
    as_b import "$WORK/mixed_lab.csv" --assays --sample-field SampleID
printf 'hole,from,to,lith\nNH2,25,30,schist\nTH1,0,5,graphite schist\n' >"$WORK/mixed_intervals.csv"
expect_error "B's interval of a hole it may only read: refused, naming it" 1 \
    "the lithology interval of hole 'TH1' from 0 m is in a project login '$B' may not change" \
    as_b import "$WORK/mixed_intervals.csv" --intervals --table lithology
expect_error "B's survey of a hole it may only read: refused, naming it" 1 "the survey of hole 'TH1' at 0 m" \
    as_b import "$WORK/tz_surveys.csv" --surveys
expect_eq "owner's psql: still nothing written" "$(state)" "$before"
# The server, not lode, refuses it: psql as B.
if as "$B" -c "INSERT INTO assay_results (layer, sample, analyte, value, unit, qualifier, original) VALUES ('samples', 'T1', 'Au_ppb', 40, 'ppb', '=', '40')" 2>"$WORK/err"; then
    fail "psql as B inserted a result of TZ-GRE's T1"
else expect_eq "psql as B: the server refuses T1's result" "$(grep -c 'row-level security' "$WORK/err")" 1; fi
expect_eq "psql as B: it reads TZ-GRE's samples (its read grant)" "$(as "$B" -c "SELECT count(*) FROM samples WHERE project = 'TZ-GRE'")" 2

finish
