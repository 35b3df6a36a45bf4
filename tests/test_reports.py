"""Reports: filing one, and the old list of one's own reports."""

import pytest

from mastodon import (
    MastodonAPIError,
    MastodonIllegalArgumentError,
    MastodonNotFoundError,
    MastodonVersionError,
)

from .servers import Reply

pytestmark = pytest.mark.both_clients

REPORT = {"id": "48914", "action_taken": False, "category": "spam", "comment": "Spam account",
          "forwarded": False, "created_at": "2022-08-25T09:56:16.763Z",
          "status_ids": ["108882889550545820"], "rule_ids": None, "target_account": {"id": "7"}}


def bob_of(api):
    return api._api_request("GET", "/api/v1/accounts/lookup", {"acct": "bob"})


def test_report_reaches_the_moderators(api, api_bob, api_admin):
    bob = bob_of(api)
    first = api_bob._api_request("POST", "/api/v1/statuses", {"status": "buy my stuff"})
    second = api_bob._api_request("POST", "/api/v1/statuses", {"status": "buy it now"})
    report = api.report(bob, status_ids=[first, second.id], comment="Spam account",
                        category="spam")
    assert report.target_account.id == bob.id
    assert report.category == "spam" and report.comment == "Spam account"
    assert report.forwarded is False
    assert sorted(report.status_ids) == sorted([first.id, second.id])

    seen = api_admin._api_request("GET", f"/api/v1/admin/reports/{report.id}")
    assert seen.comment == "Spam account"
    assert seen.account.username == "alice"
    assert seen.target_account.username == "bob"
    assert sorted(s.id for s in seen.statuses) == sorted([first.id, second.id])


def test_report_with_one_status_and_forward(api, api_bob, api_admin):
    bob = bob_of(api)
    status = api_bob._api_request("POST", "/api/v1/statuses", {"status": "hmm"})
    report = api.report(bob.id, status, "please look", forward=True)
    assert report.status_ids == [status.id]
    assert report.forwarded is True
    assert api_admin._api_request("GET", f"/api/v1/admin/reports/{report.id}").forwarded is True


def test_report_of_an_unknown_account_is_an_error(api):
    with pytest.raises(MastodonNotFoundError):
        api.report("999999999")


def test_report_sends_only_what_is_set(recording_api, server):
    server.routes[("POST", "/api/v1/reports/")] = Reply(200, REPORT)
    result = recording_api.report({"id": "7", "acct": "spammer"})
    sent = server.last
    # With the trailing slash, as Mastodon.py sends it.
    assert (sent.method, sent.path) == ("POST", "/api/v1/reports/")
    assert sent.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert sent.form == {"account_id": ["7"]}  # forward=False is the server's default
    assert result.id == "48914" and result.status_ids == ["108882889550545820"]


def test_report_sends_every_option(recording_api, server):
    server.routes[("POST", "/api/v1/reports/")] = Reply(200, REPORT)
    recording_api.report(7, status_ids=[{"id": "10"}, 11], comment="rude", forward=True,
                         category="violation", rule_ids=["2", {"id": "3"}],
                         forward_to_domains=["remote.example"])
    assert server.last.form == {
        "account_id": ["7"], "status_ids[]": ["10", "11"], "comment": ["rude"],
        "forward": ["1"], "category": ["violation"], "rule_ids[]": ["2", "3"],
        "forward_to_domains[]": ["remote.example"]}


def test_reports_lists_own_reports_where_the_server_has_it(server, client_class):
    old = client_class(access_token="t", api_base_url=server.url, mastodon_version="2.4.0")
    server.routes[("GET", "/api/v1/reports")] = Reply(200, [{"id": "1", "action_taken": True}])
    reports = old.reports()
    assert (server.last.method, server.last.path, server.last.query) == ("GET", "/api/v1/reports", {})
    assert reports[0].id == 1 and reports[0].action_taken is True


def test_reports_on_a_newer_server_is_a_clear_error(api, recording_api, server):
    # Mastodon 2.5.0 removed the endpoint; the server's answer is raised.
    with pytest.raises(MastodonAPIError, match="GET /api/v1/reports failed with HTTP 405"):
        api.reports()
    server.routes[("GET", "/api/v1/reports")] = Reply(404, {"error": "Record not found"})
    with pytest.raises(MastodonNotFoundError, match="Record not found"):
        recording_api.reports()


@pytest.mark.parametrize("call, message", [
    (lambda api: api.report(None), "account_id"),
    (lambda api: api.report(7, category="rude"), "rude"),
])
def test_invalid_arguments_send_nothing(recording_api, server, call, message):
    with pytest.raises(MastodonIllegalArgumentError, match=message):
        call(recording_api)
    assert server.requests == []


def test_old_server_is_refused_before_sending(server, client_class):
    ancient = client_class(access_token="t", api_base_url=server.url, mastodon_version="1.0.0",
                       version_check_mode="created")
    with pytest.raises(MastodonVersionError, match="1.1.0"):
        ancient.report(7)
    assert server.requests == []
