"""The connection policy on REST requests: redirects, retries after redirects, the default
server, per-call ``allow_http``, parameters that are bytes, base URLs that are not URLs,
and the story a retried request's final error tells."""

import socket

import pytest
import requests

from mastodon import Mastodon, MastodonIllegalArgumentError, MastodonNetworkError

from .conftest import client
from .guards import no_remote_connections
from .servers import Reply, ScriptedServer

TOKEN = "policy-token-0123456789"


@pytest.fixture
def other_host():
    """A second server on another loopback address: "another host" for the client."""
    scripted = ScriptedServer(host="127.0.0.2").start()
    try:
        yield scripted
    finally:
        scripted.stop()


def test_a_retry_after_a_cross_host_redirect_still_carries_the_token(server, other_host):
    # The first attempt is redirected to another host, which fails with a 503; the retry
    # goes to the original host again and must still be authenticated.
    other_host.default = Reply(503, {"error": "unavailable"})
    server.routes[("GET", "/api/v1/timelines/home")] = [
        Reply(302, {}, {"Location": other_host.url + "/elsewhere"}),
        Reply(200, [])]
    api = client(server.url, TOKEN, mastodon_version="4.5.0")
    assert api.timeline_home() == []
    first, retry = server.requests
    assert first.headers["Authorization"] == retry.headers["Authorization"] == f"Bearer {TOKEN}"
    assert [r.path for r in other_host.requests] == ["/elsewhere"]
    assert "Authorization" not in other_host.requests[0].headers


def test_a_same_host_redirect_keeps_the_token_and_sends_the_query_once(server):
    server.routes[("GET", "/api/v1/timelines/home")] = Reply(
        301, {}, {"Location": "/api/v1/timelines/moved?limit=5"})
    server.routes[("GET", "/api/v1/timelines/moved")] = Reply(200, [])
    api = client(server.url, TOKEN, mastodon_version="4.5.0")
    api.timeline_home(limit=5)
    moved = server.requests[-1]
    assert moved.path == "/api/v1/timelines/moved"
    assert moved.query == {"limit": ["5"]}
    assert moved.headers["Authorization"] == f"Bearer {TOKEN}"


def test_a_redirect_to_an_absolute_url_sends_its_own_query_only(server):
    server.routes[("GET", "/api/v1/notifications")] = Reply(
        307, {}, {"Location": server.url + "/api/v1/notifications?limit=5&exclude_types[]=follow"})
    server.routes[("GET", "/api/v1/notifications")] = [
        Reply(307, {}, {"Location": server.url + "/api/v1/notifications?limit=5&exclude_types[]=follow"}),
        Reply(200, [])]
    api = client(server.url, TOKEN, mastodon_version="4.5.0")
    api.notifications(limit=5, exclude_types=["follow"])
    first, redirected = server.requests
    assert first.query == redirected.query == {"limit": ["5"], "exclude_types[]": ["follow"]}


# --- the default server ------------------------------------------------------------------

def test_a_token_without_a_named_server_is_refused_before_anything_is_sent():
    with no_remote_connections() as attempts:
        with pytest.raises(MastodonIllegalArgumentError, match="api_base_url") as info:
            Mastodon(access_token=TOKEN)
        assert "mastodon.social" in str(info.value)
        assert TOKEN not in str(info.value)
        with pytest.raises(MastodonIllegalArgumentError, match="api_base_url"):
            Mastodon(client_id="cid", client_secret="client-secret")
    assert attempts == []


def test_a_mistyped_secrets_file_is_not_sent_as_a_token(tmp_path):
    missing = str(tmp_path / "mybot_usercred.secre")
    with no_remote_connections() as attempts:
        with pytest.raises(MastodonIllegalArgumentError, match="secrets file"):
            Mastodon(access_token=missing)
    assert attempts == []


def test_a_token_set_later_on_an_anonymous_default_client_is_not_sent():
    with no_remote_connections() as attempts:
        api = Mastodon(mastodon_version="4.5.0")
        assert api.api_base_url == "https://mastodon.social"  # the documented default
        api.access_token = TOKEN
        with pytest.raises(MastodonIllegalArgumentError, match="did not name"):
            api.timeline_home()
    assert attempts == []


def test_anonymous_use_keeps_the_default_server():
    # Anonymous, the client does go to the default server (refused here by the guard).
    with no_remote_connections() as attempts:
        api = Mastodon(mastodon_version="4.5.0", max_retries=0)
        with pytest.raises(MastodonNetworkError):
            api.instance()
    assert ("lookup", "mastodon.social") in attempts


def test_a_named_server_or_a_secrets_file_may_carry_credentials(tmp_path, server):
    Mastodon(access_token=TOKEN, api_base_url="https://mastodon.social")  # named: fine
    path = tmp_path / "user.secret"
    path.write_text(f"{TOKEN}\n{server.url}\n")
    path.chmod(0o600)
    api = Mastodon(access_token=str(path), mastodon_version="4.5.0")
    api.instance()
    assert server.last.headers["Authorization"] == f"Bearer {TOKEN}"


# --- per-call allow_http -------------------------------------------------------------------

@pytest.fixture
def remote_http(server):
    """A client of ``http://remote.example`` (not this machine), reached through a local
    proxy that is the scripted server: a plain-http host elsewhere, as the policy sees it."""
    session = requests.Session()
    session.trust_env = False
    session.proxies = {"http": server.url}
    return Mastodon(client_id="cid", client_secret="csecret", api_base_url="http://remote.example",
                    session=session, mastodon_version="4.5.0", retry_backoff=0.001)


def test_per_call_allow_http_works_for_log_in_and_revoke(remote_http, server):
    server.routes[("POST", "/oauth/token")] = Reply(200, {
        "access_token": "new-token", "token_type": "Bearer", "scope": "read write follow push"})
    server.routes[("POST", "/oauth/revoke")] = Reply(200, {})
    with pytest.raises(MastodonIllegalArgumentError, match="plain http"):
        remote_http.log_in(code="the-code")
    assert server.requests == []
    assert remote_http.log_in(code="the-code", allow_http=True) == "new-token"
    assert server.last.path == "/oauth/token"
    assert server.last.form["code"] == ["the-code"]
    with pytest.raises(MastodonIllegalArgumentError, match="plain http"):
        remote_http.revoke_access_token()
    remote_http.revoke_access_token(allow_http=True)
    assert server.last.path == "/oauth/revoke"
    assert server.last.form["token"] == ["new-token"]
    assert remote_http.access_token is None
    # The per-call permission was for those calls only.
    with pytest.raises(MastodonIllegalArgumentError, match="plain http"):
        remote_http.instance()


def test_per_call_allow_http_works_for_auth_request_url(remote_http, server):
    server.routes[("GET", "/.well-known/oauth-authorization-server")] = Reply(404, {})
    with pytest.raises(MastodonIllegalArgumentError, match="plain http"):
        remote_http.auth_request_url()
    url = remote_http.auth_request_url(allow_http=True)
    assert url.startswith("http://remote.example/oauth/authorize?")
    assert [r.path for r in server.requests] == ["/.well-known/oauth-authorization-server"]


# --- parameters and base URLs ----------------------------------------------------------------

def test_bytes_parameters_are_sent_as_their_text(server):
    server.default = Reply(200, {"id": "1", "content": "hi"})
    api = client(server.url, TOKEN, mastodon_version="4.7.0")
    api.status_post(b"hi \xc3\xa9t\xc3\xa9", spoiler_text=bytearray(b"cw"))
    assert server.last.form["status"] == ["hi été"]
    assert server.last.form["spoiler_text"] == ["cw"]
    api.collection_create("Reading", language=b"fr", tag_name=b"caf\xc3\xa9")
    assert server.last.json["tag_name"] == "café"  # a JSON body
    assert server.last.json["language"] == "fr"


def test_bytes_that_are_not_utf8_are_refused_before_sending(server):
    api = client(server.url, TOKEN, mastodon_version="4.5.0")
    with pytest.raises(MastodonIllegalArgumentError, match="UTF-8"):
        api.status_post(b"\xff\xfe binary")
    assert server.requests == []


@pytest.mark.parametrize("url", ["not a url", "https://", "ftp://example.social",
                                 "https://example.social:notaport", "https://exa mple.social"])
def test_a_base_url_that_is_not_one_is_refused_at_once(url):
    with no_remote_connections() as attempts:
        with pytest.raises(MastodonIllegalArgumentError, match="base URL"):
            Mastodon(api_base_url=url)
        with pytest.raises(MastodonIllegalArgumentError, match="base URL"):
            Mastodon.create_app("app", api_base_url=url)
    assert attempts == []


def test_the_final_error_states_its_cause_once_then_the_attempts():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    api = client(f"http://127.0.0.1:{port}", mastodon_version="4.5.0")
    with pytest.raises(MastodonNetworkError) as info:
        api.instance()
    message = str(info.value)
    assert message.count("Connection refused") == 1, message
    assert message.endswith("(after 4 attempts: 4 \u00d7 could not talk to the server)"), message
    assert message.count("could not talk to the server") == 2, message
    assert info.value.attempts == ["could not talk to the server"] * 4
