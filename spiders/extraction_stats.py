"""Where each parsed page's fields came from, as crawl stats.

Per page: ``extraction/<field>/<source>`` for every field (the source named as in the field's
ordered source list, without the selector that matched, so a site has a handful of keys, not
one per selector), and one fallback or fix-up counter for each way the page fell back (body
from trafilatura, date from the feed, no author, family detected rather than declared).
"""

from __future__ import annotations

from collections.abc import Sequence

from aggregator import crawl_stats
from aggregator.parsing import Extraction
from aggregator.parsing.author_sources import AUTHOR_SOURCES
from aggregator.parsing.body_choice import BODY_SOURCES
from aggregator.parsing.lead import LEAD_SOURCES
from aggregator.parsing.provenance import source_names
from aggregator.parsing.published import PUBLISHED_SOURCES
from aggregator.parsing.title import TITLE_SOURCES
from spiders.stats import SiteStats

_NAMES: dict[str, tuple[str, ...]] = {
    field: tuple(sorted(source_names(sources), key=len, reverse=True))
    for field, sources in (("title", TITLE_SOURCES), ("lead", LEAD_SOURCES),
                           ("body", BODY_SOURCES), ("published", PUBLISHED_SOURCES),
                           ("authors", AUTHOR_SOURCES))
}
FEED_DATE = "feed/sitemap date"
TRAFILATURA = "trafilatura"


def source_label(field: str, source: str) -> str:
    """The listed source name within ``source`` ("wordpress-sahifa family rule div.entry" ->
    "family rule"); a source outside the list ("trafilatura (second opinion)", "none",
    "article:published_time") as it is."""
    names: Sequence[str] = _NAMES.get(field, ())
    return next((name for name in names if name in source), source)


def count_extraction(stats: SiteStats, extraction: Extraction) -> None:
    stats.inc(crawl_stats.PARSED)
    sources = extraction.sources
    for field, source in sources.items():
        stats.inc(crawl_stats.extraction_key(field, source_label(field, source)))
    if sources.get("body", "").startswith(TRAFILATURA):
        stats.inc(crawl_stats.FALLBACK_BODY)
    if sources.get("published") == FEED_DATE:
        stats.inc(crawl_stats.FALLBACK_DATE_FROM_FEED)
    if not extraction.article.authors:
        stats.inc(crawl_stats.FALLBACK_NO_AUTHOR)
    if extraction.family_how == "detected":
        stats.inc(crawl_stats.FALLBACK_FAMILY_DETECTED)
    if extraction.cuts_refused:
        stats.inc(crawl_stats.FIXUP_CUTS_REFUSED, extraction.cuts_refused)
