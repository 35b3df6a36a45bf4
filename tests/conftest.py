"""Fixtures: a real `mastodon_mock` server for the whole session, reset before each test
that uses it, and small scripted servers for the edge cases.

The mock's seed: ``alice`` (token ``alice_token``), ``bob`` (``bob_token``), ``carol``
(locked, ``carol_token``), ``dave`` (a remote account on ``remote.example``, no token)
and ``root`` (an admin, ``root_token``). Alice follows Bob.
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

from .servers import ScriptedServer

SEED = SeedConfig(
    accounts=[*DEFAULT_TEST_SEED.accounts,
              SeedAccount(username="root", display_name="Root", access_token="root_token",
                          email="root@mock.local", role="admin")],
    follows=list(DEFAULT_TEST_SEED.follows),
)


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


def client(base_url, token=None, **kwargs):
    # Retries stay on, as for users, but their backoff is shortened for speed.
    kwargs.setdefault("retry_backoff", 0.001)
    return Mastodon(access_token=token, api_base_url=base_url, **kwargs)


@pytest.fixture
def api(mock_url):
    """Alice's client."""
    return client(mock_url, "alice_token")


@pytest.fixture
def api_bob(mock_url):
    """Bob's client."""
    return client(mock_url, "bob_token")


@pytest.fixture
def api_carol(mock_url):
    """Carol's client (her account is locked: follows need approval)."""
    return client(mock_url, "carol_token")


@pytest.fixture
def api_admin(mock_url):
    """An admin's client."""
    return client(mock_url, "root_token")


@pytest.fixture
def api_anonymous(mock_url):
    """A client without a token."""
    return client(mock_url)


@pytest.fixture
def server():
    """A scripted, recording server (see tests/servers.py)."""
    scripted = ScriptedServer().start()
    try:
        yield scripted
    finally:
        scripted.stop()


@pytest.fixture
def recording_api(server):
    """A client talking to the scripted server, version known (no version request)."""
    return client(server.url, "secret-token", mastodon_version="4.5.0")
