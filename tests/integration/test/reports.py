#!/usr/bin/env python3
"""sonde test's report files, shards, parallel files and merged shard reports.

usage: reports.py SONDE STATE_DIR CASE      (CASE: reports | shards | parallel | tour | html | html-browser)

html compares the --report-html pages with html/expected/ after putting PORT, N and TIME for
what varies (SONDE_GOLDEN_UPDATE=1 rewrites them); html-browser opens them in headless Chromium
and exits 77 (skipped) when chromium is not installed.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

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
    # Four files that each wait at the server until all four are there: they pass only when
    # --jobs 4 runs them side by side (one at a time, the first waits 20 s and gets 504).
    key = f"jobs{os.getpid()}"
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i in range(4):
            p = os.path.join(tmp, f"slow{i}.hurl")
            open(p, "w").write(f"GET {{{{host}}}}/gather/{key}/4\nHTTP 200\n")
            paths.append(p)
        proc = sonde("--jobs", "4", *paths, expect=0)
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


HTML_FLOWS = ["html/a/flow.hurl", "html/b/flow.hurl"]
SECRET = "s3cr3t-html"


def html_report(tmp):
    out = os.path.join(tmp, "report")
    sonde("--continue-on-error", "--secret", f"token={SECRET}", "--report-html", out, *HTML_FLOWS, expect=1)
    return out


def normalize_html(text):
    text = text.replace(f"127.0.0.1:{PORT}", "127.0.0.1:PORT")
    text = re.sub(r"<time>[^<]*</time>", "<time>TIME</time>", text)
    text = re.sub(r"\d+\.\d ms", "N ms", text)
    text = re.sub(r"margin-left:\d+\.\d\d%;width:\d+\.\d\d%", "margin-left:N%;width:N%", text)
    text = re.sub(r"\nDate: [^\n]*", "\nDate: DATE", text)
    text = re.sub(r"\nContent-Length: \d+", "\nContent-Length: N", text)
    return re.sub(r"\nServer: [^\n]*", "\nServer: SERVER", text)


def case_html():
    expected_dir = os.path.join(HERE, "html", "expected")
    with tempfile.TemporaryDirectory() as tmp:
        out = html_report(tmp)
        names = sorted(os.listdir(out))
        if names != ["flow.hurl-2.html", "flow.hurl.html", "index.html"]:
            fail(f"an index and one page per file, the same base name twice kept apart: {names}")
        for name in names:
            got = normalize_html(open(os.path.join(out, name), encoding="utf-8").read())
            if SECRET in got:
                fail(f"{name} shows the --secret value")
            if "<script" in got:
                fail(f"{name} holds a script element")
            path = os.path.join(expected_dir, name)
            if os.environ.get("SONDE_GOLDEN_UPDATE") == "1":
                open(path, "w", encoding="utf-8").write(got)
                continue
            want = open(path, encoding="utf-8").read() if os.path.exists(path) else "(no expected file yet)"
            if got != want:
                for i, (w, g) in enumerate(zip(want.splitlines() + ["<end>"], got.splitlines() + ["<end>"])):
                    if w != g:
                        fail(f"{name} differs from {path} at line {i + 1}\n  want {w!r}\n  got  {g!r}")
        # With --spec the index page closes with the contract coverage, the same figures as the
        # text output's coverage line, and a gate that fails named.
        covered = os.path.join(tmp, "covered")
        sonde("--spec", "api.yaml", "--require-status", "GET /status/{code}=404", "--report-html", covered,
              "cases/contract.hurl", expect=1)
        index = open(os.path.join(covered, "index.html"), encoding="utf-8").read()
        for shown in ('<h2 id="coverage">Contract coverage</h2>',
                      "operations 3/3 (100%) · documented statuses 3/4 (75%)",
                      "coverage gate: GET /status/{code} never answered 404",
                      '<tr><td>GET /status/{code}</td><td><span class="status hit" title="exercised">201</span>'
                      '<span class="status missed" title="never received">404</span></td><td>201</td></tr>'):
            if shown not in index:
                fail(f"the coverage section lacks {shown!r}:\n{index}")
        if "Contract coverage" in open(os.path.join(out, "index.html"), encoding="utf-8").read():
            fail("a run without --spec shows a coverage section")
        # A report directory that cannot be one: a usage error on one line, exit 2.
        blocker = os.path.join(tmp, "file")
        open(blocker, "w").write("x")
        proc = sonde("--report-html", blocker, HTML_FLOWS[1], expect=2)
        if proc.stderr.count("\n") != 1 or proc.stderr != f"sonde: cannot write the report: not a directory: {blocker}\n":
            fail("a bad DIR is one line on stderr", proc)


def chromium_dom(tmp, page):
    profile = os.path.join(tmp, "profile")
    proc = subprocess.run(["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
                           "--dump-dom", "file://" + page], capture_output=True, text=True, timeout=120)
    if proc.returncode != 0 or "<html" not in proc.stdout:
        fail(f"chromium could not show {page}", proc)
    return proc.stdout


def case_html_browser():
    if shutil.which("chromium") is None:
        print("SKIP [html-browser]: chromium is not installed (scripts/install-deps --test installs it)")
        sys.exit(77)
    with tempfile.TemporaryDirectory() as tmp:
        # The control: this harness does see a script that runs.
        control = os.path.join(tmp, "control.html")
        open(control, "w").write("<title>intact</title><script>document.title='pwned'</script>")
        if "<title>pwned</title>" not in chromium_dom(tmp, control):
            fail("the control page's script did not run: the harness could not see one either")
        out = html_report(tmp)
        index = chromium_dom(tmp, os.path.join(out, "index.html"))
        for shown in ("html/a/flow.hurl", "html/b/flow.hurl", 'href="flow.hurl.html"', 'href="flow.hurl-2.html"',
                      "2 files, 2 passed, 1 failed", "<title>sonde test</title>"):
            if shown not in index:
                fail(f"the index shows {shown!r}\n{index}")
        if not re.search(r'<td class="n">1</td><td class="n">1</td><td class="n">0</td><td class="n">\d+\.\d ms</td>', index):
            fail("the failing file's row: 1 passed, 1 failed, 0 skipped, its duration\n" + index)
        page = chromium_dom(tmp, os.path.join(out, "flow.hurl.html"))
        for shown in ("<title>sonde test: html/a/flow.hurl</title>", "html/a/flow.hurl:13:1", 'jsonpath "$.method" == "PUT"',
                      '<dd class="expected">"PUT"</dd>', '<dd class="actual">"POST" (string)</dd>',
                      "&lt;/pre&gt;&lt;script&gt;document.title='pwned'&lt;/script&gt;", "Authorization: Bearer ***"):
            if shown not in page:
                fail(f"the file's page shows {shown!r}\n{page}")
        for phase in ("queue", "dns", "connect", "tls", "send", "wait", "transfer"):
            if page.count(f'class="phase phase-{phase}"') != 2 or not re.search(
                    rf'phase-{phase}"><span class="label">{phase}</span><span class="track"><span class="bar" '
                    r'style="margin-left:\d+\.\d\d%;width:\d+\.\d\d%', page):
                fail(f"a waterfall row for {phase} under each of the two entries\n{page}")
        if "pwned</title>" in page or "<script" in page or SECRET in page:
            fail("a script ran, a script element exists, or the secret shows\n" + page)


{"reports": case_reports, "shards": case_shards, "parallel": case_parallel, "tour": case_tour, "html": case_html,
 "html-browser": case_html_browser}[CASE]()
print(f"ok [{CASE}]")
