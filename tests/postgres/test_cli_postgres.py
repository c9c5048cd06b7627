"""End to end on PostgreSQL: the real command line crawls the sample sites into a PostgreSQL
store, crawls again incrementally, publishes and reports status; the crawl lock and the
scheduler's persistent jobs work on a PostgreSQL URL as they do on SQLite."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import feedparser
import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine

from aggregator.commands.scheduling import JOB_ID, create_scheduler, scheduled_jobs, sync_jobs
from aggregator.dates import VN_TZ
from aggregator.run_lock import EXIT_BUSY, hold_run_lock
from aggregator.sample_sites import SampleSites
from aggregator.schema import Article
from aggregator.store import ArticleStore, open_engine
from aggregator.urls import canonical_url
from tests.support import SITES_ROOT, expected_for, run_cli, run_until_published, write_config

if TYPE_CHECKING:
    from tests.postgres.conftest import PostgresServer

pytestmark = pytest.mark.slow

SITES = sorted(p.name for p in SITES_ROOT.iterdir() if (p / "expected.json").is_file())
WAIT = 10  # seconds to wait for an event that should come at once; only reached on failure


@dataclass(frozen=True, slots=True)
class Crawled:
    config: Path
    url: str
    out: Path
    sites: SampleSites


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory, pg_server: PostgresServer,
            sample_sites: SampleSites) -> Crawled:
    """One crawl and publish of every sample site into a PostgreSQL database of its own."""
    tmp_path = tmp_path_factory.mktemp("pg-e2e")
    url = pg_server.create_database()
    config = write_config(tmp_path, sample_sites.site_entries_toml(), storage_url=url)
    sample_sites.take_responses()  # start this crawl's log empty
    run_cli("crawl", config=config)
    run_cli("publish", config=config)
    return Crawled(config, url, tmp_path / "public", sample_sites)


def stored(url: str) -> dict[str, Article]:
    """Every stored article by canonical URL."""
    store = ArticleStore(url)
    try:
        return {canonical_url(a.url): a for a in store.latest(limit=100_000)}
    finally:
        store.close()


def parse(path: Path) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(path.read_bytes())
    assert parsed.bozo == 0, f"{path.name}: {parsed.get('bozo_exception')}"
    return parsed


def test_crawl_stores_every_expected_article(crawled: Crawled) -> None:
    articles = stored(crawled.url)
    for site in SITES:
        base = crawled.sites.base_urls[site]
        for expected in expected_for(site)["articles"]:
            url = canonical_url(base + expected["path"])
            assert url in articles, f"{site}{expected['path']} not stored"
            article = articles[url]
            assert article.title == expected["title"]
            published = article.published
            assert published is not None
            assert published.replace(second=0) == datetime.fromisoformat(expected["published"])
            assert published.utcoffset() == timedelta(hours=7)


def test_published_feeds_are_valid(crawled: Crawled) -> None:
    entries = parse(crawled.out / "all.atom").entries
    assert entries
    for path in sorted([*crawled.out.rglob("*.atom"), *crawled.out.rglob("*.rss")]):
        parse(path)
    for site in SITES:
        links = {canonical_url(e.link) for e in parse(crawled.out / "source" / f"{site}.atom").entries}
        base = crawled.sites.base_urls[site]
        assert {canonical_url(base + a["path"]) for a in expected_for(site)["articles"]} <= links


def test_status_shows_every_site_with_its_last_run(crawled: Crawled) -> None:
    table = run_cli("status", config=crawled.config).stdout
    rows = {line.split()[0]: line for line in table.splitlines() if line.strip()}
    for site in SITES:
        assert site in rows and "never run" not in rows[site]
    assert f"{len(SITES)} site(s)" in table


def test_second_crawl_adds_nothing_keeps_ids_and_uses_304s(crawled: Crawled) -> None:
    before = stored(crawled.url)
    crawled.sites.take_responses()
    second = run_cli("crawl", config=crawled.config)
    responses = crawled.sites.take_responses()
    assert "0 new" in second.stdout
    assert stored(crawled.url) == before
    article_paths = {(site, a["path"]) for site in SITES for a in expected_for(site)["articles"]}
    assert not [r for r in responses if (r.site, r.path) in article_paths and r.status == 200]
    assert any(r.status == 304 for r in responses)
    store = ArticleStore(crawled.url)
    try:
        latest = [store.recent_site_runs(site, limit=1)[0] for site in SITES]
    finally:
        store.close()
    assert sum(run.not_modified for run in latest) > 0
    assert sum(run.skipped_known for run in latest) > 0
    assert sum(run.new + run.updated for run in latest) == 0


def test_a_crawl_is_refused_while_another_holds_the_store(crawled: Crawled) -> None:
    with hold_run_lock(crawled.url, "crawl"):
        refused = run_cli("crawl", config=crawled.config, check=False)
    assert refused.returncode == EXIT_BUSY
    assert "another crawl is already running on this store" in refused.stderr
    assert "Traceback" not in refused.stderr


# ---- the scheduler's job store on PostgreSQL -------------------------------------------------

runs: list[tuple[str, ...]] = []
ran = threading.Event()


def record_run(_config_path: str | None, site_ids: tuple[str, ...]) -> None:
    """Stand-in for crawl_and_publish: module-level, so the job store can keep a reference."""
    runs.append(tuple(site_ids))
    ran.set()


@pytest.fixture
def engine(pg_url: str) -> Iterator[Engine]:
    runs.clear()
    ran.clear()
    engine = open_engine(pg_url)
    yield engine
    engine.dispose()


def started(engine: Engine) -> BackgroundScheduler:
    scheduler = create_scheduler(engine)
    scheduler.start(paused=True)
    return scheduler


def test_jobs_survive_a_scheduler_restart(engine: Engine, tmp_path: Path,
                                          sample_sites: SampleSites) -> None:
    first_run = datetime.now(VN_TZ) + timedelta(minutes=7)
    sites = ("baolangson", "husta", "vusta")
    # The real job function (the schedulers are never resumed, so it never runs): the status
    # command below restores the stored jobs in another process, which must import it.
    scheduler = started(engine)
    sync_jobs(scheduler, sites, config_path=None, first_run=first_run)
    scheduler.shutdown()

    # A new process: its own engine on the same database.
    restarted_engine = open_engine(engine.url.render_as_string(hide_password=False))
    restarted = started(restarted_engine)
    try:
        report = sync_jobs(restarted, sites, config_path=None)
        after = {job.id: job.next_run_time for job in restarted.get_jobs()}
    finally:
        restarted.shutdown()
        restarted_engine.dispose()
    assert report.kept == (JOB_ID,) and not report.added
    assert all(abs(when - first_run) < timedelta(milliseconds=1) for when in after.values())
    jobs = {job.job_id: job.site_ids for job in scheduled_jobs(engine)}
    assert jobs == {JOB_ID: sites}


def test_a_job_due_while_stopped_runs_once_after_restart(engine: Engine) -> None:
    scheduler = started(engine)
    sync_jobs(scheduler, ("husta",), config_path=None, func=record_run,
              first_run=datetime.now(VN_TZ) - timedelta(hours=5), tick_seconds=3600)
    scheduler.shutdown()

    restarted = started(engine)
    try:
        sync_jobs(restarted, ("husta",), config_path=None, func=record_run, tick_seconds=3600)
        restarted.resume()
        assert ran.wait(WAIT), "the overdue job did not run"
        job = restarted.get_job(JOB_ID)
        next_run = job.next_run_time if job is not None else None
    finally:
        restarted.shutdown(wait=True)
    assert runs == [("husta",)]
    assert next_run is not None and next_run > datetime.now(VN_TZ)


def test_aggregator_run_schedules_crawls_and_publishes_on_postgresql(
        tmp_path: Path, pg_url: str, sample_sites: SampleSites) -> None:
    """The real scheduler: its first due job crawls (in a child process) and publishes; the job
    stays stored in PostgreSQL with its next run time after a stop."""
    config = write_config(tmp_path, sample_sites.site_entries_toml(), storage_url=pg_url)
    feed = tmp_path / "public" / "all.atom"
    returncode, output = run_until_published(config, feed)
    assert returncode == 0, output
    assert parse(feed).entries
    engine = open_engine(pg_url)
    try:
        jobs = scheduled_jobs(engine)
    finally:
        engine.dispose()
    assert sorted(site for job in jobs for site in job.site_ids) == SITES
    assert all(job.next_run is not None and job.next_run > datetime.now(VN_TZ) for job in jobs)
