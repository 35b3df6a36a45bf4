"""mastodon.compat: the optional-feature flags, from the features' own checks."""

import subprocess
import sys
import textwrap
from pathlib import Path

import mastodon
import mastodon.compat as compat

ROOT = Path(__file__).resolve().parent.parent


def test_the_flags_say_the_features_work(api):
    # The test extra installs every optional package: every feature works, and says so.
    assert compat.IMPL_HAS_BLURHASH and compat.IMPL_HAS_CRYPTO and compat.IMPL_HAS_ECE
    assert compat.IMPL_HAS_WEBSOCKET and compat.IMPL_HAS_GRAPHEME
    assert compat.blurhash.__name__ == "blurhash" and compat.http_ece.__name__ == "http_ece"
    assert compat.websocket.__name__ == "websocket" and compat.cryptography.__name__ == "cryptography"
    assert compat.ec.__name__.endswith(".ec") and compat.serialization.__name__.endswith("serialization")
    pixels = api.decode_blurhash({"blurhash": "LEHV6nWB2yk8pyo0adR*.7kCMdnj", "width": 4, "height": 3},
                                 out_size=(4, 3), size_per_component=False)
    assert len(pixels) == 3 and len(pixels[0]) == 4
    private, public = api.push_subscription_generate_keys()
    assert private and public
    assert compat.urlparse("https://a.example/x").netloc == "a.example"
    assert compat.PurePath("a/b").name == "b" and compat.Path is not None
    for name in compat.__all__:
        assert hasattr(compat, name), name


def _compat_without(*packages):
    """The flags (and what the feature says) in a fresh interpreter where ``packages``
    cannot be imported."""
    script = textwrap.dedent(f"""
        import sys
        for name in {packages!r}:
            sys.modules[name] = None  # "import name" raises ImportError
        import mastodon.compat as compat
        from mastodon import Mastodon, MastodonIllegalArgumentError
        flags = [compat.IMPL_HAS_BLURHASH, compat.IMPL_HAS_CRYPTO, compat.IMPL_HAS_ECE,
                 compat.IMPL_HAS_WEBSOCKET]
        modules = [compat.blurhash, compat.http_ece, compat.cryptography, compat.websocket]
        print(flags, [m is None for m in modules])
        try:
            Mastodon(api_base_url="https://mastodon.example").push_subscription_generate_keys()
            print("push works")
        except MastodonIllegalArgumentError as exc:
            print("push refused:", exc)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_missing_package_turns_its_flag_off():
    out = _compat_without("http_ece")
    # Web push needs both packages: without one, neither flag claims it works.
    assert out.startswith("[True, False, False, True] [False, True, True, False]"), out
    assert "push refused:" in out and "mastodon[webpush]" in out
    out = _compat_without("blurhash", "websocket")
    assert out.startswith("[False, True, True, False] [True, False, False, True]"), out
    assert "push works" in out


def test_importing_the_package_does_not_import_the_optional_ones():
    script = ("import sys, mastodon; print(sorted(m for m in ('http_ece', 'blurhash', "
              "'websocket', 'mastodon.compat') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
    assert mastodon.compat is compat
