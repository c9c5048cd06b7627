"""Run one crawl of several sites in this process and return per-site figures.

Each site runs as its own crawler inside one CrawlerProcess, so a dead or hostile site only
ever costs its own requests. Twisted's reactor cannot be restarted, so call this once per
process (the scheduler starts a subprocess per crawl).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime

from scrapy.crawler import CrawlerProcess

from aggregator.config import Config
from aggregator.registry import SiteEntry
from aggregator.store import ArticleStore, SiteRun
from spiders.context import CrawlContext
from spiders.settings import scrapy_settings
from spiders.site_spider import SiteSpider


def run_crawl(config: Config, sites: Sequence[SiteEntry], store: ArticleStore) -> list[SiteRun]:
    """Crawl ``sites`` once, store their articles, record and return one SiteRun per site."""
    started = datetime.now(UTC)
    context = CrawlContext(store=store, settings=config.crawl, started_at=started,
                           sites={site.id: site for site in sites})
    root_level = logging.root.level
    quiet = max(root_level, logging.WARNING)
    for name in ("scrapy", "twisted", "py.warnings"):
        logging.getLogger(name).setLevel(quiet)
    process = CrawlerProcess({**scrapy_settings(config.crawl), "LOG_INSTALL_ROOT_HANDLER": False})
    # Scrapy resets the root logger to NOTSET when it does not install its own handler; keep
    # the command line's level so a crawl prints its summary, not Scrapy's stats dumps.
    logging.root.setLevel(root_level)
    for name in ("scrapy", "twisted", "py.warnings"):
        logging.getLogger(name).setLevel(quiet)
    for site in sites:
        context.counters_for(site.id)
        process.crawl(SiteSpider, site=site, context=context)
    process.start()
    finished = datetime.now(UTC)
    runs = []
    for site in sites:
        counters = context.counters_for(site.id)
        runs.append(SiteRun(
            site_id=site.id, started_at=started, finished_at=finished,
            requests=counters.requests, fetched=counters.fetched, new=counters.new,
            updated=counters.updated, failed=counters.failed, errors=tuple(counters.errors),
        ))
    store.record_site_runs(runs)
    return runs
