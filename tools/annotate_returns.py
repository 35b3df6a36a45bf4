"""Write the return annotation of every public method of the API-area mixins.

A method's return type is what the transport gives for its endpoint's answer, as the
endpoint table (``mastodon/_endpoint_table.py``, generated from the API reference) says,
found from the ``_api_request`` calls in its body: ``-> Status``, ``-> PaginatableList[Status]``
for a paged list, ``-> NonPaginatableList[Tag]`` for a list the server does not page,
``-> None`` for an empty answer. Methods whose result the calls do not tell (helpers,
several endpoints, post-processing) are listed in ``OVERRIDES``.

Only annotations and the imports they need are written: no behaviour, parameter or
default changes. An annotation that is already right is left as it is (however its line
is laid out); imports the annotations need are added to the module's import block where
ruff's isort puts them, and none are removed (ruff reports those no longer used). Re-run
after regenerating the endpoint table::

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
sys.path[:0] = [HERE, ROOT]
from source_style import LINE_LENGTH, from_import, module_key  # noqa: E402

from mastodon._endpoints import endpoint_facts  # noqa: E402


def _mixin_modules():
    """The package's modules (``"accounts"``, ``"streaming/base"``) that define an API-area
    mixin class (``class XxxMixin(ClientBase)``): the ones whose methods carry the API."""
    found = []
    for directory, subdirectories, filenames in os.walk(PACKAGE):
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith(("_", ".")))
        for filename in sorted(filenames):
            if not filename.endswith(".py"):
                continue
            path = os.path.join(directory, filename)
            with open(path, encoding="utf-8") as f:
                tree = ast.parse(f.read())
            if any(isinstance(node, ast.ClassDef) and node.name.endswith("Mixin")
                   and any(getattr(base, "id", None) == "ClientBase" for base in node.bases)
                   for node in tree.body):
                found.append(os.path.relpath(path, PACKAGE)[:-3].replace(os.sep, "/"))
    return sorted(found)


MODULES = _mixin_modules()

# method name -> annotation, where the endpoint calls do not tell (or tell wrongly).
OVERRIDES = {
    # versions
    "retrieve_mastodon_version": "str | None",
    "verify_minimum_version": "bool",
    "get_supported_version": "str",
    # accounts
    "follows": "Relationship",
    # admin
    "admin_accounts": "PaginatableList[AdminAccount]",
    "admin_delete_canonical_email_block": "AttribAccessDict",
    # statuses
    "status_card": "PreviewCard | None",
    "status_post": "Status | ScheduledStatus",
    "status_reply": "Status | ScheduledStatus",
    "toot": "Status | ScheduledStatus",
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
    "notifications": "PaginatableList[Notification] | Notification",
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
    "get_pagination_info": "AttribAccessDict | None",
    "pagination_page_iterator": "Iterator[Any]",
    "pagination_iterator": "Iterator[Any]",
    # results the method computes from the answer
    "account_update_credentials": "CredentialAccount",
    "me": "CredentialAccount",
    "account_delete_avatar": "CredentialAccount",
    "account_delete_header": "CredentialAccount",
    "admin_domain_blocks": "PaginatableList[AdminDomainBlock] | AdminDomainBlock",
    "get_async_refresh_info": "tuple[AsyncRefresh, float] | None",
    "get_async_refresh_status": "AsyncRefresh",
    "await_async_refresh": "Any",
    "create_app": "tuple[str, str]",
    "auth_request_url": "str",
    "log_in": "str",
    "revoke_access_token": "None",
    "persistable_login_credentials": "str",
    "create_account": "str | tuple[str | None, AccountCreationError]",
    # the instance information goes through the one helper that reads (and keeps) it
    "instance": "InstanceV2 | Instance",
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
    "stream_user": "StreamHandle | WebSocketSubscription | None",
    "stream_user_notifications": "StreamHandle | WebSocketSubscription | None",
    "stream_public": "StreamHandle | WebSocketSubscription | None",
    "stream_local": "StreamHandle | WebSocketSubscription | None",
    "stream_hashtag": "StreamHandle | WebSocketSubscription | None",
    "stream_list": "StreamHandle | WebSocketSubscription | None",
    "stream_direct": "StreamHandle | WebSocketSubscription | None",
    "stream_open_websocket": "StreamHandle",
    "stream_healthy": "bool",
    "trending_tags": "NonPaginatableList[Tag]",
    "trending_statuses": "NonPaginatableList[Status]",
    "trending_links": "NonPaginatableList[TrendingLink]",
}

_CONTAINERS = {"dict": "{}", "list": "NonPaginatableList[{}]", "page": "PaginatableList[{}]"}


def endpoint_annotation(method, template):
    """The annotation for what ``method template`` answers (``{}`` where the path
    interpolates a value), or None where the endpoint table does not tell."""
    facts = endpoint_facts(method, template.replace("{}", "x"))
    if facts is None:
        return None
    entity, shape = facts
    if shape == "empty":
        return "None"  # an empty answer becomes None
    if not entity:
        return None
    return _CONTAINERS[shape].format(" | ".join(entity.split("|")))


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


# Where the names the annotations use come from, but for the entity classes (and the list
# types) of mastodon.return_types.
_SOURCES = {"Any": "typing", "Iterator": "collections.abc"}
_BUILTINS = {"str", "int", "bool", "float", "dict", "list", "tuple", "None"}


def _same_annotation(node, text):
    return node is not None and ast.unparse(node) == ast.unparse(ast.parse(text, mode="eval"))


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
        if _same_annotation(function.returns, annotation):
            continue  # right already: its line stays as its author laid it out
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
    return _with_imports(text, used - _BUILTINS), problems


def _reflow(line):
    """A signature's last line, broken after commas where it is too long; continuation
    lines line up after the opening parenthesis, as elsewhere in the code."""
    if len(line) <= LINE_LENGTH:
        return line
    stripped = line.lstrip()
    opening = line.index("(") if stripped.startswith("def ") else None
    column = opening + 1 if opening is not None else len(line) - len(stripped)
    out = []
    while len(line) > LINE_LENGTH:
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
                    and position + 1 <= LINE_LENGTH and position > column:
                best = position + 1
        if best is None:
            break
        out.append(line[:best].rstrip())
        line = " " * column + line[best:].lstrip()
        opening = None
    out.append(line)
    return "\n".join(out)


# --- imports, as ruff's isort lays them out ---------------------------------------------

_SECTIONS = ("future", "standard", "third", "first", "local")


def _section(node):
    if isinstance(node, ast.ImportFrom) and node.level:
        return "local"
    name = (node.module if isinstance(node, ast.ImportFrom) else node.names[0].name) or ""
    top = name.split(".")[0]
    if top == "__future__":
        return "future"
    if top == "mastodon":
        return "first"
    return "standard" if top in sys.stdlib_module_names else "third"


def _module_of(node):
    return "." * node.level + (node.module or "")


def _bound_names(tree):
    """The names the module binds at its top level (also under ``if``/``try``)."""
    names = set()
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for target in targets for t in ast.walk(target)
                         if isinstance(t, ast.Name))
        elif isinstance(node, (ast.If, ast.Try)):
            pending += node.body + node.orelse + getattr(node, "handlers", []) \
                + getattr(node, "finalbody", [])
        elif isinstance(node, ast.ExceptHandler):
            pending += node.body
    return names


def _with_imports(text, used):
    """The module with the names ``used`` imported: each added to the module's ``from``
    import of its source, or in a new one placed as ruff's isort places it."""
    wanted = {}
    for name in sorted(used - _bound_names(ast.parse(text))):
        wanted.setdefault(_SOURCES.get(name, ".return_types"), []).append(name)
    for module, names in sorted(wanted.items()):
        text = _import_into(text, module, names)
    return text


def _import_into(text, module, names):
    lines = text.split("\n")
    tree = ast.parse(text)
    imports = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    for node in imports:
        if isinstance(node, ast.ImportFrom) and _module_of(node) == module:
            # Add to it, laid out as ruff lays out the longer statement: a statement
            # written one name per line (with its trailing comma) stays so.
            first, last = node.lineno - 1, node.end_lineno
            source = "\n".join(lines[first:last])
            comment = re.search(r"#.*$", lines[first]).group(0) if "#" in lines[first] else ""
            present = [f"{a.name} as {a.asname}" if a.asname else a.name for a in node.names]
            statement = from_import(module, present + names, comment,
                                    vertical=bool(re.search(r",\s*\)\s*$", source)))
            return "\n".join(lines[:first] + statement.split("\n") + lines[last:])
    statement = from_import(module, names).split("\n")
    section = "local" if module.startswith(".") else "standard"
    rank = _SECTIONS.index(section)
    same = [node for node in imports if _section(node) == section]
    if same:
        key = module_key(module)
        later = [node for node in same if isinstance(node, ast.ImportFrom)
                 and module_key(_module_of(node)) > key]
        if later:
            at = later[0].lineno - 1
        else:
            at = same[-1].end_lineno
        return "\n".join(lines[:at] + statement + lines[at:])
    # A section of its own: before the first import of a later section, or after the last
    # of an earlier one, a blank line between them.
    after = [node for node in imports if _SECTIONS.index(_section(node)) > rank]
    if after:
        at = after[0].lineno - 1
        return "\n".join(lines[:at] + statement + [""] + lines[at:])
    before = [node for node in imports if _SECTIONS.index(_section(node)) < rank]
    if before:
        at = before[-1].end_lineno
    else:  # no import at all: below the docstring
        first = tree.body[0] if tree.body else None
        docstring = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
        at = first.end_lineno if docstring else 0
    return "\n".join(lines[:at] + [""] + statement + lines[at:])


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
