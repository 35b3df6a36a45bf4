"""Catch-up: statuses and notifications posted while a stream is cut are delivered after
it reconnects, exactly once, in order, before new events.

Alice streams through a proxy (tests/sse_server.py) that can cut her connections to the
mastodon_mock server; Bob, whom she follows, posts directly to the mock.
"""

import threading
import time

import pytest

from mastodon import Mastodon, StreamListener

from .sse_server import CuttingProxy, flush_mock_websockets

WAIT = 10.0
TRANSPORTS = ["sse", "websocket"]
MARK = "catch-up test"


class Ordered(StreamListener):
    """Keeps the IDs of the test's statuses and notifications in arrival order."""

    def __init__(self):
        self.statuses = []
        self.notifications = []
        self.conversations = []
        self.aborts = []
        self._cond = threading.Condition()

    def on_update(self, status):
        if MARK in status.content:
            with self._cond:
                self.statuses.append(status.id)
                self._cond.notify_all()

    def on_notification(self, notification):
        with self._cond:
            self.notifications.append(notification.id)
            self._cond.notify_all()

    def on_conversation(self, conversation):
        with self._cond:
            self.conversations.append(conversation.last_status.id)
            self._cond.notify_all()

    def on_abort(self, err):
        self.aborts.append(err)

    def wait(self, predicate, timeout=WAIT):
        with self._cond:
            return self._cond.wait_for(lambda: predicate(self), timeout)


def wait_until(condition, timeout=WAIT):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


def post(client, text, **params):
    return client._api_request("POST", "/api/v1/statuses", {"status": f"{text} ({MARK})", **params})


@pytest.fixture
def proxy(mock_url):
    cutter = CuttingProxy(mock_url).start()
    try:
        yield cutter
    finally:
        cutter.stop()


@pytest.fixture
def alice(proxy):
    """Alice's client, talking to the mock through the proxy (REST and streaming: the
    mock names the address it was reached at as its streaming URL)."""
    return Mastodon(access_token="alice_token", api_base_url=proxy.url)


@pytest.fixture
def handles(api_bob):
    opened = []
    yield opened
    for handle in opened:
        handle.close()
    flush_mock_websockets(api_bob)


def outage(proxy, handle, during):
    """Cut the stream, run ``during`` while nothing gets through, then let it reconnect
    and wait until it is receiving again (caught up)."""
    proxy.down()
    assert wait_until(lambda: not handle.is_receiving())
    during()
    proxy.up()
    assert wait_until(handle.is_receiving)


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_statuses_posted_during_cuts_arrive_exactly_once_in_order(
        alice, api_bob, proxy, handles, transport):
    listener = Ordered()
    handle = alice.stream_user(listener, run_async=True, reconnect_async=True,
                               reconnect_async_wait_sec=0.02, transport=transport)
    handles.append(handle)
    posted = []
    cuts = 3
    for round_ in range(cuts):
        for i in range(2):  # live
            posted.append(post(api_bob, f"live {round_}.{i}").id)
        assert listener.wait(lambda lst: len(lst.statuses) == len(posted))

        def while_down(round_=round_):
            for i in range(3):
                posted.append(post(api_bob, f"missed {round_}.{i}").id)
        outage(proxy, handle, while_down)
    # A last live one: if anything were delivered twice, it would come before this.
    posted.append(post(api_bob, "the end").id)
    assert listener.wait(lambda lst: len(lst.statuses) >= len(posted))
    assert listener.statuses == posted
    assert len(posted) == cuts * 5 + 1
    assert len(listener.aborts) >= cuts  # each cut was reported


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_notifications_missed_during_a_cut(alice, api_bob, proxy, handles, transport):
    listener = Ordered()
    handle = alice.stream_user(listener, run_async=True, reconnect_async=True,
                               reconnect_async_wait_sec=0.02, transport=transport)
    handles.append(handle)
    expected = []

    def mention_three_times():
        for i in range(3):
            post(api_bob, f"@alice mention {i}")
    outage(proxy, handle, mention_three_times)
    post(api_bob, "@alice afterwards")
    notifications = alice._api_request("GET", "/api/v1/notifications", {"limit": 40})
    expected = sorted(n.id for n in notifications)
    assert len(expected) == 4
    assert listener.wait(lambda lst: len(lst.notifications) >= 4)
    assert listener.notifications == expected


def test_a_cut_before_the_first_event_is_caught_up_too(alice, api_bob, proxy, handles):
    listener = Ordered()
    handle = alice.stream_user(listener, run_async=True, reconnect_async=True,
                               reconnect_async_wait_sec=0.02)
    handles.append(handle)
    posted = []
    outage(proxy, handle, lambda: posted.extend(post(api_bob, f"early {i}").id for i in range(2)))
    assert listener.wait(lambda lst: len(lst.statuses) >= 2)
    assert listener.statuses == posted


def test_catch_up_pages_through_a_long_outage_oldest_first(alice, api_bob, proxy, handles):
    listener = Ordered()
    handle = alice.stream_hashtag("cats", listener, run_async=True, reconnect_async=True,
                                  reconnect_async_wait_sec=0.02)
    handles.append(handle)
    posted = []
    # More than one page (40) of missed statuses.
    outage(proxy, handle, lambda: posted.extend(
        post(api_bob, f"#cats number {i}").id for i in range(45)))
    assert listener.wait(lambda lst: len(lst.statuses) >= 45)
    assert listener.statuses == posted


def test_without_catch_up_what_happened_during_the_cut_is_lost(alice, api_bob, proxy, handles):
    listener = Ordered()
    handle = alice.stream_user(listener, run_async=True, reconnect_async=True,
                               reconnect_async_wait_sec=0.02, catch_up=False)
    handles.append(handle)
    before = post(api_bob, "before").id
    assert listener.wait(lambda lst: len(lst.statuses) == 1)
    outage(proxy, handle, lambda: post(api_bob, "lost"))
    after = post(api_bob, "after").id
    assert listener.wait(lambda lst: len(lst.statuses) >= 2)
    assert listener.statuses == [before, after]


def test_list_stream_catches_up(alice, api_bob, proxy, handles):
    bob = api_bob._api_request("GET", "/api/v1/accounts/verify_credentials")
    friends = alice._api_request("POST", "/api/v1/lists", {"title": "friends"})
    alice._api_request("POST", f"/api/v1/lists/{friends.id}/accounts", {"account_ids": [bob.id]})
    listener = Ordered()
    handle = alice.stream_list(friends.id, listener, run_async=True, reconnect_async=True,
                               reconnect_async_wait_sec=0.02)
    handles.append(handle)
    posted = [post(api_bob, "on the list").id]
    assert listener.wait(lambda lst: len(lst.statuses) == 1)
    outage(proxy, handle, lambda: posted.extend(post(api_bob, f"missed {i}").id for i in range(2)))
    assert listener.wait(lambda lst: len(lst.statuses) >= 3)
    assert listener.statuses == posted


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_direct_stream_catches_up_conversations(alice, api_bob, proxy, handles, transport):
    listener = Ordered()
    handle = alice.stream_direct(listener, run_async=True, reconnect_async=True,
                                 reconnect_async_wait_sec=0.02, transport=transport)
    handles.append(handle)
    first = post(api_bob, "@alice psst", visibility="direct").id
    assert listener.wait(lambda lst: len(lst.conversations) == 1)
    missed = []
    outage(proxy, handle, lambda: missed.append(
        post(api_bob, "@alice did you see this?", visibility="direct").id))
    assert listener.wait(lambda lst: len(lst.conversations) >= 2)
    assert listener.conversations == [first, missed[0]]


def test_a_status_posted_while_catching_up_is_delivered_once(alice, api_bob, proxy, handles):
    # The first caught-up status makes Bob post again: that post reaches the new
    # connection (already subscribed) and the next catch-up page alike.
    during = []

    class PostsWhileCatchingUp(Ordered):
        def on_update(self, status):
            super().on_update(status)
            if "missed 0" in status.content and not during:
                during.append(post(api_bob, "during catch-up").id)

    listener = PostsWhileCatchingUp()
    handle = alice.stream_user(listener, run_async=True, reconnect_async=True,
                               reconnect_async_wait_sec=0.02)
    handles.append(handle)
    missed = []
    outage(proxy, handle, lambda: missed.extend(post(api_bob, f"missed {i}").id for i in range(2)))
    end = post(api_bob, "the end").id
    assert listener.wait(lambda lst: end in lst.statuses)
    assert listener.statuses == missed + during + [end]
