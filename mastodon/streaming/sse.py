"""Server-Sent Events: the incremental parser, the readers that take a streamed response's
body off the wire as it arrives, and the connection that opens one SSE stream.

The read path is the hot path of streaming: a live ``requests`` response is read through
``read1`` (whatever has arrived, without waiting for more) in large chunks, and the
parser splits lines with ``bytes`` methods, never byte by byte.
"""

import functools
import http.client
import logging
import re
import socket
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

import requests
import urllib3.exceptions

from .._answers import body_excerpt
from ..errors import (
    MastodonError,
    MastodonIllegalArgumentError,
    MastodonNetworkError,
    MastodonReadTimeout,
)
from .events import _HEARTBEAT, EVENTS, SSEItem, _BadInput, _RawEvent

if TYPE_CHECKING:
    from ..streaming_endpoints import StreamingEndpointsMixin
    from .subscriptions import Subscription

__all__ = ["SSEParser"]

log = logging.getLogger("mastodon")

# What one read asks for: read1 hands over only what has arrived (at most the rest of the
# HTTP chunk), so a large size costs nothing when events come one by one, and saves
# reads when they come in bulk.
_CHUNK = 256 * 1024

# The wire names of the events this library knows, as the parser finds them.
_EVENT_NAMES = {event.name.encode(): event.name for event in EVENTS}


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

    The events Mastodon writes (``event: NAME``, one ``data:`` line, a blank line) are
    cut straight out of the chunk with ``bytes.find``; anything else goes line by line.
    Both give the same items.
    """

    MAX_LINE: ClassVar[int] = 16 * 1024 * 1024  # a line longer than this is not a Mastodon event
    # What a field name looks like: what servers write, and room for fields to come.
    _FIELD_NAME: ClassVar[re.Pattern[bytes]] = re.compile(rb"[A-Za-z0-9_.-]+")

    def __init__(self) -> None:
        self._pending = b""  # the start of a line whose end has not arrived
        self._after_cr = False  # the last chunk ended in \r: a \n starting the next is its pair
        self._name: str | None = None
        self._data: list[bytes] = []
        self._raw: list[bytes] = []

    def _reset(self) -> None:
        self._name = None
        self._data = []
        self._raw = []

    def feed(self, chunk: bytes) -> list[SSEItem]:
        """Parse a chunk; returns the list of completed items."""
        if not chunk:
            return []
        if self._after_cr:
            self._after_cr = False
            if chunk[:1] == b"\n":  # the \n of a \r\n split between chunks
                chunk = chunk[1:]
                if not chunk:
                    return []
        out: list[SSEItem] = []
        if b"\r" in chunk:  # the pending start of a line never holds a line end
            self._lines_with_cr(self._pending + chunk, out)
        else:
            self._lines(chunk, out)
        return out

    def _lines(self, chunk: bytes, out: list[SSEItem]) -> None:
        """Parse a chunk whose lines end in ``\n``."""
        # bytes.find of one byte is memchr, the fastest scan there is (bytes.split and
        # the search for b"\n\n" go byte by byte).
        find = chunk.find
        start = 0
        if self._pending:
            # The end of the line the last chunk began; the rest of the chunk is not
            # copied onto it.
            end = find(b"\n")
            if end < 0:
                self._pending += chunk
                self._check_pending(out)
                return
            line, self._pending = self._pending + chunk[:end], b""
            self._line(line, out)
            start = end + 1
        startswith = chunk.startswith
        names = _EVENT_NAMES
        size = len(chunk)
        while True:
            end = find(b"\n", start)
            if end < 0:
                break
            if not self._raw and startswith(b"event: ", start):
                # Between events: try the shape of every event Mastodon writes, "event:
                # NAME", one "data:" line and the blank line, cut out of the chunk at once.
                data_end = find(b"\n", end + 1)
                if (0 <= data_end < size - 1 and chunk[data_end + 1] == 10  # b"\n"
                        and startswith(b"data: ", end + 1)):
                    name = names.get(chunk[start + 7:end])
                    if name is not None:
                        out.append(_RawEvent(name, chunk[end + 7:data_end], None))
                        start = data_end + 2
                        continue
            self._line(chunk[start:end], out)
            start = end + 1
        self._pending = chunk[start:]
        self._check_pending(out)

    def _lines_with_cr(self, data: bytes, out: list[SSEItem]) -> None:
        # bytes.splitlines breaks at \r\n, \r and \n, exactly the SSE line ends.
        lines = data.splitlines()
        end = data[-1]
        if end == 13 or end == 10:  # b"\r", b"\n": the last line is complete
            self._pending = b""
            self._after_cr = end == 13
        else:
            self._pending = lines.pop()
        for line in lines:
            self._line(line, out)
        self._check_pending(out)

    def _check_pending(self, out: list[SSEItem]) -> None:
        if len(self._pending) > self.MAX_LINE:
            out.append(_BadInput("line too long", self._pending[:1000]))
            self._pending = b""

    def _line(self, line: bytes, out: list[SSEItem]) -> None:
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


# --- reading a Server-Sent Events response --------------------------------------------

def _response_socket(response: Any) -> socket.socket | None:
    """The socket under a streamed ``requests`` response (None if it cannot be found)."""
    raw: Any = getattr(response, "raw", None)
    ways: tuple[Callable[[], Any], ...] = (lambda: raw._connection.sock,
                                           lambda: raw.connection.sock,
                                           lambda: raw._fp.fp.raw._sock)
    for get in ways:
        try:
            sock: socket.socket | None = get()  # urllib3's private attributes
        except AttributeError:
            continue
        if sock is not None:
            return sock
    return None


def _fast_read(response: Any) -> Callable[[int], bytes] | None:
    """For a live ``requests`` response over ``http.client`` (what a session gives): a
    function that reads what has arrived, up to a size, without waiting for more.
    None for anything else, which is read through its ``iter_content``."""
    if not isinstance(response, requests.Response):
        return None  # a test double, another library's response
    content: object = response._content  # False until the body is read
    if content is not False:
        return None  # its body is already read
    raw = response.raw
    fp = getattr(raw, "_fp", None)
    if not isinstance(fp, http.client.HTTPResponse):
        return None  # a test double or a recorded body
    encoding = (response.headers.get("Content-Encoding") or "identity").strip().lower()
    read: Callable[[int], bytes]
    if hasattr(raw, "read1"):  # urllib3 2
        if encoding == "identity":
            read = raw.read1
        else:
            read = functools.partial(raw.read1, decode_content=True)
        return read
    if encoding == "identity":
        return fp.read1  # urllib3 1.x: http.client's, which undoes the chunking
    return None


def _read_chunks(response: Any) -> Iterator[bytes]:
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


def _iter_content_chunks(response: Any) -> Iterator[bytes]:
    """The body of any object with ``iter_content``, as bytes, in pieces that end at a
    line end (the parser completes nothing in between), so feeding it byte by byte
    costs no more than feeding it whole."""
    # One byte at a time is the size for which requests hands over what has arrived
    # without waiting for more; a body already in memory may come in large slices.
    in_memory = isinstance(response, requests.Response) and isinstance(response._content, bytes)
    pending = bytearray()
    chunks: Iterable[bytes | str] = response.iter_content(_CHUNK if in_memory else 1)
    try:
        for chunk in chunks:
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


def sse_target(subscription: "Subscription | None") -> tuple[str, dict[str, Any]]:
    """The Server-Sent Events endpoint of a stream and its parameters (for the sync and
    the asyncio client alike)."""
    if subscription is None or subscription.sse_path is None:
        # Only a WebSocket carries several streams, or one that only it can name.
        raise MastodonIllegalArgumentError(
            "this stream has no Server-Sent Events endpoint: use transport=\"websocket\"")
    return subscription.sse_path, subscription.sse_params()


def stream_request(base: str, timeout: float) -> dict[str, Any]:
    """How a stream is asked for, besides its path and parameters: the transport's
    ``_api_request`` arguments."""
    # The stream reconnects with its own backoff, and a dead server shows within the
    # silence timeout rather than the long request timeout.
    return {"base_url": base, "stream": True, "ratelimit": False, "max_retries": 0,
            "timeout": timeout,
            "headers": {"Accept": "text/event-stream", "Accept-Encoding": "identity",
                        "Cache-Control": "no-cache"}}


def not_an_event_stream(path: str, kind: str, excerpt: bytes) -> MastodonNetworkError:
    """The error for an answer to a stream request that is not an event stream."""
    return MastodonNetworkError(
        f"GET {path}: the server answered with {kind or 'no content type'}, "
        f"not an event stream: {body_excerpt(excerpt) if excerpt else '(empty body)'}")


def _read_sse(response: Any) -> Generator[SSEItem, None, None]:
    """Raw items (events, heartbeats, bad input) of an SSE response."""
    parser = SSEParser()
    for chunk in _read_chunks(response):
        yield from parser.feed(chunk)


# --- the connection ----------------------------------------------------------------------

class _SSEConnection:
    """One Server-Sent Events connection for one subscription."""

    transport: ClassVar[str] = "sse"

    def __init__(self, response: requests.Response, silence: float) -> None:
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

    @staticmethod
    def base_url(http_base: str) -> str:
        """The base URL this transport opens (the streaming server's, as it is)."""
        return http_base

    @classmethod
    def open(cls, client: "StreamingEndpointsMixin", subscription: "Subscription | None",
             base: str, timeout: float, silence: float) -> "_SSEConnection":
        """Open the stream of ``subscription`` at ``base`` (checked by the caller against
        the connection policy, as every REST request is again by the transport)."""
        path, params = sse_target(subscription)
        response = client._api_request("GET", path, params, **stream_request(base, timeout))
        kind = response.headers.get("Content-Type", "")
        if "text/event-stream" not in kind.lower():
            sock = _response_socket(response)
            try:
                if sock is not None:
                    sock.settimeout(silence)
                raw = response.raw
                excerpt = (raw.read1(2048) if hasattr(raw, "read1") else raw.read(2048))
            except Exception:
                excerpt = b""
            response.close()
            raise not_an_event_stream(path, kind, excerpt)
        return cls(response, silence)

    def events(self) -> Iterator[SSEItem]:
        return _read_sse(self.response)

    def send(self, message: dict[str, Any]) -> None:
        """Refuse to send: an SSE stream is one-way, and carries the one stream its URL
        names (several streams on one connection take a WebSocket)."""
        raise MastodonIllegalArgumentError(
            f"a Server-Sent Events stream takes no messages, not even {message.get('type')!r}")

    def shutdown(self) -> None:
        """Wake a read blocked in another thread (safe to call from any thread)."""
        sock = self._sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed

    def close(self) -> None:
        try:
            self.response.close()
        except Exception:  # closing a broken connection may fail in odd ways
            log.debug("closing a stream response failed", exc_info=True)
