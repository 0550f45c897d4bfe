#!/usr/bin/env bash
# A big first import into an empty layer of a PostGIS store (issue 16, W1-pg): the layer's project
# foreign key and its geometry and project indexes, and the assay results' indexes when they are the
# store's first results, are left to be made once at the end of the import (writes.cpp) and are all
# there again after it, the key still refusing an unknown project (psql, the
# server's own answer); an import failing after its first batch leaves the store as it was (indexes,
# key, rows) and takes no number; the rows and the history's entries naming the import are counted
# with psql against the file's rows (counted by awk beside them).
# Runs under the pg_cluster fixture of tests/CMakeLists.txt (LODE_TEST_DB=postgresql).
source "$(dirname "$0")/../cli/lib.bash"
[ "$LODE_TEST_DB" = postgresql ] || { echo "skipped: run with LODE_TEST_DB=postgresql (tests/CMakeLists.txt)"; exit 77; }

createdb "$PG_DATABASE" || { echo "cannot create the test database"; exit 1; }
export LODE_USER=alice LODE_NOW=2025-01-10T09:00:00Z
"$LODE" init >/dev/null && "$LODE" project add NG-LIP --name "Nigeria lithium pegmatites" --phase MOU >/dev/null ||
    { echo "cannot build the store"; exit 1; }

# 6,000 samples: more than one batch of the importer (5,000), so that the first batch is a big one.
awk 'BEGIN { print "id,longitude,latitude,sample_type,li2o_pct";
             for (i = 0; i < 6000; i++) printf "S-%05d,%.4f,%.4f,soil,%.2f\n", i, 7 + i * 0.0001, 10 + (i % 100) * 0.001, (i % 50) / 10 }' >"$WORK/big.csv"
# The same with its last row's id that of its first: refused after the first batch was written.
{ cat "$WORK/big.csv"; echo "S-00000,7.5,10.5,soil,1"; } >"$WORK/bad.csv"
rows=$(($(wc -l <"$WORK/big.csv") - 1))
li_sum=$(awk -F, 'NR > 1 { s += $5 } END { printf "%.2f", s }' "$WORK/big.csv")
layer_checks() {
    pg -c "SELECT (SELECT string_agg(indexname, ' ' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'samples')
                  || ' | ' || (SELECT string_agg(pg_get_constraintdef(oid), ' ') FROM pg_constraint WHERE conrelid = 'samples'::regclass AND contype = 'f')"
}
# The layer as create_layer_table makes it (schema.cpp): its fid key, unique id, GiST and project indexes,
# and the key on projects.
made="samples_geom samples_id_key samples_pkey samples_project | FOREIGN KEY (project) REFERENCES projects(code)"
expect_eq "psql: the empty layer's indexes and key" "$(layer_checks)" "$made"
# The assay results' indexes as create_assay_table makes them (schema.cpp), with their definitions.
result_indexes() { pg -c "SELECT md5(string_agg(indexdef, ';' ORDER BY indexname)) || ' ' || count(*) FROM pg_indexes WHERE tablename = 'assay_results'"; }
results_made=$(result_indexes)
expect_eq "psql: the results' three indexes (key, by sample, by analyte with the values)" "$(cut -d' ' -f2 <<<"$results_made")" 3

before=$(store_digest)
expect_error "an import whose last row repeats the first id is refused" 1 "S-00000" \
    "$LODE" import "$WORK/bad.csv" -l samples -p NG-LIP --s-srs EPSG:4326
expect_eq "the store is as it was (rows)" "$(store_digest)" "$before"
expect_eq "psql: the layer's indexes and key as they were" "$(layer_checks)" "$made"
expect_eq "psql: the results' indexes as they were" "$(result_indexes)" "$results_made"

expect_ok "the 6,000 imported" "$LODE" import "$WORK/big.csv" -l samples -p NG-LIP --s-srs EPSG:4326
expect_eq "psql: the rows and their Li2O sum, as the file's" \
    "$(pg -c "SELECT count(*) || ' ' || to_char(sum(li2o_pct), 'FM999990.00') FROM samples")" "$rows $li_sum"
expect_eq "psql: the indexes and key made again" "$(layer_checks)" "$made"
expect_eq "psql: the results' indexes made again, the same" "$(result_indexes)" "$results_made"
expect_eq "psql: the results by sample, through its index (Li2O of S-04321)" \
    "$(pg -c "SET enable_seqscan = off; SELECT value FROM assay_results WHERE layer = 'samples' AND sample = 'S-04321'")" \
    "$(awk -F, '$1 == "S-04321" { print $5 + 0 }' "$WORK/big.csv")"
expect_eq "psql: the geometry index is a GiST one" "$(pg -c "SELECT indexdef LIKE '%USING gist (geom)%' FROM pg_indexes WHERE indexname = 'samples_geom'")" t
expect_eq "psql: the failed import took no number: this is import 1" "$(pg -c "SELECT string_agg(id || ' ' || written, ',') FROM imports")" "1 $rows"
expect_eq "psql: the import's entries: a sample and its Li2O result each" \
    "$(pg -c "SELECT string_agg(tbl || ' ' || n, ', ' ORDER BY tbl) FROM (SELECT tbl, count(*) AS n FROM history WHERE import = 1 GROUP BY tbl) c")" \
    "assay_results $rows, samples $rows"
expect_eq "psql: the key refuses a sample of an unknown project" \
    "$(pg -c "INSERT INTO samples (id, project, geom) VALUES ('S-X', 'NOPE', ST_SetSRID(ST_MakePoint(7, 10), 4326))" 2>&1 | grep -c 'violates foreign key constraint "samples_project_fkey"')" 1

# A second big import, into the layer now holding rows: written through the indexes and key as they are.
awk -F, 'NR == 1 { print; next } { sub(/^S-/, "T-"); print }' "$WORK/big.csv" >"$WORK/more.csv"
expect_ok "6,000 more imported" "$LODE" import "$WORK/more.csv" -l samples -p NG-LIP --s-srs EPSG:4326
expect_eq "psql: twice the rows, the indexes and key as made" "$(pg -c "SELECT count(*) FROM samples") | $(layer_checks)" "$((2 * rows)) | $made"
expect_eq "psql: import 2's entries" "$(pg -c "SELECT count(*) FROM history WHERE import = 2")" "$((2 * rows))"
finish
