"""``aggregator run``: the main job — crawl + publish on the schedule until stopped.

Each scheduled crawl runs in a child process (``aggregator crawl``): Twisted's reactor cannot be
restarted inside one process, and a child that misbehaves cannot take the scheduler down with
it. Publishing runs in the scheduler process after each crawl.
"""

from __future__ import annotations

import argparse
import logging
import signal
import subprocess
import sys
import threading
from datetime import datetime
from types import FrameType

from apscheduler.schedulers.blocking import BlockingScheduler

from aggregator.commands.crawl_command import crawl_sites, print_summary
from aggregator.commands.publish_command import publish_feeds
from aggregator.config import Config, load_config
from aggregator.dates import VN_TZ

log = logging.getLogger(__name__)

JOB_ID = "crawl-and-publish"


class CrawlCycle:
    """One crawl (child process) followed by one publish; stoppable from a signal handler."""

    def __init__(self, config: Config, config_arg: str | None) -> None:
        self.config = config
        self.config_arg = config_arg
        self.child: subprocess.Popen[bytes] | None = None
        self.stopping = threading.Event()

    def __call__(self) -> None:
        if self.stopping.is_set():
            return
        command = [sys.executable, "-m", "aggregator"]
        if self.config_arg:
            command += ["--config", self.config_arg]
        command.append("crawl")
        print("crawl started", flush=True)
        self.child = subprocess.Popen(command)
        code = self.child.wait()
        self.child = None
        if code != 0:
            log.error("crawl exited with status %s; publishing what is stored", code)
        written, unchanged = publish_feeds(self.config)
        print(f"published: {written} file(s) written, {unchanged} unchanged", flush=True)

    def stop(self) -> None:
        """Ask a running crawl to finish cleanly (Scrapy stores what it fetched on SIGTERM)."""
        self.stopping.set()
        child = self.child
        if child is not None and child.poll() is None:
            child.send_signal(signal.SIGTERM)


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    if args.once:
        print_summary(crawl_sites(config, config.sites))
        written, unchanged = publish_feeds(config)
        print(f"published to {config.publish.dir}: {written} file(s) written, "
              f"{unchanged} unchanged")
        return 0

    cycle = CrawlCycle(config, args.config)
    scheduler = BlockingScheduler(timezone=VN_TZ)
    scheduler.add_job(
        cycle, "interval", seconds=config.every_seconds, id=JOB_ID, replace_existing=True,
        coalesce=True, max_instances=1, misfire_grace_time=config.every_seconds,
        next_run_time=datetime.now(VN_TZ),
    )

    def shutdown(signum: int, _frame: FrameType | None) -> None:
        print(f"received {signal.Signals(signum).name}: finishing the current cycle, then "
              "stopping", flush=True)
        cycle.stop()
        threading.Thread(target=scheduler.shutdown, kwargs={"wait": True}, daemon=True).start()

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, shutdown)
    print(f"aggregator running: {len(config.sites)} site(s) every "
          f"{config.every_seconds // 60} min, feeds in {config.publish.dir} (Ctrl-C to stop)",
          flush=True)
    scheduler.start()
    print("stopped", flush=True)
    return 0
