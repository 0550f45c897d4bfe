#!/usr/bin/env bash
# Two lode imports into the same store at the same time both succeed (no "database is locked"), and
# a reader running while an import writes never fails.
source "$(dirname "$0")/lib.bash"
N=20000

command -v jq >/dev/null || { echo "jq is missing (apt-get install jq)"; exit 77; }
new_store || { echo "cannot create the store"; exit 1; }

# samples_csv PREFIX SEED: N sample points in Uzbekistan, ids PREFIX-00001...
samples_csv() {
    awk -v n="$N" -v prefix="$1" -v seed="$2" 'BEGIN {
        srand(seed)
        print "id,longitude,latitude,sample_type,li2o_pct"
        for (i = 1; i <= n; i++)
            printf "%s-%05d,%.6f,%.6f,soil,%.3f\n", prefix, i, 69 + rand(), 40.5 + rand(), rand() * 2
    }'
}
samples_csv CA 1 >"$WORK/a.csv"
samples_csv CB 2 >"$WORK/b.csv"

# samples: the feature count of the samples layer.
samples() { "$LODE" layers --format json | jq '.[] | select(.layer == "samples") | .features'; }

# --- two writers at once -------------------------------------------------------------------------
"$LODE" import "$WORK/a.csv" -l samples -p UZ-PEG --s-srs EPSG:4326 >"$WORK/a.out" 2>"$WORK/a.err" &
pid_a=$!
"$LODE" import "$WORK/b.csv" -l samples -p UZ-PEG --s-srs EPSG:4326 >"$WORK/b.out" 2>"$WORK/b.err" &
pid_b=$!
wait "$pid_a"; rc_a=$?
wait "$pid_b"; rc_b=$?
cat "$WORK/a.err" "$WORK/b.err" | sed 's/^/# stderr: /'
expect_eq "import A exits 0" "$rc_a" 0
expect_eq "import B exits 0" "$rc_b" 0
if grep -qi "locked" "$WORK/a.err" "$WORK/b.err"; then
    fail "'database is locked': $(cat "$WORK/a.err" "$WORK/b.err")"
else
    pass "no 'database is locked'"
fi
grep -q "$N written" "$WORK/a.out" && pass "import A wrote $N" || fail "import A: $(cat "$WORK/a.out")"
grep -q "$N written" "$WORK/b.out" && pass "import B wrote $N" || fail "import B: $(cat "$WORK/b.out")"
expect_eq "lode layers counts both imports" "$(samples)" $((2 * N))

# --- a reader in a loop while an import writes ---------------------------------------------------
samples_csv CC 3 >"$WORK/c.csv"
"$LODE" import "$WORK/c.csv" -l samples -p NG-LIP --s-srs EPSG:4326 --allow-outside >"$WORK/c.out" 2>"$WORK/c.err" &
pid_c=$!
reads=0 read_failures=0 first_failure=""
while kill -0 "$pid_c" 2>/dev/null || [ "$reads" -eq 0 ]; do
    if ! out=$("$LODE" layers 2>&1); then
        read_failures=$((read_failures + 1))
        [ -n "$first_failure" ] || first_failure=$out
    fi
    reads=$((reads + 1))
done
wait "$pid_c"; rc_c=$?
sed 's/^/# stderr: /' "$WORK/c.err"
echo "# $reads reads during the import"
expect_eq "import while reading exits 0" "$rc_c" 0
expect_eq "no failed read among $reads${first_failure:+ (first: $first_failure)}" "$read_failures" 0
expect_eq "lode layers counts the third import" "$(samples)" $((3 * N))
if [ -e "$LODE_DB-wal" ]; then fail "-wal left behind"; else pass "no -wal left"; fi

finish
