"""The runs bench/runs.bash's `timed` appends ("NAME TOOL seconds peak_kb" a line), read back by the
reports of bench/io.sh and bench/assays.sh."""
import collections
import statistics


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
