"""Finishing an answer: the error it stands for, or the result it holds, checked against
the shape the API reference gives its endpoint, typed as its entity, with its pagination
(``Link``) and async-refresh (``Mastodon-Async-Refresh``) information on it."""

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import requests

from ._answers import api_error, body_excerpt, parse_response
from ._async_refresh_header import refresh_record
from ._endpoints import cast_result, expected_shape
from ._params import Params
from ._request import Request
from ._results import AttribAccessDict, AttribAccessList, pagination_info, parse_link_header
from ._retries import with_attempts
from .errors import MastodonAPIError

if TYPE_CHECKING:
    from ._client import Transport

_SHAPE_TYPES = {"list": list, "dict": dict}
# An error answer read from a stream is read for its message, not for all it holds.
_STREAMED_ERROR_LIMIT = 1 << 20


def finish(client: "Transport", request: Request, response: requests.Response, content: bytes,
           attempts: list[str], parse: bool, stream: bool, check_status: bool) -> Any:
    """What :meth:`Transport._api_request` returns for an answer (see there for the
    arguments), or the error it raises: an error status raises its error (with the
    story of the attempts), unless ``check_status`` is off; without ``parse``, the
    ``requests.Response`` itself; otherwise the result."""
    status = response.status_code
    method, endpoint = request.method, request.endpoint
    if status >= 400:
        if not check_status:
            if parse:
                return parse_response(response, content, method, endpoint)
            if not stream:
                response._content = content
            return response
        if stream:  # the message is worth reading; the stream is not
            try:
                content = client._read_body(
                    response, min(client.max_response_size, _STREAMED_ERROR_LIMIT), method, endpoint)
            except (requests.exceptions.RequestException, MastodonAPIError):
                content = b""
        error = api_error(response, content, method, endpoint)
        if attempts:
            attempts.append(f"HTTP {status}")
        raise with_attempts(error, attempts)
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
        attach_pagination(result, link, method, endpoint, request.params,
                          urlsplit(client.api_base_url or "").path.rstrip("/"))
    refresh = response.headers.get("Mastodon-Async-Refresh")
    if refresh and isinstance(result, (AttribAccessDict, AttribAccessList)):
        # A background job may still add to this answer: async_refresh.py reads
        # what the header said and, to fetch the answer again, the request.
        record = refresh_record(refresh, method, endpoint, request.params)
        if record is not None:
            result._async_refresh = record
    return result


def attach_pagination(result: Any, link: str, method: str, endpoint: str, params: Params | None,
                      base_path: str) -> None:
    """Put on a result where its next and previous pages are, as its ``Link`` header
    says: on the result, and a list's last and first items."""
    links = parse_link_header(link)
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
