"""Media: uploading and describing attachments, and blurhash decoding."""

from ._client import unpack_id
from ._versions import api_version


class MediaMixin:
    """Media: uploading and describing attachments, and blurhash decoding."""
