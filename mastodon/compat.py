"""Which optional features can work here, under the names Mastodon.py 2.x users check.

Each flag is the answer of the check the feature itself makes before it runs (the
same imports, of the packages its extra installs), so a true flag means the feature
works::

    import mastodon.compat
    if mastodon.compat.IMPL_HAS_BLURHASH:
        pixels = api.decode_blurhash(media.blurhash)

- ``IMPL_HAS_BLURHASH``: :meth:`~mastodon.Mastodon.decode_blurhash` (``mastodon[blurhash]``).
- ``IMPL_HAS_CRYPTO`` and ``IMPL_HAS_ECE``: web push key generation and decryption
  (``mastodon[webpush]``: ``cryptography`` and ``http_ece``). Web push needs both
  packages, so both flags are true exactly when it works.
- ``IMPL_HAS_WEBSOCKET``: the WebSocket streaming transport (``mastodon[websocket]``).
- ``IMPL_HAS_GRAPHEME``: counting user-perceived characters, as
  :meth:`~mastodon.Mastodon.get_status_length` does; built in, always true.

The modules themselves are here too (``blurhash``, ``http_ece``, ``ec``,
``serialization``, ``cryptography``, ``websocket``), ``None`` where not installed.
"""

import importlib
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import TypeVar
from urllib.parse import urlparse

from .errors import MastodonIllegalArgumentError
from .media import _blurhash_module
from .push import _webpush_modules
from .streaming import import_websocket

_T = TypeVar("_T")


def _available(check: Callable[[], _T]) -> _T | None:
    """What a feature's own check gives (its module or modules), or ``None`` when it
    says the packages are missing."""
    try:
        return check()
    except MastodonIllegalArgumentError:
        return None


blurhash = _available(_blurhash_module)
IMPL_HAS_BLURHASH = blurhash is not None

_webpush = _available(_webpush_modules)
IMPL_HAS_CRYPTO = IMPL_HAS_ECE = _webpush is not None
ec, serialization, http_ece = _webpush or (None, None, None)
cryptography = importlib.import_module("cryptography") if IMPL_HAS_CRYPTO else None

websocket = _available(import_websocket)
IMPL_HAS_WEBSOCKET = websocket is not None

# Status lengths count grapheme clusters with our own tables; no package is needed.
IMPL_HAS_GRAPHEME = True

__all__ = ["IMPL_HAS_BLURHASH", "IMPL_HAS_CRYPTO", "IMPL_HAS_ECE", "IMPL_HAS_WEBSOCKET",
           "IMPL_HAS_GRAPHEME", "blurhash", "http_ece", "ec", "serialization", "cryptography",
           "websocket", "urlparse", "Path", "PurePath"]
