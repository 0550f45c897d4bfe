#!/usr/bin/env bash
# bench/before_after.sh BEFORE AFTER STORES [RUNS] — two lode binaries alternated on the benchmark's
# W2, W3, W4a and W4b queries (bench/run.sh's commands), for a change that must not alter answers or
# speed: medians, the ratio after/before, peak memory, and whether every answer is byte-identical.
# STORES holds lode.sqlite and lode_w4b.sqlite as bench/run.sh loads them (WORK/stores); each binary
# reads its own copy, so a schema migration by one cannot touch the other's.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,6p' "$0"; exit 2; }
before=$1 after=$2 stores=$3 runs=${4:-3}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for v in before after; do
    mkdir -p "$work/$v" && cp "$stores/lode.sqlite" "$stores/lode_w4b.sqlite" "$work/$v/"
done
bin() { if [ "$1" = before ]; then echo "$before"; else echo "$after"; fi; }
args() {   # WORKLOAD STORE-DIR
    case $1 in
        W2) echo "overlap licences samples --count --format csv --db $2/lode.sqlite" ;;
        W3) echo "overlap licences --format csv --db $2/lode.sqlite" ;;
        W4a) echo "near --layer samples --to-layer occurrences --within 5km --format csv --db $2/lode.sqlite" ;;
        W4b) echo "near --layer licences --to-layer samples --nearest 1 --format csv --db $2/lode_w4b.sqlite" ;;
    esac
}
for v in before after; do   # untimed: a migration happens on first opening, not in a timed run
    "$(bin $v)" layers --db "$work/$v/lode.sqlite" >/dev/null
    "$(bin $v)" layers --db "$work/$v/lode_w4b.sqlite" >/dev/null
done
for w in W2 W3 W4a W4b; do
    for r in $(seq "$runs"); do
        for v in before after; do
            # shellcheck disable=SC2046 # the arguments are words by design
            /usr/bin/time -f "%e %M" -o "$work/time" "$(bin $v)" $(args $w "$work/$v") >"$work/$w.$v.$r.csv"
            echo "$w $v $r $(cat "$work/time")" >>"$work/times.txt"
            cmp -s "$work/$w.before.1.csv" "$work/$w.$v.$r.csv" || echo "$w $v run $r: the answer differs" >>"$work/differs.txt"
        done
    done
done
# median COLUMN WORKLOAD VERSION: of the runs' times (column 4) or peak kB (column 5)
median() {
    awk -v w="$2" -v v="$3" -v c="$1" '$1 == w && $2 == v { print $c }' "$work/times.txt" | sort -g |
        awk '{ a[NR] = $1 } END { print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
runs_of() { awk -v w="$1" -v v="$2" '$1 == w && $2 == v { printf "%s%s", sep, $4; sep = " " }' "$work/times.txt"; }
echo "| workload | before median s (runs) | after median s (runs) | after/before | peak MB before / after |"
echo "|---|---|---|---:|---|"
for w in W2 W3 W4a W4b; do
    b=$(median 4 $w before) a=$(median 4 $w after)
    awk -v w=$w -v b="$b" -v a="$a" -v rb="$(runs_of $w before)" -v ra="$(runs_of $w after)" \
        -v mb="$(median 5 $w before)" -v ma="$(median 5 $w after)" \
        'BEGIN { printf "| %s | %.2f (%s) | %.2f (%s) | %.2f | %.0f / %.0f |\n", w, b, rb, a, ra, a / b, mb / 1024, ma / 1024 }'
done
if [ -s "$work/differs.txt" ]; then cat "$work/differs.txt"; exit 1; fi
echo "every answer byte-identical ($(wc -l <"$work/W2.before.1.csv") W2 rows, $(wc -l <"$work/W3.before.1.csv") W3, $(wc -l <"$work/W4a.before.1.csv") W4a, $(wc -l <"$work/W4b.before.1.csv") W4b)"
