"""``aggregator extract PATH --url URL``: parse one saved page, print the article as JSON.

With ``--snapshot DIR`` the page and a gold-set expectation prefilled from the parse are also
saved into DIR (see :mod:`aggregator.parsing.gold`), so a page that parses badly becomes a test
case in one command: check the JSON by hand, fix the parser until the test passes, commit.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from aggregator.config import load_config
from aggregator.errors import AggregatorError, ConfigError
from aggregator.parsing import Extraction, decode_html, extract_article
from aggregator.parsing.gold import TODO_KEY, expectation_from, write_snapshot
from aggregator.registry import SiteEntry
from aggregator.schema import article_as_dict


def _site_for(url: str, sites: list[SiteEntry], site_id: str | None) -> SiteEntry | None:
    if site_id:
        for site in sites:
            if site.id == site_id:
                return site
        raise ConfigError(f"unknown site id {site_id!r}", key="--site")
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    for site in sites:
        if (urlsplit(site.url).hostname or "").removeprefix("www.") == host:
            return site
    return None


def explanation(extraction: Extraction) -> str:
    """Which family and which source gave each field, and why: how an operator debugs a new
    site ("body: generic selector article .entry-content (strong: 1630 of 1702 characters in
    paragraphs)")."""
    family = (f"{extraction.family} ({extraction.family_how})" if extraction.family
              else "none (generic rules)")
    lines = [f"family: {family}"]
    for name, source in extraction.sources.items():
        why = extraction.evidence.get(name)
        lines.append(f"{name}: {source}" + (f" ({why})" if why else ""))
    if extraction.cuts_refused:
        lines.append(f"boilerplate cuts refused (would have taken most of the body): "
                     f"{extraction.cuts_refused}")
    return "\n".join(lines)


NAME = "extract"
HELP = "parse one saved HTML page, print its JSON"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="saved HTML file")
    parser.add_argument("--url", required=True, help="the URL the page was fetched from")
    parser.add_argument("--site", metavar="ID", help="site entry to use (default: by URL host)")
    parser.add_argument("--explain", action="store_true",
                        help="also print, on stderr, which CMS family and which source gave "
                             "each field, and why")
    parser.add_argument("--snapshot", metavar="DIR",
                        help="also save the page and its JSON into DIR as a golden test case "
                             "(check the JSON by hand before committing it)")


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    path = Path(args.path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise AggregatorError(f"cannot read {path}: {exc.strerror}") from None
    site = _site_for(args.url, config.sites, args.site)
    now = datetime.now(UTC)
    extraction = extract_article(args.url, decode_html(raw), site, now=now)
    article = extraction.article
    print(json.dumps(article_as_dict(article), ensure_ascii=False, indent=2))
    if args.explain:
        print(explanation(extraction), file=sys.stderr)
    if args.snapshot:
        expected = expectation_from(article, args.url, site, now=now)
        try:
            html_path, json_path = write_snapshot(Path(args.snapshot), raw, expected)
        except OSError as exc:
            raise AggregatorError(f"--snapshot: {exc}") from None
        # stdout stays one JSON object (the command's contract); the note goes to stderr.
        print(f"wrote {html_path} and {json_path}; check every field of the JSON against the "
              f"page, then delete its {TODO_KEY!r} key", file=sys.stderr)
    return 0
