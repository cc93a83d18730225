#!/usr/bin/env python3
"""Fidelity of `sonde replay --curl` against real curl, on curlconverter's own test commands.

Each of curlconverter's curl command fixtures (test/fixtures/curl_commands/*.sh) is run twice in
a scratch folder: once through bash and the real curl, once as text through
`sonde replay --idempotency-key none --curl`, each against its own loopback echo server
(tests/integration/sources/echo_server.py). The requests that arrive are compared per field:
method, URL (request target), headers (names case-insensitive, in order, User-Agent's value and
multipart boundaries not compared) and body bytes. A fixture is equivalent when both tools sent
the same requests, or both sent none (curl refused it and so did sonde). Target: >= 104 of 108.

Where the fixtures come from: curlconverter's npm package does not publish its tests, so the
package is installed (to know the version) and the fixtures are read from a clone of
github.com/curlconverter/curlconverter: $CURLCONVERTER_REPO (a checkout or a git directory), else
the mirror at /work/.mirror/curlconverter+curlconverter/repo, else a clone made in the scratch folder. Nothing is copied into sonde's tree;
everything goes to $SONDE_BENCH_DIR (default $XDG_CACHE_HOME/sonde-bench, else /tmp/sonde-bench).

Runs inside a fresh network namespace (unshare -rn, loopback only) when it can, so neither tool
can reach anything but the echo servers; hosts in the fixtures (localhost:28139, httpbin.org, the
proxies) are rewritten to the echo server.

usage: bench/sources/curl.py [--sonde build/release/sonde] [--json FILE] [--verbose] [--only NAME] [--rev REV]
"""
import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration", "sources"))
from echo_server import EchoServer  # noqa: E402

TARGET = 104
SCRATCH = os.path.join(os.environ.get("SONDE_BENCH_DIR") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or "/tmp", "sonde-bench"), "curl")
MIRROR = "/work/.mirror/curlconverter+curlconverter/repo"
FIXTURES = "test/fixtures/curl_commands"
FIELDS = ("method", "url", "headers", "body")
REV = None


def in_namespace():
    """Re-executes this script in a user + network namespace with only loopback, when possible
    (after the npm install and the fixture read, which need the outside world)."""
    if os.environ.get("SONDE_BENCH_NETNS") or not shutil.which("unshare"):
        return
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True)
    if probe.returncode != 0:
        print("note: no network namespace (unshare -rn failed); hosts are rewritten to loopback only",
              file=sys.stderr)
        return
    env = dict(os.environ, SONDE_BENCH_NETNS="1")
    script = "ip link set lo up 2>/dev/null || true; exec \"$@\""
    os.execvpe("unshare", ["unshare", "-rn", "sh", "-c", script, "sh", sys.executable] + sys.argv, env)


def install_curlconverter():
    """npm install curlconverter into the scratch folder; returns its version."""
    prefix = os.path.join(SCRATCH, "npm")
    package = os.path.join(prefix, "node_modules", "curlconverter", "package.json")
    if not os.path.exists(package):
        os.makedirs(prefix, exist_ok=True)
        run = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", prefix, "curlconverter"],
                             capture_output=True, text=True)
        if run.returncode != 0:
            print("note: npm install curlconverter failed (offline?); using the clone's fixtures as they are:\n"
                  + run.stderr[-500:], file=sys.stderr)
            return None
    with open(package) as f:
        return json.load(f)["version"]


def read_fixtures(version):
    """{name: text} of curlconverter's curl command fixtures at REV (default: the clone's HEAD)."""
    repo = os.environ.get("CURLCONVERTER_REPO") or (MIRROR if os.path.exists(MIRROR) else os.path.join(SCRATCH, "repo"))
    if not os.path.exists(repo):
        # Its fixtures are not in the npm package: clone it into the scratch folder, like npm installs.
        print(f"cloning github.com/curlconverter/curlconverter into {repo}", file=sys.stderr)
        subprocess.run(["git", "clone", "--quiet", "https://github.com/curlconverter/curlconverter.git", repo], check=False)
    if not os.path.exists(repo):
        sys.exit("curlconverter's fixtures are not in its npm package and the clone failed; clone "
                 "github.com/curlconverter/curlconverter and set CURLCONVERTER_REPO to it")
    git = ["git", "--git-dir", repo] if not os.path.exists(os.path.join(repo, ".git")) else ["git", "-C", repo]
    # The newest fixtures (108 when issue 13 was measured; the v4.12.0 tag has 107); --rev picks another.
    rev = REV or "HEAD"
    if rev == "npm" and version:
        rev = f"v{version}"
    names = subprocess.run(git + ["ls-tree", "--name-only", f"{rev}:{FIXTURES}"], capture_output=True, text=True,
                           check=True).stdout.split()
    fixtures = {}
    dest = os.path.join(SCRATCH, "fixtures")
    os.makedirs(dest, exist_ok=True)
    for name in sorted(n for n in names if n.endswith(".sh")):
        text = subprocess.run(git + ["show", f"{rev}:{FIXTURES}/{name}"], capture_output=True, text=True,
                              check=True).stdout
        with open(os.path.join(dest, name), "w") as f:
            f.write(text)
        fixtures[name[:-3]] = text
    return rev, fixtures


PATH_ARG = re.compile(r"""(?:^|\s)(?:-T|--upload-file|-b|--cookie|-c|--cookie-jar|<)\s*['"]?([^\s'"<>|;&$`]+)""")
AT_FILE = re.compile(r"""@"?([^\s'";,<>|&$`]+)""")
COOKIES = "# Netscape HTTP Cookie File\n127.0.0.1\tFALSE\t/\tFALSE\t0\tfrom_file\tyes\n"


def prepare(work, text):
    """Creates the relative files a fixture reads (uploads, @files, cookie files, < inputs)."""
    for m in list(PATH_ARG.finditer(text)) + list(AT_FILE.finditer(text)):
        path = m.group(1)
        if path in ("-", ".") or path.startswith("/") or "=" in path:
            continue
        full = os.path.join(work, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        if not os.path.exists(full):
            with open(full, "w") as f:
                f.write(COOKIES if "cookie" in path else f"contents of {path}\n")


def rewrite(text, echo):
    text = text.replace("localhost:28139", echo).replace("httpbin.org", echo)
    text = text.replace("http://localhost:8080", f"http://{echo}")
    return re.sub(r"socks://[0-9.]+:[0-9]+", "socks://127.0.0.1:9", text)


def run_tool(argv_or_script, work, shell):
    server = EchoServer()
    echo = f"127.0.0.1:{server.port}"
    try:
        if shell:
            cmd = ["bash", "-c", rewrite(argv_or_script, echo)]
        else:
            cmd = [a.replace("@SCRIPT@", rewrite(argv_or_script[-1], echo)) for a in argv_or_script[:-1]]
        try:
            proc = subprocess.run(cmd, cwd=work, stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
            code, err = proc.returncode, proc.stderr.decode(errors="replace")
        except subprocess.TimeoutExpired:
            code, err = "timeout", ""
        time.sleep(0.05)
        return code, err, json.loads(json.dumps(server.requests).replace(echo, "ECHO"))
    finally:
        server.close()


def boundary_of(request):
    for name, value in request["headers"]:
        m = re.search(r"boundary=(\S+)", value) if name.lower() == "content-type" else None
        if m:
            return m.group(1)
    return None


def normalized(request):
    body = base64.b64decode(request["body_b64"])
    b = boundary_of(request)
    headers = []
    for name, value in request["headers"]:
        if name.lower() == "user-agent":
            value = "*"
        if b:
            value = value.replace(b, "BOUNDARY")
        if name.lower() == "content-length" and b:
            value = "*"  # boundaries differ in length between tools
        headers.append((name.lower(), value))
    if b:
        body = body.replace(b.encode(), b"BOUNDARY")
    return {"method": request["method"], "url": request["target"], "headers": headers, "body": body}


def compare(curl_reqs, sonde_reqs):
    """{field: agrees} over all requests; equal request counts are required for any field to agree."""
    if len(curl_reqs) != len(sonde_reqs):
        return {f: False for f in FIELDS}
    a = [normalized(r) for r in curl_reqs]
    b = [normalized(r) for r in sonde_reqs]
    return {f: all(x[f] == y[f] for x, y in zip(a, b)) for f in FIELDS}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sonde", default=os.path.join(ROOT, "build", "release", "sonde"))
    parser.add_argument("--json", help="also write the per-fixture results here")
    parser.add_argument("--verbose", action="store_true", help="show each difference")
    parser.add_argument("--only", help="run the fixtures whose name contains this")
    parser.add_argument("--rev", help="git revision of the fixtures (default HEAD; 'npm': the installed version's tag)")
    args = parser.parse_args()
    global REV
    REV = args.rev
    sonde = os.path.abspath(args.sonde)
    if not os.access(sonde, os.X_OK):
        sys.exit(f"no sonde binary at {sonde} (build it, or pass --sonde)")
    if not shutil.which("curl"):
        sys.exit("real curl is needed")
    os.makedirs(SCRATCH, exist_ok=True)
    if os.environ.get("SONDE_BENCH_NETNS"):
        with open(os.path.join(SCRATCH, "fixtures.json")) as f:
            prepared = json.load(f)
    else:
        version = install_curlconverter()
        rev, fixtures = read_fixtures(version)
        prepared = {"version": version, "rev": rev, "fixtures": fixtures}
        with open(os.path.join(SCRATCH, "fixtures.json"), "w") as f:
            json.dump(prepared, f)
        in_namespace()
    version, rev, fixtures = prepared["version"], prepared["rev"], prepared["fixtures"]
    curl_version = subprocess.run(["curl", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    print(f"curlconverter {version or '?'} fixtures at {rev}: {len(fixtures)} commands; {curl_version.split(' (')[0]}")
    totals = {f: 0 for f in FIELDS}
    equivalent = 0
    results = []
    for name, text in fixtures.items():
        if args.only and args.only not in name:
            continue
        with tempfile.TemporaryDirectory(prefix="curl-", dir=SCRATCH) as tmp:
            work = os.path.join(tmp, "w")
            os.makedirs(work)
            prepare(work, text)
            curl_code, _, curl_reqs = run_tool(text, work, True)
            sonde_code, sonde_err, sonde_reqs = run_tool(
                [sonde, "replay", "--idempotency-key", "none", "--curl", "@SCRIPT@", text], work, False)
        fields = compare(curl_reqs, sonde_reqs)
        ok = all(fields.values())
        equivalent += ok
        for f in FIELDS:
            totals[f] += fields[f]
        results.append({"fixture": name, "equivalent": ok, "fields": fields, "curl_exit": curl_code,
                        "sonde_exit": sonde_code, "curl_requests": len(curl_reqs), "sonde_requests": len(sonde_reqs)})
        if not ok:
            why = ", ".join(f for f in FIELDS if not fields[f])
            print(f"  differs  {name}: {why} (curl sent {len(curl_reqs)}, sonde {len(sonde_reqs)}, "
                  f"sonde exit {sonde_code})")
            if args.verbose:
                last = sonde_err.strip().splitlines()[-1:] if sonde_err.strip() else []
                for line in last:
                    print(f"           sonde: {line}")
                for x, y in zip(curl_reqs, sonde_reqs):
                    nx, ny = normalized(x), normalized(y)
                    for f in FIELDS:
                        if nx[f] != ny[f]:
                            print(f"           {f}: curl {nx[f]!r}\n           {' ' * len(f)}  sonde {ny[f]!r}")
    n = len(results)
    print()
    for f in FIELDS:
        print(f"{f:8} {totals[f]:4}/{n} agree")
    print(f"overall  {equivalent:4}/{n} equivalent (target >= {TARGET}/108): "
          f"{'met' if equivalent >= TARGET or n < 108 and equivalent == n else 'NOT met'}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"equivalent": equivalent, "fixtures": n, "fields": totals, "results": results}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
