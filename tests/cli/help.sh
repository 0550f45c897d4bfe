#!/usr/bin/env bash
# lode --help and every (sub)command's --help exit 0 and show an example. The commands are read from
# the "Subcommands:" section of each help text, so that a new command is checked automatically.
source "$(dirname "$0")/lib.bash"

# subcommands HELP_TEXT: the names listed under "Subcommands:" (two-space indent, then the name).
subcommands() {
    awk '/^Subcommands:/ { in_list = 1; next }
         in_list && /^[^ ]/ { in_list = 0 }
         in_list && /^  [a-z]/ { print $1 }' <<<"$1"
}

# check_help WORD...: `lode WORD... --help` exits 0 and contains "Example", then the same for each
# of its subcommands.
found=()
check_help() {
    local name="lode${*:+ $*} --help" help rc
    help=$("$LODE" "$@" --help 2>&1); rc=$?
    [ $# -eq 0 ] || found+=("$*")
    if [ "$rc" -ne 0 ]; then fail "$name: exit $rc: $help"
    elif [[ "$help" != *Example* ]]; then fail "$name: no 'Example' in: $help"
    else pass "$name"; fi
    local sub
    for sub in $(subcommands "$help"); do check_help "$@" "$sub"; done
}

check_help

# The commands lode has today must be among those found, so that a broken parser cannot pass
# by finding nothing.
all=$(printf '%s\n' "${found[@]}")
for expected in init import layers show project "project add" "project list" "project show" \
    partner "partner add" "partner list" info "project timeline" licence "licence add" "licence show" \
    "licence update" "licence surrender" obligation "obligation add" "obligation list" "obligation done" \
    "obligation remove" interest "interest set" "interest list" term "term add" "term list" milestone \
    "milestone add" "milestone list" due; do
    grep -qxF "$expected" <<<"$all" && pass "'$expected' is listed" || fail "'$expected' is not listed in the help texts"
done
echo "# commands found: $(IFS=,; echo "${found[*]}")"

finish
