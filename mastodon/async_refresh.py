"""Async refreshes: answers that a background job on the server may still add to.

Since Mastodon 4.4 a server may answer at once with what it has and start a job to
fetch or rebuild more (a thread's remote replies, a timeline being regenerated). It says
so with a ``Mastodon-Async-Refresh: id="...", retry=<seconds>, result_count=<n>``
header; the transport keeps that header, and the request, on the result
(``result._async_refresh``), and this mixin reads them.
"""

import re
import time
from typing import Any, Optional  # return annotations

from ._client import path_id
from ._results import AttribAccessDict
from ._versions import api_version
from .errors import MastodonIllegalArgumentError
from .return_types import AsyncRefresh

# Seconds between polls when a server's header names no interval (Mastodon always does).
FALLBACK_RETRY = 3

# One member of the header, a structured-field dictionary (RFC 8941):
# key, optionally "=" and a quoted string or a bare item, optionally ";parameters".
_MEMBER = re.compile(
    r'\s*([A-Za-z0-9_.*-]+)\s*(?:=\s*("(?:[^"\\]|\\.)*"|[^,;]*))?\s*(?:;[^,]*)?(?:,|$)')
_ESCAPE = re.compile(r"\\(.)")


def parse_async_refresh_header(value):
    """``{"id", "retry", "result_count"}`` from a ``Mastodon-Async-Refresh`` header
    (``retry`` and ``result_count`` are ints, or ``None`` when absent), or ``None``
    when the header names no refresh ID."""
    members = {}
    position = 0
    while position < len(value):
        match = _MEMBER.match(value, position)
        if match is None or match.end() == position:
            break
        key, raw = match.group(1).lower(), match.group(2)
        if raw is None:
            members[key] = True
        elif raw.startswith('"'):
            members[key] = _ESCAPE.sub(r"\1", raw[1:-1])
        else:
            members[key] = raw.strip()
        position = match.end()
    refresh_id = members.get("id")
    if not isinstance(refresh_id, str) or not refresh_id:
        return None
    return AttribAccessDict(id=refresh_id, retry=_whole_number(members.get("retry")),
                            result_count=_whole_number(members.get("result_count")))


def _whole_number(value):
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _record(result):
    """What the transport kept about a result's async refresh, or ``None``."""
    record = getattr(result, "_async_refresh", None) if result is not None else None
    return record if isinstance(record, dict) and "header" in record else None


def _announced(result):
    """The parsed header of the response ``result`` came in, or ``None``."""
    record = _record(result)
    return parse_async_refresh_header(record["header"]) if record is not None else None


class AsyncRefreshMixin:
    """Async refreshes: reading the announcement, polling, and fetching again."""

    def get_async_refresh_info(self, result) -> Optional[tuple[AttribAccessDict, float]]:
        """Whether the server is still working on ``result`` in the background, as
        its answer announced with a ``Mastodon-Async-Refresh`` header. Sends no
        request.

        :param result: a result of any method of this client.

        Returns ``None`` when the answer announced no refresh; otherwise a tuple of an
        async refresh dict (``id``, ``status``, which is ``"running"``, and
        ``result_count``, the number of results the job had found so far, or
        ``None``) and the number of seconds the server asks to wait before asking
        again (3 if it named none).
        """
        info = _announced(result)
        if info is None:
            return None
        refresh = AttribAccessDict(id=info.id, status="running", result_count=info.result_count)
        return refresh, (info.retry if info.retry is not None else FALLBACK_RETRY)

    @api_version("4.4.0")
    def get_async_refresh_status(self, result_or_id) -> AsyncRefresh:
        """The current state of an async refresh.

        :param result_or_id: the refresh's ID, an async refresh dict (from this
            method or from :meth:`get_async_refresh_info`, whose whole tuple may be
            passed too), or a result whose answer announced a refresh.

        Returns an async refresh dict: ``id``, ``status`` (``"running"``, or
        ``"finished"`` when the job is done and will find nothing more) and
        ``result_count`` (how many results it found, or ``None`` where the job does
        not count).
        """
        refresh_id = path_id(_refresh_id(result_or_id), "result_or_id")
        answer = self._api_request("GET", f"/api/v1_alpha/async_refreshes/{refresh_id}")
        if isinstance(answer, dict) and isinstance(answer.get("async_refresh"), dict):
            return answer["async_refresh"]
        return answer

    @api_version("4.4.0")
    def await_async_refresh(self, result, timeout=0.0, max_attempts=-1) -> Any:
        """Wait until the server's background work on ``result`` is done, then fetch
        the same thing again and return the new result.

        The refresh is polled (:meth:`get_async_refresh_status`) at the interval the
        server asks for, the first time after one interval.

        :param result: a result of any method of this client. If its answer announced
            no refresh, it is returned as it is, at once.
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
        info = _announced(result)
        if info is None:
            return result
        record = _record(result)
        if record["method"] != "GET":
            raise MastodonIllegalArgumentError(
                f"the result came from {record['method']} {record['endpoint']}: only what a "
                "GET request read can be fetched again")
        retry = info.retry if info.retry is not None else FALLBACK_RETRY
        deadline = time.monotonic() + timeout if timeout > 0 else None
        polls = 0
        while True:
            if deadline is not None and time.monotonic() + retry > deadline:
                return None
            if retry > 0:
                time.sleep(retry)
            state = self.get_async_refresh_status(info.id)
            polls += 1
            # Anything but "running" means the job will add nothing more.
            if state.get("status") != "running":
                return self._api_request(record["method"], record["endpoint"], record["params"])
            if 0 < max_attempts <= polls:
                return None
            again = _announced(state)
            if again is not None and again.retry is not None:
                retry = again.retry


def _refresh_id(value):
    """The refresh ID that a value passed to ``get_async_refresh_status`` names."""
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], dict):
        value = value[0]  # the whole tuple from get_async_refresh_info
    info = _announced(value)
    if info is not None:
        return info.id
    if isinstance(value, dict):
        if "id" in value and isinstance(value.get("status"), str):
            return value["id"]
        raise MastodonIllegalArgumentError(
            "this result carries no async refresh: pass a refresh ID, an async refresh dict, "
            "or a result whose answer announced a refresh")
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return value
    raise MastodonIllegalArgumentError(
        f"result_or_id must be an async refresh ID, an async refresh dict or a result "
        f"that announced a refresh, not {value!r}")
