"""The command line's contract: exit codes, one-line errors, extract's JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import SITES_ROOT, expected_for, run_cli


@pytest.mark.parametrize(
    ("config_text", "fragment"),
    [
        ("[crawl\n", "TOML syntax error"),
        ("[crawl]\nmax_age_dys = 3\n", "did you mean 'max_age_days'"),
        ("[[sites]]\nid = 'x'\nurl = 'https://a.vn/'\nprovince = 'bac-kan'\n", "'bac-kan'"),
        ("[storage]\nurl = 'nosuchdb://x'\n", "storage.url"),
    ],
)
def test_bad_config_is_one_line_and_exit_2(tmp_path: Path, config_text: str,
                                           fragment: str) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(config_text, "utf-8")
    result = run_cli("crawl", config=config, check=False)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0]
    assert "Traceback" not in result.stderr


def test_bad_usage_exits_2() -> None:
    result = run_cli("crawl", "--site", "no-such-site", check=False)
    assert result.returncode == 2 and "no-such-site" in result.stderr
    assert run_cli("frobnicate", check=False).returncode == 2


def test_extract_prints_the_article_json() -> None:
    article = expected_for("baolaocai")["articles"][0]
    page = SITES_ROOT / "baolaocai" / article["path"].lstrip("/")
    result = run_cli("extract", str(page), "--url", "https://baolaocai.vn" + article["path"],
                     "--site", "baolaocai")
    data = json.loads(result.stdout)
    assert data["title"] == article["title"]
    assert data["id"].startswith("baolaocai/")
    assert data["provinces"][0] == "lao-cai"


def test_extract_refuses_a_listing_page() -> None:
    result = run_cli("extract", str(SITES_ROOT / "vusta" / "tin-tuc-su-kien-c37.html"),
                     "--url", "https://vusta.vn/tin-tuc-su-kien-c37.html", check=False)
    assert result.returncode != 0
    assert "not an article" in result.stderr.lower() or "no article body" in result.stderr
    assert "Traceback" not in result.stderr
