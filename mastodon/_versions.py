"""Server versions: parsing, the ``api_version`` decorator, and the checks it makes.

The client's side (reading the version from the server) is the ``VersionsMixin`` in
``versions.py``."""

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from .errors import MastodonVersionError

if TYPE_CHECKING:  # _base imports _client, which imports this module
    from ._async._base import AsyncClientBase
    from ._base import ClientBase

# The newest Mastodon release whose whole API this library implements.
SUPPORTED_VERSION = "4.5.0"
# What a server whose Mastodon version cannot be known is taken to be, so that methods
# choosing between an old and a new endpoint choose the current one.
ASSUMED_VERSION = (4, 5, 0)
# Patterns are text, compiled on first use by re (which keeps them), not at import.
# A version string as Mastodon itself reports it ("4.3.0", "4.4.0-beta.2", "4.3.0+glitch").
_plain_version = r"\d+\.\d+\.\d+(?:-(?:alpha|beta|rc)[.\d]*)?(?:\+[\w.-]+)?"

_VERSION = r"(\d+)(?:\.(\d+))?(?:\.(\d+))?"
_LEADING_VERSION = r"(\d+)\.\d+\.\d+"


def parse_version_string(version: str | None) -> tuple[int, int, int] | None:
    """``(major, minor, patch)`` of a server's version string.

    Compatible servers put Mastodon's version first and their own after it:
    ``"2.7.2 (compatible; Pleroma 2.0.50)"``, ``"4.3.0+glitch"``,
    ``"3.5.3-gotosocial"``; the first dotted number wins. Returns ``None`` when the
    string holds no number at all.
    """
    match = re.search(_VERSION, version or "")
    if match is None:
        return None
    major, minor, patch = match.groups()
    return int(major or 0), int(minor or 0), int(patch or 0)


def normalize_version_string(version: str | None) -> str:
    """The part of a server's version string that is Mastodon's version.

    Compatible servers append their own after a space (``"3.5.0 (compatible; Pleroma
    1.2.3)"``) or a plus (``"3.5.1+chitter"``, GoToSocial's ``"3.5.3+0.17.3"``); some forks
    put their own version first and Mastodon's after the plus (``"1.0.7+3.5.5"``). The
    part after the plus counts when it is a version of 1.0 or later.
    """
    first, plus, rest = (version or "").strip().split(" ")[0].partition("+")
    if plus:
        after = re.match(_LEADING_VERSION, rest)
        if after is not None and int(after.group(1)) >= 1:
            return rest.split("+")[0]
    return first


def version_tuple(version: str | tuple[int, ...]) -> tuple[int, int, int]:
    """A version given as a string or tuple, as a 3-tuple of ints."""
    if isinstance(version, tuple):
        padded = (*version, 0, 0, 0)
        return padded[0], padded[1], padded[2]
    parsed = parse_version_string(version)
    if parsed is None:
        raise ValueError(f"not a version: {version!r}")
    return parsed


def require_version(client: "ClientBase", version: str | tuple[int, ...], what: str) -> None:
    """Raise :class:`MastodonVersionError` when version checks are on and the server is
    older than ``version``, which ``what`` (e.g. ``"the types parameter"``) needs."""
    if client.version_check_mode == "none":
        return
    have = client._server_version()
    if have < version_tuple(version) and not client._version_checks_off:
        raise MastodonVersionError(
            f"{what} needs Mastodon {version} or newer, but the server runs "
            f"{'.'.join(map(str, have))}")


# inspect.CO_COROUTINE, without importing inspect (it costs milliseconds at import).
_CO_COROUTINE = 0x80

_Method = TypeVar("_Method", bound=Callable[..., Any])

# Version strings as tuples, parsed once each: the decorator is applied to some three hundred
# methods at import time, from a few dozen distinct versions, and parses none of them (the
# check, when version checks are on, parses each on first use).
_parsed_versions: dict[str, tuple[int, int, int]] = {}


def _parsed(version: str) -> tuple[int, int, int]:
    parsed = _parsed_versions.get(version)
    if parsed is None:
        parsed = _parsed_versions[version] = version_tuple(version)
    return parsed


def api_version(created_ver: str,
                last_changed_ver: str | None = None) -> Callable[[_Method], _Method]:
    """Mark an endpoint method with the Mastodon version that introduced it and the
    version that last changed its parameters or result.

    Before the call, the server's version is checked as ``version_check_mode`` says:
    ``"none"`` (the default) not at all, ``"created"`` against ``created_ver``,
    ``"changed"`` against ``last_changed_ver``. With checks on, an unknown server version
    is read from the server on the first call that needs it.
    """
    changed_ver = last_changed_ver or created_ver
    note = f"*Added: Mastodon v{created_ver}, last changed: Mastodon v{changed_ver}*"

    def decorate(function: _Method) -> _Method:
        def check(self: "ClientBase", have: tuple[int, int, int]) -> None:
            need_str = changed_ver if self.version_check_mode == "changed" else created_ver
            if have < _parsed(need_str) and not self._version_checks_off:
                raise MastodonVersionError(
                    f"{function.__name__}() needs Mastodon {need_str} or newer, but the server "
                    f"runs {'.'.join(map(str, have))}")

        wrapper: Callable[..., Any]
        if function.__code__.co_flags & _CO_COROUTINE:  # the asyncio client's (mastodon/_async)
            async def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
                if self.version_check_mode != "none":
                    check(self, await self._server_version())
                return await function(self, *args, **kwargs)
        else:
            def wrapper(self: "ClientBase", *args: Any, **kwargs: Any) -> Any:
                if self.version_check_mode != "none":
                    check(self, self._server_version())
                return function(self, *args, **kwargs)

        # What functools.wraps copies, spelled out (at import time, for every method, its
        # generic loop is measurable): help(), inspect.signature() (through __wrapped__)
        # and typing.get_type_hints() see the method itself.
        wrapper.__module__ = function.__module__
        wrapper.__name__ = function.__name__
        wrapper.__qualname__ = function.__qualname__
        wrapper.__annotations__ = function.__annotations__
        doc = function.__doc__
        wrapper.__doc__ = f"{doc.rstrip()}\n\n        {note}\n" if doc else note
        # Attributes of the function object, which its declared type does not know of.
        wrapper.__dict__.update(function.__dict__, __wrapped__=function,
                                _min_version=created_ver, _changed_version=changed_ver)
        # The wrapper takes what the method takes: to the type checker it is the method.
        return cast(_Method, wrapper)

    return decorate


def server_older_than(client: "ClientBase | AsyncClientBase", version: tuple[int, ...]) -> bool:
    """Whether the server is known to run a Mastodon older than ``version`` (a tuple).

    Where the request depends on the server's version (a parameter it does not know
    yet, an endpoint it moved), this decides, without a request: a version given to the
    constructor or already read counts, an unknown one is taken to be current.
    """
    known = client._known_server_version()
    return known is not None and known < version
