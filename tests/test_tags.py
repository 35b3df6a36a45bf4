"""Hashtags: reading, following and featuring them, followed and featured tags, against
the mock; the exact requests (and paging, which the mock does not do for followed tags)
against the scripted server."""

from datetime import date

import pytest

from mastodon import MastodonIllegalArgumentError, MastodonVersionError

from .servers import Reply

pytestmark = pytest.mark.both_clients

TAG = {"id": "802", "name": "caturday", "url": "https://x.example/tags/caturday",
       "history": [{"day": "1668556800", "accounts": "1", "uses": "2"}], "following": True}
FEATURED = {"id": "627", "name": "nowplaying", "url": "https://x.example/@alice/tagged/nowplaying",
            "statuses_count": "3", "last_status_at": "2024-05-01"}


@pytest.fixture
def alice(mock_url, client_class):
    return client_class(access_token="alice_token", api_base_url=mock_url)


@pytest.fixture
def bob(mock_url, client_class):
    return client_class(access_token="bob_token", api_base_url=mock_url)


@pytest.fixture
def anonymous(mock_url, client_class):
    return client_class(api_base_url=mock_url)


@pytest.fixture
def scripted(server, client_class):
    return client_class(access_token="secret-token", api_base_url=server.url, mastodon_version="4.6.0")


def names(tags):
    return sorted(tag.name.lower() for tag in tags)


# --- against the mock ------------------------------------------------------------------

def test_tag(alice, anonymous):
    alice.status_post("Caturday again #caturday")
    tag = alice.tag("Caturday")
    assert tag.name.lower() == "caturday" and tag.url.endswith("/tags/caturday")
    assert tag.following is False
    assert tag.history and int(tag.history[0].uses) >= 1
    assert anonymous.tag("caturday").name.lower() == "caturday"  # works without a login


def test_tag_follow_unfollow_and_followed_tags(alice, bob):
    assert alice.followed_tags() == []
    followed = alice.tag_follow("caturday")
    assert followed.name.lower() == "caturday" and followed.following is True
    assert alice.tag_follow("caturday").following is True  # again: not an error
    alice.tag_follow(alice.tag("python"))  # a hashtag dict stands for its name
    assert names(alice.followed_tags()) == ["caturday", "python"]
    assert all(tag.following for tag in alice.followed_tags())
    assert alice.tag("caturday").following is True
    assert bob.followed_tags() == []  # per user
    unfollowed = alice.tag_unfollow("caturday")
    assert unfollowed.following is False
    assert names(alice.followed_tags()) == ["python"]
    assert alice.tag("caturday").following is False


def test_tag_with_non_ascii_name(alice):
    assert alice.tag_follow("日本語").name == "日本語"
    assert names(alice.followed_tags()) == ["日本語"]


def test_tag_feature_and_unfeature(alice, anonymous):
    me = alice.account_verify_credentials()
    alice.tag_feature("python")
    assert names(alice.featured_tags()) == ["python"]
    assert names(anonymous.account_featured_tags(me)) == ["python"]
    alice.tag_unfeature(alice.tag("python"))
    assert alice.featured_tags() == []


def test_featured_tag_create_list_delete(alice, anonymous):
    me = alice.account_verify_credentials()
    assert alice.featured_tags() == []
    created = alice.featured_tag_create("#NowPlaying")  # the server drops the #
    assert created.name.lower() == "nowplaying" and created.id
    alice.featured_tag_create("python")
    featured = alice.featured_tags()
    assert names(featured) == ["nowplaying", "python"]
    assert created.id in [tag.id for tag in featured]
    assert names(anonymous.account_featured_tags(me)) == ["nowplaying", "python"]
    assert alice.featured_tag_delete(created) is None  # as in Mastodon.py
    assert names(alice.featured_tags()) == ["python"]


def test_featured_tag_suggestions(alice):
    alice.status_post("Learning #rust today")
    alice.status_post("More #rust and some #python")
    suggested = names(alice.featured_tag_suggestions())
    assert suggested == ["python", "rust"]
    alice.featured_tag_create("rust")
    assert names(alice.featured_tag_suggestions()) == ["python"]  # featured ones drop out


# --- exact requests, against the scripted server ----------------------------------------

def test_tag_requests(server, scripted):
    server.default = Reply(200, TAG)
    assert scripted.tag("Caturday").name == "caturday"
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v1/tags/Caturday", {})
    scripted.tag_follow("caturday")
    assert (server.last.method, server.last.path) == ("POST", "/api/v1/tags/caturday/follow")
    assert server.last.body == b""
    scripted.tag_unfollow(TAG)
    assert (server.last.method, server.last.path) == ("POST", "/api/v1/tags/caturday/unfollow")
    scripted.tag_feature("caturday")
    assert (server.last.method, server.last.path) == ("POST", "/api/v1/tags/caturday/feature")
    scripted.tag_unfeature("caturday")
    assert (server.last.method, server.last.path) == ("POST", "/api/v1/tags/caturday/unfeature")
    assert server.last.body == b""
    # A name that is not plain ASCII, or holds a slash, is quoted in the path.
    scripted.tag("日本")
    assert server.last.path == "/api/v1/tags/%E6%97%A5%E6%9C%AC"
    scripted.tag("a/b")
    assert server.last.path == "/api/v1/tags/a%2Fb"


def test_every_reserved_character_of_a_name_is_sent_quoted(server, scripted):
    server.default = Reply(200, TAG)
    scripted.tag("a;b=c,d@e:f")
    assert server.last.path == "/api/v1/tags/a%3Bb%3Dc%2Cd%40e%3Af"


def test_followed_tags_requests_and_paging(server, scripted):
    path = "/api/v1/followed_tags"
    next_url = f"{server.url}{path}?limit=1&max_id=17"
    server.routes[("GET", path)] = [
        Reply(200, [TAG], {"Link": f'<{next_url}>; rel="next"'}),
        Reply(200, [dict(TAG, id="803", name="python")]),
    ]
    first = scripted.followed_tags()
    assert (server.last.method, server.last.path, server.last.query) == ("GET", path, {})
    assert first[0].history[0].uses == "2"
    second = scripted.fetch_next(first)
    assert server.last.query == {"limit": ["1"], "max_id": ["17"]}
    assert [tag.name for tag in second] == ["python"]
    scripted.followed_tags(max_id="17", min_id={"id": "3"}, since_id="2", limit=50)
    assert server.last.query == {"max_id": ["17"], "min_id": ["3"], "since_id": ["2"],
                                 "limit": ["50"]}


def test_featured_tag_requests(server, scripted):
    server.routes[("GET", "/api/v1/featured_tags")] = Reply(200, [FEATURED])
    assert scripted.featured_tags()[0].name == "nowplaying"
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v1/featured_tags", {})
    server.routes[("GET", "/api/v1/featured_tags/suggestions")] = Reply(200, [TAG])
    assert scripted.featured_tag_suggestions()[0].name == "caturday"
    assert (server.last.method, server.last.path) == ("GET", "/api/v1/featured_tags/suggestions")
    server.routes[("POST", "/api/v1/featured_tags")] = Reply(200, FEATURED)
    created = scripted.featured_tag_create("#nowplaying")
    assert (server.last.method, server.last.path) == ("POST", "/api/v1/featured_tags")
    assert server.last.form == {"name": ["#nowplaying"]}  # as given, as Mastodon.py sends it
    assert created.last_status_at.year == 2024
    server.routes[("DELETE", "/api/v1/featured_tags/627")] = Reply(200, {})
    assert scripted.featured_tag_delete(created) is None  # as in Mastodon.py
    assert (server.last.method, server.last.path, server.last.body) == (
        "DELETE", "/api/v1/featured_tags/627", b"")


# --- argument checks: nothing is sent ------------------------------------------------

@pytest.mark.parametrize("call", [
    lambda api: api.tag(""),
    lambda api: api.tag("#"),
    lambda api: api.tag(None),
    lambda api: api.tag({"id": "802"}),
    lambda api: api.tag_follow("  "),
    lambda api: api.tag_unfollow(5),
    lambda api: api.tag_feature(None),
    lambda api: api.tag_unfeature("##"),
    lambda api: api.featured_tag_create(""),
    lambda api: api.featured_tag_delete(None),
    lambda api: api.followed_tags(max_id=date(2024, 1, 1)),
    # A leading # is refused in a path, as Mastodon.py refuses it.
    lambda api: api.tag("#caturday"),
    lambda api: api.tag({"name": "#caturday"}),
    lambda api: api.tag_follow("#caturday"),
    lambda api: api.tag_unfollow("#caturday"),
    lambda api: api.tag_feature("#caturday"),
    lambda api: api.tag_unfeature("#caturday"),
], ids=["tag-empty", "tag-hash-only", "tag-none", "tag-dict-without-name", "follow-blank",
        "unfollow-number", "feature-none", "unfeature-hashes", "featured-create-empty",
        "featured-delete-none", "followed-tags-date-cursor", "tag-hash", "tag-dict-hash",
        "follow-hash", "unfollow-hash", "feature-hash", "unfeature-hash"])
def test_invalid_arguments_send_nothing(server, scripted, call):
    with pytest.raises(MastodonIllegalArgumentError):
        call(scripted)
    assert server.requests == []


def test_version_check(server, client_class):
    def client(version):
        return client_class(access_token="t", api_base_url=server.url, mastodon_version=version,
                        version_check_mode="created")

    with pytest.raises(MastodonVersionError, match="tag_follow"):
        client("3.5.0").tag_follow("caturday")
    with pytest.raises(MastodonVersionError, match="followed_tags"):
        client("3.5.0").followed_tags()
    with pytest.raises(MastodonVersionError, match="tag_feature"):
        client("4.3.0").tag_feature("caturday")
    with pytest.raises(MastodonVersionError, match="featured_tags"):
        client("2.9.2").featured_tags()
    assert server.requests == []
    with pytest.raises(MastodonVersionError, match="4.1.0"):
        client_class(access_token="t", api_base_url=server.url, mastodon_version="4.0.0",
               version_check_mode="changed").followed_tags()
