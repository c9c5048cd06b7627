"""One cycle of the main job: crawl the due sites, plan their next runs, prune, publish, ping.

Shared by the scheduled job (:func:`aggregator.commands.scheduling.crawl_and_publish`, the
crawl in a child process) and ``run --once`` (every site, crawled in-process), so both keep
the schedule, retention, freshness and WebSub the same way. The clock is injected so tests
and ``bench/soak.py`` can move time.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from aggregator.commands.crawl_command import open_store
from aggregator.commands.publish_command import publish_report
from aggregator.config import Config
from aggregator.counters import PUBLISH_BUCKETS, histogram_increments
from aggregator.freshness import mark_published
from aggregator.polling import Decision
from aggregator.registry import SiteEntry
from aggregator.retention import RetentionReport, apply_retention
from aggregator.site_schedule import due_sites, plan_next_runs
from aggregator.websub import ping_hub

log = logging.getLogger(__name__)

Crawl = Callable[[Sequence[SiteEntry]], bool]
"""Crawls the given sites; False when the crawl did not happen (store busy, stopping)."""
FEED_SUFFIXES = (".atom", ".rss", ".json")


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class CycleReport:
    crawled: tuple[str, ...]
    decisions: dict[str, Decision]
    retention: RetentionReport
    written: int
    unchanged: int
    pinged: bool


def run_cycle(config: Config, sites: Sequence[SiteEntry], crawl: Crawl, *,
              clock: Callable[[], datetime] = utc_now, only_due: bool = True) -> CycleReport | None:
    """Crawl the due ones of ``sites`` (all of them unless ``only_due``) and finish the cycle;
    None when no site was due (then nothing else happens either)."""
    store = open_store(config)
    try:
        due = due_sites(store, sites, clock()) if only_due else list(sites)
    finally:
        store.close()
    if not due:
        return None
    crawled = crawl(due)
    store = open_store(config)
    try:
        decisions = plan_next_runs(store, due, config, clock()) if crawled else {}
        retention = apply_retention(store, config.keep_days, clock())
        if retention.pruned:
            log.info("retention: %d article(s) older than %d days pruned", retention.pruned,
                     config.keep_days)
        started = time.monotonic()
        report = publish_report(config)
        with store.engine.begin() as conn:
            store.bump_counters(conn, histogram_increments(
                "publish_seconds", [time.monotonic() - started], PUBLISH_BUCKETS))
        mark_published(store, clock())
    finally:
        store.close()
    changed = [config.publish.base_url + path.as_posix() for path in report.written
               if path.suffix in FEED_SUFFIXES]
    pinged = bool(config.publish.websub_hub and changed
                  and ping_hub(config.publish.websub_hub, changed))
    return CycleReport(tuple(site.id for site in due) if crawled else (), decisions, retention,
                       len(report.written), len(report.unchanged), pinged)
