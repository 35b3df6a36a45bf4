"""The base every API-area mixin builds on.

``ClientBase`` is the transport (``_client.Transport``: the constructor's settings, the
session and ``_api_request``). The few methods one area's mixin calls from another are
declared here for the type checker, so that each mixin type-checks on its own; the
``Mastodon`` class (``Mastodon.py``) brings the real ones together.
"""

from typing import TYPE_CHECKING, Any

from ._client import Transport

if TYPE_CHECKING:  # for the declarations below only
    from .return_types import Status
    from .types_base import IdType

__all__ = ["ClientBase"]


class ClientBase(Transport):
    """The transport, as the endpoint mixins see it."""

    if TYPE_CHECKING:
        # versions.py
        def _instance_info(self, version: int | None = None, refresh: bool = False) -> Any: ...
        def _server_version(self) -> tuple[int, int, int]: ...
        def _known_server_version(self) -> tuple[int, int, int] | None: ...
        def retrieve_mastodon_version(self, fail_hard: bool = False) -> str | None: ...
        def _Mastodon__instance(self, cached: bool = False) -> Any: ...
        def _Mastodon__instance_v2(self, cached: bool = False) -> Any: ...
        # instance.py
        def server_software(self, refresh: bool = False) -> Any: ...
        def _oauth_server_info(self, allow_http: bool = False) -> Any: ...
        # statuses.py
        def status(self, id: IdType) -> Status: ...
        # pagination.py (streaming catch-up pages through conversations)
        def fetch_next(self, previous_page: Any) -> Any: ...
