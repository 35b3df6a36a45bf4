"""Web push subscriptions, and decrypting the pushes they deliver."""

from ._client import unpack_id
from ._versions import api_version


class PushMixin:
    """Web push subscriptions, and decrypting the pushes they deliver."""
