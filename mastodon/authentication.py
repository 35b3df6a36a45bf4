"""App registration and user authentication."""

import base64
import hashlib
import secrets
from urllib.parse import urlencode, urlsplit
from typing import Optional, Union  # return annotations

from . import _policy, _secrets
from ._client import DEFAULT_BASE_URL, Transport, protocolize
from ._versions import api_version
from .errors import MastodonAPIError, MastodonIllegalArgumentError, MastodonNetworkError
from .return_types import Application, AttribAccessDict

DEFAULT_SCOPES = ["read", "write", "follow", "push"]
OOB_REDIRECT_URI = "urn:ietf:wg:oauth:2.0:oob"

# What each scope group grants, so that a grant of "read" satisfies a request for
# "read:statuses" and the other way round is caught.
_SCOPE_SETS = {
    "read": ["read:accounts", "read:blocks", "read:bookmarks", "read:favourites", "read:filters",
             "read:follows", "read:lists", "read:mutes", "read:notifications", "read:search",
             "read:statuses"],
    "write": ["write:accounts", "write:blocks", "write:bookmarks", "write:conversations",
              "write:favourites", "write:filters", "write:follows", "write:lists", "write:media",
              "write:mutes", "write:notifications", "write:reports", "write:statuses"],
    "follow": ["read:blocks", "read:follows", "read:mutes", "write:blocks", "write:follows",
               "write:mutes"],
    "admin:read": ["admin:read:accounts", "admin:read:reports", "admin:read:domain_allows",
                   "admin:read:domain_blocks", "admin:read:ip_blocks",
                   "admin:read:email_domain_blocks", "admin:read:canonical_email_blocks"],
    "admin:write": ["admin:write:accounts", "admin:write:reports", "admin:write:domain_allows",
                    "admin:write:domain_blocks", "admin:write:ip_blocks",
                    "admin:write:email_domain_blocks", "admin:write:canonical_email_blocks"],
}


def _scope_list(scopes):
    return scopes.split() if isinstance(scopes, str) else list(scopes)


def pkce_challenge(verifier):
    """The S256 code challenge of a PKCE verifier (RFC 7636)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def check_scopes(requested, granted):
    """Raise a clear error when a token lacks scopes that were asked for."""
    have = set(_scope_list(granted or ""))
    for group in list(have):
        have.update(_SCOPE_SETS.get(group, ()))
    missing = [scope for scope in _scope_list(requested) if scope not in have]
    if missing:
        raise MastodonAPIError(
            f"The server granted the scopes {sorted(set(_scope_list(granted or '')))} but "
            f"{sorted(_scope_list(requested))} were asked for; missing: {missing}")


class AuthenticationMixin:
    """Registering apps, logging in and creating accounts."""

    @staticmethod
    def create_app(client_name, scopes=DEFAULT_SCOPES, redirect_uris=None, website=None,
                   to_file=None, api_base_url=DEFAULT_BASE_URL, request_timeout=300,
                   session=None, user_agent="mastodonpy", allow_http=False) -> tuple[str, str]:
        """Register an app on a server. Do this once and keep the result.

        :param client_name: the app's name, shown to users.
        :param scopes: the scopes the app may ask for (a list).
        :param redirect_uris: where the server sends users after authorizing (a string
            or list); by default the out-of-band URI, which shows the code to the user.
        :param website: the app's website.
        :param to_file: write the client ID, secret and base URL to this file (atomically,
            readable by its owner only), which the constructor accepts as ``client_id``.
        :param allow_http: allow a plain ``http://`` server that is not this machine.

        Returns ``(client_id, client_secret)``.
        """
        api_base_url = protocolize(api_base_url)
        client = Transport(api_base_url=api_base_url, request_timeout=request_timeout,
                           session=session, user_agent=user_agent, allow_http=allow_http)
        if isinstance(redirect_uris, (list, tuple)):
            redirect_uris = "\n".join(redirect_uris)
        params = {
            "client_name": client_name,
            "scopes": " ".join(_scope_list(scopes)),
            "redirect_uris": redirect_uris or OOB_REDIRECT_URI,
            "website": website,
        }
        app = client._api_request("POST", "/api/v1/apps", params, auth=False)
        if to_file is not None:
            _secrets.write_secrets_file(
                to_file, [app["client_id"], app["client_secret"], api_base_url])
        return app["client_id"], app["client_secret"]

    def auth_request_url(self, client_id=None, redirect_uris=OOB_REDIRECT_URI,
                         scopes=DEFAULT_SCOPES, force_login=False, state=None, lang=None,
                         skip_server_info=False, allow_http=False, code_verifier=None) -> str:
        """The URL to send a user to so that they authorize the app (OAuth code flow).

        After authorizing, the server shows the user a code (out-of-band redirect URI) or
        redirects to ``redirect_uris`` with ``?code=...``; pass that code to
        :meth:`log_in`.

        :param client_id: the app's client ID (or its secrets file); the client's own
            by default.
        :param force_login: make the server ask for a login even if the user has a
            session (to switch accounts).
        :param state: an opaque value the server hands back with the redirect, to tie
            the answer to the request (protects a web app against forged answers).
        :param lang: the language of the authorization page.
        :param skip_server_info: do not ask the server where its authorization page is
            (``/.well-known/oauth-authorization-server``, Mastodon 4.3+); use
            ``/oauth/authorize``.
        :param allow_http: allow a plain ``http://`` server that is not this machine.
        :param code_verifier: use PKCE (RFC 7636): a secret string of 43 to 128
            characters, or ``True`` to have one made. The URL carries only its S256
            hash; :meth:`log_in` then sends the verifier itself (remembered by this
            client), so a stolen code is useless without it.
        """
        if client_id is None:
            client_id = self.client_id
        elif _secrets.is_secrets_file(client_id):
            client_id = _secrets.read_secrets_file(client_id)[0]
        if client_id is None:
            raise MastodonIllegalArgumentError("auth_request_url needs a client_id")
        if isinstance(redirect_uris, (list, tuple)):
            redirect_uris = "\n".join(redirect_uris)
        self._check_oauth_url(allow_http)
        query = {
            "client_id": client_id,
            "response_type": "code",
            "redirect_uri": redirect_uris,
            "scope": " ".join(_scope_list(scopes)),
        }
        if force_login:
            query["force_login"] = "true"
        if state is not None:
            query["state"] = state
        if lang is not None:
            query["lang"] = lang
        if code_verifier is not None and code_verifier is not False:
            if code_verifier is True:
                code_verifier = secrets.token_urlsafe(64)
            if not (isinstance(code_verifier, str) and 43 <= len(code_verifier) <= 128):
                raise MastodonIllegalArgumentError(
                    "code_verifier must be True or a string of 43 to 128 characters")
            self._pkce_verifier = code_verifier
            query["code_challenge"] = pkce_challenge(code_verifier)
            query["code_challenge_method"] = "S256"
        endpoint = f"{self.api_base_url}/oauth/authorize"
        if not skip_server_info:
            endpoint = self._oauth_endpoint("authorization_endpoint", endpoint, allow_http)
        return f"{endpoint}?{urlencode(query)}"

    def _oauth_endpoint(self, name, fallback, allow_http=False):
        """An endpoint from the server's OAuth metadata, on its own host only; the
        fallback where the server has none (before Mastodon 4.3)."""
        try:
            info = self._api_request("GET", "/.well-known/oauth-authorization-server",
                                     auth=False, ratelimit=False, allow_http=allow_http)
        except (MastodonAPIError, MastodonNetworkError):
            return fallback
        endpoint = info.get(name) if isinstance(info, dict) else None
        if isinstance(endpoint, str) and _policy.same_origin(endpoint, self.api_base_url):
            return endpoint
        return fallback

    def _check_oauth_url(self, allow_http):
        """Refuse, before anything else happens, a server the connection policy refuses
        (for this call, ``allow_http`` adds to the client's own)."""
        _policy.check_url(self.api_base_url, allow_http or self.allow_http)

    def log_in(self, username=None, password=None, code=None, redirect_uri=OOB_REDIRECT_URI,
               refresh_token=None, scopes=DEFAULT_SCOPES, to_file=None, allow_http=False,
               code_verifier=None) -> str:
        """Get an access token for a user and use it from now on.

        Give exactly one of: ``code`` (from the page at :meth:`auth_request_url`, with
        the same ``redirect_uri``), ``refresh_token``, or ``username`` and ``password``
        (the password grant, which Mastodon 4.4 and later refuse: it is refused here
        before sending on those servers). The client needs its client ID and secret.
        The granted scopes are checked against ``scopes``: a token missing some raises
        :class:`MastodonAPIError` listing what was granted and what was asked. An answer
        that names no scopes grants the requested ones (RFC 6749, section 5.1).

        :param to_file: write the token and base URL to this file (atomically, readable
            by its owner only), which the constructor accepts as ``access_token``.
        :param allow_http: allow a plain ``http://`` server that is not this machine.
        :param code_verifier: the PKCE verifier for ``code``; by default the one
            :meth:`auth_request_url` made for this client, if any.

        Returns the access token.
        """
        params = {"client_id": self.client_id, "client_secret": self.client_secret,
                  "scope": " ".join(_scope_list(scopes))}
        if username is not None and password is not None and code is None and refresh_token is None:
            params.update(grant_type="password", username=username, password=password)
            failure = "Invalid user name, password, or redirect_uris"
        elif code is not None and username is None and password is None and refresh_token is None:
            verifier = code_verifier if code_verifier is not None else getattr(self, "_pkce_verifier", None)
            params.update(grant_type="authorization_code", code=code, redirect_uri=redirect_uri,
                          code_verifier=verifier)
            failure = "Invalid access token or redirect_uris"
        elif refresh_token is not None and username is None and password is None and code is None:
            params.update(grant_type="refresh_token", refresh_token=refresh_token)
            failure = "Invalid refresh token"
        else:
            raise MastodonIllegalArgumentError(
                "log_in needs either username and password, or code, or refresh_token")
        if self.client_id is None or self.client_secret is None:
            raise MastodonIllegalArgumentError("log_in needs the client's client_id and client_secret")
        self._check_oauth_url(allow_http)
        if params["grant_type"] == "password" and self._password_login_removed():
            raise MastodonIllegalArgumentError(
                "this server runs Mastodon 4.4 or later, which no longer accepts logging in "
                "with a user name and password; use auth_request_url() and log_in(code=...)")
        try:
            token = self._api_request("POST", "/oauth/token", params, auth=False,
                                      allow_http=allow_http)
        except MastodonAPIError as exc:
            if exc.status_code in (400, 401, 403):
                hint = ""
                if params["grant_type"] == "password" and "unsupported_grant_type" in str(exc):
                    hint = (" (this server does not accept password logins; use "
                            "auth_request_url() and log_in(code=...))")
                raise MastodonIllegalArgumentError(f"{failure}: {exc}{hint}") from exc
            raise
        self._take_token(token, scopes, to_file)
        self._pkce_verifier = None
        return self.access_token

    def _password_login_removed(self):
        """Whether the server is a Mastodon that dropped the password grant (4.4.0)."""
        try:
            version = self._server_version()
        except MastodonNetworkError:
            return False
        return version >= (4, 4, 0) and not self._version_checks_off

    def revoke_access_token(self, allow_http=False) -> None:
        """Revoke the client's access token on the server and forget it.

        Do this when a program is done with a token, above all an admin one. Needs the
        client ID and secret the token was issued to.
        """
        if self.access_token is None:
            raise MastodonIllegalArgumentError("there is no access token to revoke")
        if self.client_id is None or self.client_secret is None:
            raise MastodonIllegalArgumentError(
                "revoke_access_token needs the client's client_id and client_secret")
        self._check_oauth_url(allow_http)
        self._api_request("POST", "/oauth/revoke", {
            "client_id": self.client_id, "client_secret": self.client_secret,
            "token": self.access_token}, auth=False, allow_http=allow_http)
        self.access_token = None
        return None

    def persistable_login_credentials(self) -> str:
        """The client's credentials as the text of a secrets file: access token, base
        URL, client ID and secret, one per line.

        Keep it as safely as a password; ``Mastodon(access_token=text)`` restores the
        login (as does a file with this content).
        """
        if self.access_token is None:
            raise MastodonIllegalArgumentError("the client is not logged in")
        lines = [self.access_token, self.api_base_url]
        if self.client_id is not None and self.client_secret is not None:
            lines += [self.client_id, self.client_secret]
        return "".join(f"{line}\n" for line in lines)

    def _take_token(self, token, scopes, to_file):
        """Use a token answer from the server: check its scopes, keep it, persist it."""
        granted = token.get("scope")
        if granted is not None:  # absent: the requested scopes were granted (RFC 6749, 5.1)
            check_scopes(scopes, granted)
        self.access_token = token["access_token"]
        self.refresh_token = token.get("refresh_token")
        if to_file is not None:
            _secrets.write_secrets_file(to_file, [self.access_token, self.api_base_url])

    @api_version("2.7.0")
    def create_account(self, username, password, email, agreement=False, locale="en",
                       scopes=DEFAULT_SCOPES, to_file=None, reason=None,
                       return_detailed_error=False, date_of_birth=None) -> Union[str,
                       tuple[Optional[str], AttribAccessDict]]:
        """Register a new user account and log in as it.

        The client needs its client ID and secret; the app gets a token of its own
        first. The server usually requires ``agreement=True`` (the user accepted its
        rules) and may require a ``reason`` (approval-only registrations) or a
        ``date_of_birth`` (``"YYYY-MM-DD"``, where an age limit is set).

        :param to_file: write the new user's token and base URL to this file.
        :param return_detailed_error: return ``(token, errors)`` instead of raising
            when the server refuses (e.g. ``{"username": [{"error": "ERR_TAKEN", ...}]}``);
            ``errors`` is empty on success.

        Returns the new access token (or the pair above).
        """
        if self.client_id is None or self.client_secret is None:
            raise MastodonIllegalArgumentError("create_account needs the client's client_id and client_secret")
        app_token = self._api_request("POST", "/oauth/token", {
            "grant_type": "client_credentials", "client_id": self.client_id,
            "client_secret": self.client_secret, "scope": " ".join(_scope_list(scopes)),
        }, auth=False)["access_token"]
        params = {"username": username, "password": password, "email": email,
                  "agreement": agreement, "locale": locale, "reason": reason,
                  "date_of_birth": date_of_birth}
        try:
            token = self._api_request("POST", "/api/v1/accounts", params, access_token=app_token)
        except MastodonAPIError as exc:
            if return_detailed_error and exc.status_code is not None and 400 <= exc.status_code < 500:
                return None, exc.details or {"error": exc.error}
            raise
        self._take_token(token, scopes, to_file)
        return (self.access_token, {}) if return_detailed_error else self.access_token

    @api_version("2.0.0")
    def app_verify_credentials(self) -> Application:
        """The app the access token belongs to: its name, website and ``vapid_key``."""
        return self._api_request("GET", "/api/v1/apps/verify_credentials")
