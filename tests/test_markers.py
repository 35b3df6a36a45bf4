"""Markers (saved reading positions): against the mock, and the exact requests against
the scripted server."""

import pytest

from mastodon import MastodonAPIError, MastodonIllegalArgumentError, MastodonVersionError

from .servers import Reply

pytestmark = pytest.mark.both_clients


def post(api, text):
    return api._api_request("POST", "/api/v1/statuses", {"status": text})


# --- against the mock ----------------------------------------------------------------

def test_set_then_read_back(api, api_bob):
    assert api.markers_get() == {}
    first, second = post(api_bob, "one"), post(api_bob, "two")

    saved = api.markers_set("home", first)
    assert saved.home.last_read_id == first.id
    version = saved.home.version
    assert api.markers_get().home.last_read_id == first.id

    again = api.markers_set(["home"], [second.id])
    assert again.home.last_read_id == second.id
    assert again.home.version > version
    assert api.markers_get("home").home.last_read_id == second.id
    assert api_bob.markers_get() == {}  # each user has their own markers


def test_home_and_notifications_together(api, api_bob):
    status = post(api_bob, "hello")
    post(api_bob, "@alice look")
    notification = api._api_request("GET", "/api/v1/notifications")[0]

    saved = api.markers_set(["home", "notifications"], [status, notification])
    assert saved.home.last_read_id == status.id
    assert saved.notifications.last_read_id == notification.id

    both = api.markers_get(["home", "notifications"])
    assert both.home.last_read_id == status.id
    assert both.notifications.last_read_id == notification.id
    assert set(api.markers_get()) == {"home"}  # only what was asked for
    assert api.markers_get("notifications").notifications.last_read_id == notification.id


# --- the exact requests --------------------------------------------------------------

def test_get_request(recording_api, server):
    recording_api.markers_get()
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v1/markers", {"timeline[]": ["home"]})
    recording_api.markers_get(["home", "notifications"])
    assert server.last.query == {"timeline[]": ["home", "notifications"]}


def test_set_request(recording_api, server):
    recording_api.markers_set(["notifications", "home"], [{"id": "55"}, "99"])
    assert (server.last.method, server.last.path) == ("POST", "/api/v1/markers")
    # A JSON body (the markers are nested objects), as Mastodon.py sends it.
    assert server.last.headers["Content-Type"] == "application/json"
    assert server.last.json == {"notifications": {"last_read_id": "55"},
                                "home": {"last_read_id": "99"}}


def test_conflict_is_raised(recording_api, server):
    server.routes[("POST", "/api/v1/markers")] = Reply(
        409, {"error": "Conflict during update, please try again"})
    with pytest.raises(MastodonAPIError) as caught:
        recording_api.markers_set("home", "1")
    assert caught.value.status_code == 409
    assert "Conflict during update" in str(caught.value)


@pytest.mark.parametrize("call", [
    lambda api: api.markers_get("public"),
    lambda api: api.markers_get([]),
    lambda api: api.markers_set("home", ["1", "2"]),
    lambda api: api.markers_set(["home", "notifications"], "1"),
    lambda api: api.markers_set(["home", "home"], ["1", "2"]),
    lambda api: api.markers_set("home", None),
    lambda api: api.markers_set("timeline", "1"),
])
def test_invalid_arguments_send_nothing(recording_api, server, call):
    with pytest.raises(MastodonIllegalArgumentError):
        call(recording_api)
    assert server.requests == []


def test_too_old_server_is_refused(server, make_client):
    api = make_client(server.url, "t", mastodon_version="2.9.2", version_check_mode="created")
    with pytest.raises(MastodonVersionError):
        api.markers_get()
    with pytest.raises(MastodonVersionError):
        api.markers_set("home", "1")
    assert server.requests == []
