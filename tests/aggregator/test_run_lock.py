"""Run locks: one holder per store and purpose, refused at once, never stale after kill -9."""

from __future__ import annotations

import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from aggregator.errors import ConfigError, StoreBusy
from aggregator.run_lock import hold_run_lock, lock_path


def test_an_sqlite_store_is_locked_next_to_its_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'var' / 'store.db'}"
    assert lock_path(url, "crawl") == tmp_path / "var" / "store.db.crawl.lock"
    assert lock_path(url, "scheduler") == tmp_path / "var" / "store.db.scheduler.lock"


def test_an_in_memory_store_needs_no_lock() -> None:
    assert lock_path("sqlite:///:memory:", "crawl") is None
    assert lock_path("sqlite://", "crawl") is None


def test_a_server_database_is_locked_by_url_without_its_password() -> None:
    one = lock_path("postgresql+psycopg://news:secret@db.local/news", "crawl")
    other_password = lock_path("postgresql+psycopg://news:changed@db.local/news", "crawl")
    other_db = lock_path("postgresql+psycopg://news:secret@db.local/archive", "crawl")
    assert one is not None and one.parent == Path(tempfile.gettempdir())
    assert one == other_password and one != other_db
    assert "secret" not in str(one)


def test_a_bad_url_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"storage\.url: invalid database URL"):
        lock_path("not a url://", "crawl")


def test_a_second_holder_is_refused_and_told_who_holds_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with hold_run_lock(url, "crawl"):
        with pytest.raises(StoreBusy, match=r"another crawl is already running.*pid \d+"), \
                hold_run_lock(url, "crawl"):
            pass
        with hold_run_lock(url, "scheduler"):  # a scheduler waiting between crawls is fine
            pass
    with hold_run_lock(url, "crawl"):  # released at the end of the block
        pass


def test_a_lock_held_by_a_killed_process_is_free(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\nfrom aggregator.run_lock import hold_run_lock\n"
         f"with hold_run_lock({url!r}, 'crawl'):\n"
         "    print('held', flush=True)\n    time.sleep(60)\n"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreBusy), hold_run_lock(url, "crawl"):
            pass
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
    assert (tmp_path / "store.db.crawl.lock").is_file()  # the file stays...
    with hold_run_lock(url, "crawl"):  # ...but the kernel released the lock
        pass
