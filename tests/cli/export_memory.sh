#!/bin/bash
# Peak memory of an export does not grow with the number of features (issue "Bulk data at disk
# speed", W5): 20,000 generated samples with four assay results each exported to CSV, then 80,000
# more imported into the same store and all 100,000 exported again; peak RSS by /usr/bin/time.
# The export reads each batch of rows' assay results as it writes them (AssayPivot::load), where it
# kept every sample's pivoted values, the ids selected and the layer's ids in hash maps (about
# 330 bytes a sample: on that code this test measured 68 and 93 MB, +25 MB, FAIL; now 66 and 66 MB).
# Each exported value is compared with the generated CSV's: the pivot is the results' round trip.
# The same samples go to KML too, which lode writes as it goes (export/detail/kml_file.hpp): GDAL
# 3.6's LIBKML driver, which it used before, built the whole document in memory (peak 216 MB for
# 10,000 of these samples, against 80 MB now) and took quadratic time to write it (502 s for those
# 10,000 on a loaded machine, 0.23 s now): on that code the 100,000 here would not finish.
source "$(dirname "$0")/lib.bash"
[ -x /usr/bin/time ] || { echo "skip: /usr/bin/time (package time) is missing"; exit 77; }
# Under AddressSanitizer freed memory waits in its quarantine (import_memory.sh): the plain pass measures.
[ -z "${ASAN_OPTIONS:-}" ] || { echo "skip: peak memory is not lode's under AddressSanitizer (the plain pass measures it)"; exit 77; }

samples() {   # samples FROM TO: a lab-style CSV of samples FROM .. TO-1 inside Uzbekistan (UZ-PEG's host country)
    awk -v from="$1" -v to="$2" 'BEGIN { srand(from + 11); print "id,longitude,latitude,sample_type,date,au_ppm,cu_ppm,ag_ppm,mo_ppm,lab"
        for (i = from; i < to; i++)
            printf "EXM-%08d,%.6f,%.6f,soil,2024-0%d-1%d,%.3f,%.1f,%.2f,%.2f,ALS\n", i, 63 + rand() * 3.5, 40.5 + rand() * 1.5,
                1 + i % 9, i % 10, rand(), rand() * 100, rand(), rand() * 10 }'
}

import() {   # import FROM TO
    samples "$1" "$2" >"$WORK/s$1.csv"
    "$LODE" import "$WORK/s$1.csv" -l samples -p UZ-PEG --s-srs EPSG:4326 >"$WORK/out" 2>"$WORK/err" ||
        fail "import of samples $1 to $2: $(cat "$WORK/err")"
}

peak_kb() {   # peak_kb N: sets peak to the peak RSS (KB) of exporting the store's N samples to CSV
    rm -f "$WORK"/e.*
    peak=0
    /usr/bin/time -f %M -o "$WORK/rss" "$LODE" export -l samples -o "$WORK/e.csv" >"$WORK/out" 2>"$WORK/err" ||
        { fail "export of $1 samples: $(cat "$WORK/err")"; return; }
    peak=$(tail -n 1 "$WORK/rss")
    # Every exported sample's four values are its generated ones (the CSV export writes %.15g).
    cat "$WORK"/s*.csv >"$WORK/all.csv"
    local checked
    checked=$(awk -F, 'FNR == 1 { for (i = 1; i <= NF; i++) col[FILENAME, $i] = i; next }
        FILENAME ~ /all.csv$/ { if ($1 != "id") want[$1] = $6 + 0 " " $7 + 0 " " $8 + 0 " " $9 + 0; next }
        { got = $col[FILENAME, "Au_ppm"] + 0 " " $col[FILENAME, "Cu_ppm"] + 0 " " $col[FILENAME, "Ag_ppm"] + 0 " " $col[FILENAME, "Mo_ppm"] + 0
          id = $col[FILENAME, "id"]
          if (!(id in want) || want[id] != got) { print "MISMATCH " id ": " got " against " want[id]; exit }
          n++ }
        END { print n + 0 }' "$WORK/all.csv" "$WORK/e.csv")
    expect_eq "export of $1 samples: every row's Au_ppm, Cu_ppm, Ag_ppm and Mo_ppm as generated" "$checked" "$1"
}

kml_peak_kb() {   # kml_peak_kb N: sets kml to the peak RSS (KB) of exporting the store's N samples to KML
    rm -f "$WORK/e.kml"
    kml=0
    /usr/bin/time -f %M -o "$WORK/rss" "$LODE" export -l samples -o "$WORK/e.kml" >"$WORK/out" 2>"$WORK/err" ||
        { fail "KML export of $1 samples: $(cat "$WORK/err")"; return; }
    kml=$(tail -n 1 "$WORK/rss")
    expect_eq "KML export of $1 samples: a placemark each" "$(grep -c '^<Placemark>$' "$WORK/e.kml")" "$1"
}

new_store
import 0 20000
peak_kb 20000; small=$peak
kml_peak_kb 20000; kml_small=$kml
import 20000 100000
peak_kb 100000; big=$peak
kml_peak_kb 100000; kml_big=$kml
expect_flat export "20,000 samples" "100,000 samples" "$small" "$big" "25 MB"
expect_flat "KML export" "20,000 samples" "100,000 samples" "$kml_small" "$kml_big" "216 MB at 10,000 samples with LIBKML"
[ "$big" -lt $((300 * 1024)) ] && pass "peak memory of the export of 100,000 samples under 300 MB" || fail "peak memory of the export of 100,000 samples: $((big / 1024)) MB"

finish
