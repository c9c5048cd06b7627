"""Golden pages for the CMS families the sample sites do not cover (the sample sites' own
expected.json covers content-detail, mcms, wordpress-sahifa and vusta end to end)."""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from aggregator.parsing import parse_article
from aggregator.parsing.families import FAMILIES
from aggregator.registry import parse_site_entry
from tests.support import SITES_ROOT

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.json"))


def sample_site_families() -> set[str]:
    families = set()
    for path in SITES_ROOT.glob("*/site.toml"):
        text = path.read_text("utf-8").replace("__BASE__", "http://127.0.0.1:1")
        families.update(s.get("family") for s in tomllib.loads(text)["sites"])
    return families


def test_every_family_has_a_golden_page() -> None:
    missing = sorted(set(FAMILIES) - set(CASES) - sample_site_families())
    assert missing == [], f"add tests/aggregator/golden/<family>.html + .json for {missing}"


@pytest.mark.parametrize("case", CASES)
def test_family_golden_page(case: str) -> None:
    expected = json.loads((GOLDEN / f"{case}.json").read_text("utf-8"))
    site = parse_site_entry(expected["site"], source="golden", index=0)
    article = parse_article(expected["url"], (GOLDEN / f"{case}.html").read_text("utf-8"), site,
                            now=datetime(2026, 11, 22, tzinfo=UTC))
    assert article.id == expected["id"]
    assert article.title == expected["title"]
    assert article.published == datetime.fromisoformat(expected["published"])
    assert article.published.utcoffset() == datetime.fromisoformat(expected["published"]).utcoffset()
    assert list(article.authors) == expected["authors"]
    assert list(article.provinces) == expected["provinces"]
    assert article.lead.startswith(expected.get("lead_startswith", ""))
    for text in expected["body_contains"]:
        assert text in article.body_html, text
    for text in expected["body_excludes"]:
        assert text not in article.body_html, f"boilerplate {text!r} leaked"
