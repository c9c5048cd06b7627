"""Distributed mode on a real PostgreSQL server: three `aggregator worker` processes on loopback
over the sample sites.

Measured, not asserted from the code: each site is crawled once per period (the sample
servers' log holds as many robots.txt requests per site as one single-host crawl), every article is stored and
published exactly once, a worker SIGKILLed mid-crawl has its site finished by another, a worker
SIGTERMed mid-crawl exits 0 and hands its job back, and restarting every worker does not crawl
the period again. The deferral itself is also driven with a simulated clock across periods.
"""

from __future__ import annotations

import asyncio
import re
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import feedparser
import pytest
from sqlalchemy import Engine, text

from aggregator.config import load_config
from aggregator.distributed.names import CRAWL_TASK, PUBLISH_TASK, STALLED_AFTER_SECONDS
from aggregator.distributed.periods import next_period_start, phase
from aggregator.distributed.queue_schema import prepare_queue
from aggregator.distributed.schedule import (
    HOUSEKEEPING_SECONDS,
    Deferrer,
    SitePeriods,
    site_periods,
)
from aggregator.distributed.tasks import create_app
from aggregator.sample_sites import SampleSites, Served
from aggregator.store import ArticleStore, open_engine
from aggregator.urls import canonical_url
from tests.support import SITES_ROOT, expected_for, run_cli, start_cli, write_config

pytestmark = pytest.mark.slow

SITES = sorted(p.name for p in SITES_ROOT.iterdir() if (p / "expected.json").is_file())
WORKERS = 3
HANDED_BACK_WITHIN = STALLED_AFTER_SECONDS + HOUSEKEEPING_SECONDS + 10  # + start-up slack


def libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def wait_until(condition: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")


@dataclass
class Worker:
    process: subprocess.Popen[str]
    log: Path
    _handle: IO[str]

    def output(self) -> str:
        return self.log.read_text("utf-8", "replace")

    def ready(self) -> bool:
        return "on queues" in self.output()

    def stop(self, timeout: float = 60) -> int:
        """SIGTERM, then the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        finally:
            self._handle.close()


class Cluster:
    """Workers over one config, plus read access to the queue and the store."""

    def __init__(self, config: Path, url: str, tmp_path: Path) -> None:
        self.config = config
        self.url = url
        self.tmp_path = tmp_path
        self.engine: Engine = open_engine(url)
        self.workers: list[Worker] = []

    def start(self, count: int = WORKERS, *args: str) -> list[Worker]:
        started = []
        for _ in range(count):
            log = self.tmp_path / f"worker-{len(self.workers) + len(started)}.log"
            handle = log.open("w", encoding="utf-8")
            process = start_cli("worker", *args, config=self.config, output=handle)
            started.append(Worker(process, log, handle))
        self.workers += started
        wait_until(lambda: all(w.ready() or w.process.poll() is not None for w in started), 60,
                   "the workers to start")
        for worker in started:
            assert worker.process.poll() is None, worker.output()
        return started

    def rows(self, query: str, **params: Any) -> list[Any]:
        with self.engine.connect() as conn:
            return list(conn.execute(text(query), params))

    def crawl_jobs(self) -> list[Any]:
        return self.rows("SELECT id, args->>'site_id' AS site, (args->>'timestamp')::bigint AS ts,"
                         " status::text AS status, worker_id, attempts FROM procrastinate_jobs "
                         "WHERE task_name = :task ORDER BY id", task=CRAWL_TASK)

    def publish_statuses(self) -> list[str]:
        return [row.status for row in self.rows(
            "SELECT status::text AS status FROM procrastinate_jobs WHERE task_name = :task",
            task=PUBLISH_TASK)]

    def settled(self) -> bool:
        """Every site's crawl succeeded and no publish is waiting or running."""
        jobs = self.crawl_jobs()
        done = {job.site for job in jobs if job.status == "succeeded"}
        publish = self.publish_statuses()
        return (done == set(SITES) and bool(publish)
                and not {"todo", "doing"} & set(publish))

    def close(self) -> None:
        for worker in self.workers:
            if worker.process.poll() is None:
                worker.process.kill()
                worker.process.wait()
        self.engine.dispose()


QUIET_SECONDS = 15 * 60
"""No site's crawl period may end this soon after a cluster is made: a real period boundary
inside a test would rightly defer a second crawl and break the "once per period" counts."""

OWN_INTERVAL = re.compile(r"^every\s*=.*\n", re.MULTILINE)
"""A site entry's own ``every`` line. A sample site may crawl on a shorter interval of its own
(baolangson: 15 minutes) that no choice of ``schedule.every`` can keep open for
`QUIET_SECONDS`; the cluster tests drop it so the quiet interval governs every site."""


def quiet_interval_minutes(now: float) -> int:
    """An interval (minutes, 1-3 h) whose current period lasts at least `QUIET_SECONDS` more for
    every sample site, their per-site phases included."""
    for minutes in range(60, 181):
        every = minutes * 60
        if all(next_period_start(now, every, phase(site, every)) - now >= QUIET_SECONDS
               for site in SITES):
            return minutes
    raise AssertionError("no interval of 1-3 h keeps every site's period open for 15 minutes")


def seconds_of_quiet_left(config: Path, now: float) -> float:
    """How long, from ``now``, no site of ``config`` starts a new crawl period."""
    return min(site.next_start(now) for site in site_periods(load_config(str(config)))) - now


@pytest.fixture
def make_cluster(tmp_path: Path, pg_url: str, sample_sites: SampleSites
                 ) -> Iterator[Callable[..., Cluster]]:
    clusters: list[Cluster] = []

    def make(**crawl: object) -> Cluster:
        now = time.time()
        every = quiet_interval_minutes(now)
        sites_toml = OWN_INTERVAL.sub("", sample_sites.site_entries_toml())
        config = write_config(tmp_path, f"[schedule]\nevery = \"{every}m\"\n\n" + sites_toml,
                              crawl=crawl, storage_url=pg_url)
        assert seconds_of_quiet_left(config, now) >= QUIET_SECONDS
        cluster = Cluster(config, pg_url, tmp_path)
        clusters.append(cluster)
        return cluster

    sample_sites.take_responses()
    yield make
    for cluster in clusters:
        cluster.close()


def robots_fetches(responses: list[Served]) -> Counter[str]:
    """robots.txt requests per site: a fixed number per crawl of a site (Scrapy's robots
    middleware, plus discovery reading its Sitemap lines on some sites)."""
    return Counter(r.site for r in responses if r.path == "/robots.txt")


@pytest.fixture(scope="module")
def one_crawl(tmp_path_factory: pytest.TempPathFactory, sample_sites: SampleSites) -> Counter[str]:
    """robots.txt requests of one single-host `aggregator crawl` of every site: the yardstick
    of "crawled once"."""
    tmp_path = tmp_path_factory.mktemp("one-crawl")
    sample_sites.take_responses()
    run_cli("crawl", config=write_config(tmp_path, sample_sites.site_entries_toml()))
    counts = robots_fetches(sample_sites.take_responses())
    assert set(counts) == set(SITES)
    return counts


def stored_urls(url: str) -> list[str]:
    store = ArticleStore(url)
    try:
        return [canonical_url(a.url) for a in store.latest(limit=100_000)]
    finally:
        store.close()


def expected_urls(sample_sites: SampleSites, site: str) -> set[str]:
    base = sample_sites.base_urls[site]
    return {canonical_url(base + a["path"]) for a in expected_for(site)["articles"]}


def test_three_workers_crawl_each_site_once_and_publish_every_article_once(
        one_crawl: Counter[str], make_cluster: Callable[..., Cluster],
        sample_sites: SampleSites) -> None:
    cluster = make_cluster()
    cluster.start()
    wait_until(cluster.settled, 120, "every site crawled and published")

    jobs = cluster.crawl_jobs()
    assert Counter(job.site for job in jobs) == dict.fromkeys(SITES, 1)
    assert robots_fetches(sample_sites.take_responses()) == one_crawl

    urls = stored_urls(cluster.url)
    assert len(urls) == len(set(urls)), "an article was stored twice"
    feed = feedparser.parse((cluster.tmp_path / "public" / "all.atom").read_bytes())
    assert not feed.bozo
    links = Counter(canonical_url(entry.link) for entry in feed.entries)
    for site in SITES:
        expected = expected_urls(sample_sites, site)
        assert expected <= set(urls), f"{site}: not stored: {expected - set(urls)}"
        assert all(links[url] == 1 for url in expected), f"{site}: not published exactly once"
    assert all(count == 1 for count in links.values())

    # Every worker stops cleanly on SIGTERM ...
    for worker in cluster.workers:
        assert worker.stop() == 0, worker.output()
        assert "stopped" in worker.output()
    # ... and a restart of all of them in the same period crawls nothing again.
    cluster.start()
    time.sleep(HOUSEKEEPING_SECONDS + 2)  # a full scheduling round of every worker
    assert robots_fetches(sample_sites.take_responses()) == {}
    assert len(cluster.crawl_jobs()) == len(SITES)
    for worker in cluster.workers[WORKERS:]:
        assert worker.stop() == 0, worker.output()


def test_a_killed_worker_s_site_is_finished_by_another_and_sigterm_hands_a_crawl_back(
        make_cluster: Callable[..., Cluster], sample_sites: SampleSites) -> None:
    # About a second per request, so each site's crawl lasts ~10 s and can be interrupted.
    cluster = make_cluster(download_delay=1.0)
    workers = cluster.start()
    by_pid = {w.process.pid: w for w in workers}

    def running_job() -> Any:
        rows = cluster.rows(
            "SELECT j.id, j.args->>'site_id' AS site, j.worker_id, w.name FROM procrastinate_jobs j"
            " JOIN aggregator_workers w ON w.worker_id = j.worker_id"
            " WHERE j.task_name = :task AND j.status = 'doing' ORDER BY j.id", task=CRAWL_TASK)
        return rows[0] if rows else None

    victim_job = wait_until(running_job, 60, "a crawl to start")
    # `aggregator status` names the worker holding the running crawl.
    status = run_cli("status", "--site", victim_job.site, config=cluster.config).stdout
    assert re.search(rf"{re.escape(victim_job.site)}\s.*running on {re.escape(victim_job.name)}",
                     status), status
    wait_until(lambda: sum(1 for r in sample_sites.response_log if r.site == victim_job.site) >= 3,
               30, "the crawl to be under way")
    victim = by_pid[int(victim_job.name.rsplit(":", 1)[1])]
    victim.process.send_signal(signal.SIGKILL)
    victim.process.wait()
    killed_at = time.monotonic()

    def job(job_id: int) -> Any:
        return next(j for j in cluster.crawl_jobs() if j.id == job_id)

    taken = wait_until(lambda: (j := job(victim_job.id)).status == "doing"
                       and j.worker_id != victim_job.worker_id and j,
                       HANDED_BACK_WITHIN + 60, "the killed worker's job to run elsewhere")
    assert time.monotonic() - killed_at < HANDED_BACK_WITHIN + 60

    # SIGTERM the worker that took it over: it exits 0 and hands the crawl back again.
    holder_name = cluster.rows("SELECT name FROM aggregator_workers WHERE worker_id = :id",
                               id=taken.worker_id)[0].name
    holder = by_pid[int(holder_name.rsplit(":", 1)[1])]
    time.sleep(1)
    assert holder.stop() == 0, holder.output()
    assert job(victim_job.id).status in ("todo", "doing", "succeeded")

    # The last worker finishes every site, the killed one's included.
    wait_until(cluster.settled, 180, "every site crawled and published")
    final = job(victim_job.id)
    assert final.status == "succeeded" and final.attempts >= 2
    urls = stored_urls(cluster.url)
    assert len(urls) == len(set(urls))
    for site in SITES:
        assert expected_urls(sample_sites, site) <= set(urls), site
    assert Counter(j.site for j in cluster.crawl_jobs()) == dict.fromkeys(SITES, 1)
    for worker in cluster.workers:
        if worker is not victim and worker is not holder:
            assert worker.stop() == 0, worker.output()


# ---- periodic deferral with a simulated clock ------------------------------------------------

def test_each_period_is_deferred_once_however_many_workers_and_restarts(pg_url: str) -> None:
    """Three deferrers (three workers' worth: own app, own connections) run concurrently over
    four periods; then three fresh ones (a restart of every worker) in the last period. Phases
    are 0 here so the simulated times fall in the same period for every site."""
    every = 600
    sites = [SitePeriods(site, every, 0) for site in SITES]
    t0 = 1_800_000_000.0

    def finish_all(cluster_url: str) -> None:
        engine = open_engine(cluster_url)
        try:
            with engine.begin() as conn:
                conn.execute(text("UPDATE procrastinate_jobs SET status = 'succeeded' "
                                  "WHERE status = 'todo'"))
        finally:
            engine.dispose()

    async def scenario() -> tuple[list[int], list[int], list[int]]:
        apps = [create_app(libpq(pg_url)) for _ in range(3)]
        for app in apps:
            await app.open_async()
        try:
            await prepare_queue(apps[0], libpq(pg_url))
            deferrers = [Deferrer(app, sites) for app in apps]
            created: list[int] = []
            for period in range(4):
                now = t0 + period * every + 1
                results = await asyncio.gather(*(d.defer_due(now) for d in deferrers))
                created += [job for result in results for job in result]
                # A second round in the same period (the next housekeeping tick) adds nothing.
                results = await asyncio.gather(*(d.defer_due(now + 5) for d in deferrers))
                assert not any(results)
                await asyncio.to_thread(finish_all, pg_url)
            restarted = [Deferrer(app, sites) for app in apps]
            again = await asyncio.gather(*(d.defer_due(t0 + 3 * every + 300) for d in restarted))
            # A period whose predecessor still waits is folded into it (the queueing lock).
            folded = [await deferrers[0].defer_due(t0 + 4 * every + 1),
                      await deferrers[1].defer_due(t0 + 5 * every + 1)]
            return created, [j for r in again for j in r], [j for r in folded for j in r]
        finally:
            for app in apps:
                await app.close_async()

    created, after_restart, folded = asyncio.run(scenario())
    assert after_restart == []
    assert len(folded) == len(SITES)  # period 4 queued, period 5 folded into it
    engine = open_engine(pg_url)
    try:
        with engine.connect() as conn:
            rows = list(conn.execute(text(
                "SELECT args->>'site_id' AS site, (args->>'timestamp')::bigint AS ts "
                "FROM procrastinate_jobs WHERE task_name = :task"), {"task": CRAWL_TASK}))
    finally:
        engine.dispose()
    per_period = Counter((row.site, row.ts) for row in rows)
    assert len(created) == 4 * len(SITES)
    assert set(per_period.values()) == {1}
    assert Counter(row.site for row in rows) == dict.fromkeys(SITES, 5)
    # The first period is due at once: deferred at t0 + 1 for the period starting at t0.
    assert min(row.ts for row in rows) == t0
