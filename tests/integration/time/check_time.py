#!/usr/bin/env python3
"""Integration checks of `sonde time` against the fixture servers (server.sh).
usage: check_time.py SONDE ENV_FILE CASE   (exit 0 pass, 1 fail, 77 skip)"""
import json
import os
import subprocess
import sys
import tempfile

SONDE, ENV_FILE, CASE = sys.argv[1], sys.argv[2], sys.argv[3]
if not os.path.exists(ENV_FILE):
    print(f"SKIP: fixture env {ENV_FILE} is missing (server fixture did not start)")
    sys.exit(77)
ENV = dict(line.strip().split("=", 1) for line in open(ENV_FILE) if "=" in line)
CA = ENV["CA"]


def url(port_name, path, host="localhost", scheme="https"):
    return f"{scheme}://{host}:{ENV[port_name]}{path}"


def sonde(*args, expect=0):
    proc = subprocess.run([SONDE, "time", *args], capture_output=True, text=True, timeout=60)
    if proc.returncode != expect:
        fail(f"exit {proc.returncode}, wanted {expect}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
    return proc


def sonde_json(*args, expect=0):
    return json.loads(sonde(*args, "--format", "json", expect=expect).stdout)


def fail(message):
    print(f"FAIL [{CASE}]: {message}")
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


PHASES = ["dns", "connect", "tls", "send", "wait", "transfer", "total"]


def check_phases(phases, where):
    check(list(phases) == PHASES or list(phases) == ["queue"] + PHASES, f"{where}: phase keys {list(phases)}")
    for name, value in phases.items():
        check(value >= 0, f"{where}: {name} is negative ({value})")
    parts = sum(v for k, v in phases.items() if k != "total")
    check(abs(parts - phases["total"]) <= 0.01, f"{where}: phases sum to {parts}, total {phases['total']}")


def case_phases():
    doc = sonde_json("--cacert", CA, url("HTTPS_PORT", "/json"))
    check(doc["url"] == url("HTTPS_PORT", "/json"), "url echoed")
    run = doc["runs"][0]
    check_phases(run["phases"], "run")
    p = run["phases"]
    check(p["connect"] > 0 and p["tls"] > 0 and p["wait"] > 0, f"connect/tls/wait measured: {p}")
    check(run["status"] == 200 and run["http_version"] == "2", f"status/version {run['status']} {run['http_version']}")
    check(run["reused"] is False, "first run is a new connection")
    check(run["remote"] == f"127.0.0.1:{ENV['HTTPS_PORT']}", f"remote {run['remote']}")
    hop = run["hops"][0]
    check(hop["dns"]["source"] == "c-ares" and "127.0.0.1" in hop["dns"]["ipv4"], f"dns {hop['dns']}")
    tls = run["tls"]
    check(tls["version"] == "TLSv1.3" and tls["alpn"] == "h2" and tls["cipher"], f"tls {tls}")
    leaf = tls["certs"][0]
    check("time.sonde.test" in leaf["subject"] and "sonde test CA" in leaf["issuer"], f"leaf {leaf}")
    check(leaf["days_left"] in (19, 20), f"days_left {leaf['days_left']}")
    check("DNS:localhost" in leaf["sans"], f"sans {leaf['sans']}")
    check(set(doc["summary"]["total"]) >= {"min", "p50", "p90", "p99", "max", "stddev"}, "summary stats")


def case_tls12():
    run = sonde_json("--cacert", CA, url("TLS12_PORT", "/json"))["runs"][0]
    check(run["tls"]["version"] == "TLSv1.2" and run["http_version"] == "1.1", f"tls12 {run['tls']}")
    check(run["phases"]["tls"] > 0, "TLS 1.2 handshake timed")


def case_redirects():
    run = sonde_json("--cacert", CA, url("HTTPS_PORT", "/redirect2"))["runs"][0]
    statuses = [h["status"] for h in run["hops"]]
    check(statuses == [301, 302, 200], f"hop statuses {statuses}")
    check([h["reused"] for h in run["hops"]] == [False, True, True], "later hops reuse the connection")
    check(run["hops"][1]["phases"]["tls"] == 0 and run["hops"][0]["phases"]["tls"] > 0, "TLS only on the first hop")
    total = sum(h["phases"]["total"] for h in run["hops"])
    check(abs(total - run["phases"]["total"]) <= 0.01, f"run total {run['phases']['total']} vs hops {total}")
    for i, hop in enumerate(run["hops"]):
        check_phases(hop["phases"], f"hop {i}")
    only = sonde_json("--cacert", CA, "--max-redirs", "0", url("HTTPS_PORT", "/redirect2"))["runs"][0]
    check(len(only["hops"]) == 1 and only["status"] == 301, "--max-redirs 0 times the redirect itself")


def case_cross_scheme_redirect():
    run = sonde_json("--cacert", CA, url("HTTP_PORT", "/redirect/https", scheme="http"))["runs"][0]
    check(len(run["hops"]) == 2, f"{len(run['hops'])} hops")
    first, second = run["hops"]
    check(first["tls"] is None and first["phases"]["tls"] == 0, "plain first hop")
    check(second["tls"]["version"] and second["phases"]["tls"] > 0 and second["phases"]["connect"] > 0,
          "second hop has its own connect and handshake")
    check(second["reused"] is False, "new connection for the new port")


def case_redirect_credentials():
    creds = ["-H", "Authorization: Bearer s3cret", "-H", "Cookie: sid=abc", "-H", "X-Api-Key: k9",
             "-H", "Proxy-Authorization: Basic cHJveHk6cA=="]
    base = f"http://127.0.0.1:{ENV['HTTP_PORT']}"

    def final(path, *extra):
        run = sonde_json(*creds, *extra, base + path)["runs"][0]
        return run["hops"][-1]

    # Same origin: the credentials go along (the endpoint answers 401 for Authorization).
    check(final("/redirect/same-origin")["status"] == 401, "same-origin redirect keeps Authorization")
    # Another host, another port, and a 307 POST: none of them arrives, and the hop says so.
    for path, extra in (("/redirect/other-host", ()), ("/redirect/other-port", ()),
                        ("/redirect/other-host-307", ("-X", "POST", "-d", "{}"))):
        hop = final(path, *extra)
        check(hop["status"] == 200, f"{path}: credentials reached the other origin (status {hop['status']})")
        check(hop.get("credentials_withheld") == ["Authorization", "Cookie", "X-Api-Key", "Proxy-Authorization"],
              f"{path}: withheld {hop.get('credentials_withheld')}")
    check(final("/redirect/other-host-307", "-X", "POST", "-d", "{}")["method"] == "POST", "307 keeps POST")
    # The text output names what was withheld; --location-trusted sends them on.
    text = sonde(*creds, base + "/redirect/other-host").stdout
    check("not sent to this origin: Authorization, Cookie, X-Api-Key, Proxy-Authorization" in text, text)
    check(final("/redirect/other-host", "--location-trusted")["status"] == 401, "--location-trusted forwards them")
    # The concurrent runner follows the same policy.
    doc = sonde_json(*creds, "--concurrency", "2", "-n", "2", base + "/redirect/other-port")
    check(all(r["hops"][-1]["status"] == 200 for r in doc["runs"]), "concurrent runs withhold credentials too")
    # Credentials never show in the output either.
    out = sonde(*creds, "-v", base + "/redirect/same-origin").stderr
    check("s3cret" not in out and "sid=abc" not in out and "k9" not in out, out)


def case_redirect_loop_deadline():
    import time as clock
    start = clock.monotonic()
    proc = sonde("--max-redirs", "1000000", "--timeout", "1s",
                 f"http://127.0.0.1:{ENV['HTTP_PORT']}/loop", expect=4)
    elapsed = clock.monotonic() - start
    check(elapsed < 10, f"a redirect loop ran {elapsed:.1f} s past a 1 s --timeout")
    # Either the budget ran out between hops or the last hop's share of it ran out in libcurl.
    check("redirects followed" in proc.stderr or "timed out" in proc.stderr, proc.stderr)


def case_delay():
    p = sonde_json("--cacert", CA, url("HTTPS_PORT", "/delay/200"))["runs"][0]["phases"]
    # The delay lands in wait, not in transfer; the upper bounds leave room for a loaded CI machine.
    check(200 <= p["wait"] < 450, f"wait {p['wait']} for a 200 ms delay")
    check(p["transfer"] < 150, f"transfer {p['transfer']}")


def case_gate():
    with tempfile.TemporaryDirectory() as tmp:
        junit = os.path.join(tmp, "time.xml")
        proc = sonde("--cacert", CA, "--max", "total=5s,wait=50ms", "--report-junit", junit,
                     url("HTTPS_PORT", "/delay/150"), expect=1)
        check("FAIL p50:wait" in proc.stdout and "PASS p50:total" in proc.stdout, proc.stdout)
        xml = open(junit).read()
        check(xml.count("<testcase") == 2 and xml.count("<failure") == 1, xml)
    sonde("--cacert", CA, "--max", "p99:total=5s", url("HTTPS_PORT", "/json"), expect=0)
    proc = sonde("--cacert", CA, "--min-cert-days", "30", url("HTTPS_PORT", "/json"), expect=1)
    check("cert-days>=30" in proc.stdout, proc.stdout)
    sonde("--cacert", CA, "--min-cert-days", "14", url("HTTPS_PORT", "/json"), expect=0)
    proc = sonde("--max", "ttfb=5ms", url("HTTPS_PORT", "/json"), expect=2)
    check("ttfb" in proc.stderr, proc.stderr)


def case_tls_failures():
    proc = sonde("--cacert", CA, url("EXPIRED_PORT", "/json"), expect=4)
    check("expired" in proc.stderr, proc.stderr)
    proc = sonde("--cacert", CA, url("SELF_PORT", "/json"), expect=4)
    check("self-signed" in proc.stderr, proc.stderr)
    proc = sonde("--cacert", CA, "--resolve", f"wrong.sonde.invalid:{ENV['HTTPS_PORT']}:127.0.0.1",
                 url("HTTPS_PORT", "/json", host="wrong.sonde.invalid"), expect=4)
    check("does not match the host name" in proc.stderr, proc.stderr)
    proc = sonde(url("HTTPS_PORT", "/json"), expect=4)
    check("unknown CA" in proc.stderr, proc.stderr)
    proc = sonde("--insecure", url("SELF_PORT", "/json"), expect=0)
    check("WARNING" in proc.stderr and "insecure" in proc.stderr, proc.stderr)


def case_warm():
    doc = sonde_json("--cacert", CA, "-n", "5", "--warm", url("HTTPS_PORT", "/json"))
    runs = doc["runs"]
    check([r["reused"] for r in runs] == [False, True, True, True, True], "warm runs reuse the first connection")
    check(all(r["phases"]["connect"] == 0 and r["phases"]["tls"] == 0 for r in runs[1:]), "no handshake when warm")
    check(doc["summary_cold"]["total"]["count"] == 1 and doc["summary_warm"]["total"]["count"] == 4, "cold/warm")
    cold = sonde_json("--cacert", CA, "-n", "3", url("HTTPS_PORT", "/json"))["runs"]
    check(all(not r["reused"] and r["phases"]["tls"] > 0 for r in cold), "cold runs make new connections")


def case_concurrency_h2():
    doc = sonde_json("--cacert", CA, "-n", "8", "--concurrency", "4", url("HTTPS_PORT", "/delay/100"))
    runs = doc["runs"]
    check(len(runs) == 8 and all(r["http_version"] == "2" for r in runs), "8 HTTP/2 runs")
    check(sum(1 for r in runs if not r["reused"]) == 1, "one multiplexed connection")
    for i, r in enumerate(runs):
        check_phases(r["phases"], f"run {i}")
    check(any(r["phases"]["queue"] > 0 for r in runs[1:]), "requests that waited for the connection show queue time")
    check("queue" in doc["summary"], "queue summarised")


def case_concurrency_h1():
    doc = sonde_json("-n", "6", "--concurrency", "2", "--http1.1", url("HTTP_PORT", "/delay/100", scheme="http"))
    runs = doc["runs"]
    check(sum(1 for r in runs if not r["reused"]) == 2, f"two connections: {[r['reused'] for r in runs]}")
    # sonde keeps exactly C requests in flight over C connections, so nothing waits for one; a
    # wait would last a whole 100 ms response, scheduling noise on a busy machine stays far below.
    queued = [r["phases"]["queue"] for r in runs]
    check(all(q < 50 for q in queued), f"no request waits for a connection: {queued}")
    check(all(r["http_version"] == "1.1" for r in runs), "HTTP/1.1 throughout")


def case_concurrency_redirects():
    # Concurrent runs follow redirects like sequential ones: every run has all three hops, and the
    # one lookup of localhost is charged once, to the first hop that made it.
    doc = sonde_json("--cacert", CA, "-n", "6", "--concurrency", "3", url("HTTPS_PORT", "/redirect2"))
    runs = doc["runs"]
    check(len(runs) == 6, f"{len(runs)} runs")
    for i, r in enumerate(runs):
        statuses = [h["status"] for h in r["hops"]]
        check(statuses == [301, 302, 200], f"run {i}: hop statuses {statuses}")
        total = sum(h["phases"]["total"] for h in r["hops"])
        check(abs(total - r["phases"]["total"]) <= 0.01, f"run {i}: total {r['phases']['total']} vs hops {total}")
        for k, hop in enumerate(r["hops"]):
            check_phases(hop["phases"], f"run {i} hop {k}")
    sources = [h["dns"]["source"] for r in runs for h in r["hops"]]
    check(sources.count("c-ares") <= 1 and sources.count("cached") >= len(sources) - 1, f"dns sources {sources}")
    only = sonde_json("--cacert", CA, "-n", "2", "--concurrency", "2", "--max-redirs", "0", url("HTTPS_PORT", "/redirect2"))
    check(all(len(r["hops"]) == 1 and r["status"] == 301 for r in only["runs"]), "--max-redirs 0 stops at the redirect")


def case_resolve_and_print_curl():
    pin = f"time.sonde.test:{ENV['HTTPS_PORT']}:127.0.0.1"
    target = url("HTTPS_PORT", "/json", host="time.sonde.test")
    run = sonde_json("--cacert", CA, "--resolve", pin, target)["runs"][0]
    check(run["hops"][0]["dns"]["source"] == "--resolve" and run["status"] == 200, f"{run['hops'][0]['dns']}")
    cmd = sonde("--cacert", CA, "--resolve", pin, "-H", "X-Test: a b", "--print-curl", target).stdout.strip()
    check(cmd.startswith("curl ") and "'X-Test: a b'" in cmd, cmd)
    out = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=30)
    check(out.returncode == 0 and "status=200" in out.stdout, f"printed curl command ran: {out.stdout} {out.stderr}")


def case_post_body():
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        f.write('{"a":1}')
    try:
        run = sonde_json("-d", "@" + f.name, "--cacert", CA, url("HTTPS_PORT", "/redirect2"))["runs"][0]
        check([h["method"] for h in run["hops"]] == ["POST", "GET", "GET"], f"{[h['method'] for h in run['hops']]}")
    finally:
        os.unlink(f.name)
    proc = sonde("-d", "@/nonexistent/body.json", url("HTTPS_PORT", "/json"), expect=3)
    check("/nonexistent/body.json" in proc.stderr, proc.stderr)


def case_mtls():
    run = sonde_json("--cacert", CA, url("MTLS_PORT", "/whoami"))["runs"][0]
    check(run["status"] == 401, f"no client certificate: status {run['status']}")
    run = sonde_json("--cacert", CA, "--cert", ENV["CLIENT_CERT"], "--key", ENV["CLIENT_KEY"],
                     url("MTLS_PORT", "/whoami"))["runs"][0]
    check(run["status"] == 200, f"with the client certificate: status {run['status']}")
    proc = sonde("--cacert", CA, "--cert", "/nonexistent.pem", url("MTLS_PORT", "/whoami"), expect=4)
    check("client certificate" in proc.stderr, proc.stderr)


def case_proxy_and_connect_to():
    # nginx answers an absolute-URI request line as a plain request: enough for a forward proxy.
    run = sonde_json("--proxy", f"http://127.0.0.1:{ENV['HTTP_PORT']}", "http://time.sonde.test/json")["runs"][0]
    check(run["status"] == 200 and run["hops"][0]["dns"]["source"] == "proxy", f"{run['status']} {run['hops'][0]['dns']}")
    check(run["remote"] == f"127.0.0.1:{ENV['HTTP_PORT']}", f"remote is the proxy: {run['remote']}")
    run = sonde_json("--cacert", CA, "--connect-to", f"time.sonde.test:443:127.0.0.1:{ENV['HTTPS_PORT']}",
                     "https://time.sonde.test/json")["runs"][0]
    check(run["status"] == 200 and run["hops"][0]["dns"]["source"] == "connect-to", f"{run['hops'][0]['dns']}")


def case_timeout():
    proc = sonde("--cacert", CA, "--timeout", "300ms", url("HTTPS_PORT", "/delay/3000"), expect=4)
    check("timed out" in proc.stderr, proc.stderr)


def case_ipv6():
    if ENV.get("HAS_IPV6") != "1":
        print("SKIP: the loopback has no ::1, so there is nothing to reach over IPv6")
        sys.exit(77)
    run = sonde_json(f"http://[::1]:{ENV['HTTP_PORT']}/json")["runs"][0]
    check(run["status"] == 200 and run["remote"] == f"[::1]:{ENV['HTTP_PORT']}", run["remote"])
    check(run["hops"][0]["dns"]["source"] == "ip-literal", f"{run['hops'][0]['dns']}")
    # c-ares answers ::1 for localhost (RFC 6761) when asked for IPv6 only.
    run = sonde_json("-6", url("HTTP_PORT", "/json", scheme="http"))["runs"][0]
    check(run["remote"] == f"[::1]:{ENV['HTTP_PORT']}" and run["hops"][0]["dns"]["ipv6"] == ["::1"], run["remote"])
    run = sonde_json("-4", url("HTTP_PORT", "/json", scheme="http"))["runs"][0]
    check(run["remote"] == f"127.0.0.1:{ENV['HTTP_PORT']}" and run["hops"][0]["dns"]["ipv6"] == [], run["remote"])
    # Both families offered, IPv6 first but nothing listens there on this port: the race shows both
    # attempts and IPv4 winning.
    port = ENV["HTTPS_PORT"]
    run = sonde_json("--cacert", CA, "--resolve", f"time.sonde.test:{port}:[::1],127.0.0.1",
                     f"https://time.sonde.test:{port}/json")["runs"][0]
    attempts = run["hops"][0]["connect_attempts"]
    check(attempts == [f"[::1]:{port}", f"127.0.0.1:{port}"] and run["remote"] == f"127.0.0.1:{port}",
          f"attempts {attempts}, remote {run['remote']}")


def case_load_https():
    # Keep-alive over TLS: four connections, one handshake each (until nginx recycles one).
    doc = sonde_json("--cacert", CA, "--http1.1", "--duration", "2s", "--connections", "4", url("HTTPS_PORT", "/json"))
    n = doc["completed"]
    check(n > 40 and doc["statuses"] == {"2xx": n} and doc["errors"] == {}, f"answered: {doc['statuses']} {doc['errors']}")
    check(doc["versions"] == {"1.1": n}, f"HTTP/1.1: {doc['versions']}")
    # nginx closes a connection after 10,000 requests (keepalive_requests): then one more each.
    check(1 <= doc["connections_opened"] <= 4 * (n // 10000 + 1), f"connections reused: {doc['connections_opened']} opened for {n}")
    tls = doc["phases"]["tls"]
    check(tls["count"] == n and tls["max_ms"] > 0, f"the handshakes are in the tls phase: {tls}")
    check(tls["p50_ms"] == 0, f"most requests had no handshake of their own: {tls}")


def case_load_h2_streams():
    # Eight streams on one HTTP/2 connection: one connection opened, every answer over HTTP/2,
    # and the 100 ms answers overlap (about 8 in flight, so well over 10 requests/s).
    doc = sonde_json("--cacert", CA, "--http2", "--duration", "3s", "--connections", "1", "--streams", "8",
                     url("HTTPS_PORT", "/delay/100"))
    n = doc["completed"]
    check(doc["versions"] == {"2": n} and doc["statuses"] == {"2xx": n}, f"{doc['versions']} {doc['statuses']}")
    check(doc["connections_opened"] == 1, f"one connection: {doc['connections_opened']}")
    check(doc["rps"] > 40, f"streams overlap: {doc['rps']} requests/s")
    sonde("--duration", "1s", "--streams", "4", url("HTTPS_PORT", "/json"), expect=2)  # needs --http2


CASES = {name[len("case_"):]: fn for name, fn in globals().items() if name.startswith("case_")}
if CASE not in CASES:
    fail(f"unknown case; known: {', '.join(CASES)}")
CASES[CASE]()
print(f"PASS [{CASE}]")
