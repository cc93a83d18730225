#!/usr/bin/env python3
"""Extra checks of `sonde replay` against the reference HTTP lab (../shared/labs/http), when it
runs. The lab is not started here (it has fixed ports shared with others): with no lab answering,
every case exits 77 (skipped) and says why.
Usage: lab_check.py SONDE CASE. The lab is found through HTTP_LAB_HTTP_URL / HTTP_LAB_HTTPS_URL /
HTTP_LAB_CA, else through $HTTP_LAB_DIR/loopback/env.sh (default /tmp/sonde-http-lab)."""
import json
import os
import re
import subprocess
import sys
import time
import urllib.request

SONDE, CASE = sys.argv[1], sys.argv[2]


def lab_env():
    env = {k: v for k, v in os.environ.items() if k.startswith("HTTP_LAB_")}
    path = os.path.join(os.environ.get("HTTP_LAB_DIR", "/tmp/sonde-http-lab"), "loopback", "env.sh")
    if "HTTP_LAB_HTTP_URL" not in env and os.path.exists(path):
        for line in open(path):
            m = re.match(r'export (HTTP_LAB_\w+)=(.*)', line.strip())
            if m:
                env[m.group(1)] = m.group(2).strip('"')
    return env


ENV = lab_env()
HTTP = ENV.get("HTTP_LAB_HTTP_URL", "")


def skip(why):
    print(f"SKIPPED: {why}")
    sys.exit(77)


def sonde(*args):
    start = time.monotonic()
    p = subprocess.run([SONDE, "replay", *args], capture_output=True, text=True, timeout=60)
    p.seconds = time.monotonic() - start
    return p


def expect(p, cond, why):
    if not cond:
        print(f"FAILED: {why}\nexit {p.returncode}\n--- stdout ---\n{p.stdout}\n--- stderr ---\n{p.stderr}")
        sys.exit(1)


def attempts(p):
    return json.loads(p.stdout)["requests"][0]["attempts"]


def retry_after_seconds():
    p = sonde(f"{HTTP}/retry-after/seconds", "--retries", "1", "--format", "json")
    a = attempts(p)
    expect(p, p.returncode == 1 and len(a) == 2, "two 429s, final 429: exit 1")
    expect(p, a[0]["reason"] == "429, Retry-After: 2" and a[0]["delay_ms"] >= 2000, "waited the lab's 2 s")


def retry_after_date():
    p = sonde(f"{HTTP}/retry-after/date", "--retries", "1", "--format", "json")
    a = attempts(p)
    expect(p, p.returncode == 1 and len(a) == 2, "two 503s: exit 1")
    expect(p, a[0]["reason"].startswith("503, Retry-After: "), "reason names the HTTP-date")
    expect(p, 900 <= a[0]["delay_ms"] <= 3100, f"waited about 2 s (against Date), waited {a[0]['delay_ms']} ms")


def headers_echo_key():
    p = sonde("-X", "POST", f"{HTTP}/headers", "-d", "x", "-i", "--idempotency-key", f"lab-key-{os.getpid()}")
    expect(p, p.returncode == 0, "exit 0")
    expect(p, f"X-Echo-Idempotency-Key: lab-key-{os.getpid()}" in p.stdout, "the lab saw our literal key")


def limited_per_key():
    key = f"limited-{os.getpid()}"
    first = sonde("-X", "POST", f"{HTTP}/limited", "-d", "x", "--idempotency-key", key, "--format", "json")
    second = sonde("-X", "POST", f"{HTTP}/limited", "-d", "x", "--idempotency-key", key, "--format", "json")
    expect(first, first.returncode == 0, "the first request with a key passes")
    a = attempts(second)
    expect(second, second.returncode == 0 and a[0]["status"] == 429 and a[-1]["status"] == 200,
           "the second is throttled, waits Retry-After: 1, then passes")


def https_cacert():
    https, ca = ENV.get("HTTP_LAB_HTTPS_URL", ""), ENV.get("HTTP_LAB_CA", "")
    if not https or not ca:
        skip("the lab's HTTPS URL or CA is unknown")
    port = https.rsplit(":", 1)[1]
    p = sonde(f"https://127.0.0.1:{port}/json", "--cacert", ca)
    expect(p, p.returncode == 0, "verified against the lab CA")
    untrusted = sonde(f"https://127.0.0.1:{int(port) + 5}/json", "--cacert", ca)
    expect(untrusted, untrusted.returncode == 4 and untrusted.stderr.count("  #") == 1,
           "a self-signed certificate is exit 4 and not retried")


CASES = {"lab-retry-after-seconds": retry_after_seconds, "lab-retry-after-date": retry_after_date,
         "lab-headers-echo-key": headers_echo_key, "lab-limited-per-key": limited_per_key,
         "lab-https-cacert": https_cacert}

if __name__ == "__main__":
    if CASE == "--list":
        print(";".join(CASES))
        sys.exit(0)
    if not HTTP:
        skip("the reference HTTP lab is not running (start it with ../shared/labs/http/start)")
    try:
        urllib.request.urlopen(HTTP + "/json", timeout=2).read()
    except OSError as e:
        skip(f"the reference HTTP lab at {HTTP} does not answer ({e})")
    CASES[CASE]()
    print(f"ok {CASE}")
