#!/usr/bin/env python3
"""Lists the processes whose environment holds SONDE_TOUR_MARK=MARK (what a tour run started, as
every child inherits the variable), waiting up to 2 s for them to go; exit 1 if any is left.
Usage: leftovers.py MARK [--kill]   (--kill: also SIGKILL them, so a failed test cleans up)"""
import os
import signal
import sys
import time


def marked(mark):
    needle = f"SONDE_TOUR_MARK={mark}".encode()
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                if needle not in f.read().split(b"\0"):
                    continue
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:  # gone meanwhile, or not ours to read
            continue
        if cmd:  # a zombie has an empty command line and holds nothing
            found.append((int(pid), cmd))
    return found


def main():
    mark, kill = sys.argv[1], "--kill" in sys.argv[2:]
    deadline = time.monotonic() + 2
    while (found := marked(mark)) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid, cmd in found:
        print(f"  pid {pid}: {cmd}")
        if kill:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
