"""Shared by the mock's Python integration tests: start `sonde mock` on a free port, talk to it
over raw sockets (what curl will not send), stop it by PID."""
import socket
import subprocess
import sys
import time


class Mock:
    def __init__(self, sonde, spec, *options):
        self.proc = subprocess.Popen([sonde, "mock", spec, *options], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()  # "listening on http://127.0.0.1:PORT"
        if not line.startswith("listening on "):
            self.proc.kill()
            sys.exit("FAIL: the mock did not start: " + line + self.proc.stderr.read())
        self.port = int(line.strip().rsplit(":", 1)[1])

    def connect(self, timeout=5.0):
        return socket.create_connection(("127.0.0.1", self.port), timeout=timeout)

    def exchange(self, data, timeout=5.0):
        """Sends raw bytes, returns (everything read until the server closed, seconds taken);
        b'<open>' is appended when the connection was still open after `timeout`."""
        started = time.monotonic()
        with self.connect(timeout) as s:
            s.sendall(data)
            return read_until_closed(s, timeout), time.monotonic() - started

    def stop(self):
        self.proc.terminate()
        try:
            return self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return -1


def read_until_closed(sock, timeout):
    sock.settimeout(timeout)
    out = b""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return out
            out += chunk
    except ConnectionResetError:
        return out
    except socket.timeout:
        return out + b"<open>"


class Checks:
    def __init__(self):
        self.failures = 0

    def expect(self, what, ok, detail=""):
        print(("ok: " if ok else "FAIL: ") + what + ("" if ok else " -- " + str(detail)[:400]), flush=True)
        self.failures += 0 if ok else 1

    def finish(self):
        print("all checks passed" if self.failures == 0 else f"{self.failures} check(s) failed")
        sys.exit(1 if self.failures else 0)
