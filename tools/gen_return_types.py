"""Generate the typed result classes, ``mastodon/return_types.py``, their docs pages,
``docs/entities.rst`` and ``docs/entities/<Name>.rst``, and the endpoint table,
``mastodon/_endpoint_table.py``, from the Mastodon API reference.

Three sources, all in ``../shared/reference``:

- the OpenAPI file: the entity schemas (fields, types, which may be null, which are always
  there, allowed values) and, for each endpoint, what it answers;
- the entity pages of the Mastodon documentation (``mastodon-docs/entities/*.md``): the
  Mastodon version that added each field, and the versions that changed it;
- the admin API's pages of that documentation (``mastodon-docs/methods/admin/*.md``):
  what the admin endpoints, which the OpenAPI file lacks, answer.

The endpoint table has one row per endpoint: its method, its path template, the entity
class of its answer and the answer's shape (a JSON object, a list, a list the server
pages, or an empty object). The transport checks each answer's shape against it and
gives the answer its entity's class (``mastodon/_endpoints.py``); the return annotations
of the API methods follow it too (``tools/annotate_returns.py``).

The field descriptions are written here, from those facts and the field's name, never
taken from the reference's prose. Re-run after updating the reference, and commit the
result (CI runs ``--check``, and the tests compare too)::

    python tools/gen_return_types.py [REFERENCE_DIR]
    python tools/gen_return_types.py --check   # exit 1 when the committed files are stale
"""

import ast
import json
import keyword
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))
DEFAULT_REFERENCE = os.path.normpath(os.path.join(ROOT, "..", "shared", "reference"))

sys.path[:0] = [HERE, ROOT]
from source_style import class_field, from_import, literal, pep604  # noqa: E402

# The field names that results turn into IDs and datetimes decide those fields' types.
from mastodon._results import _DATE_FIELDS, _ID_FIELDS, _ID_LIST_FIELDS  # noqa: E402

# --- names ---------------------------------------------------------------------------

# Schema name -> class name, where Mastodon.py 2.x users know the entity by another name
# (its ``Instance`` and ``Filter`` are the v1 entities; a list of accounts is a ``UserList``).
RENAMES = {
    "V1Instance": "Instance",
    "Instance": "InstanceV2",
    "V1Filter": "Filter",
    "Filter": "FilterV2",
    "List": "UserList",
    "Field": "AccountField",
    "Search": "SearchV2",
    "V1NotificationPolicy": "NotificationPolicyV1",
    "MetaDetails": "MediaAttachmentMetadata",
    "CountResponse": "UnreadNotificationsCount",
    "DiscoverOauthServerConfigurationResponse": "OAuthServerInfo",
    "TrendsLink": "TrendingLink",
}
# Schemas that are no result: request bodies and error bodies.
SKIPPED = {"BaseStatus", "TextStatus", "MediaStatus", "PollStatus", "CustomError422",
           "ValidationError", "OAuthScopes"}
# (class, field path) -> class name for objects that the schema describes inline.
NESTED_NAMES = {
    ("InstanceV2", "configuration"): "InstanceConfigurationV2",
    ("InstanceV2", "configuration", "accounts"): "InstanceAccountConfiguration",
    ("InstanceV2", "configuration", "media_attachments"): "InstanceMediaConfiguration",
    ("InstanceV2", "configuration", "polls"): "InstancePollConfiguration",
    ("InstanceV2", "configuration", "statuses"): "InstanceStatusConfiguration",
    ("InstanceV2", "configuration", "translation"): "InstanceTranslationConfiguration",
    ("InstanceV2", "configuration", "urls"): "InstanceURLsV2",
    ("InstanceV2", "configuration", "timelines_access"): "InstanceTimelinesAccessConfiguration",
    ("InstanceV2", "configuration", "timelines_access", "live_feeds"):
        "InstanceTimelinesAccessFeedConfiguration",
    ("InstanceV2", "configuration", "timelines_access", "hashtag_feeds"):
        "InstanceTimelinesAccessFeedConfiguration",
    ("InstanceV2", "configuration", "timelines_access", "trending_link_feeds"):
        "InstanceTimelinesAccessFeedConfiguration",
    ("InstanceV2", "api_versions"): "InstanceApiVersions",
    ("InstanceV2", "contact"): "InstanceContact",
    ("InstanceV2", "registrations"): "InstanceRegistrations",
    ("InstanceV2", "thumbnail"): "InstanceThumbnail",
    ("InstanceV2", "thumbnail", "versions"): "InstanceThumbnailVersions",
    ("InstanceV2", "usage"): "InstanceUsage",
    ("InstanceV2", "usage", "users"): "InstanceUsageUsers",
    ("Instance", "configuration"): "InstanceConfiguration",
    ("Instance", "stats"): "InstanceStatistics",
    ("Instance", "urls"): "InstanceURLs",
    ("CredentialAccount", "source"): "CredentialAccountSource",
    ("MediaAttachment", "meta"): "MediaAttachmentMetadataContainer",
    ("MediaAttachment", "meta", "focus"): "MediaAttachmentFocusPoint",
    ("ScheduledStatus", "params"): "ScheduledStatusParams",
    ("ScheduledStatus", "params", "poll"): "ScheduledStatusParamsPoll",
    ("WebPushSubscription", "alerts"): "WebPushSubscriptionAlerts",
    ("NotificationPolicy", "summary"): "NotificationPolicySummary",
    ("NotificationPolicyV1", "summary"): "NotificationPolicyV1Summary",
    ("TrendingLink", "history"): "TrendingLinkHistory",
    ("AnnualReport", "data"): "AnnualReportData",
    ("StatusEdit", "poll"): "StatusEditPoll",
    ("StatusEdit", "poll", "options"): "StatusEditPollOption",
    ("Status", "application"): "StatusApplication",
}
# A class whose fields extend another entity's: it is declared as its subclass, so that
# code taking an ``Account`` also takes the logged-in user's ``CredentialAccount``.
BASES = {"CredentialAccount": "Account", "MutedAccount": "Account", "TrendingLink": "PreviewCard",
         "CredentialApplication": "Application"}

# Entities the OpenAPI file does not describe, which Mastodon.py 2.x users know by name (the
# parser recognises them by their keys, or by the field that holds them): name -> (the
# entity whose docs page shows it, or None for a page of its own; base class or None; the
# Mastodon version that added it, or None; what it is; [(field, annotation, description
# or None for one made from the name)]).
_METADATA = "MediaAttachmentMetadata"
EXTRA_ENTITIES = {
    "Nodeinfo": (None, None, None, "The server's NodeInfo document: the description of a "
                 "server that all fediverse software publishes in the same format.", [
                     ("version", "str", "The NodeInfo schema version the document follows."),
                     ("software", "NodeinfoSoftware", "The software the server runs."),
                     ("protocols", "list[str]", "The federation protocols it speaks "
                                                "(``activitypub``)."),
                     ("services", "NodeinfoServices", "Other services it connects to."),
                     ("usage", "NodeinfoUsage", "How many users and posts it has."),
                     ("openRegistrations", "bool", "Whether anyone may sign up."),
                     ("metadata", "NodeinfoMetadata", "Information the software adds."),
                 ]),
    "NodeinfoSoftware": ("Nodeinfo", None, None, "The software a server runs, as its NodeInfo "
                         "document names it.", [
                             ("name", "str", "The software's name, in lower case "
                                             "(``mastodon``, ``pleroma``)."),
                             ("version", "str", "The software's own version."),
                             ("repository", "Optional[str]", "Where its source code is "
                                                             "(NodeInfo 2.1). May be absent."),
                             ("homepage", "Optional[str]", "Its web site (NodeInfo 2.1). "
                                                           "May be absent."),
                         ]),
    "NodeinfoServices": ("Nodeinfo", None, None, "The other services a server exchanges "
                         "posts with.", [
                             ("inbound", "list[str]", "Services it takes posts from."),
                             ("outbound", "list[str]", "Services it sends posts to."),
                         ]),
    "NodeinfoUsage": ("Nodeinfo", None, None, "How many users and posts a server has.", [
        ("users", "NodeinfoUsageUsers", "Its users, by activity."),
        ("localPosts", "int", "Number of posts made on the server."),
    ]),
    "NodeinfoUsageUsers": ("Nodeinfo", None, None, "A server's users, by activity.", [
        ("total", "int", "Number of accounts."),
        ("activeMonth", "int", "Accounts active in the last month."),
        ("activeHalfyear", "int", "Accounts active in the last six months."),
    ]),
    "NodeinfoMetadata": ("Nodeinfo", None, None, "What the server software adds to its "
                         "NodeInfo document (free-form; these fields are Mastodon's).", [
                             ("nodeName", "str", "The server's name."),
                             ("nodeDescription", "Optional[str]", "The server's short "
                                                                  "description. May be absent."),
                         ]),
    "PushNotification": (None, None, "2.4.0", "A web push notification, as "
                         ":meth:`~mastodon.Mastodon.push_subscription_decrypt_push` decrypts "
                         "it.", [
                             ("access_token", "str", "The access token of the subscription "
                                                     "it was sent for."),
                             ("body", "str", "The text to show."),
                             ("icon", "str", "URL of an icon to show with it."),
                             ("notification_id", "MastodonId", "ID of the notification."),
                             ("notification_type", "str", "The notification's type "
                                                          "(``mention``, ``follow``, ...)."),
                             ("preferred_locale", "str", "The user's language."),
                             ("title", "str", "The title to show."),
                         ]),
    "MediaAttachmentImageMetadata": ("MediaAttachment", _METADATA, None,
                                     "Size and shape of an image (or of any file's preview).", [
                                         ("width", "int", "Width in pixels."),
                                         ("height", "int", "Height in pixels."),
                                         ("size", "str", "``\"<width>x<height>\"``."),
                                         ("aspect", "float", "Width divided by height."),
                                     ]),
    "MediaAttachmentVideoMetadata": ("MediaAttachment", _METADATA, None,
                                     "Size, length and rate of a video (or GIF).", [
                                         ("width", "int", "Width in pixels."),
                                         ("height", "int", "Height in pixels."),
                                         ("frame_rate", "str", "Frames per second, as a "
                                                               "fraction (``\"30/1\"``)."),
                                         ("duration", "float", "Length in seconds."),
                                         ("bitrate", "int", "Bits per second."),
                                     ]),
    "MediaAttachmentAudioMetadata": ("MediaAttachment", _METADATA, None,
                                     "Length and rate of an audio file.", [
                                         ("duration", "float", "Length in seconds."),
                                         ("bitrate", "int", "Bits per second."),
                                     ]),
    "MediaAttachmentColors": ("MediaAttachment", None, None, "The main colours of an "
                              "attachment, as ``#rrggbb``.", [
                                  ("foreground", "str", "The foreground colour."),
                                  ("background", "str", "The background colour."),
                                  ("accent", "str", "The accent colour."),
                              ]),
    "EmptyResponse": (None, None, None, "The answer of an endpoint that sends no data back.",
                      []),
    "Activity": (None, None, "2.1.2", "One week of a server's activity.", [
        ("week", "datetime", "The first day of the week."),
        ("statuses", "int", "Statuses posted that week."),
        ("logins", "int", "Users who logged in that week."),
        ("registrations", "int", "Users who signed up that week."),
    ]),
    "InstanceVapidKey": ("InstanceV2", None, None, "The server's key for web push "
                         "subscriptions.", [
                             ("public_key", "str", "The VAPID public key, base64url-encoded."),
                         ]),
    "RuleTranslation": ("Rule", None, None, "A server rule in one more language.", [
        ("text", "str", "The rule, translated."),
        ("hint", "str", "The rule's explanation, translated."),
    ]),
    "StreamReaction": (None, None, "3.1.0", "A change in an announcement's reactions, as the "
                       "streaming API sends it.", [
                           ("name", "str", "The emoji."),
                           ("count", "int", "How many accounts reacted with it now."),
                           ("announcement_id", "MastodonId", "ID of the announcement."),
                       ]),
    "SupportedLocale": (None, None, "4.2.0", "A language the server supports.", [
        ("code", "str", "The language's ISO 639 code."),
        ("name", "str", "The language's name, in English."),
    ]),
    "OAuthUserInfo": (None, None, "4.4.0", "The logged-in user, as the OpenID Connect "
                      "userinfo endpoint describes them.", [
                          ("iss", "str", "The server that issued the token."),
                          ("sub", "str", "The account's URI."),
                          ("name", "str", "The display name."),
                          ("preferred_username", "str", "The user name."),
                          ("profile", "str", "URL of the profile page."),
                          ("picture", "str", "URL of the profile picture."),
                      ]),
    "CredentialAccountState": ("CredentialAccount", None, None, "Whether the logged-in "
                               "account can be used, and why not.", [
                                   ("functional", "bool", "Whether the account works."),
                                   ("confirmed", "bool", "Whether its e-mail is confirmed."),
                                   ("approved", "bool", "Whether its sign-up was approved."),
                                   ("error_code", "Optional[str]", "Why it does not work."),
                                   ("error", "Optional[str]", "The same, in the user's "
                                                              "language."),
                               ]),
    "AccountCreationError": (None, None, None, "Why the server refused to create an account.", [
        ("error", "str", "The error message."),
        ("details", "AccountCreationErrorDetails", "The problems, by field."),
    ]),
    "AccountCreationErrorDetails": ("AccountCreationError", None, None, "The problems with the "
                                    "fields of a sign-up, by field.", [
                                        (name, "Optional[list[AccountCreationErrorDetailsField]]",
                                         f"The problems with the {name.replace('_', ' ')}. "
                                         "May be absent.")
                                        for name in ("username", "password", "email", "agreement",
                                                     "locale", "reason", "date_of_birth")]),
    "AccountCreationErrorDetailsField": ("AccountCreationError", None, None,
                                         "One problem with a sign-up field.", [
                                             ("error", "str", "A code for the problem "
                                                              "(``ERR_TAKEN``, ...)."),
                                             ("description", "str", "The problem, in words."),
                                         ]),
    "Collections": (None, None, "4.6.0", "A page of collections.", [
        ("collections", "list[Collection]", "The collections."),
    ]),
    "WrappedCollection": (None, None, "4.6.0", "A collection, as the collection endpoints "
                          "answer it.", [("collection", "Collection", "The collection.")]),
    "WrappedCollectionItem": (None, None, "4.6.0", "A collection item, as the collection "
                              "endpoints answer it.", [
                                  ("collection_item", "CollectionItem", "The item."),
                              ]),
}
# Fields whose type the OpenAPI file gives too loosely, or does not have: (class, field) ->
# (annotation, description, or None for one made from the name).
FIELD_TYPES = {
    ("MediaAttachmentMetadataContainer", "original"): (
        "Optional[Union[MediaAttachmentVideoMetadata, MediaAttachmentImageMetadata, "
        "MediaAttachmentAudioMetadata]]", "The file's own size, length and rate, as fits its "
                                          "type. May be ``None``."),
    ("MediaAttachmentMetadataContainer", "small"): (
        "Optional[MediaAttachmentImageMetadata]", "Size and shape of the preview image. May "
                                                  "be ``None``."),
    ("MediaAttachmentMetadataContainer", "colors"): (
        "Optional[MediaAttachmentColors]", "The main colours (for some servers and types). "
                                           "May be absent."),
    ("InstanceConfigurationV2", "vapid"): (
        "InstanceVapidKey", "The key for web push subscriptions. Added in Mastodon 4.3.0."),
    ("Rule", "translations"): (
        "Optional[dict[str, RuleTranslation]]", "The rule in other languages, by language "
                                                "code. May be absent."),
    ("CredentialAccount", "state"): (
        "Optional[CredentialAccountState]", "Whether the account can be used. May be absent."),
    ("Preferences", "posting:default:quote_policy"): (
        "str", "Who may quote new statuses by default. May be absent. Added in Mastodon 4.5.0."),
    ("Preferences", "reading:autoplay:gifs"): (
        "bool", "Whether animated GIFs play without a click. May be absent."),
}
# Classes kept as the common base of more specific ones only: their fields are the
# subclasses' (MetaDetails describes images, videos and audio at once).
FIELDLESS = {_METADATA}
# More names for the same classes: Mastodon.py 2.x's.
ALIASES = {"Search": "SearchV2", "ProfileField": "AccountField", "AdminRetention": "AdminCohort"}
# Objects the reference describes twice, under two names, with the same fields and the same
# meaning: one class, the other name an alias of it (results are typed by their keys, and
# two classes with the same fields could not be told apart). name -> the class it is.
MERGED = {"AnnouncementAccount": "StatusMention", "ShallowTag": "StatusTag",
          "NotificationPolicyV1Summary": "NotificationPolicySummary",
          "InstanceConfigurationPolls": "InstancePollConfiguration",
          "InstanceConfigurationStatuses": "InstanceStatusConfiguration",
          "TrendingLinkHistory": "TagHistory", "AdminEmailDomainBlockHistory": "TagHistory"}
# In a field that may hold one of several entities, a key whose presence says which,
# where the required fields do not tell: checked in the annotation's order; ``None`` marks
# the one it is when no key says otherwise.
UNION_KEYS = {"MediaAttachmentVideoMetadata": "frame_rate",
              "MediaAttachmentImageMetadata": "width", "MediaAttachmentAudioMetadata": None,
              "Quote": "quoted_status", "ShallowQuote": "quoted_status_id"}
# Of two entities with the same fields (and another meaning), the one an object with those
# keys is taken for until its place says otherwise: the one results hold most.
PREFERRED = ["QuoteApproval"]
# The names Mastodon.py 2.x knows our classes by, for those it has under another name ("":
# it has none like it; to_json() then writes the nearest base class it has, else
# AttribAccessDict). Every class not listed here has the same name there.
MASTODON_PY_NAMES = {
    "AccountRole": "Role", "AdminTag": "Tag", "AnnouncementStatus": "", "AnnualReportData": "",
    "AsyncRefreshResponse": "",
    "AdminCohort": "AdminRetention", "CohortData": "AdminCohort", "CredentialAccount": "",
    "CredentialApplication": "", "Error": "", "InstanceApiVersions": "",
    "InstanceConfigurationAccounts": "InstanceAccountConfiguration",
    "InstanceConfigurationMediaAttachments": "InstanceMediaConfiguration",
    _METADATA: "", "MergedResponse": "", "MutedAccount": "", "NotificationPolicyV1": "",
    "OEmbedResponse": "", "PrivacyPolicy": "",
    "ScheduledStatusParamsPoll": "", "StatusApplication": "Application",
    "StatusEditPoll": "Poll", "StatusEditPollOption": "PollOption", "StatusTag": "Tag",
    "Token": "", "TranslationAttachment": "", "TranslationPoll": "", "TranslationPollOption": "",
    "TrendingLink": "",
}

# What endpoints answer where the reference does not say, or says otherwise than servers
# answer: (method, path) -> (entity class, "" for none; shape). The shapes: "dict" (an
# object), "list", "page" (a list the server pages with a Link header), "empty" (an object
# with nothing in it, which the transport turns into None, as Mastodon.py 2.x returns it).
ENDPOINT_FACTS = {
    # Not in the reference: the admin API's tags and trend reviews, endpoints removed
    # before Mastodon 4.4, and two whose answer the OpenAPI file does not describe.
    ("GET", "/api/v1/admin/tags"): ("AdminTag", "page"),
    ("GET", "/api/v1/admin/tags/{id}"): ("AdminTag", "dict"),
    ("PUT", "/api/v1/admin/tags/{id}"): ("AdminTag", "dict"),
    ("POST", "/api/v1/admin/trends/tags/{id}/approve"): ("AdminTag", "dict"),
    ("POST", "/api/v1/admin/trends/tags/{id}/reject"): ("AdminTag", "dict"),
    ("POST", "/api/v1/admin/trends/statuses/{id}/approve"): ("Status", "dict"),
    ("POST", "/api/v1/admin/trends/statuses/{id}/reject"): ("Status", "dict"),
    ("POST", "/api/v1/admin/trends/links/{id}/approve"): ("TrendingLink", "dict"),
    ("POST", "/api/v1/admin/trends/links/{id}/reject"): ("TrendingLink", "dict"),
    ("GET", "/api/v1/statuses/{id}/card"): ("PreviewCard", "dict"),
    ("GET", "/api/v1/reports"): ("Report", "list"),
    ("GET", "/api/v1/trends"): ("Tag", "list"),
    ("POST", "/api/v1/notifications/dismiss"): ("", "empty"),  # before Mastodon 3.0
    ("GET", "/api/v1/preferences"): ("Preferences", "dict"),
    # Documented as "Empty", but Mastodon.py 2.x returns the empty object itself (as an
    # ``EmptyResponse``) from their methods: their answer stays a dict.
    ("DELETE", "/api/v1/collections/{id}"): ("", "dict"),
    ("DELETE", "/api/v1/collections/{collection_id}/items/{id}"): ("", "dict"),
    ("POST", "/api/v1/collections/{collection_id}/items/{id}/revoke"): ("", "dict"),
    ("POST", "/api/v1/annual_reports/{year}/generate"): ("", "dict"),
    # Documented with an entity, but Mastodon renders an empty object. Mastodon.py 2.x
    # returns None from these methods (only an empty answer becomes None: a server that
    # answers with more keeps its answer) ...
    ("DELETE", "/api/v1/admin/domain_allows/{id}"): ("", "empty"),
    ("DELETE", "/api/v1/admin/domain_blocks/{id}"): ("", "empty"),
    ("DELETE", "/api/v1/admin/email_domain_blocks/{id}"): ("", "empty"),
    ("DELETE", "/api/v1/admin/ip_blocks/{id}"): ("", "empty"),
    ("DELETE", "/api/v2/filters/statuses/{id}"): ("FilterStatus", "empty"),
    # ... and the empty object itself from this one.
    ("DELETE", "/api/v1/admin/canonical_email_blocks/{id}"): ("", "dict"),
}

# --- our words -----------------------------------------------------------------------

# What an entity is, in a line; shown first in its docstring.
ENTITY_NOTES = {
    "Account": "A user account, on this server or another one.",
    "AccountField": "One name/value pair of the table on an account's profile.",
    "AccountRole": "A role (such as moderator) that an account displays on its profile.",
    "AccountWarning": "A moderation action taken against the user's account.",
    "AdminAccount": "An account as moderators see it, with its sign-up and moderation details.",
    "AdminCanonicalEmailBlock": "A blocked e-mail address, stored as a hash of its normalised form.",
    "AdminCohort": "Retention of one group of users who signed up in the same period.",
    "AdminDimension": "A breakdown of server data along one dimension (languages, servers, ...).",
    "AdminDomainAllow": "A domain that may federate with this server in allow-list mode.",
    "AdminDomainBlock": "A domain this server limits or refuses to federate with.",
    "AdminEmailDomainBlock": "An e-mail domain that may not be used to sign up.",
    "AdminIp": "An IP address that an account has used.",
    "AdminIpBlock": "A range of IP addresses whose sign-ups or access are limited.",
    "AdminMeasure": "One measure of server activity over a time span, in daily buckets.",
    "AdminReport": "A report as moderators see it, with the accounts and statuses involved.",
    "AdminTag": "A hashtag as moderators see it, with its trend review state.",
    "Announcement": "A notice from the server's staff, shown to every user.",
    "Application": "An app registered with the server (as shown with the statuses it posted).",
    "Context": "The thread around a status: what it answers and what answers it.",
    "Conversation": "A direct-message thread and its latest status.",
    "CredentialAccount": "The logged-in user's own account, with the source of its profile.",
    "CredentialApplication": "A newly registered app, with its client credentials.",
    "CustomEmoji": "A server's own emoji, used in text as ``:shortcode:``.",
    "DomainBlock": "A domain the server blocks, as it tells the public.",
    "Filter": "A keyword filter of the first filter API (Mastodon before 4.0).",
    "FilterV2": "A filter: keywords and statuses hidden or flagged in the chosen contexts.",
    "FilterKeyword": "One keyword of a filter.",
    "FilterResult": "A filter that matched a status, and what in it matched.",
    "FilterStatus": "One status that a filter hides.",
    "FamiliarFollowers": "The accounts you follow that also follow a given account.",
    "FeaturedTag": "A hashtag featured on an account's profile.",
    "GroupedNotificationsResults": "A page of grouped notifications, with the accounts and "
                                   "statuses they refer to.",
    "Instance": "Information about the server, as the first instance API gives it.",
    "InstanceV2": "Information about the server: its settings, limits, contact and rules.",
    "Marker": "A saved reading position in a timeline.",
    "MediaAttachment": "A file (image, video, audio) attached to a status.",
    "Notification": "Something that happened that concerns the user.",
    "NotificationGroup": "Notifications of one kind about one thing, grouped together.",
    "NotificationPolicy": "Which notifications the user filters out, and how.",
    "NotificationRequest": "Filtered notifications from one account, waiting for a decision.",
    "Poll": "A poll attached to a status.",
    "PollOption": "One answer of a poll and its votes.",
    "Preferences": "The user's preferences that apply in every app.",
    "PreviewCard": "A preview of a link: title, description, image.",
    "Relationship": "How the logged-in user and another account relate (follows, blocks, ...).",
    "Report": "A report about an account, made by the user.",
    "Role": "A role on the server (its name, colour and permissions).",
    "Rule": "One rule of the server.",
    "ScheduledStatus": "A status that the server will post at a given time.",
    "SearchV2": "Search results: accounts, statuses and hashtags.",
    "Status": "A status (a post, toot).",
    "StatusEdit": "One version of an edited status.",
    "StatusMention": "An account mentioned in a status.",
    "StatusSource": "A status' text as typed, for editing it.",
    "StatusTag": "A hashtag used in a status.",
    "Suggestion": "An account suggested to follow, and why.",
    "Tag": "A hashtag, with its recent use.",
    "TagHistory": "One day's use of a hashtag.",
    "Token": "An OAuth access token.",
    "Translation": "A status translated by the server's translation service.",
    "TrendingLink": "A link much shared right now, with its recent use.",
    "UserList": "A list of accounts, with its own timeline.",
    "WebPushSubscription": "The app's subscription to web push notifications.",
    "AdminDimensionData": "One value of an admin dimension, with its count.",
    "AdminEmailDomainBlockHistory": "One day's sign-up attempts from a blocked e-mail domain.",
    "AdminMeasureData": "One day's value of an admin measure.",
    "AnnouncementStatus": "A status linked from an announcement.",
    "AnnualReport": "A user's yearly summary of their activity (Wrapstodon).",
    "Appeal": "The user's appeal against a moderation action.",
    "AsyncRefresh": "The state of work the server still does in the background for a result.",
    "AsyncRefreshResponse": "The answer about background work: its state, under ``async_refresh``.",
    "CohortData": "One period's retention of an admin cohort.",
    "Collection": "A collection of accounts that a user curates and shares.",
    "CollectionItem": "One account in a collection, and whether it accepted.",
    "CollectionWithAccounts": "A collection and the accounts in it.",
    "Error": "An error the server answered with.",
    "ExtendedDescription": "The server's long description, as HTML.",
    "FeatureApproval": "Who may feature an account (for example in collections).",
    "IdentityProof": "A proof of identity on another service (removed in Mastodon 3.5).",
    "InstanceIcon": "The server's icon in one size.",
    "MediaAttachmentMetadata": "Size and shape of one version of a media file.",
    "MergedResponse": "Whether the server has merged the accepted notification requests.",
    "MutedAccount": "An account the user mutes, and until when.",
    "NotificationFallback": "A notification's summary for apps that do not know its kind.",
    "NotificationPolicyV1": "The notification filter settings, as the first policy API gives them.",
    "OAuthServerInfo": "The server's OAuth endpoints and abilities (RFC 8414 metadata).",
    "OEmbedResponse": "An oEmbed description of a status, for embedding it in a page.",
    "PartialAccountWithAvatar": "A few fields of an account: enough to show its avatar.",
    "PreviewCardAuthor": "An author of a linked page, and their fediverse account.",
    "PrivacyPolicy": "The server's privacy policy.",
    "Profile": "The user's own profile as typed, for editing it.",
    "Quote": "A status quoted by another status, and the state of the quote.",
    "QuoteApproval": "Who may quote a status, and whether the user may.",
    "Reaction": "An emoji reaction to an announcement, with its count.",
    "RelationshipSeveranceEvent": "Follows lost when a server or account was blocked or moved.",
    "ShallowQuote": "A quote given by the quoted status' ID only.",
    "ShallowTag": "A hashtag, by name and URL only.",
    "TermsOfService": "The server's terms of service, and when they apply.",
    "TranslationAttachment": "A media description, translated.",
    "TranslationPoll": "A poll's options, translated.",
    "TranslationPollOption": "One poll option, translated.",
    "UnreadNotificationsCount": "How many unread notifications (or groups) the user has.",
}

# Field descriptions where the name alone says too little: (class, field) -> text.
FIELD_NOTES = {
    ("Status", "content"): "The text, as HTML.",
    ("Status", "spoiler_text"): "The content warning, shown before the text; empty when none.",
    ("Status", "reblog"): "The boosted status, when this status is a boost.",
    ("Status", "visibility"): "Who may see the status.",
    ("Status", "sensitive"): "Whether the media is hidden behind a warning.",
    ("Status", "account"): "The author.",
    ("Status", "uri"): "The status' ActivityPub ID.",
    ("Status", "url"): "The status' page, for people.",
    ("Status", "in_reply_to_id"): "ID of the status this one answers.",
    ("Status", "in_reply_to_account_id"): "ID of the author of the status this one answers.",
    ("Status", "favourited"): "Whether the user has favourited it.",
    ("Status", "reblogged"): "Whether the user has boosted it.",
    ("Status", "bookmarked"): "Whether the user has bookmarked it.",
    ("Status", "muted"): "Whether the user muted its conversation.",
    ("Status", "pinned"): "Whether the user pinned it to their profile.",
    ("Status", "filtered"): "The user's filters that match it.",
    ("Status", "card"): "Preview of the first link in the text.",
    ("Status", "language"): "The language, as an ISO 639 code.",
    ("Status", "text"): "The source text (only right after posting or deleting).",
    ("Account", "acct"): "``username`` for local accounts, ``username@domain`` for remote ones.",
    ("Account", "username"): "The user name, without the domain.",
    ("Account", "display_name"): "The name shown on the profile.",
    ("Account", "note"): "The profile's bio, as HTML.",
    ("Account", "locked"): "Whether follow requests need approval.",
    ("Account", "bot"): "Whether the account is automated.",
    ("Account", "group"): "Whether the account is a group.",
    ("Account", "uri"): "The account's ActivityPub ID.",
    ("Account", "url"): "The profile page.",
    ("Account", "avatar"): "URL of the profile picture.",
    ("Account", "avatar_static"): "URL of a still version of the profile picture.",
    ("Account", "header"): "URL of the banner image.",
    ("Account", "header_static"): "URL of a still version of the banner image.",
    ("Account", "moved"): "The account this one moved to.",
    ("Account", "fields"): "The name/value table on the profile.",
    ("Account", "discoverable"): "Whether the user lets the server recommend the account.",
    ("Account", "noindex"): "Whether the user asked search engines not to index the profile.",
    ("MediaAttachment", "type"): "The kind of file.",
    ("MediaAttachment", "url"): "The file; ``None`` while the server still processes it.",
    ("MediaAttachment", "preview_url"): "A small preview image.",
    ("MediaAttachment", "remote_url"): "The file on its original server, for remote media.",
    ("MediaAttachment", "description"): "The alt text.",
    ("MediaAttachment", "blurhash"): "A blurhash of the image, for a placeholder.",
    ("MediaAttachment", "meta"): "Sizes, duration and focal point, as the server measured them.",
    ("Notification", "type"): "What happened.",
    ("Notification", "account"): "The account that caused the notification.",
    ("Notification", "status"): "The status concerned, for kinds that have one.",
    ("Notification", "group_key"): "Key of the notification group it belongs to.",
    ("Poll", "own_votes"): "Indices of the options the user voted for.",
    ("Poll", "voted"): "Whether the user has voted.",
    ("Poll", "multiple"): "Whether more than one option may be chosen.",
    ("Poll", "expired"): "Whether voting has ended.",
    ("Poll", "voters_count"): "Number of accounts that voted (for polls with several choices).",
    ("PollOption", "title"): "The option's text.",
    ("PollOption", "votes_count"): "Votes for it; ``None`` while results are hidden.",
    ("Relationship", "following"): "Whether the user follows the account.",
    ("Relationship", "followed_by"): "Whether the account follows the user.",
    ("Relationship", "requested"): "Whether the user's follow request is pending.",
    ("Relationship", "requested_by"): "Whether the account asked to follow the user.",
    ("Relationship", "showing_reblogs"): "Whether the user sees the account's boosts.",
    ("Relationship", "notifying"): "Whether the user is notified of the account's posts.",
    ("Relationship", "blocking"): "Whether the user blocks the account.",
    ("Relationship", "blocked_by"): "Whether the account blocks the user.",
    ("Relationship", "muting"): "Whether the user mutes the account.",
    ("Relationship", "muting_notifications"): "Whether the mute also hides notifications.",
    ("Relationship", "domain_blocking"): "Whether the user blocks the account's domain.",
    ("Relationship", "endorsed"): "Whether the user features the account on their profile.",
    ("Relationship", "note"): "The user's private note about the account.",
    ("Relationship", "languages"): "Languages of the account's posts the user sees; ``None`` "
                                   "for all.",
    ("Relationship", "id"): "ID of the other account.",
    ("InstanceV2", "domain"): "The server's domain, as used in handles.",
    ("InstanceV2", "version"): "The server's Mastodon version (forks add to it).",
    ("InstanceV2", "source_url"): "Where the server's source code is published.",
    ("InstanceV2", "rules"): "The server's rules.",
    ("Instance", "uri"): "The server's domain.",
    ("Instance", "version"): "The server's Mastodon version (forks add to it).",
    ("Tag", "following"): "Whether the user follows the hashtag.",
    ("Tag", "featuring"): "Whether the user features the hashtag on their profile.",
    ("Tag", "history"): "Use of the hashtag on recent days, newest first.",
    ("CustomEmoji", "visible_in_picker"): "Whether apps offer it in their emoji picker.",
    ("CustomEmoji", "static_url"): "URL of a still image of the emoji.",
    ("Filter", "whole_word"): "Whether the phrase matches whole words only.",
    ("Filter", "irreversible"): "Whether matching statuses are dropped by the server for good.",
    ("FilterKeyword", "whole_word"): "Whether the keyword matches whole words only.",
    ("FilterV2", "filter_action"): "What happens to matching statuses.",
    ("FilterV2", "context"): "Where the filter applies.",
    ("Filter", "context"): "Where the filter applies.",
    ("AdminReport", "action_taken"): "Whether a moderator acted on the report.",
    ("Report", "action_taken"): "Whether a moderator acted on the report.",
    ("Announcement", "all_day"): "Whether only the dates of its start and end matter.",
    ("Announcement", "read"): "Whether the user has dismissed it.",
    ("Conversation", "unread"): "Whether the conversation has unread statuses.",
    ("Conversation", "last_status"): "The newest status of the conversation.",
    ("Marker", "last_read_id"): "ID of the last item read.",
    ("Marker", "version"): "A counter the server raises at each change (for conflicts).",
    ("Preferences", "posting:default:visibility"): "Default visibility of new statuses.",
    ("Preferences", "posting:default:language"): "Default language of new statuses.",
    ("Preferences", "posting:default:sensitive"): "Whether new media is marked sensitive.",
    ("Preferences", "reading:expand:media"): "How media marked sensitive is shown.",
    ("Preferences", "reading:expand:spoilers"): "Whether content warnings open by default.",
    ("ScheduledStatus", "params"): "The parameters the status will be posted with.",
    ("Context", "ancestors"): "The statuses above it in the thread, oldest first.",
    ("Context", "descendants"): "The replies below it, in thread order.",
}

# --- the reference ---------------------------------------------------------------------

_VERSION_LINE = re.compile(r"^(\d+\.\d+\.\d+)\b[^-]*-\s*(.*?)\\?\s*$")
_FIELD_HEADING = re.compile(r"^(#{3,6})\s+`([^`]+)`(.*)$")
_SECTION_HEADING = re.compile(r"^##\s+(.*?)\s*$")


def _version_key(version):
    return tuple(int(part) for part in version.split("."))


def parse_entity_docs(directory):
    """The sections of the entity pages: ``[(page, title, {field path: facts})]``."""
    sections = []
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".md"):
            continue
        page = name[:-3]
        fields = None
        current = None
        in_history = False
        for line in open(os.path.join(directory, name), encoding="utf-8"):
            line = line.rstrip("\n")
            section = _SECTION_HEADING.match(line)
            if section and not line.startswith("###"):
                fields = {}
                sections.append((page, section.group(1), fields))
                current = None
                continue
            heading = _FIELD_HEADING.match(line)
            if heading and fields is not None:
                path = tuple(part for part in re.split(r"[\[\]]+", heading.group(2)) if part)
                rest = heading.group(3)
                current = {"added": None, "changed": [], "optional": "optional" in rest,
                           "deprecated": "deprecated" in rest or "removed" in rest}
                fields[path] = current
                in_history = False
                continue
            if current is None:
                continue
            if line.startswith("**Version history:**"):
                in_history = True
                continue
            if in_history:
                match = _VERSION_LINE.match(line)
                if not match:
                    in_history = False
                    continue
                version, what = match.groups()
                if current["added"] is None and "add" in what.lower():
                    current["added"] = version
                elif version not in current["changed"] and version != current["added"]:
                    current["changed"].append(version)
                if "removed" in what.lower() or "deprecated" in what.lower():
                    current["deprecated"] = True
    return sections


def find_section(sections, schema, page_hint):
    """The docs section that describes a schema: the one whose fields match its
    properties best, looked for on the page the schema links to first."""
    props = set(schema.get("properties", {}))
    if not props:
        return {}

    def score(fields):
        top = {path[0] for path in fields}
        return len(props & top) / len(props | top) if top else 0.0

    best, best_score = {}, 0.0
    for page, _title, fields in sections:
        if page == page_hint and score(fields) > best_score:
            best, best_score = fields, score(fields)
    if best_score < 0.5:
        for _page, _title, fields in sections:
            if score(fields) > best_score:
                best, best_score = fields, score(fields)
    return best if best_score >= 0.3 else {}


# --- the model -----------------------------------------------------------------------

class Field:
    def __init__(self, name, annotation, doc, usable):
        self.name, self.annotation, self.doc, self.usable = name, annotation, doc, usable


class Entity:
    def __init__(self, name, schema_name, doc, base, fields, parent=None, since=None):
        self.name, self.schema_name, self.doc, self.base = name, schema_name, doc, base
        self.fields, self.parent, self.since = fields, parent, since


# Names that cannot be attributes of a dict subclass: they are dict methods, or not names.
_DICT_NAMES = frozenset(dir(dict))


def usable_attribute(name):
    return name.isidentifier() and not keyword.iskeyword(name) and name not in _DICT_NAMES \
        and not name.startswith("_")


def _without_optional(text):
    while text.startswith("Optional[") and text.endswith("]"):
        text = text[9:-1]
    return text


def _camel(text):
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", text) if part)


def _words(name):
    return name.replace("_", " ").strip()


def _plural(words):
    return words + ("es" if words.endswith(("s", "x", "sh", "ch")) else "s")


# First words of boolean fields that say what to do rather than what something is.
_VERBS = frozenset({"hide", "show", "allow", "include", "exclude", "require", "approve",
                    "notify", "expand", "accept", "reject", "follow", "filter", "for",
                    "discoverable_by", "send", "display", "autoplay", "use", "manual"})


class Builder:
    def __init__(self, spec, sections):
        self.components = spec["components"]["schemas"]
        self.sections = sections
        self.entities = {}
        self.order = []
        self.enum_values = {}
        self.date_strings = []  # date-time fields that results leave as strings

    def class_name(self, schema_name):
        return RENAMES.get(schema_name, schema_name)

    def build_all(self):
        for schema_name in sorted(self.components):
            schema = self.components[schema_name]
            if schema_name in SKIPPED or schema.get("type") != "object" \
                    or "properties" not in schema:
                continue
            name = self.class_name(schema_name)
            page = ((schema.get("externalDocs") or {}).get("url") or "").rstrip("/").split("/")
            page_hint = page[-2] if len(page) >= 2 else None
            versions = find_section(self.sections, schema, page_hint)
            self.build(name, schema_name, schema, (), versions, None)

    def build(self, name, schema_name, schema, path, versions, parent):
        """Make the class for an object schema, and those of the objects inside it."""
        fields = []
        required = set(schema.get("required", []))
        owner = parent or name
        added = []
        for field_name, field_schema in sorted(schema.get("properties", {}).items()):
            facts = versions.get(path + (field_name,), {})
            annotation = self.annotation(owner, field_name, field_schema, path + (field_name,),
                                         versions)
            doc = self.describe(name, field_name, field_schema,
                                field_name in required, facts, annotation)
            fields.append(Field(field_name, annotation, doc, usable_attribute(field_name)))
            if facts.get("added"):
                added.append(facts["added"])
        since = min(added, key=_version_key) if added else None
        base = BASES.get(name, "AttribAccessDict")
        doc = ENTITY_NOTES.get(name) or self.entity_sentence(name, schema_name, path, parent)
        entity = Entity(name, schema_name, doc, base, fields, parent, since)
        if name in self.entities:
            known = self.entities[name]
            if [(f.name, f.annotation) for f in known.fields] != \
                    [(f.name, f.annotation) for f in fields]:
                raise SystemExit(f"two different objects would be named {name}")
            return name
        self.entities[name] = entity
        self.order.append(name)
        return name

    def add_extras(self):
        """The entities and fields the OpenAPI file lacks (EXTRA_ENTITIES, FIELD_TYPES)."""
        for name, (parent, base, since, doc, fields) in EXTRA_ENTITIES.items():
            if name in self.entities:
                raise SystemExit(f"{name} is in EXTRA_ENTITIES, but the reference has it now")
            built = [self.extra_field(name, *field) for field in fields]
            self.entities[name] = Entity(name, None, doc, base or "AttribAccessDict", built,
                                         parent, since)
            self.order.append(name)
        for name in FIELDLESS:
            self.entities[name].fields = []
        for (owner, field_name), (annotation, doc) in FIELD_TYPES.items():
            entity = self.entities[owner]
            entity.fields = sorted(
                [f for f in entity.fields if f.name != field_name]
                + [self.extra_field(owner, field_name, annotation, doc)], key=lambda f: f.name)

    def merge(self, endpoints):
        """Make each name of MERGED an alias of its class: the same fields are checked,
        the annotations and endpoints that name it name the class. Returns the endpoints."""
        for name, target in MERGED.items():
            merged, kept = self.entities.get(name), self.entities.get(target)
            if merged is None or kept is None:
                raise SystemExit(f"MERGED: {name} or {target} does not exist")
            if [(f.name, f.annotation) for f in merged.fields] != \
                    [(f.name, f.annotation) for f in kept.fields]:
                raise SystemExit(f"MERGED: {name} and {target} have different fields")
            del self.entities[name]
            self.order.remove(name)
            word = re.compile(rf"\b{name}\b")
            for entity in self.entities.values():
                if entity.parent == name:
                    entity.parent = target
                for field in entity.fields:
                    field.annotation = word.sub(target, field.annotation)
            endpoints = [(m, p, word.sub(target, n), s) for m, p, n, s in endpoints]
        return endpoints

    def extra_field(self, owner, name, annotation, doc):
        text = doc or self._from_name(owner, name, {}, annotation)
        if annotation.startswith("Optional[") and "None" not in text:
            text += " May be ``None``."
        return Field(name, annotation, text, usable_attribute(name))

    def nested(self):
        """``{class: [(field, "one" | "list" | "dict", "Class" or "Class|Other")]}``: the
        fields of each entity that hold entities, for the parser to type them."""
        plan = {}
        for name in sorted(self.entities):
            steps = []
            for field in self.entities[name].fields:
                step = self._nested_step(field.annotation)
                if step:
                    steps.append((field.name, *step))
            if steps:
                plan[name] = steps
        return plan

    def _nested_step(self, annotation):
        text = _without_optional(annotation)
        kind = "one"
        if text.startswith("list[") and text.endswith("]"):
            kind, text = "list", _without_optional(text[5:-1])
        elif text.startswith("dict[str, ") and text.endswith("]"):
            kind, text = "dict", _without_optional(text[10:-1])
        if text.startswith("Union[") and text.endswith("]"):
            members = [part.strip() for part in text[6:-1].split(",")]
        else:
            members = [text]
        names = [m for m in members if m in self.entities and self.entities[m].fields]
        return (kind, "|".join(names)) if names else None

    def union_keys(self, unions):
        """``{class: key}``: in a place that holds one of several entities (``unions``),
        the key whose presence says an object is that class (UNION_KEYS, else its first
        required field that the others do not require); ``None`` for the default one."""
        keys = {}
        for members in unions:
            for member in members:
                if member in UNION_KEYS:
                    key = UNION_KEYS[member]
                else:
                    others = set()
                    for other in members:
                        if other != member:
                            others |= set(self.required.get(other, []))
                    key = next((k for k in self.required.get(member, []) if k not in others), None)
                    if key is None:
                        raise SystemExit(f"nothing tells {member} from {members}: add it to "
                                         "UNION_KEYS")
                if keys.setdefault(member, key) != key:
                    raise SystemExit(f"{member} is told apart by two keys: add it to UNION_KEYS")
        return keys

    def entity_sentence(self, name, schema_name, path, parent):
        if path:
            return f"The ``{'.'.join(path)}`` object of :class:`{parent}`."
        return f"The {_words(re.sub(r'(?<=[a-z])(?=[A-Z])', ' ', name)).lower()} entity."

    def nested_name(self, owner, path):
        key = (owner,) + path
        if key in NESTED_NAMES:
            return NESTED_NAMES[key]
        return owner + "".join(_camel(part) for part in path)

    def annotation(self, owner, field_name, schema, path, versions):
        """The Python type of a field's value, as results hold it."""
        types, nullable = self._types(schema)
        if field_name in _ID_LIST_FIELDS and types == {"array"}:
            inner = "MastodonId" if self._item_type(schema) == "str" else "Any"
            result = f"list[{inner}]"
        elif field_name in _DATE_FIELDS and types <= {"string", "integer", "number"} and types:
            result = "datetime"
        elif field_name in _ID_FIELDS and types == {"string"}:
            result = "MastodonId"
        else:
            result = self._plain_type(owner, schema, path, versions)
            if schema.get("format") in ("date-time", "date") and result == "str":
                self.date_strings.append(f"{owner}.{'.'.join(path)}")
        if nullable and not result.startswith("Optional["):
            result = f"Optional[{result}]"
        return result

    def _types(self, schema):
        """The JSON types a schema allows (without null) and whether null is allowed."""
        kinds = schema.get("type")
        kinds = set(kinds if isinstance(kinds, list) else [kinds] if kinds else [])
        nullable = "null" in kinds
        kinds.discard("null")
        for alternative in schema.get("oneOf", []) + schema.get("anyOf", []):
            if alternative.get("type") == "null":
                nullable = True
        if "$ref" in schema and not kinds:
            target = self.components.get(schema["$ref"].rsplit("/", 1)[1], {})
            kinds = {target.get("type", "object")}
        return kinds, nullable

    def _item_type(self, schema):
        items = schema.get("items", {})
        return "str" if items.get("type") == "string" else None

    def _plain_type(self, owner, schema, path, versions):
        if "$ref" in schema:
            return self._ref_type(schema["$ref"], schema)
        alternatives = [alt for alt in schema.get("oneOf", []) + schema.get("anyOf", [])
                        if alt.get("type") != "null"]
        if alternatives:
            names = []
            for alternative in alternatives:
                name = self._plain_type(owner, alternative, path, versions)
                if name not in names:
                    names.append(name)
            return names[0] if len(names) == 1 else f"Union[{', '.join(names)}]"
        kinds = schema.get("type")
        kinds = [k for k in (kinds if isinstance(kinds, list) else [kinds]) if k and k != "null"]
        kind = kinds[0] if len(kinds) == 1 else None
        if kind == "array":
            items = schema.get("items", {})
            if "properties" in items:
                inner = self.build(self.nested_name(owner, path), None, items, path, versions,
                                   owner)
            else:
                inner = self._plain_type(owner, items, path, versions)
            return f"list[{inner}]"
        if kind == "object" or "properties" in schema:
            if schema.get("properties"):
                return self.build(self.nested_name(owner, path), None, schema, path, versions,
                                  owner)
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict) and extra:
                inner = self._plain_type(owner, extra, path, versions)
                return f"dict[str, {inner}]"
            return "AttribAccessDict"
        return {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}.get(
            kind, "Any")

    def _ref_type(self, ref, schema):
        target_name = ref.rsplit("/", 1)[1]
        target = self.components.get(target_name, {})
        if "enum" in target:
            self.enum_values[id(schema)] = target["enum"]
            return {"string": "str", "integer": "int"}.get(target.get("type"), "str")
        if target_name in SKIPPED or target.get("type") != "object":
            return "Any"
        return self.class_name(target_name)

    def describe(self, owner, field_name, schema, required, facts, annotation):
        """A field's description: what it is (from its name), then the facts."""
        text = FIELD_NOTES.get((owner, field_name)) or self._from_name(owner, field_name,
                                                                       schema, annotation)
        notes = [text]
        values = schema.get("enum") or self.enum_values.get(id(schema))
        if values:
            notes.append("One of " + ", ".join(f"``{v}``" for v in values) + ".")
        if annotation.startswith("Optional["):
            notes.append("May be ``None``.")
        if not required:
            notes.append("May be absent.")
        if facts.get("deprecated"):
            notes.append("Deprecated or removed in newer versions.")
        if facts.get("added"):
            history = f"Added in Mastodon {facts['added']}"
            changed = sorted(facts.get("changed", []), key=_version_key)
            if changed:
                history += ", changed in " + ", ".join(changed)
            notes.append(history + ".")
        return " ".join(notes)

    def _from_name(self, owner, name, schema, annotation):
        entity = _words(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", owner)).lower()
        words = _words(name)
        base = annotation.replace("Optional[", "").rstrip("]")
        if name == "id":
            return f"ID of this {entity}."
        if name.endswith("_ids"):
            return f"IDs of the {_plural(_words(name[:-4]))}."
        if name.endswith("_id"):
            return f"ID of the {_words(name[:-3])}."
        if name.endswith("_count"):
            return f"Number of {_words(name[:-6])}."
        if name.endswith("_at") and base == "datetime":
            what = _words(name[:-3])
            if what.endswith("ed"):
                return f"When it was {what}."
            if what in ("starts", "ends", "expires"):
                return f"When it {what}."
            return f"Time of the {what}."
        if base == "bool":
            first = name.split("_")[0]
            if first in ("is", "has", "can"):
                return f"Whether it {words[len(first) + 1:] if first != 'is' else words}."
            if first in _VERBS:
                return f"Whether to {words}."
            return f"Whether it is {words}." if "_" not in name else f"Whether {words}."
        if name in ("url", "uri"):
            return f"{name.upper()} of this {entity}."
        if name.endswith(("_url", "_uri")):
            return f"{name[-3:].upper()} of the {_words(name[:-4])}."
        return f"The {words}."

    # --- output ------------------------------------------------------------------------

    def endpoints(self, spec, admin_pages):
        """``[(method, path, class or "A|B" or "", shape)]``: what every endpoint answers,
        from the OpenAPI file, then the admin API's pages, then ENDPOINT_FACTS."""
        rows = {}
        for path, operations in spec["paths"].items():
            for method, operation in operations.items():
                if isinstance(operation, dict):
                    found = self._answer(spec, operation)
                    if found:
                        rows[(method.upper(), path)] = found
        for key, (name, shape) in admin_endpoints(admin_pages):
            if key in rows:
                raise SystemExit(f"{key} is in the OpenAPI file now: read it from there only")
            if name and name not in self.entities:
                name = self.class_name(name)
            if name and name not in self.entities:
                raise SystemExit(f"{key}: the admin docs name {name}, which is no entity")
            rows[key] = (name, shape)
        for key, facts in ENDPOINT_FACTS.items():
            if rows.get(key) == facts:
                raise SystemExit(f"ENDPOINT_FACTS: the reference says what {key} answers now")
            rows[key] = facts
        return sorted(((method, path, name, shape) for (method, path), (name, shape)
                       in rows.items()), key=lambda row: (row[1], row[0]))

    def _answer(self, spec, operation):
        """``(class or "", shape)`` of what an operation answers, or None where the
        reference does not say: the first success status that says it."""
        for status in ("200", "201", "202"):
            response = operation.get("responses", {}).get(status)
            while isinstance(response, dict) and "$ref" in response:
                response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
            if response is None:
                continue
            content = response.get("content", {})
            schema = content.get("application/json", {}).get("schema")
            if not content and response.get("description") == "Empty":
                return "", "empty"
            shape = self._shape(schema) if schema else None
            if shape is None:
                continue
            if response.get("description", "").startswith(("List of", "Array of")):
                shape = "list"  # a schema copied wrongly ("List of [V1::Filter]"): the prose
            if shape == "list" and "Link" in response.get("headers", {}):
                shape = "page"
            return self._entity(schema), shape
        return None

    def _shape(self, schema):
        """``"list"`` or ``"dict"``: what JSON a schema describes (None: it does not say)."""
        resolved = schema
        while "$ref" in resolved:
            resolved = self.components[resolved["$ref"].rsplit("/", 1)[1]]
        kinds = resolved.get("type")
        if isinstance(kinds, list):
            kinds = [kind for kind in kinds if kind != "null"]
            kinds = kinds[0] if len(kinds) == 1 else None
        if kinds == "array":
            return "list"
        if kinds == "object" or "properties" in resolved or self._entity(schema):
            return "dict"  # an object, or one of several entities
        return None

    def _entity(self, schema):
        """The class (or ``"A|B"``) of the entity a schema describes, or of its items."""
        if schema.get("type") == "array":
            schema = schema.get("items", {})
        names = []
        for alternative in [schema] + schema.get("oneOf", []):
            if "$ref" in alternative:
                name = self.class_name(alternative["$ref"].rsplit("/", 1)[1])
                if name in self.entities:
                    names.append(name)
        return "|".join(names)


_METHOD_LINE = re.compile(r"^(GET|POST|PUT|PATCH|DELETE) (/\S+) HTTP/1.1$", re.MULTILINE)
_RETURNS_LINE = re.compile(r"^\*\*Returns:\*\*\s*(.*?)\\?$", re.MULTILINE)
_RETURNED_ENTITY = re.compile(r"^(Array of )?\[([A-Za-z:]+)\]\(")
# A list the server pages: the page shows a Link header, or says to page with one.
_LINK_HEADER = re.compile(r"^Link: <|HTTP `?Link`? header", re.MULTILINE)


def admin_endpoints(directory):
    """``[((method, path), (entity, shape))]`` of the endpoints the admin API's pages
    describe (each ``## `` section: its request line and its "Returns:" line)."""
    found = []
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".md") or name.startswith("_"):
            continue
        with open(os.path.join(directory, name), encoding="utf-8") as page:
            sections = page.read().split("\n## ")[1:]
        for section in sections:
            requests = _METHOD_LINE.findall(section)
            if not requests:
                continue  # "See also" and the like
            returns = _RETURNS_LINE.search(section)
            text = returns.group(1).strip() if returns else ""
            entity = _RETURNED_ENTITY.match(text)
            if text == "Empty":
                facts = ("", "empty")
            elif entity:
                array, raw = entity.groups()
                shape = ("page" if _LINK_HEADER.search(section) else "list") if array else "dict"
                facts = (raw.replace("::", ""), shape)
            else:
                raise SystemExit(f"admin/{name}: what does {requests} answer? {text!r}")
            for method, path in requests:
                found.append(((method, re.sub(r":(\w+)", r"{\1}", path)), facts))
    return found


def _wrap(text, first, rest, width=92):
    """Lines of ``text`` wrapped at ``width``, the first indented by ``first``, the others
    by ``rest``."""
    lines, line, indent = [], "", first
    for word in text.split():
        if line and len(indent) + len(line) + len(word) + 1 > width:
            lines.append(indent + line)
            line, indent = word, rest
        else:
            line = f"{line} {word}" if line else word
    lines.append(indent + line)
    return lines


def _py_doc(text, indent, items=()):
    """A docstring: ``text``, then a bullet list of ``items``; quotes kept safe."""
    def safe(value):
        return value.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')

    text = safe(text)
    if not items and len(indent) + len(text) + 6 <= 96:
        return f'{indent}"""{text}"""\n'
    lines = _wrap(text, indent + '"""', indent)
    for item in items:
        lines.append("")
        lines.extend(_wrap("- " + safe(item), indent, indent + "  "))
    return "\n".join(lines) + "\n" + indent + '"""\n'


HEADER = """\"\"\"Typed results: one class per entity of the Mastodon API.

Generated by ``tools/gen_return_types.py`` from the Mastodon API reference; do not edit by
hand, re-run the generator. Every class is an :class:`~mastodon.AttribAccessDict`: the
annotations tell editors and type checkers which fields an entity has, their types and
since which Mastodon version, and results keep every field the server sent (also fields
of newer servers and forks) while fields the server left out are absent, not invented.

A method's result is an instance of the class of the entity its endpoint answers (the
items of a list result, too), and so are the objects inside it, all the way down: a
status' ``account`` is an :class:`Account`, its ``media_attachments`` are
:class:`MediaAttachment`. The names Mastodon.py 2.x users annotate with and cast with
(``IdType``, ``PaginatableList``, ``try_cast_recurse``, ...) are here too; see
:mod:`mastodon.types_base`.
\"\"\"

{imports}
"""

RUNTIME = """

# --- how the parser types the objects inside results ---------------------------------------

# Each entity's fields that hold entities: (field, "one" | "list" | "dict", the class, or
# the classes one of which it holds).
{nested}
# Where a field or an endpoint holds one of several entities, the key whose presence says
# which (a class without one is the default).
{unions}
# Fields whose names are no attribute names (read them as items), by class.
{items}
# The names Mastodon.py 2.x knows our classes by, where they differ ("": it has none).
{mastodon_py}
# Entities an object is taken for when its keys fit several with the same fields.
{preferred}

register_entities(
    {{name: value for name, value in list(globals().items())
     if isinstance(value, type) and issubclass(value, AttribAccessDict)}},
    _NESTED, _UNION_KEYS, _ITEM_FIELDS, _MASTODON_PY_NAMES, _PREFERRED)
"""

# What the module imports: the names its annotations use, and those it passes on.
_RESULTS_NAMES = ["AttribAccessDict", "AttribAccessList", "MastodonId", "register_entities"]
_TYPES_BASE_NAMES = ["Entity", "EntityList", "IdType", "MaybeSnowflakeIdType",
                     "NonPaginatableList", "PaginatableList", "PaginationInfo", "PathOrFile",
                     "PrimitiveIdType", "real_issubclass", "try_cast", "try_cast_recurse"]


def _module_imports(annotations):
    typing_names = sorted({name for text in annotations
                           for name in re.findall(r"\b(Any)\b", text)})
    lines = ["from __future__ import annotations", "", "from datetime import datetime"]
    if typing_names:
        lines.append(from_import("typing", typing_names))
    # The transport's lookup was imported from here; it lives with the endpoint table now.
    lines += ["", from_import("._endpoints", ["cast_result as cast_result"]),
              from_import("._results", _RESULTS_NAMES),
              from_import(".types_base", _TYPES_BASE_NAMES)]
    return "\n".join(lines)


def render_module(builder, endpoints):
    names = list(builder.order)
    # Bases first, otherwise in the order built (alphabetical, nested after their owner).
    emitted, ordered = set(), []

    def emit(name):
        if name in emitted:
            return
        base = builder.entities[name].base
        if base in builder.entities:
            emit(base)
        emitted.add(name)
        ordered.append(name)

    roots = sorted(n for n in names if builder.entities[n].parent is None)
    for root in roots:
        for name in names:
            if name == root or builder.entities[name].parent == root:
                emit(name)
    out, annotations = [], []
    for name in ordered:
        entity = builder.entities[name]
        out.append(f"\n\nclass {name}({entity.base}):\n")
        doc = entity.doc
        if entity.since:
            doc += f" Since Mastodon {entity.since}."
        hidden = [f for f in entity.fields if not f.usable]
        items = [f"``result[{f.name!r}]`` (``{pep604(f.annotation)}``): {f.doc}" for f in hidden]
        if hidden:
            doc += " Some fields have names that are no attribute names; read them as items:"
        out.append(_py_doc(doc, "    ", items))
        base_fields = set()
        if entity.base in builder.entities:
            base_fields = {(f.name, f.annotation) for f in builder.entities[entity.base].fields}
        for field in entity.fields:
            if not field.usable or (field.name, field.annotation) in base_fields:
                continue
            annotations.append(pep604(field.annotation))
            out.append("\n" + class_field(field.name, annotations[-1]) + "\n")
            out.append(_py_doc(field.doc, "    "))
    out.append("\n\n# Mastodon.py 2.x names for the same entities.\n")
    for alias, target in sorted({**ALIASES, **MERGED}.items()):
        out.append(f"{alias} = {target}\n")
    nested = builder.nested()
    unions = [name.split("|") for _m, _p, name, _s in endpoints if "|" in name]
    unions += [target.split("|") for steps in nested.values() for _f, _k, target in steps
               if "|" in target]
    keys = builder.union_keys(unions)
    items = {name: [f.name for f in builder.entities[name].fields if not f.usable]
             for name in ordered}
    missing = set(MASTODON_PY_NAMES) - set(builder.entities)
    if missing:
        raise SystemExit(f"MASTODON_PY_NAMES names classes that do not exist: {sorted(missing)}")
    out.append(RUNTIME.format(
        nested=literal({name: tuple(steps) for name, steps in nested.items()}, 0, "_NESTED = "),
        unions=literal({member: key for member, key in sorted(keys.items()) if key is not None},
                       0, "_UNION_KEYS = "),
        items=literal({name: fields for name, fields in items.items() if fields}, 0,
                      "_ITEM_FIELDS = "),
        mastodon_py=literal(dict(sorted(MASTODON_PY_NAMES.items())), 0, "_MASTODON_PY_NAMES = "),
        preferred=literal(tuple(PREFERRED), 0, "_PREFERRED = ")))
    public = sorted(ordered + list(ALIASES) + list(MERGED))
    out.append("\n\n" + literal(public + [
        "IdType", "PrimitiveIdType", "MaybeSnowflakeIdType", "PaginatableList",
        "NonPaginatableList", "EntityList", "PaginationInfo", "PathOrFile",
        "AttribAccessDict", "AttribAccessList", "MastodonId", "Entity", "try_cast",
        "try_cast_recurse", "real_issubclass"], 0, "__all__ = ") + "\n")
    return HEADER.replace("{imports}", _module_imports(annotations)) + "".join(out)


TABLE_HEADER = '''"""The endpoint table: what each endpoint of the Mastodon API answers.

Generated by ``tools/gen_return_types.py`` from the Mastodon API reference (the OpenAPI
file, and the documentation's pages of the admin API, which the OpenAPI file lacks); do
not edit by hand, re-run the generator. The lookups that read it, by the path a request
actually uses, are in ``_endpoints.py``.

A row: the method, the path template, the entity class of the answer (a name in
``mastodon.return_types``; ``"A|B"``: one of them; ``""``: none) and its shape: ``"dict"``
(a JSON object), ``"list"`` (an array), ``"page"`` (an array the server pages with a
``Link`` header) or ``"empty"`` (an object with nothing in it, which becomes None).
"""

'''


def render_endpoint_table(endpoints):
    return (TABLE_HEADER + "ENDPOINTS: tuple[tuple[str, str, str, str], ...] = (\n"
            + "".join(literal(row, 4, "", ",") + "\n" for row in endpoints) + ")\n")


# --- docs ----------------------------------------------------------------------------

def _rst_title(text, char):
    return f"{text}\n{char * len(text)}\n"


def render_docs(builder, endpoints):
    """``{relative path: text}`` of the entity pages and their index."""
    pages = {}
    top = [n for n in builder.order if builder.entities[n].parent is None]
    nested_of = {}
    for name in builder.order:
        entity = builder.entities[name]
        if entity.parent is not None:
            root = entity.parent
            while builder.entities[root].parent is not None:
                root = builder.entities[root].parent
            nested_of.setdefault(root, []).append(name)
    index = [_rst_title("Entities", "="), "\n",
             ".. py:module:: mastodon.return_types\n\n",
             "Results are instances of these classes, generated from the Mastodon API reference\n"
             "by ``tools/gen_return_types.py``. Each is an :class:`~mastodon.AttribAccessDict`\n"
             "whose annotated fields tell their type and the Mastodon version that added them;\n"
             "import them for your own annotations::\n\n"
             "    from mastodon.return_types import Account, Status, PaginatableList\n\n"
             "    def authors(statuses: PaginatableList[Status]) -> set[str]:\n"
             "        return {status.account.acct for status in statuses}\n\n"
             "A method's result is an instance of its entity's class (each item, for a list),\n"
             "and so is every object inside it: ``type(status.account)`` is :class:`Account`,\n"
             "``status.account.fields[0]`` an :class:`AccountField`,\n"
             "``status.media_attachments[0]`` a :class:`MediaAttachment`. The parser gives each\n"
             "object the class that the field holding it names; objects whose place names\n"
             "none (streaming events, endpoints without an entity) get the class their keys\n"
             "describe, if they describe one clearly, else :class:`~mastodon.AttribAccessDict`.\n"
             "Fields a server sends beyond those listed are kept; fields it leaves out are\n"
             "absent (reading one raises ``AttributeError``, ``.get()`` returns ``None``).\n\n"
             "Results persist as JSON in Mastodon.py's format, and read back with their\n"
             "classes, IDs, dates and pagination info (see :doc:`types_base`)::\n\n"
             "    saved = api.timeline_home().to_json()\n"
             "    page = Entity.from_json(saved)        # a list of Status, as it was\n"
             "    older = api.fetch_next(page)\n\n"
             "They also pickle and deep-copy with their classes.\n\n"
             "The module also has the names Mastodon.py 2.x users annotate with:\n"
             "``IdType`` (an ID, or a result dict with an ``id``), ``PrimitiveIdType``,\n"
             "``MaybeSnowflakeIdType`` (:class:`~mastodon.MastodonId`), ``PaginatableList`` and\n"
             "``NonPaginatableList`` (both :class:`~mastodon.AttribAccessList`, generic:\n"
             "``PaginatableList[Status]``), ``EntityList``, ``PaginationInfo`` and\n"
             "``PathOrFile``, and ``try_cast_recurse``.\n\n"
             + "\n".join(_wrap(
                 "Some entities have a second name (Mastodon.py's, or an earlier one of ours), "
                 "an alias of the same class: " + ", ".join(
                     f"``{alias}`` (:class:`{target}`)"
                     for alias, target in sorted({**ALIASES, **MERGED}.items())) + ".",
                 "", "", width=88)) + "\n\n"
             ".. list-table::\n   :header-rows: 1\n   :widths: 25 60 15\n\n"
             "   * - Entity\n     - What it is\n     - Since\n"]
    for name in sorted(top):
        entity = builder.entities[name]
        index.append(f"   * - :doc:`entities/{name}`\n     - {entity.doc}\n"
                     f"     - {entity.since or ''}\n")
    index.append("\n.. toctree::\n   :hidden:\n\n")
    for name in sorted(top):
        index.append(f"   entities/{name}\n")
    pages["entities.rst"] = "".join(index)
    returned_by = methods_returning()
    for name in top:
        methods = returned_by.get(name, [])
        text = [_rst_title(name, "="), "\n", ".. currentmodule:: mastodon.return_types\n\n"]
        if methods:
            text.append("Returned by " + ", ".join(
                f":meth:`~mastodon.Mastodon.{m}`" for m in methods) + ".\n\n")
        text.append(f".. autoclass:: {name}\n   :members:\n   :undoc-members:\n"
                    "   :show-inheritance:\n")
        for nested in nested_of.get(name, []):
            text.append(f"\n.. autoclass:: {nested}\n   :members:\n   :undoc-members:\n"
                        "   :show-inheritance:\n")
        pages[os.path.join("entities", name + ".rst")] = "".join(text)
    return pages


def methods_returning():
    """``{class name: [method names]}`` from the return annotations of the API methods
    (read from the source, so that this works before the package imports)."""
    found = {}
    for path in _package_modules():
        with open(path, encoding="utf-8") as f:
            tree = ast.parse(f.read())
        for cls in tree.body:
            if not (isinstance(cls, ast.ClassDef) and cls.name.endswith("Mixin")):
                continue
            for node in cls.body:
                if isinstance(node, ast.FunctionDef) and node.returns is not None \
                        and not node.name.startswith("_"):
                    for word in set(re.findall(r"\w+", ast.unparse(node.returns))):
                        found.setdefault(word, []).append(node.name)
    return {name: sorted(methods) for name, methods in found.items()}


def _package_modules():
    """The package's modules (those of its subpackages too), in a stable order."""
    package = os.path.join(ROOT, "mastodon")
    found = []
    for directory, subdirectories, filenames in os.walk(package):
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith(("_", ".")))
        found += [os.path.join(directory, f) for f in filenames if f.endswith(".py")]
    return sorted(found, key=lambda path: os.path.relpath(path, package))


# --- driver --------------------------------------------------------------------------

def generate(reference_dir=DEFAULT_REFERENCE):
    """Everything the generator writes, as ``{path relative to the repo: text}``."""
    with open(os.path.join(reference_dir, "mastodon-api-openapi.json"), encoding="utf-8") as f:
        spec = json.load(f)
    sections = parse_entity_docs(os.path.join(reference_dir, "mastodon-docs", "entities"))
    builder = Builder(spec, sections)
    builder.build_all()
    builder.add_extras()
    builder.required = {builder.class_name(n): sorted(s.get("required", []))
                        for n, s in spec["components"]["schemas"].items()}
    admin_pages = os.path.join(reference_dir, "mastodon-docs", "methods", "admin")
    endpoints = builder.merge(builder.endpoints(spec, admin_pages))
    files = {os.path.join("mastodon", "return_types.py"): render_module(builder, endpoints),
             os.path.join("mastodon", "_endpoint_table.py"): render_endpoint_table(endpoints)}
    for path, text in render_docs(builder, endpoints).items():
        files[os.path.join("docs", path)] = text
    return files, builder


def main(argv):
    check = "--check" in argv
    args = [a for a in argv if not a.startswith("--")]
    files, builder = generate(args[0] if args else DEFAULT_REFERENCE)
    stale = []
    for path, text in sorted(files.items()):
        target = os.path.join(ROOT, path)
        old = open(target, encoding="utf-8").read() if os.path.exists(target) else None
        if old == text:
            continue
        stale.append(path)
        if not check:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as out:
                out.write(text)
    entity_dir = os.path.join(ROOT, "docs", "entities")
    wanted = {os.path.basename(p) for p in files if p.startswith(os.path.join("docs", "entities", ""))}
    for leftover in sorted(set(os.listdir(entity_dir)) - wanted) if os.path.isdir(entity_dir) else ():
        stale.append(os.path.join("docs", "entities", leftover))
        if not check:
            os.remove(os.path.join(entity_dir, leftover))
    if builder.date_strings:
        print("date fields that results keep as strings (their names are not in "
              "mastodon/_results.py's _DATE_FIELDS):", ", ".join(builder.date_strings))
    if check:
        if stale:
            print("stale:", ", ".join(stale))
            return 1
        print("up to date")
        return 0
    print(f"wrote {len(builder.entities)} classes; {len(stale)} files changed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
