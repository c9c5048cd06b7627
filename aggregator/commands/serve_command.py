"""``aggregator serve``: serve the output folder over HTTP with caching headers, and answer
``/search`` and ``/metrics`` (Prometheus text format, :mod:`aggregator.metrics`) from the store."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from aggregator.commands.crawl_command import open_store
from aggregator.config import Config, load_config
from aggregator.errors import AggregatorError
from aggregator.store import ArticleStore

if TYPE_CHECKING:
    from feeds.search_pages import SearchResponse

METRICS_PATH = "/metrics"


def dynamic_pages(config: Config, store: ArticleStore) -> Callable[[str], SearchResponse | None]:
    """The answers ``serve`` computes per request: ``/metrics``, then the search pages."""
    from prometheus_client import CONTENT_TYPE_LATEST

    from aggregator.metrics import metrics_text
    from feeds.search_pages import SearchPages, SearchResponse

    pages = SearchPages(store, config.sites, config.publish.base_url)

    def respond(target: str) -> SearchResponse | None:
        if urlsplit(target).path == METRICS_PATH:
            return SearchResponse(200, metrics_text(store), CONTENT_TYPE_LATEST)
        return pages.respond(target)

    return respond


NAME = "serve"
HELP = "serve the output folder over HTTP"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port (default 8080)")


def run(args: argparse.Namespace) -> int:
    from feeds.server import serve

    config = load_config(args.config)
    store = open_store(config)
    try:
        serve(config.publish.dir, args.host, args.port, dynamic_pages(config, store))
    except OSError as exc:
        raise AggregatorError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    finally:
        store.close()
    return 0
