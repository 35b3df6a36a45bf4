"""Timelines and conversations."""

from datetime import datetime
from typing import Any
from urllib.parse import quote

from ._base import ClientBase
from ._params import path_id, status_cursor
from ._versions import api_version, server_older_than
from .errors import MastodonAPIError, MastodonError, MastodonIllegalArgumentError
from .return_types import Conversation, PaginatableList, Status
from .types_base import IdType

# A cursor over status IDs: an ID, a status dict, or a time (see timeline()).
StatusCursor = IdType | datetime


def _flag(value: object) -> bool | None:
    """A boolean filter that is off by default: sent only when turned on."""
    return True if value else None


# timeline_is_available(): the feeds of Mastodon 4.5's configuration.timelines_access.
_FEEDS = {"public": "live_feeds", "tag": "hashtag_feeds", "link": "trending_link_feeds"}
_ACCESS_SETTINGS = ("public", "authenticated", "disabled")
# Role permissions (Role entity): administrators may do anything; "View live and topic
# feeds" reads feeds the server has disabled.
_PERMISSION_ADMINISTRATOR = 0x1
_PERMISSION_VIEW_FEEDS = 0x100000
# The hashtag asked for when timeline_is_available() is given "tag" without one.
_PROBE_HASHTAG = "mastodon"


def _probe_endpoint(kind: str, rest: str, timeline: str) -> str:
    """The endpoint timeline_is_available() asks when the server's settings do not say."""
    if kind == "public":
        return "/api/v1/timelines/public"
    if kind == "tag":
        return "/api/v1/timelines/tag/" + quote(rest.lstrip("#") or _PROBE_HASHTAG, safe="")
    if kind == "link":
        return "/api/v1/timelines/link"
    if kind == "list":
        return "/api/v1/timelines/list/" + path_id(rest or None, "the list ID")
    return "/api/v1/timelines/" + timeline


class TimelinesMixin(ClientBase):
    """Timelines and conversations."""

    def _timeline(self, path: str, max_id: StatusCursor | None, min_id: StatusCursor | None,
                  since_id: StatusCursor | None, limit: int | None, only_media: bool = False,
                  local: bool = False, remote: bool = False) -> PaginatableList[Status]:
        params = {
            "max_id": status_cursor(max_id),
            "min_id": status_cursor(min_id),
            "since_id": status_cursor(since_id),
            "limit": limit,
            "only_media": _flag(only_media),
            "local": _flag(local),
            "remote": _flag(remote),
        }
        return self._api_request("GET", "/api/v1/timelines/" + path, params)

    @api_version("1.0.0", "3.3.0")
    def timeline(self, timeline: str = "home", max_id: StatusCursor | None = None,
                 min_id: StatusCursor | None = None, since_id: StatusCursor | None = None,
                 limit: int | None = None, only_media: bool = False, local: bool = False,
                 remote: bool = False) -> PaginatableList[Status]:
        """A page of statuses from one timeline, newest first.

        :param timeline: which timeline: ``"home"`` (the logged-in user's),
            ``"local"`` (public posts from this server), ``"public"`` (the federated
            timeline), ``"tag/<hashtag>"`` (public posts with a hashtag, given without
            ``#``) or ``"list/<id>"`` (a list's timeline). Other names are sent as they
            are, for servers with timelines of their own.
        :param max_id: return only statuses older than this status ID.
        :param min_id: return the statuses just newer than this ID (paging forward).
        :param since_id: return only statuses newer than this ID, but still the newest
            ones first.
        :param limit: how many statuses to return (the server's default is 20, at
            most 40).
        :param only_media: only statuses with media attached.
        :param local: only statuses from this server.
        :param remote: only statuses from other servers.

        ``max_id``, ``min_id`` and ``since_id`` may be IDs, status dicts, or
        ``datetime`` objects: a datetime is turned into the status ID Mastodon would
        give a post at that moment (its snowflake ID: milliseconds since the epoch,
        shifted left by 16 bits), so ``max_id=some_datetime`` pages back from that
        moment.

        Returns a list of toot dicts, with pagination info for :meth:`fetch_next`
        and :meth:`fetch_previous`.
        """
        kind, _, rest = timeline.partition("/")
        if timeline == "home":
            return self.timeline_home(max_id, min_id, since_id, limit, only_media, local, remote)
        if timeline == "local":
            return self._timeline("public", max_id, min_id, since_id, limit, only_media,
                                  local=True, remote=remote)
        if timeline == "public":
            return self.timeline_public(max_id, min_id, since_id, limit, only_media, local, remote)
        if kind == "tag":
            return self.timeline_hashtag(rest, local, max_id, min_id, since_id, limit, only_media,
                                         remote)
        if kind == "list":
            if not rest:
                raise MastodonIllegalArgumentError(
                    "a list timeline needs the list's ID: 'list/<id>'")
            return self.timeline_list(rest, max_id, min_id, since_id, limit, only_media, local,
                                      remote)
        if not timeline:
            raise MastodonIllegalArgumentError("timeline must name a timeline, e.g. 'home'")
        return self._timeline(timeline, max_id, min_id, since_id, limit, only_media, local, remote)

    @api_version("1.0.0", "4.0.0")
    def timeline_home(self, max_id: StatusCursor | None = None, min_id: StatusCursor | None = None,
                      since_id: StatusCursor | None = None, limit: int | None = None,
                      only_media: bool = False, local: bool = False,
                      remote: bool = False) -> PaginatableList[Status]:
        """A page of the logged-in user's home timeline: posts from the accounts and
        hashtags they follow, and their own, newest first.

        The parameters are those of :meth:`timeline`. Mastodon itself ignores
        ``only_media``, ``local`` and ``remote`` here; some other servers honour them.

        Returns a list of toot dicts.
        """
        return self._timeline("home", max_id, min_id, since_id, limit, only_media, local, remote)

    @api_version("1.0.0", "3.3.0")
    def timeline_local(self, max_id: StatusCursor | None = None, min_id: StatusCursor | None = None,
                       since_id: StatusCursor | None = None, limit: int | None = None,
                       only_media: bool = False) -> PaginatableList[Status]:
        """A page of the local timeline: public posts made on this server, newest
        first. It is the public timeline with ``local=True``.

        The parameters are those of :meth:`timeline`. Works without logging in,
        unless the server has turned public previews off.

        Returns a list of toot dicts.
        """
        return self._timeline("public", max_id, min_id, since_id, limit, only_media, local=True)

    @api_version("1.0.0", "3.3.0")
    def timeline_public(self, max_id: StatusCursor | None = None, min_id: StatusCursor | None = None,
                        since_id: StatusCursor | None = None, limit: int | None = None,
                        only_media: bool = False, local: bool = False,
                        remote: bool = False) -> PaginatableList[Status]:
        """A page of the public (federated) timeline: public posts this server knows
        of, from everywhere, newest first.

        The parameters are those of :meth:`timeline`; ``local`` and ``remote``
        narrow it to this server's posts or to other servers' posts. Works without
        logging in, unless the server has turned public previews off.

        Returns a list of toot dicts.
        """
        return self._timeline("public", max_id, min_id, since_id, limit, only_media, local, remote)

    @api_version("1.0.0", "3.3.0")
    def timeline_hashtag(self, hashtag: str, local: bool = False, max_id: StatusCursor | None = None,
                         min_id: StatusCursor | None = None, since_id: StatusCursor | None = None,
                         limit: int | None = None, only_media: bool = False,
                         remote: bool = False) -> PaginatableList[Status]:
        """A page of public posts with a hashtag, newest first.

        :param hashtag: the hashtag without the leading ``#`` (``"cats"``, not
            ``"#cats"``); a ``#`` raises :class:`MastodonIllegalArgumentError`.
        :param local: only posts from this server.

        The other parameters are those of :meth:`timeline`. Works without logging in,
        unless the server has turned public previews off.

        Returns a list of toot dicts.
        """
        if not isinstance(hashtag, str) or not hashtag:
            raise MastodonIllegalArgumentError("hashtag must be a non-empty string")
        if hashtag.startswith("#"):
            raise MastodonIllegalArgumentError(
                f"give the hashtag without its '#': {hashtag[1:]!r}, not {hashtag!r}")
        return self._timeline("tag/" + quote(hashtag, safe=""), max_id, min_id, since_id, limit,
                              only_media, local, remote)

    @api_version("2.1.0", "3.3.0")
    def timeline_list(self, id: IdType, max_id: StatusCursor | None = None,
                      min_id: StatusCursor | None = None, since_id: StatusCursor | None = None,
                      limit: int | None = None, only_media: bool = False, local: bool = False,
                      remote: bool = False) -> PaginatableList[Status]:
        """A page of a list's timeline: posts from the accounts on one of the
        logged-in user's lists, newest first.

        :param id: the list's ID, or its list dict.

        The other parameters are those of :meth:`timeline`; Mastodon itself ignores
        ``only_media``, ``local`` and ``remote`` here.

        Returns a list of toot dicts.
        """
        return self._timeline("list/" + path_id(id, "the list ID"), max_id, min_id, since_id,
                              limit, only_media, local, remote)

    @api_version("2.6.0", "3.3.0")
    def conversations(self, max_id: StatusCursor | None = None, min_id: StatusCursor | None = None,
                      since_id: StatusCursor | None = None,
                      limit: int | None = None) -> PaginatableList[Conversation]:
        """A page of the logged-in user's conversations (threads of direct messages),
        the most recently active first.

        :param max_id: return only conversations whose last status is older than this
            status ID.
        :param min_id: return the conversations just newer than this (paging forward).
        :param since_id: return only conversations newer than this, newest first.
        :param limit: how many conversations to return (default 20, at most 40).

        Conversations are paged by their last status's ID, so a ``datetime`` works as
        a cursor here too (see :meth:`timeline`). Following the pagination info with
        :meth:`fetch_next` is the simplest way to page.

        Returns a list of conversation dicts (``id``, ``unread``, ``accounts``,
        ``last_status``).
        """
        params = {
            "max_id": status_cursor(max_id),
            "min_id": status_cursor(min_id),
            "since_id": status_cursor(since_id),
            "limit": limit,
        }
        # With the trailing slash, as Mastodon.py asks (the server answers both).
        return self._api_request("GET", "/api/v1/conversations/", params)

    @api_version("2.6.0")
    def conversations_read(self, id: IdType) -> Conversation:
        """Mark a conversation as read.

        :param id: the conversation's ID, or its conversation dict.

        Returns the updated conversation dict (``unread`` is now false).
        """
        conversation_id = path_id(id, "the conversation ID")
        return self._api_request("POST", f"/api/v1/conversations/{conversation_id}/read")

    @api_version("2.6.0")
    def conversations_delete(self, id: IdType) -> None:
        """Remove a conversation from the logged-in user's list of conversations.
        Its statuses stay; a new message in it brings it back.

        :param id: the conversation's ID, or its conversation dict.

        Returns ``None`` (the server answers with nothing). Raises
        :class:`MastodonNotFoundError` for a conversation that is not the user's.
        """
        conversation_id = path_id(id, "the conversation ID")
        return self._api_request("DELETE", f"/api/v1/conversations/{conversation_id}")

    # --- link timelines and timeline access ----------------------------------------

    @api_version("4.3.0")
    def timeline_link(self, url: str, local: bool = False, max_id: StatusCursor | None = None,
                      min_id: StatusCursor | None = None, since_id: StatusCursor | None = None,
                      limit: int | None = None, only_media: bool = False,
                      remote: bool = False) -> PaginatableList[Status]:
        """A page of public posts that link to a trending article, newest first. Only
        posts by people who opted into discovery features are shown.

        :param url: the article's URL, as the server's link trends give it
            (``trending_links()``); a URL that is not trending gives a 404
            (:class:`MastodonNotFoundError`).
        :param local: only posts from this server.

        The other parameters are those of :meth:`timeline`. Mastodon documents no
        filters for this timeline; ``local``, ``remote`` and ``only_media`` are sent
        only when turned on.

        Returns a list of toot dicts (paginated).
        """
        if not isinstance(url, str) or not url.strip():
            raise MastodonIllegalArgumentError("url must be the trending article's URL")
        params = {
            "url": url,
            "max_id": status_cursor(max_id),
            "min_id": status_cursor(min_id),
            "since_id": status_cursor(since_id),
            "limit": limit,
            "only_media": _flag(only_media),
            "local": _flag(local),
            "remote": _flag(remote),
        }
        return self._api_request("GET", "/api/v1/timelines/link", params)

    def timeline_is_available(self, timeline: str = "public", local: bool = False,
                              remote: bool = False, with_auth: bool = False,
                              fail_hard: bool = False) -> bool:
        """Whether a timeline can be read: by anyone, or with ``with_auth=True`` by the
        logged-in user. Servers may close their public, hashtag and link timelines to
        visitors, or to everyone but staff.

        :param timeline: ``"public"``, ``"local"``, ``"tag"`` (or ``"tag/<hashtag>"``),
            ``"link"`` (or ``"link/<article URL>"``), or any name :meth:`timeline`
            takes (``"home"``, ``"list/<id>"``, ...).
        :param local: ask about this server's posts only.
        :param remote: ask about other servers' posts only.
        :param with_auth: ask about reading with the client's access token rather than
            as a visitor.
        :param fail_hard: raise the error when the answer cannot be found out (the
            server or the network failed), instead of returning ``False``.

        On Mastodon 4.5 or newer the server's settings answer for the public, hashtag
        and link timelines (``configuration.timelines_access`` of the v2 instance
        information); a timeline that is disabled counts as available only to a
        logged-in user whose role may view disabled feeds (one more request). Elsewhere
        the timeline is requested (one status) and is available when the server
        answers it.

        Returns ``True`` or ``False``.
        """
        if not isinstance(timeline, str) or not timeline:
            raise MastodonIllegalArgumentError("timeline must name a timeline, e.g. 'public'")
        if with_auth and not self.access_token:
            raise MastodonIllegalArgumentError(
                "with_auth=True asks about the logged-in user, but the client has no access token")
        kind, _, rest = timeline.partition("/")
        if timeline == "local":
            kind, local = "public", True
        elif kind == "public" and rest:
            kind = timeline  # not the public timeline: a fork's own, asked as it is
        endpoint = _probe_endpoint(kind, rest, timeline)
        try:
            feed = _FEEDS.get(kind)
            if feed is not None:
                verdict = self._feed_access(feed, local, remote, with_auth)
                if verdict is not None:
                    return verdict
            return self._probe_timeline(kind, rest, endpoint, local, remote, with_auth)
        except MastodonIllegalArgumentError:
            raise
        except MastodonError:
            if fail_hard:
                raise
            return False

    def _feed_access(self, feed: str, local: bool, remote: bool, with_auth: bool) -> bool | None:
        """What the server's ``timelines_access`` settings say about a feed, or ``None``
        when it has none (before Mastodon 4.5, or another server)."""
        try:
            instance = self._instance_info(2, refresh=True)
        except MastodonAPIError as exc:
            if exc.status_code in (404, 410):
                return None
            raise
        access = ((instance.get("configuration") or {}).get("timelines_access") or {}).get(feed)
        if not isinstance(access, dict):
            return None
        parts = ["local"] if local else ["remote"] if remote else ["local", "remote"]
        settings = [access.get(part) for part in parts]
        if any(setting not in _ACCESS_SETTINGS for setting in settings):
            return None  # a setting this library does not know: ask the timeline itself
        if all(setting == "public" for setting in settings):
            return True
        if not with_auth:
            return False
        if "disabled" in settings:
            me = self._api_request("GET", "/api/v1/accounts/verify_credentials")
            try:
                permissions = int((me.get("role") or {}).get("permissions") or 0)
            except (TypeError, ValueError):
                permissions = 0
            return bool(permissions & (_PERMISSION_ADMINISTRATOR | _PERMISSION_VIEW_FEEDS))
        return True

    def _probe_timeline(self, kind: str, rest: str, endpoint: str, local: bool, remote: bool,
                        with_auth: bool) -> bool:
        """Ask for one status of the timeline: available when the server answers."""
        params: dict[str, Any] = {"limit": 1, "local": _flag(local), "remote": _flag(remote)}
        if kind == "link":
            if server_older_than(self, (4, 3, 0)):
                return False
            params["url"] = rest or f"{self.api_base_url}/"
        try:
            self._api_request("GET", endpoint, params, auth=with_auth)
        except MastodonAPIError as exc:
            if exc.status_code == 404 and kind == "link":
                # The access checks come first: "not found" means the probe URL is not
                # trending, so the timeline itself could be read.
                return True
            if exc.status_code in (401, 403, 404, 410):
                return False
            raise
        return True
