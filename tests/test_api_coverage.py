"""Every operation of the Mastodon API has a method, or a reason in the exclusion list.

The operations are those of the API reference beside the repository: the OpenAPI file,
and the documentation's pages (``methods/*.md`` and ``methods/admin/*.md``), whose
sections each start with the request line of one operation (``GET /api/v1/...``). The
pages add the admin API and the removed endpoints the OpenAPI file lacks.

Which operations have a method is found by using them: every public method of
``Mastodon`` is called against a catch-all recording server, with plausible arguments
made from its signature (``ARGUMENTS`` gives those a signature cannot tell, and extra
calls where one method chooses between endpoints), once as a client of a current server
and once as one of an old server (where methods fall back to the endpoints old servers
have). An operation is covered when a request matched its path template.

Operations that need no method are in tests/api_coverage_exclusions.py, each with its
reason: removed endpoints and browser pages only.
"""

import inspect
import json
import os
import re
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from mastodon import Mastodon, StreamListener

from .api_coverage_exclusions import NO_METHOD, REFERENCE_ERRATA
from .guards import no_remote_connections
from .servers import Reply, ScriptedServer

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference"
OPENAPI = REFERENCE / "mastodon-api-openapi.json"
PAGES = REFERENCE / "mastodon-docs" / "methods"

HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# The client's server versions for the two sweeps: one current (the newest the reference
# describes), one old enough for every fallback to an endpoint that newer servers lack.
CURRENT, OLD = "4.7.0", "2.0.0"
CALL_TIMEOUT = 30  # seconds; against a server that answers at once, none comes near it

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(64))

# Arguments a signature cannot tell (a value the method checks before sending), and extra
# calls where one method sends to different endpoints: method name -> one dict of keyword
# arguments per call. Required parameters not given here come from plain_argument().
ARGUMENTS = {
    "admin_create_canonical_email_block": [{"email": "spam@example.com"}],
    "admin_dimensions": [{"languages": True}],
    "admin_measures": [{"active_users": True}],
    "admin_update_report": [{"category": "spam"}],
    "create_filter_v2": [{"filter_action": "warn"}],
    "domain_block": [{"domain": "spam.example"}],
    "domain_unblock": [{"domain": "spam.example"}],
    "log_in": [{"username": "alice@example.com", "password": "secret"}],
    "markers_set": [{"timelines": "home"}],
    "status_update_quote_approval_policy": [{"quote_approval_policy": "public"}],
    "instance_terms_of_service": [{}, {"date": "2025-04-15"}],
    "stream_hashtag": [{}, {"local": True}],
    "stream_public": [{}, {"remote": True}],
}

# Values by parameter name, for required parameters (a callable is called for each use).
BY_NAME = {
    "listener": StreamListener,
    "start_at": date(2025, 1, 1),
    "end_at": date(2025, 1, 31),
    "scheduled_at": lambda: datetime.now(UTC) + timedelta(days=1),
    "year": 2024,
    "media_file": PNG,
    "ip": "192.0.2.0/24",
    "severity": "sign_up_block",
    "options": ["yes", "no"],
    "expires_in": 3600,
    "choices": 0,
    "email": "alice@example.com",
    "url": "https://news.example/article",
    "uri": "alice@example.com",
    "acct": "alice@example.com",
    "endpoint": "https://push.example/subscription",
    "encrypt_params": {"pubkey": "BEk", "auth": "c2VjcmV0"},
    "context": ["home"],
    "timelines": "home",
    "last_read_ids": "1",
}


@pytest.fixture(scope="module")
def reference():
    """The Mastodon API reference beside the repo. CI always has it there, so with ``CI``
    set its absence fails the test, as in test_return_types.py: a skip there would hide
    an operation without a method."""
    if not OPENAPI.exists() or not PAGES.is_dir():
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(f"CI is set, but the Mastodon API reference is not at {REFERENCE}")
        pytest.skip(f"the Mastodon API reference is not at {REFERENCE}")
    return REFERENCE


# --- the operations of the reference ---------------------------------------------------

def template(path):
    """A path template as the OpenAPI file spells it: ``/statuses/:id`` becomes
    ``/statuses/{id}``; a query in the request line (``?url=:url``) is dropped."""
    return re.sub(r":(\w+)", r"{\1}", path.split("?", 1)[0])


def skeleton(path):
    """The template with its parameters unnamed, for comparing templates whose
    parameters are named differently (``{id}``, ``{account_id}``)."""
    return re.sub(r"\{[^}]+\}", "{}", path)


def openapi_operations():
    """``{(method, template): where}`` of the OpenAPI file."""
    spec = json.loads(OPENAPI.read_text(encoding="utf-8"))
    return {(method.upper(), path): "the OpenAPI file"
            for path, item in spec["paths"].items()
            for method in item if method.upper() in HTTP_METHODS}


_SECTION = re.compile(r"^#{2,3} ", re.MULTILINE)
_HTTP_BLOCK = re.compile(r"^```http\n(.*?)^```", re.MULTILINE | re.DOTALL)
_REQUEST_LINE = re.compile(rf"^({'|'.join(HTTP_METHODS)}) (/\S*)(?: HTTP/1\.1)?$")


def page_request_lines():
    """``(method, template, where)`` of each ``##`` (or, where a page groups them,
    ``###``) section of the reference pages whose first ``http`` block is a request
    line, as the page prints it."""
    for page in sorted([*PAGES.glob("*.md"), *PAGES.glob("admin/*.md")]):
        name = page.relative_to(PAGES).as_posix()
        for section in _SECTION.split(page.read_text(encoding="utf-8"))[1:]:
            block = _HTTP_BLOCK.search(section)
            request = block and _REQUEST_LINE.match(block.group(1).strip().splitlines()[0])
            if request:  # not: no block, or e.g. the WebSocket address of the streaming page
                heading = section.splitlines()[0].split(" {")[0]
                yield request.group(1), template(request.group(2)), f"methods/{name}: {heading}"


def page_operations():
    """``{(method, template): where}`` of the reference pages, misprints corrected."""
    found = {}
    for method, path, where in page_request_lines():
        found.setdefault(REFERENCE_ERRATA.get((method, path), (method, path)), where)
    return found


def reference_operations():
    """Every operation, once: ``{(method, template): where}``, in the OpenAPI file's
    spelling where it has the operation, and where a page describes it."""
    pages = {(method, skeleton(path)): (path, where)
             for (method, path), where in page_operations().items()}
    operations = {}
    for method, path in openapi_operations():
        _, where = pages.pop((method, skeleton(path)), (path, "the OpenAPI file"))
        operations[(method, path)] = where
    for (method, _), (path, where) in pages.items():
        operations[(method, path)] = where
    return operations


def matcher(path_template):
    """A regex for the paths of a template: a parameter is one path segment, and a
    trailing slash is allowed (the server routes ``/x/`` as ``/x``)."""
    parts = re.split(r"\{[^}]+\}", path_template)
    return re.compile("^" + "[^/]+".join(re.escape(part) for part in parts) + "/?$")


# --- calling every method --------------------------------------------------------------

def public_methods():
    """The names of ``Mastodon``'s public methods (properties left out)."""
    return sorted(name for name in dir(Mastodon) if not name.startswith("_")
                  and not isinstance(inspect.getattr_static(Mastodon, name), property)
                  and callable(getattr(Mastodon, name)))


def plain_argument(name, parameter, server_url):
    """A plausible value for a required parameter: by its name, else by its type (an ID
    for an ID type, a word for text)."""
    if name == "api_base_url":
        return server_url
    if name in BY_NAME:
        value = BY_NAME[name]
        return value() if callable(value) else value
    annotation = parameter.annotation
    text = annotation if isinstance(annotation, str) else repr(annotation)
    if "MastodonId" in text or "IdType" in text:
        return "1"
    if annotation is int:
        return 1
    if annotation is bool:
        return True
    return "x"


def calls_of(name, server_url):
    """The keyword arguments of each call of one method."""
    signature = inspect.signature(getattr(Mastodon, name))
    calls = []
    for given in ARGUMENTS.get(name, [{}]):
        kwargs = dict(given)
        for pname, parameter in signature.parameters.items():
            if pname in kwargs or pname == "self" or parameter.kind in (
                    parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                continue
            if parameter.default is parameter.empty or pname == "api_base_url":
                kwargs[pname] = plain_argument(pname, parameter, server_url)
        calls.append(kwargs)
    return calls


def call_in_thread(method, kwargs):
    """Call ``method(**kwargs)`` and wait for it at most ``CALL_TIMEOUT`` seconds.
    Returns ``(returned, what it raised or None)``; any answer will do (the catch-all
    server's ``{}`` is rarely the right one), since the request was sent all the same."""
    outcome = {}

    def call():
        try:
            method(**kwargs)
        except Exception as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=call, daemon=True)
    worker.start()
    worker.join(CALL_TIMEOUT)
    return not worker.is_alive(), outcome.get("error")


def sweep(version):
    """Call every public method once per entry of its calls, each on a fresh client of
    a server that runs ``version``. Returns ``(sent, silent, hung)``: the ``(method,
    path)`` of every request, the methods that sent nothing (with what they raised,
    if anything) and those that did not return."""
    server = ScriptedServer().start()
    server.default = Reply(200, {})
    # Registering an account first asks for an app token; with it, the sign-up is sent.
    server.routes[("POST", "/oauth/token")] = Reply(
        200, {"access_token": "app-token", "token_type": "Bearer", "scope": "read write",
              "created_at": 1700000000})
    silent, hung = {}, []
    try:
        for name in public_methods():
            for kwargs in calls_of(name, server.url):
                api = Mastodon(access_token="user-token", client_id="client-id",
                               client_secret="client-secret", api_base_url=server.url,
                               mastodon_version=version, version_check_mode="created",
                               max_retries=0, request_timeout=10)
                before = len(server.requests)
                returned, error = call_in_thread(getattr(api, name), kwargs)
                if not returned:
                    hung.append(name)
                elif len(server.requests) == before:
                    silent[name] = error
        sent = {(request.method, request.path) for request in server.requests}
    finally:
        server.stop()
    return sent, silent, hung


@pytest.fixture(scope="module")
def sweeps():
    """The requests of both sweeps, with no connection beyond this machine."""
    with no_remote_connections() as attempts:
        current = sweep(CURRENT)
        old = sweep(OLD)
    assert attempts == [], f"the sweep tried to reach other machines: {attempts}"
    return {CURRENT: current, OLD: old}


def covered(operation, sent):
    method, path_template = operation
    regex = matcher(path_template)
    return any(sent_method == method and regex.match(path) for sent_method, path in sent)


def excluded(operation):
    return (operation[0], skeleton(operation[1])) in {(m, skeleton(p)) for m, p in NO_METHOD}


# --- the tests -------------------------------------------------------------------------

def test_the_reference_is_read(reference):
    spec, pages = openapi_operations(), page_operations()
    # Parsing that quietly found nothing would pass everything.
    assert len(spec) > 200 and len(pages) > 250
    assert ("GET", "/api/v1/statuses/{id}") in spec
    assert pages[("POST", "/api/v1/admin/reports/{id}/resolve")].startswith(
        "methods/admin/reports.md: Mark report as resolved")
    assert ("GET", "/api/v1/timelines/link") in pages  # its request line has a query
    # The pages describe the admin API and the removed endpoints the OpenAPI file lacks.
    everything = reference_operations()
    assert ("GET", "/api/v1/search") in everything and ("GET", "/api/v1/search") not in spec
    assert ("DELETE", "/api/v1/admin/accounts/{id}") in everything


def test_the_sweep_finds_the_methods_of_a_few_known_operations(sweeps):
    sent, _, hung = sweeps[CURRENT]
    assert hung == []
    assert ("GET", "/api/v1/statuses/1") in sent
    assert ("POST", "/api/v1/admin/reports/1/resolve") in sent
    assert ("GET", "/api/v1/instance/terms_of_service/2025-04-15") in sent
    assert not covered(("GET", "/api/v1/no_such_endpoint/{id}"), sent)
    old_sent, _, old_hung = sweeps[OLD]
    assert old_hung == []
    assert ("GET", "/api/v1/search") in old_sent - sent  # search() on a 2.x server


def test_every_operation_has_a_method_or_a_reason(reference, sweeps):
    sent = sweeps[CURRENT][0] | sweeps[OLD][0]
    missing = [f"{method} {path} ({where})"
               for (method, path), where in sorted(reference_operations().items(),
                                                   key=lambda item: (item[0][1], item[0][0]))
               if not covered((method, path), sent) and not excluded((method, path))]
    # Methods that raised before sending, in both sweeps: an argument may be missing.
    silent = {name: error for name, error in sweeps[CURRENT][1].items()
              if error is not None and name in sweeps[OLD][1]}
    assert missing == [], (
        f"{len(missing)} operations of the API reference have no method (add one, or, "
        "for a removed endpoint or a browser page, an entry in "
        "tests/api_coverage_exclusions.py):\n  " + "\n  ".join(missing)
        + "\n\nmethods that raised before sending (is a value for ARGUMENTS missing?):\n  "
        + "\n  ".join(f"{name}: {error!r}" for name, error in sorted(silent.items())))


def test_the_exclusions_are_still_needed(reference, sweeps):
    in_reference = {(method, skeleton(path)) for method, path in reference_operations()}
    sent = sweeps[CURRENT][0] | sweeps[OLD][0]
    for operation, reason in NO_METHOD.items():
        assert reason.strip(), f"{operation}: an exclusion needs its reason"
        assert (operation[0], skeleton(operation[1])) in in_reference, (
            f"{operation} is no longer in the API reference: drop its exclusion")
        assert not covered(operation, sent), (
            f"{operation} has a method now: drop its exclusion")


def test_the_errata_are_still_needed(reference):
    spec = openapi_operations()
    printed = {(method, path) for method, path, _ in page_request_lines()}
    for wrong, right in REFERENCE_ERRATA.items():
        assert wrong in printed, f"the pages no longer print {wrong}: drop the erratum"
        assert right in spec, f"{right}, the correction of {wrong}, is not in the OpenAPI file"


def test_the_docs_name_every_operation_that_needs_no_method():
    # Needs no reference: the exclusion list and the page users read agree.
    page = (ROOT / "docs" / "api_coverage.rst").read_text(encoding="utf-8")
    for method, path in NO_METHOD:
        assert f"``{method} {path}``" in page, f"docs/api_coverage.rst does not name {method} {path}"
