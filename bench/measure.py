#!/usr/bin/python3
"""Run one timed command and append one JSON line with what was measured.

    measure.py --result FILE --workload W2 --tool lode --run 1 --stdout OUT.csv [--postmaster PID] [--timeout S] -- CMD ARGS...

* wall time: the command's own elapsed time as GNU time reports it (`/usr/bin/time -v`, "Elapsed (wall clock)")
  and, as a cross-check, this script's monotonic clock around it;
* peak RSS of the command: GNU time's "Maximum resident set size" (the largest peak of the process and any child it
  waited for: for psql, sqlite3, python3 and lode that is the process itself);
* with --postmaster PID (the PostGIS runs): the memory of the PostgreSQL server processes that serve the query,
  i.e. the postmaster's children that appear while the command runs (the client's backend and any parallel
  workers). They are sampled every 50 ms from /proc/PID/status; at each sample the server memory is
      sum of RssAnon (private memory of each process) + max of RssShmem (shared buffers touched, counted once)
      + max of RssFile (the mapped postgres binary and libraries, counted once),
  and the maximum over the samples is reported as server_peak_kb (a sampled value: a spike shorter than 50 ms can
  be missed).  The backend's own VmHWM (its peak RSS, private + shared pages) is also kept as backend_hwm_kb.
  The figure charged to PostGIS is then client peak RSS (psql) + server_peak_kb.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time


def read_status(pid):
    vals = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, rest = line.partition(":")
                if key in ("RssAnon", "RssFile", "RssShmem", "VmHWM", "VmRSS"):
                    vals[key] = int(rest.split()[0])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    return vals


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except FileNotFoundError:
        return []


class ServerSampler(threading.Thread):
    def __init__(self, postmaster, interval=0.05):
        super().__init__(daemon=True)
        self.postmaster = postmaster
        self.interval = interval
        self.before = set(children(postmaster))
        self.stop = threading.Event()
        self.peak_kb = 0
        self.backend_hwm_kb = 0
        self.max_procs = 0
        self.seen = set()

    def sample(self):
        procs = [p for p in children(self.postmaster) if p not in self.before]
        anon = 0
        shmem = 0
        filekb = 0
        n = 0
        for p in procs:
            st = read_status(p)
            if not st:
                continue
            n += 1
            self.seen.add(p)
            anon += st.get("RssAnon", 0)
            shmem = max(shmem, st.get("RssShmem", 0))
            filekb = max(filekb, st.get("RssFile", 0))
            self.backend_hwm_kb = max(self.backend_hwm_kb, st.get("VmHWM", 0))
        self.max_procs = max(self.max_procs, n)
        self.peak_kb = max(self.peak_kb, anon + shmem + filekb)

    def run(self):
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(self.interval)
        self.sample()


def cpu_stat():
    """(busy jiffies, steal jiffies) of the whole machine."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = (v + [0] * 8)[:8]
    return user + nice + system + irq + softirq + steal, steal


def wait_idle(limit, busy_cores=0.15, probe=2.0):
    """Wait until the machine has been idle (under busy_cores of CPU in use) for a probe of `probe` seconds, at
    most `limit` seconds.  Returns (seconds waited, whether it was idle)."""
    hz = os.sysconf("SC_CLK_TCK")
    t0 = time.monotonic()
    announced = False
    while True:
        b0 = cpu_stat()[0]
        time.sleep(probe)
        used = (cpu_stat()[0] - b0) / hz / probe
        if used < busy_cores:
            return time.monotonic() - t0, True
        if time.monotonic() - t0 > limit:
            print(f"  (the machine is still busy, {used:.1f} cores in use, after {limit:.0f} s: running anyway)",
                  file=sys.stderr, flush=True)
            return time.monotonic() - t0, False
        if not announced:
            print(f"  (waiting for the machine to be idle: {used:.1f} cores in use by other processes)",
                  file=sys.stderr, flush=True)
            announced = True


def parse_time_v(text):
    out = {}
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    if m:
        out["rss_kb"] = int(m.group(1))
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", text)
    if m:
        secs = 0.0
        for part in m.group(1).split(":"):
            secs = secs * 60 + float(part)
        out["time_wall_s"] = secs
    m = re.search(r"User time \(seconds\): ([\d.]+)", text)
    if m:
        out["user_s"] = float(m.group(1))
    m = re.search(r"System time \(seconds\): ([\d.]+)", text)
    if m:
        out["sys_s"] = float(m.group(1))
    m = re.search(r"Exit status: (\d+)", text)
    if m:
        out["exit"] = int(m.group(1))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--result", required=True)
    ap.add_argument("--workload", required=True)
    ap.add_argument("--tool", required=True)
    ap.add_argument("--run", type=int, required=True)
    ap.add_argument("--stdout", required=True)
    ap.add_argument("--stderr")
    ap.add_argument("--postmaster", type=int)
    ap.add_argument("--timeout", type=float, default=3600)
    ap.add_argument("--wait-idle", type=float, default=600,
                    help="before the run, wait up to this many seconds for the machine to be idle (0: do not wait)")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if not cmd:
        ap.error("no command")

    sampler = ServerSampler(a.postmaster) if a.postmaster else None
    with tempfile.NamedTemporaryFile("r", suffix=".time", delete=False) as tf:
        time_file = tf.name
    stderr_path = a.stderr or a.stdout + ".stderr"
    rec = {"workload": a.workload, "tool": a.tool, "run": a.run, "cmd": " ".join(cmd)}
    if a.wait_idle > 0:
        rec["waited_idle_s"], rec["idle_before"] = wait_idle(a.wait_idle)
    # the machine's CPU time during the run (/proc/stat), to see whether something else was busy meanwhile
    with open("/proc/loadavg") as f:
        rec["loadavg_before"] = float(f.read().split()[0])
    stat0 = cpu_stat()
    with open(a.stdout, "wb") as out, open(stderr_path, "wb") as err:
        if sampler:
            sampler.start()
        t0 = time.monotonic()
        proc = subprocess.Popen(["/usr/bin/time", "-v", "-o", time_file] + cmd, stdout=out, stderr=err)
        try:
            proc.wait(timeout=a.timeout)
            rec["timed_out"] = False
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            rec["timed_out"] = True
        rec["wall_s"] = time.monotonic() - t0
        if sampler:
            sampler.stop.set()
            sampler.join()
    stat1 = cpu_stat()
    hz = os.sysconf("SC_CLK_TCK")
    rec["machine_busy_cpu_s"] = (stat1[0] - stat0[0]) / hz
    rec["steal_cpu_s"] = (stat1[1] - stat0[1]) / hz
    with open(time_file) as f:
        tv = f.read()
    os.unlink(time_file)
    rec.update(parse_time_v(tv))
    rec.setdefault("exit", proc.returncode)
    if proc.returncode != 0 and "exit" in rec and rec["exit"] == 0:
        rec["exit"] = proc.returncode
    if "time_wall_s" in rec:
        rec["wall_s"] = rec["time_wall_s"]   # GNU time's figure is the one reported
    if sampler:
        rec["server_peak_kb"] = sampler.peak_kb
        rec["backend_hwm_kb"] = sampler.backend_hwm_kb
        rec["server_procs"] = sampler.max_procs
    rec["peak_kb"] = rec.get("rss_kb", 0) + rec.get("server_peak_kb", 0)
    if not sampler and "user_s" in rec:
        # CPU used by anything but the measured command while it ran (for PostGIS the server's own CPU is in it)
        rec["other_cpu_s"] = max(0.0, rec["machine_busy_cpu_s"] - rec["user_s"] - rec["sys_s"])
    with open(a.result, "a") as f:
        f.write(json.dumps(rec) + "\n")
    status = "TIMEOUT" if rec["timed_out"] else f"exit {rec['exit']}"
    extra = f" (client {rec.get('rss_kb', 0) / 1024:.0f} MB + server {rec['server_peak_kb'] / 1024:.0f} MB)" if sampler else ""
    print(f"  {a.workload:10} {a.tool:22} run {a.run}: {rec['wall_s']:8.2f} s  peak {rec['peak_kb'] / 1024:8.0f} MB{extra}  {status}"
          + (f"  (other CPU {rec['other_cpu_s']:.1f} s)" if "other_cpu_s" in rec else
             f"  (machine CPU {rec['machine_busy_cpu_s']:.1f} s)"),
          file=sys.stderr, flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
