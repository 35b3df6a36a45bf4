"""Write the return annotation of every public method of the API-area mixins.

A method's return type is the entity its endpoint answers, as ``ENDPOINTS`` in
``mastodon/return_types.py`` (generated from the API reference) says, found from the
``_api_request`` calls in its body; ``-> Status``, ``-> PaginatableList[Status]`` for a
paged list, ``-> NonPaginatableList[Tag]`` for a list the server does not page. Methods
whose result the calls do not tell (helpers, several endpoints, post-processing) are
listed in ``OVERRIDES``. Only annotations and the imports they need are written: no
behaviour, parameter or default changes. Re-run after regenerating the entities::

    python tools/annotate_returns.py           # rewrite the files
    python tools/annotate_returns.py --check   # exit 1 when an annotation is missing or stale
"""

import ast
import io
import os
import re
import sys
import tokenize

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))
PACKAGE = os.path.join(ROOT, "mastodon")
sys.path.insert(0, ROOT)

from mastodon._client import expected_shape  # noqa: E402
from mastodon.return_types import ENDPOINTS  # noqa: E402

# The modules whose mixin classes carry the API methods.
MODULES = ["_versions", "accounts", "admin", "announcements", "async_refresh", "authentication",
           "collections", "emoji", "favourites", "filters", "instance", "lists", "markers",
           "media", "notifications", "pagination", "polls", "preferences", "profile", "push",
           "relationships", "reports", "search", "statuses", "streaming_endpoints", "tags",
           "timelines", "trends"]

# method name -> annotation, where the endpoint calls do not tell (or tell wrongly).
OVERRIDES = {
    # versions
    "retrieve_mastodon_version": "Optional[str]",
    "verify_minimum_version": "bool",
    "get_supported_version": "str",
    # accounts
    "follows": "Relationship",
    # admin
    "admin_accounts": "PaginatableList[AdminAccount]",
    "admin_delete_canonical_email_block": "AttribAccessDict",
    # statuses
    "status_card": "Optional[PreviewCard]",
    "status_post": "Union[Status, ScheduledStatus]",
    "status_reply": "Union[Status, ScheduledStatus]",
    "toot": "Union[Status, ScheduledStatus]",
    "make_poll": "AttribAccessDict",
    "status_delete": "Status",
    "status_update": "Status",
    "status_quote_revoke": "Status",
    "get_status_length": "int",
    "generate_media_edit_attributes": "AttribAccessDict",
    # timelines
    "timeline": "PaginatableList[Status]",
    "timeline_home": "PaginatableList[Status]",
    "timeline_local": "PaginatableList[Status]",
    "timeline_public": "PaginatableList[Status]",
    "timeline_hashtag": "PaginatableList[Status]",
    "timeline_list": "PaginatableList[Status]",
    "timeline_is_available": "bool",
    # notifications
    "notifications": "Union[PaginatableList[Notification], Notification]",
    # media
    "media_post": "MediaAttachment",
    "media_update": "MediaAttachment",
    # push
    # (their alerts are made booleans after the request)
    "push_subscription": "WebPushSubscription",
    "push_subscription_set": "WebPushSubscription",
    "push_subscription_update": "WebPushSubscription",
    # pagination: the same kind of result as the page given
    "fetch_next": "Any",
    "fetch_previous": "Any",
    "fetch_remaining": "Any",
    "get_pagination_info": "Optional[AttribAccessDict]",
    "pagination_page_iterator": "Iterator[Any]",
    "pagination_iterator": "Iterator[Any]",
    # results the method computes from the answer
    "account_update_credentials": "CredentialAccount",
    "me": "CredentialAccount",
    "account_delete_avatar": "CredentialAccount",
    "account_delete_header": "CredentialAccount",
    "admin_domain_blocks": "Union[PaginatableList[AdminDomainBlock], AdminDomainBlock]",
    "get_async_refresh_info": "Optional[tuple[AsyncRefresh, float]]",
    "get_async_refresh_status": "AsyncRefresh",
    "await_async_refresh": "Any",
    "create_app": "tuple[str, str]",
    "auth_request_url": "str",
    "log_in": "str",
    "revoke_access_token": "None",
    "persistable_login_credentials": "str",
    "create_account": "Union[str, tuple[Optional[str], AccountCreationError]]",
    # the instance information goes through the one helper that reads (and keeps) it
    "instance": "Union[InstanceV2, Instance]",
    "instance_v1": "Instance",
    "instance_v2": "InstanceV2",
    "oauth_authorization_server_info": "OAuthServerInfo",
    "unread_grouped_notifications_count": "int",
    "notifications_merged": "bool",
    "profile_update": "Profile",
    "filters_apply": "AttribAccessList[Any]",
    "update_filter_v2": "FilterV2",
    "instance_activity": "NonPaginatableList[AttribAccessDict]",
    "instance_peers": "NonPaginatableList[str]",
    "instance_languages": "NonPaginatableList[AttribAccessDict]",
    "instance_translation_languages": "AttribAccessDict",
    "instance_health": "bool",
    "instance_nodeinfo": "AttribAccessDict",
    "oauth_userinfo": "AttribAccessDict",
    "server_software": "tuple[str, str]",
    "markers_get": "AttribAccessDict",
    "markers_set": "AttribAccessDict",
    "decode_blurhash": "list[list[list[float]]]",
    "preferences": "Preferences",
    "annual_reports": "AttribAccessDict",
    "annual_report": "AttribAccessDict",
    "annual_report_state": "AttribAccessDict",
    "annual_report_generate": "AttribAccessDict",
    "account_collections": "AttribAccessDict",
    "account_in_collections": "AttribAccessDict",
    "collection_create": "AttribAccessDict",
    "collection_update": "AttribAccessDict",
    "collection_delete": "AttribAccessDict",
    "collection_item_add": "AttribAccessDict",
    "collection_item_delete": "AttribAccessDict",
    "collection_item_revoke": "AttribAccessDict",
    "push_subscription_generate_keys": "tuple[AttribAccessDict, AttribAccessDict]",
    "push_subscription_decrypt_push": "AttribAccessDict",
    "domain_blocks": "PaginatableList[str]",
    "suggestions": "NonPaginatableList[Account]",
    "reports": "NonPaginatableList[Report]",
    "search": "SearchV2",
    "search_v1": "AttribAccessDict",
    "stream_user": "Optional[StreamHandle]",
    "stream_user_notifications": "Optional[StreamHandle]",
    "stream_public": "Optional[StreamHandle]",
    "stream_local": "Optional[StreamHandle]",
    "stream_hashtag": "Optional[StreamHandle]",
    "stream_list": "Optional[StreamHandle]",
    "stream_direct": "Optional[StreamHandle]",
    "stream_open_websocket": "StreamHandle",
    "stream_healthy": "bool",
    "trending_tags": "NonPaginatableList[Tag]",
    "trending_statuses": "NonPaginatableList[Status]",
    "trending_links": "NonPaginatableList[TrendingLink]",
}

_CONTAINERS = {"one": "{}", "list": "NonPaginatableList[{}]", "page": "PaginatableList[{}]"}


def _compile_endpoints():
    table = []
    for method, path, name, shape in ENDPOINTS:
        regex = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
        names = name.split("|")
        inner = names[0] if len(names) == 1 else f"Union[{', '.join(names)}]"
        table.append((path.count("{"), method, regex, _CONTAINERS[shape].format(inner)))
    table.sort(key=lambda row: row[0])
    return table


_TABLE = _compile_endpoints()


def endpoint_annotation(method, template):
    """The annotation for what ``method template`` answers, or None (a trailing slash
    does not count, as for the server)."""
    probe = template.replace("{}", "x")
    if len(probe) > 1 and probe.endswith("/"):
        probe = probe.rstrip("/")
    if expected_shape(method, probe) == "empty":
        return "None"  # an empty answer becomes None (mastodon/_shapes.py)
    for _, row_method, regex, annotation in _TABLE:
        if row_method == method and regex.match(probe):
            return annotation
    return None


def _template(node):
    """An endpoint path as written in the call, with ``{}`` for what it interpolates."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def infer(function):
    """The annotation the ``_api_request`` calls of a method give, or None. Only a method
    that returns what ``_api_request`` returned, unchanged, is inferred."""
    for node in ast.walk(function):
        if isinstance(node, ast.Return):
            call = node.value
            if not (isinstance(call, ast.Call) and getattr(call.func, "attr", "") == "_api_request"):
                return None
    found = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "_api_request":
            if len(node.args) < 2 or not isinstance(node.args[0], ast.Constant):
                return None
            template = _template(node.args[1])
            annotation = endpoint_annotation(node.args[0].value, template) if template else None
            if annotation is None:
                return None
            found.add(annotation)
    return found.pop() if len(found) == 1 else None


def public_methods(tree):
    for cls in tree.body:
        if isinstance(cls, ast.ClassDef) and cls.name.endswith("Mixin"):
            for node in cls.body:
                if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                    yield node


def _signature_end(tokens, function):
    """Token indexes of the signature's closing ``)`` and of its final ``:``."""
    index = next(i for i, t in enumerate(tokens)
                 if t.start[0] == function.lineno and t.string == "def")
    while tokens[index].string != "(":
        index += 1
    depth = 0
    while True:
        token = tokens[index]
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1
        elif token.type == tokenize.OP and token.string in ")]}":
            depth -= 1
            if depth == 0:
                break
        index += 1
    close = index
    depth = 0
    while True:
        index += 1
        token = tokens[index]
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1
        elif token.type == tokenize.OP and token.string in ")]}":
            depth -= 1
        elif token.type == tokenize.OP and token.string == ":" and depth == 0:
            return close, index


_TYPING = ("Any", "Iterator", "Optional", "Union")
_RESULTS = {"AttribAccessDict", "AttribAccessList", "MastodonId"}


def annotate_source(source, module):
    """The module's source with every public mixin method annotated, and the problems."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    edits, problems, used = [], [], set()
    for function in public_methods(tree):
        annotation = OVERRIDES.get(function.name) or infer(function)
        if annotation is None:
            problems.append(f"{module}.{function.name}: no return type known; add it to OVERRIDES")
            continue
        used.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", annotation))
        close, colon = _signature_end(tokens, function)
        start, end = tokens[close].end, tokens[colon].start
        edits.append((start, end, f" -> {annotation}"))

    def offset(position):
        row, col = position
        return sum(len(line) for line in lines[:row - 1]) + col

    text = source
    for start, end, replacement in sorted(edits, key=lambda e: offset(e[0]), reverse=True):
        line_start = text.rfind("\n", 0, offset(start)) + 1
        line_end = text.index("\n", offset(end))
        line = text[line_start:offset(start)] + replacement + text[offset(end):line_end]
        text = text[:line_start] + _reflow(line) + text[line_end:]
    return _with_imports(text, used), problems


MAX_LINE = 99


def _reflow(line):
    """A signature's last line, broken after commas where it is too long; continuation
    lines line up after the opening parenthesis, as elsewhere in the code."""
    if len(line) <= MAX_LINE:
        return line
    stripped = line.lstrip()
    opening = line.index("(") if stripped.startswith("def ") else None
    column = opening + 1 if opening is not None else len(line) - len(stripped)
    out = []
    while len(line) > MAX_LINE:
        depth, quote, best = 0, None, None
        for position, char in enumerate(line):
            if quote:
                quote = None if char == quote else quote
            elif char in "\"'":
                quote = char
            elif char in "([{":
                depth += 1
            elif char in ")]}":
                depth -= 1
            elif char == "," and depth == (1 if opening is not None else 0) \
                    and position + 1 <= MAX_LINE and position > column:
                best = position + 1
        if best is None:
            break
        out.append(line[:best].rstrip())
        line = " " * column + line[best:].lstrip()
        opening = None
    out.append(line)
    return "\n".join(out)


def _module_names(text):
    """Names the module defines or imports itself (not through our import lines)."""
    names = set()
    lines = text.split("\n")
    for node in ast.parse(text).body:
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module == "return_types":
            continue
        if isinstance(node, ast.ImportFrom) and node.module == "typing" and \
                lines[node.end_lineno - 1].endswith("# return annotations"):
            continue  # our own line: written anew
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
    return names


def _with_imports(text, used):
    """Add (or update) the two import lines the annotations need."""
    builtin = {"str", "int", "bool", "float", "dict", "list", "tuple", "None"}
    used = set(used) - _module_names(text)
    typing_names = sorted(n for n in used if n in _TYPING)
    entity_names = sorted(n for n in used if n not in _TYPING and n not in builtin)
    lines = text.split("\n")
    # Drop the imports an earlier run wrote; they are written anew below.
    drop = set()
    for node in ast.parse(text).body:
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module == "return_types":
            drop.update(range(node.lineno - 1, node.end_lineno))
        elif isinstance(node, ast.ImportFrom) and node.module == "typing" and \
                lines[node.end_lineno - 1].endswith("# return annotations"):
            drop.update(range(node.lineno - 1, node.end_lineno))
    lines = [line for number, line in enumerate(lines) if number not in drop]
    if not typing_names and not entity_names:
        return "\n".join(lines)
    tree = ast.parse("\n".join(lines))
    imports = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    stdlib = [node for node in imports if not (isinstance(node, ast.ImportFrom) and node.level)
              and not _third_party(node)]
    last_import = max(node.end_lineno for node in imports)
    inserts = []
    if entity_names:
        inserts.append((last_import, _wrap_import(".return_types", entity_names)))
    if typing_names:
        line = f"from typing import {', '.join(typing_names)}  # return annotations"
        if stdlib:
            inserts.append((max(node.end_lineno for node in stdlib), line))
        else:
            # The first import of the module: below its docstring, which must stay first.
            first = tree.body[0]
            docstring = isinstance(first, ast.Expr) and isinstance(getattr(first, "value", None),
                                                                  ast.Constant)
            inserts.append((first.end_lineno if docstring else 0, "\n" + line))
    for after, block in sorted(inserts, reverse=True):
        lines[after:after] = block.split("\n")
    text = "\n".join(lines)
    # An earlier run's line, dropped above, leaves its blank line behind.
    return re.sub(r"(# return annotations\n)\n\n+", r"\1\n", text) if typing_names else text


def _third_party(node):
    name = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
    return (name or "").split(".")[0] in ("requests", "urllib3", "blurhash", "cryptography",
                                          "http_ece", "websocket")


def _wrap_import(module, names):
    line = f"from {module} import {', '.join(names)}"
    if len(line) <= MAX_LINE:
        return line
    head = f"from {module} import ("
    out, current = [], head
    for name in names:
        piece = name + ", "
        if len(current) + len(piece.rstrip()) > MAX_LINE - 1:
            out.append(current.rstrip())
            current = " " * len(head)
        current += piece
    out.append(current.rstrip(", ") + ")")
    return "\n".join(out)


def main(argv):
    check = "--check" in argv
    stale, problems = [], []
    for module in MODULES:
        path = os.path.join(PACKAGE, module + ".py")
        source = open(path, encoding="utf-8").read()
        text, found = annotate_source(source, module)
        problems += found
        if text != source:
            stale.append(module)
            if not check:
                with open(path, "w", encoding="utf-8") as out:
                    out.write(text)
    for problem in problems:
        print(problem)
    if check:
        print("stale: " + ", ".join(stale) if stale else "up to date")
        return 1 if stale or problems else 0
    print(f"{len(stale)} modules changed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
