# Sourced by the tests/pg scripts that compare lode on two stores: REF (SpatiaLite) and PG_URL (PostGIS).
timeless() { sed -E 's/ in [0-9.]+ s/ in T s/g'; }   # the seconds a command took
# same NAME ARGS...: lode ARGS... prints the same on both stores (and succeeds on the reference).
same() {
    local name=$1 want got; shift
    want=$(LODE_DB="$REF" "$LODE" "$@" 2>&1) || { fail "$name: fails on SpatiaLite: $want"; return; }
    got=$(LODE_DB="$PG_URL" "$LODE" "$@" 2>&1)
    want=$(timeless <<<"$want"); got=$(timeless <<<"$got")
    if [ "$got" == "$want" ]; then pass "$name"; else fail "$name: differs: $(diff <(echo "$want") <(echo "$got") | head -8 | cut -c1-300)"; fi
}
