"""Filters v2 (filter groups with keywords and statuses): the endpoints against the mock,
the exact requests against the scripted server, and argument checks."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from mastodon import (
    MastodonIllegalArgumentError,
    MastodonNotFoundError,
    MastodonVersionError,
)

from .servers import Reply

pytestmark = pytest.mark.both_clients

FILTER = {"id": "25933", "title": "test", "context": ["public"], "expires_at": None,
          "filter_action": "warn", "keywords": [], "statuses": []}


# --- against the mock ----------------------------------------------------------------

def test_create_with_keywords_then_read_back(api):
    assert api.filters_v2() == []
    created = api.create_filter_v2(
        "Crossposts", ["home", "public"], "hide", expires_in=timedelta(hours=2),
        keywords_attributes=[{"keyword": "from birdsite", "whole_word": True},
                             {"keyword": "t.co", "whole_word": False}])
    assert created.title == "Crossposts"
    assert created.context == ["home", "public"]
    assert created.filter_action == "hide"
    remaining = created.expires_at - datetime.now(UTC)
    assert timedelta(minutes=115) < remaining <= timedelta(hours=2)

    fetched = api.filter_v2(created.id)
    assert fetched.title == "Crossposts" and fetched.filter_action == "hide"
    assert sorted((k.keyword, k.whole_word) for k in fetched.keywords) == [
        ("from birdsite", True), ("t.co", False)]
    assert [f.id for f in api.filters_v2()] == [created.id]
    keywords = api.filter_keywords_v2(created)  # a filter dict stands for its ID
    assert sorted(k.keyword for k in keywords) == ["from birdsite", "t.co"]


def test_create_without_keywords_or_expiry(api):
    created = api.create_filter_v2("Spoilers", "thread", "warn")
    fetched = api.filter_v2(created)
    assert fetched.context == ["thread"]
    assert fetched.expires_at is None
    assert fetched.keywords == [] and fetched.statuses == []


def test_update_then_read_back(api):
    created = api.create_filter_v2("Old", ["home"], "warn", keywords_attributes=["cats"])
    updated = api.update_filter_v2(created, title="New", context=["notifications", "account"],
                                   filter_action="hide", expires_in=86400)
    assert updated.id == created.id
    fetched = api.filter_v2(created.id)
    assert fetched.title == "New"
    assert fetched.context == ["notifications", "account"]
    assert fetched.filter_action == "hide"
    assert fetched.expires_at > datetime.now(UTC) + timedelta(hours=23)
    assert [k.keyword for k in fetched.keywords] == ["cats"]  # untouched


def test_update_keeps_what_is_not_given(api):
    created = api.create_filter_v2("Keep", ["home", "public"], "hide")
    api.update_filter_v2(created.id, title="Kept")
    fetched = api.filter_v2(created.id)
    assert (fetched.title, fetched.context, fetched.filter_action) == (
        "Kept", ["home", "public"], "hide")


def test_add_and_delete_keyword(api):
    created = api.create_filter_v2("Animals", ["home"], "warn")
    cats = api.add_filter_keyword_v2(created, "cats")
    dogs = api.add_filter_keyword_v2(created.id, "dogs", whole_word=True)
    # The method's default (False) is sent: the server's own default would be True.
    assert cats.keyword == "cats" and cats.whole_word is False
    assert dogs.whole_word is True
    listed = {k.keyword: k for k in api.filter_keywords_v2(created.id)}
    assert set(listed) == {"cats", "dogs"}
    assert listed["cats"].whole_word is False

    assert api.delete_filter_keyword_v2(cats) is None  # as in Mastodon.py
    assert [k.keyword for k in api.filter_keywords_v2(created.id)] == ["dogs"]
    assert [k.keyword for k in api.filter_v2(created.id).keywords] == ["dogs"]


def test_add_read_and_delete_status(api, api_bob):
    toot = api_bob.status_post("something to hide")
    created = api.create_filter_v2("This post", ["home"], "hide")
    entry = api.add_filter_status_v2(created, toot)  # a toot dict stands for its ID
    assert entry.status_id == toot.id

    assert [(e.id, e.status_id) for e in api.filter_statuses_v2(created)] == [(entry.id, toot.id)]
    assert api.filter_status_v2(entry.id).status_id == toot.id
    assert [s.status_id for s in api.filter_v2(created).statuses] == [toot.id]

    assert api.delete_filter_status_v2(entry) is None  # as in Mastodon.py
    assert api.filter_statuses_v2(created) == []
    with pytest.raises(MastodonNotFoundError):
        api.filter_status_v2(entry.id)


def test_delete_then_gone(api):
    keep = api.create_filter_v2("Keep", ["home"], "warn")
    gone = api.create_filter_v2("Gone", ["home"], "warn", keywords_attributes=["x"])
    assert api.delete_filter_v2(gone) is None  # as in Mastodon.py
    with pytest.raises(MastodonNotFoundError):
        api.filter_v2(gone.id)
    assert [f.id for f in api.filters_v2()] == [keep.id]


def test_filters_are_per_user(api, api_bob):
    created = api.create_filter_v2("Mine", ["home"], "warn")
    assert api_bob.filters_v2() == []
    with pytest.raises(MastodonNotFoundError):
        api_bob.filter_v2(created.id)
    with pytest.raises(MastodonNotFoundError):
        api_bob.add_filter_keyword_v2(created.id, "sneaky")
    assert api.filter_keywords_v2(created.id) == []


# --- the exact requests (scripted server) --------------------------------------------

def test_create_sends_json_with_nested_keywords(recording_api, server):
    server.routes[("POST", "/api/v2/filters")] = Reply(200, FILTER)
    result = recording_api.create_filter_v2(
        "test", ["public"], "warn", expires_in=3600,
        keywords_attributes=[{"keyword": "foo", "whole_word": False}, "bar",
                             {"whole_word": 1, "keyword": "baz"}])
    assert result.id == "25933"
    sent = server.last
    assert (sent.method, sent.path) == ("POST", "/api/v2/filters")
    assert sent.headers["Content-Type"].startswith("application/json")
    assert sent.json == {
        "title": "test", "context": ["public"], "filter_action": "warn", "expires_in": 3600,
        "keywords_attributes": [{"keyword": "foo", "whole_word": False}, {"keyword": "bar"},
                                {"keyword": "baz", "whole_word": True}]}


def test_create_sends_only_what_is_set(recording_api, server):
    server.routes[("POST", "/api/v2/filters")] = Reply(200, FILTER)
    recording_api.create_filter_v2("test", "home", None)
    assert server.last.json == {"title": "test", "context": ["home"]}


def test_update_sends_keyword_changes(recording_api, server):
    server.routes[("PUT", "/api/v2/filters/25933")] = Reply(200, FILTER)
    existing = {"id": "34979", "keyword": "bar", "whole_word": True}  # as the server gives it
    recording_api.update_filter_v2("25933", keywords_attributes=[
        {"id": "34978", "_destroy": True},
        {"id": 34979, "keyword": "baz"},
        existing,
        {"keyword": "new", "whole_word": False},
    ])
    sent = server.last
    assert (sent.method, sent.path) == ("PUT", "/api/v2/filters/25933")
    assert sent.json == {"keywords_attributes": [
        {"id": "34978", "_destroy": True},
        {"id": "34979", "keyword": "baz"},
        {"id": "34979", "keyword": "bar", "whole_word": True},
        {"keyword": "new", "whole_word": False},
    ], "filter_id": "25933"}  # the ID in the body too, as Mastodon.py sends it


def test_update_sends_only_what_is_given(recording_api, server):
    server.routes[("PUT", "/api/v2/filters/7")] = Reply(200, FILTER)
    recording_api.update_filter_v2({"id": "7"}, filter_action="hide")
    assert server.last.json == {"filter_action": "hide", "filter_id": "7"}


def test_keyword_and_status_requests(recording_api, server):
    server.routes[("POST", "/api/v2/filters/7/keywords")] = Reply(
        200, {"id": "1", "keyword": "x", "whole_word": False})
    recording_api.add_filter_keyword_v2("7", "x")
    assert server.last.form == {"keyword": ["x"], "whole_word": ["0"], "filter_id": ["7"]}

    server.routes[("POST", "/api/v2/filters/7/statuses")] = Reply(
        200, {"id": "897", "status_id": "109416512469928632"})
    entry = recording_api.add_filter_status_v2("7", {"id": "109416512469928632"})
    assert server.last.form == {"status_id": ["109416512469928632"]}
    assert entry.status_id == 109416512469928632

    calls = [
        (lambda: recording_api.filter_v2("7"), "GET", "/api/v2/filters/7"),
        (lambda: recording_api.filters_v2(), "GET", "/api/v2/filters"),
        (lambda: recording_api.filter_keywords_v2("7"), "GET", "/api/v2/filters/7/keywords"),
        (lambda: recording_api.filter_statuses_v2("7"), "GET", "/api/v2/filters/7/statuses"),
        (lambda: recording_api.filter_status_v2("897"), "GET", "/api/v2/filters/statuses/897"),
        (lambda: recording_api.delete_filter_status_v2("897"), "DELETE",
         "/api/v2/filters/statuses/897"),
        (lambda: recording_api.delete_filter_keyword_v2("1"), "DELETE",
         "/api/v2/filters/keywords/1"),
        (lambda: recording_api.delete_filter_v2("7"), "DELETE", "/api/v2/filters/7"),
    ]
    for call, method, path in calls:
        is_list = path.endswith(("filters", "keywords", "statuses"))
        server.default = Reply(200, [] if is_list else {})
        call()
        assert (server.last.method, server.last.path, server.last.query, server.last.body) == (
            method, path, {}, b"")


def test_blur_needs_mastodon_4_4(server, client_class):
    server.routes[("POST", "/api/v2/filters")] = Reply(200, FILTER)
    old = client_class(access_token="t", api_base_url=server.url, mastodon_version="4.3.0",
                   version_check_mode="created")
    with pytest.raises(MastodonVersionError, match="4.4.0"):
        old.create_filter_v2("x", ["home"], "blur")
    with pytest.raises(MastodonVersionError, match="4.4.0"):
        old.update_filter_v2("1", filter_action="blur")
    assert server.requests == []
    old.create_filter_v2("x", ["home"], "hide")  # the other actions are fine
    new = client_class(access_token="t", api_base_url=server.url, mastodon_version="4.4.0",
                   version_check_mode="created")
    new.create_filter_v2("x", ["home"], "blur")
    assert server.last.json["filter_action"] == "blur"


def test_old_server_is_refused_before_sending(server, client_class):
    old = client_class(access_token="t", api_base_url=server.url, mastodon_version="3.5.5",
                   version_check_mode="created")
    for call in (old.filters_v2, lambda: old.filter_v2("1"),
                 lambda: old.create_filter_v2("x", ["home"], "warn"),
                 lambda: old.add_filter_keyword_v2("1", "x"),
                 lambda: old.delete_filter_status_v2("1")):
        with pytest.raises(MastodonVersionError, match="4.0.0"):
            call()
    assert server.requests == []


# --- argument checks -------------------------------------------------------------------

@pytest.mark.parametrize("call, message", [
    (lambda a: a.create_filter_v2("", ["home"], "warn"), "title"),
    (lambda a: a.create_filter_v2("t", [], "warn"), "context"),
    (lambda a: a.create_filter_v2("t", ["timeline"], "warn"), "timeline"),
    (lambda a: a.create_filter_v2("t", ["home"], "delete"), "filter_action"),
    (lambda a: a.create_filter_v2("t", ["home"], "warn", expires_in=-5), "expires_in"),
    (lambda a: a.create_filter_v2("t", ["home"], "warn", keywords_attributes=[{"id": "1"}]),
     "update_filter_v2"),
    (lambda a: a.create_filter_v2("t", ["home"], "warn",
                                  keywords_attributes=[{"whole_word": True}]), "needs a keyword"),
    (lambda a: a.create_filter_v2("t", ["home"], "warn", keywords_attributes=[{"word": "x"}]),
     "unknown keys"),
    (lambda a: a.create_filter_v2("t", ["home"], "warn", keywords_attributes=[""]),
     "non-empty"),
    (lambda a: a.create_filter_v2("t", ["home"], "warn", keywords_attributes=[42]), "dict"),
    (lambda a: a.update_filter_v2("1", title=""), "title"),
    (lambda a: a.update_filter_v2("1", keywords_attributes=[{"_destroy": True}]), "needs its id"),
    (lambda a: a.update_filter_v2("1", keywords_attributes=[{"whole_word": True}]), "an id"),
    (lambda a: a.update_filter_v2(None, title="x"), "filter_id"),
    (lambda a: a.filter_v2(None), "filter_id"),
    (lambda a: a.add_filter_keyword_v2("1", " "), "keyword"),
    (lambda a: a.add_filter_status_v2("1", None), "status_id"),
    (lambda a: a.delete_filter_keyword_v2(""), "keyword_id"),
    (lambda a: a.filter_status_v2({}), "filter_status_id"),
])
def test_invalid_arguments_are_refused_before_sending(recording_api, server, call, message):
    with pytest.raises(MastodonIllegalArgumentError, match=message):
        call(recording_api)
    assert server.requests == []


def test_request_bodies_are_valid_json_for_every_value_type(recording_api, server):
    # IDs coming back from the server are MastodonId (a str subclass); they go out as strings.
    server.routes[("PUT", "/api/v2/filters/9")] = Reply(200, FILTER)
    server.routes[("GET", "/api/v2/filters/9/keywords")] = Reply(
        200, [{"id": "55", "keyword": "k", "whole_word": True}])
    kw = recording_api.filter_keywords_v2("9")[0]
    recording_api.update_filter_v2("9", keywords_attributes=[{"id": kw.id, "_destroy": True}])
    assert json.loads(server.last.body) == {"keywords_attributes": [{"id": "55", "_destroy": True}],
                                            "filter_id": "9"}
