"""Catch-up: filling the gap a reconnect leaves in a stream from the REST API.

Each :class:`CatchUpSource` is one REST endpoint that holds one kind of streamed item
(the home timeline for ``update``, the notifications for ``notification``, ...). It
remembers the newest item delivered and the recently delivered ones; after a reconnect it
pages forward from there (``min_id``, oldest first), so that nothing is missed and
nothing is delivered twice.
"""

import collections
import logging
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from .._results import MastodonId
from ..errors import MastodonAPIError, MastodonNetworkError, MastodonVersionError

if TYPE_CHECKING:
    from ..streaming_endpoints import StreamingEndpointsMixin

__all__ = ["CatchUpSource"]

log = logging.getLogger("mastodon")

#: Where an item was delivered: its ID (conversations: with their newest status's).
_Key = str | tuple[str, str]
#: What makes :meth:`CatchUpSource.baseline` turn catch-up off instead of failing.
BASELINE_FAILURES = (MastodonAPIError, MastodonNetworkError, MastodonVersionError)


class CatchUpSource:
    """A REST endpoint that can fill a gap in one kind of streamed event.

    It remembers the newest item delivered (its *cursor*) and a bounded set of recently
    delivered items, so nothing is delivered twice.
    """

    PAGE: ClassVar[int] = 40
    RECENT: ClassVar[int] = 4096
    MAX_PAGES: ClassVar[int] = 25  # for conversations, which cannot be paged forward

    def __init__(self, event: str, path: str, params: Mapping[str, Any] | None = None,
                 by_last_status: bool = False) -> None:
        self.event = event
        self.path = path
        self.params = dict(params or {})
        self.by_last_status = by_last_status  # conversations: ordered by their newest status
        self.cursor: MastodonId | None = None
        self.enabled = False
        self._recent: collections.OrderedDict[_Key, bool] = collections.OrderedDict()

    def position(self, item: Any) -> MastodonId | None:
        """Where an item sits in the source's order (an ID), or None."""
        if not isinstance(item, dict):
            return None
        if self.by_last_status:
            last = item.get("last_status")
            return _as_id(last.get("id")) if isinstance(last, dict) else None
        return _as_id(item.get("id"))

    def _key(self, item: dict[str, Any]) -> _Key:
        if self.by_last_status:
            return (str(item.get("id")), str(self.position(item)))
        return str(item.get("id"))

    def seen(self, item: Any) -> bool:
        """Whether this item was delivered recently."""
        return isinstance(item, dict) and self._key(item) in self._recent

    def remember(self, item: Any) -> None:
        """Note a delivered item (and move the cursor past it)."""
        if not isinstance(item, dict):
            return
        self._recent[self._key(item)] = True
        if len(self._recent) > self.RECENT:
            self._recent.popitem(last=False)
        position = self.position(item)
        if self.enabled and position is not None and (
                self.cursor is None or _newer(position, self.cursor)):
            self.cursor = position

    def baseline(self, client: "StreamingEndpointsMixin") -> None:
        """Note the newest existing item, so a gap before the first event can be filled."""
        try:
            page = client._api_request("GET", self.path, self.baseline_params())
        except BASELINE_FAILURES as exc:
            self.baseline_failed(exc)
            return
        self.baseline_from(page)

    # The bookkeeping of baseline() and missed(), apart from their requests, so that the
    # asyncio client (streaming/aio.py) awaits the same requests around the same steps.

    def baseline_params(self) -> dict[str, Any]:
        """The query of the request for the newest existing item."""
        return {**self.params, "limit": 1}

    def baseline_failed(self, exc: Exception) -> None:
        """Turn catch-up off: the newest existing item could not be read."""
        log.warning("streaming catch-up from %s is off: %s", self.path, exc)
        self.enabled = False

    def baseline_from(self, page: Any) -> None:
        """Note the newest item of ``page`` (the answer to :meth:`baseline_params`)."""
        positions = [p for p in (self.position(item) for item in page or []) if p is not None]
        if self.cursor is not None:
            positions.append(self.cursor)
        self.cursor = max(positions) if positions else MastodonId("0")
        self.enabled = True

    def page_params(self, cursor: MastodonId | None = None) -> dict[str, Any]:
        """The query of the request for the page after ``cursor`` (conversations, which
        cannot be paged forward: for the first page)."""
        if cursor is None:
            return {**self.params, "limit": self.PAGE}
        return {**self.params, "min_id": cursor, "limit": self.PAGE}

    def fresh(self, page: Any, cursor: MastodonId) -> list[Any]:
        """The items of ``page`` after ``cursor``, oldest first."""
        return sorted((item for item in page or []
                       if (position := self.position(item)) is not None
                       and _newer(position, cursor)), key=self._order)

    def collect_conversations(self, page: Any, cursor: MastodonId, found: list[Any]) -> bool:
        """Add the conversations of ``page`` updated after ``cursor`` to ``found``;
        whether the search is over (an older one was reached, or there is no next page)."""
        reached = False
        for item in page or []:
            position = self.position(item)
            if position is None:
                continue
            if _newer(position, cursor):
                found.append(item)
            else:
                reached = True
        return reached or not page or getattr(page, "_pagination_next", None) is None

    def missed(self, client: "StreamingEndpointsMixin") -> Iterator[Any]:
        """The items after the cursor, oldest first (an iterator: it pages lazily)."""
        if not self.enabled or self.cursor is None:
            return
        if self.by_last_status:
            yield from self._missed_conversations(client, self.cursor)
            return
        cursor = self.cursor
        while True:
            page = client._api_request("GET", self.path, self.page_params(cursor))
            fresh = self.fresh(page, cursor)
            if not fresh:
                return
            yield from fresh
            cursor = self._order(fresh[-1])

    def _order(self, item: Any) -> MastodonId:
        """The position of an item known to have one (a sort key)."""
        position = self.position(item)
        return position if position is not None else MastodonId("0")

    def _missed_conversations(self, client: "StreamingEndpointsMixin",
                              cursor: MastodonId) -> Iterator[Any]:
        found: list[Any] = []
        page = client._api_request("GET", self.path, self.page_params())
        for _ in range(self.MAX_PAGES):
            if self.collect_conversations(page, cursor, found):
                break
            page = client.fetch_next(page)
        found.sort(key=self._order)
        yield from found


def _as_id(value: Any) -> MastodonId | None:
    if value is None or isinstance(value, MastodonId):
        return value
    return MastodonId(str(value))


def _newer(a: MastodonId, b: MastodonId) -> bool:
    try:
        return a > b
    except TypeError:
        return str(a) > str(b)
