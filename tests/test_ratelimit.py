"""Rate limits: the three modes of the original docs, and many threads sharing a client."""

import threading
import time
from datetime import UTC, datetime

import pytest
from mastodon_mock.config import RateLimitConfig
from mastodon_mock.testing.server import MockServer

from mastodon import Mastodon, MastodonRatelimitError

from .conftest import mock_config
from .servers import FixedWindowLimit, Reply


def iso(epoch):
    return datetime.fromtimestamp(epoch, UTC).isoformat().replace("+00:00", "Z")


def test_state_is_kept_from_headers(recording_api, server):
    reset = time.time() + 120
    server.default = Reply(200, {}, {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "299",
                                     "X-RateLimit-Reset": iso(reset)})
    before = time.time()
    recording_api.instance()
    assert recording_api.ratelimit_limit == 300
    assert recording_api.ratelimit_remaining == 299
    assert abs(recording_api.ratelimit_reset - reset) < 0.01
    assert recording_api.ratelimit_lastcall >= before


def test_epoch_reset_is_accepted(recording_api, server):
    server.default = Reply(200, {}, {"X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "9",
                                     "X-RateLimit-Reset": "2000000000"})
    recording_api.instance()
    assert recording_api.ratelimit_reset == 2000000000


def test_throw_mode_raises_and_does_not_wait(server):
    server.default = Reply(429, {"error": "Too many requests"},
                           {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": iso(time.time() + 60)})
    api = Mastodon(api_base_url=server.url, mastodon_version="4.0.0", ratelimit_method="throw")
    with pytest.raises(MastodonRatelimitError):
        api.instance()
    with pytest.raises(MastodonRatelimitError):
        api.instance()  # throw mode never sleeps on its own
    assert len(server.requests) == 2


def test_wait_mode_retries_after_the_reset(server):
    reset = time.time() + 1.0
    limited = Reply(429, {"error": "Too many requests"},
                    {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0",
                     "X-RateLimit-Reset": iso(reset)})
    server.routes[("GET", "/api/v2/instance")] = [limited, Reply(200, {"title": "ok"})]
    api = Mastodon(api_base_url=server.url, mastodon_version="4.0.0")  # wait is the default
    assert api.instance().title == "ok"
    assert len(server.requests) == 2
    assert server.requests[1].at >= reset


def test_wait_mode_honours_retry_after_without_reset(server):
    limited = Reply(429, {"error": "slow down"}, {"Retry-After": "1"})
    server.routes[("GET", "/api/v2/instance")] = [limited, Reply(200, {"title": "ok"})]
    api = Mastodon(api_base_url=server.url, mastodon_version="4.0.0")
    assert api.instance().title == "ok"
    assert server.requests[1].at - server.requests[0].at >= 1.0


def run_threads(api, threads, calls):
    errors = []

    def work():
        try:
            for _ in range(calls):
                api._api_request("GET", "/api/v1/timelines/home")
        except Exception as exc:  # collected: a thread's failure must fail the test
            errors.append(exc)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert not any(w.is_alive() for w in workers)
    return errors


def test_pace_mode_threads_never_hit_the_limit(server):
    limiter = FixedWindowLimit(limit=12, window=1.5, body=[])
    server.default = limiter
    api = Mastodon(api_base_url=server.url, mastodon_version="4.0.0", ratelimit_method="pace")
    errors = run_threads(api, threads=4, calls=5)
    assert errors == []
    assert limiter.refused == 0
    assert limiter.served == 20


def test_wait_mode_threads_recover_without_a_herd(server):
    limiter = FixedWindowLimit(limit=12, window=1.5, body=[])
    server.default = limiter
    # Someone else spent the window: the threads start against an exhausted limit.
    for _ in range(12):
        limiter(None)
    served_before = limiter.served
    api = Mastodon(api_base_url=server.url, mastodon_version="4.0.0", ratelimit_method="wait")
    threads = 6
    errors = run_threads(api, threads=threads, calls=5)
    assert errors == []
    assert limiter.served - served_before == 30
    # Only the first, blind wave may be refused; after it every thread waits for the reset.
    assert limiter.refused <= threads
    assert len(server.requests) == 30 + limiter.refused


def test_pace_mode_against_the_mocks_own_limiter():
    config = mock_config(ratelimit=RateLimitConfig(enabled=True, limit=8, window_seconds=2))
    mock = MockServer(config=config).start()
    try:
        api = Mastodon(access_token="alice_token", api_base_url=f"http://127.0.0.1:{mock.port}",
                       mastodon_version="4.6.0", ratelimit_method="pace")
        statuses = []
        for n in range(12):
            statuses.append(api._api_request("POST", "/api/v1/statuses", {"status": f"paced {n}"}))
        assert len({s.id for s in statuses}) == 12
        assert api.ratelimit_limit == 8
    finally:
        mock.stop()


def test_throw_mode_against_the_mocks_own_limiter():
    config = mock_config(ratelimit=RateLimitConfig(enabled=True, limit=3, window_seconds=60))
    mock = MockServer(config=config).start()
    try:
        api = Mastodon(access_token="alice_token", api_base_url=f"http://127.0.0.1:{mock.port}",
                       mastodon_version="4.6.0", ratelimit_method="throw")
        for _ in range(3):
            api._api_request("GET", "/api/v1/timelines/home")
        with pytest.raises(MastodonRatelimitError) as info:
            api._api_request("GET", "/api/v1/timelines/home")
        assert info.value.status_code == 429
        assert api.ratelimit_remaining == 0
    finally:
        mock.stop()


def test_trusts_a_server_whose_count_does_not_drop(server):
    # Some servers (and caches in front of them) report the same remaining count on every
    # answer; the client must not count its own requests down to zero and stall.
    server.default = Reply(200, {}, {"X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "5",
                                     "X-RateLimit-Reset": iso(time.time() + 3600)})
    api = Mastodon(api_base_url=server.url, mastodon_version="4.0.0", ratelimit_method="wait")
    worker = threading.Thread(target=lambda: [api.instance() for _ in range(20)], daemon=True)
    worker.start()
    worker.join(30)
    assert not worker.is_alive()
    assert len(server.requests) == 20
