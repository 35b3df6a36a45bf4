"""Local servers for the streaming tests.

``StreamServer`` is a scripted streaming server on raw sockets, so a test controls every
byte: it answers each connection with the handler registered for the request's path,
which can send Server-Sent Events (in HTTP chunks split at any byte, at any rate), go
silent, send garbage, drop the connection mid-event, answer with an error status, or
accept a WebSocket and exchange frames. It can listen on another loopback address and
speak TLS.

``CuttingProxy`` forwards TCP connections to another server (the ``mastodon_mock``) and
can cut every open connection, or refuse new ones for a while, to simulate outages.
``ConnectProxy`` is an HTTP proxy for ``CONNECT`` tunnels that records each one.

Everything listens on loopback (127.0.0.1 unless told) on a free port.
"""

import base64
import hashlib
import json
import selectors
import socket
import ssl
import struct
import threading
import time
from urllib.parse import parse_qs, urlsplit

_WS_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class Request:
    """A request as the server received it (header names lowercased). ``path`` is
    without a trailing slash: like Mastodon's router, the server takes ``/api/v1/instance/``
    for ``/api/v1/instance``."""

    def __init__(self, number, method, target, headers):
        self.number = number
        self.method = method
        self.target = target
        split = urlsplit(target)
        self.path = split.path.rstrip("/") or "/"
        self.query = parse_qs(split.query, keep_blank_values=True)
        self.headers = headers
        self.at = time.monotonic()

    @property
    def is_websocket(self):
        return self.headers.get("upgrade", "").lower() == "websocket"


class Connection:
    """The server side of one connection, handed to a route's handler."""

    def __init__(self, server, sock, request):
        self.server = server
        self.sock = sock
        self.request = request
        self.chunked = False

    # --- plain HTTP

    def respond(self, status, body=b"", content_type="application/json", headers=None):
        """A complete response, saying the connection closes (it does when the handler
        returns)."""
        if not isinstance(body, bytes):
            body = json.dumps(body).encode()
        lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}",
                 f"Content-Type: {content_type}", f"Content-Length: {len(body)}",
                 "Connection: close"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        self._write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)

    def start_sse(self, status=200, content_type="text/event-stream", chunked=True, headers=None):
        """Send the headers of an event stream (chunked, or ended by closing), and any
        others given (``{"Content-Encoding": "gzip"}``)."""
        self.chunked = chunked
        lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}",
                 f"Content-Type: {content_type}", "Cache-Control: no-cache"]
        lines.append("Transfer-Encoding: chunked" if chunked else "Connection: close")
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        self._write(("\r\n".join(lines) + "\r\n\r\n").encode())

    def send(self, data):
        """Send bytes of the body (as one HTTP chunk when chunked)."""
        if isinstance(data, str):
            data = data.encode()
        if not data:
            return
        if self.chunked:
            data = f"{len(data):x}\r\n".encode() + data + b"\r\n"
        self._write(data)

    def send_pieces(self, data, size=1, pause=0.001):
        """Send ``data`` in pieces of ``size`` bytes (or the sizes in a list), pausing
        between them so the client reads them separately."""
        if isinstance(data, str):
            data = data.encode()
        sizes = size if isinstance(size, (list, tuple)) else None
        offset = index = 0
        while offset < len(data):
            step = sizes[index % len(sizes)] if sizes else size
            self.send(data[offset:offset + step])
            offset += step
            index += 1
            if pause:
                time.sleep(pause)

    def event(self, name, payload):
        """Send one SSE event (a dict or list payload is sent as JSON)."""
        if not isinstance(payload, (str, bytes)):
            payload = json.dumps(payload)
        if isinstance(payload, str):
            payload = payload.encode()
        self.send(b"event: " + name.encode() + b"\ndata: " + payload + b"\n\n")

    def events(self, items, rate=None):
        """Send ``(name, payload)`` events, ``rate`` per second (as fast as possible
        without one)."""
        for name, payload in items:
            self.event(name, payload)
            if rate:
                time.sleep(1.0 / rate)

    def comment(self, text="thump"):
        self.send(f":{text}\n\n")

    def end(self):
        """End a chunked body properly."""
        if self.chunked:
            self._write(b"0\r\n\r\n")

    def silence(self, seconds):
        """Send nothing for ``seconds`` (less if the client goes away or the server
        stops). Returns True when the client closed the connection."""
        return self.wait_closed(seconds)

    def wait_closed(self, timeout):
        """Wait until the client closes the connection; True if it did."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not self.server.stopping.is_set():
            self.sock.settimeout(min(0.05, max(deadline - time.monotonic(), 0.001)))
            try:
                data = self.sock.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                return True
            if not data:
                return True
        return False

    def drop(self):
        """Close the connection abruptly."""
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _write(self, data):
        self.sock.sendall(data)

    # --- WebSocket

    def accept_websocket(self, subprotocol=None, answer_pings=True):
        """Complete the WebSocket handshake; returns the peer to exchange frames with."""
        key = self.request.headers["sec-websocket-key"].encode()
        accept = base64.b64encode(hashlib.sha1(key + _WS_GUID).digest()).decode()
        lines = ["HTTP/1.1 101 Switching Protocols", "Upgrade: websocket",
                 "Connection: Upgrade", f"Sec-WebSocket-Accept: {accept}"]
        if subprotocol:
            lines.append(f"Sec-WebSocket-Protocol: {subprotocol}")
        self._write(("\r\n".join(lines) + "\r\n\r\n").encode())
        return WebSocketPeer(self, answer_pings)


class WebSocketPeer:
    """The server end of a WebSocket: sends unmasked frames, reads masked ones."""

    TEXT, BINARY, CLOSE, PING, PONG = 0x1, 0x2, 0x8, 0x9, 0xA

    def __init__(self, conn, answer_pings):
        self.conn = conn
        self.answer_pings = answer_pings
        self.received = []  # text messages from the client
        self.pings = 0
        self._buffer = b""

    def send_frame(self, opcode, payload=b""):
        if isinstance(payload, str):
            payload = payload.encode()
        head = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            head += bytes([n])
        elif n < 65536:
            head += bytes([126]) + struct.pack("!H", n)
        else:
            head += bytes([127]) + struct.pack("!Q", n)
        self.conn._write(head + payload)

    def send_text(self, text):
        self.send_frame(self.TEXT, text)

    def send_event(self, stream, name, payload=None):
        """An event as Mastodon sends it: the payload JSON-encoded inside the message."""
        message = {"stream": stream, "event": name}
        if payload is not None:
            message["payload"] = payload if isinstance(payload, str) else json.dumps(payload)
        self.send_text(json.dumps(message))

    def send_close(self, code=1000, reason=""):
        self.send_frame(self.CLOSE, struct.pack("!H", code) + reason.encode())

    def recv(self, timeout):
        """The next data frame from the client as ``(opcode, payload)``, or None on
        timeout or when the client is gone. Pings are answered (unless told not to)."""
        deadline = time.monotonic() + timeout
        while True:
            frame = self._parse()
            if frame is not None:
                opcode, payload = frame
                if opcode == self.PING:
                    self.pings += 1
                    if self.answer_pings:
                        self.send_frame(self.PONG, payload)
                    continue
                if opcode == self.TEXT:
                    self.received.append(payload.decode())
                    with self.conn.server._lock:
                        self.conn.server.ws_messages.append(json.loads(payload))
                return frame
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.conn.server.stopping.is_set():
                return None
            self.conn.sock.settimeout(min(remaining, 0.05))
            try:
                data = self.conn.sock.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return None
            if not data:
                return None
            self._buffer += data

    def recv_text(self, timeout):
        """The next text message (JSON-decoded), or None."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            frame = self.recv(deadline - time.monotonic())
            if frame is None:
                return None
            if frame[0] == self.TEXT:
                return json.loads(frame[1])
            if frame[0] == self.CLOSE:
                return None
        return None

    def _parse(self):
        buf = self._buffer
        if len(buf) < 2:
            return None
        opcode = buf[0] & 0x0F
        masked = buf[1] & 0x80
        length = buf[1] & 0x7F
        offset = 2
        if length == 126:
            if len(buf) < 4:
                return None
            length = struct.unpack("!H", buf[2:4])[0]
            offset = 4
        elif length == 127:
            if len(buf) < 10:
                return None
            length = struct.unpack("!Q", buf[2:10])[0]
            offset = 10
        mask = b""
        if masked:
            if len(buf) < offset + 4:
                return None
            mask = buf[offset:offset + 4]
            offset += 4
        if len(buf) < offset + length:
            return None
        payload = buf[offset:offset + length]
        if masked:
            payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self._buffer = buf[offset + length:]
        return opcode, payload


_REASONS = {200: "OK", 302: "Found", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
            404: "Not Found", 429: "Too Many Requests", 500: "Internal Server Error",
            502: "Bad Gateway", 503: "Service Unavailable"}


class StreamServer:
    """A scripted streaming server. Register ``routes[path] = handler``; each
    connection runs ``handler(conn)`` in its own thread and is closed when it returns.
    Unrouted paths get a 404. ``requests`` lists every request received.

    ``host`` is the loopback address to listen on (127.0.0.2 for "another host");
    with ``tls`` (an ``ssl.SSLContext`` with the server's certificate) it speaks
    HTTPS/WSS, and ``tls_failures`` collects the handshakes that failed (a client that
    refused the certificate)."""

    def __init__(self, host="127.0.0.1", tls=None):
        self.routes = {}
        self.requests = []
        self.ws_messages = []  # every WebSocket text message received, JSON-decoded
        self.tls_failures = []
        self.stopping = threading.Event()
        self._tls = tls
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._sockets = set()
        self._listener = socket.create_server((host, 0))
        self._listener.settimeout(0.05)
        self.port = self._listener.getsockname()[1]
        self.url = f"{'https' if tls else 'http'}://{host}:{self.port}"
        self._thread = threading.Thread(target=self._accept_loop, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        """Stop accepting and close every open connection (idempotent)."""
        self.stopping.set()
        if self._thread.is_alive():
            self._thread.join(1.0)
        self._listener.close()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def wait_for_requests(self, count, timeout=5.0, path=None):
        """Wait until ``count`` requests (to ``path``, if given) have arrived."""
        def enough():
            return len([r for r in self.requests if path is None or r.path == path]) >= count
        with self._arrived:
            return self._arrived.wait_for(enough, timeout)

    def requests_to(self, path):
        return [r for r in self.requests if r.path == path]

    def _accept_loop(self):
        while not self.stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self._sockets.add(sock)
            threading.Thread(target=self._serve, args=(sock,), daemon=True).start()

    def _serve(self, sock):
        raw = sock
        try:
            if self._tls is not None:
                try:
                    sock.settimeout(5)
                    sock = self._tls.wrap_socket(sock, server_side=True)
                except (ssl.SSLError, OSError) as exc:
                    with self._lock:
                        self.tls_failures.append(exc)
                    return
            request = self._read_request(sock)
            if request is None:
                return
            with self._arrived:
                self.requests.append(request)
                self._arrived.notify_all()
            handler = self.routes.get(request.path)
            conn = Connection(self, sock, request)
            if handler is None:
                conn.respond(404, {"error": "Not found"})
            else:
                handler(conn)
        except OSError:
            pass  # the client went away
        finally:
            with self._lock:
                self._sockets.discard(raw)
            for opened in {sock, raw}:
                try:
                    opened.close()
                except OSError:
                    pass

    def _read_request(self, sock):
        data = b""
        sock.settimeout(5)
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                return None
            data += chunk
        head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
        first, *header_lines = head.split("\r\n")
        method, target, _ = first.split(" ", 2)
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        with self._lock:
            number = len(self.requests) + 1
        return Request(number, method, target, headers)


class CuttingProxy:
    """A TCP proxy to ``target_url`` that can cut its connections.

    :meth:`cut` closes every open connection; :meth:`down` also refuses new ones
    (accepts and closes them at once) until :meth:`up`.
    """

    def __init__(self, target_url):
        split = urlsplit(target_url)
        self.target = (split.hostname, split.port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.accepted = 0
        self.refused = 0
        self._down = False
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._pairs = set()
        self._thread = threading.Thread(target=self._accept_loop, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        """Stop accepting and cut every connection (idempotent)."""
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(1.0)
        self._listener.close()
        self.cut()

    def cut(self):
        """Close every connection going through the proxy now."""
        with self._lock:
            pairs = list(self._pairs)
        for pair in pairs:
            for sock in pair:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def down(self):
        """Cut every connection and refuse new ones."""
        with self._lock:
            self._down = True
        self.cut()

    def up(self):
        """Accept and forward connections again."""
        with self._lock:
            self._down = False

    def _accept_loop(self):
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                down = self._down
            if down:
                self.refused += 1
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            self.accepted += 1
            for sock in (client, upstream):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                sock.settimeout(None)
            pair = (client, upstream)
            with self._lock:
                self._pairs.add(pair)
            threading.Thread(target=self._pump, args=(pair,), daemon=True).start()

    def _pump(self, pair):
        client, upstream = pair
        other = {client: upstream, upstream: client}
        selector = selectors.DefaultSelector()
        selector.register(client, selectors.EVENT_READ)
        selector.register(upstream, selectors.EVENT_READ)
        try:
            while not self._stopping.is_set():
                for key, _ in selector.select(0.1):
                    try:
                        data = key.fileobj.recv(65536)
                    except OSError:
                        return
                    if not data:
                        return
                    other[key.fileobj].sendall(data)
        except OSError:
            return
        finally:
            selector.close()
            with self._lock:
                self._pairs.discard(pair)
            for sock in pair:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()


def flush_mock_websockets(api_bob):
    """Make the mock's WebSocket handlers notice clients that left.

    mastodon_mock's WebSocket handler never reads from the client, so it only finds out
    that a client closed when it next sends to it; until then it keeps the server from
    stopping promptly. Bob (whom Alice follows and may have on a list) posts one public
    status with a mention and a hashtag and one direct message to Alice, which reaches
    every channel the streaming tests use.
    """
    api_bob._api_request("POST", "/api/v1/statuses", {"status": "@alice flush #cats"})
    api_bob._api_request("POST", "/api/v1/statuses", {"status": "@alice flush",
                                                       "visibility": "direct"})


class ConnectProxy(CuttingProxy):
    """An HTTP proxy that only tunnels (``CONNECT host:port``), as WebSocket clients use
    proxies. ``connects`` records each CONNECT as ``(target, headers)`` (header names
    lowercased); with ``refuse=True`` every CONNECT is answered 403 and nothing is
    tunnelled. ``url`` is the proxy's URL for ``session.proxies`` or ``HTTPS_PROXY``."""

    def __init__(self, refuse=False):
        super().__init__("http://127.0.0.1:0")
        self.refuse = refuse
        self.connects = []

    def _accept_loop(self):
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._connect, args=(client,), daemon=True).start()

    def _connect(self, client):
        client.settimeout(5)
        head = b""
        try:
            while b"\r\n\r\n" not in head:
                data = client.recv(4096)
                if not data:
                    client.close()
                    return
                head += data
        except OSError:
            client.close()
            return
        first, *lines = head.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
        method, target, _ = first.split(" ", 2)
        headers = {}
        for line in lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        with self._lock:
            self.connects.append((target, headers))
        host, _, port = target.rpartition(":")
        if method != "CONNECT" or self.refuse:
            client.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
            client.close()
            return
        try:
            upstream = socket.create_connection((host.strip("[]"), int(port)), timeout=5)
        except OSError:
            client.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            client.close()
            return
        client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        self.accepted += 1
        for sock in (client, upstream):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.settimeout(None)
        pair = (client, upstream)
        with self._lock:
            self._pairs.add(pair)
        self._pump(pair)


# Sample payloads and the SSE framing of one event, shared by the streaming tests.
STATUS = {"id": "109", "created_at": "2024-05-01T10:00:00.000Z", "content": "<p>héllo 🐘</p>",
          "account": {"id": "1", "acct": "alice", "username": "alice"}}
NOTIFICATION = {"id": "7", "type": "mention", "created_at": "2024-05-01T10:00:02Z",
                "account": {"id": "2", "acct": "dave@remote.example"}, "status": STATUS}


def sse(name, payload):
    data = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
    return f"event: {name}\ndata: {data}\n\n".encode()
