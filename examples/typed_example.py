"""Typed results: the same library, with annotations a type checker can verify.

Results are instances of the entity classes in ``mastodon.return_types`` (``Status``,
``Account``, ...), so editors complete their fields and ``mypy --strict`` checks code
that uses them::

    mypy --strict examples/typed_example.py

By default it runs against a local `mastodon_mock` server (installed with the ``test``
extra); against a real instance, pass ``--base-url`` and ``--access-token`` (it then only
reads: no posts, no follows).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import datetime

from mastodon import Mastodon
from mastodon.return_types import (
    Account,
    CredentialAccount,
    IdType,
    InstanceV2,
    MediaAttachment,
    PaginatableList,
    Relationship,
    Status,
)


def describe_account(account: Account) -> str:
    """One line about an account: typed fields, a version-dependent one read safely."""
    kind = "bot" if account.bot else "person"
    # Fields a server may leave out (older versions, forks) are read with .get().
    moved: Account | None = account.get("moved")
    note = f", moved to @{moved.acct}" if moved is not None else ""
    return (f"@{account.acct} ({kind}), {account.followers_count} followers, "
            f"{account.statuses_count} statuses{note}")


def describe_status(status: Status) -> str:
    created: datetime = status.created_at  # an aware datetime, not a string
    media: list[MediaAttachment] = status.media_attachments
    shown = status.reblog if status.reblog is not None else status
    return (f"[{status.id}] {created:%Y-%m-%d %H:%M} @{shown.account.acct}: "
            f"{len(shown.content)} characters of HTML, {len(media)} media")


def busiest_authors(page: PaginatableList[Status], top: int = 3) -> list[tuple[str, int]]:
    """The accounts with the most statuses on a timeline page."""
    counts = Counter(status.account.acct for status in page)
    return counts.most_common(top)


def follow_back(api: Mastodon, account_id: IdType) -> bool:
    """Follow an account unless already following it; True when a follow was sent."""
    relationships = api.account_relationships(account_id)
    current: Relationship = relationships[0]
    if current.following:
        return False
    after: Relationship = api.account_follow(account_id)
    return bool(after.following or after.requested)


def run(api: Mastodon, may_write: bool) -> None:
    me: CredentialAccount = api.account_verify_credentials()
    print("Logged in as", describe_account(me))
    instance: InstanceV2 = api.instance_v2()
    limit: int = instance.configuration.statuses.max_characters
    print(f"{instance.domain} runs {instance.version}; statuses up to {limit} characters")

    if may_write:
        posted = api.status_post("Hello from a typed script!")
        if isinstance(posted, Status):  # a scheduled post would be a ScheduledStatus
            print("Posted", describe_status(posted))
            api.status_favourite(posted)
            again: Status = api.status(posted.id)
            print("Favourites now:", again.favourites_count, "favourited:", again.favourited)

    page: PaginatableList[Status] = api.timeline_home(limit=20)
    for status in page:
        print(describe_status(status))
    print("Busiest authors:", busiest_authors(page))
    older: PaginatableList[Status] | None = api.fetch_next(page)
    print("An older page has", len(older) if older else 0, "statuses")

    if may_write:
        for account in api.account_search("bob", limit=1):
            print("Found", describe_account(account), "- followed:", follow_back(api, account))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--base-url", help="a real instance (default: a local mock server)")
    parser.add_argument("--access-token", help="an access token for --base-url")
    args = parser.parse_args(argv)
    if args.base_url:
        if not args.access_token:
            parser.error("--base-url needs --access-token")
        run(Mastodon(access_token=args.access_token, api_base_url=args.base_url), False)
        return
    try:
        from mastodon_mock.testing.server import MockServer
    except ImportError:
        sys.exit("The local server needs mastodon_mock: pip install -e '.[test]'")
    server = MockServer().start()
    try:
        run(Mastodon(access_token="alice_token",
                     api_base_url=f"http://127.0.0.1:{server.port}"), True)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
