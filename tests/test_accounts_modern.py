"""The modern account methods (Mastodon 3.x-4.x): several accounts at once, lookup,
familiar followers, featured tags, endorsements, notes, removing followers, deleting
the avatar and header, ``me``, the confirmation email, and follow suggestions (v1, v2,
and ``suggestions`` choosing between them). Against the mock where it implements them;
the exact requests against the scripted server."""

import pytest
import requests

from mastodon import (
    MastodonAPIError,
    MastodonIllegalArgumentError,
    MastodonNotFoundError,
    MastodonVersionError,
)

from .servers import Reply

pytestmark = pytest.mark.both_clients

ACCOUNT = {"id": "7", "username": "dave", "acct": "dave@remote.example"}
CREDENTIAL = {"id": "1", "username": "alice", "acct": "alice", "display_name": "Alice",
              "avatar": "https://x.example/avatars/missing.png",
              "source": {"privacy": "public", "note": ""}}
RELATIONSHIP = {"id": "7", "following": False, "endorsed": False, "note": ""}


def raw(mock_url, token, method, path, **kwargs):
    """Set up state with a plain HTTP request (not through the library under test)."""
    response = requests.request(method, mock_url + path,
                                headers={"Authorization": f"Bearer {token}"}, timeout=30, **kwargs)
    response.raise_for_status()
    return response.json()


def usernames(accounts):
    return [account.username for account in accounts]


@pytest.fixture
def alice(api):
    return api.account_verify_credentials()


@pytest.fixture
def bob(api):
    return api.account_lookup("bob")


@pytest.fixture
def carol(api):
    return api.account_lookup("carol")


@pytest.fixture
def root(api):
    return api.account_lookup("root")


# --- reading, against the mock ---------------------------------------------------------

def test_account_lookup(api, api_anonymous):
    bob = api.account_lookup("bob")
    assert bob.username == "bob" and bob.acct == "bob"
    assert api.account(bob.id).username == "bob"  # the ID found is the account's
    assert api.account_lookup("@bob").id == bob.id  # a leading @ is fine
    dave = api.account_lookup("dave@remote.example")
    assert dave.acct == "dave@remote.example" and dave.id != bob.id
    with pytest.raises(MastodonNotFoundError):
        api.account_lookup("nobody")
    assert api_anonymous.account_lookup("carol").username == "carol"


def test_accounts_by_id(api, api_anonymous, bob, carol, root):
    found = api.accounts([bob, carol.id, root.id])
    assert sorted(usernames(found)) == ["bob", "carol", "root"]
    assert {a.id for a in found} == {bob.id, carol.id, root.id}
    # A single ID works too, and unknown IDs are left out rather than failing.
    assert usernames(api_anonymous.accounts(bob.id)) == ["bob"]
    assert usernames(api.accounts([bob.id, "999999"])) == ["bob"]


def test_account_familiar_followers(api, api_bob, bob, carol, root):
    # Bob follows root and Alice follows Bob (seed): Bob is a follower of root whom
    # Alice knows. (Bob also follows Alice: the mock counts the viewer's followers
    # rather than the accounts the viewer follows, and this way both agree.)
    api_bob.account_follow(root)
    api_bob.account_follow(api.account_verify_credentials())
    result = api.account_familiar_followers(root)
    assert [entry.id for entry in result] == [root.id]
    assert usernames(result[0].accounts) == ["bob"]
    # Several accounts at once: one entry each, in order.
    several = api.account_familiar_followers([root.id, carol])
    assert [entry.id for entry in several] == [root.id, carol.id]
    assert usernames(several[0].accounts) == ["bob"] and several[1].accounts == []


def test_account_featured_tags(api, api_anonymous, mock_url, alice):
    assert api.account_featured_tags(alice) == []
    raw(mock_url, "alice_token", "POST", "/api/v1/featured_tags", data={"name": "caturday"})
    raw(mock_url, "alice_token", "POST", "/api/v1/featured_tags", data={"name": "python"})
    tags = api_anonymous.account_featured_tags(alice.id)
    assert sorted(tag.name for tag in tags) == ["caturday", "python"]
    assert all(tag.id and tag.url for tag in tags)


# --- writing, against the mock ---------------------------------------------------------

def test_account_endorse_and_unendorse(api, api_anonymous, alice, bob):
    relationship = api.account_endorse(bob)
    assert relationship.id == bob.id and relationship.endorsed is True
    assert usernames(api.endorsements()) == ["bob"]
    assert api.account_relationships(bob)[0].endorsed is True
    relationship = api.account_unendorse(bob.id)
    assert relationship.endorsed is False
    assert api.endorsements() == []


def test_account_note_set(api, api_bob, bob):
    relationship = api.account_note_set(bob, "met at the conference")
    assert relationship.note == "met at the conference"
    assert api.account_relationships(bob)[0].note == "met at the conference"
    assert api_bob.account_relationships(bob)[0].note in ("", None)  # private to Alice
    api.account_note_set(bob.id, "")
    assert api.account_relationships(bob)[0].note in ("", None)


def test_account_remove_from_followers(api, api_bob, alice, bob):
    assert api_bob.account_relationships(alice)[0].followed_by is True  # seed: Alice follows Bob
    relationship = api_bob.account_remove_from_followers(alice)
    assert relationship.id == alice.id and relationship.followed_by is False
    assert api.account_relationships(bob)[0].following is False
    assert "alice" not in usernames(api.account_followers(bob))


def test_account_delete_avatar_and_header(api, alice):
    # The mock does not store uploaded images, so there is no picture to see going
    # away; this checks that the calls answer with the logged-in user's account and
    # leave the server's default pictures in place.
    after = api.account_delete_avatar()
    assert after.id == alice.id and "source" in after
    assert api.account_verify_credentials().avatar == after.avatar
    after = api.account_delete_header()
    assert after.id == alice.id
    assert api.account_verify_credentials().header == after.header


def test_me(api, api_bob, alice):
    me = api.me()
    assert me.id == alice.id and me.username == "alice" and "source" in me
    assert api.me() == me and api.me() is not me  # asked again, as Mastodon.py asks
    assert api_bob.me().username == "bob"  # per client


def test_email_resend_confirmation(api):
    # The mock accepts the call and does nothing; the request itself is checked
    # against the scripted server below.
    assert api.email_resend_confirmation() is None  # as in Mastodon.py


# --- follow suggestions, against the mock ---------------------------------------------

def test_suggestions_v1_and_v2(api, carol):
    assert "carol" in usernames(api.suggestions_v1())
    suggested = api.suggestions_v2()
    by_name = {item.account.username: item for item in suggested}
    assert "carol" in by_name and "alice" not in by_name and "bob" not in by_name
    assert by_name["carol"].account.id == carol.id
    assert "sources" in by_name["carol"] or "source" in by_name["carol"]
    api.suggestion_delete(carol)
    assert "carol" not in [item.account.username for item in api.suggestions_v2()]
    assert "carol" not in usernames(api.suggestions_v1())


def test_suggestions_items_are_suggestions_and_accounts(api, carol):
    # The mock runs Mastodon 4.6: suggestions() asks v2, and each item works both as
    # a suggestion and as the account it suggests.
    item = next(i for i in api.suggestions() if i.account.username == "carol")
    assert item.username == "carol" and item.id == carol.id == item.account.id
    assert "sources" in item or "source" in item
    api.account_follow(item)  # an item stands for its account
    assert api.account_relationships(carol)[0].requested is True  # Carol is locked


# --- exact requests, against the scripted server ----------------------------------------

def test_reading_requests(server, recording_api):
    server.routes[("GET", "/api/v1/accounts")] = Reply(200, [ACCOUNT])
    assert recording_api.accounts(["7", {"id": "8"}])[0].acct == "dave@remote.example"
    assert (server.last.method, server.last.path) == ("GET", "/api/v1/accounts")
    assert server.last.query == {"id[]": ["7", "8"]}

    server.routes[("GET", "/api/v1/accounts/lookup")] = Reply(200, ACCOUNT)
    recording_api.account_lookup("dave@remote.example")
    assert server.last.path == "/api/v1/accounts/lookup"
    assert server.last.query == {"acct": ["dave@remote.example"]}
    recording_api.account_lookup(" @dave@remote.example")  # sent without the leading @
    assert server.last.query == {"acct": ["dave@remote.example"]}

    server.routes[("GET", "/api/v1/accounts/familiar_followers")] = Reply(
        200, [{"id": "7", "accounts": [ACCOUNT]}])
    result = recording_api.account_familiar_followers({"id": "7"})
    assert server.last.query == {"id[]": ["7"]}  # one ID is sent as a list too
    assert result[0].accounts[0].id == "7"

    server.routes[("GET", "/api/v1/accounts/7/featured_tags")] = Reply(200, [])
    recording_api.account_featured_tags(ACCOUNT)
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v1/accounts/7/featured_tags", {})


@pytest.mark.parametrize("call, method, path", [
    (lambda api: api.account_endorse("7"), "POST", "/api/v1/accounts/7/endorse"),
    (lambda api: api.account_unendorse(ACCOUNT), "POST", "/api/v1/accounts/7/unendorse"),
    (lambda api: api.account_remove_from_followers("7"), "POST",
     "/api/v1/accounts/7/remove_from_followers"),
    (lambda api: api.email_resend_confirmation(), "POST", "/api/v1/emails/confirmations"),
], ids=["endorse", "unendorse", "remove-from-followers", "resend-confirmation"])
def test_bodiless_writes(server, recording_api, call, method, path):
    server.default = Reply(200, RELATIONSHIP)
    call(recording_api)
    assert (server.last.method, server.last.path, server.last.query) == (method, path, {})
    assert server.last.body == b""


def test_account_note_set_request(server, recording_api):
    server.default = Reply(200, dict(RELATIONSHIP, note="hello"))
    assert recording_api.account_note_set("7", "hello").note == "hello"
    assert (server.last.method, server.last.path) == ("POST", "/api/v1/accounts/7/note")
    assert server.last.form == {"comment": ["hello"]}
    recording_api.account_note_set("7", "")  # an empty note clears it: sent as such
    assert server.last.form == {"comment": [""]}


def test_delete_avatar_and_header_requests_and_me(server, recording_api):
    server.routes[("GET", "/api/v1/accounts/verify_credentials")] = Reply(200, CREDENTIAL)
    assert recording_api.me().username == "alice"
    assert recording_api.me().username == "alice"
    # Every call asks the server, as Mastodon.py's me() does.
    assert [(r.method, r.path) for r in server.requests] == [
        ("GET", "/api/v1/accounts/verify_credentials")] * 2

    cleared = dict(CREDENTIAL, header="https://x.example/headers/missing.png")
    server.routes[("DELETE", "/api/v1/profile/header")] = Reply(200, cleared)
    server.routes[("DELETE", "/api/v1/profile/avatar")] = Reply(200, cleared)
    assert recording_api.account_delete_header().header.endswith("missing.png")
    assert (server.last.method, server.last.path, server.last.body) == (
        "DELETE", "/api/v1/profile/header", b"")
    recording_api.account_delete_avatar()
    assert (server.last.method, server.last.path) == ("DELETE", "/api/v1/profile/avatar")


def test_me_asks_again_for_another_token(server, recording_api):
    server.routes[("GET", "/api/v1/accounts/verify_credentials")] = [
        Reply(200, CREDENTIAL), Reply(200, dict(CREDENTIAL, id="2", username="bob"))]
    assert recording_api.me().username == "alice"
    recording_api.access_token = "another-token"
    assert recording_api.me().username == "bob"
    assert server.last.headers["Authorization"] == "Bearer another-token"
    assert len(server.requests) == 2


def test_me_is_not_kept_after_an_error(server, recording_api):
    server.routes[("GET", "/api/v1/accounts/verify_credentials")] = [
        Reply(401, {"error": "The access token is invalid"}), Reply(200, CREDENTIAL)]
    with pytest.raises(MastodonAPIError, match="access token is invalid"):
        recording_api.me()
    assert recording_api.me().username == "alice"


SUGGESTION = {"source": "staff", "sources": ["featured"], "account": ACCOUNT}


def test_suggestions_picks_the_endpoint_by_version(server, client_class):
    server.routes[("GET", "/api/v2/suggestions")] = Reply(200, [SUGGESTION])
    server.routes[("GET", "/api/v1/suggestions")] = Reply(200, [ACCOUNT])
    modern = client_class(access_token="t", api_base_url=server.url, mastodon_version="3.4.0")
    item = modern.suggestions()[0]
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v2/suggestions", {})
    assert item.account.acct == item.acct == "dave@remote.example"
    assert item.id == "7" and item.sources == ["featured"] and item.source == "staff"
    old = client_class(access_token="t", api_base_url=server.url, mastodon_version="3.3.0")
    assert old.suggestions()[0].acct == "dave@remote.example"
    assert server.last.path == "/api/v1/suggestions"
    assert "account" not in old.suggestions()[0]


def test_suggestions_falls_back_when_v2_is_missing(server, client_class):
    server.routes[("GET", "/api/v2/suggestions")] = Reply(404, {"error": "Not Found"})
    server.routes[("GET", "/api/v1/suggestions")] = Reply(200, [ACCOUNT])
    fork = client_class(access_token="t", api_base_url=server.url, mastodon_version="3.5.0")
    assert fork.suggestions()[0].acct == "dave@remote.example"
    assert [r.path for r in server.requests] == ["/api/v2/suggestions", "/api/v1/suggestions"]


def test_suggestions_v1_and_v2_requests(server, recording_api):
    server.routes[("GET", "/api/v2/suggestions")] = Reply(200, [SUGGESTION])
    server.routes[("GET", "/api/v1/suggestions")] = Reply(200, [ACCOUNT])
    item = recording_api.suggestions_v2()[0]
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v2/suggestions", {})
    assert "acct" not in item and item.account.acct == "dave@remote.example"  # as sent
    assert recording_api.suggestions_v1()[0].acct == "dave@remote.example"
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v1/suggestions", {})


# --- argument checks: nothing is sent ------------------------------------------------

@pytest.mark.parametrize("call", [
    lambda api: api.accounts([]),
    lambda api: api.accounts(None),
    lambda api: api.accounts(["7", None]),
    lambda api: api.accounts([{"acct": "no id"}]),
    lambda api: api.account_lookup(""),
    lambda api: api.account_lookup("@"),
    lambda api: api.account_lookup(None),
    lambda api: api.account_familiar_followers([]),
    lambda api: api.account_familiar_followers(None),
    lambda api: api.account_featured_tags(None),
    lambda api: api.account_endorse(None),
    lambda api: api.account_unendorse({"acct": "no id"}),
    lambda api: api.account_note_set(None, "x"),
    lambda api: api.account_note_set("7", 42),
    lambda api: api.account_remove_from_followers(""),
], ids=["accounts-empty", "accounts-none", "accounts-none-inside", "accounts-dict-without-id",
        "lookup-empty", "lookup-at-only", "lookup-none", "familiar-empty", "familiar-none",
        "featured-tags-none", "endorse-none", "unendorse-dict-without-id", "note-no-id",
        "note-not-text", "remove-follower-empty"])
def test_invalid_arguments_send_nothing(server, recording_api, call):
    with pytest.raises(MastodonIllegalArgumentError):
        call(recording_api)
    assert server.requests == []


def test_version_check(server, client_class):
    old = client_class(access_token="t", api_base_url=server.url, mastodon_version="4.2.0",
                   version_check_mode="created")
    with pytest.raises(MastodonVersionError, match="accounts"):
        old.accounts(["7"])
    with pytest.raises(MastodonVersionError, match="account_endorse"):
        old.account_endorse("7")
    older = client_class(access_token="t", api_base_url=server.url, mastodon_version="3.3.0",
                     version_check_mode="created")
    with pytest.raises(MastodonVersionError, match="account_lookup"):
        older.account_lookup("bob")
    with pytest.raises(MastodonVersionError, match="account_familiar_followers"):
        older.account_familiar_followers("7")
    with pytest.raises(MastodonVersionError, match="account_delete_avatar"):
        older.account_delete_avatar()
    with pytest.raises(MastodonVersionError, match="suggestions_v2"):
        older.suggestions_v2()
    with pytest.raises(MastodonVersionError, match="suggestions_v1"):
        client_class(access_token="t", api_base_url=server.url,
                 mastodon_version="2.4.0", version_check_mode="created").suggestions()
    assert server.requests == []


def test_me_follows_profile_changes(api):
    assert api.me().display_name == "Alice"
    api.account_update_credentials(display_name="Alice Changed")
    assert api.me().display_name == "Alice Changed"
