"""Security: private secrets files, no token in output, TLS, http, netrc, redirects, OAuth."""

import datetime
import hashlib
import logging
import os
import ssl
import stat
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from mastodon import (
    Mastodon,
    MastodonError,
    MastodonIllegalArgumentError,
    MastodonUnauthorizedError,
    _policy,
)
from mastodon.authentication import pkce_challenge

from .servers import Reply, ScriptedServer

TOKEN = "tok-abcdef-0123456789-secret"


@pytest.fixture
def permissive_umask():
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_secrets_files_are_private_and_atomic(mock_url, tmp_path, permissive_umask):
    app_file = tmp_path / "app.secret"
    app_file.write_text("old content\n")
    os.chmod(app_file, 0o644)
    Mastodon.create_app("secure", api_base_url=mock_url, to_file=str(app_file))
    assert mode(app_file) == 0o600
    assert app_file.read_text().count("\n") == 4  # ID, secret, URL, app name

    api = Mastodon(client_id=str(app_file), api_base_url=mock_url)
    page = requests.post(mock_url + "/oauth/authorize", timeout=10, data={
        "username": "alice", "redirect_uri": "urn:ietf:wg:oauth:2.0:oob",
        "client_id": api.client_id, "scope": "read write follow push"})
    code = page.text.split("Authorization code: ")[1].split("<")[0]
    user_file = tmp_path / "user.secret"
    api.log_in(code=code, to_file=str(user_file))
    assert mode(user_file) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.secret", "user.secret"]


def test_reading_a_readable_secrets_file_warns(tmp_path, caplog):
    path = tmp_path / "open.secret"
    path.write_text("token\nhttps://example.social\n")
    os.chmod(path, 0o644)
    with caplog.at_level(logging.WARNING, logger="mastodon"):
        Mastodon(access_token=str(path))
    assert "can be read by other users" in caplog.text and "chmod 600" in caplog.text
    caplog.clear()
    os.chmod(path, 0o600)
    with caplog.at_level(logging.WARNING, logger="mastodon"):
        Mastodon(access_token=str(path))
    assert caplog.text == ""


def test_no_token_in_logs_reprs_or_errors(server, caplog):
    server.default = Reply(401, {"error": "The access token is invalid"})
    api = Mastodon(access_token=TOKEN, client_id="cid", client_secret="csecret-value",
                   api_base_url=server.url, mastodon_version="4.0.0", debug_requests=True)
    with caplog.at_level(logging.DEBUG, logger="mastodon"):
        with pytest.raises(MastodonUnauthorizedError) as info:
            api.instance()
        with pytest.raises(MastodonError) as second:
            api._api_request("POST", "/oauth/token", {
                "client_secret": "csecret-value", "password": "pw-value", "code": "code-value",
                "access_token": TOKEN})
    everything = caplog.text + repr(api) + str(api) + repr(info.value) + str(info.value) \
        + repr(second.value) + str(second.value)
    for secret in (TOKEN, "csecret-value", "pw-value", "code-value"):
        assert secret not in everything
    assert "<redacted>" in caplog.text
    assert server.requests[0].headers["Authorization"] == f"Bearer {TOKEN}"  # it was sent


def test_network_error_messages_hide_tokens_in_urls():
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    api = Mastodon(api_base_url=f"http://127.0.0.1:{port}", mastodon_version="4.0.0", max_retries=0)
    with pytest.raises(MastodonError) as info:
        api._api_request("GET", "/api/v1/streaming/user", {"access_token": TOKEN})
    assert TOKEN not in str(info.value) and TOKEN not in repr(info.value)


def test_plain_http_only_to_this_machine(server):
    for url in ("http://example.social", "http://10.0.0.5", "http://mastodon.example:8080"):
        api = Mastodon(access_token=TOKEN, api_base_url=url, mastodon_version="4.0.0")
        with pytest.raises(MastodonIllegalArgumentError, match="plain http"):
            api.instance()
    with pytest.raises(MastodonIllegalArgumentError, match="plain http"):
        Mastodon.create_app("x", api_base_url="http://example.social")
    _policy.check_url("http://example.social", allow_http=True)  # no refusal
    for host in ("127.0.0.1", "127.5.6.7", "[::1]", "localhost", "api.localhost"):
        _policy.check_url(f"http://{host}:3000")
    Mastodon(api_base_url=server.url, mastodon_version="4.0.0").instance()  # loopback works


def test_blocked_instances(monkeypatch, server):
    assert _policy._BLOCKED_INSTANCES == {
        "f3b50af8594eaa91dc440357a92691ff65dbfc9555226e9545b8e083dc10d2e1",
        "b96d2de9784efb5af0af56965b8616afe5469c06e7188ad0ccaee5c7cb8a56b6",
        "2dc0cbc89fad4873f665b78cc2f8b6b80fae4af9ac43c0d693edfda27275f517",
    }
    digest = hashlib.sha256(b"blocked,example").hexdigest()
    monkeypatch.setattr(_policy, "_BLOCKED_INSTANCES", _policy._BLOCKED_INSTANCES | {digest})
    monkeypatch.setattr(_policy, "_verdicts", {})
    for url in ("https://blocked.example", "https://social.blocked.example", "https://BLOCKED.example."):
        api = Mastodon(access_token=TOKEN, api_base_url=url, mastodon_version="4.0.0")
        with pytest.raises(MastodonIllegalArgumentError, match="does not talk to"):
            api.instance()
    with pytest.raises(MastodonIllegalArgumentError, match="does not talk to"):
        Mastodon.create_app("x", api_base_url="https://social.blocked.example")
    assert server.requests == []


def test_netrc_never_replaces_our_authorization(server, tmp_path, monkeypatch):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login someone password hunter2\n")
    os.chmod(netrc, 0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    Mastodon(access_token=TOKEN, api_base_url=server.url, mastodon_version="4.0.0").instance()
    assert server.last.headers["Authorization"] == f"Bearer {TOKEN}"
    Mastodon(api_base_url=server.url, mastodon_version="4.0.0").instance()
    assert "Authorization" not in server.last.headers
    # requests itself would have used the file:
    requests.get(server.url + "/probe", timeout=5)
    assert server.last.headers["Authorization"].startswith("Basic ")


def test_authorization_never_follows_a_redirect_to_another_host(server):
    elsewhere = ScriptedServer().start()
    try:
        elsewhere.default = Reply(200, {"title": "elsewhere"})
        server.routes[("GET", "/api/v2/instance")] = Reply(302, {}, {"Location": elsewhere.url + "/moved"})
        api = Mastodon(access_token=TOKEN, api_base_url=server.url, mastodon_version="4.0.0")
        assert api.instance().title == "elsewhere"
        assert elsewhere.last.path == "/moved"
        assert "Authorization" not in elsewhere.last.headers

        server.routes[("GET", "/api/v2/instance")] = Reply(301, {}, {"Location": "/api/v1/instance2"})
        server.routes[("GET", "/api/v1/instance2")] = Reply(200, {"title": "same host"})
        assert api.instance().title == "same host"
        assert server.last.headers["Authorization"] == f"Bearer {TOKEN}"

        server.routes[("POST", "/api/v1/statuses")] = Reply(302, {}, {"Location": elsewhere.url + "/x"})
        with pytest.raises(MastodonError, match="redirected"):
            api._api_request("POST", "/api/v1/statuses", {"status": "hi"})
        assert elsewhere.last.path == "/moved"
    finally:
        elsewhere.stop()


def self_signed_context(tmp_path):
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1)
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    return context, cert_path


def test_tls_is_verified_unless_the_callers_session_says_otherwise(tmp_path):
    pytest.importorskip("cryptography")
    context, cert_path = self_signed_context(tmp_path)
    tls = ScriptedServer()
    tls.httpd.socket = context.wrap_socket(tls.httpd.socket, server_side=True)
    tls.start()
    url = tls.url.replace("http://", "https://")
    try:
        with pytest.raises(MastodonError, match="(?i)certificate"):
            Mastodon(api_base_url=url, mastodon_version="4.0.0", max_retries=0).instance()
        trusting = requests.Session()
        trusting.verify = str(cert_path)
        Mastodon(api_base_url=url, mastodon_version="4.0.0", session=trusting).instance()
        assert tls.last.path == "/api/v2/instance/"
    finally:
        tls.stop()


def test_pkce_round_trip(server):
    seen = {}

    def token(recorded):
        verifier = recorded.form.get("code_verifier", [""])[0]
        if pkce_challenge(verifier) != seen["challenge"]:
            return Reply(400, {"error": "invalid_grant", "error_description": "PKCE failed"})
        return Reply(200, {"access_token": "pkce-token", "scope": "read write follow push"})

    server.routes[("POST", "/oauth/token")] = token
    api = Mastodon(client_id="cid", client_secret="cs", api_base_url=server.url)
    url = api.auth_request_url(code_verifier=True, state="s1", skip_server_info=True)
    query = parse_qs(urlsplit(url).query)
    assert query["code_challenge_method"] == ["S256"] and query["state"] == ["s1"]
    seen["challenge"] = query["code_challenge"][0]
    assert api.log_in(code="the-code") == "pkce-token"
    sent = server.last.form
    assert len(sent["code_verifier"][0]) >= 43
    assert pkce_challenge(sent["code_verifier"][0]) == seen["challenge"]

    other = Mastodon(client_id="cid", client_secret="cs", api_base_url=server.url)
    other.auth_request_url(code_verifier="x" * 50, skip_server_info=True)
    with pytest.raises(MastodonIllegalArgumentError, match="PKCE failed"):
        other.log_in(code="the-code", code_verifier="y" * 50)
    with pytest.raises(MastodonIllegalArgumentError):
        api.auth_request_url(code_verifier="too-short", skip_server_info=True)


def test_auth_request_url_uses_the_servers_metadata(mock_url):
    api = Mastodon(client_id="cid", client_secret="cs", api_base_url=mock_url)
    assert api.auth_request_url().startswith(mock_url + "/oauth/authorize?")


def test_revoke_access_token(mock_url):
    client_id, client_secret = Mastodon.create_app("revoker", api_base_url=mock_url)
    api = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=mock_url)
    page = requests.post(mock_url + "/oauth/authorize", timeout=10, data={
        "username": "bob", "redirect_uri": "urn:ietf:wg:oauth:2.0:oob", "client_id": client_id})
    api.log_in(code=page.text.split("Authorization code: ")[1].split("<")[0])
    token = api.access_token
    assert api.account_verify_credentials().username == "bob"
    api.revoke_access_token()
    assert api.access_token is None
    with pytest.raises(MastodonUnauthorizedError):
        Mastodon(access_token=token, api_base_url=mock_url).account_verify_credentials()


def test_persistable_login_credentials(api, mock_url):
    api.client_id, api.client_secret = "cid", "csecret"
    text = api.persistable_login_credentials()
    assert text == f"alice_token\n{mock_url}\ncid\ncsecret\n"
    restored = Mastodon(access_token=text)
    assert (restored.access_token, restored.api_base_url, restored.client_id) == (
        "alice_token", mock_url, "cid")
    assert restored.account_verify_credentials().username == "alice"
