"""Web push subscriptions, and decrypting the pushes they deliver."""

import base64
import binascii
import os
import re
from collections.abc import Iterable
from types import ModuleType
from typing import Any, TypeVar

from ._base import ClientBase
from ._results import AttribAccessDict, parse_json
from ._versions import api_version, server_older_than
from .errors import MastodonIllegalArgumentError
from .return_types import WebPushSubscription
from .types_base import WebpushCryptoParamsPrivkey, WebpushCryptoParamsPubkey

POLICIES = ("all", "followed", "follower", "none")

# Alert flag parameters and the notification types Mastodon calls them.
_ALERTS = (
    ("follow_events", "follow"),
    ("favourite_events", "favourite"),
    ("reblog_events", "reblog"),
    ("mention_events", "mention"),
    ("poll_events", "poll"),
    ("follow_request_events", "follow_request"),
    ("status_events", "status"),
    ("update_events", "update"),
    ("admin_sign_up_events", "admin.sign_up"),
    ("admin_report_events", "admin.report"),
    ("quote_events", "quote"),
    ("quoted_update_events", "quoted_update"),
)

_AUTH_SECRET_LENGTH = 16
# "name=value" pairs of the Encryption and Crypto-Key headers, separated by ";" or ",".
_HEADER_PARAM = r"([A-Za-z0-9_-]+)\s*=\s*\"?([^;,\"]*)\"?"  # re compiles it on first use


def _webpush_modules() -> tuple[ModuleType, ModuleType, ModuleType]:
    """``(ec, serialization, http_ece)``, or a clear error naming the extra to install."""
    try:
        import http_ece  # type: ignore[import-untyped]  # the package ships no type information
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec
    except ImportError as exc:
        raise MastodonIllegalArgumentError(
            "web push encryption needs the optional 'cryptography' and 'http_ece' packages: "
            "pip install 'mastodon[webpush]'") from exc
    return ec, serialization, http_ece


def _b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text: str, what: str) -> bytes:
    text = text.strip()
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise MastodonIllegalArgumentError(f"{what} is not valid base64: {text!r}") from exc


def _key_param(value: object, name: str) -> str:
    """A subscription key as sent: bytes are base64url-encoded, strings (already
    encoded, e.g. from a browser's subscription) go as they are."""
    if isinstance(value, (bytes, bytearray)):
        return _b64url_encode(bytes(value))
    if isinstance(value, str) and value:
        return value
    raise MastodonIllegalArgumentError(
        f"encrypt_params[{name!r}] must be bytes, as push_subscription_generate_keys() "
        f"returns them")


def _header_params(header: object, what: str) -> dict[str, str]:
    if not isinstance(header, (str, bytes)):
        raise MastodonIllegalArgumentError(f"the {what} header must be a string, not {header!r}")
    if isinstance(header, bytes):
        header = header.decode("latin-1")
    return {name.lower(): value for name, value in re.findall(_HEADER_PARAM, header)}


def _alerts(flags: Iterable[bool | None]) -> dict[str, bool]:
    """``data[alerts]`` from the alert flag arguments; unset flags are not sent."""
    return {alert: bool(value) for (_, alert), value in zip(_ALERTS, flags, strict=False)
            if value is not None}


def _alert_flag(value: object) -> object:
    """An alert flag as a bool: older servers answer with the text they were sent
    (``"True"``, ``"0"``, ...)."""
    if isinstance(value, str) and value.strip().lower() in _FLAG_TEXTS:
        return _FLAG_TEXTS[value.strip().lower()]
    return value


_FLAG_TEXTS = {"true": True, "1": True, "false": False, "0": False}


_Subscription = TypeVar("_Subscription")


def _with_bool_alerts(subscription: _Subscription) -> _Subscription:
    alerts = subscription.get("alerts") if isinstance(subscription, dict) else None
    if isinstance(alerts, dict):
        for name, value in alerts.items():
            alerts[name] = _alert_flag(value)
    return subscription


class PushMixin(ClientBase):
    """Web push subscriptions, and decrypting the pushes they deliver."""

    def _policy_param(self, policy: str | None) -> str | None:
        """The policy as sent: always (as Mastodon.py sends it), except the default
        ``"all"`` to a server known to be older than Mastodon 3.4, which has none."""
        if policy is not None and policy not in POLICIES:
            raise MastodonIllegalArgumentError(
                f"policy must be one of {', '.join(POLICIES)}, not {policy!r}")
        if policy == "all" and server_older_than(self, (3, 4, 0)):
            return None
        return policy

    @api_version("2.4.0")
    def push_subscription(self) -> WebPushSubscription:
        """The web push subscription of the access token in use.

        Raises :class:`MastodonNotFoundError` when the token has none.

        Returns a push subscription dict: ``id``, ``endpoint``, ``server_key`` (the
        server's public key, to check the pushes' signatures), ``alerts`` (the
        notification types pushed, each ``True`` or ``False``) and, on newer servers,
        ``policy`` and ``standard``.
        """
        return _with_bool_alerts(self._api_request("GET", "/api/v1/push/subscription"))

    @api_version("2.4.0", "4.5.0")
    def push_subscription_set(self, endpoint: str, encrypt_params: WebpushCryptoParamsPubkey,
                              follow_events: bool | None = None,
                              favourite_events: bool | None = None,
                              reblog_events: bool | None = None,
                              mention_events: bool | None = None,
                              poll_events: bool | None = None,
                              follow_request_events: bool | None = None,
                              status_events: bool | None = None, policy: str = "all",
                              update_events: bool | None = None,
                              admin_sign_up_events: bool | None = None,
                              admin_report_events: bool | None = None,
                              quote_events: bool | None = None,
                              quoted_update_events: bool | None = None,
                              standard: bool | None = None) -> WebPushSubscription:
        """Subscribe to web pushes for this access token, replacing its previous
        subscription (a token has at most one).

        The server sends an encrypted push to ``endpoint`` for every notification of
        the chosen types; :meth:`push_subscription_decrypt_push` reads them.

        :param endpoint: the URL the server sends the pushes to (usually a relay
            that forwards them to the device). ``https://`` is added when the URL has
            no scheme.
        :param encrypt_params: the public key dict from
            :meth:`push_subscription_generate_keys` (``pubkey`` and ``auth``).
        :param follow_events: push new followers.
        :param favourite_events: push favourites of your statuses.
        :param reblog_events: push boosts of your statuses.
        :param mention_events: push mentions.
        :param poll_events: push the end of polls you voted in or created (2.8.0).
        :param follow_request_events: push follow requests (3.1.0).
        :param status_events: push new statuses of accounts you asked to be notified
            about (3.3.0).
        :param policy: whose actions are pushed: ``"all"`` (the default),
            ``"followed"`` (accounts you follow), ``"follower"`` (accounts following
            you) or ``"none"`` (3.4.0).
        :param update_events: push edits of statuses you boosted (3.5.0).
        :param admin_sign_up_events: push new sign-ups, for moderators (3.5.0).
        :param admin_report_events: push new reports, for moderators (4.0.0).
        :param quote_events: push quotes of your statuses (4.5.0).
        :param quoted_update_events: push edits of statuses you quoted (4.5.0).
        :param standard: ``True`` asks for standard web push (RFC 8291, ``aes128gcm``
            encoding) instead of the older draft Mastodon uses by default (4.4.0).

        Alert types left at ``None`` are not sent, and the server does not push them.

        Returns the new push subscription dict.
        """
        if not isinstance(endpoint, str) or not endpoint.strip():
            raise MastodonIllegalArgumentError("endpoint must be a URL")
        endpoint = endpoint.strip()
        if "://" not in endpoint:
            endpoint = "https://" + endpoint
        if not isinstance(encrypt_params, dict):
            raise MastodonIllegalArgumentError(
                "encrypt_params must be the public key dict from push_subscription_generate_keys()")
        keys = {"p256dh": _key_param(encrypt_params.get("pubkey"), "pubkey"),
                "auth": _key_param(encrypt_params.get("auth"), "auth")}
        data = {"alerts": _alerts((follow_events, favourite_events, reblog_events, mention_events,
                                   poll_events, follow_request_events, status_events,
                                   update_events, admin_sign_up_events, admin_report_events,
                                   quote_events, quoted_update_events)),
                "policy": self._policy_param(policy)}
        subscription = {"endpoint": endpoint, "keys": keys,
                        "standard": None if standard is None else bool(standard)}
        return _with_bool_alerts(self._api_request("POST", "/api/v1/push/subscription",
                                                   {"subscription": subscription, "data": data}))

    @api_version("2.4.0", "4.5.0")
    def push_subscription_update(self, follow_events: bool | None = None,
                                 favourite_events: bool | None = None,
                                 reblog_events: bool | None = None,
                                 mention_events: bool | None = None,
                                 poll_events: bool | None = None,
                                 follow_request_events: bool | None = None,
                                 status_events: bool | None = None, policy: str = "all",
                                 update_events: bool | None = None,
                                 admin_sign_up_events: bool | None = None,
                                 admin_report_events: bool | None = None,
                                 quote_events: bool | None = None,
                                 quoted_update_events: bool | None = None) -> WebPushSubscription:
        """Change which notifications the current push subscription delivers.

        The parameters are those of :meth:`push_subscription_set`. Mastodon replaces
        the subscription's settings as a whole: alert types not given here are no
        longer pushed, and the policy goes back to ``"all"`` unless another is given.
        The endpoint and keys cannot change; subscribe again for that.

        Raises :class:`MastodonNotFoundError` when the token has no subscription.

        Returns the updated push subscription dict.
        """
        data = {"alerts": _alerts((follow_events, favourite_events, reblog_events, mention_events,
                                   poll_events, follow_request_events, status_events,
                                   update_events, admin_sign_up_events, admin_report_events,
                                   quote_events, quoted_update_events)),
                "policy": self._policy_param(policy)}
        return _with_bool_alerts(
            self._api_request("PUT", "/api/v1/push/subscription", {"data": data}))

    @api_version("2.4.0")
    def push_subscription_delete(self) -> None:
        """Remove the web push subscription of the access token in use; the server
        stops sending pushes. Succeeds also when there was none.

        Returns ``None``, as Mastodon.py does (the server answers with nothing)."""
        return self._api_request("DELETE", "/api/v1/push/subscription")

    def push_subscription_generate_keys(self) -> tuple[AttribAccessDict, AttribAccessDict]:
        """Make a new key pair and auth secret for a push subscription. Needs the
        optional ``mastodon[webpush]`` packages; no request is sent.

        Returns two dicts, ``(private, public)``:

        * ``private``: ``privkey``, the P-256 private key as an int, and ``auth``,
          the 16-byte auth secret. Keep it (safely) to decrypt pushes with
          :meth:`push_subscription_decrypt_push`.
        * ``public``: ``pubkey``, the public key as bytes (an uncompressed P-256
          point, 65 bytes), and the same ``auth``. Pass it to
          :meth:`push_subscription_set`.
        """
        ec, serialization, _ = _webpush_modules()
        private_key = ec.generate_private_key(ec.SECP256R1())
        public_bytes = private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        auth = os.urandom(_AUTH_SECRET_LENGTH)
        private = AttribAccessDict(privkey=private_key.private_numbers().private_value, auth=auth)
        public = AttribAccessDict(pubkey=public_bytes, auth=auth)
        return private, public

    def push_subscription_decrypt_push(self, data: bytes | bytearray | memoryview,
                                       decrypt_params: WebpushCryptoParamsPrivkey,
                                       encryption_header: str | bytes | None,
                                       crypto_key_header: str | bytes | None) -> AttribAccessDict:
        """Decrypt a push the server sent to the subscription's endpoint. Needs the
        optional ``mastodon[webpush]`` packages; no request is sent.

        :param data: the push's body, as bytes.
        :param decrypt_params: the private key dict from
            :meth:`push_subscription_generate_keys`.
        :param encryption_header: the push's ``Encryption`` header (it carries the
            ``salt``).
        :param crypto_key_header: the push's ``Crypto-Key`` header (it carries the
            server's ephemeral key as ``dh``).

        Mastodon encrypts pushes as ``aesgcm`` (the draft standard) unless the
        subscription asked for ``standard``; those pushes are ``aes128gcm``, carry
        their salt and key in the body, and come without the two headers: pass
        ``None`` for both.

        A push that cannot be decrypted (tampered with, truncated, or meant for other
        keys) raises :class:`MastodonIllegalArgumentError`.

        Returns a push notification dict: ``notification_id`` (for
        :meth:`notification`), ``notification_type``, ``title``, ``body``, ``icon``,
        ``preferred_locale`` and ``access_token``.
        """
        ec, _, http_ece = _webpush_modules()
        if isinstance(data, (bytearray, memoryview)):
            data = bytes(data)
        if not isinstance(data, bytes):
            raise MastodonIllegalArgumentError(f"data must be the push body as bytes, not "
                                               f"{type(data).__name__}")
        if not (isinstance(decrypt_params, dict)
                and isinstance(decrypt_params.get("privkey"), int)
                and isinstance(decrypt_params.get("auth"), (bytes, bytearray))):
            raise MastodonIllegalArgumentError(
                "decrypt_params must be the private key dict from push_subscription_generate_keys()"
                " (an int 'privkey' and bytes 'auth')")
        try:
            private_key = ec.derive_private_key(decrypt_params["privkey"], ec.SECP256R1())
        except ValueError as exc:
            raise MastodonIllegalArgumentError(f"decrypt_params['privkey'] is not a P-256 "
                                               f"private key: {exc}") from exc
        ece_args: dict[str, Any] = {"private_key": private_key,
                                    "auth_secret": bytes(decrypt_params["auth"])}
        if encryption_header is None and crypto_key_header is None:
            ece_args["version"] = "aes128gcm"
        else:
            encryption = _header_params(encryption_header, "Encryption")
            crypto_key = _header_params(crypto_key_header, "Crypto-Key")
            if not encryption.get("salt"):
                raise MastodonIllegalArgumentError(
                    f"the Encryption header has no salt: {encryption_header!r}")
            if not crypto_key.get("dh"):
                raise MastodonIllegalArgumentError(
                    f"the Crypto-Key header has no dh key: {crypto_key_header!r}")
            ece_args.update(version="aesgcm", keylabel="P-256",
                            salt=_b64url_decode(encryption["salt"], "the Encryption salt"),
                            dh=_b64url_decode(crypto_key["dh"], "the Crypto-Key dh key"))
            if encryption.get("rs"):
                try:
                    ece_args["rs"] = int(encryption["rs"])
                except ValueError:
                    raise MastodonIllegalArgumentError(
                        f"the Encryption header's record size is not a number: "
                        f"{encryption_header!r}") from None
        try:
            plaintext = http_ece.decrypt(data, **ece_args)
        except (http_ece.ECEException, ValueError) as exc:
            reason = getattr(exc, "message", None) or str(exc) or type(exc).__name__
            raise MastodonIllegalArgumentError(
                f"could not decrypt the push ({reason}): it was changed on the way, is "
                f"incomplete, or was encrypted for other keys") from exc
        try:
            notification = parse_json(plaintext)
        except ValueError as exc:
            raise MastodonIllegalArgumentError(
                f"the decrypted push is not JSON: {plaintext[:200]!r}") from exc
        return notification
