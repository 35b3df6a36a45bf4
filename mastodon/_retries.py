"""Sending a request with retries: which requests may be sent again, after which
failures, how long to wait in between, the rate limiter's turn before each send, and the
story of the attempts that the final error tells."""

import logging
import random
import re
import time
from typing import TYPE_CHECKING, TypeVar

import requests
import urllib3

from ._answers import network_error
from ._multipart import MultipartBody
from ._ratelimit import Headers, RateLimiter, retry_after
from ._request import Request, log_request
from .errors import MastodonError

if TYPE_CHECKING:
    from ._client import Transport

log = logging.getLogger("mastodon")

_RETRY_STATUSES = frozenset({500, 502, 503, 504})
_MAX_BACKOFF = 60.0
_SAFE_VERBS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# POST actions that Mastodon treats as idempotent: doing them twice leaves the same state.
# (Text, compiled on first use by re, which keeps it: compiled here it would cost
# `import mastodon` most of a millisecond.)
_IDEMPOTENT_POST = (
    r"^/api/v1/(?:statuses/[^/]+/(?:favourite|unfavourite|reblog|unreblog|bookmark|unbookmark|"
    r"pin|unpin|mute|unmute)|accounts/[^/]+/(?:follow|unfollow|block|unblock|mute|unmute|pin|"
    r"unpin|endorse|unendorse)|tags/[^/]+/(?:follow|unfollow|feature|unfeature)|"
    r"follow_requests/[^/]+/(?:authorize|reject)|domain_blocks|conversations/[^/]+/read|"
    r"notifications/[^/]+/dismiss|announcements/[^/]+/dismiss|markers)$")
# Requests that fail before anything is sent, the same way every time.
_LOCAL_FAILURES = (requests.exceptions.InvalidHeader, requests.exceptions.InvalidURL,
                   requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema)

_Error = TypeVar("_Error", bound=MastodonError)


def send_with_retries(client: "Transport", request: Request, ratelimit: bool,
                      stream: bool) -> tuple[requests.Response, bytes, list[str]]:
    """Send a request until it gets an answer worth keeping: ``(response, body,
    attempts)``, the body read (within ``max_response_size``) unless ``stream``, and
    what each attempt before the last met.

    A network error or a server error (HTTP 500, 502, 503, 504) is tried again, up to
    the request's retries, when the request is safe to repeat (or never reached the
    server); a 429 waits for the reset when the rate limiter waits. The final network
    error is raised, with the story of the attempts.
    """
    method, endpoint = request.method, request.endpoint
    limiter = client._ratelimiter if ratelimit else None
    safe = is_safe_to_repeat(method, endpoint, request.headers)
    retries = request.retries
    body = request.kwargs.get("data")
    attempts: list[str] = []
    content = b""
    while True:
        if isinstance(body, MultipartBody):
            body.rewind()  # a retried upload is sent from its first byte
        if limiter is not None:
            take_turn(client, limiter)
        if client.debug_requests:
            log_request(request)
        try:
            response = client._send(method, request.url, request.kwargs, request.allow_http)
            if not stream:
                content = client._read_body(response, client.max_response_size, method, endpoint)
        except MastodonError:  # refused before sending, an oversized answer, ...
            if limiter is not None:
                limiter.cancel()
            raise
        except Exception as exc:  # a replaced session or adapter may raise anything
            if limiter is not None:
                limiter.cancel()
            error, reason = network_error(exc, method, request.url)
            attempts.append(reason)
            if may_retry(exc, safe, len(attempts), retries):
                wait_before_retry(client, len(attempts), None, method, endpoint, reason, retries)
                continue
            raise with_attempts(error, attempts) from exc
        except BaseException:  # interrupted or cancelled (asyncio): its turn goes back
            if limiter is not None:
                limiter.cancel()
            raise
        if limiter is not None:
            limiter.after_response(response.headers, response.status_code)
        if "Date" in response.headers:
            client._last_server_date = (response.headers["Date"], time.time())
        status = response.status_code
        if client.debug_requests:
            log.debug("<- %s %s: HTTP %s", method, endpoint, status)
        if status == 429 and limiter is not None and client.ratelimit_method != "throw":
            log.info("%s %s hit the rate limit; waiting for the reset", method, endpoint)
            response.close()  # a streamed answer would hold its connection
            continue
        # A request that got an answer reached the server; only one that is safe to
        # repeat is sent again (a refused 429 is the rate limiter's business, above).
        if status in _RETRY_STATUSES and safe and len(attempts) < retries:
            attempts.append(f"HTTP {status}")
            response.close()
            wait_before_retry(client, len(attempts), response.headers, method, endpoint,
                              f"HTTP {status}", retries)
            continue
        return response, content, attempts


def is_safe_to_repeat(method: str, endpoint: str, headers: Headers) -> bool:
    """Whether sending this request twice does no more than sending it once.

    Decided per request: by verb, by the POST actions Mastodon makes idempotent, and for a
    post carrying an ``Idempotency-Key`` (the server answers a repeat with the first result).
    """
    if method in _SAFE_VERBS:
        return True
    if "Idempotency-Key" in headers:
        return True
    return method == "POST" and re.match(_IDEMPOTENT_POST, endpoint) is not None


def may_retry(exc: Exception, safe: bool, attempts: int, retries: int) -> bool:
    """Whether a request that failed with a network error may be sent again."""
    network = isinstance(exc, requests.exceptions.RequestException)
    if not network or isinstance(exc, _LOCAL_FAILURES):
        return False  # not the network: a replaced transport, or a request that cannot go
    if attempts > retries or isinstance(exc, requests.exceptions.SSLError):
        return False  # a certificate that failed verification will fail again
    if never_sent(exc):
        return True
    return safe  # the server may have acted on it: only repeat what is safe to repeat


def never_sent(exc: Exception) -> bool:
    """Whether a network error happened before the request reached the server."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(exc, requests.exceptions.ConnectionError):
        reason = exc.args[0] if exc.args else None
        reason = getattr(reason, "reason", reason)
        return isinstance(reason, urllib3.exceptions.NewConnectionError)
    return False


def take_turn(client: "Transport", limiter: RateLimiter) -> None:
    """Wait until the rate limiter lets this request go, and reserve its turn."""
    while True:
        wait, reserved = limiter.next_turn()
        if wait > 0:
            client._sleep(wait)
        if reserved:
            return


def wait_before_retry(client: "Transport", attempt: int, headers: Headers | None, method: str,
                      endpoint: str, reason: str, retries: int) -> None:
    """Sleep before retry number ``attempt``: exponential backoff from the client's
    ``retry_backoff`` seconds with jitter, or longer when the server says so
    (``Retry-After``)."""
    wait = min(client.retry_backoff * (2 ** (attempt - 1)), _MAX_BACKOFF)
    wait *= random.uniform(0.5, 1.5)
    asked = retry_after(headers) if headers is not None else None
    if asked is not None:
        wait = max(wait, min(asked, RateLimiter.MAX_WAIT))
    log.warning("%s %s failed (%s); retry %d of %d in %.2f s", method, endpoint, reason,
                attempt, retries, wait)
    client._sleep(wait)


def with_attempts(error: _Error, attempts: list[str]) -> _Error:
    """Add the story of a retried request to its final error: the error states its
    cause once, then what each attempt met (``HTTP 503``, ``could not connect``, ...)."""
    if len(attempts) > 1:
        runs: list[tuple[str, int]] = []  # (what, times): the same answer in a row told once
        for what in attempts:
            if runs and runs[-1][0] == what:
                runs[-1] = (what, runs[-1][1] + 1)
            else:
                runs.append((what, 1))
        story = ", ".join(what if times == 1 else f"{times} \u00d7 {what}" for what, times in runs)
        error.args = (f"{error.args[0]} (after {len(attempts)} attempts: {story})",) + error.args[1:]
    error.attempts = list(attempts)
    return error
