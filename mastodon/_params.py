"""Parameter encoding: the values an endpoint method was given, as the server reads them.

Untouched server defaults (left out of the request), IDs and the result dicts standing for
them, pagination cursors, and the encodings a request carries its parameters in: query or
form pairs, a JSON body, and the form data ``requests`` takes.
"""

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any, cast
from urllib.parse import quote

from . import _policy
from .errors import MastodonIllegalArgumentError

#: Parameters as endpoint methods pass them: names to Python values (``None``: not set).
Params = Mapping[str, Any]
#: Query or form parameters once encoded: ``(key, value)`` pairs, in order.
Pairs = list[tuple[str, str]]


def protocolize(base_url: str) -> str:
    """A base URL with a scheme (``https://`` unless given) and no trailing slash; not a
    URL at all is refused."""
    return _policy.base_url(base_url)


# --- defaults the caller did not touch ---------------------------------------------------

class _ServerDefault(int):
    """A boolean default that the caller did not touch.

    It equals (and reads as) ``True``, so signatures show the documented default, but
    the transport leaves it out of the request: a parameter the caller did not set is
    not sent, while the same value set explicitly is. Most defaults are plain values,
    sent as Mastodon.py sends them; this marks the few a method must tell apart from an
    explicit value (``search(resolve=...)``, which an anonymous client sends only when
    asked). A method whose default must be sent turns it into a plain value itself.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return "True"


class _ServerDefaultStr(str):
    """The same for a string default (the constructor's ``api_base_url``)."""

    __slots__ = ()


# Typed as the bool it stands for, so that ``resolve: bool = DEFAULT_TRUE`` type-checks.
DEFAULT_TRUE = cast(bool, _ServerDefault(1))


def default_str(value: str) -> str:
    """A string default the transport leaves out unless the caller passed it."""
    return _ServerDefaultStr(value)


def is_default(value: object) -> bool:
    """Whether a parameter is still at an untouched default (see :data:`DEFAULT_TRUE`)."""
    return value.__class__ is _ServerDefault or value.__class__ is _ServerDefaultStr


# --- IDs and cursors -----------------------------------------------------------------------

def unpack_id(value: Any) -> Any:
    """The ID of a result dict (``toot`` for ``toot["id"]``), or the value itself."""
    if isinstance(value, dict) and "id" in value:
        return value["id"]
    return value


def path_id(value: object, name: str = "id") -> str:
    """An ID (or a result dict standing for one) made safe for a URL path.

    A missing ID is refused, so that ``account(None)`` fails clearly instead of asking
    for ``/accounts/None``.
    """
    value = unpack_id(value)
    if value is None or isinstance(value, (dict, list, tuple, set, bool)) or not str(value).strip():
        raise MastodonIllegalArgumentError(f"{name} must be an ID or a dict with an 'id', not {value!r}")
    return quote(str(value), safe="")


def status_cursor(value: Any) -> Any:
    """A pagination cursor over status IDs: a result dict stands for its ID, and a
    ``datetime`` (or ``date``, taken as midnight UTC) becomes the smallest status ID
    Mastodon could have given a post at that moment.

    Mastodon's status IDs are snowflakes: the creation time in milliseconds since the
    epoch, shifted left by 16 bits, with a sequence number in the low bits. So
    ``max_id=<a datetime>`` asks for posts made before that moment and
    ``min_id``/``since_id`` for posts made after it.
    """
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, datetime):
        millis = int(value.timestamp() * 1000)
        if millis < 0:
            raise MastodonIllegalArgumentError(
                f"cannot turn {value!r} into a status ID: it is before 1970")
        return str(millis << 16)
    return unpack_id(value)


def plain_cursor(name: str, value: Any) -> Any:
    """A pagination cursor over IDs that are not time-based (notifications,
    favourites, accounts): a result dict stands for its ID; a date is refused, since
    turning it into such an ID would silently select the wrong page."""
    if isinstance(value, date):
        raise MastodonIllegalArgumentError(
            f"{name} must be an ID here, not a date: these IDs do not encode a time")
    return unpack_id(value)


def _is_id_key(key: str) -> bool:
    return key == "id" or key.endswith("_id") or key.endswith("_ids")


# --- encodings -----------------------------------------------------------------------------

def _text(value: bytes | bytearray | memoryview) -> str:
    """Bytes as the text they encode (UTF-8); anything else refused, rather than sent
    as its ``repr``."""
    try:
        return bytes(value).decode("utf-8")
    except UnicodeDecodeError:
        raise MastodonIllegalArgumentError(
            f"a bytes parameter must be UTF-8 text; {bytes(value)[:40]!r}... is not "
            "(upload binary data as media instead)") from None


def _format_scalar(value: object) -> str:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return _text(value)
    if value is True:  # Rails reads "1"/"0" as booleans; Mastodon.py sends them so
        return "1"
    if value is False:
        return "0"
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def format_datetime(value: datetime) -> str:
    """ISO 8601 in UTC to the second (``2025-01-31T12:00:00+00:00``), as Mastodon.py
    sends times; a naive datetime is taken as local time, as Python does."""
    return value.astimezone(UTC).replace(microsecond=0).isoformat()


def encode_form(params: Params | None) -> Pairs:
    """Encode parameters for a query string or a form body as ``(key, value)`` pairs.

    ``None`` and untouched server defaults (:data:`DEFAULT_TRUE`) are dropped; lists
    become ``key[]`` entries; dicts become ``key[sub]`` entries (Rails' nested
    parameters); booleans are ``1``/``0``; dates are ISO 8601; a dict with an ``id``
    under an ID parameter stands for its ID.
    """
    pairs: Pairs = []

    def emit(key: str, value: Any, id_key: bool) -> None:
        if value is None or is_default(value):
            return
        if id_key:
            value = unpack_id(value)
        if isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                emit(key + "[]", item, id_key)
        elif isinstance(value, dict):
            for sub_key, sub_value in value.items():
                emit(f"{key}[{sub_key}]", sub_value, _is_id_key(str(sub_key)))
        else:
            pairs.append((key, _format_scalar(value)))

    for key, value in (params or {}).items():
        emit(key, value, _is_id_key(key))
    return pairs


def encode_json(params: Params | None) -> dict[str, Any]:
    """Encode parameters for a JSON body, keeping JSON types (``true``, numbers, nested
    objects). ``None`` is dropped at the top level only, where it means "not set"."""
    def convert(key: str, value: Any) -> Any:
        if _is_id_key(key):
            value = unpack_id(value)
        if isinstance(value, dict):
            return {str(k): convert(str(k), v) for k, v in value.items()}
        if isinstance(value, (list, tuple, set, frozenset)):
            return [convert(key, v) for v in value]
        if isinstance(value, datetime):
            return format_datetime(value)
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, (bytes, bytearray, memoryview)):
            return _text(value)
        return value

    return {k: convert(k, v) for k, v in (params or {}).items()
            if v is not None and not is_default(v)}


def form_data(pairs: Pairs) -> dict[str, str] | Pairs:
    """A form body as ``requests`` takes it: a dict where every key is once (as
    Mastodon.py passes it, so a replaced ``requests.post`` or session sees
    ``data["key"]``), the pairs themselves where a key repeats (``media_ids[]``,
    ``fields_attributes[][name]``), whose order matters."""
    keys = {key for key, _ in pairs}
    return dict(pairs) if len(keys) == len(pairs) else pairs
