"""The database's size on disk, and giving pruned space back to the file system."""

from __future__ import annotations

from sqlalchemy import func, select

from aggregator.store.base import StoreBase


class StoreSpace(StoreBase):
    """Measures and reclaims the space the store takes."""

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
