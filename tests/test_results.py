"""Results: attribute access, dates, IDs and pagination."""

import json
import pickle
from datetime import UTC, datetime

import pytest

from mastodon import AttribAccessDict, MastodonId
from mastodon import return_types as rt
from mastodon._results import parse_date, parse_json, parse_link_header, type_result

from .servers import Reply


def test_attribute_access_all_the_way_down():
    result = parse_json(b'{"account": {"source": {"note": "hi"}}, "tags": [{"name": "a"}]}')
    assert result.account.source.note == "hi"
    assert result.tags[0].name == "a"
    assert isinstance(result, AttribAccessDict) and isinstance(result, dict)
    with pytest.raises(AttributeError):
        result.nothing_here  # noqa: B018  (the attribute read is the test)


def test_attribute_assignment_sets_the_key_and_refuses_new_names():
    result = parse_json(b'{"note": "x"}')
    result.note = "y"  # as Mastodon.py: the key changes
    assert result["note"] == "y" and result.note == "y" and "note" not in vars(result)
    with pytest.raises(AttributeError, match="no field 'nots'"):
        result.nots = "typo"  # a new name is no field: refused, as Mastodon.py does
    assert "nots" not in result and "nots" not in vars(result)
    result["extra"] = 1  # new keys are items
    assert result.extra == 1
    result._private = 1  # names with "_" (the pagination info) are plain attributes
    assert result._private == 1 and "_private" not in result


@pytest.mark.parametrize("text, expected", [
    ("2019-11-26T23:27:31.000Z", datetime(2019, 11, 26, 23, 27, 31, tzinfo=UTC)),
    ("2019-11-26T23:27:31Z", datetime(2019, 11, 26, 23, 27, 31, tzinfo=UTC)),
    ("2019-11-26T23:27:31.123456+00:00", datetime(2019, 11, 26, 23, 27, 31, 123456, tzinfo=UTC)),
    ("2019-11-27T01:27:31+02:00", datetime(2019, 11, 26, 23, 27, 31, tzinfo=UTC)),
    ("2019-11-26T23:27:31", datetime(2019, 11, 26, 23, 27, 31, tzinfo=UTC)),
    ("2019-11-26", datetime(2019, 11, 26, tzinfo=UTC)),
    ("1574553600", datetime(2019, 11, 24, tzinfo=UTC)),
])
def test_dates_become_aware_datetimes(text, expected):
    parsed = parse_date(text)
    assert parsed == expected
    assert parsed.tzinfo is not None


def test_dates_without_a_zone_are_utc_as_replace_makes_them():
    for text in ("2026-11-26", "2026-11-26T12:34:56", "2026-11-26T12:34:56.789", "20261126T1234",
                 "2026-W48-4", "2026-11-26 12:34"):
        naive = datetime.fromisoformat(text)
        for parsed in (parse_date(text), parse_json(f'{{"last_status_at": "{text}"}}').last_status_at):
            assert parsed == naive.replace(tzinfo=UTC) and parsed.tzinfo is UTC
            assert (parsed.year, parsed.hour, parsed.microsecond, parsed.fold) == (
                naive.year, naive.hour, naive.microsecond, 0)


def test_dates_as_numbers_become_datetimes():
    result = parse_json(b'{"day": 1574553600, "week": 1574553600.5, "created_at": "1574553600",'
                        b' "period": 1e300, "date": true}')
    assert result.day == datetime(2019, 11, 24, tzinfo=UTC)
    assert result.week == datetime(2019, 11, 24, 0, 0, 0, 500000, tzinfo=UTC)
    assert result.created_at == datetime(2019, 11, 24, tzinfo=UTC)
    assert result.period == 1e300 and result.date is True  # beyond any calendar, and no date


def test_odd_dates_are_kept_not_fatal():
    result = parse_json(b'{"created_at": "last tuesday", "id": "1"}')
    assert result.created_at == "last tuesday"


def test_date_fields_in_nested_results():
    result = parse_json(b'[{"history": [{"day": "1574553600", "uses": "3"}],'
                        b'"status": {"edited_at": "2023-01-01T00:00:00Z"}}]')
    assert result[0].history[0].day == datetime(2019, 11, 24, tzinfo=UTC)
    assert result[0].history[0].uses == "3"
    assert result[0].status.edited_at.year == 2023


def test_the_field_decides_where_the_keys_say_otherwise():
    # A notification's account whose keys are a mention's: it is an Account, in an answer
    # where every other object's keys tell its entity as in one with objects whose keys
    # tell nothing ({}, one key), which get their field's entity too.
    mention_keys = {"id": "2", "username": "b", "acct": "b", "url": "https://b.example/@b"}
    told = {"id": "5", "content": "", "account": mention_keys, "tags": [], "mentions": [mention_keys]}
    untold = dict(told, tags=[{"name": "t"}], media_attachments=[{}], application={"name": "app"})
    for status in (told, untold):
        note = parse_json(json.dumps({"id": "1", "type": "mention", "created_at": "2026-01-01T00:00:00Z",
                                      "group_key": "g", "account": mention_keys, "status": status}))
        type_result(note, (rt.Notification,))
        assert type(note) is rt.Notification and type(note.account) is rt.Account
        assert type(note.status.account) is rt.Account
        assert type(note.status.mentions[0]) is rt.StatusMention
    assert type(note.status.tags[0]) is rt.StatusTag
    assert type(note.status.media_attachments[0]) is rt.MediaAttachment
    assert type(note.status.application) is rt.StatusApplication
    alone = parse_json(json.dumps([mention_keys]))
    assert type(alone[0]) is rt.StatusMention  # no place: its keys decide


def test_ids_are_strings_that_equal_numbers():
    result = parse_json(b'{"id": "110000000000000001", "in_reply_to_account_id": "7",'
                        b'"status_ids": ["3", "x1"], "url": "https://a/1"}')
    ident = result.id
    assert isinstance(ident, str) and isinstance(ident, MastodonId)
    assert ident == "110000000000000001" and ident == 110000000000000001
    assert int(ident) == 110000000000000001
    assert ident != 110000000000000002 and ident != "2"
    assert result.in_reply_to_account_id == 7
    assert result.status_ids == [3, "x1"]
    assert {ident: 1}["110000000000000001"] == 1
    assert not isinstance(result.url, MastodonId)


def test_ids_order_numerically_and_survive_pickle():
    ids = [MastodonId("10"), MastodonId("9"), MastodonId("100")]
    assert sorted(ids) == ["9", "10", "100"]
    assert MastodonId("10") > 9 and MastodonId("10") > "9"
    assert MastodonId("abc") < "abd"
    assert MastodonId("abc") != 5
    copy = pickle.loads(pickle.dumps(ids[0]))
    assert copy == 10 and isinstance(copy, MastodonId)


def test_a_reply_id_is_not_none(api, api_bob):
    first = api.status_post("first")
    reply = api_bob.status(api_bob.status_post("second", in_reply_to_id=first).id)
    assert isinstance(reply.in_reply_to_id, MastodonId)
    assert reply.in_reply_to_id != None  # noqa: E711 (what users write, and must work)
    assert not (reply.in_reply_to_id == None)  # noqa: E711
    assert reply.in_reply_to_id == first.id and not (reply.in_reply_to_id != first.id)
    assert reply.in_reply_to_id == int(first.id) and not (reply.in_reply_to_id != int(first.id))
    assert api.status(first.id).in_reply_to_id is None
    assert [s.id for s in (api.status(first.id), reply) if s.in_reply_to_id != None] == [reply.id]  # noqa: E711


def test_id_comparisons_answer_or_leave_it_to_python():
    five = MastodonId("5")
    assert five != None and not (five == None)  # noqa: E711
    assert None != five and not (None == five)  # noqa: E711
    assert five == "5" and not (five != "5") and "5" == five
    assert five == 5 and not (five != 5) and 5 == five and not (5 != five)
    assert five != 6 and not (five == 6) and 6 != five and five != "6"
    assert MastodonId("abc") != 5 and not (MastodonId("abc") == 5)
    assert five != 5.0 and five != b"5" and five != [5]  # other types: unrelated, not equal
    assert five < 6 and five <= 5 and five > 4 and five >= 5 and 4 < five and 6 > five
    assert not (five < 5) and not (five > 5)
    assert sorted([MastodonId("10"), 9, MastodonId("2"), 3]) == [2, 3, 9, 10]
    for no_answer in (None, 5.0, [5]):
        assert five.__eq__(no_answer) is NotImplemented
        assert five.__ne__(no_answer) is NotImplemented
        for compare in (five.__lt__, five.__le__, five.__gt__, five.__ge__):
            assert compare(no_answer) is NotImplemented
    with pytest.raises(TypeError):
        five < None  # noqa: B015
    with pytest.raises(TypeError):
        MastodonId("abc") < 5  # noqa: B015
    # Equal IDs hash equal; an ID hashes as its string, so string-keyed dicts find it.
    assert hash(five) == hash(MastodonId("5")) == hash("5")
    assert {five: 1}["5"] == 1 and {"5": 1}[five] == 1 and len({five, MastodonId("5"), "5"}) == 1


def test_link_header_parsing():
    links = parse_link_header('<https://m.s/api/v1/timelines/home?max_id=5>; rel="next", '
                              '<https://m.s/api/v1/timelines/home?min_id=9>; rel="prev"')
    assert links == {"next": "https://m.s/api/v1/timelines/home?max_id=5",
                     "prev": "https://m.s/api/v1/timelines/home?min_id=9"}
    assert parse_link_header("garbage") == {}


def page(ids, next_max=None, prev_min=None, path="/api/v1/timelines/home"):
    links = []
    if next_max:
        links.append(f'<http://x{path}?max_id={next_max}&limit=2>; rel="next"')
    if prev_min:
        links.append(f'<http://x{path}?min_id={prev_min}&limit=2>; rel="prev"')
    headers = {"Link": ", ".join(links)} if links else {}
    return Reply(200, [{"id": str(i)} for i in ids], headers)


def test_pagination_info_on_list_and_items_and_fetching(recording_api, server):
    replies = {None: page([6, 5], 5, 6), "5": page([4, 3], 3, 4), "3": page([2, 1], None, 2)}

    def answer(recorded):
        if "min_id" in recorded.query:
            return page([7], None, 7)
        return replies[(recorded.query.get("max_id") or [None])[0]]

    server.routes[("GET", "/api/v1/timelines/home")] = answer

    first = recording_api._api_request("GET", "/api/v1/timelines/home", {"limit": 2, "local": True})
    assert first._pagination_next["max_id"] == "5"
    assert first[-1]._pagination_next == first._pagination_next
    assert first[0]._pagination_prev["min_id"] == "6"
    assert "_pagination_next" not in first[-1]  # attribute only, as documented

    second = recording_api.fetch_next(first)
    assert [s.id for s in second] == ["4", "3"]
    assert server.last.query == {"max_id": ["5"], "limit": ["2"], "local": ["1"]}

    newer = recording_api.fetch_previous(second)
    assert server.last.query == {"min_id": ["4"], "limit": ["2"], "local": ["1"]}
    assert [s.id for s in newer] == ["7"]

    by_info = recording_api.fetch_next(first._pagination_next)
    assert [s.id for s in by_info] == ["4", "3"]

    everything = recording_api.fetch_remaining(first)
    assert [int(s.id) for s in everything] == [6, 5, 4, 3, 2, 1]
    assert recording_api.fetch_next(recording_api.fetch_next(second)) is None


def test_fetch_remaining_stops_on_a_self_link(recording_api, server):
    server.default = page([1], 1)  # always links to itself
    result = recording_api.fetch_remaining(recording_api._api_request("GET", "/api/v1/x"))
    assert [s.id for s in result] == ["1", "1"]
    assert len(server.requests) == 2


def test_pagination_against_the_mock(api):
    for n in range(5):
        api._api_request("POST", "/api/v1/statuses", {"status": f"post {n}"})
    first = api._api_request("GET", "/api/v1/timelines/home", {"limit": 2})
    assert len(first) == 2
    everything = api.fetch_remaining(first)
    texts = [s.content for s in everything]
    assert [t for t in texts if "post" in t] == [f"<p>post {n}</p>" for n in range(4, -1, -1)]
    assert len({s.id for s in everything}) == len(everything)


def test_pagination_iterators_and_info(recording_api, server):
    pages = {None: page([6, 5], 5, 6), "5": page([4, 3], 3, 4), "3": page([2, 1], None, 2)}
    server.routes[("GET", "/api/v1/timelines/home")] = lambda r: pages[(r.query.get("max_id") or [None])[0]]
    first = recording_api._api_request("GET", "/api/v1/timelines/home", {"limit": 2})
    assert recording_api.get_pagination_info(first, "next")["max_id"] == "5"
    assert recording_api.get_pagination_info(first, "previous")["min_id"] == "6"
    assert [s.id for s in recording_api.pagination_iterator(first)] == ["6", "5", "4", "3", "2", "1"]
    pages_seen = list(recording_api.pagination_page_iterator(first, return_pagination_info=True))
    assert [[s.id for s in p] for p, _ in pages_seen] == [["6", "5"], ["4", "3"], ["2", "1"]]
    assert pages_seen[-1][1] is None
    # Started from a page's pagination info, the iteration starts at the page it names.
    assert [s.id for s in recording_api.pagination_iterator(first._pagination_next)] == [
        "4", "3", "2", "1"]
    assert server.last.query["max_id"] == ["3"]
    with pytest.raises(Exception, match="direction"):
        list(recording_api.pagination_iterator(first, direction="sideways"))


def test_fetch_remaining_merges_dict_pages(recording_api, server):
    def grouped(recorded):
        if "max_id" not in recorded.query:
            return Reply(200, {"accounts": [{"id": "1"}], "notification_groups": [{"group_key": "a"}]},
                         {"Link": '<http://x/api/v2/notifications?max_id=9>; rel="next"'})
        return Reply(200, {"accounts": [{"id": "2"}], "notification_groups": [{"group_key": "b"}]})

    server.routes[("GET", "/api/v2/notifications")] = grouped
    first = recording_api._api_request("GET", "/api/v2/notifications")
    everything = recording_api.fetch_remaining(first)
    assert [g.group_key for g in everything.notification_groups] == ["a", "b"]
    assert [a.id for a in everything.accounts] == ["1", "2"]
    assert len(first.notification_groups) == 1  # the first page itself is untouched


def test_set_language_clear_caches_and_server_time(recording_api, server):
    recording_api.set_language("fr")
    recording_api.instance()
    assert server.last.headers["Accept-Language"] == "fr"
    now = recording_api.get_approx_server_time()
    assert now.tzinfo is not None and abs((now - datetime.now(UTC)).total_seconds()) < 5
    server.routes[("GET", "/api/v1/instance")] = Reply(200, {"version": "4.1.0"})
    recording_api.clear_caches()
    assert recording_api.retrieve_mastodon_version() == "4.1.0"  # forgotten: read again
    assert [r.path for r in server.requests[-2:]] == ["/api/v1/instance/", "/api/v2/instance/"]
    assert recording_api.mastodon_minor == 1
