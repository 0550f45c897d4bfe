#!/usr/bin/env bash
# The hostile-input corpus (tests/data/hostile/make.sh, written into a temporary folder) and hostile
# options and stores: each is refused with exit status 1 (2 for a usage error), exactly one line on
# stderr that has no control characters and says what expected.tsv (or the case) says, and the
# store's bytes unchanged (sha256 before and after).
source "$(dirname "$0")/lib.bash"
HOSTILE="$TESTDATA/hostile"
CORPUS="$WORK/corpus"

new_store || { echo "cannot create the store"; exit 1; }
bash "$HOSTILE/make.sh" "$CORPUS" "$GEODATA" || { echo "cannot write the corpus"; exit 1; }
# Some content first, so that "unchanged" means more than an empty store.
expect_ok "baseline: import uz_prospects" "$LODE" import "$GEODATA/uzbekistan/uz_prospects.geojson" -l prospects -p UZ-PEG

# refused NAME CODE 'substring' CMD...: exit CODE, one line on stderr, no control characters in it,
# the substring (compared as fixed text), the store's sha256 unchanged.
refused() {
    local name=$1 code=$2 want=$3 err rc before after; shift 3
    before=$(sha256sum <"$LODE_DB")
    err=$(timeout 20 "$@" 2>&1 >/dev/null); rc=$?
    after=$(sha256sum <"$LODE_DB")
    if [ "$rc" -ne "$code" ]; then fail "$name: exit $rc, expected $code ($err)"
    elif [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ]; then fail "$name: not one line on stderr: $err"
    elif printf '%s' "$err" | LC_ALL=C grep -q '[[:cntrl:]]'; then fail "$name: control characters on stderr: $(printf '%s' "$err" | cat -v)"
    elif [[ "$err" != *"$want"* ]]; then fail "$name: stderr lacks '$want': $err"
    else pass "$name"; fi
    expect_eq "$name: store unchanged" "$after" "$before"
}

# --- the corpus: lode import FILE OPTIONS -------------------------------------------------------
while IFS=$'\t' read -r file options want; do
    [[ -z "$file" || "$file" == "#"* ]] && continue
    read -ra args <<<"$options"
    refused "$file" 1 "$want" "$LODE" import "$CORPUS/$file" "${args[@]}"
done <"$HOSTILE/expected.tsv"

# --- hostile names ------------------------------------------------------------------------------
evil=$'evil\e[2J\a\nlode: error: fake.csv'
refused "a missing file named with ESC, BEL and a newline" 1 'evil\x1b[2J\x07\x0alode: error: fake.csv: no such file' \
    "$LODE" import "$WORK/$evil" -l samples -p UZ-PEG
printf 'id,longitude,latitude,sample_type,sampled_on\nD-1,69.68,40.92,rock chip,2024-05-14\n' >"$WORK/-dash.csv"
(cd "$WORK" && refused "a file named -dash.csv reads as an option" 2 "write ./-dash.csv, or put it after --" \
    "$LODE" import -dash.csv -l samples -p UZ-PEG --s-srs EPSG:4326)
(cd "$WORK" && expect_ok "./-dash.csv is read" "$LODE" import ./-dash.csv -l samples -p UZ-PEG --s-srs EPSG:4326 --dry-run)
(cd "$WORK" && expect_ok "-- ends the options" "$LODE" import -l samples -p UZ-PEG --s-srs EPSG:4326 --dry-run -- -dash.csv)

# --- hostile options ----------------------------------------------------------------------------
refused "--bbox with NaN" 1 "--bbox: 'nan,40,70,41': every bound must be a finite number" \
    "$LODE" export -o "$WORK/out.gpkg" --bbox nan,40,70,41
refused "--t-srs geocentric" 1 "--t-srs EPSG:4978 (EPSG:4978 (WGS 84)) is not a 2D horizontal CRS" \
    "$LODE" export -o "$WORK/out.gpkg" --t-srs EPSG:4978
for option in --where --bbox --t-srs; do
    refused "export $option ''" 2 "$option: an empty value" "$LODE" export -o "$WORK/out.gpkg" "$option" ''
done
refused "import --s-srs ''" 2 "--s-srs: an empty value" "$LODE" import "$CORPUS/nan_coordinate.csv" -l samples -p UZ-PEG --s-srs ''
[ -e "$WORK/out.gpkg" ] && fail "a refused export wrote out.gpkg" || pass "no refused export wrote out.gpkg"

# --- hostile stores -----------------------------------------------------------------------------
printf 'SQLite format 2\0 but not a database at all, and more bytes to make it long enough\n' >"$WORK/garbage.sqlite"
before=$(sha256sum <"$WORK/garbage.sqlite")
LODE_DB="$WORK/garbage.sqlite" refused "a store that is not a database" 1 "garbage.sqlite: is not a lode store (not an SQLite database)" \
    "$LODE" layers
expect_eq "the garbage store is unchanged" "$(sha256sum <"$WORK/garbage.sqlite")" "$before"
finish
