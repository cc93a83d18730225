"""DNS messages for the dns_message fuzz target's seed corpus, built field by field (RFC 1035):
the reply shapes the trace meets (answer, CNAME chain, referral with glue, NXDOMAIN and NODATA
with SOA, truncation, EDNS, DNSSEC records) and a few broken ones (compression loop, pointer past
the end, counts larger than the message)."""
import struct

A, NS, CNAME, SOA, MX, TXT, AAAA, SRV, OPT, DS, RRSIG, NSEC, DNSKEY, NSEC3, CAA = (
    1, 2, 5, 6, 15, 16, 28, 33, 41, 43, 46, 47, 48, 50, 257)


def name(text):
    out = b""
    for label in text.strip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def header(qid=0x1234, flags=0x8400, qd=1, an=0, ns=0, ar=0):
    return struct.pack(">HHHHHH", qid, flags, qd, an, ns, ar)


def question(qname, qtype=A):
    return name(qname) + struct.pack(">HH", qtype, 1)


def rr(owner, rtype, rdata, ttl=300, owner_bytes=None):
    return (owner_bytes if owner_bytes is not None else name(owner)) + struct.pack(">HHIH", rtype, 1, ttl, len(rdata)) + rdata


def soa(zone):
    return name("ns1." + zone) + name("hostmaster." + zone) + struct.pack(">IIIII", 2026120401, 3600, 600, 86400, 60)


def messages():
    q = "www.shop.test."
    yield header(flags=0x0100, qd=1) + question(q)  # a query
    yield header(an=1) + question(q) + rr(q, A, bytes([192, 0, 2, 10]))
    # Compression: the answer's owner points at the question name (offset 12).
    yield header(an=2) + question(q) + rr("", A, bytes([192, 0, 2, 10]), owner_bytes=b"\xc0\x0c") + \
        rr("", AAAA, bytes(15) + b"\1", owner_bytes=b"\xc0\x0c")
    yield header(an=2) + question("ftp.shop.test.") + rr("ftp.shop.test.", CNAME, name(q)) + rr(q, A, bytes([192, 0, 2, 11]))
    # Referral from the root: NS in authority, glue in additional.
    yield header(flags=0x8000, ns=2, ar=2) + question(q) + rr("test.", NS, name("a.nic.test.")) + \
        rr("test.", NS, name("b.nic.test.")) + rr("a.nic.test.", A, bytes([127, 0, 0, 2])) + \
        rr("b.nic.test.", AAAA, bytes(15) + b"\2")
    yield header(flags=0x8403, ns=1) + question("nope.shop.test.") + rr("shop.test.", SOA, soa("shop.test."))
    yield header(flags=0x8400, ns=1) + question("v4only.shop.test.", AAAA) + rr("shop.test.", SOA, soa("shop.test."))
    yield header(flags=0x8205) + question(q)  # truncated, REFUSED
    txt = b"".join(bytes([len(s)]) + s for s in (b"v=spf1 -all", b"", b"x" * 255))
    yield header(an=3) + question("shop.test.", MX) + rr("shop.test.", MX, struct.pack(">H", 10) + name("mail.shop.test.")) + \
        rr("shop.test.", TXT, txt) + rr("shop.test.", CAA, b"\0\5issue" + b"ca.test")
    yield header(an=1) + question("_sip._tcp.shop.test.", SRV) + \
        rr("_sip._tcp.shop.test.", SRV, struct.pack(">HHH", 10, 60, 5060) + name("sip.shop.test."))
    # EDNS with the DO bit, and DNSSEC records.
    opt = b"\0" + struct.pack(">HHIH", OPT, 1232, 0x00008000, 0)
    yield header(an=2, ar=1) + question("shop.test.", DNSKEY) + \
        rr("shop.test.", DNSKEY, struct.pack(">HBB", 257, 3, 13) + bytes(64)) + \
        rr("shop.test.", RRSIG, struct.pack(">HBBIIIH", DNSKEY, 13, 2, 300, 1798761600, 1796083200, 12345) + name("shop.test.") + bytes(64)) + opt
    yield header(ns=2) + question("shop.test.", DS) + rr("test.", SOA, soa("test.")) + \
        rr("shop.test.", NSEC, name("\\000.shop.test.") + b"\0\6\x62\0\0\0\0\3")
    yield header(an=1) + question("shop.test.", DS) + rr("shop.test.", DS, struct.pack(">HBB", 12345, 13, 2) + bytes(32))
    yield header(ns=1) + question("x.shop.test.", DS) + rr("abc.shop.test.", NSEC3, b"\1\1\0\x0a\4salt\x14" + bytes(20) + b"\0\1\x40")
    # Broken: a compression loop, a pointer past the end, counts beyond the message.
    yield header(an=1) + question(q) + b"\xc0\x29\xc0\x27" + struct.pack(">HHIH", A, 1, 300, 4) + bytes(4)
    yield header(an=1) + question(q) + b"\xc0\xff" + struct.pack(">HHIH", A, 1, 300, 4) + bytes(4)
    yield header(an=9, ns=9, ar=9) + question(q)
