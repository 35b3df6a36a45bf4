"""Keyword filters (v1): the endpoints against the mock, the exact requests against the
scripted server, and filters_apply on the client."""

from datetime import UTC, datetime, timedelta

import pytest

from mastodon import (
    Mastodon,
    MastodonIllegalArgumentError,
    MastodonNotFoundError,
    MastodonVersionError,
)
from mastodon._results import AttribAccessDict, AttribAccessList

from .servers import Reply

pytestmark = pytest.mark.both_clients

FILTER = {"id": "8449", "phrase": "test", "context": ["home"], "whole_word": False,
          "expires_at": None, "irreversible": False}


# --- against the mock ----------------------------------------------------------------

def test_create_then_read_back(api):
    assert api.filters() == []
    created = api.filter_create("cats", ["home", "public"], expires_in=3600)
    assert created.phrase == "cats"
    assert created.context == ["home", "public"]
    assert created.whole_word is True
    assert created.irreversible is False
    remaining = created.expires_at - datetime.now(UTC)
    assert timedelta(minutes=55) < remaining <= timedelta(hours=1)

    listed = api.filters()
    assert [f.id for f in listed] == [created.id]
    fetched = api.filter(created.id)
    assert fetched.phrase == "cats" and fetched.context == ["home", "public"]
    assert api.filter(created).id == created.id  # a filter dict stands for its ID


def test_filters_are_per_user(api, api_bob):
    api.filter_create("cats", ["home"])
    assert api_bob.filters() == []


def test_update_then_read_back(api):
    created = api.filter_create("cats", ["home"])
    updated = api.filter_update(created, phrase="dogs", context=["thread", "account"],
                                irreversible=True, expires_in=timedelta(days=1))
    assert updated.id == created.id
    fetched = api.filter(created.id)
    assert fetched.phrase == "dogs"
    assert fetched.context == ["thread", "account"]
    assert fetched.irreversible is True
    assert fetched.expires_at > datetime.now(UTC) + timedelta(hours=23)


def test_update_keeps_what_is_not_given(api):
    created = api.filter_create("cats", ["home", "notifications"], irreversible=True)
    api.filter_update(created.id, phrase="kittens")
    fetched = api.filter(created.id)
    assert fetched.phrase == "kittens"
    assert fetched.context == ["home", "notifications"]
    assert fetched.irreversible is True


def test_delete_then_gone(api):
    keep = api.filter_create("cats", ["home"])
    gone = api.filter_create("dogs", ["home"])
    assert api.filter_delete(gone) is None  # as in Mastodon.py
    assert [f.id for f in api.filters()] == [keep.id]
    with pytest.raises(MastodonNotFoundError):
        api.filter(gone.id)


def test_filters_apply_on_a_real_home_timeline(api, api_bob):
    api_bob._api_request("POST", "/api/v1/statuses", {"status": "I love <b>cats</b> &amp; tea"})
    api_bob._api_request("POST", "/api/v1/statuses", {"status": "I love dogs"})
    api_bob._api_request("POST", "/api/v1/statuses", {"status": "catsup is a word"})
    api.filter_create("cats", ["home"], whole_word=True)
    api.filter_create("dogs", ["public"])

    home = api._api_request("GET", "/api/v1/timelines/home")
    assert len(home) == 3
    shown = api.filters_apply(home, api.filters(), "home")
    texts = sorted(s.content for s in shown)
    assert len(shown) == 2
    assert any("dogs" in t for t in texts) and any("catsup" in t for t in texts)
    # In another context only the filters of that context count.
    public = api.filters_apply(home, api.filters(), "public")
    assert len(public) == 2 and not any("dogs" in s.content for s in public)


def test_filters_apply_checks_the_status_of_notifications(api, api_bob):
    api_bob._api_request("POST", "/api/v1/statuses", {"status": "@alice look, cats!"})
    api_bob._api_request("POST", "/api/v1/statuses", {"status": "@alice hello"})
    api.filter_create("cats", ["notifications"])
    notifications = api._api_request("GET", "/api/v1/notifications")
    assert len(notifications) == 2
    shown = api.filters_apply(notifications, api.filters(), "notifications")
    assert len(shown) == 1 and "hello" in shown[0].status.content
    assert len(api.filters_apply(notifications, api.filters(), "home")) == 2


# --- the requests on the wire -----------------------------------------------------------

def test_create_sends_both_flags_as_mastodon_py_does(recording_api, server):
    server.routes[("POST", "/api/v1/filters")] = Reply(200, FILTER)
    result = recording_api.filter_create("test", ["home", "thread"])
    sent = server.last
    assert (sent.method, sent.path) == ("POST", "/api/v1/filters")
    assert sent.headers["Content-Type"] == "application/x-www-form-urlencoded"
    # Both flags go at their defaults too, as Mastodon.py sends them; no expiry is sent.
    assert sent.form == {"phrase": ["test"], "context[]": ["home", "thread"],
                         "irreversible": ["0"], "whole_word": ["1"]}
    assert result.id == "8449" and result.id == 8449


def test_create_sends_every_option(recording_api, server):
    server.routes[("POST", "/api/v1/filters")] = Reply(200, FILTER)
    recording_api.filter_create("test", "home", irreversible=True, whole_word=False,
                                expires_in=timedelta(minutes=30))
    assert server.last.form == {"phrase": ["test"], "context[]": ["home"],
                                "irreversible": ["1"], "whole_word": ["0"],
                                "expires_in": ["1800"]}


def test_update_sends_only_the_given_values(recording_api, server):
    server.routes[("PUT", "/api/v1/filters/8449")] = Reply(200, FILTER)
    recording_api.filter_update({"id": "8449"}, whole_word=False)
    assert (server.last.method, server.last.path) == ("PUT", "/api/v1/filters/8449")
    assert server.last.form == {"whole_word": ["0"]}
    recording_api.filter_update(8449, phrase="x", context=["public"], irreversible=False,
                                expires_in=60)
    assert server.last.form == {"phrase": ["x"], "context[]": ["public"],
                                "irreversible": ["0"], "expires_in": ["60"]}


def test_read_and_delete_requests(recording_api, server):
    server.routes[("GET", "/api/v1/filters")] = Reply(200, [FILTER])
    server.routes[("GET", "/api/v1/filters/8449")] = Reply(200, FILTER)
    server.routes[("DELETE", "/api/v1/filters/8449")] = Reply(200, {})
    assert recording_api.filters()[0].phrase == "test"
    assert (server.last.method, server.last.path, server.last.query) == ("GET", "/api/v1/filters", {})
    assert recording_api.filter("8449").phrase == "test"
    assert server.last.path == "/api/v1/filters/8449"
    assert recording_api.filter_delete(FILTER) is None  # as in Mastodon.py
    assert (server.last.method, server.last.path, server.last.body) == (
        "DELETE", "/api/v1/filters/8449", b"")


def test_old_server_is_refused_before_sending(server, client_class):
    old = client_class(access_token="t", api_base_url=server.url, mastodon_version="2.4.0",
                   version_check_mode="created")
    with pytest.raises(MastodonVersionError, match="2.4.3"):
        old.filters()
    with pytest.raises(MastodonVersionError):
        old.filter_create("x", ["home"])
    assert server.requests == []


# --- argument checks: nothing is sent -----------------------------------------------

@pytest.mark.parametrize("call, message", [
    (lambda api: api.filter_create("x", ["home", "everywhere"]), "everywhere"),
    (lambda api: api.filter_create("x", []), "at least one"),
    (lambda api: api.filter_create("x", None), "context"),
    (lambda api: api.filter_create("", ["home"]), "phrase"),
    (lambda api: api.filter_create("x", ["home"], expires_in=-5), "expires_in"),
    (lambda api: api.filter_create("x", ["home"], expires_in="soon"), "expires_in"),
    (lambda api: api.filter_update(1, context=["timeline"]), "timeline"),
    (lambda api: api.filter_update(1, phrase=""), "phrase"),
    (lambda api: api.filters_apply([], [FILTER], "everywhere"), "everywhere"),
])
def test_invalid_arguments_send_nothing(recording_api, server, call, message):
    with pytest.raises(MastodonIllegalArgumentError, match=message):
        call(recording_api)
    assert server.requests == []


# --- filters_apply on its own ----------------------------------------------------------

def status(content="", spoiler_text="", **extra):
    return AttribAccessDict(id=str(len(content)), content=content, spoiler_text=spoiler_text,
                            **extra)


def filt(phrase, context=("home",), whole_word=False, expires_at=None):
    return AttribAccessDict(id="1", phrase=phrase, context=list(context), whole_word=whole_word,
                            expires_at=expires_at, irreversible=False)


def kept(objects, filters, context="home"):
    return Mastodon(api_base_url="http://127.0.0.1:9").filters_apply(objects, filters, context)


def test_apply_sends_no_request(server, client_class):
    api = client_class(access_token="t", api_base_url=server.url)
    api.filters_apply([status("<p>hi</p>")], [filt("hi")], "home")
    assert server.requests == []


def test_apply_is_case_insensitive_and_strips_html():
    statuses = [status("<p>Hello <a href='https://cats.example'>World</a></p>"),
                status("<p>HELLO</p><p>world</p>"),
                status("<p>nothing here</p>")]
    # The link target is not text, so only the words shown count.
    assert kept(statuses, [filt("cats")]) == statuses
    # Paragraphs are separate lines, so a phrase does not run across them.
    assert kept(statuses, [filt("hello world")]) == [statuses[1], statuses[2]]
    assert kept(statuses, [filt("HeLLo")]) == [statuses[2]]


def test_apply_decodes_entities_and_keeps_line_breaks_apart():
    statuses = [status("<p>fish &amp; chips</p>"), status("<p>fish<br>chips</p>")]
    assert kept(statuses, [filt("fish & chips")]) == [statuses[1]]
    assert kept(statuses, [filt("fishchips")]) == statuses


def test_apply_whole_word():
    statuses = [status("<p>a cat sat</p>"), status("<p>concatenate</p>"), status("<p>cat.</p>")]
    assert kept(statuses, [filt("cat", whole_word=True)]) == [statuses[1]]
    assert kept(statuses, [filt("cat", whole_word=False)]) == []
    # A phrase starting or ending with a non-word character needs no boundary there
    # (a space before "#" is no word boundary, yet "#tag" is a whole word).
    tagged = [status("<p>see #tag</p>"), status("<p>see #tagged</p>"), status("<p>#tag!</p>")]
    assert kept(tagged, [filt("#tag", whole_word=True)]) == [tagged[1]]
    assert kept(tagged, [filt("#tag", whole_word=False)]) == []


def test_apply_regex_characters_are_literal():
    statuses = [status("<p>price: 1+1 $</p>"), status("<p>11 dollars</p>")]
    assert kept(statuses, [filt("1+1 $")]) == [statuses[1]]


def test_apply_checks_spoiler_poll_media_and_boosts():
    spoiler = status("<p>fine</p>", spoiler_text="Spoilers for Dune")
    poll = status("<p>vote</p>", poll={"options": [{"title": "Dune"}, {"title": "Other"}]})
    media = status("<p>pic</p>", media_attachments=[{"description": "a still from Dune"}])
    boost = status("", reblog=status("<p>Dune is great</p>"))
    clean = status("<p>fine</p>", poll={"options": [{"title": "yes"}]}, media_attachments=[])
    everything = [spoiler, poll, media, boost, clean]
    assert kept(everything, [filt("dune")]) == [clean]


def test_apply_respects_context_and_expiry():
    statuses = [status("<p>cats</p>"), status("<p>dogs</p>")]
    now = datetime.now(UTC)
    assert kept(statuses, [filt("cats", context=["public"])]) == statuses
    assert kept(statuses, [filt("cats", expires_at=now - timedelta(minutes=1))]) == statuses
    assert kept(statuses, [filt("cats", expires_at=now + timedelta(minutes=1))]) == [statuses[1]]
    assert kept(statuses, [filt("cats", expires_at="2000-01-01T00:00:00Z")]) == statuses
    assert kept(statuses, [filt("cats"), filt("dogs")]) == []
    assert kept(statuses, []) == statuses


def test_apply_keeps_notifications_without_status_and_ignores_empty_phrases():
    follow = AttribAccessDict(id="1", type="follow", status=None)
    mention = AttribAccessDict(id="2", type="mention", status=status("<p>cats</p>"))
    assert kept([follow, mention], [filt("cats", context=["notifications"])],
                "notifications") == [follow]
    assert kept([follow, mention], [filt("", context=["notifications"])],
                "notifications") == [follow, mention]


def test_apply_keeps_pagination_info():
    page = AttribAccessList([status("<p>cats</p>"), status("<p>dogs</p>")])
    page._pagination_next = {"max_id": "5"}
    page._pagination_prev = {"min_id": "9"}
    result = kept(page, [filt("cats")])
    assert result == [page[1]]
    assert result._pagination_next == {"max_id": "5"}
    assert result._pagination_prev == {"min_id": "9"}
    # The input list is left as it was.
    assert len(page) == 2
