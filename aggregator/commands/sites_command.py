"""``aggregator sites``: list registered sites (built-in + config)."""

from __future__ import annotations

import argparse
import json

from aggregator.commands.selection import select_sites
from aggregator.config import load_config
from aggregator.provinces import PROVINCES, province_name
from aggregator.registry import SiteEntry


def coverage_table(sites: list[SiteEntry]) -> str:
    """Markdown table province -> sites (family, verified), generated so the README never drifts."""
    lines = ["| province | sites (family, verified) |", "|---|---|"]
    by_province: dict[str | None, list[SiteEntry]] = {}
    for site in sites:
        by_province.setdefault(site.province, []).append(site)
    for slug in [None, *PROVINCES]:
        entries = by_province.get(slug, [])
        label = province_name(slug) if slug else "(national)"
        cells = ", ".join(
            f"{s.id} ({s.family or 'generic'}, {'verified' if s.verified else 'unverified'})"
            for s in entries) or "**none**"
        lines.append(f"| {label} | {cells} |")
    return "\n".join(lines)


def check(sites: list[SiteEntry], user_agent: str, timeout: int) -> int:
    from aggregator.commands.site_probe import probe_site

    for site in sites:
        result = probe_site(site, user_agent=user_agent, timeout=timeout)
        fields = ", ".join(f"{k} {'yes' if v else 'no'}" for k, v in result.coverage.items())
        print(f"{site.id}: {result.verdict}" + (f" [{fields}]" if fields else ""), flush=True)
    return 0


NAME = "sites"
HELP = "list registered sites; `sites check` probes them"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", nargs="?", choices=["check"],
                        help="check: live probe (robots, feeds, sitemaps, one article)")
    parser.add_argument("--site", action="append", default=[], metavar="ID",
                        help="with check: probe only this site (repeatable)")
    parser.add_argument("--province", metavar="SLUG", help="only sites of this province")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--coverage", action="store_true",
                        help="print the province coverage table (Markdown, as in the README)")


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    sites = select_sites(config.sites, site_ids=args.site,
                         provinces=[args.province] if args.province else [])
    if args.action == "check":
        return check(sites, config.crawl.user_agent, config.crawl.download_timeout)
    if args.coverage:
        print(coverage_table(sites))
        return 0
    if args.json:
        print(json.dumps([
            {
                "id": s.id, "name": s.name, "kind": s.kind, "province": s.province,
                "province_name": province_name(s.province) if s.province else None,
                "url": s.url, "discovery": list(s.discovery_methods), "feeds": list(s.feeds),
                "sitemaps": list(s.sitemaps), "listings": list(s.listings),
                "family": s.family, "verified": s.verified, "source": s.source,
            }
            for s in sites
        ], ensure_ascii=False, indent=2))
        return 0
    rows = [("ID", "KIND", "PROVINCE", "DISCOVERY", "VERIFIED", "NAME")]
    rows += [(s.id, s.kind, s.province or "(national)", ",".join(s.discovery_methods),
              "yes" if s.verified else "no", s.name) for s in sites]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
              + "  " + row[5])
    print(f"{len(sites)} site(s)")
    return 0
