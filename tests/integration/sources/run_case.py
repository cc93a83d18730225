#!/usr/bin/env python3
"""Runs one request-source case: what a curl line, .http file or HAR makes sonde send.

A case is a folder cases/<source>/<name>/ holding
  cmd          sonde's arguments as shell words; @ECHO@ becomes 127.0.0.1:<port> of an echo
               server started for this case (also substituted in every other file of the case)
  expect.json  the requests that must reach the server, in order:
               [{"method": "POST", "target": "/x?a=1",
                 "headers": [["Host", "@ECHO@"], ["Content-Type", "text/plain"]],
                 "body": "text" | "body_b64": "..." | "body_re": "regex"}]
               Header lists are exact: a header sonde adds that the source did not ask for, or one
               missing, fails the case. Names compare case-insensitively; order matters only
               among fields of the same name (as in HTTP). A value "~REGEX" matches by regex.
  exit         expected exit code (default 0); stdin: bytes fed to sonde; stderr.pattern: regex
The case runs in a temporary copy of its folder, so relative file references work.
Usage: run_case.py SONDE CASE_DIR
"""
import base64
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from echo_server import EchoServer  # noqa: E402


def substitute_tree(folder, echo):
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                data = f.read()
            if b"@ECHO@" in data:
                with open(path, "wb") as f:
                    f.write(data.replace(b"@ECHO@", echo.encode()))


def header_matches(want, got):
    if want[0].lower() != got[0].lower():
        return False
    if want[1].startswith("~"):
        return re.fullmatch(want[1][1:], got[1]) is not None
    return want[1] == got[1]


def same_fields(want, got):
    def grouped(headers):
        groups = {}
        for name, value in headers:
            groups.setdefault(name.lower(), []).append([name, value])
        return groups
    w, g = grouped(want), grouped(got)
    if w.keys() != g.keys():
        return False
    return all(len(w[k]) == len(g[k]) and all(header_matches(a, b) for a, b in zip(w[k], g[k])) for k in w)


def compare(want, got):
    problems = []
    for field in ("method", "target"):
        if want[field] != got[field]:
            problems.append(f"{field}: want {want[field]!r}, got {got[field]!r}")
    wh, gh = want.get("headers"), got["headers"]
    if wh is not None and not same_fields(wh, gh):
        problems.append("headers differ:\n    want " + json.dumps(wh) + "\n    got  " + json.dumps(gh))
    body = base64.b64decode(got["body_b64"])
    if "body" in want and body != want["body"].encode():
        problems.append(f"body: want {want['body'].encode()!r}\n          got  {body!r}")
    if "body_b64" in want and body != base64.b64decode(want["body_b64"]):
        problems.append(f"body (base64): want {base64.b64decode(want['body_b64'])!r}\n          got  {body!r}")
    if "body_re" in want and not re.fullmatch(want["body_re"].encode(), body, re.S):
        problems.append(f"body: {body!r} does not match {want['body_re']!r}")
    return problems


def main():
    sonde, case = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    server = EchoServer()
    echo = f"127.0.0.1:{server.port}"
    with tempfile.TemporaryDirectory(prefix="sonde-sources-") as tmp:
        work = os.path.join(tmp, "case")
        shutil.copytree(case, work)
        substitute_tree(work, echo)
        with open(os.path.join(work, "cmd")) as f:
            args = shlex.split(f.read())
        stdin = b""
        if os.path.exists(os.path.join(work, "stdin")):
            with open(os.path.join(work, "stdin"), "rb") as f:
                stdin = f.read()
        run = subprocess.run([sonde] + args, cwd=work, input=stdin, capture_output=True, timeout=60)
        want_exit = 0
        if os.path.exists(os.path.join(work, "exit")):
            with open(os.path.join(work, "exit")) as f:
                want_exit = int(f.read().strip())
        expected = []
        if os.path.exists(os.path.join(work, "expect.json")):
            with open(os.path.join(work, "expect.json")) as f:
                expected = json.load(f)
        pattern = None
        if os.path.exists(os.path.join(work, "stderr.pattern")):
            with open(os.path.join(work, "stderr.pattern")) as f:
                pattern = f.read().strip()
    time.sleep(0.05)  # a request whose response was already read is recorded before it is answered
    problems = []
    if run.returncode != want_exit:
        problems.append(f"exit: want {want_exit}, got {run.returncode}")
    if pattern and not re.search(pattern, run.stderr.decode(errors="replace")):
        problems.append(f"stderr does not match {pattern!r}")
    got = server.requests
    if len(got) != len(expected):
        problems.append(f"{len(got)} requests arrived, {len(expected)} expected")
    for i, (w, g) in enumerate(zip(expected, got)):
        for p in compare(json.loads(json.dumps(w).replace("@ECHO@", echo)), g):
            problems.append(f"request {i + 1}: {p}")
    if problems:
        print(f"FAIL {os.path.relpath(case)}: sonde {shlex.join(args)}")
        for p in problems:
            print("  " + p)
        print("--- stderr\n" + run.stderr.decode(errors="replace"))
        print("--- requests received\n" + json.dumps(got, indent=1))
        return 1
    print(f"ok {len(got)} request(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
