"""Opening the database: a URL becomes an engine with an up-to-date schema, or a ConfigError
that names ``storage.url``; SQLite connections are set up for concurrent readers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from aggregator.errors import ConfigError
from aggregator.store.migrations import create_or_upgrade


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
        create_or_upgrade(engine)
    except SQLAlchemyError as exc:
        reason = str(exc.orig if hasattr(exc, "orig") else exc).splitlines()[0]
        raise ConfigError(f"cannot open database {parsed.render_as_string()!r}: {reason}",
                          key="storage.url") from None
    return engine
