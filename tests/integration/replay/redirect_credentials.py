#!/usr/bin/env python3
"""replay follows redirects only where the source asks (curl -L, .http without # @no-redirect),
and credentials never follow to another origin unless curl --location-trusted says so.

Two servers on loopback, on different ports (so different origins): A answers /hop with a
redirect to B, B records the headers it received. Usage: redirect_credentials.py SONDE
"""
import json
import os
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Python listens with a backlog of 5, which overflows when tests run side by side (SYN cookies,
# then resets: see tests/integration/check/server.py).
ThreadingHTTPServer.request_queue_size = 1024

SONDE = sys.argv[1]
SEEN = []


class B(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def handle_any(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        SEEN.append({"method": self.command, "path": self.path,
                     "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body.decode()})
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    do_GET = do_POST = do_PUT = handle_any


def start(handler):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


b = start(B)


class A(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def handle_any(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            self.rfile.read(n)
        status = int(self.path.split("/")[-1]) if self.path.split("/")[-1].isdigit() else 302
        if self.path.startswith("/same"):
            # Same origin: A itself answers the second hop.
            if self.path.startswith("/same/final"):
                SEEN.append({"method": self.command, "path": self.path,
                             "headers": {k.lower(): v for k, v in self.headers.items()}, "body": ""})
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            location = "/same/final"
        else:
            location = f"http://127.0.0.1:{b.server_address[1]}/landed"
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST = do_PUT = handle_any


a = start(A)
A_URL = f"http://127.0.0.1:{a.server_address[1]}"
SECRETS = {"authorization": "Bearer s3cret", "x-api-key": "k3y", "cookie": "session=abc"}
failures = []


def run(args, what):
    SEEN.clear()
    proc = subprocess.run([SONDE, "replay", "--idempotency-key", "none", "--retries", "0", *args],
                          capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        failures.append(f"{what}: exit {proc.returncode}: {proc.stderr.strip()}")
    return SEEN[-1] if SEEN else None


def expect(cond, what):
    if not cond:
        failures.append(what)


headers = "-H 'Authorization: Bearer s3cret' -H 'X-Api-Key: k3y' -H 'Cookie: session=abc'"
got = run(["--curl", f"curl -L {headers} {A_URL}/hop"], "curl -L")
expect(got and got["path"] == "/landed", "curl -L: the redirect to the other origin was not followed")
for name in SECRETS:
    expect(got and name not in got["headers"], f"curl -L: {name} followed to another origin")

got = run(["--curl", f"curl -L -H 'Host: a.example' {A_URL}/hop"], "curl -L with Host")
expect(got and got["headers"].get("host") == f"127.0.0.1:{b.server_address[1]}",
       "a Host header followed to another origin")

got = run(["--curl", f"curl -L -T - {A_URL}/hop/303"], "303 after a chunked upload")
expect(got and got["method"] == "GET" and "transfer-encoding" not in got["headers"] and "expect" not in got["headers"],
       "a 303 after -T - kept Transfer-Encoding or Expect on the GET")

got = run(["--curl", f"curl --location-trusted {headers} {A_URL}/hop"], "curl --location-trusted")
for name, value in SECRETS.items():
    expect(got and got["headers"].get(name) == value, f"--location-trusted: {name} was not sent on")

got = run(["--curl", f"curl -L {headers} {A_URL}/same/302"], "same origin")
for name, value in SECRETS.items():
    expect(got and got["headers"].get(name) == value, f"same-origin redirect: {name} was dropped")

got = run(["--curl", f"curl -L -d x=1 {A_URL}/hop/303"], "303 after POST")
expect(got and got["method"] == "GET" and got["body"] == "", "a 303 after POST did not become a body-less GET")
got = run(["--curl", f"curl -L -X PUT -d x=1 {A_URL}/hop/307"], "307 after PUT")
expect(got and got["method"] == "PUT" and got["body"] == "x=1", "a 307 did not keep its method and body")

got = run(["--curl", f"curl {headers} {A_URL}/hop"], "no -L")
expect(got is None, "without -L the redirect was followed")

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "api.http")
    with open(path, "w") as f:
        f.write(f"GET {A_URL}/hop\nX-Api-Key: k3y\nAuthorization: Bearer s3cret\n")
    got = run([path], ".http")
    expect(got and got["path"] == "/landed", ".http: the redirect was not followed")
    expect(got and "x-api-key" not in got["headers"] and "authorization" not in got["headers"],
           ".http: credentials followed to another origin")
    with open(path, "w") as f:
        f.write(f"# @no-redirect\nGET {A_URL}/hop\n")
    expect(run([path], ".http no-redirect") is None, ".http: # @no-redirect was followed")

if failures:
    print("FAIL\n  " + "\n  ".join(failures))
    sys.exit(1)
print("ok: redirects followed where asked, credentials kept on their origin")
