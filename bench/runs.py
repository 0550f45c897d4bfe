"""The runs bench/runs.bash's `timed` appends ("NAME TOOL seconds peak_kb" a line), read back by the
reports of bench/io.sh and bench/assays.sh; and the targets of W1 and W5 (issue 15), the same in io.sh's report
and in run.sh's (report.py)."""
import collections
import re
import statistics

# W1 and W5 as runs.bash's io_ rounds name them, in the order of the reports.
IO_WORKLOADS = ["W1-csv", "W1-gpkg", "W1-pg", "W5-gpkg", "W5-fgb", "W5-geojson", "W5-csv"]
IO_TITLES = {"W1-csv": "W1-csv  import of the lab CSV into a fresh store (peer: ogr2ogr -f GPKG)",
             "W1-gpkg": "W1-gpkg import of its GeoPackage into a fresh store (peer: ogr2ogr -f GPKG)",
             "W1-pg": "W1-pg   import of the lab CSV into a fresh store on PostGIS (peer: ogr2ogr -f PostgreSQL, PG_USE_COPY)",
             "W5-gpkg": "W5-gpkg export of the samples to GeoPackage (peer: ogr2ogr from lode's store)",
             "W5-fgb": "W5-fgb  export of the samples to FlatGeobuf (peer: ogr2ogr from lode's store)",
             "W5-geojson": "W5-geojson export of the samples to GeoJSON (peer: ogr2ogr from lode's store)",
             "W5-csv": "W5-csv  export of the samples to CSV (peer: ogr2ogr from lode's store)"}
IO_PEAK_MB = 300        # lode's own peak, whatever the size
STORE_SIZE_TARGET = 1.3  # lode's store against ogr2ogr's SpatiaLite of the same features


def io_subject(name):
    """The lode of a W1/W5 workload: lode-pg for W1-pg, else lode."""
    return "lode-pg" if name == "W1-pg" else "lode"


def io_speed_target(name):
    """How many times lode's time ogr2ogr's must be: 2 for the imports into SQLite, 1 for W1-pg and the exports."""
    return 2.0 if name in ("W1-csv", "W1-gpkg") else 1.0


def io_verdict(name, lode_s, lode_mb, ogr_s):
    """(ratio ogr2ogr / lode, 'MET' or 'MISSED', the target as text) of a W1/W5 workload."""
    need = io_speed_target(name)
    ratio = ogr_s / lode_s if lode_s > 0 else float("inf")
    met = ratio >= need and lode_mb <= IO_PEAK_MB
    return ratio, "MET" if met else "MISSED", f">= {need:g}x, <= {IO_PEAK_MB} MB"


def io_table(figures):
    """The Markdown table of W1/W5 (io.sh's, and report.py's summary of them): figures by workload name,
    (lode's median s, lode's own peak MB, ogr2ogr's median s, ogr2ogr's peak MB); lines, in IO_WORKLOADS' order."""
    lines = ["| workload | lode s | lode peak MB | ogr2ogr s | ogr2ogr peak MB | ogr2ogr / lode | target | |",
             "|---|---:|---:|---:|---:|---:|---|---|"]
    for name in [w for w in IO_WORKLOADS if w in figures]:
        ls, lm, os_, om = figures[name]
        ratio, verdict, target = io_verdict(name, ls, lm, os_)
        lines.append(f"| {name} | {ls:.1f} | {lm:.0f} | {os_:.1f} | {om:.0f} | {ratio:.2f}x | {target} | {verdict} |")
    return lines


def store_sizes(line):
    """io_sizes' line read back, with lode's store against ogr2ogr's SpatiaLite and the target; None if no line."""
    m = re.search(r"lode (\d+) bytes, ogr2ogr's SpatiaLite (\d+) bytes, ogr2ogr's GeoPackage (\d+) bytes", line or "")
    if not m:
        return None
    lode, sl, gpkg = (int(x) for x in m.groups())
    ratio = lode / sl
    return (f"store size {'MET' if ratio <= STORE_SIZE_TARGET else 'MISSED'}: lode's store {lode / 1e6:.1f} MB vs "
            f"ogr2ogr's SpatiaLite {sl / 1e6:.1f} MB = {ratio:.2f}x (target <= {STORE_SIZE_TARGET}x; "
            f"ogr2ogr's GeoPackage {gpkg / 1e6:.1f} MB)")


def read(path):
    """The runs of the file, by (name, tool): a list of (seconds, peak KB)."""
    runs = collections.defaultdict(list)
    for line in open(path):
        name, tool, sec, kb = line.split()
        runs[(name, tool)].append((float(sec), int(kb)))
    return runs


def median_and_peak(runs):
    """The median wall time (s) and the highest peak RSS (MB) of some runs."""
    return statistics.median(s for s, _ in runs), max(m for _, m in runs) / 1024
