"""The operations of the Mastodon API reference that need no method, for
tests/test_api_coverage.py, and the reference's own mistakes it corrects.

Only two kinds of operation belong in ``NO_METHOD``: endpoints Mastodon has removed (or
never released), and pages meant for a person's browser rather than for a client. Each
says why. docs/api_coverage.rst tells users the same.
"""

# (method, path template as the reference spells it) -> why no method sends it.
NO_METHOD = {
    # --- removed endpoints
    ("GET", "/api/proofs"):
        "removed: identity proofs for Keybase, which Mastodon dropped in 3.5.0",
    ("GET", "/api/v1/accounts/{id}/identity_proofs"):
        "removed: identity proofs went in Mastodon 3.5.0; the endpoint answers an empty "
        "list, whatever the account",
    ("GET", "/api/v1/timelines/direct"):
        "removed in Mastodon 3.0.0; conversations() replaces it",
    ("GET", "/api/v2_alpha/notifications"):
        "removed: the experimental grouped notifications of the 4.3.0 betas, withdrawn "
        "before the release; grouped_notifications() uses /api/v2/notifications",
    ("GET", "/api/v2_alpha/notifications/unread_count"):
        "removed: 4.3.0-beta only (see /api/v2_alpha/notifications); "
        "unread_grouped_notifications_count() uses the released endpoint",
    ("GET", "/api/v2_alpha/notifications/{group_key}"):
        "removed: 4.3.0-beta only; grouped_notification() uses the released endpoint",
    ("POST", "/api/v2_alpha/notifications/{group_key}/dismiss"):
        "removed: 4.3.0-beta only; dismiss_grouped_notification() uses the released endpoint",
    # --- browser pages
    ("GET", "/oauth/authorize"):
        "a browser page: the person logs in there and grants the app access; "
        "auth_request_url() builds its address, and log_in(code=...) takes the result",
}

# Paths the reference pages misprint -> the operation Mastodon routes, as the OpenAPI file
# spells it. Not exclusions: the corrected operation must have a method like any other.
REFERENCE_ERRATA = {
    # methods/collections.md leaves out the "accounts/" of both paths.
    ("GET", "/api/v1/{account_id}/collections"):
        ("GET", "/api/v1/accounts/{account_id}/collections"),
    ("GET", "/api/v1/{account_id}/in_collections"):
        ("GET", "/api/v1/accounts/{account_id}/in_collections"),
}
