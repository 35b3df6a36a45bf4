"""Search: results from the mock; the endpoint chosen by server version and the exact
parameters, against the scripted server."""

import pytest

from mastodon import (
    MastodonIllegalArgumentError,
    MastodonNotFoundError,
    MastodonVersionError,
)

from .servers import Reply

pytestmark = pytest.mark.both_clients

EMPTY = {"accounts": [], "statuses": [], "hashtags": []}


def post(api, text):
    return api._api_request("POST", "/api/v1/statuses", {"status": text})


# --- against the mock ----------------------------------------------------------------

def test_search_finds_statuses_hashtags_and_accounts(api, api_bob):
    found = post(api_bob, "I like #penguins a lot")
    post(api_bob, "nothing to see")

    result = api.search("penguins")
    assert [s.id for s in result.statuses] == [found.id]
    assert [h.name for h in result.hashtags] == ["penguins"]
    assert result.accounts == []

    people = api.search("bob", result_type="accounts")
    assert [a.acct for a in people.accounts] == ["bob"]
    assert people.statuses == [] and people.hashtags == []
    assert api.search_v2("penguins", result_type="hashtags").hashtags[0].name == "penguins"


def test_search_without_login(api_anonymous, api_bob):
    post(api_bob, "#penguins")
    assert [h.name for h in api_anonymous.search("penguins").hashtags] == ["penguins"]


def test_search_v1_on_an_old_server_gives_hashtags_as_strings(mock_url, api_bob, make_client):
    post(api_bob, "#penguins")
    old = make_client(mock_url, "alice_token", mastodon_version="2.3.0")
    assert old.search_v1("penguins").hashtags == ["penguins"]
    result = old.search("penguins")  # before 2.4.1, search() uses v1
    assert result.hashtags == ["penguins"] and len(result.statuses) == 1


# --- the exact requests --------------------------------------------------------------

def test_search_uses_v2_with_its_defaults(recording_api, server):
    server.default = Reply(200, EMPTY)
    recording_api.search("cats")
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v2/search", {"q": ["cats"], "resolve": ["1"],
                                  "exclude_unreviewed": ["1"]})
    recording_api.search_v2("cats", resolve=False, exclude_unreviewed=False)
    assert server.last.query == {"q": ["cats"]}  # as Mastodon.py, false flags are left out


def test_search_v2_sends_every_filter(recording_api, server):
    server.default = Reply(200, EMPTY)
    recording_api.search("cats", result_type="statuses", account_id={"id": "8"}, offset=20,
                         min_id="3", max_id={"id": "99"}, limit=5)
    assert server.last.path == "/api/v2/search"
    assert server.last.query == {
        "q": ["cats"], "resolve": ["1"], "type": ["statuses"], "account_id": ["8"],
        "offset": ["20"], "min_id": ["3"], "max_id": ["99"], "exclude_unreviewed": ["1"],
        "limit": ["5"]}


def test_exclude_unreviewed_only_goes_to_servers_that_know_it(server, make_client):
    server.default = Reply(200, EMPTY)
    make_client(server.url, "t", mastodon_version="2.9.2").search("cats", result_type="hashtags")
    assert server.last.query == {"q": ["cats"], "resolve": ["1"], "type": ["hashtags"]}


def test_search_falls_back_to_v1_before_2_4_1(server, make_client):
    server.default = Reply(200, {"accounts": [], "statuses": [], "hashtags": ["cats"]})
    old = make_client(server.url, "t", mastodon_version="2.4.0")
    assert old.search("cats").hashtags == ["cats"]
    assert (server.last.path, server.last.query) == (
        "/api/v1/search", {"q": ["cats"], "resolve": ["1"]})
    old.search("cats", resolve=False)
    assert server.last.query == {"q": ["cats"]}
    old.search_v1("cats")
    assert (server.last.path, server.last.query) == ("/api/v1/search", {"q": ["cats"]})
    old.search_v1("cats", resolve=True)
    assert server.last.query == {"q": ["cats"], "resolve": ["1"]}


def test_anonymous_search_leaves_resolve_out_unless_asked(server, client_class):
    server.default = Reply(200, EMPTY)
    anonymous = client_class(api_base_url=server.url, mastodon_version="4.5.0")
    anonymous.search("cats")
    assert server.last.query == {"q": ["cats"], "exclude_unreviewed": ["1"]}
    assert "Authorization" not in server.last.headers
    anonymous.search("cats", resolve=True)
    assert server.last.query["resolve"] == ["1"]


@pytest.mark.parametrize("call, message", [
    (lambda api: api.search("cats", result_type="people"), "result_type"),
    (lambda api: api.search_v2("cats", result_type="toots"), "result_type"),
    (lambda api: api.search(""), "query"),
    (lambda api: api.search_v2(None), "query"),
    (lambda api: api.search_v1("  "), "query"),
])
def test_invalid_arguments_send_nothing(recording_api, server, call, message):
    with pytest.raises(MastodonIllegalArgumentError, match=message):
        call(recording_api)
    assert server.requests == []


def test_version_checks(server, make_client):
    with pytest.raises(MastodonVersionError, match="removed in Mastodon 3.0.0"):
        make_client(server.url, "t", mastodon_version="3.0.0",
               version_check_mode="created").search_v1("cats")
    with pytest.raises(MastodonVersionError, match="2.8.0"):
        make_client(server.url, "t", mastodon_version="2.4.0",
               version_check_mode="created").search("cats", account_id="1")
    with pytest.raises(MastodonVersionError, match="2.8.0"):
        make_client(server.url, "t", mastodon_version="2.7.0",
               version_check_mode="created").search_v2("cats", offset=5)
    with pytest.raises(MastodonVersionError, match="2.4.1"):
        make_client(server.url, "t", mastodon_version="2.4.0",
               version_check_mode="created").search_v2("cats")
    with pytest.raises(MastodonVersionError, match="1.1.0"):
        make_client(server.url, "t", mastodon_version="1.0.0",
               version_check_mode="created").search("cats")
    assert server.requests == []
    # With checks off, search_v1 is sent even to a new server.
    server.default = Reply(404, {"error": "Not found"})
    unchecked = make_client(server.url, "t", mastodon_version="4.0.0", version_check_mode="none")
    with pytest.raises(MastodonNotFoundError, match="Not found"):
        unchecked.search_v1("cats")
    assert server.last.path == "/api/v1/search"
