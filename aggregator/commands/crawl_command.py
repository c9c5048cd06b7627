"""``aggregator crawl``: one crawl of the selected sites, then a per-site summary.

A crawl holds the store's crawl lock (:mod:`aggregator.run_lock`): a second crawl of the same
store while one runs prints one line and exits 75 (``EX_TEMPFAIL``: try again later).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from aggregator.commands.selection import select_sites
from aggregator.config import Config, load_config
from aggregator.crawl_stats import describe
from aggregator.errors import ConfigError, StoreBusy
from aggregator.province_relevance import article_about_provinces
from aggregator.registry import SiteEntry
from aggregator.run_lock import EXIT_BUSY, hold_run_lock
from aggregator.store import ArticleStore, SiteRun

log = logging.getLogger(__name__)


def open_store(config: Config) -> ArticleStore:
    """Open the configured store; a bad URL is reported against the config file."""
    try:
        return ArticleStore(config.storage_url)
    except ConfigError as exc:
        raise ConfigError(str(exc), source=config.source) from None


def crawl_sites(config: Config, sites: Sequence[SiteEntry],
                store: ArticleStore | None = None) -> list[SiteRun]:
    from spiders.runner import run_crawl  # lazy: Scrapy takes ~0.6 s to import; most commands never crawl

    store = store or open_store(config)  # first: a bad storage URL is a config error, not busy
    try:
        with hold_run_lock(config.storage_url, "crawl"):
            print(f"crawling {len(sites)} site(s)...", file=sys.stderr, flush=True)
            fill_stored_articles(config, store)
            return run_crawl(config, sites, store)
    finally:
        store.close()


def fill_stored_articles(config: Config, store: ArticleStore) -> None:
    """Bring articles stored by an older version up to what a new one stores (once each:
    afterwards nothing is left to fill): their feed provinces, their copy sketches."""
    fill_about_provinces(config, store)
    filled = store.fill_copy_sketches()
    if filled:
        log.info("copies: sketches of %d stored article(s) computed", filled)


def fill_about_provinces(config: Config, store: ArticleStore) -> None:
    """Put articles stored before province feeds followed aboutness under the same rule as
    new ones (once: afterwards nothing is left to fill). Articles of sites no longer
    registered keep their membership: their site's province is unknown."""
    own = {site.id: site.province for site in config.sites}
    filled = store.fill_about_provinces(
        lambda article: (article_about_provinces(article, own[article.site_id])
                         if article.site_id in own else None))
    if filled:
        log.info("province feeds: %d stored article(s) placed by aboutness", filled)


def report_busy(exc: StoreBusy) -> int:
    """Print the one-line refusal of a busy store and return the exit status for it."""
    print(f"aggregator: {exc}", file=sys.stderr)
    return EXIT_BUSY


def print_summary(runs: Sequence[SiteRun]) -> None:
    """One row per site, then the totals. NOT MODIFIED counts the feeds, sitemaps and listings
    answered 304: a quiet site fetches nothing, yet was reached and is not unreachable.

    A failing site is one line: its row names the first error ("DNS failure for http://…",
    "HTTP 403 for http://…") and how many more there were; the others are logged at INFO, so
    ``--verbose`` lists them (every run's errors are also kept in the store).

    Under the totals, one indented line per site with drops, fix-ups or fallbacks
    (:func:`aggregator.crawl_stats.describe`): "body via fallback: 12 of 40 pages", ..."""
    header = ("SITE", "FETCHED", "NOT MODIFIED", "NEW", "UPDATED", "FAILED", "ERRORS")
    rows = [header] + [
        (r.site_id, str(r.fetched), str(r.not_modified), str(r.new), str(r.updated),
         str(r.failed), _first_error(r.errors))
        for r in runs
    ]
    last = len(header) - 1
    widths = [max(len(row[i]) for row in rows) for i in range(last)]
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [row[i].rjust(widths[i]) for i in range(1, last)]
        print("  ".join(cells) + "  " + row[last])
    failed_sites = sum(1 for r in runs if r.errors and not (r.fetched or r.not_modified))
    print(f"{len(runs)} site(s): {sum(r.new for r in runs)} new, "
          f"{sum(r.updated for r in runs)} updated, {failed_sites} unreachable")
    for run in runs:
        details = describe(run.stats)
        if details:
            print(f"  {run.site_id}: " + ", ".join(details))
    for run in runs:
        for error in run.errors[1:]:
            log.info("%s: %s", run.site_id, error)


def _first_error(errors: Sequence[str]) -> str:
    if not errors:
        return "-"
    more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
    return errors[0] + more


NAME = "crawl"
HELP = "crawl the selected sites once"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site", action="append", default=[], metavar="ID",
                        help="crawl this site (repeatable; default: all)")
    parser.add_argument("--province", action="append", default=[], metavar="SLUG",
                        help="crawl the sites of this province (repeatable)")


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    sites = select_sites(config.sites, site_ids=args.site, provinces=args.province)
    if not sites:
        print("no sites selected", file=sys.stderr)
        return 0
    try:
        runs = crawl_sites(config, sites)
    except StoreBusy as exc:
        return report_busy(exc)
    print_summary(runs)
    return 0
