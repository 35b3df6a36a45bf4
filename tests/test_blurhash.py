"""Blurhash decoding: hashes made here from known images with the ``blurhash`` package,
decoded by the library, compared with the images they came from."""

import sys

import blurhash
import pytest

from mastodon import Mastodon, MastodonIllegalArgumentError

WIDTH, HEIGHT = 32, 24
ORANGE = (230, 120, 40)


def solid(colour, width=WIDTH, height=HEIGHT):
    return [[list(colour) for _ in range(width)] for _ in range(height)]


def gradient(width=WIDTH, height=HEIGHT):
    """Black on the left to white on the right."""
    return [[[round(255 * x / (width - 1))] * 3 for x in range(width)] for _ in range(height)]


@pytest.fixture
def api(server):
    """A client; decoding is local, so the recording server must see no request."""
    client = Mastodon(api_base_url=server.url)
    yield client
    assert server.requests == []


def test_solid_colour_decodes_to_that_colour(api):
    hash_str = blurhash.encode(solid(ORANGE), components_x=4, components_y=3)
    pixels = api.decode_blurhash(hash_str, return_linear=False)
    assert len(pixels) == 3 * 16 and all(len(row) == 4 * 16 for row in pixels)
    count = len(pixels) * len(pixels[0])
    for channel, want in enumerate(ORANGE):
        mean = sum(pixel[channel] for row in pixels for pixel in row) / count
        assert abs(mean - want) <= 3
    # Quantising the hash leaves faint ripples, nothing more.
    assert all(abs(got - want) <= 25 for row in pixels for pixel in row
               for got, want in zip(pixel, ORANGE, strict=False))


def test_gradient_keeps_its_shape(api):
    hash_str = blurhash.encode(gradient(), components_x=5, components_y=1)
    pixels = api.decode_blurhash({"id": "1", "blurhash": hash_str}, out_size=(WIDTH, HEIGHT),
                                 size_per_component=False, return_linear=False)
    assert (len(pixels), len(pixels[0])) == (HEIGHT, WIDTH)
    middle = pixels[HEIGHT // 2]
    brightness = [sum(pixel) / 3 for pixel in middle]
    # Dark on the left, light on the right, grey (in sRGB) in between, rising across.
    assert brightness[0] < 40 and brightness[-1] > 215
    assert 100 < brightness[WIDTH // 2] < 160
    assert all(b - a >= -3 for a, b in zip(brightness, brightness[4:], strict=False))
    # One vertical component: every row is the same.
    assert all(row == middle for row in pixels)


def test_linear_output_matches_srgb_output(api):
    hash_str = blurhash.encode(gradient(), components_x=4, components_y=4)
    linear = api.decode_blurhash(hash_str, out_size=(2, 2))
    srgb = api.decode_blurhash(hash_str, out_size=(2, 2), return_linear=False)
    assert isinstance(linear[0][0][0], float) and isinstance(srgb[0][0][0], int)
    assert (len(linear), len(linear[0])) == (8, 8) == (len(srgb), len(srgb[0]))
    for linear_row, srgb_row in zip(linear, srgb, strict=False):
        for linear_pixel, srgb_pixel in zip(linear_row, srgb_row, strict=False):
            assert [blurhash.linear_to_srgb(v) for v in linear_pixel] == srgb_pixel


def test_media_dict_and_string_decode_alike(api):
    # The example media attachment's hash in Mastodon's API documentation: 4x4 components.
    hash_str = "UFBWY:8_0Jxv4mx]t8t64.%M-:IUWGWAt6M}"
    from_dict = api.decode_blurhash({"blurhash": hash_str}, out_size=(3, 2))
    from_str = api.decode_blurhash(hash_str, out_size=(3, 2))
    assert from_dict == from_str
    assert (len(from_str), len(from_str[0])) == (4 * 2, 4 * 3)


def test_invalid_input(api):
    with pytest.raises(MastodonIllegalArgumentError, match="not a valid blurhash"):
        api.decode_blurhash("U00000fQfQfQfQfQfQfQfQfQfQfQ")  # the length does not fit
    with pytest.raises(MastodonIllegalArgumentError, match="not a valid blurhash"):
        api.decode_blurhash("L00000 ")  # a character outside base 83
    with pytest.raises(MastodonIllegalArgumentError, match="no blurhash"):
        api.decode_blurhash({"id": "1", "blurhash": None})
    with pytest.raises(MastodonIllegalArgumentError, match="media dict or a blurhash"):
        api.decode_blurhash(42)
    with pytest.raises(MastodonIllegalArgumentError, match="out_size"):
        api.decode_blurhash("LEHV6nWB2yk8pyo0adR*.7kCMdnj", out_size=(0, 16))


def test_missing_blurhash_extra_is_named(api, monkeypatch):
    monkeypatch.setitem(sys.modules, "blurhash", None)  # makes "import blurhash" fail
    with pytest.raises(MastodonIllegalArgumentError, match=r"mastodon\[blurhash\]"):
        api.decode_blurhash("LEHV6nWB2yk8pyo0adR*.7kCMdnj")
