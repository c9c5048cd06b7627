"""A site's figures in its crawler's Scrapy stats: the one counting system of a crawl.

Every component counts through :class:`SiteStats` (built from ``crawler.stats``) under the names
of :mod:`aggregator.crawl_stats`; :func:`site_run` reads them back into the run the store keeps
and the summary prints.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from aggregator import crawl_stats
from aggregator.crawl_stats import COLUMNS, ERRORS, MAX_ERRORS, PREFIX
from aggregator.store import SiteRun


class SiteStats:
    """Typed counting over a crawler's stats collector. The collector is looked up on use:
    Scrapy creates it after the spider (``crawler.stats`` is unset in ``from_crawler``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @property
    def stats(self) -> StatsCollector:
        stats = self.crawler.stats
        if stats is None:  # Scrapy < 2.14 (later versions raise on their own)
            raise RuntimeError("the crawler has no stats collector yet")
        return stats

    def inc(self, name: str, count: int = 1) -> None:
        self.stats.inc_value(PREFIX + name, count)

    def get(self, name: str) -> int:
        return int(self.stats.get_value(PREFIX + name, 0))

    def error(self, message: str) -> None:
        """Keep a short error line for the summary (the first ``MAX_ERRORS`` distinct ones)."""
        errors: list[str] = self.stats.get_value(PREFIX + ERRORS) or []
        if len(errors) < MAX_ERRORS and message not in errors:
            self.stats.set_value(PREFIX + ERRORS, [*errors, message])

    @property
    def errors(self) -> list[str]:
        return list(self.stats.get_value(PREFIX + ERRORS) or [])


def site_run(site_id: str, started_at: datetime, finished_at: datetime,
             stats: Mapping[str, Any]) -> SiteRun:
    """The stored run of a site from its crawler's stats (``crawler.stats.get_stats()``)."""
    ours = {key.removeprefix(PREFIX): value for key, value in stats.items()
            if key.startswith(PREFIX)}
    figures = {name: int(ours.get(name, 0)) for name in COLUMNS}
    return SiteRun(
        site_id=site_id, started_at=started_at, finished_at=finished_at,
        requests=figures[crawl_stats.REQUESTS], fetched=figures[crawl_stats.FETCHED],
        new=figures[crawl_stats.NEW], updated=figures[crawl_stats.UPDATED],
        failed=figures[crawl_stats.FAILED], errors=tuple(ours.get(ERRORS) or ()),
        not_modified=figures[crawl_stats.NOT_MODIFIED],
        skipped_known=figures[crawl_stats.SKIPPED_KNOWN],
        stats={name: int(value) for name, value in sorted(ours.items())
               if name not in COLUMNS and isinstance(value, int)},
    )


def crawler_stats(crawler: Crawler) -> dict[str, Any]:
    """All of a crawler's stats; none for a crawler that never started."""
    try:
        stats = crawler.stats  # Scrapy >= 2.14 raises until the crawl starts; older gives None
    except RuntimeError:
        return {}
    return stats.get_stats() if stats is not None else {}
