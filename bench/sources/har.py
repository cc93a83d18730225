#!/usr/bin/env python3
"""Fidelity of sonde's HAR reader: every entry of the captures under bench/sources/captures/ is
replayed with `sonde replay --har` against a loopback echo server, and what arrived is compared
with what the HAR entry describes, derived here independently of sonde: method, URL (queryString
entries the URL lacks appended), headers (HTTP/2 pseudo-headers dropped, split cookie fields
joined with "; " per RFC 9113 §8.2.3, request.cookies added), body (text, base64 text, URL-encoded
params, multipart params compared part by part). Target: every entry equivalent.

usage: bench/sources/har.py [--sonde build/release/sonde] [--verbose] [CAPTURE.har ...]
"""
import argparse
import base64
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration", "sources"))
from echo_server import EchoServer  # noqa: E402

IGNORED = {"host", "content-length", "connection", "expect", "idempotency-key"}


def expected_target(req):
    parts = urllib.parse.urlsplit(req["url"])
    target = parts.path or "/"
    query = parts.query
    present = urllib.parse.parse_qsl(query, keep_blank_values=True)
    for q in req.get("queryString", []):
        pair = (q["name"], q.get("value", ""))
        if pair in present:
            present.remove(pair)
            continue
        enc = urllib.parse.quote(pair[0], safe="-._~") + "=" + urllib.parse.quote(pair[1], safe="-._~")
        query = query + ("&" if query else "") + enc
    return target + ("?" + query if query else "")


def expected_headers(req):
    out = []
    for h in req.get("headers", []):
        name = h["name"]
        if name.startswith(":") or name.lower() in IGNORED:
            continue
        if name.lower() == "cookie" and any(o[0] == "cookie" for o in out):
            i = next(i for i, o in enumerate(out) if o[0] == "cookie")
            out[i] = ("cookie", out[i][1] + "; " + h["value"])
            continue
        out.append((name.lower(), h["value"]))
    have = [c.split("=", 1)[0].strip() for o in out if o[0] == "cookie" for c in o[1].split(";")]
    extra = "; ".join(f"{c['name']}={c['value']}" for c in req.get("cookies", []) if c["name"] not in have)
    if extra:
        i = next((i for i, o in enumerate(out) if o[0] == "cookie"), None)
        if i is None:
            out.append(("cookie", extra))
        else:
            out[i] = ("cookie", out[i][1] + "; " + extra)
    post = req.get("postData")
    if post and post.get("mimeType") and not any(o[0] == "content-type" for o in out):
        out.append(("content-type", post["mimeType"]))
    return out


def multipart_parts(content_type, body):
    m = re.search(r"boundary=\"?([^\";]+)", content_type or "")
    if not m:
        return None
    parts = []
    for chunk in body.split(b"--" + m.group(1).encode())[1:]:
        if chunk.startswith(b"--"):
            break
        head, _, data = chunk[2:].partition(b"\r\n\r\n")
        disp = re.search(rb'name="([^"]*)"(?:; filename="([^"]*)")?', head)
        ctype = re.search(rb"Content-Type: ([^\r\n]+)", head)
        parts.append((disp.group(1).decode(), disp.group(2).decode() if disp.group(2) else None,
                      ctype.group(1).decode() if ctype else None, data[:-2]))
    return parts


def body_matches(req, got_headers, body):
    post = req.get("postData")
    if not post:
        return body == b""
    mime = post.get("mimeType", "")
    if post.get("text"):
        want = base64.b64decode(post["text"]) if post.get("encoding") == "base64" else post["text"].encode()
        return body == want
    params = post.get("params", [])
    if mime.startswith("multipart/"):
        got_type = next((v for n, v in got_headers if n.lower() == "content-type"), "")
        want = [(p["name"], p.get("fileName"), p.get("contentType") or None, p.get("value", "").encode()) for p in params]
        return multipart_parts(got_type, body) == want
    enc = "&".join(urllib.parse.quote(p["name"], safe="-._~") + "=" + urllib.parse.quote(p.get("value", ""), safe="-._~")
                   for p in params)
    return body == enc.encode()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sonde", default=os.path.join(ROOT, "build", "release", "sonde"))
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("captures", nargs="*")
    args = ap.parse_args()
    captures = args.captures or sorted(glob.glob(os.path.join(HERE, "captures", "*.har")))
    server = EchoServer()
    totals = {"method": 0, "url": 0, "headers": 0, "body": 0, "entry": 0, "entries": 0}
    for capture in captures:
        with open(capture) as f:
            har = json.load(f)
        for e in har["log"]["entries"]:
            u = urllib.parse.urlsplit(e["request"]["url"])
            e["request"]["url"] = urllib.parse.urlunsplit(("http", f"127.0.0.1:{server.port}", u.path, u.query, ""))
        with tempfile.NamedTemporaryFile("w", suffix=".har", delete=False) as f:
            json.dump(har, f)
        before = len(server.requests)
        run = subprocess.run([args.sonde, "replay", "--idempotency-key", "none", "--har", f.name], capture_output=True)
        os.unlink(f.name)
        time.sleep(0.1)
        got = server.requests[before:]
        equal = 0
        for i, e in enumerate(har["log"]["entries"]):
            req = e["request"]
            g = got[i] if i < len(got) else None
            gh = [(n.lower(), v) for n, v in g["headers"] if n.lower() not in IGNORED] if g else []
            want_h = expected_headers(req)
            # libcurl's own Accept and User-Agent stand in when the capture has none
            gh = [(n, v) for n, v in gh if not (n in ("accept", "user-agent") and n not in dict(want_h))]
            # a multipart type captured without its boundary must gain the one the body uses
            want_h = [(n, v) if not (n == "content-type" and v.startswith("multipart/") and "boundary=" not in v)
                      else (n, next((gv for gn, gv in gh if gn == n and gv.startswith(v + "; boundary=")), v))
                      for n, v in want_h]
            same = {"method": bool(g) and g["method"] == req["method"],
                    "url": bool(g) and g["target"] == expected_target(req),
                    "headers": bool(g) and gh == want_h,
                    "body": bool(g) and body_matches(req, g["headers"], base64.b64decode(g["body_b64"]))}
            for k, v in same.items():
                totals[k] += v
            equal += all(same.values())
            if args.verbose and not all(same.values()):
                print(f"  entry {i}: differs in {[k for k, v in same.items() if not v]}\n    want {want_h}\n    got  {gh}")
        totals["entry"] += equal
        totals["entries"] += len(har["log"]["entries"])
        print(f"{os.path.relpath(capture, ROOT)}: {equal}/{len(har['log']['entries'])} entries equivalent"
              + (f" (sonde exit {run.returncode}: {run.stderr.decode().strip().splitlines()[-1:]})" if run.returncode else ""))
    n = totals["entries"] or 1
    for k in ("method", "url", "headers", "body"):
        print(f"{k:8} {totals[k]}/{totals['entries']} ({100 * totals[k] / n:.1f} %)")
    print(f"entries equivalent: {totals['entry']}/{totals['entries']}; target: all")
    return 0 if totals["entry"] == totals["entries"] else 1


if __name__ == "__main__":
    sys.exit(main())
