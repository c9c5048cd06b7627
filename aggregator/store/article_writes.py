"""Writing articles: the upsert of each crawl batch, late fill-ups, and pruning by age.

Articles are upserted by their stable id inside one transaction per batch, so a crash mid-crawl
loses at most the batch in flight and never leaves a half-written row.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, Row, bindparam, func, select
from sqlalchemy.engine import Connection

from aggregator.copy_sketch import article_sketch, encode_sketch, sketch_marker
from aggregator.schema import Article
from aggregator.search.index import IndexedDocument
from aggregator.store.base import StoreBase, bump_revision
from aggregator.store.batches import chunks, update_many
from aggregator.store.rows import ARTICLE_COLUMNS, article_from_row, article_row
from aggregator.store.runs import record_freshness
from aggregator.store.tables import (
    article_freshness,
    article_provinces,
    articles,
    fetch_state,
    site_runs,
    store_revision,
)
from aggregator.store.values import iso, json_or_none, timestamp

PruneHook = Callable[[Connection, Sequence[str]], None]
"""Called inside the pruning transaction with the ids of the articles being deleted, so that
derived data (the search index) goes with them."""


@dataclass(frozen=True, slots=True)
class UpsertResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0


class ArticleWrites(StoreBase):
    """Upserts, fills and prunes articles with their province memberships and search index."""

    prune_hooks: list[PruneHook]
    """Run by :meth:`prune` for the articles it deletes (see :data:`PruneHook`)."""

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
                    row = article_row(article, first_seen_ts=seen_ts)
                    fresh.append(row)
                elif (old.content_hash != article.content_hash
                      or old.provinces != json.dumps(list(article.provinces), ensure_ascii=False)
                      or old.about_provinces != json_or_none(article.about_provinces)
                      or old.published != iso(article.published)):
                    row = article_row(article, first_seen_ts=old.first_seen_ts)
                    changed.append(row)
                else:
                    unchanged += 1
                    continue
                provinces.extend({"article_id": article.id, "province": slug, "sort_ts": row["sort_ts"]}
                                 for slug in dict.fromkeys(article.feed_provinces))
                indexed.append(IndexedDocument.of(article, row["sort_ts"]))
            if fresh:
                conn.execute(articles.insert(), fresh)
                record_freshness(conn, fresh, seen_ts)
            if changed:
                update_many(conn, articles.c.id, changed)
                conn.execute(article_provinces.delete()
                             .where(article_provinces.c.article_id == bindparam("key")),
                             [{"key": row["id"]} for row in changed])
            if provinces:
                conn.execute(article_provinces.insert(), provinces)
            self.search_index.index(conn, indexed)
            if fresh or changed:
                bump_revision(conn)
        return UpsertResult(new=len(fresh), updated=len(changed), unchanged=unchanged)

    def fill_about_provinces(self, decide: Callable[[Article], tuple[str, ...] | None], *,
                             batch: int = 500) -> int:
        """Determine ``about_provinces`` of the articles stored without it (by a version before
        province feeds followed aboutness), so that their province feeds follow the rule too;
        return how many were filled. ``decide`` returns None for an article it cannot judge
        (its site is no longer registered), which keeps its membership. After the first run
        this is one query that finds nothing."""
        filled = 0
        for rows in self._pages_without(articles.c.about_provinces, batch):
            decided = [(row, about) for row in rows
                       if (about := decide(article_from_row(row))) is not None]
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
                    IndexedDocument.of(article_from_row(row).with_changes(about_provinces=about),
                                       row.sort_ts) for row, about in decided])
                bump_revision(conn)
            filled += len(decided)
        return filled

    def fill_copy_sketches(self, *, batch: int = 500) -> int:
        """Store the copy sketch of the articles stored without one (by a version before
        sketches were stored, or by code that made other sketches: see
        :meth:`_forget_stale_sketches`), so that a publish reads theirs too instead of computing
        them each time; return how many were filled. Published bytes do not change, so the
        store's revision does not either. After the first run this is two queries that find
        nothing."""
        self._forget_stale_sketches()
        filled = 0
        for rows in self._pages_without(articles.c.copy_sketch, batch):
            with self._transaction() as conn:
                update_many(conn, articles.c.id, [
                    {"id": row.id,
                     "copy_sketch": encode_sketch(article_sketch(article_from_row(row)))}
                    for row in rows])
            filled += len(rows)
        return filled

    def _forget_stale_sketches(self) -> None:
        """Set back to NULL the copy sketches another version of the sketch code made (a
        publish ignores them and computes the sketch each time), so that they are filled
        again. The marker they were last checked against is kept with the
        store's revision, so the whole table is read only once per change of that code."""
        marker = sketch_marker()
        with self._transaction() as conn:
            checked = conn.execute(select(store_revision.c.copy_sketch_marker)
                                   .where(store_revision.c.id == 1)).scalar()
            if checked == marker:
                return
            conn.execute(articles.update()
                         .where(articles.c.copy_sketch.is_not(None),
                                func.substr(articles.c.copy_sketch, 1, len(marker)) != marker)
                         .values(copy_sketch=None))
            if not conn.execute(store_revision.update().where(store_revision.c.id == 1)
                                .values(copy_sketch_marker=marker)).rowcount:
                conn.execute(store_revision.insert().values(id=1, revision=0,
                                                            copy_sketch_marker=marker))

    def _pages_without(self, column: Column[Any], batch: int) -> Iterator[list[Row[Any]]]:
        """The article rows whose ``column`` is NULL, ``batch`` at a time in id order, each page
        read in its own short connection (a partial index on the NULLs makes the look cheap)."""
        after = ""
        while True:
            with self.engine.connect() as conn:
                rows = list(conn.execute(
                    select(*ARTICLE_COLUMNS).where(column.is_(None), articles.c.id > after)
                    .order_by(articles.c.id).limit(batch)))
            if not rows:
                return
            after = rows[-1].id
            yield rows

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
                bump_revision(conn)
            pruned += len(ids)

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
