"""Time another installed client (e.g. Mastodon.py) against the benchmark server.

Run by ``python -m benchmarks --compare PYTHON``, with that virtualenv's interpreter, so
``import mastodon`` finds the other client. Prints one JSON object: row -> median seconds.
"""

import json
import statistics
import sys
import time

import mastodon


def main():
    base, rounds, calls = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    api = mastodon.Mastodon(access_token="bench", api_base_url=base)
    rows = {
        "timeline_home() 40 statuses": api.timeline_home,
        "notifications() 40": api.notifications,
        "account()": lambda: api.account(1),
        "status_post()": lambda: api.status_post("hello"),
    }
    out = {}
    for name, call in rows.items():
        call()
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            for _ in range(calls):
                call()
            times.append((time.perf_counter() - start) / calls)
        out[name] = statistics.median(times)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
