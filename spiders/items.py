"""What a spider hands to the pipelines: a fetched article page plus what discovery knew."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aggregator.schema import Article
from aggregator.store import FetchRecord


@dataclass(slots=True)
class ArticlePage:
    """A fetched page believed to be an article; parsing happens in a pipeline."""

    site_id: str
    url: str
    html: str
    fetched_at: datetime
    feed_published: datetime | None = None
    feed_title: str | None = None
    requested_url: str | None = None
    """The URL discovery found (before redirects): next run recognises the article by it."""
    feed_changed: datetime | None = None
    """The latest date the feed or sitemap gave; a later date next run means "re-fetch"."""


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """An article and the fetch that produced it; both are stored together, article first, so
    an article is never marked as known without being in the store."""

    article: Article
    fetch: FetchRecord
