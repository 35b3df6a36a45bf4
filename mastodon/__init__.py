"""A fast, safe client for the Mastodon API, a drop-in for Mastodon.py."""

from .__version__ import __version__
from .Mastodon import Mastodon
from ._results import AttribAccessDict, AttribAccessList, MastodonId
from .errors import *  # noqa: F401,F403
from .errors import __all__ as _error_names
from .streaming import CallbackStreamListener, StreamListener

__all__ = ["Mastodon", "AttribAccessDict", "AttribAccessList", "MastodonId", "__version__",
           "StreamListener", "CallbackStreamListener", *_error_names]
