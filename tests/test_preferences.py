"""User preferences."""

import pytest

from mastodon import MastodonUnauthorizedError, MastodonVersionError

from .servers import Reply

pytestmark = pytest.mark.both_clients


def test_preferences_follow_the_account_settings(api):
    prefs = api.preferences()
    assert prefs["posting:default:visibility"] == "public"
    assert prefs["posting:default:sensitive"] is False
    api._api_request("PATCH", "/api/v1/accounts/update_credentials",
                     {"source": {"privacy": "unlisted", "sensitive": True, "language": "de"}})
    prefs = api.preferences()
    assert prefs["posting:default:visibility"] == "unlisted"
    assert prefs["posting:default:sensitive"] is True
    assert prefs["posting:default:language"] == "de"


def test_preferences_are_the_users_own(api, api_bob):
    api._api_request("PATCH", "/api/v1/accounts/update_credentials", {"source": {"privacy": "private"}})
    assert api_bob.preferences()["posting:default:visibility"] == "public"


def test_preferences_need_a_user(api_anonymous):
    with pytest.raises(MastodonUnauthorizedError):
        api_anonymous.preferences()


def test_preferences_request(recording_api, server):
    server.routes[("GET", "/api/v1/preferences")] = Reply(200, {
        "posting:default:visibility": "private", "reading:expand:media": "show_all"})
    prefs = recording_api.preferences()
    assert prefs["reading:expand:media"] == "show_all"
    assert (server.last.method, server.last.path, server.last.query) == ("GET", "/api/v1/preferences", {})
    assert server.last.headers["Authorization"] == "Bearer secret-token"


def test_old_server_is_refused_before_sending(server, client_class):
    old = client_class(access_token="t", api_base_url=server.url, mastodon_version="2.7.0",
                   version_check_mode="created")
    with pytest.raises(MastodonVersionError, match="2.8.0"):
        old.preferences()
    assert server.requests == []
