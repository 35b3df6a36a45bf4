"""The admin API for moderation: reports, and the blocks a server keeps against other
servers (domain blocks, the federation allow-list), IP addresses and e-mail addresses
(e-mail domain blocks, canonical e-mail blocks)."""

import ipaddress
from datetime import timedelta

from ._admin_params import bare_domain, id_page, one_of
from ._base import ClientBase
from ._params import path_id, unpack_id
from ._versions import api_version
from .errors import MastodonIllegalArgumentError
from .return_types import (
    AdminCanonicalEmailBlock,
    AdminDomainAllow,
    AdminDomainBlock,
    AdminEmailDomainBlock,
    AdminIpBlock,
    AdminReport,
    AttribAccessDict,
    NonPaginatableList,
    PaginatableList,
)
from .types_base import IdType

# How a report is classified (as for report(); "legal" exists since Mastodon 4.2.0).
REPORT_CATEGORIES = ("spam", "legal", "violation", "other")
# What a domain block does to a server: "noop" only records it (e.g. to reject media).
DOMAIN_BLOCK_SEVERITIES = ("silence", "suspend", "noop")
# What an IP block does to sign-ups (and, with "no_access", to every request) from it.
IP_BLOCK_SEVERITIES = ("sign_up_requires_approval", "sign_up_block", "no_access")

# An IP address or CIDR range: text, or an ipaddress object (an interface is an address).
_IpOrRange = (str | ipaddress.IPv4Address | ipaddress.IPv6Address | ipaddress.IPv4Network
              | ipaddress.IPv6Network)


def _ip(value: object, name: str = "ip") -> str:
    """An IP address or CIDR range, checked (so a typo fails before the request)."""
    text = str(value).strip() if value is not None else ""
    try:
        ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise MastodonIllegalArgumentError(
            f"{name} must be an IP address or range such as '192.0.2.7' or '192.0.2.0/24', "
            f"not {value!r}") from None
    return text


def _expires_in(value: object) -> int | None:
    """Seconds as an int; a ``timedelta`` is converted."""
    if value is None:
        return None
    if isinstance(value, timedelta):
        value = value.total_seconds()
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise MastodonIllegalArgumentError(
            f"expires_in must be a positive number of seconds (or a timedelta), not {value!r}")
    return int(value)


class AdminModerationMixin(ClientBase):
    """The admin API for reports and for blocks against servers, IP addresses and e-mail
    addresses."""

    # --- reports -----------------------------------------------------------------

    @api_version("2.9.1", "4.0.0")
    def admin_reports(self, resolved: bool = False, account_id: IdType | None = None,
                      target_account_id: IdType | None = None, max_id: IdType | None = None,
                      min_id: IdType | None = None, since_id: IdType | None = None,
                      limit: int | None = None,
                      unresolved: bool | None = None) -> PaginatableList[AdminReport]:
        """List reports: the open ones, or the resolved ones.

        :param resolved: list resolved reports instead of open ones.
        :param account_id: only reports filed by this account (an ID or account dict).
        :param target_account_id: only reports against this account (an ID or account
            dict).
        :param max_id: return only reports with an ID below this one.
        :param min_id: return the reports just above this ID (paging forward).
        :param since_id: return only reports with an ID above this one.
        :param limit: how many reports to return at most (100 by default, 200 at most).
        :param unresolved: ``True`` says "open reports" explicitly (what the server lists
            without ``resolved``); ``resolved=True`` with ``unresolved=True`` is refused,
            since no report is both.

        Needs a moderator's or admin's token with ``admin:read:reports``.

        Returns a list of report dicts, with pagination info.
        """
        if resolved and unresolved:
            raise MastodonIllegalArgumentError(
                "admin_reports: resolved=True and unresolved=True select no report; give one")
        params = {
            # The server reads any value of "resolved" as true; leaving it out lists open reports.
            "resolved": True if resolved else None,
            "account_id": account_id,
            "target_account_id": target_account_id,
            "max_id": max_id,
            "min_id": min_id,
            "since_id": since_id,
            "limit": limit,
        }
        return self._api_request("GET", "/api/v1/admin/reports", params)

    @api_version("2.9.1", "4.0.0")
    def admin_report(self, id: IdType) -> AdminReport:
        """Read one report: who filed it, against whom, the comment, the reported
        statuses, who handles it and whether it was resolved.

        :param id: the report (an ID or a report dict).

        Returns a report dict.
        """
        return self._api_request("GET", f"/api/v1/admin/reports/{path_id(id)}")

    @api_version("2.9.1", "4.0.0")
    def admin_report_assign(self, id: IdType) -> AdminReport:
        """Take a report: assign it to the account whose token this client uses.

        :param id: the report (an ID or a report dict).

        Returns the updated report dict.
        """
        return self._api_request("POST", f"/api/v1/admin/reports/{path_id(id)}/assign_to_self")

    @api_version("2.9.1", "4.0.0")
    def admin_report_unassign(self, id: IdType) -> AdminReport:
        """Release a report, so that no one is assigned to it.

        :param id: the report (an ID or a report dict).

        Returns the updated report dict.
        """
        return self._api_request("POST", f"/api/v1/admin/reports/{path_id(id)}/unassign")

    @api_version("2.9.1", "4.0.0")
    def admin_report_reopen(self, id: IdType) -> AdminReport:
        """Open a resolved report again.

        :param id: the report (an ID or a report dict).

        Returns the updated report dict.
        """
        return self._api_request("POST", f"/api/v1/admin/reports/{path_id(id)}/reopen")

    @api_version("2.9.1", "4.0.0")
    def admin_report_resolve(self, id: IdType) -> AdminReport:
        """Close a report without taking action against the account (to act on it, use
        :meth:`admin_account_moderate` with ``report_id``).

        :param id: the report (an ID or a report dict).

        Returns the updated report dict.
        """
        return self._api_request("POST", f"/api/v1/admin/reports/{path_id(id)}/resolve")

    @api_version("3.5.0", "4.0.0")
    def admin_update_report(self, id: IdType, category: str | None = None,
                            rule_ids: list[IdType] | tuple[IdType, ...] | None = None
                            ) -> AdminReport:
        """Reclassify a report: change its category, or the server rules it says
        were broken. Only what is given is sent.

        :param id: the report (an ID or a report dict).
        :param category: ``"spam"``, ``"legal"`` (Mastodon 4.2.0 and newer),
            ``"violation"`` or ``"other"``.
        :param rule_ids: for a ``"violation"`` report, the IDs of the rules broken
            (rule IDs or rule dicts, see :meth:`instance_rules`).

        Needs a moderator's or admin's token with ``admin:write:reports``.

        Returns the updated report dict.
        """
        if category is None and rule_ids is None:
            raise MastodonIllegalArgumentError(
                "admin_update_report: give a category, rule_ids, or both")
        if category is not None:
            one_of("category", category, REPORT_CATEGORIES)
        if rule_ids is not None and not isinstance(rule_ids, (list, tuple)):
            raise MastodonIllegalArgumentError(
                f"rule_ids must be a list of rule IDs, not {rule_ids!r}")
        params = {
            "category": category,
            "rule_ids": [unpack_id(rule) for rule in rule_ids] if rule_ids is not None else None,
        }
        return self._api_request("PUT", f"/api/v1/admin/reports/{path_id(id)}", params)

    # --- domain blocks -----------------------------------------------------------

    @api_version("4.0.0")
    def admin_domain_blocks(
            self, id: IdType | None = None, max_id: IdType | None = None,
            min_id: IdType | None = None, since_id: IdType | None = None,
            limit: int | None = None) -> PaginatableList[AdminDomainBlock] | AdminDomainBlock:
        """List the servers this server blocks (or limits) from federating, or read
        one such block.

        :param id: read only this block (an ID or a domain block dict) and return it
            alone, like :meth:`admin_domain_block`; it cannot be combined with paging.
        :param max_id: return only blocks with an ID below this one.
        :param min_id: return the blocks just above this ID (paging forward).
        :param since_id: return only blocks with an ID above this one.
        :param limit: how many blocks to return at most (100 by default, 200 at most).

        Needs ``admin:read:domain_blocks``.

        Returns a list of admin domain block dicts (``id``, ``domain``, ``severity``,
        ``reject_media``, ``reject_reports``, ``private_comment``, ``public_comment``,
        ``obfuscate``, ``created_at``), with pagination info; with ``id``, one admin
        domain block dict.
        """
        if id is not None:
            if any(value is not None for value in (max_id, min_id, since_id, limit)):
                raise MastodonIllegalArgumentError(
                    "admin_domain_blocks() reads one block when given an id; "
                    "max_id, min_id, since_id and limit only apply to the list")
            return self.admin_domain_block(id)
        # Both domain block collection requests end in a slash, as Mastodon.py sends
        # them (the server answers both forms).
        return self._api_request("GET", "/api/v1/admin/domain_blocks/",
                                 id_page(max_id, min_id, since_id, limit))

    @api_version("4.0.0")
    def admin_domain_block(self, id: IdType) -> AdminDomainBlock:
        """Read one block against a server.

        :param id: the block (an ID or an admin domain block dict).

        Returns an admin domain block dict.
        """
        return self._api_request("GET", f"/api/v1/admin/domain_blocks/{path_id(id)}")

    @api_version("4.0.0")
    def admin_create_domain_block(self, domain: str, severity: str | None = None,
                                  reject_media: bool | None = None,
                                  reject_reports: bool | None = None,
                                  private_comment: str | None = None,
                                  public_comment: str | None = None,
                                  obfuscate: bool | None = None) -> AdminDomainBlock:
        """Block or limit a server (and its subdomains).

        :param domain: the server's domain, e.g. ``"spam.example"`` (a URL is cut down
            to its domain).
        :param severity: ``"silence"`` (hide its accounts from those who do not follow
            them; the server's default), ``"suspend"`` (cut it off and remove its
            data) or ``"noop"`` (only the media and report options below).
        :param reject_media: do not download or show the server's media files.
        :param reject_reports: ignore reports that come from the server.
        :param private_comment: a note for the other moderators.
        :param public_comment: a reason that may be shown publicly (on the about page).
        :param obfuscate: hide part of the domain where the block list is shown publicly.

        Options left at ``None`` are not sent; the server then uses its defaults
        (``False`` for the flags). The server refuses a domain that an existing block
        already covers at least as strictly.

        Returns the new admin domain block dict.
        """
        if severity is not None:
            one_of("severity", severity, DOMAIN_BLOCK_SEVERITIES)
        params = {
            "domain": bare_domain(domain),
            "severity": severity,
            "reject_media": reject_media,
            "reject_reports": reject_reports,
            "private_comment": private_comment,
            "public_comment": public_comment,
            "obfuscate": obfuscate,
        }
        return self._api_request("POST", "/api/v1/admin/domain_blocks/", params)

    @api_version("4.0.0")
    def admin_update_domain_block(self, id: IdType, severity: str | None = None,
                                  reject_media: bool | None = None,
                                  reject_reports: bool | None = None,
                                  private_comment: str | None = None,
                                  public_comment: str | None = None,
                                  obfuscate: bool | None = None) -> AdminDomainBlock:
        """Change a block against a server. Only the options given are changed.

        :param id: the block (an ID or an admin domain block dict).
        :param severity: ``"silence"``, ``"suspend"`` or ``"noop"``.
        :param reject_media: do not download or show the server's media files.
        :param reject_reports: ignore reports that come from the server.
        :param private_comment: a note for the other moderators.
        :param public_comment: a reason that may be shown publicly.
        :param obfuscate: hide part of the domain where the block list is shown publicly.

        Returns the updated admin domain block dict.
        """
        block_id = path_id(id)
        if severity is not None:
            one_of("severity", severity, DOMAIN_BLOCK_SEVERITIES)
        params = {
            "severity": severity,
            "reject_media": reject_media,
            "reject_reports": reject_reports,
            "private_comment": private_comment,
            "public_comment": public_comment,
            "obfuscate": obfuscate,
        }
        return self._api_request("PUT", f"/api/v1/admin/domain_blocks/{block_id}", params)

    @api_version("4.0.0")
    def admin_delete_domain_block(self, id: IdType) -> None:
        """Lift a block against a server.

        :param id: the block (an ID or an admin domain block dict).

        Returns ``None`` (Mastodon answers with nothing, and Mastodon.py returns ``None``).
        """
        return self._api_request("DELETE", f"/api/v1/admin/domain_blocks/{path_id(id)}")

    # --- domain allows -----------------------------------------------------------

    @api_version("4.0.0")
    def admin_domain_allows(self, max_id: IdType | None = None,
                            min_id: IdType | None = None, since_id: IdType | None = None,
                            limit: int | None = None) -> PaginatableList[AdminDomainAllow]:
        """List the servers this server federates with when it runs in limited
        federation (allow-list) mode.

        :param max_id: return only entries with an ID below this one.
        :param min_id: return the entries just above this ID (paging forward).
        :param since_id: return only entries with an ID above this one.
        :param limit: how many entries to return at most (100 by default, 200 at most).

        Needs ``admin:read:domain_allows``.

        Returns a list of admin domain allow dicts (``id``, ``domain``,
        ``created_at``), with pagination info.
        """
        return self._api_request("GET", "/api/v1/admin/domain_allows",
                                 id_page(max_id, min_id, since_id, limit))

    @api_version("4.0.0")
    def admin_domain_allow(self, id: IdType) -> AdminDomainAllow:
        """Read one entry of the federation allow-list.

        :param id: the entry (an ID or an admin domain allow dict).

        Returns an admin domain allow dict.
        """
        return self._api_request("GET", f"/api/v1/admin/domain_allows/{path_id(id)}")

    @api_version("4.0.0")
    def admin_create_domain_allow(self, domain: str) -> AdminDomainAllow:
        """Allow a server to federate with this one (in limited federation mode).

        :param domain: the server's domain (a URL is cut down to its domain).

        Returns the admin domain allow dict (the existing one if the server was
        already allowed).
        """
        return self._api_request("POST", "/api/v1/admin/domain_allows", {"domain": bare_domain(domain)})

    @api_version("4.0.0")
    def admin_delete_domain_allow(self, id: IdType) -> None:
        """Remove a server from the federation allow-list.

        :param id: the entry (an ID or an admin domain allow dict).

        Returns ``None`` where the server answers with nothing, as Mastodon does (and as
        Mastodon.py returns); a server that answers more gives its answer.
        """
        return self._api_request("DELETE", f"/api/v1/admin/domain_allows/{path_id(id)}")

    # --- e-mail domain blocks ----------------------------------------------------

    @api_version("4.0.0")
    def admin_email_domain_blocks(self, max_id: IdType | None = None,
                                  min_id: IdType | None = None, since_id: IdType | None = None,
                                  limit: int | None = None) -> PaginatableList[AdminEmailDomainBlock]:
        """List the e-mail domains that cannot be used to sign up.

        :param max_id: return only blocks with an ID below this one.
        :param min_id: return the blocks just above this ID (paging forward).
        :param since_id: return only blocks with an ID above this one.
        :param limit: how many blocks to return at most (100 by default, 200 at most).

        Needs ``admin:read:email_domain_blocks``.

        Returns a list of admin e-mail domain block dicts (``id``, ``domain``,
        ``created_at`` and ``history``, the daily sign-up attempts), with pagination
        info.
        """
        return self._api_request("GET", "/api/v1/admin/email_domain_blocks",
                                 id_page(max_id, min_id, since_id, limit))

    @api_version("4.1.0")
    def admin_email_domain_block(self, id: IdType) -> AdminEmailDomainBlock:
        """Read one blocked e-mail domain.

        :param id: the block (an ID or an admin e-mail domain block dict).

        Returns an admin e-mail domain block dict.
        """
        return self._api_request("GET", f"/api/v1/admin/email_domain_blocks/{path_id(id)}")

    @api_version("4.0.0")
    def admin_create_email_domain_block(self, domain: str) -> AdminEmailDomainBlock:
        """Refuse sign-ups with e-mail addresses of a domain.

        :param domain: the e-mail domain, e.g. ``"throwaway.example"``.

        Returns the new admin e-mail domain block dict.
        """
        return self._api_request("POST", "/api/v1/admin/email_domain_blocks",
                                 {"domain": bare_domain(domain)})

    @api_version("4.0.0")
    def admin_delete_email_domain_block(self, id: IdType) -> None:
        """Allow sign-ups from a blocked e-mail domain again.

        :param id: the block (an ID or an admin e-mail domain block dict).

        Returns ``None`` (Mastodon answers with nothing, and Mastodon.py returns ``None``).
        """
        return self._api_request("DELETE", f"/api/v1/admin/email_domain_blocks/{path_id(id)}")

    # --- IP blocks ---------------------------------------------------------------

    @api_version("4.0.0")
    def admin_ip_blocks(self, max_id: IdType | None = None,
                        min_id: IdType | None = None, since_id: IdType | None = None,
                        limit: int | None = None) -> PaginatableList[AdminIpBlock]:
        """List the IP addresses and ranges whose sign-ups (or access) are restricted.

        :param max_id: return only blocks with an ID below this one.
        :param min_id: return the blocks just above this ID (paging forward).
        :param since_id: return only blocks with an ID above this one.
        :param limit: how many blocks to return at most (100 by default, 200 at most).

        Needs ``admin:read:ip_blocks``.

        Returns a list of admin IP block dicts (``id``, ``ip`` as a CIDR range,
        ``severity``, ``comment``, ``created_at``, ``expires_at``), with pagination
        info.
        """
        return self._api_request("GET", "/api/v1/admin/ip_blocks",
                                 id_page(max_id, min_id, since_id, limit))

    @api_version("4.0.0")
    def admin_ip_block(self, id: IdType) -> AdminIpBlock:
        """Read one IP block.

        :param id: the block (an ID or an admin IP block dict).

        Returns an admin IP block dict.
        """
        return self._api_request("GET", f"/api/v1/admin/ip_blocks/{path_id(id)}")

    @api_version("4.0.0")
    def admin_create_ip_block(self, ip: _IpOrRange, severity: str, comment: str | None = None,
                              expires_in: float | timedelta | None = None) -> AdminIpBlock:
        """Restrict an IP address or range.

        :param ip: the address or CIDR range, e.g. ``"192.0.2.0/24"`` (a string or an
            :mod:`ipaddress` object).
        :param severity: ``"sign_up_requires_approval"`` (sign-ups from there wait for
            approval), ``"sign_up_block"`` (no sign-ups) or ``"no_access"`` (no access
            at all).
        :param comment: a note on why, for the other moderators.
        :param expires_in: lift the block after this many seconds (or a
            ``timedelta``); ``None`` keeps it until it is deleted.

        Returns the new admin IP block dict. The server refuses a range that is
        already blocked.
        """
        params = {
            "ip": _ip(ip),
            "severity": one_of("severity", severity, IP_BLOCK_SEVERITIES),
            "comment": comment,
            "expires_in": _expires_in(expires_in),
        }
        return self._api_request("POST", "/api/v1/admin/ip_blocks", params)

    @api_version("4.0.0")
    def admin_update_ip_block(self, id: IdType, ip: _IpOrRange | None = None,
                              severity: str | None = None, comment: str | None = None,
                              expires_in: float | timedelta | None = None) -> AdminIpBlock:
        """Change an IP block. Only what is given is changed.

        :param id: the block (an ID or an admin IP block dict).
        :param ip: a new address or CIDR range.
        :param severity: ``"sign_up_requires_approval"``, ``"sign_up_block"`` or
            ``"no_access"``.
        :param comment: a new note.
        :param expires_in: lift the block this many seconds (or a ``timedelta``) from
            now.

        Returns the updated admin IP block dict.
        """
        block_id = path_id(id)
        params = {
            "id": unpack_id(id),  # Mastodon.py also sends it (the server ignores it)
            "ip": _ip(ip) if ip is not None else None,
            "severity": one_of("severity", severity, IP_BLOCK_SEVERITIES) if severity is not None else None,
            "comment": comment,
            "expires_in": _expires_in(expires_in),
        }
        return self._api_request("PUT", f"/api/v1/admin/ip_blocks/{block_id}", params)

    @api_version("4.0.0")
    def admin_delete_ip_block(self, id: IdType) -> None:
        """Lift an IP block.

        :param id: the block (an ID or an admin IP block dict).

        Returns ``None`` (Mastodon answers with nothing, and Mastodon.py returns ``None``).
        """
        return self._api_request("DELETE", f"/api/v1/admin/ip_blocks/{path_id(id)}")

    # --- canonical e-mail blocks -------------------------------------------------

    @api_version("4.0.0")
    def admin_canonical_email_blocks(self, max_id: IdType | None = None,
                                     min_id: IdType | None = None, since_id: IdType | None = None,
                                     limit: int | None = None) -> PaginatableList[AdminCanonicalEmailBlock]:
        """List the blocked e-mail addresses. The server keeps only a hash of each
        address in its canonical form (lower case, no dots or ``+suffix`` in the local
        part), so variants of a blocked address are blocked too.

        :param max_id: return only blocks with an ID below this one.
        :param min_id: return the blocks just above this ID (paging forward).
        :param since_id: return only blocks with an ID above this one.
        :param limit: how many blocks to return at most (100 by default, 200 at most).

        Needs ``admin:read:canonical_email_blocks``.

        Returns a list of admin canonical e-mail block dicts (``id``,
        ``canonical_email_hash``), with pagination info.
        """
        return self._api_request("GET", "/api/v1/admin/canonical_email_blocks",
                                 id_page(max_id, min_id, since_id, limit))

    @api_version("4.0.0")
    def admin_canonical_email_block(self, id: IdType) -> AdminCanonicalEmailBlock:
        """Read one blocked e-mail address (as its hash).

        :param id: the block (an ID or an admin canonical e-mail block dict).

        Returns an admin canonical e-mail block dict.
        """
        return self._api_request("GET", f"/api/v1/admin/canonical_email_blocks/{path_id(id)}")

    @api_version("4.0.0")
    def admin_test_canonical_email_block(
            self, email: str) -> NonPaginatableList[AdminCanonicalEmailBlock]:
        """Check whether an e-mail address is blocked: the server canonicalizes and
        hashes it and returns the blocks that match. Nothing is changed.

        :param email: the e-mail address to check.

        Returns a list of admin canonical e-mail block dicts (empty if the address is
        not blocked).
        """
        if not isinstance(email, str) or not email.strip():
            raise MastodonIllegalArgumentError(f"email must be an e-mail address, not {email!r}")
        return self._api_request("POST", "/api/v1/admin/canonical_email_blocks/test",
                                 {"email": email})

    @api_version("4.0.0")
    def admin_create_canonical_email_block(
            self, email: str | None = None,
            canonical_email_hash: str | None = None) -> AdminCanonicalEmailBlock:
        """Block an e-mail address, and its variants, from signing up.

        :param email: the address; the server canonicalizes and hashes it.
        :param canonical_email_hash: the SHA-256 hash (hex) of a canonical address,
            for blocking an address without sending it.

        Give exactly one of the two.

        Returns the new admin canonical e-mail block dict.
        """
        if (email is None) == (canonical_email_hash is None):
            raise MastodonIllegalArgumentError("give either email or canonical_email_hash (exactly one)")
        for name, value in (("email", email), ("canonical_email_hash", canonical_email_hash)):
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise MastodonIllegalArgumentError(f"{name} must be a non-empty string, not {value!r}")
        params = {"email": email, "canonical_email_hash": canonical_email_hash}
        return self._api_request("POST", "/api/v1/admin/canonical_email_blocks", params)

    @api_version("4.0.0")
    def admin_delete_canonical_email_block(self, id: IdType) -> AttribAccessDict:
        """Lift the block of an e-mail address.

        :param id: the block (an ID or an admin canonical e-mail block dict).

        Returns what the server answers: an empty dict on Mastodon.
        """
        return self._api_request("DELETE", f"/api/v1/admin/canonical_email_blocks/{path_id(id)}")
