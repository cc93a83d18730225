#!/usr/bin/env python3
"""Pins which events bound sonde's connect, tls and wait phases (the libcurl timestamps behind them):
a proxy (flight_delay_proxy.py) in front of the fixture's nginx holds the server's ServerHello
back HELLO ms and the flight with its Finished another FINISHED ms, and the server waits WAIT ms
before it answers (/delay/WAIT). Then, for TLS 1.3 and TLS 1.2:
  connect  ends when TCP is connected (CURLINFO_CONNECT_TIME_T): neither delay is in it;
  tls      ends when the handshake is done (CURLINFO_APPCONNECT_TIME_T): both delays are in it;
  wait     runs from the request sent to the response's first byte: WAIT is, FINISHED is not.
curl -w on the same proxy must see the same split (time_connect, time_appconnect), so both tools
measure the same events. Distinct delays (200, 400, 800 ms) make any misplaced boundary miss by 200 ms or more.
usage: check_phase_marks.py SONDE ENV_FILE CASE   (CASE: tls13 | tls12; exit 0 pass, 1 fail, 77 skip)"""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from flight_delay_proxy import FlightDelayProxy  # noqa: E402

SONDE, ENV_FILE, CASE = sys.argv[1], sys.argv[2], sys.argv[3]
HELLO, FINISHED, WAIT = 200, 400, 800  # ms
# Loopback round trips, the client's TLS work, a loaded machine (CI runs ASan on two cores: 110 ms
# over was seen); below the smallest delay, so a misplaced boundary still fails.
SLACK = 190  # ms
if not os.path.exists(ENV_FILE):
    print(f"SKIP: fixture env {ENV_FILE} is missing (server fixture did not start)")
    sys.exit(77)
ENV = dict(line.strip().split("=", 1) for line in open(ENV_FILE) if "=" in line)
failures = []


def within(what, got, low, high):
    ok = low <= got < high
    print(f"{'ok  ' if ok else 'FAIL'} {what} = {got:.1f} ms, wanted [{low}, {high})")
    if not ok:
        failures.append(what)


def expect_split(tool, connect, tls, wait):
    within(f"{tool} connect", connect, 0, SLACK)
    within(f"{tool} tls", tls, HELLO + FINISHED, HELLO + FINISHED + SLACK)
    within(f"{tool} wait", wait, WAIT, WAIT + SLACK)


def main():
    port, version = {"tls13": (ENV["HTTPS_PORT"], "1.3"), "tls12": (ENV["TLS12_PORT"], "1.2")}[CASE]
    proxy = FlightDelayProxy(int(port), HELLO / 1000, FINISHED / 1000)
    url = f"https://127.0.0.1:{proxy.port}/delay/{WAIT}"
    common = ["--cacert", ENV["CA"], "--http1.1"]
    proc = subprocess.run([SONDE, "time", "-n", "2", *common, "--format", "json", url],
                          capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        print(f"FAIL: sonde time exited {proc.returncode}: {proc.stderr}")
        return 1
    for i, run in enumerate(json.loads(proc.stdout)["runs"], 1):
        p = run["phases"]
        expect_split(f"sonde run {i}", p["connect"], p["tls"], p["wait"])
    if shutil.which("curl"):
        out = subprocess.run(["curl", "-sS", "-o", "/dev/null", *common, "-w",
                              "%{time_connect} %{time_appconnect} %{time_pretransfer} %{time_starttransfer}", url],
                             capture_output=True, text=True, timeout=60).stdout.split()
        c, a, pre, start = (float(v) * 1000 for v in out)
        expect_split("curl -w", c, a - c, start - pre)
    else:
        print("note: curl is not installed; sonde checked alone")
    if set(proxy.versions) != {version}:
        failures.append("version")
        print(f"FAIL: the proxy saw TLS {proxy.versions}, wanted {version} only")
    proxy.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
