#!/usr/bin/python3
"""Shipped data for the kinds hazard_zones, mine_waste, geology, structures and infrastructure.

Uses make_geodata.py's anchors (each copied from ../shared/FACTS-geodata.md) and writers. Every shape
and point here is ILLUSTRATIVE: placed at a stated distance and bearing from a sourced anchor on an
azimuthal equidistant plane centred on it, and marked accuracy=illustrative. Deterministic.
Run: /usr/bin/python3 geodata/make_kinds_geodata.py
"""
import math
import os

from osgeo import ogr

import make_geodata as g

HERE = os.path.dirname(os.path.abspath(__file__))
ILL = "ILLUSTRATIVE: placed %s of the %s; not a mapped %s"


def at(anchor, km, bearing):
    """(x, y) in metres on the anchor's azimuthal equidistant plane."""
    return (km * 1000 * math.sin(math.radians(bearing)), km * 1000 * math.cos(math.radians(bearing)))


def to_lonlat(anchor, pts):
    t = g.transformer(g.srs_aeqd(anchor), g.WGS84)
    out = []
    for x, y in pts:
        lon, lat, _ = t.TransformPoint(x, y)
        out.append((round(lon, 7), round(lat, 7)))
    return out


def box(anchor, km, bearing, w_km, h_km):
    cx, cy = at(anchor, km, bearing)
    w, h = w_km * 500, h_km * 500
    ring = [(cx - w, cy - h), (cx + w, cy - h), (cx + w, cy + h), (cx - w, cy + h), (cx - w, cy - h)]
    # densified edges so that the outline is the plane's rectangle
    dense = []
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        for i in range(8):
            dense.append((x0 + (x1 - x0) * i / 8, y0 + (y1 - y0) * i / 8))
    dense.append(ring[0])
    return "POLYGON ((%s))" % ", ".join("%r %r" % p for p in to_lonlat(anchor, dense))


def point(anchor, km, bearing):
    (lon, lat), = to_lonlat(anchor, [at(anchor, km, bearing)])
    return g.wkt_point(lon, lat)


def line(anchor, pts):
    return "LINESTRING (%s)" % ", ".join("%r %r" % p for p in to_lonlat(anchor, [at(anchor, k, b) for k, b in pts]))


def where(km, bearing, anchor):
    return "%g km at %g° from the %s" % (km, bearing, g.SHORT_SRC.get(anchor) or "%s point (%s)" % (anchor, g.ANCHORS[anchor][2]))


def hazard_zones():
    a = "almalyk"
    rows = [
        # id, name, hazard, level, basis, km, bearing, w, h
        ("UZ-HZ-01", "Чиқиндихона тўғони зонаси / Chiqindixona toʻgʻoni zonasi (tailings dam zone)", "tailings-dam failure",
         "very high", "dam-break run-out (illustrative)", 5, 225, 3, 2),
        ("UZ-HZ-02", "Кўчки зонаси / Koʻchki zonasi (landslide zone) NE", "landslide", "high",
         "slope model (illustrative)", 12, 45, 4, 2.5),
        ("UZ-HZ-03", "Чўкиш зонаси / Choʻkish zonasi (subsidence zone)", "subsidence", "high",
         "InSAR subsidence (illustrative)", 2, 180, 2, 2),
        ("UZ-HZ-04", "Сел оқими / Sel oqimi (mudflow channel)", "mudflow", "moderate",
         "historical events (illustrative)", 9, 90, 6, 1.5),
        ("UZ-HZ-05", "Тош кўчиши / Tosh koʻchishi (rockfall)", "rockfall", "low",
         "slope model (illustrative)", 16, 330, 3, 2),
    ]
    feats = []
    for id_, name, hazard, level, basis, km, b, w, h in rows:
        feats.append(({"id": id_, "name": name, "hazard": hazard, "level": level, "basis": basis,
                       "assessed_on": "2024-10-01", "accuracy": "illustrative",
                       "source": "ILLUSTRATIVE: %g x %g km box centred %s" % (w, h, where(km, b, a))},
                      box(a, km, b, w, h)))
    fields = [("id", "text"), ("name", "text"), ("hazard", "text"), ("level", "text"), ("basis", "text"),
              ("assessed_on", "date"), ("accuracy", "text"), ("source", "text")]
    g.write_geojson(os.path.join(HERE, "uzbekistan/uz_hazard_zones.geojson"), "uz_hazard_zones", ogr.wkbPolygon, fields, feats)


def infrastructure():
    a = "almalyk"
    rows = [
        # id, name, type, km, bearing   (comment: where it stands against the hazard zones)
        ("UZ-INF-01", "Дала лагери 1 / Dala lageri 1 (field camp)", "camp", 12.3, 44),       # inside UZ-HZ-02 (landslide, high)
        ("UZ-INF-02", "Керн омбори / Kern ombori (core shed)", "core shed", 0.5, 0),          # 1.5 km N of UZ-HZ-03 (subsidence, high)
        ("UZ-INF-03", "Қишлоқ А / Qishloq A (village)", "village", 8.5, 230),                # ~1 km SW of UZ-HZ-01 (tailings dam, very high)
        ("UZ-INF-04", "Сув олиш жойи / Suv olish joyi (water point)", "water", 9, 150),       # > 2 km from every high zone
        ("UZ-INF-05", "Дала лагери 2 / Dala lageri 2 (field camp)", "camp", 16, 330),         # inside UZ-HZ-05 (rockfall, low)
        ("UZ-INF-06", "Йўллар кесишмаси / Yoʻllar kesishmasi (road junction)", "road junction", 20, 100),  # far from all
    ]
    feats = []
    for id_, name, kind, km, b in rows:
        feats.append(({"id": id_, "name": name, "site_type": kind, "status": "in use", "accuracy": "illustrative",
                       "source": "ILLUSTRATIVE: placed " + where(km, b, a)}, point(a, km, b)))
    fields = [("id", "text"), ("name", "text"), ("site_type", "text"), ("status", "text"), ("accuracy", "text"),
              ("source", "text")]
    g.write_geojson(os.path.join(HERE, "uzbekistan/uz_infrastructure.geojson"), "uz_infrastructure", ogr.wkbPoint, fields, feats)


def geology_and_structures():
    a = "almalyk"
    units = [
        ("UZ-GEO-01", "Cgr", "Granite host (illustrative unit)", "granite", "Carboniferous", 12, 45, 9, 6),
        ("UZ-GEO-02", "Ppg", "Pegmatite field (illustrative unit)", "pegmatite", "Permian", 12, 45, 3, 1.5),
        ("UZ-GEO-03", "Q", "Alluvium (illustrative unit)", "alluvium", "Quaternary", 4, 200, 8, 4),
    ]
    feats = [({"id": i, "unit_code": c, "unit_name": n, "lithology": l, "age": age,
               "source_map": "none: illustrative unit for the demo", "accuracy": "illustrative",
               "source": "ILLUSTRATIVE: %g x %g km box centred %s" % (w, h, where(km, b, a))}, box(a, km, b, w, h))
             for i, c, n, l, age, km, b, w, h in units]
    fields = [("id", "text"), ("unit_code", "text"), ("unit_name", "text"), ("lithology", "text"), ("age", "text"),
              ("source_map", "text"), ("accuracy", "text"), ("source", "text")]
    g.write_geojson(os.path.join(HERE, "uzbekistan/uz_geology.geojson"), "uz_geology", ogr.wkbPolygon, fields, feats)

    lines = [
        ("UZ-ST-01", "Fault F1 (illustrative)", "fault", "normal", 65.0, 135.0, [(9, 20), (12, 45), (15, 60)]),
        ("UZ-ST-02", "Shear S1 (illustrative)", "shear", "strike-slip", 80.0, 300.0, [(10, 70), (13, 40), (16, 25)]),
        ("UZ-ST-03", "Lineament L1 (illustrative)", "lineament", "", None, None, [(6, 250), (3, 200), (2, 130)]),
    ]
    feats = [({"id": i, "name": n, "structure": s, "movement": m, "dip_deg": d, "dip_direction_deg": dd,
               "source_map": "none: illustrative trace for the demo", "accuracy": "illustrative",
               "source": "ILLUSTRATIVE: vertices at (km, bearing) %s from the %s" % (pts, g.SHORT_SRC[a])}, line(a, pts))
             for i, n, s, m, d, dd, pts in lines]
    fields = [("id", "text"), ("name", "text"), ("structure", "text"), ("movement", "text"), ("dip_deg", "real"),
              ("dip_direction_deg", "real"), ("source_map", "text"), ("accuracy", "text"), ("source", "text")]
    g.write_geojson(os.path.join(HERE, "uzbekistan/uz_structures.geojson"), "uz_structures", ogr.wkbLineString, fields, feats)


def mine_waste():
    rows = [
        ("AU-MW-01", "Greenbushes tailings storage facility (illustrative)", "tailings storage facility", "greenbushes",
         "Greenbushes lithium mine (Talison Lithium)", "Li;Ta;Sn", 2.0, 135, 1.2, 0.8, "active"),
        ("AU-MW-02", "Greenbushes waste-rock dump (illustrative)", "waste-rock dump", "greenbushes",
         "Greenbushes lithium mine (Talison Lithium)", "Li;Ta", 1.5, 270, 0.8, 0.6, "active"),
        ("AU-MW-03", "Mount Weld tailings (illustrative)", "tailings storage facility", "mount_weld",
         "Mount Weld rare earths mine (Lynas Corporation)", "REE", 2.5, 90, 1.0, 1.0, "active"),
        ("AU-MW-04", "Pilgangoora waste-rock dump (illustrative)", "waste-rock dump", "pilgangoora",
         "Pilgangoora lithium-tantalum deposit (Pilbara Minerals)", "Li;Ta", 2.0, 200, 1.5, 1.0, "active"),
    ]
    feats = [({"id": i, "name": n, "facility_type": t, "host_operation": host, "commodities": c,
               "status": st, "accuracy": "illustrative",
               "source": "ILLUSTRATIVE footprint: %g x %g km box centred %s; no tonnage published here" % (w, h, where(km, b, a))},
              box(a, km, b, w, h))
             for i, n, t, a, host, c, km, b, w, h, st in rows]
    fields = [("id", "text"), ("name", "text"), ("facility_type", "text"), ("host_operation", "text"),
              ("commodities", "text"), ("tonnage_t", "real"), ("status", "text"), ("accuracy", "text"), ("source", "text")]
    g.write_geojson(os.path.join(HERE, "australia/au_mine_waste.geojson"), "au_mine_waste", ogr.wkbPolygon, fields, feats)


if __name__ == "__main__":
    hazard_zones()
    infrastructure()
    geology_and_structures()
    mine_waste()
