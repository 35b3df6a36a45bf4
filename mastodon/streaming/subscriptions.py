"""Streams by name: a :class:`Subscription` says how to reach one stream over each
transport (an SSE path and query, the WebSocket stream name and parameters), how a
WebSocket message names it, and where its events can be caught up on.

The ``*_subscription`` builders make the streams of the ``stream_*`` methods;
:func:`subscription_for` makes one from its WebSocket name, as
:meth:`WebSocketStreamHandle.subscribe <mastodon.WebSocketStreamHandle.subscribe>` takes it.
"""

from collections.abc import Callable, Iterable, Mapping, MutableMapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..errors import MastodonIllegalArgumentError
from .catchup import CatchUpSource

if TYPE_CHECKING:
    from .listeners import StreamListener

__all__ = ["Subscription", "SubscriptionView", "direct_subscription", "hashtag_subscription",
           "list_subscription", "public_subscription", "subscription_for",
           "user_notification_subscription", "user_subscription"]


class Subscription:
    """One stream a handle receives: its name and parameters, how to reach it over each
    transport, and where to catch up on it."""

    def __init__(self, stream: str, sse_path: str | None, params: Mapping[str, Any] | None = None,
                 sources: Iterable[CatchUpSource] = (), listener: "StreamListener | None" = None,
                 sse_query: Mapping[str, str] | None = None) -> None:
        self.stream = stream
        self.sse_path = sse_path  # None: a stream only a WebSocket can name
        self.params = dict(params or {})  # tag / list
        self.sources = list(sources)
        self.listener = listener
        self.sse_query = dict(sse_query or {})  # what the SSE URL adds (only_media)

    def sse_params(self) -> dict[str, Any]:
        """The query of the SSE request for this stream."""
        return {**self.params, **self.sse_query} if self.sse_query else self.params

    @property
    def for_stream(self) -> list[str]:
        """The stream as WebSocket messages name it: ``["hashtag", "python"]``."""
        extra = [str(v) for k, v in self.params.items() if v is not None]
        return [self.stream, *extra]

    def ws_params(self) -> dict[str, str]:
        """The parameters naming this stream on a WebSocket."""
        return {"stream": self.stream, **{k: str(v) for k, v in self.params.items()}}

    def matches(self, stream: str, tag: Any = None, list_id: Any = None) -> bool:
        """Whether this is the stream with that name and tag or list."""
        if stream != self.stream:
            return False
        wanted_tag = self.params.get("tag")
        if wanted_tag is not None and (tag is None or str(tag).lower() != str(wanted_tag).lower()):
            return False
        if "list" in self.params and (list_id is None or str(list_id) != str(self.params["list"])):
            return False
        return True

    def same_stream(self, other: "Subscription") -> bool:
        """Whether ``other`` names the same stream (a hashtag whatever its case)."""
        if self.sse_path is None or other.sse_path is None:  # streams only a server knows
            return self.ws_params() == other.ws_params()
        return other.matches(self.stream, self.params.get("tag"), self.params.get("list"))

    def matches_message(self, stream_field: list[Any] | None) -> bool:
        """Whether a WebSocket message's ``stream`` field names this stream."""
        if not stream_field:
            return False
        name = stream_field[0]
        value = stream_field[1] if len(stream_field) > 1 else None
        return self.matches(name, tag=value if "tag" in self.params else None,
                            list_id=value if "list" in self.params else None)

    def source_for(self, event: str) -> CatchUpSource | None:
        """The catch-up source for an event name, if there is one."""
        for source in self.sources:
            if source.event == event:
                return source
        return None


# --- the streams, by name --------------------------------------------------------------

def _timeline_source(path: str, params: Mapping[str, Any] | None = None) -> CatchUpSource:
    return CatchUpSource("update", path, params)


def user_subscription(listener: "StreamListener | None" = None) -> Subscription:
    """The user's home timeline and notifications."""
    return Subscription("user", "/api/v1/streaming/user", sources=[
        _timeline_source("/api/v1/timelines/home"),
        CatchUpSource("notification", "/api/v1/notifications")], listener=listener)


def user_notification_subscription(listener: "StreamListener | None" = None) -> Subscription:
    """The user's notifications only."""
    return Subscription("user:notification", "/api/v1/streaming/user/notification", sources=[
        CatchUpSource("notification", "/api/v1/notifications")], listener=listener)


def public_subscription(local: bool = False, remote: bool = False, only_media: bool = False,
                        listener: "StreamListener | None" = None) -> Subscription:
    """The federated timeline, or its local or remote part; with ``only_media``, only
    statuses with media attachments (the ``public:media`` streams)."""
    if local and remote:
        raise MastodonIllegalArgumentError(
            "local and remote exclude each other: together they select nothing")
    stream, path = "public", "/api/v1/streaming/public"
    rest: dict[str, Any] = {}
    if local:
        stream, path, rest = "public:local", path + "/local", {"local": True}
    elif remote:
        stream, path, rest = "public:remote", path + "/remote", {"remote": True}
    query = None
    if only_media:
        # Over SSE a parameter narrows the same path; over WebSocket the stream has a
        # name of its own.
        stream, query = stream + ":media", {"only_media": "true"}
        rest["only_media"] = True
    source = _timeline_source("/api/v1/timelines/public", rest or None)
    return Subscription(stream, path, sources=[source], listener=listener, sse_query=query)


def hashtag_subscription(tag: Any, local: bool = False,
                         listener: "StreamListener | None" = None) -> Subscription:
    """A hashtag's timeline (all servers, or this one)."""
    if not isinstance(tag, str) or not tag.strip():
        raise MastodonIllegalArgumentError(f"tag must be a hashtag name, not {tag!r}")
    if tag.startswith("#"):
        raise MastodonIllegalArgumentError(
            f"give the hashtag without its leading '#': {tag[1:]!r}, not {tag!r}")
    rest = "/api/v1/timelines/tag/" + quote(tag, safe="")
    if local:
        return Subscription("hashtag:local", "/api/v1/streaming/hashtag/local", {"tag": tag},
                            [_timeline_source(rest, {"local": True})], listener)
    return Subscription("hashtag", "/api/v1/streaming/hashtag", {"tag": tag},
                        [_timeline_source(rest)], listener)


def list_subscription(list_id: Any, listener: "StreamListener | None" = None) -> Subscription:
    """A list's timeline; ``list_id`` is a list's ID or a list dict."""
    if isinstance(list_id, dict) and "id" in list_id:
        list_id = list_id["id"]
    if list_id is None or isinstance(list_id, (dict, list, tuple, set, bool)) \
            or not str(list_id).strip():
        raise MastodonIllegalArgumentError(f"id must be a list ID or list dict, not {list_id!r}")
    rest = "/api/v1/timelines/list/" + quote(str(list_id), safe="")
    return Subscription("list", "/api/v1/streaming/list", {"list": list_id},
                        [_timeline_source(rest)], listener)


def direct_subscription(listener: "StreamListener | None" = None) -> Subscription:
    """The user's direct conversations."""
    return Subscription("direct", "/api/v1/streaming/direct", sources=[
        CatchUpSource("conversation", "/api/v1/conversations", by_last_status=True)],
        listener=listener)


def _list_param(params: MutableMapping[str, Any]) -> Any:
    """Take the list out of WebSocket-style parameters: ``list=`` as the API names it,
    or ``list_id=``."""
    if "list" in params and "list_id" in params:
        raise MastodonIllegalArgumentError("give the list as list= or list_id=, not both")
    return params.pop("list", params.pop("list_id", None))


# Stream name -> how to build it from WebSocket-style parameters (tag=, list=), which
# it takes out of them.
_STREAMS: dict[str, Callable[[dict[str, Any]], Subscription]] = {
    "user": lambda p: user_subscription(),
    "user:notification": lambda p: user_notification_subscription(),
    "direct": lambda p: direct_subscription(),
    "public": lambda p: public_subscription(),
    "public:local": lambda p: public_subscription(local=True),
    "public:remote": lambda p: public_subscription(remote=True),
    "public:media": lambda p: public_subscription(only_media=True),
    "public:local:media": lambda p: public_subscription(local=True, only_media=True),
    "public:remote:media": lambda p: public_subscription(remote=True, only_media=True),
    "hashtag": lambda p: hashtag_subscription(p.pop("tag", None)),
    "hashtag:local": lambda p: hashtag_subscription(p.pop("tag", None), local=True),
    "list": lambda p: list_subscription(_list_param(p)),
}


def subscription_for(stream: str, params: Mapping[str, Any]) -> Subscription:
    """The subscription for a stream named as the WebSocket API names it, with its
    parameters. A name this library does not know is passed through as given (with no
    catch-up): the server judges it."""
    if not isinstance(stream, str) or not stream.strip():
        raise MastodonIllegalArgumentError(f"stream must be a stream name, not {stream!r}")
    remaining = dict(params)
    build = _STREAMS.get(stream)
    if build is None:
        return Subscription(stream, None, {k: v for k, v in remaining.items() if v is not None})
    subscription = build(remaining)
    if remaining:
        raise MastodonIllegalArgumentError(
            f"the {stream} stream takes no {', '.join(sorted(remaining))} parameter")
    return subscription


class SubscriptionView:
    """What a user sees of one stream on a shared WebSocket connection (the sync
    ``WebSocketSubscription`` and the asyncio one build on it): ``stream``, its name;
    ``params``, its parameters (``{"tag": "python"}``); ``listener``, the listener it
    delivers to (``None``: the handle's)."""

    def __init__(self, handle: Any, subscription: Subscription) -> None:
        self.handle = handle
        self._subscription = subscription

    @property
    def stream(self) -> str:
        return self._subscription.stream

    @property
    def params(self) -> dict[str, Any]:
        return dict(self._subscription.params)

    @property
    def listener(self) -> "StreamListener | None":
        return self._subscription.listener
