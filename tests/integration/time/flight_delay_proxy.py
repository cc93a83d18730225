"""A loopback TCP proxy in front of a TLS server that holds back two parts of the server's
handshake by known times, so a test can tell which events a timing tool measures:

  hello     before the ServerHello record (the server's first flight);
  finished  before the record that brings the server's Finished: on TLS 1.3 the first encrypted
            record after the ServerHello (EncryptedExtensions .. Finished come as one flight), on
            TLS 1.2 the server's ChangeCipherSpec (its Finished follows it).

Everything else, and the client's bytes, pass at once. The TLS version is read from the
ServerHello's supported_versions extension. Runs in threads of the calling test; no process.
"""
import socket
import struct
import threading
import time

HANDSHAKE, CHANGE_CIPHER_SPEC, APPLICATION_DATA = 22, 20, 23


def is_tls13_server_hello(record):
    """True when this ServerHello record selects TLS 1.3 (supported_versions = 0x0304)."""
    body = record[5:]
    if len(body) < 39 or body[0] != 2:
        return False
    at = 4 + 2 + 32  # handshake header, legacy_version, random
    at += 1 + body[at]  # session id
    at += 2 + 1  # cipher suite, compression
    if at + 2 > len(body):
        return False
    end = min(len(body), at + 2 + struct.unpack_from("!H", body, at)[0])
    at += 2
    while at + 4 <= end:
        kind, size = struct.unpack_from("!HH", body, at)
        if kind == 43 and size == 2:
            return body[at + 4:at + 6] == b"\x03\x04"
        at += 4 + size
    return False


class FlightDelayProxy:
    def __init__(self, upstream_port, hello, finished):
        self.upstream_port, self.hello, self.finished = upstream_port, hello, finished
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.versions = []  # "1.3" or "1.2", one per connection, as seen in the ServerHello
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self):
        self.listener.close()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            for s in (client, upstream):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._server_side, args=(upstream, client), daemon=True).start()

    @staticmethod
    def _pump(src, dst):
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def _server_side(self, upstream, client):
        buf, hello_sent, finished_sent, tls13 = b"", False, False, False
        try:
            while data := upstream.recv(65536):
                buf += data
                while len(buf) >= 5 and len(buf) >= 5 + struct.unpack_from("!H", buf, 3)[0]:
                    size = 5 + struct.unpack_from("!H", buf, 3)[0]
                    record, buf = buf[:size], buf[size:]
                    kind = record[0]
                    if not hello_sent and kind == HANDSHAKE:
                        tls13 = is_tls13_server_hello(record)
                        self.versions.append("1.3" if tls13 else "1.2")
                        time.sleep(self.hello)
                        hello_sent = True
                    elif hello_sent and not finished_sent and kind == (APPLICATION_DATA if tls13 else CHANGE_CIPHER_SPEC):
                        time.sleep(self.finished)
                        finished_sent = True
                    client.sendall(record)
            if buf:
                client.sendall(buf)
        except OSError:
            pass
        for s in (upstream, client):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
