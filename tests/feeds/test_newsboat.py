"""A real feed reader (Debian's newsboat, headless) reads our feeds from ``FeedServer``.

newsboat parses with libxml2 and keeps what it read in an SQLite cache, which the tests
inspect. It does not read JSON Feed (2.21), so Atom and RSS (and their OPML lists) are checked
here.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import feedparser
import pytest

from aggregator.registry import SiteEntry
from aggregator.schema import Article
from feeds.publish import publish
from feeds.server import FeedServer
from tests.feeds.conftest import MemoryQuery
from tests.support import start_cli, write_config

NEWSBOAT = shutil.which("newsboat")
pytestmark = pytest.mark.skipif(
    NEWSBOAT is None,
    reason="newsboat is not installed (Debian package newsboat; scripts/system-deps.sh "
           "installs it when run as root)")


class Reader:
    """One newsboat profile (URL list, cache, empty config) in a temporary home."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.urls = home / "urls"
        self.cache = home / "cache.db"
        self.config = home / "config"
        self.config.write_text("", "utf-8")

    def run(self, *args: str) -> str:
        result = subprocess.run(
            [str(NEWSBOAT), "-u", str(self.urls), "-c", str(self.cache), "-C", str(self.config),
             *args], capture_output=True, text=True, timeout=60,
            env={**os.environ, "HOME": str(self.home)}, check=False)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def subscribe(self, urls: list[str]) -> None:
        self.urls.write_text("".join(f"{url}\n" for url in urls), "utf-8")

    def items(self) -> set[tuple[str, str, str, int]]:
        """(feed URL, title, guid, publication time) of every cached item."""
        with closing(sqlite3.connect(self.cache)) as db:
            return set(db.execute("SELECT feedurl, title, guid, pubDate FROM rss_item"))


@pytest.fixture
def reader(tmp_path: Path) -> Reader:
    home = tmp_path / "home"
    home.mkdir()
    return Reader(home)


def _publish(server: FeedServer, sites: list[SiteEntry], articles: list[Article]) -> None:
    publish(MemoryQuery(articles), sites, out_dir=server.root, base_url=server.url)


def _expected(url: str, articles: list[Article], scope: str = ""
              ) -> set[tuple[str, str, str, int]]:
    return {(url, a.title, f"tag:vn-news-aggregator,2025:{a.id}{scope}",
             int((a.published or a.fetched_at).timestamp()))  # type: ignore[union-attr]
            for a in articles}


def test_newsboat_reads_atom_and_rss_feeds(feed_server: FeedServer, reader: Reader,
                                           sites: list[SiteEntry],
                                           articles: list[Article]) -> None:
    _publish(feed_server, sites, articles)
    hue, vusta = feed_server.url + "province/hue.rss", feed_server.url + "source/vusta.atom"
    reader.subscribe([hue, vusta])
    reader.run("-x", "reload")
    in_hue = [a for a in articles if "hue" in a.provinces]
    in_vusta = [a for a in articles if a.site_id == "vusta"]
    assert reader.items() == _expected(hue, in_hue, "#province/hue") | \
        _expected(vusta, in_vusta)
    assert reader.run("-x", "print-unread").strip() == f"{len(in_hue) + len(in_vusta)} " \
                                                      "unread articles"


def test_newsboat_polls_with_conditional_gets_and_sees_new_articles(
        feed_server: FeedServer, reader: Reader, sites: list[SiteEntry], articles: list[Article],
        make_article: Callable[..., Article], caplog: pytest.LogCaptureFixture) -> None:
    _publish(feed_server, sites, articles)
    feed = feed_server.url + "province/lang-son.atom"
    reader.subscribe([feed])
    with caplog.at_level(logging.INFO, logger="aggregator.serve"):
        # newsboat 2.21 starts sending If-None-Match on its third poll (newsboat issue #2734).
        for _ in range(3):
            reader.run("-x", "reload")
        statuses = [record.getMessage().split('" ')[1].split()[0] for record in caplog.records]
        assert statuses[0] == "200" and statuses[-1] == "304"
        fresh = make_article(40, 300, title="Lạng Sơn mở lại chợ phiên Kỳ Lừa sau cải tạo")
        _publish(feed_server, sites, [*articles, fresh])
        reader.run("-x", "reload")
    assert caplog.records[-1].getMessage().split('" ')[1].startswith("200")
    in_lang_son = [a for a in articles if "lang-son" in a.provinces]
    assert reader.items() == _expected(feed, [*in_lang_son, fresh], "#province/lang-son")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """``aggregator serve`` (the real command) on a free loopback port: its folder and URL."""
    config = write_config(tmp_path, "")
    process = start_cli("serve", "--host", "127.0.0.1", "--port", "0", config=config)
    assert process.stdout is not None
    line = process.stdout.readline()  # "serving <folder> at <url> (Ctrl-C to stop)"
    try:
        assert line.startswith("serving "), line
        yield tmp_path / "public", line.split(" at ")[-1].split()[0]
    finally:
        process.terminate()
        process.communicate(timeout=30)


@pytest.mark.parametrize("opml", ["feeds.opml", "feeds-rss.opml"])
def test_every_feed_imported_from_an_opml_list_shows_its_entries(
        served: tuple[Path, str], reader: Reader, sites: list[SiteEntry],
        articles: list[Article], opml: str) -> None:
    """The README's way in: import the list, reload, and no feed with entries is (0/0).

    Each article is in four feeds (its site, units, kind, the merged one); newsboat keeps an
    id in one feed only, so this holds because ids are scoped per feed.
    """
    root, url = served
    publish(MemoryQuery(articles), sites, out_dir=root, base_url=url)
    reader.run("-i", str(root / opml))
    lines = reader.urls.read_text("utf-8").splitlines()
    imported = [line.split()[0] for line in lines]
    fmt = "atom" if opml == "feeds.opml" else "rss"
    published = sorted(p.relative_to(root).as_posix() for p in root.rglob(f"*.{fmt}")
                       if p.stem != "health")
    assert sorted(imported) == [url + path for path in published]  # each feed once
    assert f'{url}province/hue.{fmt} "Theo tỉnh, thành phố"' in lines  # folder -> tag
    reader.run("-x", "reload")
    shown = Counter(feed_url for feed_url, *_ in reader.items())
    for feed in imported:
        entries = feedparser.parse((root / feed.removeprefix(url)).read_bytes()).entries
        assert shown[feed] == len(entries), f"{feed}: {shown[feed]} of {len(entries)} shown"
    assert sum(1 for feed in imported if shown[feed]) == 9  # every feed but empty Cao Bằng's
