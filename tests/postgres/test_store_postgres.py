"""The ArticleStore API on a real PostgreSQL server (see conftest.py), where SQLite's leniency
does not apply: declared string lengths are enforced, a union's column types must match, and an
old database's ``site_runs`` has a SERIAL key."""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, inspect, select

from aggregator import store as store_module
from aggregator.schema import Article
from aggregator.store import FETCH_URL_MAX, ArticleStore, FetchRecord, SiteRun, Validators

VN = timezone(timedelta(hours=7))
SEEN = datetime(2026, 11, 20, tzinfo=UTC)


def make(article_id: str, *, title: str = "Hội thảo khoa học", day: int = 1,
         provinces: tuple[str, ...] = ("hue",), site: str = "husta",
         kind: str = "federation") -> Article:
    return Article(
        id=article_id, site_id=site, site_kind=kind,  # type: ignore[arg-type]
        url=f"https://{site}.vn/{article_id}.html", title=title,
        lead="Liên hiệp hội tổ chức hội thảo về chuyển đổi số.",
        body_html="<p>Các nhà khoa học trao đổi về ứng dụng công nghệ.</p>",
        body_text="Các nhà khoa học trao đổi về ứng dụng công nghệ.",
        authors=("Ngọc Ánh",), published=datetime(2026, 11, day, 8, 15, tzinfo=VN),
        provinces=provinces, tags=("khoa học", "chuyển đổi số"),
        fetched_at=datetime(2026, 11, 20, 1, 2, 3, tzinfo=UTC),
    )


@pytest.fixture
def store(pg_url: str) -> Iterator[ArticleStore]:
    store = ArticleStore(pg_url)
    yield store
    store.close()


def test_the_schema_is_created_on_postgresql(store: ArticleStore) -> None:
    assert store.engine.dialect.name == "postgresql"
    tables = set(inspect(store.engine).get_table_names())
    assert {"articles", "article_provinces", "store_revision", "site_runs", "fetch_state"} <= tables


def test_processes_opening_a_new_database_together_all_succeed(pg_url: str) -> None:
    """``aggregator run`` and ``serve`` started together on an empty database both create the
    schema; neither may fail because the other created a table first."""
    start = threading.Barrier(6)

    def open_store(_: int) -> int:
        start.wait()
        store = ArticleStore(pg_url)
        try:
            return store.count()
        finally:
            store.close()

    with ThreadPoolExecutor(6) as pool:
        assert list(pool.map(open_store, range(6))) == [0] * 6


def test_batched_upsert_counts_new_changed_and_unchanged(store: ArticleStore) -> None:
    # More ids than one look-up chunk, with a repeated province slug.
    batch = [make(f"husta/{n}", day=1 + n % 28, provinces=("hue", "hue", "da-nang"))
             for n in range(1200)]
    assert store.upsert(batch, now=SEEN) == store_module.UpsertResult(new=1200)
    edited = [make("husta/0", title="Hội thảo khoa học (cập nhật)"),
              make("husta/1", day=29, provinces=("lang-son",)),
              make("husta/2", day=3, provinces=("hue", "hue", "da-nang")),  # unchanged
              make("husta/new", day=2)]
    result = store.upsert(edited, now=SEEN + timedelta(days=1))
    assert (result.new, result.updated, result.unchanged) == (1, 2, 1)
    assert store.count() == 1201
    assert store.get("husta/0") == edited[0]
    assert store.get("husta/1") == edited[1]
    in_hue = {a.id for a in store.latest(limit=5000, province="hue")}
    assert len(in_hue) == 1200 and "husta/1" not in in_hue and "husta/new" in in_hue
    assert [a.id for a in store.latest(limit=5, province="lang-son")] == ["husta/1"]
    with store.engine.connect() as conn:
        seen = dict(conn.execute(select(store_module.articles.c.id,
                                        store_module.articles.c.first_seen_ts)).all())
    assert seen["husta/1"] == int(SEEN.timestamp())  # an update keeps its first-seen time
    assert seen["husta/new"] == int((SEEN + timedelta(days=1)).timestamp())


def test_latest_orders_newest_first_and_filters(store: ArticleStore) -> None:
    store.upsert([
        make("husta/1", day=1),
        make("husta/2", day=3, provinces=("hue", "da-nang")),
        make("baolangson/3", day=2, provinces=("lang-son",), site="baolangson", kind="newspaper"),
        make("husta/4", day=3),  # same time as husta/2: the id breaks the tie, descending
    ])
    assert [a.id for a in store.latest(limit=10)] == ["husta/4", "husta/2", "baolangson/3", "husta/1"]
    assert [a.id for a in store.latest(limit=2)] == ["husta/4", "husta/2"]
    assert [a.id for a in store.latest(limit=10, province="hue")] == ["husta/4", "husta/2", "husta/1"]
    assert [a.id for a in store.latest(limit=10, province="da-nang")] == ["husta/2"]
    assert [a.id for a in store.latest(limit=10, kind="newspaper")] == ["baolangson/3"]
    assert [a.id for a in store.latest(limit=10, site_ids=["baolangson"])] == ["baolangson/3"]
    assert [a.id for a in store.latest(limit=10, site_ids=["husta"], province="hue",
                                       kind="federation")] == ["husta/4", "husta/2", "husta/1"]
    assert store.latest(limit=10, site_ids=[]) == []
    assert store.latest(limit=10, province="ca-mau") == []


def test_get_count_and_provinces(store: ArticleStore) -> None:
    assert store.get("husta/1") is None and store.count() == 0
    store.upsert([make("husta/1", provinces=("hue", "da-nang")),
                  make("baolangson/2", provinces=("lang-son",), site="baolangson", kind="newspaper")])
    assert store.get("husta/1") == make("husta/1", provinces=("hue", "da-nang"))
    assert (store.count(), store.count(site_id="husta"), store.count(site_id="vusta")) == (2, 1, 0)
    assert store.provinces_with_articles() == {"hue", "da-nang", "lang-son"}


def test_revision_changes_with_content_and_runs_only(store: ArticleStore) -> None:
    assert store.revision() == "0"
    store.upsert([make("husta/1")])
    first = store.revision()
    store.upsert([make("husta/1")])
    assert first != "0" and store.revision() == first
    store.upsert([make("husta/1", title="Tiêu đề đã sửa")])
    second = store.revision()
    store.record_site_runs([SiteRun("husta", SEEN, SEEN)])
    assert len({"0", first, second, store.revision()}) == 4


def test_site_runs_newest_first_with_incremental_counters(store: ArticleStore) -> None:
    store.record_site_runs([SiteRun("husta", SEEN, SEEN + timedelta(minutes=1), requests=9,
                                    fetched=9, new=4, updated=1, failed=1,
                                    errors=("HTTP 503 cho /tin-tuc/",)),
                            SiteRun("vusta", SEEN, SEEN)])
    later = SEEN.astimezone(VN) + timedelta(hours=1)
    store.record_site_runs([SiteRun("husta", later, later, requests=4, not_modified=3,
                                    skipped_known=12)])
    newest, oldest = store.recent_site_runs("husta")
    assert (newest.not_modified, newest.skipped_known, newest.fetched) == (3, 12, 0)
    assert newest.started_at == later and newest.started_at.utcoffset() == timedelta(hours=7)
    assert (oldest.new, oldest.updated, oldest.failed, oldest.errors) == (
        4, 1, 1, ("HTTP 503 cho /tin-tuc/",))
    assert (oldest.not_modified, oldest.skipped_known) == (0, 0)
    assert [r.site_id for r in store.recent_site_runs("vusta")] == ["vusta"]
    assert len(store.recent_site_runs("husta", limit=1)) == 1


def test_fetch_state_round_trip_replace_and_legacy_articles(store: ArticleStore) -> None:
    when = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    feed = "https://husta.vn/rss/home.rss"
    store.record_fetches([
        FetchRecord(url=feed, site_id="husta", kind="feed", fetched_at=when, etag='W/"a1"',
                    last_modified="Mon, 30 Nov 2026 08:00:00 GMT"),
        FetchRecord(url="https://husta.vn/bai-123.html", site_id="husta", kind="article",
                    fetched_at=when, article_id="husta/123", content_hash="h",
                    source_date=datetime(2026, 11, 20, tzinfo=UTC)),
        FetchRecord(url="https://vusta.vn/khac.html", site_id="vusta", kind="article",
                    fetched_at=when),
    ])
    # An article stored before fetch state existed is known from its first-seen time.
    store.upsert([make("husta/7")], now=SEEN)
    state = store.load_fetch_state("husta")
    assert state.validators == {feed: Validators("feed", 'W/"a1"', "Mon, 30 Nov 2026 08:00:00 GMT")}
    source = int(datetime(2026, 11, 20, tzinfo=UTC).timestamp())
    assert state.known_urls == {"https://husta.vn/bai-123.html": source,
                                "https://husta.vn/husta/7.html": int(SEEN.timestamp())}
    assert state.known_ids == {"husta/123": source, "husta/7": int(SEEN.timestamp())}
    store.record_fetches([
        FetchRecord(url=feed, site_id="husta", kind="feed", fetched_at=when, etag='"b2"'),
        FetchRecord(url="https://husta.vn/bai-123.html", site_id="husta", kind="article",
                    fetched_at=when, article_id="husta/123"),
    ])
    state = store.load_fetch_state("husta")
    assert state.validators[feed] == Validators("feed", '"b2"', None)
    assert state.known_urls["https://husta.vn/bai-123.html"] == int(when.timestamp())
    assert store.load_fetch_state("nobody") == store_module.SiteFetchState()


def test_fetch_state_in_batches_larger_than_one_lookup(store: ArticleStore) -> None:
    records = [FetchRecord(url=f"https://husta.vn/bai-{n}.html", site_id="husta", kind="article",
                           fetched_at=SEEN, article_id=f"husta/{n}") for n in range(1200)]
    store.record_fetches(records)
    store.record_fetches(records)
    assert len(store.load_fetch_state("husta").known_ids) == 1200


# site_runs as SQLAlchemy created it on PostgreSQL before incremental crawling added the
# not_modified and skipped_known columns.
OLD_SITE_RUNS = """
CREATE TABLE site_runs (
    run_id SERIAL NOT NULL PRIMARY KEY,
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


def test_an_old_database_gains_the_new_site_run_columns(pg_url: str) -> None:
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(OLD_SITE_RUNS)
        conn.exec_driver_sql(
            "INSERT INTO site_runs (site_id, started_at, finished_at, requests, fetched, new, "
            "updated, failed, errors) VALUES ('husta', '2026-11-20T00:00:00+00:00', "
            "'2026-11-20T00:01:00+00:00', 5, 5, 2, 0, 0, '[]')")
    for _ in range(2):  # opening an upgraded database again changes nothing
        old = ArticleStore(pg_url)
        (run,) = old.recent_site_runs("husta")
        assert (run.fetched, run.new, run.not_modified, run.skipped_known) == (5, 2, 0, 0)
        old.close()
    columns = {c["name"]: c for c in inspect(engine).get_columns("site_runs")}
    assert not columns["not_modified"]["nullable"] and not columns["skipped_known"]["nullable"]
    engine.dispose()
    upgraded = ArticleStore(pg_url)
    upgraded.record_site_runs([SiteRun("husta", SEEN, SEEN, not_modified=2, skipped_known=7)])
    assert [(r.not_modified, r.skipped_known) for r in upgraded.recent_site_runs("husta")] == [
        (2, 7), (0, 0)]
    upgraded.close()


def test_datetimes_keep_their_offset(store: ArticleStore) -> None:
    article = make("husta/1").with_changes(
        published=datetime(2026, 11, 1, 23, 59, 59, 123456, tzinfo=VN),
        updated=datetime(2026, 11, 2, 6, 0, tzinfo=timezone(timedelta(hours=-5))))
    store.upsert([article])
    loaded = store.get("husta/1")
    assert loaded == article
    assert loaded is not None and loaded.published is not None and loaded.updated is not None
    assert loaded.published.utcoffset() == timedelta(hours=7)
    assert loaded.published.isoformat() == "2026-11-01T23:59:59.123456+07:00"
    assert loaded.updated.utcoffset() == timedelta(hours=-5)
    assert loaded.fetched_at is not None and loaded.fetched_at.utcoffset() == timedelta(0)


def test_vietnamese_text_round_trips_in_nfc(store: ArticleStore) -> None:
    title = "Tỉnh Thừa Thiên Huế: Hội nghị tổng kết hoạt động khoa học – công nghệ năm 2026"
    assert unicodedata.is_normalized("NFC", title)
    article = make("husta/1", title=title).with_changes(
        authors=("Nguyễn Thị Hường", "Trần Quốc Việt"), tags=("đổi mới sáng tạo", "Huế"))
    store.upsert([article])
    loaded = store.get("husta/1")
    assert loaded == article and loaded is not None
    assert loaded.title.encode("utf-8") == title.encode("utf-8")  # not decomposed on the way
    assert loaded.authors == ("Nguyễn Thị Hường", "Trần Quốc Việt")
    assert store.latest(limit=1, site_ids=["husta"])[0].tags == ("đổi mới sáng tạo", "Huế")


def test_long_ids_and_urls(store: ArticleStore) -> None:
    long_id = "husta/" + "9" * 294  # the id column's full 300 characters
    long_url = "https://husta.vn/" + "tin-tuc/" * 1000 + "bai.html"  # articles.url is TEXT
    article = make("husta/1").with_changes(id=long_id, url=long_url, image=long_url + "?anh=1")
    store.upsert([article], now=SEEN)
    assert store.get(long_id) == article
    listing = ("https://husta.vn/tin-tuc/?" + "trang=2&" * 300)[:FETCH_URL_MAX]
    too_long = listing + "x"  # Scrapy requests URLs of up to 2083 characters
    feed = "https://husta.vn/rss/home.rss"
    store.record_fetches([
        FetchRecord(url=listing, site_id="husta", kind="listing", fetched_at=SEEN, etag='"x"',
                    last_modified="Mon, 30 Nov 2026 08:00:00 GMT"),
        FetchRecord(url=too_long, site_id="husta", kind="listing", fetched_at=SEEN, etag='"y"'),
        FetchRecord(url=feed, site_id="husta", kind="feed", fetched_at=SEEN,
                    last_modified="không phải ngày giờ HTTP " * 5),
        FetchRecord(url=long_url, site_id="husta", kind="article", fetched_at=SEEN + timedelta(1),
                    article_id=long_id),
    ])
    state = store.load_fetch_state("husta")
    # What fits is kept; what does not is left out instead of failing the whole batch.
    assert state.validators == {
        listing: Validators("listing", '"x"', "Mon, 30 Nov 2026 08:00:00 GMT"),
        feed: Validators("feed", None, None)}
    # The over-long article URL stays known through the stored article itself.
    assert state.known_urls == {long_url: int(SEEN.timestamp())}
    assert state.known_ids == {long_id: int(SEEN.timestamp())}


# .NET's DateTime.MinValue, printed by some sites for an empty date, and a date past 2038.
FAR_DATES = [datetime(1, 1, 1, tzinfo=UTC), datetime(2040, 1, 1, 7, 0, tzinfo=VN)]


def test_timestamps_outside_32_bits_are_stored(store: ArticleStore) -> None:
    articles = [make(f"husta/{n}").with_changes(published=when)
                for n, when in enumerate(FAR_DATES)]
    store.upsert(articles, now=FAR_DATES[1])
    assert [a.id for a in store.latest(limit=5)] == ["husta/1", "husta/0"]
    assert store.get("husta/0") == articles[0]
    store.record_fetches([FetchRecord(url="https://husta.vn/bai-1.html", site_id="husta",
                                      kind="article", fetched_at=FAR_DATES[1],
                                      article_id="husta/9", source_date=FAR_DATES[0])])
    assert store.load_fetch_state("husta").known_ids["husta/9"] == int(FAR_DATES[0].timestamp())


TIMESTAMP_COLUMNS = [("articles", "sort_ts"), ("articles", "first_seen_ts"),
                     ("article_provinces", "sort_ts"), ("fetch_state", "fetched_ts"),
                     ("fetch_state", "source_ts")]


def test_an_old_database_gets_64_bit_timestamps(pg_url: str) -> None:
    old = ArticleStore(pg_url)
    old.upsert([make("husta/1")], now=SEEN)
    with old.engine.begin() as conn:  # as versions before BIGINT timestamps created them
        for table, column in TIMESTAMP_COLUMNS:
            conn.exec_driver_sql(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE INTEGER")
    old.close()
    upgraded = ArticleStore(pg_url)
    try:
        inspector = inspect(upgraded.engine)
        types = {(table, column["name"]): str(column["type"])
                 for table in {t for t, _ in TIMESTAMP_COLUMNS}
                 for column in inspector.get_columns(table)}
        assert [types[key] for key in TIMESTAMP_COLUMNS] == ["BIGINT"] * len(TIMESTAMP_COLUMNS)
        assert upgraded.get("husta/1") == make("husta/1")  # rows survive the rewrite
        upgraded.upsert([make("husta/2").with_changes(published=FAR_DATES[0])])
        assert [a.id for a in upgraded.latest(limit=5)] == ["husta/1", "husta/2"]
    finally:
        upgraded.close()
