"""Posting statuses: ``status_post``, ``status_reply`` and ``toot``, the polls and
media attributes they take, the length of a status, editing (``status_update``), and
scheduled statuses. Reading and acting on statuses is in ``statuses.py``."""

import secrets
from datetime import datetime, timedelta
from typing import Any

from ._base import ClientBase
from ._params import path_id, unpack_id
from ._results import AttribAccessDict
from ._status_params import (
    PLEROMA_VISIBILITIES,
    QUOTE_APPROVAL_POLICIES,
    VISIBILITIES,
    MediaAttributes,
    MediaIds,
    check_poll_options,
    check_quote_approval_policy,
    check_scheduled_at,
    check_visibility,
    media_attributes_params,
    media_id_list,
    mentioned,
    poll_params,
    thumbnail_data_uri,
)
from ._uploads import focus_param
from ._versions import api_version, require_version
from .errors import MastodonIllegalArgumentError
from .return_types import PaginatableList, ScheduledStatus, Status
from .types_base import IdType, PathOrFile


class StatusPostingMixin(ClientBase):
    """Posting, editing and scheduling statuses."""

    # --- posting ------------------------------------------------------------------

    def _check_post_arguments(
            self, visibility: str | None, media_ids: MediaIds | None,
            scheduled_at: datetime | None, poll: dict[str, Any] | None, content_type: str | None,
            strict_content_type: bool, quote_id: IdType | None, quoted_status_id: IdType | None,
            quote_approval_policy: str | None,
    ) -> tuple[str | None, list[Any] | None, dict[str, Any] | None]:
        """Refuse what the server would refuse; returns the visibility, media IDs and poll
        as they are sent."""
        allowed = PLEROMA_VISIBILITIES if self.feature_set == "pleroma" else VISIBILITIES
        sent_visibility = check_visibility(visibility, allowed)
        sent_media_ids = media_id_list(media_ids)
        if poll is not None and sent_media_ids:
            raise MastodonIllegalArgumentError(
                "a status cannot have both media and a poll: pass media_ids or poll, not both")
        sent_poll = poll_params(poll) if poll is not None else None
        if scheduled_at is not None:
            check_scheduled_at(scheduled_at)
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
        if quote_approval_policy is not None:
            check_quote_approval_policy(quote_approval_policy)

        return sent_visibility, sent_media_ids, sent_poll

    @api_version("1.0.0", "4.5.0")
    def status_post(self, status: str, in_reply_to_id: IdType | None = None,
                    media_ids: MediaIds | None = None, sensitive: bool = False,
                    visibility: str | None = None, spoiler_text: str | None = None,
                    language: str | None = None, idempotency_key: str | None = None,
                    content_type: str | None = None, scheduled_at: datetime | None = None,
                    poll: dict[str, Any] | None = None, quote_id: IdType | None = None,
                    strict_content_type: bool = False, quoted_status_id: IdType | None = None,
                    quote_approval_policy: str | None = None) -> Status | ScheduledStatus:
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
        sent_visibility, sent_media_ids, sent_poll = self._check_post_arguments(
            visibility, media_ids, scheduled_at, poll, content_type, strict_content_type,
            quote_id, quoted_status_id, quote_approval_policy)

        params: dict[str, Any] = {
            "status": status,
            "in_reply_to_id": in_reply_to_id,
            "media_ids": sent_media_ids,
            "sensitive": True if sensitive else None,
            "visibility": sent_visibility,
            "spoiler_text": spoiler_text,
            "language": language,
            "content_type": content_type,
            "scheduled_at": scheduled_at,
            "poll": sent_poll,
            "quote_id": quote_id,
            "quoted_status_id": quoted_status_id,
            "quote_approval_policy": quote_approval_policy,
            # Mastodon.py also sends the policies it checks against (the server ignores them).
            "valid_policies": (list(QUOTE_APPROVAL_POLICIES)
                               if quote_approval_policy is not None else None),
        }
        # One key per logical post, reused by every retry of it: the server then answers
        # a repeat with the status it already made.
        key = str(idempotency_key) if idempotency_key is not None else secrets.token_hex(16)
        return self._api_request("POST", "/api/v1/statuses", params,
                                 headers={"Idempotency-Key": key},
                                 use_json=sent_poll is not None)

    @api_version("1.0.0", "4.5.0")
    def status_reply(self, to_status: IdType, status: str, media_ids: MediaIds | None = None,
                     sensitive: bool = False, visibility: str | None = None,
                     spoiler_text: str | None = None, language: str | None = None,
                     idempotency_key: str | None = None, content_type: str | None = None,
                     scheduled_at: datetime | None = None, poll: dict[str, Any] | None = None,
                     untag: bool = False, quote_id: IdType | None = None,
                     strict_content_type: bool = False, quoted_status_id: IdType | None = None,
                     quote_approval_policy: str | None = None) -> Status | ScheduledStatus:
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
        parent = to_status if isinstance(to_status, dict) else self.status(to_status)
        if parent.get("reblog"):
            parent = parent["reblog"]
        me = self._api_request("GET", "/api/v1/accounts/verify_credentials")
        my_id = str(me["id"])

        people = [parent["account"]]
        if not untag:
            people += parent.get("mentions") or []
        seen = {my_id}
        prefix = ""
        for person in people:
            person_id = str(person["id"])
            if person_id in seen:
                continue
            seen.add(person_id)
            if not mentioned(person["acct"], status):
                prefix += "@" + person["acct"] + " "

        if visibility is None:
            visibility = parent.get("visibility")
            allowed = PLEROMA_VISIBILITIES if self.feature_set == "pleroma" else VISIBILITIES
            if visibility is not None and visibility not in allowed:
                visibility = "direct"  # a fork's level we cannot rank: the narrowest
            default = (me.get("source") or {}).get("privacy")
            if visibility in VISIBILITIES and default in VISIBILITIES:
                visibility = max(visibility, default, key=VISIBILITIES.index)
        if spoiler_text is None:
            spoiler_text = parent.get("spoiler_text") or None

        return self.status_post(
            prefix + status, in_reply_to_id=parent["id"], media_ids=media_ids,
            sensitive=sensitive, visibility=visibility, spoiler_text=spoiler_text,
            language=language, idempotency_key=idempotency_key, content_type=content_type,
            scheduled_at=scheduled_at, poll=poll, quote_id=quote_id,
            strict_content_type=strict_content_type, quoted_status_id=quoted_status_id,
            quote_approval_policy=quote_approval_policy)

    @api_version("1.0.0")
    def toot(self, status: str) -> Status | ScheduledStatus:
        """Post a status with just its text and the user's defaults: the shortest way
        to say something. See :meth:`status_post` for everything else.

        Returns a toot dict.
        """
        return self.status_post(status)

    def make_poll(self, options: list[str], expires_in: int | timedelta, multiple: bool = False,
                  hide_totals: bool = False) -> AttribAccessDict:
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
        checked_options, seconds = check_poll_options(options, expires_in)
        return AttribAccessDict(options=checked_options, expires_in=seconds,
                                multiple=bool(multiple), hide_totals=bool(hide_totals))

    @staticmethod
    def get_status_length(text: str, spoiler_text: str | None = "") -> int:
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
        # The counting rules and the table of top-level domains on first use, not at import.
        from ._status_length import status_length

        return status_length(text, spoiler_text)

    # --- editing ------------------------------------------------------------------

    @api_version("3.5.0", "4.5.0")
    def status_update(self, id: IdType, status: str | None, spoiler_text: str | None = None,
                      sensitive: bool | None = None, media_ids: MediaIds | None = None,
                      poll: dict[str, Any] | None = None,
                      media_attributes: MediaAttributes | None = None,
                      quote_approval_policy: str | None = None,
                      language: str | None = None) -> Status:
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
        sent_media_ids = media_id_list(media_ids)
        attributes = media_attributes_params(media_attributes)
        if attributes:
            listed = {str(media_id) for media_id in sent_media_ids or ()}
            sent_media_ids = list(sent_media_ids or ()) + [
                entry["id"] for entry in attributes if entry["id"] not in listed]
        if poll is not None and sent_media_ids:
            raise MastodonIllegalArgumentError(
                "a status cannot have both media and a poll: pass media_ids or poll, not both")
        sent_poll = poll_params(poll) if poll is not None else None
        if not sent_media_ids and (status is None or not str(status).strip()):
            raise MastodonIllegalArgumentError(
                "an edited status needs its text (status), unless it keeps or gets media")
        if quote_approval_policy is not None:
            check_quote_approval_policy(quote_approval_policy)
        if language is not None:
            require_version(self, "4.0.0", "status_update()'s language parameter")
        if quote_approval_policy is not None:
            require_version(self, "4.5.0", "status_update()'s quote_approval_policy parameter")

        params = {
            "status": status,
            "spoiler_text": spoiler_text,
            "sensitive": None if sensitive is None else bool(sensitive),
            "language": language,
            "media_ids": sent_media_ids,
            "media_attributes": attributes,
            "poll": sent_poll,
            "quote_approval_policy": quote_approval_policy,
        }
        return self._api_request("PUT", endpoint, params,
                                 use_json=sent_poll is not None or attributes is not None)

    def generate_media_edit_attributes(self, id: IdType, description: str | None = None,
                                       focus: tuple[float, float] | None = None,
                                       thumbnail: PathOrFile | bytes | None = None,
                                       thumb_mimetype: str | None = None) -> AttribAccessDict:
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
            attributes["thumbnail"] = thumbnail_data_uri(thumbnail, thumb_mimetype)
        return attributes

    # --- scheduled statuses -------------------------------------------------------

    @api_version("2.7.0", "3.3.0")
    def scheduled_statuses(self, max_id: IdType | None = None, min_id: IdType | None = None,
                           since_id: IdType | None = None,
                           limit: int | None = None) -> PaginatableList[ScheduledStatus]:
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
    def scheduled_status(self, id: IdType) -> ScheduledStatus:
        """Read one scheduled status.

        :param id: the scheduled status, or its ID (not the ID the status will have
            once posted).

        Returns a scheduled toot dict.
        """
        return self._api_request("GET", f"/api/v1/scheduled_statuses/{path_id(id)}")

    @api_version("2.7.0")
    def scheduled_status_update(self, id: IdType, scheduled_at: datetime) -> ScheduledStatus:
        """Move a scheduled status to another time.

        :param id: the scheduled status, or its ID.
        :param scheduled_at: the new time, a ``datetime`` (a naive one is local time);
            Mastodon wants it at least five minutes ahead, as for :meth:`status_post`.

        Returns the scheduled toot dict as updated.
        """
        check_scheduled_at(scheduled_at)
        return self._api_request("PUT", f"/api/v1/scheduled_statuses/{path_id(id)}",
                                 {"scheduled_at": scheduled_at})

    @api_version("2.7.0")
    def scheduled_status_delete(self, id: IdType) -> None:
        """Cancel a scheduled status: it will not be posted.

        :param id: the scheduled status, or its ID.

        Returns ``None``, as Mastodon.py does (the server answers with nothing).
        """
        return self._api_request("DELETE", f"/api/v1/scheduled_statuses/{path_id(id)}")
