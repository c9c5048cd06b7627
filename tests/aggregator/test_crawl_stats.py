"""A run's drops, fix-ups and fallbacks: kept with the run in the store, and read as one line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from aggregator.crawl_stats import describe
from aggregator.store import ArticleStore, SiteRun

NOW = datetime(2026, 5, 4, tzinfo=UTC)


def test_describe_names_the_non_zero_figures_in_plain_words() -> None:
    stats = {"parsed": 40, "fallback/body": 12, "fallback/date_from_feed": 3,
             "fixup/date_is_fetch_time": 0, "drop/too_old": 2, "extraction/body/family rule": 28}
    assert describe(stats) == ["body via fallback: 12 of 40 pages", "date from feed: 3",
                               "too old: 2"]
    assert describe({"parsed": 5, "unchanged": 5}) == []


def test_a_runs_stats_are_kept_in_the_store(tmp_path: Path) -> None:
    store = ArticleStore(f"sqlite:///{tmp_path / 'store.db'}")
    stats = {"parsed": 4, "fallback/no_author": 1, "extraction/title/og:title": 4}
    store.record_site_runs([SiteRun("husta", NOW, NOW, fetched=4, stats=stats), SiteRun("vusta", NOW, NOW)])
    assert store.recent_site_runs("husta")[0].stats == stats
    assert store.recent_site_runs("vusta")[0].stats == {}
