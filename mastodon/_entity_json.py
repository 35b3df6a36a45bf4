"""Results as types: written to JSON and read back, type names, casting decoded JSON.

:func:`to_json` and :func:`from_json` are :meth:`Entity.to_json` and
:meth:`Entity.from_json`: the format Mastodon.py 2.x writes and reads, with the entity's
type name, so a result comes back of the same class, with its pagination info.
:func:`type_from_name` reads such a name; :func:`cast` turns decoded JSON into results of
a type (``try_cast_recurse``), and :func:`recast` reads a result of this client as
another type (a method's ``override_type``).
"""

import json
import re
from datetime import date, datetime
from typing import Any, Optional, Union, get_args, get_origin

from ._ids import MastodonId
from ._results import (
    _ENTITIES,
    _FROM_MASTODON_PY,
    _MASTODON_PY_NAMES,
    AttribAccessDict,
    AttribAccessList,
    Entity,
    _set_attribute,
    convert_value,
    parse_date,
    parse_json,
    type_result,
)

__all__ = ["to_json", "from_json", "type_from_name", "cast", "recast"]

# --- types by name, and casting decoded JSON to them -------------------------------------

# Containers that take an item type in a type name ("PaginatableList[Status]").
_LIST_NAMES = frozenset({"PaginatableList", "NonPaginatableList", "AttribAccessList",
                         "EntityList"})
_UNION_NAMES = frozenset({"typing.Optional", "Optional", "typing.Union", "Union"})
# The typing forms, subscripted at run time with the classes a name gives (a type checker
# reads a subscript as a type, which these are not until the name is read).
_OPTIONAL: Any = Optional
_UNION: Any = Union


def type_from_name(name: object, strict: bool = True) -> Any:
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

    def entity(part: str) -> type[AttribAccessDict]:
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
        return AttribAccessList.__class_getitem__(entity(inner))
    members = tuple(entity(part) for part in inner.split(",") if part.strip())
    if name.endswith("Optional"):
        return _OPTIONAL[members[0]] if len(members) == 1 else _OPTIONAL[members]
    return _UNION[members] if members else AttribAccessDict


def cast(target: Any, value: Any) -> Any:
    """``value`` (decoded JSON: dicts, lists, strings) as results of type ``target``: an
    entity class, ``AttribAccessList[X]`` (or ``list[X]``), ``Optional``/``Union`` of
    them, a type name (see :func:`type_from_name`), ``datetime``, ``MastodonId`` or a
    plain type. Objects become entities all the way down, IDs :class:`MastodonId`, dates
    ``datetime``, as in a result from the server. A value that cannot be read as the
    type is returned as it is (converted as results are)."""
    if isinstance(target, str):
        target = type_from_name(target)
    return _apply(target, convert_value(value))


def recast(target: Any, result: Any) -> Any:
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


def _entity_classes(members: list[Any]) -> tuple[type[AttribAccessDict], ...]:
    return tuple(m for m in members if isinstance(m, type) and issubclass(m, AttribAccessDict))


def _apply(target: Any, value: Any) -> Any:
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


def _extra(value: Any, name: str) -> Any:
    return getattr(value, "__dict__", {}).get(name)


def _class_name(cls: type[AttribAccessDict], mastodon_py: bool) -> str:
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


def _type_name(value: Any, mastodon_py: bool) -> str:
    if isinstance(value, list):
        paged = _extra(value, "_pagination_next") is not None \
            or _extra(value, "_pagination_prev") is not None
        classes = {type(item) for item in value}
        item = "AttribAccessDict"
        if len(classes) == 1:
            only = classes.pop()
            if issubclass(only, AttribAccessDict):
                item = _class_name(only, mastodon_py)
        return f"{'PaginatableList' if paged else 'NonPaginatableList'}[{item}]"
    if isinstance(value, AttribAccessDict):
        return _class_name(type(value), mastodon_py)
    return "AttribAccessDict"


def _json_default(value: object) -> str:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"a {type(value).__name__} in a result cannot be written as JSON")


def to_json(value: Entity, pretty: bool = True) -> str:
    """A result as JSON text, with its type and its pagination info (see
    :meth:`Entity.to_json`)."""
    ours = _type_name(value, False)
    theirs = _type_name(value, True)
    envelope: dict[str, Any] = {"_mastopy_version": _FORMAT_VERSION, "_mastopy_type": theirs}
    if ours != theirs:
        envelope["_mastodon_type"] = ours  # our class, where Mastodon.py has none like it
    extras = {name: _extra(value, name) for name in _EXTRAS if _extra(value, name) is not None}
    envelope["_mastopy_data"] = value
    envelope["_mastopy_extra_data"] = extras
    return json.dumps(envelope, default=_json_default, indent=4 if pretty else None)


def from_json(text: str | bytes) -> Any:
    """A result read back from the JSON :func:`to_json` (or Mastodon.py) wrote (see
    :meth:`Entity.from_json`)."""
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
            # (A pattern by its text: compiled on first use, not at import.)
            name = re.sub(r"\w+", lambda m: _FROM_MASTODON_PY.get(m.group(), m.group()), name)
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
