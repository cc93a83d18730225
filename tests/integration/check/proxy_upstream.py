#!/usr/bin/env python3
"""sonde check --proxy towards an upstream that answers with raw bytes: the proxy's upstream client.

usage: proxy_upstream.py SONDE SPEC own|libcurl
The upstream here is a scripted socket server (started by this script, on loopback), each path a
way of answering: chunked with extensions and trailers, ended by closing (HTTP/1.0), interim 1xx
answers before the final one, 204, HEAD, Connection: close, a kept-alive connection dropped when
reused, an over-long head line, malformed chunks, a short body, a non-HTTP reply. Run once with the
proxy's own client (plain http:// to an address, the default) and once with libcurl
(SONDE_PROXY_UPSTREAM_CLIENT=libcurl, which carries https and host names): both must give clients
the same answers, send the same request fields, and keep connections alive alike. Which client
ran is proven by how each words a reply that is not HTTP.
"""
import atexit
import os
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time

SONDE, SPEC, CLIENT = sys.argv[1:4]
env = dict(os.environ)
for name in ("http_proxy", "all_proxy", "ALL_PROXY", "SONDE_PROXY_UPSTREAM_CLIENT"):
    env.pop(name, None)
if CLIENT == "libcurl":
    env["SONDE_PROXY_UPSTREAM_CLIENT"] = "libcurl"
failures = []


def check(what, ok, detail=""):
    print(("ok: " if ok else "FAIL: ") + what + ("" if ok else f" ({detail})"))
    if not ok:
        failures.append(what)


lock = threading.Lock()
connections = [0]      # accepted by the upstream
requests_seen = []     # raw request heads, in arrival order
drop_next = [False]    # /drop-next: the next request on that connection gets no answer
reused_after_close = []  # requests that came on a connection after the upstream said close


def read_request(f):
    """A request head and its body (Content-Length or chunked) from the file `f`; None at the end."""
    head = b""
    while True:
        line = f.readline(65536)
        if not line:
            return None
        head += line
        if line in (b"\r\n", b"\n"):
            break
    lines = head.decode("latin-1").split("\r\n")
    fields = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            fields[name.strip().lower()] = value.strip()
    body = b""
    if fields.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int(f.readline().split(b";")[0], 16)
            if size == 0:
                while f.readline() not in (b"\r\n", b"\n", b""):
                    pass
                break
            body += f.read(size)
            f.readline()
    elif "content-length" in fields:
        body = f.read(int(fields["content-length"]))
    return head.decode("latin-1"), lines[0].split(" ")[1], body


class Upstream(socketserver.StreamRequestHandler):
    def handle(self):
        with lock:
            connections[0] += 1
        while True:
            got = read_request(self.rfile)
            if got is None:
                return
            head, path, body = got
            with lock:
                requests_seen.append(head)
                dropping = drop_next[0]
                drop_next[0] = False
            if dropping:
                return  # closed without a word, as a server whose idle timeout just struck
            answer, closing = self.answer(path, head, body)
            self.wfile.write(answer)
            self.wfile.flush()
            if closing == "said":
                # "Connection: close" said, the socket left open: a client that sends on it anyway
                # is caught (closing it here would hide that behind a retry).
                if read_request(self.rfile) is not None:
                    with lock:
                        reused_after_close.append(path)
                return
            if closing:
                return

    def answer(self, path, head, body):
        if path == "/chunked":
            return (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                    b"5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n"), False
        if path == "/close":
            return b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nto the end" + b"." * 100000, True
        if path == "/interim":
            return (b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nX-Final: yes\r\n\r\nok"), False
        if path == "/nocontent":
            return b"HTTP/1.1 204 No Content\r\nX-Empty: yes\r\n\r\n", False
        if path == "/bye":
            return b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nbye", "said"
        if path == "/download":
            return b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n%s" % (
                len(DOWNLOAD), DOWNLOAD), False
        if path == "/bad-length":
            return b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2, 3\r\n\r\n{}", True
        if path == "/drop-next":
            with lock:
                drop_next[0] = True
            return b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nfirst", False
        if path == "/big-head":
            return b"HTTP/1.1 200 OK\r\nX-Filler: " + b"f" * (110 * 1024) + b"\r\nContent-Length: 0\r\n\r\n", False
        if path == "/bad-chunk":
            return b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", True
        if path == "/short":
            return b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n[1]", True
        if path == "/garbage":
            return b"SSH-2.0-OpenSSH_9.2\r\n\r\n", True
        # /echo and anything else: the request head and body length as the upstream saw them
        text = (head + "body-bytes: %d\n" % len(body)).encode("latin-1")
        return b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s" % (len(text), text), False


DOWNLOAD = bytes(range(256)) * (8 * 4096)  # 8 MiB, passed on as it arrives (not JSON, over 1 MiB)


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024


upstream = Server(("127.0.0.1", 0), Upstream)
threading.Thread(target=upstream.serve_forever, daemon=True).start()
authority = "127.0.0.1:%d" % upstream.server_address[1]

work = tempfile.mkdtemp()
err_path = os.path.join(work, "err")
proxy = subprocess.Popen([SONDE, "check", "--color", "never", "--spec", SPEC, "--proxy", "127.0.0.1:0", "--upstream",
                          "http://" + authority, "--upstream-timeout", "5s"],
                         stdout=open(os.path.join(work, "out"), "w+"), stderr=open(err_path, "w+"), env=env)
atexit.register(lambda: proxy.poll() is None and proxy.kill())
port = None
for _ in range(200):
    first = open(os.path.join(work, "out")).readline()
    if first.startswith("proxying "):
        port = int(first.split()[1].rsplit(":", 1)[1])
        break
    time.sleep(0.05)
if port is None:
    sys.exit("FAIL: the proxy did not start: " + open(err_path).read())


class Client:
    """One kept-alive client connection to the proxy, reading answers by their framing."""

    def __init__(self):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.f = self.s.makefile("rb")

    def ask(self, method, path, fields=(), body=None, chunks=None):
        head = f"{method} {path} HTTP/1.1\r\nHost: proxy.test\r\n" + "".join(f"{n}: {v}\r\n" for n, v in fields)
        if chunks is not None:
            head += "Transfer-Encoding: chunked\r\n\r\n"
            data = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\n\r\n"
        elif body is not None:
            head += f"Content-Length: {len(body)}\r\n\r\n"
            data = body
        else:
            head += "\r\n"
            data = b""
        self.s.sendall(head.encode() + data)
        return self.read(method)

    def read(self, method):
        status_line = self.f.readline().decode()
        if not status_line:
            return 0, {}, b"", True
        fields = {}
        while True:
            line = self.f.readline().decode()
            if line in ("\r\n", "\n", ""):
                break
            name, value = line.split(":", 1)
            fields[name.strip().lower()] = value.strip()
        status = int(status_line.split()[1])
        body = b""
        cut = False
        if method == "HEAD" or status in (204, 304):
            pass
        elif fields.get("transfer-encoding") == "chunked":
            while True:
                size_line = self.f.readline()
                if not size_line:
                    cut = True
                    break
                size = int(size_line.split(b";")[0], 16)
                if size == 0:
                    self.f.readline()
                    break
                body += self.f.read(size)
                self.f.readline()
        elif "content-length" in fields:
            body = self.f.read(int(fields["content-length"]))
            cut = len(body) < int(fields["content-length"])
        else:
            body = self.f.read()
        return status, fields, body, cut

    def read_slowly(self, length):
        """`length` body bytes, 64 KiB at a time with a pause between: the proxy must hold back."""
        body = b""
        while len(body) < length:
            part = self.f.read1(65536)
            if not part:
                break
            body += part
            time.sleep(0.004)
        return body

    def close(self):
        self.s.close()


c = Client()
status, fields, body, _ = c.ask("GET", "/chunked")
check("a chunked answer reaches the client decoded, extensions and trailers dropped",
      status == 200 and body == b"hello world" and "x-trailer" not in fields, f"{status} {body!r} {fields}")
status, fields, body, _ = c.ask("GET", "/interim")
check("interim 1xx answers are skipped: the client gets the final one with its fields",
      status == 200 and body == b"ok" and fields.get("x-final") == "yes" and "link" not in fields, f"{status} {fields}")
status, fields, body, _ = c.ask("GET", "/nocontent")
check("204: no body, and the connection goes on", status == 204 and body == b"" and fields.get("x-empty") == "yes",
      f"{status} {fields}")
status, fields, body, _ = c.ask("HEAD", "/interim")
check("HEAD: the head only, with the GET answer's Content-Length", status == 200 and body == b"" and
      fields.get("content-length") == "2", f"{status} {fields}")
status, fields, body, _ = c.ask("GET", "/close")
check("an answer ended by closing (HTTP/1.0) reaches the client whole",
      status == 200 and body == b"to the end" + b"." * 100000, f"{status} {len(body)}")
status, _, body, _ = c.ask("GET", "/bye")
check("Connection: close from the upstream: the answer whole", status == 200 and body == b"bye", f"{status} {body!r}")
status, _, body, _ = c.ask("GET", "/echo")
check("after an upstream's Connection: close, the next request goes on a new connection",
      status == 200 and body.startswith(b"GET /echo HTTP/1.1") and not reused_after_close,
      f"{status} {body[:60]!r} {reused_after_close}")

# A download the client reads slowly: the proxy pauses the upstream and resumes, bytes intact.
c.s.sendall(b"GET /download HTTP/1.1\r\nHost: proxy.test\r\n\r\n")
status_line = c.f.readline()
length = 0
while True:
    line = c.f.readline()
    if line in (b"\r\n", b""):
        break
    if line.lower().startswith(b"content-length:"):
        length = int(line.split(b":")[1])
slow = c.read_slowly(length)
check("an 8 MiB download read slowly arrives whole, byte for byte",
      status_line.startswith(b"HTTP/1.1 200") and length == len(DOWNLOAD) and slow == DOWNLOAD,
      f"{status_line!r} {length} {len(slow)}")

# The request as the upstream sees it: the upstream's Host, the client's fields as sent, nothing added.
status, _, body, _ = c.ask("GET", "/echo?q=1&r=%20", [("Accept-Encoding", "gzip"), ("X-Empty", ""), ("X-Two", "a"),
                                                      ("X-Two", "b"), ("Connection", "keep-alive, X-Hop"),
                                                      ("Proxy-Authorization", "Basic c2VjcmV0")])
seen = body.decode("latin-1").split("\r\n")
check("request line as sent", seen[0] == "GET /echo?q=1&r=%20 HTTP/1.1", seen[0])
check("Host is the upstream's", f"Host: {authority}" in seen, str(seen))
check("end-to-end fields as sent, repeated ones in order",
      "Accept-Encoding: gzip" in seen and seen.index("X-Two: a") + 1 == seen.index("X-Two: b") and
      any(line.rstrip() == "X-Empty:" for line in seen), str(seen))
check("hop-by-hop fields stay on their hop, nothing added (no Accept, no Expect, no User-Agent)",
      not any(line.lower().startswith(("connection:", "proxy-authorization:", "accept:", "expect:", "user-agent:",
                                       "content-length:", "transfer-encoding:")) for line in seen), str(seen))
status, _, body, _ = c.ask("GET", "/echo/../admin/./x")
check("dot segments go as sent (the upstream resolves or refuses them)",
      body.startswith(b"GET /echo/../admin/./x HTTP/1.1\r\n"), body[:60])
status, _, body, _ = c.ask("POST", "/echo", [("Content-Type", "application/json")], body=b"")
check("an empty POST says Content-Length: 0", "Content-Length: 0" in body.decode(), body.decode())
big = b"x" * (3 * 1024 * 1024)
status, _, body, _ = c.ask("PUT", "/echo", [("Content-Type", "application/octet-stream")], body=big)
check("a 3 MB upload (streamed) arrives whole with its length",
      status == 200 and "Content-Length: %d" % len(big) in body.decode() and
      body.decode().endswith("body-bytes: %d\n" % len(big)), body.decode()[-200:])
status, _, body, _ = c.ask("POST", "/echo", [("Content-Type", "application/octet-stream")],
                           chunks=[b"a" * 700000, b"b" * 700000, b"c" * 700000])
check("a chunked upload of unknown length goes on chunked, whole",
      status == 200 and "Transfer-Encoding: chunked" in body.decode() and
      body.decode().endswith("body-bytes: 2100000\n"), body.decode()[-200:])

# Kept alive: a run of requests on one client connection uses one upstream connection.
with lock:
    before = connections[0]
answers = [c.ask("GET", "/echo")[0] for _ in range(20)]
with lock:
    opened = connections[0] - before
check("20 exchanges, one upstream connection kept alive", answers == [200] * 20 and opened <= 1, f"{answers} {opened}")

# A kept-alive connection the upstream closes as it is reused: the request goes again, once.
status, _, body, _ = c.ask("GET", "/drop-next")
check("the answer before the drop", status == 200 and body == b"first", f"{status}")
with lock:
    count = len(requests_seen)
status, _, body, _ = c.ask("GET", "/echo?after-drop")
with lock:
    sent_twice = [h for h in requests_seen[count:] if h.startswith("GET /echo?after-drop ")]
check("a request whose reused connection was dropped is sent again on a new one: 200",
      status == 200 and body.startswith(b"GET /echo?after-drop") and len(sent_twice) == 2, f"{status} {len(sent_twice)}")

# A body already partly streamed upstream is never sent twice: a dropped connection is a 502.
c.ask("GET", "/drop-next")
with lock:
    count = len(requests_seen)
status, _, _, _ = c.ask("PUT", "/echo?streamed", [("Content-Type", "application/octet-stream")], body=big)
with lock:
    arrived = [h for h in requests_seen[count:] if h.startswith("PUT /echo?streamed ")]
check("a streamed upload on a connection dropped under it: 502, sent once", status == 502 and len(arrived) == 1,
      f"{status} {len(arrived)}")
c.close()
c = Client()
if CLIENT == "own":
    # An empty body of unknown length (chunked, nothing in it) on a dropped connection: nothing of
    # it had left, so it goes again, its end included. (libcurl cannot rewind a body it read.)
    c.ask("GET", "/drop-next")
    status, _, body, _ = c.ask("POST", "/echo?empty", [("Content-Type", "application/octet-stream")], chunks=[])
    check("an empty chunked upload on a dropped connection goes again, whole",
          status == 200 and body.decode().endswith("body-bytes: 0\n") and "Transfer-Encoding: chunked" in body.decode(),
          f"{status} {body[-80:]!r}")
c.close()

# Answers the proxy cannot pass on: 502 to the client, the next request served. (libcurl 7.88
# reads "Content-Length: 2, 3" as 2; RFC 9112 section 6.3 makes it an error, as the own client does.)
unreadable = [("/big-head", "an answer head line over 100 KiB"), ("/bad-chunk", "malformed chunks in a held body"),
              ("/short", "a held body shorter than its length"), ("/garbage", "a reply that is not HTTP")]
if CLIENT == "own":
    unreadable.append(("/bad-length", "Content-Length values that differ"))
for path, why in unreadable:
    c = Client()
    status, _, _, _ = c.ask("GET", path)
    check(f"{why}: 502", status == 502, str(status))
    status, _, _, _ = c.ask("GET", "/echo")
    check(f"{why}: the next request served", status == 200, str(status))
    c.close()

proxy.terminate()
code = proxy.wait(timeout=15)
err = open(err_path).read()
check("the failed exchanges are errors of the run (exit 4), each named",
      code == 4 and all(f"ERROR GET {p}" in err for p, _ in unreadable),
      f"{code} {err}")
wording = {"own": "the upstream's answer is not HTTP/1.x", "libcurl": "HTTP/0.9"}[CLIENT]
check(f"the exchanges went by the {CLIENT} client (its wording of a non-HTTP reply)", wording in err, err)
upstream.shutdown()

# An upstream at localhost that nobody listens on: refused (on 127.0.0.1; ::1 after it), said so.
closed_port = socket.socket()
closed_port.bind(("127.0.0.1", 0))
port_nobody = closed_port.getsockname()[1]
closed_port.close()
err2 = os.path.join(work, "err2")
proxy = subprocess.Popen([SONDE, "check", "--color", "never", "--spec", SPEC, "--proxy", "127.0.0.1:0", "--upstream",
                          f"http://localhost:{port_nobody}"], stdout=subprocess.PIPE, stderr=open(err2, "w"), env=env,
                         text=True)
port = int(proxy.stdout.readline().split()[1].rsplit(":", 1)[1])
c = Client()
status, _, body, _ = c.ask("GET", "/v1/pets/1")
c.close()
proxy.terminate()
code = proxy.wait(timeout=15)
check("nobody at localhost: 502 saying the connection was refused, exit 4",
      status == 502 and b"connection refused" in body and code == 4, f"{status} {body!r} {code}")
print("FAILED: " + ", ".join(failures) if failures else "all passed")
sys.exit(1 if failures else 0)
