"""health.atom for the operator, and each source's last successful crawl on index.html."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import lxml.html
from lxml import etree

from aggregator.registry import SiteEntry
from aggregator.schema import Article
from aggregator.store import ArticleStore
from feeds.health import succeeded, unproductive
from feeds.publish import publish
from tests.feeds.conftest import BASE_URL, HistoryQuery, crawl_runs

Factory = Callable[..., Article]


def _publish(out_dir: Path, sites: list[SiteEntry], articles: list[Article],
             runs: dict[str, list], **options: int) -> HistoryQuery:
    query = HistoryQuery(articles, runs)
    publish(query, sites, out_dir=out_dir, base_url=BASE_URL, **options)
    return query


def _health(out_dir: Path) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((out_dir / "health.atom").read_bytes())
    assert parsed.bozo == 0 and parsed.version == "atom10"
    return parsed


def test_outcome_rules() -> None:
    ok, new, down, empty = (crawl_runs("s", outcome)[0] for outcome in
                            ("ok", "new", "down", "empty"))
    assert [unproductive(r) for r in (ok, new, down, empty)] == [False, False, True, True]
    assert [succeeded(r) for r in (ok, new, down, empty)] == [True, False, False, False]


def test_site_failing_three_runs_in_a_row_gets_an_entry_with_its_errors(
        out_dir: Path, sites: list[SiteEntry], articles: list[Article]) -> None:
    _publish(out_dir, sites, articles, {
        "baohue": crawl_runs("baohue", "ok ok down empty down"),
        "baolangson": crawl_runs("baolangson", "down down ok"),
    })
    health = _health(out_dir)
    (entry,) = health.entries
    assert entry.title == "Báo Huế: 3 lần thu thập liên tiếp thất bại hoặc không có bài"
    assert entry.link == "https://baohue.vn/"
    assert entry.id == "tag:vn-news-aggregator,2025:health:baohue/2025-06-17T01:00:00+00:00"
    # The first bad run started, the last one finished: in Vietnam time like every feed date
    # (the id keeps the UTC form it always had, so an ongoing outage keeps its entry).
    assert entry.published == "2025-06-17T08:00:00+07:00"
    assert entry.updated == "2025-06-17T09:02:04+07:00"
    assert health.feed.updated == entry.updated
    assert entry.summary == "Lần thu thập thành công gần nhất: 17/06/2025 07:32."
    content = entry.content[0].value
    assert "Connection refused: https://example.vn/" in content
    assert "no article matched &lt;script&gt;selector&lt;/script&gt;" in content
    assert "<script>" not in content
    assert ("17/06/2025 09:02: tải 0 trang, 0 trang không đổi (304), 0 bài mới, "
            "0 bài cập nhật, 1 lỗi") in content
    assert [t.term for t in entry.tags] == ["baohue", "newspaper"]


def test_two_bad_runs_or_a_partial_success_are_not_reported(
        out_dir: Path, sites: list[SiteEntry], articles: list[Article]) -> None:
    _publish(out_dir, sites, articles, {
        "baohue": crawl_runs("baohue", "down down"),
        "baolangson": crawl_runs("baolangson", "down down new down"),
        "vusta": crawl_runs("vusta", "down down down"),
    }, failing_runs=4)
    assert _health(out_dir).entries == []
    _publish(out_dir, sites, articles, {"vusta": crawl_runs("vusta", "down down down")})
    assert [e.link for e in _health(out_dir).entries] == ["https://vusta.vn/"]


def test_an_outage_keeps_its_entry_id_and_a_new_outage_gets_a_new_one(
        out_dir: Path, sites: list[SiteEntry], articles: list[Article]) -> None:
    ids = []
    for history in ("ok down down down", "ok down down down down", "ok down down down ok",
                    "ok down down down ok down down down"):
        _publish(out_dir, sites, articles, {"baohue": crawl_runs("baohue", history)})
        ids.append([e.id for e in _health(out_dir).entries])
    assert ids[0] == ids[1] and len(ids[0]) == 1
    assert ids[2] == []
    assert ids[3] != ids[0] and len(ids[3]) == 1


def test_a_long_outage_is_read_back_to_the_last_success(
        out_dir: Path, sites: list[SiteEntry], articles: list[Article]) -> None:
    query = _publish(out_dir, sites, articles,
                     {"vusta": crawl_runs("vusta", "ok " + "down " * 120)})
    (entry,) = _health(out_dir).entries
    assert entry.title.startswith("Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam: 120 lần")
    assert entry.summary == "Lần thu thập thành công gần nhất: 17/06/2025 07:02."
    assert entry.content[0].value.count(": tải ") == 10  # only the latest runs are detailed
    assert max(query.limits) > 121


def test_site_that_never_succeeded(out_dir: Path, sites: list[SiteEntry],
                                   articles: list[Article]) -> None:
    _publish(out_dir, sites, articles, {"baocaobang": crawl_runs("baocaobang", "down " * 3)})
    (entry,) = _health(out_dir).entries
    assert entry.summary == "Chưa có lần thu thập thành công nào."


def test_health_is_not_offered_to_readers_and_errors_stay_out_of_reader_feeds(
        out_dir: Path, sites: list[SiteEntry], articles: list[Article]) -> None:
    _publish(out_dir, sites, articles, {"baohue": crawl_runs("baohue", "down down down")})
    opml = (out_dir / "feeds.opml").read_text("utf-8")
    assert "health" not in opml
    page = lxml.html.fromstring((out_dir / "index.html").read_bytes())
    assert not page.xpath("//main//a[contains(@href, 'health')]")
    assert page.xpath("//footer//a/@href") == [f"{BASE_URL}health.atom"]
    for path in out_dir.rglob("*"):
        if path.is_file() and path.name not in ("health.atom", ".publish-state"):
            assert "Connection refused" not in path.read_text("utf-8"), path


def test_index_shows_when_each_source_last_succeeded(
        out_dir: Path, sites: list[SiteEntry], articles: list[Article]) -> None:
    _publish(out_dir, sites, articles, {
        "baohue": crawl_runs("baohue", "ok ok down"),
        "baolangson": crawl_runs("baolangson", "new"),
    })
    page = lxml.html.fromstring((out_dir / "index.html").read_bytes())
    crawled = {
        li.xpath("string(span/a)"): li.xpath("string(.//span[@class='crawled'])")
        for li in page.xpath("//section[@id='nguon-tin']//li")
    }
    assert crawled == {
        "Báo Cao Bằng": "Thu thập thành công gần nhất: chưa có",
        "Báo Huế": "Thu thập thành công gần nhất: 17/06/2025 07:32",
        "Báo Lạng Sơn": "Thu thập thành công gần nhất: chưa có",
        "Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam": "Thu thập thành công gần nhất: chưa có",
    }
    (stamp,) = page.xpath("//section[@id='nguon-tin']//span[@class='crawled']/time/@datetime")
    assert datetime.fromisoformat(stamp) == datetime(2025, 6, 17, 0, 32, 1, tzinfo=UTC)


def test_index_without_crawl_history_shows_no_crawl_times(
        run_publish: Callable[..., object], articles: list[Article], out_dir: Path) -> None:
    run_publish(articles)
    page = lxml.html.fromstring((out_dir / "index.html").read_bytes())
    assert page.xpath("//section[@id='nguon-tin']//li")
    assert not page.xpath("//span[@class='crawled']")
    assert _health(out_dir).entries == []


def test_same_history_gives_the_same_bytes(out_dir: Path, sites: list[SiteEntry],
                                           articles: list[Article]) -> None:
    runs = {"baohue": crawl_runs("baohue", "ok down down down")}
    _publish(out_dir, sites, articles, runs)
    first = (out_dir / "health.atom").read_bytes()
    query = HistoryQuery(articles, runs)
    report = publish(query, sites, out_dir=out_dir, base_url=BASE_URL)
    assert report.written == []
    assert (out_dir / "health.atom").read_bytes() == first


def test_real_store_serves_articles_and_crawl_history(tmp_path: Path, sites: list[SiteEntry],
                                                      articles: list[Article]) -> None:
    store = ArticleStore(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        store.upsert(articles)
        for runs in (crawl_runs("baohue", "ok down down down"), crawl_runs("vusta", "ok")):
            store.record_site_runs(runs[::-1])
        out_dir = tmp_path / "public"
        publish(store, sites, out_dir=out_dir, base_url=BASE_URL)
    finally:
        store.close()
    assert [e.link for e in _health(out_dir).entries] == ["https://baohue.vn/"]
    assert len(feedparser.parse((out_dir / "all.atom").read_bytes()).entries) == len(articles)
    index = etree.fromstring((out_dir / "index.html").read_bytes())
    assert "Thu thập thành công gần nhất: 17/06/2025 07:02" in "".join(index.itertext())
