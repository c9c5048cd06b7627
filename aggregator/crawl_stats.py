"""Names of a crawl's figures, and how the drops, fix-ups and fallbacks read to a person.

There is one counting system: the Scrapy stats collector of each site's crawler (a site is one
crawler, so its stats are its own). The spider and pipelines count under ``aggregator/<name>``;
the runner turns those stats into a :class:`~aggregator.store.SiteRun`, whose named columns are
the summary's figures and whose ``stats`` keep every other figure (without the prefix). The
crawl summary and ``aggregator status`` read the same names through :func:`describe`, so a page
whose body came from trafilatura, or whose date is the fetch time, is visible per site instead of
hiding behind the fallback (a broken CMS family shows as "body via fallback: 40 of 40 pages").

This module is core: the spiders write these names, the commands read them.
"""

from __future__ import annotations

from collections.abc import Mapping

PREFIX = "aggregator/"
"""Every figure of ours in the Scrapy stats starts with this (Scrapy's own do not)."""

ERRORS = "errors"
"""A list of short, human-readable error lines (at most :data:`MAX_ERRORS`)."""
MAX_ERRORS = 20

# Figures with a column of their own in the store's site runs (the crawl summary's table).
REQUESTS = "requests"
FETCHED = "fetched"
NEW = "new"
UPDATED = "updated"
FAILED = "failed"
NOT_MODIFIED = "not_modified"
"""Feeds, sitemaps and listings answered 304: nothing new, nothing parsed."""
SKIPPED_KNOWN = "skipped_known"
"""Article links not downloaded because the store holds their current version."""
COLUMNS = (REQUESTS, FETCHED, NEW, UPDATED, FAILED, NOT_MODIFIED, SKIPPED_KNOWN)

# Everything else is kept in the run's ``stats``.
UNCHANGED = "unchanged"
PARSED = "parsed"
"""Pages parsed into an article (the "of N pages" of the fallbacks)."""
DROP_NOT_AN_ARTICLE = "drop/not_an_article"
DROP_TOO_OLD = "drop/too_old"
"""Older than ``crawl.max_age_days``: by its feed or sitemap date, or once parsed."""
DROP_UNSTORABLE = "drop/unstorable"
FALLBACK_BODY = "fallback/body"
"""The body is trafilatura's: ours was missing, or weak and theirs better (second opinion)."""
FALLBACK_DATE_FROM_FEED = "fallback/date_from_feed"
"""The page gave no publication date; the feed or sitemap entry did."""
FIXUP_DATE_IS_FETCH_TIME = "fixup/date_is_fetch_time"
"""No publication date anywhere: the fetch time stands in for it."""
FALLBACK_NO_AUTHOR = "fallback/no_author"
FALLBACK_FAMILY_DETECTED = "fallback/family_detected"
"""No ``family`` in the site entry; the CMS family was recognised from the page."""
FIXUP_CUTS_REFUSED = "fixup/cuts_refused"
"""Boilerplate cuts not applied because they would have taken most of a body."""
EXTRACTION = "extraction"
"""``extraction/<field>/<source>``: how many pages took a field from that source."""


def extraction_key(field: str, source: str) -> str:
    return f"{EXTRACTION}/{field}/{source}"


_OF_PARSED = (
    (FALLBACK_BODY, "body via fallback"),
    (FALLBACK_DATE_FROM_FEED, "date from feed"),
    (FIXUP_DATE_IS_FETCH_TIME, "date set to fetch time"),
    (FALLBACK_NO_AUTHOR, "no author"),
    (FALLBACK_FAMILY_DETECTED, "family detected"),
)
_COUNTS = (
    (DROP_NOT_AN_ARTICLE, "not an article"),
    (DROP_TOO_OLD, "too old"),
    (DROP_UNSTORABLE, "not storable"),
    (FIXUP_CUTS_REFUSED, "boilerplate cuts refused"),
)


def describe(stats: Mapping[str, int]) -> list[str]:
    """The run's non-zero fallbacks, fix-ups and drops, e.g. "body via fallback: 12 of 40
    pages", "date from feed: 3" (the first is a share of the pages parsed; the rest are counts)."""
    parsed = stats.get(PARSED, 0)
    parts = [f"{label}: {stats[name]} of {parsed} pages" if name == FALLBACK_BODY
             else f"{label}: {stats[name]}"
             for name, label in _OF_PARSED if stats.get(name)]
    parts += [f"{label}: {stats[name]}" for name, label in _COUNTS if stats.get(name)]
    return parts
