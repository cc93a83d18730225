#!/usr/bin/env python3
"""One integration case of `sonde dns` against the test hierarchy started by hierarchy.sh:
runs sonde with --format json and --root-hints pointing to our own hints, and asserts on the JSON.
Usage: check.py --sonde BIN --run RUNDIR CASE      (exit 77 when the hierarchy is unavailable)"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
HINTS = os.path.join(HERE, "root.hints")


class Failure(Exception):
    pass


def expect(cond, what):
    if not cond:
        raise Failure(what)


def sonde(ctx, *args, want_exit=0, prefix=()):
    cmd = list(prefix) + [ctx.sonde, "dns", *args, "--root-hints", HINTS, "--format", "json", "--timeout", "3"]
    started = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    ctx.wall = time.monotonic() - started
    if proc.returncode != want_exit:
        raise Failure(f"{' '.join(cmd)}: exit {proc.returncode}, wanted {want_exit}\nstderr: {proc.stderr}")
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        raise Failure(f"not JSON ({e}): {proc.stdout[:300]}")


def rrs(doc, rtype=None):
    return [(r["name"], r["type"], r["ttl"], r["data"]) for r in doc["answer"] if rtype in (None, r["type"])]


def answered_by(doc):
    return [s for s in doc["steps"] if s["answer"] and s["problem"] is None]


def all_steps(steps):
    for s in steps:
        yield s
        for lookup in s.get("lookups", []):
            yield from all_steps(lookup["steps"])


def case_plain(ctx):
    d = sonde(ctx, "www.good.test")
    expect(d["query"] == {"name": "www.good.test.", "type": "A"}, d["query"])
    expect(rrs(d) == [("www.good.test.", "A", 300, "192.0.2.10")], rrs(d))
    expect(d["rcode"] == "NOERROR" and d["problems"] == [], (d["rcode"], d["problems"]))
    expect([s["zone"] for s in d["steps"]] == [".", "test.", "good.test."], [s["zone"] for s in d["steps"]])
    first = d["steps"][0]
    expect(first["referral"]["zone"] == "test." and first["referral"]["glue"] == {"ns1.nic.test.": ["127.54.1.1"]},
           first["referral"])
    expect(first["flags"] == ["qr"] and first["transport"] == "udp" and first["rtt_ms"] >= 0, first)
    expect("aa" in d["steps"][-1]["flags"], d["steps"][-1]["flags"])
    expect(d["queries"] == 3, d["queries"])


def case_aaaa(ctx):
    d = sonde(ctx, "www.good.test", "AAAA")
    expect(rrs(d) == [("www.good.test.", "AAAA", 300, "2001:db8::10")], rrs(d))


def case_cname_in_zone(ctx):
    d = sonde(ctx, "ftp.good.test")
    expect(rrs(d) == [("ftp.good.test.", "CNAME", 600, "www.good.test."), ("www.good.test.", "A", 300, "192.0.2.10")], rrs(d))


def case_cname_chain(ctx):
    # Three zones, two TLDs; the last link's zone has a glueless out-of-bailiwick NS.
    d = sonde(ctx, "chain.good.test")
    expect(rrs(d) == [("chain.good.test.", "CNAME", 600, "hop.other.test."),
                      ("hop.other.test.", "CNAME", 600, "cdn.far.example."),
                      ("cdn.far.example.", "A", 120, "192.0.2.90")], rrs(d))
    expect({s["name"] for s in d["steps"]} >= {"chain.good.test.", "hop.other.test.", "cdn.far.example."}, d["steps"])


def case_glueless(ctx):
    d = sonde(ctx, "cdn.far.example")
    expect(rrs(d) == [("cdn.far.example.", "A", 120, "192.0.2.90")], rrs(d))
    referral = [s["referral"] for s in d["steps"] if s["referral"] and s["referral"]["zone"] == "far.example."]
    expect(referral and sorted(referral[0]["ns"]) == ["ns1.good.test.", "ns2.good.test."] and referral[0]["glue"] == {},
           referral)
    lookups = [l for s in d["steps"] for l in s.get("lookups", [])]
    expect(lookups and lookups[0]["name"] == "ns1.good.test." and lookups[0]["addresses"] == ["127.54.10.1"], lookups)
    expect([s["zone"] for s in lookups[0]["steps"]] == [".", "test.", "good.test."], lookups[0]["steps"])
    # --all-servers also asks the second glueless server, which the trace did not need to look up.
    d = sonde(ctx, "cdn.far.example", "--all-servers")
    expect(sorted((c["server"], c["address"], c["problem"]) for c in d["servers"]) ==
           [("ns1.good.test.", "127.54.10.1", None), ("ns2.good.test.", "127.54.10.1", None)], d["servers"])


def case_no_system_resolver(ctx):
    # The system resolver points at nothing: a trace that needs a glueless lookup still works.
    if shutil.which("unshare") is None:
        raise Failure("unshare missing")
    with tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False) as f:
        f.write("nameserver 127.54.99.99\n")
    wrapper = ["unshare", "-m", "sh", "-c", f'mount --bind {f.name} /etc/resolv.conf && exec "$0" "$@"']
    d = sonde(ctx, "chain.good.test", prefix=wrapper)
    expect(rrs(d, "A") == [("cdn.far.example.", "A", 120, "192.0.2.90")], rrs(d))
    os.unlink(f.name)


def case_compare(ctx):
    # --compare asks the system resolvers: here a server that refuses, which must be reported.
    with tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False) as f:
        f.write("nameserver 127.54.2.1\n")
    wrapper = ["unshare", "-m", "sh", "-c", f'mount --bind {f.name} /etc/resolv.conf && exec "$0" "$@"']
    d = sonde(ctx, "www.good.test", "--compare", want_exit=1, prefix=wrapper)
    expect(len(d["resolvers"]) == 1 and d["resolvers"][0]["address"] == "127.54.2.1", d["resolvers"])
    expect(d["resolvers"][0]["rcode"] == "REFUSED" and d["resolvers"][0]["problem"].startswith("differs"), d["resolvers"])
    os.unlink(f.name)


def case_dangling(ctx):
    d = sonde(ctx, "dangling.good.test")
    expect(d["rcode"] == "NXDOMAIN", d["rcode"])
    expect(rrs(d) == [("dangling.good.test.", "CNAME", 600, "gone.other.test.")], rrs(d))
    expect(d["negative_ttl"] == 600 and d["authority"][0]["name"] == "other.test.", (d["negative_ttl"], d["authority"]))


def case_nxdomain(ctx):
    d = sonde(ctx, "nope.good.test")
    expect(d["rcode"] == "NXDOMAIN" and not d["nodata"] and d["answer"] == [], d)
    expect(d["negative_ttl"] == 300 and d["authority"][0]["type"] == "SOA", d["authority"])


def case_nxdomain_root(ctx):
    d = sonde(ctx, "foo.invalidtld")
    expect(d["rcode"] == "NXDOMAIN" and len(d["steps"]) == 1 and d["negative_ttl"] == 86400, d)


def case_nodata(ctx):
    d = sonde(ctx, "v4only.good.test", "AAAA")
    expect(d["rcode"] == "NOERROR" and d["nodata"] and d["answer"] == [] and d["negative_ttl"] == 300, d)


def case_empty_non_terminal(ctx):
    d = sonde(ctx, "_tcp.good.test", "SRV")
    expect(d["rcode"] == "NOERROR" and d["nodata"], d)


def case_lame(ctx):
    lame = [("ns-dead.lame.test. (127.54.9.9)", "lame: unreachable"),
            ("ns-refused.lame.test. (127.54.2.1)", "lame: REFUSED"),
            ("ns-upward.lame.test. (127.54.0.1)", "lame: upward referral")]
    for _ in range(20):
        d = sonde(ctx, "www.lame.test", want_exit=1)
        expect(rrs(d) == [("www.lame.test.", "A", 3600, "192.0.2.53")], rrs(d))
        expect(answered_by(d)[-1]["address"] == "127.54.10.1", answered_by(d)[-1])
        # Once one lame server is met the zone is swept: all three are named on every run.
        named = sorted((p["server"], p["problem"]) for p in d["problems"])
        expect(named == lame, named)
    d = sonde(ctx, "www.lame.test", "--all-servers", want_exit=1)
    found = {(p["server"], p["problem"]) for p in d["problems"]}
    for want in [("ns-dead.lame.test. (127.54.9.9)", "lame: unreachable"),
                 ("ns-refused.lame.test. (127.54.2.1)", "lame: REFUSED"),
                 ("ns-upward.lame.test. (127.54.0.1)", "lame: upward referral")]:
        expect(want in found, f"{want} not in {found}")
    expect(not any("127.54.10.1" in p["server"] for p in d["problems"]), d["problems"])
    expect(len(d["servers"]) == 4, d["servers"])


def case_slow(ctx):
    d = sonde(ctx, "www.slow.test", want_exit=1)
    expect(rrs(d) == [("www.slow.test.", "A", 3600, "192.0.2.99")], rrs(d))
    # Without racing, the silent server would cost the whole 3 s timeout; the margin below it
    # absorbs a loaded CI machine (sanitizers, two cores) without hiding a missing race.
    expect(ctx.wall < 2.5, f"took {ctx.wall:.2f} s with a 3 s timeout: the silent server was not raced")
    silent = [s for s in d["steps"] if s["address"] == "127.54.9.10"]
    expect(silent and silent[0]["problem"].startswith("slow:") and silent[0]["rtt_ms"] is None, silent)


def case_forged_replies(ctx):
    # The first server forges replies (wrong ID, wrong question): never taken, the good one answers.
    d = sonde(ctx, "www.spoof.test", want_exit=1)
    expect(rrs(d) == [("www.spoof.test.", "A", 3600, "192.0.2.77")], rrs(d))
    liar = [s for s in d["steps"] if s["address"] == "127.54.9.11"]
    expect(liar and liar[0]["answer"] == [] and liar[0]["problem"] is not None, liar)
    # c-ares drops both forgeries; sonde's socket hooks still see and count them, per server.
    expect(d["ignored_replies"] == 2, d["ignored_replies"])
    expect(liar[0]["note"] == "2 forged or mismatching replies ignored", liar[0])
    # Waiting on a forged reply would cost the 3 s timeout.
    expect(ctx.wall < 2.5, f"took {ctx.wall:.2f} s with a 3 s timeout: a forged reply was waited on")


def case_all_lame(ctx):
    d = sonde(ctx, "www.broken.test", want_exit=4)
    expect(d["failure"] and d["rcode"] is None and d["answer"] == [], d)
    labels = sorted(p["problem"] for p in d["problems"])
    expect(labels == ["lame: REFUSED", "lame: unreachable"], labels)


def case_tcp_fallback(ctx):
    d = sonde(ctx, "big.good.test", "TXT")
    last = d["steps"][-2:]
    expect("tc" in last[0]["flags"] and last[0]["transport"] == "udp" and "truncated" in last[0]["note"], last[0])
    expect(last[1]["transport"] == "tcp" and last[1]["address"] == last[0]["address"], last[1])
    data = rrs(d, "TXT")
    expect(len(data) == 1 and data[0][3].count('" "') == 7 and data[0][3].startswith('"part1-'), data)


def case_record_types(ctx):
    checks = [
        (("good.test", "MX"), "10 mail.good.test."),
        (("good.test", "CAA"), '0 issue "ca.example"'),
        (("good.test", "TXT"), '"v=spf1 -all"'),
        (("_sip._tcp.good.test", "SRV"), "10 60 5060 www.good.test."),
        (("good.test", "SOA"), "ns1.good.test. hostmaster.good.test. 2024010101 7200 3600 1209600 300"),
        (("good.test", "NS"), "ns1.good.test."),
    ]
    for args, want in checks:
        d = sonde(ctx, *args)
        expect([r[3] for r in rrs(d)] == [want], (args, rrs(d)))
    d = sonde(ctx, "multi.good.test", "TXT")
    expect(sorted(r[3] for r in rrs(d)) == ['"another record"', '"first string" "second string"'], rrs(d))


def case_dnssec_types(ctx):
    # good.test is signed by knot on load (keys generated at start, so only the shape is fixed).
    keys = sorted(r[3].split()[:3] for r in rrs(sonde(ctx, "good.test", "DNSKEY")))
    expect(keys == [["256", "3", "13"], ["257", "3", "13"]], keys)
    nsec = [r[3] for r in rrs(sonde(ctx, "good.test", "NSEC"))]
    expect(len(nsec) == 1 and nsec[0].startswith("_sip._tcp.good.test. A NS SOA MX TXT RRSIG NSEC DNSKEY"), nsec)
    sigs = [r[3] for r in rrs(sonde(ctx, "good.test", "RRSIG"))]
    expect(any(s.startswith("A 13 2 3600 ") and " good.test. " in s for s in sigs), sigs)


def case_unknown_type(ctx):
    d = sonde(ctx, "unknown.good.test", "TYPE65280")
    expect(rrs(d) == [("unknown.good.test.", "TYPE65280", 3600, "\\# 4 DEADBEEF")], rrs(d))


def case_reports(ctx):
    with tempfile.TemporaryDirectory() as tmp:
        report_json, report_junit = os.path.join(tmp, "r.json"), os.path.join(tmp, "r.xml")
        d = sonde(ctx, "www.lame.test", "--report-json", report_json, "--report-junit", report_junit, want_exit=1)
        expect(json.load(open(report_json)) == d, "the JSON report differs from stdout")
        junit = open(report_junit).read()
        expect("<failure" in junit and "lame: unreachable" in junit, junit)


def case_reverse(ctx):
    d = sonde(ctx, "-x", "192.0.2.10")
    expect(d["query"] == {"name": "10.2.0.192.in-addr.arpa.", "type": "PTR"}, d["query"])
    expect(rrs(d) == [("10.2.0.192.in-addr.arpa.", "PTR", 3600, "www.good.test.")], rrs(d))


def case_server(ctx):
    d = sonde(ctx, "www.good.test", "--server", "127.54.10.1")
    expect(len(d["steps"]) == 1 and d["steps"][0]["address"] == "127.54.10.1", d["steps"])
    expect(rrs(d) == [("www.good.test.", "A", 300, "192.0.2.10")], rrs(d))


def case_all_servers_consistent(ctx):
    d = sonde(ctx, "www.good.test", "--all-servers")
    expect(len(d["servers"]) == 1 and d["servers"][0]["serial"] == 2024010101 and d["servers"][0]["problem"] is None,
           d["servers"])


def case_nsid(ctx):
    d = sonde(ctx, "www.good.test", "--nsid")
    expect([s.get("nsid") for s in d["steps"]] == ["root", "tld", "leaf"], [s.get("nsid") for s in d["steps"]])


def case_several_types(ctx):
    d = sonde(ctx, "www.good.test", "A", "AAAA")
    expect(isinstance(d, list) and [x["query"]["type"] for x in d] == ["A", "AAAA"], d)


CASES = {name[5:]: fn for name, fn in globals().items() if name.startswith("case_")}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sonde", required=True)
    parser.add_argument("--run", required=True)
    parser.add_argument("case", choices=sorted(CASES))
    args = parser.parse_args()
    unavailable = os.path.join(args.run, "unavailable")
    if os.path.exists(unavailable) or not os.path.isdir(args.run):
        reason = open(unavailable).read().strip() if os.path.exists(unavailable) else "hierarchy not started"
        print(f"SKIPPED: DNS test hierarchy unavailable: {reason}")
        return 77
    args.wall = 0.0
    try:
        CASES[args.case](args)
    except Failure as e:
        print(f"FAIL {args.case}: {e}")
        return 1
    print(f"ok {args.case}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
