"""``aggregator extract PAGE --url URL --snapshot DIR``: one command turns a page into a gold case."""

from __future__ import annotations

import json
from pathlib import Path

from aggregator.parsing.gold import TODO_KEY, load_gold_set
from tests.support import SITES_ROOT, expected_for, run_cli

ARTICLE = expected_for("baolaocai")["articles"][0]
PAGE = SITES_ROOT / "baolaocai" / ARTICLE["path"].lstrip("/")
URL = "https://baolaocai.vn" + ARTICLE["path"]
SLUG = Path(ARTICLE["path"]).stem


def test_snapshot_saves_the_page_and_a_prefilled_gold_json(tmp_path: Path) -> None:
    folder = tmp_path / "gold" / "mcms"
    result = run_cli("extract", str(PAGE), "--url", URL, "--site", "baolaocai",
                     "--snapshot", str(folder))

    assert json.loads(result.stdout)["title"] == ARTICLE["title"]  # stdout: still one JSON
    html_path, json_path = folder / f"{SLUG}.html", folder / f"{SLUG}.json"
    assert str(html_path) in result.stderr and str(json_path) in result.stderr
    assert html_path.read_bytes() == PAGE.read_bytes()

    [case] = load_gold_set(tmp_path / "gold")
    expected = case.expected
    assert case.case_id == f"mcms/{SLUG}"
    assert expected["url"] == URL
    assert expected["site"]["id"] == "baolaocai" and expected["site"]["family"] == "mcms"
    assert case.site is not None and case.site.province == "lao-cai"
    assert expected["title"] == ARTICLE["title"]
    assert expected["published"] == ARTICLE["published"]
    assert expected["authors"] == ARTICLE["authors"]
    assert expected["provinces"] == ARTICLE["provinces"]
    assert ARTICLE["body_contains"][0] in expected["body_text"]
    assert expected["body_excludes"] == []
    assert TODO_KEY in expected  # the golden tests refuse it until a person has checked it


def test_snapshot_never_overwrites_a_case(tmp_path: Path) -> None:
    args = ("extract", str(PAGE), "--url", URL, "--site", "baolaocai", "--snapshot", str(tmp_path))
    run_cli(*args)
    checked = tmp_path / f"{SLUG}.json"
    checked.write_text('{"hand": "checked"}', "utf-8")

    again = run_cli(*args, check=False)

    assert again.returncode == 1
    assert "already exists" in again.stderr and "Traceback" not in again.stderr
    assert checked.read_text("utf-8") == '{"hand": "checked"}'
