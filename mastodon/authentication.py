"""App registration and user authentication."""

import base64
import hashlib
import secrets
from collections.abc import Iterable, Mapping
from datetime import date
from os import PathLike
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests

from . import _policy, _secrets
from . import return_types as entities  # the classes used at run time
from ._base import ClientBase
from ._client import DEFAULT_BASE_URL, Transport
from ._params import protocolize
from ._versions import api_version
from .errors import MastodonAPIError, MastodonIllegalArgumentError, MastodonNetworkError
from .return_types import AccountCreationError, Application

DEFAULT_SCOPES = ["read", "write", "follow", "push"]
OOB_REDIRECT_URI = "urn:ietf:wg:oauth:2.0:oob"
# Scopes: a list of names, or one string of them separated by spaces.
Scopes = str | Iterable[str]
# Redirect URIs: one, or several (sent one a line).
RedirectUris = str | list[str] | tuple[str, ...]
# Where a secrets file is written.
SecretsPath = str | PathLike[str]

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


def _scope_list(scopes: Scopes) -> list[str]:
    return scopes.split() if isinstance(scopes, str) else list(scopes)


def pkce_challenge(verifier: str) -> str:
    """The S256 code challenge of a PKCE verifier (RFC 7636)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def check_scopes(requested: Scopes, granted: Scopes | None) -> None:
    """Raise a clear error when a token lacks scopes that were asked for."""
    have = set(_scope_list(granted or ""))
    for group in list(have):
        have.update(_SCOPE_SETS.get(group, ()))
    missing = [scope for scope in _scope_list(requested) if scope not in have]
    if missing:
        raise MastodonAPIError(
            f"The server granted the scopes {sorted(set(_scope_list(granted or '')))} but "
            f"{sorted(_scope_list(requested))} were asked for; missing: {missing}")


class AuthenticationMixin(ClientBase):
    """Registering apps, logging in and creating accounts."""

    # The PKCE verifier auth_request_url() made, until log_in() sends it (read with
    # getattr: a client has none before).
    _pkce_verifier: str | None

    @staticmethod
    def create_app(client_name: str, scopes: Scopes = DEFAULT_SCOPES,
                   redirect_uris: RedirectUris | None = None, website: str | None = None,
                   to_file: SecretsPath | None = None, api_base_url: str = DEFAULT_BASE_URL,
                   request_timeout: float = 300, session: requests.Session | None = None,
                   user_agent: str = "mastodonpy", allow_http: bool = False) -> tuple[str, str]:
        """Register an app on a server. Do this once and keep the result.

        :param client_name: the app's name, shown to users.
        :param scopes: the scopes the app may ask for (a list).
        :param redirect_uris: where the server sends users after authorizing (a string
            or list); by default the out-of-band URI, which shows the code to the user.
        :param website: the app's website.
        :param to_file: write the client ID, secret, base URL and the app's name to this
            file (atomically, readable by its owner only), as Mastodon.py 2.x does; the
            constructor accepts it as ``client_id``.
        :param session: a ``requests.Session`` (or anything with its ``post``) to send
            with; without one, the request goes through ``requests.post``, as in
            Mastodon.py, so test suites that patch ``requests.post`` see it. Either way
            the connection policy applies, and any failure to send raises
            :class:`MastodonNetworkError`.
        :param allow_http: allow a plain ``http://`` server that is not this machine.

        Returns ``(client_id, client_secret)``.
        """
        api_base_url = protocolize(api_base_url)
        client = Transport._app_registration_client(api_base_url, request_timeout, session,
                                                    user_agent, allow_http)
        if isinstance(redirect_uris, (list, tuple)):
            redirect_uris = "\n".join(redirect_uris)
        params = {
            "client_name": client_name,
            "scopes": " ".join(_scope_list(scopes)),
            "redirect_uris": redirect_uris or OOB_REDIRECT_URI,
            "website": website,
        }
        try:
            app = client._api_request("POST", "/api/v1/apps", params, auth=False)
        finally:
            client._release()
        if not (isinstance(app, dict) and app.get("client_id") and app.get("client_secret")):
            raise MastodonAPIError(f"POST /api/v1/apps: the answer holds no client_id and "
                                   f"client_secret: {app!r}"[:300])
        if to_file is not None:
            name = str(client_name).replace("\r", " ").replace("\n", " ")
            _secrets.write_secrets_file(
                to_file, [app["client_id"], app["client_secret"], api_base_url, name])
        return app["client_id"], app["client_secret"]

    def auth_request_url(self, client_id: str | PathLike[str] | None = None,
                         redirect_uris: RedirectUris = OOB_REDIRECT_URI,
                         scopes: Scopes = DEFAULT_SCOPES, force_login: bool = False,
                         state: str | None = None, lang: str | None = None,
                         skip_server_info: bool = False, allow_http: bool = False,
                         code_verifier: str | bool | None = None) -> str:
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
            ``/oauth/authorize``. It is not asked either of a server known to run an
            older Mastodon, which has none.
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
        home = self._check_oauth_url(allow_http)
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
        info = entities.OAuthServerInfo() if skip_server_info else self._oauth_metadata(allow_http)
        base_url, path = self._oauth_endpoint(home, info, "authorization_endpoint", "/oauth/authorize")
        return f"{base_url}{path}?{urlencode(query)}"

    def _oauth_metadata(self, allow_http: bool = False) -> entities.OAuthServerInfo:
        """The server's OAuth metadata for finding its endpoints and grants; empty where
        it has none, where it cannot be read now (the defaults are tried then), and for
        a server known to run a Mastodon older than 4.3, which is not asked."""
        known = self._known_server_version()
        if known is not None and known < (4, 3, 0):
            return entities.OAuthServerInfo()
        try:
            return self._oauth_server_info(allow_http)
        except (MastodonAPIError, MastodonNetworkError):
            return entities.OAuthServerInfo()

    def _oauth_endpoint(self, home: str, info: Mapping[str, Any], name: str,
                        default_path: str) -> tuple[str, str]:
        """``(base URL, path)`` of an OAuth endpoint: as the server's metadata names it
        where that is on the server's own origin (the connection policy: credentials go
        only there), a plain URL without query or credentials; the default path under
        the base URL otherwise."""
        endpoint = info.get(name) if isinstance(info, dict) else None
        if isinstance(endpoint, str) and _policy.same_origin(endpoint, home):
            split = urlsplit(endpoint)
            if split.path and not (split.query or split.fragment or "@" in split.netloc):
                return f"{split.scheme}://{split.netloc}", split.path
        return home, default_path

    def _check_oauth_url(self, allow_http: bool) -> str:
        """The client's base URL; refused, before anything else happens, when there is none
        or the connection policy refuses it (for this call, ``allow_http`` adds to the
        client's own)."""
        if self.api_base_url is None:
            raise MastodonIllegalArgumentError("api_base_url is not set")
        _policy.check_url(self.api_base_url, allow_http or self.allow_http)
        return self.api_base_url

    def log_in(self, username: str | None = None, password: str | None = None,
               code: str | None = None, redirect_uri: str = OOB_REDIRECT_URI,
               refresh_token: str | None = None, scopes: Scopes = DEFAULT_SCOPES,
               to_file: SecretsPath | None = None, allow_http: bool = False,
               code_verifier: str | None = None) -> str:
        """Get an access token for a user and use it from now on.

        Give exactly one of: ``code`` (from the page at :meth:`auth_request_url`, with
        the same ``redirect_uri``), ``refresh_token``, or ``username`` and ``password``
        (the password grant, which Mastodon 4.4 and later no longer offer). The client
        needs its client ID and secret.

        As Mastodon.py does, the server's OAuth metadata
        (:meth:`oauth_authorization_server_info`) is read first: a grant it says the
        server lacks (``grant_types_supported``) is refused before anything else is
        sent, with :class:`MastodonIllegalArgumentError`, and the token is asked for at
        its ``token_endpoint`` (on the server's own origin; ``/oauth/token``
        otherwise). A server without metadata (before Mastodon 4.3, GoToSocial,
        Akkoma) is asked at ``/oauth/token``; one known to run an older Mastodon is
        not asked for metadata at all.

        The granted scopes are checked against ``scopes``: a token missing some raises
        :class:`MastodonAPIError` listing what was granted and what was asked. An answer
        that names no scopes grants the requested ones (RFC 6749, section 5.1).

        :param to_file: write the login to this file (atomically, readable by its owner
            only): what :meth:`persistable_login_credentials` gives, the token, base URL,
            client ID and secret, so that a client made from the file
            (``Mastodon(access_token=path)``) can also :meth:`revoke_access_token`.
        :param allow_http: allow a plain ``http://`` server that is not this machine.
        :param code_verifier: the PKCE verifier for ``code``; by default the one
            :meth:`auth_request_url` made for this client, if any.

        Returns the access token.
        """
        params = {"client_id": self.client_id, "client_secret": self.client_secret,
                  "scope": " ".join(_scope_list(scopes))}
        # Each grant sends the redirect URI, as Mastodon.py does (the server needs it
        # for a code and ignores it otherwise).
        if username is not None and password is not None and code is None and refresh_token is None:
            params.update(grant_type="password", username=username, password=password,
                          redirect_uri=redirect_uri)
            failure = "Invalid user name, password, or redirect_uris"
        elif code is not None and username is None and password is None and refresh_token is None:
            verifier = code_verifier if code_verifier is not None else getattr(self, "_pkce_verifier", None)
            params.update(grant_type="authorization_code", code=code, redirect_uri=redirect_uri,
                          code_verifier=verifier)
            failure = "Invalid access token or redirect_uris"
        elif refresh_token is not None and username is None and password is None and code is None:
            params.update(grant_type="refresh_token", refresh_token=refresh_token,
                          redirect_uri=redirect_uri)
            failure = "Invalid refresh token"
        else:
            raise MastodonIllegalArgumentError(
                "log_in needs either username and password, or code, or refresh_token")
        if self.client_id is None or self.client_secret is None:
            raise MastodonIllegalArgumentError("log_in needs the client's client_id and client_secret")
        home = self._check_oauth_url(allow_http)
        info = self._oauth_metadata(allow_http)
        grants = info.get("grant_types_supported")
        # As in Mastodon.py, only these two are judged by the metadata: a server may
        # leave refresh_token out of it and still honour the refresh tokens it issued.
        if isinstance(grants, list) and params["grant_type"] in ("password", "authorization_code") \
                and params["grant_type"] not in grants:
            offered = ", ".join(str(grant) for grant in grants) or "none"
            hint = ("; Mastodon 4.4 and later no longer accept a user name and password: use "
                    "auth_request_url() and log_in(code=...)" if params["grant_type"] == "password"
                    else "")
            raise MastodonIllegalArgumentError(
                f"the server does not offer the {params['grant_type']} grant (its OAuth "
                f"metadata offers: {offered}){hint}")
        base_url, token_path = self._oauth_endpoint(home, info, "token_endpoint", "/oauth/token")
        try:
            token = self._api_request("POST", token_path, params, auth=False,
                                      base_url=base_url, allow_http=allow_http)
        except MastodonAPIError as exc:
            if exc.status_code in (400, 401, 403):
                hint = ""
                if params["grant_type"] == "password" and "unsupported_grant_type" in str(exc):
                    hint = (" (this server does not accept password logins; use "
                            "auth_request_url() and log_in(code=...))")
                raise MastodonIllegalArgumentError(f"{failure}: {exc}{hint}") from exc
            raise
        access_token = self._take_token(token, scopes, to_file)
        self._pkce_verifier = None
        return access_token

    def revoke_access_token(self, allow_http: bool = False) -> None:
        """Revoke the client's access token on the server and forget it.

        Do this when a program is done with a token, above all an admin one. Needs the
        client ID and secret the token was issued to (a client made from the file
        :meth:`log_in` wrote has them). The token goes to the ``revocation_endpoint``
        of the server's OAuth metadata, as in Mastodon.py (on the server's own origin;
        ``/oauth/revoke`` otherwise).
        """
        if self.access_token is None:
            raise MastodonIllegalArgumentError("there is no access token to revoke")
        if self.client_id is None or self.client_secret is None:
            raise MastodonIllegalArgumentError(
                "revoke_access_token needs the client's client_id and client_secret")
        home = self._check_oauth_url(allow_http)
        info = self._oauth_metadata(allow_http)
        base_url, path = self._oauth_endpoint(home, info, "revocation_endpoint", "/oauth/revoke")
        self._api_request("POST", path, {
            "client_id": self.client_id, "client_secret": self.client_secret,
            "token": self.access_token}, auth=False, base_url=base_url, allow_http=allow_http)
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

    def _take_token(self, token: Mapping[str, Any], scopes: Scopes,
                    to_file: SecretsPath | None) -> str:
        """Use a token answer from the server: check its scopes, keep it, persist it.
        Returns the access token."""
        granted = token.get("scope")
        if granted is not None:  # absent: the requested scopes were granted (RFC 6749, 5.1)
            check_scopes(scopes, granted)
        access_token: str = token["access_token"]
        self.access_token = access_token
        self.refresh_token = token.get("refresh_token")
        if to_file is not None:  # the same content as persistable_login_credentials()
            _secrets.write_secrets_file(to_file, self.persistable_login_credentials().splitlines())
        return access_token

    @api_version("2.7.0")
    def create_account(
            self, username: str, password: str, email: str, agreement: bool = False,
            locale: str = "en", scopes: Scopes = DEFAULT_SCOPES, to_file: SecretsPath | None = None,
            reason: str | None = None, return_detailed_error: bool = False,
            date_of_birth: str | date | None = None,
    ) -> str | tuple[str | None, AccountCreationError]:
        """Register a new user account and log in as it.

        The client needs its client ID and secret; the app gets a token of its own
        first. The server usually requires ``agreement=True`` (the user accepted its
        rules) and may require a ``reason`` (approval-only registrations) or a
        ``date_of_birth`` (``"YYYY-MM-DD"``, where an age limit is set).

        :param to_file: write the new user's login to this file, as :meth:`log_in` does.
        :param return_detailed_error: return ``(token, error)`` instead of raising when
            the server refuses, as Mastodon.py does: ``token`` is ``None`` and ``error``
            the server's answer, ``error`` (the message) and ``details`` (the problems
            by field, e.g. ``{"username": [{"error": "ERR_TAKEN", ...}]}``); on success
            ``error`` is empty.

        Returns the new access token (or the pair above).
        """
        if self.client_id is None or self.client_secret is None:
            raise MastodonIllegalArgumentError(
                "create_account needs the client's client_id and client_secret")
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
                details = entities.AccountCreationErrorDetails(exc.details or {})
                return None, AccountCreationError(error=exc.error, details=details)
            raise
        access_token = self._take_token(token, scopes, to_file)
        if return_detailed_error:
            return access_token, AccountCreationError()
        return access_token

    @api_version("2.0.0")
    def app_verify_credentials(self) -> Application:
        """The app the access token belongs to: its name, website and ``vapid_key``."""
        return self._api_request("GET", "/api/v1/apps/verify_credentials")
