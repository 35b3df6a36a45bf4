"""The README's quickstart stays true: it runs, locally and against a given server."""

import subprocess
import sys
from pathlib import Path

QUICKSTART = Path(__file__).resolve().parent.parent / "examples" / "quickstart.py"


def run(*args):
    return subprocess.run([sys.executable, str(QUICKSTART), *args], capture_output=True,
                          text=True, timeout=120)


def test_quickstart_against_its_own_local_server():
    done = run()
    assert done.returncode == 0, done.stderr
    assert "Authorized as alice and logged in with the code" in done.stdout
    assert "The next page (fetch_next):" in done.stdout
    assert done.stdout.count("Hello from the mastodon quickstart!") >= 4


def test_quickstart_against_a_given_server(api_bob, mock_url):
    me = api_bob.me()
    api_bob.status_post("a direct post of bob's own", visibility="direct")
    own = [s.content for s in api_bob.account_statuses(me)]
    assert own == ["<p>a direct post of bob's own</p>"]  # bob sees his direct posts here
    done = run("--base-url", mock_url, "--access-token", "bob_token")
    assert done.returncode == 0, done.stderr
    assert "Tooted 3 times" in done.stdout and "Deleted the quickstart toots again" in done.stdout
    assert [s.content for s in api_bob.account_statuses(me)] == own
