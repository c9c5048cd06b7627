"""The store: upsert by stable id, ordering, province filtering, no duplicates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from aggregator import store as store_module
from aggregator.errors import ConfigError
from aggregator.schema import Article
from aggregator.store import ArticleStore, FetchRecord, SiteRun, Validators

VN = timezone(timedelta(hours=7))


def make(article_id: str, *, title: str = "Tiêu đề", day: int = 1, provinces=("hue",),
         site: str = "husta", kind: str = "federation") -> Article:
    return Article(
        id=article_id, site_id=site, site_kind=kind, url=f"https://x.vn/{article_id}",
        title=title, lead="Sapo", body_html="<p>Nội dung</p>", body_text="Nội dung",
        authors=("Cẩm Lai",), published=datetime(2026, 11, day, 8, 15, tzinfo=VN),
        provinces=provinces, fetched_at=datetime(2026, 11, 20, tzinfo=UTC),
    )


@pytest.fixture
def store(tmp_path: Path) -> ArticleStore:
    return ArticleStore(f"sqlite:///{tmp_path / 'a.db'}")


def test_upsert_counts_new_updated_unchanged(store: ArticleStore) -> None:
    assert store.upsert([make("husta/1"), make("husta/2")]).new == 2
    result = store.upsert([make("husta/1"), make("husta/2", title="Tiêu đề mới")])
    assert (result.new, result.updated, result.unchanged) == (0, 1, 1)
    assert store.count() == 2
    assert store.get("husta/2").title == "Tiêu đề mới"


def test_round_trip_keeps_offset_and_fields(store: ArticleStore) -> None:
    original = make("husta/1")
    store.upsert([original])
    loaded = store.get("husta/1")
    assert loaded == original
    assert loaded.published.utcoffset() == timedelta(hours=7)


def test_latest_orders_newest_first_and_filters(store: ArticleStore) -> None:
    store.upsert([
        make("husta/1", day=1),
        make("husta/2", day=3, provinces=("hue", "da-nang")),
        make("bao/3", day=2, provinces=("lang-son",), site="bao", kind="newspaper"),
    ])
    assert [a.id for a in store.latest(limit=10)] == ["husta/2", "bao/3", "husta/1"]
    assert [a.id for a in store.latest(limit=1)] == ["husta/2"]
    assert [a.id for a in store.latest(limit=10, province="da-nang")] == ["husta/2"]
    assert [a.id for a in store.latest(limit=10, kind="newspaper")] == ["bao/3"]
    assert [a.id for a in store.latest(limit=10, site_ids=["husta"])] == ["husta/2", "husta/1"]
    assert store.provinces_with_articles() == {"hue", "da-nang", "lang-son"}


def test_province_change_is_an_update(store: ArticleStore) -> None:
    store.upsert([make("husta/1", provinces=("hue",))])
    assert store.upsert([make("husta/1", provinces=("hue", "da-nang"))]).updated == 1
    assert [a.id for a in store.latest(limit=5, province="da-nang")] == ["husta/1"]


def test_site_runs_are_recorded_newest_first(store: ArticleStore) -> None:
    now = datetime(2026, 11, 20, tzinfo=UTC)
    store.record_site_runs([SiteRun("husta", now, now, requests=3, fetched=3, new=2)])
    store.record_site_runs([SiteRun("husta", now, now, errors=("HTTP 503 for x",))])
    runs = store.recent_site_runs("husta")
    assert [r.errors for r in runs] == [("HTTP 503 for x",), ()]
    assert runs[1].new == 2


def test_site_runs_keep_not_modified_and_skipped_known(store: ArticleStore) -> None:
    now = datetime(2026, 11, 20, tzinfo=UTC)
    store.record_site_runs([SiteRun("husta", now, now, requests=4, not_modified=3,
                                    skipped_known=12)])
    (run,) = store.recent_site_runs("husta")
    assert (run.fetched, run.not_modified, run.skipped_known) == (0, 3, 12)


# site_runs as created before incremental crawling added not_modified and skipped_known.
OLD_SITE_RUNS = """
CREATE TABLE site_runs (
    run_id INTEGER NOT NULL PRIMARY KEY,
    site_id VARCHAR(100) NOT NULL,
    started_at VARCHAR(40) NOT NULL,
    finished_at VARCHAR(40) NOT NULL,
    requests INTEGER NOT NULL,
    fetched INTEGER NOT NULL,
    new INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    errors TEXT NOT NULL
)"""


def test_a_database_made_before_the_new_run_columns_gains_them(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(OLD_SITE_RUNS)
        conn.exec_driver_sql(
            "INSERT INTO site_runs (site_id, started_at, finished_at, requests, fetched, new, "
            "updated, failed, errors) VALUES ('husta', '2026-11-20T00:00:00+00:00', "
            "'2026-11-20T00:01:00+00:00', 5, 5, 2, 0, 0, '[]')")
    engine.dispose()
    for _ in range(2):  # opening an upgraded database again changes nothing
        old = ArticleStore(url)
        (run,) = old.recent_site_runs("husta")
        assert (run.fetched, run.new, run.not_modified, run.skipped_known) == (5, 2, 0, 0)
        old.close()
    upgraded = ArticleStore(url)
    now = datetime(2026, 11, 21, tzinfo=UTC)
    upgraded.record_site_runs([SiteRun("husta", now, now, not_modified=2, skipped_known=7)])
    assert [(r.not_modified, r.skipped_known) for r in upgraded.recent_site_runs("husta")] == [
        (2, 7), (0, 0)]
    upgraded.close()


def test_unusable_database_url_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"storage\.url"):
        ArticleStore("nosuchdriver://x/y")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ConfigError, match="database folder"):
        ArticleStore(f"sqlite:///{blocker / 'sub' / 'a.db'}")


def test_revision_changes_only_with_content(store: ArticleStore) -> None:
    start = store.revision()
    store.upsert([make("husta/1")])
    after_insert = store.revision()
    store.upsert([make("husta/1")])
    assert start != after_insert == store.revision()
    now = datetime(2026, 11, 20, tzinfo=UTC)
    store.record_site_runs([SiteRun("husta", now, now)])
    assert store.revision() != after_insert


def test_fetch_state_round_trip_and_replace(store: ArticleStore) -> None:
    when = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    feed = "https://x.vn/rss/home.rss"
    store.record_fetches([
        FetchRecord(url=feed, site_id="husta", kind="feed", fetched_at=when, etag='"a1"',
                    last_modified="Mon, 30 Nov 2026 08:00:00 GMT"),
        FetchRecord(url="https://x.vn/bai-123.html", site_id="husta", kind="article",
                    fetched_at=when, article_id="husta/123", content_hash="h",
                    source_date=datetime(2026, 11, 20, tzinfo=UTC)),
        FetchRecord(url="https://y.vn/khac.html", site_id="other", kind="article", fetched_at=when),
    ])
    state = store.load_fetch_state("husta")
    assert state.validators == {feed: Validators("feed", '"a1"', "Mon, 30 Nov 2026 08:00:00 GMT")}
    version = int(datetime(2026, 11, 20, tzinfo=UTC).timestamp())
    assert state.known_urls == {"https://x.vn/bai-123.html": version}
    assert state.known_ids == {"husta/123": version}
    # A later fetch replaces the row (new validators; no feed date -> the fetch time counts).
    store.record_fetches([
        FetchRecord(url=feed, site_id="husta", kind="feed", fetched_at=when, etag='"b2"'),
        FetchRecord(url="https://x.vn/bai-123.html", site_id="husta", kind="article",
                    fetched_at=when, article_id="husta/123"),
    ])
    state = store.load_fetch_state("husta")
    assert state.validators[feed].etag == '"b2"' and state.validators[feed].last_modified is None
    assert state.known_urls["https://x.vn/bai-123.html"] == int(when.timestamp())


def test_articles_stored_before_fetch_state_count_as_known(store: ArticleStore) -> None:
    seen = datetime(2026, 11, 21, tzinfo=UTC)
    store.upsert([make("husta/1")], now=seen)
    state = store.load_fetch_state("husta")
    assert state.known_urls == {"https://x.vn/husta/1": int(seen.timestamp())}
    assert state.known_ids == {"husta/1": int(seen.timestamp())}
    assert store.load_fetch_state("vusta").known_urls == {}


def test_fetch_state_is_added_to_an_existing_database(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    store_module.metadata.create_all(engine, tables=[store_module.articles])
    engine.dispose()
    store = ArticleStore(f"sqlite:///{path}")
    store.record_fetches([FetchRecord(url="https://x.vn/", site_id="husta", kind="listing",
                                      fetched_at=datetime(2026, 11, 30, tzinfo=UTC))])
    assert store.load_fetch_state("husta").validators["https://x.vn/"].kind == "listing"


def test_record_fetches_in_large_batches(store: ArticleStore) -> None:
    when = datetime(2026, 11, 30, tzinfo=UTC)
    records = [FetchRecord(url=f"https://x.vn/bai-{n}.html", site_id="husta", kind="article",
                           fetched_at=when, article_id=f"husta/{n}") for n in range(1200)]
    store.record_fetches(records)
    store.record_fetches(records)
    assert len(store.load_fetch_state("husta").known_ids) == 1200


def test_mixed_batch_inserts_updates_and_keeps_first_seen(store: ArticleStore) -> None:
    first = datetime(2026, 11, 20, tzinfo=UTC)
    store.upsert([make("husta/1", provinces=("hue", "da-nang")), make("husta/2")], now=first)
    before = store.revision()
    # One batch: a new article, one whose province and date changed, one untouched.
    result = store.upsert([make("husta/3", provinces=("lang-son",)),
                           make("husta/1", day=5, provinces=("da-nang",)), make("husta/2")],
                          now=first + timedelta(days=1))
    assert (result.new, result.updated, result.unchanged) == (1, 1, 1)
    assert store.revision() != before
    assert store.get("husta/1") == make("husta/1", day=5, provinces=("da-nang",))
    assert store.get("husta/3") == make("husta/3", provinces=("lang-son",))
    assert [a.id for a in store.latest(limit=5, province="hue")] == ["husta/2"]
    assert [a.id for a in store.latest(limit=5, province="da-nang")] == ["husta/1"]
    assert [a.id for a in store.latest(limit=5)] == ["husta/1", "husta/3", "husta/2"]
    with store.engine.connect() as conn:
        seen = dict(conn.execute(select(store_module.articles.c.id,
                                        store_module.articles.c.first_seen_ts)).all())
        province_ts = conn.execute(select(store_module.article_provinces.c.sort_ts).where(
            store_module.article_provinces.c.article_id == "husta/1")).scalars().all()
    assert seen["husta/1"] == seen["husta/2"] == int(first.timestamp())
    assert seen["husta/3"] == int((first + timedelta(days=1)).timestamp())
    # The province rows follow the new publication date (the province feed's order).
    assert province_ts == [int(datetime(2026, 11, 5, 8, 15, tzinfo=VN).timestamp())]


def test_upsert_batches_larger_than_one_lookup(store: ArticleStore) -> None:
    batch = [make(f"husta/{n}", provinces=("hue", "hue", "da-nang")) for n in range(1200)]
    assert store.upsert(batch).new == 1200
    again = store.upsert(batch)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 1200)
    assert len(store.latest(limit=2000, province="hue")) == 1200
