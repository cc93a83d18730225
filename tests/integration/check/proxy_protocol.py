#!/usr/bin/env python3
"""sonde check --proxy's own HTTP/1.1 server, spoken to with raw sockets.

usage: proxy_protocol.py SONDE GOOD_STATE_DIR SPEC
In front of the check server that serves the description correctly: pipelined requests are answered
in order on one connection; HTTP/1.0 (kept alive when it asks) and bare-LF clients are served;
framing that two servers could read two ways (Transfer-Encoding beside Content-Length, differing
lengths, folded headers) is refused with 400, a transfer coding other than chunked with 501, a
malformed chunked body with 400, an over-long head with 431, a head that does not arrive in time
with 408, each closing the connection without resetting a client still sending; 200 clients at once
are all answered; and the proxy goes on serving and stops cleanly on SIGTERM.
"""
import atexit
import concurrent.futures
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

SONDE, GOOD, SPEC = sys.argv[1:4]
failures = []


def check(what, ok, detail=""):
    print(("ok: " if ok else "FAIL: ") + what + ("" if ok else f" ({detail})"))
    if not ok:
        failures.append(what)


started = []
atexit.register(lambda: [p.kill() for p in started if p.poll() is None])

upstream = "http://127.0.0.1:" + open(os.path.join(GOOD, "port")).read().strip()
work = tempfile.mkdtemp()


def start_proxy(name, extra=(), preexec_fn=None):
    """A proxy in front of the good server; returns (process, host, port, stderr path)."""
    out_path, err_path = os.path.join(work, name + ".out"), os.path.join(work, name + ".err")
    out, err = open(out_path, "w+"), open(err_path, "w+")
    p = subprocess.Popen([SONDE, "check", "--color", "never", "--spec", SPEC, "--proxy", "127.0.0.1:0", "--upstream",
                          upstream, *extra], stdout=out, stderr=err, preexec_fn=preexec_fn)
    started.append(p)
    for _ in range(200):
        out.seek(0)
        first = out.readline()
        if first.startswith("proxying "):
            h, pt = first.split()[1][len("http://"):].split(":")
            return p, h, int(pt), err_path
        time.sleep(0.05)
    sys.exit(f"FAIL: the proxy ({name}) did not start: " + open(err_path).read())


proc, host, port, err_path = start_proxy("main", ["--report-json", os.path.join(work, "report.json")])


def connect():
    s = socket.create_connection((host, port), timeout=10)
    return s


def read_all(s, limit=10.0):
    """Everything until the proxy closes the connection (or `limit` seconds pass)."""
    s.settimeout(limit)
    data = b""
    try:
        while True:
            part = s.recv(65536)
            if not part:
                return data, True
            data += part
    except socket.timeout:
        return data, False


def read_responses(s, count):
    """`count` responses with a Content-Length, in order: [(status line, headers, body)]."""
    s.settimeout(10)
    data = b""
    responses = []
    while len(responses) < count:
        while b"\r\n\r\n" not in data:
            part = s.recv(65536)
            if not part:
                return responses
            data += part
        head, data = data.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
        length = int(headers.get("content-length", "0"))
        while len(data) < length:
            part = s.recv(65536)
            if not part:
                break
            data += part
        responses.append((lines[0], headers, data[:length]))
        data = data[length:]
    return responses


GET = b"GET /v1/pets/1 HTTP/1.1\r\nHost: x\r\n\r\n"

# Pipelining: three requests in one write (the middle one with a body), three answers in order
# on the one connection.
s = connect()
s.sendall(GET + b"PROPFIND /v1/pets HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\ntwo" + GET)
got = read_responses(s, 3)
check("pipelined requests answered in order", [r[0] for r in got] == ["HTTP/1.1 200 OK"] * 3 and
      b'"petType"' in got[0][2] and b'"PROPFIND"' in got[1][2] and b'"two"' in got[1][2] and b'"petType"' in got[2][2],
      str(got)[:600])
s.sendall(GET)
check("... and the connection goes on", [r[0] for r in read_responses(s, 1)] == ["HTTP/1.1 200 OK"])
s.close()

# HTTP/1.0 without keep-alive: answered, then closed. Bare LF line ends are read.
s = connect()
s.sendall(b"GET /v1/pets/1 HTTP/1.0\n\n")
data, closed = read_all(s)
check("an HTTP/1.0 bare-LF request answered, then the connection closed",
      data.startswith(b"HTTP/1.1 200 OK") and closed and b"connection: close" in data.lower(), str(data[:300]))
s.close()

# HTTP/1.0 asking for keep-alive: told so (it would close after each answer otherwise), and the
# connection serves a second request.
s = connect()
s.sendall(b"GET /v1/pets/1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
first = read_responses(s, 1)
s.sendall(b"GET /v1/pets/1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
second = read_responses(s, 1)
s.close()
check("an HTTP/1.0 keep-alive request is answered keep-alive, and the connection serves another",
      len(first) == 1 and first[0][1].get("connection", "").lower() == "keep-alive" and
      [r[0] for r in second] == ["HTTP/1.1 200 OK"], str(first)[:300] + str(second)[:300])

# A client that shuts its side once its request is sent (nc -N, some scripts) is still answered;
# one that shuts it mid-body is not (the request will never be whole), and nothing is left open.
s = connect()
s.sendall(b"PROPFIND /v1/pets HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc")
s.shutdown(socket.SHUT_WR)
data, closed = read_all(s)
s.close()
check("a request sent then half-closed is answered", data.startswith(b"HTTP/1.1 200 ") and b'"abc"' in data and closed,
      str(data[:300]))
s = connect()
s.sendall(b"PROPFIND /v1/pets HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\nabc")
s.shutdown(socket.SHUT_WR)
data, closed = read_all(s)
s.close()
check("a body cut by a half-close: closed without an answer", data == b"" and closed, str(data[:300]))


def refused(request, status, what):
    s = connect()
    s.sendall(request)
    data, closed = read_all(s)
    s.close()
    check(what, data.startswith(f"HTTP/1.1 {status} ".encode()) and closed and b"application/problem+json" in data,
          str(data[:300]))


refused(b"POST /v1/pets HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n", 400,
        "Transfer-Encoding beside Content-Length: 400, closed")
refused(b"POST /v1/pets HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400,
        "Content-Length values that differ: 400, closed")
refused(b"GET /v1/pets/1 HTTP/1.1\r\nX-A: 1\r\n b\r\n\r\n", 400, "an obsolete folded header: 400, closed")
refused(b"POST /v1/pets HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501,
        "a transfer coding other than chunked: 501, closed")
refused(b"POST /v1/pets HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400,
        "a malformed chunked body: 400, closed")
refused(b"GET /v1/pets/1 HTTP/1.1\r\nX-Big: " + b"a" * (70 * 1024) + b"\r\n\r\n", 431, "a head past 64 KiB: 431, closed")


# A client that goes on sending after its request was refused, reading nothing until it is done
# (as most clients do: urllib3, curl uploading): its sends must not fail, and the answer must
# then reach it, with an orderly end. Closing over bytes never read sends a reset instead: the
# client's next send fails (most give up there, answer unread) and a reset can destroy an answer
# still on its way.
def refused_while_sending(first, status, what):
    s = connect()
    s.sendall(first)
    time.sleep(0.3)  # the proxy has answered and ended its side by now
    sent_after = 0
    try:
        for _ in range(16):
            s.sendall(b"x" * 32768)
            sent_after += 32768
            time.sleep(0.02)
    except OSError:
        pass  # a reset already
    try:
        data, closed = read_all(s)
        how = "closed" if closed else "left open"
    except OSError as e:
        data, closed, how = b"", False, f"{type(e).__name__}: {e}"
    s.close()
    check(what, sent_after == 16 * 32768 and data.startswith(f"HTTP/1.1 {status} ".encode()) and closed,
          f"{how} after {sent_after} more bytes; read {data[:120]}")


refused_while_sending(b"GET /v1/pets/1 HTTP/1.1\r\nX-Big: " + b"a" * (70 * 1024) + b"\r\n\r\n", 431,
                      "a client still sending after a 431 sends on, then reads the answer and an orderly close")
refused_while_sending(b"POST /v1/pets HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501,
                      "a client still sending a body after a 501 sends on, then reads the answer and an orderly close")

# A head that does not arrive within 5 s, and a held body silent for 5 s: 408, closed (a slowloris
# client holds nothing for long). Both wait at once.
slow_head = connect()
slow_head.sendall(b"GET /v1/pets/1 HTTP/1.1\r\nX-Slow: ")
slow_body = connect()
slow_body.sendall(b"POST /v1/pets HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n{\"na")
began = time.monotonic()
for s, what in ((slow_head, "a head not complete within 5 s"), (slow_body, "a body silent for 5 s")):
    data, closed = read_all(s, 12)
    s.close()
    check(what + ": 408, closed", data.startswith(b"HTTP/1.1 408 ") and closed and time.monotonic() - began <= 9,
          f"{data[:200]} after {time.monotonic() - began:.1f} s")


# 200 clients at once, each on its own connection: every one answered.
def one_get(to_port=None):
    """A GET on a connection of its own: the answer's status line."""
    c = socket.create_connection((host, to_port or port), timeout=10)
    try:
        c.sendall(GET)
        r = read_responses(c, 1)
        return r[0][0] if r else "nothing"
    finally:
        c.close()


with concurrent.futures.ThreadPoolExecutor(max_workers=200) as pool:
    statuses = list(pool.map(lambda _: one_get(), range(200)))
check("200 clients at once, all answered", statuses == ["HTTP/1.1 200 OK"] * 200,
      str({s: statuses.count(s) for s in set(statuses)}))

s = connect()
s.sendall(GET)
check("still serving after all of the above", [r[0] for r in read_responses(s, 1)] == ["HTTP/1.1 200 OK"])
s.close()

# The connection limit counts h2c connections too (each served on a thread of its own once its
# preface is read). With the open-file limit at 140 the proxy serves (140 - 64) / 2 = 38
# connections: 38 h2c ones, then an HTTP/1.1 one gets 503; once they close, it is served again.
import resource
limited, _, limited_port, _ = start_proxy(
    "limited", preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (140, 140)))


def limited_get():
    return one_get(limited_port)


check("the limited proxy serves", limited_get() == "HTTP/1.1 200 OK")
h2 = []
served = 0
for _ in range(38):
    # The GET's connection above may not be swept yet when the first h2c ones arrive (a 503 then):
    # each is tried again a moment later, so that 38 are being served when the next one comes.
    for attempt in range(10):
        c = socket.create_connection((host, limited_port), timeout=10)
        c.sendall(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + b"\x00\x00\x00\x04\x00\x00\x00\x00\x00")  # preface, SETTINGS
        if c.recv(9)[3:4] == b"\x04":  # the server's SETTINGS frame: the connection is being served
            h2.append(c)
            served += 1
            break
        c.close()
        time.sleep(0.2)
check("38 h2c connections all served under a limit of 38", served == 38, f"{served} served")
busy = limited_get()
debug = f"threads {len(os.listdir(f'/proc/{limited.pid}/task'))}, fds {len(os.listdir(f'/proc/{limited.pid}/fd'))}"


def refused_upload():
    """A 4 MB POST whose body follows its head a moment later: the first line of what comes back."""
    c = socket.create_connection((host, limited_port), timeout=10)
    body = b"x" * (4 << 20)
    try:
        c.sendall(b"POST /v1/uploads HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                  b"Content-Length: %d\r\n\r\n" % len(body))
        time.sleep(0.3)  # meanwhile the proxy answers 503 and closes its side
        c.sendall(body)
        c.shutdown(socket.SHUT_WR)
        data = b""
        while chunk := c.recv(65536):
            data += chunk
        return data.split(b"\r\n", 1)[0].decode()
    except OSError as e:
        return repr(e)
    finally:
        c.close()


# Past the limit, a client still sending its body reads the 503 instead of meeting a reset: the
# refused connection is read and discarded until the client is done (a lingering close, bounded).
refused = refused_upload()
check("past the limit, a client still sending gets the 503, not a reset", refused == "HTTP/1.1 503 Service Unavailable",
      refused)
# A lingering refusal ends when its client closes (not at the deadline), and more refusals at
# once than the few allowed to linger are answered too (closed at once).
fds = lambda: len(os.listdir(f"/proc/{limited.pid}/fd"))
time.sleep(0.3)  # the refusal above is swept once its client closed
fds_before = fds()
waiting = [socket.create_connection((host, limited_port), timeout=10) for _ in range(12)]
answers = []
for c in waiting:
    data = b""
    while chunk := c.recv(65536):
        data += chunk
    answers.append(data.split(b"\r\n", 1)[0].decode())
    c.close()
# Well inside the 5 s linger: a refusal held to its deadline would still be open.
for _ in range(30):
    if fds() <= fds_before:
        break
    time.sleep(0.1)
check("12 refused at once: each reads its 503", answers == ["HTTP/1.1 503 Service Unavailable"] * 12, str(answers))
check("... and none is held once its client closed", fds() <= fds_before, f"{fds()} descriptors, {fds_before} before")
# The places to linger came back (a count that leaked would close this one at once: a reset).
again = refused_upload()
check("... and a later refusal lingers again", again == "HTTP/1.1 503 Service Unavailable", again)
for c in h2:
    c.close()
time.sleep(0.5)
check("h2c connections count toward the connection limit (38 open: the next one gets 503)",
      busy == "HTTP/1.1 503 Service Unavailable", busy + " " + debug)
check("... and stop counting once closed", limited_get() == "HTTP/1.1 200 OK")
limited.terminate()
limited.wait(timeout=10)

# SIGTERM while two exchanges are under way (the service takes 3 s for one, 9 s for the other)
# and another connection idles: the idle one is closed at once; the 3 s exchange is still answered
# and recorded; the 9 s one, still unanswered when the 5 s grace ends, is answered 502 and recorded
# as an error of the run (the report loses nothing), and the proxy exits 4 (a request got no answer).
import json
import threading
slow = {}


def slow_request(path, seconds):
    c = connect()
    c.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nX-Slow-Path: {path}\r\nX-Slow-Seconds: {seconds}\r\n\r\n".encode())
    r = read_responses(c, 1)
    slow[path] = (r[0][0] if r else "nothing", time.monotonic())
    c.close()


idle = connect()
idle.sendall(GET)
read_responses(idle, 1)
workers = [threading.Thread(target=slow_request, args=a) for a in (("/v1/pets/7", 3), ("/v1/pets/8", 9))]
for w in workers:
    w.start()
time.sleep(0.5)
began = time.monotonic()
proc.send_signal(signal.SIGTERM)
data, closed = read_all(idle, 3)
check("SIGTERM: an idle kept-alive connection is closed at once", data == b"" and closed and
      time.monotonic() - began < 1.5, f"{data[:100]} {closed} {time.monotonic() - began:.1f} s")
code = proc.wait(timeout=20)
for w in workers:
    w.join()
took = time.monotonic() - began
check("SIGTERM: the exchange under way is still answered", slow.get("/v1/pets/7", ("",))[0] == "HTTP/1.1 200 OK",
      str(slow))
report = json.load(open(os.path.join(work, "report.json")))
recorded = [r for r in report["results"] if r["request"]["url"] == "/v1/pets/7"]
check("SIGTERM: ... and recorded", len(recorded) == 1, str(recorded))
late = slow.get("/v1/pets/8", ("nothing", 0))
check("SIGTERM: an exchange unanswered when the 5 s grace ends is answered 502 then",
      late[0] == "HTTP/1.1 502 Bad Gateway" and 4.5 < late[1] - began < 8, f"{late[0]} after {late[1] - began:.1f} s")
cut = [e for e in report.get("errors", []) if e["request"]["url"] == "/v1/pets/8"]
check("SIGTERM: ... recorded as an error of the run, and the proxy exits 4", code == 4 and took < 9 and len(cut) == 1 and
      "stopped before the upstream answered" in cut[0]["message"],
      f"exit {code} after {took:.1f} s, {cut} {open(err_path).read()[-500:]}")

print("all checks passed" if not failures else f"{len(failures)} check(s) failed")
sys.exit(1 if failures else 0)
