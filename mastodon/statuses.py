"""Statuses: reading, posting, interacting, scheduled statuses."""

import re
from datetime import datetime, timedelta, timezone

from ._client import path_id, unpack_id
from ._results import AttribAccessDict
from ._versions import api_version
from .errors import MastodonIllegalArgumentError

# Least to most restrictive; a reply never gets a wider audience than its parent.
VISIBILITIES = ("public", "unlisted", "private", "direct")
# Pleroma and Akkoma also know "local" (visible on the home server only).
PLEROMA_VISIBILITIES = VISIBILITIES + ("local",)
REBLOG_VISIBILITIES = ("public", "unlisted", "private")
QUOTE_APPROVAL_POLICIES = ("public", "followers", "nobody")
# Mastodon refuses to schedule a status sooner than this.
MIN_SCHEDULE_LEAD = timedelta(minutes=5)


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
    """Refuse a time the server would refuse: not a datetime, or less than five minutes
    ahead. A naive datetime is local time."""
    if not isinstance(scheduled_at, datetime):
        raise MastodonIllegalArgumentError(
            f"scheduled_at must be a datetime, not {type(scheduled_at).__name__}")
    lead = scheduled_at.astimezone(timezone.utc) - datetime.now(timezone.utc)
    if lead < MIN_SCHEDULE_LEAD:
        raise MastodonIllegalArgumentError(
            f"scheduled_at must be at least 5 minutes in the future; {scheduled_at.isoformat()} "
            f"is {'in the past' if lead.total_seconds() < 0 else 'too soon'}")
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
    """The poll as sent: options and duration, and the flags only when set."""
    if not isinstance(poll, dict) or "options" not in poll or "expires_in" not in poll:
        raise MastodonIllegalArgumentError(
            "poll must be a dict with 'options' and 'expires_in', as make_poll() returns")
    options, expires_in = _check_poll_options(poll["options"], poll["expires_in"])
    params = {"options": options, "expires_in": expires_in}
    for flag in ("multiple", "hide_totals"):
        if poll.get(flag):
            params[flag] = True
    return params


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


class StatusesMixin:
    """Statuses: reading, posting, interacting, scheduled statuses."""

    # --- reading -------------------------------------------------------------------

    @api_version("1.0.0")
    def status(self, id):
        """Read one status.

        :param id: the status, or its ID.

        Returns a toot dict. Public statuses can be read without logging in;
        private ones need a token that may see them (otherwise the server answers
        404, raised as :class:`MastodonNotFoundError`).
        """
        return self._api_request("GET", f"/api/v1/statuses/{path_id(id)}")

    @api_version("1.0.0")
    def status_context(self, id):
        """The thread around a status: what it replies to and the replies to it.

        :param id: the status, or its ID.

        Returns a context dict: ``ancestors`` (oldest first) and ``descendants``,
        both lists of toot dicts.
        """
        return self._api_request("GET", f"/api/v1/statuses/{path_id(id)}/context")

    @api_version("1.0.0")
    def status_reblogged_by(self, id):
        """The accounts that boosted a status.

        :param id: the status, or its ID.

        Returns a list of user dicts (paginated: see :meth:`fetch_next`).
        """
        return self._api_request("GET", f"/api/v1/statuses/{path_id(id)}/reblogged_by")

    @api_version("1.0.0")
    def status_favourited_by(self, id):
        """The accounts that favourited a status.

        :param id: the status, or its ID.

        Returns a list of user dicts (paginated: see :meth:`fetch_next`).
        """
        return self._api_request("GET", f"/api/v1/statuses/{path_id(id)}/favourited_by")

    @api_version("1.0.0", "3.0.0")
    def status_card(self, id):
        """The preview card of the link in a status.

        Mastodon 3.0 removed the card endpoint; since 2.6 a status carries its card
        itself. So this reads the status and returns its ``card``, which works on
        every current server. Only on a server known to run a version older than
        3.0.0 is the old ``/api/v1/statuses/:id/card`` endpoint used.

        :param id: the status, or its ID.

        Returns a card dict, or ``None`` when the status has no card (or the server
        has not made it yet: cards are fetched in the background after posting).
        """
        if self.version_check_mode != "none" or self._version_known:
            if self._server_version() < (3, 0, 0):
                card = self._api_request("GET", f"/api/v1/statuses/{path_id(id)}/card")
                return card or None  # old servers answer {} for "no card"
        return self.status(id).get("card")

    @api_version("2.7.0", "3.3.0")
    def scheduled_statuses(self, max_id=None, min_id=None, since_id=None, limit=None):
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
    def scheduled_status(self, id):
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
                    quote_approval_policy=None):
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
            instead of posting a duplicate, so a retried request is safe.
        :param content_type: the markup of the text (``"text/plain"``,
            ``"text/markdown"``, ``"text/html"``, ``"text/bbcode"``). Mastodon does not
            know it; it needs ``feature_set="pleroma"`` (or ``strict_content_type``).
        :param scheduled_at: a ``datetime`` at least five minutes ahead (a naive one
            is local time): the status is posted then, and a scheduled toot dict is
            returned now. Sent as ISO 8601 in UTC.
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
        }
        headers = {"Idempotency-Key": str(idempotency_key)} if idempotency_key is not None else None
        return self._api_request("POST", "/api/v1/statuses", params, headers=headers,
                                 use_json=poll_params is not None)

    @api_version("1.0.0", "4.5.0")
    def status_reply(self, to_status, status, media_ids=None, sensitive=False, visibility=None,
                     spoiler_text=None, language=None, idempotency_key=None, content_type=None,
                     scheduled_at=None, poll=None, untag=False, quote_id=None,
                     strict_content_type=False, quoted_status_id=None,
                     quote_approval_policy=None):
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
    def toot(self, status):
        """Post a status with just its text and the user's defaults: the shortest way
        to say something. See :meth:`status_post` for everything else.

        Returns a toot dict.
        """
        return self.status_post(status)

    def make_poll(self, options, expires_in, multiple=False, hide_totals=False):
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
    def status_reblog(self, id, visibility=None):
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
    def status_unreblog(self, id):
        """Undo a boost.

        :param id: the boosted status (not the boost itself), or its ID.

        Returns a toot dict: the status that was boosted.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/unreblog")

    @api_version("1.0.0")
    def status_favourite(self, id):
        """Favourite a status.

        :param id: the status, or its ID.

        Returns a toot dict of the status, now with ``favourited`` true.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/favourite")

    @api_version("1.0.0")
    def status_unfavourite(self, id):
        """Take back a favourite.

        :param id: the status, or its ID.

        Returns a toot dict of the status.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/unfavourite")

    @api_version("1.4.0")
    def status_mute(self, id):
        """Mute the conversation a status is in: no more notifications from it.

        :param id: a status of the conversation, or its ID.

        Returns a toot dict of the status, with ``muted`` true.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/mute")

    @api_version("1.4.0")
    def status_unmute(self, id):
        """Unmute the conversation a status is in.

        :param id: a status of the conversation, or its ID.

        Returns a toot dict of the status.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/unmute")

    @api_version("2.1.0")
    def status_pin(self, id):
        """Pin one of the user's own statuses to their profile.

        :param id: the status, or its ID.

        Returns a toot dict of the status, with ``pinned`` true.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/pin")

    @api_version("2.1.0")
    def status_unpin(self, id):
        """Unpin a status from the user's profile.

        :param id: the status, or its ID.

        Returns a toot dict of the status.
        """
        return self._api_request("POST", f"/api/v1/statuses/{path_id(id)}/unpin")

    @api_version("1.0.0", "4.4.0")
    def status_delete(self, id, delete_media=None):
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
    def scheduled_status_update(self, id, scheduled_at):
        """Move a scheduled status to another time.

        :param id: the scheduled status, or its ID.
        :param scheduled_at: the new time, a ``datetime`` at least five minutes ahead
            (a naive one is local time).

        Returns the scheduled toot dict as updated.
        """
        _check_scheduled_at(scheduled_at)
        return self._api_request("PUT", f"/api/v1/scheduled_statuses/{path_id(id)}",
                                 {"scheduled_at": scheduled_at})

    @api_version("2.7.0")
    def scheduled_status_delete(self, id):
        """Cancel a scheduled status: it will not be posted.

        :param id: the scheduled status, or its ID.

        Returns an empty dict.
        """
        return self._api_request("DELETE", f"/api/v1/scheduled_statuses/{path_id(id)}")
