"""``aggregator demo``: the whole pipeline offline, over the bundled sample sites.

Starts the sample sites on 127.0.0.1, writes a throw-away config pointing at them, crawls,
publishes, and serves the feeds until interrupted.
"""

from __future__ import annotations

import argparse
import signal
import tempfile
from pathlib import Path

from aggregator.commands.crawl_command import crawl_sites, print_summary
from aggregator.commands.publish_command import publish_feeds
from aggregator.config import Config, load_config
from aggregator.errors import AggregatorError
from aggregator.sample_sites import SampleSites, default_sample_root


def demo_config_text(sites_toml: str, *, workdir: Path, base_url: str) -> str:
    """Config for the demo: only the sample sites, no age limit (some samples are old)."""
    return (
        "builtin_sites = false\n"
        f'[storage]\nurl = "sqlite:///{workdir / "demo.db"}"\n'
        f'[publish]\ndir = "{workdir / "public"}"\nbase_url = "{base_url}"\n'
        "[crawl]\nmax_age_days = 36500\ndownload_delay = 0\n"
        f"\n{sites_toml}"
    )


def sample_sites_config(sites: SampleSites, *, workdir: Path, base_url: str) -> Config:
    """The demo's config for the running ``sites``, written into ``workdir`` and loaded."""
    config_path = workdir / "demo.toml"
    config_path.write_text(
        demo_config_text(sites.site_entries_toml(), workdir=workdir, base_url=base_url), "utf-8")
    return load_config(str(config_path))


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


NAME = "demo"
HELP = "offline demo over the bundled sample sites"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No arguments."""


def run(args: argparse.Namespace) -> int:
    from feeds.server import FeedServer

    root = default_sample_root()
    if not root.is_dir():
        raise AggregatorError(f"sample sites not found at {root} (a broken installation?)")
    with tempfile.TemporaryDirectory(prefix="aggregator-demo-") as tmp, SampleSites(root) as sites:
        workdir = Path(tmp)
        server = FeedServer(workdir / "public", "127.0.0.1", 0)
        config = sample_sites_config(sites, workdir=workdir, base_url=server.url)
        print("sample sites:")
        for name, url in sorted(sites.base_urls.items()):
            print(f"  {name:12} {url}/")
        print_summary(crawl_sites(config, config.sites))
        # Scrapy's reactor left its own signal handlers behind; serve stops on the usual ones.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _interrupt)
        written, _unchanged = publish_feeds(config)
        print(f"published {written} file(s)\n")
        print(f"open {server.url} (index), or subscribe to:")
        for relative in ("all.atom", "all.rss", "all.json", "feeds.opml"):
            print(f"  {server.url}{relative}")
        print("Ctrl-C to stop", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
    return 0
