"""``aggregator publish``: (re)write every feed into the output folder, atomically."""

from __future__ import annotations

import argparse

from aggregator.commands.crawl_command import open_store
from aggregator.config import Config, load_config


def publish_feeds(config: Config) -> tuple[int, int]:
    """Publish and return (files written, files unchanged)."""
    from feeds.publish import publish

    store = open_store(config)
    try:
        report = publish(store, config.sites, out_dir=config.publish.dir,
                         base_url=config.publish.base_url,
                         max_entries=config.publish.max_entries,
                         ttl_minutes=max(1, config.every_seconds // 60))
    finally:
        store.close()
    return len(report.written), len(report.unchanged)


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    written, unchanged = publish_feeds(config)
    print(f"published to {config.publish.dir}: {written} file(s) written, "
          f"{unchanged} unchanged")
    return 0
