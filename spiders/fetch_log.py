"""The store's fetch state of one site's crawl, written in batches.

Article fetches are written as they accumulate; index pages (feeds, sitemaps, listings) only at
the end, because their validators are true only once every entry they listed was requested.
"""

from __future__ import annotations

import dataclasses

from aggregator.store import ArticleStore, FetchRecord

FETCH_BATCH_SIZE = 200
"""Article fetches written per transaction (the rest when the crawl closes)."""


class FetchLog:
    def __init__(self, store: ArticleStore) -> None:
        self.store = store
        self.pending: list[FetchRecord] = []
        self.index_pages: dict[str, FetchRecord] = {}

    def remember(self, record: FetchRecord) -> None:
        """Queue a fetch; an index page's record replaces any earlier one of the same URL."""
        if record.kind != "article":
            self.index_pages[record.url] = record
            return
        self.pending.append(record)
        if len(self.pending) >= FETCH_BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.store.record_fetches(self.pending)
            self.pending = []

    def close(self, *, finished: bool) -> None:
        """Write everything left. A crawl stopped before its end (SIGTERM; a distributed worker
        handing its job back) keeps its index pages without validators, so that the next run
        fetches them in full instead of getting 304s that hide the entries this one never
        requested; a crawl killed outright writes none of them, to the same effect."""
        for record in self.index_pages.values():
            self.pending.append(record if finished else dataclasses.replace(
                record, etag=None, last_modified=None))
        self.index_pages = {}
        self.flush()
