"""Realistic Mastodon JSON for the benchmarks: accounts, statuses (with media, mentions,
tags, emojis, cards and polls) and notifications, generated once and served as bytes."""


def account(n):
    return {
        "id": str(109000000000000000 + n), "username": f"user{n}", "acct": f"user{n}@example.social",
        "display_name": f"User {n} :blobcat:", "locked": False, "bot": n % 7 == 0,
        "discoverable": True, "group": False, "created_at": "2022-11-05T00:00:00.000Z",
        "note": "<p>Writing about <a href=\"https://example.social/tags/python\">#python</a></p>",
        "url": f"https://example.social/@user{n}", "uri": f"https://example.social/users/user{n}",
        "avatar": f"https://files.example.social/accounts/avatars/{n}.png",
        "avatar_static": f"https://files.example.social/accounts/avatars/{n}.png",
        "header": f"https://files.example.social/accounts/headers/{n}.png",
        "header_static": f"https://files.example.social/accounts/headers/{n}.png",
        "followers_count": 1234 + n, "following_count": 321, "statuses_count": 5678,
        "last_status_at": "2026-11-26", "hide_collections": False, "noindex": False,
        "emojis": [{"shortcode": "blobcat", "url": "https://files.example.social/e/blobcat.png",
                    "static_url": "https://files.example.social/e/blobcat.png",
                    "visible_in_picker": True}],
        "roles": [], "fields": [{"name": "Web", "value": "<a href=\"https://example.org\">example.org</a>",
                                 "verified_at": "2024-01-01T10:00:00.000+00:00"}],
    }


def status(n):
    sid = str(113000000000000000 + n)
    return {
        "id": sid, "created_at": "2026-11-26T12:34:56.789Z", "edited_at": None,
        "in_reply_to_id": None if n % 3 else str(113000000000000000 + n - 1),
        "in_reply_to_account_id": None, "sensitive": False, "spoiler_text": "",
        "visibility": "public", "language": "en", "uri": f"https://example.social/users/u/statuses/{sid}",
        "url": f"https://example.social/@u/{sid}", "replies_count": 3, "reblogs_count": 10,
        "favourites_count": 25, "favourited": False, "reblogged": False, "muted": False,
        "bookmarked": False, "pinned": False,
        "content": f"<p>Status number {n} with a <a href=\"https://example.social/tags/bench\">#bench</a> "
                   "tag and a mention of <span class=\"h-card\"><a href=\"https://example.social/@a\">"
                   "@a</a></span>. Some more text to make it realistic.</p>",
        "filtered": [], "reblog": None,
        "application": {"name": "Web", "website": None},
        "account": account(n % 17),
        "media_attachments": [{
            "id": str(114000000000000000 + n), "type": "image",
            "url": f"https://files.example.social/media/{n}.jpg",
            "preview_url": f"https://files.example.social/media/small/{n}.jpg",
            "remote_url": None, "text_url": None, "description": "A picture of a cat",
            "blurhash": "UeKUpFxuo~R%0nW;WCnhF6RjaJt757oJodS$",
            "meta": {"original": {"width": 1920, "height": 1080, "size": "1920x1080", "aspect": 1.777},
                     "small": {"width": 640, "height": 360, "size": "640x360", "aspect": 1.777},
                     "focus": {"x": 0.1, "y": -0.2}},
        }] if n % 2 == 0 else [],
        "mentions": [{"id": "109000000000000001", "username": "a", "acct": "a",
                      "url": "https://example.social/@a"}],
        "tags": [{"name": "bench", "url": "https://example.social/tags/bench"}],
        "emojis": [],
        "card": {"url": "https://example.org/article", "title": "An article", "description": "About things",
                 "type": "link", "author_name": "", "author_url": "", "provider_name": "Example",
                 "provider_url": "", "html": "", "width": 400, "height": 200,
                 "image": "https://files.example.social/cards/1.jpg", "embed_url": "",
                 "blurhash": "UeKUpFxuo~R%0nW;WCnhF6RjaJt757oJodS$", "published_at": None}
        if n % 4 == 0 else None,
        "poll": {"id": str(n), "expires_at": "2026-12-01T00:00:00.000Z", "expired": False,
                 "multiple": False, "votes_count": 10, "voters_count": 10, "voted": False,
                 "own_votes": [], "options": [{"title": "yes", "votes_count": 6},
                                              {"title": "no", "votes_count": 4}], "emojis": []}
        if n % 5 == 0 else None,
    }


def notification(n):
    kinds = ("mention", "favourite", "reblog", "follow", "poll")
    kind = kinds[n % len(kinds)]
    return {
        "id": str(5000000 + n), "type": kind, "created_at": "2026-11-26T12:00:00.000Z",
        "group_key": f"ungrouped-{5000000 + n}", "account": account(n % 23),
        "status": None if kind == "follow" else status(n),
    }
