"""Publishing survives ``kill -9`` at any point, and concurrent publishes.

A store of a few thousand generated articles over many sites gives a publish long enough to
kill in the middle. After every kill, each file under a served name must be complete and
valid (files are replaced by rename), and a re-run must publish everything: the folder then
equals, byte for byte, a clean publish of the same store into an empty folder.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import feedparser
import pytest

import feeds.publish
from aggregator.cli import main
from aggregator.provinces import PROVINCES
from aggregator.schema import Article
from aggregator.store import ArticleStore
from feeds.atomic import write_if_changed
from feeds.validation import check_document
from tests.support import run_cli, start_cli

pytestmark = pytest.mark.slow

VN = timezone(timedelta(hours=7))
SITE_COUNT = 30
ARTICLES = 2000
SLUGS = sorted(PROVINCES)


def _site_id(n: int) -> str:
    return f"bao-thu-{n:02d}"


def _article(n: int, *, edition: int = 0) -> Article:
    site = n % SITE_COUNT
    published = datetime(2026, 11, 1, 6, 0, tzinfo=VN) + timedelta(minutes=7 * n)
    province = SLUGS[site % len(SLUGS)]
    return Article(
        id=f"{_site_id(site)}/{100000 + n}", site_id=_site_id(site), site_kind="newspaper",
        url=f"https://{_site_id(site)}.example.vn/tin-tuc/bai-viet-so-{100000 + n}.html",
        title=f"Bản tin số {n} (lần {edition}): {PROVINCES[province].name} triển khai nhiệm vụ",
        lead=f"Tóm tắt bản tin số {n} về hoạt động kinh tế, xã hội của địa phương.",
        body_html="".join(f"<p>Đoạn {k} của bài {n}: người dân phấn khởi, sản xuất ổn định, "
                          f"giá nông sản tăng {k + n % 7}%.</p>" for k in range(12)),
        body_text=f"Bài {n}", authors=("Phóng viên Thu Hà",), published=published,
        provinces=(province, SLUGS[(site + 5) % len(SLUGS)]),
        fetched_at=published.astimezone(UTC) + timedelta(minutes=30))


def _config(tmp_path: Path, name: str, store_url: str) -> Path:
    sites = "".join(
        f"[[sites]]\nid = '{_site_id(n)}'\nname = 'Báo Thử {n}'\n"
        f"url = 'https://{_site_id(n)}.example.vn/'\nprovince = '{SLUGS[n % len(SLUGS)]}'\n"
        for n in range(SITE_COUNT))
    path = tmp_path / f"{name}.toml"
    path.write_text(f"builtin_sites = false\n[storage]\nurl = '{store_url}'\n"
                    f"[publish]\ndir = '{tmp_path / name}'\nbase_url = 'http://feeds.test/'\n"
                    f"{sites}", "utf-8")
    return path


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('crash') / 'store.db'}"
    store = ArticleStore(url)
    try:
        store.upsert(_article(n) for n in range(ARTICLES))
        yield url
    finally:
        store.close()


def _visible_files(out_dir: Path) -> dict[str, bytes]:
    """Every file under a served name (hidden files: temp files, state, lock, are not)."""
    return {p.relative_to(out_dir).as_posix(): p.read_bytes() for p in out_dir.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in
                                       p.relative_to(out_dir).parts)}


def _visible_stamps(out_dir: Path) -> dict[str, int]:
    """Served name -> inode: cheap to poll, and a replacement by rename changes the inode."""
    return {p.relative_to(out_dir).as_posix(): p.stat().st_ino for p in out_dir.rglob("[!.]*")
            if p.is_file() and not any(part.startswith(".") for part in
                                       p.relative_to(out_dir).parts)}


def _assert_all_valid(out_dir: Path) -> dict[str, bytes]:
    files = _visible_files(out_dir)
    for name, data in files.items():
        check_document(name, data)  # raises on a truncated or otherwise invalid file
        if name.endswith((".atom", ".rss")) and name.startswith(("all.", "kind/")):
            assert feedparser.parse(data).bozo == 0, name
    return files


def _publish_process(config: Path) -> subprocess.Popen[str]:
    """A publish to kill: its output is dropped, so no unread pipe can fill and stall it."""
    return start_cli("publish", config=config, output=subprocess.DEVNULL)


def _kill_when(process: subprocess.Popen[str], ready: Callable[[], bool]) -> int:
    """SIGKILL ``process`` as soon as ``ready()`` holds; its return code (-9 when killed).
    The processes it had started (its feed-rendering worker) must not outlive it."""
    deadline = time.monotonic() + 120
    while process.poll() is None and not ready() and time.monotonic() < deadline:
        time.sleep(0.002)  # polling a child process, not scheduling logic
    children: list[int] = []
    if process.poll() is None:
        children = _children_of(process.pid)
        process.send_signal(signal.SIGKILL)
    code = process.wait(timeout=30)
    orphans_deadline = time.monotonic() + 10
    while children and time.monotonic() < orphans_deadline:
        children = [pid for pid in children if Path(f"/proc/{pid}").exists()]
        time.sleep(0.05)  # waiting for the orphans to notice, not scheduling logic
    assert not children, f"processes {children} outlived the killed publish"
    return code


def _children_of(pid: int) -> list[int]:
    """The live processes whose parent is ``pid`` (from /proc; a zombie counts as gone)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while the folder was read
            continue
        if fields[1] == str(pid) and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


@pytest.fixture(scope="module")
def reference(store_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """A clean, uninterrupted publish of the store."""
    tmp_path = tmp_path_factory.mktemp("reference")
    run_cli("publish", config=_config(tmp_path, "public", store_url))
    files = _assert_all_valid(tmp_path / "public")
    assert len(files) > 200
    return files


def test_kill_9_at_several_points_then_rerun(store_url: str, reference: dict[str, bytes],
                                             tmp_path: Path) -> None:
    config = _config(tmp_path, "public", store_url)
    out_dir = tmp_path / "public"
    total = len(reference)
    for fraction in (0.0, 0.3, 0.7):
        wanted = int(total * fraction)
        return_code = _kill_when(_publish_process(config),
                                 lambda: len(_visible_stamps(out_dir)) > wanted)  # noqa: B023
        assert return_code == -signal.SIGKILL, "publish ended before it could be killed"
        _assert_all_valid(out_dir)
    temp_files = [p for p in out_dir.rglob("*.tmp")]
    assert all(p.name.startswith(".") for p in temp_files), "temp files must stay hidden"
    run_cli("publish", config=config)
    assert _assert_all_valid(out_dir) == reference
    assert not list(out_dir.rglob("*.tmp")), "the next publish clears what killed ones left"


def test_kill_9_while_replacing_a_published_folder(store_url: str, tmp_path: Path) -> None:
    """Every file exists and is replaced in place: each one is either the old or the new one,
    and the re-run brings every feed to the edited articles."""
    store_copy = tmp_path / "store.db"
    store_copy.write_bytes(Path(store_url.removeprefix("sqlite:///")).read_bytes())
    url = f"sqlite:///{store_copy}"
    config = _config(tmp_path, "public", url)
    out_dir = tmp_path / "public"
    run_cli("publish", config=config)
    before = _visible_stamps(out_dir)
    store = ArticleStore(url)
    try:
        store.upsert(_article(n, edition=1) for n in range(ARTICLES))
    finally:
        store.close()

    def replaced() -> int:
        return sum(1 for name, inode in _visible_stamps(out_dir).items()
                   if before[name] != inode)

    assert _kill_when(_publish_process(config),
                      lambda: replaced() > len(before) // 3) == -signal.SIGKILL
    after = _assert_all_valid(out_dir)
    assert set(after) == set(before)
    assert 0 < replaced() < len(before)
    old = [name for name, data in after.items() if "(lần 0)".encode() in data]
    assert old, "the kill came too late to leave old files"
    run_cli("publish", config=config)
    after = _assert_all_valid(out_dir)
    assert not [name for name, data in after.items() if "(lần 0)".encode() in data]
    assert sum("(lần 1)".encode() in data for data in after.values()) > len(after) // 2


def test_concurrent_publishes_leave_a_valid_folder(store_url: str, reference: dict[str, bytes],
                                                   tmp_path: Path) -> None:
    config = _config(tmp_path, "public", store_url)
    processes = [start_cli("publish", config=config) for _ in range(3)]
    outputs = [process.communicate(timeout=300)[0] for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0], outputs
    assert _assert_all_valid(tmp_path / "public") == reference


def test_write_failure_mid_publish_is_one_line_and_keeps_old_files(
        store_url: str, reference: dict[str, bytes], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    config = _config(tmp_path, "public", store_url)
    out_dir = tmp_path / "public"
    out_dir.mkdir()
    (out_dir / "all.atom").write_bytes(reference["all.atom"])
    written: list[Path] = []

    def disk_fills_up(path: Path, data: bytes) -> bool:
        if len(written) == 5:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        written.append(path)
        return write_if_changed(path, data)

    monkeypatch.setattr(feeds.publish, "write_if_changed", disk_fills_up)
    assert main(["--config", str(config), "publish"]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "No space left on device" in lines[0], lines
    assert _assert_all_valid(out_dir)["all.atom"] == reference["all.atom"]
