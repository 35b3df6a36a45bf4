"""Reading an HTTP answer: its body (within a size limit), its JSON, and the error it
stands for, written once for every transport (REST requests, the Server-Sent Events and
WebSocket handshakes); also the error for a request that got no answer at all.
"""

import json
import re
from collections.abc import Mapping
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests

from ._policy import redact_text
from ._results import parse_json
from .errors import (
    MastodonAPIError,
    MastodonNetworkError,
    MastodonReadTimeout,
    api_error_class,
)


class Answer(Protocol):
    """What an error is made of: a ``requests.Response``, or anything with its status,
    reason and headers."""

    @property
    def status_code(self) -> int: ...
    @property
    def reason(self) -> str | None: ...
    @property
    def headers(self) -> Mapping[str, str]: ...


# Patterns are text, compiled on first use by re (which keeps them): compiled here, they
# would cost `import mastodon` milliseconds.
_TAGS = r"(?is)<(script|style)[^>]*>.*?</\1>|<[^>]+>"
_SPACE = r"\s+"
_READ_CHUNK = 256 * 1024


def body_excerpt(content: bytes | str, limit: int = 200) -> str:
    """The start of a response body as readable text (tags stripped from HTML)."""
    text = content[:4096].decode("utf-8", "replace") if isinstance(content, bytes) else str(content)
    text = re.sub(_SPACE, " ", re.sub(_TAGS, " ", text)).strip()
    return text if len(text) <= limit else text[:limit] + "..."


def answer_error(where: str, status: int, reason: str | None, headers: Mapping[str, str],
                 content: bytes | str | None) -> MastodonAPIError:
    """The exception for an error answer, with the server's message: the class of its
    status (:func:`mastodon.errors.api_error_class`), the ``error`` (or ``detail``),
    ``error_description`` and ``details`` of a JSON body, else an excerpt of the body.

    ``where`` says what was asked, for the message: ``"GET /api/v1/x"``,
    ``"WebSocket wss://host/api/v1/streaming"``.
    """
    error = details = None
    description = None
    try:
        body = parse_json(content) if content else None
    except (ValueError, RecursionError):
        body = None
    if isinstance(body, dict):
        error = body.get("error") or body.get("detail")
        description = body.get("error_description")
        details = body.get("details")
        if not isinstance(error, str) and error is not None:
            error = str(error)
    elif content:
        error = body_excerpt(content)
    text = error or "(no message)"
    if description:
        text = f"{text}: {description}"
    message = f"{where} failed with HTTP {status} {reason or ''}".rstrip() + f": {text}"
    if details:
        message += f" {details}"
    cls = api_error_class(status)
    return cls(message, status, reason, error, details, dict(headers))


def api_error(response: Answer, content: bytes | str | None, method: str,
              endpoint: str) -> MastodonAPIError:
    """The exception for a REST request's error answer (see :func:`answer_error`)."""
    return answer_error(f"{method} {endpoint}", response.status_code, response.reason,
                        response.headers, content)


def parse_response(response: Answer, content: bytes, method: str, endpoint: str) -> Any:
    """The result of a successful response, or a clear error when it is not JSON."""
    if response.status_code == 204 or (not content and response.status_code in (202, 205)):
        return None  # "no content" and "accepted, nothing to show yet" carry no JSON
    try:
        return parse_json(content)
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        kind = response.headers.get("Content-Type", "no content type")
        shown = body_excerpt(content) if content else "(empty body)"
        raise MastodonAPIError(
            f"{method} {endpoint}: the server answered HTTP {response.status_code} with a body "
            f"that is not valid JSON ({kind}): {shown}",
            response.status_code, response.reason, None, None, dict(response.headers)) from None


def read_body(response: requests.Response, limit: int, method: str, endpoint: str) -> bytes:
    """The whole body of a response, refusing one larger than ``limit`` bytes (a
    misbehaving server must not fill the caller's memory)."""
    size = read_size(response, limit, method, endpoint)
    chunks: list[bytes] = []
    total = 0
    for chunk in response.iter_content(size):
        total += len(chunk)
        chunks.append(chunk)
        if total > limit:
            raise over_limit(response, limit, method, endpoint, chunks)
    return b"".join(chunks)


def read_size(response: requests.Response, limit: int, method: str, endpoint: str) -> int:
    """How much of a body to read at a time: an announced length (within ``limit``,
    else the answer is refused here) is read in one piece, one read and nothing to
    join; without one, or compressed, the body is read in chunks."""
    length = response.headers.get("Content-Length")
    if length is not None and length.isdigit() and int(length) > limit:
        response.close()
        raise MastodonAPIError(
            f"{method} {endpoint}: the answer is {length} bytes, over the limit of {limit} "
            "(max_response_size)", response.status_code, response.reason, None, None,
            dict(response.headers))
    return int(length) if length is not None and length.isdigit() and int(length) > 0 \
        else _READ_CHUNK


def over_limit(response: requests.Response, limit: int, method: str, endpoint: str,
               chunks: list[bytes]) -> MastodonAPIError:
    """The error for an answer found larger than ``limit`` while reading it (``chunks``:
    what was read, which it quotes the start of); the response is closed."""
    response.close()
    return MastodonAPIError(
        f"{method} {endpoint}: the answer is over the limit of {limit} bytes "
        f"(max_response_size); it starts: {body_excerpt(b''.join(chunks))}",
        response.status_code, response.reason, None, None, dict(response.headers))


def adopted(response: object, url: str) -> requests.Response:
    """The answer a transport gave, as a ``requests.Response``.

    A real one is returned as it is. A replaced transport (a patched ``requests.post``,
    a mocked session, an adapter of the user's) may give any object that looks like a
    response: its ``status_code``, ``headers``, ``reason`` and body (``content``,
    ``text``, or what ``json()`` returns) are taken where they have the right type, an
    answer without a usable status counts as 200, as for Mastodon.py, which reads such
    answers with ``json()`` alone.
    """
    if isinstance(response, requests.Response):
        return response
    result = requests.Response()
    status = getattr(response, "status_code", None)
    result.status_code = status if isinstance(status, int) and not isinstance(status, bool) else 200
    headers = getattr(response, "headers", None)
    if isinstance(headers, Mapping):
        result.headers.update({str(k): str(v) for k, v in headers.items()})
    reason = getattr(response, "reason", None)
    # requests itself leaves the reason None when there is none; its stubs say str.
    result.reason = reason if isinstance(reason, str) else None  # type: ignore[assignment]
    content = getattr(response, "content", None)
    if not isinstance(content, (bytes, bytearray)):
        text = getattr(response, "text", None)
        if isinstance(text, str):
            content = text.encode("utf-8")
        else:
            read_json = getattr(response, "json", None)
            body = json.dumps(read_json(), default=str) if callable(read_json) else ""
            content = body.encode("utf-8")
    result._content = bytes(content)
    # requests' own flag (not in its stubs): iter_content then serves _content.
    result._content_consumed = True  # type: ignore[attr-defined]
    result.url = url
    return result


# What a network error means, most specific first: (requests' exception, our class, text).
_NETWORK_FAILURES: tuple[tuple[type[BaseException], type[MastodonNetworkError], str], ...] = (
    (requests.exceptions.ReadTimeout, MastodonReadTimeout, "the server did not answer in time"),
    (requests.exceptions.ConnectTimeout, MastodonNetworkError, "could not connect in time"),
    (requests.exceptions.SSLError, MastodonNetworkError,
     "the TLS connection failed; the server's certificate could not be verified or TLS broke"),
    (requests.exceptions.ChunkedEncodingError, MastodonNetworkError,
     "the connection broke while reading the answer"),
    (requests.exceptions.ConnectionError, MastodonNetworkError, "could not talk to the server"),
    (Exception, MastodonNetworkError, "request failed"),
)


def network_error(exc: BaseException, method: str, url: str) -> tuple[MastodonNetworkError, str]:
    """The error for a failed send (whatever the transport raised: requests' errors, or
    anything a replaced session, adapter or test double raises), and the short reason
    for the attempts story. The caller chains ``exc`` as the cause."""
    split = urlsplit(url)
    where = f"{method} {split.scheme}://{split.netloc}{split.path}"
    cls, reason = next((cls, reason) for kind, cls, reason in _NETWORK_FAILURES
                       if isinstance(exc, kind))
    detail = str(exc)
    if not isinstance(exc, requests.exceptions.RequestException):
        detail = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return cls(f"{where}: {reason} ({redact_text(detail)})"), reason.split(";")[0]
