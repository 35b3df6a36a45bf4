"""Favourites."""

from ._base import ClientBase
from ._params import plain_cursor
from ._versions import api_version
from .return_types import PaginatableList, Status
from .types_base import IdType


class FavouritesMixin(ClientBase):
    """Favourites."""

    @api_version("1.0.0", "3.3.0")
    def favourites(self, max_id: IdType | None = None, min_id: IdType | None = None,
                   since_id: IdType | None = None,
                   limit: int | None = None) -> PaginatableList[Status]:
        """A page of the statuses the logged-in user has favourited, the most recently
        favourited first.

        :param max_id: return only favourites older than this cursor.
        :param min_id: return the favourites just newer than this cursor (paging
            forward).
        :param since_id: return only favourites newer than this cursor, newest first.
        :param limit: how many to return (default 20, at most 40).

        Mastodon pages favourites by the IDs of the favourite records, which no result
        shows, not by status IDs: page with :meth:`fetch_next` and
        :meth:`fetch_previous`, which use the server's own cursors. Dates are refused as
        cursors.

        Returns a list of toot dicts.
        """
        params = {
            "max_id": plain_cursor("max_id", max_id),
            "min_id": plain_cursor("min_id", min_id),
            "since_id": plain_cursor("since_id", since_id),
            "limit": limit,
        }
        return self._api_request("GET", "/api/v1/favourites", params)
