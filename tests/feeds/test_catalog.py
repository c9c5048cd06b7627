"""feed_catalog(): which feeds exist, in what order, with which Vietnamese titles."""

from __future__ import annotations

from datetime import UTC, datetime

from aggregator.registry import SiteEntry
from aggregator.schema import Article
from feeds.catalog import feed_catalog


class _Query:
    def __init__(self, provinces: set[str]) -> None:
        self.provinces = provinces
        self.calls: list[dict[str, object]] = []

    def latest(self, **filters: object) -> list[Article]:
        self.calls.append(filters)
        return []

    def provinces_with_articles(self) -> set[str]:
        return self.provinces


def test_order_units_and_titles(sites: list[SiteEntry]) -> None:
    specs = feed_catalog(_Query({"ho-chi-minh", "not-a-unit"}), sites)
    assert [s.path for s in specs] == [
        "all", "kind/newspaper", "kind/federation",
        # units in their official order: with a site, or with articles; never unknown slugs
        "province/cao-bang", "province/lang-son", "province/hue", "province/ho-chi-minh",
        "source/baocaobang", "source/baohue", "source/baolangson", "source/vusta",
    ]
    titles = {s.path: s.title for s in specs}
    assert titles["province/ho-chi-minh"] == "Tin Hồ Chí Minh — Tin địa phương Việt Nam"
    assert titles["source/baohue"] == "Báo Huế — Tin địa phương Việt Nam"
    assert titles["kind/federation"] == "Liên hiệp các hội KH&KT — Tin địa phương Việt Nam"


def test_each_feed_queries_its_own_filter(sites: list[SiteEntry]) -> None:
    query = _Query(set())
    specs = {s.path: s for s in feed_catalog(query, sites)}
    for path in ("all", "kind/federation", "province/hue", "source/vusta"):
        specs[path].fetch(query, 25)
    assert query.calls == [  # merged feeds read spare candidates for folded copies
        {"limit": 50},
        {"limit": 50, "kind": "federation"},
        {"limit": 50, "province": "hue"},
        {"limit": 25, "site_ids": ["vusta"]},
    ]


def test_source_feed_meta_points_home_to_the_site(sites: list[SiteEntry]) -> None:
    spec = next(s for s in feed_catalog(_Query(set()), sites) if s.key == "vusta")
    meta = spec.meta(base_url="https://tin.example.vn/", updated=datetime(2025, 1, 1, tzinfo=UTC),
                     ttl_minutes=30)
    assert meta.home_url == "https://vusta.vn/"
    assert meta.author == "Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam"
    assert meta.url("rss") == "https://tin.example.vn/source/vusta.rss"
    assert meta.feed_id == "tag:vn-news-aggregator,2025:feed:source/vusta"
