#!/usr/bin/env python3
"""Retry behaviour of sonde replay next to curl --retry, side by side, on loopback.

1. Storm: C clients at once against an endpoint that serves 5 requests/s and answers the rest
   with 429 + Retry-After: 1. Figures: calls the server had to answer, time until every client
   is done, clients that got their 200. Run for curl --retry, sonde (full jitter, the default) and
   sonde --jitter none.
2. Safety: one POST without an Idempotency-Key against an endpoint that answers 500: how many
   times did the server execute it?

Usage: bench/replay/retry_storm.py [--sonde build/sonde] [--clients 30] [--retries 8]
Needs python3 and curl; uses tests/integration/replay/server.py.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CONTROL = os.path.join(ROOT, "tests", "integration", "replay", "control.py")


def stats(base, ident):
    with urllib.request.urlopen(f"{base}/stats/{ident}") as r:
        return json.load(r)["requests"]


def storm(base, name, command_for, clients):
    ident = f"{name}-{os.getpid()}-{time.monotonic_ns()}"
    url = f"{base}/capacity/{ident}?per_s=5"
    start = time.monotonic()
    procs = [subprocess.Popen(command_for(url), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for _ in range(clients)]
    ok = sum(p.wait() == 0 for p in procs)
    return {"calls": stats(base, ident), "seconds": time.monotonic() - start, "ok": ok}


def post_500(base, name, command_for):
    ident = f"post-{name}-{os.getpid()}"
    subprocess.run(command_for(f"{base}/flaky/{ident}?fail=100&status=500"), stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return stats(base, ident)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sonde", default=os.path.join(ROOT, "build", "sonde"))
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--retries", type=int, default=8)
    args = parser.parse_args()
    if not shutil.which("curl") or not os.access(args.sonde, os.X_OK):
        print("SKIPPED: needs curl and a built sonde (--sonde PATH)")
        return 77
    state = tempfile.mkdtemp(prefix="sonde-bench-replay-")
    if subprocess.run([sys.executable, CONTROL, "start", state], stdout=subprocess.DEVNULL).returncode != 0:
        print("could not start the test server")
        return 1
    try:
        base = "http://127.0.0.1:" + open(os.path.join(state, "port")).read().strip()
        r = str(args.retries)
        peers = {
            "curl --retry": lambda u: ["curl", "-sf", "--retry", r, "--retry-max-time", "60", "-o", "/dev/null", u],
            "sonde (full jitter)": lambda u: [args.sonde, "replay", "-q", "--retries", r, "--deadline", "60", u],
            "sonde --jitter none": lambda u: [args.sonde, "replay", "-q", "--retries", r, "--deadline", "60",
                                              "--jitter", "none", u],
        }
        print(f"1. storm: {args.clients} clients, server capacity 5 req/s, 429 + Retry-After: 1 beyond it, "
              f"{args.retries} retries each")
        print(f"   {'client':<22}{'server calls':>13}{'calls/client':>13}{'done after':>12}{'got 200':>9}")
        results = {}
        for name, command_for in peers.items():
            res = results[name] = storm(base, name.split()[0], command_for, args.clients)
            print(f"   {name:<22}{res['calls']:>13}{res['calls'] / args.clients:>13.2f}{res['seconds']:>11.1f}s"
                  f"{res['ok']:>6}/{args.clients}")
        ref = results["curl --retry"]
        for name in list(peers)[1:]:
            res = results[name]
            print(f"   {name} vs curl: {res['calls'] / max(ref['calls'], 1):.2f}x the calls, "
                  f"{res['seconds'] / max(ref['seconds'], 1e-9):.2f}x the time")
        print("2. safety: one POST without Idempotency-Key, server answers 500 every time")
        for name, command_for in {
            "curl --retry 3": lambda u: ["curl", "-s", "--retry", "3", "-X", "POST", "-d", "x", "-o", "/dev/null", u],
            "sonde --idempotency-key none": lambda u: [args.sonde, "replay", "-q", "-X", "POST", "-d", "x",
                                                       "--idempotency-key", "none", u],
        }.items():
            print(f"   {name:<30} server executed the POST {post_500(base, name.split()[0], command_for)} time(s)")
    finally:
        subprocess.run([sys.executable, CONTROL, "stop", state])
        shutil.rmtree(state, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
