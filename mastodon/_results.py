"""Results: JSON from the server turned into dicts with attribute access.

Parsing is done in one pass by ``json.loads`` with an object hook: each JSON object
becomes an :class:`AttribAccessDict` as it is read, with its date fields turned into
aware ``datetime`` objects and its ID fields into :class:`MastodonId`. The field names
come from the Mastodon API reference; looking them up is a set intersection, so
objects without such fields cost next to nothing.
"""

import json
import re
from datetime import datetime, timezone
from typing import TypeVar
from urllib.parse import parse_qsl, urlsplit

__all__ = ["AttribAccessDict", "AttribAccessList", "MastodonId", "parse_json",
           "parse_link_header", "pagination_info"]


class AttribAccessDict(dict):
    """A dict whose keys can also be read as attributes: ``status.account.acct``.

    Attribute access is read-only for keys: assigning ``d.key = value`` when ``key``
    is in the dict raises ``AttributeError`` (use ``d["key"] = value``). Other
    attributes, such as the pagination info, can be set freely.
    """

    def __getattr__(self, attr):
        try:
            return self[attr]
        except KeyError:
            raise AttributeError(f"Attribute not found: {attr}") from None

    def __setattr__(self, attr, val):
        if attr in self:
            raise AttributeError("Attribute-style access is read only")
        super().__setattr__(attr, val)

    def __dir__(self):
        return list(super().__dir__()) + [k for k in self if isinstance(k, str)]


_T = TypeVar("_T")


class AttribAccessList(list[_T]):
    """A list of results; paginated answers carry ``_pagination_next`` and
    ``_pagination_prev`` as attributes. Generic for annotations: ``AttribAccessList[Status]``."""

    def __getattr__(self, attr):
        # Only the pagination attributes are optional; anything else is a typo.
        if attr in ("_pagination_next", "_pagination_prev"):
            return None
        raise AttributeError(f"Attribute not found: {attr}")


class MastodonId(str):
    """An ID as the API sends it: a string, which also works as a number.

    ``MastodonId("109") == "109"`` and ``MastodonId("109") == 109`` are both true,
    ``int()`` converts it, and numeric IDs order numerically (``"9" < "10"``). Compared
    with anything else (``None``, a float), it answers as Python does for unrelated
    types: not equal, and no order. Its hash is the string's, so use string keys when
    you index dicts by ID.
    """

    __slots__ = ()

    def _numeric(self):
        return self.isascii() and self.isdigit()

    def __eq__(self, other):
        if isinstance(other, int) and not isinstance(other, bool):
            return self._numeric() and int(self) == other
        return str.__eq__(self, other)  # NotImplemented for what is not a string

    def __ne__(self, other):
        equal = self.__eq__(other)
        # NotImplemented lets Python ask the other side, then fall back to identity:
        # `not NotImplemented` would be False, making `reply_id != None` false.
        return equal if equal is NotImplemented else not equal

    __hash__ = str.__hash__

    def _key(self, other):
        if isinstance(other, int) and not isinstance(other, bool):
            if self._numeric():
                return int(self), other
            return NotImplemented
        if isinstance(other, str):
            if self._numeric() and other.isascii() and other.isdigit():
                return int(self), int(other)
            return str(self), str(other)
        return NotImplemented

    def __lt__(self, other):
        pair = self._key(other)
        return pair if pair is NotImplemented else pair[0] < pair[1]

    def __le__(self, other):
        pair = self._key(other)
        return pair if pair is NotImplemented else pair[0] <= pair[1]

    def __gt__(self, other):
        pair = self._key(other)
        return pair if pair is NotImplemented else pair[0] > pair[1]

    def __ge__(self, other):
        pair = self._key(other)
        return pair if pair is NotImplemented else pair[0] >= pair[1]

    def __repr__(self):
        return str.__repr__(self)

    def __reduce__(self):
        return (MastodonId, (str(self),))


# Field names whose values are IDs, and lists of IDs (from the API reference's entities).
_ID_FIELDS = frozenset({
    "id", "account_id", "application_id", "created_by_application_id", "in_reply_to_account_id",
    "in_reply_to_id", "invited_by_account_id", "last_read_id", "most_recent_notification_id",
    "page_max_id", "page_min_id", "quoted_status_id", "status_id", "report_id", "list_id",
    "target_account_id", "assigned_account_id", "action_taken_by_account_id", "notification_id",
    "filter_id", "conversation_id", "scheduled_status_id", "poll_id", "media_id",
})
_ID_LIST_FIELDS = frozenset({
    "media_ids", "status_ids", "rule_ids", "sample_account_ids", "collection_ids", "account_ids",
})
# Field names whose values are dates or times. "day" and "week" are epoch seconds.
_DATE_FIELDS = frozenset({
    "created_at", "edited_at", "updated_at", "expires_at", "scheduled_at", "published_at",
    "starts_at", "ends_at", "action_taken_at", "verified_at", "used_at", "last_status_at",
    "mute_expires_at", "muting_expires_at", "latest_page_notification_at", "effective_date",
    "succeeded_by", "date", "period", "day", "week", "last_read_at", "suspended_at",
    "silenced_at", "locked_at", "confirmed_at", "limited_at", "sensitized_at",
})

_UTC = timezone.utc


def parse_date(value):
    """Turn a date as servers send it into an aware ``datetime``.

    Accepts ISO 8601 with or without a zone (no zone means UTC), with fractional
    seconds, ``Z``, plain dates, and epoch seconds as a string or number. Anything
    else is returned unchanged: an odd date from a fork must not make a whole
    timeline unreadable.
    """
    try:
        if value.__class__ is str:
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                if value.isascii() and value.isdigit():
                    return datetime.fromtimestamp(int(value), _UTC)
                return value
            if parsed.tzinfo is None:
                return parsed.replace(tzinfo=_UTC)
            return parsed
        if value.__class__ in (int, float):
            return datetime.fromtimestamp(value, _UTC)
    except (ValueError, OverflowError, OSError):  # a number far outside any calendar
        pass
    return value


# One lookup table for the three kinds of special fields.
_ID, _DATE, _ID_LIST = 1, 2, 3
_SPECIAL = {**{k: _DATE for k in _DATE_FIELDS}, **{k: _ID for k in _ID_FIELDS},
            **{k: _ID_LIST for k in _ID_LIST_FIELDS}}
# A server sends objects of a few dozen shapes (the same keys in the same order), so the
# special fields of each shape are found once and remembered: per object, the work is one
# tuple of its keys and one dict lookup, instead of a set operation over all its keys.
_shapes = {}
_MAX_SHAPES = 4096
_new_str = str.__new__
_fromisoformat = datetime.fromisoformat


def _special_fields(shape):
    fields = tuple((key, _SPECIAL[key]) for key in shape if key in _SPECIAL)
    if len(_shapes) < _MAX_SHAPES:
        _shapes[shape] = fields
    return fields


def _object_hook(obj):
    shape = tuple(obj)
    fields = _shapes.get(shape)
    if fields is None:
        fields = _special_fields(shape)
    for key, kind in fields:
        value = obj[key]
        if value.__class__ is str:
            if kind == _ID:
                obj[key] = _new_str(MastodonId, value)
            elif kind == _DATE:
                try:  # the common case inline: ISO 8601, as Mastodon sends it
                    parsed = _fromisoformat(value)
                except ValueError:
                    obj[key] = parse_date(value)
                else:
                    obj[key] = parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=_UTC)
        elif value is not None:
            if kind == _DATE:
                obj[key] = parse_date(value)
            elif kind == _ID_LIST and value.__class__ is list:
                obj[key] = [_new_str(MastodonId, v) if v.__class__ is str else v for v in value]
    return AttribAccessDict(obj)


def parse_json(data):
    """Parse a response body (bytes or str) into results.

    Objects become :class:`AttribAccessDict`, the top-level list an
    :class:`AttribAccessList`. Raises ``ValueError`` on invalid JSON.
    """
    if data.__class__ is not str:
        data = data.decode(json.detect_encoding(data), "surrogatepass")
    result = _decode(data)
    if result.__class__ is list:
        return AttribAccessList(result)
    return result


# One decoder for every parse: json.loads would build a new one per call, which shows
# when thousands of streaming events arrive a second.
_decode = json.JSONDecoder(object_hook=_object_hook).decode


def convert_value(value):
    """Apply the result conversions to an already-decoded JSON value (streaming events)."""
    if isinstance(value, dict):
        return _object_hook({k: convert_value(v) for k, v in value.items()})
    if isinstance(value, list):
        return AttribAccessList(convert_value(v) for v in value)
    return value


_LINK = re.compile(r'<([^>]*)>((?:\s*;\s*[^;,<]+)*)')
_LINK_REL = re.compile(r'rel\s*=\s*"?([^";]+)"?', re.IGNORECASE)


def parse_link_header(value):
    """Parse an HTTP ``Link`` header into ``{rel: url}``."""
    links = {}
    for url, attrs in _LINK.findall(value):
        rel = _LINK_REL.search(attrs)
        if rel:
            for name in rel.group(1).split():
                links[name.lower()] = url
    return links


_CURSOR_PARAMS = ("max_id", "min_id", "since_id", "offset")


def pagination_info(url, method, endpoint, params, base_path=""):
    """Pagination info for the page a ``Link`` URL points to.

    It is the ``Link`` URL's query as the server wrote it (``key[]`` entries become a
    list under ``key``), plus those of the original call's parameters that the URL does
    not name (its cursors aside), plus ``_pagination_method`` and
    ``_pagination_endpoint``; ``fetch_next`` and ``fetch_previous`` replay it. Mastodon
    repeats the whole query in its links, so merging a list parameter with the original
    would send it once more on every page.
    """
    split = urlsplit(url)
    from_link = {}
    for key, value in parse_qsl(split.query, keep_blank_values=True):
        if key.endswith("[]"):
            values = from_link.get(key[:-2])
            if not isinstance(values, list):
                values = from_link[key[:-2]] = []
            values.append(value)
        else:
            from_link[key] = value
    # "key[]" and "key[sub]" in the link both name the original parameter "key".
    named = {key.split("[", 1)[0] for key in from_link}
    info = AttribAccessDict({k: v for k, v in (params or {}).items()
                             if k not in _CURSOR_PARAMS and k not in named})
    info.update(from_link)
    path = split.path or endpoint
    if base_path and path.startswith(base_path + "/"):
        path = path[len(base_path):]
    info["_pagination_method"] = method
    info["_pagination_endpoint"] = path
    return info
