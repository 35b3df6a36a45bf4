"""Media: uploads (v2 with background processing, v1 on old servers), MIME type
detection, focus, thumbnails, updates, and streaming large files."""

import hashlib
import io
import os

import pytest
import requests

from mastodon import (
    MastodonAPIError,
    MastodonFileNotFoundError,
    MastodonIllegalArgumentError,
    MastodonNotFoundError,
)

from .servers import Reply

pytestmark = pytest.mark.both_clients

# Enough of each format's first bytes for a server, or our sniffing, to tell it.
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(64))
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(64))
SAMPLES = {
    "image/jpeg": JPEG,
    "image/png": PNG,
    "image/gif": b"GIF89a\x01\x00\x01\x00" + bytes(32),
    "image/webp": b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(32),
    "video/mp4": b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(32),
    "video/webm": b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01webm" + bytes(32),
    "audio/mpeg": b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(32),
    "audio/ogg": b"OggS\x00\x02" + bytes(20) + b"\x01vorbis" + bytes(32),
}
MEDIA = {"id": "9001", "type": "image", "url": "https://files.example/9001.png",
         "preview_url": "https://files.example/9001s.png", "description": None,
         "blurhash": None, "meta": {}}


def processing(media_id="9001"):
    return dict(MEDIA, id=media_id, url=None)


def multipart_parts(recorded):
    """The parts of a recorded multipart body: ``{name: (filename, content type, bytes)}``."""
    content_type = recorded.headers["Content-Type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    boundary = content_type.split("boundary=", 1)[1].encode()
    body = recorded.body
    assert body.endswith(b"--" + boundary + b"--\r\n")
    parts = {}
    for chunk in body.split(b"--" + boundary)[1:-1]:
        head, _, content = chunk[2:].partition(b"\r\n\r\n")
        assert content.endswith(b"\r\n")
        headers = dict(line.split(": ", 1) for line in head.decode().split("\r\n"))
        disposition = headers["Content-Disposition"]
        name = disposition.split('name="', 1)[1].split('"', 1)[0]
        filename = disposition.split('filename="', 1)[1].split('"', 1)[0] \
            if 'filename="' in disposition else None
        parts[name] = (filename, headers.get("Content-Type"), content[:-2])
    return parts


# --- against mastodon_mock -------------------------------------------------------------

def test_upload_read_back_and_post(api, tmp_path):
    path = tmp_path / "cat.png"
    path.write_bytes(PNG)
    media = api.media_post(str(path), description="a cat", focus=(0.5, -0.25))
    assert media.type == "image"
    assert media.description == "a cat"
    assert media.meta.focus == {"x": 0.5, "y": -0.25}
    # The server stored exactly what was uploaded.
    assert requests.get(media.url, timeout=10).content == PNG

    again = api.media(media)
    assert again.id == media.id and again.description == "a cat"

    status = api.status_post("look at this", media_ids=[media])
    assert [m.id for m in status.media_attachments] == [media.id]
    fetched = api._api_request("GET", f"/api/v1/statuses/{status.id}")
    assert fetched.media_attachments[0].description == "a cat"


def test_upload_bytes_and_file_objects(api, tmp_path):
    from_bytes = api.media_post(JPEG, description="bytes")
    assert from_bytes.type == "image"
    assert requests.get(from_bytes.url, timeout=10).content == JPEG

    path = tmp_path / "clip.mp4"
    path.write_bytes(SAMPLES["video/mp4"])
    with open(path, "rb") as handle:
        from_file = api.media_post(handle)
    assert from_file.type == "video"
    assert requests.get(from_file.url, timeout=10).content == SAMPLES["video/mp4"]


def test_update_description_and_focus(api):
    media = api.media_post(PNG, description="before")
    updated = api.media_update(media, description="after", focus=(-1, 1))
    assert updated.description == "after"
    read_back = api.media(media.id)
    assert read_back.description == "after"
    assert read_back.meta.focus == {"x": -1.0, "y": 1.0}


def test_media_of_unknown_id(api):
    with pytest.raises(MastodonNotFoundError):
        api.media("424242")


# --- the request, against a recording server --------------------------------------------

def test_upload_request_sends_only_what_was_given(recording_api, server):
    server.routes[("POST", "/api/v2/media")] = Reply(200, MEDIA)
    media = recording_api.media_post(PNG)
    assert media.url == MEDIA["url"] and media.id == 9001
    sent = server.last
    assert (sent.method, sent.path) == ("POST", "/api/v2/media")
    assert sent.headers["Authorization"] == "Bearer secret-token"
    parts = multipart_parts(sent)
    assert list(parts) == ["file"]
    filename, mime, content = parts["file"]
    assert (mime, content) == ("image/png", PNG)
    assert filename.endswith(".png")


def test_upload_request_with_everything(recording_api, server, tmp_path):
    server.routes[("POST", "/api/v2/media")] = Reply(200, MEDIA)
    poster = tmp_path / "poster.jpg"
    poster.write_bytes(JPEG)
    recording_api.media_post(SAMPLES["video/mp4"], mime_type="video/mp4", description="a clip",
                             focus=[0, 0.75], file_name="holiday.mp4", thumbnail=poster)
    parts = multipart_parts(server.last)
    assert parts["description"] == (None, None, b"a clip")
    assert parts["focus"] == (None, None, b"0.0,0.75")
    assert parts["file"] == ("holiday.mp4", "video/mp4", SAMPLES["video/mp4"])
    assert parts["thumbnail"] == ("poster.jpg", "image/jpeg", JPEG)


@pytest.mark.parametrize("mime", sorted(SAMPLES))
def test_mime_type_from_content(recording_api, server, mime):
    server.routes[("POST", "/api/v2/media")] = Reply(200, MEDIA)
    recording_api.media_post(io.BytesIO(SAMPLES[mime]))  # a file object without a name
    _, sent_mime, content = multipart_parts(server.last)["file"]
    assert (sent_mime, content) == (mime, SAMPLES[mime])


def test_mime_type_from_name_before_content(recording_api, server, tmp_path):
    server.routes[("POST", "/api/v2/media")] = Reply(200, MEDIA)
    path = tmp_path / "song.MP3"  # upper-case extension; content not recognisable
    path.write_bytes(b"\x00" * 100)
    recording_api.media_post(path)
    assert multipart_parts(server.last)["file"][:2] == ("song.MP3", "audio/mpeg")
    # A given file name wins over the path's.
    recording_api.media_post(path, file_name="track.ogg")
    assert multipart_parts(server.last)["file"][:2] == ("track.ogg", "audio/ogg")
    # A given MIME type wins over everything.
    recording_api.media_post(PNG, mime_type="image/x-custom")
    assert multipart_parts(server.last)["file"][1] == "image/x-custom"


def test_upload_from_the_file_objects_position(recording_api, server):
    server.routes[("POST", "/api/v2/media")] = Reply(200, MEDIA)
    handle = io.BytesIO(b"ignored header" + PNG)
    handle.seek(len(b"ignored header"))
    recording_api.media_post(handle)
    assert multipart_parts(server.last)["file"][1:] == ("image/png", PNG)


def test_unknown_content_is_refused_before_uploading(recording_api, server, tmp_path):
    with pytest.raises(MastodonIllegalArgumentError, match="MIME type"):
        recording_api.media_post(b"just some text, no known format")
    path = tmp_path / "data.bin"
    path.write_bytes(b"\x00\x01\x02" * 10)
    with pytest.raises(MastodonIllegalArgumentError, match="data.bin"):
        recording_api.media_post(path)
    assert server.requests == []


def test_missing_file(recording_api, server, tmp_path):
    missing = tmp_path / "nope.png"
    with pytest.raises(MastodonFileNotFoundError, match="nope.png"):
        recording_api.media_post(str(missing))
    with pytest.raises(MastodonFileNotFoundError, match="nope.png"):
        recording_api.media_post(PNG, thumbnail=missing)
    assert server.requests == []


@pytest.mark.parametrize("focus", [(2, 0), (0, -1.5), (0,), (0, 0, 0), "0.5,0.5", (True, 0),
                                   (float("nan"), 0), ("0", "0"), 7])
def test_focus_is_validated(recording_api, server, focus):
    with pytest.raises(MastodonIllegalArgumentError, match="focus"):
        recording_api.media_post(PNG, focus=focus)
    with pytest.raises(MastodonIllegalArgumentError, match="focus"):
        recording_api.media_update("1", focus=focus)
    assert server.requests == []


def test_other_invalid_arguments(recording_api, server, tmp_path):
    with pytest.raises(MastodonIllegalArgumentError, match="binary"):
        with open(tmp_path / "t.png", "w") as text_file:
            recording_api.media_post(text_file)
    with pytest.raises(MastodonIllegalArgumentError, match="file path, bytes"):
        recording_api.media_post(12345)
    with pytest.raises(MastodonIllegalArgumentError, match="synchronous_timeout"):
        recording_api.media_post(PNG, synchronous=True, synchronous_timeout=-1)
    assert server.requests == []


def test_update_request(recording_api, server, tmp_path):
    server.routes[("PUT", "/api/v1/media/77")] = Reply(200, dict(MEDIA, id="77"))
    recording_api.media_update({"id": "77"}, description="new words")
    sent = server.last
    assert (sent.method, sent.path, sent.form) == ("PUT", "/api/v1/media/77",
                                                  {"description": ["new words"]})

    thumb = tmp_path / "thumb.webp"
    thumb.write_bytes(SAMPLES["image/webp"])
    recording_api.media_update("77", focus=(0.1, 0.2), thumbnail=thumb)
    parts = multipart_parts(server.last)
    assert server.last.method == "PUT"
    assert parts["focus"] == (None, None, b"0.1,0.2")
    assert parts["thumbnail"][2] == SAMPLES["image/webp"]
    assert parts["thumbnail"][0] == "thumb.webp"
    assert "description" not in parts


# --- background processing ---------------------------------------------------------------

def test_async_upload_returned_as_is_by_default(recording_api, server):
    server.routes[("POST", "/api/v2/media")] = Reply(202, processing())
    media = recording_api.media_post(SAMPLES["video/mp4"])
    assert media.url is None and media.id == "9001"
    assert [r.path for r in server.requests] == ["/api/v2/media"]


def test_synchronous_waits_for_processing(recording_api, server):
    server.routes[("POST", "/api/v2/media")] = Reply(202, processing())
    server.routes[("GET", "/api/v1/media/9001")] = [
        Reply(206, processing()), Reply(206, processing()), Reply(200, MEDIA)]
    media = recording_api.media_post(SAMPLES["video/mp4"], synchronous=True)
    assert media.url == MEDIA["url"]
    assert [(r.method, r.path) for r in server.requests] == [
        ("POST", "/api/v2/media")] + [("GET", "/api/v1/media/9001")] * 3


def test_synchronous_does_not_poll_when_already_processed(recording_api, server):
    server.routes[("POST", "/api/v2/media")] = Reply(200, MEDIA)
    assert recording_api.media_post(PNG, synchronous=True).url == MEDIA["url"]
    assert len(server.requests) == 1


def test_synchronous_gives_up_after_the_timeout(recording_api, server):
    server.routes[("POST", "/api/v2/media")] = Reply(202, processing())
    server.routes[("GET", "/api/v1/media/9001")] = Reply(206, processing())
    with pytest.raises(MastodonAPIError, match="9001.*not finished processing"):
        recording_api.media_post(SAMPLES["video/mp4"], synchronous=True, synchronous_timeout=0.5)
    polls = [r for r in server.requests if r.method == "GET"]
    assert 1 <= len(polls) <= 6  # it polled, with growing pauses, then stopped


def test_processing_failure_is_the_servers_error(recording_api, server):
    server.routes[("POST", "/api/v2/media")] = Reply(202, processing())
    server.routes[("GET", "/api/v1/media/9001")] = Reply(
        422, {"error": "Validation failed: File could not be processed"})
    with pytest.raises(MastodonAPIError, match="could not be processed") as caught:
        recording_api.media_post(SAMPLES["video/mp4"], synchronous=True)
    assert caught.value.status_code == 422


def test_old_servers_get_the_v1_endpoint(server, client_class):
    old = client_class(access_token="t", api_base_url=server.url, mastodon_version="3.0.0")
    server.routes[("POST", "/api/v1/media")] = Reply(200, MEDIA)
    assert old.media_post(PNG, synchronous=True).url == MEDIA["url"]
    assert [(r.method, r.path) for r in server.requests] == [("POST", "/api/v1/media")]


def test_unknown_version_is_taken_as_current_without_asking(server, client_class):
    fresh = client_class(access_token="t", api_base_url=server.url, version_check_mode="none")
    server.routes[("GET", "/api/v1/instance")] = Reply(200, {"version": "3.0.0"})
    server.routes[("POST", "/api/v2/media")] = Reply(200, MEDIA)
    fresh.media_post(PNG)
    fresh.media_post(PNG)
    # No request just to learn the version: an unknown one counts as current.
    assert [r.path for r in server.requests] == ["/api/v2/media", "/api/v2/media"]


# --- large files ---------------------------------------------------------------------------

def test_large_file_arrives_intact(recording_api, server, tmp_path):
    server.routes[("POST", "/api/v2/media")] = Reply(202, processing())
    path = tmp_path / "long.webm"
    digest = hashlib.sha256()
    with open(path, "wb") as out:
        out.write(SAMPLES["video/webm"])
        digest.update(SAMPLES["video/webm"])
        for _ in range(40):  # 40 MiB
            block = os.urandom(1024 * 1024)
            out.write(block)
            digest.update(block)
    recording_api.media_post(path, description="long")
    sent = server.last
    assert int(sent.headers["Content-Length"]) == len(sent.body)
    assert "Transfer-Encoding" not in sent.headers
    filename, mime, content = multipart_parts(sent)["file"]
    assert (filename, mime, len(content)) == ("long.webm", "video/webm", path.stat().st_size)
    assert hashlib.sha256(content).hexdigest() == digest.hexdigest()


def test_upload_is_resent_whole_after_a_rate_limit(server, client_class):
    api = client_class(access_token="t", api_base_url=server.url, mastodon_version="4.0.0",
                   request_timeout=2)
    server.routes[("POST", "/api/v2/media")] = [
        Reply(429, {"error": "Too many requests"}, {"Retry-After": "0"}), Reply(200, MEDIA)]
    api.media_post(PNG)
    assert [multipart_parts(r)["file"][2] for r in server.requests] == [PNG, PNG]
