"""``/metrics``: the store's operational figures in Prometheus text format (``prometheus_client``).

``serve`` runs apart from ``run``, so nothing here lives in process memory: every scrape reads
the store. Counters come from ``metric_counters`` (:mod:`aggregator.counters`, monotonic even
when retention prunes old crawl runs); gauges (last success per site, store size) are computed
at scrape time. A scrape costs a few indexed queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector
from sqlalchemy import func, or_, select

from aggregator.counters import FRESHNESS_BUCKETS, PUBLISH_BUCKETS, parse_key
from aggregator.store import ArticleStore, metric_counters, site_runs

PREFIX = "aggregator_"
COUNTERS = {
    "site_requests": ("site_requests", "HTTP requests made to the site"),
    "site_fetched": ("site_pages_fetched", "Pages downloaded from the site"),
    "site_new": ("site_articles_new", "New articles stored"),
    "site_updated": ("site_articles_updated", "Stored articles updated"),
    "site_runs": ("site_crawls", "Crawl runs of the site"),
}
"""Stored counter name -> (exposed name without prefix/_total, help)."""
HISTOGRAMS = {
    "freshness_seconds": ("Delay from an article's publication to the publish that put it in the "
                          "feeds", FRESHNESS_BUCKETS),
    "publish_seconds": ("Duration of one publish of every feed", PUBLISH_BUCKETS),
}


class StoreCollector(Collector):
    """Collects every figure from ``store`` at each scrape."""

    def __init__(self, store: ArticleStore) -> None:
        self.store = store

    def collect(self) -> Iterator[Metric]:
        with self.store.engine.connect() as conn:
            rows = [(name, labels, float(value)) for key, value in conn.execute(
                select(metric_counters.c.key, metric_counters.c.value))
                for name, labels in [parse_key(key)]]
            successes = conn.execute(
                select(site_runs.c.site_id, func.max(site_runs.c.finished_at))
                .where(or_(site_runs.c.fetched > 0, site_runs.c.not_modified > 0))
                .group_by(site_runs.c.site_id)).all()
        yield from _counters(rows)
        yield from _histograms(rows)
        last = GaugeMetricFamily(PREFIX + "site_last_success_timestamp_seconds",
                                 "When a crawl last reached the site (Unix time)", labels=["site"])
        for site, finished in successes:
            last.add_metric([site], datetime.fromisoformat(finished).timestamp())
        yield last
        yield GaugeMetricFamily(PREFIX + "store_articles", "Articles in the store",
                                value=self.store.count())
        size = self.store.size_bytes()
        if size is not None:
            yield GaugeMetricFamily(PREFIX + "store_size_bytes",
                                    "Bytes the database uses (free pages excluded)", value=size)


def _counters(rows: list[tuple[str, dict[str, str], float]]) -> Iterator[Metric]:
    families = {name: CounterMetricFamily(PREFIX + exposed, text, labels=["site"])
                for name, (exposed, text) in COUNTERS.items()}
    failures = CounterMetricFamily(PREFIX + "site_failures", "Crawl errors by kind",
                                   labels=["site", "kind"])
    for name, labels, value in rows:
        if name in families:
            families[name].add_metric([labels["site"]], value)
        elif name == "site_failures":
            failures.add_metric([labels["site"], labels["kind"]], value)
    yield from families.values()
    yield failures


def _histograms(rows: list[tuple[str, dict[str, str], float]]) -> Iterator[Metric]:
    for name, (text, bounds) in HISTOGRAMS.items():
        series: dict[tuple[tuple[str, str], ...], dict[str, float]] = defaultdict(dict)
        for row_name, labels, value in rows:
            if not row_name.startswith(name + "_"):
                continue
            part = row_name[len(name) + 1:]
            bound = labels.pop("le", "")
            series[tuple(sorted(labels.items()))][bound if part == "bucket" else part] = value
        label_names = sorted({label for key in series for label, _ in key})
        family = HistogramMetricFamily(PREFIX + name, text, labels=label_names)
        for key, values in series.items():
            # A bucket no value fell into has no stored row; it is cumulative, so 0.
            buckets = [(le, values.get(le, 0.0)) for le in [f"{b:g}" for b in bounds] + ["+Inf"]]
            family.add_metric([value for _, value in key], buckets, values.get("sum", 0.0))
        yield family


def metrics_text(store: ArticleStore) -> bytes:
    """One scrape's body."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(StoreCollector(store))
    return generate_latest(registry)
