"""Benchmark: our client against raw ``requests`` + ``json`` on the same bytes.

Run by hand::

    python benchmarks/run.py [--rounds 7] [--calls 50]

A loopback server serves pre-serialised, realistic Mastodon JSON (statuses with accounts,
media, mentions, tags, emojis, cards and polls, with ``Link`` and rate-limit headers). Each
row times our library and the raw baseline call by call, interleaved, for several rounds,
and prints the median time per call and the ratio (ours / raw). Nothing here is asserted:
the numbers are for people to read.
"""

import argparse
import json
import os
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from mastodon import Mastodon  # noqa: E402


def account(n):
    return {
        "id": str(109000000000000000 + n), "username": f"user{n}", "acct": f"user{n}@example.social",
        "display_name": f"User {n} :blobcat:", "locked": False, "bot": n % 7 == 0,
        "discoverable": True, "group": False, "created_at": "2022-11-05T00:00:00.000Z",
        "note": "<p>Writing about <a href=\"https://example.social/tags/python\">#python</a></p>",
        "url": f"https://example.social/@user{n}", "uri": f"https://example.social/users/user{n}",
        "avatar": f"https://files.example.social/accounts/avatars/{n}.png",
        "avatar_static": f"https://files.example.social/accounts/avatars/{n}.png",
        "header": f"https://files.example.social/accounts/headers/{n}.png",
        "header_static": f"https://files.example.social/accounts/headers/{n}.png",
        "followers_count": 1234 + n, "following_count": 321, "statuses_count": 5678,
        "last_status_at": "2026-11-26", "hide_collections": False, "noindex": False,
        "emojis": [{"shortcode": "blobcat", "url": "https://files.example.social/e/blobcat.png",
                    "static_url": "https://files.example.social/e/blobcat.png",
                    "visible_in_picker": True}],
        "roles": [], "fields": [{"name": "Web", "value": "<a href=\"https://example.org\">example.org</a>",
                                 "verified_at": "2024-01-01T10:00:00.000+00:00"}],
    }


def status(n):
    sid = str(113000000000000000 + n)
    return {
        "id": sid, "created_at": "2026-11-26T12:34:56.789Z", "edited_at": None,
        "in_reply_to_id": None if n % 3 else str(113000000000000000 + n - 1),
        "in_reply_to_account_id": None, "sensitive": False, "spoiler_text": "",
        "visibility": "public", "language": "en", "uri": f"https://example.social/users/u/statuses/{sid}",
        "url": f"https://example.social/@u/{sid}", "replies_count": 3, "reblogs_count": 10,
        "favourites_count": 25, "favourited": False, "reblogged": False, "muted": False,
        "bookmarked": False, "pinned": False,
        "content": "<p>Status number %d with a <a href=\"https://example.social/tags/bench\">#bench</a> "
                   "tag and a mention of <span class=\"h-card\"><a href=\"https://example.social/@a\">"
                   "@a</a></span>. Some more text to make it realistic.</p>" % n,
        "filtered": [], "reblog": None,
        "application": {"name": "Web", "website": None},
        "account": account(n % 17),
        "media_attachments": [{
            "id": str(114000000000000000 + n), "type": "image",
            "url": f"https://files.example.social/media/{n}.jpg",
            "preview_url": f"https://files.example.social/media/small/{n}.jpg",
            "remote_url": None, "text_url": None, "description": "A picture of a cat",
            "blurhash": "UeKUpFxuo~R%0nW;WCnhF6RjaJt757oJodS$",
            "meta": {"original": {"width": 1920, "height": 1080, "size": "1920x1080", "aspect": 1.777},
                     "small": {"width": 640, "height": 360, "size": "640x360", "aspect": 1.777},
                     "focus": {"x": 0.1, "y": -0.2}},
        }] if n % 2 == 0 else [],
        "mentions": [{"id": "109000000000000001", "username": "a", "acct": "a",
                      "url": "https://example.social/@a"}],
        "tags": [{"name": "bench", "url": "https://example.social/tags/bench"}],
        "emojis": [],
        "card": {"url": "https://example.org/article", "title": "An article", "description": "About things",
                 "type": "link", "author_name": "", "author_url": "", "provider_name": "Example",
                 "provider_url": "", "html": "", "width": 400, "height": 200,
                 "image": "https://files.example.social/cards/1.jpg", "embed_url": "",
                 "blurhash": "UeKUpFxuo~R%0nW;WCnhF6RjaJt757oJodS$", "published_at": None}
        if n % 4 == 0 else None,
        "poll": {"id": str(n), "expires_at": "2026-12-01T00:00:00.000Z", "expired": False,
                 "multiple": False, "votes_count": 10, "voters_count": 10, "voted": False,
                 "own_votes": [], "options": [{"title": "yes", "votes_count": 6},
                                              {"title": "no", "votes_count": 4}], "emojis": []}
        if n % 5 == 0 else None,
    }


def make_server():
    timeline = json.dumps([status(n) for n in range(40)]).encode()
    single_account = json.dumps(account(1)).encode()
    posted = json.dumps(status(1)).encode()
    instance = json.dumps({"uri": "bench", "title": "bench", "version": "4.5.0"}).encode()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out as separate writes

        def log_message(self, *args):
            pass

        def answer(self, body):
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-RateLimit-Limit", "300")
            self.send_header("X-RateLimit-Remaining", "299")
            self.send_header("X-RateLimit-Reset", "2099-01-01T00:00:00.000Z")
            if self.path.startswith("/api/v1/timelines"):
                self.send_header("Link", '<http://127.0.0.1/api/v1/timelines/home?max_id=1>; rel="next", '
                                         '<http://127.0.0.1/api/v1/timelines/home?min_id=9>; rel="prev"')
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            if self.path.startswith("/api/v1/timelines"):
                self.answer(timeline)
            elif self.path.startswith("/api/v1/instance"):
                self.answer(instance)
            else:
                self.answer(single_account)

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.answer(posted)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def measure(rows, rounds, calls):
    results = []
    for name, ours, raw in rows:
        ours_times, raw_times = [], []
        ours(), raw()  # warm up connections and caches
        for _ in range(rounds):
            t_ours = t_raw = 0.0
            for _ in range(calls):  # interleaved call by call
                start = time.perf_counter()
                ours()
                t_ours += time.perf_counter() - start
                start = time.perf_counter()
                raw()
                t_raw += time.perf_counter() - start
            ours_times.append(t_ours / calls)
            raw_times.append(t_raw / calls)
        ours_median, raw_median = statistics.median(ours_times), statistics.median(raw_times)
        results.append((name, ours_median, raw_median, ours_median / raw_median))
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=50)
    args = parser.parse_args(argv)

    httpd, base = make_server()
    api = Mastodon(access_token="bench", api_base_url=base, mastodon_version="4.5.0")
    session = requests.Session()
    headers = {"Authorization": "Bearer bench"}
    rows = [
        ("timeline_home() 40 statuses",
         lambda: api.timeline_home(),
         lambda: session.get(base + "/api/v1/timelines/home", headers=headers).json()),
        ("account()",
         lambda: api.account(1),
         lambda: session.get(base + "/api/v1/accounts/1", headers=headers).json()),
        ("status_post()",
         lambda: api.status_post("hello"),
         lambda: session.post(base + "/api/v1/statuses", data={"status": "hello"}, headers=headers).json()),
    ]
    print(f"{'what':32} {'ours (ms)':>10} {'raw (ms)':>10} {'ratio':>7}")
    for name, ours, raw, ratio in measure(rows, args.rounds, args.calls):
        print(f"{name:32} {ours * 1000:10.3f} {raw * 1000:10.3f} {ratio:7.2f}")
    httpd.shutdown()


if __name__ == "__main__":
    main()
