"""Streaming events: the one table of the events Mastodon's streaming API sends, what a
reader makes of the wire (raw events, heartbeats, bad input, a WebSocket server's error
messages), and how an event's payload becomes what a listener gets.

Everything that depends on which events exist follows from :data:`EVENTS`: how each
payload is parsed, which :class:`~mastodon.StreamListener` method receives it, and which
:class:`~mastodon.CallbackStreamListener` handler it goes to.
"""

import enum
import json
from typing import Any, Final, Literal, NamedTuple, TypeAlias

from .._results import MastodonId, parse_json
from ..errors import MastodonMalformedEventError

__all__ = ["EVENTS", "Event", "PayloadKind", "malformed_event_error"]

#: What an event's data holds: a JSON object, a bare ID, any JSON value, or nothing.
PayloadKind: TypeAlias = Literal["object", "id", "json", "none"]


class Event(NamedTuple):
    """One kind of event the streaming API sends."""

    name: str  # as the server names it: "status.update"
    method: str  # the StreamListener method that receives it
    payload: PayloadKind
    handler: str  # the CallbackStreamListener parameter (and attribute) for it


#: Every event this library knows, in the order of CallbackStreamListener's parameters.
EVENTS: Final = (
    Event("update", "on_update", "object", "update_handler"),
    Event("delete", "on_delete", "id", "delete_handler"),
    Event("notification", "on_notification", "object", "notification_handler"),
    Event("conversation", "on_conversation", "object", "conversation_handler"),
    Event("status.update", "on_status_update", "object", "status_update_handler"),
    Event("filters_changed", "on_filters_changed", "none", "filters_changed_handler"),
    Event("announcement", "on_announcement", "object", "announcement_handler"),
    Event("announcement.reaction", "on_announcement_reaction", "object",
          "announcement_reaction_handler"),
    Event("announcement.delete", "on_announcement_delete", "id", "announcement_delete_handler"),
    # The handler keeps the spelling of the library this one replaces.
    Event("encrypted_message", "on_encrypted_message", "json", "encryted_message_handler"),
    Event("notifications_merged", "on_notifications_merged", "none",
          "notifications_merged_handler"),
)

# Event name -> what its payload is (one lookup on the hot path).
_PAYLOAD_KINDS: Final[dict[str, PayloadKind]] = {e.name: e.payload for e in EVENTS}
# Event name -> (listener method, whether it takes the payload).
_METHODS: Final[dict[str, tuple[str, bool]]] = {
    e.name: (e.method, e.payload != "none") for e in EVENTS}


# --- what a reader yields ---------------------------------------------------------------

class _Marker(enum.Enum):
    HEARTBEAT = "heartbeat"


#: A sign of life without an event: an SSE comment line, a WebSocket ping or pong.
_HEARTBEAT: Final = _Marker.HEARTBEAT


class _RawEvent:
    """An event as read from the wire, before its payload is parsed."""

    __slots__ = ("name", "data", "raw", "stream")

    def __init__(self, name: str, data: bytes | str | None, raw: list[bytes] | str | None,
                 stream: list[Any] | None = None) -> None:
        self.name = name
        self.data = data  # bytes (SSE) or str (WebSocket) or None
        # The raw SSE lines, or the WebSocket message; None for an SSE event of the two
        # lines Mastodon writes ("event: NAME", "data: DATA"), rebuilt only for an error.
        self.raw = raw
        self.stream = stream

    @property
    def raw_text(self) -> str:
        raw = self.raw
        if raw is None:
            data = self.data
            text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data or ""
            return f"event: {self.name}\ndata: {text}"
        if isinstance(raw, list):
            return b"\n".join(raw).decode("utf-8", "replace")
        return raw


class _BadInput:
    """Input that is not a valid event; becomes a MastodonMalformedEventError."""

    __slots__ = ("reason", "raw")

    def __init__(self, reason: str, raw: bytes | str) -> None:
        self.reason = reason
        self.raw = raw

    def error(self) -> MastodonMalformedEventError:
        raw = self.raw.decode("utf-8", "replace") if isinstance(self.raw, bytes) else self.raw
        return malformed_event_error(self.reason, raw)


class _WsError:
    """An error message a WebSocket streaming server sent."""

    __slots__ = ("error", "stream")

    def __init__(self, error: Any, stream: list[Any] | None) -> None:
        self.error = error
        self.stream = stream


#: What a Server-Sent Events reader yields.
SSEItem: TypeAlias = _RawEvent | _BadInput | _Marker
#: What any connection yields.
Item: TypeAlias = _RawEvent | _BadInput | _WsError | _Marker


def malformed_event_error(reason: str, raw: str) -> MastodonMalformedEventError:
    """A :class:`MastodonMalformedEventError` carrying the raw input (``err.raw``)."""
    shown = raw if len(raw) <= 500 else raw[:500] + "..."
    err = MastodonMalformedEventError(f"malformed streaming event ({reason}): {shown!r}", raw)
    err.raw = raw  # type: ignore[attr-defined]  # the error class declares no fields
    return err


def _parse_payload(event: _RawEvent) -> Any:
    """The payload of an event as the listener gets it (parsed JSON, an ID or None)."""
    kind = _PAYLOAD_KINDS.get(event.name)  # None: an event this library does not know
    if kind == "none":
        return None
    data = event.data
    if isinstance(data, bytes):
        try:
            text: str | None = data.decode("utf-8")
        except UnicodeDecodeError:
            raise malformed_event_error("payload is not UTF-8", event.raw_text) from None
    else:
        text = data
    if kind == "id":
        value = (text or "").strip()
        if value.startswith('"'):
            try:
                value = json.loads(value)
            except ValueError:
                raise malformed_event_error("bad ID", event.raw_text) from None
        if not isinstance(value, str) or not value or any(c.isspace() for c in value):
            raise malformed_event_error("bad ID", event.raw_text)
        return MastodonId(value)
    if not text or text.isspace():  # (strip() would copy every payload to find out)
        if kind is not None:
            raise malformed_event_error(f"{event.name} event without data", event.raw_text)
        return None
    if kind is None and text.strip() == "undefined":
        return None  # how Mastodon's streaming server writes an event without a payload
    try:
        parsed = parse_json(text)
    except ValueError:
        raise malformed_event_error("payload is not valid JSON", event.raw_text) from None
    if kind == "object" and not isinstance(parsed, dict):
        raise malformed_event_error("payload is not a JSON object", event.raw_text)
    return parsed
