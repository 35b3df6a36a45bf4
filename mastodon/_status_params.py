"""The parameters of statuses as they are sent: visibilities, quote policies, polls,
media IDs and media attributes, scheduled times and mentions, checked before sending so
that a mistake fails here with a clear message rather than at the server.

Used by the statuses mixins (``statuses.py``, ``statuses_posting.py``)."""

import base64
import re
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from datetime import datetime, timedelta
from typing import Any

from ._params import unpack_id
from ._uploads import focus_param, prepare_upload
from .errors import MastodonIllegalArgumentError
from .types_base import IdType, PathOrFile

# Least to most restrictive; a reply never gets a wider audience than its parent.
VISIBILITIES = ("public", "unlisted", "private", "direct")
# Pleroma and Akkoma also know "local" (visible on the home server only).
PLEROMA_VISIBILITIES = VISIBILITIES + ("local",)
REBLOG_VISIBILITIES = ("public", "unlisted", "private")
QUOTE_APPROVAL_POLICIES = ("public", "followers", "nobody")

# Media to attach: one media dict or ID, or a list (or tuple) of them.
MediaIds = IdType | Sequence[IdType]
# status_update()'s media_attributes: one entry or a list of them.
MediaAttributes = dict[str, Any] | Iterable[dict[str, Any]]


def check_visibility(visibility: str | None, allowed: tuple[str, ...],
                     what: str = "visibility") -> str | None:
    """The visibility in lower case, or an error when the server would not know it."""
    if visibility is None:
        return None
    value = str(visibility).lower()
    if value not in allowed:
        raise MastodonIllegalArgumentError(
            f"{what} must be one of {', '.join(allowed)}, not {visibility!r}")
    return value


def check_quote_approval_policy(policy: str) -> str:
    """The policy, or an error when it is not one Mastodon knows."""
    if policy not in QUOTE_APPROVAL_POLICIES:
        raise MastodonIllegalArgumentError(
            f"quote_approval_policy must be one of {', '.join(QUOTE_APPROVAL_POLICIES)}, "
            f"not {policy!r}")
    return policy


def check_scheduled_at(scheduled_at: object) -> datetime:
    """Refuse what is not a time. How far ahead it must be is the server's judgement
    (Mastodon wants five minutes, by its own clock, and says so when refusing)."""
    if not isinstance(scheduled_at, datetime):
        raise MastodonIllegalArgumentError(
            f"scheduled_at must be a datetime, not {type(scheduled_at).__name__}")
    return scheduled_at


def check_poll_options(options: object, expires_in: object) -> tuple[list[str], int]:
    """The options as a list and the duration in seconds, or an error."""
    if isinstance(options, (str, bytes)) or not isinstance(options, (list, tuple)):
        raise MastodonIllegalArgumentError("poll options must be a list of strings")
    if len(options) < 2:
        raise MastodonIllegalArgumentError("a poll needs at least two options")
    if not all(isinstance(option, str) and option for option in options):
        raise MastodonIllegalArgumentError("every poll option must be a non-empty string")
    if isinstance(expires_in, timedelta):
        expires_in = int(expires_in.total_seconds())
    if isinstance(expires_in, bool) or not isinstance(expires_in, int) or expires_in <= 0:
        raise MastodonIllegalArgumentError(
            f"poll expires_in must be a positive number of seconds, not {expires_in!r}")
    return list(options), expires_in


def poll_params(poll: object) -> dict[str, Any]:
    """The poll as sent: options, duration and both flags (a JSON object)."""
    if not isinstance(poll, dict) or "options" not in poll or "expires_in" not in poll:
        raise MastodonIllegalArgumentError(
            "poll must be a dict with 'options' and 'expires_in', as make_poll() returns")
    options, expires_in = check_poll_options(poll["options"], poll["expires_in"])
    return {"options": options, "expires_in": expires_in,
            "multiple": bool(poll.get("multiple")), "hide_totals": bool(poll.get("hide_totals"))}


def media_id_list(media_ids: MediaIds | None) -> list[Any] | None:
    """A list of media IDs from one ID, one media dict, or a list of either."""
    if media_ids is None:
        return None
    listed = media_ids if isinstance(media_ids, (list, tuple)) else [media_ids]
    return [unpack_id(media) for media in listed] or None


def mentioned(acct: str, text: str) -> bool:
    """Whether ``text`` already mentions ``acct`` (and not merely a longer handle)."""
    pattern = r"(?<![\w@])@" + re.escape(acct) + r"(?![\w@-]|\.\w)"
    return re.search(pattern, text, re.IGNORECASE) is not None


# --- editing -------------------------------------------------------------------------

def _media_attribute(entry: object) -> dict[str, Any]:
    """One ``media_attributes`` entry as sent (in a JSON body): the focal point as
    ``"x,y"``, a thumbnail as a ``data:`` URI."""
    if not isinstance(entry, dict) or unpack_id(entry.get("id")) is None:
        raise MastodonIllegalArgumentError(
            "every media_attributes entry must be a dict with the media's 'id', as "
            "generate_media_edit_attributes() returns")
    unknown = set(entry) - {"id", "description", "focus", "thumbnail"}
    if unknown:
        raise MastodonIllegalArgumentError(
            f"media_attributes entries take id, description, focus and thumbnail, "
            f"not {', '.join(sorted(unknown))}")
    attribute: dict[str, Any] = {"id": str(unpack_id(entry["id"]))}
    if entry.get("description") is not None:
        attribute["description"] = entry["description"]
    focus = entry.get("focus")
    if focus is not None:
        attribute["focus"] = focus if isinstance(focus, str) else focus_param(focus)
    thumbnail = entry.get("thumbnail")
    if thumbnail is not None:
        if not (isinstance(thumbnail, str) and thumbnail.startswith("data:")):
            thumbnail = thumbnail_data_uri(thumbnail, None)
        attribute["thumbnail"] = thumbnail
    return attribute


def thumbnail_data_uri(thumbnail: PathOrFile | bytes, mime_type: str | None) -> str:
    """A thumbnail (a path, bytes or a binary file object) as a ``data:`` URI, the form
    Mastodon takes inside a JSON ``media_attributes`` entry (and Mastodon.py sends)."""
    with ExitStack() as stack:
        _, content, mime_type = prepare_upload(thumbnail, mime_type, None, "thumbnail", stack)
        if not isinstance(content, bytes):
            content = content.read()
    return f"data:{mime_type};base64,{base64.b64encode(content).decode('ascii')}"


def media_attributes_params(media_attributes: MediaAttributes | None) -> list[dict[str, Any]] | None:
    """The ``media_attributes`` entries as sent (one dict or a list of them), or
    ``None``."""
    if media_attributes is None:
        return None
    entries = [media_attributes] if isinstance(media_attributes, dict) else media_attributes
    return [_media_attribute(entry) for entry in entries] or None
