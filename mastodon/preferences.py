"""User preferences."""

from ._base import ClientBase
from ._versions import api_version
from .return_types import Preferences


class PreferencesMixin(ClientBase):
    """User preferences."""

    @api_version("2.8.0", "4.5.0")
    def preferences(self) -> Preferences:
        """The logged-in user's preferences, as set in their account settings.

        Returns a preference dict. Its keys contain colons, so read them with
        ``prefs["posting:default:visibility"]`` rather than as attributes:
        ``posting:default:visibility``, ``posting:default:sensitive``,
        ``posting:default:language``, ``reading:expand:media``,
        ``reading:expand:spoilers`` and, on newer servers, more (such as
        ``reading:autoplay:gifs`` and ``posting:default:quote_policy``).
        """
        return self._api_request("GET", "/api/v1/preferences")
