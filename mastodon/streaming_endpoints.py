"""The streaming API: stream_user, stream_public and the other streams."""

from ._client import unpack_id
from ._versions import api_version


class StreamingEndpointsMixin:
    """The streaming API: stream_user, stream_public and the other streams."""
