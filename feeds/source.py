"""What the feed builder needs from storage, as a Protocol.

``feeds`` depends on this small read-only surface instead of on ``aggregator.store``, so the
builder can be tested over a list of articles and the store can change its tables freely.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol

from aggregator.schema import Article


class ArticleQuery(Protocol):
    """Read access to stored articles (``aggregator.store.ArticleStore`` implements it)."""

    def latest(self, *, limit: int, site_ids: Collection[str] | None = None,
               province: str | None = None, kind: str | None = None) -> list[Article]:
        """Newest first (published desc, then id), at most `limit`; filters combine with AND."""
        ...

    def provinces_with_articles(self) -> set[str]:
        """Province slugs that at least one stored article is tagged with."""
        ...
