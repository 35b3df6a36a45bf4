"""AsyncMastodon and proxies: the proxy a request goes through is the one requests would
choose (the environment's HTTP_PROXY and NO_PROXY, read once per host and again after
``clear_caches()``), not aiohttp's own reading of the environment.

As in tests/test_transport_session.py, a proxy is a recording server on 127.0.0.1 that
answers what it is asked through it, and the server the client names is on 127.0.0.2."""

import asyncio

import pytest

from mastodon import AsyncMastodon, MastodonIllegalArgumentError

from . import test_transport_session as sync_tests
from .test_transport_session import TOKEN, arrived_through

# The sync tests' fixtures: no proxy settings from the machine; the target, two proxies.
clean_environment = sync_tests.clean_environment
target = sync_tests.target
proxy = sync_tests.proxy
other_proxy = sync_tests.other_proxy


def accounts(url, *ids, between=None):
    """``account(id)`` for each id with one AsyncMastodon; ``between(api)`` runs after the
    first call."""
    async def main():
        async with AsyncMastodon(access_token=TOKEN, api_base_url=url, mastodon_version="4.5.0",
                                 max_retries=0) as api:
            found = [(await api.account(ids[0])).acct]
            if between is not None:
                between(api)
            for account_id in ids[1:]:
                found.append((await api.account(account_id)).acct)
            return found
    return asyncio.run(main())


def test_a_proxy_from_the_environment_carries_the_requests(target, proxy, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    assert accounts(target.url, 1, 2) == ["alice", "alice"]
    assert [r.path for r in proxy.requests] == ["/api/v1/accounts/1", "/api/v1/accounts/2"]
    assert arrived_through(proxy, target) and target.requests == []
    assert proxy.last.headers["Authorization"] == f"Bearer {TOKEN}"


def test_a_proxy_named_without_a_scheme_is_an_http_proxy(target, proxy, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", proxy.url.split("//")[1])
    assert accounts(target.url, 1) == ["alice"]
    assert arrived_through(proxy, target) and target.requests == []


def test_no_proxy_goes_directly(target, proxy, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.2")
    accounts(target.url, 1)
    assert target.last.path == "/api/v1/accounts/1" and proxy.requests == []


def test_the_environment_is_read_once_per_host_and_again_after_clear_caches(
        target, proxy, other_proxy, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", proxy.url)

    def switch(api):
        monkeypatch.setenv("HTTP_PROXY", other_proxy.url)

    accounts(target.url, 1, 2, between=switch)
    assert len(proxy.requests) == 2 and other_proxy.requests == []

    def switch_and_forget(api):
        monkeypatch.setenv("HTTP_PROXY", other_proxy.url)
        api.clear_caches()

    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    accounts(target.url, 3, 4, between=switch_and_forget)
    assert proxy.last.path == "/api/v1/accounts/3"
    assert arrived_through(other_proxy, target) and other_proxy.last.path == "/api/v1/accounts/4"


def test_a_socks_proxy_is_refused_without_showing_its_credentials(target, proxy, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "socks5://user:hunter2@127.0.0.1:9")
    with pytest.raises(MastodonIllegalArgumentError, match="socks5://127.0.0.1:9") as caught:
        accounts(target.url, 1)
    assert "hunter2" not in str(caught.value)
    assert target.requests == [] and proxy.requests == []
