"""The handle of a running stream: its lifecycle (start, background thread, close),
reconnecting with backoff, catching up after a reconnect, and routing each event to the
listener of its subscription.

A handle opens its connections through :func:`~.connection.open_connection` and does
not care which transport they use. In the background (``run_async=True``) one thread
per handle does the reading; nothing else runs in the background: silence is noticed
through socket timeouts, and :meth:`StreamHandle.close` shuts the socket down to wake a
blocked read at once.

With reconnecting and catch-up on, each subscription remembers the newest status,
notification or conversation it delivered. After a reconnect it asks the REST API for
what came after those, delivers it, and only then reads the new connection, skipping
anything it already delivered.
"""

import logging
import threading
import time
from typing import TYPE_CHECKING, Any, ClassVar, Self

from ..errors import (
    MastodonAPIError,
    MastodonIllegalArgumentError,
    MastodonNetworkError,
    MastodonVersionError,
)
from . import listeners
from .catchup import CatchUpSource
from .connection import Connection, open_connection
from .events import _HEARTBEAT, _BadInput, _parse_payload, _RawEvent
from .listeners import StreamListener, _dispatch
from .subscriptions import Subscription, SubscriptionView, _list_param, subscription_for

if TYPE_CHECKING:
    from ..streaming_endpoints import StreamingEndpointsMixin

__all__ = ["SSEStreamHandle", "StreamHandle", "WebSocketStreamHandle", "WebSocketSubscription"]

log = logging.getLogger("mastodon")

_PERMANENT_STATUSES = frozenset({400, 401, 403, 404, 405, 410, 422})


def _is_permanent(err: Exception) -> bool:
    """Errors that another attempt will not fix."""
    if isinstance(err, (MastodonIllegalArgumentError, MastodonVersionError)):
        return True
    return isinstance(err, MastodonAPIError) and err.status_code in _PERMANENT_STATUSES


class HandleCore:
    """What the sync and the asyncio stream handles share: their settings, who hears an
    event or a failure, and how long to wait before reconnecting. (The I/O, threads or
    tasks, is each handle's own.)"""

    HEALTHY_AFTER: ClassVar[float] = 30.0  # a connection up this long resets the backoff
    MAX_BACKOFF: ClassVar[float] = 300.0
    CLOSE_WAIT: ClassVar[float] = 1.0  # how long close() waits for the reading to end

    def __init__(self, client: Any, listener: StreamListener | None, *,
                 transport: str = "auto", timeout: float = 300, silence_timeout: float = 60,
                 reconnect: bool = False, reconnect_wait: float = 5, catch_up: bool = True,
                 multiplex: bool = False) -> None:
        self._client = client
        self._listener = listener
        self._transport = transport
        self._silence = min(float(timeout), float(silence_timeout))
        self._reconnect = bool(reconnect)
        self._reconnect_wait = float(reconnect_wait)
        self._catch_up = bool(catch_up) and self._reconnect
        self._multiplex = multiplex
        self._subscriptions: list[Subscription] = []
        self._receiving = False
        self._failures = 0
        self._connected_at = 0.0
        self._delivered_since_connect = False

    def _connected(self) -> None:
        """A connection is up: the clock of its health starts."""
        self._connected_at = time.monotonic()
        self._delivered_since_connect = False

    def _reconnect_delay(self, was_connected: bool) -> float:
        """Seconds to wait before reconnecting after a failure. A connection that was
        healthy (it delivered an event, or stayed up ``HEALTHY_AFTER`` seconds) starts
        the count of failures in a row again."""
        healthy = was_connected and (
            self._delivered_since_connect
            or time.monotonic() - self._connected_at >= self.HEALTHY_AFTER)
        self._failures = 1 if healthy else self._failures + 1
        return self._backoff_delay(self._failures)

    def _backoff_delay(self, failures: int) -> float:
        """Seconds to wait before reconnecting after ``failures`` failures in a row: the
        reconnect wait, doubled for each failure after the first, at most
        ``MAX_BACKOFF`` (or the reconnect wait, if that is longer)."""
        # The exponent stops growing long after the cap is reached (2 ** 64 times any
        # wait worth waiting is beyond it), so a long outage cannot overflow the float.
        doubling = 2.0 ** min(max(failures - 1, 0), 64)
        return min(self._reconnect_wait * doubling, max(self._reconnect_wait, self.MAX_BACKOFF))

    def _listener_for(self, sub: Subscription | None) -> StreamListener | None:
        if sub is not None and sub.listener is not None:
            return sub.listener
        return self._listener

    def _abort_listeners(self) -> list[StreamListener]:
        """Who hears that the connection failed: the handle's listener, or (on a shared
        WebSocket without one) each stream's listener, once each."""
        if self._listener is not None:
            return [self._listener]
        found: list[StreamListener] = []
        for sub in self._subscriptions:
            if sub.listener is not None and all(sub.listener is not f for f in found):
                found.append(sub.listener)
        return found


class StreamHandle(HandleCore):
    """A running stream: what the ``stream_*`` methods return with ``run_async=True``
    (an :class:`SSEStreamHandle`) and what :meth:`Mastodon.stream_open_websocket`
    returns (a :class:`WebSocketStreamHandle`).

    One background thread reads the connection and calls the listener. With
    reconnecting on, it replaces a failed or silent connection (waiting
    ``reconnect_async_wait_sec``, doubling for each failure in a row, up to five
    minutes) and, with catch-up on, delivers what the stream missed meanwhile.
    """

    def __init__(self, client: "StreamingEndpointsMixin", listener: StreamListener | None, *,
                 transport: str = "auto", timeout: float = 300, silence_timeout: float = 60,
                 reconnect: bool = False, reconnect_wait: float = 5, catch_up: bool = True,
                 multiplex: bool = False) -> None:
        super().__init__(client, listener, transport=transport, timeout=timeout,
                         silence_timeout=silence_timeout, reconnect=reconnect,
                         reconnect_wait=reconnect_wait, catch_up=catch_up, multiplex=multiplex)
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._conn: Connection | None = None
        self._thread: threading.Thread | None = None
        self._async = False

    def __repr__(self) -> str:
        streams = ", ".join(":".join(s.for_stream) for s in self._subscriptions) or "no streams"
        state = "receiving" if self.is_receiving() else ("alive" if self.is_alive() else "closed")
        return f"<{type(self).__name__} {streams} ({state})>"

    # --- public API

    def close(self) -> None:
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

    def is_alive(self) -> bool:
        """Whether the stream is still running (connected, or waiting to reconnect)."""
        thread = self._thread
        if thread is not None:
            return thread.is_alive()
        return not self._stop.is_set() and self._conn is not None

    def is_receiving(self) -> bool:
        """Whether the stream is connected and reading events right now (not failed,
        waiting to reconnect, catching up or closed)."""
        return self._receiving and not self._stop.is_set()

    def join(self, timeout: float | None = None) -> None:
        """Wait until the background thread ends (after :meth:`close`, or an error it
        does not recover from), at most ``timeout`` seconds. Returns at once when
        called from the stream's own thread (a handler)."""
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    # --- starting

    def _first_connection(self) -> Connection:
        """Register the listener and connect; a failed connection unregisters it."""
        self._register(self._listener)
        try:
            return self._connect(first=True)
        except BaseException:
            self._unregister()
            raise

    def _start(self, subscription: Subscription, run_async: bool) -> Self | None:
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

    def _send(self, message: dict[str, Any]) -> None:
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

    def _start_thread(self, conn: Connection | None) -> None:
        self._async = True
        names = ",".join(":".join(s.for_stream) for s in self._subscriptions) or "websocket"
        self._thread = threading.Thread(target=self._run, args=(conn,), daemon=True,
                                        name=f"mastodon-stream-{names}")
        self._thread.start()

    # --- listener registry (for StreamListener.close_stream)

    def _register(self, listener: StreamListener | None) -> None:
        listeners.register(listener, self)

    def _unregister(self, listener: StreamListener | None = None) -> None:
        if listener is not None:
            listeners.unregister([listener], self)
        else:
            listeners.unregister([self._listener, *(s.listener for s in self._subscriptions)],
                                 self)

    # --- connecting

    def _connect(self, first: bool) -> Connection:
        """Open a connection, subscribe, and catch up (or note where to catch up from)."""
        single = None if self._multiplex else self._subscriptions[0]
        conn = open_connection(self._client, single, self._transport, self._silence)
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
        self._connected()
        self._receiving = not self._stop.is_set()
        return conn

    def _drop(self, conn: Connection) -> None:
        with self._lock:
            if self._conn is conn:
                self._conn = None
        self._receiving = False
        conn.close()

    # --- reading

    def _serve(self, conn: Connection) -> None:
        """Read events until the connection ends; raises the reason it ended."""
        single = None if self._multiplex else self._subscriptions[0]
        # The stream of a single subscription's events, worked out once per connection
        # (each event gets its own copy of the list).
        single_stream = tuple(single.for_stream) if single is not None else ()
        stop = self._stop
        for item in conn.events():
            if stop.is_set():
                return
            if isinstance(item, _RawEvent):  # the common case first
                sub = single or self._route(item.stream)
                if sub is None and self._listener is None:
                    log.debug("dropping a %s event for %s: nobody listens", item.name, item.stream)
                    continue
                payload = _parse_payload(item)
                stream = item.stream
                if not stream:
                    stream = (list(single_stream) if single is not None
                              else sub.for_stream if sub is not None else None)
                self._deliver(sub, item.name, payload, stream)
                self._delivered_since_connect = True
            elif item is _HEARTBEAT:
                self._call(self._listener_for(single), "handle_heartbeat")
            elif isinstance(item, _BadInput):
                raise item.error()
            else:  # an error a WebSocket server reported for a stream
                sub = single or self._route(item.stream)
                self._call(self._listener_for(sub), "on_websocket_error", item.error,
                           item.stream)
        if not stop.is_set():
            raise MastodonNetworkError("the server ended the stream")

    def _route(self, stream_field: list[Any] | None) -> Subscription | None:
        with self._lock:
            for sub in self._subscriptions:
                if sub.matches_message(stream_field):
                    return sub
        return None

    def _deliver(self, sub: Subscription | None, name: str, payload: Any,
                 stream: list[Any] | None) -> None:
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

    def _call(self, listener: StreamListener | None, method: str, *args: Any) -> None:
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

    def _deliver_missed(self, sub: Subscription, source: CatchUpSource) -> None:
        for item in source.missed(self._client):
            if self._stop.is_set():
                return
            if source.seen(item):
                continue
            self._deliver(sub, source.event, item, sub.for_stream)

    # --- the background thread

    def _run(self, conn: Connection | None) -> None:
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
                delay = self._reconnect_delay(conn is not None)
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

    def _abort(self, err: Exception) -> None:
        """Report a failed connection: to the handle's listener, or (on a shared
        WebSocket without one) to each stream's listener."""
        found = self._abort_listeners()
        if not found:
            log.warning("streaming connection failed: %s", err)
        for listener in found:
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

    def __init__(self, client: "StreamingEndpointsMixin", listener: StreamListener | None, *,
                 transport: str = "auto", timeout: float = 300, silence_timeout: float = 60,
                 reconnect: bool = False, reconnect_wait: float = 5,
                 catch_up: bool = True) -> None:
        super().__init__(client, listener, transport=transport, timeout=timeout,
                         silence_timeout=silence_timeout, reconnect=reconnect,
                         reconnect_wait=reconnect_wait, catch_up=catch_up, multiplex=False)


class WebSocketStreamHandle(StreamHandle):
    """One WebSocket connection that carries several streams, from
    :meth:`Mastodon.stream_open_websocket`.

    Streams are added with :meth:`subscribe` (or by passing the handle as
    ``websocket_handle`` to a ``stream_*`` method), each with its own listener or the
    handle's, and dropped with :meth:`unsubscribe` or the subscription's ``close()``.
    :meth:`close` ends the connection and every stream on it. On reconnect every stream
    is subscribed again and, with catch-up on, caught up.
    """

    def __init__(self, client: "StreamingEndpointsMixin", listener: StreamListener | None, *,
                 timeout: float = 300, silence_timeout: float = 60, reconnect: bool = False,
                 reconnect_wait: float = 5, catch_up: bool = True) -> None:
        super().__init__(client, listener, transport="websocket", timeout=timeout,
                         silence_timeout=silence_timeout, reconnect=reconnect,
                         reconnect_wait=reconnect_wait, catch_up=catch_up, multiplex=True)
        self._views: dict[Subscription, WebSocketSubscription] = {}

    def subscribe(self, stream: str, listener: StreamListener | None = None,
                  **params: Any) -> "WebSocketSubscription":
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

    def subscriptions(self) -> "list[WebSocketSubscription]":
        """The streams this connection carries now, as :class:`WebSocketSubscription`
        objects, in the order they were added (none once it is closed)."""
        with self._lock:
            if self._stop.is_set():
                return []
            return [self._views[sub] for sub in self._subscriptions if sub in self._views]

    def unsubscribe(self, stream: str, **params: Any) -> Self:
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

    def _start_multiplexed(self) -> Self:
        """Open the connection without streams; they are added with
        :meth:`_add_subscription`."""
        self._start_thread(self._first_connection())
        return self

    def _add_subscription(self, subscription: Subscription) -> "WebSocketSubscription":
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

    def _remove_subscription(self, subscription: Subscription) -> None:
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

    def _carries(self, subscription: Subscription) -> bool:
        with self._lock:
            return subscription in self._subscriptions and not self._stop.is_set()


class WebSocketSubscription(SubscriptionView):
    """One stream on a :class:`WebSocketStreamHandle`: what
    :meth:`WebSocketStreamHandle.subscribe` returns, and the ``stream_*`` methods when
    given a ``websocket_handle``.

    ``stream`` is its name, ``params`` its parameters (``{"tag": "python"}``),
    ``listener`` the listener it delivers to (``None``: the handle's).
    """

    handle: WebSocketStreamHandle

    def close(self) -> None:
        """Stop receiving this stream (the connection and its other streams go on).
        Does nothing when it was already dropped."""
        self.handle._remove_subscription(self._subscription)

    def is_alive(self) -> bool:
        """Whether the connection still carries this stream and is running (connected,
        or waiting to reconnect)."""
        return self.handle._carries(self._subscription) and self.handle.is_alive()

    def is_receiving(self) -> bool:
        """Whether the connection carries this stream and is reading events right now."""
        return self.handle._carries(self._subscription) and self.handle.is_receiving()

    def __repr__(self) -> str:
        state = ("receiving" if self.is_receiving() else
                 "alive" if self.is_alive() else "closed")
        return f"<WebSocketSubscription {':'.join(self._subscription.for_stream)} ({state})>"
