"""Downloader middleware: back off from a site that says it is overloaded.

A 429 or 503 with ``Retry-After`` (seconds or an HTTP date) holds every further request to that
host for the time asked and retries the request once. A wait longer than
``RETRY_AFTER_MAX_SECONDS`` is not waited for: the request gives up, so one crawl stays bounded
and the site is tried again on the next scheduled run. Without ``Retry-After``, Scrapy's own
RetryMiddleware (which runs after this one) handles the response as usual.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from time import monotonic
from typing import Self

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.http import Request, Response
from scrapy.utils.asyncio import sleep
from scrapy.utils.httpobj import urlparse_cached

BACKOFF_STATUSES = frozenset({429, 503})
DEFAULT_MAX_WAIT = 120.0


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Seconds asked by a ``Retry-After`` value (delta-seconds or HTTP date); None if absent
    or unreadable. A date in the past means "now" (0)."""
    if not value or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


class RetryAfterMiddleware:
    """Per-host hold on 429/503 + ``Retry-After``, with one retry after the hold."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.max_wait = crawler.settings.getfloat("RETRY_AFTER_MAX_SECONDS", DEFAULT_MAX_WAIT)
        self.hold_until: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        """Wait out the host's hold before the request reaches the download queue."""
        wait = self.hold_until.get(urlparse_cached(request).netloc, 0.0) - monotonic()
        if wait > 0:
            await sleep(wait)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in BACKOFF_STATUSES:
            return response
        header = response.headers.get("Retry-After")
        delay = retry_after_seconds(header.decode("latin-1") if header else None,
                                    datetime.now(UTC))
        if delay is None:
            return response
        stats = self.crawler.stats
        retry = None
        if delay <= self.max_wait:
            retry = get_retry_request(request, spider=self._spider(),
                                      reason=f"{response.status} Retry-After {delay:g}s",
                                      max_retry_times=1)
        if retry is None:
            # Retried once already, or asked to wait too long: give up on this request now.
            request.meta["dont_retry"] = True
            if stats is not None:
                stats.inc_value("aggregator/retry_after_gave_up")
            return response
        host = urlparse_cached(request).netloc
        self.hold_until[host] = max(self.hold_until.get(host, 0.0), monotonic() + delay)
        if stats is not None:
            stats.inc_value("aggregator/retry_after_waits")
        return retry

    def _spider(self) -> Spider:
        """The crawler's spider, which Scrapy's retry helper logs and counts against."""
        spider = self.crawler.spider
        if spider is None:
            raise RuntimeError("a response arrived before the crawler had a spider")
        return spider
