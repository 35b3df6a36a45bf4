"""Lists."""

from collections.abc import Iterable
from typing import Any

from ._base import ClientBase
from ._params import path_id, plain_cursor, unpack_id
from ._versions import api_version, require_version, server_older_than
from .errors import MastodonIllegalArgumentError
from .return_types import Account, NonPaginatableList, PaginatableList, UserList
from .types_base import IdType

REPLIES_POLICIES = ("followed", "list", "none")


def _title(title: object) -> str:
    if not isinstance(title, str) or not title.strip():
        raise MastodonIllegalArgumentError("a list needs a title (a non-empty string)")
    return title


def _replies_policy(value: object) -> str:
    if value not in REPLIES_POLICIES:
        raise MastodonIllegalArgumentError(
            f"replies_policy must be one of {', '.join(REPLIES_POLICIES)}, not {value!r}")
    return str(value)


def _account_ids(account_ids: object) -> list[Any]:
    items: list[object]
    if isinstance(account_ids, (list, tuple, set, frozenset)):
        items = list(account_ids)
    else:
        items = [account_ids]
    ids = [unpack_id(item) for item in items]
    if not ids or any(i is None or isinstance(i, (dict, list, tuple, bool)) or str(i).strip() == ""
                      for i in ids):
        raise MastodonIllegalArgumentError(
            "account_ids must be an account ID or dict, or a non-empty list of them, "
            f"not {account_ids!r}")
    return ids


class ListsMixin(ClientBase):
    """Lists."""

    @api_version("2.1.0")
    def lists(self) -> NonPaginatableList[UserList]:
        """All lists the logged-in user has made.

        Returns a list of list dicts (``id``, ``title``, and on newer servers
        ``replies_policy`` and ``exclusive``).
        """
        return self._api_request("GET", "/api/v1/lists")

    @api_version("2.1.0")
    def list(self, id: IdType) -> UserList:
        """One of the logged-in user's lists.

        :param id: the list's ID, or its list dict.

        Returns a list dict.
        """
        return self._api_request("GET", f"/api/v1/lists/{path_id(id, 'the list ID')}")

    @api_version("2.1.0", "3.3.0")
    def list_accounts(self, id: IdType, max_id: IdType | None = None,
                      min_id: IdType | None = None, since_id: IdType | None = None,
                      limit: int | None = None) -> PaginatableList[Account]:
        """A page of the accounts on a list.

        :param id: the list's ID, or its list dict.
        :param max_id: return only accounts before this account ID (use the
            pagination info, via :meth:`fetch_next`, where you can).
        :param min_id: return the accounts just after this account ID.
        :param since_id: return only accounts after this account ID.
        :param limit: how many to return (default 40, at most 80); ``0`` returns all
            of them at once, without pagination.

        Returns a list of user dicts.
        """
        params = {
            "max_id": plain_cursor("max_id", max_id),
            "min_id": plain_cursor("min_id", min_id),
            "since_id": plain_cursor("since_id", since_id),
            "limit": limit,
        }
        list_id = path_id(id, "the list ID")
        return self._api_request("GET", f"/api/v1/lists/{list_id}/accounts", params)

    @api_version("2.1.0", "4.2.0")
    def list_create(self, title: str, replies_policy: str = "list",
                    exclusive: bool = False) -> UserList:
        """Make a new list. Mastodon allows a user 50 lists at most by default.

        :param title: the list's name.
        :param replies_policy: whose replies the list timeline shows: ``"list"``
            (replies to members of the list, the default), ``"followed"`` (replies to
            anyone the user follows) or ``"none"``. Mastodon 3.3.0 and newer.
        :param exclusive: ``True`` to keep posts from the list's members out of the
            home timeline. Mastodon 4.2.0 and newer.

        Both settings are sent, also at their defaults (as Mastodon.py sends them),
        except the defaults to a server known to be too old for the setting.

        Returns the new list dict.
        """
        params = self._list_params(title, replies_policy, exclusive)
        return self._api_request("POST", "/api/v1/lists", params)

    @api_version("2.1.0", "4.2.0")
    def list_update(self, id: IdType, title: str, replies_policy: str = "list",
                    exclusive: bool = False) -> UserList:
        """Change a list's title and settings.

        :param id: the list's ID, or its list dict.
        :param title: the list's (new) name.
        :param replies_policy: ``"list"``, ``"followed"`` or ``"none"``, as for
            :meth:`list_create`.
        :param exclusive: whether the members' posts stay out of the home timeline.

        Like :meth:`list_create` (and Mastodon.py), this sends both settings, so a
        setting left out goes back to its default: pass the list's current
        ``replies_policy`` and ``exclusive`` to keep them.

        Returns the updated list dict.
        """
        list_id = path_id(id, "the list ID")
        params = self._list_params(title, replies_policy, exclusive)
        return self._api_request("PUT", f"/api/v1/lists/{list_id}", params)

    def _list_params(self, title: str, replies_policy: str, exclusive: bool) -> dict[str, Any]:
        """A list's title and settings as sent. A setting at its default is not sent to
        a server known to be older than the setting; any other value needs it."""
        params: dict[str, Any] = {"title": _title(title)}
        replies_policy = _replies_policy(replies_policy)
        if replies_policy != "list":
            require_version(self, "3.3.0", "the replies_policy of a list")
        if exclusive:
            require_version(self, "4.2.0", "an exclusive list")
        if replies_policy != "list" or not server_older_than(self, (3, 3, 0)):
            params["replies_policy"] = replies_policy
        if exclusive or not server_older_than(self, (4, 2, 0)):
            params["exclusive"] = bool(exclusive)
        return params

    @api_version("2.1.0")
    def list_delete(self, id: IdType) -> None:
        """Delete a list.

        :param id: the list's ID, or its list dict.

        Returns ``None``, as Mastodon.py does (the server answers with nothing).
        """
        return self._api_request("DELETE", f"/api/v1/lists/{path_id(id, 'the list ID')}")

    @api_version("2.1.0")
    def list_accounts_add(self, id: IdType, account_ids: IdType | Iterable[IdType]) -> None:
        """Put accounts on a list. The user must follow each of them.

        :param id: the list's ID, or its list dict.
        :param account_ids: one account (ID or user dict) or a list of them.

        Returns ``None``, as Mastodon.py does (the server answers with nothing).
        """
        list_id = path_id(id, "the list ID")
        params = {"account_ids": _account_ids(account_ids)}
        return self._api_request("POST", f"/api/v1/lists/{list_id}/accounts", params)

    @api_version("2.1.0")
    def list_accounts_delete(self, id: IdType, account_ids: IdType | Iterable[IdType]) -> None:
        """Take accounts off a list.

        :param id: the list's ID, or its list dict.
        :param account_ids: one account (ID or user dict) or a list of them.

        Returns ``None``, as Mastodon.py does (the server answers with nothing).
        """
        list_id = path_id(id, "the list ID")
        params = {"account_ids": _account_ids(account_ids)}
        return self._api_request("DELETE", f"/api/v1/lists/{list_id}/accounts", params)
