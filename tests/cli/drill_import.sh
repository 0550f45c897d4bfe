#!/usr/bin/env bash
# Downhole tables: lode import --surveys and --intervals (tests/data/drill, hand-written): common
# column names and --field, the drill checks (each refusal one line naming file, hole, depth and
# reason, the store unchanged), --dry-run listing every problem, dog-leg warnings and gaps listed.
source "$(dirname "$0")/lib.bash"
DRILL="$TESTDATA/drill"

new_store || { echo "cannot set up the store"; exit 1; }
expect_ok "collars imported" "$LODE" import "$DRILL/collars.csv" -l drillholes -p AU-CMM --s-srs EPSG:7850
expect_eq "the collar's elevation datum is kept" "$(field drillholes DH1 elev_datum)" "AHD"

# Refused: a survey beyond the hole's depth, a dip outside -90..90, a hole without a collar.
rejected "a survey beyond the hole's depth" "surveys_bad.csv: feature 1 (id 'DH1'): field 'surveys': hole 'DH1' at 150 m: survey at 150 m is beyond the hole's depth 100 m" \
    "(and 2 more problems in 2 features" -- "$LODE" import "$DRILL/surveys_bad.csv" --surveys
out=$("$LODE" import "$DRILL/surveys_bad.csv" --surveys --dry-run --format csv); status=$?
expect_eq "the dry run fails" "$status" "1"
expect_eq "the dry run lists every problem" "$(tail -n +2 <<<"$out" | wc -l | tr -d ' ')" "3"
grep -q "is not in layer .*,DH9," <<<"$out" && pass "a hole without a collar is named" || fail "a hole without a collar is named: $out"
grep -q "dip -95 is outside -90..90" <<<"$out" && pass "a dip below -90 is refused" || fail "a dip below -90 is refused: $out"
expect_eq "nothing was written" "$(history_json drill_surveys | jq length)" "0"

# Imported: the columns found by their common names; the dog-leg of DH2 between 60 m and 120 m
# (dip -60 -> -55, azimuth 90 -> 100): beta = acos(cos 5° - sin 30° sin 35° (1 - cos 10°)) = 7.3255°,
# over 60 m = 3.6628° per 30 m, above the default limit of 3.
out=$("$LODE" import "$DRILL/surveys.csv" --surveys)
expect_eq "surveys imported" "$(head -1 <<<"$out")" \
    "imported $DRILL/surveys.csv into the surveys of 2 holes: 5 read, 5 written in $(sed -n 's/.* written in \(.*\) s$/\1/p' <<<"$out") s"
expect_eq "columns found by their common names" "$(sed -n 2p <<<"$out")" \
    "columns: HoleID → hole, Depth → depth, Azi → azimuth, Dip → dip, Method → method, Date → surveyed_on"
expect_eq "the dog-leg warned of" "$(grep '^warning' <<<"$out")" \
    "warning: hole 'DH2' surveys at 120 m: dog-leg severity 3.66 degrees per 30 m above the limit of 3"
expect_eq "no warning with a limit of 4" "$("$LODE" import "$DRILL/surveys.csv" --surveys --dogleg-limit 4 --dry-run 2>/dev/null | grep -c '^warning')" "0"
expect_eq "the surveys recorded" "$(history_json drill_surveys | jq -r '[.[] | .what] | join(" ")')" \
    "drill_surveys:DH1/0.0 drill_surveys:DH1/50.0 drill_surveys:DH2/0.0 drill_surveys:DH2/60.0 drill_surveys:DH2/120.0"
rejected "the same stations again" "'DH1'" "at 0 m: a second survey station at 0 m" -- "$LODE" import "$DRILL/surveys.csv" --surveys

# --field maps other names, --set gives one value to all.
rejected "an unmapped column" "field 'hole'" -- "$LODE" import "$DRILL/surveys_mapped.csv" --surveys
expect_ok "--field and --set" "$LODE" import "$DRILL/surveys_mapped.csv" --surveys --field hole=BH --field depth=AT_M \
    --field azimuth=BRG --field dip=INC --set method=multishot
expect_eq "the mapped station, as recorded" "$(history_json drill_surveys | jq -r '.[-1] | "\(.what) \(.new.depth) \(.new.azimuth) \(.new.dip) \(.new.method)"')" \
    "drill_surveys:DH1/80.0 80 0 -89.5 multishot"

# Intervals: fields kept (numbers as numbers), gaps listed; overlaps and from >= to refused.
out=$("$LODE" import "$DRILL/intervals.csv" --intervals --table assays)
expect_eq "intervals imported" "$(head -1 <<<"$out" | sed 's/ in [0-9.]* s$//')" \
    "imported $DRILL/intervals.csv into interval table assays of 2 holes: 4 read, 4 written"
expect_eq "the fields kept" "$(sed -n 2p <<<"$out")" "columns: hole → hole, from → from, to → to, lith → fields, sample_id → fields, li2o_pct → fields"
expect_eq "the gap listed" "$(sed -n '3,$p' <<<"$out")" "1 gap (allowed):
  hole 'DH1' assays at 10 m: gap from 10 m to 12 m"
rejected "overlapping intervals" "intervals_bad.csv: feature 1 (id 'DH1'): field 'assays': hole 'DH1' at 48 m: interval 48 m-55 m overlaps 40 m-50 m" "(and 2 more problems in 2 features" -- \
    "$LODE" import "$DRILL/intervals_bad.csv" --intervals --table assays
out=$("$LODE" import "$DRILL/intervals_bad.csv" --intervals --table assays --dry-run --format json)
expect_eq "from >= to and beyond the depth, listed" "$(jq -r '[.[] | .["first ids"] + " " + .problem] | join("; ")' <<<"$out")" \
    "DH1 hole '…' at 48 m: interval 48 m-55 m overlaps 40 m-50 m; DH1 hole '…' at 105 m: interval ends at 105 m, beyond the hole's depth 100 m; DH2 hole '…' at 70 m: from 70 m is not above to 65 m"
# Another interval table of the same hole may overlap the first.
expect_ok "a lithology table over the assays" "$LODE" import "$DRILL/intervals.csv" --intervals --table lithology

# Usage errors.
expect_error "--layer is required without --surveys" 2 "--layer is required" "$LODE" import "$DRILL/surveys.csv"
expect_error "--surveys excludes --layer" 2 "excludes" "$LODE" import "$DRILL/surveys.csv" --surveys -l drillholes
expect_error "--table needs --intervals" 2 "--table" "$LODE" import "$DRILL/surveys.csv" --surveys --table x

finish
