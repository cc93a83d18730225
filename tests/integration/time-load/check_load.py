#!/usr/bin/env python3
"""sonde time under load (--duration, --rate) against a server this script starts on loopback:
   rate       the open model keeps its timetable: 200/s for 10 s sends 2,000 +- 2 %
   stall      the server stops answering for 1 s once: latency from when requests were due shows
              the stall at p99, latency from their send hides it (coordinated omission)
   resets     every 10th connection is closed unanswered: exactly 10 resets in 100 requests
   gates      --max/--min failures exit 1 and name the gate; passing gates exit 0
   json       the JSON contract (histogram buckets, phases, time series file)
   sigint     SIGINT ends a long run early, and it still prints what it measured
   usage      bad load flags are usage errors (exit 2) naming the flag
usage: check_load.py SONDE CASE"""
import json
import os
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SONDE, CASE = sys.argv[1], sys.argv[2]
failures = []


def expect(what, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + what + ("" if ok else ": " + str(detail)[-1500:]))
    if not ok:
        failures.append(what)


class State:
    lock = threading.Lock()
    requests = 0
    connections = 0
    stall_at = 0        # the request number that makes the whole server stop for 1 s
    stall_gate = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        # Headers and body leave in two writes: without this, Nagle and the client's delayed ACK
        # add 40 ms to every keep-alive request.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self):
        with State.lock:
            State.requests += 1
            n = State.requests
        if State.stall_at and n == State.stall_at:
            with State.stall_gate:  # every other request waits for the gate too
                time.sleep(1.0)
        with State.stall_gate:
            pass
        body = b"ok\n"
        self.send_response(200 if not self.path.startswith("/status/") else int(self.path[8:]))
        self.send_header("Content-Length", str(len(body)))
        if self.path.startswith("/close"):
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(body)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    reset_every = 0

    def process_request(self, request, client_address):
        with State.lock:
            State.connections += 1
            n = State.connections
        if self.reset_every and n % self.reset_every == 0:
            # Read the request first: an RST before it would race with the client's connect.
            request.settimeout(5)
            try:
                request.recv(65536)
            except OSError:
                pass
            request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            request.close()  # an RST, no answer
            return
        super().process_request(request, client_address)


def serve(reset_every=0):
    server = Server(("127.0.0.1", 0), Handler)
    server.reset_every = reset_every
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def sonde(*args, timeout=120):
    return subprocess.run([SONDE, "time", *args], capture_output=True, text=True, timeout=timeout)


def load_json(proc):
    try:
        return json.loads(proc.stdout)
    except ValueError:
        expect("JSON output", False, proc.stdout + proc.stderr)
        sys.exit(1)


def case_rate():
    server, url = serve()
    # Two threads, each keeping every other slot of the timetable: together they must keep it.
    proc = sonde("--rate", "200/s", "--duration", "10s", "--threads", "2", "--format", "json", url + "/fast")
    out = load_json(proc)
    expect("exit 0", proc.returncode == 0, proc.stderr)
    expect("two threads", out["threads"] == 2, out["threads"])
    expect("the open model", out["model"] == "open" and out["rate"] == 200, out["model"])
    sent = out["completed"] + out["unsent"]
    expect(f"2,000 requests +- 2 % in 10 s (completed {out['completed']}, unsent {out['unsent']})",
           1960 <= out["completed"] <= 2040 and out["unsent"] == 0, sent)
    expect("all answered 200", out["statuses"] == {"2xx": out["completed"]}, out["statuses"])


def case_stall():
    server, url = serve()
    State.stall_at = 150  # 1.5 s into a 5 s run at 100/s
    # One connection, so the stall holds back every request due meanwhile (what a closed-model
    # tool, or one measuring from the send, never sees).
    proc = sonde("--rate", "100/s", "--duration", "5s", "--connections", "1", "--format", "json", url + "/fast")
    out = load_json(proc)
    corrected = out["latency"]["p99_ms"]
    uncorrected = out["latency_uncorrected"]["p99_ms"]
    expect(f"corrected p99 shows the 1 s stall ({corrected} ms)", corrected >= 800, corrected)
    expect(f"uncorrected p99 hides it ({uncorrected} ms)", uncorrected < 200, uncorrected)
    expect("the stalled request itself is the uncorrected max", out["latency_uncorrected"]["max_ms"] >= 900,
           out["latency_uncorrected"])
    expect("about 500 requests", 480 <= out["completed"] <= 510, out["completed"])


def case_resets():
    server, url = serve(reset_every=10)
    # Connection: close, so every request has a connection of its own and the count is exact.
    proc = sonde("--duration", "60s", "-n", "100", "--connections", "1", "--format", "json", url + "/close")
    out = load_json(proc)
    expect("100 requests", out["completed"] == 100, out["completed"])
    expect("exactly 10 resets", out["errors"] == {"reset": 10}, out["errors"])
    expect("90 answered", out["statuses"] == {"2xx": 90}, out["statuses"])
    expect("fail rate 10 %", abs(out["fail_rate"] - 0.10) < 1e-9, out["fail_rate"])
    expect("exit 0 without gates", proc.returncode == 0, proc.returncode)
    # Refused connections are a class of their own.
    dead = socket.socket()
    dead.bind(("127.0.0.1", 0))
    port = dead.getsockname()[1]
    dead.close()
    proc = sonde("--duration", "10s", "-n", "5", "--format", "json", f"http://127.0.0.1:{port}/")
    out = load_json(proc)
    expect("connect-refused counted", out["errors"] == {"connect-refused": 5}, out["errors"])


def case_gates():
    server, url = serve()
    proc = sonde("--duration", "2s", "--connections", "2", "--max", "p99:total=1us,fail-rate=1%", "--min",
                 "rps=100000", url + "/fast")
    expect("exit 1 when a gate fails", proc.returncode == 1, proc.returncode)
    expect("the latency gate is named", "FAIL  p99:total<=0.001 ms" in proc.stdout, proc.stdout)
    expect("the rps gate is named", "FAIL  rps>=100000.0" in proc.stdout, proc.stdout)
    expect("the passing gate says so", "PASS  fail-rate<=1.00%" in proc.stdout, proc.stdout)
    proc = sonde("--duration", "2s", "--max", "p99:total=5s,fail-rate=0%", "--min", "rps=1", url + "/fast")
    expect("exit 0 when every gate passes", proc.returncode == 0, proc.stdout + proc.stderr)
    proc = sonde("--duration", "2s", "--max", "fail-rate=1%", url + "/status/503")
    expect("503s fail the fail-rate gate", proc.returncode == 1 and "FAIL  fail-rate<=1.00%" in proc.stdout,
           proc.stdout)


def case_json():
    server, url = serve()
    with tempfile.TemporaryDirectory() as tmp:
        series = os.path.join(tmp, "series.jsonl")
        proc = sonde("--rate", "50/s", "--duration", "3s", "--warmup", "1s", "--format", "json",
                     "--report-timeseries", series, url + "/fast")
        out = load_json(proc)
        for key in ("url", "model", "rate", "connections", "threads", "elapsed_s", "sent", "completed", "warmup_requests",
                    "unsent", "interrupted", "rps", "failed", "fail_rate", "statuses", "errors", "latency",
                    "latency_uncorrected", "phases", "histogram", "checks"):
            expect(f"JSON has {key}", key in out, sorted(out))
        expect("warm-up requests are sent, not counted", 45 <= out["warmup_requests"] <= 55, out["warmup_requests"])
        expect("150 counted", 145 <= out["completed"] <= 155, out["completed"])
        expect("histogram buckets add up", sum(b["count"] for b in out["histogram"]) == out["completed"],
               out["histogram"][:3])
        expect("phases per request", out["phases"]["wait"]["count"] == out["completed"], out["phases"].keys())
        lines = [json.loads(line) for line in open(series)]
        expect("one time-series line per second", 3 <= len(lines) <= 5, lines)
        expect("time-series fields", all(set(l) == {"second", "rps", "p50_ms", "p99_ms", "errors"} for l in lines), lines)
        expect("time-series requests add up", sum(l["rps"] for l in lines) == out["completed"], lines)


def case_sigint():
    server, url = serve()
    child = subprocess.Popen([SONDE, "time", "--duration", "60s", "--format", "json", url + "/fast"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(2)
    child.send_signal(signal.SIGINT)
    try:
        stdout, stderr = child.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        child.kill()
        expect("SIGINT ends the run", False, "still running 20 s later")
        return
    out = json.loads(stdout)
    expect("interrupted, with figures", out["interrupted"] and out["completed"] > 0, out)
    expect("exit 0", child.returncode == 0, stderr)


def case_usage():
    for args, words in ((["--duration", "soon"], "--duration"), (["--rate", "-5/s", "--duration", "1s"], "--rate"),
                        (["--connections", "3"], "need --duration or --rate"),
                        (["--duration", "1s", "--max", "p99:total=1s,fail-rate=2"], "percentage"),
                        (["--duration", "1s", "--min", "latency=3"], "rps=N"),
                        (["--duration", "1s", "--warm"], "not load"),
                        (["--duration", "1s", "--connections", "-3"], "--connections must be 1 to 10000"),
                        (["--duration", "1s", "--connections", "0"], "--connections must be 1 to 10000"),
                        (["--duration", "1s", "--threads", "-1"], "--threads must be 1 to 256"),
                        (["--threads", "2"], "need --duration or --rate"),
                        # Refused before a 30 s run, not after it.
                        (["--duration", "30s", "--report-timeseries", "/tmp"], "a directory is not a file: /tmp"),
                        (["--duration", "30s", "--report-json", "/nonexistent-sonde-dir/r.json"],
                         "its folder does not exist")):
        started = time.monotonic()
        proc = sonde(*args, "http://127.0.0.1:9/")
        expect(f"{' '.join(args)}: exit 2", proc.returncode == 2, proc.returncode)
        expect(f"{' '.join(args)}: names {words}", words in proc.stderr, proc.stderr)
        expect(f"{' '.join(args)}: refused at once", time.monotonic() - started < 5, time.monotonic() - started)


{"rate": case_rate, "stall": case_stall, "resets": case_resets, "gates": case_gates, "json": case_json,
 "sigint": case_sigint, "usage": case_usage}[CASE]()
sys.exit(1 if failures else 0)
