"""Announcements: listing them, dismissing them, and reacting to them."""

import pytest

from mastodon import MastodonIllegalArgumentError, MastodonNotFoundError, MastodonVersionError

from .servers import Reply

pytestmark = pytest.mark.both_clients


@pytest.fixture
def announce(api_admin):
    """Publish an announcement as the admin; returns its ID."""
    def publish(text):
        return api_admin._api_request("POST", "/api/v1/admin/announcements", {"text": text}).id
    return publish


# --- against the mock ----------------------------------------------------------------

def test_list_shows_published_announcements(api, announce):
    assert api.announcements() == []
    first = announce("Maintenance tonight")
    second = announce("New emoji!")
    listed = api.announcements()
    assert {a.id for a in listed} == {first, second}
    by_id = {a.id: a for a in listed}
    assert "Maintenance tonight" in by_id[first].content
    assert by_id[first].read is False and by_id[first].reactions == []


def test_dismiss_marks_read_for_that_user_only(api, api_bob, announce):
    ident = announce("Read me")
    assert api.announcement_dismiss(ident) is None  # as in Mastodon.py
    assert [a.read for a in api.announcements()] == [True]  # still listed, now read
    assert [a.read for a in api_bob.announcements()] == [False]


def test_react_then_take_back(api, api_bob, announce):
    ident = announce("Party")
    announcement = api.announcements()[0]
    assert api.announcement_reaction_create(announcement, "🎉") is None  # as in Mastodon.py
    api_bob.announcement_reaction_create(ident, "🎉")
    api_bob.announcement_reaction_create(ident, ":blobcat:")

    reactions = {r.name: r for r in api.announcements()[0].reactions}
    assert set(reactions) == {"🎉", "blobcat"}
    assert (reactions["🎉"].count, reactions["🎉"].me) == (2, True)
    assert (reactions["blobcat"].count, reactions["blobcat"].me) == (1, False)

    mine = next(r for r in api.announcements()[0].reactions if r.name == "🎉")
    assert api.announcement_reaction_delete(ident, mine) is None  # a reaction dict works
    reactions = {r.name: r for r in api.announcements()[0].reactions}
    assert (reactions["🎉"].count, reactions["🎉"].me) == (1, False)


def test_unknown_announcement(api):
    with pytest.raises(MastodonNotFoundError):
        api.announcement_dismiss("999999")


# --- the exact requests (scripted server) --------------------------------------------

def test_requests(recording_api, server):
    server.default = Reply(200, {})
    recording_api.announcement_dismiss({"id": "8"})
    assert (server.last.method, server.last.path, server.last.body) == (
        "POST", "/api/v1/announcements/8/dismiss", b"")
    recording_api.announcement_reaction_create("8", "🤔")
    assert (server.last.method, server.last.path, server.last.body) == (
        "PUT", "/api/v1/announcements/8/reactions/%F0%9F%A4%94", b"")
    recording_api.announcement_reaction_delete("8", "bongo/cat")  # quoted, not a path
    assert (server.last.method, server.last.path) == (
        "DELETE", "/api/v1/announcements/8/reactions/bongo%2Fcat")
    server.default = Reply(200, [])
    assert recording_api.announcements() == []
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v1/announcements", {})
    assert server.last.headers["Authorization"] == "Bearer secret-token"


@pytest.mark.parametrize("call, message", [
    (lambda c: c.announcement_dismiss(None), "id"),
    (lambda c: c.announcement_reaction_create("1", ""), "reaction"),
    (lambda c: c.announcement_reaction_create("1", None), "reaction"),
    (lambda c: c.announcement_reaction_delete("1", {"count": 2}), "reaction"),
    (lambda c: c.announcement_reaction_delete(None, "🎉"), "id"),
])
def test_invalid_arguments_are_refused_before_sending(recording_api, server, call, message):
    with pytest.raises(MastodonIllegalArgumentError, match=message):
        call(recording_api)
    assert server.requests == []


def test_old_server_is_refused_before_sending(server, make_client):
    old = make_client(server.url, "t", mastodon_version="3.0.2", version_check_mode="created")
    for call in (old.announcements, lambda: old.announcement_dismiss("1"),
                 lambda: old.announcement_reaction_create("1", "🎉"),
                 lambda: old.announcement_reaction_delete("1", "🎉")):
        with pytest.raises(MastodonVersionError, match="3.1.0"):
            call()
    assert server.requests == []
