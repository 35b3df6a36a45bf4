"""Requests whose shape depends on the server's version: a version that is known
(given, or already read) decides, an unknown one counts as a current Mastodon, and no
request is ever sent just to learn it. Against the scripted server."""

import pytest

from .conftest import client
from .servers import Reply

EMPTY_SEARCH = {"accounts": [], "statuses": [], "hashtags": []}


def unknown(server):
    """A client that does not know the server's version and checks none."""
    return client(server.url, "t", version_check_mode="none")


def paths(server):
    return [(r.method, r.path) for r in server.requests]


def test_search_defaults_without_a_known_version(server):
    server.default = Reply(200, EMPTY_SEARCH)
    unknown(server).search("cats")
    assert paths(server) == [("GET", "/api/v2/search")]
    assert server.last.query == {"q": ["cats"], "resolve": ["1"], "exclude_unreviewed": ["1"]}
    client(server.url, "t", mastodon_version="2.9.2").search("cats")
    assert server.last.query == {"q": ["cats"], "resolve": ["1"]}  # 2.9 has no such filter
    client(server.url, "t", mastodon_version="2.4.0").search("cats")
    assert server.last.path == "/api/v1/search"


def test_status_card_without_a_known_version(server):
    server.routes[("GET", "/api/v1/statuses/5")] = Reply(200, {"id": "5", "card": {"url": "u"}})
    assert unknown(server).status_card("5").url == "u"
    assert paths(server) == [("GET", "/api/v1/statuses/5")]
    server.routes[("GET", "/api/v1/statuses/5/card")] = Reply(200, {"url": "old"})
    assert client(server.url, "t", mastodon_version="2.9.2").status_card("5").url == "old"
    assert server.last.path == "/api/v1/statuses/5/card"


def test_mentions_only_without_a_known_version(server):
    server.default = Reply(200, [])
    unknown(server).notifications(mentions_only=True)
    assert paths(server) == [("GET", "/api/v1/notifications")]
    assert server.last.query == {"types[]": ["mention"]}


def test_suggestions_without_a_known_version(server):
    server.default = Reply(200, [])
    unknown(server).suggestions()
    assert paths(server) == [("GET", "/api/v2/suggestions")]


def test_trends_without_a_known_version(server):
    server.default = Reply(200, [])
    unknown(server).trends()
    assert paths(server) == [("GET", "/api/v1/trends/tags")]
    client(server.url, "t", mastodon_version="3.4.0").trends()
    assert server.last.path == "/api/v1/trends"


@pytest.mark.parametrize("call, method, path, form", [
    (lambda api: api.account_follow("7"), "POST", "/api/v1/accounts/7/follow",
     {"reblogs": ["1"], "notify": ["0"]}),
    (lambda api: api.list_create("x"), "POST", "/api/v1/lists",
     {"title": ["x"], "replies_policy": ["list"], "exclusive": ["0"]}),
    (lambda api: api.push_subscription_update(mention_events=True), "PUT",
     "/api/v1/push/subscription", {"data[alerts][mention]": ["1"], "data[policy]": ["all"]}),
    (lambda api: api.notifications_dismiss("9"), "POST", "/api/v1/notifications/9/dismiss", {}),
])
def test_defaults_for_a_current_server_without_asking(server, call, method, path, form):
    server.default = Reply(200, {"id": "7", "title": "x"})
    call(unknown(server))
    assert paths(server) == [(method, path)]
    assert server.last.form == form
