"""Markers: where the user stopped reading a timeline, kept on the server so that every
app the user has picks up at the same place."""

from typing import Any

from ._base import ClientBase
from ._versions import api_version
from .errors import MastodonIllegalArgumentError
from .return_types import AttribAccessDict
from .types_base import IdType

# The timelines Mastodon keeps markers for.
MARKER_TIMELINES = ("home", "notifications")
# One timeline name, or several.
Timelines = str | list[str] | tuple[str, ...]


def _timeline_names(timelines: Timelines, name: str) -> list[str]:
    """A list of marker timeline names from one name or a list of them."""
    if isinstance(timelines, str):
        timelines = [timelines]
    if not isinstance(timelines, (list, tuple)) or not timelines:
        raise MastodonIllegalArgumentError(
            f"{name} must be 'home', 'notifications' or a list of them, not {timelines!r}")
    for timeline in timelines:
        if timeline not in MARKER_TIMELINES:
            raise MastodonIllegalArgumentError(
                f"markers exist for {' and '.join(MARKER_TIMELINES)} only, not {timeline!r}")
    return list(timelines)


class MarkersMixin(ClientBase):
    """Markers: saved reading positions in the home timeline and the notifications."""

    @api_version("3.0.0")
    def markers_get(self,
                    timeline: Timelines = ["home"]) -> AttribAccessDict:  # noqa: B006 (never changed; the contract's default)
        """Where the user stopped reading, as saved by :meth:`markers_set` (from this or
        any other app).

        :param timeline: ``"home"``, ``"notifications"``, or a list of both.

        Returns a dict from timeline name to a marker dict (``last_read_id``,
        ``version``, ``updated_at``). A timeline with no saved marker is missing from
        it.
        """
        return self._api_request("GET", "/api/v1/markers",
                                 {"timeline": _timeline_names(timeline, "timeline")})

    @api_version("3.0.0")
    def markers_set(self, timelines: Timelines,
                    last_read_ids: IdType | list[IdType] | tuple[IdType, ...]) -> AttribAccessDict:
        """Save where the user stopped reading, for every app of theirs to pick up.

        :param timelines: ``"home"``, ``"notifications"``, or a list of them.
        :param last_read_ids: the last status (home) or notification read, one for
            each of ``timelines`` in the same order: IDs or the result dicts
            themselves.

        Returns a dict from timeline name to the saved marker dict. Two apps saving
        the same marker at once can make the server answer 409 (raised as
        :class:`MastodonAPIError`); trying again then works.
        """
        names = _timeline_names(timelines, "timelines")
        ids = list(last_read_ids) if isinstance(last_read_ids, (list, tuple)) else [last_read_ids]
        if len(ids) != len(names):
            raise MastodonIllegalArgumentError(
                f"give one last read ID for each timeline: {len(names)} timeline(s), "
                f"{len(ids)} ID(s)")
        if len(set(names)) != len(names):
            raise MastodonIllegalArgumentError(f"a timeline is named twice in {names!r}")
        if any(last_read_id is None for last_read_id in ids):
            raise MastodonIllegalArgumentError("a last read ID is missing (None)")
        params: dict[str, Any] = {timeline: {"last_read_id": last_read_id}
                                  for timeline, last_read_id in zip(names, ids, strict=False)}
        # Nested objects: a JSON body, as Mastodon.py sends it.
        return self._api_request("POST", "/api/v1/markers", params, use_json=True)
