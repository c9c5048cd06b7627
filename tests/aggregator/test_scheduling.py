"""The persistent schedule: jobs per interval, restarts, coalescing, no overlap, stale jobs.

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
    MAX_JITTER_SECONDS,
    ChildCrawls,
    CrawlGroup,
    crawl_command,
    crawl_groups,
    create_scheduler,
    format_interval,
    jitter_seconds,
    scheduled_jobs,
    sync_jobs,
)
from aggregator.dates import VN_TZ
from aggregator.intervals import parse_interval
from aggregator.registry import SiteEntry
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


def site(site_id: str, every: str | None = None) -> SiteEntry:
    return SiteEntry(id=site_id, name=site_id, kind="newspaper", url=f"https://{site_id}.vn/",
                     every_seconds=parse_interval(every) if every else None)


def later() -> datetime:
    return datetime.now(VN_TZ) + timedelta(minutes=7)


def started(engine: Engine) -> BackgroundScheduler:
    scheduler = create_scheduler(engine)
    scheduler.start(paused=True)
    return scheduler


GROUPS = [CrawlGroup(15 * 60, ("a", "c")), CrawlGroup(30 * 60, ("b",))]


def test_sites_are_grouped_by_their_interval() -> None:
    sites = [site("a", "15m"), site("b"), site("c", "15m"), site("d", "2h"), site("e", "30m")]
    groups = crawl_groups(sites, default_every=30 * 60)
    assert groups == [CrawlGroup(900, ("a", "c")), CrawlGroup(1800, ("b", "e")),
                      CrawlGroup(7200, ("d",))]
    assert [g.job_id for g in groups] == ["crawl-every-15m", "crawl-every-30m", "crawl-every-2h"]


@pytest.mark.parametrize("text", ["1m", "15m", "1h30m", "2h", "1d", "1d2h3m"])
def test_job_ids_spell_the_interval_as_the_config_does(text: str) -> None:
    assert format_interval(parse_interval(text)) == text


def test_jitter_is_a_tenth_of_the_interval_capped() -> None:
    assert jitter_seconds(15 * 60) == 90
    assert jitter_seconds(24 * HOUR) == MAX_JITTER_SECONDS


def test_per_site_intervals_create_one_job_each(engine: Engine) -> None:
    scheduler = started(engine)
    try:
        report = sync_jobs(scheduler, GROUPS, config_path="/etc/a.toml", func=record_run,
                           first_run=later())
        jobs = {job.id: job for job in scheduler.get_jobs()}
    finally:
        scheduler.shutdown()
    assert report.added == ("crawl-every-15m", "crawl-every-30m")
    assert set(jobs) == {"crawl-every-15m", "crawl-every-30m"}
    fifteen = jobs["crawl-every-15m"]
    assert fifteen.args == ("/etc/a.toml", ("a", "c"))
    assert fifteen.trigger.interval == timedelta(minutes=15)
    assert (fifteen.coalesce, fifteen.max_instances, fifteen.misfire_grace_time) == (True, 1, 900)
    assert fifteen.trigger.jitter == 90


def test_jobs_survive_a_restart_with_their_next_run_time(engine: Engine) -> None:
    first_run = later()
    scheduler = started(engine)
    sync_jobs(scheduler, GROUPS, config_path=None, func=record_run, first_run=first_run)
    before = {job.id: job.next_run_time for job in scheduler.get_jobs()}
    scheduler.shutdown()

    restarted = started(create_engine_like(engine))
    try:
        # The site list of a kept interval may change; its next run must not move.
        report = sync_jobs(restarted, [CrawlGroup(900, ("a", "c", "z")), GROUPS[1]],
                           config_path=None, func=record_run)
        after = {job.id: job for job in restarted.get_jobs()}
    finally:
        restarted.shutdown()
    assert report.kept == ("crawl-every-15m", "crawl-every-30m") and not report.added
    assert {job_id: job.next_run_time for job_id, job in after.items()} == before
    assert abs(before["crawl-every-15m"] - first_run) < timedelta(milliseconds=1)
    assert after["crawl-every-15m"].args == (None, ("a", "c", "z"))
    assert runs == []


def create_engine_like(engine: Engine) -> Engine:
    """A second engine on the same database, as a restarted process would open."""
    return open_engine(engine.url.render_as_string(hide_password=False))


def test_stale_interval_jobs_are_removed_at_start(engine: Engine) -> None:
    scheduler = started(engine)
    sync_jobs(scheduler, GROUPS, config_path=None, func=record_run, first_run=later())
    scheduler.shutdown()

    restarted = started(engine)
    try:
        report = sync_jobs(restarted, [CrawlGroup(1800, ("a", "b", "c"))], config_path=None,
                           func=record_run)
        remaining = [job.id for job in restarted.get_jobs()]
    finally:
        restarted.shutdown()
    assert report.removed == ("crawl-every-15m",)
    assert remaining == ["crawl-every-30m"]


def test_a_run_due_during_shutdown_stays_due(engine: Engine,
                                             caplog: pytest.LogCaptureFixture) -> None:
    due = datetime.now(VN_TZ) - timedelta(minutes=1)
    scheduler = started(engine)
    sync_jobs(scheduler, [CrawlGroup(HOUR, ("a",))], config_path=None, func=record_run,
              first_run=due)
    scheduler.shutdown(wait=True)
    [job] = scheduled_jobs(engine)
    assert job.next_run is not None and abs(job.next_run - due) < timedelta(milliseconds=1)
    assert runs == [] and "Error submitting job" not in caplog.text


def test_runs_missed_while_stopped_are_coalesced_into_one(engine: Engine) -> None:
    scheduler = started(engine)
    sync_jobs(scheduler, [CrawlGroup(HOUR, ("a",))], config_path=None, func=record_run,
              first_run=later())
    scheduler.shutdown()

    missed: list[JobExecutionEvent] = []
    restarted = started(engine)
    restarted.add_listener(missed.append, EVENT_JOB_MISSED)
    try:
        # As if the service had been down for five intervals: the stored run time is long past.
        restarted.modify_job("crawl-every-1h", next_run_time=datetime.now(VN_TZ) - 5 * timedelta(hours=1))
        sync_jobs(restarted, [CrawlGroup(HOUR, ("a",))], config_path=None, func=record_run)
        restarted.resume()
        assert ran.wait(WAIT), "the overdue job did not run"
        next_run = restarted.get_job("crawl-every-1h").next_run_time
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
        sync_jobs(scheduler, [CrawlGroup(HOUR, ("a",))], config_path=None, func=block_run)
        with caplog.at_level(logging.WARNING, logger="aggregator.commands.scheduling"):
            scheduler.resume()
            assert ran.wait(WAIT), "the job did not start"
            # Due again while the first run is still going (a crawl longer than its interval).
            scheduler.modify_job("crawl-every-1h", next_run_time=datetime.now(VN_TZ))
            assert skipped.wait(WAIT), "the second run was not refused"
    finally:
        release.set()
        scheduler.shutdown(wait=True)
    assert runs == [("a",)]
    assert "crawl-every-1h" in caplog.text and "previous run is still going" in caplog.text


def test_status_reads_the_stored_jobs_without_a_scheduler(engine: Engine) -> None:
    assert scheduled_jobs(engine) == []
    first_run = later()
    scheduler = started(engine)
    sync_jobs(scheduler, GROUPS, config_path=None, func=record_run, first_run=first_run)
    scheduler.shutdown()
    jobs = {job.job_id: job for job in scheduled_jobs(engine)}
    assert jobs["crawl-every-15m"].site_ids == ("a", "c")
    next_run = jobs["crawl-every-30m"].next_run
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
