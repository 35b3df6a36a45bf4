"""Streaming against a scripted server (tests/sse_server.py): the SSE parser on awkward
input, silence, garbage, dropped connections, close(), reconnect and backoff, the
WebSocket transport and its fallbacks, and shared WebSocket connections."""

import json
import logging
import sys
import threading
import time
from datetime import datetime

import pytest
import requests
import requests.adapters

from mastodon import (
    AttribAccessDict,
    CallbackStreamListener,
    Mastodon,
    MastodonId,
    MastodonIllegalArgumentError,
    MastodonMalformedEventError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonReadTimeout,
    MastodonUnauthorizedError,
    StreamListener,
)
from mastodon.streaming import SSEParser, StreamHandle, WebSocketSubscription
from mastodon.streaming.events import _HEARTBEAT, _BadInput, _RawEvent

from .sse_server import NOTIFICATION, STATUS, StreamServer, sse

WAIT = 5.0  # upper bound for anything that should happen promptly

REMOTE_STATUS = {"id": "110", "created_at": "2024-05-01T10:00:01.000Z", "content": "<p>hi</p>",
                 "account": {"id": "2", "acct": "dave@remote.example", "username": "dave"}}


@pytest.fixture
def server():
    """The scripted streaming server (overrides conftest's recording server here)."""
    scripted = StreamServer().start()
    scripted.routes["/api/v1/instance"] = lambda c: c.respond(
        200, {"version": "4.5.0", "urls": {"streaming_api": scripted.url.replace("http", "ws")}})
    try:
        yield scripted
    finally:
        scripted.stop()


@pytest.fixture
def api(server):
    """A client of the scripted server (overrides conftest's mock client here)."""
    return Mastodon(access_token="sekrit", api_base_url=server.url, mastodon_version="4.5.0")


class Recorder(StreamListener):
    """Records what it receives; ``wait_for(n)`` waits until ``n`` events came in."""

    def __init__(self, close_after=None):
        self.events = []
        self.heartbeats = 0
        self.aborts = []
        self.ws_errors = []
        self.close_after = close_after
        self._cond = threading.Condition()

    def _add(self, item):
        with self._cond:
            self.events.append(item)
            self._cond.notify_all()
        if self.close_after is not None and len(self.events) >= self.close_after:
            self.close_stream()

    def on_update(self, status):
        self._add(("update", status))

    def on_status_update(self, status):
        self._add(("status.update", status))

    def on_delete(self, status_id):
        self._add(("delete", status_id))

    def on_notification(self, notification):
        self._add(("notification", notification))

    def on_unknown_event(self, name, unknown_event=None):
        self._add(("unknown:" + name, unknown_event))

    def handle_heartbeat(self):
        self.heartbeats += 1

    def on_abort(self, err):
        with self._cond:
            self.aborts.append(err)
            self._cond.notify_all()

    def on_websocket_error(self, error, for_stream=None):
        with self._cond:
            self.ws_errors.append((error, for_stream))
            self._cond.notify_all()

    def wait_for(self, count, timeout=WAIT):
        with self._cond:
            return self._cond.wait_for(lambda: len(self.events) >= count, timeout)

    def wait_aborts(self, count, timeout=WAIT):
        with self._cond:
            return self._cond.wait_for(lambda: len(self.aborts) >= count, timeout)


def _wait_until(condition, timeout=WAIT):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


# --- the parser ----------------------------------------------------------------------

SAMPLE = (b":connected\r\n\r\n"
          + b"event: update\r\ndata: " + json.dumps(STATUS, ensure_ascii=False).encode()
          + b"\r\n\r\n"
          + b"id: 5\nretry: 1000\nevent: notification\n"
          + b"data: {\"id\": \"7\", \"type\": \"mention\",\n"
          + b"data:  \"created_at\": \"2024-05-01T10:00:02Z\"}\n\n"
          + b":thump\n\n"
          + b"event: delete\rdata: 109\r\r"
          + b"event: filters_changed\ndata: undefined\n\n")


def parse_all(pieces):
    parser = SSEParser()
    out = []
    for piece in pieces:
        out.extend(parser.feed(piece))
    return [("heartbeat",) if item is _HEARTBEAT else (item.name, item.data)
            for item in out]


EXPECTED = [("heartbeat",),
            ("update", json.dumps(STATUS, ensure_ascii=False).encode()),
            ("notification",
             b'{"id": "7", "type": "mention",\n "created_at": "2024-05-01T10:00:02Z"}'),
            ("heartbeat",),
            ("delete", b"109"),
            ("filters_changed", b"undefined")]


def test_parser_reads_crlf_cr_multiline_data_comments_and_ignores_id_and_retry():
    assert parse_all([SAMPLE]) == EXPECTED


def test_parser_gives_the_same_result_for_every_split_point():
    # Every split point falls somewhere: inside "\r\n", inside "data:", inside the
    # multi-byte characters of "héllo 🐘".
    for cut in range(1, len(SAMPLE)):
        assert parse_all([SAMPLE[:cut], SAMPLE[cut:]]) == EXPECTED, cut


def test_parser_fed_one_byte_at_a_time():
    assert parse_all([SAMPLE[i:i + 1] for i in range(len(SAMPLE))]) == EXPECTED


# Every line ends in CRLF, except one event's blank line, a bare LF after a CRLF (line
# ends may be mixed): the stream where a CRLF whose LF arrives alone in a chunk must not
# swallow the next line break.
CRLF_SAMPLE = (b":connected\r\n\r\n"
               + b"event: update\r\ndata: " + json.dumps(STATUS, ensure_ascii=False).encode()
               + b"\r\n\n"
               + b"event: delete\r\ndata: 109\r\n\r\n"
               + b"event: notification\r\ndata: {\"id\": \"7\",\r\ndata: \"type\": \"mention\"}\r\n\r\n")

CRLF_EXPECTED = [("heartbeat",),
                 ("update", json.dumps(STATUS, ensure_ascii=False).encode()),
                 ("delete", b"109"),
                 ("notification", b'{"id": "7",\n"type": "mention"}')]


def test_a_crlf_stream_gives_the_same_events_however_it_is_cut_into_three():
    # Every pair of cut points: "\r" ending one chunk, "\n" alone in the next, "\n"
    # starting the one after, and every cut inside lines and characters.
    assert parse_all([CRLF_SAMPLE]) == CRLF_EXPECTED
    for first in range(1, len(CRLF_SAMPLE)):
        for second in range(first, len(CRLF_SAMPLE)):
            pieces = [CRLF_SAMPLE[:first], CRLF_SAMPLE[first:second], CRLF_SAMPLE[second:]]
            assert parse_all(pieces) == CRLF_EXPECTED, (first, second)


def test_a_lone_lf_after_a_cr_is_the_end_of_that_crlf_only():
    parser = SSEParser()
    assert parser.feed(b"event: update\r\ndata: 1\r") == []
    assert parser.feed(b"\n") == []  # the CRLF's own LF: not an empty line
    out = parser.feed(b"\nevent: delete\ndata: 2\n\n")  # this LF: the blank line ending it
    assert [(item.name, item.data) for item in out] == [("update", b"1"), ("delete", b"2")]


def test_fields_the_parser_does_not_know_are_ignored():
    # The SSE specification: a field with another name is ignored, and a line without a
    # colon is a field without a value.
    plain = b"event: update\ndata: {\"id\": \"1\"}\n\n"
    extended = (b"event: update\nfoo: bar\nevent2: x\nid: 5\nretry: 10\nx-trace-id:abc\n"
                b"flag\ndata: {\"id\": \"1\"}\n\n")
    assert parse_all([extended]) == parse_all([plain]) == [("update", b'{"id": "1"}')]
    # "data" without a colon is an empty data line, "event" without one an empty name.
    assert parse_all([b"event: x\ndata: a\ndata\n\n"]) == [("x", b"a\n")]


def test_an_event_without_a_name_is_bad_input():
    # The specification's default name ("message") is for browsers: Mastodon names
    # every event, so data without a name (or with an empty one) is not an event.
    parser = SSEParser()
    out = parser.feed(b"data: {}\n\nevent\ndata: b\n\nevent: update\ndata: {}\n\n")
    assert [type(item) for item in out] == [_BadInput, _BadInput, _RawEvent]
    assert [item.raw for item in out[:2]] == [b"data: {}", b"event\ndata: b"]
    assert out[2].name == "update"
    # A block of fields that are ignored is no event at all, as is an empty line alone.
    assert parser.feed(b"id: 5\nretry: 10\n\n\n") == []


def test_parser_reports_lines_that_are_not_sse():
    # A field name no server writes (markup, spaces, control or non-ASCII bytes) shows a
    # body that is not an event stream at all: reported, not skipped into silence.
    for garbage in (b"<html>oops</html>", b"Please log in to continue", b"\x1f\x8b\x08\x00\xff"):
        parser = SSEParser()
        out = parser.feed(b"event: update\n" + garbage + b"\n\n")
        assert len(out) == 1 and isinstance(out[0], _BadInput), garbage
        assert garbage.decode("utf-8", "replace") in out[0].error().raw


def test_parser_keeps_an_incomplete_event_back():
    parser = SSEParser()
    assert parser.feed(b"event: update\ndata: {\"id\"") == []
    out = parser.feed(b": \"1\"}\n\n")
    assert isinstance(out[0], _RawEvent) and out[0].data == b'{"id": "1"}'


# --- SSE over the wire ---------------------------------------------------------------

def test_events_split_at_awkward_byte_boundaries_arrive_parsed(server, api):
    stream = SAMPLE + sse("update", REMOTE_STATUS)

    def handler(conn):
        conn.start_sse()
        conn.send_pieces(stream, size=[1, 2, 3, 5, 7, 11])
        conn.silence(WAIT)

    server.routes["/api/v1/streaming/user"] = handler
    listener = Recorder(close_after=4)
    assert api.stream_user(listener) is None  # blocking until the listener closes it

    assert [kind for kind, _ in listener.events] == ["update", "notification", "delete", "update"]
    update = listener.events[0][1]
    assert isinstance(update, AttribAccessDict)
    assert update.content == "<p>héllo 🐘</p>"
    assert update.created_at == datetime.fromisoformat("2024-05-01T10:00:00+00:00")
    assert isinstance(update.id, MastodonId) and update.id == 109
    notification = listener.events[1][1]
    assert notification.type == "mention" and notification.created_at.year == 2024
    assert listener.events[2] == ("delete", "109") and isinstance(listener.events[2][1], MastodonId)
    assert listener.heartbeats >= 2
    request = server.requests_to("/api/v1/streaming/user")[0]
    assert request.headers["authorization"] == "Bearer sekrit"
    assert request.headers["accept"] == "text/event-stream"


def test_a_crlf_stream_with_each_line_break_split_between_chunks_arrives_whole(server, api):
    # Each CR ends an HTTP chunk and its LF arrives alone in the next one (then the next
    # line), so the reader sees every line break of the stream split between reads; an
    # unknown field in the middle does not end the stream.
    stream = CRLF_SAMPLE.replace(b"event: delete\r\n", b"event: delete\r\nfoo: bar\r\n")
    pieces, start = [], 0
    for at, byte in enumerate(stream):
        if byte in b"\r\n":
            pieces.append(stream[start:at + 1])
            start = at + 1
    assert b"".join(pieces) == stream and b"\n" in pieces and start == len(stream)

    def handler(conn):
        conn.start_sse()
        for piece in pieces:
            conn.send(piece)
            time.sleep(0.005)  # one read per piece
        conn.silence(WAIT)

    server.routes["/api/v1/streaming/user"] = handler
    listener = Recorder(close_after=3)
    api.stream_user(listener)
    assert [(kind, payload.id if kind != "delete" else payload)
            for kind, payload in listener.events] == [("update", "109"), ("delete", "109"),
                                                      ("notification", "7")]
    assert listener.events[2][1].type == "mention"
    assert listener.heartbeats == 1


def test_a_stream_without_chunked_encoding(server, api):
    def handler(conn):
        conn.start_sse(chunked=False)
        conn.send(sse("update", STATUS))
        conn.silence(WAIT)

    server.routes["/api/v1/streaming/public"] = handler
    listener = Recorder(close_after=1)
    api.stream_public(listener)
    assert listener.events[0][1].id == "109"


def test_malformed_event_raises_with_the_raw_line_when_blocking(server, api):
    def handler(conn):
        conn.start_sse()
        conn.send(sse("update", STATUS))
        conn.send(b"event: update\ndata: {\"id\": \"5\", broken\n\n")
        conn.silence(WAIT)

    server.routes["/api/v1/streaming/user"] = handler
    listener = Recorder()
    with pytest.raises(MastodonMalformedEventError) as info:
        api.stream_user(listener)
    assert '{"id": "5", broken' in info.value.raw
    assert "broken" in str(info.value)
    assert [kind for kind, _ in listener.events] == ["update"]


def test_garbage_raises_malformed_event_error(server, api):
    def handler(conn):
        conn.start_sse()
        conn.send(b"\x00\xffgarbage that is not SSE\n\n")
        conn.silence(WAIT)

    server.routes["/api/v1/streaming/user"] = handler
    with pytest.raises(MastodonMalformedEventError) as info:
        api.stream_user(Recorder())
    assert "garbage that is not SSE" in info.value.raw


def test_malformed_event_goes_to_on_abort_in_the_background(server, api):
    def handler(conn):
        conn.start_sse()
        conn.send(b"event: notification\ndata: [1, 2\n\n")
        conn.silence(WAIT)

    server.routes["/api/v1/streaming/user"] = handler
    listener = Recorder()
    handle = api.stream_user(listener, run_async=True)
    assert listener.wait_aborts(1)
    handle.join(WAIT)
    assert not handle.is_alive()
    assert isinstance(listener.aborts[0], MastodonMalformedEventError)
    assert "[1, 2" in listener.aborts[0].raw


def test_malformed_event_with_reconnect_reports_and_reconnects(server, api):
    def handler(conn):
        conn.start_sse()
        if len(server.requests_to("/api/v1/streaming/user")) == 1:
            conn.send(b"event: update\ndata: not json\n\n")
        else:
            conn.send(sse("update", STATUS))
        conn.silence(WAIT)

    server.routes["/api/v1/streaming/user"] = handler
    listener = Recorder()
    handle = api.stream_user(listener, run_async=True, reconnect_async=True,
                             reconnect_async_wait_sec=0.01, catch_up=False)
    try:
        assert listener.wait_for(1)
        assert isinstance(listener.aborts[0], MastodonMalformedEventError)
        assert len(server.requests_to("/api/v1/streaming/user")) == 2
        assert listener.events[0][1].id == "109"
    finally:
        handle.close()


def test_a_drop_mid_event_raises_and_never_delivers_half_an_event(server, api):
    def handler(conn):
        conn.start_sse()
        conn.send(sse("update", STATUS))
        half = sse("update", REMOTE_STATUS)
        conn.send(half[: len(half) // 2])
        conn.drop()

    server.routes["/api/v1/streaming/user"] = handler
    listener = Recorder()
    with pytest.raises(MastodonNetworkError):
        api.stream_user(listener)
    assert [event[1].id for event in listener.events] == ["109"]


def test_the_server_ending_the_stream_is_an_error(server, api):
    def handler(conn):
        conn.start_sse()
        conn.send(sse("update", STATUS))
        conn.end()

    server.routes["/api/v1/streaming/user"] = handler
    listener = Recorder()
    with pytest.raises(MastodonNetworkError, match="ended the stream"):
        api.stream_user(listener)
    assert len(listener.events) == 1


def test_an_answer_that_is_not_an_event_stream(server, api):
    server.routes["/api/v1/streaming/user"] = lambda c: c.respond(
        200, b"<html><body>Please log in</body></html>", content_type="text/html")
    with pytest.raises(MastodonNetworkError, match="text/html.*Please log in"):
        api.stream_user(Recorder())


def test_error_status_raises_the_api_error(server, api):
    server.routes["/api/v1/streaming/user"] = lambda c: c.respond(
        401, {"error": "The access token is invalid"})
    with pytest.raises(MastodonUnauthorizedError) as info:
        api.stream_user(Recorder(), run_async=True, reconnect_async=True)
    assert info.value.status_code == 401
    assert "The access token is invalid" in str(info.value)  # the server's message
    assert len(server.requests_to("/api/v1/streaming/user")) == 1  # not retried


# --- silence and close ---------------------------------------------------------------

def test_a_silent_connection_times_out_when_blocking(server, api):
    def handler(conn):
        conn.start_sse()
        conn.comment("connected")
        conn.silence(WAIT)

    server.routes["/api/v1/streaming/user"] = handler
    started = time.monotonic()
    with pytest.raises(MastodonReadTimeout):
        api.stream_user(Recorder(), silence_timeout=0.3)
    assert time.monotonic() - started < WAIT  # long before the server would have stopped


def test_the_timeout_parameter_also_bounds_silence(server, api):
    def handler(conn):
        conn.start_sse()
        conn.silence(WAIT)

    server.routes["/api/v1/streaming/public"] = handler
    with pytest.raises(MastodonReadTimeout):
        api.stream_public(Recorder(), timeout=0.3)


def test_a_silent_connection_is_replaced_when_reconnecting(server, api):
    first_closed = []

    def handler(conn):
        conn.start_sse()
        if len(server.requests_to("/api/v1/streaming/user")) == 1:
            first_closed.append(conn.silence(WAIT))  # the first connection hangs
        else:
            conn.send(sse("update", STATUS))
            while not conn.silence(0.1):  # the second one lives: a heartbeat every 0.1 s
                conn.comment()

    server.routes["/api/v1/streaming/user"] = handler
    listener = Recorder()
    # The silence timeout leaves a loaded machine ten heartbeats of margin.
    handle = api.stream_user(listener, run_async=True, reconnect_async=True,
                             reconnect_async_wait_sec=0.01, silence_timeout=1.0, catch_up=False)
    try:
        assert listener.wait_for(1)
        assert isinstance(listener.aborts[0], MastodonReadTimeout)
        assert first_closed == [True]  # the client gave the silent connection up
        assert handle.is_receiving()
    finally:
        handle.close()


def test_close_returns_within_a_second_while_the_server_is_silent(server, api):
    connected = threading.Event()
    closed_by_client = []

    def handler(conn):
        conn.start_sse()
        connected.set()
        closed_by_client.append(conn.silence(30))

    server.routes["/api/v1/streaming/user"] = handler
    listener = Recorder()
    handle = api.stream_user(listener, run_async=True, reconnect_async=True)
    assert connected.wait(WAIT)
    assert handle.is_alive() and handle.is_receiving()
    started = time.monotonic()
    handle.close()
    # close() waits up to CLOSE_WAIT for the thread; the rest is margin for a busy machine.
    assert time.monotonic() - started < StreamHandle.CLOSE_WAIT + 2.0
    assert not handle.is_receiving()
    # Nothing else could end the read within WAIT: the server is silent for 30 s, the
    # silence timeout is 60 s. close() woke it, and the connection was closed.
    handle.join(WAIT)
    assert not handle.is_alive()
    assert server.wait_for_requests(1) and _wait_until(lambda: closed_by_client)
    assert closed_by_client == [True]
    assert listener.aborts == []  # closing is not a failure


def test_close_stream_from_a_handler_ends_a_blocking_stream(server, api):
    def handler(conn):
        conn.start_sse()
        conn.events([("update", STATUS), ("update", REMOTE_STATUS), ("update", STATUS)])
        conn.silence(WAIT)

    server.routes["/api/v1/streaming/user"] = handler
    listener = Recorder(close_after=2)
    assert api.stream_user(listener) is None
    assert [e[1].id for e in listener.events] == ["109", "110"]


def test_a_failing_handler_does_not_end_a_background_stream(server, api, caplog):
    class Clumsy(Recorder):
        def on_update(self, status):
            if status.id == "109":
                raise RuntimeError("bug in the bot")
            super().on_update(status)

    def handler(conn):
        conn.start_sse()
        conn.events([("update", STATUS), ("update", REMOTE_STATUS)])
        conn.silence(WAIT)

    server.routes["/api/v1/streaming/user"] = handler
    listener = Clumsy()
    with caplog.at_level(logging.ERROR, logger="mastodon"):
        handle = api.stream_user(listener, run_async=True)
        try:
            assert listener.wait_for(1)
        finally:
            handle.close()
    assert listener.events[0][1].id == "110"
    assert "bug in the bot" in caplog.text


# --- reconnect and backoff -----------------------------------------------------------

def test_reconnect_waits_longer_after_each_failure_then_stops_on_a_permanent_error(server, api):
    # 429 is a failure the transport does not retry by itself for a stream.
    statuses = iter([429, 429, 429, 401])

    def handler(conn):
        code = next(statuses, 401)
        conn.respond(code, {"error": f"status {code}"})

    # The first connection works; every later attempt fails.
    def first_then_failures(conn):
        if len(server.requests_to("/api/v1/streaming/user")) == 1:
            conn.start_sse()
            conn.send(sse("update", STATUS))
            conn.drop()
        else:
            handler(conn)

    server.routes["/api/v1/streaming/user"] = first_then_failures
    listener = Recorder()
    handle = api.stream_user(listener, run_async=True, reconnect_async=True,
                             reconnect_async_wait_sec=0.05, catch_up=False)
    handle.join(WAIT)
    assert not handle.is_alive()
    attempts = [r.at for r in server.requests_to("/api/v1/streaming/user")]
    assert len(attempts) == 5
    gaps = [b - a for a, b in zip(attempts, attempts[1:], strict=False)]
    # 0.05 after a connection that worked, then doubling for each failure in a row
    for gap, least in zip(gaps, [0.05, 0.1, 0.2, 0.4], strict=False):
        assert gap >= least * 0.9
    assert [type(e).__name__ for e in listener.aborts] == [
        "MastodonNetworkError", "MastodonRatelimitError", "MastodonRatelimitError",
        "MastodonRatelimitError", "MastodonUnauthorizedError"]


def test_the_backoff_doubles_up_to_its_cap_however_many_failures_in_a_row(api):
    handle = StreamHandle(api, Recorder(), reconnect=True, reconnect_wait=0.05)
    delays = [handle._backoff_delay(n) for n in range(1, 3001)]
    assert delays[:4] == [0.05, 0.1, 0.2, 0.4]
    assert all(a <= b for a, b in zip(delays, delays[1:], strict=False))
    # Past 1,025 failures (3.5 days at the default wait), the doubling once overflowed.
    assert delays[1024:] == [StreamHandle.MAX_BACKOFF] * (3000 - 1024)
    assert handle._backoff_delay(10 ** 12) == StreamHandle.MAX_BACKOFF
    # A wait chosen longer than the cap is kept as it is.
    patient = StreamHandle(api, Recorder(), reconnect=True, reconnect_wait=600)
    assert patient._backoff_delay(1) == patient._backoff_delay(5000) == 600


def test_a_stream_keeps_reconnecting_after_thousands_of_failures_in_a_row(server, api,
                                                                          monkeypatch):
    monkeypatch.setattr(StreamHandle, "MAX_BACKOFF", 0.2)  # the cap, shortened for the test
    fail = threading.Event()
    failed_at = []

    def handler(conn):
        conn.start_sse()
        if len(server.requests_to("/api/v1/streaming/user")) == 1:
            fail.wait(WAIT)
            failed_at.append(time.monotonic())
            conn.drop()  # fails before delivering anything: one more failure in a row
        else:
            conn.send(sse("update", STATUS))
            conn.silence(WAIT)

    server.routes["/api/v1/streaming/user"] = handler
    listener = Recorder()
    handle = api.stream_user(listener, run_async=True, reconnect_async=True,
                             reconnect_async_wait_sec=0.01, catch_up=False)
    try:
        handle._failures = 5000  # as after an outage of 5,000 failed attempts
        fail.set()
        assert listener.wait_for(1)  # the thread survived the next failure and reconnected
        assert handle.is_alive()
    finally:
        handle.close()
    second = server.requests_to("/api/v1/streaming/user")[1]
    # It waited the cap, not the 0.01 s of a first failure.
    assert second.at - failed_at[0] >= 0.2 * 0.9
    assert [type(e).__name__ for e in listener.aborts] == ["MastodonNetworkError"]


def test_without_reconnect_a_background_stream_stops_at_the_first_failure(server, api):
    def handler(conn):
        conn.start_sse()
        conn.send(sse("update", STATUS))
        conn.drop()

    server.routes["/api/v1/streaming/user"] = handler
    listener = Recorder()
    handle = api.stream_user(listener, run_async=True)
    handle.join(WAIT)
    assert not handle.is_alive()
    assert len(listener.events) == 1 and len(listener.aborts) == 1
    assert len(server.requests_to("/api/v1/streaming/user")) == 1


def test_an_event_both_caught_up_and_streamed_is_delivered_once(server, api):
    old = dict(STATUS, id="100")
    missed = [dict(STATUS, id=str(n)) for n in (101, 102)]
    overlap = dict(STATUS, id="103")  # posted while the new connection was subscribing
    timeline_calls = []

    def home(conn):
        timeline_calls.append(conn.request.query)
        if conn.request.query.get("limit") == ["1"]:
            conn.respond(200, [old])  # the baseline
        elif conn.request.query.get("min_id") == ["100"]:
            conn.respond(200, list(reversed(missed + [overlap])))  # newest first
        else:
            conn.respond(200, [])

    def stream(conn):
        conn.start_sse()
        if len(server.requests_to("/api/v1/streaming/user")) == 1:
            conn.send(sse("update", old))
            conn.drop()
        else:
            conn.events([("update", overlap), ("update", dict(STATUS, id="104"))])
            conn.silence(WAIT)

    server.routes["/api/v1/streaming/user"] = stream
    server.routes["/api/v1/timelines/home"] = home
    server.routes["/api/v1/notifications"] = lambda c: c.respond(200, [])
    listener = Recorder()
    handle = api.stream_user(listener, run_async=True, reconnect_async=True,
                             reconnect_async_wait_sec=0.01)
    try:
        assert listener.wait_for(5)
    finally:
        handle.close()
    assert [e[1].id for e in listener.events] == ["100", "101", "102", "103", "104"]
    assert timeline_calls == [{"limit": ["1"]}, {"min_id": ["100"], "limit": ["40"]},
                              {"min_id": ["103"], "limit": ["40"]}]


# --- where to connect ----------------------------------------------------------------

def test_the_stream_goes_to_the_instances_streaming_url(server):
    other = StreamServer().start()
    try:
        server.routes["/api/v1/instance"] = lambda c: c.respond(
            200, {"version": "4.5.0", "urls": {"streaming_api": other.url.replace("http", "ws")}})

        def handler(conn):
            conn.start_sse()
            conn.send(sse("update", STATUS))
            conn.silence(WAIT)

        other.routes["/api/v1/streaming/hashtag/local"] = handler
        api = Mastodon(access_token="sekrit", api_base_url=server.url, mastodon_version="4.5.0")
        listener = Recorder(close_after=1)
        api.stream_hashtag("Python", listener, local=True)
        request = other.requests_to("/api/v1/streaming/hashtag/local")[0]
        assert request.query == {"tag": ["Python"]}
        assert server.requests_to("/api/v1/streaming/hashtag/local") == []
        assert api._streaming_base_url() == other.url
        assert request.headers["authorization"] == "Bearer sekrit"
    finally:
        other.stop()


def test_stream_healthy(server, api):
    server.routes["/api/v1/streaming/health"] = lambda c: c.respond(200, b"OK", "text/plain")
    assert api.stream_healthy() is True
    assert server.requests_to("/api/v1/streaming/health")[0].method == "GET"
    server.routes["/api/v1/streaming/health"] = lambda c: c.respond(200, b"starting", "text/plain")
    assert api.stream_healthy() is False
    server.routes["/api/v1/streaming/health"] = lambda c: c.respond(404, b"", "text/plain")
    assert api.stream_healthy() is False
    server.stop()
    # max_retries=0: the transport would otherwise retry the refused connection.
    unreachable = Mastodon(api_base_url=server.url, mastodon_version="4.5.0", max_retries=0)
    unreachable._streaming_base = server.url
    assert unreachable.stream_healthy() is False


# --- rate limits and what the client remembers --------------------------------------

def _pool_of_one():
    """A session with one connection per host, for which a request waits: a connection
    that a request kept would block the next request for good."""
    session = requests.Session()
    session.mount("http://", requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=1,
                                                           pool_block=True))
    return session


def _in_time(call):
    """``call()``'s result, or None if it did not return within WAIT (it may block)."""
    result = []
    worker = threading.Thread(target=lambda: result.append(call()), daemon=True)
    worker.start()
    worker.join(WAIT)
    return result[0] if result else None


def test_a_rate_limited_stream_request_gives_its_connection_back(server):
    api = Mastodon(access_token="sekrit", api_base_url=server.url, mastodon_version="4.5.0",
                   session=_pool_of_one(), ratelimit_method="wait")
    path = "/api/v1/streaming/public"
    closed = []

    def handler(conn):
        if len(server.requests_to(path)) == 1:
            conn.respond(429, {"error": "Too many requests"}, headers={
                "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": f"{time.time() + 0.2:.3f}"})
            closed.append((conn.wait_closed(WAIT), time.monotonic()))
        else:
            conn.start_sse()
            conn.events([("update", STATUS), ("delete", "109")])
            conn.end()

    server.routes[path] = handler
    response = _in_time(lambda: api._api_request("GET", path, stream=True))
    assert response is not None, "the retry after the 429 never got a connection"
    listener = Recorder()
    assert listener.handle_stream(response) is None  # returns where the body ends
    assert [kind for kind, _ in listener.events] == ["update", "delete"]
    assert listener.aborts == []
    first, second = server.requests_to(path)
    assert second.at - first.at >= 0.2  # "wait": it waited for the reset
    # The client let the 429's connection go at once, not after the wait.
    [(was_closed, closed_at)] = closed
    assert was_closed and closed_at < second.at
    # Reading the stream to its end gave that connection back too.
    instance = _in_time(lambda: api._api_request("GET", "/api/v1/instance"))
    assert instance is not None and instance.version == "4.5.0"


def test_handle_stream_gives_the_connection_back_when_it_stops_early(server):
    api = Mastodon(access_token="sekrit", api_base_url=server.url, mastodon_version="4.5.0",
                   session=_pool_of_one())

    def handler(conn):
        conn.start_sse()
        conn.send(b"event: update\ndata: not json\n\n")
        conn.silence(WAIT)

    server.routes["/api/v1/streaming/public"] = handler
    response = api._api_request("GET", "/api/v1/streaming/public", stream=True)
    with pytest.raises(MastodonMalformedEventError):
        Recorder().handle_stream(response)
    instance = _in_time(lambda: api._api_request("GET", "/api/v1/instance"))
    assert instance is not None and instance.version == "4.5.0"


def test_a_background_stream_rate_limited_while_reconnecting_on_a_pool_of_one(server):
    api = Mastodon(access_token="sekrit", api_base_url=server.url, mastodon_version="4.5.0",
                   session=_pool_of_one(), ratelimit_method="wait")

    def handler(conn):
        attempt = len(server.requests_to("/api/v1/streaming/user"))
        if attempt == 2:  # the first reconnect is rate limited
            conn.respond(429, {"error": "Too many requests"}, headers={
                "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": f"{time.time() - 1:.3f}"})
            return
        conn.start_sse()
        conn.send(sse("update", dict(STATUS, id=str(attempt))))
        if attempt == 1:
            conn.drop()
        else:
            conn.silence(WAIT)

    server.routes["/api/v1/streaming/user"] = handler
    listener = Recorder()
    handle = api.stream_user(listener, run_async=True, reconnect_async=True,
                             reconnect_async_wait_sec=0.01, catch_up=False)
    try:
        assert listener.wait_for(2)  # the reconnect after the 429 got a connection
    finally:
        handle.close()
    assert [e[1].id for e in listener.events] == ["1", "3"]
    assert [type(e).__name__ for e in listener.aborts] == ["MastodonNetworkError",
                                                          "MastodonRatelimitError"]


def test_clear_caches_forgets_where_and_how_the_client_streams(server):
    # The instance first names a streaming server that has no SSE (WebSocket only).
    websocket_only = StreamServer().start()
    try:
        def script(peer, request):
            peer.send_event(["user"], "update", STATUS)
            peer.recv(WAIT)

        ws_route(websocket_only, script)
        names = {"streaming_api": websocket_only.url.replace("http", "ws")}
        server.routes["/api/v1/instance"] = lambda c: c.respond(200, {"version": "4.5.0",
                                                                      "urls": names})
        api = Mastodon(access_token="sekrit", api_base_url=server.url, mastodon_version="4.5.0")
        api.stream_user(Recorder(close_after=1))  # SSE answers 404: WebSocket
        api.stream_user(Recorder(close_after=1))  # remembered: WebSocket at once
        assert len(server.requests_to("/api/v1/instance")) == 1
        assert len(websocket_only.requests_to("/api/v1/streaming/user")) == 1
        assert len(websocket_only.requests_to("/api/v1/streaming")) == 2

        # The server moves streaming to its API host, with SSE; the client forgets.
        names["streaming_api"] = server.url.replace("http", "ws")

        def events(conn):
            conn.start_sse()
            conn.send(sse("update", STATUS))
            conn.silence(WAIT)

        server.routes["/api/v1/streaming/user"] = events
        api.clear_caches()
        listener = Recorder(close_after=1)
        api.stream_user(listener)
        assert listener.events[0][1].id == "109"
        # Asked the instance again (one read for the version and the streaming URL) and
        # tried SSE first, at the new address.
        assert len(server.requests_to("/api/v1/instance")) == 2
        assert len(server.requests_to("/api/v1/streaming/user")) == 1
        assert len(websocket_only.requests) == 3
    finally:
        websocket_only.stop()


def test_a_fresh_client_that_streams_reads_the_instance_once(server):
    def handler(conn):
        conn.start_sse()
        conn.send(sse("update", STATUS))
        conn.silence(WAIT)

    server.routes["/api/v1/streaming/user"] = handler
    # No version given: the version check ("created") and the streaming URL both need
    # the instance information.
    api = Mastodon(access_token="sekrit", api_base_url=server.url, version_check_mode="created")
    listener = Recorder(close_after=1)
    api.stream_user(listener)
    assert listener.events[0][1].id == "109"
    assert len(server.requests_to("/api/v1/instance")) == 1
    assert len(server.requests_to("/api/v1/streaming/user")) == 1
    assert api.mastodon_major == 4 and api.mastodon_minor == 5


# --- WebSocket -----------------------------------------------------------------------

def ws_route(server, script, subprotocol=False, answer_pings=True):
    """Serve WebSocket at /api/v1/streaming with ``script(peer, request)``."""
    def handler(conn):
        if not conn.request.is_websocket:
            conn.respond(400, {"error": "not a WebSocket request"})
            return
        chosen = conn.request.headers.get("sec-websocket-protocol") if subprotocol else None
        peer = conn.accept_websocket(subprotocol=chosen, answer_pings=answer_pings)
        script(peer, conn.request)
    server.routes["/api/v1/streaming"] = handler


def test_a_404_on_sse_switches_to_websocket_with_the_token_in_a_header(server, api):
    def script(peer, request):
        peer.send_event(["user"], "update", STATUS)
        peer.send_event(["user"], "delete", "109")
        peer.recv(WAIT)

    ws_route(server, script)
    listener = Recorder(close_after=2)
    api.stream_user(listener)  # /api/v1/streaming/user answers 404
    assert [e[0] for e in listener.events] == ["update", "delete"]
    assert listener.events[0][1].content == "<p>héllo 🐘</p>"
    ws = server.requests_to("/api/v1/streaming")[0]
    assert ws.query == {"stream": ["user"]}
    assert ws.headers["authorization"] == "Bearer sekrit"
    assert "sekrit" not in ws.target

    # The client remembers: the next stream goes straight to WebSocket.
    listener = Recorder(close_after=1)
    api.stream_user(listener)
    assert len(server.requests_to("/api/v1/streaming/user")) == 1


def test_sse_only_does_not_switch(server, api):
    with pytest.raises(MastodonNotFoundError):
        api.stream_user(Recorder(), transport="sse")
    assert server.requests_to("/api/v1/streaming") == []


def test_websocket_without_the_library_names_the_extra(server, api, monkeypatch):
    monkeypatch.setitem(sys.modules, "websocket", None)  # as if it were not installed
    with pytest.raises(MastodonIllegalArgumentError, match=r"mastodon\[websocket\]"):
        api.stream_user(Recorder(), transport="websocket")
    with pytest.raises(MastodonIllegalArgumentError, match=r"mastodon\[websocket\]"):
        api.stream_open_websocket(Recorder())
    assert server.requests == []
    # A server without SSE: the 404 is explained, with the extra to install.
    with pytest.raises(MastodonIllegalArgumentError, match=r"WebSocket.*mastodon\[websocket\]"):
        api.stream_user(Recorder())


def test_websocket_token_as_subprotocol_when_the_header_is_refused(server, api):
    def handler(conn):
        headers = conn.request.headers
        if "authorization" in headers:
            conn.respond(401, {"error": "use the subprotocol"})
            return
        peer = conn.accept_websocket(subprotocol=headers.get("sec-websocket-protocol"))
        peer.send_event(["public:local"], "update", STATUS)
        peer.recv(WAIT)

    server.routes["/api/v1/streaming"] = handler
    listener = Recorder(close_after=1)
    api.stream_local(listener, transport="websocket")
    first, second = server.requests_to("/api/v1/streaming")
    assert first.headers["authorization"] == "Bearer sekrit"
    assert second.headers["sec-websocket-protocol"] == "sekrit"
    assert "authorization" not in second.headers
    assert all("sekrit" not in r.target for r in (first, second))
    assert second.query == {"stream": ["public:local"]}
    assert listener.events[0][1].id == "109"


def test_websocket_token_in_the_url_only_as_a_last_resort(server, api):
    def handler(conn):
        if "access_token" not in conn.request.query:
            conn.respond(403, b"", "text/plain")
            return
        peer = conn.accept_websocket()
        peer.send_event(["list", "12"], "update", STATUS)
        peer.recv(WAIT)

    server.routes["/api/v1/streaming"] = handler
    listener = Recorder(close_after=1)
    api.stream_list(12, listener, transport="websocket")
    attempts = server.requests_to("/api/v1/streaming")
    assert len(attempts) == 3
    assert attempts[2].query == {"stream": ["list"], "list": ["12"], "access_token": ["sekrit"]}
    assert listener.events[0][1].id == "109"


def test_websocket_keeps_a_quiet_connection_alive_with_pings(server, api):
    def script(peer, request):
        # Quiet for twice the silence timeout, answering the client's pings.
        deadline = time.monotonic() + 2.0
        while time.monotonic() < deadline:
            peer.recv(0.05)
        peer.send_event(["user"], "update", STATUS)
        peer.recv(WAIT)

    ws_route(server, script)
    listener = Recorder(close_after=1)
    # A ping every third of the silence timeout: a pong may take 0.6 s on a busy machine.
    api.stream_user(listener, transport="websocket", silence_timeout=1.0)
    assert len(server.requests_to("/api/v1/streaming")) == 1  # never timed out
    assert listener.heartbeats >= 2  # the pongs


def test_websocket_silence_times_out_when_pings_go_unanswered(server, api):
    ws_route(server, lambda peer, request: peer.recv(WAIT), answer_pings=False)
    # (The silence timeout also bounds the handshake: 1 s leaves a busy machine margin.)
    with pytest.raises(MastodonReadTimeout):
        api.stream_user(Recorder(), transport="websocket", silence_timeout=1.0)


def test_websocket_close_returns_within_a_second(server, api):
    ended = []
    ws_route(server, lambda peer, request: ended.append(peer.recv(30)))
    handle = api.stream_user(Recorder(), run_async=True, transport="websocket")
    assert handle.is_receiving()
    started = time.monotonic()
    handle.close()
    assert time.monotonic() - started < StreamHandle.CLOSE_WAIT + 2.0
    handle.join(WAIT)  # the server waits 30 s and the silence timeout is 60 s: close() ended it
    assert not handle.is_alive()
    assert _wait_until(lambda: ended) and ended == [None]  # the server saw the client go


def test_websocket_malformed_message(server, api):
    ws_route(server, lambda peer, request: (peer.send_text("{not json"), peer.recv(WAIT)))
    with pytest.raises(MastodonMalformedEventError) as info:
        api.stream_user(Recorder(), transport="websocket")
    assert info.value.raw == "{not json"


def test_websocket_error_message_and_close_frame(server, api):
    def script(peer, request):
        peer.send_text(json.dumps({"error": "Missing access token", "status": 401}))
        peer.send_close(4001, "bye")
        peer.recv(WAIT)

    ws_route(server, script)
    listener = Recorder()
    with pytest.raises(MastodonNetworkError, match="code 4001: bye"):
        api.stream_user(listener, transport="websocket")
    assert listener.ws_errors[0][0].error == "Missing access token"


def test_one_websocket_carries_several_streams(server, api):
    subscribed = threading.Event()
    unsubscribed = threading.Event()

    def script(peer, request):
        while len(peer.received) < 2:
            if peer.recv(WAIT) is None:
                return
        subscribed.set()
        peer.send_event(["hashtag", "cats"], "update", REMOTE_STATUS)
        peer.send_event(["user"], "notification", NOTIFICATION)
        peer.send_event(["user"], "update", STATUS)
        while len(peer.received) < 3:
            if peer.recv(WAIT) is None:
                return
        unsubscribed.set()
        peer.recv(WAIT)

    ws_route(server, script)
    fallback = Recorder()
    handle = api.stream_open_websocket(fallback)
    try:
        user, cats = Recorder(), Recorder()
        user_sub = api.stream_user(user, websocket_handle=handle)
        cats_sub = api.stream_hashtag("Cats", cats, websocket_handle=handle)
        assert isinstance(user_sub, WebSocketSubscription) and user_sub.handle is handle
        assert (user_sub.stream, cats_sub.stream, cats_sub.params) == (
            "user", "hashtag", {"tag": "Cats"})
        assert handle.subscriptions() == [user_sub, cats_sub]
        assert subscribed.wait(WAIT)
        assert user.wait_for(2) and cats.wait_for(1)
        assert [e[0] for e in user.events] == ["notification", "update"]
        assert cats.events[0][1].id == "110"
        assert handle.unsubscribe("hashtag", tag="cats") is handle
        assert unsubscribed.wait(WAIT)
        assert handle.subscriptions() == [user_sub]
        assert not cats_sub.is_alive() and user_sub.is_alive()
    finally:
        handle.close()
    request = server.requests_to("/api/v1/streaming")[0]
    assert request.query == {}  # no stream in the URL: subscriptions are messages
    assert request.headers["authorization"] == "Bearer sekrit"
    assert server.ws_messages == [{"type": "subscribe", "stream": "user"},
                             {"type": "subscribe", "stream": "hashtag", "tag": "Cats"},
                             {"type": "unsubscribe", "stream": "hashtag", "tag": "Cats"}]
    assert fallback.events == []


def test_a_shared_websocket_resubscribes_after_reconnecting(server, api):
    def script(peer, request):
        if peer.recv(WAIT) is None:
            return
        if len(server.requests_to("/api/v1/streaming")) == 1:
            peer.conn.drop()
            return
        peer.send_event(["direct"], "conversation", {"id": "3", "unread": True,
                                                     "accounts": [], "last_status": STATUS})
        peer.recv(WAIT)

    ws_route(server, script)
    conversations, aborts = [], []
    got = threading.Event()
    listener = CallbackStreamListener(conversation_handler=lambda c: (conversations.append(c),
                                                                      got.set()),
                                      abort_handler=aborts.append)
    handle = api.stream_open_websocket(reconnect_async=True, reconnect_async_wait_sec=0.01,
                                       catch_up=False)
    try:
        api.stream_direct(listener, websocket_handle=handle)
        assert got.wait(WAIT)
    finally:
        handle.close()
    assert conversations[0].last_status.created_at.year == 2024
    # Without a listener of its own, the handle reports the drop to the stream's listener.
    assert len(aborts) == 1 and isinstance(aborts[0], MastodonNetworkError)
    assert server.ws_messages == [{"type": "subscribe", "stream": "direct"}] * 2


def test_websocket_handle_must_come_from_stream_open_websocket(server, api):
    with pytest.raises(MastodonIllegalArgumentError, match="stream_open_websocket"):
        api.stream_user(Recorder(), websocket_handle="not a handle")
    assert server.requests == []


# --- listeners -----------------------------------------------------------------------

def test_callback_listener_calls_each_handler(server, api):
    calls = []

    def record(name):
        return lambda *args: calls.append((name, *args))

    listener = CallbackStreamListener(
        update_handler=record("update"), local_update_handler=record("local_update"),
        delete_handler=record("delete"), notification_handler=record("notification"),
        conversation_handler=record("conversation"), unknown_event_handler=record("unknown"),
        status_update_handler=record("status_update"),
        filters_changed_handler=record("filters_changed"),
        announcement_handler=record("announcement"),
        announcement_reaction_handler=record("reaction"),
        announcement_delete_handler=record("announcement_delete"),
        encryted_message_handler=record("encrypted"),
        notifications_merged_handler=record("merged"))
    announcement = {"id": "1", "content": "<p>news</p>", "published_at": "2024-01-01T00:00:00Z"}

    def handler(conn):
        conn.start_sse()
        conn.events([("update", STATUS), ("update", REMOTE_STATUS), ("delete", "109"),
                     ("notification", NOTIFICATION),
                     ("conversation", {"id": "3", "accounts": [], "last_status": STATUS}),
                     ("status.update", STATUS), ("filters_changed", "undefined"),
                     ("announcement", announcement),
                     ("announcement.reaction",
                      {"name": "🐘", "count": 2, "announcement_id": "1"}),
                     ("announcement.delete", "1"), ("encrypted_message", {"id": "9"}),
                     ("notifications_merged", "1"), ("something.new", {"x": 1}),
                     ("update", STATUS)])
        conn.silence(WAIT)

    server.routes["/api/v1/streaming/user"] = handler
    handle = api.stream_user(listener, run_async=True)
    try:
        deadline = time.monotonic() + WAIT
        while len(calls) < 16 and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        handle.close()
    names = [c[0] for c in calls]
    assert names == ["update", "local_update", "update", "delete", "notification", "conversation",
                     "status_update", "filters_changed", "announcement", "reaction",
                     "announcement_delete", "encrypted", "merged", "unknown", "update",
                     "local_update"]
    by_name = {c[0]: c[1:] for c in calls}
    assert by_name["delete"] == ("109",)
    assert by_name["announcement"][0].published_at.year == 2024
    assert by_name["reaction"][0].announcement_id == "1"
    assert by_name["announcement_delete"] == ("1",)
    assert by_name["filters_changed"] == () and by_name["merged"] == ()
    assert by_name["unknown"] == ("something.new", {"x": 1})


def test_on_any_event_sees_every_event_with_its_stream(server, api):
    seen = []

    class Everything(Recorder):
        def on_any_event(self, name, data=None, for_stream=None):
            seen.append((name, for_stream))

    def handler(conn):
        conn.start_sse()
        conn.events([("update", STATUS), ("filters_changed", "undefined"), ("delete", "109")])
        conn.silence(WAIT)

    server.routes["/api/v1/streaming/hashtag"] = handler
    api.stream_hashtag("cats", Everything(close_after=2))
    assert seen == [("update", ["hashtag", "cats"]), ("filters_changed", ["hashtag", "cats"]),
                    ("delete", ["hashtag", "cats"])]


def test_handle_stream_reads_a_response_directly(server, api):
    def handler(conn):
        conn.start_sse()
        conn.events([("update", STATUS), ("delete", "109")])
        conn.end()

    server.routes["/api/v1/streaming/public"] = handler
    listener = Recorder()
    response = api._api_request("GET", "/api/v1/streaming/public", stream=True)
    assert listener.handle_stream(response) is None  # returns where the body ends
    assert [e[0] for e in listener.events] == ["update", "delete"]
    assert listener.events[1][1] == "109" and listener.aborts == []
    assert response.raw.closed


def test_handle_websocket_message():
    listener = Recorder()
    listener.handle_websocket_message(json.dumps(
        {"stream": ["public"], "event": "update", "payload": json.dumps(STATUS)}))
    listener.handle_websocket_message(json.dumps(
        {"stream": ["public"], "event": "delete", "payload": "109"}))
    listener.handle_websocket_message(json.dumps({"error": "Unknown stream type", "status": 400}))
    assert listener.events[0][1].created_at.year == 2024
    assert listener.events[1] == ("delete", "109")
    assert listener.ws_errors[0][0].status == 400
    with pytest.raises(MastodonMalformedEventError):
        listener.handle_websocket_message(
            '{"stream": ["public"], "event": "update", "payload": "{"}')


def test_stream_handle_repr_names_its_streams(server, api):
    def handler(conn):
        conn.start_sse()
        conn.silence(WAIT)

    server.routes["/api/v1/streaming/list"] = handler
    handle = api.stream_list({"id": "12"}, Recorder(), run_async=True)
    try:
        assert isinstance(handle, StreamHandle)
        assert "list:12" in repr(handle) and "receiving" in repr(handle)
        assert server.requests_to("/api/v1/streaming/list")[0].query == {"list": ["12"]}
    finally:
        handle.close()
    assert "closed" in repr(handle)
