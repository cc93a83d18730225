#!/usr/bin/env python3
"""A name server that never answers: it binds UDP and TCP port 53 on ADDR, reads and drops.
Usage: silent.py ADDR PIDFILE   (stays in the foreground; the fixture stops it by PID)."""
import os
import selectors
import socket
import sys

addr, pidfile = sys.argv[1], sys.argv[2]
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind((addr, 53))
tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
tcp.bind((addr, 53))
tcp.listen(16)
with open(pidfile, "w") as f:
    f.write("%d\n" % os.getpid())

selector = selectors.DefaultSelector()
selector.register(udp, selectors.EVENT_READ)
selector.register(tcp, selectors.EVENT_READ)
held = []  # accepted TCP connections, kept open and never answered
while True:
    for key, _ in selector.select():
        if key.fileobj is udp:
            udp.recvfrom(4096)
        else:
            conn, _ = tcp.accept()
            held.append(conn)
