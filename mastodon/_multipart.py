"""The streamed ``multipart/form-data`` body of an upload (media, profile images)."""

import io
import secrets
from collections.abc import Iterable, Mapping
from typing import IO

from .errors import MastodonNetworkError

#: What a file of an upload holds: its bytes, or a binary file object to read them from.
FileContent = bytes | bytearray | memoryview | IO[bytes]
#: One file of an upload: ``(file name, content, MIME type)``.
UploadFile = tuple[str | None, FileContent, str | None]
#: The files of an upload, by form field.
Files = Mapping[str, UploadFile]


class MultipartBody:
    """A ``multipart/form-data`` body that reads its files as it is sent.

    ``requests`` builds multipart bodies in memory; a video of a few hundred megabytes
    would sit there whole. This body knows its length up front (so it goes out with a
    ``Content-Length``, which Mastodon requires) and streams each file from where it is.
    """

    CHUNK = 64 * 1024

    def __init__(self, fields: Iterable[tuple[str, str]], files: Files) -> None:
        self.boundary = secrets.token_hex(16)
        # bytes, or (file object, start offset, length)
        self._parts: list[bytes | tuple[IO[bytes], int, int]] = []
        for name, value in fields:
            self._parts.append(self._head(name, None, None) + value.encode("utf-8") + b"\r\n")
        for name, (filename, content, mime_type) in files.items():
            self._parts.append(self._head(name, filename, mime_type or "application/octet-stream"))
            if not isinstance(content, (bytes, bytearray, memoryview)) and not content.seekable():
                content = content.read()  # a pipe or socket: its length is only known by reading
            if isinstance(content, (bytes, bytearray, memoryview)):
                self._parts.append(bytes(content))
            else:
                start = content.tell()
                length = content.seek(0, io.SEEK_END) - start
                content.seek(start)
                self._parts.append((content, start, length))
            self._parts.append(b"\r\n")
        self._parts.append(f"--{self.boundary}--\r\n".encode())
        self.length = sum(p[2] if isinstance(p, tuple) else len(p) for p in self._parts)
        self.content_type = f"multipart/form-data; boundary={self.boundary}"
        self._index = 0
        self._offset = 0

    def _head(self, name: str, filename: str | None, mime_type: str | None) -> bytes:
        disposition = f'form-data; name="{_quote(name)}"'
        if filename is not None:
            disposition += f'; filename="{_quote(filename)}"'
        head = f"--{self.boundary}\r\nContent-Disposition: {disposition}\r\n"
        if mime_type is not None:
            head += f"Content-Type: {mime_type}\r\n"
        return (head + "\r\n").encode("utf-8")

    def __len__(self) -> int:
        return self.length

    def rewind(self) -> None:
        """Start again from the first byte (to send the same body once more)."""
        self._index = self._offset = 0

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            size = self.length
        out = bytearray()
        while len(out) < size and self._index < len(self._parts):
            part = self._parts[self._index]
            want = size - len(out)
            if isinstance(part, tuple):
                handle, start, length = part
                handle.seek(start + self._offset)
                chunk = handle.read(min(want, length - self._offset, self.CHUNK))
                if not chunk and self._offset < length:
                    raise MastodonNetworkError("a file being uploaded got shorter while it was sent")
                total = length
            else:
                chunk = part[self._offset:self._offset + want]
                total = len(part)
            out += chunk
            self._offset += len(chunk)
            if self._offset >= total:
                self._index += 1
                self._offset = 0
        return bytes(out)


def _quote(value: object) -> str:
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\r", " ").replace("\n", " ")
