"""Accounts: reading and acting on accounts."""

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from ._base import ClientBase
from ._params import path_id, unpack_id
from ._uploads import profile_fields, profile_image
from ._versions import api_version, server_older_than
from .errors import MastodonIllegalArgumentError, MastodonNotFoundError
from .return_types import (
    Account,
    CredentialAccount,
    FamiliarFollowers,
    FeaturedTag,
    NonPaginatableList,
    PaginatableList,
    Relationship,
    Status,
    UserList,
)
from .types_base import IdType, PathOrFile

# The profile field limit Mastodon.py 1.x checked before sending, for the servers of its
# time (before Mastodon 3.0); Mastodon's own default limit is still 4.
_OLD_SERVER_MAX_FIELDS = 4
# Allowed values of the profile's posting defaults.
POST_PRIVACIES = ("public", "unlisted", "private")
QUOTE_POLICIES = ("public", "followers", "nobody")
# One account (its ID or dict), or several in a list, tuple or set.
AccountIds = IdType | list[IdType] | tuple[IdType, ...] | set[IdType] | frozenset[IdType]
# Profile fields: (name, value) pairs, or dicts with "name" and "value".
ProfileFields = Iterable[tuple[str, str] | dict[str, str]]


def _id_list(ids: AccountIds, name: str) -> list[IdType]:
    """One ID (or result dict) or a list of them, as a non-empty list of IDs."""
    ids = list(ids) if isinstance(ids, (list, tuple, set, frozenset)) else [ids]
    if not ids:
        raise MastodonIllegalArgumentError(f"{name} needs at least one account ID")
    ids = [unpack_id(one) for one in ids]
    for one in ids:
        path_id(one, name)  # the same check as for a single ID in a path
    return ids


def _mute_seconds(duration: float | timedelta | None) -> int | None:
    if duration is None:
        return None
    if isinstance(duration, timedelta):
        duration = duration.total_seconds()
    if isinstance(duration, bool) or not isinstance(duration, (int, float)) or duration < 0:
        raise MastodonIllegalArgumentError(
            f"duration must be a number of seconds (0 or more) or a timedelta, not {duration!r}")
    return int(duration)


def _same_account(account: Mapping[str, Any], wanted: str, local_host: str | None) -> bool:
    """Whether a search result is the account ``wanted`` (``user@domain`` or a URL)."""
    acct = str(account.get("acct") or "").lower()
    if acct == wanted:
        return True
    if "@" not in acct:
        # A local account's acct has no domain: compare with this server's names.
        hosts = {local_host, urlsplit(str(account.get("url") or "")).hostname}
        if any(host and f"{acct}@{host}" == wanted for host in hosts):
            return True
    return wanted in (str(account.get("url") or "").lower(), str(account.get("uri") or "").lower())


class AccountsMixin(ClientBase):
    """Accounts: reading and acting on accounts."""

    # --- reading -----------------------------------------------------------------

    @api_version("1.0.0", "3.3.0")
    def account(self, id: IdType) -> Account:
        """Fetch an account.

        :param id: the account's ID (or an account dict).

        Returns a user dict. Works without logging in.
        """
        return self._api_request("GET", f"/api/v1/accounts/{path_id(id)}")

    @api_version("1.0.0")
    def account_verify_credentials(self) -> CredentialAccount:
        """Fetch the logged-in user's own account; a quick way to check that the access
        token works.

        Returns a user dict with the extra ``source`` dict (the plain-text bio, fields
        and posting defaults, as the profile editor needs them).
        """
        return self._api_request("GET", "/api/v1/accounts/verify_credentials")

    @api_version("1.0.0", "3.3.0")
    def account_statuses(self, id: IdType, only_media: bool = False, pinned: bool = False,
                         exclude_replies: bool = False, max_id: IdType | None = None,
                         min_id: IdType | None = None, since_id: IdType | None = None,
                         limit: int | None = None, exclude_reblogs: bool = False,
                         tagged: str | None = None,
                         exclude_direct: bool = False) -> PaginatableList[Status]:
        """Fetch the statuses an account posted, newest first, as its profile shows them.

        :param id: the account's ID (or an account dict).
        :param only_media: only statuses with media attachments.
        :param pinned: only the statuses the account pinned to its profile.
        :param exclude_replies: leave out replies to other accounts.
        :param max_id: only statuses older than this ID (or toot dict).
        :param min_id: the statuses just newer than this ID, for paging forwards.
        :param since_id: only statuses newer than this ID.
        :param limit: how many to return (the server's default is 20, its maximum 40).
        :param exclude_reblogs: leave out boosts.
        :param tagged: only statuses with this hashtag (with or without the ``#``).
        :param exclude_direct: leave out direct messages (which the account's own
            statuses, read by itself, include). Sent only when true.

        Returns a list of toot dicts; without a login only public statuses are shown.
        """
        params = {
            "only_media": True if only_media else None,
            "pinned": True if pinned else None,
            "exclude_replies": True if exclude_replies else None,
            "exclude_reblogs": True if exclude_reblogs else None,
            "exclude_direct": True if exclude_direct else None,
            "tagged": tagged.lstrip("#") if isinstance(tagged, str) else tagged,
            "max_id": max_id, "min_id": min_id, "since_id": since_id, "limit": limit,
        }
        return self._api_request("GET", f"/api/v1/accounts/{path_id(id)}/statuses", params)

    @api_version("1.0.0", "3.3.0")
    def account_following(self, id: IdType, max_id: IdType | None = None,
                          min_id: IdType | None = None, since_id: IdType | None = None,
                          limit: int | None = None) -> PaginatableList[Account]:
        """Fetch the accounts that an account follows.

        :param id: the account's ID (or an account dict).
        :param max_id: only results older than this ID (or dict); for paging, pass a
            result to :meth:`fetch_next` or :meth:`fetch_previous` instead, as the
            server pages these lists by an internal ID.
        :param min_id: the results just newer than this ID, for paging forwards.
        :param since_id: only results newer than this ID.
        :param limit: how many to return (the server's default is 40, its maximum 80).

        Returns a list of user dicts (empty when the account hides its network).
        """
        params = {"max_id": max_id, "min_id": min_id, "since_id": since_id, "limit": limit}
        return self._api_request("GET", f"/api/v1/accounts/{path_id(id)}/following", params)

    @api_version("1.0.0", "3.3.0")
    def account_followers(self, id: IdType, max_id: IdType | None = None,
                          min_id: IdType | None = None, since_id: IdType | None = None,
                          limit: int | None = None) -> PaginatableList[Account]:
        """Fetch the accounts that follow an account.

        :param id: the account's ID (or an account dict).
        :param max_id: only results older than this ID (or dict); for paging, pass a
            result to :meth:`fetch_next` or :meth:`fetch_previous` instead, as the
            server pages these lists by an internal ID.
        :param min_id: the results just newer than this ID, for paging forwards.
        :param since_id: only results newer than this ID.
        :param limit: how many to return (the server's default is 40, its maximum 80).

        Returns a list of user dicts (empty when the account hides its network).
        """
        params = {"max_id": max_id, "min_id": min_id, "since_id": since_id, "limit": limit}
        return self._api_request("GET", f"/api/v1/accounts/{path_id(id)}/followers", params)

    @api_version("1.0.0", "4.6.0")
    def account_relationships(
            self, id: AccountIds,
            with_suspended: bool | None = None) -> NonPaginatableList[Relationship]:
        """Fetch the logged-in user's relationships to one or more accounts: whether
        they follow each other, block, mute, have a pending follow request, and so on.

        :param id: an account ID (or account dict), or a list of them.
        :param with_suspended: also answer for suspended accounts (Mastodon 4.3+;
            the server leaves them out by default).

        Returns a list of relationship dicts, one per account, even for a single ID.
        """
        ids = _id_list(id, "account_relationships")
        # One account goes as ``id=``, several as ``id[]=`` (the server takes both), as
        # Mastodon.py sends them.
        one_or_more = ids if isinstance(id, (list, tuple, set, frozenset)) else ids[0]
        return self._api_request("GET", "/api/v1/accounts/relationships",
                                 {"id": one_or_more, "with_suspended": with_suspended})

    @api_version("1.0.0", "2.8.0")
    def account_search(self, q: str, limit: int | None = None, following: bool = False,
                       resolve: bool = False,
                       offset: int | None = None) -> NonPaginatableList[Account]:
        """Search accounts by username, display name or address.

        :param q: what to look for, e.g. ``"alice"`` or ``"alice@example.social"``.
        :param limit: how many to return (the server's default is 40, its maximum 80).
        :param following: only accounts the logged-in user follows.
        :param resolve: when ``q`` is a full address, look the account up on its own
            server if this one does not know it yet (WebFinger).
        :param offset: skip this many results, for paging.

        Returns a list of user dicts.
        """
        if q is None or not str(q).strip():
            raise MastodonIllegalArgumentError("account_search needs a query (q)")
        # Both flags are sent as given, also when false (as Mastodon.py sends them);
        # Mastodon.py 1.x, for servers older than 3.0, sent no resolve flag unless set.
        params: dict[str, Any] = {"q": q, "limit": limit, "offset": offset,
                                  "following": following, "resolve": resolve}
        if not resolve and server_older_than(self, (3, 0, 0)):
            del params["resolve"]
        return self._api_request("GET", "/api/v1/accounts/search", params)

    @api_version("2.1.0")
    def account_lists(self, id: IdType) -> NonPaginatableList[UserList]:
        """Fetch the logged-in user's lists that contain an account.

        :param id: the account's ID (or an account dict).

        Returns a list of list dicts.
        """
        return self._api_request("GET", f"/api/v1/accounts/{path_id(id)}/lists")

    # --- writing -----------------------------------------------------------------

    @api_version("1.0.0", "4.0.0")
    def account_follow(self, id: IdType, reblogs: bool = True,
                       notify: bool = False) -> Relationship:
        """Follow an account, or send it a follow request if it is locked.

        :param id: the account's ID (or an account dict).
        :param reblogs: with ``False``, the account's boosts stay out of the home
            timeline.
        :param notify: with ``True``, get a notification whenever the account posts.

        Both options are always sent, as Mastodon.py sends them, so calling this
        again for an account already followed sets both (the defaults turn boosts
        back on and stop the notifications). A server known to be older than Mastodon
        3.3, which has no ``notify``, gets what Mastodon.py 1.x sent it: ``reblogs`` and
        the account's ID.

        Returns a relationship dict (``following`` is true, or ``requested`` for a
        locked account).
        """
        params: dict[str, Any] = {"reblogs": reblogs}
        if server_older_than(self, (3, 3, 0)):
            params["id"] = unpack_id(id)  # Mastodon.py 1.x also sent it (the server ignores it)
        else:
            params["notify"] = notify
        return self._api_request("POST", f"/api/v1/accounts/{path_id(id)}/follow", params)

    @api_version("1.0.0", "3.0.0")
    def follows(self, uri: str) -> Relationship:
        """Follow an account by its address (``user@domain``), also one on another
        server.

        Mastodon 3.0 removed the remote-follow endpoint that this method once called.
        It now finds the account with a search that resolves the address (``GET
        /api/v2/search`` with ``resolve=true``, which fetches an unknown remote
        account through WebFinger) and then follows it (``POST
        /api/v1/accounts/:id/follow``). The search needs a logged-in user.

        :param uri: the account's address, ``"user@domain"`` (a leading ``@`` is
            fine), or its profile URL.

        Raises :class:`MastodonNotFoundError` if the server cannot find the account.
        Returns the user dict of the followed account.
        """
        if not isinstance(uri, str) or not uri.strip().lstrip("@"):
            raise MastodonIllegalArgumentError(f"follows needs an address like 'user@domain', not {uri!r}")
        uri = uri.strip()
        wanted = uri.lstrip("@").lower()
        found = self._api_request("GET", "/api/v2/search",
                                  {"q": uri, "resolve": True, "type": "accounts"})
        local_host = urlsplit(self.api_base_url or "").hostname
        for account in (found or {}).get("accounts") or []:
            if _same_account(account, wanted, local_host):
                self.account_follow(account)
                return account
        raise MastodonNotFoundError(f"follows: the server found no account {uri!r}", 404,
                                    "Not Found", "Record not found")

    @api_version("1.0.0")
    def account_unfollow(self, id: IdType) -> Relationship:
        """Stop following an account (or withdraw a pending follow request).

        :param id: the account's ID (or an account dict).

        Returns a relationship dict.
        """
        return self._api_request("POST", f"/api/v1/accounts/{path_id(id)}/unfollow")

    @api_version("1.0.0")
    def account_block(self, id: IdType) -> Relationship:
        """Block an account: it can no longer follow the logged-in user or see their
        posts, and any follows between the two end.

        :param id: the account's ID (or an account dict).

        Returns a relationship dict.
        """
        return self._api_request("POST", f"/api/v1/accounts/{path_id(id)}/block")

    @api_version("1.0.0")
    def account_unblock(self, id: IdType) -> Relationship:
        """Unblock an account.

        :param id: the account's ID (or an account dict).

        Returns a relationship dict.
        """
        return self._api_request("POST", f"/api/v1/accounts/{path_id(id)}/unblock")

    @api_version("1.1.0", "3.3.0")
    def account_mute(self, id: IdType, notifications: bool = True,
                     duration: float | timedelta | None = None) -> Relationship:
        """Mute an account: its posts (and, by default, notifications from it) are
        hidden from the logged-in user, without it being told.

        :param id: the account's ID (or an account dict).
        :param notifications: with ``False``, notifications from the account still
            arrive.
        :param duration: end the mute after this many seconds (or a ``timedelta``);
            by default it lasts until :meth:`account_unmute`. Mastodon 3.3+.

        Returns a relationship dict.
        """
        params = {"notifications": notifications,
                  "duration": _mute_seconds(duration)}
        return self._api_request("POST", f"/api/v1/accounts/{path_id(id)}/mute", params)

    @api_version("1.1.0")
    def account_unmute(self, id: IdType) -> Relationship:
        """Unmute an account.

        :param id: the account's ID (or an account dict).

        Returns a relationship dict.
        """
        return self._api_request("POST", f"/api/v1/accounts/{path_id(id)}/unmute")

    @api_version("2.5.0")
    def account_pin(self, id: IdType) -> Relationship:
        """Feature (endorse) an account on the logged-in user's profile.

        :param id: the account's ID (or an account dict); the user must follow it.

        Returns a relationship dict with ``endorsed`` true. :meth:`endorsements`
        lists the featured accounts.
        """
        return self._api_request("POST", f"/api/v1/accounts/{path_id(id)}/pin")

    @api_version("2.5.0")
    def account_unpin(self, id: IdType) -> Relationship:
        """Stop featuring an account on the logged-in user's profile.

        :param id: the account's ID (or an account dict).

        Returns a relationship dict with ``endorsed`` false.
        """
        return self._api_request("POST", f"/api/v1/accounts/{path_id(id)}/unpin")

    @api_version("1.1.1", "4.5.0")
    def account_update_credentials(self, display_name: str | None = None, note: str | None = None,
                                   avatar: PathOrFile | bytes | None = None,
                                   avatar_mime_type: str | None = None,
                                   header: PathOrFile | bytes | None = None,
                                   header_mime_type: str | None = None, locked: bool | None = None,
                                   fields: ProfileFields | None = None, bot: bool | None = None,
                                   discoverable: bool | None = None,
                                   hide_collections: bool | None = None,
                                   indexable: bool | None = None,
                                   attribution_domains: str | list[str] | None = None,
                                   default_privacy: str | None = None,
                                   default_sensitive: bool | None = None,
                                   default_language: str | None = None,
                                   default_quote_policy: str | None = None,
                                   avatar_description: str | None = None,
                                   header_description: str | None = None) -> CredentialAccount:
        """Update the logged-in user's profile and settings. Only what is given changes.

        :param display_name: the name shown on the profile.
        :param note: the bio, as plain text (the server turns it into HTML).
        :param avatar: the profile picture: a file path, the image's bytes, or a file
            object opened in binary mode.
        :param avatar_mime_type: the picture's MIME type, e.g. ``"image/png"``; guessed
            from the file name (or, for unnamed data, from its first bytes) if not given.
        :param header: the header image, given like ``avatar``.
        :param header_mime_type: the header's MIME type, guessed like the avatar's.
        :param locked: whether follow requests need approval.
        :param fields: the profile's metadata as a list of ``(name, value)`` pairs
            (servers allow 4 by default); replaces all existing fields. More than 4
            are refused before sending to a server known to be older than Mastodon
            3.0; newer servers judge (:class:`MastodonAPIError` when over their limit).
        :param bot: mark the account as automated.
        :param discoverable: list the account in the profile directory.
        :param hide_collections: hide whom the account follows and who follows it.
        :param indexable: let anyone search the account's public posts.
        :param attribution_domains: websites allowed to credit the account (a list of
            domains).
        :param default_privacy: the default visibility of new posts: ``"public"``,
            ``"unlisted"`` or ``"private"``.
        :param default_sensitive: mark new posts' media sensitive by default.
        :param default_language: the default language of new posts (ISO 639-1).
        :param default_quote_policy: who may quote new posts: ``"public"``,
            ``"followers"`` or ``"nobody"``.
        :param avatar_description: a plain-text description of the avatar, for people
            who cannot see it (Mastodon 4.6.0 and newer).
        :param header_description: the same for the header image.

        Raises :class:`MastodonFileNotFoundError` when an image path does not exist.
        Returns the updated user dict of the logged-in user, with its ``source``.
        """
        if default_privacy is not None and default_privacy not in POST_PRIVACIES:
            raise MastodonIllegalArgumentError(
                f"default_privacy must be one of {POST_PRIVACIES}, not {default_privacy!r}")
        if default_quote_policy is not None and default_quote_policy not in QUOTE_POLICIES:
            raise MastodonIllegalArgumentError(
                f"default_quote_policy must be one of {QUOTE_POLICIES}, not {default_quote_policy!r}")
        if isinstance(attribution_domains, str):
            attribution_domains = [attribution_domains]
        fields_attributes = profile_fields(fields)
        if (fields_attributes and len(fields_attributes) > _OLD_SERVER_MAX_FIELDS
                and server_older_than(self, (3, 0, 0))):
            # Mastodon.py 1.x refused these before sending; newer servers judge for
            # themselves (their limit may be set higher) and answer with an API error.
            raise MastodonIllegalArgumentError(
                f"at most {_OLD_SERVER_MAX_FIELDS} profile fields, not {len(fields_attributes)}")

        params: dict[str, Any] = {
            "display_name": display_name,
            "note": note,
            "locked": locked,
            "bot": bot,
            "discoverable": discoverable,
            "hide_collections": hide_collections,
            "indexable": indexable,
            "attribution_domains": attribution_domains,
            "fields_attributes": fields_attributes,
            "avatar_description": avatar_description,
            "header_description": header_description,
        }
        source = {"privacy": default_privacy, "sensitive": default_sensitive,
                  "language": default_language, "quote_policy": default_quote_policy}
        source = {key: value for key, value in source.items() if value is not None}
        if source:
            params["source"] = source
        files = {field: profile_image(field, image, mime_type) for field, image, mime_type
                 in (("avatar", avatar, avatar_mime_type), ("header", header, header_mime_type))
                 if image is not None}
        return self._api_request("PATCH", "/api/v1/accounts/update_credentials", params,
                                 files=files or None)

    # --- the modern surface (Mastodon 3.x and 4.x) -----------------------------------
    # reading

    @api_version("1.0.0")
    def me(self) -> CredentialAccount:
        """The logged-in user's own account: another name for
        :meth:`account_verify_credentials`. Each call asks the server, as in Mastodon.py,
        so the answer is never stale (follower counts, a profile just changed).

        Returns a user dict with ``source``.
        """
        return self._api_request("GET", "/api/v1/accounts/verify_credentials")

    @api_version("4.3.0")
    def accounts(self, ids: AccountIds) -> NonPaginatableList[Account]:
        """Fetch several accounts in one request.

        :param ids: a list of account IDs (or account dicts); a single ID works too.

        Returns a list of user dicts. Accounts that do not exist, or are not
        confirmed and approved, are left out, so the list may be shorter than
        ``ids``; match the results by their ``id``. Works without logging in.
        """
        return self._api_request("GET", "/api/v1/accounts", {"id": _id_list(ids, "ids")})

    @api_version("3.4.0")
    def account_lookup(self, acct: str) -> Account:
        """Find an account by its address, among the accounts this server already
        knows (no WebFinger lookup on other servers, unlike :meth:`account_search`
        with ``resolve=True``).

        :param acct: the address: ``"username"`` for a local account or
            ``"username@domain"`` for a remote one (a leading ``@`` is fine).

        Raises :class:`MastodonNotFoundError` when the server knows no such account.
        Returns a user dict.
        """
        if not isinstance(acct, str) or not acct.strip().lstrip("@"):
            raise MastodonIllegalArgumentError(
                f"account_lookup needs an address like 'user' or 'user@domain', not {acct!r}")
        return self._api_request("GET", "/api/v1/accounts/lookup",
                                 {"acct": acct.strip().lstrip("@")})

    @api_version("3.5.0")
    def account_familiar_followers(self, id: AccountIds) -> NonPaginatableList[FamiliarFollowers]:
        """Find the followers of one or more accounts that the logged-in user also
        follows ("followed by people you know").

        :param id: an account ID (or account dict), or a list of them.

        Returns a list of familiar followers dicts, one per account asked about:
        ``id`` (the account asked about) and ``accounts`` (a list of user dicts).
        """
        return self._api_request("GET", "/api/v1/accounts/familiar_followers",
                                 {"id": _id_list(id, "id")})

    @api_version("3.3.0")
    def account_featured_tags(self, id: IdType) -> NonPaginatableList[FeaturedTag]:
        """Fetch the hashtags an account features on its profile.

        :param id: the account's ID (or an account dict).

        Returns a list of featured tag dicts: ``id``, ``name``, ``url``,
        ``statuses_count`` and ``last_status_at``. Works without logging in.
        """
        return self._api_request("GET", f"/api/v1/accounts/{path_id(id)}/featured_tags")

    @api_version("4.4.0")
    def account_endorsements(self, id: IdType, max_id: IdType | None = None,
                             since_id: IdType | None = None,
                             limit: int | None = None) -> PaginatableList[Account]:
        """Fetch the accounts an account features (endorses) on its profile; for
        the logged-in user's own, :meth:`endorsements` needs no ID.

        :param id: the account's ID (or an account dict).
        :param max_id: only results older than this ID (or dict); for paging, pass a
            result to :meth:`fetch_next` or :meth:`fetch_previous` instead, as the
            server pages this list by an internal ID.
        :param since_id: only results newer than this ID.
        :param limit: how many to return (the server's default is 40, its maximum 80).

        Works without logging in. Returns a list of user dicts (empty when the
        account features no one).
        """
        params = {"max_id": max_id, "since_id": since_id, "limit": limit}
        return self._api_request("GET", f"/api/v1/accounts/{path_id(id)}/endorsements", params)

    # writing

    @api_version("4.4.0")
    def account_endorse(self, id: IdType) -> Relationship:
        """Feature (endorse) an account on the logged-in user's profile. This is the
        newer name of :meth:`account_pin`, which Mastodon 4.4 deprecated.

        :param id: the account's ID (or an account dict); the user must follow it.

        Featuring an account already featured is not an error. Returns a
        relationship dict with ``endorsed`` true.
        """
        return self._api_request("POST", f"/api/v1/accounts/{path_id(id)}/endorse")

    @api_version("4.4.0")
    def account_unendorse(self, id: IdType) -> Relationship:
        """Stop featuring an account on the logged-in user's profile (the newer name
        of :meth:`account_unpin`).

        :param id: the account's ID (or an account dict).

        Returns a relationship dict with ``endorsed`` false.
        """
        return self._api_request("POST", f"/api/v1/accounts/{path_id(id)}/unendorse")

    @api_version("3.2.0")
    def account_note_set(self, id: IdType, comment: str | None) -> Relationship:
        """Set the logged-in user's private note on an account (only they see it).

        :param id: the account's ID (or an account dict).
        :param comment: the note's text; ``""`` (or ``None``) removes the note.

        Returns a relationship dict, whose ``note`` is the note now set.
        """
        if comment is not None and not isinstance(comment, str):
            raise MastodonIllegalArgumentError(
                f"comment must be text, not {type(comment).__name__}")
        return self._api_request("POST", f"/api/v1/accounts/{path_id(id)}/note",
                                 {"comment": comment})

    @api_version("3.5.0")
    def account_remove_from_followers(self, id: IdType) -> Relationship:
        """Make an account stop following the logged-in user, without blocking it.

        :param id: the account's ID (or an account dict).

        Returns a relationship dict with ``followed_by`` false.
        """
        return self._api_request("POST", f"/api/v1/accounts/{path_id(id)}/remove_from_followers")

    @api_version("4.2.0")
    def account_delete_avatar(self) -> CredentialAccount:
        """Remove the logged-in user's profile picture; the server's default picture
        takes its place. Removing a picture that is not there is not an error.

        Returns the updated user dict of the logged-in user, with its ``source``.
        """
        return self._api_request("DELETE", "/api/v1/profile/avatar")

    @api_version("4.2.0")
    def account_delete_header(self) -> CredentialAccount:
        """Remove the logged-in user's header image; the server's default takes its
        place. Removing a header that is not there is not an error.

        Returns the updated user dict of the logged-in user, with its ``source``.
        """
        return self._api_request("DELETE", "/api/v1/profile/header")

    @api_version("3.4.0")
    def email_resend_confirmation(self) -> None:
        """Send the logged-in user's confirmation email again.

        Only works for a user who signed up through this app (see
        :meth:`create_account`) and has not confirmed the address yet; otherwise the
        server refuses with :class:`MastodonAPIError` (HTTP 403).

        Returns ``None``, as Mastodon.py does (the server answers with nothing).
        """
        return self._api_request("POST", "/api/v1/emails/confirmations")
