"""Crawl runs: per-site figures of each crawl (``site_runs``), the ``/metrics`` counters they
feed, and when each new article was stored (``article_freshness``)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Connection

from aggregator.counters import run_increments
from aggregator.store.base import StoreBase, bump_revision
from aggregator.store.batches import chunks
from aggregator.store.tables import article_freshness, metric_counters, site_runs


@dataclass(frozen=True, slots=True)
class SiteRun:
    """Per-site figures of one crawl, as printed by ``aggregator crawl`` and kept for health."""

    site_id: str
    started_at: datetime
    finished_at: datetime
    requests: int = 0
    fetched: int = 0
    new: int = 0
    updated: int = 0
    failed: int = 0
    errors: tuple[str, ...] = ()
    not_modified: int = 0
    """Feeds, sitemaps and listings answered 304: the site was reached and had nothing new."""
    skipped_known: int = 0
    """Article links not downloaded because the store already held their current version."""
    stats: Mapping[str, int] = field(default_factory=dict)
    """Every other figure of the run (drops, fix-ups, fallbacks, extraction sources), by the
    names of :mod:`aggregator.crawl_stats`."""


class RunLog(StoreBase):
    """Records and reads crawl runs and the counters they feed."""

    def record_site_runs(self, runs: Sequence[SiteRun]) -> None:
        """Keep per-site crawl figures (health reporting and ``last success`` come from here)."""
        if not runs:
            return
        with self._transaction() as conn:
            conn.execute(site_runs.insert(), [
                {
                    "site_id": run.site_id,
                    "started_at": run.started_at.isoformat(),
                    "finished_at": run.finished_at.isoformat(),
                    "requests": run.requests,
                    "fetched": run.fetched,
                    "new": run.new,
                    "updated": run.updated,
                    "failed": run.failed,
                    "errors": json.dumps(list(run.errors), ensure_ascii=False),
                    "not_modified": run.not_modified,
                    "skipped_known": run.skipped_known,
                    "stats": json.dumps(dict(run.stats), sort_keys=True),
                }
                for run in runs
            ])
            self.bump_counters(conn, run_increments(runs))
            bump_revision(conn)

    def recent_site_runs(self, site_id: str, *, limit: int = 10) -> list[SiteRun]:
        """The site's latest runs, newest first."""
        query = (select(site_runs).where(site_runs.c.site_id == site_id)
                 .order_by(site_runs.c.run_id.desc()).limit(limit))
        with self.engine.connect() as conn:
            return [
                SiteRun(
                    site_id=row.site_id,
                    started_at=datetime.fromisoformat(row.started_at),
                    finished_at=datetime.fromisoformat(row.finished_at),
                    requests=row.requests,
                    fetched=row.fetched,
                    new=row.new,
                    updated=row.updated,
                    failed=row.failed,
                    errors=tuple(json.loads(row.errors)),
                    not_modified=row.not_modified,
                    skipped_known=row.skipped_known,
                    stats=json.loads(row.stats),
                )
                for row in conn.execute(query)
            ]

    @staticmethod
    def bump_counters(conn: Connection, increments: dict[str, float]) -> None:
        """Add ``increments`` to the counters of ``metric_counters``, creating missing ones."""
        if not increments:
            return
        present: set[str] = set()
        for chunk in chunks(list(increments)):
            present.update(conn.execute(select(metric_counters.c.key)
                                        .where(metric_counters.c.key.in_(chunk))).scalars())
        fresh = [{"key": name, "value": value} for name, value in increments.items()
                 if name not in present]
        if fresh:
            conn.execute(metric_counters.insert(), fresh)
        grown = [{"name": name, "amount": value} for name, value in increments.items()
                 if name in present]
        if grown:
            conn.execute(metric_counters.update()
                         .where(metric_counters.c.key == bindparam("name"))
                         .values(value=metric_counters.c.value + bindparam("amount")), grown)


def record_freshness(conn: Connection, fresh: list[dict[str, Any]], stored_ts: int) -> None:
    """Remember when each new, dated article was stored, unless its site was never crawled
    before (a first crawl stores the site's back catalogue)."""
    sites = {row["site_id"] for row in fresh if row["published"]}
    if not sites:
        return
    crawled = set(conn.execute(select(site_runs.c.site_id).distinct()
                               .where(site_runs.c.site_id.in_(sites))).scalars())
    rows = [{"article_id": row["id"], "site_id": row["site_id"], "published_ts": row["sort_ts"],
             "stored_ts": stored_ts, "feed_ts": None}
            for row in fresh if row["published"] and row["site_id"] in crawled]
    if rows:
        conn.execute(article_freshness.insert(), rows)
