"""The search index interface the store keeps current, and the backend chosen per database.

The store calls :meth:`SearchIndex.index` inside the transaction that writes the articles, so
the index never lags an upsert; deleting an article removes its index entry through the
database itself (a trigger on SQLite, a cascading foreign key on PostgreSQL), whoever deletes.
Searches return article ids only: the store loads the articles, so an id whose article is gone
is simply not shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from aggregator.schema import Article
from aggregator.search.folding import exact_offsets, fold_document
from aggregator.search.query import Query


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Restrictions combined with AND; within one field, any value matches (OR)."""

    provinces: tuple[str, ...] = ()
    """Province feeds (``Article.feed_provinces``): the same rule as ``province/<slug>.*``."""
    site_ids: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    since_ts: int | None = None
    """UTC timestamp: only articles published (else first seen) at or after it."""
    exact_first: bool = True
    """Rank exact-diacritic matches first (searches people read); False for feeds, which
    are newest first whatever the spelling."""


@dataclass(frozen=True, slots=True)
class FoldedText:
    """An article's text as the index holds it, in exact form (diacritics kept), in the two
    parts topic membership reads (:mod:`aggregator.search.topic_membership`): reading them back
    costs a fraction of folding the article again at every publish."""

    heading: str
    """Title and lead."""
    body: str


@dataclass(frozen=True, slots=True)
class IndexedDocument:
    """What the index keeps of one article: folded text, facets and its sort time."""

    article_id: str
    sort_ts: int
    exact: str
    loose: str
    heading_end: int
    """Where the title and lead end in ``loose`` (they begin it), a character offset: the same
    in ``exact`` but for a combining mark NFC could not compose (:func:`folded_text`)."""
    body_start: int
    """Where the body begins in ``loose`` (the tags lie between)."""
    provinces: tuple[str, ...]
    site_id: str
    kind: str

    @classmethod
    def of(cls, article: Article, sort_ts: int) -> IndexedDocument:
        """Title, lead, tags and body, folded; the facets feeds filter on."""
        exact, loose, spans = fold_document(article.title, article.lead, " ".join(article.tags),
                                            article.body_text)
        return cls(article.id, sort_ts, exact, loose, spans[1][1], spans[3][0],
                   tuple(dict.fromkeys(article.feed_provinces)), article.site_id,
                   article.site_kind)


def folded_text(exact: str, heading_end: int, body_start: int) -> FoldedText:
    """The heading and body within a document's exact text, given where they end and begin in
    its loose text (see :class:`IndexedDocument`)."""
    heading_end, body_start = exact_offsets(exact, heading_end, body_start)
    return FoldedText(exact[:heading_end], exact[body_start:])


class SearchIndex(Protocol):
    """One backend's index; every method runs on the caller's connection (its transaction)."""

    def ensure_schema(self, conn: Connection) -> bool:
        """Create the index tables if missing; True when they were just created."""
        ...

    def index(self, conn: Connection, documents: Sequence[IndexedDocument]) -> None:
        """Insert or replace the entries of ``documents``."""
        ...

    def clear(self, conn: Connection) -> None:
        """Remove every entry (before a rebuild)."""
        ...

    def search(self, conn: Connection, query: Query, filters: SearchFilters,
               limit: int) -> list[str]:
        """Matching article ids: exact-diacritic matches first when the query has
        diacritics, newest first within each group, at most ``limit``."""
        ...

    def folded(self, conn: Connection, article_ids: Sequence[str]) -> dict[str, FoldedText]:
        """The indexed text of those of ``article_ids`` the index holds."""
        ...


def search_index_for(engine: Engine) -> SearchIndex:
    """FTS5 on SQLite, tsvector/GIN on PostgreSQL; other databases are not supported."""
    if engine.dialect.name == "sqlite":
        from aggregator.search.sqlite_index import SqliteSearchIndex

        return SqliteSearchIndex()
    if engine.dialect.name == "postgresql":
        from aggregator.search.postgres_index import PostgresSearchIndex

        return PostgresSearchIndex()
    from aggregator.search.unsupported_index import UnsupportedSearchIndex

    return UnsupportedSearchIndex(engine.dialect.name)
