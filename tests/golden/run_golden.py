#!/usr/bin/env python3
"""Runs one golden CLI case: the exact command in CASE/cmd, compared with the expected stdout,
stderr and exit code.

A case folder holds:
  cmd                 one shell command line, run from the project root; `sonde` is the built binary
  exit                the expected exit code (a number)
  stdout / stderr     the exact expected text (absent means: must be empty), or instead
  stdout.pattern /    the same with `{{REGEX}}` placeholders for what varies (timings, ports,
  stderr.pattern      addresses); everything outside the braces is literal
  requires            optional shell condition; when it fails the case is skipped (exit 77) loudly

SONDE_GOLDEN_UPDATE=1 rewrites stdout, stderr and exit from the actual run (pattern files are left
alone) so that a change of output is reviewed in the diff.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile


def pattern_to_regex(line):
    parts = re.split(r"\{\{(.*?)\}\}", line)
    return "".join(re.escape(p) if i % 2 == 0 else f"(?:{p})" for i, p in enumerate(parts))


def compare(name, actual, case_dir):
    exact = os.path.join(case_dir, name)
    pattern = exact + ".pattern"
    if os.path.exists(pattern):
        want = open(pattern, encoding="utf-8").read().splitlines()
        got = actual.splitlines()
        for i, want_line in enumerate(want):
            if i >= len(got):
                return f"{name}: line {i + 1} missing, wanted pattern {want_line!r}"
            if not re.fullmatch(pattern_to_regex(want_line), got[i]):
                return f"{name}: line {i + 1}\n  want (pattern) {want_line!r}\n  got            {got[i]!r}"
        if len(got) > len(want):
            return f"{name}: unexpected extra line {len(want) + 1}: {got[len(want)]!r}"
        return None
    want = open(exact, encoding="utf-8").read() if os.path.exists(exact) else ""
    if want == actual:
        return None
    want_lines, got_lines = want.splitlines(), actual.splitlines()
    for i in range(max(len(want_lines), len(got_lines))):
        w = want_lines[i] if i < len(want_lines) else "<end of output>"
        g = got_lines[i] if i < len(got_lines) else "<end of output>"
        if w != g:
            return f"{name}: first difference at line {i + 1}\n  want {w!r}\n  got  {g!r}"
    return f"{name}: differs in trailing newline or whitespace"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sonde", required=True)
    parser.add_argument("--root", required=True)
    parser.add_argument("case_dir")
    args = parser.parse_args()
    case_dir = os.path.abspath(args.case_dir)
    command = open(os.path.join(case_dir, "cmd"), encoding="utf-8").read().strip()

    with tempfile.TemporaryDirectory(prefix="sonde-golden-") as bin_dir:
        os.symlink(os.path.abspath(args.sonde), os.path.join(bin_dir, "sonde"))
        env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "CLICOLOR_FORCE")}
        env.update(PATH=bin_dir + os.pathsep + env.get("PATH", ""), LC_ALL="C.UTF-8", TERM="dumb",
                   COLUMNS="100", SONDE_CASE_DIR=case_dir, TMPDIR=bin_dir)
        requires = os.path.join(case_dir, "requires")
        if os.path.exists(requires):
            condition = open(requires, encoding="utf-8").read().strip()
            if subprocess.run(["bash", "-c", condition], cwd=args.root, env=env).returncode != 0:
                print(f"SKIPPED: requirement not met: {condition}")
                return 77
        proc = subprocess.run(["bash", "-c", command], cwd=args.root, env=env, capture_output=True,
                              timeout=120)
    stdout = proc.stdout.decode("utf-8", "replace")
    stderr = proc.stderr.decode("utf-8", "replace")

    if os.environ.get("SONDE_GOLDEN_UPDATE") == "1":
        for name, text in (("stdout", stdout), ("stderr", stderr)):
            path = os.path.join(case_dir, name)
            if os.path.exists(path + ".pattern"):
                continue
            if text:
                open(path, "w", encoding="utf-8").write(text)
            elif os.path.exists(path):
                os.remove(path)
        open(os.path.join(case_dir, "exit"), "w").write(f"{proc.returncode}\n")
        print(f"updated {case_dir}")
        return 0

    problems = []
    want_exit = int(open(os.path.join(case_dir, "exit")).read().strip())
    if proc.returncode != want_exit:
        problems.append(f"exit: want {want_exit}, got {proc.returncode}")
    for name, text in (("stdout", stdout), ("stderr", stderr)):
        diff = compare(name, text, case_dir)
        if diff:
            problems.append(diff)
    if problems:
        print(f"$ {command}")
        print("\n".join(problems))
        print("--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
