"""Monotonic operational counters kept in the store, for ``/metrics``.

Prometheus counters must only grow. The crawl history (``site_runs``) is pruned by retention,
so sums over it would fall back and look like resets; instead every recorded crawl run and
every publish adds to named counters in the store (table ``metric_counters``), which
:mod:`aggregator.metrics` exposes. A key is the metric name followed by its labels,
``name|label=value|label=value``, labels sorted, so one row is one Prometheus series.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aggregator.store import SiteRun

FRESHNESS_BUCKETS: tuple[float, ...] = (60, 300, 600, 900, 1800, 3600, 7200, 21600, 86400)
"""Seconds from publication to feed: a minute, 5/10/15/30 minutes, 1/2/6 hours, a day."""

PUBLISH_BUCKETS: tuple[float, ...] = (0.1, 0.5, 1, 2, 5, 10, 30)
"""Seconds one publish takes (4 s for 100,000 articles, see the README)."""

_FAILURE_KINDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^HTTP 4\d\d "), "http_4xx"),
    (re.compile(r"^HTTP 5\d\d "), "http_5xx"),
    (re.compile(r"^HTTP \d+ "), "http_other"),
    (re.compile(r"DNS failure"), "dns"),
    (re.compile(r"timeout", re.I), "timeout"),
    (re.compile(r"connection|no route|TLS error", re.I), "connection"),
    (re.compile(r"robots", re.I), "robots"),
    (re.compile(r"not XML|no items|not an HTML page", re.I), "bad_document"),
    (re.compile(r"page budget"), "budget"),
    (re.compile(r"redirect"), "redirect"),
    (re.compile(r"^cannot store "), "store"),
)


def failure_kind(error: str) -> str:
    """A small fixed vocabulary for an error line of a crawl run (a label must not be free
    text: every distinct URL would become a series)."""
    return next((kind for pattern, kind in _FAILURE_KINDS if pattern.search(error)), "other")


def key(name: str, **labels: str) -> str:
    """The store key of one series."""
    return "|".join([name, *(f"{label}={value}" for label, value in sorted(labels.items()))])


def parse_key(text: str) -> tuple[str, dict[str, str]]:
    """The inverse of :func:`key`."""
    name, *pairs = text.split("|")
    return name, dict(pair.split("=", 1) for pair in pairs)


def run_increments(runs: Iterable[SiteRun]) -> dict[str, float]:
    """What a batch of recorded crawl runs adds: requests, pages, articles new/updated and
    and failures by kind per site."""
    totals: dict[str, float] = {}
    for run in runs:
        site = run.site_id
        for name, value in (("requests", run.requests), ("fetched", run.fetched),
                            ("new", run.new), ("updated", run.updated), ("runs", 1)):
            _add(totals, key(f"site_{name}", site=site), value)
        for error in run.errors:
            _add(totals, key("site_failures", site=site, kind=failure_kind(error)), 1)
    return totals


def histogram_increments(name: str, values: Sequence[float], buckets: Sequence[float],
                         **labels: str) -> dict[str, float]:
    """Cumulative bucket counts, sum and count of ``values`` for a Prometheus histogram."""
    totals: dict[str, float] = {}
    for value in values:
        for bound in buckets:
            if value <= bound:
                _add(totals, key(f"{name}_bucket", le=f"{bound:g}", **labels), 1)
        _add(totals, key(f"{name}_bucket", le="+Inf", **labels), 1)
        _add(totals, key(f"{name}_sum", **labels), value)
        _add(totals, key(f"{name}_count", **labels), 1)
    return totals


def merged(*parts: Mapping[str, float]) -> dict[str, float]:
    """Several increment maps added together."""
    totals: dict[str, float] = {}
    for part in parts:
        for name, value in part.items():
            _add(totals, name, value)
    return totals


def _add(totals: dict[str, float], name: str, value: float) -> None:
    totals[name] = totals.get(name, 0.0) + value
