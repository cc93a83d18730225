#!/usr/bin/env python3
"""The measurements behind bench/corpus/run (see there). usage: corpus.py SONDE CURRENT PREVIOUS WORK"""
import json
import os
import random
import signal
import subprocess
import sys
import time

import yaml


# A child forked from this Python process reports Python's own peak (~14 MiB) as its ru_maxrss
# whatever it execs, so small descriptions all read ~16 MiB. GNU time forks sonde from a process
# of its own size and reports sonde's peak alone: used when installed (Debian package `time`).
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
RSS_FILE = None


def run_diff(sonde, a, b):
    """(exit code, findings, wall seconds, peak RSS MiB, stderr) of `sonde diff --format json a b`."""
    start = time.monotonic()
    command = [sonde, "diff", "--format", "json", a, b]
    if GNU_TIME:
        command = [GNU_TIME, "-f", "%M", "-o", RSS_FILE, "--"] + command
    # Its own process group, so a timeout kills sonde and not only GNU time above it.
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        return 124, None, time.monotonic() - start, 0.0, "timeout"
    wall = time.monotonic() - start
    # ru_maxrss of the one child just reaped: Popen.wait4 is not exposed, so use RUSAGE_CHILDREN
    # deltas would mix children; read it from /usr/bin/time-less wait4 instead.
    rss = PEAKS.pop(proc.pid, 0.0)
    if GNU_TIME:
        try:
            with open(RSS_FILE) as f:
                rss = int(f.read().split()[-1]) / 1024.0
        except (OSError, ValueError, IndexError):
            pass
    findings = None
    try:
        summary = json.loads(out)["summary"]
        findings = sum(summary.values())
    except (ValueError, KeyError):
        pass
    return proc.returncode, findings, wall, rss, err.decode(errors="replace").strip().splitlines()[-1:] or [""]


PEAKS = {}
_original_wait = subprocess.Popen._try_wait


def _wait_with_rusage(self, wait_flags):
    # Popen reaps its child with waitpid; wait4 reaps it the same way and also reports its peak RSS.
    try:
        pid, status, usage = os.wait4(self.pid, wait_flags)
    except ChildProcessError:
        return (self.pid, 0)
    if pid == self.pid:
        PEAKS[pid] = usage.ru_maxrss / 1024.0
    return (pid, status)


subprocess.Popen._try_wait = _wait_with_rusage


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))] if values else 0.0


def descriptions(folder):
    out = []
    for base, _, files in os.walk(folder):
        out += [os.path.join(base, f) for f in files if f.endswith(".json")]
    return sorted(out)


def main():
    global RSS_FILE
    sonde, current, previous, work = sys.argv[1:5]
    os.makedirs(work, exist_ok=True)
    RSS_FILE = os.path.join(work, "rss")
    if not GNU_TIME:
        print("note: /usr/bin/time not installed: RSS figures below ~16 MiB are Python's, not sonde's", file=sys.stderr)
    limit = int(os.environ.get("CORPUS_LIMIT", "0")) or None
    specs = descriptions(current)[:limit]
    print(f"corpus: {len(specs)} descriptions from {current}")

    # 1 + 3: self-diffs
    bad, walls, rsses, sizes = [], [], [], []
    for i, spec in enumerate(specs):
        code, findings, wall, rss, err = run_diff(sonde, spec, spec)
        walls.append(wall)
        rsses.append(rss)
        sizes.append((rss, wall, os.path.getsize(spec), spec))
        if code != 0 or findings != 0:
            bad.append((spec, code, findings, err[0][:160]))
        if (i + 1) % 500 == 0:
            print(f"  ... {i + 1} self-diffs", flush=True)
    print(f"\nself-diff: {len(specs) - len(bad)}/{len(specs)} with 0 findings and exit 0 (target: all)")
    for spec, code, findings, err in bad[:40]:
        print(f"  exit {code}, {findings} findings: {os.path.relpath(spec, current)}  {err}")
    if len(bad) > 40:
        print(f"  ... and {len(bad) - 40} more")
    print(f"\nself-diff time   p50 {percentile(walls, 50):.3f} s  p90 {percentile(walls, 90):.3f} s  "
          f"p99 {percentile(walls, 99):.3f} s  max {max(walls):.3f} s")
    print(f"self-diff RSS    p50 {percentile(rsses, 50):.1f} MiB  p90 {percentile(rsses, 90):.1f} MiB  "
          f"p99 {percentile(rsses, 99):.1f} MiB  max {max(rsses):.1f} MiB")
    print("largest by RSS (RSS / file size, target <= 4x and <= 1.5 s for graph-beta):")
    for rss, wall, size, spec in sorted(sizes, reverse=True)[:5]:
        print(f"  {rss:8.1f} MiB  {rss * 1048576 / max(size, 1):5.1f}x  {wall:6.2f} s  "
              f"{size / 1048576:6.1f} MB  {os.path.relpath(spec, current)}")

    # 2: JSON vs YAML twins
    rng = random.Random(18)
    sample = rng.sample(specs, min(200, len(specs)))
    twin_bad = []
    for spec in sample:
        with open(spec) as f:
            doc = json.load(f)
        twin = os.path.join(work, "twin.yaml")
        with open(twin, "w") as f:
            yaml.safe_dump(doc, f, allow_unicode=True, sort_keys=False, width=1 << 20)
        code, findings, _, _, err = run_diff(sonde, spec, twin)
        if code != 0 or findings != 0:
            twin_bad.append((spec, code, findings, err[0][:160]))
    print(f"\nJSON vs YAML twin: {len(sample) - len(twin_bad)}/{len(sample)} with 0 findings (seed 18; target: all)")
    for spec, code, findings, err in twin_bad[:20]:
        print(f"  exit {code}, {findings} findings: {os.path.relpath(spec, current)}  {err}")

    # 4: real version pairs
    pairs = [(os.path.join(previous, os.path.relpath(s, current)), s) for s in specs]
    pairs = [(a, b) for a, b in pairs if os.path.exists(a)]
    codes, counts = {}, {"0": 0, "1-9": 0, "10-99": 0, "100+": 0, "none": 0}
    for a, b in pairs:
        code, findings, _, _, _ = run_diff(sonde, a, b)
        codes[code] = codes.get(code, 0) + 1
        if findings is None:
            counts["none"] += 1
        else:
            counts["0" if findings == 0 else "1-9" if findings < 10 else "10-99" if findings < 100 else "100+"] += 1
    print(f"\nversion pairs (previous release -> current): {len(pairs)}")
    print("  exit codes: " + ", ".join(f"{k}: {v}" for k, v in sorted(codes.items())))
    print("  findings:   " + ", ".join(f"{k}: {v}" for k, v in counts.items()))
    return 0 if not bad and not twin_bad else 1


if __name__ == "__main__":
    sys.exit(main())
