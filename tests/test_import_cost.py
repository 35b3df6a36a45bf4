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


# Modules whose regular expressions wait for their first use (the rest is listed in
# the issue 16 report: the transport's modules).
LAZY_PATTERNS = ("_results.py", "_entity_json.py")


def test_import_mastodon_compiles_no_pattern_of_the_results_modules():
    found = run("""
        import json, re, sys
        import requests
        compiled = []
        original = re._compile
        def recording(pattern, flags):
            frame = sys._getframe(1)
            while frame is not None and frame.f_code.co_filename.endswith(("re/__init__.py",)):
                frame = frame.f_back
            compiled.append(frame.f_code.co_filename if frame is not None else "?")
            return original(pattern, flags)
        re._compile = recording
        import mastodon
        at_import = list(compiled)
        from mastodon._results import parse_link_header
        links = parse_link_header('<https://m.example/a?max_id=2>; rel="next", '
                                  '<https://m.example/a?min_id=9>; REL=prev')
        value = mastodon.AttribAccessDict.from_json(
            '{"_mastopy_version": "2.0.0", "_mastopy_type": "Status", "_mastopy_data": {"id": "1"}}')
        print(json.dumps({"at_import": at_import, "links": links,
                          "type": type(value).__name__, "id": type(value.id).__name__}))
    """)
    assert [path for path in found["at_import"] if path.endswith(LAZY_PATTERNS)] == []
    # They work on first use, as before.
    assert found["links"] == {"next": "https://m.example/a?max_id=2",
                              "prev": "https://m.example/a?min_id=9"}
    assert found["type"] == "Status" and found["id"] == "MastodonId"


def test_objects_are_recognised_by_their_keys_when_many_threads_parse_first():
    # Which fields each entity has is gathered on the first parse, not at import; threads
    # that parse at once all wait for it to be complete.
    found = run("""
        import json, sys, threading
        from mastodon import return_types
        from mastodon._results import parse_json
        # Every field of each, as a server of this version sends them.
        status = dict.fromkeys(return_types.Status.__annotations__)
        account = dict.fromkeys(return_types.Account.__annotations__)
        body = json.dumps({"event": "x", "payload": {**status, "id": "1"},
                           "account": {**account, "id": "2"}})
        start = threading.Barrier(8)
        seen = []
        def parse():
            start.wait()
            result = parse_json(body)
            seen.append([type(result.payload).__name__, type(result.account).__name__,
                         type(result).__name__])
        threads = [threading.Thread(target=parse) for _ in range(8)]
        for thread in threads: thread.start()
        for thread in threads: thread.join()
        print(json.dumps(seen))
    """)
    assert found == [["Status", "Account", "AttribAccessDict"]] * 8
