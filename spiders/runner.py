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
from spiders.failures import CRAWL_LOGGERS, OneLineCrawlLog
from spiders.settings import scrapy_settings
from spiders.site_spider import SiteSpider


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
    """Crawl ``sites`` once, store their articles, record and return one SiteRun per site."""
    started = datetime.now(UTC)
    context = CrawlContext(store=store, settings=config.crawl, started_at=started,
                           sites={site.id: site for site in sites})
    process = _crawler_process(config)
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
            not_modified=counters.not_modified, skipped_known=counters.skipped_known,
        ))
    store.record_site_runs(runs)
    return runs
