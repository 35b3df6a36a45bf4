"""Async refreshes (Mastodon 4.4): the ``Mastodon-Async-Refresh`` header on a result,
polling the refresh, and fetching the result again once it is done. Servers send the
header only while a background job runs, which the mock never does: those answers come
from the scripted server."""

import time

import pytest

from mastodon import MastodonIllegalArgumentError, MastodonNotFoundError, MastodonVersionError
from mastodon.async_refresh import parse_async_refresh_header

from .servers import Reply

pytestmark = pytest.mark.both_clients

REFRESH_ID = "ImNvbnRleHQ6MTEzNjQwNTczMzAzNzg1MTc4OnJlZnJlc2gi--c526259eb4a1f3ef0d4b91cf8c99bf501330a815"
GROUPED = {"accounts": [], "statuses": [], "notification_groups": []}


def announcing(body, retry=0, result_count=None, refresh_id=REFRESH_ID):
    header = f'id="{refresh_id}", retry={retry}'
    if result_count is not None:
        header += f", result_count={result_count}"
    return Reply(200, body, {"Mastodon-Async-Refresh": header})


def refresh_state(status, result_count=None, refresh_id=REFRESH_ID):
    return Reply(200, {"async_refresh": {"id": refresh_id, "status": status,
                                         "result_count": result_count}})


STATUS_PATH = f"/api/v1_alpha/async_refreshes/{REFRESH_ID}"


# --- reading the announcement --------------------------------------------------------

def test_info_from_an_announcing_result(recording_api, server):
    server.routes[("GET", "/api/v2/notifications")] = announcing(GROUPED, retry=5, result_count=2)
    result = recording_api.grouped_notifications()
    assert result == GROUPED
    refresh, retry = recording_api.get_async_refresh_info(result)
    assert (refresh.id, refresh.status, refresh.result_count, retry) == (
        REFRESH_ID, "running", 2, 5)
    assert len(server.requests) == 1  # reading the info asks the server nothing


def test_info_on_a_list_result_and_without_a_count(recording_api, server):
    server.routes[("GET", "/api/v2/notifications/favourite-1/accounts")] = announcing(
        [{"id": "1", "acct": "eve"}], retry=2)
    accounts = recording_api.grouped_notification_accounts("favourite-1")
    assert accounts[0].acct == "eve"
    refresh, retry = recording_api.get_async_refresh_info(accounts)
    assert (refresh.id, refresh.result_count, retry) == (REFRESH_ID, None, 2)


def test_no_header_no_info(recording_api, server):
    server.default = Reply(200, GROUPED)
    assert recording_api.get_async_refresh_info(recording_api.grouped_notifications()) is None
    assert recording_api.get_async_refresh_info(None) is None
    assert recording_api.get_async_refresh_info({"id": "1"}) is None


def test_header_parsing():
    parsed = parse_async_refresh_header('id="a\\"b,c", retry=3, result_count=10')
    assert parsed == {"id": 'a"b,c', "retry": 3, "result_count": 10}
    assert parse_async_refresh_header('retry=3;x=1, id="k"') == {
        "id": "k", "retry": 3, "result_count": None}
    assert parse_async_refresh_header('id="k"').retry is None
    assert parse_async_refresh_header("retry=3, result_count=1") is None
    assert parse_async_refresh_header("") is None


def test_info_falls_back_to_a_default_interval(recording_api, server):
    server.default = Reply(200, GROUPED, {"Mastodon-Async-Refresh": 'id="x"'})
    assert recording_api.get_async_refresh_info(recording_api.grouped_notifications())[1] == 3


# --- the status endpoint -------------------------------------------------------------

def test_status_by_id_result_info_and_entity(recording_api, server):
    server.routes[("GET", "/api/v2/notifications")] = announcing(GROUPED)
    server.routes[("GET", STATUS_PATH)] = refresh_state("running", 4)
    result = recording_api.grouped_notifications()
    state = recording_api.get_async_refresh_status(result)
    assert (server.last.method, server.last.path, server.last.query) == ("GET", STATUS_PATH, {})
    assert (state.id, state.status, state.result_count) == (REFRESH_ID, "running", 4)
    info = recording_api.get_async_refresh_info(result)
    for given in (REFRESH_ID, state, info, info[0]):
        server.requests.clear()
        assert recording_api.get_async_refresh_status(given) == state
        assert [r.path for r in server.requests] == [STATUS_PATH]


def test_status_id_is_quoted_in_the_path(recording_api, server):
    server.default = refresh_state("finished", refresh_id="a/b=")
    assert recording_api.get_async_refresh_status("a/b=").status == "finished"
    assert server.last.path == "/api/v1_alpha/async_refreshes/a%2Fb%3D"


def test_status_against_the_mock(api):
    state = api.get_async_refresh_status("some-refresh")
    assert (state.id, state.status) == ("some-refresh", "finished")


def test_unknown_refresh_is_not_found(recording_api, server):
    server.default = Reply(404, {"error": "Not Found"})
    with pytest.raises(MastodonNotFoundError, match="Not Found"):
        recording_api.get_async_refresh_status("gone")


@pytest.mark.parametrize("given", [None, True, {"id": "1", "content": "a status"},
                                   {"status": {"id": "1"}, "id": "2"}, ["x"], ""])
def test_status_needs_a_refresh(recording_api, server, given):
    with pytest.raises(MastodonIllegalArgumentError):
        recording_api.get_async_refresh_status(given)
    assert server.requests == []


# --- waiting for a refresh -----------------------------------------------------------

def test_await_polls_until_finished_then_fetches_again(recording_api, server):
    fresh = {"accounts": [{"id": "9", "acct": "zoe"}], "statuses": [],
             "notification_groups": [{"group_key": "follow-1", "type": "follow"}]}
    server.routes[("GET", "/api/v2/notifications")] = [announcing(GROUPED), Reply(200, fresh)]
    server.routes[("GET", STATUS_PATH)] = [refresh_state("running", 0), refresh_state("running", 1),
                                           refresh_state("finished", 1)]
    first = recording_api.grouped_notifications(types=["follow"], limit=5)
    refreshed = recording_api.await_async_refresh(first)
    assert refreshed == fresh
    assert recording_api.get_async_refresh_info(refreshed) is None
    assert [r.path for r in server.requests] == [
        "/api/v2/notifications", STATUS_PATH, STATUS_PATH, STATUS_PATH, "/api/v2/notifications"]
    # The same request as the first: its parameters and the method's default.
    assert server.last.query == server.requests[0].query == {
        "types[]": ["follow"], "limit": ["5"], "expand_accounts": ["partial_avatars"]}


def test_await_waits_the_interval_the_server_asks_for(recording_api, server):
    server.routes[("GET", "/api/v1/notifications/requests")] = [announcing([], retry=1),
                                                                 Reply(200, [{"id": "3"}])]
    server.routes[("GET", STATUS_PATH)] = refresh_state("finished")
    result = recording_api.notification_requests()
    answered = server.last.at
    assert recording_api.await_async_refresh(result) == [{"id": "3"}]
    poll = next(r for r in server.requests if r.path == STATUS_PATH)
    assert poll.at - answered >= 0.9


def test_await_gives_up_after_max_attempts(recording_api, server):
    server.routes[("GET", "/api/v2/notifications")] = announcing(GROUPED)
    server.routes[("GET", STATUS_PATH)] = refresh_state("running")
    result = recording_api.grouped_notifications()
    server.requests.clear()
    assert recording_api.await_async_refresh(result, max_attempts=2) is None
    assert [r.path for r in server.requests] == [STATUS_PATH, STATUS_PATH]


def test_await_gives_up_when_the_next_poll_comes_too_late(recording_api, server):
    server.routes[("GET", "/api/v2/notifications")] = announcing(GROUPED, retry=30)
    result = recording_api.grouped_notifications()
    server.requests.clear()
    started = time.monotonic()
    assert recording_api.await_async_refresh(result, timeout=0.5) is None
    assert time.monotonic() - started < 5
    assert server.requests == []


def test_await_without_a_refresh_returns_the_result(api):
    result = api.grouped_notifications()
    assert api.await_async_refresh(result) is result


def test_await_refuses_to_repeat_a_write(recording_api, server):
    server.routes[("POST", "/api/v2/notifications/k/dismiss")] = announcing({"dismissed": "k"})
    result = recording_api.dismiss_grouped_notification("k")
    server.requests.clear()
    with pytest.raises(MastodonIllegalArgumentError, match="GET"):
        recording_api.await_async_refresh(result)
    assert server.requests == []


@pytest.mark.parametrize("kwargs", [{"timeout": -1}, {"timeout": "soon"},
                                    {"max_attempts": 1.5}, {"max_attempts": None}])
def test_await_argument_checks(recording_api, server, kwargs):
    with pytest.raises(MastodonIllegalArgumentError):
        recording_api.await_async_refresh(GROUPED, **kwargs)
    assert server.requests == []


def test_refresh_endpoints_need_mastodon_4_4(server, make_client):
    old = make_client(server.url, "secret-token", mastodon_version="4.3.0", version_check_mode="created")
    with pytest.raises(MastodonVersionError, match="4.4.0"):
        old.get_async_refresh_status("x")
    with pytest.raises(MastodonVersionError, match="4.4.0"):
        old.await_async_refresh({})
    assert server.requests == []
    assert old.get_async_refresh_info({}) is None  # reads only what is at hand


# --- the record a result keeps, as Mastodon.py keeps it ------------------------------

def test_the_record_on_a_result(recording_api, server):
    server.routes[("GET", "/api/v2/notifications")] = announcing(GROUPED, retry=4, result_count=2)
    result = recording_api.grouped_notifications(limit=5)
    assert dict(result._async_refresh) == {
        "id": REFRESH_ID, "retry": 4, "result_count": 2, "_method": "GET",
        "_endpoint": "/api/v2/notifications",
        "_params": {"limit": 5, "expand_accounts": "partial_avatars"}, "_mastopy_type": None}
    server.routes[("GET", "/api/v2/notifications")] = Reply(
        200, GROUPED, {"Mastodon-Async-Refresh": f'id="{REFRESH_ID}"'})
    bare = recording_api.grouped_notifications()._async_refresh
    assert "retry" not in bare and "result_count" not in bare


def test_a_persisted_result_can_still_be_awaited(recording_api, server):
    """Results saved with to_json() and read back keep their refresh."""
    from mastodon.types_base import Entity
    fresh = {"accounts": [], "statuses": [], "notification_groups": [{"group_key": "g"}]}
    server.routes[("GET", "/api/v2/notifications")] = [announcing(GROUPED), Reply(200, fresh)]
    server.routes[("GET", STATUS_PATH)] = refresh_state("finished", 1)
    restored = Entity.from_json(recording_api.grouped_notifications().to_json())
    assert recording_api.get_async_refresh_info(restored)[0].id == REFRESH_ID
    assert recording_api.await_async_refresh(restored) == fresh
    assert [r.path for r in server.requests] == [
        "/api/v2/notifications", STATUS_PATH, "/api/v2/notifications"]


def test_await_refuses_what_is_not_a_result(recording_api, server):
    for value in ("some-refresh-id", 12345, None):
        with pytest.raises(MastodonIllegalArgumentError, match="get_async_refresh_status"):
            recording_api.await_async_refresh(value)
    assert server.requests == []


def test_a_record_that_says_finished_is_not_waited_on(recording_api, server):
    server.routes[("GET", "/api/v2/notifications")] = announcing(GROUPED)
    result = recording_api.grouped_notifications()
    result._async_refresh["status"] = "finished"
    server.requests.clear()
    assert recording_api.await_async_refresh(result) is result
    assert recording_api.get_async_refresh_info(result) is None
    assert server.requests == []


def test_mastodon_py_module_name():
    from mastodon import Mastodon as Client
    from mastodon.async_refresh import AsyncRefreshMixin, Mastodon
    assert Mastodon is AsyncRefreshMixin and issubclass(Client, Mastodon)
