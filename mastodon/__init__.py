"""A fast, safe client for the Mastodon API, a drop-in for Mastodon.py."""

import logging as _logging

from .__version__ import __version__
from ._results import AttribAccessDict, AttribAccessList, MastodonId
from .errors import *  # noqa: F401,F403
from .errors import __all__ as _error_names
from .Mastodon import Mastodon
from .streaming import (
                        CallbackStreamListener,
                        SSEStreamHandle,
                        StreamHandle,
                        StreamListener,
                        WebSocketStreamHandle,
                        WebSocketSubscription,
)

# A library leaves its output to the application: the "mastodon" logger's records go to
# the handlers the application configured, and nowhere (not to stderr, through Python's
# last-resort handler) when it configured none.
_logging.getLogger("mastodon").addHandler(_logging.NullHandler())

__all__ = ["Mastodon", "AttribAccessDict", "AttribAccessList", "MastodonId", "__version__",
           "StreamListener", "CallbackStreamListener", "StreamHandle", "SSEStreamHandle",
           "WebSocketStreamHandle", "WebSocketSubscription", *_error_names]
