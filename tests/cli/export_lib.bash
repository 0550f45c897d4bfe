# Helpers shared by the export tests (sourced after lib.bash, not run).

# demo_store: the shipped programmes and partners with every file of geodata/imports.txt imported,
# as tools/demo does.
demo_store() {
    new_store || return 1
    local file layer project options
    while read -r file layer project options; do
        case "$file" in '' | '#'*) continue ;; esac
        # shellcheck disable=SC2086 # options are words by design
        "$LODE" import "$GEODATA/$file" --layer "$layer" --project "$project" $options >/dev/null || return 1
    done <"$GEODATA/imports.txt"
}

# layers_of PROJECT: the layers that hold features of PROJECT, one a line.
layers_of() {
    "$LODE" layers --format json | jq -r --arg p "$1" '.[] | select(.projects | split(";") | index($p)) | .layer'
}

# skip REASON: the test cannot run here; ctest counts exit 77 as skipped.
skip() {
    echo "SKIPPED: $*"
    exit 77
}

# The acceptance checks of ../shared/checks (validators, QGIS), when they are there.
CHECKS="${LODE_SHARED_DIR:-$LODE_SOURCE_DIR/../shared}/checks"
