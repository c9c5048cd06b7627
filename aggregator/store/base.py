"""What every part of the store shares: the engine, the transaction and the revision counter."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, select
from sqlalchemy.engine import Connection

from aggregator.search.index import SearchIndex
from aggregator.store.tables import store_revision


class StoreBase:
    """The state the concern classes of :class:`~aggregator.store.ArticleStore` work on; each
    of them is one table group's reads and writes, composed into the one store by inheritance
    so callers keep a single object."""

    engine: Engine
    search_index: SearchIndex

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        with self.engine.begin() as connection:
            yield connection

    def revision(self) -> str:
        """Changes whenever an article is inserted or updated or a crawl run is recorded."""
        with self.engine.connect() as conn:
            value = conn.execute(select(store_revision.c.revision)
                                 .where(store_revision.c.id == 1)).scalar()
        return str(value or 0)


def bump_revision(conn: Connection) -> None:
    """Count every change, so publishing can tell "nothing changed" without reading."""
    changed = conn.execute(store_revision.update().where(store_revision.c.id == 1)
                           .values(revision=store_revision.c.revision + 1)).rowcount
    if not changed:
        conn.execute(store_revision.insert().values(id=1, revision=1))
