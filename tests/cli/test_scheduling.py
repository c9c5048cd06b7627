"""The persistent schedule: the due-sites job, restarts, coalescing, no overlap, stale jobs.

Schedulers here run against a temporary SQLite job store with a stand-in job function; nothing
sleeps: missed runs are made by storing a next run time in the past, and the tests wait on
events the jobs set.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.events import EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine

from aggregator.commands.scheduling import (
    JOB_ID,
    MAX_JITTER_SECONDS,
    TICK_SECONDS,
    ChildCrawls,
    crawl_command,
    create_scheduler,
    format_interval,
    jitter_seconds,
    scheduled_jobs,
    sync_jobs,
)
from aggregator.dates import VN_TZ
from aggregator.intervals import parse_interval
from aggregator.store import open_engine

HOUR = 3600
WAIT = 10  # seconds to wait for an event that should come at once; only reached on failure

runs: list[tuple[str, ...]] = []
ran = threading.Event()
release = threading.Event()


def record_run(_config_path: str | None, site_ids: tuple[str, ...]) -> None:
    """Stand-in for crawl_and_publish: module-level, so the job store can keep a reference."""
    runs.append(tuple(site_ids))
    ran.set()


def block_run(_config_path: str | None, site_ids: tuple[str, ...]) -> None:
    record_run(_config_path, site_ids)
    release.wait(WAIT)


@pytest.fixture(autouse=True)
def _reset() -> None:
    runs.clear()
    ran.clear()
    release.clear()


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = open_engine(f"sqlite:///{tmp_path / 'store.db'}")
    yield engine
    engine.dispose()


def later() -> datetime:
    return datetime.now(VN_TZ) + timedelta(minutes=7)


def started(engine: Engine) -> BackgroundScheduler:
    scheduler = create_scheduler(engine)
    scheduler.start(paused=True)
    return scheduler


SITES = ("a", "b", "c")


@pytest.mark.parametrize("text", ["1m", "15m", "1h30m", "2h", "1d", "1d2h3m"])
def test_job_ids_spell_the_interval_as_the_config_does(text: str) -> None:
    assert format_interval(parse_interval(text)) == text


def test_jitter_is_a_tenth_of_the_interval_capped() -> None:
    assert jitter_seconds(15 * 60) == 90
    assert jitter_seconds(24 * HOUR) == MAX_JITTER_SECONDS


def test_one_job_looks_for_the_due_sites_every_tick(engine: Engine) -> None:
    scheduler = started(engine)
    try:
        report = sync_jobs(scheduler, SITES, config_path="/etc/a.toml", func=record_run,
                           first_run=later())
        jobs = {job.id: job for job in scheduler.get_jobs()}
    finally:
        scheduler.shutdown()
    assert report.added == (JOB_ID,)
    assert set(jobs) == {JOB_ID}
    job = jobs[JOB_ID]
    assert job.args == ("/etc/a.toml", SITES)
    assert job.trigger.interval == timedelta(seconds=TICK_SECONDS)
    assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (True, 1, TICK_SECONDS)
    assert job.trigger.jitter == TICK_SECONDS // 10


def test_jobs_survive_a_restart_with_their_next_run_time(engine: Engine) -> None:
    first_run = later()
    scheduler = started(engine)
    sync_jobs(scheduler, SITES, config_path=None, func=record_run, first_run=first_run)
    before = {job.id: job.next_run_time for job in scheduler.get_jobs()}
    scheduler.shutdown()

    restarted = started(create_engine_like(engine))
    try:
        # The site list may change; the next run must not move.
        report = sync_jobs(restarted, ("a", "c", "z"), config_path=None, func=record_run)
        after = {job.id: job for job in restarted.get_jobs()}
    finally:
        restarted.shutdown()
    assert report.kept == (JOB_ID,) and not report.added
    assert {job_id: job.next_run_time for job_id, job in after.items()} == before
    assert abs(before[JOB_ID] - first_run) < timedelta(milliseconds=1)
    assert after[JOB_ID].args == (None, ("a", "c", "z"))
    assert runs == []


def create_engine_like(engine: Engine) -> Engine:
    """A second engine on the same database, as a restarted process would open."""
    return open_engine(engine.url.render_as_string(hide_password=False))


def test_per_interval_jobs_of_older_versions_are_removed_at_start(engine: Engine) -> None:
    scheduler = started(engine)
    scheduler.add_job(record_run, "interval", minutes=15, id="crawl-every-15m",
                      args=(None, ("a",)), next_run_time=later())
    scheduler.shutdown()

    restarted = started(engine)
    try:
        report = sync_jobs(restarted, SITES, config_path=None, func=record_run)
        remaining = [job.id for job in restarted.get_jobs()]
    finally:
        restarted.shutdown()
    assert report.removed == ("crawl-every-15m",)
    assert remaining == [JOB_ID]


def test_a_run_due_during_shutdown_stays_due(engine: Engine,
                                             caplog: pytest.LogCaptureFixture) -> None:
    due = datetime.now(VN_TZ) - timedelta(minutes=1)
    scheduler = started(engine)
    sync_jobs(scheduler, ("a",), config_path=None, func=record_run, first_run=due,
              tick_seconds=HOUR)
    scheduler.shutdown(wait=True)
    [job] = scheduled_jobs(engine)
    assert job.next_run is not None and abs(job.next_run - due) < timedelta(milliseconds=1)
    assert runs == [] and "Error submitting job" not in caplog.text


def test_runs_missed_while_stopped_are_coalesced_into_one(engine: Engine) -> None:
    scheduler = started(engine)
    sync_jobs(scheduler, ("a",), config_path=None, func=record_run, first_run=later(),
              tick_seconds=HOUR)
    scheduler.shutdown()

    missed: list[JobExecutionEvent] = []
    restarted = started(engine)
    restarted.add_listener(missed.append, EVENT_JOB_MISSED)
    try:
        # As if the service had been down for five intervals: the stored run time is long past.
        restarted.modify_job(JOB_ID, next_run_time=datetime.now(VN_TZ) - 5 * timedelta(hours=1))
        sync_jobs(restarted, ("a",), config_path=None, func=record_run, tick_seconds=HOUR)
        restarted.resume()
        assert ran.wait(WAIT), "the overdue job did not run"
        next_run = restarted.get_job(JOB_ID).next_run_time
    finally:
        restarted.shutdown(wait=True)
    assert runs == [("a",)]
    assert missed == []  # coalesced: the backlog is one run, not five (four reported missed)
    assert next_run > datetime.now(VN_TZ)


def test_a_run_never_overlaps_the_previous_one(engine: Engine,
                                               caplog: pytest.LogCaptureFixture) -> None:
    skipped = threading.Event()
    scheduler = started(engine)
    scheduler.add_listener(lambda _event: skipped.set(), EVENT_JOB_MAX_INSTANCES)
    try:
        sync_jobs(scheduler, ("a",), config_path=None, func=block_run, tick_seconds=HOUR)
        with caplog.at_level(logging.WARNING, logger="aggregator.commands.scheduling"):
            scheduler.resume()
            assert ran.wait(WAIT), "the job did not start"
            # Due again while the first run is still going (a crawl longer than its interval).
            scheduler.modify_job(JOB_ID, next_run_time=datetime.now(VN_TZ))
            assert skipped.wait(WAIT), "the second run was not refused"
    finally:
        release.set()
        scheduler.shutdown(wait=True)
    assert runs == [("a",)]
    assert JOB_ID in caplog.text and "previous run is still going" in caplog.text


def test_status_reads_the_stored_jobs_without_a_scheduler(engine: Engine) -> None:
    assert scheduled_jobs(engine) == []
    first_run = later()
    scheduler = started(engine)
    sync_jobs(scheduler, SITES, config_path=None, func=record_run, first_run=first_run)
    scheduler.shutdown()
    jobs = {job.job_id: job for job in scheduled_jobs(engine)}
    assert jobs[JOB_ID].site_ids == SITES
    next_run = jobs[JOB_ID].next_run
    assert next_run is not None and abs(next_run - first_run) < timedelta(milliseconds=1)


def test_crawl_command_names_each_site() -> None:
    command = crawl_command("/srv/a.toml", ["a", "b"])
    assert command[:3] == [sys.executable, "-m", "aggregator"]
    assert command[3:5] == ["--config", "/srv/a.toml"]
    assert command[-5:] == ["crawl", "--site", "a", "--site", "b"]


def test_stopping_terminates_the_running_child_and_starts_no_more(tmp_path: Path) -> None:
    crawls = ChildCrawls()
    marker = tmp_path / "up"
    codes: list[int | None] = []
    child = f"import pathlib, time; pathlib.Path({str(marker)!r}).touch(); time.sleep(60)"
    worker = threading.Thread(target=lambda: codes.append(crawls.run([sys.executable, "-c", child])))
    worker.start()
    deadline = time.monotonic() + WAIT
    while not marker.exists() and time.monotonic() < deadline:  # a process starting, not a timer
        time.sleep(0.01)
    crawls.stop()
    worker.join(WAIT)
    assert codes == [-signal.SIGTERM]
    assert crawls.run([sys.executable, "-c", "pass"]) is None
