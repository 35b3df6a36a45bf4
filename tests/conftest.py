"""Fixtures: a real `mastodon_mock` server for the whole session, reset before each test
that uses it, and small scripted servers for the edge cases.

The mock's seed: ``alice`` (token ``alice_token``), ``bob`` (``bob_token``), ``carol``
(locked, ``carol_token``), ``dave`` (a remote account on ``remote.example``, no token)
and ``root`` (an admin, ``root_token``). Alice follows Bob.

The client fixtures (``api``, ``api_bob``, ..., ``recording_api``, ``client_class``,
``make_client``) give ``Mastodon`` clients; in a module marked ``both_clients`` each test that
uses them runs for ``Mastodon`` and for ``AsyncMastodon`` (see tests/clients.py).
"""

import pytest
import requests
from mastodon_mock.config import (
    DatabaseConfig,
    MastodonMockConfig,
    SeedAccount,
    SeedConfig,
    StreamingConfig,
)
from mastodon_mock.testing.seed import DEFAULT_TEST_SEED
from mastodon_mock.testing.server import MockServer

from mastodon import Mastodon

from .clients import CLIENT_KINDS, AsyncClients
from .servers import ScriptedServer

SEED = SeedConfig(
    accounts=[*DEFAULT_TEST_SEED.accounts,
              SeedAccount(username="root", display_name="Root", access_token="root_token",
                          email="root@mock.local", role="admin")],
    follows=list(DEFAULT_TEST_SEED.follows),
)


def pytest_generate_tests(metafunc):
    """In a module marked ``both_clients``, a test that uses a client fixture runs once per
    client kind (``[sync]``, ``[async]``; the latter marked ``async_client``), unless it is
    marked ``sync_client_only``."""
    if ("client_kind" not in metafunc.fixturenames
            or metafunc.definition.get_closest_marker("both_clients") is None
            or metafunc.definition.get_closest_marker("sync_client_only") is not None):
        return
    metafunc.parametrize("client_kind", [
        pytest.param(kind, marks=[pytest.mark.async_client] if kind == "async" else [])
        for kind in CLIENT_KINDS], indirect=True)


def mock_config(**overrides):
    """A mastodon_mock configuration with our seed, in memory."""
    settings = dict(database=DatabaseConfig(path=":memory:"), seed=SEED,
                    streaming=StreamingConfig(heartbeat_seconds=0.2))
    settings.update(overrides)
    return MastodonMockConfig(**settings)


@pytest.fixture(scope="session")
def mock_server():
    """The session's mastodon_mock server; yields its base URL."""
    server = MockServer(config=mock_config()).start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.stop()


@pytest.fixture
def mock_url(mock_server):
    """The mock's base URL, with its state reset to the seed."""
    response = requests.post(mock_server + "/api/v1/_mock/reset", timeout=30)
    response.raise_for_status()
    return mock_server


def client(base_url, token=None, cls=Mastodon, **kwargs):
    """A client of class ``cls`` for ``base_url`` (``client_class`` in tests that run for
    both clients)."""
    # Retries stay on, as for users, but their backoff is shortened for speed.
    kwargs.setdefault("retry_backoff", 0.001)
    return cls(access_token=token, api_base_url=base_url, **kwargs)


@pytest.fixture
def client_kind(request):
    """Which client the test's client fixtures give: ``"sync"``, or in a module marked
    ``both_clients`` each of ``"sync"`` and ``"async"`` in turn."""
    return getattr(request, "param", "sync")


@pytest.fixture
def client_class(client_kind):
    """``Mastodon``, or for the async variant ``AsyncMastodon`` seen through an
    ``AsyncClientView``: the clients it makes run on the test's event loop and are closed
    (``await client.close()``) when the test ends."""
    if client_kind == "sync":
        yield Mastodon
        return
    clients = AsyncClients()
    try:
        yield clients.cls
    finally:
        clients.close()


@pytest.fixture
def make_client(client_class):
    """``client(base_url, token=None, **kwargs)`` (short retry backoff) of the test's kind."""
    def make(base_url, token=None, **kwargs):
        return client(base_url, token, cls=client_class, **kwargs)
    return make


@pytest.fixture
def api(mock_url, make_client):
    """Alice's client."""
    return make_client(mock_url, "alice_token")


@pytest.fixture
def api_bob(mock_url, make_client):
    """Bob's client."""
    return make_client(mock_url, "bob_token")


@pytest.fixture
def api_carol(mock_url, make_client):
    """Carol's client (her account is locked: follows need approval)."""
    return make_client(mock_url, "carol_token")


@pytest.fixture
def api_admin(mock_url, make_client):
    """An admin's client."""
    return make_client(mock_url, "root_token")


@pytest.fixture
def api_anonymous(mock_url, make_client):
    """A client without a token."""
    return make_client(mock_url)


@pytest.fixture
def server():
    """A scripted, recording server (see tests/servers.py)."""
    scripted = ScriptedServer().start()
    try:
        yield scripted
    finally:
        scripted.stop()


@pytest.fixture
def recording_api(server, make_client):
    """A client talking to the scripted server, version known (no version request)."""
    return make_client(server.url, "secret-token", mastodon_version="4.5.0")
