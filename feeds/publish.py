"""Publish every feed, the OPML list and the index page into the output folder.

Output is a pure function of the store's content: feed dates come from the articles, never the
clock, so an unchanged store rewrites nothing. Each file is validated, then replaced atomically.
Feed files of sites or units that disappear are left in place (subscribers keep a valid, if
frozen, feed instead of a 404).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from aggregator.registry import SiteEntry
from feeds.atomic import write_if_changed
from feeds.catalog import FeedSpec, feed_catalog
from feeds.feedgen_adapter import atom_document, rss_document
from feeds.index_page import PublishedFeed, index_document
from feeds.items import feed_item, newest_update
from feeds.jsonfeed import json_feed_document
from feeds.model import FeedItem, FeedMeta
from feeds.opml import opml_document
from feeds.source import ArticleQuery
from feeds.validation import check_document

Renderer = Callable[[FeedMeta, Sequence[FeedItem]], bytes]

RENDERERS: dict[str, Renderer] = {
    "atom": atom_document,
    "rss": rss_document,
    "json": json_feed_document,
}
"""File extension -> document writer; the keys are ``feeds.model.FORMATS``."""


@dataclass(slots=True)
class PublishReport:
    """Files (relative to the output folder) rewritten, and those already up to date."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)


def publish(query: ArticleQuery, sites: Sequence[SiteEntry], *, out_dir: Path, base_url: str,
            max_entries: int = 100, ttl_minutes: int = 30) -> PublishReport:
    """Write every feed (Atom, RSS, JSON Feed), ``feeds.opml`` and ``index.html``.

    ``base_url`` is the absolute URL ``out_dir`` is served under (self links, OPML);
    ``ttl_minutes`` goes into RSS ``<ttl>``. Raises ``FeedValidationError`` naming the file when
    a generated document is invalid; that file and those not yet reached keep their old content.
    """
    if not base_url.endswith("/"):
        base_url += "/"
    out_dir = Path(out_dir)
    site_names = {site.id: site.name for site in sites}
    report = PublishReport()
    published: list[PublishedFeed] = []
    specs = feed_catalog(query, sites)
    for spec in specs:
        items = [feed_item(article, site_names)
                 for article in spec.fetch(query, max_entries)[:max_entries]]
        _write_feed(spec, items, out_dir=out_dir, base_url=base_url, ttl_minutes=ttl_minutes,
                    report=report)
        published.append((spec, items))
    _write(out_dir, "feeds.opml", opml_document(specs, base_url), report)
    _write(out_dir, "index.html", index_document(published, base_url), report)
    return report


def _write_feed(spec: FeedSpec, items: Sequence[FeedItem], *, out_dir: Path, base_url: str,
                ttl_minutes: int, report: PublishReport) -> None:
    meta = spec.meta(base_url=base_url, updated=newest_update(items), ttl_minutes=ttl_minutes)
    for fmt, render in RENDERERS.items():
        _write(out_dir, f"{spec.path}.{fmt}", render(meta, items), report)


def _write(out_dir: Path, relpath: str, data: bytes, report: PublishReport) -> None:
    check_document(relpath, data)
    if write_if_changed(out_dir / relpath, data):
        report.written.append(Path(relpath))
    else:
        report.unchanged.append(Path(relpath))
