"""Which JSON parser reads the server's answers: the speed extra's, or the standard library's.

With the speed extra installed (``pip install "mastodon[speed]"``, which installs
msgspec), answers are decoded by msgspec's compiled parser and then given their
entity classes, IDs and dates by :mod:`mastodon._results`; without it, by the standard
library's ``json`` with the same conversion applied as it reads. The results are the
same either way: what msgspec refuses but the standard library reads (``NaN``,
``Infinity``, numbers beyond a double, lone surrogates, a byte order mark, UTF-16 and
UTF-32 bodies) and invalid JSON are handed to the standard library, so its values and
its errors are what the caller gets.

msgspec rather than orjson: orjson reads integers beyond 64 bits as floats, without an
error, so each of its results would need checking; msgspec reads them as ``int``, as the
standard library does, and it is as fast here.

``MASTODON_JSON=json`` in the environment (read at import) makes this process use the
standard library; :func:`use` switches while it runs (the tests and the benchmark
compare both).
"""

import importlib.util
import os
import warnings
from collections.abc import Callable
from typing import Any

__all__ = ["BACKEND", "PARSERS", "use", "compiled_decoder"]

#: What :func:`use` accepts: the compiled parser, and the standard library.
PARSERS = ("msgspec", "json")
_COMPILED = "msgspec"
_EXTRA_HINT = 'the speed extra is not installed: pip install "mastodon[speed]"'

# The compiled parser's decode function once imported (importing msgspec costs more than
# the rest of this library's import, so it waits for the first answer).
_decode: Callable[[str | bytes | bytearray], Any] | None = None


def use(name: str) -> str:
    """Parse answers with ``name`` from now on, in this process: ``"msgspec"`` (the speed
    extra) or ``"json"`` (the standard library). Returns the name in use before.

    Raises ``ValueError`` for another name and ``ImportError`` when msgspec is not
    installed."""
    global BACKEND
    if name not in PARSERS:
        raise ValueError(f"unknown JSON parser {name!r}: use one of {', '.join(PARSERS)}")
    if name == _COMPILED and importlib.util.find_spec(_COMPILED) is None:
        raise ImportError(_EXTRA_HINT)
    previous, BACKEND = BACKEND, name
    return previous


def compiled_decoder() -> Callable[[str | bytes | bytearray], Any] | None:
    """The compiled parser's decode function (plain dicts, lists, strings and numbers; it
    raises ``ValueError`` or ``RecursionError`` for what it refuses), or ``None`` when the
    standard library is in use."""
    global _decode
    if BACKEND == "json":
        return None
    if _decode is None:
        import msgspec.json

        _decode = msgspec.json.Decoder().decode
    return _decode


def _from_environment() -> str:
    """The parser a new process starts with: ``MASTODON_JSON`` if set, else the compiled
    one when it is installed."""
    wanted = os.environ.get("MASTODON_JSON", "").strip().lower()
    if wanted:
        if wanted in PARSERS and (wanted == "json" or importlib.util.find_spec(wanted)):
            return wanted
        warnings.warn(f"MASTODON_JSON={wanted!r} ignored: "
                      + (_EXTRA_HINT if wanted == _COMPILED else f"use one of {', '.join(PARSERS)}"),
                      RuntimeWarning, stacklevel=2)
    return _COMPILED if importlib.util.find_spec(_COMPILED) is not None else "json"


#: The parser this process uses: "msgspec" or "json" (the standard library).
BACKEND: str = _from_environment()
