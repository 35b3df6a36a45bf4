"""Results: JSON from the server turned into typed dicts with attribute access.

Each JSON object becomes an :class:`AttribAccessDict`, with its date fields turned into
aware ``datetime`` objects and its ID fields into :class:`MastodonId` (the field names
come from the Mastodon API reference), in one pass: the standard library's ``json``
applies the conversion as an object hook while it reads; with the speed extra, msgspec
decodes and a walk applies the same hook logic in the same order (see
:mod:`mastodon._json`), so both give the same results.

Objects are also typed as they are read: each gets the entity class of
``mastodon.return_types`` that its place in the result calls for (a status' ``account``
is an ``Account``, its ``media_attachments`` are ``MediaAttachment``), and where it has
no place (the top of an answer), the entity its keys describe. The parser sees a few
dozen kinds of object (the same keys in the same order), so it works out once per kind
which fields are special, which entity the keys describe and which fields hold entities,
and remembers it. Per object, the work is one tuple of its keys, one dict lookup, those
fields, and one class check for each object in a field that holds entities.

The IDs are in :mod:`mastodon._ids`; writing results to JSON and reading them back, type
names and casting decoded JSON to a type are in :mod:`mastodon._entity_json`.
"""

import functools
import json
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple, TypeAlias, TypeVar
from urllib.parse import parse_qsl, urlsplit

from . import _json
from ._ids import MastodonId

# MastodonId is re-exported: the generated mastodon.return_types and the API areas import
# it from here, with the result types.
__all__ = ["Entity", "AttribAccessDict", "AttribAccessList", "MastodonId", "parse_json",
           "convert_value", "parse_date", "parse_link_header", "pagination_info",
           "register_entities", "type_result"]


class Entity:
    """What every result is, a dict or a list: it can be written to JSON and read back.

    ``Entity.from_json(result.to_json())`` gives a result of the same class, with the
    same values (IDs as :class:`MastodonId`, dates as ``datetime``) and the same
    pagination info, so that ``fetch_next()`` works on it. The format is Mastodon.py's
    (``_mastopy_version``, ``_mastopy_type``, ``_mastopy_data``), so JSON written by
    either library reads back in the other.
    """

    __slots__ = ()

    def to_json(self, pretty: bool = True) -> str:
        """The result as JSON text, with its type and its pagination info. ``pretty``
        indents it."""
        # Imported here: _entity_json builds on this module's result types.
        from ._entity_json import to_json
        return to_json(self, pretty)

    @staticmethod
    def from_json(json_str: str | bytes) -> Any:
        """A result read back from the JSON :meth:`to_json` (ours or Mastodon.py's)
        wrote. Raises ``ValueError`` when the text is not such JSON."""
        from ._entity_json import from_json
        return from_json(json_str)


class AttribAccessDict(dict[str, Any], Entity):
    """A dict whose keys can also be read and set as attributes: ``status.account.acct``.

    Assigning to an attribute that is a key sets the key (``status.content = "x"`` is
    ``status["content"] = "x"``). Other attribute names are refused with
    ``AttributeError``, so that a typo does not create an attribute beside the data; add
    a new key as an item (``status["new"] = 1``). Names that start with ``_`` (the
    pagination info, ``_pagination_next``) are plain attributes.
    """

    def __getattr__(self, attr: str) -> Any:
        try:
            return self[attr]
        except KeyError:
            raise AttributeError(f"Attribute not found: {attr}") from None

    def __setattr__(self, attr: str, val: Any) -> None:
        if attr in self:
            self[attr] = val
        elif attr[:1] == "_":
            super().__setattr__(attr, val)
        else:
            raise AttributeError(
                f"{type(self).__name__} has no field {attr!r}; add a new one as an item: "
                f"result[{attr!r}] = ...")

    def __dir__(self) -> list[str]:
        return list(super().__dir__()) + [k for k in self if isinstance(k, str)]


_T = TypeVar("_T")


class AttribAccessList(list[_T], Entity):
    """A list of results; paginated answers carry ``_pagination_next`` and
    ``_pagination_prev`` as attributes. Generic for annotations: ``AttribAccessList[Status]``."""

    # Set by the transport on an answer a background job may still add to.
    _async_refresh: "AttribAccessDict"

    def __getattr__(self, attr: str) -> Any:
        # Only the pagination attributes are optional; anything else is a typo.
        if attr in ("_pagination_next", "_pagination_prev"):
            return None
        raise AttributeError(f"Attribute not found: {attr}")


# --- special fields, and dates -------------------------------------------------------

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

_UTC = UTC
_combine = datetime.combine


def _as_utc(naive: datetime) -> datetime:
    """A datetime without a zone as UTC (what ``replace(tzinfo=...)`` gives, at a fifth of
    its cost: keyword arguments are slow to parse)."""
    return _combine(naive.date(), naive.time(), _UTC)


def parse_date(value: Any) -> Any:
    """Turn a date as servers send it into an aware ``datetime``.

    Accepts ISO 8601 with or without a zone (no zone means UTC), with fractional
    seconds, ``Z``, plain dates, and epoch seconds as a string or number. An empty
    string is no date: ``None``. Anything else is returned unchanged: an odd date from
    a fork must not make a whole timeline unreadable.
    """
    try:
        if value.__class__ is str:
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                if value.isascii() and value.isdigit():
                    return datetime.fromtimestamp(int(value), _UTC)
                return value or None
            return parsed if parsed.tzinfo is not None else _as_utc(parsed)
        if value.__class__ in (int, float):
            return datetime.fromtimestamp(value, _UTC)
    except (ValueError, OverflowError, OSError):  # a number far outside any calendar
        pass
    return value


# --- the entity classes (registered by mastodon.return_types) --------------------------

#: An entity class (the classes of mastodon.return_types are AttribAccessDicts).
EntityClass: TypeAlias = type[AttribAccessDict]
#: What a field holds: one entity class, or several one of which it is.
_Target: TypeAlias = "EntityClass | tuple[EntityClass, ...]"
#: A field of an entity that holds entities: (field, _ONE | _MANY | _BY_KEY, target).
_Step: TypeAlias = "tuple[str, int, _Target]"

# What a field holds: one entity, a list of them, or a dict of them by key.
_ONE, _MANY, _BY_KEY = 0, 1, 2
# Filled by register_entities() when mastodon.return_types is imported:
_ENTITIES: dict[str, EntityClass] = {"AttribAccessDict": AttribAccessDict}  # type name -> class
_NESTED: dict[type, tuple[_Step, ...]] = {}  # class -> its fields that hold entities
_UNION_KEYS: dict[type, str] = {}  # class -> a key whose presence tells it from the others it may be
_MASTODON_PY_NAMES: dict[str, str] = {}  # our class name -> Mastodon.py's name for it ("": none)
# Mastodon.py's names that are names of ours for another entity -> our name for its entity.
_FROM_MASTODON_PY: dict[str, str] = {}
_CLASSES_WITH_FIELD: dict[str, list[EntityClass]] = {}  # field name -> classes that have the field
_FIELD_COUNTS: dict[EntityClass, int] = {}  # class -> number of fields
_PREFERRED: set[EntityClass] = set()  # classes an object is taken for when its keys fit twins equally
# How many of an object's keys may be no field of an entity for the object to be taken
# for that entity by its keys alone: one in ten, at least one (forks and other versions
# add keys of their own).
_FOREIGN_KEYS = 10


def register_entities(classes: Mapping[str, EntityClass],
                      nested: Mapping[str, Iterable[tuple[str, str, str]]],
                      union_keys: Mapping[str, str],
                      item_fields: Mapping[str, Iterable[str]] | None = None,
                      mastodon_py_names: Mapping[str, str] | None = None,
                      preferred: Iterable[str] = ()) -> None:
    """Make the entity classes known to the parser. ``classes`` maps names (aliases too)
    to classes; ``nested`` maps a class name to its fields that hold entities, as
    ``(field, "one" | "list" | "dict", "Name" or "Name|Other")``; ``union_keys`` maps a
    class name to the key that tells it apart in a field that may hold several
    entities; ``item_fields`` names fields that are no attribute names (for recognising
    objects by their keys); ``mastodon_py_names`` maps our names to Mastodon.py's;
    ``preferred`` names the classes an object is taken for when its keys fit two classes
    with the same fields (until its place says otherwise)."""
    kinds = {"one": _ONE, "list": _MANY, "dict": _BY_KEY}
    _ENTITIES.update(classes)
    for name, fields in nested.items():
        steps: list[_Step] = []
        for field, kind, target in fields:
            targets = tuple(classes[part] for part in target.split("|"))
            steps.append((field, kinds[kind], targets[0] if len(targets) == 1 else targets))
        _NESTED[classes[name]] = tuple(steps)
    _UNION_KEYS.update({classes[name]: key for name, key in union_keys.items()})
    _MASTODON_PY_NAMES.update(mastodon_py_names or {})
    for ours, theirs in _MASTODON_PY_NAMES.items():
        if theirs and theirs in classes and _MASTODON_PY_NAMES.get(theirs, theirs) != theirs:
            _FROM_MASTODON_PY[theirs] = ours
    _PREFERRED.update(classes[name] for name in preferred)
    _unindexed.append((classes, item_fields or {}))
    _forget_shapes()


# Classes registered whose fields _CLASSES_WITH_FIELD does not hold yet, with their item
# fields: reading every class' annotations is a good part of the cost of importing
# mastodon.return_types, and only recognising an object by its keys needs it.
_unindexed: list[tuple[Mapping[str, EntityClass], Mapping[str, Iterable[str]]]] = []
_indexing = threading.Lock()


def _index_fields() -> None:
    """Add the classes registered since the last call to _CLASSES_WITH_FIELD and
    _FIELD_COUNTS. A registration leaves _unindexed once it is in the index, so a thread
    that finds _unindexed empty finds the index complete."""
    with _indexing:
        while _unindexed:
            _index_classes(*_unindexed[0])
            del _unindexed[0]


def _index_classes(classes: Mapping[str, EntityClass], item_fields: Mapping[str, Iterable[str]]) -> None:
    for cls in {cls for cls in classes.values() if cls is not AttribAccessDict}:
        if cls in _FIELD_COUNTS:
            continue  # registered again: its fields are in already
        fields_of_class: set[str] = set()
        for klass in cls.__mro__:
            fields_of_class.update(vars(klass).get("__annotations__", ()))
        fields_of_class.update(item_fields.get(cls.__name__, ()))
        if len(fields_of_class) < 2:
            continue  # too little to recognise by keys alone
        _FIELD_COUNTS[cls] = len(fields_of_class)
        for field in fields_of_class:
            _CLASSES_WITH_FIELD.setdefault(field, []).append(cls)


def _class_for_keys(keys: Sequence[str]) -> EntityClass:
    """The entity an object's keys describe, or ``AttribAccessDict`` when they describe
    none for sure (its place may tell: see ``_object_hook``).

    A candidate has nearly all the object's keys as fields (``_FOREIGN_KEYS``) and at
    least a quarter of its fields in the object (older servers send fewer). The class is
    the one that fits best (shared keys over all keys of both), ``AttribAccessDict`` when
    two fit equally (unless one is ``_PREFERRED``)."""
    if _unindexed:
        _index_fields()
    shared: dict[EntityClass, int] = {}
    for key in keys:
        for cls in _CLASSES_WITH_FIELD.get(key, ()):
            shared[cls] = shared.get(cls, 0) + 1
    size = len(keys)
    foreign = max(1, size // _FOREIGN_KEYS)
    candidates: list[tuple[float, EntityClass]] = []
    for cls, common in shared.items():
        fields = _FIELD_COUNTS[cls]
        if common >= 2 and size - common <= foreign and 4 * common >= fields:
            candidates.append((common / (size + fields - common), cls))
    if not candidates:
        return AttribAccessDict
    best_score = max(score for score, _cls in candidates)
    best = [cls for score, cls in candidates if score == best_score]
    if len(best) == 1:
        return best[0]
    preferred = [cls for cls in best if cls in _PREFERRED]
    return preferred[0] if len(preferred) == 1 else AttribAccessDict


# Sets an attribute past AttribAccessDict.__setattr__ (its class, the pagination info).
_set_attribute = object.__setattr__


def _pick(classes: Iterable[type], obj: Mapping[str, Any]) -> type | None:
    """Which of several entities ``obj`` is, by the keys that tell them apart (the
    first class without such a key is the default), or ``None``."""
    default = None
    for cls in classes:
        key = _UNION_KEYS.get(cls)
        if key is None:
            if default is None:
                default = cls
        elif key in obj:
            return cls
    return default


def _fitting(value: AttribAccessDict, target: type | tuple[type, ...]) -> type | None:
    """The class a parsed object must get in a place that holds ``target`` (a class, or
    a tuple of classes one of which it is), or ``None`` when its class fits already (it
    is the class, or a more specific kind of it, such as a ``CredentialAccount`` where an
    ``Account`` belongs)."""
    if target.__class__ is tuple:
        if value.__class__ in target:
            return None
        return _pick(target, value)
    # target is a class here; mypy narrows "__class__ is tuple" (cheaper than isinstance()
    # on this hot path) only where it holds.
    return None if isinstance(value, target) else target  # type: ignore[return-value]


def _place(value: Any, target: _Target) -> None:
    """Give an object in a field that holds ``target`` the field's entity, unless its
    class fits already; the objects inside one whose class changes get theirs again."""
    if isinstance(value, AttribAccessDict):
        cls = _fitting(value, target)
        if cls is not None:
            _set_attribute(value, "__class__", cls)
            _settle(value)


def _settle(value: Any) -> None:
    """Give every object under ``value`` the class its place calls for, top down: the
    field of its parent's entity that holds it. Run for an object whose class changed
    after the objects in it were read."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, kind, target in _NESTED.get(node.__class__, ()):
                child = dict.get(node, key)
                items: Iterable[Any]
                if kind == _ONE:
                    items = (child,)
                elif kind == _MANY:
                    items = child if isinstance(child, list) else ()
                else:
                    items = child.values() if isinstance(child, dict) else ()
                for item in items:
                    if isinstance(item, AttribAccessDict):
                        cls = _fitting(item, target)
                        if cls is not None:
                            _set_attribute(item, "__class__", cls)
            stack.extend(child for child in node.values() if isinstance(child, (dict, list)))
        elif isinstance(node, list):
            stack.extend(item for item in node if isinstance(item, (dict, list)))


def type_result(result: Any, classes: Sequence[type]) -> None:
    """Give a result (an object, or each object of a list) the entity class of the
    endpoint that answered it: ``classes`` is one class, or several for an endpoint that
    answers one of several entities. The objects inside one whose class changes get
    theirs again."""
    target = classes[0] if len(classes) == 1 else tuple(classes)
    for item in result if isinstance(result, list) else (result,):
        if isinstance(item, AttribAccessDict):
            cls = _fitting(item, target)
            if cls is not None:
                _set_attribute(item, "__class__", cls)
                _settle(item)


# --- the parser ------------------------------------------------------------------------

# What the parser makes of a field's value, by the field's name: an ID, a date, a list of IDs.
_ID, _DATE, _ID_LIST = 1, 2, 3
_SPECIAL = {**{k: _DATE for k in _DATE_FIELDS}, **{k: _ID for k in _ID_FIELDS},
            **{k: _ID_LIST for k in _ID_LIST_FIELDS}}


class _Shape(NamedTuple):
    """What the parser remembers of a shape of object (its keys, in order)."""
    fields: tuple[tuple[str, int], ...]  # its IDs, dates and lists of IDs: (field, _ID | ...)
    entity_fields: tuple[_Step, ...]  # its fields that hold entities (of cls)
    entity_field: dict[str, tuple[int, _Target]]  # the same by field: kind, target
    cls: EntityClass  # the entity its keys describe


# A server sends objects of a few dozen shapes (the same keys in the same order), so
# what matters about each shape is worked out once and remembered: its fields that are
# IDs or dates, the entity its keys describe, and its fields that hold entities. Per
# object, the work is one tuple of its keys, one dict lookup, and those fields.
_shapes: dict[tuple[str, ...], _Shape] = {}
_MAX_SHAPES = 4096
# The shapes met in the last long answer, keyed by the tuples of that answer: the standard
# library's parser makes one string per distinct key in an answer, so a tuple of this
# answer is found by the identity of its keys where _shapes would compare each of them,
# character by character, with the strings of an earlier answer. Emptied for each answer
# long enough to repeat its shapes (a page of statuses; a single one gains less than
# filling it again costs); another thread emptying it in between costs a lookup in _shapes.
_recent: dict[tuple[str, ...], _Shape] = {}
_MAX_RECENT = 256
_MANY_SHAPES = 16384  # characters
_new_str = str.__new__
_fromisoformat = datetime.fromisoformat


def _forget_shapes() -> None:
    _shapes.clear()
    _recent.clear()


def _shape(shape: tuple[str, ...]) -> _Shape:
    """The entry of ``shape``, which _recent does not have."""
    entry = _shapes.get(shape)
    if entry is None:
        fields = tuple((key, _SPECIAL[key]) for key in shape if key in _SPECIAL)
        if len(_shapes) >= _MAX_SHAPES:
            # Not remembered, so not worth recognising: the object's place may type it.
            return _Shape(fields, (), {}, AttribAccessDict)
        cls = _class_for_keys(shape) if shape else AttribAccessDict
        present = set(shape)
        steps = tuple(step for step in _NESTED.get(cls, ()) if step[0] in present)
        entry = _shapes[shape] = _Shape(fields, steps, {key: (kind, target)
                                                        for key, kind, target in steps}, cls)
    if len(_recent) < _MAX_RECENT:
        _recent[shape] = entry
    return entry


def _convert_fields(obj: dict[str, Any], fields: tuple[tuple[str, int], ...]) -> None:
    """The IDs and dates of an object as MastodonId and aware datetime."""
    for key, kind in fields:
        value = obj[key]
        if type(value) is str:
            if kind == _ID:
                obj[key] = _new_str(MastodonId, value)
            elif kind == _DATE:
                try:  # the common case inline: ISO 8601, as Mastodon sends it
                    parsed = _fromisoformat(value)
                except ValueError:
                    obj[key] = parse_date(value)
                else:
                    obj[key] = parsed if parsed.tzinfo is not None else _as_utc(parsed)
        elif value is not None:
            if kind == _DATE:
                obj[key] = parse_date(value)
            elif kind == _ID_LIST and type(value) is list:
                obj[key] = [_new_str(MastodonId, v) if type(v) is str else v for v in value]


def _place_values(value: AttribAccessDict, target: _Target) -> None:
    """The objects of a field that holds entities by key given the field's entity."""
    for item in value.values():
        if type(item) is not target:
            _place(item, target)


def _object_hook(obj: dict[str, Any]) -> AttribAccessDict:
    """One JSON object as a result, the objects in it done already (the standard library's
    parser reads each object after those in it): its IDs and dates converted, the objects
    in its entity's fields given those fields' entities (an object's keys may fit another
    entity, or none: its place decides), and itself of the entity its keys describe (its
    own place, read later, may still change that)."""
    shape = tuple(obj)
    fields, entity_fields, _by_field, cls = _recent.get(shape) or _shape(shape)
    if fields:
        _convert_fields(obj, fields)
    for key, kind, target in entity_fields:
        value = obj[key]
        if kind == _ONE:
            if type(value) is not target and value is not None:
                _place(value, target)
        elif kind == _MANY:
            if type(value) is list:  # inside a result, lists are plain lists
                for item in value:
                    if type(item) is not target:
                        _place(item, target)
        elif isinstance(value, AttribAccessDict):
            _place_values(value, target)
    return cls(obj)


# The standard library's parser, with the conversion applied as it reads: one decoder for
# every parse (json.loads would build a new one per call, which shows when thousands of
# streaming events arrive a second).
_stdlib_decode = json.JSONDecoder(object_hook=_object_hook).decode


def _parse_with_stdlib(data: str | bytes | bytearray) -> Any:
    if not isinstance(data, str):
        data = data.decode(json.detect_encoding(data), "surrogatepass")
    if len(data) > _MANY_SHAPES:
        _recent.clear()
    result = _stdlib_decode(data)
    return AttribAccessList(result) if type(result) is list else result


# The compiled parser gives plain dicts and lists: this walks them as the hook above
# does, each object after the objects in it, with the same conversions and the same
# places, so the results are the same. In place: the decoded values are nobody else's.
# Answers nest a few levels (a reblog's account's emojis); deeper ones are left to the
# standard library, whose limit (a RecursionError) is not quite the walk's.
_MAX_DEPTH = 64


class _TooDeep(Exception):
    """Nesting deeper than _MAX_DEPTH."""


def _convert_object(obj: dict[str, Any], depth: int) -> AttribAccessDict:
    if depth > _MAX_DEPTH:
        raise _TooDeep
    depth += 1
    shape = tuple(obj)
    fields, _entity_fields, entity_field, cls = _recent.get(shape) or _shape(shape)
    for key, value in obj.items():  # replacing values leaves the iteration alone
        kind = type(value)
        if kind is dict:
            value = obj[key] = _convert_object(value, depth)
            step = entity_field.get(key)
            if step is not None:
                if step[0] == _ONE:
                    if type(value) is not step[1]:
                        _place(value, step[1])
                elif step[0] == _BY_KEY:
                    _place_values(value, step[1])
        elif kind is list and value:
            step = entity_field.get(key)
            target = step[1] if step is not None and step[0] == _MANY else None
            for index, item in enumerate(value):
                kind = type(item)
                if kind is dict:
                    item = value[index] = _convert_object(item, depth)
                    if target is not None and type(item) is not target:
                        _place(item, target)
                elif kind is list:
                    _convert_items(item, depth)
    if fields:
        _convert_fields(obj, fields)
    return cls(obj)


def _convert_items(items: list[Any], depth: int) -> None:
    if depth > _MAX_DEPTH:
        raise _TooDeep
    depth += 1
    for index, item in enumerate(items):
        kind = type(item)
        if kind is dict:
            items[index] = _convert_object(item, depth)
        elif kind is list:
            _convert_items(item, depth)


def parse_json(data: str | bytes | bytearray) -> Any:
    """Parse a response body (bytes or str) into results.

    Objects become :class:`AttribAccessDict` (of their entity's class), the top-level
    list an :class:`AttribAccessList`. Raises ``ValueError`` on invalid JSON. The parser
    is the speed extra's when it is installed (see :mod:`mastodon._json`); the results
    and the errors are the same with either.
    """
    decode = _json.compiled_decoder()
    if decode is not None:
        try:
            value = decode(data)
        except (ValueError, RecursionError):
            # What it refuses: invalid JSON, for the standard library's error, or JSON
            # that only the standard library reads (see mastodon._json).
            pass
        else:
            try:
                if type(value) is dict:
                    return _convert_object(value, 0)
                if type(value) is list:
                    _convert_items(value, 0)
                    return AttribAccessList(value)
                return value
            except (_TooDeep, RecursionError):  # (called with the stack nearly full)
                pass
    return _parse_with_stdlib(data)


def _convert(value: Any) -> Any:
    if isinstance(value, dict):
        return _object_hook({k: _convert(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_convert(v) for v in value]
    return value


def convert_value(value: Any) -> Any:
    """Apply the result conversions to an already-decoded JSON value (streaming events,
    :func:`mastodon._entity_json.cast`): the same result :func:`parse_json` gives for
    its JSON text. ``value`` itself is left as it is."""
    result = _convert(value)
    return AttribAccessList(result) if type(result) is list else result


# --- pagination links ------------------------------------------------------------------

@functools.cache
def _link_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A link and its attributes, and its ``rel``: compiled on the first Link header, not
    at import (compiling regexes is a good part of what importing costs)."""
    return (re.compile(r'<([^>]*)>((?:\s*;\s*[^;,<]+)*)'),
            re.compile(r'rel\s*=\s*"?([^";]+)"?', re.IGNORECASE))


def parse_link_header(value: str) -> dict[str, str]:
    """Parse an HTTP ``Link`` header into ``{rel: url}``."""
    links = {}
    link, link_rel = _link_patterns()
    for url, attrs in link.findall(value):
        rel = link_rel.search(attrs)
        if rel:
            for name in rel.group(1).split():
                links[name.lower()] = url
    return links


_CURSOR_PARAMS = ("max_id", "min_id", "since_id", "offset")


def pagination_info(url: str, method: str, endpoint: str, params: Mapping[str, Any] | None,
                    base_path: str = "") -> AttribAccessDict:
    """Pagination info for the page a ``Link`` URL points to.

    It is the ``Link`` URL's query as the server wrote it (``key[]`` entries become a
    list under ``key``), plus those of the original call's parameters that the URL does
    not name (its cursors aside), plus ``_pagination_method`` and
    ``_pagination_endpoint``; ``fetch_next`` and ``fetch_previous`` replay it. Mastodon
    repeats the whole query in its links, so merging a list parameter with the original
    would send it once more on every page.
    """
    split = urlsplit(url)
    from_link: dict[str, str | list[str]] = {}
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
