#!/usr/bin/env bash
# The register's changes reach the history like any other: obligations done and rolled over,
# licence updates and surrenders, interests and milestones — by lode (with --user/--note) and by
# plain sqlite3 or psql (attributed to "external", or on PostGIS to the database login). Expected
# lines are written out by hand.
source "$(dirname "$0")/lib.bash"

export LODE_NOW=2025-12-01T08:00:00Z   # the set-up, before the changes listed below
new_store || { echo "cannot create the store"; exit 1; }
"$LODE" import "$GEODATA/tanzania/tz_licences.geojson" -l licences -p TZ-GRE >/dev/null || { echo "import failed"; exit 1; }
unset LODE_NOW
external_available || { echo "sqlite3 or psql missing"; exit 1; }
since=2026-01-01T00:00:00Z

LODE_NOW=2026-01-02T09:00:00Z "$LODE" obligation add ILL-TZ-002 --kind rent --due 2026-01-31 --every-months 1 \
    --amount 100 --currency USD --user amina >/dev/null
LODE_NOW=2026-01-03T09:00:00Z "$LODE" obligation done 1 --on 2026-01-30 --user amina --note "paid at the cadastre" >/dev/null
LODE_NOW=2026-01-04T09:00:00Z "$LODE" licence update ILL-TZ-001 --status granted --granted 2026-01-04 --user "김지우" >/dev/null
LODE_NOW=2026-01-05T09:00:00Z "$LODE" interest set --licence ILL-TZ-002 --partner KIGAM --role lead --pct 60 --user amina >/dev/null
LODE_NOW=2026-01-06T09:00:00Z "$LODE" milestone add TZ-GRE --date 2026-01 --title "Field season opened" --user amina >/dev/null
LODE_NOW=2026-01-07T09:00:00Z "$LODE" licence surrender ILL-TZ-003 --on 2026-01-07 --user amina --note "relinquished" >/dev/null
# An edit by another program (the plain sqlite3 shell, or psql): the point of this step.
external "UPDATE obligations SET amount = 120 WHERE id = 2" >/dev/null

rows() { "$LODE" history "$@" --since "$since" --format csv | tail -n +2 | cut -d, -f2-5; }

expect_eq "obligation added, done and rolled over; then edited outside lode" "$(rows obligations)" \
"amina,insert,obligations:1,amount=100.0; anchor_day=31; currency=USD; due=2026-01-31; every_months=1; id=1; kind=rent; licence=ILL-TZ-002
amina,update,obligations:1,done: null → 2026-01-30
amina,insert,obligations:2,amount=100.0; anchor_day=31; currency=USD; due=2026-02-28; every_months=1; id=2; kind=rent; licence=ILL-TZ-002
$EXTERNAL_USER,update,obligations:2,amount: 100.0 → 120.0"

expect_eq "licence update and surrender, old → new" "$(rows licences)" \
"김지우,update,licences:ILL-TZ-001,granted: null → 2026-01-04; status: application → granted
amina,update,licences:ILL-TZ-003,status: application → surrendered; surrendered: null → 2026-01-07"

expect_eq "the note of the surrender" "$("$LODE" history licences:ILL-TZ-003 --since "$since" --format csv | tail -n 1 | awk -F, '{ print $(NF-1) }')" "relinquished"
expect_eq "interest and milestone recorded" "$(rows licence_partners | cut -d, -f1-2; rows milestones | cut -d, -f1-2)" \
"amina,insert
amina,insert"
finish
