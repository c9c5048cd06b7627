"""A feed's own page (``province/lang-son.html``, ``source/baohue.html`` …): its latest entries.

The index page shows five headlines per unit; this page, linked from its card, lists every
entry of the feed with its time, source and lead, with the feed's subscribe links on top. It
is rendered from the same entries as the feed files, at the same time, so it never disagrees
with them and costs nothing when the feed is unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from feeds.catalog import FeedSpec
from feeds.labels import PROJECT_TITLE
from feeds.model import FeedItem, FeedMeta, Headline
from feeds.page_parts import (
    UPDATED_LABEL,
    discovery_links,
    footer,
    headline_item,
    how_to_subscribe,
    page_document,
    subscribe_links,
)

NEWEST_LABEL = "Tin mới nhất"
"""Footer label of a page with entries: its date is the newest entry's (an empty page's is
when it last changed)."""


def feed_page_document(spec: FeedSpec, meta: FeedMeta, items: Sequence[FeedItem]) -> bytes:
    """Serialized HTML page of ``spec``'s entries (newest first), dated like the feed."""
    base_url = meta.base_url
    entries = (['<ol class="entries">',
                *(headline_item(Headline.of(item), item.summary) for item in items), "</ol>"]
               if items else ['<p class="empty">Chưa có bài viết.</p>'])
    return page_document(meta.title, discovery_links(spec, base_url), [
        "<header>",
        f'<nav><a href="{escape(base_url)}">← {escape(PROJECT_TITLE)}</a></nav>',
        f"<h1>{escape(spec.heading)}</h1>",
        f"<p>{escape(meta.description)}</p>",
        f"<p>Theo dõi: {subscribe_links(spec, base_url)}</p>",
        how_to_subscribe(base_url),
        "</header>",
        "<main>",
        *entries,
        "</main>",
        *footer(meta.updated, base_url, NEWEST_LABEL if items else UPDATED_LABEL),
    ])
