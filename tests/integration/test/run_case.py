#!/usr/bin/env python3
"""One golden case of the `sonde test` conformance corpus.

usage: run_case.py SONDE STATE_DIR CASE [--list]
Runs `sonde test --variable host=http://127.0.0.1:PORT (tls_host: https, self-signed; state: the
server's folder, with its Unix socket http.sock) [extra args] cases/CASE.hurl` against
the corpus server (server.py, started by the CTest fixture) and compares exit code, stdout and
stderr with cases/CASE.out, after putting PORT for the port and N for timings. A first line
`# args: ...` in the .hurl file adds arguments (STATE_DIR there: the server's folder). SONDE_GOLDEN_UPDATE=1 rewrites
the .out file.
"""
import os
import re
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")


def cases():
    return sorted(os.path.splitext(f)[0] for f in os.listdir(CASES) if f.endswith((".hurl", ".http")))


def normalize(text, port, tls_port="-", mtls_port="-"):
    text = text.replace(f"127.0.0.1:{tls_port}", "127.0.0.1:TLSPORT")
    text = text.replace(f"127.0.0.1:{mtls_port}", "127.0.0.1:MTLSPORT")
    text = text.replace(f"127.0.0.1:{port}", "127.0.0.1:PORT").replace(f"localhost:{port}", "localhost:PORT")
    text = re.sub(r"\d+\.\d ms", "N ms", text)
    text = re.sub(r"OpenSSL/[0-9][0-9a-z.]*", "OpenSSL/V", text)  # TLS errors name the library's version
    text = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID", text)
    text = re.sub(r'"(duration_ms|dns|connect|tls|send|wait|transfer|total)": [0-9.]+', r'"\1": N', text)
    return text.replace(HERE + "/", "")


def normalize_state(text, state):
    return text.replace(os.path.abspath(state), "STATE")


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--list":
        print(";".join(cases()))
        return 0
    sonde, state, case = sys.argv[1], sys.argv[2], sys.argv[3]
    port = open(os.path.join(state, "port")).read().strip()
    tls_port = open(os.path.join(state, "tls_port")).read().strip()
    mtls_port = open(os.path.join(state, "mtls_port")).read().strip()
    hurl = os.path.join("cases", case + (".http" if os.path.exists(os.path.join(CASES, case + ".http")) else ".hurl"))
    first = open(os.path.join(HERE, hurl)).readline()
    extra = shlex.split(first[len("# args:"):]) if first.startswith("# args:") else []
    extra = [a.replace("STATE_DIR", os.path.abspath(state)) for a in extra]  # the server's folder
    cmd = [sonde, "test", "--color", "never", "--variable", f"host=http://127.0.0.1:{port}", "--variable", f"port={port}",
           "--variable", f"tls_host=https://127.0.0.1:{tls_port}",
           "--variable", f"mtls_host=https://127.0.0.1:{mtls_port}", "--variable", f"state={os.path.abspath(state)}",
           *extra, hurl]
    proc = subprocess.run(cmd, cwd=HERE, capture_output=True, text=True, timeout=120)
    out, err = (normalize_state(normalize(t, port, tls_port, mtls_port), state) for t in (proc.stdout, proc.stderr))
    got = f"exit {proc.returncode}\n--- stdout\n{out}--- stderr\n{err}"
    expected_path = os.path.join(CASES, case + ".out")
    if os.environ.get("SONDE_GOLDEN_UPDATE") == "1":
        open(expected_path, "w").write(got)
        return 0
    want = open(expected_path).read() if os.path.exists(expected_path) else "(no .out file yet)"
    if got != want:
        print(f"FAIL {case}: output differs from {expected_path}")
        for i, (w, g) in enumerate(zip(want.splitlines() + ["<end>"], got.splitlines() + ["<end>"])):
            if w != g:
                print(f"  line {i + 1}\n  want {w!r}\n  got  {g!r}")
                break
        print("--- full output ---\n" + got)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
