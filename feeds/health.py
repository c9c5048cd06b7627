"""The operator's health feed (``health.atom``) and each site's last successful crawl.

Crawl errors must never reach the reader feeds, yet someone has to learn that a site changed its
layout or went offline. ``health.atom`` has one entry per site whose last few crawls all failed
or yielded nothing; the operator subscribes to it like to any feed. It is not listed in the
OPML file or among the index page's reader feeds.

An entry stands for one outage: its id carries the start of the streak of bad runs, so while a
site stays broken readers see the same entry updated (``updated`` = the last run's end), and a
new outage after a recovery is a new entry. Entries come from the stored runs, never the clock,
so the same history gives the same bytes; the feed without entries (all sites healthy) is
dated by the latest crawl (see ``publish.py``). Dates are in Vietnam's offset like every feed's;
entry ids keep the UTC start of the outage they always had.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape

from aggregator.dates import VN_TZ
from aggregator.registry import SiteEntry
from feeds.items import ENTRY_ID_PREFIX, feed_time
from feeds.labels import PROJECT_TITLE, kind_label
from feeds.model import Category, FeedItem, FeedMeta
from feeds.source import CrawlRun, RunHistory
from feeds.xmlsafe import plain_text, xml_safe

FAILING_RUNS = 3
"""Consecutive bad runs before a site is reported: one bad run is often a passing outage."""
HEALTH_PATH = "health"
_HISTORY = 50
"""Runs read per site at first; more only while no success is found among them."""
_RUNS_SHOWN = 10
_ERRORS_SHOWN = 5


def reached(run: CrawlRun) -> int:
    """Pages the site answered: fetched, or unchanged since the last run (HTTP 304).

    An incremental crawl of a quiet site gets only 304s; that site is healthy, not silent.
    """
    return run.fetched + run.not_modified


def unproductive(run: CrawlRun) -> bool:
    """The run failed or yielded nothing: no page answered, or errors and nothing new."""
    return reached(run) == 0 or (bool(run.errors) and run.new == 0 and run.updated == 0)


def succeeded(run: CrawlRun) -> bool:
    """Pages were answered and nothing went wrong (finding no new article is still success)."""
    return reached(run) > 0 and not run.errors


@dataclass(frozen=True, slots=True)
class SiteHealth:
    """A site's current streak of unproductive runs (newest first) and its last success."""

    site: SiteEntry
    streak: tuple[CrawlRun, ...]
    last_success: datetime | None
    """End of the latest successful run; None when no run ever succeeded."""
    last_run: datetime | None = None
    """End of the latest run, whatever its outcome; None when the site was never crawled."""


def site_health(history: RunHistory, site: SiteEntry) -> SiteHealth:
    """Read the site's runs back to its last success (or its first run)."""
    limit = _HISTORY
    while True:
        runs = history.recent_site_runs(site.id, limit=limit)
        success = next((run for run in runs if succeeded(run)), None)
        if success is not None or len(runs) < limit:
            break
        limit *= 4
    streak = tuple(itertools.takewhile(unproductive, runs))
    return SiteHealth(site, streak, success.finished_at if success else None,
                      runs[0].finished_at if runs else None)


def health_items(healths: Sequence[SiteHealth], *, failing_runs: int = FAILING_RUNS
                 ) -> list[FeedItem]:
    """One entry per site with at least ``failing_runs`` bad runs in a row, latest first."""
    items = [_item(health) for health in healths if len(health.streak) >= failing_runs]
    return sorted(items, key=lambda item: (-item.updated.timestamp(), item.id))


def health_meta(*, base_url: str, ttl_minutes: int, updated: datetime) -> FeedMeta:
    return FeedMeta(
        path=HEALTH_PATH,
        feed_id=f"{ENTRY_ID_PREFIX}feed:{HEALTH_PATH}",
        title=f"Tình trạng thu thập — {PROJECT_TITLE}",
        description="Nguồn tin thu thập thất bại hoặc không có bài nhiều lần liên tiếp "
                    "(dành cho người vận hành).",
        home_url=base_url,
        author=PROJECT_TITLE,
        base_url=base_url,
        updated=updated,
        ttl_minutes=ttl_minutes,
    )


def local_time(value: datetime) -> str:
    """``dd/mm/yyyy HH:MM`` in Vietnam time, as operators read it."""
    return f"{value.astimezone(VN_TZ):%d/%m/%Y %H:%M}"


def _item(health: SiteHealth) -> FeedItem:
    site, streak = health.site, health.streak
    began = feed_time(streak[-1].started_at)
    local_began = feed_time(began.astimezone(VN_TZ))
    name = plain_text(site.name)
    since = (f"Lần thu thập thành công gần nhất: {local_time(health.last_success)}."
             if health.last_success else "Chưa có lần thu thập thành công nào.")
    return FeedItem(
        id=f"{ENTRY_ID_PREFIX}health:{site.id}/{began.isoformat()}",
        title=f"{name}: {len(streak)} lần thu thập liên tiếp thất bại hoặc không có bài",
        url=xml_safe(site.url),
        published=local_began,
        updated=feed_time(streak[0].finished_at.astimezone(VN_TZ)),
        authors=(),
        summary=since,
        content_html=xml_safe(_details(streak, since)),
        categories=(Category("source", site.id, name),
                    Category("kind", site.kind, kind_label(site.kind))),
        image=None,
        image_type="",
        language="vi",
    )


def _details(streak: Sequence[CrawlRun], since: str) -> str:
    rows = []
    for run in streak[:_RUNS_SHOWN]:
        errors = "".join(f"<li><code>{escape(error)}</code></li>"
                         for error in run.errors[:_ERRORS_SHOWN])
        more = len(run.errors) - _ERRORS_SHOWN
        if more > 0:
            errors += f"<li>… và {more} lỗi khác</li>"
        rows.append(f"<li>{local_time(run.finished_at)}: tải {run.fetched} trang, "
                    f"{run.not_modified} trang không đổi (304), "
                    f"{run.new} bài mới, {run.updated} bài cập nhật, {len(run.errors)} lỗi"
                    + (f"<ul>{errors}</ul>" if errors else "") + "</li>")
    return f"<p>{escape(since)}</p><ul>{''.join(rows)}</ul>"
