"""The asyncio client's interface and life: every public method of ``Mastodon`` on
``AsyncMastodon`` with the same name, parameters and defaults (a coroutine where it
reaches the network), the shared contract, a generated package that is fresh, an
import that costs nothing for sync programs, and the client's life (``async with``,
``close()``, pickling and copying, ``repr``)."""

import asyncio
import copy
import importlib.util
import inspect
import json
import os
import pickle
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import aiohttp
import pytest
import requests

from mastodon import AsyncMastodon, Mastodon, MastodonIllegalArgumentError

from .servers import Reply

ROOT = Path(__file__).resolve().parent.parent
CONTRACT_TOOL = ROOT.parent / "shared" / "tools" / "contract_check.py"
CONTRACTS = ROOT.parent / "shared" / "reference" / "contract"

PUBLIC = sorted(name for name in dir(Mastodon) if not name.startswith("_"))
METHODS = [name for name in PUBLIC if callable(getattr(Mastodon, name))]
# Public methods that do no I/O: plain methods on both clients. Every other method reaches
# the network and must be awaited on AsyncMastodon.
NO_IO = {"clear_caches", "decode_blurhash", "filters_apply", "generate_media_edit_attributes",
         "get_approx_server_time", "get_async_refresh_info", "get_pagination_info",
         "get_status_length", "get_supported_version", "make_poll",
         "persistable_login_credentials", "push_subscription_decrypt_push",
         "push_subscription_generate_keys", "set_language"}
ITERATORS = {"pagination_iterator", "pagination_page_iterator"}

def function(cls, name):
    return inspect.unwrap(getattr(cls, name))


def parameters(cls, name):
    """Names, kinds and defaults (annotations differ: aiohttp sessions for requests ones)."""
    return [(p.name, p.kind, p.default)
            for p in inspect.signature(function(cls, name)).parameters.values()]


@pytest.mark.parametrize("name", METHODS)
def test_every_public_method_has_its_twin_with_the_same_parameters(name):
    assert hasattr(AsyncMastodon, name), f"AsyncMastodon has no {name}"
    assert parameters(AsyncMastodon, name) == parameters(Mastodon, name)
    twin = function(AsyncMastodon, name)
    if name in ITERATORS:
        assert inspect.isasyncgenfunction(twin)
    elif name in NO_IO:
        assert not inspect.iscoroutinefunction(twin) and not inspect.isasyncgenfunction(twin)
    else:
        assert inspect.iscoroutinefunction(twin), f"{name} reaches the network: a coroutine"
    assert (twin.__doc__ is None) == (function(Mastodon, name).__doc__ is None)


def test_the_no_io_list_names_real_methods_only():
    assert NO_IO <= set(METHODS) and ITERATORS <= set(METHODS)
    # Endpoint methods (marked with their Mastodon version) always reach the network.
    marked = {n for n in METHODS if hasattr(getattr(Mastodon, n), "_min_version")}
    assert len(marked) > 250 and not marked & NO_IO


def test_the_properties_are_there():
    for name in sorted(set(PUBLIC) - set(METHODS)):
        assert isinstance(inspect.getattr_static(AsyncMastodon, name), property), name
    api = AsyncMastodon(api_base_url="https://mastodon.example")
    assert api.ratelimit_limit == 300 and api.ratelimit_remaining == 300


def test_create_app_is_an_awaitable_static_method(mock_url, tmp_path):
    assert isinstance(inspect.getattr_static(AsyncMastodon, "create_app"), staticmethod)
    assert inspect.iscoroutinefunction(inspect.unwrap(AsyncMastodon.create_app))
    path = tmp_path / "app.secret"
    client_id, secret = asyncio.run(AsyncMastodon.create_app("async app", api_base_url=mock_url,
                                                             to_file=str(path)))
    assert path.read_text().splitlines() == [client_id, secret, mock_url, "async app"]
    # The registered app works, with either client.
    assert Mastodon(client_id=str(path)).client_secret == secret


def test_the_constructor_checks_as_the_sync_one_does():
    from mastodon import MastodonIllegalArgumentError
    for kwargs in ({"ratelimit_method": "sometimes"}, {"version_check_mode": "always"},
                   {"mastodon_version": "banana"}, {"access_token": "t"}):
        with pytest.raises(MastodonIllegalArgumentError) as sync:
            Mastodon(**kwargs)
        with pytest.raises(MastodonIllegalArgumentError) as aio:
            AsyncMastodon(**kwargs)
        assert str(aio.value) == str(sync.value)


# --- the shared contract ------------------------------------------------------------------

def contract_tool():
    if not CONTRACT_TOOL.exists() or not CONTRACTS.is_dir():
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(f"CI is set, but the shared contract is not at {CONTRACTS}")
        pytest.skip(f"the shared contract is not at {CONTRACTS}")
    spec = importlib.util.spec_from_file_location("contract_check", CONTRACT_TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("contract", ["classic.json",
                                      "modern.json"])
def test_the_contract_holds_for_both_clients(contract):
    tool = contract_tool()
    methods = json.loads((CONTRACTS / contract).read_text())["classes"]["Mastodon"]
    assert len(methods) > 100
    for cls in (Mastodon, AsyncMastodon):
        gaps = {name: why for name, spec in sorted(methods.items())
                if (why := tool.check_method(cls, name, spec)) is not None}
        assert gaps == {}, (cls.__name__, gaps)


# --- the generated package ------------------------------------------------------------------

def load_generator(monkeypatch):
    spec = importlib.util.spec_from_file_location("gen_async_under_test",
                                                  ROOT / "tools" / "gen_async.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # its dataclasses look it up
    spec.loader.exec_module(module)
    return module


def test_the_generated_package_is_fresh():
    done = subprocess.run([sys.executable, "tools/gen_async.py", "--check"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_the_check_finds_a_changed_source(tmp_path, monkeypatch, capsys):
    package = tmp_path / "mastodon"
    shutil.copytree(ROOT / "mastodon", package, ignore=shutil.ignore_patterns("__pycache__"))
    generator = load_generator(monkeypatch)
    monkeypatch.setattr(generator, "ROOT", tmp_path)
    monkeypatch.setattr(generator, "PACKAGE", package)
    monkeypatch.setattr(generator, "OUT", package / "_async")
    assert generator.main(["--check"]) == 0

    source = package / "markers.py"
    text = source.read_text()
    anchor = "    def markers_get("
    assert anchor in text
    source.write_text(text.replace(anchor, (
        "    def markers_probe(self, timeline: str = \"home\") -> Any:\n"
        "        \"\"\"A new endpoint method.\"\"\"\n"
        "        return self._api_request(\"GET\", \"/api/v1/markers/probe\", {\"t\": timeline})\n\n"
        + anchor), 1))
    assert generator.main(["--check"]) == 1
    assert "markers.py" in capsys.readouterr().err
    assert generator.main([]) == 0
    twin = (package / "_async" / "markers.py").read_text()
    assert "async def markers_probe(self, timeline: str='home')" in twin
    assert "return await self._api_request('GET', '/api/v1/markers/probe'" in twin
    assert generator.main(["--check"]) == 0

    (package / "_async" / "leftover.py").write_text("x = 1\n")
    assert generator.main(["--check"]) == 1


# --- what importing costs -------------------------------------------------------------------

def fresh(script):
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_import_mastodon_does_not_import_aiohttp():
    found = fresh("""
        import json, sys
        import mastodon
        from mastodon import Mastodon
        Mastodon(api_base_url="https://mastodon.example")
        before = sorted(m for m in sys.modules if m.split(".")[0] in ("aiohttp", "yarl")
                        or m == "mastodon._async" or m.startswith("mastodon._async."))
        from mastodon import AsyncMastodon
        print(json.dumps({"before": before, "after": "aiohttp" in sys.modules,
                          "same": AsyncMastodon is mastodon.AsyncMastodon,
                          "listed": "AsyncMastodon" in dir(mastodon)}))
    """)
    assert found == {"before": [], "after": True, "same": True, "listed": True}


def test_without_aiohttp_the_import_names_the_extra():
    found = fresh("""
        import json, sys

        class NoAiohttp:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] == "aiohttp":
                    raise ModuleNotFoundError(f"No module named {name!r}", name=name)
                return None

        sys.meta_path.insert(0, NoAiohttp())
        import mastodon
        api = mastodon.Mastodon(api_base_url="https://mastodon.example")  # the sync client works
        try:
            from mastodon import AsyncMastodon
            error = None
        except ImportError as exc:
            error = [type(exc).__name__, str(exc), type(exc.__cause__).__name__]
        print(json.dumps(error))
    """)
    assert found is not None, "AsyncMastodon imported without aiohttp"
    kind, message, cause = found
    assert 'pip install "mastodon[async]"' in message and "aiohttp" in message
    assert cause == "ModuleNotFoundError"


# --- the client's life ---------------------------------------------------------------------

def client(server, **kwargs):
    return AsyncMastodon(access_token="life-token-0123", api_base_url=server.url,
                         mastodon_version="4.5.0", **kwargs)


def test_async_with_closes_the_session_and_the_connection(server):
    async def main():
        async with client(server) as api:
            assert await api.instance() == {}
            await api.instance()
            session = api.session
        return session

    session = asyncio.run(main())
    assert session.closed
    assert {r.connection for r in server.requests} == {1}  # one pool, one connection


def test_close_twice_and_use_after_close(server):
    async def main():
        api = client(server)
        await api.close()  # nothing opened yet: nothing to close
        await api.instance()
        first = api.session
        await api.close()
        await api.close()
        assert first.closed
        assert await api.instance() == {}  # used again: a new session
        assert api.session is not first and not api.session.closed
        await api.close()

    asyncio.run(main())
    assert len(server.requests) == 2
    assert server.connections == 2  # the first connection went with the first session


def test_a_session_passed_in_is_used_and_left_open(server):
    async def main():
        session = aiohttp.ClientSession(headers={"X-Through": "my-session"})
        try:
            async with client(server, session=session) as api:
                await api.instance()
            assert not session.closed
            await api.close()
            assert not session.closed
            assert api.session is session
            await api.instance()  # still usable
        finally:
            await session.close()

    asyncio.run(main())
    assert [r.headers["X-Through"] for r in server.requests] == ["my-session"] * 2
    assert server.last.headers["Authorization"] == "Bearer life-token-0123"


def test_a_client_used_in_a_second_event_loop(server):
    # asyncio.run twice (a script's commands, a notebook's cells) with one client.
    api = client(server, max_retries=0)
    asyncio.run(api.instance())
    assert asyncio.run(api.instance()) == {}
    asyncio.run(api.close())
    assert len(server.requests) == 2


def test_repr_names_the_server_and_hides_the_token(server):
    api = client(server)
    text = repr(api)
    assert server.url in text and "with access token" in text
    assert "life-token-0123" not in text and "life-token-0123" not in str(api)


def test_repr_names_the_class(server):
    assert repr(client(server)).startswith("<AsyncMastodon ")


def test_a_fresh_client_pickles_and_copies(server):
    api = client(server, ratelimit_method="pace", lang="de")
    for twin in (pickle.loads(pickle.dumps(api)), copy.deepcopy(api), copy.copy(api)):
        assert type(twin) is AsyncMastodon
        assert (twin.access_token, twin.api_base_url, twin.ratelimit_method, twin.lang) == (
            "life-token-0123", server.url, "pace", "de")

        async def use(twin=twin):
            async with twin:
                return await twin.instance()

        assert asyncio.run(use()) == {}
    assert [r.headers["Accept-Language"] for r in server.requests] == ["de"] * 3


@pytest.mark.parametrize("how", ["pickle", "deepcopy"])
def test_a_used_client_pickles_and_copies(server, how):
    async def main():
        api = client(server)
        async with api:
            await api.instance()
            twin = pickle.loads(pickle.dumps(api)) if how == "pickle" else copy.deepcopy(api)
        async with twin:
            assert await twin.instance() == {}
            assert twin.mastodon_major == 4
        return api, twin

    api, twin = asyncio.run(main())
    assert twin.session is not api.session
    assert len(server.requests) == 2


def test_a_shallow_copy_closed_leaves_the_original_working(server):
    server.default = Reply(200, {"title": "ok"})

    async def main():
        api = client(server)
        await api.instance()
        twin = copy.copy(api)
        await twin.close()
        assert (await api.instance()).title == "ok"
        await api.close()

    asyncio.run(main())
    assert len(server.requests) == 2


def test_a_requests_session_is_refused_with_what_to_pass_instead():
    # Users moving from Mastodon pass the session they had; it cannot send for asyncio.
    with pytest.raises(MastodonIllegalArgumentError, match="aiohttp.ClientSession"):
        AsyncMastodon(api_base_url="http://127.0.0.1:9", session=requests.Session())
    with pytest.raises(MastodonIllegalArgumentError, match="aiohttp.ClientSession"):
        asyncio.run(AsyncMastodon.create_app("app", api_base_url="http://127.0.0.1:9",
                                             session=requests.Session()))
