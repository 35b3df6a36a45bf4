"""Following the pages of paginated results."""

from collections.abc import Iterator, Mapping
from typing import Any

from ._base import ClientBase
from ._results import AttribAccessDict, AttribAccessList
from .errors import MastodonIllegalArgumentError

_DIRECTIONS = {"next": ("_pagination_next", -1), "previous": ("_pagination_prev", 0)}

# What the pagination methods take: a result (a paginated list, or a dict result such as
# grouped notifications), or the pagination info taken from one.
Page = AttribAccessList[Any] | AttribAccessDict


def _page_info(page: Page | None, attribute: str, item_index: int) -> AttribAccessDict | None:
    """The pagination info of a result list (or of an info dict passed directly)."""
    if page is None:
        return None
    if isinstance(page, dict) and "_pagination_method" in page:
        return page
    info = getattr(page, attribute, None)
    if info is None and isinstance(page, list) and page:
        info = getattr(page[item_index], attribute, None)
    return info


class PaginationMixin(ClientBase):
    """``fetch_next``, ``fetch_previous`` and ``fetch_remaining``."""

    def _fetch_page(self, info: Mapping[str, Any]) -> Any:
        params = {k: v for k, v in info.items() if not k.startswith("_pagination")}
        return self._api_request(info["_pagination_method"], info["_pagination_endpoint"], params)

    def fetch_next(self, previous_page: Page | None) -> Any:
        """The page after ``previous_page``: a paginated result list, or the
        ``_pagination_next`` info taken from one.

        Returns ``None`` when there is no next page.
        """
        info = _page_info(previous_page, "_pagination_next", -1)
        return None if info is None else self._fetch_page(info)

    def fetch_previous(self, next_page: Page | None) -> Any:
        """The page before ``next_page`` (newer items, on timelines): a paginated
        result list, or the ``_pagination_prev`` info taken from one.

        Returns ``None`` when there is no previous page.
        """
        info = _page_info(next_page, "_pagination_prev", 0)
        return None if info is None else self._fetch_page(info)

    def fetch_remaining(self, first_page: Page) -> Any:
        """All items from ``first_page`` on, following ``fetch_next`` until the last page.

        Returns one list (for paginated dict results, such as grouped notifications,
        one dict whose lists hold every page's entries). On a long timeline this makes
        many requests; mind the rate limit.
        """
        if isinstance(first_page, dict):
            merged = AttribAccessDict({k: (list(v) if isinstance(v, list) else v)
                                       for k, v in first_page.items()})
            for page in self.pagination_page_iterator(first_page):
                if page is first_page:
                    continue
                for key, value in page.items():
                    if isinstance(value, list) and isinstance(merged.get(key), list):
                        merged[key].extend(value)
            return merged
        everything = AttribAccessList(first_page)
        for page in self.pagination_page_iterator(first_page):
            if page is not first_page:
                everything.extend(page)
        return everything

    def get_pagination_info(self, page: Page | None,
                            pagination_direction: str) -> AttribAccessDict | None:
        """The pagination info of a result for ``"next"`` (older items) or
        ``"previous"`` (newer items): the parameters :meth:`fetch_next` or
        :meth:`fetch_previous` would send, or ``None`` when there is no such page."""
        if pagination_direction not in _DIRECTIONS:
            raise MastodonIllegalArgumentError(
                f"pagination_direction must be 'next' or 'previous', not {pagination_direction!r}")
        attribute, index = _DIRECTIONS[pagination_direction]
        return _page_info(page, attribute, index)

    def pagination_page_iterator(self, start_page: Page | None, direction: str = "next",
                                 return_pagination_info: bool = False) -> Iterator[Any]:
        """Go through pages, starting with ``start_page`` itself, in ``direction``
        (``"next"``: older, ``"previous"``: newer), one request per page, until there
        are no more. With ``return_pagination_info``, yields ``(page, info)`` pairs,
        where ``info`` is the page's own pagination info in that direction.

        ``start_page`` may also be pagination info (``page._pagination_next``, say):
        then the first page is the one it points to.

        A server that links a page to itself ends the iteration instead of looping.
        """
        if direction not in _DIRECTIONS:
            raise MastodonIllegalArgumentError(f"direction must be 'next' or 'previous', not {direction!r}")
        attribute, index = _DIRECTIONS[direction]
        page: Any = start_page
        if isinstance(page, dict) and "_pagination_method" in page:
            page = self._fetch_page(page)
        seen: set[str] = set()
        while page:
            info = _page_info(page, attribute, index)
            yield (page, info) if return_pagination_info else page
            if info is None:
                return
            key = repr(sorted(info.items()))
            if key in seen:
                return
            seen.add(key)
            page = self._fetch_page(info)

    def pagination_iterator(self, start_page: Page | None, direction: str = "next",
                            return_pagination_info: bool = False) -> Iterator[Any]:
        """Go through the items of ``start_page`` and the pages after it (see
        :meth:`pagination_page_iterator`), one item at a time. With
        ``return_pagination_info``, yields ``(item, info)`` pairs, ``info`` being the
        pagination info of the page the item came from."""
        for page, info in self.pagination_page_iterator(start_page, direction, True):
            items = page if isinstance(page, list) else [page]
            for item in items:
                yield (item, info) if return_pagination_info else item
