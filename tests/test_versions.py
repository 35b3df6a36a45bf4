"""Versions: parsing, lazy reading, and the checks before each call."""

import pytest

from mastodon import Mastodon, MastodonVersionError
from mastodon._versions import api_version, parse_version_string

from .servers import Reply


@pytest.mark.parametrize("text, expected", [
    ("4.3.0", (4, 3, 0)),
    ("2.7.2 (compatible; Pleroma 2.0.50)", (2, 7, 2)),
    ("4.3.0+glitch", (4, 3, 0)),
    ("3.5.3-gotosocial", (3, 5, 3)),
    ("4.4.0-beta.2", (4, 4, 0)),
    ("4.2", (4, 2, 0)),
    ("v4", (4, 0, 0)),
    ("no numbers", None),
])
def test_version_strings_of_compatible_servers(text, expected):
    assert parse_version_string(text) == expected


def instance_reply(version):
    return Reply(200, {"uri": "x", "title": "x", "version": version})


class Probe(Mastodon):
    @api_version("3.1.0", "4.2.0")
    def probe(self):
        """A method that needs 3.1.0."""
        return self._api_request("GET", "/api/v1/probe")


def test_version_is_read_once_on_first_need(server):
    server.routes[("GET", "/api/v1/instance")] = instance_reply("3.5.3")
    api = Probe(api_base_url=server.url)
    assert server.requests == []
    api.probe()
    api.probe()
    paths = [r.path for r in server.requests]
    assert paths == ["/api/v1/instance", "/api/v1/probe", "/api/v1/probe"]
    assert (api.mastodon_major, api.mastodon_minor, api.mastodon_patch) == (3, 5, 3)


def test_too_old_server_is_refused_before_the_call(server):
    server.routes[("GET", "/api/v1/instance")] = instance_reply("2.7.2 (compatible; Pleroma 2.0.50)")
    api = Probe(api_base_url=server.url)
    with pytest.raises(MastodonVersionError) as info:
        api.probe()
    assert "probe()" in str(info.value) and "3.1.0" in str(info.value) and "2.7.2" in str(info.value)
    # Not plainly Mastodon's version string, so nodeinfo was asked (and had nothing).
    assert [r.path for r in server.requests] == ["/api/v1/instance", "/.well-known/nodeinfo"]


def test_check_modes(server):
    server.default = Reply(200, {})
    Probe(api_base_url=server.url, mastodon_version="3.5.0").probe()  # created: fine
    with pytest.raises(MastodonVersionError, match="4.2.0"):
        Probe(api_base_url=server.url, mastodon_version="3.5.0", version_check_mode="changed").probe()
    Probe(api_base_url=server.url, mastodon_version="1.0.0", version_check_mode="none").probe()
    assert [r.path for r in server.requests] == ["/api/v1/probe", "/api/v1/probe"]


def test_the_mocks_version(api):
    assert api.retrieve_mastodon_version() == "4.6.0"
    assert api.verify_minimum_version("4.5.0")
    assert not api.verify_minimum_version("5.0.0", cached=True)
    assert Mastodon.get_supported_version() == "4.5.0"


def test_verify_minimum_version_rereads_unless_cached(server):
    server.routes[("GET", "/api/v1/instance")] = [instance_reply("3.0.0"), instance_reply("4.1.0")]
    api = Mastodon(api_base_url=server.url)
    assert not api.verify_minimum_version("4.0.0")
    assert api.verify_minimum_version("4.0.0")  # the server was upgraded
    assert api.verify_minimum_version("4.0.0", cached=True)
    assert len(server.requests) == 2


def test_v2_instance_when_v1_is_gone(server):
    server.routes[("GET", "/api/v1/instance")] = Reply(410, {"error": "gone"})
    server.routes[("GET", "/api/v2/instance")] = instance_reply("5.0.1")
    assert Mastodon(api_base_url=server.url).retrieve_mastodon_version() == "5.0.1"


def test_unreadable_version_turns_checks_off_or_fails_hard(server, caplog):
    server.routes[("GET", "/api/v1/instance")] = Reply(500, {"error": "boom"})
    api = Probe(api_base_url=server.url, retry_backoff=0.001)
    with pytest.raises(Exception, match="boom"):
        api.retrieve_mastodon_version(fail_hard=True)
    with caplog.at_level("WARNING", logger="mastodon"):
        api.probe()
    assert "version checks are off" in caplog.text
    assert server.last.path == "/api/v1/probe"


def test_decorator_documents_the_version():
    assert "3.1.0" in Probe.probe.__doc__
    assert Probe.probe._min_version == "3.1.0"


def nodeinfo_routes(server, name, version):
    server.routes[("GET", "/.well-known/nodeinfo")] = Reply(200, {"links": [{
        "rel": "http://nodeinfo.diaspora.software/ns/schema/2.0",
        "href": server.url + "/nodeinfo/2.0"}]})
    server.routes[("GET", "/nodeinfo/2.0")] = Reply(200, {
        "version": "2.0", "software": {"name": name, "version": version}})


@pytest.mark.parametrize("reported, software", [
    ("2.7.2 (compatible; Pleroma 2.5.0)", "pleroma"),
    ("0.17.3+git-abc", "gotosocial"),
    ("3.5.3-gotosocial", "gotosocial"),
])
def test_other_software_is_not_judged_by_its_mastodon_version(server, reported, software):
    server.routes[("GET", "/api/v1/instance")] = instance_reply(reported)
    nodeinfo_routes(server, software, "1.0")
    api = Probe(api_base_url=server.url)
    api.probe()  # needs 3.1.0 by the book; the server answers for itself
    assert server.last.path == "/api/v1/probe"
    assert api.server_software().name == software
    # search() then uses the current endpoint, as those servers have it.
    server.routes[("GET", "/api/v2/search")] = Reply(200, {"accounts": [], "statuses": [], "hashtags": []})
    api.search("x")
    assert server.last.path == "/api/v2/search"


def test_mastodon_forks_keep_their_checks(server):
    server.routes[("GET", "/api/v1/instance")] = instance_reply("3.0.0+glitch")
    nodeinfo_routes(server, "mastodon", "3.0.0+glitch")
    api = Probe(api_base_url=server.url)
    with pytest.raises(MastodonVersionError):
        api.probe()
