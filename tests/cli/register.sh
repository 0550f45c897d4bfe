#!/usr/bin/env bash
# The register: licences, obligations, interests, terms, milestones, timeline and `lode due`,
# checked against hand-computed dates and sums; bad input leaves the store byte-for-byte as it was.
source "$(dirname "$0")/lib.bash"

new_store || { echo "cannot create the store"; exit 1; }
"$LODE" import "$GEODATA/tanzania/tz_licences.geojson" -l licences -p TZ-GRE >/dev/null || { echo "import failed"; exit 1; }
store_sum() { store_digest; }

# --- licences
expect_ok "licence update: grant dates" "$LODE" licence update ILL-TZ-002 --status granted --applied 2025-03-01 \
    --granted 2025-07-01 --expiry 2029-06-30
card=$("$LODE" licence show ILL-TZ-002)
[[ "$card" == *"expiry        2029-06-30"* && "$card" == *"status        granted"* && "$card" == *"applied       2025-03-01"* ]] \
    && pass "licence show: the updated dates and status" || fail "licence show lacks the update: $card"
# The card's area is the one `lode show` reads (same ellipsoidal measure).
card_area=$(awk '$1 == "area" { print $2 }' <<<"$card")
show_area=$("$LODE" show licences ILL-TZ-002 | awk '$1 == "area" { print $2 }')
expect_eq "licence show: area as lode show measures it" "$card_area" "$show_area"
expect_ok "licence add with an outline in WKT" "$LODE" licence add PL-NEW --project TZ-GRE --holder "KIGAM–GST" \
    --status application --accuracy illustrative --applied 2025-11-03 \
    --wkt "POLYGON((36.70 -8.70,36.75 -8.70,36.75 -8.65,36.70 -8.65,36.70 -8.70))"
expect_eq "licence add: the number defaults to the id" "$("$LODE" show licences PL-NEW --format json | grep -c '"licence_no": "PL-NEW"')" "1"

# --- obligations, from the demo table and by hand
expect_ok "obligation add --from the demo table" "$LODE" obligation add --from "$GEODATA/register_demo_obligations.csv"
out=$("$LODE" obligation add ILL-TZ-003 --kind rent --due 2024-01-31 --every-months 1 --amount 100 --currency usd)
id=$(awk '{ print $3 }' <<<"$out" | tr -d :)
out=$("$LODE" obligation done "$id" --on 2024-01-30)
[[ "$out" == *"due 2024-02-29"* ]] && pass "monthly rent anchored on the 31st: next due 2024-02-29" || fail "roll-over: $out"
next=$(awk '/next occurrence/ { print $4 }' <<<"$out")
out=$("$LODE" obligation done "$next" --on 2024-02-20)
[[ "$out" == *"due 2024-03-31"* ]] && pass "... and then 2024-03-31, back on the month end" || fail "second roll-over: $out"
expect_eq "obligation list --all: the series has three rows" \
    "$("$LODE" obligation list --licence ILL-TZ-003 --all --format csv | tail -n +2 | cut -d, -f5 | tr '\n' ' ')" \
    "2024-01-31 2024-02-29 2024-03-31 "

# --- interests
expect_ok "interest set --from the demo table" "$LODE" interest set --from "$GEODATA/register_demo_interests.csv"
out=$("$LODE" interest set --licence ILL-TZ-003 --partner KIGAM --role lead --pct 50)
[[ "$out" == *"licence ILL-TZ-003: interests sum to 50%, not 100%"* ]] && pass "interest set flags a sum of 50%" || fail "no flag: $out"
csv=$("$LODE" interest list --format csv 2>"$WORK/flags")
expect_eq "interest list --format csv: CSV only on stdout" "$(grep -c 'not 100' <<<"$csv")" "0"
expect_eq "interest list: the flag on stderr" "$(cat "$WORK/flags")" "licence ILL-TZ-003: interests sum to 50%, not 100%"
expect_eq "interest list: ILL-TZ-002 sums to 100 (60 + 40)" \
    "$(grep '^ILL-TZ-002' <<<"$csv" | awk -F, '{ s += $NF } END { print s }')" "100"
expect_ok "project interest" "$LODE" interest set --project AU-CMM --partner "Geoscience Australia" --pct 100
expect_eq "interest list --project AU-CMM" "$("$LODE" interest list --project AU-CMM --format csv | grep '^AU-CMM,Geoscience')" \
    "AU-CMM,Geoscience Australia,AU,research partner,100"

# --- due, counted from a fixed day: hand-computed days from 2026-11-24
csv=$("$LODE" due --today 2026-11-24 --within 60d --format csv 2>"$WORK/summary")
expect_eq "due: most urgent first, overdue flagged (CSV)" "$(cut -d, -f1-6 <<<"$csv")" "due,days,overdue,project,licence,kind
2024-03-31,-968,true,TZ-GRE,ILL-TZ-003,rent
2026-07-01,-146,true,TZ-GRE,ILL-TZ-002,rent
2026-12-15,21,false,TZ-GRE,ILL-TZ-001,other
2026-12-31,37,false,TZ-GRE,ILL-TZ-002,report"
expect_eq "due: the summary on stderr" "$(cat "$WORK/summary")" "4 items due within 60 days, 2 overdue (today: 2026-11-24)"
table=$("$LODE" due --today 2026-11-24 --within 60d)
[[ "$(tail -1 <<<"$table")" == "4 items due within 60 days, 2 overdue (today: 2026-11-24)" && "$table" == *OVERDUE* ]] \
    && pass "due (table): OVERDUE marks, summary after the table" || fail "due table: $table"
expect_eq "due --within 6m reaches past the licence's expiry? no: 2029" \
    "$("$LODE" due --today 2026-11-24 --within 6m --format csv 2>/dev/null | grep -c expiry)" "0"
expect_eq "due --within all: the expiry and the renewal three months before it" \
    "$("$LODE" due --today 2026-11-24 --within all --format csv 2>/dev/null | grep -E 'expiry|renewal' | cut -d, -f1,2,6)" \
    "2029-03-31,858,renewal
2029-06-30,949,expiry"
expect_eq "due --project NG-LIP: nothing" "$("$LODE" due --project NG-LIP --today 2026-11-24 --format csv 2>&1 >/dev/null)" \
    "0 items due within 90 days, 0 overdue (today: 2026-11-24)"
# Today is the local calendar date: 25 hours apart, Kiritimati (UTC+14) is ahead of Pago Pago (UTC-11).
kiri=$(TZ=Pacific/Kiritimati "$LODE" due --format csv 2>&1 >/dev/null | grep -o '[0-9-]\{10\}')
pago=$(TZ=Pacific/Pago_Pago "$LODE" due --format csv 2>&1 >/dev/null | grep -o '[0-9-]\{10\}')
days=$(( ($(date -ud "$kiri" +%s) - $(date -ud "$pago" +%s)) / 86400 ))
[[ $days -eq 1 || $days -eq 2 ]] && pass "today in Kiritimati ($kiri) is after today in Pago Pago ($pago)" || fail "TZ: $kiri vs $pago"

# --- surrender: outstanding obligations listed; those falling due after it leave `lode due`
out=$("$LODE" licence surrender ILL-TZ-001 --on 2026-12-01)
[[ "$out" == *"1 outstanding obligation"* && "$out" == *"2026-12-15"* ]] && pass "surrender lists the outstanding obligation" || fail "surrender: $out"
expect_eq "due: a surrendered licence's later obligation is no longer due" \
    "$("$LODE" due --today 2026-11-24 --within 60d --format csv 2>/dev/null | grep -c ILL-TZ-001)" "0"

# --- milestones, terms and the timeline (partial dates sort sensibly)
expect_ok "milestone add --from geodata/milestones.csv" "$LODE" milestone add --from "$GEODATA/milestones.csv"
expect_ok "term add --from geodata/terms.csv" "$LODE" term add --from "$GEODATA/terms.csv"
expect_ok "milestone add with a month only" "$LODE" milestone add UZ-PEG --date 2019-06 --title "Test milestone" --status planned
expect_eq "project timeline UZ-PEG: in date order" \
    "$("$LODE" project timeline UZ-PEG --format csv | tail -n +2 | cut -d, -f1-3 | tr '\n' ' ')" \
    "2019,MOU,done 2019-06,,planned 2024,preliminary investigation,done 2025-12-12,joint research,in preparation 2026-02-05,,planned "
timeline=$("$LODE" project timeline UZ-PEG)
[[ "$timeline" == *"[preliminary investigation]"* && "$timeline" == *"priority right"* && "$timeline" == *"[1] background article 004"*"004_b7379e6af165184b.txt"* ]] \
    && pass "timeline: current phase, the priority right, the source" || fail "timeline: $timeline"

# --- bad input: one line, exit 1 (2 for usage), the store as it was
before=$(store_sum)
expect_error "obligation due 2025-02-30" 1 "due date '2025-02-30' is not a valid date" \
    "$LODE" obligation add ILL-TZ-002 --kind rent --due 2025-02-30
expect_error "interest of 120%" 1 "an interest of 120% is outside 0 < interest <= 100" \
    "$LODE" interest set --licence ILL-TZ-002 --partner KIGAM --role lead --pct 120
expect_error "obligation on a missing licence" 1 "no licence 'ILL-TZ-009' in the licences layer (did you mean: ILL-TZ-00" \
    "$LODE" obligation add ILL-TZ-009 --kind rent --due 2026-01-01
expect_error "unknown partner" 1 "unknown partner 'Geoscience Astralia' (did you mean: Geoscience Australia?)" \
    "$LODE" interest set --licence ILL-TZ-002 --partner "Geoscience Astralia" --role "research partner"
expect_error "unknown project" 1 "unknown project 'UZ-PG' (did you mean: UZ-PEG?)" \
    "$LODE" milestone add UZ-PG --date 2019 --title x
expect_error "licence update: expiry before the grant" 1 "field 'expiry': 2024-01-01 is not after the grant date 2025-07-01" \
    "$LODE" licence update ILL-TZ-002 --expiry 2024-01-01
expect_error "licence add: a self-intersecting outline" 1 "invalid geometry: Self-intersection" \
    "$LODE" licence add PL-BAD --project TZ-GRE --holder x --status application --accuracy illustrative \
    --wkt "POLYGON((36.7 -8.7,36.8 -8.6,36.8 -8.7,36.7 -8.6,36.7 -8.7))"
expect_error "licence add: an existing id" 1 "licence 'ILL-TZ-002' already exists" \
    "$LODE" licence add ILL-TZ-002 --project TZ-GRE --holder x --status application --accuracy illustrative \
    --wkt "POLYGON((36.70 -8.70,36.75 -8.70,36.75 -8.65,36.70 -8.65,36.70 -8.70))"
expect_error "surrender twice" 1 "already surrendered on 2026-12-01" "$LODE" licence surrender ILL-TZ-001 --on 2026-12-02
printf 'project,date,title\nUZ-PEG,2020,fine row\nUZ-PEG,2025-02-30,bad row\n' >"$WORK/bad_milestones.csv"
expect_error "milestone table with a bad second row: nothing written" 1 "row 2: milestone of project 'UZ-PEG': date '2025-02-30'" \
    "$LODE" milestone add --from "$WORK/bad_milestones.csv"
expect_error "done twice" 1 "was already done on 2024-01-30" "$LODE" obligation done "$id"
expect_error "due --today 2025-02-30" 1 "--today: '2025-02-30' is not a valid date" "$LODE" due --today 2025-02-30
expect_error "due --within 9x" 2 "'9x' is not a span" "$LODE" due --within 9x
expect_error "obligation remove: unknown id" 1 "no obligation 999" "$LODE" obligation remove 999
expect_error "licence update with nothing to change" 2 "nothing to change" "$LODE" licence update ILL-TZ-002
expect_error "licence update: an unknown field" 1 "has no field 'expiri' (did you mean: expiry?)" \
    "$LODE" licence update ILL-TZ-002 --set expiri=2030-01-01
n_obl=$("$LODE" obligation list --all --format csv | awk -F, '$2 == "ILL-TZ-002"' | wc -l)
expect_error "delete of a licence the register speaks of (obligations and interests: refused, also as a dry run)" 1 \
    "licence 'ILL-TZ-002' has $n_obl obligations and 2 partner interests in the register: a licence given up is surrendered" \
    "$LODE" delete licences ILL-TZ-002 --dry-run
expect_error "... and for real" 1 "licence 'ILL-TZ-002' has $n_obl obligations" "$LODE" delete licences ILL-TZ-002
expect_eq "the store is byte-for-byte as it was" "$(store_sum)" "$before"
expect_ok "a licence without a register record is deleted" "$LODE" delete licences ILL-TZ-004

finish
