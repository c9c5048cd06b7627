"""``aggregator run``: the main job — crawl + publish on the schedule until stopped.

The schedule itself (the due-sites job, persistence, misfire rules) is in
:mod:`aggregator.commands.scheduling`; this module adds the process concerns: the scheduler lock (one
``run`` per store), signals, and a clean stop. On SIGINT/SIGTERM no new crawl starts, a running
crawl child gets one SIGTERM (Scrapy then stores what it has fetched), the feeds are published
and the command exits 0.
"""

from __future__ import annotations

import argparse
import signal
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from aggregator.commands.crawl_command import crawl_sites, open_store, print_summary, report_busy
from aggregator.commands.cycle import run_cycle
from aggregator.commands.scheduling import (
    JOB_ID,
    children,
    create_scheduler,
    format_interval,
    sync_jobs,
)
from aggregator.config import Config, load_config
from aggregator.dates import VN_TZ
from aggregator.errors import StoreBusy
from aggregator.registry import SiteEntry
from aggregator.run_lock import hold_run_lock
from aggregator.site_schedule import planned_runs


def run_once(config: Config) -> None:
    """One cycle over every site in this process (cron-style use; holds the crawl lock): crawl,
    plan each site's next run, prune, publish."""

    def crawl(sites: Sequence[SiteEntry]) -> bool:
        print_summary(crawl_sites(config, sites))
        return True

    report = run_cycle(config, config.sites, crawl, only_due=False)
    written, unchanged = (report.written, report.unchanged) if report else (0, 0)
    print(f"published to {config.publish.dir}: {written} file(s) written, {unchanged} unchanged")


def run_scheduled(config: Config, config_path: str | None) -> None:
    """Run the persistent schedule until SIGINT/SIGTERM."""
    stop = threading.Event()

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        if not stop.is_set():
            print(f"received {signal.Signals(signum).name}: stopping the current crawl, "
                  "publishing, then exiting", flush=True)
        stop.set()
        children.stop()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    store = open_store(config)
    scheduler = create_scheduler(store.engine)
    scheduler.start(paused=True)
    try:
        report = sync_jobs(scheduler, [site.id for site in config.sites], config_path=config_path)
        if report.removed:
            print(f"removed jobs of an older version: {', '.join(report.removed)}")
        plans = planned_runs(store)
        for site in config.sites:
            plan = plans.get(site.id)
            print(f"{site.id}: " + (f"every {format_interval(plan.interval_seconds)} ({plan.reason}), "
                                    f"next run {plan.next_due.astimezone(VN_TZ):%Y-%m-%d %H:%M %z}"
                                    if plan else "never crawled: due now"), flush=True)
        job = scheduler.get_job(JOB_ID)
        print(f"{JOB_ID}: looks for due sites every minute, next {job.next_run_time:%H:%M:%S}",
              flush=True)
        print(f"aggregator running, feeds in {config.publish.dir} (Ctrl-C to stop)", flush=True)
        scheduler.resume()
        stop.wait()
    finally:
        # Waits for a running job: its crawl child stops on SIGTERM, then it publishes.
        scheduler.shutdown(wait=True)
        store.close()
    print("stopped", flush=True)


NAME = "run"
HELP = "crawl + publish on the configured schedule"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--once", action="store_true",
                        help="one crawl + publish cycle, then exit")


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    try:
        if args.once:
            run_once(config)
        else:
            with hold_run_lock(config.storage_url, "scheduler"):
                run_scheduled(config, config_file(config))
    except StoreBusy as exc:
        return report_busy(exc)
    return 0


def config_file(config: Config) -> str | None:
    """The config file as an absolute path, so stored jobs do not depend on the working folder;
    None when running on built-in defaults (the child crawl then finds no file either)."""
    path = Path(config.source)
    return str(path.resolve()) if path.is_file() else None
