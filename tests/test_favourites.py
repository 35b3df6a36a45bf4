"""Favourites: the list of favourited statuses, against the mock; the exact request
against the scripted server."""

from datetime import UTC, datetime

import pytest

from mastodon import MastodonIllegalArgumentError

from .servers import Reply

pytestmark = pytest.mark.both_clients


def post(api, text):
    return api._api_request("POST", "/api/v1/statuses", {"status": text})


def favourite(api, status):
    return api._api_request("POST", f"/api/v1/statuses/{status['id']}/favourite")


def unfavourite(api, status):
    return api._api_request("POST", f"/api/v1/statuses/{status['id']}/unfavourite")


def test_favourites_lists_favourited_statuses(api, api_bob):
    first, second, never = post(api_bob, "one"), post(api_bob, "two"), post(api_bob, "three")
    assert api.favourites() == []
    favourite(api, first)
    favourite(api, second)

    favourites = api.favourites()
    assert [s.id for s in favourites] == [second.id, first.id]
    assert never.id not in [s.id for s in favourites]
    assert all(s.favourited for s in favourites)
    assert api_bob.favourites() == []  # each user has their own

    unfavourite(api, first)
    assert [s.id for s in api.favourites()] == [second.id]


def test_favourites_page_through_the_link_header(api, api_bob):
    statuses = [post(api_bob, f"post {n}") for n in range(3)]
    for status in statuses:
        favourite(api, status)

    page = api.favourites(limit=2)
    assert len(page) == 2
    assert page._pagination_next is page[-1]._pagination_next
    rest = api.fetch_next(page)
    assert [s.id for s in page + rest] == [s.id for s in reversed(statuses)]
    assert [s.id for s in api.fetch_remaining(page)] == [s.id for s in reversed(statuses)]


def test_request_sends_only_what_was_set(recording_api, server):
    server.default = Reply(200, [])
    recording_api.favourites()
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET", "/api/v1/favourites", {})
    recording_api.favourites(max_id={"id": "80"}, min_id="20", since_id=10, limit=5)
    assert server.last.query == {"max_id": ["80"], "min_id": ["20"], "since_id": ["10"],
                                 "limit": ["5"]}


def test_dates_are_refused_as_cursors(recording_api, server):
    # Favourite IDs are not time-based: a date cannot stand for one.
    with pytest.raises(MastodonIllegalArgumentError, match="not a date"):
        recording_api.favourites(max_id=datetime(2024, 1, 1, tzinfo=UTC))
    assert server.requests == []
