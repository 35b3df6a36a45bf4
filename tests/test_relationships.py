"""Mutes, blocks, domain blocks, follow requests, endorsements and suggestions, against
the mock; the exact requests (and paging, which the mock does not do for these lists)
against the scripted server."""

import pytest

from mastodon import (
    MastodonIllegalArgumentError,
    MastodonNotFoundError,
    MastodonVersionError,
)

from .servers import Reply

pytestmark = pytest.mark.both_clients

ACCOUNT = {"id": "7", "username": "dave", "acct": "dave@remote.example"}


@pytest.fixture
def bob(api):
    return api.account_search("bob")[0]


@pytest.fixture
def carol(api):
    return api.account_search("carol")[0]


@pytest.fixture
def dave(api):
    return api.account_search("dave")[0]


def usernames(accounts):
    return [account.username for account in accounts]


# --- against the mock ----------------------------------------------------------------

def test_mutes_lists_muted_accounts(api, api_bob, bob, carol):
    assert api.mutes() == []
    api.account_mute(bob)
    api.account_mute(carol, notifications=False)
    assert sorted(usernames(api.mutes())) == ["bob", "carol"]
    assert api_bob.mutes() == []  # per user
    api.account_unmute(bob)
    assert usernames(api.mutes()) == ["carol"]


def test_blocks_lists_blocked_accounts(api, bob):
    assert api.blocks() == []
    api.account_block(bob)
    blocked = api.blocks()
    assert usernames(blocked) == ["bob"] and blocked[0].id == bob.id
    api.account_unblock(bob)
    assert api.blocks() == []


def test_domain_block_and_unblock(api, dave):
    assert api.domain_blocks() == []
    assert api.domain_block("remote.example") is None  # as in Mastodon.py
    assert api.domain_blocks() == ["remote.example"]
    assert api.account_relationships(dave)[0].domain_blocking is True
    api.domain_block("remote.example")  # blocking twice is fine
    assert api.domain_blocks() == ["remote.example"]
    assert api.domain_unblock("remote.example") is None  # as in Mastodon.py
    assert api.domain_blocks() == []
    assert api.account_relationships(dave)[0].domain_blocking is False


def test_follow_request_authorize(api, api_carol, carol):
    api.account_follow(carol)
    requests = api_carol.follow_requests()
    assert usernames(requests) == ["alice"]
    relationship = api_carol.follow_request_authorize(requests[0])
    assert relationship.followed_by is True and relationship.requested_by is False
    assert api_carol.follow_requests() == []
    mine = api.account_relationships(carol)[0]
    assert mine.following is True and mine.requested is False


def test_follow_request_reject(api, api_bob, api_carol, carol):
    api.account_follow(carol)
    api_bob.account_follow(carol)
    assert sorted(usernames(api_carol.follow_requests())) == ["alice", "bob"]
    bob_id = api_bob.account_verify_credentials().id
    relationship = api_carol.follow_request_reject(bob_id)
    assert relationship.followed_by is False
    assert usernames(api_carol.follow_requests()) == ["alice"]
    mine = api_bob.account_relationships(carol)[0]
    assert mine.following is False and mine.requested is False


def test_follow_request_from_nobody_is_not_found(api_carol, bob):
    with pytest.raises(MastodonNotFoundError):
        api_carol.follow_request_authorize("999999")


def test_endorsements(api, bob):
    assert api.endorsements() == []
    api.account_pin(bob)
    assert usernames(api.endorsements()) == ["bob"]
    api.account_unpin(bob)
    assert api.endorsements() == []


def test_suggestions_and_suggestion_delete(api, carol):
    suggested = usernames(api.suggestions())
    assert "carol" in suggested
    assert "bob" not in suggested and "alice" not in suggested  # followed, and self
    assert api.suggestion_delete(carol) is None  # as in Mastodon.py
    assert "carol" not in usernames(api.suggestions())


# --- exact requests, against the scripted server ----------------------------------------

@pytest.mark.parametrize("name, path", [("mutes", "/api/v1/mutes"),
                                        ("blocks", "/api/v1/blocks"),
                                        ("domain_blocks", "/api/v1/domain_blocks"),
                                        ("follow_requests", "/api/v1/follow_requests")])
def test_list_requests_and_paging(server, recording_api, name, path):
    next_url = f"{server.url}{path}?limit=2&max_id=441449"
    server.routes[("GET", path)] = [
        Reply(200, [ACCOUNT, dict(ACCOUNT, id="8")], {"Link": f'<{next_url}>; rel="next"'}),
        Reply(200, [dict(ACCOUNT, id="9")]),
    ]
    first = getattr(recording_api, name)()
    assert (server.last.method, server.last.path, server.last.query) == ("GET", path, {})
    second = recording_api.fetch_next(first)
    assert server.last.query == {"limit": ["2"], "max_id": ["441449"]}
    assert [a.id for a in second] == ["9"]

    getattr(recording_api, name)(max_id={"id": "50"}, min_id="10", since_id="5", limit=2)
    assert server.last.query == {"max_id": ["50"], "min_id": ["10"], "since_id": ["5"],
                                 "limit": ["2"]}


def test_domain_block_requests(server, recording_api):
    recording_api.domain_block("spam.example")
    assert (server.last.method, server.last.path) == ("POST", "/api/v1/domain_blocks")
    assert server.last.form == {"domain": ["spam.example"]}
    recording_api.domain_unblock(domain="spam.example")
    assert (server.last.method, server.last.path) == ("DELETE", "/api/v1/domain_blocks")
    assert server.last.form == {"domain": ["spam.example"]}
    assert server.last.query == {}


def test_follow_request_and_suggestion_requests(server, recording_api, client_class):
    recording_api.follow_request_authorize({"id": "7"})
    assert (server.last.method, server.last.path) == ("POST", "/api/v1/follow_requests/7/authorize")
    assert server.last.body == b""
    recording_api.follow_request_reject("7")
    assert (server.last.method, server.last.path) == ("POST", "/api/v1/follow_requests/7/reject")
    recording_api.suggestion_delete(ACCOUNT)
    assert (server.last.method, server.last.path) == ("DELETE", "/api/v1/suggestions/7")
    server.default = Reply(200, [ACCOUNT])
    classic_server = client_class(access_token="t", api_base_url=server.url, mastodon_version="3.3.0")
    assert classic_server.suggestions()[0].acct == "dave@remote.example"
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v1/suggestions", {})
    server.default = Reply(200, [{"source": "staff", "account": ACCOUNT}])
    assert recording_api.suggestions()[0].acct == "dave@remote.example"
    assert (server.last.method, server.last.path) == ("GET", "/api/v2/suggestions")
    recording_api.endorsements()
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v1/endorsements", {})


# --- argument checks: nothing is sent ------------------------------------------------

@pytest.mark.parametrize("call", [
    lambda api: api.domain_block(),
    lambda api: api.domain_block("  "),
    lambda api: api.domain_unblock(None),
    lambda api: api.follow_request_authorize(None),
    lambda api: api.follow_request_reject({"acct": "no id"}),
    lambda api: api.suggestion_delete(""),
], ids=["block-no-domain", "block-blank-domain", "unblock-no-domain", "authorize-no-id",
        "reject-dict-without-id", "suggestion-empty-id"])
def test_invalid_arguments_send_nothing(server, recording_api, call):
    with pytest.raises(MastodonIllegalArgumentError):
        call(recording_api)
    assert server.requests == []


def test_version_check(server, client_class):

    old = client_class(access_token="t", api_base_url=server.url, mastodon_version="2.4.0",
                   version_check_mode="created")
    with pytest.raises(MastodonVersionError, match="endorsements"):
        old.endorsements()
    with pytest.raises(MastodonVersionError, match="domain_blocks"):
        client_class(access_token="t", api_base_url=server.url, mastodon_version="1.3.0",
                 version_check_mode="created").domain_blocks()
    assert server.requests == []
