"""One generic spider, driven by a site entry: feeds, sitemaps, listings, or auto-discovery.

There is no spider class per site. Each site gets its own crawler (so its stats, limits and
failures stay its own) running this class with the site's entry.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from aggregator.registry import SiteEntry
from spiders.context import CrawlContext, SiteCounters
from spiders.discovery import (
    Discovered,
    alternate_feeds,
    feed_entries,
    listing_links,
    parse_xml,
    robots_sitemaps,
    sitemap_entries,
)
from spiders.items import ArticlePage

# Listing pagination stops here even on an endless archive; known-article detection (the
# incremental crawl) usually stops it much earlier.
MAX_LISTING_PAGES = 5
MAX_SITEMAP_DEPTH = 3


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(self, site: SiteEntry, context: CrawlContext, **kwargs: Any) -> None:
        super().__init__(name=site.id, **kwargs)
        self.site = site
        self.context = context
        self.counters: SiteCounters = context.counters_for(site.id)
        self.article_url = site.article_url_regex
        self.budget = context.settings.max_pages_per_site

    # ---- requests -------------------------------------------------------------------------

    def _request(self, url: str, callback: Any, **kwargs: Any) -> scrapy.Request | None:
        """A request charged to the site's page budget (None once the budget is spent)."""
        if self.budget <= 0:
            self.counters.error(f"page budget of {self.context.settings.max_pages_per_site} "
                                "requests reached; the rest waits for the next run")
            return None
        self.budget -= 1
        self.counters.requests += 1
        return scrapy.Request(url, callback=callback, errback=self.on_error, **kwargs)

    async def start(self) -> AsyncIterator[Any]:
        site = self.site
        requests: list[scrapy.Request | None] = []
        if site.discovery_methods == ("auto",):
            requests.append(self._request(urljoin(site.url, "/robots.txt"), self.parse_robots,
                                          meta={"dont_obey_robotstxt": True}))
            requests.append(self._request(site.url, self.parse_home))
        requests += [self._request(url, self.parse_feed) for url in site.feeds]
        requests += [self._request(url, self.parse_sitemap, cb_kwargs={"depth": 0})
                     for url in site.sitemaps]
        requests += [self._request(url, self.parse_listing, cb_kwargs={"page": 1})
                     for url in site.listings]
        for request in requests:
            if request is not None:
                yield request

    def _article_requests(self, found: list[Discovered]) -> Iterator[scrapy.Request]:
        for item in found:
            if self.article_url is not None and not self.article_url.search(item.url):
                continue
            if item.published is not None and item.published < self.context.oldest_allowed:
                self.counters.too_old += 1
                continue
            request = self._request(item.url, self.parse_article,
                                    cb_kwargs={"discovered": item}, meta={"is_article": True})
            if request is not None:
                yield request

    # ---- discovery callbacks --------------------------------------------------------------

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        self.counters.fetched += 1
        text = response.text if isinstance(response, TextResponse) else response.body.decode(
            "utf-8", "replace")
        for url in robots_sitemaps(text, response.url):
            request = self._request(url, self.parse_sitemap, cb_kwargs={"depth": 0})
            if request is not None:
                yield request

    def parse_home(self, response: Response) -> Iterator[scrapy.Request]:
        """Auto-discovery: advertised feeds first; the home page itself as a listing too."""
        self.counters.fetched += 1
        if not isinstance(response, TextResponse):
            return
        for url in alternate_feeds(response.text, response.url):
            request = self._request(url, self.parse_feed)
            if request is not None:
                yield request
        articles, _next_pages = listing_links(response.text, response.url, self.article_url)
        yield from self._article_requests([Discovered(url) for url in articles])

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        self.counters.fetched += 1
        root = parse_xml(response.body)
        if root is None:
            self.counters.failed += 1
            self.counters.error(f"feed is not XML: {response.url}")
            return
        yield from self._article_requests(list(feed_entries(root, response.url)))

    def parse_sitemap(self, response: Response, depth: int) -> Iterator[scrapy.Request]:
        self.counters.fetched += 1
        root = parse_xml(response.body)
        if root is None:
            self.counters.failed += 1
            self.counters.error(f"sitemap is not XML: {response.url}")
            return
        children, pages = sitemap_entries(root, response.url)
        if depth < MAX_SITEMAP_DEPTH:
            for url in children:
                request = self._request(url, self.parse_sitemap, cb_kwargs={"depth": depth + 1})
                if request is not None:
                    yield request
        yield from self._article_requests(pages)

    def parse_listing(self, response: Response, page: int) -> Iterator[scrapy.Request]:
        self.counters.fetched += 1
        if not isinstance(response, TextResponse):
            return
        articles, next_pages = listing_links(response.text, response.url, self.article_url)
        yield from self._article_requests([Discovered(url) for url in articles])
        if page < MAX_LISTING_PAGES:
            for url in next_pages[:1]:
                request = self._request(url, self.parse_listing, cb_kwargs={"page": page + 1})
                if request is not None:
                    yield request

    # ---- articles and errors --------------------------------------------------------------

    def parse_article(self, response: Response, discovered: Discovered) -> Iterator[ArticlePage]:
        self.counters.fetched += 1
        if not isinstance(response, TextResponse):
            self.counters.failed += 1
            self.counters.error(f"not an HTML page: {response.url}")
            return
        yield ArticlePage(
            site_id=self.site.id,
            url=response.url,
            html=response.text,
            fetched_at=datetime.now(UTC),
            feed_published=discovered.published,
            feed_title=discovered.title,
        )

    def on_error(self, failure: Failure) -> None:
        """Count and describe a failed request; the crawl of this and other sites goes on."""
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        if failure.check(scrapy.exceptions.IgnoreRequest):
            reason = str(failure.value) or "ignored"
            if "robots" in reason.lower() or "Forbidden by robots.txt" in reason:
                return
            self.counters.error(f"{url}: {reason}")
            return
        self.counters.failed += 1
        response = getattr(failure.value, "response", None)
        if response is not None:
            self.counters.error(f"HTTP {response.status} for {url}")
        else:
            message = failure.getErrorMessage().splitlines()[0] if failure.getErrorMessage() else ""
            self.counters.error(f"{failure.type.__name__} for {url}: {message}".rstrip(": "))
