#!/usr/bin/env python3
"""A test server for `sonde replay` (stdlib only, loopback only).

Retry endpoints (ID keeps separate counters per test; GET /stats/ID shows what arrived):
  /status/NNN                      status NNN
  /flaky/ID?fail=N&status=S        S (default 503) for the first N requests, then 200
  /throttle/ID?fail=N&after=S      429 + Retry-After: S (delta-seconds) for the first N, then 200
  /throttle-date/ID?fail=N         503 + Retry-After: HTTP-date 2 s after the response's Date, then 200
  /reset/ID?fail=N                 resets the connection (RST, no response) for the first N, then 200
  /capacity/ID?per_s=N             at most N successes per second for ID, else 429 + Retry-After: 1
  /stats/ID                        {"requests": n, "keys": [...], "bodies": [...]}
  /endless                         200 with a chunked body that never ends (until the client leaves)
  /gzip                            "compressed hello", always gzip-encoded (whatever Accept-Encoding says)
  /set-cookie/NAME/VALUE           200 with Set-Cookie: NAME=VALUE; Path=/

Idempotency-Key implementations, MODE one of
  correct         store + in-flight lock (409) + body fingerprint (422), replays with Idempotent-Replayed
  no-store        ignores the key: every request creates an order
  no-lock         stores finished responses only: concurrent copies all miss the store and create
  no-fingerprint  store + lock, but a different body with a used key gets the original back
  POST /MODE/orders        creates order n after 150 ms of "work": 201, Location: /MODE/orders/n
  GET  /MODE/orders/count  number of orders created in MODE (a bare integer)
"""
import argparse
import email.utils
import gzip
import hashlib
import json
import os
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

# Python listens with a backlog of 5, which overflows when tests run side by side (SYN cookies,
# then resets: see tests/integration/check/server.py).
ThreadingHTTPServer.request_queue_size = 1024

LOCK = threading.Lock()
STATS = {}    # id -> {"requests": n, "keys": [], "bodies": []}
ORDERS = {}   # mode -> count
CAPACITY = {} # id -> {"second": s, "used": n}
STORES = {}   # mode -> {key: {"state": "in-flight"|"done", "fingerprint": str, "response": tuple}}
MODES = ("correct", "no-store", "no-lock", "no-fingerprint")
WORK_SECONDS = 0.15


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes: with Nagle on, each answer on a kept-alive connection
    # waited for the client's delayed ACK (40 ms).
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):  # keep test output clean
        pass

    def send(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def record(self, ident, body):
        with LOCK:
            s = STATS.setdefault(ident, {"requests": 0, "keys": [], "bodies": []})
            s["requests"] += 1
            s["keys"].append(self.headers.get("Idempotency-Key"))
            s["bodies"].append(body.decode("utf-8", "replace"))
            return s["requests"]

    def endless(self):
        self.send_response(200)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"x" * 65536
        framed = b"%x\r\n" % len(chunk) + chunk + b"\r\n"
        try:
            while True:
                self.wfile.write(framed)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def reset(self):
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def handle_any(self):
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        parts = [p for p in url.path.split("/") if p]
        body = self.body()
        if len(parts) == 2 and parts[0] == "status":
            code = int(parts[1])
            return self.send(code, json.dumps({"status": code}).encode())
        if len(parts) == 2 and parts[0] == "stats":
            with LOCK:
                data = STATS.get(parts[1], {"requests": 0, "keys": [], "bodies": []})
                return self.send(200, json.dumps(data).encode(), [("Content-Type", "application/json")])
        if parts == ["endless"]:
            return self.endless()
        if parts == ["gzip"]:
            return self.send(200, gzip.compress(b"compressed hello"), [("Content-Encoding", "gzip")])
        if len(parts) == 3 and parts[0] == "set-cookie":
            return self.send(200, b"set", [("Set-Cookie", f"{parts[1]}={parts[2]}; Path=/")])
        if len(parts) == 2 and parts[0] == "capacity":
            return self.capacity(parts[1], int(query.get("per_s", "5")), body)
        if len(parts) == 2 and parts[0] in ("flaky", "throttle", "throttle-date", "reset"):
            return self.retry_endpoint(parts[0], parts[1], query, body)
        if len(parts) >= 2 and parts[0] in MODES and parts[1] == "orders":
            if len(parts) == 3 and parts[2] == "count":
                with LOCK:
                    return self.send(200, str(ORDERS.get(parts[0], 0)).encode())
            if len(parts) == 2 and self.command == "POST":
                return self.create_order(parts[0], body)
        return self.send(404, b'{"error":"not found"}')

    def retry_endpoint(self, kind, ident, query, body):
        n = self.record(ident, body)
        failing = n <= int(query.get("fail", "1"))
        if not failing:
            return self.send(200, json.dumps({"ok": True, "attempt": n}).encode(), [("Content-Type", "application/json")])
        if kind == "flaky":
            return self.send(int(query.get("status", "503")), b'{"error":"try again"}')
        if kind == "throttle":
            return self.send(429, b'{"error":"slow down"}', [("Retry-After", query.get("after", "1"))])
        if kind == "throttle-date":
            # send_response() adds Date (whole seconds) just before; Retry-After is 2 s after it.
            later = email.utils.formatdate(int(time.time()) + 2, usegmt=True)
            return self.send(503, b'{"error":"later"}', [("Retry-After", later)])
        return self.reset()

    def capacity(self, ident, per_s, body):
        self.record(ident, body)
        with LOCK:
            window = CAPACITY.setdefault(ident, {"second": 0, "used": 0})
            now = int(time.time())
            if window["second"] != now:
                window.update(second=now, used=0)
            allowed = window["used"] < per_s
            window["used"] += allowed
        if allowed:
            return self.send(200, b'{"ok":true}')
        return self.send(429, b'{"error":"over capacity"}', [("Retry-After", "1")])

    def create_order(self, mode, body):
        key = self.headers.get("Idempotency-Key")
        fingerprint = hashlib.sha256(body).hexdigest()
        store = STORES.setdefault(mode, {})
        if key and mode != "no-store":
            with LOCK:
                entry = store.get(key)
                if entry is not None:
                    if mode in ("correct", "no-lock") and entry["fingerprint"] != fingerprint:
                        return self.send(422, b'{"error":"key reused with a different body"}')
                    if entry["state"] == "in-flight":
                        return self.send(409, b'{"error":"request with this key in progress"}')
                    status, payload, headers = entry["response"]
                    return self.send(status, payload, headers + [("Idempotent-Replayed", "true")])
                if mode != "no-lock":
                    store[key] = {"state": "in-flight", "fingerprint": fingerprint, "response": None}
        time.sleep(WORK_SECONDS)
        with LOCK:
            ORDERS[mode] = ORDERS.get(mode, 0) + 1
            n = ORDERS[mode]
            response = (201, json.dumps({"id": n}).encode(),
                        [("Location", f"/{mode}/orders/{n}"), ("Content-Type", "application/json")])
            if key and mode != "no-store":
                store[key] = {"state": "done", "fingerprint": fingerprint, "response": response}
        return self.send(*response)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = handle_any


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port-file", required=True)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(tmp, args.port_file)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
