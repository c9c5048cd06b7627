"""`aggregator run` and the crawl lock as processes: --once, SIGTERM mid-crawl, kill -9 mid-crawl,
and a second crawl or scheduler on the same store."""

from __future__ import annotations

import signal
import sqlite3
import threading
import time
from collections.abc import Callable
from contextlib import closing
from datetime import datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import feedparser
import pytest

from aggregator.dates import VN_TZ
from aggregator.sample_sites import SampleSites
from tests.loopback import LoopbackServer, QuietHandler
from tests.support import run_cli, run_until_published, start_cli, write_config

pytestmark = pytest.mark.slow


def test_run_once_crawls_and_publishes(tmp_path: Path, sample_sites: SampleSites) -> None:
    config = write_config(tmp_path, sample_sites.site_entries_toml())
    result = run_cli("run", "--once", config=config)
    assert "published to" in result.stdout
    feed = feedparser.parse((tmp_path / "public" / "all.atom").read_bytes())
    assert not feed.bozo and len(feed.entries) >= 10


def test_scheduled_run_publishes_then_stops_on_sigterm(tmp_path: Path,
                                                      sample_sites: SampleSites) -> None:
    config = write_config(tmp_path, sample_sites.site_entries_toml())
    feed_path = tmp_path / "public" / "all.atom"
    returncode, output = run_until_published(config, feed_path)
    assert returncode == 0, output
    assert "stopped" in output
    assert not feedparser.parse(feed_path.read_bytes()).bozo


class SlowSite:
    """A loopback newspaper whose article pages answer slowly, so a crawl can be stopped or
    killed half-way without the test itself sleeping for long: an RSS feed of ``articles``
    items, each page served after ``delay`` seconds (changeable while serving)."""

    def __init__(self, articles: int, delay: float) -> None:
        self.articles = articles
        self.delay = delay
        self.article_hits = 0
        self._lock = threading.Lock()
        now = datetime.now(VN_TZ).replace(microsecond=0)
        self.published = [now - timedelta(minutes=5 * i) for i in range(articles)]
        self.server = LoopbackServer(self._handler())
        self.base_url = self.server.base

    def __enter__(self) -> SlowSite:
        self.server.__enter__()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.__exit__()

    def toml(self) -> str:
        return ('[[sites]]\nid = "baocham"\nname = "Báo Chậm"\nkind = "newspaper"\n'
                f'province = "lang-son"\nurl = "{self.base_url}/"\n'
                f'feeds = ["{self.base_url}/rss.xml"]\narticle_url = \'-\\d+\\.html$\'\n')

    def path(self, i: int) -> str:
        return f"/thoi-su/nong-nghiep-lang-son-so-{i}-{1000000 + i}.html"

    def feed(self) -> str:
        items = "".join(
            f"<item><title>Nông nghiệp Lạng Sơn, tin số {i}</title>"
            f"<link>{self.base_url}{self.path(i)}</link>"
            f"<pubDate>{format_datetime(self.published[i])}</pubDate></item>"
            for i in range(self.articles))
        return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                f"<title>Báo Chậm</title><link>{self.base_url}/</link>{items}</channel></rss>")

    def page(self, i: int) -> str:
        title = f"Nông nghiệp Lạng Sơn, tin số {i}"
        return (
            f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta property="og:type" content="article"><meta property="og:title" content="{title}">'
            f'<meta property="article:published_time" content="{self.published[i].isoformat()}">'
            f'</head><body><article><h1 class="title">{title}</h1>'
            f'<p class="sapo">Sở Nông nghiệp và Môi trường tỉnh Lạng Sơn tổng kết mô hình số {i}.</p>'
            f'<div class="content"><p>Năm nay toàn tỉnh đã chuyển đổi hơn {100 + i} héc-ta đất '
            "trồng lúa kém hiệu quả sang trồng cây ăn quả và cây dược liệu, mang lại thu nhập cao "
            "hơn cho bà con ở các xã vùng cao.</p><p>Các đại biểu đề nghị tiếp tục hỗ trợ giống, "
            "phân bón, hướng dẫn kỹ thuật và kết nối tiêu thụ sản phẩm qua các hợp tác xã.</p>"
            "</div></article></body></html>")

    def _handler(self) -> type[QuietHandler]:
        site = self
        pages = {self.path(i): i for i in range(self.articles)}

        class Handler(QuietHandler):
            def do_GET(self) -> None:
                if self.path == "/rss.xml":
                    self.send_body(200, site.feed().encode("utf-8"), "application/rss+xml")
                elif self.path in pages:
                    time.sleep(site.delay)  # the slow server, not the test, waits
                    with site._lock:
                        site.article_hits += 1
                    self.send_body(200, site.page(pages[self.path]).encode("utf-8"),
                                   "text/html; charset=utf-8")
                else:
                    self.send_error(404)

        return Handler


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    """Poll a running process's progress (not a scheduling delay)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.05)


def query(db: Path, sql: str) -> list[tuple]:
    try:
        with closing(sqlite3.connect(db)) as conn:
            return conn.execute(sql).fetchall()
    except sqlite3.OperationalError:  # not created yet
        return []


def stored_ids(db: Path) -> list[str]:
    return [row[0] for row in query(db, "SELECT id FROM articles")]


def test_sigterm_mid_crawl_stores_what_was_fetched_and_publishes(tmp_path: Path) -> None:
    with SlowSite(articles=100, delay=0.15) as site:
        config = write_config(tmp_path, site.toml())
        process = start_cli("run", config=config)
        try:
            wait_until(lambda: site.article_hits >= 10, "the crawl is under way")
            second = run_cli("run", config=config, check=False)
            assert second.returncode == 75, second.stderr
            assert "already scheduling crawls" in second.stderr
            assert site.article_hits < site.articles, "the crawl finished before SIGTERM"
        finally:
            process.send_signal(signal.SIGTERM)
            output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output
    assert "stopped" in output and "published:" in output

    db = tmp_path / "store.db"
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    ids = stored_ids(db)
    assert 0 < len(ids) < site.articles  # what was fetched before the stop, and no more
    assert query(db, "SELECT count(*) FROM article_provinces WHERE article_id NOT IN "
                     "(SELECT id FROM articles)") == [(0,)]
    assert query(db, "SELECT site_id FROM site_runs") == [("baocham",)]  # the run was recorded
    feed = feedparser.parse((tmp_path / "public" / "all.atom").read_bytes())
    assert not feed.bozo
    assert len(feed.entries) == len(ids)


def test_kill_9_mid_crawl_loses_nothing_and_leaves_no_stale_lock(tmp_path: Path) -> None:
    with SlowSite(articles=80, delay=0.1) as site:
        config = write_config(tmp_path, site.toml())
        db = tmp_path / "store.db"
        crawl = start_cli("crawl", config=config)
        try:
            # The store commits in batches of 50: wait for the first one, then kill.
            wait_until(lambda: len(stored_ids(db)) >= 50, "the first batch is stored")
        finally:
            crawl.send_signal(signal.SIGKILL)
            crawl.communicate(timeout=30)
        before = set(stored_ids(db))
        assert 50 <= len(before) < site.articles
        assert query(db, "SELECT count(*) FROM site_runs") == [(0,)]  # it never finished

        site.delay = 0
        result = run_cli("crawl", config=config)  # the dead crawl's lock does not block
    assert "baocham" in result.stdout
    after = stored_ids(db)
    assert before <= set(after)
    assert len(after) == len(set(after)) == site.articles
    assert query(db, "SELECT count(DISTINCT url) FROM articles") == [(site.articles,)]
    assert query(db, "PRAGMA integrity_check") == [("ok",)]


def test_a_second_crawl_of_the_same_store_is_refused(tmp_path: Path) -> None:
    with SlowSite(articles=60, delay=0.1) as site:
        config = write_config(tmp_path, site.toml())
        first = start_cli("crawl", config=config)
        try:
            wait_until(lambda: site.article_hits >= 1, "the first crawl is fetching")
            second = run_cli("crawl", config=config, check=False)
        finally:
            first.send_signal(signal.SIGTERM)
            output, _ = first.communicate(timeout=60)
    assert second.returncode == 75
    assert second.stderr.count("\n") == 1 and "Traceback" not in second.stderr
    assert "another crawl is already running on this store" in second.stderr
    assert first.returncode == 0, output  # stopped cleanly, with its summary
    assert "baocham" in output, output
