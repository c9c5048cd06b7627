"""The schedule of ``aggregator run``: one persistent APScheduler job that crawls the due sites.

Every site has its own adaptive interval (:mod:`aggregator.polling`), planned after each of its
crawls and kept in the store (:mod:`aggregator.site_schedule`). One job with an explicit id
(``crawl-due-sites``) wakes every :data:`TICK_SECONDS`, crawls the sites that are due in one
child process, plans their next runs, applies retention, publishes, and pings the WebSub hub
(:mod:`aggregator.commands.cycle`); when no site is due it does nothing. The job lives in the
store's own database (table ``apscheduler_jobs``), next to the sites' schedule, so a restart
keeps both instead of postponing every crawl.

Job settings, and why:

- ``coalesce``: after downtime, the ticks missed meanwhile become one run, not a burst;
- ``max_instances=1`` and one worker thread: crawls never overlap, in this process or (through
  the crawl lock of :mod:`aggregator.run_lock`) with a manual ``aggregator crawl``;
- ``misfire_grace_time`` = the tick: a late tick still happens; the sites it finds due do not
  depend on when it runs;
- ``jitter``: a tenth of the tick, so instances started at the same time do not all hit the
  same provincial servers on the same second.

Stored jobs hold only a reference to the module-level :func:`crawl_and_publish` and plain
arguments (config path, site ids), as a database job store requires.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
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

from aggregator.commands.cycle import run_cycle
from aggregator.config import load_config
from aggregator.dates import VN_TZ
from aggregator.registry import SiteEntry
from aggregator.run_lock import EXIT_BUSY

log = logging.getLogger(__name__)

JOBS_TABLE = "apscheduler_jobs"
JOB_ID = "crawl-due-sites"
TICK_SECONDS = 60
"""How often the job looks for due sites: adds half a minute to the mean delay, costs one
query when nothing is due."""
MAX_JITTER_SECONDS = 300


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


def sync_jobs(scheduler: BaseScheduler, site_ids: Sequence[str], *, config_path: str | None,
              func: Callable[..., Any] | str | None = None, first_run: datetime | None = None,
              tick_seconds: int = TICK_SECONDS) -> SyncReport:
    """Make the started (paused) scheduler hold exactly the :data:`JOB_ID` job for ``site_ids``.

    An existing job keeps its next run time (only its sites and settings are refreshed); a new
    one first runs at ``first_run`` (default now); any other job (the per-interval jobs of
    older versions) is removed. ``func`` defaults to :func:`crawl_and_publish`.
    """
    job_func = func or crawl_and_publish
    removed = []
    for job in scheduler.get_jobs():
        if job.id != JOB_ID:
            scheduler.remove_job(job.id)
            removed.append(job.id)
    settings: dict[str, Any] = {
        "args": (config_path, tuple(site_ids)),
        "name": f"crawl the due ones of {len(site_ids)} site(s)",
        "coalesce": True,
        "max_instances": 1,
        "misfire_grace_time": tick_seconds,
    }
    if scheduler.get_job(JOB_ID) is not None:
        scheduler.modify_job(JOB_ID, func=job_func, **settings)
        return SyncReport((), (JOB_ID,), tuple(removed))
    trigger = IntervalTrigger(seconds=tick_seconds, timezone=VN_TZ,
                              jitter=jitter_seconds(tick_seconds))
    scheduler.add_job(job_func, trigger, id=JOB_ID, replace_existing=True,
                      next_run_time=first_run or datetime.now(VN_TZ), **settings)
    return SyncReport((JOB_ID,), (), tuple(removed))


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


def crawl_in_child(config_path: str | None, sites: Sequence[SiteEntry]) -> bool:
    """Crawl ``sites`` in a child process; False when it did not run (the store was busy or
    the scheduler is stopping), so their schedule stays as it was and they stay due.

    A child process per crawl because Twisted's reactor cannot be restarted in one process (and
    a crawl that misbehaves cannot take the scheduler down).
    """
    ids = [site.id for site in sites]
    code = children.run(crawl_command(config_path, ids))
    if code is None:
        return False
    if code == EXIT_BUSY:
        log.warning("crawl of %d site(s) skipped: another crawl is using the store", len(ids))
        return False
    if children.stopping.is_set() and code == -signal.SIGTERM:
        log.info("crawl of %d site(s) ended by the stop request", len(ids))
    elif code != 0:
        log.error("crawl of %d site(s) exited with status %s; publishing what is stored",
                  len(ids), code)
    return True


def crawl_and_publish(config_path: str | None, site_ids: Sequence[str]) -> None:
    """The scheduled job: one cycle over the due ones of ``site_ids`` (see
    :func:`aggregator.commands.cycle.run_cycle`); nothing at all when none is due."""
    config = load_config(config_path)
    wanted = set(site_ids)
    sites = [site for site in config.sites if site.id in wanted]
    report = run_cycle(config, sites, lambda due: crawl_in_child(config_path, due))
    if report is not None:
        print(f"crawled {len(report.crawled)} due site(s); published: {report.written} file(s) "
              f"written, {report.unchanged} unchanged", flush=True)
