"""Each site's next crawl, kept in the store: which sites are due, and planning the next run.

The interval itself is :mod:`aggregator.polling`'s decision; this module feeds it the site's
history from the store (recent publication times, latest crawl runs) and keeps the outcome in
``site_schedule``, so ``aggregator run`` survives restarts with every site's schedule, and
``aggregator status`` can say each site's interval and why. A site never planned is due at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from aggregator.config import Config
from aggregator.polling import (
    LOOKBACK,
    MAX_DOUBLINGS,
    SAMPLE,
    Bounds,
    Decision,
    SiteHistory,
    clamp_bounds,
    decide_interval,
)
from aggregator.registry import SiteEntry
from aggregator.store import ArticleStore, SiteRun, articles, site_schedule

RUNS_READ = MAX_DOUBLINGS + 1
"""Latest runs read for the back-off streaks (more doublings than this never count)."""


@dataclass(frozen=True, slots=True)
class PlannedRun:
    """A site's next crawl as stored: when, the interval that led there, and why."""

    site_id: str
    next_due: datetime
    interval_seconds: int
    reason: str


def site_bounds(site: SiteEntry, config: Config) -> Bounds:
    """The site's polling bounds: its own ``min_every``/``max_every``/``every``, else the
    ``[schedule]`` ones; the start interval is moved inside the bounds."""
    return clamp_bounds(site.every_seconds or config.every_seconds,
                        site.min_every_seconds or config.min_every_seconds,
                        site.max_every_seconds or config.max_every_seconds)


def _reached(run: SiteRun) -> bool:
    return bool(run.fetched or run.not_modified)


def site_history(store: ArticleStore, site_id: str, now: datetime) -> SiteHistory:
    """What :func:`~aggregator.polling.decide_interval` needs of ``site_id`` at ``now``."""
    since = int((now - LOOKBACK).timestamp())
    query = (select(articles.c.sort_ts).where(articles.c.site_id == site_id,
                                              articles.c.sort_ts >= since,
                                              articles.c.sort_ts <= int(now.timestamp()))
             .order_by(articles.c.sort_ts.desc()).limit(SAMPLE))
    with store.engine.connect() as conn:
        published = [datetime.fromtimestamp(ts, UTC) for ts in conn.execute(query).scalars()]
    runs = store.recent_site_runs(site_id, limit=RUNS_READ)
    failing = next((i for i, run in enumerate(runs) if _reached(run) or not run.errors), len(runs))
    quiet = next((i for i, run in enumerate(runs) if run.new), len(runs))
    return SiteHistory(published=published, runs=len(runs), failing_runs=failing,
                       runs_without_new=quiet)


def planned_runs(store: ArticleStore) -> dict[str, PlannedRun]:
    """Every site's stored plan, by site id (sites never planned are absent: due at once)."""
    with store.engine.connect() as conn:
        return {row.site_id: PlannedRun(row.site_id, datetime.fromtimestamp(row.next_due_ts, UTC),
                                        row.interval_s, row.reason)
                for row in conn.execute(select(site_schedule))}


def due_sites(store: ArticleStore, sites: Sequence[SiteEntry], now: datetime) -> list[SiteEntry]:
    """The sites whose next crawl is at or before ``now`` (or never planned), in config order."""
    plans = planned_runs(store)
    return [site for site in sites if site.id not in plans or plans[site.id].next_due <= now]


def plan_next_runs(store: ArticleStore, sites: Iterable[SiteEntry], config: Config,
                   now: datetime) -> dict[str, Decision]:
    """Decide and store each site's next crawl from its history as of ``now`` (just after
    crawling it); return the decisions."""
    decisions = {site.id: decide_interval(site_history(store, site.id, now),
                                          site_bounds(site, config), now)
                 for site in sites}
    if not decisions:
        return decisions
    stamp = int(now.timestamp())
    with store.engine.begin() as conn:
        conn.execute(site_schedule.delete().where(site_schedule.c.site_id.in_(list(decisions))))
        conn.execute(site_schedule.insert(), [
            {"site_id": site_id, "next_due_ts": stamp + decision.seconds,
             "interval_s": decision.seconds, "reason": decision.reason}
            for site_id, decision in decisions.items()])
    return decisions
