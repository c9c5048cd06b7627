"""Publish state: unchanged feeds are not rendered again, and the result is still exact."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

import feeds.publish
import feeds.render_worker
import feeds.state
from aggregator.schema import Article
from feeds.publish import PublishReport
from feeds.state import STATE_FILE
from tests.feeds.conftest import (
    BASE_URL,
    PUBLISH_TIME,
    VN,
    HistoryQuery,
    MemoryQuery,
    crawl_runs,
    fixed_clock,
)

Publish = Callable[..., PublishReport]
Factory = Callable[..., Article]


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Counts documents rendered per feed path (all three formats count once each)."""
    counts: Counter[str] = Counter()
    for fmt, render in list(feeds.render_worker.RENDERERS.items()):
        def counting(meta, items, render=render):  # type: ignore[no-untyped-def]
            counts[meta.path] += 1
            return render(meta, items)
        monkeypatch.setitem(feeds.render_worker.RENDERERS, fmt, counting)
    yield counts


def _snapshot(out_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(out_dir).as_posix(): p.read_bytes() for p in out_dir.rglob("*")
            if p.is_file() and not p.name.startswith(".")}


def test_nothing_changed_renders_nothing(run_publish: Publish, articles: list[Article],
                                         renders: Counter[str]) -> None:
    first = run_publish(articles)
    assert renders["all"] == 3
    renders.clear()
    second = run_publish(articles)
    assert renders == Counter()
    assert second.written == []
    assert sorted(second.unchanged) == sorted(first.written)


def test_a_new_article_renders_only_the_feeds_it_is_in(
        run_publish: Publish, articles: list[Article], make_article: Factory,
        renders: Counter[str]) -> None:
    run_publish(articles)
    renders.clear()
    run_publish([*articles, make_article(7, 120, id="baohue/5600", site_id="baohue",
                                         provinces=("hue",))])
    # ... and the empty feeds, dated by the store's as-of time, which the article moved.
    assert set(renders) == {"all", "kind/newspaper", "province/hue", "source/baohue",
                            "source/baocaobang"}


def test_incremental_publish_equals_a_full_publish(
        run_publish: Publish, articles: list[Article], make_article: Factory,
        out_dir: Path, tmp_path: Path, sites: list) -> None:
    """The index page built partly from the saved state is the one a full publish writes."""
    run_publish(articles)
    changed = [*articles[1:], make_article(8, 200, title="Lạng Sơn đón đoàn công tác")]
    run_publish(changed)
    fresh = tmp_path / "fresh"
    feeds.publish.publish(MemoryQuery(changed), sites, out_dir=fresh, base_url=BASE_URL,
                          clock=fixed_clock())
    assert _snapshot(out_dir) == _snapshot(fresh)


def test_a_touched_or_missing_file_is_rendered_again(run_publish: Publish,
                                                     articles: list[Article], out_dir: Path,
                                                     renders: Counter[str]) -> None:
    run_publish(articles)
    good = (out_dir / "province/hue.rss").read_bytes()
    (out_dir / "province/hue.rss").write_bytes(b"<rss/>")
    (out_dir / "source/vusta.json").unlink()
    renders.clear()
    report = run_publish(articles)
    assert set(renders) == {"province/hue", "source/vusta"}
    assert {p.as_posix() for p in report.written} == {"province/hue.rss", "source/vusta.json"}
    assert (out_dir / "province/hue.rss").read_bytes() == good


@pytest.mark.parametrize("state", [b"", b"{not json", b'{"format": 1, "feeds": {"all": 3}}',
                                   b'{"format": 99, "feeds": {}}'])
def test_unreadable_state_means_a_full_publish(run_publish: Publish, articles: list[Article],
                                               out_dir: Path, renders: Counter[str],
                                               state: bytes) -> None:
    run_publish(articles)
    before = _snapshot(out_dir)
    (out_dir / STATE_FILE).write_bytes(state)
    renders.clear()
    report = run_publish(articles)
    assert renders["all"] == 3 and report.written == []
    assert _snapshot(out_dir) == before


def test_other_options_or_code_render_again(run_publish: Publish, articles: list[Article],
                                            renders: Counter[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    run_publish(articles)
    renders.clear()
    run_publish(articles, ttl_minutes=15)
    assert renders["province/hue"] == 3
    renders.clear()
    monkeypatch.setattr(feeds.state, "code_fingerprint", lambda: "another version")
    run_publish(articles, ttl_minutes=15)
    assert renders["province/hue"] == 3


def test_state_is_hidden_and_not_a_feed(run_publish: Publish, articles: list[Article],
                                        out_dir: Path) -> None:
    report = run_publish(articles)
    assert (out_dir / STATE_FILE).is_file()
    assert Path(STATE_FILE) not in report.written


class RevisionQuery(MemoryQuery):
    """A store that can tell it has not changed (``feeds.source.StoreRevision``)."""

    def __init__(self, articles: list[Article], revision: str) -> None:
        super().__init__(articles)
        self.current = revision
        self.reads = 0

    def revision(self) -> str:
        return self.current

    def latest(self, **filters):  # type: ignore[no-untyped-def]
        self.reads += 1
        return super().latest(**filters)


def test_same_store_revision_reads_nothing(articles: list[Article], out_dir: Path,
                                           sites: list) -> None:
    query = RevisionQuery(articles, "r1")
    first = feeds.publish.publish(query, sites, out_dir=out_dir, base_url=BASE_URL)
    query.reads = 0
    second = feeds.publish.publish(query, sites, out_dir=out_dir, base_url=BASE_URL)
    assert query.reads == 0
    assert second.written == [] and sorted(second.unchanged) == sorted(first.written)


def test_new_revision_or_touched_file_publishes_again(articles: list[Article], out_dir: Path,
                                                      sites: list,
                                                      make_article: Factory) -> None:
    query = RevisionQuery(articles, "r1")
    feeds.publish.publish(query, sites, out_dir=out_dir, base_url=BASE_URL)
    query.articles = [*articles, make_article(9, 300)]
    query.current = "r2"
    report = feeds.publish.publish(query, sites, out_dir=out_dir, base_url=BASE_URL)
    assert Path("province/lang-son.atom") in report.written
    (out_dir / "index.html").write_text("hỏng", "utf-8")
    report = feeds.publish.publish(query, sites, out_dir=out_dir, base_url=BASE_URL)
    assert report.written == [Path("index.html")]
    assert query.reads > 0


def _updated(out_dir: Path, name: str) -> str:
    root = etree.parse(str(out_dir / name)).getroot()
    return root.findtext("{http://www.w3.org/2005/Atom}updated") or ""


def _index_stamp(out_dir: Path) -> str:
    page = lxml.html.fromstring((out_dir / "index.html").read_bytes())
    return str(page.xpath("string(//footer//time/@datetime)"))


LATER = datetime(2025, 6, 19, 7, 30, tzinfo=VN)
AS_OF = "2025-06-17T15:05:00+07:00"
"""The fixture store's newest article date (article 3's update): it has no crawl history."""


def test_dates_without_entries_come_from_the_store_not_the_clock(
        run_publish: Publish, articles: list[Article], out_dir: Path, tmp_path: Path,
        sites: list) -> None:
    """An empty feed, the healthy health feed and the index page are dated by the store's
    as-of time, so two publishes of one store at different times give the same bytes."""
    run_publish(articles)
    assert _updated(out_dir, "source/baocaobang.atom") == AS_OF  # never 1970
    assert _updated(out_dir, "health.atom") == AS_OF
    assert _index_stamp(out_dir) == AS_OF
    later = tmp_path / "later"
    feeds.publish.publish(MemoryQuery(articles), sites, out_dir=later, base_url=BASE_URL,
                          clock=fixed_clock(LATER))
    assert _snapshot(later) == _snapshot(out_dir)


def test_the_latest_crawl_dates_them_when_the_store_has_history(
        articles: list[Article], out_dir: Path, sites: list) -> None:
    runs = {"baohue": crawl_runs("baohue", "ok ok"), "vusta": crawl_runs("vusta", "ok")}
    feeds.publish.publish(HistoryQuery(articles, runs), sites, out_dir=out_dir,
                          base_url=BASE_URL)
    latest_crawl = "2025-06-17T07:32:01+07:00"  # baohue's second run ended 00:32:01 UTC
    assert _updated(out_dir, "source/baocaobang.atom") == latest_crawl
    assert _updated(out_dir, "health.atom") == latest_crawl
    assert _index_stamp(out_dir) == latest_crawl


def test_a_feed_that_becomes_empty_takes_the_new_as_of_date(
        run_publish: Publish, articles: list[Article], make_article: Factory,
        out_dir: Path) -> None:
    run_publish(articles)
    fresh = make_article(20, 600)  # 18:00 on 17/6
    report = run_publish([*[a for a in articles if a.site_id != "vusta"], fresh])
    assert "source/vusta.atom" in {p.as_posix() for p in report.written}
    assert _updated(out_dir, "source/vusta.atom") == "2025-06-17T18:00:00+07:00"
    assert _updated(out_dir, "source/baocaobang.atom") == "2025-06-17T18:00:00+07:00"
    assert _index_stamp(out_dir) == "2025-06-17T18:00:00+07:00"
    assert json.loads((out_dir / "source/vusta.json").read_text("utf-8"))["items"] == []


@pytest.mark.parametrize("lose_state", [False, True], ids=["state", "state-lost"])
def test_an_empty_store_is_dated_by_the_clock_once(run_publish: Publish, out_dir: Path,
                                                   lose_state: bool) -> None:
    """Nothing crawled, nothing stored: the first publish's time, kept by later publishes
    (read back from the files), so they rewrite nothing."""
    run_publish([])
    before = _snapshot(out_dir)
    assert _updated(out_dir, "province/hue.atom") == PUBLISH_TIME.isoformat()
    assert _index_stamp(out_dir) == PUBLISH_TIME.isoformat()
    if lose_state:
        (out_dir / STATE_FILE).unlink()
    assert run_publish([], clock=fixed_clock(LATER)).written == []
    assert _snapshot(out_dir) == before
