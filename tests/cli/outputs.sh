#!/usr/bin/env bash
# Outputs and the store as a resource (issue 18): what --overwrite may replace (a symlink is written
# through, a device or FIFO refused), staging folders left by killed writers cleaned on the next
# write, a store another program is writing (--wait), and a read-only store (every read works,
# writes refused in one line).
# As root (CI), which writes whatever the permissions say, the read-only store is a read-only bind
# mount: the test runs in a mount namespace of its own.
if [ "$(id -u)" = 0 ] && [ -z "${LODE_OUTPUTS_NAMESPACE:-}" ] && unshare -m true 2>/dev/null; then
    LODE_OUTPUTS_NAMESPACE=1 exec unshare -m bash "$0" "$@"
fi
source "$(dirname "$0")/lib.bash"

new_store || { echo "cannot create the store"; exit 1; }
expect_ok "import prospects" "$LODE" import "$GEODATA/uzbekistan/uz_prospects.geojson" --layer prospects --project UZ-PEG
prospects=$(count prospects)
OUT=$WORK/out
mkdir -p "$OUT/real"

# --- what --overwrite replaces ----------------------------------------------------------------------
expect_ok "export to a plain file" "$LODE" export -o "$OUT/plain.geojson" --layers prospects
echo old >"$OUT/real/data.geojson"
ln -s real/data.geojson "$OUT/link.geojson"
expect_ok "export --overwrite onto a symlink" "$LODE" export -o "$OUT/link.geojson" --layers prospects --overwrite
[ -L "$OUT/link.geojson" ] && pass "the symlink is kept" || fail "the symlink was replaced: $(stat -c %F "$OUT/link.geojson")"
expect_eq "the symlink still leads to the same file" "$(readlink "$OUT/link.geojson")" "real/data.geojson"
expect_eq "the file it leads to is a regular file" "$(stat -c %F "$OUT/real/data.geojson")" "regular file"
expect_eq "the file it leads to holds the export" "$(sha256sum <"$OUT/real/data.geojson")" "$(sha256sum <"$OUT/plain.geojson")"
expect_eq "the export holds every prospect" "$(ogrinfo -ro -so -al "$OUT/real/data.geojson" | sed -n 's/^Feature Count: //p')" "$prospects"

mkfifo "$OUT/pipe.geojson"
expect_error "a FIFO is refused" 1 "$OUT/pipe.geojson: is a FIFO, which lode never replaces; write to a regular file" \
    "$LODE" export -o "$OUT/pipe.geojson" --layers prospects --overwrite
expect_eq "the FIFO is kept" "$(stat -c %F "$OUT/pipe.geojson")" "fifo"
expect_error "a device is refused" 1 "/dev/full: is a character device, which lode never replaces" \
    "$LODE" export -o /dev/full --format geojson --layers prospects --overwrite
expect_eq "the device is kept" "$(stat -c %F /dev/full)" "character special file"
mkfifo "$OUT/pipe.csv"
expect_error "a query's -o FIFO is refused" 1 "pipe.csv: is a FIFO, which lode never replaces" \
    "$LODE" near --layer prospects --at 66,41 --within 500km -o "$OUT/pipe.csv" --overwrite
left=$(cd "$OUT" && ls -A | grep lode-tmp)
expect_eq "no staging folder left" "$left" ""

# --- staging folders of killed writers --------------------------------------------------------------
(exit 0) &
dead=$!
wait "$dead"
stale="$OUT/.again.geojson.lode-tmp-$dead-abcdef"
live="$OUT/.again.geojson.lode-tmp-$$-abcdef"
mkdir "$stale" "$live"
head -c 1000000 /dev/zero >"$stale/again.geojson"
head -c 1000 /dev/zero >"$live/again.geojson"
expect_ok "export beside a stale staging folder" "$LODE" export -o "$OUT/again.geojson" --layers prospects
[ ! -e "$stale" ] && pass "the staging folder of a process that is gone is removed" || fail "$stale is left"
[ -f "$live/again.geojson" ] && pass "the staging folder of a running process is kept" || fail "$live was removed"
expect_eq "the export is whole" "$(sha256sum <"$OUT/again.geojson")" "$(sha256sum <"$OUT/plain.geojson")"
rm -r "$live"

# --- another program writing the store --------------------------------------------------------------
SOURCE="$GEODATA/uzbekistan/uz_occurrences.geojson"
mkfifo "$WORK/hold"
spatialite <"$WORK/hold" >/dev/null &   # SpatiaLite-specific
holder=$!
exec 3>"$WORK/hold"
echo "BEGIN IMMEDIATE; CREATE TABLE held(x); SELECT 1;" >&3
for _ in $(seq 1 200); do
    spatialite 'BEGIN IMMEDIATE; ROLLBACK;' 2>/dev/null || break   # SpatiaLite-specific
    sleep 0.05
done
before=$(spatialite --sha256)   # SpatiaLite-specific
rows=$(count occurrences)
start=$(date +%s.%N)
err=$("$LODE" import "$SOURCE" --layer occurrences --project UZ-PEG --wait 2 2>&1 >/dev/null)
rc=$?
took=$(echo "$(date +%s.%N) - $start" | bc)
expect_eq "a write lock held too long: exit 1" "$rc" 1
expect_eq "a write lock held too long: one line" "$err" \
    "lode: error: $LODE_DB: the store is being written by another program, which held it longer than --wait allows (close the other program, or wait longer with --wait SECONDS)"
[ "$(echo "$took >= 2 && $took < 10" | bc)" = 1 ] && pass "it waited --wait 2 seconds ($took s)" || fail "it took $took s with --wait 2"
expect_eq "the store is unchanged" "$(spatialite --sha256)" "$before"   # SpatiaLite-specific
expect_eq "no occurrence added" "$(count occurrences)" "$rows"
echo "ROLLBACK;" >&3
exec 3>&-
wait "$holder"
expect_ok "released: the import goes ahead" "$LODE" import "$SOURCE" --layer occurrences --project UZ-PEG --wait 2
occurrences=$(ogrinfo -ro -so -al "$SOURCE" | sed -n 's/^Feature Count: //p')
expect_eq "released: every occurrence imported" "$(count occurrences)" "$((rows + occurrences))"

# --- a read-only store ------------------------------------------------------------------------------
RO=$WORK/ro
mkdir "$RO"
"$LODE" info >/dev/null   # the last connection closed: everything is in the store file
cp "$LODE_DB" "$RO/store.sqlite"
before=$(sha256sum <"$RO/store.sqlite")
read_only_checks() {
    local db=$RO/store.sqlite
    expect_ok "read-only: info" "$LODE" info --db "$db"
    expect_ok "read-only: layers" "$LODE" layers --db "$db"
    expect_eq "read-only: layers counts the prospects" \
        "$("$LODE" layers --db "$db" --format json | jq '.[] | select(.layer == "prospects") | .features')" "$prospects"
    expect_ok "read-only: show" "$LODE" show prospects UZ-P01 --db "$db"
    expect_ok "read-only: near" "$LODE" near --db "$db" --layer prospects --at 66,41 --within 500km
    expect_ok "read-only: overlap" "$LODE" overlap prospects --db "$db"
    expect_ok "read-only: export" "$LODE" export --db "$db" -o "$OUT/ro.geojson" --layers prospects
    expect_eq "read-only: the export is the store's" "$(sha256sum <"$OUT/ro.geojson")" "$(sha256sum <"$OUT/plain.geojson")"
    expect_ok "read-only: report" "$LODE" report UZ-PEG --db "$db" -o "$OUT/ro.md" --no-map
    expect_ok "read-only: history" "$LODE" history --db "$db" --project UZ-PEG
    expect_error "read-only: import refused" 1 "$db: the store is read-only (the file or its folder cannot be written), so it cannot be changed" \
        "$LODE" import "$SOURCE" --db "$db" --layer occurrences --project UZ-PEG --again
    expect_error "read-only: delete refused" 1 "the store is read-only" "$LODE" delete prospects UZ-P01 --db "$db"
}
if [ "$(id -u)" != 0 ]; then
    chmod a-w "$RO/store.sqlite" "$RO"
    read_only_checks
    chmod u+w "$RO"
elif [ -n "${LODE_OUTPUTS_NAMESPACE:-}" ] && mount --bind -o ro "$RO" "$RO"; then
    read_only_checks
    umount "$RO"
else
    echo "SKIPPED (read-only store): root without a mount namespace (unshare -m) cannot make a read-only store"
fi
expect_eq "read-only: the store is byte for byte the same" "$(sha256sum <"$RO/store.sqlite")" "$before"

finish
