"""Custom emojis."""

import pytest

from mastodon import MastodonVersionError

from .servers import Reply

pytestmark = pytest.mark.both_clients


def test_custom_emojis_without_logging_in(api_anonymous, api):
    emojis = api_anonymous.custom_emojis()
    assert len(emojis) >= 1
    for emoji in emojis:
        assert emoji.shortcode and ":" not in emoji.shortcode
        assert emoji.url.startswith("http") and emoji.static_url.startswith("http")
    # Logged in or not, the server lists the same emojis.
    assert [e.shortcode for e in api.custom_emojis()] == [e.shortcode for e in emojis]


def test_custom_emojis_request(recording_api, server):
    server.routes[("GET", "/api/v1/custom_emojis")] = Reply(200, [
        {"shortcode": "blobaww", "url": "https://files.example/blobaww.png",
         "static_url": "https://files.example/blobaww_static.png", "visible_in_picker": True,
         "category": "Blobs"}])
    emojis = recording_api.custom_emojis()
    assert (server.last.method, server.last.path, server.last.query) == ("GET", "/api/v1/custom_emojis", {})
    assert emojis[0].shortcode == "blobaww" and emojis[0].category == "Blobs"


def test_old_server_is_refused_before_sending(server, client_class):
    old = client_class(api_base_url=server.url, mastodon_version="2.0.0", version_check_mode="created")
    with pytest.raises(MastodonVersionError, match="2.1.0"):
        old.custom_emojis()
    assert server.requests == []
