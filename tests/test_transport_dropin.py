"""The transport as Mastodon.py users' own test suites meet it: replaced sessions and
adapters (whatever they raise or return), answers with nothing in them, clients that
are pickled or copied, and the constructor's refusals."""

import copy
import pickle
import threading

import pytest
import requests
import requests.adapters

from mastodon import (
    Mastodon,
    MastodonIllegalArgumentError,
    MastodonNetworkError,
    MastodonServerError,
)
from mastodon import return_types as rt

from .servers import Reply


class RaisingAdapter(requests.adapters.BaseAdapter):
    """What a user's adapter, or a library like ``responses``, does: raise from send."""

    def __init__(self, exc):
        super().__init__()
        self.exc = exc
        self.calls = 0

    def send(self, request, **kwargs):
        self.calls += 1
        raise self.exc

    def close(self):
        pass


def client_with_adapter(server, adapter, **kwargs):
    session = requests.Session()
    session.mount(server.url, adapter)
    return Mastodon(access_token="t", api_base_url=server.url, session=session,
                    retry_backoff=0.001, **kwargs)


@pytest.mark.parametrize("exc", [
    Exception("adapter broke"),
    RuntimeError(),
    KeyError("no such interaction"),
], ids=["Exception", "bare RuntimeError", "KeyError"])
def test_anything_a_replaced_transport_raises_is_a_network_error(server, exc):
    adapter = RaisingAdapter(exc)
    api = client_with_adapter(server, adapter)
    with pytest.raises(MastodonNetworkError) as info:
        api.account_verify_credentials()
    assert info.value.__cause__ is exc
    assert type(exc).__name__ in str(info.value)
    assert "GET " + server.url + "/api/v1/accounts/verify_credentials" in str(info.value)
    assert adapter.calls == 1  # not the network: not tried again
    assert server.requests == []


def test_a_connection_error_from_a_fake_is_a_network_error_and_retried_when_safe(server):
    exc = requests.exceptions.ConnectionError("Connection refused by Responses")
    adapter = RaisingAdapter(exc)
    api = client_with_adapter(server, adapter, max_retries=2)
    with pytest.raises(MastodonNetworkError) as info:
        api.account_verify_credentials()
    assert info.value.__cause__ is exc
    assert "Connection refused by Responses" in str(info.value)
    assert adapter.calls == 3  # a GET: retried as a network failure is
    # A post is not repeated once it may have been sent.
    adapter.calls = 0
    with pytest.raises(MastodonNetworkError):
        api._api_request("POST", "/api/v1/reports", {"account_id": "1"})
    assert adapter.calls == 1


def test_the_rate_limiter_gives_the_slot_back_after_such_a_failure(server):
    api = client_with_adapter(server, RaisingAdapter(ValueError("boom")))
    with pytest.raises(MastodonNetworkError):
        api.account_verify_credentials()
    assert api._ratelimiter.in_flight == 0


class ThinResponse:
    """A response as some wrappers and test doubles give it: a status and ``json()``,
    no ``requests.Response``."""

    def __init__(self, real):
        self.status_code = real.status_code
        self.headers = dict(real.headers)
        self._body = real.json()

    def json(self):
        return self._body


class ThinSession(requests.Session):
    """A session of the user's that hands back thin responses."""

    def request(self, method, url, **kwargs):
        return ThinResponse(super().request(method, url, **kwargs))


def test_a_response_that_only_has_json_is_read(server):
    server.routes[("GET", "/api/v1/accounts/verify_credentials")] = Reply(
        200, {"id": "7", "acct": "me", "created_at": "2024-01-02T03:04:05.000Z"},
        {"X-RateLimit-Remaining": "41"})
    api = Mastodon(access_token="t", api_base_url=server.url, session=ThinSession())
    me = api.account_verify_credentials()
    assert type(me) is rt.CredentialAccount and me.acct == "me" and me.created_at.year == 2024
    assert api.ratelimit_remaining == 41  # its headers count, too
    assert server.last.headers["Authorization"] == "Bearer t"


def test_an_error_status_from_a_thin_response_is_an_api_error(server):
    server.routes[("GET", "/api/v2/instance")] = Reply(501, {"error": "not implemented here"})
    api = Mastodon(api_base_url=server.url, session=ThinSession(), mastodon_version="4.5.0")
    with pytest.raises(MastodonServerError, match="not implemented here") as info:
        api.instance()
    assert info.value.status_code == 501


# --- answers with nothing in them -----------------------------------------------------

@pytest.mark.parametrize("call, method, path", [
    (lambda api: api.list_delete("5"), "DELETE", "/api/v1/lists/5"),
    (lambda api: api.list_accounts_add("5", ["1"]), "POST", "/api/v1/lists/5/accounts"),
    (lambda api: api.notifications_clear(), "POST", "/api/v1/notifications/clear"),
    (lambda api: api.notifications_dismiss("9"), "POST", "/api/v1/notifications/9/dismiss"),
    (lambda api: api.domain_block("x.example"), "POST", "/api/v1/domain_blocks"),
    (lambda api: api.scheduled_status_delete("3"), "DELETE", "/api/v1/scheduled_statuses/3"),
    (lambda api: api.push_subscription_delete(), "DELETE", "/api/v1/push/subscription"),
    (lambda api: api.admin_delete_domain_block("4"), "DELETE", "/api/v1/admin/domain_blocks/4"),
    (lambda api: api.admin_account_moderate("8", "silence"), "POST",
     "/api/v1/admin/accounts/8/action"),
])
def test_an_empty_answer_is_none_as_in_mastodon_py(recording_api, server, call, method, path):
    server.default = Reply(200, {})
    assert call(recording_api) is None
    assert (server.last.method, server.last.path) == (method, path)


def test_an_answer_with_something_in_it_is_kept(recording_api, server):
    server.routes[("DELETE", "/api/v1/lists/5")] = Reply(200, {"id": "5", "title": "gone"})
    assert recording_api.list_delete("5") == {"id": "5", "title": "gone"}
    # Where Mastodon.py keeps the empty object (as an entity), so does this library.
    server.routes[("DELETE", "/api/v1/collections/6")] = Reply(200, {})
    assert recording_api._api_request("DELETE", "/api/v1/collections/6") == {}
    # And an endpoint that answers objects keeps an empty one.
    server.routes[("GET", "/api/v1/preferences")] = Reply(200, {})
    assert recording_api.preferences() == {}


def test_a_trailing_slash_finds_the_same_endpoint_facts(recording_api, server):
    server.routes[("GET", "/api/v1/instance")] = Reply(200, {"uri": "x", "version": "4.5.0"})
    assert type(recording_api.instance_v1()) is rt.Instance
    assert server.last.path == "/api/v1/instance/"
    server.routes[("GET", "/api/v1/instance")] = Reply(200, ["not", "an", "object"])
    with pytest.raises(Exception, match="list where a dict belongs"):
        recording_api.instance_v1()


# --- copies ---------------------------------------------------------------------------

def _used_client(server):
    server.routes[("GET", "/api/v1/instance")] = Reply(200, {"uri": "x", "version": "4.1.0"})
    server.routes[("GET", "/api/v1/accounts/verify_credentials")] = Reply(
        200, {"id": "1", "acct": "me"}, {"X-RateLimit-Remaining": "123"})
    session = requests.Session()
    session.headers["X-Client"] = "mine"
    api = Mastodon(client_id="cid", client_secret="csecret", access_token="tok",
                   api_base_url=server.url, session=session, lang="de", ratelimit_method="pace")
    api.retrieve_mastodon_version()
    api.account_verify_credentials()
    return api


@pytest.mark.parametrize("make_copy", [
    lambda api: pickle.loads(pickle.dumps(api)),
    copy.deepcopy,
], ids=["pickle", "deepcopy"])
def test_a_client_can_be_pickled_and_deep_copied(server, make_copy):
    api = _used_client(server)
    sent = len(server.requests)
    twin = make_copy(api)
    # What matters survives: credentials, settings, the server's version, the caches and
    # the rate-limit budget.
    assert (twin.client_id, twin.client_secret, twin.access_token, twin.api_base_url) == (
        "cid", "csecret", "tok", server.url)
    assert (twin.lang, twin.ratelimit_method) == ("de", "pace")
    assert (twin.mastodon_major, twin.mastodon_minor) == (4, 1)
    assert twin.ratelimit_remaining == 123  # as the server last said
    assert twin.retrieve_mastodon_version() == "4.1.0"  # from the copied cache
    assert len(server.requests) == sent
    # Locks and the session are the copy's own; the session keeps the user's settings.
    assert twin._version_lock is not api._version_lock
    assert twin._ratelimiter.lock is not api._ratelimiter.lock
    assert twin.session is not api.session and isinstance(twin.session, requests.Session)
    assert twin._version_lock.acquire(blocking=False)
    twin._version_lock.release()
    # And the copy works: same token, same headers.
    assert twin.account_verify_credentials().acct == "me"
    last = server.last
    assert last.headers["Authorization"] == "Bearer tok"
    assert last.headers["X-Client"] == "mine" and last.headers["Accept-Language"] == "de"
    # The original is untouched and keeps working, in another thread too.
    results = []
    worker = threading.Thread(target=lambda: results.append(api.account_verify_credentials().acct))
    worker.start()
    worker.join(10)
    assert results == ["me"]


# --- the constructor ------------------------------------------------------------------

def test_a_client_id_without_its_secret_is_refused(server, tmp_path):
    with pytest.raises(MastodonIllegalArgumentError, match="client secret"):
        Mastodon("foo")
    with pytest.raises(MastodonIllegalArgumentError, match="client secret"):
        Mastodon(client_id="foo", access_token="tok", api_base_url=server.url)
    # With the secret, or as the file create_app wrote, it is fine.
    assert Mastodon("foo", client_secret="bar", api_base_url=server.url).client_secret == "bar"
    app_file = tmp_path / "app.secret"
    app_file.write_text(f"foo\nbar\n{server.url}\nmy app\n")
    api = Mastodon(str(app_file))
    assert (api.client_id, api.client_secret, api.api_base_url) == ("foo", "bar", server.url)
    assert server.requests == []


def test_credentials_still_need_a_named_server():
    # The connection policy: a token or secret never goes to a server nobody named.
    with pytest.raises(MastodonIllegalArgumentError, match="api_base_url"):
        Mastodon(access_token="baz")
    with pytest.raises(MastodonIllegalArgumentError, match="api_base_url"):
        Mastodon("foo", client_secret="bar")


def test_version_check_mode_defaults_to_none_as_in_mastodon_py():
    assert Mastodon().version_check_mode == "none"


def test_a_token_with_a_line_break_is_refused_before_sending(server, tmp_path):
    # What a script written for Mastodon.py 1.x does with the file log_in(to_file=) wrote:
    # read all of it into the token.
    api = Mastodon(access_token="tok", api_base_url=server.url)
    api.access_token = f"tok\n{server.url}\ncid\ncsecret\n".rstrip()
    with pytest.raises(MastodonIllegalArgumentError, match="line break.*secrets file"):
        api.account_verify_credentials()
    assert server.requests == []
    # The text itself is what the constructor reads.
    again = Mastodon(access_token=api.access_token + "\n")
    assert (again.access_token, again.client_id, again.api_base_url) == ("tok", "cid", server.url)
