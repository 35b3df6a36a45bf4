"""Preparing one request: where it goes, its headers (with the credential, where the
connection policy lets it go), its parameters encoded for where they travel (query, form,
JSON or multipart body) and this send's settings (timeout, retries, plain HTTP)."""

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import requests
from requests.cookies import RequestsCookieJar, merge_cookies
from requests.sessions import merge_setting
from requests.structures import CaseInsensitiveDict

from . import _policy
from ._multipart import Files, MultipartBody
from ._params import Params, encode_form, encode_json, form_data
from .errors import MastodonIllegalArgumentError

if TYPE_CHECKING:
    from ._async._client import AsyncTransport
    from ._client import Transport

log = logging.getLogger("mastodon")


class Request:
    """One request, ready to send, and what the steps after sending need of it."""

    __slots__ = ("method", "endpoint", "params", "files", "url", "headers", "kwargs",
                 "allow_http", "retries")

    def __init__(self, method: str, endpoint: str, params: Params | None, files: Files | None,
                 url: str, headers: dict[str, str], kwargs: dict[str, Any], allow_http: bool,
                 retries: int) -> None:
        self.method = method
        self.endpoint = endpoint
        self.params = params  # as the method gave them: pagination sends them again
        self.files = files
        self.url = url
        self.headers = headers  # the first hop's (a redirect may drop credentials)
        self.kwargs = kwargs  # for requests: headers, timeout, params, data or json, stream
        self.allow_http = allow_http
        self.retries = retries


def prepare_request(client: "Transport | AsyncTransport", method: str, endpoint: str, params: Params | None,
                    files: Files | None, use_json: bool, auth: bool, access_token: str | None,
                    base_url: str | None, headers: Mapping[str, str] | None, query: Params | None,
                    max_retries: int | None, timeout: float | None,
                    allow_http: bool | None) -> Request:
    """The request :meth:`Transport._api_request` is asked for, as it is sent (see
    there for the arguments). Refuses, before anything is sent, a request without a
    server and a credential bound for a server the user did not name."""
    root = base_url or client.api_base_url
    if root is None:
        raise MastodonIllegalArgumentError("api_base_url is not set")
    request_headers = client._headers(auth, access_token)
    if headers:
        request_headers.update(headers)
    if not client._base_url_named and (
            "Authorization" in request_headers
            or any(params.get(k) for k in _policy.SECRET_PARAMS if params)):
        _policy.check_credential_destination(False, f"{method} {endpoint}'s credentials")
    kwargs: dict[str, Any] = {
        "headers": request_headers,
        "timeout": client.request_timeout if timeout is None else timeout}
    if method == "GET":
        query = {**(params or {}), **(query or {})}
    elif use_json:
        kwargs["json"] = encode_json(params)
    elif files:
        body = MultipartBody(encode_form(params), files)
        kwargs["data"] = body
        request_headers["Content-Type"] = body.content_type
    else:
        kwargs["data"] = form_data(encode_form(params))
    if query:
        kwargs["params"] = encode_form(query)
    kwargs["stream"] = True  # the body is read after sending, with a size limit
    return Request(
        method, endpoint, params, files, root + endpoint, request_headers, kwargs,
        client.allow_http if allow_http is None else (allow_http or client.allow_http),
        client.max_retries if max_retries is None else max_retries)


# The Session methods whose work prepare_for_session does; a session that replaces one
# (a subclass's own request(), a test double, a patch) is sent through its request()
# instead. One patched already when this module was imported matches no session.
_SESSION_PREPARES = {
    name: method if getattr(method, "__module__", None) == "requests.sessions" else object()
    for name in ("request", "prepare_request", "merge_environment_settings")
    for method in (requests.Session.__dict__.get(name),)}


def prepares_as_requests(session: requests.Session) -> bool:
    """Whether ``session`` prepares requests as ``requests.Session`` itself does, so that
    :func:`prepare_for_session` and ``session.send`` stand in for ``session.request``."""
    own = getattr(session, "__dict__", {})  # a stand-in for a session may have no __dict__
    cls = type(session)
    return all(getattr(cls, name, None) is stock and name not in own
               for name, stock in _SESSION_PREPARES.items())


def prepare_for_session(session: requests.Session, method: str, url: str,
                        hop: Mapping[str, Any]) -> requests.PreparedRequest:
    """The request ``session.request(method, url, **hop)`` sends (``hop``: headers,
    params, data or json, as :func:`prepare_request` makes them), with the session's
    headers, parameters, auth, cookies and hooks merged in the same way, ready for
    ``session.send``.

    ``Session.prepare_request`` does this with general-purpose machinery (a runtime
    protocol check per value merged, cookie jars copied even when empty) that costs a
    large share of a small request; the parameters here are already ``(key, text)``
    pairs, so they are encoded as ``requests`` would encode them, directly. As there,
    ``~/.netrc`` is not consulted: the transport never lets it supply a credential.
    """
    prepared = requests.PreparedRequest()
    prepared.prepare_method(method)
    params = hop.get("params")
    if session.params or "?" in url or "#" in url:
        # types-requests leaves merge_setting and merge_cookies unannotated.
        prepared.prepare_url(url, merge_setting(  # type: ignore[no-untyped-call]
            params or {}, session.params))
    else:  # what requests makes of the pairs, without its per-value checks
        prepared.prepare_url(url + "?" + urlencode(params) if params else url, None)
    headers = hop["headers"]
    if isinstance(session.headers, Mapping):
        merged = CaseInsensitiveDict(session.headers)
        merged.update(headers)
        for name in [name for name, value in merged.items() if value is None]:
            del merged[name]  # a session header set to None is one not to send
        headers = merged
    prepared.prepare_headers(headers)
    jar = session.cookies
    if len(jar):  # a copy, as requests takes it: what was in the jar when the request left
        prepared.prepare_cookies(merge_cookies(  # type: ignore[no-untyped-call]
            RequestsCookieJar(), jar))
    else:  # no Cookie header; requests' redirect bookkeeping reads a jar here (not in its stubs)
        prepared._cookies = RequestsCookieJar()  # type: ignore[attr-defined]
    data = hop.get("data")
    if data and isinstance(data, (dict, list)):  # form pairs, all text (form_data)
        prepared.prepare_body(urlencode(data), None)
        if "content-type" not in prepared.headers:
            prepared.headers["Content-Type"] = "application/x-www-form-urlencoded"
    else:
        prepared.prepare_body(data, None, hop.get("json"))
    if session.auth is not None:
        prepared.prepare_auth(session.auth, url)
    hooks = session.hooks
    if hooks and hooks.get("response") != []:  # as requests merges them: only when set
        prepared.prepare_hooks(hooks)
    return prepared


def log_request(request: Request) -> None:
    """One request as ``debug_requests`` shows it, credentials redacted."""
    log.debug("-> %s %s params=%s headers=%s files=%s", request.method,
              _policy.redact_text(request.url), _policy.redact_params(request.params),
              _policy.redact_headers(request.headers),
              sorted(request.files) if request.files else None)
