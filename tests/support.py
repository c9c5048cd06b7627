"""Helpers for tests: fixture expectations, configs over the sample sites, running the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from aggregator.sample_sites import default_sample_root

REPO = Path(__file__).resolve().parents[1]
SITES_ROOT = default_sample_root()


def expected_for(site: str) -> dict:
    """The hand-written expectations of a fixture site (``expected.json``)."""
    return json.loads((SITES_ROOT / site / "expected.json").read_text("utf-8"))


def write_config(tmp_path: Path, sites_toml: str, *, extra: str = "") -> Path:
    """A config using only ``sites_toml``, with storage and output under ``tmp_path``."""
    path = tmp_path / "aggregator.toml"
    path.write_text(
        "builtin_sites = false\n"
        f'[storage]\nurl = "sqlite:///{tmp_path / "store.db"}"\n'
        f'[publish]\ndir = "{tmp_path / "public"}"\nbase_url = "http://feeds.test/"\n'
        "[crawl]\nmax_age_days = 36500\ndownload_delay = 0\ndownload_timeout = 5\n"
        f"{extra}\n{sites_toml}",
        "utf-8",
    )
    return path


def run_cli(*args: str, config: Path | None = None, timeout: float = 120,
            check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess (as users and cron do)."""
    command = [sys.executable, "-m", "aggregator"]
    if config is not None:
        command += ["--config", str(config)]
    env = {k: v for k, v in os.environ.items() if k != "AGGREGATOR_CONFIG"}
    result = subprocess.run([*command, *args], capture_output=True, text=True, timeout=timeout,
                            cwd=REPO, env=env)
    if check and result.returncode != 0:
        raise AssertionError(f"aggregator {' '.join(args)} exited {result.returncode}:\n"
                             f"{result.stdout}\n{result.stderr}")
    return result
