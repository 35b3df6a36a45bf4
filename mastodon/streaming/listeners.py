"""The listeners: :class:`StreamListener`, whose ``on_*`` methods receive a stream's
events, :class:`CallbackStreamListener`, which hands them to plain functions, and how one
parsed event reaches a listener's methods.

Also the registry of which handles deliver to which listener, so that
:meth:`StreamListener.close_stream` can reach them.
"""

import inspect
import logging
import threading
import weakref
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from .._results import AttribAccessDict, MastodonId
from ..errors import MastodonMalformedEventError, MastodonNetworkError
from ..return_types import Announcement, Conversation, Notification, Status, StreamReaction
from .events import _HEARTBEAT, _METHODS, EVENTS, Event, _BadInput, _parse_payload, _RawEvent, _WsError
from .sse import _read_sse
from .websocket import _parse_ws_message

if TYPE_CHECKING:
    from .handle import StreamHandle

__all__ = ["CallbackStreamListener", "StreamListener"]

log = logging.getLogger("mastodon")


class ChunkedResponse(Protocol):
    """What :meth:`StreamListener.handle_stream` reads: a streamed ``requests.Response``
    or anything else that gives its body in chunks."""

    def iter_content(self, chunk_size: int) -> Iterable[bytes]:
        """The body, in pieces of at most ``chunk_size`` bytes."""


# --- which handles deliver to which listener ----------------------------------------------

_active_lock = threading.Lock()
_active_handles: "weakref.WeakKeyDictionary[StreamListener, set[StreamHandle]]" = (
    weakref.WeakKeyDictionary())


def register(listener: "StreamListener | None", handle: "StreamHandle") -> None:
    """Note that ``handle`` delivers to ``listener``."""
    if listener is None:
        return
    with _active_lock:
        try:
            _active_handles.setdefault(listener, set()).add(handle)
        except TypeError:
            pass  # a listener that cannot be weakly referenced


def unregister(listeners: "Iterable[StreamListener | None]", handle: "StreamHandle") -> None:
    """Note that ``handle`` no longer delivers to any of ``listeners``."""
    with _active_lock:
        for listener in listeners:
            if listener is None:
                continue
            try:
                handles = _active_handles.get(listener)
            except TypeError:
                continue
            if handles is not None:
                handles.discard(handle)


# --- the listener ---------------------------------------------------------------------------

class StreamListener:
    """Receives the events of a stream: subclass it and override the ``on_*`` methods
    for the events you care about; the others do nothing.

    Payloads are parsed like REST results: statuses, notifications and conversations
    are :class:`~mastodon.AttribAccessDict` with ``datetime`` dates and
    :class:`~mastodon.MastodonId` IDs; a delete gives the ID of what was deleted.
    """

    def on_update(self, status: Status) -> None:
        """A new status appeared on the stream (a toot dict)."""

    def on_status_update(self, status: Status) -> None:
        """A status on the stream was edited; ``status`` is its new version (a toot dict)."""

    def on_delete(self, status_id: MastodonId) -> None:
        """A status was deleted; ``status_id`` is its ID."""

    def on_notification(self, notification: Notification) -> None:
        """A new notification arrived for the user (a notification dict)."""

    def on_conversation(self, conversation: Conversation) -> None:
        """A direct conversation got a new message (a conversation dict)."""

    def on_filters_changed(self) -> None:
        """The user changed their filters; cached filters should be fetched again."""

    def on_announcement(self, annoucement: Announcement) -> None:
        """The server published an announcement (an announcement dict). The parameter
        keeps the spelling of the library this one replaces."""

    def on_announcement_reaction(self, reaction: StreamReaction) -> None:
        """Someone reacted to an announcement: a dict with ``name``, ``count`` and
        ``announcement_id``."""

    def on_announcement_delete(self, annoucement_id: MastodonId) -> None:
        """An announcement was withdrawn; the parameter is its ID."""

    def on_encrypted_message(self, unclear: Any) -> None:
        """An end-to-end encrypted message event arrived (an experimental Mastodon
        feature); the parameter is its payload as sent."""

    def on_notifications_merged(self) -> None:
        """Notifications from accepted notification requests were merged in; the
        notification list should be fetched again."""

    def on_unknown_event(self, name: str, unknown_event: Any = None) -> None:
        """An event this library does not know arrived: ``name`` is its name,
        ``unknown_event`` its payload, parsed as JSON (``None`` when it has none).

        A listener may instead define a method for such an event, named ``on_`` and the
        event's name with dots as underscores (``on_do_something`` for
        ``do.something``): it gets the payload, and this method is not called."""

    def on_any_event(self, name: str, data: Any = None, for_stream: list[str] | None = None) -> None:
        """Called for every event, before the event's own method: ``name`` is the event
        name, ``data`` its parsed payload, ``for_stream`` the stream it belongs to as a
        list (``["user"]``, ``["hashtag", "python"]``, ...)."""

    def on_abort(self, err: Exception) -> None:
        """A stream's connection failed with ``err`` (a :class:`~mastodon.MastodonError`).

        For a background stream, with reconnecting on, the stream then reconnects
        unless the error is permanent (such as a revoked token). For
        :meth:`handle_stream`, ``err`` is raised once this method returns.

        By default the error is logged (logger ``mastodon``).
        """
        log.warning("streaming connection failed: %s", err)

    def on_websocket_error(self, error: AttribAccessDict, for_stream: list[str] | None = None) -> None:
        """A WebSocket stream reported an error for one subscription (for instance an
        unknown stream or a missing permission): ``error`` is the server's dict with
        ``error`` (the message) and usually ``status``.

        By default the error is logged (logger ``mastodon``).
        """
        log.warning("streaming server reported an error for %s: %s", for_stream, error)

    def handle_heartbeat(self) -> None:
        """The server showed the connection is alive (an SSE comment line, or a
        WebSocket ping or pong) without sending an event."""

    def handle_stream(self, response: ChunkedResponse) -> None:
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
                        payload = _parse_payload(item)
                except (MastodonMalformedEventError, MastodonNetworkError) as err:
                    self.on_abort(err)
                    raise
                # The listener's own methods run outside: their errors are theirs.
                if isinstance(item, _RawEvent):
                    _dispatch(self, item.name, payload, None)
                else:
                    self.handle_heartbeat()
        finally:
            items.close()
            close = getattr(response, "close", None)
            if close is not None:
                close()

    def handle_websocket_message(self, message: str | bytes | dict[str, Any]) -> None:
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
        _dispatch(self, item.name, _parse_payload(item), item.stream)

    def close_stream(self) -> None:
        """Close every stream that delivers to this listener. A blocking ``stream_*``
        call then returns; a background one stops. May be called from an event handler
        or from any other thread. A shared WebSocket connection is closed as a whole."""
        with _active_lock:
            handles = list(_active_handles.get(self, ()))
        for handle in handles:
            handle.close()


# --- the listener that calls functions --------------------------------------------------------

_Listener = TypeVar("_Listener", bound=type[StreamListener])

# Where Mastodon.py's CallbackStreamListener names an event method's parameter otherwise
# than StreamListener does.
_CALLBACK_PARAMETERS = {"on_delete": "deleted_id"}


def _calls_handlers(cls: _Listener) -> _Listener:
    """Give the listener class, for each event of :data:`EVENTS`, the method that calls
    the handler its constructor took for it (unless the class defines that method
    itself). Refuses a class whose constructor takes no handler for an event."""
    parameters = inspect.signature(cls.__init__).parameters
    for event in EVENTS:
        if event.handler not in parameters:
            raise TypeError(f"{cls.__name__} takes no {event.handler} for {event.name} events")
        if event.method not in vars(cls):
            setattr(cls, event.method, _handler_call(cls, event))
    return cls


def _handler_call(cls: type, event: Event) -> Callable[..., None]:
    """The method for one event: it calls the event's handler, if one was given, as the
    :class:`StreamListener` method of the event describes."""
    attribute = event.handler
    base = getattr(StreamListener, event.method)
    base_parameters = list(inspect.signature(base).parameters.values())[1:]
    method: Callable[..., None]
    if not base_parameters:
        def call_without_payload(self: StreamListener) -> None:
            handler = getattr(self, attribute)
            if handler is not None:
                handler()

        method = call_without_payload
        method.__doc__ = f"Call ``{attribute}`` (without arguments)."
        method.__annotations__ = {"return": None}
    else:
        def call_with_payload(self: StreamListener, payload: Any) -> None:
            handler = getattr(self, attribute)
            if handler is not None:
                handler(payload)

        parameter = _CALLBACK_PARAMETERS.get(event.method, base_parameters[0].name)
        # The parameter gets the name Mastodon.py gives it, for keyword calls and help().
        code = call_with_payload.__code__
        call_with_payload.__code__ = code.replace(co_varnames=tuple(
            parameter if name == "payload" else name for name in code.co_varnames))
        method = call_with_payload
        method.__doc__ = f"Call ``{attribute}`` with the payload."
        method.__annotations__ = {parameter: base_parameters[0].annotation, "return": None}
    method.__name__ = event.method
    method.__qualname__ = f"{cls.__qualname__}.{event.method}"
    method.__module__ = cls.__module__
    return method


@_calls_handlers
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

    The method for each event of the event table calls that event's handler; the
    methods written here are those that do more.
    """

    def __init__(self, update_handler: Callable[[Status], object] | None = None,
                 local_update_handler: Callable[[Status], object] | None = None,
                 delete_handler: Callable[[MastodonId], object] | None = None,
                 notification_handler: Callable[[Notification], object] | None = None,
                 conversation_handler: Callable[[Conversation], object] | None = None,
                 unknown_event_handler: Callable[[str, Any], object] | None = None,
                 status_update_handler: Callable[[Status], object] | None = None,
                 filters_changed_handler: Callable[[], object] | None = None,
                 announcement_handler: Callable[[Announcement], object] | None = None,
                 announcement_reaction_handler: Callable[[StreamReaction], object] | None = None,
                 announcement_delete_handler: Callable[[MastodonId], object] | None = None,
                 encryted_message_handler: Callable[[Any], object] | None = None,
                 notifications_merged_handler: Callable[[], object] | None = None,
                 stream_error_handler: Callable[[AttribAccessDict, list[str] | None], object]
                 | None = None,
                 abort_handler: Callable[[Exception], object] | None = None) -> None:
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

    def on_update(self, status: Status) -> None:
        """Call ``update_handler``, then ``local_update_handler`` for a local status."""
        if self.update_handler is not None:
            self.update_handler(status)
        if self.local_update_handler is not None and _is_local(status):
            self.local_update_handler(status)

    def on_unknown_event(self, name: str, unknown_event: Any = None) -> None:
        """Call ``unknown_event_handler`` with the event's name and payload."""
        if self.unknown_event_handler is not None:
            self.unknown_event_handler(name, unknown_event)

    def on_websocket_error(self, error: AttribAccessDict, for_stream: list[str] | None = None) -> None:
        """Call ``stream_error_handler`` with the error and the stream, or log them
        when there is none."""
        if self.stream_error_handler is not None:
            self.stream_error_handler(error, for_stream)
        else:
            super().on_websocket_error(error, for_stream)

    def on_abort(self, err: Exception) -> None:
        """Call ``abort_handler`` with the error, or log it when there is none."""
        if self.abort_handler is not None:
            self.abort_handler(err)
        else:
            super().on_abort(err)


def _is_local(status: Any) -> bool:
    account = status.get("account") if isinstance(status, dict) else None
    acct = account.get("acct") if isinstance(account, dict) else None
    return isinstance(acct, str) and "@" not in acct


# --- delivering an event ----------------------------------------------------------------------

# Listener methods an event name never reaches through the on_<name> rule: the hooks, and
# the methods of the known events (whose wire names differ: "status.update").
_NOT_EVENT_METHODS = frozenset({"on_any_event", "on_unknown_event", "on_abort",
                                "on_websocket_error", *(e.method for e in EVENTS)})


def _own_method_name(name: str) -> str | None:
    """``on_<name>`` (dots as underscores) for an event this library does not know, as a
    listener may define for it; None where that is not a method name or is taken."""
    method = "on_" + name.replace(".", "_")
    if not method.isidentifier() or method in _NOT_EVENT_METHODS:
        return None
    return method


# The on_any_event of StreamListener itself, which does nothing.
_NO_HOOK = StreamListener.on_any_event


def _dispatch(listener: StreamListener, name: str, payload: Any, for_stream: list[Any] | None) -> None:
    """Call the listener's methods for one parsed event."""
    any_event = getattr(listener, "on_any_event", None)
    # Not calling the one that does nothing saves a call per event.
    if any_event is not None and getattr(any_event, "__func__", None) is not _NO_HOOK:
        any_event(name, payload, for_stream)
    entry = _METHODS.get(name)
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

