#!/usr/bin/env python3
"""A hostile name server: to every UDP query on ADDR:53 it sends two forged replies, one with a
wrong ID and one with the right ID but another question, both claiming 6.6.6.6 authoritatively.
A tracer must ignore both. Usage: liar.py ADDR PIDFILE (foreground; stopped by PID)."""
import os
import socket
import struct
import sys

addr, pidfile = sys.argv[1], sys.argv[2]
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind((addr, 53))
with open(pidfile, "w") as f:
    f.write("%d\n" % os.getpid())


def encode(name):
    out = b""
    for label in name.strip(".").split("."):
        out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def forged(qid, qname_wire, qtype):
    header = struct.pack(">HHHHHH", qid, 0x8400, 1, 1, 0, 0)
    question = qname_wire + struct.pack(">HH", qtype, 1)
    answer = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 300, 4) + bytes([6, 6, 6, 6])
    return header + question + answer


while True:
    query, peer = udp.recvfrom(4096)
    if len(query) < 17:
        continue
    qid = struct.unpack(">H", query[:2])[0]
    end = 12
    while end < len(query) and query[end] != 0:
        end += 1 + query[end]
    qname_wire = query[12:end + 1]
    qtype = struct.unpack(">H", query[end + 1:end + 3])[0] if end + 3 <= len(query) else 1
    udp.sendto(forged((qid + 1) & 0xFFFF, qname_wire, qtype), peer)
    udp.sendto(forged(qid, encode("evil.spoof.test."), qtype), peer)
