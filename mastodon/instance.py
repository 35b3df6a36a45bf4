"""Reading the server's (instance's) information."""

from ._versions import api_version


class InstanceMixin:
    """Instance information."""

    @api_version("1.1.0", "2.3.0")
    def instance(self):
        """The server's information: title, description, version, ``urls``
        (``streaming_api``), ``stats``, languages, contact account, registration policy.

        Works without logging in.
        """
        return self._api_request("GET", "/api/v1/instance")
