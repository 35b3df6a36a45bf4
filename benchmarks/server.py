"""The benchmarks' loopback server: pre-serialised answers, as fast as Python serves them.

Routes: ``/api/v1/instance``, ``/api/v1/timelines/home`` (40 statuses),
``/api/v1/timelines/public`` (25 linked pages of 40 statuses: ``max_id`` is the page),
``/api/v1/notifications`` (40), ``/api/v1/accounts/<id>``, ``/api/v1/statuses/<id>`` (after
``status_delay`` seconds, as a real server takes its time), ``POST /api/v1/statuses``, and
``/api/v1/streaming/user`` (``stream_events`` ``update`` events as Server-Sent Events, then
the end of the stream).
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from .data import account, notification, status

PAGES = 25
RATE_HEADERS = {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "299",
                "X-RateLimit-Reset": "2099-01-01T00:00:00.000Z"}


class BenchServer:
    def __init__(self):
        self.timeline = json.dumps([status(n) for n in range(40)]).encode()
        self.notifications = json.dumps([notification(n) for n in range(40)]).encode()
        self.account = json.dumps(account(1)).encode()
        self.posted = json.dumps(status(1)).encode()
        self.instance = json.dumps({"uri": "bench", "title": "bench", "version": "4.5.0",
                                    "urls": {}}).encode()
        event = b"event: update\ndata: " + json.dumps(status(7)).encode() + b"\n\n"
        self.event = event
        self.connections = 0
        self.requests = 0
        self.stream_events = 20000
        self.status_delay = 0.01
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def setup(self):
                super().setup()
                outer.connections += 1

            def log_message(self, *args):
                pass

            def answer(self, body, headers=None):
                outer.requests += 1
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                for name, value in {**RATE_HEADERS, **(headers or {})}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def stream(self, events):
                outer.requests += 1
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                batch = outer.event * 100
                sent = 0
                while sent < events:
                    count = min(100, events - sent)
                    chunk = batch if count == 100 else outer.event * count
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    sent += count
                self.wfile.write(b"0\r\n\r\n")
                self.close_connection = True

            def do_GET(self):
                split = urlsplit(self.path)
                query = parse_qs(split.query)
                path = split.path
                if path == "/api/v1/timelines/home":
                    self.answer(outer.timeline, {"Link": (
                        f'<http://{self.headers["Host"]}/api/v1/timelines/home?max_id=1>; rel="next", '
                        f'<http://{self.headers["Host"]}/api/v1/timelines/home?min_id=9>; rel="prev"')})
                elif path == "/api/v1/timelines/public":
                    page = int(query.get("max_id", ["0"])[0])
                    link = {}
                    if page + 1 < PAGES:
                        link = {"Link": f'<http://{self.headers["Host"]}/api/v1/timelines/public'
                                        f'?max_id={page + 1}>; rel="next"'}
                    self.answer(outer.timeline, link)
                elif path == "/api/v1/notifications":
                    self.answer(outer.notifications)
                elif path == "/api/v1/instance":
                    self.answer(outer.instance)
                elif path.startswith("/api/v1/statuses/"):
                    time.sleep(outer.status_delay)
                    self.answer(outer.posted)
                elif path == "/api/v1/streaming/user":
                    self.stream(outer.stream_events)
                else:
                    self.answer(outer.account)

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.answer(outer.posted)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
