"""Custom emojis."""

from ._base import ClientBase
from ._versions import api_version
from .return_types import CustomEmoji, NonPaginatableList


class EmojiMixin(ClientBase):
    """Custom emojis."""

    @api_version("2.1.0", "3.0.0")
    def custom_emojis(self) -> NonPaginatableList[CustomEmoji]:
        """The custom emojis available on the server. Works without logging in.

        Returns a list of emoji dicts: ``shortcode`` (without colons), ``url``,
        ``static_url`` (never animated), ``visible_in_picker`` and, since Mastodon
        3.0.0, ``category``.
        """
        return self._api_request("GET", "/api/v1/custom_emojis")
