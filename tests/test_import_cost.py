"""What ``import mastodon`` loads: the client, and not what only some programs use.

The streaming package, the optional packages and the standard library modules that only
one feature needs are imported by that feature's first use; every public name stays
importable from where it always was. Each check runs in a fresh interpreter, where
nothing else has imported those modules yet.
"""

import inspect
import json
import subprocess
import sys
import textwrap
from pathlib import Path

from mastodon import Mastodon
from mastodon._versions import version_tuple

ROOT = Path(__file__).resolve().parent.parent

# Imported by the features that need them, never by "import mastodon".
ON_FIRST_USE = ("mastodon.streaming", "websocket", "blurhash", "cryptography", "http_ece",
                "mastodon.compat", "inspect", "html.parser", "mastodon._status_length",
                "mastodon._html_text")


def run(script):
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_import_mastodon_leaves_the_features_modules_to_their_first_use():
    added = run("""
        import json, sys
        import requests
        before = set(sys.modules)
        import mastodon
        from mastodon import Mastodon
        Mastodon(api_base_url="https://mastodon.example")
        print(json.dumps(sorted(set(sys.modules) - before)))
    """)
    assert "mastodon.Mastodon" in added and "mastodon.return_types" in added
    loaded = [name for name in added
              if any(name == module or name.startswith(module + ".") for module in ON_FIRST_USE)]
    assert loaded == []


def test_the_streaming_names_are_where_they_were():
    names = ["StreamListener", "CallbackStreamListener", "StreamHandle", "SSEStreamHandle",
             "WebSocketStreamHandle", "WebSocketSubscription"]
    found = run(f"""
        import json, sys
        import mastodon
        before = "mastodon.streaming" in sys.modules
        from mastodon import {", ".join(names)}
        import mastodon.streaming
        same = [getattr(mastodon, name) is getattr(mastodon.streaming, name) for name in {names!r}]
        star = {{}}
        exec("from mastodon import *", star)
        try:
            mastodon.NoSuchName
            missing = "no error"
        except AttributeError as exc:
            missing = str(exc)
        subclass = issubclass(type("L", (StreamListener,), {{}}), mastodon.StreamListener)
        print(json.dumps({{"before": before, "same": same, "missing": missing, "subclass": subclass,
                          "dir": sorted(set(dir(mastodon)) & set({names!r})),
                          "star": sorted(set(star) & set({names!r}))}}))
    """)
    assert found["before"] is False
    assert found["same"] == [True] * len(names)
    assert found["dir"] == found["star"] == sorted(names)
    assert found["missing"] == "module 'mastodon' has no attribute 'NoSuchName'"
    assert found["subclass"] is True


def test_the_first_stream_imports_the_streaming_package():
    found = run("""
        import json, sys
        from mastodon import Mastodon, MastodonIllegalArgumentError
        api = Mastodon(api_base_url="https://mastodon.example", access_token="t")
        try:
            api.stream_user(None)  # no listener: refused before any connection
            error = None
        except MastodonIllegalArgumentError as exc:
            error = str(exc)
        print(json.dumps({"error": error, "streaming": "mastodon.streaming" in sys.modules}))
    """)
    assert found == {"error": "a listener is needed to receive the stream", "streaming": True}


def test_every_endpoint_method_names_versions_that_parse():
    # The api_version decorator no longer parses its versions at import (the check parses
    # them on first use), so a malformed one is caught here instead.
    marked = [member for _name, member in inspect.getmembers(Mastodon, inspect.isfunction)
              if hasattr(member, "_min_version")]
    assert len(marked) > 250
    for method in marked:
        for version in (method._min_version, method._changed_version):
            assert isinstance(version, str) and len(version_tuple(version)) == 3, method
        assert method.__wrapped__.__name__ == method.__name__
        assert f"*Added: Mastodon v{method._min_version}" in method.__doc__
