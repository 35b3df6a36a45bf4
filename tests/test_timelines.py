"""Timelines and conversations: against the mock server, and the exact requests against
the scripted server."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from mastodon import MastodonIllegalArgumentError, MastodonNotFoundError, MastodonVersionError

from .servers import Reply

pytestmark = pytest.mark.both_clients


def post(api, text, **params):
    """Post a status over HTTP (setup, outside this area's methods)."""
    return api._api_request("POST", "/api/v1/statuses", {"status": text, **params})


def ids(statuses):
    return [s.id for s in statuses]


# --- against the mock ----------------------------------------------------------------

def test_home_timeline_has_followed_and_own_posts_only(api, api_bob, api_carol):
    mine = post(api, "from alice")
    followed = post(api_bob, "from bob")
    stranger = post(api_carol, "from carol")

    home = api.timeline_home()

    assert ids(home) == [followed.id, mine.id]
    assert stranger.id not in ids(home)
    assert home[0].account.acct == "bob"
    assert ids(api.timeline()) == ids(home)  # "home" is the default


def test_public_and_local_timelines_show_public_posts(api, api_bob, api_anonymous):
    public = post(api_bob, "everyone may read this")
    post(api_bob, "not on public timelines", visibility="unlisted")

    assert ids(api.timeline_public()) == [public.id]
    assert ids(api.timeline_local()) == [public.id]
    assert ids(api.timeline("public")) == [public.id]
    assert ids(api.timeline("local")) == [public.id]
    # The public timelines need no login.
    assert ids(api_anonymous.timeline_public()) == [public.id]
    assert ids(api_anonymous.timeline_local()) == [public.id]


def test_public_timeline_remote_only_leaves_out_local_posts(api, api_bob):
    post(api_bob, "a local post")
    assert api.timeline_public(remote=True) == []
    assert len(api.timeline_public(local=True)) == 1


def test_hashtag_timeline(api, api_bob, api_anonymous):
    cats = post(api_bob, "look #Cats")
    post(api_bob, "look #dogs")

    assert ids(api.timeline_hashtag("cats")) == [cats.id]
    assert ids(api.timeline("tag/cats")) == [cats.id]
    assert ids(api_anonymous.timeline_hashtag("cats")) == [cats.id]
    assert api.timeline_hashtag("birds") == []


def test_list_timeline_shows_the_members_posts(api, api_bob):
    friends = api.list_create("friends")
    api.list_accounts_add(friends, api_bob._api_request("GET", "/api/v1/accounts/verify_credentials"))
    post(api, "alice is not on the list")
    from_bob = post(api_bob, "bob is")

    assert ids(api.timeline_list(friends)) == [from_bob.id]
    assert ids(api.timeline_list(friends["id"])) == [from_bob.id]
    assert ids(api.timeline(f"list/{friends.id}")) == [from_bob.id]


def test_list_timeline_of_a_missing_list_is_not_found(api):
    with pytest.raises(MastodonNotFoundError):
        api.timeline_list("999999")


def test_timeline_with_limit_and_cursors(api):
    posted = [post(api, f"post {n}") for n in range(4)]  # oldest first
    newest_first = list(reversed(ids(posted)))

    assert ids(api.timeline_home(limit=2)) == newest_first[:2]
    assert ids(api.timeline_home(max_id=posted[2])) == newest_first[2:]
    assert ids(api.timeline_home(since_id=posted[1].id)) == newest_first[:2]
    assert ids(api.timeline_home(min_id=posted[0], limit=2)) == [posted[2].id, posted[1].id]


def test_pagination_follows_the_link_header(api):
    posted = [post(api, f"post {n}") for n in range(5)]
    newest_first = list(reversed(ids(posted)))

    first = api.timeline_public(limit=2)
    assert ids(first) == newest_first[:2]
    # Pagination info sits on the list and on its last / first items.
    assert first._pagination_next is first[-1]._pagination_next
    assert first._pagination_prev is first[0]._pagination_prev
    assert first._pagination_next["max_id"] == first[-1].id
    assert first._pagination_prev["min_id"] == first[0].id
    assert first._pagination_next["_pagination_endpoint"] == "/api/v1/timelines/public"
    assert "_pagination_next" not in first[-1]  # an attribute, not a key of the toot

    second = api.fetch_next(first)
    assert ids(second) == newest_first[2:4]
    assert ids(api.fetch_next(first[-1]._pagination_next)) == newest_first[2:4]
    assert ids(api.fetch_previous(second)) == newest_first[:2]

    last = api.fetch_next(second)
    assert ids(last) == newest_first[4:]
    assert last._pagination_next is None
    assert api.fetch_next(last) is None

    assert ids(api.fetch_remaining(first)) == newest_first


def test_conversations_and_marking_one_read(api, api_bob):
    direct = post(api_bob, "@alice just between us", visibility="direct")

    conversations = api.conversations()
    assert len(conversations) == 1
    conversation = conversations[0]
    assert conversation.unread is True
    assert conversation.last_status.id == direct.id
    assert [a.acct for a in conversation.accounts] == ["bob"]

    read = api.conversations_read(conversation)
    assert read.unread is False
    assert api.conversations()[0].unread is False


def test_conversations_page_by_limit(api, api_bob, api_carol):
    post(api_bob, "@alice first", visibility="direct")
    latest = post(api_carol, "@alice second", visibility="direct")

    page = api.conversations(limit=1)
    assert [c.last_status.id for c in page] == [latest.id]
    older = api.fetch_next(page)
    assert [c.last_status.account.acct for c in older] == ["bob"]


# --- the exact requests --------------------------------------------------------------

def test_defaults_are_not_sent(recording_api, server):
    server.default = Reply(200, [])
    for call, path in [
        (recording_api.timeline, "/api/v1/timelines/home"),
        (recording_api.timeline_home, "/api/v1/timelines/home"),
        (recording_api.timeline_public, "/api/v1/timelines/public"),
        (lambda: recording_api.timeline_hashtag("cats"), "/api/v1/timelines/tag/cats"),
        (lambda: recording_api.timeline_list(7), "/api/v1/timelines/list/7"),
        (recording_api.conversations, "/api/v1/conversations/"),  # as Mastodon.py asks
    ]:
        call()
        assert (server.last.method, server.last.path, server.last.query) == ("GET", path, {})


def test_timeline_names_map_to_endpoints(recording_api, server):
    server.default = Reply(200, [])
    expected = {
        "home": ("/api/v1/timelines/home", {}),
        "public": ("/api/v1/timelines/public", {}),
        "local": ("/api/v1/timelines/public", {"local": ["1"]}),
        "tag/cats": ("/api/v1/timelines/tag/cats", {}),
        "list/12": ("/api/v1/timelines/list/12", {}),
        "bubble": ("/api/v1/timelines/bubble", {}),  # a fork's own timeline
    }
    for name, (path, query) in expected.items():
        recording_api.timeline(name)
        assert (server.last.path, server.last.query) == (path, query), name


def test_filters_and_cursors_are_sent(recording_api, server):
    server.default = Reply(200, [])
    recording_api.timeline_public(max_id={"id": "300"}, min_id="100", since_id=50, limit=10,
                                  only_media=True, remote=True)
    assert server.last.query == {"max_id": ["300"], "min_id": ["100"], "since_id": ["50"],
                                 "limit": ["10"], "only_media": ["1"], "remote": ["1"]}
    recording_api.timeline_local(only_media=True)
    assert server.last.query == {"local": ["1"], "only_media": ["1"]}
    recording_api.timeline_hashtag("cats", local=True, only_media=True, limit=3)
    assert server.last.query == {"local": ["1"], "only_media": ["1"], "limit": ["3"]}
    recording_api.conversations(max_id={"id": "9"}, limit=5)
    assert server.last.query == {"max_id": ["9"], "limit": ["5"]}


def test_datetimes_become_snowflake_ids(recording_api, server):
    server.default = Reply(200, [])
    when = datetime(2024, 3, 1, 12, 0, 0, 250000, tzinfo=UTC)
    millis = 1709294400250
    recording_api.timeline_home(max_id=when)
    assert server.last.query == {"max_id": [str(millis << 16)]}
    # The same moment in another zone gives the same ID.
    recording_api.timeline_public(min_id=when.astimezone(timezone(timedelta(hours=-5))))
    assert server.last.query == {"min_id": [str(millis << 16)]}
    recording_api.timeline_hashtag("cats", since_id=date(2024, 3, 1))
    assert server.last.query == {"since_id": [str(1709251200000 << 16)]}
    recording_api.conversations(max_id=when)
    assert server.last.query == {"max_id": [str(millis << 16)]}


def test_local_and_remote_together_are_the_servers_call(recording_api, server):
    server.default = Reply(200, [])
    recording_api.timeline_public(local=True, remote=True)
    assert server.last.query == {"local": ["1"], "remote": ["1"]}
    recording_api.timeline("local", remote=True)
    assert (server.last.path, server.last.query) == ("/api/v1/timelines/public",
                                                     {"local": ["1"], "remote": ["1"]})
    recording_api.timeline_link("https://news.example/", local=True, remote=True)
    assert server.last.query == {"url": ["https://news.example/"], "local": ["1"],
                                 "remote": ["1"]}


def test_hashtag_is_escaped_in_the_path(recording_api, server):
    server.default = Reply(200, [])
    recording_api.timeline_hashtag("café")
    assert server.last.path == "/api/v1/timelines/tag/caf%C3%A9"


def test_conversations_read_request(recording_api, server):
    server.routes[("POST", "/api/v1/conversations/42/read")] = Reply(
        200, {"id": "42", "unread": False, "accounts": [], "last_status": None})
    result = recording_api.conversations_read({"id": "42", "unread": True})
    assert server.last.method == "POST" and server.last.body == b""
    assert result.id == "42" and result.unread is False


@pytest.mark.parametrize("call, message", [
    (lambda api: api.timeline_hashtag("#cats"), "without its '#'"),
    (lambda api: api.timeline("tag/#cats"), "without its '#'"),
    (lambda api: api.timeline_hashtag(""), "hashtag"),
    (lambda api: api.timeline("list/"), "list's ID"),
    (lambda api: api.timeline(""), "timeline"),
    (lambda api: api.timeline_list(None), "list ID"),
    (lambda api: api.timeline_list({"title": "no id"}), "list ID"),
    (lambda api: api.conversations_read(None), "conversation ID"),
    (lambda api: api.timeline_home(max_id=datetime(1960, 1, 1, tzinfo=UTC)), "1970"),
])
def test_invalid_arguments_send_nothing(recording_api, server, call, message):
    with pytest.raises(MastodonIllegalArgumentError, match=message):
        call(recording_api)
    assert server.requests == []


def test_version_checks(server, make_client):
    old = make_client(server.url, "secret-token", mastodon_version="2.0.0", version_check_mode="created")
    with pytest.raises(MastodonVersionError, match="2.1.0"):
        old.timeline_list(1)
    with pytest.raises(MastodonVersionError, match="2.6.0"):
        old.conversations()
    with pytest.raises(MastodonVersionError, match="2.6.0"):
        old.conversations_read(1)
    assert server.requests == []
    server.default = Reply(200, [])
    old.timeline_public()  # 1.0.0 suffices
    assert server.last.path == "/api/v1/timelines/public"
    strict = make_client(server.url, "secret-token", mastodon_version="3.5.0",
                    version_check_mode="changed")
    with pytest.raises(MastodonVersionError, match="4.0.0"):
        strict.timeline_home()  # home changed last in 4.0.0
