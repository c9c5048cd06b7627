"""`aggregator sites check` against the sample sites on 127.0.0.1: one verdict per site."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from aggregator.sample_sites import SampleSites
from tests.loopback import LoopbackServer, QuietHandler
from tests.support import run_cli, write_config

pytestmark = pytest.mark.slow


class _Forbidding(QuietHandler):
    def do_GET(self) -> None:
        self.send_response(403)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def forbidding_site() -> Iterator[str]:
    with LoopbackServer(_Forbidding) as server:
        yield f"{server.base}/"


def test_verdicts(tmp_path: Path, sample_sites: SampleSites, forbidding_site: str) -> None:
    vusta = sample_sites.base_urls["vusta"]
    extra = f"""
[[sites]]
id = "forbidding"
url = "{forbidding_site}"

[[sites]]
id = "vusta-broken"
kind = "federation"
url = "{vusta}/"
listings = ["{vusta}/tin-tuc-su-kien-c37.html"]
article_url = 'c37\\.html$'
family = "vusta"
"""
    config = write_config(tmp_path, sample_sites.site_entries_toml() + extra)
    lines = dict(line.split(": ", 1) for line in run_cli("sites", "check", config=config)
                 .stdout.splitlines())
    assert lines["baolangson"].startswith("ok [title yes, date yes, lead yes, body yes")
    assert lines["baolaocai"].startswith("no feed found — using sitemaps")
    assert lines["husta"].startswith("no feed found — using listings")
    assert lines["forbidding"].startswith("403 to our user agent")
    assert lines["vusta-broken"].startswith("layout changed: no body")
    only = run_cli("sites", "check", "--site", "husta", config=config).stdout
    assert only.startswith("husta: ") and len(only.splitlines()) == 1
