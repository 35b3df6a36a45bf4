"""A fast, safe client for the Mastodon API, a drop-in for Mastodon.py."""

import logging as _logging
from typing import TYPE_CHECKING

from .__version__ import __version__
from ._results import AttribAccessDict, AttribAccessList, MastodonId
from .errors import *  # noqa: F401,F403
from .errors import __all__ as _error_names
from .Mastodon import Mastodon

# The streaming names are the streaming package's. It is imported on first use of one of
# them (or of a stream), not with the package: most programs never stream, and it costs
# more to import than the rest of the client.
_STREAMING_NAMES = ("StreamListener", "CallbackStreamListener", "StreamHandle", "SSEStreamHandle",
                    "WebSocketStreamHandle", "WebSocketSubscription")

if TYPE_CHECKING:  # type checkers see ordinary imports; at run time, __getattr__ below
    from ._async.Mastodon import AsyncMastodon as AsyncMastodon
    from .streaming import CallbackStreamListener as CallbackStreamListener
    from .streaming import SSEStreamHandle as SSEStreamHandle
    from .streaming import StreamHandle as StreamHandle
    from .streaming import StreamListener as StreamListener
    from .streaming import WebSocketStreamHandle as WebSocketStreamHandle
    from .streaming import WebSocketSubscription as WebSocketSubscription
else:
    def __getattr__(name: str) -> object:
        if name == "AsyncMastodon":  # the asyncio client: aiohttp, imported when asked for
            from ._async.Mastodon import AsyncMastodon

            globals()[name] = AsyncMastodon
            return AsyncMastodon
        if name in _STREAMING_NAMES:
            from . import streaming

            value = getattr(streaming, name)
            globals()[name] = value  # later look-ups find it without this function
            return value
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted({*globals(), *_STREAMING_NAMES, "AsyncMastodon"})

# A library leaves its output to the application: the "mastodon" logger's records go to
# the handlers the application configured, and nowhere (not to stderr, through Python's
# last-resort handler) when it configured none.
_logging.getLogger("mastodon").addHandler(_logging.NullHandler())

__all__ = ["Mastodon", "AttribAccessDict", "AttribAccessList", "MastodonId", "__version__",
           *_STREAMING_NAMES, *_error_names]
