"""The I/O of the asyncio client, on aiohttp: the few transport methods that the sync
client has in ``_client.py`` (sending one HTTP request, reading a body, sleeping, the
session and its locks), as coroutines. Everything else of :class:`AsyncMastodon` is
generated from the sync source (``tools/gen_async.py`` writes ``mastodon/_async/``), so
the connection policy, retries, rate limits, errors and results are the same code.

aiohttp's failures are raised as the ``requests`` exceptions they correspond to, so that
the transport's decisions (retry or not, the error's class and message) are the sync
client's own.
"""

import asyncio
import json
import os
import ssl
from collections.abc import AsyncIterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlencode, urlsplit

import requests
import urllib3
from requests.structures import CaseInsensitiveDict

from . import _policy
from ._answers import over_limit, read_size
from ._multipart import MultipartBody
from .errors import MastodonIllegalArgumentError

try:
    import aiohttp
    import yarl
except ImportError as exc:  # pragma: no cover - the error names the extra to install
    raise ImportError(
        "AsyncMastodon needs aiohttp: pip install \"mastodon[async]\"") from exc

if TYPE_CHECKING:
    from .streaming.aio import AsyncWebSocketStreamHandle

__all__ = ["AsyncIO", "aiohttp"]  # aiohttp: for the generated modules, which import it from here

# Where proxy and CA bundle settings are read, as a plain requests session reads them.
_TEMPLATE = requests.Session()
# aiohttp decodes these itself; what else requests may offer depends on what is installed.
_ACCEPT_ENCODING = "gzip, deflate"
_UPLOAD_CHUNK = 64 * 1024


class AsyncIO:
    """The asyncio client's I/O: the base of the generated ``AsyncTransport``."""

    # Set by the transport's constructor (generated from Transport.__init__).
    session: "aiohttp.ClientSession | None"
    request_timeout: float
    _owns_session: bool
    _send_settings: _policy.SendSettings

    def _new_session(self, session: "aiohttp.ClientSession | None") -> "aiohttp.ClientSession | None":
        """The aiohttp session given, or ``None``: the client makes its own on the first
        request (a session belongs to the event loop it was made in) and closes it in
        :meth:`close`."""
        if session is not None and not isinstance(session, aiohttp.ClientSession):
            raise MastodonIllegalArgumentError(
                f"AsyncMastodon sends with an aiohttp.ClientSession, not a "
                f"{type(session).__module__}.{type(session).__name__}: pass one, or none "
                "and the client makes its own")
        self._owns_session = session is None
        return session

    def _new_lock(self) -> asyncio.Lock:
        """A lock for one job that must not run twice at once, across tasks."""
        return asyncio.Lock()

    def _made_afresh(self) -> dict[str, Any]:
        """What a copy (pickle, ``copy.deepcopy``) makes anew: its locks, and the
        connections, which belong to this client and its event loop (the copy opens its
        own on its first request)."""
        fresh: dict[str, Any] = {name: asyncio.Lock for name, value in self.__dict__.items()
                                 if isinstance(value, asyncio.Lock)}
        for name in ("session", "_session_loop"):
            if name in self.__dict__:
                fresh[name] = _nothing
        if "_tls_contexts" in self.__dict__:
            fresh["_tls_contexts"] = dict
        fresh["_owns_session"] = _yes
        return fresh

    async def _sleep(self, seconds: float) -> None:
        """Wait without holding up the event loop."""
        await asyncio.sleep(seconds)

    @classmethod
    def _app_registration_client(cls, api_base_url: str, request_timeout: float,
                                 session: "aiohttp.ClientSession | None", user_agent: str,
                                 allow_http: bool) -> Any:
        """The client ``create_app`` registers with: one of this class, on ``session``
        or on a session of its own, closed after the registration."""
        return cls(api_base_url=api_base_url, request_timeout=request_timeout,  # type: ignore[call-arg]
                   session=session, user_agent=user_agent, allow_http=allow_http)

    def _aiohttp_session(self) -> "aiohttp.ClientSession":
        """The session to send with: the one passed in, or the client's own, made in the
        running event loop on first use (again after :meth:`close`, or when the client
        is used from another event loop: a session belongs to the loop it was made in)."""
        session = self.session
        if not self._owns_session and session is not None:
            return session
        loop = asyncio.get_running_loop()
        if session is None or session.closed or self.__dict__.get("_session_loop") is not loop:
            # One connection pool per client. Proxies are chosen per request, as
            # requests chooses them (_send_hop), not by aiohttp's reading of the environment.
            session = self.session = aiohttp.ClientSession()
            # aiohttp would send a GET, PUT or DELETE again by itself when a kept-alive
            # connection turns out closed: retries are the transport's decision (and
            # max_retries=0 means none). No public setting turns this off.
            if hasattr(session, "_retry_connection"):
                session._retry_connection = False
            self._session_loop = loop
        return session

    async def _send_hop(self, method: str, url: str, hop: dict[str, Any]) -> requests.Response:
        """Send one HTTP request, redirects not followed, as the sync client's
        ``session.send`` would (``hop`` is the request ``_request.py`` prepared for both
        clients; :func:`_wire` encodes it as requests does), with the proxy and TLS
        settings requests would use, and return the answer as a ``requests.Response``
        whose body is still to be read."""
        url, headers, data = _wire(url, hop)
        timeout = hop.get("timeout")
        settings = self._send_settings.for_url(_TEMPLATE, url)
        proxy = _proxy_for(url, settings["proxies"])
        try:
            answer = await self._aiohttp_session().request(
                method, _as_sent(url), headers=headers,
                data=data, allow_redirects=False, proxy=proxy,
                ssl=self._tls(url, settings["verify"], settings["cert"]),
                timeout=aiohttp.ClientTimeout(total=None, sock_connect=timeout, sock_read=timeout))
        except (aiohttp.ClientError, TimeoutError, ssl.SSLError, OSError) as exc:
            raise _as_requests_error(exc) from exc
        return _response(answer, method, url, headers)

    def _tls(self, url: str, verify: Any, cert: Any) -> "ssl.SSLContext | bool":
        """How to check the server, as requests would with these settings (certifi's
        CA bundle, or ``REQUESTS_CA_BUNDLE`` from the environment, or ``verify=False``):
        one ``SSLContext`` per setting, made once."""
        if not url.startswith("https:"):
            return False
        contexts: dict[Any, ssl.SSLContext] = self.__dict__.setdefault("_tls_contexts", {})
        key = (verify, tuple(cert) if isinstance(cert, (list, tuple)) else cert)
        context = contexts.get(key)
        if context is None:
            context = contexts[key] = _policy.tls_context(verify, cert)
        return context

    async def _read_body(self, response: requests.Response, limit: int, method: str,
                         endpoint: str) -> bytes:
        """The whole body of an answer, within ``limit`` bytes (decoded, as requests
        gives it)."""
        size = read_size(response, limit, method, endpoint)
        answer = cast("aiohttp.ClientResponse", response.raw)
        chunks: list[bytes] = []
        total = 0
        try:
            async for chunk in answer.content.iter_chunked(size):
                total += len(chunk)
                chunks.append(chunk)
                if total > limit:
                    raise over_limit(response, limit, method, endpoint, chunks)
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            answer.close()
            raise _as_requests_error(exc) from exc
        answer.release()
        response._content_consumed = True  # type: ignore[attr-defined]
        return b"".join(chunks)

    async def _release(self) -> None:
        """Close the session, if this client made it."""
        session = self.session
        if self._owns_session and session is not None and not session.closed:
            await session.close()

    async def close(self) -> None:
        """Close the client's connections (its aiohttp session, if it made it; a
        session passed in is the caller's to close). The client may be used again
        afterwards: it then opens a new session."""
        await self._release()

    async def __aenter__(self) -> Any:
        return self

    async def __aexit__(self, kind: type[BaseException] | None, value: BaseException | None,
                        traceback: TracebackType | None) -> None:
        await self.close()

    # Streaming: in mastodon/streaming/aio.py.
    async def _stream(self, subscription: Any, listener: Any, run_async: bool, timeout: float,
                      reconnect_async: bool, reconnect_async_wait_sec: float,
                      websocket_handle: Any, catch_up: bool, silence_timeout: float,
                      transport: str) -> Any:
        # An AsyncStreamHandle, an AsyncWebSocketSubscription or None: Any, since the
        # stream_* twins keep the sync source's annotations.
        from .streaming.aio import start_stream
        return await start_stream(self, subscription, listener, run_async, timeout,
                                  reconnect_async, reconnect_async_wait_sec, websocket_handle,
                                  catch_up, silence_timeout, transport)

    async def stream_open_websocket(self, listener: Any = None, timeout: float = 300,
                                    reconnect_async: bool = False,
                                    reconnect_async_wait_sec: float = 5, catch_up: bool = True,
                                    silence_timeout: float = 60) -> "AsyncWebSocketStreamHandle":
        """Open one WebSocket connection that carries several streams, in the event
        loop (see :meth:`mastodon.Mastodon.stream_open_websocket`)."""
        from .streaming.aio import open_websocket
        return await open_websocket(self, listener, timeout, reconnect_async,
                                    reconnect_async_wait_sec, catch_up, silence_timeout)


def _as_sent(url: str) -> "yarl.URL":
    """The URL as requests sends it: the transport's quoting kept (yarl would decode what
    ``path_id`` quoted), what is left unquoted quoted, a host name IDNA-encoded."""
    if not url.isascii():
        prepared = requests.PreparedRequest()
        prepared.prepare_url(url, None)
        url = prepared.url or url
    return yarl.URL(requests.utils.requote_uri(url), encoded=True)


def _proxy_for(url: str, proxies: dict[str, str]) -> str | None:
    """The proxy requests would use for ``url`` (a bare ``host:port`` is an http:// one,
    as for requests); aiohttp speaks to http:// and https:// proxies only."""
    proxy = requests.utils.select_proxy(url, proxies)
    if proxy is None:
        return None
    if "://" not in proxy:
        proxy = "http://" + proxy
    split = urlsplit(proxy)
    if split.scheme.lower() not in ("http", "https"):
        where = split.netloc.rpartition("@")[2]  # without the proxy's credentials
        raise MastodonIllegalArgumentError(
            f"the proxy for {urlsplit(url).hostname} is {split.scheme}://{where}: the asyncio "
            "client speaks to http:// and https:// proxies only")
    return proxy


def _nothing() -> None:
    return None


def _yes() -> bool:
    return True


def _wire(url: str, hop: dict[str, Any]) -> tuple[str, dict[str, str], Any]:
    """The URL, headers and body a prepared request (``hop``, from ``_request.py``) goes
    out with: what ``requests`` makes of it for a plain session (its default
    ``Accept``, the query and form encoded by ``urlencode``, JSON by ``json.dumps``), without
    the general-purpose checks whose cost dwarfs aiohttp's own."""
    params = hop.get("params")
    if params:
        url += ("&" if "?" in url else "?") + urlencode(params)
    headers = {"Accept": "*/*", "Accept-Encoding": _ACCEPT_ENCODING}
    headers.update(hop["headers"])
    data = hop.get("data")
    body: Any = None
    if hop.get("json") is not None:
        body = json.dumps(hop["json"], allow_nan=False).encode("utf-8")
        headers.setdefault("Content-Type", "application/json")
    elif isinstance(data, MultipartBody):
        headers["Content-Length"] = str(data.length)
        body = _chunks(data)  # sent as it is read
    elif data:
        body = urlencode(data)
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    return url, headers, body


async def _chunks(body: Any) -> AsyncIterator[bytes]:
    while True:
        chunk = body.read(_UPLOAD_CHUNK)
        if not chunk:
            return
        yield chunk


def _response(answer: "aiohttp.ClientResponse", method: str, url: str,
              headers: dict[str, str]) -> requests.Response:
    """An aiohttp answer as the ``requests.Response`` the transport reads (its body
    still in ``raw``, the aiohttp response)."""
    response = requests.Response()
    response.status_code = answer.status
    received: CaseInsensitiveDict[str] = CaseInsensitiveDict()
    for name, value in answer.headers.items():
        if name in received:  # repeated headers are joined, as requests joins them
            received[name] += ", " + value
        else:
            received[name] = value
    response.headers = received
    response.reason = answer.reason or ""
    response.url = str(answer.url)
    response.raw = answer
    response.request = requests.PreparedRequest()
    response.request.method, response.request.url = method, url
    response.request.headers = CaseInsensitiveDict(headers)
    response.encoding = requests.utils.get_encoding_from_headers(received)
    return response


class _NotConnected(urllib3.exceptions.NewConnectionError):
    """A connection that could not be made, as urllib3 reports it (the transport knows
    such a request never left), with aiohttp's reason as the message."""

    def __init__(self, message: str) -> None:
        urllib3.exceptions.HTTPError.__init__(self, message)
        self.conn = None  # type: ignore[assignment]  # no connection was made


def _as_requests_error(exc: BaseException) -> Exception:
    """aiohttp's failure as the requests exception the transport knows: one that
    happened before the request left counts as never sent."""
    message = str(exc) or type(exc).__name__
    if isinstance(exc, (aiohttp.ClientConnectorCertificateError, aiohttp.ClientSSLError,
                        ssl.SSLError)):
        return requests.exceptions.SSLError(message)
    if isinstance(exc, aiohttp.InvalidURL):
        return requests.exceptions.InvalidURL(message)
    if isinstance(exc, getattr(aiohttp, "ConnectionTimeoutError", ())):
        return requests.exceptions.ConnectTimeout(message)
    if isinstance(exc, (TimeoutError, aiohttp.ServerTimeoutError)):
        return requests.exceptions.ReadTimeout(message)
    if isinstance(exc, aiohttp.ClientConnectorError):
        # Could not connect: nothing was sent (what never_sent() recognises).
        error = exc.os_error
        cause = f"[Errno {error.errno}] {os.strerror(error.errno)}" if error.errno else str(error)
        return requests.exceptions.ConnectionError(
            _NotConnected(f"Failed to establish a new connection to {exc.host}:{exc.port}: {cause}"))
    if isinstance(exc, aiohttp.ClientPayloadError):
        return requests.exceptions.ChunkedEncodingError(message)
    return requests.exceptions.ConnectionError(message)

