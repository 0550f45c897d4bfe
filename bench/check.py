#!/usr/bin/python3
"""Check that the tools' answers agree; print every kind of disagreement with examples.

    check.py --out DIR --workloads W2,W3,W4a,W4b --pg "host=... dbname=..."    (writes DIR/disagreements.json)
    check.py --same-answer W FILE1 FILE2        (two runs of one tool: same answer?)

The reference is PostGIS (exact on the spheroid, see sql/postgis_*.sql).  Rules:
  W2   same licences, same count for each.
  W3   same unordered pairs; intersection areas within 0.1% (relative to PostGIS; differences below 1 m2
       are ignored, so that touching pairs of area 0 and slivers compare).
  W4a  for each query point the same set of sample ids; distances of the common pairs within 0.1 m.
  W4b  each sample gets a licence at the exact minimum distance (another licence at the same distance, within
       0.1 m, counts as a tie, not a disagreement: the exact distance of the pair a tool chose is computed by
       PostGIS); the distance a tool reports within 0.1 m of the exact one.
"""

import argparse
import csv
import glob
import json
import os
import subprocess
import sys
from collections import defaultdict

DATA = None  # the generator's files (--data), for recomputing figures independently
AREA_REL = 1e-3
AREA_ABS_KM2 = 1e-6
DIST_M = 0.1
SHOW = 8

TOOL_NAMES = {"lode": "lode", "lode-pg": "lode on PostGIS", "postgis": "PostGIS", "postgis-knn": "PostGIS (plain KNN)", "spatialite": "SpatiaLite",
              "geopandas": "GeoPandas"}


def rows(path):
    with open(path, newline="") as f:
        yield from csv.DictReader(f)


def col(row, *names):
    for n in names:
        if n in row:
            return row[n]
    raise KeyError(f"none of the columns {names} in {list(row)}")


def num(text):
    return float(text) if text not in ("", None) else float("nan")


def load(w, path):
    if w == "W2":
        return {col(r, "id", "licence_id"): int(float(col(r, "count"))) for r in rows(path)}
    if w == "W3":
        out = {}
        dup = 0
        for r in rows(path):
            a, b = col(r, "a_id"), col(r, "b_id")
            key = (a, b) if a < b else (b, a)
            dup += key in out
            out[key] = num(col(r, "area_km2"))
        if dup:
            out[("__duplicates__", "")] = dup
        return out
    if w == "W4a":
        out = defaultdict(dict)
        for r in rows(path):
            out[col(r, "from_id")][col(r, "id")] = num(col(r, "distance_m"))
        return out
    if w == "W4b":
        out = {}
        dup = 0
        for r in rows(path):
            k = col(r, "from_id")
            dup += k in out
            out[k] = (col(r, "id"), num(col(r, "distance_m")))
        if dup:
            out["__duplicates__"] = (dup, 0)
        return out
    raise ValueError(w)


def pg_query(dsn, sql):
    res = subprocess.run(["psql", "-X", "-q", "--csv", "-t", "-v", "ON_ERROR_STOP=1", dsn, "-c", sql],
                         capture_output=True, text=True)
    if res.returncode != 0:
        return None
    return list(csv.reader(res.stdout.splitlines()))


def check_w2(ref, got, dsn):
    problems = []
    missing = [k for k in ref if k not in got]
    extra = [k for k in got if k not in ref]
    diff = sorted(k for k in ref if k in got and ref[k] != got[k])
    if missing:
        problems.append(f"{len(missing)} licences missing, e.g. {', '.join(missing[:SHOW])}")
    if extra:
        problems.append(f"{len(extra)} licences not in the reference, e.g. {', '.join(extra[:SHOW])}")
    if diff:
        ex = []
        for k in diff[:SHOW]:
            note = ""
            if dsn:
                q = pg_query(dsn, "SELECT count(*) FILTER (WHERE NOT ST_Contains(l.geom, s.geom)) FROM licences l "
                                  f"JOIN samples s ON ST_Intersects(l.geom, s.geom) WHERE l.id = '{k}'")
                if q:
                    note = f" ({q[0][0]} on its boundary)"
            ex.append(f"{k} {ref[k]} vs {got[k]}{note}")
        total = sum(got[k] - ref[k] for k in diff)
        problems.append(f"{len(diff)} licences with another count (sum of differences {total:+d}); "
                        f"reference vs this tool: " + "; ".join(ex))
    return problems, {"licences": len(ref), "total_count": sum(ref.values())}


def check_w3(ref, got, dsn):
    problems = []
    if ("__duplicates__", "") in got:
        problems.append(f"{got.pop(('__duplicates__', ''))} pairs listed more than once")
    missing = sorted(k for k in ref if k not in got)
    extra = sorted(k for k in got if k not in ref)
    if missing:
        zero = sum(1 for k in missing if ref[k] == 0)
        problems.append(f"{len(missing)} pairs missing ({zero} of them touching only, area 0), e.g. " +
                        ", ".join(f"{a}-{b} ({ref[(a, b)]:.6g} km2)" for a, b in missing[:SHOW]))
    if extra:
        problems.append(f"{len(extra)} pairs not in the reference, e.g. " +
                        ", ".join(f"{a}-{b} ({got[(a, b)]:.6g} km2)" for a, b in extra[:SHOW]))
    bad = []
    worst = 0.0
    for k, v in ref.items():
        if k not in got:
            continue
        g = got[k]
        d = abs(g - v)
        rel = d / v if v > 0 else (0.0 if d <= AREA_ABS_KM2 else float("inf"))
        if d > AREA_ABS_KM2:
            worst = max(worst, rel)
        if d > AREA_ABS_KM2 and rel > AREA_REL or g != g:
            bad.append((rel, k, v, g))
    if bad:
        bad.sort(reverse=True)
        problems.append(f"{len(bad)} areas off by more than 0.1%, e.g. " +
                        "; ".join(f"{a}-{b} {v:.6g} vs {g:.6g} km2 ({rel * 100:.3g}%)" for rel, (a, b), v, g in bad[:SHOW]))
        if DATA:
            try:
                problems += ["  " + x for x in explain_w3(DATA, [k for _, k, _, _ in bad[:3]])]
            except Exception as e:  # noqa: BLE001
                problems.append(f"  (recomputing failed: {e})")
    stats = {"pairs": len(ref), "touching": sum(1 for v in ref.values() if v == 0), "max_rel_area_diff": worst}
    return problems, stats


def check_w4a(ref, got, dsn):
    problems = []
    queries = set(ref) | set(got)
    differ = 0
    missing = []
    extra = []
    dist_bad = 0
    worst = 0.0
    for q in sorted(queries):
        a = ref.get(q, {})
        b = got.get(q, {})
        if set(a) != set(b):
            differ += 1
            missing += [(q, s, a[s]) for s in a if s not in b]
            extra += [(q, s, b[s]) for s in b if s not in a]
        for s in a.keys() & b.keys():
            d = abs(a[s] - b[s])
            worst = max(worst, d)
            if d > DIST_M:
                dist_bad += 1
    if differ:
        problems.append(f"{differ} query points with another set of samples: {len(missing)} pairs missing, "
                        f"{len(extra)} not in the reference")
        if missing:
            problems.append("  missing (reference distance): " +
                            ", ".join(f"{q}-{s} ({d:.3f} m)" for q, s, d in missing[:SHOW]))
        if extra:
            problems.append("  extra (this tool's distance): " +
                            ", ".join(f"{q}-{s} ({d:.3f} m)" for q, s, d in extra[:SHOW]))
    if dist_bad:
        problems.append(f"{dist_bad} distances off by more than {DIST_M} m (largest {worst:.3f} m)")
    stats = {"queries_with_samples": len(ref), "pairs": sum(len(v) for v in ref.values()), "max_dist_diff_m": worst}
    return problems, stats


def check_w4b(ref, got, dsn):
    """ref: PostGIS's answer (its licence for each sample); the distances are recomputed exactly (exact_w4b)."""
    problems = []
    if "__duplicates__" in got:
        problems.append(f"{got.pop('__duplicates__')[0]} samples listed more than once")
    missing = [k for k in ref if k not in got]
    extra = [k for k in got if k not in ref]
    if missing:
        problems.append(f"{len(missing)} samples without an answer, e.g. {', '.join(missing[:SHOW])}")
    if extra:
        problems.append(f"{len(extra)} samples not in the reference, e.g. {', '.join(extra[:SHOW])}")
    common = [s for s in ref if s in got]
    pairs = [(s, ref[s][0]) for s in common] + [(s, got[s][0]) for s in common if got[s][0] != ref[s][0]]
    exact = exact_w4b(pairs)
    if not all(p in exact for p in pairs):
        # no data to recompute from: PostGIS's distances stand for the exact ones
        exact = {(s, ref[s][0]): (ref[s][1], ref[s][1]) for s in ref}
        for s in common:
            if got[s][0] != ref[s][0]:
                exact[(s, got[s][0])] = (float("nan"), float("nan"))
    best = {}
    ties = 0
    nearer = []
    wrong = []
    for s in common:
        r = exact[(s, ref[s][0])]
        t = exact[(s, got[s][0])]
        best[s] = (min(r[0], t[0]), min(r[1], t[1]))
        if got[s][0] == ref[s][0]:
            continue
        diff = t[0] - r[0]
        if diff != diff:
            wrong.append((float("inf"), s, got[s][0]))
        elif diff > DIST_M:
            wrong.append((diff, s, got[s][0]))
        elif diff < -DIST_M:
            nearer.append((-diff, s, got[s][0]))
        else:
            ties += 1
    if wrong:
        wrong.sort(reverse=True)
        problems.append(f"{len(wrong)} samples with a farther licence than the nearest (by up to {wrong[0][0]:.1f} m), e.g. " +
                        "; ".join(f"{s}: {l} is {e:.1f} m farther than {ref[s][0]}" for e, s, l in wrong[:SHOW]))
    dist_bad = []
    lonlat_ok = 0
    worst = 0.0
    for s in common:
        d = abs(got[s][1] - best[s][0])
        worst = max(worst, d) if d == d else float("inf")
        if not d <= DIST_M:
            dist_bad.append((d, s))
            lonlat_ok += abs(got[s][1] - best[s][1]) <= DIST_M
    if dist_bad:
        dist_bad.sort(reverse=True)
        problems.append(f"{len(dist_bad)} reported distances off the exact one by more than {DIST_M} m "
                        f"(largest {dist_bad[0][0]:.2f} m at {dist_bad[0][1]}); {lonlat_ok} of them are within {DIST_M} m "
                        f"of the distance with the licence's edges read straight in lon/lat instead of as geodesics; e.g. " +
                        "; ".join(f"{s}: {got[s][1]:.3f} m to {got[s][0]}, exact {best[s][0]:.3f} m "
                                  f"(edges straight in lon/lat: {best[s][1]:.3f} m)" for _, s in dist_bad[:3]))
    stats = {"samples": len(ref), "inside": sum(1 for s in common if best[s][0] == 0),
             "other_licence_at_same_distance": ties, "max_dist_diff_m": worst}
    if nearer:
        nearer.sort(reverse=True)
        stats["nearer_than_postgis"] = len(nearer)
        problems.append(f"NOTE: for {len(nearer)} samples this tool found a licence nearer than PostGIS's (by up to "
                        f"{nearer[0][0]:.2f} m): PostGIS's pick is not the nearest there, e.g. " +
                        "; ".join(f"{s}: {l} is {e:.2f} m nearer than {ref[s][0]}" for e, s, l in nearer[:SHOW]))
    return problems, stats


def _read_csv_subset(path, key, wanted):
    out = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if r[key] in wanted:
                out[r[key]] = r
    return out


def _point_polygon_geodesic(geod, x, y, poly):
    """Distance on the WGS84 ellipsoid from (x, y) to a polygon whose edges are geodesics: 0 inside, else the
    minimum over the edges, each searched on 256 points and refined twice around the best (GeographicLib)."""
    import numpy as np
    from shapely.geometry import Point
    if poly.intersects(Point(x, y)):
        return 0.0
    best = float("inf")
    polys = getattr(poly, "geoms", [poly])
    for p in polys:
        for ring in [p.exterior] + list(p.interiors):
            cs = list(ring.coords)
            for (x1, y1), (x2, y2) in zip(cs[:-1], cs[1:]):
                az12, _, length = geod.inv(x1, y1, x2, y2)
                lo, hi = 0.0, length
                for _ in range(3):
                    s = np.linspace(lo, hi, 257)
                    lon, lat, _ = geod.fwd(np.full(s.size, x1), np.full(s.size, y1), np.full(s.size, az12), s)
                    _, _, d = geod.inv(np.full(s.size, x), np.full(s.size, y), lon, lat)
                    i = int(np.argmin(d))
                    best = min(best, float(d[i]))
                    step = (hi - lo) / 256
                    lo, hi = max(0.0, s[i] - step), min(length, s[i] + step)
    return best


def spot_check_reference(w, ref, data, n=25):
    """Recompute a few of the reference's figures independently (pyproj: GeographicLib, geodesic edges)."""
    try:
        import pyproj
        import shapely.wkt
    except ImportError:
        return None
    geod = pyproj.Geod(ellps="WGS84")
    if w == "W3":
        keys = sorted(k for k, v in ref.items() if v > 0)
        keys = keys[:: max(1, len(keys) // n)][:n]
        lic = _read_csv_subset(os.path.join(data, "licences.csv"), "id", {i for k in keys for i in k})
        worst = 0.0
        for a, b in keys:
            inter = shapely.wkt.loads(lic[a]["wkt"]).intersection(shapely.wkt.loads(lic[b]["wkt"]))
            area = abs(geod.geometry_area_perimeter(inter)[0]) / 1e6
            worst = max(worst, abs(area - ref[(a, b)]) / ref[(a, b)])
        return f"{len(keys)} intersection areas recomputed with pyproj (GeographicLib): largest relative difference {worst:.2g}"
    if w == "W4a":
        pairs = sorted((q, s, d) for q, m in ref.items() for s, d in m.items())
        pairs = pairs[:: max(1, len(pairs) // 1000)]
        qs = _read_csv_subset(os.path.join(data, "occurrences.csv"), "id", {p[0] for p in pairs})
        ss = _read_csv_subset(os.path.join(data, "samples.csv"), "id", {p[1] for p in pairs})
        worst = 0.0
        for q, s, d in pairs:
            _, _, g = geod.inv(float(qs[q]["longitude"]), float(qs[q]["latitude"]),
                               float(ss[s]["longitude"]), float(ss[s]["latitude"]))
            worst = max(worst, abs(g - d))
        return f"{len(pairs)} distances recomputed with pyproj (GeographicLib): largest difference {worst:.2g} m"
    if w == "W4b":
        keys = sorted(ref)
        keys = keys[:: max(1, len(keys) // n)][:n]
        ss = _read_csv_subset(os.path.join(data, "w4b_samples.csv"), "id", set(keys))
        lic = _read_csv_subset(os.path.join(data, "w4b_licences.csv"), "id", {ref[k][0] for k in keys})
        worst = 0.0
        for k in keys:
            d = _point_polygon_geodesic(geod, float(ss[k]["longitude"]), float(ss[k]["latitude"]),
                                        shapely.wkt.loads(lic[ref[k][0]]["wkt"]))
            worst = max(worst, abs(d - ref[k][1]))
        return (f"{len(keys)} sample-to-licence distances recomputed with pyproj (GeographicLib, geodesic edges): "
                f"largest difference {worst:.2g} m")
    return None


def _densify_lonlat(geom, step_deg=0.0005):
    """The polygon with points added along its edges, straight in lon/lat (about 50 m apart)."""
    import numpy as np
    from shapely.geometry import Polygon, MultiPolygon

    def ring(coords):
        out = []
        cs = list(coords)
        for (x1, y1), (x2, y2) in zip(cs[:-1], cs[1:]):
            n = max(1, int(max(abs(x2 - x1), abs(y2 - y1)) / step_deg))
            t = np.arange(n) / n
            out += list(zip(x1 + (x2 - x1) * t, y1 + (y2 - y1) * t))
        out.append(cs[-1])
        return out

    polys = getattr(geom, "geoms", [geom])
    res = [Polygon(ring(p.exterior.coords), [ring(i.coords) for i in p.interiors]) for p in polys
           if p.geom_type == "Polygon"]
    return MultiPolygon(res) if len(res) != 1 else res[0]


def _point_polygon_lonlat_edges(geod, x, y, poly, n=4001):
    """Distance on the WGS84 ellipsoid from (x, y) to a polygon whose edges are straight in lon/lat."""
    import numpy as np
    from shapely.geometry import Point
    if poly.intersects(Point(x, y)):
        return 0.0
    best = float("inf")
    for p in getattr(poly, "geoms", [poly]):
        for ring in [p.exterior] + list(p.interiors):
            cs = list(ring.coords)
            for (x1, y1), (x2, y2) in zip(cs[:-1], cs[1:]):
                lo, hi = 0.0, 1.0
                for _ in range(3):
                    t = np.linspace(lo, hi, 257)
                    _, _, d = geod.inv(np.full(t.size, x), np.full(t.size, y), x1 + (x2 - x1) * t, y1 + (y2 - y1) * t)
                    i = int(np.argmin(d))
                    best = min(best, float(d[i]))
                    step = (hi - lo) / 256
                    lo, hi = max(0.0, t[i] - step), min(1.0, t[i] + step)
    return best


def explain_w3(data, examples):
    """For a few pairs whose areas disagree: the area of the intersection recomputed with pyproj, reading the
    edges as geodesics and as straight lines in lon/lat."""
    import pyproj
    import shapely.wkt
    geod = pyproj.Geod(ellps="WGS84")
    lic = _read_csv_subset(os.path.join(data, "licences.csv"), "id", {i for k in examples for i in k})
    out = []
    for a, b in examples:
        inter = shapely.wkt.loads(lic[a]["wkt"]).intersection(shapely.wkt.loads(lic[b]["wkt"]))
        geo = abs(geod.geometry_area_perimeter(inter)[0]) / 1e6
        flat = abs(geod.geometry_area_perimeter(_densify_lonlat(inter))[0]) / 1e6
        out.append(f"{a}-{b}: pyproj {geo:.6g} km2 with geodesic edges, {flat:.6g} km2 with edges straight in lon/lat")
    return out


EXACT_CACHE = {}


def _golden_min(f, lo, hi, iterations=48):
    """Vectorised golden-section search of the minimum of f on [lo, hi] (element-wise)."""
    import numpy as np
    phi = (5 ** 0.5 - 1) / 2
    a, b = lo.copy(), hi.copy()
    c = b - phi * (b - a)
    d = a + phi * (b - a)
    fc, fd = f(c), f(d)
    for _ in range(iterations):
        m = fc < fd
        a, b = np.where(m, a, c), np.where(m, d, b)
        new_c = np.where(m, b - phi * (b - a), d)
        new_d = np.where(m, c, a + phi * (b - a))
        x = np.where(m, new_c, new_d)
        fx = f(x)
        fc, fd = np.where(m, fx, fd), np.where(m, fc, fx)
        c, d = new_c, new_d
    return np.minimum(fc, fd)


def exact_w4b(pairs):
    """Exact distances on the WGS84 ellipsoid (GeographicLib through pyproj) of (sample id, licence id) pairs of the
    W4b data: 0 when the sample is in the licence, else the minimum over the licence's edges of the distance to the
    edge, searched along the edge (golden section, to well under a millimetre).  Two readings of an edge between two
    vertices: a geodesic (as PostGIS geography and GeographicLib), and a straight line in lon/lat (as GEOS and
    PostGIS geometry).  Returns {(sid, lid): (geodesic_edges_m, lonlat_edges_m)}; cached."""
    import math
    import numpy as np
    import pyproj
    import shapely.wkt
    from shapely.geometry import Point

    todo = sorted({p for p in pairs if p not in EXACT_CACHE})
    if not todo or not DATA:
        return EXACT_CACHE
    geod = pyproj.Geod(ellps="WGS84")
    ss = _read_csv_subset(os.path.join(DATA, "w4b_samples.csv"), "id", {s for s, _ in todo})
    lic = _read_csv_subset(os.path.join(DATA, "w4b_licences.csv"), "id", {l for _, l in todo})
    polys = {}
    edges = {}
    for l, r in lic.items():
        g = shapely.wkt.loads(r["wkt"])
        polys[l] = g
        segs = []
        for p in getattr(g, "geoms", [g]):
            for ring in [p.exterior] + list(p.interiors):
                cs = list(ring.coords)
                segs += [(x1, y1, x2, y2) for (x1, y1), (x2, y2) in zip(cs[:-1], cs[1:])]
        edges[l] = np.array(segs)
    item_pair, px, py, e = [], [], [], []
    for i, (s, l) in enumerate(todo):
        x, y = float(ss[s]["longitude"]), float(ss[s]["latitude"])
        if polys[l].intersects(Point(x, y)):
            EXACT_CACHE[(s, l)] = (0.0, 0.0)
            continue
        E = edges[l]
        c = math.cos(math.radians(y))
        ax, ay = (E[:, 0] - x) * c, E[:, 1] - y
        bx, by = (E[:, 2] - x) * c, E[:, 3] - y
        dx, dy = bx - ax, by - ay
        t = np.clip(-(ax * dx + ay * dy) / np.maximum(dx * dx + dy * dy, 1e-30), 0, 1)
        dist = np.hypot(ax + t * dx, ay + t * dy)  # local planar approximation, degrees of latitude
        keep = np.nonzero(dist <= dist.min() * 1.02 + 2e-4)[0]  # every edge that can be the nearest
        for k in keep:
            item_pair.append(i)
            px.append(x)
            py.append(y)
            e.append(E[k])
    if item_pair:
        item_pair = np.array(item_pair)
        px, py, e = np.array(px), np.array(py), np.array(e)
        x1, y1, x2, y2 = e[:, 0], e[:, 1], e[:, 2], e[:, 3]
        az12, _, length = geod.inv(x1, y1, x2, y2)

        def f_geodesic(sv):
            lon, lat, _ = geod.fwd(x1, y1, az12, sv)
            return geod.inv(px, py, lon, lat)[2]

        def f_lonlat(tv):
            return geod.inv(px, py, x1 + (x2 - x1) * tv, y1 + (y2 - y1) * tv)[2]

        zero = np.zeros(len(px))
        ends = np.minimum(geod.inv(px, py, x1, y1)[2], geod.inv(px, py, x2, y2)[2])
        dg = np.minimum(_golden_min(f_geodesic, zero, length), ends)
        dl = np.minimum(_golden_min(f_lonlat, zero, np.ones(len(px))), ends)
        best = {}
        for i, a, b in zip(item_pair.tolist(), dg.tolist(), dl.tolist()):
            g0, l0 = best.get(i, (float("inf"), float("inf")))
            best[i] = (min(g0, a), min(l0, b))
        for i, v in best.items():
            EXACT_CACHE[todo[i]] = v
    return EXACT_CACHE


CHECKS = {"W2": check_w2, "W3": check_w3, "W4a": check_w4a, "W4b": check_w4b}
TITLES = {"W2": "W2 samples per licence", "W3": "W3 overlapping licence pairs and intersection area",
          "W4a": "W4a samples within 5 km of each query point", "W4b": "W4b nearest licence to each sample"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out")
    ap.add_argument("--workloads", default="W2,W3,W4a,W4b")
    ap.add_argument("--pg", default="")
    ap.add_argument("--data", help="the generator's files: a few reference figures are recomputed from them")
    ap.add_argument("--reference", default="postgis")
    ap.add_argument("--same-answer", nargs=3, metavar=("W", "FILE1", "FILE2"))
    a = ap.parse_args()

    global DATA
    DATA = a.data
    if a.same_answer:
        w, f1, f2 = a.same_answer
        x, y = load(w, f1), load(w, f2)
        if x != y:
            print(f"NOTE: {f2} differs from the first run's answer ({f1})")
            return 1
        return 0

    summary = {}
    for w in a.workloads.split(","):
        files = {os.path.basename(p)[len(w) + 1:-4]: p for p in glob.glob(os.path.join(a.out, f"{w}.*.csv"))}
        if not files:
            continue
        print(f"{TITLES[w]}")
        summary[w] = {}
        if a.reference not in files:
            print(f"  no {a.reference} answer to compare with; tools that answered: {', '.join(sorted(files))}\n")
            continue
        try:
            ref = load(w, files[a.reference])
        except Exception as e:  # noqa: BLE001 - reported, not fatal
            print(f"  the reference answer cannot be read: {e}\n")
            continue
        if a.data:
            try:
                spot = spot_check_reference(w, ref, a.data)
            except Exception as e:  # noqa: BLE001
                spot = f"failed: {type(e).__name__}: {e}"
            if spot:
                print(f"  reference spot-check: {spot}")
        stats_printed = False
        for tool in sorted(files, key=lambda t: (t not in ("lode", "lode-pg"), t != a.reference, t)):
            if tool == a.reference and w != "W4b":
                continue   # on W4b the reference's own distances are checked against the exact ones too
            name = TOOL_NAMES.get(tool, tool)
            try:
                got = load(w, files[tool])
                problems, stats = CHECKS[w](ref, got, a.pg)
            except Exception as e:  # noqa: BLE001
                problems, stats = [f"answer unreadable: {type(e).__name__}: {e}"], {}
            if not stats_printed and stats:
                print("  reference (PostGIS): " + ", ".join(f"{k} {v:,}" if isinstance(v, int) else f"{k} {v:.3g}"
                                                           for k, v in stats.items() if not k.startswith("max")))
                stats_printed = True
            extra_stats = {k: v for k, v in stats.items() if k.startswith("max") or k.startswith("other")}
            tail = ("  [" + ", ".join(f"{k} {v:.3g}" for k, v in extra_stats.items()) + "]") if extra_stats else ""
            if problems:
                print(f"  {name}: DISAGREES{tail}")
                for p in problems:
                    print(f"    - {p}")
            else:
                print(f"  {name}: agrees{tail}")
            summary[w][tool] = {"agree": not problems, "problems": problems, "stats": stats}
        print()
    with open(os.path.join(a.out, "disagreements.json"), "w") as f:
        json.dump(summary, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
