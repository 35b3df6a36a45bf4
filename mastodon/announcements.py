"""Announcements: the notices a server's admins show to all its users, which users
can dismiss and react to with emoji."""

from typing import Any

from ._base import ClientBase
from ._params import path_id
from ._versions import api_version
from .errors import MastodonIllegalArgumentError
from .return_types import Announcement, NonPaginatableList
from .types_base import IdType


def _reaction_name(reaction: object) -> str:
    """The emoji of a reaction for the URL path: a Unicode emoji, a custom emoji's
    shortcode, or a reaction dict (from an announcement's ``reactions``)."""
    if isinstance(reaction, dict):
        reaction = reaction.get("name")
    if not isinstance(reaction, str) or not reaction.strip():
        raise MastodonIllegalArgumentError(
            f"reaction must be a Unicode emoji or a custom emoji's shortcode, not {reaction!r}")
    return path_id(reaction.strip().strip(":"), "reaction")


class AnnouncementsMixin(ClientBase):
    """Announcements."""

    # --- reading ---------------------------------------------------------------

    @api_version("3.1.0")
    def announcements(self) -> NonPaginatableList[Announcement]:
        """The server's announcements that are currently shown, including those the
        logged-in user has already dismissed (their ``read`` is ``True``).

        Returns a list of announcement dicts: ``id``, ``content`` (HTML),
        ``starts_at``, ``ends_at`` and ``all_day`` (for announcements about an
        event), ``published_at``, ``updated_at``, ``read``, the ``mentions``,
        ``statuses``, ``tags`` and ``emojis`` in the content, and ``reactions``
        (each with ``name``, ``count``, ``me`` for the user's own reaction, and
        ``url``/``static_url`` for custom emoji).
        """
        return self._api_request("GET", "/api/v1/announcements")

    # --- writing ---------------------------------------------------------------

    @api_version("3.1.0")
    def announcement_dismiss(self, id: IdType) -> None:
        """Mark an announcement as read by the logged-in user.

        :param id: the announcement's ID (or the announcement dict).

        Returns ``None``, as Mastodon.py does (the server answers with nothing).
        """
        return self._api_request("POST", f"/api/v1/announcements/{path_id(id)}/dismiss")

    @api_version("3.1.0")
    def announcement_reaction_create(self, id: IdType, reaction: str | dict[str, Any]) -> None:
        """React to an announcement with an emoji, as the logged-in user. Reacting
        again with the same emoji changes nothing.

        :param id: the announcement's ID (or the announcement dict).
        :param reaction: a Unicode emoji (``"🎉"``) or the shortcode of one of the
            server's custom emoji (``"blobcat"``; surrounding colons are dropped), or
            a reaction dict from the announcement's ``reactions`` (to join in).

        The server refuses emoji it does not know (``MastodonAPIError``, HTTP 422).

        Returns ``None``, as Mastodon.py does (the server answers with nothing).
        """
        return self._api_request(
            "PUT", f"/api/v1/announcements/{path_id(id)}/reactions/{_reaction_name(reaction)}")

    @api_version("3.1.0")
    def announcement_reaction_delete(self, id: IdType, reaction: str | dict[str, Any]) -> None:
        """Take back the logged-in user's reaction to an announcement.

        :param id: the announcement's ID (or the announcement dict).
        :param reaction: the emoji reacted with: a Unicode emoji, a custom emoji's
            shortcode, or a reaction dict from the announcement's ``reactions``.

        Returns ``None``, as Mastodon.py does (the server answers with nothing).
        """
        return self._api_request(
            "DELETE", f"/api/v1/announcements/{path_id(id)}/reactions/{_reaction_name(reaction)}")
