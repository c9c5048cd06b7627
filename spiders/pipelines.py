"""Item pipelines: parse each fetched page into an Article, then store articles in batches.

One concern each: parsing knows nothing about the store, storing nothing about HTML.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from sqlalchemy.exc import SQLAlchemyError

from aggregator.errors import NotAnArticle
from aggregator.parsing import FetchHints, parse_article
from aggregator.province_relevance import article_about_provinces
from aggregator.schema import Article
from aggregator.store import FetchRecord
from aggregator.urls import canonical_url
from spiders.items import ArticlePage, ParsedArticle

# Articles are committed in batches: small enough that a crash loses little, large enough that
# SQLite does not fsync per article.
STORE_BATCH_SIZE = 50


class _SpiderAware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        return cls(crawler)

    @property
    def spider(self) -> Any:
        return self.crawler.spider


def _fetch_record(page: ArticlePage, article: Article) -> FetchRecord:
    """What the next run needs to recognise this page as known without downloading it."""
    return FetchRecord(
        url=canonical_url(page.requested_url or page.url), site_id=page.site_id, kind="article",
        fetched_at=page.fetched_at, article_id=article.id, content_hash=article.content_hash,
        source_date=page.feed_changed,
    )


class ParseArticlePipeline(_SpiderAware):
    """ArticlePage -> ParsedArticle; pages that are not articles or too old are dropped and
    counted. A too-old page is remembered as fetched (it will not get younger); a page that is
    not an article is not, so a fixed parser gets another chance at it."""

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticlePage):
            return item
        spider = self.spider
        counters = spider.counters
        hints = FetchHints(published=item.feed_published, title=item.feed_title,
                           fetched_at=item.fetched_at)
        try:
            article = parse_article(item.url, item.html, spider.site, hints=hints)
        except NotAnArticle as exc:
            counters.failed += 1
            counters.error(str(exc))
            self.crawler.stats.inc_value("aggregator/not_an_article")
            raise DropItem(str(exc)) from None
        if article.published is None:
            article = article.with_changes(published=item.fetched_at)
        article = article.with_changes(
            about_provinces=article_about_provinces(article, spider.site.province))
        if article.published < spider.context.oldest_allowed:
            counters.too_old += 1
            spider.remember(_fetch_record(item, article))
            raise DropItem(f"older than crawl.max_age_days: {item.url}")
        return ParsedArticle(article=article, fetch=_fetch_record(item, article))


class StoreArticlesPipeline(_SpiderAware):
    """Upsert articles in batches, then record their fetches; the counts feed the per-site
    summary."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.batch: list[ParsedArticle] = []

    def process_item(self, item: Any) -> Any:
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
                    self.spider.counters.failed += 1
                    reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
                    self.spider.counters.error(f"cannot store {parsed.article.url}: {reason}")

    def _store(self, batch: list[ParsedArticle]) -> None:
        spider = self.spider
        store = spider.context.store
        result = store.upsert([parsed.article for parsed in batch], now=spider.context.started_at)
        store.record_fetches([parsed.fetch for parsed in batch])
        counters = spider.counters
        counters.new += result.new
        counters.updated += result.updated
        counters.unchanged += result.unchanged
