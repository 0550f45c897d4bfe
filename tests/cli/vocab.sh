#!/usr/bin/env bash
# lode vocab: a store extends its vocabularies (phases, roles) as it extends its kinds; the values it
# added are checked (duplicates, the vocabulary's name), kept in the store (lode vocab list reads them),
# recorded in the history, and taken by project add --phase, partner add --role and the register.
source "$(dirname "$0")/lib.bash"

new_store || { echo "cannot set up the store"; exit 1; }

# Before: a company's phase and role are refused, naming what is allowed.
rejected "an unknown phase is refused" "phase 'pre-feasibility' is not one of: MOU," -- \
    "$LODE" project add CO-LI --name "Company lithium" --countries UZ --phase pre-feasibility
rejected "an unknown role is refused" "role 'offtaker' is not one of" -- \
    "$LODE" partner add "Offtake Co" --project UZ-PEG --role offtaker

expect_ok "vocab add phases" "$LODE" vocab add phases "pre-feasibility"
expect_ok "vocab add roles (two at once)" "$LODE" vocab add roles offtaker "drilling contractor"
expect_eq "the values the store added" \
    "$("$LODE" vocab list --format json | jq -r '[.[] | select(.origin == "added") | .vocabulary + ":" + .value] | join(" ")')" \
    "phases:pre-feasibility roles:offtaker roles:drilling contractor"

# Refused: a duplicate (without case, built-in or added), a misspelt vocabulary, nothing written.
rejected "a built-in value again" "phases has 'exploration' already" -- "$LODE" vocab add phases Exploration
rejected "an added value again" "roles has 'offtaker' already" -- "$LODE" vocab add roles OFFTAKER
rejected "a misspelt vocabulary" "unknown vocabulary 'rols' (did you mean 'roles'?)" -- "$LODE" vocab add rols lender
rejected "all or none" "roles has 'lender' already" -- "$LODE" vocab add roles lender Lender
expect_error "vocab add without a value" 2 "VALUE" "$LODE" vocab add phases

# After: the commands take them.
expect_ok "project add --phase pre-feasibility" "$LODE" project add CO-LI --name "Company lithium" --countries UZ --phase Pre-Feasibility
expect_eq "the phase as the vocabulary spells it" "$("$LODE" project show CO-LI --format json | jq -r .phase)" "pre-feasibility"
expect_ok "partner add --role offtaker" "$LODE" partner add "Offtake Co" --project CO-LI --role offtaker --country KR
expect_eq "the role" "$("$LODE" partner list --project CO-LI --format json | jq -r '.[].role')" "offtaker"
expect_ok "milestone add --phase pre-feasibility" "$LODE" milestone add CO-LI --date 2026-03 --title "Scoping study" --phase pre-feasibility

# lode vocab list: built-in (project_phases() in src/lode/store/store.cpp: 9) and added, in CSV and JSON.
expect_eq "vocab list phases: 9 built-in and 1 added" \
    "$("$LODE" vocab list phases --format csv | tail -n +2 | cut -d, -f3 | sort | uniq -c | tr -s ' ' | tr '\n' ';')" " 1 added; 9 built-in;"
expect_eq "vocab list --format json: the added roles" \
    "$("$LODE" vocab list roles --format json | jq -r '[.[] | select(.origin == "added") | .value] | join(",")')" "offtaker,drilling contractor"
expect_error "vocab list of an unknown vocabulary" 1 "did you mean 'phases'" "$LODE" vocab list phase_s

# The history records each value added, with who and why.
expect_eq "history of vocabularies" \
    "$(history_json vocabularies | jq -r '[.[] | .action + " " + (.what | sub("^vocabularies:"; ""))] | join("; ")')" \
    "insert phases/pre-feasibility; insert roles/offtaker; insert roles/drilling contractor"
expect_eq "lode history vocabularies" "$("$LODE" history vocabularies --format json | jq length)" "3"

finish
