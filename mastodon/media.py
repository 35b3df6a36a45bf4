"""Media: uploading and describing attachments, and blurhash decoding."""

import io
import math
import mimetypes
import os
import time
from contextlib import ExitStack

from ._base import ClientBase
from ._client import path_id
from ._versions import api_version, server_older_than, version_tuple
from .errors import (MastodonAPIError, MastodonFileNotFoundError, MastodonIllegalArgumentError,
                     MastodonIOError)
from .return_types import MediaAttachment

# The first Mastodon version with /api/v2/media (upload now, process in the background).
ASYNC_MEDIA_VERSION = "3.1.4"
# Polling a processing upload: first wait, growth factor, longest wait (seconds).
_POLL_FIRST, _POLL_GROWTH, _POLL_LONGEST = 0.1, 2.0, 5.0
# Bytes needed to recognise every format in _sniff_mime_type.
_SNIFF_LENGTH = 64


def _sniff_mime_type(head):
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


def _guess_from_name(name):
    if not name:
        return None
    guessed, _ = mimetypes.guess_type(name, strict=False)
    # "application/octet-stream" (e.g. for ".bin") says nothing about the content.
    return None if guessed in (None, "application/octet-stream") else guessed


def _prepare_upload(media, mime_type, file_name, what, stack):
    """``(file name, content, MIME type)`` for one file of a multipart upload.

    ``media`` is a path, bytes, or a binary file object; a path is opened here and
    closed by ``stack``, so the upload streams it from disk. The MIME type is
    ``mime_type`` if given, else guessed from the file name, else from the first bytes.
    """
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
        mime_type = _sniff_mime_type(head)
    if mime_type is None:
        shown = repr(file_name or own_name) if (file_name or own_name) else "the data"
        raise MastodonIllegalArgumentError(
            f"cannot tell the MIME type of {what} {shown}: neither its name nor its content "
            f"identify a format; pass the MIME type explicitly")

    if file_name is None:
        file_name = own_name or "upload" + (mimetypes.guess_extension(mime_type) or "")
    return (file_name, content, mime_type)


def _focus_param(focus):
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


def _blurhash_module():
    try:
        import blurhash
    except ImportError as exc:
        raise MastodonIllegalArgumentError(
            "decoding blurhashes needs the optional 'blurhash' package: "
            "pip install 'mastodon[blurhash]'") from exc
    return blurhash


class MediaMixin(ClientBase):
    """Media: uploading and describing attachments, and blurhash decoding."""

    @api_version("3.1.4")
    def media(self, id) -> MediaAttachment:
        """Read a media attachment that you uploaded, before or after it is posted.

        Mainly useful to see whether the server has finished processing an upload:
        while it is still working, the returned dict's ``url`` is ``None``.

        :param id: the media attachment's ID, or the media dict itself.

        Returns a media dict.
        """
        return self._api_request("GET", f"/api/v1/media/{path_id(id)}")

    @api_version("1.0.0", "3.2.0")
    def media_post(self, media_file, mime_type=None, description=None, focus=None,
                   file_name=None, thumbnail=None, thumbnail_mime_type=None,
                   synchronous=False, *, synchronous_timeout=300.0) -> MediaAttachment:
        """Upload an image, video or audio file, to attach it to a status later
        (pass the result, or its ``id``, in ``status_post``'s ``media_ids``).

        The file is streamed from disk, so uploading a large video does not load it
        into memory.

        :param media_file: the file: a path, the file's contents as bytes, or a file
            object opened in binary mode (read from its current position).
        :param mime_type: the file's MIME type, e.g. ``"image/jpeg"``. When not given,
            it is guessed from the file name, and failing that from the first bytes
            of the content (JPEG, PNG, GIF, WebP, MP4, WebM, MP3, Ogg are
            recognised); if it still cannot be told, nothing is uploaded and
            :class:`MastodonIllegalArgumentError` is raised.
        :param description: a text description of the media for people who cannot
            see or hear it (alt text).
        :param focus: the focal point, an ``(x, y)`` pair with each coordinate from
            -1 to 1 (``(0, 0)`` is the centre, ``(-1, 1)`` the top left corner);
            thumbnails are cropped around it.
        :param file_name: the file name to give the server; by default the name of
            the file uploaded, or a generic name with an extension that fits the
            MIME type.
        :param thumbnail: a custom preview image for a video or audio file, given
            like ``media_file`` (Mastodon 3.2.0 or newer).
        :param thumbnail_mime_type: the thumbnail's MIME type, found as for
            ``mime_type`` when not given.
        :param synchronous: wait until the server has finished processing the file,
            so that the returned dict has its ``url``. Servers since Mastodon 3.1.4
            process large files in the background and at first answer with
            ``url`` set to ``None``; by default that answer is returned as it is.
        :param synchronous_timeout: with ``synchronous=True``, how many seconds to
            wait for processing (``None``: no limit). When the time is up,
            :class:`MastodonAPIError` is raised; the upload itself is kept, and
            :meth:`media` tells when it is ready.

        Missing files raise :class:`MastodonFileNotFoundError`. On servers older
        than 3.1.4 the upload goes to ``/api/v1/media``, which answers only once
        the file is processed.

        Returns a media dict.
        """
        focus_value = _focus_param(focus)
        if synchronous_timeout is not None and not (
                isinstance(synchronous_timeout, (int, float)) and synchronous_timeout >= 0):
            raise MastodonIllegalArgumentError(
                f"synchronous_timeout must be a number of seconds or None, "
                f"not {synchronous_timeout!r}")
        with ExitStack() as stack:
            files = {"file": _prepare_upload(media_file, mime_type, file_name, "media", stack)}
            if thumbnail is not None:
                files["thumbnail"] = _prepare_upload(thumbnail, thumbnail_mime_type, None,
                                                     "thumbnail", stack)
            params = {"description": description, "focus": focus_value}
            if server_older_than(self, version_tuple(ASYNC_MEDIA_VERSION)):
                endpoint = "/api/v1/media"
            else:
                endpoint = "/api/v2/media"
            media = self._api_request("POST", endpoint, params, files=files)
        if synchronous and media.get("url") is None:
            media = self._wait_for_media(media, synchronous_timeout)
        return media

    def _wait_for_media(self, media, timeout):
        """Poll an upload until the server has processed it, waiting a little longer
        each time; a processing error comes back from the server as an API error."""
        deadline = None if timeout is None else time.monotonic() + timeout
        wait = _POLL_FIRST
        while media.get("url") is None:
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise MastodonAPIError(
                        f"media {media['id']} was uploaded, but the server had not finished "
                        f"processing it after {timeout:g} seconds; call media() later to "
                        f"see whether it is ready")
                wait = min(wait, left)
            time.sleep(wait)
            wait = min(wait * _POLL_GROWTH, _POLL_LONGEST)
            media = self.media(media["id"])
        return media

    @api_version("2.3.0", "3.2.0")
    def media_update(self, id, description=None, focus=None, thumbnail=None,
                     thumbnail_mime_type=None) -> MediaAttachment:
        """Change the description, focal point or thumbnail of a media attachment.

        Only what is given changes.

        :param id: the media attachment's ID, or the media dict itself.
        :param description: the new text description (alt text).
        :param focus: the new focal point, an ``(x, y)`` pair with each coordinate
            from -1 to 1.
        :param thumbnail: a new custom preview image, given as a path, bytes or a
            binary file object (Mastodon 3.2.0 or newer).
        :param thumbnail_mime_type: the thumbnail's MIME type; guessed from its name
            or content when not given.

        Returns the updated media dict.
        """
        params = {"description": description, "focus": _focus_param(focus)}
        endpoint = f"/api/v1/media/{path_id(id)}"
        if thumbnail is None:
            return self._api_request("PUT", endpoint, params)
        with ExitStack() as stack:
            files = {"thumbnail": _prepare_upload(thumbnail, thumbnail_mime_type, None,
                                                  "thumbnail", stack)}
            return self._api_request("PUT", endpoint, params, files=files)

    def decode_blurhash(self, media_dict, out_size=(16, 16), size_per_component=True,
                        return_linear=True) -> list[list[list[float]]]:
        """Decode a blurhash (the tiny blurred preview servers send with media) into
        pixels. Needs the optional ``blurhash`` package (``mastodon[blurhash]``).

        :param media_dict: a media dict (its ``blurhash`` is used) or a blurhash string.
        :param out_size: ``(width, height)`` of the result. With
            ``size_per_component`` (the default) these are pixels per blurhash
            component, so a hash with 4x3 components decodes to ``4 * width`` by
            ``3 * height`` pixels; otherwise they are the result's size in pixels.
        :param size_per_component: whether ``out_size`` counts per component.
        :param return_linear: return linear RGB floats (roughly 0.0 to 1.0, for
            further processing); ``False`` gives 8-bit sRGB integers (0 to 255,
            ready to show).

        No request is sent. Returns the image as a list of rows, each a list of
        ``[r, g, b]`` pixels, which ``numpy.array`` or ``PIL`` take as they are.
        """
        if isinstance(media_dict, str):
            blurhash_str = media_dict
        elif isinstance(media_dict, dict):
            blurhash_str = media_dict.get("blurhash")
            if not blurhash_str:
                raise MastodonIllegalArgumentError("this media dict has no blurhash")
        else:
            raise MastodonIllegalArgumentError(
                f"decode_blurhash takes a media dict or a blurhash string, "
                f"not {type(media_dict).__name__}")
        if not (isinstance(out_size, (tuple, list)) and len(out_size) == 2 and all(
                isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in out_size)):
            raise MastodonIllegalArgumentError(
                f"out_size must be a (width, height) pair of positive integers, not {out_size!r}")
        blurhash = _blurhash_module()
        try:
            components_x, components_y = blurhash.components(blurhash_str)
            width, height = out_size
            if size_per_component:
                width, height = width * components_x, height * components_y
            return blurhash.decode(blurhash_str, width, height, linear=return_linear)
        except (ValueError, KeyError) as exc:  # KeyError: a character outside base 83
            raise MastodonIllegalArgumentError(
                f"not a valid blurhash: {blurhash_str!r} ({exc})") from exc
