"""The modern instance endpoints (v2 information, rules, domain blocks, languages, terms
of service, health, nodeinfo, OAuth discovery) and server software detection."""

from datetime import date, datetime

import pytest
from mastodon_mock.testing.server import MockServer

from mastodon import (
    MastodonIllegalArgumentError,
    MastodonNotFoundError,
    MastodonServerError,
    MastodonUnauthorizedError,
    MastodonVersionError,
)

from .conftest import mock_config
from .servers import Reply, ScriptedServer

pytestmark = pytest.mark.both_clients

NODEINFO_20 = "http://nodeinfo.diaspora.software/ns/schema/2.0"
NODEINFO_21 = "http://nodeinfo.diaspora.software/ns/schema/2.1"


def nodeinfo(name, version):
    return {"version": "2.0", "software": {"name": name, "version": version},
            "protocols": ["activitypub"], "usage": {"users": {}}, "openRegistrations": False,
            "metadata": {}}


@pytest.fixture(scope="module")
def configured_mock():
    """A mock server whose admins set rules and terms of service."""
    server = MockServer(config=mock_config(
        rules=["Be kind", "No spam"], terms_of_service="<p>Play nice.</p>")).start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.stop()


# --- against the mock ----------------------------------------------------------------

def test_instance_v1_and_v2_describe_the_same_server(api_anonymous):
    v1 = api_anonymous.instance_v1()
    v2 = api_anonymous.instance_v2()
    assert v1.version == v2.version and v1.version.startswith("4.")
    assert v1.uri == v2.domain
    assert "streaming_api" in v1.urls
    assert v2.configuration.urls.streaming == v1.urls.streaming_api
    assert v2.configuration.statuses.max_characters > 0


def test_rules_as_the_admins_set_them(configured_mock, make_client):
    rules = make_client(configured_mock).instance_rules()
    assert [r.text for r in rules] == ["Be kind", "No spam"]
    assert len({r.id for r in rules}) == 2


def test_no_rules_by_default(api_anonymous):
    assert api_anonymous.instance_rules() == []


def test_domain_blocks_show_what_the_admins_blocked(api_admin, api_anonymous):
    assert api_anonymous.instance_domain_blocks() == []
    api_admin._api_request("POST", "/api/v1/admin/domain_blocks",
                           {"domain": "spam.example", "severity": "suspend",
                            "public_comment": "Spam"})
    blocks = api_anonymous.instance_domain_blocks()
    assert [(b.domain, b.severity, b.comment) for b in blocks] == [
        ("spam.example", "suspend", "Spam")]
    assert len(blocks[0].digest) == 64


def test_extended_description(api_anonymous):
    description = api_anonymous.instance_extended_description()
    assert isinstance(description.updated_at, datetime)
    assert isinstance(description.content, str)


def test_languages_and_translation_languages(api_anonymous):
    # The mock answers plain codes where Mastodon answers {code, name} dicts; see
    # test_languages_request for Mastodon's shape.
    assert "en" in [getattr(lang, "code", lang) for lang in api_anonymous.instance_languages()]
    pairs = api_anonymous.instance_translation_languages()
    assert isinstance(pairs, dict) and pairs
    assert all(isinstance(targets, list) and source not in targets
               for source, targets in pairs.items())


def test_terms_of_service(configured_mock, api_anonymous, make_client):
    terms = make_client(configured_mock).instance_terms_of_service()
    assert terms.content == "<p>Play nice.</p>"
    assert terms.effective is True
    dated = make_client(configured_mock).instance_terms_of_service(date(2025, 4, 15))
    assert dated.content == "<p>Play nice.</p>"
    with pytest.raises(MastodonNotFoundError):  # the default mock has none
        api_anonymous.instance_terms_of_service()


def test_health(api_anonymous):
    assert api_anonymous.instance_health() is True


def test_nodeinfo(api_anonymous):
    info = api_anonymous.instance_nodeinfo()
    assert info.software.name == "mastodon"
    assert info.software.version == api_anonymous.instance_v2().version
    assert "activitypub" in info.protocols
    with pytest.raises(MastodonIllegalArgumentError, match="2.0"):
        api_anonymous.instance_nodeinfo("http://nodeinfo.diaspora.software/ns/schema/9.9")


def test_oauth_server_info_and_userinfo(api, api_anonymous, mock_url):
    info = api_anonymous.oauth_authorization_server_info()
    assert info.token_endpoint == mock_url + "/oauth/token"
    assert "authorization_code" in info.grant_types_supported
    claims = api.oauth_userinfo()
    assert claims.preferred_username == "alice"
    assert claims.profile.endswith("/@alice")
    with pytest.raises(MastodonUnauthorizedError):
        api_anonymous.oauth_userinfo()


def test_server_software_of_the_mock(api_anonymous):
    software = api_anonymous.server_software()
    name, version = software
    assert name == software.name == "mastodon"
    assert version == software.version == api_anonymous.instance_v1().version


# --- the exact requests (scripted server) --------------------------------------------

@pytest.mark.parametrize("method, path", [
    ("instance_v1", "/api/v1/instance/"),  # with the slash, as Mastodon.py asks
    ("instance_v2", "/api/v2/instance/"),
    ("instance_rules", "/api/v1/instance/rules"),
    ("instance_domain_blocks", "/api/v1/instance/domain_blocks"),
    ("instance_extended_description", "/api/v1/instance/extended_description"),
    ("instance_languages", "/api/v1/instance/languages"),
    ("instance_translation_languages", "/api/v1/instance/translation_languages"),
    ("instance_terms_of_service", "/api/v1/instance/terms_of_service"),
    ("oauth_authorization_server_info", "/.well-known/oauth-authorization-server"),
    ("oauth_userinfo", "/oauth/userinfo"),
])
def test_plain_get_requests(recording_api, server, method, path):
    server.default = Reply(200, [] if path.endswith(("rules", "blocks", "languages")) else {})
    getattr(recording_api, method)()
    assert len(server.requests) == 1
    assert (server.last.method, server.last.path, server.last.query, server.last.body) == (
        "GET", path, {}, b"")


def test_languages_request(recording_api, server):
    server.routes[("GET", "/api/v1/instance/languages")] = Reply(
        200, [{"code": "en", "name": "English"}, {"code": "de", "name": "German"}])
    assert [lang.code for lang in recording_api.instance_languages()] == ["en", "de"]


def test_terms_of_service_for_a_date(recording_api, server):
    server.default = Reply(200, {"effective_date": "2025-04-15", "effective": False,
                                 "content": "<p>old</p>", "succeeded_by": "2025-06-01"})
    for value in (date(2025, 4, 15), datetime(2025, 4, 15, 23, 0), "2025-04-15", " 20250415"):
        terms = recording_api.instance_terms_of_service(value)
        assert server.last.path == "/api/v1/instance/terms_of_service/2025-04-15"
    assert terms.effective is False and terms.content == "<p>old</p>"


@pytest.mark.parametrize("value", ["yesterday", "2025-13-01", 20250415, ""])
def test_terms_of_service_refuses_what_is_not_a_date(recording_api, server, value):
    with pytest.raises(MastodonIllegalArgumentError, match="date"):
        recording_api.instance_terms_of_service(value)
    assert server.requests == []


def test_health_answers(recording_api, server):
    server.routes[("GET", "/health")] = Reply(200, b"OK")
    assert recording_api.instance_health() is True
    assert server.last.path == "/health" and "Authorization" not in server.last.headers
    server.routes[("GET", "/health")] = Reply(200, {"status": "UP"})
    assert recording_api.instance_health() is True
    server.routes[("GET", "/health")] = Reply(200, {"status": "DOWN"})
    assert recording_api.instance_health() is False
    server.routes[("GET", "/health")] = Reply(503, b"Service Unavailable")
    assert recording_api.instance_health() is False
    server.routes[("GET", "/health")] = Reply(404, {"error": "Not found"})
    with pytest.raises(MastodonNotFoundError):
        recording_api.instance_health()


def test_nodeinfo_follows_the_link_for_the_schema(recording_api, server):
    server.routes[("GET", "/.well-known/nodeinfo")] = Reply(200, {"links": [
        {"rel": NODEINFO_20, "href": server.url + "/nodeinfo/2.0"},
        {"rel": NODEINFO_21, "href": "/nodeinfo/2.1.json"},  # relative links work too
    ]})
    server.routes[("GET", "/nodeinfo/2.0")] = Reply(200, nodeinfo("gotosocial", "0.16.0"))
    server.routes[("GET", "/nodeinfo/2.1.json")] = Reply(200, nodeinfo("gotosocial", "0.16.1"))
    assert recording_api.instance_nodeinfo().software.version == "0.16.0"
    assert [r.path for r in server.requests] == ["/.well-known/nodeinfo", "/nodeinfo/2.0"]
    assert recording_api.instance_nodeinfo(NODEINFO_21).software.version == "0.16.1"
    assert server.last.path == "/nodeinfo/2.1.json"
    assert all("Authorization" not in r.headers for r in server.requests)


def test_nodeinfo_on_another_host_gets_no_token(recording_api, server):
    other = ScriptedServer().start()
    try:
        other.routes[("GET", "/ni")] = Reply(200, nodeinfo("mastodon", "4.3.0"))
        server.routes[("GET", "/.well-known/nodeinfo")] = Reply(
            200, {"links": [{"rel": NODEINFO_20, "href": other.url + "/ni?format=json"}]})
        assert recording_api.instance_nodeinfo().software.version == "4.3.0"
        assert (other.last.path, other.last.query) == ("/ni", {"format": ["json"]})
        assert "Authorization" not in other.last.headers
    finally:
        other.stop()


def test_missing_schema_names_those_offered(recording_api, server):
    server.routes[("GET", "/.well-known/nodeinfo")] = Reply(
        200, {"links": [{"rel": NODEINFO_21, "href": server.url + "/nodeinfo/2.1"}]})
    with pytest.raises(MastodonIllegalArgumentError, match="schema/2.1"):
        recording_api.instance_nodeinfo()
    assert len(server.requests) == 1


def test_server_software_reads_the_newest_nodeinfo_once(recording_api, server):
    server.routes[("GET", "/.well-known/nodeinfo")] = Reply(200, {"links": [
        {"rel": NODEINFO_21, "href": server.url + "/nodeinfo/2.1"},
        {"rel": "https://www.w3.org/ns/activitystreams#Application", "href": server.url + "/actor"},
        {"rel": NODEINFO_20, "href": server.url + "/nodeinfo/2.0"},
    ]})
    server.routes[("GET", "/nodeinfo/2.1")] = Reply(200, nodeinfo("Akkoma", "3.13.2"))
    server.routes[("GET", "/nodeinfo/2.0")] = Reply(200, nodeinfo("akkoma", "old"))
    software = recording_api.server_software()
    assert software == ("akkoma", "3.13.2")
    assert (software.name, software.version) == ("akkoma", "3.13.2")
    assert [r.path for r in server.requests] == ["/.well-known/nodeinfo", "/nodeinfo/2.1"]
    assert recording_api.server_software() is software  # cached: no request
    assert len(server.requests) == 2

    server.routes[("GET", "/nodeinfo/2.1")] = Reply(200, nodeinfo("akkoma", "3.14.0"))
    assert recording_api.server_software(refresh=True).version == "3.14.0"
    assert len(server.requests) == 4


@pytest.mark.parametrize("reply", [
    Reply(404, {"error": "Not found"}),
    Reply(200, b"<html><body>Welcome</body></html>"),
    Reply(200, {"links": []}),
    Reply(200, {"something": "else"}),
])
def test_server_software_unknown_without_nodeinfo(recording_api, server, reply):
    server.routes[("GET", "/.well-known/nodeinfo")] = reply
    assert recording_api.server_software() == (None, None)
    count = len(server.requests)
    assert recording_api.server_software() == (None, None)
    assert len(server.requests) == count  # remembered as well


def test_server_software_unknown_when_the_document_is_not_nodeinfo(recording_api, server):
    server.routes[("GET", "/.well-known/nodeinfo")] = Reply(
        200, {"links": [{"rel": NODEINFO_20, "href": server.url + "/nodeinfo/2.0"}]})
    server.routes[("GET", "/nodeinfo/2.0")] = Reply(200, {"version": "2.0"})
    assert recording_api.server_software() == (None, None)


def test_server_software_trouble_is_raised_and_not_remembered(server, client_class):
    api = client_class(api_base_url=server.url, mastodon_version="4.3.0", max_retries=0)
    server.routes[("GET", "/.well-known/nodeinfo")] = [
        Reply(502, {"error": "Bad gateway"}),
        Reply(200, {"links": [{"rel": NODEINFO_20, "href": server.url + "/nodeinfo/2.0"}]}),
    ]
    server.routes[("GET", "/nodeinfo/2.0")] = Reply(200, nodeinfo("mastodon", "4.3.0"))
    with pytest.raises(MastodonServerError):
        api.server_software()
    assert api.server_software() == ("mastodon", "4.3.0")


def test_oauth_discovery_needs_no_version(server, client_class):
    # The version is not read first: the endpoint exists to find out what a server offers.
    fresh = client_class(api_base_url=server.url)
    server.routes[("GET", "/.well-known/oauth-authorization-server")] = Reply(
        200, {"issuer": server.url + "/"})
    assert fresh.oauth_authorization_server_info().issuer == server.url + "/"
    assert [r.path for r in server.requests] == ["/.well-known/oauth-authorization-server"]


def test_old_server_is_refused_before_sending(server, client_class):
    old = client_class(access_token="t", api_base_url=server.url, mastodon_version="3.3.0",
                   version_check_mode="created")
    for call, needed in ((old.instance_v2, "4.0.0"), (old.instance_rules, "3.4.0"),
                         (old.instance_domain_blocks, "4.0.0"),
                         (old.instance_extended_description, "4.0.0"),
                         (old.instance_languages, "4.2.0"),
                         (old.instance_translation_languages, "4.2.0"),
                         (old.instance_terms_of_service, "4.4.0"),
                         (old.oauth_userinfo, "4.3.0")):
        with pytest.raises(MastodonVersionError, match=needed):
            call()
    assert server.requests == []
