"""Entity fields that Mastodon 4.6 and 4.7 added are in the entity classes, with their
version history, and a result that has them gives them back typed."""

import re
import typing
from datetime import datetime
from pathlib import Path

from mastodon import return_types as rt
from mastodon._results import parse_json

from .test_return_types import api_reference

RETURN_TYPES = Path(rt.__file__).read_text(encoding="utf-8")
_FIELD = re.compile(r"### `([^`]+)`[^\n]*\n(.*?)(?=\n#|\Z)", re.S)
_ADDED = re.compile(r"(4\.[67]\.\d+) - added")


def recent_fields(reference):
    """``{(page, field): version}`` for the top-level fields the entity pages say 4.6 or
    4.7 added."""
    found = {}
    for page in sorted((reference / "mastodon-docs" / "entities").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        # The entity's own fields; sections after it describe other entities.
        start = text.find("\n## Attributes")
        end = text.find("\n## ", start + 1)
        for match in _FIELD.finditer(text[start:end if end > 0 else None]):
            name, body = match.groups()
            added = _ADDED.search(body)
            if added and re.fullmatch(r"\w+", name):
                found[(page.stem, name)] = added.group(1)
    return found


def test_every_recent_top_level_field_is_in_its_class():
    fields = recent_fields(api_reference())
    assert len(fields) >= 5  # the reference lists some: a parser that finds none is broken
    missing = []
    for (page, name), version in fields.items():
        # The Instance page describes the v2 format (InstanceV2).
        classes = [c for c in (getattr(rt, page + "V2", None), getattr(rt, page, None)) if c]
        if not classes:
            continue  # an entity page of a class named otherwise (checked by the generator)
        cls = next((c for c in classes if name in typing.get_type_hints(c)), classes[0])
        if name not in typing.get_type_hints(cls):
            if f"``result['{name}']``" in (cls.__doc__ or ""):
                continue  # a field whose name is a dict method's: documented as an item
            missing.append(f"{page}.{name} (added in {version})")
            continue
        if cls.__name__ not in (page, page + "V2"):
            continue  # merged into an older entity of the same fields (ShallowTag: StatusTag)
        # The field's docstring carries its version history.
        block = RETURN_TYPES[RETURN_TYPES.index(f"class {cls.__name__}("):]
        doc = block[block.index(f"    {name}:"):][:400]
        if f"Added in Mastodon {version}" not in doc.replace("\n    ", " "):
            missing.append(f"{page}.{name}: no 'Added in Mastodon {version}'")
    assert missing == []


def test_recent_fields_come_back_typed():
    account = parse_json(b'{"id": "1", "username": "a", "acct": "a", "display_name": "",'
                         b' "avatar_description": "a cat", "header_description": "hills",'
                         b' "url": "https://x.example/@a", "created_at": "2026-01-01T00:00:00.000Z",'
                         b' "note": "", "followers_count": 0}')
    assert type(account) is rt.Account and account.avatar_description == "a cat"
    relationship = parse_json(b'{"id": "1", "following": false, "muting": true,'
                              b' "muting_expires_at": "2026-12-31T10:00:00.000Z",'
                              b' "blocking": false, "requested": false}')
    assert isinstance(relationship.muting_expires_at, datetime)
    assert relationship.muting_expires_at.tzinfo is not None
    hints = typing.get_type_hints(rt.Status)
    assert "tagged_collections" in hints and "Collection" in str(hints["tagged_collections"])
