"""Search."""

from typing import cast

from ._base import ClientBase
from ._params import DEFAULT_TRUE, unpack_id
from ._versions import api_version, require_version, server_older_than
from .errors import MastodonIllegalArgumentError, MastodonVersionError
from .return_types import AttribAccessDict, SearchV2
from .types_base import IdType

RESULT_TYPES = ("accounts", "hashtags", "statuses")


# resolve=True is this method's default, not the server's: it is sent, except by a client
# without a user token, which servers refuse resolve from (an explicit True is still sent).
_RESOLVE_DEFAULT = DEFAULT_TRUE


def _query(q: object) -> str:
    if not isinstance(q, str) or not q.strip():
        raise MastodonIllegalArgumentError("search needs a query (a non-empty string)")
    return q


def _result_type(result_type: str | None) -> str | None:
    if result_type is not None and result_type not in RESULT_TYPES:
        raise MastodonIllegalArgumentError(
            f"result_type must be one of {', '.join(RESULT_TYPES)}, not {result_type!r}")
    return result_type


class SearchMixin(ClientBase):
    """Search."""

    @api_version("1.1.0", "4.0.0")
    def search(self, q: str, resolve: bool = _RESOLVE_DEFAULT, result_type: str | None = None,
               account_id: IdType | None = None, offset: int | None = None,
               min_id: IdType | None = None, max_id: IdType | None = None,
               exclude_unreviewed: bool = True, limit: int | None = None) -> SearchV2:
        """Search for accounts, hashtags and statuses, with the best search the server
        has: :meth:`search_v2` on Mastodon 2.4.1 and newer, :meth:`search_v1` before.

        The parameters are those of :meth:`search_v2`. On servers older than 2.4.1
        only ``q`` and ``resolve`` can be used; the others raise
        :class:`MastodonVersionError` there.

        Returns a search result dict (``accounts``, ``hashtags``, ``statuses``).
        """
        _query(q)
        _result_type(result_type)
        if not server_older_than(self, (2, 4, 1)):
            return self.search_v2(q, resolve, result_type, account_id, offset, min_id, max_id,
                                  exclude_unreviewed, limit)
        advanced = {"result_type": result_type, "account_id": account_id, "offset": offset,
                    "min_id": min_id, "max_id": max_id, "limit": limit}
        given = sorted(name for name, value in advanced.items() if value is not None)
        if given:
            raise MastodonVersionError(
                f"search with {', '.join(given)} needs Mastodon 2.8.0 or newer, but the server "
                f"runs {'.'.join(map(str, self._server_version()))}")
        # Before 2.4.1 the first search API's result stands in for a v2 one: the same
        # keys, though its hashtags are plain strings.
        return cast(SearchV2, self.search_v1(q, resolve))

    @api_version("1.1.0", "2.8.0")
    def search_v1(self, q: str, resolve: bool = False) -> AttribAccessDict:
        """Search with the first search API (``GET /api/v1/search``), which Mastodon
        2.4.1 replaced and 3.0.0 removed; prefer :meth:`search`.

        :param q: the query: words, a ``#hashtag``, an ``@user@domain`` or a URL.
        :param resolve: look up remote accounts and posts the server does not know
            yet (by WebFinger or the URL).

        With version checks on, calling it on Mastodon 3.0.0 or newer raises
        :class:`MastodonVersionError`.

        Returns a search result dict whose ``hashtags`` are plain strings.
        """
        _query(q)
        if self.version_check_mode != "none" and self._server_version() >= (3, 0, 0):
            raise MastodonVersionError(
                "search_v1() was removed in Mastodon 3.0.0 and the server runs "
                f"{'.'.join(map(str, self._server_version()))}; use search() or search_v2()")
        params = {"q": q, "resolve": True if resolve else None}
        return self._api_request("GET", "/api/v1/search", params)

    @api_version("2.4.1", "4.0.0")
    def search_v2(self, q: str, resolve: bool = _RESOLVE_DEFAULT, result_type: str | None = None,
                  account_id: IdType | None = None, offset: int | None = None,
                  min_id: IdType | None = None, max_id: IdType | None = None,
                  exclude_unreviewed: bool = True, limit: int | None = None) -> SearchV2:
        """Search for accounts, hashtags and statuses (``GET /api/v2/search``).

        :param q: the query: words, a ``#hashtag``, an ``@user@domain`` or a URL.
        :param resolve: look up remote accounts and posts the server does not know
            yet (by WebFinger or the URL); on by default. Servers refuse it without a
            user token, so a client without one sends it only when asked explicitly.
        :param result_type: only one kind of result: ``"accounts"``, ``"hashtags"``
            or ``"statuses"``.
        :param account_id: only statuses by this account (an ID or user dict).
        :param offset: skip this many results (only with ``result_type``).
        :param min_id: only results newer than this ID.
        :param max_id: only results older than this ID.
        :param exclude_unreviewed: leave out hashtags the server's moderators have not
            reviewed (Mastodon 3.0.0 and newer; not sent to older servers).
        :param limit: results per kind (default 20, at most 40).

        ``result_type``, ``account_id``, ``offset``, ``min_id``, ``max_id`` and
        ``limit`` need Mastodon 2.8.0 or newer. Full-text search of statuses needs
        a server with a search backend and a logged-in user.

        Returns a search result dict (``accounts``, ``hashtags``, ``statuses``).
        """
        _query(q)
        _result_type(result_type)
        advanced = {"result_type": result_type, "account_id": account_id, "offset": offset,
                    "min_id": min_id, "max_id": max_id, "limit": limit}
        given = sorted(name for name, value in advanced.items() if value is not None)
        if given:
            require_version(self, "2.8.0", f"search with {', '.join(given)}")
        params = {
            "q": q,
            "resolve": True if resolve else None,
            "type": result_type,
            "account_id": unpack_id(account_id),
            "offset": offset,
            "min_id": unpack_id(min_id),
            "max_id": unpack_id(max_id),
            "limit": limit,
        }
        if resolve is _RESOLVE_DEFAULT and not self.access_token:
            del params["resolve"]  # servers refuse it from anonymous callers
        if exclude_unreviewed and not server_older_than(self, (3, 0, 0)):
            params["exclude_unreviewed"] = True
        return self._api_request("GET", "/api/v2/search", params)
