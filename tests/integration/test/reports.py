#!/usr/bin/env python3
"""sonde test's report files, shards, parallel files and merged shard reports.

usage: reports.py SONDE STATE_DIR CASE      (CASE: reports | shards | parallel)
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

SONDE, STATE, CASE = sys.argv[1], sys.argv[2], sys.argv[3]
HERE = os.path.dirname(os.path.abspath(__file__))
PORT = open(os.path.join(STATE, "port")).read().strip()
HOST = f"host=http://127.0.0.1:{PORT}"


def fail(why, proc=None):
    print(f"FAIL [{CASE}]: {why}")
    if proc is not None:
        print(f"exit {proc.returncode}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}")
    sys.exit(1)


def sonde(*args, expect=None):
    proc = subprocess.run([SONDE, "test", "--color", "never", "--variable", HOST, *args], cwd=HERE,
                          capture_output=True, text=True, timeout=120)
    if expect is not None and proc.returncode != expect:
        fail(f"exit {proc.returncode}, wanted {expect}", proc)
    return proc


def case_reports():
    with tempfile.TemporaryDirectory() as tmp:
        junit, tap, js = (os.path.join(tmp, n) for n in ("r.xml", "r.tap", "r.json"))
        sonde("--continue-on-error", "--report-junit", junit, "--report-tap", tap, "--report-json", js,
              "cases/queries.hurl", "cases/queries-fail.hurl", expect=1)
        xml = open(junit).read()
        if xml.count("<testsuite ") != 2 or 'tests="4" failures="1"' not in xml:
            fail("JUnit: two suites, 4 entries, 1 failure\n" + xml)
        if "queries-fail.hurl:5:1" not in xml or "curl http://127.0.0.1" not in xml:
            fail("JUnit failure names the assert's file:line:col and the curl reproduction\n" + xml)
        t = open(tap).read()
        if not t.startswith("TAP version 14\n1..4\n") or t.count("\nnot ok ") != 1:
            fail("TAP: plan 1..4, one failure\n" + t)
        doc = json.load(open(js))
        if doc["summary"] != {"files": 2, "entries": 4, "failed": 1} or doc["passed"]:
            fail(f"JSON summary {doc['summary']}")


def case_shards():
    files = ["cases/queries.hurl", "cases/predicates.hurl", "cases/filters.hurl", "cases/sections.hurl"]
    with tempfile.TemporaryDirectory() as tmp:
        seen = []
        reports = []
        for i in (1, 2):
            report = os.path.join(tmp, f"shard{i}.xml")
            proc = sonde("--shard", f"{i}/2", "--report-junit", report, *files, expect=0)
            seen += re.findall(r"^PASS (\S+)", proc.stdout, re.M)
            reports.append(report)
        if sorted(seen) != sorted(files):
            fail(f"two shards ran every file exactly once: {seen}")
        merged = os.path.join(tmp, "all.xml")
        subprocess.run([SONDE, "test", "--merge-reports", *reports, "--report-junit", merged], check=True)
        xml = open(merged).read()
        if xml.count("<testsuite ") != 4 or not re.search(r'<testsuites name="sonde" tests="(\d+)" failures="0"', xml):
            fail("merged report holds the four files' suites\n" + xml)
        proc = sonde("--shard", "3/2", *files, expect=2)


def case_parallel():
    # Four files that each wait 400 ms: --jobs 4 runs them side by side.
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i in range(4):
            p = os.path.join(tmp, f"slow{i}.hurl")
            open(p, "w").write("GET {{host}}/delay/400\nHTTP 200\n")
            paths.append(p)
        start = time.monotonic()
        proc = sonde("--jobs", "4", *paths, expect=0)
        elapsed = time.monotonic() - start
        if elapsed > 1.4:
            fail(f"--jobs 4 took {elapsed:.2f} s for four 0.4 s files", proc)
        order = re.findall(r"^PASS \S+/(slow\d)\.hurl", proc.stdout, re.M)
        if order != ["slow0", "slow1", "slow2", "slow3"]:
            fail(f"results in input order: {order}", proc)


def case_tour():
    # The README's tour step: the demo flow against the bundled mock finds the planted violation.
    root = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
    mock = subprocess.Popen([SONDE, "mock", "specs/shop-v2.yaml", "--port", "0", "--seed", "1"], cwd=root,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = mock.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        if not m:
            fail(f"the mock did not say where it listens: {line!r}")
        proc = subprocess.run([SONDE, "test", "--color", "never", "--spec", "specs/shop-v2.yaml", "--variable",
                               f"base=http://127.0.0.1:{m.group(1)}", "specs/demo/shop-flow.hurl"], cwd=root,
                              capture_output=True, text=True, timeout=60)
        if proc.returncode != 1 or '"refunded"' not in proc.stdout or "3 passed, 1 failed" not in proc.stdout:
            fail("the flow finds the planted enum violation and only it", proc)
    finally:
        mock.terminate()
        mock.wait(timeout=10)


{"reports": case_reports, "shards": case_shards, "parallel": case_parallel, "tour": case_tour}[CASE]()
print(f"ok [{CASE}]")
