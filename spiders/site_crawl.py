"""What one site's crawl components share, handed to them by the crawler's settings.

Scrapy builds every component with ``from_crawler(crawler)``, so a component takes what it needs
from the crawler: its settings, its stats and, through :func:`site_crawl`, this handle (the
site, the crawl settings, the store and the run's start), instead of reaching into the spider.
Scrapy deep-copies settings for each crawler; the handle is shared, never copied (a database
engine must not be), which is what :meth:`SiteCrawl.__deepcopy__` says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from aggregator.config import CrawlSettings
from aggregator.registry import SiteEntry
from aggregator.store import ArticleStore
from spiders.fetch_log import FetchLog

SETTING = "AGGREGATOR_SITE_CRAWL"
"""The Scrapy setting holding the :class:`SiteCrawl` of a crawler."""


@dataclass(eq=False)
class SiteCrawl:
    """One site's crawl in this run."""

    site: SiteEntry
    settings: CrawlSettings
    store: ArticleStore
    started_at: datetime
    fetches: FetchLog = field(init=False)
    """The fetch state written for this site (by the spider, and for too-old pages by the
    parse pipeline)."""

    def __post_init__(self) -> None:
        self.fetches = FetchLog(self.store)

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        return self

    @property
    def oldest_allowed(self) -> datetime:
        """Articles published before this are not kept (``crawl.max_age_days``)."""
        return self.started_at - timedelta(days=self.settings.max_age_days)


def site_crawl(crawler: Crawler) -> SiteCrawl:
    """The crawler's :class:`SiteCrawl`; a crawler without one does not run our components."""
    handle = crawler.settings.get(SETTING)
    if not isinstance(handle, SiteCrawl):
        raise NotConfigured(f"no {SETTING} in the crawler's settings")
    return handle
