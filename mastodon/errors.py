"""The exception hierarchy.

Every error the library raises is a :class:`MastodonError`. The tree follows the
original documentation, so ``except MastodonNotFoundError`` and friends keep working::

    MastodonError
    +-- MastodonIllegalArgumentError      (also a ValueError)
    +-- MastodonIOError                   (also an IOError)
    |   +-- MastodonFileNotFoundError
    |   +-- MastodonNetworkError
    |       +-- MastodonReadTimeout
    +-- MastodonAPIError
    |   +-- MastodonNotFoundError          404
    |   +-- MastodonUnauthorizedError      401
    |   +-- MastodonRatelimitError         429
    |   +-- MastodonServerError            5xx
    |       +-- MastodonInternalServerError     500
    |       +-- MastodonBadGatewayError         502
    |       +-- MastodonServiceUnavailableError 503
    |       +-- MastodonGatewayTimeoutError     504
    +-- MastodonVersionError
    +-- MastodonMalformedEventError

Warnings (``warnings.warn``; filter them with ``warnings.simplefilter``)::

    MastodonWarning                       (a Warning)
    +-- MastodonDeprecationWarning
"""

from collections.abc import Mapping
from typing import Any

__all__ = [
    "MastodonError",
    "MastodonIllegalArgumentError",
    "MastodonIOError",
    "MastodonFileNotFoundError",
    "MastodonNetworkError",
    "MastodonReadTimeout",
    "MastodonAPIError",
    "MastodonNotFoundError",
    "MastodonUnauthorizedError",
    "MastodonRatelimitError",
    "MastodonRateLimitError",
    "MastodonServerError",
    "MastodonInternalServerError",
    "MastodonBadGatewayError",
    "MastodonServiceUnavailableError",
    "MastodonGatewayTimeoutError",
    "MastodonVersionError",
    "MastodonMalformedEventError",
    "MastodonWarning",
    "MastodonDeprecationWarning",
]


class MastodonError(Exception):
    """Base class of every error raised by this library."""

    #: On the errors a request raises: what each attempt met, when it was retried.
    attempts: list[str]


class MastodonIllegalArgumentError(ValueError, MastodonError):
    """A call was made with arguments that cannot work; nothing was sent."""


class MastodonIOError(IOError, MastodonError):
    """Base class for errors reading files or talking to the network."""


class MastodonFileNotFoundError(MastodonIOError):
    """A file the call needs (media, secrets file) does not exist."""


class MastodonNetworkError(MastodonIOError):
    """The server could not be reached or the connection broke."""


class MastodonReadTimeout(MastodonNetworkError):
    """The server did not send data within the timeout."""


class MastodonAPIError(MastodonError):
    """The server answered with an error.

    The arguments are, as in the library this one replaces, ``(message, status_code,
    reason, error)``. The same values are available as attributes, together with
    ``details`` (the per-field validation errors a 422 answer carries) and ``headers``
    (the response headers, which never include the request's credentials).
    """

    def __init__(self, message: str = "Mastodon API returned error", status_code: int | None = None,
                 reason: str | None = None, error: str | None = None, details: Any = None,
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message, status_code, reason, error)
        self.status_code = status_code
        self.reason = reason
        self.error = error
        #: The per-field validation errors of a 422 answer, as the server sent them (JSON).
        self.details = details
        self.headers: Mapping[str, str] = headers or {}

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else super().__str__()


class MastodonNotFoundError(MastodonAPIError):
    """The server answered 404: the thing asked for does not exist (or is hidden)."""


class MastodonUnauthorizedError(MastodonAPIError):
    """The server answered 401: the token is missing, invalid or revoked."""


class MastodonRatelimitError(MastodonAPIError):
    """The server answered 429: the rate limit is exhausted."""


# The original documentation spells it both ways; both names are the same class.
MastodonRateLimitError = MastodonRatelimitError


class MastodonServerError(MastodonAPIError):
    """The server failed (any 5xx answer)."""


class MastodonInternalServerError(MastodonServerError):
    """The server answered 500."""


class MastodonBadGatewayError(MastodonServerError):
    """A proxy in front of the server answered 502."""


class MastodonServiceUnavailableError(MastodonServerError):
    """The server answered 503 (overloaded or in maintenance)."""


class MastodonGatewayTimeoutError(MastodonServerError):
    """A proxy in front of the server answered 504."""


class MastodonVersionError(MastodonError):
    """The server's version is too old for the method called."""


class MastodonMalformedEventError(MastodonError):
    """A streaming event could not be parsed."""


class MastodonWarning(Warning):
    """Base class of every warning this library issues: something worked, but not as
    asked (a timeline that will likely stay empty, a parameter the server ignores)."""


class MastodonDeprecationWarning(MastodonWarning):
    """A method or parameter that still works is deprecated: the message names what
    replaces it."""


_BY_STATUS: dict[int, type[MastodonAPIError]] = {
    401: MastodonUnauthorizedError,
    404: MastodonNotFoundError,
    429: MastodonRatelimitError,
    500: MastodonInternalServerError,
    502: MastodonBadGatewayError,
    503: MastodonServiceUnavailableError,
    504: MastodonGatewayTimeoutError,
}


def api_error_class(status_code: int) -> type[MastodonAPIError]:
    """The exception class for an HTTP error status."""
    cls = _BY_STATUS.get(status_code)
    if cls is not None:
        return cls
    return MastodonServerError if status_code >= 500 else MastodonAPIError
