"""Statements over many rows: ``IN`` look-ups in chunks SQLite accepts, updates as one
executemany."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Column, bindparam
from sqlalchemy.engine import Connection

# SQLite refuses statements with too many bound parameters; look-ups are chunked below this.
IN_CHUNK = 500


def chunks(values: list[str]) -> Iterator[list[str]]:
    """``values`` in slices of :data:`IN_CHUNK`, for ``IN`` look-ups SQLite accepts."""
    for start in range(0, len(values), IN_CHUNK):
        yield values[start:start + IN_CHUNK]


def update_many(conn: Connection, key: Column[Any], rows: list[dict[str, Any]]) -> None:
    """Update ``rows`` (full rows, matched on their ``key`` column) in one executemany: the SET
    clause comes from each dict's other keys."""
    conn.execute(key.table.update().where(key == bindparam("key")),
                 [{**{k: v for k, v in row.items() if k != key.name}, "key": row[key.name]}
                  for row in rows])
