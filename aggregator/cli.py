"""Command line: ``aggregator [--config PATH] COMMAND ...`` (the composition root).

Only this layer (and the commands it dispatches to) wires the core to ``spiders`` and ``feeds``.
Bad usage and bad configuration print one line and exit 2, never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import NoReturn

from aggregator.commands import (
    Command,
    crawl_command,
    demo_command,
    extract_command,
    publish_command,
    run_command,
    search_command,
    serve_command,
    sites_command,
    status_command,
    worker_command,
)
from aggregator.errors import AggregatorError, ConfigError

EXIT_OK = 0
EXIT_USAGE = 2

COMMANDS: tuple[Command, ...] = (
    sites_command, crawl_command, publish_command, serve_command, run_command, extract_command,
    status_command, search_command, demo_command, worker_command,
)
"""Every command, in the order ``--help`` lists them; each module owns its arguments and run."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line (and exit 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="aggregator", description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--config", metavar="PATH", help="TOML config file "
                        "(default: $AGGREGATOR_CONFIG, then ./aggregator.toml)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    for command in COMMANDS:
        sub = subparsers.add_parser(command.NAME, help=command.HELP)
        command.add_arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return int(args.run(args))
    except ConfigError as exc:
        print(f"aggregator: config error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except AggregatorError as exc:
        print(f"aggregator: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
