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

from aggregator.errors import AggregatorError, ConfigError

EXIT_OK = 0
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line (and exit 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value!r}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="aggregator", description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--config", metavar="PATH", help="TOML config file "
                        "(default: $AGGREGATOR_CONFIG, then ./aggregator.toml)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    sites = commands.add_parser("sites", help="list registered sites; `sites check` probes them")
    sites.add_argument("action", nargs="?", choices=["check"],
                       help="check: live probe (robots, feeds, sitemaps, one article)")
    sites.add_argument("--site", action="append", default=[], metavar="ID",
                       help="with check: probe only this site (repeatable)")
    sites.add_argument("--province", metavar="SLUG", help="only sites of this province")
    sites.add_argument("--json", action="store_true", help="print JSON instead of a table")
    sites.add_argument("--coverage", action="store_true",
                       help="print the province coverage table (Markdown, as in the README)")

    crawl = commands.add_parser("crawl", help="crawl the selected sites once")
    crawl.add_argument("--site", action="append", default=[], metavar="ID",
                       help="crawl this site (repeatable; default: all)")
    crawl.add_argument("--province", action="append", default=[], metavar="SLUG",
                       help="crawl the sites of this province (repeatable)")

    commands.add_parser("publish", help="(re)write every feed into the output folder")

    serve = commands.add_parser("serve", help="serve the output folder over HTTP")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8080, help="port (default 8080)")

    run = commands.add_parser("run", help="crawl + publish on the configured schedule")
    run.add_argument("--once", action="store_true", help="one crawl + publish cycle, then exit")

    extract = commands.add_parser("extract", help="parse one saved HTML page, print its JSON")
    extract.add_argument("path", metavar="PATH", help="saved HTML file")
    extract.add_argument("--url", required=True, help="the URL the page was fetched from")
    extract.add_argument("--site", metavar="ID", help="site entry to use (default: by URL host)")
    extract.add_argument("--explain", action="store_true",
                         help="also print, on stderr, which CMS family and which source gave "
                              "each field, and why")
    extract.add_argument("--snapshot", metavar="DIR",
                         help="also save the page and its JSON into DIR as a golden test case "
                              "(check the JSON by hand before committing it)")

    status = commands.add_parser("status", help="per-site health from the recorded crawl runs")
    status.add_argument("--site", action="append", default=[], metavar="ID",
                        help="only this site (repeatable)")
    status.add_argument("--json", action="store_true", help="print JSON instead of a table")

    search = commands.add_parser("search", help="full-text search of stored articles "
                                 '(diacritics optional; "phrase", OR, -word)')
    search.add_argument("query", nargs="?", metavar="QUERY", help="what to search for")
    search.add_argument("--province", action="append", default=[], metavar="SLUG",
                        help="only articles of this province's feed (repeatable)")
    search.add_argument("--site", action="append", default=[], metavar="ID",
                        help="only articles of this site (repeatable)")
    search.add_argument("--kind", choices=["newspaper", "federation"], help="only this kind")
    search.add_argument("--since", type=int, metavar="DAYS", help="only the last DAYS days")
    search.add_argument("--limit", type=int, default=20, metavar="N", help="at most N (20)")
    search.add_argument("--json", action="store_true", help="print a JSON array")
    search.add_argument("--rebuild", action="store_true",
                        help="rebuild the search index from the stored articles")

    commands.add_parser("demo", help="offline demo over the bundled sample sites")

    worker = commands.add_parser("worker", help="distributed mode: take crawl/publish jobs from "
                                 "the PostgreSQL store shared with workers on other hosts")
    worker.add_argument("--queues", default="crawl,publish", metavar="crawl,publish",
                        help="queues to take jobs from (default: both; `publish` only on the "
                             "host that owns [publish] dir)")
    worker.add_argument("--concurrency", type=_positive_int, default=1, metavar="N",
                        help="crawl jobs run at once by this worker (default 1)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from aggregator.commands import dispatch

    try:
        return dispatch(args)
    except ConfigError as exc:
        print(f"aggregator: config error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except AggregatorError as exc:
        print(f"aggregator: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
