"""The admin API for accounts: listing them for moderation (v1 and v2), reading one, and
acting on it (approving, rejecting, disabling, silencing, suspending and undoing those,
deleting its data)."""

from collections.abc import Iterable
from typing import Any

from ._admin_params import bare_domain, id_page, one_of, plain_id
from ._base import ClientBase
from ._params import path_id
from ._versions import api_version, require_version
from .errors import MastodonIllegalArgumentError
from .return_types import AdminAccount, PaginatableList
from .types_base import IdType

# The account states admin_accounts() can filter for; the v1 API takes each as a flag.
ACCOUNT_STATUSES = ("active", "pending", "disabled", "silenced", "suspended")
# A v1 account filter flag that is set (the server checks only that it is there).
_V1_FLAG_SET = "True"
# Moderation actions; "none" records a warning without restricting the account.
MODERATION_ACTIONS = ("none", "disable", "silence", "suspend", "sensitive")
# Where admin_accounts_v2() can look: "origin" of the accounts.
ACCOUNT_ORIGINS = ("local", "remote")


class AdminAccountsMixin(ClientBase):
    """The admin API for accounts, for moderators and admins."""

    # --- accounts ----------------------------------------------------------------

    @api_version("2.9.1", "4.0.0")
    def admin_accounts(self, remote: bool = False, by_domain: str | None = None,
                       status: str = "active", username: str | None = None,
                       display_name: str | None = None, email: str | None = None,
                       ip: str | None = None, staff_only: bool = False,
                       max_id: IdType | None = None, min_id: IdType | None = None,
                       since_id: IdType | None = None,
                       limit: int | None = None) -> PaginatableList[AdminAccount]:
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
    def admin_account(self, id: IdType) -> AdminAccount:
        """Read one account as moderators see it: e-mail, IP addresses, role, whether
        it is confirmed, approved, disabled, silenced or suspended, and its public
        account dict under ``account``.

        :param id: the account (an ID or an account dict).

        Returns an admin account dict.
        """
        return self._api_request("GET", f"/api/v1/admin/accounts/{path_id(id)}")

    @api_version("2.9.1", "4.0.0")
    def admin_account_enable(self, id: IdType) -> AdminAccount:
        """Let a local account whose login was disabled log in again.

        :param id: the account (an ID or an account dict).

        Returns the updated admin account dict.
        """
        return self._api_request("POST", f"/api/v1/admin/accounts/{path_id(id)}/enable")

    @api_version("2.9.1", "4.0.0")
    def admin_account_approve(self, id: IdType) -> AdminAccount:
        """Approve a local account that is waiting for approval (on servers where sign-ups
        need it). The server refuses an account that is not pending.

        :param id: the account (an ID or an account dict).

        Returns the updated admin account dict.
        """
        return self._api_request("POST", f"/api/v1/admin/accounts/{path_id(id)}/approve")

    @api_version("2.9.1", "4.0.0")
    def admin_account_reject(self, id: IdType) -> AdminAccount:
        """Reject a local account that is waiting for approval; the server deletes it.
        The server refuses an account that is not pending.

        :param id: the account (an ID or an account dict).

        Returns the admin account dict of the rejected account.
        """
        return self._api_request("POST", f"/api/v1/admin/accounts/{path_id(id)}/reject")

    @api_version("2.9.1", "4.0.0")
    def admin_account_unsilence(self, id: IdType) -> AdminAccount:
        """Lift a silence from an account.

        :param id: the account (an ID or an account dict).

        Returns the updated admin account dict.
        """
        return self._api_request("POST", f"/api/v1/admin/accounts/{path_id(id)}/unsilence")

    @api_version("2.9.1", "4.0.0")
    def admin_account_unsuspend(self, id: IdType) -> AdminAccount:
        """Lift a suspension from an account.

        :param id: the account (an ID or an account dict).

        Returns the updated admin account dict.
        """
        return self._api_request("POST", f"/api/v1/admin/accounts/{path_id(id)}/unsuspend")

    @api_version("2.9.1", "3.3.0")
    def admin_account_moderate(self, id: IdType, action: str | None = None,
                               report_id: IdType | None = None,
                               warning_preset_id: IdType | None = None, text: str | None = None,
                               send_email_notification: bool = True) -> None:
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

    # --- accounts (modern) -------------------------------------------------------

    @api_version("2.9.1", "4.0.0")
    def admin_accounts_v1(self, remote: bool = False, by_domain: str | None = None,
                          status: str = "active", username: str | None = None,
                          display_name: str | None = None, email: str | None = None,
                          ip: str | None = None, staff_only: bool = False,
                          max_id: IdType | None = None, min_id: IdType | None = None,
                          since_id: IdType | None = None,
                          limit: int | None = None) -> PaginatableList[AdminAccount]:
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
        one_of("status", status, ACCOUNT_STATUSES)
        params: dict[str, Any] = {
            "by_domain": bare_domain(by_domain, "by_domain") if by_domain is not None else None,
            "username": username,
            "display_name": display_name,
            "email": email,
            "ip": ip,
            **id_page(max_id, min_id, since_id, limit),
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
    def admin_accounts_v2(self, origin: str | None = None, by_domain: str | None = None,
                          status: str | None = None, username: str | None = None,
                          display_name: str | None = None, email: str | None = None,
                          ip: str | None = None, permissions: str | None = None,
                          invited_by: IdType | None = None,
                          role_ids: IdType | Iterable[IdType] | None = None,
                          max_id: IdType | None = None, min_id: IdType | None = None,
                          since_id: IdType | None = None,
                          limit: int | None = None) -> PaginatableList[AdminAccount]:
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
            one_of("origin", origin, ACCOUNT_ORIGINS)
        if status is not None:
            one_of("status", status, ACCOUNT_STATUSES)
        if permissions is not None:
            one_of("permissions", permissions, ("staff",))
        roles: list[object] | None = None
        if role_ids is not None:
            # One role (an ID, or a dict, which is iterable too) or a collection of them.
            given = role_ids if isinstance(role_ids, (list, tuple, set, frozenset)) else [role_ids]
            roles = [plain_id(role, "role_ids") for role in given]
        # The endpoint is newer than the v1 one this method stands next to.
        require_version(self, "3.5.0", "admin_accounts_v2() (the /api/v2/admin/accounts endpoint)")
        if roles:
            require_version(self, "4.0.0", "admin_accounts_v2(role_ids=...)")
        params = {
            "origin": origin,
            "by_domain": bare_domain(by_domain, "by_domain") if by_domain is not None else None,
            "status": status,
            "username": username,
            "display_name": display_name,
            "email": email,
            "ip": ip,
            "permissions": permissions,
            "invited_by": plain_id(invited_by, "invited_by") if invited_by is not None else None,
            "role_ids": roles,
            **id_page(max_id, min_id, since_id, limit),
        }
        return self._api_request("GET", "/api/v2/admin/accounts", params)

    @api_version("3.3.0", "4.0.0")
    def admin_account_delete(self, id: IdType) -> AdminAccount:
        """Delete the data of an account for good. Mastodon only deletes accounts that
        are suspended (see :meth:`admin_account_moderate`) and refuses others.

        :param id: the account (an ID or an account dict).

        Needs ``admin:write:accounts`` and the right to delete user data.

        Returns the admin account dict of the deleted account.
        """
        return self._api_request("DELETE", f"/api/v1/admin/accounts/{path_id(id)}")

    @api_version("3.3.0", "4.0.0")
    def admin_account_unsensitive(self, id: IdType) -> AdminAccount:
        """Stop marking an account's media as sensitive (undoes the ``"sensitive"``
        action of :meth:`admin_account_moderate`).

        :param id: the account (an ID or an account dict).

        Returns the updated admin account dict.
        """
        return self._api_request("POST", f"/api/v1/admin/accounts/{path_id(id)}/unsensitive")
