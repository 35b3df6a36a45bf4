"""Files for multipart uploads (media, thumbnails, avatars and headers) and the small
parameter helpers several API areas share: MIME type sniffing, focal points, profile
fields. Kept below the mixins, so that no mixin imports another."""

import io
import math
import mimetypes
import os
from collections.abc import Iterable, Mapping, Sequence
from contextlib import ExitStack
from typing import IO

from .errors import MastodonFileNotFoundError, MastodonIllegalArgumentError, MastodonIOError
from .types_base import PathOrFile

#: One file of a multipart upload: ``(file name, content, MIME type)``.
UploadFile = tuple[str, bytes | IO[bytes], str]
#: What an upload takes: a path, bytes, or a binary file object.
UploadSource = PathOrFile | bytes | bytearray | memoryview
#: A profile field as callers give it: ``(name, value)``, or ``{"name": ..., "value": ...}``
#: (``None`` for an empty name or value).
ProfileField = Sequence[str | None] | Mapping[str, str | None]

__all__ = ["prepare_upload", "focus_param", "profile_image", "profile_fields", "sniff_mime_type"]

# Bytes needed to recognise every format in sniff_mime_type.
_SNIFF_LENGTH = 64


def sniff_mime_type(head: bytes) -> str | None:
    """The MIME type of the formats Mastodon accepts, recognised by their first bytes;
    ``None`` when the bytes match none of them."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp":  # ISO base media: the major brand tells MP4, QuickTime, M4A
        brand = head[8:12]
        if brand == b"qt  ":
            return "video/quicktime"
        if brand in (b"M4A ", b"M4B "):
            return "audio/mp4"
        return "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):  # EBML, the container WebM uses
        return "video/webm"
    if head.startswith(b"OggS"):
        return "video/ogg" if b"\x80theora" in head else "audio/ogg"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio/mpeg"  # an ID3 tag, or an MPEG audio frame header
    return None


def _guess_from_name(name: str | None) -> str | None:
    if not name:
        return None
    guessed, _ = mimetypes.guess_type(name, strict=False)
    # "application/octet-stream" (e.g. for ".bin") says nothing about the content.
    return None if guessed in (None, "application/octet-stream") else guessed


def prepare_upload(media: UploadSource, mime_type: str | None, file_name: str | None, what: str,
                   stack: ExitStack) -> UploadFile:
    """``(file name, content, MIME type)`` for one file of a multipart upload.

    ``media`` is a path, bytes, or a binary file object; a path is opened here and
    closed by ``stack``, so the upload streams it from disk. The MIME type is
    ``mime_type`` if given, else guessed from the file name, else from the first bytes.
    """
    content: bytes | IO[bytes]
    own_name: str | None
    if isinstance(media, (str, os.PathLike)):
        path = os.fspath(media)
        try:
            content = stack.enter_context(open(path, "rb"))
        except FileNotFoundError:
            raise MastodonFileNotFoundError(f"{what} file not found: {path!r}") from None
        except OSError as exc:
            raise MastodonIOError(f"cannot read the {what} file {path!r}: {exc}") from exc
        own_name = os.path.basename(path)
    elif isinstance(media, (bytes, bytearray, memoryview)):
        content = bytes(media)
        own_name = None
    elif hasattr(media, "read"):
        if isinstance(media, io.TextIOBase):
            raise MastodonIllegalArgumentError(
                f"the {what} file object is open in text mode; open it in binary mode ('rb')")
        content = media
        name = getattr(media, "name", None)
        own_name = os.path.basename(name) if isinstance(name, str) else None
    else:
        raise MastodonIllegalArgumentError(
            f"{what} must be a file path, bytes or a binary file object, "
            f"not {type(media).__name__}")

    if mime_type is None:
        mime_type = _guess_from_name(file_name) or _guess_from_name(own_name)
    if mime_type is None:
        if isinstance(content, bytes):
            head = content[:_SNIFF_LENGTH]
        elif content.seekable():
            start = content.tell()
            head = content.read(_SNIFF_LENGTH)
            content.seek(start)
        else:
            content = content.read()  # a pipe: it can be read only once, so keep it all
            head = content[:_SNIFF_LENGTH]
        if not isinstance(head, bytes):
            raise MastodonIllegalArgumentError(
                f"the {what} file object must give bytes; open it in binary mode ('rb')")
        mime_type = sniff_mime_type(head)
    if mime_type is None:
        shown = repr(file_name or own_name) if (file_name or own_name) else "the data"
        raise MastodonIllegalArgumentError(
            f"cannot tell the MIME type of {what} {shown}: neither its name nor its content "
            f"identify a format; pass the MIME type explicitly")

    if file_name is None:
        file_name = own_name or "upload" + (mimetypes.guess_extension(mime_type) or "")
    return (file_name, content, mime_type)


def focus_param(focus: Sequence[float] | Mapping[str, float] | None) -> str | None:
    """A focal point as the API takes it: ``"x,y"``, each in [-1, 1]."""
    if focus is None:
        return None
    if isinstance(focus, dict) and "x" in focus and "y" in focus:
        pair = (focus["x"], focus["y"])
    elif isinstance(focus, (tuple, list)) and len(focus) == 2:
        pair = tuple(focus)
    else:
        raise MastodonIllegalArgumentError(f"focus must be an (x, y) pair, not {focus!r}")
    for value in pair:
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not math.isfinite(value) or not -1.0 <= value <= 1.0:
            raise MastodonIllegalArgumentError(
                f"focus coordinates must be numbers from -1 to 1, not {focus!r}")
    return f"{float(pair[0])!r},{float(pair[1])!r}"


def profile_image(field: str, image: UploadSource, mime_type: str | None) -> UploadFile:
    """The ``(file name, content, MIME type)`` of an avatar or header for a multipart
    upload. ``image`` is a file path, bytes, or a file object open for binary reading."""
    content: bytes | IO[bytes]
    file_name: str | None
    if isinstance(image, (str, os.PathLike)):
        path = os.fspath(image)
        try:
            with open(path, "rb") as handle:
                content = handle.read()
        except FileNotFoundError:
            raise MastodonFileNotFoundError(f"{field} file not found: {path}") from None
        except IsADirectoryError:
            raise MastodonFileNotFoundError(f"{field} is a directory, not a file: {path}") from None
        file_name = os.path.basename(path)
        head = content[:16]
    elif isinstance(image, (bytes, bytearray, memoryview)):
        content = bytes(image)
        file_name = None
        head = content[:16]
    elif hasattr(image, "read"):
        content = image
        name = getattr(image, "name", None)
        file_name = os.path.basename(name) if isinstance(name, str) and name else None
        head = b""
        if mime_type is None and not (file_name and mimetypes.guess_type(file_name)[0]):
            # Peek at the first bytes, then put the file back where it was.
            try:
                position = image.tell()
                head = image.read(16)
                image.seek(position)
            except (AttributeError, OSError, ValueError):
                head = b""
            if isinstance(head, str):
                raise MastodonIllegalArgumentError(
                    f"{field} must be opened in binary mode ('rb'), not text mode")
    else:
        raise MastodonIllegalArgumentError(
            f"{field} must be a file path, bytes or a binary file object, not {type(image).__name__}")

    if mime_type is None and file_name:
        mime_type = mimetypes.guess_type(file_name)[0]
    if mime_type is None:
        mime_type = sniff_mime_type(head or b"")
    if mime_type is None:
        raise MastodonIllegalArgumentError(
            f"could not tell the image type of {field}; pass {field}_mime_type (e.g. 'image/png')")
    if file_name is None:
        extension = mimetypes.guess_extension(mime_type) or ""
        file_name = field + extension
    return (file_name, content, mime_type)


def profile_fields(fields: Iterable[ProfileField] | None) -> dict[str, dict[str, str]] | None:
    """``fields`` as ``fields_attributes`` (``{index: {"name": ..., "value": ...}}``), or
    ``None`` when not given."""
    if fields is None:
        return None
    if isinstance(fields, (str, bytes, dict)) or not hasattr(fields, "__iter__"):
        raise MastodonIllegalArgumentError("fields must be a list of (name, value) pairs")
    attributes: dict[str, dict[str, str]] = {}
    for index, field in enumerate(fields):
        if isinstance(field, dict) and "name" in field and "value" in field:
            name, value = field["name"], field["value"]
        elif isinstance(field, (list, tuple)) and len(field) == 2:
            name, value = field
        else:
            raise MastodonIllegalArgumentError(
                f"each profile field must be a (name, value) pair, not {field!r}")
        attributes[str(index)] = {"name": "" if name is None else name,
                                  "value": "" if value is None else value}
    return attributes
