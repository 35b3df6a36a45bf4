"""The profile API (Mastodon 4.6) and annual reports. The profile against the mock
(which stores what ``update_credentials`` stores); the rest of its fields, the images
and the annual reports, which the mock only answers with fixed replies, against the
scripted server."""

import io
from email.parser import BytesParser
from email.policy import HTTP

import pytest

from mastodon import (
    MastodonAPIError,
    MastodonFileNotFoundError,
    MastodonIllegalArgumentError,
    MastodonNotFoundError,
    MastodonVersionError,
)

from .servers import Reply

pytestmark = pytest.mark.both_clients

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa75\x81"
       b"\x84\x00\x00\x00\x00IEND\xaeB`\x82")
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"

PROFILE = {"id": "1", "display_name": "Alice", "note": "Hi", "fields": [],
           "avatar": None, "avatar_static": None, "avatar_description": "",
           "header": None, "header_static": None, "header_description": "",
           "locked": False, "bot": False, "discoverable": True, "hide_collections": None,
           "indexable": True, "show_media": True, "show_media_replies": True,
           "show_featured": True, "attribution_domains": [], "featured_tags": []}
REPORT = {"year": 2025, "account_id": "1", "schema_version": 2,
          "share_url": "https://x.example/@alice/wrapstodon/2025/7fa0",
          "data": {"archetype": "oracle", "top_hashtags": [{"name": "Mastodon", "count": 12}]}}


@pytest.fixture
def alice(mock_url, client_class):
    return client_class(access_token="alice_token", api_base_url=mock_url)


@pytest.fixture
def scripted(server, client_class):
    return client_class(access_token="secret-token", api_base_url=server.url, mastodon_version="4.6.0")


def multipart(recorded):
    """The parts of a multipart body: ``{field: (file name, content type, bytes)}``."""
    content_type = recorded.headers["Content-Type"]
    assert content_type.startswith("multipart/form-data")
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + recorded.body)
    parts = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        parts[name] = (part.get_filename(), part.get_content_type(), part.get_payload(decode=True))
    return parts


# --- the profile, against the mock -----------------------------------------------------

def test_profile(alice):
    profile = alice.profile()
    me = alice.account_verify_credentials()
    assert profile.id == me.id and profile.display_name == me.display_name
    for key in ("show_media", "show_media_replies", "show_featured", "avatar_description"):
        assert key in profile


def test_profile_update_and_read_back(alice):
    updated = alice.profile_update(display_name="Alice Liddell", note="Down the rabbit hole",
                                   locked=True, bot=False,
                                   fields=[("Home", "https://alice.example"),
                                           {"name": "Pronouns", "value": "she/her"}])
    assert updated.display_name == "Alice Liddell"
    profile = alice.profile()
    assert profile.display_name == "Alice Liddell" and profile.locked is True
    assert [(f.name, f.value) for f in profile.fields] == [
        ("Home", "https://alice.example"), ("Pronouns", "she/her")]
    assert alice.account_verify_credentials().note.find("rabbit") >= 0
    # What is not given stays as it was.
    alice.profile_update(locked=False)
    profile = alice.profile()
    assert profile.locked is False and profile.display_name == "Alice Liddell"
    assert len(profile.fields) == 2


def test_me_shows_a_profile_update(alice):
    assert alice.me().display_name == "Alice"
    assert alice.me().display_name == "Alice"
    alice.profile_update(display_name="Renamed")
    assert alice.me().display_name == "Renamed"


# --- the profile, exact requests against the scripted server ---------------------------

def test_profile_requests(server, scripted):
    server.routes[("GET", "/api/v1/profile")] = Reply(200, PROFILE)
    assert scripted.profile().show_featured is True
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v1/profile", {})

    server.routes[("PATCH", "/api/v1/profile")] = Reply(200, PROFILE)
    scripted.profile_update(show_media=False, show_media_replies=True, show_featured=False,
                            hide_collections=True, indexable=False, discoverable=True,
                            attribution_domains="blog.example",
                            avatar_description="A cat", header_description="")
    assert (server.last.method, server.last.path) == ("PATCH", "/api/v1/profile")
    assert server.last.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert server.last.form == {
        "show_media": ["0"], "show_media_replies": ["1"], "show_featured": ["0"],
        "hide_collections": ["1"], "indexable": ["0"], "discoverable": ["1"],
        "attribution_domains[]": ["blog.example"], "avatar_description": ["A cat"],
        "header_description": [""]}
    scripted.profile_update(fields=[("a", "1"), ("b", None)])
    assert server.last.form == {"fields_attributes[0][name]": ["a"],
                                "fields_attributes[0][value]": ["1"],
                                "fields_attributes[1][name]": ["b"],
                                "fields_attributes[1][value]": [""]}
    scripted.profile_update()  # nothing given: nothing sent
    assert server.last.body == b""


def test_profile_update_with_images_is_multipart(server, scripted, tmp_path):
    server.routes[("PATCH", "/api/v1/profile")] = Reply(200, PROFILE)
    path = tmp_path / "face.jpg"
    path.write_bytes(JPEG)
    scripted.profile_update(display_name="Pictured", avatar=str(path), header=io.BytesIO(PNG),
                            avatar_description="My face")
    parts = multipart(server.last)
    assert parts["avatar"] == ("face.jpg", "image/jpeg", JPEG)
    assert parts["header"][1:] == ("image/png", PNG)  # unnamed data: type from its bytes
    assert parts["display_name"] == (None, "text/plain", b"Pictured")
    assert parts["avatar_description"][2] == b"My face"


# --- annual reports --------------------------------------------------------------------

def test_annual_reports_against_the_mock(alice):
    # The mock never makes reports: it answers with empty lists, "ineligible" and
    # 404, and accepts generate and read as no-ops.
    assert alice.annual_reports().annual_reports == []
    assert alice.annual_report_state(2025).state == "ineligible"
    with pytest.raises(MastodonNotFoundError):
        alice.annual_report(2025)
    assert alice.annual_report_generate(2025) == {}
    assert alice.annual_report_read("2025") is None  # as in Mastodon.py


def test_annual_report_requests(server, scripted):
    wrapped = {"annual_reports": [REPORT], "accounts": [], "statuses": []}
    server.routes[("GET", "/api/v1/annual_reports")] = Reply(200, wrapped)
    reports = scripted.annual_reports()
    assert reports.annual_reports[0].data.archetype == "oracle"
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v1/annual_reports", {})
    server.routes[("GET", "/api/v1/annual_reports/2025")] = Reply(200, wrapped)
    assert scripted.annual_report(2025).annual_reports[0].year == 2025
    assert server.last.path == "/api/v1/annual_reports/2025"
    server.routes[("GET", "/api/v1/annual_reports/2025/state")] = Reply(200, {"state": "eligible"})
    assert scripted.annual_report_state("2025").state == "eligible"
    assert server.last.path == "/api/v1/annual_reports/2025/state"
    server.routes[("POST", "/api/v1/annual_reports/2025/read")] = Reply(200, {})
    assert scripted.annual_report_read(2025) is None  # as in Mastodon.py
    assert (server.last.method, server.last.path, server.last.body) == (
        "POST", "/api/v1/annual_reports/2025/read", b"")


def test_annual_report_generate_and_poll(server, scripted):
    # Generating answers 202 with no body while the report is made; then the state
    # says when it is there.
    server.routes[("POST", "/api/v1/annual_reports/2025/generate")] = [
        Reply(202, b""), Reply(200, {})]
    server.routes[("GET", "/api/v1/annual_reports/2025/state")] = [
        Reply(200, {"state": "generating"}), Reply(200, {"state": "available"})]
    assert scripted.annual_report_generate(2025) == {}
    assert (server.last.method, server.last.path, server.last.body) == (
        "POST", "/api/v1/annual_reports/2025/generate", b"")
    assert scripted.annual_report_state(2025).state == "generating"
    assert scripted.annual_report_state(2025).state == "available"
    assert scripted.annual_report_generate(2025) == {}  # already made: 200 with {}


def test_annual_report_generate_refuses_a_body_that_is_not_json(server, scripted):
    server.routes[("POST", "/api/v1/annual_reports/2025/generate")] = Reply(
        200, b"<html>Oops</html>")
    with pytest.raises(MastodonAPIError, match="not valid JSON.*Oops"):
        scripted.annual_report_generate(2025)


# --- argument checks: nothing is sent ------------------------------------------------

@pytest.mark.parametrize("call", [
    lambda api: api.profile_update(fields="Home: x"),
    lambda api: api.profile_update(fields=[("only a name",)]),
    lambda api: api.profile_update(avatar=b"not an image"),
    lambda api: api.profile_update(avatar=12),
    lambda api: api.annual_report(None),
    lambda api: api.annual_report("last year"),
    lambda api: api.annual_report_state(True),
    lambda api: api.annual_report_generate(-1),
    lambda api: api.annual_report_read("20x5"),
], ids=["fields-string", "fields-not-pairs", "avatar-unknown-type", "avatar-number",
        "year-none", "year-words", "year-bool", "year-negative", "year-not-digits"])
def test_invalid_arguments_send_nothing(server, scripted, call):
    with pytest.raises(MastodonIllegalArgumentError):
        call(scripted)
    assert server.requests == []


def test_missing_image_file_sends_nothing(server, scripted, tmp_path):
    with pytest.raises(MastodonFileNotFoundError):
        scripted.profile_update(header=str(tmp_path / "nothere.png"))
    assert server.requests == []


def test_version_check(server, client_class):
    def client(version):
        return client_class(access_token="t", api_base_url=server.url, mastodon_version=version,
                        version_check_mode="created")

    with pytest.raises(MastodonVersionError, match="profile_update"):
        client("4.5.0").profile_update(display_name="x")
    with pytest.raises(MastodonVersionError, match="annual_report_state"):
        client("4.5.0").annual_report_state(2025)
    with pytest.raises(MastodonVersionError, match="annual_report"):
        client("4.3.0").annual_report(2025)
    with pytest.raises(MastodonVersionError, match="annual_reports"):
        client("4.2.0").annual_reports()
    assert server.requests == []
