"""Lists: making, reading, changing and deleting them and their members, against the
mock; the exact requests against the scripted server."""

from datetime import date

import pytest

from mastodon import MastodonIllegalArgumentError, MastodonNotFoundError, MastodonVersionError

from .servers import Reply

pytestmark = pytest.mark.both_clients


def me(api):
    return api._api_request("GET", "/api/v1/accounts/verify_credentials")


# --- against the mock ----------------------------------------------------------------

def test_create_read_update_delete(api):
    assert api.lists() == []
    created = api.list_create("Friends")
    assert created.title == "Friends"

    assert [(lst.id, lst.title) for lst in api.lists()] == [(created.id, "Friends")]
    assert api.list(created).title == "Friends"
    assert api.list(created.id).id == created.id

    updated = api.list_update(created, "Pals")
    assert updated.title == "Pals"
    assert api.list(created.id).title == "Pals"

    api.list_delete(created)
    assert api.lists() == []
    with pytest.raises(MastodonNotFoundError):
        api.list(created.id)


def test_lists_are_private_to_their_owner(api, api_bob):
    mine = api.list_create("mine")
    assert api_bob.lists() == []
    with pytest.raises(MastodonNotFoundError):
        api_bob.list(mine)
    with pytest.raises(MastodonNotFoundError):
        api_bob.list_delete(mine)
    assert [lst.id for lst in api.lists()] == [mine.id]


def test_update_sets_both_settings_as_mastodon_py_does(api):
    created = api.list_create("quiet", replies_policy="none", exclusive=True)
    assert (created.replies_policy, created.exclusive) == ("none", True)
    assert api.list_create("plain").replies_policy == "list"

    # Passing the settings keeps them...
    api.list_update(created, "still quiet", replies_policy="none", exclusive=True)
    kept = api.list(created)
    assert (kept.title, kept.replies_policy, kept.exclusive) == ("still quiet", "none", True)
    # ...leaving them out sets the defaults, as Mastodon.py's update does.
    api.list_update(created, "loud")
    changed = api.list(created)
    assert (changed.title, changed.replies_policy, changed.exclusive) == ("loud", "list", False)
    api.list_update(created, "loud", replies_policy="followed")
    assert api.list(created).replies_policy == "followed"


def test_members_are_added_and_removed(api, api_bob, api_carol):
    bob, carol = me(api_bob), me(api_carol)
    friends = api.list_create("friends")
    assert api.list_accounts(friends) == []

    api.list_accounts_add(friends, bob)  # one account, as a dict
    assert [a.acct for a in api.list_accounts(friends)] == ["bob"]
    api.list_accounts_add(friends.id, [carol.id])  # a list of IDs
    assert sorted(a.acct for a in api.list_accounts(friends)) == ["bob", "carol"]

    api.list_accounts_delete(friends, [bob, carol.id])
    assert api.list_accounts(friends) == []


# --- the exact requests --------------------------------------------------------------

def test_reading_requests(recording_api, server):
    server.default = Reply(200, [])
    recording_api.lists()
    assert (server.last.method, server.last.path, server.last.query) == ("GET", "/api/v1/lists", {})
    server.default = Reply(200, {"id": "4", "title": "x"})
    assert recording_api.list({"id": "4"}).title == "x"
    assert (server.last.method, server.last.path) == ("GET", "/api/v1/lists/4")
    server.default = Reply(200, [])
    recording_api.list_accounts(4)
    assert (server.last.path, server.last.query) == ("/api/v1/lists/4/accounts", {})
    recording_api.list_accounts(4, max_id={"id": "9"}, min_id="2", since_id=1, limit=0)
    assert server.last.query == {"max_id": ["9"], "min_id": ["2"], "since_id": ["1"],
                                 "limit": ["0"]}


def test_writing_requests_carry_both_settings(recording_api, server):
    recording_api.list_create("Friends")
    assert (server.last.method, server.last.path, server.last.form) == (
        "POST", "/api/v1/lists", {"title": ["Friends"], "replies_policy": ["list"],
                                  "exclusive": ["0"]})
    recording_api.list_create("Friends", replies_policy="followed", exclusive=True)
    assert server.last.form == {"title": ["Friends"], "replies_policy": ["followed"],
                                "exclusive": ["1"]}

    recording_api.list_update({"id": "4"}, "Pals")
    assert (server.last.method, server.last.path, server.last.form) == (
        "PUT", "/api/v1/lists/4", {"title": ["Pals"], "replies_policy": ["list"],
                                   "exclusive": ["0"]})
    recording_api.list_update(4, "Pals", replies_policy="none", exclusive=True)
    assert server.last.form == {"title": ["Pals"], "replies_policy": ["none"],
                                "exclusive": ["1"]}

    recording_api.list_delete(4)
    assert (server.last.method, server.last.path, server.last.body) == (
        "DELETE", "/api/v1/lists/4", b"")


def test_member_requests_send_account_ids_as_an_array(recording_api, server):
    recording_api.list_accounts_add(4, "11")
    assert (server.last.method, server.last.path, server.last.form) == (
        "POST", "/api/v1/lists/4/accounts", {"account_ids[]": ["11"]})
    recording_api.list_accounts_add(4, {"id": "11", "acct": "x"})
    assert server.last.form == {"account_ids[]": ["11"]}
    recording_api.list_accounts_delete({"id": "4"}, ["11", {"id": "12"}, 13])
    assert (server.last.method, server.last.path, server.last.form) == (
        "DELETE", "/api/v1/lists/4/accounts", {"account_ids[]": ["11", "12", "13"]})


@pytest.mark.parametrize("call, message", [
    (lambda api: api.list_create(""), "title"),
    (lambda api: api.list_create(None), "title"),
    (lambda api: api.list_create("x", replies_policy="everyone"), "replies_policy"),
    (lambda api: api.list_update(4, "x", replies_policy="all"), "replies_policy"),
    (lambda api: api.list_update(4, " "), "title"),
    (lambda api: api.list_update(None, "x"), "list ID"),
    (lambda api: api.list(None), "list ID"),
    (lambda api: api.list_delete({"title": "no id"}), "list ID"),
    (lambda api: api.list_accounts_add(4, []), "account_ids"),
    (lambda api: api.list_accounts_add(4, None), "account_ids"),
    (lambda api: api.list_accounts_delete(4, [{"acct": "no id"}]), "account_ids"),
    (lambda api: api.list_accounts(4, max_id=date(2024, 1, 1)), "date"),
])
def test_invalid_arguments_send_nothing(recording_api, server, call, message):
    with pytest.raises(MastodonIllegalArgumentError, match=message):
        call(recording_api)
    assert server.requests == []


def test_version_checks(server, make_client):
    with pytest.raises(MastodonVersionError, match="2.1.0"):
        make_client(server.url, "t", mastodon_version="2.0.0", version_check_mode="created").lists()
    old = make_client(server.url, "t", mastodon_version="4.1.0", version_check_mode="created")
    with pytest.raises(MastodonVersionError, match="4.2.0"):
        old.list_create("x", exclusive=True)
    with pytest.raises(MastodonVersionError, match="3.3.0"):
        make_client(server.url, "t", mastodon_version="3.2.0",
               version_check_mode="created").list_update(1, "x", replies_policy="none")
    assert server.requests == []
    # Settings left at their defaults are not sent to a server known to be too old
    # for them (and need nothing newer).
    old.list_create("x")
    assert server.last.form == {"title": ["x"], "replies_policy": ["list"]}
    make_client(server.url, "t", mastodon_version="2.9.2").list_update(1, "y")
    assert server.last.form == {"title": ["y"]}
