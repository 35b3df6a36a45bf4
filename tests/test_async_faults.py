"""The asyncio client under faults: retries that never post twice, 429 in each rate-limit
mode, rate limits kept across concurrent tasks, malformed and oversized answers, refused
connections, timeouts, redirects and the connection policy, and errors that say what the
server said, the same as the sync client's for the same answers.

The servers are the sync fault tests' (tests/servers.py, tests/faults.py); each test runs
its coroutine with ``asyncio.run``.
"""

import asyncio
import json
import socket
import threading
import time

import pytest

from mastodon import (
    AsyncMastodon,
    Mastodon,
    MastodonAPIError,
    MastodonBadGatewayError,
    MastodonError,
    MastodonGatewayTimeoutError,
    MastodonIllegalArgumentError,
    MastodonInternalServerError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonReadTimeout,
    MastodonServerError,
    MastodonServiceUnavailableError,
    MastodonUnauthorizedError,
)

from .faults import FaultProxy
from .guards import no_remote_connections
from .servers import FixedWindowLimit, Reply, ScriptedServer
from .test_ratelimit import iso

TOKEN = "async-fault-token-0123456789"


def aclient(url, token=None, **kwargs):
    """An asyncio client as the fixtures make sync ones: retries on, backoff short."""
    kwargs.setdefault("retry_backoff", 0.001)
    return AsyncMastodon(access_token=token, api_base_url=url, **kwargs)


def run(url, call, token=None, **kwargs):
    """Run ``await call(api)`` with a new asyncio client of ``url``, closed afterwards."""
    async def main():
        async with aclient(url, token, **kwargs) as api:
            return await call(api)
    return asyncio.run(main())


def outcome(call):
    """``(exception class, message, attempts)`` of a call that fails, or its result."""
    try:
        return call()
    except MastodonError as error:
        return type(error), str(error), getattr(error, "attempts", None)


@pytest.fixture
def proxy(mock_url):
    faulty = FaultProxy(mock_url).start()
    try:
        yield faulty
    finally:
        faulty.stop()


@pytest.fixture
def other_host():
    """A server on another loopback address: "another host" for the client."""
    scripted = ScriptedServer(host="127.0.0.2").start()
    try:
        yield scripted
    finally:
        scripted.stop()


def free_port():
    """A port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def through(proxy, call, token="alice_token", **kwargs):
    return run(proxy.url, call, token, mastodon_version="4.6.0", **kwargs)


def tries(proxy, path):
    return [r for r in proxy.requests if r.path == path]


# --- retries -------------------------------------------------------------------------

def test_status_post_through_faults_posts_exactly_once(proxy, api):
    proxy.plan("POST", "/api/v1/statuses", ["drop_after", "reset_mid_body", 502])
    posted = through(proxy, lambda a: a.status_post("async, exactly once"))
    assert posted.content == "<p>async, exactly once</p>"
    sent = tries(proxy, "/api/v1/statuses")
    assert len(sent) == 4
    assert len({r.headers["Idempotency-Key"] for r in sent}) == 1  # one key for the post
    mine = api.account_statuses(api.me().id)
    assert [s.content for s in mine].count("<p>async, exactly once</p>") == 1
    assert any(s.id == posted.id for s in mine)


def test_get_through_three_503s_succeeds(proxy):
    proxy.plan("GET", "/api/v1/timelines/home", [503, 503, 503])
    assert isinstance(through(proxy, lambda a: a.timeline_home()), list)
    assert len(tries(proxy, "/api/v1/timelines/home")) == 4


def test_no_retries_raise_at_once(proxy):
    proxy.plan("GET", "/api/v1/timelines/home", [503, 503, 503])
    with pytest.raises(MastodonServiceUnavailableError) as info:
        through(proxy, lambda a: a.timeline_home(), max_retries=0)
    assert len(proxy.requests) == 1
    assert "attempts" not in str(info.value)
    assert "injected 503" in str(info.value)  # the server's message


def test_dropped_connections_are_retried_and_the_error_tells_the_story(proxy, caplog):
    proxy.plan("GET", "/api/v1/timelines/home", ["drop_before", 504, "reset_mid_body", 502])
    with caplog.at_level("WARNING", logger="mastodon"):
        with pytest.raises(MastodonBadGatewayError) as info:
            through(proxy, lambda a: a.timeline_home())
    message = str(info.value)
    assert len(tries(proxy, "/api/v1/timelines/home")) == 4
    assert info.value.attempts == ["could not talk to the server", "HTTP 504",
                                   "the connection broke while reading the answer", "HTTP 502"]
    assert message.endswith(f"(after 4 attempts: {', '.join(info.value.attempts)})")
    assert "injected 502" in message
    assert caplog.text.count("retry") == 3 and "retry 3 of 3" in caplog.text


def test_retry_after_is_honoured(proxy):
    proxy.plan("GET", "/api/v1/instance/", [(503, {"Retry-After": "1"})])
    through(proxy, lambda a: a.instance_v1())
    first, second = tries(proxy, "/api/v1/instance/")
    assert second.at - first.at >= 1.0


def test_an_unsafe_post_is_not_repeated_once_it_was_sent(proxy):
    # A report has no Idempotency-Key and is no idempotent action: sent twice, it would
    # be filed twice.
    async def report(api):
        with pytest.raises(MastodonNetworkError) as dropped:
            await api._api_request("POST", "/api/v1/reports", {"account_id": "1"})
        proxy.plan("POST", "/api/v1/reports", [503])
        with pytest.raises(MastodonServiceUnavailableError) as refused:
            await api._api_request("POST", "/api/v1/reports", {"account_id": "1"})
        return dropped.value, refused.value

    proxy.plan("POST", "/api/v1/reports", ["drop_after"])
    dropped, refused = through(proxy, report)
    sent = tries(proxy, "/api/v1/reports")
    assert len(sent) == 2 and "Idempotency-Key" not in sent[0].headers
    assert dropped.attempts == ["could not talk to the server"]
    assert "injected 503" in str(refused)


def test_a_media_upload_is_not_repeated_once_it_was_sent(proxy):
    proxy.plan("POST", "/api/v2/media", ["reset_mid_body"])
    with pytest.raises(MastodonNetworkError, match="connection broke"):
        through(proxy, lambda a: a.media_post(b"GIF89a" + b"\0" * 64, mime_type="image/gif"))
    sent = tries(proxy, "/api/v2/media")
    assert len(sent) == 1
    assert b"GIF89a" + b"\0" * 64 in sent[0].body


def test_idempotent_actions_are_repeated(proxy, api):
    status = api.status_post("like me, async")
    proxy.plan("POST", f"/api/v1/statuses/{status.id}/favourite", ["drop_after", 502])
    favourited = through(proxy, lambda a: a.status_favourite(status), token="bob_token")
    assert favourited.favourited is True
    assert len(tries(proxy, f"/api/v1/statuses/{status.id}/favourite")) == 3
    assert api.status(status).favourites_count == 1


def test_read_timeouts_are_retried_only_when_safe(proxy):
    proxy.stall_seconds = 0.6
    proxy.plan("GET", "/api/v1/instance/", ["stall"])
    assert through(proxy, lambda a: a.instance_v1(), request_timeout=0.3).uri
    assert len(tries(proxy, "/api/v1/instance/")) == 2

    proxy.plan("POST", "/api/v1/reports", ["stall"])
    with pytest.raises(MastodonReadTimeout, match="did not answer in time"):
        through(proxy, lambda a: a._api_request("POST", "/api/v1/reports", {"account_id": "1"}),
                request_timeout=0.3)
    assert len(tries(proxy, "/api/v1/reports")) == 1


def test_every_request_has_the_timeout(server):
    server.default = Reply(200, {}, delay=1.0)
    with pytest.raises(MastodonReadTimeout, match="did not answer in time") as info:
        run(server.url, lambda a: a.instance(), request_timeout=0.2, mastodon_version="4.0.0",
            max_retries=0)
    assert len(server.requests) == 1
    assert info.value.attempts == ["the server did not answer in time"]


# --- connections that cannot be made ----------------------------------------------------

def test_a_refused_connection_is_a_network_error_with_the_attempts_story():
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(MastodonNetworkError) as info:
        run(url, lambda a: a.instance(), mastodon_version="4.5.0")
    message = str(info.value)
    assert info.value.attempts == ["could not talk to the server"] * 4
    assert message.startswith(f"GET {url}/api/v2/instance/: could not talk to the server (")
    assert message.endswith("(after 4 attempts: 4 \u00d7 could not talk to the server)"), message
    # The cause as the operating system names it, once, as in the sync client's message.
    assert message.count("Connection refused") == 1, message
    assert "None:" not in message


def test_a_post_that_never_reached_a_server_is_retried():
    # Nothing listens: the report cannot have been filed, so trying again is safe.
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(MastodonNetworkError) as info:
        run(url, lambda a: a._api_request("POST", "/api/v1/reports", {"account_id": "1"}),
            mastodon_version="4.0.0", max_retries=2)
    assert len(info.value.attempts) == 3


# --- rate limits -------------------------------------------------------------------------

def limited(reset, message="Too many requests"):
    return Reply(429, {"error": message}, {"X-RateLimit-Limit": "300",
                                           "X-RateLimit-Remaining": "0",
                                           "X-RateLimit-Reset": iso(reset)})


def test_throw_mode_raises_the_servers_error_and_never_waits(server):
    server.default = limited(time.time() + 60)

    async def twice(api):
        errors = []
        for _ in range(2):
            with pytest.raises(MastodonRatelimitError) as info:
                await api.instance()
            errors.append(info.value)
        return errors, api.ratelimit_remaining

    errors, remaining = run(server.url, twice, mastodon_version="4.0.0", ratelimit_method="throw")
    assert len(server.requests) == 2  # the second was sent: throw mode never sleeps
    assert all(e.status_code == 429 and e.error == "Too many requests" for e in errors)
    assert "Too many requests" in str(errors[0])
    assert remaining == 0


def test_wait_mode_retries_after_the_reset(server):
    reset = time.time() + 1.0
    server.routes[("GET", "/api/v2/instance")] = [limited(reset), Reply(200, {"title": "ok"})]
    assert run(server.url, lambda a: a.instance(), mastodon_version="4.0.0").title == "ok"
    assert len(server.requests) == 2
    assert server.requests[1].at >= reset


def test_wait_mode_honours_retry_after_without_a_reset(server):
    server.routes[("GET", "/api/v2/instance")] = [Reply(429, {"error": "slow down"},
                                                        {"Retry-After": "1"}),
                                                  Reply(200, {"title": "ok"})]
    assert run(server.url, lambda a: a.instance(), mastodon_version="4.0.0").title == "ok"
    assert server.requests[1].at - server.requests[0].at >= 1.0


def concurrently(calls):
    """Many calls of one client at once: ``asyncio.gather`` of ``calls`` tasks."""
    async def main(api):
        await api._api_request("GET", "/api/v1/echo", {"n": "first"})  # learn the limit
        return await asyncio.gather(*(api._api_request("GET", "/api/v1/echo", {"n": n})
                                      for n in range(calls)))
    return main


def echo_within(limiter):
    def answer(recorded):
        reply = limiter(recorded)
        if reply.status == 200:
            reply.body = {"n": recorded.query["n"][0]}
        return reply
    return answer


@pytest.mark.parametrize("mode", ["pace", "wait"])
def test_concurrent_tasks_never_exceed_the_limit(server, mode):
    # wait: 20 tasks against 8 a second, so most of them wait for a reset together.
    # pace: the budget (30 in 3 seconds) is spread over the window.
    limit, window = (8, 1.0) if mode == "wait" else (30, 3.0)
    limiter = FixedWindowLimit(limit=limit, window=window)
    server.default = echo_within(limiter)
    results = run(server.url, concurrently(20), mastodon_version="4.0.0", ratelimit_method=mode)
    assert [r.n for r in results] == [str(n) for n in range(20)]  # each task its own answer
    assert limiter.refused == 0
    assert limiter.served == 21
    assert len(server.requests) == 21


def test_pace_mode_spreads_the_requests_over_the_window(server):
    limiter = FixedWindowLimit(limit=6, window=2.0)
    server.default = echo_within(limiter)
    run(server.url, concurrently(5), mastodon_version="4.0.0", ratelimit_method="pace")
    arrivals = [r.at for r in server.requests]
    assert limiter.refused == 0
    # Paced, the budget lasts the window: the last of the six arrives well after the
    # first, not all at once as plain concurrency would send them.
    assert arrivals[-1] - arrivals[0] >= 0.5


def test_wait_mode_tasks_recover_from_a_spent_limit_without_a_herd(server):
    limiter = FixedWindowLimit(limit=6, window=1.0, body=[])
    server.default = limiter
    for _ in range(6):  # someone else spent the window
        limiter(None)
    served_before = limiter.served

    async def main(api):
        async def work():
            for _ in range(3):
                await api._api_request("GET", "/api/v1/timelines/home")
        await asyncio.gather(*(work() for _ in range(4)))

    run(server.url, main, mastodon_version="4.0.0", ratelimit_method="wait")
    assert limiter.served - served_before == 12
    # Only the first, blind wave may be refused; after it every task waits for the reset.
    assert limiter.refused <= 4
    assert len(server.requests) == 12 + limiter.refused


def test_a_cancelled_request_gives_its_turn_back(server):
    limiter = FixedWindowLimit(limit=5, window=60.0)

    def answer(recorded):
        reply = limiter(recorded)
        reply.delay = 1.0 if recorded.query.get("slow") else 0.0
        return reply

    server.default = answer

    async def main(api):
        await api._api_request("GET", "/api/v1/x")
        for _ in range(2):
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(api._api_request("GET", "/api/v1/x", {"slow": "1"}), 0.2)
        # The server allows one more in this window (5: 1 + 2 cancelled + 1 + 1).
        await asyncio.wait_for(api._api_request("GET", "/api/v1/x"), 30)
        await asyncio.wait_for(api._api_request("GET", "/api/v1/x"), 30)

    run(server.url, main, mastodon_version="4.0.0", ratelimit_method="wait")
    assert limiter.served == 5 and limiter.refused == 0


# --- malformed answers -------------------------------------------------------------------

@pytest.mark.parametrize("reply, expected", [
    (Reply(200, b"<html>hello</html>", {"Content-Type": "text/html"}), "not valid JSON"),
    (Reply(200, b'[{"id": "1"', {"Content-Type": "application/json"}), "not valid JSON"),
    (Reply(200, b"\xff\xfe\xfa not utf-8", {"Content-Type": "application/json"}), "not valid JSON"),
    (Reply(200, b"", {"Content-Type": "application/json"}), "empty body"),
    (Reply(200, {"error": "not a list"}), "JSON dict where a list belongs"),
], ids=["html", "truncated-json", "not-utf8", "empty", "wrong-shape"])
def test_bad_answers_are_mastodon_errors(server, reply, expected):
    server.default = reply
    with pytest.raises(MastodonAPIError, match=expected) as info:
        run(server.url, lambda a: a.timeline_home(), TOKEN, mastodon_version="4.5.0")
    assert type(info.value) is MastodonAPIError
    assert info.value.status_code == 200
    assert len(server.requests) == 1  # an answer that came is not asked for again
    assert server.last.path == "/api/v1/timelines/home"


def test_an_html_error_page_from_a_proxy(server):
    page = (b"<html><head><title>502 Bad Gateway</title><style>body{}</style></head>"
            b"<body><center><h1>502 Bad Gateway</h1></center><hr>nginx</body></html>")
    server.default = Reply(502, page, {"Content-Type": "text/html"})
    with pytest.raises(MastodonBadGatewayError) as info:
        run(server.url, lambda a: a.instance(), TOKEN, mastodon_version="4.5.0")
    message = str(info.value)
    assert "502 Bad Gateway" in message and "nginx" in message
    assert "<h1>" not in message and "body{}" not in message
    assert len(server.requests) == 4  # a GET: retried


def test_a_body_cut_short_is_a_network_error(server):
    server.default = Reply(200, {"id": "1", "content": "x" * 1000}, fault="truncate")
    with pytest.raises(MastodonNetworkError, match="connection broke") as info:
        run(server.url, lambda a: a.instance(), mastodon_version="4.5.0", max_retries=1)
    assert info.value.attempts == ["the connection broke while reading the answer"] * 2
    assert len(server.requests) == 2


def test_a_dropped_connection_is_a_network_error(server):
    server.default = Reply(fault="drop")
    with pytest.raises(MastodonNetworkError, match="could not talk to the server"):
        run(server.url, lambda a: a.instance(), mastodon_version="4.5.0", max_retries=0)
    assert len(server.requests) == 1


@pytest.mark.parametrize("fault", [None, "chunked"], ids=["with-length", "chunked"])
def test_oversized_answers_are_refused(server, fault):
    server.default = Reply(200, [{"id": str(n)} for n in range(500)], fault=fault)
    with pytest.raises(MastodonAPIError, match="over the limit of 1000") as info:
        run(server.url, lambda a: a.timeline_home(), mastodon_version="4.0.0",
            max_response_size=1000)
    assert info.value.status_code == 200
    assert len(server.requests) == 1
    server.default = Reply(200, [{"id": "1"}], fault=fault)
    assert run(server.url, lambda a: a.timeline_home(), mastodon_version="4.0.0",
               max_response_size=1000) == [{"id": "1"}]


@pytest.fixture
def one_piece_server():
    """A server whose answer, chunked and without a length, comes in one piece after its
    headers: what a client reads first is the whole body."""
    listener = socket.create_server(("127.0.0.1", 0))
    body = json.dumps([{"id": str(n)} for n in range(500)]).encode()

    def serve():
        connection, _ = listener.accept()
        with connection:
            request = b""
            while b"\r\n\r\n" not in request:
                request += connection.recv(65536)
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                               b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
            time.sleep(0.2)
            connection.sendall(b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body))
            served.append(request.split(b"\r\n", 1)[0])

    served = []
    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", served
    finally:
        listener.close()
        thread.join(5)


def test_an_oversized_answer_found_while_reading_shows_how_it_starts(one_piece_server):
    url, served = one_piece_server
    with pytest.raises(MastodonAPIError, match="over the limit of 1000 bytes") as info:
        run(url, lambda a: a.timeline_home(), mastodon_version="4.0.0", max_response_size=1000,
            max_retries=0)
    assert served == [b"GET /api/v1/timelines/home HTTP/1.1"]
    assert 'it starts: [{"id": "0"}, {"id": "1"}' in str(info.value)


def test_no_content_is_none(server):
    server.default = Reply(204, b"")
    assert run(server.url, lambda a: a._api_request("DELETE", "/api/v1/x"),
               mastodon_version="4.5.0") is None


# --- the server's message ---------------------------------------------------------------

@pytest.mark.parametrize("status, cls", [
    (400, MastodonAPIError), (401, MastodonUnauthorizedError), (403, MastodonAPIError),
    (404, MastodonNotFoundError), (410, MastodonAPIError), (500, MastodonInternalServerError),
    (502, MastodonBadGatewayError), (503, MastodonServiceUnavailableError),
    (504, MastodonGatewayTimeoutError), (507, MastodonServerError),
])
def test_status_codes_map_to_error_classes_with_the_servers_message(server, status, cls):
    server.default = Reply(status, {"error": f"the server says {status}"})
    with pytest.raises(cls) as info:
        run(server.url, lambda a: a._api_request("GET", "/api/v1/statuses/1"), TOKEN,
            mastodon_version="4.5.0", max_retries=0)
    error = info.value
    assert type(error) is cls
    assert error.status_code == status
    assert error.error == f"the server says {status}"
    assert "GET /api/v1/statuses/1" in str(error) and f"the server says {status}" in str(error)
    assert error.args[1:] == (status, error.reason, f"the server says {status}")
    assert server.last.headers["Authorization"] == f"Bearer {TOKEN}"
    assert TOKEN not in str(error) and TOKEN not in repr(error)


def test_validation_details_from_the_server(server):
    details = {"username": [{"error": "ERR_TAKEN", "description": "is already taken"}]}
    server.default = Reply(422, {"error": "Validation failed: Username is already taken",
                                 "details": details})
    with pytest.raises(MastodonAPIError) as info:
        run(server.url, lambda a: a._api_request("POST", "/api/v1/accounts", {"username": "x"}),
            mastodon_version="4.5.0")
    assert info.value.status_code == 422
    assert info.value.details == details
    assert "Username is already taken" in str(info.value)
    assert server.last.form == {"username": ["x"]}


def test_errors_against_the_real_mock(mock_url):
    with pytest.raises(MastodonNotFoundError, match="Record not found"):
        run(mock_url, lambda a: a.status("424242"), "alice_token")
    with pytest.raises(MastodonUnauthorizedError):
        run(mock_url, lambda a: a.account_verify_credentials(), "not-a-token")
    with pytest.raises(MastodonAPIError, match="Text can't be blank") as info:
        run(mock_url, lambda a: a._api_request("POST", "/api/v1/statuses", {}), "alice_token")
    assert info.value.status_code == 422


# Answers and failures the two clients must report alike. For failures of the connection
# itself, the parenthesised detail is the HTTP library's own words and may differ.
SAME_ANSWERS = {
    "404": (Reply(404, {"error": "Record not found"}), {}),
    "422": (Reply(422, {"error": "Validation failed", "details": {"x": []}}), {}),
    "429-throw": (limited(2000000000, "Slow down"), {"ratelimit_method": "throw"}),
    "503-retried": (Reply(503, {"error": "maintenance"}), {}),
    "html-502": (Reply(502, b"<html><title>502 Bad Gateway</title>nginx</html>",
                       {"Content-Type": "text/html"}), {}),
    "html-200": (Reply(200, b"<!doctype html><p>maintenance</p>",
                       {"Content-Type": "text/html"}), {}),
    "invalid-json": (Reply(200, b'{"id": "1", "content": ', {"Content-Type": "application/json"}), {}),
    "empty": (Reply(200, b"", {"Content-Type": "application/json"}), {}),
    "wrong-shape": (Reply(200, [{"id": "1"}]), {}),
    "oversized": (Reply(200, [{"id": str(n)} for n in range(500)]), {"max_response_size": 1000}),
    "redirected-post": (Reply(302, {}, {"Location": "/elsewhere"}), {}),
}
SAME_FAILURES = {
    "drop": (Reply(fault="drop"), {}),
    "truncate": (Reply(200, {"id": "1", "content": "x" * 1000}, fault="truncate"), {}),
    "timeout": (Reply(200, {}, delay=0.6), {"request_timeout": 0.2, "max_retries": 1}),
}


def both_clients(url, call, **kwargs):
    """What the sync and the asyncio client make of the same answer: ``call(api)`` is a
    call on either (awaited for the asyncio one)."""
    kwargs = {"mastodon_version": "4.5.0", "retry_backoff": 0.001, **kwargs}
    sync = outcome(lambda: call(Mastodon(access_token=TOKEN, api_base_url=url, **kwargs)))
    aio = outcome(lambda: run(url, call, TOKEN, **kwargs))
    return sync, aio


def account_call(api):
    return api.account_verify_credentials()


def post_call(api):
    return api._api_request("POST", "/api/v1/statuses", {"status": "hi"})


@pytest.mark.parametrize("name", sorted(SAME_ANSWERS))
def test_the_same_answers_raise_the_same_errors_as_the_sync_client(server, name):
    reply, settings = SAME_ANSWERS[name]
    server.default = reply
    call = post_call if name == "redirected-post" else account_call
    sync, aio = both_clients(server.url, call, **settings)
    assert isinstance(sync, tuple) and issubclass(sync[0], MastodonError), sync
    assert aio == sync
    sent = server.requests
    half = len(sent) // 2
    assert len(sent) % 2 == 0 and half >= 1
    # Both clients sent the same requests.
    assert [(r.method, r.path, r.body) for r in sent[:half]] == \
        [(r.method, r.path, r.body) for r in sent[half:]]


@pytest.mark.parametrize("name", sorted(SAME_FAILURES))
def test_the_same_failures_raise_the_same_errors_as_the_sync_client(server, name):
    reply, settings = SAME_FAILURES[name]
    server.default = reply
    sync, aio = both_clients(server.url, account_call, **settings)

    def without_detail(message):  # "METHOD url: reason (detail) (after n attempts: ...)"
        story = message.rfind(" (after ")
        return message.split(" (", 1)[0], message[story:] if story >= 0 else ""

    assert aio[0] is sync[0] and issubclass(sync[0], MastodonNetworkError)
    assert without_detail(aio[1]) == without_detail(sync[1]), (sync[1], aio[1])
    assert aio[2] == sync[2]
    assert len(server.requests) == 2 * len(sync[2])


def test_a_refused_connection_raises_the_same_error_as_the_sync_client():
    url = f"http://127.0.0.1:{free_port()}"
    sync, aio = both_clients(url, account_call, max_retries=1)
    assert aio[0] is sync[0] is MastodonNetworkError
    assert aio[2] == sync[2] == ["could not talk to the server"] * 2
    for message in (sync[1], aio[1]):
        assert message.startswith(f"GET {url}/api/v1/accounts/verify_credentials: could not "
                                  "talk to the server (")
        assert "Connection refused" in message


# --- redirects and the connection policy ---------------------------------------------------

def test_credentials_do_not_follow_a_redirect_to_another_host(server, other_host):
    other_host.default = Reply(200, {"title": "elsewhere"})
    server.routes[("GET", "/api/v2/instance")] = Reply(302, {}, {"Location": other_host.url + "/moved"})
    assert run(server.url, lambda a: a.instance(), TOKEN, mastodon_version="4.5.0").title == "elsewhere"
    assert server.last.headers["Authorization"] == f"Bearer {TOKEN}"
    assert other_host.last.path == "/moved"
    assert "Authorization" not in other_host.last.headers


def test_a_same_host_redirect_keeps_the_token_and_the_query(server):
    server.routes[("GET", "/api/v1/timelines/home")] = Reply(
        301, {}, {"Location": "/api/v1/timelines/moved?limit=5"})
    server.routes[("GET", "/api/v1/timelines/moved")] = Reply(200, [])
    assert run(server.url, lambda a: a.timeline_home(limit=5), TOKEN, mastodon_version="4.5.0") == []
    moved = server.last
    assert (moved.path, moved.query) == ("/api/v1/timelines/moved", {"limit": ["5"]})
    assert moved.headers["Authorization"] == f"Bearer {TOKEN}"


def test_a_retry_after_a_cross_host_redirect_still_carries_the_token(server, other_host):
    other_host.default = Reply(503, {"error": "unavailable"})
    server.routes[("GET", "/api/v1/timelines/home")] = [
        Reply(302, {}, {"Location": other_host.url + "/elsewhere"}), Reply(200, [])]
    assert run(server.url, lambda a: a.timeline_home(), TOKEN, mastodon_version="4.5.0") == []
    first, retry = server.requests
    assert first.headers["Authorization"] == retry.headers["Authorization"] == f"Bearer {TOKEN}"
    assert [r.path for r in other_host.requests] == ["/elsewhere"]
    assert "Authorization" not in other_host.requests[0].headers


def test_a_redirect_that_would_turn_a_post_into_a_get_is_not_followed(server, other_host):
    server.routes[("POST", "/api/v1/statuses")] = Reply(302, {}, {"Location": other_host.url + "/x"})
    with pytest.raises(MastodonAPIError, match="redirected") as info:
        run(server.url, post_call, TOKEN, mastodon_version="4.5.0")
    assert info.value.status_code == 302
    assert other_host.requests == []
    assert server.last.form == {"status": ["hi"]}


def test_too_many_redirects_end(server):
    server.default = Reply(302, {}, {"Location": "/again"})
    with pytest.raises(MastodonAPIError, match="redirects"):
        run(server.url, lambda a: a.instance(), mastodon_version="4.5.0")
    assert 2 < len(server.requests) < 50


def test_plain_http_to_another_machine_is_refused_before_anything_is_sent(server):
    with no_remote_connections() as attempts:
        for url in ("http://example.social", "http://10.0.0.5", "http://mastodon.example:8080"):
            with pytest.raises(MastodonIllegalArgumentError, match="plain http"):
                run(url, lambda a: a.instance(), TOKEN, mastodon_version="4.0.0")
        with pytest.raises(MastodonIllegalArgumentError, match="plain http"):
            asyncio.run(AsyncMastodon.create_app("x", api_base_url="http://example.social"))
        # A redirect to plain http elsewhere is refused in the same way.
        server.default = Reply(302, {}, {"Location": "http://example.social/api/v2/instance"})
        with pytest.raises(MastodonIllegalArgumentError, match="plain http"):
            run(server.url, lambda a: a.instance(), TOKEN, mastodon_version="4.0.0")
    assert attempts == []
    assert len(server.requests) == 1


def test_a_token_without_a_named_server_goes_nowhere():
    with no_remote_connections() as attempts:
        with pytest.raises(MastodonIllegalArgumentError, match="api_base_url"):
            AsyncMastodon(access_token=TOKEN)

        async def later():
            api = AsyncMastodon(mastodon_version="4.5.0")
            api.access_token = TOKEN
            try:
                await api.timeline_home()
            finally:
                await api.close()

        with pytest.raises(MastodonIllegalArgumentError, match="did not name"):
            asyncio.run(later())
    assert attempts == []


def test_anonymous_use_goes_to_the_default_server_through_the_policy():
    with no_remote_connections() as attempts:
        with pytest.raises(MastodonNetworkError):
            run("https://mastodon.social", lambda a: a.instance(), mastodon_version="4.5.0",
                max_retries=0)
    assert ("lookup", "mastodon.social") in attempts
    assert all(host == "mastodon.social" for _kind, host in attempts)
