"""Following pages: the next request carries the Link URL's parameters, as the server wrote them."""

from urllib.parse import urlencode

import pytest

from .servers import Reply

pytestmark = pytest.mark.both_clients

NOTIFICATION_IDS = [9, 8, 7, 6, 5, 4, 3, 2, 1]


def mastodon_like_notifications(server_url):
    """Answer like Mastodon: a page of notifications by ``max_id``/``min_id`` and ``limit``,
    with a ``Link`` header whose URLs repeat the request's whole query (list parameters
    included, as ``exclude_types[]=...``), only the cursor replaced."""
    def answer(recorded):
        limit = int(recorded.query.get("limit", ["2"])[0])
        max_id = int(recorded.query.get("max_id", ["10"])[0])
        min_id = int(recorded.query.get("min_id", ["0"])[0])
        ids = [i for i in NOTIFICATION_IDS if min_id < i < max_id]
        ids = ids[-limit:] if "min_id" in recorded.query else ids[:limit]  # just newer than min_id
        body = [{"id": str(i), "type": "mention", "created_at": "2024-01-01T00:00:00Z",
                 "account": {"id": "1", "acct": "bob"}} for i in ids]
        kept = [(key, value) for key, values in recorded.query.items()
                if key not in ("max_id", "min_id") for value in values]
        links = []
        if ids:
            links.append(f'<{server_url}/api/v1/notifications?'
                         f'{urlencode(kept + [("max_id", ids[-1])])}>; rel="next"')
            links.append(f'<{server_url}/api/v1/notifications?'
                         f'{urlencode(kept + [("min_id", ids[0])])}>; rel="prev"')
        return Reply(200, body, {"Link": ", ".join(links)} if links else {})
    return answer


def test_fetch_next_sends_list_parameters_once(recording_api, server):
    server.routes[("GET", "/api/v1/notifications")] = mastodon_like_notifications(server.url)
    first = recording_api.notifications(exclude_types=["follow", "favourite"], limit=2)
    assert server.last.query == {"exclude_types[]": ["follow", "favourite"], "limit": ["2"]}
    assert [n.id for n in first] == ["9", "8"]

    second = recording_api.fetch_next(first)
    assert server.last.query == {"exclude_types[]": ["follow", "favourite"], "limit": ["2"],
                                 "max_id": ["8"]}
    third = recording_api.fetch_next(second)
    assert server.last.query == {"exclude_types[]": ["follow", "favourite"], "limit": ["2"],
                                 "max_id": ["6"]}
    assert [n.id for n in second + third] == ["7", "6", "5", "4"]

    newer = recording_api.fetch_previous(third)
    assert server.last.query == {"exclude_types[]": ["follow", "favourite"], "limit": ["2"],
                                 "min_id": ["5"]}
    assert [n.id for n in newer] == ["7", "6"]
    assert recording_api.fetch_previous(newer) is not None
    assert server.last.query["exclude_types[]"] == ["follow", "favourite"]

    everything = recording_api.fetch_remaining(first)
    assert [int(n.id) for n in everything] == NOTIFICATION_IDS
    assert all(r.query["exclude_types[]"] == ["follow", "favourite"] for r in server.requests)


def test_the_link_decides_the_parameters_it_names(recording_api, server):
    # The server narrowed the list in its link: the next page asks for what the link says,
    # not the original list and the link's list together.
    link = (f'<{server.url}/api/v1/notifications?exclude_types%5B%5D=follow&limit=3&max_id=5>; '
            f'rel="next"')
    server.routes[("GET", "/api/v1/notifications")] = [Reply(200, [{"id": "6"}], {"Link": link}),
                                                       Reply(200, [])]
    first = recording_api.notifications(exclude_types=["follow", "reblog"], limit=2)
    recording_api.fetch_next(first)
    assert server.last.query == {"exclude_types[]": ["follow"], "limit": ["3"], "max_id": ["5"]}
