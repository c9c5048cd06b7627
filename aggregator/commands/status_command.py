"""``aggregator status``: per-site health from the recorded crawl runs, plus the next runs.

"Healthy", "last success" and "flagged" mean exactly what they mean in the operator's
``health.atom`` (:mod:`feeds.health`): a run is unproductive when it reached nothing (no page
fetched, no feed or listing answered 304 "not modified") or failed without bringing anything
new, and a site is flagged after ``FAILING_RUNS`` (3) unproductive runs in a row — one bad run
is often a server restarting, three mean the site or its entry changed.
So the command and the feed never disagree about which sites need a look.

Each site's polling interval and why (:mod:`aggregator.polling`, as ``aggregator run`` last
planned it) and its freshness (median and 90th percentile delay from publication to feed,
:mod:`aggregator.freshness`) are shown too.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from aggregator.commands.crawl_command import open_store
from aggregator.commands.scheduling import format_interval
from aggregator.commands.selection import select_sites
from aggregator.config import load_config
from aggregator.crawl_stats import describe
from aggregator.dates import VN_TZ
from aggregator.distributed.queue_view import RunningJob, SiteJobs, queue_jobs
from aggregator.freshness import site_freshness
from aggregator.registry import SiteEntry
from aggregator.site_schedule import PlannedRun, planned_runs
from aggregator.store import ArticleStore
from feeds.health import FAILING_RUNS, reached, site_health

RECENT_RUNS = 10
"""Runs read for the last error; older errors are history, not status."""


@dataclass(frozen=True, slots=True)
class SiteStatus:
    site_id: str
    last_run: datetime | None
    requests: int
    fetched: int
    not_modified: int
    new: int
    updated: int
    failed: int
    """The last run's figures (all 0 when the site never ran); ``not_modified`` counts the feeds,
    sitemaps and listings answered 304, which is how a quiet site answers an incremental crawl."""
    last_error: str | None
    """The newest error among the recent runs."""
    last_success: datetime | None
    failing_runs: int
    """Consecutive latest runs that reported errors and reached nothing (no page, no 304)."""
    unproductive_runs: int
    """Consecutive latest runs that fetched nothing or failed without anything new."""
    flagged: str | None
    """Why the site needs a look ("failing", "nothing fetched", "failing or empty"), or None."""
    next_run: datetime | None
    interval_seconds: int | None = None
    """The adaptive polling interval ``aggregator run`` planned last (None: not planned yet)."""
    interval_reason: str | None = None
    """Why that interval: learned rate, back-off, bound reached."""
    fresh_articles: int = 0
    """New articles whose delay from publication to feed was measured (newest 200 at most)."""
    fresh_median_seconds: float | None = None
    fresh_p90_seconds: float | None = None
    stats: dict[str, int] = field(default_factory=dict)
    """The last run's drops, fix-ups, fallbacks and extraction sources
    (:mod:`aggregator.crawl_stats`); the table shows them as "body via fallback: 12 of 40 pages"."""


def site_status(store: ArticleStore, site: SiteEntry, next_run: datetime | None, *,
                plan: PlannedRun | None = None) -> SiteStatus:
    runs = store.recent_site_runs(site.id, limit=RECENT_RUNS)
    health = site_health(store, site)
    streak = health.streak
    failing = 0
    for run in runs:
        if reached(run) or not run.errors:
            break
        failing += 1
    flagged = None
    if len(streak) >= FAILING_RUNS:
        with_errors = sum(1 for run in streak if run.errors)
        flagged = ("failing" if with_errors == len(streak)
                   else "nothing fetched" if with_errors == 0 else "failing or empty")
    last = runs[0] if runs else None
    freshness = site_freshness(store, site.id)
    return SiteStatus(
        site_id=site.id,
        last_run=last.finished_at if last else None,
        requests=last.requests if last else 0,
        fetched=last.fetched if last else 0,
        not_modified=last.not_modified if last else 0,
        new=last.new if last else 0,
        updated=last.updated if last else 0,
        failed=last.failed if last else 0,
        last_error=next((run.errors[0] for run in runs if run.errors), None),
        last_success=health.last_success,
        failing_runs=failing,
        unproductive_runs=len(streak),
        flagged=flagged,
        next_run=next_run,
        interval_seconds=plan.interval_seconds if plan else None,
        interval_reason=plan.reason if plan else None,
        fresh_articles=freshness.articles,
        fresh_median_seconds=freshness.median,
        fresh_p90_seconds=freshness.p90,
        stats=dict(last.stats) if last else {},
    )


def _local(value: datetime | None) -> str:
    return value.astimezone(VN_TZ).strftime("%Y-%m-%d %H:%M") if value else "-"


def _minutes(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds / 60:.0f}m"


def print_table(statuses: Sequence[SiteStatus]) -> None:
    header = ("SITE", "LAST RUN", "REQ", "FETCHED", "NOT MOD", "NEW", "UPD", "FAILED",
              "LAST SUCCESS", "NEXT RUN", "EVERY", "FRESH p50/p90", "STATUS")
    rows = [header] + [
        (s.site_id, _local(s.last_run), str(s.requests), str(s.fetched), str(s.not_modified),
         str(s.new), str(s.updated), str(s.failed), _local(s.last_success), _local(s.next_run),
         format_interval(s.interval_seconds) if s.interval_seconds else "-",
         f"{_minutes(s.fresh_median_seconds)}/{_minutes(s.fresh_p90_seconds)}"
         if s.fresh_articles else "-",
         f"FLAGGED: {s.flagged} ({s.unproductive_runs} runs)" if s.flagged
         else ("never run" if s.last_run is None else "ok"))
        for s in statuses
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    flagged = sum(1 for s in statuses if s.flagged)
    print(f"{len(statuses)} site(s), {flagged} flagged ({FAILING_RUNS} unproductive runs in a "
          "row); times in Vietnam time (+07:00)")
    print("EVERY: the adaptive polling interval; FRESH: median/90th percentile delay from "
          "publication to feed")
    for s in statuses:
        if s.interval_reason:
            print(f"  {s.site_id}: every {format_interval(s.interval_seconds or 0)}: "
                  f"{s.interval_reason}")
        details = describe(s.stats)
        if details:
            print(f"  {s.site_id}: last run: " + ", ".join(details))
        if s.last_error and (s.failed or s.flagged):  # an error of an old, since fixed run is noise
            print(f"  {s.site_id}: last error: {s.last_error}")


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


NAME = "status"
HELP = "per-site health from the recorded crawl runs"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site", action="append", default=[], metavar="ID",
                        help="only this site (repeatable)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    sites = select_sites(config.sites, site_ids=args.site)
    store = open_store(config)
    try:
        plans = planned_runs(store)
        statuses = [site_status(store, site, plans[site.id].next_due if site.id in plans else None,
                                plan=plans.get(site.id)) for site in sites]
        queue = distributed_jobs(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps([{key: _json_value(value) for key, value in asdict(s).items()}
                          | ({"jobs": _jobs_json(queue[0].get(s.site_id))} if queue else {})
                          for s in statuses], ensure_ascii=False, indent=2))
    else:
        print_table(statuses)
        if queue:
            print_jobs([s.site_id for s in statuses], *queue)
    return 0


# ---- distributed mode: the queue's jobs per site ---------------------------------------------

def distributed_jobs(store: ArticleStore) -> tuple[dict[str, SiteJobs], SiteJobs] | None:
    """Crawl jobs per site and publish jobs of `aggregator worker`, or None when the store has
    never been used in distributed mode."""
    if store.engine.dialect.name != "postgresql":
        return None
    return queue_jobs(store.engine)


def _running(job: RunningJob) -> str:
    stalled = " (worker silent: will be handed to another)" if job.stalled else ""
    return f"running on {job.worker} since {_local(job.since)} (job {job.job_id}){stalled}"


def print_jobs(site_ids: Sequence[str], per_site: dict[str, SiteJobs], publish: SiteJobs) -> None:
    """The queue under the table: one line per site with jobs waiting, running or failed."""
    print("jobs (distributed mode):")
    for site_id in site_ids:
        jobs = per_site.get(site_id)
        if jobs is None or not (jobs.queued or jobs.running or jobs.failed):
            continue
        parts = [f"{jobs.queued} queued"] + [_running(job) for job in jobs.running]
        if jobs.failed:
            parts.append(f"{jobs.failed} failed since the last success")
        print(f"  {site_id}  " + ", ".join(parts))
    print("  publish  " + ", ".join([f"{publish.queued} queued"]
                                     + [_running(job) for job in publish.running]))


def _jobs_json(jobs: SiteJobs | None) -> dict[str, Any]:
    jobs = jobs or SiteJobs()
    return {"queued": jobs.queued, "failed": jobs.failed,
            "running": [{key: _json_value(value) for key, value in asdict(job).items()}
                        for job in jobs.running]}
