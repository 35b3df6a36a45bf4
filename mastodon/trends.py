"""Trends (hashtags, statuses and links that are getting attention on the server) and
the profile directory."""

from typing import Any

from ._base import ClientBase
from ._versions import api_version, server_older_than
from .errors import MastodonIllegalArgumentError
from .return_types import Account, NonPaginatableList, Status, Tag, TrendingLink

DIRECTORY_ORDERS = ("active", "new")


def _count(name: str, value: object) -> int | None:
    """A non-negative whole number (limit, offset), or None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise MastodonIllegalArgumentError(
            f"{name} must be a whole number of 0 or more, not {value!r}")
    return value


def _language_header(lang: object) -> dict[str, str] | None:
    """Headers that ask for results for one language, or None for the client's own."""
    if lang is None:
        return None
    if not isinstance(lang, str) or not lang.strip() or any(c in lang for c in "\r\n,;"):
        raise MastodonIllegalArgumentError(
            f"lang must be one language code (ISO 639, e.g. 'en' or 'pt-BR'), not {lang!r}")
    return {"Accept-Language": lang.strip()}


class TrendsMixin(ClientBase):
    """Trends and the profile directory."""

    def _trend_list(self, kind: str, limit: int | None, offset: int | None,
                    lang: str | None) -> NonPaginatableList[Any]:
        params = {"limit": _count("limit", limit), "offset": _count("offset", offset)}
        return self._api_request("GET", f"/api/v1/trends/{kind}", params,
                                 headers=_language_header(lang))

    @api_version("2.4.3", "3.5.0")
    def trends(self, limit: int | None = None) -> NonPaginatableList[Tag]:
        """The hashtags used most in the last days; the older name of
        :meth:`trending_tags`.

        :param limit: how many hashtags to return (the server's default is 10, at
            most 20).

        Uses ``GET /api/v1/trends/tags``, or its older alias ``GET /api/v1/trends``
        on servers known to be older than Mastodon 3.5.0.

        Returns a list of hashtag dicts, most popular first.
        """
        params = {"limit": _count("limit", limit)}
        if server_older_than(self, (3, 5, 0)):
            return self._api_request("GET", "/api/v1/trends", params)
        return self._api_request("GET", "/api/v1/trends/tags", params)

    @api_version("3.5.0")
    def trending_tags(self, limit: int | None = None, offset: int | None = None,
                      lang: str | None = None) -> NonPaginatableList[Tag]:
        """The hashtags used most in the last days, as the server ranks them (its
        moderators may have to approve a hashtag before it shows here).

        :param limit: how many hashtags to return (the server's default is 10, at
            most 20).
        :param offset: skip this many hashtags (for the next page).
        :param lang: ask for the trends of this language (e.g. ``"de"``), sent as the
            ``Accept-Language`` header of this request instead of the client's
            ``lang``. Servers may rank trends by language.

        Returns a list of hashtag dicts (``name``, ``url``, ``history`` with the
        daily uses and accounts of the last days), most popular first.
        """
        return self._trend_list("tags", limit, offset, lang)

    @api_version("3.5.0")
    def trending_statuses(self, limit: int | None = None, offset: int | None = None,
                          lang: str | None = None) -> NonPaginatableList[Status]:
        """The public statuses getting the most attention (boosts, favourites) in the
        last days.

        :param limit: how many statuses to return (the server's default is 20, at
            most 40).
        :param offset: skip this many statuses (for the next page).
        :param lang: ask for the trends of this language, sent as the
            ``Accept-Language`` header of this request (see :meth:`trending_tags`).

        Returns a list of toot dicts, most popular first.
        """
        return self._trend_list("statuses", limit, offset, lang)

    @api_version("3.5.0")
    def trending_links(self, limit: int | None = None, offset: int | None = None,
                       lang: str | None = None) -> NonPaginatableList[TrendingLink]:
        """The links shared most in the last days.

        :param limit: how many links to return (the server's default is 10, at
            most 20).
        :param offset: skip this many links (for the next page).
        :param lang: ask for the trends of this language, sent as the
            ``Accept-Language`` header of this request (see :meth:`trending_tags`).

        Returns a list of preview card dicts (``url``, ``title``, ``description``,
        ``type``, ``image``, ``provider_name``, ...) with a ``history`` of daily
        shares, most popular first.
        """
        return self._trend_list("links", limit, offset, lang)

    @api_version("3.0.0")
    def directory(self, offset: int | None = None, limit: int | None = None,
                  order: str | None = None,
                  local: bool | None = None) -> NonPaginatableList[Account]:
        """The server's profile directory: the accounts that chose to be listed in
        it.

        :param offset: skip this many accounts (for the next page).
        :param limit: how many accounts to return (the server's default is 40, at
            most 80).
        :param order: ``"active"`` (most recently posted first; the server's
            default) or ``"new"`` (newest accounts first).
        :param local: ``True`` for accounts of this server only.

        Works without logging in.

        Returns a list of user dicts.
        """
        if order is not None and order not in DIRECTORY_ORDERS:
            raise MastodonIllegalArgumentError(
                f"order must be one of {', '.join(DIRECTORY_ORDERS)}, not {order!r}")
        params = {
            "offset": _count("offset", offset),
            "limit": _count("limit", limit),
            "order": order,
            "local": None if local is None else bool(local),
        }
        return self._api_request("GET", "/api/v1/directory", params)
