"""Small local HTTP servers for the tests: they record what the client sent and answer
from a script, including the faults real servers and proxies produce.

Everything listens on 127.0.0.1 on a free port and speaks HTTP/1.1 with keep-alive,
so tests can also check connection reuse.
"""

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Recorded:
    """One request as the server received it."""

    method: str
    path: str
    query: dict
    headers: dict
    body: bytes
    connection: int
    at: float = 0.0  # time.time() when it arrived

    @property
    def form(self):
        """The body as form fields (``{name: [values]}``)."""
        return parse_qs(self.body.decode("utf-8"), keep_blank_values=True)

    @property
    def json(self):
        return json.loads(self.body)


@dataclass
class Reply:
    """What the server answers. ``fault`` is one of ``None``, ``"drop"`` (close without
    answering), ``"truncate"`` (announce the whole body, send half, close), ``"chunked"``
    (send the body in chunks, without a length), and ``delay``
    is seconds to wait before answering."""

    status: int = 200
    body: object = field(default_factory=dict)  # JSON-able, or bytes sent as they are
    headers: dict = field(default_factory=dict)
    fault: str = None
    delay: float = 0.0

    def payload(self):
        if isinstance(self.body, bytes):
            return self.body, "application/octet-stream"
        return json.dumps(self.body).encode(), "application/json; charset=utf-8"


class QuietServer(ThreadingHTTPServer):
    """Clients that hang up (as the fault tests make them) are not worth a traceback."""

    def handle_error(self, request, client_address):
        import sys
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError, OSError)):
            super().handle_error(request, client_address)


class ScriptedServer:
    """A recording server. Set ``routes[(METHOD, path)]`` or ``default`` to a
    :class:`Reply`, a list of them (served in turn, the last one repeating), or a
    function ``f(recorded) -> Reply``."""

    def __init__(self, host="127.0.0.1"):
        self.requests = []
        self.routes = {}
        self.default = Reply()
        self.connections = 0
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out as separate writes

            def setup(self):
                super().setup()
                with outer._lock:
                    outer.connections += 1
                    self.connection_number = outer.connections

            def log_message(self, *args):
                pass

            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                split = urlsplit(self.path)
                recorded = Recorded(self.command, split.path, parse_qs(split.query, keep_blank_values=True),
                                    dict(self.headers), body, self.connection_number, time.time())
                with outer._lock:
                    outer.requests.append(recorded)
                reply = outer._reply_for(recorded)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.fault == "drop":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                payload, content_type = reply.payload()
                self.send_response(reply.status)
                headers = {"Content-Type": content_type, "Date": formatdate(usegmt=True)}
                headers.update(reply.headers)
                for name, value in headers.items():
                    self.send_header(name, value)
                if reply.fault == "chunked":
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    for start in range(0, len(payload), 100):
                        piece = payload[start:start + 100]
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                    self.wfile.write(b"0\r\n\r\n")
                    return
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if reply.fault == "truncate":
                    self.wfile.write(payload[: len(payload) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

        self.httpd = QuietServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://{host}:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)

    def _reply_for(self, recorded):
        script = self.routes.get((recorded.method, recorded.path))
        if script is None:  # like Rails, "/api/v1/instance/" is the route "/api/v1/instance"
            script = self.routes.get((recorded.method, recorded.path.rstrip("/")), self.default)
        if callable(script):
            return script(recorded)
        if isinstance(script, list):
            with self._lock:
                return script.pop(0) if len(script) > 1 else script[0]
        return script

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def last(self):
        return self.requests[-1]


class FixedWindowLimit:
    """A responder that enforces ``limit`` requests per ``window`` seconds the way
    Mastodon does: ``X-RateLimit-*`` headers on every answer (the reset as ISO 8601)
    and 429 once the window's budget is spent."""

    def __init__(self, limit, window, body=None):
        self.limit = limit
        self.window = window
        self.body = body if body is not None else {"ok": True}
        self.lock = threading.Lock()
        self.window_start = None
        self.count = 0
        self.served = 0
        self.refused = 0

    def __call__(self, recorded):
        with self.lock:
            now = time.time()
            if self.window_start is None or now >= self.window_start + self.window:
                self.window_start, self.count = now, 0
            self.count += 1
            reset = self.window_start + self.window
            remaining = max(self.limit - self.count, 0)
            headers = {
                "X-RateLimit-Limit": str(self.limit),
                "X-RateLimit-Remaining": str(remaining),
                "X-RateLimit-Reset": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(reset))
                + f".{int(reset % 1 * 1000):03d}Z",
            }
            if self.count > self.limit:
                self.refused += 1
                return Reply(429, {"error": "Too many requests"}, headers)
            self.served += 1
            return Reply(200, self.body, headers)
