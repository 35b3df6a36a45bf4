"""Statuses: reading, posting, replying, interacting, scheduling.

Against the mastodon_mock server where it behaves like Mastodon; against the scripted
server to pin down the exact request, and where the mock differs (boost visibility,
the pre-3.0 card endpoint, validation of scheduling times).
"""

from datetime import UTC, datetime, timedelta, timezone

import pytest
import requests

from mastodon.errors import (
    MastodonAPIError,
    MastodonIllegalArgumentError,
    MastodonNotFoundError,
    MastodonVersionError,
)

from .servers import Reply

pytestmark = pytest.mark.both_clients


def from_now(**delta):
    return datetime.now(UTC) + timedelta(**delta)


def in_an_hour():
    return from_now(hours=1)


def upload_media(mock_url, token, name="cat.png"):
    """Upload a file straight to the mock (media_post is another area's method)."""
    response = requests.post(mock_url + "/api/v2/media",
                             headers={"Authorization": "Bearer " + token},
                             files={"file": (name, b"\x89PNG\r\n\x1a\n" + b"0" * 64, "image/png")},
                             timeout=30)
    response.raise_for_status()
    return response.json()


STATUS = {"id": "7", "content": "<p>hi</p>", "visibility": "public", "spoiler_text": "",
          "account": {"id": "2", "acct": "bob"}, "mentions": [], "card": None}


# --- reading and posting, against the mock ------------------------------------------

def test_post_then_read_back(api, api_anonymous):
    posted = api.status_post("Hello from the tests", visibility="unlisted",
                             spoiler_text="greeting", sensitive=True, language="en")
    assert posted.account.acct == "alice"
    read = api_anonymous.status(posted)
    assert read.id == posted.id
    assert "Hello from the tests" in read.content
    assert read.visibility == "unlisted"
    assert read.spoiler_text == "greeting"
    assert read.sensitive is True
    assert read.language == "en"
    assert isinstance(read.created_at, datetime)


def test_visibility_is_case_insensitive(api):
    posted = api.status_post("quiet", visibility="Private")
    assert api.status(posted.id).visibility == "private"


def test_toot_posts_with_defaults(api, api_bob):
    posted = api.toot("just a toot")
    read = api_bob.status(posted.id)
    assert "just a toot" in read.content
    assert read.visibility == "public"
    assert read.sensitive is False
    assert read.in_reply_to_id is None


def test_status_missing_raises_not_found(api):
    with pytest.raises(MastodonNotFoundError):
        api.status("999999")


def test_reply_context(api, api_bob):
    first = api.status_post("first")
    reply = api_bob.status_post("second", in_reply_to_id=first)  # a dict stands for its ID
    assert reply.in_reply_to_id == first.id
    context = api.status_context(first.id)
    assert [s.id for s in context.ancestors] == []
    assert [s.id for s in context.descendants] == [reply.id]
    context = api.status_context(reply)
    assert [s.id for s in context.ancestors] == [first.id]


def test_post_with_media_dicts(api, mock_url):
    first = upload_media(mock_url, "alice_token", "a.png")
    second = upload_media(mock_url, "alice_token", "b.png")
    posted = api.status_post("two pictures", media_ids=[first, second["id"]])
    attached = [m["id"] for m in api.status(posted.id).media_attachments]
    assert sorted(attached) == sorted([first["id"], second["id"]])


def test_post_with_one_media_dict(api, mock_url):
    media = upload_media(mock_url, "alice_token")
    posted = api.status_post("one picture", media_ids=media)
    assert [m["id"] for m in api.status(posted.id).media_attachments] == [media["id"]]


def test_idempotency_key_prevents_duplicates(api):
    first = api.status_post("only once", idempotency_key="key-1")
    again = api.status_post("only once", idempotency_key="key-1")
    other = api.status_post("only once", idempotency_key="key-2")
    assert again.id == first.id
    assert other.id != first.id


def test_server_error_reaches_the_caller(api):
    with pytest.raises(MastodonAPIError) as caught:
        api.status_post("")
    assert caught.value.status_code == 422
    assert "blank" in str(caught.value)


def test_card_from_the_status(api):
    posted = api.status_post("look at https://example.com/page")
    card = api.status_card(posted)
    assert card.url == "https://example.com/page"
    assert card.type == "link"
    assert api.status_card(api.status_post("no link here").id) is None


def test_quote_a_status(api, api_bob):
    quoted = api_bob.status_post("quote me")
    posted = api.status_post("so true", quoted_status_id=quoted, quote_approval_policy="nobody")
    read = api.status(posted.id)
    assert read.quote.quoted_status.id == quoted.id
    assert read.quote_approval_policy == "nobody"


# --- replies ------------------------------------------------------------------------

def test_reply_mentions_author_and_others_but_not_me(api, api_bob):
    parent = api_bob.status_post("@alice @carol what do you think?")
    reply = api.status_reply(parent, "I agree")
    read = api_bob.status(reply.id)
    assert read.in_reply_to_id == parent.id
    assert read.account.acct == "alice"
    assert "@bob @carol I agree" in read.content
    assert "@alice" not in read.content
    assert sorted(m.acct for m in read.mentions) == ["bob", "carol"]


def test_reply_untag_mentions_only_the_author(api, api_bob):
    parent = api_bob.status_post("@alice @carol what do you think?")
    reply = api.status_reply(parent, "just between us", untag=True)
    read = api.status(reply.id)
    assert [m.acct for m in read.mentions] == ["bob"]
    assert "@bob just between us" in read.content


def test_reply_does_not_repeat_mentions_already_in_text(api, api_bob):
    parent = api_bob.status_post("@carol hello")
    reply = api.status_reply(parent.id, "thanks @Carol!")  # by ID: read first
    read = api.status(reply.id)
    assert read.in_reply_to_id == parent.id
    assert "@bob thanks @Carol!" in read.content
    assert read.content.count("@carol") + read.content.count("@Carol") == 1


def test_reply_to_self_tags_nobody(api):
    first = api.status_post("a thread 1/2")
    second = api.status_reply(first, "2/2")
    read = api.status(second.id)
    assert read.mentions == []
    assert "@alice" not in read.content
    assert read.in_reply_to_id == first.id


def test_reply_keeps_restricted_visibility_and_content_warning(api, api_bob):
    parent = api_bob.status_post("@alice secret", visibility="direct", spoiler_text="cw")
    reply = api.status_reply(parent, "got it")
    read = api.status(reply.id)
    assert read.visibility == "direct"
    assert read.spoiler_text == "cw"
    explicit = api.status_reply(parent, "visible", visibility="private", spoiler_text="")
    read = api.status(explicit.id)
    assert read.visibility == "private"
    assert read.spoiler_text == ""


def test_reply_uses_my_default_when_it_is_narrower(api, api_bob):
    api._api_request("PATCH", "/api/v1/accounts/update_credentials",
                     {"source": {"privacy": "unlisted"}})
    parent = api_bob.status_post("public thought")
    reply = api.status_reply(parent, "a quieter answer")
    assert api.status(reply.id).visibility == "unlisted"


def test_reply_to_a_boost_replies_to_the_original(api, api_bob, api_carol):
    original = api_carol.status_post("original")
    boost = api_bob.status_reblog(original)
    reply = api.status_reply(boost, "nice")
    read = api.status(reply.id)
    assert read.in_reply_to_id == original.id
    assert [m.acct for m in read.mentions] == ["carol"]


# --- polls (creation here, voting in test_polls.py) ---------------------------------

def test_post_with_poll(api, api_bob):
    poll = api.make_poll(["yes", "no", "maybe"], expires_in=3600, multiple=True)
    posted = api.status_post("Do you like tests?", poll=poll)
    read = api_bob.status(posted.id)
    assert [o.title for o in read.poll.options] == ["yes", "no", "maybe"]
    assert read.poll.multiple is True
    assert read.poll.expired is False
    lead = read.poll.expires_at - datetime.now(UTC)
    assert timedelta(minutes=55) < lead <= timedelta(hours=1)


def test_make_poll_returns_the_dict_and_sends_nothing(server, recording_api):
    poll = recording_api.make_poll(["a", "b"], 300)
    assert poll == {"options": ["a", "b"], "expires_in": 300, "multiple": False,
                    "hide_totals": False}
    poll = recording_api.make_poll(("a", "b"), timedelta(days=1), hide_totals=True)
    assert poll.expires_in == 86400 and poll.hide_totals is True
    assert server.requests == []


# --- interacting --------------------------------------------------------------------

def test_reblog_and_unreblog(api, api_bob):
    posted = api.status_post("boost me")
    boost = api_bob.status_reblog(posted)
    assert boost.reblog.id == posted.id
    assert [a.acct for a in api.status_reblogged_by(posted)] == ["bob"]
    assert api_bob.status(posted.id).reblogged is True
    api_bob.status_unreblog(posted.id)
    assert api.status_reblogged_by(posted.id) == []
    assert api_bob.status(posted.id).reblogged is False


def test_favourite_and_unfavourite(api, api_bob):
    posted = api.status_post("like me")
    api_bob.status_favourite(posted)
    assert [a.acct for a in api.status_favourited_by(posted)] == ["bob"]
    read = api_bob.status(posted.id)
    assert read.favourited is True and read.favourites_count == 1
    api_bob.status_unfavourite(posted.id)
    assert api.status_favourited_by(posted.id) == []
    assert api_bob.status(posted.id).favourited is False


def test_mute_and_unmute(api):
    posted = api.status_post("a noisy thread")
    api.status_mute(posted)
    assert api.status(posted.id).muted is True
    api.status_unmute(posted.id)
    assert api.status(posted.id).muted is False


def test_pin_and_unpin(api):
    posted = api.status_post("pin me")
    api.status_pin(posted)
    assert api.status(posted.id).pinned is True
    api.status_unpin(posted.id)
    assert api.status(posted.id).pinned is False


def test_delete_returns_source_text(api, api_bob):
    posted = api.status_post("regrettable")
    deleted = api.status_delete(posted)
    assert deleted.id == posted.id
    assert deleted.text == "regrettable"
    with pytest.raises(MastodonNotFoundError):
        api_bob.status(posted.id)


def test_delete_with_media(api, mock_url):
    media = upload_media(mock_url, "alice_token")
    posted = api.status_post("with media", media_ids=[media])
    api.status_delete(posted, delete_media=True)
    with pytest.raises(MastodonNotFoundError):
        api._api_request("GET", f"/api/v1/media/{media['id']}")


def test_cannot_delete_someone_elses_status(api, api_bob):
    posted = api_bob.status_post("mine")
    with pytest.raises(MastodonAPIError):
        api.status_delete(posted)
    assert api.status(posted.id).id == posted.id


# --- scheduled statuses -------------------------------------------------------------

def test_schedule_list_read_update_delete(api):
    when = in_an_hour()
    scheduled = api.status_post("later", scheduled_at=when, visibility="unlisted")
    assert abs(scheduled.scheduled_at - when) < timedelta(seconds=1)
    assert scheduled.params.text == "later"
    assert [s.id for s in api.scheduled_statuses()] == [scheduled.id]

    later = when + timedelta(days=1)
    updated = api.scheduled_status_update(scheduled, later)
    assert abs(updated.scheduled_at - later) < timedelta(seconds=1)
    read = api.scheduled_status(scheduled.id)
    assert abs(read.scheduled_at - later) < timedelta(seconds=1)
    assert read.params.visibility == "unlisted"

    api.scheduled_status_delete(scheduled)
    assert api.scheduled_statuses() == []
    with pytest.raises(MastodonNotFoundError):
        api.scheduled_status(scheduled.id)


def test_naive_scheduled_at_is_local_time(server, recording_api):
    server.routes[("POST", "/api/v1/statuses")] = Reply(200, {"id": "1", "params": {}})
    local = datetime.now() + timedelta(hours=2)
    recording_api.status_post("later", scheduled_at=local)
    sent = datetime.fromisoformat(server.last.form["scheduled_at"][0])
    assert sent.utcoffset() == timedelta(0)
    assert abs(sent - local.astimezone(UTC)) < timedelta(seconds=1)


# --- the exact requests, against the scripted server --------------------------------

def test_plain_post_sends_only_the_text(server, recording_api):
    server.routes[("POST", "/api/v1/statuses")] = Reply(200, STATUS)
    result = recording_api.status_post("hi")
    assert result.id == "7"
    assert server.last.method == "POST"
    assert server.last.path == "/api/v1/statuses"
    assert server.last.form == {"status": ["hi"]}
    # The library's own key, so its retries cannot post twice; a new one per post.
    key = server.last.headers["Idempotency-Key"]
    assert len(key) == 32
    recording_api.status_post("hi")
    assert server.last.headers["Idempotency-Key"] != key
    assert server.last.headers["Content-Type"] == "application/x-www-form-urlencoded"


def test_full_post_request(server, recording_api):
    server.routes[("POST", "/api/v1/statuses")] = Reply(200, {"id": "9", "params": {}})
    when = datetime(2100, 1, 2, 3, 4, 5, tzinfo=UTC)
    recording_api.status_post("all of it", in_reply_to_id={"id": "5"},
                              media_ids=[{"id": "11"}, "12"], sensitive=True,
                              visibility="DIRECT", spoiler_text="cw", language="de",
                              idempotency_key="abc", scheduled_at=when,
                              quoted_status_id=STATUS, quote_approval_policy="followers")
    assert server.last.headers["Idempotency-Key"] == "abc"
    assert server.last.form == {
        "status": ["all of it"], "in_reply_to_id": ["5"], "media_ids[]": ["11", "12"],
        "sensitive": ["1"], "visibility": ["direct"], "spoiler_text": ["cw"],
        "language": ["de"], "scheduled_at": ["2100-01-02T03:04:05+00:00"],
        "quoted_status_id": ["7"], "quote_approval_policy": ["followers"],
        # Sent with a quote policy, as Mastodon.py sends it.
        "valid_policies[]": ["public", "followers", "nobody"]}


def test_poll_is_sent_as_a_nested_json_object(server, recording_api):
    server.routes[("POST", "/api/v1/statuses")] = Reply(200, STATUS)
    recording_api.status_post("pick", poll=recording_api.make_poll(["a", "b"], 600))
    assert server.last.headers["Content-Type"] == "application/json"
    # multiple / hide_totals go also when false, as Mastodon.py sends them.
    assert server.last.json == {"status": "pick",
                                "poll": {"options": ["a", "b"], "expires_in": 600,
                                         "multiple": False, "hide_totals": False}}
    recording_api.status_post("pick", poll=recording_api.make_poll(["a", "b"], 600, True, True),
                              sensitive=True)
    assert server.last.json == {"status": "pick", "sensitive": True, "poll": {
        "options": ["a", "b"], "expires_in": 600, "multiple": True, "hide_totals": True}}


def test_content_type_on_pleroma(server, client_class):
    api = client_class(access_token="t", api_base_url=server.url, mastodon_version="2.7.2",
                   feature_set="pleroma")
    server.routes[("POST", "/api/v1/statuses")] = Reply(200, STATUS)
    api.status_post("*hi*", content_type="text/markdown", visibility="local")
    assert server.last.form == {"status": ["*hi*"], "content_type": ["text/markdown"],
                                "visibility": ["local"]}


def test_strict_content_type_sends_it_anywhere(server, recording_api):
    server.routes[("POST", "/api/v1/statuses")] = Reply(200, STATUS)
    recording_api.status_post("*hi*", content_type="text/markdown", strict_content_type=True)
    assert server.last.form["content_type"] == ["text/markdown"]


def test_quote_id_on_fedibird(server, client_class):
    api = client_class(access_token="t", api_base_url=server.url, mastodon_version="3.4.1",
                   feature_set="fedibird")
    server.routes[("POST", "/api/v1/statuses")] = Reply(200, STATUS)
    api.status_post("quoting", quote_id={"id": "3"})
    assert server.last.form == {"status": ["quoting"], "quote_id": ["3"]}


def test_reply_request(server, recording_api):
    me = {"id": "1", "acct": "alice", "source": {"privacy": "public"}}
    server.routes[("GET", "/api/v1/accounts/verify_credentials")] = Reply(200, me)
    server.routes[("POST", "/api/v1/statuses")] = Reply(200, STATUS)
    parent = {"id": "40", "visibility": "unlisted", "spoiler_text": "",
              "account": {"id": "2", "acct": "bob"},
              "mentions": [{"id": "1", "acct": "alice"}, {"id": "3", "acct": "dave@remote.example"},
                           {"id": "2", "acct": "bob"}]}
    recording_api.status_reply(parent, "hello", idempotency_key="k")
    assert server.last.form == {"status": ["@bob @dave@remote.example hello"],
                                "in_reply_to_id": ["40"], "visibility": ["unlisted"]}
    assert server.last.headers["Idempotency-Key"] == "k"
    # A local "@dave" is someone else than dave@remote.example: still mention the latter.
    recording_api.status_reply(parent, "@dave hi", untag=False)
    assert server.last.form["status"] == ["@bob @dave@remote.example @dave hi"]


def test_reply_unknown_visibility_becomes_direct(server, recording_api):
    server.routes[("GET", "/api/v1/accounts/verify_credentials")] = Reply(200, {"id": "1",
                                                                              "acct": "a"})
    server.routes[("POST", "/api/v1/statuses")] = Reply(200, STATUS)
    parent = dict(STATUS, visibility="limited")
    recording_api.status_reply(parent, "hm")
    assert server.last.form["visibility"] == ["direct"]


def test_reblog_with_visibility(server, recording_api):
    boosted = dict(STATUS, id="8", reblog=STATUS)
    server.routes[("POST", "/api/v1/statuses/7/reblog")] = Reply(200, boosted)
    boost = recording_api.status_reblog(STATUS, visibility="unlisted")
    assert boost.reblog.id == "7"
    assert server.last.form == {"visibility": ["unlisted"]}
    recording_api.status_reblog("7")
    assert server.last.body == b""


def test_delete_media_is_a_query_parameter(server, recording_api):
    server.routes[("DELETE", "/api/v1/statuses/7")] = Reply(200, dict(STATUS, text="hi"))
    recording_api.status_delete("7", delete_media=True)
    assert server.last.query == {"delete_media": ["1"]}
    assert server.last.body == b""
    recording_api.status_delete(STATUS)
    assert server.last.query == {}


def test_scheduled_statuses_pagination_params(server, recording_api):
    server.routes[("GET", "/api/v1/scheduled_statuses")] = Reply(200, [])
    recording_api.scheduled_statuses()
    assert server.last.query == {}
    recording_api.scheduled_statuses(max_id={"id": "30"}, since_id="10", limit=5)
    assert server.last.query == {"max_id": ["30"], "since_id": ["10"], "limit": ["5"]}


def test_scheduled_status_update_request(server, recording_api):
    server.routes[("PUT", "/api/v1/scheduled_statuses/4")] = Reply(200, {"id": "4", "params": {}})
    when = datetime(2100, 5, 6, 7, 8, 9, tzinfo=timezone(timedelta(hours=2)))
    recording_api.scheduled_status_update("4", when)
    assert server.last.form == {"scheduled_at": ["2100-05-06T05:08:09+00:00"]}


def test_card_on_servers_before_3_0_uses_the_card_endpoint(server, client_class):
    api = client_class(access_token="t", api_base_url=server.url, mastodon_version="2.9.2")
    server.routes[("GET", "/api/v1/statuses/7/card")] = Reply(200, {"url": "https://x.example",
                                                                   "type": "link"})
    assert api.status_card(STATUS).url == "https://x.example"
    assert server.last.path == "/api/v1/statuses/7/card"
    server.routes[("GET", "/api/v1/statuses/7/card")] = Reply(200, {})
    assert api.status_card("7") is None


def test_card_on_current_servers_reads_the_status(server, recording_api):
    card = {"url": "https://y.example", "type": "link"}
    server.routes[("GET", "/api/v1/statuses/7")] = Reply(200, dict(STATUS, card=card))
    assert recording_api.status_card("7").url == "https://y.example"
    assert [r.path for r in server.requests] == ["/api/v1/statuses/7"]


@pytest.mark.parametrize("call, path", [
    (lambda a: a.status_unreblog("7"), "/api/v1/statuses/7/unreblog"),
    (lambda a: a.status_favourite("7"), "/api/v1/statuses/7/favourite"),
    (lambda a: a.status_unfavourite("7"), "/api/v1/statuses/7/unfavourite"),
    (lambda a: a.status_mute("7"), "/api/v1/statuses/7/mute"),
    (lambda a: a.status_unmute("7"), "/api/v1/statuses/7/unmute"),
    (lambda a: a.status_pin("7"), "/api/v1/statuses/7/pin"),
    (lambda a: a.status_unpin("7"), "/api/v1/statuses/7/unpin"),
])
def test_interactions_post_without_parameters(server, recording_api, call, path):
    server.default = Reply(200, STATUS)
    assert call(recording_api).id == "7"
    assert (server.last.method, server.last.path, server.last.body) == ("POST", path, b"")


def test_version_check(server, client_class):
    api = client_class(access_token="t", api_base_url=server.url, mastodon_version="2.6.0",
                   version_check_mode="created")
    with pytest.raises(MastodonVersionError):
        api.scheduled_statuses()
    assert server.requests == []


# --- argument validation: refused before any request --------------------------------

@pytest.mark.parametrize("call, message", [
    (lambda a: a.status_post("x", visibility="friends"), "visibility"),
    (lambda a: a.status_post("x", visibility="local"), "visibility"),
    (lambda a: a.status_post("x", media_ids=["1"], poll=a.make_poll(["a", "b"], 300)), "both"),
    (lambda a: a.status_post("x", poll={"options": ["a", "b"]}), "expires_in"),
    (lambda a: a.status_post("x", poll=["a", "b"]), "make_poll"),
    (lambda a: a.status_post("x", scheduled_at="2100-01-01T00:00:00Z"), "datetime"),
    (lambda a: a.status_post("x", content_type="text/markdown"), "pleroma"),
    (lambda a: a.status_post("x", quote_id="5"), "fedibird"),
    (lambda a: a.status_post("x", quote_approval_policy="everyone"), "quote_approval_policy"),
    (lambda a: a.status_reply(STATUS, "x", visibility="everyone"), "visibility"),
    (lambda a: a.status_reblog("1", visibility="direct"), "visibility"),
    (lambda a: a.make_poll("ab", 300), "list"),
    (lambda a: a.make_poll(["only one"], 300), "two"),
    (lambda a: a.make_poll(["a", ""], 300), "non-empty"),
    (lambda a: a.make_poll(["a", "b"], 0), "expires_in"),
    (lambda a: a.make_poll(["a", "b"], "300"), "expires_in"),
    (lambda a: a.scheduled_status_update("1", "tomorrow"), "datetime"),
])
def test_invalid_arguments_send_nothing(server, recording_api, call, message):
    with pytest.raises(MastodonIllegalArgumentError, match=message):
        call(recording_api)
    assert server.requests == []


def test_how_soon_a_status_may_be_scheduled_is_the_servers_call(server, recording_api):
    # The local clock may be off: a time Mastodon finds too soon is refused by Mastodon.
    server.routes[("POST", "/api/v1/statuses")] = Reply(
        422, {"error": "Validation failed: Scheduled at The scheduled date must be in the future"})
    soon = datetime.now(UTC) + timedelta(minutes=1)
    with pytest.raises(MastodonAPIError, match="must be in the future"):
        recording_api.status_post("x", scheduled_at=soon)
    assert server.last.form["scheduled_at"] == [soon.replace(microsecond=0).isoformat()]
    server.routes[("PUT", "/api/v1/scheduled_statuses/1")] = Reply(200, {"id": "1", "params": {}})
    past = datetime.now(UTC) - timedelta(hours=1)
    recording_api.scheduled_status_update("1", past)
    assert server.last.form == {"scheduled_at": [past.replace(microsecond=0).isoformat()]}


def test_fedibird_quote_id_and_quoted_status_id_exclusive(server, client_class):
    api = client_class(access_token="t", api_base_url=server.url, mastodon_version="3.4.1",
                   feature_set="fedibird")
    with pytest.raises(MastodonIllegalArgumentError, match="not both"):
        api.status_post("x", quote_id="1", quoted_status_id="1")
    assert server.requests == []
