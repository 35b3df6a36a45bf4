"""The streaming API: stream_user, stream_public and the other streams."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from ._base import ClientBase
from ._params import unpack_id
from ._versions import api_version, version_tuple
from .errors import (
    MastodonAPIError,
    MastodonIllegalArgumentError,
    MastodonNetworkError,
    MastodonVersionError,
)
from .types_base import IdType

# The streaming package is imported by the first stream, not with the client: programs
# that never stream do not pay for it (nor for what it imports).
if TYPE_CHECKING:
    from .streaming import (
        StreamHandle,
        StreamListener,
        WebSocketStreamHandle,
        WebSocketSubscription,
    )
    from .streaming.subscriptions import Subscription

#: How a stream travels: Server-Sent Events (switching to WebSocket where the server has
#: no SSE endpoint), Server-Sent Events only, or WebSocket.
TransportName = Literal["auto", "sse", "websocket"]
TRANSPORTS: tuple[TransportName, ...] = ("auto", "sse", "websocket")


class StreamingEndpointsMixin(ClientBase):
    """The streaming API: stream_user, stream_public and the other streams."""

    # --- where and how to stream (remembered per client)

    def _streaming_base_url(self) -> str:
        """The streaming server's base URL (``http(s)://``): the instance's
        ``urls.streaming_api`` when it names one, the API base URL otherwise."""
        known: str | None = getattr(self, "_streaming_base", None)
        if known is not None:
            return known
        try:
            instance = self._instance_info()
        except MastodonAPIError:
            instance = None
        url = None
        if isinstance(instance, dict):
            # v1 names it under urls.streaming_api, v2 under configuration.urls.streaming.
            urls = instance.get("urls")
            url = urls.get("streaming_api") if isinstance(urls, dict) else None
            if url is None:
                urls = (instance.get("configuration") or {}).get("urls")
                url = urls.get("streaming") if isinstance(urls, dict) else None
        base = self.api_base_url
        if base is None:
            raise MastodonIllegalArgumentError("api_base_url is not set")
        if isinstance(url, str) and url.strip():
            url = url.strip().rstrip("/")
            for ws_scheme, http_scheme in (("wss://", "https://"), ("ws://", "http://")):
                if url.startswith(ws_scheme):
                    url = http_scheme + url[len(ws_scheme):]
            if url.startswith(("http://", "https://")):
                base = url
        self._streaming_base = base
        return base

    # Mastodon.py's private name for it, for code written against Mastodon.py's internals.
    _Mastodon__get_streaming_base = _streaming_base_url

    def _streaming_transport_hint(self) -> bool:
        """Whether the server has shown it streams only over WebSocket."""
        websocket_only: bool = getattr(self, "_streaming_websocket_only", False)
        return websocket_only

    def _remember_websocket_only(self) -> None:
        self._streaming_websocket_only = True

    def _streaming_ws_auth_hint(self) -> str | None:
        """How the WebSocket streaming server took the token last time, if it did."""
        style: str | None = getattr(self, "_streaming_ws_auth", None)
        return style

    def _remember_ws_auth(self, style: str) -> None:
        self._streaming_ws_auth = style

    # --- starting a stream

    def _stream(self, subscription: Subscription, listener: StreamListener | None, run_async: bool,
                timeout: float, reconnect_async: bool, reconnect_async_wait_sec: float,
                websocket_handle: WebSocketStreamHandle | None, catch_up: bool,
                silence_timeout: float,
                transport: TransportName) -> StreamHandle | WebSocketSubscription | None:
        from .streaming import SSEStreamHandle, WebSocketStreamHandle, import_websocket

        _check_stream_arguments(transport, listener is not None or websocket_handle is not None,
                                timeout, silence_timeout, reconnect_async_wait_sec)
        if websocket_handle is not None:
            if not isinstance(websocket_handle, WebSocketStreamHandle):
                raise MastodonIllegalArgumentError(
                    "websocket_handle must come from stream_open_websocket()")
            subscription.listener = listener
            return websocket_handle._add_subscription(subscription)
        if transport == "websocket":
            import_websocket()
        handle = SSEStreamHandle(self, listener, transport=transport, timeout=timeout,
                                 silence_timeout=silence_timeout,
                                 reconnect=bool(reconnect_async and run_async),
                                 reconnect_wait=reconnect_async_wait_sec, catch_up=catch_up)
        return handle._start(subscription, run_async)

    @api_version("1.1.0", "3.5.0")
    def stream_user(self, listener: StreamListener | None, run_async: bool = False,
                    timeout: float = 300, reconnect_async: bool = False,
                    reconnect_async_wait_sec: float = 5,
                    websocket_handle: WebSocketStreamHandle | None = None, catch_up: bool = True,
                    silence_timeout: float = 60,
                    transport: TransportName = "auto") -> StreamHandle | WebSocketSubscription | None:
        """Stream the logged-in user's events: new statuses on the home timeline
        (``on_update``), edits (``on_status_update``), deletions (``on_delete``),
        notifications (``on_notification``), filter changes and announcements.

        :param listener: a :class:`StreamListener` that receives the events.
        :param run_async: return at once with a :class:`~mastodon.SSEStreamHandle`
            and stream in a background thread. Otherwise the call blocks until an error
            (which it raises) or until the stream is closed
            (:meth:`StreamListener.close_stream`).
        :param timeout: seconds the connection may stay silent (no event, no heartbeat)
            before it counts as dead; ``silence_timeout`` caps it.
        :param reconnect_async: in the background, replace a failed or silent
            connection instead of stopping (each failure goes to ``on_abort`` first).
        :param reconnect_async_wait_sec: seconds to wait before reconnecting; the wait
            doubles with each failure in a row, up to five minutes.
        :param websocket_handle: a :class:`~mastodon.WebSocketStreamHandle` from
            :meth:`stream_open_websocket`: receive this stream on that shared connection
            instead of opening one (the listener may then be ``None``: the handle's).
            The handle's settings (reconnecting, catch-up, silence) apply, and the
            stream's :class:`~mastodon.WebSocketSubscription` is returned.
        :param catch_up: with reconnecting on, fetch what the stream missed while it
            was down (home timeline and notifications) and deliver it, oldest first,
            before new events, without duplicates. See :ref:`streaming-catch-up`.
        :param silence_timeout: seconds of silence after which the connection is
            replaced (60 by default: Mastodon sends a heartbeat every 15 seconds).
        :param transport: ``"auto"`` (Server-Sent Events, or WebSocket when the server
            has no SSE endpoint), ``"sse"`` or ``"websocket"`` (needs the ``websocket``
            extra).

        Returns ``None`` when blocking, otherwise a :class:`~mastodon.SSEStreamHandle`
        (a :class:`~mastodon.WebSocketSubscription` with ``websocket_handle``).
        """
        from .streaming import user_subscription

        return self._stream(user_subscription(), listener, run_async, timeout,
                            reconnect_async, reconnect_async_wait_sec, websocket_handle,
                            catch_up, silence_timeout, transport)

    @api_version("1.4.2")
    def stream_user_notifications(
            self, listener: StreamListener | None, run_async: bool = False, timeout: float = 300,
            reconnect_async: bool = False, reconnect_async_wait_sec: float = 5,
            websocket_handle: WebSocketStreamHandle | None = None, catch_up: bool = True,
            silence_timeout: float = 60,
            transport: TransportName = "auto") -> StreamHandle | WebSocketSubscription | None:
        """Stream the logged-in user's notifications only (``on_notification``).

        Parameters and return value as for :meth:`stream_user`; catch-up fetches missed
        notifications.
        """
        from .streaming import user_notification_subscription

        return self._stream(user_notification_subscription(), listener, run_async, timeout,
                            reconnect_async, reconnect_async_wait_sec, websocket_handle,
                            catch_up, silence_timeout, transport)

    @api_version("1.1.0", "3.5.0")
    def stream_public(self, listener: StreamListener | None, run_async: bool = False,
                      timeout: float = 300, reconnect_async: bool = False,
                      reconnect_async_wait_sec: float = 5, local: bool = False,
                      remote: bool = False, only_media: bool = False,
                      websocket_handle: WebSocketStreamHandle | None = None,
                      catch_up: bool = True, silence_timeout: float = 60,
                      transport: TransportName = "auto") -> StreamHandle | WebSocketSubscription | None:
        """Stream the federated timeline: every public status the server knows of
        (``on_update``, ``on_status_update``, ``on_delete``).

        :param local: only statuses posted on this server.
        :param remote: only statuses from other servers (Mastodon 3.1.4 and newer).
        :param only_media: only statuses with media attachments (the ``public:media``,
            ``public:local:media`` and ``public:remote:media`` streams).

        The other parameters and the return value are as for :meth:`stream_user`;
        catch-up fetches the matching public timeline. Mastodon 4.2 and newer want a
        user token for this stream.
        """
        from .streaming import public_subscription

        subscription = public_subscription(local=local, remote=remote, only_media=only_media)
        if remote:
            _require(self, "3.1.4", "the remote stream")
        return self._stream(subscription, listener, run_async, timeout, reconnect_async,
                            reconnect_async_wait_sec, websocket_handle, catch_up,
                            silence_timeout, transport)

    @api_version("1.1.0", "3.5.0")
    def stream_local(self, listener: StreamListener | None, run_async: bool = False,
                     timeout: float = 300, reconnect_async: bool = False,
                     reconnect_async_wait_sec: float = 5, only_media: bool = False,
                     websocket_handle: WebSocketStreamHandle | None = None,
                     catch_up: bool = True, silence_timeout: float = 60,
                     transport: TransportName = "auto") -> StreamHandle | WebSocketSubscription | None:
        """Stream the local timeline: public statuses posted on this server. The same
        as ``stream_public(listener, local=True)``.

        :param only_media: only statuses with media attachments (the
            ``public:local:media`` stream).

        The other parameters and the return value are as for :meth:`stream_user`.
        """
        from .streaming import public_subscription

        return self._stream(public_subscription(local=True, only_media=only_media), listener,
                            run_async, timeout, reconnect_async, reconnect_async_wait_sec,
                            websocket_handle, catch_up, silence_timeout, transport)

    @api_version("1.1.0", "3.5.0")
    def stream_hashtag(self, tag: str, listener: StreamListener | None, local: bool = False,
                       run_async: bool = False, timeout: float = 300,
                       reconnect_async: bool = False, reconnect_async_wait_sec: float = 5,
                       websocket_handle: WebSocketStreamHandle | None = None,
                       catch_up: bool = True, silence_timeout: float = 60,
                       transport: TransportName = "auto") -> StreamHandle | WebSocketSubscription | None:
        """Stream the public statuses that carry a hashtag.

        :param tag: the hashtag, without the leading ``#``.
        :param local: only statuses posted on this server.

        The other parameters and the return value are as for :meth:`stream_user`;
        catch-up fetches the hashtag's timeline.
        """
        from .streaming import hashtag_subscription

        return self._stream(hashtag_subscription(tag, local=local), listener, run_async,
                            timeout, reconnect_async, reconnect_async_wait_sec,
                            websocket_handle, catch_up, silence_timeout, transport)

    @api_version("2.1.0", "3.5.0")
    def stream_list(self, id: IdType, listener: StreamListener | None, run_async: bool = False,
                    timeout: float = 300, reconnect_async: bool = False,
                    reconnect_async_wait_sec: float = 5,
                    websocket_handle: WebSocketStreamHandle | None = None, catch_up: bool = True,
                    silence_timeout: float = 60,
                    transport: TransportName = "auto") -> StreamHandle | WebSocketSubscription | None:
        """Stream the statuses of one of the user's lists.

        :param id: the list's ID, or a list dict.

        The other parameters and the return value are as for :meth:`stream_user`;
        catch-up fetches the list's timeline.
        """
        from .streaming import list_subscription

        return self._stream(list_subscription(unpack_id(id)), listener, run_async, timeout,
                            reconnect_async, reconnect_async_wait_sec, websocket_handle,
                            catch_up, silence_timeout, transport)

    @api_version("2.6.0")
    def stream_direct(self, listener: StreamListener | None, run_async: bool = False,
                      timeout: float = 300, reconnect_async: bool = False,
                      reconnect_async_wait_sec: float = 5,
                      websocket_handle: WebSocketStreamHandle | None = None,
                      catch_up: bool = True, silence_timeout: float = 60,
                      transport: TransportName = "auto") -> StreamHandle | WebSocketSubscription | None:
        """Stream the user's direct conversations (``on_conversation``, with a
        conversation dict, each time a conversation gets a new message).

        Parameters and return value as for :meth:`stream_user`; catch-up fetches the
        conversations updated meanwhile (each in its latest state).
        """
        from .streaming import direct_subscription

        return self._stream(direct_subscription(), listener, run_async, timeout,
                            reconnect_async, reconnect_async_wait_sec, websocket_handle,
                            catch_up, silence_timeout, transport)

    @api_version("3.3.0")
    def stream_open_websocket(self, listener: StreamListener | None = None, timeout: float = 300,
                              reconnect_async: bool = False,
                              reconnect_async_wait_sec: float = 5, catch_up: bool = True,
                              silence_timeout: float = 60) -> StreamHandle:
        """Open one WebSocket connection that carries several streams.

        Add streams with :meth:`WebSocketStreamHandle.subscribe
        <mastodon.WebSocketStreamHandle.subscribe>` or by passing the returned handle as
        ``websocket_handle`` to the ``stream_*`` methods (each with its own listener, or
        none to use this one); drop one with its subscription's ``close()`` or
        :meth:`WebSocketStreamHandle.unsubscribe
        <mastodon.WebSocketStreamHandle.unsubscribe>`. The connection runs in a
        background thread; on reconnect every stream is subscribed again and, with
        ``catch_up``, caught up.

        :param listener: the listener for events of streams added without one, and
            for failures (``on_abort``).
        :param timeout: seconds of silence (no event, no pong) after which the
            connection counts as dead; ``silence_timeout`` caps it.
        :param reconnect_async: replace a failed connection instead of stopping.
        :param reconnect_async_wait_sec: seconds to wait before reconnecting (doubling
            for each failure in a row).
        :param catch_up: with reconnecting on, deliver what each stream missed.
        :param silence_timeout: see ``timeout``.

        Needs the ``websocket`` extra. Returns a :class:`~mastodon.WebSocketStreamHandle`.
        """
        from .streaming import WebSocketStreamHandle, import_websocket

        import_websocket()
        _check_timeouts(timeout, silence_timeout, reconnect_async_wait_sec)
        handle = WebSocketStreamHandle(self, listener, timeout=timeout,
                                       silence_timeout=silence_timeout,
                                       reconnect=reconnect_async,
                                       reconnect_wait=reconnect_async_wait_sec,
                                       catch_up=catch_up)
        return handle._start_multiplexed()

    @api_version("2.5.0")
    def stream_healthy(self) -> bool:
        """Whether the streaming server is up: ``True`` when its health check answers
        ``OK``, ``False`` when it answers otherwise or cannot be reached."""
        try:
            response = self._api_request("GET", "/api/v1/streaming/health",
                                         base_url=self._streaming_base_url(), parse=False,
                                         ratelimit=False, max_retries=0)
        except (MastodonAPIError, MastodonNetworkError):
            return False
        return response.content.strip() in (b"OK", b"success")


def _check_stream_arguments(transport: str, has_listener: bool, timeout: object,
                            silence_timeout: object, wait: object, hint: str = "") -> None:
    """Refuse a stream that cannot start: a transport not known, no listener to give the
    events to (``hint``: what else would do), a timeout that is not a positive number."""
    if transport not in TRANSPORTS:
        raise MastodonIllegalArgumentError(
            f"transport must be one of {TRANSPORTS}, not {transport!r}")
    if not has_listener:
        raise MastodonIllegalArgumentError("a listener is needed to receive the stream" + hint)
    _check_timeouts(timeout, silence_timeout, wait)


def _check_timeouts(timeout: object, silence_timeout: object, wait: object) -> None:
    for name, value in (("timeout", timeout), ("silence_timeout", silence_timeout),
                        ("reconnect_async_wait_sec", wait)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 \
                or (name != "reconnect_async_wait_sec" and value == 0):
            raise MastodonIllegalArgumentError(f"{name} must be a positive number, not {value!r}")


def _require(client: ClientBase, version: str, what: str) -> None:
    if client.version_check_mode == "none":
        return
    have = client._server_version()
    if have < version_tuple(version):
        raise MastodonVersionError(
            f"{what} needs Mastodon {version} or newer, but the server runs "
            f"{'.'.join(map(str, have))}")
