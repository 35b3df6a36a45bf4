"""Benchmark our client against raw ``requests`` and ``http.client`` on the same bytes.

Run from the repository root::

    python -m benchmarks [--rounds 7] [--calls 20] [--compare /other/venv/bin/python]
                         [--markdown] [--all-parsers]

Every row times our library and the raw baselines call by call, interleaved, for several
rounds, against a loopback server serving pre-serialised JSON (benchmarks/server.py), and
prints medians and ratios (ours / raw ``requests``). Our library runs once per
configuration this process has: ``ours`` with the standard library's JSON parser and
``ours+speed`` with the speed extra's (``mastodon[speed]``), switched with
``mastodon._json.use()`` between blocks of calls; without ``mastodon._json`` (or without
the extra) there is one configuration, as imported. ``--all-parsers`` adds a column for
every installed parser the switch accepts. ``--compare`` also runs every row with another
client installed in another virtualenv (e.g. Mastodon.py 2.3.3) on the same server, in
the same run. ``--markdown`` prints the table as benchmarks/RESULTS.md keeps it. Nothing
is asserted: the table is for people to read.
"""

import argparse
import gc
import http.client
import importlib.metadata
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from typing import NamedTuple
from urllib.parse import urlsplit

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from mastodon import Mastodon, MastodonError, StreamListener  # noqa: E402
from mastodon._results import parse_json  # noqa: E402

from . import async_rows  # noqa: E402
from .data import status  # noqa: E402
from .imports import import_cost  # noqa: E402
from .server import PAGES, BenchServer  # noqa: E402

try:
    from mastodon import _json  # the parser switch (the speed extra)
except ImportError:  # a version without it: one configuration, as imported
    _json = None

HEADERS = {"Authorization": "Bearer bench"}
SPEED_PARSERS = ("orjson", "msgspec")


class Config(NamedTuple):
    """One configuration of our client: its column, the parser ``_json.use()`` switches
    to (None: leave it as imported) and the environment that makes a fresh interpreter
    import it so (None: not measurable that way)."""
    label: str
    parser: str | None
    import_env: dict[str, str | None] | None


def configurations(all_parsers: bool) -> list[Config]:
    if _json is None:
        return [Config("ours", None, {})]
    configs = [Config("ours", "json", {"MASTODON_JSON": "json"})]
    speed = accepted_parsers()
    if speed:
        # The extra's own pick is what a fresh interpreter imports without MASTODON_JSON.
        configs.append(Config("ours+speed", speed[0], {"MASTODON_JSON": None}))
    if all_parsers:
        configs.extend(Config(f"ours+{name}", name, None) for name in speed[1:])
    return configs


def accepted_parsers() -> list[str]:
    """The compiled parsers that are installed and that ``_json.use()`` accepts, the one
    mastodon picked by itself first."""
    found = []
    for name in sorted(SPEED_PARSERS, key=lambda name: name != _json.BACKEND):
        if importlib.util.find_spec(name) is None:
            continue
        try:
            previous = _json.use(name)
        except Exception:  # noqa: BLE001 (whatever use() raises for a parser it refuses)
            continue
        _json.use(previous)
        found.append(name)
    return found


def switch(config: Config) -> None:
    if config.parser is not None:
        _json.use(config.parser)


def interleaved(ours, baselines, configs, rounds, calls):
    """Median seconds per call of ``ours`` in each configuration and of each baseline.

    Each round runs one block of ``calls`` per configuration (switched before the block,
    then warmed by one untimed call); in a block, each of our calls is followed by one
    call of each baseline, so ours and the baselines share the machine's moment. The
    baselines' medians are over every block."""
    for config in configs:
        switch(config)
        ours()
    for call in baselines.values():
        call()  # warm up: connections, caches
    ours_times = {config.label: [] for config in configs}
    baseline_times = {name: [] for name in baselines}
    for _ in range(rounds):
        for config in configs:
            switch(config)
            ours()
            spent_ours = 0.0
            spent = dict.fromkeys(baselines, 0.0)
            for _ in range(calls):
                start = time.perf_counter()
                ours()
                spent_ours += time.perf_counter() - start
                for name, call in baselines.items():
                    start = time.perf_counter()
                    call()
                    spent[name] += time.perf_counter() - start
            ours_times[config.label].append(spent_ours / calls)
            for name in baselines:
                baseline_times[name].append(spent[name] / calls)
    return ({label: statistics.median(values) for label, values in ours_times.items()},
            {name: statistics.median(values) for name, values in baseline_times.items()})


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


class Row(NamedTuple):
    name: str
    target: str  # the target: without the extra / with it
    ours: dict  # configuration label -> value
    requests: float | None  # raw requests (or the raw baseline of the row)
    http_client: float | None
    unit: str  # "ms", "events/s", "MB"


def request_rows(api, session, base, configs, rounds, calls):
    get = raw_http_client(base)
    rows = [
        ("timeline_home() 40 statuses", "<= 1.15 / < 1.0", api.timeline_home, {
            "requests": lambda: session.get(base + "/api/v1/timelines/home", headers=HEADERS).json(),
            "http.client": lambda: get("/api/v1/timelines/home")}),
        ("notifications() 40", "<= 1.15 / < 1.0", api.notifications, {
            "requests": lambda: session.get(base + "/api/v1/notifications", headers=HEADERS).json(),
            "http.client": lambda: get("/api/v1/notifications")}),
        (f"fetch_remaining() {PAGES} pages", "<= 1.15 / < 1.0",
         lambda: api.fetch_remaining(api.timeline_public()), {
             "requests": lambda: raw_fetch_all(session, base + "/api/v1/timelines/public")}),
        ("account()", "<= 1.05 / <= 1.0", lambda: api.account(1), {
            "requests": lambda: session.get(base + "/api/v1/accounts/1", headers=HEADERS).json(),
            "http.client": lambda: get("/api/v1/accounts/1")}),
        ("status_post()", "<= 1.05 / <= 1.0", lambda: api.status_post("hello"), {
            "requests": lambda: session.post(base + "/api/v1/statuses", data={"status": "hello"},
                                             headers=HEADERS).json()}),
    ]
    table = []
    for name, target, ours, baselines in rows:
        few = max(2, calls // 10) if "fetch_remaining" in name else calls
        ours_medians, baseline_medians = interleaved(ours, baselines, configs, rounds, few)
        table.append(Row(name, target, ours_medians, baseline_medians["requests"],
                         baseline_medians.get("http.client"), "ms"))
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


def streaming_row(api, session, server, configs, rounds):
    events = server.stream_events
    ours = {config.label: [] for config in configs}
    raw = []
    for _ in range(rounds):
        for config in configs:
            switch(config)
            listener = Counter()
            start = time.perf_counter()
            try:
                api.stream_user(listener)
            except MastodonError:
                pass  # the server ends the stream after the last event
            ours[config.label].append(listener.updates / (time.perf_counter() - start))
            assert listener.updates == events, (config.label, listener.updates)
        start = time.perf_counter()
        count = raw_stream(session, server.url + "/api/v1/streaming/user", HEADERS)
        raw.append(count / (time.perf_counter() - start))
        assert count == events, count
    return Row("streaming events/s", ">= 1.0 / >= 1.5",
               {label: statistics.median(values) for label, values in ours.items()},
               statistics.median(raw), None, "events/s")


def traced_bytes(parse, body):
    gc.collect()
    tracemalloc.start()
    result = parse(body)
    size = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del result
    return size


def memory_row(configs, count=10000):
    body = json.dumps([status(n) for n in range(count)]).encode()
    plain = traced_bytes(json.loads, body)
    ours = {}
    for config in configs:
        switch(config)
        ours[config.label] = traced_bytes(parse_json, body)
    return Row(f"memory, {count:,} statuses", "<= 1.1 / <= 1.1",
               {label: size / 1e6 for label, size in ours.items()}, plain / 1e6, None, "MB")


def import_row(configs, runs):
    ours = {}
    for config in configs:
        if config.import_env is not None:
            ours[config.label] = import_cost(sys.executable, runs, cwd=ROOT, env=config.import_env)[0]
    return Row("import mastodon beyond requests", "<= 20 ms / <= 20 ms", ours, None, None,
               "import ms")


def connection_row(server, calls=30):
    before_connections, before_requests = server.connections, server.requests
    api = Mastodon(access_token="bench", api_base_url=server.url)  # version unknown, never probed
    for _ in range(calls):
        api.account(1)
    return server.connections - before_connections, server.requests - before_requests, calls


def compare_rows(python, server, rounds, calls, events, import_runs):
    """The other client's rows (see other_client.py) and its import time, or an error."""
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "other_client.py")
    previous, server.stream_events = server.stream_events, events  # it streams slower
    try:
        done = subprocess.run([python, script, server.url, str(rounds), str(calls)],
                              capture_output=True, text=True, timeout=1800)
    finally:
        server.stream_events = previous
    if done.returncode != 0:
        return None, done.stderr.strip().splitlines()[-1:] or ["failed"]
    others = json.loads(done.stdout)
    try:
        others["import"] = import_cost(python, import_runs)[0]
    except RuntimeError as exc:
        others["errors"]["import"] = str(exc)
    return others, None


def show(value, unit):
    if value is None:
        return "-"
    if unit == "ms":
        return f"{value * 1e3:.3f} ms"
    if unit == "events/s":
        return f"{value:,.0f}"
    if unit == "MB":
        return f"{value:.1f} MB"
    return f"{value:.1f} ms"  # import times are milliseconds already


def ratio(value, baseline):
    if value is None or not baseline:
        return "-"
    quotient = value / baseline
    return f"{quotient:.2f}" if quotient >= 0.1 else f"{quotient:.4f}"


def markdown_name(name):
    """A row's name with its code as code: "`timeline_home()` 40 statuses"."""
    if name.startswith("import mastodon"):
        return "`import mastodon` beyond `import requests`"
    call, _, rest = name.partition(" ")
    return f"`{call}` {rest}".rstrip() if call.endswith(")") else name


def table_lines(rows, configs, markdown):
    labels = [config.label for config in configs]
    head = ["what"]
    for label in labels:
        head += [label, "ratio" if label == "ours" else f"ratio ({label})"]
    head += ["requests", "http.client", "target (ratio; without / with the extra)"]
    lines = []
    for row in rows:
        cells = [markdown_name(row.name) if markdown else row.name]
        for label in labels:
            value = row.ours.get(label)
            cells += [show(value, row.unit),
                      "-" if row.unit == "import ms" else ratio(value, row.requests)]
        baseline = show(row.requests, row.unit)
        if row.unit == "MB":
            baseline += " (json.loads)"
        elif row.unit == "events/s" and row.requests is not None:
            baseline += " (chunked reader)"
        cells += [baseline, show(row.http_client, row.unit), row.target]
        lines.append(cells)
    return render(head, lines, markdown)


def render(head, lines, markdown):
    """A table's lines: markdown, or columns aligned for the terminal."""
    if markdown:
        return ["| " + " | ".join(head) + " |", "| " + " | ".join("---" for _ in head) + " |",
                *("| " + " | ".join(cells) + " |" for cells in lines)]
    widths = [max(len(cells[i]) for cells in [head, *lines]) for i in range(len(head))]
    return ["  ".join(cell.ljust(width) if i == 0 else cell.rjust(width)
                      for i, (cell, width) in enumerate(zip(cells, widths, strict=True)))
            for cells in [head, *lines]]


def async_table(base, configs, rounds, calls, markdown):
    """The asyncio rows (benchmarks/async_rows.py), each against its own baseline."""
    ours, raw = async_rows.timeline_row(base, configs, switch, rounds, calls)
    gathered = {}
    for config in configs:
        switch(config)
        gathered[config.label], sequential = async_rows.concurrency_row(base, rounds)
    rows = [("AsyncMastodon.timeline_home() 40 statuses", ours, raw,
             "aiohttp get().json()", "<= 1.2 / < 1.0"),
            (f"{async_rows.CONCURRENT} status() gathered (async)", gathered, sequential,
             f"{async_rows.CONCURRENT} sequential status() (sync)", "-")]
    labels = [config.label for config in configs]
    head = ["asyncio", *(part for label in labels
                         for part in (label, "ratio" if label == "ours" else f"ratio ({label})")),
            "baseline", "target"]
    lines = []
    for name, values, baseline, what, target in rows:
        cells = [name]
        for label in labels:
            cells += [show(values[label], "ms"), ratio(values[label], baseline)]
        cells += [f"{show(baseline, 'ms')} ({what})", target]
        lines.append(cells)
    return render(head, lines, markdown)


def compare_lines(python, others, error, rows, markdown):
    title = (f"{python}: another client, the same server, the same run; ratio to the same "
             "raw baseline as ours")
    if error:
        return [f"# {title}", f"  could not run: {error}"]
    cells = []
    for row in rows:
        key = "import" if row.unit == "import ms" else row.name
        value = others.get(key)
        if value is None:
            problem = others.get("errors", {}).get(key, "not measured")
            cells.append((row.name, f"- ({problem})", "-"))
            continue
        if row.unit == "MB":
            value /= 1e6
        cells.append((row.name, show(value, row.unit),
                      "-" if row.unit == "import ms" else ratio(value, row.requests)))
    if markdown:
        return [f"{title}:", "", "| what | other client | ratio |", "| --- | --- | --- |",
                *(f"| {markdown_name(name)} | {shown} | {relative} |"
                  for name, shown, relative in cells)]
    return [f"# {title}", *(f"  {name:34} {shown:>14}  ratio {relative}"
                            for name, shown, relative in cells)]


def header(args, configs):
    parsers = [f"{name} {importlib.metadata.version(name)}" for name in SPEED_PARSERS
               if any(config.parser == name for config in configs)]
    columns = ", ".join(f"{config.label}: {config.parser or 'as imported'}" for config in configs)
    note = "" if _json is not None else " (no mastodon._json: one configuration, as imported)"
    return [f"# {platform.python_implementation()} {platform.python_version()}, "
            f"{platform.machine()}, {os.cpu_count()} cores, requests {requests.__version__}"
            f"{''.join(', ' + parser for parser in parsers)}; median of {args.rounds} rounds "
            f"of {args.calls} calls",
            f"# parsers: {columns}{note}",
            f"# import: median of {args.import_runs} fresh interpreters, -X importtime's "
            "cumulative time of `import mastodon` after `import requests` in the same "
            "interpreter (no start-up in it), bytecode cached as installed"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--events", type=int, default=20000, help="events per streaming round")
    parser.add_argument("--import-runs", type=int, default=11,
                        help="fresh interpreters for the import row")
    parser.add_argument("--compare", metavar="PYTHON", help="another client's interpreter")
    parser.add_argument("--markdown", action="store_true", help="print the table as markdown")
    parser.add_argument("--all-parsers", action="store_true",
                        help="a column for every installed parser, not only the extra's pick")
    args = parser.parse_args(argv)

    configs = configurations(args.all_parsers)
    imported_parser = _json.BACKEND if _json is not None else None
    server = BenchServer()
    server.stream_events = args.events
    api = Mastodon(access_token="bench", api_base_url=server.url, mastodon_version="4.5.0")
    session = requests.Session()
    for line in header(args, configs):
        print(line)
    rows = request_rows(api, session, server.url, configs, args.rounds, args.calls)
    rows.append(streaming_row(api, session, server, configs, max(3, args.rounds // 2)))
    rows.append(memory_row(configs))
    if imported_parser is not None:
        _json.use(imported_parser)
    rows.append(import_row(configs, args.import_runs))
    print("\n".join(table_lines(rows, configs, args.markdown)))
    if async_rows.available():
        print()
        print("\n".join(async_table(server.url, configs, args.rounds, args.calls, args.markdown)))
    connections, requests_sent, calls = connection_row(server)
    print(f"connections / requests: {connections} connection(s) and {requests_sent} requests "
          f"for {calls} calls ({requests_sent - calls} of its own), version unknown at start")
    if args.compare:
        others, error = compare_rows(args.compare, server, args.rounds, args.calls,
                                     max(300, args.events // 40), args.import_runs)
        print()
        print("\n".join(compare_lines(args.compare, others, error, rows, args.markdown)))
    server.stop()


if __name__ == "__main__":
    main()
