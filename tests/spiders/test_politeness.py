"""Politeness: Retry-After on 429/503 is honoured (wait, then one retry), a wait longer than the
cap is given up at once, a 503 without Retry-After gets Scrapy's usual retry, and requests
name the project in their User-Agent. The crawl runs through the real command line against a
small server on 127.0.0.1 whose answers are scripted per path."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from aggregator.config import DEFAULT_USER_AGENT
from spiders.middlewares import retry_after_seconds
from tests.loopback import LoopbackServer, QuietHandler
from tests.support import SITES_ROOT, run_cli, write_config

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
ARTICLE = (SITES_ROOT / "vusta" / "tri-thuc-tre-hien-ke-cho-chuyen-doi-xanh-p78873.html").read_bytes()
# path -> statuses (with their Retry-After) answered in turn; the last one repeats.
SCRIPT: dict[str, list[tuple[int, str | None]]] = {
    "/cho-mot-giay-p101.html": [(429, "1"), (200, None)],
    "/cho-mot-gio-p102.html": [(429, "3600"), (200, None)],
    "/qua-tai-p103.html": [(503, None)],
}


@pytest.mark.parametrize(("value", "seconds"), [
    ("1", 1.0),
    (" 120 ", 120.0),
    (format_datetime(NOW + timedelta(seconds=90), usegmt=True), 90.0),
    (format_datetime(NOW - timedelta(minutes=5), usegmt=True), 0.0),
    ("sớm thôi", None),
    ("", None),
    (None, None),
])
def test_retry_after_values(value: str | None, seconds: float | None) -> None:
    assert retry_after_seconds(value, NOW) == seconds


class _ScriptedSite(LoopbackServer):
    def __init__(self) -> None:
        super().__init__(_Handler)
        self.log: list[tuple[str, float, str]] = []

    def feed(self) -> bytes:
        items = "".join(f"<item><title>Bài {path}</title><link>{self.base}{path}</link>"
                        "<pubDate>Tue, 17 Nov 2026 21:33:00 +0700</pubDate></item>"
                        for path in SCRIPT)
        return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                f"<title>Tin tức</title><link>{self.base}/</link>{items}</channel></rss>").encode()


class _Handler(QuietHandler):
    server: _ScriptedSite

    def do_GET(self) -> None:
        site = self.server
        with site.lock:
            site.log.append((self.path, time.monotonic(), self.headers.get("User-Agent", "")))
            answered = sum(1 for path, _, _ in site.log if path == self.path) - 1
        if self.path == "/rss.xml":
            self.send_body(200, site.feed(), "application/rss+xml")
        elif self.path in SCRIPT:
            script = SCRIPT[self.path]
            status, retry_after = script[min(answered, len(script) - 1)]
            body = ARTICLE.replace(b"__BASE__", site.base.encode()) if status == 200 else b"busy"
            self.send_body(status, body, "text/html; charset=utf-8",
                           None if retry_after is None else {"Retry-After": retry_after})
        else:
            self.send_body(404, b"not found", "text/plain")


@pytest.fixture(scope="module")
def scripted_site() -> Iterator[_ScriptedSite]:
    with _ScriptedSite() as server:
        yield server


@pytest.fixture(scope="module")
def crawled(scripted_site: _ScriptedSite, tmp_path_factory: pytest.TempPathFactory) -> str:
    base = scripted_site.base
    entry = (f'[[sites]]\nid = "ban-tin"\nname = "Bản tin thử"\nkind = "federation"\n'
             f'url = "{base}/"\nfeeds = ["{base}/rss.xml"]\narticle_url = \'-p\\d+\\.html$\'\n'
             'family = "vusta"\n')
    config = write_config(Path(tmp_path_factory.mktemp("politeness")), entry)
    return run_cli("crawl", config=config).stdout


def _times(site: _ScriptedSite, path: str) -> list[float]:
    return [when for logged, when, _ in site.log if logged == path]


def test_retry_after_is_waited_for_then_retried_once(scripted_site: _ScriptedSite,
                                                     crawled: str) -> None:
    first, second = _times(scripted_site, "/cho-mot-giay-p101.html")
    assert second - first >= 0.9
    assert "1 new" in crawled


def test_a_wait_beyond_the_cap_is_given_up_without_retrying(scripted_site: _ScriptedSite,
                                                            crawled: str) -> None:
    assert len(_times(scripted_site, "/cho-mot-gio-p102.html")) == 1
    assert "HTTP 429" in crawled


def test_503_without_retry_after_gets_scrapys_single_retry(scripted_site: _ScriptedSite,
                                                           crawled: str) -> None:
    assert len(_times(scripted_site, "/qua-tai-p103.html")) == 2


def test_requests_name_the_project_and_a_contact_url(scripted_site: _ScriptedSite,
                                                     crawled: str) -> None:
    agents = {agent for _, _, agent in scripted_site.log}
    assert agents == {DEFAULT_USER_AGENT}
    assert "vn-news-aggregator" in DEFAULT_USER_AGENT and "+https://" in DEFAULT_USER_AGENT
