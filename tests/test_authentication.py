"""App registration, login, secrets files and account creation."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from mastodon import (
    MastodonAPIError,
    MastodonIllegalArgumentError,
    MastodonNetworkError,
    MastodonServerError,
)
from mastodon import return_types as rt

from .guards import no_remote_connections
from .servers import Reply, ScriptedServer

pytestmark = pytest.mark.both_clients

OOB = "urn:ietf:wg:oauth:2.0:oob"


def authorize_as(base_url, client_id, username, scopes="read write follow push"):
    """Do what a user does in the browser: pick an account on the server's page."""
    page = requests.post(base_url + "/oauth/authorize", data={
        "username": username, "redirect_uri": OOB, "client_id": client_id, "scope": scopes},
        timeout=10)
    page.raise_for_status()
    return re.search(r"Authorization code: (\S+?)<", page.text).group(1)


def test_create_app_and_secrets_file(mock_url, tmp_path, client_class):
    secrets = tmp_path / "clientcred.secret"
    client_id, client_secret = client_class.create_app(
        "pytooterapp", api_base_url=mock_url, to_file=str(secrets), website="https://example.org")
    assert client_id and client_secret
    # Mastodon.py 2.x's layout: the app's name last.
    assert secrets.read_text() == f"{client_id}\n{client_secret}\n{mock_url}\npytooterapp\n"

    api = client_class(client_id=str(secrets))
    assert (api.client_id, api.client_secret) == (client_id, client_secret)
    assert api.api_base_url == mock_url  # taken from the file


def test_create_app_request(server, client_class):
    server.default = Reply(200, {"client_id": "cid", "client_secret": "csec", "name": "x"})
    result = client_class.create_app("my app", scopes=["read", "write:statuses"],
                                 redirect_uris=["https://a.example/cb", "https://b.example/cb"],
                                 api_base_url=server.url, user_agent="app/2")
    assert result == ("cid", "csec")
    sent = server.last
    assert (sent.method, sent.path) == ("POST", "/api/v1/apps")
    assert sent.form == {"client_name": ["my app"], "scopes": ["read write:statuses"],
                         "redirect_uris": ["https://a.example/cb\nhttps://b.example/cb"]}
    assert sent.headers["User-Agent"] == "app/2"
    assert "Authorization" not in sent.headers


def test_auth_request_url(mock_url, client_class):
    api = client_class(client_id="the-client", client_secret="s", api_base_url=mock_url)
    url = api.auth_request_url(scopes=["read", "write"], state="xyz", force_login=True)
    split = urlsplit(url)
    assert f"{split.scheme}://{split.netloc}{split.path}" == mock_url + "/oauth/authorize"
    assert parse_qs(split.query) == {"client_id": ["the-client"], "response_type": ["code"],
                                     "redirect_uri": [OOB], "scope": ["read write"],
                                     "force_login": ["true"], "state": ["xyz"]}
    plain = parse_qs(urlsplit(api.auth_request_url()).query)
    assert "force_login" not in plain and "state" not in plain
    page = requests.get(url, timeout=10)
    assert page.status_code == 200 and "Authorize" in page.text


def test_code_login_through_the_servers_oauth_flow(mock_url, tmp_path, client_class):
    client_id, client_secret = client_class.create_app("flow", api_base_url=mock_url)
    api = client_class(client_id=client_id, client_secret=client_secret, api_base_url=mock_url)
    code = authorize_as(mock_url, client_id, "bob")
    usercred = tmp_path / "usercred.secret"
    token = api.log_in(code=code, to_file=str(usercred))
    assert token and api.access_token == token
    assert usercred.read_text() == f"{token}\n{mock_url}\n{client_id}\n{client_secret}\n"
    assert usercred.read_text() == api.persistable_login_credentials()
    me = api._api_request("GET", "/api/v1/accounts/verify_credentials")
    assert me.username == "bob"
    assert api.app_verify_credentials().name == "flow"

    again = client_class(access_token=str(usercred))
    assert again.access_token == token and again.api_base_url == mock_url
    assert again._api_request("GET", "/api/v1/accounts/verify_credentials").username == "bob"
    # The file holds the app's credentials too: the token can be revoked from it.
    again.revoke_access_token()
    assert again.access_token is None
    revoked = client_class(access_token=token, api_base_url=mock_url)
    with pytest.raises(MastodonAPIError):
        revoked._api_request("GET", "/api/v1/accounts/verify_credentials")


def test_refresh_token_login(server, client_class):
    server.default = Reply(200, {"access_token": "new", "scope": "read write follow push",
                                 "token_type": "Bearer", "created_at": 1700000000})
    api = client_class(client_id="c", client_secret="s", api_base_url=server.url)
    assert api.log_in(refresh_token="r1") == "new"
    assert server.last.form == {"client_id": ["c"], "client_secret": ["s"],
                                "scope": ["read write follow push"], "redirect_uri": [OOB],
                                "grant_type": ["refresh_token"], "refresh_token": ["r1"]}


def test_password_login_request_and_refusal(mock_url, server, client_class):
    server.routes[("POST", "/oauth/token")] = Reply(200, {"access_token": "tok", "scope": "read"})
    server.routes[("GET", "/.well-known/oauth-authorization-server")] = Reply(404, {})
    api = client_class(client_id="c", client_secret="s", api_base_url=server.url)
    api.log_in("me@example.org", "hunter2", scopes=["read"])
    # As Mastodon.py: the metadata first (none here), then the grant, with the redirect URI.
    assert [(r.method, r.path) for r in server.requests] == [
        ("GET", "/.well-known/oauth-authorization-server"), ("POST", "/oauth/token")]
    assert server.last.form == {"client_id": ["c"], "client_secret": ["s"], "scope": ["read"],
                                "grant_type": ["password"], "username": ["me@example.org"],
                                "password": ["hunter2"], "redirect_uri": [OOB]}

    # A server whose metadata leaves the password grant out (Mastodon 4.4 and later, the
    # mock) is refused before the password is sent.
    client_id, client_secret = client_class.create_app("pw", api_base_url=mock_url)
    api = client_class(client_id=client_id, client_secret=client_secret, api_base_url=mock_url)
    with pytest.raises(MastodonIllegalArgumentError, match=(
            "does not offer the password grant.*authorization_code.*log_in\\(code=")):
        api.log_in("alice", "password")
    assert api.access_token is None

    # A server without metadata that refuses it anyway: its answer, and the way out.
    server.routes[("POST", "/oauth/token")] = Reply(400, {"error": "unsupported_grant_type"})
    api = client_class(client_id="c", client_secret="s", api_base_url=server.url, mastodon_version="4.3.0")
    with pytest.raises(MastodonIllegalArgumentError, match="unsupported_grant_type.*auth_request_url"):
        api.log_in("alice", "password")


def test_scope_check_names_what_is_missing(server, client_class):
    server.default = Reply(200, {"access_token": "tok", "scope": "read write:statuses"})
    api = client_class(client_id="c", client_secret="s", api_base_url=server.url)
    assert api.log_in(code="x", scopes=["read:accounts", "write:statuses"]) == "tok"
    with pytest.raises(MastodonAPIError) as info:
        api.log_in(code="x", scopes=["read", "write", "follow"])
    message = str(info.value)
    assert "missing" in message and "write" in message and "follow" in message


def test_a_token_answer_without_scope_grants_the_requested_scopes(server, client_class):
    # RFC 6749, section 5.1: "scope" may be left out when it is the requested one.
    server.routes[("POST", "/oauth/token")] = Reply(200, {"access_token": "tok-no-scope",
                                                          "token_type": "Bearer"})
    server.routes[("GET", "/api/v1/accounts/verify_credentials")] = Reply(200, {"id": "1", "acct": "me"})
    api = client_class(client_id="c", client_secret="s", api_base_url=server.url, mastodon_version="4.3.0")
    assert api.log_in(code="x", scopes=["read", "write"]) == "tok-no-scope"
    assert server.last.form["scope"] == ["read write"]
    assert api.access_token == "tok-no-scope"
    assert api.account_verify_credentials().acct == "me"
    assert server.last.path == "/api/v1/accounts/verify_credentials"
    assert server.last.headers["Authorization"] == "Bearer tok-no-scope"

    # A server that names fewer scopes than were asked for is still refused.
    server.routes[("POST", "/oauth/token")] = Reply(200, {"access_token": "narrow", "scope": "read"})
    with pytest.raises(MastodonAPIError, match="missing.*write"):
        api.log_in(code="y", scopes=["read", "write"])
    assert api.access_token == "tok-no-scope"


def test_log_in_argument_errors_send_nothing(server, client_class):
    api = client_class(client_id="c", client_secret="s", api_base_url=server.url)
    with pytest.raises(MastodonIllegalArgumentError):
        api.log_in()
    with pytest.raises(MastodonIllegalArgumentError):
        api.log_in("user", "pw", code="also")
    with pytest.raises(MastodonIllegalArgumentError, match="client_id"):
        client_class(api_base_url=server.url).log_in(code="x")
    assert server.requests == []


def test_create_account(mock_url, tmp_path, client_class):
    client_id, client_secret = client_class.create_app("signup", api_base_url=mock_url)
    api = client_class(client_id=client_id, client_secret=client_secret, api_base_url=mock_url)
    usercred = tmp_path / "new.secret"
    token = api.create_account("newbie", "a-long-password", "newbie@example.org",
                               agreement=True, to_file=str(usercred))
    assert token == api.access_token
    # The login as log_in writes it: token, URL, and the app's ID and secret.
    assert usercred.read_text() == f"{token}\n{mock_url}\n{client_id}\n{client_secret}\n"
    assert api._api_request("GET", "/api/v1/accounts/verify_credentials").username == "newbie"
    third = client_class(client_id=client_id, client_secret=client_secret, api_base_url=mock_url)
    token, error = third.create_account("newbie2", "a-long-password", "newbie2@example.org",
                                        agreement=True, return_detailed_error=True)
    assert token == third.access_token and error == {} and type(error) is rt.AccountCreationError

    other = client_class(client_id=client_id, client_secret=client_secret, api_base_url=mock_url)
    token, error = other.create_account("newbie", "pw-pw-pw-pw", "x@example.org", agreement=True,
                                        return_detailed_error=True)
    # The server's whole answer, as Mastodon.py returns it: the message and the details.
    assert token is None and type(error) is rt.AccountCreationError
    assert error.error and error.details.username[0].error == "ERR_TAKEN"
    assert "email" not in error.details
    with pytest.raises(MastodonAPIError, match="agreement"):
        other.create_account("someone", "pw-pw-pw-pw", "y@example.org")


def test_secrets_file_formats(tmp_path, server, client_class):
    old_token_file = tmp_path / "old.secret"
    old_token_file.write_text("just-a-token\n")
    api = client_class(access_token=str(old_token_file), api_base_url=server.url)
    assert api.access_token == "just-a-token" and api.api_base_url == server.url

    newer = tmp_path / "newer.secret"
    newer.write_text(f"tok\n{server.url}\ncid\ncsecret\n")
    api = client_class(access_token=str(newer))
    assert (api.access_token, api.client_id, api.client_secret) == ("tok", "cid", "csecret")

    app_file = tmp_path / "app.secret"
    app_file.write_text("cid\ncsecret\nhttps://one.example\n")
    with pytest.raises(MastodonIllegalArgumentError, match="one.example"):
        client_class(client_id=str(app_file), api_base_url="https://two.example")
    api = client_class(client_secret=str(app_file), client_id="cid", api_base_url="https://one.example")
    assert api.client_secret == "csecret"


# --- create_app as Mastodon.py users' test suites see it -------------------------------

APP = {"client_id": "cid", "client_secret": "csec", "name": "my app"}


@pytest.fixture
def recorded_posts(monkeypatch):
    """``requests.post`` replaced, as users' suites replace it, by a wrapper that records
    each call and then makes it for real."""
    calls = []
    real_post = requests.post

    def post(url, **kwargs):
        calls.append((url, kwargs))
        return real_post(url, **kwargs)

    monkeypatch.setattr(requests, "post", post)
    return calls


@pytest.mark.sync_client_only("it checks the call of requests.post, the sync transport's")
def test_create_app_goes_through_requests_post(server, recorded_posts, tmp_path, client_class):
    server.default = Reply(200, APP)
    secrets = tmp_path / "app.secret"
    assert client_class.create_app("my app", api_base_url=server.url, to_file=str(secrets),
                               redirect_uris=["https://a.example/cb", "https://b.example/cb"],
                               website="https://app.example", user_agent="app/3") == ("cid", "csec")
    [(url, kwargs)] = recorded_posts
    assert url == server.url + "/api/v1/apps"
    # What such suites look at: the form as a dict, the headers.
    assert kwargs["data"] == {"client_name": "my app", "scopes": "read write follow push",
                              "redirect_uris": "https://a.example/cb\nhttps://b.example/cb",
                              "website": "https://app.example"}
    assert kwargs["headers"]["User-Agent"] == "app/3"
    # The connection policy still holds: no redirects followed for it, no ~/.netrc.
    assert kwargs["allow_redirects"] is False and kwargs["auth"] is not None
    assert server.last.form == {"client_name": ["my app"], "scopes": ["read write follow push"],
                                "redirect_uris": ["https://a.example/cb\nhttps://b.example/cb"],
                                "website": ["https://app.example"]}
    assert secrets.read_text() == f"cid\ncsec\n{server.url}\nmy app\n"


@pytest.mark.sync_client_only("a requests.Session is the sync client's")
def test_create_app_with_a_session_posts_through_it(server, recorded_posts, client_class):
    server.default = Reply(200, APP)
    posts = []

    class MySession(requests.Session):
        def post(self, url, **kwargs):
            posts.append(url)
            return super().post(url, **kwargs)

    app = client_class.create_app("my app", api_base_url=server.url, session=MySession())
    assert app == ("cid", "csec")
    assert posts == [server.url + "/api/v1/apps"] and recorded_posts == []
    assert server.last.path == "/api/v1/apps"


def test_create_app_refused_urls_are_never_posted(recorded_posts, client_class):
    with no_remote_connections() as attempts:
        with pytest.raises(MastodonIllegalArgumentError, match="http"):
            client_class.create_app("my app", api_base_url="http://mastodon.example")
    assert recorded_posts == [] and list(attempts) == []


@pytest.mark.sync_client_only("it makes requests.post fail, the sync transport's")
def test_create_app_send_failures_are_network_errors(monkeypatch, client_class):
    for exc in (requests.exceptions.HTTPError("Unauthorized"), RuntimeError("mock broke")):
        def post(url, exc=exc, **kwargs):
            raise exc
        monkeypatch.setattr(requests, "post", post)
        with pytest.raises(MastodonNetworkError) as info:
            client_class.create_app("my app", api_base_url="https://mastodon.example")
        assert info.value.__cause__ is exc


def test_create_app_error_answers_and_empty_answers(server, recorded_posts, client_class):
    server.default = Reply(422, {"error": "Validation failed: Redirect URI must be absolute"})
    with pytest.raises(MastodonAPIError, match="Redirect URI must be absolute"):
        client_class.create_app("my app", api_base_url=server.url, redirect_uris="nope")
    server.default = Reply(200, {"name": "my app"})
    with pytest.raises(MastodonAPIError, match="client_id"):
        client_class.create_app("my app", api_base_url=server.url)


# --- logging in where the server's OAuth metadata says --------------------------------

TOKEN = Reply(200, {"access_token": "tok", "scope": "read write follow push"})


def metadata(server, **fields):
    server.routes[("GET", "/.well-known/oauth-authorization-server")] = Reply(200, {
        "issuer": server.url + "/", "token_endpoint": server.url + "/oauth/token",
        "grant_types_supported": ["authorization_code", "password", "client_credentials"],
        **fields})


def test_log_in_asks_at_the_token_endpoint_the_server_names(server, client_class):
    metadata(server, token_endpoint=server.url + "/auth/v2/token",
             revocation_endpoint=server.url + "/auth/v2/revoke")
    server.routes[("POST", "/auth/v2/token")] = TOKEN
    api = client_class(client_id="c", client_secret="s", api_base_url=server.url)
    assert api.log_in("me@example.org", "pw") == "tok"
    assert [(r.method, r.path) for r in server.requests] == [
        ("GET", "/.well-known/oauth-authorization-server"), ("POST", "/auth/v2/token")]
    assert "Authorization" not in server.requests[0].headers
    api.revoke_access_token()
    assert (server.last.method, server.last.path) == ("POST", "/auth/v2/revoke")
    assert server.last.form == {"client_id": ["c"], "client_secret": ["s"], "token": ["tok"]}


def test_a_token_endpoint_on_another_host_gets_no_password(server, client_class):
    elsewhere = ScriptedServer(host="127.0.0.2").start()
    try:
        metadata(server, token_endpoint=elsewhere.url + "/oauth/token")
        server.routes[("POST", "/oauth/token")] = TOKEN
        api = client_class(client_id="c", client_secret="s", api_base_url=server.url)
        assert api.log_in("me@example.org", "pw") == "tok"
        assert elsewhere.requests == []
        assert (server.last.method, server.last.path) == ("POST", "/oauth/token")
    finally:
        elsewhere.stop()


def test_a_grant_the_metadata_leaves_out_is_refused_before_sending(server, client_class):
    metadata(server, grant_types_supported=["client_credentials"])
    api = client_class(client_id="c", client_secret="s", api_base_url=server.url)
    with pytest.raises(MastodonIllegalArgumentError, match="authorization_code grant"):
        api.log_in(code="abc")
    with pytest.raises(MastodonIllegalArgumentError, match="password grant.*4.4"):
        api.log_in("me@example.org", "pw")
    assert all(r.method == "GET" for r in server.requests)
    # A refresh token is the server's to judge (it may leave the grant out of the list).
    server.routes[("POST", "/oauth/token")] = TOKEN
    assert api.log_in(refresh_token="r") == "tok"


def test_a_server_known_to_be_older_than_4_3_is_not_asked_for_metadata(server, client_class):
    server.routes[("POST", "/oauth/token")] = TOKEN
    api = client_class(client_id="c", client_secret="s", api_base_url=server.url,
                   mastodon_version="2.9.2")
    assert api.log_in("admin@localhost", "pw") == "tok"
    assert [(r.method, r.path) for r in server.requests] == [("POST", "/oauth/token")]
    assert server.last.form["redirect_uri"] == [OOB]
    url = api.auth_request_url()
    assert url.startswith(server.url + "/oauth/authorize?") and len(server.requests) == 1


@pytest.mark.parametrize("reply", [
    Reply(404, {"error": "Not found"}),
    Reply(200, b"<!DOCTYPE html><html><body>the web app</body></html>"),
    Reply(403, {"error": "This action is not allowed"}),
], ids=["404", "web page", "403"])
def test_a_server_without_oauth_metadata(server, reply, client_class):
    server.routes[("GET", "/.well-known/oauth-authorization-server")] = reply
    server.routes[("POST", "/oauth/token")] = TOKEN
    api = client_class(client_id="c", client_secret="s", api_base_url=server.url)
    assert api.oauth_authorization_server_info() == {}
    assert api.log_in("me@example.org", "pw") == "tok"  # nothing refused: the defaults
    assert server.last.path == "/oauth/token"
    assert api.auth_request_url().startswith(server.url + "/oauth/authorize?")


def test_oauth_metadata_trouble_is_raised(server, client_class):
    server.routes[("GET", "/.well-known/oauth-authorization-server")] = Reply(503, {})
    api = client_class(api_base_url=server.url, max_retries=0)
    with pytest.raises(MastodonServerError):
        api.oauth_authorization_server_info()
