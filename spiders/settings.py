"""Scrapy settings built from the aggregator's crawl settings (politeness first)."""

from __future__ import annotations

from typing import Any

from aggregator.config import CrawlSettings


def scrapy_settings(crawl: CrawlSettings) -> dict[str, Any]:
    return {
        "BOT_NAME": "vn-news-aggregator",
        "USER_AGENT": crawl.user_agent,
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "CONCURRENT_REQUESTS": 32,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrency_per_domain,
        "DOWNLOAD_DELAY": crawl.download_delay,
        "AUTOTHROTTLE_ENABLED": crawl.download_delay > 0,
        "AUTOTHROTTLE_START_DELAY": max(crawl.download_delay, 0.1),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        "DOWNLOAD_TIMEOUT": crawl.download_timeout,
        "DOWNLOAD_MAXSIZE": crawl.max_page_bytes,
        "DOWNLOAD_WARNSIZE": 0,
        "RETRY_TIMES": 1,
        "REDIRECT_MAX_TIMES": 5,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "ITEM_PIPELINES": {
            "spiders.pipelines.ParseArticlePipeline": 100,
            "spiders.pipelines.StoreArticlesPipeline": 800,
        },
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    }
