"""Hashtags: reading, following and featuring them, and the logged-in user's followed
and featured tags."""

from typing import Any

from ._base import ClientBase
from ._params import path_id, plain_cursor
from ._versions import api_version
from .errors import MastodonIllegalArgumentError
from .return_types import FeaturedTag, NonPaginatableList, PaginatableList, Tag
from .types_base import IdType


def _tag_name(value: object, name: str) -> str:
    """A hashtag's name as given; a hashtag dict stands for its ``name`` (its ``id``
    is a database ID, which these endpoints do not take)."""
    if isinstance(value, dict):
        value = value.get("name")
    if not isinstance(value, str) or not value.strip().lstrip("#").strip():
        raise MastodonIllegalArgumentError(
            f"{name} must be a hashtag like 'caturday' (or a hashtag dict), not {value!r}")
    return value


def _tag_path(value: object, name: str) -> str:
    """A hashtag's name for a URL path. A leading ``#`` is refused, as Mastodon.py
    refuses it: in a URL it would start the fragment."""
    value = _tag_name(value, name)
    if value.startswith("#"):
        raise MastodonIllegalArgumentError(
            f"give the hashtag without its '#': {value[1:]!r}, not {value!r}")
    return path_id(value, name)


class TagsMixin(ClientBase):
    """Hashtags, followed tags and featured tags."""

    # --- reading -----------------------------------------------------------------

    @api_version("4.0.0")
    def tag(self, hashtag: str | dict[str, Any]) -> Tag:
        """Fetch a hashtag and how much it was used over the past week.

        :param hashtag: the hashtag's name without the ``#`` (case does not matter),
            or a hashtag dict; a leading ``#`` raises :class:`MastodonIllegalArgumentError`.

        Returns a hashtag dict: ``name``, ``url``, ``history`` (daily ``uses`` and
        ``accounts``), and, when logged in, ``following`` and (Mastodon 4.4+)
        ``featuring``. Works without logging in.
        """
        return self._api_request("GET", f"/api/v1/tags/{_tag_path(hashtag, 'hashtag')}")

    @api_version("4.0.0", "4.1.0")
    def followed_tags(self, max_id: IdType | None = None, min_id: IdType | None = None,
                      since_id: IdType | None = None,
                      limit: int | None = None) -> PaginatableList[Tag]:
        """Fetch the hashtags the logged-in user follows.

        :param max_id: only results older than this ID; for paging, pass a result to
            :meth:`fetch_next` or :meth:`fetch_previous` instead, as the server pages
            this list by the ID of the follow, not of the hashtag.
        :param min_id: the results just newer than this ID, for paging forwards.
        :param since_id: only results newer than this ID.
        :param limit: how many to return (the server's default is 100, its maximum 200).

        Returns a list of hashtag dicts (paginated since Mastodon 4.1).
        """
        params = {"max_id": plain_cursor("max_id", max_id),
                  "min_id": plain_cursor("min_id", min_id),
                  "since_id": plain_cursor("since_id", since_id),
                  "limit": limit}
        return self._api_request("GET", "/api/v1/followed_tags", params)

    @api_version("3.0.0")
    def featured_tags(self) -> NonPaginatableList[FeaturedTag]:
        """Fetch the hashtags the logged-in user features on their profile.

        Returns a list of featured tag dicts: ``id`` (of the feature, for
        :meth:`featured_tag_delete`), ``name``, ``url``, ``statuses_count`` and
        ``last_status_at``.
        """
        return self._api_request("GET", "/api/v1/featured_tags")

    @api_version("3.0.0")
    def featured_tag_suggestions(self) -> NonPaginatableList[Tag]:
        """Fetch hashtags the logged-in user used recently and might want to feature
        (up to 10).

        Returns a list of hashtag dicts.
        """
        return self._api_request("GET", "/api/v1/featured_tags/suggestions")

    # --- writing -----------------------------------------------------------------

    @api_version("4.0.0", "4.1.0")
    def tag_follow(self, hashtag: str | dict[str, Any]) -> Tag:
        """Follow a hashtag: posts with it appear in the logged-in user's home timeline.

        :param hashtag: the hashtag's name without the ``#``, or a hashtag dict.

        Following a hashtag already followed is not an error on Mastodon 4.1+.
        Returns the hashtag dict, with ``following`` true.
        """
        return self._api_request("POST", f"/api/v1/tags/{_tag_path(hashtag, 'hashtag')}/follow")

    @api_version("4.0.0")
    def tag_unfollow(self, hashtag: str | dict[str, Any]) -> Tag:
        """Stop following a hashtag.

        :param hashtag: the hashtag's name without the ``#``, or a hashtag dict.

        Unfollowing a hashtag that is not followed is not an error. Returns the
        hashtag dict, with ``following`` false.
        """
        return self._api_request("POST", f"/api/v1/tags/{_tag_path(hashtag, 'hashtag')}/unfollow")

    @api_version("4.4.0")
    def tag_feature(self, name: str | dict[str, Any]) -> Tag:
        """Feature a hashtag on the logged-in user's profile (the newer way to do what
        :meth:`featured_tag_create` does).

        :param name: the hashtag's name without the ``#``, or a hashtag dict.

        Featuring a hashtag already featured is not an error. Returns the hashtag
        dict, with ``featuring`` true.
        """
        return self._api_request("POST", f"/api/v1/tags/{_tag_path(name, 'name')}/feature")

    @api_version("4.4.0")
    def tag_unfeature(self, name: str | dict[str, Any]) -> Tag:
        """Stop featuring a hashtag on the logged-in user's profile.

        :param name: the hashtag's name without the ``#``, or a hashtag dict.

        Returns the hashtag dict, with ``featuring`` false.
        """
        return self._api_request("POST", f"/api/v1/tags/{_tag_path(name, 'name')}/unfeature")

    @api_version("3.0.0")
    def featured_tag_create(self, name: str | dict[str, Any]) -> FeaturedTag:
        """Feature a hashtag on the logged-in user's profile.

        :param name: the hashtag's name, with or without the ``#`` (sent as given; the
            server drops it), or a hashtag dict.

        Raises :class:`MastodonAPIError` (HTTP 422) when the server refuses the name,
        e.g. one of digits only. Returns the new featured tag dict; its ``id`` is
        what :meth:`featured_tag_delete` takes.
        """
        return self._api_request("POST", "/api/v1/featured_tags", {"name": _tag_name(name, "name")})

    @api_version("3.0.0")
    def featured_tag_delete(self, id: IdType) -> None:
        """Stop featuring a hashtag on the logged-in user's profile.

        :param id: the featured tag's ID, or a featured tag dict (from
            :meth:`featured_tags` or :meth:`featured_tag_create`); not the hashtag's
            name (use :meth:`tag_unfeature` for that).

        Returns ``None``, as Mastodon.py does (the server answers with nothing).
        """
        return self._api_request("DELETE", f"/api/v1/featured_tags/{path_id(id)}")
