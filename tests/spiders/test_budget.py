"""The page budget on a real crawler's stats (Scrapy's ``get_crawler``), without a crawl."""

from __future__ import annotations

from scrapy.utils.test import get_crawler

from spiders.budget import PageBudget
from spiders.stats import SiteStats


def test_each_charge_counts_a_request_until_the_budget_is_spent() -> None:
    stats = SiteStats(get_crawler())
    budget = PageBudget(2, stats)
    assert [budget.charge(), budget.charge()] == [True, True]
    assert not budget.spent and stats.get("requests") == 2
    assert budget.charge() is False
    assert budget.spent and stats.get("requests") == 2
    assert stats.errors == ["page budget of 2 requests reached; the rest waits for the next run"]


def test_a_refused_charge_is_reported_once() -> None:
    stats = SiteStats(get_crawler())
    budget = PageBudget(0, stats)
    assert budget.charge() is False and budget.charge() is False
    assert len(stats.errors) == 1
