"""Time another installed client (e.g. Mastodon.py) against the benchmark server.

Run by ``python -m benchmarks --compare PYTHON``, with that virtualenv's interpreter, so
``import mastodon`` finds the other client (this script's directory, not the repository,
is on ``sys.path``). Arguments: the server's URL, rounds, calls. Prints
one JSON object: row name -> median seconds per call, events per second for streaming,
bytes for memory; a row the client cannot run is left out, its error under ``"errors"``.

The other client is far slower (Mastodon.py 2.3.3 takes some 80 times as long per page), so
it does less: at most three rounds of at most five calls per row, one ``fetch_remaining()``
per round, fewer streaming events (the main benchmark sets the server's count), and memory
measured on 1,000 statuses and scaled to the 10,000 of the row (it grows with the count).
"""

import gc
import json
import statistics
import sys
import time
import tracemalloc

import mastodon


def timed(call, rounds, calls):
    call()  # warm up
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(calls):
            call()
        times.append((time.perf_counter() - start) / calls)
    return statistics.median(times)


class Counter(mastodon.StreamListener):
    def __init__(self):
        super().__init__()
        self.updates = 0

    def on_update(self, status):
        self.updates += 1


def events_per_second(api, rounds):
    rates = []
    for _ in range(rounds):
        listener = Counter()
        start = time.perf_counter()
        try:
            api.stream_user(listener)
        except mastodon.MastodonError:
            pass  # the server ends the stream after the last event
        rates.append(listener.updates / (time.perf_counter() - start))
    return statistics.median(rates)


def parsed_bytes(count=1000, row_count=10000):
    """Memory of ``count`` statuses parsed as this client parses them (``json.loads``, then
    its typed results), as the main benchmark measures ours, scaled to ``row_count``."""
    from data import status  # this script's directory: benchmarks/data.py

    from mastodon.return_types import PaginatableList, Status, try_cast_recurse

    body = json.dumps([status(n) for n in range(count)]).encode()
    gc.collect()
    tracemalloc.start()
    result = try_cast_recurse(PaginatableList[Status], json.loads(body))
    size = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del result
    return size * row_count // count


def main():
    base, rounds, calls = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rounds, calls = min(rounds, 3), min(calls, 5)
    api = mastodon.Mastodon(access_token="bench", api_base_url=base)
    rows = {
        "timeline_home() 40 statuses": (api.timeline_home, calls),
        "notifications() 40": (api.notifications, calls),
        "fetch_remaining() 25 pages": (lambda: api.fetch_remaining(api.timeline_public()), 1),
        "account()": (lambda: api.account(1), calls),
        "status_post()": (lambda: api.status_post("hello"), calls),
    }
    out, errors = {}, {}
    for name, (call, count) in rows.items():
        try:
            out[name] = timed(call, rounds, count)
        except Exception as exc:  # another client's failure is reported, not fatal
            errors[name] = f"{type(exc).__name__}: {exc}"
    for name, measure in (("streaming events/s", lambda: events_per_second(api, rounds)),
                          ("memory, 10,000 statuses", parsed_bytes)):
        try:
            out[name] = measure()
        except Exception as exc:
            errors[name] = f"{type(exc).__name__}: {exc}"
    out["errors"] = errors
    print(json.dumps(out))


if __name__ == "__main__":
    main()
