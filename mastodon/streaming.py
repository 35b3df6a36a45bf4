"""Streaming: the listeners, the Server-Sent Events and WebSocket readers, and the
handle that keeps a stream running, reconnects it and catches up on what it missed.

A stream is described by one or more subscriptions (``user``, ``public:local``,
``hashtag`` with a tag, ...). A :class:`StreamHandle` opens a connection for them over
Server-Sent Events or WebSocket, reads events from it and hands them to the listener.
In the background (``run_async=True``) one thread per handle does the reading; nothing
else runs in the background: silence is noticed through socket timeouts, and
:meth:`StreamHandle.close` shuts the socket down to wake a blocked read at once.

With reconnecting and catch-up on, each subscription remembers the newest status,
notification or conversation it delivered. After a reconnect it asks the REST API for
what came after those (``min_id`` paging, oldest first), delivers it, and only then reads
the new connection, skipping anything it already delivered.
"""

import collections
import http.client
import json
import logging
import re
import socket
import threading
import time
import weakref
from urllib.parse import quote, urlencode

import requests
import urllib3.exceptions

from . import _policy
from ._results import MastodonId, parse_json
from .errors import (
    MastodonAPIError,
    MastodonError,
    MastodonIllegalArgumentError,
    MastodonMalformedEventError,
    MastodonNetworkError,
    MastodonReadTimeout,
    MastodonVersionError,
    api_error_class,
)

__all__ = ["StreamListener", "CallbackStreamListener", "StreamHandle", "SSEStreamHandle",
           "WebSocketStreamHandle", "WebSocketSubscription"]

log = logging.getLogger("mastodon")

# Event name -> (listener method, whether it takes the payload).
_HANDLERS = {
    "update": ("on_update", True),
    "status.update": ("on_status_update", True),
    "delete": ("on_delete", True),
    "notification": ("on_notification", True),
    "conversation": ("on_conversation", True),
    "filters_changed": ("on_filters_changed", False),
    "announcement": ("on_announcement", True),
    "announcement.reaction": ("on_announcement_reaction", True),
    "announcement.delete": ("on_announcement_delete", True),
    "encrypted_message": ("on_encrypted_message", True),
    "notifications_merged": ("on_notifications_merged", False),
}
# Events whose payload is a bare ID, and events whose payload means nothing.
_ID_EVENTS = frozenset({"delete", "announcement.delete"})
_NO_PAYLOAD_EVENTS = frozenset({"filters_changed", "notifications_merged"})
# Events whose payload must be a JSON object.
_OBJECT_EVENTS = frozenset({"update", "status.update", "notification", "conversation",
                            "announcement", "announcement.reaction"})

WEBSOCKET_EXTRA_HINT = ("WebSocket streaming needs the websocket-client package; install it "
                        "with the 'websocket' extra: pip install 'mastodon[websocket]'")


# --- listeners -----------------------------------------------------------------------

# Which handles deliver to which listener, so StreamListener.close_stream can reach them.
_active_lock = threading.Lock()
_active_handles = weakref.WeakKeyDictionary()


class StreamListener:
    """Receives the events of a stream: subclass it and override the ``on_*`` methods
    for the events you care about; the others do nothing.

    Payloads are parsed like REST results: statuses, notifications and conversations
    are :class:`~mastodon.AttribAccessDict` with ``datetime`` dates and
    :class:`~mastodon.MastodonId` IDs; a delete gives the ID of what was deleted.
    """

    def on_update(self, status):
        """A new status appeared on the stream (a toot dict)."""

    def on_status_update(self, status):
        """A status on the stream was edited; ``status`` is its new version (a toot dict)."""

    def on_delete(self, status_id):
        """A status was deleted; ``status_id`` is its ID."""

    def on_notification(self, notification):
        """A new notification arrived for the user (a notification dict)."""

    def on_conversation(self, conversation):
        """A direct conversation got a new message (a conversation dict)."""

    def on_filters_changed(self):
        """The user changed their filters; cached filters should be fetched again."""

    def on_announcement(self, annoucement):
        """The server published an announcement (an announcement dict). The parameter
        keeps the spelling of the library this one replaces."""

    def on_announcement_reaction(self, reaction):
        """Someone reacted to an announcement: a dict with ``name``, ``count`` and
        ``announcement_id``."""

    def on_announcement_delete(self, annoucement_id):
        """An announcement was withdrawn; the parameter is its ID."""

    def on_encrypted_message(self, unclear):
        """An end-to-end encrypted message event arrived (an experimental Mastodon
        feature); the parameter is its payload as sent."""

    def on_notifications_merged(self):
        """Notifications from accepted notification requests were merged in; the
        notification list should be fetched again."""

    def on_unknown_event(self, name, unknown_event=None):
        """An event this library does not know arrived: ``name`` is its name,
        ``unknown_event`` its payload, parsed as JSON (``None`` when it has none).

        A listener may instead define a method for such an event, named ``on_`` and the
        event's name with dots as underscores (``on_do_something`` for
        ``do.something``): it gets the payload, and this method is not called."""

    def on_any_event(self, name, data=None, for_stream=None):
        """Called for every event, before the event's own method: ``name`` is the event
        name, ``data`` its parsed payload, ``for_stream`` the stream it belongs to as a
        list (``["user"]``, ``["hashtag", "python"]``, ...)."""

    def on_abort(self, err):
        """A stream's connection failed with ``err`` (a :class:`~mastodon.MastodonError`).

        For a background stream, with reconnecting on, the stream then reconnects
        unless the error is permanent (such as a revoked token). For
        :meth:`handle_stream`, ``err`` is raised once this method returns.

        By default the error is logged (logger ``mastodon``).
        """
        log.warning("streaming connection failed: %s", err)

    def on_websocket_error(self, error, for_stream=None):
        """A WebSocket stream reported an error for one subscription (for instance an
        unknown stream or a missing permission): ``error`` is the server's dict with
        ``error`` (the message) and usually ``status``.

        By default the error is logged (logger ``mastodon``).
        """
        log.warning("streaming server reported an error for %s: %s", for_stream, error)

    def handle_heartbeat(self):
        """The server showed the connection is alive (an SSE comment line, or a
        WebSocket ping or pong) without sending an event."""

    def handle_stream(self, response):
        """Read a Server-Sent Events stream and call this listener for each event.

        ``response`` is a ``requests.Response`` opened with ``stream=True``, read in
        chunks as they arrive, or any object with ``iter_content(chunk_size)`` giving the
        body as bytes (a test double, another library's response). Returns when the body
        ends. Raises :class:`~mastodon.MastodonMalformedEventError` for an event that
        cannot be parsed (the raw lines are in the error) and
        :class:`~mastodon.MastodonNetworkError` (or :class:`~mastodon.MastodonReadTimeout`)
        when the connection breaks; :meth:`on_abort` gets the error first. Either way
        the response is closed (when it has ``close()``), so its connection goes back to
        the session.
        """
        items = _read_sse(response)
        try:
            while True:
                try:
                    item = next(items, None)
                    if item is None:
                        return
                    if item is _HEARTBEAT:
                        payload = None
                    elif isinstance(item, _BadInput):
                        raise item.error()
                    else:
                        payload = _parse_payload(item.name, item.data, item.raw_text)
                except (MastodonMalformedEventError, MastodonNetworkError) as err:
                    self.on_abort(err)
                    raise
                # The listener's own methods run outside: their errors are theirs.
                if item is _HEARTBEAT:
                    self.handle_heartbeat()
                else:
                    _dispatch(self, item.name, payload, None)
        finally:
            items.close()
            close = getattr(response, "close", None)
            if close is not None:
                close()

    def handle_websocket_message(self, message):
        """Handle one WebSocket text message from Mastodon's streaming API (a JSON object
        with ``stream``, ``event`` and ``payload``, as text or already decoded into a
        dict) and call this listener for it.

        Raises :class:`~mastodon.MastodonMalformedEventError` when the message cannot be
        parsed.
        """
        item = _parse_ws_message(message)
        if isinstance(item, _BadInput):
            raise item.error()
        if isinstance(item, _WsError):
            self.on_websocket_error(item.error, item.stream)
            return
        _dispatch(self, item.name, _parse_payload(item.name, item.data, item.raw_text),
                  item.stream)

    def close_stream(self):
        """Close every stream that delivers to this listener. A blocking ``stream_*``
        call then returns; a background one stops. May be called from an event handler
        or from any other thread. A shared WebSocket connection is closed as a whole."""
        with _active_lock:
            handles = list(_active_handles.get(self, ()))
        for handle in handles:
            handle.close()


class CallbackStreamListener(StreamListener):
    """A listener that calls plain functions: pass a function for each kind of event you
    want (each gets the event's payload, as the matching :class:`StreamListener` method
    describes). Events without a function are ignored.

    ``local_update_handler`` is called, after ``update_handler``, for new statuses
    posted by accounts of the streaming server itself (their ``acct`` has no domain).
    ``unknown_event_handler`` gets ``(name, payload)``. ``encryted_message_handler``
    keeps the spelling of the library this one replaces. ``stream_error_handler`` gets
    ``(error, for_stream)`` when a WebSocket server reports an error for a stream (see
    :meth:`StreamListener.on_websocket_error`; without it the error is logged).
    ``abort_handler`` gets the error when a stream's connection fails (see
    :meth:`StreamListener.on_abort`; without it the error is logged).
    """

    def __init__(self, update_handler=None, local_update_handler=None, delete_handler=None,
                 notification_handler=None, conversation_handler=None,
                 unknown_event_handler=None, status_update_handler=None,
                 filters_changed_handler=None, announcement_handler=None,
                 announcement_reaction_handler=None, announcement_delete_handler=None,
                 encryted_message_handler=None, notifications_merged_handler=None,
                 stream_error_handler=None, abort_handler=None):
        self.update_handler = update_handler
        self.local_update_handler = local_update_handler
        self.delete_handler = delete_handler
        self.notification_handler = notification_handler
        self.conversation_handler = conversation_handler
        self.unknown_event_handler = unknown_event_handler
        self.status_update_handler = status_update_handler
        self.filters_changed_handler = filters_changed_handler
        self.announcement_handler = announcement_handler
        self.announcement_reaction_handler = announcement_reaction_handler
        self.announcement_delete_handler = announcement_delete_handler
        self.encryted_message_handler = encryted_message_handler
        self.notifications_merged_handler = notifications_merged_handler
        self.stream_error_handler = stream_error_handler
        self.abort_handler = abort_handler

    def on_update(self, status):
        """Call ``update_handler``, then ``local_update_handler`` for a local status."""
        if self.update_handler is not None:
            self.update_handler(status)
        if self.local_update_handler is not None and _is_local(status):
            self.local_update_handler(status)

    def on_status_update(self, status):
        """Call ``status_update_handler`` with the edited status."""
        if self.status_update_handler is not None:
            self.status_update_handler(status)

    def on_delete(self, deleted_id):
        """Call ``delete_handler`` with the deleted status's ID."""
        if self.delete_handler is not None:
            self.delete_handler(deleted_id)

    def on_notification(self, notification):
        """Call ``notification_handler`` with the notification."""
        if self.notification_handler is not None:
            self.notification_handler(notification)

    def on_conversation(self, conversation):
        """Call ``conversation_handler`` with the conversation."""
        if self.conversation_handler is not None:
            self.conversation_handler(conversation)

    def on_filters_changed(self):
        """Call ``filters_changed_handler`` (without arguments)."""
        if self.filters_changed_handler is not None:
            self.filters_changed_handler()

    def on_announcement(self, annoucement):
        """Call ``announcement_handler`` with the announcement."""
        if self.announcement_handler is not None:
            self.announcement_handler(annoucement)

    def on_announcement_reaction(self, reaction):
        """Call ``announcement_reaction_handler`` with the reaction."""
        if self.announcement_reaction_handler is not None:
            self.announcement_reaction_handler(reaction)

    def on_announcement_delete(self, annoucement_id):
        """Call ``announcement_delete_handler`` with the announcement's ID."""
        if self.announcement_delete_handler is not None:
            self.announcement_delete_handler(annoucement_id)

    def on_encrypted_message(self, unclear):
        """Call ``encryted_message_handler`` with the payload."""
        if self.encryted_message_handler is not None:
            self.encryted_message_handler(unclear)

    def on_notifications_merged(self):
        """Call ``notifications_merged_handler`` (without arguments)."""
        if self.notifications_merged_handler is not None:
            self.notifications_merged_handler()

    def on_unknown_event(self, name, unknown_event=None):
        """Call ``unknown_event_handler`` with the event's name and payload."""
        if self.unknown_event_handler is not None:
            self.unknown_event_handler(name, unknown_event)

    def on_websocket_error(self, error, for_stream=None):
        """Call ``stream_error_handler`` with the error and the stream, or log them
        when there is none."""
        if self.stream_error_handler is not None:
            self.stream_error_handler(error, for_stream)
        else:
            super().on_websocket_error(error, for_stream)

    def on_abort(self, err):
        """Call ``abort_handler`` with the error, or log it when there is none."""
        if self.abort_handler is not None:
            self.abort_handler(err)
        else:
            super().on_abort(err)


def _is_local(status):
    account = status.get("account") if isinstance(status, dict) else None
    acct = account.get("acct") if isinstance(account, dict) else None
    return isinstance(acct, str) and "@" not in acct


# Listener methods an event name never reaches through the on_<name> rule: the hooks, and
# the methods of the known events (whose wire names differ: "status.update").
_NOT_EVENT_METHODS = frozenset({"on_any_event", "on_unknown_event", "on_abort",
                                "on_websocket_error", *(m for m, _ in _HANDLERS.values())})


def _own_method_name(name):
    """``on_<name>`` (dots as underscores) for an event this library does not know, as a
    listener may define for it; None where that is not a method name or is taken."""
    method = "on_" + name.replace(".", "_")
    if not method.isidentifier() or method in _NOT_EVENT_METHODS:
        return None
    return method


def _dispatch(listener, name, payload, for_stream):
    """Call the listener's methods for one parsed event."""
    any_event = getattr(listener, "on_any_event", None)
    if any_event is not None:
        any_event(name, payload, for_stream)
    entry = _HANDLERS.get(name)
    if entry is None:
        method = _own_method_name(name)
        handler = getattr(listener, method, None) if method is not None else None
        if handler is not None:
            handler(payload)
            return
        handler = getattr(listener, "on_unknown_event", None)
        if handler is not None:
            handler(name, payload)
        return
    handler = getattr(listener, entry[0], None)
    if handler is not None:
        if entry[1]:
            handler(payload)
        else:
            handler()


# --- parsing -------------------------------------------------------------------------

_HEARTBEAT = object()


class _RawEvent:
    """An event as read from the wire, before its payload is parsed."""

    __slots__ = ("name", "data", "raw", "stream")

    def __init__(self, name, data, raw, stream=None):
        self.name = name
        self.data = data  # bytes (SSE) or str (WebSocket) or None
        self.raw = raw  # list of raw SSE lines, or the WebSocket message
        self.stream = stream

    @property
    def raw_text(self):
        if isinstance(self.raw, list):
            return b"\n".join(self.raw).decode("utf-8", "replace")
        return self.raw


class _BadInput:
    """Input that is not a valid event; becomes a MastodonMalformedEventError."""

    __slots__ = ("reason", "raw")

    def __init__(self, reason, raw):
        self.reason = reason
        self.raw = raw

    def error(self):
        raw = self.raw.decode("utf-8", "replace") if isinstance(self.raw, bytes) else self.raw
        return malformed_event_error(self.reason, raw)


class _WsError:
    """An error message a WebSocket streaming server sent."""

    __slots__ = ("error", "stream")

    def __init__(self, error, stream):
        self.error = error
        self.stream = stream


def malformed_event_error(reason, raw):
    """A :class:`MastodonMalformedEventError` carrying the raw input (``err.raw``)."""
    shown = raw if len(raw) <= 500 else raw[:500] + "..."
    err = MastodonMalformedEventError(f"malformed streaming event ({reason}): {shown!r}", raw)
    err.raw = raw
    return err


def _parse_payload(name, data, raw_text):
    """The payload of an event as the listener gets it."""
    if name in _NO_PAYLOAD_EVENTS:
        return None
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise malformed_event_error("payload is not UTF-8", raw_text) from None
    else:
        text = data
    if name in _ID_EVENTS:
        value = (text or "").strip()
        if value.startswith('"'):
            try:
                value = json.loads(value)
            except ValueError:
                raise malformed_event_error("bad ID", raw_text) from None
        if not isinstance(value, str) or not value or any(c.isspace() for c in value):
            raise malformed_event_error("bad ID", raw_text)
        return MastodonId(value)
    if text is None or not text.strip():
        if name in _HANDLERS:
            raise malformed_event_error(f"{name} event without data", raw_text)
        return None
    if name not in _HANDLERS and text.strip() == "undefined":
        return None  # how Mastodon's streaming server writes an event without a payload
    try:
        value = parse_json(text)
    except ValueError:
        raise malformed_event_error("payload is not valid JSON", raw_text) from None
    if name in _OBJECT_EVENTS and not isinstance(value, dict):
        raise malformed_event_error("payload is not a JSON object", raw_text)
    return value


class SSEParser:
    """An incremental Server-Sent Events parser.

    :meth:`feed` takes bytes as they come off the wire, split anywhere (inside a line,
    inside a ``\\r\\n``, inside a UTF-8 character), and returns what completed: events,
    the heartbeat marker for comment lines, and bad-input markers for lines that are
    not SSE. Lines end in ``\\n``, ``\\r\\n`` or ``\\r``; an event's ``data:`` lines are
    joined with ``\\n``. An event with data but no ``event:`` name is bad input: Mastodon
    names every event.

    Fields other than ``event`` and ``data`` (``id``, ``retry``, and any a server may
    add) are ignored, as the SSE specification says; a line without a colon is a field
    without a value. A line whose field name no server would write (spaces, markup,
    control or non-ASCII bytes: an HTML page or a compressed body that a proxy labelled
    as an event stream) is reported as not SSE rather than skipped, so such a stream
    fails with the offending lines instead of going silent.
    """

    MAX_LINE = 16 * 1024 * 1024  # a line longer than this is not a Mastodon event
    # What a field name looks like: what servers write, and room for fields to come.
    _FIELD_NAME = re.compile(rb"[A-Za-z0-9_.-]+")

    def __init__(self):
        self._pending = b""
        self._after_cr = False  # the last chunk ended in \r: a \n starting the next is its pair
        self._reset()

    def _reset(self):
        self._name = None
        self._data = []
        self._raw = []

    def feed(self, chunk):
        """Parse a chunk; returns the list of completed items."""
        if not chunk:
            return []
        if self._after_cr:
            self._after_cr = False
            if chunk[:1] == b"\n":  # the \n of a \r\n split between chunks
                chunk = chunk[1:]
                if not chunk:
                    return []
        data = self._pending + chunk if self._pending else chunk
        if b"\r" in data:
            # bytes.splitlines breaks at \r\n, \r and \n, exactly the SSE line ends.
            lines = data.splitlines()
            end = data[-1]
            if end == 13 or end == 10:  # b"\r", b"\n": the last line is complete
                self._pending = b""
                self._after_cr = end == 13
            else:
                self._pending = lines.pop()
        else:
            lines = data.split(b"\n")
            self._pending = lines.pop()
        out = []
        if len(self._pending) > self.MAX_LINE:
            out.append(_BadInput("line too long", self._pending[:1000]))
            self._pending = b""
        for line in lines:
            self._line(line, out)
        return out

    def _line(self, line, out):
        if not line:
            if self._name:
                out.append(_RawEvent(self._name, b"\n".join(self._data), self._raw))
            elif self._data or self._name is not None:
                # The specification's default name ("message") is for browsers; Mastodon
                # names every event, so data without a name is malformed.
                out.append(_BadInput("event without a name", b"\n".join(self._raw)))
            self._reset()
            return
        if line[0] == 58:  # b":"  a comment: Mastodon's heartbeat
            out.append(_HEARTBEAT)
            return
        self._raw.append(line)
        field, _, value = line.partition(b":")
        if value[:1] == b" ":
            value = value[1:]
        if field == b"data":
            self._data.append(value)
        elif field == b"event":
            try:
                self._name = value.decode("utf-8")
            except UnicodeDecodeError:
                out.append(_BadInput("event name is not UTF-8", b"\n".join(self._raw)))
                self._reset()
        elif self._FIELD_NAME.fullmatch(field) is None:
            out.append(_BadInput("not a Server-Sent Events line", b"\n".join(self._raw)))
            self._reset()
        # Any other field (id, retry, one this parser does not know) is ignored.


def _parse_ws_message(message):
    """Turn one WebSocket text message (or the dict it decodes to) into a raw event, a
    server error or bad input."""
    if isinstance(message, dict):
        message = json.dumps(message, ensure_ascii=False)
    if isinstance(message, bytes):
        try:
            message = message.decode("utf-8")
        except UnicodeDecodeError:
            return _BadInput("message is not UTF-8", message[:1000])
    try:
        decoded = json.loads(message)
    except ValueError:
        return _BadInput("message is not valid JSON", message)
    if not isinstance(decoded, dict):
        return _BadInput("message is not a JSON object", message)
    stream = decoded.get("stream")
    if stream is not None and not isinstance(stream, list):
        stream = [stream]
    name = decoded.get("event")
    if not isinstance(name, str):
        if "error" in decoded:
            return _WsError(parse_json(message), stream)
        return _BadInput("message has no event name", message)
    payload = decoded.get("payload")
    if payload is not None and not isinstance(payload, str):
        payload = json.dumps(payload)  # a server that did not encode the payload twice
    return _RawEvent(name, payload, message, stream)


# --- reading a Server-Sent Events response --------------------------------------------

_CHUNK = 64 * 1024


def _response_socket(response):
    """The socket under a streamed ``requests`` response (None if it cannot be found)."""
    raw = getattr(response, "raw", None)
    for get in (lambda: raw._connection.sock, lambda: raw.connection.sock,
                lambda: raw._fp.fp.raw._sock):
        try:
            sock = get()
        except AttributeError:
            continue
        if sock is not None:
            return sock
    return None


def _fast_read(response):
    """For a live ``requests`` response over ``http.client`` (what a session gives): a
    function that reads what has arrived, up to a size, without waiting for more.
    None for anything else, which is read through its ``iter_content``."""
    if not isinstance(response, requests.Response) or response._content is not False:
        return None  # not a requests response, or its body is already read
    raw = response.raw
    if not isinstance(getattr(raw, "_fp", None), http.client.HTTPResponse):
        return None  # a test double or a recorded body
    encoding = (response.headers.get("Content-Encoding") or "identity").strip().lower()
    if hasattr(raw, "read1"):  # urllib3 2
        if encoding == "identity":
            return raw.read1
        return lambda size: raw.read1(size, decode_content=True)
    if encoding == "identity":
        return raw._fp.read1  # urllib3 1.x: http.client's, which undoes the chunking
    return None


def _read_chunks(response):
    """The body of a streamed response, chunk by chunk, as soon as each arrives."""
    read = _fast_read(response)
    if read is None:
        yield from _iter_content_chunks(response)
        return
    try:
        while True:
            chunk = read(_CHUNK)
            if not chunk:
                return
            yield chunk
    except (TimeoutError, urllib3.exceptions.ReadTimeoutError) as exc:
        raise MastodonReadTimeout(f"the stream sent nothing in time ({exc})") from exc
    except (urllib3.exceptions.HTTPError, http.client.HTTPException, OSError, ValueError,
            AttributeError) as exc:
        # ValueError / AttributeError: the response was closed under the reader.
        raise MastodonNetworkError(f"the stream broke ({exc!r})") from exc


def _iter_content_chunks(response):
    """The body of any object with ``iter_content``, as bytes, in pieces that end at a
    line end (the parser completes nothing in between), so feeding it byte by byte
    costs no more than feeding it whole."""
    # One byte at a time is the size for which requests hands over what has arrived
    # without waiting for more; a body already in memory may come in large slices.
    in_memory = isinstance(response, requests.Response) and isinstance(response._content, bytes)
    pending = bytearray()
    try:
        for chunk in response.iter_content(_CHUNK if in_memory else 1):
            if not chunk:
                continue
            if isinstance(chunk, str):
                chunk = chunk.encode("utf-8")
            pending += chunk
            if b"\n" in chunk or b"\r" in chunk or len(pending) > SSEParser.MAX_LINE:
                yield bytes(pending)
                pending.clear()
    except MastodonError:
        raise
    except (TimeoutError, requests.exceptions.ReadTimeout, urllib3.exceptions.ReadTimeoutError) as exc:
        raise MastodonReadTimeout(f"the stream sent nothing in time ({exc})") from exc
    except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError,
            http.client.HTTPException, OSError) as exc:
        raise MastodonNetworkError(f"the stream broke ({exc!r})") from exc
    if pending:
        yield bytes(pending)


def _read_sse(response):
    """Raw items (events, heartbeats, bad input) of an SSE response."""
    parser = SSEParser()
    for chunk in _read_chunks(response):
        yield from parser.feed(chunk)


# --- connections ---------------------------------------------------------------------

class _SSEConnection:
    """One Server-Sent Events connection for one subscription."""

    transport = "sse"

    def __init__(self, response, silence):
        self.response = response
        self.silence = silence
        self._sock = _response_socket(response)
        if self._sock is not None:
            # The client's request timeout governs connecting; a stream must not stay
            # silent that long.
            self._sock.settimeout(silence)
        else:
            log.debug("cannot reach the stream's socket: silence is noticed only after "
                      "the request timeout, and close() cannot interrupt a read")

    def events(self):
        yield from _read_sse(self.response)

    def shutdown(self):
        """Wake a read blocked in another thread (safe to call from any thread)."""
        sock = self._sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed

    def close(self):
        try:
            self.response.close()
        except Exception:  # closing a broken connection may fail in odd ways
            log.debug("closing a stream response failed", exc_info=True)


class _WebSocketConnection:
    """One WebSocket connection (one stream, or several through subscribe messages)."""

    transport = "websocket"

    def __init__(self, ws, silence, description):
        self.ws = ws
        self.silence = silence
        self.description = description

    def events(self):
        import websocket

        ws = self.ws
        # Wake up a few times per silence period to ping: the pong proves the
        # connection alive even when no event comes.
        tick = max(min(self.silence / 3.0, 15.0), 0.01)
        ws.settimeout(tick)
        last_heard = time.monotonic()
        while True:
            try:
                opcode, frame = ws.recv_data_frame(True)
            except websocket.WebSocketTimeoutException:
                if time.monotonic() - last_heard >= self.silence:
                    raise MastodonReadTimeout(
                        f"the WebSocket stream sent nothing for {self.silence:g} s") from None
                try:
                    ws.ping()
                except (websocket.WebSocketException, OSError) as exc:
                    raise MastodonNetworkError(f"the WebSocket stream broke ({exc})") from exc
                continue
            except (websocket.WebSocketException, OSError, ValueError) as exc:
                raise MastodonNetworkError(f"the WebSocket stream broke ({exc})") from exc
            last_heard = time.monotonic()
            if opcode in (websocket.ABNF.OPCODE_TEXT, websocket.ABNF.OPCODE_BINARY):
                yield _parse_ws_message(frame.data if hasattr(frame, "data") else frame)
            elif opcode in (websocket.ABNF.OPCODE_PING, websocket.ABNF.OPCODE_PONG):
                yield _HEARTBEAT
            elif opcode == websocket.ABNF.OPCODE_CLOSE:
                code, reason = _close_reason(frame.data)
                raise MastodonNetworkError(
                    f"the server closed the WebSocket stream (code {code}{reason})")

    def send(self, message):
        import websocket

        try:
            self.ws.send(json.dumps(message))
        except (websocket.WebSocketException, OSError) as exc:
            raise MastodonNetworkError(f"could not send to the WebSocket stream ({exc})") from exc

    def shutdown(self):
        """Wake a read blocked in another thread (safe to call from any thread)."""
        sock = self.ws.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self):
        try:
            self.ws.shutdown()
        except Exception:
            log.debug("closing a WebSocket failed", exc_info=True)


def _close_reason(data):
    if len(data) >= 2:
        code = int.from_bytes(data[:2], "big")
        reason = data[2:].decode("utf-8", "replace")
        return code, (f": {reason}" if reason else "")
    return None, ""


def import_websocket():
    """The ``websocket`` module of websocket-client, or a clear error naming the extra."""
    try:
        import websocket
    except ImportError:
        raise MastodonIllegalArgumentError(WEBSOCKET_EXTRA_HINT) from None
    return websocket


# --- subscriptions and catch-up --------------------------------------------------------

class CatchUpSource:
    """A REST endpoint that can fill a gap in one kind of streamed event.

    It remembers the newest item delivered (its *cursor*) and a bounded set of recently
    delivered items, so nothing is delivered twice.
    """

    PAGE = 40
    RECENT = 4096
    MAX_PAGES = 25  # for conversations, which cannot be paged forward

    def __init__(self, event, path, params=None, by_last_status=False):
        self.event = event
        self.path = path
        self.params = dict(params or {})
        self.by_last_status = by_last_status  # conversations: ordered by their newest status
        self.cursor = None
        self.enabled = False
        self._recent = collections.OrderedDict()

    def position(self, item):
        """Where an item sits in the source's order (an ID), or None."""
        if not isinstance(item, dict):
            return None
        if self.by_last_status:
            last = item.get("last_status")
            return _as_id(last.get("id")) if isinstance(last, dict) else None
        return _as_id(item.get("id"))

    def _key(self, item):
        if self.by_last_status:
            return (str(item.get("id")), str(self.position(item)))
        return str(item.get("id"))

    def seen(self, item):
        """Whether this item was delivered recently."""
        return isinstance(item, dict) and self._key(item) in self._recent

    def remember(self, item):
        """Note a delivered item (and move the cursor past it)."""
        if not isinstance(item, dict):
            return
        self._recent[self._key(item)] = True
        if len(self._recent) > self.RECENT:
            self._recent.popitem(last=False)
        position = self.position(item)
        if self.enabled and position is not None and (
                self.cursor is None or _newer(position, self.cursor)):
            self.cursor = position

    def baseline(self, client):
        """Note the newest existing item, so a gap before the first event can be filled."""
        try:
            page = client._api_request("GET", self.path, {**self.params, "limit": 1})
        except (MastodonAPIError, MastodonNetworkError, MastodonVersionError) as exc:
            log.warning("streaming catch-up from %s is off: %s", self.path, exc)
            self.enabled = False
            return
        positions = [p for p in (self.position(item) for item in page or []) if p is not None]
        if self.cursor is not None:
            positions.append(self.cursor)
        self.cursor = max(positions) if positions else MastodonId("0")
        self.enabled = True

    def missed(self, client):
        """The items after the cursor, oldest first (an iterator: it pages lazily)."""
        if not self.enabled or self.cursor is None:
            return
        if self.by_last_status:
            yield from self._missed_conversations(client)
            return
        cursor = self.cursor
        while True:
            page = client._api_request("GET", self.path,
                                       {**self.params, "min_id": cursor, "limit": self.PAGE})
            fresh = sorted((item for item in page or []
                            if self.position(item) is not None
                            and _newer(self.position(item), cursor)), key=self.position)
            if not fresh:
                return
            yield from fresh
            cursor = self.position(fresh[-1])

    def _missed_conversations(self, client):
        found = []
        page = client._api_request("GET", self.path, {**self.params, "limit": self.PAGE})
        for _ in range(self.MAX_PAGES):
            reached = False
            for item in page or []:
                position = self.position(item)
                if position is None:
                    continue
                if _newer(position, self.cursor):
                    found.append(item)
                else:
                    reached = True
            if reached or not page or getattr(page, "_pagination_next", None) is None:
                break
            page = client.fetch_next(page)
        found.sort(key=self.position)
        yield from found


def _as_id(value):
    if value is None or isinstance(value, MastodonId):
        return value
    return MastodonId(str(value))


def _newer(a, b):
    try:
        return a > b
    except TypeError:
        return str(a) > str(b)


class Subscription:
    """One stream a handle receives: its name and parameters, how to reach it over each
    transport, and where to catch up on it."""

    def __init__(self, stream, sse_path, params=None, sources=(), listener=None,
                 sse_query=None):
        self.stream = stream
        self.sse_path = sse_path  # None: a stream only a WebSocket can name
        self.params = dict(params or {})  # tag / list
        self.sources = list(sources)
        self.listener = listener
        self.sse_query = dict(sse_query or {})  # what the SSE URL adds (only_media)

    def sse_params(self):
        """The query of the SSE request for this stream."""
        return {**self.params, **self.sse_query} if self.sse_query else self.params

    @property
    def for_stream(self):
        """The stream as WebSocket messages name it: ``["hashtag", "python"]``."""
        extra = [str(v) for k, v in self.params.items() if v is not None]
        return [self.stream, *extra]

    def ws_params(self):
        """The parameters naming this stream on a WebSocket."""
        return {"stream": self.stream, **{k: str(v) for k, v in self.params.items()}}

    def matches(self, stream, tag=None, list_id=None):
        """Whether this is the stream with that name and tag or list."""
        if stream != self.stream:
            return False
        wanted_tag = self.params.get("tag")
        if wanted_tag is not None and (tag is None or str(tag).lower() != str(wanted_tag).lower()):
            return False
        if "list" in self.params and (list_id is None or str(list_id) != str(self.params["list"])):
            return False
        return True

    def same_stream(self, other):
        """Whether ``other`` names the same stream (a hashtag whatever its case)."""
        if self.sse_path is None or other.sse_path is None:  # streams only a server knows
            return self.ws_params() == other.ws_params()
        return other.matches(self.stream, self.params.get("tag"), self.params.get("list"))

    def matches_message(self, stream_field):
        """Whether a WebSocket message's ``stream`` field names this stream."""
        if not stream_field:
            return False
        name = stream_field[0]
        value = stream_field[1] if len(stream_field) > 1 else None
        return self.matches(name, tag=value if "tag" in self.params else None,
                            list_id=value if "list" in self.params else None)

    def source_for(self, event):
        """The catch-up source for an event name, if there is one."""
        for source in self.sources:
            if source.event == event:
                return source
        return None


# --- the handle ----------------------------------------------------------------------

_PERMANENT_STATUSES = frozenset({400, 401, 403, 404, 405, 410, 422})


def _is_permanent(err):
    """Errors that another attempt will not fix."""
    if isinstance(err, (MastodonIllegalArgumentError, MastodonVersionError)):
        return True
    return isinstance(err, MastodonAPIError) and err.status_code in _PERMANENT_STATUSES


class StreamHandle:
    """A running stream: what the ``stream_*`` methods return with ``run_async=True``
    (an :class:`SSEStreamHandle`) and what :meth:`Mastodon.stream_open_websocket`
    returns (a :class:`WebSocketStreamHandle`).

    One background thread reads the connection and calls the listener. With
    reconnecting on, it replaces a failed or silent connection (waiting
    ``reconnect_async_wait_sec``, doubling for each failure in a row, up to five
    minutes) and, with catch-up on, delivers what the stream missed meanwhile.
    """

    HEALTHY_AFTER = 30.0  # a connection up this long resets the backoff
    MAX_BACKOFF = 300.0
    CLOSE_WAIT = 1.0  # how long close() waits for the background thread to end

    def __init__(self, client, listener, *, transport="auto", timeout=300, silence_timeout=60,
                 reconnect=False, reconnect_wait=5, catch_up=True, multiplex=False):
        self._client = client
        self._listener = listener
        self._transport = transport
        self._silence = min(float(timeout), float(silence_timeout))
        self._reconnect = bool(reconnect)
        self._reconnect_wait = float(reconnect_wait)
        self._catch_up = bool(catch_up) and self._reconnect
        self._multiplex = multiplex
        self._subscriptions = []
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._conn = None
        self._thread = None
        self._receiving = False
        self._async = False
        self._failures = 0
        self._connected_at = 0.0
        self._delivered_since_connect = False

    def __repr__(self):
        streams = ", ".join(":".join(s.for_stream) for s in self._subscriptions) or "no streams"
        state = "receiving" if self.is_receiving() else ("alive" if self.is_alive() else "closed")
        return f"<{type(self).__name__} {streams} ({state})>"

    # --- public API

    def close(self):
        """Stop the stream and close its connection. Returns within about a second,
        even while the server is silent; no event is delivered after it returns
        (unless a handler is still running). May be called from a handler."""
        self._stop.set()
        with self._lock:
            conn = self._conn
        if conn is not None:
            conn.shutdown()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(self.CLOSE_WAIT)
        self._receiving = False
        self._unregister()

    def is_alive(self):
        """Whether the stream is still running (connected, or waiting to reconnect)."""
        thread = self._thread
        if thread is not None:
            return thread.is_alive()
        return not self._stop.is_set() and self._conn is not None

    def is_receiving(self):
        """Whether the stream is connected and reading events right now (not failed,
        waiting to reconnect, catching up or closed)."""
        return self._receiving and not self._stop.is_set()

    def join(self, timeout=None):
        """Wait until the background thread ends (after :meth:`close`, or an error it
        does not recover from), at most ``timeout`` seconds. Returns at once when
        called from the stream's own thread (a handler)."""
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    # --- starting

    def _first_connection(self):
        """Register the listener and connect; a failed connection unregisters it."""
        self._register(self._listener)
        try:
            return self._connect(first=True)
        except BaseException:
            self._unregister()
            raise

    def _start(self, subscription, run_async):
        """Connect for one subscription; then read in this thread or in the background."""
        self._subscriptions.append(subscription)
        conn = self._first_connection()
        if not run_async:
            try:
                self._serve(conn)
            except BaseException:
                if self._stop.is_set():
                    return None
                raise
            finally:
                self._drop(conn)
                self._unregister()
            return None
        self._start_thread(conn)
        return self

    def _send(self, message):
        """Send a message on the current connection, if there is one. A connection that
        fails here is noticed by the reading thread, which reconnects and subscribes
        every stream again (or reports the failure)."""
        conn = self._conn
        if conn is None:
            return
        try:
            conn.send(message)
        except MastodonNetworkError as exc:
            log.debug("could not send %s: %s", message.get("type"), exc)

    def _start_thread(self, conn):
        self._async = True
        names = ",".join(":".join(s.for_stream) for s in self._subscriptions) or "websocket"
        self._thread = threading.Thread(target=self._run, args=(conn,), daemon=True,
                                        name=f"mastodon-stream-{names}")
        self._thread.start()

    # --- listener registry (for StreamListener.close_stream)

    def _register(self, listener):
        if listener is None:
            return
        with _active_lock:
            try:
                _active_handles.setdefault(listener, set()).add(self)
            except TypeError:
                pass  # a listener that cannot be weakly referenced

    def _unregister(self, listener=None):
        with _active_lock:
            listeners = [listener] if listener is not None else (
                [self._listener] + [s.listener for s in self._subscriptions])
            for item in listeners:
                if item is None:
                    continue
                try:
                    handles = _active_handles.get(item)
                except TypeError:
                    continue
                if handles is not None:
                    handles.discard(self)

    # --- connecting

    def _connect(self, first):
        """Open a connection, subscribe, and catch up (or note where to catch up from)."""
        conn = self._open()
        try:
            with self._lock:
                if self._stop.is_set():
                    raise MastodonNetworkError("the stream was closed")
                self._conn = conn
                if self._multiplex:
                    for sub in self._subscriptions:
                        conn.send({"type": "subscribe", **sub.ws_params()})
            if self._catch_up:
                for sub in list(self._subscriptions):
                    for source in sub.sources:
                        if first:
                            source.baseline(self._client)
                        else:
                            self._deliver_missed(sub, source)
        except BaseException:
            self._drop(conn)
            raise
        self._connected_at = time.monotonic()
        self._delivered_since_connect = False
        self._receiving = not self._stop.is_set()
        return conn

    def _open(self):
        client = self._client
        transport = self._transport
        if self._multiplex:
            return self._open_websocket(None)
        sub = self._subscriptions[0]
        if transport == "websocket" or (transport == "auto" and client._streaming_transport_hint()):
            return self._open_websocket(sub)
        try:
            return self._open_sse(sub)
        except MastodonAPIError as exc:
            if transport != "auto" or exc.status_code != 404:
                raise
            try:
                import_websocket()
            except MastodonIllegalArgumentError:
                raise MastodonIllegalArgumentError(
                    f"the server has no Server-Sent Events stream here ({exc}); it may stream "
                    f"only over WebSocket. {WEBSOCKET_EXTRA_HINT}") from exc
            log.info("no Server-Sent Events stream at %s (HTTP 404); using WebSocket",
                     sub.sse_path)
            client._remember_websocket_only()
            return self._open_websocket(sub)

    def _open_sse(self, sub):
        client = self._client
        response = client._api_request(
            "GET", sub.sse_path, sub.sse_params(), base_url=client._streaming_base_url(),
            stream=True, ratelimit=False,
            # The stream reconnects with its own backoff, and a dead server shows within
            # the silence timeout rather than the long request timeout.
            max_retries=0, timeout=min(client.request_timeout, self._silence),
            headers={"Accept": "text/event-stream", "Accept-Encoding": "identity",
                     "Cache-Control": "no-cache"})
        kind = response.headers.get("Content-Type", "")
        if "text/event-stream" not in kind.lower():
            sock = _response_socket(response)
            try:
                if sock is not None:
                    sock.settimeout(self._silence)
                raw = response.raw
                excerpt = (raw.read1(2048) if hasattr(raw, "read1") else raw.read(2048))
            except Exception:
                excerpt = b""
            response.close()
            from ._client import body_excerpt

            raise MastodonNetworkError(
                f"GET {sub.sse_path}: the server answered with {kind or 'no content type'}, "
                f"not an event stream: {body_excerpt(excerpt) if excerpt else '(empty body)'}")
        return _SSEConnection(response, self._silence)

    def _open_websocket(self, sub):
        websocket = import_websocket()
        client = self._client
        base = _websocket_base(client._streaming_base_url())
        # The same policy as every REST request: scheme, loopback, allow_http, blocked
        # instances, before anything is sent; then the session's TLS and proxy settings
        # for each connection.
        _policy.check_url(base, client.allow_http)
        params = sub.ws_params() if sub is not None else {}
        token = client.access_token
        known = client._streaming_ws_auth_hint()
        styles = [known] if known else (["header", "subprotocol", "query"] if token else [None])
        connect_timeout = min(self._silence, float(client.request_timeout or self._silence))
        for index, style in enumerate(styles):
            headers = [f"User-Agent: {client.user_agent}"]
            subprotocols = None
            query = dict(params)
            if style == "header":
                headers.append(f"Authorization: Bearer {token}")
            elif style == "subprotocol":
                subprotocols = [token]
            elif style == "query":
                query["access_token"] = token
            url = base + "/api/v1/streaming" + ("?" + urlencode(query) if query else "")
            shown = base + "/api/v1/streaming" + ("?" + urlencode(params) if params else "")
            last = index == len(styles) - 1
            ws = None
            try:
                sslopt, options = _policy.websocket_options(client.session, base, connect_timeout)
                ws = websocket.WebSocket(enable_multithread=True, skip_utf8_validation=True,
                                         sslopt=sslopt)
                ws.connect(url, header=headers, subprotocols=subprotocols,
                           timeout=connect_timeout, suppress_origin=True, **options)
            except websocket.WebSocketBadStatusException as exc:
                err = _handshake_error(exc, shown)
                if exc.status_code in (401, 403) and not last:
                    log.debug("WebSocket handshake with %s auth refused (%s); trying another way",
                              style, exc.status_code)
                    continue
                raise err from None
            except websocket.WebSocketException as exc:
                redirect = _redirect_error(ws, shown)
                if redirect is not None:
                    raise redirect from None
                if style == "subprotocol" and not last:
                    continue  # the server does not take the token as a subprotocol
                raise MastodonNetworkError(
                    f"WebSocket connection to {shown} failed ({exc})") from None
            except OSError as exc:
                raise MastodonNetworkError(f"could not connect to {shown} ({exc})") from None
            if style == "query":
                log.info("the streaming server takes the token only in the URL (legacy)")
            if style is not None:
                client._remember_ws_auth(style)
            return _WebSocketConnection(ws, self._silence, shown)
        raise MastodonNetworkError(f"WebSocket connection to {base} failed")  # unreachable

    def _drop(self, conn):
        with self._lock:
            if self._conn is conn:
                self._conn = None
        self._receiving = False
        conn.close()

    # --- reading

    def _serve(self, conn):
        """Read events until the connection ends; raises the reason it ended."""
        single = None if self._multiplex else self._subscriptions[0]
        for item in conn.events():
            if self._stop.is_set():
                return
            if item is _HEARTBEAT:
                self._call(self._listener_for(single), "handle_heartbeat")
                continue
            if isinstance(item, _BadInput):
                raise item.error()
            if isinstance(item, _WsError):
                sub = single or self._route(item.stream)
                self._call(self._listener_for(sub), "on_websocket_error", item.error,
                           item.stream)
                continue
            sub = single or self._route(item.stream)
            if sub is None and self._listener is None:
                log.debug("dropping a %s event for %s: nobody listens", item.name, item.stream)
                continue
            payload = _parse_payload(item.name, item.data, item.raw_text)
            stream = item.stream or (sub.for_stream if sub is not None else None)
            self._deliver(sub, item.name, payload, stream)
            self._delivered_since_connect = True
        if not self._stop.is_set():
            raise MastodonNetworkError("the server ended the stream")

    def _route(self, stream_field):
        with self._lock:
            for sub in self._subscriptions:
                if sub.matches_message(stream_field):
                    return sub
        return None

    def _listener_for(self, sub):
        if sub is not None and sub.listener is not None:
            return sub.listener
        return self._listener

    def _deliver(self, sub, name, payload, stream):
        if self._stop.is_set():
            return
        source = sub.source_for(name) if (sub is not None and self._catch_up) else None
        if source is not None:
            if source.seen(payload):
                return
            source.remember(payload)
        listener = self._listener_for(sub)
        if listener is None:
            return
        if not self._async:
            _dispatch(listener, name, payload, stream)
            return
        try:
            _dispatch(listener, name, payload, stream)
        except Exception:
            # A bug in one handler must not end a background stream.
            log.exception("a stream listener failed on a %s event", name)

    def _call(self, listener, method, *args):
        handler = getattr(listener, method, None) if listener is not None else None
        if handler is None:
            return
        if not self._async:
            handler(*args)
            return
        try:
            handler(*args)
        except Exception:
            log.exception("a stream listener's %s failed", method)

    def _deliver_missed(self, sub, source):
        for item in source.missed(self._client):
            if self._stop.is_set():
                return
            if source.seen(item):
                continue
            self._deliver(sub, source.event, item, sub.for_stream)

    # --- the background thread

    def _run(self, conn):
        while not self._stop.is_set():
            try:
                if conn is None:
                    conn = self._connect(first=False)
                self._serve(conn)
            except Exception as err:
                if self._stop.is_set():
                    break
                self._abort(err)
                if not self._reconnect or _is_permanent(err):
                    break
                healthy = conn is not None and (
                    self._delivered_since_connect
                    or time.monotonic() - self._connected_at >= self.HEALTHY_AFTER)
                self._failures = 1 if healthy else self._failures + 1
                delay = self._backoff_delay(self._failures)
                log.info("stream failed (%s); reconnecting in %.3g s", err, delay)
                if conn is not None:
                    self._drop(conn)
                    conn = None
                if self._stop.wait(delay):
                    break
            else:
                if self._stop.is_set():
                    break
            finally:
                self._receiving = False
        if conn is not None:
            self._drop(conn)
        self._unregister()

    def _backoff_delay(self, failures):
        """Seconds to wait before reconnecting after ``failures`` failures in a row: the
        reconnect wait, doubled for each failure after the first, at most
        ``MAX_BACKOFF`` (or the reconnect wait, if that is longer)."""
        # The exponent stops growing long after the cap is reached (2 ** 64 times any
        # wait worth waiting is beyond it), so a long outage cannot overflow the float.
        doubling = 2.0 ** min(max(failures - 1, 0), 64)
        return min(self._reconnect_wait * doubling, max(self._reconnect_wait, self.MAX_BACKOFF))

    def _abort(self, err):
        """Report a failed connection: to the handle's listener, or (on a shared
        WebSocket without one) to each stream's listener."""
        if self._listener is not None:
            listeners = [self._listener]
        else:
            listeners = []
            for sub in self._subscriptions:
                if sub.listener is not None and all(sub.listener is not l for l in listeners):
                    listeners.append(sub.listener)
        if not listeners:
            log.warning("streaming connection failed: %s", err)
        for listener in listeners:
            handler = getattr(listener, "on_abort", None)
            if handler is None:
                log.warning("streaming connection failed: %s", err)
                continue
            try:
                handler(err)
            except Exception:
                log.exception("a stream listener's on_abort failed")


class SSEStreamHandle(StreamHandle):
    """The handle of one stream that a ``stream_*`` method started with
    ``run_async=True``: :meth:`close`, :meth:`is_alive`, :meth:`is_receiving` and
    :meth:`join` as for every :class:`StreamHandle`.

    The stream comes over Server-Sent Events, or over a WebSocket of its own when the
    call asked for ``transport="websocket"`` or the server streams only over WebSocket
    (the name is Mastodon.py's, whose single streams are always SSE).
    """

    def __init__(self, client, listener, **settings):
        super().__init__(client, listener, multiplex=False, **settings)


class WebSocketStreamHandle(StreamHandle):
    """One WebSocket connection that carries several streams, from
    :meth:`Mastodon.stream_open_websocket`.

    Streams are added with :meth:`subscribe` (or by passing the handle as
    ``websocket_handle`` to a ``stream_*`` method), each with its own listener or the
    handle's, and dropped with :meth:`unsubscribe` or the subscription's ``close()``.
    :meth:`close` ends the connection and every stream on it. On reconnect every stream
    is subscribed again and, with catch-up on, caught up.
    """

    def __init__(self, client, listener, **settings):
        super().__init__(client, listener, transport="websocket", multiplex=True, **settings)
        self._views = {}  # Subscription -> WebSocketSubscription

    def subscribe(self, stream, listener=None, **params):
        """Receive one more stream on this connection; returns its
        :class:`WebSocketSubscription`.

        :param stream: the stream's name as the API spells it: ``"user"``,
            ``"user:notification"``, ``"direct"``, ``"public"``, ``"public:local"``,
            ``"public:remote"``, their ``:media`` forms (``"public:local:media"``, ...),
            ``"hashtag"`` and ``"hashtag:local"`` (with ``tag=``), ``"list"`` (with
            ``list=``, a list ID or list dict; ``list_id=`` works too). A name this
            library does not know is sent as given, with ``params``; the server answers
            an unknown one with an error (:meth:`StreamListener.on_websocket_error`).
        :param listener: the :class:`StreamListener` for this stream's events; the
            handle's listener when not given (one of the two is needed).

        Subscribing twice to the same stream raises
        :class:`~mastodon.MastodonIllegalArgumentError`.
        """
        subscription = subscription_for(stream, params)
        subscription.listener = listener
        return self._add_subscription(subscription)

    def subscriptions(self):
        """The streams this connection carries now, as :class:`WebSocketSubscription`
        objects, in the order they were added (none once it is closed)."""
        with self._lock:
            if self._stop.is_set():
                return []
            return [self._views[sub] for sub in self._subscriptions if sub in self._views]

    def unsubscribe(self, stream, **params):
        """Stop receiving one stream on this connection: the stream's name and
        parameters as for :meth:`subscribe` (``tag=`` for a hashtag, ``list=`` or
        ``list_id=`` for a list; a hashtag matches whatever its case). A stream the
        connection does not carry is ignored. Returns the handle."""
        tag = params.pop("tag", None)
        list_id = _list_param(params)
        if params:
            raise MastodonIllegalArgumentError(
                f"unsubscribe() takes tag= or list=, not {', '.join(sorted(params))}")
        with self._lock:
            removed = [s for s in self._subscriptions if s.matches(stream, tag, list_id)]
        for sub in removed:
            self._remove_subscription(sub)
        return self

    def _start_multiplexed(self):
        """Open the connection without streams; they are added with
        :meth:`_add_subscription`."""
        self._start_thread(self._first_connection())
        return self

    def _add_subscription(self, subscription):
        """Subscribe to one more stream on this connection; returns its view."""
        if self._stop.is_set():
            raise MastodonIllegalArgumentError("this WebSocket handle is closed")
        if subscription.listener is None and self._listener is None:
            raise MastodonIllegalArgumentError(
                f"a listener is needed to receive the {subscription.stream} stream: pass "
                "one, or give stream_open_websocket() one")
        with self._lock:
            for sub in self._subscriptions:
                if sub.same_stream(subscription):
                    raise MastodonIllegalArgumentError(
                        f"this WebSocket already carries {':'.join(sub.for_stream)}")
            view = WebSocketSubscription(self, subscription)
            self._views[subscription] = view
            self._subscriptions.append(subscription)
            self._send({"type": "subscribe", **subscription.ws_params()})
        if subscription.listener is not None:
            self._register(subscription.listener)
        if self._catch_up:
            # After subscribing, so nothing falls between the baseline and the stream.
            for source in subscription.sources:
                source.baseline(self._client)
        return view

    def _remove_subscription(self, subscription):
        with self._lock:
            if subscription not in self._subscriptions:
                return
            self._subscriptions.remove(subscription)
            self._views.pop(subscription, None)
            self._send({"type": "unsubscribe", **subscription.ws_params()})
        gone = subscription.listener
        if gone is not None and gone is not self._listener and all(
                s.listener is not gone for s in self._subscriptions):
            self._unregister(gone)

    def _carries(self, subscription):
        with self._lock:
            return subscription in self._subscriptions and not self._stop.is_set()


class WebSocketSubscription:
    """One stream on a :class:`WebSocketStreamHandle`: what
    :meth:`WebSocketStreamHandle.subscribe` returns, and the ``stream_*`` methods when
    given a ``websocket_handle``.

    ``stream`` is its name, ``params`` its parameters (``{"tag": "python"}``),
    ``listener`` the listener it delivers to (``None``: the handle's).
    """

    def __init__(self, handle, subscription):
        self.handle = handle
        self._subscription = subscription

    @property
    def stream(self):
        return self._subscription.stream

    @property
    def params(self):
        return dict(self._subscription.params)

    @property
    def listener(self):
        return self._subscription.listener

    def close(self):
        """Stop receiving this stream (the connection and its other streams go on).
        Does nothing when it was already dropped."""
        self.handle._remove_subscription(self._subscription)

    def is_alive(self):
        """Whether the connection still carries this stream and is running (connected,
        or waiting to reconnect)."""
        return self.handle._carries(self._subscription) and self.handle.is_alive()

    def is_receiving(self):
        """Whether the connection carries this stream and is reading events right now."""
        return self.handle._carries(self._subscription) and self.handle.is_receiving()

    def __repr__(self):
        state = ("receiving" if self.is_receiving() else
                 "alive" if self.is_alive() else "closed")
        return f"<WebSocketSubscription {':'.join(self._subscription.for_stream)} ({state})>"


def _websocket_base(http_base):
    if http_base.startswith("https://"):
        return "wss://" + http_base[len("https://"):]
    if http_base.startswith("http://"):
        return "ws://" + http_base[len("http://"):]
    return http_base


def _redirect_error(ws, url):
    """The error for a handshake answered with a redirect (which the connection policy
    leaves unfollowed: the token would go along), or None for any other failure."""
    response = getattr(ws, "handshake_response", None) if ws is not None else None
    status = getattr(response, "status", None)
    if status not in (301, 302, 303, 307, 308):
        return None
    headers = response.headers or {}
    target = headers.get("location") or "(no location)"
    return MastodonAPIError(
        f"WebSocket {url}: the server redirected to {_policy.redact_text(target)} with HTTP "
        f"{status}; not followed (the token would go along). The streaming URL comes from the "
        "instance's urls.streaming_api", status, None, None, None, dict(headers))


def _handshake_error(exc, url):
    status = exc.status_code
    body = exc.resp_body or b""
    message = None
    try:
        decoded = json.loads(body) if body else None
        if isinstance(decoded, dict):
            message = decoded.get("error")
    except ValueError:
        message = None
    if message is None and body:
        from ._client import body_excerpt

        message = body_excerpt(body)
    text = message or exc.status_message or "(no message)"
    cls = api_error_class(status)
    return cls(f"WebSocket {url} refused with HTTP {status}: {text}", status,
               exc.status_message, message, None, dict(exc.resp_headers or {}))


# --- streams, by name ----------------------------------------------------------------

def _timeline_source(path, params=None):
    return CatchUpSource("update", path, params)


def user_subscription(listener=None):
    """The user's home timeline and notifications."""
    return Subscription("user", "/api/v1/streaming/user", sources=[
        _timeline_source("/api/v1/timelines/home"),
        CatchUpSource("notification", "/api/v1/notifications")], listener=listener)


def user_notification_subscription(listener=None):
    """The user's notifications only."""
    return Subscription("user:notification", "/api/v1/streaming/user/notification", sources=[
        CatchUpSource("notification", "/api/v1/notifications")], listener=listener)


def public_subscription(local=False, remote=False, only_media=False, listener=None):
    """The federated timeline, or its local or remote part; with ``only_media``, only
    statuses with media attachments (the ``public:media`` streams)."""
    if local and remote:
        raise MastodonIllegalArgumentError(
            "local and remote exclude each other: together they select nothing")
    stream, path, rest = "public", "/api/v1/streaming/public", {}
    if local:
        stream, path, rest = "public:local", path + "/local", {"local": True}
    elif remote:
        stream, path, rest = "public:remote", path + "/remote", {"remote": True}
    query = None
    if only_media:
        # Over SSE a parameter narrows the same path; over WebSocket the stream has a
        # name of its own.
        stream, query = stream + ":media", {"only_media": "true"}
        rest["only_media"] = True
    source = _timeline_source("/api/v1/timelines/public", rest or None)
    return Subscription(stream, path, sources=[source], listener=listener, sse_query=query)


def hashtag_subscription(tag, local=False, listener=None):
    """A hashtag's timeline (all servers, or this one)."""
    if not isinstance(tag, str) or not tag.strip():
        raise MastodonIllegalArgumentError(f"tag must be a hashtag name, not {tag!r}")
    if tag.startswith("#"):
        raise MastodonIllegalArgumentError(
            f"give the hashtag without its leading '#': {tag[1:]!r}, not {tag!r}")
    rest = "/api/v1/timelines/tag/" + quote(tag, safe="")
    if local:
        return Subscription("hashtag:local", "/api/v1/streaming/hashtag/local", {"tag": tag},
                            [_timeline_source(rest, {"local": True})], listener)
    return Subscription("hashtag", "/api/v1/streaming/hashtag", {"tag": tag},
                        [_timeline_source(rest)], listener)


def list_subscription(list_id, listener=None):
    """A list's timeline; ``list_id`` is a list's ID or a list dict."""
    if isinstance(list_id, dict) and "id" in list_id:
        list_id = list_id["id"]
    if list_id is None or isinstance(list_id, (dict, list, tuple, set, bool)) \
            or not str(list_id).strip():
        raise MastodonIllegalArgumentError(f"id must be a list ID or list dict, not {list_id!r}")
    rest = "/api/v1/timelines/list/" + quote(str(list_id), safe="")
    return Subscription("list", "/api/v1/streaming/list", {"list": list_id},
                        [_timeline_source(rest)], listener)


def direct_subscription(listener=None):
    """The user's direct conversations."""
    return Subscription("direct", "/api/v1/streaming/direct", sources=[
        CatchUpSource("conversation", "/api/v1/conversations", by_last_status=True)],
        listener=listener)


# Stream name -> how to build it from WebSocket-style parameters (tag=, list=).
_STREAMS = {
    "user": lambda p: user_subscription(),
    "user:notification": lambda p: user_notification_subscription(),
    "direct": lambda p: direct_subscription(),
    "public": lambda p: public_subscription(),
    "public:local": lambda p: public_subscription(local=True),
    "public:remote": lambda p: public_subscription(remote=True),
    "public:media": lambda p: public_subscription(only_media=True),
    "public:local:media": lambda p: public_subscription(local=True, only_media=True),
    "public:remote:media": lambda p: public_subscription(remote=True, only_media=True),
    "hashtag": lambda p: hashtag_subscription(p.pop("tag", None)),
    "hashtag:local": lambda p: hashtag_subscription(p.pop("tag", None), local=True),
    "list": lambda p: list_subscription(_list_param(p)),
}


def _list_param(params):
    """Take the list out of WebSocket-style parameters: ``list=`` as the API names it,
    or ``list_id=``."""
    if "list" in params and "list_id" in params:
        raise MastodonIllegalArgumentError("give the list as list= or list_id=, not both")
    return params.pop("list", params.pop("list_id", None))


def subscription_for(stream, params):
    """The subscription for a stream named as the WebSocket API names it, with its
    parameters. A name this library does not know is passed through as given (with no
    catch-up): the server judges it."""
    if not isinstance(stream, str) or not stream.strip():
        raise MastodonIllegalArgumentError(f"stream must be a stream name, not {stream!r}")
    params = dict(params)
    build = _STREAMS.get(stream)
    if build is None:
        return Subscription(stream, None, {k: v for k, v in params.items() if v is not None})
    subscription = build(params)
    if params:
        raise MastodonIllegalArgumentError(
            f"the {stream} stream takes no {', '.join(sorted(params))} parameter")
    return subscription
