"""Opening a streaming connection, whatever its transport: which transport a stream
uses (Server-Sent Events, WebSocket, or SSE with a switch to WebSocket where the server
has no SSE endpoint), and the connection policy, applied here for both before a
connection is opened.

A handle asks :func:`open_connection` for a :data:`Connection` and then only reads its
events, sends on it (a WebSocket) and closes it.
"""

import logging
from typing import TYPE_CHECKING, TypeAlias

from .. import _policy
from ..errors import MastodonAPIError, MastodonIllegalArgumentError
from .sse import _SSEConnection
from .websocket import WEBSOCKET_EXTRA_HINT, _WebSocketConnection, import_websocket

if TYPE_CHECKING:
    from ..streaming_endpoints import StreamingEndpointsMixin
    from .subscriptions import Subscription

__all__ = ["Connection", "open_connection"]

log = logging.getLogger("mastodon")

#: An open streaming connection: ``events()``, ``shutdown()`` (from any thread, to wake
#: a blocked read) and ``close()``; a WebSocket also ``send()``.
Connection: TypeAlias = _SSEConnection | _WebSocketConnection


def open_connection(client: "StreamingEndpointsMixin", subscription: "Subscription | None",
                    transport: str, silence: float) -> Connection:
    """Open a connection for one subscription (``None``: a WebSocket that streams are
    added to later) over ``transport``: ``"sse"``, ``"websocket"`` or ``"auto"`` (SSE,
    or WebSocket once the server has shown it streams only that way)."""
    if subscription is None or transport == "websocket" or (
            transport == "auto" and client._streaming_transport_hint()):
        return _open(_WebSocketConnection, client, subscription, silence)
    try:
        return _open(_SSEConnection, client, subscription, silence)
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
                 subscription.sse_path)
        client._remember_websocket_only()
        return _open(_WebSocketConnection, client, subscription, silence)


def _open(kind: type[_SSEConnection] | type[_WebSocketConnection],
          client: "StreamingEndpointsMixin", subscription: "Subscription | None",
          silence: float) -> Connection:
    """Open one connection of a kind, after the connection policy has passed its URL."""
    base = kind.base_url(client._streaming_base_url())
    # The same policy as every REST request (scheme, loopback, allow_http, blocked
    # instances), before anything is sent; the session's TLS and proxy settings apply to
    # both transports (requests applies them to SSE, _policy.websocket_options to WebSocket).
    _policy.check_url(base, client.allow_http)
    # Connecting may take the request timeout, but no longer than the stream may be silent.
    timeout = min(silence, float(client.request_timeout or silence))
    return kind.open(client, subscription, base, timeout, silence)
