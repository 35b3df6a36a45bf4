"""Reading the server's (instance's) information, and finding out which software it
runs."""

import datetime as _dt
import json
import logging
import re
from collections import namedtuple
from typing import Any
from urllib.parse import urljoin, urlsplit

from ._base import ClientBase
from ._versions import api_version
from .errors import (
    MastodonAPIError,
    MastodonIllegalArgumentError,
    MastodonRatelimitError,
    MastodonServerError,
)
from .return_types import (
    AttribAccessDict,
    DomainBlock,
    ExtendedDescription,
    Instance,
    InstanceV2,
    NonPaginatableList,
    OAuthServerInfo,
    PrivacyPolicy,
    Rule,
    TermsOfService,
)

log = logging.getLogger("mastodon")

NODEINFO_2_0 = "http://nodeinfo.diaspora.software/ns/schema/2.0"
_NODEINFO_SCHEMA = r"nodeinfo\.diaspora\.software/ns/schema/(\d+(?:\.\d+)*)/?$"  # re compiles it on first use

ServerSoftware = namedtuple("ServerSoftware", ["name", "version"])
ServerSoftware.__doc__ = """The software a server runs: ``name`` (lower case, e.g.
``"mastodon"``) and ``version`` (its own version string); both ``None`` when unknown."""
_UNKNOWN_SOFTWARE = ServerSoftware(None, None)


def _nodeinfo_schema_version(rel: str) -> tuple[int, ...] | None:
    """``(2, 1)`` for the nodeinfo 2.1 schema URI; ``None`` for other link relations."""
    match = re.search(_NODEINFO_SCHEMA, rel)
    return tuple(int(part) for part in match.group(1).split(".")) if match else None


def _day(value: _dt.date | str) -> str:
    """A date for a URL path, as ``YYYY-MM-DD``."""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise MastodonIllegalArgumentError(
        f"date must be a datetime.date or a 'YYYY-MM-DD' string, not {value!r}")

# Weekly activity counts come as strings ("cast from an integer"); the original
# documentation describes them as numbers, so they are returned as ints.
_ACTIVITY_COUNTS = ("statuses", "logins", "registrations")


class InstanceMixin(ClientBase):
    """Instance information."""

    @api_version("1.1.0", "4.0.0")
    def instance(self) -> InstanceV2 | Instance:
        """The server's information in the newest format it has, as Mastodon.py 2.x
        returns it: :meth:`instance_v2` on Mastodon 4.0 and later, :meth:`instance_v1`
        on a server known to be older.

        The server's version decides without a request: a version given to the
        constructor or already read counts, and an unknown one is taken to be current.
        A server that has no v2 information (404) answers in the first format instead.

        Works without logging in.

        Returns an instance dict, v2 (``domain``, ``configuration``, ``usage``,
        ``registrations``, ...) or v1 (``uri``, ``urls``, ``stats``, ...).
        """
        known = self._known_server_version()
        if known is not None and known < (4, 0, 0):
            return self._instance_info(1, refresh=True)
        try:
            return self._instance_info(2, refresh=True)
        except MastodonAPIError as exc:
            if exc.status_code not in (404, 410):
                raise
            return self._instance_info(1, refresh=True)

    @api_version("2.1.2")
    def instance_activity(self) -> NonPaginatableList[AttribAccessDict]:
        """The server's activity over the last weeks (about three months), one entry
        per week, newest first.

        Works without logging in, unless the server is in whitelist mode.

        Returns a list of activity dicts: ``week`` (the week's first day, a
        ``datetime``) and the numbers ``statuses``, ``logins`` and
        ``registrations`` for that week, as ints.
        """
        weeks = self._api_request("GET", "/api/v1/instance/activity")
        for week in weeks:
            for key in _ACTIVITY_COUNTS:
                value = week.get(key)
                if isinstance(value, str) and value.isdigit():
                    week[key] = int(value)
        return weeks

    @api_version("2.1.2")
    def instance_peers(self) -> NonPaginatableList[str]:
        """The domains of the other servers this server knows of.

        Works without logging in, unless the server is in whitelist mode.

        Returns a list of domain names (strings).
        """
        return self._api_request("GET", "/api/v1/instance/peers")

    # --- the modern surface (Mastodon 3.x and 4.x) -----------------------------

    @api_version("1.1.0", "4.0.0")
    def instance_v1(self) -> Instance:
        """The server's information in the first format (``GET /api/v1/instance``),
        which Mastodon 4.0 deprecated in favour of :meth:`instance_v2`.

        Works without logging in.

        Returns an instance dict (v1): ``uri``, ``title``, ``description``,
        ``version``, ``urls`` (``streaming_api``), ``stats``, ``languages``,
        ``contact_account``, ``rules``, ``configuration`` and the registration
        settings.
        """
        return self._instance_info(1, refresh=True)

    @api_version("4.0.0", "4.6.0")
    def instance_v2(self) -> InstanceV2:
        """The server's information in the current format (``GET /api/v2/instance``).

        Works without logging in.

        Returns an instance dict (v2): ``domain``, ``title``, ``version``,
        ``source_url``, ``description``, ``usage`` (monthly active users),
        ``thumbnail``, ``icon``, ``languages``, ``configuration`` (``urls`` with the
        ``streaming`` URL, limits for statuses, media and polls, ``vapid``, ...),
        ``registrations``, ``api_versions``, ``contact`` and ``rules``.
        """
        return self._instance_info(2, refresh=True)

    @api_version("3.4.0")
    def instance_rules(self) -> NonPaginatableList[Rule]:
        """The server's rules, which users agree to when they sign up.

        Works without logging in.

        Returns a list of rule dicts: ``id``, ``text`` and, on newer servers,
        ``hint`` (a longer explanation).
        """
        return self._api_request("GET", "/api/v1/instance/rules")

    @api_version("4.0.0")
    def instance_domain_blocks(self) -> NonPaginatableList[DomainBlock]:
        """The other servers this server moderates (limits or suspends), as far as
        its admins publish them.

        Depending on the server's settings this works for everyone, needs a login
        (:class:`MastodonUnauthorizedError` without one) or is not available at all
        (:class:`MastodonNotFoundError`).

        Returns a list of domain block dicts: ``domain`` (possibly partly
        obfuscated with ``*``), ``digest`` (SHA-256 of the full domain),
        ``severity`` (``"silence"`` or ``"suspend"``) and ``comment``.
        """
        return self._api_request("GET", "/api/v1/instance/domain_blocks")

    @api_version("4.0.0")
    def instance_extended_description(self) -> ExtendedDescription:
        """The server's long description, as its about page shows it.

        Works without logging in.

        Returns an extended description dict: ``content`` (HTML) and
        ``updated_at`` (a ``datetime``).
        """
        return self._api_request("GET", "/api/v1/instance/extended_description")

    @api_version("4.0.0")
    def instance_privacy_policy(self) -> PrivacyPolicy:
        """The server's privacy policy, as its privacy page shows it.

        Works without logging in. Raises :class:`MastodonNotFoundError` when the
        server has none to show.

        Returns a privacy policy dict: ``content`` (HTML) and ``updated_at`` (when
        it last changed, a ``datetime``).
        """
        return self._api_request("GET", "/api/v1/instance/privacy_policy")

    @api_version("4.2.0")
    def instance_languages(self) -> NonPaginatableList[AttribAccessDict]:
        """The languages the server knows, for example to let users pick the
        language of a post (``GET /api/v1/instance/languages``).

        Works without logging in.

        Returns a list of language dicts: ``code`` (ISO 639) and ``name``.
        """
        return self._api_request("GET", "/api/v1/instance/languages")

    @api_version("4.2.0")
    def instance_translation_languages(self) -> AttribAccessDict:
        """Which languages the server's translation service can translate into
        which, for :meth:`status_translate`.

        Works without logging in.

        Returns a dict that maps each source language code to the list of target
        language codes; the source ``"und"`` stands for posts whose language is
        not set. It is empty when the server has no translation service.
        """
        return self._api_request("GET", "/api/v1/instance/translation_languages")

    @api_version("4.4.0")
    def instance_terms_of_service(self, date: _dt.date | str | None = None) -> TermsOfService:
        """The server's terms of service: the current ones, or those in effect on
        a given day.

        :param date: a ``datetime.date`` (or ``datetime``, of which only the day
            counts), or a ``"YYYY-MM-DD"`` string: return the terms effective on that
            date instead of the current ones.

        Works without logging in. Raises :class:`MastodonNotFoundError` when the
        server has no terms of service.

        Returns a terms of service dict: ``effective_date``, ``effective``
        (whether these terms are in force now), ``content`` (HTML) and
        ``succeeded_by`` (the date newer terms take effect, or ``None``).
        """
        if date is None:
            return self._api_request("GET", "/api/v1/instance/terms_of_service")
        return self._api_request("GET", f"/api/v1/instance/terms_of_service/{_day(date)}")

    @api_version("3.0.0")
    def instance_health(self) -> bool:
        """Whether the server's web process is healthy (``GET /health``): it answers
        and can reach its database and cache.

        Returns ``True`` when the server says it is healthy, ``False`` when it
        answers with a server error (HTTP 5xx) or reports another state. Network
        errors and other error answers are raised as usual.
        """
        try:
            response = self._api_request("GET", "/health", auth=False, parse=False)
        except MastodonServerError:
            return False
        body = response.content.strip()
        # Mastodon answers "OK" as plain text; the documentation shows {"status": "UP"}.
        if body.startswith(b"{"):
            try:
                state = json.loads(body).get("status")
            except (ValueError, AttributeError):
                return False
            return isinstance(state, str) and state.upper() in ("UP", "OK")
        return body.decode("utf-8", "replace").strip().upper() in ("OK", "UP", "SUCCESS")

    @api_version("3.0.0")
    def instance_nodeinfo(self, schema: str = NODEINFO_2_0) -> AttribAccessDict:
        """The server's nodeinfo document: a description of the server that all
        fediverse software publishes in the same format (software name and version,
        protocols, user and post counts, whether registrations are open).

        It is found through ``/.well-known/nodeinfo``, which links the document in
        each schema version the server offers. Works without logging in; the
        access token is never sent (the document may live on another host).

        :param schema: the schema URI of the version wanted; nodeinfo 2.0 by
            default, which every server offers. Raises
            :class:`MastodonIllegalArgumentError` when the server does not offer
            it; the message lists the schemas it does offer.

        Returns a nodeinfo dict (``version``, ``software`` with ``name`` and
        ``version``, ``protocols``, ``usage``, ``openRegistrations``,
        ``metadata``).
        """
        links = self._nodeinfo_links()
        href = links.get(schema)
        if href is None:
            offered = ", ".join(sorted(links)) or "none"
            raise MastodonIllegalArgumentError(
                f"the server offers no nodeinfo document with the schema {schema!r} "
                f"(it offers: {offered})")
        return self._nodeinfo_document(href)

    def oauth_authorization_server_info(self) -> OAuthServerInfo:
        """The server's OAuth 2 configuration (``GET
        /.well-known/oauth-authorization-server``, RFC 8414): its endpoints
        (``authorization_endpoint``, ``token_endpoint``, ``revocation_endpoint``,
        ``userinfo_endpoint``, ``app_registration_endpoint``), and the scopes,
        grant types, response types and PKCE methods it supports.

        Mastodon serves it since 4.3.0 (``userinfo_endpoint`` since 4.4.0). It is
        meant for finding out what a server supports, so the server's version is
        not checked first. A server that does not have it (Mastodon before 4.3,
        GoToSocial, Akkoma, ...: a 404, another refusal, or a web page instead of
        JSON) gives an empty result, as in Mastodon.py; network errors, rate limits
        and server errors (HTTP 5xx) are raised. Works without logging in.

        Returns an OAuth server metadata dict (empty when the server has none).
        """
        return self._oauth_server_info()

    def _oauth_server_info(self, allow_http: bool = False) -> OAuthServerInfo:
        """:meth:`oauth_authorization_server_info`, with this call's ``allow_http``."""
        try:
            return self._api_request("GET", "/.well-known/oauth-authorization-server",
                                     auth=False, ratelimit=False, allow_http=allow_http)
        except (MastodonServerError, MastodonRatelimitError):
            raise  # passing trouble, not an answer about the metadata
        except MastodonAPIError as exc:
            log.debug("the server offers no OAuth metadata (%s)", exc)
            return OAuthServerInfo()

    @api_version("4.3.0", "4.4.0")
    def oauth_userinfo(self) -> AttribAccessDict:
        """Standard OpenID Connect claims about the logged-in user (``GET
        /oauth/userinfo``), for apps that identify users the OIDC way.

        Needs a user token with the ``profile`` scope (a token without it gets
        HTTP 403).

        Returns a user info dict: ``iss`` (the server, as in
        :meth:`oauth_authorization_server_info`), ``sub`` (the URI of the user's
        ActivityPub actor, unique across servers, unlike the account ID),
        ``name`` (the display name), ``preferred_username`` (the username),
        ``profile`` (the profile page's URL) and ``picture`` (the avatar's URL).
        """
        return self._api_request("GET", "/oauth/userinfo")

    def server_software(self, refresh: bool = False) -> tuple[str, str]:
        """Which software the server runs, and its version, as its nodeinfo
        document says (see :meth:`instance_nodeinfo`).

        Many servers that speak the Mastodon API are not Mastodon (GoToSocial,
        Pleroma, Akkoma, Takahē, Iceshrimp, ...), and the version in their
        instance information is often a made-up Mastodon version or their own.
        Nodeinfo names the software itself. The answer is read once (two small
        requests: ``/.well-known/nodeinfo`` and the newest document it links)
        and kept for the life of the client.

        :param refresh: read it from the server again (e.g. after an upgrade).

        Returns a ``ServerSoftware`` named tuple ``(name, version)``: ``name`` in
        lower case as nodeinfo gives it (``"mastodon"``, ``"gotosocial"``,
        ``"pleroma"``, ``"akkoma"``, ...), ``version`` the software's own version
        string. Both are ``None`` when the server offers no usable nodeinfo.
        It unpacks like a tuple (``name, version = api.server_software()``) and
        has the fields as attributes (``api.server_software().name``).

        Network errors, rate limits and server errors (HTTP 5xx) are raised and
        nothing is remembered, so a later call asks again.
        """
        cached = self.__dict__.get("_server_software_cache")
        if cached is not None and not refresh:
            return cached
        lock = self.__dict__.setdefault("_server_software_lock", self._new_lock())
        with lock:
            cached = self.__dict__.get("_server_software_cache")
            if cached is not None and not refresh:
                return cached
            software = self._read_server_software()
            self._server_software_cache = software
            return software

    # --- helpers -----------------------------------------------------------------

    def _nodeinfo_links(self) -> dict[str, str]:
        """``{schema URI: document URL}`` from ``/.well-known/nodeinfo``."""
        index = self._api_request("GET", "/.well-known/nodeinfo", auth=False)
        links = index.get("links") if isinstance(index, dict) else None
        if not isinstance(links, list):
            raise MastodonAPIError(
                f"GET /.well-known/nodeinfo: the answer has no list of links: {index!r}"[:300])
        found: dict[str, str] = {}
        for link in links:
            if isinstance(link, dict) and isinstance(link.get("rel"), str) \
                    and isinstance(link.get("href"), str):
                found.setdefault(link["rel"], urljoin(f"{self.api_base_url}/", link["href"]))
        return found

    def _nodeinfo_document(self, href: str) -> Any:
        """GET one nodeinfo document by its full URL, without the access token."""
        parts = urlsplit(href)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise MastodonAPIError(f"the server links its nodeinfo at an unusable URL: {href!r}")
        endpoint = parts.path or "/"
        if parts.query:
            endpoint += "?" + parts.query
        return self._api_request("GET", endpoint, auth=False,
                                 base_url=f"{parts.scheme}://{parts.netloc}")

    def _read_server_software(self) -> ServerSoftware:
        """The (name, version) of the server's software from its newest nodeinfo."""
        try:
            links = self._nodeinfo_links()
            versions = [(_nodeinfo_schema_version(rel), href) for rel, href in links.items()]
            versions = [item for item in versions if item[0] is not None]
            if not versions:
                return _UNKNOWN_SOFTWARE
            document = self._nodeinfo_document(max(versions)[1])
        except (MastodonServerError, MastodonRatelimitError):
            raise  # passing trouble: let the caller see it, and ask again next time
        except MastodonAPIError as exc:
            # No nodeinfo here (404, 410, refused) or an answer that is not nodeinfo.
            log.info("the server offers no usable nodeinfo (%s); its software is unknown", exc)
            return _UNKNOWN_SOFTWARE
        software = document.get("software") if isinstance(document, dict) else None
        if not isinstance(software, dict) or not isinstance(software.get("name"), str):
            return _UNKNOWN_SOFTWARE
        version = software.get("version")
        return ServerSoftware(software["name"].strip().lower() or None,
                              None if version is None else str(version))
