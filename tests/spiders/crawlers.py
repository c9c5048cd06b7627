"""Crawlers for unit tests of the crawl components, from Scrapy's own ``get_crawler``: real
settings and a real stats collector, the site's :class:`~spiders.site_crawl.SiteCrawl` in the
settings as the runner puts it there, and no engine or network."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from aggregator.config import CrawlSettings
from aggregator.registry import SiteEntry, parse_site_entry
from aggregator.store import ArticleStore
from spiders.site_crawl import SETTING, SiteCrawl
from spiders.site_spider import SiteSpider


def site_entry(**fields: Any) -> SiteEntry:
    entry = {"id": "lien-hiep-hoi", "url": "http://lhh.example.vn/", **fields}
    return parse_site_entry(entry, source="test", index=0)


def site_crawler(tmp_path: Path, site: SiteEntry | None = None, *,
                 started_at: datetime | None = None, **crawl: Any) -> Crawler:
    """A crawler of ``site`` over a fresh SQLite store in ``tmp_path``."""
    handle = SiteCrawl(site=site or site_entry(), settings=CrawlSettings(**crawl),
                       store=ArticleStore(f"sqlite:///{tmp_path / 'store.db'}"),
                       started_at=started_at or datetime.now(UTC))
    return get_crawler(SiteSpider, {SETTING: handle})


def figures(crawler: Crawler) -> dict[str, Any]:
    """The crawler's own stats (``aggregator/...``), without the prefix."""
    assert crawler.stats is not None
    return {key.removeprefix("aggregator/"): value
            for key, value in crawler.stats.get_stats().items() if key.startswith("aggregator/")}
