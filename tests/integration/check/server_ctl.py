#!/usr/bin/env python3
"""CTest fixture helper: `start DIR MODE` launches server.py in the background (pid and port in
DIR), `stop DIR` ends it by PID."""
import os
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def start(state, mode):
    os.makedirs(state, exist_ok=True)
    stop(state)  # the server of an earlier run that was interrupted before its cleanup
    port_file = os.path.join(state, "port")
    if os.path.exists(port_file):
        os.remove(port_file)
    log = open(os.path.join(state, "server.log"), "w")
    proc = subprocess.Popen([sys.executable, os.path.join(HERE, "server.py"), "--mode", mode, "--port-file", port_file],
                            stdout=log, stderr=log, start_new_session=True)
    with open(os.path.join(state, "pid"), "w") as f:
        f.write(str(proc.pid))
    for _ in range(100):
        if os.path.exists(port_file):
            return 0
        if proc.poll() is not None:
            print(f"server exited early with {proc.returncode}; see {state}/server.log", file=sys.stderr)
            return 1
        time.sleep(0.05)
    print("server did not start listening within 5 s", file=sys.stderr)
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


if __name__ == "__main__":
    if sys.argv[1] == "start":
        sys.exit(start(sys.argv[2], sys.argv[3]))
    sys.exit(stop(sys.argv[2]))
