"""Helpers for tests: fixture expectations, configs over the sample sites, running the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from aggregator.sample_sites import default_sample_root

REPO = Path(__file__).resolve().parents[1]
SITES_ROOT = default_sample_root()


def expected_for(site: str) -> dict:
    """The hand-written expectations of a fixture site (``expected.json``)."""
    return json.loads((SITES_ROOT / site / "expected.json").read_text("utf-8"))


DEFAULT_CRAWL: Mapping[str, object] = {"max_age_days": 36500, "download_delay": 0,
                                       "download_timeout": 5}
"""Fixture articles never age out, and loopback sites need no politeness delay."""


def _toml_value(value: object) -> str:
    """The TOML spelling of a [crawl] value (all are booleans, numbers or strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    raise TypeError(f"no TOML form for {value!r}")


def write_config(tmp_path: Path, sites_toml: str, *, crawl: Mapping[str, object] | None = None,
                 storage_url: str | None = None) -> Path:
    """A config using only ``sites_toml``, with storage and output under ``tmp_path``.

    ``crawl`` keys override or extend :data:`DEFAULT_CRAWL` in the ``[crawl]`` table (a key
    cannot simply be appended: TOML rejects a duplicate). ``storage_url`` replaces the SQLite
    file ``tmp_path/store.db`` (e.g. a PostgreSQL URL).
    """
    keys = {**DEFAULT_CRAWL, **(crawl or {})}
    url = storage_url or f"sqlite:///{tmp_path / 'store.db'}"
    path = tmp_path / "aggregator.toml"
    path.write_text(
        "builtin_sites = false\n"
        f"[storage]\nurl = {_toml_value(url)}\n"
        f'[publish]\ndir = "{tmp_path / "public"}"\nbase_url = "http://feeds.test/"\n'
        "[crawl]\n" + "".join(f"{key} = {_toml_value(value)}\n" for key, value in keys.items())
        + "\n" + sites_toml,
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
