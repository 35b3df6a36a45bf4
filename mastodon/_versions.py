"""Server versions: parsing, the ``api_version`` decorator, and the checks it makes."""

import functools
import logging
import re
from typing import Any, Callable, Optional, TypeVar

from .errors import (MastodonAPIError, MastodonError,
                     MastodonIllegalArgumentError, MastodonNotFoundError, MastodonVersionError)

log = logging.getLogger("mastodon")

# The newest Mastodon release whose whole API this library implements.
SUPPORTED_VERSION = "4.5.0"
# What a server whose Mastodon version cannot be known is taken to be, so that methods
# choosing between an old and a new endpoint choose the current one.
ASSUMED_VERSION = (4, 5, 0)
# A version string as Mastodon itself reports it ("4.3.0", "4.4.0-beta.2", "4.3.0+glitch").
_plain_version = re.compile(r"\d+\.\d+\.\d+(?:-(?:alpha|beta|rc)[.\d]*)?(?:\+[\w.-]+)?")

_VERSION = re.compile(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?")
_LEADING_VERSION = re.compile(r"(\d+)\.\d+\.\d+")


def parse_version_string(version):
    """``(major, minor, patch)`` of a server's version string.

    Compatible servers put Mastodon's version first and their own after it:
    ``"2.7.2 (compatible; Pleroma 2.0.50)"``, ``"4.3.0+glitch"``,
    ``"3.5.3-gotosocial"``; the first dotted number wins. Returns ``None`` when the
    string holds no number at all.
    """
    match = _VERSION.search(version or "")
    if match is None:
        return None
    return tuple(int(part or 0) for part in match.groups())


def normalize_version_string(version):
    """The part of a server's version string that is Mastodon's version.

    Compatible servers append their own after a space (``"3.5.0 (compatible; Pleroma
    1.2.3)"``) or a plus (``"3.5.1+chitter"``, GoToSocial's ``"3.5.3+0.17.3"``); some forks
    put their own version first and Mastodon's after the plus (``"1.0.7+3.5.5"``). The
    part after the plus counts when it is a version of 1.0 or later.
    """
    first, plus, rest = (version or "").strip().split(" ")[0].partition("+")
    if plus:
        after = _LEADING_VERSION.match(rest)
        if after is not None and int(after.group(1)) >= 1:
            return rest.split("+")[0]
    return first


def version_tuple(version):
    """A version given as a string or tuple, as a 3-tuple of ints."""
    if isinstance(version, tuple):
        return (tuple(version) + (0, 0, 0))[:3]
    parsed = parse_version_string(version)
    if parsed is None:
        raise ValueError(f"not a version: {version!r}")
    return parsed


def require_version(client, version, what):
    """Raise :class:`MastodonVersionError` when version checks are on and the server is
    older than ``version``, which ``what`` (e.g. ``"the types parameter"``) needs."""
    if client.version_check_mode == "none":
        return
    have = client._server_version()
    if have < version_tuple(version) and not client._version_checks_off:
        raise MastodonVersionError(
            f"{what} needs Mastodon {version} or newer, but the server runs "
            f"{'.'.join(map(str, have))}")


_Method = TypeVar("_Method", bound=Callable[..., Any])


def api_version(created_ver: str,
                last_changed_ver: Optional[str] = None) -> Callable[[_Method], _Method]:
    """Mark an endpoint method with the Mastodon version that introduced it and the
    version that last changed its parameters or result.

    Before the call, the server's version is checked as ``version_check_mode`` says:
    ``"none"`` (the default) not at all, ``"created"`` against ``created_ver``,
    ``"changed"`` against ``last_changed_ver``. With checks on, an unknown server version
    is read from the server on the first call that needs it.
    """
    changed_ver = last_changed_ver or created_ver
    created = version_tuple(created_ver)
    changed = version_tuple(changed_ver)

    def decorate(function):
        @functools.wraps(function)
        def wrapper(self, *args, **kwargs):
            mode = self.version_check_mode
            if mode != "none":
                need, need_str = (changed, changed_ver) if mode == "changed" else (created, created_ver)
                have = self._server_version()
                if have < need and not self._version_checks_off:
                    raise MastodonVersionError(
                        f"{function.__name__}() needs Mastodon {need_str} or newer, but the server "
                        f"runs {'.'.join(map(str, have))}")
            return function(self, *args, **kwargs)

        wrapper._min_version = created_ver
        wrapper._changed_version = changed_ver
        note = f"*Added: Mastodon v{created_ver}, last changed: Mastodon v{changed_ver}*"
        doc = function.__doc__ or ""
        wrapper.__doc__ = f"{doc.rstrip()}\n\n        {note}\n" if doc else note
        return wrapper

    return decorate


def server_older_than(client, version):
    """Whether the server is known to run a Mastodon older than ``version`` (a tuple).

    Where the request depends on the server's version (a parameter it does not know
    yet, an endpoint it moved), this decides, without a request: a version given to the
    constructor or already read counts, an unknown one is taken to be current.
    """
    known = client._known_server_version()
    return known is not None and known < version



class VersionsMixin:
    """Reading the server's version and checking it."""

    def _set_version(self, parsed):
        self.mastodon_major, self.mastodon_minor, self.mastodon_patch = parsed
        self._version_known = True

    def _instance_info(self, version=None, refresh=False):
        """The server's instance information, read once and kept until ``refresh`` or
        :meth:`clear_caches`: the version read and the streaming set-up need it, and one
        request serves both.

        :param version: ``1`` or ``2`` for that format; by default format 1, or format
            2 where the server no longer has format 1 (404 or 410).

        The reads go through Mastodon.py's private names for them
        (``_Mastodon__instance`` and ``_Mastodon__instance_v2``), so that code which
        replaces those changes what the version checks and the streaming set-up see.
        """
        if version == 1:
            return self._Mastodon__instance(cached=not refresh)
        if version == 2:
            return self._Mastodon__instance_v2(cached=not refresh)
        try:
            return self._Mastodon__instance(cached=not refresh)
        except MastodonAPIError as exc:
            if exc.status_code not in (404, 410) and not isinstance(exc, MastodonNotFoundError):
                raise
            return self._Mastodon__instance_v2(cached=not refresh)

    def _read_instance(self, version, cached):
        """One format of the instance information, asked for where Mastodon.py asks
        (``/api/v1/instance/`` and ``/api/v2/instance/``, with the slash: exact-URL mocks
        and recorded cassettes notice), and kept."""
        caches = self.__dict__.setdefault("_instance_caches", {})
        if cached and caches.get(version) is not None:
            return caches[version]
        instance = self._Mastodon__api_request("GET", f"/api/v{version}/instance/")
        caches[version] = instance
        return instance

    def _Mastodon__instance(self, cached=False):
        """Format 1 of the instance information (Mastodon.py's private name for it);
        ``cached=True`` answers from what was read before, if anything was."""
        return self._read_instance(1, cached)

    def _Mastodon__instance_v2(self, cached=False):
        """Format 2 of the instance information (Mastodon.py's private name for it);
        ``cached=True`` answers from what was read before, if anything was."""
        return self._read_instance(2, cached)

    def _Mastodon__normalize_version_string(self, version_string):
        """Mastodon.py's private name for :func:`normalize_version_string`."""
        return normalize_version_string(version_string)

    def _server_version(self):
        """The server's version as a tuple. Unknown, it is read from the server once
        when version checks are on; with ``version_check_mode="none"`` nothing is sent
        just to learn it, and the server is taken to be a current Mastodon."""
        if not self._version_known:
            if self.version_check_mode == "none":
                return ASSUMED_VERSION
            with self._version_lock:
                if not self._version_known:
                    self.retrieve_mastodon_version()
        return (self.mastodon_major, self.mastodon_minor, self.mastodon_patch)

    def _known_server_version(self):
        """The server's version as a tuple if it is known (given to the constructor or
        already read), else ``None``; never asks the server."""
        if not self._version_known:
            return None
        return (self.mastodon_major, self.mastodon_minor, self.mastodon_patch)

    def retrieve_mastodon_version(self, fail_hard=False) -> Optional[str]:
        """Read the server's version from its instance information and remember it
        (also ``mastodon_api_version``, the API version Mastodon 4.3 and later report).

        The instance information is read once and kept: after a server upgrade, call
        :meth:`clear_caches` first to read it again.

        Servers that are not Mastodon report a made-up "compatible" Mastodon version or
        their own. When the version string is not plainly Mastodon's, the server's
        nodeinfo is asked which software it runs (:meth:`server_software`); for other
        software (GoToSocial, Pleroma, Akkoma, ...) version checks are turned off for this
        client, so the server's own answer (e.g. a 404 for an endpoint it lacks) reaches
        the caller instead of a guess.

        A read that fails (a network error, an error answer, an answer that is not
        instance information) never stops the call that needed the version: the server
        is taken to be a current Mastodon, version checks are turned off for this client,
        and a warning is logged. With ``fail_hard=True`` it raises
        :class:`MastodonVersionError` instead, the cause chained.

        Returns the version string the server reported (``None`` when it could not be
        read).
        """
        try:
            instance = self._instance_info()
            version_str = instance.get("version") if isinstance(instance, dict) else None
            parsed = (parse_version_string(normalize_version_string(version_str))
                      if isinstance(version_str, str) else None)
            if parsed is None:
                raise MastodonVersionError(
                    f"the server's instance information holds no usable version: {version_str!r}")
        except MastodonIllegalArgumentError:
            raise  # refused before sending: the call itself would be refused the same way
        except MastodonError as exc:
            self.version_check_worked = False
            if fail_hard:
                raise MastodonVersionError(f"could not read the server's version: {exc}") from exc
            # Said once per client (until clear_caches()): asking again fails the same way.
            report = log.debug if self.__dict__.get("_version_read_failed") else log.warning
            report("could not read the server's version (%s); taking it to be a current "
                   "Mastodon, version checks are off", exc)
            self._version_read_failed = True
            self._version_checks_off = True
            self._set_version(ASSUMED_VERSION)
            return None
        self.version_check_worked = True
        self._version_checks_off = False
        if parsed >= (4, 0, 0):
            self._read_api_version()
        software = None
        # Mastodon itself never reported a version below 1.0.
        if parsed < (1, 0, 0) or not _plain_version.fullmatch(version_str.strip()):
            try:
                software = self.server_software().name
            except MastodonIllegalArgumentError:
                raise
            except MastodonError:
                software = None
        if software is not None and software != "mastodon":
            log.info("the server runs %s (reporting Mastodon version %s); version checks are off, "
                     "endpoints it lacks will answer for themselves", software, version_str)
            self._version_checks_off = True
            parsed = max(parsed, ASSUMED_VERSION)
        self._set_version(parsed)
        return version_str

    def _read_api_version(self):
        """``mastodon_api_version`` from the v2 instance information (Mastodon 4.3 and
        later report ``api_versions``); 0 where there is none. Not worth failing for."""
        try:
            info = self._instance_info(2)
        except MastodonIllegalArgumentError:
            raise
        except MastodonError as exc:
            log.debug("no v2 instance information (%s); API version unknown", exc)
            return
        versions = info.get("api_versions") if isinstance(info, dict) else None
        reported = versions.get("mastodon") if isinstance(versions, dict) else None
        try:
            self.mastodon_api_version = int(reported) if reported is not None else 0
        except (TypeError, ValueError):
            self.mastodon_api_version = 0

    def verify_minimum_version(self, version_str, cached=False) -> bool:
        """Whether the server runs at least ``version_str`` (e.g. ``"2.8.0"``).

        With ``cached=False`` (the default) the version is taken from the server's
        instance information (read once and kept, see :meth:`retrieve_mastodon_version`),
        even when it was given to the constructor; with ``cached=True`` a known version
        is used as it is, and only an unknown one is read.
        """
        if not cached or not self._version_known:
            self.retrieve_mastodon_version()
        return self._server_version() >= version_tuple(version_str)

    @staticmethod
    def get_supported_version() -> str:
        """The newest Mastodon version whose whole API this library implements."""
        return SUPPORTED_VERSION
