"""Instance information: the server's info, weekly activity and known peers."""

from datetime import datetime, timedelta

import pytest

from mastodon import MastodonVersionError

from .servers import Reply

pytestmark = pytest.mark.both_clients


def test_instance_without_logging_in(api_anonymous):
    # A current server: the newest format, as Mastodon.py 2.x returns it.
    info = api_anonymous.instance()
    assert info.version.startswith("4.")
    assert info.configuration.urls.streaming.startswith("ws")
    assert api_anonymous.instance_v1().urls.streaming_api == info.configuration.urls.streaming
    assert api_anonymous.retrieve_mastodon_version().startswith("4.")
    assert api_anonymous.mastodon_major == 4


def test_instance_asks_for_the_format_the_servers_version_has(server, client_class):
    server.routes[("GET", "/api/v1/instance")] = Reply(200, {"uri": "old.example", "version": "2.9"})
    server.routes[("GET", "/api/v2/instance")] = Reply(200, {"domain": "new.example"})
    old = client_class(api_base_url=server.url, mastodon_version="2.9.2")
    assert old.instance().uri == "old.example"
    new = client_class(api_base_url=server.url, mastodon_version="4.5.0")
    assert new.instance().domain == "new.example"
    assert client_class(api_base_url=server.url).instance().domain == "new.example"  # unknown: current
    assert [r.path for r in server.requests] == [
        "/api/v1/instance/", "/api/v2/instance/", "/api/v2/instance/"]
    # A server without the v2 information answers in the first format.
    server.routes[("GET", "/api/v2/instance")] = Reply(404, {"error": "Record not found"})
    assert client_class(api_base_url=server.url).instance().uri == "old.example"
    assert [r.path for r in server.requests[3:]] == ["/api/v2/instance/", "/api/v1/instance/"]


def test_activity_weeks_are_dates_and_numbers(api_anonymous):
    weeks = api_anonymous.instance_activity()
    assert len(weeks) >= 1
    for week in weeks:
        assert isinstance(week.week, datetime) and week.week.tzinfo is not None
        for key in ("statuses", "logins", "registrations"):
            assert isinstance(week[key], int)
    starts = [w.week for w in weeks]
    assert starts == sorted(starts, reverse=True)
    assert all(a - b == timedelta(weeks=1) for a, b in zip(starts, starts[1:], strict=False))


def test_activity_converts_the_servers_strings(recording_api, server):
    server.routes[("GET", "/api/v1/instance/activity")] = Reply(200, [
        {"week": "1574640000", "statuses": "37125", "logins": "14239", "registrations": "542"},
    ])
    week = recording_api.instance_activity()[0]
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v1/instance/activity", {})
    assert week.week == datetime.fromisoformat("2019-11-25T00:00:00+00:00")
    assert (week.statuses, week.logins, week.registrations) == (37125, 14239, 542)


def test_peers_include_the_domains_of_known_remote_accounts(api):
    peers = api.instance_peers()
    remote = api._api_request("GET", "/api/v1/accounts/lookup", {"acct": "dave@remote.example"})
    assert remote.acct.split("@")[1] in peers
    assert all(isinstance(p, str) for p in peers)
    assert "mock.local" not in peers  # the server itself is no peer


def test_peers_request(recording_api, server):
    server.routes[("GET", "/api/v1/instance/peers")] = Reply(200, ["a.example", "b.example"])
    assert recording_api.instance_peers() == ["a.example", "b.example"]
    assert (server.last.method, server.last.path) == ("GET", "/api/v1/instance/peers")


def test_old_server_is_refused_before_sending(server, client_class):
    old = client_class(api_base_url=server.url, mastodon_version="2.1.0", version_check_mode="created")
    with pytest.raises(MastodonVersionError, match="2.1.2"):
        old.instance_activity()
    with pytest.raises(MastodonVersionError, match="2.1.2"):
        old.instance_peers()
    assert server.requests == []
