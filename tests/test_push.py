"""Web push: subscriptions (against the mock and a recording server), key generation,
and decrypting pushes encrypted here the way a Mastodon server encrypts them."""

import base64
import json
import os
import sys

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from mastodon import AttribAccessDict, MastodonIllegalArgumentError, MastodonNotFoundError

from .servers import Reply

pytestmark = pytest.mark.both_clients

NOTIFICATION = {
    "access_token": "alice_token",
    "preferred_locale": "en",
    "notification_id": "1987",
    "notification_type": "mention",
    "icon": "https://files.example/avatar.png",
    "title": "You were mentioned by Bob",
    "body": "@alice look at this",
}
SUBSCRIPTION = {"id": "5", "endpoint": "https://relay.example/push/1", "alerts": {},
                "server_key": "BA" + "0" * 86, "policy": "all"}


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def point(private_key):
    return private_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


def server_push(public, payload=NOTIFICATION, version="aesgcm"):
    """Encrypt a push as Mastodon does: a fresh server ECDH key and salt per message,
    for the subscriber's public key and auth secret. Returns (body, Encryption,
    Crypto-Key)."""
    server_key = ec.generate_private_key(ec.SECP256R1())
    vapid_key = ec.generate_private_key(ec.SECP256R1())
    salt = os.urandom(16)
    body = http_ece.encrypt(json.dumps(payload).encode(), salt=salt, private_key=server_key,
                            dh=public["pubkey"], auth_secret=public["auth"], version=version)
    if version == "aes128gcm":
        return body, None, None
    return (body, f"salt={b64url(salt)}",
            f"dh={b64url(point(server_key))};p256ecdsa={b64url(point(vapid_key))}")


@pytest.fixture
def offline_api(server, client_class):
    """A client whose server records every request, to show that nothing is sent."""
    return client_class(access_token="t", api_base_url=server.url)


# --- keys and decryption ----------------------------------------------------------------

def test_generated_keys_have_the_documented_shape(offline_api, server):
    private, public = offline_api.push_subscription_generate_keys()
    assert isinstance(private["privkey"], int)
    assert isinstance(private["auth"], bytes) and len(private["auth"]) == 16
    assert public["auth"] == private["auth"]
    assert isinstance(public["pubkey"], bytes) and len(public["pubkey"]) == 65
    assert public["pubkey"][0] == 4  # an uncompressed point
    # The public key belongs to the private one.
    assert point(ec.derive_private_key(private["privkey"], ec.SECP256R1())) == public["pubkey"]
    other_private, other_public = offline_api.push_subscription_generate_keys()
    assert other_private["privkey"] != private["privkey"]
    assert other_public["auth"] != public["auth"]
    assert server.requests == []


def test_decrypt_a_push_round_trip(offline_api, server):
    private, public = offline_api.push_subscription_generate_keys()
    body, encryption, crypto_key = server_push(public)
    push = offline_api.push_subscription_decrypt_push(body, private, encryption, crypto_key)
    assert isinstance(push, AttribAccessDict)
    assert push == NOTIFICATION
    assert push.title == "You were mentioned by Bob"
    assert push.notification_id == 1987 and push.notification_id == "1987"
    assert server.requests == []


def test_decrypt_standard_aes128gcm_push(offline_api):
    private, public = offline_api.push_subscription_generate_keys()
    body, _, _ = server_push(public, version="aes128gcm")
    assert offline_api.push_subscription_decrypt_push(body, private, None, None) == NOTIFICATION


def test_decrypt_with_padded_and_reordered_headers(offline_api):
    private, public = offline_api.push_subscription_generate_keys()
    body, encryption, crypto_key = server_push(public)
    dh, ecdsa = crypto_key.split(";")
    salt = encryption.split("=", 1)[1]
    padded_dh = "dh=" + base64.urlsafe_b64encode(b64url_decode(dh[3:])).decode()
    push = offline_api.push_subscription_decrypt_push(
        bytearray(body), private, f"keyid=p256dh; salt={salt}", f"{ecdsa}; {padded_dh}")
    assert push.notification_type == "mention"


def test_tampered_push_is_refused(offline_api):
    private, public = offline_api.push_subscription_generate_keys()
    body, encryption, crypto_key = server_push(public)
    tampered = bytearray(body)
    tampered[len(tampered) // 2] ^= 0x01
    with pytest.raises(MastodonIllegalArgumentError, match="could not decrypt the push"):
        offline_api.push_subscription_decrypt_push(bytes(tampered), private, encryption,
                                                   crypto_key)
    with pytest.raises(MastodonIllegalArgumentError, match="could not decrypt the push"):
        offline_api.push_subscription_decrypt_push(body[:-3], private, encryption, crypto_key)


def test_push_for_other_keys_is_refused(offline_api):
    _, public = offline_api.push_subscription_generate_keys()
    other_private, _ = offline_api.push_subscription_generate_keys()
    body, encryption, crypto_key = server_push(public)
    with pytest.raises(MastodonIllegalArgumentError, match="could not decrypt the push"):
        offline_api.push_subscription_decrypt_push(body, other_private, encryption, crypto_key)


def test_decrypt_argument_errors(offline_api):
    private, public = offline_api.push_subscription_generate_keys()
    body, encryption, crypto_key = server_push(public)
    with pytest.raises(MastodonIllegalArgumentError, match="no salt"):
        offline_api.push_subscription_decrypt_push(body, private, "rs=4096", crypto_key)
    with pytest.raises(MastodonIllegalArgumentError, match="no dh key"):
        offline_api.push_subscription_decrypt_push(body, private, encryption, "p256ecdsa=AAAA")
    with pytest.raises(MastodonIllegalArgumentError, match="private key dict"):
        offline_api.push_subscription_decrypt_push(body, public, encryption, crypto_key)
    with pytest.raises(MastodonIllegalArgumentError, match="bytes"):
        offline_api.push_subscription_decrypt_push(body.decode("latin-1"), private, encryption,
                                                   crypto_key)


def test_missing_webpush_extra_is_named(offline_api, monkeypatch):
    monkeypatch.setitem(sys.modules, "http_ece", None)  # makes "import http_ece" fail
    with pytest.raises(MastodonIllegalArgumentError, match=r"mastodon\[webpush\]"):
        offline_api.push_subscription_generate_keys()
    with pytest.raises(MastodonIllegalArgumentError, match=r"mastodon\[webpush\]"):
        offline_api.push_subscription_decrypt_push(b"x", {"privkey": 1, "auth": b"a"}, "", "")


# --- subscriptions against mastodon_mock -----------------------------------------------

def test_subscribe_read_update_delete(api):
    _, public = api.push_subscription_generate_keys()
    created = api.push_subscription_set("https://relay.example/push/alice", public,
                                        follow_events=True, mention_events=True,
                                        favourite_events=False)
    assert created.endpoint == "https://relay.example/push/alice"
    assert created.alerts == {"follow": True, "mention": True, "favourite": False}

    current = api.push_subscription()
    assert current.id == created.id and current.alerts == created.alerts

    api.push_subscription_update(reblog_events=True, admin_report_events=True, mention_events=False)
    alerts = api.push_subscription().alerts
    assert alerts["reblog"] is True and alerts["admin.report"] is True
    assert alerts["mention"] is False

    api.push_subscription_delete()
    with pytest.raises(MastodonNotFoundError):
        api.push_subscription()


def test_subscribing_again_replaces_the_subscription(api):
    _, public = api.push_subscription_generate_keys()
    first = api.push_subscription_set("https://relay.example/1", public, poll_events=True)
    second = api.push_subscription_set("relay.example/2", public, status_events=True)
    assert second.id != first.id
    current = api.push_subscription()
    assert current.endpoint == "https://relay.example/2"  # a scheme was added
    assert current.alerts == {"status": True}


def test_no_subscription(api):
    with pytest.raises(MastodonNotFoundError):
        api.push_subscription()
    with pytest.raises(MastodonNotFoundError):
        api.push_subscription_update(mention_events=True)


# --- the requests, against a recording server -------------------------------------------

def test_subscribe_request(recording_api, server):
    server.routes[("POST", "/api/v1/push/subscription")] = Reply(200, SUBSCRIPTION)
    _, public = recording_api.push_subscription_generate_keys()
    result = recording_api.push_subscription_set(
        "https://relay.example/push/1", public, follow_events=True, favourite_events=False,
        reblog_events=True, mention_events=True, poll_events=True, follow_request_events=True,
        status_events=True, policy="followed", update_events=True, admin_sign_up_events=True,
        admin_report_events=False, quote_events=True, quoted_update_events=True, standard=True)
    assert result.server_key == SUBSCRIPTION["server_key"]
    sent = server.last
    assert (sent.method, sent.path) == ("POST", "/api/v1/push/subscription")
    assert sent.headers["Content-Type"] == "application/x-www-form-urlencoded"
    form = {key: values[0] for key, values in sent.form.items()}
    assert b64url_decode(form.pop("subscription[keys][p256dh]")) == public["pubkey"]
    assert b64url_decode(form.pop("subscription[keys][auth]")) == public["auth"]
    assert form == {
        "subscription[endpoint]": "https://relay.example/push/1",
        "subscription[standard]": "1",
        "data[policy]": "followed",
        "data[alerts][follow]": "1",
        "data[alerts][favourite]": "0",
        "data[alerts][reblog]": "1",
        "data[alerts][mention]": "1",
        "data[alerts][poll]": "1",
        "data[alerts][follow_request]": "1",
        "data[alerts][status]": "1",
        "data[alerts][update]": "1",
        "data[alerts][admin.sign_up]": "1",
        "data[alerts][admin.report]": "0",
        "data[alerts][quote]": "1",
        "data[alerts][quoted_update]": "1",
    }


def test_subscribe_sends_the_alerts_given_and_the_policy(recording_api, server):
    server.routes[("POST", "/api/v1/push/subscription")] = Reply(200, SUBSCRIPTION)
    public = {"pubkey": b"\x04" + bytes(range(64)), "auth": bytes(range(16))}
    recording_api.push_subscription_set("https://relay.example/push/1", public,
                                        mention_events=True)
    assert server.last.form == {
        "subscription[endpoint]": ["https://relay.example/push/1"],
        "subscription[keys][p256dh]": [b64url(public["pubkey"])],
        "subscription[keys][auth]": [b64url(public["auth"])],
        "data[alerts][mention]": ["1"],
        "data[policy]": ["all"],  # the default too, as Mastodon.py sends it
    }
    # Keys already encoded (as a browser's subscription gives them) go as they are.
    recording_api.push_subscription_set("https://relay.example/push/1",
                                        {"pubkey": "BPubKey", "auth": "QXV0aA"})
    assert server.last.form["subscription[keys][p256dh]"] == ["BPubKey"]
    assert server.last.form["subscription[keys][auth]"] == ["QXV0aA"]


def test_update_request(recording_api, server, client_class):
    server.routes[("PUT", "/api/v1/push/subscription")] = Reply(200, SUBSCRIPTION)
    recording_api.push_subscription_update(mention_events=True, admin_sign_up_events=False,
                                           policy="none")
    sent = server.last
    assert (sent.method, sent.path) == ("PUT", "/api/v1/push/subscription")
    assert sent.form == {"data[alerts][mention]": ["1"],
                         "data[alerts][admin.sign_up]": ["0"],
                         "data[policy]": ["none"]}
    recording_api.push_subscription_update(follow_events=True)
    assert server.last.form == {"data[alerts][follow]": ["1"], "data[policy]": ["all"]}
    # A server known to be older than 3.4 has no policy: the default is not sent there.
    old = client_class(access_token="t", api_base_url=server.url, mastodon_version="2.9.2")
    old.push_subscription_update(follow_events=False)
    assert server.last.form == {"data[alerts][follow]": ["0"]}


def test_alerts_answered_as_text_are_booleans(recording_api, server):
    # Older servers answer with the alert values as they were sent.
    answer = dict(SUBSCRIPTION, alerts={"follow": "True", "favourite": "False", "reblog": "1",
                                        "mention": "0", "poll": True})
    server.routes[("PUT", "/api/v1/push/subscription")] = Reply(200, answer)
    server.routes[("GET", "/api/v1/push/subscription")] = Reply(200, answer)
    for result in (recording_api.push_subscription_update(follow_events=True),
                   recording_api.push_subscription()):
        assert result.alerts == {"follow": True, "favourite": False, "reblog": True,
                                 "mention": False, "poll": True}


def test_read_and_delete_requests(recording_api, server):
    server.routes[("GET", "/api/v1/push/subscription")] = Reply(200, SUBSCRIPTION)
    server.routes[("DELETE", "/api/v1/push/subscription")] = Reply(200, {})
    assert recording_api.push_subscription().endpoint == SUBSCRIPTION["endpoint"]
    recording_api.push_subscription_delete()
    assert [(r.method, r.path, r.body) for r in server.requests] == [
        ("GET", "/api/v1/push/subscription", b""), ("DELETE", "/api/v1/push/subscription", b"")]


def test_subscription_arguments_are_validated(recording_api, server):
    _, public = recording_api.push_subscription_generate_keys()
    with pytest.raises(MastodonIllegalArgumentError, match="policy"):
        recording_api.push_subscription_set("https://r.example", public, policy="friends")
    with pytest.raises(MastodonIllegalArgumentError, match="policy"):
        recording_api.push_subscription_update(policy="everyone")
    with pytest.raises(MastodonIllegalArgumentError, match="pubkey"):
        recording_api.push_subscription_set("https://r.example", {"auth": public["auth"]})
    with pytest.raises(MastodonIllegalArgumentError, match="encrypt_params"):
        recording_api.push_subscription_set("https://r.example", "key")
    with pytest.raises(MastodonIllegalArgumentError, match="endpoint"):
        recording_api.push_subscription_set("", public)
    assert server.requests == []
