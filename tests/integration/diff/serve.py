#!/usr/bin/env python3
"""A loopback HTTP server for the remote-$ref tests: binds 127.0.0.1 port 0, serves DIR, logs every
request path to STATE/requests.log, and writes STATE/port and STATE/pid. `start` daemonizes,
`stop` kills the PID it wrote."""
import http.server
import os
import signal
import sys
import time

# Python listens with a backlog of 5, which overflows when tests run side by side (SYN cookies,
# then resets: see tests/integration/check/server.py).
http.server.ThreadingHTTPServer.request_queue_size = 1024


def start(directory, state):
    os.makedirs(state, exist_ok=True)
    stop(state)  # the server of an earlier run that was interrupted before its cleanup
    log = os.path.join(state, "requests.log")
    open(log, "w").close()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=directory, **kwargs)

        def log_message(self, fmt, *args):
            with open(log, "a") as f:
                f.write(self.path + "\n")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port_file = os.path.join(state, "port")
    if os.path.exists(port_file):
        os.remove(port_file)
    child = os.fork()
    if child > 0:
        # Return only once the child is serving; ctest runs the test right after.
        for _ in range(100):
            if os.path.exists(port_file):
                return 0
            time.sleep(0.05)
        return 1
    os.setsid()
    # Let go of ctest's pipes, or ctest waits for the daemon to exit.
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    with open(os.path.join(state, "pid"), "w") as f:
        f.write(str(os.getpid()))
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(port_file + ".tmp", port_file)
    server.serve_forever()


def stop(state):
    pid_file = os.path.join(state, "pid")
    try:
        pid = int(open(pid_file).read())
        os.remove(pid_file)
        # Only our own server (its command line names this state folder): a stale pid may now
        # belong to anything.
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            if state.encode() not in f.read().split(b"\0"):
                return 0
        os.kill(pid, signal.SIGTERM)
    except (OSError, ValueError):
        pass
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "start":
        sys.exit(start(sys.argv[2], sys.argv[3]))
    sys.exit(stop(sys.argv[2]))
