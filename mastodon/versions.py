"""Reading the server's version and instance information, and checking versions."""

import logging
import re
from typing import Any

from ._base import ClientBase
from ._versions import (
    ASSUMED_VERSION,
    SUPPORTED_VERSION,
    _plain_version,
    normalize_version_string,
    parse_version_string,
    version_tuple,
)
from .errors import (
    MastodonAPIError,
    MastodonError,
    MastodonIllegalArgumentError,
    MastodonNotFoundError,
    MastodonVersionError,
)

log = logging.getLogger("mastodon")


class VersionsMixin(ClientBase):
    """Reading the server's version and checking it."""

    def _instance_info(self, version: int | None = None, refresh: bool = False) -> Any:
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

    def _read_instance(self, version: int, cached: bool) -> Any:
        """One format of the instance information, asked for where Mastodon.py asks
        (``/api/v1/instance/`` and ``/api/v2/instance/``, with the slash: exact-URL mocks
        and recorded cassettes notice), and kept."""
        caches = self.__dict__.setdefault("_instance_caches", {})
        if cached and caches.get(version) is not None:
            return caches[version]
        instance = self._Mastodon__api_request("GET", f"/api/v{version}/instance/")
        caches[version] = instance
        return instance

    def _Mastodon__instance(self, cached: bool = False) -> Any:
        """Format 1 of the instance information (Mastodon.py's private name for it);
        ``cached=True`` answers from what was read before, if anything was."""
        return self._read_instance(1, cached)

    def _Mastodon__instance_v2(self, cached: bool = False) -> Any:
        """Format 2 of the instance information (Mastodon.py's private name for it);
        ``cached=True`` answers from what was read before, if anything was."""
        return self._read_instance(2, cached)

    def _Mastodon__normalize_version_string(self, version_string: str | None) -> str:
        """Mastodon.py's private name for :func:`normalize_version_string`."""
        return normalize_version_string(version_string)

    def _server_version(self) -> tuple[int, int, int]:
        """The server's version as a tuple. Unknown, it is read from the server once
        when version checks are on; with ``version_check_mode="none"`` nothing is sent
        just to learn it, and the server is taken to be a current Mastodon."""
        if not self._version_known:
            if self.version_check_mode == "none":
                return ASSUMED_VERSION
            with self._version_lock:
                if not self._version_known:
                    self.retrieve_mastodon_version()
        known = self._known_server_version()
        # Reading the version always leaves one known; only parts set to None by hand
        # leave none, and the server is then taken to be current, as when unknown.
        return ASSUMED_VERSION if known is None else known

    def _known_server_version(self) -> tuple[int, int, int] | None:
        """The server's version as a tuple if it is known (given to the constructor or
        already read), else ``None``; never asks the server."""
        major, minor, patch = self.mastodon_major, self.mastodon_minor, self.mastodon_patch
        if not self._version_known or major is None or minor is None or patch is None:
            return None
        return major, minor, patch

    def retrieve_mastodon_version(self, fail_hard: bool = False) -> str | None:
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
            reported = instance.get("version") if isinstance(instance, dict) else None
            version_str = reported if isinstance(reported, str) else ""
            parsed = parse_version_string(normalize_version_string(version_str))
            if parsed is None:
                raise MastodonVersionError(
                    f"the server's instance information holds no usable version: {reported!r}")
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
        if parsed < (1, 0, 0) or not re.fullmatch(_plain_version, version_str.strip()):
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

    def _read_api_version(self) -> None:
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

    def verify_minimum_version(self, version_str: str | tuple[int, ...],
                               cached: bool = False) -> bool:
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
