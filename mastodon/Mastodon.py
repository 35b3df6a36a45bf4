"""The ``Mastodon`` class, composed of one mixin per API area."""

from ._client import Transport
from ._versions import VersionsMixin
from .authentication import AuthenticationMixin
from .instance import InstanceMixin
from .pagination import PaginationMixin
from ._results import AttribAccessDict, AttribAccessList, MastodonId
from .errors import *  # noqa: F401,F403  (the original module exposed every exception here)
from .errors import __all__ as _error_names


class Mastodon(AuthenticationMixin, InstanceMixin, PaginationMixin, VersionsMixin, Transport):
    """A client for one Mastodon server (and, optionally, one user on it).

    Every API endpoint is a method. Results are :class:`AttribAccessDict` (dicts with
    attribute access) and lists of them; errors are :class:`MastodonError` subclasses.
    """


__all__ = ["Mastodon", "AttribAccessDict", "AttribAccessList", "MastodonId", *_error_names]
