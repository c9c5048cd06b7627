"""The Procrastinate app of distributed mode and its two tasks.

``crawl_site(site_id, timestamp)`` (queue ``crawl``) crawls one site in a child process, then
defers a publish when the crawl changed the store. ``timestamp`` names the period the job was
deferred for (see :mod:`aggregator.distributed.periods`); Procrastinate requires it of jobs
deferred through its periodic table, and it makes every job's period visible in the queue.

Locks, and why:

- a crawl job has ``lock = queueing_lock = "crawl:<site>"``: Procrastinate never runs two jobs
  with the same lock at once (a site is never crawled by two workers at once), and refuses a
  second *waiting* job with the same queueing lock (a period deferred while the previous one
  still waits is folded into it instead of queuing a burst);
- a publish job has ``lock = queueing_lock = "publish"``: one publish at a time, and at most one
  waiting. A waiting publish reads the store when it starts, so it covers every crawl that
  finished before that; a crawl finishing while a publish runs queues the next one.

The tasks get their config from the :class:`WorkerRuntime` the worker builds; an app built
without one (``aggregator status``, tests) can defer and inspect jobs but not run them.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import json
import logging
import signal
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from procrastinate import App, PsycopgConnector, RetryStrategy
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.job_context import JobContext

from aggregator.config import Config
from aggregator.distributed.names import (
    CRAWL_QUEUE,
    CRAWL_TASK,
    PUBLISH_LOCK,
    PUBLISH_QUEUE,
    PUBLISH_TASK,
    crawl_lock,
)
from aggregator.registry import SiteEntry

log = logging.getLogger(__name__)

HAND_BACK_ATTEMPTS = 20
"""A crawl interrupted by a worker's SIGTERM goes back to the queue at most this many times
(a rolling restart of every host hands a job back once per host at worst)."""


class CrawlHandedBack(Exception):
    """The worker is stopping and interrupted this crawl: the job goes back to the queue and
    another worker (or this one, restarted) crawls the site again, incrementally."""


class CrawlFailed(Exception):
    """The crawl child crashed or could not start; the job is failed (the next period tries
    again, and ``aggregator status`` shows it)."""


def _parent_death_signal() -> None:
    """Run in the child before exec: die with the worker (Linux ``PR_SET_PDEATHSIG``).

    A worker killed with SIGKILL cannot stop its crawl child, and its job is soon handed to
    another worker: an orphan still crawling would make two crawls of one site. SIGKILL, not
    SIGTERM: a graceful stop would keep crawling for seconds; whatever the orphan has not
    committed is fetched again by the retried job."""
    libc_name = ctypes.util.find_library("c")
    if libc_name:
        pr_set_pdeathsig = 1
        ctypes.CDLL(libc_name, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)


@dataclass(slots=True)
class CrawlChildren:
    """The running crawl children of this worker, so a stop request can reach them."""

    running: set[asyncio.subprocess.Process] = field(default_factory=set)
    stopping: bool = False

    async def run(self, command: Sequence[str]) -> tuple[int, str]:
        """Run ``command`` (stdout captured, stderr to the worker's) to completion."""
        # Own session: a terminal's Ctrl-C reaches only the worker, which forwards one
        # SIGTERM (a second one would make Scrapy abandon the crawl uncleanly).
        child = await asyncio.create_subprocess_exec(
            *command, stdout=asyncio.subprocess.PIPE, start_new_session=True,
            preexec_fn=_parent_death_signal if sys.platform == "linux" else None)
        self.running.add(child)
        try:
            out, _ = await child.communicate()
        finally:
            self.running.discard(child)
        return child.returncode if child.returncode is not None else -1, out.decode("utf-8", "replace")

    def stop(self) -> None:
        """Ask running crawls to stop (Scrapy then stores what it has fetched)."""
        self.stopping = True
        for child in self.running:
            if child.returncode is None:
                child.send_signal(signal.SIGTERM)


@dataclass(slots=True)
class WorkerRuntime:
    """What the tasks need from the worker that runs them."""

    config: Config
    config_path: str | None
    """Absolute path of the config file, passed to crawl children (None: built-in defaults)."""
    verbose: bool = False
    children: CrawlChildren = field(default_factory=CrawlChildren)

    @property
    def sites(self) -> dict[str, SiteEntry]:
        return {site.id: site for site in self.config.sites}


def child_command(runtime: WorkerRuntime, site_id: str) -> list[str]:
    command = [sys.executable, "-m", "aggregator.distributed.crawl_child"]
    if runtime.config_path:
        command += ["--config", runtime.config_path]
    if runtime.verbose:
        command.append("--verbose")
    return [*command, "--site", site_id]


def create_app(storage_conninfo: str, runtime: WorkerRuntime | None = None, *,
               pool_size: int = 4) -> App:
    """The app on ``storage_conninfo`` with the crawl and publish tasks registered.

    ``pool_size``: most connections the worker holds (one listens for new jobs, the heartbeat
    and job bookkeeping share the others)."""
    app = App(connector=PsycopgConnector(conninfo=storage_conninfo, min_size=1,
                                         max_size=pool_size))

    @app.task(name=PUBLISH_TASK, queue=PUBLISH_QUEUE)
    def publish() -> dict[str, int]:
        """Write every feed (sync: runs in a worker thread, the event loop keeps beating)."""
        from aggregator.commands.crawl_command import fill_stored_articles, open_store
        from aggregator.commands.publish_command import publish_feeds

        config = _runtime(runtime).config
        store = open_store(config)
        try:
            fill_stored_articles(config, store)
        finally:
            store.close()
        written, unchanged = publish_feeds(config)
        print(f"published to {config.publish.dir}: {written} file(s) written, "
              f"{unchanged} unchanged", flush=True)
        return {"written": written, "unchanged": unchanged}

    @app.task(name=CRAWL_TASK, queue=CRAWL_QUEUE, pass_context=True,
              retry=RetryStrategy(max_attempts=HAND_BACK_ATTEMPTS,
                                  retry_exceptions={CrawlHandedBack}))
    async def crawl_site(context: JobContext, site_id: str, timestamp: int) -> dict[str, Any]:
        """Crawl one site in a child process (Twisted's reactor runs once per process, and a
        misbehaving crawl cannot take the worker down), then queue a publish if it changed
        the store."""
        rt = _runtime(runtime)
        if site_id not in rt.sites:
            log.warning("job %s: site %r is not in this worker's config; skipped",
                        context.job.id, site_id)
            return {"skipped": "unknown site"}
        if rt.children.stopping:
            raise CrawlHandedBack("worker stopping before the crawl started")
        code, out = await rt.children.run(child_command(rt, site_id))
        summary = _summary(out)
        if summary.get("new", 0) or summary.get("updated", 0):
            await defer_publish(app)
        if rt.children.stopping:
            if await crawl_pending(app, site_id):
                return {**summary, "interrupted": True}  # the waiting job will crawl it
            raise CrawlHandedBack(f"crawl of {site_id} interrupted by the worker's stop")
        if code != 0:
            raise CrawlFailed(f"crawl child of {site_id} exited with status {code}")
        print(f"{site_id}: {summary.get('fetched', 0)} fetched, {summary.get('new', 0)} new, "
              f"{summary.get('updated', 0)} updated, {summary.get('failed', 0)} failed", flush=True)
        return summary

    return app


def _runtime(runtime: WorkerRuntime | None) -> WorkerRuntime:
    if runtime is None:
        raise RuntimeError("this app was built without a WorkerRuntime: it cannot run jobs")
    return runtime


def _summary(out: str) -> dict[str, Any]:
    """The crawl child's JSON summary (its last stdout line); empty if it printed none."""
    for line in reversed(out.splitlines()):
        if line.startswith("{"):
            try:
                value = json.loads(line)
            except ValueError:
                break
            return value if isinstance(value, dict) else {}
    return {}


async def defer_publish(app: App) -> None:
    """Queue a publish unless one is already waiting (it will see this crawl's articles)."""
    with contextlib.suppress(AlreadyEnqueued):
        await app.tasks[PUBLISH_TASK].configure(
            lock=PUBLISH_LOCK, queueing_lock=PUBLISH_LOCK).defer_async()


async def crawl_pending(app: App, site_id: str) -> bool:
    """Whether a crawl of ``site_id`` waits in the queue."""
    row = await app.connector.execute_query_one_async(
        "SELECT EXISTS (SELECT 1 FROM procrastinate_jobs WHERE queueing_lock = %(lock)s "
        "AND status = 'todo') AS pending", lock=crawl_lock(site_id))
    return bool(row["pending"])
