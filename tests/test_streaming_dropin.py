"""Streaming as Mastodon.py users use it: ``handle_stream`` on any object with
``iter_content``, ``on_<event>`` methods for events this library does not know, the handle
classes (``SSEStreamHandle``, ``WebSocketStreamHandle``, ``WebSocketSubscription``),
``only_media`` and ``CallbackStreamListener(stream_error_handler=)``."""

import gzip
import json
import threading
import time
import zlib

import pytest
import requests

import mastodon
import mastodon.streaming
from mastodon import (
    AttribAccessDict,
    CallbackStreamListener,
    Mastodon,
    MastodonId,
    MastodonIllegalArgumentError,
    MastodonMalformedEventError,
    MastodonNetworkError,
    MastodonReadTimeout,
    SSEStreamHandle,
    StreamHandle,
    StreamListener,
    WebSocketStreamHandle,
    WebSocketSubscription,
)

from .sse_server import NOTIFICATION, STATUS, StreamServer, sse

WAIT = 5.0



class Body:
    """A response-like object as a user's test double is: only ``iter_content``, giving
    ``pieces`` (bytes, bytearray or str) one after the other; ``raise_after`` ends it with
    that exception instead."""

    def __init__(self, pieces, raise_after=None):
        self.pieces = pieces
        self.raise_after = raise_after
        self.asked = []

    def iter_content(self, chunk_size):
        self.asked.append(chunk_size)
        yield from self.pieces
        if self.raise_after is not None:
            raise self.raise_after


class ClosableBody(Body):
    closed = 0

    def close(self):
        self.closed += 1


def one_byte_at_a_time(data):
    """How a byte-wise reader hands a body over: a bytearray per byte."""
    return [bytearray([byte]) for byte in data]


class Recorder(StreamListener):
    def __init__(self):
        self.events = []
        self.heartbeats = 0
        self.aborts = []
        self.ws_errors = []
        self.got = threading.Event()

    def on_update(self, status):
        self.events.append(("update", status))
        self.got.set()

    def on_status_update(self, status):
        self.events.append(("status.update", status))

    def on_delete(self, status_id):
        self.events.append(("delete", status_id))

    def on_notification(self, notification):
        self.events.append(("notification", notification))

    def on_unknown_event(self, name, unknown_event=None):
        self.events.append(("unknown:" + name, unknown_event))

    def handle_heartbeat(self):
        self.heartbeats += 1

    def on_abort(self, err):
        self.aborts.append(err)

    def on_websocket_error(self, error, for_stream=None):
        self.ws_errors.append((error, for_stream))


BODY = (b":connected\n\n" + sse("update", STATUS) + sse("notification", NOTIFICATION)
        + b":thump\n" + sse("delete", "123") + sse("status.update", STATUS))


# --- handle_stream on any object with iter_content --------------------------------------

@pytest.mark.parametrize("pieces", [
    [BODY],
    one_byte_at_a_time(BODY),
    [BODY.decode("utf-8")],  # iter_content(decode_unicode=True) gives text
    [BODY[:7], bytearray(BODY[7:50]), memoryview(BODY[50:51]), BODY[51:], b""],
], ids=["whole", "byte by byte", "text", "mixed"])
def test_handle_stream_reads_any_object_with_iter_content_and_returns_at_its_end(pieces):
    listener = Recorder()
    body = Body(pieces)
    assert listener.handle_stream(body) is None  # returned where the iterator ended
    assert [kind for kind, _ in listener.events] == ["update", "notification", "delete",
                                                     "status.update"]
    status = listener.events[0][1]
    assert isinstance(status, AttribAccessDict) and status.account.acct == "alice"
    assert status.content == "<p>héllo 🐘</p>" and status.created_at.year == 2024
    assert listener.events[1][1].status.id == "109"
    deleted = listener.events[2][1]
    # An ID is a str equal to its int: code written for either form of the original works.
    assert isinstance(deleted, MastodonId) and deleted == "123" and deleted == 123
    assert listener.heartbeats == 2 and listener.aborts == []
    # Asked for what has arrived, a byte at a time, never waiting for a larger piece.
    assert body.asked == [1]


def test_handle_stream_closes_what_can_be_closed():
    listener = Recorder()
    body = ClosableBody([sse("update", STATUS)])
    listener.handle_stream(body)
    assert body.closed == 1 and len(listener.events) == 1
    broken = ClosableBody([b"event: update\ndata: {\n\n"])
    with pytest.raises(MastodonMalformedEventError):
        listener.handle_stream(broken)
    assert broken.closed == 1


@pytest.mark.parametrize("bad, raw", [
    (b"data: {}\n\n", "data: {}"),  # no event name: Mastodon names every event
    (b"event: whatever\ndata: {not json}\n\n", "event: whatever\ndata: {not json}"),
    (b"event: update\n\n", "event: update"),  # no data
    (b"event: update\ndata: [1, 2]\n\n", "event: update\ndata: [1, 2]"),
    (b"event: update\ndata: {\"a\": \"\xf0\x9f\x98\"}\n\n", None),  # cut in a character
    (b"<html><body>Bad gateway</body></html>\n\n", "<html><body>Bad gateway</body></html>"),
], ids=["no name", "unknown event, not JSON", "no data", "not an object", "not UTF-8",
        "not SSE"])
def test_a_malformed_event_goes_to_on_abort_and_is_raised(bad, raw):
    listener = Recorder()
    body = one_byte_at_a_time(sse("update", STATUS) + bad + sse("delete", "5"))
    with pytest.raises(MastodonMalformedEventError) as info:
        listener.handle_stream(Body(body))
    assert listener.aborts == [info.value]  # the error about to be raised, first
    assert [kind for kind, _ in listener.events] == ["update"]  # nothing after it
    if raw is not None:
        assert info.value.raw == raw


@pytest.mark.parametrize("failure, expected", [
    (requests.exceptions.ChunkedEncodingError("connection broken"), MastodonNetworkError),
    (requests.exceptions.ConnectionError("reset by peer"), MastodonNetworkError),
    (requests.exceptions.ReadTimeout("read timed out"), MastodonReadTimeout),
])
def test_a_broken_body_is_a_network_error_after_on_abort(failure, expected):
    listener = Recorder()
    body = ClosableBody([sse("update", STATUS), b"event: delete\nda"], raise_after=failure)
    with pytest.raises(expected) as info:
        listener.handle_stream(body)
    assert info.value.__cause__ is failure
    assert listener.aborts == [info.value]
    assert [kind for kind, _ in listener.events] == ["update"]
    assert body.closed == 1


def test_an_error_in_the_listeners_own_method_is_not_an_abort():
    class Failing(Recorder):
        def on_update(self, status):
            raise MastodonNetworkError("the listener's own request failed")

    listener = Failing()
    with pytest.raises(MastodonNetworkError, match="listener's own"):
        listener.handle_stream(Body([sse("update", STATUS)]))
    assert listener.aborts == []


# --- events this library does not know ------------------------------------------------

class OwnMethods(Recorder):
    def on_blahblah(self, data):
        self.events.append(("on_blahblah", data))

    def on_do_something(self, data):
        self.events.append(("on_do_something", data))


def test_an_unknown_event_goes_to_its_own_method_or_to_on_unknown_event():
    listener = OwnMethods()
    listener.handle_stream(Body(one_byte_at_a_time(
        sse("blahblah", {"x": 1}) + sse("do.something", [1, 2]) + sse("brand.new", {"y": 2})
        + sse("no.payload", "undefined") + b"event: empty\n\n")))
    assert listener.events == [("on_blahblah", {"x": 1}), ("on_do_something", [1, 2]),
                               ("unknown:brand.new", {"y": 2}), ("unknown:no.payload", None),
                               ("unknown:empty", None)]


def test_an_event_name_never_reaches_the_listeners_hooks():
    # A server's event name picks a method only among event methods: "abort" is not
    # on_abort, "any_event" not on_any_event, and a known event's method answers only
    # to the event's own wire name ("status.update", not "status_update").
    seen = []

    class Hooks(Recorder):
        def on_any_event(self, name, data=None, for_stream=None):
            seen.append(name)

    listener = Hooks()
    names = ["abort", "any_event", "unknown_event", "websocket_error", "status_update",
             "update-ish", "update ish"]
    listener.handle_stream(Body([b"".join(sse(name, {"n": name}) for name in names)]))
    assert listener.aborts == [] and listener.ws_errors == []
    assert listener.events == [("unknown:" + name, {"n": name}) for name in names]
    assert seen == names


def test_handle_websocket_message_takes_the_message_as_text_or_decoded():
    listener = Recorder()
    listener.handle_websocket_message({"stream": ["user"], "event": "update",
                                       "payload": json.dumps(STATUS)})
    listener.handle_websocket_message({"stream": ["user"], "event": "delete", "payload": "7"})
    listener.handle_websocket_message(json.dumps({"stream": ["user"], "event": "delete",
                                                  "payload": "8"}))
    assert [(kind, getattr(p, "content", p)) for kind, p in listener.events] == [
        ("update", "<p>héllo 🐘</p>"), ("delete", "7"), ("delete", "8")]
    with pytest.raises(MastodonMalformedEventError, match="no event name"):
        listener.handle_websocket_message({"stream": ["user"], "payload": "{}"})


# --- handle_stream on real responses ----------------------------------------------------

@pytest.fixture
def server():
    scripted = StreamServer().start()
    scripted.routes["/api/v1/instance"] = lambda c: c.respond(200, {"version": "4.5.0",
                                                                    "urls": {}})
    try:
        yield scripted
    finally:
        scripted.stop()


@pytest.fixture
def api(server):
    return Mastodon(access_token="tok", api_base_url=server.url, mastodon_version="4.5.0")


def test_handle_stream_decodes_a_compressed_stream_as_it_arrives(server):
    # A proxy compressing the event stream: each event is flushed on its own, and the
    # server sends the second only once the client has handled the first, so a reader
    # that waited for more bytes (or did not decompress) would never see either.
    handled = Recorder()
    first_handled = handled.got

    def handler(conn):
        conn.start_sse(headers={"Content-Encoding": "gzip"})
        packer = zlib.compressobj(wbits=31)  # the gzip format
        conn.send(packer.compress(sse("update", STATUS)) + packer.flush(zlib.Z_SYNC_FLUSH))
        if first_handled.wait(WAIT):
            conn.send(packer.compress(sse("delete", "109")) + packer.flush())
            conn.end()

    server.routes["/api/v1/streaming/public"] = handler
    with requests.Session() as session:
        response = session.get(server.url + "/api/v1/streaming/public", stream=True,
                               timeout=WAIT)
        assert response.headers["Content-Encoding"] == "gzip"
        handled.handle_stream(response)
    assert [kind for kind, _ in handled.events] == ["update", "delete"]
    assert handled.events[0][1].content == "<p>héllo 🐘</p>"


def test_handle_stream_on_a_response_that_was_read_already(server):
    def handler(conn):
        conn.respond(200, gzip.compress(sse("update", STATUS) + sse("delete", "109")),
                     content_type="text/event-stream", headers={"Content-Encoding": "gzip"})

    server.routes["/api/v1/streaming/public"] = handler
    response = requests.get(server.url + "/api/v1/streaming/public", timeout=WAIT)
    listener = Recorder()
    assert listener.handle_stream(response) is None
    assert [kind for kind, _ in listener.events] == ["update", "delete"]


# --- the handle classes -------------------------------------------------------------------

def test_the_handle_classes_are_importable_where_mastodon_py_has_them():
    for name in ("StreamHandle", "SSEStreamHandle", "WebSocketStreamHandle",
                 "WebSocketSubscription"):
        assert getattr(mastodon, name) is getattr(mastodon.streaming, name)
        assert name in mastodon.__all__ and name in mastodon.streaming.__all__
    assert issubclass(SSEStreamHandle, StreamHandle)
    assert issubclass(WebSocketStreamHandle, StreamHandle)


def test_a_background_stream_returns_an_sse_stream_handle(server, api):
    def handler(conn):
        conn.start_sse()
        conn.event("update", STATUS)
        conn.silence(WAIT)

    server.routes["/api/v1/streaming/user"] = handler
    listener = Recorder()
    handle = api.stream_user(listener, run_async=True)
    try:
        assert isinstance(handle, SSEStreamHandle)
        assert listener.got.wait(WAIT)
        assert handle.is_alive() and handle.is_receiving()
        handle.join(timeout=0.05)  # waits, but does not end the stream
        assert handle.is_alive()
        assert repr(handle).startswith("<SSEStreamHandle user")
    finally:
        handle.close()
    handle.join(WAIT)
    assert not handle.is_alive() and not handle.is_receiving()


def ws_route(server, script):
    def handler(conn):
        if not conn.request.is_websocket:
            conn.respond(400, {"error": "not a WebSocket request"})
            return
        script(conn.accept_websocket(), conn.request)
    server.routes["/api/v1/streaming"] = handler


def _messages(peer, count):
    """Wait until the client sent ``count`` messages in all (False if it went away)."""
    while len(peer.received) < count:
        if peer.recv(WAIT) is None:
            return False
    return True


def test_subscribe_carries_several_streams_and_each_subscription_closes_alone(server, api):
    pytest.importorskip("websocket")
    steps = {name: threading.Event() for name in ("subscribed", "closed", "done")}

    def script(peer, request):
        if not _messages(peer, 3):
            return
        steps["subscribed"].set()
        peer.send_event(["hashtag", "cats"], "update", STATUS)
        peer.send_event(["list", "42"], "delete", "109")
        peer.send_event(["public:local:media"], "update", STATUS)
        if not _messages(peer, 5):
            return
        steps["closed"].set()
        peer.recv(WAIT)

    ws_route(server, script)
    default, own = Recorder(), Recorder()
    handle = api.stream_open_websocket(default)
    try:
        assert isinstance(handle, WebSocketStreamHandle)
        cats = handle.subscribe("hashtag", tag="Cats")
        friends = handle.subscribe("list", own, list="42")
        media = api.stream_local(None, only_media=True, websocket_handle=handle)
        assert all(isinstance(s, WebSocketSubscription) for s in (cats, friends, media))
        assert (cats.stream, cats.params, cats.listener) == ("hashtag", {"tag": "Cats"}, None)
        assert (friends.stream, friends.params, friends.listener) == ("list", {"list": "42"},
                                                                      own)
        assert media.stream == "public:local:media" and media.handle is handle
        assert handle.subscriptions() == [cats, friends, media]
        assert steps["subscribed"].wait(WAIT)
        assert _wait(lambda: len(default.events) == 2 and len(own.events) == 1)
        # Routed by stream: the hashtag and the media stream to the handle's listener,
        # the list to its own.
        assert [kind for kind, _ in default.events] == ["update", "update"]
        assert own.events == [("delete", "109")]
        assert cats.is_alive() and cats.is_receiving()

        cats.close()
        assert handle.unsubscribe("list", list_id="42") is handle
        cats.close()  # a second time: nothing more is sent
        assert steps["closed"].wait(WAIT)
        assert handle.subscriptions() == [media]
        assert not cats.is_alive() and not cats.is_receiving() and not friends.is_alive()
        assert media.is_alive() and handle.is_alive()
    finally:
        handle.close()
    assert not media.is_alive() and handle.subscriptions() == []
    assert server.ws_messages == [
        {"type": "subscribe", "stream": "hashtag", "tag": "Cats"},
        {"type": "subscribe", "stream": "list", "list": "42"},
        {"type": "subscribe", "stream": "public:local:media"},
        {"type": "unsubscribe", "stream": "hashtag", "tag": "Cats"},
        {"type": "unsubscribe", "stream": "list", "list": "42"}]


def _wait(condition, timeout=WAIT):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


@pytest.mark.parametrize("call, message", [
    (lambda h, lst: h.subscribe("hashtag", lst), "tag must be"),
    (lambda h, lst: h.subscribe("hashtag:local", lst, tag="#cats"), "leading '#'"),
    (lambda h, lst: h.subscribe("list", lst), "list ID"),
    (lambda h, lst: h.subscribe("list", lst, list="1", list_id="1"), "not both"),
    (lambda h, lst: h.subscribe("user", lst, tag="cats"), "takes no tag"),
    (lambda h, lst: h.subscribe("", lst), "stream name"),
    (lambda h, lst: h.subscribe("user"), "listener is needed"),  # none here, none on the handle
    (lambda h, lst: (h.subscribe("user", lst), h.subscribe("user", Recorder())), "already carries"),
    (lambda h, lst: (h.subscribe("hashtag", lst, tag="cats"), h.subscribe("hashtag", lst, tag="CATS")),
     "already carries"),
    (lambda h, lst: (h.subscribe("public:bubble", lst, region="eu"),
                   h.subscribe("public:bubble", lst, region="eu")), "already carries"),
    (lambda h, lst: h.unsubscribe("hashtag", tag="cats", local=True), "tag= or list="),
])
def test_subscribe_refuses_what_cannot_be_a_stream_before_sending(server, api, call, message):
    pytest.importorskip("websocket")
    ws_route(server, lambda peer, request: peer.recv(WAIT) and peer.recv(WAIT))
    handle = api.stream_open_websocket()
    try:
        with pytest.raises(MastodonIllegalArgumentError, match=message):
            call(handle, Recorder())
    finally:
        handle.close()
    # Nothing went out but the valid first subscription of a duplicate.
    assert len(server.ws_messages) <= 1
    assert all(message["type"] == "subscribe" for message in server.ws_messages)


def test_a_stream_name_the_library_does_not_know_goes_to_the_server_as_given(server, api):
    pytest.importorskip("websocket")
    errors, got = [], threading.Event()

    def script(peer, request):
        message = peer.recv_text(WAIT)
        if message is None:
            return
        peer.send_text(json.dumps({"error": "Unknown stream type", "status": 400,
                                   "stream": [message["stream"]]}))
        peer.recv(WAIT)

    ws_route(server, script)
    listener = CallbackStreamListener(stream_error_handler=lambda error, for_stream: (
        errors.append((error, for_stream)), got.set()))
    handle = api.stream_open_websocket(listener)
    try:
        subscription = handle.subscribe("public:bubble", region="eu")
        assert got.wait(WAIT)
    finally:
        handle.close()
    assert subscription.stream == "public:bubble" and subscription.params == {"region": "eu"}
    assert server.ws_messages == [{"type": "subscribe", "stream": "public:bubble",
                                   "region": "eu"}]
    [(error, for_stream)] = errors
    assert error.error == "Unknown stream type" and error.status == 400
    assert for_stream == ["public:bubble"]


# --- only_media -------------------------------------------------------------------------

def test_only_media_catches_up_from_the_media_timeline(server, api):
    def opened(conn):
        conn.start_sse()
        conn.comment()
        conn.silence(WAIT)

    server.routes["/api/v1/streaming/public/remote"] = opened
    server.routes["/api/v1/timelines/public"] = lambda c: c.respond(200, [])
    handle = api.stream_public(Recorder(), run_async=True, reconnect_async=True, remote=True,
                               only_media=True)
    try:
        stream = server.requests_to("/api/v1/streaming/public/remote")[0]
        assert stream.query == {"only_media": ["true"]}
        [baseline] = server.requests_to("/api/v1/timelines/public")
        # How booleans are written in a query is the REST layer's business.
        assert set(baseline.query) == {"remote", "only_media", "limit"}
        assert baseline.query["only_media"] == baseline.query["remote"] != ["0"]
    finally:
        handle.close()


# --- CallbackStreamListener -------------------------------------------------------------

def test_callback_listener_takes_its_handlers_in_mastodon_py_order():
    handlers = [lambda *args, n=n: n for n in range(15)]
    listener = CallbackStreamListener(*handlers)
    names = ["update_handler", "local_update_handler", "delete_handler",
             "notification_handler", "conversation_handler", "unknown_event_handler",
             "status_update_handler", "filters_changed_handler", "announcement_handler",
             "announcement_reaction_handler", "announcement_delete_handler",
             "encryted_message_handler", "notifications_merged_handler",
             "stream_error_handler", "abort_handler"]
    assert [getattr(listener, name) for name in names] == handlers


def test_callback_listener_without_a_stream_error_handler_logs_the_error(caplog):
    listener = CallbackStreamListener(abort_handler=lambda err: None)
    with caplog.at_level("WARNING", logger="mastodon"):
        listener.handle_websocket_message(json.dumps({"error": "Missing access token",
                                                      "status": 401}))
    assert "Missing access token" in caplog.text
