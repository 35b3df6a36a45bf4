"""Transport: the session, sending one request, turning the answer into a result or an
error, and the rate limits.

Every endpoint method ends in :meth:`Transport._api_request`; nothing else in the
library talks to the network.
"""

import email.utils
import io
import json
import logging
import random
import re
import threading
import time
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote, urljoin, urlsplit

import requests
import requests.auth
import urllib3

from . import _policy, _secrets
from ._async_refresh_header import refresh_record
from ._endpoints import EndpointTable
from ._results import (
    AttribAccessDict,
    AttribAccessList,
    pagination_info,
    parse_date,
    parse_json,
    parse_link_header,
    recast,
)
from ._shapes import SHAPES
from ._versions import parse_version_string
from .errors import (
    MastodonAPIError,
    MastodonError,
    MastodonIllegalArgumentError,
    MastodonNetworkError,
    MastodonReadTimeout,
    api_error_class,
)
from .return_types import cast_result

log = logging.getLogger("mastodon")

DEFAULT_BASE_URL = _policy.DEFAULT_BASE_URL
RATELIMIT_METHODS = ("throw", "wait", "pace")
VERSION_CHECK_MODES = ("created", "changed", "none")
FEATURE_SETS = ("mainline", "fedibird", "pleroma")

def protocolize(base_url):
    """A base URL with a scheme (``https://`` unless given) and no trailing slash; not a
    URL at all is refused."""
    return _policy.base_url(base_url)


# --- parameters ----------------------------------------------------------------------

class _ServerDefault(int):
    """A boolean default that the caller did not touch.

    It equals (and reads as) ``True``, so signatures show the documented default, but
    the transport leaves it out of the request: a parameter the caller did not set is
    not sent, while the same value set explicitly is. Most defaults are plain values,
    sent as Mastodon.py sends them; this marks the few a method must tell apart from an
    explicit value (``search(resolve=...)``, which an anonymous client sends only when
    asked). A method whose default must be sent turns it into a plain value itself.
    """

    __slots__ = ()

    def __repr__(self):
        return "True"


class _ServerDefaultStr(str):
    """The same for a string default (the constructor's ``api_base_url``)."""

    __slots__ = ()


DEFAULT_TRUE = _ServerDefault(1)


def default_str(value):
    """A string default the transport leaves out unless the caller passed it."""
    return _ServerDefaultStr(value)


def is_default(value):
    """Whether a parameter is still at an untouched default (see :data:`DEFAULT_TRUE`)."""
    return value.__class__ is _ServerDefault or value.__class__ is _ServerDefaultStr


def unpack_id(value):
    """The ID of a result dict (``toot`` for ``toot["id"]``), or the value itself."""
    if isinstance(value, dict) and "id" in value:
        return value["id"]
    return value


def path_id(value, name="id"):
    """An ID (or a result dict standing for one) made safe for a URL path.

    A missing ID is refused, so that ``account(None)`` fails clearly instead of asking
    for ``/accounts/None``.
    """
    value = unpack_id(value)
    if value is None or isinstance(value, (dict, list, tuple, set, bool)) or not str(value).strip():
        raise MastodonIllegalArgumentError(f"{name} must be an ID or a dict with an 'id', not {value!r}")
    return quote(str(value), safe="")


def status_cursor(value):
    """A pagination cursor over status IDs: a result dict stands for its ID, and a
    ``datetime`` (or ``date``, taken as midnight UTC) becomes the smallest status ID
    Mastodon could have given a post at that moment.

    Mastodon's status IDs are snowflakes: the creation time in milliseconds since the
    epoch, shifted left by 16 bits, with a sequence number in the low bits. So
    ``max_id=<a datetime>`` asks for posts made before that moment and
    ``min_id``/``since_id`` for posts made after it.
    """
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, datetime):
        millis = int(value.timestamp() * 1000)
        if millis < 0:
            raise MastodonIllegalArgumentError(
                f"cannot turn {value!r} into a status ID: it is before 1970")
        return str(millis << 16)
    return unpack_id(value)


def plain_cursor(name, value):
    """A pagination cursor over IDs that are not time-based (notifications,
    favourites, accounts): a result dict stands for its ID; a date is refused, since
    turning it into such an ID would silently select the wrong page."""
    if isinstance(value, date):
        raise MastodonIllegalArgumentError(
            f"{name} must be an ID here, not a date: these IDs do not encode a time")
    return unpack_id(value)


def _is_id_key(key):
    return key == "id" or key.endswith("_id") or key.endswith("_ids")


def _text(value):
    """Bytes as the text they encode (UTF-8); anything else refused, rather than sent
    as its ``repr``."""
    try:
        return bytes(value).decode("utf-8")
    except UnicodeDecodeError:
        raise MastodonIllegalArgumentError(
            f"a bytes parameter must be UTF-8 text; {bytes(value)[:40]!r}... is not "
            "(upload binary data as media instead)") from None


def _format_scalar(value):
    if isinstance(value, (bytes, bytearray, memoryview)):
        return _text(value)
    if value is True:  # Rails reads "1"/"0" as booleans; Mastodon.py sends them so
        return "1"
    if value is False:
        return "0"
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def format_datetime(value):
    """ISO 8601 in UTC to the second (``2025-01-31T12:00:00+00:00``), as Mastodon.py
    sends times; a naive datetime is taken as local time, as Python does."""
    return value.astimezone(UTC).replace(microsecond=0).isoformat()


def encode_form(params):
    """Encode parameters for a query string or a form body as ``(key, value)`` pairs.

    ``None`` and untouched server defaults (:data:`DEFAULT_TRUE`) are dropped; lists
    become ``key[]`` entries; dicts become ``key[sub]`` entries (Rails' nested
    parameters); booleans are ``1``/``0``; dates are ISO 8601; a dict with an ``id``
    under an ID parameter stands for its ID.
    """
    pairs = []

    def emit(key, value, id_key):
        if value is None or is_default(value):
            return
        if id_key:
            value = unpack_id(value)
        if isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                emit(key + "[]", item, id_key)
        elif isinstance(value, dict):
            for sub_key, sub_value in value.items():
                emit(f"{key}[{sub_key}]", sub_value, _is_id_key(str(sub_key)))
        else:
            pairs.append((key, _format_scalar(value)))

    for key, value in (params or {}).items():
        emit(key, value, _is_id_key(key))
    return pairs


def encode_json(params):
    """Encode parameters for a JSON body, keeping JSON types (``true``, numbers, nested
    objects). ``None`` is dropped at the top level only, where it means "not set"."""
    def convert(key, value):
        if _is_id_key(key):
            value = unpack_id(value)
        if isinstance(value, dict):
            return {str(k): convert(str(k), v) for k, v in value.items()}
        if isinstance(value, (list, tuple, set, frozenset)):
            return [convert(key, v) for v in value]
        if isinstance(value, datetime):
            return format_datetime(value)
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, (bytes, bytearray, memoryview)):
            return _text(value)
        return value

    return {k: convert(k, v) for k, v in (params or {}).items()
            if v is not None and not is_default(v)}


# --- multipart bodies ----------------------------------------------------------------

class MultipartBody:
    """A ``multipart/form-data`` body that reads its files as it is sent.

    ``requests`` builds multipart bodies in memory; a video of a few hundred megabytes
    would sit there whole. This body knows its length up front (so it goes out with a
    ``Content-Length``, which Mastodon requires) and streams each file from where it is.
    """

    CHUNK = 64 * 1024

    def __init__(self, fields, files):
        self.boundary = uuid.uuid4().hex
        self._parts = []  # bytes, or (file object, start offset, length)
        for name, value in fields:
            self._parts.append(self._head(name, None, None) + value.encode("utf-8") + b"\r\n")
        for name, (filename, content, mime_type) in files.items():
            self._parts.append(self._head(name, filename, mime_type or "application/octet-stream"))
            if not isinstance(content, (bytes, bytearray, memoryview)) and not content.seekable():
                content = content.read()  # a pipe or socket: its length is only known by reading
            if isinstance(content, (bytes, bytearray, memoryview)):
                self._parts.append(bytes(content))
            else:
                start = content.tell()
                length = content.seek(0, io.SEEK_END) - start
                content.seek(start)
                self._parts.append((content, start, length))
            self._parts.append(b"\r\n")
        self._parts.append(f"--{self.boundary}--\r\n".encode())
        self.length = sum(p[2] if isinstance(p, tuple) else len(p) for p in self._parts)
        self.content_type = f"multipart/form-data; boundary={self.boundary}"
        self._index = 0
        self._offset = 0

    def _head(self, name, filename, mime_type):
        disposition = f'form-data; name="{_quote(name)}"'
        if filename is not None:
            disposition += f'; filename="{_quote(filename)}"'
        head = f"--{self.boundary}\r\nContent-Disposition: {disposition}\r\n"
        if mime_type is not None:
            head += f"Content-Type: {mime_type}\r\n"
        return (head + "\r\n").encode("utf-8")

    def __len__(self):
        return self.length

    def rewind(self):
        """Start again from the first byte (to send the same body once more)."""
        self._index = self._offset = 0

    def read(self, size=-1):
        if size is None or size < 0:
            size = self.length
        out = bytearray()
        while len(out) < size and self._index < len(self._parts):
            part = self._parts[self._index]
            want = size - len(out)
            if isinstance(part, tuple):
                handle, start, length = part
                handle.seek(start + self._offset)
                chunk = handle.read(min(want, length - self._offset, self.CHUNK))
                if not chunk and self._offset < length:
                    raise MastodonNetworkError("a file being uploaded got shorter while it was sent")
                total = length
            else:
                chunk = part[self._offset:self._offset + want]
                total = len(part)
            out += chunk
            self._offset += len(chunk)
            if self._offset >= total:
                self._index += 1
                self._offset = 0
        return bytes(out)


def _quote(value):
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\r", " ").replace("\n", " ")


# --- responses -----------------------------------------------------------------------

_TAGS = re.compile(r"<(script|style)[^>]*>.*?</\1>|<[^>]+>", re.DOTALL | re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def body_excerpt(content, limit=200):
    """The start of a response body as readable text (tags stripped from HTML)."""
    text = content[:4096].decode("utf-8", "replace") if isinstance(content, bytes) else str(content)
    text = _SPACE.sub(" ", _TAGS.sub(" ", text)).strip()
    return text if len(text) <= limit else text[:limit] + "..."


def api_error(response, content, method, endpoint):
    """The exception for an error response, with the server's message."""
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
    message = (f"{method} {endpoint} failed with HTTP {response.status_code} "
               f"{response.reason or ''}".rstrip() + f": {text}")
    if details:
        message += f" {details}"
    cls = api_error_class(response.status_code)
    return cls(message, response.status_code, response.reason, error, details,
               dict(response.headers))


def parse_response(response, content, method, endpoint):
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


def read_body(response, limit, method, endpoint):
    """The whole body of a response, refusing one larger than ``limit`` bytes (a
    misbehaving server must not fill the caller's memory)."""
    length = response.headers.get("Content-Length")
    if length is not None and length.isdigit() and int(length) > limit:
        response.close()
        raise MastodonAPIError(
            f"{method} {endpoint}: the answer is {length} bytes, over the limit of {limit} "
            "(max_response_size)", response.status_code, response.reason, None, None,
            dict(response.headers))
    chunks = []
    total = 0
    for chunk in response.iter_content(_READ_CHUNK):
        total += len(chunk)
        if total > limit:
            response.close()
            raise MastodonAPIError(
                f"{method} {endpoint}: the answer is over the limit of {limit} bytes "
                f"(max_response_size); it starts: {body_excerpt(b''.join(chunks))}",
                response.status_code, response.reason, None, None, dict(response.headers))
        chunks.append(chunk)
    return b"".join(chunks)


_READ_CHUNK = 256 * 1024


def _form_data(pairs):
    """A form body as ``requests`` takes it: a dict where every key is once (as
    Mastodon.py passes it, so a replaced ``requests.post`` or session sees
    ``data["key"]``), the pairs themselves where a key repeats (``media_ids[]``,
    ``fields_attributes[][name]``), whose order matters."""
    keys = {key for key, _ in pairs}
    return dict(pairs) if len(keys) == len(pairs) else pairs


def _adopted(response, url):
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
    adopted = requests.Response()
    status = getattr(response, "status_code", None)
    usable = isinstance(status, int) and not isinstance(status, bool)
    adopted.status_code = status if usable else 200
    headers = getattr(response, "headers", None)
    if isinstance(headers, Mapping):
        adopted.headers.update({str(k): str(v) for k, v in headers.items()})
    reason = getattr(response, "reason", None)
    adopted.reason = reason if isinstance(reason, str) else None
    content = getattr(response, "content", None)
    if not isinstance(content, (bytes, bytearray)):
        text = getattr(response, "text", None)
        if isinstance(text, str):
            content = text.encode("utf-8")
        else:
            read_json = getattr(response, "json", None)
            body = json.dumps(read_json(), default=str) if callable(read_json) else ""
            content = body.encode("utf-8")
    adopted._content = bytes(content)
    adopted._content_consumed = True
    adopted.url = url
    return adopted
_SHAPE_TYPES = {"list": list, "dict": dict}


# What the API reference says each endpoint answers: "list" or "dict" (or None).
expected_shape = EndpointTable(SHAPES).get


# --- retries -------------------------------------------------------------------------

_RETRY_STATUSES = frozenset({500, 502, 503, 504})
_MAX_BACKOFF = 60.0
_SAFE_VERBS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# POST actions that Mastodon treats as idempotent: doing them twice leaves the same state.
_IDEMPOTENT_POST = re.compile(
    r"^/api/v1/(?:statuses/[^/]+/(?:favourite|unfavourite|reblog|unreblog|bookmark|unbookmark|"
    r"pin|unpin|mute|unmute)|accounts/[^/]+/(?:follow|unfollow|block|unblock|mute|unmute|pin|"
    r"unpin|endorse|unendorse)|tags/[^/]+/(?:follow|unfollow|feature|unfeature)|"
    r"follow_requests/[^/]+/(?:authorize|reject)|domain_blocks|conversations/[^/]+/read|"
    r"notifications/[^/]+/dismiss|announcements/[^/]+/dismiss|markers)$")


def is_safe_to_repeat(method, endpoint, headers):
    """Whether sending this request twice does no more than sending it once.

    Decided per request: by verb, by the POST actions Mastodon makes idempotent, and for a
    post carrying an ``Idempotency-Key`` (the server answers a repeat with the first result).
    """
    if method in _SAFE_VERBS:
        return True
    if "Idempotency-Key" in headers:
        return True
    return method == "POST" and _IDEMPOTENT_POST.match(endpoint) is not None


def _never_sent(exc):
    """Whether a network error happened before the request reached the server."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(exc, requests.exceptions.ConnectionError):
        reason = exc.args[0] if exc.args else None
        reason = getattr(reason, "reason", reason)
        return isinstance(reason, urllib3.exceptions.NewConnectionError)
    return False


def _with_attempts(error, attempts):
    """Add the story of a retried request to its final error: the error states its
    cause once, then what each attempt met (``HTTP 503``, ``could not connect``, ...)."""
    if len(attempts) > 1:
        runs = []  # [what, times], the same answer in a row told once
        for what in attempts:
            if runs and runs[-1][0] == what:
                runs[-1][1] += 1
            else:
                runs.append([what, 1])
        story = ", ".join(what if times == 1 else f"{times} \u00d7 {what}" for what, times in runs)
        error.args = (f"{error.args[0]} (after {len(attempts)} attempts: {story})",) + error.args[1:]
    error.attempts = list(attempts)
    return error


# --- rate limits ---------------------------------------------------------------------

class RateLimiter:
    """Rate-limit state shared by every thread using one client.

    The state is what the server last said (``X-RateLimit-*``) minus the requests sent
    since. In ``wait`` and ``pace`` modes a thread reserves its request before sending
    it, so many threads together never send more than the server allows: when the
    budget is spent they all sleep until the reset, and after it at most ``limit``
    requests go out before the server's answers are known again. ``pace`` also hands
    out send times spaced so the budget lasts until the reset.
    """

    MAX_WAIT = 300.0  # never sleep longer than one Mastodon rate-limit window at a time
    RESET_MARGIN = 1.0  # servers round the reset time; waking a bit late avoids a 429

    def __init__(self, method, pacefactor):
        self.method = method
        self.pacefactor = pacefactor
        self.lock = threading.Lock()
        self.limit = 300
        self.remaining = None  # None: not known, nothing to respect
        self.server_remaining = None  # the lowest count the server reported this window
        self.reset = time.time()
        self.lastcall = time.time()
        self.in_flight = 0
        self.next_slot = 0.0
        self.backoff = 0

    def before_request(self, sleep=time.sleep):
        """Wait until this request may be sent, and reserve it."""
        if self.method == "throw":
            return
        while True:
            with self.lock:
                now = time.time()
                if self.remaining is not None and self.remaining <= 0:
                    if self.reset + self.RESET_MARGIN > now:
                        wait = min(self.reset + self.RESET_MARGIN - now, self.MAX_WAIT)
                    else:
                        # A new window: assume the full limit until the server says more.
                        self.remaining = self.server_remaining = self.limit
                        wait = 0
                else:
                    wait = 0
                if not wait:
                    slot = now
                    if self.method == "pace" and self.remaining:
                        slot = max(now, self.next_slot)
                        budget = max(self.reset - slot, 0.0) / self.remaining
                        self.next_slot = slot + min(budget / self.pacefactor, self.MAX_WAIT)
                    if self.remaining is not None:
                        self.remaining -= 1
                    self.in_flight += 1
                    wait = slot - now
                    reserved = True
                else:
                    reserved = False
            if wait > 0:
                sleep(wait)
            if reserved:
                return

    def after_response(self, headers, status_code):
        """Take in what the server said about the limit."""
        with self.lock:
            if self.method != "throw":
                self.in_flight = max(self.in_flight - 1, 0)
            now = time.time()
            self.lastcall = now
            limit = _int_header(headers, "X-RateLimit-Limit")
            remaining = _int_header(headers, "X-RateLimit-Remaining")
            reset = _reset_header(headers)
            if limit is not None:
                self.limit = limit
            if status_code == 429:
                remaining = 0
                retry_after = _retry_after(headers)
                if retry_after is not None:
                    reset = max(reset or 0, now + retry_after)
                if reset is None or reset <= now:
                    # The server gave no usable reset: back off, doubling up to a minute.
                    self.backoff = min(max(self.backoff * 2, 1), 60)
                    reset = now + self.backoff
                else:
                    self.backoff = 0
            if remaining is None:
                return
            if reset is not None and reset > self.reset + 0.5:
                self.server_remaining = remaining  # a new window
            elif self.server_remaining is None:
                self.server_remaining = remaining
            else:
                # Answers can arrive out of order: the lowest count of the window is the
                # newest one.
                self.server_remaining = min(self.server_remaining, remaining)
            if reset is not None:
                self.reset = reset
            # Requests still in flight were reserved against our count but may not be in
            # the server's yet: count them as spent.
            self.remaining = self.server_remaining - (self.in_flight if self.method != "throw" else 0)

    def cancel(self):
        """A reserved request was never answered (network error)."""
        if self.method != "throw":
            with self.lock:
                self.in_flight = max(self.in_flight - 1, 0)

    def __getstate__(self):  # a copy: the same budget, a lock of its own, nothing in flight
        with self.lock:
            state = dict(self.__dict__)
        del state["lock"]
        state["in_flight"] = 0
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.lock = threading.Lock()


def _int_header(headers, name):
    value = headers.get(name)
    try:
        return int(float(value)) if value is not None else None
    except ValueError:
        return None


def _retry_after(headers):
    value = headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        try:
            return max(email.utils.parsedate_to_datetime(value).timestamp() - time.time(), 0.0)
        except (TypeError, ValueError):
            return None


def _reset_header(headers):
    """``X-RateLimit-Reset`` as a local epoch time (ISO 8601 on Mastodon, epoch seconds on
    some servers), corrected by the server's clock offset when it is more than a blip."""
    value = headers.get("X-RateLimit-Reset")
    if not value:
        return None
    try:
        reset = float(value)
    except ValueError:
        parsed = parse_date(value)
        if not isinstance(parsed, datetime):
            return None
        reset = parsed.timestamp()
    server_date = headers.get("Date")
    if server_date:
        try:
            offset = time.time() - email.utils.parsedate_to_datetime(server_date).timestamp()
        except (TypeError, ValueError):
            offset = 0.0
        if abs(offset) > 2.0:  # the Date header has one-second resolution
            reset += offset
    return reset


# --- the transport -------------------------------------------------------------------

class Transport:
    """Session, request sending and rate limits; the base of :class:`mastodon.Mastodon`."""

    #: What sends one HTTP request: ``None`` for ``self.session.request``; a callable
    #: ``(method, url, **kwargs)`` otherwise (:meth:`create_app` posts as Mastodon.py
    #: does, through ``requests.post`` or the given session's ``post``).
    _sender = None

    def __init__(self, client_id=None, client_secret=None, access_token=None,
                 api_base_url=default_str(DEFAULT_BASE_URL), debug_requests=False, ratelimit_method="wait",
                 ratelimit_pacefactor=1.1, request_timeout=300, mastodon_version=None,
                 version_check_mode="none", session=None, feature_set="mainline",
                 user_agent="mastodonpy", lang=None, max_retries=3, retry_backoff=0.5,
                 max_response_size=64 * 1024 * 1024, allow_http=False) -> None:
        """Create a client. No request is sent until a method needs one.

        :param client_id: the app's client ID, or the path of a file written by
            :meth:`create_app` (which also holds the secret and the base URL). A
            client ID given as a value needs its ``client_secret``
            (:class:`MastodonIllegalArgumentError` otherwise).
        :param client_secret: the app's client secret, or the path of a secrets file.
        :param access_token: a user or app token, or the path of a file written by
            :meth:`log_in`.
        :param api_base_url: the server, e.g. ``"https://mastodon.social"``; a URL
            without a scheme gets ``https://``. A base URL stored in a secrets file is
            used when this is left out. Left out with no secrets file, it is
            ``https://mastodon.social`` for anonymous use only: a client given a token or
            a client secret must name its server (:class:`MastodonIllegalArgumentError`
            otherwise), so that no credential goes to a server the user did not choose.
        :param debug_requests: log every request and response (logger ``mastodon``, level
            DEBUG) with credentials redacted.
        :param ratelimit_method: ``"wait"`` (default), ``"pace"`` or ``"throw"``; see
            :ref:`rate-limits`.
        :param ratelimit_pacefactor: in ``pace`` mode, how much faster than exactly
            spreading the budget to go (1.1 by default).
        :param request_timeout: seconds to wait for the server, for every request.
        :param mastodon_version: the server's version, if known. Methods whose request
            depends on the version decide by it; unknown, the server is taken to be a
            current Mastodon (and with version checks on, the version is read from the
            server on the first call that needs it).
        :param version_check_mode: ``"none"`` (the default, as in Mastodon.py 2.x) sends
            every call as it is and lets the server answer; ``"created"`` checks before
            each call that the endpoint exists on the server's version, ``"changed"``
            that it is as new as this library expects (:class:`MastodonVersionError`
            otherwise); see :ref:`versions`.
        :param session: a ``requests.Session`` to use (for proxies, adapters, TLS
            settings); one is created otherwise. It is reused for every request.
        :param feature_set: ``"mainline"``, ``"fedibird"`` or ``"pleroma"``: which
            server family's extensions are allowed.
        :param user_agent: the ``User-Agent`` sent with every request.
        :param lang: a language (ISO 639) sent as ``Accept-Language``, so the server
            answers in it where it can.
        :param max_retries: how often a failed request is tried again (0: never); see
            :ref:`retries`.
        :param retry_backoff: the first wait before a retry, in seconds; it doubles with
            each retry (with jitter), and a server's ``Retry-After`` wins when longer.
        :param max_response_size: the largest answer accepted, in bytes; a larger one
            raises :class:`MastodonAPIError` instead of filling memory.
        :param allow_http: allow plain ``http://`` to hosts other than this machine
            (loopback addresses always work). Off by default: over http, the access
            token crosses the network readable by anyone on the way.
        """
        if ratelimit_method not in RATELIMIT_METHODS:
            raise MastodonIllegalArgumentError(
                f"ratelimit_method must be one of {RATELIMIT_METHODS}, not {ratelimit_method!r}")
        if version_check_mode not in VERSION_CHECK_MODES:
            raise MastodonIllegalArgumentError(
                f"version_check_mode must be one of {VERSION_CHECK_MODES}, "
                f"not {version_check_mode!r}")
        if feature_set not in FEATURE_SETS:
            raise MastodonIllegalArgumentError(
                f"feature_set must be one of {FEATURE_SETS}, not {feature_set!r}")
        if not (isinstance(ratelimit_pacefactor, (int, float)) and ratelimit_pacefactor > 0):
            raise MastodonIllegalArgumentError("ratelimit_pacefactor must be a positive number")
        if not (isinstance(max_retries, int) and max_retries >= 0):
            raise MastodonIllegalArgumentError("max_retries must be a whole number, 0 or more")
        if not (isinstance(retry_backoff, (int, float)) and retry_backoff >= 0):
            raise MastodonIllegalArgumentError("retry_backoff must be a number of seconds, 0 or more")

        self.api_base_url = protocolize(api_base_url) if api_base_url else None
        self._base_url_named = bool(api_base_url) and not is_default(api_base_url)
        self.client_id = client_id
        self.client_secret = client_secret
        self.access_token = access_token
        self.debug_requests = debug_requests
        self.ratelimit_method = ratelimit_method
        self.ratelimit_pacefactor = ratelimit_pacefactor
        self.request_timeout = request_timeout
        self.version_check_mode = version_check_mode
        self.feature_set = feature_set
        self.user_agent = user_agent
        self.lang = lang
        self.max_retries = max_retries
        self.retry_backoff = retry_backoff
        self.max_response_size = max_response_size
        self.allow_http = allow_http
        self.session = session if session is not None else requests.Session()
        self._ratelimiter = RateLimiter(ratelimit_method, ratelimit_pacefactor)
        self._version_lock = threading.Lock()
        self.mastodon_major = self.mastodon_minor = self.mastodon_patch = None
        self._version_known = False
        self._version_checks_off = False
        self._last_server_date = None
        self.version_check_worked = None
        self.mastodon_api_version = 0  # the API version Mastodon 4.3+ reports, once read
        if mastodon_version is not None:
            parsed = parse_version_string(str(mastodon_version))
            if parsed is None:
                raise MastodonIllegalArgumentError(f"not a version: {mastodon_version!r}")
            self._set_version(parsed)
        self._load_secrets_files(api_base_url)
        if self.client_id is not None and self.client_secret is None:
            raise MastodonIllegalArgumentError(
                "a client ID needs its client secret: pass client_secret=, or pass as "
                "client_id the path of the file create_app(to_file=...) wrote")
        if not self._base_url_named and (self.access_token or self.client_secret):
            what = "the access token" if self.access_token else "the client secret"
            if isinstance(self.access_token, str) and not self.client_secret and (
                    "/" in self.access_token or self.access_token.endswith(".secret")):
                what += f" (or is {self.access_token!r} meant to be a secrets file? There is no such file)"
            _policy.check_credential_destination(False, what)
        if debug_requests:
            _enable_debug_logging()

    def _load_secrets_files(self, api_base_url):
        file_base_urls = []
        if _secrets.is_secrets_file(self.client_id):
            lines = _secrets.read_secrets_file(self.client_id)
            self.client_id = lines[0] if lines else None
            if len(lines) > 1 and self.client_secret is None:
                self.client_secret = lines[1]
            file_base_urls += lines[2:3]
        if _secrets.is_secrets_file(self.client_secret):
            lines = _secrets.read_secrets_file(self.client_secret)
            self.client_secret = lines[1] if len(lines) > 1 else (lines[0] if lines else None)
        if _secrets.is_secrets_file(self.access_token) or (
                isinstance(self.access_token, str) and "\n" in self.access_token):
            # A file, or the text of one (from persistable_login_credentials()).
            lines = (_secrets.secrets_lines(self.access_token) if "\n" in str(self.access_token)
                     else _secrets.read_secrets_file(self.access_token))
            self.access_token = lines[0] if lines else None
            file_base_urls += lines[1:2]
            if len(lines) >= 4 and self.client_id is None:
                self.client_id, self.client_secret = lines[2], lines[3]
        for url in {protocolize(u) for u in file_base_urls}:
            if not self._base_url_named:
                self.api_base_url = api_base_url = url
                self._base_url_named = True
            elif protocolize(api_base_url) != url:
                raise MastodonIllegalArgumentError(
                    f"the secrets file is for {url}, but api_base_url is {protocolize(api_base_url)}")

    def __repr__(self):
        state = "with access token" if self.access_token else "without access token"
        return f"<Mastodon {self.api_base_url} {state}>"

    # A client pickles and deep-copies with everything it knows (credentials, settings,
    # the server's version, caches, rate-limit state) and its session (requests
    # pickles a session's settings, cookies and adapters, without open connections).
    # Locks cannot be copied: the copy gets fresh ones.
    def __getstate__(self):
        state = dict(self.__dict__)
        locks = {name: _LOCK_TYPES[type(value)] for name, value in state.items()
                 if type(value) in _LOCK_TYPES}
        for name in locks:
            del state[name]
        state["_fresh_locks"] = locks
        return state

    def __setstate__(self, state):
        state = dict(state)
        for name, make in state.pop("_fresh_locks", {}).items():
            state[name] = make()
        self.__dict__.update(state)

    def set_language(self, lang):
        """Ask for answers in another language from now on (an ISO 639 code, sent as
        ``Accept-Language``); ``None`` leaves it to the server."""
        self.lang = lang

    def clear_caches(self):
        """Forget what the client remembers about the server and the user: the server's
        version, software and instance information, where and how it streams (its
        streaming URL, whether it streams only over WebSocket and how that takes the
        token), all read again on the next call that needs them."""
        with self._version_lock:
            self._version_known = False
            self._version_checks_off = False
        self.mastodon_api_version = 0
        for name in ("_server_software_cache", "_instance_caches",
                     "_version_read_failed", "_streaming_base",
                     "_streaming_websocket_only", "_streaming_ws_auth"):
            self.__dict__.pop(name, None)

    def get_approx_server_time(self):
        """The server's time now, as an aware ``datetime``, estimated from the ``Date``
        header of its last answer (or the local time before any answer)."""
        seen = self._last_server_date
        if seen is None:
            return datetime.now(UTC)
        header, received = seen
        try:
            server_then = email.utils.parsedate_to_datetime(header)
        except (TypeError, ValueError):
            return datetime.now(UTC)
        if server_then.tzinfo is None:
            server_then = server_then.replace(tzinfo=UTC)
        return server_then + timedelta(seconds=time.time() - received)

    # Rate-limit state, as the original documentation names it.
    @property
    def ratelimit_remaining(self):
        """Requests left until the next reset, as last reported (minus those sent since)."""
        remaining = self._ratelimiter.remaining
        return self._ratelimiter.limit if remaining is None else max(remaining, 0)

    @property
    def ratelimit_reset(self):
        """When the rate limit resets, as a POSIX timestamp."""
        return self._ratelimiter.reset

    @property
    def ratelimit_limit(self):
        """Requests allowed per window (300 on a default Mastodon)."""
        return self._ratelimiter.limit

    @property
    def ratelimit_lastcall(self):
        """When the rate-limit values were last updated, as a POSIX timestamp."""
        return self._ratelimiter.lastcall

    def _headers(self, auth, access_token):
        headers = {"User-Agent": self.user_agent}
        token = access_token if access_token is not None else self.access_token
        if auth and token:
            if "\n" in token or "\r" in token:
                raise MastodonIllegalArgumentError(
                    "the access token has a line break in it: is it the whole text of a "
                    "secrets file? Mastodon(access_token=<the file or its text>) reads one")
            headers["Authorization"] = "Bearer " + token
        if self.lang:
            headers["Accept-Language"] = self.lang
        return headers

    def _api_request(self, method, endpoint, params=None, *, files=None, use_json=False,
                     auth=True, access_token=None, base_url=None, headers=None,
                     ratelimit=True, parse=True, stream=False, query=None, max_retries=None,
                     timeout=None, allow_http=None, check_status=True):
        """Send one request and return its result.

        :param params: the parameters as Python values; GET sends them in the query,
            other methods as a form body, ``use_json=True`` as a JSON body, and with
            ``files`` as multipart.
        :param files: ``{field: (filename, file object or bytes, mime type)}``.
        :param query: parameters for the query string of a non-GET request, where the
            API documents them there.
        :param auth: send the access token (``access_token`` overrides the client's).
        :param base_url: send to another base URL (e.g. the streaming server).
        :param ratelimit: take part in rate limiting (``wait``/``pace``).
        :param parse: parse the body as JSON; otherwise return the ``requests.Response``
            (error statuses are still raised).
        :param stream: do not read the body before returning (for streaming; implies
            ``parse=False``). An error answer is still read, for its message.
        :param max_retries: this request's retries, instead of the client's.
        :param timeout: this request's timeout, instead of ``request_timeout``.
        :param allow_http: this request may use plain ``http://`` to another machine,
            whatever the client's ``allow_http`` says.
        :param check_status: raise an error answer's error (the default); otherwise
            return its parsed body, as it is.
        """
        if stream:
            parse = False
        if self.api_base_url is None and base_url is None:
            raise MastodonIllegalArgumentError("api_base_url is not set")
        url = (base_url or self.api_base_url) + endpoint
        request_headers = self._headers(auth, access_token)
        if headers:
            request_headers.update(headers)
        if not self._base_url_named and (
                "Authorization" in request_headers
                or any(params.get(k) for k in _policy.SECRET_PARAMS if params)):
            _policy.check_credential_destination(False, f"{method} {endpoint}'s credentials")
        allow_http = self.allow_http if allow_http is None else (allow_http or self.allow_http)
        kwargs = {"headers": request_headers,
                  "timeout": self.request_timeout if timeout is None else timeout}
        retries = self.max_retries if max_retries is None else max_retries
        if method == "GET":
            query = {**(params or {}), **(query or {})}
        elif use_json:
            kwargs["json"] = encode_json(params)
        elif files:
            body = MultipartBody(encode_form(params), files)
            kwargs["data"] = body
            request_headers["Content-Type"] = body.content_type
        else:
            kwargs["data"] = _form_data(encode_form(params))
        if query:
            kwargs["params"] = encode_form(query)
        kwargs["stream"] = True  # the body is read below, with a size limit
        limiter = self._ratelimiter if ratelimit else None
        safe = is_safe_to_repeat(method, endpoint, request_headers)
        attempts = []

        while True:
            if isinstance(kwargs.get("data"), MultipartBody):
                kwargs["data"].rewind()  # a retried upload is sent from its first byte
            if limiter is not None:
                limiter.before_request()
            if self.debug_requests:
                _log_request(method, url, params, request_headers, files)
            try:
                response = self._send(method, url, kwargs, allow_http)
                if not stream:
                    content = read_body(response, self.max_response_size, method, endpoint)
            except MastodonError:  # refused before sending, an oversized answer, ...
                if limiter is not None:
                    limiter.cancel()
                raise
            except Exception as exc:  # a replaced session or adapter may raise anything
                if limiter is not None:
                    limiter.cancel()
                error, reason = _network_error(exc, method, url)
                attempts.append(reason)
                if self._may_retry(exc, safe, len(attempts), retries):
                    self._wait_before_retry(len(attempts), None, method, endpoint, reason, retries)
                    continue
                raise _with_attempts(error, attempts) from exc
            if limiter is not None:
                limiter.after_response(response.headers, response.status_code)
            if "Date" in response.headers:
                self._last_server_date = (response.headers["Date"], time.time())
            status = response.status_code
            if self.debug_requests:
                log.debug("<- %s %s: HTTP %s", method, endpoint, status)
            if status == 429 and limiter is not None and self.ratelimit_method != "throw":
                log.info("%s %s hit the rate limit; waiting for the reset", method, endpoint)
                response.close()  # a streamed answer would hold its connection
                continue
            # A request that got an answer reached the server; only one that is safe to
            # repeat is sent again (a refused 429 is the rate limiter's business, above).
            if status in _RETRY_STATUSES and safe and len(attempts) < retries:
                attempts.append(f"HTTP {status}")
                response.close()
                self._wait_before_retry(len(attempts), response.headers, method, endpoint,
                                        f"HTTP {status}", retries)
                continue
            break

        if status >= 400 and not check_status:
            return parse_response(response, content, method, endpoint) if parse else response
        if status >= 400:
            if stream:  # the message is worth reading; the stream is not
                try:
                    content = read_body(response, min(self.max_response_size, 1 << 20), method, endpoint)
                except (requests.exceptions.RequestException, MastodonAPIError):
                    content = b""
            error = api_error(response, content, method, endpoint)
            if attempts:
                attempts.append(f"HTTP {status}")
            raise _with_attempts(error, attempts)
        if not parse:
            if not stream:
                response._content = content
            return response
        result = parse_response(response, content, method, endpoint)
        kind = expected_shape(method, endpoint)
        if kind == "empty":
            if result.__class__ is AttribAccessDict and not result:
                return None  # an answer with nothing in it, as Mastodon.py returns it
            kind = None  # a server that says more: keep what it says
        if kind is not None and result is not None and not isinstance(result, _SHAPE_TYPES[kind]):
            raise MastodonAPIError(
                f"{method} {endpoint}: the server answered a JSON "
                f"{'list' if isinstance(result, list) else 'dict'} where "
                f"a {kind} belongs: {body_excerpt(content)}", status, response.reason, None, None,
                dict(response.headers))
        cast_result(result, method, endpoint)  # the entity's class, e.g. Status
        link = response.headers.get("Link")
        if link and result is not None:
            self._attach_pagination(result, link, method, endpoint, params)
        refresh = response.headers.get("Mastodon-Async-Refresh")
        if refresh and isinstance(result, (AttribAccessDict, AttribAccessList)):
            # A background job may still add to this answer: async_refresh.py reads
            # what the header said and, to fetch the answer again, the request.
            record = refresh_record(refresh, method, endpoint, params)
            if record is not None:
                result._async_refresh = record
        return result

    def _Mastodon__api_request(self, method, endpoint, params=None, files=None, headers=None,
                               access_token_override=None, base_url_override=None,
                               do_ratelimiting=True, use_json=False, parse=True,
                               return_response_object=False, skip_error_check=False,
                               lang_override=None, override_type=None, force_pagination=False):
        """Mastodon.py's private request function, with its arguments, for code that calls
        it to reach an endpoint directly (``api._Mastodon__api_request("GET",
        "/api/v1/...")``) or replaces it: one request through this client's transport
        (connection policy, retries, rate limiting, errors).

        ``parse=False`` returns the body's bytes and ``return_response_object=True`` the
        ``requests.Response``; ``skip_error_check=True`` returns an error answer's body
        instead of raising; ``override_type`` (an entity class or its name; ``dict``: the
        endpoint's own) reads the result as that class; ``lang_override`` asks for that
        language. ``force_pagination`` changes nothing: pagination here always follows
        the ``Link`` header.
        """
        request_headers = dict(headers or {})
        if lang_override is not None:
            request_headers["Accept-Language"] = lang_override
        raw = return_response_object or not parse
        result = self._api_request(
            method, endpoint, params, files=files or None, use_json=use_json,
            access_token=access_token_override, base_url=base_url_override,
            headers=request_headers or None, ratelimit=do_ratelimiting, parse=not raw,
            check_status=not skip_error_check)
        if return_response_object:
            return result
        if raw:
            return result.content
        if override_type is None or override_type is dict or result is None:
            return result
        return recast(override_type, result)

    def _send(self, method, url, kwargs, allow_http):
        """Send one request, following redirects ourselves, as the connection policy
        says: each URL is checked before anything goes to it, credentials go only to
        the origin they were meant for, and ``~/.netrc`` never supplies any. A redirect
        changes only the hop it answers: ``kwargs`` (which a retry sends again) stays
        as it is."""
        hop = kwargs
        for _ in range(_MAX_REDIRECTS + 1):
            _policy.check_url(url, allow_http)
            if self.session.auth is None:
                hop["auth"] = _NO_NETRC  # requests consults ~/.netrc only without auth
            # Passed on explicitly: requests would otherwise let a CA bundle from the
            # environment override the caller's session setting.
            hop["verify"] = self.session.verify
            sender = self.session.request if self._sender is None else self._sender
            response = _adopted(sender(method, url, allow_redirects=False, **hop), url)
            if response.status_code not in _REDIRECTS or "Location" not in response.headers:
                return response
            target = urljoin(url, response.headers["Location"])
            response.close()
            if method not in ("GET", "HEAD") and response.status_code not in (307, 308):
                raise MastodonAPIError(
                    f"{method} {urlsplit(url).path}: the server redirected to {target} with HTTP "
                    f"{response.status_code}, which would turn the request into a GET and drop "
                    "its data; not followed", response.status_code, response.reason)
            # The target is a whole URL: the query parameters are in it already.
            hop = {**hop, "headers": _policy.redirect_headers(hop["headers"], url, target),
                   "params": None}
            if isinstance(hop.get("data"), MultipartBody):
                hop["data"].rewind()
            url = target
        raise MastodonAPIError(f"{method} {urlsplit(url).path}: more than {_MAX_REDIRECTS} redirects")

    def _may_retry(self, exc, safe, attempts, retries):
        """Whether a request that failed with a network error may be sent again."""
        network = isinstance(exc, requests.exceptions.RequestException)
        if not network or isinstance(exc, _LOCAL_FAILURES):
            return False  # not the network: a replaced transport, or a request that cannot go
        if attempts > retries or isinstance(exc, requests.exceptions.SSLError):
            return False  # a certificate that failed verification will fail again
        if _never_sent(exc):
            return True
        return safe  # the server may have acted on it: only repeat what is safe to repeat

    def _wait_before_retry(self, attempt, headers, method, endpoint, reason, retries):
        """Sleep before retry number ``attempt``: exponential backoff with jitter, or
        longer when the server says so (``Retry-After``)."""
        wait = min(self.retry_backoff * (2 ** (attempt - 1)), _MAX_BACKOFF)
        wait *= random.uniform(0.5, 1.5)
        retry_after = _retry_after(headers) if headers is not None else None
        if retry_after is not None:
            wait = max(wait, min(retry_after, self._ratelimiter.MAX_WAIT))
        log.warning("%s %s failed (%s); retry %d of %d in %.2f s", method, endpoint, reason,
                    attempt, retries, wait)
        time.sleep(wait)

    def _attach_pagination(self, result, link, method, endpoint, params):
        links = parse_link_header(link)
        base_path = urlsplit(self.api_base_url or "").path.rstrip("/")
        next_info = prev_info = None
        if "next" in links:
            next_info = pagination_info(links["next"], method, endpoint, params, base_path)
        if "prev" in links:
            prev_info = pagination_info(links["prev"], method, endpoint, params, base_path)
        if isinstance(result, list):
            if result:
                if next_info is not None:
                    result[-1]._pagination_next = next_info
                if prev_info is not None:
                    result[0]._pagination_prev = prev_info
        if next_info is not None:
            result._pagination_next = next_info
        if prev_info is not None:
            result._pagination_prev = prev_info


_MAX_REDIRECTS = 5
# Requests that fail before anything is sent, the same way every time.
_LOCAL_FAILURES = (requests.exceptions.InvalidHeader, requests.exceptions.InvalidURL,
                   requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# The kinds of lock a client keeps, and how a copy makes a fresh one.
_LOCK_TYPES = {type(threading.Lock()): threading.Lock, type(threading.RLock()): threading.RLock}


class _NoNetrc(requests.auth.AuthBase):
    """An "authentication" that adds nothing: with it, requests does not read ~/.netrc,
    whose credentials would replace our Authorization header."""

    def __call__(self, request):
        return request


_NO_NETRC = _NoNetrc()
is_loopback = _policy.is_loopback
redact_text = _policy.redact_text


# What a network error means, most specific first: (requests' exception, our class, text).
_NETWORK_FAILURES = (
    (requests.exceptions.ReadTimeout, MastodonReadTimeout, "the server did not answer in time"),
    (requests.exceptions.ConnectTimeout, MastodonNetworkError, "could not connect in time"),
    (requests.exceptions.SSLError, MastodonNetworkError,
     "the TLS connection failed; the server's certificate could not be verified or TLS broke"),
    (requests.exceptions.ChunkedEncodingError, MastodonNetworkError,
     "the connection broke while reading the answer"),
    (requests.exceptions.ConnectionError, MastodonNetworkError, "could not talk to the server"),
    (Exception, MastodonNetworkError, "request failed"),
)


def _network_error(exc, method, url):
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


def _enable_debug_logging():
    """Make ``debug_requests=True`` visible even when the application set up no logging."""
    if log.level == logging.NOTSET or log.level > logging.DEBUG:
        log.setLevel(logging.DEBUG)
    # The package's own NullHandler (mastodon/__init__.py) shows nothing: it does not count.
    shown = [h for h in log.handlers if not isinstance(h, logging.NullHandler)]
    if not shown and not logging.getLogger().handlers:
        log.addHandler(logging.StreamHandler())


def _log_request(method, url, params, headers, files):
    log.debug("-> %s %s params=%s headers=%s files=%s", method, redact_text(url),
              _policy.redact_params(params), _policy.redact_headers(headers),
              sorted(files) if files else None)
