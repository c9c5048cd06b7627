"""``aggregator crawl``: one crawl of the selected sites, then a per-site summary."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from aggregator.commands.selection import select_sites
from aggregator.config import Config, load_config
from aggregator.errors import ConfigError
from aggregator.registry import SiteEntry
from aggregator.store import ArticleStore, SiteRun


def open_store(config: Config) -> ArticleStore:
    """Open the configured store; a bad URL is reported against the config file."""
    try:
        return ArticleStore(config.storage_url)
    except ConfigError as exc:
        raise ConfigError(str(exc), source=config.source) from None


def crawl_sites(config: Config, sites: Sequence[SiteEntry],
                store: ArticleStore | None = None) -> list[SiteRun]:
    from spiders.runner import run_crawl  # the composition root is the only importer of spiders

    store = store or open_store(config)
    try:
        return run_crawl(config, sites, store)
    finally:
        store.close()


def print_summary(runs: Sequence[SiteRun]) -> None:
    header = ("SITE", "FETCHED", "NEW", "UPDATED", "FAILED", "ERRORS")
    rows = [header] + [
        (r.site_id, str(r.fetched), str(r.new), str(r.updated), str(r.failed),
         r.errors[0] if r.errors else "-")
        for r in runs
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [row[i].rjust(widths[i]) for i in range(1, 5)]
        print("  ".join(cells) + "  " + row[5])
    failed_sites = sum(1 for r in runs if r.errors and not r.fetched)
    print(f"{len(runs)} site(s): {sum(r.new for r in runs)} new, "
          f"{sum(r.updated for r in runs)} updated, {failed_sites} unreachable")
    for run in runs:
        for error in run.errors[1:]:
            print(f"  {run.site_id}: {error}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    sites = select_sites(config.sites, site_ids=args.site, provinces=args.province)
    if not sites:
        print("no sites selected", file=sys.stderr)
        return 0
    store = open_store(config)
    print(f"crawling {len(sites)} site(s)...", file=sys.stderr, flush=True)
    print_summary(crawl_sites(config, sites, store))
    return 0
