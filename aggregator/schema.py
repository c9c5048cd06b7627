"""The common article schema every parser produces and every later stage consumes.

One frozen dataclass, so a parsed article can be passed between the Scrapy pipelines, the
store and the feed builder without anyone mutating it behind another stage's back.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal

SiteKind = Literal["newspaper", "federation"]
SITE_KINDS: tuple[SiteKind, ...] = ("newspaper", "federation")


@dataclass(frozen=True, slots=True)
class Article:
    """A normalized news article.

    Every text field is Unicode NFC with whitespace collapsed. Datetimes are timezone-aware.
    """

    id: str
    """Stable id ``<site_id>/<key>``: key is the numeric article id from the URL when there is
    one, else a hash of the canonical URL, so title or slug edits keep the same id."""

    site_id: str
    """Registry id of the site the article was fetched from."""

    site_kind: SiteKind
    """``newspaper`` or ``federation`` (copied from the site so feeds can group by kind)."""

    url: str
    """Canonical absolute URL (``link[rel=canonical]`` when the page gives one)."""

    title: str
    """Plain-text headline."""

    lead: str = ""
    """Plain-text lead/sapo, with dateline tags such as ``LSO-`` removed."""

    body_html: str = ""
    """Sanitized article body: allow-listed tags only, absolute links and image URLs,
    boilerplate removed."""

    body_text: str = ""
    """Plain text of ``body_html`` (for search, duplicate detection and content hashing)."""

    authors: tuple[str, ...] = ()
    """Person names from the byline or structured data; never the publication's own name."""

    published: datetime | None = None
    """Publication time (aware; Vietnamese sites default to +07:00)."""

    updated: datetime | None = None
    """Last modification time when the page states one distinct from ``published``."""

    provinces: tuple[str, ...] = ()
    """Current-unit province slugs: the site's own province first, then those named in the text."""

    tags: tuple[str, ...] = ()
    """Keywords/tags the site attached to the article."""

    image: str | None = None
    """Absolute URL of the lead image (og:image or first body image)."""

    language: str = "vi"
    """BCP 47 language tag of the text."""

    fetched_at: datetime | None = None
    """When the page was fetched (aware, UTC)."""

    content_hash: str = field(default="")
    """SHA-256 over title, lead and body text: lets the store tell an edit from a re-fetch."""

    about_provinces: tuple[str, ...] | None = None
    """Slugs of the province feeds the article belongs in: the site's own province, then the
    units the article is about, not those named in passing (:mod:`aggregator.province_relevance`;
    set by the crawl). ``None`` when not determined, e.g. stored by an older version: its feeds
    then follow ``provinces``."""

    def __post_init__(self) -> None:
        if not self.content_hash:
            object.__setattr__(self, "content_hash", compute_content_hash(self))
        for name in ("published", "updated", "fetched_at"):
            value = getattr(self, name)
            if value is not None and value.tzinfo is None:
                raise ValueError(f"Article.{name} must be timezone-aware, got {value!r}")

    @property
    def feed_provinces(self) -> tuple[str, ...]:
        """The province feeds that list the article: ``about_provinces`` when determined, else
        every unit in ``provinces``."""
        return self.provinces if self.about_provinces is None else self.about_provinces

    def with_changes(self, **changes: object) -> Article:
        """Return a copy with some fields replaced (and the content hash recomputed)."""
        return replace(self, content_hash="", **changes)  # type: ignore[arg-type]


def compute_content_hash(article: Article) -> str:
    """Hash the fields a reader sees, so cosmetic re-fetches do not count as updates."""
    digest = hashlib.sha256()
    for part in (article.title, article.lead, article.body_text):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def article_as_dict(article: Article) -> dict[str, object]:
    """JSON-ready view of an article (datetimes as ISO 8601 with their offset)."""
    result: dict[str, object] = {}
    for name in Article.__dataclass_fields__:
        value = getattr(article, name)
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        result[name] = value
    return result
