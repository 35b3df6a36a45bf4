"""Versions: parsing, lazy reading, and the checks before each call."""

import logging

import pytest

from mastodon import AsyncMastodon, Mastodon, MastodonVersionError
from mastodon._versions import api_version, parse_version_string

from .clients import subclass_view
from .servers import Reply

pytestmark = pytest.mark.both_clients

V1, V2 = "/api/v1/instance/", "/api/v2/instance/"  # where Mastodon.py asks, with the slash


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


class AsyncProbe(AsyncMastodon):
    @api_version("3.1.0", "4.2.0")
    async def probe(self):
        """A method that needs 3.1.0."""
        return await self._api_request("GET", "/api/v1/probe")


@pytest.fixture
def probe_class(client_class):
    """``Probe``, or for the async variant ``AsyncProbe`` (as ``client_class`` gives
    ``AsyncMastodon``)."""
    return Probe if client_class is Mastodon else subclass_view(client_class, AsyncProbe)


def test_by_default_nothing_is_sent_to_learn_the_version(server, probe_class):
    # Mastodon.py 2.x's default, version_check_mode="none": a call goes out as it is.
    server.routes[("GET", "/api/v1/instance")] = instance_reply("2.0.0")
    api = probe_class(api_base_url=server.url)
    assert api.version_check_mode == "none"
    assert api.probe() == {}
    assert [r.path for r in server.requests] == ["/api/v1/probe"]
    assert api._server_version() == (4, 5, 0)  # unknown: taken to be current, not read
    assert [r.path for r in server.requests] == ["/api/v1/probe"]


def test_version_is_read_once_on_first_need(server, probe_class):
    server.routes[("GET", "/api/v1/instance")] = instance_reply("3.5.3")
    api = probe_class(api_base_url=server.url, version_check_mode="created")
    assert server.requests == []
    api.probe()
    api.probe()
    paths = [r.path for r in server.requests]
    assert paths == [V1, "/api/v1/probe", "/api/v1/probe"]  # 3.5.3 has no v2 information
    assert (api.mastodon_major, api.mastodon_minor, api.mastodon_patch) == (3, 5, 3)


def test_too_old_server_is_refused_before_the_call(server, probe_class):
    server.routes[("GET", "/api/v1/instance")] = instance_reply("2.7.2 (compatible; Pleroma 2.0.50)")
    api = probe_class(api_base_url=server.url, version_check_mode="created")
    with pytest.raises(MastodonVersionError) as info:
        api.probe()
    assert "probe()" in str(info.value) and "3.1.0" in str(info.value) and "2.7.2" in str(info.value)
    # Not plainly Mastodon's version string, so nodeinfo was asked (and had nothing).
    assert [r.path for r in server.requests] == [V1, "/.well-known/nodeinfo"]


def test_check_modes(server, probe_class):
    server.default = Reply(200, {})
    probe_class(api_base_url=server.url, mastodon_version="3.5.0", version_check_mode="created").probe()
    with pytest.raises(MastodonVersionError, match="4.2.0"):
        probe_class(api_base_url=server.url, mastodon_version="3.5.0", version_check_mode="changed").probe()
    probe_class(api_base_url=server.url, mastodon_version="1.0.0", version_check_mode="none").probe()
    assert [r.path for r in server.requests] == ["/api/v1/probe", "/api/v1/probe"]


def test_the_mocks_version(api, client_class):
    assert api.retrieve_mastodon_version() == "4.6.0"
    assert api.verify_minimum_version("4.5.0")
    assert not api.verify_minimum_version("5.0.0", cached=True)
    assert client_class.get_supported_version() == "4.5.0"


def test_version_reads_ask_where_mastodon_py_asks(server, client_class):
    server.routes[("GET", "/api/v1/instance")] = instance_reply("4.5.0")
    server.routes[("GET", "/api/v2/instance")] = Reply(200, {
        "domain": "x", "version": "4.5.0", "api_versions": {"mastodon": 7}})
    api = client_class(api_base_url=server.url, mastodon_version="4.5.0")
    assert api.verify_minimum_version("2.3.3") is True
    assert api.verify_minimum_version("9999.9999.9999") is False
    assert api.verify_minimum_version("1.0.0") is True
    # Read once (the v1 information for the version, v2 for the API version) and kept.
    assert [r.path for r in server.requests] == [V1, V2]
    assert api.mastodon_api_version == 7
    api.clear_caches()  # after a server upgrade: read again
    server.routes[("GET", "/api/v1/instance")] = instance_reply("4.6.1")
    assert api.retrieve_mastodon_version() == "4.6.1"
    assert [r.path for r in server.requests] == [V1, V2, V1, V2]
    assert api.verify_minimum_version("4.6.0", cached=True)
    assert len(server.requests) == 4


def test_an_old_server_is_not_asked_for_v2_information(server, client_class):
    server.routes[("GET", "/api/v1/instance")] = instance_reply("2.9.2")
    api = client_class(api_base_url=server.url)
    assert api.retrieve_mastodon_version() == "2.9.2"
    assert not api.verify_minimum_version("3.0.0")
    assert [r.path for r in server.requests] == [V1]
    assert api.mastodon_api_version == 0


def test_v2_instance_when_v1_is_gone(server, client_class):
    server.routes[("GET", "/api/v1/instance")] = Reply(410, {"error": "gone"})
    server.routes[("GET", "/api/v2/instance")] = instance_reply("5.0.1")
    assert client_class(api_base_url=server.url).retrieve_mastodon_version() == "5.0.1"
    assert [r.path for r in server.requests] == [V1, V2]  # the v2 answer serves both reads


@pytest.mark.parametrize("reply", [
    Reply(404, {"error": "Not found"}),
    Reply(500, {"error": "boom"}),
    Reply(200, b"<html>not an instance</html>"),
    Reply(200, {"title": "no version here"}),
    Reply(200, ["a", "list"]),
    Reply(200, {}, fault="drop"),
], ids=["404", "500", "html", "no-version", "list", "network"])
def test_a_failed_version_read_never_aborts_the_call(server, caplog, reply, probe_class):
    server.routes[("GET", "/api/v1/instance")] = reply
    server.routes[("GET", "/api/v2/instance")] = Reply(404, {"error": "Not found"})
    server.routes[("GET", "/api/v1/probe")] = Reply(200, {"ok": True})
    api = probe_class(api_base_url=server.url, version_check_mode="created", max_retries=0)
    with caplog.at_level(logging.WARNING, logger="mastodon"):
        assert api.probe() == {"ok": True}
        assert api.verify_minimum_version("4.0.0")  # asked again: fails again, quietly
        assert api.probe() == {"ok": True}
    # Taken to be a current Mastodon, logged once, not asked again.
    assert api._server_version() == (4, 5, 0) and api.version_check_worked is False
    warnings = [r for r in caplog.records if "could not read the server's version" in r.message]
    assert len(warnings) == 1
    probes = [r for r in server.requests if r.path == "/api/v1/probe"]
    assert len(probes) == 2
    assert server.last.path == "/api/v1/probe"


def test_fail_hard_raises_a_version_error_with_the_cause(server, probe_class):
    server.routes[("GET", "/api/v1/instance")] = Reply(500, {"error": "boom"})
    api = probe_class(api_base_url=server.url, retry_backoff=0.001, max_retries=0)
    with pytest.raises(MastodonVersionError, match="boom") as info:
        api.retrieve_mastodon_version(fail_hard=True)
    assert info.value.__cause__ is not None and "boom" in str(info.value.__cause__)


@pytest.mark.parametrize("cls", [Probe, AsyncProbe])
def test_decorator_documents_the_version(cls):
    assert "3.1.0" in cls.probe.__doc__
    assert cls.probe._min_version == "3.1.0"


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
def test_other_software_is_not_judged_by_its_mastodon_version(server, reported, software, probe_class):
    server.routes[("GET", "/api/v1/instance")] = instance_reply(reported)
    nodeinfo_routes(server, software, "1.0")
    api = probe_class(api_base_url=server.url, version_check_mode="created")
    api.probe()  # needs 3.1.0 by the book; the server answers for itself
    assert server.last.path == "/api/v1/probe"
    assert api.server_software().name == software
    # search() then uses the current endpoint, as those servers have it.
    server.routes[("GET", "/api/v2/search")] = Reply(200, {"accounts": [], "statuses": [], "hashtags": []})
    api.search("x")
    assert server.last.path == "/api/v2/search"


def test_mastodon_forks_keep_their_checks(server, probe_class):
    server.routes[("GET", "/api/v1/instance")] = instance_reply("3.0.0+glitch")
    nodeinfo_routes(server, "mastodon", "3.0.0+glitch")
    api = probe_class(api_base_url=server.url, version_check_mode="created")
    with pytest.raises(MastodonVersionError):
        api.probe()
