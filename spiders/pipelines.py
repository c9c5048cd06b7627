"""Item pipelines: parse each fetched page into an Article, then store articles in batches.

One concern each: parsing knows nothing about the store, storing nothing about HTML.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from aggregator.errors import NotAnArticle
from aggregator.parsing import FetchHints, parse_article
from aggregator.schema import Article
from spiders.items import ArticlePage

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


class ParseArticlePipeline(_SpiderAware):
    """ArticlePage -> Article; pages that are not articles or too old are dropped and counted."""

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
        if article.published < spider.context.oldest_allowed:
            counters.too_old += 1
            raise DropItem(f"older than crawl.max_age_days: {item.url}")
        return article


class StoreArticlesPipeline(_SpiderAware):
    """Upsert articles in batches; the counts feed the per-site summary."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.batch: list[Article] = []

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Article):
            self.batch.append(item)
            if len(self.batch) >= STORE_BATCH_SIZE:
                self.flush()
        return item

    def close_spider(self) -> None:
        self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        spider = self.spider
        result = spider.context.store.upsert(self.batch, now=spider.context.started_at)
        counters = spider.counters
        counters.new += result.new
        counters.updated += result.updated
        counters.unchanged += result.unchanged
        self.batch = []
