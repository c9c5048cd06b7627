"""One generic spider, driven by a site entry: feeds, sitemaps, listings, or auto-discovery.

There is no spider class per site. Each site gets its own crawler (so its stats, limits and
failures stay its own) running this class with the site's entry.

Crawls are incremental: feeds, sitemaps and listings are re-fetched with conditional GETs (a
304 costs no parsing), and article pages already in the store are not downloaded again unless
their feed or sitemap entry carries a date newer than the version we hold. What was fetched is
remembered in the store's fetch state, loaded once when the spider starts.

Article requests are created lazily: discovery keeps the wanted article links in a queue and
only a small window of them is in flight at a time (issue 8). A sitemap of thousands of entries
would otherwise sit in Scrapy's scheduler as thousands of Request objects at once, and peak
memory would grow with the size of the site instead of staying flat.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any, Self
from urllib.parse import urljoin

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, DownloadCancelledError
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from aggregator import crawl_stats
from aggregator.parsing.page import decode_html
from aggregator.registry import SiteEntry
from aggregator.store import FetchRecord, SiteFetchState
from aggregator.urls import canonical_url, stable_article_id
from spiders.article_window import ArticleWindow
from spiders.budget import PageBudget
from spiders.conditional_get import conditional_headers
from spiders.discovery import (
    Discovered,
    alternate_feeds,
    feed_entries,
    listing_links,
    parse_xml,
    robots_sitemaps,
    sitemap_entries,
)
from spiders.failures import network_reason
from spiders.items import ArticlePage
from spiders.site_crawl import SiteCrawl, site_crawl
from spiders.stats import SiteStats

# Listing pagination stops here even on an endless archive; known-article detection (the
# incremental crawl) usually stops it much earlier.
MAX_LISTING_PAGES = 5
MAX_SITEMAP_DEPTH = 3
# Article requests in flight beyond twice the per-site concurrency: two per download slot keep
# the downloader busy while finished pages are parsed and the next ones are being created, and
# the constant covers redirects, retries and requests waiting out a download delay. Memory is
# then bounded by the window, not by the number of entries in the site's sitemaps.
ARTICLE_WINDOW_SLACK = 16


def _header(response: Response, name: str) -> str | None:
    """A response header as text (HTTP headers are Latin-1); None when absent or empty."""
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(self, crawl: SiteCrawl, site_stats: SiteStats, **kwargs: Any) -> None:
        super().__init__(name=crawl.site.id, **kwargs)
        self.crawl = crawl
        self.site: SiteEntry = crawl.site
        self.site_stats = site_stats
        self.article_url = self.site.article_url_regex
        self.budget = PageBudget(crawl.settings.max_pages_per_site, site_stats)
        self.state = SiteFetchState()
        self.requested_articles: set[str] = set()
        self.window = ArticleWindow(ARTICLE_WINDOW_SLACK)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        """The spider of the crawler's site (:func:`~spiders.site_crawl.site_crawl`)."""
        spider = super().from_crawler(crawler, site_crawl(crawler), SiteStats(crawler),
                                      *args, **kwargs)
        crawler.signals.connect(spider.on_dropped, signal=signals.request_dropped)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        spider.window.size = (2 * crawler.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
                              + ARTICLE_WINDOW_SLACK)
        return spider

    def on_idle(self) -> None:
        """Keep the spider open while queued articles remain. Nothing is scheduled,
        downloading or being parsed when Scrapy calls this, so the window is reset."""
        self.window.reset()
        scheduled = False
        for request in self._next_articles():
            self.crawler.engine.crawl(request)
            scheduled = True
        if scheduled:
            raise DontCloseSpider

    def on_dropped(self, request: scrapy.Request) -> None:
        """A redirect back to a URL of its own chain is a loop; Scrapy's duplicate filter ends
        it silently, so say what happened. (A redirect to a page another link already fetched
        is no fault: two URLs of one article.)"""
        if self._is_article(request):
            # Lets the next callback top the window up again (or on_idle, if none is left).
            self.window.finished()
        hops = request.meta.get("redirect_urls")
        if hops and request.url in hops:
            self.site_stats.inc(crawl_stats.FAILED)
            self.site_stats.error(f"redirect loop: {hops[0]} redirects back to {request.url}")

    # ---- requests -------------------------------------------------------------------------

    def _request(self, url: str, callback: Any, **kwargs: Any) -> scrapy.Request | None:
        """A request charged to the site's page budget (None once the budget is spent)."""
        if not self.budget.charge():
            return None
        return scrapy.Request(url, callback=callback, errback=self.on_error, **kwargs)

    def _index_request(self, url: str, callback: Any, **kwargs: Any) -> scrapy.Request | None:
        """A feed/sitemap/listing request, conditional when an earlier run saved validators.

        Scrapy drops non-2xx responses before the callback; ``handle_httpstatus_list`` lets a
        304 through so the callback can count it as "not modified".
        """
        headers = conditional_headers(self.state.validators.get(canonical_url(url)))
        return self._request(url, callback, headers=headers,
                             meta={"handle_httpstatus_list": [304]}, **kwargs)

    async def start(self) -> AsyncIterator[Any]:
        site = self.site
        self.state = self.crawl.store.load_fetch_state(site.id)
        requests: list[scrapy.Request | None] = []
        if site.discovery_methods == ("auto",):
            requests.append(self._request(urljoin(site.url, "/robots.txt"), self.parse_robots,
                                          meta={"dont_obey_robotstxt": True}))
            requests.append(self._request(site.url, self.parse_home))
        requests += [self._index_request(url, self.parse_feed) for url in site.feeds]
        requests += [self._index_request(url, self.parse_sitemap, cb_kwargs={"depth": 0})
                     for url in site.sitemaps]
        requests += [self._index_request(url, self.parse_listing, cb_kwargs={"page": 1})
                     for url in site.listings]
        for request in requests:
            if request is not None:
                yield request

    def _wanted(self, found: list[Discovered]) -> list[Discovered]:
        """Entries that are articles of this site by its ``article_url`` pattern."""
        if self.article_url is None:
            return found
        pattern = self.article_url
        return [item for item in found if pattern.search(item.url)]

    def _known_version(self, item: Discovered, key: str) -> int | None:
        """Timestamp of the stored version of ``item`` whose canonical URL is ``key`` (looked up
        by that, else by stable id)."""
        version = self.state.known_urls.get(key)
        if version is None:
            version = self.state.known_ids.get(stable_article_id(self.site.id, item.url))
        return version

    def _is_current(self, item: Discovered, key: str) -> bool:
        """True when we hold the article and the index gives no later date for it."""
        version = self._known_version(item, key)
        if version is None:
            return False
        changed = item.changed_at
        return changed is None or changed.timestamp() <= version

    def _queue_articles(self, found: list[Discovered]) -> Iterator[scrapy.Request]:
        """Queue the articles of ``found`` worth fetching and top up the requests in flight.

        Each queued article is charged to the page budget here, as it is found, so the budget
        (and whether an index page's validators are kept) is decided exactly as if it were
        requested at once; only the Request object is created later.
        """
        for item in self._wanted(found):
            if item.published is not None and item.published < self.crawl.oldest_allowed:
                self.site_stats.inc(crawl_stats.DROP_TOO_OLD)
                continue
            key = canonical_url(item.url)
            if key in self.requested_articles:
                continue
            if self._is_current(item, key):
                self.site_stats.inc(crawl_stats.SKIPPED_KNOWN)
                continue
            if self.budget.charge():
                self.requested_articles.add(key)
                self.window.queue(item)
        return self._next_articles()

    def _next_articles(self) -> Iterator[scrapy.Request]:
        """Requests for queued articles, while fewer than the window are in flight."""
        for item in self.window.take():
            yield scrapy.Request(item.url, callback=self.parse_article, errback=self.on_error,
                                 cb_kwargs={"discovered": item})

    def _is_article(self, request: scrapy.Request) -> bool:
        return request.callback == self.parse_article

    # ---- fetch state ----------------------------------------------------------------------

    def remember(self, record: FetchRecord) -> None:
        """Queue a fetch for the store's fetch state (:class:`~spiders.fetch_log.FetchLog`)."""
        self.crawl.fetches.remember(record)

    def closed(self, reason: str) -> None:
        """Write the fetch state; index pages keep their validators only if the crawl ran to
        its end (see :meth:`~spiders.fetch_log.FetchLog.close`)."""
        self.crawl.fetches.close(finished=reason == "finished")

    @staticmethod
    def _requested_url(response: Response) -> str:
        """The URL as requested, before redirects: the one the next run will request."""
        redirects = response.meta.get("redirect_urls") or [response.url]
        return str(redirects[0])

    def _remember_index(self, response: Response, kind: str) -> None:
        """Keep an index page's validators, unless the page budget ran out: then some of its
        entries were not requested, and a 304 next run must not hide them."""
        keep = not self.budget.spent
        self.remember(FetchRecord(
            url=canonical_url(self._requested_url(response)), site_id=self.site.id, kind=kind,
            fetched_at=datetime.now(UTC), etag=_header(response, "ETag") if keep else None,
            last_modified=_header(response, "Last-Modified") if keep else None,
        ))

    def _not_modified(self, response: Response) -> bool:
        """Count a 304 and refresh its fetch time; the callback then has nothing to do."""
        if response.status != 304:
            return False
        self.site_stats.inc(crawl_stats.NOT_MODIFIED)
        key = canonical_url(self._requested_url(response))
        known = self.state.validators.get(key)
        if known is not None:
            self.remember(FetchRecord(
                url=key, site_id=self.site.id, kind=known.kind, fetched_at=datetime.now(UTC),
                etag=_header(response, "ETag") or known.etag,
                last_modified=_header(response, "Last-Modified") or known.last_modified,
            ))
        return True

    # ---- discovery callbacks --------------------------------------------------------------

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        self.site_stats.inc(crawl_stats.FETCHED)
        text = response.text if isinstance(response, TextResponse) else response.body.decode(
            "utf-8", "replace")
        for url in robots_sitemaps(text, response.url):
            request = self._request(url, self.parse_sitemap, cb_kwargs={"depth": 0})
            if request is not None:
                yield request

    def parse_home(self, response: Response) -> Iterator[scrapy.Request]:
        """Auto-discovery: advertised feeds first; the home page itself as a listing too."""
        self.site_stats.inc(crawl_stats.FETCHED)
        if not isinstance(response, TextResponse):
            return
        for url in alternate_feeds(response.text, response.url):
            request = self._request(url, self.parse_feed)
            if request is not None:
                yield request
        articles, _next_pages = listing_links(response.text, response.url, self.article_url)
        yield from self._queue_articles([Discovered(url) for url in articles])

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        if self._not_modified(response):
            return
        self.site_stats.inc(crawl_stats.FETCHED)
        root = parse_xml(response.body)
        if root is None:
            self.site_stats.inc(crawl_stats.FAILED)
            self.site_stats.error(f"feed is not XML: {response.url}")
            return
        entries = list(feed_entries(root, response.url))
        if not entries:
            # An HTML page or an entity bomb served as the feed parses to no items at all.
            self.site_stats.error(f"feed has no items (not a feed?): {response.url}")
        requests = list(self._queue_articles(entries))
        self._remember_index(response, "feed")
        yield from requests

    def parse_sitemap(self, response: Response, depth: int) -> Iterator[scrapy.Request]:
        if self._not_modified(response):
            return
        self.site_stats.inc(crawl_stats.FETCHED)
        root = parse_xml(response.body)
        if root is None:
            self.site_stats.inc(crawl_stats.FAILED)
            self.site_stats.error(f"sitemap is not XML: {response.url}")
            return
        children, pages = sitemap_entries(root, response.url)
        requests: list[scrapy.Request | None] = []
        if depth < MAX_SITEMAP_DEPTH:
            requests += [self._index_request(url, self.parse_sitemap, cb_kwargs={"depth": depth + 1})
                         for url in children]
        requests += self._queue_articles(pages)
        self._remember_index(response, "sitemapindex" if children else "sitemap")
        yield from (request for request in requests if request is not None)

    def parse_listing(self, response: Response, page: int) -> Iterator[scrapy.Request]:
        """Follow "next page" only while the page lists articles we do not hold yet: on a
        second run the newest page usually shows the crawl is caught up."""
        if self._not_modified(response) or not isinstance(response, TextResponse):
            return
        self.site_stats.inc(crawl_stats.FETCHED)
        articles, next_pages = listing_links(response.text, response.url, self.article_url)
        # listing_links has already kept only the links matching the site's article_url.
        found = [Discovered(url) for url in articles]
        requests: list[scrapy.Request | None] = [*self._queue_articles(found)]
        caught_up = bool(found) and all(self._known_version(item, canonical_url(item.url)) is not None
                                        for item in found)
        if page < MAX_LISTING_PAGES and not caught_up:
            requests += [self._index_request(url, self.parse_listing, cb_kwargs={"page": page + 1})
                         for url in next_pages[:1]]
        self._remember_index(response, "listing")
        yield from (request for request in requests if request is not None)

    # ---- articles and errors --------------------------------------------------------------

    def parse_article(self, response: Response,
                      discovered: Discovered) -> Iterator[ArticlePage | scrapy.Request]:
        """The page as an item for the pipelines; its slot in the window goes to the next."""
        self.window.finished()
        self.site_stats.inc(crawl_stats.FETCHED)
        if isinstance(response, TextResponse):
            yield self._article_page(response, discovered)
        else:
            self.site_stats.inc(crawl_stats.FAILED)
            self.site_stats.error(f"not an HTML page: {response.url}")
        yield from self._next_articles()

    def _article_page(self, response: TextResponse, discovered: Discovered) -> ArticlePage:
        return ArticlePage(
            site_id=self.site.id,
            url=response.url,
            # Not response.text: Scrapy trusts a charset header over a body that says otherwise.
            html=decode_html(response.body, content_type=_header(response, "Content-Type") or ""),
            fetched_at=datetime.now(UTC),
            feed_published=discovered.published,
            feed_title=discovered.title,
            requested_url=discovered.url,
            feed_changed=discovered.changed_at,
        )

    def on_error(self, failure: Failure) -> Iterator[scrapy.Request]:
        """Count and describe a failed request; the crawl of this and other sites goes on."""
        request = getattr(failure, "request", None)
        self._count_failure(failure, request.url if request is not None else "?")
        if request is not None and self._is_article(request):
            self.window.finished()
        yield from self._next_articles()

    def _count_failure(self, failure: Failure, url: str) -> None:
        """Record a failure in the site's stats (a robots.txt refusal is no fault of the site)."""
        if failure.check(HttpError):  # an IgnoreRequest too, but a failure worth counting
            self.site_stats.inc(crawl_stats.FAILED)
            self.site_stats.error(f"HTTP {failure.value.response.status} for {url}")
            return
        if failure.check(scrapy.exceptions.IgnoreRequest):
            reason = str(failure.value) or "ignored"
            if "robots" in reason.lower() or "Forbidden by robots.txt" in reason:
                return
            self.site_stats.error(f"{url}: {reason}")
            return
        self.site_stats.inc(crawl_stats.FAILED)
        unreachable = network_reason(failure.value)
        if unreachable is not None:
            self.site_stats.error(f"{unreachable} for {url}")
            return
        message = failure.getErrorMessage().splitlines()[0] if failure.getErrorMessage() else ""
        if not message and failure.check(DownloadCancelledError):
            # Scrapy cancels a body without Content-Length silently once it passes the limit.
            message = (f"response larger than crawl.max_page_bytes "
                       f"({self.crawl.settings.max_page_bytes} bytes)")
        self.site_stats.error(f"{failure.type.__name__} for {url}: {message}".rstrip(": "))
