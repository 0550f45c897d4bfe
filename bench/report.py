#!/usr/bin/python3
"""Print the results table: per workload and tool the median wall time over the runs, the peak memory, the ratio
to lode, whether the answer agrees with the reference; then the targets (MET / MISSED).  Also writes
OUT/report.md (the same as a Markdown table, for bench/README.md).  W1 and W5 (bench/io.sh's rounds, beside
ogr2ogr) come before and after W2-W4, with their targets from runs.py (the same as io.sh's report)."""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import runs as io_runs  # noqa: E402  (bench/runs.py: W1/W5's names, titles and targets)

TITLES = {"W2": "W2  samples per licence (point-in-polygon)",
          "W3": "W3  overlapping licence pairs + intersection area",
          "W4a": "W4a samples within 5 km of each query point",
          "W4b": "W4b nearest licence to each sample"}
TITLES.update(io_runs.IO_TITLES)
NAMES = {"lode": "lode", "lode-pg": "lode on PostGIS", "postgis": "PostGIS", "postgis-knn": "PostGIS plain KNN", "spatialite": "SpatiaLite",
         "geopandas": "GeoPandas", "ogr2ogr": "ogr2ogr"}
ORDER = ["lode", "lode-pg", "postgis", "postgis-knn", "spatialite", "geopandas", "ogr2ogr"]
WORKLOADS = ([w for w in io_runs.IO_WORKLOADS if w.startswith("W1")] + ["W2", "W3", "W4a", "W4b"]
             + [w for w in io_runs.IO_WORKLOADS if w.startswith("W5")])
SPEED_TARGET = 3.0
# lode-pg (lode with its store on the PostGIS server): at least 3x faster than the hand-written PostGIS SQL on the
# same server, and no more than 1.5x lode's time on SpatiaLite (issue 16).
PG_SPEED_TARGET = 3.0
PG_SLOWDOWN_LIMIT = 1.5


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            mem = f"{int(f.readline().split()[1]) / 1024 / 1024:.0f} GB"
    except OSError:
        pass
    osr = ""
    try:
        osr = subprocess.run(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"], capture_output=True,
                             text=True).stdout.strip()
    except OSError:
        pass
    return f"{osr}, {os.cpu_count()} cores ({cpu}), {mem} RAM, kernel {platform.release()}"


def lode_pg_targets(w, med, checks):
    """The targets of lode on PostGIS: against the hand-written PostGIS SQL (the faster of its queries) and lode."""
    if "lode-pg" not in med:
        return [f"{w}: lode-pg MISSED — lode on PostGIS failed"]
    out = []
    sql = [t for t in ("postgis", "postgis-knn") if t in med]
    if sql:
        fastest = min(sql, key=lambda t: med[t])
        speedup = med[fastest] / med["lode-pg"] if med["lode-pg"] > 0 else float("inf")
        out.append(f"{w}: lode-pg speed {'MET' if speedup >= PG_SPEED_TARGET else 'MISSED'}: lode on PostGIS "
                   f"{med['lode-pg']:.2f} s vs {NAMES[fastest]} SQL {med[fastest]:.2f} s on the same server = "
                   f"{speedup:.2f}× (target ≥ {PG_SPEED_TARGET:.0f}×)")
    if "lode" in med and med["lode"] > 0:
        slowdown = med["lode-pg"] / med["lode"]
        out.append(f"{w}: lode-pg vs SpatiaLite {'MET' if slowdown <= PG_SLOWDOWN_LIMIT else 'MISSED'}: lode on PostGIS "
                   f"{med['lode-pg']:.2f} s vs lode {med['lode']:.2f} s = {slowdown:.2f}× lode's time "
                   f"(target ≤ {PG_SLOWDOWN_LIMIT}×)")
    c = checks.get(w, {}).get("lode-pg")
    if c is not None:
        out.append(f"{w}: lode-pg answer {'MET' if c['agree'] else 'MISSED'}: "
                   f"{'agrees with' if c['agree'] else 'DISAGREES with'} the reference (see the checks above)")
    return out


def io_targets(w, med, rs_by_tool, figures):
    """The targets of a W1/W5 workload (runs.py's, as io.sh's report): ogr2ogr's time over lode's, lode's own peak.
    Also notes the workload's figures for runs.py's io_table (the processes' own peaks, as io.sh's)."""
    lode = io_runs.io_subject(w)
    if lode not in med:
        return [f"{w}: MISSED — {NAMES[lode]} failed"]
    if "ogr2ogr" not in med:
        return [f"{w}: ogr2ogr failed; nothing to compare with"]
    own_mb, ogr_mb = (max(r.get("rss_kb", r["peak_kb"]) for r in rs_by_tool[t]) / 1024 for t in (lode, "ogr2ogr"))
    figures[w] = (med[lode], own_mb, med["ogr2ogr"], ogr_mb)
    ratio, verdict, target = io_runs.io_verdict(w, med[lode], own_mb, med["ogr2ogr"])
    return [f"{w}: {verdict}: {NAMES[lode]} {med[lode]:.2f} s vs ogr2ogr {med['ogr2ogr']:.2f} s = {ratio:.2f}×, "
            f"lode's own peak {own_mb:.0f} MB (target {target.replace('>=', '≥').replace('<=', '≤')})"]


def io_answer(w, t, counts, expected):
    """The rows a W1/W5 run left (its last run, counted by runs.bash's io_counts) against the samples generated."""
    if (w, t) not in counts:
        return "not counted"
    n = counts[(w, t)]
    return f"{n:,} rows" if n == expected else f"WRONG: {n:,} rows of {expected:,}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--manifest")
    ap.add_argument("--load")
    ap.add_argument("--checks")
    ap.add_argument("--io-counts", help="runs.bash's io_counts: NAME TOOL COUNT a line")
    ap.add_argument("--io-sizes", help="runs.bash's io_sizes: the store sizes' line")
    a = ap.parse_args()

    runs = defaultdict(list)
    with open(a.results) as f:
        for line in f:
            r = json.loads(line)
            runs[(r["workload"], r["tool"])].append(r)
    checks = {}
    if a.checks and os.path.exists(a.checks):
        with open(a.checks) as f:
            checks = json.load(f)
    counts = {}
    if a.manifest:
        with open(a.manifest) as f:
            m = json.load(f)
        counts = m["counts"]
        scale = m["scale"]
    date = ""
    if os.path.exists(os.path.join(a.out, "date.txt")):
        with open(os.path.join(a.out, "date.txt")) as f:
            date = f.read().strip()

    lines = []
    md = []
    say = lines.append
    say(f"lode benchmark, {date}, {machine()}")
    if counts:
        say(f"data: scale {scale}: {counts['samples']:,} samples, {counts['licences']:,} licences, "
            f"{counts['occurrences']:,} W4a query points; W4b: {counts['w4b_samples']:,} samples, "
            f"{counts['w4b_licences']:,} licences")
    if counts and any(k[0] in io_runs.IO_WORKLOADS for k in runs):
        say(f"W1/W5: {counts['samples']:,} lab samples (bench/io.sh's generator: id, lon/lat, type, date, 4 assays, lab),"
            f" lode and ogr2ogr alternating run by run")
    say("time: median wall time of the runs (GNU time); memory: peak RSS (GNU time), for PostGIS psql's peak RSS +"
        " the server processes' sampled peak (see measure.py)")
    io_counts = {}
    if a.io_counts and os.path.exists(a.io_counts):
        with open(a.io_counts) as f:
            for line in f:
                if len(line.split()) == 3:
                    w, t, n = line.split()
                    io_counts[(w, t)] = int(n)
    md.append(f"| workload | tool | median wall s | runs s | peak memory MB | time / lode's | answer |")
    md.append("|---|---|---:|---|---:|---:|---|")
    targets = []
    noisy = []
    io_figures = {}   # W1/W5's figures for the summary in io.sh's form
    workloads = [w for w in WORKLOADS if any(k[0] == w for k in runs)]
    for w in workloads:
        say("")
        say(TITLES[w])
        say(f"  {'tool':18} {'median s':>9}  {'runs s':24} {'peak MB':>8}  {'× lode':>7}  answer")
        tools = sorted({k[1] for k in runs if k[0] == w}, key=lambda t: ORDER.index(t) if t in ORDER else 99)
        med = {}
        peak = {}
        ok = {}
        for t in tools:
            rs = runs[(w, t)]
            good = [r for r in rs if r.get("exit") == 0 and not r.get("timed_out")]
            ok[t] = len(good) == len(rs)
            if good:
                med[t] = statistics.median(r["wall_s"] for r in good)
                peak[t] = max(r["peak_kb"] for r in good) / 1024
        io = w in io_runs.IO_WORKLOADS
        subject = io_runs.io_subject(w) if io else "lode"
        for t in tools:
            rs = runs[(w, t)]
            times = " ".join(f"{r['wall_s']:.2f}" if r.get("exit") == 0 and not r.get("timed_out") else
                             ("timeout" if r.get("timed_out") else f"exit{r.get('exit')}") for r in rs)
            ratio = f"{med[t] / med[subject]:.2f}" if t in med and subject in med and med[subject] > 0 else "—"
            c = checks.get(w, {}).get(t)
            if io:
                answer = io_answer(w, t, io_counts, counts.get("samples"))
            elif t == "postgis" and c is None:
                answer = "reference"
            elif t == "postgis":
                answer = ("reference ids; distances " + ("exact" if c["agree"] else "DISAGREE")) if w == "W4b" else "reference"
            elif c is None:
                answer = "not checked"
            else:
                answer = "agrees" if c["agree"] else "DISAGREES"
            mt = f"{med[t]:9.2f}" if t in med else f"{'failed':>9}"
            mp = f"{peak[t]:8.0f}" if t in peak else f"{'—':>8}"
            mem_note = ""
            busy = [r for r in rs if r.get("other_cpu_s", 0) > max(0.2 * r.get("wall_s", 0), 1.0)
                    or r.get("idle_before") is False]
            if busy:
                noisy.append(f"{w} {NAMES.get(t, t)}: something else used the CPU during {len(busy)} of the runs "
                             f"(up to {max(r.get('other_cpu_s', 0) for r in busy):.1f} CPU s of other processes during a run)")
            if rs and "server_peak_kb" in rs[0]:
                r0 = max(rs, key=lambda r: r["peak_kb"])
                client = {"lode-pg": "lode", "ogr2ogr": "ogr2ogr"}.get(t, "psql")
                mem_note = f" ({client} {r0.get('rss_kb', 0) / 1024:.0f} + server {r0['server_peak_kb'] / 1024:.0f})"
            say(f"  {NAMES.get(t, t):18} {mt}  {times:24} {mp}  {ratio:>7}  {answer}{mem_note}")
            md.append(f"| {w} | {NAMES.get(t, t)} | {med[t]:.2f} | {times} | {peak[t]:.0f}{mem_note} | {ratio} | {answer} |"
                      if t in med else f"| {w} | {NAMES.get(t, t)} | failed | {times} | — | — | — |")
        if io:
            targets.extend(io_targets(w, med, {t: [r for r in runs[(w, t)] if r.get("exit") == 0 and not r.get("timed_out")]
                                               for t in tools}, io_figures))
            continue
        if "lode-pg" in tools:
            targets.extend(lode_pg_targets(w, med, checks))
        peers = [t for t in med if t not in ("lode", "lode-pg")]
        if "lode" not in tools:
            targets.append(f"{w}: lode not measured")
            continue
        if "lode" not in med:
            targets.append(f"{w}: MISSED — lode failed")
            continue
        if not peers:
            targets.append(f"{w}: no peer finished; nothing to compare with")
            continue
        fastest = min(peers, key=lambda t: med[t])
        speedup = med[fastest] / med["lode"] if med["lode"] > 0 else float("inf")
        verdict = "MET" if speedup >= SPEED_TARGET else "MISSED"
        targets.append(f"{w}: speed  {verdict}: lode {med['lode']:.2f} s vs fastest peer {NAMES.get(fastest, fastest)} "
                       f"{med[fastest]:.2f} s = {speedup:.2f}× (target ≥ {SPEED_TARGET:.0f}×)")
        lowest = min(peers, key=lambda t: peak[t])
        verdict = "MET" if peak["lode"] <= peak[lowest] else "MISSED"
        targets.append(f"{w}: memory {verdict}: lode {peak['lode']:.0f} MB vs lowest peer {NAMES.get(lowest, lowest)} "
                       f"{peak[lowest]:.0f} MB (target: no higher than any peer)")
        c = checks.get(w, {}).get("lode")
        if c is not None:
            targets.append(f"{w}: answer {'MET' if c['agree'] else 'MISSED'}: lode "
                           f"{'agrees with' if c['agree'] else 'DISAGREES with'} the reference (see the checks above)")
    if noisy:
        say("")
        say("note: the machine was not idle (CPU time of other processes during a run, from /proc/stat):")
        for n in noisy:
            say("  " + n)
    say("")
    if a.io_sizes and os.path.exists(a.io_sizes):
        with open(a.io_sizes) as f:
            sizes = io_runs.store_sizes(f.read())
        if sizes:   # after W1's targets
            at = max((i + 1 for i, t in enumerate(targets) if t.startswith("W1")), default=0)
            targets.insert(at, "W1: " + sizes)
    say("targets (lode at least 3× faster than the fastest peer, peak memory no higher than the peers', right answer;"
        " lode-pg at least 3× faster than the PostGIS SQL and within 1.5× of lode; W1/W5: ogr2ogr's time at least"
        " 2× lode's (W1-csv, W1-gpkg) or 1× (W1-pg, W5), lode's own peak ≤ 300 MB, the store ≤ 1.3× SpatiaLite's):")
    for t in targets:
        say("  " + t)
    if io_figures:
        io_md = ["", "W1 and W5 against ogr2ogr (the form of bench/io.sh's table; peaks: each process's own):", ""]
        io_md += io_runs.io_table(io_figures)
        lines.extend(io_md)
        md.extend(io_md)
    if a.load and os.path.exists(a.load):
        say("")
        say("loading (once, not part of the workloads):")
        with open(a.load) as f:
            for line in f:
                say("  " + line.rstrip())
    print("\n".join(lines))
    with open(os.path.join(a.out, "report.md"), "w") as f:
        f.write("\n".join(md) + "\n\n" + "\n".join(f"- {t}" for t in targets) + "\n")


if __name__ == "__main__":
    main()
