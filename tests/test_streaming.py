"""Streaming against the mastodon_mock server: post, then receive it on the stream, over
Server-Sent Events and WebSocket; plus the requests each stream_* method sends and
argument checks (against the scripted streaming server)."""

import threading
import time

import pytest

import mastodon.streaming
from mastodon import (
    CallbackStreamListener,
    Mastodon,
    MastodonId,
    MastodonIllegalArgumentError,
    MastodonVersionError,
    StreamListener,
)
from mastodon.streaming import StreamHandle

from .sse_server import StreamServer, flush_mock_websockets

WAIT = 5.0
TRANSPORTS = ["sse", "websocket"]


class Collector(StreamListener):
    """Collects events by kind; ``wait(kind, n)`` waits until ``n`` of them arrived."""

    def __init__(self):
        self.events = []
        self.aborts = []
        self._cond = threading.Condition()

    def _add(self, kind, payload):
        with self._cond:
            self.events.append((kind, payload))
            self._cond.notify_all()

    def on_update(self, status):
        self._add("update", status)

    def on_delete(self, status_id):
        self._add("delete", status_id)

    def on_notification(self, notification):
        self._add("notification", notification)

    def on_conversation(self, conversation):
        self._add("conversation", conversation)

    def on_abort(self, err):
        self.aborts.append(err)

    def of(self, kind):
        return [payload for k, payload in self.events if k == kind]

    def wait(self, kind, count=1, timeout=WAIT):
        with self._cond:
            return self._cond.wait_for(lambda: len(self.of(kind)) >= count, timeout)


def post(client, text, **params):
    return client._api_request("POST", "/api/v1/statuses", {"status": text, **params})


@pytest.fixture
def streams(api_bob):
    """Close every handle a test opened, even when it fails."""
    handles = []
    yield handles
    for handle in handles:
        handle.close()
    flush_mock_websockets(api_bob)


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_user_stream_delivers_a_followed_accounts_post_mentions_and_deletes(
        api, api_bob, streams, transport):
    listener = Collector()
    handle = api.stream_user(listener, run_async=True, transport=transport)
    streams.append(handle)
    assert handle.is_alive() and handle.is_receiving()

    posted = post(api_bob, "hello @alice, streaming works")
    assert listener.wait("update") and listener.wait("notification")
    status = listener.of("update")[0]
    assert status.id == posted.id and isinstance(status.id, MastodonId)
    assert status.account.acct == "bob"
    assert status.created_at == posted.created_at and status.created_at.tzinfo is not None
    notification = listener.of("notification")[0]
    assert notification.type == "mention" and notification.status.id == posted.id

    api_bob._api_request("DELETE", f"/api/v1/statuses/{posted.id}")
    assert listener.wait("delete")
    assert listener.of("delete") == [posted.id]
    assert listener.aborts == []


def test_blocking_stream_returns_when_the_listener_closes_it(api, api_bob):
    received = []

    class PostOnConnect(StreamListener):
        posted = False

        def handle_heartbeat(self):
            if not self.posted:  # the stream is live: post something to it
                self.posted = True
                threading.Thread(target=post, args=(api_bob, "for the blocking stream")).start()

        def on_update(self, status):
            received.append(status)
            self.close_stream()

    assert api.stream_user(PostOnConnect()) is None
    assert received[0].content == "<p>for the blocking stream</p>"


def test_callback_listener_on_the_local_timeline(api, api_bob, streams):
    updates, local_updates = [], []
    got = threading.Event()
    listener = CallbackStreamListener(update_handler=updates.append,
                                      local_update_handler=lambda s: (local_updates.append(s),
                                                                      got.set()))
    streams.append(api.stream_local(listener, run_async=True))
    posted = post(api_bob, "a local post")
    assert got.wait(WAIT)
    assert [s.id for s in updates] == [posted.id] == [s.id for s in local_updates]


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_public_and_hashtag_streams(api, api_bob, streams, transport):
    public, local, tagged, tagged_local = Collector(), Collector(), Collector(), Collector()
    streams.append(api.stream_public(public, run_async=True, transport=transport))
    streams.append(api.stream_public(local, run_async=True, local=True, transport=transport))
    streams.append(api.stream_hashtag("Cats", tagged, run_async=True, transport=transport))
    streams.append(api.stream_hashtag("cats", tagged_local, local=True, run_async=True,
                                      transport=transport))
    plain = post(api_bob, "no tag here")
    cats = post(api_bob, "look #cats")
    for listener, expected in ((public, [plain.id, cats.id]), (local, [plain.id, cats.id]),
                               (tagged, [cats.id]), (tagged_local, [cats.id])):
        assert listener.wait("update", len(expected))
        assert [s.id for s in listener.of("update")] == expected


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_list_stream(api, api_bob, streams, transport):
    bob = api_bob._api_request("GET", "/api/v1/accounts/verify_credentials")
    friends = api._api_request("POST", "/api/v1/lists", {"title": "friends"})
    api._api_request("POST", f"/api/v1/lists/{friends.id}/accounts", {"account_ids": [bob.id]})
    listener = Collector()
    streams.append(api.stream_list(friends, listener, run_async=True, transport=transport))
    posted = post(api_bob, "for my listeners")
    assert listener.wait("update")
    assert listener.of("update")[0].id == posted.id


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_direct_stream(api, api_bob, streams, transport):
    listener = Collector()
    streams.append(api.stream_direct(listener, run_async=True, transport=transport))
    posted = post(api_bob, "@alice just between us", visibility="direct")
    assert listener.wait("conversation")
    conversation = listener.of("conversation")[0]
    assert conversation.last_status.id == posted.id
    assert conversation.last_status.visibility == "direct"


def test_notification_stream(api, api_bob, streams):
    listener = Collector()
    streams.append(api.stream_user_notifications(listener, run_async=True))
    posted = post(api_bob, "@alice ping")
    assert listener.wait("notification")
    assert listener.of("notification")[0].status.id == posted.id


def test_stream_healthy_on_the_mock(api):
    assert api.stream_healthy() is True


# --- requests and arguments, against the scripted streaming server --------------------

@pytest.fixture
def stream_server():
    server = StreamServer().start()
    server.routes["/api/v1/instance"] = lambda c: c.respond(200, {"version": "4.5.0",
                                                                  "urls": {}})
    try:
        yield server
    finally:
        server.stop()


def _opened(conn):
    conn.start_sse()
    conn.comment("connected")
    conn.silence(WAIT)


@pytest.mark.parametrize("call, path, query", [
    (lambda a, lst: a.stream_user(lst, run_async=True), "/api/v1/streaming/user", {}),
    (lambda a, lst: a.stream_user_notifications(lst, run_async=True),
     "/api/v1/streaming/user/notification", {}),
    (lambda a, lst: a.stream_public(lst, run_async=True), "/api/v1/streaming/public", {}),
    (lambda a, lst: a.stream_public(lst, run_async=True, local=True),
     "/api/v1/streaming/public/local", {}),
    (lambda a, lst: a.stream_public(lst, run_async=True, remote=True),
     "/api/v1/streaming/public/remote", {}),
    (lambda a, lst: a.stream_local(lst, run_async=True), "/api/v1/streaming/public/local", {}),
    (lambda a, lst: a.stream_public(lst, run_async=True, only_media=True),
     "/api/v1/streaming/public", {"only_media": ["true"]}),
    (lambda a, lst: a.stream_public(lst, True, 300, False, 5, True, False, True),
     "/api/v1/streaming/public/local", {"only_media": ["true"]}),  # Mastodon.py's order
    (lambda a, lst: a.stream_public(lst, run_async=True, remote=True, only_media=True),
     "/api/v1/streaming/public/remote", {"only_media": ["true"]}),
    (lambda a, lst: a.stream_local(lst, run_async=True, only_media=True),
     "/api/v1/streaming/public/local", {"only_media": ["true"]}),
    (lambda a, lst: a.stream_hashtag("café", lst, run_async=True), "/api/v1/streaming/hashtag",
     {"tag": ["café"]}),
    (lambda a, lst: a.stream_hashtag("cats", lst, local=True, run_async=True),
     "/api/v1/streaming/hashtag/local", {"tag": ["cats"]}),
    (lambda a, lst: a.stream_list("42", lst, run_async=True), "/api/v1/streaming/list",
     {"list": ["42"]}),
    (lambda a, lst: a.stream_direct(lst, run_async=True), "/api/v1/streaming/direct", {}),
])
def test_each_stream_opens_its_endpoint(stream_server, call, path, query):
    api = Mastodon(access_token="tok", api_base_url=stream_server.url, mastodon_version="4.5.0")
    stream_server.routes[path] = _opened
    handle = call(api, Collector())
    try:
        request = stream_server.requests_to(path)[0]
        assert request.method == "GET" and request.query == query
        assert request.headers["authorization"] == "Bearer tok"
        # Without reconnecting there is nothing to catch up: no REST requests.
        assert [r.path for r in stream_server.requests] == ["/api/v1/instance", path]
    finally:
        handle.close()


def test_catch_up_notes_where_each_source_stands_when_reconnecting(stream_server):
    api = Mastodon(access_token="tok", api_base_url=stream_server.url, mastodon_version="4.5.0")
    stream_server.routes["/api/v1/streaming/user"] = _opened
    stream_server.routes["/api/v1/timelines/home"] = lambda c: c.respond(200, [{"id": "50"}])
    stream_server.routes["/api/v1/notifications"] = lambda c: c.respond(200, [])
    handle = api.stream_user(Collector(), run_async=True, reconnect_async=True)
    try:
        home = stream_server.requests_to("/api/v1/timelines/home")[0]
        notifications = stream_server.requests_to("/api/v1/notifications")[0]
        assert home.query == {"limit": ["1"]} and notifications.query == {"limit": ["1"]}
        stream = stream_server.requests_to("/api/v1/streaming/user")[0]
        assert stream.at <= home.at  # subscribed first, so nothing falls in between
    finally:
        handle.close()


@pytest.mark.parametrize("call, message", [
    (lambda a: a.stream_hashtag("#cats", Collector()), "without its leading '#'"),
    (lambda a: a.stream_hashtag("", Collector()), "tag must be"),
    (lambda a: a.stream_public(Collector(), local=True, remote=True), "exclude each other"),
    (lambda a: a.stream_list(None, Collector()), "list ID"),
    (lambda a: a.stream_user(Collector(), transport="carrier pigeon"), "transport"),
    (lambda a: a.stream_user(Collector(), timeout=0), "timeout"),
    (lambda a: a.stream_user(Collector(), silence_timeout=-1), "silence_timeout"),
    (lambda a: a.stream_user(None), "listener"),
])
def test_invalid_arguments_are_refused_before_any_request(stream_server, call, message):
    api = Mastodon(access_token="tok", api_base_url=stream_server.url, mastodon_version="4.5.0")
    with pytest.raises(MastodonIllegalArgumentError, match=message):
        call(api)
    assert stream_server.requests == []


def test_remote_stream_needs_mastodon_3_1_4(stream_server):
    api = Mastodon(access_token="tok", api_base_url=stream_server.url, mastodon_version="3.0.0",
                   version_check_mode="created")
    with pytest.raises(MastodonVersionError, match="3.1.4"):
        api.stream_public(Collector(), remote=True)
    assert stream_server.requests == []


def test_the_listeners_are_importable_where_the_original_had_them():
    from mastodon.streaming import CallbackStreamListener as Callback
    from mastodon.streaming import StreamListener as Listener

    assert Listener is StreamListener and Callback is CallbackStreamListener
    assert issubclass(CallbackStreamListener, StreamListener)
    assert "StreamListener" in mastodon.__all__ and "CallbackStreamListener" in mastodon.__all__


def test_close_is_prompt_on_the_mock_too(api, streams):
    listener = Collector()
    handle = api.stream_user(listener, run_async=True, reconnect_async=True)
    streams.append(handle)
    started = time.monotonic()
    handle.close()
    # close() waits up to CLOSE_WAIT for the thread; the rest is margin for a busy machine.
    assert time.monotonic() - started < StreamHandle.CLOSE_WAIT + 2.0
    # The mock's heartbeats keep the stream alive, and the silence timeout is 60 s:
    # only close() ends the thread within WAIT, without a failure.
    handle.join(WAIT)
    assert not handle.is_alive() and not handle.is_receiving()
    assert listener.aborts == []
