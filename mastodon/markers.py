"""Markers: where the user stopped reading a timeline, kept on the server so that every
app the user has picks up at the same place."""

from ._base import ClientBase
from ._versions import api_version
from .errors import MastodonIllegalArgumentError
from .return_types import AttribAccessDict

# The timelines Mastodon keeps markers for.
MARKER_TIMELINES = ("home", "notifications")


def _timeline_names(timelines, name):
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
                    timeline=["home"]) -> AttribAccessDict:  # noqa: B006 (never changed; the contract's default)
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
    def markers_set(self, timelines, last_read_ids) -> AttribAccessDict:
        """Save where the user stopped reading, for every app of theirs to pick up.

        :param timelines: ``"home"``, ``"notifications"``, or a list of them.
        :param last_read_ids: the last status (home) or notification read, one for
            each of ``timelines`` in the same order: IDs or the result dicts
            themselves.

        Returns a dict from timeline name to the saved marker dict. Two apps saving
        the same marker at once can make the server answer 409 (raised as
        :class:`MastodonAPIError`); trying again then works.
        """
        timelines = _timeline_names(timelines, "timelines")
        if isinstance(last_read_ids, (list, tuple)):
            last_read_ids = list(last_read_ids)
        else:
            last_read_ids = [last_read_ids]
        if len(last_read_ids) != len(timelines):
            raise MastodonIllegalArgumentError(
                f"give one last read ID for each timeline: {len(timelines)} timeline(s), "
                f"{len(last_read_ids)} ID(s)")
        if len(set(timelines)) != len(timelines):
            raise MastodonIllegalArgumentError(f"a timeline is named twice in {timelines!r}")
        if any(last_read_id is None for last_read_id in last_read_ids):
            raise MastodonIllegalArgumentError("a last read ID is missing (None)")
        params = {timeline: {"last_read_id": last_read_id}
                  for timeline, last_read_id in zip(timelines, last_read_ids, strict=False)}
        # Nested objects: a JSON body, as Mastodon.py sends it.
        return self._api_request("POST", "/api/v1/markers", params, use_json=True)
