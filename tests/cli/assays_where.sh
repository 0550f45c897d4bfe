#!/usr/bin/env bash
# lode export --where on an assay result (issue 13, A3): a --where that bounds an analyte from below
# (Au_ppb > 100, alone or ANDed) reads its candidate samples from the results' index by value and
# only those rows (by id when they are few beside the layer, else in a pass keeping them); every
# other --where tries every row. Both answers must be the same: the candidates' CSV is compared byte
# for byte with that of the same --where ORed with a term no row meets (which takes the other path),
# and the ids with those computed here by awk from the files it wrote (each sample's latest result
# decides; a below-limit one counts half its limit, or its limit with --bdl limit; >1000 as 1000;
# IS as none; g/t as 1000 ppb; Li2O as Li by 2 x 6.94 / 29.879).
source "$(dirname "$0")/lib.bash"
new_store || { echo "cannot create the store"; exit 1; }

# 300 samples: Au_ppb 1 to 1997 (every 20th <5, every 31st >1000, every 43rd IS), Li_ppm or (every
# 4th) Li2O_pct only; every 7th re-assayed for Au later (batch RE-1), every 11th later again in g/t (RE-2).
awk 'BEGIN {
    print "SampleID,longitude,latitude,sample_type,Au_ppb,Li_ppm,Li2O_pct" > "'"$WORK"'/lab.csv"
    print "SampleID,Batch,Au_ppb" > "'"$WORK"'/reassay.csv"
    print "SampleID,Batch,Au (g/t)" > "'"$WORK"'/gpt.csv"
    for (i = 1; i <= 300; i++) {
        id = sprintf("AW-%04d", (i * 37) % 1000)   # ids not in the order written
        au = (i % 20 == 0) ? "<5" : (i % 31 == 0) ? ">1000" : (i % 43 == 0) ? "IS" : (i * 7919) % 1997 + 1
        li = (i % 4 == 0) ? "" : (i * 31) % 900 + 1
        li2o = (i % 4 == 0) ? sprintf("%.2f", (i % 50) / 100) : ""
        printf "%s,%.6f,%.6f,%s,%s,%s,%s\n", id, 64 + i * 0.001, 41 + (i % 17) * 0.001, (i % 3 == 0) ? "rock" : "soil", au, li, li2o >> "'"$WORK"'/lab.csv"
        if (i % 7 == 0) printf "%s,RE-1,%d\n", id, (i * 13) % 2500 >> "'"$WORK"'/reassay.csv"
        if (i % 11 == 0) printf "%s,RE-2,%.1f\n", id, (i % 30) / 10 >> "'"$WORK"'/gpt.csv"
    }
}'
"$LODE" import "$WORK/lab.csv" -l samples -p UZ-PEG --s-srs EPSG:4326 >/dev/null &&
    "$LODE" import "$WORK/reassay.csv" --assays --sample-field SampleID >/dev/null &&
    "$LODE" import "$WORK/gpt.csv" --assays --sample-field SampleID >/dev/null ||
    { echo "cannot import the lab files"; exit 1; }

# expected EXPR RULE: the ids whose latest Au (ppb) or Li (ppm) meets "au > N" / "li > N" (awk), sorted.
expected() {
    awk -F, -v expr="$1" -v rule="$2" '
        function number(v) {   # a result as it counts (empty: none)
            if (v == "IS" || v == "") return ""
            if (v ~ /^</) return rule == "limit" ? substr(v, 2) + 0 : substr(v, 2) / 2
            if (v ~ /^>/) return substr(v, 2) + 0
            return v + 0
        }
        FNR == 1 { file++; next }
        file == 1 { au[$1] = number($5); li[$1] = ($6 != "") ? $6 + 0 : ($7 != "") ? $7 * 10000 * 2 * 6.94 / 29.879 : "" }
        file == 2 { au[$1] = $3 + 0 }
        file == 3 { au[$1] = $3 * 1000 }
        END {
            split(expr, e, " ")
            for (id in au) {
                v = (e[1] == "au") ? au[id] : li[id]
                if (v != "" && ((e[2] == ">" && v > e[3]) || (e[2] == ">=" && v >= e[3]))) print id
            }
        }' "$WORK/lab.csv" "$WORK/reassay.csv" "$WORK/gpt.csv" | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//'
}
csv() { "$LODE" export -o - --format csv --layers samples --analytes Au_ppb,Li_ppm "$@" 2>/dev/null; }

# Few candidates (by id), many (in a pass), a bound on Li met through Li2O, --bdl limit, and one ANDed
# with a field.
for case in "Au_ppb > 1900|au > 1900|half" "Au_ppb > 100.5|au > 100.5|half" "Au_ppb >= 5|au >= 5|limit" \
            "Au_ppb >= 5|au >= 5|half" "Li_ppm > 850|li > 850|half"; do
    IFS='|' read -r where awk_expr rule <<<"$case"
    want=$(expected "$awk_expr" "$rule")
    got=$(ids samples --where "$where" --bdl "$rule" | tr -s ' ' | sed 's/^ //')
    [ -n "$want" ] && expect_eq "$where (--bdl $rule): the samples whose latest result meets it ($(wc -w <<<"$want"))" "$got" "$want" ||
        fail "$where: awk found none"
    csv --where "$where" --bdl "$rule" >"$WORK/candidates.csv"
    csv --where "($where) OR id = 'none'" --bdl "$rule" >"$WORK/every_row.csv"
    [ -s "$WORK/candidates.csv" ] && cmp -s "$WORK/candidates.csv" "$WORK/every_row.csv" &&
        pass "$where (--bdl $rule): the candidates' CSV is byte for byte that of every row tried" ||
        fail "$where (--bdl $rule): the CSVs differ: $(diff "$WORK/candidates.csv" "$WORK/every_row.csv" | head -5)"
done
where="Au_ppb > 100.5 AND sample_type = 'rock chip'"   # (the import reads a lab's "rock" as "rock chip")
csv --where "$where" >"$WORK/candidates.csv"
csv --where "($where) OR id = 'none'" >"$WORK/every_row.csv"
expect_eq "$where: rows as awk counts them (the rock samples of au > 100.5)" "$(($(wc -l <"$WORK/candidates.csv") - 1))" \
    "$(join <(expected "au > 100.5" half | tr ' ' '\n') <(awk -F, '$4 == "rock" {print $1}' "$WORK/lab.csv" | LC_ALL=C sort) | wc -l)"
[ -s "$WORK/candidates.csv" ] && cmp -s "$WORK/candidates.csv" "$WORK/every_row.csv" && pass "$where: the same CSV both ways" ||
    fail "$where: the CSVs differ"
# A re-assay decides: a sample whose first Au was above the bound and whose latest is below is not found.
i=14 id=$(printf 'AW-%04d' $((i * 37 % 1000)))   # first (14 x 7919) % 1997 + 1 = 1032, re-assayed 182
expect_eq "$id: first 1032 ppb, re-assayed 182: not in Au_ppb > 1000" "$(ids samples --where "Au_ppb > 1000" | grep -c "$id")" 0
finish
