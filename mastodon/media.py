"""Media: uploading and describing attachments, and blurhash decoding."""

import time
from contextlib import ExitStack
from types import ModuleType

from ._base import ClientBase
from ._params import path_id
from ._results import AttribAccessDict
from ._uploads import focus_param, prepare_upload
from ._versions import api_version, server_older_than, version_tuple
from .errors import (
    MastodonAPIError,
    MastodonIllegalArgumentError,
)
from .return_types import MediaAttachment
from .types_base import IdType, PathOrFile

# The first Mastodon version with /api/v2/media (upload now, process in the background).
ASYNC_MEDIA_VERSION = "3.1.4"
# Polling a processing upload: first wait, growth factor, longest wait (seconds).
_POLL_FIRST, _POLL_GROWTH, _POLL_LONGEST = 0.1, 2.0, 5.0


def _blurhash_module() -> ModuleType:
    try:
        import blurhash  # type: ignore[import-untyped]  # the package ships no type hints
    except ImportError as exc:
        raise MastodonIllegalArgumentError(
            "decoding blurhashes needs the optional 'blurhash' package: "
            "pip install 'mastodon[blurhash]'") from exc
    return blurhash


class MediaMixin(ClientBase):
    """Media: uploading and describing attachments, and blurhash decoding."""

    @api_version("3.1.4")
    def media(self, id: IdType) -> MediaAttachment:
        """Read a media attachment that you uploaded, before or after it is posted.

        Mainly useful to see whether the server has finished processing an upload:
        while it is still working, the returned dict's ``url`` is ``None``.

        :param id: the media attachment's ID, or the media dict itself.

        Returns a media dict.
        """
        return self._api_request("GET", f"/api/v1/media/{path_id(id)}")

    @api_version("1.0.0", "3.2.0")
    def media_post(self, media_file: PathOrFile | bytes, mime_type: str | None = None,
                   description: str | None = None, focus: tuple[float, float] | None = None,
                   file_name: str | None = None, thumbnail: PathOrFile | bytes | None = None,
                   thumbnail_mime_type: str | None = None, synchronous: bool = False, *,
                   synchronous_timeout: float | None = 300.0) -> MediaAttachment:
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
        focus_value = focus_param(focus)
        if synchronous_timeout is not None and not (
                isinstance(synchronous_timeout, (int, float)) and synchronous_timeout >= 0):
            raise MastodonIllegalArgumentError(
                f"synchronous_timeout must be a number of seconds or None, "
                f"not {synchronous_timeout!r}")
        with ExitStack() as stack:
            files = {"file": prepare_upload(media_file, mime_type, file_name, "media", stack)}
            if thumbnail is not None:
                files["thumbnail"] = prepare_upload(thumbnail, thumbnail_mime_type, None,
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

    def _wait_for_media(self, media: MediaAttachment, timeout: float | None) -> MediaAttachment:
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
            self._sleep(wait)
            wait = min(wait * _POLL_GROWTH, _POLL_LONGEST)
            media = self.media(media["id"])
        return media

    @api_version("2.3.0", "3.2.0")
    def media_update(self, id: IdType, description: str | None = None,
                     focus: tuple[float, float] | None = None,
                     thumbnail: PathOrFile | bytes | None = None,
                     thumbnail_mime_type: str | None = None) -> MediaAttachment:
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
        params = {"description": description, "focus": focus_param(focus)}
        endpoint = f"/api/v1/media/{path_id(id)}"
        if thumbnail is None:
            return self._api_request("PUT", endpoint, params)
        with ExitStack() as stack:
            files = {"thumbnail": prepare_upload(thumbnail, thumbnail_mime_type, None,
                                                  "thumbnail", stack)}
            return self._api_request("PUT", endpoint, params, files=files)

    @api_version("4.4.0")
    def media_delete(self, id: IdType) -> None:
        """Delete a media attachment that was uploaded but is not attached to a
        status (for example one the user decided not to post after all).

        :param id: the media attachment's ID, or the media dict itself.

        Returns ``None`` (the server answers with nothing). An attachment that is
        part of a status cannot be deleted on its own: the server refuses (HTTP
        422, raised as :class:`MastodonAPIError`); delete or edit the status
        instead.
        """
        return self._api_request("DELETE", f"/api/v1/media/{path_id(id)}")

    def decode_blurhash(self, media_dict: AttribAccessDict | str,
                        out_size: tuple[int, int] = (16, 16), size_per_component: bool = True,
                        return_linear: bool = True) -> list[list[list[float]]]:
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
            found = media_dict.get("blurhash")
            if not found:
                raise MastodonIllegalArgumentError("this media dict has no blurhash")
            blurhash_str = found
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
