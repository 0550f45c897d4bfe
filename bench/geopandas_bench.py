#!/usr/bin/python3
"""The GeoPandas peer: one workload per run, reading the generator's CSV files, answer as CSV on stdout.

    geopandas_bench.py W2|W3|W4a|W4b --data DIR

Debian 12's python3-geopandas is 0.12.2 on Shapely 1.8 with rtree (no PyGEOS, no Shapely 2): spatial joins go
through rtree and a Python loop over the query geometries, and sjoin_nearest is not available.

W2   gpd.sjoin(licences, samples, predicate="intersects", how="left"), counted per licence (zeros kept).
W3   gpd.sjoin(licences, licences, predicate="intersects"), a.id < b.id, the intersections' area in EPSG:6933
     (WGS 84 / NSIDC EASE-Grid 2.0 Global: Lambert cylindrical equal-area on the WGS84 ellipsoid).
W4a  every query point's lon/lat box that holds its 5 km circle, gpd.sjoin(boxes, samples, "intersects"), then
     the geodesic distance (pyproj.Geod, WGS84, Karney) <= 5000 m: exact on the ellipsoid.
W4b  gpd.sjoin_nearest in a UTM zone per region (estimate_utm_crs) when this GeoPandas has it; on Debian 12 it
     raises NotImplementedError, and the fallback is what a user then writes: per sample, the rtree's nearest
     bounding box gives a first distance d, then every licence whose box meets the sample's d-box is measured
     (shapely distance in the UTM plane) and the nearest kept.  Distances are planar UTM metres.
"""

import argparse
import sys
import time
import warnings

import numpy as np
import pandas as pd
import geopandas as gpd
import pyproj
import shapely.wkt

warnings.filterwarnings("ignore")
T0 = time.monotonic()


def log(msg):
    print(f"geopandas: {time.monotonic() - T0:7.2f} s  {msg}", file=sys.stderr, flush=True)


def read_points(path):
    df = pd.read_csv(path, usecols=["id", "longitude", "latitude"], dtype={"id": str})
    return gpd.GeoDataFrame({"id": df["id"]}, geometry=gpd.points_from_xy(df["longitude"], df["latitude"]),
                            crs="EPSG:4326")


def read_polygons(path):
    df = pd.read_csv(path, usecols=["id", "wkt"], dtype={"id": str})
    return gpd.GeoDataFrame({"id": df["id"]}, geometry=gpd.GeoSeries.from_wkt(df["wkt"]), crs="EPSG:4326")


def w2(data):
    lic = read_polygons(f"{data}/licences.csv")
    smp = read_points(f"{data}/samples.csv")
    log(f"read {len(lic)} licences, {len(smp)} samples")
    j = gpd.sjoin(lic, smp, predicate="intersects", how="left")
    log(f"sjoin: {j['index_right'].notna().sum()} pairs")
    counts = j.groupby("id_left")["index_right"].count()
    out = pd.DataFrame({"id": counts.index, "count": counts.values})
    out.to_csv(sys.stdout, index=False)


def w3(data):
    lic = read_polygons(f"{data}/licences.csv")
    log(f"read {len(lic)} licences")
    j = gpd.sjoin(lic, lic, predicate="intersects")
    j = j[j["id_left"] < j["id_right"]]
    log(f"sjoin: {len(j)} pairs")
    a = gpd.GeoSeries(j.geometry.values, crs="EPSG:4326")
    b = gpd.GeoSeries(lic.geometry.values[j["index_right"].values], crs="EPSG:4326")
    inter = a.intersection(b)
    area = inter.to_crs("EPSG:6933").area / 1e6
    log("intersections and areas")
    out = pd.DataFrame({"a_id": j["id_left"].values, "b_id": j["id_right"].values, "area_km2": area.values})
    out.to_csv(sys.stdout, index=False, float_format="%.12g")


def w4a(data):
    q = read_points(f"{data}/occurrences.csv")
    smp = read_points(f"{data}/samples.csv")
    log(f"read {len(q)} query points, {len(smp)} samples")
    x = q.geometry.x.values
    y = q.geometry.y.values
    dlat = 0.0453  # 5 km is at most 0.0452 degree of latitude
    dlon = dlat / np.cos(np.radians(np.abs(y) + dlat))
    from shapely.geometry import box
    boxes = gpd.GeoDataFrame({"id": q["id"].values, "qx": x, "qy": y},
                             geometry=[box(x0, y0, x1, y1) for x0, y0, x1, y1 in
                                       zip(x - dlon, y - dlat, x + dlon, y + dlat)], crs="EPSG:4326")
    j = gpd.sjoin(boxes, smp, predicate="intersects")
    log(f"sjoin: {len(j)} candidate pairs")
    sg = smp.geometry.values[j["index_right"].values]
    sx = np.array([p.x for p in sg])
    sy = np.array([p.y for p in sg])
    _, _, dist = pyproj.Geod(ellps="WGS84").inv(j["qx"].values, j["qy"].values, sx, sy)
    keep = dist <= 5000.0
    log(f"{keep.sum()} within 5 km")
    out = pd.DataFrame({"from_id": j["id_left"].values[keep], "id": j["id_right"].values[keep],
                        "distance_m": dist[keep]})
    out.to_csv(sys.stdout, index=False, float_format="%.6f")


def region_of(lon):
    # the four regions are far apart in longitude (generate.py): Nigeria, Tanzania, Uzbekistan, Western Australia
    return np.select([lon < 20, lon < 50, lon < 100], [0, 1, 2], 3)


def nearest_fallback(pts, lic):
    """Exact planar nearest with rtree: the nearest box first, then every box within that distance."""
    tree = lic.sindex  # geopandas' RTreeIndex (an rtree.index.Index)
    geoms = lic.geometry.values
    ids = lic["id"].values
    out_id = []
    out_d = []
    for p in pts.geometry.values:
        x, y = p.x, p.y
        first = next(iter(tree.nearest((x, y, x, y), 1)))
        d = p.distance(geoms[first])
        best, best_d = first, d
        if d > 0:
            for c in tree.intersection((x - d, y - d, x + d, y + d)):
                dc = p.distance(geoms[c])
                if dc < best_d or (dc == best_d and ids[c] < ids[best]):
                    best, best_d = c, dc
        else:
            for c in tree.intersection((x, y, x, y)):
                if ids[c] < ids[best] and p.distance(geoms[c]) == 0:
                    best = c
        out_id.append(ids[best])
        out_d.append(best_d)
    return out_id, out_d


def w4b(data):
    smp = read_points(f"{data}/w4b_samples.csv")
    lic = read_polygons(f"{data}/w4b_licences.csv")
    log(f"read {len(smp)} samples, {len(lic)} licences")
    sreg = region_of(smp.geometry.x.values)
    lreg = region_of(lic.geometry.bounds["minx"].values)
    parts = []
    method = "sjoin_nearest"
    for r in range(4):
        s = smp[sreg == r]
        l = lic[lreg == r]
        if len(s) == 0 or len(l) == 0:
            continue
        crs = s.estimate_utm_crs()
        s = s.to_crs(crs)
        l = l.to_crs(crs).reset_index(drop=True)
        try:
            j = gpd.sjoin_nearest(s, l, distance_col="distance_m")
            j = j.sort_values(["id_left", "distance_m", "id_right"]).drop_duplicates("id_left")
            parts.append(pd.DataFrame({"from_id": j["id_left"].values, "id": j["id_right"].values,
                                       "distance_m": j["distance_m"].values}))
        except NotImplementedError as e:
            method = "rtree fallback (sjoin_nearest raised NotImplementedError: " + str(e)[:70] + "...)"
            nid, nd = nearest_fallback(s, l)
            parts.append(pd.DataFrame({"from_id": s["id"].values, "id": nid, "distance_m": nd}))
        log(f"region {r}: {len(s)} samples, {len(l)} licences, {crs.name}")
    log(f"method: {method}")
    pd.concat(parts).to_csv(sys.stdout, index=False, float_format="%.6f")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("workload", choices=["W2", "W3", "W4a", "W4b"])
    ap.add_argument("--data", required=True)
    a = ap.parse_args()
    {"W2": w2, "W3": w3, "W4a": w4a, "W4b": w4b}[a.workload](a.data)
    log("done")


if __name__ == "__main__":
    main()
