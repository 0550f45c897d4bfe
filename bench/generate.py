#!/usr/bin/python3
"""Deterministic generator of lode's standard benchmark workload.

Writes, into OUT (default /tmp/lode-bench/data):

  samples.csv       1,000,000 sample points      id,longitude,latitude,sample_type,li2o_pct,accuracy
  licences.csv        100,000 licence polygons   id,licence_no,holder,status,accuracy,wkt
  occurrences.csv      10,000 W4a query points   id,longitude,latitude,name,main_commodity,commodities,accuracy
  w4b_samples.csv     100,000 sample points      (the W4b size: nearest licence to each sample)
  w4b_licences.csv     10,000 licence polygons
  manifest.json     seed, scale, counts, SHA-256 of every file

All in WGS 84 longitude/latitude (EPSG:4326), coordinates rounded to 1e-7 degree (about 1 cm) and
written so that every tool parses the same doubles.  The same seed and scale give byte-identical files.

The data is clustered in four regions (Uzbekistan, Western Australia, Tanzania, Nigeria):

* licences: star-shaped polygons of 8-24 vertices, 1-20 km across (log-normal, median 3 km), centred on
  Gaussian clusters; a licence whose bounding circle overlaps an earlier one is kept with probability
  0.2 (else re-drawn, at most 8 times), so some licences overlap.  2% are lon/lat-aligned cadastral
  blocks in pairs that share an edge exactly (they touch: intersecting, intersection area 0).
* samples: 55% in or just around a licence, 44.9% scattered around the clusters, 0.1% exactly on a
  licence boundary (on a vertex, or on the shared meridian edge of a block) to exercise the
  boundary rule (GEOS intersects: on the boundary counts).
* occurrences (the W4a query points): 80% within about 1 km of a sample, 20% scattered.

Usage: generate.py [--out DIR] [--seed N] [--scale F] [--samples-scale G]     (--scale 0.01 for a smoke run)

--samples-scale G multiplies the samples of W2 and W4a once more (10 with --scale 1: 10,000,000 samples
against 100,000 licences, the big-programme run of bench/big.sh); the other files are as at --scale F.
"""

import argparse
import hashlib
import json
import math
import os
import sys

import numpy as np

KM_PER_DEG_LAT = 110.574  # close enough for placing things; the answers never depend on it

# name, (west, south, east, north), share of the licences, number of clusters
REGIONS = [
    ("UZ", (60.0, 38.0, 72.0, 43.0), 0.20, 24),
    ("WA", (114.0, -34.0, 128.0, -15.0), 0.40, 40),
    ("TZ", (30.0, -11.0, 40.0, -1.5), 0.20, 24),
    ("NG", (3.0, 5.0, 14.0, 13.0), 0.20, 24),
]

SAMPLE_TYPES = ["rock chip", "grab", "channel", "soil", "stream sediment", "core", "trench"]
STATUSES = ["granted", "granted", "granted", "application", "renewal pending", "expired"]
HOLDERS = ["Karakum Lithium LLC", "Pilbara Minerals Pty", "Rukwa Graphite Ltd", "Jos Tin Mining Co",
           "Navoi Geology State Enterprise", "Yilgarn Exploration Pty", "Mbeya REE Ltd", "Kano Pegmatite Ltd"]
COMMODITIES = ["Li", "Ta", "Sn", "REE", "graphite", "Nb", "Cs"]


def km_to_deg(lat, dx_km, dy_km):
    """Offsets in km east/north at latitude lat to offsets in degrees (local approximation)."""
    dlat = dy_km / KM_PER_DEG_LAT
    dlon = dx_km / (111.320 * np.cos(np.radians(lat)))
    return dlon, dlat


def r7(x):
    return np.round(np.asarray(x, dtype=float), 7)


def fmt(x):
    # repr of a float rounded to 7 decimals is its shortest round-trip form: every parser gets the same double
    return repr(float(x))


class Clusters:
    def __init__(self, rng, scale):
        # A smaller scale uses fewer clusters (the first ones drawn), so the density of licences and samples in
        # a cluster, hence the overlaps and the counts per licence, stay about those of the full size.
        self.items = []  # (region index, lon, lat, sigma_km)
        for ri, (_, (w, s, e, n), _, k) in enumerate(REGIONS):
            lons = rng.uniform(w + 0.5, e - 0.5, k)
            lats = rng.uniform(s + 0.5, n - 0.5, k)
            sig = rng.uniform(25.0, 120.0, k)
            used = max(1, min(k, int(round(k * scale))))
            for lon, lat, sg in list(zip(lons, lats, sig))[:used]:
                self.items.append((ri, float(lon), float(lat), float(sg)))
        self.by_region = [[c for c in self.items if c[0] == ri] for ri in range(len(REGIONS))]

    def draw(self, rng, region=None):
        """A point around a random cluster (of a region), inside the region's box."""
        while True:
            pool = self.items if region is None else self.by_region[region]
            ri, lon, lat, sg = pool[rng.integers(len(pool))]
            dx, dy = rng.normal(0.0, sg, 2)
            dlon, dlat = km_to_deg(lat, dx, dy)
            w, s, e, n = REGIONS[ri][1]
            x, y = lon + dlon, lat + dlat
            if w < x < e and s < y < n:
                return ri, float(x), float(y)


class Grid:
    """Hash grid of bounding circles (in degrees, scaled) for the overlap test."""

    def __init__(self, cell_deg=0.25):
        self.cell = cell_deg
        self.cells = {}

    def _keys(self, x, y, r):
        c = self.cell
        for i in range(int(math.floor((x - r) / c)), int(math.floor((x + r) / c)) + 1):
            for j in range(int(math.floor((y - r) / c)), int(math.floor((y + r) / c)) + 1):
                yield (i, j)

    def overlaps(self, x, y, r):
        for key in self._keys(x, y, r):
            for (x2, y2, r2) in self.cells.get(key, ()):
                if (x - x2) ** 2 + (y - y2) ** 2 < (r + r2) ** 2:
                    return True
        return False

    def add(self, x, y, r):
        for key in self._keys(x, y, r):
            self.cells.setdefault(key, []).append((x, y, r))


def star_polygon(rng, lon, lat, diameter_km):
    n = int(rng.integers(8, 25))
    # jittered, sorted angles: star-shaped around the centre, hence simple (valid)
    base = np.arange(n) * (2 * np.pi / n)
    ang = base + rng.uniform(-0.35, 0.35, n) * (2 * np.pi / n) + rng.uniform(0, 2 * np.pi)
    rad = (diameter_km / 2.0) * rng.uniform(0.55, 1.0, n)
    rad[0] = diameter_km / 2.0  # one vertex at the full radius: the licence is exactly as wide as said
    dlon, dlat = km_to_deg(lat, rad * np.cos(ang), rad * np.sin(ang))
    xs, ys = r7(lon + dlon), r7(lat + dlat)
    return list(zip(xs.tolist(), ys.tolist()))


def edge_points(a, b, count):
    """count points strictly between a and b, sorted, distinct after rounding."""
    if count <= 0:
        return []
    t = np.linspace(0, 1, count + 2)[1:-1]
    return r7(a + (b - a) * t).tolist()


def block_pair(rng, lon, lat):
    """Two lon/lat-aligned blocks sharing the meridian x1 exactly: [x0,x1]x[y0,y1] and [x1,x2]x[y0,y1]."""
    w1, w2, h = rng.uniform(1.0, 8.0, 3)
    dlon1, dlat = km_to_deg(lat, w1, h)
    dlon2, _ = km_to_deg(lat, w2, h)
    x0 = float(r7(lon - dlon1))
    x1 = float(r7(lon))
    x2 = float(r7(lon + dlon2))
    y0 = float(r7(lat - dlat / 2))
    y1 = float(r7(lat + dlat / 2))
    polys = []
    for (xa, xb) in ((x0, x1), (x1, x2)):
        n = int(rng.integers(8, 25))
        extra = n - 4
        k = rng.multinomial(extra, [0.25] * 4)
        ring = [(xa, y0)]
        ring += [(x, y0) for x in edge_points(xa, xb, k[0])]
        ring += [(xb, y0)]
        ring += [(xb, y) for y in edge_points(y0, y1, k[1])]
        ring += [(xb, y1)]
        ring += [(x, y1) for x in reversed(edge_points(xa, xb, k[2]))]
        ring += [(xa, y1)]
        ring += [(xa, y) for y in reversed(edge_points(y0, y1, k[3]))]
        polys.append(ring)
    return polys, (x0, x1, x2, y0, y1)


def wkt(ring):
    pts = ring + [ring[0]]
    return "POLYGON ((" + ", ".join(fmt(x) + " " + fmt(y) for x, y in pts) + "))"


def make_licences(rng, clusters, count):
    """Returns list of dicts: ring, lon, lat, radius_km, block (None or (x0,x1,x2,y0,y1,side))."""
    grid = Grid()
    out = []
    shares = np.array([r[2] for r in REGIONS])
    n_blocks = int(round(count * 0.02 / 2))  # pairs
    block_every = max(1, count // max(1, n_blocks)) if n_blocks else None
    while len(out) < count:
        want_block = block_every is not None and len(out) % block_every == 0 and len(out) + 2 <= count
        region = int(rng.choice(len(REGIONS), p=shares / shares.sum()))
        for attempt in range(8):
            _, lon, lat = clusters.draw(rng, region)
            if want_block:
                diameter = 18.0  # bounding circle of the pair, generous
            else:
                diameter = float(np.clip(np.exp(rng.normal(math.log(3.0), 0.6)), 1.0, 20.0))
            r_deg = (diameter / 2.0) / (111.320 * math.cos(math.radians(lat)))
            if not grid.overlaps(lon, lat, r_deg) or rng.random() < 0.2:
                break
        grid.add(lon, lat, r_deg)
        if want_block:
            polys, box = block_pair(rng, lon, lat)
            for side, ring in enumerate(polys):
                out.append({"ring": ring, "lon": lon, "lat": lat, "radius_km": 6.0, "block": box + (side,)})
        else:
            out.append({"ring": star_polygon(rng, lon, lat, diameter), "lon": lon, "lat": lat,
                        "radius_km": diameter / 2.0, "block": None})
    return out[:count]


def make_samples(rng, clusters, licences, count):
    n_on = max(1, int(round(count * 0.001)))
    n_in = int(round(count * 0.55))
    n_bg = count - n_on - n_in
    xs = np.empty(count)
    ys = np.empty(count)
    # around licences: uniform in a disc of 1.1 x the licence radius
    pick = rng.integers(len(licences), size=n_in)
    clon = np.array([licences[i]["lon"] for i in pick])
    clat = np.array([licences[i]["lat"] for i in pick])
    crad = np.array([licences[i]["radius_km"] for i in pick])
    rr = 1.1 * crad * np.sqrt(rng.uniform(0, 1, n_in))
    th = rng.uniform(0, 2 * np.pi, n_in)
    dlon, dlat = km_to_deg(clat, rr * np.cos(th), rr * np.sin(th))
    xs[:n_in] = clon + dlon
    ys[:n_in] = clat + dlat
    # background around the clusters
    for k in range(n_bg):
        _, x, y = clusters.draw(rng)
        xs[n_in + k] = x
        ys[n_in + k] = y
    xs = r7(xs)
    ys = r7(ys)
    # exactly on a boundary: a vertex of a licence, or a point of a block's shared meridian edge
    for k in range(n_on):
        lic = licences[int(rng.integers(len(licences)))]
        i = n_in + n_bg + k
        if lic["block"] is not None and rng.random() < 0.5:
            x0, x1, x2, y0, y1, side = lic["block"]
            xs[i] = x1
            ys[i] = float(r7(rng.uniform(y0, y1)))
        else:
            vx, vy = lic["ring"][int(rng.integers(len(lic["ring"])))]
            xs[i], ys[i] = vx, vy
    order = rng.permutation(count)  # interleave the kinds so the ids say nothing
    return xs[order], ys[order]


def write_samples(path, prefix, xs, ys, rng):
    types = rng.integers(len(SAMPLE_TYPES), size=len(xs))
    li = np.round(rng.lognormal(math.log(0.3), 1.0, len(xs)).clip(0, 9.9), 3)
    width = max(7, len(str(len(xs))))
    with open(path, "w", newline="\n") as f:
        f.write("id,longitude,latitude,sample_type,li2o_pct,accuracy\n")
        for i in range(len(xs)):
            f.write(f"{prefix}{i + 1:0{width}d},{fmt(xs[i])},{fmt(ys[i])},{SAMPLE_TYPES[types[i]]},{li[i]!r},illustrative\n")


def write_licences(path, prefix, licences, rng):
    width = max(6, len(str(len(licences))))
    with open(path, "w", newline="\n") as f:
        f.write("id,licence_no,holder,status,accuracy,wkt\n")
        for i, lic in enumerate(licences):
            lid = f"{prefix}{i + 1:0{width}d}"
            holder = HOLDERS[int(rng.integers(len(HOLDERS)))]
            status = STATUSES[int(rng.integers(len(STATUSES)))]
            f.write(f'{lid},EL {i + 1}/{2015 + i % 10},{holder},{status},illustrative,"{wkt(lic["ring"])}"\n')


def write_occurrences(path, prefix, clusters, sx, sy, count, rng):
    width = max(5, len(str(count)))
    with open(path, "w", newline="\n") as f:
        f.write("id,longitude,latitude,name,main_commodity,commodities,accuracy\n")
        for i in range(count):
            if rng.random() < 0.8:
                j = int(rng.integers(len(sx)))
                dx, dy = rng.normal(0, 1.0, 2)
                dlon, dlat = km_to_deg(sy[j], dx, dy)
                x, y = float(r7(sx[j] + dlon)), float(r7(sy[j] + dlat))
            else:
                _, x, y = clusters.draw(rng)
                x, y = float(r7(x)), float(r7(y))
            c = COMMODITIES[int(rng.integers(len(COMMODITIES)))]
            f.write(f"{prefix}{i + 1:0{width}d},{fmt(x)},{fmt(y)},Occurrence {i + 1},{c},{c},illustrative\n")


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="/tmp/lode-bench/data")
    ap.add_argument("--seed", type=int, default=20250601)
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every count (0.01 for a smoke run)")
    ap.add_argument("--samples-scale", type=float, default=1.0,
                    help="multiply the samples (samples.csv) once more, the other files not (10 for bench/big.sh)")
    args = ap.parse_args()

    def n(full):
        return max(10, int(round(full * args.scale)))

    counts = {"samples": n(1_000_000 * args.samples_scale), "licences": n(100_000), "occurrences": n(10_000),
              "w4b_samples": n(100_000), "w4b_licences": n(10_000)}
    os.makedirs(args.out, exist_ok=True)
    root = np.random.SeedSequence(args.seed)
    s_clusters, s_main, s_w4b = root.spawn(3)
    clusters = Clusters(np.random.default_rng(s_clusters), args.scale)

    def log(msg):
        print(f"generate: {msg}", file=sys.stderr, flush=True)

    rng = np.random.default_rng(s_main)
    lic = make_licences(rng, clusters, counts["licences"])
    log(f"{len(lic)} licences")
    write_licences(os.path.join(args.out, "licences.csv"), "L", lic, rng)
    sx, sy = make_samples(rng, clusters, lic, counts["samples"])
    write_samples(os.path.join(args.out, "samples.csv"), "S", sx, sy, rng)
    log(f"{len(sx)} samples")
    write_occurrences(os.path.join(args.out, "occurrences.csv"), "Q", clusters, sx, sy, counts["occurrences"], rng)
    log(f"{counts['occurrences']} occurrences (W4a query points)")

    rng = np.random.default_rng(s_w4b)
    lic = make_licences(rng, clusters, counts["w4b_licences"])
    write_licences(os.path.join(args.out, "w4b_licences.csv"), "BL", lic, rng)
    sx, sy = make_samples(rng, clusters, lic, counts["w4b_samples"])
    write_samples(os.path.join(args.out, "w4b_samples.csv"), "BS", sx, sy, rng)
    log(f"W4b: {len(lic)} licences, {len(sx)} samples")

    files = ["samples.csv", "licences.csv", "occurrences.csv", "w4b_samples.csv", "w4b_licences.csv"]
    manifest = {"seed": args.seed, "scale": args.scale, "counts": counts,
                **({"samples_scale": args.samples_scale} if args.samples_scale != 1 else {}),
                "sha256": {f: sha256(os.path.join(args.out, f)) for f in files}}
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    log(f"wrote {args.out}/manifest.json")


if __name__ == "__main__":
    main()
