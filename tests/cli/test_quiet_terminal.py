"""A crawl over unreachable and refusing sites prints one line per failing site and the summary:
no traceback, no Scrapy log; ``--verbose`` brings the full detail back.

The failing sites are real failures on this machine: a host name under ``.invalid`` (RFC 2606:
never resolves), a closed port on 127.0.0.1, and a loopback server answering 403 to everything.
The four sample sites crawl alongside, so the quiet output also holds for a crawl that stores
articles (and drops some pages).
"""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from aggregator.sample_sites import SampleSites
from tests.loopback import LoopbackServer, QuietHandler
from tests.support import run_cli, write_config

GOOD_SITES = 4


class _Forbidden(QuietHandler):
    def do_GET(self) -> None:
        self.send_body(403, b"<h1>403 Forbidden</h1>", "text/html")


def _closed_port() -> int:
    """A port on 127.0.0.1 nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _entry(site_id: str, url: str) -> str:
    return (f'\n[[sites]]\nid = "{site_id}"\nname = "Báo {site_id}"\nkind = "newspaper"\n'
            f'province = "cao-bang"\nurl = "{url}"\n')


@pytest.fixture(scope="module")
def forbidden() -> Iterator[LoopbackServer]:
    with LoopbackServer(_Forbidden) as server:
        yield server


@pytest.fixture(scope="module")
def failing(forbidden: LoopbackServer) -> dict[str, tuple[str, str]]:
    """Failing site id -> the reason its line must give."""
    return {
        "khong-ten-mien": ("http://bao-khong-ton-tai.invalid/", "DNS failure"),
        "cong-dong": (f"http://127.0.0.1:{_closed_port()}/", "connection refused"),
        "cam-truy-cap": (f"{forbidden.base}/", "HTTP 403"),
    }


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory, sample_sites: SampleSites,
           failing: dict[str, tuple[str, str]]) -> Path:
    entries = "".join(_entry(site, url) for site, (url, _) in failing.items())
    return write_config(tmp_path_factory.mktemp("quiet"), sample_sites.site_entries_toml() + entries)


def _assert_quiet(result: subprocess.CompletedProcess[str],
                  failing: dict[str, tuple[str, str]], *, extra_stdout: tuple[str, ...] = ()) -> None:
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    for site, (_, reason) in failing.items():
        lines = [line for line in output.splitlines() if site in line]
        assert len(lines) == 1, f"{site}: want one line, got {lines}"
        assert reason in lines[0], f"{site}: {lines[0]!r} lacks {reason!r}"
    header, *rows = result.stdout.splitlines()
    # Indented lines under the totals name each site's fallbacks and fix-ups, if any.
    rows = [row for row in rows if not row.startswith("  ")]
    assert header.split()[:2] == ["SITE", "FETCHED"] and header.split()[-1] == "ERRORS"
    total = len(failing) + GOOD_SITES
    assert len(rows) == total + 1 + len(extra_stdout), result.stdout
    assert rows[total].startswith(f"{total} site(s): ")
    assert rows[total].endswith(f", {len(failing)} unreachable"), rows[total]
    for row, start in zip(rows[total + 1:], extra_stdout, strict=True):
        assert row.startswith(start), result.stdout
    assert result.stderr == f"crawling {total} site(s)...\n", result.stderr


def test_crawl_prints_one_line_per_failing_site_and_the_summary(
        config: Path, failing: dict[str, tuple[str, str]]) -> None:
    _assert_quiet(run_cli("crawl", config=config, check=False), failing)


def test_run_once_is_just_as_quiet(config: Path, failing: dict[str, tuple[str, str]]) -> None:
    _assert_quiet(run_cli("run", "--once", config=config, check=False), failing,
                  extra_stdout=("published to ",))


def test_verbose_shows_the_full_detail(config: Path) -> None:
    result = run_cli("--verbose", "crawl", "--site", "khong-ten-mien", config=config, check=False)
    assert result.returncode == 0
    assert "Traceback" in result.stderr and "DNSLookupError" in result.stderr
    assert "Gave up retrying" in result.stderr
