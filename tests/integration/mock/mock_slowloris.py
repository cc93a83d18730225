#!/usr/bin/env python3
"""Slow clients do not starve the mock (slowloris): 200 connections each sending one header line a
second hold no one up -- a normal request is answered within a second while they hang -- and each
is cut (408) once its head has taken longer than the 5 s head timeout."""
import sys
import threading
import time

from mock_lib import Checks, Mock, read_until_closed

SLOW = 200
HEAD_TIMEOUT = 5.0

sonde, spec = sys.argv[1], sys.argv[2]
checks = Checks()
mock = Mock(sonde, spec)

slow = []
for i in range(SLOW):
    s = mock.connect()
    s.sendall(b"GET /orders HTTP/1.1\r\n")
    slow.append((s, time.monotonic()))

stop_dripping = threading.Event()


def drip():
    n = 0
    while not stop_dripping.wait(1.0):
        n += 1
        for s, _ in slow:
            try:
                s.sendall(b"X-Slow-%d: x\r\n" % n)
            except OSError:
                pass  # already cut


dripper = threading.Thread(target=drip, daemon=True)
dripper.start()
time.sleep(1.5)  # the slow connections are all open and dripping

response, seconds = mock.exchange(b"GET /orders?limit=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", timeout=10)
checks.expect(f"a normal request among {SLOW} slow ones is answered", response.startswith(b"HTTP/1.1 200 "),
              response[:200])
# A starved request would wait for a slow connection's 5 s head timeout; 2.5 s leaves room for
# a loaded CI machine without hiding starvation.
checks.expect(f"... well before the head timeout ({seconds:.2f} s)", seconds < 2.5, seconds)

cut_after = []
responses = []
for s, opened in slow:
    left = opened + HEAD_TIMEOUT + 4.0 - time.monotonic()
    data = read_until_closed(s, max(left, 0.1))
    cut_after.append(time.monotonic() - opened)
    responses.append(data)
    s.close()
stop_dripping.set()
still_open = sum(1 for r in responses if r.endswith(b"<open>"))
checks.expect("every slow connection is cut", still_open == 0, f"{still_open} still open")
checks.expect("... with 408 Request Timeout", all(r.startswith(b"HTTP/1.1 408 ") for r in responses),
              [r[:60] for r in responses if not r.startswith(b"HTTP/1.1 408 ")][:3])
checks.expect(f"... after the head timeout ({min(cut_after):.1f} to {max(cut_after):.1f} s)",
              min(cut_after) >= HEAD_TIMEOUT - 0.5 and max(cut_after) < HEAD_TIMEOUT + 3.0, cut_after[:5])
checks.expect("exit status after SIGTERM is 0", mock.stop() == 0)
checks.finish()
