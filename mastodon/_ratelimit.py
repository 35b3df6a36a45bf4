"""The rate limiter: what the server said about its limits (``X-RateLimit-*``,
``Retry-After``), and when the next request may go."""

import email.utils
import functools
import threading
import time
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ._results import parse_date

#: HTTP headers as the transport reads them (an answer's: ``requests``' case-insensitive dict).
Headers = Mapping[str, str]


class RateLimiter:
    """Rate-limit state shared by every thread using one client.

    The state is what the server last said (``X-RateLimit-*``) minus the requests sent
    since. In ``wait`` and ``pace`` modes a thread reserves its request before sending
    it, so many threads together never send more than the server allows: when the
    budget is spent they all sleep until the reset, and after it at most ``limit``
    requests go out before the server's answers are known again. ``pace`` also hands
    out send times spaced so the budget lasts until the reset.
    """

    MAX_WAIT = 300.0  # never sleep longer than one Mastodon rate-limit window at a time
    ANSWER_POLL = 0.05  # how often to look again while answers that decide are on their way
    RESET_MARGIN = 1.0  # servers round the reset time; waking a bit late avoids a 429

    def __init__(self, method: str, pacefactor: float) -> None:
        self.method = method
        self.pacefactor = pacefactor
        self.lock = threading.Lock()
        self.limit = 300
        self.remaining: int | None = None  # None: not known, nothing to respect
        self.server_remaining: int | None = None  # the lowest count the server reported this window
        self.reset = time.time()
        self.lastcall = time.time()
        self.in_flight = 0
        self.next_slot = 0.0
        self.backoff = 0
        self.assumed_window: float | None = None  # the reset after which a window was assumed

    def next_turn(self) -> tuple[float, bool]:
        """``(wait, reserved)``: how long to wait before asking again or sending, and
        whether this request's turn is reserved (sent after the wait). Waiting is the
        caller's (the sync and the asyncio transport sleep differently)."""
        if self.method == "throw":
            return 0.0, True
        with self.lock:
            now = time.time()
            if self.remaining is not None and self.remaining <= 0:
                if self.reset + self.RESET_MARGIN > now:
                    return min(self.reset + self.RESET_MARGIN - now, self.MAX_WAIT), False
                if self.assumed_window == self.reset and self.in_flight > 0:
                    # The window assumed after this reset is used up: the answers on
                    # their way say where the server's new window stands.
                    return self.ANSWER_POLL, False
                # A new window: assume the full limit until the server says more.
                self.remaining = self.server_remaining = self.limit
                self.assumed_window = self.reset
            slot = now
            if self.method == "pace" and self.remaining:
                slot = max(now, self.next_slot)
                budget = max(self.reset - slot, 0.0) / self.remaining
                self.next_slot = slot + min(budget / self.pacefactor, self.MAX_WAIT)
            if self.remaining is not None:
                self.remaining -= 1
            self.in_flight += 1
            return slot - now, True

    def after_response(self, headers: Headers, status_code: int) -> None:
        """Take in what the server said about the limit."""
        with self.lock:
            if self.method != "throw":
                self.in_flight = max(self.in_flight - 1, 0)
            now = time.time()
            self.lastcall = now
            limit = _int_header(headers, "X-RateLimit-Limit")
            remaining = _int_header(headers, "X-RateLimit-Remaining")
            reset = _reset_header(headers)
            if limit is not None:
                self.limit = limit
            if status_code == 429:
                remaining = 0
                wait = retry_after(headers)
                if wait is not None:
                    reset = max(reset or 0, now + wait)
                if reset is None or reset <= now:
                    # The server gave no usable reset: back off, doubling up to a minute.
                    self.backoff = min(max(self.backoff * 2, 1), 60)
                    reset = now + self.backoff
                else:
                    self.backoff = 0
            if remaining is None:
                return
            if reset is not None and reset > self.reset + 0.5:
                self.server_remaining = remaining  # a new window
            elif self.server_remaining is None:
                self.server_remaining = remaining
            else:
                # Answers can arrive out of order: the lowest count of the window is the
                # newest one.
                self.server_remaining = min(self.server_remaining, remaining)
            if reset is not None:
                self.reset = reset
            # Requests still in flight were reserved against our count but may not be in
            # the server's yet: count them as spent.
            self.remaining = self.server_remaining - (self.in_flight if self.method != "throw" else 0)

    def cancel(self) -> None:
        """A reserved request was never answered (network error)."""
        if self.method != "throw":
            with self.lock:
                self.in_flight = max(self.in_flight - 1, 0)

    def __getstate__(self) -> dict[str, Any]:  # a copy: the same budget, a lock of its own, nothing in flight
        with self.lock:
            state = dict(self.__dict__)
        del state["lock"]
        state["in_flight"] = 0
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.__dict__.setdefault("assumed_window", None)  # pickled before it existed
        self.lock = threading.Lock()


def _int_header(headers: Headers, name: str) -> int | None:
    value = headers.get(name)
    try:
        return int(float(value)) if value is not None else None
    except ValueError:
        return None


def retry_after(headers: Headers) -> float | None:
    """The seconds a ``Retry-After`` header asks to wait (a number or an HTTP date), or
    ``None`` without a usable one."""
    value = headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        try:
            return max(email.utils.parsedate_to_datetime(value).timestamp() - time.time(), 0.0)
        except (TypeError, ValueError):
            return None


def _reset_header(headers: Headers) -> float | None:
    """``X-RateLimit-Reset`` as a local epoch time (ISO 8601 on Mastodon, epoch seconds on
    some servers), corrected by the server's clock offset when it is more than a blip."""
    value = headers.get("X-RateLimit-Reset")
    if not value:
        return None
    reset = _epoch_of_reset(value)
    if reset is None:
        return None
    server_date = headers.get("Date")
    if server_date:
        server_now = _epoch_of_http_date(server_date)
        offset = 0.0 if server_now is None else time.time() - server_now
        if abs(offset) > 2.0:  # the Date header has one-second resolution
            reset += offset
    return reset


# Every answer carries both headers, and they repeat: the reset for a whole window, the
# date for a second. Parsing each text once saves a few microseconds on every request.
@functools.lru_cache(maxsize=16)
def _epoch_of_reset(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        parsed = parse_date(value)
        return parsed.timestamp() if isinstance(parsed, datetime) else None


@functools.lru_cache(maxsize=16)
def _epoch_of_http_date(value: str) -> float | None:
    try:
        return email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        return None
