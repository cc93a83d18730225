#!/usr/bin/env bash
# Checks every row of the ground-truth table in ../shared/labs/dns/README.md against the JSON of
# `sonde dns`, with the system resolver made unusable (a private mount namespace whose
# /etc/resolv.conf points at an address where nothing listens).
# Usage: tests/lab/dns_lab_check.sh SONDE_BINARY [LAB_DIR]
# Exit 0 every row right, 1 some row wrong, 77 the lab is not running (start it with
# `sudo ../shared/labs/dns/start`).
set -u
sonde=$(realpath "${1:?usage: dns_lab_check.sh SONDE_BINARY [LAB_DIR]}")
here=$(cd "$(dirname "$0")" && pwd)
lab=$(realpath "${2:-$here/../../../shared/labs/dns}")
if ! "$lab/status" >/dev/null 2>&1; then
  echo "SKIPPED: the DNS lab is not running ($lab/status failed); start it with: sudo $lab/start" >&2
  exit 77
fi
wrapper=()
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
  dead_conf=$(mktemp)
  echo "nameserver 127.0.0.254" > "$dead_conf"
  wrapper=(unshare -m sh -c "mount --bind $dead_conf /etc/resolv.conf && exec \"\$0\" \"\$@\"")
  trap 'rm -f "$dead_conf"' EXIT
else
  echo "note: not root, so the system resolver stays usable during this check" >&2
fi
SONDE="$sonde" HINTS="$lab/root.hints" RUN="${DNS_LAB_DIR:-/tmp/sonde-dns-lab}" python3 - "${wrapper[@]}" <<'PY'
import json, os, subprocess, sys, time

wrapper = sys.argv[1:]
failures = []
skipped = []


def run(*args, want_exit=None):
    cmd = wrapper + [os.environ["SONDE"], "dns", *args, "--root-hints", os.environ["HINTS"], "--format", "json"]
    t0 = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    wall = time.monotonic() - t0
    if want_exit is not None and p.returncode != want_exit:
        raise AssertionError(f"exit {p.returncode}, wanted {want_exit}: {p.stderr.strip()}")
    return json.loads(p.stdout), p.returncode, wall


def data(d, t=None):
    return [(r["type"], r["ttl"], r["data"]) for r in d["answer"] if t in (None, r["type"])]


def cuts(d):
    name = d["query"]["name"]
    return sum(1 for s in d["steps"] if s["referral"] and s["name"] == name)


def row(number, title, fn):
    try:
        fn()
        print(f"ok    row {number:>2}  {title}")
    except AssertionError as e:
        failures.append(number)
        print(f"FAIL  row {number:>2}  {title}: {e}")
    except Skip as e:
        skipped.append(number)
        print(f"SKIP  row {number:>2}  {title}: {e}")


def eq(got, want):
    assert got == want, f"got {got!r}, wanted {want!r}"


def simple(name, rtype, want, n_cuts=None, extra=()):
    def fn():
        d, code, _ = run(name, rtype, *extra)
        eq(d["rcode"], "NOERROR")
        eq(sorted(data(d, rtype)), sorted(want))
        if n_cuts is not None:
            eq(cuts(d), n_cuts)
    return fn


def negative(name, rtype, rcode, nodata, ttl=None, n_cuts=None, soa_zone=None):
    def fn():
        d, _, _ = run(name, rtype, want_exit=0)
        eq((d["rcode"], d["nodata"]), (rcode, nodata))
        if ttl is not None:
            eq(d["negative_ttl"], ttl)
        if soa_zone is not None:
            eq(d["authority"][0]["name"], soa_zone)
        if n_cuts is not None:
            eq(cuts(d), n_cuts)
    return fn


def chain(name, want):
    def fn():
        d, _, _ = run(name, "A")
        eq(data(d), want)
    return fn


def row7():
    d, _, _ = run("dangling.shop.test", "A", want_exit=0)
    eq((d["rcode"], data(d)), ("NXDOMAIN", [("CNAME", 600, "gone.corp.example.")]))
    eq((d["authority"][0]["name"], d["negative_ttl"]), ("corp.example.", 300))


def row8():
    for t, v in (("A", "192.0.2.90"), ("AAAA", "2001:db8::90")):
        d, _, _ = run("cdn.media.example", t)
        eq(data(d), [(t, 120, v)])
        lookups = [l["name"] for s in d["steps"] for l in s.get("lookups", [])]
        assert lookups, "no nested lookup of the glueless NS"
        ref = [s["referral"] for s in d["steps"] if s["referral"] and s["referral"]["zone"] == "media.example."][0]
        eq((sorted(ref["ns"]), ref["glue"]), (["ns1.shop.test.", "ns2.shop.test."], {}))


LAME_SERVERS = [("ns-dead.lame.test.", "lame: unreachable"), ("ns-refused.lame.test.", "lame: REFUSED"),
                ("ns-upward.lame.test.", "lame: upward referral")]


def row11():
    # Every run, not only --all-servers, must name all three lame servers (the zone is swept once
    # one lame server is met) and take the answer from the good one.
    for _ in range(20):
        d, _, _ = run("www.lame.test", "A", want_exit=1)
        eq(data(d), [("A", 3600, "192.0.2.53")])
        eq([s["address"] for s in d["steps"] if s["answer"] and not s["problem"]][-1], "127.53.10.1")
        eq(sorted((p["server"].split()[0], p["problem"]) for p in d["problems"]), LAME_SERVERS)
    d, code, _ = run("www.lame.test", "A", "--all-servers", want_exit=1)
    named = {(p["server"].split()[0], p["problem"]) for p in d["problems"]}
    for want in LAME_SERVERS:
        assert want in named, f"{want} not named in {named}"


def row12():
    d, _, wall = run("www.slow.test", "A")
    eq(data(d), [("A", 3600, "192.0.2.99")])
    eq([s["address"] for s in d["steps"] if s["answer"] and not s["problem"]][-1], "127.53.10.2")
    assert wall < 1.0, f"took {wall:.2f} s"


def row13():
    d, _, _ = run("www.broken.test", "A", want_exit=4)
    assert d["failure"] and d["rcode"] is None, d["failure"]
    eq(sorted(p["problem"] for p in d["problems"]), ["lame: REFUSED", "lame: unreachable"])


def row14():
    d, _, _ = run("big.shop.test", "TXT")
    txt = data(d, "TXT")
    eq(len(txt), 1)
    eq((txt[0][1], txt[0][2].count('" "') + 1), (3600, 8))
    eq(len(txt[0][2]) - 8 * 2 - 7, 1920)  # 8 strings of 240 characters, quoted and space-separated
    udp = [s for s in d["steps"] if "tc" in s["flags"]]
    assert udp and udp[0]["transport"] == "udp", "no truncated UDP step"
    eq(d["steps"][-1]["transport"], "tcp")


def row15():
    simple("www.l5.l4.l3.deep.test", "A", [("A", 3600, "192.0.2.35")], 5)()
    simple("www.l5.l4.l3.deep.test", "AAAA", [("AAAA", 3600, "2001:db8::35")], 5)()
    simple("www.l5.l4.l3.deep.test", "TXT", [("TXT", 3600, '"deepest"')], 5)()


def row16():
    for name, last, n in (("www.deep.test", 31, 2), ("www.l3.deep.test", 32, 3), ("www.l4.l3.deep.test", 33, 4)):
        simple(name, "A", [("A", 3600, f"192.0.2.{last}")], n)()


def row30():
    d, _, _ = run(".", "NS")
    eq(sorted(data(d)), [("NS", 518400, "a.root-servers.test."), ("NS", 518400, "b.root-servers.test.")])
    eq(cuts(d), 0)


def row31():
    d, _, _ = run("test.", "NS")
    ref = d["steps"][0]["referral"]
    eq((ref["zone"], sorted(ref["ns"]), ref["ttl"]), ("test.", ["a.nic.test.", "b.nic.test."], 172800))
    eq(ref["glue"], {"a.nic.test.": ["127.53.1.1"], "b.nic.test.": ["127.53.1.2"]})


class Skip(Exception):
    pass


def row32():
    probe, _, _ = run("shop.test", "DNSKEY", "--server", "127.53.10.1")
    if not data(probe, "DNSKEY"):
        raise Skip("the lab is unsigned (its start script signs only when dnssec-keygen from bind9-utils "
                   "is installed); DNSSEC types are covered by tests/integration/dns on a knot-signed zone")
    for name, t in (("shop.test", "DNSKEY"), ("test", "DS"), (".", "DNSKEY")):
        d, _, _ = run(name, t)
        assert data(d, t), f"no {t} for {name}"


def resolver_verdict(name, rtype):
    """The lab's validating resolver (BIND) on the same question: AD set = secure, SERVFAIL =
    bogus, otherwise insecure."""
    p = subprocess.run(["dig", "@127.53.53.53", "+dnssec", "+time=2", "+tries=1", name, rtype],
                       capture_output=True, text=True, timeout=30)
    header = next((l for l in p.stdout.splitlines() if "flags:" in l), "")
    status = next((l for l in p.stdout.splitlines() if "status:" in l), "")
    if not header:
        raise Skip("the lab resolver 127.53.53.53 does not answer (named is optional in the lab)")
    if "SERVFAIL" in status:
        return "bogus"
    flags = header.split("flags:")[1].split(";")[0].split()
    return "secure" if "ad" in flags else "insecure"


def row33():
    anchor = os.path.join(os.environ["RUN"], "root-anchor.ds")
    if not os.path.exists(anchor):
        raise Skip("the lab is unsigned (no root-anchor.ds in its run folder)")
    questions = [("www.shop.test", "A"), ("ftp.shop.test", "A"), ("alias.shop.test", "A"), ("chain.shop.test", "A"),
                 ("nope.shop.test", "A"), ("v4only.shop.test", "AAAA"), ("_tcp.shop.test", "SRV"),
                 ("multi.shop.test", "TXT"), ("big.shop.test", "TXT"), ("www.corp.example", "A"),
                 ("nonexistent.test", "A"), ("foo.invalidtld", "A"), ("www.l5.l4.l3.deep.test", "A")]
    wrong = []
    for name, rtype in questions:
        theirs = resolver_verdict(name, rtype)
        d, code, _ = run(name, rtype, "--dnssec", "--trust-anchor", anchor)
        ours = d["dnssec"]["verdict"]
        if ours != theirs or code != (1 if ours == "bogus" else 0):
            wrong.append(f"{name} {rtype}: sonde {ours} (exit {code}: {d['dnssec']['reason']}), resolver {theirs}")
    assert not wrong, "; ".join(wrong)


row(1, "www.shop.test A", simple("www.shop.test", "A", [("A", 300, "192.0.2.10")], 2))
row(2, "www.shop.test AAAA", simple("www.shop.test", "AAAA", [("AAAA", 300, "2001:db8::10")], 2))
row(3, "shop.test A/AAAA", lambda: (simple("shop.test", "A", [("A", 3600, "192.0.2.10")], 2)(),
                                     simple("shop.test", "AAAA", [("AAAA", 3600, "2001:db8::10")], 2)()))
row(4, "ftp.shop.test (in-zone CNAME)", chain("ftp.shop.test", [("CNAME", 600, "www.shop.test."), ("A", 300, "192.0.2.10")]))
row(5, "alias.shop.test (CNAME across TLDs)", chain("alias.shop.test", [("CNAME", 600, "www.corp.example."), ("A", 900, "192.0.2.80")]))
row(6, "chain.shop.test (3 zones, 2 TLDs)", chain("chain.shop.test", [("CNAME", 600, "hop.corp.example."),
                                                                     ("CNAME", 600, "cdn.media.example."), ("A", 120, "192.0.2.90")]))
row(7, "dangling.shop.test (dangling CNAME)", row7)
row(8, "cdn.media.example (glueless out-of-bailiwick)", row8)
row(9, "media.example NS", simple("media.example", "NS", [("NS", 3600, "ns1.shop.test."), ("NS", 3600, "ns2.shop.test.")], 2))
row(10, "www.corp.example A/AAAA", lambda: (simple("www.corp.example", "A", [("A", 900, "192.0.2.80")], 2)(),
                                            simple("www.corp.example", "AAAA", [("AAAA", 900, "2001:db8::80")], 2)()))
row(11, "www.lame.test (20/20, lame servers named)", row11)
row(12, "www.slow.test (< 1 s)", row12)
row(13, "www.broken.test (all lame: exit 4)", row13)
row(14, "big.shop.test TXT (TCP)", row14)
row(15, "www.l5.l4.l3.deep.test (5 cuts)", row15)
row(16, "deep.test intermediate levels", row16)
row(17, "shop.test MX", simple("shop.test", "MX", [("MX", 3600, "10 mail.shop.test."), ("MX", 3600, "20 mx.corp.example.")], 2))
row(18, "_sip._tcp.shop.test SRV", simple("_sip._tcp.shop.test", "SRV", [("SRV", 3600, "10 60 5060 sip.shop.test."),
                                                                       ("SRV", 3600, "20 40 5060 sip2.shop.test.")], 2))
row(19, "shop.test CAA", simple("shop.test", "CAA", [("CAA", 3600, '0 issue "ca.example"'),
                                                    ("CAA", 3600, '0 iodef "mailto:security@shop.test"')], 2))
row(20, "shop.test TXT", simple("shop.test", "TXT", [("TXT", 3600, '"v=spf1 mx -all"')], 2))
row(21, "multi.shop.test TXT", simple("multi.shop.test", "TXT", [("TXT", 3600, '"first string" "second string"'),
                                                                ("TXT", 3600, '"another record"')], 2))
row(22, "shop.test NS", simple("shop.test", "NS", [("NS", 3600, "ns1.shop.test."), ("NS", 3600, "ns2.shop.test.")], 2))
row(23, "shop.test SOA", simple("shop.test", "SOA", [("SOA", 3600, "ns1.shop.test. hostmaster.shop.test. 2024010101 7200 3600 1209600 300")], 2))
row(24, "short.shop.test A (TTL 60)", simple("short.shop.test", "A", [("A", 60, "192.0.2.60")], 2))
row(25, "nope.shop.test (NXDOMAIN)", negative("nope.shop.test", "A", "NXDOMAIN", False, 300, 2, "shop.test."))
row(26, "v4only.shop.test AAAA (NODATA)", negative("v4only.shop.test", "AAAA", "NOERROR", True, 300, 2, "shop.test."))
row(27, "_tcp.shop.test SRV (empty non-terminal)", negative("_tcp.shop.test", "SRV", "NOERROR", True, None, 2))
row(28, "nonexistent.test (NXDOMAIN from test.)", negative("nonexistent.test", "A", "NXDOMAIN", False, None, 1, "test."))
row(29, "foo.invalidtld (NXDOMAIN from the root)", negative("foo.invalidtld", "A", "NXDOMAIN", False, None, 0, "."))
row(30, ". NS (priming)", row30)
row(31, "test. NS (referral at the root)", row31)
row(32, "DNSSEC records present", row32)
row(33, "DNSSEC verdicts agree with the lab's validating resolver (AD bit)", row33)

print(f"\n{33 - len(failures) - len(skipped)}/{33 - len(skipped)} rows right" + (f"; wrong: {failures}" if failures else "")
      + (f"; skipped: {skipped}" if skipped else ""))
sys.exit(1 if failures else 0)
PY
