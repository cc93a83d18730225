#!/usr/bin/env python3
"""`sonde check --generate` against target.py (a server written here, on loopback).

  run_generate.py SONDE STATE_ROOT CASE

CASE:
  planted      the buggy twin: each of the nine planted bugs is found by its check id, on its
               operation, with a minimal reproduction; every reproduction written by
               --report-cases fails under `sonde test --spec` against the buggy twin and passes
               against the correct one.
  correct      the correct twin: no finding at all, for seeds 1..20, every phase.
  deterministic the same seed gives the same plan and the same findings; 2 workers find the same.
  auth-login   --auth-login instead of -H on the correct twin: a token lasts 5 requests, so
               the run must log in again on 401 and still finds nothing.
STATE_ROOT holds buggy/port and correct/port (target.py start)."""
import json
import os
import subprocess
import sys
import tempfile

SONDE, STATE, CASE = sys.argv[1], sys.argv[2], sys.argv[3]
HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = os.path.join(HERE, "api.yaml")
AUTH = "Authorization: Bearer t0k"

PLANTED = {
    ("not-a-server-error", "GET /items"),
    ("response-schema-conformance", "GET /shapes"),
    ("negative-data-rejection", "POST /items"),
    ("ignored-auth", "GET /secret"),
    ("use-after-free", "GET /items/{itemId}"),
    ("content-type-conformance", "GET /items/{itemId}"),
    ("response-headers-conformance", "GET /items"),
    ("max-response-time", "GET /report"),
    ("idempotency-key-honoured", "POST /payments"),
}

failures = []


def expect(what, ok, detail=""):
    print(f"{'ok  ' if ok else 'FAIL'} {what}" + ("" if ok else f": {detail}"))
    if not ok:
        failures.append(what)


def base(mode):
    with open(os.path.join(STATE, mode, "port")) as f:
        return f"http://127.0.0.1:{f.read().strip()}"


def generate(mode, *args, expect_exit=None, auth=("-H", AUTH)):
    # Only the buggy twin is timed (its planted 1.5 s endpoint): a loaded CI machine must not turn
    # a slow moment of the correct twin into a finding.
    timed = ["--max-response-time", "1s"] if mode == "buggy" else []
    cmd = [SONDE, "check", "--spec", SPEC, "--base-url", base(mode), "--generate", "--include-unsafe",
           *auth, *timed, "--format", "json", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if expect_exit is not None and proc.returncode != expect_exit:
        expect(f"exit {expect_exit} for {' '.join(args)}", False, f"got {proc.returncode}: {proc.stderr[-2000:]}")
    if expect_exit not in (None, 0, 1) and not proc.stdout.strip():
        return {}, proc  # an error: nothing on stdout, the message on stderr
    try:
        return json.loads(proc.stdout), proc
    except ValueError:
        expect("JSON output", False, proc.stdout[-500:] + proc.stderr[-2000:])
        sys.exit(1)


def pairs(out):
    return {(f["check"], f["operation"]) for f in out["findings"]}


def case_planted():
    with tempfile.TemporaryDirectory() as cases:
        out, proc = generate("buggy", "--seed", "1", "--report-cases", cases, expect_exit=1)
        found = pairs(out)
        for pair in sorted(PLANTED):
            expect(f"found {pair[0]} on {pair[1]}", pair in found, sorted(found))
        extra = found - PLANTED
        expect("nothing else found", not extra, sorted(extra))
        by = {(f["check"], f["operation"]): f for f in out["findings"]}
        boundary = by.get(("not-a-server-error", "GET /items"), {})
        expect("the 500 is pinned to the maximum", "limit = 100 (maximum)" in boundary.get("case", ""), boundary)
        negative = by.get(("negative-data-rejection", "POST /items"), {})
        expect("the accepted invalid body is the one without price", "without required price" in negative.get("case", ""), negative)
        for f in out["findings"]:
            r = f["reproduction"]
            expect(f"{f['check']}: a curl line", r["curl"].startswith("curl ") and base("buggy") in r["curl"], r["curl"])
            expect(f"{f['check']}: credentials masked", "t0k" not in r["curl"] and "t0k" not in r["hurl"], r)
        files = sorted(os.listdir(cases))
        expect("one case file per finding", len(files) == len(out["findings"]), files)
        # The reproductions are regression tests: red against the bug, green against the fix.
        for name in files:
            path = os.path.join(cases, name)
            text = open(path).read()
            for mode, want in (("buggy", 1), ("correct", 0)):
                retargeted = text.replace(base("buggy"), base(mode))
                with open(path, "w") as f:
                    f.write(retargeted)
                run = subprocess.run([SONDE, "test", "--spec", SPEC, "--variable", "authorization=Bearer t0k", path],
                                     capture_output=True, text=True, timeout=120)
                expect(f"{name} against the {mode} twin: exit {want}", run.returncode == want,
                       f"exit {run.returncode}\n{retargeted}\n{run.stdout[-1500:]}{run.stderr[-500:]}")
            with open(path, "w") as f:
                f.write(text)


def case_correct():
    out, proc = generate("correct", "--seed", "1", expect_exit=0)
    expect("seed 1, every phase: no finding", not out["findings"], out["findings"][:3])
    expect("seed 1: cases were sent", out["summary"]["requests"] > 100, out["summary"])
    expect("seed 1: no request failed", not out["errors"], out["errors"][:3])
    for seed in range(2, 21):
        out, proc = generate("correct", "--seed", str(seed), "--max-examples", "20", expect_exit=0)
        expect(f"seed {seed}, every phase: no finding", not out["findings"], out["findings"][:3])


def case_deterministic():
    plan_a, _ = generate("correct", "--seed", "7", "--dry-run", expect_exit=0)
    plan_b, _ = generate("correct", "--seed", "7", "--dry-run", expect_exit=0)
    expect("the same seed plans the same cases", plan_a == plan_b, (plan_a["plan"], plan_b["plan"]))
    a, _ = generate("buggy", "--seed", "3", "--phases", "examples,coverage,fuzzing", expect_exit=1)
    b, _ = generate("buggy", "--seed", "3", "--phases", "examples,coverage,fuzzing", expect_exit=1)
    # The cases as generated (before shrinking, whose steps depend on what the server stores).
    keep = lambda out: [(f["check"], f["operation"], f.get("generated_case", f["case"])) for f in out["findings"]]
    expect("the same seed finds the same, in the same order", keep(a) == keep(b), (keep(a), keep(b)))
    expect("... and sends the same number of cases", a["summary"]["cases"] == b["summary"]["cases"], (a["summary"], b["summary"]))
    c, _ = generate("buggy", "--seed", "3", "--phases", "examples,coverage,fuzzing", "--workers", "2", expect_exit=1)
    expect("2 workers find the same", pairs(c) == pairs(a), (sorted(pairs(a)), sorted(pairs(c))))


def case_auth_login():
    import urllib.request
    stats = lambda: json.load(urllib.request.urlopen(base("correct") + "/stats", timeout=10))
    before = stats()
    with tempfile.NamedTemporaryFile("w", suffix=".json") as creds:
        creds.write('{"user": "ada", "password": "s3cret"}')
        creds.flush()
        out, proc = generate("correct", "--seed", "5", "--max-examples", "30", expect_exit=0,
                             auth=("--auth-login", f"POST /login body=@{creds.name} token=$.access_token"))
    after = stats()
    expect("no finding with --auth-login", not out["findings"], out["findings"][:3])
    expect("logged in again when a token ran out", out["summary"]["logins"] >= 2, out["summary"])
    # Its token was used up long before the run reached /secret: a read needed a new login.
    reads = after["secret_reads"] - before["secret_reads"]
    expect("/secret was read with a refreshed token", reads >= 1, reads)
    bad, proc = generate("correct", expect_exit=4, auth=("--auth-login", "POST /login body={\"user\":\"\"} token=$.access_token"))
    expect("a refused login is a runtime error naming it", "--auth-login: the login answered 422" in proc.stderr, proc.stderr)


{"planted": case_planted, "auth-login": case_auth_login, "correct": case_correct, "deterministic": case_deterministic}[CASE]()
print(f"{len(failures)} failed" if failures else "all passed")
sys.exit(1 if failures else 0)
