"""The format-neutral view of a feed that the Atom, RSS and JSON Feed writers all render.

Building every format from the same values keeps the three files of a feed in agreement on
ids, dates and categories; the text in them has already been cleaned (see ``items.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

CATEGORY_SCHEMES = ("province", "source", "kind")
"""Category vocabularies; each one's scheme URI is ``base_url + name``."""

FORMATS = {
    "atom": "application/atom+xml",
    "rss": "application/rss+xml",
    "json": "application/feed+json",
}
"""Published formats: file extension -> media type."""

PAGE_FORMAT = "html"
"""Extension of a feed's own HTML page, next to its feed files (``province/hue.html``)."""


@dataclass(frozen=True, slots=True)
class Category:
    """One category of an entry: ``scheme`` is one of :data:`CATEGORY_SCHEMES`."""

    scheme: str
    term: str
    label: str


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One article as every feed format shows it."""

    id: str
    """Stable ``tag:`` URI derived from the article id."""
    title: str
    url: str
    published: datetime
    """Aware, in the article's own offset; the fetch time when the page gave no date."""
    updated: datetime
    authors: tuple[str, ...]
    summary: str
    """Plain-text lead; empty when the page has none."""
    content_html: str
    categories: tuple[Category, ...]
    image: str | None
    image_type: str
    """Media type of ``image`` (an enclosure needs one)."""
    language: str

    def label_of(self, scheme: str) -> str | None:
        """Label of the first category in ``scheme`` (e.g. the source's name)."""
        return next((c.label for c in self.categories if c.scheme == scheme), None)


@dataclass(frozen=True, slots=True)
class FeedMeta:
    """Feed-level values; ``path`` is the file path under the output folder minus extension."""

    path: str
    feed_id: str
    title: str
    description: str
    home_url: str
    author: str
    base_url: str
    """Ends with ``/``."""
    updated: datetime
    """The newest entry's ``updated``; for a feed without entries, the publish that last
    changed it (kept while nothing changes, so output stays reproducible)."""
    ttl_minutes: int
    hub: str | None = None
    """WebSub hub announced as ``<link rel="hub">`` (``[publish] websub_hub``), if any."""

    def url(self, fmt: str) -> str:
        """Absolute URL of this feed in format ``fmt`` (its self link)."""
        return feed_url(self.base_url, self.path, fmt)

    def scheme_url(self, scheme: str) -> str:
        """Absolute URI naming a category vocabulary (Atom scheme, RSS domain)."""
        return f"{self.base_url}{scheme}"


def feed_url(base_url: str, path: str, fmt: str) -> str:
    """Absolute URL of the feed file ``<path>.<fmt>`` published under ``base_url``."""
    return f"{base_url}{path}.{fmt}"


@dataclass(frozen=True, slots=True)
class Headline:
    """What the index page shows of an entry; kept between publishes (see ``state.py``)."""

    title: str
    url: str
    published: datetime
    source: str
    """Display name of the entry's site."""

    @classmethod
    def of(cls, item: FeedItem) -> Headline:
        return cls(item.title, item.url, item.published, item.label_of("source") or "")
