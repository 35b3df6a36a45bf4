"""Markers (saved reading positions): against the mock, and the exact requests against
the scripted server."""

import pytest

from mastodon import (Mastodon, MastodonAPIError, MastodonIllegalArgumentError,
                      MastodonVersionError)

from .servers import Reply


def make(base_url, token, **kwargs):
    return Mastodon(access_token=token, api_base_url=base_url, **kwargs)


@pytest.fixture
def alice(mock_url):
    return make(mock_url, "alice_token")


@pytest.fixture
def bob(mock_url):
    return make(mock_url, "bob_token")


@pytest.fixture
def scripted(server):
    return make(server.url, "secret-token", mastodon_version="4.5.0")


def post(api, text):
    return api._api_request("POST", "/api/v1/statuses", {"status": text})


# --- against the mock ----------------------------------------------------------------

def test_set_then_read_back(alice, bob):
    assert alice.markers_get() == {}
    first, second = post(bob, "one"), post(bob, "two")

    saved = alice.markers_set("home", first)
    assert saved.home.last_read_id == first.id
    version = saved.home.version
    assert alice.markers_get().home.last_read_id == first.id

    again = alice.markers_set(["home"], [second.id])
    assert again.home.last_read_id == second.id
    assert again.home.version > version
    assert alice.markers_get("home").home.last_read_id == second.id
    assert bob.markers_get() == {}  # each user has their own markers


def test_home_and_notifications_together(alice, bob):
    status = post(bob, "hello")
    post(bob, "@alice look")
    notification = alice._api_request("GET", "/api/v1/notifications")[0]

    saved = alice.markers_set(["home", "notifications"], [status, notification])
    assert saved.home.last_read_id == status.id
    assert saved.notifications.last_read_id == notification.id

    both = alice.markers_get(["home", "notifications"])
    assert both.home.last_read_id == status.id
    assert both.notifications.last_read_id == notification.id
    assert set(alice.markers_get()) == {"home"}  # only what was asked for
    assert alice.markers_get("notifications").notifications.last_read_id == notification.id


# --- the exact requests --------------------------------------------------------------

def test_get_request(scripted, server):
    scripted.markers_get()
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v1/markers", {"timeline[]": ["home"]})
    scripted.markers_get(["home", "notifications"])
    assert server.last.query == {"timeline[]": ["home", "notifications"]}


def test_set_request(scripted, server):
    scripted.markers_set(["notifications", "home"], [{"id": "55"}, "99"])
    assert (server.last.method, server.last.path) == ("POST", "/api/v1/markers")
    assert server.last.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert server.last.form == {"notifications[last_read_id]": ["55"],
                                "home[last_read_id]": ["99"]}


def test_conflict_is_raised(scripted, server):
    server.routes[("POST", "/api/v1/markers")] = Reply(
        409, {"error": "Conflict during update, please try again"})
    with pytest.raises(MastodonAPIError) as caught:
        scripted.markers_set("home", "1")
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
def test_invalid_arguments_send_nothing(scripted, server, call):
    with pytest.raises(MastodonIllegalArgumentError):
        call(scripted)
    assert server.requests == []


def test_too_old_server_is_refused(server):
    api = make(server.url, "t", mastodon_version="2.9.2")
    with pytest.raises(MastodonVersionError):
        api.markers_get()
    with pytest.raises(MastodonVersionError):
        api.markers_set("home", "1")
    assert server.requests == []
