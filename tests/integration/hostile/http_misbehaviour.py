#!/usr/bin/env python3
"""Servers that misbehave, against every subcommand that speaks HTTP (issue 19): one that never
answers, one that sends an endless body, one that sends a 10 MB header, one whose JSON body nests
100,000 levels deep. Each run must end with a documented exit code, a one-line error and no crash:
by its own deadline (3 s) for the silent server; at once for the header and the deep body; and for
the endless body, by the deadline where the body is discarded (time) or else by a named body limit
long before a 40 s deadline, without holding gigabytes.

A hang is what is guarded, so the time bound is generous (90 s; CI is a loaded 2-core machine
under ASan): a client that waits for the silent server or reads the endless body forever exceeds it.
Usage: http_misbehaviour.py SONDE CASE   (CASE = <subcommand>-<behaviour>; --list prints them)."""
import os
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time

from hostile_lib import write_spec

HANG_BOUND = 90         # seconds: far above every deadline below, far below "forever"
MEMORY_BOUND = 1 << 30  # bytes of peak RSS: the endless body must not be kept (ASan adds ~200 MB)


def serve(behaviour):
    """Listens on a loopback port; returns (port, connection counter)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    seen = {"connections": 0}

    def handle(conn):
        try:
            conn.settimeout(HANG_BOUND + 10)
            request = b""
            while b"\r\n\r\n" not in request:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                request += chunk
            if behaviour == "silent-after-reuse":
                # Answers the first request and keeps the connection open, then never answers
                # the second one sent on it: a timeout after the request left, not a connect one.
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 3\r\n\r\n[1]")
                while conn.recv(65536):
                    pass
            elif behaviour == "silent":
                while conn.recv(65536):  # never answers; waits for the client to give up
                    pass
            elif behaviour == "endless":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                             b"Transfer-Encoding: chunked\r\n\r\n")
                chunk = b"%x\r\n%s\r\n" % (1 << 20, b" " * (1 << 20))
                while True:
                    conn.sendall(chunk)
            elif behaviour == "deepjson":
                body = b"[" * 100000 + b"]" * 100000
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                             b"Content-Length: %d\r\n\r\n" % len(body) + body)
            elif behaviour == "bigheader":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Big: ")
                line = b"a" * 65536
                for _ in range(160):  # 10 MiB of one header value
                    conn.sendall(line)
                conn.sendall(b"\r\nContent-Length: 2\r\n\r\n{}")
                while conn.recv(65536):
                    pass
        except OSError:
            pass
        finally:
            conn.close()

    def accept_loop():
        while True:
            conn, _ = listener.accept()
            seen["connections"] += 1
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    threading.Thread(target=accept_loop, daemon=True).start()
    return listener.getsockname()[1], seen


def commands(base, tmp, deadline):
    spec = write_spec(tmp)
    hurl = os.path.join(tmp, "thing.hurl")
    with open(hurl, "w") as f:
        # JSONPath, a capture and a JSON body walk the response: each recursed per level of nesting.
        f.write(f"GET {base}/thing\nHTTP 200\n[Captures]\nfirst: jsonpath \"$[0]\"\n[Asserts]\njsonpath \"$..x\" count == 0\n"
                f"\nGET {base}/thing\nHTTP 200\n```json\n[]\n```\n")
    return {
        "time": ["time", "--timeout", deadline, f"{base}/thing"],
        "replay": ["replay", "--retries", "0", "--attempt-timeout", deadline, "--deadline", deadline, f"{base}/thing"],
        "test": ["test", "--continue-on-error", "--max-time", deadline, hurl],
        "check-live": ["check", "--spec", spec, "--base-url", base, "--operation", "getThing", "--max-time", deadline],
        "check-generate": ["check", "--spec", spec, "--base-url", base, "--generate", "--phases", "coverage",
                           "--max-time", deadline],
    }


SUBCOMMANDS = ["time", "replay", "test", "check-live", "check-generate"]
BEHAVIOURS = ["silent", "endless", "bigheader", "deepjson"]


def main():
    sonde, case = sys.argv[1], sys.argv[2]
    if case == "--list":
        # Only `test` keeps connections alive between requests (replay opens one per attempt).
        print(";".join([f"{s}-{b}" for s in SUBCOMMANDS for b in BEHAVIOURS] + ["test-silent-after-reuse"]))
        return 0
    subcommand, behaviour = ("test", "silent-after-reuse") if case == "test-silent-after-reuse" else case.rsplit("-", 1)
    port, seen = serve(behaviour)
    base = f"http://127.0.0.1:{port}"
    # What keeps the body (all but time) must stop at its body limit, long before this deadline:
    # kept for 40 s, an endless body reaches gigabytes (past MEMORY_BOUND).
    keeps_endless_body = behaviour == "endless" and subcommand != "time"
    deadline = "40s" if keeps_endless_body else "3s"
    with tempfile.TemporaryDirectory(prefix="sonde-hostile-") as tmp:
        argv = [sonde] + commands(base, tmp, deadline)[subcommand]
        start = time.monotonic()
        try:
            proc = subprocess.run(argv, capture_output=True, text=True, timeout=HANG_BOUND)
        except subprocess.TimeoutExpired:
            print(f"FAILED: {' '.join(argv)} still running after {HANG_BOUND} s against the {behaviour} server")
            return 1
        seconds = time.monotonic() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    problems = []
    if seen["connections"] == 0:
        problems.append("sonde never connected: the case proves nothing")
    # A deep body is a fine body to time or replay (exit 0); what parses it fails a check (exit 1).
    allowed = (0, 1) if behaviour == "deepjson" else (1, 4)
    if proc.returncode not in allowed:
        problems.append(f"exit {proc.returncode}, want one of {allowed} (negative: killed by a signal)")
    if peak > MEMORY_BOUND:
        problems.append(f"peak memory {peak >> 20} MiB: the body or header was kept")
    for bad in ("terminate called", "Aborted", "AddressSanitizer", "runtime error", "Segmentation"):
        if bad in proc.stderr:
            problems.append(f"stderr shows a crash ({bad!r})")
    if keeps_endless_body and "limit" not in proc.stdout + proc.stderr:
        problems.append("the endless body was not stopped by a named body limit")
    if behaviour == "silent-after-reuse":
        if seen["connections"] != 1:
            problems.append(f"{seen['connections']} connections: the second request did not reuse the first's")
        if "connect timed out" in proc.stdout + proc.stderr or "timed out" not in proc.stdout + proc.stderr:
            problems.append("a request sent on a reused connection must time out as sent, not as 'connect timed out'")
    if behaviour == "bigheader" and "header" not in proc.stdout + proc.stderr:
        problems.append("the error does not say the header was too large")
    errors = [l for l in proc.stderr.splitlines() if l.startswith("sonde: ")]
    if proc.returncode == 4 and not errors and "127.0.0.1" not in proc.stdout:
        problems.append("exit 4 without a `sonde: ...` error line or a report naming the host")
    for line in errors:
        if len(line) > 400:
            problems.append(f"error line of {len(line)} characters (the header echoed?)")
    print(f"{' '.join(argv[1:])}: exit {proc.returncode} in {seconds:.1f} s, peak {peak >> 20} MiB")
    if problems:
        print("FAILED:\n  " + "\n  ".join(problems))
        print("--- stdout ---\n" + proc.stdout[-2000:] + "\n--- stderr ---\n" + proc.stderr[-2000:])
        return 1
    print("--- stdout ---\n" + proc.stdout[-800:] + "\n--- stderr ---\n" + proc.stderr[-800:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
