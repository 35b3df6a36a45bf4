"""Parameters that Mastodon 4.6 added (and Mastodon.py 2.3 takes): what each sends."""

import pytest

from mastodon import MastodonIllegalArgumentError

from .servers import Reply


@pytest.fixture
def api(recording_api, server):
    server.default = Reply(200, {})
    return recording_api


def test_account_statuses_exclude_direct(api, server):
    server.default = Reply(200, [])
    api.account_statuses("7", exclude_direct=True)
    assert server.last.query == {"exclude_direct": ["1"]}
    api.account_statuses("7")
    assert server.last.query == {}


def test_alt_texts_of_the_profile_images(api, server):
    api.account_update_credentials(avatar_description="A cat", header_description="A hill")
    assert server.last.method == "PATCH"
    assert server.last.form["avatar_description"] == ["A cat"]
    assert server.last.form["header_description"] == ["A hill"]


def test_admin_reports_unresolved(api, server):
    server.default = Reply(200, [])
    api.admin_reports(unresolved=True)
    assert "resolved" not in server.last.query
    api.admin_reports(resolved=True)
    assert server.last.query == {"resolved": ["1"]}
    with pytest.raises(MastodonIllegalArgumentError, match="no report"):
        api.admin_reports(resolved=True, unresolved=True)
    assert len(server.requests) == 2


def test_notifications_supported_types(api, server):
    server.default = Reply(200, [])
    api.notifications(supported_types=["mention", "quote"])
    assert server.last.query == {"supported_types[]": ["mention", "quote"]}
    server.default = Reply(200, {"id": "5", "type": "mention"})
    api.notifications(id="5", supported_types="mention")
    assert (server.last.path, server.last.query) == (
        "/api/v1/notifications/5", {"supported_types[]": ["mention"]})


def test_grouped_notifications_supported_types(api, server):
    server.default = Reply(200, {"accounts": [], "statuses": [], "notification_groups": []})
    api.grouped_notifications(supported_types=["follow"])
    assert server.last.query["supported_types[]"] == ["follow"]
    api.grouped_notification("favourite-1", supported_types=["favourite"])
    assert (server.last.path, server.last.query) == (
        "/api/v2/notifications/favourite-1", {"supported_types[]": ["favourite"]})


def test_report_collection_ids(api, server):
    server.default = Reply(200, {"id": "1"})
    api.report("7", collection_ids=["c1", {"id": "c2"}])
    assert server.last.form["collection_ids[]"] == ["c1", "c2"]
