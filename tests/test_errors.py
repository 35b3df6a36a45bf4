"""Errors: every failure is a MastodonError that says what the server said."""

import importlib
import socket

import pytest

import mastodon
import mastodon.errors
from mastodon import Mastodon
from mastodon.errors import (
    MastodonAPIError,
    MastodonBadGatewayError,
    MastodonError,
    MastodonFileNotFoundError,
    MastodonGatewayTimeoutError,
    MastodonIllegalArgumentError,
    MastodonInternalServerError,
    MastodonIOError,
    MastodonMalformedEventError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonReadTimeout,
    MastodonServerError,
    MastodonServiceUnavailableError,
    MastodonUnauthorizedError,
    MastodonVersionError,
)

from .servers import Reply

NAMES = ["MastodonError", "MastodonIllegalArgumentError", "MastodonIOError",
         "MastodonFileNotFoundError", "MastodonNetworkError", "MastodonReadTimeout",
         "MastodonAPIError", "MastodonNotFoundError", "MastodonUnauthorizedError",
         "MastodonRatelimitError", "MastodonServerError", "MastodonInternalServerError",
         "MastodonBadGatewayError", "MastodonServiceUnavailableError",
         "MastodonGatewayTimeoutError", "MastodonVersionError", "MastodonMalformedEventError"]


@pytest.mark.parametrize("name", NAMES)
def test_every_error_is_importable_where_users_look(name):
    # The submodule, as `from mastodon.Mastodon import MastodonError` sees it.
    module = importlib.import_module("mastodon.Mastodon")
    assert getattr(mastodon, name) is getattr(mastodon.errors, name) is getattr(module, name)


def test_hierarchy_is_the_documented_one():
    for cls in (MastodonIllegalArgumentError, MastodonIOError, MastodonAPIError,
                MastodonVersionError, MastodonMalformedEventError):
        assert issubclass(cls, MastodonError)
    assert issubclass(MastodonIllegalArgumentError, ValueError)
    assert issubclass(MastodonFileNotFoundError, MastodonIOError)
    assert issubclass(MastodonNetworkError, MastodonIOError)
    assert issubclass(MastodonReadTimeout, MastodonNetworkError)
    for cls in (MastodonNotFoundError, MastodonUnauthorizedError, MastodonRatelimitError,
                MastodonServerError):
        assert issubclass(cls, MastodonAPIError)
    for cls in (MastodonInternalServerError, MastodonBadGatewayError,
                MastodonServiceUnavailableError, MastodonGatewayTimeoutError):
        assert issubclass(cls, MastodonServerError)
    assert mastodon.MastodonRateLimitError is MastodonRatelimitError


@pytest.mark.parametrize("status, cls", [
    (400, MastodonAPIError), (401, MastodonUnauthorizedError), (403, MastodonAPIError),
    (404, MastodonNotFoundError), (410, MastodonAPIError), (500, MastodonInternalServerError),
    (502, MastodonBadGatewayError), (503, MastodonServiceUnavailableError),
    (504, MastodonGatewayTimeoutError), (507, MastodonServerError),
])
def test_status_codes_map_to_error_classes(recording_api, server, status, cls):
    server.default = Reply(status, {"error": f"the server says {status}"})
    with pytest.raises(cls) as info:
        recording_api._api_request("GET", "/api/v1/statuses/1")
    error = info.value
    assert type(error) is cls
    assert error.status_code == status
    assert error.error == f"the server says {status}"
    assert f"the server says {status}" in str(error)
    assert "GET /api/v1/statuses/1" in str(error)
    assert error.args[1:] == (status, error.reason, f"the server says {status}")


def test_rate_limit_error_in_throw_mode(server):
    server.default = Reply(429, {"error": "Too many requests"},
                           {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0",
                            "X-RateLimit-Reset": "2099-01-01T00:00:00.000Z"})
    api = Mastodon(api_base_url=server.url, mastodon_version="4.0.0", ratelimit_method="throw")
    with pytest.raises(MastodonRatelimitError, match="Too many requests"):
        api.instance()
    assert len(server.requests) == 1
    assert api.ratelimit_remaining == 0


def test_validation_errors_carry_details(api):
    with pytest.raises(MastodonAPIError) as info:
        api._api_request("POST", "/api/v1/statuses", {})
    assert info.value.status_code == 422
    assert "Text can't be blank" in str(info.value)


def test_422_details_from_the_server(recording_api, server):
    details = {"username": [{"error": "ERR_TAKEN", "description": "is already taken"}]}
    server.default = Reply(422, {"error": "Validation failed: Username is already taken",
                                 "details": details})
    with pytest.raises(MastodonAPIError) as info:
        recording_api._api_request("POST", "/api/v1/accounts", {"username": "x"})
    assert info.value.details == details
    assert "Username is already taken" in str(info.value)


def test_not_found_against_the_real_mock(api):
    with pytest.raises(MastodonNotFoundError) as info:
        api._api_request("GET", "/api/v1/statuses/424242")
    assert info.value.status_code == 404


def test_unauthorized_against_the_real_mock(mock_url):
    api = Mastodon(access_token="not-a-token", api_base_url=mock_url)
    with pytest.raises(MastodonUnauthorizedError):
        api._api_request("GET", "/api/v1/accounts/verify_credentials")


def test_html_error_page_from_a_proxy(recording_api, server):
    page = (b"<html><head><title>502 Bad Gateway</title><style>body{}</style></head>"
            b"<body><center><h1>502 Bad Gateway</h1></center><hr>nginx</body></html>")
    server.default = Reply(502, page, {"Content-Type": "text/html"})
    with pytest.raises(MastodonBadGatewayError) as info:
        recording_api.instance()
    message = str(info.value)
    assert "502 Bad Gateway" in message and "nginx" in message
    assert "<h1>" not in message and "body{}" not in message


def test_html_with_200_is_an_api_error(recording_api, server):
    server.default = Reply(200, b"<!doctype html><p>Welcome to our maintenance page</p>",
                           {"Content-Type": "text/html"})
    with pytest.raises(MastodonAPIError) as info:
        recording_api.instance()
    assert "not valid JSON" in str(info.value)
    assert "maintenance page" in str(info.value)
    assert info.value.status_code == 200


def test_invalid_json_is_an_api_error(recording_api, server):
    server.default = Reply(200, b'{"id": "1", "content": ', {"Content-Type": "application/json"})
    with pytest.raises(MastodonAPIError, match="not valid JSON"):
        recording_api.instance()


def test_empty_body_where_json_is_expected(recording_api, server):
    server.default = Reply(200, b"", {"Content-Type": "application/json"})
    with pytest.raises(MastodonAPIError, match="empty body"):
        recording_api.instance()


def test_no_content_is_none(recording_api, server):
    server.default = Reply(204, b"")
    assert recording_api._api_request("DELETE", "/api/v1/x") is None


def test_truncated_body_is_a_network_error(recording_api, server):
    server.default = Reply(200, {"id": "1", "content": "x" * 1000}, fault="truncate")
    with pytest.raises(MastodonNetworkError, match="connection broke"):
        recording_api.instance()


def test_dropped_connection_is_a_network_error(recording_api, server):
    server.default = Reply(fault="drop")
    with pytest.raises(MastodonNetworkError):
        recording_api.instance()


def test_refused_connection_is_a_network_error():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    api = Mastodon(api_base_url=f"http://127.0.0.1:{port}", mastodon_version="4.0.0",
                   retry_backoff=0.001)
    with pytest.raises(MastodonNetworkError, match="could not talk to the server") as info:
        api.instance()
    assert len(info.value.attempts) == 4  # never sent, so retried even if it were a POST


def test_error_repr_has_no_token(server):
    server.default = Reply(401, {"error": "The access token is invalid"})
    api = Mastodon(access_token="sekrit-token-value", api_base_url=server.url,
                   mastodon_version="4.0.0")
    with pytest.raises(MastodonUnauthorizedError) as info:
        api.instance()
    assert "sekrit-token-value" not in repr(info.value)
    assert "sekrit-token-value" not in str(info.value)
    assert "sekrit-token-value" not in repr(info.value.headers)
