#!/usr/bin/env python3
"""A loopback HTTP server for specs/petstore-check.yaml, in one of two modes:
  good  every response honours the description
  bad   every response breaks it in a known way (see BAD below)
Binds 127.0.0.1 port 0 and writes the port to --port-file once it listens (stdlib only)."""
import argparse
import gzip
import json
import os
import re
import socket
import struct
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CAT = {"id": 1, "name": "Tom", "petType": "cat", "claws": 10, "tag": None}
DOG = {"id": 2, "name": "Rex", "petType": "dog", "bark": "loud"}
OWNER = {"id": "6f1c7a7e-0d3b-4c61-9d55-0b3c2f9f2a10", "email": "ann@example.com", "nickname": None,
         "since": "2024-02-29T10:00:00Z", "home": "https://example.com/ann"}
ORDER = {"id": "A-1", "total": {"amount": 9007199254740992, "currency": "EUR"}, "note": None}
PROBLEM = {"title": "Unauthorized", "status": 401}


def large(path):
    """Past the proxy's 64 MiB body limit: a download and a JSON array (proxy_case.py knows both recipes)."""
    return b"0123456789abcdef" * (5 << 20) if path == "/v1/download" else b"[" + b"1," * (33 << 20) + b"1]"

# Deliberate faults, one per route: (status, headers, body)
BAD = {
    "listPets": (200, {"Content-Type": "application/json"}, [CAT, {"id": 3, "name": 7, "petType": "dog"}]),  # no X-Total-Count, name not a string
    "getPet": (200, {"Content-Type": "application/json"}, {"id": 2, "name": "Rex", "petType": "dog", "bark": 3}),
    "createPet": (500, {"Content-Type": "application/problem+json"}, {"title": "boom", "status": 500}),
    "getOwner": (200, {"Content-Type": "text/html"}, "<html></html>"),
    "getOrder": (200, {"Content-Type": "application/vnd.shop+json"},
                 {"id": "A-1", "total": {"amount": 9007199254740993, "currency": "EUR"}}),
    "myPets": (418, {"Content-Type": "text/plain"}, "teapot"),
}


class Handler(BaseHTTPRequestHandler):
    mode = "good"

    def log_message(self, *args):
        pass

    def send(self, status, headers, body):
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def route(self, method):
        path = self.path.split("?")[0]
        if method == "GET" and path == "/v1/pets":
            return "listPets", (200, {"Content-Type": "application/json; charset=utf-8", "X-Total-Count": "2"}, [CAT, DOG])
        if method == "POST" and path == "/v1/pets":
            length = int(self.headers.get("Content-Length", "0"))
            sent = json.loads(self.rfile.read(length) or b"{}")
            return "createPet", (201, {"Content-Type": "application/json"}, dict(sent, id=9))
        if method == "GET" and path == "/v1/pets/mine":
            return "myPets", (204, {}, None)
        if method == "GET" and re.fullmatch(r"/v1/pets/\d+", path):
            return "getPet", (200, {"Content-Type": "application/json"}, CAT)
        if method == "GET" and path.startswith("/v1/owners/"):
            if self.headers.get("Authorization") != "Bearer t0k":
                return "getOwner", (401, {"Content-Type": "application/problem+json"}, PROBLEM)
            return "getOwner", (200, {"Content-Type": "application/json"}, OWNER)
        if method == "GET" and path.startswith("/v1/orders/"):
            return "getOrder", (200, {"Content-Type": "application/vnd.shop+json"}, ORDER)
        return None, (404, {"Content-Type": "application/problem+json"}, {"title": "no route", "status": 404})

    def stream(self, path):
        """The answers the proxy passes on as they arrive (tests/integration/check/streams.yaml)."""
        if path == "/v1/events":  # an event now, another after a pause, then the end (HTTP/1.0: no length)
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            self.wfile.write(b"data: one\n\n")
            self.wfile.flush()
            time.sleep(float(self.headers.get("X-Pause", "2")))
            self.wfile.write(b"data: two\n\n")
            return True
        if path == "/v1/events-cut":  # an event, then the connection reset mid-body
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            self.wfile.write(b"data: one\n\n")
            self.wfile.flush()
            time.sleep(0.3)
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return True
        if path == "/v1/untyped":  # a body without a Content-Type: forwarded without one
            self.send_response(200)
            self.send_header("Content-Length", "5")
            self.end_headers()
            self.wfile.write(b"hello")
            return True
        if path in ("/v1/download", "/v1/huge"):
            data = large(path)
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream" if path == "/v1/download" else "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return True
        return False

    def read_body(self):
        """The request body as sent: Content-Length, chunked, or none."""
        if "chunked" in self.headers.get("Transfer-Encoding", ""):
            data = bytearray()  # appended in place: bytes += bytes copied 80 MiB per 16 KB chunk
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return bytes(data)
                data += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length", 0)))

    def upload(self):
        """POST /v1/uploads: what arrived, as JSON (length, SHA-256, Content-Type, framing)."""
        import hashlib
        body = self.read_body()
        self.send(200, {"Content-Type": "application/json"},
                  {"length": len(body), "sha256": hashlib.sha256(body).hexdigest(),
                   "type": self.headers.get("Content-Type"), "chunked": "Transfer-Encoding" in self.headers,
                   "expect": self.headers.get("Expect")})

    def handle_any(self, method):
        # A client can ask for one path to be slow (3 s, or X-Slow-Seconds), to exercise --max-time.
        if self.headers.get("X-Slow-Path") == self.path.split("?")[0]:
            time.sleep(min(float(self.headers.get("X-Slow-Seconds", "3")), 15))
        if method == "GET" and self.stream(self.path):
            return
        if self.path == "/v1/pets/666":  # resets the connection instead of answering (a proxy's 502)
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        name, good = self.route(method)
        status, headers, body = BAD[name] if self.mode == "bad" and name in BAD else good
        if self.path == "/v1/pets/1" and "gzip" in self.headers.get("Accept-Encoding", ""):
            # Compressed on request, with a fixed mtime: the same bytes every time (byte-exact forwarding).
            data = gzip.compress(json.dumps(body).encode(), mtime=0)
            self.send_response(status)
            for k, v in dict(headers, **{"Content-Encoding": "gzip", "Content-Length": str(len(data))}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)
            return
        self.send(status, headers, body)

    def do_GET(self):
        self.handle_any("GET")

    def do_HEAD(self):  # the GET answer's head (send() writes no body for HEAD)
        self.handle_any("GET")

    def echo_method(self):
        """A method outside the usual ones (PROPFIND, QUERY): the method and body that arrived."""
        body = self.read_body()
        self.send(200, {"Content-Type": "application/json"}, {"method": self.command, "body": body.decode()})

    do_PROPFIND = do_QUERY = echo_method

    def do_POST(self):
        if self.path == "/v1/uploads":
            return self.upload()
        self.handle_any("POST")


class Server(ThreadingHTTPServer):
    # Python listens with a backlog of 5. Several tests share this server and one sends 200
    # clients at once through a proxy: its queue overflowed, the kernel answered with SYN cookies,
    # and a large POST whose first segments had been dropped met a reset when a later segment
    # failed the cookie check (a 502 seen in CI once in a few runs; TcpExtSyncookiesFailed).
    request_queue_size = 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["good", "bad"], default="good")
    parser.add_argument("--port-file", required=True)
    args = parser.parse_args()
    Handler.mode = args.mode
    server = Server(("127.0.0.1", 0), Handler)
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(tmp, args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
