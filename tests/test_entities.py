"""Results are typed all the way down, persist as JSON, pickle and copy, and take
attribute assignment as Mastodon.py's do; the names Mastodon.py users import exist."""

import copy
import pickle
import warnings
from datetime import datetime
from pathlib import Path

import pytest

from mastodon import AttribAccessDict, AttribAccessList, MastodonId
from mastodon import return_types as rt
from mastodon.types_base import Entity, PaginationInfo

from .servers import Reply

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7"
       b"\x9a\xa0\xa0\x00\x00\x00\x00IEND\xaeB`\x82")


def same(one, other, path="result"):
    """Whether two results hold the same values with the same types, all the way down
    (MastodonId stays MastodonId, datetime stays datetime, each class stays)."""
    assert type(one) is type(other), f"{path}: {type(one).__name__} != {type(other).__name__}"
    if isinstance(one, dict):
        assert list(one) == list(other), path
        for key in one:
            same(one[key], other[key], f"{path}.{key}")
    elif isinstance(one, list):
        assert len(one) == len(other), path
        for n, (a, b) in enumerate(zip(one, other, strict=False)):
            same(a, b, f"{path}[{n}]")
    else:
        assert one == other, path
    return True


@pytest.fixture
def rich_status(api, api_bob, tmp_path):
    """A status of Alice's with a mention, a tag, a poll and (in another) media."""
    api.account_update_credentials(fields=[("web", "https://alice.example")])
    image = tmp_path / "pixel.png"
    image.write_bytes(PNG)
    media = api.media_post(str(image), description="a pixel")
    with_media = api.status_post("a picture #pixels", media_ids=[media])
    polled = api.status_post("@bob what do you think? #polls",
                             poll=api.make_poll(["yes", "no"], expires_in=3600))
    return polled, with_media


def test_results_are_typed_all_the_way_down(api, rich_status):
    polled, with_media = rich_status
    status = api.status(polled)
    assert type(status) is rt.Status
    assert type(status.account) is rt.Account
    assert type(status.account.fields[0]) is rt.AccountField
    assert type(status.mentions[0]) is rt.StatusMention
    assert type(status.tags[0]) is rt.StatusTag
    assert type(status.poll) is rt.Poll and type(status.poll.options[0]) is rt.PollOption
    media = api.status(with_media).media_attachments[0]
    assert type(media) is rt.MediaAttachment
    assert type(media.meta) is rt.MediaAttachmentMetadataContainer  # an empty {} here
    me = api.account_verify_credentials()
    assert type(me) is rt.CredentialAccount and type(me.source) is rt.CredentialAccountSource
    home = api.timeline_home()
    assert all(type(s.account) is rt.Account for s in home)
    reblog = api.status_reblog(polled)
    assert type(reblog.reblog) is rt.Status and type(reblog.reblog.account) is rt.Account


def test_notifications_and_instance_are_typed_inside(api, api_bob):
    api_bob.status_post("@alice hi")
    note = api.notifications()[0]
    assert type(note) is rt.Notification and type(note.account) is rt.Account
    assert type(note.status) is rt.Status and type(note.status.account) is rt.Account
    info = api.instance_v2()
    assert type(info.configuration) is rt.InstanceConfigurationV2
    assert type(info.configuration.statuses) is rt.InstanceStatusConfiguration
    assert type(info.usage.users) is rt.InstanceUsageUsers
    assert type(info.contact) is rt.InstanceContact


def test_the_field_decides_where_the_keys_do_not(recording_api, server):
    approval = {"automatic": ["public"], "manual": [], "current_user": "automatic"}
    account = {"id": "1", "username": "a", "acct": "a", "display_name": "", "note": "",
               "feature_approval": approval, "emojis": [], "fields": []}
    status = {"id": "5", "content": "", "account": account, "quote_approval": dict(approval),
              "tags": [{"name": "t", "url": "https://a.example/tags/t"}],
              "card": {"url": "https://b.example", "title": "B", "type": "link",
                       "authors": [{"name": "Ann", "url": "https://b.example/ann"}]},
              "media_attachments": [{"id": "2", "type": "image", "url": "u", "meta": {}}],
              "quote": {"state": "accepted", "quoted_status": None}}
    server.routes[("GET", "/api/v1/statuses/5")] = Reply(200, status)
    got = recording_api.status(5)
    assert type(got.quote_approval) is rt.QuoteApproval
    assert type(got.account.feature_approval) is rt.FeatureApproval
    assert type(got.tags[0]) is rt.StatusTag and type(got.card.authors[0]) is rt.PreviewCardAuthor
    assert type(got.media_attachments[0].meta) is rt.MediaAttachmentMetadataContainer
    assert type(got.quote) is rt.Quote
    assert got == status  # nothing added or lost on the way


def test_results_round_trip_through_json(api, rich_status):
    polled, with_media = rich_status
    for result in (api.status(polled), api.status(with_media), api.account_verify_credentials(),
                   api.instance_v2(), api.status(polled).poll):
        again = Entity.from_json(result.to_json())
        assert same(again, result)


def test_a_persisted_page_still_pages(api):
    for n in range(5):
        api.status_post(f"page {n}")
    first = api.timeline_home(limit=2)
    again = Entity.from_json(first.to_json())
    assert same(again, first) and type(again) is AttribAccessList
    assert again._pagination_next == first._pagination_next
    assert isinstance(again._pagination_next, PaginationInfo)
    assert [s.id for s in api.fetch_next(again)] == [s.id for s in api.fetch_next(first)]
    assert api.fetch_next(again)


def test_results_pickle_and_deep_copy(api, rich_status):
    polled, _with_media = rich_status
    page = api.timeline_home(limit=1)
    status = api.status(polled)
    for result in (status, page):
        for again in (pickle.loads(pickle.dumps(result)), copy.deepcopy(result)):
            assert same(again, result)
            assert again is not result
    again = pickle.loads(pickle.dumps(page))
    assert again._pagination_next == page._pagination_next and api.fetch_next(again)
    assert isinstance(copy.deepcopy(status).id, MastodonId)
    assert isinstance(pickle.loads(pickle.dumps(status)).created_at, datetime)
    copied = copy.deepcopy(status)
    copied.content = "changed"
    assert status.content != "changed"  # a deep copy


def test_attribute_assignment_and_ids_as_numbers(api):
    status = api.status_post("hello")
    status.content = "x"
    assert status["content"] == "x"
    status.id = 420  # as Mastodon.py: the key
    assert status["id"] == 420
    with pytest.raises(AttributeError, match="no field 'contnet'"):
        status.contnet = "typo"
    posted = api.status_post("numbers")
    assert "%d" % posted.id == str(posted.id) and int(posted.id) == posted.id
    assert f"{posted.id:d}" == str(posted.id)
    assert isinstance(posted.id, str) and posted.id == str(posted.id)


# --- names --------------------------------------------------------------------------------

# What Mastodon.py 2.x's mastodon/errors.py defines.
MASTODON_PY_ERRORS = [
    "MastodonError", "MastodonVersionError", "MastodonIllegalArgumentError", "MastodonIOError",
    "MastodonFileNotFoundError", "MastodonNetworkError", "MastodonReadTimeout",
    "MastodonAPIError", "MastodonServerError", "MastodonInternalServerError",
    "MastodonBadGatewayError", "MastodonServiceUnavailableError", "MastodonGatewayTimeoutError",
    "MastodonNotFoundError", "MastodonUnauthorizedError", "MastodonRatelimitError",
    "MastodonMalformedEventError", "MastodonWarning", "MastodonDeprecationWarning"]


def test_the_error_and_warning_names():
    import mastodon
    import mastodon.errors as errors
    from mastodon.Mastodon import MastodonDeprecationWarning, MastodonWarning
    for name in MASTODON_PY_ERRORS:
        assert getattr(errors, name) is getattr(mastodon, name), name
        assert name in errors.__all__
    assert issubclass(MastodonWarning, Warning)
    assert issubclass(MastodonDeprecationWarning, MastodonWarning)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.warn("old", MastodonDeprecationWarning, stacklevel=2)
    assert [w.category for w in caught] == [MastodonDeprecationWarning]
    with warnings.catch_warnings():
        warnings.simplefilter("error", MastodonWarning)
        with pytest.raises(MastodonDeprecationWarning):
            warnings.warn("old", MastodonDeprecationWarning, stacklevel=2)


def test_what_mastodon_py_users_import_from_mastodon_dot_mastodon():
    from mastodon.Mastodon import (
        Account,
        Mastodon,
        MastodonAPIError,
        MastodonIllegalArgumentError,
        MastodonNotFoundError,
        MastodonUnauthorizedError,
        MastodonWarning,
        Status,
        api_version,
        parse_version_string,
        try_cast_recurse,
    )
    assert parse_version_string("4.3.0+glitch") == (4, 3, 0)
    assert parse_version_string("3.5.0 (compatible; Pleroma 2.4.0)") == (3, 5, 0)
    assert Status is rt.Status and Account is rt.Account and callable(api_version)
    assert issubclass(MastodonNotFoundError, MastodonAPIError) and MastodonWarning
    assert MastodonIllegalArgumentError and MastodonUnauthorizedError and try_cast_recurse
    source = (Path(__file__).resolve().parent.parent / "mastodon" / "Mastodon.py").read_text()
    # The module stays the class and imports: no code of its own.
    assert source.count("\nclass ") == 1 and "\ndef " not in source
    assert isinstance(Mastodon.__mro__, tuple)


def test_the_entities_mastodon_py_has_exist():
    for name in ["Nodeinfo", "NodeinfoSoftware", "NodeinfoServices", "NodeinfoUsage",
                 "NodeinfoUsageUsers", "NodeinfoMetadata", "PushNotification",
                 "MediaAttachmentImageMetadata", "MediaAttachmentVideoMetadata",
                 "MediaAttachmentAudioMetadata", "MediaAttachmentColors", "EmptyResponse",
                 "Activity", "InstanceVapidKey", "RuleTranslation", "StreamReaction",
                 "SupportedLocale", "OAuthUserInfo", "ProfileField", "CredentialAccountState",
                 "AccountCreationError", "AccountCreationErrorDetails",
                 "AccountCreationErrorDetailsField", "ShallowTag", "TrendingLinkHistory",
                 "Collections", "WrappedCollection", "WrappedCollectionItem"]:
        cls = getattr(rt, name)
        assert issubclass(cls, AttribAccessDict) and name in rt.__all__, name
    assert rt.ProfileField is rt.AccountField and rt.TrendingLinkHistory is rt.TagHistory


def test_results_without_an_endpoint_class_are_typed_by_their_keys(api):
    nodeinfo = api.instance_nodeinfo()
    assert type(nodeinfo) is rt.Nodeinfo
    assert type(nodeinfo.software) is rt.NodeinfoSoftware
    assert type(nodeinfo.usage.users) is rt.NodeinfoUsageUsers
    assert type(nodeinfo.metadata) is rt.NodeinfoMetadata  # {} here: typed by its place
    weeks = api.instance_activity()
    assert weeks and all(type(week) is rt.Activity for week in weeks)


# --- the field decides: a property over made-up results ------------------------------------

def _fields(cls):
    import typing
    return sorted(set(typing.get_type_hints(cls)) | set(rt._ITEM_FIELDS.get(cls.__name__, ())))


def _made_up(cls, rng, depth):
    """A JSON object for ``cls``: at least a quarter of its fields (and two), in any order;
    the fields that hold entities hold made-up ones of theirs, the others strings."""
    names = _fields(cls)
    nested = {field: (kind, target) for field, kind, target in rt._NESTED.get(cls.__name__, ())}
    if rng.random() < 0.1:
        chosen = []  # an empty object
    else:
        want = min(len(names), max(2, -(-len(names) // 4)))
        chosen = rng.sample(names, rng.randint(want, len(names)))
    obj = {}
    for field in chosen:
        if field in nested and depth < 3:
            kind, target = nested[field]
            member = getattr(rt, rng.choice(target.split("|")))
            if kind == "one":
                obj[field] = _made_up(member, rng, depth + 1)
            elif kind == "list":
                obj[field] = [_made_up(member, rng, depth + 1) for _ in range(rng.randint(0, 2))]
            else:
                obj[field] = {"k": _made_up(member, rng, depth + 1)}
        elif field not in nested:
            obj[field] = "x"
    return obj


def _misplaced(value, path="result"):
    """Objects in a field that names an entity, which are not of that entity."""
    from mastodon._results import _fitting
    found = []
    if isinstance(value, dict):
        for field, kind, target in rt._NESTED.get(type(value).__name__, ()):
            child = value.get(field)
            items = [child] if kind == "one" else (child or []) if kind == "list" else \
                list((child or {}).values())
            classes = tuple(getattr(rt, name) for name in target.split("|"))
            for item in items:
                if isinstance(item, dict) and _fitting(item, classes if len(classes) > 1
                                                       else classes[0]) is not None:
                    found.append(f"{path}.{field}: {type(item).__name__} for {target}")
        for key, child in value.items():
            found += _misplaced(child, f"{path}.{key}")
    elif isinstance(value, list):
        for n, item in enumerate(value):
            found += _misplaced(item, f"{path}[{n}]")
    return found


def test_every_object_gets_the_entity_of_its_field():
    import json
    import random

    from mastodon._results import parse_json, type_result
    rng = random.Random(14)
    roots = sorted(rt._NESTED)
    for _ in range(400):
        cls = getattr(rt, rng.choice(roots))
        raw = _made_up(cls, rng, 0)
        result = parse_json(json.dumps(raw))
        type_result(result, (cls,))
        assert isinstance(result, cls)
        assert _misplaced(result) == [], json.dumps(raw)[:300]
        assert result == raw  # and nothing changed but the classes ("x" is no date or ID)
