"""Facts kept per API endpoint, looked up by the path a request actually uses."""

import functools
import re


class EndpointTable:
    """Values for endpoint templates (``("GET", "/api/v1/statuses/{id}")``), found by
    concrete paths (``"/api/v1/statuses/109"``). Exact paths win over templates, and
    templates with fewer parameters over those with more (``/accounts/relationships``
    before ``/accounts/{id}``); a trailing slash does not count, as for the server.
    Lookups are cached: the same few paths repeat."""

    def __init__(self, rows):
        self._rows = tuple(rows)
        self._compiled = None  # built on the first lookup, not at import time
        self.get = functools.lru_cache(maxsize=4096)(self._find)

    def _compile(self):
        exact, patterns = {}, []
        for method, path, value in self._rows:
            if "{" in path:
                regex = re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$")
                patterns.append((path.count("{"), method, regex, value))
            else:
                exact[(method, path)] = value
        patterns.sort(key=lambda item: item[0])
        return exact, [(method, regex, value) for _, method, regex, value in patterns]

    def _find(self, method, endpoint):
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
