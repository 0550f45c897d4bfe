#!/usr/bin/python3
"""Make lode's reprojection reference data with PROJ's command-line tools.

    /usr/bin/python3 tests/data/crs/make_reference.py

For each local CRS the points below (WGS84 lat/lon of the geodata anchors, from
../shared/FACTS-geodata.md, and small offsets from them) are projected with
`cs2cs -d 3 EPSG:4326 EPSG:<code>` (so eastings/northings are rounded to 0.001 m)
and written to <name>.csv as id,easting,northing.  Then each rounded point is
taken back with `cs2cs -d 10 EPSG:<code> EPSG:4326` and the result written to
cs2cs_reference.csv (ref_lon, ref_lat): that is the reference a reprojection in
lode must reproduce.

cs2cs follows the EPSG axis order of each CRS: EPSG:4326 is latitude, longitude
(input and output); EPSG:28412 is northing (X), easting (Y); the others are
easting, northing.  This script feeds and reads each accordingly.

To say which transformation PROJ used, every candidate that
`projinfo -s EPSG:<code> -t EPSG:4326 --spatial-test intersects -o PROJ`
lists is run with `cct` on the same input, and the first (in projinfo's order)
that reproduces cs2cs's output to 1e-9 degree is recorded (operations.csv),
with any other candidate that happens to give identical output.
"""

import csv
import os
import re
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))

# (file, EPSG code, northing-first axis order?, [(id, lat, lon, what)])
SETS = [
    ("minna_midbelt_26392.csv", 26392, False, [
        ("KEFFI", 8.8464, 7.8733, "Keffi town (FACTS C, Wikipedia 'Keffi')"),
        ("ABUJA", 9.06667, 7.48333, "Abuja city (FACTS C, mr.wikipedia)"),
        ("JOS-PLATEAU", 9.5667, 9.0833, "Jos Plateau centroid (FACTS C, en.wikipedia 'Jos Plateau')"),
        ("KEFFI-NE", 8.9464, 7.9733, "Keffi + 0.1 deg N, + 0.1 deg E"),
    ]),
    ("minna_westbelt_26391.csv", 26391, False, [
        ("KWARA", 8.500, 5.000, "Kwara State point (FACTS C, Wikipedia 'Kwara State')"),
        ("ILORIN", 8.500, 4.550, "Ilorin city (FACTS C, Wikipedia 'Ilorin')"),
        ("KWARA-SE", 8.400, 5.100, "Kwara point + 0.1 deg S, + 0.1 deg E"),
    ]),
    ("arc1960_utm37s_21037.csv", 21037, False, [
        ("MAHENGE", -8.68222, 36.71667, "Mahenge town (FACTS B, sw.wikipedia 'Mahenge (mji)')"),
        ("MAHENGE-NE", -8.58222, 36.81667, "Mahenge + 0.1 deg N, + 0.1 deg E"),
        ("MAHENGE-SW", -8.78222, 36.61667, "Mahenge + 0.1 deg S, + 0.1 deg W"),
        ("MAHENGE-E1", -8.68222, 37.71667, "Mahenge + 1 deg E"),
    ]),
    ("pulkovo_gk12_28412.csv", 28412, True, [
        ("ALMALYK", 40.850, 69.600, "Almalyk city (FACTS D, sco.wikipedia 'Olmaliq')"),
        ("TASHKENT", 41.311111, 69.279722, "Tashkent city (FACTS D, en.wikipedia 'Tashkent', conv.)"),
        ("ALMALYK-NE", 40.950, 69.700, "Almalyk + 0.1 deg N, + 0.1 deg E"),
        ("ALMALYK-W1", 40.850, 68.600, "Almalyk + 1 deg W"),
    ]),
    ("gda2020_mga50_7850.csv", 7850, False, [
        ("GREENBUSHES", -33.865976, 116.064756, "Greenbushes mine (FACTS A, en.wikipedia 'Greenbushes mine')"),
        ("GREENBUSHES-TOWN", -33.849, 116.059, "Greenbushes town (FACTS A, en.wikipedia oldid 1123161307)"),
        ("PILGANGOORA", -21.071944, 118.901389, "Pilgangoora deposit (FACTS A, PorterGeo mn1535, conv.)"),
        ("PILGANGOORA-N", -20.971944, 118.901389, "Pilgangoora + 0.1 deg N"),
    ]),
]


def run(cmd, text):
    return subprocess.run(cmd, input=text, capture_output=True, text=True, check=True).stdout


def cs2cs(src, dst, digits, a, b):
    out = run(["cs2cs", "-d", str(digits), src, dst], "%s %s\n" % (a, b)).split()
    return out[0], out[1]


def candidates(code):
    # No --bbox: PROJ 9.1's projinfo drops operations whose area of use crosses the antimeridian
    # (e.g. Pulkovo 1942 to WGS 84 (16)) from a --bbox query, though cs2cs does use them.
    out = run(["projinfo", "-s", "EPSG:%d" % code, "-t", "EPSG:4326",
               "--spatial-test", "intersects", "-o", "PROJ"], "")
    ops = []
    for block in out.split("Operation No.")[1:]:
        lines = block.strip().splitlines()
        name = next(l for l in lines[1:] if l.strip()).strip()
        m = re.search(r"PROJ string:\n(.*?)(\n\n|\Z)", block, re.S)
        pipeline = " ".join(m.group(1).split())
        ops.append((name, pipeline))
    return ops


def main():
    ref_rows = []
    op_rows = []
    for fname, code, nfirst, pts in SETS:
        rows = []
        for pid, lat, lon, what in pts:
            a, b = cs2cs("EPSG:4326", "EPSG:%d" % code, 3, lat, lon)
            e, n = (b, a) if nfirst else (a, b)
            rows.append([pid, e, n])
            inp = (n, e) if nfirst else (e, n)
            rlat, rlon = cs2cs("EPSG:%d" % code, "EPSG:4326", 10, *inp)
            ref_rows.append([fname, pid, "EPSG:%d" % code, e, n, rlon, rlat])
            chosen = []
            for name, pipe in candidates(code):
                try:
                    o = run(["cct", "-d", "10"] + pipe.split(), "%s %s 0 0\n" % inp).split()
                except subprocess.CalledProcessError:
                    continue                          # e.g. a grid that is not installed
                if abs(float(o[0]) - float(rlat)) < 1e-9 and abs(float(o[1]) - float(rlon)) < 1e-9:
                    chosen.append(name)
            chosen = [re.sub(r"^unknown id, ", "", c) for c in chosen]
            op_rows.append([fname, pid, "EPSG:%d" % code, chosen[0] if chosen else "NO MATCH",
                            " | ".join(chosen[1:]), what])
        with open(os.path.join(HERE, fname), "w", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(["id", "easting", "northing"])
            w.writerows(rows)
    with open(os.path.join(HERE, "cs2cs_reference.csv"), "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["file", "id", "src_crs", "x", "y", "ref_lon", "ref_lat"])
        w.writerows(ref_rows)
    with open(os.path.join(HERE, "operations.csv"), "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["file", "id", "src_crs", "operation_matching_cs2cs", "also_identical_output", "point"])
        w.writerows(op_rows)
    for r in op_rows:
        print(*r, sep="  ")


if __name__ == "__main__":
    main()
