"""Keyword filters (v1): reading, creating, changing and deleting them, and applying
them to statuses on the client side."""

import re
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser

from ._client import path_id
from ._results import AttribAccessList, parse_date
from ._versions import api_version
from .errors import MastodonIllegalArgumentError

# Where a v1 filter can apply; "account" (profile pages) exists since Mastodon 3.1.0.
FILTER_CONTEXTS = ("home", "notifications", "public", "thread", "account")


def _check_context(context, name="context"):
    """A list of valid filter contexts (a single string is taken as a one-item list)."""
    if isinstance(context, str):
        context = [context]
    try:
        context = list(context)
    except TypeError:
        raise MastodonIllegalArgumentError(
            f"{name} must be a list of filter contexts, not {context!r}") from None
    if not context:
        raise MastodonIllegalArgumentError(
            f"{name} needs at least one of {', '.join(FILTER_CONTEXTS)}")
    invalid = [c for c in context if c not in FILTER_CONTEXTS]
    if invalid:
        raise MastodonIllegalArgumentError(
            f"invalid filter context {invalid!r}: use one or more of {', '.join(FILTER_CONTEXTS)}")
    return context


def _check_expires_in(expires_in):
    """Seconds as an int; a ``timedelta`` is converted."""
    if expires_in is None:
        return None
    if isinstance(expires_in, timedelta):
        expires_in = expires_in.total_seconds()
    if isinstance(expires_in, bool) or not isinstance(expires_in, (int, float)) or expires_in <= 0:
        raise MastodonIllegalArgumentError(
            f"expires_in must be a positive number of seconds (or a timedelta), not {expires_in!r}")
    return int(round(expires_in))


class _TextExtractor(HTMLParser):
    """Plain text of status HTML: tags dropped, entities decoded, line breaks and
    paragraph ends kept as whitespace so that words on either side stay apart."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "p"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "p":
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def _html_to_text(html):
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    return "".join(extractor.parts)


def _filter_pattern(filt):
    """The regular expression of one filter's phrase (case-insensitive; whole-word
    filters match only at word boundaries, where the phrase starts or ends with a
    word character, as Mastodon's own clients do)."""
    phrase = filt["phrase"]
    expression = re.escape(phrase)
    if filt.get("whole_word"):
        if re.match(r"\w", phrase):
            expression = r"\b" + expression
        if re.search(r"\w$", phrase):
            expression = expression + r"\b"
    return expression


def _is_expired(filt, now):
    expires_at = filt.get("expires_at")
    if expires_at is None:
        return False
    if not isinstance(expires_at, datetime):
        expires_at = parse_date(expires_at)
        if not isinstance(expires_at, datetime):
            return False
    if expires_at.tzinfo is None:
        expires_at = expires_at.replace(tzinfo=timezone.utc)
    return expires_at <= now


def _searchable_text(status):
    """What a filter is matched against: the content warning, the text, the poll's
    options and the media descriptions, of the status and of the status it boosts."""
    parts = []
    for item in (status, status.get("reblog")):
        if not isinstance(item, dict):
            continue
        parts.append(item.get("spoiler_text") or "")
        parts.append(_html_to_text(item.get("content") or ""))
        poll = item.get("poll")
        if isinstance(poll, dict):
            parts.extend(option.get("title") or "" for option in poll.get("options") or ())
        for media in item.get("media_attachments") or ():
            if isinstance(media, dict):
                parts.append(media.get("description") or "")
    return "\n".join(part for part in parts if part)


class FiltersMixin:
    """Keyword filters (v1)."""

    # --- reading ---------------------------------------------------------------

    @api_version("2.4.3", "4.0.0")
    def filters(self):
        """The logged-in user's keyword filters.

        Since Mastodon 4.0 each entry stands for one keyword of a (v2) filter.

        Returns a list of filter dicts.
        """
        return self._api_request("GET", "/api/v1/filters")

    @api_version("2.4.3", "4.0.0")
    def filter(self, id):
        """One keyword filter.

        :param id: the filter's ID (or the filter dict).

        Returns a filter dict.
        """
        return self._api_request("GET", f"/api/v1/filters/{path_id(id)}")

    def filters_apply(self, objects, filters, context):
        """Drop the statuses that a set of filters hides in one context. This runs on
        the client and sends no request.

        A status is dropped when one of the ``filters`` that applies in ``context``
        (and has not expired) matches its text, content warning, poll options or
        media descriptions, or those of the status it boosts. Matching ignores case
        and, for filters with ``whole_word`` set, respects word boundaries. HTML in
        the status text is reduced to plain text first.

        :param objects: a list of toot dicts, or of notification dicts (whose
            ``status`` is checked; notifications without a status are kept).
        :param filters: a list of filter dicts, e.g. from :meth:`filters`.
        :param context: where the objects are shown: ``"home"``,
            ``"notifications"``, ``"public"``, ``"thread"`` or ``"account"``.

        Returns the objects that pass, in their order, as a list that keeps the
        pagination info of ``objects``.
        """
        if context not in FILTER_CONTEXTS:
            raise MastodonIllegalArgumentError(
                f"invalid filter context {context!r}: use one of {', '.join(FILTER_CONTEXTS)}")
        now = datetime.now(timezone.utc)
        expressions = [_filter_pattern(f) for f in filters or ()
                       if f.get("phrase") and context in (f.get("context") or ())
                       and not _is_expired(f, now)]
        matcher = re.compile("|".join(expressions), re.IGNORECASE) if expressions else None

        kept = AttribAccessList()
        for obj in objects:
            status = obj.get("status") if "status" in obj else obj
            if (matcher is not None and isinstance(status, dict)
                    and matcher.search(_searchable_text(status))):
                continue
            kept.append(obj)
        for attr in ("_pagination_next", "_pagination_prev"):
            info = getattr(objects, attr, None)
            if info is not None:
                setattr(kept, attr, info)
        return kept

    # --- writing ---------------------------------------------------------------

    @api_version("2.4.3", "4.0.0")
    def filter_create(self, phrase, context, irreversible=False, whole_word=True, expires_in=None):
        """Create a keyword filter.

        :param phrase: the word or phrase to filter.
        :param context: where the filter applies: a list of one or more of
            ``"home"``, ``"notifications"``, ``"public"``, ``"thread"`` and
            ``"account"`` (Mastodon 3.1.0 and newer).
        :param irreversible: let the server drop matching statuses from the home
            timeline and notifications for good, instead of leaving the hiding to
            clients.
        :param whole_word: match the phrase only as whole words (the default here,
            unlike the server's, which is why it is always sent).
        :param expires_in: seconds (or a ``timedelta``) until the filter expires; it
            never does when not given.

        Returns the new filter dict.
        """
        if not phrase:
            raise MastodonIllegalArgumentError("filter_create needs a non-empty phrase")
        params = {
            "phrase": phrase,
            "context": _check_context(context),
            "irreversible": True if irreversible else None,
            "whole_word": bool(whole_word),
            "expires_in": _check_expires_in(expires_in),
        }
        return self._api_request("POST", "/api/v1/filters", params)

    @api_version("2.4.3", "4.0.0")
    def filter_update(self, id, phrase=None, context=None, irreversible=None, whole_word=None,
                      expires_in=None):
        """Change a keyword filter. Only the values given are sent; the others stay as
        they are.

        :param id: the filter's ID (or the filter dict).
        :param phrase: the new word or phrase.
        :param context: the new list of contexts (see :meth:`filter_create`).
        :param irreversible: whether the server drops matching statuses for good.
        :param whole_word: whether the phrase matches whole words only.
        :param expires_in: seconds (or a ``timedelta``) from now until the filter
            expires.

        Since Mastodon 4.0, changing ``context``, ``irreversible`` or ``expires_in``
        fails for a filter that holds more than one keyword.

        Returns the updated filter dict.
        """
        if phrase is not None and not phrase:
            raise MastodonIllegalArgumentError("filter_update: the phrase cannot be empty")
        params = {
            "phrase": phrase,
            "context": _check_context(context) if context is not None else None,
            "irreversible": None if irreversible is None else bool(irreversible),
            "whole_word": None if whole_word is None else bool(whole_word),
            "expires_in": _check_expires_in(expires_in),
        }
        return self._api_request("PUT", f"/api/v1/filters/{path_id(id)}", params)

    @api_version("2.4.3")
    def filter_delete(self, id):
        """Delete a keyword filter.

        On Mastodon 4.0 and newer this removes the keyword from its (v2) filter.

        :param id: the filter's ID (or the filter dict).

        Returns an empty dict.
        """
        return self._api_request("DELETE", f"/api/v1/filters/{path_id(id)}")
