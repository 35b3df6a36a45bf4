"""Transport: the client's settings and session, and :meth:`Transport._api_request`,
the one way a request reaches the network.

Every endpoint method ends in :meth:`Transport._api_request`, a pipeline of three steps,
each in a module of its own: prepare the request (``_request.py``), send it with retries
and rate limiting (``_retries.py``), finish the answer: its error or its result
(``_finish.py``). Sending one request, with the redirects followed as the connection
policy says, is :meth:`Transport._send`.
"""

import email.utils
import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import requests.auth

from . import _policy, _secrets
from ._answers import adopted, read_body
from ._entity_json import recast
from ._finish import finish
from ._multipart import Files, MultipartBody
from ._params import (
    Params,
    default_str,
    is_default,
    protocolize,
)
from ._ratelimit import RateLimiter
from ._request import prepare_for_session, prepare_request, prepares_as_requests
from ._retries import send_with_retries
from ._versions import parse_version_string
from .errors import MastodonAPIError, MastodonIllegalArgumentError

# RateLimiter: a client pickled by an earlier version names it as mastodon._client's.
__all__ = ["DEFAULT_BASE_URL", "RateLimiter", "Transport"]

log = logging.getLogger("mastodon")

DEFAULT_BASE_URL = _policy.DEFAULT_BASE_URL
RATELIMIT_METHODS = ("throw", "wait", "pace")
VERSION_CHECK_MODES = ("created", "changed", "none")
FEATURE_SETS = ("mainline", "fedibird", "pleroma")
# The constructor's default base URL: left out unless the caller names it.
_UNNAMED_BASE_URL = default_str(DEFAULT_BASE_URL)

_MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# The kinds of lock a client keeps, and how a copy makes a fresh one.
_LOCK_TYPES: dict[type[Any], Callable[[], Any]] = {
    type(threading.Lock()): threading.Lock, type(threading.RLock()): threading.RLock}


class _NoNetrc(requests.auth.AuthBase):
    """An "authentication" that adds nothing: with it, requests does not read ~/.netrc,
    whose credentials would replace our Authorization header."""

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        return request


_NO_NETRC = _NoNetrc()


class Transport:
    """Session, request sending and rate limits; the base of :class:`mastodon.Mastodon`."""

    #: What sends one HTTP request: ``None`` for ``self.session.request``; a callable
    #: ``(method, url, **kwargs)`` otherwise (:meth:`create_app` posts as Mastodon.py
    #: does, through ``requests.post`` or the given session's ``post``).
    _sender: Callable[..., Any] | None = None

    def __init__(self, client_id: str | os.PathLike[str] | None = None,
                 client_secret: str | os.PathLike[str] | None = None,
                 access_token: str | os.PathLike[str] | None = None,
                 api_base_url: str | None = _UNNAMED_BASE_URL, debug_requests: bool = False,
                 ratelimit_method: str = "wait", ratelimit_pacefactor: float = 1.1,
                 request_timeout: float = 300, mastodon_version: str | None = None,
                 version_check_mode: str = "none", session: requests.Session | None = None,
                 feature_set: str = "mainline", user_agent: str = "mastodonpy",
                 lang: str | None = None, max_retries: int = 3, retry_backoff: float = 0.5,
                 max_response_size: int = 64 * 1024 * 1024, allow_http: bool = False) -> None:
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
        # A path given as a PathLike is kept as its text, as a path given as a str is.
        self.client_id = _path_text(client_id)
        self.client_secret = _path_text(client_secret)
        self.access_token = _path_text(access_token)
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
        self.session = self._new_session(session)
        self._send_settings = _policy.SendSettings()
        self._ratelimiter = RateLimiter(ratelimit_method, ratelimit_pacefactor)
        self._version_lock = self._new_lock()
        self.mastodon_major: int | None = None
        self.mastodon_minor: int | None = None
        self.mastodon_patch: int | None = None
        self._version_known = False
        self._version_checks_off = False
        # The last answer's Date header, and when it came (local epoch seconds).
        self._last_server_date: tuple[str, float] | None = None
        self.version_check_worked: bool | None = None
        self.mastodon_api_version = 0  # the API version Mastodon 4.3+ reports, once read
        if mastodon_version is not None:
            parsed = parse_version_string(str(mastodon_version))
            if parsed is None:
                raise MastodonIllegalArgumentError(f"not a version: {mastodon_version!r}")
            self._set_version(parsed)
        self._load_secrets_files()
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

    def _set_version(self, parsed: tuple[int, int, int]) -> None:
        """Take the server's version as known: ``(major, minor, patch)``."""
        self.mastodon_major, self.mastodon_minor, self.mastodon_patch = parsed
        self._version_known = True

    def _load_secrets_files(self) -> None:
        """Read the credentials (and base URL) of any argument that names a secrets file,
        or holds the text of one."""
        file_base_urls: list[str] = []
        if _secrets.is_secrets_file(self.client_id):
            lines = _secrets.read_secrets_file(self.client_id)
            self.client_id = lines[0] if lines else None
            if len(lines) > 1 and self.client_secret is None:
                self.client_secret = lines[1]
            file_base_urls += lines[2:3]
        if _secrets.is_secrets_file(self.client_secret):
            lines = _secrets.read_secrets_file(self.client_secret)
            self.client_secret = lines[1] if len(lines) > 1 else (lines[0] if lines else None)
        token = self.access_token
        if token is not None and ("\n" in token or _secrets.is_secrets_file(token)):
            # The text of a file (from persistable_login_credentials()), or a file.
            lines = (_secrets.secrets_lines(token) if "\n" in token
                     else _secrets.read_secrets_file(token))
            self.access_token = lines[0] if lines else None
            file_base_urls += lines[1:2]
            if len(lines) >= 4 and self.client_id is None:
                self.client_id, self.client_secret = lines[2], lines[3]
        for url in {protocolize(u) for u in file_base_urls}:
            if not self._base_url_named:
                self.api_base_url = url
                self._base_url_named = True
            elif self.api_base_url != url:
                raise MastodonIllegalArgumentError(
                    f"the secrets file is for {url}, but api_base_url is {self.api_base_url}")

    def __repr__(self) -> str:
        state = "with access token" if self.access_token else "without access token"
        return f"<{type(self).__name__} {self.api_base_url} {state}>"

    # A client pickles and deep-copies with everything it knows (credentials, settings,
    # the server's version, caches, rate-limit state) and its session (requests
    # pickles a session's settings, cookies and adapters, without open connections).
    # Locks cannot be copied: the copy gets fresh ones.
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        fresh = self._made_afresh()
        for name in fresh:
            del state[name]
        state["_fresh_locks"] = fresh
        return state

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        state = dict(state)
        for name, make in state.pop("_fresh_locks", {}).items():
            state[name] = make()
        state.setdefault("_send_settings", _policy.SendSettings())  # pickled before it existed
        self.__dict__.update(state)

    def set_language(self, lang: str | None) -> None:
        """Ask for answers in another language from now on (an ISO 639 code, sent as
        ``Accept-Language``); ``None`` leaves it to the server."""
        self.lang = lang

    def clear_caches(self) -> None:
        """Forget what the client remembers about the server and the user: the server's
        version, software and instance information, where and how it streams (its
        streaming URL, whether it streams only over WebSocket and how that takes the
        token), all read again on the next call that needs them; and the proxy and CA
        bundle settings taken from the environment (``HTTPS_PROXY``, ``NO_PROXY``,
        ``REQUESTS_CA_BUNDLE``, ...), read once per host and again after this."""
        self._send_settings.forget()
        # Not under the version lock: a version read under way sets what it read,
        # as one that had finished just before would have.
        self._version_known = False
        self._version_checks_off = False
        self.mastodon_api_version = 0
        for name in ("_server_software_cache", "_instance_caches",
                     "_version_read_failed", "_streaming_base",
                     "_streaming_websocket_only", "_streaming_ws_auth"):
            self.__dict__.pop(name, None)

    def get_approx_server_time(self) -> datetime:
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
    def ratelimit_remaining(self) -> int:
        """Requests left until the next reset, as last reported (minus those sent since)."""
        remaining = self._ratelimiter.remaining
        return self._ratelimiter.limit if remaining is None else max(remaining, 0)

    @property
    def ratelimit_reset(self) -> float:
        """When the rate limit resets, as a POSIX timestamp."""
        return self._ratelimiter.reset

    @property
    def ratelimit_limit(self) -> int:
        """Requests allowed per window (300 on a default Mastodon)."""
        return self._ratelimiter.limit

    @property
    def ratelimit_lastcall(self) -> float:
        """When the rate-limit values were last updated, as a POSIX timestamp."""
        return self._ratelimiter.lastcall

    def _headers(self, auth: bool, access_token: str | None) -> dict[str, str]:
        """The headers of every request: the user agent, the language, and (with
        ``auth``) the token, ``access_token`` or the client's."""
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

    def _api_request(self, method: str, endpoint: str, params: Params | None = None, *,
                     files: Files | None = None, use_json: bool = False, auth: bool = True,
                     access_token: str | None = None, base_url: str | None = None,
                     headers: Mapping[str, str] | None = None, ratelimit: bool = True,
                     parse: bool = True, stream: bool = False, query: Params | None = None,
                     max_retries: int | None = None, timeout: float | None = None,
                     allow_http: bool | None = None, check_status: bool = True) -> Any:
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
        request = prepare_request(self, method, endpoint, params, files, use_json, auth,
                                  access_token, base_url, headers, query, max_retries, timeout,
                                  allow_http)
        response, content, attempts = send_with_retries(self, request, ratelimit, stream)
        return finish(self, request, response, content, attempts, parse and not stream, stream,
                      check_status)

    def _Mastodon__api_request(self, method: str, endpoint: str, params: Params | None = None,
                               files: Files | None = None,
                               headers: Mapping[str, str] | None = None,
                               access_token_override: str | None = None,
                               base_url_override: str | None = None, do_ratelimiting: bool = True,
                               use_json: bool = False, parse: bool = True,
                               return_response_object: bool = False,
                               skip_error_check: bool = False, lang_override: str | None = None,
                               override_type: Any = None, force_pagination: bool = False) -> Any:
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

    def _send(self, method: str, url: str, kwargs: dict[str, Any],
              allow_http: bool) -> requests.Response:
        """Send one request, following redirects ourselves, as the connection policy
        says: each URL is checked before anything goes to it, credentials go only to
        the origin they were meant for, and ``~/.netrc`` never supplies any. A redirect
        changes only the hop it answers: ``kwargs`` (which a retry sends again) stays
        as it is."""
        hop = kwargs
        for _ in range(_MAX_REDIRECTS + 1):
            _policy.check_url(url, allow_http)
            response = adopted(self._send_hop(method, url, hop), url)
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

    def _send_hop(self, method: str, url: str, hop: dict[str, Any]) -> object:
        """Send one HTTP request, redirects not followed: what the transport answered.

        A session that prepares requests as ``requests.Session`` does gets the request
        prepared here and handed to its ``send`` (and so to its hooks, its cookie jar
        and the adapter mounted for the URL, as ``session.request`` would), with the
        proxy and TLS settings this client keeps per host (:class:`_policy.SendSettings`).
        Any other session, or a replaced sender, is called as Mastodon.py calls it."""
        session = self.session
        if self._sender is None and prepares_as_requests(session):
            return session.send(prepare_for_session(session, method, url, hop),
                                allow_redirects=False, stream=hop.get("stream", False),
                                timeout=hop.get("timeout"),
                                **self._send_settings.for_url(session, url))
        if session.auth is None:
            hop["auth"] = _NO_NETRC  # requests consults ~/.netrc only without auth
        # Passed on explicitly: requests would otherwise let a CA bundle from the
        # environment override the caller's session setting.
        hop["verify"] = session.verify
        sender = session.request if self._sender is None else self._sender
        return sender(method, url, allow_redirects=False, **hop)

    # The I/O of this client, in the few methods below. The asyncio client
    # (mastodon/_async_io.py) has its own of these, and everything else of it is
    # generated from this code (tools/gen_async.py).

    def _new_session(self, session: requests.Session | None) -> requests.Session:
        """The session to send with: the one given, or a new one (which
        :meth:`_release` closes)."""
        self._owns_session = session is None
        return session if session is not None else requests.Session()

    def _release(self) -> None:
        """Close the session, if this client made it."""
        if self.__dict__.get("_owns_session"):
            self.session.close()

    @classmethod
    def _app_registration_client(cls, api_base_url: str, request_timeout: float,
                                 session: requests.Session | None, user_agent: str,
                                 allow_http: bool) -> "Transport":
        """The client :meth:`create_app` registers with. It posts as Mastodon.py does:
        through the given session's ``post``, or ``requests.post`` (looked up at each
        call, so that a test suite that patches it sees the request). The connection
        policy and error handling are the transport's, as for every other request."""
        client = cls(api_base_url=api_base_url, request_timeout=request_timeout,
                     session=session, user_agent=user_agent, allow_http=allow_http)

        def post(method: str, url: str, **kwargs: Any) -> requests.Response:
            return (requests.post if session is None else session.post)(url, **kwargs)
        client._sender = post
        return client

    def _new_lock(self) -> Any:
        """A lock for one job that must not run twice at once (reading the version)."""
        return threading.Lock()

    def _made_afresh(self) -> dict[str, Callable[[], Any]]:
        """What a copy of the client makes anew rather than copies: ``{attribute: how}``
        (its locks)."""
        return {name: _LOCK_TYPES[type(value)] for name, value in self.__dict__.items()
                if type(value) in _LOCK_TYPES}

    def _sleep(self, seconds: float) -> None:
        """Wait (for the rate limit, or before a retry)."""
        time.sleep(seconds)

    def _read_body(self, response: requests.Response, limit: int, method: str,
                   endpoint: str) -> bytes:
        """The whole body of an answer, within ``limit`` bytes."""
        return read_body(response, limit, method, endpoint)


def _enable_debug_logging() -> None:
    """Make ``debug_requests=True`` visible even when the application set up no logging."""
    if log.level == logging.NOTSET or log.level > logging.DEBUG:
        log.setLevel(logging.DEBUG)
    # The package's own NullHandler (mastodon/__init__.py) shows nothing: it does not count.
    shown = [h for h in log.handlers if not isinstance(h, logging.NullHandler)]
    if not shown and not logging.getLogger().handlers:
        log.addHandler(logging.StreamHandler())


def _path_text(value: str | os.PathLike[str] | None) -> str | None:
    return os.fspath(value) if isinstance(value, os.PathLike) else value
