"""The modern (Mastodon 3.5-4.x) admin API: accounts v1/v2, deleting and un-sensitizing
accounts, domain blocks and allows, e-mail domain, IP and canonical e-mail blocks,
dashboard statistics, and trend moderation.

Round trips run against mastodon_mock as the seed's admin, ``root``; the exact requests
(paths, encodings, defaults left out) are checked on the scripted server, as is
everything the mock does not model (links in trends, role filters, the shape of
statistics).
"""

import hashlib
import ipaddress
from datetime import UTC, date, datetime, timedelta

import pytest

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


def post(client, text):
    """Post as ``client`` (the statuses area's own methods are tested there)."""
    return client._api_request("POST", "/api/v1/statuses", {"status": text})


def usernames(accounts):
    return sorted(a.username for a in accounts)


def on_version(client_class, server, version, **kwargs):
    """A client (of ``client_class``) of the scripted server that believes it runs
    ``version`` (and checks versions, unless told otherwise)."""
    kwargs.setdefault("version_check_mode", "created")
    return client_class(access_token="t", api_base_url=server.url, mastodon_version=version, **kwargs)


# --- accounts against the mock -------------------------------------------------------

def test_admin_accounts_is_the_v1_listing(api_admin):
    assert usernames(api_admin.admin_accounts_v1()) == ["alice", "bob", "carol", "root"]
    assert api_admin.admin_accounts_v1(staff_only=True) == api_admin.admin_accounts(staff_only=True)
    assert usernames(api_admin.admin_accounts_v1(staff_only=True)) == ["root"]
    assert usernames(api_admin.admin_accounts_v1(remote=True)) == ["dave"]


def test_admin_accounts_v1_takes_a_url_as_its_domain(api_admin):
    from_url = api_admin.admin_accounts_v1(remote=True, by_domain="https://remote.example/")
    assert usernames(from_url) == ["dave"]
    assert usernames(api_admin.admin_accounts(remote=True, by_domain="remote.example")) == ["dave"]


def test_admin_accounts_v2_filters(api_admin):
    assert usernames(api_admin.admin_accounts_v2(origin="local", status="active")) == \
        ["alice", "bob", "carol", "root"]
    assert usernames(api_admin.admin_accounts_v2(origin="remote")) == ["dave"]
    assert usernames(api_admin.admin_accounts_v2(origin="remote", by_domain="remote.example")) == ["dave"]
    assert api_admin.admin_accounts_v2(origin="remote", by_domain="elsewhere.example") == []
    assert usernames(api_admin.admin_accounts_v2(origin="local", permissions="staff")) == ["root"]
    assert usernames(api_admin.admin_accounts_v2(username="bo")) == ["bob"]
    assert usernames(api_admin.admin_accounts_v2(display_name="Ali")) == ["alice"]
    assert usernames(api_admin.admin_accounts_v2(email="root@mock.local")) == ["root"]
    assert api_admin.admin_accounts_v2(status="pending") == []
    root = api_admin.admin_accounts_v2(permissions="staff")[0]
    assert root.role.name == "Admin"  # a role dict on Mastodon 4


def test_admin_accounts_v2_sees_moderation_and_pages(api_bob, api_admin):
    bob_id = account_id(api_bob)
    api_admin.admin_account_moderate(bob_id, "silence")
    assert usernames(api_admin.admin_accounts_v2(status="silenced")) == ["bob"]
    assert "bob" not in usernames(api_admin.admin_accounts_v2(origin="local", status="active"))

    first = api_admin.admin_accounts_v2(origin="local", status="active", limit=2)
    assert len(first) == 2
    rest = api_admin.fetch_next(first)
    assert usernames(first + rest) == ["alice", "carol", "root"]


def test_mark_sensitive_then_unsensitive(api, api_admin):
    alice_id = account_id(api)
    api_admin.admin_account_moderate(alice_id, "sensitive")
    assert api_admin.admin_account(alice_id).sensitized is True

    result = api_admin.admin_account_unsensitive(alice_id)
    assert result.id == alice_id and result.sensitized is False
    assert api_admin.admin_account(alice_id).sensitized is False


def test_suspend_then_delete_account(api_carol, api_admin):
    carol_id = account_id(api_carol)
    post(api_carol, "soon gone")
    api_admin.admin_account_moderate(carol_id, "suspend")
    deleted = api_admin.admin_account_delete({"id": carol_id})
    assert deleted.username == "carol"
    with pytest.raises(MastodonNotFoundError):
        api_admin.admin_account(carol_id)
    assert api_admin.admin_accounts_v2(username="carol") == []


# --- domain blocks and allows against the mock ---------------------------------------

def test_domain_block_round_trip(api_admin):
    assert api_admin.admin_domain_blocks() == []
    block = api_admin.admin_create_domain_block(
        "https://spam.example/", severity="suspend", reject_media=True,
        private_comment="bot farm", public_comment="spam", obfuscate=True)
    assert (block.domain, block.severity, block.reject_media, block.reject_reports, block.obfuscate) == \
        ("spam.example", "suspend", True, False, True)
    assert (block.private_comment, block.public_comment) == ("bot farm", "spam")

    assert api_admin.admin_domain_block(block.id).domain == "spam.example"
    assert api_admin.admin_domain_blocks(id=block).domain == "spam.example"
    assert [b.domain for b in api_admin.admin_domain_blocks()] == ["spam.example"]

    updated = api_admin.admin_update_domain_block(block, severity="silence", obfuscate=False)
    assert (updated.severity, updated.obfuscate) == ("silence", False)
    read = api_admin.admin_domain_block(block)
    assert (read.severity, read.obfuscate, read.reject_media, read.private_comment) == \
        ("silence", False, True, "bot farm")  # what was not passed stays

    api_admin.admin_delete_domain_block(block.id)
    assert api_admin.admin_domain_blocks() == []
    with pytest.raises(MastodonNotFoundError):
        api_admin.admin_domain_block(block.id)


def test_domain_block_defaults_to_silence(api_admin):
    block = api_admin.admin_create_domain_block("quiet.example")
    assert (block.severity, block.reject_media, block.reject_reports, block.obfuscate) == \
        ("silence", False, False, False)


def test_domain_blocks_page(api_admin):
    for name in ("a.example", "b.example", "c.example"):
        api_admin.admin_create_domain_block(name)
    first = api_admin.admin_domain_blocks(limit=2)
    assert len(first) == 2
    rest = api_admin.fetch_next(first)
    assert sorted(b.domain for b in first + rest) == ["a.example", "b.example", "c.example"]
    assert [b.domain for b in api_admin.admin_domain_blocks(max_id=first[0])] == \
        [b.domain for b in (first + rest)[1:]]


def test_domain_allow_round_trip(api_admin):
    allow = api_admin.admin_create_domain_allow("friends.example")
    assert allow.domain == "friends.example"
    assert api_admin.admin_domain_allow(allow).domain == "friends.example"
    assert [a.id for a in api_admin.admin_domain_allows()] == [allow.id]
    assert api_admin.admin_create_domain_allow("friends.example").id == allow.id  # no duplicate

    api_admin.admin_delete_domain_allow(allow.id)
    assert api_admin.admin_domain_allows() == []
    with pytest.raises(MastodonNotFoundError):
        api_admin.admin_domain_allow(allow)


# --- sign-up blocks against the mock -------------------------------------------------

def test_email_domain_block_round_trip(api_admin):
    block = api_admin.admin_create_email_domain_block("throwaway.example")
    assert block.domain == "throwaway.example"
    assert api_admin.admin_email_domain_block(block).domain == "throwaway.example"
    assert [b.domain for b in api_admin.admin_email_domain_blocks()] == ["throwaway.example"]

    api_admin.admin_delete_email_domain_block(block)
    assert api_admin.admin_email_domain_blocks() == []
    with pytest.raises(MastodonNotFoundError):
        api_admin.admin_email_domain_block(block.id)


def test_ip_block_round_trip(api_admin):
    before = datetime.now(UTC)
    block = api_admin.admin_create_ip_block(ipaddress.ip_network("192.0.2.0/24"), "sign_up_block",
                                            comment="abuse", expires_in=timedelta(hours=1))
    assert (block.ip, block.severity, block.comment) == ("192.0.2.0/24", "sign_up_block", "abuse")
    assert before + timedelta(minutes=59) < block.expires_at < before + timedelta(minutes=61)
    assert api_admin.admin_ip_block(block.id).severity == "sign_up_block"
    assert [b.id for b in api_admin.admin_ip_blocks()] == [block.id]

    updated = api_admin.admin_update_ip_block(block, severity="no_access", comment="worse")
    assert (updated.severity, updated.comment, updated.ip) == ("no_access", "worse", "192.0.2.0/24")
    assert api_admin.admin_ip_block(block).severity == "no_access"

    api_admin.admin_delete_ip_block(block)
    assert api_admin.admin_ip_blocks() == []
    with pytest.raises(MastodonNotFoundError):
        api_admin.admin_ip_block(block)


def test_canonical_email_block_round_trip(api_admin):
    assert api_admin.admin_test_canonical_email_block("Sp.Ammer+x@mail.example") == []
    block = api_admin.admin_create_canonical_email_block(email="spammer@mail.example")
    # Variants of the address canonicalize to the same hash.
    assert [b.id for b in api_admin.admin_test_canonical_email_block("Sp.Ammer+x@mail.example")] == [block.id]
    assert api_admin.admin_canonical_email_block(block).canonical_email_hash == block.canonical_email_hash
    assert [b.id for b in api_admin.admin_canonical_email_blocks()] == [block.id]

    api_admin.admin_delete_canonical_email_block(block)
    assert api_admin.admin_canonical_email_blocks() == []
    assert api_admin.admin_test_canonical_email_block("spammer@mail.example") == []


def test_canonical_email_block_by_hash(api_admin):
    digest = hashlib.sha256(b"hidden@mail.example").hexdigest()
    block = api_admin.admin_create_canonical_email_block(canonical_email_hash=digest)
    assert block.canonical_email_hash == digest
    assert [b.id for b in api_admin.admin_test_canonical_email_block("hidden@mail.example")] == [block.id]


# --- statistics against the mock -----------------------------------------------------

def test_measures_answer_each_statistic_asked_for(api_admin):
    result = api_admin.admin_measures(date(2024, 1, 1), date(2024, 1, 31), active_users=True,
                                      new_users=True, tag_uses="12", instance_statuses="remote.example")
    assert [m.key for m in result] == ["active_users", "new_users", "tag_uses", "instance_statuses"]
    assert all("total" in m and "data" in m for m in result)


def test_dimensions_answer_each_ranking_asked_for(api_admin):
    result = api_admin.admin_dimensions(date(2024, 1, 1), date(2024, 1, 31), limit=5,
                                        languages=True, software_versions=True,
                                        instance_accounts="remote.example")
    assert [d.key for d in result] == ["languages", "software_versions", "instance_accounts"]


def test_retention_answers_a_list(api_admin):
    # The mock computes no cohorts; the shape of real ones is checked on the scripted server.
    assert api_admin.admin_retention(date(2024, 1, 1), date(2024, 3, 31), "month") == []


# --- trends against the mock ---------------------------------------------------------

def public_trending_tags(client):
    return [t.name for t in client._api_request("GET", "/api/v1/trends/tags")]


def public_trending_statuses(client):
    return [s.id for s in client._api_request("GET", "/api/v1/trends/statuses")]


def test_reject_then_approve_trending_tag(api, api_admin):
    post(api, "#caturday again")
    post(api, "#caturday and #cats")
    tags = api_admin.admin_trending_tags()
    assert [t.name for t in tags] == ["caturday", "cats"]
    assert all(t.trendable for t in tags)
    assert [t.name for t in api_admin.admin_trending_tags(limit=1)] == ["caturday"]

    caturday = tags[0]
    assert api_admin.admin_reject_trending_tag(caturday).name == "caturday"
    assert public_trending_tags(api) == ["cats"]
    assert [(t.name, t.trendable) for t in api_admin.admin_trending_tags()] == \
        [("caturday", False), ("cats", True)]

    api_admin.admin_approve_trending_tag(caturday.id)
    assert public_trending_tags(api) == ["caturday", "cats"]
    assert api_admin.admin_trending_tags()[0].trendable is True


def test_reject_then_approve_trending_status(api, api_bob, api_admin):
    popular = post(api, "a popular post")
    other = post(api, "another post")
    api_bob._api_request("POST", f"/api/v1/statuses/{popular.id}/favourite")
    assert [s.id for s in api_admin.admin_trending_statuses()] == [popular.id, other.id]

    rejected = api_admin.admin_reject_trending_status(popular)
    assert rejected.id == popular.id and rejected.content == popular.content
    assert public_trending_statuses(api) == [other.id]
    assert popular.id in [s.id for s in api_admin.admin_trending_statuses()]  # admins still see it

    assert api_admin.admin_approve_trending_status(popular.id).id == popular.id
    assert public_trending_statuses(api) == [popular.id, other.id]


def test_admin_trending_links_reads_the_list(api_admin):
    # The mock does not make preview cards, so no link ever trends there.
    assert api_admin.admin_trending_links() == []


# --- the requests sent (scripted server) ---------------------------------------------

def test_admin_accounts_v1_sends_the_default_status(server, recording_api):
    server.routes[("GET", "/api/v1/admin/accounts")] = Reply(200, [])
    assert recording_api.admin_accounts_v1() == []
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v1/admin/accounts", {"active": ["True"]})


def test_admin_accounts_and_v1_send_the_same_request(server, recording_api):
    server.routes[("GET", "/api/v1/admin/accounts")] = Reply(200, [{"id": "5", "username": "x"}])
    args = dict(remote=True, by_domain="https://example.org/users", status="pending", username="x",
                display_name="X", email="x@example.org", ip="192.0.2.7", staff_only=True,
                max_id={"id": "90"}, min_id="10", since_id=3, limit=40)
    assert recording_api.admin_accounts_v1(**args)[0].id == 5
    sent_v1 = server.last.query
    recording_api.admin_accounts(**args)
    assert server.last.query == sent_v1 == {
        "remote": ["True"], "by_domain": ["example.org"], "pending": ["True"], "username": ["x"],
        "display_name": ["X"], "email": ["x@example.org"], "ip": ["192.0.2.7"], "staff": ["True"],
        "max_id": ["90"], "min_id": ["10"], "since_id": ["3"], "limit": ["40"]}


def test_admin_accounts_v2_sends_no_defaults(server, recording_api):
    server.routes[("GET", "/api/v2/admin/accounts")] = Reply(200, [])
    assert recording_api.admin_accounts_v2() == []
    assert (server.last.method, server.last.path, server.last.query) == ("GET", "/api/v2/admin/accounts", {})


def test_admin_accounts_v2_sends_every_filter(server, recording_api):
    server.routes[("GET", "/api/v2/admin/accounts")] = Reply(200, [{"id": "7", "role": {"id": "3"}}])
    result = recording_api.admin_accounts_v2(
        origin="remote", by_domain="http://example.org", status="suspended", username="x",
        display_name="X", email="x@example.org", ip="2001:db8::1", permissions="staff",
        invited_by={"id": "12"}, role_ids=[{"id": "3"}, 4], max_id="90", min_id={"id": "10"},
        since_id=2, limit=50)
    assert result[0].role.id == 3
    assert server.last.query == {
        "origin": ["remote"], "by_domain": ["example.org"], "status": ["suspended"], "username": ["x"],
        "display_name": ["X"], "email": ["x@example.org"], "ip": ["2001:db8::1"],
        "permissions": ["staff"], "invited_by": ["12"], "role_ids[]": ["3", "4"], "max_id": ["90"],
        "min_id": ["10"], "since_id": ["2"], "limit": ["50"]}


def test_admin_accounts_v2_takes_a_single_role(server, recording_api):
    server.routes[("GET", "/api/v2/admin/accounts")] = Reply(200, [])
    recording_api.admin_accounts_v2(role_ids="3")
    assert server.last.query == {"role_ids[]": ["3"]}


@pytest.mark.parametrize("method, http, path", [
    ("admin_account_delete", "DELETE", "/api/v1/admin/accounts/42"),
    ("admin_account_unsensitive", "POST", "/api/v1/admin/accounts/42/unsensitive"),
    ("admin_domain_block", "GET", "/api/v1/admin/domain_blocks/42"),
    ("admin_delete_domain_block", "DELETE", "/api/v1/admin/domain_blocks/42"),
    ("admin_domain_allow", "GET", "/api/v1/admin/domain_allows/42"),
    ("admin_delete_domain_allow", "DELETE", "/api/v1/admin/domain_allows/42"),
    ("admin_email_domain_block", "GET", "/api/v1/admin/email_domain_blocks/42"),
    ("admin_delete_email_domain_block", "DELETE", "/api/v1/admin/email_domain_blocks/42"),
    ("admin_ip_block", "GET", "/api/v1/admin/ip_blocks/42"),
    ("admin_delete_ip_block", "DELETE", "/api/v1/admin/ip_blocks/42"),
    ("admin_canonical_email_block", "GET", "/api/v1/admin/canonical_email_blocks/42"),
    ("admin_delete_canonical_email_block", "DELETE", "/api/v1/admin/canonical_email_blocks/42"),
    ("admin_approve_trending_tag", "POST", "/api/v1/admin/trends/tags/42/approve"),
    ("admin_reject_trending_tag", "POST", "/api/v1/admin/trends/tags/42/reject"),
    ("admin_approve_trending_status", "POST", "/api/v1/admin/trends/statuses/42/approve"),
    ("admin_reject_trending_status", "POST", "/api/v1/admin/trends/statuses/42/reject"),
    ("admin_approve_trending_link", "POST", "/api/v1/admin/trends/links/42/approve"),
    ("admin_reject_trending_link", "POST", "/api/v1/admin/trends/links/42/reject"),
])
def test_requests_on_one_record(server, recording_api, method, http, path):
    server.routes[(http, path)] = Reply(200, {"id": "42", "marker": method})
    result = getattr(recording_api, method)({"id": "42"})
    assert result.marker == method
    sent = server.last
    assert (sent.method, sent.path, sent.query, sent.body) == (http, path, {}, b"")


@pytest.mark.parametrize("method, path", [
    ("admin_domain_blocks", "/api/v1/admin/domain_blocks/"),  # with the slash, as Mastodon.py asks
    ("admin_domain_allows", "/api/v1/admin/domain_allows"),
    ("admin_email_domain_blocks", "/api/v1/admin/email_domain_blocks"),
    ("admin_ip_blocks", "/api/v1/admin/ip_blocks"),
    ("admin_canonical_email_blocks", "/api/v1/admin/canonical_email_blocks"),
])
def test_list_requests(server, recording_api, method, path):
    link = f'<{server.url}{path}?limit=2&max_id=5>; rel="next"'
    server.routes[("GET", path)] = Reply(200, [{"id": "9"}, {"id": "6"}], headers={"Link": link})
    listing = getattr(recording_api, method)()
    assert (server.last.method, server.last.path, server.last.query) == ("GET", path, {})
    assert [x.id for x in listing] == ["9", "6"]
    assert listing._pagination_next["max_id"] == "5"

    getattr(recording_api, method)(max_id={"id": "9"}, min_id="1", since_id=2, limit=2)
    assert server.last.query == {"max_id": ["9"], "min_id": ["1"], "since_id": ["2"], "limit": ["2"]}


def test_admin_domain_blocks_with_id_reads_one(server, recording_api):
    server.routes[("GET", "/api/v1/admin/domain_blocks/3")] = Reply(200, {"id": "3", "domain": "x.example"})
    assert recording_api.admin_domain_blocks({"id": "3"}).domain == "x.example"
    assert (server.last.method, server.last.path, server.last.query) == \
        ("GET", "/api/v1/admin/domain_blocks/3", {})


def test_create_domain_block_sends_only_what_was_set(server, recording_api):
    server.routes[("POST", "/api/v1/admin/domain_blocks/")] = Reply(200, {"id": "1", "domain": "x.example"})
    recording_api.admin_create_domain_block("x.example")
    # With the trailing slash, as Mastodon.py sends it.
    assert (server.last.path, server.last.form) == ("/api/v1/admin/domain_blocks/",
                                                    {"domain": ["x.example"]})

    recording_api.admin_create_domain_block("x.example", severity="noop", reject_media=True,
                                            reject_reports=False, private_comment="p",
                                            public_comment="q", obfuscate=False)
    assert server.last.form == {"domain": ["x.example"], "severity": ["noop"], "reject_media": ["1"],
                                "reject_reports": ["0"], "private_comment": ["p"],
                                "public_comment": ["q"], "obfuscate": ["0"]}


def test_update_domain_block_sends_only_the_changes(server, recording_api):
    server.routes[("PUT", "/api/v1/admin/domain_blocks/8")] = Reply(200, {"id": "8"})
    recording_api.admin_update_domain_block(8, reject_reports=False)
    assert (server.last.method, server.last.path, server.last.form) == \
        ("PUT", "/api/v1/admin/domain_blocks/8", {"reject_reports": ["0"]})
    recording_api.admin_update_domain_block({"id": "8"}, severity="suspend", reject_media=True,
                                            private_comment="p", public_comment="q", obfuscate=True)
    assert server.last.form == {"severity": ["suspend"], "reject_media": ["1"], "private_comment": ["p"],
                                "public_comment": ["q"], "obfuscate": ["1"]}


def test_create_domain_block_conflict_is_a_clear_error(server, recording_api):
    server.routes[("POST", "/api/v1/admin/domain_blocks/")] = Reply(422, {
        "error": "You have already imposed stricter limits on x.example.",
        "existing_domain_block": {"id": "1", "domain": "x.example"}})
    with pytest.raises(MastodonAPIError, match="stricter limits"):
        recording_api.admin_create_domain_block("x.example")


@pytest.mark.parametrize("method, path", [
    ("admin_create_domain_allow", "/api/v1/admin/domain_allows"),
    ("admin_create_email_domain_block", "/api/v1/admin/email_domain_blocks"),
])
def test_create_by_domain_requests(server, recording_api, method, path):
    server.routes[("POST", path)] = Reply(200, {"id": "1", "domain": "x.example"})
    assert getattr(recording_api, method)(" x.example ").domain == "x.example"
    assert (server.last.method, server.last.path, server.last.form) == \
        ("POST", path, {"domain": ["x.example"]})


def test_ip_block_requests(server, recording_api):
    server.routes[("POST", "/api/v1/admin/ip_blocks")] = Reply(200, {"id": "1"})
    server.routes[("PUT", "/api/v1/admin/ip_blocks/1")] = Reply(200, {"id": "1"})
    recording_api.admin_create_ip_block("192.0.2.7", "sign_up_requires_approval")
    assert server.last.form == {"ip": ["192.0.2.7"], "severity": ["sign_up_requires_approval"]}

    recording_api.admin_create_ip_block("2001:db8::/32", "no_access", comment="c",
                                        expires_in=timedelta(days=1))
    assert server.last.form == {"ip": ["2001:db8::/32"], "severity": ["no_access"], "comment": ["c"],
                                "expires_in": ["86400"]}

    recording_api.admin_update_ip_block({"id": "1"}, comment="")
    assert (server.last.method, server.last.path, server.last.form) == \
        ("PUT", "/api/v1/admin/ip_blocks/1", {"id": ["1"], "comment": [""]})  # as Mastodon.py
    recording_api.admin_update_ip_block(1, ip="198.51.100.0/24", severity="sign_up_block", expires_in=60)
    assert server.last.form == {"id": ["1"], "ip": ["198.51.100.0/24"],
                                "severity": ["sign_up_block"], "expires_in": ["60"]}


def test_canonical_email_block_requests(server, recording_api):
    server.routes[("POST", "/api/v1/admin/canonical_email_blocks")] = Reply(200, {"id": "1"})
    server.routes[("POST", "/api/v1/admin/canonical_email_blocks/test")] = Reply(200, [{"id": "1"}])
    recording_api.admin_create_canonical_email_block(email="a@example.org")
    assert server.last.form == {"email": ["a@example.org"]}
    recording_api.admin_create_canonical_email_block(canonical_email_hash="ab" * 32)
    assert server.last.form == {"canonical_email_hash": ["ab" * 32]}
    assert [b.id for b in recording_api.admin_test_canonical_email_block("a@example.org")] == ["1"]
    assert (server.last.method, server.last.path, server.last.form) == \
        ("POST", "/api/v1/admin/canonical_email_blocks/test", {"email": ["a@example.org"]})


def test_measures_request(server, recording_api):
    server.routes[("POST", "/api/v1/admin/measures")] = Reply(200, [
        {"key": "new_users", "unit": None, "total": "3", "previous_total": "1",
         "data": [{"date": "2024-01-01T00:00:00Z", "value": "3"}]}])
    result = recording_api.admin_measures(
        datetime(2024, 1, 1, tzinfo=UTC), date(2024, 1, 31), new_users=True,
        resolved_reports=True, tag_accounts={"id": "77"}, tag_servers=78,
        instance_media_attachments="https://remote.example/about", instance_followers="other.example")
    assert result[0].data[0].date == datetime(2024, 1, 1, tzinfo=UTC)
    assert (server.last.method, server.last.path) == ("POST", "/api/v1/admin/measures")
    assert server.last.form == {
        "start_at": ["2024-01-01T00:00:00+00:00"], "end_at": ["2024-01-31"],
        "keys[]": ["new_users", "resolved_reports", "tag_accounts", "tag_servers",
                   "instance_media_attachments", "instance_followers"],
        "tag_accounts[id]": ["77"], "tag_servers[id]": ["78"],
        "instance_media_attachments[domain]": ["remote.example"],
        "instance_followers[domain]": ["other.example"]}


def test_dimensions_request(server, recording_api):
    server.routes[("POST", "/api/v1/admin/dimensions")] = Reply(200, [
        {"key": "languages", "data": [{"key": "en", "human_key": "English", "value": "10"}]}])
    result = recording_api.admin_dimensions(date(2024, 1, 1), date(2024, 1, 31), languages=True)
    assert result[0].data[0].human_key == "English"
    assert server.last.form == {"start_at": ["2024-01-01"], "end_at": ["2024-01-31"], "keys[]": ["languages"]}

    recording_api.admin_dimensions("2024-01-01", "2024-01-31", limit=3, sources=True, servers=True,
                                   space_usage=True, tag_languages={"id": "5"},
                                   instance_languages="remote.example")
    assert server.last.form == {
        "start_at": ["2024-01-01"], "end_at": ["2024-01-31"], "limit": ["3"],
        "keys[]": ["sources", "servers", "space_usage", "tag_languages", "instance_languages"],
        "tag_languages[id]": ["5"], "instance_languages[domain]": ["remote.example"]}


def test_retention_request_sends_the_needed_frequency(server, recording_api):
    server.routes[("POST", "/api/v1/admin/retention")] = Reply(200, [
        {"period": "2024-01-01T00:00:00+00:00", "frequency": "day",
         "data": [{"date": "2024-01-01T00:00:00+00:00", "rate": 1.0, "value": "2"}]}])
    cohorts = recording_api.admin_retention(date(2024, 1, 1), date(2024, 1, 7))
    assert cohorts[0].data[0].rate == 1.0
    assert (server.last.method, server.last.path, server.last.form) == (
        "POST", "/api/v1/admin/retention",
        {"start_at": ["2024-01-01"], "end_at": ["2024-01-07"], "frequency": ["day"]})


def test_trend_listing_requests(server, recording_api):
    for kind in ("tags", "statuses", "links"):
        server.routes[("GET", f"/api/v1/admin/trends/{kind}")] = Reply(200, [{"id": "1", "kind": kind}])
    assert recording_api.admin_trending_tags()[0].kind == "tags"
    assert (server.last.path, server.last.query) == ("/api/v1/admin/trends/tags", {})
    recording_api.admin_trending_tags(limit=5)
    assert server.last.query == {"limit": ["5"]}
    assert recording_api.admin_trending_statuses()[0].kind == "statuses"
    assert (server.last.method, server.last.path, server.last.query) == \
        ("GET", "/api/v1/admin/trends/statuses", {})
    assert recording_api.admin_trending_links()[0].kind == "links"
    assert (server.last.method, server.last.path, server.last.query) == \
        ("GET", "/api/v1/admin/trends/links", {})


def test_missing_permission_is_a_clear_error(server, recording_api):
    server.routes[("GET", "/api/v1/admin/ip_blocks")] = Reply(403, {"error": "This action is not allowed"})
    with pytest.raises(MastodonAPIError, match="This action is not allowed") as caught:
        recording_api.admin_ip_blocks()
    assert caught.value.args[1] == 403


# --- validation (nothing sent) -------------------------------------------------------

@pytest.mark.parametrize("call", [
    lambda c: c.admin_accounts_v1(status="sensitized"),
    lambda c: c.admin_accounts_v1(by_domain=""),
    lambda c: c.admin_accounts_v1(max_id=date(2024, 1, 1)),
    lambda c: c.admin_accounts_v2(origin="all"),
    lambda c: c.admin_accounts_v2(status="Active"),
    lambda c: c.admin_accounts_v2(permissions="admin"),
    lambda c: c.admin_accounts_v2(role_ids=[None]),
    lambda c: c.admin_accounts_v2(invited_by={"username": "x"}),
    lambda c: c.admin_account_delete(None),
    lambda c: c.admin_account_unsensitive({}),
    lambda c: c.admin_domain_blocks(id=3, limit=10),
    lambda c: c.admin_domain_block(None),
    lambda c: c.admin_create_domain_block(""),
    lambda c: c.admin_create_domain_block(None),
    lambda c: c.admin_create_domain_block("x.example", severity="block"),
    lambda c: c.admin_update_domain_block(None, severity="silence"),
    lambda c: c.admin_update_domain_block(3, severity="Silence"),
    lambda c: c.admin_create_domain_allow("  "),
    lambda c: c.admin_create_email_domain_block(""),
    lambda c: c.admin_create_ip_block("999.1.1.1", "no_access"),
    lambda c: c.admin_create_ip_block("", "no_access"),
    lambda c: c.admin_create_ip_block(None, "no_access"),
    lambda c: c.admin_create_ip_block("192.0.2.7", "block"),
    lambda c: c.admin_create_ip_block("192.0.2.7", None),
    lambda c: c.admin_create_ip_block("192.0.2.7", "no_access", expires_in=-5),
    lambda c: c.admin_create_ip_block("192.0.2.7", "no_access", expires_in="1h"),
    lambda c: c.admin_update_ip_block(1, ip="not an ip"),
    lambda c: c.admin_update_ip_block(1, severity="none"),
    lambda c: c.admin_update_ip_block(1, expires_in=timedelta(0)),
    lambda c: c.admin_create_canonical_email_block(),
    lambda c: c.admin_create_canonical_email_block(email="a@example.org", canonical_email_hash="ab"),
    lambda c: c.admin_create_canonical_email_block(email=""),
    lambda c: c.admin_test_canonical_email_block(""),
    lambda c: c.admin_measures(date(2024, 1, 1), date(2024, 1, 2)),
    lambda c: c.admin_measures(None, date(2024, 1, 2), active_users=True),
    lambda c: c.admin_measures(date(2024, 1, 1), date(2024, 1, 2), tag_uses={}),
    lambda c: c.admin_measures(date(2024, 1, 1), date(2024, 1, 2), instance_reports=""),
    lambda c: c.admin_dimensions(date(2024, 1, 1), date(2024, 1, 2)),
    lambda c: c.admin_dimensions(date(2024, 1, 1), None, languages=True),
    lambda c: c.admin_retention(date(2024, 1, 1), date(2024, 1, 2), frequency="week"),
    lambda c: c.admin_retention(date(2024, 1, 1), None),
    lambda c: c.admin_approve_trending_tag(None),
    lambda c: c.admin_reject_trending_link(""),
])
def test_invalid_arguments_send_nothing(server, recording_api, call):
    with pytest.raises(MastodonIllegalArgumentError):
        call(recording_api)
    assert server.requests == []


# --- versions ------------------------------------------------------------------------

@pytest.mark.parametrize("version, call", [
    ("3.2.0", lambda c: c.admin_account_delete(1)),
    ("3.2.0", lambda c: c.admin_account_unsensitive(1)),
    ("3.4.0", lambda c: c.admin_measures(date(2024, 1, 1), date(2024, 1, 2), new_users=True)),
    ("3.4.0", lambda c: c.admin_dimensions(date(2024, 1, 1), date(2024, 1, 2), languages=True)),
    ("3.4.0", lambda c: c.admin_retention(date(2024, 1, 1), date(2024, 1, 2))),
    ("3.4.0", lambda c: c.admin_trending_tags()),
    ("3.4.0", lambda c: c.admin_trending_statuses()),
    ("3.4.0", lambda c: c.admin_trending_links()),
    ("3.5.0", lambda c: c.admin_domain_blocks()),
    ("3.5.0", lambda c: c.admin_create_domain_block("x.example")),
    ("3.5.0", lambda c: c.admin_domain_allows()),
    ("3.5.0", lambda c: c.admin_email_domain_blocks()),
    ("4.0.0", lambda c: c.admin_email_domain_block(1)),
    ("3.5.0", lambda c: c.admin_ip_blocks()),
    ("3.5.0", lambda c: c.admin_canonical_email_blocks()),
    ("4.1.0", lambda c: c.admin_approve_trending_tag(1)),
    ("4.1.0", lambda c: c.admin_reject_trending_status(1)),
    ("4.1.0", lambda c: c.admin_approve_trending_link(1)),
])
def test_too_old_servers_are_refused(server, version, call, client_class):
    with pytest.raises(MastodonVersionError):
        call(on_version(client_class, server, version))
    assert server.requests == []


def test_admin_accounts_v2_needs_the_v2_endpoint(server, client_class):
    server.routes[("GET", "/api/v2/admin/accounts")] = Reply(200, [])
    with pytest.raises(MastodonVersionError, match="3.5.0"):
        on_version(client_class, server, "3.4.1").admin_accounts_v2(origin="local")
    with pytest.raises(MastodonVersionError, match="4.0.0"):
        on_version(client_class, server, "3.5.0").admin_accounts_v2(role_ids=["3"])
    assert server.requests == []
    on_version(client_class, server, "3.5.0").admin_accounts_v2(origin="local")
    assert server.last.query == {"origin": ["local"]}
    on_version(client_class, server, "3.4.1", version_check_mode="none").admin_accounts_v2(role_ids=["3"])
    assert server.last.query == {"role_ids[]": ["3"]}


def test_admin_accounts_v1_works_on_2_9_1(server, client_class):
    server.routes[("GET", "/api/v1/admin/accounts")] = Reply(200, [])
    assert on_version(client_class, server, "2.9.1").admin_accounts_v1() == []
    assert on_version(client_class, server, "2.9.1").admin_accounts() == []
    assert [r.path for r in server.requests] == ["/api/v1/admin/accounts"] * 2
