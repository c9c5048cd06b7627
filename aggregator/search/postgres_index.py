"""The search index on PostgreSQL: ``tsvector`` columns with GIN indexes.

Documents and queries are folded in Python (:mod:`aggregator.search.folding`) and handed to
PostgreSQL as ``tsvector``/``tsquery`` literals, bypassing its text-search parser and
dictionaries: they would split and normalise words their own way (``unaccent`` knows no tone
placement), and documents and queries must fold identically on both stores. Facets are a text
array (``p:lang-son``, ``s:baolangson``, ``k:newspaper``) with a GIN index of its own. A
``tsvector`` cannot give the text back (it keeps each word's first 256 positions, none past
16,383), so the exact text is also kept as text, with where its heading and body lie, for
topic membership (:class:`FoldedText`), which reads the exact form. Entries go with their
article through a cascading foreign key.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.engine import Connection

from aggregator.search.index import FoldedText, IndexedDocument, SearchFilters, folded_text
from aggregator.search.query import Phrase, Query

MAX_POSITION = 16383
"""PostgreSQL keeps word positions up to this; later words share it (phrases there may miss)."""
MAX_LEXEME_BYTES = 2046
"""Longest lexeme a tsvector accepts (2 KB); longer "words" (pasted data) are not indexed."""
WINDOW = 1000
"""Newest rows a search tests in time order before turning to the GIN indexes: a query
matching at least 2 % of recent articles finds 20 there (about 5 ms on the bench)."""
_LOCK_KEY = 0x7365617263680001
"""Advisory lock serialising the creation of the index tables (any constant)."""

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS search_documents ("
    " article_id VARCHAR(300) PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,"
    " sort_ts BIGINT NOT NULL, loose TSVECTOR NOT NULL, exact TSVECTOR NOT NULL,"
    " facets TEXT[] NOT NULL, exact_text TEXT NOT NULL, heading_end INTEGER NOT NULL,"
    " body_start INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS ix_search_documents_loose ON search_documents USING GIN (loose)",
    "CREATE INDEX IF NOT EXISTS ix_search_documents_exact ON search_documents USING GIN (exact)",
    "CREATE INDEX IF NOT EXISTS ix_search_documents_facets ON search_documents USING GIN (facets)",
    "CREATE INDEX IF NOT EXISTS ix_search_documents_sort ON search_documents (sort_ts, article_id)",
)


def tsvector_literal(tokens: str) -> str:
    """``'word':1 'other':2 …`` for space-separated ``tokens`` (our tokens hold letters and
    digits only, so no quoting is needed)."""
    positions: dict[str, list[int]] = {}
    for position, token in enumerate(tokens.split(), start=1):
        if len(token.encode()) <= MAX_LEXEME_BYTES:
            positions.setdefault(token, []).append(min(position, MAX_POSITION))
    return " ".join(f"'{token}':{','.join(map(str, sorted(set(where))[:256]))}"
                    for token, where in positions.items())


def _phrase(phrase: Phrase, exact: bool) -> str:
    return " <-> ".join(f"'{token}'" for token in (phrase.exact if exact else phrase.loose))


def tsquery_literal(query: Query, *, exact: bool) -> str:
    """The query as a ``tsquery`` literal over the exact or the loose column (exclusions are
    left to :func:`excluded_literal`: they always apply to the loose form)."""
    return " & ".join("(" + " | ".join(f"({_phrase(p, exact)})" for p in clause) + ")"
                      for clause in query.clauses)


def excluded_literal(query: Query) -> str | None:
    if not query.excluded:
        return None
    return " | ".join(f"({_phrase(p, False)})" for p in query.excluded)


def facets_of(document: IndexedDocument) -> list[str]:
    return [*(f"p:{slug}" for slug in document.provinces), f"s:{document.site_id}",
            f"k:{document.kind}"]


class PostgresSearchIndex:
    """:class:`aggregator.search.index.SearchIndex` on PostgreSQL full-text search."""

    def ensure_schema(self, conn: Connection) -> bool:
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        existed = conn.execute(text("SELECT to_regclass('search_documents')")).scalar() is not None
        if existed and conn.execute(text(
                "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
                "AND table_name = 'search_documents' AND column_name = 'exact_text'")).first() is None:
            # An index made before it held the exact text for topic membership (none, or the
            # loose text): rebuilt, as if new.
            conn.execute(text("DROP TABLE search_documents"))
            existed = False
        for statement in _SCHEMA:
            conn.execute(text(statement))
        return not existed

    def index(self, conn: Connection, documents: Sequence[IndexedDocument]) -> None:
        if not documents:
            return
        conn.execute(text(
            "INSERT INTO search_documents (article_id, sort_ts, loose, exact, facets, exact_text, "
            "heading_end, body_start) VALUES (:id, :sort_ts, CAST(:loose AS tsvector), "
            "CAST(:exact AS tsvector), :facets, :exact_text, :heading_end, :body_start) "
            "ON CONFLICT (article_id) DO UPDATE SET sort_ts = EXCLUDED.sort_ts, "
            "loose = EXCLUDED.loose, exact = EXCLUDED.exact, facets = EXCLUDED.facets, "
            "exact_text = EXCLUDED.exact_text, heading_end = EXCLUDED.heading_end, "
            "body_start = EXCLUDED.body_start"),
            [{"id": d.article_id, "sort_ts": d.sort_ts, "loose": tsvector_literal(d.loose),
              "exact": tsvector_literal(d.exact), "facets": facets_of(d), "exact_text": d.exact,
              "heading_end": d.heading_end, "body_start": d.body_start} for d in documents])

    def clear(self, conn: Connection) -> None:
        conn.execute(text("DELETE FROM search_documents"))

    def search(self, conn: Connection, query: Query, filters: SearchFilters,
               limit: int) -> list[str]:
        restrictions: list[str] = []
        params: dict[str, object] = {"loose": tsquery_literal(query, exact=False)}
        excluded = excluded_literal(query)
        if excluded:
            restrictions.append("NOT (loose @@ CAST(:excluded AS tsquery))")
            params["excluded"] = excluded
        for name, values in (("p", filters.provinces), ("s", filters.site_ids),
                             ("k", filters.kinds)):
            if values:
                restrictions.append(f"facets && CAST(:{name} AS TEXT[])")
                params[name] = [f"{name}:{value}" for value in values]
        if filters.since_ts is not None:
            restrictions.append("sort_ts >= :since")
            params["since"] = filters.since_ts
        loose = ["loose @@ CAST(:loose AS tsquery)", *restrictions]
        if not (query.has_diacritics and filters.exact_first):
            return self._newest(conn, loose, params, limit)
        # Exact spellings first, then the other matches, each tier newest first. The exact tier
        # tests the exact column alone: an exact match is a loose match too. The second tier
        # is the loose search itself, skipping the exact matches already found.
        found = self._newest(conn, ["exact @@ CAST(:exact AS tsquery)", *restrictions],
                             {**params, "exact": tsquery_literal(query, exact=True)}, limit)
        if len(found) < limit:
            seen = set(found)
            found += [article_id
                      for article_id in self._newest(conn, loose, params, limit + len(found))
                      if article_id not in seen][:limit - len(found)]
        return found

    def folded(self, conn: Connection, article_ids: Sequence[str]) -> dict[str, FoldedText]:
        rows = conn.execute(text(
            "SELECT article_id, exact_text, heading_end, body_start FROM search_documents "
            "WHERE article_id = ANY(:ids)"), {"ids": list(article_ids)})
        return {row[0]: folded_text(*row[1:]) for row in rows}

    @staticmethod
    def _newest(conn: Connection, conditions: list[str], params: dict[str, object],
                limit: int) -> list[str]:
        """The newest ``limit`` rows meeting ``conditions``, by a plan chosen here rather than
        by PostgreSQL's estimate, which multiplies the selectivities of a query's words as if
        they were independent: words that go together ("trí tuệ nhân tạo") are expected in a
        handful of rows, so it fetches and sorts every match by bitmap (0.8 s for 32,000 of
        100,000 articles) where walking the time index would stop after 20. So first the
        newest :data:`WINDOW` rows are tested in time order (bounded work, enough for any
        common query); only a query with fewer matches there than asked, a rare one, is then
        answered from the GIN indexes, fetching and sorting its few matches."""
        where = " AND ".join(conditions)
        bound = {**params, "limit": limit, "window": WINDOW}
        found = list(conn.execute(text(
            "SELECT article_id FROM (SELECT article_id, sort_ts, loose, exact, facets "
            "FROM search_documents ORDER BY sort_ts DESC, article_id DESC LIMIT :window) "
            f"AS newest WHERE {where} ORDER BY sort_ts DESC, article_id DESC LIMIT :limit"),
            bound).scalars())
        if len(found) >= limit:
            return found
        return list(conn.execute(text(
            "WITH matches AS MATERIALIZED (SELECT article_id, sort_ts FROM search_documents "
            f"WHERE {where}) SELECT article_id FROM matches "
            "ORDER BY sort_ts DESC, article_id DESC LIMIT :limit"), bound).scalars())
