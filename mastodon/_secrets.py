"""Secrets files: what ``create_app`` and ``log_in`` write and the constructor reads.

The line format is Mastodon.py's, so files move between the two:

* app credentials (``create_app(to_file=...)``): client ID, client secret, base URL and
  the app's name (Mastodon.py 2.x's fourth line; readers before it ignore it);
* user credentials (``log_in(to_file=...)``, :meth:`persistable_login_credentials`):
  access token, base URL, and the client ID and secret after them (older files may lack
  them), so that a client made from the file can revoke its token.

One value per line; the base URL may be missing in old files.

A secrets file is a password: it is written atomically (a temporary file in the same
folder, renamed over the target) and readable by its owner only from its first byte on.
"""

import logging
import os
import stat
import tempfile
from collections.abc import Iterable
from typing import TypeGuard

from .errors import MastodonFileNotFoundError, MastodonIOError

log = logging.getLogger("mastodon")


def is_secrets_file(value: object) -> TypeGuard[str | os.PathLike[str]]:
    """Whether a credential argument names an existing file rather than holding a value."""
    return isinstance(value, (str, os.PathLike)) and os.path.isfile(value)


def read_secrets_file(path: str | os.PathLike[str]) -> list[str]:
    """The non-empty lines of a secrets file, stripped. Warns when others may read it."""
    try:
        with open(path, encoding="utf-8") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            content = handle.read()
    except FileNotFoundError:
        raise MastodonFileNotFoundError(f"secrets file not found: {path}") from None
    except OSError as exc:
        raise MastodonIOError(f"cannot read secrets file {path}: {exc}") from exc
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        log.warning("secrets file %s can be read by other users (mode %o); "
                    "run: chmod 600 %s", path, stat.S_IMODE(mode), path)
    return secrets_lines(content)


def secrets_lines(content: str) -> list[str]:
    """The values in the text of a secrets file."""
    return [line.strip() for line in content.splitlines() if line.strip()]


def write_secrets_file(path: str | os.PathLike[str], lines: Iterable[str]) -> None:
    """Write a secrets file atomically, readable and writable by its owner only."""
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    try:
        # mkstemp creates the file with mode 0600, whatever the umask.
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".secret")
    except OSError as exc:
        raise MastodonIOError(f"cannot write secrets file {path}: {exc}") from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write("".join(f"{line}\n" for line in lines))
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except OSError as exc:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise MastodonIOError(f"cannot write secrets file {path}: {exc}") from exc
