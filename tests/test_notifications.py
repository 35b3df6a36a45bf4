"""Notifications: reading, filtering, dismissing and clearing, against the mock; the exact
requests (version-dependent ones included) against the scripted server."""

from datetime import UTC, datetime

import pytest

from mastodon import MastodonIllegalArgumentError, MastodonNotFoundError, MastodonVersionError

from .servers import Reply

pytestmark = pytest.mark.both_clients


def post(api, text, **params):
    return api._api_request("POST", "/api/v1/statuses", {"status": text, **params})


def favourite(api, status):
    return api._api_request("POST", f"/api/v1/statuses/{status['id']}/favourite")


def me(api):
    return api._api_request("GET", "/api/v1/accounts/verify_credentials")


@pytest.fixture
def activity(api, api_bob, api_carol):
    """Bob mentions Alice and favourites her post; Carol mentions her too. Returns the
    statuses, oldest first."""
    mine = post(api, "a post of alice's")
    bob_mention = post(api_bob, "hello @alice")
    favourite(api_bob, mine)
    carol_mention = post(api_carol, "hi @alice")
    return {"mine": mine, "bob_mention": bob_mention, "carol_mention": carol_mention}


# --- against the mock ----------------------------------------------------------------

def test_notifications_list_what_happened(api, activity):
    notifications = api.notifications()
    assert [(n.type, n.account.acct) for n in notifications] == [
        ("mention", "carol"), ("favourite", "bob"), ("mention", "bob")]
    assert notifications[0].status.id == activity["carol_mention"].id
    assert notifications[1].status.id == activity["mine"].id
    assert isinstance(notifications[0].created_at, datetime)


def test_filters_by_type_and_account(api, api_bob, activity):
    assert [n.type for n in api.notifications(types=["mention"])] == ["mention", "mention"]
    assert [n.type for n in api.notifications(types="favourite")] == ["favourite"]
    assert [n.type for n in api.notifications(exclude_types=["mention"])] == ["favourite"]
    assert [n.type for n in api.notifications(mentions_only=True)] == ["mention", "mention"]

    from_bob = api.notifications(account_id=me(api_bob))
    assert {n.account.acct for n in from_bob} == {"bob"} and len(from_bob) == 2
    assert len(api.notifications(account_id=me(api_bob).id, types=["mention"])) == 1


def test_limit_and_cursors(api, activity):
    newest, middle, oldest = api.notifications()
    assert api.notifications(limit=1) == [newest]
    assert [n.id for n in api.notifications(max_id=newest)] == [middle.id, oldest.id]
    assert [n.id for n in api.notifications(since_id=oldest.id)] == [newest.id, middle.id]
    assert [n.id for n in api.notifications(min_id=oldest, limit=1)] == [middle.id]
    page = api.notifications(limit=2)
    assert [n.id for n in api.fetch_next(page)] == [oldest.id]


def test_one_notification_by_id(api, activity):
    newest = api.notifications()[0]
    single = api.notifications(id=newest)
    assert single == newest
    assert api.notifications(id=newest.id).type == "mention"


def test_dismiss_removes_one_notification(api, activity):
    newest, middle, oldest = api.notifications()
    api.notifications_dismiss(middle)
    assert [n.id for n in api.notifications()] == [newest.id, oldest.id]
    with pytest.raises(MastodonNotFoundError):
        api.notifications(id=middle.id)
    api.notifications_dismiss(oldest.id)
    assert [n.id for n in api.notifications()] == [newest.id]


def test_clear_removes_all_notifications(api, api_bob, activity):
    assert len(api.notifications()) == 3
    api.notifications_clear()
    assert api.notifications() == []
    post(api_bob, "@alice are you there?")
    assert [n.type for n in api.notifications()] == ["mention"]


def test_notifications_of_another_user_are_not_found(api, api_bob, activity):
    theirs = api.notifications()[0]
    with pytest.raises(MastodonNotFoundError):
        api_bob.notifications(id=theirs)
    with pytest.raises(MastodonNotFoundError):
        api_bob.notifications_dismiss(theirs)
    assert len(api.notifications()) == 3


# --- the exact requests --------------------------------------------------------------

def test_defaults_are_not_sent(recording_api, server):
    server.default = Reply(200, [])
    recording_api.notifications()
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v1/notifications", {})


def test_parameters_are_sent(recording_api, server):
    server.default = Reply(200, [])
    recording_api.notifications(account_id={"id": "5"}, max_id={"id": "90"}, min_id="10",
                                since_id=9, limit=15, exclude_types=["follow", "poll"],
                                types=["mention", "reblog"])
    assert server.last.query == {
        "account_id": ["5"], "max_id": ["90"], "min_id": ["10"], "since_id": ["9"],
        "limit": ["15"], "exclude_types[]": ["follow", "poll"], "types[]": ["mention", "reblog"]}


def test_single_notification_request(recording_api, server):
    server.routes[("GET", "/api/v1/notifications/77")] = Reply(200, {"id": "77", "type": "follow"})
    result = recording_api.notifications(id={"id": "77"})
    assert server.last.query == {}
    assert result.type == "follow" and result.id == 77


def test_mentions_only_by_server_version(server, make_client):
    server.default = Reply(200, [])
    make_client(server.url, "t", mastodon_version="4.0.0").notifications(mentions_only=True)
    assert server.last.query == {"types[]": ["mention"]}
    make_client(server.url, "t", mastodon_version="3.4.0").notifications(mentions_only=True)
    excluded = server.last.query["exclude_types[]"]
    assert "mention" not in excluded
    assert {"follow", "favourite", "reblog", "poll"} <= set(excluded)
    assert set(server.last.query) == {"exclude_types[]"}
    make_client(server.url, "t", mastodon_version="4.0.0").notifications(mentions_only=False)
    assert server.last.query == {}


def test_dismiss_uses_the_endpoint_the_server_has(server, make_client):
    make_client(server.url, "t", mastodon_version="3.0.0").notifications_dismiss({"id": "31"})
    assert (server.last.method, server.last.path, server.last.body) == (
        "POST", "/api/v1/notifications/31/dismiss", b"")
    make_client(server.url, "t").notifications_dismiss(31)  # an unknown version counts as current
    assert (server.last.method, server.last.path, server.last.body) == (
        "POST", "/api/v1/notifications/31/dismiss", b"")
    # Before 3.0 (which removed it), the older form, as Mastodon.py 1.x sent it.
    make_client(server.url, "t", mastodon_version="2.9.2").notifications_dismiss(31)
    assert (server.last.method, server.last.path, server.last.form) == (
        "POST", "/api/v1/notifications/dismiss", {"id": ["31"]})
    assert len(server.requests) == 3  # no version request


def test_clear_request(recording_api, server):
    recording_api.notifications_clear()
    assert (server.last.method, server.last.path, server.last.body) == (
        "POST", "/api/v1/notifications/clear", b"")


@pytest.mark.parametrize("kwargs, message", [
    ({"id": "1", "limit": 5}, "takes no limit"),
    ({"id": "1", "types": ["mention"], "account_id": "2"}, "account_id, types"),
    ({"mentions_only": True, "types": ["mention"]}, "mentions_only"),
    ({"mentions_only": True, "exclude_types": ["follow"]}, "mentions_only"),
    ({"max_id": datetime(2024, 1, 1, tzinfo=UTC)}, "not a date"),
    ({"types": [""]}, "type names"),
    ({"id": {"no": "id"}}, "id"),
])
def test_invalid_arguments_send_nothing(recording_api, server, kwargs, message):
    with pytest.raises(MastodonIllegalArgumentError, match=message):
        recording_api.notifications(**kwargs)
    assert server.requests == []


def test_dismiss_needs_an_id(recording_api, server):
    with pytest.raises(MastodonIllegalArgumentError):
        recording_api.notifications_dismiss(None)
    assert server.requests == []


def test_filters_newer_than_the_server_are_refused(server, make_client):
    old = make_client(server.url, "t", mastodon_version="3.4.0", version_check_mode="created")
    with pytest.raises(MastodonVersionError, match="3.5.0"):
        old.notifications(types=["mention"])
    older = make_client(server.url, "t", mastodon_version="2.8.0", version_check_mode="created")
    with pytest.raises(MastodonVersionError, match="2.9.0"):
        older.notifications(account_id="3")
    with pytest.raises(MastodonVersionError, match="1.3.0"):
        make_client(server.url, "t", mastodon_version="1.2.0",
               version_check_mode="created").notifications_dismiss(1)
    assert server.requests == []
    # With checks off the caller knows best: the parameter is sent.
    server.default = Reply(200, [])
    make_client(server.url, "t", mastodon_version="3.4.0", version_check_mode="none").notifications(
        types=["mention"])
    assert server.last.query == {"types[]": ["mention"]}
