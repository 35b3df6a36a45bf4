"""The connection policy on the WebSocket stream: the same refusals as for REST (plain
ws:// elsewhere, blocked instances), redirects left unfollowed, and the session's TLS
settings and proxies, from the session or, where the session trusts it, the environment.

The streaming servers are local (tests/sse_server.py), with a certificate made here; a
host name that is "not this machine" is resolved to 127.0.0.2 by the socket guard
(tests/guards.py) where the test needs it reachable, and refused otherwise."""

import base64
import datetime
import hashlib
import ipaddress
import ssl

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from mastodon import (
    Mastodon,
    MastodonAPIError,
    MastodonIllegalArgumentError,
    MastodonNetworkError,
    _policy,
)

from .guards import no_remote_connections
from .sse_server import ConnectProxy, StreamServer
from .test_streaming_faults import STATUS, WAIT, Recorder, _wait_until, ws_route

TOKEN = "ws-policy-token-0123456789"
REMOTE = "stream.remote.example"  # a host that is not this machine
ENVIRONMENT = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR",
               "WEBSOCKET_CLIENT_CA_BUNDLE", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY",
               "NO_PROXY", "http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """No CA bundle or proxy from the machine running the tests."""
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server():
    """The API server: answers /api/v1/instance with ``server.streaming_api``."""
    scripted = StreamServer().start()
    scripted.streaming_api = None
    scripted.routes["/api/v1/instance"] = lambda c: c.respond(
        200, {"version": "4.5.0", "urls": {"streaming_api": scripted.streaming_api}})
    try:
        yield scripted
    finally:
        scripted.stop()


def one_event(peer, request):
    peer.send_event(["user"], "update", STATUS)
    peer.recv(WAIT)


@pytest.fixture
def other_host():
    """A WebSocket streaming server on another loopback address."""
    scripted = StreamServer(host="127.0.0.2").start()
    ws_route(scripted, one_event)
    try:
        yield scripted
    finally:
        scripted.stop()


def streaming_client(server, streaming_api, **kwargs):
    server.streaming_api = streaming_api
    return Mastodon(access_token=TOKEN, api_base_url=server.url, mastodon_version="4.5.0",
                    **kwargs)


# --- the same refusals as REST ---------------------------------------------------------

def test_plain_ws_to_another_machine_is_refused_before_any_connection(server):
    api = streaming_client(server, f"ws://{REMOTE}")
    with no_remote_connections() as attempts:
        with pytest.raises(MastodonIllegalArgumentError, match=f"plain ws:// to {REMOTE}"):
            api.stream_user(Recorder(), transport="websocket")
        with pytest.raises(MastodonIllegalArgumentError, match=f"plain ws:// to {REMOTE}"):
            api.stream_open_websocket(Recorder())
    assert attempts == []  # not even a name lookup: the token never left
    assert [r.path for r in server.requests] == ["/api/v1/instance"]


def test_the_refusal_is_the_policys_allow_http_lets_the_same_stream_through(server, other_host):
    # The guard resolves the remote name to a streaming server that would answer: only
    # the policy stands between the client and it.
    remote = f"ws://{REMOTE}:{other_host.port}"
    with no_remote_connections(resolve={REMOTE: "127.0.0.2"}) as attempts:
        with pytest.raises(MastodonIllegalArgumentError, match="allow_http=True"):
            streaming_client(server, remote).stream_user(Recorder(), transport="websocket")
        assert other_host.requests == []
        listener = Recorder(close_after=1)
        streaming_client(server, remote, allow_http=True).stream_user(listener,
                                                                      transport="websocket")
    assert attempts == []
    assert listener.events[0][1].id == "109"
    [request] = other_host.requests_to("/api/v1/streaming")
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["host"] == f"{REMOTE}:{other_host.port}"


def test_blocked_instances_are_refused_on_websocket_too(server, other_host, monkeypatch):
    digest = hashlib.sha256(b"blocked,example").hexdigest()
    monkeypatch.setattr(_policy, "_BLOCKED_INSTANCES", _policy._BLOCKED_INSTANCES | {digest})
    monkeypatch.setattr(_policy, "_verdicts", {})
    blocked = "stream.blocked.example"
    # allow_http and a name that resolves to a live server: only the block list refuses.
    api = streaming_client(server, f"ws://{blocked}:{other_host.port}", allow_http=True)
    with no_remote_connections(resolve={blocked: "127.0.0.2"}) as attempts:
        for call in (lambda: api.stream_user(Recorder(), transport="websocket"),
                     lambda: api.stream_open_websocket(Recorder()),
                     lambda: api.stream_user(Recorder())):  # and SSE
            with pytest.raises(MastodonIllegalArgumentError, match="does not talk to"):
                call()
    assert attempts == [] and other_host.requests == []


def test_a_websocket_redirect_is_not_followed(server, other_host):
    target = f"ws://127.0.0.2:{other_host.port}/api/v1/streaming?stream=user"
    server.routes["/api/v1/streaming"] = lambda c: c.respond(302, b"", "text/plain",
                                                             headers={"Location": target})
    api = streaming_client(server, server.url.replace("http", "ws"))
    with pytest.raises(MastodonAPIError, match="redirected to ws://127.0.0.2.*not followed"):
        api.stream_user(Recorder(), transport="websocket")
    assert other_host.requests == []  # the token did not follow the redirect
    assert len(server.requests_to("/api/v1/streaming")) == 1


# --- TLS -------------------------------------------------------------------------------

def _name(text):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])


def make_ca(directory, label):
    """A CA certificate and key, written as ``<label>-ca.pem``."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(_name(f"{label} test CA"))
            .issuer_name(_name(f"{label} test CA")).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                         content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False,
                                         encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                           critical=False)
            .sign(key, hashes.SHA256()))
    path = directory / f"{label}-ca.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert, key, str(path)


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    """``(server context, CA bundle that signed its certificate, another CA bundle)``:
    the server's certificate is for 127.0.0.1."""
    directory = tmp_path_factory.mktemp("tls")
    ca, ca_key, ca_path = make_ca(directory, "trusted")
    _, _, stranger_path = make_ca(directory, "stranger")
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(_name("127.0.0.1")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
                           critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    cert_path, key_path = directory / "server.pem", directory / "server-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    return context, ca_path, stranger_path


@pytest.fixture
def wss(tls):
    """A WebSocket streaming server speaking TLS on 127.0.0.1."""
    scripted = StreamServer(tls=tls[0]).start()
    ws_route(scripted, one_event)
    try:
        yield scripted
    finally:
        scripted.stop()


def wss_client(server, wss, session=None):
    return streaming_client(server, wss.url.replace("https", "wss"),
                            session=session or requests.Session())


def streams(api):
    """Whether a WebSocket stream connects and delivers (else the error it raised)."""
    listener = Recorder(close_after=1)
    try:
        api.stream_user(listener, transport="websocket")
    except MastodonNetworkError as exc:
        return exc
    return [kind for kind, _ in listener.events] == ["update"]


def session_with(**settings):
    session = requests.Session()
    for name, value in settings.items():
        setattr(session, name, value)
    return session


def test_certificates_are_verified_by_default_against_what_requests_trusts(server, wss, tls,
                                                                          monkeypatch):
    # Trusted by the system store and websocket-client's own variable, not by requests
    # (certifi): REST refuses this server, and so does the WebSocket.
    monkeypatch.setenv("SSL_CERT_FILE", tls[1])
    monkeypatch.setenv("WEBSOCKET_CLIENT_CA_BUNDLE", tls[1])
    api = wss_client(server, wss)
    with pytest.raises(MastodonNetworkError, match="CERTIFICATE_VERIFY_FAILED"):
        api._api_request("GET", "/api/v1/instance", base_url=wss.url)
    error = streams(api)
    assert isinstance(error, MastodonNetworkError) and "CERTIFICATE_VERIFY_FAILED" in str(error)
    assert _wait_until(lambda: wss.tls_failures)  # refused in the TLS handshake
    assert wss.requests == []


def test_verify_false_in_the_session_connects(server, wss):
    assert streams(wss_client(server, wss, session_with(verify=False))) is True
    assert wss.requests_to("/api/v1/streaming")[0].headers["authorization"] == f"Bearer {TOKEN}"


def test_a_ca_bundle_in_the_session_is_the_one_trusted(server, wss, tls):
    _, ca, stranger = tls
    assert streams(wss_client(server, wss, session_with(verify=ca))) is True
    error = streams(wss_client(server, wss, session_with(verify=stranger)))
    assert "CERTIFICATE_VERIFY_FAILED" in str(error)
    assert len(wss.requests) == 1


def test_requests_ca_bundle_applies_where_the_session_verifies_by_default(server, wss, tls,
                                                                         monkeypatch):
    _, ca, stranger = tls
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", ca)
    assert streams(wss_client(server, wss)) is True
    # As for REST: the session's own bundle and verify=False win over the environment,
    # and a session that does not trust the environment does not read it.
    assert "CERTIFICATE_VERIFY_FAILED" in str(streams(
        wss_client(server, wss, session_with(verify=stranger))))
    assert "CERTIFICATE_VERIFY_FAILED" in str(streams(
        wss_client(server, wss, session_with(trust_env=False))))
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", stranger)
    assert streams(wss_client(server, wss, session_with(verify=False))) is True
    assert streams(wss_client(server, wss, session_with(verify=ca))) is True
    assert len(wss.requests) == 3


# --- proxies ---------------------------------------------------------------------------

@pytest.fixture
def proxy():
    tunnel = ConnectProxy().start()
    try:
        yield tunnel
    finally:
        tunnel.stop()


def test_the_sessions_proxy_carries_the_websocket(server, wss, tls, proxy):
    session = session_with(verify=tls[1], proxies={"https": proxy.url})
    assert streams(wss_client(server, wss, session)) is True
    assert [target for target, _ in proxy.connects] == [f"127.0.0.1:{wss.port}"]
    # TLS went through the tunnel, to the server: the proxy never saw the token.
    assert all(TOKEN not in str(headers) for _, headers in proxy.connects)
    assert wss.requests_to("/api/v1/streaming")[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert [r.path for r in server.requests] == ["/api/v1/instance"]  # http://: no proxy named


def test_proxy_credentials_are_sent_to_the_proxy(server, wss, tls, proxy):
    with_login = proxy.url.replace("http://", "http://tunnel%20user:p%40ss@")
    session = session_with(verify=tls[1], proxies={"https": with_login})
    assert streams(wss_client(server, wss, session)) is True
    [(_, headers)] = proxy.connects
    assert headers["proxy-authorization"] == "Basic " + base64.b64encode(
        b"tunnel user:p@ss").decode()


def test_https_proxy_from_the_environment_and_no_proxy(server, wss, tls, proxy, monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    assert streams(wss_client(server, wss, session_with(verify=tls[1]))) is True
    assert len(proxy.connects) == 1
    # A session that does not trust the environment connects directly, as its REST
    # requests do; so does a host that NO_PROXY names.
    assert streams(wss_client(server, wss, session_with(verify=tls[1], trust_env=False))) is True
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    assert streams(wss_client(server, wss, session_with(verify=tls[1]))) is True
    assert len(proxy.connects) == 1
    # NO_PROXY is about the environment's proxies: the session's own still carries the
    # stream, as requests does for REST.
    session = session_with(verify=tls[1], proxies={"https": proxy.url})
    assert streams(wss_client(server, wss, session)) is True
    assert len(proxy.connects) == 2
    assert len(wss.requests) == 4


def test_a_proxy_that_refuses_the_tunnel_stops_the_websocket(server, wss, tls):
    refusing = ConnectProxy(refuse=True).start()
    try:
        session = session_with(verify=tls[1], proxies={"https": refusing.url})
        error = streams(wss_client(server, wss, session))
    finally:
        refusing.stop()
    assert isinstance(error, MastodonNetworkError) and "403" in str(error)
    assert [target for target, _ in refusing.connects] == [f"127.0.0.1:{wss.port}"]
    assert wss.requests == [] and not wss.tls_failures  # nothing went around the proxy


def test_a_proxy_websocket_client_cannot_use_is_refused_before_sending(server, wss, tls, proxy):
    encrypted = proxy.url.replace("http://", "https://user:secret@")
    api = wss_client(server, wss, session_with(verify=tls[1], proxies={"https": encrypted}))
    with pytest.raises(MastodonIllegalArgumentError, match="https:// proxy") as info:
        api.stream_user(Recorder(), transport="websocket")
    assert "secret" not in str(info.value)
    assert proxy.connects == [] and wss.requests == []
