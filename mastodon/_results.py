"""Results: JSON from the server turned into typed dicts with attribute access.

Parsing is done in one pass by ``json.loads`` with an object hook: each JSON object
becomes an :class:`AttribAccessDict` as it is read, with its date fields turned into
aware ``datetime`` objects and its ID fields into :class:`MastodonId`. The field names
come from the Mastodon API reference.

Objects are also typed as they are read: each gets the entity class of
``mastodon.return_types`` that its place in the result calls for (a status' ``account``
is an ``Account``, its ``media_attachments`` are ``MediaAttachment``). The parser sees a
few dozen kinds of object (the same keys in the same order), so it works out once per
kind which fields are special and which entity the keys describe, and remembers it; an
object whose place says otherwise (the parent's class names the field's entity) gets
the right class from its parent. Per object, the work is one tuple of its keys, one
dict lookup, and a class check for each field that holds an entity.

Results persist with :meth:`Entity.to_json` and come back with
:meth:`Entity.from_json`, in the format Mastodon.py 2.x writes and reads.
"""

import json
import re
import threading
from datetime import UTC, date, datetime
from typing import Any, Optional, TypeVar, Union, get_args, get_origin
from urllib.parse import parse_qsl, urlsplit

__all__ = ["Entity", "AttribAccessDict", "AttribAccessList", "MastodonId", "parse_json",
           "parse_link_header", "pagination_info", "cast", "type_from_name",
           "base62_to_int", "int_to_base62"]


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
        return _to_json(self, pretty)

    @staticmethod
    def from_json(json_str: str | bytes) -> Any:
        """A result read back from the JSON :meth:`to_json` (ours or Mastodon.py's)
        wrote. Raises ``ValueError`` when the text is not such JSON."""
        return _from_json(json_str)


class AttribAccessDict(dict, Entity):
    """A dict whose keys can also be read and set as attributes: ``status.account.acct``.

    Assigning to an attribute that is a key sets the key (``status.content = "x"`` is
    ``status["content"] = "x"``). Other attribute names are refused with
    ``AttributeError``, so that a typo does not create an attribute beside the data; add
    a new key as an item (``status["new"] = 1``). Names that start with ``_`` (the
    pagination info, ``_pagination_next``) are plain attributes.
    """

    def __getattr__(self, attr):
        try:
            return self[attr]
        except KeyError:
            raise AttributeError(f"Attribute not found: {attr}") from None

    def __setattr__(self, attr, val):
        if attr in self:
            self[attr] = val
        elif attr[:1] == "_":
            super().__setattr__(attr, val)
        else:
            raise AttributeError(
                f"{type(self).__name__} has no field {attr!r}; add a new one as an item: "
                f"result[{attr!r}] = ...")

    def __dir__(self):
        return list(super().__dir__()) + [k for k in self if isinstance(k, str)]


_T = TypeVar("_T")


class AttribAccessList(list[_T], Entity):
    """A list of results; paginated answers carry ``_pagination_next`` and
    ``_pagination_prev`` as attributes. Generic for annotations: ``AttribAccessList[Status]``."""

    def __getattr__(self, attr):
        # Only the pagination attributes are optional; anything else is a typo.
        if attr in ("_pagination_next", "_pagination_prev"):
            return None
        raise AttributeError(f"Attribute not found: {attr}")


# --- IDs -----------------------------------------------------------------------------

_BASE62 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_BASE62_DIGITS = {char: value for value, char in enumerate(_BASE62)}


def base62_to_int(text: str) -> int:
    """The number a base-62 string (digits, then ``a-z``, then ``A-Z``) stands for, as
    Pleroma and Akkoma write their IDs. Raises ``ValueError`` for other characters."""
    value = 0
    try:
        for char in text:
            value = value * 62 + _BASE62_DIGITS[char]
    except KeyError:
        raise ValueError(f"not a base-62 number: {text!r}") from None
    return value


def int_to_base62(value: int) -> str:
    """A non-negative number in base 62, the inverse of :func:`base62_to_int`."""
    if value < 0:
        raise ValueError(f"base 62 writes non-negative numbers, not {value}")
    digits = []
    while True:
        value, digit = divmod(value, 62)
        digits.append(_BASE62[digit])
        if not value:
            return "".join(reversed(digits))


def _id_for_time(when, flake):
    """The smallest ID a server gives to things made at ``when`` (a naive ``when`` is local
    time): Mastodon's snowflakes are milliseconds shifted by 16 bits, Pleroma's flake IDs
    milliseconds shifted by 64 bits, written in base 62."""
    milliseconds = int(when.timestamp() * 1000)
    if flake:
        return int_to_base62(milliseconds << 64)
    return str(milliseconds << 16)


_INTEGER_FORMATS = frozenset("bdoxXneEfFgG%")


class MastodonId(str):
    """An ID as the API sends it: a string, which also works as a number.

    ``MastodonId("109") == "109"`` and ``MastodonId("109") == 109`` are both true,
    ``int()``, ``'%d' %`` and ``operator.index()`` convert it, and numeric IDs order
    numerically (``"9" < "10"``). Compared with anything else (``None``, a float), it
    answers as Python does for unrelated types: not equal, and no order. Its hash is the
    string's, so use string keys when you index dicts by ID.

    ``MastodonId(value)`` takes a string, an int, or a ``datetime`` (the smallest ID of
    that moment, for ``max_id``/``min_id``); ``assume_pleroma=True`` makes the ID a
    Pleroma/Akkoma flake ID. :meth:`to_datetime` reads the time back out of an ID.
    Mastodon.py calls this type ``MaybeSnowflakeIdType``.
    """

    __slots__ = ()
    #: Whether the ID is read as a Pleroma/Akkoma flake ID (base 62) even when it is all digits.
    assume_pleroma = False

    def __new__(cls, value, assume_pleroma=False):
        if isinstance(value, datetime):
            value = _id_for_time(value, assume_pleroma)
        elif isinstance(value, bool) or not isinstance(value, (str, int)):
            raise TypeError(f"an ID is a str, an int or a datetime, not {type(value).__name__}")
        if assume_pleroma and cls is MastodonId:
            cls = _FlakeId
        return str.__new__(cls, value)

    def _numeric(self):
        return self.isascii() and self.isdigit()

    def __int__(self):
        return int(str.__str__(self))

    def __index__(self):
        if not self._numeric():
            raise TypeError(f"the ID {str.__str__(self)!r} is not a number")
        return int(str.__str__(self))

    def __format__(self, spec):
        # Numeric presentation types format the number (f"{status.id:d}"); everything
        # else formats the string, as for any str.
        if spec and spec[-1] in _INTEGER_FORMATS:
            return format(int(self), spec)
        return str.__format__(self, spec)

    def _milliseconds(self):
        """When the ID was made, in milliseconds since the epoch, or ``None``."""
        if self._numeric():
            return int(str.__str__(self)) >> 16
        return self._flake_milliseconds()

    def _flake_milliseconds(self):
        try:
            value = base62_to_int(str.__str__(self))
        except ValueError:
            return None
        # A 128-bit flake ID starts with its 64-bit timestamp; a smaller number is a
        # Mastodon snowflake that was written in base 62.
        return value >> 64 if value >> 64 else value >> 16

    def to_datetime(self) -> datetime | None:
        """The time the server made the ID, as a naive local ``datetime`` (as Mastodon.py
        gives it; ``.astimezone()`` makes it aware), or ``None`` for an ID that holds no
        time (servers that do not use snowflake IDs)."""
        milliseconds = self._milliseconds()
        if milliseconds is None:
            return None
        try:
            return datetime.fromtimestamp(milliseconds / 1000)
        except (OverflowError, OSError, ValueError):
            return None

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
        return (type(self), (str.__str__(self),))


class _FlakeId(MastodonId):
    """An ID known to be a Pleroma/Akkoma flake ID (``MastodonId(..., assume_pleroma=True)``):
    its time is read from base 62 even when it happens to be all digits."""

    __slots__ = ()
    assume_pleroma = True

    def _milliseconds(self):
        return self._flake_milliseconds()


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


def parse_date(value):
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
            if parsed.tzinfo is None:
                return parsed.replace(tzinfo=_UTC)
            return parsed
        if value.__class__ in (int, float):
            return datetime.fromtimestamp(value, _UTC)
    except (ValueError, OverflowError, OSError):  # a number far outside any calendar
        pass
    return value


# --- the entity classes (registered by mastodon.return_types) --------------------------

# What a field holds: one entity, a list of them, or a dict of them by key.
_ONE, _MANY, _BY_KEY = 0, 1, 2
# Filled by register_entities() when mastodon.return_types is imported:
_ENTITIES = {"AttribAccessDict": AttribAccessDict}  # type name -> class
_NESTED = {}  # class -> ((field, _ONE | _MANY | _BY_KEY, class or tuple of classes), ...)
_UNION_KEYS = {}  # class -> a key whose presence tells it from the others it may be
_MASTODON_PY_NAMES = {}  # our class name -> Mastodon.py's name for it ("": none)
# Mastodon.py's names that are names of ours for another entity -> our name for its entity.
_FROM_MASTODON_PY = {}
_CLASSES_WITH_FIELD = {}  # field name -> classes that have the field
_FIELD_COUNTS = {}  # class -> number of fields
_TWINS = {}  # class -> the other classes with the same fields
_PREFERRED = set()  # classes an object is taken for when its keys fit twins equally
# Classes that an object's keys may not tell: twins, classes that extend another (an
# object may look like the base), and those the keys of an object fitted together with an
# entity of another kind. A field that holds one is checked by its parent.
_CONFUSABLE = set()
# How many of an object's keys may be no field of an entity for the object to be taken
# for that entity by its keys alone: one in ten, at least one (forks and other versions
# add keys of their own).
_FOREIGN_KEYS = 10


def register_entities(classes, nested, union_keys, item_fields=None, mastodon_py_names=None,
                      preferred=()):
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
        steps = []
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
    by_fields = {}
    for cls in {cls for cls in classes.values() if cls is not AttribAccessDict}:
        fields = set()
        for klass in cls.__mro__:
            fields.update(vars(klass).get("__annotations__", ()))
        fields.update((item_fields or {}).get(cls.__name__, ()))
        if len(fields) < 2:
            continue  # too little to recognise by keys alone
        by_fields.setdefault(frozenset(fields), []).append(cls)
        _FIELD_COUNTS[cls] = len(fields)
        for field in fields:
            _CLASSES_WITH_FIELD.setdefault(field, []).append(cls)
        if any(issubclass(base, AttribAccessDict) and base is not AttribAccessDict
               for base in cls.__mro__[1:]):
            _CONFUSABLE.add(cls)
    for twins in by_fields.values():
        for cls in twins:
            if len(twins) > 1:
                _TWINS[cls] = frozenset(twins) - {cls}
                _CONFUSABLE.add(cls)
    _shapes.clear()


def _related(one, other):
    """Whether two entities are the same kind of thing: one extends the other, or both
    have the same fields (whose places the parents check)."""
    return issubclass(one, other) or issubclass(other, one) or other in _TWINS.get(one, ())


def _class_for_keys(keys):
    """``(class, others)``: the entity an object's keys describe, and the other entities
    they could describe too, or ``(AttribAccessDict, None)`` when they describe none.

    A candidate has nearly all the object's keys as fields (``_FOREIGN_KEYS``) and at
    least a quarter of its fields in the object: older servers send fewer, and an entity
    that a sparse object could be must show up as a candidate, so that its place decides
    (see ``_new_shape``). The class is the one that fits best (shared keys over all keys
    of both), ``AttribAccessDict`` when two fit equally (unless one is ``_PREFERRED``)."""
    shared = {}
    for key in keys:
        for cls in _CLASSES_WITH_FIELD.get(key, ()):
            shared[cls] = shared.get(cls, 0) + 1
    size = len(keys)
    foreign = max(1, size // _FOREIGN_KEYS)
    candidates = []
    for cls, common in shared.items():
        fields = _FIELD_COUNTS[cls]
        if common >= 2 and size - common <= foreign and 4 * common >= fields:
            candidates.append((common / (size + fields - common), cls))
    if not candidates:
        return AttribAccessDict, None
    best_score = max(score for score, _cls in candidates)
    best = [cls for score, cls in candidates if score == best_score]
    chosen = best[0] if len(best) == 1 else None
    if chosen is None:
        preferred = [cls for cls in best if cls in _PREFERRED]
        chosen = preferred[0] if len(preferred) == 1 else AttribAccessDict
    return chosen, [cls for _score, cls in candidates if cls is not chosen]


_set_attribute = object.__setattr__


def _pick(classes, obj):
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


def _fitting(value, target):
    """The class a parsed object must get in a place that holds ``target`` (a class, or
    a tuple of classes one of which it is), or ``None`` when its class fits already (it
    is the class, or a more specific kind of it, such as a ``CredentialAccount`` where an
    ``Account`` belongs)."""
    if target.__class__ is tuple:
        if value.__class__ in target:
            return None
        return _pick(target, value)
    return None if isinstance(value, target) else target


def _settle(value):
    """Give every object under ``value`` the class its place calls for, top down: the
    field of its parent's entity that holds it. Only run for results in which the
    parser met an object whose keys did not tell its entity for sure."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, kind, target in _NESTED.get(node.__class__, ()):
                child = dict.get(node, key)
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


def type_result(result, classes):
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

# One lookup table for the three kinds of special fields.
_ID, _DATE, _ID_LIST = 1, 2, 3
_SPECIAL = {**{k: _DATE for k in _DATE_FIELDS}, **{k: _ID for k in _ID_FIELDS},
            **{k: _ID_LIST for k in _ID_LIST_FIELDS}}
# A server sends objects of a few dozen shapes (the same keys in the same order), so
# what matters about each shape is found once and remembered: its special fields, the
# entity its keys describe, the fields of that entity whose objects its keys may not
# tell (checked here), and whether the keys are sure. Per object, the work is one tuple
# of its keys and one dict lookup.
_shapes = {}
_MAX_SHAPES = 4096
_new_str = str.__new__
_fromisoformat = datetime.fromisoformat
# Per thread: whether the parse under way met an object whose keys were not sure; the
# result is then settled (_settle) when it is complete.
_parse_state = threading.local()


def _new_shape(shape):
    fields = tuple((key, _SPECIAL[key]) for key in shape if key in _SPECIAL)
    if len(_shapes) >= _MAX_SHAPES:
        # Not remembered, so not worth recognising: the result is settled by places.
        return fields, AttribAccessDict, (), True
    cls, others = _class_for_keys(shape) if shape else (AttribAccessDict, None)
    if others and (cls is AttribAccessDict or not all(_related(cls, o) for o in others)):
        # Keys that fit entities of different kinds equally, or as well: from now on, the
        # parents check the fields that hold any of them (this object's parent has not
        # been read yet, so it is checked too).
        confused = {cls, *others} - _CONFUSABLE - {AttribAccessDict}
        if confused:
            _CONFUSABLE.update(confused)
            _shapes.clear()
    present = set(shape)
    checks = tuple(step for step in _NESTED.get(cls, ()) if step[0] in present and (
        step[2].__class__ is tuple or step[2] in _CONFUSABLE))
    # Keys that fit no entity may be any entity's (an empty object, an old server's few
    # keys): the result is settled by places once it is read.
    entry = _shapes[shape] = (fields, cls, checks, others is None)
    return entry


def _object_hook(obj):
    shape = tuple(obj)
    entry = _shapes.get(shape)
    if entry is None:
        entry = _new_shape(shape)
    fields, cls, checks, unsure = entry
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
    if checks:
        _check_children(obj, checks)
    if unsure:
        _parse_state.unsure = True
    return cls(obj)


def _check_children(obj, checks):
    """The objects in fields whose entity their keys may not tell get the field's."""
    for key, kind, target in checks:
        value = obj[key]
        if kind == _ONE:
            if value.__class__ is not target and isinstance(value, AttribAccessDict):
                _give_place_class(value, target)
        elif kind == _MANY:
            if value.__class__ is list:  # inside a result, lists are plain lists
                for item in value:
                    if item.__class__ is not target and isinstance(item, AttribAccessDict):
                        _give_place_class(item, target)
        elif isinstance(value, AttribAccessDict):
            for item in value.values():
                if item.__class__ is not target and isinstance(item, AttribAccessDict):
                    _give_place_class(item, target)


def _give_place_class(value, target):
    cls = _fitting(value, target)
    if cls is not None:
        _set_attribute(value, "__class__", cls)
        _settle(value)


def _decoded(decode, data):
    """``decode(data)``, with the objects of the result settled when the parser was not
    sure of them all."""
    state = _parse_state
    state.unsure = False
    result = decode(data)
    if state.unsure:
        _settle(result)
    return result


def parse_json(data):
    """Parse a response body (bytes or str) into results.

    Objects become :class:`AttribAccessDict` (of their entity's class), the top-level
    list an :class:`AttribAccessList`. Raises ``ValueError`` on invalid JSON.
    """
    if data.__class__ is not str:
        data = data.decode(json.detect_encoding(data), "surrogatepass")
    result = _decoded(_decode, data)
    if result.__class__ is list:
        return AttribAccessList(result)
    return result


# One decoder for every parse: json.loads would build a new one per call, which shows
# when thousands of streaming events arrive a second.
_decode = json.JSONDecoder(object_hook=_object_hook).decode


def _convert(value):
    if isinstance(value, dict):
        return _object_hook({k: _convert(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_convert(v) for v in value]
    return value


def convert_value(value):
    """Apply the result conversions to an already-decoded JSON value (streaming events):
    the same result :func:`parse_json` gives for its JSON text."""
    result = _decoded(_convert, value)
    return AttribAccessList(result) if result.__class__ is list else result


# --- types by name, and casting decoded JSON to them -------------------------------------

# Containers that take an item type in a type name ("PaginatableList[Status]").
_LIST_NAMES = frozenset({"PaginatableList", "NonPaginatableList", "AttribAccessList",
                         "EntityList"})
_UNION_NAMES = frozenset({"typing.Optional", "Optional", "typing.Union", "Union"})


def type_from_name(name, strict=True):
    """The type a name written by :meth:`Entity.to_json` stands for: an entity class
    (``"Status"``), a list of one (``"PaginatableList[Status]"``), ``"typing.Optional[X]"``
    or ``"typing.Union[X, Y]"``. Raises ``ValueError`` for a malformed or unknown name;
    with ``strict=False``, an unknown entity is read as :class:`AttribAccessDict`."""
    if not isinstance(name, str):
        raise ValueError(f"Invalid type name {name!r}: not a string")
    inner = None
    if "[" in name and name.endswith("]"):
        outer, _, inner = name[:-1].partition("[")
        if outer not in _LIST_NAMES and outer not in _UNION_NAMES:
            raise ValueError(f"Subtype not allowed for type {outer!r} (in {name!r})")
        if "[" in inner or "]" in inner:
            raise ValueError(f"Invalid type name {name!r}: nested item types are not written")
        name = outer
    elif "[" in name or "]" in name:
        raise ValueError(f"Invalid type name {name!r}: unbalanced brackets")

    def entity(part):
        part = part.strip()
        if part.startswith("mastodon."):
            part = part.rsplit(".", 1)[1]
        cls = _ENTITIES.get(part)
        if cls is None:
            if strict:
                raise ValueError(f"Unknown type {part!r}: no entity has that name")
            cls = AttribAccessDict
        return cls

    if inner is None:
        return entity(name)
    if name in _LIST_NAMES:
        return AttribAccessList[entity(inner)]
    members = tuple(entity(part) for part in inner.split(",") if part.strip())
    if name.endswith("Optional"):
        return Optional[members[0]] if len(members) == 1 else Optional[members]
    return Union[members] if members else AttribAccessDict


def cast(target, value):
    """``value`` (decoded JSON: dicts, lists, strings) as results of type ``target``: an
    entity class, ``AttribAccessList[X]`` (or ``list[X]``), ``Optional``/``Union`` of
    them, a type name (see :func:`type_from_name`), ``datetime``, ``MastodonId`` or a
    plain type. Objects become entities all the way down, IDs :class:`MastodonId`, dates
    ``datetime``, as in a result from the server. A value that cannot be read as the
    type is returned as it is (converted as results are)."""
    if isinstance(target, str):
        target = type_from_name(target)
    return _apply(target, convert_value(value))


def recast(target, result):
    """A result of this client read as ``target`` instead (see :func:`cast`), keeping
    its pagination and async-refresh information; a result already of that class is
    returned as it is."""
    if isinstance(target, str):
        target = type_from_name(target, strict=False)
    if isinstance(target, type) and isinstance(result, target):
        return result
    again = cast(target, result)
    if again is not result and hasattr(again, "__dict__"):
        for name in _EXTRAS:
            if _extra(result, name) is not None:
                setattr(again, name, _extra(result, name))
    return again


def _entity_classes(members):
    return tuple(m for m in members if isinstance(m, type) and issubclass(m, AttribAccessDict))


def _apply(target, value):
    if value is None or target is None or target is Any:
        return value
    origin = get_origin(target)
    if origin is Union:
        members = [m for m in get_args(target) if m is not type(None)]
        if isinstance(value, AttribAccessDict):
            classes = _entity_classes(members)
            if classes:
                type_result(value, classes)
            return value
        for member in members:
            if not (isinstance(member, type) and issubclass(member, AttribAccessDict)):
                return _apply(member, value)
        return value
    if origin is not None and isinstance(origin, type) and issubclass(origin, list) \
            or target in (list, AttribAccessList):
        if not isinstance(value, list):
            return value
        args = get_args(target)
        items = value if not args else [_apply(args[0], item) for item in value]
        return AttribAccessList(items)
    if origin is dict:
        args = get_args(target)
        if isinstance(value, dict) and len(args) == 2:
            for key, item in value.items():
                dict.__setitem__(value, key, _apply(args[1], item))
        return value
    if not isinstance(target, type):
        return value
    if issubclass(target, AttribAccessDict):
        if isinstance(value, AttribAccessDict):
            if target is AttribAccessDict:
                _set_attribute(value, "__class__", AttribAccessDict)
            else:
                type_result(value, (target,))
        return value
    if issubclass(target, MastodonId):
        if isinstance(value, MastodonId) or isinstance(value, bool) \
                or not isinstance(value, (str, int)):
            return value
        return target(value)
    if issubclass(target, datetime):
        return value if isinstance(value, datetime) else parse_date(value)
    if target is bool and isinstance(value, str):
        return {"true": True, "false": False}.get(value.lower(), value)
    if target in (int, float) and not isinstance(value, (bool, target)):
        try:
            return target(value)
        except (TypeError, ValueError, OverflowError):
            return value
    return value


# --- persisting results ----------------------------------------------------------------

# The version of Mastodon.py's serialisation format that to_json() writes.
_FORMAT_VERSION = "2.0.1"
_EXTRAS = ("_pagination_next", "_pagination_prev", "_async_refresh")


def _extra(value, name):
    return getattr(value, "__dict__", {}).get(name)


def _class_name(cls, mastodon_py):
    """The name ``to_json`` writes for an entity class: ours, or (``mastodon_py``) the
    name Mastodon.py knows it by, which for a class it lacks is that of the nearest base
    it has."""
    for klass in cls.__mro__:
        name = klass.__name__
        if _ENTITIES.get(name) is klass:
            if not mastodon_py:
                return name
            theirs = _MASTODON_PY_NAMES.get(name, name)
            if theirs:
                return theirs
        if klass is AttribAccessDict:
            break
    return "AttribAccessDict"


def _type_name(value, mastodon_py):
    if isinstance(value, list):
        paged = _extra(value, "_pagination_next") is not None \
            or _extra(value, "_pagination_prev") is not None
        classes = {type(item) for item in value}
        item = "AttribAccessDict"
        if len(classes) == 1 and issubclass(next(iter(classes)), AttribAccessDict):
            item = _class_name(classes.pop(), mastodon_py)
        return f"{'PaginatableList' if paged else 'NonPaginatableList'}[{item}]"
    if isinstance(value, AttribAccessDict):
        return _class_name(type(value), mastodon_py)
    return "AttribAccessDict"


def _json_default(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"a {type(value).__name__} in a result cannot be written as JSON")


def _to_json(value, pretty):
    ours = _type_name(value, False)
    theirs = _type_name(value, True)
    envelope = {"_mastopy_version": _FORMAT_VERSION, "_mastopy_type": theirs}
    if ours != theirs:
        envelope["_mastodon_type"] = ours  # our class, where Mastodon.py has none like it
    extras = {name: _extra(value, name) for name in _EXTRAS if _extra(value, name) is not None}
    envelope["_mastopy_data"] = value
    envelope["_mastopy_extra_data"] = extras
    return json.dumps(envelope, default=_json_default, indent=4 if pretty else None)


_NAME = re.compile(r"\w+")


def _from_json(text):
    try:
        envelope = parse_json(text)
    except (AttributeError, TypeError, ValueError, RecursionError) as exc:
        raise ValueError(f"not a result written by to_json(): {exc}") from None
    if not isinstance(envelope, dict) or "_mastopy_version" not in envelope:
        raise ValueError("not a result written by to_json(): it has no _mastopy_version")
    if "_mastopy_type" not in envelope:
        raise ValueError("not a result written by to_json(): it has no _mastopy_type")
    name = envelope.get("_mastodon_type")
    if not name:
        # Written by Mastodon.py (or by us, where the names agree): its names.
        name = envelope["_mastopy_type"]
        if isinstance(name, str):
            name = _NAME.sub(lambda m: _FROM_MASTODON_PY.get(m.group(), m.group()), name)
    target = type_from_name(name, strict=False)
    data = envelope.get("_mastopy_data")
    result = _apply(target, AttribAccessList(data) if data.__class__ is list else data)
    extras = envelope.get("_mastopy_extra_data")
    if isinstance(extras, dict) and isinstance(result, (AttribAccessDict, AttribAccessList)):
        for name in _EXTRAS:
            info = extras.get(name)
            if isinstance(info, dict):
                _set_attribute(info, "__class__", AttribAccessDict)
                # Mastodon.py keeps the result's type object there, which its JSON
                # writes as null; it is no request parameter.
                info.pop("_mastopy_type", None)
                _set_attribute(result, name, info)
    return result


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
