"""Collections: lists of accounts a user recommends to others (Mastodon 4.6+)."""

from collections.abc import Iterable
from typing import Any

from ._base import ClientBase
from ._params import path_id, unpack_id
from ._versions import api_version
from .errors import MastodonIllegalArgumentError
from .return_types import AttribAccessDict, CollectionWithAccounts
from .types_base import IdType


def _collection_id(value: object, name: str) -> str:
    """A collection's (or item's) ID for a path. Besides an ID or a collection dict,
    the wrapped answers of :meth:`collection`, :meth:`collection_create` and
    :meth:`collection_item_add` (``{"collection": {...}}``) stand for what they hold."""
    if isinstance(value, dict) and "id" not in value:
        for key in ("collection", "collection_item"):
            if isinstance(value.get(key), dict):
                value = value[key]
                break
    return path_id(value, name)


def _text(value: object, name: str, required: bool = False) -> str | None:
    if value is None:
        if required:
            raise MastodonIllegalArgumentError(f"a collection needs a {name}")
        return None
    if not isinstance(value, str):
        raise MastodonIllegalArgumentError(f"{name} must be text, not {type(value).__name__}")
    if required and not value.strip():
        raise MastodonIllegalArgumentError(f"a collection's {name} cannot be blank")
    return value


def _flag(value: object, name: str) -> bool | None:
    """A boolean option; JSON keeps the type, so 1 and 0 are sent as true and false."""
    if value is None:
        return None
    if isinstance(value, bool) or value in (0, 1):
        return bool(value)
    raise MastodonIllegalArgumentError(f"{name} must be True or False, not {value!r}")


def _page(limit: int | None, offset: int | None) -> dict[str, Any]:
    return {"limit": limit, "offset": offset}


class CollectionsMixin(ClientBase):
    """Collections of accounts."""

    # --- reading -----------------------------------------------------------------

    @api_version("4.6.0")
    def collection(self, id: IdType) -> CollectionWithAccounts:
        """Fetch a collection and the accounts in it.

        :param id: the collection's ID, a collection dict, or the ``{"collection": ...}``
            dict the collection methods answer with.

        Returns a dict with ``collection`` (a collection dict: ``id``, ``name``,
        ``description``, ``language``, ``tag``, ``sensitive``, ``discoverable``,
        ``item_count``, ``items``, ...) and ``accounts`` (user dicts of the owner and
        of every account in it). The owner also sees items still waiting for their
        account's approval; others see only accepted ones. Read the items as
        ``result.collection["items"]``: ``.items`` is the dict method. Works without
        logging in.
        """
        return self._api_request("GET", f"/api/v1/collections/{_collection_id(id, 'id')}")

    @api_version("4.6.0")
    def account_collections(self, id: IdType, limit: int | None = None,
                            offset: int | None = None) -> AttribAccessDict:
        """Fetch the collections an account made.

        :param id: the account's ID (or an account dict).
        :param limit: how many to return (the server's default is 40, its maximum 80).
        :param offset: skip this many, for paging (or pass the result to
            :meth:`fetch_next`).

        Returns a dict with ``collections``, a list of collection dicts. Only
        discoverable collections are listed, except for the logged-in user's own.
        Works without logging in.
        """
        return self._api_request("GET", f"/api/v1/accounts/{path_id(id)}/collections",
                                 _page(limit, offset))

    @api_version("4.6.0")
    def account_in_collections(self, id: IdType, limit: int | None = None,
                               offset: int | None = None) -> AttribAccessDict:
        """Fetch the collections an account is featured in.

        :param id: the account's ID (or an account dict).
        :param limit: how many to return (the server's default is 40, its maximum 80).
        :param offset: skip this many, for paging (or pass the result to
            :meth:`fetch_next`).

        Returns a dict with ``collections``, a list of collection dicts.
        """
        return self._api_request("GET", f"/api/v1/accounts/{path_id(id)}/in_collections",
                                 _page(limit, offset))

    # --- writing -----------------------------------------------------------------

    @api_version("4.6.0")
    def collection_create(self, name: str, description: str | None = None,
                          language: str | None = None, tag_name: str | None = None,
                          sensitive: bool = False, discoverable: bool = False,
                          account_ids: Iterable[IdType] | None = None) -> AttribAccessDict:
        """Create a collection owned by the logged-in user.

        :param name: the collection's name (Mastodon allows 40 characters, shown as
            given).
        :param description: a longer description (Mastodon allows 100 characters).
        :param language: its language (ISO 639-1, e.g. ``"en"``).
        :param tag_name: one hashtag that describes it.
        :param sensitive: mark it as containing sensitive content.
        :param discoverable: show it on the profile, in search results and in
            recommendations.
        :param account_ids: the accounts to put in it: a list of account IDs (or user
            dicts).

        ``sensitive`` and ``discoverable`` are always sent, as the API documents no
        default for them. Returns a dict with ``collection``, the new collection dict.
        """
        ids: list[Any] | None = None
        if account_ids is not None:
            # One ID (or user dict) stands for a list of it.
            given = [account_ids] if isinstance(account_ids, (str, int, dict)) else account_ids
            ids = [unpack_id(one) for one in given]
            for one in ids:
                path_id(one, "account_ids")
        params = {
            "name": _text(name, "name", required=True),
            "description": _text(description, "description"),
            "language": language,
            "tag_name": tag_name,
            "sensitive": _flag(sensitive, "sensitive"),
            "discoverable": _flag(discoverable, "discoverable"),
            "account_ids": ids,
        }
        return self._api_request("POST", "/api/v1/collections", params, use_json=True)

    @api_version("4.6.0")
    def collection_update(self, id: IdType, name: str | None = None,
                          description: str | None = None, language: str | None = None,
                          tag_name: str | None = None, sensitive: bool | None = None,
                          discoverable: bool | None = None) -> AttribAccessDict:
        """Change a collection of the logged-in user's. Only what is given changes.

        :param id: the collection's ID, a collection dict, or the ``{"collection": ...}``
            dict the collection methods answer with.
        :param name: the new name (Mastodon allows 40 characters).
        :param description: the new description (Mastodon allows 100 characters).
        :param language: the new language (ISO 639-1).
        :param tag_name: the new hashtag.
        :param sensitive: whether it contains sensitive content.
        :param discoverable: whether it shows on the profile, in search results and
            in recommendations.

        Use :meth:`collection_item_add` and :meth:`collection_item_delete` to change
        who is in it. Returns a dict with ``collection``, the updated collection dict.
        """
        new_name = _text(name, "name")
        params = {
            "name": new_name,
            "description": _text(description, "description"),
            "language": language,
            "tag_name": tag_name,
            "sensitive": _flag(sensitive, "sensitive"),
            "discoverable": _flag(discoverable, "discoverable"),
        }
        if new_name is not None and not new_name.strip():
            raise MastodonIllegalArgumentError("a collection's name cannot be blank")
        path = f"/api/v1/collections/{_collection_id(id, 'id')}"
        return self._api_request("PATCH", path, params, use_json=True)

    @api_version("4.6.0")
    def collection_delete(self, id: IdType) -> AttribAccessDict:
        """Delete a collection of the logged-in user's.

        :param id: the collection's ID, a collection dict, or the ``{"collection": ...}``
            dict the collection methods answer with.

        Returns an empty dict.
        """
        return self._api_request("DELETE", f"/api/v1/collections/{_collection_id(id, 'id')}")

    @api_version("4.6.0")
    def collection_item_add(self, id: IdType, account_id: IdType) -> AttribAccessDict:
        """Add an account to a collection of the logged-in user's. The account's owner
        may have to approve it before others see it there.

        :param id: the collection's ID, a collection dict, or the ``{"collection": ...}``
            dict the collection methods answer with.
        :param account_id: the account's ID (or a user dict).

        Returns a dict with ``collection_item``: the new item's ``id`` (what
        :meth:`collection_item_delete` takes), ``account_id`` and ``state``.
        """
        account_id = unpack_id(account_id)
        path_id(account_id, "account_id")
        return self._api_request("POST", f"/api/v1/collections/{_collection_id(id, 'id')}/items",
                                 {"account_id": account_id}, use_json=True)

    @api_version("4.6.0")
    def collection_item_delete(self, collection_id: IdType, item_id: IdType) -> AttribAccessDict:
        """Take an account out of a collection of the logged-in user's.

        :param collection_id: the collection's ID, a collection dict, or the
            ``{"collection": ...}`` dict the collection methods answer with.
        :param item_id: the item's ID, an item dict (from the collection's ``items``)
            or what :meth:`collection_item_add` answered; not the account's ID.

        Returns an empty dict.
        """
        path = (f"/api/v1/collections/{_collection_id(collection_id, 'collection_id')}"
                f"/items/{_collection_id(item_id, 'item_id')}")
        return self._api_request("DELETE", path)

    @api_version("4.6.0")
    def collection_item_revoke(self, collection_id: IdType, item_id: IdType) -> AttribAccessDict:
        """Take the logged-in user out of someone else's collection.

        :param collection_id: the collection's ID, a collection dict, or the
            ``{"collection": ...}`` dict the collection methods answer with.
        :param item_id: the ID of the item that stands for the logged-in user (or
            the item dict).

        Returns an empty dict.
        """
        path = (f"/api/v1/collections/{_collection_id(collection_id, 'collection_id')}"
                f"/items/{_collection_id(item_id, 'item_id')}/revoke")
        return self._api_request("POST", path)
