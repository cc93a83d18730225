#!/usr/bin/env python3
"""Credentials never show (issue 19): Authorization, Cookie and an API key given with -H (and a
Cookie the server sets) must be masked in every output of every subcommand that sends HTTP: each
--format, -v on stderr, --print-curl / --dry-run, the report files (JUnit, JSON, TAP, HTML) and
check --generate's reproduction files. The server answers 500 so that every check fails and every
report carries its exchanges. Usage: secrets_masked.py SONDE CASE (--list prints the cases)."""
import http.server
import os
import subprocess
import sys
import tempfile
import threading

from hostile_lib import write_spec

# Python listens with a backlog of 5, which overflows when tests run side by side (SYN cookies,
# then resets: see tests/integration/check/server.py).
http.server.ThreadingHTTPServer.request_queue_size = 1024

SECRETS = ("s3cr3t-bearer", "s3cr3t-cookie", "s3cr3t-key", "s3cr3t-set-cookie")
HEADERS = ["-H", "Authorization: Bearer s3cr3t-bearer", "-H", "Cookie: sid=s3cr3t-cookie",
           "-H", "X-Api-Key: s3cr3t-key"]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        body = b'{"error":"boom"}'
        self.send_response(500)
        self.send_header("Content-Type", "application/json")
        self.send_header("Set-Cookie", "session=s3cr3t-set-cookie; Path=/")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = answer

    def log_message(self, *args):
        pass


def cases(base, tmp):
    spec = write_spec(tmp)
    hurl = os.path.join(tmp, "thing.hurl")
    with open(hurl, "w") as f:
        f.write(f"GET {base}/thing\nAuthorization: Bearer s3cr3t-bearer\nCookie: sid=s3cr3t-cookie\n"
                f"X-Api-Key: s3cr3t-key\nHTTP 200\n")
    r = lambda name: os.path.join(tmp, name)
    url = f"{base}/thing"
    return {
        "time": [["time", *HEADERS, url], ["time", "--format", "json", *HEADERS, url],
                 ["time", "--print-curl", *HEADERS, url], ["-vv", "time", *HEADERS, url]],
        "replay": [["replay", "--retries", "0", *HEADERS, url],
                   ["replay", "--retries", "0", "--format", "json", *HEADERS, url],
                   ["replay", "--print-curl", *HEADERS, url], ["replay", "--dry-run", *HEADERS, url],
                   ["-vv", "replay", "--retries", "0", "-i", *HEADERS, url]],
        "test": [["test", hurl], ["test", "--format", "json", hurl], ["-vv", "test", hurl],
                 ["test", "--report-junit", r("t.xml"), "--report-json", r("t.json"), "--report-tap", r("t.tap"),
                  "--report-html", r("html"), hurl]],
        "check-live": [["check", "--spec", spec, "--base-url", base, *HEADERS],
                       ["check", "--spec", spec, "--base-url", base, "--format", "json", *HEADERS],
                       ["check", "--spec", spec, "--base-url", base, "--format", "junit", *HEADERS],
                       ["-vv", "check", "--spec", spec, "--base-url", base, *HEADERS],
                       ["check", "--spec", spec, "--base-url", base, "--report-junit", r("c.xml"),
                        "--report-json", r("c.json"), *HEADERS]],
        "check-generate": [["check", "--spec", spec, "--base-url", base, "--generate", "--phases", "coverage", *HEADERS],
                           ["check", "--spec", spec, "--base-url", base, "--generate", "--phases", "coverage",
                            "--format", "json", *HEADERS],
                           ["-vv", "check", "--spec", spec, "--base-url", base, "--generate", "--phases", "coverage",
                            "--report-cases", r("cases"), "--report-junit", r("g.xml"), *HEADERS]],
    }


def main():
    if sys.argv[2] == "--list":
        print(";".join(cases("http://x", tempfile.gettempdir()).keys()))
        return 0
    sonde, case = sys.argv[1], sys.argv[2]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    problems = []
    masked = 0  # "***" seen: the credentials were shown, masked (not merely left out)
    with tempfile.TemporaryDirectory(prefix="sonde-secrets-") as tmp:
        for args in cases(base, tmp)[case]:
            proc = subprocess.run([sonde, *args], capture_output=True, text=True, timeout=120)
            shown = " ".join(a for a in args if not a.startswith(("Authorization", "Cookie", "X-Api-Key")))
            if proc.returncode not in (0, 1, 4):
                problems.append(f"{shown}: exit {proc.returncode}\n{proc.stderr[-1000:]}")
            masked += (proc.stdout + proc.stderr).count("***")
            for stream, text in (("stdout", proc.stdout), ("stderr", proc.stderr)):
                for secret in SECRETS:
                    if secret in text:
                        line = next(l for l in text.splitlines() if secret in l)
                        problems.append(f"{shown}: {stream} shows {secret}: {line[:300]!r}")
        written = 0
        for folder, _, files in os.walk(tmp):
            for name in files:
                path = os.path.join(folder, name)
                if name in ("api.yaml", "thing.hurl"):
                    continue
                written += 1
                text = open(path, encoding="utf-8", errors="replace").read()
                masked += text.count("***")
                for secret in SECRETS:
                    if secret in text:
                        line = next(l for l in text.splitlines() if secret in l)
                        problems.append(f"{os.path.relpath(path, tmp)} shows {secret}: {line[:300]!r}")
        print(f"{case}: {len(cases(base, tmp)[case])} runs, {written} report files read, {masked} masked values")
    if masked == 0:
        problems.append("no masked value (***) anywhere: the outputs never showed the headers, so this proves nothing")
    if problems:
        print("FAILED:\n  " + "\n  ".join(problems))
        return 1
    print("ok: no credential shown")
    return 0


if __name__ == "__main__":
    sys.exit(main())
