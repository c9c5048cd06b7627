"""`aggregator run`: one cycle with --once; the scheduled job stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import feedparser
import pytest

from aggregator.sample_sites import SampleSites
from tests.support import REPO, run_cli, write_config

pytestmark = pytest.mark.slow


def test_run_once_crawls_and_publishes(tmp_path: Path, sample_sites: SampleSites) -> None:
    config = write_config(tmp_path, sample_sites.site_entries_toml())
    result = run_cli("run", "--once", config=config)
    assert "published to" in result.stdout
    feed = feedparser.parse((tmp_path / "public" / "all.atom").read_bytes())
    assert not feed.bozo and len(feed.entries) >= 10


def test_scheduled_run_publishes_then_stops_on_sigterm(tmp_path: Path,
                                                      sample_sites: SampleSites) -> None:
    config = write_config(tmp_path, sample_sites.site_entries_toml())
    env = {k: v for k, v in os.environ.items() if k != "AGGREGATOR_CONFIG"}
    process = subprocess.Popen(
        [sys.executable, "-m", "aggregator", "--config", str(config), "run"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    feed_path = tmp_path / "public" / "all.atom"
    deadline = time.monotonic() + 60
    while not feed_path.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    try:
        assert feed_path.exists(), "the first scheduled cycle did not publish within 60 s"
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output
    assert "stopped" in output
    assert not feedparser.parse(feed_path.read_bytes()).bozo
