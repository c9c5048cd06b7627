"""The page budget: how many requests one site may cost in one run.

A budget, not a timeout, bounds a run: a site with an endless archive or a sitemap of 100,000
entries costs at most ``max_pages_per_site`` requests, and what it did not reach waits for the
next run. Every request the spider makes is charged here first, so the count in the crawl
summary (``requests``) and the limit are one number.
"""

from __future__ import annotations

from aggregator import crawl_stats
from spiders.stats import SiteStats


class PageBudget:
    """Requests left for one site; :attr:`spent` once a request was refused for want of one."""

    def __init__(self, limit: int, stats: SiteStats) -> None:
        self.limit = limit
        self.left = limit
        self.spent = False
        self._stats = stats

    def charge(self) -> bool:
        """Charge one request; False (and one error line for the summary) once none is left."""
        if self.left <= 0:
            self.spent = True
            self._stats.error(f"page budget of {self.limit} requests reached; "
                              "the rest waits for the next run")
            return False
        self.left -= 1
        self._stats.inc(crawl_stats.REQUESTS)
        return True
