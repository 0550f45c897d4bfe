"""Compares lode's export of a layer with ogr2ogr's EPSG:4326 copy of the source: feature counts
and the largest coordinate difference (features sorted by their coordinates; empty geometries are skipped by both;
a MultiPoint counts as its points, as `lode import --create` makes each a feature, and a geometry
collection as its points and one feature of its lines and one of its polygons, as --create splits it; curves are compared
as OGR linearises them, as lode stores them)."""
import sys
from osgeo import ogr
ogr.UseExceptions()

def coords(path):
    try:
        ds = ogr.Open(path)
    except RuntimeError:
        ds = None
    if ds is None:
        print(f"cannot open {path.rsplit('/', 1)[-1]}"); sys.exit()
    out = []
    for i in range(ds.GetLayerCount()):
        layer = ds.GetLayer(i)
        if layer.GetName() in ("projects", "partners", "project_partners", "layer_styles") or layer.GetGeomType() == ogr.wkbNone:
            continue
        for f in layer:
            g = f.GetGeometryRef()
            if g is None or g.IsEmpty():
                continue
            g = g.GetLinearGeometry()   # lode keeps curves as OGR linearises them (its default step)
            g.FlattenTo2D()
            if g.GetGeometryType() == ogr.wkbGeometryCollection:   # lode --create splits it by type:
                parts = {}                                         # its points, lines, polygons
                for k in range(g.GetGeometryCount()):
                    m = g.GetGeometryRef(k)
                    family = {ogr.wkbPoint: 0, ogr.wkbMultiPoint: 0, ogr.wkbLineString: 1, ogr.wkbMultiLineString: 1}.get(m.GetGeometryType(), 2)
                    parts.setdefault(family, []).append(m)
                for family, members in parts.items():
                    if family == 0:
                        for m in members:
                            out.extend([p] for p in (m.GetPoints() or []))
                    else:
                        pts = []
                        for m in members:
                            walk_into = [m]
                            while walk_into:
                                x = walk_into.pop(0)
                                if x.GetGeometryCount():
                                    walk_into = [x.GetGeometryRef(j) for j in range(x.GetGeometryCount())] + walk_into
                                else:
                                    pts.extend(x.GetPoints() or [])
                        out.append(pts)
                continue
            if g.GetGeometryType() == ogr.wkbMultiPoint:   # lode --create makes each point a feature
                out.extend([g.GetGeometryRef(k).GetPoint_2D()] for k in range(g.GetGeometryCount()))
                continue
            pts = []
            def walk(x):
                if x.GetGeometryCount():
                    for k in range(x.GetGeometryCount()):
                        walk(x.GetGeometryRef(k))
                else:
                    pts.extend(x.GetPoints() or [])
            walk(g)
            out.append(pts)
    return out

a, b = sorted(coords(sys.argv[1])), sorted(coords(sys.argv[2]))   # a mixed source comes back in one layer per type
if len(a) != len(b):
    print(f"{len(a)} features, ogr2ogr {len(b)}"); sys.exit()
worst = 0.0
for pa, pb in zip(a, b):
    if len(pa) != len(pb):
        print(f"vertex counts differ ({len(pa)} vs {len(pb)})"); sys.exit()
    for p, q in zip(pa, pb):
        worst = max(worst, abs(p[0] - q[0]), abs(p[1] - q[1]))
print(("agree" if worst <= 1e-9 else "differ") + f": {len(a)} features, max |Δ| {worst:.1e}°")
