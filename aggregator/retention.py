"""Retention: ``[storage] keep_days`` bounds the store (checked at every run cycle).

Articles published (else first seen) more than ``keep_days`` ago are deleted with everything
derived from them (province memberships, fetch state, freshness records, search index entries
through the store's prune hooks) and crawl runs older than that; the next publish then drops
them from the feeds. On SQLite the freed pages are given back to the file system in small
steps, so the crawl writing at the same time is never blocked for long.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from aggregator.store import ArticleStore


@dataclass(frozen=True, slots=True)
class RetentionReport:
    pruned: int
    """Articles deleted."""
    freed_pages: int
    """Database pages given back to the file system (SQLite in incremental mode only)."""


def apply_retention(store: ArticleStore, keep_days: int, now: datetime) -> RetentionReport:
    """Prune what is older than ``keep_days`` before ``now``; reclaim the space when any went."""
    pruned = store.prune(now - timedelta(days=keep_days))
    return RetentionReport(pruned, store.reclaim_space() if pruned else 0)
