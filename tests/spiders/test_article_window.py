"""Bounded article requests (issue 8): discovery queues article links and only a window of them
is in flight, so memory stays flat however large a site's sitemap is.

The window logic is checked on the spider itself (its callbacks called directly, the engine
replaced by a recorder); a real crawl through the command line, with more articles than the
window and every way a request can end (page, HTTP error, robots.txt refusal, duplicate after a
redirect), then shows that every article is fetched exactly once and the crawl neither stalls
nor ends early, and that the page budget is charged as before.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import scrapy
from scrapy.exceptions import DontCloseSpider
from scrapy.http import HtmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from spiders.article_window import ArticleWindow
from spiders.discovery import Discovered
from spiders.items import ArticlePage
from spiders.site_spider import SiteSpider
from tests.loopback import LoopbackServer, QuietHandler
from tests.spiders.crawlers import figures, site_crawler, site_entry
from tests.support import run_cli, write_config

ARTICLES = 60
"""More than three windows at concurrency 1 (2 × 1 + 16 = 18)."""
MISSING = {7, 23}  # answered 404
FORBIDDEN = {41}  # disallowed by robots.txt
REDIRECTED = {50: 12}  # /p50 redirects to /p12, an article the sitemap lists too
IN_FEED = range(1, 11)  # also listed in the feed: charged and fetched once all the same


# ---- the window, on the spider itself -------------------------------------------------------

class _Engine:
    def __init__(self) -> None:
        self.crawled: list[scrapy.Request] = []

    def crawl(self, request: scrapy.Request) -> None:
        self.crawled.append(request)


def _spider(tmp_path: Path, *, budget: int = 500, window: int = 3) -> SiteSpider:
    site = site_entry(article_url=r"-p\d+\.html$")
    crawler = site_crawler(tmp_path, site, max_pages_per_site=budget)
    spider = SiteSpider.from_crawler(crawler)
    spider.window.size = window
    crawler.engine = _Engine()  # type: ignore[assignment]
    return spider


def _found(numbers: range) -> list[Discovered]:
    return [Discovered(f"http://lhh.example.vn/bai-{n}-p{n}.html") for n in numbers]


def _urls(output: Iterator[Any]) -> list[str]:
    return [request.url for request in output if isinstance(request, scrapy.Request)]


def test_discovery_queues_articles_and_requests_only_a_window(tmp_path: Path) -> None:
    spider = _spider(tmp_path)
    first = _urls(spider._queue_articles(_found(range(1, 11))))
    assert first == [item.url for item in _found(range(1, 4))]
    # The same links from another index are neither charged nor queued again.
    assert _urls(spider._queue_articles(_found(range(1, 11)))) == []
    assert figures(spider.crawler)["requests"] == 10 and len(spider.window) == 7


def test_each_outcome_frees_its_slot_for_the_next_article(tmp_path: Path) -> None:
    spider = _spider(tmp_path)
    requests = list(spider._queue_articles(_found(range(1, 8))))
    page = HtmlResponse(requests[0].url, body="<p>Bài viết</p>".encode(), encoding="utf-8",
                        request=requests[0])
    output = list(spider.parse_article(page, **requests[0].cb_kwargs))
    assert isinstance(output[0], ArticlePage)
    assert _urls(iter(output)) == [_found(range(4, 5))[0].url]

    failure = Failure(HttpError(HtmlResponse(requests[1].url, status=404, body=b"")))
    failure.request = requests[1]  # type: ignore[attr-defined]
    assert _urls(spider.on_error(failure)) == [_found(range(5, 6))[0].url]
    assert figures(spider.crawler)["failed"] == 1

    spider.on_dropped(requests[2])
    assert spider.window.in_flight == 2  # the next callback, or the idle signal, tops up


def test_idle_spider_schedules_the_rest_and_stays_open_until_the_queue_is_empty(
        tmp_path: Path) -> None:
    spider = _spider(tmp_path, window=4)
    assert len(_urls(spider._queue_articles(_found(range(1, 11))))) == 4
    engine = spider.crawler.engine
    # Idle means nothing is in flight, whatever the count says (an outcome nobody reported).
    with pytest.raises(DontCloseSpider):
        spider.on_idle()
    assert [r.url for r in engine.crawled] == [item.url for item in _found(range(5, 9))]
    with pytest.raises(DontCloseSpider):
        spider.on_idle()
    spider.on_idle()  # queue empty: the spider may close
    assert [r.url for r in engine.crawled] == [item.url for item in _found(range(5, 11))]


def test_budget_is_charged_when_an_article_is_queued(tmp_path: Path) -> None:
    spider = _spider(tmp_path, budget=5)
    assert len(_urls(spider._queue_articles(_found(range(1, 11))))) == 3
    assert spider.budget.spent and figures(spider.crawler)["requests"] == 5
    assert len(spider.window) == 2
    assert any("page budget of 5 requests reached" in error for error in figures(spider.crawler)["errors"])


# ---- a real crawl with more articles than the window ----------------------------------------

def _article(n: int) -> bytes:
    return f"""<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>Hội thảo khoa học số {n} - Liên hiệp hội</title>
<meta property="og:title" content="Hội thảo khoa học số {n} về chuyển đổi số">
<meta property="article:published_time" content="2026-11-{n % 28 + 1:02d}T08:30:00+07:00">
</head><body><article><h1>Hội thảo khoa học số {n} về chuyển đổi số</h1>
<p>Sáng nay, Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh tổ chức hội thảo lần thứ {n} về ứng
dụng chuyển đổi số trong nông nghiệp, với sự tham gia của nhiều nhà khoa học và doanh nghiệp.</p>
<p>Các đại biểu thảo luận giải pháp nâng cao năng suất cây trồng, quản lý nguồn nước và truy
xuất nguồn gốc sản phẩm bằng công nghệ thông tin.</p></article></body></html>""".encode()


class _BigSiteServer(LoopbackServer):
    def __init__(self) -> None:
        super().__init__(_BigSite)
        self.log: list[str] = []


class _BigSite(QuietHandler):
    """A site with a sitemap of ARTICLES articles and a feed of a few of them."""

    server: _BigSiteServer

    def do_GET(self) -> None:
        base = self.server.base
        with self.server.lock:
            self.server.log.append(self.path)
        article = re.fullmatch(r"/bai-(\d+)-p\d+\.html", self.path)
        if self.path == "/robots.txt":
            rules = "".join(f"Disallow: /bai-{n}-p{n}.html\n" for n in FORBIDDEN)
            self.send_body(200, f"User-agent: *\n{rules}".encode(), "text/plain")
        elif self.path == "/sitemap.xml":
            urls = "".join(f"<url><loc>{base}/bai-{n}-p{n}.html</loc></url>"
                           for n in range(1, ARTICLES + 1))
            self.send_body(200, ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns='
                             f'"http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
                             ).encode(), "application/xml")
        elif self.path == "/rss.xml":
            items = "".join(f"<item><title>Bài {n}</title><link>{base}/bai-{n}-p{n}.html</link>"
                            "</item>" for n in IN_FEED)
            self.send_body(200, ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                             f"<title>Tin</title><link>{base}/</link>{items}</channel></rss>"
                             ).encode(), "application/rss+xml")
        elif article and int(article[1]) in REDIRECTED:
            target = REDIRECTED[int(article[1])]
            self.send_response(301)
            self.send_header("Location", f"{base}/bai-{target}-p{target}.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif article and int(article[1]) not in MISSING:
            self.send_body(200, _article(int(article[1])), "text/html; charset=utf-8")
        else:
            self.send_body(404, b"not found", "text/plain")


@pytest.fixture(scope="module")
def big_site() -> Iterator[_BigSiteServer]:
    with _BigSiteServer() as server:
        yield server


def _crawl(server: _BigSiteServer, tmp_path: Path, **crawl: object) -> tuple[str, Counter[str]]:
    """Crawl the big site once; its output and how often each path was requested."""
    with server.lock:
        server.log.clear()
    base = server.base
    entry = (f'[[sites]]\nid = "lien-hiep-hoi"\nname = "Liên hiệp hội thử"\nkind = "federation"\n'
             f'url = "{base}/"\nfeeds = ["{base}/rss.xml"]\nsitemaps = ["{base}/sitemap.xml"]\n'
             "article_url = '-p\\d+\\.html$'\n")
    config = write_config(tmp_path, entry, crawl={"concurrency_per_domain": 1, **crawl})
    result = run_cli("crawl", config=config)
    with server.lock:
        return result.stdout + result.stderr, Counter(server.log)


def test_every_article_is_fetched_once_and_the_crawl_runs_to_the_end(big_site: _BigSiteServer,
                                                                     tmp_path: Path) -> None:
    output, served = _crawl(big_site, tmp_path)
    articles = {path: count for path, count in served.items() if path.startswith("/bai-")}
    expected = {f"/bai-{n}-p{n}.html" for n in range(1, ARTICLES + 1)} - {
        f"/bai-{n}-p{n}.html" for n in FORBIDDEN}
    assert set(articles) == expected
    assert set(articles.values()) == {1}
    stored = ARTICLES - len(MISSING) - len(FORBIDDEN) - len(REDIRECTED)
    assert f"{stored} new" in output
    assert "HTTP 404" in output


def test_the_page_budget_stops_queued_articles_as_before(big_site: _BigSiteServer,
                                                         tmp_path: Path) -> None:
    output, served = _crawl(big_site, tmp_path, max_pages_per_site=30)
    # Feed and sitemap are charged at the start; 28 articles then, whichever index comes first.
    assert sum(count for path, count in served.items() if path.startswith("/bai-")) == 28
    assert "page budget of 30 requests reached" in output


def test_the_window_lets_through_only_as_many_as_it_has_free_slots() -> None:
    window = ArticleWindow(2)
    for number in range(5):
        window.queue(Discovered(f"https://x.vn/a-p{number}.html"))
    assert [d.url[-8:] for d in window.take()] == ["-p0.html", "-p1.html"]
    assert list(window.take()) == [] and len(window) == 3
    window.finished()
    assert [d.url[-8:] for d in window.take()] == ["-p2.html"]
    window.reset()  # Scrapy idle: nothing can still be in flight
    assert [d.url[-8:] for d in window.take()] == ["-p3.html", "-p4.html"]
    assert len(window) == 0
