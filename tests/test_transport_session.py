"""The kept session: a client prepares each request itself and hands it to
``session.send``, with the proxy and TLS settings it works out once per host (and again
after ``clear_caches()``). What a user of ``requests`` relies on still holds: proxies and
CA bundles from the environment, the session's own proxies, verify, headers, params,
auth, hooks and cookies, mounted adapters, and the places ``requests_mock`` and
``responses`` patch (``Session.send``, ``HTTPAdapter.send``).

A proxy here is a recording server (tests/servers.py) that answers what it is asked
through it, or tests/sse_server.py's ``ConnectProxy`` for tunnels; the "other host" a
proxy is asked for is a server on 127.0.0.2."""

import gzip
import io
import json
import pickle
import re

import pytest
import requests
import requests.adapters

from mastodon import Mastodon, MastodonAPIError, MastodonNetworkError

from .servers import Reply, ScriptedServer
from .sse_server import ConnectProxy, StreamServer
from .test_streaming_policy import tls  # noqa: F401  (the fixture: a CA and a server certificate)

TOKEN = "session-token"
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy",
                   "https_proxy", "all_proxy", "no_proxy", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")
ACCOUNT = {"id": "1", "acct": "alice", "username": "alice"}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """No proxy or CA bundle from the machine running the tests."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def started(host="127.0.0.1"):
    server = ScriptedServer(host).start()
    server.default = Reply(200, ACCOUNT)
    return server


@pytest.fixture
def target():
    """The server the client names: on 127.0.0.2, so that "through a proxy" and
    "directly" reach different servers."""
    server = started("127.0.0.2")
    yield server
    server.stop()


@pytest.fixture
def proxy():
    server = started()
    yield server
    server.stop()


@pytest.fixture
def other_proxy():
    server = started()
    yield server
    server.stop()


def client(url, session=None, **kwargs):
    return Mastodon(access_token=TOKEN, api_base_url=url, session=session,
                    mastodon_version="4.5.0", max_retries=0, **kwargs)


def arrived_through(proxy, target):
    """Whether the last request the proxy got was one for ``target``."""
    return bool(proxy.requests) and proxy.last.headers["Host"] == target.url.split("//")[1]


# --- proxies -----------------------------------------------------------------------------

def test_a_proxy_from_the_environment_carries_the_requests(target, proxy, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    api = client(target.url)
    assert api.account(1).acct == "alice"
    assert api.account(2).acct == "alice"
    assert [r.path for r in proxy.requests] == ["/api/v1/accounts/1", "/api/v1/accounts/2"]
    assert arrived_through(proxy, target) and target.requests == []
    assert proxy.last.headers["Authorization"] == f"Bearer {TOKEN}"


def test_the_environment_is_read_once_per_host_and_again_after_clear_caches(
        target, proxy, other_proxy, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    api = client(target.url)
    api.account(1)
    monkeypatch.setenv("HTTP_PROXY", other_proxy.url)
    api.account(2)  # the settings this client took for the host, as documented
    assert len(proxy.requests) == 2 and other_proxy.requests == []
    api.clear_caches()
    api.account(3)
    assert arrived_through(other_proxy, target) and other_proxy.last.path == "/api/v1/accounts/3"
    # A new client reads the environment as it is.
    monkeypatch.delenv("HTTP_PROXY")
    client(target.url).account(4)
    assert target.last.path == "/api/v1/accounts/4" and len(other_proxy.requests) == 1


def test_no_proxy_and_a_session_that_does_not_trust_the_environment_go_directly(
        target, proxy, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.2")
    client(target.url).account(1)
    assert target.last.path == "/api/v1/accounts/1" and proxy.requests == []
    monkeypatch.delenv("NO_PROXY")
    session = requests.Session()
    session.trust_env = False
    api = client(target.url, session)
    api.account(2)
    assert target.last.path == "/api/v1/accounts/2" and proxy.requests == []
    session.trust_env = True  # a session setting: taken up on the next request
    api.account(3)
    assert arrived_through(proxy, target) and proxy.last.path == "/api/v1/accounts/3"


def test_a_changed_session_proxies_is_honoured_at_once(target, proxy, other_proxy):
    session = requests.Session()
    api = client(target.url, session)
    api.account(1)
    assert target.last.path == "/api/v1/accounts/1"
    session.proxies = {"http": proxy.url}
    api.account(2)
    assert arrived_through(proxy, target) and proxy.last.path == "/api/v1/accounts/2"
    session.proxies["http"] = other_proxy.url  # changed in place
    api.account(3)
    assert arrived_through(other_proxy, target) and other_proxy.last.path == "/api/v1/accounts/3"
    session.proxies.clear()
    api.account(4)
    assert target.last.path == "/api/v1/accounts/4"
    assert [len(s.requests) for s in (target, proxy, other_proxy)] == [2, 1, 1]


def test_a_copy_of_a_client_reads_the_environment_where_it_runs(target, proxy, monkeypatch):
    api = client(target.url)
    api.account(1)
    assert target.last.path == "/api/v1/accounts/1"
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    copy = pickle.loads(pickle.dumps(api))
    copy.account(2)
    assert arrived_through(proxy, target) and proxy.last.path == "/api/v1/accounts/2"
    # A client pickled before clients kept these settings unpickles and works.
    state = api.__getstate__()
    del state["_send_settings"]
    older = Mastodon.__new__(Mastodon)
    older.__setstate__(state)
    older.account(3)
    assert proxy.last.path == "/api/v1/accounts/3"


# --- TLS over a tunnel, with the CA bundle from the environment -----------------------------

@pytest.fixture
def https_server(tls):  # noqa: F811
    server = StreamServer(tls=tls[0]).start()
    server.routes["/api/v1/accounts/1"] = lambda c: c.respond(200, ACCOUNT)
    yield server
    server.stop()


@pytest.fixture
def tunnel():
    proxy = ConnectProxy().start()
    yield proxy
    proxy.stop()


def test_an_https_proxy_and_a_ca_bundle_from_the_environment(https_server, tunnel, tls,  # noqa: F811
                                                             monkeypatch):
    trusted, stranger = tls[1], tls[2]
    monkeypatch.setenv("HTTPS_PROXY", tunnel.url)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", trusted)
    session = requests.Session()
    api = client(https_server.url, session)
    assert api.account(1).acct == "alice"
    assert [target for target, _ in tunnel.connects] == [f"127.0.0.1:{https_server.port}"]
    assert https_server.requests[0].headers["authorization"] == f"Bearer {TOKEN}"
    # The session's own verify wins over the environment's bundle, at once.
    session.verify = stranger
    with pytest.raises(MastodonNetworkError, match="CERTIFICATE_VERIFY_FAILED"):
        api.account(1)
    session.verify = True
    assert api.account(1).acct == "alice"
    # The environment's bundle, read again after clear_caches().
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", stranger)
    api.clear_caches()
    session.close()  # a pooled connection would not show the new bundle's verdict
    with pytest.raises(MastodonNetworkError, match="CERTIFICATE_VERIFY_FAILED"):
        api.account(1)


# --- hooks, cookies, adapters, patched send ---------------------------------------------

def test_session_hooks_see_every_answer(target):
    seen = []

    def hook(response, **kwargs):
        seen.append((response.status_code, response.url, kwargs["stream"], kwargs["timeout"]))
        response.headers["X-Seen-By-Hook"] = "yes"  # a hook may change the answer

    session = requests.Session()
    session.hooks["response"].append(hook)
    api = client(target.url, session, request_timeout=12)
    response = api._api_request("GET", "/api/v1/accounts/1", parse=False)
    assert response.headers["X-Seen-By-Hook"] == "yes"
    assert seen == [(200, target.url + "/api/v1/accounts/1", True, 12)]


def test_session_cookies_are_sent_and_kept(target):
    target.routes[("GET", "/api/v1/accounts/1")] = Reply(
        200, ACCOUNT, {"Set-Cookie": "served=from-server; Path=/"})
    session = requests.Session()
    session.cookies.set("mine", "set-by-user")
    api = client(target.url, session)
    api.account(1)
    assert target.last.headers["Cookie"] == "mine=set-by-user"
    assert session.cookies.get("served") == "from-server"
    api.account(2)
    assert sorted(target.last.headers["Cookie"].split("; ")) == ["mine=set-by-user",
                                                                 "served=from-server"]


class RecordingAdapter(requests.adapters.HTTPAdapter):
    """A user's adapter: sends as requests does, and remembers what it was given."""

    def __init__(self):
        super().__init__()
        self.sent = []

    def send(self, request, **kwargs):
        self.sent.append((request, kwargs))
        return super().send(request, **kwargs)


def test_a_mounted_adapter_gets_every_request_with_its_settings(target, proxy, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    adapter = RecordingAdapter()
    session = requests.Session()
    session.mount(target.url, adapter)
    api = client(target.url, session, request_timeout=7)
    api.account(1)
    api.status_post("hello")
    assert [(r.method, r.path_url) for r, _ in adapter.sent] == [
        ("GET", "/api/v1/accounts/1"), ("POST", "/api/v1/statuses")]
    request, settings = adapter.sent[0]
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert settings["proxies"]["http"] == proxy.url
    assert settings["timeout"] == 7 and settings["stream"] is True
    assert proxy.last.form == {"status": ["hello"]}


def test_what_requests_mock_and_responses_patch_is_used(target, monkeypatch):
    """requests_mock replaces ``Session.send``, responses ``HTTPAdapter.send``: the client
    goes through both."""
    calls = []
    real_send = requests.Session.send
    real_adapter_send = requests.adapters.HTTPAdapter.send

    def session_send(session, request, **kwargs):
        calls.append(("Session.send", request.url))
        return real_send(session, request, **kwargs)

    def adapter_send(adapter, request, **kwargs):
        calls.append(("HTTPAdapter.send", request.url))
        return real_adapter_send(adapter, request, **kwargs)

    monkeypatch.setattr(requests.Session, "send", session_send)
    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", adapter_send)
    client(target.url).account(1)
    url = target.url + "/api/v1/accounts/1"
    assert calls == [("Session.send", url), ("HTTPAdapter.send", url)]


def test_a_session_whose_request_is_replaced_is_called_as_mastodon_py_calls_it(target):
    session = requests.Session()
    calls = []
    real_request = session.request

    def request(method, url, **kwargs):
        calls.append((method, url, kwargs["allow_redirects"]))
        return real_request(method, url, **kwargs)

    session.request = request
    assert client(target.url, session).account(1).acct == "alice"
    assert calls == [("GET", target.url + "/api/v1/accounts/1", False)]


def test_a_patched_session_request_is_called(target, monkeypatch):
    """What a test suite written for Mastodon.py may patch: ``requests.Session.request``."""
    calls = []
    real_request = requests.Session.request

    def request(session, method, url, **kwargs):
        calls.append((method, url))
        return real_request(session, method, url, **kwargs)

    monkeypatch.setattr(requests.Session, "request", request)
    client(target.url).status_post("hello")
    assert calls == [("POST", target.url + "/api/v1/statuses")]
    assert target.last.form == {"status": ["hello"]}


# --- the same request as session.request sends -----------------------------------------------

def configured_session(through_request):
    session = requests.Session()
    session.headers["X-Session-Header"] = "from the session"
    session.headers["Accept-Encoding"] = None  # a session header taken away
    session.cookies.set("jar", "cookie")
    if through_request:
        session.request = session.request  # in the instance: the client calls it
    return session


CALLS = {
    "GET with parameters": lambda api: api.account_statuses(
        1, only_media=True, max_id="5", limit=3, tagged="café & co"),
    "GET with a list": lambda api: api.account_relationships([1, 2, 3]),
    "POST form": lambda api: api.status_post("héllo wörld", visibility="unlisted",
                                             media_ids=["7", "8"], spoiler_text="a=b&c"),
    "POST without a body": lambda api: api.account_follow(4),
    "JSON body": lambda api: api._api_request("POST", "/api/v1/x", {"a": [1, True], "b": None},
                                              use_json=True),
    "PATCH": lambda api: api.account_update_credentials(note="new note", locked=False),
    "DELETE": lambda api: api.status_delete(9),
    "multipart": lambda api: api.media_post(io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"x" * 100),
                                            mime_type="image/png", description="a picture"),
}


@pytest.mark.parametrize("call", list(CALLS), ids=list(CALLS))
def test_the_request_sent_is_the_one_session_request_sends(target, call):
    target.routes[("POST", "/api/v2/media")] = Reply(200, {"id": "3", "type": "image"})
    target.routes[("GET", "/api/v1/accounts/1/statuses")] = Reply(200, [])
    target.routes[("GET", "/api/v1/accounts/relationships")] = Reply(200, [])
    received = []
    for through_request in (False, True):
        api = client(target.url, configured_session(through_request))
        CALLS[call](api)
        received.append(target.last)
    quick, reference = received

    def seen(recorded):
        boundary = re.search(r"boundary=(\w+)", recorded.headers.get("Content-Type", ""))
        body = recorded.body
        if boundary:
            body = body.replace(boundary.group(1).encode(), b"BOUNDARY")
        headers = [(k, "(a new one each time)" if k == "Idempotency-Key"
                    else re.sub(r"boundary=\w+", "boundary=BOUNDARY", v))
                   for k, v in recorded.headers.items()]
        return recorded.method, recorded.path, recorded.query, headers, body

    assert seen(quick) == seen(reference)
    assert quick.headers["X-Session-Header"] == "from the session"
    # Without the session's "gzip, deflate", http.client says what it accepts.
    assert quick.headers["Accept-Encoding"] == "identity"
    assert quick.headers["Cookie"] == "jar=cookie"


def test_the_sessions_own_params_and_auth_apply_as_with_session_request(target):
    target.routes[("GET", "/api/v1/accounts/relationships")] = Reply(200, [])
    received = []
    for through_request in (False, True):
        session = configured_session(through_request)
        session.params = {"from_session": "1"}
        session.auth = ("user", "secret")  # requests' basic auth replaces the token header
        api = client(target.url, session)
        api.account(1)
        api.account_relationships(1)  # requests ignores session.params next to pairs
        received.append([(r.path, r.query, r.headers["Authorization"])
                         for r in target.requests[-2:]])
    assert received[0] == received[1]
    assert received[0] == [
        ("/api/v1/accounts/1", {"from_session": ["1"]}, "Basic dXNlcjpzZWNyZXQ="),
        ("/api/v1/accounts/relationships", {"id": ["1"]}, "Basic dXNlcjpzZWNyZXQ=")]


# --- reading the answer -------------------------------------------------------------------

def test_answers_are_read_whole_compressed_or_not_and_within_the_limit(target):
    statuses = [{"id": str(n), "content": "<p>" + "toot " * 400 + "</p>"} for n in range(200)]
    text = json.dumps(statuses).encode()
    assert len(text) > 256 * 1024  # more than one read of a body without a length
    packed = gzip.compress(text)
    target.routes[("GET", "/api/v1/timelines/home")] = Reply(200, text, {"Content-Type": "application/json"})
    target.routes[("GET", "/api/v1/timelines/public")] = Reply(
        200, packed, {"Content-Type": "application/json", "Content-Encoding": "gzip"})
    target.routes[("GET", "/api/v1/timelines/tag/x")] = Reply(
        200, text, {"Content-Type": "application/json"}, fault="chunked")
    api = client(target.url)
    for page in (api.timeline_home(), api.timeline_public(), api.timeline_hashtag("x")):
        assert [s.id for s in page] == [str(n) for n in range(200)]
        assert page[-1].content == statuses[-1]["content"]
    # The limit is on what the answer unpacks to, not on what crossed the network.
    small = client(target.url, max_response_size=len(packed) * 2)
    with pytest.raises(MastodonAPIError, match="over the limit"):
        small.timeline_public()
    with pytest.raises(MastodonAPIError, match="over the limit"):
        small.timeline_hashtag("x")
