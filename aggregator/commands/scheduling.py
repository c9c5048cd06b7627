"""The schedule of ``aggregator run``: one persistent APScheduler job per crawl interval.

Sites are grouped by interval (a site's own ``every``, else ``schedule.every``); each distinct
interval is one job with an explicit id (``crawl-every-15m``) that crawls its sites in a child
process and then publishes. Jobs live in the store's own database (table ``apscheduler_jobs``),
so a restart keeps each job's next run time instead of postponing every crawl by a full interval
(a service restarted more often than its interval would otherwise never crawl).

Job settings, and why:

- ``coalesce``: after downtime, the runs missed meanwhile become one run, not a burst;
- ``max_instances=1`` and one worker thread: crawls never overlap, in this process or (through
  the crawl lock of :mod:`aggregator.run_lock`) with a manual ``aggregator crawl``;
- ``misfire_grace_time`` = the interval: a run late by less than an interval still happens, a
  later one is pointless because the next one is due;
- ``jitter``: a tenth of the interval, at most five minutes, so instances started at the same
  time do not all hit the same provincial servers on the same second.

Stored jobs hold only a reference to the module-level :func:`crawl_and_publish` and plain
arguments (config path, site ids), as a database job store requires.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_MAX_INSTANCES,
    EVENT_JOB_MISSED,
    JobEvent,
    JobExecutionEvent,
    JobSubmissionEvent,
)
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_STOPPED, BaseScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine, inspect

from aggregator.commands.publish_command import publish_feeds
from aggregator.config import load_config
from aggregator.dates import VN_TZ
from aggregator.registry import SiteEntry
from aggregator.run_lock import EXIT_BUSY

log = logging.getLogger(__name__)

JOBS_TABLE = "apscheduler_jobs"
JOB_PREFIX = "crawl-every-"
MAX_JITTER_SECONDS = 300


@dataclass(frozen=True, slots=True)
class CrawlGroup:
    """The sites crawled together every ``every_seconds``."""

    every_seconds: int
    site_ids: tuple[str, ...]

    @property
    def job_id(self) -> str:
        return JOB_PREFIX + format_interval(self.every_seconds)


def format_interval(seconds: int) -> str:
    """``900`` -> ``15m``, ``5400`` -> ``1h30m``: the inverse of ``parse_interval``."""
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts) or "0s"


def jitter_seconds(every_seconds: int) -> int:
    return min(every_seconds // 10, MAX_JITTER_SECONDS)


def crawl_groups(sites: Iterable[SiteEntry], default_every: int) -> list[CrawlGroup]:
    """Group ``sites`` by their effective interval, shortest interval first."""
    by_interval: dict[int, list[str]] = {}
    for site in sites:
        by_interval.setdefault(site.every_seconds or default_every, []).append(site.id)
    return [CrawlGroup(every, tuple(ids)) for every, ids in sorted(by_interval.items())]


class QuietShutdownScheduler(BackgroundScheduler):
    """A background scheduler that processes no job once shutting down.

    APScheduler 3 wakes its thread once more after ``shutdown()`` and still processes due jobs:
    the executor, already shut down, refuses them with an error and the job's stored next run
    time moves on, so a run that fell due while a crawl was stopping would be lost.
    """

    def _process_jobs(self) -> float | None:
        if self.state == STATE_STOPPED:
            return None
        result: float | None = super()._process_jobs()
        return result


def create_scheduler(engine: Engine) -> BackgroundScheduler:
    """A scheduler whose jobs persist in ``engine``'s database and run one at a time.

    A background scheduler, so the caller can sync the jobs between ``start(paused=True)`` and
    ``resume()`` (stored jobs are only visible once started) and keep the main thread free for
    signals.
    """
    scheduler = QuietShutdownScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=engine, tablename=JOBS_TABLE)},
        executors={"default": ThreadPoolExecutor(max_workers=1)},
        job_defaults={"coalesce": True, "max_instances": 1},
        timezone=VN_TZ,
    )
    scheduler.add_listener(log_job_event,
                           EVENT_JOB_ERROR | EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES)
    return scheduler


def log_job_event(event: JobEvent) -> None:
    """Say in plain words why a scheduled crawl did not happen or failed."""
    if isinstance(event, JobSubmissionEvent):  # refused before running: max_instances
        log.warning("%s (due %s) was skipped: its previous run is still going", event.job_id,
                    event.scheduled_run_times[-1])
    elif isinstance(event, JobExecutionEvent) and event.code == EVENT_JOB_MISSED:
        log.warning("%s (due %s) was skipped: more than one interval late (the service was "
                    "down or busy); the next run follows the schedule", event.job_id,
                    event.scheduled_run_time)
    elif isinstance(event, JobExecutionEvent):
        log.error("%s (due %s) failed: %r\n%s", event.job_id, event.scheduled_run_time,
                  event.exception, event.traceback)


@dataclass(frozen=True, slots=True)
class SyncReport:
    added: tuple[str, ...]
    kept: tuple[str, ...]
    removed: tuple[str, ...]


def sync_jobs(scheduler: BaseScheduler, groups: Sequence[CrawlGroup], *,
              config_path: str | None, func: Callable[..., Any] | str | None = None,
              first_run: datetime | None = None) -> SyncReport:
    """Make the started (paused) scheduler's jobs match ``groups``.

    A job that already exists keeps its next run time (only its sites and settings are
    refreshed); a new job first runs at ``first_run`` (default now); jobs of intervals no longer
    configured are removed. ``func`` defaults to :func:`crawl_and_publish`.
    """
    job_func = func or crawl_and_publish
    wanted = {group.job_id: group for group in groups}
    added, kept, removed = [], [], []
    for job in scheduler.get_jobs():
        if job.id not in wanted:
            scheduler.remove_job(job.id)
            removed.append(job.id)
    for job_id, group in wanted.items():
        settings: dict[str, Any] = {
            "args": (config_path, group.site_ids),
            "name": f"crawl {len(group.site_ids)} site(s) every {format_interval(group.every_seconds)}",
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": group.every_seconds,
        }
        if scheduler.get_job(job_id) is not None:
            scheduler.modify_job(job_id, func=job_func, **settings)
            kept.append(job_id)
            continue
        trigger = IntervalTrigger(seconds=group.every_seconds, timezone=VN_TZ,
                                  jitter=jitter_seconds(group.every_seconds))
        scheduler.add_job(job_func, trigger, id=job_id, replace_existing=True,
                          next_run_time=first_run or datetime.now(VN_TZ), **settings)
        added.append(job_id)
    return SyncReport(tuple(added), tuple(kept), tuple(removed))


@dataclass(frozen=True, slots=True)
class ScheduledJob:
    job_id: str
    next_run: datetime | None
    site_ids: tuple[str, ...]


def scheduled_jobs(engine: Engine) -> list[ScheduledJob]:
    """The jobs stored by ``aggregator run`` (none if it never ran), read without a scheduler."""
    if not inspect(engine).has_table(JOBS_TABLE):
        return []
    store = SQLAlchemyJobStore(engine=engine, tablename=JOBS_TABLE)
    store.start(None, "default")
    return [ScheduledJob(job.id, job.next_run_time, tuple(job.args[1]))
            for job in store.get_all_jobs()]


class ChildCrawls:
    """The crawl child processes of this scheduler process, so a signal can stop them.

    Process-wide by nature (signals and child processes are), hence the module-level instance
    :data:`children`: stored jobs can only name a module-level function, not an object.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: set[subprocess.Popen[bytes]] = set()
        self.stopping = threading.Event()

    def run(self, command: Sequence[str]) -> int | None:
        """Run ``command`` to completion; None when stopping (nothing is started then)."""
        with self._lock:
            if self.stopping.is_set():
                return None
            # Own session: a terminal's Ctrl-C reaches only the scheduler, which forwards one
            # SIGTERM; a second signal would make Scrapy abandon the crawl uncleanly.
            child = subprocess.Popen(list(command), start_new_session=True)
            self._running.add(child)
        try:
            return child.wait()
        finally:
            with self._lock:
                self._running.discard(child)

    def stop(self) -> None:
        """Start no more crawls; ask running ones to finish (Scrapy stores what it fetched)."""
        with self._lock:
            self.stopping.set()
            for child in self._running:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)


children = ChildCrawls()


def crawl_command(config_path: str | None, site_ids: Sequence[str]) -> list[str]:
    """The ``aggregator crawl`` command line for ``site_ids`` (as the child process runs it)."""
    command = [sys.executable, "-m", "aggregator"]
    if config_path:
        command += ["--config", config_path]
    if logging.getLogger().isEnabledFor(logging.INFO):
        command.append("--verbose")
    command.append("crawl")
    for site_id in site_ids:
        command += ["--site", site_id]
    return command


def crawl_and_publish(config_path: str | None, site_ids: Sequence[str]) -> None:
    """The scheduled job: crawl ``site_ids`` in a child process, then publish every feed.

    A child process per crawl because Twisted's reactor cannot be restarted in one process (and
    a crawl that misbehaves cannot take the scheduler down). Publishing follows even a failed or
    interrupted crawl: it only writes what is stored, and writes nothing when nothing changed.
    """
    config = load_config(config_path)
    known = {site.id for site in config.sites}
    sites = [site_id for site_id in site_ids if site_id in known]
    if sites:
        code = children.run(crawl_command(config_path, sites))
        if code == EXIT_BUSY:
            log.warning("crawl of %d site(s) skipped: another crawl is using the store",
                        len(sites))
        elif children.stopping.is_set() and code == -signal.SIGTERM:
            log.info("crawl of %d site(s) ended by the stop request", len(sites))
        elif code not in (0, None):
            log.error("crawl of %d site(s) exited with status %s; publishing what is stored",
                      len(sites), code)
    written, unchanged = publish_feeds(config)
    print(f"published: {written} file(s) written, {unchanged} unchanged", flush=True)
