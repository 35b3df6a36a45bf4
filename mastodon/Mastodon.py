"""The ``Mastodon`` class, composed of one mixin per API area.

The module also re-exports what Mastodon.py users import from ``mastodon.Mastodon``: the
errors and warnings (``from mastodon.Mastodon import MastodonNotFoundError``), the entity
classes and the ``mastodon.types_base`` names, ``parse_version_string`` and
``api_version``. (The optional-feature flags are in :mod:`mastodon.compat`, which is
imported only when asked for: checking them imports the optional packages.)
"""


from ._base import ClientBase
from ._results import AttribAccessDict, AttribAccessList, MastodonId
from ._versions import api_version, parse_version_string
from .accounts import AccountsMixin
from .admin_accounts import AdminAccountsMixin
from .admin_insights import AdminInsightsMixin
from .admin_moderation import AdminModerationMixin
from .announcements import AnnouncementsMixin
from .async_refresh import AsyncRefreshMixin
from .authentication import AuthenticationMixin
from .collections import CollectionsMixin
from .emoji import EmojiMixin
from .errors import *  # noqa: F401,F403  (the original module exposed every exception here)
from .errors import __all__ as _error_names
from .favourites import FavouritesMixin
from .filters import FiltersMixin
from .instance import InstanceMixin
from .lists import ListsMixin
from .markers import MarkersMixin
from .media import MediaMixin
from .notifications import NotificationsMixin
from .pagination import PaginationMixin
from .polls import PollsMixin
from .preferences import PreferencesMixin
from .profile import ProfileMixin
from .push import PushMixin
from .relationships import RelationshipsMixin
from .reports import ReportsMixin
from .return_types import *  # noqa: F401,F403  (Mastodon.py's module exposes every entity)
from .return_types import __all__ as _entity_names
from .search import SearchMixin
from .statuses import StatusesMixin
from .statuses_posting import StatusPostingMixin
from .streaming_endpoints import StreamingEndpointsMixin
from .tags import TagsMixin
from .timelines import TimelinesMixin
from .trends import TrendsMixin
from .versions import VersionsMixin


class Mastodon(AuthenticationMixin, InstanceMixin, AccountsMixin, ProfileMixin, RelationshipsMixin,
               StatusesMixin, StatusPostingMixin, PollsMixin, TimelinesMixin, NotificationsMixin,
               MarkersMixin,
               AsyncRefreshMixin, FavouritesMixin, ListsMixin, SearchMixin, FiltersMixin,
               TagsMixin, CollectionsMixin, AnnouncementsMixin, TrendsMixin, ReportsMixin,
               PreferencesMixin, EmojiMixin, AdminAccountsMixin, AdminModerationMixin,
               AdminInsightsMixin, MediaMixin, PushMixin, StreamingEndpointsMixin,
               PaginationMixin, VersionsMixin, ClientBase):
    """A client for one Mastodon server (and, optionally, one user on it).

    Every API endpoint is a method. Results are :class:`AttribAccessDict` (dicts with
    attribute access) and lists of them; errors are :class:`MastodonError` subclasses.
    """


__all__ = ["Mastodon", "AttribAccessDict", "AttribAccessList", "MastodonId", "api_version",
           "parse_version_string", *_error_names,
           *(name for name in _entity_names if name not in ("AttribAccessDict",
                                                            "AttribAccessList", "MastodonId"))]
