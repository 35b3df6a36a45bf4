"""The connection policy: which URLs this client talks to, where a credential may travel,
how TLS and proxies are set up, and what is hidden from logs and messages.

Every transport asks this module and nothing else: REST requests and their redirects
(``_client.py``), the Server-Sent Events stream (which is a REST request) and the
WebSocket stream (``streaming.py``).

The rules:

- Schemes: ``https``/``wss`` always; ``http``/``ws`` only to this machine (loopback
  addresses, ``localhost``) unless ``allow_http`` is given, since a token sent in
  cleartext can be read by anyone on the way.
- A short list of instances, as in the original library, is never contacted.
- A credential goes only to the server the user named (``api_base_url``, or the base URL
  of a secrets file): never to the default server, and never to another origin (scheme,
  host and port) after a redirect.
- TLS is always verified unless the user's own ``requests.Session`` says otherwise; its
  ``verify`` (or ``REQUESTS_CA_BUNDLE``/``CURL_CA_BUNDLE``, as ``requests`` reads them),
  ``cert`` and proxies apply to every transport alike. For REST requests, what the
  environment says is read once per host per client (:class:`SendSettings`), and again
  after ``clear_caches()``.
- Credentials never appear in logs, ``repr()`` or error messages.
"""

import hashlib
import ipaddress
import os.path
import re
import socket
import ssl
from collections.abc import Mapping
from typing import Any
from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

import requests
import requests.utils

from .errors import MastodonIllegalArgumentError

#: The original documentation's default server; used only for anonymous clients.
DEFAULT_BASE_URL = "https://mastodon.social"

# The plain-text scheme of each encrypted one and the other way round.
_CLEARTEXT = {"http": "http", "ws": "http", "https": "https", "wss": "https"}

# The original library refuses to talk to a few instances; so does this one. The list holds
# SHA-256 digests of the host's last two labels joined by a comma ("example,com").
_BLOCKED_INSTANCES = frozenset({
    "f3b50af8594eaa91dc440357a92691ff65dbfc9555226e9545b8e083dc10d2e1",
    "b96d2de9784efb5af0af56965b8616afe5469c06e7188ad0ccaee5c7cb8a56b6",
    "2dc0cbc89fad4873f665b78cc2f8b6b80fae4af9ac43c0d693edfda27275f517",
})

# (scheme, netloc, allow_http) -> True or the reason for refusing; a client talks to
# few hosts, and judging one hashes its name.
_verdicts: dict[tuple[str, str, bool], str | bool] = {}

#: TLS verification as ``requests`` takes it: on, off, or the CA bundle file or folder
#: (``None``: on).
Verify = bool | str | None
#: A client certificate as ``requests`` takes it: a file, or certificate and key files.
Cert = str | tuple[str, str]


def is_loopback(host: str | None) -> bool:
    """Whether a host name or address is this machine."""
    host = (host or "").strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def base_url(value: object) -> str:
    """A base URL as the client keeps it: with a scheme (``https://`` unless given) and
    without a trailing slash. Anything that is not an http(s) URL with a host is refused
    here, before any request."""
    text = str(value).strip()
    if "://" not in text:
        text = "https://" + text
    text = text.rstrip("/")
    split = urlsplit(text)
    try:
        split.port  # noqa: B018  (raises for a port that is not a number)
        port_ok = True
    except ValueError:
        port_ok = False
    if not port_ok or split.scheme not in ("http", "https") or not split.hostname \
            or any(c.isspace() for c in text) or split.query or split.fragment:
        raise MastodonIllegalArgumentError(
            f"{value!r} is not a server's base URL; give one like \"https://mastodon.example\"")
    return text


def check_url(url: str, allow_http: bool = False) -> None:
    """Refuse, before anything is sent, a URL this client must not talk to
    (:class:`MastodonIllegalArgumentError` with the reason). Takes http(s) and ws(s) URLs."""
    split = urlsplit(url)
    key = (split.scheme, split.netloc, bool(allow_http))
    verdict = _verdicts.get(key)
    if verdict is None:
        verdict = _verdicts[key] = _judge(split, bool(allow_http))
    if verdict is not True:
        raise MastodonIllegalArgumentError(verdict)


def _judge(split: SplitResult, allow_http: bool) -> str | bool:
    """``True`` when a URL may be used, else the reason it may not."""
    scheme = _CLEARTEXT.get(split.scheme)
    if scheme is None:
        return f"unsupported URL scheme {split.scheme!r} in {urlunsplit(split)}"
    host = (split.hostname or "").lower().rstrip(".")
    if not host:
        return f"no host in {urlunsplit(split)!r}"
    labels = host.split(".")
    if len(labels) >= 2:
        digest = hashlib.sha256(",".join(labels[-2:]).encode("utf-8")).hexdigest()
        if digest in _BLOCKED_INSTANCES:
            return (f"{host} is on the list of instances this library does not talk to "
                    "(see the original documentation's note on block lists)")
    if scheme == "http" and not allow_http and not is_loopback(host):
        return (f"refusing plain {split.scheme}:// to {host}: the access token would cross the "
                "network unencrypted. Use https://, or pass allow_http=True if you really "
                "mean it")
    return True


def same_origin(url: str, other: str) -> bool:
    """Whether two URLs have the same scheme, host and port (a credential meant for one
    may go to the other)."""
    a, b = urlsplit(url), urlsplit(other)
    return (a.scheme.lower(), a.hostname, _port(a)) == (b.scheme.lower(), b.hostname, _port(b))


def _port(split: SplitResult) -> int | None:
    return split.port or {"http": 80, "ws": 80, "https": 443, "wss": 443}.get(split.scheme.lower())


def redirect_headers(headers: Mapping[str, str], url: str, target: str) -> dict[str, str]:
    """The headers to send to a redirect's target: the same, less credentials when the
    target is another origin. A new dict: the original request is never changed."""
    if same_origin(url, target):
        return dict(headers)
    return {k: v for k, v in headers.items() if k.lower() not in _CREDENTIAL_HEADERS}


_CREDENTIAL_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization"})


def check_credential_destination(base_url_named: bool, what: str = "a credential") -> None:
    """Refuse to send a credential to a server the user did not name (the default
    server of an anonymous client)."""
    if not base_url_named:
        raise MastodonIllegalArgumentError(
            f"{what} would go to {DEFAULT_BASE_URL}, a server you did not name: pass "
            "api_base_url=\"https://your.server\" (or use a secrets file that holds the base "
            "URL). The default server is only for anonymous clients")


# --- TLS and proxies, as the requests session has them --------------------------------

def session_settings(session: requests.Session,
                     url: str) -> tuple[Verify, Cert | None, str | None]:
    """What ``requests`` uses for ``url`` with this session when the client sends a REST
    request (which passes the session's ``verify`` on explicitly): ``verify`` (the
    session's; a CA bundle from the environment only where that is ``True``), ``cert``
    and the proxy URL (or ``None``), with the environment only where the session trusts
    it."""
    http_url = _CLEARTEXT.get(urlsplit(url).scheme, "https") + url[url.index(":"):]
    # verify=None here would let REQUESTS_CA_BUNDLE override verify=False or the
    # session's own CA bundle, which a REST request never does.
    merged = session.merge_environment_settings(http_url, {}, None, session.verify, None)
    proxy = requests.utils.select_proxy(http_url, merged.get("proxies") or {})
    return merged.get("verify", True), merged.get("cert"), proxy


class SendSettings:
    """What a REST request to a host is sent with: the ``proxies``, ``verify`` and ``cert``
    that ``session.request(..., verify=session.verify)`` would work out, from the session
    and, where the session trusts it, the environment.

    ``requests`` works them out again on every call, reading the whole environment twice
    (proxies, ``NO_PROXY``) and the CA bundle variables: a large share of a small
    request. They change only when the environment or the session's own settings do, so
    a client keeps them per scheme and host, and per the session's ``trust_env``,
    ``proxies``, ``verify`` and ``cert`` (a changed session setting is a new entry). The
    environment is read again after :meth:`forget` (``clear_caches()``). A copied or
    unpickled client starts empty: it may run where the environment differs.
    """

    def __init__(self) -> None:
        self._known: dict[tuple[Any, ...], dict[str, Any]] = {}

    def __reduce__(self) -> tuple[type["SendSettings"], tuple[()]]:
        return SendSettings, ()

    def forget(self) -> None:
        """Read the environment again on the next request to each host."""
        self._known = {}

    def for_url(self, session: requests.Session, url: str) -> dict[str, Any]:
        """The ``proxies``, ``verify`` and ``cert`` keyword arguments of
        ``session.send`` for a request to ``url``; the caller may change the dict."""
        split = urlsplit(url)
        proxies = session.proxies
        cert = session.cert
        try:
            key = (split.scheme, split.netloc, session.trust_env, session.verify,
                   tuple(cert) if isinstance(cert, list) else cert,
                   tuple(proxies.items()) if proxies else ())
            known = self._known.get(key)
        except TypeError:  # a setting that cannot be a key: work it out every time
            key, known = None, None
        if known is None:
            merged = session.merge_environment_settings(url, {}, True, session.verify, None)
            known = {"proxies": merged["proxies"], "verify": merged["verify"],
                     "cert": merged["cert"]}
            if key is not None:
                self._known[key] = known
        # requests hands the proxies to adapters and hooks: they get a dict of their own.
        return {"proxies": dict(known["proxies"] or {}), "verify": known["verify"],
                "cert": known["cert"]}


def tls_context(verify: Verify, cert: Cert | None = None) -> ssl.SSLContext:
    """An ``ssl.SSLContext`` that checks servers as ``requests`` does with these
    settings: not at all for ``verify=False``; against the CA bundle file or directory a
    string names; otherwise against the bundle ``requests`` itself uses (certifi's, not
    the system's). ``cert`` is the client certificate (a path, or certificate and key)."""
    if verify is False:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    else:
        if isinstance(verify, str):
            where = verify
        else:  # types-requests leaves extract_zipped_paths unannotated: a path in, a path out
            where = requests.utils.extract_zipped_paths(  # type: ignore[no-untyped-call]
                requests.utils.DEFAULT_CA_BUNDLE_PATH)
        if os.path.isdir(where):
            context = ssl.create_default_context(capath=where)
        else:
            context = ssl.create_default_context(cafile=where)
    if isinstance(cert, str):
        context.load_cert_chain(cert)
    elif isinstance(cert, (tuple, list)) and len(cert) == 2:
        context.load_cert_chain(cert[0], cert[1])
    return context


# Proxy schemes websocket-client can speak (SOCKS needs python-socks).
_WEBSOCKET_PROXY_TYPES = frozenset({"http", "socks4", "socks4a", "socks5", "socks5h"})
# An http_no_proxy entry that matches no host name: websocket-client reads NO_PROXY from
# the environment by rules of its own when the list is empty.
_NO_HOST = [" "]


def websocket_options(session: requests.Session, url: str,
                      timeout: float | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """How websocket-client is to reach ``url`` (a ``ws(s)://`` URL the caller has
    checked) with the TLS and proxy settings the session gives its REST requests:
    ``(sslopt, options)``, the ``sslopt`` for ``WebSocket()`` (websocket-client ignores
    it in ``connect``) and the keyword arguments for ``WebSocket.connect``, which also
    leave redirects to the caller (websocket-client would follow them with the
    credentials, to any host).

    websocket-client picks a proxy from the environment by rules of its own when it is
    given none, even where ``requests`` uses none (a session that does not trust the
    environment, ``NO_PROXY`` as ``requests`` reads it). So without a proxy the
    connection is opened here, TLS and all, and handed over as ``socket``: the caller
    owns it (websocket-client closes it when the handshake fails). Raises ``OSError``
    when that connection fails."""
    verify, cert, proxy = session_settings(session, url)
    context = tls_context(verify, cert)
    sslopt: dict[str, Any] = {"context": context}
    split = urlsplit(url)
    secure = split.scheme in ("wss", "https")
    options: dict[str, Any] = {"redirect_limit": 0}
    if proxy is None:
        sock = socket.create_connection((split.hostname, split.port or (443 if secure else 80)),
                                        timeout)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if secure:
                sock = context.wrap_socket(sock, server_hostname=split.hostname)
        except BaseException:
            sock.close()
            raise
        options["socket"] = sock
        return sslopt, options
    proxy_split = urlsplit(proxy if "://" in proxy else "http://" + proxy)
    kind = proxy_split.scheme.lower()
    if kind not in _WEBSOCKET_PROXY_TYPES:
        where = proxy_split.netloc.rpartition("@")[2]  # without the proxy's credentials
        shown = urlunsplit(proxy_split._replace(netloc=where))
        why = (" (websocket-client would talk to it unencrypted, proxy credentials and all)"
               if kind == "https" else "")
        raise MastodonIllegalArgumentError(
            f"the session's proxy for {split.hostname} is {shown}: WebSocket streaming cannot "
            f"use a {kind}:// proxy{why}; use an http:// or socks5:// proxy, or "
            "transport=\"sse\"")
    options.update(http_proxy_host=proxy_split.hostname,
                   http_proxy_port=proxy_split.port or (80 if kind == "http" else 1080),
                   proxy_type=kind, http_no_proxy=_NO_HOST)
    if proxy_split.username:
        options["http_proxy_auth"] = (unquote(proxy_split.username),
                                      unquote(proxy_split.password or ""))
    return sslopt, options


# --- redaction ------------------------------------------------------------------------

#: Parameter names whose values are never logged.
SECRET_PARAMS = frozenset({"access_token", "client_secret", "password", "code", "refresh_token",
                           "token", "code_verifier"})

# Text, compiled on first use by re (which keeps it), not at import.
_SECRET_IN_TEXT = (
    r"((?:access_token|client_secret|password|code|refresh_token|token|code_verifier)=)[^&\s'\"]+")


def redact_text(text: str) -> str:
    """A message with credential values in URLs or forms replaced."""
    return re.sub(_SECRET_IN_TEXT, r"\1<redacted>", text)


def redact_params(params: Mapping[str, Any] | None) -> dict[str, Any]:
    """Parameters as they may be logged."""
    return {k: ("<redacted>" if k in SECRET_PARAMS else v) for k, v in (params or {}).items()}


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Headers as they may be logged."""
    return {k: ("<redacted>" if k.lower() in _CREDENTIAL_HEADERS else v)
            for k, v in headers.items()}
