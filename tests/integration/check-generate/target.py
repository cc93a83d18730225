#!/usr/bin/env python3
"""The loopback target of `sonde check --generate`: it serves api.yaml (an inventory API) in one
of two modes (stdlib only):
  correct  every constraint of api.yaml is enforced and every response honours it, so any
           finding against it is a false positive of sonde
  buggy    the same server with exactly nine planted bugs (BUG 1..9 below, README.md), each
           one alone: everything else stays conformant so each bug is found by one check id

  target.py serve --port-file F --mode correct|buggy   bind 127.0.0.1 port 0, write the port to F
  target.py start STATE_DIR MODE                       run `serve` in the background (CTest fixture)
  target.py stop STATE_DIR                             end the server that `start` launched
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote

# Python listens with a backlog of 5, which overflows when tests run side by side (SYN cookies,
# then resets: see tests/integration/check/server.py).
ThreadingHTTPServer.request_queue_size = 1024

RATE_LIMIT = "1000"  # X-Rate-Limit: a constant is enough, only its presence and type are checked
ITEM_KINDS = ("tool", "part")
SHAPES = {"circle": {"kind": "circle", "radius": 2.5}, "square": {"kind": "square", "side": 4}}


class Problem(Exception):
    """An error answer, always application/problem+json as api.yaml documents."""

    def __init__(self, status, title, detail=None, headers=None, content_type="application/problem+json"):
        super().__init__(title)
        self.status, self.title, self.detail = status, title, detail
        self.headers = headers or {}
        self.content_type = content_type


class Store:
    """The items, shared by the handler threads."""

    def __init__(self):
        self.lock = threading.Lock()
        # Two items from the start, so that a one-request-per-operation check of GET /items/1
        # meets an existing item.
        self.items = {1: {"id": 1, "name": "hammer", "price": 12.5, "kind": "tool"},
                      2: {"id": 2, "name": "bolt", "price": 0.2, "kind": "part", "tags": ["m6"]}}
        self.next_id = 3
        self.payments = {}  # Idempotency-Key -> (body as sent, the answer)
        self.next_payment = 1
        self.tokens = {"t0k": None}  # token -> reads left (None: no limit)
        self.next_token = 1
        self.secret_reads = 0  # 200 answers of /secret, for the --auth-login test (GET /stats)

    def create(self, fields):
        with self.lock:
            item = dict(fields, id=self.next_id)
            self.items[self.next_id] = item
            self.next_id += 1
            return dict(item)

    def get(self, item_id):
        with self.lock:
            item = self.items.get(item_id)
            return dict(item) if item else None

    def replace(self, item_id, fields):
        with self.lock:
            if item_id not in self.items:
                return None
            self.items[item_id] = dict(fields, id=item_id)
            return dict(self.items[item_id])

    def delete(self, item_id):
        with self.lock:
            return self.items.pop(item_id, None) is not None

    def list(self, kind, limit):
        with self.lock:
            found = [dict(i) for _, i in sorted(self.items.items()) if kind is None or i.get("kind") == kind]
        return found[:limit]


# --- validation: exactly the constraints of api.yaml, nothing looser and nothing stricter --------

INTEGER_TEXT = re.compile(r"-?[0-9]+")  # how a JSON integer serialises in a query or a path
TENANT = re.compile(r"[a-z0-9-]+")


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)  # bool is an int in Python


def integer_param(name, text, minimum=None, maximum=None):
    if not INTEGER_TEXT.fullmatch(text):
        raise Problem(400, "Bad Request", f"{name} must be an integer")
    value = int(text)
    if minimum is not None and value < minimum or maximum is not None and value > maximum:
        raise Problem(400, "Bad Request", f"{name} is out of range")
    return value


def enum_param(name, text, allowed):
    if text not in allowed:
        raise Problem(400, "Bad Request", f"{name} must be one of {', '.join(allowed)}")
    return text


def query(req, allowed):
    """The query parameters named in `allowed`; others are ignored, as OpenAPI permits."""
    values = {}
    for name, value in parse_qsl(req.query, keep_blank_values=True):
        if name in allowed:
            if name in values:  # none of the parameters is an array: a repeat is malformed
                raise Problem(400, "Bad Request", f"{name} given twice")
            values[name] = value
    return values


def item_input_errors(body, price_optional):
    """The first way `body` breaks #/components/schemas/ItemInput, or None."""
    if not isinstance(body, dict):
        return "the body must be an object"
    extra = sorted(set(body) - {"name", "price", "kind", "tags"})
    if extra:
        return f"unknown property {extra[0]}"
    required = ("name",) if price_optional else ("name", "price")
    for name in required:
        if name not in body:
            return f"{name} is required"
    name = body["name"]
    if not isinstance(name, str) or not 1 <= len(name) <= 40:  # len counts code points, as JSON Schema does
        return "name must be a string of 1 to 40 characters"
    if "price" in body:
        price = body["price"]
        if not is_number(price) or not 0 <= price <= 1000000:
            return "price must be a number from 0 to 1000000"
    if "kind" in body and body["kind"] not in ITEM_KINDS:
        return "kind must be tool or part"
    if "tags" in body:
        tags = body["tags"]
        if not isinstance(tags, list) or len(tags) > 5 or not all(isinstance(t, str) for t in tags):
            return "tags must be an array of at most 5 strings"
    return None


def reject_constant(name):
    raise ValueError(f"{name} is not JSON")  # Python's json would accept NaN and Infinity


def json_body(req):
    """The request's JSON body: 400 when absent or malformed, 415 when not application/json."""
    if not req.body:
        raise Problem(400, "Bad Request", "a JSON body is required")
    media_type = req.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise Problem(415, "Unsupported Media Type", "send application/json")
    try:
        return json.loads(req.body.decode("utf-8"), parse_constant=reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise Problem(400, "Bad Request", f"malformed JSON: {e}")


def item_input(req, price_optional=False):
    body = json_body(req)
    error = item_input_errors(body, price_optional)
    if error:
        raise Problem(422, "Unprocessable Content", error)
    if "price" not in body:  # BUG 3 only: the item it stores must still answer a conformant Item
        body["price"] = 0
    return body


def item_id(req):
    return integer_param("itemId", req.params["itemId"], minimum=1)


def not_found(mode, method):
    # BUG 6 (content-type-conformance): the buggy twin answers a read of an unknown item with an
    # HTML page, the content type of no documented response.
    if mode == "buggy" and method == "GET":
        return Problem(404, "Not Found", content_type="text/html")
    return Problem(404, "Not Found", "no such item")


# --- operations: each returns (status, headers, body) --------------------------------------------

def json_ok(status, body, headers=None):
    return status, dict(headers or {}, **{"Content-Type": "application/json"}), body


def list_items(req, store, mode):
    q = query(req, ("limit", "kind"))
    limit = integer_param("limit", q["limit"], 1, 100) if "limit" in q else 20
    kind = enum_param("kind", q["kind"], ITEM_KINDS) if "kind" in q else None
    # BUG 1 (not-a-server-error): the buggy twin fails on the largest allowed limit.
    if mode == "buggy" and limit == 100:
        raise Problem(500, "Internal Server Error", "limit overflow")
    # BUG 7 (response-headers-conformance): the buggy twin leaves out the required X-Rate-Limit.
    headers = {} if mode == "buggy" else {"X-Rate-Limit": RATE_LIMIT}
    return json_ok(200, store.list(kind, limit), headers)


def create_item(req, store, mode):
    # BUG 3 (negative-data-rejection): the buggy twin's POST (not its PUT) lets `price` be left out.
    item = store.create(item_input(req, price_optional=mode == "buggy"))
    return json_ok(201, item, {"Location": f"/items/{item['id']}"})


def get_item(req, store, mode):
    item = store.get(item_id(req))
    if item is None:
        raise not_found(mode, "GET")
    return json_ok(200, item)


def update_item(req, store, mode):
    wanted = item_id(req)
    if store.get(wanted) is None:  # 404 before the body: a valid body for no item is not a 422
        raise not_found(mode, "PUT")
    item = store.replace(wanted, item_input(req))
    if item is None:  # deleted meanwhile by another request
        raise not_found(mode, "PUT")
    return json_ok(200, item)


def delete_item(req, store, mode):
    wanted = item_id(req)
    # BUG 5 (use-after-free): the buggy twin answers 204 but keeps the item readable.
    found = store.get(wanted) is not None if mode == "buggy" else store.delete(wanted)
    if not found:
        raise not_found(mode, "DELETE")
    return 204, {}, None


def get_shape(req, store, mode):
    q = query(req, ("kind",))
    if "kind" not in q:
        raise Problem(400, "Bad Request", "kind is required")
    kind = enum_param("kind", q["kind"], tuple(SHAPES))
    # BUG 2 (response-schema-conformance): on one oneOf branch the buggy twin sends the side as
    # a string.
    if mode == "buggy" and kind == "square":
        return json_ok(200, {"kind": "square", "side": "4"})
    return json_ok(200, SHAPES[kind])


def login(req, store, mode):
    body = json_body(req)
    if (not isinstance(body, dict) or set(body) != {"user", "password"}
            or not all(isinstance(body[k], str) and 1 <= len(body[k]) <= 32 for k in body)):
        raise Problem(422, "Unprocessable Content", "the body must be {user, password}, 1 to 32 characters each")
    with store.lock:
        token = f"tok-{store.next_token}"
        store.next_token += 1
        store.tokens[token] = 5  # short-lived, so a long run must log in again (--auth-login refreshes)
    return json_ok(200, {"access_token": token})


def spend_token(store, authorization):
    """Every request that carries a token from POST /login uses it up a little: 5 requests each.
    True when the token was good for this request (t0k always is)."""
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer":
        return False
    with store.lock:
        left = store.tokens.get(token.strip(), 0)
        if left is None:
            return True
        if left > 0:
            store.tokens[token.strip()] = left - 1
            return True
        return False


def get_secret(req, store, mode):
    # BUG 4 (ignored-auth): the buggy twin never looks at the credentials.
    if mode != "buggy" and not req.token_ok:
        raise Problem(401, "Unauthorized", "send Authorization: Bearer <token> (t0k, or one from POST /login)",
                      headers={"WWW-Authenticate": "Bearer"})
    with store.lock:
        store.secret_reads += 1
    return json_ok(200, {"secret": "42"})


def stats(req, store, mode):
    """Not in api.yaml: what the tests ask the target afterwards."""
    with store.lock:
        return json_ok(200, {"secret_reads": store.secret_reads, "tokens_issued": store.next_token - 1})


def get_report(req, store, mode):
    # BUG 8 (max-response-time): the buggy twin takes 1.5 s; the test allows 1 s.
    if mode == "buggy":
        time.sleep(1.5)
    return json_ok(200, {"ready": True})


IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9-]{1,64}")


def create_payment(req, store, mode):
    key = req.headers.get("Idempotency-Key")
    if not key or not IDEMPOTENCY_KEY.fullmatch(key):
        raise Problem(400, "Bad Request", "Idempotency-Key must match ^[A-Za-z0-9-]{1,64}$")
    body = json_body(req)
    amount = body.get("amount") if isinstance(body, dict) else None
    if (not isinstance(body, dict) or set(body) != {"amount"} or not isinstance(amount, int) or isinstance(amount, bool)
            or not 1 <= amount <= 100000):
        raise Problem(422, "Unprocessable Content", "the body must be {\"amount\": 1..100000}")
    with store.lock:
        # BUG 9 (idempotency-key-honoured): the buggy twin ignores the key and takes the payment again.
        if mode != "buggy" and key in store.payments:
            sent, answer = store.payments[key]
            if sent != body:
                raise Problem(422, "Unprocessable Content", "this Idempotency-Key was used with another body")
            return json_ok(201, answer)
        answer = {"id": store.next_payment, "amount": amount}
        store.next_payment += 1
        store.payments[key] = (body, answer)
    return json_ok(201, answer)


def list_orders(req, store, mode):
    # Absent and empty both break the schema (required, minLength 1).
    tenant = req.headers.get("X-Tenant")
    if not tenant:
        raise Problem(400, "Bad Request", "the X-Tenant header is required")
    if len(tenant) > 32 or not TENANT.fullmatch(tenant):
        raise Problem(400, "Bad Request", "X-Tenant must match ^[a-z0-9-]+$ (at most 32 characters)")
    return json_ok(200, [{"id": f"{tenant}-1", "tenant": tenant}])


# Path template -> {method: operation}. The methods listed here are the only documented ones:
# any other method on a matching path answers 405 with Allow.
ROUTES = [
    (re.compile(r"/items"), {"GET": list_items, "POST": create_item}),
    (re.compile(r"/items/(?P<itemId>[^/]+)"), {"GET": get_item, "PUT": update_item, "DELETE": delete_item}),
    (re.compile(r"/shapes"), {"GET": get_shape}),
    (re.compile(r"/secret"), {"GET": get_secret}),
    (re.compile(r"/report"), {"GET": get_report}),
    (re.compile(r"/orders"), {"GET": list_orders}),
    (re.compile(r"/payments"), {"POST": create_payment}),
    (re.compile(r"/login"), {"POST": login}),
    (re.compile(r"/stats"), {"GET": stats}),
]


class Request:
    def __init__(self, method, path, query, headers, body):
        self.method, self.path, self.query, self.headers, self.body = method, path, query, headers, body
        self.params = {}


class Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 keeps connections open between cases (the generator sends many); every answer
    # therefore carries Content-Length, and every request body is read in full.
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes: with Nagle on, each kept-alive answer waited for the
    # client's delayed ACK (40 ms a request).
    disable_nagle_algorithm = True
    mode = "correct"
    store = None

    def log_message(self, *args):
        pass

    def __getattr__(self, name):
        # http.server looks up do_<METHOD>; answering every method here lets an undocumented one
        # (PATCH, OPTIONS, TRACE, HEAD, ...) get 405 + Allow instead of http.server's 501.
        if name.startswith("do_"):
            return self.dispatch
        raise AttributeError(name)

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):  # trailers
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def answer(self, status, headers, body):
        data = b"" if body is None else body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        if status != 204:  # RFC 9110: a 204 carries no Content-Length
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def dispatch(self):
        try:
            body = self.read_body()
        except ValueError:
            self.close_connection = True
            return self.answer(400, {"Content-Type": "application/problem+json"},
                               {"title": "Bad Request", "status": 400, "detail": "bad body framing"})
        path, _, query_text = self.path.partition("?")
        req = Request(self.command, path, query_text, self.headers, body)
        req.token_ok = spend_token(self.store, self.headers.get("Authorization", ""))
        try:
            answer = self.route(req)
        except Problem as p:
            if p.content_type == "text/html":
                answer = (p.status, {"Content-Type": "text/html"}, f"<html><body><h1>{p.title}</h1></body></html>")
            else:
                problem = {"title": p.title, "status": p.status}
                if p.detail:
                    problem["detail"] = p.detail
                answer = (p.status, dict(p.headers, **{"Content-Type": p.content_type}), problem)
        self.answer(*answer)

    def route(self, req):
        for pattern, methods in ROUTES:
            m = pattern.fullmatch(req.path)
            if not m:
                continue
            operation = methods.get(req.method)
            if operation is None:
                raise Problem(405, "Method Not Allowed", f"{req.path} allows {', '.join(methods)}",
                              headers={"Allow": ", ".join(methods)})
            # Path parameters are percent-decoded after matching, so %2F stays inside one segment.
            req.params = {k: unquote(v) for k, v in m.groupdict().items()}
            return operation(req, self.store, self.mode)
        raise Problem(404, "Not Found", f"no route for {req.path}")


def serve(port_file, mode):
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)  # a 5000-digit itemId is a valid integer: 404, not a crash
    Handler.mode = mode
    Handler.store = Store()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    # Written whole under another name then renamed: `start` must never read half a port.
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(port_file + ".tmp", port_file)
    server.serve_forever()


# --- CTest fixture, as tests/integration/check/server_ctl.py ------------------------------------

def start(state, mode):
    os.makedirs(state, exist_ok=True)
    stop(state)  # the server of an earlier run that was interrupted before its cleanup
    port_file = os.path.join(state, "port")
    if os.path.exists(port_file):
        os.remove(port_file)
    log = open(os.path.join(state, "server.log"), "w")
    proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), "serve", "--port-file", port_file,
                             "--mode", mode], stdout=log, stderr=log, start_new_session=True)
    with open(os.path.join(state, "pid"), "w") as f:
        f.write(str(proc.pid))
    for _ in range(100):
        if os.path.exists(port_file):
            return 0
        if proc.poll() is not None:
            print(f"target exited early with {proc.returncode}; see {state}/server.log", file=sys.stderr)
            return 1
        time.sleep(0.05)
    print("target did not start listening within 5 s", file=sys.stderr)
    stop(state)
    return 1


def stop(state):
    pid_file = os.path.join(state, "pid")
    try:
        pid = int(open(pid_file).read())
        os.remove(pid_file)
        # Only our own server (its command line names its port file here): a stale pid may now
        # belong to anything.
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            if os.path.join(state, "port").encode() not in f.read().split(b"\0"):
                return 0
        os.kill(pid, signal.SIGTERM)
    except (OSError, ValueError):
        pass
    return 0


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "start" and len(sys.argv) == 4:
        return start(sys.argv[2], sys.argv[3])
    if len(sys.argv) >= 2 and sys.argv[1] == "stop" and len(sys.argv) == 3:
        return stop(sys.argv[2])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve")
    s.add_argument("--port-file", required=True)
    s.add_argument("--mode", choices=("correct", "buggy"), required=True)
    args = parser.parse_args()
    serve(args.port_file, args.mode)
    return 0


if __name__ == "__main__":
    sys.exit(main())
