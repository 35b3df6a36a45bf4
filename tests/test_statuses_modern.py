"""The Mastodon 4.x status surface: editing (with media attributes), history, source,
translation, several statuses at once, quotes and quote policy, bookmarks, link
timelines, timeline availability, and status length.

Against the mastodon_mock server where it behaves like Mastodon; against the scripted
server for the exact requests and where the mock differs (it ignores media, polls and
languages in edits, has no timeline access settings and no link trends).
"""

import base64
import io
from datetime import UTC, datetime

import pytest

from mastodon.errors import (
    MastodonAPIError,
    MastodonFileNotFoundError,
    MastodonIllegalArgumentError,
    MastodonNotFoundError,
    MastodonVersionError,
)

from .servers import Reply

pytestmark = pytest.mark.both_clients

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def post(api, text, **params):
    """Post a status over HTTP (setup, outside the methods under test)."""
    return api._api_request("POST", "/api/v1/statuses", {"status": text, **params})


def ids(statuses):
    return [s.id for s in statuses]


# --- editing, against the mock -------------------------------------------------------

def test_edit_then_read_back_history_and_source(api, api_bob):
    original = post(api, "frist post", spoiler_text="typo inside")
    edited = api.status_update(original, "first post", spoiler_text="fixed", sensitive=True)
    assert edited.id == original.id
    assert isinstance(edited.edited_at, datetime)

    read = api_bob.status(original.id)
    assert "first post" in read.content and "frist" not in read.content
    assert read.spoiler_text == "fixed"
    assert read.sensitive is True
    assert read.edited_at == edited.edited_at

    history = api_bob.status_history(original.id)
    assert len(history) == 2
    assert "frist post" in history[0].content and history[0].spoiler_text == "typo inside"
    assert "first post" in history[-1].content

    source = api.status_source(original)
    assert (source.id, source.text, source.spoiler_text) == (original.id, "first post", "fixed")


def test_unedited_status_has_a_history_of_one(api):
    status = post(api, "never edited")
    history = api.status_history(status.id)
    assert len(history) == 1
    assert "never edited" in history[0].content


def test_editing_someone_elses_status_is_refused(api, api_bob):
    status = post(api, "mine")
    with pytest.raises(MastodonAPIError):  # Mastodon answers 404, the mock 403
        api_bob.status_update(status, "not yours")
    assert "mine" in api.status(status).content


def test_translate(api, api_bob):
    status = post(api, "hello world", spoiler_text="greeting")
    translation = api_bob.status_translate(status, lang="de")
    # The mock "translates" into Pig Latin, which shows that a translation came back.
    assert "ellohay" in translation.content and "hello world" not in translation.content
    assert translation.spoiler_text == "eetinggray"
    assert translation.detected_source_language == "en"


def test_several_statuses_by_id(api, api_bob):
    first, second = post(api, "one"), post(api_bob, "two")
    found = api.statuses([first, second.id, "999999"])
    assert sorted(ids(found)) == sorted([first.id, second.id])  # the missing one is left out
    assert ids(api.statuses(second)) == [second.id]


# --- bookmarks, against the mock -----------------------------------------------------

def test_bookmark_list_and_unbookmark(api, api_bob):
    first, second, other = post(api_bob, "one"), post(api_bob, "two"), post(api_bob, "three")
    assert api.bookmarks() == []

    assert api.status_bookmark(first).bookmarked is True
    api.status_bookmark(second.id)
    assert api.status(first).bookmarked is True
    assert api.status(other).bookmarked is False

    bookmarks = api.bookmarks()
    assert ids(bookmarks) == [second.id, first.id]
    assert all(s.bookmarked for s in bookmarks)
    assert api_bob.bookmarks() == []  # bookmarks are private to each user

    assert api.status_unbookmark(first).bookmarked is False
    assert ids(api.bookmarks()) == [second.id]
    assert api.status(first).bookmarked is False


def test_bookmarks_page_through_the_link_header(api, api_bob):
    statuses = [post(api_bob, f"post {n}") for n in range(3)]
    for status in statuses:
        api.status_bookmark(status)
    page = api.bookmarks(limit=2)
    assert len(page) == 2
    assert ids(api.fetch_remaining(page)) == ids(reversed(statuses))


# --- quotes, against the mock --------------------------------------------------------

def test_quotes_list_and_revoke(api, api_bob):
    quoted = post(api, "quote me")
    quote = post(api_bob, "so true", quoted_status_id=quoted.id)
    post(api_bob, "unrelated")

    assert ids(api.status_quotes(quoted)) == [quote.id]

    revoked = api.status_quote_revoke(quoted, quote)
    assert revoked.id == quote.id
    assert revoked.quote.state == "revoked"
    assert api_bob.status(quote).quote.state == "revoked"


def test_only_the_quoted_author_may_revoke(api, api_bob):
    quoted = post(api, "quote me")
    quote = post(api_bob, "so true", quoted_status_id=quoted.id)
    with pytest.raises(MastodonAPIError) as caught:
        api_bob.status_quote_revoke(quoted, quote)
    assert caught.value.status_code == 403
    assert api.status(quote).quote.state == "accepted"


def test_quote_approval_policy_decides_who_may_quote(api, api_bob):
    status = post(api, "my words")
    api.status_update_quote_approval_policy(status, "nobody")
    with pytest.raises(MastodonAPIError):
        post(api_bob, "quoting", quoted_status_id=status.id)

    api.status_update_quote_approval_policy(status.id, "public")
    quote = post(api_bob, "quoting", quoted_status_id=status.id)
    assert quote.quote.quoted_status.id == status.id


def test_quote_policy_set_in_an_edit(api, api_bob):
    status = post(api, "my words")
    api.status_update(status, "my words, edited", quote_approval_policy="nobody")
    with pytest.raises(MastodonAPIError):
        post(api_bob, "quoting", quoted_status_id=status.id)


# --- link timeline and timeline availability, against the mock -----------------------

def test_link_timeline_path(api):
    # The mock has no link trends: it answers every article with no posts.
    assert api.timeline_link("https://news.example/story") == []


def test_timeline_availability_by_probing(api, api_anonymous):
    # The mock has no timelines_access settings, so the timelines are asked.
    assert api_anonymous.timeline_is_available() is True
    assert api_anonymous.timeline_is_available("local") is True
    assert api_anonymous.timeline_is_available("tag/cats") is True
    assert api.timeline_is_available("home") is False  # visitors have no home timeline
    assert api.timeline_is_available("home", with_auth=True) is True
    assert api.timeline_is_available("list/424242", with_auth=True) is False


# --- the exact requests --------------------------------------------------------------

def test_edit_sends_only_what_was_given(recording_api, server):
    recording_api.status_update("7", "new text")
    assert (server.last.method, server.last.path) == ("PUT", "/api/v1/statuses/7")
    assert server.last.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert server.last.form == {"status": ["new text"]}

    recording_api.status_update({"id": "7"}, "x", spoiler_text="cw", sensitive=False,
                                media_ids=[{"id": "m1"}, "m2"], language="de",
                                quote_approval_policy="followers")
    assert server.last.form == {"status": ["x"], "spoiler_text": ["cw"], "sensitive": ["0"],
                                "language": ["de"], "media_ids[]": ["m1", "m2"],
                                "quote_approval_policy": ["followers"]}


def test_edit_with_media_only_needs_no_text(recording_api, server):
    recording_api.status_update("7", None, media_ids="m1")
    assert server.last.form == {"media_ids[]": ["m1"]}


def test_edit_with_poll_is_json(recording_api, server):
    poll = recording_api.make_poll(["yes", "no"], 3600, multiple=True)
    recording_api.status_update("7", "which?", poll=poll)
    assert server.last.headers["Content-Type"] == "application/json"
    # Both flags go, as JSON booleans, as Mastodon.py sends them.
    assert server.last.json == {"status": "which?",
                                "poll": {"options": ["yes", "no"], "expires_in": 3600,
                                         "multiple": True, "hide_totals": False}}


def test_edit_media_attributes_as_json(recording_api, server):
    described = recording_api.generate_media_edit_attributes({"id": "m1"}, description="a cat",
                                                             focus=(0.5, -0.25))
    assert described == {"id": "m1", "description": "a cat", "focus": "0.5,-0.25"}
    recording_api.status_update("7", "cats", media_ids=["m1", "m2"],
                                media_attributes=[described, {"id": "m2", "focus": (0, 1)}])
    assert server.last.headers["Content-Type"] == "application/json"
    assert server.last.json == {
        "status": "cats", "media_ids": ["m1", "m2"],
        "media_attributes": [{"id": "m1", "description": "a cat", "focus": "0.5,-0.25"},
                             {"id": "m2", "focus": "0.0,1.0"}]}


def test_edit_thumbnail_goes_as_a_data_uri_in_json(recording_api, server, tmp_path):
    path = tmp_path / "thumb.png"
    path.write_bytes(PNG)
    with_thumbnail = recording_api.generate_media_edit_attributes("m1", description="new",
                                                                  thumbnail=str(path))
    data_uri = "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert with_thumbnail.thumbnail == data_uri
    recording_api.status_update(
        "7", "cats", media_ids=["m1", "m2"],
        media_attributes=[with_thumbnail,
                          recording_api.generate_media_edit_attributes("m2", description="b")])
    # A JSON body, as Mastodon.py sends it (and Mastodon takes data: URIs there).
    assert server.last.method == "PUT"
    assert server.last.headers["Content-Type"] == "application/json"
    assert server.last.json == {
        "status": "cats", "media_ids": ["m1", "m2"],
        "media_attributes": [{"id": "m1", "description": "new", "thumbnail": data_uri},
                             {"id": "m2", "description": "b"}]}


def test_media_attributes_keep_the_media_they_change(recording_api, server):
    # Mastodon removes every attachment an edit does not list: the media that the
    # attributes change are added to media_ids (which, left out, is just them).
    change = {"id": "m3", "description": "dog"}
    recording_api.status_update("7", "pets", media_attributes=[change])
    assert server.last.json == {"status": "pets", "media_ids": ["m3"],
                                "media_attributes": [change]}
    recording_api.status_update("7", "pets", media_ids=["m1", {"id": "m3"}],
                                media_attributes=[change, {"id": "m4", "focus": "0,0"}])
    assert server.last.json["media_ids"] == ["m1", "m3", "m4"]


def test_missing_thumbnail_file(recording_api, server, tmp_path):
    with pytest.raises(MastodonFileNotFoundError):
        recording_api.generate_media_edit_attributes("m1", thumbnail=str(tmp_path / "gone.png"))
    assert server.requests == []


def test_thumbnail_from_bytes_or_a_file_object_needs_no_name(recording_api):
    attributes = recording_api.generate_media_edit_attributes("m1", thumbnail=PNG)
    assert attributes.thumbnail == "data:image/png;base64," + base64.b64encode(PNG).decode()
    explicit = recording_api.generate_media_edit_attributes("m1", thumbnail=io.BytesIO(b"raw"),
                                                            thumb_mimetype="image/webp")
    assert explicit.thumbnail == "data:image/webp;base64," + base64.b64encode(b"raw").decode()


def test_translate_request(recording_api, server):
    recording_api.status_translate("7")
    assert (server.last.method, server.last.path, server.last.form) == (
        "POST", "/api/v1/statuses/7/translate", {})
    recording_api.status_translate({"id": "7"}, lang="fr")
    assert server.last.form == {"lang": ["fr"]}


def test_several_statuses_request(recording_api, server):
    server.default = Reply(200, [])
    recording_api.statuses(["1", {"id": "2"}, 3])
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v1/statuses", {"id[]": ["1", "2", "3"]})


def test_read_paths(recording_api, server):
    server.routes[("GET", "/api/v1/statuses/7/history")] = Reply(200, [])
    recording_api.status_history({"id": "7"})
    assert (server.last.method, server.last.path) == ("GET", "/api/v1/statuses/7/history")
    recording_api.status_source("7")
    assert (server.last.method, server.last.path) == ("GET", "/api/v1/statuses/7/source")


def test_quote_requests(recording_api, server):
    server.default = Reply(200, [])
    recording_api.status_quotes("7")
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v1/statuses/7/quotes", {})
    recording_api.status_quotes("7", max_id={"id": "90"}, since_id="10", limit=5)
    assert server.last.query == {"max_id": ["90"], "since_id": ["10"], "limit": ["5"]}

    server.default = Reply(200, {})
    recording_api.status_quote_revoke({"id": "7"}, {"id": "8"})
    assert (server.last.method, server.last.path, server.last.body) == (
        "POST", "/api/v1/statuses/7/quotes/8/revoke", b"")
    recording_api.status_update_quote_approval_policy("7", "followers")
    assert (server.last.method, server.last.path, server.last.form) == (
        "PUT", "/api/v1/statuses/7/interaction_policy", {"quote_approval_policy": ["followers"]})


def test_bookmark_requests(recording_api, server):
    server.default = Reply(200, {})
    recording_api.status_bookmark({"id": "7"})
    assert (server.last.method, server.last.path) == ("POST", "/api/v1/statuses/7/bookmark")
    recording_api.status_unbookmark("7")
    assert (server.last.method, server.last.path) == ("POST", "/api/v1/statuses/7/unbookmark")

    server.default = Reply(200, [])
    recording_api.bookmarks()
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v1/bookmarks", {})
    recording_api.bookmarks(max_id={"id": "80"}, min_id="20", since_id=10, limit=5)
    assert server.last.query == {"max_id": ["80"], "min_id": ["20"], "since_id": ["10"],
                                 "limit": ["5"]}


def test_link_timeline_request(recording_api, server):
    server.default = Reply(200, [])
    recording_api.timeline_link("https://news.example/a?b=c")
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v1/timelines/link", {"url": ["https://news.example/a?b=c"]})
    when = datetime(2024, 3, 1, tzinfo=UTC)
    recording_api.timeline_link("https://news.example/", local=True, max_id=when, limit=3,
                                only_media=True)
    assert server.last.query == {"url": ["https://news.example/"], "local": ["1"],
                                 "max_id": [str(int(when.timestamp() * 1000) << 16)],
                                 "limit": ["3"], "only_media": ["1"]}


# --- timeline availability from the server's settings ---------------------------------

def instance_with_access(**feeds):
    return Reply(200, {"version": "4.5.0", "configuration": {"timelines_access": feeds}})


def test_availability_from_settings(recording_api, server):
    server.routes[("GET", "/api/v2/instance")] = instance_with_access(
        live_feeds={"local": "public", "remote": "authenticated"},
        hashtag_feeds={"local": "authenticated", "remote": "authenticated"},
        trending_link_feeds={"local": "public", "remote": "public"})
    api = recording_api
    assert api.timeline_is_available() is False  # remote posts need a login
    assert api.timeline_is_available(local=True) is True
    assert api.timeline_is_available("local") is True
    assert api.timeline_is_available(remote=True) is False
    assert api.timeline_is_available(with_auth=True) is True
    assert api.timeline_is_available("tag/cats") is False
    assert api.timeline_is_available("tag", with_auth=True) is True
    assert api.timeline_is_available("link") is True
    # The settings answered: no timeline was asked.
    assert {r.path for r in server.requests} == {"/api/v2/instance/"}


def test_disabled_feed_only_for_roles_that_may_view_it(recording_api, server):
    server.routes[("GET", "/api/v2/instance")] = instance_with_access(
        live_feeds={"local": "disabled", "remote": "disabled"})
    me = "/api/v1/accounts/verify_credentials"
    server.routes[("GET", me)] = Reply(200, {"id": "1", "role": {"permissions": "0"}})
    assert recording_api.timeline_is_available() is False
    assert recording_api.timeline_is_available(with_auth=True) is False
    server.routes[("GET", me)] = Reply(200, {"id": "1", "role": {"permissions": str(0x100000)}})
    assert recording_api.timeline_is_available(with_auth=True) is True
    server.routes[("GET", me)] = Reply(200, {"id": "1", "role": {"permissions": "1"}})
    assert recording_api.timeline_is_available(with_auth=True) is True


def test_availability_probe_without_settings(recording_api, server):
    server.routes[("GET", "/api/v2/instance")] = Reply(200, {"version": "4.4.0"})
    server.routes[("GET", "/api/v1/timelines/public")] = Reply(401, {"error": "login first"})
    assert recording_api.timeline_is_available(remote=True) is False
    probe = server.last
    assert (probe.path, probe.query) == ("/api/v1/timelines/public",
                                         {"limit": ["1"], "remote": ["1"]})
    assert "Authorization" not in probe.headers  # asked as a visitor

    server.routes[("GET", "/api/v1/timelines/public")] = Reply(200, [])
    assert recording_api.timeline_is_available(with_auth=True) is True
    assert server.last.headers["Authorization"] == "Bearer secret-token"


def test_availability_probe_of_link_timeline(server, make_client):
    server.routes[("GET", "/api/v2/instance")] = Reply(404, {"error": "not found"})
    server.routes[("GET", "/api/v1/timelines/link")] = Reply(404, {"error": "Record not found"})
    # Access checks come before the article lookup: a 404 means the timeline is open.
    assert make_client(server.url, "t", mastodon_version="4.3.0").timeline_is_available("link") is True
    assert server.last.query["url"] == [server.url + "/"]
    count = len(server.requests)
    old = make_client(server.url, "t", mastodon_version="4.2.0")
    assert old.timeline_is_available("link/https://news.example/") is False
    assert "/api/v1/timelines/link" not in {r.path for r in server.requests[count:]}


def test_availability_fail_hard(recording_api, server):
    server.routes[("GET", "/api/v2/instance")] = Reply(404, {})
    server.routes[("GET", "/api/v1/timelines/public")] = Reply(500, {"error": "boom"})
    recording_api.max_retries = 0
    assert recording_api.timeline_is_available() is False
    with pytest.raises(MastodonAPIError) as caught:
        recording_api.timeline_is_available(fail_hard=True)
    assert caught.value.status_code == 500


# --- argument checks: nothing is sent -----------------------------------------------

@pytest.mark.parametrize("call", [
    lambda api: api.status_update("7", "x", media_ids=["m1"],
                                  poll=api.make_poll(["a", "b"], 600)),
    lambda api: api.status_update("7", ""),
    lambda api: api.status_update("7", None),
    lambda api: api.status_update(None, "x"),
    lambda api: api.status_update("7", "x", quote_approval_policy="everyone"),
    lambda api: api.status_update("7", "x", poll={"options": ["only one"], "expires_in": 600}),
    lambda api: api.status_update("7", "x", media_ids=["m1"],
                                  media_attributes=[{"description": "no id"}]),
    lambda api: api.status_update("7", "x", media_ids=["m1"],
                                  media_attributes=[{"id": "m1", "alt": "unknown key"}]),
    lambda api: api.generate_media_edit_attributes(None),
    lambda api: api.generate_media_edit_attributes("m1", focus=(2, 0)),
    lambda api: api.status_update_quote_approval_policy("7", "anyone"),
    lambda api: api.status_quote_revoke("7", None),
    lambda api: api.status_quotes("7", max_id=datetime(2024, 1, 1)),
    lambda api: api.bookmarks(max_id=datetime(2024, 1, 1)),
    lambda api: api.statuses([None]),
    lambda api: api.timeline_link(""),
    lambda api: api.timeline_is_available(""),
])
def test_invalid_arguments_send_nothing(recording_api, server, call):
    with pytest.raises(MastodonIllegalArgumentError):
        call(recording_api)
    assert server.requests == []


def test_asking_about_authenticated_timelines_needs_a_token(server, client_class):
    anonymous = client_class(api_base_url=server.url, mastodon_version="4.5.0")
    with pytest.raises(MastodonIllegalArgumentError):
        anonymous.timeline_is_available(with_auth=True)
    assert server.requests == []


@pytest.mark.parametrize("version, call", [
    ("3.4.0", lambda api: api.status_update("7", "x")),
    ("3.5.0", lambda api: api.status_update("7", "x", language="en")),
    ("4.4.0", lambda api: api.status_update("7", "x", quote_approval_policy="nobody")),
    ("3.9.0", lambda api: api.status_translate("7")),
    ("4.2.0", lambda api: api.statuses(["7"])),
    ("4.4.0", lambda api: api.status_quotes("7")),
    ("4.4.0", lambda api: api.status_quote_revoke("7", "8")),
    ("4.4.0", lambda api: api.status_update_quote_approval_policy("7", "nobody")),
    ("3.0.0", lambda api: api.status_bookmark("7")),
    ("3.0.0", lambda api: api.bookmarks()),
    ("4.2.0", lambda api: api.timeline_link("https://a.example/")),
])
def test_too_old_servers_are_refused(server, version, call, make_client):
    with pytest.raises(MastodonVersionError):
        call(make_client(server.url, "t", mastodon_version=version, version_check_mode="created"))
    assert server.requests == []


def test_edit_params_on_a_new_enough_server(server, make_client):
    api = make_client(server.url, "t", mastodon_version="4.0.0")
    api.status_update("7", "x", language="en")
    assert server.last.form == {"status": ["x"], "language": ["en"]}


def test_missing_status_is_not_found(api):
    with pytest.raises(MastodonNotFoundError):
        api.status_history("999999")
    with pytest.raises(MastodonNotFoundError):
        api.status_bookmark("999999")


# --- status length -------------------------------------------------------------------

@pytest.mark.parametrize("text, spoiler_text, length", [
    ("Hello", "", 5),
    ("", "", 0),
    ("   ", "cw", 2),  # blank text counts nothing, the content warning in full
    ("hi", "CW!", 5),
    # A link counts 23, whatever its length; a trailing full stop is not part of it.
    ("see https://example.com/a/very/long/path/that/goes/on/and/on.", "", 4 + 23 + 1),
    ("https://x.com/?q=1&b=2!", "", 23 + 1),
    ("(https://en.wikipedia.org/wiki/Foo_(bar))", "", 1 + 23 + 1),
    ("gemini://example.com/capsule", "", 23),
    ("ftp://example.com/file", "", 22),  # not linked by Mastodon: counted as typed
    ("example.com/without-protocol", "", 28),
    ("x" * 30, "https://long.example/in/the/content/warning", 30 + 43),
    # A mention counts without its domain.
    ("@bob@mastodon.example hi", "", 7),
    ("@bob hi", "", 7),
    ("mail a@b.example", "", 16),
    # What a reader sees as one character counts once.
    ("\U0001F44D\U0001F3FD", "", 1),
    ("\U0001F1E9\U0001F1EA\U0001F1EB\U0001F1F7", "", 2),
    ("\U0001F468\u200d\U0001F469\u200d\U0001F467", "", 1),
    ("e\u0301", "", 1),
    ("\u1100\u1161\u11a8", "", 1),
    ("a\r\nb", "", 3),
])
def test_status_length(text, spoiler_text, length, client_class):
    assert client_class.get_status_length(text, spoiler_text) == length


@pytest.mark.parametrize("text, length", [
    # Not links for Mastodon, so counted as typed: an IP address, user info, a bracketed
    # IPv6 address, a host without a real top-level domain, a glued prefix.
    ("http://10.0.0.1:8080/status", 27),
    ("https://[::1]/x", 15),
    ("https://bob:secret@example.org/x", 32),
    ("https://my.server.internal/page", 31),
    ("xhttps://example.com", 20),
    ("#https://example.com", 20),
    # Text that looks like a link without a protocol is text, and so is what it covers.
    ("see example.com/a?u=https://example.org/ here", 45),
    # Links: the query takes ASCII characters only; Unicode and xn-- hosts work; the
    # port is part of the link; a path ends before trailing punctuation but keeps
    # balanced parentheses; a t.co link ends after its slug.
    ("https://пример.рф/путь"
     "?ключ=значение", 23 + 14),
    ("https://xn--p1ai.example.xn--p1ai/a", 23),
    ("https://example.com:8080", 23),
    ("https://example.com/a_(b)_c,", 23 + 1),
    ("https://example.co.uk/a!b!", 23 + 1),
    ("https://EXAMPLE.COM/X?Y=Z&", 23),
    ("https://example.com.", 23 + 1),
    ("https://t.co/abc123/more", 23 + 5),
    # A mention needs a domain of two characters or more and nothing glued after it.
    ("@anna@example.social", 5),
    ("@anna@x", 7),
    ("@anna://x", 9),
])
def test_status_length_finds_links_and_mentions_as_mastodon_does(text, length, client_class):
    assert client_class.get_status_length(text) == length


def test_status_length_is_static_and_checks_types(client_class):
    assert client_class.get_status_length("Hello @bob@x.example") == len("Hello @bob")
    with pytest.raises(MastodonIllegalArgumentError):
        client_class.get_status_length(42)
