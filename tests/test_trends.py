"""Trends (hashtags, statuses, links) and the profile directory."""

import pytest

from mastodon import MastodonIllegalArgumentError, MastodonVersionError

from .servers import Reply

pytestmark = pytest.mark.both_clients

# --- against the mock ----------------------------------------------------------------

def test_trending_tags_follow_what_is_posted(api, api_bob, api_anonymous):
    assert api_anonymous.trending_tags() == []
    api.status_post("I like #python and #rust")
    api_bob.status_post("#python rocks")
    tags = api_anonymous.trending_tags()
    assert [t.name for t in tags] == ["python", "rust"]
    assert int(tags[0].history[0].uses) == 2
    assert [t.name for t in api_anonymous.trending_tags(limit=1)] == ["python"]
    assert [t.name for t in api_anonymous.trending_tags(limit=1, offset=1)] == ["rust"]
    assert [t.name for t in api_anonymous.trends()] == ["python", "rust"]
    assert [t.name for t in api_anonymous.trends(limit=1)] == ["python"]


def test_trending_statuses_rank_by_attention(api, api_bob, api_anonymous):
    quiet = api.status_post("nobody cares")
    loud = api_bob.status_post("everybody loves this")
    api.status_favourite(loud)
    ranked = api_anonymous.trending_statuses()
    assert [s.id for s in ranked][:2] == [loud.id, quiet.id]
    assert [s.id for s in api_anonymous.trending_statuses(limit=1)] == [loud.id]
    assert [s.id for s in api_anonymous.trending_statuses(limit=1, offset=1)] == [quiet.id]


def test_trending_links(api_anonymous):
    assert api_anonymous.trending_links(limit=5) == []  # the mock makes no preview cards


def test_directory(api_anonymous, api):
    everyone = api_anonymous.directory()
    accts = [a.acct for a in everyone]
    assert {"alice", "bob", "carol", "dave@remote.example"} <= set(accts)
    local = [a.acct for a in api_anonymous.directory(local=True)]
    assert "dave@remote.example" not in local and "alice" in local
    newest_first = api_anonymous.directory(order="new")
    created = [a.created_at for a in newest_first]
    assert created == sorted(created, reverse=True)
    assert len(api_anonymous.directory(limit=2)) == 2
    assert [a.id for a in api_anonymous.directory(order="new", offset=1, limit=2)] == [
        a.id for a in newest_first[1:3]]
    api.status_post("I am active")
    assert api_anonymous.directory(order="active")[0].acct == "alice"


# --- the exact requests (scripted server) --------------------------------------------

@pytest.mark.parametrize("method, path", [
    ("trending_tags", "/api/v1/trends/tags"),
    ("trending_statuses", "/api/v1/trends/statuses"),
    ("trending_links", "/api/v1/trends/links"),
])
def test_trend_requests(recording_api, server, method, path):
    server.default = Reply(200, [])
    getattr(recording_api, method)()
    assert (server.last.method, server.last.path, server.last.query) == ("GET", path, {})
    assert "Accept-Language" not in server.last.headers
    getattr(recording_api, method)(limit=5, offset=10, lang="de")
    assert server.last.query == {"limit": ["5"], "offset": ["10"]}
    assert server.last.headers["Accept-Language"] == "de"


def test_lang_overrides_the_clients_language(server, make_client):
    german = make_client(server.url, mastodon_version="4.3.0", lang="de")
    server.default = Reply(200, [])
    german.trending_statuses()
    assert server.last.headers["Accept-Language"] == "de"
    german.trending_statuses(lang="pt-BR")
    assert server.last.headers["Accept-Language"] == "pt-BR"


def test_trends_uses_the_old_path_on_old_servers(server, make_client):
    server.default = Reply(200, [])
    make_client(server.url, mastodon_version="3.4.1").trends(limit=3)
    assert (server.last.path, server.last.query) == ("/api/v1/trends", {"limit": ["3"]})
    make_client(server.url, mastodon_version="3.5.0").trends()
    assert (server.last.path, server.last.query) == ("/api/v1/trends/tags", {})


def test_directory_request(recording_api, server):
    server.default = Reply(200, [])
    recording_api.directory()
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v1/directory", {})
    recording_api.directory(offset=40, limit=20, order="new", local=True)
    assert server.last.query == {"offset": ["40"], "limit": ["20"], "order": ["new"],
                                 "local": ["1"]}
    recording_api.directory(local=False)
    assert server.last.query == {"local": ["0"]}


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
def test_invalid_arguments_are_refused_before_sending(recording_api, server, call, message):
    with pytest.raises(MastodonIllegalArgumentError, match=message):
        call(recording_api)
    assert server.requests == []


def test_old_server_is_refused_before_sending(server, make_client):
    old = make_client(server.url, mastodon_version="3.4.0", version_check_mode="created")
    for call in (old.trending_tags, old.trending_statuses, old.trending_links):
        with pytest.raises(MastodonVersionError, match="3.5.0"):
            call()
    older = make_client(server.url, mastodon_version="2.9.2", version_check_mode="created")
    with pytest.raises(MastodonVersionError, match="3.0.0"):
        older.directory()
    assert server.requests == []
