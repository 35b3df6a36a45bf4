"""The speed extra's parser (msgspec) and the standard library's give the same results:
the same types (entity classes, MastodonId, aware datetimes), the same values, the same
errors, for REST answers, streaming events and persisted results."""

import json
import math
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mastodon import AttribAccessDict, AttribAccessList, Mastodon, MastodonId, StreamListener, _json
from mastodon import return_types as rt
from mastodon._results import convert_value, parse_json
from mastodon.errors import MastodonAPIError
from mastodon.types_base import Entity

from .servers import Reply
from .sse_server import StreamServer
from .test_entities import PNG

# The test extra installs the speed extra; without it there is one parser to compare.
pytest.importorskip("msgspec")


@pytest.fixture
def parser():
    """Switch parsers inside a test; the one in use before is restored after it."""
    before = _json.BACKEND
    yield _json.use
    _json.use(before)


def outcome(data, name):
    """What parse_json makes of ``data`` with the parser ``name``: ("ok", result) or
    ("error", the exception's class, its message)."""
    previous = _json.use(name)
    try:
        return "ok", parse_json(data)
    except (ValueError, RecursionError) as exc:
        return "error", type(exc), str(exc)
    finally:
        _json.use(previous)


def same(one, other, path="result"):
    """Whether two values are the same all the way down: each class, each key in the same
    order, each value (a NaN is the same as a NaN; -0.0 is not 0.0)."""
    assert type(one) is type(other), f"{path}: {type(one).__name__} != {type(other).__name__}"
    if isinstance(one, dict):
        assert list(one) == list(other), path
        for key in one:
            same(one[key], other[key], f"{path}.{key}")
    elif isinstance(one, list):
        assert len(one) == len(other), path
        for n, (a, b) in enumerate(zip(one, other, strict=True)):
            same(a, b, f"{path}[{n}]")
    elif isinstance(one, float):
        assert (math.isnan(one) and math.isnan(other)) or (
            one == other and math.copysign(1, one) == math.copysign(1, other)), path
    else:
        assert one == other, path
    return True


def both_alike(data):
    """Parse ``data`` with both parsers; they must agree. Returns the outcome."""
    slow, fast = outcome(data, "json"), outcome(data, "msgspec")
    assert slow[0] == fast[0], (slow, fast)
    if slow[0] == "ok":
        same(fast[1], slow[1])
    else:
        assert slow[1:] == fast[1:]  # the same exception, with the same message
    return slow


# --- bodies as servers send them ----------------------------------------------------------

ACCOUNT = {"id": "109", "username": "ann", "acct": "ann@b.example", "display_name": "Ann :x:",
           "locked": False, "bot": False, "created_at": "2022-11-05T00:00:00.000Z",
           "note": "<p>hi</p>", "url": "https://b.example/@ann", "followers_count": 3,
           "last_status_at": "2026-11-26", "emojis": [{"shortcode": "x", "url": "u",
                                                       "static_url": "u", "visible_in_picker": True}],
           "fields": [{"name": "web", "value": "v", "verified_at": "2024-01-01T10:00:00+00:00"}],
           "roles": []}
MEDIA = {"id": "114", "type": "image", "url": "https://f/1.jpg", "preview_url": "https://f/s.jpg",
         "remote_url": None, "description": "a cat", "blurhash": "UeKUpF",
         "meta": {"original": {"width": 1920, "height": 1080, "size": "1920x1080", "aspect": 1.777},
                  "small": {"width": 640, "height": 360, "size": "640x360", "aspect": 1.777},
                  "focus": {"x": 0.1, "y": -0.2}}}
CARD = {"url": "https://o/a", "title": "An article", "description": "", "type": "link",
        "author_name": "", "provider_name": "O", "html": "", "width": 400, "height": 200,
        "image": None, "embed_url": "", "blurhash": None, "published_at": None,
        "authors": [{"name": "Ann", "url": "https://o/ann", "account": ACCOUNT}]}
POLL = {"id": "34", "expires_at": "2026-12-01T00:00:00.000Z", "expired": False, "multiple": False,
        "votes_count": 10, "voters_count": None, "voted": True, "own_votes": [1],
        "options": [{"title": "yes", "votes_count": 6}, {"title": "no", "votes_count": None}],
        "emojis": []}


def status(n, **changes):
    body = {"id": str(113000000000000000 + n), "created_at": "2026-11-26T12:34:56.789Z",
            "edited_at": None, "in_reply_to_id": None if n % 2 else "112",
            "in_reply_to_account_id": None, "sensitive": False, "spoiler_text": "",
            "visibility": "public", "language": "en", "uri": f"https://b/{n}", "content": "<p>x</p>",
            "replies_count": 0, "reblogs_count": 2, "favourites_count": 25, "favourited": False,
            "filtered": [], "reblog": None, "application": {"name": "Web", "website": None},
            "account": ACCOUNT, "media_attachments": [MEDIA] if n % 2 == 0 else [],
            "mentions": [{"id": "9", "username": "a", "acct": "a", "url": "https://b/@a"}],
            "tags": [{"name": "t", "url": "https://b/tags/t"}], "emojis": [],
            "card": CARD if n % 3 == 0 else None, "poll": POLL if n % 4 == 0 else None}
    body.update(changes)
    return body


TIMELINE = [status(n) for n in range(12)] + [status(99, reblog=status(7), content="")]
NOTIFICATIONS = [{"id": str(500 + n), "type": kind, "created_at": "2026-11-26T12:00:00Z",
                  "group_key": f"ungrouped-{n}", "account": ACCOUNT,
                  "status": None if kind == "follow" else status(n)}
                 for n, kind in enumerate(["mention", "favourite", "reblog", "follow", "poll"])]
GROUPED = {"accounts": [ACCOUNT], "statuses": [status(1)],
           "notification_groups": [{"group_key": "g", "notifications_count": 2, "type": "favourite",
                                    "most_recent_notification_id": "501", "page_min_id": "500",
                                    "page_max_id": "501", "latest_page_notification_at":
                                    "2026-11-26T12:00:00Z", "sample_account_ids": ["109"],
                                    "status_id": "113000000000000001"}]}


@pytest.mark.parametrize("body", [
    TIMELINE, NOTIFICATIONS, GROUPED, status(4), ACCOUNT, POLL,
    # what no entity describes, and objects whose place decides
    {"something": {"new": [1, {"deeper": {"id": "5"}}]}, "created_at": "1574553600"},
    {"media_attachments": [{"id": "1", "type": "image", "url": "u", "meta": {}}], "id": "3",
     "content": "", "account": {"id": "1", "username": "a", "acct": "a"}},
    [], {}, [[]], [{}], "just a string", 12, None, True,
], ids=lambda body: type(body).__name__)
def test_answers_parse_the_same_with_either_parser(body):
    data = json.dumps(body).encode()
    kind, result = both_alike(data)
    assert kind == "ok"
    same(result, convert_value(body))  # and as the decoded value converts
    if isinstance(body, list):
        assert type(result) is AttribAccessList and len(result) == len(body)
    elif isinstance(body, dict):
        assert list(result) == list(body)  # nothing lost or added


def test_the_parsers_type_a_timeline_the_same(parser):
    data = json.dumps(TIMELINE).encode()
    for name in ("msgspec", "json"):
        parser(name)
        page = parse_json(data)
        assert _json.BACKEND == name
        first, reblog = page[0], page[-1]
        assert type(first) is rt.Status and type(first.account) is rt.Account
        assert type(first.media_attachments[0].meta) is rt.MediaAttachmentMetadataContainer
        assert type(first.media_attachments[0].meta.focus) is rt.MediaAttachmentFocusPoint
        assert type(first.card.authors[0].account) is rt.Account
        assert type(first.poll.options[0]) is rt.PollOption
        assert type(reblog.reblog) is rt.Status and type(reblog.reblog.account.fields[0]) is rt.AccountField
        assert type(first.id) is MastodonId and first.in_reply_to_id == 112
        assert first.created_at.tzinfo is not None and first.account.last_status_at.tzinfo is not None


# Objects whose keys tell no entity (or another one): their place decides, in a field
# that holds one entity, a list of them, a dict of them by key, and inside a reblog.
PLACED = status(2, application={"name": "x"}, tags=[{"name": "t"}], mentions=[{"acct": "a"}],
                media_attachments=[{}], card={"url": "u"}, emojis=[{}],
                reblog=status(3, account={"id": "1", "username": "u", "url": "u", "acct": "a"}))
RULES = {"id": "1", "text": "Be kind", "hint": "", "translations": {"de": {"text": "Sei nett"},
                                                                      "fr": {}}}


def test_the_place_decides_with_either_parser(parser):
    for name in ("msgspec", "json"):
        parser(name)
        got = parse_json(json.dumps(PLACED))
        assert type(got.application) is rt.StatusApplication and type(got.card) is rt.PreviewCard
        assert type(got.tags[0]) is rt.StatusTag and type(got.mentions[0]) is rt.StatusMention
        assert type(got.media_attachments[0]) is rt.MediaAttachment
        assert type(got.emojis[0]) is rt.CustomEmoji
        assert type(got.reblog.account) is rt.Account  # its keys say StatusMention
        rules = parse_json(json.dumps([RULES]))
        assert type(rules[0]) is rt.Rule
        assert {type(t) for t in rules[0].translations.values()} == {rt.RuleTranslation}
    same(outcome(json.dumps(PLACED), "msgspec")[1], outcome(json.dumps(PLACED), "json")[1])


# --- what only the standard library reads, and invalid JSON -------------------------------

@pytest.mark.parametrize("data", [
    b'{"big": 123456789012345678901234567890, "neg": -18446744073709551617, "max": 18446744073709551615}',
    b'[NaN, Infinity, -Infinity, 1e400, -1e400, 1e-400, -0.0, -0, 0.1000000000000000055511151231257827]',
    b'{"a": 1, "b": 2, "a": 3}',  # a duplicate key: the last value, in the first place
    b'{"id": "1", "id": "2", "created_at": "x", "created_at": "2020-01-01"}',
    b'["\\ud800", "\\udc00\\ud800", "\\u0000", "\\ud83d\\ude00"]',  # lone surrogates too
    b'"\xed\xa0\x80"',  # a surrogate written out in (CESU-style) UTF-8
    b'\xef\xbb\xbf{"id": "5"}',  # a byte order mark
    '{"id": "5", "note": "é"}'.encode("utf-16"), '["caf\u00e9"]'.encode("utf-32-be"),
    '{"id": "5"}'.encode("utf-16-le"),
    b' \t\r\n{"id": "5"} \n',
])
def test_what_only_the_standard_library_reads_reads_the_same(data):
    assert both_alike(data)[0] == "ok"


def test_big_integers_stay_integers_with_either_parser(parser):
    for name in ("msgspec", "json"):
        parser(name)
        value = parse_json(b'{"n": 123456789012345678901234567890, "m": [-9223372036854775809]}')
        assert value.n == 123456789012345678901234567890 and type(value.n) is int
        assert value.m == [-9223372036854775809] and type(value.m[0]) is int


@pytest.mark.parametrize("data", [
    b'', b' ', b'{', b'[1,]', b'{"a":1,}', b'{"a" 1}', b'[01]', b'[1.]', b'[.5]', b'[+1]',
    b'[tru]', b'nul', b'{"a":1}x', b'[1]\x00', b'"a\x01b"', b'"a\tb"', b"{'a': 1}",
    b'\xff\xfe\xfd', b'"\xff"', b'[1]\x0c', b'\xa0[1]', '[1]\u2028'.encode(), b'[' * 100000,
    b'{"a": ' * 3000 + b'1' + b'}' * 3000,
])
def test_invalid_json_raises_the_same_error_with_either_parser(data):
    kind, *error = both_alike(data)
    assert kind == "error"
    assert issubclass(error[0], (ValueError, RecursionError))


def test_an_invalid_answer_is_the_same_error_for_the_caller(recording_api, server, parser):
    server.routes[("GET", "/api/v1/statuses/5")] = Reply(200, b'{"id": "5", "content": ',
                                                          {"Content-Type": "application/json"})
    messages = []
    for name in ("msgspec", "json"):
        parser(name)
        with pytest.raises(MastodonAPIError) as caught:
            recording_api.status(5)
        messages.append(str(caught.value))
    assert messages[0] == messages[1] and "not valid JSON" in messages[0]


def test_deep_nesting_is_read_or_refused_alike():
    # Past some depth each parser gives up (RecursionError); the depths around the
    # interpreter's recursion limit are where they could disagree.
    refused = 0
    for depth in (*range(0, 900, 50), *range(55, 75), *range(900, 1100)):
        for data in (b'[' * depth + b']' * depth, b'{"a": ' * depth + b'{}' + b'}' * depth):
            refused += both_alike(data)[0] == "error"
    assert 0 < refused < 400


# --- every value JSON can hold --------------------------------------------------------------

FIELD_NAMES = st.sampled_from(["id", "account_id", "created_at", "last_status_at", "day",
                               "media_ids", "status_ids", "account", "media_attachments",
                               "meta", "url", "name", "title", "x", ""])
SCALARS = (st.none() | st.booleans() | st.integers() | st.floats()
           | st.text() | st.sampled_from(["2020-01-02", "2020-01-02T03:04:05", "1574553600",
                                          "2020-01-02T03:04:05.678+01:00", "109", ""]))
JSON_VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    FIELD_NAMES | st.text(max_size=5), inner, max_size=5), max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES, st.booleans())
def test_any_json_parses_the_same_with_either_parser(value, ascii_only):
    text = json.dumps(value, ensure_ascii=ascii_only)  # NaN and Infinity too
    both_alike(text.encode("utf-8", "surrogatepass"))
    both_alike(text)


@settings(max_examples=200, deadline=None)
@given(JSON_VALUES)
def test_decoded_values_convert_as_their_text_parses(value):
    text = json.dumps(value)
    same(convert_value(json.loads(text)), parse_json(text))


def test_converting_a_decoded_value_leaves_it_alone():
    value = {"id": "1", "created_at": "2020-01-02", "account": {"id": "2", "username": "a", "acct": "a"}}
    before = json.dumps(value)
    result = convert_value(value)
    assert json.dumps(value) == before and type(value["account"]) is dict
    assert type(result.id) is MastodonId and result.created_at.year == 2020


# --- persisted results, answers over HTTP, streaming ---------------------------------------

def test_persisted_results_read_back_the_same_with_either_parser(api, api_bob, tmp_path, parser):
    image = tmp_path / "pixel.png"
    image.write_bytes(PNG)
    with_media = api.status_post("a picture #pixels", media_ids=[api.media_post(str(image))])
    polled = api.status_post("@bob yes? #polls", poll=api.make_poll(["yes", "no"], expires_in=3600))
    api_bob.status_reblog(polled)
    page = api.timeline_home()
    results = [api.status(polled), api.status(with_media), page, api.account_verify_credentials(),
               api.instance_v2(), api.notifications()]
    for result in results:
        text = result.to_json()
        read = {}
        for name in ("msgspec", "json"):
            parser(name)
            read[name] = Entity.from_json(text)
            assert same(read[name], result)
        assert same(read["msgspec"], read["json"])
    assert Entity.from_json(page.to_json())._pagination_next == page._pagination_next


def test_answers_over_http_are_the_same_with_either_parser(api, api_bob, parser):
    api.status_post("@bob hello #tags")
    api_bob.status_post("@alice hi")
    calls = [api.timeline_home, api.notifications, api.grouped_notifications,
             api.account_verify_credentials, api.instance, api.instance_v2, api.instance_nodeinfo]
    for call in calls:
        parser("msgspec")
        fast = call()
        parser("json")
        slow = call()
        assert same(fast, slow)


class Collector(StreamListener):
    def __init__(self, events):
        self.events, self.expected = [], events

    def on_update(self, status):
        self._add(status)

    def on_notification(self, notification):
        self._add(notification)

    def _add(self, payload):
        self.events.append(payload)
        if len(self.events) == self.expected:
            self.close_stream()


def test_streaming_events_are_the_same_with_either_parser(parser):
    events = [("update", status(n)) for n in range(4)] + [
        ("notification", NOTIFICATIONS[0]), ("update", status(99, reblog=status(8)))]
    server = StreamServer().start()

    def stream(conn):
        conn.start_sse()
        conn.events(events)
        conn.silence(5)

    server.routes["/api/v1/streaming/user"] = stream
    got = {}
    try:
        for name in ("msgspec", "json"):
            parser(name)
            api = Mastodon(access_token="t", api_base_url=server.url, mastodon_version="4.5.0")
            listener = Collector(len(events))
            api.stream_user(listener)
            got[name] = listener.events
    finally:
        server.stop()
    assert [type(event) for event in got["json"]] == [rt.Status] * 4 + [rt.Notification, rt.Status]
    assert type(got["json"][-1].reblog) is rt.Status and got["json"][0].id == events[0][1]["id"]
    assert same(got["msgspec"], got["json"])


# --- the switch -----------------------------------------------------------------------------

def test_use_switches_and_returns_the_parser_in_use_before(parser):
    start = _json.BACKEND
    assert parser("json") == start and _json.BACKEND == "json"
    assert _json.compiled_decoder() is None
    assert parser("msgspec") == "json" and _json.BACKEND == "msgspec"
    assert _json.compiled_decoder() is not None
    with pytest.raises(ValueError, match="unknown JSON parser 'orjson'"):
        parser("orjson")
    assert _json.BACKEND == "msgspec"


def test_the_compiled_parser_is_the_one_reading(parser, monkeypatch):
    parser("msgspec")
    real = _json.compiled_decoder()
    read = []

    def spying(data):
        read.append(data)
        return real(data)

    monkeypatch.setattr(_json, "_decode", spying)
    assert parse_json(b'{"id": "1"}').id == 1 and read == [b'{"id": "1"}']
    assert parse_json(b'[NaN]')[0] != parse_json(b'[NaN]')[0]  # refused by it, read by json
    parser("json")
    parse_json(b'{"id": "2"}')
    assert len(read) == 3  # the standard library read the last one alone


def _backend_of_a_new_process(**environment):
    env = {k: v for k, v in os.environ.items() if k != "MASTODON_JSON"}
    env.update(environment)
    done = subprocess.run([sys.executable, "-W", "always", "-c",
                           "import mastodon, mastodon._json as j; print(j.BACKEND)"],
                          capture_output=True, text=True, env=env, timeout=60, check=True)
    return done.stdout.strip(), done.stderr


def test_a_new_process_uses_the_extra_unless_told_otherwise():
    assert _backend_of_a_new_process() == ("msgspec", "")
    assert _backend_of_a_new_process(MASTODON_JSON="json") == ("json", "")
    assert _backend_of_a_new_process(MASTODON_JSON="msgspec") == ("msgspec", "")
    backend, warning = _backend_of_a_new_process(MASTODON_JSON="simdjson")
    assert backend == "msgspec" and "MASTODON_JSON='simdjson' ignored" in warning


def test_results_are_attribute_dicts_of_the_right_class_with_either_parser(parser):
    for name in ("msgspec", "json"):
        parser(name)
        result = parse_json(json.dumps(NOTIFICATIONS[0]))
        assert isinstance(result, AttribAccessDict) and type(result) is rt.Notification
        assert type(result.account) is rt.Account and result.account.emojis[0].shortcode == "x"
