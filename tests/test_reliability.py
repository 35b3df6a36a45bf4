"""Reliability: retries that never post twice, clear final errors, bad answers that never
escape as raw exceptions, and one client shared by many threads."""

import json
import math
import threading
from datetime import UTC, datetime, timedelta, timezone

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from mastodon import (
    AttribAccessDict,
    AttribAccessList,
    Mastodon,
    MastodonAPIError,
    MastodonBadGatewayError,
    MastodonError,
    MastodonId,
    MastodonNetworkError,
    MastodonReadTimeout,
    MastodonServiceUnavailableError,
)
from mastodon._answers import api_error, parse_response
from mastodon._results import _DATE_FIELDS as DATE_FIELDS
from mastodon._results import parse_date, parse_link_header
from mastodon._retries import is_safe_to_repeat

from .faults import FaultProxy
from .servers import FixedWindowLimit, Reply


@pytest.fixture
def proxy(mock_url):
    faulty = FaultProxy(mock_url).start()
    try:
        yield faulty
    finally:
        faulty.stop()


def through(proxy, token="alice_token", **kwargs):
    kwargs.setdefault("retry_backoff", 0.001)
    return Mastodon(access_token=token, api_base_url=proxy.url, mastodon_version="4.6.0", **kwargs)


def test_status_post_through_faults_posts_exactly_once(proxy, api):
    proxy.plan("POST", "/api/v1/statuses", ["drop_after", "reset_mid_body", 502])
    posted = through(proxy).status_post("exactly once, please")
    assert posted.content == "<p>exactly once, please</p>"

    tries = [r for r in proxy.requests if r.path == "/api/v1/statuses"]
    assert len(tries) == 4
    assert len({r.headers["Idempotency-Key"] for r in tries}) == 1  # one key for the post
    mine = api.account_statuses(api.me().id)
    assert [s.content for s in mine].count("<p>exactly once, please</p>") == 1
    assert any(s.id == posted.id for s in mine)


def test_callers_idempotency_key_makes_repeated_calls_safe(proxy, api):
    client = through(proxy)
    first = client.status_post("keyed", idempotency_key="my-key-1")
    second = client.status_post("keyed", idempotency_key="my-key-1")
    assert first.id == second.id


def test_get_through_three_503s_succeeds(proxy):
    proxy.plan("GET", "/api/v1/timelines/home", [503, 503, 503])
    assert isinstance(through(proxy).timeline_home(), list)
    assert len([r for r in proxy.requests if r.path == "/api/v1/timelines/home"]) == 4


def test_no_retries_raise_at_once(proxy):
    proxy.plan("GET", "/api/v1/timelines/home", [503, 503, 503])
    with pytest.raises(MastodonServiceUnavailableError) as info:
        through(proxy, max_retries=0).timeline_home()
    assert len(proxy.requests) == 1
    assert "attempts" not in str(info.value)


def test_final_error_tells_the_whole_story(proxy, caplog):
    proxy.plan("GET", "/api/v1/timelines/home", ["drop_before", 504, "reset_mid_body", 502])
    with caplog.at_level("WARNING", logger="mastodon"):
        with pytest.raises(MastodonBadGatewayError) as info:
            through(proxy).timeline_home()
    message = str(info.value)
    assert "after 4 attempts" in message
    assert len(info.value.attempts) == 4
    assert info.value.attempts[1:] == ["HTTP 504", "the connection broke while reading the answer",
                                       "HTTP 502"]
    assert message.endswith(f"(after 4 attempts: {', '.join(info.value.attempts)})")
    assert caplog.text.count("retry") == 3
    assert "retry 3 of 3" in caplog.text


def test_retry_after_is_honoured(proxy):
    proxy.plan("GET", "/api/v1/instance/", [(503, {"Retry-After": "1"})])
    through(proxy).instance_v1()
    first, second = [r for r in proxy.requests if r.path == "/api/v1/instance/"]
    assert second.at - first.at >= 1.0


def test_non_idempotent_post_is_not_repeated_after_it_was_sent(proxy):
    proxy.plan("POST", "/api/v1/reports", ["drop_after"])
    client = through(proxy)
    with pytest.raises(MastodonNetworkError):
        client._api_request("POST", "/api/v1/reports", {"account_id": "1"})
    assert len(proxy.requests) == 1
    proxy.plan("POST", "/api/v1/reports", [503])
    with pytest.raises(MastodonServiceUnavailableError):
        client._api_request("POST", "/api/v1/reports", {"account_id": "1"})
    assert len(proxy.requests) == 2


def test_media_upload_is_not_repeated_after_it_was_sent(proxy):
    proxy.plan("POST", "/api/v2/media", ["reset_mid_body"])
    with pytest.raises(MastodonNetworkError):
        through(proxy).media_post(b"GIF89a" + b"\0" * 64, mime_type="image/gif")
    assert len([r for r in proxy.requests if r.path == "/api/v2/media"]) == 1


def test_idempotent_actions_are_repeated(proxy, api):
    status = api.status_post("like me")
    proxy.plan("POST", f"/api/v1/statuses/{status.id}/favourite", ["drop_after", 502])
    assert through(proxy, token="bob_token").status_favourite(status).favourited is True
    assert api.status(status).favourites_count == 1


def test_read_timeouts_are_retried_only_when_safe(proxy):
    proxy.stall_seconds = 0.6
    proxy.plan("GET", "/api/v1/instance/", ["stall"])
    through(proxy, request_timeout=0.3).instance_v1()
    assert len([r for r in proxy.requests if r.path == "/api/v1/instance/"]) == 2

    proxy.plan("POST", "/api/v1/reports", ["stall"])
    with pytest.raises(MastodonReadTimeout):
        through(proxy, request_timeout=0.3)._api_request("POST", "/api/v1/reports", {"account_id": "1"})
    assert len([r for r in proxy.requests if r.path == "/api/v1/reports"]) == 1


def test_never_sent_requests_are_retried_even_when_unsafe(server):
    # Nothing listens on the first port; the request cannot have reached a server.
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = Mastodon(api_base_url=f"http://127.0.0.1:{port}", mastodon_version="4.0.0",
                      retry_backoff=0.001, max_retries=2)
    with pytest.raises(MastodonNetworkError) as info:
        client._api_request("POST", "/api/v1/reports", {"account_id": "1"})
    assert len(info.value.attempts) == 3


def test_safe_to_repeat_is_decided_per_request():
    assert is_safe_to_repeat("GET", "/api/v1/timelines/home", {})
    assert is_safe_to_repeat("DELETE", "/api/v1/statuses/1", {})
    assert is_safe_to_repeat("POST", "/api/v1/statuses/1/reblog", {})
    assert is_safe_to_repeat("POST", "/api/v1/accounts/1/follow", {})
    assert is_safe_to_repeat("POST", "/api/v1/statuses", {"Idempotency-Key": "k"})
    assert not is_safe_to_repeat("POST", "/api/v1/statuses", {})
    assert not is_safe_to_repeat("POST", "/api/v2/media", {})
    assert not is_safe_to_repeat("POST", "/api/v1/reports", {})


# --- bad answers ---------------------------------------------------------------------

@pytest.mark.parametrize("reply, expected", [
    (Reply(200, b"<html>hello</html>", {"Content-Type": "text/html"}), "not valid JSON"),
    (Reply(200, b'[{"id": "1"', {"Content-Type": "application/json"}), "not valid JSON"),
    (Reply(200, b"\xff\xfe\xfa not utf-8", {"Content-Type": "application/json"}), "not valid JSON"),
    (Reply(200, b"", {"Content-Type": "application/json"}), "empty body"),
    (Reply(200, {"error": "not a list"}), "JSON dict where a list belongs"),
    (Reply(200, b"[" * 100000, {"Content-Type": "application/json"}), "not valid JSON"),
])
def test_bad_answers_are_mastodon_errors(recording_api, server, reply, expected):
    server.default = reply
    with pytest.raises(MastodonAPIError, match=expected) as info:
        recording_api.timeline_home()
    assert info.value.status_code == 200


def test_wrong_shape_the_other_way(recording_api, server):
    server.default = Reply(200, [{"id": "1"}])
    with pytest.raises(MastodonAPIError, match="JSON list where a dict belongs"):
        recording_api.account_verify_credentials()


def test_oversized_answers_are_refused(server):
    client = Mastodon(api_base_url=server.url, mastodon_version="4.0.0", max_response_size=1000)
    server.default = Reply(200, [{"id": str(n)} for n in range(500)])
    with pytest.raises(MastodonAPIError, match="over the limit of 1000"):
        client.timeline_home()


def test_oversized_chunked_answers_are_refused(server):
    client = Mastodon(api_base_url=server.url, mastodon_version="4.0.0", max_response_size=1000)
    server.default = Reply(200, [{"id": str(n)} for n in range(500)], fault="chunked")
    with pytest.raises(MastodonAPIError, match="over the limit of 1000 bytes"):
        client.timeline_home()
    server.default = Reply(200, [{"id": "1"}], fault="chunked")
    assert client.timeline_home() == [{"id": "1"}]


class FakeResponse(requests.Response):
    def __init__(self, status=200):
        super().__init__()
        self.status_code = status
        self.reason = "OK"


def decoded_from(result, raw, key=None):
    """Whether ``result`` is the JSON value ``raw`` (what ``json.loads`` reads) as results:
    objects as AttribAccessDicts (of the entity class their keys describe), IDs as
    MastodonIds, date fields as aware datetimes (an empty date as None), and nothing else
    changed, added or lost."""
    if isinstance(raw, dict):
        return (isinstance(result, AttribAccessDict) and list(result) == list(raw)
                and all(decoded_from(result[k], raw[k], k) for k in raw))
    if isinstance(raw, list):
        return (isinstance(result, list) and len(result) == len(raw)
                and all(decoded_from(r, v) for r, v in zip(result, raw, strict=False)))
    if isinstance(result, datetime):
        return key in DATE_FIELDS and result.tzinfo is not None and type(raw) in (str, int, float)
    if key in DATE_FIELDS and raw == "":
        return result is None
    if isinstance(raw, float) and math.isnan(raw):
        return isinstance(result, float) and math.isnan(result)
    return (type(result) is type(raw) or (type(result) is MastodonId and type(raw) is str)) \
        and result == raw


def check_decoder(content):
    """The decoder's promise for any body: the JSON value it holds, or a MastodonAPIError
    that says the body is not JSON; never another exception."""
    try:
        raw, valid = json.loads(content), True
    except ValueError:
        raw, valid = None, False
    try:
        result = parse_response(FakeResponse(), content, "GET", "/api/v1/x")
    except MastodonError as error:
        assert not valid, f"valid JSON refused: {error}"
        assert type(error) is MastodonAPIError and error.status_code == 200
        assert "not valid JSON" in str(error)
    else:
        assert valid, f"invalid JSON accepted as {result!r}"
        assert decoded_from(result, raw), (result, raw)
        if isinstance(raw, list):
            assert type(result) is AttribAccessList
    # The same body as an error answer: always an error object, never a raise.
    error = api_error(FakeResponse(500), content, "GET", "/x")
    assert isinstance(error, MastodonError) and error.status_code == 500
    assert str(error).startswith("GET /x failed with HTTP 500")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_fuzz_response_decoder_bytes(content):
    check_decoder(content)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "created_at", "day", "account_id", "media_ids", "x", "last_status_at"])
        | st.text(max_size=8), children, max_size=5),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_fuzz_response_decoder_json(value):
    # What the server sent is what the caller gets, as results.
    result = parse_response(FakeResponse(), json.dumps(value).encode(), "GET", "/api/v1/x")
    assert decoded_from(result, value), (result, value)
    check_decoder(json.dumps(value).encode())


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_fuzz_link_header(text):
    links = parse_link_header(text)
    assert isinstance(links, dict)


def documented_date(value):
    """What parse_date's documented rules make of ``value``: ISO 8601 (no zone means UTC) or
    epoch seconds, as digits or a number, as an aware datetime; None when it is no date."""
    try:
        if isinstance(value, str):
            try:
                iso = datetime.fromisoformat(value)
            except ValueError:
                if value.isascii() and value.isdigit():
                    return datetime.fromtimestamp(int(value), UTC)
                return None
            return iso if iso.tzinfo else iso.replace(tzinfo=UTC)
        return datetime.fromtimestamp(value, UTC)
    except (ValueError, OverflowError, OSError):
        return None


UTC_OFFSETS = st.timedeltas(min_value=timedelta(hours=-23, minutes=-59),
                            max_value=timedelta(hours=23, minutes=59))


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40) | st.integers() | st.floats() | st.from_regex(r"\d{1,30}", fullmatch=True)
       | st.datetimes(timezones=st.none() | st.builds(timezone, UTC_OFFSETS)).map(datetime.isoformat))
def test_fuzz_date_parser(value):
    # Any input: an aware datetime, None for an empty string (no date), or the very value
    # back; never an exception.
    parsed = parse_date(value)
    expected = documented_date(value)
    if value == "":
        assert parsed is None
    elif expected is None:
        assert parsed is value
    else:
        assert isinstance(parsed, datetime) and parsed.tzinfo is not None
        assert (parsed, parsed.utcoffset()) == (expected, expected.utcoffset())


# --- threads -------------------------------------------------------------------------

def test_eight_threads_share_one_client_without_mixups_or_429(server):
    limiter = FixedWindowLimit(limit=900, window=1.0)

    def answer(recorded):
        reply = limiter(recorded)
        if reply.status == 200:
            reply.body = {"id": recorded.query["n"][0], "thread": recorded.query["t"][0]}
        return reply

    server.default = answer
    client = Mastodon(api_base_url=server.url, mastodon_version="4.0.0", ratelimit_method="pace")
    problems = []

    def work(thread):
        for n in range(200):
            result = client._api_request("GET", "/api/v1/echo", {"n": n, "t": thread})
            if result != {"id": str(n), "thread": str(thread)}:
                problems.append((thread, n, result))

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(t.is_alive() for t in threads)
    assert problems == []
    assert limiter.served == 1600
    assert limiter.refused == 0
