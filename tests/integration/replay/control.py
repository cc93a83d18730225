#!/usr/bin/env python3
"""Starts and stops the replay test server for the CTest fixture: `control.py start|stop STATE_DIR`.
start writes STATE_DIR/port and STATE_DIR/pid; stop signals that pid only."""
import os
import signal
import subprocess
import sys
import time


def start(state):
    os.makedirs(state, exist_ok=True)
    stop(state)
    port_file = os.path.join(state, "port")
    if os.path.exists(port_file):
        os.remove(port_file)
    server = os.path.join(os.path.dirname(os.path.abspath(__file__)), "server.py")
    log = open(os.path.join(state, "server.log"), "w")
    proc = subprocess.Popen([sys.executable, server, "--port-file", port_file], stdout=log, stderr=log,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    with open(os.path.join(state, "pid"), "w") as f:
        f.write(str(proc.pid))
    for _ in range(100):
        if os.path.exists(port_file):
            print(f"replay test server pid {proc.pid} on 127.0.0.1:{open(port_file).read()}")
            return 0
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    print("replay test server did not start; see " + os.path.join(state, "server.log"))
    return 1


def stop(state):
    pid_file = os.path.join(state, "pid")
    if not os.path.exists(pid_file):
        return 0
    pid = int(open(pid_file).read())
    os.remove(pid_file)
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return 0
    for _ in range(50):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return 0
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("start", "stop"):
        print("usage: control.py start|stop STATE_DIR")
        sys.exit(2)
    sys.exit(start(sys.argv[2]) if sys.argv[1] == "start" else stop(sys.argv[2]))
