"""Distributed mode without a database: the periods of a site, the worker command's refusals,
and the crawl child dying with its worker."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aggregator.commands.worker_command import parse_queues
from aggregator.distributed.periods import next_period_start, period_start, phase
from tests.support import REPO, run_cli, write_config


def test_a_period_starts_at_the_site_phase_and_holds_now() -> None:
    every = 1800
    offset = phase("baolangson", every)
    assert 0 <= offset < every
    assert offset == phase("baolangson", every)  # stable: every host computes the same
    for now in (1_800_000_000.0, 1_800_000_000.0 + offset, 1_800_000_000.5 + offset + every - 1):
        start = period_start(now, every, offset)
        assert start <= now < start + every
        assert (start - offset) % every == 0
        assert next_period_start(now, every, offset) == start + every


def test_sites_sharing_an_interval_are_spread_over_it() -> None:
    offsets = {phase(f"site-{i}", 1800) for i in range(200)}
    assert len(offsets) > 150
    assert max(offsets) - min(offsets) > 1500


def test_queues_are_checked() -> None:
    assert parse_queues("crawl,publish") == ("crawl", "publish")
    assert parse_queues(" publish ") == ("publish",)
    with pytest.raises(ValueError, match="unknown queue crawler"):
        parse_queues("crawler")


def test_the_worker_refuses_sqlite_with_one_line(tmp_path: Path) -> None:
    config = write_config(tmp_path, "")
    result = run_cli("worker", config=config, check=False)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert "storage.url" in line and "PostgreSQL" in line and str(config) in line


@pytest.mark.parametrize("args", [("--queues", "crawl,nope"), ("--concurrency", "0")])
def test_bad_worker_usage_is_one_line(tmp_path: Path, args: tuple[str, ...]) -> None:
    result = run_cli("worker", *args, config=write_config(tmp_path, ""), check=False)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_a_crawl_child_dies_with_its_worker(tmp_path: Path) -> None:
    """The crawl child dies with its worker (PR_SET_PDEATHSIG), so a SIGKILLed worker leaves no
    orphan crawling beside the job's retry."""
    script = tmp_path / "parent.py"
    script.write_text(
        "import asyncio, sys\n"
        "from aggregator.distributed.tasks import CrawlChildren\n"
        "async def main():\n"
        "    await CrawlChildren().run([sys.executable, '-c', "
        "'import os, time; print(os.getpid(), flush=True); time.sleep(60)'])\n"
        "asyncio.run(main())\n", "utf-8")
    parent = subprocess.Popen([sys.executable, str(script)], cwd=REPO,
                              stdout=subprocess.PIPE, text=True)
    try:
        time.sleep(1.5)
        children = subprocess.run(["pgrep", "-P", str(parent.pid)], capture_output=True,
                                  text=True).stdout.split()
        assert len(children) == 1
        parent.kill()
        parent.wait()
        child = int(children[0])
        deadline = time.monotonic() + 10
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(child), "the crawl child outlived its worker"
    finally:
        if parent.poll() is None:
            parent.kill()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie not yet reaped by init counts as dead.
    stat = Path(f"/proc/{pid}/stat")
    return stat.is_file() and stat.read_text().split(")")[-1].split()[0] != "Z"
