"""Quickstart: register an app, log in, toot, read the home timeline, page through it.

By default it starts a local `mastodon_mock` server (installed with the ``test`` extra),
so it needs no account anywhere::

    python examples/quickstart.py

Against a real instance, with a token from Preferences > Development::

    python examples/quickstart.py --base-url https://mastodon.example --access-token TOKEN

There it posts one direct (private) toot and deletes it again at the end.
"""

import argparse
import re
import sys
import tempfile
from pathlib import Path

import requests

from mastodon import Mastodon, MastodonError


def local_server():
    """Start a mastodon_mock server on a free loopback port; returns it and its URL."""
    try:
        from mastodon_mock.testing.server import MockServer
    except ImportError:
        sys.exit("The local server needs mastodon_mock: pip install -e '.[test]' "
                 "(or pass --base-url and --access-token for a real instance)")
    server = MockServer().start()
    return server, f"http://127.0.0.1:{server.port}"


def log_in_locally(base_url, folder):
    """Register an app and log in through the server's OAuth code flow, as a person would
    in a browser (mastodon_mock shows an account picker instead of a login form)."""
    app_file = folder / "quickstart_clientcred.secret"
    user_file = folder / "quickstart_usercred.secret"
    Mastodon.create_app("quickstart", api_base_url=base_url, to_file=str(app_file))
    api = Mastodon(client_id=str(app_file))
    url = api.auth_request_url()
    print(f"1. Registered an app; users authorize it at\n   {url}")
    try:
        requests.get(url, timeout=10).raise_for_status()
        page = requests.post(f"{base_url}/oauth/authorize", timeout=10, data={
            "username": "alice", "client_id": api.client_id,
            "redirect_uri": "urn:ietf:wg:oauth:2.0:oob", "scope": "read write follow push"})
        code = re.search(r"Authorization code: ([^<\s]+)", page.text).group(1)
        api.log_in(code=code, to_file=str(user_file))
        print("2. Authorized as alice and logged in with the code")
    except (requests.RequestException, AttributeError, MastodonError) as exc:
        print(f"2. The OAuth flow did not work here ({exc}); using the seeded test token")
        api = Mastodon(access_token="alice_token", api_base_url=base_url)
    return api


def show(status):
    text = re.sub(r"<[^>]+>", "", status.content)
    print(f"   [{status.id}] {status.created_at:%Y-%m-%d %H:%M} @{status.account.acct}: {text}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="a real instance (default: a local mock server)")
    parser.add_argument("--access-token", help="an access token for --base-url")
    args = parser.parse_args(argv)

    server = None
    with tempfile.TemporaryDirectory() as folder:
        if args.base_url:
            if not args.access_token:
                parser.error("--base-url needs --access-token")
            api = Mastodon(access_token=args.access_token, api_base_url=args.base_url)
            print(f"1-2. Using the token for {api.api_base_url}")
            visibility = "direct"
        else:
            server, base_url = local_server()
            print(f"0. Started a local mastodon_mock server at {base_url}")
            api = log_in_locally(base_url, Path(folder))
            visibility = None
        try:
            me = api.account_verify_credentials()
            print(f"   Logged in as @{me.acct} (server version {api.retrieve_mastodon_version()})")
            posted = [api.status_post(f"Hello from the mastodon quickstart! ({n})",
                                      visibility=visibility) for n in range(1, 4)]
            print(f"3. Tooted {len(posted)} times; the first:")
            show(posted[0])

            page = api.timeline_home(limit=2)
            print("4. The home timeline, two at a time:")
            for status in page:
                show(status)
            older = api.fetch_next(page)
            print("5. The next page (fetch_next):")
            for status in older or []:
                show(status)
            if args.base_url:
                for status in posted:
                    api.status_delete(status)
                print("6. Deleted the quickstart toots again")
        finally:
            if server is not None:
                server.stop()
    print("Done.")


if __name__ == "__main__":
    main()
