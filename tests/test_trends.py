"""Trends (hashtags, statuses, links) and the profile directory."""

import pytest

from mastodon import MastodonIllegalArgumentError, MastodonVersionError

from .conftest import client as make
from .servers import Reply


@pytest.fixture
def alice(mock_url):
    return make(mock_url, "alice_token")


@pytest.fixture
def bob(mock_url):
    return make(mock_url, "bob_token")


@pytest.fixture
def anonymous(mock_url):
    return make(mock_url)


@pytest.fixture
def recording(server):
    return make(server.url, "secret-token", mastodon_version="4.3.0")


# --- against the mock ----------------------------------------------------------------

def test_trending_tags_follow_what_is_posted(alice, bob, anonymous):
    assert anonymous.trending_tags() == []
    alice.status_post("I like #python and #rust")
    bob.status_post("#python rocks")
    tags = anonymous.trending_tags()
    assert [t.name for t in tags] == ["python", "rust"]
    assert int(tags[0].history[0].uses) == 2
    assert [t.name for t in anonymous.trending_tags(limit=1)] == ["python"]
    assert [t.name for t in anonymous.trending_tags(limit=1, offset=1)] == ["rust"]
    assert [t.name for t in anonymous.trends()] == ["python", "rust"]
    assert [t.name for t in anonymous.trends(limit=1)] == ["python"]


def test_trending_statuses_rank_by_attention(alice, bob, anonymous):
    quiet = alice.status_post("nobody cares")
    loud = bob.status_post("everybody loves this")
    alice.status_favourite(loud)
    ranked = anonymous.trending_statuses()
    assert [s.id for s in ranked][:2] == [loud.id, quiet.id]
    assert [s.id for s in anonymous.trending_statuses(limit=1)] == [loud.id]
    assert [s.id for s in anonymous.trending_statuses(limit=1, offset=1)] == [quiet.id]


def test_trending_links(anonymous):
    assert anonymous.trending_links(limit=5) == []  # the mock makes no preview cards


def test_directory(anonymous, alice):
    everyone = anonymous.directory()
    accts = [a.acct for a in everyone]
    assert {"alice", "bob", "carol", "dave@remote.example"} <= set(accts)
    local = [a.acct for a in anonymous.directory(local=True)]
    assert "dave@remote.example" not in local and "alice" in local
    newest_first = anonymous.directory(order="new")
    created = [a.created_at for a in newest_first]
    assert created == sorted(created, reverse=True)
    assert len(anonymous.directory(limit=2)) == 2
    assert [a.id for a in anonymous.directory(order="new", offset=1, limit=2)] == [
        a.id for a in newest_first[1:3]]
    alice.status_post("I am active")
    assert anonymous.directory(order="active")[0].acct == "alice"


# --- the exact requests (scripted server) --------------------------------------------

@pytest.mark.parametrize("method, path", [
    ("trending_tags", "/api/v1/trends/tags"),
    ("trending_statuses", "/api/v1/trends/statuses"),
    ("trending_links", "/api/v1/trends/links"),
])
def test_trend_requests(recording, server, method, path):
    server.default = Reply(200, [])
    getattr(recording, method)()
    assert (server.last.method, server.last.path, server.last.query) == ("GET", path, {})
    assert "Accept-Language" not in server.last.headers
    getattr(recording, method)(limit=5, offset=10, lang="de")
    assert server.last.query == {"limit": ["5"], "offset": ["10"]}
    assert server.last.headers["Accept-Language"] == "de"


def test_lang_overrides_the_clients_language(server):
    german = make(server.url, mastodon_version="4.3.0", lang="de")
    server.default = Reply(200, [])
    german.trending_statuses()
    assert server.last.headers["Accept-Language"] == "de"
    german.trending_statuses(lang="pt-BR")
    assert server.last.headers["Accept-Language"] == "pt-BR"


def test_trends_uses_the_old_path_on_old_servers(server):
    server.default = Reply(200, [])
    make(server.url, mastodon_version="3.4.1").trends(limit=3)
    assert (server.last.path, server.last.query) == ("/api/v1/trends", {"limit": ["3"]})
    make(server.url, mastodon_version="3.5.0").trends()
    assert (server.last.path, server.last.query) == ("/api/v1/trends/tags", {})


def test_directory_request(recording, server):
    server.default = Reply(200, [])
    recording.directory()
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v1/directory", {})
    recording.directory(offset=40, limit=20, order="new", local=True)
    assert server.last.query == {"offset": ["40"], "limit": ["20"], "order": ["new"],
                                 "local": ["true"]}
    recording.directory(local=False)
    assert server.last.query == {"local": ["false"]}


@pytest.mark.parametrize("call, message", [
    (lambda c: c.directory(order="popular"), "order"),
    (lambda c: c.directory(limit=-1), "limit"),
    (lambda c: c.directory(offset="ten"), "offset"),
    (lambda c: c.trending_tags(limit=True), "limit"),
    (lambda c: c.trending_statuses(offset=-3), "offset"),
    (lambda c: c.trending_links(lang="en, de"), "lang"),
    (lambda c: c.trending_links(lang=""), "lang"),
    (lambda c: c.trends(limit=2.5), "limit"),
])
def test_invalid_arguments_are_refused_before_sending(recording, server, call, message):
    with pytest.raises(MastodonIllegalArgumentError, match=message):
        call(recording)
    assert server.requests == []


def test_old_server_is_refused_before_sending(server):
    old = make(server.url, mastodon_version="3.4.0")
    for call in (old.trending_tags, old.trending_statuses, old.trending_links):
        with pytest.raises(MastodonVersionError, match="3.5.0"):
            call()
    older = make(server.url, mastodon_version="2.9.2")
    with pytest.raises(MastodonVersionError, match="3.0.0"):
        older.directory()
    assert server.requests == []
