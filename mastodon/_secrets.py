"""Secrets files: what ``create_app`` and ``log_in`` write and the constructor reads.

The line format is the original library's, so files move between the two:

* app credentials (``create_app(to_file=...)``): client ID, client secret, base URL;
* user credentials (``log_in(to_file=...)``): access token, base URL, and optionally
  the client ID and secret after them (files from newer clients have them).

One value per line; the base URL may be missing in old files.
"""

import os

from .errors import MastodonFileNotFoundError, MastodonIOError


def is_secrets_file(value):
    """Whether a credential argument names an existing file rather than holding a value."""
    return isinstance(value, (str, os.PathLike)) and os.path.isfile(value)


def read_secrets_file(path):
    """The non-empty lines of a secrets file, stripped."""
    try:
        with open(path, encoding="utf-8") as handle:
            return [line.strip() for line in handle.read().splitlines() if line.strip()]
    except FileNotFoundError:
        raise MastodonFileNotFoundError(f"secrets file not found: {path}") from None
    except OSError as exc:
        raise MastodonIOError(f"cannot read secrets file {path}: {exc}") from exc


def write_secrets_file(path, lines):
    """Write a secrets file, one value per line."""
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("".join(f"{line}\n" for line in lines))
    except OSError as exc:
        raise MastodonIOError(f"cannot write secrets file {path}: {exc}") from exc
