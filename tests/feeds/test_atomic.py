"""write_if_changed(): atomic replacement, skipped when the bytes are identical."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from feeds.atomic import publish_lock, write_if_changed
from tests.support import REPO


def test_writes_new_file_and_creates_folders(tmp_path: Path) -> None:
    target = tmp_path / "province" / "hue.atom"
    assert write_if_changed(target, b"<feed/>") is True
    assert target.read_bytes() == b"<feed/>"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_identical_bytes_are_not_rewritten(tmp_path: Path) -> None:
    target = tmp_path / "all.rss"
    write_if_changed(target, b"<rss/>")
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))
    assert write_if_changed(target, b"<rss/>") is False
    assert target.stat().st_mtime_ns == 1_000_000_000


def test_changed_bytes_replace_the_file_and_leave_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "all.json"
    write_if_changed(target, b"{}")
    assert write_if_changed(target, b'{"items": []}') is True
    assert target.read_bytes() == b'{"items": []}'
    assert [p.name for p in tmp_path.iterdir()] == ["all.json"]


def test_failed_replace_keeps_old_file_and_removes_temp(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "all.atom"
    write_if_changed(target, b"old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_if_changed(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["all.atom"]


def test_a_replacement_always_gets_a_later_last_modified_second(tmp_path: Path) -> None:
    """Readers comparing HTTP dates (whole seconds) must see every change as newer."""
    target = tmp_path / "all.atom"
    write_if_changed(target, b"<feed>1</feed>")
    first = target.stat().st_mtime
    write_if_changed(target, b"<feed>2</feed>")
    second = target.stat().st_mtime
    write_if_changed(target, b"<feed>3</feed>")
    assert int(first) < int(second) < int(target.stat().st_mtime)


def test_publish_lock_clears_temp_files_of_killed_publishes(tmp_path: Path) -> None:
    (tmp_path / "province").mkdir()
    leftovers = [tmp_path / ".all.atom.k3j2.tmp", tmp_path / "province" / ".hue.rss.x9.tmp"]
    for leftover in leftovers:
        leftover.write_bytes(b"<feed><entry>half")
    (tmp_path / "all.atom").write_bytes(b"<feed/>")
    with publish_lock(tmp_path):
        assert not any(path.exists() for path in leftovers)
        assert (tmp_path / "all.atom").read_bytes() == b"<feed/>"


def test_publish_lock_is_exclusive(tmp_path: Path) -> None:
    """A second holder waits: run it in a child process and see it block until release."""
    script = ("import sys, pathlib; from feeds.atomic import publish_lock\n"
              "with publish_lock(pathlib.Path(sys.argv[1])): print('got it', flush=True)\n")
    with publish_lock(tmp_path):
        child = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)],
                                 stdout=subprocess.PIPE, text=True, cwd=REPO)
        with pytest.raises(subprocess.TimeoutExpired):
            child.wait(timeout=1)
    out, _ = child.communicate(timeout=30)
    assert out == "got it\n"
