"""The transport: what goes on the wire, and the session it goes through."""

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
import requests

from mastodon import Mastodon, MastodonIllegalArgumentError

from .servers import Reply, ScriptedServer


def test_constructor_sends_nothing(server):
    Mastodon(access_token="t", api_base_url=server.url)
    assert server.requests == []


def test_base_url_without_scheme_gets_https():
    api = Mastodon(api_base_url="example.social/")
    assert api.api_base_url == "https://example.social"
    assert Mastodon().api_base_url == "https://mastodon.social"


def test_constructor_rejects_unknown_modes():
    with pytest.raises(MastodonIllegalArgumentError, match="ratelimit_method"):
        Mastodon(ratelimit_method="sometimes")
    with pytest.raises(MastodonIllegalArgumentError, match="version_check_mode"):
        Mastodon(version_check_mode="always")
    with pytest.raises(MastodonIllegalArgumentError, match="feature_set"):
        Mastodon(feature_set="misskey")
    with pytest.raises(MastodonIllegalArgumentError, match="version"):
        Mastodon(mastodon_version="banana")


def test_get_parameters_go_in_the_query(recording_api, server):
    server.default = Reply(200, [])
    recording_api._api_request("GET", "/api/v1/things", {
        "limit": 5, "local": True, "only_media": False, "max_id": None,
        "types": ["mention", "follow"], "account_id": {"id": "77", "acct": "x"},
    })
    sent = server.last
    assert sent.method == "GET" and sent.path == "/api/v1/things"
    assert sent.query == {"limit": ["5"], "local": ["1"], "only_media": ["0"],
                          "types[]": ["mention", "follow"], "account_id": ["77"]}
    assert sent.body == b""


def test_post_parameters_are_a_form(recording_api, server):
    when = datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=2)))
    recording_api._api_request("POST", "/api/v1/things", {
        "status": "héllo & bye", "sensitive": True, "scheduled_at": when,
        "media_ids": [{"id": "1"}, "2", 3], "poll": {"options": ["a", "b"], "expires_in": 300},
        "spoiler_text": None,
    })
    sent = server.last
    assert sent.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert sent.form == {
        "status": ["héllo & bye"], "sensitive": ["1"],
        "scheduled_at": ["2030-01-02T01:04:05+00:00"], "media_ids[]": ["1", "2", "3"],
        "poll[options][]": ["a", "b"], "poll[expires_in]": ["300"],
    }


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_other_verbs_send_forms(recording_api, server, method):
    recording_api._api_request(method, "/api/v1/x", {"title": "t", "account_ids": ["1", "2"]})
    assert server.last.method == method
    assert server.last.form == {"title": ["t"], "account_ids[]": ["1", "2"]}


def test_json_bodies_keep_json_types(recording_api, server):
    recording_api._api_request("POST", "/api/v1/push/subscription", {
        "subscription": {"endpoint": "https://push.example/1", "keys": {"p256dh": "k", "auth": "a"}},
        "data": {"alerts": {"follow": True, "mention": False}, "policy": "all"},
        "in_reply_to_id": {"id": "5"}, "nothing": None,
    }, use_json=True)
    sent = server.last
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.json == {
        "subscription": {"endpoint": "https://push.example/1", "keys": {"p256dh": "k", "auth": "a"}},
        "data": {"alerts": {"follow": True, "mention": False}, "policy": "all"},
        "in_reply_to_id": "5",
    }


def test_files_make_a_multipart_request(recording_api, server):
    recording_api._api_request("PATCH", "/api/v1/accounts/update_credentials",
                               {"display_name": "Al", "locked": False},
                               files={"avatar": ("a.png", b"\x89PNG data", "image/png")})
    sent = server.last
    assert sent.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert b'name="display_name"\r\n\r\nAl' in sent.body
    assert b'name="locked"\r\n\r\n0' in sent.body
    assert b'name="avatar"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG data' in sent.body


def test_headers_token_agent_and_language(server):
    api = Mastodon(access_token="tok", api_base_url=server.url, mastodon_version="4.0.0",
                   user_agent="mybot/1.0", lang="de")
    api.instance()
    headers = server.last.headers
    assert headers["Authorization"] == "Bearer tok"
    assert headers["User-Agent"] == "mybot/1.0"
    assert headers["Accept-Language"] == "de"
    anonymous = Mastodon(api_base_url=server.url, mastodon_version="4.0.0")
    anonymous.instance()
    assert "Authorization" not in server.last.headers


def test_one_session_and_one_connection_for_many_calls(recording_api, server):
    assert isinstance(recording_api.session, requests.Session)
    for _ in range(5):
        recording_api.instance()
    assert len(server.requests) == 5
    assert {r.connection for r in server.requests} == {1}
    assert server.connections == 1


def test_callers_session_is_used(server):
    session = requests.Session()
    session.headers["X-Through"] = "my-session"
    api = Mastodon(api_base_url=server.url, session=session, mastodon_version="4.0.0")
    assert api.session is session
    api.instance()
    assert server.last.headers["X-Through"] == "my-session"


def test_every_request_has_the_timeout(server):
    from mastodon import MastodonReadTimeout
    server.default = Reply(200, {}, delay=1.0)
    api = Mastodon(api_base_url=server.url, request_timeout=0.2, mastodon_version="4.0.0",
                   max_retries=0)
    with pytest.raises(MastodonReadTimeout, match="did not answer in time"):
        api.instance()
    assert len(server.requests) == 1


def test_results_are_parsed_with_dates_and_ids(recording_api, server):
    server.default = Reply(200, {
        "id": "109", "created_at": "2024-05-06T07:08:09.123Z", "edited_at": None,
        "account": {"id": "5", "last_status_at": "2024-05-01", "acct": "a"},
        "in_reply_to_id": "99", "media_ids": ["1", "2"],
    })
    status = recording_api._api_request("GET", "/api/v1/statuses/109")
    assert status.id == "109" and status.id == 109 and int(status.id) == 109
    assert status.created_at == datetime(2024, 5, 6, 7, 8, 9, 123000, tzinfo=UTC)
    assert status.edited_at is None
    assert status.account.last_status_at == datetime(2024, 5, 1, tzinfo=UTC)
    assert status.in_reply_to_id == 99
    assert status.media_ids == [1, 2]
    assert json.loads(json.dumps(status, default=str))["id"] == "109"


def test_debug_requests_logs_without_secrets(server, caplog):
    api = Mastodon(access_token="very-secret-token", api_base_url=server.url,
                   mastodon_version="4.0.0", debug_requests=True)
    with caplog.at_level("DEBUG", logger="mastodon"):
        api._api_request("POST", "/oauth/token", {"client_secret": "shh", "password": "pw",
                                                  "username": "alice"})
    text = caplog.text
    assert "/oauth/token" in text and "alice" in text
    assert "very-secret-token" not in text and "shh" not in text and "pw'" not in text
    assert "very-secret-token" not in repr(api)


def test_two_servers_do_not_share_state():
    one, two = ScriptedServer().start(), ScriptedServer().start()
    try:
        a = Mastodon(api_base_url=one.url, mastodon_version="4.0.0")
        b = Mastodon(api_base_url=two.url, mastodon_version="4.0.0")
        a.instance()
        b.instance()
        assert len(one.requests) == len(two.requests) == 1
    finally:
        one.stop()
        two.stop()


def test_multipart_streams_files_with_a_length(recording_api, server, tmp_path):
    import os
    data = os.urandom(3 * 1024 * 1024 + 17)
    path = tmp_path / "clip.mp4"
    path.write_bytes(data)
    with open(path, "rb") as handle:
        handle.read(0)
        recording_api._api_request("POST", "/api/v2/media", {"description": "a clip"},
                                   files={"file": ("clip.mp4", handle, "video/mp4")})
    sent = server.last
    assert int(sent.headers["Content-Length"]) == len(sent.body)
    assert "Transfer-Encoding" not in sent.headers
    boundary = sent.headers["Content-Type"].split("boundary=")[1]
    parts = sent.body.split(b"--" + boundary.encode())
    assert parts[-1] == b"--\r\n"
    assert parts[1] == b'\r\nContent-Disposition: form-data; name="description"\r\n\r\na clip\r\n'
    head, _, rest = parts[2].partition(b"\r\n\r\n")
    assert b'name="file"; filename="clip.mp4"' in head and b"Content-Type: video/mp4" in head
    assert rest == data + b"\r\n"


def test_multipart_from_a_pipe(recording_api, server):
    import os
    read_end, write_end = os.pipe()
    os.write(write_end, b"GIF89a-pretend")
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        recording_api._api_request("POST", "/api/v1/media", None,
                                   files={"file": ("x.gif", pipe, "image/gif")})
    assert b"\r\n\r\nGIF89a-pretend\r\n" in server.last.body


def test_untouched_server_defaults_are_not_sent(recording_api, server):
    from mastodon._params import DEFAULT_TRUE
    assert DEFAULT_TRUE == True  # noqa: E712 (it must compare equal)
    recording_api._api_request("POST", "/api/v1/x", {"a": DEFAULT_TRUE, "c": True, "d": False})
    assert server.last.form == {"c": ["1"], "d": ["0"]}
    recording_api._api_request("POST", "/api/v1/x", {"a": DEFAULT_TRUE, "c": False}, use_json=True)
    assert server.last.json == {"c": False}


def test_booleans_are_1_and_0_in_queries_and_forms_and_json_in_json(recording_api, server):
    server.default = Reply(200, [])
    recording_api._api_request("GET", "/api/v1/x", {"a": True, "b": False, "c": [True, False],
                                                    "d": {"e": True}})
    assert server.last.query == {"a": ["1"], "b": ["0"], "c[]": ["1", "0"], "d[e]": ["1"]}
    recording_api._api_request("PUT", "/api/v1/x", {"a": True, "b": False})
    assert server.last.form == {"a": ["1"], "b": ["0"]}
    recording_api._api_request("PUT", "/api/v1/x", {"a": True, "b": False}, use_json=True)
    assert server.last.json == {"a": True, "b": False}


def test_times_are_sent_to_the_second_in_utc(recording_api, server):
    when = datetime(2030, 1, 2, 3, 4, 5, 678901, tzinfo=timezone(timedelta(hours=-2)))
    recording_api._api_request("POST", "/api/v1/x", {"at": when})
    assert server.last.form == {"at": ["2030-01-02T05:04:05+00:00"]}
    recording_api._api_request("POST", "/api/v1/x", {"at": when}, use_json=True)
    assert server.last.json == {"at": "2030-01-02T05:04:05+00:00"}


def test_follow_and_mute_send_their_flags_as_mastodon_py_does(recording_api, server):
    server.default = Reply(200, {"id": "1", "following": True})
    recording_api.account_follow("1")
    assert server.last.form == {"reblogs": ["1"], "notify": ["0"]}
    recording_api.account_follow("1", reblogs=False, notify=True)
    assert server.last.form == {"reblogs": ["0"], "notify": ["1"]}
    recording_api.account_mute("1")
    assert server.last.form == {"notifications": ["1"]}
    recording_api.account_mute("1", notifications=False, duration=60)
    assert server.last.form == {"notifications": ["0"], "duration": ["60"]}
