#!/usr/bin/env python3
"""Writes the query reference geometries (areas.geojson, points.geojson).

Polygons have vertices at most 0.002 degrees (~220 m) apart, so that reading an edge as a
straight line in longitude/latitude (lode, GEOS) or as a geodesic (PostGIS geography) agrees to
millimetres. Coordinates are chosen by hand (round numbers near the Mahenge proxy point of
geodata/, near Fiji's antimeridian and in Uzbekistan); nothing here is a real site.
"""
import json

STEP = 0.002


def edge(a, b):
    (x0, y0), (x1, y1) = a, b
    n = max(1, round(max(abs(x1 - x0), abs(y1 - y0)) / STEP))
    return [(round(x0 + (x1 - x0) * i / n, 9), round(y0 + (y1 - y0) * i / n, 9)) for i in range(n)]


def ring(corners):
    pts = []
    for a, b in zip(corners, corners[1:] + corners[:1]):
        pts += edge(a, b)
    return pts + [pts[0]]


def box(w, s, e, n, clockwise=False):
    c = [(w, s), (e, s), (e, n), (w, n)]
    return ring(c[::-1] if clockwise else c)


def feature(fid, geometry, **props):
    return {"type": "Feature", "properties": {"id": fid, "name": fid, **props}, "geometry": geometry}


def poly(*rings):
    return {"type": "MultiPolygon", "coordinates": [[[list(p) for p in r] for r in rings]]}


def multipoly(*polys):
    return {"type": "MultiPolygon", "coordinates": [[[list(p) for p in r] for r in rings] for rings in polys]}


areas = [
    feature("SQ", poly(box(36.70, -8.70, 36.72, -8.68), box(36.705, -8.695, 36.71, -8.69, clockwise=True))),
    feature("SQ2", poly(box(36.715, -8.69, 36.735, -8.67))),
    feature("SQ2-COPY", poly(box(36.715, -8.69, 36.735, -8.67))),
    feature("WEST", poly(box(36.68, -8.70, 36.70, -8.68))),            # shares SQ's west edge
    feature("CORNER", poly(box(36.72, -8.72, 36.74, -8.70))),          # meets SQ at one corner
    feature("FIJI", multipoly([box(179.8, -17.0, 180.0, -16.8)], [box(-180.0, -17.0, -179.8, -16.8)])),
    feature("UZ-PAIR", multipoly([box(69.60, 40.90, 69.62, 40.92)], [box(69.66, 40.90, 69.68, 40.92)])),
]
points = [
    feature("IN", {"type": "Point", "coordinates": [36.71, -8.685]}),
    feature("HOLE", {"type": "Point", "coordinates": [36.7075, -8.6925]}),
    feature("EAST", {"type": "Point", "coordinates": [36.75, -8.69]}),
    feature("EDGE", {"type": "Point", "coordinates": [36.70, -8.69]}),
    feature("DODOMA", {"type": "Point", "coordinates": [35.74194, -6.17306]}),
    feature("FIJI-IN", {"type": "Point", "coordinates": [179.95, -16.9]}),
    feature("FIJI-EAST", {"type": "Point", "coordinates": [-179.7, -16.9]}),
    feature("FIJI-WEST", {"type": "Point", "coordinates": [179.7, -16.95]}),
    feature("UZ-GAP", {"type": "Point", "coordinates": [69.64, 40.91]}),
]
for name, features in (("areas", areas), ("points", points)):
    with open(f"{name}.geojson", "w") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f)
