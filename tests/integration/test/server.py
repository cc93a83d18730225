#!/usr/bin/env python3
"""The HTTP server of the `sonde test` conformance corpus (stdlib only, loopback only).

  python3 server.py start STATE_DIR    starts in the background, writes STATE_DIR/port and pid
  python3 server.py stop STATE_DIR     stops the recorded pid
  python3 server.py serve PORT_FILE    (internal) serves in the foreground

Endpoints: /json, /text, /bytes, /headers, /echo (any method: the request as JSON), /status/NNN,
/redirect (same origin), /redirect-other-host (to localhost), /hops/N (N redirects, then /json), /flaky/ID?fail=N (503 N times),
/delay/MS, /gather/KEY/N (answers 200 once N requests for KEY wait together, 504 after 20 s),
/cookies (the Cookie header received), /client-cert (the CN of the client's certificate, over TLS), /orders (a small stateful resource), /gzip (a gzip-encoded
text), /big (40,000 bytes). The same endpoints answer on a Unix socket, STATE_DIR/http.sock
(the unix-socket option), and to a proxy's absolute-form request target (the proxy option).
"""
import gzip
import json
import os
import signal
import socketserver
import ssl
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

# Python listens with a backlog of 5, which overflows when tests run side by side (SYN cookies,
# then resets: see tests/integration/check/server.py).
socketserver.TCPServer.request_queue_size = 1024  # every server here, HTTP or not

# Lenient HTML as servers send it (unclosed <p>, a void <br>), for the xpath query.
HTML_PAGE = """<!doctype html>
<html>
  <head><meta charset="UTF-8"><title>Example Domain</title></head>
  <body>
    <h1 class="title">Example</h1>
    <p>First paragraph<p>Second &amp; last<br>
    <article id="electric-cars" data-visible="true">Cars</article>
    <span id="escaped">&lt;b&gt;bold&lt;/b&gt;</span>
  </body>
</html>
"""

# XML with prefixed namespaces and a default one (reachable as `_:`).
XML_DOC = """<?xml version="1.0"?>
<catalog xmlns="urn:catalog" xmlns:isbn="urn:ISBN:0-395-36341-6">
  <book id="bk101"><title>Dune</title><isbn:number>0441172717</isbn:number><price>9.99</price></book>
  <book id="bk102"><title>Hyperion</title><isbn:number>0553283685</isbn:number><price>8.50</price></book>
</catalog>
"""

DOC = {
    "id": 7, "name": "Ada", "tags": ["a", "b", "c"], "price": 9.5, "active": True, "nothing": None,
    "created": "2026-12-04T05:06:07Z", "nested": {"list": [{"k": 1}, {"k": 2}]},
    "encoded": "aGVsbG8=", "csv": "a,b,c", "link": "https://x.test/p?q=1&r=two%20words",
    "big": 12345678901234567890, "empty": [], "blank": "",
}
LOCK = threading.Lock()
FLAKY = {}
GATHER = {}
GATHERED = threading.Condition(LOCK)
ORDERS = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes: with Nagle on, each answer on a kept-alive connection
    # waited for the client's delayed ACK (40 ms).
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", ctype="application/json", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def handle_any(self):
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        parts = [p for p in url.path.split("/") if p]
        body = self.body()
        if url.path == "/json":
            return self.send(200, json.dumps(DOC).encode())
        if url.path == "/text":
            return self.send(200, b"Hello, world!\n", "text/plain; charset=utf-8")
        if url.path == "/html":
            return self.send(200, HTML_PAGE.encode(), "text/html; charset=utf-8")
        if url.path == "/xml":
            return self.send(200, XML_DOC.encode(), "application/xml")
        if url.path == "/bytes":
            return self.send(200, bytes(range(8)), "application/octet-stream")
        if url.path == "/headers":
            return self.send(200, b"{}", headers=[("X-One", "1"), ("X-Multi", "a"), ("X-Multi", "b"),
                                                  ("Set-Cookie", "session=abc; Path=/; HttpOnly; Max-Age=3600"),
                                                  ("Set-Cookie", "theme=dark; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Secure")])
        if url.path == "/gzip":
            return self.send(200, gzip.compress(b"squeezed\n"), "text/plain", headers=[("Content-Encoding", "gzip")])
        if url.path == "/big":
            return self.send(200, b"x" * 40000, "text/plain")
        if url.path == "/echo" or url.path.endswith("/../echo"):  # the latter sent with path-as-is
            # target: the request target as sent (absolute-form through a proxy, dot segments kept)
            doc = {"method": self.command, "path": url.path, "query": query, "target": self.path,
                   "version": self.request_version,
                   "headers": {k.lower(): v for k, v in self.headers.items()},
                   "body": body.decode("utf-8", "replace")}
            return self.send(200, json.dumps(doc).encode())
        if len(parts) == 2 and parts[0] == "status":
            return self.send(int(parts[1]), json.dumps({"status": int(parts[1])}).encode())
        if url.path == "/redirect":
            return self.send(302, b"", headers=[("Location", "/json")])
        if len(parts) == 2 and parts[0] == "hops" and parts[1].isdigit():
            n = int(parts[1])
            return self.send(302, b"", headers=[("Location", f"/hops/{n - 1}" if n > 1 else "/json")])
        if url.path == "/redirect-other-host":
            port = self.server.server_address[1]
            return self.send(302, b"", headers=[("Location", f"http://localhost:{port}/echo")])
        if len(parts) == 2 and parts[0] == "flaky":
            with LOCK:
                FLAKY[parts[1]] = FLAKY.get(parts[1], 0) + 1
                n = FLAKY[parts[1]]
            if n <= int(query.get("fail", "1")):
                return self.send(503, b'{"error":"try again"}')
            return self.send(200, json.dumps({"attempt": n}).encode())
        if len(parts) == 2 and parts[0] == "delay":
            time.sleep(int(parts[1]) / 1000)
            return self.send(200, b'{"slept":true}')
        if len(parts) == 3 and parts[0] == "gather":
            # Proves requests run side by side without timing them: each waits for the others.
            key, want = parts[1], int(parts[2])
            with GATHERED:
                GATHER[key] = GATHER.get(key, 0) + 1
                GATHERED.notify_all()
                met = GATHERED.wait_for(lambda: GATHER[key] >= want, timeout=20)
            return self.send(200 if met else 504, json.dumps({"met": met}).encode())
        if url.path == "/client-cert":
            peer = self.connection.getpeercert() if isinstance(self.connection, ssl.SSLSocket) else None
            names = [value for rdn in (peer or {}).get("subject", ()) for key, value in rdn if key == "commonName"]
            return self.send(200, json.dumps({"cn": names[0] if names else None}).encode())
        if url.path == "/cookies":
            return self.send(200, json.dumps({"cookie": self.headers.get("Cookie", "")}).encode())
        return self.send(404, b'{"error":"not found"}')

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = handle_any


def serve_tls(where, name="tls_port", client_ca=None):
    """The same endpoints over TLS with the self-signed certificate made at start (for the
    certificate query); its port goes to STATE/name. With client_ca, a client certificate signed
    by it is required (mutual TLS: the cert, key and pinnedpubkey options)."""
    tls = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    tls.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(where, "cert.pem"), os.path.join(where, "key.pem"))
    if client_ca:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(client_ca)
        # TLS 1.2: a missing client certificate fails the handshake itself. Under TLS 1.3 it comes
        # as an alert after it, which the server's close can overtake (two outcomes, one golden).
        context.maximum_version = ssl.TLSVersion.TLSv1_2
    tls.socket = context.wrap_socket(tls.socket, server_side=True)
    with open(os.path.join(where, name + ".tmp"), "w") as f:
        f.write(str(tls.server_address[1]))
    os.rename(os.path.join(where, name + ".tmp"), os.path.join(where, name))
    threading.Thread(target=tls.serve_forever, daemon=True).start()


class UnixHandler(Handler):
    disable_nagle_algorithm = False  # TCP_NODELAY does not apply to a Unix socket

    def address_string(self):  # a Unix socket's peer has no (host, port)
        return "unix"


class UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


def serve_unix(where):
    """The same endpoints on a Unix socket (the unix-socket option)."""
    path = os.path.join(where, "http.sock")
    if os.path.exists(path):
        os.remove(path)
    server = UnixServer(path, UnixHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()


def make_certificate(where):
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
                    "-keyout", os.path.join(where, "key.pem"), "-out", os.path.join(where, "cert.pem"),
                    "-subj", "/CN=sonde-test/O=sonde", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-set_serial", "0x5a17e5"], check=True, capture_output=True)
    # Mutual TLS: a client certificate (its own CA), its key in clear and encrypted with the
    # passphrase "hunter2", and both public keys for pinning (the server's: pinned; the client's:
    # a pin that the server does not match).
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
                    "-keyout", os.path.join(where, "client-key.pem"), "-out", os.path.join(where, "client.pem"),
                    "-subj", "/CN=sonde-client"], check=True, capture_output=True)
    subprocess.run(["openssl", "pkey", "-in", os.path.join(where, "client-key.pem"), "-aes256", "-passout",
                    "pass:hunter2", "-out", os.path.join(where, "client-key-enc.pem")], check=True, capture_output=True)
    for cert, pub in (("cert.pem", "server-pub.pem"), ("client.pem", "client-pub.pem")):
        subprocess.run(["openssl", "x509", "-in", os.path.join(where, cert), "-pubkey", "-noout", "-out",
                        os.path.join(where, pub)], check=True, capture_output=True)


def serve(port_file):
    serve_tls(os.path.dirname(port_file))
    serve_tls(os.path.dirname(port_file), "mtls_port", os.path.join(os.path.dirname(port_file), "client.pem"))
    serve_unix(os.path.dirname(port_file))
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(port_file + ".tmp", port_file)
    # shutdown() waits for serve_forever() to return, so it must run on another thread.
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    server.serve_forever()


def main():
    action, where = sys.argv[1], sys.argv[2]
    if action == "serve":
        return serve(where)
    os.makedirs(where, exist_ok=True)
    port_file, pid_file = os.path.join(where, "port"), os.path.join(where, "pid")
    if action == "start":
        if os.path.exists(pid_file):  # left by an interrupted run
            try:
                os.kill(int(open(pid_file).read()), signal.SIGTERM)
            except (ProcessLookupError, ValueError):
                pass
        for f in (port_file, pid_file, os.path.join(where, "tls_port"), os.path.join(where, "mtls_port")):
            if os.path.exists(f):
                os.remove(f)
        make_certificate(where)
        proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), "serve", port_file],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        with open(pid_file, "w") as f:
            f.write(str(proc.pid))
        for _ in range(100):
            if os.path.exists(port_file):
                return 0
            time.sleep(0.05)
        print("the test server did not start", file=sys.stderr)
        return 1
    if action == "stop":
        if os.path.exists(pid_file):
            try:
                os.kill(int(open(pid_file).read()), signal.SIGTERM)
            except (ProcessLookupError, ValueError):
                pass
            os.remove(pid_file)
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
