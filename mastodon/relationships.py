"""Mutes, blocks, domain blocks, follow requests, endorsements and follow suggestions."""

from typing import Any

from ._base import ClientBase
from ._params import path_id
from ._versions import api_version, server_older_than
from .errors import MastodonIllegalArgumentError, MastodonNotFoundError
from .return_types import (
    Account,
    MutedAccount,
    NonPaginatableList,
    PaginatableList,
    Relationship,
    Suggestion,
)
from .types_base import IdType


def _page(max_id: IdType | None, min_id: IdType | None, since_id: IdType | None,
          limit: int | None) -> dict[str, Any]:
    return {"max_id": max_id, "min_id": min_id, "since_id": since_id, "limit": limit}


def _domain(domain: str | None) -> str:
    if not isinstance(domain, str) or not domain.strip():
        raise MastodonIllegalArgumentError(f"a domain like 'example.social' is needed, not {domain!r}")
    return domain.strip()


class RelationshipsMixin(ClientBase):
    """Mutes, blocks, domain blocks, follow requests, endorsements and follow suggestions."""

    # --- reading -----------------------------------------------------------------

    @api_version("1.1.0", "3.3.0")
    def mutes(self, max_id: IdType | None = None, min_id: IdType | None = None,
              since_id: IdType | None = None,
              limit: int | None = None) -> PaginatableList[MutedAccount]:
        """Fetch the accounts the logged-in user has muted.

        :param max_id: only results older than this ID (or dict); for paging, pass a
            result to :meth:`fetch_next` or :meth:`fetch_previous` instead, as the
            server pages these lists by an internal ID.
        :param min_id: the results just newer than this ID, for paging forwards.
        :param since_id: only results newer than this ID.
        :param limit: how many to return (the server's default is 40, its maximum 80).

        Returns a list of user dicts; on Mastodon 3.3+ each has ``mute_expires_at``
        (``None`` for a mute without an end).
        """
        return self._api_request("GET", "/api/v1/mutes", _page(max_id, min_id, since_id, limit))

    @api_version("1.0.0", "3.3.0")
    def blocks(self, max_id: IdType | None = None, min_id: IdType | None = None,
               since_id: IdType | None = None,
               limit: int | None = None) -> PaginatableList[Account]:
        """Fetch the accounts the logged-in user has blocked.

        :param max_id: only results older than this ID (or dict); for paging, pass a
            result to :meth:`fetch_next` or :meth:`fetch_previous` instead, as the
            server pages these lists by an internal ID.
        :param min_id: the results just newer than this ID, for paging forwards.
        :param since_id: only results newer than this ID.
        :param limit: how many to return (the server's default is 40, its maximum 80).

        Returns a list of user dicts.
        """
        return self._api_request("GET", "/api/v1/blocks", _page(max_id, min_id, since_id, limit))

    @api_version("1.4.0", "3.3.0")
    def domain_blocks(self, max_id: IdType | None = None, min_id: IdType | None = None,
                      since_id: IdType | None = None,
                      limit: int | None = None) -> PaginatableList[str]:
        """Fetch the domains the logged-in user has blocked.

        :param max_id: only results older than this ID (or dict); for paging, pass a
            result to :meth:`fetch_next` or :meth:`fetch_previous` instead, as the
            server pages these lists by an internal ID.
        :param min_id: the results just newer than this ID, for paging forwards.
        :param since_id: only results newer than this ID.
        :param limit: how many to return (the server's default is 100, its maximum 200).

        Returns a list of domain names (strings).
        """
        return self._api_request("GET", "/api/v1/domain_blocks",
                                 _page(max_id, min_id, since_id, limit))

    @api_version("1.0.0")
    def follow_requests(self, max_id: IdType | None = None, min_id: IdType | None = None,
                        since_id: IdType | None = None,
                        limit: int | None = None) -> PaginatableList[Account]:
        """Fetch the accounts waiting for the logged-in user to accept their follow
        request (which happens when the account is locked).

        :param max_id: only results older than this ID (or dict); for paging, pass a
            result to :meth:`fetch_next` or :meth:`fetch_previous` instead, as the
            server pages these lists by an internal ID.
        :param min_id: the results just newer than this ID, for paging forwards.
        :param since_id: only results newer than this ID.
        :param limit: how many to return (the server's default is 40, its maximum 80).

        Returns a list of user dicts.
        """
        return self._api_request("GET", "/api/v1/follow_requests",
                                 _page(max_id, min_id, since_id, limit))

    @api_version("2.5.0")
    def endorsements(self) -> PaginatableList[Account]:
        """Fetch the accounts the logged-in user features on their profile (see
        :meth:`account_pin`).

        Returns a list of user dicts.
        """
        return self._api_request("GET", "/api/v1/endorsements")

    def suggestions(self) -> NonPaginatableList[Account]:
        """Fetch accounts suggested for the logged-in user to follow: accounts they
        interacted with but do not follow yet and, on Mastodon 3.4+, accounts the
        server's staff recommend.

        On Mastodon 3.4 and newer this asks the current endpoint
        (:meth:`suggestions_v2`, ``GET /api/v2/suggestions``), on older servers the
        original one (:meth:`suggestions_v1`), and also the original one when a
        server claiming 3.4+ lacks the new endpoint.

        Returns a list of suggestion dicts that are also user dicts: each has the
        suggestion's ``account``, ``sources`` (and ``source``) and, alongside them,
        the suggested account's own fields (``id``, ``acct``, ``username``, ...), so
        code written for either kind of result works, and each item can be passed
        wherever an account is expected (:meth:`account_follow`,
        :meth:`suggestion_delete`). From an older server, the items are plain user
        dicts.
        """
        if server_older_than(self, (3, 4, 0)):
            return self.suggestions_v1()
        try:
            # Suggestions that are made user dicts as well, below.
            found: NonPaginatableList[Any] = self.suggestions_v2()
        except MastodonNotFoundError:
            return self.suggestions_v1()
        for item in found:
            account = item.get("account") if isinstance(item, dict) else None
            if isinstance(account, dict):
                for key, value in account.items():
                    item.setdefault(key, value)
        return found

    # --- writing -----------------------------------------------------------------

    @api_version("1.4.0")
    def domain_block(self, domain: str | None = None) -> None:
        """Block a whole domain for the logged-in user: its posts and notifications are
        hidden, followers from it are removed and no new follows to it can be made.

        :param domain: the domain, e.g. ``"spam.example"``.

        Blocking a domain already blocked is not an error. Returns ``None``, as
        Mastodon.py does (the server answers with nothing).
        """
        return self._api_request("POST", "/api/v1/domain_blocks", {"domain": _domain(domain)})

    @api_version("1.4.0")
    def domain_unblock(self, domain: str | None = None) -> None:
        """Lift the logged-in user's block of a domain.

        :param domain: the domain, e.g. ``"spam.example"``.

        Unblocking a domain that is not blocked is not an error. Returns ``None``, as
        Mastodon.py does (the server answers with nothing).
        """
        return self._api_request("DELETE", "/api/v1/domain_blocks", {"domain": _domain(domain)})

    @api_version("1.0.0", "3.0.0")
    def follow_request_authorize(self, id: IdType) -> Relationship:
        """Accept an account's follow request.

        :param id: the ID of the account that asked (or its user dict, e.g. from
            :meth:`follow_requests`).

        Returns a relationship dict with ``followed_by`` now true (Mastodon 3.0+;
        older servers answer with an empty dict).
        """
        return self._api_request("POST", f"/api/v1/follow_requests/{path_id(id)}/authorize")

    @api_version("1.0.0", "3.0.0")
    def follow_request_reject(self, id: IdType) -> Relationship:
        """Reject an account's follow request.

        :param id: the ID of the account that asked (or its user dict).

        Returns a relationship dict (Mastodon 3.0+; older servers answer with an
        empty dict).
        """
        return self._api_request("POST", f"/api/v1/follow_requests/{path_id(id)}/reject")

    @api_version("2.4.3")
    def suggestion_delete(self, account_id: IdType) -> None:
        """Stop suggesting an account to the logged-in user.

        :param account_id: the account's ID (or its user dict).

        Returns ``None``, as Mastodon.py does (the server answers with nothing).
        """
        return self._api_request("DELETE", f"/api/v1/suggestions/{path_id(account_id, 'account_id')}")

    # --- the modern surface ------------------------------------------------------

    @api_version("2.4.3")
    def suggestions_v1(self) -> NonPaginatableList[Account]:
        """Fetch follow suggestions from the original endpoint
        (``GET /api/v1/suggestions``, deprecated since Mastodon 3.4 but still
        served): accounts the logged-in user interacted with but does not follow yet.

        Returns a list of user dicts.
        """
        return self._api_request("GET", "/api/v1/suggestions")

    @api_version("3.4.0")
    def suggestions_v2(self) -> NonPaginatableList[Suggestion]:
        """Fetch follow suggestions from the current endpoint
        (``GET /api/v2/suggestions``), with the reasons for each.

        Returns a list of suggestion dicts: ``account`` (a user dict) and
        ``sources``, the reasons it is suggested (``"featured"``, ``"most_followed"``,
        ``"most_interactions"``, ``"similar_to_recently_followed"``,
        ``"friends_of_friends"``; Mastodon 4.3+). Servers before 4.3 send a single
        reason as ``source`` (``"staff"``, ``"past_interactions"`` or ``"global"``).
        """
        return self._api_request("GET", "/api/v2/suggestions")
