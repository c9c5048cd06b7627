"""One cycle of the main job on a real SQLite store, with a stand-in crawl and a moved clock:
retention (store, feeds, search index), the schedule of due sites, freshness, and WebSub
pings to a tiny hub on 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qsl

from aggregator.commands.cycle import run_cycle
from aggregator.config import Config, load_config
from aggregator.freshness import site_freshness
from aggregator.registry import SiteEntry
from aggregator.schema import Article
from aggregator.search.query import parse_query
from aggregator.site_schedule import planned_runs
from aggregator.store import ArticleStore, SiteRun
from tests.loopback import LoopbackServer

NOW = datetime.now(UTC).replace(microsecond=0)


def write_config(tmp_path: Path, hub: str | None = None) -> Config:
    hub_line = f'websub_hub = "{hub}"\n' if hub else ""
    path = tmp_path / "aggregator.toml"
    path.write_text(
        "builtin_sites = false\nbuiltin_topics = false\n"
        f'[storage]\nurl = "sqlite:///{tmp_path / "store.db"}"\nkeep_days = 30\n'
        f'[publish]\ndir = "{tmp_path / "public"}"\nbase_url = "http://feeds.test/"\n{hub_line}'
        '[schedule]\nevery = "30m"\nmin_every = "10m"\nmax_every = "6h"\n'
        '[[sites]]\nid = "a"\nname = "Báo A"\nprovince = "lang-son"\nurl = "https://a.example.vn/"\n'
        '[[sites]]\nid = "b"\nname = "Báo B"\nprovince = "hue"\nurl = "https://b.example.vn/"\n',
        "utf-8")
    return load_config(str(path))


def article(site: str, number: int, published: datetime, word: str = "nông nghiệp") -> Article:
    return Article(id=f"{site}/{number}", site_id=site, site_kind="newspaper",
                   url=f"https://{site}.example.vn/bai-{number}.html",
                   title=f"Bài {number} về {word} của {site}", lead=f"Tin {word} số {number}.",
                   body_html=f"<p>Nội dung {word} {number}.</p>",
                   body_text=f"Nội dung {word} {number}.", published=published,
                   provinces=("lang-son",) if site == "a" else ("hue",), fetched_at=published)


class FakeCrawl:
    """Stores the articles queued for each site and records one run per crawled site."""

    def __init__(self, store: ArticleStore, clock: list[datetime]) -> None:
        self.store = store
        self.clock = clock
        self.queued: dict[str, list[Article]] = {}
        self.crawled: list[tuple[str, ...]] = []

    def __call__(self, sites: Sequence[SiteEntry]) -> bool:
        now = self.clock[0]
        self.crawled.append(tuple(site.id for site in sites))
        for site in sites:
            batch = self.queued.pop(site.id, [])
            result = self.store.upsert(batch, now=now)
            self.store.record_site_runs([SiteRun(site.id, now, now, requests=2, fetched=len(batch),
                                                 new=result.new, not_modified=1)])
        return True


def test_retention_prunes_old_articles_from_store_feeds_and_search(
        tmp_path: Path, store: ArticleStore) -> None:
    config = write_config(tmp_path)
    clock = [NOW]
    crawl = FakeCrawl(store, clock)
    crawl.queued["a"] = [article("a", 1, NOW - timedelta(days=40)),
                         article("a", 2, NOW - timedelta(days=29)),
                         article("a", 3, NOW - timedelta(hours=2))]
    report = run_cycle(config, config.sites, crawl, clock=lambda: clock[0], only_due=False)
    assert report is not None and report.retention.pruned == 1
    assert store.get("a/1") is None
    assert store.get("a/2") is not None and store.get("a/3") is not None
    feed = (tmp_path / "public" / "source" / "a.atom").read_text("utf-8")
    assert "bai-3.html" in feed and "bai-2.html" in feed and "bai-1.html" not in feed
    assert [hit.id for hit in store.search(parse_query("nong nghiep"))] == ["a/3", "a/2"]

    clock[0] = NOW + timedelta(days=2)  # two days on, "a/2" is older than keep_days too
    report = run_cycle(config, config.sites, crawl, clock=lambda: clock[0], only_due=False)
    assert report is not None and report.retention.pruned == 1
    assert store.get("a/2") is None and store.get("a/3") is not None
    assert "bai-2.html" not in (tmp_path / "public" / "source" / "a.atom").read_text("utf-8")


class Hub(BaseHTTPRequestHandler):
    """A WebSub hub that accepts every publish ping and remembers its form fields."""

    pings: ClassVar[list[list[tuple[str, str]]]] = []
    pinged: ClassVar[threading.Event] = threading.Event()

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        Hub.pings.append(parse_qsl(body))
        self.send_response(204)
        self.end_headers()
        Hub.pinged.set()

    def log_message(self, *_args: object) -> None:
        pass


def test_due_sites_freshness_and_websub_pings(tmp_path: Path, store: ArticleStore) -> None:
    with LoopbackServer(Hub) as hub:
        config = write_config(tmp_path, hub=hub.base + "/hub")
        clock = [NOW]
        crawl = FakeCrawl(store, clock)
        crawl.queued["a"] = [article("a", n, NOW - timedelta(hours=n)) for n in range(1, 6)]

        first = run_cycle(config, config.sites, crawl, clock=lambda: clock[0])
        assert first is not None and first.crawled == ("a", "b")  # never crawled: both due
        plans = planned_runs(store)
        assert set(plans) == {"a", "b"} and plans["a"].next_due > NOW
        assert Hub.pinged.wait(5)
        fields = Hub.pings[-1]
        assert ("hub.mode", "publish") in fields
        assert ("hub.url", "http://feeds.test/all.atom") in fields
        assert f'href="{hub.base}/hub" rel="hub"' in (tmp_path / "public" / "all.atom").read_text()
        assert f'"url":"{hub.base}/hub"' in (tmp_path / "public" / "all.json").read_text()
        # The first crawl's back catalogue is no measure of polling.
        assert site_freshness(store, "a").articles == 0

        assert run_cycle(config, config.sites, crawl, clock=lambda: clock[0]) is None  # none due
        pings = len(Hub.pings)

        clock[0] = NOW + timedelta(hours=7)  # past max_every: both due again
        crawl.queued["a"] = [article("a", 10, clock[0] - timedelta(minutes=10)),
                             article("a", 11, clock[0] - timedelta(minutes=30))]
        second = run_cycle(config, config.sites, crawl, clock=lambda: clock[0])
        assert second is not None and second.crawled == ("a", "b")
        assert second.decisions["b"].seconds > second.decisions["a"].seconds  # b publishes nothing
        freshness = site_freshness(store, "a")
        assert (freshness.articles, freshness.median, freshness.p90) == (2, 600, 1800)
        assert len(Hub.pings) == pings + 1
