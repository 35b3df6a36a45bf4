"""Statuses: reading, posting, interacting, scheduled statuses."""

import base64
import re
import uuid
from contextlib import ExitStack
from datetime import datetime, timedelta

from ._base import ClientBase
from ._client import path_id, plain_cursor, unpack_id
from ._results import AttribAccessDict
from ._status_length import status_length
from ._uploads import focus_param, prepare_upload
from ._versions import api_version, require_version, server_older_than
from .errors import MastodonIllegalArgumentError
from .return_types import (
    Account,
    Context,
    NonPaginatableList,
    PaginatableList,
    PreviewCard,
    ScheduledStatus,
    Status,
    StatusEdit,
    StatusSource,
    Translation,
)

# Least to most restrictive; a reply never gets a wider audience than its parent.
VISIBILITIES = ("public", "unlisted", "private", "direct")
# Pleroma and Akkoma also know "local" (visible on the home server only).
PLEROMA_VISIBILITIES = VISIBILITIES + ("local",)
REBLOG_VISIBILITIES = ("public", "unlisted", "private")
QUOTE_APPROVAL_POLICIES = ("public", "followers", "nobody")


def _check_visibility(visibility, allowed, what="visibility"):
    """The visibility in lower case, or an error when the server would not know it."""
    if visibility is None:
        return None
    value = str(visibility).lower()
    if value not in allowed:
        raise MastodonIllegalArgumentError(
            f"{what} must be one of {', '.join(allowed)}, not {visibility!r}")
    return value


def _check_scheduled_at(scheduled_at):
    """Refuse what is not a time. How far ahead it must be is the server's judgement
    (Mastodon wants five minutes, by its own clock, and says so when refusing)."""
    if not isinstance(scheduled_at, datetime):
        raise MastodonIllegalArgumentError(
            f"scheduled_at must be a datetime, not {type(scheduled_at).__name__}")
    return scheduled_at


def _check_poll_options(options, expires_in):
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


def _poll_params(poll):
    """The poll as sent: options, duration and both flags (a JSON object)."""
    if not isinstance(poll, dict) or "options" not in poll or "expires_in" not in poll:
        raise MastodonIllegalArgumentError(
            "poll must be a dict with 'options' and 'expires_in', as make_poll() returns")
    options, expires_in = _check_poll_options(poll["options"], poll["expires_in"])
    return {"options": options, "expires_in": expires_in,
            "multiple": bool(poll.get("multiple")), "hide_totals": bool(poll.get("hide_totals"))}


def _media_id_list(media_ids):
    """A list of media IDs from one ID, one media dict, or a list of either."""
    if media_ids is None:
        return None
    if not isinstance(media_ids, (list, tuple)):
        media_ids = [media_ids]
    return [unpack_id(media) for media in media_ids] or None


def _mentioned(acct, text):
    """Whether ``text`` already mentions ``acct`` (and not merely a longer handle)."""
    pattern = r"(?<![\w@])@" + re.escape(acct) + r"(?![\w@-]|\.\w)"
    return re.search(pattern, text, re.IGNORECASE) is not None


# --- editing -------------------------------------------------------------------------

def _media_attribute(entry):
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
    attribute = {"id": str(unpack_id(entry["id"]))}
    if entry.get("description") is not None:
        attribute["description"] = entry["description"]
    focus = entry.get("focus")
    if focus is not None:
        attribute["focus"] = focus if isinstance(focus, str) else focus_param(focus)
    thumbnail = entry.get("thumbnail")
    if thumbnail is not None:
        if not (isinstance(thumbnail, str) and thumbnail.startswith("data:")):
            thumbnail = _thumbnail_data_uri(thumbnail, None)
        attribute["thumbnail"] = thumbnail
    return attribute


def _thumbnail_data_uri(thumbnail, mime_type):
    """A thumbnail (a path, bytes or a binary file object) as a ``data:`` URI, the form
    Mastodon takes inside a JSON ``media_attributes`` entry (and Mastodon.py sends)."""
    with ExitStack() as stack:
        _, content, mime_type = prepare_upload(thumbnail, mime_type, None, "thumbnail", stack)
        if not isinstance(content, bytes):
            content = content.read()
    return f"data:{mime_type};base64,{base64.b64encode(content).decode('ascii')}"


def _media_attributes_params(media_attributes):
    """The ``media_attributes`` entries as sent (one dict or a list of them), or
    ``None``."""
    if media_attributes is None:
        return None
    if isinstance(media_attributes, dict):
        media_attributes = [media_attributes]
    return [_media_attribute(entry) for entry in media_attributes] or None


class StatusesMixin(ClientBase):
    """Statuses: reading, posting, interacting, scheduled statuses."""

    # --- reading -------------------------------------------------------------------

    @api_version("1.0.0")
    def status(self, id) -> Status:
        """Read one status.

        :param id: the status, or its ID.

        Returns a toot dict. Public statuses can be read without logging in;
        private ones need a token that may see them (otherwise the server answers
        404, raised as :class:`MastodonNotFoundError`).
        """
        return self._api_request("GET", f"/api/v1/statuses/{path_id(id)}")

    @api_version("1.0.0")
    def status_context(self, id) -> Context:
        """The thread around a status: what it replies to and the replies to it.

        :param id: the status, or its ID.

        Returns a context dict: ``ancestors`` (oldest first) and ``descendants``,
        both lists of toot dicts.
        """
        return self._api_request("GET", f"/api/v1/statuses/{path_id(id)}/context")

    @api_version("1.0.0")
    def status_reblogged_by(self, id) -> PaginatableList[Account]:
        """The accounts that boosted a status.

        :param id: the status, or its ID.

        Returns a list of user dicts (paginated: see :meth:`fetch_next`).
        """
        return self._api_request("GET", f"/api/v1/statuses/{path_id(id)}/reblogged_by")

    @api_version("1.0.0")
    def status_favourited_by(self, id) -> PaginatableList[Account]:
        """The accounts that favourited a status.

        :param id: the status, or its ID.

        Returns a list of user dicts (paginated: see :meth:`fetch_next`).
        """
        return self._api_request("GET", f"/api/v1/statuses/{path_id(id)}/favourited_by")

    @api_version("1.0.0", "3.0.0")
    def status_card(self, id) -> PreviewCard | None:
        """The preview card of the link in a status.

        Mastodon 3.0 removed the card endpoint; since 2.6 a status carries its card
        itself. So this reads the status and returns its ``card``, which works on
        every current server. Only on a server known to run a version older than
        3.0.0 is the old ``/api/v1/statuses/:id/card`` endpoint used.

        :param id: the status, or its ID.

        Returns a card dict, or ``None`` when the status has no card (or the server
        has not made it yet: cards are fetched in the background after posting).
        """
        if server_older_than(self, (3, 0, 0)):
            card = self._api_request("GET", f"/api/v1/statuses/{path_id(id)}/card")
            return card or None  # old servers answer {} for "no card"
        return self.status(id).get("card")

    @api_version("2.7.0", "3.3.0")
    def scheduled_statuses(self, max_id=None, min_id=None, since_id=None,
                           limit=None) -> PaginatableList[ScheduledStatus]:
        """The logged-in user's statuses that are scheduled and not yet posted.

        :param max_id: only those with a smaller ID (a scheduled toot dict works too).
        :param min_id: the ones just after this ID, oldest first.
        :param since_id: only those with a greater ID.
        :param limit: how many to return at most (the server's default is 20, its
            maximum 40).

        Returns a list of scheduled toot dicts (paginated).
        """
        params = {"max_id": max_id, "min_id": min_id, "since_id": since_id, "limit": limit}
        return self._api_request("GET", "/api/v1/scheduled_statuses", params)

    @api_version("2.7.0")
    def scheduled_status(self, id) -> ScheduledStatus:
        """Read one scheduled status.

        :param id: the scheduled status, or its ID (not the ID the status will have
            once posted).

        Returns a scheduled toot dict.
        """
        return self._api_request("GET", f"/api/v1/scheduled_statuses/{path_id(id)}")

    # --- posting -------------------------------------------------------------------

    def _check_post_arguments(self, visibility, media_ids, scheduled_at, poll, content_type,
                              strict_content_type, quote_id, quoted_status_id,
                              quote_approval_policy):
        """Refuse what the server would refuse; returns the visibility, media IDs and poll
        as they are sent."""
        allowed = PLEROMA_VISIBILITIES if self.feature_set == "pleroma" else VISIBILITIES
        visibility = _check_visibility(visibility, allowed)
        media_ids = _media_id_list(media_ids)
        if poll is not None and media_ids:
            raise MastodonIllegalArgumentError(
                "a status cannot have both media and a poll: pass media_ids or poll, not both")
        poll_params = _poll_params(poll) if poll is not None else None
        if scheduled_at is not None:
            _check_scheduled_at(scheduled_at)
        if content_type is not None and self.feature_set != "pleroma" and not strict_content_type:
            raise MastodonIllegalArgumentError(
                "content_type is a Pleroma extension: create the client with "
                "feature_set='pleroma', or pass strict_content_type=True to send it anyway")
        if quote_id is not None and self.feature_set != "fedibird":
            raise MastodonIllegalArgumentError(
                "quote_id is a Fedibird extension (feature_set='fedibird'); on Mastodon 4.5 "
                "or newer use quoted_status_id")
        if quote_id is not None and quoted_status_id is not None:
            raise MastodonIllegalArgumentError("pass quote_id or quoted_status_id, not both")
        if quote_approval_policy not in (None,) + QUOTE_APPROVAL_POLICIES:
            raise MastodonIllegalArgumentError(
                f"quote_approval_policy must be one of {', '.join(QUOTE_APPROVAL_POLICIES)}, "
                f"not {quote_approval_policy!r}")

        return visibility, media_ids, poll_params

    @api_version("1.0.0", "4.5.0")
    def status_post(self, status, in_reply_to_id=None, media_ids=None, sensitive=False,
                    visibility=None, spoiler_text=None, language=None, idempotency_key=None,
                    content_type=None, scheduled_at=None, poll=None, quote_id=None,
                    strict_content_type=False, quoted_status_id=None,
                    quote_approval_policy=None) -> Status | ScheduledStatus:
        """Post a status (a toot), now or at a later time.

        :param status: the text.
        :param in_reply_to_id: the status this one replies to (a toot dict works).
            :meth:`status_reply` also mentions the people in the thread for you.
        :param media_ids: media to attach, as returned by ``media_post``: one media
            dict or ID, or a list of them (Mastodon allows up to four). Not together
            with ``poll``.
        :param sensitive: mark the status and its media as sensitive. Sent only when
            true.
        :param visibility: ``"public"``, ``"unlisted"``, ``"private"`` (followers only)
            or ``"direct"`` (mentioned users only), in any letter case; with
            ``feature_set="pleroma"`` also ``"local"``. By default the user's own
            default visibility applies.
        :param spoiler_text: a content warning shown instead of the text until
            expanded.
        :param language: the status' language as an ISO 639 code, e.g. ``"en"``.
        :param idempotency_key: any string; sent as the ``Idempotency-Key`` header.
            Posting again with the same key within an hour returns the first status
            instead of posting a duplicate. Without one, the library makes a key for
            this call, so that its own retries (see ``max_retries``) can never post
            twice; pass your own to make retries across calls or restarts safe too.
        :param content_type: the markup of the text (``"text/plain"``,
            ``"text/markdown"``, ``"text/html"``, ``"text/bbcode"``). Mastodon does not
            know it; it needs ``feature_set="pleroma"`` (or ``strict_content_type``).
        :param scheduled_at: a ``datetime`` (a naive one is local time): the status is
            posted then, and a scheduled toot dict is returned now. Sent as ISO 8601 in
            UTC. Mastodon wants it at least five minutes ahead by its own clock, and
            refuses a sooner one with :class:`MastodonAPIError`.
        :param poll: a poll from :meth:`make_poll`. Not together with ``media_ids``.
        :param quote_id: the status to quote, on Fedibird (needs
            ``feature_set="fedibird"``). On Mastodon 4.5 or newer use
            ``quoted_status_id``.
        :param strict_content_type: send ``content_type`` to a server whatever
            ``feature_set`` says, for forks that know the parameter (such as
            glitch-soc); without it, ``content_type`` outside the Pleroma feature set
            is refused before anything is sent.
        :param quoted_status_id: the status to quote (Mastodon 4.5 or newer).
        :param quote_approval_policy: who may quote this status: ``"public"``,
            ``"followers"`` or ``"nobody"`` (Mastodon 4.5 or newer).

        Returns a toot dict, or a scheduled toot dict when ``scheduled_at`` is given.
        With a poll the request body is JSON (the poll is a nested object);
        otherwise it is a form.
        """
        visibility, media_ids, poll_params = self._check_post_arguments(
            visibility, media_ids, scheduled_at, poll, content_type, strict_content_type,
            quote_id, quoted_status_id, quote_approval_policy)

        params = {
            "status": status,
            "in_reply_to_id": in_reply_to_id,
            "media_ids": media_ids,
            "sensitive": True if sensitive else None,
            "visibility": visibility,
            "spoiler_text": spoiler_text,
            "language": language,
            "content_type": content_type,
            "scheduled_at": scheduled_at,
            "poll": poll_params,
            "quote_id": quote_id,
            "quoted_status_id": quoted_status_id,
            "quote_approval_policy": quote_approval_policy,
            # Mastodon.py also sends the policies it checks against (the server ignores them).
            "valid_policies": (list(QUOTE_APPROVAL_POLICIES)
                               if quote_approval_policy is not None else None),
        }
        # One key per logical post, reused by every retry of it: the server then answers
        # a repeat with the status it already made.
        key = str(idempotency_key) if idempotency_key is not None else uuid.uuid4().hex
        return self._api_request("POST", "/api/v1/statuses", params,
                                 headers={"Idempotency-Key": key},
                                 use_json=poll_params is not None)

    @api_version("1.0.0", "4.5.0")
    def status_reply(self, to_status, status, media_ids=None, sensitive=False, visibility=None,
                     spoiler_text=None, language=None, idempotency_key=None, content_type=None,
                     scheduled_at=None, poll=None, untag=False, quote_id=None,
                     strict_content_type=False, quoted_status_id=None,
                     quote_approval_policy=None) -> Status | ScheduledStatus:
        """Reply to a status, mentioning the people in the conversation.

        The reply's text starts with ``@acct`` for the author of ``to_status`` and for
        everyone it mentions, except the logged-in user (so a reply to yourself, as
        in a thread, tags nobody extra) and anyone the text already mentions. With
        ``untag=True`` only the author of ``to_status`` is mentioned.

        When not given:

        * ``visibility`` is the more restrictive of ``to_status``' visibility and the
          user's default visibility (what Mastodon's web interface does), so a reply
          to a private or direct status never becomes public. The original library
          copied ``to_status``' visibility; this never gives a wider audience than it.
          A visibility this library does not know (a fork's) becomes ``"direct"``.
        * ``spoiler_text`` is ``to_status``' content warning, if it has one (pass
          ``""`` for none).

        :param to_status: the toot dict to reply to, or its ID (then it is read
            first). Replying to a boost replies to the boosted status.
        :param status: the text, without the mentions.
        :param untag: mention only the author of ``to_status``.

        The other parameters are those of :meth:`status_post`. Finding the logged-in
        user takes one request (``account_verify_credentials``) besides the post.

        Returns a toot dict, or a scheduled toot dict when ``scheduled_at`` is given.
        """
        self._check_post_arguments(visibility, media_ids, scheduled_at, poll, content_type,
                                   strict_content_type, quote_id, quoted_status_id,
                                   quote_approval_policy)
        if not isinstance(to_status, dict):
            to_status = self.status(to_status)
        if to_status.get("reblog"):
            to_status = to_status["reblog"]
        me = self._api_request("GET", "/api/v1/accounts/verify_credentials")
        my_id = str(me["id"])

        people = [to_status["account"]]
        if not untag:
            people += to_status.get("mentions") or []
        seen = {my_id}
        prefix = ""
        for person in people:
            person_id = str(person["id"])
            if person_id in seen:
                continue
            seen.add(person_id)
            if not _mentioned(person["acct"], status):
                prefix += "@" + person["acct"] + " "

        if visibility is None:
            visibility = to_status.get("visibility")
            allowed = PLEROMA_VISIBILITIES if self.feature_set == "pleroma" else VISIBILITIES
            if visibility is not None and visibility not in allowed:
                visibility = "direct"  # a fork's level we cannot rank: the narrowest
            default = (me.get("source") or {}).get("privacy")
            if visibility in VISIBILITIES and default in VISIBILITIES:
                visibility = max(visibility, default, key=VISIBILITIES.index)
        if spoiler_text is None:
            spoiler_text = to_status.get("spoiler_text") or None

        return self.status_post(
            prefix + status, in_reply_to_id=to_status["id"], media_ids=media_ids,
            sensitive=sensitive, visibility=visibility, spoiler_text=spoiler_text,
            language=language, idempotency_key=idempotency_key, content_type=content_type,
            scheduled_at=scheduled_at, poll=poll, quote_id=quote_id,
            strict_content_type=strict_content_type, quoted_status_id=quoted_status_id,
            quote_approval_policy=quote_approval_policy)

    @api_version("1.0.0")
    def toot(self, status) -> Status | ScheduledStatus:
        """Post a status with just its text and the user's defaults: the shortest way
        to say something. See :meth:`status_post` for everything else.

        Returns a toot dict.
        """
        return self.status_post(status)

    def make_poll(self, options, expires_in, multiple=False,
                  hide_totals=False) -> AttribAccessDict:
        """Build a poll to pass to :meth:`status_post` as ``poll``. Sends no request.

        Polls need Mastodon 2.8.0 or newer.

        :param options: the choices, a list of strings (at least two; Mastodon
            allows four by default).
        :param expires_in: how long the poll stays open, in seconds (or a
            ``timedelta``); Mastodon accepts five minutes to about a month.
        :param multiple: let voters pick more than one option.
        :param hide_totals: hide the vote counts until the poll ends.

        Returns a dict with ``options``, ``expires_in``, ``multiple`` and
        ``hide_totals``.
        """
        options, expires_in = _check_poll_options(options, expires_in)
        return AttribAccessDict(options=options, expires_in=expires_in,
                                multiple=bool(multiple), hide_totals=bool(hide_totals))

    # --- interacting ---------------------------------------------------------------

    @api_version("1.0.0", "2.8.0")
    def status_reblog(self, id, visibility=None) -> Status:
        """Boost (reblog) a status.

        :param id: the status, or its ID.
        :param visibility: who sees the boost: ``"public"``, ``"unlisted"`` or
            ``"private"``; by default public.

        Returns a toot dict: the boost, with the boosted status under ``reblog``.
        """
        visibility = _check_visibility(visibility, REBLOG_VISIBILITIES)
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/reblog",
                                 {"visibility": visibility})

    @api_version("1.0.0")
    def status_unreblog(self, id) -> Status:
        """Undo a boost.

        :param id: the boosted status (not the boost itself), or its ID.

        Returns a toot dict: the status that was boosted.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/unreblog")

    @api_version("1.0.0")
    def status_favourite(self, id) -> Status:
        """Favourite a status.

        :param id: the status, or its ID.

        Returns a toot dict of the status, now with ``favourited`` true.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/favourite")

    @api_version("1.0.0")
    def status_unfavourite(self, id) -> Status:
        """Take back a favourite.

        :param id: the status, or its ID.

        Returns a toot dict of the status.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/unfavourite")

    @api_version("1.4.0")
    def status_mute(self, id) -> Status:
        """Mute the conversation a status is in: no more notifications from it.

        :param id: a status of the conversation, or its ID.

        Returns a toot dict of the status, with ``muted`` true.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/mute")

    @api_version("1.4.0")
    def status_unmute(self, id) -> Status:
        """Unmute the conversation a status is in.

        :param id: a status of the conversation, or its ID.

        Returns a toot dict of the status.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/unmute")

    @api_version("2.1.0")
    def status_pin(self, id) -> Status:
        """Pin one of the user's own statuses to their profile.

        :param id: the status, or its ID.

        Returns a toot dict of the status, with ``pinned`` true.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/pin")

    @api_version("2.1.0")
    def status_unpin(self, id) -> Status:
        """Unpin a status from the user's profile.

        :param id: the status, or its ID.

        Returns a toot dict of the status.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/unpin")

    @api_version("1.0.0", "4.4.0")
    def status_delete(self, id, delete_media=None) -> Status:
        """Delete one of the user's own statuses.

        :param id: the status, or its ID.
        :param delete_media: ``True`` deletes its media at once (Mastodon 4.4 or
            newer); otherwise the server keeps them for about a day so they can be
            attached again ("delete and redraft").

        Returns the deleted status as a toot dict that also carries its source
        ``text`` (Mastodon 2.9 or newer), for redrafting.
        """
        endpoint = f"/api/v1/statuses/{path_id(id)}"
        # A query parameter, as the API documents, although the verb is DELETE.
        return self._api_request("DELETE", endpoint, query={"delete_media": delete_media})

    # --- scheduled statuses --------------------------------------------------------

    @api_version("2.7.0")
    def scheduled_status_update(self, id, scheduled_at) -> ScheduledStatus:
        """Move a scheduled status to another time.

        :param id: the scheduled status, or its ID.
        :param scheduled_at: the new time, a ``datetime`` (a naive one is local time);
            Mastodon wants it at least five minutes ahead, as for :meth:`status_post`.

        Returns the scheduled toot dict as updated.
        """
        _check_scheduled_at(scheduled_at)
        return self._api_request("PUT", f"/api/v1/scheduled_statuses/{path_id(id)}",
                                 {"scheduled_at": scheduled_at})

    @api_version("2.7.0")
    def scheduled_status_delete(self, id) -> None:
        """Cancel a scheduled status: it will not be posted.

        :param id: the scheduled status, or its ID.

        Returns ``None``, as Mastodon.py does (the server answers with nothing).
        """
        return self._api_request("DELETE", f"/api/v1/scheduled_statuses/{path_id(id)}")

    # --- modern statuses: editing, history, translation, quotes, bookmarks -----------

    @api_version("4.3.0")
    def statuses(self, ids) -> NonPaginatableList[Status]:
        """Read several statuses in one request.

        :param ids: the statuses: a list of IDs or toot dicts (one ID or dict alone
            works too).

        Returns a list of toot dicts. Statuses that do not exist or that the client
        may not see are left out, so the list can be shorter than ``ids``.
        """
        if ids is None or isinstance(ids, (str, int, dict)):
            ids = [ids]
        ids = [unpack_id(status) for status in ids]
        if any(status_id is None or isinstance(status_id, (dict, list, bool)) for status_id in ids):
            raise MastodonIllegalArgumentError(
                f"ids must be status IDs or toot dicts, not {ids!r}")
        return self._api_request("GET", "/api/v1/statuses", {"id": [str(i) for i in ids]})

    @api_version("3.5.0")
    def status_history(self, id) -> NonPaginatableList[StatusEdit]:
        """Every version of an edited status, oldest first, the current one last.

        :param id: the status, or its ID.

        Returns a list of status edit dicts (``content``, ``spoiler_text``,
        ``sensitive``, ``created_at``, ``account``, ``poll``, ``media_attachments``,
        ``emojis``). A status never edited has one entry.
        """
        return self._api_request("GET", f"/api/v1/statuses/{path_id(id)}/history")

    @api_version("3.5.0")
    def status_source(self, id) -> StatusSource:
        """The source of one of the user's statuses, as typed, for editing it.

        :param id: the status, or its ID.

        Returns a status source dict: ``id``, ``text`` (the plain text, not HTML) and
        ``spoiler_text``.
        """
        return self._api_request("GET", f"/api/v1/statuses/{path_id(id)}/source")

    @api_version("4.0.0")
    def status_translate(self, id, lang=None) -> Translation:
        """Translate a status with the server's translation service.

        Only public and unlisted statuses can be translated, and only where the server
        has a translation service (``instance_v2()``'s
        ``configuration.translation.enabled``); otherwise the server refuses with an
        error.

        :param id: the status, or its ID.
        :param lang: the language to translate into, as an ISO 639 code (e.g.
            ``"de"``); by default the user's interface language.

        Returns a translation dict: the translated ``content`` (HTML),
        ``spoiler_text``, ``poll`` and ``media_attachments`` descriptions, the
        ``detected_source_language`` and the ``provider``.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/translate",
                                 {"lang": lang})

    @api_version("4.5.0")
    def status_quotes(self, id, max_id=None, since_id=None, limit=None) -> PaginatableList[Status]:
        """The statuses that quote a status.

        :param id: the quoted status, or its ID.
        :param max_id: return only quotes older than this cursor.
        :param since_id: return only quotes newer than this cursor.
        :param limit: how many to return (the server's default is 20, at most 40).

        The cursors are the server's own (it pages by the quote records, not by
        status IDs): page with :meth:`fetch_next` and :meth:`fetch_previous`.

        Returns a list of toot dicts (paginated).
        """
        params = {"max_id": plain_cursor("max_id", max_id),
                  "since_id": plain_cursor("since_id", since_id), "limit": limit}
        return self._api_request("GET", f"/api/v1/statuses/{path_id(id)}/quotes", params)

    @api_version("3.1.0", "3.3.0")
    def bookmarks(self, max_id=None, min_id=None, since_id=None,
                  limit=None) -> PaginatableList[Status]:
        """A page of the statuses the logged-in user has bookmarked, the most recently
        bookmarked first. Bookmarks are private: nobody else sees them.

        :param max_id: return only bookmarks older than this cursor.
        :param min_id: return the bookmarks just newer than this cursor (paging
            forward).
        :param since_id: return only bookmarks newer than this cursor, newest first.
        :param limit: how many to return (default 20, at most 40).

        Mastodon pages bookmarks by the IDs of the bookmark records, which no result
        shows, not by status IDs: page with :meth:`fetch_next` and
        :meth:`fetch_previous`. Dates are refused as cursors.

        Returns a list of toot dicts.
        """
        params = {
            "max_id": plain_cursor("max_id", max_id),
            "min_id": plain_cursor("min_id", min_id),
            "since_id": plain_cursor("since_id", since_id),
            "limit": limit,
        }
        return self._api_request("GET", "/api/v1/bookmarks", params)

    @staticmethod
    def get_status_length(text, spoiler_text="") -> int:
        """How long a status is for the server's character limit, counted as Mastodon
        counts it. Sends no request.

        Every link counts as 23 characters whatever its length; a mention counts as
        its ``@username`` only, without the ``@domain``; the content warning counts in
        full. Characters are what a reader sees as one (an emoji with a skin tone, a
        flag, a letter with a combining accent count once). Links and mentions are
        found as Mastodon finds them: a link needs a protocol Mastodon links
        (``https://``, ``http://``, ``gemini://``, ...) and a host with a real
        top-level domain, so ``http://127.0.0.1/``, ``https://[2001:db8::1]/``, a link
        with ``user:pass@`` and ``ftp://...`` count as the text they are.

        :param text: the status text.
        :param spoiler_text: the content warning, if any.

        Returns the length as an int, to compare with the server's
        ``configuration.statuses.max_characters`` (500 on a default Mastodon).
        """
        for name, value in (("text", text), ("spoiler_text", spoiler_text)):
            if value is not None and not isinstance(value, str):
                raise MastodonIllegalArgumentError(
                    f"{name} must be a string, not {type(value).__name__}")
        return status_length(text, spoiler_text)

    def generate_media_edit_attributes(self, id, description=None, focus=None, thumbnail=None,
                                       thumb_mimetype=None) -> AttribAccessDict:
        """Build one entry of :meth:`status_update`'s ``media_attributes``: the
        changes to one media attachment of a status being edited. Sends no request.

        :param id: the media attachment, or its ID.
        :param description: its new description (alt text).
        :param focus: its new focal point, an ``(x, y)`` pair with each coordinate
            from -1 to 1.
        :param thumbnail: a new preview image, as a path, bytes or a binary file
            object (read now).
        :param thumb_mimetype: the thumbnail's MIME type; guessed from its name or
            content when not given.

        Returns a dict with ``id`` and whichever of ``description``, ``focus`` (as
        ``"x,y"``) and ``thumbnail`` (as a ``data:`` URI) were given.
        """
        media_id = unpack_id(id)
        if media_id is None or isinstance(media_id, (dict, list, tuple, bool)):
            raise MastodonIllegalArgumentError(
                f"id must be a media ID or a media dict, not {id!r}")
        attributes = AttribAccessDict(id=str(media_id))
        if description is not None:
            attributes["description"] = description
        if focus is not None:
            attributes["focus"] = focus_param(focus)
        if thumbnail is not None:
            attributes["thumbnail"] = _thumbnail_data_uri(thumbnail, thumb_mimetype)
        return attributes

    @api_version("3.5.0", "4.5.0")
    def status_update(self, id, status, spoiler_text=None, sensitive=None, media_ids=None,
                      poll=None, media_attributes=None, quote_approval_policy=None,
                      language=None) -> Status:
        """Edit one of the user's statuses. The server keeps the earlier versions
        (see :meth:`status_history`) and tells the status' readers it was edited.

        Mastodon takes an edit as the whole new version of the status: a content
        warning, media or a poll that the edit does not give again are removed, and
        the status stops being sensitive unless ``sensitive`` or ``spoiler_text`` says
        so. To change only the text of a status with media, pass its media again
        (``media_ids=old.media_attachments``); :meth:`status_source` gives the text and
        content warning as typed. Visibility, reply and quote cannot be changed.

        :param id: the status, or its ID.
        :param status: the new text. It may be empty only when the status has media.
        :param spoiler_text: the content warning.
        :param sensitive: mark the status and its media as sensitive (``True``) or not
            (``False``).
        :param media_ids: the media the status has after the edit: media dicts or IDs
            (kept, added or, by leaving them out, removed). Not together with ``poll``.
        :param poll: the poll after the edit, from :meth:`make_poll`. Changing its
            options or ``multiple`` resets its votes; its duration starts anew.
        :param media_attributes: changes to the description, focal point or
            thumbnail of the status' media: a list of dicts from
            :meth:`generate_media_edit_attributes`. The media they change are kept:
            their IDs are added to ``media_ids`` (which, when not given, is then just
            them), since Mastodon removes every attachment an edit does not list.
        :param quote_approval_policy: who may quote the status: ``"public"``,
            ``"followers"`` or ``"nobody"`` (Mastodon 4.5 or newer).
        :param language: the status' language as an ISO 639 code (Mastodon 4.0 or
            newer); by default the server keeps the language it had.

        Returns the edited status as a toot dict (``edited_at`` is set).

        The request is a form; JSON when it carries a poll or ``media_attributes``
        (nested objects, thumbnails as ``data:`` URIs).
        """
        endpoint = f"/api/v1/statuses/{path_id(id)}"
        media_ids = _media_id_list(media_ids)
        attributes = _media_attributes_params(media_attributes)
        if attributes:
            listed = {str(media_id) for media_id in media_ids or ()}
            media_ids = list(media_ids or ()) + [
                entry["id"] for entry in attributes if entry["id"] not in listed]
        if poll is not None and media_ids:
            raise MastodonIllegalArgumentError(
                "a status cannot have both media and a poll: pass media_ids or poll, not both")
        poll_params = _poll_params(poll) if poll is not None else None
        if not media_ids and (status is None or not str(status).strip()):
            raise MastodonIllegalArgumentError(
                "an edited status needs its text (status), unless it keeps or gets media")
        if quote_approval_policy is not None and quote_approval_policy not in QUOTE_APPROVAL_POLICIES:
            raise MastodonIllegalArgumentError(
                f"quote_approval_policy must be one of {', '.join(QUOTE_APPROVAL_POLICIES)}, "
                f"not {quote_approval_policy!r}")
        if language is not None:
            require_version(self, "4.0.0", "status_update()'s language parameter")
        if quote_approval_policy is not None:
            require_version(self, "4.5.0", "status_update()'s quote_approval_policy parameter")

        params = {
            "status": status,
            "spoiler_text": spoiler_text,
            "sensitive": None if sensitive is None else bool(sensitive),
            "language": language,
            "media_ids": media_ids,
            "media_attributes": attributes,
            "poll": poll_params,
            "quote_approval_policy": quote_approval_policy,
        }
        return self._api_request("PUT", endpoint, params,
                                 use_json=poll_params is not None or attributes is not None)

    @api_version("4.5.0")
    def status_update_quote_approval_policy(self, id, quote_approval_policy) -> Status:
        """Change who may quote one of the user's statuses, without editing it.

        :param id: the status, or its ID.
        :param quote_approval_policy: ``"public"`` (anyone not blocked),
            ``"followers"`` (followers and the author) or ``"nobody"`` (the author
            only). Private and direct statuses are always ``"nobody"``, whatever is
            asked. Quotes made before stay.

        Returns the toot dict of the status, with its new ``quote_approval``.
        """
        if quote_approval_policy not in QUOTE_APPROVAL_POLICIES:
            raise MastodonIllegalArgumentError(
                f"quote_approval_policy must be one of {', '.join(QUOTE_APPROVAL_POLICIES)}, "
                f"not {quote_approval_policy!r}")
        return self._api_request("PUT", f"/api/v1/statuses/{path_id(id)}/interaction_policy",
                                 {"quote_approval_policy": quote_approval_policy})

    @api_version("4.5.0")
    def status_quote_revoke(self, id, quoting_status_id) -> Status:
        """Withdraw the permission for another status to quote one of the user's
        statuses: the quote stays, but no longer shows the user's status.

        :param id: the user's status that is quoted, or its ID.
        :param quoting_status_id: the status that quotes it, or its ID.

        Returns the toot dict of the quoting status, its ``quote`` now ``revoked``.
        """
        endpoint = (f"/api/v1/statuses/{path_id(id)}/quotes/"
                    f"{path_id(quoting_status_id, 'quoting_status_id')}/revoke")
        return self._api_request("POST", endpoint)

    @api_version("3.1.0")
    def status_bookmark(self, id) -> Status:
        """Bookmark a status (privately: its author is not told).

        :param id: the status, or its ID.

        Returns the toot dict of the status, with ``bookmarked`` true.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/bookmark")

    @api_version("3.1.0")
    def status_unbookmark(self, id) -> Status:
        """Remove a status from the user's bookmarks.

        :param id: the status, or its ID.

        Returns the toot dict of the status, with ``bookmarked`` false.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/unbookmark")
