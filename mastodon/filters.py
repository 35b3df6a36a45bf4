"""Keyword filters (v1): reading, creating, changing and deleting them, and applying
them to statuses on the client side."""

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from ._base import ClientBase
from ._params import path_id, unpack_id
from ._results import AttribAccessList, parse_date
from ._versions import api_version, require_version
from .errors import MastodonIllegalArgumentError
from .return_types import Filter, FilterKeyword, FilterStatus, FilterV2, NonPaginatableList
from .types_base import IdType

# Where a v1 filter can apply; "account" (profile pages) exists since Mastodon 3.1.0.
FILTER_CONTEXTS = ("home", "notifications", "public", "thread", "account")
# What clients do with a status a v2 filter matches; "blur" exists since Mastodon 4.4.0.
FILTER_ACTIONS = ("warn", "hide", "blur")
_KEYWORD_KEYS = frozenset({"keyword", "whole_word", "id", "_destroy"})

# Where a filter applies: a list of contexts (one context alone stands for a list of it).
_Contexts = str | Iterable[str]
# Keywords of a v2 filter: dicts (keyword, whole_word, id, _destroy), or strings, each
# standing for {"keyword": string}.
_Keywords = Iterable[str | dict[str, Any]]


def _check_context(context: _Contexts, name: str = "context") -> list[str]:
    """A list of valid filter contexts (a single string is taken as a one-item list)."""
    try:
        contexts = [context] if isinstance(context, str) else list(context)
    except TypeError:
        raise MastodonIllegalArgumentError(
            f"{name} must be a list of filter contexts, not {context!r}") from None
    if not contexts:
        raise MastodonIllegalArgumentError(
            f"{name} needs at least one of {', '.join(FILTER_CONTEXTS)}")
    invalid = [c for c in contexts if c not in FILTER_CONTEXTS]
    if invalid:
        raise MastodonIllegalArgumentError(
            f"invalid filter context {invalid!r}: use one or more of {', '.join(FILTER_CONTEXTS)}")
    return contexts


def _check_expires_in(expires_in: object) -> int | None:
    """Seconds as an int; a ``timedelta`` is converted."""
    if expires_in is None:
        return None
    if isinstance(expires_in, timedelta):
        expires_in = expires_in.total_seconds()
    if isinstance(expires_in, bool) or not isinstance(expires_in, (int, float)) or expires_in <= 0:
        raise MastodonIllegalArgumentError(
            f"expires_in must be a positive number of seconds (or a timedelta), not {expires_in!r}")
    return int(round(expires_in))


def _is_plain_id(value: object) -> bool:
    """Whether a value can stand as an ID in a request body."""
    return (value is not None and not isinstance(value, (dict, list, tuple, set, bool))
            and bool(str(value).strip()))


def _keywords_attributes(keywords: _Keywords | None,
                         creating: bool) -> list[dict[str, Any]] | None:
    """The ``keywords_attributes`` of a v2 filter as a list of plain dicts.

    Each entry adds a keyword (``keyword``, ``whole_word``); on update, one with an
    ``id`` changes that keyword, or removes it with ``_destroy``. A string stands for
    ``{"keyword": string}``.
    """
    if keywords is None:
        return None
    items: list[object]
    try:
        items = [keywords] if isinstance(keywords, (str, dict)) else list(keywords)
    except TypeError:
        raise MastodonIllegalArgumentError(
            f"keywords_attributes must be a list of keyword dicts, not {keywords!r}") from None
    entries = []
    for item in items:
        if isinstance(item, str):
            item = {"keyword": item}
        if not isinstance(item, dict):
            raise MastodonIllegalArgumentError(
                f"each of keywords_attributes must be a dict (or a string), not {item!r}")
        unknown = sorted(set(item) - _KEYWORD_KEYS)
        if unknown:
            raise MastodonIllegalArgumentError(
                f"unknown keys {unknown} in keywords_attributes: "
                "use keyword, whole_word, id, _destroy")
        entry = {key: item[key] for key in ("id", "keyword", "whole_word", "_destroy")
                 if item.get(key) is not None}
        if "keyword" in entry and (not isinstance(entry["keyword"], str)
                                   or not entry["keyword"].strip()):
            raise MastodonIllegalArgumentError(
                f"a keyword must be a non-empty string, not {entry['keyword']!r}")
        for flag in ("whole_word", "_destroy"):
            if flag in entry:
                entry[flag] = bool(entry[flag])
        if creating:
            if "id" in entry or "_destroy" in entry:
                raise MastodonIllegalArgumentError(
                    "a new filter's keywords cannot have an id or _destroy: those change "
                    "existing keywords (use update_filter_v2)")
            if "keyword" not in entry:
                raise MastodonIllegalArgumentError(f"a keyword entry needs a keyword: {item!r}")
        else:
            if entry.get("_destroy") and "id" not in entry:
                raise MastodonIllegalArgumentError(
                    f"removing a keyword (_destroy) needs its id: {item!r}")
            if "id" not in entry and "keyword" not in entry:
                raise MastodonIllegalArgumentError(
                    "a keyword entry needs a keyword (to add one) or an id (to change one): "
                    f"{item!r}")
            if "id" in entry:
                keyword_id = entry["id"]
                if not _is_plain_id(keyword_id):
                    raise MastodonIllegalArgumentError(
                        f"a keyword's id must be an ID, not {keyword_id!r}")
                entry["id"] = str(keyword_id)
            if entry.get("_destroy") is False:
                del entry["_destroy"]
        entries.append(entry)
    return entries


def _html_to_text(html: str) -> str:
    from ._html_text import html_to_text  # html.parser on first use, not at import

    return html_to_text(html)


def _filter_pattern(filt: dict[str, Any]) -> str:
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


def _is_expired(filt: dict[str, Any], now: datetime) -> bool:
    expires_at = filt.get("expires_at")
    if expires_at is None:
        return False
    if not isinstance(expires_at, datetime):
        expires_at = parse_date(expires_at)
        if not isinstance(expires_at, datetime):
            return False
    if expires_at.tzinfo is None:
        expires_at = expires_at.replace(tzinfo=UTC)
    return expires_at <= now


def _searchable_text(status: dict[str, Any]) -> str:
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


class FiltersMixin(ClientBase):
    """Keyword filters (v1)."""

    # --- reading ---------------------------------------------------------------

    @api_version("2.4.3", "4.0.0")
    def filters(self) -> NonPaginatableList[Filter]:
        """The logged-in user's keyword filters.

        Since Mastodon 4.0 each entry stands for one keyword of a (v2) filter.

        Returns a list of filter dicts.
        """
        return self._api_request("GET", "/api/v1/filters")

    @api_version("2.4.3", "4.0.0")
    def filter(self, id: IdType) -> Filter:
        """One keyword filter.

        :param id: the filter's ID (or the filter dict).

        Returns a filter dict.
        """
        return self._api_request("GET", f"/api/v1/filters/{path_id(id)}")

    def filters_apply(self, objects: Iterable[dict[str, Any]], filters: Iterable[dict[str, Any]],
                      context: str) -> AttribAccessList[Any]:
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
        now = datetime.now(UTC)
        expressions = [_filter_pattern(f) for f in filters or ()
                       if f.get("phrase") and context in (f.get("context") or ())
                       and not _is_expired(f, now)]
        matcher = re.compile("|".join(expressions), re.IGNORECASE) if expressions else None

        kept: AttribAccessList[Any] = AttribAccessList()
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
    def filter_create(self, phrase: str, context: _Contexts, irreversible: bool = False,
                      whole_word: bool = True,
                      expires_in: float | timedelta | None = None) -> Filter:
        """Create a keyword filter.

        :param phrase: the word or phrase to filter.
        :param context: where the filter applies: a list of one or more of
            ``"home"``, ``"notifications"``, ``"public"``, ``"thread"`` and
            ``"account"`` (Mastodon 3.1.0 and newer).
        :param irreversible: let the server drop matching statuses from the home
            timeline and notifications for good, instead of leaving the hiding to
            clients.
        :param whole_word: match the phrase only as whole words.
        :param expires_in: seconds (or a ``timedelta``) until the filter expires; it
            never does when not given.

        Both flags are always sent, as Mastodon.py sends them. Returns the new filter
        dict.
        """
        if not phrase:
            raise MastodonIllegalArgumentError("filter_create needs a non-empty phrase")
        params = {
            "phrase": phrase,
            "context": _check_context(context),
            "irreversible": irreversible,
            "whole_word": whole_word,
            "expires_in": _check_expires_in(expires_in),
        }
        return self._api_request("POST", "/api/v1/filters", params)

    @api_version("2.4.3", "4.0.0")
    def filter_update(self, id: IdType, phrase: str | None = None,
                      context: _Contexts | None = None, irreversible: bool | None = None,
                      whole_word: bool | None = None,
                      expires_in: float | timedelta | None = None) -> Filter:
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
    def filter_delete(self, id: IdType) -> None:
        """Delete a keyword filter.

        On Mastodon 4.0 and newer this removes the keyword from its (v2) filter.

        :param id: the filter's ID (or the filter dict).

        Returns ``None``, as Mastodon.py does (the server answers with nothing).
        """
        return self._api_request("DELETE", f"/api/v1/filters/{path_id(id)}")

    # --- filters v2 (Mastodon 4.0 and newer) --------------------------------------
    # A v2 filter is a group: a title, contexts, an action, and any number of keywords
    # and statuses. The server matches it and marks statuses with ``filtered``.

    @api_version("4.0.0")
    def filters_v2(self) -> NonPaginatableList[FilterV2]:
        """The logged-in user's filters (v2), each with its keywords and statuses.

        Returns a list of filter dicts (v2): ``id``, ``title``, ``context``,
        ``expires_at``, ``filter_action`` (``"warn"``, ``"hide"`` or ``"blur"``),
        ``keywords`` (filter keyword dicts) and ``statuses`` (filter status dicts).
        """
        return self._api_request("GET", "/api/v2/filters")

    @api_version("4.0.0")
    def filter_v2(self, filter_id: IdType) -> FilterV2:
        """One filter (v2).

        :param filter_id: the filter's ID (or the filter dict).

        Returns a filter dict (v2), as :meth:`filters_v2` describes it.
        """
        return self._api_request("GET", f"/api/v2/filters/{path_id(filter_id, 'filter_id')}")

    @api_version("4.0.0")
    def filter_keywords_v2(self, filter_id: IdType) -> NonPaginatableList[FilterKeyword]:
        """The keywords of a filter (v2).

        :param filter_id: the filter's ID (or the filter dict).

        Returns a list of filter keyword dicts: ``id``, ``keyword`` and
        ``whole_word``.
        """
        return self._api_request(
            "GET", f"/api/v2/filters/{path_id(filter_id, 'filter_id')}/keywords")

    @api_version("4.0.0")
    def filter_statuses_v2(self, filter_id: IdType) -> NonPaginatableList[FilterStatus]:
        """The statuses a filter (v2) hides by ID.

        :param filter_id: the filter's ID (or the filter dict).

        Returns a list of filter status dicts: ``id`` (of the entry) and
        ``status_id``.
        """
        return self._api_request(
            "GET", f"/api/v2/filters/{path_id(filter_id, 'filter_id')}/statuses")

    @api_version("4.0.0")
    def filter_status_v2(self, filter_status_id: IdType) -> FilterStatus:
        """One status entry of a filter (v2).

        :param filter_status_id: the entry's ID (or the filter status dict); not
            the status's ID.

        Returns a filter status dict: ``id`` and ``status_id``.
        """
        return self._api_request(
            "GET", f"/api/v2/filters/statuses/{path_id(filter_status_id, 'filter_status_id')}")

    @api_version("4.0.0", "4.4.0")
    def create_filter_v2(self, title: str, context: _Contexts, filter_action: str | None,
                         expires_in: float | timedelta | None = None,
                         keywords_attributes: _Keywords | None = None) -> FilterV2:
        """Create a filter (v2), with keywords if wanted.

        :param title: the filter's name.
        :param context: where it applies: a list of one or more of ``"home"``,
            ``"notifications"``, ``"public"``, ``"thread"`` and ``"account"``.
        :param filter_action: what clients do with a matching status: ``"warn"``
            (show it behind a warning with the filter's title), ``"hide"`` (leave it
            out) or ``"blur"`` (hide its media behind a warning; Mastodon 4.4.0 and
            newer). ``None`` leaves the choice to the server (``"warn"``).
        :param expires_in: seconds (or a ``timedelta``) until the filter expires; it
            never does when not given.
        :param keywords_attributes: the keywords to add: a list of dicts with
            ``keyword`` and, optionally, ``whole_word`` (match whole words only; the
            server's default is ``True``). A plain string stands for
            ``{"keyword": string}``.

        The request is sent as JSON, since the keywords are nested objects that a
        form body cannot express unambiguously.

        Returns the new filter dict (v2).
        """
        if not isinstance(title, str) or not title.strip():
            raise MastodonIllegalArgumentError(
                "create_filter_v2 needs a title (a non-empty string)")
        params = {
            "title": title,
            "context": _check_context(context),
            "filter_action": self._filter_action(filter_action),
            "expires_in": _check_expires_in(expires_in),
            "keywords_attributes": _keywords_attributes(keywords_attributes, creating=True),
        }
        return self._api_request("POST", "/api/v2/filters", params, use_json=True)

    @api_version("4.0.0", "4.4.0")
    def update_filter_v2(self, filter_id: IdType, title: str | None = None,
                         context: _Contexts | None = None, filter_action: str | None = None,
                         expires_in: float | timedelta | None = None,
                         keywords_attributes: _Keywords | None = None) -> FilterV2:
        """Change a filter (v2). Only what is given is sent; the rest stays as it is.

        :param filter_id: the filter's ID (or the filter dict).
        :param title: the new name.
        :param context: the new list of contexts (see :meth:`create_filter_v2`).
        :param filter_action: ``"warn"``, ``"hide"`` or ``"blur"`` (Mastodon 4.4.0
            and newer).
        :param expires_in: seconds (or a ``timedelta``) from now until the filter
            expires.
        :param keywords_attributes: changes to the keywords, a list of dicts:
            ``{"keyword": ..., "whole_word": ...}`` adds a keyword,
            ``{"id": ..., "keyword": ..., "whole_word": ...}`` changes the keyword
            with that ID (a filter keyword dict can be passed as it is), and
            ``{"id": ..., "_destroy": True}`` removes it. Keywords not mentioned
            stay. A plain string adds that keyword.

        The request is sent as JSON (see :meth:`create_filter_v2`).

        Returns the updated filter dict (v2).
        """
        if title is not None and (not isinstance(title, str) or not title.strip()):
            raise MastodonIllegalArgumentError("update_filter_v2: the title cannot be empty")
        endpoint = f"/api/v2/filters/{path_id(filter_id, 'filter_id')}"
        params = {
            "title": title,
            "context": _check_context(context) if context is not None else None,
            "filter_action": self._filter_action(filter_action),
            "expires_in": _check_expires_in(expires_in),
            "keywords_attributes": _keywords_attributes(keywords_attributes, creating=False),
            "filter_id": unpack_id(filter_id),  # Mastodon.py also sends it (the server ignores it)
        }
        return self._api_request("PUT", endpoint, params, use_json=True)

    @api_version("4.0.0")
    def delete_filter_v2(self, filter_id: IdType) -> None:
        """Delete a filter (v2) with its keywords and statuses.

        :param filter_id: the filter's ID (or the filter dict).

        Returns ``None``, as Mastodon.py does (the server answers with nothing).
        """
        return self._api_request("DELETE", f"/api/v2/filters/{path_id(filter_id, 'filter_id')}")

    @api_version("4.0.0")
    def add_filter_keyword_v2(self, filter_id: IdType, keyword: str,
                              whole_word: bool = False) -> FilterKeyword:
        """Add a keyword to a filter (v2).

        :param filter_id: the filter's ID (or the filter dict).
        :param keyword: the word or phrase to match.
        :param whole_word: match it only as whole words. This method's default
            (``False``) differs from the server's (``True``), so it is always sent.

        Returns the new filter keyword dict: ``id``, ``keyword`` and ``whole_word``.
        """
        if not isinstance(keyword, str) or not keyword.strip():
            raise MastodonIllegalArgumentError("add_filter_keyword_v2 needs a non-empty keyword")
        params = {"keyword": keyword, "whole_word": bool(whole_word),
                  "filter_id": unpack_id(filter_id)}  # Mastodon.py also sends it (ignored)
        return self._api_request(
            "POST", f"/api/v2/filters/{path_id(filter_id, 'filter_id')}/keywords", params)

    @api_version("4.0.0")
    def filter_keyword_v2(self, keyword_id: IdType) -> FilterKeyword:
        """One keyword of a filter (v2).

        :param keyword_id: the keyword's ID (or the filter keyword dict).

        Returns a filter keyword dict: ``id``, ``keyword`` and ``whole_word``.
        """
        return self._api_request(
            "GET", f"/api/v2/filters/keywords/{path_id(keyword_id, 'keyword_id')}")

    @api_version("4.0.0")
    def update_filter_keyword_v2(self, keyword_id: IdType, keyword: str,
                                 whole_word: bool | None = None) -> FilterKeyword:
        """Change a keyword of a filter (v2).

        :param keyword_id: the keyword's ID (or the filter keyword dict).
        :param keyword: the word or phrase to match from now on. The API requires
            it, so to change only ``whole_word``, pass the current keyword.
        :param whole_word: match it only as whole words; ``None`` leaves this as it
            is.

        Returns the updated filter keyword dict: ``id``, ``keyword`` and
        ``whole_word``.
        """
        if not isinstance(keyword, str) or not keyword.strip():
            raise MastodonIllegalArgumentError(
                "update_filter_keyword_v2 needs a non-empty keyword")
        params = {"keyword": keyword,
                  "whole_word": bool(whole_word) if whole_word is not None else None}
        return self._api_request(
            "PUT", f"/api/v2/filters/keywords/{path_id(keyword_id, 'keyword_id')}", params)

    @api_version("4.0.0")
    def delete_filter_keyword_v2(self, keyword_id: IdType) -> None:
        """Remove a keyword from its filter (v2).

        :param keyword_id: the keyword's ID (or the filter keyword dict).

        Returns ``None``, as Mastodon.py does (the server answers with nothing).
        """
        return self._api_request(
            "DELETE", f"/api/v2/filters/keywords/{path_id(keyword_id, 'keyword_id')}")

    @api_version("4.0.0")
    def add_filter_status_v2(self, filter_id: IdType, status_id: IdType) -> FilterStatus:
        """Make a filter (v2) hide one status, whatever its text.

        :param filter_id: the filter's ID (or the filter dict).
        :param status_id: the status's ID (or the toot dict).

        Returns the new filter status dict: ``id`` (of the entry, for
        :meth:`delete_filter_status_v2`) and ``status_id``.
        """
        status_id = unpack_id(status_id)
        if not _is_plain_id(status_id):
            raise MastodonIllegalArgumentError(
                f"status_id must be a status ID or a toot dict, not {status_id!r}")
        return self._api_request(
            "POST", f"/api/v2/filters/{path_id(filter_id, 'filter_id')}/statuses",
            {"status_id": status_id})

    @api_version("4.0.0")
    def delete_filter_status_v2(self, filter_status_id: IdType) -> None:
        """Remove a status entry from its filter (v2).

        :param filter_status_id: the entry's ID (or the filter status dict); not
            the status's ID.

        Returns ``None``, as Mastodon.py does (the server answers with nothing).
        """
        return self._api_request(
            "DELETE", f"/api/v2/filters/statuses/{path_id(filter_status_id, 'filter_status_id')}")

    def _filter_action(self, filter_action: str | None) -> str | None:
        """A valid ``filter_action`` (or None); ``"blur"`` needs Mastodon 4.4.0."""
        if filter_action is None:
            return None
        if filter_action not in FILTER_ACTIONS:
            raise MastodonIllegalArgumentError(
                f"filter_action must be one of {', '.join(FILTER_ACTIONS)}, not {filter_action!r}")
        if filter_action == "blur":
            require_version(self, "4.4.0", "filter_action='blur'")
        return filter_action
