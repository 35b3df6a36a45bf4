"""How the tools lay out the Python source they write: as the project's linter (ruff, with
the rules in pyproject.toml) wants it, so that generated and rewritten files need no fix-up
and ``ruff check --fix`` never changes them behind a generator's back.

- ``from_import``: a ``from x import a, b`` statement as ruff's isort writes it (names in
  its order, on one line where it fits, else one per line with a trailing comma);
- ``member_key`` and ``module_key``: isort's order of the names of one import and of the
  modules of one section;
- ``literal``: a Python value (tuples, lists, dicts of strings and numbers) as source,
  broken one item per line where it does not fit;
- ``class_field``: an ``X: T`` line, parenthesised and broken at ``|`` where it is long;
- ``pep604``: ``Optional[X]`` and ``Union[X, Y]`` written as ``X | None`` and ``X | Y``.
"""

import ast
import os
import re
import tomllib

_PYPROJECT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pyproject.toml")
with open(_PYPROJECT, "rb") as _config:
    # The line length ruff checks (E501), from the one place it is set.
    LINE_LENGTH = tomllib.load(_config)["tool"]["ruff"]["line-length"]


def _natural(text):
    """isort's "natural" order: runs of digits compare as numbers (``v2`` before ``v10``)."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def member_key(name):
    """Where a name goes among those of one ``from`` import (ruff's ``order-by-type``):
    constants (``ALL_CAPS``), then classes (``CamelCase``), then the rest, each group in
    case-insensitive natural order."""
    bare = name.split(" as ")[0]
    if len(bare) > 1 and bare.isupper():
        kind = 0
    elif bare[:1].isupper():
        kind = 1
    else:
        kind = 2
    return kind, _natural(bare.lower()), name


def module_key(module):
    """Where a ``from`` import goes among those of its section: relative imports from the
    furthest package first, then by module name, case-insensitively."""
    dots = len(module) - len(module.lstrip("."))
    return -dots, _natural(module.lstrip(".").lower()), module


def from_import(module, names, comment="", vertical=False):
    """``from module import names`` as ruff's isort writes it: on one line when it fits
    (and ``vertical`` is false: a statement written one name per line stays so, as ruff
    keeps it for its trailing comma), else one name per line."""
    names = sorted(set(names), key=member_key)
    tail = f"  {comment}" if comment else ""
    line = f"from {module} import {', '.join(names)}"
    if not vertical and len(line + tail) <= LINE_LENGTH:
        return line + tail
    return "\n".join([f"from {module} import ({tail}"] + [f"    {name}," for name in names] + [")"])


def literal(value, indent=0, prefix="", suffix=""):
    """``prefix``, ``value`` as Python source and ``suffix``, at column ``indent``: on one
    line where that fits, else the value's items one per line, each laid out the same way
    (so a long table stays within the line length)."""
    pad = " " * indent
    flat = f"{pad}{prefix}{value!r}{suffix}"
    if len(flat) <= LINE_LENGTH or not isinstance(value, (tuple, list, dict)) or not value:
        return flat
    opening, closing = {tuple: "()", list: "[]", dict: "{}"}[type(value)]
    lines = [f"{pad}{prefix}{opening}"]
    if isinstance(value, dict):
        lines += [literal(item, indent + 4, f"{key!r}: ", ",") for key, item in value.items()]
    else:
        lines += [literal(item, indent + 4, "", ",") for item in value]
    return "\n".join(lines + [f"{pad}{closing}{suffix}"])


def class_field(name, text, indent=4):
    """The line (or lines) ``name: text`` of a class body, at column ``indent``: a type too
    long for one line is parenthesised, with its ``|`` members on lines of their own where
    even that is too long."""
    pad = " " * indent
    line = f"{pad}{name}: {text}"
    if len(line) <= LINE_LENGTH:
        return line
    inner = pad + "    "
    if len(inner + text) <= LINE_LENGTH:
        return f"{pad}{name}: (\n{inner}{text}\n{pad})"
    members = text.split(" | ")
    return f"{pad}{name}: (\n{inner}" + f"\n{inner}| ".join(members) + f"\n{pad})"


class _Pep604(ast.NodeTransformer):
    def visit_Subscript(self, node):
        self.generic_visit(node)
        name = node.value.id if isinstance(node.value, ast.Name) else None
        if name not in ("Optional", "Union"):
            return node
        members = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if name == "Optional":
            members = [*members, ast.Constant(None)]
        joined = members[0]
        for member in members[1:]:
            joined = ast.BinOp(joined, ast.BitOr(), member)
        return joined


def pep604(text):
    """An annotation with ``Optional[X]`` as ``X | None`` and ``Union[X, Y]`` as
    ``X | Y`` (ruff's UP045 and UP007), everything else as it was."""
    if "Optional[" not in text and "Union[" not in text:
        return text
    tree = _Pep604().visit(ast.parse(text, mode="eval"))
    return ast.unparse(tree)
