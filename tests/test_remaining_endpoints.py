"""The operations that had no method until the coverage test (tests/test_api_coverage.py)
asked for one: oEmbed, the accounts an account features, removing a conversation, the
privacy policy, deleting an unattached upload, reading and changing one filter keyword,
reclassifying a report (admin), and the dated terms of service. Each against the mock
where it has the endpoint, and the exact request against the scripted server."""

from datetime import date, datetime

import pytest
from mastodon_mock.testing.server import MockServer

from mastodon import (
    MastodonAPIError,
    MastodonIllegalArgumentError,
    MastodonNotFoundError,
    MastodonVersionError,
)
from mastodon import return_types as rt

from .conftest import mock_config
from .servers import Reply

pytestmark = pytest.mark.both_clients

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(64))
OEMBED = {"type": "rich", "version": "1.0", "title": "New status by alice",
          "author_name": "Alice", "author_url": "https://social.example/@alice",
          "provider_name": "social.example", "provider_url": "https://social.example/",
          "cache_age": 86400, "width": 320, "height": None,
          "html": '<iframe src="https://social.example/@alice/1/embed"></iframe>'}
KEYWORD = {"id": "35583", "keyword": "other", "whole_word": False}


@pytest.fixture(scope="module")
def policy_mock():
    """A mock server whose admins published a privacy policy and terms of service."""
    server = MockServer(config=mock_config(privacy_policy="<p>We keep little.</p>",
                                           terms_of_service="<p>Play nice.</p>")).start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.stop()


def only_request(server):
    assert len(server.requests) == 1, [(r.method, r.path) for r in server.requests]
    return server.last


# --- oEmbed ----------------------------------------------------------------------------

def test_oembed_of_a_status_on_the_mock(api, api_anonymous):
    status = api.status_post("embed me")
    embed = api_anonymous.oembed(status.url)
    assert isinstance(embed, rt.OEmbedResponse)
    assert (embed.version, embed.width, embed.cache_age) == ("1.0", 400, 86400)
    assert embed.provider_name == "mastodon_mock"


def test_oembed_request(recording_api, server):
    server.routes[("GET", "/api/oembed")] = Reply(200, OEMBED)
    embed = recording_api.oembed(" https://social.example/@alice/1 ", maxwidth=320,
                                 maxheight=200)
    request = only_request(server)
    assert (request.method, request.path, request.body) == ("GET", "/api/oembed", b"")
    assert request.query == {"url": ["https://social.example/@alice/1"],
                             "maxwidth": ["320"], "maxheight": ["200"]}
    assert "Authorization" not in request.headers  # a public endpoint: no token sent
    assert isinstance(embed, rt.OEmbedResponse)
    assert (embed.type, embed.width, embed.height) == ("rich", 320, None)
    assert embed.html.startswith("<iframe")


def test_oembed_sends_only_what_is_given(recording_api, server):
    server.default = Reply(200, OEMBED)
    recording_api.oembed("https://social.example/@alice/1")
    assert only_request(server).query == {"url": ["https://social.example/@alice/1"]}


def test_oembed_of_an_unknown_status(recording_api, server):
    server.default = Reply(404, {"error": "Record not found"})
    with pytest.raises(MastodonNotFoundError, match="Record not found"):
        recording_api.oembed("https://social.example/@alice/404")


@pytest.mark.parametrize("kwargs, message", [
    ({"url": ""}, "URL"),
    ({"url": None}, "URL"),
    ({"url": "https://social.example/@a/1", "maxwidth": 0}, "maxwidth"),
    ({"url": "https://social.example/@a/1", "maxheight": "tall"}, "maxheight"),
    ({"url": "https://social.example/@a/1", "maxwidth": True}, "maxwidth"),
])
def test_oembed_refuses_bad_arguments(recording_api, server, kwargs, message):
    with pytest.raises(MastodonIllegalArgumentError, match=message):
        recording_api.oembed(**kwargs)
    assert server.requests == []


# --- the accounts an account features --------------------------------------------------

def test_account_endorsements_on_the_mock(api, api_anonymous):
    alice, bob = api.me(), api.account_lookup("bob")
    assert api_anonymous.account_endorsements(alice) == []
    api.account_endorse(bob)
    featured = api_anonymous.account_endorsements(alice.id)
    assert [account.acct for account in featured] == ["bob"]
    assert isinstance(featured[0], rt.Account) and featured[0].id == bob.id
    assert api_anonymous.account_endorsements(bob) == []  # Bob features no one


def test_account_endorsements_request_and_pages(recording_api, server):
    next_url = f"{server.url}/api/v1/accounts/7/endorsements?limit=2&max_id=832844"
    server.routes[("GET", "/api/v1/accounts/7/endorsements")] = [
        Reply(200, [{"id": "952529", "acct": "alayna@desvox.es"}],
              {"Link": f'<{next_url}>; rel="next"'}),
        Reply(200, [{"id": "1", "acct": "a9@broadcast.example"}]),
    ]
    featured = recording_api.account_endorsements({"id": "7"}, max_id="900000",
                                                  since_id="100", limit=2)
    request = only_request(server)
    assert (request.method, request.path) == ("GET", "/api/v1/accounts/7/endorsements")
    assert request.query == {"max_id": ["900000"], "since_id": ["100"], "limit": ["2"]}
    assert request.headers["Authorization"] == "Bearer secret-token"
    assert [account.acct for account in featured] == ["alayna@desvox.es"]
    assert featured[0].id == "952529"

    following = recording_api.fetch_next(featured)
    assert server.last.query == {"limit": ["2"], "max_id": ["832844"]}
    assert [account.acct for account in following] == ["a9@broadcast.example"]


# --- removing a conversation -----------------------------------------------------------

def test_conversations_delete_on_the_mock(api, api_bob):
    api_bob.status_post("@alice just between us", visibility="direct")
    conversation = api.conversations()[0]
    assert api.conversations_delete(conversation) is None
    assert api.conversations() == []


def test_conversations_delete_request(recording_api, server):
    server.routes[("DELETE", "/api/v1/conversations/42")] = Reply(200, {})
    assert recording_api.conversations_delete({"id": "42", "unread": True}) is None
    request = only_request(server)
    assert (request.method, request.path, request.body) == (
        "DELETE", "/api/v1/conversations/42", b"")
    assert request.headers["Authorization"] == "Bearer secret-token"


def test_conversations_delete_of_someone_elses(recording_api, server):
    server.default = Reply(404, {"error": "Record not found"})
    with pytest.raises(MastodonNotFoundError):
        recording_api.conversations_delete("42")


# --- the privacy policy and the dated terms of service ---------------------------------

def test_privacy_policy_on_the_mock(policy_mock, api_anonymous, make_client):
    policy = make_client(policy_mock).instance_privacy_policy()
    assert isinstance(policy, rt.PrivacyPolicy)
    assert policy.content == "<p>We keep little.</p>"
    with pytest.raises(MastodonNotFoundError):  # the default mock publishes none
        api_anonymous.instance_privacy_policy()


def test_privacy_policy_request(recording_api, server):
    server.routes[("GET", "/api/v1/instance/privacy_policy")] = Reply(
        200, {"updated_at": "2022-10-07T00:00:00+00:00", "content": "<p>Policy</p>"})
    policy = recording_api.instance_privacy_policy()
    request = only_request(server)
    assert (request.method, request.path, request.query) == (
        "GET", "/api/v1/instance/privacy_policy", {})
    assert policy.content == "<p>Policy</p>"
    assert policy.updated_at == datetime.fromisoformat("2022-10-07T00:00:00+00:00")


def test_terms_of_service_of_a_date_on_the_mock(policy_mock, make_client):
    terms = make_client(policy_mock).instance_terms_of_service("2025-04-15")
    assert isinstance(terms, rt.TermsOfService) and terms.content == "<p>Play nice.</p>"


def test_terms_of_service_date_goes_in_the_path(recording_api, server):
    # The reference: GET /api/v1/instance/terms_of_service/:date, the date in the path.
    server.default = Reply(200, {"effective_date": "2025-04-15", "effective": False,
                                 "content": "<p>old</p>", "succeeded_by": "2025-06-01"})
    terms = recording_api.instance_terms_of_service(date(2025, 4, 15))
    request = only_request(server)
    assert (request.method, request.path, request.query, request.body) == (
        "GET", "/api/v1/instance/terms_of_service/2025-04-15", {}, b"")
    assert terms.effective is False and terms.content == "<p>old</p>"
    assert terms.succeeded_by.date() == date(2025, 6, 1)


# --- deleting an unattached upload -----------------------------------------------------

def test_media_delete_on_the_mock(api):
    media = api.media_post(PNG, "image/png", description="not posted after all")
    assert api.media(media).description == "not posted after all"
    assert api.media_delete(media) is None
    with pytest.raises(MastodonNotFoundError):
        api.media(media.id)


def test_media_delete_request(recording_api, server):
    server.routes[("DELETE", "/api/v1/media/109")] = Reply(200, {})
    assert recording_api.media_delete("109") is None
    request = only_request(server)
    assert (request.method, request.path, request.body) == ("DELETE", "/api/v1/media/109", b"")
    assert request.headers["Authorization"] == "Bearer secret-token"


def test_media_delete_of_an_attached_upload(recording_api, server):
    server.default = Reply(422, {"error": "Media attachment is currently used by a status"})
    with pytest.raises(MastodonAPIError, match="currently used by a status"):
        recording_api.media_delete({"id": "109", "type": "image"})


# --- one filter keyword ----------------------------------------------------------------

def test_filter_keyword_read_and_change_on_the_mock(api):
    created = api.create_filter_v2("Birdsite", ["home"], "warn", keywords_attributes=[
        {"keyword": "some", "whole_word": True}])
    keyword = created.keywords[0]
    fetched = api.filter_keyword_v2(keyword.id)
    assert isinstance(fetched, rt.FilterKeyword)
    assert (fetched.id, fetched.keyword, fetched.whole_word) == (keyword.id, "some", True)

    changed = api.update_filter_keyword_v2(keyword, "other", whole_word=False)
    assert (changed.id, changed.keyword, changed.whole_word) == (keyword.id, "other", False)
    assert [(k.keyword, k.whole_word) for k in api.filter_keywords_v2(created)] == [
        ("other", False)]
    renamed = api.update_filter_keyword_v2(keyword.id, "another")
    assert (renamed.keyword, renamed.whole_word) == ("another", False)  # whole_word kept


def test_filter_keyword_v2_request(recording_api, server):
    server.routes[("GET", "/api/v2/filters/keywords/35583")] = Reply(200, KEYWORD)
    keyword = recording_api.filter_keyword_v2({"id": "35583"})
    request = only_request(server)
    assert (request.method, request.path, request.query) == (
        "GET", "/api/v2/filters/keywords/35583", {})
    assert (keyword.id, keyword.keyword, keyword.whole_word) == ("35583", "other", False)


def test_update_filter_keyword_v2_request(recording_api, server):
    server.routes[("PUT", "/api/v2/filters/keywords/35583")] = Reply(200, KEYWORD)
    keyword = recording_api.update_filter_keyword_v2("35583", "other", whole_word=False)
    request = only_request(server)
    assert (request.method, request.path) == ("PUT", "/api/v2/filters/keywords/35583")
    assert request.form == {"keyword": ["other"], "whole_word": ["0"]}
    assert isinstance(keyword, rt.FilterKeyword) and keyword.keyword == "other"

    recording_api.update_filter_keyword_v2("35583", "other")
    assert server.last.form == {"keyword": ["other"]}  # whole_word unchanged: not sent


@pytest.mark.parametrize("call, message", [
    (lambda api: api.filter_keyword_v2(None), "keyword_id"),
    (lambda api: api.update_filter_keyword_v2(None, "x"), "keyword_id"),
    (lambda api: api.update_filter_keyword_v2("1", ""), "keyword"),
    (lambda api: api.update_filter_keyword_v2("1", None), "keyword"),
])
def test_filter_keyword_methods_refuse_bad_arguments(recording_api, server, call, message):
    with pytest.raises(MastodonIllegalArgumentError, match=message):
        call(recording_api)
    assert server.requests == []


# --- reclassifying a report (admin) ----------------------------------------------------

def test_admin_update_report_request(recording_api, server):
    server.routes[("PUT", "/api/v1/admin/reports/3")] = Reply(
        200, {"id": "3", "action_taken": False, "category": "violation",
              "rules": [{"id": "1", "text": "Be kind"}]})
    report = recording_api.admin_update_report({"id": "3"}, category="violation",
                                               rule_ids=["1", {"id": "2"}])
    request = only_request(server)
    assert (request.method, request.path) == ("PUT", "/api/v1/admin/reports/3")
    assert request.form == {"category": ["violation"], "rule_ids[]": ["1", "2"]}
    assert isinstance(report, rt.AdminReport)
    assert report.category == "violation" and report.rules[0].text == "Be kind"

    recording_api.admin_update_report("3", category="spam")
    assert server.last.form == {"category": ["spam"]}


@pytest.mark.parametrize("kwargs, message", [
    ({}, "category, rule_ids"),
    ({"category": "rude"}, "category"),
    ({"rule_ids": "1"}, "rule_ids"),
])
def test_admin_update_report_refuses_bad_arguments(recording_api, server, kwargs, message):
    with pytest.raises(MastodonIllegalArgumentError, match=message):
        recording_api.admin_update_report("3", **kwargs)
    assert server.requests == []


# --- versions --------------------------------------------------------------------------

@pytest.mark.parametrize("call, needed", [
    (lambda api: api.oembed("https://social.example/@a/1"), None),
    (lambda api: api.account_endorsements("1"), "4.4.0"),
    (lambda api: api.conversations_delete("1"), "2.6.0"),
    (lambda api: api.instance_privacy_policy(), "4.0.0"),
    (lambda api: api.media_delete("1"), "4.4.0"),
    (lambda api: api.filter_keyword_v2("1"), "4.0.0"),
    (lambda api: api.update_filter_keyword_v2("1", "x"), "4.0.0"),
    (lambda api: api.admin_update_report("1", category="spam"), "3.5.0"),
])
def test_versions_are_checked_before_sending(server, call, needed, client_class):
    old = client_class(access_token="t", api_base_url=server.url, mastodon_version="2.5.0",
                   version_check_mode="created")
    if needed is None:  # oEmbed is as old as the API: a 2.5 server has it
        server.default = Reply(200, OEMBED)
        call(old)
        assert len(server.requests) == 1
        return
    with pytest.raises(MastodonVersionError, match=needed):
        call(old)
    assert server.requests == []
    new = client_class(access_token="t", api_base_url=server.url, mastodon_version=needed,
                   version_check_mode="created")
    server.default = lambda recorded: Reply(
        200, [] if recorded.path.endswith("/endorsements") else {"id": "1"})
    call(new)
    assert len(server.requests) == 1
