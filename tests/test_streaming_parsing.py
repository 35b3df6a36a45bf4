"""The streaming read path per event: the SSE parser's shortcut for the events Mastodon
writes (``event: NAME``, one ``data:`` line, a blank line) gives exactly what reading
line by line gives, wherever the chunks are cut; an event read through the shortcut
reports its raw lines like any other when it is malformed; and the listener's
``on_any_event`` gets the stream of each event as a list of its own."""

import json

import pytest

from mastodon import (
    AttribAccessDict,
    Mastodon,
    MastodonId,
    MastodonMalformedEventError,
    StreamListener,
)
from mastodon.streaming import SSEParser
from mastodon.streaming.events import _HEARTBEAT, _BadInput

from .sse_server import STATUS, StreamServer, sse

WAIT = 5.0

STATUS_JSON = json.dumps(STATUS, ensure_ascii=False).encode()

# Events the shortcut takes, next to every shape that must go line by line: a comment
# before an event, ignored fields, several data lines, "data:" without its space, a name
# with two spaces, a name this library does not know, an empty name, a name without data,
# blank lines in a row, a name that is not UTF-8, a line that is not SSE, and an event
# whose blank line has not arrived.
MIXED = (b"event: update\ndata: " + STATUS_JSON + b"\n\n"
         + b":thump\nevent: delete\ndata: 109\n\n"
         + b"event: update\ndata: " + STATUS_JSON + b"\n\n"
         + b"id: 5\nevent: notification\ndata: {\"id\": \"7\"}\n\n"
         + b"event: notification\ndata: {\"id\": \"8\",\ndata:  \"type\": \"mention\"}\n\n"
         + b"event: delete\ndata:110\n\n"
         + b"event:  delete\ndata: 111\n\n"
         + b"event: do.something\ndata: {\"x\": 1}\n\n"
         + b"event: \ndata: 112\n\n"
         + b"event: update\n\n"
         + b"\n\n\n"
         + b"event: status.update\ndata: " + STATUS_JSON + b"\n\n"
         + b"event: \xff\xfe\ndata: 1\n\n"
         + b"event: update\n<html>oops</html>\n\n"
         + b"event: filters_changed\ndata: undefined\n\n"
         + b"event: delete\ndata: 113\n")  # no blank line yet: not complete


def items(parser, pieces):
    """What the parser makes of ``pieces``, as comparable tuples (raw input included)."""
    out = []
    for piece in pieces:
        out.extend(parser.feed(piece))
    return [described(item) for item in out]


def described(item):
    if item is _HEARTBEAT:
        return ("heartbeat",)
    if isinstance(item, _BadInput):
        return ("bad", item.reason, item.raw)
    return ("event", item.name, item.data, item.raw_text)


def line_by_line(stream):
    """The reference: one byte per chunk, so every line ends in a chunk of its own and
    the parser reads every line on its own, the shortcut never taken."""
    return items(SSEParser(), [stream[i:i + 1] for i in range(len(stream))])


def test_the_mastodon_shape_gives_what_reading_line_by_line_gives():
    expected = line_by_line(MIXED)
    assert items(SSEParser(), [MIXED]) == expected
    names = [item[1] for item in expected if item[0] == "event"]
    assert names == ["update", "delete", "update", "notification", "notification", "delete",
                     " delete", "do.something", "update", "status.update", "filters_changed"]
    assert [item[1] for item in expected if item[0] == "bad"] == [
        "event without a name", "event name is not UTF-8",
        "event without a name",  # the data after the name that was not UTF-8
        "not a Server-Sent Events line"]
    assert expected.count(("heartbeat",)) == 1
    first = expected[0]
    assert first == ("event", "update", STATUS_JSON,
                     "event: update\ndata: " + STATUS_JSON.decode())


def test_the_same_items_wherever_the_stream_is_cut():
    expected = line_by_line(MIXED)
    for cut in range(1, len(MIXED)):
        assert items(SSEParser(), [MIXED[:cut], MIXED[cut:]]) == expected, cut


def test_the_same_items_for_every_pair_of_cuts_around_one_event():
    # Two Mastodon events after a comment: every pair of cut points, so a chunk may
    # hold no line end at all, or start or end anywhere in an event.
    stream = b":thump\nevent: update\ndata: {\"id\": \"1\"}\n\nevent: delete\ndata: 2\n\n"
    expected = line_by_line(stream)
    assert [item[1] for item in expected[1:]] == ["update", "delete"]
    for first in range(1, len(stream)):
        for second in range(first, len(stream)):
            pieces = [stream[:first], stream[first:second], stream[second:]]
            assert items(SSEParser(), pieces) == expected, (first, second)


def test_an_event_waits_for_its_blank_line():
    parser = SSEParser()
    assert parser.feed(b"event: update\ndata: {\"id\": \"1\"}\n") == []
    out = parser.feed(b"\n")
    assert [described(item)[:3] for item in out] == [("event", "update", b'{"id": "1"}')]


def test_a_line_longer_than_the_limit_is_reported_after_the_events_before_it(monkeypatch):
    monkeypatch.setattr(SSEParser, "MAX_LINE", 100)
    parser = SSEParser()
    out = parser.feed(b"event: delete\ndata: 1\n\nevent: update\ndata: " + b"x" * 200)
    assert [described(item)[:2] for item in out] == [("event", "delete"), ("bad", "line too long")]
    # The rest of that line is dropped with it; the stream goes on after its end.
    assert parser.feed(b"x" * 50 + b"\n\nevent: delete\ndata: 2\n\n")[-1].data == b"2"


class Body:
    """Not a requests response: only iter_content, as handle_stream accepts."""

    def __init__(self, data, size):
        self.data = data
        self.size = size

    def iter_content(self, chunk_size):
        for i in range(0, len(self.data), self.size):
            yield self.data[i:i + self.size]


class Updates(StreamListener):
    def __init__(self):
        self.updates = []
        self.any_events = []

    def on_update(self, status):
        self.updates.append(status)

    def on_any_event(self, name, data=None, for_stream=None):
        self.any_events.append((name, for_stream))


@pytest.mark.parametrize("size", [1, 7, 64, 1 << 20])
def test_a_malformed_payload_read_through_the_shortcut_shows_its_raw_lines(size):
    stream = b"event: update\ndata: " + STATUS_JSON + b"\n\nevent: update\ndata: {\"id\": 1,\n\n"
    listener = Updates()
    with pytest.raises(MastodonMalformedEventError) as caught:
        listener.handle_stream(Body(stream, size))
    assert caught.value.raw == 'event: update\ndata: {"id": 1,'
    assert "payload is not valid JSON" in str(caught.value)
    assert [status.id for status in listener.updates] == [STATUS["id"]]


def test_a_payload_that_is_not_utf8_shows_its_raw_lines_whole():
    listener = Updates()
    with pytest.raises(MastodonMalformedEventError) as caught:
        listener.handle_stream(Body(b"event: update\ndata: {\"a\": \"\xff\"}\n\n", 1 << 20))
    assert "payload is not UTF-8" in str(caught.value)
    assert caught.value.raw == 'event: update\ndata: {"a": "\ufffd"}'


@pytest.mark.parametrize("blank", [" ", "   ", "\t", "\u00a0", "\u3000 "],
                         ids=["space", "spaces", "tab", "no-break space", "ideographic space"])
def test_a_payload_of_whitespace_is_no_payload(blank):
    data = blank.encode()
    # A known event needs one: malformed. An event this library does not know gets None.
    listener = Updates()
    with pytest.raises(MastodonMalformedEventError) as caught:
        listener.handle_stream(Body(b"event: update\ndata: " + data + b"\n\n", 1 << 20))
    assert "update event without data" in str(caught.value)
    unknown = []

    class Unknown(Updates):
        def on_unknown_event(self, name, payload=None):
            unknown.append((name, payload))

    Unknown().handle_stream(Body(b"event: do.something\ndata: " + data + b"\n\n"
                                 + b"event: do.something\ndata: 1\n\n", 1 << 20))
    assert unknown == [("do.something", None), ("do.something", 1)]


@pytest.fixture
def server():
    scripted = StreamServer().start()
    try:
        yield scripted
    finally:
        scripted.stop()


def test_on_any_event_gets_the_stream_as_a_list_of_its_own_per_event(server):
    class Keeps(Updates):
        def on_any_event(self, name, data=None, for_stream=None):
            super().on_any_event(name, data, for_stream)
            for_stream.append("changed by the listener")  # must not reach the next event
            if len(self.any_events) == 3:
                self.close_stream()

    def handler(conn):
        conn.start_sse()
        conn.send(sse("update", STATUS) * 3)
        conn.silence(WAIT)

    server.routes["/api/v1/streaming/hashtag"] = handler
    api = Mastodon(access_token="t", api_base_url=server.url, mastodon_version="4.5.0")
    listener = Keeps()
    api.stream_hashtag("python", listener)
    assert [name for name, _ in listener.any_events] == ["update"] * 3
    assert [stream[:2] for _, stream in listener.any_events] == [["hashtag", "python"]] * 3
    assert all(isinstance(status, AttribAccessDict) for status in listener.updates)


def test_an_on_any_event_set_on_the_instance_is_called(server):
    def handler(conn):
        conn.start_sse()
        conn.send(sse("update", STATUS) * 2)
        conn.end()

    server.routes["/api/v1/streaming/user"] = handler
    api = Mastodon(access_token="t", api_base_url=server.url, mastodon_version="4.5.0")
    seen = []
    listener = StreamListener()
    listener.on_any_event = lambda name, data=None, for_stream=None: seen.append(
        (name, data.id, for_stream))
    with pytest.raises(Exception, match="ended the stream"):
        api.stream_user(listener)
    assert seen == [("update", STATUS["id"], ["user"])] * 2


# --- WebSocket messages, with either JSON parser ----------------------------------------

def _parsers():
    from mastodon import _json

    names = ["json"]
    try:
        previous = _json.use("msgspec")
    except ImportError:
        return names
    _json.use(previous)
    return ["msgspec", *names]


@pytest.fixture(params=_parsers())
def parser_in_use(request):
    from mastodon import _json

    previous = _json.use(request.param)
    try:
        yield request.param
    finally:
        _json.use(previous)


def typed(value):
    """A value with the class of every part, to compare results exactly."""
    if isinstance(value, dict):
        return (type(value), {key: typed(item) for key, item in value.items()})
    if isinstance(value, list):
        return (type(value), [typed(item) for item in value])
    return (type(value), value)


class Messages(StreamListener):
    def __init__(self):
        self.seen = []

    def on_any_event(self, name, data=None, for_stream=None):
        self.seen.append((name, typed(data), for_stream))

    def on_websocket_error(self, error, for_stream=None):
        self.seen.append(("error", typed(error), for_stream))


WS_MESSAGES = [
    json.dumps({"stream": ["user"], "event": "update", "payload": json.dumps(STATUS)}),
    # A server that does not encode the payload a second time.
    json.dumps({"stream": ["user"], "event": "update", "payload": STATUS}).encode(),
    # What only the standard library reads (NaN), and an integer beyond 64 bits, around
    # the payload: the message still gives its event.
    '{"stream": ["hashtag", "python"], "event": "delete", "payload": "109", "x": NaN}',
    '{"stream": "public", "event": "delete", "payload": "110", "n": 123456789012345678901234567890}',
    '{"error": "Unknown stream type", "status": 400, "stream": ["bogus"]}',
]


def test_websocket_messages_give_the_same_events_with_either_parser(parser_in_use):
    listener = Messages()
    for message in WS_MESSAGES:
        listener.handle_websocket_message(message)
    with_this_parser = listener.seen
    status = with_this_parser[0][1]
    assert issubclass(status[0], AttribAccessDict) and status[1]["id"] == (MastodonId, STATUS["id"])
    assert with_this_parser[1] == with_this_parser[0]
    assert [item[0] for item in with_this_parser] == ["update", "update", "delete", "delete",
                                                     "error"]
    assert with_this_parser[2][1:] == ((MastodonId, "109"), ["hashtag", "python"])
    assert with_this_parser[3][1:] == ((MastodonId, "110"), ["public"])
    assert with_this_parser[4][1][1]["error"] == (str, "Unknown stream type")
    from mastodon import _json

    other = "json" if parser_in_use != "json" else None
    if other is not None:
        _json.use(other)
        reference = Messages()
        for message in WS_MESSAGES:
            reference.handle_websocket_message(message)
        assert reference.seen == with_this_parser


def test_a_websocket_message_that_is_not_json_is_malformed_with_either_parser(parser_in_use):
    with pytest.raises(MastodonMalformedEventError, match="message is not valid JSON") as caught:
        Messages().handle_websocket_message('{"event": "update", "payload": "{}"')
    assert caught.value.raw == '{"event": "update", "payload": "{}"'
