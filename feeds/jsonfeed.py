"""JSON Feed 1.1 documents (https://www.jsonfeed.org/version/1.1/).

Written by hand rather than through a library: the format is a plain JSON object, and building
it here keeps key order, and so the bytes, fixed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from feeds.model import FeedItem, FeedMeta

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"

CATEGORIES_EXTENSION = "_categories"
"""Item key of the categories with Vietnamese labels ("lang-son" -> "Lạng Sơn").

``tags`` are bare strings and keep the slugs programs filter on; JSON Feed has no label, so the
labels travel in this extension object (the spec's ``_`` keys, ignored by readers that do not
know them), in the shape of the Atom categories.
"""


def json_feed_document(meta: FeedMeta, items: Sequence[FeedItem]) -> bytes:
    """Serialized JSON Feed 1.1, UTF-8, items in the given (newest-first) order."""
    document = {
        "version": JSON_FEED_VERSION,
        "title": meta.title,
        "home_page_url": meta.home_url,
        "feed_url": meta.url("json"),
        "description": meta.description,
        "language": "vi",
        "authors": [{"name": meta.author}],
        "items": [_item(meta, item) for item in items],
    }
    if meta.hub:
        document["hubs"] = [{"type": "WebSub", "url": meta.hub}]
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _item(meta: FeedMeta, item: FeedItem) -> dict[str, Any]:
    result: dict[str, Any] = {"id": item.id, "url": item.url, "title": item.title}
    # The spec requires content_html or content_text; the content holds the lead when there
    # is one, so only an item with neither lead nor body falls back to its title.
    if item.content_html:
        result["content_html"] = item.content_html
    else:
        result["content_text"] = item.title
    if item.summary:
        result["summary"] = item.summary
    if item.image:
        result["image"] = item.image
    result["date_published"] = item.published.isoformat()
    result["date_modified"] = item.updated.isoformat()
    if item.authors:
        result["authors"] = [{"name": name} for name in item.authors]
    result["tags"] = list(dict.fromkeys(c.term for c in item.categories))
    result[CATEGORIES_EXTENSION] = _categories(meta, item)
    result["language"] = item.language
    return result


def _categories(meta: FeedMeta, item: FeedItem) -> dict[str, Any]:
    """The Atom categories with their labels, as a JSON Feed extension object."""
    return {"about": meta.base_url,
            "categories": [{"scheme": meta.scheme_url(c.scheme), "term": c.term,
                            "label": c.label} for c in item.categories]}
