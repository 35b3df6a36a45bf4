"""Collections (Mastodon 4.6). The mock only has fixed answers for them (it keeps no
collections), so the requests are checked against the scripted server, and a whole
create-read-change-delete round trip against a small stateful stand-in served by it;
the mock is used for the answers it does give."""

import itertools
import re

import pytest

from mastodon import (
    MastodonIllegalArgumentError,
    MastodonNotFoundError,
    MastodonVersionError,
)

from .servers import Reply

pytestmark = pytest.mark.both_clients

COLLECTION = {"id": "116131056935959117", "account_id": "1", "name": "Nice accounts",
              "description": "Very nice", "language": "en", "local": True, "sensitive": False,
              "discoverable": True,
              "tag": {"name": "accounts", "url": "https://x.example/tags/accounts"},
              "item_count": 0, "items": [], "created_at": "2026-02-25T11:35:01.394Z",
              "updated_at": "2026-02-25T11:35:01.394Z"}
ITEM = {"id": "116141056635954112", "account_id": "7", "state": "pending",
        "created_at": "2026-02-25T11:35:01.394Z"}
ACCOUNT = {"id": "7", "username": "dave", "acct": "dave@remote.example"}


@pytest.fixture
def scripted(server, client_class):
    return client_class(access_token="secret-token", api_base_url=server.url, mastodon_version="4.6.0")


class CollectionsStandIn:
    """Keeps collections the way Mastodon's collection endpoints do, for one user
    (account 1), and refuses requests Mastodon would refuse (no name, form bodies)."""

    PATH = re.compile(r"^/api/v1/(?:collections(?:/(\d+)(?:/items(?:/(\d+)(/revoke)?)?)?)?"
                      r"|accounts/(\d+)/(collections|in_collections))$")

    def __init__(self):
        self.collections = {}
        self.ids = itertools.count(100)

    def __call__(self, recorded):
        match = self.PATH.match(recorded.path)
        if match is None:
            return Reply(404, {"error": "Not Found"})
        collection_id, item_id, revoke, account_id, listing = match.groups()
        method = recorded.method
        body = recorded.json if recorded.body else {}
        if method in ("POST", "PATCH") and recorded.body and \
                not recorded.headers.get("Content-Type", "").startswith("application/json"):
            return Reply(415, {"error": "expected JSON"})
        if listing:
            if listing == "collections":  # all of them belong to account 1
                found = list(self.collections.values()) if account_id == "1" else []
            else:
                found = [c for c in self.collections.values()
                         if any(i["account_id"] == account_id for i in c["items"])]
            return Reply(200, {"collections": found})
        if collection_id is None:  # POST /api/v1/collections
            if not body.get("name"):
                return Reply(422, {"error": "Validation failed: Name can't be blank"})
            new = dict(COLLECTION, id=str(next(self.ids)), items=[],
                       **{k: body[k] for k in ("name", "description", "language", "sensitive",
                                               "discoverable") if k in body})
            for account in body.get("account_ids", []):
                new["items"].append(dict(ITEM, id=str(next(self.ids)), account_id=account))
            new["item_count"] = len(new["items"])
            self.collections[new["id"]] = new
            return Reply(200, {"collection": new})
        collection = self.collections.get(collection_id)
        if collection is None:
            return Reply(404, {"error": "Record not found"})
        if item_id is not None:
            if not any(i["id"] == item_id for i in collection["items"]):
                return Reply(404, {"error": "Record not found"})
            collection["items"] = [i for i in collection["items"] if i["id"] != item_id]
            collection["item_count"] = len(collection["items"])
            return Reply(200, {})
        if method == "GET":
            accounts = [dict(ACCOUNT, id=i["account_id"]) for i in collection["items"]]
            return Reply(200, {"collection": collection, "accounts": accounts})
        if method == "PATCH":
            collection.update({k: v for k, v in body.items() if k in COLLECTION})
            return Reply(200, {"collection": collection})
        if method == "DELETE":
            del self.collections[collection_id]
            return Reply(200, {})
        item = dict(ITEM, id=str(next(self.ids)), account_id=body["account_id"])
        collection["items"].append(item)
        collection["item_count"] = len(collection["items"])
        return Reply(200, {"collection_item": item})


# --- a round trip, against the stand-in --------------------------------------------------

def test_collection_round_trip(server, scripted):
    server.default = CollectionsStandIn()
    created = scripted.collection_create("Nice accounts", description="Very nice",
                                         language="en", discoverable=True, account_ids=["7"])
    assert created.collection.name == "Nice accounts" and created.collection.item_count == 1
    # The wrapped answer stands for the collection it holds.
    fetched = scripted.collection(created)
    assert fetched.collection.id == created.collection.id
    assert fetched.collection.discoverable is True and fetched.collection.sensitive is False
    assert [a.id for a in fetched.accounts] == ["7"]
    assert [c.name for c in scripted.account_collections("1").collections] == ["Nice accounts"]
    assert [c.name for c in scripted.account_in_collections("7").collections] == ["Nice accounts"]

    scripted.collection_update(created.collection, name="Nicer accounts", sensitive=True)
    fetched = scripted.collection(created.collection.id).collection
    assert fetched.name == "Nicer accounts" and fetched.sensitive is True
    assert fetched.description == "Very nice"  # unchanged

    item = scripted.collection_item_add(created, {"id": "8"})
    assert item.collection_item.account_id == "8"
    assert scripted.collection(created).collection.item_count == 2
    first_item = fetched["items"][0]
    assert scripted.collection_item_delete(created, first_item) == {}
    assert scripted.collection_item_revoke(created.collection.id, item) == {}
    assert scripted.collection(created).collection["items"] == []  # .items is dict.items

    assert scripted.collection_delete(created) == {}
    with pytest.raises(MastodonNotFoundError):
        scripted.collection(created)
    assert scripted.account_collections("1").collections == []


# --- exact requests, against the scripted server ----------------------------------------

def test_collection_create_request(server, scripted):
    server.routes[("POST", "/api/v1/collections")] = Reply(200, {"collection": COLLECTION})
    result = scripted.collection_create("Nice accounts", description="These are nice",
                                        language="en", tag_name="#accounts", sensitive=True,
                                        discoverable=True, account_ids=[ACCOUNT, "8"])
    assert result.collection.created_at.year == 2026
    assert (server.last.method, server.last.path, server.last.query) == (
        "POST", "/api/v1/collections", {})
    assert server.last.headers["Content-Type"] == "application/json"
    assert server.last.json == {"name": "Nice accounts", "description": "These are nice",
                                "language": "en", "tag_name": "#accounts", "sensitive": True,
                                "discoverable": True, "account_ids": ["7", "8"]}
    # Only the name given: the two flags go out as the method's defaults, nothing else.
    scripted.collection_create("Just a name")
    assert server.last.json == {"name": "Just a name", "sensitive": False, "discoverable": False}
    scripted.collection_create("One", account_ids="7")
    assert server.last.json["account_ids"] == ["7"]


def test_collection_update_sends_only_what_is_given(server, scripted):
    path = f"/api/v1/collections/{COLLECTION['id']}"
    server.routes[("PATCH", path)] = Reply(200, {"collection": COLLECTION})
    scripted.collection_update(COLLECTION, discoverable=False)
    assert (server.last.method, server.last.path) == ("PATCH", path)
    assert server.last.json == {"discoverable": False}
    scripted.collection_update(COLLECTION["id"], name="New", description="Desc", language="de",
                               tag_name="neu", sensitive=False)
    assert server.last.json == {"name": "New", "description": "Desc", "language": "de",
                                "tag_name": "neu", "sensitive": False}


def test_collection_reading_requests(server, scripted):
    path = f"/api/v1/collections/{COLLECTION['id']}"
    server.routes[("GET", path)] = Reply(200, {"collection": COLLECTION, "accounts": [ACCOUNT]})
    assert scripted.collection(COLLECTION["id"]).accounts[0].acct == "dave@remote.example"
    assert (server.last.method, server.last.path, server.last.query) == ("GET", path, {})

    server.routes[("GET", "/api/v1/accounts/7/collections")] = Reply(
        200, {"collections": [COLLECTION]})
    assert scripted.account_collections(ACCOUNT).collections[0].name == "Nice accounts"
    assert server.last.query == {}
    scripted.account_collections("7", limit=10, offset=20)
    assert server.last.query == {"limit": ["10"], "offset": ["20"]}

    server.routes[("GET", "/api/v1/accounts/7/in_collections")] = Reply(200, {"collections": []})
    scripted.account_in_collections("7", limit=5)
    assert (server.last.path, server.last.query) == (
        "/api/v1/accounts/7/in_collections", {"limit": ["5"]})


def test_collection_item_requests(server, scripted):
    base = f"/api/v1/collections/{COLLECTION['id']}"
    server.routes[("POST", base + "/items")] = Reply(200, {"collection_item": ITEM})
    added = scripted.collection_item_add({"collection": COLLECTION}, ACCOUNT)
    assert added.collection_item.state == "pending"
    assert (server.last.method, server.last.path) == ("POST", base + "/items")
    assert server.last.json == {"account_id": "7"}

    server.default = Reply(200, {})
    scripted.collection_item_delete(COLLECTION["id"], added)
    assert (server.last.method, server.last.path, server.last.body) == (
        "DELETE", f"{base}/items/{ITEM['id']}", b"")
    scripted.collection_item_revoke(COLLECTION, ITEM["id"])
    assert (server.last.method, server.last.path, server.last.body) == (
        "POST", f"{base}/items/{ITEM['id']}/revoke", b"")
    scripted.collection_delete(COLLECTION)
    assert (server.last.method, server.last.path, server.last.body) == ("DELETE", base, b"")


# --- the mock's fixed answers -------------------------------------------------------------

def test_against_the_mock(mock_url, client_class):
    alice = client_class(access_token="alice_token", api_base_url=mock_url)
    bob = alice.account_search("bob")[0]
    assert alice.account_collections(bob) == {"collections": []}
    assert alice.account_in_collections(bob.id, limit=5) == {"collections": []}
    with pytest.raises(MastodonNotFoundError):
        alice.collection("12345")
    with pytest.raises(MastodonNotFoundError):
        alice.collection_update("12345", name="Renamed")


# --- argument checks: nothing is sent ------------------------------------------------

@pytest.mark.parametrize("call", [
    lambda api: api.collection(None),
    lambda api: api.collection({"collection": None}),
    lambda api: api.account_collections(None),
    lambda api: api.account_in_collections(""),
    lambda api: api.collection_create(None),
    lambda api: api.collection_create("  "),
    lambda api: api.collection_create(42),
    lambda api: api.collection_create("Name", sensitive="yes"),
    lambda api: api.collection_create("Name", account_ids=["7", None]),
    lambda api: api.collection_update(None, name="x"),
    lambda api: api.collection_update("5", name=""),
    lambda api: api.collection_update("5", discoverable="no"),
    lambda api: api.collection_delete({"name": "no id"}),
    lambda api: api.collection_item_add("5", None),
    lambda api: api.collection_item_add(None, "7"),
    lambda api: api.collection_item_delete("5", None),
    lambda api: api.collection_item_revoke(None, "9"),
], ids=["get-none", "get-wrapped-none", "account-none", "in-collections-empty",
        "create-no-name", "create-blank-name", "create-name-not-text", "create-flag-not-bool",
        "create-none-account", "update-no-id", "update-blank-name", "update-flag-not-bool",
        "delete-dict-without-id", "item-add-no-account", "item-add-no-collection",
        "item-delete-no-item", "revoke-no-collection"])
def test_invalid_arguments_send_nothing(server, scripted, call):
    with pytest.raises(MastodonIllegalArgumentError):
        call(scripted)
    assert server.requests == []


def test_version_check(server, client_class):
    old = client_class(access_token="t", api_base_url=server.url, mastodon_version="4.5.0",
                   version_check_mode="created")
    with pytest.raises(MastodonVersionError, match="collection_create"):
        old.collection_create("Name")
    with pytest.raises(MastodonVersionError, match="account_collections"):
        old.account_collections("7")
    assert server.requests == []
