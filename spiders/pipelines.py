"""Item pipelines: parse each fetched page into an Article, then store articles in batches.

One concern each: parsing knows nothing about the store, storing nothing about HTML. Both are
built by Scrapy with ``from_crawler`` and take what they need from the crawler (the site's
:class:`~spiders.site_crawl.SiteCrawl` and its stats), never from the spider. Every drop, fix-up
and fallback is counted in the crawler's stats (:mod:`aggregator.crawl_stats`).
"""

from __future__ import annotations

from typing import Self

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from sqlalchemy.exc import SQLAlchemyError

from aggregator import crawl_stats
from aggregator.errors import NotAnArticle
from aggregator.parsing import FetchHints, extract_article
from aggregator.province_relevance import article_about_provinces
from aggregator.schema import Article
from aggregator.store import FetchRecord
from aggregator.urls import canonical_url
from spiders.extraction_stats import count_extraction
from spiders.items import ArticlePage, ParsedArticle
from spiders.site_crawl import SiteCrawl, site_crawl
from spiders.stats import SiteStats

# Articles are committed in batches: small enough that a crash loses little, large enough that
# SQLite does not fsync per article.
STORE_BATCH_SIZE = 50


def _fetch_record(page: ArticlePage, article: Article) -> FetchRecord:
    """What the next run needs to recognise this page as known without downloading it."""
    return FetchRecord(
        url=canonical_url(page.requested_url or page.url), site_id=page.site_id, kind="article",
        fetched_at=page.fetched_at, article_id=article.id, content_hash=article.content_hash,
        source_date=page.feed_changed,
    )


class ParseArticlePipeline:
    """ArticlePage -> ParsedArticle; pages that are not articles or too old are dropped and
    counted. A too-old page is remembered as fetched (it will not get younger); a page that is
    not an article is not, so a fixed parser gets another chance at it."""

    def __init__(self, crawl: SiteCrawl, stats: SiteStats) -> None:
        self.crawl = crawl
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(site_crawl(crawler), SiteStats(crawler))

    def process_item(self, item: object) -> object:
        if not isinstance(item, ArticlePage):
            return item
        site = self.crawl.site
        hints = FetchHints(published=item.feed_published, title=item.feed_title,
                           fetched_at=item.fetched_at)
        try:
            extraction = extract_article(item.url, item.html, site, hints=hints)
        except NotAnArticle as exc:
            self.stats.inc(crawl_stats.FAILED)
            self.stats.inc(crawl_stats.DROP_NOT_AN_ARTICLE)
            self.stats.error(str(exc))
            raise DropItem(str(exc)) from None
        count_extraction(self.stats, extraction)
        article = extraction.article
        published = article.published or item.fetched_at
        if article.published is None:
            self.stats.inc(crawl_stats.FIXUP_DATE_IS_FETCH_TIME)
        article = article.with_changes(
            published=published, about_provinces=article_about_provinces(article, site.province))
        if published < self.crawl.oldest_allowed:
            self.stats.inc(crawl_stats.DROP_TOO_OLD)
            self.crawl.fetches.remember(_fetch_record(item, article))
            raise DropItem(f"older than crawl.max_age_days: {item.url}")
        return ParsedArticle(article=article, fetch=_fetch_record(item, article))


class StoreArticlesPipeline:
    """Upsert articles in batches, then record their fetches; the counts feed the per-site
    summary."""

    def __init__(self, crawl: SiteCrawl, stats: SiteStats) -> None:
        self.crawl = crawl
        self.stats = stats
        self.batch: list[ParsedArticle] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(site_crawl(crawler), SiteStats(crawler))

    def process_item(self, item: object) -> object:
        if isinstance(item, ParsedArticle):
            self.batch.append(item)
            if len(self.batch) >= STORE_BATCH_SIZE:
                self.flush()
        return item

    def close_spider(self) -> None:
        self.flush()

    def flush(self) -> None:
        """Store the batch in one transaction; if the database refuses it, store the articles
        one by one so a single unstorable article costs only itself, never its 49 neighbours."""
        batch, self.batch = self.batch, []
        if not batch:
            return
        try:
            self._store(batch)
        except SQLAlchemyError:
            for parsed in batch:
                try:
                    self._store([parsed])
                except SQLAlchemyError as exc:
                    self.stats.inc(crawl_stats.FAILED)
                    self.stats.inc(crawl_stats.DROP_UNSTORABLE)
                    reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
                    self.stats.error(f"cannot store {parsed.article.url}: {reason}")

    def _store(self, batch: list[ParsedArticle]) -> None:
        store = self.crawl.store
        result = store.upsert([parsed.article for parsed in batch], now=self.crawl.started_at)
        store.record_fetches([parsed.fetch for parsed in batch])
        self.stats.inc(crawl_stats.NEW, result.new)
        self.stats.inc(crawl_stats.UPDATED, result.updated)
        self.stats.inc(crawl_stats.UNCHANGED, result.unchanged)
