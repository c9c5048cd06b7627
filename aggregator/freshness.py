"""Freshness: how long a new article took from its publication to our feeds.

The store records, for each new article of a site crawled before (``article_freshness``), its
publication time and when it was stored; :func:`mark_published` stamps the first publish after
that. The delay a subscriber sees is feed time minus publication time; ``status`` shows its
median and 90th percentile per site and ``/metrics`` a histogram (fed here, once per article,
so the histogram's counters only grow).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from aggregator.counters import FRESHNESS_BUCKETS, histogram_increments, merged
from aggregator.store import ArticleStore, article_freshness

RECENT = 200
"""Newest published articles per site the status figures are computed over."""


@dataclass(frozen=True, slots=True)
class Freshness:
    """Delay figures of one site, in seconds (None without any measured article)."""

    articles: int
    median: float | None
    p90: float | None


def percentile(values: Sequence[float], share: float) -> float | None:
    """Nearest-rank percentile (``share`` in 0..1) of ``values``; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))  # ceil(n * share), at least 1
    return ordered[int(rank) - 1]


def mark_published(store: ArticleStore, now: datetime) -> int:
    """Stamp the articles stored since the last publish as published at ``now``, and add their
    delays to the freshness histogram; return how many. Call after a successful publish."""
    stamp = int(now.timestamp())
    with store.engine.begin() as conn:
        rows = list(conn.execute(select(article_freshness.c.article_id, article_freshness.c.site_id,
                                        article_freshness.c.published_ts)
                                 .where(article_freshness.c.feed_ts.is_(None))))
        if not rows:
            return 0
        delays: dict[str, list[float]] = defaultdict(list)
        for row in rows:
            delays[row.site_id].append(float(max(0, stamp - row.published_ts)))
        conn.execute(article_freshness.update().where(article_freshness.c.feed_ts.is_(None))
                     .values(feed_ts=stamp))
        store.bump_counters(conn, merged(*(
            histogram_increments("freshness_seconds", values, FRESHNESS_BUCKETS, site=site)
            for site, values in delays.items())))
    return len(rows)


def site_freshness(store: ArticleStore, site_id: str) -> Freshness:
    """Median and p90 delay from publication to feed of the site's newest published articles."""
    query = (select(article_freshness.c.feed_ts, article_freshness.c.published_ts)
             .where(article_freshness.c.site_id == site_id,
                    article_freshness.c.feed_ts.is_not(None))
             .order_by(article_freshness.c.stored_ts.desc()).limit(RECENT))
    with store.engine.connect() as conn:
        delays = [float(max(0, row.feed_ts - row.published_ts)) for row in conn.execute(query)]
    return Freshness(len(delays), percentile(delays, 0.5), percentile(delays, 0.9))
