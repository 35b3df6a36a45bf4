"""Announcements: listing them, dismissing them, and reacting to them."""

import pytest

from mastodon import MastodonIllegalArgumentError, MastodonNotFoundError, MastodonVersionError

from .conftest import client as make
from .servers import Reply


@pytest.fixture
def alice(mock_url):
    return make(mock_url, "alice_token")


@pytest.fixture
def bob(mock_url):
    return make(mock_url, "bob_token")


@pytest.fixture
def announce(mock_url):
    """Publish an announcement as the admin; returns its ID."""
    admin = make(mock_url, "root_token")

    def publish(text):
        return admin._api_request("POST", "/api/v1/admin/announcements", {"text": text}).id
    return publish


@pytest.fixture
def recording(server):
    return make(server.url, "secret-token", mastodon_version="4.3.0")


# --- against the mock ----------------------------------------------------------------

def test_list_shows_published_announcements(alice, announce):
    assert alice.announcements() == []
    first = announce("Maintenance tonight")
    second = announce("New emoji!")
    listed = alice.announcements()
    assert {a.id for a in listed} == {first, second}
    by_id = {a.id: a for a in listed}
    assert "Maintenance tonight" in by_id[first].content
    assert by_id[first].read is False and by_id[first].reactions == []


def test_dismiss_marks_read_for_that_user_only(alice, bob, announce):
    ident = announce("Read me")
    assert alice.announcement_dismiss(ident) == {}
    assert [a.read for a in alice.announcements()] == [True]  # still listed, now read
    assert [a.read for a in bob.announcements()] == [False]


def test_react_then_take_back(alice, bob, announce):
    ident = announce("Party")
    announcement = alice.announcements()[0]
    assert alice.announcement_reaction_create(announcement, "🎉") == {}
    bob.announcement_reaction_create(ident, "🎉")
    bob.announcement_reaction_create(ident, ":blobcat:")

    reactions = {r.name: r for r in alice.announcements()[0].reactions}
    assert set(reactions) == {"🎉", "blobcat"}
    assert (reactions["🎉"].count, reactions["🎉"].me) == (2, True)
    assert (reactions["blobcat"].count, reactions["blobcat"].me) == (1, False)

    mine = next(r for r in alice.announcements()[0].reactions if r.name == "🎉")
    assert alice.announcement_reaction_delete(ident, mine) == {}  # a reaction dict works
    reactions = {r.name: r for r in alice.announcements()[0].reactions}
    assert (reactions["🎉"].count, reactions["🎉"].me) == (1, False)


def test_unknown_announcement(alice):
    with pytest.raises(MastodonNotFoundError):
        alice.announcement_dismiss("999999")


# --- the exact requests (scripted server) --------------------------------------------

def test_requests(recording, server):
    server.default = Reply(200, {})
    recording.announcement_dismiss({"id": "8"})
    assert (server.last.method, server.last.path, server.last.body) == (
        "POST", "/api/v1/announcements/8/dismiss", b"")
    recording.announcement_reaction_create("8", "🤔")
    assert (server.last.method, server.last.path, server.last.body) == (
        "PUT", "/api/v1/announcements/8/reactions/%F0%9F%A4%94", b"")
    recording.announcement_reaction_delete("8", "bongo/cat")  # quoted, not a path
    assert (server.last.method, server.last.path) == (
        "DELETE", "/api/v1/announcements/8/reactions/bongo%2Fcat")
    server.default = Reply(200, [])
    assert recording.announcements() == []
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
def test_invalid_arguments_are_refused_before_sending(recording, server, call, message):
    with pytest.raises(MastodonIllegalArgumentError, match=message):
        call(recording)
    assert server.requests == []


def test_old_server_is_refused_before_sending(server):
    old = make(server.url, "t", mastodon_version="3.0.2")
    for call in (old.announcements, lambda: old.announcement_dismiss("1"),
                 lambda: old.announcement_reaction_create("1", "🎉"),
                 lambda: old.announcement_reaction_delete("1", "🎉")):
        with pytest.raises(MastodonVersionError, match="3.1.0"):
            call()
    assert server.requests == []
