"""Per-run state shared by the spiders and pipelines of one crawl (passed as a spider argument,
because Scrapy deep-copies settings and a database engine must not be copied)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from aggregator.config import CrawlSettings
from aggregator.registry import SiteEntry
from aggregator.store import ArticleStore


@dataclass(slots=True)
class SiteCounters:
    """Figures for the per-site summary; errors are short, human-readable lines."""

    requests: int = 0
    fetched: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    too_old: int = 0
    not_modified: int = 0
    """Feeds, sitemaps and listings answered 304: nothing new, nothing parsed."""
    skipped_known: int = 0
    """Article links not downloaded because the store holds their current version."""
    errors: list[str] = field(default_factory=list)

    def error(self, message: str, *, limit: int = 20) -> None:
        if len(self.errors) < limit and message not in self.errors:
            self.errors.append(message)


@dataclass(slots=True)
class CrawlContext:
    store: ArticleStore
    settings: CrawlSettings
    started_at: datetime
    sites: dict[str, SiteEntry]
    counters: dict[str, SiteCounters] = field(default_factory=dict)

    def counters_for(self, site_id: str) -> SiteCounters:
        return self.counters.setdefault(site_id, SiteCounters())

    @property
    def oldest_allowed(self) -> datetime:
        return self.started_at - timedelta(days=self.settings.max_age_days)
