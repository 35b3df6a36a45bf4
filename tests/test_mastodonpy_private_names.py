"""Mastodon.py's private names that code written for it calls or replaces: the request
function ``_Mastodon__api_request``, the instance reads, the streaming base and the
version-string normalisation. Called, they send what the server receives here; replaced,
they change what the version checks and the streaming set-up see."""

import pytest

from mastodon import MastodonNotFoundError, MastodonUnauthorizedError
from mastodon.return_types import Account, Status

from .conftest import client
from .servers import Reply, ScriptedServer


def test_api_request_sends_through_the_transport(recording_api, server):
    server.routes[("GET", "/api/v1/accounts/7")] = Reply(200, {"id": "7", "acct": "eve"})
    account = recording_api._Mastodon__api_request("GET", "/api/v1/accounts/7", {"with_x": True})
    assert isinstance(account, Account) and account.id == 7
    assert server.last.query == {"with_x": ["1"]}
    assert server.last.headers["Authorization"] == "Bearer secret-token"


def test_api_request_arguments(recording_api, server):
    server.routes[("POST", "/api/v1/custom")] = Reply(200, {"id": "5", "content": "<p>x</p>"})
    result = recording_api._Mastodon__api_request(
        "POST", "/api/v1/custom", {"a": 1}, headers={"X-Extra": "yes"},
        access_token_override="other-token", lang_override="de", use_json=True,
        override_type="Status")
    assert isinstance(result, Status)
    received = server.last
    assert received.json == {"a": 1}
    assert received.headers["Authorization"] == "Bearer other-token"
    assert received.headers["X-Extra"] == "yes"
    assert received.headers["Accept-Language"] == "de"

    body = recording_api._Mastodon__api_request("POST", "/api/v1/custom", parse=False)
    assert body == b'{"id": "5", "content": "<p>x</p>"}'
    response = recording_api._Mastodon__api_request("POST", "/api/v1/custom",
                                                    return_response_object=True)
    assert response.status_code == 200 and response.json()["id"] == "5"


def test_api_request_error_answers(recording_api, server):
    server.routes[("GET", "/api/v1/secret")] = Reply(401, {"error": "The access token is invalid"})
    with pytest.raises(MastodonUnauthorizedError, match="access token is invalid"):
        recording_api._Mastodon__api_request("GET", "/api/v1/secret")
    answer = recording_api._Mastodon__api_request("GET", "/api/v1/secret", skip_error_check=True)
    assert answer == {"error": "The access token is invalid"}


def test_api_request_to_another_base_url(recording_api):
    other = ScriptedServer(host="127.0.0.2").start()
    try:
        other.routes[("GET", "/api/v1/streaming/health")] = Reply(200, b"OK")
        body = recording_api._Mastodon__api_request(
            "GET", "/api/v1/streaming/health", base_url_override=other.url, parse=False)
        assert body == b"OK"
        assert other.last.path == "/api/v1/streaming/health"
    finally:
        other.stop()


def test_instance_reads_are_kept_until_clear_caches(server):
    server.routes[("GET", "/api/v1/instance")] = Reply(200, {"uri": "x", "version": "4.5.0"})
    api = client(server.url, "secret-token")
    assert api._Mastodon__instance(cached=True).version == "4.5.0"
    assert api._Mastodon__instance(cached=True).version == "4.5.0"
    assert [r.path for r in server.requests] == ["/api/v1/instance/"]
    api._Mastodon__instance()  # not cached: read again
    api.clear_caches()
    api._Mastodon__instance(cached=True)
    assert len(server.requests) == 3


def test_replaced_instance_read_feeds_the_version_and_the_streaming_base(server):
    api = client(server.url, "secret-token", version_check_mode="created")
    reads = []

    def instance(cached=False):
        reads.append(cached)
        return {"version": "1.0.7+3.5.5", "urls": {"streaming_api": "wss://127.0.0.2:4000"}}

    api._Mastodon__instance = instance
    assert api.retrieve_mastodon_version() == "1.0.7+3.5.5"
    # The fork's own version first, Mastodon's after the plus.
    assert (api.mastodon_major, api.mastodon_minor, api.mastodon_patch) == (3, 5, 5)
    assert api._Mastodon__get_streaming_base() == "https://127.0.0.2:4000"
    assert api._Mastodon__get_streaming_base() == "https://127.0.0.2:4000"
    assert reads == [True, True]  # once for the version, once for the streaming base
    assert server.requests == []


def test_a_replaced_v1_read_that_is_missing_falls_back_to_v2(server):
    api = client(server.url, "secret-token")

    def missing(cached=False):
        raise MastodonNotFoundError("no v1 instance here")

    api._Mastodon__instance = missing
    api._Mastodon__instance_v2 = lambda cached=False: {"version": "4.4.0", "api_versions": {}}
    assert api.retrieve_mastodon_version() == "4.4.0"
    assert api.mastodon_minor == 4


@pytest.mark.parametrize("reported, mastodon", [
    ("4.0.2", (4, 0, 2)), ("2.1.0rc3", (2, 1, 0)), ("1.0.7+3.5.5", (3, 5, 5)),
    ("3.5.1+chitter-6.6.6", (3, 5, 1)), ("3.5.1+chitter6.6.6", (3, 5, 1)),
    ("3.5.0 (compatible; Pleroma 1.2.3)", (3, 5, 0)),
    ("3.2.1rc3 (compatible; Akkoma 3.2.4+shinychariot)", (3, 2, 1)),
    ("3.5.3+0.17.3+git-6f4cb2f", (3, 5, 3)),
])
def test_version_strings_of_forks_and_compatible_servers(server, reported, mastodon):
    server.routes[("GET", "/api/v1/instance")] = Reply(200, {"uri": "x", "version": reported})
    server.routes[("GET", "/api/v2/instance")] = Reply(200, {"domain": "x", "version": reported})
    api = client(server.url, "secret-token")
    api.retrieve_mastodon_version()
    assert (api.mastodon_major, api.mastodon_minor, api.mastodon_patch) == mastodon
    assert api._Mastodon__normalize_version_string(reported).startswith(
        ".".join(map(str, mastodon)))
