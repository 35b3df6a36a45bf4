"""The admin (moderation) API."""

import ipaddress
from datetime import timedelta

from ._base import ClientBase
from ._client import path_id, plain_cursor, unpack_id
from ._versions import api_version, require_version
from .errors import MastodonIllegalArgumentError
from .return_types import (
    AdminAccount,
    AdminCanonicalEmailBlock,
    AdminCohort,
    AdminDimension,
    AdminDomainAllow,
    AdminDomainBlock,
    AdminEmailDomainBlock,
    AdminIpBlock,
    AdminMeasure,
    AdminReport,
    AdminTag,
    AttribAccessDict,
    NonPaginatableList,
    PaginatableList,
    Status,
    TrendingLink,
)

# The account states admin_accounts() can filter for; the v1 API takes each as a flag.
ACCOUNT_STATUSES = ("active", "pending", "disabled", "silenced", "suspended")
# A v1 account filter flag that is set (the server checks only that it is there).
_V1_FLAG_SET = "True"
# Moderation actions; "none" records a warning without restricting the account.
MODERATION_ACTIONS = ("none", "disable", "silence", "suspend", "sensitive")
# Where admin_accounts_v2() can look: "origin" of the accounts.
ACCOUNT_ORIGINS = ("local", "remote")
# What a domain block does to a server: "noop" only records it (e.g. to reject media).
DOMAIN_BLOCK_SEVERITIES = ("silence", "suspend", "noop")
# What an IP block does to sign-ups (and, with "no_access", to every request) from it.
IP_BLOCK_SEVERITIES = ("sign_up_requires_approval", "sign_up_block", "no_access")
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


def _choice(name, value, allowed):
    """``value`` if it is one of ``allowed``, else a clear error."""
    if value not in allowed:
        raise MastodonIllegalArgumentError(
            f"{name} must be one of {', '.join(map(repr, allowed))}, not {value!r}")
    return value


def _domain(value, name="domain"):
    """A bare domain: ``"https://example.org/about"`` becomes ``"example.org"``, since
    the API compares the name alone and would quietly match nothing."""
    if not isinstance(value, str) or not value.strip():
        raise MastodonIllegalArgumentError(f"{name} must be a domain like 'example.org', not {value!r}")
    domain = value.strip()
    if "://" in domain:
        domain = domain.split("://", 1)[1]
    domain = domain.split("/", 1)[0]
    if not domain:
        raise MastodonIllegalArgumentError(f"{name} must be a domain like 'example.org', not {value!r}")
    return domain


def _page(max_id, min_id, since_id, limit):
    """Pagination parameters over plain (not time-based) IDs."""
    return {
        "max_id": plain_cursor("max_id", max_id),
        "min_id": plain_cursor("min_id", min_id),
        "since_id": plain_cursor("since_id", since_id),
        "limit": limit,
    }


def _ip(value, name="ip"):
    """An IP address or CIDR range, checked (so a typo fails before the request)."""
    text = str(value).strip() if value is not None else ""
    try:
        ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise MastodonIllegalArgumentError(
            f"{name} must be an IP address or range such as '192.0.2.7' or '192.0.2.0/24', "
            f"not {value!r}") from None
    return text


def _expires_in(value):
    """Seconds as an int; a ``timedelta`` is converted."""
    if value is None:
        return None
    if isinstance(value, timedelta):
        value = value.total_seconds()
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise MastodonIllegalArgumentError(
            f"expires_in must be a positive number of seconds (or a timedelta), not {value!r}")
    return int(value)


def _plain_id(value, name):
    """An ID (or a dict standing for one) for a parameter, refusing a missing one."""
    value = unpack_id(value)
    if value is None or isinstance(value, (dict, list, tuple, set, bool)) or not str(value).strip():
        raise MastodonIllegalArgumentError(f"{name} must be an ID or a dict with an 'id', not {value!r}")
    return value


def _period(start_at, end_at):
    if start_at is None or end_at is None:
        raise MastodonIllegalArgumentError("start_at and end_at are both needed (dates or datetimes)")
    return {"start_at": start_at, "end_at": end_at}


def _metric_keys(what, flags, tag_keys, domain_keys, values):
    """The ``keys[]`` and nested parameters of a measures or dimensions request: flags
    that are on, plus each tag or domain statistic that was given its tag or domain."""
    keys = [key for key in flags if values[key]]
    params = {}
    for key in tag_keys:
        if values[key] is not None:
            keys.append(key)
            params[key] = {"id": _plain_id(values[key], key)}
    for key in domain_keys:
        if values[key] is not None:
            keys.append(key)
            params[key] = {"domain": _domain(values[key], key)}
    if not keys:
        raise MastodonIllegalArgumentError(
            f"ask for at least one {what}: set one of {', '.join(flags + tag_keys + domain_keys)}")
    return {"keys": keys, **params}


class AdminMixin(ClientBase):
    """The admin (moderation) API: accounts and reports, for moderators and admins."""

    # --- accounts ----------------------------------------------------------------

    @api_version("2.9.1", "4.0.0")
    def admin_accounts(self, remote=False, by_domain=None, status="active", username=None,
                       display_name=None, email=None, ip=None, staff_only=False, max_id=None,
                       min_id=None, since_id=None, limit=None) -> PaginatableList[AdminAccount]:
        """List accounts for moderation, filtered as asked, through the v1 API: the same
        call as :meth:`admin_accounts_v1`, which takes the same parameters and is
        documented there. Mastodon lists local, active accounts unless told otherwise.

        On Mastodon 3.5.0 and newer, :meth:`admin_accounts_v2` offers more filters (by
        role, by inviter, all origins at once). This method keeps using the v1 API, so
        that code written for it gets the same results on every server.

        Needs a moderator's or admin's token with ``admin:read:accounts``.

        Returns a list of admin account dicts, with pagination info.
        """
        return self.admin_accounts_v1(
            remote=remote, by_domain=by_domain, status=status, username=username,
            display_name=display_name, email=email, ip=ip, staff_only=staff_only,
            max_id=max_id, min_id=min_id, since_id=since_id, limit=limit)

    @api_version("2.9.1", "4.0.0")
    def admin_account(self, id) -> AdminAccount:
        """Read one account as moderators see it: e-mail, IP addresses, role, whether
        it is confirmed, approved, disabled, silenced or suspended, and its public
        account dict under ``account``.

        :param id: the account (an ID or an account dict).

        Returns an admin account dict.
        """
        return self._api_request("GET", f"/api/v1/admin/accounts/{path_id(id)}")

    @api_version("2.9.1", "4.0.0")
    def admin_account_enable(self, id) -> AdminAccount:
        """Let a local account whose login was disabled log in again.

        :param id: the account (an ID or an account dict).

        Returns the updated admin account dict.
        """
        return self._api_request("POST", f"/api/v1/admin/accounts/{path_id(id)}/enable")

    @api_version("2.9.1", "4.0.0")
    def admin_account_approve(self, id) -> AdminAccount:
        """Approve a local account that is waiting for approval (on servers where sign-ups
        need it). The server refuses an account that is not pending.

        :param id: the account (an ID or an account dict).

        Returns the updated admin account dict.
        """
        return self._api_request("POST", f"/api/v1/admin/accounts/{path_id(id)}/approve")

    @api_version("2.9.1", "4.0.0")
    def admin_account_reject(self, id) -> AdminAccount:
        """Reject a local account that is waiting for approval; the server deletes it.
        The server refuses an account that is not pending.

        :param id: the account (an ID or an account dict).

        Returns the admin account dict of the rejected account.
        """
        return self._api_request("POST", f"/api/v1/admin/accounts/{path_id(id)}/reject")

    @api_version("2.9.1", "4.0.0")
    def admin_account_unsilence(self, id) -> AdminAccount:
        """Lift a silence from an account.

        :param id: the account (an ID or an account dict).

        Returns the updated admin account dict.
        """
        return self._api_request("POST", f"/api/v1/admin/accounts/{path_id(id)}/unsilence")

    @api_version("2.9.1", "4.0.0")
    def admin_account_unsuspend(self, id) -> AdminAccount:
        """Lift a suspension from an account.

        :param id: the account (an ID or an account dict).

        Returns the updated admin account dict.
        """
        return self._api_request("POST", f"/api/v1/admin/accounts/{path_id(id)}/unsuspend")

    @api_version("2.9.1", "3.3.0")
    def admin_account_moderate(self, id, action=None, report_id=None, warning_preset_id=None,
                               text=None,
                               send_email_notification=True) -> None:
        """Take a moderation action against an account. The server logs it and closes
        the open reports against the account.

        :param id: the account (an ID or an account dict).
        :param action: ``"disable"`` (block its login), ``"silence"`` (limit who sees
            it), ``"suspend"``, ``"sensitive"`` (mark all its media sensitive; Mastodon
            3.3.0 and newer) or ``None`` / ``"none"`` to only warn the user.
        :param report_id: the report (an ID or a report dict) that led to the action.
        :param warning_preset_id: a warning preset whose text is sent to the user.
        :param text: a note explaining the action, shown to the user.
        :param send_email_notification: e-mail the user about the action (the default);
            ``False`` acts without telling them.

        Undo the actions with :meth:`admin_account_enable`,
        :meth:`admin_account_unsilence` and :meth:`admin_account_unsuspend`.

        Returns ``None`` (Mastodon answers with nothing, and Mastodon.py returns
        ``None``). Read the account with :meth:`admin_account` to see its new state.
        """
        if action is None:
            action = "none"
        if action not in MODERATION_ACTIONS:
            raise MastodonIllegalArgumentError(
                f"action must be None or one of {', '.join(map(repr, MODERATION_ACTIONS))}, "
                f"not {action!r}")
        if action == "sensitive":
            require_version(self, "3.3.0", 'admin_account_moderate(action="sensitive")')
        params = {
            "type": action,
            "report_id": report_id,
            "warning_preset_id": warning_preset_id,
            "text": text,
            # Always sent, as Mastodon.py sends it; but False goes out as "0": left out
            # (as Mastodon.py leaves it), the server would e-mail the user after all.
            "send_email_notification": send_email_notification,
        }
        return self._api_request("POST", f"/api/v1/admin/accounts/{path_id(id)}/action", params)

    # --- reports -----------------------------------------------------------------

    @api_version("2.9.1", "4.0.0")
    def admin_reports(self, resolved=False, account_id=None, target_account_id=None,
                      max_id=None, min_id=None, since_id=None,
                      limit=None, unresolved=None) -> PaginatableList[AdminReport]:
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
    def admin_report(self, id) -> AdminReport:
        """Read one report: who filed it, against whom, the comment, the reported
        statuses, who handles it and whether it was resolved.

        :param id: the report (an ID or a report dict).

        Returns a report dict.
        """
        return self._api_request("GET", f"/api/v1/admin/reports/{path_id(id)}")

    @api_version("2.9.1", "4.0.0")
    def admin_report_assign(self, id) -> AdminReport:
        """Take a report: assign it to the account whose token this client uses.

        :param id: the report (an ID or a report dict).

        Returns the updated report dict.
        """
        return self._api_request("POST", f"/api/v1/admin/reports/{path_id(id)}/assign_to_self")

    @api_version("2.9.1", "4.0.0")
    def admin_report_unassign(self, id) -> AdminReport:
        """Release a report, so that no one is assigned to it.

        :param id: the report (an ID or a report dict).

        Returns the updated report dict.
        """
        return self._api_request("POST", f"/api/v1/admin/reports/{path_id(id)}/unassign")

    @api_version("2.9.1", "4.0.0")
    def admin_report_reopen(self, id) -> AdminReport:
        """Open a resolved report again.

        :param id: the report (an ID or a report dict).

        Returns the updated report dict.
        """
        return self._api_request("POST", f"/api/v1/admin/reports/{path_id(id)}/reopen")

    @api_version("2.9.1", "4.0.0")
    def admin_report_resolve(self, id) -> AdminReport:
        """Close a report without taking action against the account (to act on it, use
        :meth:`admin_account_moderate` with ``report_id``).

        :param id: the report (an ID or a report dict).

        Returns the updated report dict.
        """
        return self._api_request("POST", f"/api/v1/admin/reports/{path_id(id)}/resolve")

    # --- accounts (modern) -------------------------------------------------------

    @api_version("2.9.1", "4.0.0")
    def admin_accounts_v1(self, remote=False, by_domain=None, status="active", username=None,
                          display_name=None, email=None, ip=None, staff_only=False, max_id=None,
                          min_id=None, since_id=None, limit=None) -> PaginatableList[AdminAccount]:
        """List accounts for moderation through the v1 API (up to 100 a page by default,
        200 at most). Mastodon lists local, active accounts unless told otherwise.

        :param remote: list remote accounts instead of local ones.
        :param by_domain: only accounts of this domain (a remote domain, so use it with
            ``remote=True``); a URL is cut down to its domain.
        :param status: only accounts in this state: ``"active"`` (the default),
            ``"pending"`` (awaiting approval), ``"disabled"``, ``"silenced"`` or
            ``"suspended"``.
        :param username: only accounts whose username contains this.
        :param display_name: only accounts whose display name contains this.
        :param email: only the account with this e-mail address (local accounts).
        :param ip: only accounts that used this IP address (local accounts).
        :param staff_only: only moderators and admins.
        :param max_id: return only accounts with an ID below this one.
        :param min_id: return the accounts just above this ID (paging forward).
        :param since_id: return only accounts with an ID above this one.
        :param limit: how many accounts to return at most.

        The flags only narrow the list: ``staff_only=False`` does not mean "no staff".
        Needs a moderator's or admin's token with ``admin:read:accounts``.

        Returns a list of admin account dicts, with pagination info.
        """
        _choice("status", status, ACCOUNT_STATUSES)
        params = {
            "by_domain": _domain(by_domain, "by_domain") if by_domain is not None else None,
            "username": username,
            "display_name": display_name,
            "email": email,
            "ip": ip,
            **_page(max_id, min_id, since_id, limit),
        }
        # The v1 API takes any value of a flag (even "false") as set: only the flags
        # that are on are sent, the status always (also "active", the server's own
        # default), each with the value Mastodon.py sends.
        if remote:
            params["remote"] = _V1_FLAG_SET
        params[status] = _V1_FLAG_SET
        if staff_only:
            params["staff"] = _V1_FLAG_SET
        return self._api_request("GET", "/api/v1/admin/accounts", params)

    @api_version("2.9.1", "4.0.0")
    def admin_accounts_v2(self, origin=None, by_domain=None, status=None, username=None,
                          display_name=None, email=None, ip=None, permissions=None,
                          invited_by=None, role_ids=None, max_id=None, min_id=None,
                          since_id=None, limit=None) -> PaginatableList[AdminAccount]:
        """List accounts for moderation through the v2 API (Mastodon 3.5.0 and newer; up
        to 100 a page by default, 200 at most). Every filter left at ``None`` is left
        out of the request, so the server's own defaults apply.

        :param origin: ``"local"`` or ``"remote"`` accounts only.
        :param by_domain: only accounts of this domain; a URL is cut down to its domain.
        :param status: only accounts in this state: ``"active"``, ``"pending"``
            (awaiting approval), ``"disabled"``, ``"silenced"`` or ``"suspended"``.
        :param username: only accounts whose username contains this.
        :param display_name: only accounts whose display name contains this.
        :param email: only the account with this e-mail address (local accounts).
        :param ip: only accounts that used this IP address (local accounts).
        :param permissions: ``"staff"`` for accounts that can handle reports only.
        :param invited_by: only accounts invited by this account (an ID or account dict).
        :param role_ids: only accounts with one of these roles (a role ID or dict, or a
            list of them; Mastodon 4.0.0 and newer).
        :param max_id: return only accounts with an ID below this one.
        :param min_id: return the accounts just above this ID (paging forward).
        :param since_id: return only accounts with an ID above this one.
        :param limit: how many accounts to return at most.

        Needs a moderator's or admin's token with ``admin:read:accounts``.

        Returns a list of admin account dicts, with pagination info. On Mastodon 4.0.0
        and newer, ``role`` is a role dict (``id``, ``name``, ``permissions``, ...).
        """
        if origin is not None:
            _choice("origin", origin, ACCOUNT_ORIGINS)
        if status is not None:
            _choice("status", status, ACCOUNT_STATUSES)
        if permissions is not None:
            _choice("permissions", permissions, ("staff",))
        if role_ids is not None:
            if not isinstance(role_ids, (list, tuple, set, frozenset)):
                role_ids = [role_ids]
            role_ids = [_plain_id(role, "role_ids") for role in role_ids]
        # The endpoint is newer than the v1 one this method stands next to.
        require_version(self, "3.5.0", "admin_accounts_v2() (the /api/v2/admin/accounts endpoint)")
        if role_ids:
            require_version(self, "4.0.0", "admin_accounts_v2(role_ids=...)")
        params = {
            "origin": origin,
            "by_domain": _domain(by_domain, "by_domain") if by_domain is not None else None,
            "status": status,
            "username": username,
            "display_name": display_name,
            "email": email,
            "ip": ip,
            "permissions": permissions,
            "invited_by": _plain_id(invited_by, "invited_by") if invited_by is not None else None,
            "role_ids": role_ids,
            **_page(max_id, min_id, since_id, limit),
        }
        return self._api_request("GET", "/api/v2/admin/accounts", params)

    @api_version("3.3.0", "4.0.0")
    def admin_account_delete(self, id) -> AdminAccount:
        """Delete the data of an account for good. Mastodon only deletes accounts that
        are suspended (see :meth:`admin_account_moderate`) and refuses others.

        :param id: the account (an ID or an account dict).

        Needs ``admin:write:accounts`` and the right to delete user data.

        Returns the admin account dict of the deleted account.
        """
        return self._api_request("DELETE", f"/api/v1/admin/accounts/{path_id(id)}")

    @api_version("3.3.0", "4.0.0")
    def admin_account_unsensitive(self, id) -> AdminAccount:
        """Stop marking an account's media as sensitive (undoes the ``"sensitive"``
        action of :meth:`admin_account_moderate`).

        :param id: the account (an ID or an account dict).

        Returns the updated admin account dict.
        """
        return self._api_request("POST", f"/api/v1/admin/accounts/{path_id(id)}/unsensitive")

    # --- domain blocks -----------------------------------------------------------

    @api_version("4.0.0")
    def admin_domain_blocks(self, id=None, max_id=None, min_id=None, since_id=None,
                            limit=None) -> PaginatableList[AdminDomainBlock] | AdminDomainBlock:
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
                                 _page(max_id, min_id, since_id, limit))

    @api_version("4.0.0")
    def admin_domain_block(self, id) -> AdminDomainBlock:
        """Read one block against a server.

        :param id: the block (an ID or an admin domain block dict).

        Returns an admin domain block dict.
        """
        return self._api_request("GET", f"/api/v1/admin/domain_blocks/{path_id(id)}")

    @api_version("4.0.0")
    def admin_create_domain_block(self, domain, severity=None, reject_media=None,
                                  reject_reports=None, private_comment=None,
                                  public_comment=None, obfuscate=None) -> AdminDomainBlock:
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
            _choice("severity", severity, DOMAIN_BLOCK_SEVERITIES)
        params = {
            "domain": _domain(domain),
            "severity": severity,
            "reject_media": reject_media,
            "reject_reports": reject_reports,
            "private_comment": private_comment,
            "public_comment": public_comment,
            "obfuscate": obfuscate,
        }
        return self._api_request("POST", "/api/v1/admin/domain_blocks/", params)

    @api_version("4.0.0")
    def admin_update_domain_block(self, id, severity=None, reject_media=None,
                                  reject_reports=None, private_comment=None,
                                  public_comment=None, obfuscate=None) -> AdminDomainBlock:
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
            _choice("severity", severity, DOMAIN_BLOCK_SEVERITIES)
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
    def admin_delete_domain_block(self, id) -> None:
        """Lift a block against a server.

        :param id: the block (an ID or an admin domain block dict).

        Returns ``None`` (Mastodon answers with nothing, and Mastodon.py returns ``None``).
        """
        return self._api_request("DELETE", f"/api/v1/admin/domain_blocks/{path_id(id)}")

    # --- domain allows -----------------------------------------------------------

    @api_version("4.0.0")
    def admin_domain_allows(self, max_id=None, min_id=None, since_id=None,
                            limit=None) -> PaginatableList[AdminDomainAllow]:
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
                                 _page(max_id, min_id, since_id, limit))

    @api_version("4.0.0")
    def admin_domain_allow(self, id) -> AdminDomainAllow:
        """Read one entry of the federation allow-list.

        :param id: the entry (an ID or an admin domain allow dict).

        Returns an admin domain allow dict.
        """
        return self._api_request("GET", f"/api/v1/admin/domain_allows/{path_id(id)}")

    @api_version("4.0.0")
    def admin_create_domain_allow(self, domain) -> AdminDomainAllow:
        """Allow a server to federate with this one (in limited federation mode).

        :param domain: the server's domain (a URL is cut down to its domain).

        Returns the admin domain allow dict (the existing one if the server was
        already allowed).
        """
        return self._api_request("POST", "/api/v1/admin/domain_allows", {"domain": _domain(domain)})

    @api_version("4.0.0")
    def admin_delete_domain_allow(self, id) -> None:
        """Remove a server from the federation allow-list.

        :param id: the entry (an ID or an admin domain allow dict).

        Returns ``None`` where the server answers with nothing, as Mastodon does (and as
        Mastodon.py returns); a server that answers more gives its answer.
        """
        return self._api_request("DELETE", f"/api/v1/admin/domain_allows/{path_id(id)}")

    # --- e-mail domain blocks ----------------------------------------------------

    @api_version("4.0.0")
    def admin_email_domain_blocks(self, max_id=None, min_id=None, since_id=None,
                                  limit=None) -> PaginatableList[AdminEmailDomainBlock]:
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
                                 _page(max_id, min_id, since_id, limit))

    @api_version("4.1.0")
    def admin_email_domain_block(self, id) -> AdminEmailDomainBlock:
        """Read one blocked e-mail domain.

        :param id: the block (an ID or an admin e-mail domain block dict).

        Returns an admin e-mail domain block dict.
        """
        return self._api_request("GET", f"/api/v1/admin/email_domain_blocks/{path_id(id)}")

    @api_version("4.0.0")
    def admin_create_email_domain_block(self, domain) -> AdminEmailDomainBlock:
        """Refuse sign-ups with e-mail addresses of a domain.

        :param domain: the e-mail domain, e.g. ``"throwaway.example"``.

        Returns the new admin e-mail domain block dict.
        """
        return self._api_request("POST", "/api/v1/admin/email_domain_blocks",
                                 {"domain": _domain(domain)})

    @api_version("4.0.0")
    def admin_delete_email_domain_block(self, id) -> None:
        """Allow sign-ups from a blocked e-mail domain again.

        :param id: the block (an ID or an admin e-mail domain block dict).

        Returns ``None`` (Mastodon answers with nothing, and Mastodon.py returns ``None``).
        """
        return self._api_request("DELETE", f"/api/v1/admin/email_domain_blocks/{path_id(id)}")

    # --- IP blocks ---------------------------------------------------------------

    @api_version("4.0.0")
    def admin_ip_blocks(self, max_id=None, min_id=None, since_id=None,
                        limit=None) -> PaginatableList[AdminIpBlock]:
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
                                 _page(max_id, min_id, since_id, limit))

    @api_version("4.0.0")
    def admin_ip_block(self, id) -> AdminIpBlock:
        """Read one IP block.

        :param id: the block (an ID or an admin IP block dict).

        Returns an admin IP block dict.
        """
        return self._api_request("GET", f"/api/v1/admin/ip_blocks/{path_id(id)}")

    @api_version("4.0.0")
    def admin_create_ip_block(self, ip, severity, comment=None, expires_in=None) -> AdminIpBlock:
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
            "severity": _choice("severity", severity, IP_BLOCK_SEVERITIES),
            "comment": comment,
            "expires_in": _expires_in(expires_in),
        }
        return self._api_request("POST", "/api/v1/admin/ip_blocks", params)

    @api_version("4.0.0")
    def admin_update_ip_block(self, id, ip=None, severity=None, comment=None,
                              expires_in=None) -> AdminIpBlock:
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
            "severity": _choice("severity", severity, IP_BLOCK_SEVERITIES) if severity is not None else None,
            "comment": comment,
            "expires_in": _expires_in(expires_in),
        }
        return self._api_request("PUT", f"/api/v1/admin/ip_blocks/{block_id}", params)

    @api_version("4.0.0")
    def admin_delete_ip_block(self, id) -> None:
        """Lift an IP block.

        :param id: the block (an ID or an admin IP block dict).

        Returns ``None`` (Mastodon answers with nothing, and Mastodon.py returns ``None``).
        """
        return self._api_request("DELETE", f"/api/v1/admin/ip_blocks/{path_id(id)}")

    # --- canonical e-mail blocks -------------------------------------------------

    @api_version("4.0.0")
    def admin_canonical_email_blocks(self, max_id=None, min_id=None, since_id=None,
                                     limit=None) -> PaginatableList[AdminCanonicalEmailBlock]:
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
                                 _page(max_id, min_id, since_id, limit))

    @api_version("4.0.0")
    def admin_canonical_email_block(self, id) -> AdminCanonicalEmailBlock:
        """Read one blocked e-mail address (as its hash).

        :param id: the block (an ID or an admin canonical e-mail block dict).

        Returns an admin canonical e-mail block dict.
        """
        return self._api_request("GET", f"/api/v1/admin/canonical_email_blocks/{path_id(id)}")

    @api_version("4.0.0")
    def admin_test_canonical_email_block(self,
                                         email) -> NonPaginatableList[AdminCanonicalEmailBlock]:
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
    def admin_create_canonical_email_block(self, email=None,
                                           canonical_email_hash=None) -> AdminCanonicalEmailBlock:
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
    def admin_delete_canonical_email_block(self, id) -> AttribAccessDict:
        """Lift the block of an e-mail address.

        :param id: the block (an ID or an admin canonical e-mail block dict).

        Returns what the server answers: an empty dict on Mastodon.
        """
        return self._api_request("DELETE", f"/api/v1/admin/canonical_email_blocks/{path_id(id)}")

    # --- dashboard statistics ----------------------------------------------------

    @api_version("3.5.0", "4.0.0")
    def admin_measures(self, start_at, end_at, active_users=False, new_users=False,
                       interactions=False, opened_reports=False, resolved_reports=False,
                       tag_accounts=None, tag_uses=None, tag_servers=None,
                       instance_accounts=None, instance_media_attachments=None,
                       instance_reports=None, instance_statuses=None, instance_follows=None,
                       instance_followers=None) -> NonPaginatableList[AdminMeasure]:
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
    def admin_dimensions(self, start_at, end_at, limit=None, languages=False, sources=False,
                         servers=False, space_usage=False, software_versions=False,
                         tag_servers=None, tag_languages=None, instance_accounts=None,
                         instance_languages=None) -> NonPaginatableList[AdminDimension]:
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
    def admin_retention(self, start_at, end_at,
                        frequency="day") -> NonPaginatableList[AdminCohort]:
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
        params["frequency"] = _choice("frequency", frequency, RETENTION_FREQUENCIES)
        return self._api_request("POST", "/api/v1/admin/retention", params)

    # --- trends ------------------------------------------------------------------

    @api_version("3.5.0", "4.1.0")
    def admin_trending_tags(self, limit=None) -> NonPaginatableList[AdminTag]:
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
    def admin_approve_trending_tag(self, id) -> AdminTag:
        """Let a hashtag appear in the public trends.

        :param id: the tag (an ID or an admin tag dict from
            :meth:`admin_trending_tags`).

        Returns the updated admin tag dict.
        """
        return self._api_request("POST", f"/api/v1/admin/trends/tags/{path_id(id)}/approve")

    @api_version("4.2.0")
    def admin_reject_trending_tag(self, id) -> AdminTag:
        """Keep a hashtag out of the public trends.

        :param id: the tag (an ID or an admin tag dict from
            :meth:`admin_trending_tags`).

        Returns the updated admin tag dict.
        """
        return self._api_request("POST", f"/api/v1/admin/trends/tags/{path_id(id)}/reject")

    @api_version("4.2.0")
    def admin_approve_trending_status(self, id) -> Status:
        """Let a post appear in the public trends.

        :param id: the post (an ID or a toot dict).

        Returns the toot dict.
        """
        return self._api_request("POST", f"/api/v1/admin/trends/statuses/{path_id(id)}/approve")

    @api_version("4.2.0")
    def admin_reject_trending_status(self, id) -> Status:
        """Keep a post out of the public trends.

        :param id: the post (an ID or a toot dict).

        Returns the toot dict.
        """
        return self._api_request("POST", f"/api/v1/admin/trends/statuses/{path_id(id)}/reject")

    @api_version("4.2.0")
    def admin_approve_trending_link(self, id) -> TrendingLink:
        """Let a link appear in the public trends.

        :param id: the link (an ID or a trending link dict from
            :meth:`admin_trending_links`).

        Returns the trending link dict.
        """
        return self._api_request("POST", f"/api/v1/admin/trends/links/{path_id(id)}/approve")

    @api_version("4.2.0")
    def admin_reject_trending_link(self, id) -> TrendingLink:
        """Keep a link out of the public trends.

        :param id: the link (an ID or a trending link dict from
            :meth:`admin_trending_links`).

        Returns the trending link dict.
        """
        return self._api_request("POST", f"/api/v1/admin/trends/links/{path_id(id)}/reject")
