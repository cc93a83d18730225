#!/usr/bin/env python3
"""One case of `sonde dns --dnssec` against the DNSSEC lab started by lab.sh: sonde's verdict,
the link it names and its exit status, then BIND's delv on the same question (its verdict must
agree; the case is skipped loudly when delv is not installed).
Usage: check.py --sonde BIN --run RUNDIR CASE      (exit 77 when the lab or delv is unavailable)"""
import argparse
import json
import os
import shutil
import subprocess
import sys

# case: (name, type, verdict, where the chain breaks or what proves it, what the reason says)
CASES = {
    "secure": ("www.secure.test", "A", "secure", None, None),
    "nxdomain": ("nope.secure.test", "A", "secure", None, "NSEC"),
    "nodata": ("www.secure.test", "TXT", "secure", None, "NSEC at www.secure.test. lists only"),
    "wildcard": ("host.wild.secure.test", "A", "secure", None, "from the wildcard *.wild.secure.test."),
    "insecure_delegation": ("www.insecure.test", "A", "insecure", "insecure.test.", "NSEC3"),
    "ds_matches_no_key": ("www.badds.test", "A", "bogus", "badds.test.", "matches no DNSKEY of badds.test."),
    "expired": ("www.expired.test", "A", "bogus", "expired.test.", "RRSIG over expired.test. DNSKEY expired "),
    "not_yet_valid": ("www.future.test", "A", "bogus", "future.test.", "RRSIG over future.test. DNSKEY not valid before "),
    "altered": ("www.altered.test", "A", "bogus", None, "does not verify: the data or the signature was altered"),
    "missing_rrsig": ("www.nosig.test", "A", "bogus", None, "no RRSIG over www.nosig.test. A"),
    "nodata_without_nsec": ("www.nonsec.test", "TXT", "bogus", None,
                            "no NSEC or NSEC3 record proves that www.nonsec.test. has no TXT"),
    "hidden_insecure_cut": ("www.plain.secure.test", "A", "insecure", None, "insecure delegation plain.secure.test."),
    "optout_delegation": ("www.sub.optout.test", "A", "insecure", "sub.optout.test.", "opt-out"),
    "optout_nxdomain": ("nope.optout.test", "A", "secure", None, "opt-out"),
}


class Failure(Exception):
    pass


def expect(cond, what):
    if not cond:
        raise Failure(what)


def sonde(args, run, *extra, anchor=True):
    cmd = [args.sonde, "dns", *extra, "--root-hints", os.path.join(run, "root.hints"), "--dnssec",
           "--format", "json", "--timeout", "3"]
    if anchor:
        cmd += ["--trust-anchor", os.path.join(run, "root.ds")]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60)


def delv_verdict(run, name, rtype):
    out = subprocess.run(["delv", "@127.57.99.1", "-a", os.path.join(run, "anchor.conf"), "+root=.", name, rtype],
                         capture_output=True, text=True, timeout=60)
    text = out.stdout + out.stderr
    if "fully validated" in text:
        return "secure", text
    if "unsigned answer" in text:
        return "insecure", text
    return "bogus", text


def check_case(args, run, case):
    name, rtype, verdict, link, reason = CASES[case]
    proc = sonde(args, run, name, rtype)
    expect(proc.returncode == (1 if verdict == "bogus" else 0),
           f"exit {proc.returncode} for a {verdict} answer\n{proc.stderr}")
    doc = json.loads(proc.stdout)
    d = doc["dnssec"]
    expect(d["verdict"] == verdict, f"verdict {d['verdict']} ({d['reason']}), want {verdict}")
    expect((d["reason"] is None) == (verdict == "secure"), f"reason {d['reason']!r} for {verdict}")
    chain = {c["zone"]: c for c in d["chain"]}
    expect(chain["."]["security"] == "secure", f"the root link is not secure: {chain['.']}")
    if link:
        expect(link in chain, f"no link for {link} in {list(chain)}")
        expect(chain[link]["security"] == verdict, f"{link} is {chain[link]['security']}, want {verdict}")
        for zone, c in chain.items():  # every link above the broken one is secure
            if zone != link and link.endswith(zone if zone != "." else ""):
                expect(c["security"] == "secure", f"{zone} above {link} is {c['security']}")
    if reason:
        texts = [d["reason"] or ""] + [r["detail"] for r in d["rrsets"]] + [c["detail"] for c in d["chain"]]
        expect(any(reason in t for t in texts), f"nothing says {reason!r}: {texts}")
    if verdict == "secure" and case == "secure":
        # The fewest queries: one DNSKEY per zone, DS sets came with the referrals.
        expect(d["queries"] == 3, f"{d['queries']} validation queries for a three-zone chain")
        expect(all(len(c["ds"]) == 1 and c["keys"] for c in d["chain"]), f"key tags missing: {d['chain']}")
    if shutil.which("delv") is None:
        print("SKIPPED the delv comparison: delv is not installed (apt: bind9-dnsutils)", file=sys.stderr)
        return 77
    theirs, text = delv_verdict(run, name, rtype)
    expect(theirs == verdict, f"delv says {theirs}, sonde {verdict}:\n{text}")
    return 0


def check_misc(args, run, case):
    if case == "builtin_anchor":
        # The lab's root is not the real one: the built-in anchor cannot match, and sonde says why.
        proc = sonde(args, run, "www.secure.test", anchor=False)
        expect(proc.returncode == 1, f"exit {proc.returncode}\n{proc.stderr}")
        d = json.loads(proc.stdout)["dnssec"]
        expect(d["verdict"] == "bogus", d)
        expect(any("root hints are not the real root" in n for n in d["notes"]), d["notes"])
        expect("matches no DNSKEY of ." in d["reason"], d["reason"])
    elif case == "dnskey_anchor":
        # The anchor as a DNSKEY record (a BIND .key file, comments included) instead of a DS.
        proc = subprocess.run([args.sonde, "dns", "www.secure.test", "--root-hints", os.path.join(run, "root.hints"),
                               "--dnssec", "--trust-anchor", os.path.join(run, "root.key"), "--format", "json"],
                              capture_output=True, text=True, timeout=60)
        expect(proc.returncode == 0, f"exit {proc.returncode}\n{proc.stderr}")
        d = json.loads(proc.stdout)["dnssec"]
        expect(d["verdict"] == "secure", d)
        expect(d["anchor"].endswith("root.key") and d["chain"][0]["detail"].startswith("trust anchor → DNSKEY"), d)
    elif case == "bad_anchor":
        bad = os.path.join(run, "bad-anchor.ds")
        with open(bad, "w") as f:
            f.write("; broken\n. IN DS 20326 8 2 NOTHEX\n")
        proc = subprocess.run([args.sonde, "dns", "www.secure.test", "--dnssec", "--trust-anchor", bad],
                              capture_output=True, text=True, timeout=30)
        expect(proc.returncode == 3, f"exit {proc.returncode}")
        expect(f"{bad}:2" in proc.stderr and "DS digest is not hexadecimal" in proc.stderr, proc.stderr)
        expect(proc.stdout == "", "output written before the error")
        fifo = os.path.join(run, "anchor.fifo")
        if not os.path.exists(fifo):
            os.mkfifo(fifo)
        proc = subprocess.run([args.sonde, "dns", "www.secure.test", "--dnssec", "--trust-anchor", fifo],
                              capture_output=True, text=True, timeout=30)
        expect(proc.returncode == 3 and "not a regular file (a FIFO)" in proc.stderr and fifo in proc.stderr,
               f"FIFO anchor: exit {proc.returncode} {proc.stderr}")
    elif case == "text":
        proc = subprocess.run([args.sonde, "dns", "www.badds.test", "--root-hints", os.path.join(run, "root.hints"),
                               "--dnssec", "--trust-anchor", os.path.join(run, "root.ds")],
                              capture_output=True, text=True, timeout=60)
        expect(proc.returncode == 1, f"exit {proc.returncode}")
        lines = [l for l in proc.stdout.splitlines() if l.startswith("  badds.test.")]
        expect(lines and "bogus" in lines[0] and "matches no DNSKEY" in lines[0], proc.stdout)
        expect("verdict: bogus — " in proc.stdout, proc.stdout)
    return 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sonde", required=True)
    p.add_argument("--run", required=True)
    p.add_argument("case")
    args = p.parse_args()
    unavailable = os.path.join(args.run, "unavailable")
    if os.path.exists(unavailable) or not os.path.exists(os.path.join(args.run, "root.ds")):
        print("SKIPPED: the DNSSEC lab is not running: " + (open(unavailable).read().strip() if os.path.exists(unavailable) else "no root.ds"), file=sys.stderr)
        return 77
    try:
        if args.case in CASES:
            return check_case(args, args.run, args.case)
        return check_misc(args, args.run, args.case)
    except Failure as e:
        print(f"FAIL {args.case}: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
