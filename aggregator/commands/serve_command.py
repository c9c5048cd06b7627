"""``aggregator serve``: serve the output folder over HTTP with caching headers, and answer
``/search`` from the store."""

from __future__ import annotations

import argparse

from aggregator.commands.crawl_command import open_store
from aggregator.config import load_config
from aggregator.errors import AggregatorError


def run(args: argparse.Namespace) -> int:
    from feeds.search_pages import SearchPages
    from feeds.server import serve

    config = load_config(args.config)
    store = open_store(config)
    pages = SearchPages(store, config.sites, config.publish.base_url)
    try:
        serve(config.publish.dir, args.host, args.port, pages.respond)
    except OSError as exc:
        raise AggregatorError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    finally:
        store.close()
    return 0
