"""The asyncio rows: ``AsyncMastodon`` against raw aiohttp, and concurrency against
sequential sync calls.

- ``AsyncMastodon.timeline_home()`` against ``await (await session.get(url)).json()`` of
  a raw ``aiohttp.ClientSession`` on the same bytes, call by call, interleaved, in one
  event loop, per parser configuration (as the sync rows).
- 100 ``status()`` calls gathered in one event loop against the same 100 made one after
  the other by the sync client, on a route that answers after ``STATUS_DELAY`` seconds,
  as a real server takes its time; on loopback without a delay there is nothing for
  concurrency to overlap.
"""

import asyncio
import statistics
import time

from mastodon import Mastodon

HEADERS = {"Authorization": "Bearer bench"}
CONCURRENT = 100


def available():
    """Whether the asyncio client can run here (the ``async`` extra)."""
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        return False
    return True


async def _timeline(base, configs, switch, rounds, calls):
    import aiohttp

    from mastodon import AsyncMastodon

    url = base + "/api/v1/timelines/home"
    async with AsyncMastodon(access_token="bench", api_base_url=base,
                             mastodon_version="4.5.0") as api, aiohttp.ClientSession() as session:
        async def raw():
            async with session.get(url, headers=HEADERS) as response:
                return await response.json()

        for config in configs:
            switch(config)
            await api.timeline_home()
        await raw()
        ours_times = {config.label: [] for config in configs}
        raw_times = []
        for _ in range(rounds):
            for config in configs:
                switch(config)
                await api.timeline_home()
                spent_ours = spent_raw = 0.0
                for _ in range(calls):
                    start = time.perf_counter()
                    await api.timeline_home()
                    spent_ours += time.perf_counter() - start
                    start = time.perf_counter()
                    await raw()
                    spent_raw += time.perf_counter() - start
                ours_times[config.label].append(spent_ours / calls)
                raw_times.append(spent_raw / calls)
    return ({label: statistics.median(values) for label, values in ours_times.items()},
            statistics.median(raw_times))


async def _gathered(base, rounds):
    from mastodon import AsyncMastodon

    async with AsyncMastodon(access_token="bench", api_base_url=base,
                             mastodon_version="4.5.0") as api:
        await api.status(1)
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            await asyncio.gather(*(api.status(n) for n in range(CONCURRENT)))
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def _sequential(base, rounds):
    api = Mastodon(access_token="bench", api_base_url=base, mastodon_version="4.5.0")
    api.status(1)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for n in range(CONCURRENT):
            api.status(n)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def timeline_row(base, configs, switch, rounds, calls):
    """``({configuration: seconds per call}, raw aiohttp seconds per call)``."""
    return asyncio.run(_timeline(base, configs, switch, rounds, calls))


def concurrency_row(base, rounds):
    """``(seconds for 100 gathered async calls, seconds for 100 sequential sync calls)``."""
    rounds = max(3, rounds // 2)
    return asyncio.run(_gathered(base, rounds)), _sequential(base, rounds)
