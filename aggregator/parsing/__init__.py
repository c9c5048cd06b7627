"""Pure page parsers: ``parse_article(url, html, site) -> Article`` (no network, no Scrapy)."""

from aggregator.parsing.extract import Extraction, FetchHints, extract_article, parse_article
from aggregator.parsing.page import decode_html

__all__ = ["Extraction", "FetchHints", "decode_html", "extract_article", "parse_article"]
