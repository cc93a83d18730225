#!/usr/bin/env python3
"""Proves the target itself before sonde is tested against it: starts target.py in both modes and
asserts each planted bug is present in the buggy twin and absent in the correct one (plus a few
rejections only the correct twin must make). Exit 0 when all hold, 1 otherwise (stdlib only)."""
import http.client
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET = os.path.join(HERE, "target.py")


def request(port, method, path, body=None, headers=None):
    """(status, headers as a lower-cased dict, decoded body, seconds taken)"""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    started = time.monotonic()
    data = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
    conn.request(method, path, body=data, headers=dict({"Content-Type": "application/json"} if data else {},
                                                       **(headers or {})))
    resp = conn.getresponse()
    text = resp.read().decode()
    took = time.monotonic() - started
    conn.close()
    return resp.status, {k.lower(): v for k, v in resp.getheaders()}, text, took


def create(port):
    status, headers, text, _ = request(port, "POST", "/items", {"name": "saw", "price": 9})
    assert status == 201, (status, text)
    return json.loads(text)["id"]


# Each probe returns True when the bug shows. Named by the check id that must find it.
def not_a_server_error(port):
    return request(port, "GET", "/items?limit=100")[0] == 500


def response_schema_conformance(port):
    status, _, text, _ = request(port, "GET", "/shapes?kind=square")
    return status == 200 and not isinstance(json.loads(text)["side"], (int, float))


def negative_data_rejection(port):
    return request(port, "POST", "/items", {"name": "nut"})[0] == 201


def ignored_auth(port):
    return request(port, "GET", "/secret")[0] == 200


def use_after_free(port):
    item = create(port)
    assert request(port, "DELETE", f"/items/{item}")[0] == 204
    return request(port, "GET", f"/items/{item}")[0] == 200


def content_type_conformance(port):
    status, headers, _, _ = request(port, "GET", "/items/987654")
    return status == 404 and not headers.get("content-type", "").startswith("application/problem+json")


def response_headers_conformance(port):
    status, headers, _, _ = request(port, "GET", "/items")
    return status == 200 and "x-rate-limit" not in headers


def max_response_time(port):
    return request(port, "GET", "/report")[3] > 1.0


def idempotency_key_honoured(port):
    key = {"Idempotency-Key": f"selfcheck-{time.monotonic_ns()}"}
    first = request(port, "POST", "/payments", {"amount": 5}, key)
    second = request(port, "POST", "/payments", {"amount": 5}, key)
    return first[0] == 201 and (second[0], second[2]) != (first[0], first[2])


BUGS = [not_a_server_error, response_schema_conformance, negative_data_rejection, ignored_auth,
        use_after_free, content_type_conformance, response_headers_conformance, max_response_time,
        idempotency_key_honoured]


def correct_only(port):
    """Behaviour of the correct twin beyond the absent bugs: (description, holds) pairs."""
    item = create(port)
    put = request(port, "PUT", f"/items/{item}", {"name": "saw", "price": 9, "x": 1})
    patch = request(port, "PATCH", "/items")
    return [
        ("limit=0, limit=101, limit=abc -> 400",
         all(request(port, "GET", f"/items?limit={v}")[0] == 400 for v in ("0", "101", "abc"))),
        ("limit=100 -> 200 with X-Rate-Limit", request(port, "GET", "/items?limit=100")[1].get("x-rate-limit") == "1000"),
        ("POST with text/plain -> 415",
         request(port, "POST", "/items", b'{"name":"a","price":1}', {"Content-Type": "text/plain"})[0] == 415),
        ("POST malformed JSON -> 400", request(port, "POST", "/items", b'{"name"')[0] == 400),
        ("PUT with an unknown property -> 422", put[0] == 422),
        ("201 carries Location /items/{id}",
         request(port, "POST", "/items", {"name": "a", "price": 0})[1].get("location", "").startswith("/items/")),
        ("PATCH /items -> 405 Allow: GET, POST", patch[0] == 405 and patch[1].get("allow") == "GET, POST"),
        ("GET /secret with a bearer token -> 200", request(port, "GET", "/secret", None, {"Authorization": "Bearer t0k"})[0] == 200),
        ("GET /orders without X-Tenant -> 400", request(port, "GET", "/orders")[0] == 400),
        ("GET /shapes without kind -> 400", request(port, "GET", "/shapes")[0] == 400),
    ]


def main():
    failures = []
    with tempfile.TemporaryDirectory() as state:
        ports = {}
        try:
            for mode in ("correct", "buggy"):
                if subprocess.call([sys.executable, TARGET, "start", os.path.join(state, mode), mode]) != 0:
                    print(f"could not start the {mode} target", file=sys.stderr)
                    return 1
                ports[mode] = int(open(os.path.join(state, mode, "port")).read())
            for probe in BUGS:
                in_buggy, in_correct = probe(ports["buggy"]), probe(ports["correct"])
                ok = in_buggy and not in_correct
                print(f"{'ok  ' if ok else 'FAIL'} {probe.__name__}: buggy {'shows' if in_buggy else 'lacks'} the bug, "
                      f"correct {'shows' if in_correct else 'lacks'} it")
                if not ok:
                    failures.append(probe.__name__)
            for what, holds in correct_only(ports["correct"]):
                print(f"{'ok  ' if holds else 'FAIL'} correct: {what}")
                if not holds:
                    failures.append(what)
        finally:
            for mode in ports:
                subprocess.call([sys.executable, TARGET, "stop", os.path.join(state, mode)])
    print(f"{len(failures)} failure(s)" if failures else "all probes hold")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
