"""Running an endpoint test against both clients, ``Mastodon`` and ``AsyncMastodon``, with
one test body.

A test module marked ``pytestmark = pytest.mark.both_clients`` runs each of its tests that
uses a client fixture (``api``, ``recording_api``, ``client_class``, ``make_client``, ...; see
tests/conftest.py) twice: ``[sync]`` with ``Mastodon``, ``[async]`` with a real
``AsyncMastodon`` seen through :class:`AsyncClientView`. The view calls the client's methods
as they are and, when a call gives a coroutine, awaits it on the test's event loop (one loop,
in a thread of its own, per test); an async generator (``pagination_iterator``) is consumed
through the loop as a plain iterator. Nothing is converted: the test sees the object the
coroutine returned and the exception it raised. Tests marked ``sync_client_only`` (the reason
as the marker's argument) run only with ``Mastodon``.

The ``[async]`` variants carry the marker ``async_client``: ``-m "not async_client"`` leaves
them out.
"""

import asyncio
import inspect
import threading

CLIENT_KINDS = ("sync", "async")


class EventLoopThread:
    """An event loop running in a thread of its own, for one test: the test's thread hands it
    coroutines and waits for their result."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="test-event-loop",
                                        daemon=True)
        self._thread.start()

    def run(self, awaitable):
        """The result of ``awaitable``, awaited in the loop (or the exception it raised)."""
        async def awaiting():
            return await awaitable
        return asyncio.run_coroutine_threadsafe(awaiting(), self.loop).result()

    def iterate(self, generator):
        """An async generator's items, each awaited in the loop; closing this iterator early
        closes the generator (in the loop)."""
        try:
            while True:
                try:
                    item = self.run(generator.__anext__())
                except StopAsyncIteration:
                    return
                yield item
        finally:
            self.run(generator.aclose())

    def close(self):
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join()
        self.loop.close()


class AsyncClientView:
    """An ``AsyncMastodon`` (or the class itself) called like a ``Mastodon``: every call that
    gives a coroutine is awaited on ``loop``, every async generator is iterated through it.
    ``awaited`` lists the names of the calls that were awaited, in order; ``unwrapped`` is the
    client itself. Reading and setting attributes reach the client directly."""

    def __init__(self, target, loop, on_new_client=None):
        object.__setattr__(self, "unwrapped", target)
        object.__setattr__(self, "awaited", [])
        object.__setattr__(self, "_loop", loop)
        object.__setattr__(self, "_on_new_client", on_new_client)

    def __getattr__(self, name):
        value = getattr(self.unwrapped, name)
        if not callable(value) or inspect.isclass(value):
            return value

        def call(*args, **kwargs):
            return self._finish(name, value(*args, **kwargs))
        call.__name__ = name
        call.__wrapped__ = value
        return call

    def __setattr__(self, name, value):
        setattr(self.unwrapped, name, value)

    def __call__(self, *args, **kwargs):
        """With the class as target: a new client (made in the loop, as asyncio programs make
        theirs), as a view, closed when the test ends."""
        if self._on_new_client is None:
            raise TypeError(f"{self.unwrapped!r} is not callable")

        async def construct():
            return self.unwrapped(*args, **kwargs)
        client = self._loop.run(construct())
        view = AsyncClientView(client, self._loop)
        self._on_new_client(client)
        return view

    def __repr__(self):
        return f"<AsyncClientView of {self.unwrapped!r}>"

    def _finish(self, name, result):
        if inspect.isawaitable(result):
            self.awaited.append(name)
            return self._loop.run(result)
        if inspect.isasyncgen(result):
            self.awaited.append(name)
            return self._loop.iterate(result)
        return result


class AsyncClients:
    """The test's event loop and the ``AsyncMastodon`` clients made on it: ``cls`` is the class
    as a view; :meth:`close` closes every client (``await client.close()``) and then the loop."""

    def __init__(self):
        from mastodon import AsyncMastodon

        self.loop = EventLoopThread()
        self.made = []
        self.cls = AsyncClientView(AsyncMastodon, self.loop, self.made.append)

    def close(self):
        try:
            for client in self.made:
                self.loop.run(client.close())
        finally:
            self.loop.close()


def subclass_view(class_view, subclass):
    """``subclass`` (of ``AsyncMastodon``, defined by a test) seen as ``class_view`` sees
    ``AsyncMastodon``: its clients run on the same loop and are closed with the others."""
    return AsyncClientView(subclass, class_view._loop, class_view._on_new_client)
