"""``aggregator search QUERY``: full-text search of the stored articles; ``--rebuild`` re-indexes.

Output is newest first, exact-diacritic matches first when the query has diacritics. A query
that cannot be parsed, an unknown province or a bad number is bad usage: one line, exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime

from aggregator.commands.crawl_command import open_store
from aggregator.config import load_config
from aggregator.provinces import PROVINCES
from aggregator.schema import Article
from aggregator.search.index import SearchFilters
from aggregator.search.query import QuerySyntaxError, parse_query

EXIT_USAGE = 2


def _usage(message: str) -> int:
    print(f"aggregator search: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def as_json(article: Article) -> dict[str, object]:
    """The contract's fields (id, url, title, published, site, provinces) and a few more."""
    return {"id": article.id, "url": article.url, "title": article.title,
            "published": article.published.isoformat() if article.published else None,
            "site": article.site_id, "kind": article.site_kind,
            "provinces": list(article.provinces), "lead": article.lead}


NAME = "search"
HELP = 'full-text search of stored articles (diacritics optional; "phrase", OR, -word)'


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="?", metavar="QUERY", help="what to search for")
    parser.add_argument("--province", action="append", default=[], metavar="SLUG",
                        help="only articles of this province's feed (repeatable)")
    parser.add_argument("--site", action="append", default=[], metavar="ID",
                        help="only articles of this site (repeatable)")
    parser.add_argument("--kind", choices=["newspaper", "federation"], help="only this kind")
    parser.add_argument("--since", type=int, metavar="DAYS", help="only the last DAYS days")
    parser.add_argument("--limit", type=int, default=20, metavar="N", help="at most N (20)")
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.add_argument("--rebuild", action="store_true",
                        help="rebuild the search index from the stored articles")


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    if args.rebuild:
        store = open_store(config)
        try:
            started = time.perf_counter()
            count = store.rebuild_search_index()
        finally:
            store.close()
        print(f"search index rebuilt: {count} article(s) in {time.perf_counter() - started:.1f} s")
        if args.query is None:
            return 0
    if args.query is None:
        return _usage("give a QUERY (or --rebuild)")
    try:
        query = parse_query(args.query)
    except QuerySyntaxError as exc:
        return _usage(str(exc))
    unknown = [slug for slug in args.province if slug not in PROVINCES]
    if unknown:
        return _usage(f"--province {unknown[0]!r} is not a current province slug")
    if args.limit < 1 or (args.since is not None and args.since < 1):
        return _usage("--limit and --since must be at least 1")
    since = None if args.since is None else int(datetime.now(UTC).timestamp()) - args.since * 86400
    filters = SearchFilters(provinces=tuple(args.province), site_ids=tuple(args.site),
                            kinds=(args.kind,) if args.kind else (), since_ts=since)
    store = open_store(config)
    try:
        found = store.search(query, filters, limit=args.limit)
    finally:
        store.close()
    if args.json:
        json.dump([as_json(article) for article in found], sys.stdout, ensure_ascii=False,
                  indent=1)
        print()
        return 0
    for article in found:
        when = article.published.strftime("%Y-%m-%d %H:%M") if article.published else "-"
        print(f"{when}  {article.site_id:<16} {article.title}\n{'':18}{article.url}")
    print(f"{len(found)} result(s)", file=sys.stderr)
    return 0
