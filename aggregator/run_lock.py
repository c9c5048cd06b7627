"""Run locks: at most one crawl, and one scheduler, per store at a time.

Two crawls writing the same store would fetch every page twice and race on the same rows, and
two schedulers sharing one job store would each fire every job. A lock is an exclusive
``fcntl.flock`` on a small file:

- an SQLite store locks ``<database>.<purpose>.lock`` next to the database file, so every
  process that can open the database sees the same lock, whatever URL spelling it used;
- any other database (e.g. PostgreSQL) locks ``aggregator-<hash of the URL>.<purpose>.lock`` in
  the system temporary folder. That protects processes on one host, which is how the aggregator
  is deployed (one service, plus an operator's manual ``aggregator crawl``); a PostgreSQL
  advisory lock would also cover several hosts, at the price of holding a database session open
  for the whole crawl, and is not needed for a single-host deployment.

``flock`` belongs to the open file, so the kernel releases it when the holder exits in any way,
``kill -9`` included: a stale lock file never blocks the next run. The file is left in place
(deleting it would race with a process that has just opened it); only the lock matters.

A busy lock is refused immediately, never waited for: a crawl queued behind a long crawl would
only fetch the same pages again, and the next scheduled run comes soon enough.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from aggregator.errors import ConfigError, StoreBusy

Purpose = Literal["crawl", "scheduler"]

EXIT_BUSY = 75
"""Exit status of a command refused by a busy lock: sysexits' EX_TEMPFAIL (try again later)."""

_DESCRIPTIONS: dict[Purpose, str] = {
    "crawl": "another crawl is already running on this store",
    "scheduler": "another `aggregator run` is already scheduling crawls for this store",
}


def lock_path(storage_url: str, purpose: Purpose) -> Path | None:
    """Where the lock of ``purpose`` for this store lives; None for an in-memory database."""
    try:
        url = make_url(storage_url)
    except ArgumentError as exc:
        raise ConfigError(f"invalid database URL {storage_url!r}: {exc}", key="storage.url") from None
    if url.get_backend_name() == "sqlite":
        if url.database in (None, "", ":memory:"):
            return None  # private to one process: nothing to share, nothing to lock
        database = Path(url.database).resolve()
        return database.with_name(f"{database.name}.{purpose}.lock")
    key = hashlib.sha256(url.render_as_string(hide_password=True).encode("utf-8")).hexdigest()
    return Path(tempfile.gettempdir()) / f"aggregator-{key[:16]}.{purpose}.lock"


@contextmanager
def hold_run_lock(storage_url: str, purpose: Purpose) -> Iterator[None]:
    """Hold the lock for the duration of the block, or raise :class:`StoreBusy` at once."""
    path = lock_path(storage_url, purpose)
    if path is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown process"
            raise StoreBusy(f"{_DESCRIPTIONS[purpose]} ({holder}; lock {path}); "
                            "try again when it has finished") from None
        try:
            # Who holds it, for the message a refused process prints; informative only.
            handle.truncate(0)
            handle.write(f"pid {os.getpid()} since {datetime.now(UTC).isoformat(timespec='seconds')}")
            handle.flush()
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
