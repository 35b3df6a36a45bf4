"""Async refreshes: answers that a background job on the server may still add to.

Since Mastodon 4.4 a server may answer at once with what it has and start a job to
fetch or rebuild more (a thread's remote replies, a timeline being regenerated). It says
so with a ``Mastodon-Async-Refresh`` header; the transport keeps what the header says,
and the request, on the result (``result._async_refresh``, see
``_async_refresh_header.py``), and this mixin reads them.

The requests here go through ``_Mastodon__api_request``, Mastodon.py's private request
function, which this library keeps (``_client.py``): code written against Mastodon.py's
async-refresh internals (``from mastodon.async_refresh import Mastodon``) keeps working.
"""

import time
from typing import Any, TypeGuard

from ._async_refresh_header import parse_async_refresh_header
from ._base import ClientBase
from ._entity_json import cast
from ._params import path_id
from ._results import AttribAccessDict, AttribAccessList
from ._versions import api_version
from .errors import MastodonIllegalArgumentError
from .return_types import AsyncRefresh
from .types_base import IdType, PrimitiveIdType

__all__ = ["AsyncRefreshMixin", "Mastodon", "parse_async_refresh_header"]

# Seconds between polls when a server's header names no interval (Mastodon always does).
FALLBACK_RETRY = 3

# What names a refresh: its ID, an async refresh dict, get_async_refresh_info()'s tuple, or
# a result (a dict or a list) whose answer announced the refresh.
RefreshRef = IdType | tuple[AsyncRefresh, float] | AttribAccessList[Any]


def _record(result: object) -> dict[str, Any] | None:
    """What the transport kept about a result's async refresh, or ``None``."""
    record = getattr(result, "_async_refresh", None) if result is not None else None
    return record if isinstance(record, dict) and record.get("id") else None


def _running(record: dict[str, Any] | None) -> TypeGuard[dict[str, Any]]:
    """Whether a kept record still stands for a job at work (a record may say it is done)."""
    return record is not None and record.get("status", "running") == "running"


def _retry(record: dict[str, Any]) -> float:
    retry = record.get("retry")
    if isinstance(retry, bool) or not isinstance(retry, (int, float)) or retry < 0:
        return FALLBACK_RETRY
    return retry


class AsyncRefreshMixin(ClientBase):
    """Async refreshes: reading the announcement, polling, and fetching again."""

    def get_async_refresh_info(self, result: object) -> tuple[AsyncRefresh, float] | None:
        """Whether the server is still working on ``result`` in the background, as
        its answer announced with a ``Mastodon-Async-Refresh`` header. Sends no
        request.

        :param result: a result of any method of this client.

        Returns ``None`` when the answer announced no refresh; otherwise a tuple of an
        :class:`AsyncRefresh` (``id``, ``status``, which is ``"running"``, and
        ``result_count``, the number of results the job had found so far, or
        ``None``) and the number of seconds the server asks to wait before asking
        again (3 if it named none).
        """
        record = _record(result)
        if not _running(record):
            return None
        refresh = AsyncRefresh(id=record["id"], status="running",
                               result_count=record.get("result_count"))
        return refresh, _retry(record)

    def _Mastodon__get_async_refresh_id(self, result_or_id: object) -> PrimitiveIdType:
        """The refresh ID that a value passed to :meth:`get_async_refresh_status` names."""
        value = result_or_id
        if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], dict):
            value = value[0]  # the whole tuple from get_async_refresh_info
        record = _record(value)
        if record is not None and "_method" in record:
            return record["id"]  # a result whose answer announced a refresh
        if isinstance(value, dict):
            if value.get("id") and isinstance(value.get("status"), str):
                return value["id"]
            raise MastodonIllegalArgumentError(
                "this result carries no async refresh: pass a refresh ID, an async refresh "
                "dict, or a result whose answer announced a refresh")
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return value
        raise MastodonIllegalArgumentError(
            f"result_or_id must be an async refresh ID, an async refresh dict or a result "
            f"that announced a refresh, not {value!r}")

    @api_version("4.4.0")
    def get_async_refresh_status(self, result_or_id: RefreshRef) -> AsyncRefresh:
        """The current state of an async refresh.

        :param result_or_id: the refresh's ID, an async refresh dict (from this
            method or from :meth:`get_async_refresh_info`, whose whole tuple may be
            passed too), or a result whose answer announced a refresh.

        Returns an :class:`AsyncRefresh`: ``id``, ``status`` (``"running"``, or
        ``"finished"`` when the job is done and will find nothing more) and
        ``result_count`` (how many results it found, or ``None`` where the job does
        not count).
        """
        refresh_id = path_id(self._Mastodon__get_async_refresh_id(result_or_id), "result_or_id")
        answer = self._Mastodon__api_request(
            "GET", f"/api/v1_alpha/async_refreshes/{refresh_id}", override_type=dict)
        if isinstance(answer, dict) and isinstance(answer.get("async_refresh"), dict):
            answer = answer["async_refresh"]
        return cast(AsyncRefresh, answer) if type(answer) in (dict, AttribAccessDict) else answer

    @api_version("4.4.0")
    def await_async_refresh(self, result: AttribAccessDict | AttribAccessList[Any],
                            timeout: float = 0.0, max_attempts: int = -1) -> Any:
        """Wait until the server's background work on ``result`` is done, then fetch
        the same thing again and return the new result.

        The refresh is polled (:meth:`get_async_refresh_status`) at the interval the
        server asks for, the first time after one interval.

        :param result: a result of any method of this client. If its answer announced
            no refresh, or the refresh is known to be finished, it is returned as it is,
            at once.
        :param timeout: give up after this many seconds (0: wait as long as it
            takes). The wait ends early when the next poll would come too late.
        :param max_attempts: give up after this many polls (0 or less: no limit).

        Returns the fetched-again result (which may itself announce a new refresh),
        or ``None`` when the timeout or the number of polls ran out first.
        """
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout < 0:
            raise MastodonIllegalArgumentError(
                f"timeout must be a number of seconds, 0 or more, not {timeout!r}")
        if isinstance(max_attempts, bool) or not isinstance(max_attempts, int):
            raise MastodonIllegalArgumentError(
                f"max_attempts must be a whole number, not {max_attempts!r}")
        if not isinstance(result, (dict, list)):
            raise MastodonIllegalArgumentError(
                f"result must be a result of this client (to wait on a refresh by its ID, "
                f"poll get_async_refresh_status()), not {result!r}")
        record = _record(result)
        if not _running(record):
            return result
        if not record.get("_method") or not record.get("_endpoint"):
            raise MastodonIllegalArgumentError(
                "the result's async refresh does not say which request to repeat")
        if record["_method"] != "GET":
            raise MastodonIllegalArgumentError(
                f"the result came from {record['_method']} {record['_endpoint']}: only what "
                "a GET request read can be fetched again")
        retry = _retry(record)
        deadline = time.monotonic() + timeout if timeout > 0 else None
        polls = 0
        while True:
            if deadline is not None and time.monotonic() + retry > deadline:
                return None
            if retry > 0:
                self._sleep(retry)
            state = self.get_async_refresh_status(record["id"])
            polls += 1
            # Anything but "running" means the job will add nothing more.
            if state.get("status") != "running":
                return self._Mastodon__api_request(
                    record["_method"], record["_endpoint"], record.get("_params") or {},
                    override_type=record.get("_mastopy_type"))
            if 0 < max_attempts <= polls:
                return None
            again = _record(state)
            if again is not None and again.get("retry") is not None:
                retry = _retry(again)


# Mastodon.py names each area's mixin ``Mastodon`` in its own module; code that imports
# it from here (``from mastodon.async_refresh import Mastodon``) gets this one.
Mastodon = AsyncRefreshMixin
