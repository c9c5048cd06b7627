"""Publish every feed, the OPML list, the index page and the health feed into the output folder.

Output is a pure function of the store's content: feed dates come from the articles and the
crawl runs, never the clock, so an unchanged store rewrites nothing. Each file is validated,
then replaced atomically. A feed whose inputs are those of the last publish is not even
rendered again (see ``state.py``). Feed files of sites or units that disappear are left in place
(subscribers keep a valid, if frozen, feed instead of a 404).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from aggregator.registry import SiteEntry
from aggregator.schema import Article
from feeds.atomic import publish_lock, write_if_changed
from feeds.catalog import FeedSpec, feed_catalog
from feeds.duplicates import DuplicateFinder
from feeds.feedgen_adapter import atom_document, rss_document
from feeds.health import (
    FAILING_RUNS,
    HEALTH_PATH,
    SiteHealth,
    health_items,
    health_meta,
    site_health,
)
from feeds.index_page import HEADLINES_PER_PROVINCE, index_document
from feeds.items import EPOCH, feed_item, newest_update, publishable
from feeds.jsonfeed import json_feed_document
from feeds.model import FeedItem, FeedMeta, Headline
from feeds.opml import opml_document
from feeds.source import ArticleQuery, RunHistory, StoreRevision
from feeds.state import FeedRecord, PublishState, file_stamp, input_digest
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


@dataclass(frozen=True, slots=True)
class _Options:
    """Everything besides the articles that shapes the output (part of every input hash)."""

    base_url: str
    max_entries: int
    ttl_minutes: int
    failing_runs: int
    sites: tuple[SiteEntry, ...]


def publish(query: ArticleQuery, sites: Sequence[SiteEntry], *, out_dir: Path, base_url: str,
            max_entries: int = 100, ttl_minutes: int = 30,
            failing_runs: int = FAILING_RUNS) -> PublishReport:
    """Write every feed (Atom, RSS, JSON Feed), ``feeds.opml``, ``index.html``, ``health.atom``.

    ``base_url`` is the absolute URL ``out_dir`` is served under (self links, OPML);
    ``ttl_minutes`` goes into RSS ``<ttl>``. When ``query`` also offers the crawl history
    (:class:`RunHistory`), sites with ``failing_runs`` bad runs in a row go into the health
    feed and the index page shows each source's last success. When it offers a revision
    (:class:`StoreRevision`) equal to the last publish's, nothing is read or rendered at all.
    Raises ``FeedValidationError`` naming the file when a generated document is invalid; that
    file and those not yet reached keep their old content. Publishes into one folder hold its
    lock (see :func:`publish_lock`), so concurrent ones run in turn.
    """
    if not base_url.endswith("/"):
        base_url += "/"
    out_dir = Path(out_dir)
    options = _Options(base_url, max_entries, ttl_minutes, failing_runs, tuple(sites))
    with publish_lock(out_dir):
        return _publish(query, sites, options, out_dir)


def _publish(query: ArticleQuery, sites: Sequence[SiteEntry], options: _Options,
             out_dir: Path) -> PublishReport:
    base_url, ttl_minutes, failing_runs = options.base_url, options.ttl_minutes, options.failing_runs
    report = PublishReport()
    previous = PublishState.load(out_dir)
    revision = (input_digest([query.revision(), options], ())
                if isinstance(query, StoreRevision) else None)
    if revision is not None and previous.up_to_date(revision, out_dir):
        report.unchanged = [Path(name) for name in previous.files()]
        return report
    state = PublishState({}, revision=revision)
    specs = feed_catalog(query, sites)
    _publish_feeds(query, specs, options, previous=previous, state=state, report=report,
                   out_dir=out_dir)
    healths = _site_healths(query, sites)
    health = health_items(healths or [], failing_runs=failing_runs)
    records = state.records
    pages = {
        f"{HEALTH_PATH}.atom": atom_document(
            health_meta(health, base_url=base_url, ttl_minutes=ttl_minutes), health),
        "feeds.opml": opml_document(specs, base_url),
        "index.html": index_document(
            [(spec, records[spec.path].headlines) for spec in specs], base_url,
            updated=max((r.updated for r in records.values()), key=datetime.timestamp,
                        default=EPOCH),
            last_success=None if healths is None else {
                h.site.id: h.last_success for h in healths}),
    }
    for relpath, data in pages.items():
        _write(out_dir, relpath, data, report)
        state.pages[relpath] = file_stamp(out_dir / relpath)
    state.save(out_dir)
    return report


def _publish_feeds(query: ArticleQuery, specs: Sequence[FeedSpec], options: _Options, *,
                   previous: PublishState, state: PublishState, report: PublishReport,
                   out_dir: Path) -> None:
    """Render and write each feed whose inputs changed; record every feed in ``state``."""
    site_names = {site.id: site.name for site in options.sites}
    finder = DuplicateFinder()
    for spec in specs:
        candidates = spec.fetch(query, options.max_entries)
        digest = input_digest([spec, options], candidates)
        record = previous.fresh(spec.path, digest, out_dir)
        if record is None:
            items = _entries(spec, candidates, finder, site_names, options.max_entries)
            record = _write_feed(spec, items, digest, out_dir=out_dir,
                                 base_url=options.base_url, ttl_minutes=options.ttl_minutes,
                                 report=report)
        else:
            report.unchanged += map(Path, record.files)
        state.records[spec.path] = record


def _entries(spec: FeedSpec, candidates: Sequence[Article], finder: DuplicateFinder,
             site_names: Mapping[str, str], max_entries: int) -> list[FeedItem]:
    """The feed's entries: in a merged feed, one per story with links to the other copies."""
    candidates = [article for article in candidates if publishable(article)]
    scope = spec.entry_scope
    if not spec.merges_copies:
        return [feed_item(article, site_names, scope=scope)
                for article in candidates[:max_entries]]
    return [feed_item(story.first, site_names, story.copies, scope=scope)
            for story in finder.clusters(candidates)[:max_entries]]


def _site_healths(query: ArticleQuery, sites: Sequence[SiteEntry]) -> list[SiteHealth] | None:
    """Each site's crawl health, by site id; None when the store keeps no crawl history."""
    if not isinstance(query, RunHistory):
        return None
    return [site_health(query, site) for site in sorted(sites, key=lambda site: site.id)]


def _write_feed(spec: FeedSpec, items: Sequence[FeedItem], digest: str, *, out_dir: Path,
                base_url: str, ttl_minutes: int, report: PublishReport) -> FeedRecord:
    updated = newest_update(items)
    meta = spec.meta(base_url=base_url, updated=updated, ttl_minutes=ttl_minutes)
    files = {}
    for fmt, render in RENDERERS.items():
        relpath = f"{spec.path}.{fmt}"
        _write(out_dir, relpath, render(meta, items), report)
        files[relpath] = file_stamp(out_dir / relpath)
    return FeedRecord(digest, files, updated,
                      tuple(map(Headline.of, items[:HEADLINES_PER_PROVINCE])))


def _write(out_dir: Path, relpath: str, data: bytes, report: PublishReport) -> None:
    check_document(relpath, data)
    if write_if_changed(out_dir / relpath, data):
        report.written.append(Path(relpath))
    else:
        report.unchanged.append(Path(relpath))
