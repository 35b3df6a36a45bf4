"""WebSocket streaming: the messages Mastodon's streaming server sends, the connection
that carries one stream or several, and the handshake (how the token travels, and the
errors a refused or redirected handshake gives).

websocket-client is optional (the ``websocket`` extra): it is imported only when a
WebSocket is asked for, and :func:`import_websocket` names the extra when it is missing.
"""

import json
import logging
import socket
import time
import types
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlencode

from .. import _json, _policy
from .._answers import answer_error
from .._results import parse_json
from ..errors import (
    MastodonAPIError,
    MastodonIllegalArgumentError,
    MastodonNetworkError,
    MastodonReadTimeout,
)
from .events import _HEARTBEAT, Item, _BadInput, _RawEvent, _WsError

if TYPE_CHECKING:
    import websocket

    from ..streaming_endpoints import StreamingEndpointsMixin
    from .subscriptions import Subscription

__all__ = ["WEBSOCKET_EXTRA_HINT", "import_websocket"]

log = logging.getLogger("mastodon")

WEBSOCKET_EXTRA_HINT = ("WebSocket streaming needs the websocket-client package; install it "
                        "with the 'websocket' extra: pip install 'mastodon[websocket]'")

# The ways of sending the token, in the order they are tried: the header, then the
# subprotocol field, and only then (legacy) the URL, which may end up in access logs.
_AUTH_STYLES = ("header", "subprotocol", "query")


def import_websocket() -> types.ModuleType:
    """The ``websocket`` module of websocket-client, or a clear error naming the extra."""
    try:
        import websocket
    except ImportError:
        raise MastodonIllegalArgumentError(WEBSOCKET_EXTRA_HINT) from None
    return websocket


def _parse_ws_message(message: str | bytes | dict[str, Any]) -> _RawEvent | _BadInput | _WsError:
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
        decoded = _decode_message(message)
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


def _decode_message(text: str) -> Any:
    """A message as plain JSON values. Its payload is JSON inside a JSON string, which the
    standard library reads slowly (about as slowly as the payload itself): the speed
    extra's parser reads it when installed, the standard library what that refuses."""
    decode = _json.compiled_decoder()
    if decode is not None:
        try:
            return decode(text)
        except (ValueError, RecursionError):
            pass  # the standard library's value, or its error
    return json.loads(text)


def _websocket_base(http_base: str) -> str:
    if http_base.startswith("https://"):
        return "wss://" + http_base[len("https://"):]
    if http_base.startswith("http://"):
        return "ws://" + http_base[len("http://"):]
    return http_base


def _close_reason(data: bytes) -> tuple[int | None, str]:
    if len(data) >= 2:
        code = int.from_bytes(data[:2], "big")
        reason = data[2:].decode("utf-8", "replace")
        return code, (f": {reason}" if reason else "")
    return None, ""


# --- handshake errors ------------------------------------------------------------------

def _handshake_error(exc: "websocket.WebSocketBadStatusException", url: str) -> MastodonAPIError:
    """The error for a refused handshake: the transport's error for an HTTP answer,
    with the server's message, as for a refused REST request or SSE stream."""
    return answer_error(f"WebSocket {url}", exc.status_code, exc.status_message,
                        exc.resp_headers or {}, exc.resp_body)


def _redirect_error(ws: "websocket.WebSocket | None", url: str) -> MastodonAPIError | None:
    """The error for a handshake answered with a redirect (which the connection policy
    leaves unfollowed: the token would go along), or None for any other failure. Like
    the REST transport's refusal of a redirect, it is this library's refusal, not the
    server's error."""
    response = ws.handshake_response if ws is not None else None
    status = response.status if response is not None else None
    if response is None or status not in (301, 302, 303, 307, 308):
        return None
    headers = response.headers or {}
    target = headers.get("location") or "(no location)"
    return MastodonAPIError(
        f"WebSocket {url}: the server redirected to {_policy.redact_text(target)} with HTTP "
        f"{status}; not followed (the token would go along). The streaming URL comes from the "
        "instance's urls.streaming_api", status, None, None, None, dict(headers))


# --- the connection ----------------------------------------------------------------------

class _WebSocketConnection:
    """One WebSocket connection (one stream, or several through subscribe messages)."""

    transport: ClassVar[str] = "websocket"

    def __init__(self, ws: "websocket.WebSocket", silence: float, description: str) -> None:
        self.ws = ws
        self.silence = silence
        self.description = description

    @staticmethod
    def base_url(http_base: str) -> str:
        """The base URL this transport opens: the streaming server's, as ``ws(s)://``."""
        return _websocket_base(http_base)

    @classmethod
    def open(cls, client: "StreamingEndpointsMixin", subscription: "Subscription | None",
             base: str, timeout: float, silence: float) -> "_WebSocketConnection":
        """Open a WebSocket at ``base`` (checked by the caller against the connection
        policy) for ``subscription``, or for none (streams are then added with subscribe
        messages). The token goes the way the server took last time, or the first of
        :data:`_AUTH_STYLES` it takes."""
        import_websocket()
        import websocket

        params = subscription.ws_params() if subscription is not None else {}
        token = client.access_token or ""
        known = client._streaming_ws_auth_hint()
        styles: tuple[str | None, ...] = ((known,) if known else _AUTH_STYLES) if token else (None,)
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
                # The session's TLS and proxy settings, as for every REST request.
                sslopt, options = _policy.websocket_options(client.session, base, timeout)
                ws = websocket.WebSocket(enable_multithread=True, skip_utf8_validation=True,
                                         sslopt=sslopt)
                ws.connect(  # type: ignore[no-untyped-call]  # websocket-client leaves it unannotated
                    url, header=headers, subprotocols=subprotocols, timeout=timeout,
                    suppress_origin=True, **options)
            except websocket.WebSocketBadStatusException as exc:
                if exc.status_code in (401, 403) and not last:
                    log.debug("WebSocket handshake with %s auth refused (%s); trying another way",
                              style, exc.status_code)
                    continue
                raise _handshake_error(exc, shown) from None
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
            return cls(ws, silence, shown)
        # Each way but the last either connects, raises or goes on to the next.
        raise MastodonNetworkError(f"WebSocket connection to {base} failed")

    def events(self) -> Iterator[Item]:
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

    def send(self, message: dict[str, Any]) -> None:
        import websocket

        try:
            self.ws.send(json.dumps(message))
        except (websocket.WebSocketException, OSError) as exc:
            raise MastodonNetworkError(f"could not send to the WebSocket stream ({exc})") from exc

    def shutdown(self) -> None:
        """Wake a read blocked in another thread (safe to call from any thread)."""
        sock = self.ws.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self) -> None:
        try:
            self.ws.shutdown()  # type: ignore[no-untyped-call]  # unannotated in websocket-client
        except Exception:
            log.debug("closing a WebSocket failed", exc_info=True)
