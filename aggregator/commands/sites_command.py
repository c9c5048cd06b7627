"""``aggregator sites``: list registered sites (built-in + config)."""

from __future__ import annotations

import argparse
import json

from aggregator.commands.selection import select_sites
from aggregator.config import load_config
from aggregator.provinces import province_name


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    sites = select_sites(config.sites, provinces=[args.province] if args.province else [])
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
