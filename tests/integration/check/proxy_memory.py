#!/usr/bin/env python3
"""sonde check --proxy keeps its memory flat however much traffic passes.

usage: proxy_memory.py SONDE GOOD_STATE_DIR SPEC [--sanitized]
Each exchange's result goes to a scratch file, not to memory, until the reports are written at
exit. 500 exchanges warm the proxy up, then 4,000 more each leave a result of over 4 KB (a long
request URL, which results record): the proxy's resident memory must grow by less than 3 MB
where holding them would take over 16 MB, and the reports written on SIGTERM must still hold
every one. The scratch file, read through /proc while the proxy runs, must not hold the
credential in the URLs (api_key=…), which every report masks. Under AddressSanitizer freed memory is quarantined, so resident size says nothing:
the test skips there (exit 77).
"""
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

SONDE, GOOD, SPEC = sys.argv[1:4]
if "--sanitized" in sys.argv[4:]:
    print("skip: under AddressSanitizer resident memory includes the quarantine of freed blocks")
    sys.exit(77)

upstream = "http://127.0.0.1:" + open(os.path.join(GOOD, "port")).read().strip()
work = tempfile.mkdtemp()
out, err = open(os.path.join(work, "out"), "w+"), open(os.path.join(work, "err"), "w+")
proc = subprocess.Popen([SONDE, "check", "--quiet", "--color", "never", "--spec", SPEC, "--proxy", "127.0.0.1:0",
                         "--upstream", upstream, "--report-json", os.path.join(work, "report.json"),
                         "--report-junit", os.path.join(work, "report.xml")], stdout=out, stderr=err)
try:
    for _ in range(200):
        out.seek(0)
        first = out.readline()
        if first.startswith("proxying "):
            break
        time.sleep(0.05)
    else:
        sys.exit("FAIL: the proxy did not start: " + open(os.path.join(work, "err")).read())
    host, port = first.split()[1][len("http://"):].split(":")

    def resident_kib():
        for line in open(f"/proc/{proc.pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    # Undocumented query parameters: no violation, a long URL, and a credential to be masked.
    secret = "hunter2-sonde-secret"
    long_query = f"api_key={secret}&trace=" + "x" * 4096

    def send(count):
        conns = [http.client.HTTPConnection(host, int(port), timeout=10) for _ in range(4)]
        for i in range(count):
            c = conns[i % len(conns)]
            c.request("GET", f"/v1/pets/{i % 50 + 1}?{long_query}")
            r = c.getresponse()
            r.read()
            if r.status != 200:
                sys.exit(f"FAIL: exchange {i} answered {r.status}")
        for c in conns:
            c.close()

    send(500)
    before = resident_kib()
    send(4000)
    after = resident_kib()
    # Every file the proxy holds open that has no name any more (the scratch file): its bytes.
    scratch = b""
    for fd in os.listdir(f"/proc/{proc.pid}/fd"):
        try:
            target = os.readlink(f"/proc/{proc.pid}/fd/{fd}")
            if target.endswith("(deleted)") or "#" in target:
                scratch += open(f"/proc/{proc.pid}/fd/{fd}", "rb").read()
        except OSError:
            pass
    proc.send_signal(signal.SIGTERM)
    code = proc.wait(timeout=60)
finally:
    if proc.poll() is None:
        proc.kill()

failures = []
grew = (after - before) / 1024


def check(what, ok, detail=""):
    print(("ok: " if ok else "FAIL: ") + what + ("" if ok else f" ({detail})"))
    if not ok:
        failures.append(what)


check(f"resident memory grew by {grew:.1f} MB over 4,000 exchanges of 4 KB results (< 3 MB)", grew < 3,
      f"{before} KiB -> {after} KiB")
check("the scratch file holds the results, and no credential from their URLs",
      len(scratch) > 4000 * 4096 and secret.encode() not in scratch and b"api_key=***" in scratch,
      f"{len(scratch)} bytes, secret {'found' if secret.encode() in scratch else 'absent'}")
check("the proxy exits 0", code == 0, f"exit {code}: {open(os.path.join(work, 'err')).read()[-400:]}")
report = json.load(open(os.path.join(work, "report.json")))
results = report["results"]
check("the JSON report holds all 4,500 results, in order, URLs whole",
      len(results) == 4500 and report["summary"]["passed"] == 4500 and
      all(r["request"]["url"].endswith("&trace=" + "x" * 4096) and secret not in r["request"]["url"] for r in results) and
      [r["request"]["url"].split("?")[0] for r in results[:3]] == ["/v1/pets/1", "/v1/pets/2", "/v1/pets/3"],
      f"{len(results)} results, summary {report['summary']}")
xml = open(os.path.join(work, "report.xml")).read()
check("the JUnit report counts them and has a case each",
      '<testsuites name="sonde" tests="4500" failures="0" errors="0" skipped="0"' in xml and xml.count("<testcase ") == 4500,
      xml[:300])
print("all checks passed" if not failures else f"{len(failures)} check(s) failed")
sys.exit(1 if failures else 0)
