"""Parameter checks the admin API's mixins share (admin_accounts.py, admin_moderation.py,
admin_insights.py): a choice among allowed values, a bare domain, an ID for a request body
and the plain-ID pagination parameters."""

from typing import Any

from ._params import plain_cursor, unpack_id
from .errors import MastodonIllegalArgumentError
from .types_base import IdType

__all__ = ["one_of", "bare_domain", "plain_id", "id_page"]


def one_of(name: str, value: object, allowed: tuple[str, ...]) -> str:
    """``value`` if it is one of ``allowed``, else a clear error."""
    if not isinstance(value, str) or value not in allowed:
        raise MastodonIllegalArgumentError(
            f"{name} must be one of {', '.join(map(repr, allowed))}, not {value!r}")
    return value


def bare_domain(value: object, name: str = "domain") -> str:
    """A bare domain: ``"https://example.org/about"`` becomes ``"example.org"``, since
    the API compares the name alone and would quietly match nothing."""
    if not isinstance(value, str) or not value.strip():
        raise MastodonIllegalArgumentError(f"{name} must be a domain like 'example.org', not {value!r}")
    domain = value.strip()
    if "://" in domain:
        domain = domain.split("://", 1)[1]
    domain = domain.split("/", 1)[0]
    if not domain:
        raise MastodonIllegalArgumentError(f"{name} must be a domain like 'example.org', not {value!r}")
    return domain


def plain_id(value: object, name: str) -> object:
    """An ID (or a dict standing for one) for a parameter, refusing a missing one."""
    value = unpack_id(value)
    if value is None or isinstance(value, (dict, list, tuple, set, bool)) or not str(value).strip():
        raise MastodonIllegalArgumentError(f"{name} must be an ID or a dict with an 'id', not {value!r}")
    return value


def id_page(max_id: IdType | None, min_id: IdType | None, since_id: IdType | None,
            limit: int | None) -> dict[str, Any]:
    """Pagination parameters over plain (not time-based) IDs."""
    return {
        "max_id": plain_cursor("max_id", max_id),
        "min_id": plain_cursor("min_id", min_id),
        "since_id": plain_cursor("since_id", since_id),
        "limit": limit,
    }
