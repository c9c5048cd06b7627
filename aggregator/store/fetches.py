"""Fetch state: the HTTP validators of index pages and the article versions already fetched,
so the next crawl sends conditional GETs and skips unchanged articles."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Integer, String, Text, cast, func, literal, null, select, union_all

from aggregator.store.base import StoreBase
from aggregator.store.batches import chunks, update_many
from aggregator.store.tables import FETCH_URL_MAX, LAST_MODIFIED_MAX, articles, fetch_state
from aggregator.store.values import timestamp
from aggregator.urls import canonical_url


@dataclass(frozen=True, slots=True)
class FetchRecord:
    """One fetch to remember; ``kind`` is feed, sitemap, sitemapindex, listing or article."""

    url: str
    site_id: str
    kind: str
    fetched_at: datetime
    etag: str | None = None
    last_modified: str | None = None
    article_id: str | None = None
    content_hash: str | None = None
    source_date: datetime | None = None
    """The date the feed or sitemap gave for this article when it was fetched."""


@dataclass(frozen=True, slots=True)
class Validators:
    """What a conditional GET of an index page sends back (``If-None-Match``/``-Modified-Since``)."""

    kind: str
    etag: str | None
    last_modified: str | None


@dataclass(slots=True)
class SiteFetchState:
    """Everything the spider of one site needs from earlier runs, loaded in one query.

    ``known_urls``/``known_ids`` map an article's canonical URL (``aggregator.urls``) / stable
    id to the UTC timestamp of the version we hold: the feed date it was fetched under, else
    when it was fetched (articles stored before fetch state existed count from when they were
    first seen).
    """

    validators: dict[str, Validators] = field(default_factory=dict)
    known_urls: dict[str, int] = field(default_factory=dict)
    known_ids: dict[str, int] = field(default_factory=dict)


class FetchStateLog(StoreBase):
    """Loads one site's fetch state for its spider and records what the spider fetched."""

    def load_fetch_state(self, site_id: str) -> SiteFetchState:
        """Validators and known articles of ``site_id`` from one query over fetch state and
        the articles table (the latter covers databases filled before fetch state existed)."""
        recorded = select(
            fetch_state.c.kind, fetch_state.c.url, fetch_state.c.etag,
            fetch_state.c.last_modified, fetch_state.c.article_id,
            func.coalesce(fetch_state.c.source_ts, fetch_state.c.fetched_ts).label("version_ts"),
            literal(1, Integer).label("recorded"),
        ).where(fetch_state.c.site_id == site_id)
        stored = select(
            cast(literal("article"), String(20)), articles.c.url, cast(null(), Text),
            cast(null(), String(64)), articles.c.id, articles.c.first_seen_ts,
            literal(0, Integer),
        ).where(articles.c.site_id == site_id)
        state = SiteFetchState()
        legacy = []
        with self.engine.connect() as conn:
            for row in conn.execute(union_all(recorded, stored)):
                if not row.recorded:
                    legacy.append(row)
                elif row.kind == "article":
                    state.known_urls[row.url] = row.version_ts
                    if row.article_id:
                        state.known_ids[row.article_id] = row.version_ts
                else:
                    state.validators[row.url] = Validators(row.kind, row.etag, row.last_modified)
        for row in legacy:
            state.known_urls.setdefault(canonical_url(row.url), row.version_ts)
            state.known_ids.setdefault(row.article_id, row.version_ts)
        return state

    def record_fetches(self, records: Iterable[FetchRecord]) -> None:
        """Insert or replace fetch state for ``records`` (last one per URL wins), in one
        transaction: the spider calls this in batches, never per request.

        A value longer than its column is not kept: PostgreSQL, unlike SQLite, would reject it
        and the whole batch with it. A URL over :data:`FETCH_URL_MAX` is not remembered (the
        page is fetched again next run); a ``Last-Modified`` over :data:`LAST_MODIFIED_MAX` is
        no HTTP date, and is dropped.
        """
        rows = {record.url: {
            "url": record.url,
            "site_id": record.site_id,
            "kind": record.kind,
            "etag": record.etag,
            "last_modified": (record.last_modified
                              if len(record.last_modified or "") <= LAST_MODIFIED_MAX else None),
            "fetched_at": record.fetched_at.isoformat(),
            "fetched_ts": timestamp(record.fetched_at),
            "article_id": record.article_id,
            "content_hash": record.content_hash,
            "source_ts": timestamp(record.source_date) if record.source_date else None,
        } for record in records if len(record.url) <= FETCH_URL_MAX}
        if not rows:
            return
        with self._transaction() as conn:
            existing: set[str] = set()
            for chunk in chunks(list(rows)):
                existing.update(conn.execute(select(fetch_state.c.url)
                                             .where(fetch_state.c.url.in_(chunk))).scalars())
            fresh = [row for url, row in rows.items() if url not in existing]
            if fresh:
                conn.execute(fetch_state.insert(), fresh)
            changed = [row for url, row in rows.items() if url in existing]
            if changed:
                update_many(conn, fetch_state.c.url, changed)
