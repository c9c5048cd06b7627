"""``aggregator extract PATH --url URL``: parse one saved page, print the article as JSON."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from urllib.parse import urlsplit

from aggregator.config import load_config
from aggregator.errors import AggregatorError, ConfigError
from aggregator.parsing import decode_html, parse_article
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


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    path = Path(args.path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise AggregatorError(f"cannot read {path}: {exc.strerror}") from None
    site = _site_for(args.url, config.sites, args.site)
    article = parse_article(args.url, decode_html(raw), site)
    print(json.dumps(article_as_dict(article), ensure_ascii=False, indent=2))
    return 0
