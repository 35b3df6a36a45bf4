"""Streaming: the listeners, the Server-Sent Events and WebSocket readers, and the
handle that keeps a stream running, reconnects it and catches up on what it missed.

A stream is described by one or more subscriptions (``user``, ``public:local``,
``hashtag`` with a tag, ...). A :class:`StreamHandle` opens a connection for them over
Server-Sent Events or WebSocket, reads events from it and hands them to the listener.

One module per job:

- :mod:`.events`: the table of events, what readers yield, payload parsing;
- :mod:`.sse`: the SSE parser, the response readers and the SSE connection;
- :mod:`.websocket`: WebSocket messages, the connection and its handshake;
- :mod:`.connection`: opening a connection over either transport, under the
  connection policy;
- :mod:`.catchup`: filling the gap a reconnect leaves, from the REST API;
- :mod:`.subscriptions`: the streams by name;
- :mod:`.listeners`: ``StreamListener``, ``CallbackStreamListener`` and delivering an
  event to a listener;
- :mod:`.handle`: the handles (lifecycle, reconnecting, routing).

Every name code imports from ``mastodon.streaming`` is here.
"""

# The names of __all__ and, as re-exports ("X as X"), the others code imports from here.
from .._results import MastodonId as MastodonId
from ..errors import MastodonAPIError as MastodonAPIError
from ..errors import MastodonError as MastodonError
from ..errors import MastodonIllegalArgumentError as MastodonIllegalArgumentError
from ..errors import MastodonMalformedEventError as MastodonMalformedEventError
from ..errors import MastodonNetworkError as MastodonNetworkError
from ..errors import MastodonReadTimeout as MastodonReadTimeout
from ..errors import MastodonVersionError as MastodonVersionError
from .catchup import CatchUpSource as CatchUpSource
from .events import EVENTS as EVENTS
from .events import Event as Event
from .events import malformed_event_error as malformed_event_error
from .handle import SSEStreamHandle, StreamHandle, WebSocketStreamHandle, WebSocketSubscription
from .listeners import CallbackStreamListener, StreamListener
from .sse import SSEParser as SSEParser
from .subscriptions import Subscription as Subscription
from .subscriptions import direct_subscription as direct_subscription
from .subscriptions import hashtag_subscription as hashtag_subscription
from .subscriptions import list_subscription as list_subscription
from .subscriptions import public_subscription as public_subscription
from .subscriptions import subscription_for as subscription_for
from .subscriptions import user_notification_subscription as user_notification_subscription
from .subscriptions import user_subscription as user_subscription
from .websocket import WEBSOCKET_EXTRA_HINT as WEBSOCKET_EXTRA_HINT
from .websocket import import_websocket as import_websocket

__all__ = ["StreamListener", "CallbackStreamListener", "StreamHandle", "SSEStreamHandle",
           "WebSocketStreamHandle", "WebSocketSubscription"]
