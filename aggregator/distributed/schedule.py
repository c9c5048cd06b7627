"""What every worker runs beside its jobs: periodic deferral and housekeeping.

**Deferral.** Each worker computes, for every site, the period ``now`` falls in
(:mod:`aggregator.distributed.periods`) and defers that period's crawl through Procrastinate's
``defer_periodic_job``: the row (task, site, period start) in ``procrastinate_periodic_defers``
is unique, so however many workers try, the database accepts one job per site and period. No
worker is special, so none can be lost. Procrastinate's own ``@app.periodic`` is not used
because it takes cron expressions (no "every 45 minutes", no per-site phase) and skips a
period that is more than ``max_delay`` late; here a worker (re)starting mid-period defers the
current period if nobody has, so a restart neither skips nor doubles a period, and a site never
crawled before is due at once. A period whose predecessor still waits in the queue is folded
into it (the queueing lock refuses a second waiting job), as ``aggregator run`` coalesces
missed runs.

**Housekeeping**, on one worker at a time (whichever holds a PostgreSQL advisory lock on a
connection of its own; the lock goes with the session, so a dead holder's successor takes over
at the next round):

- jobs whose worker stopped beating for ``STALLED_AFTER_SECONDS`` (SIGKILL, power loss, a
  partitioned host) go back to the queue (Procrastinate's ``get_stalled_jobs`` +
  ``retry_job``), so another worker crawls the site; one retrier at a time, because two could
  both retry a job between one's retry and a live worker's fetch, and run it twice;
- ``aggregator_workers`` rows of pruned workers are dropped;
- finished jobs older than ``JOB_HISTORY_HOURS`` are deleted, so the queue table stays small.

The delay before a dead worker's job runs elsewhere is thus at most ``STALLED_AFTER_SECONDS`` +
``HOUSEKEEPING_SECONDS`` (25 s).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import psycopg
from procrastinate import App
from procrastinate.exceptions import AlreadyEnqueued, ConnectorException, UniqueViolation
from procrastinate.jobs import Status

from aggregator.config import Config
from aggregator.distributed.names import CRAWL_TASK, STALLED_AFTER_SECONDS, crawl_lock
from aggregator.distributed.periods import next_period_start, period_start, phase
from aggregator.distributed.registry import prune_workers

log = logging.getLogger(__name__)

HOUSEKEEPING_SECONDS = 5.0
"""How often a worker looks for due periods it has not deferred and for stalled jobs."""
JOB_HISTORY_HOURS = 48
"""Finished jobs are kept this long (``aggregator status`` counts failures since the last
success; the crawl history itself is kept in the store's site runs)."""
CLEANUP_SECONDS = 3600.0

HOUSEKEEPING_LOCK = 0x61676772_00000001
"""PostgreSQL advisory lock key held by the worker doing the housekeeping ("aggr" + 1)."""


@dataclass(frozen=True, slots=True)
class SitePeriods:
    site_id: str
    every_seconds: int
    offset: int

    def start(self, now: float) -> int:
        return period_start(now, self.every_seconds, self.offset)

    def next_start(self, now: float) -> int:
        return next_period_start(now, self.every_seconds, self.offset)


def site_periods(config: Config) -> list[SitePeriods]:
    """Every configured site with its interval (its own ``every``, else ``schedule.every``)."""
    result = []
    for site in config.sites:
        every = site.every_seconds or config.every_seconds
        result.append(SitePeriods(site.id, every, phase(site.id, every)))
    return result


class Deferrer:
    """Defers each site's crawl once per period; remembers what this worker already did so a
    round costs a database query only for sites whose period changed."""

    def __init__(self, app: App, sites: Iterable[SitePeriods]) -> None:
        self.app = app
        self.sites = list(sites)
        self._done: dict[str, int] = {}

    async def defer_due(self, now: float) -> list[int]:
        """Defer the current period of every site not yet deferred; the ids of the jobs this
        call created (others were deferred by another worker, or folded into a waiting job)."""
        created = []
        task = self.app.tasks[CRAWL_TASK]
        for site in self.sites:
            start = site.start(now)
            if self._done.get(site.site_id) == start:
                continue
            job = task.configure(lock=crawl_lock(site.site_id),
                                 queueing_lock=crawl_lock(site.site_id),
                                 task_kwargs={"site_id": site.site_id, "timestamp": start}).job
            try:
                job_id = await self.app.job_manager.defer_periodic_job(
                    job, periodic_id=site.site_id, defer_timestamp=start)
            except AlreadyEnqueued:
                job_id = None
            self._done[site.site_id] = start
            if job_id is not None:
                created.append(job_id)
        return created

    def seconds_to_next(self, now: float) -> float:
        if not self.sites:
            return float("inf")
        return max(0.0, min(site.next_start(now) for site in self.sites) - now)


async def retry_stalled_jobs(app: App) -> list[int]:
    """Put the jobs of dead workers back in the queue; their ids. A job whose site (or the
    publish) already has a waiting job is closed as failed instead: the waiting job does the
    same work, and two waiting jobs with one queueing lock cannot exist."""
    retried = []
    for job in await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_AFTER_SECONDS):
        assert job.id is not None
        try:
            await app.job_manager.retry_job(job)
        except UniqueViolation:
            log.warning("job %s of a dead worker not retried: an equal job is already queued",
                        job.id)
            await app.job_manager.finish_job(job, status=Status.FAILED, delete_job=False)
            continue
        except ConnectorException as exc:  # finished meanwhile by a worker thought dead
            log.warning("job %s of a stalled worker not retried: %s", job.id, exc)
            continue
        log.warning("job %s (%s) of a dead worker handed back to the queue", job.id,
                    job.call_string)
        retried.append(job.id)
    return retried


class Housekeeper:
    """Holds the housekeeping lock when it can, and does the housekeeping while it does."""

    def __init__(self, app: App, conninfo: str) -> None:
        self.app = app
        self.conninfo = conninfo
        self._conn: psycopg.AsyncConnection[tuple[object, ...]] | None = None
        self._last_cleanup = 0.0
        self._held = False

    async def _holds_lock(self) -> bool:
        if self._conn is None or self._conn.closed:
            self._conn = await psycopg.AsyncConnection.connect(self.conninfo, autocommit=True)
            self._held = False
        if not self._held:
            cursor = await self._conn.execute("SELECT pg_try_advisory_lock(%s)", (HOUSEKEEPING_LOCK,))
            row = await cursor.fetchone()
            self._held = bool(row and row[0])
        return self._held

    async def round(self) -> None:
        if not await self._holds_lock():
            return
        await retry_stalled_jobs(self.app)
        await prune_workers(self.app)
        if time.monotonic() - self._last_cleanup > CLEANUP_SECONDS:
            self._last_cleanup = time.monotonic()
            await self.app.job_manager.delete_old_jobs(nb_hours=JOB_HISTORY_HOURS,
                                                       include_failed=True,
                                                       include_cancelled=True)

    async def close(self) -> None:
        if self._conn is not None:
            await self._conn.close()  # releases the advisory lock
            self._conn = None


async def keep_schedule(app: App, deferrer: Deferrer, housekeeper: Housekeeper,
                        stop: asyncio.Event, clock: Callable[[], float] = time.time) -> None:
    """Defer due periods and keep house every ``HOUSEKEEPING_SECONDS`` until ``stop``.

    A database error is logged and the round tried again later: the worker keeps running the
    jobs it has (Procrastinate stops the worker itself if the database is gone for good)."""
    try:
        while not stop.is_set():
            try:
                await deferrer.defer_due(clock())
                await housekeeper.round()
            except (ConnectorException, psycopg.Error, OSError) as exc:
                log.warning("scheduling round failed, retrying in %g s: %s",
                            HOUSEKEEPING_SECONDS, exc)
                await housekeeper.close()
            wait = min(HOUSEKEEPING_SECONDS, deferrer.seconds_to_next(clock()) + 0.05)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=wait)
    finally:
        await housekeeper.close()
