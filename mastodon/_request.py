"""Preparing one request: where it goes, its headers (with the credential, where the
connection policy lets it go), its parameters encoded for where they travel (query, form,
JSON or multipart body) and this send's settings (timeout, retries, plain HTTP)."""

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import _policy
from ._multipart import Files, MultipartBody
from ._params import Params, encode_form, encode_json, form_data
from .errors import MastodonIllegalArgumentError

if TYPE_CHECKING:
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


def prepare_request(client: "Transport", method: str, endpoint: str, params: Params | None,
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


def log_request(request: Request) -> None:
    """One request as ``debug_requests`` shows it, credentials redacted."""
    log.debug("-> %s %s params=%s headers=%s files=%s", request.method,
              _policy.redact_text(request.url), _policy.redact_params(request.params),
              _policy.redact_headers(request.headers),
              sorted(request.files) if request.files else None)
