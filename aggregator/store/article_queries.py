"""Reading articles: newest first for feeds, by id, by full-text search, and counts."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import func, select

from aggregator.copy_sketch import Sketch, decode_sketch
from aggregator.schema import Article
from aggregator.search.index import FoldedText, IndexedDocument, SearchFilters
from aggregator.search.query import Query
from aggregator.store.base import StoreBase
from aggregator.store.batches import chunks
from aggregator.store.rows import ARTICLE_COLUMNS, article_from_row
from aggregator.store.tables import article_provinces, articles


class ArticleQueries(StoreBase):
    """Queries feeds, search and status make; implements the feed builder's ``ArticleQuery``."""

    def latest(self, *, limit: int, site_ids: Collection[str] | None = None,
               province: str | None = None, kind: str | None = None) -> list[Article]:
        """Newest first (publication time, then id), at most ``limit``; filters AND together."""
        query = select(*ARTICLE_COLUMNS)
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
            return [article_from_row(row) for row in conn.execute(query)]

    def search(self, query: Query, filters: SearchFilters | None = None, *,
               limit: int = 100) -> list[Article]:
        """Articles matching ``query`` (see :mod:`aggregator.search`), exact-diacritic
        matches first when the query has diacritics, newest first, at most ``limit``."""
        return self.get_many(self.search_ids(query, filters, limit=limit))

    def search_ids(self, query: Query, filters: SearchFilters | None = None, *,
                   limit: int = 100) -> list[str]:
        """The ids :meth:`search` would load, in its order."""
        with self.engine.connect() as conn:
            return self.search_index.search(conn, query, filters or SearchFilters(), limit)

    def folded_texts(self, article_ids: Sequence[str]) -> dict[str, FoldedText]:
        """The folded heading and body of those of ``article_ids`` the index holds."""
        with self.engine.connect() as conn:
            return self.search_index.folded(conn, article_ids)

    def rebuild_search_index(self, *, batch: int = 1000) -> int:
        """Index every stored article anew (``aggregator search --rebuild``); return how many.
        One transaction: searches see the old index until the new one is complete."""
        indexed = 0
        with self._transaction() as conn:
            self.search_index.clear(conn)
            after = ""
            while rows := list(conn.execute(select(*ARTICLE_COLUMNS).where(articles.c.id > after)
                                            .order_by(articles.c.id).limit(batch))):
                self.search_index.index(conn, [IndexedDocument.of(article_from_row(row), row.sort_ts)
                                               for row in rows])
                indexed += len(rows)
                after = rows[-1].id
        return indexed

    def get(self, article_id: str) -> Article | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(*ARTICLE_COLUMNS).where(articles.c.id == article_id)).first()
        return article_from_row(row) if row else None

    def get_many(self, article_ids: Sequence[str]) -> list[Article]:
        """The stored articles of ``article_ids``, in their order (ids of deleted ones skipped)."""
        found: dict[str, Article] = {}
        with self.engine.connect() as conn:
            for chunk in chunks(list(article_ids)):
                found.update((row.id, article_from_row(row)) for row in conn.execute(
                    select(*ARTICLE_COLUMNS).where(articles.c.id.in_(chunk))))
        return [found[article_id] for article_id in article_ids if article_id in found]

    def copy_sketches(self, candidates: Sequence[Article]) -> dict[str, Sketch]:
        """The stored copy sketches of ``candidates``, by id, where still theirs: stored for
        the same text (content hash) by code and an interpreter that make the same sketch
        (:func:`~aggregator.copy_sketch.decode_sketch`). Articles stored before the column
        existed have none; the caller computes what is missing."""
        hashes = {article.id: article.content_hash for article in candidates}
        found: dict[str, Sketch] = {}
        with self.engine.connect() as conn:
            for chunk in chunks(list(hashes)):
                for row in conn.execute(
                        select(articles.c.id, articles.c.content_hash, articles.c.copy_sketch)
                        .where(articles.c.id.in_(chunk), articles.c.copy_sketch.is_not(None))):
                    if row.content_hash == hashes[row.id] and \
                            (stored := decode_sketch(row.copy_sketch)) is not None:
                        found[row.id] = stored
        return found

    def count(self, *, site_id: str | None = None) -> int:
        query = select(func.count()).select_from(articles)
        if site_id is not None:
            query = query.where(articles.c.site_id == site_id)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def provinces_with_articles(self) -> set[str]:
        with self.engine.connect() as conn:
            return set(conn.execute(select(article_provinces.c.province).distinct()).scalars())
