"""Notifications."""

from ._client import path_id, plain_cursor, unpack_id
from ._versions import api_version, require_version
from .errors import MastodonIllegalArgumentError

# The notification types other than "mention" that servers older than 3.5.0 (which have
# no ``types`` filter) can send; excluding them leaves the mentions.
_NON_MENTION_TYPES = ["follow", "follow_request", "favourite", "reblog", "poll", "status"]


def _type_list(name, value):
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    values = list(value)
    if not all(isinstance(item, str) and item for item in values):
        raise MastodonIllegalArgumentError(
            f"{name} must be notification type names, e.g. ['mention']")
    return values


class NotificationsMixin:
    """Notifications."""

    @api_version("1.0.0", "4.6.0")
    def notifications(self, id=None, account_id=None, max_id=None, min_id=None, since_id=None,
                      limit=None, exclude_types=None, types=None, mentions_only=None):
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

        Notification IDs do not encode a time, so the cursors must be IDs (or
        notification dicts), not dates.

        Returns a list of notification dicts (``id``, ``type``, ``created_at``,
        ``account``, and ``status`` for mentions, reblogs and favourites), or one
        notification dict when ``id`` is given.
        """
        filters = {"account_id": account_id, "max_id": max_id, "min_id": min_id,
                   "since_id": since_id, "limit": limit, "exclude_types": exclude_types,
                   "types": types, "mentions_only": mentions_only}
        if id is not None:
            given = sorted(name for name, value in filters.items() if value is not None)
            if given:
                raise MastodonIllegalArgumentError(
                    "notifications(id=...) fetches one notification; "
                    f"it takes no {', '.join(given)}")
            return self._api_request("GET", f"/api/v1/notifications/{path_id(id, 'id')}")

        exclude_types = _type_list("exclude_types", exclude_types)
        types = _type_list("types", types)
        if mentions_only and (types is not None or exclude_types is not None):
            raise MastodonIllegalArgumentError(
                "mentions_only cannot be combined with types or exclude_types")
        params = {
            "max_id": plain_cursor("max_id", max_id),
            "min_id": plain_cursor("min_id", min_id),
            "since_id": plain_cursor("since_id", since_id),
            "limit": limit,
            "account_id": unpack_id(account_id),
        }
        if account_id is not None:
            require_version(self, "2.9.0", "notifications(account_id=...)")
        if types is not None:
            require_version(self, "3.5.0", "notifications(types=...)")
        if mentions_only:
            if self._server_version() >= (3, 5, 0):
                types = ["mention"]
            else:
                exclude_types = list(_NON_MENTION_TYPES)
        params["types"] = types
        params["exclude_types"] = exclude_types
        return self._api_request("GET", "/api/v1/notifications", params)

    @api_version("1.0.0")
    def notifications_clear(self):
        """Delete all of the logged-in user's notifications.

        Returns an empty dict.
        """
        return self._api_request("POST", "/api/v1/notifications/clear")

    @api_version("1.3.0")
    def notifications_dismiss(self, id):
        """Delete one notification.

        :param id: the notification's ID, or its notification dict.

        On Mastodon 2.9.2 and newer this uses ``POST /api/v1/notifications/:id/dismiss``;
        on older servers the earlier form, ``POST /api/v1/notifications/dismiss`` with
        the ID in the body.

        Returns an empty dict.
        """
        notification_id = path_id(id, "id")
        if self._server_version() >= (2, 9, 2):
            return self._api_request("POST", f"/api/v1/notifications/{notification_id}/dismiss")
        return self._api_request("POST", "/api/v1/notifications/dismiss", {"id": unpack_id(id)})
