"""The ``Mastodon-Async-Refresh`` header, and the record a result keeps of it.

A server that is still working on an answer in the background (Mastodon 4.4) says so with
``Mastodon-Async-Refresh: id="...", retry=<seconds>, result_count=<n>``. The transport
keeps what it says, and the request that got the answer, on the result as
``result._async_refresh``, in the form Mastodon.py keeps it (code that reads or persists
the record works unchanged): ``id``, ``retry`` and ``result_count`` where the header names
them, and ``_method``, ``_endpoint``, ``_params`` and ``_mastopy_type`` (the class to
read the answer as when it is fetched again; ``None``: the endpoint's own).
"""

import re
from collections.abc import Mapping
from typing import Any

from ._results import AttribAccessDict

# One member of the header, a structured-field dictionary (RFC 8941):
# key, optionally "=" and a quoted string or a bare item, optionally ";parameters".
# (Text, compiled on first use by re, which keeps it: not at import.)
_MEMBER = (
    r'\s*([A-Za-z0-9_.*-]+)\s*(?:=\s*("(?:[^"\\]|\\.)*"|[^,;]*))?\s*(?:;[^,]*)?(?:,|$)')
_ESCAPE = r"\\(.)"


def parse_async_refresh_header(value: str) -> AttribAccessDict | None:
    """``{"id", "retry", "result_count"}`` from a ``Mastodon-Async-Refresh`` header
    (``retry`` and ``result_count`` are ints, or ``None`` when absent), or ``None``
    when the header names no refresh ID."""
    members: dict[str, str | bool] = {}
    position = 0
    while position < len(value):
        match = re.compile(_MEMBER).match(value, position)
        if match is None or match.end() == position:
            break
        key, raw = match.group(1).lower(), match.group(2)
        if raw is None:
            members[key] = True
        elif raw.startswith('"'):
            members[key] = re.sub(_ESCAPE, r"\1", raw[1:-1])
        else:
            members[key] = raw.strip()
        position = match.end()
    refresh_id = members.get("id")
    if not isinstance(refresh_id, str) or not refresh_id:
        return None
    return AttribAccessDict(id=refresh_id, retry=_whole_number(members.get("retry")),
                            result_count=_whole_number(members.get("result_count")))


def _whole_number(value: object) -> int | None:
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def refresh_record(header: str, method: str, endpoint: str,
                   params: Mapping[str, Any] | None) -> AttribAccessDict | None:
    """What a result keeps of the header its answer came with, or ``None`` when the
    header names no refresh."""
    info = parse_async_refresh_header(header)
    if info is None:
        return None
    record = AttribAccessDict(id=info.id)
    for key in ("retry", "result_count"):
        if info[key] is not None:
            record[key] = info[key]
    # The parameters as sent (a None is never sent), to send them again.
    sent = {key: value for key, value in (params or {}).items() if value is not None}
    record.update(_method=method, _endpoint=endpoint, _params=sent, _mastopy_type=None)
    return record
