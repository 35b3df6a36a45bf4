"""Polls: reading and voting, against the mock, and the exact vote request."""

import pytest

from mastodon.errors import MastodonIllegalArgumentError, MastodonNotFoundError

from .servers import Reply

pytestmark = pytest.mark.both_clients

POLL = {"id": "3", "expired": False, "multiple": True, "votes_count": 2, "voted": True,
        "own_votes": [0, 2], "options": [{"title": "a", "votes_count": 1}],
        "expires_at": "2100-01-01T00:00:00.000Z", "emojis": []}


def post_poll(api, options=("red", "green", "blue"), multiple=False):
    status = api.status_post("Favourite colour?",
                             poll=api.make_poll(list(options), 3600, multiple=multiple))
    return status.poll


def test_read_a_poll(api, api_anonymous):
    poll = post_poll(api)
    read = api_anonymous.poll(poll)  # a poll dict stands for its ID
    assert read.id == poll.id
    assert [o.title for o in read.options] == ["red", "green", "blue"]
    assert read.votes_count == 0
    assert read.expired is False
    assert read.expires_at.tzinfo is not None


def test_vote_with_one_choice(api, api_bob):
    poll = post_poll(api)
    result = api_bob.poll_vote(poll.id, 1)
    assert result.voted is True
    assert result.own_votes == [1]
    # Read back as another user: the vote is counted, and is not theirs.
    read = api.poll(poll.id)
    assert [o.votes_count for o in read.options] == [0, 1, 0]
    assert read.votes_count == 1
    assert read.voted is False
    assert api_bob.poll(poll).voted is True


def test_vote_with_several_choices(api, api_bob, api_carol):
    poll = post_poll(api, multiple=True)
    api_bob.poll_vote(poll, [0, 2])
    api_carol.poll_vote(poll, (2,))
    read = api.poll(poll)
    assert [o.votes_count for o in read.options] == [1, 0, 2]
    assert read.voters_count == 2
    assert sorted(api_bob.poll(poll).own_votes) == [0, 2]


def test_missing_poll(api):
    with pytest.raises(MastodonNotFoundError):
        api.poll("987654")


def test_vote_request(server, recording_api):
    server.routes[("POST", "/api/v1/polls/3/votes")] = Reply(200, POLL)
    result = recording_api.poll_vote(POLL, [0, 2])
    assert result.own_votes == [0, 2]
    assert server.last.form == {"choices[]": ["0", "2"]}
    recording_api.poll_vote("3", 1)
    assert server.last.form == {"choices[]": ["1"]}


def test_poll_request(server, recording_api):
    server.routes[("GET", "/api/v1/polls/3")] = Reply(200, POLL)
    assert recording_api.poll("3").multiple is True
    assert (server.last.method, server.last.path) == ("GET", "/api/v1/polls/3")
    assert server.last.query == {}


@pytest.mark.parametrize("choices", [[], "1", [1.5], [-1], [True], None])
def test_invalid_choices_send_nothing(server, recording_api, choices):
    with pytest.raises(MastodonIllegalArgumentError, match="choices"):
        recording_api.poll_vote("3", choices)
    assert server.requests == []
