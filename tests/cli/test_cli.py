"""The command line's contract: extract's JSON and its refusal of non-articles.

Bad configs and bad usage (one line, exit 2) are in ``test_bad_config.py``.
"""

from __future__ import annotations

import json

from tests.support import SITES_ROOT, expected_for, run_cli


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
