"""Statuses: reading a status and its thread (and its oEmbed description), favouriting,
boosting, bookmarking, pinning and muting, quotes, and deleting. Posting and editing
statuses, and scheduled statuses, are in ``statuses_posting.py``."""

from collections.abc import Iterable

from ._base import ClientBase
from ._params import path_id, plain_cursor, unpack_id
from ._status_params import REBLOG_VISIBILITIES, check_quote_approval_policy, check_visibility
from ._versions import api_version, server_older_than
from .errors import MastodonIllegalArgumentError
from .return_types import (
    Account,
    Context,
    NonPaginatableList,
    OEmbedResponse,
    PaginatableList,
    PreviewCard,
    Status,
    StatusEdit,
    StatusSource,
    Translation,
)
from .types_base import IdType


class StatusesMixin(ClientBase):
    """Statuses: reading, interacting, quotes, bookmarks, deleting."""

    # --- reading ------------------------------------------------------------------

    @api_version("1.0.0")
    def status(self, id: IdType) -> Status:
        """Read one status.

        :param id: the status, or its ID.

        Returns a toot dict. Public statuses can be read without logging in;
        private ones need a token that may see them (otherwise the server answers
        404, raised as :class:`MastodonNotFoundError`).
        """
        return self._api_request("GET", f"/api/v1/statuses/{path_id(id)}")

    @api_version("1.0.0")
    def status_context(self, id: IdType) -> Context:
        """The thread around a status: what it replies to and the replies to it.

        :param id: the status, or its ID.

        Returns a context dict: ``ancestors`` (oldest first) and ``descendants``,
        both lists of toot dicts.
        """
        return self._api_request("GET", f"/api/v1/statuses/{path_id(id)}/context")

    @api_version("1.0.0")
    def status_reblogged_by(self, id: IdType) -> PaginatableList[Account]:
        """The accounts that boosted a status.

        :param id: the status, or its ID.

        Returns a list of user dicts (paginated: see :meth:`fetch_next`).
        """
        return self._api_request("GET", f"/api/v1/statuses/{path_id(id)}/reblogged_by")

    @api_version("1.0.0")
    def status_favourited_by(self, id: IdType) -> PaginatableList[Account]:
        """The accounts that favourited a status.

        :param id: the status, or its ID.

        Returns a list of user dicts (paginated: see :meth:`fetch_next`).
        """
        return self._api_request("GET", f"/api/v1/statuses/{path_id(id)}/favourited_by")

    @api_version("1.0.0", "3.0.0")
    def status_card(self, id: IdType) -> PreviewCard | None:
        """The preview card of the link in a status.

        Mastodon 3.0 removed the card endpoint; since 2.6 a status carries its card
        itself. So this reads the status and returns its ``card``, which works on
        every current server. Only on a server known to run a version older than
        3.0.0 is the old ``/api/v1/statuses/:id/card`` endpoint used.

        :param id: the status, or its ID.

        Returns a card dict, or ``None`` when the status has no card (or the server
        has not made it yet: cards are fetched in the background after posting).
        """
        if server_older_than(self, (3, 0, 0)):
            card = self._api_request("GET", f"/api/v1/statuses/{path_id(id)}/card")
            return card or None  # old servers answer {} for "no card"
        return self.status(id).get("card")

    @api_version("1.0.0")
    def oembed(self, url: str, maxwidth: int | None = None,
               maxheight: int | None = None) -> OEmbedResponse:
        """The oEmbed description of a public status, for embedding it in a web page
        (``GET /api/oembed``).

        :param url: the status's URL on this server (its ``url`` or ``uri``).
        :param maxwidth: the width of the embedding iframe, in pixels (the server's
            default is 400).
        :param maxheight: the height of the iframe, in pixels (the server leaves it
            open by default).

        The endpoint is public, so the access token is not sent. Raises
        :class:`MastodonNotFoundError` when the URL is not that of a public status
        on this server.

        Returns an oEmbed dict: ``type`` (``"rich"``), ``version``, ``title``,
        ``author_name``, ``author_url``, ``provider_name``, ``provider_url``,
        ``cache_age``, ``html`` (the iframe and script to put in a page), ``width``
        and ``height``.
        """
        if not isinstance(url, str) or not url.strip():
            raise MastodonIllegalArgumentError(f"oembed needs the URL of a status, not {url!r}")
        for name, value in (("maxwidth", maxwidth), ("maxheight", maxheight)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                      or value <= 0):
                raise MastodonIllegalArgumentError(
                    f"{name} must be a positive number of pixels, not {value!r}")
        params = {"url": url.strip(), "maxwidth": maxwidth, "maxheight": maxheight}
        return self._api_request("GET", "/api/oembed", params, auth=False)

    @api_version("4.3.0")
    def statuses(self, ids: IdType | Iterable[IdType]) -> NonPaginatableList[Status]:
        """Read several statuses in one request.

        :param ids: the statuses: a list of IDs or toot dicts (one ID or dict alone
            works too).

        Returns a list of toot dicts. Statuses that do not exist or that the client
        may not see are left out, so the list can be shorter than ``ids``.
        """
        listed = [ids] if ids is None or isinstance(ids, (str, int, dict)) else ids
        status_ids = [unpack_id(status) for status in listed]
        if any(status_id is None or isinstance(status_id, (dict, list, bool))
               for status_id in status_ids):
            raise MastodonIllegalArgumentError(
                f"ids must be status IDs or toot dicts, not {status_ids!r}")
        return self._api_request("GET", "/api/v1/statuses", {"id": [str(i) for i in status_ids]})

    @api_version("3.5.0")
    def status_history(self, id: IdType) -> NonPaginatableList[StatusEdit]:
        """Every version of an edited status, oldest first, the current one last.

        :param id: the status, or its ID.

        Returns a list of status edit dicts (``content``, ``spoiler_text``,
        ``sensitive``, ``created_at``, ``account``, ``poll``, ``media_attachments``,
        ``emojis``). A status never edited has one entry.
        """
        return self._api_request("GET", f"/api/v1/statuses/{path_id(id)}/history")

    @api_version("3.5.0")
    def status_source(self, id: IdType) -> StatusSource:
        """The source of one of the user's statuses, as typed, for editing it.

        :param id: the status, or its ID.

        Returns a status source dict: ``id``, ``text`` (the plain text, not HTML) and
        ``spoiler_text``.
        """
        return self._api_request("GET", f"/api/v1/statuses/{path_id(id)}/source")

    @api_version("4.0.0")
    def status_translate(self, id: IdType, lang: str | None = None) -> Translation:
        """Translate a status with the server's translation service.

        Only public and unlisted statuses can be translated, and only where the server
        has a translation service (``instance_v2()``'s
        ``configuration.translation.enabled``); otherwise the server refuses with an
        error.

        :param id: the status, or its ID.
        :param lang: the language to translate into, as an ISO 639 code (e.g.
            ``"de"``); by default the user's interface language.

        Returns a translation dict: the translated ``content`` (HTML),
        ``spoiler_text``, ``poll`` and ``media_attachments`` descriptions, the
        ``detected_source_language`` and the ``provider``.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/translate",
                                 {"lang": lang})

    # --- interacting --------------------------------------------------------------

    @api_version("1.0.0", "2.8.0")
    def status_reblog(self, id: IdType, visibility: str | None = None) -> Status:
        """Boost (reblog) a status.

        :param id: the status, or its ID.
        :param visibility: who sees the boost: ``"public"``, ``"unlisted"`` or
            ``"private"``; by default public.

        Returns a toot dict: the boost, with the boosted status under ``reblog``.
        """
        sent = check_visibility(visibility, REBLOG_VISIBILITIES)
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/reblog",
                                 {"visibility": sent})

    @api_version("1.0.0")
    def status_unreblog(self, id: IdType) -> Status:
        """Undo a boost.

        :param id: the boosted status (not the boost itself), or its ID.

        Returns a toot dict: the status that was boosted.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/unreblog")

    @api_version("1.0.0")
    def status_favourite(self, id: IdType) -> Status:
        """Favourite a status.

        :param id: the status, or its ID.

        Returns a toot dict of the status, now with ``favourited`` true.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/favourite")

    @api_version("1.0.0")
    def status_unfavourite(self, id: IdType) -> Status:
        """Take back a favourite.

        :param id: the status, or its ID.

        Returns a toot dict of the status.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/unfavourite")

    @api_version("1.4.0")
    def status_mute(self, id: IdType) -> Status:
        """Mute the conversation a status is in: no more notifications from it.

        :param id: a status of the conversation, or its ID.

        Returns a toot dict of the status, with ``muted`` true.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/mute")

    @api_version("1.4.0")
    def status_unmute(self, id: IdType) -> Status:
        """Unmute the conversation a status is in.

        :param id: a status of the conversation, or its ID.

        Returns a toot dict of the status.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/unmute")

    @api_version("2.1.0")
    def status_pin(self, id: IdType) -> Status:
        """Pin one of the user's own statuses to their profile.

        :param id: the status, or its ID.

        Returns a toot dict of the status, with ``pinned`` true.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/pin")

    @api_version("2.1.0")
    def status_unpin(self, id: IdType) -> Status:
        """Unpin a status from the user's profile.

        :param id: the status, or its ID.

        Returns a toot dict of the status.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/unpin")

    # --- bookmarks ----------------------------------------------------------------

    @api_version("3.1.0")
    def status_bookmark(self, id: IdType) -> Status:
        """Bookmark a status (privately: its author is not told).

        :param id: the status, or its ID.

        Returns the toot dict of the status, with ``bookmarked`` true.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/bookmark")

    @api_version("3.1.0")
    def status_unbookmark(self, id: IdType) -> Status:
        """Remove a status from the user's bookmarks.

        :param id: the status, or its ID.

        Returns the toot dict of the status, with ``bookmarked`` false.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/unbookmark")

    @api_version("3.1.0", "3.3.0")
    def bookmarks(self, max_id: IdType | None = None, min_id: IdType | None = None,
                  since_id: IdType | None = None,
                  limit: int | None = None) -> PaginatableList[Status]:
        """A page of the statuses the logged-in user has bookmarked, the most recently
        bookmarked first. Bookmarks are private: nobody else sees them.

        :param max_id: return only bookmarks older than this cursor.
        :param min_id: return the bookmarks just newer than this cursor (paging
            forward).
        :param since_id: return only bookmarks newer than this cursor, newest first.
        :param limit: how many to return (default 20, at most 40).

        Mastodon pages bookmarks by the IDs of the bookmark records, which no result
        shows, not by status IDs: page with :meth:`fetch_next` and
        :meth:`fetch_previous`. Dates are refused as cursors.

        Returns a list of toot dicts.
        """
        params = {
            "max_id": plain_cursor("max_id", max_id),
            "min_id": plain_cursor("min_id", min_id),
            "since_id": plain_cursor("since_id", since_id),
            "limit": limit,
        }
        return self._api_request("GET", "/api/v1/bookmarks", params)

    # --- quotes -------------------------------------------------------------------

    @api_version("4.5.0")
    def status_quotes(self, id: IdType, max_id: IdType | None = None,
                      since_id: IdType | None = None,
                      limit: int | None = None) -> PaginatableList[Status]:
        """The statuses that quote a status.

        :param id: the quoted status, or its ID.
        :param max_id: return only quotes older than this cursor.
        :param since_id: return only quotes newer than this cursor.
        :param limit: how many to return (the server's default is 20, at most 40).

        The cursors are the server's own (it pages by the quote records, not by
        status IDs): page with :meth:`fetch_next` and :meth:`fetch_previous`.

        Returns a list of toot dicts (paginated).
        """
        params = {"max_id": plain_cursor("max_id", max_id),
                  "since_id": plain_cursor("since_id", since_id), "limit": limit}
        return self._api_request("GET", f"/api/v1/statuses/{path_id(id)}/quotes", params)

    @api_version("4.5.0")
    def status_update_quote_approval_policy(self, id: IdType, quote_approval_policy: str) -> Status:
        """Change who may quote one of the user's statuses, without editing it.

        :param id: the status, or its ID.
        :param quote_approval_policy: ``"public"`` (anyone not blocked),
            ``"followers"`` (followers and the author) or ``"nobody"`` (the author
            only). Private and direct statuses are always ``"nobody"``, whatever is
            asked. Quotes made before stay.

        Returns the toot dict of the status, with its new ``quote_approval``.
        """
        check_quote_approval_policy(quote_approval_policy)
        return self._api_request("PUT", f"/api/v1/statuses/{path_id(id)}/interaction_policy",
                                 {"quote_approval_policy": quote_approval_policy})

    @api_version("4.5.0")
    def status_quote_revoke(self, id: IdType, quoting_status_id: IdType) -> Status:
        """Withdraw the permission for another status to quote one of the user's
        statuses: the quote stays, but no longer shows the user's status.

        :param id: the user's status that is quoted, or its ID.
        :param quoting_status_id: the status that quotes it, or its ID.

        Returns the toot dict of the quoting status, its ``quote`` now ``revoked``.
        """
        endpoint = (f"/api/v1/statuses/{path_id(id)}/quotes/"
                    f"{path_id(quoting_status_id, 'quoting_status_id')}/revoke")
        return self._api_request("POST", endpoint)

    # --- deleting -----------------------------------------------------------------

    @api_version("1.0.0", "4.4.0")
    def status_delete(self, id: IdType, delete_media: bool | None = None) -> Status:
        """Delete one of the user's own statuses.

        :param id: the status, or its ID.
        :param delete_media: ``True`` deletes its media at once (Mastodon 4.4 or
            newer); otherwise the server keeps them for about a day so they can be
            attached again ("delete and redraft").

        Returns the deleted status as a toot dict that also carries its source
        ``text`` (Mastodon 2.9 or newer), for redrafting.
        """
        endpoint = f"/api/v1/statuses/{path_id(id)}"
        # A query parameter, as the API documents, although the verb is DELETE.
        return self._api_request("DELETE", endpoint, query={"delete_media": delete_media})
