"""Streaming for :class:`~mastodon.AsyncMastodon`: the same streams, listeners, parsing,
reconnecting and catch-up as the sync client's, in the event loop, on the client's own
aiohttp connection pool.

What is the sync client's is reused as it is: the SSE parser (:mod:`.sse`), the event
table and payload parsing (:mod:`.events`), WebSocket message parsing, the subscriptions
and the catch-up bookkeeping. What differs is here: the connections (SSE and WebSocket on
aiohttp), the handles (an asyncio task per stream instead of a thread), and delivering
an event to a listener whose handlers may be ``async def`` (what a handler returns is
awaited when it is awaitable).

A handle's stream runs in one task. :meth:`AsyncStreamHandle.close` cancels it, so a
read blocked on a silent server ends at once. A handle without a listener gives its
events to ``async for``, as :class:`StreamEvent` tuples.
"""

import asyncio
import inspect
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, Self, cast
from urllib.parse import urlencode

import aiohttp
import requests

from .. import _policy
from .._answers import answer_error
from .._async_io import _TEMPLATE
from ..errors import (
    MastodonAPIError,
    MastodonIllegalArgumentError,
    MastodonNetworkError,
    MastodonReadTimeout,
)
from ..streaming_endpoints import _check_stream_arguments, _check_timeouts
from . import listeners
from .catchup import BASELINE_FAILURES, CatchUpSource
from .events import _HEARTBEAT, _METHODS, EVENTS, Item, _BadInput, _parse_payload, _RawEvent
from .handle import HandleCore, _is_permanent
from .listeners import (
    _NO_HOOK,
    CallbackStreamListener,
    StreamListener,
    _is_local,
    _own_method_name,
)
from .sse import SSEParser, not_an_event_stream, sse_target, stream_request
from .subscriptions import Subscription, SubscriptionView, _list_param, subscription_for
from .websocket import _AUTH_STYLES, _parse_ws_message, _websocket_base

if TYPE_CHECKING:
    from .._async_io import AsyncIO

__all__ = ["AsyncStreamHandle", "AsyncWebSocketStreamHandle", "AsyncWebSocketSubscription",
           "StreamEvent", "open_websocket", "start_stream"]

log = logging.getLogger("mastodon")

# The client as this module calls it: the generated AsyncMastodon (its endpoint methods
# are not known to the type checker through AsyncIO).
_Client = Any

# How many events a handle without a listener holds for ``async for`` before it stops
# reading (and so lets TCP hold the server back) until the consumer catches up.
_BUFFERED_EVENTS = 1024
# An error answer to a WebSocket handshake is read this far, for its message.
_HANDSHAKE_BODY_LIMIT = 64 * 1024


class StreamEvent(NamedTuple):
    """One event of a stream, as ``async for event in handle`` gives it."""

    #: The event's name as the server sends it: ``"update"``, ``"status.update"``,
    #: ``"delete"``, ``"notification"``, ...
    name: str
    #: The payload, parsed as a listener gets it: a status, notification or
    #: conversation (an :class:`~mastodon.AttribAccessDict` entity), a
    #: :class:`~mastodon.MastodonId` for deletions, ``None`` for events without one.
    payload: Any
    #: The stream it belongs to: ``["user"]``, ``["hashtag", "python"]``, ...
    stream: list[Any] | None


# --- delivering to a listener whose handlers may be coroutines ---------------------------

async def _settle(result: Any) -> None:
    if inspect.isawaitable(result):
        await result


# The methods CallbackStreamListener has for its handlers. They call the handler and drop
# what it returns, so an ``async def`` handler is called here instead, and awaited.
_CALLBACK_METHODS = {name: value for name, value in vars(CallbackStreamListener).items()
                     if name.startswith("on_") and callable(value)}
_EVENT_HANDLERS = {event.method: event.handler for event in EVENTS}


def _callback_calls(listener: CallbackStreamListener, method: str,
                    args: tuple[Any, ...]) -> Iterator[tuple[Callable[..., Any], tuple[Any, ...]]]:
    """What ``CallbackStreamListener.<method>(*args)`` calls, as (function, arguments)."""
    handler: Callable[..., Any] | None
    if method == "on_abort":
        handler = listener.abort_handler
        yield (handler, args) if handler is not None else (
            lambda *a: StreamListener.on_abort(listener, *a), args)
        return
    if method == "on_websocket_error":
        handler = listener.stream_error_handler
        yield (handler, args) if handler is not None else (
            lambda *a: StreamListener.on_websocket_error(listener, *a), args)
        return
    if method == "on_unknown_event":
        handler = listener.unknown_event_handler
    else:
        handler = getattr(listener, _EVENT_HANDLERS[method])
    if handler is not None:
        yield handler, args
    if method == "on_update" and listener.local_update_handler is not None \
            and _is_local(args[0]):
        yield listener.local_update_handler, args


async def _invoke(listener: StreamListener, method: str, *args: Any) -> None:
    """Call ``listener.<method>(*args)`` and await what it returns, if awaitable."""
    if isinstance(listener, CallbackStreamListener):
        own = _CALLBACK_METHODS.get(method)
        if own is not None and getattr(type(listener), method, None) is own:
            for function, arguments in _callback_calls(listener, method, args):
                await _settle(function(*arguments))
            return
    handler = getattr(listener, method, None)
    if handler is not None:
        await _settle(handler(*args))


async def _dispatch(listener: StreamListener, name: str, payload: Any,
                    for_stream: list[Any] | None) -> None:
    """Call the listener's methods for one parsed event, as the sync client does
    (listeners._dispatch), awaiting each."""
    any_event = getattr(listener, "on_any_event", None)
    if any_event is not None and getattr(any_event, "__func__", None) is not _NO_HOOK:
        await _invoke(listener, "on_any_event", name, payload, for_stream)
    entry = _METHODS.get(name)
    if entry is None:
        method = _own_method_name(name)
        if method is not None and getattr(listener, method, None) is not None:
            await _invoke(listener, method, payload)
        else:
            await _invoke(listener, "on_unknown_event", name, payload)
        return
    if entry[1]:
        await _invoke(listener, entry[0], payload)
    else:
        await _invoke(listener, entry[0])


# --- catch-up: the sync bookkeeping around awaited requests --------------------------------

async def _baseline(source: CatchUpSource, client: _Client) -> None:
    """:meth:`CatchUpSource.baseline`, awaited."""
    try:
        page = await client._api_request("GET", source.path, source.baseline_params())
    except BASELINE_FAILURES as exc:
        source.baseline_failed(exc)
        return
    source.baseline_from(page)


async def _missed(source: CatchUpSource, client: _Client) -> AsyncIterator[Any]:
    """:meth:`CatchUpSource.missed`, awaited: the items after the cursor, oldest first."""
    cursor = source.cursor
    if not source.enabled or cursor is None:
        return
    if source.by_last_status:
        found: list[Any] = []
        page = await client._api_request("GET", source.path, source.page_params())
        for _ in range(source.MAX_PAGES):
            if source.collect_conversations(page, cursor, found):
                break
            page = await client.fetch_next(page)
        found.sort(key=source._order)
        for item in found:
            yield item
        return
    while True:
        page = await client._api_request("GET", source.path, source.page_params(cursor))
        fresh = source.fresh(page, cursor)
        if not fresh:
            return
        for item in fresh:
            yield item
        cursor = source._order(fresh[-1])


# --- connections ---------------------------------------------------------------------------

def _reach(client: "AsyncIO", url: str) -> tuple[str | None, Any]:
    """The proxy and TLS settings for ``url`` (http(s) or ws(s)), as the client's REST
    requests get them (_async_io._send_hop)."""
    http_url = ("https" if url.startswith(("https:", "wss:")) else "http") + url[url.index(":"):]
    settings = client._send_settings.for_url(_TEMPLATE, http_url)
    proxy = requests.utils.select_proxy(http_url, settings["proxies"])
    if proxy is not None and not proxy.lower().startswith(("http://", "https://")):
        raise MastodonIllegalArgumentError(
            f"the proxy for {http_url.split('/')[2]} is {_policy.redact_text(proxy)}: the "
            "asyncio client speaks to http:// and https:// proxies only")
    return proxy, client._tls(http_url, settings["verify"], settings["cert"])


class _SSEConnection:
    """One Server-Sent Events stream, read from an aiohttp response."""

    transport: ClassVar[str] = "sse"

    def __init__(self, response: requests.Response, silence: float) -> None:
        self.response = response
        self.answer = cast(aiohttp.ClientResponse, response.raw)
        self.parser = SSEParser()
        connection = self.answer.connection
        protocol = connection.protocol if connection is not None else None
        if protocol is not None and hasattr(protocol, "read_timeout"):
            # Connecting took the request timeout; a stream may be silent this long.
            protocol.read_timeout = silence

    @staticmethod
    def base_url(http_base: str) -> str:
        return http_base

    @classmethod
    async def open(cls, client: _Client, subscription: Subscription | None, base: str,
                   timeout: float, silence: float) -> "_SSEConnection":
        path, params = sse_target(subscription)
        # The request the sync client sends (streaming/sse.py), through the same
        # transport: the connection policy, redirects and error answers are its.
        response: requests.Response = await client._api_request(
            "GET", path, params, **stream_request(base, timeout))
        kind = response.headers.get("Content-Type", "")
        if "text/event-stream" not in kind.lower():
            answer = cast(aiohttp.ClientResponse, response.raw)
            try:
                async with asyncio.timeout(silence):
                    excerpt = await answer.content.read(2048)
            except Exception:
                excerpt = b""
            answer.close()
            raise not_an_event_stream(path, kind, excerpt)
        return cls(response, silence)

    async def read(self) -> list[Item] | None:
        """The items of the next chunk that arrives; None at the end of the stream."""
        try:
            chunk = await self.answer.content.readany()
        except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
            raise MastodonReadTimeout(f"the stream sent nothing in time ({exc!r})") from exc
        except (aiohttp.ClientError, OSError, ValueError) as exc:
            raise MastodonNetworkError(f"the stream broke ({exc!r})") from exc
        if not chunk:
            return None
        return list(self.parser.feed(chunk))

    async def send(self, message: dict[str, Any]) -> None:
        raise MastodonIllegalArgumentError(
            f"a Server-Sent Events stream takes no messages, not even {message.get('type')!r}")

    async def close(self) -> None:
        self.answer.close()


class _HandshakeAnswer(Exception):
    """A WebSocket handshake answered otherwise than by switching protocols (raised in
    aiohttp's request, where its answer can still be read)."""

    def __init__(self, status: int, reason: str | None, headers: dict[str, str],
                 body: bytes) -> None:
        super().__init__(status)
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body


async def _on_handshake_redirect(session: aiohttp.ClientSession, context: Any,
                                 params: aiohttp.TraceRequestRedirectParams) -> None:
    # Not followed: the token would go along (aiohttp would follow it, subprotocol and
    # query and all).
    answer = params.response
    raise _HandshakeAnswer(answer.status, answer.reason, dict(answer.headers), b"")


async def _on_handshake_end(session: aiohttp.ClientSession, context: Any,
                            params: aiohttp.TraceRequestEndParams) -> None:
    answer = params.response
    if answer.status == 101:
        return
    try:
        body = await answer.content.read(_HANDSHAKE_BODY_LIMIT)
    except (TimeoutError, aiohttp.ClientError, OSError):
        body = b""
    raise _HandshakeAnswer(answer.status, answer.reason, dict(answer.headers), body)


def _handshake_session(client: "AsyncIO", timeout: float) -> aiohttp.ClientSession:
    """A session on the client's connection pool whose requests stop at an answer that
    is not ``101 Switching Protocols`` (aiohttp's ``ws_connect`` follows redirects and
    does not keep the body of an error answer)."""
    trace = aiohttp.TraceConfig()
    trace.on_request_redirect.append(_on_handshake_redirect)
    trace.on_request_end.append(_on_handshake_end)
    return aiohttp.ClientSession(
        connector=client._aiohttp_session().connector, connector_owner=False,
        trace_configs=[trace],
        timeout=aiohttp.ClientTimeout(total=None, sock_connect=timeout, sock_read=timeout))


class _WebSocketConnection:
    """One WebSocket (one stream, or several through subscribe messages), on aiohttp."""

    transport: ClassVar[str] = "websocket"

    def __init__(self, ws: aiohttp.ClientWebSocketResponse, session: aiohttp.ClientSession,
                 silence: float, description: str) -> None:
        self.ws = ws
        self.session = session
        self.silence = silence
        self.description = description
        self.last_heard = time.monotonic()
        self._send_lock = asyncio.Lock()

    @staticmethod
    def base_url(http_base: str) -> str:
        return _websocket_base(http_base)

    @classmethod
    async def open(cls, client: _Client, subscription: Subscription | None, base: str,
                   timeout: float, silence: float) -> "_WebSocketConnection":
        """Open a WebSocket at ``base`` (checked by the caller against the connection
        policy), the token sent the way the server took it last time, or the first of
        the ways (streaming/websocket.py) it takes."""
        params = subscription.ws_params() if subscription is not None else {}
        token = client.access_token or ""
        known = client._streaming_ws_auth_hint()
        styles: tuple[str | None, ...] = ((known,) if known else _AUTH_STYLES) if token else (None,)
        proxy, tls = _reach(client, base)
        shown = base + "/api/v1/streaming" + ("?" + urlencode(params) if params else "")
        for index, style in enumerate(styles):
            headers = {"User-Agent": client.user_agent}
            protocols: tuple[str, ...] = ()
            query = dict(params)
            if style == "header":
                headers["Authorization"] = f"Bearer {token}"
            elif style == "subprotocol":
                protocols = (token,)
            elif style == "query":
                query["access_token"] = token
            url = base + "/api/v1/streaming" + ("?" + urlencode(query) if query else "")
            last = index == len(styles) - 1
            session = _handshake_session(client, timeout)
            try:
                ws = await session.ws_connect(
                    url, headers=headers, protocols=protocols, proxy=proxy, ssl=tls,
                    autoping=False, timeout=aiohttp.ClientWSTimeout(ws_receive=None, ws_close=timeout),
                    max_msg_size=SSEParser.MAX_LINE)
            except _HandshakeAnswer as answer:
                await session.close()
                if answer.status in (401, 403) and not last:
                    log.debug("WebSocket handshake with %s auth refused (%s); trying another way",
                              style, answer.status)
                    continue
                if answer.status in (301, 302, 303, 307, 308):
                    target = answer.headers.get("Location") or "(no location)"
                    raise MastodonAPIError(
                        f"WebSocket {shown}: the server redirected to "
                        f"{_policy.redact_text(target)} with HTTP {answer.status}; not followed "
                        "(the token would go along). The streaming URL comes from the "
                        "instance's urls.streaming_api", answer.status, None, None, None,
                        answer.headers) from None
                raise answer_error(f"WebSocket {shown}", answer.status, answer.reason,
                                   answer.headers, answer.body) from None
            except aiohttp.WSServerHandshakeError as exc:
                await session.close()
                if style == "subprotocol" and not last:
                    continue  # the server does not take the token as a subprotocol
                raise MastodonNetworkError(
                    f"WebSocket connection to {shown} failed ({exc.message})") from None
            except (TimeoutError, aiohttp.ClientError, OSError) as exc:
                await session.close()
                raise MastodonNetworkError(
                    f"could not connect to {shown} ({exc!r})") from None
            except BaseException:
                await session.close()
                raise
            if style == "query":
                log.info("the streaming server takes the token only in the URL (legacy)")
            if style is not None:
                client._remember_ws_auth(style)
            return cls(ws, session, silence, shown)
        raise MastodonNetworkError(f"WebSocket connection to {shown} failed")

    async def read(self) -> list[Item] | None:
        """The next message as items; pings a few times per silence period, so that a
        quiet but live connection answers."""
        ws = self.ws
        tick = max(min(self.silence / 3.0, 15.0), 0.01)
        while True:
            try:
                message = await ws.receive(timeout=tick)
            except TimeoutError:
                if time.monotonic() - self.last_heard >= self.silence:
                    raise MastodonReadTimeout(
                        f"the WebSocket stream sent nothing for {self.silence:g} s") from None
                try:
                    await ws.ping()
                except (aiohttp.ClientError, OSError, RuntimeError) as exc:
                    raise MastodonNetworkError(f"the WebSocket stream broke ({exc!r})") from exc
                continue
            except (aiohttp.ClientError, OSError) as exc:
                raise MastodonNetworkError(f"the WebSocket stream broke ({exc!r})") from exc
            self.last_heard = time.monotonic()
            kind = message.type
            if kind is aiohttp.WSMsgType.TEXT or kind is aiohttp.WSMsgType.BINARY:
                return [_parse_ws_message(message.data)]
            if kind is aiohttp.WSMsgType.PING:
                await ws.pong(message.data)
                return [_HEARTBEAT]
            if kind is aiohttp.WSMsgType.PONG:
                return [_HEARTBEAT]
            if kind is aiohttp.WSMsgType.CLOSE:
                reason = f": {message.extra}" if message.extra else ""
                raise MastodonNetworkError(
                    f"the server closed the WebSocket stream (code {message.data}{reason})")
            error = ws.exception()
            raise MastodonNetworkError(
                f"the WebSocket stream broke ({error!r})" if error is not None
                else "the WebSocket stream broke (closed)")

    async def send(self, message: dict[str, Any]) -> None:
        try:
            async with self._send_lock:
                await self.ws.send_json(message)
        except (aiohttp.ClientError, OSError, RuntimeError) as exc:
            raise MastodonNetworkError(f"could not send to the WebSocket stream ({exc!r})") from exc

    async def close(self) -> None:
        try:
            await asyncio.wait_for(self.ws.close(), 1.0)
        except (TimeoutError, aiohttp.ClientError, OSError):
            log.debug("closing a WebSocket failed", exc_info=True)
        finally:
            await self.session.close()


_Connection = _SSEConnection | _WebSocketConnection


async def _open_connection(client: _Client, subscription: Subscription | None, transport: str,
                           silence: float) -> _Connection:
    """Open a connection as the sync client does (streaming/connection.py): over SSE,
    or WebSocket when asked, for several streams, or once the server has shown it
    streams only that way (a 404 on SSE with ``transport="auto"``)."""
    if subscription is None or transport == "websocket" or (
            transport == "auto" and client._streaming_transport_hint()):
        return await _open(_WebSocketConnection, client, subscription, silence)
    try:
        return await _open(_SSEConnection, client, subscription, silence)
    except MastodonAPIError as exc:
        if transport != "auto" or exc.status_code != 404:
            raise
        log.info("no Server-Sent Events stream at %s (HTTP 404); using WebSocket",
                 subscription.sse_path)
        client._remember_websocket_only()
        return await _open(_WebSocketConnection, client, subscription, silence)


async def _open(kind: type[_SSEConnection] | type[_WebSocketConnection], client: _Client,
                subscription: Subscription | None, silence: float) -> _Connection:
    base = kind.base_url(await client._streaming_base_url())
    _policy.check_url(base, client.allow_http)
    timeout = min(silence, float(client.request_timeout or silence))
    return await kind.open(client, subscription, base, timeout, silence)


# --- the handles ---------------------------------------------------------------------------

class _Closer:
    """What StreamListener.close_stream() closes (from a handler, another task or
    another thread) for an asyncio handle: it asks the handle's task to stop."""

    def __init__(self, handle: "AsyncStreamHandle") -> None:
        self.handle = handle

    def close(self) -> None:
        handle = self.handle
        loop = handle._loop
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop or loop is None:
            handle._stop()
        elif not loop.is_closed():
            loop.call_soon_threadsafe(handle._stop)


_END: Any = object()  # the end of a handle's events, for ``async for``
_RUNNING: set["asyncio.Task[None]"] = set()  # the streams' tasks, kept until they end


class AsyncStreamHandle(HandleCore):
    """A running stream of :class:`~mastodon.AsyncMastodon`: what the ``stream_*``
    methods return with ``run_async=True``.

    The stream runs in an asyncio task of its own. With reconnecting on, the task
    replaces a failed or silent connection (waiting ``reconnect_async_wait_sec``,
    doubling for each failure in a row, up to five minutes) and, with catch-up on,
    delivers what the stream missed meanwhile, as the sync client does.

    Events go to the listener, whose methods (or a
    :class:`~mastodon.CallbackStreamListener`'s functions) may be plain functions or
    ``async def``. A stream started without a listener gives its events to ``async
    for event in handle`` instead, as :class:`StreamEvent` tuples; the iteration
    ends when the stream is closed and raises the error that ended it otherwise.
    ``async with handle:`` closes it on the way out.
    """

    def __init__(self, client: _Client, listener: StreamListener | None, *,
                 transport: str = "auto", timeout: float = 300, silence_timeout: float = 60,
                 reconnect: bool = False, reconnect_wait: float = 5, catch_up: bool = True,
                 multiplex: bool = False) -> None:
        super().__init__(client, listener, transport=transport, timeout=timeout,
                         silence_timeout=silence_timeout, reconnect=reconnect,
                         reconnect_wait=reconnect_wait, catch_up=catch_up, multiplex=multiplex)
        self._stopped = False
        self._conn: _Connection | None = None
        self._task: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._background = False
        self._error: Exception | None = None
        self._closer = _Closer(self)
        self._events: asyncio.Queue[Any] = asyncio.Queue(_BUFFERED_EVENTS)
        self._ended = False

    def __repr__(self) -> str:
        streams = ", ".join(":".join(s.for_stream) for s in self._subscriptions) or "no streams"
        state = "receiving" if self.receiving else ("alive" if self.running else "closed")
        return f"<{type(self).__name__} {streams} ({state})>"

    # --- public API

    async def close(self) -> None:
        """Stop the stream and close its connection: the task reading it is cancelled,
        so this returns at once even while the server is silent, and no event is
        delivered after it returns. May be awaited from a handler."""
        self._stop()
        task = self._task
        if task is not None and task is not asyncio.current_task() and not task.done():
            await asyncio.wait({task}, timeout=self.CLOSE_WAIT)

    @property
    def running(self) -> bool:
        """Whether the stream is still running (connected, or waiting to reconnect)."""
        task = self._task
        if task is not None:
            return not task.done()
        return not self._stopped and self._conn is not None

    @property
    def receiving(self) -> bool:
        """Whether the stream is connected and reading events right now (not failed,
        waiting to reconnect, catching up or closed)."""
        return self._receiving and not self._stopped

    @property
    def closed(self) -> bool:
        """Whether the stream has ended for good: closed, or stopped by an error it does
        not recover from (:attr:`error`)."""
        return self._stopped or not self.running

    @property
    def error(self) -> Exception | None:
        """The error that ended the stream, if one did (``None`` after :meth:`close`)."""
        return self._error

    def is_alive(self) -> bool:
        """:attr:`running`, as the sync handles name it."""
        return self.running

    def is_receiving(self) -> bool:
        """:attr:`receiving`, as the sync handles name it."""
        return self.receiving

    async def join(self, timeout: float | None = None) -> None:
        """Wait until the stream ends (after :meth:`close`, or an error it does not
        recover from), at most ``timeout`` seconds. Returns at once when awaited from
        the stream's own task (a handler)."""
        task = self._task
        if task is not None and task is not asyncio.current_task() and not task.done():
            await asyncio.wait({task}, timeout=timeout)

    def __aiter__(self) -> Self:
        if self._listener is not None and not self._multiplex:
            raise MastodonIllegalArgumentError(
                "this stream delivers its events to its listener; start it without one "
                "(listener=None) to iterate over them")
        return self

    async def __anext__(self) -> StreamEvent:
        events = self._events
        if self._ended and events.empty():
            raise self._end_of_events()
        item = await events.get()
        if item is _END:
            events.put_nowait(_END)  # for any other consumer
            raise self._end_of_events()
        event: StreamEvent = item
        return event

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # --- lifecycle

    def _end_of_events(self) -> BaseException:
        if self._error is not None:
            return self._error
        return StopAsyncIteration()

    def _stop(self) -> None:
        """Ask the stream to stop: cancel its task (unless this runs in it: a handler,
        after which the task stops by itself)."""
        self._stopped = True
        self._receiving = False
        task = self._task
        if task is not None and task is not asyncio.current_task():
            task.cancel()
        self._finish_events()

    def _finish_events(self) -> None:
        """End ``async for``: at once after close(), after the buffered events when the
        stream failed."""
        self._ended = True
        if self._stopped:
            while not self._events.empty():
                self._events.get_nowait()
        if not self._events.full():
            self._events.put_nowait(_END)

    async def _first_connection(self) -> _Connection:
        self._loop = asyncio.get_running_loop()
        self._register(self._listener)
        try:
            return await self._connect(first=True)
        except BaseException:
            self._unregister()
            raise

    async def _start(self, subscription: Subscription, run_async: bool) -> Self | None:
        """Connect for one subscription (in the calling task, so that a refused stream
        raises here); then stream in the calling task or in a task of its own."""
        self._subscriptions.append(subscription)
        conn = await self._first_connection()
        self._start_task(conn, background=run_async)
        if run_async:
            return self
        task = self._task
        assert task is not None
        try:
            await asyncio.wait({task})
        except asyncio.CancelledError:  # the caller was cancelled: so is the stream
            self._stop()
            await asyncio.wait({task}, timeout=self.CLOSE_WAIT)
            raise
        if not task.cancelled() and self._error is not None and not self._stopped:
            raise self._error
        return None

    def _start_task(self, conn: _Connection | None, background: bool) -> None:
        self._background = background
        names = ",".join(":".join(s.for_stream) for s in self._subscriptions) or "websocket"
        task = asyncio.get_running_loop().create_task(self._run(conn),
                                                      name=f"mastodon-stream-{names}")
        self._task = task
        _RUNNING.add(task)
        task.add_done_callback(_RUNNING.discard)

    def _register(self, listener: StreamListener | None) -> None:
        # close_stream() closes what is registered; the closer stands in for the handle.
        listeners.register(listener, self._closer)  # type: ignore[arg-type]

    def _unregister(self, listener: StreamListener | None = None) -> None:
        gone = [listener] if listener is not None else [
            self._listener, *(s.listener for s in self._subscriptions)]
        listeners.unregister(gone, self._closer)  # type: ignore[arg-type]

    # --- connecting

    async def _connect(self, first: bool) -> _Connection:
        """Open a connection, subscribe, and catch up (or note where to catch up from)."""
        single = None if self._multiplex else self._subscriptions[0]
        conn = await _open_connection(self._client, single, self._transport, self._silence)
        try:
            if self._stopped:
                raise MastodonNetworkError("the stream was closed")
            self._conn = conn
            if self._multiplex:
                for sub in list(self._subscriptions):
                    await conn.send({"type": "subscribe", **sub.ws_params()})
            if self._catch_up:
                for sub in list(self._subscriptions):
                    for source in sub.sources:
                        if first:
                            await _baseline(source, self._client)
                        else:
                            await self._deliver_missed(sub, source)
        except BaseException:
            await self._drop(conn)
            raise
        self._connected()
        self._receiving = not self._stopped
        return conn

    async def _drop(self, conn: _Connection) -> None:
        if self._conn is conn:
            self._conn = None
        self._receiving = False
        await conn.close()

    # --- reading

    async def _serve(self, conn: _Connection) -> None:
        """Read events until the connection ends; raises the reason it ended."""
        single = None if self._multiplex else self._subscriptions[0]
        single_stream = tuple(single.for_stream) if single is not None else ()
        while not self._stopped:
            items = await conn.read()
            if items is None:
                break
            for item in items:
                if self._stopped:
                    return
                if isinstance(item, _RawEvent):
                    sub = single or self._route(item.stream)
                    if sub is None and self._listener is None:
                        log.debug("dropping a %s event for %s: nobody listens", item.name,
                                  item.stream)
                        continue
                    payload = _parse_payload(item)
                    stream = item.stream
                    if not stream:
                        stream = (list(single_stream) if single is not None
                                  else sub.for_stream if sub is not None else None)
                    await self._deliver(sub, item.name, payload, stream)
                    self._delivered_since_connect = True
                elif item is _HEARTBEAT:
                    await self._call(self._listener_for(single), "handle_heartbeat")
                elif isinstance(item, _BadInput):
                    raise item.error()
                else:  # an error a WebSocket server reported for a stream
                    sub = single or self._route(item.stream)
                    listener = self._listener_for(sub)
                    if listener is None:
                        log.warning("streaming server reported an error for %s: %s",
                                    item.stream, item.error)
                    await self._call(listener, "on_websocket_error", item.error, item.stream)
        if not self._stopped:
            raise MastodonNetworkError("the server ended the stream")

    def _route(self, stream_field: list[Any] | None) -> Subscription | None:
        for sub in self._subscriptions:
            if sub.matches_message(stream_field):
                return sub
        return None

    async def _deliver(self, sub: Subscription | None, name: str, payload: Any,
                       stream: list[Any] | None) -> None:
        if self._stopped:
            return
        source = sub.source_for(name) if (sub is not None and self._catch_up) else None
        if source is not None:
            if source.seen(payload):
                return
            source.remember(payload)
        listener = self._listener_for(sub)
        if listener is None:
            await self._events.put(StreamEvent(name, payload, stream))
            return
        if not self._background:
            await _dispatch(listener, name, payload, stream)
            return
        try:
            await _dispatch(listener, name, payload, stream)
        except Exception:
            # A bug in one handler must not end a background stream.
            log.exception("a stream listener failed on a %s event", name)

    async def _call(self, listener: StreamListener | None, method: str, *args: Any) -> None:
        if listener is None:
            return
        if not self._background:
            await _invoke(listener, method, *args)
            return
        try:
            await _invoke(listener, method, *args)
        except Exception:
            log.exception("a stream listener's %s failed", method)

    async def _deliver_missed(self, sub: Subscription, source: CatchUpSource) -> None:
        async for item in _missed(source, self._client):
            if self._stopped:
                return
            if source.seen(item):
                continue
            await self._deliver(sub, source.event, item, sub.for_stream)

    # --- the task

    async def _run(self, conn: _Connection | None) -> None:
        try:
            while not self._stopped:
                try:
                    if conn is None:
                        conn = await self._connect(first=False)
                    await self._serve(conn)
                except Exception as err:
                    if self._stopped:
                        break
                    if not self._background:
                        self._error = err  # raised by the blocking call
                        break
                    await self._abort(err)
                    if not self._reconnect or _is_permanent(err):
                        self._error = err
                        break
                    delay = self._reconnect_delay(conn is not None)
                    log.info("stream failed (%s); reconnecting in %.3g s", err, delay)
                    if conn is not None:
                        await self._drop(conn)
                        conn = None
                    await asyncio.sleep(delay)
                finally:
                    self._receiving = False
        finally:
            self._receiving = False
            if conn is not None:
                await asyncio.shield(self._drop(conn))
            self._unregister()
            self._finish_events()

    async def _abort(self, err: Exception) -> None:
        """Report a failed connection: to the handle's listener, or (on a shared
        WebSocket without one) to each stream's listener; logged when none listens."""
        found = self._abort_listeners()
        if not found:
            log.warning("streaming connection failed: %s", err)
        for listener in found:
            try:
                await _invoke(listener, "on_abort", err)
            except Exception:
                log.exception("a stream listener's on_abort failed")


class AsyncWebSocketStreamHandle(AsyncStreamHandle):
    """One WebSocket connection that carries several streams, from
    ``await api.stream_open_websocket()`` (see
    :class:`~mastodon.WebSocketStreamHandle`, the sync one).

    Streams are added with :meth:`subscribe` (or by passing the handle as
    ``websocket_handle`` to a ``stream_*`` method) and dropped with :meth:`unsubscribe`
    or the subscription's ``close()``. Events of a stream with no listener, on a handle
    with none, go to ``async for event in handle``.
    """

    def __init__(self, client: _Client, listener: StreamListener | None, *,
                 timeout: float = 300, silence_timeout: float = 60, reconnect: bool = False,
                 reconnect_wait: float = 5, catch_up: bool = True) -> None:
        super().__init__(client, listener, transport="websocket", timeout=timeout,
                         silence_timeout=silence_timeout, reconnect=reconnect,
                         reconnect_wait=reconnect_wait, catch_up=catch_up, multiplex=True)
        self._views: dict[Subscription, AsyncWebSocketSubscription] = {}

    async def subscribe(self, stream: str, listener: StreamListener | None = None,
                        **params: Any) -> "AsyncWebSocketSubscription":
        """Receive one more stream on this connection (the stream's name and parameters
        as for :meth:`mastodon.WebSocketStreamHandle.subscribe`); returns its
        :class:`AsyncWebSocketSubscription`."""
        subscription = subscription_for(stream, params)
        subscription.listener = listener
        return await self._add_subscription(subscription)

    def subscriptions(self) -> "list[AsyncWebSocketSubscription]":
        """The streams this connection carries now, in the order they were added."""
        if self._stopped:
            return []
        return [self._views[sub] for sub in self._subscriptions if sub in self._views]

    async def unsubscribe(self, stream: str, **params: Any) -> Self:
        """Stop receiving one stream on this connection (``tag=`` for a hashtag,
        ``list=`` or ``list_id=`` for a list). Returns the handle."""
        tag = params.pop("tag", None)
        list_id = _list_param(params)
        if params:
            raise MastodonIllegalArgumentError(
                f"unsubscribe() takes tag= or list=, not {', '.join(sorted(params))}")
        for sub in [s for s in self._subscriptions if s.matches(stream, tag, list_id)]:
            await self._remove_subscription(sub)
        return self

    async def _start_multiplexed(self) -> Self:
        self._start_task(await self._first_connection(), background=True)
        return self

    async def _send(self, message: dict[str, Any]) -> None:
        conn = self._conn
        if conn is None:
            return  # the reading task subscribes every stream when it reconnects
        try:
            await conn.send(message)
        except MastodonNetworkError as exc:
            log.debug("could not send %s: %s", message.get("type"), exc)

    async def _add_subscription(self, subscription: Subscription) -> "AsyncWebSocketSubscription":
        if self._stopped:
            raise MastodonIllegalArgumentError("this WebSocket handle is closed")
        for sub in self._subscriptions:
            if sub.same_stream(subscription):
                raise MastodonIllegalArgumentError(
                    f"this WebSocket already carries {':'.join(sub.for_stream)}")
        view = AsyncWebSocketSubscription(self, subscription)
        self._views[subscription] = view
        self._subscriptions.append(subscription)
        await self._send({"type": "subscribe", **subscription.ws_params()})
        if subscription.listener is not None:
            self._register(subscription.listener)
        if self._catch_up:
            # After subscribing, so nothing falls between the baseline and the stream.
            for source in subscription.sources:
                await _baseline(source, self._client)
        return view

    async def _remove_subscription(self, subscription: Subscription) -> None:
        if subscription not in self._subscriptions:
            return
        self._subscriptions.remove(subscription)
        self._views.pop(subscription, None)
        await self._send({"type": "unsubscribe", **subscription.ws_params()})
        gone = subscription.listener
        if gone is not None and gone is not self._listener and all(
                s.listener is not gone for s in self._subscriptions):
            self._unregister(gone)

    def _carries(self, subscription: Subscription) -> bool:
        return subscription in self._subscriptions and not self._stopped


class AsyncWebSocketSubscription(SubscriptionView):
    """One stream on an :class:`AsyncWebSocketStreamHandle`: ``stream``, ``params``,
    ``listener`` (``None``: the handle's), ``await close()`` to drop it."""

    handle: AsyncWebSocketStreamHandle

    async def close(self) -> None:
        """Stop receiving this stream (the connection and its other streams go on)."""
        await self.handle._remove_subscription(self._subscription)

    def is_alive(self) -> bool:
        """Whether the connection carries this stream and is running."""
        return self.handle._carries(self._subscription) and self.handle.running

    def is_receiving(self) -> bool:
        """Whether the connection carries this stream and is reading events right now."""
        return self.handle._carries(self._subscription) and self.handle.receiving

    def __repr__(self) -> str:
        state = ("receiving" if self.is_receiving() else
                 "alive" if self.is_alive() else "closed")
        return f"<AsyncWebSocketSubscription {':'.join(self._subscription.for_stream)} ({state})>"


# --- what AsyncMastodon's leaves call (mastodon/_async_io.py) ------------------------------

async def start_stream(client: _Client, subscription: Subscription,
                       listener: StreamListener | None, run_async: bool, timeout: float,
                       reconnect_async: bool, reconnect_async_wait_sec: float,
                       websocket_handle: Any, catch_up: bool, silence_timeout: float,
                       transport: str) -> AsyncStreamHandle | AsyncWebSocketSubscription | None:
    """Start one stream, with the sync client's argument checks
    (StreamingEndpointsMixin._stream). Without a listener, the events go to ``async
    for`` over the handle, so a stream without one must run with ``run_async=True``."""
    _check_stream_arguments(
        transport, listener is not None or websocket_handle is not None or run_async, timeout,
        silence_timeout, reconnect_async_wait_sec,
        " (or run_async=True, to iterate over the handle's events)")
    if websocket_handle is not None:
        if not isinstance(websocket_handle, AsyncWebSocketStreamHandle):
            raise MastodonIllegalArgumentError(
                "websocket_handle must come from stream_open_websocket()")
        subscription.listener = listener
        return await websocket_handle._add_subscription(subscription)
    handle = AsyncStreamHandle(client, listener, transport=transport, timeout=timeout,
                               silence_timeout=silence_timeout,
                               reconnect=bool(reconnect_async and run_async),
                               reconnect_wait=reconnect_async_wait_sec, catch_up=catch_up)
    return await handle._start(subscription, run_async)


async def open_websocket(client: _Client, listener: StreamListener | None, timeout: float,
                         reconnect_async: bool, reconnect_async_wait_sec: float,
                         catch_up: bool, silence_timeout: float) -> AsyncWebSocketStreamHandle:
    """Open one WebSocket that streams are added to (see
    :meth:`mastodon.Mastodon.stream_open_websocket`)."""
    _check_timeouts(timeout, silence_timeout, reconnect_async_wait_sec)
    handle = AsyncWebSocketStreamHandle(client, listener, timeout=timeout,
                                        silence_timeout=silence_timeout,
                                        reconnect=reconnect_async,
                                        reconnect_wait=reconnect_async_wait_sec,
                                        catch_up=catch_up)
    return await handle._start_multiplexed()
