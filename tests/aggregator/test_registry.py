"""The built-in registry: well-formed, covers the country, every family has a parser."""

from __future__ import annotations

import json
from collections import Counter

from aggregator.parsing.families import FAMILIES
from aggregator.provinces import PROVINCES
from aggregator.registry import SITE_ID_PATTERN, builtin_sites
from tests.support import REPO, run_cli

SITES = builtin_sites()


def test_ids_are_unique_and_well_formed() -> None:
    counts = Counter(site.id for site in SITES)
    assert [i for i, n in counts.items() if n > 1] == []
    assert all(SITE_ID_PATTERN.match(site.id) for site in SITES)


def test_every_current_unit_has_a_newspaper() -> None:
    covered = {s.province for s in SITES if s.kind == "newspaper"}
    missing = sorted(set(PROVINCES) - covered)
    assert missing == [], f"add a newspaper entry to aggregator/data/sites.toml for {missing}"


def test_federations_include_vusta_and_unions() -> None:
    federations = [s for s in SITES if s.kind == "federation"]
    assert any(s.id == "vusta" and s.province is None for s in federations)
    assert len([s for s in federations if s.province]) >= 3


def test_families_are_known_and_nothing_claims_to_be_verified() -> None:
    for site in SITES:
        assert site.family is None or site.family in FAMILIES, site.id
        assert site.verified is False, f"{site.id}: verified needs a live check"


def test_sites_json_lists_the_registry() -> None:
    listed = json.loads(run_cli("sites", "--json").stdout)
    assert {s["id"] for s in listed} == {s.id for s in SITES}
    assert all(s["discovery"] for s in listed)
    by_province = json.loads(run_cli("sites", "--province", "hue", "--json").stdout)
    assert {s["id"] for s in by_province} >= {"husta", "huengaynay"}


def test_readme_coverage_table_is_current() -> None:
    table = run_cli("sites", "--coverage").stdout.strip()
    readme = (REPO / "README.md").read_text("utf-8")
    assert table in readme, "regenerate the README table with: aggregator sites --coverage"
    assert "**none**" not in table.split("(national)")[1]
