"""The admin API for insight into the server: the dashboard's statistics (measures,
dimensions, retention) and the trends as moderators see and review them."""

from datetime import date
from typing import Any

from ._admin_params import bare_domain, one_of, plain_id
from ._base import ClientBase
from ._params import path_id
from ._versions import api_version
from .errors import MastodonIllegalArgumentError
from .return_types import (
    AdminCohort,
    AdminDimension,
    AdminMeasure,
    AdminTag,
    NonPaginatableList,
    Status,
    TrendingLink,
)
from .types_base import IdType

# The buckets of a retention report.
RETENTION_FREQUENCIES = ("day", "month")
# Statistics that admin_measures() / admin_dimensions() ask for with a flag (the others
# take a tag ID or a domain).
MEASURE_FLAGS = ("active_users", "new_users", "interactions", "opened_reports", "resolved_reports")
MEASURE_TAG_KEYS = ("tag_accounts", "tag_uses", "tag_servers")
MEASURE_DOMAIN_KEYS = ("instance_accounts", "instance_media_attachments", "instance_reports",
                       "instance_statuses", "instance_follows", "instance_followers")
DIMENSION_FLAGS = ("languages", "sources", "servers", "space_usage", "software_versions")
DIMENSION_TAG_KEYS = ("tag_servers", "tag_languages")
DIMENSION_DOMAIN_KEYS = ("instance_accounts", "instance_languages")


def _period(start_at: date | None, end_at: date | None) -> dict[str, Any]:
    if start_at is None or end_at is None:
        raise MastodonIllegalArgumentError("start_at and end_at are both needed (dates or datetimes)")
    return {"start_at": start_at, "end_at": end_at}


def _metric_keys(what: str, flags: tuple[str, ...], tag_keys: tuple[str, ...],
                 domain_keys: tuple[str, ...], values: dict[str, Any]) -> dict[str, Any]:
    """The ``keys[]`` and nested parameters of a measures or dimensions request: flags
    that are on, plus each tag or domain statistic that was given its tag or domain."""
    keys = [key for key in flags if values[key]]
    params: dict[str, Any] = {}
    for key in tag_keys:
        if values[key] is not None:
            keys.append(key)
            params[key] = {"id": plain_id(values[key], key)}
    for key in domain_keys:
        if values[key] is not None:
            keys.append(key)
            params[key] = {"domain": bare_domain(values[key], key)}
    if not keys:
        raise MastodonIllegalArgumentError(
            f"ask for at least one {what}: set one of {', '.join(flags + tag_keys + domain_keys)}")
    return {"keys": keys, **params}


class AdminInsightsMixin(ClientBase):
    """The admin API's dashboard statistics and trend reviews, for moderators and admins."""

    # --- dashboard statistics ----------------------------------------------------

    @api_version("3.5.0", "4.0.0")
    def admin_measures(self, start_at: date, end_at: date, active_users: bool = False,
                       new_users: bool = False, interactions: bool = False,
                       opened_reports: bool = False, resolved_reports: bool = False,
                       tag_accounts: IdType | None = None, tag_uses: IdType | None = None,
                       tag_servers: IdType | None = None, instance_accounts: str | None = None,
                       instance_media_attachments: str | None = None,
                       instance_reports: str | None = None,
                       instance_statuses: str | None = None,
                       instance_follows: str | None = None,
                       instance_followers: str | None = None) -> NonPaginatableList[AdminMeasure]:
        """Read the dashboard's counts for a period, day by day. Ask for at least one.

        :param start_at: the period's first day (a ``date`` or ``datetime``; the server
            ignores the time of day).
        :param end_at: the period's last day.
        :param active_users: users active on this server in the period.
        :param new_users: users who signed up in the period.
        :param interactions: favourites, boosts and replies on local posts.
        :param opened_reports: reports filed.
        :param resolved_reports: reports resolved.
        :param tag_accounts: for this tag (an ID or tag dict): accounts that used it.
        :param tag_uses: for this tag: posts that used it.
        :param tag_servers: for this tag: servers whose posts used it.
        :param instance_accounts: for this remote domain: accounts discovered.
        :param instance_media_attachments: for this remote domain: space its media uses.
        :param instance_reports: for this remote domain: reports against its accounts.
        :param instance_statuses: for this remote domain: its posts.
        :param instance_follows: for this remote domain: its accounts followed by local
            ones.
        :param instance_followers: for this remote domain: local accounts its accounts
            follow.

        Some of these (``instance_statuses`` in particular) are slow to compute on a
        big server. Needs ``admin:read``.

        Returns a list of admin measure dicts, one per statistic asked for: ``key``,
        ``unit``, ``total`` (as a string), ``previous_total`` (for the period before),
        and ``data``, a list of ``date`` / ``value`` dicts.
        """
        params = _period(start_at, end_at)
        params.update(_metric_keys("measure", MEASURE_FLAGS, MEASURE_TAG_KEYS, MEASURE_DOMAIN_KEYS, {
            "active_users": active_users, "new_users": new_users, "interactions": interactions,
            "opened_reports": opened_reports, "resolved_reports": resolved_reports,
            "tag_accounts": tag_accounts, "tag_uses": tag_uses, "tag_servers": tag_servers,
            "instance_accounts": instance_accounts,
            "instance_media_attachments": instance_media_attachments,
            "instance_reports": instance_reports, "instance_statuses": instance_statuses,
            "instance_follows": instance_follows, "instance_followers": instance_followers,
        }))
        return self._api_request("POST", "/api/v1/admin/measures", params)

    @api_version("3.5.0", "4.0.0")
    def admin_dimensions(
            self, start_at: date, end_at: date, limit: int | None = None,
            languages: bool = False, sources: bool = False, servers: bool = False,
            space_usage: bool = False, software_versions: bool = False,
            tag_servers: IdType | None = None, tag_languages: IdType | None = None,
            instance_accounts: str | None = None,
            instance_languages: str | None = None) -> NonPaginatableList[AdminDimension]:
        """Read the dashboard's rankings for a period (top languages, apps, servers,
        ...). Ask for at least one.

        :param start_at: the period's first day (a ``date`` or ``datetime``; the server
            ignores the time of day).
        :param end_at: the period's last day.
        :param limit: how many entries each ranking has at most.
        :param languages: the languages most used by local users.
        :param sources: the apps most used to post.
        :param servers: the remote servers with the most posts.
        :param space_usage: the space the database, cache and media take.
        :param software_versions: the versions of Mastodon, Ruby, PostgreSQL, Redis.
        :param tag_servers: for this trending tag (an ID or tag dict): the servers
            posting it most.
        :param tag_languages: for this trending tag: the languages it is used in most.
        :param instance_accounts: for this remote domain: its most-followed accounts.
        :param instance_languages: for this remote domain: its most-used languages.

        Needs ``admin:read``.

        Returns a list of admin dimension dicts, one per ranking asked for: ``key`` and
        ``data``, a list of dicts with ``key``, ``human_key``, ``value`` (and for sizes
        ``unit`` and ``human_value``).
        """
        params = _period(start_at, end_at)
        params.update(_metric_keys("dimension", DIMENSION_FLAGS, DIMENSION_TAG_KEYS,
                                   DIMENSION_DOMAIN_KEYS, {
            "languages": languages, "sources": sources, "servers": servers,
            "space_usage": space_usage, "software_versions": software_versions,
            "tag_servers": tag_servers, "tag_languages": tag_languages,
            "instance_accounts": instance_accounts, "instance_languages": instance_languages,
        }))
        params["limit"] = limit
        return self._api_request("POST", "/api/v1/admin/dimensions", params)

    @api_version("3.5.0", "4.0.0")
    def admin_retention(self, start_at: date, end_at: date,
                        frequency: str = "day") -> NonPaginatableList[AdminCohort]:
        """Read how many of the users who signed up in each day (or month) of a period
        stayed active afterwards.

        :param start_at: the period's first day (a ``date`` or ``datetime``; the server
            ignores the time of day).
        :param end_at: the period's last day.
        :param frequency: ``"day"`` (the default) or ``"month"``: the size of the
            sign-up groups and of the steps in each.

        Needs ``admin:read``.

        Returns a list of admin cohort dicts: ``period`` (when the group signed up),
        ``frequency``, and ``data``, a list of dicts with ``date``, ``rate`` (the share
        still active, 0 to 1) and ``value`` (their number, as a string).
        """
        params = _period(start_at, end_at)
        # The server needs the frequency, so the default is sent too.
        params["frequency"] = one_of("frequency", frequency, RETENTION_FREQUENCIES)
        return self._api_request("POST", "/api/v1/admin/retention", params)

    # --- trends ------------------------------------------------------------------

    @api_version("3.5.0", "4.1.0")
    def admin_trending_tags(self, limit: int | None = None) -> NonPaginatableList[AdminTag]:
        """List the hashtags in use most over the past week, including those not
        (yet) approved to trend publicly.

        :param limit: how many tags to return at most.

        Needs ``admin:read`` and the right to manage trends.

        Returns a list of admin tag dicts: a tag dict (``name``, ``url``, ``history``)
        with ``id``, ``trendable``, ``usable`` and ``requires_review``. (Mastodon
        4.0.x returns plain tag dicts.)
        """
        return self._api_request("GET", "/api/v1/admin/trends/tags", {"limit": limit})

    @api_version("3.5.0")
    def admin_trending_statuses(self) -> NonPaginatableList[Status]:
        """List the posts interacted with most recently, including those not (yet)
        approved to trend publicly.

        Needs ``admin:read`` and the right to manage trends.

        Returns a list of toot dicts.
        """
        return self._api_request("GET", "/api/v1/admin/trends/statuses")

    @api_version("3.5.0")
    def admin_trending_links(self) -> NonPaginatableList[TrendingLink]:
        """List the links shared most recently, including those not (yet) approved to
        trend publicly.

        Needs ``admin:read`` and the right to manage trends.

        Returns a list of trending link dicts (preview card dicts with a ``history``).
        """
        return self._api_request("GET", "/api/v1/admin/trends/links")

    @api_version("4.2.0")
    def admin_approve_trending_tag(self, id: IdType) -> AdminTag:
        """Let a hashtag appear in the public trends.

        :param id: the tag (an ID or an admin tag dict from
            :meth:`admin_trending_tags`).

        Returns the updated admin tag dict.
        """
        return self._api_request("POST", f"/api/v1/admin/trends/tags/{path_id(id)}/approve")

    @api_version("4.2.0")
    def admin_reject_trending_tag(self, id: IdType) -> AdminTag:
        """Keep a hashtag out of the public trends.

        :param id: the tag (an ID or an admin tag dict from
            :meth:`admin_trending_tags`).

        Returns the updated admin tag dict.
        """
        return self._api_request("POST", f"/api/v1/admin/trends/tags/{path_id(id)}/reject")

    @api_version("4.2.0")
    def admin_approve_trending_status(self, id: IdType) -> Status:
        """Let a post appear in the public trends.

        :param id: the post (an ID or a toot dict).

        Returns the toot dict.
        """
        return self._api_request("POST", f"/api/v1/admin/trends/statuses/{path_id(id)}/approve")

    @api_version("4.2.0")
    def admin_reject_trending_status(self, id: IdType) -> Status:
        """Keep a post out of the public trends.

        :param id: the post (an ID or a toot dict).

        Returns the toot dict.
        """
        return self._api_request("POST", f"/api/v1/admin/trends/statuses/{path_id(id)}/reject")

    @api_version("4.2.0")
    def admin_approve_trending_link(self, id: IdType) -> TrendingLink:
        """Let a link appear in the public trends.

        :param id: the link (an ID or a trending link dict from
            :meth:`admin_trending_links`).

        Returns the trending link dict.
        """
        return self._api_request("POST", f"/api/v1/admin/trends/links/{path_id(id)}/approve")

    @api_version("4.2.0")
    def admin_reject_trending_link(self, id: IdType) -> TrendingLink:
        """Keep a link out of the public trends.

        :param id: the link (an ID or a trending link dict from
            :meth:`admin_trending_links`).

        Returns the trending link dict.
        """
        return self._api_request("POST", f"/api/v1/admin/trends/links/{path_id(id)}/reject")
