"""``aggregator sites check``: a live probe of site entries for operators.

It does what the crawler would do, once and slowly enough to read: robots.txt, feed and sitemap
discovery, one article extracted with its field coverage, and a one-line verdict per site.
Plain ``urllib`` is enough here (a handful of sequential requests), so no reactor is started.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urljoin

from aggregator.errors import NotAnArticle
from aggregator.parsing import decode_html, parse_article
from aggregator.registry import SiteEntry
from spiders.discovery import (
    alternate_feeds,
    feed_entries,
    listing_links,
    parse_xml,
    robots_sitemaps,
    sitemap_entries,
)

# Where CMSs usually publish feeds and sitemaps when a page does not advertise them.
FEED_GUESSES = ("/feed/", "/rss/home.rss", "/rss.xml")
SITEMAP_GUESSES = ("/sitemap.xml", "/wp-sitemap.xml")


class Forbidden(Exception):
    """The site answered 403 to our user agent."""


@dataclass
class ProbeResult:
    site_id: str
    verdict: str = ""
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    article_url: str | None = None
    coverage: dict[str, bool] = field(default_factory=dict)


def _fetch(url: str, user_agent: str, timeout: float) -> tuple[bytes, str | None] | None:
    """Body and content type, None for a 404/other failure; Forbidden on 403."""
    request = urllib.request.Request(url, headers={"User-Agent": user_agent})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read(), response.headers.get("Content-Type")
    except urllib.error.HTTPError as exc:
        if exc.code == 403:
            raise Forbidden(url) from None
        return None


def probe_site(site: SiteEntry, *, user_agent: str, timeout: float = 15) -> ProbeResult:
    result = ProbeResult(site.id)
    try:
        return _probe(site, result, user_agent, timeout)
    except Forbidden as exc:
        result.verdict = f"403 to our user agent ({exc})"
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        result.verdict = f"unreachable: {reason}"
    return result


def _probe(site: SiteEntry, result: ProbeResult, user_agent: str, timeout: float) -> ProbeResult:
    robots = _fetch(urljoin(site.url, "/robots.txt"), user_agent, timeout)
    home = _fetch(site.url, user_agent, timeout)
    if home is None:
        result.verdict = "home page not found"
        return result
    home_html = decode_html(home[0], content_type=home[1])
    candidates = [*site.feeds, *alternate_feeds(home_html, site.url),
                  *(urljoin(site.url, g) for g in FEED_GUESSES)]
    articles: list[str] = []
    for url in dict.fromkeys(candidates):
        body = _fetch(url, user_agent, timeout)
        root = parse_xml(body[0]) if body else None
        entries = list(feed_entries(root, url)) if root is not None else []
        if entries:
            result.feeds.append(url)
            articles += [e.url for e in entries]
    sitemap_urls = [*site.sitemaps, *(robots_sitemaps(robots[0].decode("utf-8", "replace"),
                                                       site.url) if robots else []),
                    *(urljoin(site.url, g) for g in SITEMAP_GUESSES)]
    for url in dict.fromkeys(sitemap_urls):
        body = _fetch(url, user_agent, timeout)
        root = parse_xml(body[0]) if body else None
        if root is None:
            continue
        children, pages = sitemap_entries(root, url)
        for child in children[:3]:
            child_body = _fetch(child, user_agent, timeout)
            child_root = parse_xml(child_body[0]) if child_body else None
            if child_root is not None:
                pages += sitemap_entries(child_root, child)[1]
        if pages or children:
            result.sitemaps.append(url)
            articles += [p.url for p in pages]
    for listing in site.listings or (site.url,):
        page = _fetch(listing, user_agent, timeout)
        if page:
            articles += listing_links(decode_html(page[0], content_type=page[1]), listing,
                                      site.article_url_regex)[0]
    pattern = site.article_url_regex
    articles = [u for u in dict.fromkeys(articles) if pattern is None or pattern.search(u)]
    if not articles:
        result.verdict = "no article found (check feeds, listings and article_url)"
        return result
    result.article_url = articles[0]
    page = _fetch(articles[0], user_agent, timeout)
    if page is None:
        result.verdict = f"article not reachable: {articles[0]}"
        return result
    try:
        article = parse_article(articles[0], decode_html(page[0], content_type=page[1]), site)
    except NotAnArticle:
        result.verdict = f"layout changed: no body ({articles[0]})"
        return result
    result.coverage = {"title": bool(article.title), "date": article.published is not None,
                       "lead": bool(article.lead), "body": bool(article.body_text),
                       "authors": bool(article.authors)}
    if result.feeds:
        result.verdict = "ok"
    elif result.sitemaps:
        result.verdict = "no feed found — using sitemaps"
    else:
        result.verdict = "no feed found — using listings"
    return result
