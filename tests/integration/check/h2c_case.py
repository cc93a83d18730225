#!/usr/bin/env python3
"""HTTP/2 to clients (h2c with prior knowledge) on `sonde mock` and `sonde check --proxy`.

usage: h2c_case.py SONDE GOOD_STATE_DIR SPEC
With a real HTTP/2 client (python3-h2, Debian's hyper-h2: framing and HPACK done by that library,
the socket here): the mock answers over h2c as over HTTP/1.1 (same status, type, body), validates a
request body, answers several streams of one connection one after another and at once, answers a
body past 64 MiB 413 and resets streams for --reset-rate; the
proxy forwards over h2c byte for byte and reports the exchange, passes an event stream on as it
arrives, passes an 80 MiB upload on as its DATA frames arrive (not held), and survives a stream
cancelled mid-upload.
"""
import atexit
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

try:
    import h2.config
    import h2.connection
    import h2.events
except ImportError:  # Debian's package, when the interpreter found first is not Debian's own
    sys.path.append("/usr/lib/python3/dist-packages")
    import h2.config
    import h2.connection
    import h2.events

SONDE, GOOD, SPEC = sys.argv[1:4]
STREAMS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "streams.yaml")
failures = []


def check(what, ok, detail=""):
    print(("ok: " if ok else "FAIL: ") + what + ("" if ok else f" ({detail})"))
    if not ok:
        failures.append(what)


class Client:
    """One HTTP/2 connection, prior knowledge."""

    def __init__(self, url):
        host, port = url[len("http://"):].split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=10)
        # Frames smaller than a loopback segment would otherwise wait for the server's delayed ACK.
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True, header_encoding="utf-8"))
        self.conn.initiate_connection()
        self.flush()
        self.streams = {}

    def flush(self):
        self.sock.sendall(self.conn.data_to_send())

    def send(self, method, path, headers=(), body=None):
        sid = self.conn.get_next_available_stream_id()
        fields = [(":method", method), (":path", path), (":scheme", "http"), (":authority", "127.0.0.1"), *headers]
        self.conn.send_headers(sid, fields, end_stream=body is None)
        if body is not None:
            self.conn.send_data(sid, body, end_stream=True)
        self.flush()
        self.streams[sid] = {"status": None, "headers": {}, "body": b"", "ended": False, "reset": False, "first": None}
        return sid

    def pump(self, done, timeout=10):
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                raise TimeoutError("no answer in time")
            data = self.sock.recv(65536)
            if not data:
                raise ConnectionError("the server closed the connection")
            for event in self.conn.receive_data(data):
                s = self.streams.get(getattr(event, "stream_id", None))
                if isinstance(event, h2.events.ResponseReceived):
                    s["headers"] = dict(event.headers)
                    s["status"] = int(s["headers"][":status"])
                elif isinstance(event, h2.events.DataReceived):
                    s["body"] += event.data
                    s["first"] = s["first"] or time.monotonic()
                    self.conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                elif isinstance(event, h2.events.StreamEnded):
                    s["ended"] = True
                elif isinstance(event, h2.events.StreamReset):
                    s["ended"] = s["reset"] = True
            self.flush()

    def get(self, path, headers=(), body=None, method="GET"):
        sid = self.send(method, path, headers, body)
        self.pump(lambda: self.streams[sid]["ended"])
        return self.streams[sid]

    def post_large(self, path, total, headers=(), cut_after=None):
        """POSTs `total` bytes in DATA frames as flow control allows; the stream's record. With
        `cut_after`, the stream is reset (CANCEL) once that many bytes went, and is not waited for."""
        sid = self.conn.get_next_available_stream_id()
        fields = [(":method", "POST"), (":path", path), (":scheme", "http"), (":authority", "127.0.0.1"),
                  ("content-type", "application/octet-stream"), *headers]
        self.conn.send_headers(sid, fields, end_stream=False)
        self.streams[sid] = {"status": None, "headers": {}, "body": b"", "ended": False, "reset": False, "first": None}
        block = b"x" * 16384
        sent = 0
        while sent < total and not self.streams[sid]["ended"]:
            room = min(self.conn.local_flow_control_window(sid), self.conn.max_outbound_frame_size, total - sent)
            if room <= 0:
                self.flush()
                self.pump(lambda: self.conn.local_flow_control_window(sid) > 0 or self.streams[sid]["ended"])
                continue
            self.conn.send_data(sid, block[:room], end_stream=sent + room == total)
            sent += room
            self.flush()
            if cut_after is not None and sent >= cut_after:
                self.conn.reset_stream(sid, error_code=8)  # CANCEL
                self.flush()
                return self.streams[sid]
        self.pump(lambda: self.streams[sid]["ended"], timeout=30)
        return self.streams[sid]

    def post_parallel(self, path, total, names):
        """POSTs `total` bytes on one stream per name at once, each as its window allows; their records."""
        sids = []
        for name in names:
            sid = self.conn.get_next_available_stream_id()
            self.conn.send_headers(sid, [(":method", "POST"), (":path", path), (":scheme", "http"),
                                         (":authority", "127.0.0.1"), ("content-type", "application/octet-stream"),
                                         ("x-upload-name", name)], end_stream=False)
            self.streams[sid] = {"status": None, "headers": {}, "body": b"", "ended": False, "reset": False, "first": None}
            sids.append(sid)
        left = {sid: total for sid in sids}
        block = b"x" * 16384
        while any(left.values()):
            moved = False
            for sid in sids:
                if not left[sid] or self.streams[sid]["ended"]:
                    left[sid] = 0
                    continue
                room = min(self.conn.local_flow_control_window(sid), self.conn.max_outbound_frame_size, left[sid])
                if room > 0:
                    self.conn.send_data(sid, block[:room], end_stream=room == left[sid])
                    left[sid] -= room
                    moved = True
            self.flush()
            if not moved:
                self.pump(lambda: any(left[s] and (self.conn.local_flow_control_window(s) > 0 or self.streams[s]["ended"])
                                      for s in sids), timeout=30)
        self.pump(lambda: all(self.streams[s]["ended"] for s in sids), timeout=60)
        return [self.streams[s] for s in sids]

    def close(self):
        self.sock.close()


# Every process started here, killed at exit: a script that fails half-way leaves nothing running.
started = []
atexit.register(lambda: [p.kill() for p in started if p.poll() is None])


def start(args):
    work = tempfile.mkdtemp()
    out, err = open(os.path.join(work, "out"), "w+"), open(os.path.join(work, "err"), "w+")
    proc = subprocess.Popen([SONDE, *args], stdout=out, stderr=err)
    started.append(proc)
    for _ in range(200):
        out.seek(0)
        first = out.readline()
        if first.startswith(("proxying ", "listening on ")):
            return proc, work, first.split()[-1] if first.startswith("listening") else first.split()[1]
        time.sleep(0.05)
    proc.kill()
    sys.exit("FAIL: did not start: " + open(os.path.join(work, "err")).read())


def stop(proc, work):
    proc.send_signal(signal.SIGTERM)
    code = proc.wait(timeout=20)
    return code, open(os.path.join(work, "out")).read(), open(os.path.join(work, "err")).read()


def http1(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.status, r.headers.get("Content-Type"), r.read()


# The mock: the same answer over h2c as over HTTP/1.1.
proc, work, mock = start(["mock", SPEC, "--port", "0"])
client = Client(mock)
pet = client.get("/v1/pets/1")
status, ctype, body = http1(mock + "/v1/pets/1")
check("mock over h2c: the HTTP/1.1 answer", pet["status"] == status == 200 and pet["body"] == body and
      pet["headers"].get("content-type") == ctype and pet["headers"].get("content-length") == str(len(body)),
      str(pet))
created = client.get("/v1/pets", [("content-type", "application/json")], b'{"name": "Tom", "petType": "cat"}', "POST")
check("mock over h2c: a request body is read", created["status"] == 201, str(created))
invalid = client.get("/v1/pets", [("content-type", "application/json")], b'{"name": 7}', "POST")
check("mock over h2c: an invalid request body is a 422 with pointers", invalid["status"] == 422 and
      b"/body" in invalid["body"], str(invalid))
# Several streams open at once on the connection: every one answered.
ids = [client.send("GET", f"/v1/pets/{n}") for n in (1, 2, 3)]
client.pump(lambda: all(client.streams[i]["ended"] for i in ids))
check("mock over h2c: three concurrent streams answered",
      all(client.streams[i]["status"] == 200 and json.loads(client.streams[i]["body"]) for i in ids),
      str([client.streams[i] for i in ids]))
# A body past 64 MiB is dropped as it arrives, then answered 413, on a connection that goes on.
too_large = client.post_large("/v1/pets", (64 << 20) + 1)
check("mock over h2c: a request body past 64 MiB is a 413", too_large["status"] == 413, str(too_large)[:300])
check("mock over h2c: ... and the connection goes on", client.get("/v1/pets/1")["status"] == 200)
client.close()
check("mock: HTTP/1.1 still served beside h2c", http1(mock + "/v1/pets/2")[0] == 200)
stop(proc, work)

# --reset-rate over h2c: the stream is reset (RST_STREAM), as HTTP/1.1 drops the connection; the
# connection itself carries the next stream.
proc, work, mock = start(["mock", SPEC, "--port", "0", "--reset-rate", "1"])
client = Client(mock)
first, second = client.get("/v1/pets/1"), client.get("/v1/pets/2")
check("mock over h2c: --reset-rate resets the stream, not the connection",
      first["reset"] and second["reset"] and first["status"] is None, f"{first} {second}")
client.close()
stop(proc, work)

# The proxy: forwarded over h2c byte for byte, checked, and an event stream passed on as it arrives.
upstream = "http://127.0.0.1:" + open(os.path.join(GOOD, "port")).read().strip()
proc, work, proxy = start(["check", "--color", "never", "--spec", SPEC, "--proxy", "127.0.0.1:0", "--upstream", upstream])
client = Client(proxy)
through = client.get("/v1/pets/1")
direct = http1(upstream + "/v1/pets/1")
head = client.get("/v1/pets/1", method="HEAD")
check("proxy over h2c: HEAD carries the GET answer's length", head["status"] == 200 and head["body"] == b"" and
      head["headers"].get("content-length") == str(len(direct[2])), str(head))
check("proxy over h2c: the upstream's answer byte for byte", through["status"] == 200 and through["body"] == direct[2] and
      through["headers"].get("content-type") == direct[1], str(through))
client.close()
code, out, err = stop(proc, work)
check("proxy over h2c: the exchanges checked, the GET passed", code == 0 and "1 passed" in out, f"{code} {out} {err}")
proc, work, proxy = start(["check", "--color", "never", "--spec", STREAMS, "--proxy", "127.0.0.1:0", "--upstream", upstream])
client = Client(proxy)
began = time.monotonic()
sid = client.send("GET", "/v1/events", [("x-pause", "3")])
client.pump(lambda: client.streams[sid]["first"] is not None)
first_after = client.streams[sid]["first"] - began
client.pump(lambda: client.streams[sid]["ended"])
events = client.streams[sid]
check("proxy over h2c: the first event arrives while the upstream still sends", first_after < 2.0, f"{first_after:.2f} s")
check("proxy over h2c: the whole event stream", events["body"] == b"data: one\n\ndata: two\n\n" and not events["reset"],
      str(events))
client.close()


def memory_kib(pid, field):
    return next(int(line.split()[1]) for line in open(f"/proc/{pid}/status") if line.startswith(field + ":"))


# A request body no check reads (application/octet-stream, format: binary) is passed on as its
# DATA frames arrive, as over HTTP/1.1: any size, in bounded memory. Before, an h2c body was held
# whole and refused past 64 MiB.
import hashlib
client = Client(proxy)
before = memory_kib(proc.pid, "VmRSS")
total = 80 << 20
upload = client.post_large("/v1/uploads", total, [("x-upload-name", "h2")])
try:
    got = json.loads(upload["body"])
except ValueError:
    got = {}
expected = hashlib.sha256(b"x" * total).hexdigest()
check("proxy over h2c: an 80 MiB upload passed on byte for byte", upload["status"] == 200 and
      got.get("length") == total and got.get("sha256") == expected, str(upload)[:300])
grown = memory_kib(proc.pid, "VmHWM") - before
check("proxy over h2c: ... and not held (the proxy's peak resident grew < 32 MiB)", grown < 32 * 1024,
      f"{grown} KiB more than the {before} KiB before")
# Two uploads at once on one connection: the second waits within its flow-control window while
# the first is passed on (nothing of it piles up in the proxy), then goes through itself.
before = memory_kib(proc.pid, "VmHWM")
pair = client.post_parallel("/v1/uploads", 40 << 20, ["p1", "p2"])
answers = []
for one in pair:
    try:
        answers.append(json.loads(one["body"]))
    except ValueError:
        answers.append({})
expected = hashlib.sha256(b"x" * (40 << 20)).hexdigest()
check("proxy over h2c: two 40 MiB uploads at once on one connection, both byte for byte",
      all(one["status"] == 200 for one in pair) and all(a.get("sha256") == expected for a in answers),
      str([str(one)[:200] for one in pair]))
grown = memory_kib(proc.pid, "VmHWM") - before
check("proxy over h2c: ... the waiting one not held either (peak grew < 32 MiB)", grown < 32 * 1024, f"{grown} KiB")
# A client that cancels its stream halfway through an upload: the proxy drops that exchange and
# goes on serving the same connection.
client.post_large("/v1/uploads", 8 << 20, [("x-upload-name", "cut")], cut_after=1 << 20)
check("proxy over h2c: a stream cancelled mid-upload leaves the connection serving",
      client.get("/v1/pets/1")["status"] == 200)
# A GET whose HEADERS leave the stream open and an empty DATA frame ends it (some clients do):
# read as a streamed body of no bytes, answered as any GET.
sid = client.conn.get_next_available_stream_id()
client.conn.send_headers(sid, [(":method", "GET"), (":path", "/v1/events"), (":scheme", "http"),
                               (":authority", "127.0.0.1")], end_stream=False)
client.conn.send_data(sid, b"", end_stream=True)
client.flush()
client.streams[sid] = {"status": None, "headers": {}, "body": b"", "ended": False, "reset": False, "first": None}
client.pump(lambda: client.streams[sid]["ended"])
check("proxy over h2c: a GET ended by an empty DATA frame is answered as a GET",
      client.streams[sid]["status"] == 200 and client.streams[sid]["body"] == b"data: one\n\ndata: two\n\n",
      str(client.streams[sid])[:300])
small = client.get("/v1/uploads", [("content-type", "application/json"), ("x-upload-name", "j")], b"[1, 2, 3]", "POST")
check("proxy over h2c: a JSON body (which a check reads) still arrives", small["status"] == 200 and
      json.loads(small["body"]).get("length") == 9, str(small)[:300])
client.close()
code, out, err = stop(proc, work)
# The event streams, the 80 MiB upload and the two at once, the JSON upload, and a GET this spec lacks; the
# cancelled upload is no exchange (as a client that hangs up over HTTP/1.1).
check("proxy over h2c: the uploads passed their checks, the cancelled one not counted",
      code == 0 and "7 exchanges: 6 passed, 0 failed, 1 matched no operation" in out, out[-400:] + err[-400:])

print("all checks passed" if not failures else f"{len(failures)} check(s) failed")
sys.exit(1 if failures else 0)
