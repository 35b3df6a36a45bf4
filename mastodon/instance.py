"""Reading the server's (instance's) information."""

from ._versions import api_version

# Weekly activity counts come as strings ("cast from an integer"); the original
# documentation describes them as numbers, so they are returned as ints.
_ACTIVITY_COUNTS = ("statuses", "logins", "registrations")


class InstanceMixin:
    """Instance information."""

    @api_version("1.1.0", "2.3.0")
    def instance(self):
        """The server's information: title, description, version, ``urls``
        (``streaming_api``), ``stats``, languages, contact account, registration policy.

        Works without logging in.
        """
        return self._api_request("GET", "/api/v1/instance")

    @api_version("2.1.2")
    def instance_activity(self):
        """The server's activity over the last weeks (about three months), one entry
        per week, newest first.

        Works without logging in, unless the server is in whitelist mode.

        Returns a list of activity dicts: ``week`` (the week's first day, a
        ``datetime``) and the numbers ``statuses``, ``logins`` and
        ``registrations`` for that week, as ints.
        """
        weeks = self._api_request("GET", "/api/v1/instance/activity")
        for week in weeks:
            for key in _ACTIVITY_COUNTS:
                value = week.get(key)
                if isinstance(value, str) and value.isdigit():
                    week[key] = int(value)
        return weeks

    @api_version("2.1.2")
    def instance_peers(self):
        """The domains of the other servers this server knows of.

        Works without logging in, unless the server is in whitelist mode.

        Returns a list of domain names (strings).
        """
        return self._api_request("GET", "/api/v1/instance/peers")
