"""The index of a database with no full-text backend here (neither SQLite nor PostgreSQL).

Storing articles keeps working; only searching (and topic feeds) fails, with a message that
says why, instead of the store refusing to open.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.engine import Connection

from aggregator.errors import AggregatorError
from aggregator.search.index import FoldedText, IndexedDocument, SearchFilters
from aggregator.search.query import Query


class UnsupportedSearchIndex:
    def __init__(self, dialect: str) -> None:
        self.dialect = dialect

    def ensure_schema(self, conn: Connection) -> bool:
        return False

    def index(self, conn: Connection, documents: Sequence[IndexedDocument]) -> None:
        return None

    def clear(self, conn: Connection) -> None:
        return None

    def search(self, conn: Connection, query: Query, filters: SearchFilters,
               limit: int) -> list[str]:
        raise self._unsupported()

    def folded(self, conn: Connection, article_ids: Sequence[str]) -> dict[str, FoldedText]:
        raise self._unsupported()

    def _unsupported(self) -> AggregatorError:
        return AggregatorError(f"search needs SQLite or PostgreSQL as [storage] url, not "
                               f"{self.dialect}")
