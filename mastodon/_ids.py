"""IDs as the API sends them: :class:`MastodonId`, a string that also works as a number.

Also the base-62 helpers that Pleroma and Akkoma flake IDs need, and the smallest ID a
server gives to things made at a moment (``MastodonId(datetime)``, for ``max_id`` and
``min_id``).
"""

from datetime import datetime
from typing import Any

__all__ = ["MastodonId", "base62_to_int", "int_to_base62"]

_BASE62 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_BASE62_DIGITS = {char: value for value, char in enumerate(_BASE62)}


def base62_to_int(text: str) -> int:
    """The number a base-62 string (digits, then ``a-z``, then ``A-Z``) stands for, as
    Pleroma and Akkoma write their IDs. Raises ``ValueError`` for other characters."""
    value = 0
    try:
        for char in text:
            value = value * 62 + _BASE62_DIGITS[char]
    except KeyError:
        raise ValueError(f"not a base-62 number: {text!r}") from None
    return value


def int_to_base62(value: int) -> str:
    """A non-negative number in base 62, the inverse of :func:`base62_to_int`."""
    if value < 0:
        raise ValueError(f"base 62 writes non-negative numbers, not {value}")
    digits = []
    while True:
        value, digit = divmod(value, 62)
        digits.append(_BASE62[digit])
        if not value:
            return "".join(reversed(digits))


def _id_for_time(when: datetime, flake: bool) -> str:
    """The smallest ID a server gives to things made at ``when`` (a naive ``when`` is local
    time): Mastodon's snowflakes are milliseconds shifted by 16 bits, Pleroma's flake IDs
    milliseconds shifted by 64 bits, written in base 62."""
    milliseconds = int(when.timestamp() * 1000)
    if flake:
        return int_to_base62(milliseconds << 64)
    return str(milliseconds << 16)


_INTEGER_FORMATS = frozenset("bdoxXneEfFgG%")


class MastodonId(str):
    """An ID as the API sends it: a string, which also works as a number.

    ``MastodonId("109") == "109"`` and ``MastodonId("109") == 109`` are both true,
    ``int()``, ``'%d' %`` and ``operator.index()`` convert it, and numeric IDs order
    numerically (``"9" < "10"``). Compared with anything else (``None``, a float), it
    answers as Python does for unrelated types: not equal, and no order. Its hash is the
    string's, so use string keys when you index dicts by ID.

    ``MastodonId(value)`` takes a string, an int, or a ``datetime`` (the smallest ID of
    that moment, for ``max_id``/``min_id``); ``assume_pleroma=True`` makes the ID a
    Pleroma/Akkoma flake ID. :meth:`to_datetime` reads the time back out of an ID.
    Mastodon.py calls this type ``MaybeSnowflakeIdType``.
    """

    __slots__ = ()
    #: Whether the ID is read as a Pleroma/Akkoma flake ID (base 62) even when it is all digits.
    assume_pleroma = False

    def __new__(cls, value: str | int | datetime, assume_pleroma: bool = False) -> "MastodonId":
        if isinstance(value, datetime):
            value = _id_for_time(value, assume_pleroma)
        elif isinstance(value, bool) or not isinstance(value, (str, int)):
            raise TypeError(f"an ID is a str, an int or a datetime, not {type(value).__name__}")
        kind: type[MastodonId] = _FlakeId if assume_pleroma and cls is MastodonId else cls
        return str.__new__(kind, value)

    def _numeric(self) -> bool:
        return self.isascii() and self.isdigit()

    def __int__(self) -> int:
        return int(str.__str__(self))

    def __index__(self) -> int:
        if not self._numeric():
            raise TypeError(f"the ID {str.__str__(self)!r} is not a number")
        return int(str.__str__(self))

    def __format__(self, spec: str) -> str:
        # Numeric presentation types format the number (f"{status.id:d}"); everything
        # else formats the string, as for any str.
        if spec and spec[-1] in _INTEGER_FORMATS:
            return format(int(self), spec)
        return str.__format__(self, spec)

    def _milliseconds(self) -> int | None:
        """When the ID was made, in milliseconds since the epoch, or ``None``."""
        if self._numeric():
            return int(str.__str__(self)) >> 16
        return self._flake_milliseconds()

    def _flake_milliseconds(self) -> int | None:
        try:
            value = base62_to_int(str.__str__(self))
        except ValueError:
            return None
        # A 128-bit flake ID starts with its 64-bit timestamp; a smaller number is a
        # Mastodon snowflake that was written in base 62.
        return value >> 64 if value >> 64 else value >> 16

    def to_datetime(self) -> datetime | None:
        """The time the server made the ID, as a naive local ``datetime`` (as Mastodon.py
        gives it; ``.astimezone()`` makes it aware), or ``None`` for an ID that holds no
        time (servers that do not use snowflake IDs)."""
        milliseconds = self._milliseconds()
        if milliseconds is None:
            return None
        try:
            return datetime.fromtimestamp(milliseconds / 1000)
        except (OverflowError, OSError, ValueError):
            return None

    def __eq__(self, other: object) -> bool:
        if isinstance(other, int) and not isinstance(other, bool):
            return self._numeric() and int(self) == other
        return str.__eq__(self, other)  # NotImplemented for what is not a string

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        # NotImplemented lets Python ask the other side, then fall back to identity:
        # `not NotImplemented` would be False, making `reply_id != None` false.
        return equal if equal is NotImplemented else not equal

    __hash__ = str.__hash__

    def _key(self, other: object) -> tuple[Any, Any] | None:
        """The pair to compare, numbers when both are, or ``None`` when ``other`` is not
        comparable with an ID."""
        if isinstance(other, int) and not isinstance(other, bool):
            if self._numeric():
                return int(self), other
            return None
        if isinstance(other, str):
            if self._numeric() and other.isascii() and other.isdigit():
                return int(self), int(other)
            return str(self), str(other)
        return None

    def __lt__(self, other: object) -> bool:
        pair = self._key(other)
        return NotImplemented if pair is None else bool(pair[0] < pair[1])

    def __le__(self, other: object) -> bool:
        pair = self._key(other)
        return NotImplemented if pair is None else bool(pair[0] <= pair[1])

    def __gt__(self, other: object) -> bool:
        pair = self._key(other)
        return NotImplemented if pair is None else bool(pair[0] > pair[1])

    def __ge__(self, other: object) -> bool:
        pair = self._key(other)
        return NotImplemented if pair is None else bool(pair[0] >= pair[1])

    def __repr__(self) -> str:
        return str.__repr__(self)

    def __reduce__(self) -> tuple[type["MastodonId"], tuple[str]]:
        return (type(self), (str.__str__(self),))


class _FlakeId(MastodonId):
    """An ID known to be a Pleroma/Akkoma flake ID (``MastodonId(..., assume_pleroma=True)``):
    its time is read from base 62 even when it happens to be all digits."""

    __slots__ = ()
    assume_pleroma = True

    def _milliseconds(self) -> int | None:
        return self._flake_milliseconds()
