"""Typed results: the entity classes, results built as them, the endpoint table (shapes and
classes of the answers), the generators that write them, the return annotations of the
methods, and ``mypy --strict`` on an example script."""

import importlib.util
import inspect
import os
import subprocess
import sys
import typing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mastodon import AttribAccessDict, AttribAccessList, Mastodon, MastodonAPIError, MastodonId
from mastodon import return_types as rt
from mastodon._endpoint_table import ENDPOINTS
from mastodon._endpoints import cast_result, endpoint_facts, entity_classes, expected_shape
from mastodon._results import parse_json

from .servers import Reply

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference"


def api_reference():
    """The Mastodon API reference beside the repo. CI always has it there, so with ``CI`` set
    its absence fails the test: a skip there would let stale generated files land."""
    if not (REFERENCE / "mastodon-api-openapi.json").exists():
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(f"CI is set, but the Mastodon API reference is not at {REFERENCE}")
        pytest.skip(f"the Mastodon API reference is not at {REFERENCE}")
    return REFERENCE


def _tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the classes ----------------------------------------------------------------------

ENTITIES = ["Account", "CredentialAccount", "AccountField", "Status", "StatusMention",
            "StatusTag", "StatusEdit", "MediaAttachment", "Notification", "NotificationGroup",
            "GroupedNotificationsResults", "Relationship", "Poll", "PollOption", "Filter",
            "FilterV2", "FilterKeyword", "FilterStatus", "FilterResult", "Instance",
            "InstanceV2", "InstanceConfigurationV2", "Context", "Conversation", "Tag",
            "UserList", "PreviewCard", "ScheduledStatus", "SearchV2", "Marker", "Preferences",
            "AdminAccount", "AdminReport", "AdminDomainBlock", "AdminMeasure", "AdminIpBlock",
            "WebPushSubscription", "Translation", "Announcement", "CustomEmoji", "Rule"]


@pytest.mark.parametrize("name", ENTITIES)
def test_entity_classes_are_attrib_access_dicts(name):
    cls = getattr(rt, name)
    assert issubclass(cls, AttribAccessDict)
    assert name in rt.__all__
    assert cls.__doc__ and "Since Mastodon" in " ".join(cls.__doc__.split())


def test_fields_are_typed_and_documented_with_their_versions():
    hints = typing.get_type_hints(rt.Status)
    assert hints["id"] is MastodonId
    assert hints["created_at"] is datetime
    assert hints["account"] is rt.Account
    assert hints["edited_at"] == datetime | None
    assert hints["media_attachments"] == list[rt.MediaAttachment]
    assert hints["reblog"] == rt.Status | None
    assert hints["favourites_count"] is int
    assert typing.get_type_hints(rt.InstanceV2)["configuration"] is rt.InstanceConfigurationV2
    source = inspect.getsource(rt.Status)
    # The version that added a field, from the entity docs.
    assert '"""The text, as HTML. Added in Mastodon 0.1.0."""' in source
    assert "edited_at: datetime | None" in source
    assert "Added in Mastodon 3.5.0" in source


def test_a_logged_in_account_is_an_account():
    assert issubclass(rt.CredentialAccount, rt.Account)
    assert "source" in typing.get_type_hints(rt.CredentialAccount)
    assert "acct" in typing.get_type_hints(rt.CredentialAccount)  # inherited


def test_fields_without_attribute_names_are_documented_as_items():
    assert "result['posting:default:visibility']" in rt.Preferences.__doc__
    assert "posting:default:visibility" not in typing.get_type_hints(rt.Preferences)


def test_mastodon_py_names_for_annotations():
    assert rt.PaginatableList[rt.Status] == AttribAccessList[rt.Status]
    assert typing.get_args(rt.PaginatableList[rt.Status]) == (rt.Status,)
    assert rt.IdType == str | int | MastodonId | AttribAccessDict
    assert rt.MaybeSnowflakeIdType is MastodonId
    for name in ("IdType", "PrimitiveIdType", "PaginatableList", "NonPaginatableList",
                 "EntityList", "PaginationInfo", "PathOrFile", "AttribAccessDict"):
        assert hasattr(rt, name) and name in rt.__all__


def test_py_typed_is_shipped():
    assert (ROOT / "mastodon" / "py.typed").exists()
    assert "py.typed" in (ROOT / "pyproject.toml").read_text()


# --- results built as the classes -------------------------------------------------------

def test_results_from_the_server_are_entities(api, api_bob):
    posted = api.status_post("typed results", poll=api.make_poll(["yes", "no"], expires_in=3600))
    assert type(posted) is rt.Status
    assert isinstance(posted, AttribAccessDict) and posted.content == "<p>typed results</p>"
    assert isinstance(posted.created_at, datetime)
    assert type(api.status(posted)) is rt.Status
    assert type(api.poll(posted.poll)) is rt.Poll
    assert type(api.status_context(posted)) is rt.Context
    assert type(api.status_favourite(posted)) is rt.Status

    home = api.timeline_home()
    assert isinstance(home, rt.PaginatableList)
    assert home and all(type(status) is rt.Status for status in home)

    me = api.account_verify_credentials()
    assert type(me) is rt.CredentialAccount and isinstance(me, rt.Account)
    bob = api.account_lookup("bob")
    assert type(bob) is rt.Account
    assert type(api.account_follow(bob)) is rt.Relationship
    assert [type(r) for r in api.account_relationships(bob)] == [rt.Relationship]
    assert all(type(a) is rt.Account for a in api.account_followers(me))

    api_bob.status_post("@alice hello")
    notifications = api.notifications()
    assert notifications and all(type(n) is rt.Notification for n in notifications)
    assert type(api.notifications(id=notifications[0].id)) is rt.Notification

    assert type(api.instance_v2()) is rt.InstanceV2
    assert type(api.instance_v1()) is rt.Instance
    assert type(api.instance()) is rt.InstanceV2  # a current server: the newest format
    assert type(api.search_v2("bob")) is rt.SearchV2
    created = api.list_create("typed")
    assert type(created) is rt.UserList
    assert all(type(item) is rt.UserList for item in api.lists())


def test_filters_and_admin_results_are_entities(api, api_admin):
    made = api.create_filter_v2("typed", ["home"], "warn", keywords_attributes=[{"keyword": "x"}])
    assert type(made) is rt.FilterV2
    assert all(type(f) is rt.FilterV2 for f in api.filters_v2())
    accounts = api_admin.admin_accounts()
    assert accounts and all(type(a) is rt.AdminAccount for a in accounts)
    assert type(api_admin.admin_account(accounts[0])) is rt.AdminAccount


def test_next_pages_are_entities_too(api):
    for n in range(4):
        api.status_post(f"page {n}")
    first = api.timeline_home(limit=2)
    second = api.fetch_next(first)
    assert second and all(type(status) is rt.Status for status in second)


def test_nested_objects_keep_attribute_access(api):
    posted = api.status_post("nested")
    # Nested objects are AttribAccessDicts with the fields their annotation names.
    assert isinstance(posted.account, AttribAccessDict)
    assert posted.account.acct == "alice"


STATUS = {
    "id": "110", "uri": "https://fork.example/s/110", "created_at": "2026-11-27T10:00:00.000Z",
    "account": {"id": "1", "username": "alice", "acct": "alice"}, "content": "<p>hi</p>",
    "visibility": "public", "sensitive": False, "spoiler_text": "", "media_attachments": [],
    "mentions": [], "tags": [], "emojis": [], "reblogs_count": 0, "favourites_count": 0,
    "replies_count": 0,
    # What a fork adds: kept, with attribute access.
    "reactions_fork": [{"name": "blobcat", "count": 2}], "local_only": True,
}


def test_unknown_fields_are_kept_and_missing_ones_absent(recording_api, server):
    server.routes[("GET", "/api/v1/statuses/110")] = Reply(200, STATUS)
    status = recording_api.status("110")
    assert type(status) is rt.Status
    assert status.local_only is True
    assert status.reactions_fork[0].name == "blobcat"
    assert set(status) == set(STATUS)  # nothing dropped, nothing invented
    assert "edited_at" not in status and status.get("edited_at") is None
    with pytest.raises(AttributeError):
        _ = status.edited_at
    assert status.created_at == datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


def test_an_answer_of_two_possible_entities_gets_the_right_one(recording_api, server):
    scheduled = {"id": "3", "scheduled_at": "2030-01-01T00:00:00.000Z",
                 "params": {"text": "later"}, "media_attachments": []}
    server.routes[("POST", "/api/v1/statuses")] = Reply(200, scheduled)
    later = datetime.now(UTC) + timedelta(days=1)
    result = recording_api.status_post("later", scheduled_at=later)
    assert type(result) is rt.ScheduledStatus
    server.routes[("POST", "/api/v1/statuses")] = Reply(200, STATUS)
    assert type(recording_api.status_post("now")) is rt.Status


def test_lists_of_plain_values_and_unknown_endpoints_stay_as_they_are(server):
    api = Mastodon(access_token="t", api_base_url=server.url, mastodon_version="2.9.0")
    server.routes[("GET", "/api/v1/domain_blocks")] = Reply(200, ["a.example", "b.example"])
    assert api.domain_blocks() == ["a.example", "b.example"]
    # No entity for this endpoint, and the keys describe none: a plain result.
    server.routes[("GET", "/api/v1/instance/translation_languages")] = Reply(200, {"en": ["de"]})
    assert type(api.instance_translation_languages()) is AttribAccessDict
    # No entity for the endpoint, but the keys describe one (v1 search results): typed by
    # them, as Mastodon.py types them; the hashtags of v1 stay strings.
    server.routes[("GET", "/api/v1/search")] = Reply(
        200, {"accounts": [], "statuses": [], "hashtags": ["x"]})
    found = api.search_v1("x")
    assert type(found) is rt.Search and found.hashtags == ["x"]


def test_cast_gives_the_endpoints_class():
    status = AttribAccessDict(id="1")
    cast_result(status, "GET", "/api/v1/statuses/1")
    assert type(status) is rt.Status
    cast_result(status, "GET", "/api/v1/statuses/1")  # already one: left as it is
    assert type(status) is rt.Status
    # The endpoint's class wins over the one the keys gave, unless that one is a more
    # specific kind of it (the logged-in user's account where an account belongs).
    me = parse_json(b'{"id": "1", "username": "a", "acct": "a", "display_name": "", '
                    b'"locked": false, "bot": false, "created_at": "2020-01-01", "note": "",'
                    b'"url": "u", "avatar": "a", "avatar_static": "a", "header": "h",'
                    b'"header_static": "h", "followers_count": 0, "following_count": 0,'
                    b'"statuses_count": 0, "emojis": [], "fields": [], "source": {"note": ""},'
                    b'"role": {"id": "1", "name": "", "color": "", "permissions": "0",'
                    b'"highlighted": false}}')
    assert type(me) is rt.CredentialAccount
    cast_result(me, "GET", "/api/v1/accounts/1")
    assert type(me) is rt.CredentialAccount
    cast_result(status, "GET", "/api/v1/accounts/1")
    assert type(status) is rt.Account
    unknown = AttribAccessDict(a=1)
    cast_result(unknown, "GET", "/api/v1/no/such/endpoint")
    assert type(unknown) is AttribAccessDict
    cast_result(None, "GET", "/api/v1/statuses/1")  # a 204 answer


# --- the endpoint table: the shape and the class of each endpoint's answer ----------------

SHAPES = {"dict", "list", "page", "empty"}


def test_every_row_of_the_endpoint_table_names_real_classes_and_shapes():
    assert len(ENDPOINTS) == len({(method, path) for method, path, _, _ in ENDPOINTS})
    for method, path, entity, shape in ENDPOINTS:
        assert method in ("GET", "POST", "PUT", "PATCH", "DELETE") and path.startswith("/")
        assert shape in SHAPES, (method, path)
        for name in filter(None, entity.split("|")):
            cls = getattr(rt, name)
            assert isinstance(cls, type) and issubclass(cls, AttribAccessDict), name


@pytest.mark.parametrize("method, endpoint, shape, classes", [
    ("GET", "/api/v1/statuses/109", "dict", (rt.Status,)),
    ("GET", "/api/v1/timelines/home", "list", (rt.Status,)),  # a page is a list
    ("POST", "/api/v1/statuses", "dict", (rt.Status, rt.ScheduledStatus)),
    ("DELETE", "/api/v1/lists/5", "empty", ()),
    ("DELETE", "/api/v2/filters/statuses/5", "empty", (rt.FilterStatus,)),  # unless it says more
    ("DELETE", "/api/v1/collections/7", "dict", ()),  # Mastodon.py keeps this empty answer
    ("GET", "/api/v1/domain_blocks", "list", ()),  # of strings
    # An exact path before a template; fewer parameters before more; no trailing slash.
    ("GET", "/api/v1/accounts/relationships", "list", (rt.Relationship,)),
    ("GET", "/api/v1/accounts/verify_credentials", "dict", (rt.CredentialAccount,)),
    ("GET", "/api/v1/accounts/109/", "dict", (rt.Account,)),
    # The admin API, from its documentation pages.
    ("GET", "/api/v1/admin/accounts", "list", (rt.AdminAccount,)),
    ("GET", "/api/v2/admin/accounts", "list", (rt.AdminAccount,)),
    ("POST", "/api/v1/admin/accounts/3/action", "empty", ()),
    ("POST", "/api/v1/admin/accounts/3/approve", "dict", (rt.AdminAccount,)),
    ("GET", "/api/v1/admin/domain_blocks/", "list", (rt.AdminDomainBlock,)),
    ("DELETE", "/api/v1/admin/domain_blocks/3", "empty", ()),  # Mastodon renders {}
    ("POST", "/api/v1/admin/measures", "list", (rt.AdminMeasure,)),
    ("GET", "/api/v1/admin/trends/links", "list", (rt.TrendingLink,)),
    ("GET", "/api/v1/admin/tags/3", "dict", (rt.AdminTag,)),  # not in the reference
    ("GET", "/api/v1/no/such/endpoint", None, ()),
    ("PATCH", "/api/v1/statuses/109", None, ()),
])
def test_the_shape_and_the_class_come_from_one_row(method, endpoint, shape, classes):
    assert expected_shape(method, endpoint) == shape
    assert entity_classes(method, endpoint) == classes
    facts = endpoint_facts(method, endpoint)
    assert (facts is None) == (shape is None)
    if facts:
        assert facts[0] == "|".join(cls.__name__ for cls in classes)


def test_an_admin_answer_of_the_wrong_shape_is_an_error(recording_api, server):
    server.routes[("GET", "/api/v1/admin/accounts")] = Reply(200, {"error": "not a list"})
    with pytest.raises(MastodonAPIError, match="JSON dict where a list belongs") as info:
        recording_api.admin_accounts_v1()
    assert info.value.status_code == 200
    server.routes[("POST", "/api/v1/admin/accounts/3/approve")] = Reply(200, [{"id": "3"}])
    with pytest.raises(MastodonAPIError, match="JSON list where a dict belongs"):
        recording_api.admin_account_approve(3)
    assert server.last.path == "/api/v1/admin/accounts/3/approve"


def test_admin_answers_get_their_classes_and_empty_ones_become_none(recording_api, server):
    block = {"id": "3", "domain": "bad.example", "severity": "suspend",
             "created_at": "2026-11-27T10:00:00.000Z", "reject_media": True}
    server.routes[("GET", "/api/v1/admin/domain_blocks/3")] = Reply(200, block)
    found = recording_api.admin_domain_block(3)
    assert type(found) is rt.AdminDomainBlock and found.domain == "bad.example"
    assert found.created_at == datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    server.routes[("DELETE", "/api/v1/admin/domain_blocks/3")] = Reply(200, {})
    assert recording_api.admin_delete_domain_block(3) is None
    assert (server.last.method, server.last.path) == ("DELETE", "/api/v1/admin/domain_blocks/3")
    server.routes[("GET", "/api/v1/admin/trends/tags")] = Reply(200, [{"name": "cats", "url": "u",
                                                                        "history": []}])
    assert [type(tag) for tag in recording_api.admin_trending_tags()] == [rt.AdminTag]


# --- generated, and annotated, consistently ---------------------------------------------

def test_the_generator_gives_the_committed_files():
    reference = api_reference()
    generator = _tool("gen_return_types")
    files, _builder = generator.generate(str(reference))
    assert os.path.join("mastodon", "_endpoint_table.py") in files
    for relative, text in files.items():
        assert (ROOT / relative).read_text(encoding="utf-8") == text, \
            f"{relative} is stale: run python tools/gen_return_types.py"
    pages = {p.name for p in (ROOT / "docs" / "entities").iterdir()}
    assert pages == {Path(p).name for p in files if p.startswith(os.path.join("docs", "entities", ""))}
    again, _ = generator.generate(str(reference))
    assert again == files  # deterministic


def test_the_admin_endpoints_are_read_from_their_documentation_pages():
    reference = api_reference()
    generator = _tool("gen_return_types")
    found = dict(generator.admin_endpoints(reference / "mastodon-docs" / "methods" / "admin"))
    assert found[("GET", "/api/v1/admin/domain_allows")] == ("AdminDomainAllow", "page")
    assert found[("GET", "/api/v1/admin/accounts/{id}")] == ("AdminAccount", "dict")
    assert found[("POST", "/api/v1/admin/accounts/{id}/action")] == ("", "empty")
    assert found[("POST", "/api/v1/admin/retention")] == ("AdminCohort", "list")
    assert found[("GET", "/api/v1/admin/trends/links")] == ("TrendsLink", "list")  # renamed
    rows = {(method, path): (entity, shape) for method, path, entity, shape in ENDPOINTS}
    assert rows[("GET", "/api/v1/admin/trends/links")] == ("TrendingLink", "list")
    for key in found:
        assert key in rows, key  # each of them in the table


def test_the_generator_refuses_a_correction_the_reference_no_longer_needs():
    reference = api_reference()
    generator = _tool("gen_return_types")
    generator.ENDPOINT_FACTS = {**generator.ENDPOINT_FACTS,
                                ("GET", "/api/v1/admin/domain_allows"): ("AdminDomainAllow", "page")}
    with pytest.raises(SystemExit, match="the reference says what"):
        generator.generate(str(reference))


def test_the_tld_list_is_laid_out_as_its_generator_writes_it():
    from mastodon._tlds import TLDS

    generator = _tool("gen_tlds")
    committed = (ROOT / "mastodon" / "_tlds.py").read_text(encoding="utf-8")
    version = committed.split("\n")[2]
    assert version.startswith("Version ")
    assert generator.render(TLDS, version) == committed
    assert {"com", "xn--p1ai", "рф"} & TLDS == {"com", "рф"}  # Unicode, as in text


def test_every_endpoint_method_has_its_return_annotation():
    annotate = _tool("annotate_returns")
    assert {"accounts", "statuses", "timelines", "versions"} <= set(annotate.MODULES)
    for module in annotate.MODULES:
        source = (ROOT / "mastodon" / f"{module}.py").read_text(encoding="utf-8")
        text, problems = annotate.annotate_source(source, module)
        assert not problems
        assert text == source, f"mastodon/{module}.py: run python tools/annotate_returns.py"
    missing = [name for name, member in inspect.getmembers(Mastodon, inspect.isfunction)
               if not name.startswith("_") and member.__module__ not in ("mastodon._client",)
               and inspect.signature(member).return_annotation is inspect.Signature.empty]
    assert missing == []
    assert inspect.signature(Mastodon.timeline_home).return_annotation == \
        rt.PaginatableList[rt.Status]
    assert inspect.signature(Mastodon.status).return_annotation is rt.Status


AREA = """\"\"\"An API area.\"\"\"

from ._base import ClientBase
from .errors import MastodonIllegalArgumentError
from .types_base import IdType


class DemoMixin(ClientBase):
    def status(self, id: IdType):
        return self._api_request("GET", f"/api/v1/statuses/{id}")

    def lists(self):
        return self._api_request("GET", "/api/v1/lists")

    def pagination_iterator(self, page):
        if not page:
            raise MastodonIllegalArgumentError("no page")
        yield page
"""

# As ruff's isort wants the imports: the standard library's section made, the entity
# classes' import placed among the package's own, in order.
AREA_ANNOTATED = """\"\"\"An API area.\"\"\"

from collections.abc import Iterator
from typing import Any

from ._base import ClientBase
from .errors import MastodonIllegalArgumentError
from .return_types import NonPaginatableList, Status, UserList
from .types_base import IdType


class DemoMixin(ClientBase):
    def status(self, id: IdType) -> Status:
        return self._api_request("GET", f"/api/v1/statuses/{id}")

    def lists(self) -> NonPaginatableList[UserList]:
        return self._api_request("GET", "/api/v1/lists")

    def pagination_iterator(self, page) -> Iterator[Any]:
        if not page:
            raise MastodonIllegalArgumentError("no page")
        yield page
"""

OTHER_AREA = """\"\"\"Another API area.\"\"\"

from collections.abc import Callable

from ._base import ClientBase
from .return_types import (
    Account,
    Relationship,
)


class OtherMixin(ClientBase):
    def account(self, id, with_a_parameter=None, and_another_one=None, and_a_third_one=None) -> Account:
        return self._api_request("GET", f"/api/v1/accounts/{id}")

    def account_follow(self, id, reblogs=True, notify=False, languages=None, a_long_param=None) -> Account:
        return self._api_request("POST", f"/api/v1/accounts/{id}/follow")

    def fetch_next(self, previous: Callable[[], None]):
        return previous()

    def timeline_home(self):
        return self._api_request("GET", "/api/v1/timelines/home")
"""

# A right annotation stays as it was laid out (this line is long, but not too long); a
# wrong one is replaced (and its line broken); names go into the imports that are there.
OTHER_AREA_ANNOTATED = """\"\"\"Another API area.\"\"\"

from collections.abc import Callable
from typing import Any

from ._base import ClientBase
from .return_types import (
    Account,
    PaginatableList,
    Relationship,
    Status,
)


class OtherMixin(ClientBase):
    def account(self, id, with_a_parameter=None, and_another_one=None, and_a_third_one=None) -> Account:
        return self._api_request("GET", f"/api/v1/accounts/{id}")

    def account_follow(self, id, reblogs=True, notify=False, languages=None,
                       a_long_param=None) -> Relationship:
        return self._api_request("POST", f"/api/v1/accounts/{id}/follow")

    def fetch_next(self, previous: Callable[[], None]) -> Any:
        return previous()

    def timeline_home(self) -> PaginatableList[Status]:
        return self._api_request("GET", "/api/v1/timelines/home")
"""


@pytest.mark.parametrize("source, annotated", [(AREA, AREA_ANNOTATED),
                                               (OTHER_AREA, OTHER_AREA_ANNOTATED)])
def test_the_annotation_tool_writes_imports_as_ruff_sorts_them(source, annotated):
    annotate = _tool("annotate_returns")
    text, problems = annotate.annotate_source(source, "demo")
    assert problems == []
    assert text == annotated
    assert annotate.annotate_source(text, "demo") == (text, [])  # nothing more to do


def test_annotations_name_the_class_the_transport_gives():
    """A method whose result is its endpoint's answer is annotated with the class that the
    transport gives that answer."""
    import re

    annotate = _tool("annotate_returns")
    for method, path, name, shape in ENDPOINTS:
        annotation = annotate.endpoint_annotation(method, re.sub(r"\{[^}]+\}", "{}", path))
        if shape == "empty":
            assert annotation == "None", (method, path)  # the transport gives None for {}
        elif name:
            container = {"dict": "{}", "list": "NonPaginatableList[{}]",
                         "page": "PaginatableList[{}]"}[shape]
            assert annotation == container.format(" | ".join(name.split("|"))), (method, path)
        else:
            assert annotation is None, (method, path)  # no class: the method's OVERRIDES say


# --- type checking ----------------------------------------------------------------------

WRONG = '''
from mastodon import Mastodon
from mastodon.return_types import Account, Status

api = Mastodon(access_token="t", api_base_url="https://mastodon.example")
status: Status = api.status(1)
count: str = status.favourites_count
author: Status = status.account
page: Status = api.timeline_home()
who: Account = api.account_follow(2)
'''


def test_mypy_strict_passes_on_the_example_and_catches_mistakes(tmp_path):
    pytest.importorskip("mypy", reason="mypy is not installed (it is in the test extra)")
    wrong = tmp_path / "wrong.py"
    wrong.write_text(WRONG)
    # Our package is checked as an installed one would be: its types are used, while its
    # own (partly untyped) internals are not reported against the user's script.
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent",
         "--cache-dir", str(tmp_path / "cache"), "--no-error-summary",
         str(ROOT / "examples" / "typed_example.py"), str(wrong)],
        capture_output=True, text=True, cwd=ROOT, timeout=300)
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert not [e for e in errors if "typed_example.py" in e], done.stdout
    lines = sorted(int(e.split(":")[1]) for e in errors if "wrong.py" in e)
    assert lines == [7, 8, 9, 10], done.stdout + done.stderr


def test_the_typed_example_runs():
    pytest.importorskip("mastodon_mock")
    done = subprocess.run([sys.executable, str(ROOT / "examples" / "typed_example.py")],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "Logged in as @alice" in done.stdout
    assert "Favourites now: 1 favourited: True" in done.stdout
