"""Pure page parsers: ``parse_article(url, html, site) -> Article`` (no network, no Scrapy)."""

from aggregator.parsing.extract import FetchHints, parse_article
from aggregator.parsing.page import decode_html

__all__ = ["FetchHints", "decode_html", "parse_article"]
