#!/usr/bin/env bash
# lode intercepts: length-weighted composites of an interval field above a cut-off, against the
# table composited by hand in tests/unit/test_intercepts.cpp (tests/data/drill/assays_t1.csv: the
# cut-off met exactly at 4-6 m, 2 m of dilution taken at 6-8 and 14-16 m and 3 m refused at 10-13 m,
# an unassayed metre and a missing one ending intercepts, a below-limit "<0.01" read as no value).
source "$(dirname "$0")/lib.bash"
DRILL="$TESTDATA/drill"

new_store || { echo "cannot set up the store"; exit 1; }
"$LODE" import "$DRILL/collars.csv" -l drillholes -p AU-CMM --s-srs EPSG:7850 >/dev/null || { echo "cannot import the collars"; exit 1; }
"$LODE" import "$DRILL/assays_t1.csv" --intervals --table assays >/dev/null || { echo "cannot import the assays"; exit 1; }

# 2-10: (1.0*2 + 0.5*2 + 0.3*2 + 1.2*2) / 8 = 0.75; 13-17: (0.9 + 0.4*2 + 0.7) / 4 = 0.60;
# 20-22: 2.00 (22-23 not assayed ends it); 23-27: (0.6 + 0.6) / 4 < 0.5, each metre alone too short; 28-30: 1.50.
expect_eq "intercepts at 0.5, 2 m at least, 2 m of dilution at most" \
    "$("$LODE" intercepts --field li2o_pct --cutoff 0.5 --min-length 2 --max-dilution 2 --format csv)" \
    "hole,project,from_m,to_m,length_m,grade,field,intercept,width
DH1,AU-CMM,2,10,8,0.75,li2o_pct,DH1: 8.0 m @ 0.75 from 2.0 m,down-hole width
DH1,AU-CMM,13,17,4,0.6,li2o_pct,DH1: 4.0 m @ 0.60 from 13.0 m,down-hole width
DH1,AU-CMM,20,22,2,2,li2o_pct,DH1: 2.0 m @ 2.00 from 20.0 m,down-hole width
DH1,AU-CMM,28,30,2,1.5,li2o_pct,DH1: 2.0 m @ 1.50 from 28.0 m,down-hole width"
# Inclusions at 1.0 inside 2-10: 2-4 (1.0) and 8-10 (1.2), kept apart by 4 m below 1.0 (more than
# 2 m of dilution); 20-22 and 28-30 are whole at 1.0, so no inclusion; 13-17 has none at 1.0.
expect_eq "inclusions at a higher cut-off" \
    "$("$LODE" intercepts --field li2o_pct --cutoff 0.5 --min-length 2 --max-dilution 2 --include-cutoff 1 --format json | jq -r '[.[].intercept] | join("; ")')" \
    "DH1: 8.0 m @ 0.75 from 2.0 m, incl. 2.0 m @ 1.00 from 2.0 m, incl. 2.0 m @ 1.20 from 8.0 m; DH1: 4.0 m @ 0.60 from 13.0 m; DH1: 2.0 m @ 2.00 from 20.0 m; DH1: 2.0 m @ 1.50 from 28.0 m"
# Grade x length: 2-10 6.0, 13-17 2.4, 20-22 4.0, 28-30 3.0; at least 3 keeps 28-30 at the edge.
expect_eq "at least 3 grade-metres" \
    "$("$LODE" intercepts --field li2o_pct --cutoff 0.5 --min-length 2 --max-dilution 2 --min-grade-length 3 --format csv | cut -d, -f8 | tail -n +2 | tr '\n' ';')" \
    "DH1: 8.0 m @ 0.75 from 2.0 m;DH1: 2.0 m @ 2.00 from 20.0 m;DH1: 2.0 m @ 1.50 from 28.0 m;"
expect_error "an include cut-off not above the cut-off" 2 "--include-cutoff" "$LODE" intercepts --field li2o_pct --cutoff 0.5 --include-cutoff 0.5
# The 24-26 "<0.01" is no value, which ends 23-24 where a 0 would have been dilution: with 2 m of
# dilution and no least length, 23-24 and 26-27 stay apart.
expect_eq "no dilution: each run alone" \
    "$("$LODE" intercepts --field li2o_pct --cutoff 0.5 --format json | jq -r '[.[].intercept] | join("; ")')" \
    "DH1: 4.0 m @ 0.75 from 2.0 m; DH1: 2.0 m @ 1.20 from 8.0 m; DH1: 1.0 m @ 0.90 from 13.0 m; DH1: 1.0 m @ 0.70 from 16.0 m; DH1: 2.0 m @ 2.00 from 20.0 m; DH1: 1.0 m @ 0.60 from 23.0 m; DH1: 1.0 m @ 0.60 from 26.0 m; DH1: 2.0 m @ 1.50 from 28.0 m"
expect_eq "the table's summary" "$("$LODE" intercepts --field li2o_pct --cutoff 1.5 | tail -1)" \
    "2 intercepts of li2o_pct >= 1.5 (at least 0 m, at most 0 m of dilution)"
expect_eq "another table has none" "$("$LODE" intercepts --field li2o_pct --cutoff 0.5 --table lithology --format json)" "[]"
expect_error "an unknown hole" 1 "has no hole 'DH7'" "$LODE" intercepts --field li2o_pct --cutoff 0.5 --holes DH7
expect_error "--cutoff is required" 2 "--cutoff" "$LODE" intercepts --field li2o_pct

# DH2 dips -60 (its collar, no surveys): its widths are down-hole, not true.
printf 'hole,from,to,li2o_pct\nDH2,0,10,1.0\n' >"$WORK/dh2.csv"
"$LODE" import "$WORK/dh2.csv" --intervals --table assays >/dev/null || fail "cannot import DH2's interval"
expect_eq "an inclined hole's width note" "$("$LODE" intercepts --field li2o_pct --cutoff 0.5 --holes DH2 --format json | jq -r '.[0].width')" \
    "down-hole width; hole dips -60°: true width unknown without the body's attitude (equal for a body normal to the hole)"
# --analyte: grades from the assay results of the intervals' samples. S1 1.2 %, S2 below 0.01 % (half
# the limit, 0.005, by the documented substitution), S3 0.8 %: 0-6 with 2 m of dilution is
# (1.2 x 2 + 0.005 x 2 + 0.8 x 2) / 6 = 4.01 / 6 = 0.668; had the below-limit result been no value,
# it would have ended the intercept at 2 m.
printf 'SampleID,Easting,Northing,Type,Li2O_%%\nS1,696041,7669511,core,1.2\nS2,696041,7669511,core,<0.01\nS3,696041,7669511,core,0.8\n' >"$WORK/core.csv"
"$LODE" import "$WORK/core.csv" -l samples -p AU-CMM --s-srs EPSG:7850 --field sample_type=Type >/dev/null || fail "cannot import the core samples"
printf 'hole,from,to,sample_id\nDH1,0,2,S1\nDH1,2,4,S2\nDH1,4,6,S3\n' >"$WORK/core_iv.csv"
"$LODE" import "$WORK/core_iv.csv" --intervals --table core >/dev/null || fail "cannot import the core intervals"
expect_eq "grades from the samples' assay results" \
    "$("$LODE" intercepts --analyte Li2O_pct --cutoff 0.5 --max-dilution 2 --table core --format csv | cut -d, -f6-8 | tail -n +2)" \
    "0.67,Li2O_pct,DH1: 6.0 m @ 0.67 from 0.0 m"
expect_error "--field or --analyte" 2 "--analyte" "$LODE" intercepts --cutoff 0.5
finish
