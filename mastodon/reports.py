"""Reports: telling the server's moderators about an account."""

from collections.abc import Iterable

from ._base import ClientBase
from ._params import unpack_id
from ._versions import api_version
from .errors import MastodonIllegalArgumentError
from .return_types import NonPaginatableList, Report
from .types_base import IdType

REPORT_CATEGORIES = ("spam", "legal", "violation", "other")
# One ID (or result dict), or several in a list, tuple or set.
Ids = IdType | list[IdType] | tuple[IdType, ...] | set[IdType] | frozenset[IdType]


def _id_list(value: Ids | None) -> list[IdType] | None:
    """A list of IDs from one ID, one dict, or a list of either (``None`` stays)."""
    if value is None:
        return None
    if isinstance(value, (list, tuple, set, frozenset)):
        return [unpack_id(v) for v in value]
    return [unpack_id(value)]


class ReportsMixin(ClientBase):
    """Reports."""

    @api_version("1.1.0")
    def reports(self) -> NonPaginatableList[Report]:
        """The reports the logged-in user has filed.

        Mastodon removed this endpoint in 2.5.0: newer servers answer with an error
        (raised as :class:`MastodonNotFoundError` or another
        :class:`MastodonAPIError`). Moderators can read reports with
        :meth:`admin_reports`.

        Returns a list of report dicts.
        """
        return self._api_request("GET", "/api/v1/reports")

    @api_version("1.1.0", "4.2.0")
    def report(self, account_id: IdType, status_ids: Ids | None = None,
               comment: str | None = None, forward: bool = False, category: str | None = None,
               rule_ids: Ids | None = None,
               forward_to_domains: str | Iterable[str] | None = None,
               collection_ids: Ids | None = None) -> Report:
        """Report an account to the server's moderators.

        :param account_id: the account to report (its ID or account dict).
        :param status_ids: statuses of that account to attach as evidence (IDs or toot
            dicts; one or a list).
        :param comment: why you report it (at most 1000 characters by default).
        :param forward: for a remote account, also send the report to its server's
            moderators (Mastodon 2.3.0 and newer). Sent only when true.
        :param category: ``"spam"``, ``"legal"`` (4.2.0 and newer), ``"violation"``
            or ``"other"`` (Mastodon 3.5.0 and newer; the server's default is
            ``"other"``).
        :param rule_ids: for ``"violation"`` reports, the IDs of the server rules
            broken (see the instance's ``rules``); giving them makes the report a
            violation report on Mastodon 4.0 and newer.
        :param forward_to_domains: with ``forward``, the remote domains to send the
            report to (those of accounts mentioned in the reported statuses).
        :param collection_ids: collections of that account to attach as context (IDs or
            collection dicts; one or a list; Mastodon 4.6.0 and newer).

        Returns a report dict.
        """
        if account_id is None:
            raise MastodonIllegalArgumentError("report needs the account_id of the account to report")
        if category is not None and category not in REPORT_CATEGORIES:
            raise MastodonIllegalArgumentError(
                f"invalid report category {category!r}: use one of {', '.join(REPORT_CATEGORIES)}")
        if forward_to_domains is not None and isinstance(forward_to_domains, str):
            forward_to_domains = [forward_to_domains]
        params = {
            "account_id": unpack_id(account_id),
            "status_ids": _id_list(status_ids),
            "comment": comment,
            "forward": True if forward else None,
            "category": category,
            "rule_ids": _id_list(rule_ids),
            "forward_to_domains": list(forward_to_domains) if forward_to_domains is not None else None,
            "collection_ids": _id_list(collection_ids),
        }
        # With the trailing slash, as Mastodon.py sends it (the server takes both).
        return self._api_request("POST", "/api/v1/reports/", params)
