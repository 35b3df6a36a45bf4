"""Polls: reading them and voting. Polls are created with a status: see
:meth:`Mastodon.make_poll` and :meth:`Mastodon.status_post`."""

from ._base import ClientBase
from ._params import path_id
from ._versions import api_version
from .errors import MastodonIllegalArgumentError
from .return_types import Poll
from .types_base import IdType


class PollsMixin(ClientBase):
    """Polls."""

    @api_version("2.8.0")
    def poll(self, id: IdType) -> Poll:
        """Read a poll, with its current counts. Call it again to refresh them.

        :param id: the poll (a status' ``poll`` dict), or its ID; not the status' ID.

        Returns a poll dict.
        """
        return self._api_request("GET", f"/api/v1/polls/{path_id(id)}")

    @api_version("2.8.0")
    def poll_vote(self, id: IdType, choices: int | list[int]) -> Poll:
        """Vote in a poll.

        :param id: the poll, or its ID.
        :param choices: the option to vote for, as its index in the poll's
            ``options`` (counting from 0), or a list of indices for a poll that
            allows several (``multiple``).

        Returns the poll dict after the vote.
        """
        chosen = choices if isinstance(choices, (list, tuple)) else [choices]
        if not chosen:
            raise MastodonIllegalArgumentError("choices must name at least one option")
        for choice in chosen:
            if isinstance(choice, bool) or not isinstance(choice, int) or choice < 0:
                raise MastodonIllegalArgumentError(
                    f"choices must be option indices (integers from 0), not {choice!r}")
        return self._api_request("POST", f"/api/v1/polls/{path_id(id)}/votes",
                                 {"choices": list(chosen)})
