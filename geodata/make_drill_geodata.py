#!/usr/bin/env python3
"""Writes the (illustrative) downhole tables of the Australian programme's collars:
australia/au_surveys.csv (a station every 30 m, the holes drifting as holes do) and
australia/au_intervals.csv (2 m samples with lithology and Li2O %, pegmatite zones at made-up depths).
Nothing here is measured: every survey's method and every interval's accuracy say "illustrative".
Run from geodata/: python3 make_drill_geodata.py"""
import csv
import datetime

collars = list(csv.DictReader(open("australia/au_drillholes.csv")))

# Pegmatite zones per hole (from, to in metres along the hole) and their mean Li2O %.
zones = {
    "PGO-ILL-001": [(56, 70, 1.32), (88, 92, 0.9)],
    "PGO-ILL-002": [(72, 84, 1.10)],
    "PGO-ILL-003": [(40, 46, 0.75), (98, 114, 1.45)],
    "PGO-ILL-004": [(150, 176, 1.21), (210, 216, 0.66)],
    "PGO-ILL-005": [(30, 36, 0.58)],
    "PGO-ILL-006": [],
    "PGO-ILL-007": [(240, 262, 1.62)],
    "PGO-ILL-008": [(120, 128, 0.95)],
}


def wobble(i):
    """A fixed, repeatable variation in -1..1 (no randomness: the file is the same every run)."""
    return ((i * 7919) % 200) / 100.0 - 1.0


with open("australia/au_surveys.csv", "w", newline="") as out:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["hole_id", "depth_m", "azimuth", "dip", "method", "surveyed_on"])
    for c in collars:
        depth, az, dip = float(c["depth_m"]), float(c["azimuth_deg"]), float(c["dip_deg"])
        on = (datetime.date.fromisoformat(c["drilled_on"]) + datetime.timedelta(days=1)).isoformat()
        d, k = 0.0, 0
        while d <= depth:
            if dip == -90.0:
                a, p = 0.0, -90.0
            else:  # drifting clockwise and flattening, as holes do: 0.5° and 0.3° per 30 m
                a, p = round(az + 0.5 * k, 2) % 360, round(dip + 0.3 * k, 2)
            w.writerow([c["hole_id"], f"{d:g}", f"{a:g}", f"{p:g}", "illustrative", on])
            d += 30.0
            k += 1

with open("australia/au_intervals.csv", "w", newline="") as out:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["hole_id", "from_m", "to_m", "sample_id", "lithology", "li2o_pct", "accuracy"])
    n = 0
    for c in collars:
        depth = float(c["depth_m"])
        d = 0.0
        while d < depth:
            to = min(d + 2.0, depth)
            n += 1
            lith, grade = ("laterite", 0.01) if d < 6 else ("basalt", 0.03)
            for f, t, mean in zones[c["hole_id"]]:
                if d >= f and to <= t:
                    lith, grade = "spodumene pegmatite", mean * (1 + 0.25 * wobble(n))
            w.writerow([c["hole_id"], f"{d:g}", f"{to:g}", f"PGO-S{n:05d}", lith, f"{grade:.2f}", "illustrative"])
            d = to
