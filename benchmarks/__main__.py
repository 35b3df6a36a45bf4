"""Benchmark our client against raw ``requests`` and ``http.client`` on the same bytes.

Run from the repository root::

    python -m benchmarks [--rounds 7] [--calls 40] [--compare /other/venv/bin/python]

Every row times our library and the raw baselines call by call, interleaved, for several
rounds, against a loopback server serving pre-serialised JSON (benchmarks/server.py), and
prints medians and ratios (ours / raw ``requests``). ``--compare`` also times another
client installed in another virtualenv (e.g. Mastodon.py), with the same calls. Nothing
is asserted: the table is for people to read; benchmarks/RESULTS.md keeps one.
"""

import argparse
import gc
import http.client
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from urllib.parse import urlsplit

import requests

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from mastodon import Mastodon, MastodonError, StreamListener  # noqa: E402
from mastodon._results import parse_json  # noqa: E402

from .data import status  # noqa: E402
from .server import PAGES, BenchServer  # noqa: E402

HEADERS = {"Authorization": "Bearer bench"}


def interleaved(calls_by_name, rounds, calls):
    """Median seconds per call for each function, measured call by call in turn."""
    for call in calls_by_name.values():
        call()  # warm up: connections, caches
    totals = {name: [] for name in calls_by_name}
    for _ in range(rounds):
        spent = dict.fromkeys(calls_by_name, 0.0)
        for _ in range(calls):
            for name, call in calls_by_name.items():
                start = time.perf_counter()
                call()
                spent[name] += time.perf_counter() - start
        for name in calls_by_name:
            totals[name].append(spent[name] / calls)
    return {name: statistics.median(values) for name, values in totals.items()}


def raw_http_client(base):
    split = urlsplit(base)
    connection = http.client.HTTPConnection(split.hostname, split.port)

    def get(path):
        connection.request("GET", path, headers=HEADERS)
        return json.loads(connection.getresponse().read())
    return get


def raw_fetch_all(session, url):
    items = []
    while url:
        response = session.get(url, headers=HEADERS)
        items.extend(response.json())
        url = response.links.get("next", {}).get("url")
    return items


def request_rows(api, session, base, rounds, calls):
    get = raw_http_client(base)
    rows = [
        ("timeline_home() 40 statuses", 1.3, {
            "ours": api.timeline_home,
            "requests": lambda: session.get(base + "/api/v1/timelines/home", headers=HEADERS).json(),
            "http.client": lambda: get("/api/v1/timelines/home")}),
        ("notifications() 40", 1.3, {
            "ours": api.notifications,
            "requests": lambda: session.get(base + "/api/v1/notifications", headers=HEADERS).json(),
            "http.client": lambda: get("/api/v1/notifications")}),
        (f"fetch_remaining() {PAGES} pages", 1.3, {
            "ours": lambda: api.fetch_remaining(api.timeline_public()),
            "requests": lambda: raw_fetch_all(session, base + "/api/v1/timelines/public")}),
        ("account()", 1.2, {
            "ours": lambda: api.account(1),
            "requests": lambda: session.get(base + "/api/v1/accounts/1", headers=HEADERS).json(),
            "http.client": lambda: get("/api/v1/accounts/1")}),
        ("status_post()", 1.2, {
            "ours": lambda: api.status_post("hello"),
            "requests": lambda: session.post(base + "/api/v1/statuses", data={"status": "hello"},
                                             headers=HEADERS).json()}),
    ]
    table = []
    for name, target, calls_by_name in rows:
        few = max(2, calls // 10) if "fetch_remaining" in name else calls
        medians = interleaved(calls_by_name, rounds, few)
        table.append((name, target, medians))
    return table


class Counter(StreamListener):
    def __init__(self):
        self.updates = 0

    def on_update(self, status):
        self.updates += 1


def raw_stream(session, url, headers):
    """A plain chunked reader: split events, parse their JSON."""
    count = 0
    buffer = b""
    with session.get(url, headers=headers, stream=True) as response:
        for chunk in response.iter_content(chunk_size=65536):
            buffer += chunk
            *events, buffer = buffer.split(b"\n\n")
            for event in events:
                for line in event.split(b"\n"):
                    if line.startswith(b"data: "):
                        json.loads(line[6:])
                        count += 1
    return count


def streaming_row(api, session, server, rounds):
    events = server.stream_events
    ours, raw = [], []
    for _ in range(rounds):
        listener = Counter()
        start = time.perf_counter()
        try:
            api.stream_user(listener)
        except MastodonError:
            pass  # the server ends the stream after the last event
        ours.append(listener.updates / (time.perf_counter() - start))
        start = time.perf_counter()
        count = raw_stream(session, server.url + "/api/v1/streaming/user", HEADERS)
        raw.append(count / (time.perf_counter() - start))
        assert listener.updates == count == events, (listener.updates, count)
    return statistics.median(ours), statistics.median(raw)


def memory_row(count=10000):
    body = json.dumps([status(n) for n in range(count)]).encode()
    sizes = {}
    for name, parse in (("json.loads", json.loads), ("ours", parse_json)):
        gc.collect()
        tracemalloc.start()
        result = parse(body)
        sizes[name] = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        del result
    return sizes["ours"], sizes["json.loads"]


def connection_row(server, calls=30):
    before_connections, before_requests = server.connections, server.requests
    api = Mastodon(access_token="bench", api_base_url=server.url)  # version unknown, never probed
    for _ in range(calls):
        api.account(1)
    return server.connections - before_connections, server.requests - before_requests, calls


def compare_row(python, base, rounds, calls):
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "other_client.py")
    done = subprocess.run([python, script, base, str(rounds), str(calls)], capture_output=True,
                          text=True, timeout=600)
    if done.returncode != 0:
        return None, done.stderr.strip().splitlines()[-1:] or ["failed"]
    return json.loads(done.stdout), None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=40)
    parser.add_argument("--events", type=int, default=20000, help="events per streaming round")
    parser.add_argument("--compare", metavar="PYTHON", help="another client's interpreter")
    args = parser.parse_args(argv)

    server = BenchServer()
    server.stream_events = args.events
    api = Mastodon(access_token="bench", api_base_url=server.url, mastodon_version="4.5.0")
    session = requests.Session()
    print(f"# {platform.python_implementation()} {platform.python_version()}, "
          f"{platform.machine()}, {os.cpu_count()} cores, requests {requests.__version__}; "
          f"median of {args.rounds} rounds of {args.calls} calls")
    print(f"{'what':30} {'ours':>10} {'requests':>10} {'http.client':>11} {'ratio':>6} {'target':>7}")
    table = request_rows(api, session, server.url, args.rounds, args.calls)
    for name, target, medians in table:
        client = medians.get("http.client")
        print(f"{name:30} {medians['ours'] * 1e3:8.3f}ms {medians['requests'] * 1e3:8.3f}ms "
              f"{(f'{client * 1e3:9.3f}ms' if client else '          -'):>11} "
              f"{medians['ours'] / medians['requests']:6.2f} {'<= ' + str(target):>7}")
    ours, raw = streaming_row(api, session, server, max(3, args.rounds // 2))
    print(f"{'streaming events/s':30} {ours:10.0f} {raw:10.0f} {'-':>11} {ours / raw:6.2f} "
          f"{'>= 0.6':>7}  (and >= 8000/s)")
    ours_bytes, plain_bytes = memory_row()
    print(f"{'memory, 10,000 statuses':30} {ours_bytes / 1e6:8.1f}MB {plain_bytes / 1e6:8.1f}MB "
          f"{'(json.loads)':>11} {ours_bytes / plain_bytes:6.2f} {'<= 1.2':>7}")
    connections, requests_sent, calls = connection_row(server)
    print(f"{'connections / requests':30} {connections:>10} {requests_sent:>10} "
          f"{'':>11} {'':>6}  for {calls} calls, {requests_sent - calls} requests of its own")
    if args.compare:
        others, error = compare_row(args.compare, server.url, args.rounds, args.calls)
        print(f"\n# {args.compare}")
        if error:
            print(f"  could not run: {error}")
        for name, _target, medians in table:
            if others and name in others:
                print(f"{name:30} {others[name] * 1e3:8.3f}ms  ratio to raw requests "
                      f"{others[name] / medians['requests']:6.2f}")
    server.stop()


if __name__ == "__main__":
    main()
