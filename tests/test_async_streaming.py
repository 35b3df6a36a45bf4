"""Streaming with AsyncMastodon (mastodon/streaming/aio.py), over Server-Sent Events and
WebSocket: against the mastodon_mock server (post, then receive), the scripted streaming
server (tests/sse_server.py: silence, refused handshakes, redirects) and a proxy that cuts
the connections (reconnect, backoff, catch-up)."""

import asyncio
import json
import time

import pytest

from mastodon import (
    AsyncMastodon,
    CallbackStreamListener,
    MastodonAPIError,
    MastodonId,
    MastodonIllegalArgumentError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonReadTimeout,
    MastodonUnauthorizedError,
    StreamListener,
)
from mastodon.return_types import Notification, Status
from mastodon.streaming.aio import (
    AsyncStreamHandle,
    AsyncWebSocketStreamHandle,
    AsyncWebSocketSubscription,
    StreamEvent,
)

from .sse_server import STATUS, CuttingProxy, StreamServer, flush_mock_websockets, sse

WAIT = 10.0
TRANSPORTS = ["sse", "websocket"]


def run(coroutine):
    """Run a test's coroutine in a fresh event loop, bounded in time."""
    async def bounded():
        async with asyncio.timeout(60):
            return await coroutine
    return asyncio.run(bounded())


async def post(client, text, **params):
    """Post with a sync client, off the event loop."""
    return await asyncio.to_thread(client._api_request, "POST", "/api/v1/statuses",
                                   {"status": text, **params})


async def until(condition, timeout=WAIT):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.005)
    return True


class Collector(StreamListener):
    """Plain handlers: collects (kind, payload)."""

    def __init__(self):
        self.events = []
        self.aborts = []
        self.heartbeats = 0

    def on_update(self, status):
        self.events.append(("update", status))

    def on_delete(self, status_id):
        self.events.append(("delete", status_id))

    def on_notification(self, notification):
        self.events.append(("notification", notification))

    def on_conversation(self, conversation):
        self.events.append(("conversation", conversation))

    def on_abort(self, err):
        self.aborts.append(err)

    def handle_heartbeat(self):
        self.heartbeats += 1

    def of(self, kind):
        return [payload for k, payload in self.events if k == kind]


class AsyncCollector(Collector):
    """``async def`` handlers that await before recording, so a handler whose coroutine
    were not awaited would record nothing."""

    async def on_update(self, status):
        await asyncio.sleep(0)
        self.events.append(("update", status))

    async def on_notification(self, notification):
        await asyncio.sleep(0)
        self.events.append(("notification", notification))

    async def on_abort(self, err):
        await asyncio.sleep(0)
        self.aborts.append(err)


@pytest.fixture
def flush(api_bob):
    yield
    flush_mock_websockets(api_bob)


# --- events reach the listeners, against the mock ---------------------------------------------

@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("kind", [Collector, AsyncCollector])
def test_user_stream_delivers_to_plain_and_async_handlers(mock_url, api_bob, flush, transport,
                                                          kind):
    async def main():
        listener = kind()
        async with AsyncMastodon(access_token="alice_token", api_base_url=mock_url) as api:
            handle = await api.stream_user(listener, run_async=True, transport=transport)
            assert isinstance(handle, AsyncStreamHandle)
            assert handle.running and handle.receiving and not handle.closed
            posted = await post(api_bob, "hello @alice, from the loop")
            assert await until(lambda: listener.of("update") and listener.of("notification"))
            await handle.close()
            assert handle.closed and not handle.running and not handle.receiving
        return listener, posted

    listener, posted = run(main())
    status = listener.of("update")[0]
    assert isinstance(status, Status) and status.id == posted.id
    assert isinstance(status.id, MastodonId) and status.created_at.tzinfo is not None
    assert listener.of("notification")[0].status.id == posted.id
    assert listener.aborts == []


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_callback_listener_awaits_async_functions_and_calls_plain_ones(mock_url, api_bob, flush,
                                                                       transport):
    updates, local = [], []

    async def on_update(status):
        await asyncio.sleep(0)
        updates.append(status.id)

    async def main():
        listener = CallbackStreamListener(update_handler=on_update,
                                          local_update_handler=lambda s: local.append(s.id))
        async with AsyncMastodon(access_token="alice_token", api_base_url=mock_url) as api:
            handle = await api.stream_local(listener, run_async=True, transport=transport)
            posted = await post(api_bob, "a local post")
            assert await until(lambda: updates and local)
            await handle.close()
        return posted

    posted = run(main())
    assert updates == [posted.id] == local


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_a_stream_without_a_listener_is_an_async_iterator_of_events(mock_url, api_bob, flush,
                                                                    transport):
    async def main():
        async with AsyncMastodon(access_token="alice_token", api_base_url=mock_url) as api:
            handle = await api.stream_user(None, run_async=True, transport=transport)
            posted = await post(api_bob, "@alice iterate me")
            got = []
            async for event in handle:
                got.append(event)
                if len(got) == 2:
                    await handle.close()
            return posted, got, [e async for e in handle]

    posted, got, after_close = run(main())
    assert sorted(e.name for e in got) == ["notification", "update"]
    for event in got:
        assert isinstance(event, StreamEvent) and event.stream == ["user"]
    update = next(e for e in got if e.name == "update")
    notification = next(e for e in got if e.name == "notification")
    assert isinstance(update.payload, Status) and update.payload.id == posted.id
    assert isinstance(notification.payload, Notification)
    assert after_close == []  # closed: the iteration ends


def test_blocking_stream_returns_when_the_listener_closes_it(mock_url, api_bob, flush):
    received = []

    class CloseOnUpdate(StreamListener):
        posted = False

        async def handle_heartbeat(self):
            if not self.posted:  # the stream is live: post to it
                self.posted = True
                await post(api_bob, "for the blocking stream")

        def on_update(self, status):
            received.append(status)
            self.close_stream()

    async def main():
        async with AsyncMastodon(access_token="alice_token", api_base_url=mock_url) as api:
            return await api.stream_user(CloseOnUpdate())

    assert run(main()) is None
    assert received[0].content == "<p>for the blocking stream</p>"


def test_a_handler_error_ends_a_blocking_stream_but_not_a_background_one(mock_url, api_bob, flush,
                                                                         caplog):
    class Failing(Collector):
        async def on_update(self, status):
            super().on_update(status)
            raise ValueError("bug in the handler")

    async def main():
        async with AsyncMastodon(access_token="alice_token", api_base_url=mock_url) as api:
            listener = Failing()
            handle = await api.stream_public(listener, run_async=True)
            await post(api_bob, "one")
            await post(api_bob, "two")
            assert await until(lambda: len(listener.of("update")) == 2)
            assert handle.running
            await handle.close()

            async def post_soon():
                await asyncio.sleep(0.3)
                await post(api_bob, "three")
            poster = asyncio.create_task(post_soon())
            with pytest.raises(ValueError, match="bug in the handler"):
                await api.stream_public(Failing())
            await poster

    run(main())
    assert "a stream listener failed on a update event" in caplog.text


# --- requests, refusals and the connection policy, against the scripted server ------------

@pytest.fixture
def server():
    scripted = StreamServer().start()
    scripted.routes["/api/v1/instance"] = lambda c: c.respond(
        200, {"version": "4.5.0", "urls": {"streaming_api": scripted.url.replace("http", "ws")}})
    try:
        yield scripted
    finally:
        scripted.stop()


def scripted_client(server):
    return AsyncMastodon(access_token="sekrit", api_base_url=server.url, mastodon_version="4.5.0")


def test_the_sse_request_is_the_sync_clients(server):
    def handler(conn):
        conn.start_sse()
        conn.send(sse("update", STATUS))
        conn.silence(WAIT)

    server.routes["/api/v1/streaming/hashtag/local"] = handler

    async def main():
        async with scripted_client(server) as api:
            handle = await api.stream_hashtag("café", None, local=True, run_async=True)
            event = await anext(aiter(handle))
            await handle.close()
            return event

    event = run(main())
    assert event == StreamEvent("update", event.payload, ["hashtag:local", "café"])
    assert event.payload.content == "<p>héllo 🐘</p>"
    request = server.requests_to("/api/v1/streaming/hashtag/local")[0]
    assert request.query == {"tag": ["café"]}
    assert request.headers["authorization"] == "Bearer sekrit"
    assert request.headers["accept"] == "text/event-stream"


def test_close_is_prompt_while_the_server_is_silent(server):
    seen_leave = []

    def handler(conn):
        conn.start_sse()
        conn.comment("connected")
        seen_leave.append(conn.silence(30))

    server.routes["/api/v1/streaming/user"] = handler

    async def main():
        async with scripted_client(server) as api:
            handle = await api.stream_user(Collector(), run_async=True, reconnect_async=True)
            assert await until(lambda: handle.receiving)
            started = time.monotonic()
            await handle.close()
            took = time.monotonic() - started
            assert not handle.running
            return took

    took = run(main())
    # The server waits 30 s and the silence timeout is 60 s: only close() ended it.
    assert took < AsyncStreamHandle.CLOSE_WAIT + 2.0
    assert seen_leave == [True]


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_a_refused_stream_raises_the_sync_clients_error_with_the_servers_message(server,
                                                                                 transport):
    def refuse(conn):
        conn.respond(401, {"error": "The access token is invalid"})

    server.routes["/api/v1/streaming/user"] = refuse
    server.routes["/api/v1/streaming"] = refuse

    async def main():
        async with scripted_client(server) as api:
            with pytest.raises(MastodonUnauthorizedError) as info:
                await api.stream_user(Collector(), run_async=True, reconnect_async=True,
                                      transport=transport)
            return info.value

    error = run(main())
    assert error.status_code == 401 and "The access token is invalid" in str(error)
    if transport == "sse":
        assert len(server.requests_to("/api/v1/streaming/user")) == 1  # not retried
    else:  # every way of sending the token was tried, never in the URL before the last
        attempts = server.requests_to("/api/v1/streaming")
        assert [("authorization" in r.headers, "sec-websocket-protocol" in r.headers,
                 "access_token" in r.query) for r in attempts] == [
            (True, False, False), (False, True, False), (False, False, True)]
        assert "sekrit" not in str(error)


def test_a_404_on_sse_switches_to_websocket_and_sse_only_raises_it(server):
    def ws(conn):
        peer = conn.accept_websocket()
        peer.send_event(["user"], "update", STATUS)
        peer.recv(WAIT)

    server.routes["/api/v1/streaming"] = ws

    async def main():
        async with scripted_client(server) as api:
            with pytest.raises(MastodonNotFoundError):
                await api.stream_user(Collector(), transport="sse")
            assert server.requests_to("/api/v1/streaming") == []
            handle = await api.stream_user(None, run_async=True)
            event = await anext(aiter(handle))
            await handle.close()
            return event

    event = run(main())
    assert event.name == "update" and event.payload.id == "109" and event.stream == ["user"]
    request = server.requests_to("/api/v1/streaming")[0]
    assert request.query == {"stream": ["user"]}
    assert request.headers["authorization"] == "Bearer sekrit" and "sekrit" not in request.target


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_the_token_never_follows_a_redirect_to_another_host(server, transport):
    other = StreamServer(host="127.0.0.2").start()
    try:
        def redirect(conn):
            conn.respond(302, b"", headers={"Location": other.url + "/api/v1/streaming"})

        server.routes["/api/v1/streaming/user"] = redirect
        server.routes["/api/v1/streaming"] = redirect

        async def main():
            async with scripted_client(server) as api:
                with pytest.raises(MastodonAPIError) as info:
                    await api.stream_user(Collector(), transport=transport)
                return info.value

        error = run(main())
        assert "sekrit" not in str(error)
        if transport == "sse":
            # As for every REST request: followed, without the credentials (the other
            # host has no stream: 404).
            assert isinstance(error, MastodonNotFoundError)
            assert [r.headers.get("authorization") for r in other.requests] == [None]
        else:
            # Not followed: the token would go along (as a subprotocol, or in the URL).
            assert "redirected" in str(error) and "not followed" in str(error)
            assert error.status_code == 302
            assert other.requests == []
    finally:
        other.stop()


def test_a_silent_stream_times_out_when_blocking(server):
    def handler(conn):
        conn.start_sse()
        conn.comment("connected")
        conn.silence(WAIT)

    server.routes["/api/v1/streaming/user"] = handler

    async def main():
        async with scripted_client(server) as api:
            with pytest.raises(MastodonReadTimeout):
                await api.stream_user(Collector(), silence_timeout=0.3)

    run(main())


def test_websocket_pings_keep_a_quiet_connection_and_a_close_frame_ends_it(server):
    def handler(conn):
        peer = conn.accept_websocket()
        deadline = time.monotonic() + 1.5  # quiet for longer than the silence timeout
        while time.monotonic() < deadline:
            peer.recv(0.05)
        peer.send_event(["user"], "update", STATUS)
        peer.send_text(json.dumps({"error": "Missing access token", "status": 401}))
        peer.send_close(4001, "bye")
        peer.recv(WAIT)

    server.routes["/api/v1/streaming"] = handler
    errors = []
    listener = Collector()
    listener.on_websocket_error = lambda error, stream=None: errors.append(error)

    async def main():
        async with scripted_client(server) as api:
            with pytest.raises(MastodonNetworkError, match="code 4001: bye"):
                await api.stream_user(listener, transport="websocket", silence_timeout=1.0)

    run(main())
    assert len(server.requests_to("/api/v1/streaming")) == 1  # never timed out
    assert listener.heartbeats >= 2  # the pongs
    assert listener.of("update")[0].id == "109"
    assert errors[0].error == "Missing access token"


def test_one_websocket_carries_several_streams(server):
    def handler(conn):
        peer = conn.accept_websocket()
        while len(peer.received) < 2:
            if peer.recv(WAIT) is None:
                return
        peer.send_event(["hashtag", "cats"], "update", STATUS)
        peer.send_event(["user"], "delete", "109")
        while len(peer.received) < 3:
            if peer.recv(WAIT) is None:
                return
        peer.recv(WAIT)

    server.routes["/api/v1/streaming"] = handler

    async def main():
        async with scripted_client(server) as api:
            handle = await api.stream_open_websocket()
            assert isinstance(handle, AsyncWebSocketStreamHandle)
            user = Collector()
            user_sub = await api.stream_user(user, websocket_handle=handle)
            cats_sub = await handle.subscribe("hashtag", tag="Cats")
            assert isinstance(user_sub, AsyncWebSocketSubscription)
            assert handle.subscriptions() == [user_sub, cats_sub]
            event = await anext(aiter(handle))  # the stream without a listener
            assert await until(lambda: user.events)
            await cats_sub.close()
            assert await until(lambda: len(server.ws_messages) == 3)
            assert handle.subscriptions() == [user_sub] and not cats_sub.is_alive()
            await handle.close()
            return event, user.events

    event, user_events = run(main())
    assert event.name == "update" and event.stream == ["hashtag", "cats"]
    assert user_events == [("delete", "109")]
    assert server.ws_messages == [{"type": "subscribe", "stream": "user"},
                                  {"type": "subscribe", "stream": "hashtag", "tag": "Cats"},
                                  {"type": "unsubscribe", "stream": "hashtag", "tag": "Cats"}]
    assert server.requests_to("/api/v1/streaming")[0].query == {}


def test_reconnect_backs_off_then_stops_on_a_permanent_error(server):
    statuses = iter([503, 503, 503, 401])

    def handler(conn):
        conn.respond(next(statuses, 401), {"error": "go away"})

    def first(conn):
        conn.start_sse()
        conn.drop()

    routes = iter([first])
    server.routes["/api/v1/streaming/user"] = lambda c: next(routes, handler)(c)
    listener = AsyncCollector()

    async def main():
        async with scripted_client(server) as api:
            handle = await api.stream_user(listener, run_async=True, reconnect_async=True,
                                           reconnect_async_wait_sec=0.05, catch_up=False)
            await handle.join(WAIT)
            return handle

    handle = run(main())
    assert handle.closed and isinstance(handle.error, MastodonUnauthorizedError)
    assert [type(e).__name__ for e in listener.aborts] == [
        "MastodonNetworkError", "MastodonServiceUnavailableError",
        "MastodonServiceUnavailableError", "MastodonServiceUnavailableError",
        "MastodonUnauthorizedError"]
    at = [r.at for r in server.requests_to("/api/v1/streaming/user")]
    gaps = [b - a for a, b in zip(at[1:], at[2:], strict=False)]
    assert gaps[0] >= 0.05 and gaps[1] >= 0.1 and gaps[2] >= 0.2  # doubling


@pytest.mark.parametrize("call, message", [
    (lambda a: a.stream_user(Collector(), transport="carrier pigeon"), "transport"),
    (lambda a: a.stream_user(Collector(), timeout=0), "timeout"),
    (lambda a: a.stream_user(None), "listener"),
    (lambda a: a.stream_user(Collector(), websocket_handle="nope"), "stream_open_websocket"),
    (lambda a: a.stream_hashtag("#cats", Collector()), "leading '#'"),
])
def test_invalid_arguments_are_refused_before_any_request(server, call, message):
    async def main():
        async with scripted_client(server) as api:
            with pytest.raises(MastodonIllegalArgumentError, match=message):
                await call(api)

    run(main())
    assert server.requests == []


# --- a cut stream reconnects and catches up ----------------------------------------------------

@pytest.fixture
def proxy(mock_url):
    cutter = CuttingProxy(mock_url).start()
    try:
        yield cutter
    finally:
        cutter.stop()


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_what_a_cut_stream_missed_arrives_once_in_order(proxy, api_bob, flush, transport):
    mark = "async catch-up"
    listener = AsyncCollector()

    def mine():
        return [s.id for s in listener.of("update") if mark in s.content]

    async def main():
        async with AsyncMastodon(access_token="alice_token", api_base_url=proxy.url) as api:
            handle = await api.stream_user(listener, run_async=True, reconnect_async=True,
                                           reconnect_async_wait_sec=0.02, transport=transport)
            posted = [(await post(api_bob, f"live ({mark})")).id]
            assert await until(lambda: mine() == posted)
            proxy.down()
            assert await until(lambda: not handle.receiving)
            for i in range(3):
                posted.append((await post(api_bob, f"missed {i} ({mark})")).id)
            proxy.up()
            assert await until(lambda: handle.receiving)
            posted.append((await post(api_bob, f"after ({mark})")).id)
            assert await until(lambda: len(mine()) >= len(posted))
            await asyncio.sleep(0.2)  # room for a duplicate to show
            await handle.close()
            return posted

    posted = run(main())
    assert mine() == posted
    assert listener.aborts and all(isinstance(e, MastodonNetworkError) for e in listener.aborts)
