"""The fixtures that run the endpoint tests against both clients (tests/clients.py): the
async variant really is an ``AsyncMastodon`` whose coroutines are awaited on the test's
loop, and the view hides nothing (results and exceptions are the coroutine's own)."""

import asyncio
import inspect
import threading

import pytest

from mastodon import AsyncMastodon, Mastodon, MastodonNotFoundError

from .clients import AsyncClients, subclass_view

pytestmark = pytest.mark.both_clients


class Echo(AsyncMastodon):
    """Coroutines whose result and exception the test chooses."""

    async def echo(self, value):
        await asyncio.sleep(0)
        return value

    async def fail(self, exc):
        await asyncio.sleep(0)
        raise exc

    async def where(self):
        return threading.current_thread().name, asyncio.get_running_loop()

    async def count_to(self, n, closed):
        try:
            for i in range(n):
                await asyncio.sleep(0)
                yield i
        finally:
            closed.append(True)


@pytest.fixture
def async_clients():
    clients = AsyncClients()
    try:
        yield clients
    finally:
        clients.close()


def test_each_kind_is_the_real_client(api, client_kind):
    me = api.account_verify_credentials()
    assert me.username == "alice"
    if client_kind == "sync":
        assert type(api) is Mastodon and not hasattr(api, "awaited")
    else:
        assert type(api.unwrapped) is AsyncMastodon
        assert inspect.iscoroutinefunction(AsyncMastodon.account_verify_credentials)
        assert api.awaited == ["account_verify_credentials"]


def test_both_kinds_give_the_same_types(api, client_kind):
    status = api.status_post("typed")
    again = api.status(status.id)
    assert type(again) is type(status) and type(again.id).__name__ == "MastodonId"
    assert again.created_at.tzinfo is not None
    if client_kind == "async":
        assert api.awaited == ["status_post", "status"]


def test_errors_are_raised_as_the_coroutine_raised_them(api, client_kind):
    with pytest.raises(MastodonNotFoundError) as info:
        api.status("999999999")
    if client_kind == "async":
        # Raised inside the generated coroutine, not made up by the view.
        frames = [code.co_filename for code, _ in _frames(info.value.__traceback__)]
        assert any("/mastodon/_async/" in name for name in frames)


def test_pagination_iterator_is_consumed_through_the_loop(api, api_bob, client_kind):
    for n in range(3):
        api_bob.status_post(f"page {n}")
    page = api.account_statuses(api_bob.me().id, limit=1)
    seen = [status.content for status in api.pagination_iterator(page)]
    assert len(seen) == 3
    if client_kind == "async":
        assert "pagination_iterator" in api.awaited


def test_the_result_is_the_object_the_coroutine_returned(async_clients):
    echo = subclass_view(async_clients.cls, Echo)(api_base_url="http://127.0.0.1:9")
    value = object()
    assert echo.echo(value) is value
    assert echo.awaited == ["echo"]


def test_the_exception_is_the_one_the_coroutine_raised(async_clients):
    echo = subclass_view(async_clients.cls, Echo)(api_base_url="http://127.0.0.1:9")
    exc = LookupError("mine")
    with pytest.raises(LookupError) as info:
        echo.fail(exc)
    assert info.value is exc


def test_coroutines_run_on_the_tests_loop_in_its_thread(async_clients):
    view = subclass_view(async_clients.cls, Echo)
    first, second = view(api_base_url="http://127.0.0.1:9"), view(api_base_url="http://127.0.0.1:9")
    assert first.where() == second.where() == ("test-event-loop", async_clients.loop.loop)
    assert first.where()[0] != threading.current_thread().name


def test_sync_methods_are_called_as_they_are(async_clients):
    api = async_clients.cls(api_base_url="http://127.0.0.1:9")
    api.set_language("de")
    assert api.lang == "de" and api.awaited == []


def test_an_async_generator_left_early_is_closed(async_clients):
    echo = subclass_view(async_clients.cls, Echo)(api_base_url="http://127.0.0.1:9")
    closed = []
    numbers = echo.count_to(5, closed)
    assert next(numbers) == 0 and closed == []
    numbers.close()
    assert closed == [True]
    assert list(echo.count_to(3, closed)) == [0, 1, 2]


def test_teardown_closes_every_client_and_the_loop(mock_url):
    clients = AsyncClients()
    api = clients.cls(access_token="alice_token", api_base_url=mock_url)
    api.account_verify_credentials()
    session = api.session
    assert not session.closed
    clients.close()
    assert session.closed and clients.loop.loop.is_closed()


def _frames(traceback):
    while traceback is not None:
        yield traceback.tb_frame.f_code, traceback.tb_lineno
        traceback = traceback.tb_next
