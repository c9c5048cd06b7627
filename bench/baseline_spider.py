"""What a user would write by hand instead of the aggregator: the benchmark's comparison points.

One plain Scrapy ``SitemapSpider`` over the given sitemaps (sitemap -> each article page), with
the same concurrency the benchmark gives our crawl, in one of two modes:

- ``trafilatura`` (BASELINE): ``trafilatura.bare_extraction`` on every page, results written as
  JSON lines, as a hand-written "Scrapy + trafilatura" pipeline would;
- ``floor`` (FLOOR): only ``lxml.html.fromstring`` on every page, nothing kept but the URL and
  the title, i.e. the cost of fetching and parsing HTML once, which no extractor can beat.

Usage: ``python -m bench.baseline_spider --mode trafilatura --out results.jsonl
--concurrency 16 SITEMAP_URL...``. Prints ``pages N`` (pages turned into a result) at the end.
It imports nothing from this project, so its cost is Scrapy's, trafilatura's and lxml's alone.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from typing import Any

import lxml.html
import trafilatura
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response
from scrapy.spiders import SitemapSpider


class BaselineSpider(SitemapSpider):
    """Sitemap -> every listed page -> one result per page."""

    name = "baseline"

    def __init__(self, sitemaps: Sequence[str], mode: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sitemap_urls = list(sitemaps)
        self.mode = mode

    def parse(self, response: Response) -> Iterator[dict[str, Any]]:
        if self.mode == "floor":
            root = lxml.html.fromstring(response.text)
            yield {"url": response.url, "title": root.findtext(".//title")}
            return
        document = trafilatura.bare_extraction(response.text, url=response.url, with_metadata=True)
        if document is None:
            return
        result = document.as_dict() if hasattr(document, "as_dict") else dict(document)
        yield {key: result.get(key) for key in ("url", "title", "author", "date", "description",
                                                "text", "categories", "tags", "image")}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sitemaps", nargs="+")
    parser.add_argument("--mode", choices=("trafilatura", "floor"), default="trafilatura")
    parser.add_argument("--out", required=True, help="JSON lines file of the results")
    parser.add_argument("--concurrency", type=int, default=16, help="requests per domain")
    args = parser.parse_args(argv)
    domains = len({url.split("/")[2] for url in args.sitemaps})
    process = CrawlerProcess({
        "USER_AGENT": "baseline-bench/1.0",
        "ROBOTSTXT_OBEY": True,
        "CONCURRENT_REQUESTS": args.concurrency * domains,
        "CONCURRENT_REQUESTS_PER_DOMAIN": args.concurrency,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "FEEDS": {args.out: {"format": "jsonlines", "encoding": "utf-8", "overwrite": True}},
    })
    crawler = process.create_crawler(BaselineSpider)
    process.crawl(crawler, sitemaps=args.sitemaps, mode=args.mode)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    print(json.dumps({"pages": stats.get("item_scraped_count", 0),
                      "responses": stats.get("response_received_count", 0)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
