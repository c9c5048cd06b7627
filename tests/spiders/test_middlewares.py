"""RetryAfterMiddleware on its own: a crawler from Scrapy's ``get_crawler`` and synthetic
responses; the real back-off against a loopback server is in test_politeness.py."""

from __future__ import annotations

import scrapy
from scrapy.http import Request, Response
from scrapy.utils.test import get_crawler

from spiders.middlewares import RetryAfterMiddleware


def _middleware(max_wait: float = 120) -> RetryAfterMiddleware:
    crawler = get_crawler(scrapy.Spider, {"RETRY_AFTER_MAX_SECONDS": max_wait})
    crawler.spider = scrapy.Spider.from_crawler(crawler, name="site")
    return RetryAfterMiddleware.from_crawler(crawler)


def _answer(status: int, retry_after: str | None) -> tuple[Request, Response]:
    request = Request("http://lhh.example.vn/feed.rss")
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return request, Response(request.url, status=status, headers=headers, request=request)


def _stat(middleware: RetryAfterMiddleware, name: str) -> int:
    assert middleware.crawler.stats is not None
    return int(middleware.crawler.stats.get_value(f"aggregator/{name}", 0))


def test_a_short_retry_after_holds_the_host_and_retries_once() -> None:
    middleware = _middleware()
    request, response = _answer(429, "5")
    retry = middleware.process_response(request, response)
    assert isinstance(retry, Request) and retry.url == request.url and retry is not request
    assert "lhh.example.vn" in middleware.hold_until
    assert _stat(middleware, "retry_after_waits") == 1
    again = middleware.process_response(retry, _answer(429, "5")[1])
    assert isinstance(again, Response) and retry.meta["dont_retry"]
    assert _stat(middleware, "retry_after_gave_up") == 1


def test_a_wait_longer_than_allowed_gives_up_at_once() -> None:
    middleware = _middleware(max_wait=10)
    request, response = _answer(503, "3600")
    assert middleware.process_response(request, response) is response
    assert request.meta["dont_retry"] and not middleware.hold_until
    assert _stat(middleware, "retry_after_gave_up") == 1


def test_other_answers_pass_through() -> None:
    middleware = _middleware()
    for status, header in ((200, None), (503, None), (429, "not a date")):
        request, response = _answer(status, header)
        assert middleware.process_response(request, response) is response
    assert not middleware.hold_until
