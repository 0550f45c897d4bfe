#!/usr/bin/python3
"""Build lode's shipped demo/test data in geodata/.

Run with Debian's Python, which has GDAL's bindings (python3-gdal):

    /usr/bin/python3 geodata/make_geodata.py                 # everything
    /usr/bin/python3 geodata/make_geodata.py --skip-basemap  # keep basemap/
    /usr/bin/python3 geodata/make_geodata.py --basemap-json /tmp/wa/package/countries-50m.json

The output is deterministic: every coordinate is either copied from
../shared/FACTS-geodata.md (table ANCHORS below, with its source) or is an
illustrative shape placed at a fixed distance and bearing from such an anchor.
Illustrative assays come from random.Random with fixed seeds.  GeoPackage and
DBF timestamps are pinned (OGR_CURRENT_DATE, DBF_DATE_LAST_UPDATE).

Without --basemap-json the basemap step runs `npm pack world-atlas@2.0.2` in a
temporary folder (the npm registry must be reachable).
"""

import argparse
import csv
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile

from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ogr.UseExceptions()
osr.UseExceptions()

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED_TIMESTAMP = "2025-12-12T00:00:00.000Z"   # date of the KIGAM forum (article 004)
gdal.SetConfigOption("OGR_CURRENT_DATE", FIXED_TIMESTAMP)

ARTICLE_004 = ("background article 004 (KIGAM 2025 Critical Minerals International Forum, "
               "INFOCM 2025, Conrad Seoul, 12 Dec 2025)")

# --------------------------------------------------------------------------
# Anchors: copied from ../shared/FACTS-geodata.md.  (lat, lon, short source)
# --------------------------------------------------------------------------
ANCHORS = {
    # D. Uzbekistan
    "muruntau": (41.495833, 64.577500,
                 "FACTS-geodata D: Russian Wikipedia 'Мурунтау' infobox 41°29'45\"N 64°34'39\"E (conv.), "
                 "read on https://perceptiode.com/Мурунтау"),
    "almalyk": (40.850, 69.600,
                "FACTS-geodata D: Scots Wikipedia 'Olmaliq' 40°51'N 69°36'E, https://sco.wikipedia.org/wiki/Olmaliq"),
    "tashkent": (41.311111, 69.279722,
                 "FACTS-geodata D: English Wikipedia 'Tashkent' 41°18'40\"N 69°16'47\"E (conv.), "
                 "https://kiwix.lema.org/wikipedia_en_all_mini_2024-02/A/Tashkent"),
    # A. Australia
    "greenbushes": (-33.865976, 116.064756,
                    "FACTS-geodata A: English Wikipedia 'Greenbushes mine' infobox, read on "
                    "https://review.clateway.com/wiki/view_html.php?q=Greenbushes_mine&sq=Qlik"),
    "pilgangoora": (-21.071944, 118.901389,
                    "FACTS-geodata A: PorterGeo 21°4'19\"S 118°54'5\"E (conv.), "
                    "https://portergeo.com.au/database/mineinfo.asp?mineid=mn1535"),
    "mount_weld": (-28.86000, 122.54778,
                   "FACTS-geodata A: English Wikipedia 'Mount Weld mine' 28°51'36\"S 122°32'52\"E, "
                   "https://en.wikipedia.org/wiki/Mount_Weld"),
    "nolans": (-22.593611, 133.238333,
               "FACTS-geodata A: PorterGeo 22°35'37\"S 133°14'18\"E (conv.), "
               "http://portergeo.com.au/database/mineinfo.asp?mineid=mn1548"),
    "mount_cattlin": (-33.563056, 120.035278,
                      "FACTS-geodata A: PorterGeo 33°33'47\"S 120°2'7\"E (conv.), "
                      "https://portergeo.com.au/database/mineinfo.asp?mineid=mn1538"),
    # B. Tanzania
    "mahenge": (-8.68222, 36.71667,
                "FACTS-geodata B: Swahili Wikipedia 'Mahenge (mji)' 8°40'56\"S 36°43'0\"E, "
                "https://sw.wikipedia.org/wiki/Mahenge_(mji)"),
    "songwe_scarp": (-8.85, 33.27,
                     "FACTS-geodata B: Alkaline Rocks and Carbonatites of the World, occurrence 163-00-035 "
                     "(Lon 33.27, Lat -8.85), http://alkcarb.myspecies.info/node/2501"),
    "dodoma": (-6.17306, 35.74194,
               "FACTS-geodata B: Simple English Wikipedia 'Dodoma' 6°10'23\"S 35°44'31\"E, "
               "https://simple.wikipedia.org/wiki/Dodoma"),
    # C. Nigeria
    "keffi": (8.8464, 7.8733,
              "FACTS-geodata C: Wikipedia 'Keffi' 8°50'47\"N 7°52'24\"E, read on https://it.qwe.wiki/wiki/Keffi "
              "and an en.wikipedia revision diff"),
    "jos_plateau": (9.5667, 9.0833,
                    "FACTS-geodata C: English Wikipedia 'Jos Plateau' 9°34'00\"N 9°05'00\"E, "
                    "read on https://wikizero.com/En/Jos_Plateau"),
    "kwara": (8.500, 5.000,
              "FACTS-geodata C: Wikipedia 'Kwara State' 8°30'N 5°00'E (IPFS snapshot "
              "https://gateway.ipfs.io/ipfs/QmXoypizjW3WknFiJnKLwHCnL72vedxjQkDDP1mXWo6uco/wiki/Kwara.html)"),
}

# Short forms for fields with a 254-byte limit (shapefile DBF) and for 'source' texts.
SHORT_SRC = {
    "almalyk": "Almalyk city point 40.850N 69.600E (Scots Wikipedia 'Olmaliq', https://sco.wikipedia.org/wiki/Olmaliq)",
    "tashkent": "Tashkent city point 41.311111N 69.279722E (en.wikipedia 'Tashkent', Kiwix 2024-02)",
    "muruntau": "Muruntau mine point 41.495833N 64.5775E (ru.wikipedia 'Мурунтау' infobox, conv.)",
    "pilgangoora": "Pilgangoora point 21.071944S 118.901389E (PorterGeo mn1535, conv.)",
    "greenbushes": "Greenbushes mine point 33.865976S 116.064756E (en.wikipedia 'Greenbushes mine')",
    "mahenge": "Mahenge town 8.68222S 36.71667E (sw.wikipedia 'Mahenge (mji)')",
    "keffi": "Keffi town 8.8464N 7.8733E (Wikipedia 'Keffi')",
    "jos_plateau": "Jos Plateau centroid 9.5667N 9.0833E (en.wikipedia 'Jos Plateau')",
    "kwara": "Kwara State point 8.500N 5.000E (Wikipedia 'Kwara State')",
}

# --------------------------------------------------------------------------
# CRS helpers
# --------------------------------------------------------------------------

def srs_epsg(code):
    s = osr.SpatialReference()
    s.ImportFromEPSG(code)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)   # always x=lon/easting, y=lat/northing
    return s


WGS84 = srs_epsg(4326)


def srs_aeqd(anchor):
    lat, lon = ANCHORS[anchor][:2]
    s = osr.SpatialReference()
    s.ImportFromProj4("+proj=aeqd +lat_0=%r +lon_0=%r +datum=WGS84 +units=m +no_defs" % (lat, lon))
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


def transformer(src, dst):
    return osr.CoordinateTransformation(src, dst)


def project_anchor(anchor, epsg):
    lat, lon = ANCHORS[anchor][:2]
    x, y, _ = transformer(WGS84, srs_epsg(epsg)).TransformPoint(lon, lat)
    return x, y


def polar(dist_km, bearing_deg):
    """Offset (east, north) in metres for a distance and a bearing clockwise from north."""
    b = math.radians(bearing_deg)
    return dist_km * 1000.0 * math.sin(b), dist_km * 1000.0 * math.cos(b)


# Fixed radial factors give the illustrative outlines an irregular, hand-drawn look.
BLOB_FACTORS = [1.00, 0.93, 1.06, 0.97, 0.88, 1.04, 0.95, 1.08, 0.91, 1.02, 0.96, 1.05]


def blob_ring(cx, cy, semi_a_km, semi_b_km, rot_deg):
    """Closed ring (list of (x, y) metres) of a 12-vertex perturbed ellipse.
    semi_a is along the rotated x axis; rot_deg turns the shape anticlockwise
    from east."""
    r = math.radians(rot_deg)
    pts = []
    n = len(BLOB_FACTORS)
    for i, fct in enumerate(BLOB_FACTORS):
        t = 2 * math.pi * i / n
        u = semi_a_km * 1000 * fct * math.cos(t)
        v = semi_b_km * 1000 * fct * math.sin(t)
        pts.append((cx + u * math.cos(r) - v * math.sin(r), cy + u * math.sin(r) + v * math.cos(r)))
    pts.append(pts[0])
    return pts


def local_point(cx, cy, semi_a_km, semi_b_km, rot_deg, fu, fv):
    """Point at fractions (fu, fv) of the semi-axes inside the (rotated) ellipse."""
    r = math.radians(rot_deg)
    u = semi_a_km * 1000 * fu
    v = semi_b_km * 1000 * fv
    return cx + u * math.cos(r) - v * math.sin(r), cy + u * math.sin(r) + v * math.cos(r)


def rect_ring(x0, y0, x1, y1):
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]


def transform_coords(coords, src, dst, ndigits):
    t = transformer(src, dst)
    out = []
    for x, y in coords:
        X, Y, _ = t.TransformPoint(x, y)
        out.append((round(X, ndigits), round(Y, ndigits)))
    return out


def wkt_polygon(rings):
    return "POLYGON (%s)" % ", ".join(
        "(" + ", ".join("%r %r" % p for p in ring) + ")" for ring in rings)


def wkt_multipolygon(polys):
    return "MULTIPOLYGON (%s)" % ", ".join(
        "(" + ", ".join("(" + ", ".join("%r %r" % p for p in ring) + ")" for ring in poly) + ")"
        for poly in polys)


def wkt_linestring(coords):
    return "LINESTRING (%s)" % ", ".join("%r %r" % p for p in coords)


def wkt_point(x, y):
    return "POINT (%r %r)" % (x, y)


# --------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------
OFT = {"text": ogr.OFTString, "real": ogr.OFTReal, "integer": ogr.OFTInteger, "date": ogr.OFTDate}


def _mem_layer(name, srs, gtype, fields, features):
    ds = gdal.GetDriverByName("Memory").Create("mem", 0, 0, 0, gdal.GDT_Unknown)
    lyr = ds.CreateLayer(name, srs, gtype)
    for fname, ftype in fields:
        fd = ogr.FieldDefn(fname, OFT[ftype])
        lyr.CreateField(fd)
    for attrs, wkt in features:
        f = ogr.Feature(lyr.GetLayerDefn())
        for fname, ftype in fields:
            v = attrs.get(fname)
            if v is None or v == "":
                f.SetFieldNull(fname)
            elif ftype == "date":
                yy, mm, dd = (int(p) for p in v.split("-"))
                f.SetField(fname, yy, mm, dd, 0, 0, 0, 0)
            else:
                f.SetField(fname, v)
        g = ogr.CreateGeometryFromWkt(wkt)
        f.SetGeometry(g)
        lyr.CreateFeature(f)
    return ds


def _remove(path):
    base, ext = os.path.splitext(path)
    exts = [".shp", ".shx", ".dbf", ".prj", ".cpg"] if ext == ".shp" else [ext]
    for e in exts:
        if os.path.exists(base + e):
            os.remove(base + e)


def write_geojson(path, name, gtype, fields, features):
    """RFC 7946 GeoJSON (WGS84 lon/lat, no crs member, right-hand winding)."""
    _remove(path)
    src = _mem_layer(name, WGS84, gtype, fields, features)
    gdal.VectorTranslate(path, src, format="GeoJSON",
                         layerCreationOptions=["RFC7946=YES", "COORDINATE_PRECISION=7"])


def write_gpkg(path, name, epsg, gtype, fields, features):
    _remove(path)
    src = _mem_layer(name, srs_epsg(epsg), gtype, fields, features)
    gdal.VectorTranslate(path, src, format="GPKG")


def write_shp(path, epsg, gtype, fields, features):
    _remove(path)
    src = _mem_layer(os.path.splitext(os.path.basename(path))[0], srs_epsg(epsg), gtype, fields, features)
    gdal.VectorTranslate(path, src, format="ESRI Shapefile",
                         layerCreationOptions=["ENCODING=UTF-8", "DBF_DATE_LAST_UPDATE=2025-12-12"])


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(["" if v is None else v for v in r])


def xml_escape(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;"))


def write_kml(path, name, fields, placemarks):
    """KML 2.2 with a <Schema> and ExtendedData/SchemaData per placemark, the form
    GDAL's KML and LIBKML drivers read back as typed fields."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<kml xmlns="http://www.opengis.net/kml/2.2">',
             '<Document id="root_doc">',
             '  <name>%s</name>' % xml_escape(name),
             '  <Schema name="%s" id="%s">' % (name, name)]
    for f in fields:
        lines.append('    <SimpleField name="%s" type="string"></SimpleField>' % f)
    lines.append('  </Schema>')
    lines.append('  <Folder>')
    lines.append('    <name>%s</name>' % xml_escape(name))
    for pm in placemarks:
        lines.append('    <Placemark id="%s">' % xml_escape(pm["id"]))
        lines.append('      <name>%s</name>' % xml_escape(pm["name"]))
        lines.append('      <description>%s</description>' % xml_escape(pm["description"]))
        lines.append('      <ExtendedData><SchemaData schemaUrl="#%s">' % name)
        for f in fields:
            v = pm.get(f)
            if v not in (None, ""):
                lines.append('        <SimpleData name="%s">%s</SimpleData>' % (f, xml_escape(v)))
        lines.append('      </SchemaData></ExtendedData>')
        lines.append('      <Point><coordinates>%r,%r</coordinates></Point>' % (pm["lon"], pm["lat"]))
        lines.append('    </Placemark>')
    lines += ['  </Folder>', '</Document>', '</kml>', '']
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(lines))


# Field lists per layer kind (from layers/*.json), with the implicit `id` first.
F_OCC = [("id", "text"), ("name", "text"), ("main_commodity", "text"), ("commodities", "text"),
         ("deposit_type", "text"), ("status", "text"), ("operator", "text"), ("accuracy", "text"),
         ("source", "text")]
F_PROS = [("id", "text"), ("name", "text"), ("commodities", "text"), ("deposit_type", "text"),
          ("status", "text"), ("investigated", "date"), ("accuracy", "text"), ("source", "text")]
F_SURV = [("id", "text"), ("name", "text"), ("method", "text"), ("scale", "integer"), ("year", "integer"),
          ("agency", "text"), ("commodities", "text"), ("accuracy", "text"), ("source", "text")]
F_LIC = [("id", "text"), ("licence_no", "text"), ("name", "text"), ("licence_type", "text"),
         ("holder", "text"), ("jurisdiction", "text"), ("granted", "date"), ("expiry", "date"),
         ("status", "text"), ("commodities", "text"), ("accuracy", "text"), ("source", "text")]
F_TRAV = [("id", "text"), ("name", "text"), ("kind", "text"), ("method", "text"),
          ("surveyed_on", "date"), ("crew", "text"), ("accuracy", "text")]

ILL = "illustrative"


# --------------------------------------------------------------------------
# Programmes
# --------------------------------------------------------------------------

def make_projects():
    src = ARTICLE_004 + ", shared/background/004_b7379e6af165184b.txt"
    rows = [
        ["UZ-PEG", "Uzbekistan lithium and rare-earth pegmatite joint exploration", "UZ", "Li;REE",
         "preliminary investigation", "",
         "KIGAM-Uzbekistan cooperation since a 2019 MOU (big-data system and mining-disaster prediction "
         "system; no day or month given). KIGAM completed preliminary investigations in six promising areas "
         "in 2024 ('last year' in the December 2025 article); a joint research agreement on pegmatites "
         "containing lithium and rare-earth deposits is being prepared, expected to give Korean companies "
         "priority for participation in development.", src],
        ["AU-CMM", "Australia critical-minerals mapping, database and waste-utilisation joint research", "AU",
         "Li;Ta;REE",
         "joint research", "",
         "KIGAM and Geoscience Australia conduct joint research on building databases, mapping key minerals "
         "and waste-utilisation strategies; the University of Queensland is reviewing the provision of a "
         "testbed for waste research. No start date is given. The article names no commodities: Li;Ta;REE "
         "are those of the demo occurrences.", src],
        ["TZ-GRE", "Tanzania geological research and physical exploration joint project", "TZ",
         "graphite;REE",
         "MOU", "",
         "In preparation: 'Tanzania is preparing to materialize a joint project on geological research and "
         "physical exploration'; substantial research with African partners could begin as early as 2026. "
         "No MOU is reported; MOU is recorded as the earliest phase in lode's list. The article names no "
         "commodities: graphite;REE are those of the demo data (Mahenge graphite district, Songwe Scarp "
         "carbonatite).", src],
        ["NG-LIP", "Nigeria lithium pegmatite survey work", "NG", "Li;Sn",
         "MOU", "",
         "MOU stage: 'Discussions are underway to sign an MOU with Nigeria at this forum' (12 December 2025); "
         "the signature itself is not reported. The article names no commodities: Li follows NGSA's June 2022 "
         "report of high-grade lithium in Kwara State (withinnigeria.com, cited in FACTS-geodata C), Sn the "
         "Jos Plateau tin field.", src],
    ]
    write_csv(os.path.join(HERE, "projects.csv"),
              ["code", "name", "host_countries", "commodities", "phase", "start_date", "description", "source"],
              rows)

    kigam = "Korea Institute of Geoscience and Mineral Resources (KIGAM, 한국지질자원연구원)"
    prows = [
        ["UZ-PEG", kigam, "KR", "lead", ARTICLE_004],
        ["UZ-PEG", "Ministry of Mining Industry and Geology of Uzbekistan (article: 'Uzbekistan Mining Geology "
         "Department')", "UZ", "host-government agency",
         ARTICLE_004 + "; ministry name from FACTS-geodata D"],
        ["AU-CMM", kigam, "KR", "lead", ARTICLE_004],
        ["AU-CMM", "Geoscience Australia", "AU", "research partner", ARTICLE_004],
        ["AU-CMM", "The University of Queensland", "AU", "university",
         ARTICLE_004 + " (reviewing a waste-research testbed; Global Minerals Security Centre)"],
        ["TZ-GRE", kigam, "KR", "lead", ARTICLE_004],
        ["TZ-GRE", "Geological Survey of Tanzania (GST)", "TZ", "host-government agency",
         "Assumed counterpart: the article names Tanzania only; GST is the national survey "
         "(http://gst.go.tz/about/nut-shell, FACTS-geodata B)"],
        ["NG-LIP", kigam, "KR", "lead", ARTICLE_004],
        ["NG-LIP", "Nigerian Geological Survey Agency (NGSA)", "NG", "host-government agency",
         "Assumed counterpart: the article names Nigeria only; NGSA is the national survey "
         "(https://ngsa.gov.ng/about-us/, FACTS-geodata C)"],
    ]
    write_csv(os.path.join(HERE, "partners.csv"), ["project", "organisation", "country", "role", "source"], prows)


# --------------------------------------------------------------------------
# Uzbekistan
# --------------------------------------------------------------------------
# (id, anchor, distance km, bearing deg, semi-axis a km, semi-axis b km, rotation deg,
#  Cyrillic name, Latin name, English gloss, commodities, deposit type, kind of pegmatite)
UZ_PROSPECTS = [
    ("UZ-P01", "almalyk", 12, 45, 3.5, 2.0, 30,
     "Истиқболли майдон 1 — Олмалиқ шимоли-шарқи", "Istiqbolli maydon 1 — Olmaliq shimoli-sharqi",
     "Promising area 1, NE of Almalyk", "Li;Ta;Cs;Rb;Be", "LCT pegmatite (target model)", "LCT"),
    ("UZ-P02", "almalyk", 14, 110, 2.5, 1.5, -20,
     "Истиқболли майдон 2 — Олмалиқ шарқи", "Istiqbolli maydon 2 — Olmaliq sharqi",
     "Promising area 2, ESE of Almalyk", "Li;Ta;Nb", "LCT pegmatite (target model)", "LCT"),
    ("UZ-P03", "almalyk", 18, 300, 3.0, 1.8, 70,
     "Истиқболли майдон 3 — Олмалиқ шимоли-ғарби", "Istiqbolli maydon 3 — Olmaliq shimoli-gʻarbi",
     "Promising area 3, WNW of Almalyk", "REE;Nb;Y", "NYF pegmatite, REE (target model)", "NYF"),
    ("UZ-P04", "tashkent", 35, 60, 3.0, 2.2, 10,
     "Истиқболли майдон 4 — Тошкент шимоли-шарқи", "Istiqbolli maydon 4 — Toshkent shimoli-sharqi",
     "Promising area 4, ENE of Tashkent", "Li;REE", "Li-REE pegmatite (target model)", "MIX"),
    ("UZ-P05", "muruntau", 25, 90, 4.0, 2.5, -35,
     "Истиқболли майдон 5 — Мурунтов шарқи (Қизилқум)", "Istiqbolli maydon 5 — Muruntov sharqi (Qizilqum)",
     "Promising area 5, E of Muruntau, Kyzylkum", "REE;Nb;Ta", "NYF pegmatite, REE (target model)", "NYF"),
    ("UZ-P06", "muruntau", 30, 320, 3.0, 2.0, 50,
     "Истиқболли майдон 6 — Мурунтов шимоли-ғарби (Қизилқум)", "Istiqbolli maydon 6 — Muruntov shimoli-gʻarbi (Qizilqum)",
     "Promising area 6, NW of Muruntau, Kyzylkum", "Li;Cs;Ta", "LCT pegmatite (target model)", "LCT"),
]

DIRWORD = {45: "NE", 110: "ESE", 300: "WNW", 60: "ENE", 90: "E", 320: "NW"}

# Sample positions as fractions of the semi-axes (all well inside the outline).
SAMPLE_SLOTS = [(-0.55, 0.10), (-0.25, -0.35), (0.0, 0.30), (0.25, -0.20), (0.50, 0.15), (0.10, 0.0)]
SAMPLES_PER_PROSPECT = {"UZ-P01": 6, "UZ-P02": 3, "UZ-P03": 3, "UZ-P04": 3, "UZ-P05": 3, "UZ-P06": 2}

REE_SPLIT = {  # share of TREO per oxide, by pegmatite family (illustrative)
    "LCT": {"y2o3_ppm": 0.12, "la2o3_ppm": 0.20, "ceo2_ppm": 0.38, "pr6o11_ppm": 0.045,
            "nd2o3_ppm": 0.15, "dy2o3_ppm": 0.015, "tb4o7_ppm": 0.0025},
    "NYF": {"y2o3_ppm": 0.26, "la2o3_ppm": 0.15, "ceo2_ppm": 0.30, "pr6o11_ppm": 0.035,
            "nd2o3_ppm": 0.12, "dy2o3_ppm": 0.028, "tb4o7_ppm": 0.0045},
}
REE_SPLIT["MIX"] = {k: (REE_SPLIT["LCT"][k] + REE_SPLIT["NYF"][k]) / 2 for k in REE_SPLIT["LCT"]}

UZ_SAMPLE_COLS = ["id", "longitude", "latitude", "sample_type", "sampled_on", "lithology",
                  "li2o_pct", "ta2o5_ppm", "nb2o5_ppm", "cs2o_ppm", "rb2o_ppm", "be_ppm", "treo_ppm",
                  "y2o3_ppm", "la2o3_ppm", "ceo2_ppm", "pr6o11_ppm", "nd2o3_ppm", "dy2o3_ppm", "tb4o7_ppm",
                  "lab", "accuracy"]


def uz_prospect_geom(p):
    pid, anchor, dist, bearing, a, b, rot = p[:7]
    cx, cy = polar(dist, bearing)
    return cx, cy, a, b, rot


def make_uzbekistan():
    out = os.path.join(HERE, "uzbekistan")
    os.makedirs(out, exist_ok=True)

    # Prospects -------------------------------------------------------------
    feats = []
    for p in UZ_PROSPECTS:
        pid, anchor, dist, bearing, a, b, rot, cyr, lat, eng, comm, dtype, fam = p
        cx, cy, a, b, rot = uz_prospect_geom(p)
        ring = transform_coords(blob_ring(cx, cy, a, b, rot), srs_aeqd(anchor), WGS84, 6)
        feats.append(({
            "id": pid,
            "name": "%s / %s (%s; illustrative)" % (cyr, lat, eng),
            "commodities": comm, "deposit_type": dtype, "status": "preliminary investigation",
            "investigated": None, "accuracy": ILL,
            "source": ("Illustrative outline, no public location: centred %d km %s (bearing %d°) of the %s; "
                       "the six promising areas and their 2024 preliminary investigation: %s"
                       % (dist, DIRWORD[bearing], bearing, SHORT_SRC[anchor], ARTICLE_004)),
        }, wkt_polygon([ring])))
    write_geojson(os.path.join(out, "uz_prospects.geojson"), "uz_prospects", ogr.wkbPolygon, F_PROS, feats)

    # Occurrences -----------------------------------------------------------
    occ = [
        ({"id": "UZ-OCC-MURUNTAU", "name": "Мурунтов / Muruntov (Muruntau) gold mine — context",
          "main_commodity": "Au", "commodities": "Au", "deposit_type": "", "status": "mine",
          "operator": "", "accuracy": "approximate", "source": ANCHORS["muruntau"][2]}, "muruntau"),
        ({"id": "UZ-OCC-ALMALYK", "name": "Олмалиқ / Olmaliq (Almalyk) — city proxy for the Almalyk copper complex",
          "main_commodity": "Cu", "commodities": "Cu", "deposit_type": "", "status": "town proxy",
          "operator": "Almalyk Mining & Metallurgical Combine (AMMC)", "accuracy": "approximate",
          "source": ANCHORS["almalyk"][2] + ". City point, not the Kalmakyr open pit (not found)"}, "almalyk"),
        ({"id": "UZ-OCC-TASHKENT",
          "name": "Тошкент / Toshkent (Tashkent) — city proxy for the Ministry of Mining Industry and Geology",
          "main_commodity": "Li", "commodities": "Li;REE", "deposit_type": "none (programme office proxy)",
          "status": "town proxy", "operator": "", "accuracy": "approximate",
          "source": ANCHORS["tashkent"][2] + ". City point, not the ministry building (not found); "
                    "commodities are the UZ-PEG programme's, not the city's"}, "tashkent"),
    ]
    feats = [(a, wkt_point(ANCHORS[k][1], ANCHORS[k][0])) for a, k in occ]
    write_geojson(os.path.join(out, "uz_occurrences.geojson"), "uz_occurrences", ogr.wkbPoint, F_OCC, feats)

    # Samples (CSV, WGS84 lon/lat) ---------------------------------------------
    rng = random.Random(20240601)
    rows = []
    n = 0
    months = [(5, 14), (5, 21), (6, 4), (6, 18), (9, 10), (9, 24)]
    lith = {"LCT": ["spodumene pegmatite", "lepidolite-albite pegmatite", "muscovite pegmatite",
                    "aplite", "granite (host)", "spodumene pegmatite"],
            "NYF": ["allanite-bearing pegmatite", "amazonite pegmatite", "fergusonite-bearing pegmatite",
                    "syenite (host)", "granite (host)", "allanite-bearing pegmatite"],
            "MIX": ["lepidolite-albite pegmatite", "allanite-bearing pegmatite", "granite (host)",
                    "spodumene pegmatite", "aplite", "muscovite pegmatite"]}
    for p in UZ_PROSPECTS:
        pid, anchor, fam = p[0], p[1], p[12]
        cx, cy, a, b, rot = uz_prospect_geom(p)
        t = transformer(srs_aeqd(anchor), WGS84)
        for k in range(SAMPLES_PER_PROSPECT[pid]):
            n += 1
            fu, fv = SAMPLE_SLOTS[k]
            x, y = local_point(cx, cy, a, b, rot, fu, fv)
            lon, lat, _ = t.TransformPoint(x, y)
            li_ = lith[fam][k]
            host = "(host)" in li_ or li_ == "aplite"
            if fam == "LCT":
                li2o = rng.uniform(0.02, 0.3) if host else rng.uniform(0.4, 2.1)
                ta = rng.uniform(10, 40) if host else rng.uniform(40, 180)
                nb = rng.uniform(15, 60) if host else rng.uniform(40, 150)
                cs = rng.uniform(20, 90) if host else rng.uniform(120, 900)
                rb = rng.uniform(300, 900) if host else rng.uniform(1200, 4200)
                be = rng.uniform(5, 30) if host else rng.uniform(40, 260)
                treo = rng.uniform(60, 220)
            elif fam == "NYF":
                li2o = rng.uniform(0.005, 0.06)
                ta = rng.uniform(8, 60)
                nb = rng.uniform(60, 200) if host else rng.uniform(250, 1400)
                cs = rng.uniform(3, 30)
                rb = rng.uniform(150, 700)
                be = rng.uniform(2, 25)
                treo = rng.uniform(300, 900) if host else rng.uniform(1500, 7500)
            else:
                li2o = rng.uniform(0.05, 0.2) if host else rng.uniform(0.3, 1.4)
                ta = rng.uniform(20, 120)
                nb = rng.uniform(60, 400)
                cs = rng.uniform(30, 300)
                rb = rng.uniform(500, 2500)
                be = rng.uniform(10, 120)
                treo = rng.uniform(250, 2500)
            reo = {}
            for col, share in REE_SPLIT[fam].items():
                reo[col] = round(treo * share * rng.uniform(0.9, 1.1), 1)
            treo = round(max(treo, sum(reo.values()) * 1.08), 1)
            mm, dd = months[k]
            rows.append(["UZ24-R-%04d" % n, "%.6f" % lon, "%.6f" % lat, "rock chip",
                         "2024-%02d-%02d" % (mm, dd), li_,
                         "%.3f" % li2o, "%.1f" % ta, "%.1f" % nb, "%.1f" % cs, "%.1f" % rb, "%.1f" % be,
                         "%.1f" % treo] + ["%.1f" % reo[c] for c in UZ_SAMPLE_COLS[13:20]] +
                        ["ILLUSTRATIVE — not assayed (demo values)", ILL])
    write_csv(os.path.join(out, "uz_samples.csv"), UZ_SAMPLE_COLS, rows)

    # Traverses (GeoPackage, Pulkovo 1942 / Gauss-Kruger zone 12, EPSG:28412) ----
    p = UZ_PROSPECTS[0]
    cx, cy, a, b, rot = uz_prospect_geom(p)
    crew = "KIGAM 한국지질자원연구원 현장조사팀 (illustrative)"
    lines = [
        ("UZ-P01-T1", "1-marshrut / 1-маршрут", "geological traverse", "geological mapping, rock-chip sampling",
         "2024-05-14", [(-0.35, -1.25), (-0.40, 0.0), (-0.30, 1.25)]),
        ("UZ-P01-T2", "2-marshrut / 2-маршрут", "geological traverse", "geological mapping, rock-chip sampling",
         "2024-05-21", [(0.30, -1.25), (0.25, -0.30), (0.35, 1.25)]),
        ("UZ-P01-L1", "Namuna olish chizigʻi / Намуна олиш чизиғи (sampling line)", "sampling line",
         "rock-chip sampling", "2024-06-04", [(-1.2, 0.05), (-0.6, 0.0), (0.0, 0.1), (0.6, 0.0), (1.2, -0.05)]),
        ("UZ-P01-G1", "Magnitometrik profil 1 / Магнитометрик профил 1", "geophysical line", "ground magnetics",
         "2024-06-18", [(-1.2, -0.45), (1.2, -0.45)]),
    ]
    feats = []
    for tid, name, kind, method, date, fr in lines:
        pts = [local_point(cx, cy, a, b, rot, fu, fv) for fu, fv in fr]
        coords = transform_coords(pts, srs_aeqd(p[1]), srs_epsg(28412), 2)
        feats.append(({"id": tid, "name": name, "kind": kind, "method": method, "surveyed_on": date,
                       "crew": crew, "accuracy": ILL}, wkt_linestring(coords)))
    write_gpkg(os.path.join(out, "uz_traverses.gpkg"), "uz_traverses", 28412, ogr.wkbLineString, F_TRAV, feats)


# --------------------------------------------------------------------------
# Australia
# --------------------------------------------------------------------------

def make_australia():
    out = os.path.join(HERE, "australia")
    os.makedirs(out, exist_ok=True)
    occ = [
        ("AU-OCC-GREENBUSHES", "greenbushes", "Greenbushes lithium mine", "Li", "Li",
         "hard-rock spodumene pegmatite", "mine", "Talison Lithium"),
        ("AU-OCC-PILGANGOORA", "pilgangoora", "Pilgangoora lithium-tantalum deposit", "Li", "Li;Ta",
         "pegmatite Li-Ta", "deposit", "Pilbara Minerals"),
        ("AU-OCC-MOUNTWELD", "mount_weld", "Mount Weld rare earths mine", "REE", "REE",
         "carbonatite", "mine", "Lynas Corporation"),
        ("AU-OCC-NOLANS", "nolans", "Nolans Bore rare earths deposit", "REE", "REE;P;U",
         "REE-phosphate-uranium", "deposit", "Arafura"),
        ("AU-OCC-MTCATTLIN", "mount_cattlin", "Mount Cattlin lithium mine", "Li", "Li;Ta",
         "spodumene-tantalum pegmatite", "mine", "Arcadium Lithium (formerly Galaxy)"),
    ]
    feats = []
    for oid, key, name, main, comm, dtype, status, op in occ:
        lat, lon, src = ANCHORS[key]
        feats.append(({"id": oid, "name": name, "main_commodity": main, "commodities": comm,
                       "deposit_type": dtype, "status": status, "operator": op,
                       "accuracy": "approximate", "source": src}, wkt_point(lon, lat)))
    write_geojson(os.path.join(out, "au_occurrences.geojson"), "au_occurrences", ogr.wkbPoint, F_OCC, feats)

    # Survey areas in GDA2020 / MGA zone 50: rectangles centred on the anchors.
    pe, pn = project_anchor("pilgangoora", 7850)
    ge, gn = project_anchor("greenbushes", 7850)
    pe, pn, ge, gn = (round(v) for v in (pe, pn, ge, gn))
    areas = [
        ("AU-SA-01", "Pilbara lithium mineral systems mapping — East Strelley (illustrative)",
         "mineral systems mapping", 250000, (pe - 30000, pn - 20000, pe + 30000, pn + 20000), "Li;Ta",
         "60 km x 40 km MGA50 rectangle centred on the " + SHORT_SRC["pilgangoora"]),
        ("AU-SA-02", "Pilgangoora detailed geological mapping (illustrative)",
         "geological mapping", 25000, (pe - 6000, pn - 5000, pe + 6000, pn + 5000), "Li;Ta",
         "12 km x 10 km MGA50 rectangle centred on the " + SHORT_SRC["pilgangoora"]),
        ("AU-SA-03", "Greenbushes southwest geological mapping (illustrative)",
         "geological mapping", 50000, (ge - 10000, gn - 8000, ge + 10000, gn + 8000), "Li",
         "20 km x 16 km MGA50 rectangle centred on the " + SHORT_SRC["greenbushes"]),
    ]
    feats = []
    for aid, name, method, scale, (x0, y0, x1, y1), comm, how in areas:
        feats.append(({"id": aid, "name": name, "method": method, "scale": scale, "year": 2025,
                       "agency": "Geoscience Australia / KIGAM", "commodities": comm, "accuracy": ILL,
                       "source": "Illustrative outline: " + how + "; programme: " + ARTICLE_004},
                      wkt_multipolygon([[rect_ring(x0, y0, x1, y1)]])))
    write_gpkg(os.path.join(out, "au_survey_areas.gpkg"), "au_survey_areas", 7850, ogr.wkbMultiPolygon,
               F_SURV, feats)

    # Drillhole collars (CSV, MGA zone 50 easting/northing, id column = hole_id).
    holes = [  # (hole_id, dE, dN, type, depth, azimuth, dip, date)
        ("PGO-ILL-001", -1500, 800, "RC", 120.0, 90.0, -60.0, "2025-06-02"),
        ("PGO-ILL-002", -1000, 800, "RC", 150.0, 90.0, -60.0, "2025-06-04"),
        ("PGO-ILL-003", -500, 800, "RC", 150.0, 90.0, -60.0, "2025-06-06"),
        ("PGO-ILL-004", 0, 800, "diamond", 300.5, 90.0, -55.0, "2025-06-10"),
        ("PGO-ILL-005", -1500, -400, "RC", 100.0, 270.0, -60.0, "2025-06-13"),
        ("PGO-ILL-006", -750, -400, "RC", 132.0, 270.0, -60.0, "2025-06-15"),
        ("PGO-ILL-007", 0, -400, "diamond", 351.2, 270.0, -65.0, "2025-06-20"),
        ("PGO-ILL-008", 1200, 2500, "diamond", 180.0, 0.0, -90.0, "2025-07-01"),
    ]
    rows = []
    for hid, de, dn, typ, depth, az, dip, date in holes:
        rows.append([hid, "%.1f" % (pe + de), "%.1f" % (pn + dn), typ, "%.1f" % depth, "%.1f" % az,
                     "%.1f" % dip, date, "Pilgangoora area (illustrative)", ILL])
    write_csv(os.path.join(out, "au_drillholes.csv"),
              ["hole_id", "easting", "northing", "drill_type", "depth_m", "azimuth_deg", "dip_deg",
               "drilled_on", "prospect", "accuracy"], rows)


# --------------------------------------------------------------------------
# Tanzania
# --------------------------------------------------------------------------

def make_tanzania():
    out = os.path.join(HERE, "tanzania")
    os.makedirs(out, exist_ok=True)
    me, mn = project_anchor("mahenge", 21037)
    e0, n0 = math.floor(me / 1000) * 1000, math.floor(mn / 1000) * 1000   # 1 km grid node SW of the town

    # Survey areas: shapefile, Arc 1960 / UTM 37S; DBF field `commods` holds `commodities`.
    areas = [
        ("TZ-SA-01", "Eneo la ramani ya jiolojia Mahenge (kielelezo) / Mahenge geological mapping area",
         "geological mapping", 50000, (e0 - 15000, n0 - 12000, e0 + 15000, n0 + 12000), "graphite",
         "30x24 km box centred on 1-km grid node SW of"),
        ("TZ-SA-02", "Eneo la utafiti wa jiokemia Mahenge Kaskazini-Mashariki (kielelezo) / "
                     "Mahenge NE geochemical survey area", "geochemical survey", 25000,
         (e0 + 3000, n0 + 2000, e0 + 15000, n0 + 12000), "graphite", "12x10 km box 3-15 km E, 2-12 km N of"),
        ("TZ-SA-03", "Eneo la upimaji wa jiofizikia kwa ndege Ulanga (kielelezo) / "
                     "Ulanga airborne geophysics area", "airborne geophysics", 100000,
         (e0 - 30000, n0 - 25000, e0 + 30000, n0 + 25000), "graphite;REE", "60x50 km box centred near"),
    ]
    feats = []
    for aid, name, method, scale, (x0, y0, x1, y1), comm, how in areas:
        feats.append(({"id": aid, "name": name, "method": method, "scale": scale, "year": None,
                       "agency": "KIGAM–GST joint project (illustrative)", "commods": comm, "accuracy": ILL,
                       "source": "Illustrative: %s %s" % (how, SHORT_SRC["mahenge"])},
                      wkt_polygon([rect_ring(x0, y0, x1, y1)])))
    fields = [("id", "text"), ("name", "text"), ("method", "text"), ("scale", "integer"), ("year", "integer"),
              ("agency", "text"), ("commods", "text"), ("accuracy", "text"), ("source", "text")]
    write_shp(os.path.join(out, "tz_survey_areas.shp"), 21037, ogr.wkbPolygon, fields, feats)

    # Occurrences: KML.
    fields = ["id", "main_commodity", "commodities", "deposit_type", "status", "operator", "accuracy", "source"]
    pms = [
        {"id": "TZ-OCC-MAHENGE", "name": "Mahenge (mji) — kiwakilishi cha wilaya ya grafiti / Mahenge town proxy",
         "description": "Mji wa Mahenge, makao makuu ya Wilaya ya Ulanga, Mkoa wa Morogoro. Huu ni mji, si "
                        "mgodi: unawakilisha miradi ya grafiti ya Mahenge na Epanko ambayo mahali pake "
                        "hapajulikani. (Town point standing in for the Mahenge and Epanko graphite projects.)",
         "main_commodity": "graphite", "commodities": "graphite", "deposit_type": "",
         "status": "town proxy", "operator": "", "accuracy": "approximate",
         "source": ANCHORS["mahenge"][2] + ". Town centre, not a deposit",
         "lat": ANCHORS["mahenge"][0], "lon": ANCHORS["mahenge"][1]},
        {"id": "TZ-OCC-SONGWE-SCARP", "name": "Songwe Scarp carbonatite (Mbeya Range)",
         "description": "Daiki ya kabonatiti kando ya mteremko wa Songwe, Safu ya Milima ya Mbeya; inaenea "
                        "takriban km 19. Si mradi wa Songwe Hill (Malawi). (Carbonatite dyke along the Songwe "
                        "scarp; not Mkango's Songwe Hill in Malawi.)",
         "main_commodity": "REE", "commodities": "REE", "deposit_type": "carbonatite",
         "status": "occurrence", "operator": "", "accuracy": "approximate",
         "source": ANCHORS["songwe_scarp"][2] + ". Given to 0.01 deg; the body runs about 19 km; "
                   "commodity REE assumed for a carbonatite, not stated by the source",
         "lat": ANCHORS["songwe_scarp"][0], "lon": ANCHORS["songwe_scarp"][1]},
        {"id": "TZ-OCC-DODOMA", "name": "Dodoma (jiji) — kiwakilishi cha GST / Dodoma city proxy for GST",
         "description": "Jiji la Dodoma, makao makuu ya nchi. Huu ni mji, si jengo la Jiolojia Tanzania (GST). "
                        "(City point standing in for the Geological Survey of Tanzania, based in Dodoma.)",
         "main_commodity": "graphite", "commodities": "graphite;REE", "deposit_type": "none (agency proxy)",
         "status": "town proxy", "operator": "", "accuracy": "approximate",
         "source": ANCHORS["dodoma"][2] + ". City point, not the GST building; commodities are the TZ-GRE "
                   "programme's, not the city's",
         "lat": ANCHORS["dodoma"][0], "lon": ANCHORS["dodoma"][1]},
    ]
    write_kml(os.path.join(out, "tz_occurrences.kml"), "tz_occurrences", fields, pms)

    # Licences: GeoJSON; rectangles on the 1 km Arc 1960 / UTM 37S grid, reprojected to WGS84.
    lic = [
        ("ILL-TZ-001", "Leseni ya utafutaji madini Mahenge Mashariki (kielelezo) / Mahenge East (illustrative)",
         [[(e0 + 4000, n0 + 3000, e0 + 10000, n0 + 8000)]]),
        ("ILL-TZ-002", "Leseni ya utafutaji madini Mahenge Kaskazini (kielelezo) / Mahenge North (illustrative)",
         [[(e0 + 8000, n0 + 6000, e0 + 14000, n0 + 11000)]]),
        ("ILL-TZ-003", "Leseni ya utafutaji madini Mahenge Magharibi, vitalu 2 (kielelezo) / "
                       "Mahenge West, 2 blocks (illustrative)",
         [[(e0 - 12000, n0 - 4000, e0 - 8000, n0)], [(e0 - 12000, n0 - 9000, e0 - 9000, n0 - 5000)]]),
        ("ILL-TZ-004", "Leseni ya utafutaji madini Mahenge Kusini (kielelezo) / Mahenge South (illustrative)",
         [[(e0 + 2000, n0 - 10000, e0 + 7000, n0 - 6000)]]),
    ]
    feats = []
    s37 = srs_epsg(21037)
    for lid, name, blocks in lic:
        polys = [[transform_coords(rect_ring(*r[0]), s37, WGS84, 7)] for r in blocks]
        geom = wkt_polygon(polys[0]) if len(polys) == 1 else wkt_multipolygon(polys)
        feats.append(({"id": lid, "licence_no": lid, "name": name, "licence_type": "prospecting",
                       "holder": "KIGAM–GST joint project (illustrative)", "jurisdiction": "Tanzania",
                       "granted": None, "expiry": None, "status": "application", "commodities": "graphite",
                       "accuracy": ILL, "source": None},
                      geom))
    # Source text: where each block lies relative to the anchor grid node
    for (attrs, _), (lid, _, blocks) in zip(feats, lic):
        desc = "; ".join("E %+d..%+d km, N %+d..%+d km" % ((r[0][0] - e0) // 1000, (r[0][2] - e0) // 1000,
                                                          (r[0][1] - n0) // 1000, (r[0][3] - n0) // 1000)
                         for r in blocks)
        attrs["source"] = ("Fictional licence (illustrative): Arc 1960 / UTM 37S box(es) %s from the 1 km grid "
                           "node SW of the %s" % (desc, SHORT_SRC["mahenge"]))
    write_geojson(os.path.join(out, "tz_licences.geojson"), "tz_licences", ogr.wkbUnknown, F_LIC, feats)
    return (e0, n0)


# --------------------------------------------------------------------------
# Nigeria
# --------------------------------------------------------------------------

def make_nigeria():
    out = os.path.join(HERE, "nigeria")
    os.makedirs(out, exist_ok=True)
    ke, kn = (round(v) for v in project_anchor("keffi", 26392))
    je, jn = (round(v) for v in project_anchor("jos_plateau", 26392))
    areas = [
        ("NG-SA-01", "Keffi lithium-pegmatite reconnaissance area (illustrative)", "reconnaissance", 100000,
         (ke - 12000, kn - 10000, ke + 12000, kn + 10000), "Li",
         "24x20 km Minna Mid Belt box centred on the " + SHORT_SRC["keffi"]),
        ("NG-SA-02", "Keffi east geochemical survey (illustrative)", "geochemical survey", 25000,
         (ke + 2000, kn - 4000, ke + 10000, kn + 4000), "Li",
         "8x8 km box 2-10 km E of the " + SHORT_SRC["keffi"]),
        ("NG-SA-03", "Jos Plateau tin-field geological mapping (illustrative)", "geological mapping", 250000,
         (je - 25000, jn - 20000, je + 25000, jn + 20000), "Sn",
         "50x40 km box centred on the " + SHORT_SRC["jos_plateau"]),
    ]
    feats = []
    for aid, name, method, scale, (x0, y0, x1, y1), comm, how in areas:
        feats.append(({"id": aid, "name": name, "method": method, "scale": scale, "year": None,
                       "agency": "NGSA / KIGAM (illustrative)", "commods": comm, "accuracy": ILL,
                       "source": "Illustrative: " + how},
                      wkt_polygon([rect_ring(x0, y0, x1, y1)])))
    fields = [("id", "text"), ("name", "text"), ("method", "text"), ("scale", "integer"), ("year", "integer"),
              ("agency", "text"), ("commods", "text"), ("accuracy", "text"), ("source", "text")]
    write_shp(os.path.join(out, "ng_survey_areas.shp"), 26392, ogr.wkbPolygon, fields, feats)

    # Samples around the Kwara State point, Minna / Nigeria West Belt (EPSG:26391).
    we, wn = project_anchor("kwara", 26391)
    rng = random.Random(20220607)
    rows = []
    for i in range(15):
        ang = math.radians(i * 137.5)                 # golden-angle spiral: fixed, evenly spread
        rad = 1500 + 500 * i                          # 1.5 .. 8.5 km from the state point
        x, y = we + rad * math.sin(ang), wn + rad * math.cos(ang)
        st = "stream sediment" if i % 5 != 4 and i < 10 else "soil"
        if st == "stream sediment":
            li2o, ta, nb, sn = rng.uniform(0.003, 0.06), rng.uniform(2, 40), rng.uniform(10, 90), rng.uniform(3, 150)
            lith = "alluvium"
        else:
            li2o, ta, nb, sn = rng.uniform(0.002, 0.03), rng.uniform(1, 15), rng.uniform(8, 50), rng.uniform(2, 40)
            lith = "lateritic soil"
        prefix = "NGK-SS" if st == "stream sediment" else "NGK-SL"
        rows.append(["%s-%04d" % (prefix, i + 1), "%.2f" % x, "%.2f" % y, st, "", lith,
                     "%.4f" % li2o, "%.1f" % ta, "%.1f" % nb, "%.1f" % sn,
                     "ILLUSTRATIVE — not assayed (demo values)", ILL])
    write_csv(os.path.join(out, "ng_samples.csv"),
              ["id", "easting", "northing", "sample_type", "sampled_on", "lithology", "li2o_pct", "ta2o5_ppm",
               "nb2o5_ppm", "sn_ppm", "lab", "accuracy"], rows)

    occ = [
        ({"id": "NG-OCC-KEFFI", "name": "Keffi (town proxy for Keffi-area lithium pegmatites)",
          "main_commodity": "Li", "commodities": "Li", "deposit_type": "pegmatite (not located)",
          "status": "town proxy", "operator": "", "accuracy": "approximate",
          "source": ANCHORS["keffi"][2] + ". Town point; named as a lithium locality only on a commercial "
                    "site (lle-pras.com, unverified)"}, "keffi"),
        ({"id": "NG-OCC-JOS-PLATEAU", "name": "Jos Plateau tin field (region centroid)",
          "main_commodity": "Sn", "commodities": "Sn", "deposit_type": "",
          "status": "town proxy", "operator": "", "accuracy": "approximate",
          "source": ANCHORS["jos_plateau"][2] + ". Centroid of a region of about 8,600-13,281 km2, not a mine"},
         "jos_plateau"),
        ({"id": "NG-OCC-KWARA", "name": "Kwara State lithium (state-level point)",
          "main_commodity": "Li", "commodities": "Li", "deposit_type": "",
          "status": "town proxy", "operator": "", "accuracy": "illustrative",
          "source": ANCHORS["kwara"][2] + ". State-level nominal point (whole arc-minutes), not a deposit; "
                    "lithium: NGSA/NIMEP report, June 2022 (https://withinnigeria.com/news/2022/06/07/"
                    "high-grade-lithium-deposit-discovered-in-kwara-says-fg/?amp=1)"}, "kwara"),
    ]
    feats = [(a, wkt_point(ANCHORS[k][1], ANCHORS[k][0])) for a, k in occ]
    write_geojson(os.path.join(out, "ng_occurrences.geojson"), "ng_occurrences", ogr.wkbPoint, F_OCC, feats)


# --------------------------------------------------------------------------
# Basemap
# --------------------------------------------------------------------------

def _polygonal(g):
    """Polygonal parts of a geometry as one MultiPolygon (drops points and lines MakeValid can emit)."""
    out = ogr.Geometry(ogr.wkbMultiPolygon)

    def add(x):
        t = ogr.GT_Flatten(x.GetGeometryType())
        if t == ogr.wkbPolygon:
            out.AddGeometry(x)
        elif t in (ogr.wkbMultiPolygon, ogr.wkbGeometryCollection):
            for i in range(x.GetGeometryCount()):
                add(x.GetGeometryRef(i))
    add(g)
    return out


def make_basemap(json_path):
    out = os.path.join(HERE, "basemap")
    os.makedirs(out, exist_ok=True)
    tmp = None
    if not json_path:
        tmp = tempfile.mkdtemp(prefix="world-atlas-")
        subprocess.run(["npm", "pack", "world-atlas@2.0.2"], cwd=tmp, check=True)
        subprocess.run(["tar", "xzf", "world-atlas-2.0.2.tgz"], cwd=tmp, check=True)
        json_path = os.path.join(tmp, "package", "countries-50m.json")
    dst = os.path.join(out, "countries_50m.gpkg")
    _remove(dst)
    src = gdal.OpenEx(json_path, gdal.OF_VECTOR, allowed_drivers=["TopoJSON"])
    slyr = src.GetLayerByName("countries")
    mem = gdal.GetDriverByName("Memory").Create("mem", 0, 0, 0, gdal.GDT_Unknown)
    lyr = mem.CreateLayer("countries", WGS84, ogr.wkbMultiPolygon)
    lyr.CreateField(ogr.FieldDefn("iso_n3", ogr.OFTString))
    lyr.CreateField(ogr.FieldDefn("name", ogr.OFTString))
    fixed = []
    for f in slyr:
        g = f.GetGeometryRef()
        if not g.IsValid():
            # GEOS MakeValid: STRUCTURE (union of rings) keeps Russia's and Fiji's overlapping parts,
            # but collapses Antarctica (its ring runs to the pole); keep LINEWORK there.
            gl = _polygonal(g.MakeValid())            # METHOD=LINEWORK, what ogr2ogr -makevalid does
            gs = _polygonal(g.MakeValid(["METHOD=STRUCTURE"]))
            g = gs if gs.GetArea() >= 0.9 * gl.GetArea() else gl
            fixed.append("%s (%s)" % (f.GetField("name"), "STRUCTURE" if g is gs else "LINEWORK"))
        else:
            g = ogr.ForceToMultiPolygon(g.Clone())
        nf = ogr.Feature(lyr.GetLayerDefn())
        if f.IsFieldSetAndNotNull("id"):
            nf.SetField("iso_n3", f.GetField("id"))
        else:
            nf.SetFieldNull("iso_n3")
        nf.SetField("name", f.GetField("name"))
        nf.SetGeometry(g)
        lyr.CreateFeature(nf)
    gdal.VectorTranslate(dst, mem, format="GPKG")
    print("basemap: made valid:", ", ".join(fixed))
    if tmp:
        shutil.rmtree(tmp)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--basemap-json", help="path to world-atlas 2.0.2 countries-50m.json (else npm pack)")
    ap.add_argument("--skip-basemap", action="store_true", help="leave basemap/ as it is")
    args = ap.parse_args()
    make_projects()
    make_uzbekistan()
    make_australia()
    make_tanzania()
    make_nigeria()
    if not args.skip_basemap:
        make_basemap(args.basemap_json)
    write_imports()


IMPORTS = """\
# lode demo imports: FILE LAYER PROJECT [extra lode import options...]
# FILE is relative to geodata/. Projects (projects.csv) are added before these lines are run.
# Basemap (basemap/countries_50m.gpkg) is not a project layer and is not listed here.
uzbekistan/uz_prospects.geojson prospects UZ-PEG
uzbekistan/uz_occurrences.geojson occurrences UZ-PEG
uzbekistan/uz_samples.csv samples UZ-PEG --s-srs EPSG:4326
uzbekistan/uz_traverses.gpkg traverses UZ-PEG
australia/au_occurrences.geojson occurrences AU-CMM
australia/au_survey_areas.gpkg survey_areas AU-CMM
# CSV has no CRS: --s-srs gives it; au_drillholes.csv has no `id` column, the hole id is `hole_id`.
australia/au_drillholes.csv drillholes AU-CMM --s-srs EPSG:7850 --id-field hole_id
# Shapefiles: DBF field names are limited to 10 characters, so `commodities` is stored as `commods`.
tanzania/tz_survey_areas.shp survey_areas TZ-GRE --field commodities=commods
# KML: GDAL's LIBKML driver (GDAL's default for .kml) exposes the placemark <name> as field "Name".
tanzania/tz_occurrences.kml occurrences TZ-GRE --field name=Name
tanzania/tz_licences.geojson licences TZ-GRE
nigeria/ng_survey_areas.shp survey_areas NG-LIP --field commodities=commods
nigeria/ng_samples.csv samples NG-LIP --s-srs EPSG:26391
nigeria/ng_occurrences.geojson occurrences NG-LIP
"""


def write_imports():
    with open(os.path.join(HERE, "imports.txt"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(IMPORTS)


if __name__ == "__main__":
    sys.exit(main())
