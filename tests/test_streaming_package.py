"""The streaming package as one piece: the event table drives CallbackStreamListener, a
refused handshake gives the same error on both transports, and the package installs."""

import inspect
import pkgutil
import tomllib
from pathlib import Path

import pytest

import mastodon
from mastodon import (
    CallbackStreamListener,
    Mastodon,
    MastodonAPIError,
    MastodonId,
    MastodonNetworkError,
    MastodonServiceUnavailableError,
    StreamListener,
)
from mastodon.streaming.events import EVENTS

from .sse_server import NOTIFICATION, STATUS, StreamServer

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def server():
    """The scripted streaming server; the instance names it as the streaming server."""
    scripted = StreamServer().start()
    scripted.routes["/api/v1/instance"] = lambda c: c.respond(
        200, {"version": "4.5.0", "urls": {"streaming_api": scripted.url.replace("http", "ws")}})
    try:
        yield scripted
    finally:
        scripted.stop()


@pytest.fixture
def api(server):
    return Mastodon(access_token="sekrit", api_base_url=server.url, mastodon_version="4.5.0")


# --- CallbackStreamListener follows the event table ---------------------------------------

CONVERSATION = {"id": "3", "unread": True, "accounts": [], "last_status": STATUS}
ANNOUNCEMENT = {"id": "8", "content": "<p>maintenance</p>", "published_at": "2024-05-01T09:00:00Z"}
REACTION = {"name": "👍", "count": 2, "announcement_id": "8"}
# What the server sends for each event of the table, by payload kind and name.
WIRE = {"update": STATUS, "status.update": STATUS, "delete": "109", "notification": NOTIFICATION,
        "conversation": CONVERSATION, "filters_changed": "undefined", "announcement": ANNOUNCEMENT,
        "announcement.reaction": REACTION, "announcement.delete": "8",
        "encrypted_message": {"id": "1", "body": "opaque"}, "notifications_merged": "undefined"}


def test_every_event_of_the_table_reaches_its_callback_handler(server, api):
    assert set(WIRE) == {event.name for event in EVENTS}  # a new event needs a line here

    def handler(conn):
        conn.start_sse()
        for event in EVENTS:
            conn.event(event.name, WIRE[event.name])
        conn.event("do.something", {"a": 1})
        conn.end()

    server.routes["/api/v1/streaming/user"] = handler
    calls = []
    handlers = {event.handler: (lambda *args, name=event.handler: calls.append((name, args)))
                for event in EVENTS}
    listener = CallbackStreamListener(
        **handlers, local_update_handler=lambda status: calls.append(("local", (status,))),
        unknown_event_handler=lambda name, payload: calls.append(("unknown", (name, payload))),
        abort_handler=lambda err: calls.append(("abort", (err,))))
    with pytest.raises(MastodonNetworkError, match="ended the stream"):
        api.stream_user(listener)

    got = dict(calls[:2])
    assert got["update_handler"][0].id == "109" and got["local"][0].id == "109"
    by_handler = dict(calls[2:])
    assert by_handler["delete_handler"] == (MastodonId("109"),)
    assert isinstance(by_handler["delete_handler"][0], MastodonId)
    assert by_handler["notification_handler"][0].status.id == "109"
    assert by_handler["conversation_handler"][0].last_status.content == "<p>héllo 🐘</p>"
    assert by_handler["status_update_handler"][0].id == "109"
    assert by_handler["filters_changed_handler"] == ()  # called without arguments
    assert by_handler["announcement_handler"][0].published_at.year == 2024
    assert by_handler["announcement_reaction_handler"][0].count == 2
    assert by_handler["announcement_delete_handler"] == (MastodonId("8"),)
    assert by_handler["encryted_message_handler"] == ({"id": "1", "body": "opaque"},)
    assert by_handler["notifications_merged_handler"] == ()
    assert by_handler["unknown"] == ("do.something", {"a": 1})
    assert "abort" not in dict(calls)  # a blocking stream raises its end instead


def test_callback_methods_take_their_payload_under_mastodon_py_names():
    deleted, updated = [], []
    listener = CallbackStreamListener(delete_handler=deleted.append,
                                      status_update_handler=updated.append)
    listener.on_delete(deleted_id=MastodonId("5"))
    listener.on_status_update(status={"id": "6"})
    assert deleted == ["5"] and updated == [{"id": "6"}]
    with pytest.raises(TypeError):
        listener.on_delete(status_id="5")  # StreamListener's name, not this class's
    for event in EVENTS:
        method = getattr(CallbackStreamListener, event.method)
        base = getattr(StreamListener, event.method)
        names = list(inspect.signature(method).parameters)
        expected = list(inspect.signature(base).parameters)
        if event.name == "delete":
            expected = ["self", "deleted_id"]
        assert names == expected, event.method
        assert method.__qualname__ == f"CallbackStreamListener.{event.method}"
        assert event.handler in method.__doc__ or event.name == "update"
        # Without a handler, an event is ignored.
        getattr(CallbackStreamListener(), event.method)(*(["x"] if len(names) > 1 else []))


# --- one error constructor for both handshakes ---------------------------------------------

@pytest.mark.parametrize("status, body, error_class, error, shown", [
    (403, {"error": "This action is outside the authorized scopes",
           "error_description": "it needs read:statuses"}, MastodonAPIError,
     "This action is outside the authorized scopes", "it needs read:statuses"),
    (503, {"detail": "down for maintenance"}, MastodonServiceUnavailableError,
     "down for maintenance", "down for maintenance"),
])
def test_a_refused_handshake_gives_the_same_error_on_both_transports(server, api, status, body,
                                                                     error_class, error, shown):
    pytest.importorskip("websocket")
    server.routes["/api/v1/streaming/user"] = lambda c: c.respond(status, body)
    server.routes["/api/v1/streaming"] = lambda c: c.respond(status, body)
    with pytest.raises(MastodonAPIError) as sse:
        api.stream_user(StreamListener(), transport="sse")
    with pytest.raises(MastodonAPIError) as ws:
        api.stream_user(StreamListener(), transport="websocket")
    for info in (sse, ws):
        assert type(info.value) is error_class
        assert (info.value.status_code, info.value.error) == (status, error)
        assert shown in str(info.value)
    assert str(sse.value).startswith(f"GET /api/v1/streaming/user failed with HTTP {status}")
    ws_url = server.url.replace("http", "ws") + "/api/v1/streaming?stream=user"
    assert str(ws.value).startswith(f"WebSocket {ws_url} failed with HTTP {status}")
    assert "sekrit" not in str(ws.value)  # the token tried in the URL is not shown


# --- packaging -------------------------------------------------------------------------------

def test_every_subpackage_is_listed_for_installation():
    with open(ROOT / "pyproject.toml", "rb") as config:
        listed = set(tomllib.load(config)["tool"]["setuptools"]["packages"])
    packages = {"mastodon"} | {info.name for info in
                               pkgutil.walk_packages(mastodon.__path__, "mastodon.") if info.ispkg}
    assert "mastodon.streaming" in packages
    assert listed == packages
