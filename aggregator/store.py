"""Article store on SQLAlchemy Core: SQLite by default, any SQLAlchemy URL (e.g. PostgreSQL).

Articles are upserted by their stable id inside one transaction per batch, so a crash mid-crawl
loses at most the batch in flight and never leaves a half-written row. Datetimes are kept as
ISO 8601 text (to keep the page's own +07:00 offset) next to an integer UTC timestamp used for
ordering and filtering.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Engine,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    cast,
    create_engine,
    event,
    func,
    inspect,
    literal,
    null,
    select,
    text,
    union_all,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.schema import CreateColumn

from aggregator.counters import run_increments
from aggregator.errors import ConfigError
from aggregator.schema import Article
from aggregator.search.index import IndexedDocument, SearchFilters, search_index_for
from aggregator.search.query import Query
from aggregator.urls import canonical_url

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", String(300), primary_key=True),
    Column("site_id", String(100), nullable=False),
    Column("site_kind", String(20), nullable=False),
    Column("url", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("lead", Text, nullable=False),
    Column("body_html", Text, nullable=False),
    Column("body_text", Text, nullable=False),
    Column("authors", Text, nullable=False),
    Column("published", String(40)),
    Column("updated", String(40)),
    Column("provinces", Text, nullable=False),
    Column("tags", Text, nullable=False),
    Column("image", Text),
    Column("language", String(20), nullable=False),
    Column("fetched_at", String(40)),
    Column("content_hash", String(64), nullable=False),
    # Timestamps are BIGINT: PostgreSQL's INTEGER ends in 2038 and cannot hold the year 1 of
    # .NET's empty date, which some sites print (SQLite integers are 64-bit whatever the type).
    Column("sort_ts", BigInteger, nullable=False),
    Column("first_seen_ts", BigInteger, nullable=False),
    # Added with province feeds by aboutness; NULL (rows stored before) = not determined.
    Column("about_provinces", Text, nullable=True),
    Index("ix_articles_sort", "sort_ts", "id"),
    Index("ix_articles_site_sort", "site_id", "sort_ts"),
    Index("ix_articles_kind_sort", "site_kind", "sort_ts"),
    # Partial: only articles whose feed provinces are not determined yet (stored by an older
    # version), so the crawl's look for them costs nothing once they are all placed.
    Index("ix_articles_about_unknown", "id", sqlite_where=text("about_provinces IS NULL"),
          postgresql_where=text("about_provinces IS NULL")),
)

article_provinces = Table(
    "article_provinces",
    metadata,
    Column("article_id", String(300), primary_key=True),
    Column("province", String(40), primary_key=True),
    Column("sort_ts", BigInteger, nullable=False),
    Index("ix_article_provinces_sort", "province", "sort_ts", "article_id"),
)

store_revision = Table(
    "store_revision",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("revision", Integer, nullable=False),
)

site_runs = Table(
    "site_runs",
    metadata,
    Column("run_id", Integer, primary_key=True, autoincrement=True),
    Column("site_id", String(100), nullable=False),
    Column("started_at", String(40), nullable=False),
    Column("finished_at", String(40), nullable=False),
    Column("requests", Integer, nullable=False),
    Column("fetched", Integer, nullable=False),
    Column("new", Integer, nullable=False),
    Column("updated", Integer, nullable=False),
    Column("failed", Integer, nullable=False),
    Column("errors", Text, nullable=False),
    # Added with incremental crawling: a default, so databases made before can gain them.
    Column("not_modified", Integer, nullable=False, server_default=text("0")),
    Column("skipped_known", Integer, nullable=False, server_default=text("0")),
    # Added with crawl stats: the run's drops, fix-ups and fallbacks (aggregator.crawl_stats).
    Column("stats", Text, nullable=False, server_default=text("'{}'")),
    Index("ix_site_runs_site", "site_id", "run_id"),
)

FETCH_URL_MAX = 2048
"""Longest URL fetch state keeps (Scrapy lets through up to 2083 characters)."""
LAST_MODIFIED_MAX = 64
"""Longest ``Last-Modified`` kept; an HTTP date has 29 characters."""

fetch_state = Table(
    "fetch_state",
    metadata,
    Column("url", String(FETCH_URL_MAX), primary_key=True),
    Column("site_id", String(100), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("etag", Text),
    Column("last_modified", String(LAST_MODIFIED_MAX)),
    Column("fetched_at", String(40), nullable=False),
    Column("fetched_ts", BigInteger, nullable=False),
    Column("article_id", String(300)),
    Column("content_hash", String(64)),
    Column("source_ts", BigInteger),
    Index("ix_fetch_state_site", "site_id", "kind"),
)
"""What the crawler fetched, keyed by (canonical) URL: the HTTP validators of feeds, sitemaps
and listings for conditional GETs, and for article pages the article they became and the
feed/sitemap date of the version fetched (``source_ts``), so unchanged articles are not
downloaded again."""

site_schedule = Table(
    "site_schedule",
    metadata,
    Column("site_id", String(100), primary_key=True),
    Column("next_due_ts", BigInteger, nullable=False),
    Column("interval_s", Integer, nullable=False),
    Column("reason", Text, nullable=False),
)
"""When ``aggregator run`` crawls each site next, the adaptive interval that led there and why
(:mod:`aggregator.polling`); kept in the store so a restart keeps every site's schedule."""

article_freshness = Table(
    "article_freshness",
    metadata,
    Column("article_id", String(300), primary_key=True),
    Column("site_id", String(100), nullable=False),
    Column("published_ts", BigInteger, nullable=False),
    Column("stored_ts", BigInteger, nullable=False),
    Column("feed_ts", BigInteger),
    Index("ix_article_freshness_site", "site_id", "stored_ts"),
    Index("ix_article_freshness_feed", "feed_ts"),
)
"""Per new article: publication, storing and first publish (``feed_ts``) times, for the delay
figures of ``status`` and ``/metrics`` (:mod:`aggregator.freshness`). Only articles that
appeared after the site's first crawl: that crawl's back catalogue says nothing about polling."""

metric_counters = Table(
    "metric_counters",
    metadata,
    Column("key", String(300), primary_key=True),
    Column("value", Float, nullable=False),
)
"""Monotonic counters for ``/metrics`` (:mod:`aggregator.counters`)."""

PruneHook = Callable[[Connection, Sequence[str]], None]
"""Called inside the pruning transaction with the ids of the articles being deleted, so that
derived data (the search index) goes with them."""

# SQLite refuses statements with too many bound parameters; look-ups are chunked below this.
_IN_CHUNK = 500
_SCHEMA_LOCK_KEY = 0x6167677265676174
"""PostgreSQL advisory lock key (any constant; this one spells "aggregat")."""


@dataclass(frozen=True, slots=True)
class FetchRecord:
    """One fetch to remember; ``kind`` is feed, sitemap, sitemapindex, listing or article."""

    url: str
    site_id: str
    kind: str
    fetched_at: datetime
    etag: str | None = None
    last_modified: str | None = None
    article_id: str | None = None
    content_hash: str | None = None
    source_date: datetime | None = None
    """The date the feed or sitemap gave for this article when it was fetched."""


@dataclass(frozen=True, slots=True)
class Validators:
    """What a conditional GET of an index page sends back (``If-None-Match``/``-Modified-Since``)."""

    kind: str
    etag: str | None
    last_modified: str | None


@dataclass(slots=True)
class SiteFetchState:
    """Everything the spider of one site needs from earlier runs, loaded in one query.

    ``known_urls``/``known_ids`` map an article's canonical URL (``aggregator.urls``) / stable
    id to the UTC timestamp of the version we hold: the feed date it was fetched under, else
    when it was fetched (articles stored before fetch state existed count from when they were
    first seen).
    """

    validators: dict[str, Validators] = field(default_factory=dict)
    known_urls: dict[str, int] = field(default_factory=dict)
    known_ids: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class UpsertResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True, slots=True)
class SiteRun:
    """Per-site figures of one crawl, as printed by ``aggregator crawl`` and kept for health."""

    site_id: str
    started_at: datetime
    finished_at: datetime
    requests: int = 0
    fetched: int = 0
    new: int = 0
    updated: int = 0
    failed: int = 0
    errors: tuple[str, ...] = ()
    not_modified: int = 0
    """Feeds, sitemaps and listings answered 304: the site was reached and had nothing new."""
    skipped_known: int = 0
    """Article links not downloaded because the store already held their current version."""
    stats: Mapping[str, int] = field(default_factory=dict)
    """Every other figure of the run (drops, fix-ups, fallbacks, extraction sources), by the
    names of :mod:`aggregator.crawl_stats`."""


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _from_iso(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _json_or_none(values: Sequence[str] | None) -> str | None:
    return json.dumps(list(values), ensure_ascii=False) if values is not None else None


def _timestamp(value: datetime) -> int:
    return int(value.timestamp())


def _enable_sqlite_wal(dbapi_connection: Any, _record: Any) -> None:
    """WAL + busy timeout: readers (publish, serve) never block the crawl's writes."""
    cursor = dbapi_connection.cursor()
    # Only takes effect in a new database: space freed by retention is then given back to the
    # file system in small steps (``reclaim_space``) instead of by a VACUUM that locks the store.
    cursor.execute("PRAGMA auto_vacuum=INCREMENTAL")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def open_engine(url: str) -> Engine:
    """Create the engine and the schema; a bad URL or unreachable database is a ConfigError."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError(f"invalid database URL {url!r}: {exc}", key="storage.url") from None
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        try:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"cannot create the database folder for {url!r}: {exc.strerror}",
                              key="storage.url") from None
    try:
        engine = create_engine(parsed)
    except Exception as exc:  # missing driver, bad options: all are the user's config problem
        raise ConfigError(f"cannot use database URL {url!r}: {exc}", key="storage.url") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _enable_sqlite_wal)
    try:
        with _schema_lock(engine):
            metadata.create_all(engine)
            _add_missing_columns(engine)
            _add_missing_indexes(engine)
            _widen_timestamps(engine)
    except SQLAlchemyError as exc:
        reason = str(exc.orig if hasattr(exc, "orig") else exc).splitlines()[0]
        raise ConfigError(f"cannot open database {parsed.render_as_string()!r}: {reason}",
                          key="storage.url") from None
    return engine


@contextmanager
def _schema_lock(engine: Engine) -> Iterator[None]:
    """On PostgreSQL, one process at a time creates or upgrades the schema.

    ``create_all`` checks for each table, then creates it: two processes opening a new database
    together (``aggregator run`` and ``serve`` started by one systemd target) would both create
    it, and one would fail. An advisory lock, held on a connection of its own, makes the second
    wait and then find the tables. SQLite's file lock already serializes the DDL.
    """
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as conn:
        conn.execute(select(func.pg_advisory_lock(_SCHEMA_LOCK_KEY)))
        try:
            yield
        finally:
            conn.execute(select(func.pg_advisory_unlock(_SCHEMA_LOCK_KEY)))
            conn.commit()


def _add_missing_columns(engine: Engine) -> None:
    """Add the columns a database made by an older version lacks (``create_all`` only creates
    missing tables). Every column added after a table's first release has a server default or
    is nullable, so ``ALTER TABLE ... ADD COLUMN`` works on SQLite and PostgreSQL and fills the
    existing rows."""
    def columns(table: Table) -> set[str]:
        return {column["name"] for column in inspect(engine).get_columns(table.name)}

    preparer = engine.dialect.identifier_preparer
    for table in metadata.sorted_tables:
        present = columns(table)
        for column in table.columns:
            if column.name in present:
                continue
            ddl = CreateColumn(column).compile(dialect=engine.dialect)
            try:
                with engine.begin() as conn:
                    conn.execute(text(f"ALTER TABLE {preparer.format_table(table)} ADD COLUMN {ddl}"))
            except SQLAlchemyError:
                if column.name not in columns(table):  # else another process just added it
                    raise


def _add_missing_indexes(engine: Engine) -> None:
    """Create the indexes a database made by an older version lacks (``create_all`` creates an
    index only together with its table)."""
    for table in metadata.sorted_tables:
        present = {index["name"] for index in inspect(engine).get_indexes(table.name)}
        for index in table.indexes:
            if index.name in present:
                continue
            try:
                index.create(engine)
            except SQLAlchemyError:
                if index.name not in {i["name"] for i in inspect(engine).get_indexes(table.name)}:
                    raise  # else another process just created it


def _widen_timestamps(engine: Engine) -> None:
    """Turn the INTEGER timestamp columns of a PostgreSQL database made by an older version into
    BIGINT (one table rewrite, once). SQLite needs nothing: its integers are all 64-bit; other
    databases spell the change differently and are left alone."""
    if engine.dialect.name != "postgresql":
        return
    preparer = engine.dialect.identifier_preparer
    for table in metadata.sorted_tables:
        wide = {column.name for column in table.columns if isinstance(column.type, BigInteger)}
        narrow = [column["name"] for column in inspect(engine).get_columns(table.name)
                  if column["name"] in wide and not isinstance(column["type"], BigInteger)]
        if narrow:
            with engine.begin() as conn:
                conn.execute(text(f"ALTER TABLE {preparer.format_table(table)} " + ", ".join(
                    f"ALTER COLUMN {preparer.quote(name)} TYPE BIGINT" for name in narrow)))


def _chunks(values: list[str]) -> Iterator[list[str]]:
    """``values`` in slices of :data:`_IN_CHUNK`, for ``IN`` look-ups SQLite accepts."""
    for start in range(0, len(values), _IN_CHUNK):
        yield values[start:start + _IN_CHUNK]


def _update_many(conn: Connection, key: Column[Any], rows: list[dict[str, Any]]) -> None:
    """Update ``rows`` (full rows, matched on their ``key`` column) in one executemany: the SET
    clause comes from each dict's other keys."""
    conn.execute(key.table.update().where(key == bindparam("key")),
                 [{**{k: v for k, v in row.items() if k != key.name}, "key": row[key.name]}
                  for row in rows])


class ArticleStore:
    """Upserts and queries articles; implements the feed builder's ``ArticleQuery``."""

    def __init__(self, url: str) -> None:
        self.engine = open_engine(url)
        self.prune_hooks: list[PruneHook] = []
        """Run by :meth:`prune` for the articles it deletes (see :data:`PruneHook`)."""
        self.search_index = search_index_for(self.engine)
        with self._transaction() as conn:
            created = self.search_index.ensure_schema(conn)
        if created and self.count():  # a database from before search: index it once
            self.rebuild_search_index()

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        with self.engine.begin() as connection:
            yield connection

    def upsert(self, batch: Iterable[Article], *, now: datetime | None = None) -> UpsertResult:
        """Insert new articles, update changed ones (content hash, provinces, feed provinces or
        publication date differ), in one transaction. Province feeds list an article under its
        ``feed_provinces`` (table ``article_provinces``).

        ``first_seen_ts`` survives updates, so an edited article keeps its place in feeds. Rows
        are written with one executemany per statement: a statement per article (compiled and
        executed each time) made inserts and updates ~4x slower (bench/store_upsert.py).
        """
        items = {article.id: article for article in batch}
        if not items:
            return UpsertResult()
        seen_ts = _timestamp(now or datetime.now(UTC))
        fresh: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        provinces: list[dict[str, Any]] = []
        indexed: list[IndexedDocument] = []
        unchanged = 0
        with self._transaction() as conn:
            existing = self._existing(conn, list(items))
            for article in items.values():
                old = existing.get(article.id)
                if old is None:
                    row = self._row(article, first_seen_ts=seen_ts)
                    fresh.append(row)
                elif (old.content_hash != article.content_hash
                      or old.provinces != json.dumps(list(article.provinces), ensure_ascii=False)
                      or old.about_provinces != _json_or_none(article.about_provinces)
                      or old.published != _iso(article.published)):
                    row = self._row(article, first_seen_ts=old.first_seen_ts)
                    changed.append(row)
                else:
                    unchanged += 1
                    continue
                provinces.extend({"article_id": article.id, "province": slug, "sort_ts": row["sort_ts"]}
                                 for slug in dict.fromkeys(article.feed_provinces))
                indexed.append(IndexedDocument.of(article, row["sort_ts"]))
            if fresh:
                conn.execute(articles.insert(), fresh)
                self._record_freshness(conn, fresh, seen_ts)
            if changed:
                _update_many(conn, articles.c.id, changed)
                conn.execute(article_provinces.delete()
                             .where(article_provinces.c.article_id == bindparam("key")),
                             [{"key": row["id"]} for row in changed])
            if provinces:
                conn.execute(article_provinces.insert(), provinces)
            self.search_index.index(conn, indexed)
            if fresh or changed:
                self._bump_revision(conn)
        return UpsertResult(new=len(fresh), updated=len(changed), unchanged=unchanged)

    def fill_about_provinces(self, decide: Callable[[Article], tuple[str, ...] | None], *,
                             batch: int = 500) -> int:
        """Determine ``about_provinces`` of the articles stored without it (by a version before
        province feeds followed aboutness), so that their province feeds follow the rule too;
        return how many were filled. ``decide`` returns None for an article it cannot judge
        (its site is no longer registered), which keeps its membership. After the first run
        this is one query that finds nothing."""
        filled = 0
        after = ""
        while True:
            with self.engine.connect() as conn:
                rows = list(conn.execute(
                    select(articles).where(articles.c.about_provinces.is_(None),
                                           articles.c.id > after)
                    .order_by(articles.c.id).limit(batch)))
            if not rows:
                return filled
            after = rows[-1].id
            decided = [(row, about) for row in rows
                       if (about := decide(self._article(row))) is not None]
            if not decided:
                continue
            with self._transaction() as conn:
                _update_many(conn, articles.c.id, [
                    {"id": row.id, "about_provinces": _json_or_none(about)}
                    for row, about in decided])
                conn.execute(article_provinces.delete()
                             .where(article_provinces.c.article_id == bindparam("key")),
                             [{"key": row.id} for row, _ in decided])
                memberships = [{"article_id": row.id, "province": slug, "sort_ts": row.sort_ts}
                               for row, about in decided for slug in dict.fromkeys(about)]
                if memberships:
                    conn.execute(article_provinces.insert(), memberships)
                self.search_index.index(conn, [
                    IndexedDocument.of(self._article(row).with_changes(about_provinces=about),
                                       row.sort_ts) for row, about in decided])
                self._bump_revision(conn)
            filled += len(decided)

    @staticmethod
    def _record_freshness(conn: Connection, fresh: list[dict[str, Any]], stored_ts: int) -> None:
        """Remember when each new, dated article was stored, unless its site was never crawled
        before (a first crawl stores the site's back catalogue)."""
        sites = {row["site_id"] for row in fresh if row["published"]}
        if not sites:
            return
        crawled = set(conn.execute(select(site_runs.c.site_id).distinct()
                                   .where(site_runs.c.site_id.in_(sites))).scalars())
        rows = [{"article_id": row["id"], "site_id": row["site_id"], "published_ts": row["sort_ts"],
                 "stored_ts": stored_ts, "feed_ts": None}
                for row in fresh if row["published"] and row["site_id"] in crawled]
        if rows:
            conn.execute(article_freshness.insert(), rows)

    @staticmethod
    def bump_counters(conn: Connection, increments: dict[str, float]) -> None:
        """Add ``increments`` to the counters of ``metric_counters``, creating missing ones."""
        if not increments:
            return
        present: set[str] = set()
        for chunk in _chunks(list(increments)):
            present.update(conn.execute(select(metric_counters.c.key)
                                        .where(metric_counters.c.key.in_(chunk))).scalars())
        fresh = [{"key": name, "value": value} for name, value in increments.items()
                 if name not in present]
        if fresh:
            conn.execute(metric_counters.insert(), fresh)
        grown = [{"name": name, "amount": value} for name, value in increments.items()
                 if name in present]
        if grown:
            conn.execute(metric_counters.update()
                         .where(metric_counters.c.key == bindparam("name"))
                         .values(value=metric_counters.c.value + bindparam("amount")), grown)

    def prune(self, before: datetime, *, batch: int = 500) -> int:
        """Delete the articles published (else first seen) before ``before``, with their
        province memberships, fetch state, freshness records and whatever :attr:`prune_hooks`
        remove, and crawl runs finished before it; return how many articles went.

        One short transaction per ``batch`` articles, so a crawl writing meanwhile waits
        for one batch at most. The revision is bumped, so the next publish drops them from
        the feeds.
        """
        cutoff = _timestamp(before)
        pruned = 0
        while True:
            with self._transaction() as conn:
                ids = list(conn.execute(select(articles.c.id).where(articles.c.sort_ts < cutoff)
                                        .order_by(articles.c.sort_ts).limit(batch)).scalars())
                if not ids:
                    conn.execute(site_runs.delete().where(
                        site_runs.c.finished_at < before.astimezone(UTC).isoformat()))
                    return pruned
                for hook in self.prune_hooks:
                    hook(conn, ids)
                for table, column in ((article_provinces, article_provinces.c.article_id),
                                      (article_freshness, article_freshness.c.article_id),
                                      (fetch_state, fetch_state.c.article_id),
                                      (articles, articles.c.id)):
                    conn.execute(table.delete().where(column.in_(ids)))
                self._bump_revision(conn)
            pruned += len(ids)

    def reclaim_space(self, *, pages: int = 1000, steps: int = 100) -> int:
        """Give free pages back to the file system, ``pages`` per transaction (SQLite in
        incremental auto-vacuum mode only; elsewhere freed space is simply reused); return the
        pages freed. Each step is one short write transaction, so crawls are never blocked for
        long. A database made before retention stays in its mode: SQLite reuses its free pages
        for new rows, so it does not grow, though it does not shrink either."""
        if self.engine.dialect.name != "sqlite":
            return 0
        freed = 0
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            if cursor.execute("PRAGMA auto_vacuum").fetchone()[0] != 2:
                return 0
            for _ in range(steps):
                free = int(cursor.execute("PRAGMA freelist_count").fetchone()[0])
                if not free:
                    break
                # sqlite3's execute() steps this pragma once, freeing one page; executescript
                # runs it to completion (and in its own transaction).
                cursor.executescript(f"PRAGMA incremental_vacuum({pages})")
                freed += min(free, pages)
            if freed:  # a passive checkpoint waits for nobody; the file shrinks when it ends
                cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            raw.close()
        return freed

    def size_bytes(self) -> int | None:
        """Bytes the database uses (SQLite: pages in use; PostgreSQL: the database's size)."""
        with self.engine.connect() as conn:
            if self.engine.dialect.name == "sqlite":
                pages = conn.exec_driver_sql("PRAGMA page_count").scalar() or 0
                free = conn.exec_driver_sql("PRAGMA freelist_count").scalar() or 0
                size = conn.exec_driver_sql("PRAGMA page_size").scalar() or 0
                return (int(pages) - int(free)) * int(size)
            if self.engine.dialect.name == "postgresql":
                return int(conn.execute(select(func.pg_database_size(func.current_database())))
                           .scalar_one())
        return None

    @staticmethod
    def _existing(conn: Connection, ids: list[str]) -> dict[str, Any]:
        """What upsert compares against, for those of ``ids`` already stored."""
        existing: dict[str, Any] = {}
        for chunk in _chunks(ids):
            existing.update((row.id, row) for row in conn.execute(
                select(articles.c.id, articles.c.content_hash, articles.c.first_seen_ts,
                       articles.c.provinces, articles.c.about_provinces, articles.c.published)
                .where(articles.c.id.in_(chunk))))
        return existing

    @staticmethod
    def _bump_revision(conn: Connection) -> None:
        """Count every change, so publishing can tell "nothing changed" without reading."""
        changed = conn.execute(store_revision.update().where(store_revision.c.id == 1)
                               .values(revision=store_revision.c.revision + 1)).rowcount
        if not changed:
            conn.execute(store_revision.insert().values(id=1, revision=1))

    def revision(self) -> str:
        """Changes whenever an article is inserted or updated or a crawl run is recorded."""
        with self.engine.connect() as conn:
            value = conn.execute(select(store_revision.c.revision)
                                 .where(store_revision.c.id == 1)).scalar()
        return str(value or 0)

    @staticmethod
    def _row(article: Article, *, first_seen_ts: int) -> dict[str, Any]:
        when = article.published or article.fetched_at
        return {
            "id": article.id,
            "site_id": article.site_id,
            "site_kind": article.site_kind,
            "url": article.url,
            "title": article.title,
            "lead": article.lead,
            "body_html": article.body_html,
            "body_text": article.body_text,
            "authors": json.dumps(list(article.authors), ensure_ascii=False),
            "published": _iso(article.published),
            "updated": _iso(article.updated),
            "provinces": json.dumps(list(article.provinces), ensure_ascii=False),
            "tags": json.dumps(list(article.tags), ensure_ascii=False),
            "image": article.image,
            "language": article.language,
            "fetched_at": _iso(article.fetched_at),
            "content_hash": article.content_hash,
            "sort_ts": _timestamp(when) if when else first_seen_ts,
            "first_seen_ts": first_seen_ts,
            "about_provinces": _json_or_none(article.about_provinces),
        }

    @staticmethod
    def _article(row: Any) -> Article:
        return Article(
            id=row.id,
            site_id=row.site_id,
            site_kind=row.site_kind,
            url=row.url,
            title=row.title,
            lead=row.lead,
            body_html=row.body_html,
            body_text=row.body_text,
            authors=tuple(json.loads(row.authors)),
            published=_from_iso(row.published),
            updated=_from_iso(row.updated),
            provinces=tuple(json.loads(row.provinces)),
            tags=tuple(json.loads(row.tags)),
            image=row.image,
            language=row.language,
            fetched_at=_from_iso(row.fetched_at),
            content_hash=row.content_hash,
            about_provinces=(tuple(json.loads(row.about_provinces))
                             if row.about_provinces is not None else None),
        )

    def latest(self, *, limit: int, site_ids: Collection[str] | None = None,
               province: str | None = None, kind: str | None = None) -> list[Article]:
        """Newest first (publication time, then id), at most ``limit``; filters AND together."""
        query = select(articles)
        order = (articles.c.sort_ts.desc(), articles.c.id.desc())
        if province is not None:
            query = query.join(article_provinces,
                               article_provinces.c.article_id == articles.c.id).where(
                article_provinces.c.province == province)
            # Ordering on the join table lets SQLite walk its (province, sort_ts) index
            # instead of sorting every article of the province.
            order = (article_provinces.c.sort_ts.desc(), article_provinces.c.article_id.desc())
        if site_ids is not None:
            query = query.where(articles.c.site_id.in_(list(site_ids)))
        if kind is not None:
            query = query.where(articles.c.site_kind == kind)
        query = query.order_by(*order).limit(limit)
        with self.engine.connect() as conn:
            return [self._article(row) for row in conn.execute(query)]

    def search(self, query: Query, filters: SearchFilters | None = None, *,
               limit: int = 100) -> list[Article]:
        """Articles matching ``query`` (see :mod:`aggregator.search`), exact-diacritic
        matches first when the query has diacritics, newest first, at most ``limit``."""
        with self.engine.connect() as conn:
            ids = self.search_index.search(conn, query, filters or SearchFilters(), limit)
            found: dict[str, Article] = {}
            for chunk in _chunks(ids):
                found.update((row.id, self._article(row)) for row in conn.execute(
                    select(articles).where(articles.c.id.in_(chunk))))
        return [found[article_id] for article_id in ids if article_id in found]

    def rebuild_search_index(self, *, batch: int = 1000) -> int:
        """Index every stored article anew (``aggregator search --rebuild``); return how many.
        One transaction: searches see the old index until the new one is complete."""
        indexed = 0
        with self._transaction() as conn:
            self.search_index.clear(conn)
            after = ""
            while rows := list(conn.execute(select(articles).where(articles.c.id > after)
                                            .order_by(articles.c.id).limit(batch))):
                self.search_index.index(conn, [IndexedDocument.of(self._article(row), row.sort_ts)
                                               for row in rows])
                indexed += len(rows)
                after = rows[-1].id
        return indexed

    def get(self, article_id: str) -> Article | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(articles).where(articles.c.id == article_id)).first()
        return self._article(row) if row else None

    def count(self, *, site_id: str | None = None) -> int:
        query = select(func.count()).select_from(articles)
        if site_id is not None:
            query = query.where(articles.c.site_id == site_id)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def provinces_with_articles(self) -> set[str]:
        with self.engine.connect() as conn:
            return set(conn.execute(select(article_provinces.c.province).distinct()).scalars())

    def record_site_runs(self, runs: Sequence[SiteRun]) -> None:
        """Keep per-site crawl figures (health reporting and ``last success`` come from here)."""
        if not runs:
            return
        with self._transaction() as conn:
            conn.execute(site_runs.insert(), [
                {
                    "site_id": run.site_id,
                    "started_at": run.started_at.isoformat(),
                    "finished_at": run.finished_at.isoformat(),
                    "requests": run.requests,
                    "fetched": run.fetched,
                    "new": run.new,
                    "updated": run.updated,
                    "failed": run.failed,
                    "errors": json.dumps(list(run.errors), ensure_ascii=False),
                    "not_modified": run.not_modified,
                    "skipped_known": run.skipped_known,
                    "stats": json.dumps(dict(run.stats), sort_keys=True),
                }
                for run in runs
            ])
            self.bump_counters(conn, run_increments(runs))
            self._bump_revision(conn)

    def recent_site_runs(self, site_id: str, *, limit: int = 10) -> list[SiteRun]:
        """The site's latest runs, newest first."""
        query = (select(site_runs).where(site_runs.c.site_id == site_id)
                 .order_by(site_runs.c.run_id.desc()).limit(limit))
        with self.engine.connect() as conn:
            return [
                SiteRun(
                    site_id=row.site_id,
                    started_at=datetime.fromisoformat(row.started_at),
                    finished_at=datetime.fromisoformat(row.finished_at),
                    requests=row.requests,
                    fetched=row.fetched,
                    new=row.new,
                    updated=row.updated,
                    failed=row.failed,
                    errors=tuple(json.loads(row.errors)),
                    not_modified=row.not_modified,
                    skipped_known=row.skipped_known,
                    stats=json.loads(row.stats),
                )
                for row in conn.execute(query)
            ]

    def load_fetch_state(self, site_id: str) -> SiteFetchState:
        """Validators and known articles of ``site_id`` from one query over fetch state and
        the articles table (the latter covers databases filled before fetch state existed)."""
        recorded = select(
            fetch_state.c.kind, fetch_state.c.url, fetch_state.c.etag,
            fetch_state.c.last_modified, fetch_state.c.article_id,
            func.coalesce(fetch_state.c.source_ts, fetch_state.c.fetched_ts).label("version_ts"),
            literal(1, Integer).label("recorded"),
        ).where(fetch_state.c.site_id == site_id)
        stored = select(
            cast(literal("article"), String(20)), articles.c.url, cast(null(), Text),
            cast(null(), String(64)), articles.c.id, articles.c.first_seen_ts,
            literal(0, Integer),
        ).where(articles.c.site_id == site_id)
        state = SiteFetchState()
        legacy = []
        with self.engine.connect() as conn:
            for row in conn.execute(union_all(recorded, stored)):
                if not row.recorded:
                    legacy.append(row)
                elif row.kind == "article":
                    state.known_urls[row.url] = row.version_ts
                    if row.article_id:
                        state.known_ids[row.article_id] = row.version_ts
                else:
                    state.validators[row.url] = Validators(row.kind, row.etag, row.last_modified)
        for row in legacy:
            state.known_urls.setdefault(canonical_url(row.url), row.version_ts)
            state.known_ids.setdefault(row.article_id, row.version_ts)
        return state

    def record_fetches(self, records: Iterable[FetchRecord]) -> None:
        """Insert or replace fetch state for ``records`` (last one per URL wins), in one
        transaction: the spider calls this in batches, never per request.

        A value longer than its column is not kept: PostgreSQL, unlike SQLite, would reject it
        and the whole batch with it. A URL over :data:`FETCH_URL_MAX` is not remembered (the
        page is fetched again next run); a ``Last-Modified`` over :data:`LAST_MODIFIED_MAX` is
        no HTTP date, and is dropped.
        """
        rows = {record.url: {
            "url": record.url,
            "site_id": record.site_id,
            "kind": record.kind,
            "etag": record.etag,
            "last_modified": (record.last_modified
                              if len(record.last_modified or "") <= LAST_MODIFIED_MAX else None),
            "fetched_at": record.fetched_at.isoformat(),
            "fetched_ts": _timestamp(record.fetched_at),
            "article_id": record.article_id,
            "content_hash": record.content_hash,
            "source_ts": _timestamp(record.source_date) if record.source_date else None,
        } for record in records if len(record.url) <= FETCH_URL_MAX}
        if not rows:
            return
        with self._transaction() as conn:
            existing: set[str] = set()
            for chunk in _chunks(list(rows)):
                existing.update(conn.execute(select(fetch_state.c.url)
                                             .where(fetch_state.c.url.in_(chunk))).scalars())
            fresh = [row for url, row in rows.items() if url not in existing]
            if fresh:
                conn.execute(fetch_state.insert(), fresh)
            changed = [row for url, row in rows.items() if url in existing]
            if changed:
                _update_many(conn, fetch_state.c.url, changed)
