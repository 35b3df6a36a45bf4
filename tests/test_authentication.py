"""App registration, login, secrets files and account creation."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from mastodon import Mastodon, MastodonAPIError, MastodonIllegalArgumentError

from .servers import Reply

OOB = "urn:ietf:wg:oauth:2.0:oob"


def authorize_as(base_url, client_id, username, scopes="read write follow push"):
    """Do what a user does in the browser: pick an account on the server's page."""
    page = requests.post(base_url + "/oauth/authorize", data={
        "username": username, "redirect_uri": OOB, "client_id": client_id, "scope": scopes},
        timeout=10)
    page.raise_for_status()
    return re.search(r"Authorization code: (\S+?)<", page.text).group(1)


def test_create_app_and_secrets_file(mock_url, tmp_path):
    secrets = tmp_path / "clientcred.secret"
    client_id, client_secret = Mastodon.create_app(
        "pytooterapp", api_base_url=mock_url, to_file=str(secrets), website="https://example.org")
    assert client_id and client_secret
    assert secrets.read_text() == f"{client_id}\n{client_secret}\n{mock_url}\n"

    api = Mastodon(client_id=str(secrets))
    assert (api.client_id, api.client_secret) == (client_id, client_secret)
    assert api.api_base_url == mock_url  # taken from the file


def test_create_app_request(server):
    server.default = Reply(200, {"client_id": "cid", "client_secret": "csec", "name": "x"})
    result = Mastodon.create_app("my app", scopes=["read", "write:statuses"],
                                 redirect_uris=["https://a.example/cb", "https://b.example/cb"],
                                 api_base_url=server.url, user_agent="app/2")
    assert result == ("cid", "csec")
    sent = server.last
    assert (sent.method, sent.path) == ("POST", "/api/v1/apps")
    assert sent.form == {"client_name": ["my app"], "scopes": ["read write:statuses"],
                         "redirect_uris": ["https://a.example/cb\nhttps://b.example/cb"]}
    assert sent.headers["User-Agent"] == "app/2"
    assert "Authorization" not in sent.headers


def test_auth_request_url(mock_url):
    api = Mastodon(client_id="the-client", client_secret="s", api_base_url=mock_url)
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


def test_code_login_through_the_servers_oauth_flow(mock_url, tmp_path):
    client_id, client_secret = Mastodon.create_app("flow", api_base_url=mock_url)
    api = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=mock_url)
    code = authorize_as(mock_url, client_id, "bob")
    usercred = tmp_path / "usercred.secret"
    token = api.log_in(code=code, to_file=str(usercred))
    assert token and api.access_token == token
    assert usercred.read_text() == f"{token}\n{mock_url}\n"
    me = api._api_request("GET", "/api/v1/accounts/verify_credentials")
    assert me.username == "bob"
    assert api.app_verify_credentials().name == "flow"

    again = Mastodon(access_token=str(usercred))
    assert again.access_token == token and again.api_base_url == mock_url
    assert again._api_request("GET", "/api/v1/accounts/verify_credentials").username == "bob"


def test_refresh_token_login(server):
    server.default = Reply(200, {"access_token": "new", "scope": "read write follow push",
                                 "token_type": "Bearer", "created_at": 1700000000})
    api = Mastodon(client_id="c", client_secret="s", api_base_url=server.url)
    assert api.log_in(refresh_token="r1") == "new"
    assert server.last.form == {"client_id": ["c"], "client_secret": ["s"],
                                "scope": ["read write follow push"],
                                "grant_type": ["refresh_token"], "refresh_token": ["r1"]}


def test_password_login_request_and_refusal(mock_url, server):
    server.default = Reply(200, {"access_token": "tok", "scope": "read"})
    api = Mastodon(client_id="c", client_secret="s", api_base_url=server.url)
    api.log_in("me@example.org", "hunter2", scopes=["read"])
    assert server.last.form["grant_type"] == ["password"]
    assert server.last.form["username"] == ["me@example.org"]
    assert server.last.form["password"] == ["hunter2"]

    # Mastodon 4.4 and later removed the password grant: refused before anything is sent.
    client_id, client_secret = Mastodon.create_app("pw", api_base_url=mock_url)
    api = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=mock_url)
    with pytest.raises(MastodonIllegalArgumentError, match="4.4 or later.*log_in\\(code="):
        api.log_in("alice", "password")

    # An older server that refuses it anyway: its answer, and the way out.
    server.default = Reply(400, {"error": "unsupported_grant_type"})
    api = Mastodon(client_id="c", client_secret="s", api_base_url=server.url, mastodon_version="4.3.0")
    with pytest.raises(MastodonIllegalArgumentError, match="unsupported_grant_type.*auth_request_url"):
        api.log_in("alice", "password")


def test_scope_check_names_what_is_missing(server):
    server.default = Reply(200, {"access_token": "tok", "scope": "read write:statuses"})
    api = Mastodon(client_id="c", client_secret="s", api_base_url=server.url)
    assert api.log_in(code="x", scopes=["read:accounts", "write:statuses"]) == "tok"
    with pytest.raises(MastodonAPIError) as info:
        api.log_in(code="x", scopes=["read", "write", "follow"])
    message = str(info.value)
    assert "missing" in message and "write" in message and "follow" in message


def test_a_token_answer_without_scope_grants_the_requested_scopes(server):
    # RFC 6749, section 5.1: "scope" may be left out when it is the requested one.
    server.routes[("POST", "/oauth/token")] = Reply(200, {"access_token": "tok-no-scope",
                                                          "token_type": "Bearer"})
    server.routes[("GET", "/api/v1/accounts/verify_credentials")] = Reply(200, {"id": "1", "acct": "me"})
    api = Mastodon(client_id="c", client_secret="s", api_base_url=server.url, mastodon_version="4.3.0")
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


def test_log_in_argument_errors_send_nothing(server):
    api = Mastodon(client_id="c", client_secret="s", api_base_url=server.url)
    with pytest.raises(MastodonIllegalArgumentError):
        api.log_in()
    with pytest.raises(MastodonIllegalArgumentError):
        api.log_in("user", "pw", code="also")
    with pytest.raises(MastodonIllegalArgumentError, match="client_id"):
        Mastodon(api_base_url=server.url).log_in(code="x")
    assert server.requests == []


def test_create_account(mock_url, tmp_path):
    client_id, client_secret = Mastodon.create_app("signup", api_base_url=mock_url)
    api = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=mock_url)
    usercred = tmp_path / "new.secret"
    token = api.create_account("newbie", "a-long-password", "newbie@example.org",
                               agreement=True, to_file=str(usercred))
    assert token == api.access_token
    assert usercred.read_text().splitlines()[0] == token
    assert api._api_request("GET", "/api/v1/accounts/verify_credentials").username == "newbie"

    other = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=mock_url)
    token, errors = other.create_account("newbie", "pw-pw-pw-pw", "x@example.org", agreement=True,
                                         return_detailed_error=True)
    assert token is None
    assert errors["username"][0]["error"] == "ERR_TAKEN"
    with pytest.raises(MastodonAPIError, match="agreement"):
        other.create_account("someone", "pw-pw-pw-pw", "y@example.org")


def test_secrets_file_formats(tmp_path, server):
    old_token_file = tmp_path / "old.secret"
    old_token_file.write_text("just-a-token\n")
    api = Mastodon(access_token=str(old_token_file), api_base_url=server.url)
    assert api.access_token == "just-a-token" and api.api_base_url == server.url

    newer = tmp_path / "newer.secret"
    newer.write_text(f"tok\n{server.url}\ncid\ncsecret\n")
    api = Mastodon(access_token=str(newer))
    assert (api.access_token, api.client_id, api.client_secret) == ("tok", "cid", "csecret")

    app_file = tmp_path / "app.secret"
    app_file.write_text("cid\ncsecret\nhttps://one.example\n")
    with pytest.raises(MastodonIllegalArgumentError, match="one.example"):
        Mastodon(client_id=str(app_file), api_base_url="https://two.example")
    api = Mastodon(client_secret=str(app_file), client_id="cid", api_base_url="https://one.example")
    assert api.client_secret == "csecret"
