#!/usr/bin/env python3
"""sonde dns --server over DNS over HTTPS (RFC 8484) and DNS over TLS (RFC 7858), against
resolvers this test starts on loopback (stdlib only; no root needed): a DoH endpoint and a DoT
endpoint with a certificate from a CA made here, and a DoT endpoint whose certificate names
another host. Each answers any A question with 192.0.2.7. Checks: both transports answer, a
certificate from an unknown CA and one for another name fail clearly with exit 4, a DoH path
that is not the endpoint is an HTTP error (exit 4).
usage: encrypted_case.py SONDE"""
import base64
import json
import os
import socketserver
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Python listens with a backlog of 5, which overflows when tests run side by side (SYN cookies,
# then resets: see tests/integration/check/server.py).
socketserver.TCPServer.request_queue_size = 1024  # every server here, HTTP or not

SONDE = sys.argv[1]
work = tempfile.mkdtemp()
failures = []


def check(what, ok, detail=""):
    print(("ok: " if ok else "FAIL: ") + what + ("" if ok else f"\n  {detail}"))
    if not ok:
        failures.append(what)


def openssl(*args):
    subprocess.run(["openssl", *args], check=True, capture_output=True)


def path(name):
    return os.path.join(work, name)


# A CA, a certificate it signs for 127.0.0.1, and a self-signed one for another name.
openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", path("ca-key.pem"),
        "-out", path("ca.pem"), "-subj", "/CN=sonde test CA")
openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", path("key.pem"), "-out", path("req.pem"),
        "-subj", "/CN=127.0.0.1")
with open(path("ext.cnf"), "w") as f:
    f.write("subjectAltName=IP:127.0.0.1\n")
openssl("x509", "-req", "-in", path("req.pem"), "-CA", path("ca.pem"), "-CAkey", path("ca-key.pem"),
        "-CAcreateserial", "-days", "2", "-extfile", path("ext.cnf"), "-out", path("cert.pem"))
openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", path("other-key.pem"),
        "-out", path("other.pem"), "-subj", "/CN=other.test", "-addext", "subjectAltName=DNS:other.test")


def answer(query, address=(192, 0, 2, 7), ttl=300):
    """The query's ID and question, answered with one A record, 192.0.2.7 by default."""
    end = 12
    while query[end] != 0:
        end += 1 + query[end]
    question = query[12:end + 5]
    header = struct.pack(">HHHHHH", struct.unpack(">H", query[:2])[0], 0x8180, 1, 1, 0, 0)
    record = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, ttl, 4) + bytes(address)
    return header + question + record


def context(cert, key):
    c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    c.load_cert_chain(path(cert), path(key))
    return c


class DoH(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    gets = 0

    def log_message(self, *args):
        pass

    def do_GET(self):  # RFC 8484 §4.1: ?dns=<base64url of the message, no padding>
        path, _, query = self.path.partition("?dns=")
        ok = path == "/dns-query" and "=" not in query and "Content-Type" not in self.headers
        try:
            body = base64.urlsafe_b64decode(query + "=" * (-len(query) % 4))
        except ValueError:
            ok = False
        DoH.gets += 1
        data = answer(body) if ok else b"bad GET"
        self.send_response(200 if ok else 400)
        self.send_header("Content-Type", "application/dns-message" if ok else "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        ok = self.path == "/dns-query" and self.headers.get("Content-Type") == "application/dns-message"
        data = answer(body) if ok else b"not here"
        self.send_response(200 if ok else 404)
        self.send_header("Content-Type", "application/dns-message" if ok else "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class DoT(socketserver.BaseRequestHandler):
    def handle(self):
        try:
            length = struct.unpack(">H", self.request.recv(2))[0]
            query = b""
            while len(query) < length:
                query += self.request.recv(length - len(query))
            reply = answer(query)
            self.request.sendall(struct.pack(">H", len(reply)) + reply)
        except (OSError, struct.error):
            pass


class TlsServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, handler, ctx):
        super().__init__(("127.0.0.1", 0), handler)
        self.socket = ctx.wrap_socket(self.socket, server_side=True)

    def handle_error(self, request, client_address):  # a refused handshake is the point of a case
        pass


class Udp(socketserver.BaseRequestHandler):
    """A plain resolver: the current answer (TTL 300), or with stale=True the old one (TTL 42)."""
    stale = False

    def handle(self):
        data, sock = self.request
        reply = answer(data, (192, 0, 2, 1), 42) if self.stale else answer(data)
        sock.sendto(reply, self.client_address)


class StaleUdp(Udp):
    stale = True


# A resolver that speaks TCP only (RFC 7766 framing, the same as DoT's): tcp:// must not try UDP.
Tcp = DoT


doh = ThreadingHTTPServer(("127.0.0.1", 0), DoH)
doh.daemon_threads = True
doh.socket = context("cert.pem", "key.pem").wrap_socket(doh.socket, server_side=True)
dot = TlsServer(DoT, context("cert.pem", "key.pem"))
dot_other = TlsServer(DoT, context("other.pem", "other-key.pem"))
udp = socketserver.ThreadingUDPServer(("127.0.0.1", 0), Udp)
stale = socketserver.ThreadingUDPServer(("127.0.0.1", 0), StaleUdp)
tcp = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Tcp)
tcp.daemon_threads = True
for server in (doh, dot, dot_other, udp, stale, tcp):
    threading.Thread(target=server.serve_forever, daemon=True).start()


def sonde(server, *extra):
    return subprocess.run([SONDE, "dns", "www.shop.test", "--server", server, "--timeout", "5s", "--color", "never",
                           *extra], capture_output=True, text=True, timeout=60)


doh_url = "https://127.0.0.1:%d/dns-query" % doh.server_address[1]
dot_url = "tls://127.0.0.1:%d" % dot.server_address[1]
for name, url in (("DoH", doh_url), ("DoT", dot_url)):
    run = sonde(url, "--cacert", path("ca.pem"), "--format", "json")
    data = json.loads(run.stdout) if run.returncode == 0 else {}
    check(f"{name}: answered, exit 0", run.returncode == 0 and "192.0.2.7" in json.dumps(data.get("answer", [])),
          f"{run.returncode} {run.stdout[-400:]} {run.stderr}")
    text = sonde(url, "--cacert", path("ca.pem"))
    check(f"{name}: the text names the resolver's URL and protocol", url in text.stdout and
          ("https" if name == "DoH" else "tls") in text.stdout.replace(url, ""), text.stdout)
    check(f"{name}: JSON says the transport", json.dumps(data).count('"transport": "%s"' % ("https" if name == "DoH" else "tls")) == 1,
          json.dumps(data)[:600])
    untrusted = sonde(url)
    check(f"{name}: a certificate from an unknown CA is exit 4, said so", untrusted.returncode == 4 and
          "unknown CA" in untrusted.stderr, f"{untrusted.returncode} {untrusted.stderr}")

get = sonde(doh_url + "{?dns}", "--cacert", path("ca.pem"), "--format", "json")
check("DoH GET: the {?dns} URI template asks with GET, exit 0",
      get.returncode == 0 and "192.0.2.7" in get.stdout and DoH.gets == 1, f"{get.returncode} {DoH.gets} {get.stderr}")
bad_template = sonde(doh_url + "{?dns,ct}")
check("DoH: any other URI template is a usage error", bad_template.returncode == 2 and "{?dns}" in bad_template.stderr,
      f"{bad_template.returncode} {bad_template.stderr}")

other = sonde("tls://127.0.0.1:%d" % dot_other.server_address[1], "--cacert", path("other.pem"))
check("DoT: a certificate for another name is exit 4, said so",
      other.returncode == 4 and "does not match the host name" in other.stderr, f"{other.returncode} {other.stderr}")
wrong_path = sonde(doh_url.replace("/dns-query", "/elsewhere"), "--cacert", path("ca.pem"))
check("DoH: an HTTP error is exit 4, with the status", wrong_path.returncode == 4 and "HTTP 404" in wrong_path.stderr,
      f"{wrong_path.returncode} {wrong_path.stderr}")
secret = sonde("https://bob:s3cret@127.0.0.1:%d/dns-query" % doh.server_address[1])
check("user:password in a resolver URL: refused, the password masked", secret.returncode == 2 and
      "s3cret" not in secret.stderr and "bob:***@" in secret.stderr, secret.stderr)
bad = sonde("tls://127.0.0.1:853/path")
check("a tls:// URL with a path is a usage error (exit 2)", bad.returncode == 2 and "no path" in bad.stderr, bad.stderr)
cacert_alone = subprocess.run([SONDE, "dns", "www.shop.test", "--server", "127.0.0.1", "--cacert", path("ca.pem")],
                              capture_output=True, text=True)
check("--cacert without an encrypted server is a usage error", cacert_alone.returncode == 2, cacert_alone.stderr)

tcp_url = "tcp://127.0.0.1:%d" % tcp.server_address[1]
over_tcp = sonde(tcp_url, "--format", "json")
tcp_data = json.loads(over_tcp.stdout) if over_tcp.returncode == 0 else {}
check("tcp://: answered over TCP only, the step says tcp", over_tcp.returncode == 0 and
      "192.0.2.7" in json.dumps(tcp_data.get("answer", [])) and '"transport": "tcp"' in json.dumps(tcp_data),
      f"{over_tcp.returncode} {over_tcp.stdout[-500:]} {over_tcp.stderr}")

# --compare FILE: a propagation check over mixed transports, against the answer of --server.
with open(path("resolvers.txt"), "w") as f:
    f.write("# resolvers to compare\n%s\n\n%s   # DoT\nudp://127.0.0.1:%d\n127.0.0.1:%d\n%s\n" %
            (doh_url, dot_url, udp.server_address[1], stale.server_address[1], tcp_url))
run = subprocess.run([SONDE, "dns", "www.shop.test", "--server", "127.0.0.1:%d" % udp.server_address[1], "--compare",
                      path("resolvers.txt"), "--cacert", path("ca.pem"), "--format", "json"],
                     capture_output=True, text=True, timeout=60)
data = json.loads(run.stdout) if run.stdout.startswith("{") else {}
resolvers = {r["address"]: r for r in data.get("resolvers", [])}
stale_address = "127.0.0.1:%d" % stale.server_address[1]
check("--compare FILE: every listed resolver asked, over its transport", set(resolvers) == {
    doh_url, dot_url, "127.0.0.1:%d" % udp.server_address[1], stale_address, tcp_url}, run.stdout[-800:] + run.stderr)
check("--compare FILE: the stale resolver named, the others agree, exit 1", run.returncode == 1 and all(
    (r["problem"] is not None) == (a == stale_address) for a, r in resolvers.items()), run.stdout[-800:])
check("--compare FILE: TTL left per resolver", resolvers.get(stale_address, {}).get("ttl") == 42 and
      resolvers.get(doh_url, {}).get("ttl") == 300, json.dumps(list(resolvers.values()))[:800])
text = subprocess.run([SONDE, "dns", "www.shop.test", "--server", "127.0.0.1:%d" % udp.server_address[1], "--compare",
                       path("resolvers.txt"), "--cacert", path("ca.pem"), "--color", "never"],
                      capture_output=True, text=True, timeout=60)
check("--compare FILE: the text lists resolvers with TTLs", "resolvers:" in text.stdout and "TTL 42" in text.stdout,
      text.stdout)
with open(path("bad.txt"), "w") as f:
    f.write("127.0.0.1\nhttps://bob:s3cret@dns.example\n")
bad_list = subprocess.run([SONDE, "dns", "www.shop.test", "--compare", path("bad.txt")], capture_output=True, text=True)
check("--compare FILE: a bad line is named by file:line", bad_list.returncode not in (0, 1, 4) and
      "bad.txt:2" in bad_list.stderr and "s3cret" not in bad_list.stderr, f"{bad_list.returncode} {bad_list.stderr}")

print("all checks passed" if not failures else f"{len(failures)} check(s) failed")
sys.exit(1 if failures else 0)
