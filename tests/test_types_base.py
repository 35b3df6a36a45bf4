"""mastodon.types_base: the names Mastodon.py 2.x users import, IDs that tell their time,
type names, and try_cast_recurse."""

import copy
import operator
import pickle
from datetime import UTC, datetime
from typing import Optional, Union

import pytest

import mastodon
from mastodon import AttribAccessDict, AttribAccessList, MastodonId
from mastodon import return_types as rt
from mastodon import types_base as tb

# Mastodon's snowflake IDs: milliseconds since the epoch, shifted left by 16 bits.
MOMENT = datetime(2022, 11, 28, 10, 30, 15, 250000, tzinfo=UTC)
MOMENT_MS = 1669631415250
SNOWFLAKE = str(MOMENT_MS << 16)


def test_every_name_is_there():
    for name in tb.__all__:
        assert getattr(tb, name) is not None, name
    assert tb.AttribAccessDict is mastodon.AttribAccessDict
    assert tb.PaginatableList is tb.NonPaginatableList is tb.EntityList is AttribAccessList
    assert tb.PaginationInfo is AttribAccessDict
    assert tb.MaybeSnowflakeIdType is MastodonId
    assert tb.EmptyResponse is rt.EmptyResponse and issubclass(rt.EmptyResponse, AttribAccessDict)
    assert issubclass(AttribAccessDict, tb.Entity) and issubclass(AttribAccessList, tb.Entity)
    from mastodon.return_types import try_cast_recurse
    assert try_cast_recurse is tb.try_cast_recurse
    with pytest.raises(AttributeError):
        tb.NoSuchName  # noqa: B018


# --- base 62 ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("0", 0), ("9", 9), ("a", 10), ("z", 35), ("A", 36), ("Z", 61), ("10", 62),
    ("zz", 35 * 62 + 35), ("100", 62 ** 2)])
def test_base62_both_ways(text, value):
    assert tb.base62_to_int(text) == value
    assert tb.int_to_base62(value) == text
    assert tb.BASE62_ALPHABET[value % 62] == text[-1]


def test_base62_refuses_what_is_not_base62():
    with pytest.raises(ValueError, match="base-62"):
        tb.base62_to_int("ab-c")
    with pytest.raises(ValueError):
        tb.int_to_base62(-1)
    for value in (1, 61, 62, 12345678901234567890, 2 ** 128 - 1):
        assert tb.base62_to_int(tb.int_to_base62(value)) == value


# --- IDs ---------------------------------------------------------------------------------

def test_a_snowflake_id_tells_its_time():
    ident = MastodonId(SNOWFLAKE)
    assert ident.to_datetime() == MOMENT.astimezone().replace(tzinfo=None)  # naive local
    assert ident.to_datetime().tzinfo is None
    assert ident.to_datetime().astimezone() == MOMENT
    assert MastodonId(MOMENT_MS << 16).to_datetime() == ident.to_datetime()  # from an int


def test_an_id_made_from_a_time():
    ident = MastodonId(MOMENT)
    assert type(ident) is MastodonId and ident == SNOWFLAKE and ident == MOMENT_MS << 16
    naive = MastodonId(datetime(2023, 6, 15, 12, 0))  # naive: local time, as Python has it
    assert naive.to_datetime() == datetime(2023, 6, 15, 12, 0)


def test_pleroma_flake_ids():
    # Pleroma and Akkoma: 128 bits, the millisecond timestamp in the top 64, in base 62.
    flake = tb.int_to_base62(MOMENT_MS << 64 | 0xABCDEF)
    assert MastodonId(flake).to_datetime().astimezone() == MOMENT
    made = MastodonId(MOMENT, assume_pleroma=True)
    assert made.assume_pleroma and not MastodonId("1").assume_pleroma
    assert tb.base62_to_int(made) == MOMENT_MS << 64
    assert made.to_datetime().astimezone() == MOMENT
    # A Mastodon snowflake written in base 62 reads as one.
    assert MastodonId(tb.int_to_base62(MOMENT_MS << 16)).to_datetime().astimezone() == MOMENT
    # With assume_pleroma, an all-digit ID is read as base 62 too.
    digits = tb.int_to_base62(1 << 64)  # '1' followed by base-62 digits that are 0-9
    assert MastodonId(digits, assume_pleroma=True).to_datetime() == datetime.fromtimestamp(0.001)


def test_ids_without_a_time():
    assert MastodonId("not-an-id!").to_datetime() is None
    assert MastodonId("9" * 400).to_datetime() is None  # far outside any calendar
    with pytest.raises(TypeError):
        MastodonId(1.5)
    with pytest.raises(TypeError):
        MastodonId(True)


def test_ids_work_as_numbers():
    ident = MastodonId("110")
    assert "%d" % ident == "110" and "%5d|%x|%o" % (ident, ident, ident) == "  110|6e|156"
    assert f"{ident:d}" == "110" and f"{ident:08d}" == "00000110" and f"{ident:,d}" == "110"
    assert int(ident) == 110 and operator.index(ident) == 110 and hex(ident) == "0x6e"
    assert list(range(200))[ident] == 110
    with pytest.raises(ValueError):
        "%d" % MastodonId("abc")  # noqa: B018
    with pytest.raises(TypeError):
        operator.index(MastodonId("abc"))


def test_ids_still_are_strings():
    ident = MastodonId("110")
    assert isinstance(ident, str) and ident + "x" == "110x" and "x" + ident == "x110"
    assert f"{ident}" == "110" and f"{ident:>5}" == "  110" and f"{ident}" == "110"
    assert ident * 2 == "110110" and ident.zfill(5) == "00110" and repr(ident) == "'110'"
    assert str(ident) == "110" and type(str(ident)) is str and ident.startswith("11")
    assert hash(ident) == hash("110") and {"110": 1}[ident] == 1


def test_ids_pickle_and_copy_with_their_kind():
    for ident in (MastodonId("110"), MastodonId(MOMENT, assume_pleroma=True)):
        for again in (pickle.loads(pickle.dumps(ident)), copy.deepcopy(ident), copy.copy(ident)):
            assert again == ident and type(again) is type(ident)
            assert again.to_datetime() == ident.to_datetime()


# --- type names ---------------------------------------------------------------------------

def test_type_names():
    assert tb._str_to_type("Status") is rt.Status
    assert tb._str_to_type("PaginatableList[Status]") == tb.PaginatableList[rt.Status]
    assert tb._str_to_type("NonPaginatableList[Account]") == tb.NonPaginatableList[rt.Account]
    assert tb._str_to_type("typing.Optional[Status]") == Optional[rt.Status]
    assert tb._str_to_type("typing.Union[Status, Account]") == Union[rt.Status, rt.Account]
    assert tb._str_to_type("AttribAccessDict") is AttribAccessDict
    assert tb._str_to_type("Search") is rt.SearchV2  # aliases too


@pytest.mark.parametrize("name, message", [
    ("TotallyFakeType", "Unknown type"), ("PaginatableList[Nope]", "Unknown type"),
    ("Status[Account]", "Subtype not allowed"), ("PaginatableList[", "Invalid type"),
    ("Status]", "Invalid type"), ("PaginatableList[PaginatableList[Status]]", "Invalid type")])
def test_bad_type_names(name, message):
    with pytest.raises(ValueError, match=message):
        tb._str_to_type(name)


def test_real_issubclass():
    assert tb.real_issubclass(MastodonId, tb.IdType)
    assert tb.real_issubclass(datetime, datetime)
    assert tb.real_issubclass(rt.CredentialAccount, rt.Account)
    assert tb.real_issubclass(tb.PaginatableList[rt.Status], AttribAccessList)
    assert tb.real_issubclass(rt.Status, Optional[rt.Status])
    assert tb.real_issubclass(rt.Status, Union[rt.Account, rt.Status])
    assert not tb.real_issubclass(rt.Account, rt.Status)
    assert not tb.real_issubclass(rt.Account, Union[rt.Status, int])


# --- try_cast_recurse ---------------------------------------------------------------------

RAW_STATUS = {
    "id": "110", "created_at": "2026-11-27T10:00:00.000Z", "edited_at": "", "content": "<p>x</p>",
    "uri": "https://a.example/s/110", "visibility": "public", "sensitive": False,
    "spoiler_text": "", "favourites_count": 0, "reblogs_count": 0, "replies_count": 0,
    "account": {"id": "1", "username": "a", "acct": "a", "fields": [
        {"name": "web", "value": "x", "verified_at": None}], "emojis": []},
    "media_attachments": [{"id": "9", "type": "video", "url": "u", "meta": {
        "original": {"width": 640, "height": 480, "frame_rate": "30/1", "duration": 2.5,
                     "bitrate": 800},
        "small": {"width": 64, "height": 48, "size": "64x48", "aspect": 1.33}}}],
    "mentions": [], "tags": [{"name": "t", "url": "u"}], "emojis": [], "reblog": None,
}


def test_try_cast_recurse_types_all_the_way_down():
    status = tb.try_cast_recurse(rt.Status, copy.deepcopy(RAW_STATUS))
    assert type(status) is rt.Status and status.id == 110 and isinstance(status.id, MastodonId)
    assert status.created_at == datetime(2026, 11, 27, 10, tzinfo=UTC)
    assert "edited_at" in status and status.edited_at is None  # an empty date is no date
    assert type(status.account) is rt.Account and type(status.account.fields[0]) is rt.AccountField
    media = status.media_attachments[0]
    assert type(media) is rt.MediaAttachment and type(media.meta) is rt.MediaAttachmentMetadataContainer
    assert type(media.meta.original) is rt.MediaAttachmentVideoMetadata
    assert type(media.meta.small) is rt.MediaAttachmentImageMetadata
    assert isinstance(media.meta.small, rt.MediaAttachmentMetadata)
    assert type(status.tags[0]) is rt.StatusTag
    # A list type, a type name, Optional, and values that are not what the type says.
    statuses = tb.try_cast_recurse(tb.PaginatableList[rt.Status], [copy.deepcopy(RAW_STATUS)])
    assert type(statuses) is AttribAccessList and type(statuses[0]) is rt.Status
    assert type(tb.try_cast_recurse("NonPaginatableList[Status]", [RAW_STATUS])[0]) is rt.Status
    assert tb.try_cast_recurse(Optional[rt.Status], None) is None
    assert tb.try_cast_recurse(rt.Status, "not an object") == "not an object"
    assert tb.try_cast(rt.Account, {"id": "5"}).id == 5
    assert tb.try_cast_recurse(datetime, "2020-01-01") == datetime(2020, 1, 1, tzinfo=UTC)
    assert tb.try_cast_recurse(int, "7") == 7 and tb.try_cast_recurse(bool, "false") is False
    plain = tb.try_cast_recurse(AttribAccessDict, {"a": {"b": 1}})
    assert type(plain) is AttribAccessDict and plain.a.b == 1


def test_the_place_decides_where_keys_do_not():
    # Objects whose keys fit two entities get the one their field holds.
    approval = {"automatic": [], "manual": [], "current_user": "automatic"}
    raw = dict(copy.deepcopy(RAW_STATUS), quote_approval=approval,
               card={"url": "u", "title": "t", "description": "", "type": "link",
                     "authors": [{"name": "n", "url": "u"}]})
    raw["account"]["feature_approval"] = dict(approval)
    status = tb.try_cast_recurse(rt.Status, raw)
    assert type(status.quote_approval) is rt.QuoteApproval
    assert type(status.account.feature_approval) is rt.FeatureApproval
    assert type(status.card.authors[0]) is rt.PreviewCardAuthor  # the same keys as a tag
    assert type(status.tags[0]) is rt.StatusTag
    # An empty object, and a few keys of an older server: typed by their place.
    edit = tb.try_cast_recurse(rt.StatusEdit, {"content": "", "poll": {"options": [{"title": "a"}]},
                                                "media_attachments": [{"id": "1", "meta": {}}]})
    assert type(edit.poll) is rt.StatusEditPoll and type(edit.poll.options[0]) is rt.StatusEditPollOption
    assert type(edit.media_attachments[0].meta) is rt.MediaAttachmentMetadataContainer
    # A place that holds one of several entities: the keys that tell them apart.
    quoted = tb.try_cast_recurse(rt.Status, dict(copy.deepcopy(RAW_STATUS), quote={
        "state": "accepted", "quoted_status_id": "5"}))
    assert type(quoted.quote) is rt.ShallowQuote and quoted.quote.quoted_status_id == 5


# --- persisting ----------------------------------------------------------------------------

def test_to_json_writes_mastodon_pys_format():
    status = tb.try_cast_recurse(rt.Status, copy.deepcopy(RAW_STATUS))
    import json
    envelope = json.loads(status.to_json())
    assert envelope["_mastopy_version"] == "2.0.1" and envelope["_mastopy_type"] == "Status"
    assert "_mastodon_type" not in envelope  # Mastodon.py has the same name
    assert envelope["_mastopy_data"]["created_at"] == "2026-11-27T10:00:00+00:00"
    assert envelope["_mastopy_data"]["id"] == "110" and envelope["_mastopy_extra_data"] == {}
    assert "\n" not in status.to_json(pretty=False)
    # Where Mastodon.py has no such class, its name for the nearest base is written, and
    # ours beside it.
    me = tb.try_cast_recurse(rt.CredentialAccount, {"id": "1", "source": {"note": ""}})
    envelope = json.loads(me.to_json())
    assert envelope["_mastopy_type"] == "Account" and envelope["_mastodon_type"] == "CredentialAccount"
    assert type(tb.Entity.from_json(me.to_json())) is rt.CredentialAccount
    tags = json.loads(AttribAccessList([rt.StatusTag(name="a", url="u")]).to_json())
    assert tags["_mastopy_type"] == "NonPaginatableList[Tag]"
    assert tags["_mastodon_type"] == "NonPaginatableList[StatusTag]"
    with pytest.raises(TypeError, match="cannot be written as JSON"):
        AttribAccessDict(x=object()).to_json()


def test_json_written_by_mastodon_py_reads_back():
    # The format as Mastodon.py writes it: every field of the entity, null where absent,
    # dates in isoformat, and the pagination info with the result type as null.
    text = """{
        "_mastopy_version": "2.0.1", "_mastopy_type": "PaginatableList[Status]",
        "_mastopy_data": [{"id": "7", "created_at": "2025-01-02T03:04:05+00:00",
                           "edited_at": null, "account": {"id": "1", "acct": "a",
                           "username": "a", "emojis": [], "fields": []},
                           "media_attachments": [], "poll": null, "content": "hi"}],
        "_mastopy_extra_data": {"_pagination_next": {"max_id": "7", "_pagination_method": "GET",
                                "_pagination_endpoint": "/api/v1/timelines/home",
                                "_mastopy_type": null}}}"""
    statuses = tb.Entity.from_json(text)
    assert type(statuses) is AttribAccessList and type(statuses[0]) is rt.Status
    assert statuses[0].created_at == datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert type(statuses[0].account) is rt.Account and statuses[0].edited_at is None
    assert statuses._pagination_next == {"max_id": "7", "_pagination_method": "GET",
                                         "_pagination_endpoint": "/api/v1/timelines/home"}
    assert isinstance(statuses._pagination_next, tb.PaginationInfo)
    # A type we do not have: the data, as a plain result.
    other = tb.Entity.from_json('{"_mastopy_version": "2.0.1", "_mastopy_type": "FutureThing",'
                                ' "_mastopy_data": {"a": 1}}')
    assert type(other) is AttribAccessDict and other.a == 1


@pytest.mark.parametrize("text", ["[]", '{"_mastopy_type": "Status"}', '{"_mastopy_version": "2"}',
                                  "not json", b"\xff"])
def test_from_json_refuses_other_json(text):
    with pytest.raises(ValueError, match="to_json"):
        tb.Entity.from_json(text)


def test_round_trip_keeps_values_types_and_extras():
    status = tb.try_cast_recurse(rt.Status, copy.deepcopy(RAW_STATUS))
    status._async_refresh = {"id": "abc", "retry": 3}
    again = rt.Status.from_json(status.to_json())
    assert again == status and type(again) is rt.Status
    assert again._async_refresh == {"id": "abc", "retry": 3}
    assert type(again.media_attachments[0].meta.original) is rt.MediaAttachmentVideoMetadata
    assert isinstance(again.id, MastodonId) and again.created_at.tzinfo is not None
    assert not hasattr(tb.Entity.from_json(rt.Status(id="1").to_json()), "_async_refresh")
    empty = AttribAccessList()
    assert tb.Entity.from_json(empty.to_json()) == [] and \
        type(tb.Entity.from_json(empty.to_json())) is AttribAccessList


def test_names_that_mean_other_entities_in_mastodon_py():
    # Mastodon.py calls our CohortData "AdminCohort", and our AdminCohort "AdminRetention".
    theirs = tb.Entity.from_json('{"_mastopy_version": "2.0.1", "_mastopy_type": '
                                 '"NonPaginatableList[AdminCohort]", "_mastopy_data": '
                                 '[{"date": "2024-01-01T00:00:00+00:00", "rate": 1.0, "value": 3}]}')
    assert type(theirs[0]) is rt.CohortData
    assert theirs[0].date == datetime(2024, 1, 1, tzinfo=UTC)
    ours = tb.try_cast_recurse(rt.AdminCohort, {"period": "2024-01-01", "frequency": "day", "data": [
        {"date": "2024-01-01", "rate": 1.0, "value": 3}]})
    import json
    envelope = json.loads(ours.to_json())
    assert (envelope["_mastopy_type"], envelope["_mastodon_type"]) == ("AdminRetention", "AdminCohort")
    again = tb.Entity.from_json(ours.to_json())
    assert type(again) is rt.AdminCohort and type(again.data[0]) is rt.CohortData
    assert rt.AdminRetention is rt.AdminCohort
