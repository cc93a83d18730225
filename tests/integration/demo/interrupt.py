#!/usr/bin/env python3
"""Interrupts the tour in its last step, when both mock servers run, and checks that it stops
them: `ctrl-c` sends SIGINT to the tour's process group (what a terminal does), `term` sends
SIGTERM to the tour's shell alone (what `kill PID` does). Afterwards no process that carries the
tour's marker may be alive (see leftovers.py).
Usage: interrupt.py SONDE ROOT ctrl-c|term"""
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import leftovers  # noqa: E402


def main():
    sonde, root, how = sys.argv[1], sys.argv[2], sys.argv[3]
    mark = f"interrupt-{how}-{os.getpid()}"
    env = dict(os.environ, SONDE=sonde, SONDE_COLOR="never", SONDE_TOUR_MARK=mark)
    # A session of its own, like a job in a terminal: the group signal reaches only the tour.
    proc = subprocess.Popen(["bash", os.path.join(root, "scripts", "demo")], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    seen = []
    last_step = False
    for line in proc.stdout:
        seen.append(line.decode(errors="replace"))
        last_step = last_step or line.startswith(b"== 5.")
        # The replay's first attempt got its 503 and now waits 1 s (Retry-After) before the next:
        # a window that a loaded machine cannot close before the signal lands.
        if last_step and line.lstrip().startswith(b"#1 "):
            break
    else:
        print("FAIL: the tour ended before its last step's first retry:\n" + "".join(seen))
        return 1
    running = leftovers.marked(mark)
    print(f"before the signal: {len(running)} process(es) of the tour")
    if how == "ctrl-c":
        os.killpg(proc.pid, signal.SIGINT)
    else:
        os.kill(proc.pid, signal.SIGTERM)
    try:
        rest, _ = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        rest, _ = proc.communicate()
        print("FAIL: the tour did not stop within 30 s of the signal")
    seen.append(rest.decode(errors="replace"))
    fail = 0
    if proc.returncode == 0:
        print("FAIL: the tour exited 0 although it was interrupted")
        fail = 1
    else:
        print(f"ok: the tour stopped (status {proc.returncode})")
    deadline = time.monotonic() + 5
    while (left := leftovers.marked(mark)) and time.monotonic() < deadline:
        time.sleep(0.1)
    if left:
        fail = 1
        print("FAIL: still running after the interrupted tour returned:")
        for pid, cmd in left:
            print(f"  pid {pid}: {cmd}")
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
    else:
        print("ok: nothing the tour started is still running")
    if fail:
        print("--- tour output ---\n" + "".join(seen))
    return fail


if __name__ == "__main__":
    sys.exit(main())
