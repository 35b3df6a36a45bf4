"""What the API reference says an endpoint answers, looked up by the path a request actually
uses: the shape of the answer, which the transport checks, and its entity class, which the
transport gives it.

Both come from one table, ``_endpoint_table.ENDPOINTS`` (generated from the reference by
tools/gen_return_types.py). Both lookups run on every request, so each is cached by
(method, path): the same few paths repeat, and a hit costs a dictionary look-up.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any, Generic, TypeVar

from ._endpoint_table import ENDPOINTS
from ._results import AttribAccessDict, type_result

Value = TypeVar("Value")

# The JSON an answer of each shape is (a page is a list, which the server pages).
_SHAPE_CHECKS = {"dict": "dict", "list": "list", "page": "list", "empty": "empty"}


class EndpointTable(Generic[Value]):
    """Values for endpoint templates (``("GET", "/api/v1/statuses/{id}")``), found by
    concrete paths (``"/api/v1/statuses/109"``). Exact paths win over templates, and
    templates with fewer parameters over those with more (``/accounts/relationships``
    before ``/accounts/{id}``); a trailing slash does not count, as for the server."""

    def __init__(self, rows: Iterable[tuple[str, str, Value]]) -> None:
        self._rows = tuple(rows)
        # Built on the first lookup, not at import time.
        self._compiled: tuple[dict[tuple[str, str], Value],
                              list[tuple[str, re.Pattern[str], Value]]] | None = None

    def _compile(self) -> tuple[dict[tuple[str, str], Value], list[tuple[str, re.Pattern[str], Value]]]:
        exact: dict[tuple[str, str], Value] = {}
        patterns: list[tuple[int, str, re.Pattern[str], Value]] = []
        for method, path, value in self._rows:
            if "{" in path:
                parts = re.split(r"\{[^}]+\}", path)
                regex = re.compile("^" + "[^/]+".join(re.escape(part) for part in parts) + "$")
                patterns.append((len(parts) - 1, method, regex, value))
            else:
                exact[(method, path)] = value
        patterns.sort(key=lambda item: item[0])
        return exact, [(method, regex, value) for _, method, regex, value in patterns]

    def find(self, method: str, endpoint: str) -> Value | None:
        """The value of the row that ``method endpoint`` matches, or None."""
        if self._compiled is None:
            self._compiled = self._compile()
        if len(endpoint) > 1 and endpoint.endswith("/"):
            endpoint = endpoint.rstrip("/") or "/"  # Rails routes "/x/" as "/x"
        exact, patterns = self._compiled
        value = exact.get((method, endpoint))
        if value is not None:
            return value
        for pattern_method, regex, value in patterns:
            if pattern_method == method and regex.match(endpoint):
                return value
        return None


# (entity class name, shape) by endpoint.
_TABLE = EndpointTable((method, path, (entity, shape)) for method, path, entity, shape in ENDPOINTS)


def endpoint_facts(method: str, endpoint: str) -> tuple[str, str] | None:
    """The table's row for a request: ``(entity class name, or "A|B", or ""; shape)``, the
    shape one of ``"dict"``, ``"list"``, ``"page"``, ``"empty"``; None for an endpoint the
    table does not know."""
    return _TABLE.find(method, endpoint)


@functools.lru_cache(maxsize=4096)
def expected_shape(method: str, endpoint: str) -> str | None:
    """What the reference says an endpoint answers: ``"list"``, ``"dict"``, ``"empty"``
    (an object with nothing in it, which the transport returns as None), or None where it
    does not say."""
    facts = _TABLE.find(method, endpoint)
    return None if facts is None else _SHAPE_CHECKS[facts[1]]


@functools.lru_cache(maxsize=4096)
def entity_classes(method: str, endpoint: str) -> tuple[type[AttribAccessDict], ...]:
    """The entity classes an endpoint's answer may have (one, or several), or ``()``."""
    facts = _TABLE.find(method, endpoint)
    if facts is None or not facts[0]:
        return ()
    # Imported here, once per endpoint: return_types imports this module.
    from . import return_types

    return tuple(getattr(return_types, name) for name in facts[0].split("|"))


def cast_result(result: Any, method: str, endpoint: str) -> None:
    """Give a parsed result the class of the entity its endpoint answers: the object
    itself, or each item of a list, and the objects inside them theirs. Objects the parser
    already gave that class are left as they are, so this costs next to nothing."""
    classes = entity_classes(method, endpoint)
    if classes:
        type_result(result, classes)
