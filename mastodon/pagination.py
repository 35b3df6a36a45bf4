"""Following the pages of paginated results."""

from ._results import AttribAccessList


def _page_info(page, attribute, item_index):
    """The pagination info of a result list (or of an info dict passed directly)."""
    if page is None:
        return None
    if isinstance(page, dict) and "_pagination_method" in page:
        return page
    info = getattr(page, attribute, None)
    if info is None and isinstance(page, list) and page:
        info = getattr(page[item_index], attribute, None)
    return info


class PaginationMixin:
    """``fetch_next``, ``fetch_previous`` and ``fetch_remaining``."""

    def _fetch_page(self, info):
        params = {k: v for k, v in info.items() if not k.startswith("_pagination")}
        return self._api_request(info["_pagination_method"], info["_pagination_endpoint"], params)

    def fetch_next(self, previous_page):
        """The page after ``previous_page``: a paginated result list, or the
        ``_pagination_next`` info taken from one.

        Returns ``None`` when there is no next page.
        """
        info = _page_info(previous_page, "_pagination_next", -1)
        return None if info is None else self._fetch_page(info)

    def fetch_previous(self, next_page):
        """The page before ``next_page`` (newer items, on timelines): a paginated
        result list, or the ``_pagination_prev`` info taken from one.

        Returns ``None`` when there is no previous page.
        """
        info = _page_info(next_page, "_pagination_prev", 0)
        return None if info is None else self._fetch_page(info)

    def fetch_remaining(self, first_page):
        """All items from ``first_page`` on, following ``fetch_next`` until the last page.

        Returns one list. On a long timeline this makes many requests; mind the rate
        limit.
        """
        everything = AttribAccessList(first_page)
        page = first_page
        seen = set()
        while page:
            info = _page_info(page, "_pagination_next", -1)
            # A server that links a page to itself must not loop us forever.
            key = repr(sorted(info.items())) if info is not None else None
            if key is None or key in seen:
                break
            seen.add(key)
            page = self._fetch_page(info)
            if page:
                everything.extend(page)
        return everything
