"""The logged-in user's profile (Mastodon 4.6's profile API) and their annual reports
("Wrapstodon")."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from ._answers import body_excerpt
from ._base import ClientBase
from ._params import path_id
from ._results import AttribAccessDict, parse_json
from ._uploads import profile_fields, profile_image
from ._versions import api_version
from .errors import MastodonAPIError, MastodonIllegalArgumentError
from .return_types import Profile
from .types_base import PathOrFile


def _year(year: int | str | date) -> str:
    """A report's year (an int, digits, or a date) for the path."""
    if isinstance(year, date):
        year = year.year
    if isinstance(year, str) and year.strip().isdigit():
        year = int(year.strip())
    if isinstance(year, bool) or not isinstance(year, int) or year <= 0:
        raise MastodonIllegalArgumentError(f"year must be a year like 2025, not {year!r}")
    return path_id(year, "year")


class ProfileMixin(ClientBase):
    """The logged-in user's editable profile, and annual reports."""

    # --- reading -----------------------------------------------------------------

    @api_version("4.6.0")
    def profile(self) -> Profile:
        """Fetch the logged-in user's profile as it is edited, rather than as others
        see it.

        Returns a profile dict: ``display_name``, ``note`` and ``fields`` as plain
        text (as entered), ``avatar`` and ``header`` (``None`` when not set) with
        their ``avatar_description`` and ``header_description``, the flags
        ``locked``, ``bot``, ``discoverable``, ``hide_collections``, ``indexable``,
        ``show_media``, ``show_media_replies`` and ``show_featured``,
        ``attribution_domains`` and ``featured_tags``.
        """
        return self._api_request("GET", "/api/v1/profile")

    @api_version("4.3.0")
    def annual_reports(self) -> AttribAccessDict:
        """Fetch the logged-in user's annual reports ("Wrapstodon") made so far.

        Returns a dict with ``annual_reports`` (a list of annual report dicts:
        ``year``, ``data``, ``schema_version``, ``share_url``, ``account_id``) and
        the ``accounts`` and ``statuses`` the reports refer to.
        """
        return self._api_request("GET", "/api/v1/annual_reports")

    @api_version("4.4.0")
    def annual_report(self, year: int | str | date) -> AttribAccessDict:
        """Fetch the logged-in user's annual report for one year.

        :param year: the year, e.g. ``2025``.

        Raises :class:`MastodonNotFoundError` when there is no report for that year.
        Returns a dict like :meth:`annual_reports`' holding that one report.
        """
        return self._api_request("GET", f"/api/v1/annual_reports/{_year(year)}")

    @api_version("4.6.0")
    def annual_report_state(self, year: int | str | date) -> AttribAccessDict:
        """Ask whether the logged-in user's annual report for a year can be had.

        :param year: the year, e.g. ``2025``.

        Returns a dict with ``state``: ``"available"`` (made; fetch it with
        :meth:`annual_report`), ``"generating"`` (being made), ``"eligible"`` (can
        be made with :meth:`annual_report_generate`) or ``"ineligible"``.
        """
        return self._api_request("GET", f"/api/v1/annual_reports/{_year(year)}/state")

    # --- writing -----------------------------------------------------------------

    @api_version("4.6.0")
    def profile_update(self, display_name: str | None = None, note: str | None = None,
                       avatar: PathOrFile | bytes | None = None,
                       avatar_mime_type: str | None = None,
                       header: PathOrFile | bytes | None = None,
                       header_mime_type: str | None = None, locked: bool | None = None,
                       bot: bool | None = None, discoverable: bool | None = None,
                       hide_collections: bool | None = None, indexable: bool | None = None,
                       show_media: bool | None = None, show_media_replies: bool | None = None,
                       show_featured: bool | None = None,
                       attribution_domains: str | list[str] | None = None,
                       fields: Iterable[tuple[str, str] | dict[str, str]] | None = None,
                       avatar_description: str | None = None,
                       header_description: str | None = None) -> Profile:
        """Update the logged-in user's profile. Only what is given changes.

        :param display_name: the name shown on the profile.
        :param note: the bio, as plain text.
        :param avatar: the profile picture: a file path, the image's bytes, or a file
            object opened in binary mode.
        :param avatar_mime_type: the picture's MIME type, e.g. ``"image/png"``; guessed
            from the file name (or, for unnamed data, from its first bytes) if not given.
        :param header: the header image, given like ``avatar``.
        :param header_mime_type: the header's MIME type, guessed like the avatar's.
        :param locked: whether follow requests need approval.
        :param bot: mark the account as automated.
        :param discoverable: take part in discovery: the profile directory, and being
            put in others' collections.
        :param hide_collections: hide whom the account follows and who follows it.
        :param indexable: let anyone search the account's public posts.
        :param show_media: show a "Media" tab on the profile.
        :param show_media_replies: include media from replies in that tab.
        :param show_featured: show a "Featured" tab on the profile.
        :param attribution_domains: websites allowed to credit the account (a list of
            domains, at most 10).
        :param fields: the profile's metadata as a list of ``(name, value)`` pairs
            (or dicts with ``name`` and ``value``); replaces all existing fields.
        :param avatar_description: a description of the profile picture, for people
            who cannot see it.
        :param header_description: a description of the header image.

        Raises :class:`MastodonFileNotFoundError` when an image path does not exist.
        Returns the updated profile dict (see :meth:`profile`). :meth:`me` asks the
        server again on its next call.
        """
        if isinstance(attribution_domains, str):
            attribution_domains = [attribution_domains]
        fields_attributes = profile_fields(fields)
        params: dict[str, Any] = {
            "display_name": display_name,
            "note": note,
            "avatar_description": avatar_description,
            "header_description": header_description,
            "locked": locked,
            "bot": bot,
            "discoverable": discoverable,
            "hide_collections": hide_collections,
            "indexable": indexable,
            "show_media": show_media,
            "show_media_replies": show_media_replies,
            "show_featured": show_featured,
            "attribution_domains": attribution_domains,
            "fields_attributes": fields_attributes,
        }
        files = {field: profile_image(field, image, mime_type) for field, image, mime_type
                 in (("avatar", avatar, avatar_mime_type), ("header", header, header_mime_type))
                 if image is not None}
        return self._api_request("PATCH", "/api/v1/profile", params, files=files or None)

    @api_version("4.6.0")
    def annual_report_generate(self, year: int | str | date) -> AttribAccessDict:
        """Ask the server to make the logged-in user's annual report for a year.

        :param year: the year, e.g. ``2025``.

        The report is made in the background: poll :meth:`annual_report_state` until
        it says ``"available"``, then fetch it with :meth:`annual_report`. Asking
        for a report already made, or one the user cannot have, is not an error.

        Returns an empty dict.
        """
        # Mastodon answers "being made" with HTTP 202 and no body at all, which is not
        # JSON; the answer carries nothing else, so an empty body is an empty result.
        endpoint = f"/api/v1/annual_reports/{_year(year)}/generate"
        response = self._api_request("POST", endpoint, parse=False)
        content = response.content
        if not content.strip():
            return AttribAccessDict()
        try:
            return parse_json(content)
        except ValueError:
            raise MastodonAPIError(
                f"POST {endpoint}: the server answered HTTP {response.status_code} with a body "
                f"that is not valid JSON: {body_excerpt(content)}", response.status_code,
                response.reason, None, None, dict(response.headers)) from None

    @api_version("4.3.0")
    def annual_report_read(self, year: int | str | date) -> None:
        """Mark the logged-in user's annual report for a year as seen.

        :param year: the year, e.g. ``2025``.

        Raises :class:`MastodonNotFoundError` when there is no report for that year.
        Returns ``None``, as Mastodon.py does (the server answers with nothing).
        """
        return self._api_request("POST", f"/api/v1/annual_reports/{_year(year)}/read")
