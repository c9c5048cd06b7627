"""Publish every feed, the OPML list, the index page and the health feed into the output folder.

Output is a pure function of the store's content: feed dates come from the articles and the
crawl runs, so an unchanged store rewrites nothing, and two folders published from one store are
byte-identical. Two dates have no article to come from: the ``updated`` of a feed without
entries (never 1970: readers show it) and the index page's "last updated". Both are the store's
*as-of* time: the end of the latest recorded crawl (a crawl and its publish go together), or
without crawl history the newest article's date. Only a store with neither falls back to the
clock, and then a date is kept while the rest of its file is unchanged (read back from it).
Each file is validated, then replaced atomically. A feed whose inputs are those of the last
publish is not even rendered again (see ``state.py``); on a large publish the others are
rendered in a second process while the next feeds are read (``render_worker.py``). Feed
files of sites or units that disappear are left in place (subscribers keep a valid, if frozen,
feed instead of a 404).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from aggregator.dates import VN_TZ
from aggregator.registry import SiteEntry
from aggregator.schema import Article
from aggregator.search.topics import Topic
from feeds.atomic import publish_lock, write_if_changed
from feeds.catalog import FeedSpec, feed_catalog
from feeds.duplicates import DuplicateFinder
from feeds.feedgen_adapter import atom_document
from feeds.health import (
    FAILING_RUNS,
    HEALTH_PATH,
    SiteHealth,
    health_items,
    health_meta,
    site_health,
)
from feeds.index_page import HEADLINES_PER_PROVINCE, INDEX_PATH, index_document
from feeds.items import FeedItems, feed_item, feed_time, newest_update, publishable
from feeds.model import FORMATS, FeedItem, FeedMeta, Headline
from feeds.opml import opml_document, opml_path
from feeds.page_parts import UPDATED_LABEL
from feeds.render_worker import (
    Documents,
    FeedRenderer,
    Rendering,
    default_workers,
    render_documents,
)
from feeds.source import ArticleQuery, RunHistory, StoredSketches, StoreRevision
from feeds.state import FeedRecord, PublishState, file_stamp, input_digest
from feeds.validation import check_document

FEED_UPDATED = re.compile(rb"<updated>([^<]+)</updated>")
"""The first ``<updated>`` of an Atom document: the feed's own (it precedes the entries)."""
PAGE_UPDATED = re.compile(f'{UPDATED_LABEL}: <time datetime="([^"]+)"'.encode())
"""The date in a page's footer (see ``page_parts.footer``)."""

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
    topics: tuple[Topic, ...] = ()
    hub: str | None = None


def vietnam_now() -> datetime:
    """The publish time: now, to the second, in Vietnam's offset like every other feed date."""
    return datetime.now(VN_TZ).replace(microsecond=0)


def publish(query: ArticleQuery, sites: Sequence[SiteEntry], *, out_dir: Path, base_url: str,
            max_entries: int = 100, ttl_minutes: int = 30,
            failing_runs: int = FAILING_RUNS,
            clock: Callable[[], datetime] = vietnam_now, hub: str | None = None,
            topics: Sequence[Topic] = (), render_workers: int | None = None) -> PublishReport:
    """Write every feed (Atom, RSS, JSON Feed), ``feeds.opml``, ``index.html``, ``health.atom``.

    ``base_url`` is the absolute URL ``out_dir`` is served under (self links, OPML);
    ``ttl_minutes`` goes into RSS ``<ttl>``. When ``query`` also offers the crawl history
    (:class:`RunHistory`), sites with ``failing_runs`` bad runs in a row go into the health
    feed and the index page shows each source's last success. When it offers a revision
    (:class:`StoreRevision`) equal to the last publish's, nothing is read or rendered at all.
    When it keeps copy sketches (:class:`StoredSketches`), syndicated copies are found with
    them instead of sketching every candidate again.
    Raises ``FeedValidationError`` naming the file when a generated document is invalid; that
    file and those not yet reached keep their old content. Publishes into one folder hold its
    lock (see :func:`publish_lock`), so concurrent ones run in turn. ``topics`` become
    ``topic/<id>.*`` feeds when ``query`` can search (:class:`TopicSearch`). ``clock`` is read only
    for a store with neither crawls nor articles (see the module docstring). ``render_workers``
    (default: one when a second core is free) render large publishes' feeds in another process
    (:mod:`feeds.render_worker`); 0 renders every feed here.
    """
    if not base_url.endswith("/"):
        base_url += "/"
    out_dir = Path(out_dir)
    options = _Options(base_url, max_entries, ttl_minutes, failing_runs, tuple(sites),
                       tuple(topics))
    options = replace(options, hub=hub)
    workers = default_workers() if render_workers is None else render_workers
    with publish_lock(out_dir), FeedRenderer(workers) as renderer:
        return _publish(query, sites, options, out_dir, clock, renderer)


def _publish(query: ArticleQuery, sites: Sequence[SiteEntry], options: _Options,
             out_dir: Path, clock: Callable[[], datetime],
             renderer: FeedRenderer) -> PublishReport:
    base_url = options.base_url
    report = PublishReport()
    previous = PublishState.load(out_dir)
    revision = (input_digest([query.revision(), options], ())
                if isinstance(query, StoreRevision) else None)
    if revision is not None and previous.up_to_date(revision, out_dir):
        report.unchanged = [Path(name) for name in previous.files()]
        return report
    healths = _site_healths(query, sites)
    as_of = _as_of(query, healths)
    state = PublishState({}, revision=revision)
    specs = feed_catalog(query, sites, options.topics)
    _publish_feeds(query, specs, options, previous=previous, state=state, report=report,
                   out_dir=out_dir, as_of=as_of, clock=clock, renderer=renderer)
    health = health_items(healths or [], failing_runs=options.failing_runs)
    state.records[HEALTH_PATH] = _write_health(health, options, previous.records.get(HEALTH_PATH),
                                               out_dir=out_dir, report=report, as_of=as_of,
                                               clock=clock)
    for fmt in FORMATS:
        _write_page(out_dir, opml_path(fmt), opml_document(specs, base_url, fmt), report, state)

    def render_index(updated: datetime) -> Documents:
        headlines = [(spec, state.records[spec.path].headlines) for spec in specs]
        crawled = None if healths is None else {h.site.id: h.last_success for h in healths}
        return {INDEX_PATH: index_document(headlines, base_url, updated=updated,
                                           last_success=crawled)}

    _, documents = _dated(render_index, as_of, _date_in(out_dir / INDEX_PATH, PAGE_UPDATED),
                          clock, out_dir)
    _write_page(out_dir, INDEX_PATH, documents[INDEX_PATH], report, state)
    state.save(out_dir)
    return report


def _publish_feeds(query: ArticleQuery, specs: Sequence[FeedSpec], options: _Options, *,
                   previous: PublishState, state: PublishState, report: PublishReport,
                   out_dir: Path, as_of: datetime | None,
                   clock: Callable[[], datetime], renderer: FeedRenderer) -> None:
    """Render and write each feed whose inputs changed; record every feed in ``state``.

    A feed with entries is dated by its newest one, so its documents depend on nothing else:
    they are rendered by ``renderer`` (maybe in another process) while the next feeds are read,
    and written in order as they come back."""
    items_of = FeedItems({site.id: site.name for site in options.sites})
    finder = DuplicateFinder(query if isinstance(query, StoredSketches) else None)
    rendering: deque[_PendingFeed] = deque()
    for spec in specs:
        _write_rendered(rendering, renderer, out_dir=out_dir, state=state, report=report,
                        wait=False)
        candidates = spec.fetch(query, options.max_entries)
        # A feed without entries shows the store's as-of date: it is one of its inputs.
        empty = not any(map(publishable, candidates))
        digest = input_digest([spec, options, as_of if empty else None], candidates)
        record = previous.fresh(spec.path, digest, out_dir)
        if record is not None:
            report.unchanged += map(Path, record.files)
            state.records[spec.path] = record
            continue
        items = _entries(spec, candidates, finder, items_of, options.max_entries)
        if items:
            meta = _meta(spec, options, newest_update(items))
            rendering.append(_PendingFeed(meta, items, digest, renderer.submit(
                len(items), render_documents, spec, meta, items)))
            continue
        state.records[spec.path] = _write_empty_feed(
            spec, digest, options, out_dir=out_dir, as_of=as_of, clock=clock, report=report,
            earlier=_earlier_date(previous.records.get(spec.path), out_dir, spec.path))
    _write_rendered(rendering, renderer, out_dir=out_dir, state=state, report=report,
                    wait=True)


@dataclass(frozen=True, slots=True)
class _PendingFeed:
    """A feed with entries whose documents are being rendered."""

    meta: FeedMeta
    items: Sequence[FeedItem]
    digest: str
    documents: Rendering[Documents]


def _write_rendered(rendering: deque[_PendingFeed], renderer: FeedRenderer, *, out_dir: Path,
                    state: PublishState, report: PublishReport, wait: bool) -> None:
    """Write the rendered feeds at the head of ``rendering`` (all of them when ``wait``),
    in order, so an invalid document stops the publish at its own feed."""
    while rendering and (wait or rendering[0].documents.done()):
        feed = rendering.popleft()
        documents = renderer.result(feed.documents)
        state.records[feed.meta.path] = _feed_record(feed.digest, documents, feed.meta.updated,
                                                     feed.items, out_dir, report)


def _meta(spec: FeedSpec, options: _Options, updated: datetime) -> FeedMeta:
    return replace(spec.meta(base_url=options.base_url, updated=updated,
                             ttl_minutes=options.ttl_minutes), hub=options.hub)


def _entries(spec: FeedSpec, candidates: Sequence[Article], finder: DuplicateFinder,
             items_of: FeedItems, max_entries: int) -> list[FeedItem]:
    """The feed's entries: in a merged feed, one per story with links to the other copies."""
    candidates = [article for article in candidates if publishable(article)]
    scope = spec.entry_scope
    if not spec.merges_copies:
        return [items_of.item(article, scope=scope) for article in candidates[:max_entries]]
    return [items_of.item(story.first, story.copies, scope=scope)
            for story in finder.clusters(candidates)[:max_entries]]


def _site_healths(query: ArticleQuery, sites: Sequence[SiteEntry]) -> list[SiteHealth] | None:
    """Each site's crawl health, by site id; None when the store keeps no crawl history."""
    if not isinstance(query, RunHistory):
        return None
    return [site_health(query, site) for site in sorted(sites, key=lambda site: site.id)]


def _as_of(query: ArticleQuery, healths: Sequence[SiteHealth] | None) -> datetime | None:
    """The store's as-of time: the end of its latest crawl, else its newest article's date;
    None for a store with neither."""
    crawled = [h.last_run for h in healths or () if h.last_run is not None]
    if crawled:
        return feed_time(max(crawled, key=datetime.timestamp).astimezone(VN_TZ))
    newest = [feed_item(a, {}) for a in query.latest(limit=1) if publishable(a)]
    return newest_update(newest) if newest else None


def _dated(render: Callable[[datetime], Documents], as_of: datetime | None,
           earlier: datetime | None, clock: Callable[[], datetime],
           out_dir: Path) -> tuple[datetime, Documents]:
    """Documents dated by the store's ``as_of`` time, and that date.

    A store with neither crawls nor articles has none: then ``earlier`` (the date the files
    carry now) is kept when it reproduces every published file byte for byte, else the clock
    gives one, so even then an unchanged folder is never rewritten.
    """
    if as_of is not None:
        return as_of, render(as_of)
    if earlier is not None:
        documents = render(earlier)
        if not any(_differs(out_dir / relpath, data) for relpath, data in documents.items()):
            return earlier, documents
    now = clock()
    return now, render(now)


def _date_in(path: Path, pattern: re.Pattern[bytes]) -> datetime | None:
    """The date ``pattern`` finds in a published file; None without file or date."""
    try:
        match = pattern.search(path.read_bytes())
        return datetime.fromisoformat(match.group(1).decode()) if match else None
    except (OSError, ValueError):
        return None


def _differs(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() != data
    except OSError:
        return True


def _earlier_date(record: FeedRecord | None, out_dir: Path, path: str) -> datetime | None:
    """The ``updated`` a feed carries now: from its record, else from its Atom file."""
    if record is not None:
        return record.updated
    return _date_in(out_dir / f"{path}.atom", FEED_UPDATED)


def _write_health(items: Sequence[FeedItem], options: _Options, previous: FeedRecord | None, *,
                  out_dir: Path, report: PublishReport, as_of: datetime | None,
                  clock: Callable[[], datetime]) -> FeedRecord:
    """Write ``health.atom``; while every site is healthy it is dated by the latest crawl."""
    relpath = f"{HEALTH_PATH}.atom"

    def render(updated: datetime) -> Documents:
        meta = health_meta(base_url=options.base_url, ttl_minutes=options.ttl_minutes,
                           updated=updated)
        return {relpath: atom_document(meta, items)}

    updated, documents = _render_feed(render, items, as_of,
                                      _earlier_date(previous, out_dir, HEALTH_PATH), clock,
                                      out_dir)
    _write(out_dir, relpath, documents[relpath], report)
    return FeedRecord("", {relpath: file_stamp(out_dir / relpath)}, updated,
                      tuple(map(Headline.of, items[:HEADLINES_PER_PROVINCE])))


def _render_feed(render: Callable[[datetime], Documents], items: Sequence[FeedItem],
                 as_of: datetime | None, earlier: datetime | None,
                 clock: Callable[[], datetime], out_dir: Path) -> tuple[datetime, Documents]:
    """A feed's documents dated by its newest entry, or when empty by :func:`_dated`."""
    if items:
        updated = newest_update(items)
        return updated, render(updated)
    return _dated(render, as_of, earlier, clock, out_dir)


def _write_page(out_dir: Path, relpath: str, data: bytes, report: PublishReport,
                state: PublishState) -> None:
    _write(out_dir, relpath, data, report)
    state.pages[relpath] = file_stamp(out_dir / relpath)


def _write_empty_feed(spec: FeedSpec, digest: str, options: _Options, *,
                      as_of: datetime | None, earlier: datetime | None,
                      clock: Callable[[], datetime], out_dir: Path,
                      report: PublishReport) -> FeedRecord:
    """Write a feed without entries, dated by :func:`_dated`."""
    updated, documents = _dated(
        lambda updated: render_documents(spec, _meta(spec, options, updated), ()),
        as_of, earlier, clock, out_dir)
    return _feed_record(digest, documents, updated, (), out_dir, report)


def _feed_record(digest: str, documents: Documents, updated: datetime,
                 items: Sequence[FeedItem], out_dir: Path, report: PublishReport) -> FeedRecord:
    """Write a feed's documents (validated where they were rendered) and record them."""
    files = {}
    for relpath, data in documents.items():
        _put(out_dir, relpath, data, report)
        files[relpath] = file_stamp(out_dir / relpath)
    return FeedRecord(digest, files, updated,
                      tuple(map(Headline.of, items[:HEADLINES_PER_PROVINCE])))


def _write(out_dir: Path, relpath: str, data: bytes, report: PublishReport) -> None:
    check_document(relpath, data)
    _put(out_dir, relpath, data, report)


def _put(out_dir: Path, relpath: str, data: bytes, report: PublishReport) -> None:
    if write_if_changed(out_dir / relpath, data):
        report.written.append(Path(relpath))
    else:
        report.unchanged.append(Path(relpath))
