"""The item pipelines on their own: built by ``from_crawler`` from a crawler of Scrapy's
``get_crawler``, fed items directly, judged by what they return, drop, store and count in the
crawler's stats (the end-to-end crawls in tests/e2e stay above this layer)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from spiders.items import ArticlePage, ParsedArticle
from spiders.pipelines import ParseArticlePipeline, StoreArticlesPipeline
from spiders.site_crawl import site_crawl
from tests.spiders.crawlers import figures, site_crawler

FETCHED = datetime(2026, 5, 4, 3, 0, tzinfo=UTC)
URL = "http://lhh.example.vn/tin-tuc/hoi-thao-chuyen-doi-so-p12.html"
PROSE = ("Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh tổ chức hội thảo về chuyển đổi số trong "
         "nông nghiệp, với sự tham gia của nhiều nhà khoa học, doanh nghiệp và nông dân. ")


def _page_html(*, date: str | None = "2026-05-03T08:30:00+07:00", byline: bool = True) -> str:
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    paragraphs = "".join(f"<p>{PROSE * 2}Đoạn {n}.</p>" for n in range(1, 6))
    author = "<p><strong>Nguyễn Văn An</strong></p>" if byline else ""
    return (f"<html lang='vi'><head><title>Hội thảo chuyển đổi số</title>{meta}</head><body>"
            f"<article><h1>Hội thảo chuyển đổi số trong nông nghiệp</h1>"
            f"<div class='content'>{paragraphs}{author}</div></article></body></html>")


def _item(html: str, **hints: datetime) -> ArticlePage:
    return ArticlePage(site_id="lien-hiep-hoi", url=URL, html=html, fetched_at=FETCHED, **hints)


@pytest.fixture
def crawler(tmp_path: Path) -> Crawler:
    return site_crawler(tmp_path, max_age_days=30, started_at=FETCHED)


def test_a_page_becomes_an_article_and_its_sources_are_counted(crawler: Crawler) -> None:
    parsed = ParseArticlePipeline.from_crawler(crawler).process_item(_item(_page_html()))
    assert isinstance(parsed, ParsedArticle)
    assert parsed.article.published == datetime(2026, 5, 3, 1, 30, tzinfo=UTC)
    assert parsed.fetch.url == URL and parsed.fetch.article_id == parsed.article.id
    stats = figures(crawler)
    assert stats["parsed"] == 1
    assert stats["extraction/published/article:published_time"] == 1
    assert sum(v for k, v in stats.items() if k.startswith("extraction/title/")) == 1
    assert "fixup/date_is_fetch_time" not in stats and "fallback/date_from_feed" not in stats


def test_a_page_without_a_date_takes_the_feed_date_or_else_the_fetch_time(crawler: Crawler) -> None:
    pipeline = ParseArticlePipeline.from_crawler(crawler)
    from_feed = datetime(2026, 5, 2, tzinfo=UTC)
    parsed = pipeline.process_item(_item(_page_html(date=None), feed_published=from_feed))
    assert isinstance(parsed, ParsedArticle) and parsed.article.published == from_feed
    assert figures(crawler)["fallback/date_from_feed"] == 1

    parsed = pipeline.process_item(_item(_page_html(date=None)))
    assert isinstance(parsed, ParsedArticle) and parsed.article.published == FETCHED
    assert figures(crawler)["fixup/date_is_fetch_time"] == 1
    assert figures(crawler)["parsed"] == 2


def test_a_page_that_is_not_an_article_is_dropped_and_counted(crawler: Crawler) -> None:
    with pytest.raises(DropItem, match=r"no title|no article body"):
        ParseArticlePipeline.from_crawler(crawler).process_item(
            _item("<html><body><p>Trang chủ</p></body></html>"))
    stats = figures(crawler)
    assert stats["failed"] == 1 and stats["drop/not_an_article"] == 1
    assert len(stats["errors"]) == 1 and URL in stats["errors"][0]


def test_a_too_old_article_is_dropped_but_remembered_as_fetched(crawler: Crawler) -> None:
    html = _page_html(date=(FETCHED - timedelta(days=31)).isoformat())
    with pytest.raises(DropItem, match=r"older than crawl\.max_age_days"):
        ParseArticlePipeline.from_crawler(crawler).process_item(_item(html))
    assert figures(crawler)["drop/too_old"] == 1
    assert [record.url for record in site_crawl(crawler).fetches.pending] == [URL]


def test_other_items_pass_through_untouched(crawler: Crawler) -> None:
    other = object()
    assert ParseArticlePipeline.from_crawler(crawler).process_item(other) is other
    assert StoreArticlesPipeline.from_crawler(crawler).process_item(other) is other


def test_articles_are_stored_in_a_batch_and_counted_new_then_unchanged(crawler: Crawler) -> None:
    parsed = ParseArticlePipeline.from_crawler(crawler).process_item(_item(_page_html()))
    assert isinstance(parsed, ParsedArticle)
    store = site_crawl(crawler).store
    for _ in range(2):
        pipeline = StoreArticlesPipeline.from_crawler(crawler)
        assert pipeline.process_item(parsed) is parsed
        assert store.count() == (0 if figures(crawler).get("new") is None else 1)  # batched
        pipeline.close_spider()
    assert store.get(parsed.article.id) is not None
    stats = figures(crawler)
    assert (stats["new"], stats["updated"], stats["unchanged"]) == (1, 0, 1)


def test_a_page_naming_no_author_is_counted(crawler: Crawler) -> None:
    pipeline = ParseArticlePipeline.from_crawler(crawler)
    pipeline.process_item(_item(_page_html(byline=False)))
    assert figures(crawler)["fallback/no_author"] == 1
    named = pipeline.process_item(_item(_page_html(byline=True)))
    assert isinstance(named, ParsedArticle) and named.article.authors == ("Nguyễn Văn An",)
    assert figures(crawler)["fallback/no_author"] == 1
