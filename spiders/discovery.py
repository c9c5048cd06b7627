"""Find article URLs in feeds, sitemaps, robots.txt and listing pages.

XML is parsed with a hardened lxml parser (no entity resolution, no network, no huge trees),
since feeds and sitemaps come from servers we do not control.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html

from aggregator.dates import parse_feed_date
from aggregator.text import normalize_text

_XML_PARSER = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                                   recover=True, remove_comments=True)
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json",
               "application/xml", "text/xml")
_NEXT_PAGE_TEXT = {"trang sau", "sau", "tiếp", "»", "›", ">", "next", "xem tiếp", "trang tiếp"}
_SKIP_LINK_PARTS = re.compile(
    r"/(?:tag|tags|category|chuyen-muc|author|page|search|tim-kiem|lien-he|gioi-thieu|rss|feed)"
    r"(?:/|$)|\.(?:jpe?g|png|gif|pdf|docx?|xlsx?|zip|mp4|mp3)$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Discovered:
    """An article URL with what the index said about it."""

    url: str
    published: datetime | None = None
    title: str | None = None
    updated: datetime | None = None
    """Atom/RSS ``<updated>`` or sitemap ``<lastmod>``: tells a known article was edited."""

    @property
    def changed_at(self) -> datetime | None:
        """The latest date the index gives: an article we fetched before this is current."""
        dates = [d for d in (self.published, self.updated) if d is not None]
        return max(dates) if dates else None


def _local(tag: object) -> str:
    return tag.split("}", 1)[-1].lower() if isinstance(tag, str) else ""


def parse_xml(body: bytes) -> lxml.etree._Element | None:
    """Parse feed/sitemap bytes; None when they are not XML at all."""
    try:
        root = lxml.etree.fromstring(body.strip(), parser=_XML_PARSER)
    except lxml.etree.XMLSyntaxError:
        return None
    return root


def _child_text(element: lxml.etree._Element, *names: str) -> str | None:
    for child in element:
        if _local(child.tag) in names:
            text = "".join(child.itertext()).strip()
            if text:
                return text
            href = child.get("href")
            if href and child.get("rel", "alternate") == "alternate":
                return href.strip()
    return None


def feed_entries(root: lxml.etree._Element, base_url: str) -> Iterator[Discovered]:
    """Items of an RSS 2.0/1.0 or Atom feed (whitespace around links is common; stripped)."""
    for element in root.iter():
        name = _local(element.tag)
        if name not in ("item", "entry"):
            continue
        link = _child_text(element, "link")
        if not link:
            guid = _child_text(element, "guid", "id")
            link = guid if guid and guid.startswith("http") else None
        if not link:
            continue
        date_text = _child_text(element, "pubdate", "published", "updated", "date", "issued")
        yield Discovered(
            url=urljoin(base_url, normalize_text(link)),
            published=parse_feed_date(date_text),
            title=normalize_text(_child_text(element, "title")) or None,
            updated=parse_feed_date(_child_text(element, "updated", "modified")),
        )


def sitemap_entries(root: lxml.etree._Element, base_url: str) -> tuple[list[str], list[Discovered]]:
    """(child sitemaps, page URLs) of a sitemap index or urlset, incl. news sitemaps."""
    children: list[str] = []
    pages: list[Discovered] = []
    kind = _local(root.tag)
    for element in root:
        if _local(element.tag) not in ("sitemap", "url"):
            continue
        loc = None
        published = None
        updated = None
        title = None
        for child in element.iter():
            name = _local(child.tag)
            text = (child.text or "").strip()
            if name == "loc" and not loc:
                loc = text
            elif name == "publication_date" and text:
                published = parse_feed_date(text)
            elif name == "lastmod" and text:
                updated = parse_feed_date(text)
            elif name == "title" and text:
                title = normalize_text(text)
        if not loc:
            continue
        url = urljoin(base_url, loc)
        if kind == "sitemapindex":
            children.append(url)
        else:
            # A plain sitemap has only <lastmod>: the best publication date it offers.
            pages.append(Discovered(url=url, published=published or updated, title=title,
                                    updated=updated))
    return children, pages


def robots_sitemaps(text: str, base_url: str) -> list[str]:
    """``Sitemap:`` lines of a robots.txt."""
    found = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            found.append(urljoin(base_url, value.strip()))
    return found


def alternate_feeds(html: str, base_url: str) -> list[str]:
    """Feeds a page advertises with ``<link rel="alternate" type="application/rss+xml">``."""
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return []
    feeds = []
    for link in tree.iterfind(".//link"):
        rel = (link.get("rel") or "").lower().split()
        if "alternate" in rel and (link.get("type") or "").lower() in _FEED_TYPES and link.get("href"):
            feeds.append(urljoin(base_url, link.get("href", "").strip()))
    return list(dict.fromkeys(feeds))


def listing_links(html: str, base_url: str, article_url: re.Pattern[str] | None
                  ) -> tuple[list[str], list[str]]:
    """(article URLs, next-page URLs) found on a listing page.

    With an ``article_url`` regex only matching links count; without one, same-host links that
    look like article pages (``.html`` or a numeric id, not a tag/category/page path) count.
    """
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return [], []
    host = urlsplit(base_url).netloc
    articles: list[str] = []
    next_pages: list[str] = []
    for anchor in tree.iterfind(".//a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        url = urljoin(base_url, href).split("#", 1)[0]
        if urlsplit(url).netloc != host:
            continue
        rel = (anchor.get("rel") or "").lower().split()
        classes = (anchor.get("class") or "").lower().split()
        text = normalize_text(anchor.text_content()).lower()
        parent_id = (anchor.getparent().get("id") or "") if anchor.getparent() is not None else ""
        if "next" in rel or "next" in classes or text in _NEXT_PAGE_TEXT or parent_id == "tie-next-page":
            next_pages.append(url)
            continue
        path = urlsplit(url).path
        if article_url is not None:
            if article_url.search(url):
                articles.append(url)
        elif not _SKIP_LINK_PARTS.search(path) and re.search(r"(\.html?$|\d{4,})", path):
            articles.append(url)
    for link in tree.iterfind(".//link"):
        if "next" in (link.get("rel") or "").lower().split() and link.get("href"):
            next_pages.append(urljoin(base_url, link.get("href", "").strip()))
    return list(dict.fromkeys(articles)), list(dict.fromkeys(next_pages))
