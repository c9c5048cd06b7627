"""Scrapy settings built from the aggregator's crawl settings (politeness first)."""

from __future__ import annotations

from typing import Any

from aggregator.config import CrawlSettings

# The longest Retry-After a crawl waits for; a site asking more is tried again next run.
RETRY_AFTER_MAX_SECONDS = 120


def scrapy_settings(crawl: CrawlSettings, *, verbose: bool = False) -> dict[str, Any]:
    return {
        "BOT_NAME": "vn-news-aggregator",
        "USER_AGENT": crawl.user_agent,
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "CONCURRENT_REQUESTS": 32,
        # A response yields at most a few items (one article page), yet Scrapy starts one
        # asyncio worker per CONCURRENT_ITEMS slot for each response: the default of 100 cost
        # ~15 % of crawl CPU in bench/throughput.py.
        "CONCURRENT_ITEMS": 8,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrency_per_domain,
        "DOWNLOAD_DELAY": crawl.download_delay,
        "AUTOTHROTTLE_ENABLED": crawl.download_delay > 0,
        "AUTOTHROTTLE_START_DELAY": max(crawl.download_delay, 0.1),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        "DOWNLOAD_TIMEOUT": crawl.download_timeout,
        "DOWNLOAD_MAXSIZE": crawl.max_page_bytes,
        "DOWNLOAD_WARNSIZE": 0,
        "RETRY_TIMES": 1,
        "REDIRECT_MAX_TIMES": crawl.max_redirects,
        "COOKIES_ENABLED": False,
        # Sites do not need to know which feed or sitemap linked a page, and the Referer header
        # (the full index URL) costs ~0.8 KB on every request waiting in the scheduler. The
        # middleware stays enabled (the redirect middlewares warn on every crawl without it);
        # its policy sends no Referer at all.
        "REFERRER_POLICY": "no-referrer",
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "INFO" if verbose else "WARNING",
        # A failed request is counted by the spider's errback and named in the crawl summary;
        # the retry middleware's "Gave up retrying" and the pipelines' dropped items (too old,
        # not an article) would say it again, so they are INFO: seen with --verbose only.
        "RETRY_GIVE_UP_LOG_LEVEL": "INFO",
        "DEFAULT_DROPITEM_LOG_LEVEL": "INFO",
        # After RetryMiddleware (550) in request order, so its process_response sees a 429/503
        # first and can honour Retry-After before Scrapy's plain retry does.
        "DOWNLOADER_MIDDLEWARES": {"spiders.middlewares.RetryAfterMiddleware": 560},
        "RETRY_AFTER_MAX_SECONDS": RETRY_AFTER_MAX_SECONDS,
        "ITEM_PIPELINES": {
            "spiders.pipelines.ParseArticlePipeline": 100,
            "spiders.pipelines.StoreArticlesPipeline": 800,
        },
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    }
