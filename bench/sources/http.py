#!/usr/bin/env python3
"""Fidelity of sonde's .http reader next to httpyac, the format's reference CLI, on loopback.

httpyac's own examples (the .http files of its documentation site) are rewritten to point at a
loopback echo server, sent with `httpyac send --all` and with `sonde replay`, and what reached the
server is compared request by request: method, URL (target), headers, body bytes. Files that use
JavaScript (script blocks, handlers, `{{ expressions }}`, response references), interactive input,
protocols other than HTTP, GraphQL or httpyac's OAuth2/AWS flows are left out and counted by reason.
Headers a client adds on its own (Host, User-Agent, Accept-Encoding, Connection, Content-Length,
Idempotency-Key) are not compared; uuids, timestamps and dates are masked before comparing.

Everything runs in a fresh network namespace (`unshare -rn`) whose only interface is loopback, so a
host the rewrite missed fails locally instead of leaving the machine.

usage: bench/sources/http.py [--sonde build/release/sonde] [--examples DIR] [--scratch /tmp/sonde-bench]
                             [--verbose] [--json FILE]
httpyac is installed with `npm install --prefix SCRATCH httpyac`. The examples are not in this
repository: --examples names a folder of .http files, or else the script extracts `examples/` from a
git snapshot of github:httpyac/httpyac.github.io (the search tool's `fetch` brings it to
/work/.mirror/httpyac+httpyac.github.io/repo; SONDE_HTTPYAC_DOCS_GIT overrides) into SCRATCH.
Target: >= 95 % of the requests httpyac sends are sent identically by sonde.
"""
import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration", "sources"))
from echo_server import EchoServer  # noqa: E402

DOCS_GIT = os.environ.get("SONDE_HTTPYAC_DOCS_GIT", "/work/.mirror/httpyac+httpyac.github.io/repo")
IGNORED_HEADERS = {"host", "user-agent", "accept-encoding", "connection", "content-length", "idempotency-key",
                   "transfer-encoding", "expect"}
EXCLUDE = [
    ("javascript", re.compile(r"^\s*(\{\{|[<>]\s*\{%|[<>]\s+\S+\.(js|mjs|ts)\s*$|\?\?\s*js\b|#\s*@(loop|ref|forceRef)\b)", re.M)),
    ("javascript", re.compile(r"\{\{(?!\s*\$)(?![\s\w-]*\}\})[^}]*\}\}")),  # {{ expression }} or response.value
    ("interactive", re.compile(r"\{\{\s*\$(input|pick|password|mask|prompt)", re.I)),
    ("other protocol", re.compile(r"^\s*(GRPC|WS|WSS|MQTT|AMQP|SSE|EVENTSOURCE|RABBITMQ)\s|^\s*proto\s*<", re.M)),
    ("graphql", re.compile(r"^\s*(query|mutation|subscription|fragment)\b|^\s*gql\s|application/graphql", re.M)),
    ("auth flow", re.compile(r"^\s*Authorization:\s*(oauth2|openid|aws|ssl)|^\s*(X-)?ClientCert:", re.M | re.I)),
]
MASKS = [
    (re.compile(rb"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"), b"<uuid>"),
    (re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?"), b"<iso>"),
    (re.compile(rb"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d \w{3} \d{4} \d\d:\d\d:\d\d \S+"), b"<date>"),
    (re.compile(rb"\b1\d{9}(\d{3})?\b"), b"<epoch>"),
]


def mask(data):
    for pattern, repl in MASKS:
        data = pattern.sub(repl, data)
    return data


def ensure_httpyac(scratch):
    binary = os.path.join(scratch, "node_modules", ".bin", "httpyac")
    if not os.path.exists(binary):
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", scratch, "httpyac"], check=True,
                       stdout=subprocess.DEVNULL)
    return binary


def extract_examples(scratch):
    out = os.path.join(scratch, "examples")
    if not os.path.isdir(DOCS_GIT):
        sys.exit(f"no examples: pass --examples DIR, or fetch github:httpyac/httpyac.github.io to {DOCS_GIT}")
    shutil.rmtree(out, ignore_errors=True)
    listing = subprocess.run(["git", "--git-dir", DOCS_GIT, "ls-tree", "-r", "HEAD", "examples"], check=True,
                             capture_output=True, text=True).stdout
    for line in listing.splitlines():
        meta, path = line.split("\t", 1)
        obj = meta.split()[2]
        blob = subprocess.run(["git", "--git-dir", DOCS_GIT, "cat-file", "blob", obj], capture_output=True)
        if blob.returncode != 0:
            continue  # the snapshot lacks a few large or LFS blobs
        dest = os.path.join(out, path)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "wb") as f:
            f.write(blob.stdout)
    return out


def rewrite_tree(src, dst, port):
    """Copies src to dst with every http(s) origin pointing at the echo server."""
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst)
    origin = re.compile(rb"https?://[A-Za-z0-9.\-]+(:\d+)?")
    for root, _, files in os.walk(dst):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                data = f.read()
            new = origin.sub(b"http://127.0.0.1:%d" % port, data)
            if new != data:
                with open(path, "wb") as f:
                    f.write(new)


def js_config(path, top):
    """True when the httpyac project config nearest to `path` is JavaScript that sets environments."""
    folder = os.path.dirname(path)
    while folder.startswith(top):
        for name in (".httpyac.js", ".httpyac.cjs", "httpyac.config.js", "httpyac.config.cjs", ".httpyac.json",
                     "package.json"):
            config = os.path.join(folder, name)
            if os.path.exists(config):
                if not name.endswith("js"):
                    return False
                with open(config, errors="replace") as f:
                    return "environments" in f.read()
        folder = os.path.dirname(folder)
    return False


def excluded(text):
    for reason, pattern in EXCLUDE:
        if pattern.search(text):
            return reason
    return None


def send(server, cmd, cwd):
    before = len(server.requests)
    try:
        run = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
        err = run.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired:
        err = "timeout"
    time.sleep(0.1)
    return server.requests[before:], err


def fields(request):
    headers = {}
    for name, value in request["headers"]:
        if name.lower() not in IGNORED_HEADERS:
            headers.setdefault(name.lower(), []).append(mask(value.encode()))
    return {"method": request["method"], "url": mask(request["target"].encode()),
            "headers": sorted(headers.items()), "body": mask(base64.b64decode(request["body_b64"]))}


# libcurl's POSTFIELDS default, which sonde's sender still adds to a body without Content-Type
# on main (issue 13 fixes it in core/replay/http_sender.cpp, not in the reader).
SENDER_DEFAULT = ("content-type", [b"application/x-www-form-urlencoded"])


def without_sender_default(ref, got):
    if SENDER_DEFAULT in got["headers"] and SENDER_DEFAULT not in ref["headers"]:
        return dict(got, headers=[h for h in got["headers"] if h != SENDER_DEFAULT])
    return got


def compare(files, server, httpyac, sonde, work, verbose):
    totals = {"method": 0, "url": 0, "headers": 0, "body": 0, "request": 0, "expected": 0, "request_no_sender_default": 0}
    per_file = []
    for path in files:
        rel = os.path.relpath(path, work)
        ref, _ = send(server, [httpyac, "send", os.path.basename(path), "--all"], os.path.dirname(path))
        got, err = send(server, [sonde, "replay", "--idempotency-key", "none", os.path.basename(path)],
                        os.path.dirname(path))
        agree = 0
        # Pair each httpyac request with sonde's first unpaired one of the same method and URL (a
        # request one tool cannot send must not shift the rest), else with the one at its index.
        mine = [fields(x) for x in got]
        free = list(range(len(mine)))
        for i, want in enumerate(ref):
            w = fields(want)
            j = next((j for j in free if mine[j]["method"] == w["method"] and mine[j]["url"] == w["url"]),
                     i if i in free else None)
            g = None
            if j is not None:
                free.remove(j)
                g = mine[j]
            same = {k: g is not None and w[k] == g[k] for k in ("method", "url", "headers", "body")}
            for k, v in same.items():
                totals[k] += v
            if all(same.values()):
                agree += 1
            if g is not None and all(w[k] == without_sender_default(w, g)[k] for k in w):
                totals["request_no_sender_default"] += 1
            elif verbose:
                print(f"  {rel} #{i + 1}: differs in {[k for k, v in same.items() if not v]}")
                print(f"    httpyac {w}\n    sonde   {g}")
        totals["request"] += agree
        totals["expected"] += len(ref)
        per_file.append({"file": rel, "httpyac": len(ref), "sonde": len(got), "agree": agree,
                         "sonde_error": err.strip().splitlines()[-1] if agree < len(ref) and err.strip() else ""})
    return totals, per_file


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sonde", default=os.path.join(ROOT, "build", "release", "sonde"))
    ap.add_argument("--examples")
    ap.add_argument("--scratch", default="/tmp/sonde-bench")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--json")
    args = ap.parse_args()
    args.sonde = os.path.abspath(args.sonde)
    if os.environ.get("SONDE_BENCH_NETNS") != "1":
        os.makedirs(args.scratch, exist_ok=True)
        ensure_httpyac(args.scratch)  # needs the registry, so before leaving the network
        examples = os.path.abspath(args.examples) if args.examples else extract_examples(args.scratch)
        argv = [sys.executable, os.path.abspath(__file__), "--sonde", args.sonde, "--examples", examples,
                "--scratch", args.scratch] + (["--verbose"] if args.verbose else []) + \
               (["--json", os.path.abspath(args.json)] if args.json else [])
        env = dict(os.environ, SONDE_BENCH_NETNS="1")
        os.execvpe("unshare", ["unshare", "-rn", "sh", "-c", 'ip link set lo up && exec "$0" "$@"'] + argv, env)
    httpyac = ensure_httpyac(args.scratch)
    server = EchoServer()
    work = os.path.join(args.scratch, "work")
    rewrite_tree(args.examples, work, server.port)
    files, reasons = [], {}
    for root, _, names in sorted(os.walk(work)):
        for name in sorted(names):
            if not name.endswith((".http", ".rest")):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8", errors="replace") as f:
                reason = excluded(f.read()) or ("javascript config" if js_config(path, work) else None)
            if reason:
                reasons[reason] = reasons.get(reason, 0) + 1
            else:
                files.append(path)
    totals, per_file = compare(files, server, httpyac, args.sonde, work, args.verbose)
    n = totals["expected"] or 1
    print(f"files: {len(files)} compared, excluded: " + ", ".join(f"{k} {v}" for k, v in sorted(reasons.items())))
    for f in per_file:
        mark = "ok  " if f["agree"] == f["httpyac"] else "DIFF"
        note = f"  ({f['sonde_error']})" if f["sonde_error"] else ""
        print(f"{mark} {f['file']}: httpyac {f['httpyac']}, sonde {f['sonde']}, equal {f['agree']}{note}")
    for k in ("method", "url", "headers", "body"):
        print(f"{k:8} {totals[k]}/{totals['expected']} ({100 * totals[k] / n:.1f} %)")
    files_ok = sum(f["agree"] == f["httpyac"] for f in per_file)
    print(f"requests equal: {totals['request']}/{totals['expected']} ({100 * totals['request'] / n:.1f} %), "
          f"files equal: {files_ok}/{len(per_file)}; target >= 95 %")
    print(f"requests equal once the sender adds no Content-Type of its own: {totals['request_no_sender_default']}/"
          f"{totals['expected']} ({100 * totals['request_no_sender_default'] / n:.1f} %)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"totals": totals, "files": per_file, "excluded": reasons}, f, indent=1)


if __name__ == "__main__":
    main()
