"""Mastodon 4.3's notifications: grouped notifications (API v2), unread counts,
notification requests and the notification policy. Behaviour against the mock; the
exact requests, defaults and version checks against the scripted server."""

from datetime import datetime

import pytest

from mastodon import MastodonIllegalArgumentError, MastodonNotFoundError, MastodonVersionError

from .servers import Reply

pytestmark = pytest.mark.both_clients


@pytest.fixture
def activity(api, api_bob, api_carol):
    """Bob mentions Alice; then Bob and Carol favourite her post (newest last)."""
    mine = api.status_post("a post of alice's")
    mention = api_bob.status_post("hello @alice")
    api_bob.status_favourite(mine)
    api_carol.status_favourite(mine)
    return {"mine": mine, "mention": mention, "bob": api_bob.me(), "carol": api_carol.me()}


def group_types(result):
    return [(group.type, group.notifications_count) for group in result.notification_groups]


# --- grouped notifications, against the mock -----------------------------------------

def test_grouped_notifications_group_favourites_of_one_post(api, activity):
    result = api.grouped_notifications()
    assert group_types(result) == [("favourite", 2), ("mention", 1)]
    favourites, mention = result.notification_groups
    assert favourites.status_id == activity["mine"].id
    assert set(favourites.sample_account_ids) == {activity["bob"].id, activity["carol"].id}
    assert isinstance(favourites.latest_page_notification_at, datetime)
    assert mention.status_id == activity["mention"].id
    # The accounts and statuses the groups refer to come along, once each.
    assert {account.acct for account in result.accounts} == {"bob", "carol"}
    assert {status.id for status in result.statuses} == {activity["mine"].id,
                                                          activity["mention"].id}


def test_grouped_notifications_filters(api, activity):
    assert group_types(api.grouped_notifications(types=["mention"])) == [("mention", 1)]
    assert group_types(api.grouped_notifications(types="favourite")) == [("favourite", 2)]
    assert group_types(api.grouped_notifications(exclude_types=["favourite"])) == [("mention", 1)]
    from_carol = api.grouped_notifications(account_id=activity["carol"])
    assert group_types(from_carol) == [("favourite", 1)]
    assert from_carol.notification_groups[0].sample_account_ids == [activity["carol"].id]


def test_grouped_notifications_cursors(api, activity):
    newest_first = [n.id for n in api.notifications()]  # carol's fav, bob's fav, mention
    older = api.grouped_notifications(max_id=newest_first[0])
    assert group_types(older) == [("favourite", 1), ("mention", 1)]
    newer = api.grouped_notifications(since_id={"id": newest_first[2]})
    assert group_types(newer) == [("favourite", 2)]
    just_newer = api.grouped_notifications(min_id=newest_first[2], limit=1)
    assert just_newer.notification_groups[0].page_max_id == newest_first[1]


def test_fetch_next_and_previous_page_through_grouped_notifications(api, activity):
    first = api.grouped_notifications(limit=1)
    assert group_types(first) == [("favourite", 1)]
    assert first._pagination_next["_pagination_endpoint"] == "/api/v2/notifications"
    second = api.fetch_next(first)
    assert group_types(second) == [("favourite", 1)]
    assert second.notification_groups[0].sample_account_ids == [activity["bob"].id]
    third = api.fetch_next(second)
    assert group_types(third) == [("mention", 1)]
    back = api.fetch_previous(third)
    assert back.notification_groups[0].sample_account_ids == [activity["bob"].id]
    # The filters of the first call stay on every page.
    only_favourites = api.grouped_notifications(types=["favourite"], limit=1)
    following = api.fetch_next(only_favourites)
    assert group_types(following) == [("favourite", 1)]
    assert api.fetch_next(following).notification_groups == []


def test_one_group_and_its_accounts(api, activity):
    group = api.grouped_notifications(types=["favourite"]).notification_groups[0]
    single = api.grouped_notification(group)
    assert group_types(single) == [("favourite", 2)]
    assert single.notification_groups[0].group_key == group.group_key
    assert api.grouped_notification(group.group_key) == single
    accounts = api.grouped_notification_accounts(group)
    assert [account.acct for account in accounts] == ["carol", "bob"]
    assert api.grouped_notification_accounts(group.group_key) == accounts


def test_a_plain_notification_stands_for_its_group(api, activity):
    mention = api.notifications(types=["mention"])[0]
    if "group_key" not in mention:
        pytest.skip("this mastodon_mock sends no group_key on notifications")
    assert api.grouped_notification(mention).notification_groups[0].type == "mention"


def test_dismiss_grouped_notification_removes_the_whole_group(api, activity):
    group = api.grouped_notifications(types=["favourite"]).notification_groups[0]
    assert api.dismiss_grouped_notification(group) is None  # as in Mastodon.py
    assert group_types(api.grouped_notifications()) == [("mention", 1)]
    assert [n.type for n in api.notifications()] == ["mention"]
    with pytest.raises(MastodonNotFoundError):
        api.grouped_notification(group.group_key)


def test_unread_counts(api, activity):
    # The mock never marks notifications read: all three are unread, in two groups.
    assert api.notifications_unread_count() == {"count": 3}
    count = api.unread_grouped_notifications_count()
    assert count == 2 and isinstance(count, int)
    assert api.unread_grouped_notifications_count(types=["mention"]) == 1
    assert api.unread_grouped_notifications_count(exclude_types=["mention"]) == 1
    assert api.unread_grouped_notifications_count(account_id=activity["bob"].id) == 2
    api.dismiss_grouped_notification(api.grouped_notifications().notification_groups[0])
    assert api.notifications_unread_count().count == 1
    assert api.unread_grouped_notifications_count() == 1


# --- the notification policy and notification requests, against the mock -----------

def test_policy_reads_back(api):
    policy = api.notifications_policy()
    assert policy.for_not_following == "accept"
    assert policy.summary.pending_requests_count == 0
    updated = api.update_notifications_policy(for_not_following="filter", for_new_accounts="drop")
    assert (updated.for_not_following, updated.for_new_accounts) == ("filter", "drop")
    again = api.notifications_policy()
    assert (again.for_not_following, again.for_new_accounts, again.for_not_followers) == (
        "filter", "drop", "accept")
    # Settings left out keep their values.
    api.update_notifications_policy(for_private_mentions="filter")
    again = api.notifications_policy()
    assert (again.for_not_following, again.for_private_mentions) == ("filter", "filter")


@pytest.fixture
def filtered(api, api_bob, api_carol):
    """Alice filters notifications from accounts that do not follow her (Bob and Carol
    do not); each of them then mentions her."""
    api.update_notifications_policy(for_not_followers="filter")
    from_bob = api_bob.status_post("@alice hello from bob")
    from_carol = api_carol.status_post("@alice hello from carol")
    return {"bob": from_bob, "carol": from_carol}


def request_from(api, acct):
    return next(r for r in api.notification_requests() if r.account.acct == acct)


def test_filtered_notifications_become_requests(api, filtered):
    assert api.notifications() == []
    requests = api.notification_requests()
    assert [r.account.acct for r in requests] == ["carol", "bob"]
    assert requests[0].last_status.id == filtered["carol"].id
    assert int(requests[0].notifications_count) == 1
    assert api.notifications_policy().summary.pending_requests_count == 2
    # Filtered notifications only show when asked for.
    assert api.grouped_notifications().notification_groups == []
    assert group_types(api.grouped_notifications(include_filtered=True)) == [
        ("mention", 1), ("mention", 1)]


def test_one_request_and_paging(api, filtered):
    newest, oldest = api.notification_requests()
    assert api.notification_request(newest) == newest
    assert api.notification_request(oldest.id).account.acct == "bob"
    assert [r.id for r in api.notification_requests(limit=1)] == [newest.id]
    assert [r.id for r in api.notification_requests(max_id=newest)] == [oldest.id]
    assert [r.id for r in api.notification_requests(since_id=oldest.id)] == [newest.id]
    assert [r.id for r in api.notification_requests(min_id=oldest, limit=1)] == [newest.id]
    assert [r.id for r in api.fetch_next(api.notification_requests(limit=1))] == [oldest.id]


def test_accept_request_lets_notifications_through(api, api_carol, filtered):
    assert api.accept_notification_request(request_from(api, "carol")) is None  # as in Mastodon.py
    assert [r.account.acct for r in api.notification_requests()] == ["bob"]
    assert api.notifications_merged() is True
    assert [(n.type, n.account.acct) for n in api.notifications()] == [("mention", "carol")]
    # Carol's future notifications are no longer filtered.
    api_carol.status_post("@alice once more")
    assert [n.account.acct for n in api.notifications()] == ["carol", "carol"]


def test_dismiss_request_drops_its_notifications(api, filtered):
    carol = request_from(api, "carol")
    assert api.dismiss_notification_request(carol.id) is None  # as in Mastodon.py
    assert [r.account.acct for r in api.notification_requests()] == ["bob"]
    with pytest.raises(MastodonNotFoundError):
        api.notification_request(carol)
    # Carol's filtered mention is gone; Bob's is still waiting.
    left = api.grouped_notifications(include_filtered=True)
    assert [account.acct for account in left.accounts] == ["bob"]
    assert api.notifications() == []


def test_accept_and_dismiss_several_requests(api, api_bob, api_carol, api_admin, filtered):
    api.accept_multiple_notification_requests(api.notification_requests())
    assert api.notification_requests() == []
    assert {n.account.acct for n in api.notifications()} == {"bob", "carol"}
    # Dismissing several: two new senders, filtered in turn.
    api.update_notifications_policy(for_not_following="filter")
    api_admin.status_post("@alice from root")
    requests = api.notification_requests()
    assert [r.account.acct for r in requests] == ["root"]
    api.dismiss_multiple_notification_requests([requests[0].id])
    assert api.notification_requests() == []
    assert {n.account.acct for n in api.notifications()} == {"bob", "carol"}


# --- the exact requests --------------------------------------------------------------

GROUPED = {"accounts": [], "statuses": [], "notification_groups": []}


def test_grouped_notifications_sends_partial_avatars_by_default(recording_api, server):
    server.default = Reply(200, GROUPED)
    recording_api.grouped_notifications()
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v2/notifications", {"expand_accounts": ["partial_avatars"]})
    recording_api.grouped_notifications(expand_accounts=None)
    assert server.last.query == {}


def test_grouped_notifications_parameters(recording_api, server):
    server.default = Reply(200, GROUPED)
    recording_api.grouped_notifications(
        max_id={"id": "90"}, since_id=9, min_id="10", limit=20, types=["favourite", "reblog"],
        exclude_types="mention", account_id={"id": "5"}, expand_accounts="full",
        grouped_types=["follow"], include_filtered=False)
    assert server.last.query == {
        "max_id": ["90"], "since_id": ["9"], "min_id": ["10"], "limit": ["20"],
        "types[]": ["favourite", "reblog"], "exclude_types[]": ["mention"],
        "account_id": ["5"], "expand_accounts": ["full"], "grouped_types[]": ["follow"],
        "include_filtered": ["0"]}


def test_grouped_result_is_returned_with_its_pages(recording_api, server):
    link = (f'<{server.url}/api/v2/notifications?max_id=196012&limit=2>; rel="next", '
            f'<{server.url}/api/v2/notifications?min_id=196014&limit=2>; rel="prev"')
    body = {"accounts": [{"id": "16", "acct": "eve"}], "statuses": [],
            "partial_accounts": [{"id": "17", "acct": "mallory", "avatar": "a.png"}],
            "notification_groups": [{
                "group_key": "favourite-1-2", "notifications_count": 2, "type": "favourite",
                "most_recent_notification_id": "196014", "page_min_id": "196013",
                "page_max_id": "196014", "latest_page_notification_at": "2024-08-23T08:59:56.743Z",
                "sample_account_ids": ["16", "17"], "status_id": "1"}]}
    server.routes[("GET", "/api/v2/notifications")] = Reply(200, body, {"Link": link})
    result = recording_api.grouped_notifications(types=["favourite"], limit=2)
    group = result.notification_groups[0]
    assert group.most_recent_notification_id == 196014
    assert group.sample_account_ids == ["16", "17"]
    assert group.latest_page_notification_at.year == 2024
    assert result.partial_accounts[0].acct == "mallory"
    recording_api.fetch_next(result)
    assert server.last.path == "/api/v2/notifications"
    assert server.last.query == {"max_id": ["196012"], "limit": ["2"], "types[]": ["favourite"],
                                 "expand_accounts": ["partial_avatars"]}
    recording_api.fetch_previous(result)
    assert server.last.query["min_id"] == ["196014"]
    assert "max_id" not in server.last.query


def test_group_key_requests(recording_api, server):
    server.default = Reply(200, GROUPED)
    recording_api.grouped_notification({"group_key": "favourite-113010503322889311-479000"})
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v2/notifications/favourite-113010503322889311-479000", {})
    server.default = Reply(200, [{"id": "16", "acct": "eve"}])
    accounts = recording_api.grouped_notification_accounts("ungrouped-42")
    assert (server.last.method, server.last.path) == (
        "GET", "/api/v2/notifications/ungrouped-42/accounts")
    assert accounts[0].acct == "eve"
    server.default = Reply(200, {})
    recording_api.dismiss_grouped_notification("odd/key")
    assert (server.last.method, server.last.path, server.last.body) == (
        "POST", "/api/v2/notifications/odd%2Fkey/dismiss", b"")


def test_unread_count_requests(recording_api, server):
    server.routes[("GET", "/api/v2/notifications/unread_count")] = Reply(200, {"count": 42})
    server.routes[("GET", "/api/v1/notifications/unread_count")] = Reply(200, {"count": 7})
    assert recording_api.unread_grouped_notifications_count() == 42
    assert server.last.query == {}
    recording_api.unread_grouped_notifications_count(
        limit=500, types=["mention"], exclude_types=["poll"], account_id={"id": "3"},
        grouped_types=["favourite", "follow"])
    assert server.last.query == {
        "limit": ["500"], "types[]": ["mention"], "exclude_types[]": ["poll"],
        "account_id": ["3"], "grouped_types[]": ["favourite", "follow"]}
    assert recording_api.notifications_unread_count() == {"count": 7}
    assert (server.last.path, server.last.query) == ("/api/v1/notifications/unread_count", {})


def test_notification_request_requests(recording_api, server):
    server.default = Reply(200, [])
    recording_api.notification_requests()
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v1/notifications/requests", {})
    recording_api.notification_requests(max_id={"id": "9"}, since_id="2", min_id=3, limit=5)
    assert server.last.query == {"max_id": ["9"], "since_id": ["2"], "min_id": ["3"],
                                 "limit": ["5"]}
    server.default = Reply(200, {"id": "112456967201894256", "notifications_count": "1"})
    assert recording_api.notification_request("112456967201894256").id == 112456967201894256
    assert server.last.path == "/api/v1/notifications/requests/112456967201894256"
    server.default = Reply(200, {})
    recording_api.accept_notification_request({"id": "8"})
    assert (server.last.method, server.last.path, server.last.body) == (
        "POST", "/api/v1/notifications/requests/8/accept", b"")
    recording_api.dismiss_notification_request(8)
    assert (server.last.method, server.last.path) == (
        "POST", "/api/v1/notifications/requests/8/dismiss")
    recording_api.accept_multiple_notification_requests([{"id": "1"}, "2", 3])
    assert (server.last.method, server.last.path, server.last.form) == (
        "POST", "/api/v1/notifications/requests/accept", {"id[]": ["1", "2", "3"]})
    recording_api.dismiss_multiple_notification_requests(("4",))
    assert (server.last.method, server.last.path, server.last.form) == (
        "POST", "/api/v1/notifications/requests/dismiss", {"id[]": ["4"]})
    recording_api.dismiss_multiple_notification_requests("5")
    assert server.last.form == {"id[]": ["5"]}


def test_merged_is_a_boolean(recording_api, server):
    server.routes[("GET", "/api/v1/notifications/requests/merged")] = Reply(200, {"merged": False})
    assert recording_api.notifications_merged() is False
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v1/notifications/requests/merged", {})


def test_policy_requests(recording_api, server):
    policy = {"for_not_following": "accept", "for_not_followers": "filter",
              "for_new_accounts": "accept", "for_private_mentions": "drop",
              "for_limited_accounts": "filter",
              "summary": {"pending_requests_count": 0, "pending_notifications_count": 0}}
    server.default = Reply(200, policy)
    assert recording_api.notifications_policy().for_private_mentions == "drop"
    assert (server.last.method, server.last.path) == ("GET", "/api/v2/notifications/policy")
    recording_api.update_notifications_policy(for_not_followers="filter")
    assert (server.last.method, server.last.path, server.last.form) == (
        "PATCH", "/api/v2/notifications/policy", {"for_not_followers": ["filter"]})
    assert server.last.headers["Content-Type"] == "application/x-www-form-urlencoded"
    recording_api.update_notifications_policy("drop", "accept", "filter", "accept", "drop")
    assert server.last.form == {
        "for_not_following": ["drop"], "for_not_followers": ["accept"],
        "for_new_accounts": ["filter"], "for_private_mentions": ["accept"],
        "for_limited_accounts": ["drop"]}


@pytest.mark.parametrize("call, message", [
    (lambda api: api.grouped_notifications(expand_accounts="some"), "expand_accounts"),
    (lambda api: api.grouped_notifications(max_id=datetime(2024, 1, 1)), "not a date"),
    (lambda api: api.grouped_notifications(grouped_types=[None]), "type names"),
    (lambda api: api.unread_grouped_notifications_count(types=[3]), "type names"),
    (lambda api: api.grouped_notification(None), "group_key"),
    (lambda api: api.grouped_notification({"type": "favourite"}), "group_key"),
    (lambda api: api.grouped_notification_accounts(""), "group_key"),
    (lambda api: api.dismiss_grouped_notification(None), "group_key"),
    (lambda api: api.notification_requests(min_id=datetime(2024, 1, 1)), "not a date"),
    (lambda api: api.notification_request(None), "id"),
    (lambda api: api.accept_notification_request({"no": "id"}), "id"),
    (lambda api: api.dismiss_notification_request(""), "id"),
    (lambda api: api.accept_multiple_notification_requests([]), "at least one"),
    (lambda api: api.dismiss_multiple_notification_requests(["1", None]), "None"),
    (lambda api: api.update_notifications_policy(for_new_accounts="block"), "for_new_accounts"),
    (lambda api: api.update_notifications_policy(for_not_following=True), "for_not_following"),
])
def test_invalid_arguments_send_nothing(recording_api, server, call, message):
    with pytest.raises(MastodonIllegalArgumentError, match=message):
        call(recording_api)
    assert server.requests == []


def test_methods_need_mastodon_4_3(server, make_client):
    old = make_client(server.url, "t", mastodon_version="4.2.0", version_check_mode="created")
    for call in (old.grouped_notifications, old.notifications_unread_count,
                 old.notification_requests, old.notifications_policy,
                 old.notifications_merged, old.unread_grouped_notifications_count,
                 lambda: old.grouped_notification("k"),
                 lambda: old.accept_multiple_notification_requests(["1"]),
                 lambda: old.update_notifications_policy(for_not_following="filter")):
        with pytest.raises(MastodonVersionError, match="4.3.0"):
            call()
    assert server.requests == []
    # The grouped listing last changed in 4.6.0, which "changed" mode asks for.
    changed = make_client(server.url, "t", mastodon_version="4.3.0", version_check_mode="changed")
    with pytest.raises(MastodonVersionError, match="4.6.0"):
        changed.grouped_notifications()
    server.default = Reply(200, {"count": 1})
    assert changed.unread_grouped_notifications_count() == 1
