"""``aggregator publish``: (re)write every feed into the output folder, atomically."""

from __future__ import annotations

import argparse
import tempfile
from typing import TYPE_CHECKING

from aggregator.commands.crawl_command import open_store
from aggregator.config import Config, load_config
from aggregator.errors import ConfigError, PublishError

if TYPE_CHECKING:
    from feeds.publish import PublishReport


def check_output_dir(config: Config) -> None:
    """Create the output folder and prove it is writable, before any work is done.

    A folder that cannot be written (a path under a regular file, a read-only mount, wrong
    owner) is a configuration mistake: it is reported as one line naming ``publish.dir``.
    """
    out_dir = config.publish.dir
    if out_dir.exists() and not out_dir.is_dir():
        raise ConfigError(f"{str(out_dir)!r} is a file, not a folder", source=config.source,
                          key="publish.dir")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out_dir, prefix=".write-check."):
            pass
    except OSError as exc:
        raise ConfigError(f"output folder {str(out_dir)!r} is not writable: "
                          f"{exc.strerror or exc}", source=config.source,
                          key="publish.dir") from None


def publish_feeds(config: Config) -> tuple[int, int]:
    """Publish and return (files written, files unchanged)."""
    report = publish_report(config)
    return len(report.written), len(report.unchanged)


def publish_report(config: Config) -> PublishReport:
    """Publish; the report names the files written (a WebSub ping announces those)."""
    from feeds.publish import publish

    check_output_dir(config)
    store = open_store(config)
    try:
        report = publish(store, config.sites, out_dir=config.publish.dir,
                         base_url=config.publish.base_url,
                         max_entries=config.publish.max_entries,
                         hub=config.publish.websub_hub,
                         ttl_minutes=max(1, config.every_seconds // 60),
                         topics=config.topics)
    except OSError as exc:  # disk full, folder removed mid-run: the old files stay published
        raise PublishError(f"cannot write feeds into {str(config.publish.dir)!r}: "
                           f"{exc.strerror or exc}") from None
    finally:
        store.close()
    return report


NAME = "publish"
HELP = "(re)write every feed into the output folder"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No arguments."""


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    written, unchanged = publish_feeds(config)
    print(f"published to {config.publish.dir}: {written} file(s) written, "
          f"{unchanged} unchanged")
    return 0
