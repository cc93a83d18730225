#!/usr/bin/env python3
"""A loopback echo server that records each request exactly as it arrived (stdlib only).

Unlike http.server it keeps the request target, header names, order and duplicates, and the
body bytes untouched (chunked bodies are de-chunked and flagged), so a test can say precisely
what a request source made sonde send. Every request gets `200 ok` and `Connection: close`.
Used in-process by run_case.py and, from bench/sources, as `echo_server.py PORT_FILE LOG`.
"""
import base64
import json
import socket
import sys
import threading

MAX_REQUEST = 16 * 1024 * 1024


def _read_until(conn, buf, marker):
    while marker not in buf:
        chunk = conn.recv(65536)
        if not chunk:
            raise EOFError
        buf += chunk
        if len(buf) > MAX_REQUEST:
            raise ValueError("request too large")
    return buf


def _read_exact(conn, buf, n):
    while len(buf) < n:
        chunk = conn.recv(65536)
        if not chunk:
            raise EOFError
        buf += chunk
    return buf


def read_request(conn):
    """Returns {"method", "target", "version", "headers": [[name, value]], "body_b64", "chunked"}."""
    buf = _read_until(conn, b"", b"\r\n\r\n")
    head, buf = buf.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    method, target, version = lines[0].split(" ", 2)
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.append([name, value.strip(" \t")])
    lower = {n.lower(): v for n, v in headers}
    body, chunked = b"", False
    if "chunked" in lower.get("transfer-encoding", "").lower():
        chunked = True
        while True:
            buf = _read_until(conn, buf, b"\r\n")
            size_line, buf = buf.split(b"\r\n", 1)
            size = int(size_line.split(b";")[0], 16)
            buf = _read_exact(conn, buf, size + 2)
            body += buf[:size]
            buf = buf[size + 2:]
            if size == 0:
                break
    elif "content-length" in lower:
        n = int(lower["content-length"])
        buf = _read_exact(conn, buf, n)
        body = buf[:n]
    return {"method": method, "target": target, "version": version, "headers": headers,
            "body_b64": base64.b64encode(body).decode(), "chunked": chunked}


class EchoServer:
    """Listens on 127.0.0.1 (port 0: the kernel picks); `requests` fills as requests arrive."""

    def __init__(self, port=0):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.requests = []
        self.lock = threading.Lock()
        self.on_request = None
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn):
        with conn:
            conn.settimeout(10)
            try:
                request = read_request(conn)
            except (EOFError, ValueError, OSError):
                return
            with self.lock:
                self.requests.append(request)
                if self.on_request:
                    self.on_request(request)
            body = json.dumps(request).encode()
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                         b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)

    def close(self):
        self.sock.close()


def main():
    port_file, log = sys.argv[1], sys.argv[2]
    server = EchoServer()
    out = open(log, "a", buffering=1)
    server.on_request = lambda r: out.write(json.dumps(r) + "\n")
    with open(port_file, "w") as f:
        f.write(str(server.port))
    threading.Event().wait()


if __name__ == "__main__":
    main()
