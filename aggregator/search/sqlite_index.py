"""The search index on SQLite: one FTS5 table whose rowid orders documents by time.

Columns ``loose`` and ``exact`` hold the folded text as space-separated tokens (folding is
ours, so the tokenizer only splits on spaces and keeps diacritics); ``facets`` holds tokens
such as ``p_lang-son``, ``s_baolangson``, ``k_newspaper``, so province, site and kind filters
are part of the MATCH expression. The rowid is the article's sort time shifted left 20 bits
plus 20 bits of its id's CRC: FTS5 walks rowids in order, so "newest first, LIMIT n" stops
after n matches instead of sorting every match, which keeps a common word as fast as a rare
one. ``search_docs`` maps article ids to rowids (to replace an entry, and to return ids) and
holds where the heading and the body lie in the text, which topic membership reads from the
``exact`` column (:class:`FoldedText`).
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from aggregator.search.index import FoldedText, IndexedDocument, SearchFilters, folded_text
from aggregator.search.query import Phrase, Query

_ID_BITS = 20
_ID_MASK = (1 << _ID_BITS) - 1
_CHUNK = 500
"""Ids per ``IN`` list (SQLite limits bound parameters)."""

_OLD_SCHEMA = ("DROP TRIGGER IF EXISTS search_docs_article_deleted",
               "DROP TABLE IF EXISTS search_fts", "DROP TABLE IF EXISTS search_docs")
"""Removes an index made before ``search_docs`` held the parts' boundaries, to be rebuilt."""

# Statements over a batch's ids take them as one JSON array (json_each), so each is one
# statement compiled once, not one per batch with a parameter per id.
_REMOVE = (
    text("DELETE FROM search_fts WHERE rowid IN (SELECT doc FROM search_docs "
         "WHERE article_id IN (SELECT value FROM json_each(:ids)))"),
    text("DELETE FROM search_docs WHERE article_id IN (SELECT value FROM json_each(:ids))"),
)
"""Removes the entries of the articles whose ids are given."""
_TAKEN = text("SELECT doc FROM search_docs WHERE doc IN (SELECT value FROM json_each(:docs))")
"""Which of the given rowids are taken."""

_MERGING = {"automerge": 16, "crisismerge": 64}
"""FTS5's merging of the segment each commit writes (stored in the index, so an older index
gets them when opened): a level's segments are merged once there are 16 of them, not 4, so
each entry is rewritten at about half as many levels; crisismerge 64 keeps a level of 16 from
being merged whole in one commit (0.6 s at 100,000 articles with the default 16). Upserting
100,000 generated articles in the crawl's batches of 50, two runs alternated: 1,273 -> 1,540
articles/s (CPU 683 -> 529 us each), slowest batch 0.18 -> 0.14 s; queries then read more
segments: bench/search.py's 60 queries p50 2.1 -> 3.4 ms, p95 3.6 -> 5.6 ms (target 50 ms)."""

_SCHEMA = (
    # tokenchars: facet tokens keep their "-" and "_"; the text columns never contain them.
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(loose, exact, facets, "
    "tokenize = \"unicode61 remove_diacritics 0 tokenchars '-_'\")",
    "CREATE TABLE IF NOT EXISTS search_docs (article_id TEXT PRIMARY KEY, "
    "doc INTEGER NOT NULL UNIQUE, heading_end INTEGER NOT NULL, body_start INTEGER NOT NULL) "
    "WITHOUT ROWID",
    "CREATE TRIGGER IF NOT EXISTS search_docs_article_deleted AFTER DELETE ON articles BEGIN "
    "DELETE FROM search_fts WHERE rowid IN "
    "(SELECT doc FROM search_docs WHERE article_id = OLD.id); "
    "DELETE FROM search_docs WHERE article_id = OLD.id; END",
)


def facet_tokens(document: IndexedDocument) -> str:
    return " ".join([*(f"p_{slug}" for slug in document.provinces), f"s_{document.site_id}",
                     f"k_{document.kind}"])


def _phrase(phrase: Phrase, exact: bool) -> str:
    return '"' + " ".join(phrase.exact if exact else phrase.loose) + '"'


def _clauses(query: Query, *, exact: bool) -> str:
    column = "exact" if exact else "loose"
    clauses = ("(" + " OR ".join(_phrase(p, exact) for p in clause) + ")"
               for clause in query.clauses)
    return f"{column} : (" + " AND ".join(clauses) + ")"


def _quoted(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _facets(filters: SearchFilters) -> list[str]:
    groups = [[f"p_{slug}" for slug in filters.provinces],
              [f"s_{site}" for site in filters.site_ids],
              [f"k_{kind}" for kind in filters.kinds]]
    return ["facets : (" + " OR ".join(map(_quoted, group)) + ")" for group in groups if group]


def match_expressions(query: Query, filters: SearchFilters) -> list[str]:
    """The FTS5 MATCH expression of each ranking tier, best first: with diacritics in the
    query, exact-form matches, then the other loose matches; else just the loose matches."""
    restrictions = _facets(filters)
    excluded = ("loose : (" + " OR ".join(_phrase(p, False) for p in query.excluded) + ")"
                if query.excluded else None)

    def tier(expression: str) -> str:
        expression = " AND ".join([f"({expression})", *restrictions])
        return f"({expression}) NOT ({excluded})" if excluded else expression

    loose = _clauses(query, exact=False)
    if not (query.has_diacritics and filters.exact_first):
        return [tier(loose)]
    exact = _clauses(query, exact=True)
    return [tier(exact), tier(f"({loose}) NOT ({exact})")]


class SqliteSearchIndex:
    """:class:`aggregator.search.index.SearchIndex` on SQLite FTS5."""

    def ensure_schema(self, conn: Connection) -> bool:
        existed = conn.execute(text(
            "SELECT 1 FROM sqlite_master WHERE name = 'search_fts'")).first() is not None
        if existed and "body_start" not in conn.execute(text(
                "SELECT name FROM pragma_table_info('search_docs')")).scalars().all():
            for statement in _OLD_SCHEMA:
                conn.execute(text(statement))
            existed = False
        for statement in _SCHEMA:
            conn.execute(text(statement))
        self._set_merging(conn)
        return not existed

    def index(self, conn: Connection, documents: Sequence[IndexedDocument]) -> None:
        if not documents:
            return
        ids = json.dumps([document.article_id for document in documents])
        for statement in _REMOVE:
            conn.execute(statement, {"ids": ids})
        docs = self._free_rowids(conn, documents)
        conn.exec_driver_sql("INSERT INTO search_docs (article_id, doc, heading_end, body_start) "
                             "VALUES (?, ?, ?, ?)",
                             [(d.article_id, doc, d.heading_end, d.body_start)
                              for d, doc in zip(documents, docs, strict=True)])
        conn.exec_driver_sql("INSERT INTO search_fts (rowid, loose, exact, facets) "
                             "VALUES (?, ?, ?, ?)",
                             [(doc, d.loose, d.exact, facet_tokens(d))
                              for d, doc in zip(documents, docs, strict=True)])

    def clear(self, conn: Connection) -> None:
        conn.execute(text("DELETE FROM search_fts"))
        conn.execute(text("DELETE FROM search_docs"))

    def search(self, conn: Connection, query: Query, filters: SearchFilters,
               limit: int) -> list[str]:
        found: list[str] = []
        since = (filters.since_ts << _ID_BITS) if filters.since_ts is not None else None
        for expression in match_expressions(query, filters):
            if len(found) >= limit:
                break
            rows = conn.execute(text(
                "SELECT d.article_id FROM search_fts AS f JOIN search_docs AS d ON d.doc = f.rowid "
                "WHERE search_fts MATCH :match" + (" AND f.rowid >= :since" if since is not None
                                                   else "")
                + " ORDER BY f.rowid DESC LIMIT :limit"),
                {"match": expression, "since": since, "limit": limit - len(found)})
            found += rows.scalars()
        return found

    def folded(self, conn: Connection, article_ids: Sequence[str]) -> dict[str, FoldedText]:
        found: dict[str, FoldedText] = {}
        for start in range(0, len(article_ids), _CHUNK):
            rows = conn.execute(text(
                "SELECT d.article_id, f.exact, d.heading_end, d.body_start FROM search_docs AS d "
                "JOIN search_fts AS f ON f.rowid = d.doc WHERE d.article_id IN :ids")
                .bindparams(bindparam("ids", expanding=True)),
                {"ids": list(article_ids[start:start + _CHUNK])})
            found.update((row[0], folded_text(*row[1:])) for row in rows)
        return found

    @staticmethod
    def _set_merging(conn: Connection) -> None:
        """Store :data:`_MERGING` in the index where it holds other values."""
        stored = {key: value for key, value in conn.execute(text(
            "SELECT k, v FROM search_fts_config"))}
        for key, value in _MERGING.items():
            if stored.get(key) != value:
                conn.execute(text("INSERT INTO search_fts (search_fts, rank) VALUES (:key, :value)"),
                             {"key": key, "value": value})

    @staticmethod
    def _free_rowids(conn: Connection, documents: Sequence[IndexedDocument]) -> list[int]:
        """A rowid per document from its time and id; on the rare collision (same second,
        same 20 CRC bits) the next free one, which keeps the order within the second only."""
        taken: set[int] = set()
        wanted = [(d.sort_ts << _ID_BITS) | (zlib.crc32(d.article_id.encode()) & _ID_MASK)
                  for d in documents]
        taken.update(conn.execute(_TAKEN, {"docs": json.dumps(wanted)}).scalars())
        result = []
        for doc in wanted:
            while doc in taken:
                doc += 1
                if doc not in taken and conn.execute(
                        text("SELECT 1 FROM search_docs WHERE doc = :d"), {"d": doc}).first():
                    taken.add(doc)
            taken.add(doc)
            result.append(doc)
        return result
