"""The admin (moderation) API: accounts and reports.

Moderation round trips run against mastodon_mock as the seed's admin, ``root``; the exact
requests (flags, defaults left out, paths) are checked on the scripted server.
"""

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


def account_id(client):
    """The ID of the account a client is logged in as."""
    return client._api_request("GET", "/api/v1/accounts/verify_credentials").id


def file_report(client, target, comment):
    """File a report as ``client`` (the reports area's own method is tested there)."""
    return client._api_request("POST", "/api/v1/reports", {"account_id": target, "comment": comment})


def usernames(accounts):
    return sorted(a.username for a in accounts)


# --- accounts against the mock -------------------------------------------------------

def test_admin_accounts_lists_local_active_accounts_by_default(api_admin):
    accounts = api_admin.admin_accounts()
    assert usernames(accounts) == ["alice", "bob", "carol", "root"]
    root = next(a for a in accounts if a.username == "root")
    assert root.email == "root@mock.local"
    assert root.domain is None
    assert root.account.acct == "root"
    assert root.id == root.account.id


def test_admin_accounts_filters(api_admin):
    assert usernames(api_admin.admin_accounts(remote=True)) == ["dave"]
    assert usernames(api_admin.admin_accounts(remote=True, by_domain="remote.example")) == ["dave"]
    assert api_admin.admin_accounts(remote=True, by_domain="elsewhere.example") == []
    assert usernames(api_admin.admin_accounts(username="ali")) == ["alice"]
    assert usernames(api_admin.admin_accounts(display_name="Caro")) == ["carol"]
    assert usernames(api_admin.admin_accounts(email="root@mock.local")) == ["root"]
    assert usernames(api_admin.admin_accounts(staff_only=True)) == ["root"]
    assert api_admin.admin_accounts(status="pending") == []


def test_admin_accounts_pages_follow_the_filters(api_admin):
    first = api_admin.admin_accounts(limit=2)
    assert len(first) == 2
    second = api_admin.fetch_next(first)
    assert len(second) == 2
    assert usernames(first + second) == ["alice", "bob", "carol", "root"]
    assert max(a.id for a in second) < min(a.id for a in first)  # newest first
    assert api_admin.fetch_remaining(api_admin.admin_accounts(remote=True, limit=1)) == \
        api_admin.admin_accounts(remote=True)


def test_admin_account_reads_one_account(api, api_admin):
    alice_id = account_id(api)
    alice = api_admin.admin_account(alice_id)
    assert alice.id == alice_id
    assert alice.username == "alice"
    assert alice.account.acct == "alice"
    assert (alice.disabled, alice.silenced, alice.suspended, alice.approved) == (False, False, False, True)
    assert api_admin.admin_account(alice).username == "alice"  # a dict stands for its ID
    with pytest.raises(MastodonNotFoundError):
        api_admin.admin_account("999999999")


def test_disable_then_enable(api, api_admin):
    alice_id = account_id(api)
    assert api_admin.admin_account_moderate(alice_id, "disable") is None  # as in Mastodon.py
    assert api_admin.admin_account(alice_id).disabled is True
    assert usernames(api_admin.admin_accounts(status="disabled")) == ["alice"]
    assert "alice" not in usernames(api_admin.admin_accounts())

    enabled = api_admin.admin_account_enable(alice_id)
    assert enabled.username == "alice" and enabled.disabled is False
    assert api_admin.admin_account(alice_id).disabled is False
    assert api_admin.admin_accounts(status="disabled") == []


def test_silence_then_unsilence(api_bob, api_admin):
    bob = api_admin.admin_account(account_id(api_bob))
    api_admin.admin_account_moderate(bob, "silence", text="calm down", send_email_notification=False)
    assert api_admin.admin_account(bob).silenced is True
    assert usernames(api_admin.admin_accounts(status="silenced")) == ["bob"]

    assert api_admin.admin_account_unsilence(bob).silenced is False
    assert api_admin.admin_account(bob).silenced is False
    assert api_admin.admin_accounts(status="silenced") == []


def test_suspend_then_unsuspend(api_carol, api_admin):
    carol_id = account_id(api_carol)
    api_admin.admin_account_moderate(carol_id, "suspend")
    assert api_admin.admin_account(carol_id).suspended is True
    assert usernames(api_admin.admin_accounts(status="suspended")) == ["carol"]

    assert api_admin.admin_account_unsuspend(carol_id).suspended is False
    assert api_admin.admin_account(carol_id).suspended is False
    assert "carol" in usernames(api_admin.admin_accounts())


def test_mark_sensitive(api, api_admin):
    alice_id = account_id(api)
    api_admin.admin_account_moderate(alice_id, "sensitive")
    alice = api_admin.admin_account(alice_id)
    assert alice.sensitized is True
    assert (alice.disabled, alice.silenced, alice.suspended) == (False, False, False)


def test_warning_closes_the_report_and_leaves_the_account_alone(api, api_bob, api_admin):
    bob_id = account_id(api_bob)
    report = file_report(api, bob_id, "rude replies")
    api_admin.admin_account_moderate(bob_id, None, report_id=report, text="please be kind")
    bob = api_admin.admin_account(bob_id)
    assert (bob.disabled, bob.silenced, bob.suspended, bob.sensitized) == (False, False, False, False)
    closed = api_admin.admin_report(report)
    assert closed.action_taken is True
    assert closed.action_taken_by_account.username == "root"
    assert api_admin.admin_reports() == []


def test_approve_keeps_the_account_approved(api, api_admin):
    # The mock has no way to create a pending account (see test_approve_request for the
    # request itself); approving an approved account there is a no-op.
    alice_id = account_id(api)
    approved = api_admin.admin_account_approve(alice_id)
    assert approved.id == alice_id and approved.approved is True
    assert api_admin.admin_account(alice_id).approved is True


def test_reject_removes_the_account(mock_url, api_admin, client_class):
    signup = requests.post(mock_url + "/api/v1/accounts", data={
        "username": "newcomer", "email": "newcomer@example.org", "password": "correct horse",
        "agreement": "true", "locale": "en"}, timeout=30)
    signup.raise_for_status()
    newcomer = client_class(access_token=signup.json()["access_token"], api_base_url=mock_url)
    newcomer_id = account_id(newcomer)
    assert usernames(api_admin.admin_accounts(username="newcomer")) == ["newcomer"]

    rejected = api_admin.admin_account_reject(newcomer_id)
    assert rejected.username == "newcomer"
    with pytest.raises(MastodonNotFoundError):
        api_admin.admin_account(newcomer_id)
    assert api_admin.admin_accounts(username="newcomer") == []


# --- reports against the mock --------------------------------------------------------

def test_admin_reports_lists_and_filters(api, api_bob, api_carol, api_admin):
    alice_id, bob_id, carol_id = account_id(api), account_id(api_bob), account_id(api_carol)
    about_bob = file_report(api, bob_id, "spam from bob")
    about_carol = file_report(api_bob, carol_id, "spam from carol")

    reports = api_admin.admin_reports()
    assert sorted(r.id for r in reports) == sorted([about_bob.id, about_carol.id])
    assert [r.id for r in api_admin.admin_reports(account_id=alice_id)] == [about_bob.id]
    assert [r.id for r in api_admin.admin_reports(target_account_id=carol_id)] == [about_carol.id]
    assert api_admin.admin_reports(account_id=carol_id) == []
    assert api_admin.admin_reports(resolved=True) == []

    first = api_admin.admin_reports(limit=1)
    assert len(first) == 1
    assert [r.id for r in first + api_admin.fetch_next(first)] == [r.id for r in reports]


def test_admin_report_reads_one_report(api, api_bob, api_admin):
    report = file_report(api, account_id(api_bob), "impersonation")
    read = api_admin.admin_report(report.id)
    assert read.id == report.id
    assert read.comment == "impersonation"
    assert read.account.username == "alice"
    assert read.target_account.username == "bob"
    assert read.action_taken is False
    assert read.assigned_account is None
    assert api_admin.admin_report(report).id == report.id  # a dict stands for its ID


def test_assign_then_unassign(api, api_bob, api_admin):
    report = file_report(api, account_id(api_bob), "spam")
    assigned = api_admin.admin_report_assign(report)
    assert assigned.assigned_account.username == "root"
    assert api_admin.admin_report(report).assigned_account.username == "root"

    assert api_admin.admin_report_unassign(report).assigned_account is None
    assert api_admin.admin_report(report).assigned_account is None


def test_resolve_then_reopen(api, api_bob, api_admin):
    report = file_report(api, account_id(api_bob), "spam")
    resolved = api_admin.admin_report_resolve(report)
    assert resolved.action_taken is True
    assert resolved.action_taken_by_account.username == "root"
    assert api_admin.admin_reports() == []
    assert [r.id for r in api_admin.admin_reports(resolved=True)] == [report.id]

    reopened = api_admin.admin_report_reopen(report)
    assert reopened.action_taken is False
    assert api_admin.admin_report(report).action_taken is False
    assert [r.id for r in api_admin.admin_reports()] == [report.id]
    assert api_admin.admin_reports(resolved=True) == []


# --- the requests sent (scripted server) ---------------------------------------------

def test_admin_accounts_sends_the_default_status_as_mastodon_py_does(server, recording_api):
    server.routes[("GET", "/api/v1/admin/accounts")] = Reply(200, [])
    assert recording_api.admin_accounts() == []
    # The v1 API takes a flag's presence; Mastodon.py sends the status flag always, as
    # "True".
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v1/admin/accounts", {"active": ["True"]})


def test_admin_accounts_sends_every_filter(server, recording_api):
    server.routes[("GET", "/api/v1/admin/accounts")] = Reply(200, [{"id": "5", "username": "x"}])
    result = recording_api.admin_accounts(
        remote=True, by_domain="example.org", status="suspended", username="x", display_name="X",
        email="x@example.org", ip="192.0.2.7", staff_only=True, max_id={"id": "90"}, min_id="10",
        since_id=3, limit=40)
    assert result[0].id == 5
    assert server.last.query == {
        "remote": ["True"], "by_domain": ["example.org"], "suspended": ["True"], "username": ["x"],
        "display_name": ["X"], "email": ["x@example.org"], "ip": ["192.0.2.7"], "staff": ["True"],
        "max_id": ["90"], "min_id": ["10"], "since_id": ["3"], "limit": ["40"]}


@pytest.mark.parametrize("status", ["pending", "disabled", "silenced", "suspended"])
def test_admin_accounts_sends_status_as_a_flag(server, recording_api, status):
    server.routes[("GET", "/api/v1/admin/accounts")] = Reply(200, [])
    recording_api.admin_accounts(status=status)
    assert server.last.query == {status: ["True"]}


def test_admin_account_request(server, recording_api):
    server.routes[("GET", "/api/v1/admin/accounts/42")] = Reply(200, {"id": "42", "username": "x"})
    assert recording_api.admin_account({"id": "42"}).username == "x"
    assert (server.last.method, server.last.path) == ("GET", "/api/v1/admin/accounts/42")


@pytest.mark.parametrize("method, path", [
    ("admin_account_enable", "/api/v1/admin/accounts/42/enable"),
    ("admin_account_approve", "/api/v1/admin/accounts/42/approve"),
    ("admin_account_reject", "/api/v1/admin/accounts/42/reject"),
    ("admin_account_unsilence", "/api/v1/admin/accounts/42/unsilence"),
    ("admin_account_unsuspend", "/api/v1/admin/accounts/42/unsuspend"),
    ("admin_report_assign", "/api/v1/admin/reports/42/assign_to_self"),
    ("admin_report_unassign", "/api/v1/admin/reports/42/unassign"),
    ("admin_report_reopen", "/api/v1/admin/reports/42/reopen"),
    ("admin_report_resolve", "/api/v1/admin/reports/42/resolve"),
])
def test_action_requests(server, recording_api, method, path):
    server.routes[("POST", path)] = Reply(200, {"id": "42", "marker": method})
    result = getattr(recording_api, method)(42)
    assert result.marker == method
    assert (server.last.method, server.last.path, server.last.body) == ("POST", path, b"")


def test_moderate_sends_type_none_by_default(server, recording_api):
    server.routes[("POST", "/api/v1/admin/accounts/42/action")] = Reply(200, {})
    assert recording_api.admin_account_moderate(42) is None  # as in Mastodon.py
    assert server.last.method == "POST"
    # The e-mail flag goes at its default too, as Mastodon.py sends it.
    assert server.last.form == {"type": ["none"], "send_email_notification": ["1"]}


def test_moderate_sends_every_parameter(server, recording_api):
    server.routes[("POST", "/api/v1/admin/accounts/42/action")] = Reply(200, {})
    recording_api.admin_account_moderate({"id": "42"}, "silence", report_id={"id": "7"},
                                         warning_preset_id=3, text="spam",
                                         send_email_notification=False)
    assert server.last.path == "/api/v1/admin/accounts/42/action"
    assert server.last.form == {"type": ["silence"], "report_id": ["7"], "warning_preset_id": ["3"],
                                "text": ["spam"], "send_email_notification": ["0"]}


def test_moderate_sensitive_needs_mastodon_3_3(server, client_class):
    old = client_class(access_token="t", api_base_url=server.url, mastodon_version="3.2.0",
                   version_check_mode="created")
    with pytest.raises(MastodonVersionError, match="3.3.0"):
        old.admin_account_moderate(42, "sensitive")
    old.admin_account_moderate(42, "suspend")
    assert server.last.form == {"type": ["suspend"], "send_email_notification": ["1"]}
    unchecked = client_class(access_token="t", api_base_url=server.url, mastodon_version="3.2.0",
                         version_check_mode="none")
    unchecked.admin_account_moderate(42, "sensitive")
    assert server.last.form == {"type": ["sensitive"], "send_email_notification": ["1"]}


def test_admin_reports_sends_no_defaults(server, recording_api):
    server.routes[("GET", "/api/v1/admin/reports")] = Reply(200, [])
    recording_api.admin_reports()
    assert (server.last.method, server.last.path, server.last.query) == ("GET", "/api/v1/admin/reports", {})


def test_admin_reports_sends_every_filter(server, recording_api):
    server.routes[("GET", "/api/v1/admin/reports")] = Reply(200, [{"id": "1", "action_taken": True}])
    result = recording_api.admin_reports(resolved=True, account_id={"id": "5"}, target_account_id=6,
                                         max_id="30", min_id="2", since_id="1", limit=5)
    assert result[0].action_taken is True
    assert server.last.query == {"resolved": ["1"], "account_id": ["5"], "target_account_id": ["6"],
                                 "max_id": ["30"], "min_id": ["2"], "since_id": ["1"], "limit": ["5"]}


def test_admin_report_request(server, recording_api):
    server.routes[("GET", "/api/v1/admin/reports/8")] = Reply(200, {"id": "8", "comment": "c"})
    assert recording_api.admin_report("8").comment == "c"
    assert (server.last.method, server.last.path) == ("GET", "/api/v1/admin/reports/8")


def test_missing_permission_is_a_clear_error(server, recording_api):
    server.routes[("GET", "/api/v1/admin/reports")] = Reply(403, {"error": "This action is not allowed"})
    with pytest.raises(MastodonAPIError, match="This action is not allowed") as caught:
        recording_api.admin_reports()
    assert caught.value.args[1] == 403


# --- validation and versions (nothing sent) ------------------------------------------

@pytest.mark.parametrize("status", ["all", "Active", "sensitized", None])
def test_admin_accounts_rejects_unknown_status(server, recording_api, status):
    with pytest.raises(MastodonIllegalArgumentError, match="status"):
        recording_api.admin_accounts(status=status)
    assert server.requests == []


@pytest.mark.parametrize("action", ["ban", "Silence", "unsuspend", ""])
def test_moderate_rejects_unknown_action(server, recording_api, action):
    with pytest.raises(MastodonIllegalArgumentError, match="action"):
        recording_api.admin_account_moderate(42, action)
    assert server.requests == []


def test_admin_api_needs_mastodon_2_9_1(server, client_class):
    old = client_class(access_token="t", api_base_url=server.url, mastodon_version="2.9.0",
                   version_check_mode="created")
    with pytest.raises(MastodonVersionError):
        old.admin_accounts()
    with pytest.raises(MastodonVersionError):
        old.admin_report_resolve(1)
    assert server.requests == []
