#!/usr/bin/env bash
# A lab file of 3,000 samples x 48 analytes (144,000 results, the size of a real multi-element
# batch set) imported in one command: every result stored, each with its history entry naming the
# import, and an undo taking them all back. Regression: with SQLite's statement journal held in
# memory up to 8 MiB (SQLITE_CONFIG_STMTJRNL_SPILL) this import failed with "the disk is full".
# The counts are the file's, by construction (awk writes 3,000 rows of 48 numbers).
source "$(dirname "$0")/lib.bash"
external_available || { echo "skip: no sqlite3 shell or psql"; exit 77; }
new_store || { echo "cannot create the store"; exit 1; }
lab="$WORK/ms61_3000.csv"
awk 'BEGIN {
    split("Ag Al As Ba Be Bi Ca Cd Ce Co Cr Cs Cu Fe Ga Ge Hf In K La Li Mg Mn Mo Na Nb Ni P Pb Rb S Sb Sc Se Sn Sr Ta Te Th Ti Tl U V W Y Zn Zr Au", a, " ")
    printf "SampleID,longitude,latitude"; for (j = 1; j <= 48; j++) printf ",%s_ppm", a[j]; printf "\n"
    for (i = 0; i < 3000; i++) {
        printf "MS-%05d,%.6f,%.6f", i, 63 + (i % 60) * 0.05, 40.5 + int(i / 60) * 0.02
        for (j = 1; j <= 48; j++) printf ",%d", (i * 7 + j * 13) % 997 + 1
        printf "\n"
    }
}' >"$lab"
expect_ok "import 3,000 samples x 48 analytes" "$LODE" import "$lab" -l samples -p UZ-PEG --s-srs EPSG:4326 --x longitude --y latitude --set sample_type=soil
expect_eq "144,000 results" "$(external "SELECT count(*) FROM assay_results")" 144000
expect_eq "MS-00042's Zr: (42*7 + 47*13) % 997 + 1" \
    "$("$LODE" assay list MS-00042 --analyte Zr --format json | jq -c '[.[].value]')" "[$(((42 * 7 + 47 * 13) % 997 + 1))]"
import=$(external "SELECT max(id) FROM imports")
expect_eq "147,000 history entries of the import (the samples and their results)" \
    "$(external "SELECT count(*) FROM history WHERE import = $import")" 147000
expect_ok "undo it" "$LODE" undo --import "$import"
expect_eq "no results left" "$(external "SELECT count(*) FROM assay_results")" 0
finish
