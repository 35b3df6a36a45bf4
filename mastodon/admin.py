"""The admin (moderation) API."""

from ._client import DEFAULT_TRUE, path_id
from ._versions import api_version, require_version
from .errors import MastodonIllegalArgumentError

# The account states admin_accounts() can filter for; the v1 API takes each as a flag.
ACCOUNT_STATUSES = ("active", "pending", "disabled", "silenced", "suspended")
# Moderation actions; "none" records a warning without restricting the account.
MODERATION_ACTIONS = ("none", "disable", "silence", "suspend", "sensitive")


class AdminMixin:
    """The admin (moderation) API: accounts and reports, for moderators and admins."""

    # --- accounts ----------------------------------------------------------------

    @api_version("2.9.1", "4.0.0")
    def admin_accounts(self, remote=False, by_domain=None, status="active", username=None,
                       display_name=None, email=None, ip=None, staff_only=False, max_id=None,
                       min_id=None, since_id=None, limit=None):
        """List accounts for moderation, filtered as asked (v1 API, up to 100 a page by
        default, 200 at most).

        :param remote: list remote accounts instead of local ones.
        :param by_domain: only accounts of this domain (a remote domain, so use it with
            ``remote=True``).
        :param status: only accounts in this state: ``"active"`` (the default),
            ``"pending"`` (awaiting approval), ``"disabled"``, ``"silenced"`` or
            ``"suspended"``.
        :param username: only accounts whose username contains this.
        :param display_name: only accounts whose display name contains this.
        :param email: only the account with this e-mail address.
        :param ip: only accounts that used this IP address.
        :param staff_only: only moderators and admins.
        :param max_id: return only accounts with an ID below this one.
        :param min_id: return the accounts just above this ID (paging forward).
        :param since_id: return only accounts with an ID above this one.
        :param limit: how many accounts to return at most.

        Needs a moderator's or admin's token with ``admin:read:accounts``.

        Returns a list of admin account dicts, with pagination info.
        """
        if status not in ACCOUNT_STATUSES:
            raise MastodonIllegalArgumentError(
                f"status must be one of {', '.join(map(repr, ACCOUNT_STATUSES))}, not {status!r}")
        params = {
            "by_domain": by_domain,
            "username": username,
            "display_name": display_name,
            "email": email,
            "ip": ip,
            "max_id": max_id,
            "min_id": min_id,
            "since_id": since_id,
            "limit": limit,
        }
        # The v1 API lists local, active accounts unless told otherwise, and takes any
        # value of a flag (even "false") as set: send only the flags that are on.
        if remote:
            params["remote"] = True
        if status != "active":
            params[status] = True
        if staff_only:
            params["staff"] = True
        return self._api_request("GET", "/api/v1/admin/accounts", params)

    @api_version("2.9.1", "4.0.0")
    def admin_account(self, id):
        """Read one account as moderators see it: e-mail, IP addresses, role, whether
        it is confirmed, approved, disabled, silenced or suspended, and its public
        account dict under ``account``.

        :param id: the account (an ID or an account dict).

        Returns an admin account dict.
        """
        return self._api_request("GET", f"/api/v1/admin/accounts/{path_id(id)}")

    @api_version("2.9.1", "4.0.0")
    def admin_account_enable(self, id):
        """Let a local account whose login was disabled log in again.

        :param id: the account (an ID or an account dict).

        Returns the updated admin account dict.
        """
        return self._api_request("POST", f"/api/v1/admin/accounts/{path_id(id)}/enable")

    @api_version("2.9.1", "4.0.0")
    def admin_account_approve(self, id):
        """Approve a local account that is waiting for approval (on servers where sign-ups
        need it). The server refuses an account that is not pending.

        :param id: the account (an ID or an account dict).

        Returns the updated admin account dict.
        """
        return self._api_request("POST", f"/api/v1/admin/accounts/{path_id(id)}/approve")

    @api_version("2.9.1", "4.0.0")
    def admin_account_reject(self, id):
        """Reject a local account that is waiting for approval; the server deletes it.
        The server refuses an account that is not pending.

        :param id: the account (an ID or an account dict).

        Returns the admin account dict of the rejected account.
        """
        return self._api_request("POST", f"/api/v1/admin/accounts/{path_id(id)}/reject")

    @api_version("2.9.1", "4.0.0")
    def admin_account_unsilence(self, id):
        """Lift a silence from an account.

        :param id: the account (an ID or an account dict).

        Returns the updated admin account dict.
        """
        return self._api_request("POST", f"/api/v1/admin/accounts/{path_id(id)}/unsilence")

    @api_version("2.9.1", "4.0.0")
    def admin_account_unsuspend(self, id):
        """Lift a suspension from an account.

        :param id: the account (an ID or an account dict).

        Returns the updated admin account dict.
        """
        return self._api_request("POST", f"/api/v1/admin/accounts/{path_id(id)}/unsuspend")

    @api_version("2.9.1", "3.3.0")
    def admin_account_moderate(self, id, action=None, report_id=None, warning_preset_id=None,
                               text=None, send_email_notification=DEFAULT_TRUE):
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

        Returns what the server answers: an empty dict on Mastodon. Read the account
        with :meth:`admin_account` to see its new state.
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
            # The server e-mails the user unless told not to.
            "send_email_notification": send_email_notification,
        }
        return self._api_request("POST", f"/api/v1/admin/accounts/{path_id(id)}/action", params)

    # --- reports -----------------------------------------------------------------

    @api_version("2.9.1", "4.0.0")
    def admin_reports(self, resolved=False, account_id=None, target_account_id=None,
                      max_id=None, min_id=None, since_id=None, limit=None):
        """List reports: the open ones, or the resolved ones.

        :param resolved: list resolved reports instead of open ones.
        :param account_id: only reports filed by this account (an ID or account dict).
        :param target_account_id: only reports against this account (an ID or account
            dict).
        :param max_id: return only reports with an ID below this one.
        :param min_id: return the reports just above this ID (paging forward).
        :param since_id: return only reports with an ID above this one.
        :param limit: how many reports to return at most (100 by default, 200 at most).

        Needs a moderator's or admin's token with ``admin:read:reports``.

        Returns a list of report dicts, with pagination info.
        """
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
    def admin_report(self, id):
        """Read one report: who filed it, against whom, the comment, the reported
        statuses, who handles it and whether it was resolved.

        :param id: the report (an ID or a report dict).

        Returns a report dict.
        """
        return self._api_request("GET", f"/api/v1/admin/reports/{path_id(id)}")

    @api_version("2.9.1", "4.0.0")
    def admin_report_assign(self, id):
        """Take a report: assign it to the account whose token this client uses.

        :param id: the report (an ID or a report dict).

        Returns the updated report dict.
        """
        return self._api_request("POST", f"/api/v1/admin/reports/{path_id(id)}/assign_to_self")

    @api_version("2.9.1", "4.0.0")
    def admin_report_unassign(self, id):
        """Release a report, so that no one is assigned to it.

        :param id: the report (an ID or a report dict).

        Returns the updated report dict.
        """
        return self._api_request("POST", f"/api/v1/admin/reports/{path_id(id)}/unassign")

    @api_version("2.9.1", "4.0.0")
    def admin_report_reopen(self, id):
        """Open a resolved report again.

        :param id: the report (an ID or a report dict).

        Returns the updated report dict.
        """
        return self._api_request("POST", f"/api/v1/admin/reports/{path_id(id)}/reopen")

    @api_version("2.9.1", "4.0.0")
    def admin_report_resolve(self, id):
        """Close a report without taking action against the account (to act on it, use
        :meth:`admin_account_moderate` with ``report_id``).

        :param id: the report (an ID or a report dict).

        Returns the updated report dict.
        """
        return self._api_request("POST", f"/api/v1/admin/reports/{path_id(id)}/resolve")
