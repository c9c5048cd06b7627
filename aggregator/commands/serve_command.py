"""``aggregator serve``: serve the output folder over HTTP with caching headers."""

from __future__ import annotations

import argparse

from aggregator.config import load_config
from aggregator.errors import AggregatorError


def run(args: argparse.Namespace) -> int:
    from feeds.server import serve

    config = load_config(args.config)
    try:
        serve(config.publish.dir, args.host, args.port)
    except OSError as exc:
        raise AggregatorError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    return 0
