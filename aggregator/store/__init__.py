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
from typing import Any

from sqlalchemy import Integer, String, Text, bindparam, cast, func, literal, null, select, union_all
from sqlalchemy.engine import Connection

from aggregator.counters import run_increments
from aggregator.schema import Article
from aggregator.search.index import IndexedDocument, SearchFilters, search_index_for
from aggregator.search.query import Query
from aggregator.store.batches import chunks, update_many
from aggregator.store.engine import open_engine
from aggregator.store.tables import (
    FETCH_URL_MAX,
    LAST_MODIFIED_MAX,
    article_freshness,
    article_provinces,
    articles,
    fetch_state,
    metadata,
    metric_counters,
    site_runs,
    site_schedule,
    store_revision,
)
from aggregator.store.values import from_iso, iso, json_or_none, timestamp
from aggregator.urls import canonical_url

__all__ = [
    "FETCH_URL_MAX", "LAST_MODIFIED_MAX", "ArticleStore", "FetchRecord", "PruneHook",
    "SiteFetchState", "SiteRun", "UpsertResult", "Validators", "article_freshness",
    "article_provinces", "articles", "fetch_state", "metadata", "metric_counters", "open_engine",
    "site_runs", "site_schedule", "store_revision",
]

PruneHook = Callable[[Connection, Sequence[str]], None]
"""Called inside the pruning transaction with the ids of the articles being deleted, so that
derived data (the search index) goes with them."""


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
        seen_ts = timestamp(now or datetime.now(UTC))
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
                      or old.about_provinces != json_or_none(article.about_provinces)
                      or old.published != iso(article.published)):
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
                update_many(conn, articles.c.id, changed)
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
                update_many(conn, articles.c.id, [
                    {"id": row.id, "about_provinces": json_or_none(about)}
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
        for chunk in chunks(list(increments)):
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
        cutoff = timestamp(before)
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
        for chunk in chunks(ids):
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
            "published": iso(article.published),
            "updated": iso(article.updated),
            "provinces": json.dumps(list(article.provinces), ensure_ascii=False),
            "tags": json.dumps(list(article.tags), ensure_ascii=False),
            "image": article.image,
            "language": article.language,
            "fetched_at": iso(article.fetched_at),
            "content_hash": article.content_hash,
            "sort_ts": timestamp(when) if when else first_seen_ts,
            "first_seen_ts": first_seen_ts,
            "about_provinces": json_or_none(article.about_provinces),
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
            published=from_iso(row.published),
            updated=from_iso(row.updated),
            provinces=tuple(json.loads(row.provinces)),
            tags=tuple(json.loads(row.tags)),
            image=row.image,
            language=row.language,
            fetched_at=from_iso(row.fetched_at),
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
            for chunk in chunks(ids):
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
            "fetched_ts": timestamp(record.fetched_at),
            "article_id": record.article_id,
            "content_hash": record.content_hash,
            "source_ts": timestamp(record.source_date) if record.source_date else None,
        } for record in records if len(record.url) <= FETCH_URL_MAX}
        if not rows:
            return
        with self._transaction() as conn:
            existing: set[str] = set()
            for chunk in chunks(list(rows)):
                existing.update(conn.execute(select(fetch_state.c.url)
                                             .where(fetch_state.c.url.in_(chunk))).scalars())
            fresh = [row for url, row in rows.items() if url not in existing]
            if fresh:
                conn.execute(fetch_state.insert(), fresh)
            changed = [row for url, row in rows.items() if url in existing]
            if changed:
                update_many(conn, fetch_state.c.url, changed)
