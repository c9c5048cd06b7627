"""Schema creation and upgrade: a database made by an older version gains the tables, columns
and indexes added since, and PostgreSQL's narrow timestamps are widened, when it is opened.

There are no numbered migrations: every change so far is additive (new table, nullable or
defaulted column, index, wider type), so comparing the database with :data:`metadata` is
enough, and works from any older version.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import BigInteger, Engine, Table, func, inspect, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.schema import CreateColumn

from aggregator.store.tables import metadata

_SCHEMA_LOCK_KEY = 0x6167677265676174
"""PostgreSQL advisory lock key (any constant; this one spells "aggregat")."""


def create_or_upgrade(engine: Engine) -> None:
    """Create the missing tables, then bring older ones up to date, one process at a time."""
    with _schema_lock(engine):
        metadata.create_all(engine)
        _add_missing_columns(engine)
        _add_missing_indexes(engine)
        _widen_timestamps(engine)


@contextmanager
def _schema_lock(engine: Engine) -> Iterator[None]:
    """On PostgreSQL, one process at a time creates or upgrades the schema.

    ``create_all`` checks for each table, then creates it: two processes opening a new database
    together (``aggregator run`` and ``serve`` started by one systemd target) would both create
    it, and one would fail. An advisory lock, held on a connection of its own, makes the second
    wait and then find the tables. SQLite's file lock already serializes the DDL.
    """
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as conn:
        conn.execute(select(func.pg_advisory_lock(_SCHEMA_LOCK_KEY)))
        try:
            yield
        finally:
            conn.execute(select(func.pg_advisory_unlock(_SCHEMA_LOCK_KEY)))
            conn.commit()


def _add_missing_columns(engine: Engine) -> None:
    """Add the columns a database made by an older version lacks (``create_all`` only creates
    missing tables). Every column added after a table's first release has a server default or
    is nullable, so ``ALTER TABLE ... ADD COLUMN`` works on SQLite and PostgreSQL and fills the
    existing rows."""
    def columns(table: Table) -> set[str]:
        return {column["name"] for column in inspect(engine).get_columns(table.name)}

    preparer = engine.dialect.identifier_preparer
    for table in metadata.sorted_tables:
        present = columns(table)
        for column in table.columns:
            if column.name in present:
                continue
            ddl = CreateColumn(column).compile(dialect=engine.dialect)
            try:
                with engine.begin() as conn:
                    conn.execute(text(f"ALTER TABLE {preparer.format_table(table)} ADD COLUMN {ddl}"))
            except SQLAlchemyError:
                if column.name not in columns(table):  # else another process just added it
                    raise


def _add_missing_indexes(engine: Engine) -> None:
    """Create the indexes a database made by an older version lacks (``create_all`` creates an
    index only together with its table)."""
    for table in metadata.sorted_tables:
        present = {index["name"] for index in inspect(engine).get_indexes(table.name)}
        for index in table.indexes:
            if index.name in present:
                continue
            try:
                index.create(engine)
            except SQLAlchemyError:
                if index.name not in {i["name"] for i in inspect(engine).get_indexes(table.name)}:
                    raise  # else another process just created it


def _widen_timestamps(engine: Engine) -> None:
    """Turn the INTEGER timestamp columns of a PostgreSQL database made by an older version into
    BIGINT (one table rewrite, once). SQLite needs nothing: its integers are all 64-bit; other
    databases spell the change differently and are left alone."""
    if engine.dialect.name != "postgresql":
        return
    preparer = engine.dialect.identifier_preparer
    for table in metadata.sorted_tables:
        wide = {column.name for column in table.columns if isinstance(column.type, BigInteger)}
        narrow = [column["name"] for column in inspect(engine).get_columns(table.name)
                  if column["name"] in wide and not isinstance(column["type"], BigInteger)]
        if narrow:
            with engine.begin() as conn:
                conn.execute(text(f"ALTER TABLE {preparer.format_table(table)} " + ", ".join(
                    f"ALTER COLUMN {preparer.quote(name)} TYPE BIGINT" for name in narrow)))
