"""The library's log output goes where the application's logging configuration says."""

import logging
import subprocess
import sys
from pathlib import Path

import mastodon  # noqa: F401 (importing the package sets up its logger)

from .servers import Reply

ROOT = Path(__file__).resolve().parent.parent

# A script as a user writes it; the server answers 503 once, so the client retries and
# logs a warning about it.
SCRIPT = """
import logging, sys
from mastodon import Mastodon

url, setup = sys.argv[1], sys.argv[2]
if setup == "basicConfig":
    logging.basicConfig()
api = Mastodon(access_token="tok-7f3a9c", api_base_url=url, mastodon_version="4.5.0",
               retry_backoff=0.001, debug_requests=(setup == "debug_requests"))
print(len(api.timeline_home()))
"""


def run_script(server, setup):
    server.requests.clear()
    server.default = [Reply(503, {"error": "busy"}), Reply(200, [{"id": "1"}])]
    done = subprocess.run([sys.executable, "-c", SCRIPT, server.url, setup], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "1\n"
    assert [r.path for r in server.requests] == ["/api/v1/timelines/home"] * 2  # it did retry
    return done.stderr


def test_a_script_without_logging_set_up_prints_nothing(server):
    assert run_script(server, "none") == ""


def test_the_retry_warning_reaches_the_applications_logging(server):
    stderr = run_script(server, "basicConfig")
    assert "WARNING:mastodon:" in stderr and "503" in stderr and "retry 1 of" in stderr


def test_debug_requests_still_shows_requests_without_logging_set_up(server):
    stderr = run_script(server, "debug_requests")
    assert "-> GET" in stderr and "/api/v1/timelines/home" in stderr
    assert "retry 1 of" in stderr
    assert "tok-7f3a9c" not in stderr  # the token stays redacted


def test_the_package_logger_has_a_null_handler():
    assert any(isinstance(h, logging.NullHandler) for h in logging.getLogger("mastodon").handlers)
