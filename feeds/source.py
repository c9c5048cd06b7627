"""What the feed builder needs from storage, as Protocols.

``feeds`` depends on this small read-only surface instead of on ``aggregator.store``, so the
builder can be tested over a list of articles and the store can change its tables freely.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Protocol, runtime_checkable

from aggregator.copy_sketch import Sketch
from aggregator.schema import Article
from aggregator.search.topic_membership import ArticleSearch


class ArticleQuery(Protocol):
    """Read access to stored articles (``aggregator.store.ArticleStore`` implements it)."""

    def latest(self, *, limit: int, site_ids: Collection[str] | None = None,
               province: str | None = None, kind: str | None = None) -> list[Article]:
        """Newest first (published desc, then id), at most `limit`; filters combine with AND."""
        ...

    def provinces_with_articles(self) -> set[str]:
        """Province slugs that at least one stored article is tagged with."""
        ...


class CrawlRun(Protocol):
    """One site's figures from one crawl (``aggregator.store.SiteRun`` has this shape).

    Times are timezone-aware.
    """

    @property
    def started_at(self) -> datetime: ...

    @property
    def finished_at(self) -> datetime: ...

    @property
    def fetched(self) -> int: ...

    @property
    def not_modified(self) -> int: ...

    @property
    def new(self) -> int: ...

    @property
    def updated(self) -> int: ...

    @property
    def errors(self) -> tuple[str, ...]: ...


TopicSearch = ArticleSearch
"""Optional: full-text search, for topic feeds (``aggregator.store.ArticleStore`` has it; the
topic feeds' membership rule needs the same, hence one Protocol). A store without it (a plain
list of articles in tests) publishes empty topic feeds."""


@runtime_checkable
class RunHistory(Protocol):
    """Per-site crawl history, for the health feed and "last success" on the index page.

    Optional: a store without it (a plain list of articles in tests) publishes an empty
    health feed and an index page without crawl times.
    """

    def recent_site_runs(self, site_id: str, *, limit: int = 10) -> Sequence[CrawlRun]:
        """The site's latest runs, newest first, at most ``limit``."""
        ...


@runtime_checkable
class StoreRevision(Protocol):
    """Optional: lets a publish recognise an unchanged store without reading any article."""

    def revision(self) -> str:
        """A value that changes whenever an article is stored or changed, or a run recorded."""
        ...


@runtime_checkable
class StoredSketches(Protocol):
    """Optional: the copy sketches (:mod:`aggregator.copy_sketch`) kept with the articles, so
    finding syndicated copies does not compute them at every publish. Without it (a plain list
    of articles in tests) they are computed, with the same result."""

    def copy_sketches(self, articles: Sequence[Article]) -> Mapping[str, Sketch]:
        """By article id, the sketches kept for those of ``articles`` whose text is the one
        stored and whose sketch the running code would make the same; the others are missing.
        """
        ...
