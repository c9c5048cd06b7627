"""The child process of one crawl job: ``python -m aggregator.distributed.crawl_child --site ID``.

Not ``aggregator crawl --site ID``: that command holds the store's host-wide crawl lock
(:mod:`aggregator.run_lock`), which would keep two workers on one host (or one worker with
``--concurrency 2``) from crawling two different sites. Here the job's Procrastinate lock is
what keeps a site to one crawl, cluster-wide.

Prints the site's figures as one JSON line on stdout, which the worker reads to decide whether
the crawl changed the store (and a publish is due). Exit 2 with one line on a bad config.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence

from aggregator.commands.crawl_command import open_store
from aggregator.config import load_config
from aggregator.errors import ConfigError


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="aggregator-crawl-child")
    parser.add_argument("--config")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--site", required=True)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from spiders.runner import run_crawl  # lazy: Scrapy takes ~0.6 s to import

    try:
        config = load_config(args.config)
        sites = [site for site in config.sites if site.id == args.site]
        if not sites:
            raise ConfigError(f"no site {args.site!r} in this config", source=config.source)
        store = open_store(config)
    except ConfigError as exc:
        print(f"aggregator: config error: {exc}", file=sys.stderr)
        return 2
    try:
        [run] = run_crawl(config, sites, store)
    finally:
        store.close()
    print(json.dumps({"site": run.site_id, "requests": run.requests, "fetched": run.fetched,
                      "new": run.new, "updated": run.updated, "failed": run.failed,
                      "not_modified": run.not_modified, "errors": list(run.errors[:3])},
                     ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
