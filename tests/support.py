"""Helpers for tests: fixture expectations, configs over the sample sites, running the CLI."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import create_engine

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


def _cli_command(args: tuple[str, ...], config: Path | None) -> list[str]:
    command = [sys.executable, "-m", "aggregator"]
    if config is not None:
        command += ["--config", str(config)]
    return [*command, *args]


def _cli_env() -> dict[str, str]:
    """This environment without AGGREGATOR_CONFIG, so only the test's config is read."""
    return {k: v for k, v in os.environ.items() if k != "AGGREGATOR_CONFIG"}


def run_cli(*args: str, config: Path | None = None, timeout: float = 120,
            check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess (as users and cron do)."""
    result = subprocess.run(_cli_command(args, config), capture_output=True, text=True,
                            timeout=timeout, cwd=REPO, env=_cli_env())
    if check and result.returncode != 0:
        raise AssertionError(f"aggregator {' '.join(args)} exited {result.returncode}:\n"
                             f"{result.stdout}\n{result.stderr}")
    return result


def start_cli(*args: str, config: Path, output: int = subprocess.PIPE) -> subprocess.Popen[str]:
    """Start the real command line without waiting for it, for tests that signal or kill it
    mid-run; stderr goes to the same ``output`` as stdout (a pipe unless told otherwise)."""
    return subprocess.Popen(_cli_command(args, config), cwd=REPO, env=_cli_env(), stdout=output,
                            stderr=subprocess.STDOUT, text=True)


def run_until_published(config: Path, feed: Path, timeout: float = 60) -> tuple[int, str]:
    """Start ``aggregator run``, wait (at most ``timeout`` s) until its first scheduled cycle has
    published ``feed``, then SIGTERM it; its exit code and output. Asserts that the cycle
    published before the scheduler exited or time ran out."""
    process = start_cli("run", config=config)
    deadline = time.monotonic() + timeout  # waits for a child process, not for the schedule
    while not feed.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    try:
        assert feed.exists(), f"the first scheduled cycle did not publish within {timeout:g} s"
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
    return process.returncode, output


def drop_article_column(url: str, column: str, *, index: str | None = None) -> None:
    """Make the store at ``url`` look as a version before ``column`` of ``articles`` left it:
    without the column and the partial ``index`` on it (SQLite will not drop a column an index
    names; PostgreSQL drops that index with the column)."""
    engine = create_engine(url)
    with engine.begin() as conn:
        if index is not None:
            conn.exec_driver_sql(f"DROP INDEX {index}")
        conn.exec_driver_sql(f"ALTER TABLE articles DROP COLUMN {column}")
    engine.dispose()
