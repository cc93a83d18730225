#!/usr/bin/env python3
"""Upstream for nginx's /delay/MS: waits MS milliseconds, then answers {"delay_ms":MS}.
Binds 127.0.0.1 on a free port and writes that port to the file named on the command line."""
import http.server
import sys
import time

# Python listens with a backlog of 5, which overflows when tests run side by side (SYN cookies,
# then resets: see tests/integration/check/server.py).
http.server.ThreadingHTTPServer.request_queue_size = 1024


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        try:
            ms = int(self.path.rstrip("/").rsplit("/", 1)[-1])
        except ValueError:
            ms = 0
        time.sleep(min(ms, 10000) / 1000.0)
        body = ('{"delay_ms":%d}' % ms).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(sys.argv[1], "w") as f:
        f.write(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
