"""Run one crawl of several sites in this process and return per-site figures.

Each site runs as its own crawler inside one CrawlerProcess, so a dead or hostile site only
ever costs its own requests. Twisted's reactor cannot be restarted, so call this once per
process (the scheduler starts a subprocess per crawl).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime

from scrapy.crawler import Crawler, CrawlerProcess

from aggregator.config import Config
from aggregator.registry import SiteEntry
from aggregator.store import ArticleStore, SiteRun
from spiders.failures import CRAWL_LOGGERS, OneLineCrawlLog
from spiders.settings import scrapy_settings
from spiders.site_crawl import SETTING, SiteCrawl
from spiders.site_spider import SiteSpider
from spiders.stats import crawler_stats, site_run


def _crawler_process(config: Config) -> CrawlerProcess:
    """A CrawlerProcess that logs what the command line asked for.

    Without ``--verbose`` (the root logger above INFO) the crawl loggers show only warnings and
    errors, and :class:`~spiders.failures.OneLineCrawlLog` on the root handlers keeps every
    download failure out of the terminal (the summary names it) and every other traceback to
    one line. With ``--verbose`` Scrapy logs at INFO with full tracebacks.

    Setting the levels beforehand is not enough: the constructor's ``configure_logging``
    applies Scrapy's ``DEFAULT_LOGGING`` (``scrapy`` at DEBUG, its children reset to NOTSET) and
    then logs the version dump and "Using CrawlerProcess". So everything below the chosen level
    is disabled while it runs, and the levels are set once it has returned.
    """
    verbose = logging.root.level <= logging.INFO
    level = logging.INFO if verbose else logging.WARNING
    disabled = logging.root.manager.disable
    logging.disable(level - 1)
    try:
        process = CrawlerProcess({**scrapy_settings(config.crawl, verbose=verbose),
                                  "LOG_INSTALL_ROOT_HANDLER": False})
    finally:
        logging.disable(disabled)
    for name in CRAWL_LOGGERS:
        logging.getLogger(name).setLevel(level)
    if not verbose:
        for handler in logging.root.handlers:
            if not any(isinstance(f, OneLineCrawlLog) for f in handler.filters):
                handler.addFilter(OneLineCrawlLog())
    return process


def run_crawl(config: Config, sites: Sequence[SiteEntry], store: ArticleStore) -> list[SiteRun]:
    """Crawl ``sites`` once, store their articles, record and return one SiteRun per site.

    Each site's crawler carries its :class:`~spiders.site_crawl.SiteCrawl` in its settings, and
    its figures come back from that crawler's Scrapy stats (:func:`~spiders.stats.site_run`)."""
    started = datetime.now(UTC)
    process = _crawler_process(config)
    crawlers: list[tuple[SiteEntry, Crawler]] = []
    for site in sites:
        crawler = process.create_crawler(SiteSpider)  # its settings are a copy, not yet frozen
        crawler.settings.set(SETTING, SiteCrawl(site=site, settings=config.crawl, store=store,
                                                started_at=started))
        crawlers.append((site, crawler))
        process.crawl(crawler)
    process.start()
    finished = datetime.now(UTC)
    runs = [site_run(site.id, started, finished, crawler_stats(crawler))
            for site, crawler in crawlers]
    store.record_site_runs(runs)
    return runs
