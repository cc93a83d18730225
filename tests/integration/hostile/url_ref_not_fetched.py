#!/usr/bin/env python3
"""A $ref to a URL is never fetched (issue 19): a listener on a loopback port is the $ref's host;
check, mock and test --spec must refuse the description (exit 3, naming the $ref and where it is
written) and the listener must see no connection at all. (diff has its own: diff/remote_refs.sh.)
Usage: url_ref_not_fetched.py SONDE"""
import os
import select
import socket
import subprocess
import sys
import tempfile

sonde = sys.argv[1]
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.bind(("127.0.0.1", 0))
listener.listen(16)
port = listener.getsockname()[1]

SPEC = f"""openapi: 3.0.3
info: {{title: remote, version: "1"}}
paths:
  /pets:
    get:
      operationId: getPets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{$ref: "http://127.0.0.1:{port}/pet.yaml#/Pet"}}
"""

problems = []
with tempfile.TemporaryDirectory(prefix="sonde-url-ref-") as tmp:
    spec = os.path.join(tmp, "api.yaml")
    with open(spec, "w") as f:
        f.write(SPEC)
    body = os.path.join(tmp, "body.json")
    with open(body, "w") as f:
        f.write("{}\n")
    hurl = os.path.join(tmp, "a.hurl")
    with open(hurl, "w") as f:
        f.write("GET http://127.0.0.1:9/pets\nHTTP 200\n")
    runs = {
        "check": ["check", "--spec", spec, "--operation", "getPets", "--status", "200", "--response", body],
        "mock": ["mock", "--port", "0", spec],
        "test --spec": ["test", "--spec", spec, hurl],
    }
    for name, args in runs.items():
        try:
            proc = subprocess.run([sonde, *args], capture_output=True, text=True, timeout=60)
        except subprocess.TimeoutExpired:
            problems.append(f"{name}: still running after 60 s")
            continue
        first = proc.stderr.splitlines()[0] if proc.stderr else ""
        want = f'http://127.0.0.1:{port}/pet.yaml#/Pet'
        if proc.returncode != 3 or want not in first or "not fetched" not in first or f"{spec}:12:" not in first:
            problems.append(f"{name}: exit {proc.returncode}, stderr {proc.stderr!r}; want exit 3 and "
                            f"`sonde: ... {want} ... not fetched ...: {spec}:12:COL`")
        else:
            print(f"{name}: {first}")

readable, _, _ = select.select([listener], [], [], 0.5)
if readable:
    problems.append("the $ref's host received a connection: the URL was fetched")
if problems:
    print("FAILED:\n  " + "\n  ".join(problems))
    sys.exit(1)
print(f"ok: no connection reached 127.0.0.1:{port}")
