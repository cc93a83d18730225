#!/usr/bin/env python3
"""Runs `sonde check` against a fixture server and checks the exit code and the JSON result.

usage: run_case.py SONDE STATE_DIR EXPECTED_EXIT CHECK -- ARGS...
ARGS may contain {base}, replaced by http://127.0.0.1:PORT/v1 of the server in STATE_DIR.
CHECK is a Python expression over `out` (the parsed --format json output) that must hold, or "-"."""
import json
import os
import subprocess
import sys


def main():
    sonde, state, expected, check = sys.argv[1:5]
    args = sys.argv[sys.argv.index("--") + 1:]
    port_file = os.path.join(state, "port")
    port = open(port_file).read().strip() if os.path.exists(port_file) else "1"
    args = [a.replace("{base}", f"http://127.0.0.1:{port}/v1") for a in args]
    proc = subprocess.run([sonde, "check", "--format", "json"] + args, capture_output=True, text=True, timeout=60)
    print(proc.stdout)
    print(proc.stderr, file=sys.stderr)
    if proc.returncode != int(expected):
        print(f"FAIL: exit {proc.returncode}, expected {expected}")
        return 1
    if check != "-":
        out = json.loads(proc.stdout)
        if not eval(check, {"out": out, "any": any, "all": all, "len": len}):
            print(f"FAIL: check does not hold: {check}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
