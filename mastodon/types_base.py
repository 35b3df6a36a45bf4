"""The base types of results, under the names Mastodon.py 2.x users import them by.

Everything here is also reachable elsewhere (``mastodon.AttribAccessDict``,
``mastodon.return_types``); this module exists so that code written for Mastodon.py's
``mastodon.types_base`` runs unchanged:

- :class:`Entity`, the base of every result, with ``to_json()`` and ``Entity.from_json()``;
- :class:`AttribAccessDict` and the list types (``PaginatableList``, ``NonPaginatableList``
  and ``EntityList`` are all :class:`~mastodon.AttribAccessList`), ``PaginationInfo``;
- the ID types: ``MaybeSnowflakeIdType`` (:class:`~mastodon.MastodonId`), ``IdType``,
  ``PrimitiveIdType``, and the base-62 helpers Pleroma IDs need;
- :func:`try_cast_recurse`, which makes typed results of decoded JSON, and
  :func:`real_issubclass`, ``issubclass()`` for ``typing`` constructs.
"""

from os import PathLike
from typing import IO, TYPE_CHECKING, Any, Union, get_args, get_origin

from ._entity_json import cast, type_from_name
from ._ids import _BASE62, MastodonId, base62_to_int, int_to_base62
from ._results import AttribAccessDict, AttribAccessList, Entity

if TYPE_CHECKING:
    from .return_types import EmptyResponse  # at run time, from __getattr__ below

#: The digits of base 62, in order: ``0-9``, ``a-z``, ``A-Z``.
BASE62_ALPHABET = _BASE62

#: An ID as the API sends it: a ``str`` that also works as a number, and can tell the time
#: it was made (:meth:`~mastodon.MastodonId.to_datetime`).
MaybeSnowflakeIdType = MastodonId
# typing.Union, not "X | Y", for these aliases: they are Mastodon.py's, and code that looks
# into them (get_origin(IdType) is Union, real_issubclass below) expects that form.
#: An ID given by the caller: a string or a number.
PrimitiveIdType = Union[str, int]  # noqa: UP007
#: What methods take for an ID: an ID, or a result dict that has an ``id``.
IdType = Union[str, int, MastodonId, AttribAccessDict]  # noqa: UP007
#: A list result that carries pagination info (see :meth:`~mastodon.Mastodon.fetch_next`).
PaginatableList = AttribAccessList
#: A list result that the server does not page.
NonPaginatableList = AttribAccessList
#: Either kind of list result.
EntityList = AttribAccessList
#: What ``fetch_next()`` and ``fetch_previous()`` take instead of a page.
PaginationInfo = AttribAccessDict
#: A file to upload: a path, or a binary file object.
PathOrFile = Union[str, "PathLike[str]", IO[bytes]]
#: The public half of a web push key pair, as ``push_subscription_generate_keys()`` gives it.
WebpushCryptoParamsPubkey = dict[str, Any]
#: The private half of a web push key pair, for ``push_subscription_decrypt_push()``.
WebpushCryptoParamsPrivkey = dict[str, Any]


def try_cast_recurse(t: Any, value: Any, union_specializer: Any = None) -> Any:
    """``value`` (decoded JSON) as results of type ``t``, all the way down: an entity class
    (``Status``), a list of one (``PaginatableList[Status]``), ``Optional``/``Union`` of
    them, or a type name as :meth:`Entity.to_json` writes it. IDs become
    :class:`~mastodon.MastodonId`, dates ``datetime`` (an empty date ``None``), as in a
    result from the server; what cannot be read as the type is kept as it is.

    ``union_specializer`` is accepted for Mastodon.py's signature; which entity of a
    union an object is, is told from its keys.
    """
    return cast(t, value)


def try_cast(t: Any, value: Any, retry: bool = True, union_specializer: Any = None) -> Any:
    """:func:`try_cast_recurse` under Mastodon.py's other name for it (``retry`` and
    ``union_specializer`` are accepted and not needed)."""
    return cast(t, value)


def _classes(t: Any) -> tuple[Any, ...]:
    origin = get_origin(t)
    if origin is Union:
        return tuple(c for member in get_args(t) for c in _classes(member))
    return (origin if origin is not None else t,)


def real_issubclass(type1: Any, type2: Any) -> bool:
    """``issubclass()`` that also understands ``typing``: a generic alias stands for its
    class (``PaginatableList[Status]`` is an ``AttribAccessList``), and a ``Union`` (or
    ``Optional``) for any of its members. ``real_issubclass(type(status.id), IdType)``
    is true."""
    wanted = _classes(type2)
    return all(issubclass(c, wanted) for c in _classes(type1))


#: Mastodon.py's name for :func:`~mastodon._entity_json.type_from_name`: the type a name in
#: ``to_json()``'s output stands for.
_str_to_type = type_from_name


def __getattr__(name: str) -> type[AttribAccessDict]:
    # EmptyResponse is a generated entity; return_types imports this module, so it is
    # looked up when asked for.
    if name == "EmptyResponse":
        from .return_types import EmptyResponse
        return EmptyResponse
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Entity", "AttribAccessDict", "AttribAccessList", "PaginatableList",
           "NonPaginatableList", "EntityList", "PaginationInfo", "MaybeSnowflakeIdType",
           "IdType", "PrimitiveIdType", "PathOrFile", "WebpushCryptoParamsPubkey",
           "WebpushCryptoParamsPrivkey", "EmptyResponse", "BASE62_ALPHABET", "base62_to_int",
           "int_to_base62", "try_cast", "try_cast_recurse", "real_issubclass"]
