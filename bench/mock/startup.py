#!/usr/bin/env python3
"""Start-to-first-answer time of a mock server: spawn it, wait for the URL it prints (or poll the
given port), send one GET, stop it. Prints the median of N runs in milliseconds.

usage: startup.py RUNS PATH -- COMMAND...   (COMMAND may contain {port}; then the port is polled)
"""
import http.client
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def one_run(command, path):
    port = free_port() if any("{port}" in c for c in command) else None
    argv = [c.replace("{port}", str(port)) for c in command]
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        if port is None:
            line = proc.stdout.readline()
            url = urllib.parse.urlparse(line.split()[-1])
            host, port = url.hostname, url.port
        else:
            host = "127.0.0.1"
        deadline = started + 30
        while True:
            try:
                conn = http.client.HTTPConnection(host, port, timeout=5)
                conn.request("GET", path)
                conn.getresponse().read()
                break
            except OSError:
                if time.perf_counter() > deadline:
                    raise
                time.sleep(0.002)
        return (time.perf_counter() - started) * 1000
    finally:
        proc.terminate()
        proc.wait()


def main():
    runs, path = int(sys.argv[1]), sys.argv[2]
    command = sys.argv[sys.argv.index("--") + 1:]
    times = [one_run(command, path) for _ in range(runs)]
    print(f"{statistics.median(times):.1f}")


if __name__ == "__main__":
    main()
