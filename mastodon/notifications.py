"""Notifications."""

from collections.abc import Iterable
from typing import Any

from ._base import ClientBase
from ._params import path_id, plain_cursor, unpack_id
from ._results import AttribAccessDict
from ._versions import api_version, require_version, server_older_than
from .errors import MastodonIllegalArgumentError
from .return_types import (
    Account,
    GroupedNotificationsResults,
    NonPaginatableList,
    Notification,
    NotificationPolicy,
    NotificationRequest,
    PaginatableList,
    UnreadNotificationsCount,
)
from .types_base import IdType

# The notification types other than "mention" that servers older than 3.5.0 (which have
# no ``types`` filter) can send; excluding them leaves the mentions.
_NON_MENTION_TYPES = ["follow", "follow_request", "favourite", "reblog", "poll", "status"]


def _type_list(name: str, value: str | Iterable[str] | None) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    values = list(value)
    if not all(isinstance(item, str) and item for item in values):
        raise MastodonIllegalArgumentError(
            f"{name} must be notification type names, e.g. ['mention']")
    return values


_POLICY_VALUES = ("accept", "filter", "drop")


def _group_key(value: str | AttribAccessDict) -> str:
    """A notification group's key for a URL path; a group dict (or a notification
    dict, which carries its group's key too) stands for its key."""
    if isinstance(value, dict) and "group_key" in value:
        value = value["group_key"]
    return path_id(value, "group_key")


def _request_ids(ids: IdType | Iterable[IdType]) -> list[Any]:
    """The IDs of notification requests for an ``id[]`` list; dicts stand for their
    IDs, and a single ID is taken as a list of one."""
    listed = [ids] if isinstance(ids, (str, int, dict)) else ids
    values = [unpack_id(value) for value in listed]
    if not values:
        raise MastodonIllegalArgumentError("ids must name at least one notification request")
    for value in values:
        if value is None or isinstance(value, (bool, dict, list, tuple)) or not str(value).strip():
            raise MastodonIllegalArgumentError(
                f"ids must be notification request IDs or dicts, not {value!r}")
    return values


class NotificationsMixin(ClientBase):
    """Notifications."""

    @api_version("1.0.0", "4.6.0")
    def notifications(self, id: IdType | None = None, account_id: IdType | None = None,
                      max_id: IdType | None = None, min_id: IdType | None = None,
                      since_id: IdType | None = None, limit: int | None = None,
                      exclude_types: Iterable[str] | None = None, types: Iterable[str] | None = None,
                      mentions_only: bool | None = None,
                      supported_types: Iterable[str] | None = None,
                      ) -> PaginatableList[Notification] | Notification:
        """The logged-in user's notifications, newest first; or one notification.

        :param id: fetch just this notification (its ID or dict); then no other
            parameter may be given.
        :param account_id: only notifications caused by this account (an ID or
            account dict; Mastodon 2.9.0 and newer).
        :param max_id: only notifications older than this notification ID.
        :param min_id: the notifications just newer than this ID (paging forward).
        :param since_id: only notifications newer than this ID, newest first.
        :param limit: how many to return (the server's default is 40, at most 80;
            15 and 30 before Mastodon 4.1).
        :param exclude_types: leave out these types, a list such as
            ``["follow", "favourite"]``. Types are ``mention``, ``status``,
            ``reblog``, ``follow``, ``follow_request``, ``favourite``, ``poll``,
            ``update``, ``admin.sign_up``, ``admin.report`` and newer ones.
        :param types: only these types (Mastodon 3.5.0 and newer).
        :param mentions_only: ``True`` for mentions only (``types=["mention"]``, or
            the equivalent ``exclude_types`` on servers older than 3.5.0); cannot be
            combined with ``types`` or ``exclude_types``.
        :param supported_types: the notification types this program can show: for
            any other type, the server adds a ``fallback`` to show instead (Mastodon
            4.6.0 and newer; without it no fallback is given).

        Notification IDs do not encode a time, so the cursors must be IDs (or
        notification dicts), not dates.

        Returns a list of notification dicts (``id``, ``type``, ``created_at``,
        ``account``, and ``status`` for mentions, reblogs and favourites), or one
        notification dict when ``id`` is given.
        """
        filters = {"account_id": account_id, "max_id": max_id, "min_id": min_id,
                   "since_id": since_id, "limit": limit, "exclude_types": exclude_types,
                   "types": types, "mentions_only": mentions_only}
        supported = _type_list("supported_types", supported_types)
        if id is not None:
            given = sorted(name for name, value in filters.items() if value is not None)
            if given:
                raise MastodonIllegalArgumentError(
                    "notifications(id=...) fetches one notification; "
                    f"it takes no {', '.join(given)}")
            return self._api_request("GET", f"/api/v1/notifications/{path_id(id, 'id')}",
                                     {"supported_types": supported})

        excluded = _type_list("exclude_types", exclude_types)
        only = _type_list("types", types)
        if mentions_only and (only is not None or excluded is not None):
            raise MastodonIllegalArgumentError(
                "mentions_only cannot be combined with types or exclude_types")
        params: dict[str, Any] = {
            "max_id": plain_cursor("max_id", max_id),
            "min_id": plain_cursor("min_id", min_id),
            "since_id": plain_cursor("since_id", since_id),
            "limit": limit,
            "account_id": unpack_id(account_id),
        }
        if account_id is not None:
            require_version(self, "2.9.0", "notifications(account_id=...)")
        if only is not None:
            require_version(self, "3.5.0", "notifications(types=...)")
        if mentions_only:
            if not server_older_than(self, (3, 5, 0)):
                only = ["mention"]
            else:
                excluded = list(_NON_MENTION_TYPES)
        params["types"] = only
        params["exclude_types"] = excluded
        params["supported_types"] = supported
        return self._api_request("GET", "/api/v1/notifications", params)

    @api_version("1.0.0")
    def notifications_clear(self) -> None:
        """Delete all of the logged-in user's notifications.

        Returns ``None``, as Mastodon.py does (the server answers with nothing).
        """
        return self._api_request("POST", "/api/v1/notifications/clear")

    @api_version("1.3.0")
    def notifications_dismiss(self, id: IdType) -> None:
        """Delete one notification.

        :param id: the notification's ID, or its notification dict.

        This uses ``POST /api/v1/notifications/:id/dismiss``; on a server known to be
        older than Mastodon 3.0 (which removed it) the earlier form, ``POST
        /api/v1/notifications/dismiss`` with the ID in the body, as Mastodon.py 1.x did.

        Returns ``None``, as Mastodon.py does (the server answers with nothing).
        """
        notification_id = path_id(id, "id")
        if server_older_than(self, (3, 0, 0)):
            return self._api_request("POST", "/api/v1/notifications/dismiss", {"id": unpack_id(id)})
        return self._api_request("POST", f"/api/v1/notifications/{notification_id}/dismiss")

    # --- grouped notifications (API v2) ----------------------------------------------

    @api_version("4.3.0", "4.6.0")
    def grouped_notifications(self, max_id: IdType | None = None,
                              since_id: IdType | None = None, min_id: IdType | None = None,
                              limit: int | None = None, types: Iterable[str] | None = None,
                              exclude_types: Iterable[str] | None = None,
                              account_id: IdType | None = None,
                              expand_accounts: str | None = "partial_avatars",
                              grouped_types: Iterable[str] | None = None,
                              include_filtered: bool | None = None,
                              supported_types: Iterable[str] | None = None,
                              ) -> GroupedNotificationsResults:
        """The logged-in user's notifications, grouped by the server: several
        favourites, boosts or follows of the same thing in a short while form one
        group; other types come as groups of one.

        :param max_id: only notifications older than this notification ID.
        :param since_id: only notifications newer than this ID, newest first.
        :param min_id: the notifications just newer than this ID (paging forward).
        :param limit: how many groups to return (the server's default is 40, at most
            80).
        :param types: only these notification types, e.g. ``["favourite", "reblog"]``
            (the types are listed under :meth:`notifications`).
        :param exclude_types: leave out these types.
        :param account_id: only notifications caused by this account (an ID or
            account dict).
        :param expand_accounts: ``"partial_avatars"`` (this method's default, which
            is sent) puts all but the most recent account of a group in
            ``partial_accounts``, with only what an avatar needs; ``"full"`` puts them
            all in ``accounts`` in full. ``None`` leaves the choice to the server
            (``"full"``).
        :param grouped_types: the types that may be grouped; others come one
            notification per group (``group_key`` ``"ungrouped-<notification id>"``).
            By default the server groups every type it can.
        :param include_filtered: ``True`` to also get notifications that the
            notification policy filtered out.
        :param supported_types: the notification types this program can show: for
            any other type, the server adds a ``fallback`` to show instead (Mastodon
            4.6.0 and newer; without it no fallback is given).

        Notification IDs do not encode a time, so the cursors must be IDs (or
        notification dicts), not dates. The result carries pagination info, so
        :meth:`fetch_next` and :meth:`fetch_previous` work on it.

        Returns a grouped notifications dict: ``accounts`` (account dicts),
        ``partial_accounts`` (with ``expand_accounts="partial_avatars"``),
        ``statuses`` (status dicts) and ``notification_groups``, each with
        ``group_key``, ``notifications_count``, ``type``,
        ``most_recent_notification_id``, ``page_min_id``, ``page_max_id``,
        ``latest_page_notification_at``, ``sample_account_ids`` and, where it
        applies, ``status_id``, ``report``, ``event`` or ``moderation_warning``.
        """
        if expand_accounts not in (None, "full", "partial_avatars"):
            raise MastodonIllegalArgumentError(
                f"expand_accounts must be 'full' or 'partial_avatars', not {expand_accounts!r}")
        params = {
            "max_id": plain_cursor("max_id", max_id),
            "since_id": plain_cursor("since_id", since_id),
            "min_id": plain_cursor("min_id", min_id),
            "limit": limit,
            "types": _type_list("types", types),
            "exclude_types": _type_list("exclude_types", exclude_types),
            "account_id": unpack_id(account_id),
            "expand_accounts": expand_accounts,
            "grouped_types": _type_list("grouped_types", grouped_types),
            "include_filtered": include_filtered,
            "supported_types": _type_list("supported_types", supported_types),
        }
        return self._api_request("GET", "/api/v2/notifications", params)

    @api_version("4.3.0", "4.6.0")
    def grouped_notification(self, group_key: str | AttribAccessDict,
                             supported_types: Iterable[str] | None = None) -> GroupedNotificationsResults:
        """One notification group.

        :param group_key: the group's ``group_key``, or a notification group dict.
        :param supported_types: the notification types this program can show: for
            any other type, the server adds a ``fallback`` to show instead (Mastodon
            4.6.0 and newer; without it no fallback is given).

        Returns a grouped notifications dict (see :meth:`grouped_notifications`) with
        that one group in ``notification_groups``.
        """
        return self._api_request("GET", f"/api/v2/notifications/{_group_key(group_key)}",
                                 {"supported_types": _type_list("supported_types", supported_types)})

    @api_version("4.3.0")
    def grouped_notification_accounts(self,
                                      group_key: str | AttribAccessDict) -> NonPaginatableList[Account]:
        """All accounts whose actions make up a notification group (a group's
        ``sample_account_ids`` name only some of them).

        :param group_key: the group's ``group_key``, or a notification group dict.

        Returns a list of account dicts.
        """
        return self._api_request("GET", f"/api/v2/notifications/{_group_key(group_key)}/accounts")

    @api_version("4.3.0")
    def dismiss_grouped_notification(self, group_key: str | AttribAccessDict) -> None:
        """Delete every notification of a notification group.

        :param group_key: the group's ``group_key``, or a notification group dict.

        Returns ``None``, as Mastodon.py does (the server answers with nothing).
        """
        return self._api_request("POST", f"/api/v2/notifications/{_group_key(group_key)}/dismiss")

    @api_version("4.3.0")
    def unread_grouped_notifications_count(self, limit: int | None = None,
                                           types: Iterable[str] | None = None,
                                           exclude_types: Iterable[str] | None = None,
                                           account_id: IdType | None = None,
                                           grouped_types: Iterable[str] | None = None) -> int:
        """How many notification groups are unread, that is newer than the
        notifications read marker.

        :param limit: count at most this many (the server's default is 100, at most
            1000): counting is slow, so the server caps it.
        :param types: count only these notification types.
        :param exclude_types: do not count these types.
        :param account_id: count only notifications caused by this account (an ID or
            account dict).
        :param grouped_types: the types that may be grouped (see
            :meth:`grouped_notifications`).

        Returns the count, an int.
        """
        params = {
            "limit": limit,
            "types": _type_list("types", types),
            "exclude_types": _type_list("exclude_types", exclude_types),
            "account_id": unpack_id(account_id),
            "grouped_types": _type_list("grouped_types", grouped_types),
        }
        return self._api_request("GET", "/api/v2/notifications/unread_count", params)["count"]

    @api_version("4.3.0")
    def notifications_unread_count(self) -> UnreadNotificationsCount:
        """How many notifications are unread, that is newer than the notifications
        read marker (counted without grouping, and capped by the server at 100).

        Returns a dict with the number under ``count``.
        """
        return self._api_request("GET", "/api/v1/notifications/unread_count")

    # --- notification requests (filtered notifications) ------------------------------

    @api_version("4.3.0")
    def notification_requests(self, max_id: IdType | None = None, since_id: IdType | None = None,
                              min_id: IdType | None = None,
                              limit: int | None = None) -> PaginatableList[NotificationRequest]:
        """Notification requests: per account, the notifications that the
        notification policy filtered out, waiting to be accepted or dismissed.

        :param max_id: only requests older than this request ID.
        :param since_id: only requests newer than this ID, newest first.
        :param min_id: the requests just newer than this ID (paging forward).
        :param limit: how many to return (the server's default is 40, at most 80).

        Returns a list of notification request dicts: ``id``, ``created_at``,
        ``updated_at``, ``account`` (who caused the notifications),
        ``notifications_count`` and ``last_status`` (the newest status among them,
        or ``None``).
        """
        params = {
            "max_id": plain_cursor("max_id", max_id),
            "since_id": plain_cursor("since_id", since_id),
            "min_id": plain_cursor("min_id", min_id),
            "limit": limit,
        }
        return self._api_request("GET", "/api/v1/notifications/requests", params)

    @api_version("4.3.0")
    def notification_request(self, id: IdType) -> NotificationRequest:
        """One notification request.

        :param id: the request's ID, or its notification request dict.

        Returns a notification request dict (see :meth:`notification_requests`).
        """
        return self._api_request("GET", f"/api/v1/notifications/requests/{path_id(id)}")

    @api_version("4.3.0")
    def accept_notification_request(self, id: IdType) -> None:
        """Accept a notification request: its notifications move into the
        notifications list (the server does this in the background; see
        :meth:`notifications_merged`), and the account's future notifications are
        no longer filtered.

        :param id: the request's ID, or its notification request dict.

        Returns ``None``, as Mastodon.py does (the server answers with nothing).
        """
        return self._api_request("POST", f"/api/v1/notifications/requests/{path_id(id)}/accept")

    @api_version("4.3.0")
    def dismiss_notification_request(self, id: IdType) -> None:
        """Dismiss a notification request: it and its notifications go away.

        :param id: the request's ID, or its notification request dict.

        Returns ``None``, as Mastodon.py does (the server answers with nothing).
        """
        return self._api_request("POST", f"/api/v1/notifications/requests/{path_id(id)}/dismiss")

    @api_version("4.3.0")
    def accept_multiple_notification_requests(self, ids: IdType | Iterable[IdType]) -> None:
        """Accept several notification requests at once (see
        :meth:`accept_notification_request`).

        :param ids: a list of request IDs or notification request dicts.

        Returns ``None``, as Mastodon.py does (the server answers with nothing).
        """
        params = {"id": _request_ids(ids)}
        return self._api_request("POST", "/api/v1/notifications/requests/accept", params)

    @api_version("4.3.0")
    def dismiss_multiple_notification_requests(self, ids: IdType | Iterable[IdType]) -> None:
        """Dismiss several notification requests at once (see
        :meth:`dismiss_notification_request`).

        :param ids: a list of request IDs or notification request dicts.

        Returns ``None``, as Mastodon.py does (the server answers with nothing).
        """
        params = {"id": _request_ids(ids)}
        return self._api_request("POST", "/api/v1/notifications/requests/dismiss", params)

    @api_version("4.3.0")
    def notifications_merged(self) -> bool:
        """Whether the notifications of accepted notification requests have all
        been moved into the notifications list yet (the server does it in the
        background); once they have, it is time to read the notifications again.

        Returns ``True`` or ``False``.
        """
        return self._api_request("GET", "/api/v1/notifications/requests/merged")["merged"]

    # --- notification policy ---------------------------------------------------------

    @api_version("4.3.0")
    def notifications_policy(self) -> NotificationPolicy:
        """The logged-in user's notification policy: which notifications are
        accepted, filtered into notification requests, or dropped.

        Returns a notification policy dict: ``for_not_following``,
        ``for_not_followers``, ``for_new_accounts``, ``for_private_mentions`` and
        ``for_limited_accounts``, each ``"accept"``, ``"filter"`` or ``"drop"``,
        and a ``summary`` with ``pending_requests_count`` and
        ``pending_notifications_count``.
        """
        return self._api_request("GET", "/api/v2/notifications/policy")

    @api_version("4.3.0")
    def update_notifications_policy(self, for_not_following: str | None = None,
                                    for_not_followers: str | None = None,
                                    for_new_accounts: str | None = None,
                                    for_private_mentions: str | None = None,
                                    for_limited_accounts: str | None = None) -> NotificationPolicy:
        """Change the logged-in user's notification policy. Each setting is
        ``"accept"`` (notify as usual), ``"filter"`` (put the notifications in
        notification requests) or ``"drop"`` (no notification at all); a setting left
        at ``None`` keeps its current value.

        :param for_not_following: notifications from accounts the user does not
            follow.
        :param for_not_followers: notifications from accounts that do not follow the
            user.
        :param for_new_accounts: notifications from accounts created in the last 30
            days.
        :param for_private_mentions: private mentions the user did not start
            (replies to the user's own private mentions, and mentions from accounts
            the user follows, always come through).
        :param for_limited_accounts: notifications from accounts that moderators
            limited.

        Returns the updated notification policy dict (see
        :meth:`notifications_policy`).
        """
        params = {
            "for_not_following": for_not_following,
            "for_not_followers": for_not_followers,
            "for_new_accounts": for_new_accounts,
            "for_private_mentions": for_private_mentions,
            "for_limited_accounts": for_limited_accounts,
        }
        for name, value in params.items():
            if value is not None and value not in _POLICY_VALUES:
                raise MastodonIllegalArgumentError(
                    f"{name} must be 'accept', 'filter' or 'drop', not {value!r}")
        return self._api_request("PATCH", "/api/v2/notifications/policy", params)
