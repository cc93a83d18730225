#!/usr/bin/env python3
"""Integration cases for `sonde replay` against server.py (started by the CTest fixture).
Usage: cases.py SONDE STATE_DIR CASE. Each case runs the real binary and checks its exit code, its
JSON document and what the server says it received."""
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

SONDE, STATE, CASE = sys.argv[1], sys.argv[2], sys.argv[3]
PORT = "" if CASE == "--list" else open(os.path.join(STATE, "port")).read().strip()
BASE = f"http://127.0.0.1:{PORT}"
FAST = ["--backoff-base", "0.05"]
# Each run of a case gets its own ids so reruns against the same server do not collide.
RUN = f"{CASE}-{os.getpid()}"


def sonde(*args, timeout=60):
    start = time.monotonic()
    proc = subprocess.run([SONDE, "replay", *args], capture_output=True, text=True, timeout=timeout)
    proc.seconds = time.monotonic() - start
    return proc


def doc(proc):
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError:
        fail(proc, "stdout is not JSON")


def stats(ident):
    with urllib.request.urlopen(f"{BASE}/stats/{ident}") as r:
        return json.load(r)


def fail(proc, why):
    print(f"FAILED: {why}\nexit {proc.returncode}\n--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}")
    sys.exit(1)


def expect(proc, cond, why):
    if not cond:
        fail(proc, why)


def attempts(proc):
    return doc(proc)["requests"][0]["attempts"]


def case_get_503_then_200():
    p = sonde(f"{BASE}/flaky/{RUN}?fail=1", "--format", "json", *FAST)
    expect(p, p.returncode == 0, "exit 0 after a retried 503")
    a = attempts(p)
    expect(p, [x["status"] for x in a] == [503, 200], "attempts 503 then 200")
    expect(p, a[0]["delay_ms"] > 0 or a[0]["reason"].startswith("503"), "first attempt has a reason")
    expect(p, doc(p)["requests"][0]["idempotency_key"] is None, "no key for GET")


def case_keyed_post_same_key_and_bytes():
    p = sonde("-X", "POST", f"{BASE}/flaky/{RUN}?fail=2", "-d", '{"sku":"a1"}', "--format", "json", *FAST)
    expect(p, p.returncode == 0, "exit 0")
    key = doc(p)["requests"][0]["idempotency_key"]
    s = stats(RUN)
    expect(p, s["requests"] == 3, f"server saw 3 attempts, saw {s['requests']}")
    expect(p, s["keys"] == [key] * 3 and key, "same Idempotency-Key on every attempt")
    expect(p, s["bodies"] == ['{"sku":"a1"}'] * 3, "byte-identical body on every attempt")


def case_post_without_key_not_retried():
    p = sonde("-X", "POST", f"{BASE}/flaky/{RUN}?fail=1", "-d", "x", "--idempotency-key", "none", "--format", "json", *FAST)
    expect(p, p.returncode == 1, "exit 1 (final 503)")
    expect(p, len(attempts(p)) == 1, "one attempt only")
    expect(p, stats(RUN)["requests"] == 1, "server saw one request")
    expect(p, "without Idempotency-Key" in attempts(p)[0]["reason"], "reason names the missing key")


def case_force_retry_post():
    p = sonde("-X", "POST", f"{BASE}/flaky/{RUN}?fail=1", "-d", "x", "--idempotency-key", "none", "--force-retry",
              "--format", "json", *FAST)
    expect(p, p.returncode == 0 and stats(RUN)["requests"] == 2, "--force-retry retries an unkeyed POST")


def case_4xx_not_retried():
    p = sonde(f"{BASE}/flaky/{RUN}?fail=5&status=404", "--format", "json", *FAST)
    expect(p, p.returncode == 1, "exit 1 for a final 404")
    expect(p, len(attempts(p)) == 1 and stats(RUN)["requests"] == 1, "404 not retried")


def case_retry_after_seconds():
    p = sonde(f"{BASE}/throttle/{RUN}?fail=1&after=1", "--format", "json", *FAST)
    a = attempts(p)
    expect(p, p.returncode == 0 and len(a) == 2, "429 then 200")
    expect(p, a[0]["reason"] == "429, Retry-After: 1", "reason names Retry-After")
    expect(p, a[0]["delay_ms"] >= 1000 and a[1]["started_ms"] >= 1000, "waited the server's second")


def case_retry_after_date():
    p = sonde(f"{BASE}/throttle-date/{RUN}?fail=1", "--format", "json", *FAST)
    a = attempts(p)
    expect(p, p.returncode == 0 and len(a) == 2, "503 then 200")
    expect(p, a[0]["reason"].startswith("503, Retry-After: "), "reason names the HTTP-date")
    expect(p, 1500 <= a[0]["delay_ms"] <= 3100, f"waited about 2 s, waited {a[0]['delay_ms']} ms")


def case_deadline_honoured():
    p = sonde(f"{BASE}/throttle/{RUN}?fail=5&after=60", "--deadline", "3", "--format", "json", *FAST)
    a = attempts(p)
    expect(p, p.returncode == 1 and len(a) == 1, "stops after one attempt with the 429 as final response")
    expect(p, "deadline" in a[0]["reason"], "says it stopped for the deadline")
    # Honouring the 60 s Retry-After would take a minute; 10 s leaves room for a loaded ASan run.
    expect(p, p.seconds < 10, f"returned at once, not after the 60 s Retry-After ({p.seconds:.1f} s)")


def case_reset_keyed_post_retried():
    p = sonde("-X", "POST", f"{BASE}/reset/{RUN}?fail=1", "-d", "x", "--format", "json", *FAST)
    a = attempts(p)
    expect(p, p.returncode == 0 and len(a) == 2 and a[0]["error"], "reset then 200")
    s = stats(RUN)
    expect(p, len(set(s["keys"])) == 1 and s["keys"][0], "the same key after a reset")


def case_reset_unkeyed_post_exit_4():
    p = sonde("-X", "POST", f"{BASE}/reset/{RUN}?fail=1", "-d", "x", "--idempotency-key", "none", *FAST)
    expect(p, p.returncode == 4, "exit 4: no response and not safe to retry")
    expect(p, stats(RUN)["requests"] == 1, "not retried")


def case_connection_refused():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    p = sonde("-X", "POST", f"http://127.0.0.1:{port}/x", "-d", "x", "--idempotency-key", "none", "--format", "json", *FAST)
    expect(p, p.returncode == 4, "exit 4")
    a = attempts(p)
    expect(p, len(a) == 3 and all(x["error"] == "connection refused" for x in a), "refused POST is retried: never sent")
    expect(p, doc(p)["requests"][0]["final_status"] is None, "final_status null")


def case_http_file_with_env():
    with tempfile.TemporaryDirectory() as d:
        open(os.path.join(d, "http-client.env.json"), "w").write(json.dumps({"lab": {"base": BASE}}))
        open(os.path.join(d, "http-client.private.env.json"), "w").write(json.dumps({"lab": {"token": "s3cret"}}))
        open(os.path.join(d, "api.http"), "w").write(
            f"### ignored\nGET {{{{base}}}}/status/200\n\n###\n# @name create\nPOST {{{{base}}}}/flaky/{RUN}?fail=1\n"
            "Authorization: Bearer {{token}}\nContent-Type: application/json\n\n{\"id\": \"{{$uuid}}\"}\n")
        p = sonde(os.path.join(d, "api.http"), "--env", "lab", "--name", "create", "--format", "json", *FAST)
    expect(p, p.returncode == 0, "exit 0")
    r = doc(p)["requests"]
    expect(p, len(r) == 1 and r[0]["name"] == "create" and len(r[0]["attempts"]) == 2, "ran only 'create', retried once")
    bodies = stats(RUN)["bodies"]
    expect(p, len(set(bodies)) == 1 and '"id": "' in bodies[0], "{{$uuid}} resolved once, same body each attempt")
    expect(p, "s3cret" not in p.stderr + p.stdout, "secret never printed")


def case_curl_source():
    p = sonde("--curl", f"curl '{BASE}/flaky/{RUN}?fail=1' -H 'X-API-Key: k3y' --data-raw $'a=1\\nb' -sS", "-i", *FAST)
    expect(p, p.returncode == 0 and p.stdout.startswith("HTTP/1.1 200"), "-i prints the status line")
    expect(p, stats(RUN)["bodies"] == ["a=1\nb"] * 2, "$'...' decoded, body identical on both attempts")
    expect(p, "k3y" not in p.stderr, "X-API-Key masked")


def case_curl_compressed_decoded():
    p = sonde("--curl", f"curl --compressed {BASE}/gzip")
    expect(p, p.returncode == 0, "exit 0")
    expect(p, p.stdout == "compressed hello", "--compressed: the gzip body is printed decoded")


def case_curl_cookie_jar_written():
    jar = os.path.join(tempfile.mkdtemp(prefix="sonde-replay-"), "jar.txt")
    p = sonde("--curl", f"curl -c {jar} {BASE}/set-cookie/session/{RUN}")
    expect(p, p.returncode == 0, "exit 0")
    with open(jar) as f:
        text = f.read()
    expect(p, f"\tsession\t{RUN}" in text, "-c: the cookie the server set is in the jar (Netscape format)")


def http_file(requests):
    d = tempfile.mkdtemp(prefix="sonde-replay-")
    path = os.path.join(d, "batch.http")
    with open(path, "w") as f:
        f.write("\n###\n".join(requests) + "\n")
    return path


def case_batch_concurrency_and_rate():
    path = http_file([f"# @name r{i}\nGET {BASE}/flaky/{RUN}?fail=0" for i in range(6)])
    p = sonde(path, "--concurrency", "3", "--rate", "10/s", "--format", "json")
    r = doc(p)["requests"]
    expect(p, p.returncode == 0 and [x["final_status"] for x in r] == [200] * 6, "six 200s in input order")
    expect(p, [x["name"] for x in r] == [f"r{i}" for i in range(6)], "outcomes in input order")
    expect(p, stats(RUN)["requests"] == 6, "six requests sent")
    expect(p, p.seconds >= 0.45, f"10/s spaces six requests over >= 0.5 s (took {p.seconds:.2f} s)")


def case_batch_circuit_breaker():
    path = http_file([f"GET {BASE}/flaky/{RUN}?fail=100" for _ in range(6)])
    p = sonde(path, "--retries", "0", "--breaker", "2", "--format", "json")
    r = doc(p)["requests"]
    expect(p, p.returncode == 4, "exit 4: later requests got no response")
    expect(p, stats(RUN)["requests"] == 2, "the breaker stopped sending after two failures")
    expect(p, "circuit open" in r[2]["attempts"][0]["reason"], "says the circuit is open")


def case_endless_body_bounded():
    # Before --max-body, an endless body grew replay's memory until the attempt timed out.
    p = sonde(f"{BASE}/endless", "--max-body", "4MiB", "--retries", "0", "--attempt-timeout", "20s",
              "--format", "json", timeout=30)
    expect(p, p.returncode == 4, "exit 4: the body passed the limit")
    expect(p, "--max-body" in p.stderr and "4194304" in p.stderr, "names the limit")
    expect(p, p.seconds < 10, f"stopped at the limit, not at the timeout ({p.seconds:.1f} s)")


def case_batch_deadline():
    path = http_file([f"# @name r{i}\nGET {BASE}/flaky/{RUN}?fail=0" for i in range(4)])
    p = sonde(path, "--rate", "2/s", "--batch-deadline", "1.2s", "--format", "json")
    r = doc(p)["requests"]
    expect(p, p.returncode == 4, "exit 4: a request was not sent")
    sent = stats(RUN)["requests"]
    expect(p, sent in (2, 3), f"2/s over 1.2 s sends two or three requests, not four ({sent})")
    expect(p, r[3]["final_status"] is None, "the last one got no response within the batch deadline")
    # The counts above prove the deadline; the clock only proves the run ended (CI under ASan took
    # 2.6 s for this process, start-up included).
    expect(p, p.seconds < 10, f"the batch ended ({p.seconds:.1f} s)")


def probe(mode, want_exit, want_verdict, failing_steps):
    p = sonde("--check-idempotency", "-X", "POST", f"{BASE}/{mode}/orders", "-d", '{"sku":"a1"}',
              "--count-url", f"{BASE}/{mode}/orders/count", "--format", "json", timeout=120)
    d = doc(p)
    expect(p, p.returncode == want_exit, f"exit {want_exit}")
    expect(p, d["verdict"] == want_verdict, f"verdict {want_verdict}")
    got = sorted(s["name"] for s in d["steps"] if s["verdict"] in ("fail", "warn"))
    expect(p, got == sorted(failing_steps), f"failing steps {failing_steps}, got {got}")
    expect(p, all(s["evidence"] for s in d["steps"]), "every step has evidence")


CASES = {
    "get-503-then-200": case_get_503_then_200,
    "keyed-post-same-key-and-bytes": case_keyed_post_same_key_and_bytes,
    "post-without-key-not-retried": case_post_without_key_not_retried,
    "force-retry-post": case_force_retry_post,
    "4xx-not-retried": case_4xx_not_retried,
    "retry-after-seconds": case_retry_after_seconds,
    "retry-after-date": case_retry_after_date,
    "deadline-honoured": case_deadline_honoured,
    "reset-keyed-post-retried": case_reset_keyed_post_retried,
    "reset-unkeyed-post-exit-4": case_reset_unkeyed_post_exit_4,
    "connection-refused": case_connection_refused,
    "http-file-with-env": case_http_file_with_env,
    "curl-source": case_curl_source,
    "curl-compressed-decoded": case_curl_compressed_decoded,
    "curl-cookie-jar-written": case_curl_cookie_jar_written,
    "batch-concurrency-and-rate": case_batch_concurrency_and_rate,
    "batch-circuit-breaker": case_batch_circuit_breaker,
    "endless-body-bounded": case_endless_body_bounded,
    "batch-deadline": case_batch_deadline,
    "probe-correct": lambda: probe("correct", 0, "pass", []),
    "probe-no-store": lambda: probe("no-store", 1, "fail", ["same-key-same-body", "same-key-different-body",
                                                           "concurrent-same-key", "side-effect-count"]),
    "probe-no-lock": lambda: probe("no-lock", 1, "fail", ["concurrent-same-key", "side-effect-count"]),
    "probe-no-fingerprint": lambda: probe("no-fingerprint", 0, "warn", ["same-key-different-body"]),
}

if __name__ == "__main__":
    if CASE == "--list":
        print(";".join(CASES))
        sys.exit(0)
    CASES[CASE]()
    print(f"ok {CASE}")
