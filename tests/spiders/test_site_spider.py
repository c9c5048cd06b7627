"""SiteSpider's callbacks on synthetic responses, with the spider built by ``from_crawler`` from
a crawler of Scrapy's ``get_crawler``: what each callback yields and counts in the stats."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse

from spiders.discovery import Discovered
from spiders.items import ArticlePage
from spiders.site_spider import SiteSpider
from tests.spiders.crawlers import figures, site_crawler, site_entry

ARTICLE = "http://lhh.example.vn/bai-1-p1.html"


@pytest.fixture
def spider(tmp_path: Path) -> SiteSpider:
    site = site_entry(article_url=r"-p\d+\.html$", feeds=["http://lhh.example.vn/rss"])
    return SiteSpider.from_crawler(site_crawler(tmp_path, site))


def test_an_article_response_becomes_a_page_for_the_pipelines(spider: SiteSpider) -> None:
    found = Discovered(ARTICLE, title="Bài một")
    response = HtmlResponse(ARTICLE, body="<html><h1>Bài một</h1></html>".encode(),
                            headers={"Content-Type": "text/html; charset=utf-8"},
                            request=Request(ARTICLE))
    [page] = list(spider.parse_article(response, found))
    assert isinstance(page, ArticlePage)
    assert (page.site_id, page.url, page.feed_title) == ("lien-hiep-hoi", ARTICLE, "Bài một")
    assert "<h1>Bài một</h1>" in page.html
    assert figures(spider.crawler)["fetched"] == 1


def test_a_feed_that_is_not_xml_is_a_counted_failure(spider: SiteSpider) -> None:
    url = "http://lhh.example.vn/rss"
    response = TextResponse(url, body=b"\x00 not xml", request=Request(url))
    assert list(spider.parse_feed(response)) == []
    stats = figures(spider.crawler)
    assert (stats["fetched"], stats["failed"]) == (1, 1)
    assert stats["errors"] == [f"feed is not XML: {url}"]


def test_a_feed_lists_articles_to_request(spider: SiteSpider) -> None:
    url = "http://lhh.example.vn/rss"
    rss = (f"<rss><channel><item><title>Bài một</title><link>{ARTICLE}</link></item>"
           "<item><link>http://lhh.example.vn/gioi-thieu</link></item></channel></rss>")
    response = TextResponse(url, body=rss.encode(), request=Request(url))
    requests = list(spider.parse_feed(response))
    assert [request.url for request in requests] == [ARTICLE]  # the other is no article URL
    assert figures(spider.crawler)["requests"] == 1


def test_a_304_is_counted_as_not_modified(spider: SiteSpider) -> None:
    url = "http://lhh.example.vn/rss"
    assert list(spider.parse_feed(TextResponse(url, status=304, request=Request(url)))) == []
    stats = figures(spider.crawler)
    assert stats["not_modified"] == 1 and "fetched" not in stats
